//! The scaling scenarios of the Kafka domain notes ("Scaling scenarios"), as plans: every figure
//! the notes give for the change itself. (The lag and peak figures, 30 minutes of lag cleared
//! within 10 minutes, belong to the peak simulation in `analysis`.)

use design::Design;
use plan::{plan, KeyBasis, Risk, StepKind};
use serde_json::json;

fn design(v: serde_json::Value) -> Design {
    design::parse(v.to_string().as_bytes()).expect("a valid design")
}

/// Black Friday: `orders` with 10 partitions read by 10 consumers (order ids hashed as keys).
fn black_friday(partitions: u32, instances: u32) -> Design {
    design(json!({"schema": "kafka-design/v1", "name": "retail",
        "cluster": {"brokers": 5},
        "nodes": [
            {"id": "checkout", "kind": "producer", "name": "checkout", "messages_per_sec": 2000,
             "avg_message_bytes": 1000,
             "key": {"field": "orderId", "distribution": {"kind": "uniform", "cardinality": 1000000}}},
            {"id": "orders", "kind": "topic", "name": "orders", "partitions": partitions,
             "config": {"replication.factor": 3, "min.insync.replicas": 2}},
            {"id": "fulfilment", "kind": "consumer_group", "name": "fulfilment", "instances": instances,
             "processing_ms_per_record": 5.0, "needs_ordering": true}],
        "edges": [{"from": "checkout", "to": "orders"}, {"from": "orders", "to": "fulfilment"}]}))
}

#[test]
fn black_friday_orders_go_from_10_to_50_partitions_and_50_instances() {
    let p = plan(&black_friday(10, 10), &black_friday(50, 50));
    assert!(!p.refused, "{p:#?}");
    let kinds: Vec<StepKind> = p.steps.iter().map(|s| s.kind).collect();
    assert_eq!(kinds, [StepKind::IncreasePartitions, StepKind::ScaleReader]);

    // 80 % of keys move (10 of every 50 hash residues stay): the closed form for the tail, the
    // first 100 000 order ids hashed one by one.
    let inc = &p.steps[0];
    let moved = inc.keys_moved.as_ref().unwrap();
    assert_eq!((moved.from_partitions, moved.to_partitions), (10, 50));
    assert_eq!(moved.basis, KeyBasis::Modelled);
    assert!((moved.share - 0.8).abs() < 0.001, "{}", moved.share);
    assert_eq!(
        inc.message,
        "orders: 10 → 50 partitions; 80.0 % of keys move to another partition"
    );
    // Ordering for existing keys breaks during the change; the group relies on it: high risk.
    assert!(inc
        .consequences
        .iter()
        .any(|c| c.starts_with("Ordering for existing keys breaks during the change")));
    assert_eq!(inc.risk, Risk::High);
    assert_eq!(
        inc.commands,
        ["kafka-topics.sh --bootstrap-server \"$BOOTSTRAP\" --alter --topic 'orders' --partitions 50"]
    );

    // 40 more instances (10 → 50): throughput five-fold.
    let scale = &p.steps[1];
    assert_eq!(
        scale.message,
        "fulfilment: 10 → 50 instances (40 more); capacity 2 000 → 10 000 records/s (×5)"
    );
    assert!(scale
        .consequences
        .iter()
        .any(|c| c.contains("heartbeat.interval.ms")));
    assert_eq!(p.summary, "2 steps: 1 high risk");
}

/// The campaign: events taking 200 ms each (an unindexed query), 120 events/s arriving.
fn campaign(partitions: u32, instances: u32) -> Design {
    design(json!({"schema": "kafka-design/v1", "name": "campaign",
        "nodes": [
            {"id": "web", "kind": "producer", "name": "web", "messages_per_sec": 120, "avg_message_bytes": 500,
             "key": {"field": "userId", "distribution": {"kind": "uniform", "cardinality": 50000}}},
            {"id": "events", "kind": "topic", "name": "campaign.events", "partitions": partitions},
            {"id": "enricher", "kind": "consumer_group", "name": "enricher", "instances": instances,
             "processing_ms_per_record": 200.0}],
        "edges": [{"from": "web", "to": "events"}, {"from": "events", "to": "enricher"}]}))
}

#[test]
fn campaign_ten_instances_are_not_enough_thirty_partitions_and_instances_are() {
    // 5 → 10 instances on 10 partitions: 25 → 50 events/s, still short of 120.
    let p = plan(&campaign(10, 5), &campaign(10, 10));
    assert_eq!(p.steps.len(), 1);
    let s = &p.steps[0];
    assert_eq!(
        s.message,
        "enricher: 5 → 10 instances (5 more); capacity 25 → 50 records/s (×2)"
    );
    assert!(
        s.consequences
            .iter()
            .any(|c| c.starts_with("Still short: 120 records/s arrive")),
        "{s:#?}"
    );
    assert_eq!(s.risk, Risk::Medium);

    // The answer: 30 partitions and 30 instances, 25 → 150 events/s at 200 ms per event.
    let p = plan(&campaign(10, 5), &campaign(30, 30));
    assert!(!p.refused);
    let kinds: Vec<StepKind> = p.steps.iter().map(|s| s.kind).collect();
    assert_eq!(kinds, [StepKind::IncreasePartitions, StepKind::ScaleReader]);
    let inc = &p.steps[0];
    let moved = inc.keys_moved.as_ref().unwrap();
    assert_eq!((moved.from_partitions, moved.to_partitions), (10, 30));
    // gcd(10, 30) / 30 = 1/3 of the keys stay.
    assert!((moved.share - 2.0 / 3.0).abs() < 0.01, "{}", moved.share);
    let scale = &p.steps[1];
    assert_eq!(
        scale.message,
        "enricher: 5 → 30 instances (25 more); capacity 25 → 150 records/s (×6)"
    );
    assert!(scale
        .consequences
        .iter()
        .any(|c| c.contains("5 records/s each = 150 records/s")));
    assert!(
        scale
            .consequences
            .iter()
            .any(|c| c.starts_with("120 records/s arrive: 30 records/s spare")),
        "{scale:#?}"
    );
    // Parallelism matches the workers: no idle consumer.
    assert!(!scale.consequences.iter().any(|c| c.contains("idle")));
}

#[test]
fn scaling_instances_past_the_partitions_leaves_them_idle() {
    let p = plan(&campaign(10, 5), &campaign(10, 30));
    let s = &p.steps[0];
    assert!(
        s.consequences.iter().any(|c| c.starts_with("20 consumers idle")),
        "{s:#?}"
    );
}
