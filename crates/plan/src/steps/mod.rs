//! The steps of a plan, by concern: topics created, deleted and repartitioned (`topics`), their
//! replication factor and settings (`config`), readers and writers (`clients`), schema
//! subjects (`subjects`); then put in the order an operator runs them.
//!
//! Order: creations (topics, subjects, versions) first, so that what is deployed next finds
//! them; then the topics' changes (partitions, a replication factor raised, settings, a factor
//! lowered last so that `min.insync.replicas` is lowered before it); then readers (before
//! writers, so a new group does not miss the first records) and writers; destructive steps last
//! (readers removed, then topics deleted, then schemas), never before anything else.

mod clients;
mod clients_scale;
mod config;
mod subjects;
mod topics;

use design::{Design, Node};
use serde_json::Value;

use crate::keys_moved::PLAN_KEYS;
use crate::reassignment::PLAN_LISTED_REPLICAS;
use crate::state::Side;
use crate::{Change, ChangeTarget, PlanOptions, Risk, Step, StepKind};

/// When a step runs: steps are sorted by this (stably: document order within one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Phase {
    Create,
    Partitions,
    RaiseReplication,
    Settings,
    LowerReplication,
    Readers,
    Writers,
    RemoveReaders,
    DeleteTopics,
    RemoveSchemas,
}

/// What the step builders share: both sides, the options and the plan's budgets.
pub(crate) struct Ctx<'a> {
    pub from: Side<'a>,
    pub to: Side<'a>,
    pub options: &'a PlanOptions,
    pub key_budget: u64,
    pub listed_budget: u64,
    pub out: Vec<(Phase, Step)>,
    /// Reassignment files already named (`reassign-<topic>.json`).
    pub files: std::collections::HashSet<String>,
}

impl Ctx<'_> {
    pub fn push(&mut self, phase: Phase, step: Step) {
        self.out.push((phase, step));
    }
}

pub(crate) fn all(from: &Design, to: &Design, options: &PlanOptions) -> Vec<Step> {
    let diff = design::diff(from, to);
    let from = Side::new(from);
    let mut to = Side::new(to);
    crate::state::keep_unset_partitions(&from, &mut to);
    let mut ctx = Ctx {
        from,
        to,
        options,
        key_budget: PLAN_KEYS,
        listed_budget: PLAN_LISTED_REPLICAS,
        out: Vec::new(),
        files: Default::default(),
    };
    topics::steps(&mut ctx, &diff);
    clients::steps(&mut ctx, &diff);
    subjects::steps(&mut ctx, &diff);
    let mut out = ctx.out;
    // Destructive steps after every other one, in their phases' order.
    out.sort_by_key(|(phase, s)| (s.destructive, *phase));
    out.into_iter().map(|(_, s)| s).collect()
}

/// A step on `node` with nothing but its kind, risk and message.
pub(crate) fn step(kind: StepKind, node: &Node, risk: Risk, message: String) -> Step {
    Step {
        kind,
        element: node.name.clone(),
        element_id: node.id.clone(),
        element_kind: node.kind,
        risk,
        destructive: false,
        message,
        consequences: Vec::new(),
        alternative: None,
        commands: Vec::new(),
        changes: Vec::new(),
        keys_moved: None,
        reassignment: None,
        reassignment_file: None,
        data_moved_bytes: None,
        throttle_bytes_per_sec: None,
        storage_delta_bytes: None,
    }
}

pub(crate) fn change(
    node: &Node,
    target: ChangeTarget,
    setting: &str,
    before: Value,
    after: Value,
) -> Change {
    Change {
        element_id: node.id.clone(),
        setting: setting.into(),
        before,
        after,
        target,
    }
}

/// The change that takes `old` out of the design (its edges go with it).
pub(crate) fn node_removed(old: &Node) -> Change {
    change(old, ChangeTarget::Node, "node", node_value(old), Value::Null)
}

/// The changes that put `shown` in the design as node `node.id` with its edges in `design`,
/// taking out first `replaced`, the node of the same id it replaces (retyped or renamed).
pub(crate) fn node_added(st: &mut Step, design: &Design, shown: &Node, replaced: Option<&Node>) {
    st.changes.extend(replaced.map(node_removed));
    st.changes.push(change(
        shown,
        ChangeTarget::Node,
        "node",
        Value::Null,
        node_value(shown),
    ));
    for e in edges_of(design, &shown.id) {
        st.changes
            .push(change(shown, ChangeTarget::Edge, "edge", Value::Null, e));
    }
}

/// A node as a change's value (`null` when it cannot be written, which serde never refuses).
pub(crate) fn node_value(node: &Node) -> Value {
    serde_json::to_value(node).unwrap_or(Value::Null)
}

/// The edges of `design` touching `id`, as change values.
pub(crate) fn edges_of(design: &Design, id: &str) -> Vec<Value> {
    design
        .edges
        .iter()
        .filter(|e| e.from == id || e.to == id)
        .map(|e| serde_json::to_value(e).unwrap_or(Value::Null))
        .collect()
}

/// A name quoted for a message (`'orders'`), one line.
pub(crate) fn q(name: &str) -> String {
    let one: String = name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("'{one}'")
}

/// A share as a percentage with one decimal (`80.0 %`).
pub(crate) fn pct(share: f64) -> String {
    format!("{:.1} %", share * 100.0)
}
