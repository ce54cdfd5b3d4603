//! The partition count each topic should have.
//!
//! `P = round up to a multiple of the broker count of max(ceil(W/p), ceil(W/c), 3 × largest
//! consumer parallelism, 1)`, with `W` the topic's write rate including growth and `p = c =
//! 10 MB/s` the throughput one partition sustains for producers and for consumers.

use design::NodeKind;
use serde::Serialize;

use crate::flow::TopicFlow;
use crate::graph::Graph;

/// The most partitions advised for one topic: the validator's own limit for `partitions`.
pub const MAX_PARTITIONS: u32 = design::rules::MAX_PARTITIONS;

/// Default per-partition throughput for producers (`p`) and consumers (`c`), bytes/s.
pub const PARTITION_THROUGHPUT_BYTES_PER_SEC: f64 = 10e6;
/// Above this many partitions on one topic, a warning.
pub const MANY_PARTITIONS: u32 = 50;

/// The recommendation for one topic, with every term of the max.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartitionAdvice {
    pub topic: String,
    pub by_producer_throughput: u32,
    pub by_consumer_throughput: u32,
    /// 3 × the largest number of instances × threads among the topic's readers.
    pub by_consumer_parallelism: u32,
    pub before_rounding: u32,
    pub brokers: u32,
    /// At most [`MAX_PARTITIONS`] (the largest multiple of the broker count within it).
    pub recommended: u32,
    /// Whether the terms asked for more than [`MAX_PARTITIONS`].
    pub capped: bool,
    pub current: Option<u32>,
    pub formula: String,
}

/// Recommends partitions for `flow` on a cluster of `brokers`.
pub fn advise(graph: &Graph, flow: &TopicFlow, brokers: u32) -> PartitionAdvice {
    let w = flow.write_bytes_per_sec;
    // A float past u32::MAX converts to u32::MAX: the cap below applies.
    let by_p = (w / PARTITION_THROUGHPUT_BYTES_PER_SEC).ceil() as u32;
    let by_c = by_p; // p = c by default
    let parallelism = flow
        .readers
        .iter()
        .filter_map(|id| graph.by_id.get(id.as_str()))
        .filter(|n| n.kind.reads_topics() && n.kind != NodeKind::Topic)
        .map(|n| {
            n.instances
                .unwrap_or(1)
                .saturating_mul(n.threads_per_instance.unwrap_or(1))
        })
        .max()
        .unwrap_or(0);
    let by_par = parallelism.saturating_mul(3);
    let before = by_p.max(by_c).max(by_par).max(1);
    let b = brokers.max(1);
    let rounded = u64::from(before.div_ceil(b)) * u64::from(b);
    let capped = rounded > u64::from(MAX_PARTITIONS);
    let recommended = if capped {
        // The largest multiple of the broker count within the cap (the cap itself when the
        // brokers outnumber it).
        (MAX_PARTITIONS / b * b).max(MAX_PARTITIONS.min(b))
    } else {
        rounded as u32
    };
    PartitionAdvice {
        topic: flow.id.clone(),
        by_producer_throughput: by_p,
        by_consumer_throughput: by_c,
        by_consumer_parallelism: by_par,
        before_rounding: before,
        brokers: b,
        recommended,
        capped,
        current: flow.partitions,
        formula: format!(
            "max(ceil({w} / 10 MB/s) = {by_p}, ceil({w} / 10 MB/s) = {by_c}, 3 × {parallelism} = {by_par}, 1) = {before}, \
             rounded up to a multiple of {b} brokers = {rounded}{cap}",
            w = units::bytes_rate(w),
            cap = if capped {
                format!(", held at {recommended} (at most {MAX_PARTITIONS} per topic)")
            } else {
                String::new()
            }
        ),
    }
}
