//! The analysis engine: what a design takes to run, and what will go wrong.
//!
//! Pure functions of a `design` document, following the rules and worked examples of the
//! studio's Kafka domain notes. Sizes are SI decimal (1 KB = 1 000 B), rates per second.
//!
//! * [`flow`]: the write rate into every topic and who reads it;
//! * [`sizing`]: throughput, replication, ingress/egress, storage (delete and compacted
//!   topics), the broker count with its binding constraint named and every term's formula;
//! * [`partitions`]: the partition count per topic, with every term shown;
//! * [`partitioner`]: Kafka's own partitioner, bit-exact (`murmur2`, `toPositive`, modulo);
//! * [`hotspot`]: per-partition load from key distributions, hot keys, salting;
//! * [`lag`]: consumer capacity (skew-aware), lag growth, drain time, recommendations;
//! * [`latency`]: end-to-end latency per source → sink path, hop by hop;
//! * [`lint`]: the configuration rules, each finding with a rule id, severity and fix;
//! * [`analyze()`]: all of it in one result, as the API serves it.
//!
//! Non-goals: no IO, no async, no storage, no drawing. Every result carries the inputs it was
//! computed from, because "why 5 brokers?" is the first question in every review.

pub mod analyze;
pub mod flow;
pub mod hotspot;
pub mod keys;
pub mod lag;
pub mod latency;
pub mod lint;
pub mod partitioner;
pub mod partitions;
pub mod profiles;
pub mod sizing;

#[cfg(test)]
mod worked_examples;

pub use analyze::{analyze, Analysis};
