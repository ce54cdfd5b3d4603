//! Consumer capacity and lag for one group reading one topic.
//!
//! Per instance `r = 1000 / processing_ms_per_record × threads` records/s. Effective parallelism
//! `E = min(instances × threads, partitions)`; capacity `E × r`, but never more than
//! `r / share of the hottest partition`, because one consumer thread drains one partition.
//! Lag grows by `max(0, input − capacity)` records/s; an existing lag drains in
//! `lag / (capacity − input)`. The recommendation gives capacity ≥ input × 1.3.

use serde::Serialize;

/// Capacity ≥ input × this, in a recommendation.
pub const HEADROOM: f64 = 1.3;

/// What is known of a group reading a topic.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GroupInput {
    pub input_messages_per_sec: f64,
    pub instances: u32,
    pub threads_per_instance: u32,
    pub processing_ms_per_record: f64,
    pub partitions: u32,
    /// Share of the topic's records on its busiest partition (1 / partitions when even).
    pub hottest_partition_share: f64,
    /// Share of the topic's records carrying its single heaviest key (0 for null keys).
    pub heaviest_key_share: f64,
}

/// The verdict for a group reading a topic.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupLoad {
    pub input_messages_per_sec: f64,
    /// Records/s one consumer thread handles (`null` when processing takes no time).
    pub per_thread_messages_per_sec: Option<f64>,
    pub effective_parallelism: u32,
    /// Records/s the group can handle (`null`: unbounded).
    pub capacity_messages_per_sec: Option<f64>,
    /// Whether the hottest partition, not the instance count, limits the capacity.
    pub skew_limited: bool,
    pub lag_growth_messages_per_sec: f64,
    /// Instances with no partition to read.
    pub idle_instances: u32,
    /// Instances and partitions that give capacity ≥ input × 1.3.
    pub recommended_instances: u32,
    pub recommended_partitions: u32,
    /// Whether one key alone outruns a consumer thread: no partition or instance count fixes
    /// that, only a salted compound key.
    pub needs_key_salting: bool,
    pub formula: String,
}

impl GroupLoad {
    /// Seconds to drain an existing lag of `lag` records (`None` while lag grows or holds).
    pub fn drain_seconds(&self, lag: f64) -> Option<f64> {
        let capacity = self.capacity_messages_per_sec.unwrap_or(f64::INFINITY);
        let spare = capacity - self.input_messages_per_sec;
        (spare > 0.0).then(|| lag / spare)
    }
}

/// Works out capacity, lag growth and the recommendation.
pub fn group_load(g: GroupInput) -> GroupLoad {
    let threads = g.threads_per_instance.max(1);
    let consumers = g.instances.saturating_mul(threads);
    let partitions = g.partitions.max(1);
    let e = consumers.min(partitions);
    let idle_instances = g.instances.saturating_sub(partitions.div_ceil(threads));
    let input = g.input_messages_per_sec.max(0.0);
    let hottest = g.hottest_partition_share.clamp(1.0 / f64::from(partitions), 1.0);

    if g.processing_ms_per_record <= 0.0 {
        return GroupLoad {
            input_messages_per_sec: input,
            per_thread_messages_per_sec: None,
            effective_parallelism: e,
            capacity_messages_per_sec: None,
            skew_limited: false,
            lag_growth_messages_per_sec: 0.0,
            idle_instances,
            recommended_instances: g.instances.clamp(1, partitions),
            recommended_partitions: partitions,
            needs_key_salting: false,
            formula: "processing_ms_per_record = 0: the group is not the bottleneck".into(),
        };
    }

    let r = 1000.0 / g.processing_ms_per_record;
    let by_parallelism = f64::from(e) * r;
    let by_skew = r / hottest;
    let capacity = by_parallelism.min(by_skew);
    let skew_limited = by_skew < by_parallelism;
    let lag_growth = (input - capacity).max(0.0);

    // Recommendation: enough threads for input × 1.3, one partition per thread at least, and
    // the hottest partition within one thread's rate.
    let needed_threads = ((input * HEADROOM) / r).ceil().max(1.0) as u32;
    let recommended_instances = needed_threads.div_ceil(threads).max(1);
    let recommended_partitions = partitions.max(recommended_instances.saturating_mul(threads));
    let needs_key_salting = input * g.heaviest_key_share.clamp(0.0, 1.0) * HEADROOM > r;

    let formula = format!(
        "r = 1000 / {ms} ms = {r:.1}/s per thread; E = min({consumers} threads, {partitions} partitions) = {e}; \
         capacity = min(E × r = {by_parallelism:.0}/s, r / hottest share {hottest:.3} = {by_skew:.0}/s) = {capacity:.0}/s \
         against {input:.0}/s in",
        ms = g.processing_ms_per_record,
    );
    GroupLoad {
        input_messages_per_sec: input,
        per_thread_messages_per_sec: Some(r),
        effective_parallelism: e,
        capacity_messages_per_sec: Some(capacity),
        skew_limited,
        lag_growth_messages_per_sec: lag_growth,
        idle_instances,
        recommended_instances,
        recommended_partitions,
        needs_key_salting,
        formula,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn even(input: f64, instances: u32, ms: f64, partitions: u32) -> GroupInput {
        GroupInput {
            input_messages_per_sec: input,
            instances,
            threads_per_instance: 1,
            processing_ms_per_record: ms,
            partitions,
            hottest_partition_share: 1.0 / f64::from(partitions),
            heaviest_key_share: 0.0,
        }
    }

    #[test]
    fn the_domain_example_keeps_up() {
        // 10 000 msg/s into 12 partitions, 4 instances at 2 ms: r = 500/s, capacity 2 000/s.
        let g = group_load(even(10_000.0, 4, 2.0, 12));
        assert_eq!(g.per_thread_messages_per_sec, Some(500.0));
        assert_eq!(g.effective_parallelism, 4);
        assert_eq!(g.capacity_messages_per_sec, Some(2_000.0));
        assert_eq!(g.lag_growth_messages_per_sec, 8_000.0);
        // 10 000 × 1.3 / 500 = 26 instances, which needs 26 partitions.
        assert_eq!(g.recommended_instances, 26);
        assert_eq!(g.recommended_partitions, 26);
        assert!(!g.needs_key_salting);
        assert_eq!(g.drain_seconds(1e6), None);
    }

    #[test]
    fn idle_instances_are_counted() {
        let g = group_load(even(100.0, 8, 1.0, 6));
        assert_eq!(g.idle_instances, 2);
        assert_eq!(g.effective_parallelism, 6);
    }

    #[test]
    fn a_hot_partition_caps_the_group() {
        let mut input = even(1_000.0, 12, 2.0, 12);
        input.hottest_partition_share = 0.5; // one key takes half the records
        input.heaviest_key_share = 0.5;
        let g = group_load(input);
        assert!(g.skew_limited);
        assert_eq!(g.capacity_messages_per_sec, Some(1_000.0)); // 500/s ÷ 0.5
        assert!(g.needs_key_salting); // 500/s on one partition × 1.3 > 500/s
    }

    #[test]
    fn spare_capacity_drains_a_lag() {
        let g = group_load(even(1_000.0, 4, 1.0, 4)); // capacity 4 000/s
        assert_eq!(g.drain_seconds(3e6), Some(1_000.0));
    }

    #[test]
    fn free_processing_is_never_the_bottleneck() {
        let g = group_load(even(1e6, 1, 0.0, 1));
        assert_eq!(g.capacity_messages_per_sec, None);
        assert_eq!(g.lag_growth_messages_per_sec, 0.0);
    }
}
