//! The change plan between two designs: what it takes to go from one revision of a design to
//! another on a running cluster, step by step, and what happens while it is applied.
//!
//! [`plan`] compares two designs (nodes matched by `id`, through [`design::diff`]) and lists the
//! steps in the order an operator runs them, each with a [`Risk`], the reason in one sentence,
//! its consequences spelled out, the exact commands, and the machine-readable [`Change`]s that
//! [`apply`] makes to a design:
//!
//! * topics created, and deleted (destructive, always after everything else); a topic renamed
//!   (same id, another name) is a new topic and a deleted one, since Kafka cannot rename;
//! * a partition increase with the share of records whose key lands on another partition,
//!   computed through Kafka's partitioner ([`keys_moved`]) over the keys the topic's writers
//!   send (pasted keys hashed as they are, modelled distributions enumerated as synthetic keys,
//!   their tail by the exact closed form for uniform hashes), and what that breaks: per-key
//!   ordering across the change, compacted state, Kafka Streams co-partitioning and stores;
//! * a partition decrease, refused as Kafka refuses it, with the alternative (a new topic);
//! * a replication-factor change as a reassignment ([`reassignment`]): the topic described
//!   first (the JSON assumes a placement), the `kafka-reassign-partitions.sh` JSON (past
//!   [`reassignment::MAX_LISTED_REPLICAS`], a script that builds it from the real assignment),
//!   the data it moves and a throttle above the writes the moving replicas receive plus the
//!   catch-up that keeps it within [`PlanOptions::reassignment_hours`];
//! * topic settings (`retention.ms`, `cleanup.policy`, `min.insync.replicas`, …) with their
//!   effect (storage delta from the sizing; `min.insync.replicas` ≥ RF refused, when a topic
//!   is created too);
//! * readers and writers added, removed, scaled or changed (what is deployed: settings, scale,
//!   subscriptions; the figures the studio only models, rates, sizes, processing time, are no
//!   step), a new reader's `auto.offset.reset` by its kind's default; schema subjects and their
//!   versions (a changed version replaced: the old one soft-deleted, then the new registered).
//!
//! Settings are compared as they are *in effect*, the way the exports write them: a topic's
//! partitions when unset are the analysis' advice, its replication factor 3, so the plan agrees
//! with the diff of the Strimzi and Terraform files (`report::runbook`). One exception: when the
//! target leaves a topic's partitions unset, the count in effect after the change is
//! `max(current count in effect, advice)`: an advice above the current count is an increase (its
//! message says it follows the advice), one below it is no change, since Kafka cannot decrease a
//! count and an unset count asks for none. (The exports, which see one design, write the advice:
//! their diff then shows a decrease the plan does not make.) [`apply`] pins the count it raised.
//!
//! What it does **not** do: no IO, no async, no cluster access (broker ids are the design's
//! broker count as `0..n-1`, and the current replica placement is the round robin the analysis
//! assumes, leader `p mod brokers`: the generated JSON says so); it does not verify schema
//! compatibility itself (the analysis' schema rules do, and their findings are repeated); it does
//! not plan cluster changes (broker count, profile). It compiles to `wasm32-unknown-unknown`.
//!
//! The work is bounded: linear in nodes and edges, at most [`keys_moved::TOPIC_KEYS`] modelled
//! keys hashed per topic and [`keys_moved::PLAN_KEYS`] keys per plan (past them the closed form
//! is used and the result says `approximate`), and reassignment JSON listed for at most
//! [`reassignment::MAX_LISTED_REPLICAS`] replica entries per step. No input panics.

mod apply;
pub mod commands;
pub mod keys_moved;
pub mod reassignment;
mod state;
mod steps;

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;

use design::{Design, NodeKind};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use apply::apply;
pub use keys_moved::{KeyBasis, KeysMoved};
pub use state::{topic_settings, TopicSettings};

/// How the plan is made.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanOptions {
    /// The time a reassignment should take, in hours: the throttle is sized for it, on top of
    /// the writes the new replicas receive meanwhile (2.0).
    pub reassignment_hours: f64,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            reassignment_hours: 2.0,
        }
    }
}

/// The steps from one design to another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub steps: Vec<Step>,
    /// Whether any step is refused.
    pub refused: bool,
    /// `4 steps: 1 high risk, 1 refused, 1 destructive`, or `No changes to apply.`
    pub summary: String,
}

impl Plan {
    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

/// One step of a plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub kind: StepKind,
    /// The element's name (`orders`).
    pub element: String,
    pub element_id: String,
    pub element_kind: NodeKind,
    pub risk: Risk,
    /// Whether the step destroys data or state (deletes, removed groups, removed versions).
    pub destructive: bool,
    /// One sentence: what and why.
    pub message: String,
    /// Its effects, spelled out.
    pub consequences: Vec<String>,
    /// For a refused step: what to do instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative: Option<String>,
    /// Exact shell commands, in order (`$BOOTSTRAP`, `$SCHEMA_REGISTRY`, `$CONNECT` are the
    /// operator's). Empty for a refused step and for a client deploy.
    pub commands: Vec<String>,
    /// What [`apply`] sets.
    pub changes: Vec<Change>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys_moved: Option<KeysMoved>,
    /// `kafka-reassign-partitions.sh` JSON: `{"version":1,"partitions":[…]}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reassignment: Option<Value>,
    /// The file the commands read [`Step::reassignment`] from (`reassign-orders.json`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reassignment_file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_moved_bytes: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throttle_bytes_per_sec: Option<f64>,
    /// Storage the change adds (negative: frees), all replicas, overhead included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_delta_bytes: Option<f64>,
}

/// What a step does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    CreateTopic,
    DeleteTopic,
    IncreasePartitions,
    DecreasePartitions,
    ChangeReplicationFactor,
    ChangeTopicConfig,
    AddReader,
    RemoveReader,
    ScaleReader,
    /// A reader's subscriptions, outputs or settings.
    ChangeReader,
    AddWriter,
    RemoveWriter,
    ChangeWriter,
    AddSubject,
    RemoveSubject,
    RegisterSchemaVersions,
    RemoveSchemaVersions,
    ChangeSubjectCompatibility,
    /// A subject's topics, schema type, naming strategy or key/value side (design only).
    ChangeSubject,
}

impl StepKind {
    /// How people read it (`increase partitions`).
    pub fn label(self) -> &'static str {
        match self {
            StepKind::CreateTopic => "create topic",
            StepKind::DeleteTopic => "delete topic",
            StepKind::IncreasePartitions => "increase partitions",
            StepKind::DecreasePartitions => "decrease partitions",
            StepKind::ChangeReplicationFactor => "change replication factor",
            StepKind::ChangeTopicConfig => "change topic setting",
            StepKind::AddReader => "add reader",
            StepKind::RemoveReader => "remove reader",
            StepKind::ScaleReader => "scale reader",
            StepKind::ChangeReader => "change reader",
            StepKind::AddWriter => "add writer",
            StepKind::RemoveWriter => "remove writer",
            StepKind::ChangeWriter => "change writer",
            StepKind::AddSubject => "add schema subject",
            StepKind::RemoveSubject => "remove schema subject",
            StepKind::RegisterSchemaVersions => "register schema versions",
            StepKind::RemoveSchemaVersions => "remove schema versions",
            StepKind::ChangeSubjectCompatibility => "change compatibility",
            StepKind::ChangeSubject => "change schema subject",
        }
    }
}

/// How risky a step is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    Low,
    Medium,
    High,
    /// Kafka (or the studio's rules) refuses it: no commands, an alternative.
    Refused,
}

impl Risk {
    pub fn label(self) -> &'static str {
        match self {
            Risk::Low => "low",
            Risk::Medium => "medium",
            Risk::High => "high",
            Risk::Refused => "refused",
        }
    }
}

/// What a change sets: a Kafka setting in the node's `config`, a field of the node, a whole
/// node, or an edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeTarget {
    /// `config.<setting>` (`replication.factor`, `retention.ms`, `acks`, …).
    Config,
    /// A field of the node (`partitions`, `instances`, `name`, `versions`, …).
    Field,
    /// The whole node (`before` null: added; `after` null: removed, with its edges).
    Node,
    /// An edge touching the node (`before` null: added; `after` null: removed).
    Edge,
}

/// One machine-readable change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub element_id: String,
    /// Kafka's name for settings (`partitions`, `replication.factor`, `min.insync.replicas`,
    /// `cleanup.policy`, `retention.ms`, `instances`, …), `node` or `edge`.
    pub setting: String,
    pub before: Value,
    pub after: Value,
    pub target: ChangeTarget,
}

/// The plan from `from` to `to` with the default options.
pub fn plan(from: &Design, to: &Design) -> Plan {
    plan_with(from, to, &PlanOptions::default())
}

/// The plan from `from` to `to`.
pub fn plan_with(from: &Design, to: &Design, options: &PlanOptions) -> Plan {
    let steps = steps::all(from, to, options);
    let refused = steps.iter().any(|s| s.risk == Risk::Refused);
    let summary = summary(&steps);
    Plan {
        steps,
        refused,
        summary,
    }
}

/// `4 steps: 1 high risk, 1 refused, 1 destructive`, or `No changes to apply.`
pub fn summary(steps: &[Step]) -> String {
    if steps.is_empty() {
        return "No changes to apply.".into();
    }
    let count = |risk| steps.iter().filter(|s| s.risk == risk).count();
    let mut parts = Vec::new();
    let high = count(Risk::High);
    if high > 0 {
        parts.push(format!("{high} high risk"));
    }
    let medium = count(Risk::Medium);
    if medium > 0 {
        parts.push(format!("{medium} medium risk"));
    }
    let refused = count(Risk::Refused);
    if refused > 0 {
        parts.push(format!("{refused} refused"));
    }
    let destructive = steps.iter().filter(|s| s.destructive).count();
    if destructive > 0 {
        parts.push(format!("{destructive} destructive"));
    }
    let head = units::plural(steps.len(), "step", "steps");
    if parts.is_empty() {
        format!("{head}: all low risk")
    } else {
        format!("{head}: {}", parts.join(", "))
    }
}
