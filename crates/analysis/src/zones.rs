//! Traffic between availability zones: the bytes per second that cross a zone boundary, the
//! line of a cloud bill that surprises teams most.
//!
//! The model, with `Z` zones:
//!
//! * **rack-aware placement** (`broker.rack` set): a partition's replicas spread over the zones
//!   as evenly as they go (with RF ≤ Z, every replica in a different zone);
//! * producers and consumers spread evenly over the zones, and leaders too;
//! * **producer → leader**: a producer is in the leader's zone one time in `Z`, so
//!   `W × (Z − 1) / Z` crosses;
//! * **replication**: every follower in a zone other than its leader's fetches `W` across:
//!   `W × E[followers outside the leader's zone]`, which is `RF − 1` when RF ≤ Z (in general
//!   `RF − Σ nᵢ² / RF`, with `nᵢ` the replicas in zone i and the leader in zone i with
//!   probability `nᵢ / RF`);
//! * **consumer ← leader**: `R × (Z − 1) / Z`; with **follower fetching** (KIP-392: consumers
//!   set `client.rack`, brokers `replica.selector.class` = `RackAwareReplicaSelector`) a consumer
//!   reads from a replica in its own zone, which exists in `min(RF, Z)` zones of `Z`, so only
//!   `R × (Z − min(RF, Z)) / Z` crosses (nothing when RF ≥ Z). Reads that leave over the
//!   internet (`internet_egress_share` of them) are billed as internet egress, not as
//!   cross-zone: only `R × (1 − share)` is spread over the zones.
//!
//! Bytes are the compressed bytes the brokers move (`W` and `R` after the topic's compression
//! ratio; the producers' `W` in their own codec, which a topic's `compression.type` does not
//! change). Prices are not here: the cost model puts a price on these bytes (AWS bills a
//! crossing GB once out of a zone and once into the other). Not modelled: inter-broker traffic
//! for partition reassignment, controller traffic, clients outside the region.

use serde::Serialize;

use crate::flow::TopicFlow;

/// The bytes per second crossing zones, by cause.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CrossZone {
    pub zones: u32,
    pub follower_fetching: bool,
    /// Producers writing to a leader in another zone.
    pub producer_bytes_per_sec: f64,
    /// Followers fetching from a leader in another zone.
    pub replication_bytes_per_sec: f64,
    /// Consumers reading from a broker in another zone.
    pub consumer_bytes_per_sec: f64,
    pub total_bytes_per_sec: f64,
    /// Each term with its inputs.
    pub formula: String,
}

/// The expected number of a partition's followers outside its leader's zone, with `rf`
/// replicas spread as evenly as they go over `zones` zones (`rf − 1` when `rf ≤ zones`).
pub fn cross_zone_followers(rf: u32, zones: u32) -> f64 {
    if rf <= 1 || zones <= 1 {
        return 0.0;
    }
    let (base, extra) = (rf / zones, rf % zones);
    // `extra` zones hold base + 1 replicas, the others base.
    let sq =
        f64::from(extra) * f64::from(base + 1).powi(2) + f64::from(zones - extra) * f64::from(base).powi(2);
    f64::from(rf) - sq / f64::from(rf)
}

/// The share of a topic's reads that cross zones: `(Z − 1) / Z`, or with follower fetching
/// `(Z − min(RF, Z)) / Z`.
pub fn consumer_cross_share(rf: u32, zones: u32, follower_fetching: bool) -> f64 {
    if zones <= 1 {
        return 0.0;
    }
    let z = f64::from(zones);
    if follower_fetching {
        (z - f64::from(rf.clamp(1, zones))) / z
    } else {
        (z - 1.0) / z
    }
}

/// The cross-zone traffic of the topics over `zones` zones, `internet_share` of the reads
/// leaving over the internet instead (a service that does not bill replication between its
/// brokers, as Amazon MSK, leaves that term out of its price).
pub fn cross_zone(
    topics: &[TopicFlow],
    zones: u32,
    follower_fetching: bool,
    internet_share: f64,
) -> CrossZone {
    let zones = zones.max(1);
    let in_cloud = if internet_share.is_finite() {
        1.0 - internet_share.clamp(0.0, 1.0)
    } else {
        1.0
    };
    let z = f64::from(zones);
    let mut c = CrossZone {
        zones,
        follower_fetching,
        ..CrossZone::default()
    };
    for t in topics {
        let w = t.write_bytes_per_sec * t.compression_ratio;
        let r = w * t.full_reads * in_cloud;
        // Producers send their own codec's batches, whatever the topic recompresses to.
        c.producer_bytes_per_sec += t.write_bytes_per_sec * t.produce_ratio * (z - 1.0) / z;
        c.replication_bytes_per_sec += w * cross_zone_followers(t.replication_factor, zones);
        c.consumer_bytes_per_sec += r * consumer_cross_share(t.replication_factor, zones, follower_fetching);
    }
    c.total_bytes_per_sec = c.producer_bytes_per_sec + c.replication_bytes_per_sec + c.consumer_bytes_per_sec;
    let r = if in_cloud < 1.0 {
        format!("R × {in_cloud:.2} in the cloud")
    } else {
        "R".into()
    };
    c.formula = format!(
        "producers W × ({zones} − 1)/{zones} = {} + replication W × followers outside the leader's zone = {} + consumers {} = {}",
        units::bytes_rate(c.producer_bytes_per_sec),
        units::bytes_rate(c.replication_bytes_per_sec),
        if follower_fetching {
            format!(
                "{r} × ({zones} − min(RF, {zones}))/{zones} (follower fetching, KIP-392) = {}",
                units::bytes_rate(c.consumer_bytes_per_sec)
            )
        } else {
            format!(
                "{r} × ({zones} − 1)/{zones} = {}",
                units::bytes_rate(c.consumer_bytes_per_sec)
            )
        },
        units::bytes_rate(c.total_bytes_per_sec),
    );
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn flow(w: f64, rf: u32, reads: f64) -> TopicFlow {
        TopicFlow {
            id: "t".into(),
            name: "t".into(),
            messages_per_sec: w / 1000.0,
            write_bytes_per_sec: w,
            readers: vec!["g".into()],
            full_reads: reads,
            replication_factor: rf,
            partitions: Some(12),
            retention_ms: 604_800_000,
            compacted: false,
            compression_ratio: 1.0,
            produce_ratio: 1.0,
            tiered: false,
            local_retention_ms: None,
            local_retention_bytes: None,
        }
    }

    /// RF 3 over three zones, one group reading 50 MB/s, by hand:
    /// producers: 2 of 3 writes go to a leader in another zone: 50 × 2/3 = 33.33 MB/s;
    /// replication: both followers are in other zones: 50 × 2 = 100 MB/s;
    /// consumers: 2 of 3 reads come from a leader in another zone: 50 × 2/3 = 33.33 MB/s;
    /// total 166.67 MB/s. With follower fetching every zone holds a replica, so consumers
    /// cross nothing: 133.33 MB/s.
    #[test]
    fn rf3_over_three_zones_one_group_matches_the_hand_calculation() {
        let topics = [flow(50e6, 3, 1.0)];
        let c = cross_zone(&topics, 3, false, 0.0);
        assert!((c.producer_bytes_per_sec - 50e6 * 2.0 / 3.0).abs() < 1e-3);
        assert!((c.replication_bytes_per_sec - 100e6).abs() < 1e-3);
        assert!((c.consumer_bytes_per_sec - 50e6 * 2.0 / 3.0).abs() < 1e-3);
        assert!((c.total_bytes_per_sec - 166_666_666.67).abs() < 1.0);
        let f = cross_zone(&topics, 3, true, 0.0);
        assert_eq!(f.consumer_bytes_per_sec, 0.0);
        assert!((f.total_bytes_per_sec - 133_333_333.33).abs() < 1.0);
        assert!(f.formula.contains("KIP-392"), "{}", f.formula);
    }

    /// Reads leaving over the internet were billed as cross-zone too: with 40 % of the reads
    /// going out, only 60 % of them cross between zones.
    #[test]
    fn reads_over_the_internet_do_not_cross_zones() {
        let topics = [flow(50e6, 3, 1.0)];
        let c = cross_zone(&topics, 3, false, 0.4);
        assert!((c.consumer_bytes_per_sec - 50e6 * 0.6 * 2.0 / 3.0).abs() < 1e-3);
        assert!((c.producer_bytes_per_sec - 50e6 * 2.0 / 3.0).abs() < 1e-3);
        assert!(c.formula.contains("R × 0.60 in the cloud"), "{}", c.formula);
        assert_eq!(cross_zone(&topics, 3, false, 1.0).consumer_bytes_per_sec, 0.0);
    }

    #[test]
    fn followers_outside_the_leaders_zone() {
        assert_eq!(cross_zone_followers(3, 3), 2.0);
        assert_eq!(cross_zone_followers(2, 3), 1.0);
        assert_eq!(cross_zone_followers(3, 1), 0.0);
        // RF 4 over 3 zones (2, 1, 1): the leader shares its zone with one replica half the time.
        assert_eq!(cross_zone_followers(4, 3), 2.5);
        // RF 3 over 2 zones (2, 1): 3 − 5/3.
        assert!((cross_zone_followers(3, 2) - (3.0 - 5.0 / 3.0)).abs() < 1e-12);
        // Follower fetching with RF 2 over 3 zones: one zone in three has no replica.
        assert!((consumer_cross_share(2, 3, true) - 1.0 / 3.0).abs() < 1e-12);
    }

    proptest! {
        /// More zones never mean fewer bytes crossing, for RF ≥ 2.
        #[test]
        fn more_zones_never_less_cross_zone(rf in 2u32..=7, z in 1u32..6, w in 0.0f64..1e9, reads in 0.0f64..10.0, ff: bool) {
            let t = [flow(w, rf, reads)];
            let a = cross_zone(&t, z, ff, 0.0).total_bytes_per_sec;
            let b = cross_zone(&t, z + 1, ff, 0.0).total_bytes_per_sec;
            prop_assert!(b >= a - 1e-6 * a.max(1.0), "{z} zones {a} > {} zones {b}", z + 1);
            prop_assert!(a.is_finite() && a >= 0.0);
        }
    }
}
