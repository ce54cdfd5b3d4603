//! Documents made from a design and its analysis: what goes into design docs and deployments.
//!
//! * [`iac`]: topics as code: a `kafka-topics.sh` script, Strimzi `KafkaTopic` YAML and
//!   Terraform `confluent_kafka_topic` resources;
//! * [`markdown`]: the Markdown spec: summary, a Mermaid flowchart of the topology, tables of
//!   topics, producers and readers, sizing with its formulas, hotspots, latency, findings.
//!
//! * [`charts`]: the five charts as SVG (plotters): partition load, broker utilisation,
//!   storage growth, consumer lag, latency;
//! * [`topology`]: the design drawn as SVG from its layout, for documents;
//! * [`bundle`]: the Markdown spec as a `.zip` with its charts;
//! * [`pdf`]: the typeset PDF spec (typst as a library, fonts embedded);
//! * [`limits`]: which designs fit which document (a PDF has a size limit).
//!
//! Non-goals: no IO, no HTTP, no analysis of its own (it renders what `analysis` computed).
//! Every user-typed name is made one line ([`text`]) and escaped for the format it is written
//! into; tests read every format back with its own parser.

pub mod bundle;
pub mod charts;
pub mod iac;
pub mod limits;
pub mod markdown;
pub mod pdf;
pub mod text;
pub mod topology;

#[cfg(test)]
mod document_tests;
#[cfg(test)]
mod escaping_tests;
#[cfg(test)]
mod tests;
