//! Documents made from a design and its analysis: what goes into design docs and deployments.
//!
//! * [`iac`]: topics as code: a `kafka-topics.sh` script, Strimzi `KafkaTopic` YAML and
//!   Terraform `confluent_kafka_topic` resources;
//! * [`markdown`]: the Markdown spec: summary, a Mermaid flowchart of the topology, tables of
//!   topics, producers and readers, sizing with its formulas, hotspots, latency, peak windows
//!   (`peaks`), cost per deployment target ([`cost`]), findings;
//! * [`charts`]: the eight charts as SVG (plotters): partition load, broker utilisation,
//!   storage growth, consumer lag, latency, lag over the peak windows, cost by component per
//!   target and cost over growth;
//! * [`topology`]: the design drawn as SVG from its layout, whole (as in the studio) or cut
//!   into legible pages for the PDF (an overview and a group's pages for large designs);
//! * [`bundle`]: the Markdown spec as a `.zip` with its charts;
//! * [`runbook`]: a change plan (`plan` crate) as a Markdown runbook: the steps, the commands
//!   in order with the destructive steps apart, reassignment JSON, and the Strimzi and
//!   Terraform files of both designs as unified diffs;
//! * [`spec_source`]: the PDF spec as typst markup, its tables sized to their content before
//!   typst lays them out, and [`pdf`] (feature `pdf`): typeset by typst as a library, fonts
//!   embedded;
//! * `facts` (private): what every document says, worded once (roles, constraints, findings in
//!   order, settings in units, partitions with their advice).
//! * [`reviews`]: the appendix of the open review threads (`api::Comment`s) that the Markdown,
//!   the zip and the PDF end with when asked ([`export::export_with_threads`]);
//! * [`limits`]: which designs fit which document (a PDF has a size limit);
//! * [`export`]: the export formats by name and the one dispatch the server's CLI and HTTP
//!   API call; failures are an [`Error`].
//!
//! Non-goals: no IO, no HTTP, no analysis of its own (it renders what `analysis` computed).
//! Every user-typed name is made one line ([`text`]) and escaped for the format it is written
//! into; tests read every format back with its own parser.

pub mod bundle;
pub mod charts;
pub mod cost;
mod data_contracts;
mod error;
pub mod export;
mod facts;
pub mod iac;
pub mod limits;
pub mod links;
pub mod markdown;
#[cfg(feature = "pdf")]
pub mod pdf;
mod peaks;
pub mod reviews;
pub mod runbook;
pub mod spec_source;
pub mod text;
pub mod topology;

pub use error::{Error, Result};
pub use links::Links;

#[cfg(test)]
mod data_contracts_tests;
#[cfg(all(test, feature = "pdf"))]
mod document_tests;
#[cfg(all(test, feature = "pdf"))]
mod escaping_tests;
#[cfg(all(test, feature = "pdf"))]
mod pdf_layout_tests;
#[cfg(test)]
mod samples;
#[cfg(test)]
mod tests;
