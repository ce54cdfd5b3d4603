//! Documents made from a design and its analysis: what goes into design docs and deployments.
//!
//! This crate will hold pure functions that turn a design and its analysis into:
//!
//! * charts as SVG (plotters): partition load, broker utilisation, storage growth, consumer
//!   lag, latency per hop, and the topology picture;
//! * the Markdown spec (with a Mermaid flowchart and tables) and the typeset PDF spec;
//! * topics as code: `kafka-topics.sh`, Strimzi `KafkaTopic` YAML, Terraform.
//!
//! Non-goals: no IO, no HTTP, no analysis of its own (it renders what `analysis` computed).
//! Every user-typed name is escaped for the format it is written into.
