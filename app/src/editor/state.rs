//! The editor's state: the design being edited, split into signals so that moving one node
//! redraws that node and its edges only, plus selection, viewport, history and problems.
//!
//! The fields are private: views read them through read-only signals ([`Editor::slots`],
//! [`Editor::problems`], …) and change them through methods. Every edit of the document goes
//! through the private `edit`, the one place that refuses it while editing is off (review
//! links, review mode, an old revision), and ends in `commit`, which records an undo step,
//! validates with `design::validate`, and saves the draft. Loading a document
//! ([`Editor::start_from`], [`Editor::replace`]) is not an edit and is never refused. While nodes are being dragged only their
//! position signals change; the step is recorded when the drag ends ([`Editor::end_move`]).
//! Selection, viewport and the alert are not the document: they change in review mode too.
//!
//! Two counters are easy to confuse: the editor's [`Editor::local_version`] counts recorded
//! changes in this tab; the server's revision (in `sync`) numbers the saved copies.

use std::collections::HashSet;

use design::layout::{place_missing, NODE_HEIGHT, NODE_WIDTH};
use design::{edge_refusal, validate, Design, Edge, Node, NodeKind, Position, Problem};
use leptos::prelude::*;

use super::geometry::Viewport;
use super::history::History;
use super::kinds::{self, Palette};
use crate::browser;

mod merging;
mod shared;
mod slots;
mod viewing;

#[cfg(test)]
mod tests;

pub use merging::MergeSummary;
use shared::Shared;
use slots::Nodes;
pub use slots::Slot;

/// A refusal or failure the user must see: one sentence, and the details when there are any
/// (the validator's problems of a refused import).
#[derive(Clone, Debug, PartialEq)]
pub struct Alert {
    pub message: String,
    pub details: Vec<String>,
}

/// A design with no nodes, named for the editor's "new design".
pub fn empty_design() -> Design {
    Design::new("Untitled design")
}

/// Nodes being dragged, with where each was when the drag began. Made by
/// [`Editor::start_move`]; ends with [`Editor::end_move`] (one undo step) or
/// [`Editor::cancel_move`] (back where they were, no step).
pub struct Moving {
    origins: Vec<(Slot, Position)>,
}

#[derive(Clone, Copy)]
pub struct Editor {
    /// Everything but nodes and edges: name, description, cluster, unknown fields.
    meta: Shared<Design>,
    nodes: Nodes,
    edges: Shared<Vec<Edge>>,
    selection: Shared<HashSet<String>>,
    selected_edge: Shared<Option<(String, String)>>,
    view: Shared<Viewport>,
    /// What the `role="alert"` banner says: why something was refused.
    alert: Shared<Option<Alert>>,
    problems: Shared<Vec<Problem>>,
    read_only: Shared<bool>,
    /// Bumped whenever the recorded document changes (commit, undo, redo, load).
    local_version: Shared<u64>,
    /// Size of the canvas element in CSS pixels, kept up to date by the canvas.
    canvas_size: RwSignal<(f64, f64)>,
    history: StoredValue<History<Design>>,
    /// Whether changes are saved to the browser's draft.
    persist: StoredValue<bool>,
}

impl Editor {
    /// An editor showing `design` (laid out where positions are missing).
    pub fn new(mut design: Design, read_only: bool) -> Self {
        place_missing(&mut design);
        let problems = validate(&design);
        let slots: Vec<Slot> = design.nodes.iter().cloned().map(Slot::new).collect();
        let edges = design.edges.clone();
        let meta = design.meta();
        Self {
            meta: Shared::new(meta),
            nodes: Nodes::new(slots),
            edges: Shared::new(edges),
            selection: Shared::new(HashSet::new()),
            selected_edge: Shared::new(None),
            view: Shared::new(Viewport::default()),
            alert: Shared::new(None),
            problems: Shared::new(problems),
            read_only: Shared::new(read_only),
            local_version: Shared::new(0),
            canvas_size: RwSignal::new((1200.0, 700.0)),
            history: StoredValue::new(History::new(design)),
            persist: StoredValue::new(false),
        }
    }

    // Reading. Every signal handed out is read-only.

    /// The design's own fields (name, description, cluster); nodes and edges are left empty.
    pub fn meta(&self) -> ReadSignal<Design> {
        self.meta.reader()
    }

    /// The nodes in drawing order.
    pub fn slots(&self) -> ReadSignal<Vec<Slot>> {
        self.nodes.list()
    }

    /// The slot of node `id` (not tracked).
    pub fn slot(&self, id: &str) -> Option<Slot> {
        self.nodes.get(id)
    }

    pub fn edges(&self) -> ReadSignal<Vec<Edge>> {
        self.edges.reader()
    }

    /// The ids of the selected nodes.
    pub fn selection(&self) -> ReadSignal<HashSet<String>> {
        self.selection.reader()
    }

    /// The selected edge (`from`, `to`); only ever set while no node is selected.
    pub fn selected_edge(&self) -> ReadSignal<Option<(String, String)>> {
        self.selected_edge.reader()
    }

    pub fn view(&self) -> ReadSignal<Viewport> {
        self.view.reader()
    }

    /// What the `role="alert"` banner says.
    pub fn alert(&self) -> ReadSignal<Option<Alert>> {
        self.alert.reader()
    }

    /// The validator's problems with the recorded document.
    pub fn problems(&self) -> ReadSignal<Vec<Problem>> {
        self.problems.reader()
    }

    /// Whether editing is off.
    pub fn read_only(&self) -> ReadSignal<bool> {
        self.read_only.reader()
    }

    /// This tab's count of recorded changes (commit, undo, redo, load): tracking it reruns
    /// whatever depends on the recorded document. Not the server's revision.
    pub fn local_version(&self) -> ReadSignal<u64> {
        self.local_version.reader()
    }

    /// The whole document as it is now (not tracked).
    pub fn snapshot(&self) -> Design {
        let mut design = self.meta.get_untracked();
        design.nodes = self.nodes.list().with_untracked(|slots| {
            slots
                .iter()
                .map(|s| {
                    let mut n = s.node.get_untracked();
                    n.position = Some(s.pos.get_untracked());
                    n
                })
                .collect()
        });
        design.edges = self.edges.get_untracked();
        design
    }

    /// The document as last recorded (what undo steps from), without copying positions out of
    /// the signals; cheap to read in memos.
    pub fn with_recorded<R>(&self, f: impl FnOnce(&Design) -> R) -> R {
        self.history.with_value(|h| f(h.current()))
    }

    /// Whether there is a step to undo (tracks every recorded change).
    pub fn can_undo(&self) -> bool {
        self.local_version.track();
        self.history.with_value(History::can_undo)
    }

    /// Whether there is a step to redo (tracks every recorded change).
    pub fn can_redo(&self) -> bool {
        self.local_version.track();
        self.history.with_value(History::can_redo)
    }

    // Loading and saving.

    /// Turns editing off (review mode, an old revision) or on again.
    pub fn set_read_only(&self, read_only: bool) {
        self.read_only.set(read_only);
    }

    /// From now on, every recorded change is saved as the browser's draft.
    pub fn persist_drafts(&self) {
        self.persist.set_value(true);
    }

    /// From now on, changes are no longer saved to the browser's draft (the design is kept on
    /// the server instead).
    pub fn stop_drafts(&self) {
        self.persist.set_value(false);
    }

    /// Shows a document as the starting point, without an undo step (the saved draft, a design
    /// from the server, an old revision); allowed with editing off, it is not an edit.
    pub fn start_from(&self, mut design: Design) {
        place_missing(&mut design);
        self.show(&design);
        self.history.set_value(History::new(design.clone()));
        self.recorded(&design);
    }

    /// Replaces the whole document (template, import, new), as one undoable step. Not refused
    /// with editing off: the page lays a template over the draft in review mode too
    /// (`/editor?template=…&mode=review`), and the import button is disabled instead.
    pub fn replace(&self, mut design: Design) {
        place_missing(&mut design);
        self.selection.set(HashSet::new());
        self.show(&design);
        self.commit(None);
    }

    /// Shows `design`, reusing the signals of nodes that are still there.
    fn show(&self, design: &Design) {
        let slots: Vec<Slot> = design
            .nodes
            .iter()
            .map(|n| match self.nodes.get(&n.id) {
                Some(s) if s.node.with_untracked(|cur| cur.kind == n.kind) => {
                    let pos = n.position.unwrap_or(Position { x: 0.0, y: 0.0 });
                    if s.pos.get_untracked() != pos {
                        s.pos.set(pos);
                    }
                    let mut fresh = n.clone();
                    fresh.position = s.node.with_untracked(|cur| cur.position);
                    if s.node.with_untracked(|cur| cur != &fresh) {
                        s.node.set(fresh);
                    }
                    s
                }
                _ => Slot::new(n.clone()),
            })
            .collect();
        self.nodes.change(|list| *list = slots);
        if self.edges.with_untracked(|e| e != &design.edges) {
            self.edges.set(design.edges.clone());
        }
        let meta = design.meta();
        if self.meta.with_untracked(|m| m != &meta) {
            self.meta.set(meta);
        }
        let ids: HashSet<&str> = design.nodes.iter().map(|n| n.id.as_str()).collect();
        if self
            .selection
            .with_untracked(|s| s.iter().any(|id| !ids.contains(id.as_str())))
        {
            self.selection
                .update(|s| s.retain(|id| ids.contains(id.as_str())));
        }
        self.selected_edge.set(None);
    }

    /// Records the current document as an undo step (merged with the previous step when both
    /// carry the same `coalesce` key), validates it and saves the draft.
    fn commit(&self, coalesce: Option<&str>) {
        let design = self.snapshot();
        let changed = self
            .history
            .try_update_value(|h| h.record(design, coalesce))
            .unwrap_or(false);
        if changed {
            self.history.with_value(|h| self.recorded(h.current()));
        }
    }

    fn recorded(&self, design: &Design) {
        self.problems.set(validate(design));
        self.local_version.update(|v| *v += 1);
        if self.persist.get_value() {
            let saved = serde_json::to_string(design)
                .map_err(|e| e.to_string())
                .and_then(|json| browser::save(browser::DRAFT_KEY, &json));
            if let Err(why) = saved {
                self.refuse(format!("The draft was not saved: {why}"));
            }
        }
    }

    // Editing the document: every method runs inside `edit`.

    /// Runs `change` unless editing is off (then nothing happens and `None` comes back): the
    /// one place that guards the document.
    fn edit<R>(&self, change: impl FnOnce() -> R) -> Option<R> {
        (!self.read_only.get_untracked()).then(change)
    }

    pub fn undo(&self) {
        self.step(|h| h.undo().cloned());
    }

    pub fn redo(&self) {
        self.step(|h| h.redo().cloned());
    }

    /// Shows the document an undo or a redo steps to.
    fn step(&self, walk: impl FnOnce(&mut History<Design>) -> Option<Design>) {
        self.edit(|| {
            if let Some(d) = self.history.try_update_value(walk).flatten() {
                self.show(&d);
                self.recorded(&d);
            }
        });
    }

    /// Adds a node from the palette with its centre at `centre`; returns its id.
    pub fn add_node(&self, entry: &Palette, centre: Position) -> Option<String> {
        self.edit(|| {
            let base = kinds::base_name(entry);
            let taken: HashSet<String> = self.nodes.list().with_untracked(|s| {
                s.iter()
                    .flat_map(|s| [s.id.to_string(), s.node.with_untracked(|n| n.name.clone())])
                    .collect()
            });
            let n = (1..)
                .find(|i| !taken.contains(&format!("{base}-{i}")))
                .unwrap_or(1);
            let id = format!("{base}-{n}");
            let mut node = kinds::new_node(entry, id.clone(), id.clone());
            node.position = Some(Position {
                x: (centre.x - NODE_WIDTH / 2.0).round(),
                y: (centre.y - NODE_HEIGHT / 2.0).round(),
            });
            let slot = Slot::new(node);
            self.nodes.change(|s| s.push(slot));
            self.selection.set(HashSet::from([id.clone()]));
            self.commit(None);
            id
        })
    }

    /// Connects `from` → `to` when the edge is legal; otherwise says why in the alert.
    pub fn connect(&self, from: &str, to: &str) -> bool {
        self.edit(|| {
            let kind = |id: &str| {
                self.slot(id)
                    .map(|s| s.node.with_untracked(|n| (n.kind, n.name.clone())))
            };
            let (Some((fk, fname)), Some((tk, tname))) = (kind(from), kind(to)) else {
                return false;
            };
            if from == to {
                self.refuse(format!("“{fname}” cannot connect to itself."));
                return false;
            }
            if let Some(why) = edge_refusal(fk, tk) {
                self.refuse(format!("Not connected: {why}."));
                return false;
            }
            let exists = self.edges.with_untracked(|edges| {
                edges.iter().any(|e| {
                    (e.from == from && e.to == to)
                        || (fk == NodeKind::SchemaSubject && e.from == to && e.to == from)
                })
            });
            if exists {
                self.refuse(format!("“{fname}” is already connected to “{tname}”."));
                return false;
            }
            self.edges.update(|e| e.push(Edge::new(from, to)));
            self.alert.set(None);
            self.commit(None);
            true
        })
        .unwrap_or(false)
    }

    /// Deletes the selected nodes (with their edges) or the selected edge.
    pub fn delete_selection(&self) {
        self.edit(|| {
            let doomed = self.selection.get_untracked();
            if doomed.is_empty() {
                if let Some((from, to)) = self.selected_edge.get_untracked() {
                    self.edges
                        .update(|e| e.retain(|e| !(e.from == from && e.to == to)));
                    self.selected_edge.set(None);
                    self.commit(None);
                }
                return;
            }
            self.edges
                .update(|e| e.retain(|e| !doomed.contains(&e.from) && !doomed.contains(&e.to)));
            self.nodes.change(|s| s.retain(|s| !doomed.contains(&*s.id)));
            // Readers whose dead-letter topic is gone no longer point at it.
            self.nodes.list().with_untracked(|slots| {
                for s in slots {
                    let dangling = s
                        .node
                        .with_untracked(|n| n.dead_letter_topic.as_ref().is_some_and(|t| doomed.contains(t)));
                    if dangling {
                        s.node.update(|n| n.dead_letter_topic = None);
                    }
                }
            });
            self.selection.set(HashSet::new());
            self.commit(None);
        });
    }

    /// Changes one node; consecutive changes with the same `field` form one undo step.
    pub fn update_node(&self, id: &str, field: &str, change: impl FnOnce(&mut Node)) {
        self.edit(|| {
            if let Some(slot) = self.slot(id) {
                slot.node.update(change);
                self.commit(Some(&format!("{id}/{field}")));
            }
        });
    }

    /// Changes one node as an undo step of its own, never merged with the next one (adding or
    /// deleting a schema version).
    pub fn change_node(&self, id: &str, change: impl FnOnce(&mut Node)) {
        self.edit(|| {
            if let Some(slot) = self.slot(id) {
                slot.node.update(change);
                self.commit(None);
            }
        });
    }

    /// Changes the design's own fields (name, description, cluster); consecutive changes with
    /// the same `field` form one undo step.
    pub fn update_meta(&self, field: &str, change: impl FnOnce(&mut Design)) {
        self.edit(|| {
            self.meta.update(change);
            self.commit(Some(&format!("design/{field}")));
        });
    }

    /// Lays the whole design out again, as one undoable step, and shows all of it.
    pub fn auto_layout(&self) {
        self.edit(|| {
            let mut design = self.snapshot();
            for n in &mut design.nodes {
                n.position = None;
            }
            place_missing(&mut design);
            self.show(&design);
            self.commit(None);
            self.fit();
        });
    }

    /// Starts dragging the selected nodes; `None` with editing off or nothing selected.
    pub fn start_move(&self) -> Option<Moving> {
        self.edit(|| {
            let origins: Vec<(Slot, Position)> = self.selection.with_untracked(|selected| {
                self.nodes.list().with_untracked(|slots| {
                    slots
                        .iter()
                        .filter(|s| selected.contains(&*s.id))
                        .map(|s| (s.clone(), s.pos.get_untracked()))
                        .collect()
                })
            });
            (!origins.is_empty()).then_some(Moving { origins })
        })
        .flatten()
    }

    /// Moves the dragged nodes to `offset` (world units) from where they began; not recorded.
    pub fn move_by(&self, moving: &Moving, offset: (f64, f64)) {
        self.edit(|| {
            for (slot, origin) in &moving.origins {
                slot.pos.set(Position {
                    x: origin.x + offset.0,
                    y: origin.y + offset.1,
                });
            }
        });
    }

    /// Ends a drag: one undo step, none when the nodes are back where they began.
    pub fn end_move(&self, moving: Moving) {
        let moved = moving
            .origins
            .iter()
            .any(|(slot, origin)| slot.pos.get_untracked() != *origin);
        if moved {
            self.edit(|| self.commit(None));
        }
    }

    /// Drops a drag: the nodes go back where they began, no step is recorded.
    pub fn cancel_move(&self, moving: Moving) {
        self.edit(|| {
            for (slot, origin) in moving.origins {
                slot.pos.set(origin);
            }
        });
    }
}
