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
//! divided by its replication factor, at full retention) times the replicas added.
//!
//! The throttle (`--throttle`, the brokers' `*.replication.throttled.rate`) caps everything the
//! moving replicas replicate, *new writes included*: a new replica copies the partition's past
//! and, all the while, what producers keep appending to it. A throttle below the rate writes
//! arrive on the moving partitions never lets the new replicas catch up, and `--verify` never
//! reports them complete. So the throttle is the busiest receiving broker's two needs together,
//! with a margin ([`THROTTLE_MARGIN`]), rounded up readably ([`readable_rate`]):
//!
//! * the writes it receives on its added replicas: the topic's write rate × its share of the
//!   partitions (added replicas ÷ partitions, an even spread of writes assumed), and
//! * the catch-up: the stored bytes it receives ÷ the stated time.

use serde_json::{json, Value};

/// Most replica entries (partitions × replication factor) one step lists in its JSON; past
/// it the step gives a script that builds the JSON from the cluster's real assignment
/// ([`crate::commands::reassign_build`]).
pub const MAX_LISTED_REPLICAS: u64 = 100_000;
/// Most replica entries one plan lists over all its steps.
pub const PLAN_LISTED_REPLICAS: u64 = 300_000;
/// The smallest throttle suggested (1 MB/s): below it a reassignment of a small topic would
/// crawl for no gain.
pub const MIN_THROTTLE: f64 = 1e6;
/// The headroom over what the busiest receiving broker needs (writes arrive unevenly, and the
/// leaders also serve their followers and consumers): ×1.2.
pub const THROTTLE_MARGIN: f64 = 1.2;

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
    /// Replicas the busiest receiving broker gets.
    pub busiest_broker_replicas: u64,
    /// Bytes per second new writes bring to the busiest receiving broker's added replicas.
    pub busiest_broker_writes_per_sec: f64,
    /// Bytes per second the busiest receiving broker copies to catch up within the time.
    pub catch_up_bytes_per_sec: f64,
    /// The suggested `--throttle`, bytes per second: (writes + catch-up) × [`THROTTLE_MARGIN`],
    /// rounded up, at least [`MIN_THROTTLE`].
    pub throttle_bytes_per_sec: f64,
}

impl Reassignment {
    /// How long the busiest receiving broker takes to catch up at the throttle, in seconds:
    /// what is left of the throttle once the new writes are replicated goes to the past.
    pub fn catch_up_secs(&self) -> f64 {
        let spare = self.throttle_bytes_per_sec - self.busiest_broker_writes_per_sec;
        if self.busiest_broker_bytes <= 0.0 {
            0.0
        } else if spare > 0.0 {
            self.busiest_broker_bytes / spare
        } else {
            f64::INFINITY
        }
    }
}

/// The reassignment of `topic` (its name) with `partitions` partitions from `from_rf` to `to_rf`
/// replicas on `brokers` brokers, its `bytes_per_replica` stored on each replica and
/// `write_bytes_per_sec` written to it, sized to take `hours`, listing its JSON if it fits in
/// [`MAX_LISTED_REPLICAS`] and what is left of `listed_budget` (decreased by what is listed).
#[allow(clippy::too_many_arguments)]
pub fn reassign(
    topic: &str,
    partitions: u32,
    from_rf: u32,
    to_rf: u32,
    brokers: u32,
    bytes_per_replica: f64,
    write_bytes_per_sec: f64,
    hours: f64,
    listed_budget: &mut u64,
) -> Reassignment {
    let n = brokers.max(1);
    let (from_rf, to_rf) = (from_rf.min(n), to_rf.min(n));
    let added_per_partition = u64::from(to_rf.saturating_sub(from_rf));
    let added_replicas = added_per_partition * u64::from(partitions);
    let non_negative = |x: f64| if x.is_finite() { x.max(0.0) } else { 0.0 };
    let bytes_per_replica = non_negative(bytes_per_replica);
    let write_bytes_per_sec = non_negative(write_bytes_per_sec);
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
    // Each added replica receives its partition's share of the writes from the moment it is
    // created until it is in sync, on top of the past it copies.
    let busiest_broker_writes_per_sec = if partitions > 0 {
        write_bytes_per_sec * busiest as f64 / f64::from(partitions)
    } else {
        0.0
    };
    let catch_up_bytes_per_sec = busiest_broker_bytes / (hours * 3600.0);
    let throttle_bytes_per_sec =
        readable_rate((busiest_broker_writes_per_sec + catch_up_bytes_per_sec) * THROTTLE_MARGIN);
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
        busiest_broker_replicas: busiest,
        busiest_broker_writes_per_sec,
        catch_up_bytes_per_sec,
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
    // A hair of tolerance: 30.000000000001 MB/s from floating-point sums is 30 MB/s, not 31.
    ((x / step - 1e-9).ceil() * step).round()
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
        // each broker receives 2 partitions (200 GB), over 2 h: 27.78 MB/s, × 1.2 → 34 MB/s
        // (nothing written meanwhile).
        let r = reassign(
            "orders",
            12,
            2,
            3,
            6,
            1.2e12,
            0.0,
            2.0,
            &mut PLAN_LISTED_REPLICAS.clone(),
        );
        assert_eq!(r.added_replicas, 12);
        assert!((r.data_moved_bytes - 1.2e12).abs() < 1.0);
        assert!((r.busiest_broker_bytes - 2e11).abs() < 1.0);
        assert_eq!(r.busiest_broker_replicas, 2);
        assert_eq!(r.throttle_bytes_per_sec, 34e6);
        let json = r.json.unwrap();
        assert_eq!(json["partitions"].as_array().unwrap().len(), 12);
        assert_eq!(
            json["partitions"][5],
            json!({"topic": "orders", "partition": 5, "replicas": [5, 0, 1]})
        );
    }

    #[test]
    fn a_decrease_moves_nothing_and_a_huge_one_is_not_listed() {
        let r = reassign("t", 10, 3, 2, 3, 1e9, 1e6, 2.0, &mut 0);
        assert_eq!((r.added_replicas, r.data_moved_bytes), (0, 0.0));
        assert_eq!(r.throttle_bytes_per_sec, MIN_THROTTLE);
        assert_eq!(r.catch_up_secs(), 0.0);
        assert!(reassign("t", 40_000, 2, 3, 10, 1e9, 1e6, 2.0, &mut { u64::MAX })
            .json
            .is_none());
    }

    #[test]
    fn the_throttle_carries_the_new_writes_on_top_of_the_catch_up() {
        // Retention 1 h at 100 MB/s: 360 GB per replica, 12 partitions of 30 GB; 2 → 3 on 6
        // brokers, each broker gets 2 new replicas: 60 GB to copy in 2 h (8.33 MB/s) while
        // 2/12 of the 100 MB/s written keep arriving on them (16.67 MB/s): 25 MB/s × 1.2.
        // Sized on the stored bytes alone (8.4 MB/s) it would be below the write rate the new
        // replicas receive, and they would never catch up.
        let r = reassign(
            "clicks",
            12,
            2,
            3,
            6,
            360e9,
            100e6,
            2.0,
            &mut PLAN_LISTED_REPLICAS.clone(),
        );
        assert!((r.busiest_broker_writes_per_sec - 100e6 / 6.0).abs() < 1.0);
        assert!((r.catch_up_bytes_per_sec - 60e9 / 7200.0).abs() < 1.0);
        assert_eq!(r.throttle_bytes_per_sec, 30e6);
        assert!(r.throttle_bytes_per_sec > r.busiest_broker_writes_per_sec);
        // What is left over the writes catches up within the time: 60 GB at 13.33 MB/s, 75 min.
        assert!((r.catch_up_secs() - 4500.0).abs() < 1.0, "{}", r.catch_up_secs());
        // Whatever the figures, the throttle leaves room over the writes to catch up in time.
        for (bytes, write, hours) in [(1e9, 500e6, 0.5), (1e15, 1.0, 24.0), (0.0, 30e6, 2.0)] {
            let r = reassign("t", 7, 1, 3, 5, bytes, write, hours, &mut 0);
            assert!(r.throttle_bytes_per_sec >= r.busiest_broker_writes_per_sec * THROTTLE_MARGIN);
            assert!(r.catch_up_secs() <= hours * 3600.0, "{r:?}");
        }
    }

    #[test]
    fn rates_round_up_readably() {
        assert_eq!(readable_rate(12.3e6), 13e6);
        assert_eq!(readable_rate(0.2e6), 1e6);
        assert_eq!(readable_rate(f64::NAN), 1e6);
        assert_eq!(readable_rate(150e6), 150e6);
        assert_eq!(readable_rate(151e6), 160e6);
        assert_eq!(readable_rate(25e6 * 1.2), 30e6);
    }
}
