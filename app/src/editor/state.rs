//! The editor's state: the design being edited, split into signals so that moving one node
//! redraws that node and its edges only, plus selection, viewport, history and problems.
//!
//! Every change goes through a method here and ends in [`Editor::commit`], which records an
//! undo step, validates with `design::validate`, and saves the draft. While a node is being
//! dragged only its position signal changes; the step is recorded when the drag ends.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use design::layout::{place_missing, NODE_HEIGHT, NODE_WIDTH};
use design::{edge_refusal, validate, Design, Edge, Node, NodeKind, Position, Problem};
use leptos::prelude::*;

use super::geometry::{Rect, Viewport};
use super::history::History;
use super::kinds::{self, Palette};
use crate::browser;

/// One node on the canvas. The position is kept apart from the rest so that dragging does not
/// touch the signal the label and the properties panel read.
#[derive(Clone)]
pub struct Slot {
    pub id: Arc<str>,
    pub node: ArcRwSignal<Node>,
    pub pos: ArcRwSignal<Position>,
}

impl Slot {
    fn new(node: Node) -> Self {
        let pos = node.position.unwrap_or(Position { x: 0.0, y: 0.0 });
        Self {
            id: Arc::from(node.id.as_str()),
            node: ArcRwSignal::new(node),
            pos: ArcRwSignal::new(pos),
        }
    }
}

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

#[derive(Clone, Copy)]
pub struct Editor {
    /// Everything but nodes and edges: name, description, cluster, unknown fields.
    pub meta: RwSignal<Design>,
    pub slots: RwSignal<Vec<Slot>>,
    pub edges: RwSignal<Vec<Edge>>,
    pub selection: RwSignal<HashSet<String>>,
    pub selected_edge: RwSignal<Option<(String, String)>>,
    pub view: RwSignal<Viewport>,
    /// What the `role="alert"` banner says: why something was refused.
    pub alert: RwSignal<Option<Alert>>,
    pub problems: RwSignal<Vec<Problem>>,
    pub read_only: RwSignal<bool>,
    /// Bumped whenever the recorded document changes (commit, undo, redo, load).
    pub revision: RwSignal<u64>,
    /// Size of the canvas element in CSS pixels, kept up to date by the canvas.
    pub canvas_size: RwSignal<(f64, f64)>,
    index: StoredValue<HashMap<String, Slot>>,
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
        let index = slots.iter().map(|s| (s.id.to_string(), s.clone())).collect();
        let edges = design.edges.clone();
        let meta = design.meta();
        Self {
            meta: RwSignal::new(meta),
            slots: RwSignal::new(slots),
            edges: RwSignal::new(edges),
            selection: RwSignal::new(HashSet::new()),
            selected_edge: RwSignal::new(None),
            view: RwSignal::new(Viewport::default()),
            alert: RwSignal::new(None),
            problems: RwSignal::new(problems),
            read_only: RwSignal::new(read_only),
            revision: RwSignal::new(0),
            canvas_size: RwSignal::new((1200.0, 700.0)),
            index: StoredValue::new(index),
            history: StoredValue::new(History::new(design)),
            persist: StoredValue::new(false),
        }
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

    pub fn slot(&self, id: &str) -> Option<Slot> {
        self.index.with_value(|m| m.get(id).cloned())
    }

    /// The whole document as it is now (not tracked).
    pub fn snapshot(&self) -> Design {
        let mut design = self.meta.get_untracked();
        design.nodes = self.slots.with_untracked(|slots| {
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

    /// Shows `design`, reusing the signals of nodes that are still there.
    fn show(&self, design: &Design) {
        let old = self.index.try_update_value(std::mem::take).unwrap_or_default();
        let mut slots = Vec::with_capacity(design.nodes.len());
        let mut index = HashMap::with_capacity(design.nodes.len());
        for n in &design.nodes {
            let slot = match old.get(&n.id) {
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
                    s.clone()
                }
                _ => Slot::new(n.clone()),
            };
            index.insert(n.id.clone(), slot.clone());
            slots.push(slot);
        }
        self.index.set_value(index);
        self.slots.set(slots);
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
    pub fn commit(&self, coalesce: Option<&str>) {
        let design = self.snapshot();
        let changed = self
            .history
            .try_update_value(|h| h.record(design, coalesce))
            .unwrap_or(false);
        if changed {
            self.history.with_value(|h| self.recorded(h.current()));
        }
    }

    /// Whether there is a step to undo (tracks every recorded change).
    pub fn can_undo(&self) -> bool {
        self.revision.track();
        self.history.with_value(History::can_undo)
    }

    /// Whether there is a step to redo (tracks every recorded change).
    pub fn can_redo(&self) -> bool {
        self.revision.track();
        self.history.with_value(History::can_redo)
    }

    fn recorded(&self, design: &Design) {
        self.problems.set(validate(design));
        self.revision.update(|r| *r += 1);
        if self.persist.get_value() {
            let saved = serde_json::to_string(design)
                .map_err(|e| e.to_string())
                .and_then(|json| browser::save(browser::DRAFT_KEY, &json));
            if let Err(why) = saved {
                self.refuse(format!("The draft was not saved: {why}"));
            }
        }
    }

    /// Replaces the whole document (template, import, new), as one undoable step.
    pub fn replace(&self, mut design: Design) {
        place_missing(&mut design);
        self.selection.set(HashSet::new());
        self.show(&design);
        self.commit(None);
    }

    /// Shows a document as the starting point, without an undo step (the saved draft).
    pub fn start_from(&self, mut design: Design) {
        place_missing(&mut design);
        self.show(&design);
        self.history.set_value(History::new(design.clone()));
        self.recorded(&design);
    }

    pub fn undo(&self) {
        self.step(|h| h.undo().cloned());
    }

    pub fn redo(&self) {
        self.step(|h| h.redo().cloned());
    }

    /// Shows the document an undo or a redo steps to.
    fn step(&self, walk: impl FnOnce(&mut History<Design>) -> Option<Design>) {
        if self.read_only.get_untracked() {
            return;
        }
        if let Some(d) = self.history.try_update_value(walk).flatten() {
            self.show(&d);
            self.recorded(&d);
        }
    }

    /// Says why something was refused, in the `role="alert"` banner.
    pub fn refuse(&self, why: impl Into<String>) {
        self.refuse_with(why, Vec::new());
    }

    /// Says why something was refused, with a list of details.
    pub fn refuse_with(&self, why: impl Into<String>, details: Vec<String>) {
        self.alert.set(Some(Alert {
            message: why.into(),
            details,
        }));
    }

    /// Adds a node from the palette with its centre at `centre`; returns its id.
    pub fn add_node(&self, entry: &Palette, centre: Position) -> Option<String> {
        if self.read_only.get_untracked() {
            return None;
        }
        let base = kinds::base_name(entry);
        let taken: HashSet<String> = self.index.with_value(|m| m.keys().cloned().collect());
        let names: HashSet<String> = self.slots.with_untracked(|s| {
            s.iter()
                .map(|s| s.node.with_untracked(|n| n.name.clone()))
                .collect()
        });
        let n = (1..)
            .find(|i| !taken.contains(&format!("{base}-{i}")) && !names.contains(&format!("{base}-{i}")))
            .unwrap_or(1);
        let id = format!("{base}-{n}");
        let mut node = kinds::new_node(entry, id.clone(), id.clone());
        node.position = Some(Position {
            x: (centre.x - NODE_WIDTH / 2.0).round(),
            y: (centre.y - NODE_HEIGHT / 2.0).round(),
        });
        let slot = Slot::new(node);
        self.index.update_value(|m| {
            m.insert(id.clone(), slot.clone());
        });
        self.slots.update(|s| s.push(slot));
        self.selection.set(HashSet::from([id.clone()]));
        self.commit(None);
        Some(id)
    }

    /// Connects `from` → `to` when the edge is legal; otherwise says why in the alert.
    pub fn connect(&self, from: &str, to: &str) -> bool {
        if self.read_only.get_untracked() {
            return false;
        }
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
    }

    /// Deletes the selected nodes (with their edges) or the selected edge.
    pub fn delete_selection(&self) {
        if self.read_only.get_untracked() {
            return;
        }
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
        self.slots.update(|s| s.retain(|s| !doomed.contains(&*s.id)));
        self.index
            .update_value(|m| m.retain(|id, _| !doomed.contains(id)));
        // Readers whose dead-letter topic is gone no longer point at it.
        self.slots.with_untracked(|slots| {
            for s in slots {
                if s.node
                    .with_untracked(|n| n.dead_letter_topic.as_ref().is_some_and(|t| doomed.contains(t)))
                {
                    s.node.update(|n| n.dead_letter_topic = None);
                }
            }
        });
        self.selection.set(HashSet::new());
        self.commit(None);
    }

    /// Changes one node; consecutive changes with the same `field` form one undo step.
    pub fn update_node(&self, id: &str, field: &str, change: impl FnOnce(&mut Node)) {
        if self.read_only.get_untracked() {
            return;
        }
        if let Some(slot) = self.slot(id) {
            slot.node.update(change);
            self.commit(Some(&format!("{id}/{field}")));
        }
    }

    /// Changes the design's own fields (name, description, cluster).
    pub fn update_meta(&self, field: &str, change: impl FnOnce(&mut Design)) {
        if self.read_only.get_untracked() {
            return;
        }
        self.meta.update(change);
        self.commit(Some(&format!("design/{field}")));
    }

    pub fn select_only(&self, id: &str) {
        self.selected_edge.set(None);
        self.selection.set(HashSet::from([id.to_owned()]));
    }

    pub fn toggle_selected(&self, id: &str) {
        self.selected_edge.set(None);
        self.selection.update(|s| {
            if !s.remove(id) {
                s.insert(id.to_owned());
            }
        });
    }

    pub fn clear_selection(&self) {
        if self.selection.with_untracked(|s| !s.is_empty()) {
            self.selection.set(HashSet::new());
        }
        self.selected_edge.set(None);
    }

    pub fn select_all(&self) {
        let all = self
            .slots
            .with_untracked(|s| s.iter().map(|s| s.id.to_string()).collect());
        self.selection.set(all);
    }

    /// Adds every node whose box meets `band` (world coordinates) to the selection.
    pub fn select_in(&self, band: Rect) {
        let hit: Vec<String> = self.slots.with_untracked(|slots| {
            slots
                .iter()
                .filter(|s| band.intersects(&Rect::of_node(s.pos.get_untracked())))
                .map(|s| s.id.to_string())
                .collect()
        });
        self.selection.update(|s| s.extend(hit));
    }

    /// Lays the whole design out again, as one undoable step, and shows all of it.
    pub fn auto_layout(&self) {
        if self.read_only.get_untracked() {
            return;
        }
        let mut design = self.snapshot();
        for n in &mut design.nodes {
            n.position = None;
        }
        place_missing(&mut design);
        self.show(&design);
        self.commit(None);
        self.fit();
    }

    /// Pans and zooms so that every node is visible.
    pub fn fit(&self) {
        let (w, h) = self.canvas_size.get_untracked();
        let bounds = self
            .slots
            .with_untracked(|s| Rect::around(s.iter().map(|s| s.pos.get_untracked())));
        self.view
            .set(bounds.map_or_else(Viewport::default, |b| Viewport::fitting(b, w, h)));
    }

    /// Zooms by `factor` around the canvas centre.
    pub fn zoom(&self, factor: f64) {
        let (w, h) = self.canvas_size.get_untracked();
        self.view.update(|v| *v = v.zoomed_at(w / 2.0, h / 2.0, factor));
    }

    /// The world point at the centre of the canvas.
    pub fn centre(&self) -> Position {
        let (w, h) = self.canvas_size.get_untracked();
        self.view.get_untracked().to_world(w / 2.0, h / 2.0)
    }
}
