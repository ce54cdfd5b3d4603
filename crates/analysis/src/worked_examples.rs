//! The domain notes' worked examples, reproduced exactly.

use design::{Cluster, Design, Edge, Node, NodeKind};
use serde_json::json;

use crate::partitions::advise;
use crate::sizing::{size, Constraint};
use units::bytes;

fn design(nodes: Vec<Node>, edges: Vec<(&str, &str)>, cluster: Cluster) -> Design {
    Design {
        cluster,
        nodes,
        edges: edges.into_iter().map(|(a, b)| Edge::new(a, b)).collect(),
        ..Design::new("example")
    }
}

fn producer(id: &str, rate: f64, size: f64) -> Node {
    let mut n = Node::new(id, NodeKind::Producer, id);
    n.messages_per_sec = Some(rate);
    n.avg_message_bytes = Some(size);
    n
}

fn topic(id: &str, partitions: u32, rf: u32, retention_ms: i64) -> Node {
    let mut n = Node::new(id, NodeKind::Topic, id);
    n.partitions = Some(partitions);
    n.config.insert("replication.factor".into(), json!(rf));
    n.config.insert("retention.ms".into(), json!(retention_ms));
    n
}

fn group(id: &str, instances: u32) -> Node {
    let mut n = Node::new(id, NodeKind::ConsumerGroup, id);
    n.instances = Some(instances);
    n
}

/// "Capacity planning": 50 000 msg/s × 1 KB, 7 days, RF 3, 3 groups, 30 % overhead,
/// m5.2xlarge with 30 TB at 80 % → 5 brokers, storage binds.
#[test]
fn capacity_planning() {
    let d = design(
        vec![
            producer("p", 50_000.0, 1_000.0),
            topic("t", 12, 3, 604_800_000),
            group("g1", 4),
            group("g2", 4),
            group("g3", 4),
        ],
        vec![("p", "t"), ("t", "g1"), ("t", "g2"), ("t", "g3")],
        Cluster::default(),
    );
    let s = size(&d);
    assert_eq!(s.write_bytes_per_sec, 50e6);
    assert_eq!(s.read_bytes_per_sec, 150e6);
    assert_eq!(bytes(s.daily_write_bytes), "4.32 TB");
    assert_eq!(bytes(s.storage_bytes), "90.72 TB");
    assert_eq!(format!("{:.1}", s.storage_bytes_with_overhead / 1e12), "117.9");
    assert_eq!(s.brokers, 5);
    assert_eq!(s.binding_constraint, Constraint::Storage);
    let storage = s
        .terms
        .iter()
        .find(|t| t.constraint == Constraint::Storage)
        .unwrap();
    assert_eq!(
        storage.formula,
        "ceil(117.94 TB / (30 TB × 0.80)) = ceil(4.91) = 5"
    );
    assert_eq!(format!("{:.1}", s.storage_per_broker_bytes / 1e12), "23.6");
    // Network: ingress 150 MB/s and egress 250 MB/s against 312.5 MB/s × 0.6 per broker.
    assert_eq!(s.ingress_bytes_per_sec, 150e6);
    assert_eq!(s.egress_bytes_per_sec, 250e6);
    let egress = s
        .terms
        .iter()
        .find(|t| t.constraint == Constraint::NetworkEgress)
        .unwrap();
    assert_eq!(egress.brokers, 2);
}

/// "Partition strategy": 10 000 msg/s × 1 KB, growth 2.5, a group of 4, 3 brokers → 12.
#[test]
fn partition_strategy() {
    let cluster = Cluster {
        growth_factor: 2.5,
        brokers: Some(3),
        ..Cluster::default()
    };
    let d = design(
        vec![
            producer("p", 10_000.0, 1_000.0),
            topic("t", 6, 3, 604_800_000),
            group("g", 4),
        ],
        vec![("p", "t"), ("t", "g")],
        cluster,
    );
    let s = size(&d);
    assert_eq!(s.brokers, 3);
    let advice = advise(&crate::graph::Graph::new(&d), &s.topics[0], s.brokers);
    assert_eq!(advice.by_producer_throughput, 3); // 25 MB/s / 10 MB/s
    assert_eq!(advice.by_consumer_parallelism, 12);
    assert_eq!(advice.recommended, 12);
    assert!(advice.formula.contains("25 MB/s"), "{}", advice.formula);
}

#[test]
fn partitions_round_up_to_a_multiple_of_the_brokers() {
    let cluster = Cluster {
        brokers: Some(5),
        ..Cluster::default()
    };
    let d = design(
        vec![producer("p", 70_000.0, 1_000.0), topic("t", 6, 3, 604_800_000)],
        vec![("p", "t")],
        cluster,
    );
    let s = size(&d);
    let advice = advise(&crate::graph::Graph::new(&d), &s.topics[0], s.brokers);
    assert_eq!(advice.before_rounding, 7);
    assert_eq!(advice.recommended, 10);
}

#[test]
fn stream_processors_carry_their_output_ratio() {
    let mut filter = Node::new("f", NodeKind::StreamProcessor, "filter");
    filter.output_ratio = Some(0.25);
    let d = design(
        vec![
            producer("p", 1_000.0, 500.0),
            topic("in", 6, 3, 86_400_000),
            filter,
            topic("out", 6, 3, 86_400_000),
        ],
        vec![("p", "in"), ("in", "f"), ("f", "out")],
        Cluster::default(),
    );
    let s = size(&d);
    let out = s.topics.iter().find(|t| t.id == "out").unwrap();
    assert_eq!(out.messages_per_sec, 250.0);
    assert_eq!(out.write_bytes_per_sec, 125_000.0);
    assert_eq!(s.read_bytes_per_sec, 500_000.0); // the processor reads `in`; nobody reads `out`
}

#[test]
fn compacted_topics_are_sized_by_distinct_keys_not_retention() {
    let mut p = producer("p", 1_000.0, 200.0);
    p.key = Some(
        serde_json::from_value(json!({"distribution": {"kind": "uniform", "cardinality": 1_000_000}}))
            .unwrap(),
    );
    let mut t = topic("t", 6, 3, 604_800_000);
    t.config.insert("cleanup.policy".into(), json!("compact"));
    let d = design(vec![p, t], vec![("p", "t")], Cluster::default());
    let s = size(&d);
    assert_eq!(s.storage_bytes, 1e6 * 200.0 * 3.0);
}

#[test]
fn a_fixed_broker_count_is_reported_as_binding() {
    let cluster = Cluster {
        brokers: Some(9),
        ..Cluster::default()
    };
    let d = design(
        vec![producer("p", 10.0, 10.0), topic("t", 3, 3, 1000)],
        vec![("p", "t")],
        cluster,
    );
    let s = size(&d);
    assert_eq!(s.brokers, 9);
    assert_eq!(s.binding_constraint, Constraint::Fixed);
}

/// The domain notes' example document, analysed whole.
#[test]
fn the_orders_platform_analysis_hangs_together() {
    let d = design::parse(
        json!({ "schema": "kafka-design/v1", "name": "orders platform",
          "nodes": [
            { "id": "orders-svc", "kind": "producer", "name": "Order service",
              "messages_per_sec": 10000, "avg_message_bytes": 1000,
              "key": { "field": "orderId", "distribution": { "kind": "hot_key", "cardinality": 100000, "hot_share": 0.4 } },
              "config": { "acks": "all", "enable.idempotence": true, "compression.type": "lz4" } },
            { "id": "orders", "kind": "topic", "name": "ecommerce.orders.created", "partitions": 12,
              "config": { "replication.factor": 3, "min.insync.replicas": 2, "retention.ms": 604800000u64, "cleanup.policy": "delete" } },
            { "id": "payments", "kind": "consumer_group", "name": "payment-service",
              "instances": 4, "processing_ms_per_record": 2.0 } ],
          "edges": [ { "from": "orders-svc", "to": "orders" }, { "from": "orders", "to": "payments" } ] })
        .to_string()
        .as_bytes(),
    )
    .unwrap();
    let a = crate::analyze(&d);
    assert_eq!(a.topics.len(), 1);
    let t = &a.topics[0];
    assert!(t.keyed);
    assert_eq!(t.partition_load.len(), 12);
    assert_eq!(t.hot_partitions.len(), 1);
    assert_eq!(t.top_keys[0].key, "orderId-hot");
    assert_eq!(t.leader_load_per_broker.len(), a.sizing.brokers as usize);
    // 4 000 records/s of one key at 2 ms each: no instance count keeps up without salting.
    let g = &a.consumer_groups[0];
    assert_eq!(g.id, "payments");
    assert!(g.load.lag_growth_messages_per_sec > 0.0);
    assert!(g.load.needs_key_salting);
    let rules: Vec<&str> = a.findings.iter().map(|f| f.rule).collect();
    for rule in [
        "consumer-lag",
        "partition-skew",
        "no-dlq",
        "auto-topic-creation",
        "no-schema",
    ] {
        assert!(rules.contains(&rule), "{rule} missing from {rules:?}");
    }
    // Every finding names a registered rule.
    for f in &a.findings {
        assert!(
            crate::rules::rule(f.rule).is_some(),
            "{} is not registered",
            f.rule
        );
    }
    // Errors come first.
    assert_eq!(a.findings[0].severity, crate::rules::Severity::Error);
    // The whole result serialises for the API.
    let v = serde_json::to_value(&a).unwrap();
    assert_eq!(v["sizing"]["binding_constraint"], "minimum");
    assert!(
        v["consumer_groups"][0]["lag_growth_messages_per_sec"]
            .as_f64()
            .unwrap()
            > 0.0
    );
}
