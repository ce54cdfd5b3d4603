//! The scaling scenarios of the domain notes, every figure reproduced.
//!
//! 1. **Black Friday lag.** `orders` has 10 partitions read by a group of 10; the group lags
//!    30 minutes at the peak; at 50 partitions and 50 instances its throughput is five-fold
//!    and the lag clears within 10 minutes; the advice is to pre-scale before the window.
//! 2. **Campaign spike.** 10 partitions, 5 instances, 200 ms per event: 10 instances drain
//!    only 50 events/s; with 120 events/s arriving the answer is 30 partitions and 30
//!    instances (150 events/s): parallelism matches the worker count.

use design::{Design, Edge, LoadProfile, Node, NodeKind, PeakWindow};

use super::{prescaled, PeakReport};
use crate::analyze;

/// A producer into `orders`, read by `billing`, with a load profile of one window.
fn retail(rate: f64, partitions: u32, instances: u32, ms: f64, window: PeakWindow) -> Design {
    let mut p = Node::new("checkout", NodeKind::Producer, "checkout");
    p.messages_per_sec = Some(rate);
    p.avg_message_bytes = Some(1_000.0);
    let mut t = Node::new("orders", NodeKind::Topic, "orders");
    t.partitions = Some(partitions);
    let mut g = Node::new("billing", NodeKind::ConsumerGroup, "billing");
    g.instances = Some(instances);
    g.processing_ms_per_record = Some(ms);
    Design {
        nodes: vec![p, t, g],
        edges: vec![Edge::new("checkout", "orders"), Edge::new("orders", "billing")],
        load_profile: Some(LoadProfile {
            peaks: vec![window],
            ..LoadProfile::default()
        }),
        ..Design::new("retail")
    }
}

fn only(a: &crate::Analysis) -> &PeakReport {
    assert_eq!(a.peaks.len(), 1, "{:?}", a.peaks);
    &a.peaks[0]
}

/// Scenario 1. 10 ms per record: 100 records/s per consumer, 1 000/s for the group of 10 on
/// 10 partitions (null keys: the partitions share the load evenly). A base of 950/s keeps
/// the consumers 95 % busy. Black Friday multiplies it by 2.1053 (≈ 2 000 / 950) for 30
/// minutes: 2 000/s against 1 000/s, 1 000 records/s more than the group drains, 60 000 a
/// minute, 1 800 000 after 30 minutes: 1 800 000 / 1 000/s = 30 minutes of lag.
fn black_friday() -> Design {
    retail(950.0, 10, 10, 10.0, PeakWindow::new("Black Friday", 2.1053, 30))
}

#[test]
fn black_friday_lags_thirty_minutes_on_ten_partitions() {
    let a = analyze(&black_friday());
    let group = &a.consumer_groups[0];
    assert_eq!(group.load.per_thread_messages_per_sec, Some(100.0));
    assert_eq!(group.load.capacity_messages_per_sec, Some(1_000.0));
    // 95 % busy at the base rate.
    assert!((group.load.input_messages_per_sec / 1_000.0 - 0.95).abs() < 1e-12);

    let r = only(&a);
    assert_eq!(
        (r.window.as_str(), r.topic.as_str(), r.reader.as_str()),
        ("Black Friday", "orders", "billing")
    );
    assert_eq!(r.threshold_seconds, 60.0);
    assert!((r.current.input_per_sec_at_plateau - 2_000.0).abs() < 0.1);
    assert_eq!(r.current.capacity_per_sec_at_plateau, 1_000.0);
    assert!(
        (r.current.max_lag_seconds / 60.0 - 30.0).abs() < 0.01,
        "{}",
        r.current.max_lag_seconds
    );
    assert_eq!(r.current.max_lag_minute, 30); // the end of the plateau
    assert!(r.current.exceeds_threshold);
    // Back at 950/s the group gains 50 records/s: 1 800 000 / 50 = 36 000 s = 600 minutes.
    assert_eq!(r.current.clears_after_minutes, Some(601)); // (1 800 063 records: one minute more)
    assert_eq!(r.current.series.len(), 30 + 601);
    assert!(r.current.series.iter().all(|p| p.lag_records >= 0.0));

    // The finding says so, and what to have before the window.
    let f = a
        .findings
        .iter()
        .find(|f| f.rule == "peak-lag")
        .expect("a peak-lag finding");
    assert_eq!(f.node.as_deref(), Some("billing"));
    assert_eq!(
        f.message,
        "lag reaches 30 min in Black Friday on `orders` (threshold 1 min)"
    );
    assert_eq!(
        f.fix,
        "pre-scale `orders` to 20 partitions and `billing` to 20 instances before the window"
    );
}

#[test]
fn fifty_partitions_and_fifty_instances_are_five_fold_and_clear_within_ten_minutes() {
    // The fix of the notes, applied while the lag is there: orders to 50 partitions (a
    // multiple of 10: a fifth of the keys stay where they were), 50 instances.
    let mut d = black_friday();
    d.nodes[1].partitions = Some(50);
    d.nodes[2].instances = Some(50);
    d.edges[1].lag = Some(1_800_000); // the 30 minutes of lag, observed
    let a = analyze(&d);
    let g = &a.consumer_groups[0];
    assert_eq!(g.load.capacity_messages_per_sec, Some(5_000.0)); // five-fold
    assert_eq!(super::advice::keys_kept_share(10, 50), 0.2);
    // At the base rate it drains 4 050 records/s: 1 800 000 / 4 050 = 444 s (7.4 min).
    let clears = g.lag_clears_in_seconds.expect("it clears");
    assert!(clears < 600.0 && (clears - 444.44).abs() < 0.01, "{clears}");
    // Even while the plateau still runs (2 000/s in), 3 000/s spare: 600 s, 10 minutes.
    let at_peak = (1_800_000.0 / (5_000.0 - 2_000.0)) / 60.0;
    assert_eq!(at_peak, 10.0);
    // And through the window itself, no lag builds at all.
    let r = only(&a);
    assert_eq!(r.current.max_lag_records, 0.0);
    assert_eq!(r.current.clears_after_minutes, Some(0));
    assert!(r.advice.is_none());
}

#[test]
fn the_advice_is_to_pre_scale_before_the_window() {
    let d = black_friday();
    let a = analyze(&d);
    let r = only(&a);
    // The smallest multiple of 10 that keeps the lag under a minute: 20 partitions and 20
    // instances drain 2 000/s, the plateau's rate (2 000.035/s: 63 records of lag at most).
    let advice = r.advice.as_ref().expect("advice");
    assert_eq!((advice.partitions, advice.instances), (20, 20));
    assert_eq!(advice.keys_kept_share, 0.5);
    assert!(!advice.run.exceeds_threshold);
    assert!(advice.run.max_lag_seconds < 1.0);
    assert_eq!(advice.run.capacity_per_sec_at_plateau, 2_000.0);
    // The pre-scaled design is the change plan's target, and it keeps the lag under a minute.
    let pre = prescaled(&d, &a).expect("a pre-scaled design");
    assert_eq!(pre.nodes[1].partitions, Some(20));
    assert_eq!(pre.nodes[2].instances, Some(20));
    let after = analyze(&pre);
    assert!(!only(&after).current.exceeds_threshold);
    assert!(after.findings.iter().all(|f| f.rule != "peak-lag"));
    assert_eq!(prescaled(&pre, &after), None);
}

/// Scenario 2. 200 ms per event: 5 events/s per instance. A base of 20 events/s (5 instances
/// drain 25/s); a campaign multiplies it by 6 for an hour: 120 events/s.
fn campaign(partitions: u32, instances: u32) -> Design {
    retail(
        20.0,
        partitions,
        instances,
        200.0,
        PeakWindow::new("campaign", 6.0, 60),
    )
}

#[test]
fn a_campaign_needs_thirty_partitions_and_thirty_instances() {
    let a = analyze(&campaign(10, 5));
    let r = only(&a);
    assert_eq!(r.current.capacity_per_sec_at_plateau, 25.0);
    assert_eq!(r.current.input_per_sec_at_plateau, 120.0);
    assert!(r.current.exceeds_threshold);

    // One instance per partition is not enough: 10 instances drain only 50 events/s.
    let ten = analyze(&campaign(10, 10));
    assert_eq!(only(&ten).current.capacity_per_sec_at_plateau, 50.0);
    assert!(only(&ten).current.exceeds_threshold);

    // 30 partitions and 30 instances: 150 events/s; 20 and 20 (100/s) would fall behind.
    let advice = r.advice.as_ref().expect("advice");
    assert_eq!((advice.partitions, advice.instances), (30, 30));
    assert_eq!(advice.run.capacity_per_sec_at_plateau, 150.0);
    assert_eq!(advice.run.max_lag_records, 0.0);
    assert!(only(&analyze(&campaign(20, 20))).current.exceeds_threshold);
    // Parallelism matches the worker count: as many instances as partitions.
    let pre = prescaled(&campaign(10, 5), &a).expect("a pre-scaled design");
    assert_eq!(
        (pre.nodes[1].partitions, pre.nodes[2].instances),
        (Some(30), Some(30))
    );
}

#[test]
fn a_key_that_outruns_a_thread_gets_no_advice_but_a_reason() {
    let mut d = campaign(10, 5);
    d.nodes[0].key = Some(design::KeySpec {
        field: Some("campaignId".into()),
        distribution: design::KeyDistribution::HotKey {
            cardinality: 1_000,
            hot_share: 0.5,
        },
        extra: Default::default(),
    });
    let a = analyze(&d);
    let r = only(&a);
    assert!(r.current.exceeds_threshold);
    assert!(r.advice.is_none());
    let note = r.advice_note.as_deref().unwrap_or_default();
    assert!(
        note.contains("one key carries 50.0 %") && note.contains("salt the key"),
        "{note}"
    );
}
