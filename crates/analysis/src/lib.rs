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
//! * [`peak`]: lag over the load profile's peak windows, minute by minute, and the partitions
//!   and instances to have before a window (pre-scale);
//! * [`rules`]: the lint rules in one registry (id, severity, title, why, fix, check), and the
//!   findings they make, each with its rule's id, a severity and a fix;
//! * [`compression`]: compression ratios per topic (stated defaults, overridable);
//! * [`zones`]: traffic between availability zones (rack-aware placement, KIP-392);
//! * [`cost`]: the monthly cost of the design on each deployment target of a dated price
//!   table, every line with its formula and price, the cheapest target that fits, growth;
//! * [`analyze()`]: all of it in one result, as the API serves it;
//! * [`check()`]: the design's rules and the engine's limits, before analysing.
//!
//! Non-goals: no IO, no async, no storage, no drawing. Every result carries the inputs it was
//! computed from, because "why 5 brokers?" is the first question in every review.
//!
//! # Bounded work
//!
//! Every request to the studio runs this engine, and so does every keystroke in the editor, so
//! no input may make it allocate or compute without bound. The design's size is bounded by the
//! validator (5 000 nodes, 20 000 edges, 10^6 pasted keys, …), and within that:
//!
//! * neighbours are looked up in one index ([`graph`]): linear in nodes and edges;
//! * counts derived from the numbers are capped at the validator's limits: at most
//!   [`sizing::MAX_BROKERS`] brokers and [`partitions::MAX_PARTITIONS`] partitions per topic
//!   (a finding says when a design needs more), so no vector is sized by an unbounded number;
//! * rates are held at [`flow::MAX_RATE`], so no value is infinite or NaN;
//! * pasted keys are merged once per producer in O(n log n), collisions included; at most
//!   [`hotspot::PLACEMENT_BUDGET`] keys are placed one by one per analysis;
//! * latency paths stop at [`latency::MAX_PATHS`] paths and [`latency::MAX_PATH_NODES`] nodes;
//! * per-partition shares are listed for [`analyze::MAX_LISTED_PARTITIONS`] partitions at most;
//! * the peak simulation takes at most [`peak::MAX_PEAK_STEPS`] steps (coarser than a minute
//!   past it) and lists at most [`peak::MAX_PEAK_POINTS`] points.

pub mod analyze;
pub mod compression;
pub mod cost;
pub mod flow;
pub mod graph;
pub mod hotspot;
pub mod keys;
pub mod lag;
pub mod latency;
pub mod limits;
pub mod partitioner;
pub mod partitions;
pub mod peak;
pub mod profiles;
pub mod rules;
pub mod sizing;
pub mod zones;

#[cfg(test)]
mod worked_examples;

pub use analyze::{analyze, Analysis};
pub use limits::check;

#[cfg(test)]
pub(crate) mod tests {
    /// The paths of every `null` in a JSON value (serde_json writes NaN and infinities so).
    pub(crate) fn nulls(v: &serde_json::Value, at: &str, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Null => out.push(at.to_string()),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    nulls(item, &format!("{at}[{i}]"), out);
                }
            }
            serde_json::Value::Object(map) => {
                for (k, item) in map {
                    nulls(item, &format!("{at}.{k}"), out);
                }
            }
            _ => {}
        }
    }
}
