//! Tests of the document as a whole: the domain notes' example, round trips, every rule.

use proptest::prelude::*;
use serde_json::{json, Value};

use crate::defaults::{effective, Source};
use crate::*;

/// The example document of the domain notes (`kafka-design/v1`).
fn orders_platform() -> Value {
    json!({ "schema": "kafka-design/v1", "name": "orders platform",
      "cluster": { "brokers": null, "broker_profile": "m5.2xlarge", "growth_factor": 1.0,
                   "disk_per_broker_bytes": 30000000000000u64, "storage_overhead": 0.30,
                   "max_disk_fill": 0.80, "target_network_utilisation": 0.60 },
      "nodes": [
        { "id": "orders-svc", "kind": "producer", "name": "Order service",
          "messages_per_sec": 10000, "avg_message_bytes": 1000,
          "key": { "field": "orderId", "distribution": { "kind": "zipf", "cardinality": 100000, "exponent": 1.1 } },
          "config": { "acks": "all", "enable.idempotence": true, "compression.type": "lz4",
                      "linger.ms": 5, "batch.size": 65536 } },
        { "id": "orders", "kind": "topic", "name": "ecommerce.orders.created", "partitions": 12,
          "config": { "replication.factor": 3, "min.insync.replicas": 2,
                      "retention.ms": 604800000u64, "cleanup.policy": "delete" } },
        { "id": "payments", "kind": "consumer_group", "name": "payment-service",
          "instances": 4, "processing_ms_per_record": 2.0 } ],
      "edges": [ { "from": "orders-svc", "to": "orders" }, { "from": "orders", "to": "payments" } ] })
}

fn design_of(v: &Value) -> Design {
    parse(v.to_string().as_bytes()).unwrap()
}

fn problems_of(v: &Value) -> Vec<Problem> {
    validate(&design_of(v))
}

#[test]
fn the_domain_example_is_valid() {
    let d = design_of(&orders_platform());
    assert_eq!(validate(&d), vec![]);
    assert_eq!(d.nodes.len(), 3);
    assert_eq!(d.nodes[1].partitions, Some(12));
    assert!(matches!(
        d.nodes[0].key.as_ref().unwrap().distribution,
        KeyDistribution::Zipf {
            cardinality: 100_000,
            ..
        }
    ));
}

#[test]
fn round_trip_keeps_unknown_fields_and_positions() {
    let mut v = orders_platform();
    v["owner_team"] = json!("payments");
    v["nodes"][0]["position"] = json!({"x": 10.5, "y": -3.0});
    v["nodes"][0]["sla"] = json!({"p99_ms": 50});
    v["cluster"]["region"] = json!("eu-west-1");
    v["edges"][0]["label"] = json!("orders");
    let back = serde_json::to_value(design_of(&v)).unwrap();
    assert_eq!(back["owner_team"], "payments");
    assert_eq!(back["nodes"][0]["position"], json!({"x": 10.5, "y": -3.0}));
    assert_eq!(back["nodes"][0]["sla"], json!({"p99_ms": 50}));
    assert_eq!(back["cluster"]["region"], "eu-west-1");
    assert_eq!(back["edges"][0]["label"], "orders");
}

#[test]
fn a_design_without_cluster_or_positions_gets_defaults() {
    let d = design_of(&json!({"schema": "kafka-design/v1", "name": "x", "nodes": [], "edges": []}));
    assert_eq!(d.cluster, Cluster::default());
    assert_eq!(d.cluster.max_disk_fill, 0.8);
}

#[test]
fn every_illegal_edge_is_refused_naming_both_kinds() {
    for from in NodeKind::ALL {
        for to in NodeKind::ALL {
            let legal = matches!(
                (from, to),
                (
                    NodeKind::Producer | NodeKind::SourceConnector | NodeKind::StreamProcessor,
                    NodeKind::Topic
                ) | (
                    NodeKind::Topic,
                    NodeKind::StreamProcessor | NodeKind::ConsumerGroup | NodeKind::SinkConnector
                ) | (NodeKind::SchemaSubject, NodeKind::Topic)
                    | (NodeKind::Topic, NodeKind::SchemaSubject)
            );
            match edge_refusal(from, to) {
                None => assert!(legal, "{from:?} → {to:?} should be refused"),
                Some(why) => {
                    assert!(!legal, "{from:?} → {to:?} should be legal");
                    assert!(why.contains(from.label()) && why.contains(to.label()), "{why}");
                }
            }
        }
    }
}

#[test]
fn an_illegal_edge_in_a_document_names_the_edge() {
    let mut v = orders_platform();
    v["edges"]
        .as_array_mut()
        .unwrap()
        .push(json!({"from": "payments", "to": "orders-svc"}));
    let problems = problems_of(&v);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        problems[0].element,
        Element::Edge {
            from: "payments".into(),
            to: "orders-svc".into()
        }
    );
    assert_eq!(problems[0].code, "edge.illegal");
    assert!(problems[0]
        .to_string()
        .contains("consumer group cannot connect to a producer"));
}

#[test]
fn duplicate_ids_dangling_edges_loops_and_duplicates_are_found() {
    let mut v = orders_platform();
    v["nodes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "orders", "kind": "topic", "name": "again"}));
    let edges = v["edges"].as_array_mut().unwrap();
    edges.push(json!({"from": "orders-svc", "to": "ghost"}));
    edges.push(json!({"from": "orders", "to": "orders"}));
    edges.push(json!({"from": "orders-svc", "to": "orders"}));
    let codes: Vec<&str> = problems_of(&v).iter().map(|p| p.code).collect();
    for code in ["id.duplicate", "edge.dangling", "edge.loop", "edge.duplicate"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
}

#[test]
fn out_of_range_numbers_name_node_and_field() {
    let mut v = orders_platform();
    v["nodes"][1]["partitions"] = json!(0);
    v["nodes"][1]["config"]["replication.factor"] = json!(9);
    v["nodes"][0]["avg_message_bytes"] = json!(0);
    v["nodes"][0]["messages_per_sec"] = json!(-1);
    v["nodes"][2]["instances"] = json!(0);
    v["nodes"][0]["config"]["acks"] = json!("most");
    let problems = problems_of(&v);
    let fields: Vec<(String, String)> = problems
        .iter()
        .map(|p| match &p.element {
            Element::Node { id } => (id.clone(), p.field.clone().unwrap_or_default()),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    for expected in [
        ("orders", "partitions"),
        ("orders", "config.replication.factor"),
        ("orders-svc", "avg_message_bytes"),
        ("orders-svc", "messages_per_sec"),
        ("payments", "instances"),
        ("orders-svc", "config.acks"),
    ] {
        assert!(
            fields.contains(&(expected.0.to_string(), expected.1.to_string())),
            "{expected:?} not in {fields:?}"
        );
    }
}

#[test]
fn a_field_on_the_wrong_kind_is_named() {
    let mut v = orders_platform();
    v["nodes"][0]["partitions"] = json!(6);
    v["nodes"][2]["config"]["min.insync.replicas"] = json!(2);
    let problems = problems_of(&v);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems.iter().all(|p| p.code == "field.kind"));
}

#[test]
fn settings_the_studio_does_not_model_are_kept_unchecked() {
    let mut v = orders_platform();
    v["nodes"][1]["config"]["message.timestamp.type"] = json!("LogAppendTime");
    assert_eq!(problems_of(&v), vec![]);
}

#[test]
fn parse_errors_say_where() {
    let err = parse(br#"{"schema": "kafka-design/v1", "name": "x", "nodes": [{"id": "a", "kind": "broker", "name": "b"}]}"#)
        .unwrap_err();
    assert_eq!(err.path, "nodes[0].kind");
    assert!(!err.syntax);
    assert!(err.message.contains("broker"), "{}", err.message);
    let err = parse(b"{\"schema\": ").unwrap_err();
    assert!(err.syntax);
    let err = parse(br#"{"schema": "kafka-design/v1", "name": "x"} trailing"#).unwrap_err();
    assert!(err.syntax);
}

#[test]
fn effective_values_fall_back_to_kafka_defaults() {
    let d = design_of(&orders_platform());
    let producer = &d.nodes[0];
    let topic = &d.nodes[1];
    assert_eq!(effective(producer, "acks"), Some((json!("all"), Source::Set)));
    assert_eq!(
        effective(producer, "max.in.flight.requests.per.connection"),
        Some((json!(5), Source::Default))
    );
    assert_eq!(
        effective(topic, "min.insync.replicas"),
        Some((json!(2), Source::Set))
    );
    assert_eq!(
        effective(topic, "unclean.leader.election.enable"),
        Some((json!(false), Source::Default))
    );
    // The broker decides the replication factor when a topic does not say.
    let bare = Node::new("t", NodeKind::Topic, "t");
    assert_eq!(effective(&bare, "replication.factor"), None);
    assert_eq!(
        effective(&bare, "retention.ms"),
        Some((json!(604_800_000), Source::Default))
    );
    // A producer setting means nothing on a topic.
    assert_eq!(effective(&bare, "linger.ms"), None);
}

#[test]
fn problems_serialise_for_the_api() {
    let p = Problem {
        element: Element::Node { id: "orders".into() },
        field: Some("partitions".into()),
        code: "range",
        message: "0 is outside 1..=10000".into(),
    };
    assert_eq!(
        serde_json::to_value(&p).unwrap(),
        json!({"element": {"kind": "node", "id": "orders"}, "field": "partitions", "code": "range", "message": "0 is outside 1..=10000"})
    );
}

fn arb_kind() -> impl Strategy<Value = NodeKind> {
    prop::sample::select(NodeKind::ALL.to_vec())
}

/// Valid designs: legal edges only, values in range.
fn arb_valid_design() -> impl Strategy<Value = Design> {
    prop::collection::vec((arb_kind(), 1u32..100, 0.0f64..1e5, 1.0f64..1e6), 1..12).prop_flat_map(|specs| {
        let n = specs.len();
        let nodes: Vec<Node> = specs
            .into_iter()
            .enumerate()
            .map(|(i, (kind, partitions, rate, size))| {
                let mut node = Node::new(format!("n{i}"), kind, format!("node {i}"));
                match kind {
                    NodeKind::Producer | NodeKind::SourceConnector => {
                        node.messages_per_sec = Some(rate);
                        node.avg_message_bytes = Some(size);
                    }
                    NodeKind::Topic => node.partitions = Some(partitions),
                    NodeKind::ConsumerGroup | NodeKind::SinkConnector | NodeKind::StreamProcessor => {
                        node.instances = Some(partitions)
                    }
                    NodeKind::SchemaSubject => {}
                }
                node
            })
            .collect();
        prop::collection::vec((0..n, 0..n), 0..20).prop_map(move |pairs| {
            let mut edges: Vec<Edge> = Vec::new();
            for (a, b) in pairs {
                let (from, to) = (&nodes[a], &nodes[b]);
                let duplicate = edges.iter().any(|e| e.from == from.id && e.to == to.id);
                if a != b && !duplicate && edge_refusal(from.kind, to.kind).is_none() {
                    edges.push(Edge::new(from.id.clone(), to.id.clone()));
                }
            }
            Design {
                nodes: nodes.clone(),
                edges,
                ..Design::new("generated")
            }
        })
    })
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-1e12f64..1e12).prop_map(|f| json!(f)),
        prop::sample::select(vec![
            "kafka-design/v1",
            "topic",
            "producer",
            "consumer_group",
            "zipf",
            "sample",
            "",
            "x",
            "acks",
            "all"
        ])
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "schema",
                    "name",
                    "nodes",
                    "edges",
                    "id",
                    "kind",
                    "from",
                    "to",
                    "partitions",
                    "config",
                    "key",
                    "distribution",
                    "cluster",
                    "keys",
                    "weights",
                    "instances",
                    "cardinality"
                ]),
                inner,
                0..8
            )
            .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

proptest! {
    #[test]
    fn valid_designs_survive_a_json_round_trip(design in arb_valid_design()) {
        prop_assert_eq!(validate(&design), vec![]);
        let text = serde_json::to_string(&design).unwrap();
        let back = parse(text.as_bytes()).unwrap();
        prop_assert_eq!(back, design);
    }

    #[test]
    fn the_validator_never_panics_on_arbitrary_json(value in arb_json()) {
        if let Ok(design) = parse(value.to_string().as_bytes()) {
            let _ = validate(&design);
        }
    }

    #[test]
    fn parse_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = parse(&bytes);
    }
}

#[test]
fn settings_read_in_units_by_their_names() {
    use crate::defaults::{effective_human, human};
    use serde_json::json;
    assert_eq!(human("retention.ms", &json!(604_800_000)), "7 d");
    assert_eq!(human("retention.ms", &json!(-1)), "forever");
    assert_eq!(human("local.retention.ms", &json!(-2)), "as retention.ms");
    assert_eq!(human("local.retention.bytes", &json!(-2)), "as retention.bytes");
    assert_eq!(human("local.retention.ms", &json!(86_400_000)), "1 d");
    assert_eq!(human("retention.bytes", &json!(-1)), "unlimited");
    assert_eq!(human("segment.bytes", &json!(1_073_741_824)), "1073741824");
    assert_eq!(human("max.message.bytes", &json!(1_000_000)), "1 MB");
    assert_eq!(
        human("cleanup.policy", &json!("compact,delete")),
        "compact,delete"
    );
    assert_eq!(human("min.insync.replicas", &json!(2)), "2");
    let topic = crate::Node::new("t", crate::NodeKind::Topic, "t");
    assert_eq!(effective_human(&topic, "retention.ms").as_deref(), Some("7 d"));
}
