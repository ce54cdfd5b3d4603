//! Pointer and keyboard gestures on the canvas, as one small state machine.
//!
//! A gesture starts on `pointerdown` (on the background, a node, an output port or a palette
//! item), follows `pointermove` on the window and ends on `pointerup` wherever the pointer is,
//! so a drag that leaves the canvas still ends cleanly. Playwright's `dragTo` is exactly such a
//! down–move–up sequence.

use design::layout::NODE_HEIGHT;
use design::Position;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

use super::geometry::{Rect, Viewport};
use super::kinds::PALETTE;
use super::state::{Editor, Moving};
use crate::browser;

/// Below this many pixels of travel a press is a click, not a drag.
const CLICK_SLOP: f64 = 3.0;

enum Drag {
    /// Dragging the empty background: pan.
    Pan { start: Viewport },
    /// Dragging nodes (they know where they began).
    Move(Moving),
    /// From an output port: records flow from `from`.
    Connect { from: String, port: Position },
    /// Shift-drag on the background: rubber band selection.
    Band { from: Position },
    /// From the palette: a new node of `PALETTE[entry]`.
    Place { entry: usize },
}

struct Gesture {
    drag: Drag,
    /// Client coordinates where it started.
    from: (f64, f64),
    /// The canvas element's client rectangle (left, top, width, height) when it started.
    canvas: (f64, f64, f64, f64),
    moved: bool,
}

/// What the canvas draws for a gesture in progress, and the gesture itself.
#[derive(Clone, Copy)]
pub struct Gestures {
    pub editor: Editor,
    pub svg: NodeRef<leptos::svg::Svg>,
    current: StoredValue<Option<Gesture>>,
    /// The line being drawn from an output port (world coordinates).
    pub link: RwSignal<Option<(Position, Position)>>,
    /// The rubber band (world coordinates).
    pub band: RwSignal<Option<Rect>>,
    /// The palette item following the pointer: client position and palette index.
    pub ghost: RwSignal<Option<(f64, f64, usize)>>,
}

fn client(ev: &web_sys::MouseEvent) -> (f64, f64) {
    (f64::from(ev.client_x()), f64::from(ev.client_y()))
}

impl Gestures {
    pub fn new(editor: Editor) -> Self {
        Self {
            editor,
            svg: NodeRef::new(),
            current: StoredValue::new(None),
            link: RwSignal::new(None),
            band: RwSignal::new(None),
            ghost: RwSignal::new(None),
        }
    }

    fn canvas_rect(&self) -> (f64, f64, f64, f64) {
        self.svg
            .get_untracked()
            .map(|svg| browser::rect(&svg))
            .unwrap_or((0.0, 0.0, 0.0, 0.0))
    }

    /// The world point under a client point, given the canvas rectangle.
    fn world(&self, canvas: (f64, f64, f64, f64), at: (f64, f64)) -> Position {
        self.editor
            .view()
            .get_untracked()
            .to_world(at.0 - canvas.0, at.1 - canvas.1)
    }

    fn begin(&self, drag: Drag, ev: &web_sys::MouseEvent) {
        let canvas = self.canvas_rect();
        self.editor.set_canvas_size((canvas.2, canvas.3));
        self.current.set_value(Some(Gesture {
            drag,
            from: client(ev),
            canvas,
            moved: false,
        }));
    }

    /// `pointerdown` on the canvas background.
    pub fn on_background(&self, ev: &web_sys::PointerEvent) {
        if ev.button() != 0 {
            return;
        }
        ev.prevent_default();
        let canvas = self.canvas_rect();
        if ev.shift_key() {
            let from = self.world(canvas, client(ev));
            self.band.set(Some(Rect::spanning(from, from)));
            self.begin(Drag::Band { from }, ev);
        } else {
            let start = self.editor.view().get_untracked();
            self.begin(Drag::Pan { start }, ev);
        }
    }

    /// `pointerdown` on a node: select it (shift toggles) and start moving the selection.
    pub fn on_node(&self, id: &str, ev: &web_sys::PointerEvent) {
        if ev.button() != 0 {
            return;
        }
        ev.stop_propagation();
        ev.prevent_default();
        let e = self.editor;
        if ev.shift_key() {
            e.toggle_selected(id);
        } else if !e.selection().with_untracked(|s| s.contains(id)) {
            e.select_only(id);
        }
        if !e.selection().with_untracked(|s| s.contains(id)) {
            return;
        }
        if let Some(moving) = e.start_move() {
            self.begin(Drag::Move(moving), ev);
        }
    }

    /// `pointerdown` on a node's output port: start drawing an edge.
    pub fn on_port(&self, id: &str, ev: &web_sys::PointerEvent) {
        if ev.button() != 0 {
            return;
        }
        ev.stop_propagation();
        ev.prevent_default();
        if self.editor.read_only().get_untracked() {
            return;
        }
        let Some(slot) = self.editor.slot(id) else {
            return;
        };
        let p = slot.pos().get_untracked();
        let port = Position {
            x: p.x + design::layout::NODE_WIDTH,
            y: p.y + NODE_HEIGHT / 2.0,
        };
        self.link.set(Some((port, port)));
        self.begin(
            Drag::Connect {
                from: id.to_owned(),
                port,
            },
            ev,
        );
    }

    /// `pointerdown` on a palette item: a new node follows the pointer until it is dropped.
    pub fn on_palette(&self, entry: usize, ev: &web_sys::PointerEvent) {
        if ev.button() != 0 || self.editor.read_only().get_untracked() {
            return;
        }
        ev.prevent_default();
        self.begin(Drag::Place { entry }, ev);
    }

    /// `pointermove` anywhere in the window.
    pub fn on_move(&self, ev: &web_sys::PointerEvent) {
        let at = client(ev);
        // Read in place: a gesture may hold every selected node, too much to copy per move.
        let moving = self.current.try_update_value(|g| {
            let g = g.as_mut()?;
            let (dx, dy) = (at.0 - g.from.0, at.1 - g.from.1);
            g.moved |= dx.abs().max(dy.abs()) >= CLICK_SLOP;
            g.moved.then_some((dx, dy))
        });
        let Some((dx, dy)) = moving.flatten() else {
            return;
        };
        self.current.with_value(|g| {
            let Some(g) = g else {
                return;
            };
            match &g.drag {
                Drag::Pan { start } => {
                    self.editor.set_view(Viewport {
                        x: start.x + dx,
                        y: start.y + dy,
                        k: start.k,
                    });
                }
                Drag::Move(moving) => {
                    let k = self.editor.view().get_untracked().k;
                    self.editor.move_by(moving, ((dx / k).round(), (dy / k).round()));
                }
                Drag::Connect { port, .. } => {
                    self.link.set(Some((*port, self.world(g.canvas, at))));
                }
                Drag::Band { from } => {
                    self.band
                        .set(Some(Rect::spanning(*from, self.world(g.canvas, at))));
                }
                Drag::Place { entry } => {
                    self.ghost.set(Some((at.0, at.1, *entry)));
                }
            }
        });
    }

    /// `pointerup` anywhere in the window: finish the gesture.
    pub fn on_up(&self, ev: &web_sys::PointerEvent) {
        let Some(g) = self.current.try_update_value(Option::take).flatten() else {
            return;
        };
        let at = client(ev);
        let e = self.editor;
        match g.drag {
            Drag::Pan { .. } => {
                if !g.moved {
                    e.clear_selection();
                }
            }
            Drag::Move(moving) => {
                if g.moved {
                    e.end_move(moving);
                }
            }
            Drag::Connect { from, .. } => {
                self.link.set(None);
                if let Some(to) = element_target(ev).and_then(|el| node_id_at(&el)) {
                    if to != from || g.moved {
                        e.connect(&from, &to);
                    }
                }
            }
            Drag::Band { .. } => {
                if let Some(band) = self.band.get_untracked() {
                    e.select_in(band);
                }
                self.band.set(None);
            }
            Drag::Place { entry } => {
                self.ghost.set(None);
                let (left, top, w, h) = g.canvas;
                let inside = at.0 >= left && at.0 <= left + w && at.1 >= top && at.1 <= top + h;
                if g.moved && inside {
                    e.add_node(&PALETTE[entry], self.world(g.canvas, at));
                }
            }
        }
    }

    /// Drops the gesture in progress without effect (Escape, `pointercancel`): nodes being
    /// dragged go back where they were.
    pub fn cancel(&self) {
        if let Some(Gesture {
            drag: Drag::Move(moving),
            moved: true,
            ..
        }) = self.current.try_update_value(Option::take).flatten()
        {
            self.editor.cancel_move(moving);
        }
        self.link.set(None);
        self.band.set(None);
        self.ghost.set(None);
    }

    /// `wheel` on the canvas: zoom around the pointer.
    pub fn on_wheel(&self, ev: &web_sys::WheelEvent) {
        ev.prevent_default();
        let (left, top, ..) = self.canvas_rect();
        let factor = (-ev.delta_y() * 0.0015).exp();
        let (sx, sy) = (f64::from(ev.client_x()) - left, f64::from(ev.client_y()) - top);
        self.editor.zoom_at(sx, sy, factor);
    }

    /// `keydown` in the window: Delete/Backspace, undo/redo, select all, Escape.
    pub fn on_key(&self, ev: &web_sys::KeyboardEvent) {
        if typing_in_a_field(ev) {
            return;
        }
        let e = self.editor;
        let command = ev.ctrl_key() || ev.meta_key();
        match ev.key().as_str() {
            "Delete" | "Backspace" if !command => {
                ev.prevent_default();
                e.delete_selection();
            }
            "z" | "Z" if command && ev.shift_key() => {
                ev.prevent_default();
                e.redo();
            }
            "z" | "Z" if command => {
                ev.prevent_default();
                e.undo();
            }
            "y" | "Y" if command => {
                ev.prevent_default();
                e.redo();
            }
            "a" | "A" if command => {
                ev.prevent_default();
                e.select_all();
            }
            "Escape" => {
                self.cancel();
                e.clear_selection();
                e.dismiss_alert();
            }
            _ => {}
        }
    }
}

/// Whether a key press belongs to a text field rather than to the canvas.
fn typing_in_a_field(ev: &web_sys::KeyboardEvent) -> bool {
    element_target(ev).is_some_and(|el| {
        matches!(
            el.tag_name().to_ascii_lowercase().as_str(),
            "input" | "textarea" | "select"
        ) || el.get_attribute("contenteditable").is_some()
    })
}

/// The id of the node an element belongs to (the element itself or an ancestor carries
/// `data-node-id`).
fn node_id_at(el: &web_sys::Element) -> Option<String> {
    el.closest("[data-node-id]")
        .ok()
        .flatten()
        .and_then(|n| n.get_attribute("data-node-id"))
}

/// The element an event happened on.
fn element_target(ev: &web_sys::Event) -> Option<web_sys::Element> {
    ev.target()?.dyn_into::<web_sys::Element>().ok()
}
