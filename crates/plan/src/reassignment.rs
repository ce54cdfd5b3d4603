//! A replication-factor change as Kafka makes it: a partition reassignment.
//!
//! The studio does not see the cluster, so the current placement is the one the analysis
//! assumes: brokers `0..n-1`, partition `p` led by broker `p mod n`, its replicas the next
//! brokers round the ring, `[(p + i) mod n for i in 0..rf]`. The new list keeps the current
//! replicas in their order (the leader stays) and adds the next brokers round the ring at the
//! end, or drops replicas from the end. Whatever is listed must be checked against
//! `kafka-topics.sh --describe` before it is executed (the step says so).
//!
//! The data a reassignment moves is the topic's stored bytes per replica (its sizing's storage
//! divided by its replication factor, at full retention) times the replicas added; the throttle
//! is what the busiest receiving broker must take in within the stated time.

use serde_json::{json, Value};

/// Most replica entries (partitions × replication factor) one step lists in its JSON; past
/// it the step gives the `--generate` command instead.
pub const MAX_LISTED_REPLICAS: u64 = 100_000;
/// Most replica entries one plan lists over all its steps.
pub const PLAN_LISTED_REPLICAS: u64 = 300_000;
/// The smallest throttle suggested (1 MB/s): below it a reassignment of a small topic would
/// crawl for no gain.
pub const MIN_THROTTLE: f64 = 1e6;

/// The replicas of partition `p` at replication factor `rf` on `brokers` brokers (round robin,
/// leader `p mod brokers`). `rf ≤ brokers`.
pub fn replicas(p: u32, rf: u32, brokers: u32) -> Vec<u32> {
    let n = brokers.max(1);
    (0..rf.min(n))
        .map(|i| ((u64::from(p) + u64::from(i)) % u64::from(n)) as u32)
        .collect()
}

/// What a replication-factor change moves.
#[derive(Clone, Debug, PartialEq)]
pub struct Reassignment {
    /// The JSON for `kafka-reassign-partitions.sh --reassignment-json-file`, or `None` past
    /// [`MAX_LISTED_REPLICAS`].
    pub json: Option<Value>,
    /// Replicas added over all partitions (0 when the factor decreases).
    pub added_replicas: u64,
    /// Bytes copied to new replicas.
    pub data_moved_bytes: f64,
    /// Bytes the busiest receiving broker takes in.
    pub busiest_broker_bytes: f64,
    /// The suggested `--throttle`, bytes per second.
    pub throttle_bytes_per_sec: f64,
}

/// The reassignment of `topic` (its name) with `partitions` partitions from `from_rf` to `to_rf`
/// replicas on `brokers` brokers, its `bytes_per_replica` stored on each replica, sized to take
/// `hours`, listing its JSON if it fits in [`MAX_LISTED_REPLICAS`] and what is left of
/// `listed_budget` (decreased by what is listed).
#[allow(clippy::too_many_arguments)]
pub fn reassign(
    topic: &str,
    partitions: u32,
    from_rf: u32,
    to_rf: u32,
    brokers: u32,
    bytes_per_replica: f64,
    hours: f64,
    listed_budget: &mut u64,
) -> Reassignment {
    let n = brokers.max(1);
    let (from_rf, to_rf) = (from_rf.min(n), to_rf.min(n));
    let added_per_partition = u64::from(to_rf.saturating_sub(from_rf));
    let added_replicas = added_per_partition * u64::from(partitions);
    let bytes_per_replica = if bytes_per_replica.is_finite() {
        bytes_per_replica.max(0.0)
    } else {
        0.0
    };
    let per_partition = if partitions > 0 {
        bytes_per_replica / f64::from(partitions)
    } else {
        0.0
    };
    let data_moved_bytes = per_partition * added_replicas as f64;
    // Added replica i of partition p goes to broker (p + from_rf + i) mod n: over the partitions
    // each broker receives either floor or ceil of the even share.
    let busiest = if added_replicas == 0 {
        0
    } else {
        added_replicas.div_ceil(u64::from(n))
    };
    let busiest_broker_bytes = per_partition * busiest as f64;
    let hours = if hours.is_finite() && hours > 0.0 {
        hours
    } else {
        2.0
    };
    let throttle_bytes_per_sec = readable_rate(busiest_broker_bytes / (hours * 3600.0));
    let listed = u64::from(partitions) * u64::from(to_rf.max(from_rf));
    let fits = listed <= MAX_LISTED_REPLICAS && listed <= *listed_budget;
    if fits {
        *listed_budget -= listed;
    }
    let json = fits.then(|| {
        let entries: Vec<Value> = (0..partitions)
            .map(|p| json!({"topic": topic, "partition": p, "replicas": replicas(p, to_rf, n)}))
            .collect();
        json!({"version": 1, "partitions": entries})
    });
    Reassignment {
        json,
        added_replicas,
        data_moved_bytes,
        busiest_broker_bytes,
        throttle_bytes_per_sec,
    }
}

/// A rate rounded up to two significant figures, at least [`MIN_THROTTLE`] (`12.3 MB/s` →
/// `13 MB/s`).
pub fn readable_rate(x: f64) -> f64 {
    if !(x.is_finite() && x > MIN_THROTTLE) {
        return MIN_THROTTLE;
    }
    let step = 10f64.powf(x.log10().floor() - 1.0);
    ((x / step).ceil() * step).round()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replicas_go_round_the_ring_from_the_leader() {
        assert_eq!(replicas(0, 3, 5), vec![0, 1, 2]);
        assert_eq!(replicas(4, 3, 5), vec![4, 0, 1]);
        assert_eq!(replicas(7, 2, 3), vec![1, 2]);
        // More replicas than brokers cannot be placed: capped (the step refuses it first).
        assert_eq!(replicas(0, 4, 3).len(), 3);
    }

    #[test]
    fn raising_the_factor_keeps_the_current_replicas_first() {
        for p in 0..20 {
            let before = replicas(p, 2, 6);
            let after = replicas(p, 3, 6);
            assert_eq!(&after[..2], &before[..]);
        }
    }

    #[test]
    fn the_data_moved_is_a_replica_per_partition_added() {
        // 12 partitions, 1.2 TB per replica, 2 → 3 on 6 brokers: 12 replicas added, 1.2 TB moved,
        // each broker receives 2 partitions (200 GB), over 2 h: 27.78 MB/s → 28 MB/s.
        let r = reassign(
            "orders",
            12,
            2,
            3,
            6,
            1.2e12,
            2.0,
            &mut PLAN_LISTED_REPLICAS.clone(),
        );
        assert_eq!(r.added_replicas, 12);
        assert!((r.data_moved_bytes - 1.2e12).abs() < 1.0);
        assert!((r.busiest_broker_bytes - 2e11).abs() < 1.0);
        assert_eq!(r.throttle_bytes_per_sec, 28e6);
        let json = r.json.unwrap();
        assert_eq!(json["partitions"].as_array().unwrap().len(), 12);
        assert_eq!(
            json["partitions"][5],
            json!({"topic": "orders", "partition": 5, "replicas": [5, 0, 1]})
        );
    }

    #[test]
    fn a_decrease_moves_nothing_and_a_huge_one_is_not_listed() {
        let r = reassign("t", 10, 3, 2, 3, 1e9, 2.0, &mut 0);
        assert_eq!((r.added_replicas, r.data_moved_bytes), (0, 0.0));
        assert_eq!(r.throttle_bytes_per_sec, MIN_THROTTLE);
        assert!(reassign("t", 40_000, 2, 3, 10, 1e9, 2.0, &mut { u64::MAX })
            .json
            .is_none());
    }

    #[test]
    fn rates_round_up_readably() {
        assert_eq!(readable_rate(12.3e6), 13e6);
        assert_eq!(readable_rate(0.2e6), 1e6);
        assert_eq!(readable_rate(f64::NAN), 1e6);
        assert_eq!(readable_rate(150e6), 150e6);
        assert_eq!(readable_rate(151e6), 160e6);
    }
}
