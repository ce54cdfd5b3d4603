//! The Kafka topology model: the `kafka-design/v1` document and its rules.
//!
//! A design is a graph of producers, source connectors, topics (with `dlq` and `retry` roles),
//! stream processors, consumer groups, sink connectors and schema subjects, each carrying the
//! numbers and Kafka settings that matter, spelled as Kafka spells them (`min.insync.replicas`,
//! `linger.ms`, `cleanup.policy`). This crate will hold:
//!
//! * the serde types of the document and its schema version;
//! * the graph rules: legal edges (producer/source connector/stream processor → topic;
//!   topic → stream processor/consumer group/sink connector; schema subject — topic), unique
//!   ids, no dangling edges, numeric ranges; every violation a structured error naming the
//!   element and the field;
//! * Kafka's defaults, so that a client can show the effective value of every unset setting.
//!
//! Non-goals: no IO, no async, no analysis (that is `analysis`), no rendering (`report`). It
//! compiles for native targets and for `wasm32-unknown-unknown`, so the editor validates in the
//! browser with the same code the server uses.

pub mod defaults;
pub mod deployment;
pub mod diff;
pub mod keys;
pub mod layout;
pub mod merge;
pub mod model;
pub mod names;
pub mod parse;
pub mod profile;
pub mod rules;
pub mod snapshot;
pub mod subject;
pub mod templates;

#[cfg(test)]
mod hostile_tests;
#[cfg(test)]
mod tests;

pub use deployment::Deployment;
pub use diff::{diff, DesignDiff, DiffSummary};
pub use merge::{merge, Merged};
pub use model::{
    Cluster, Design, Edge, Engine, KeyDistribution, KeySpec, Node, NodeKind, PastedKeys, Position, Server,
    TopicRole, SCHEMA,
};
pub use parse::{parse, ParseError};
pub use profile::{LoadProfile, PeakWindow};
pub use rules::{edge_refusal, validate, Element, Problem};
pub use subject::{Compatibility, NamingStrategy, SchemaType, SchemaVersion};
