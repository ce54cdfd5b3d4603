//! The nodes on the canvas: one [`Slot`] per node (its fields and its position as separate
//! signals), held both in drawing order and by id.
//!
//! [`Nodes`] is the only code that changes either view, and it rebuilds the index from the list
//! on every change, so the two cannot disagree. Nothing here records an undo step or checks
//! read-only: that is [`super::Editor`]'s job.

use std::collections::HashMap;
use std::sync::Arc;

use design::{Node, Position};
use leptos::prelude::*;

use super::shared::Shared;

/// One node on the canvas. The position is kept apart from the rest so that dragging does not
/// touch the signal the label and the properties panel read. Outside the editor's state both
/// are read-only: changes go through [`super::Editor`]'s methods.
#[derive(Clone)]
pub struct Slot {
    pub(super) id: Arc<str>,
    pub(super) node: ArcRwSignal<Node>,
    pub(super) pos: ArcRwSignal<Position>,
}

impl Slot {
    pub(super) fn new(node: Node) -> Self {
        let pos = node.position.unwrap_or(Position { x: 0.0, y: 0.0 });
        Self {
            id: Arc::from(node.id.as_str()),
            node: ArcRwSignal::new(node),
            pos: ArcRwSignal::new(pos),
        }
    }

    /// The node's id (it never changes: a node with another id is another slot).
    pub fn id(&self) -> &Arc<str> {
        &self.id
    }

    /// The node's fields, without its position.
    pub fn node(&self) -> ArcReadSignal<Node> {
        self.node.read_only()
    }

    /// The node's position on the canvas (changes while it is dragged).
    pub fn pos(&self) -> ArcReadSignal<Position> {
        self.pos.read_only()
    }
}

/// The slots in drawing order (a signal the canvas draws from) and by id (for lookups).
#[derive(Clone, Copy)]
pub(super) struct Nodes {
    list: Shared<Vec<Slot>>,
    by_id: StoredValue<HashMap<String, Slot>>,
}

/// The index of `slots` by id.
fn index(slots: &[Slot]) -> HashMap<String, Slot> {
    slots.iter().map(|s| (s.id.to_string(), s.clone())).collect()
}

impl Nodes {
    pub(super) fn new(slots: Vec<Slot>) -> Self {
        Self {
            by_id: StoredValue::new(index(&slots)),
            list: Shared::new(slots),
        }
    }

    /// The slots in drawing order.
    pub(super) fn list(&self) -> ReadSignal<Vec<Slot>> {
        self.list.reader()
    }

    /// The slot of node `id` (not tracked).
    pub(super) fn get(&self, id: &str) -> Option<Slot> {
        self.by_id.with_value(|m| m.get(id).cloned())
    }

    /// Changes the list of slots; the index follows before anyone is told of the change.
    pub(super) fn change(&self, f: impl FnOnce(&mut Vec<Slot>)) {
        self.list.update_untracked(f);
        let by_id = self.list.with_untracked(|slots| index(slots));
        self.by_id.set_value(by_id);
        self.list.notify();
    }

    /// Whether the index holds exactly the listed slots (the same signals, by id).
    #[cfg(test)]
    pub(super) fn consistent(&self) -> bool {
        self.list.with_untracked(|slots| {
            self.by_id.with_value(|m| {
                m.len() == slots.len()
                    && slots.iter().all(|s| {
                        m.get(&*s.id)
                            .is_some_and(|t| t.id == s.id && t.node == s.node && t.pos == s.pos)
                    })
            })
        })
    }
}
