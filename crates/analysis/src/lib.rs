//! The analysis engine: what a design takes to run, and what will go wrong.
//!
//! Pure functions of a `design` document, following the rules and worked examples of the
//! studio's Kafka domain notes. This crate will hold:
//!
//! * sizing: write and read throughput, replication, broker ingress/egress, storage (delete and
//!   compacted topics), the broker count with its binding constraint named;
//! * partition counts per topic, with every term of the formula shown;
//! * hotspots: Kafka's own partitioner, bit-exact (`murmur2`, `toPositive`, modulo), applied to
//!   the producers' key distributions;
//! * consumer capacity and lag, end-to-end latency per source → sink path;
//! * lint: every configuration rule, each finding with a rule id, severity, element and fix.
//!
//! Non-goals: no IO, no async, no storage, no drawing. Every result carries the inputs it was
//! computed from, because "why 5 brokers?" is the first question in every review.

pub mod partitioner;
