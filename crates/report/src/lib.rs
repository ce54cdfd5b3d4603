//! Documents made from a design and its analysis: what goes into design docs and deployments.
//!
//! * [`iac`]: topics as code: a `kafka-topics.sh` script, Strimzi `KafkaTopic` YAML and
//!   Terraform `confluent_kafka_topic` resources;
//! * [`markdown`]: the Markdown spec: summary, a Mermaid flowchart of the topology, tables of
//!   topics, producers and readers, sizing with its formulas, hotspots, latency, findings.
//!
//! Still to come (issue 6): charts as SVG (plotters), the zip with charts, the typeset PDF spec.
//!
//! Non-goals: no IO, no HTTP, no analysis of its own (it renders what `analysis` computed).
//! Every user-typed name is escaped for the format it is written into.

pub mod iac;
pub mod markdown;

#[cfg(test)]
mod tests;
