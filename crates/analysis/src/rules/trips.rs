//! No rule is dead: for every rule of the registry, a small design that trips it and a near miss
//! that does not, both analysed whole.

use serde_json::{json, Value};

use super::{rule, RULES};
use crate::partitions::MAX_PARTITIONS;

/// A design every rule passes: one keyed producer into a well-configured topic with a schema,
/// read by a group with a dead-letter topic, on three brokers.
fn base() -> Value {
    let mut d = super::tests::well_configured();
    d["cluster"]["brokers"] = json!(3);
    set(
        &mut d,
        "p",
        "key",
        json!({"field": "key", "distribution": {"kind": "uniform", "cardinality": 100000}}),
    );
    d
}

const ORDER_V1: &str = r#"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}]}"#;
const ORDER_EMAIL: &str = r#"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}, {"name": "email", "type": "string"}]}"#;
const ORDER_EMAIL_DEFAULT: &str = r#"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}, {"name": "email", "type": "string", "default": ""}]}"#;

/// Gives the schema subject `s` these versions, oldest first.
fn versions(d: &mut Value, texts: &[&str]) {
    let list: Vec<Value> = texts.iter().map(|t| json!({"schema": t})).collect();
    set(d, "s", "versions", json!(list));
}

/// [`base`] changed by `edit`.
fn with(edit: impl FnOnce(&mut Value)) -> Value {
    let mut d = base();
    edit(&mut d);
    d
}

fn node<'a>(d: &'a mut Value, id: &str) -> &'a mut Value {
    d["nodes"]
        .as_array_mut()
        .and_then(|nodes| nodes.iter_mut().find(|n| n["id"] == id))
        .unwrap_or_else(|| panic!("no node {id}"))
}

fn set(d: &mut Value, id: &str, field: &str, value: Value) {
    node(d, id)[field] = value;
}

fn config(d: &mut Value, id: &str, key: &str, value: Value) {
    node(d, id)["config"][key] = value;
}

fn remove(d: &mut Value, id: &str, field: &str) {
    if let Some(n) = node(d, id).as_object_mut() {
        n.remove(field);
    }
}

fn push(list: &mut Value, item: Value) {
    list.as_array_mut().expect("a list").push(item);
}

fn add(d: &mut Value, node: Value, edges: &[(&str, &str)]) {
    push(&mut d["nodes"], node);
    for (from, to) in edges {
        push(&mut d["edges"], json!({"from": from, "to": to}));
    }
}

/// Sets the observed `lag` on the edge `from` → `to`.
fn lag(d: &mut Value, from: &str, to: &str, lag: u64) {
    for e in d["edges"].as_array_mut().into_iter().flatten() {
        if e["from"] == from && e["to"] == to {
            e["lag"] = json!(lag);
        }
    }
}

/// A well-configured topic `id`, written by `p`, of `partitions` partitions.
fn topic(d: &mut Value, id: &str, partitions: u32) {
    add(
        d,
        json!({"id": id, "kind": "topic", "name": format!("shop.{id}.created"), "partitions": partitions,
               "config": {"replication.factor": 3, "min.insync.replicas": 2, "retention.ms": 86400000, "cleanup.policy": "delete"}}),
        &[("p", id)],
    );
}

/// `n` more readers of `t`.
fn readers(d: &mut Value, n: usize) {
    for i in 0..n {
        let id = format!("g{i}");
        add(
            d,
            json!({"id": id, "kind": "consumer_group", "name": id, "dead_letter_topic": "dlq"}),
            &[("t", &id)],
        );
    }
}

/// The limits test's chain: `p` into eight stream processors, each multiplying by `ratio`.
fn chain(ratio: f64) -> Value {
    let mut nodes = vec![
        json!({"id": "p", "kind": "producer", "name": "p", "messages_per_sec": 1e9, "avg_message_bytes": 1e6}),
    ];
    let mut edges = vec![json!({"from": "p", "to": "t0"})];
    for i in 0..8 {
        nodes.push(json!({"id": format!("t{i}"), "kind": "topic", "name": format!("t{i}")}));
        nodes.push(json!({"id": format!("s{i}"), "kind": "stream_processor", "name": format!("s{i}"), "output_ratio": ratio}));
        edges.push(json!({"from": format!("t{i}"), "to": format!("s{i}")}));
        edges.push(json!({"from": format!("s{i}"), "to": format!("t{}", i + 1)}));
    }
    nodes.push(json!({"id": "t8", "kind": "topic", "name": "t8"}));
    json!({"schema": "kafka-design/v1", "name": "x", "nodes": nodes, "edges": edges})
}

/// Rule id → a design that trips it, and a near miss that does not.
fn cases() -> Vec<(&'static str, Value, Value)> {
    let hot_key =
        json!({"field": "key", "distribution": {"kind": "hot_key", "cardinality": 1000, "hot_share": 0.5}});
    vec![
        (
            "auto-topic-creation",
            with(|d| d["cluster"]["config"]["auto.create.topics.enable"] = json!(true)),
            base(),
        ),
        (
            "replication-factor",
            with(|d| config(d, "t", "replication.factor", json!(2))),
            with(|d| {
                config(d, "t", "replication.factor", json!(2));
                set(d, "t", "scratch", json!(true));
            }),
        ),
        (
            "min-insync-replicas",
            with(|d| config(d, "t", "min.insync.replicas", json!(1))),
            with(|d| {
                config(d, "t", "min.insync.replicas", json!(1));
                set(d, "t", "name", json!("tmp.orders.created"));
            }),
        ),
        (
            "unclean-leader-election",
            with(|d| config(d, "t", "unclean.leader.election.enable", json!(true))),
            with(|d| config(d, "t", "unclean.leader.election.enable", json!(false))),
        ),
        (
            "many-partitions",
            with(|d| set(d, "t", "partitions", json!(51))),
            with(|d| set(d, "t", "partitions", json!(48))),
        ),
        (
            "partitions-multiple-of-brokers",
            with(|d| set(d, "t", "partitions", json!(7))),
            with(|d| set(d, "t", "partitions", json!(9))),
        ),
        (
            "retention-unset",
            with(|d| node(d, "t")["config"] = json!({"replication.factor": 3, "min.insync.replicas": 2})),
            with(|d| {
                node(d, "t")["config"] =
                    json!({"replication.factor": 3, "min.insync.replicas": 2, "retention.ms": 3600000})
            }),
        ),
        (
            "topic-naming",
            with(|d| set(d, "t", "name", json!("Orders"))),
            with(|d| set(d, "dlq", "name", json!("Orders"))),
        ),
        (
            "no-schema",
            with(|d| d["edges"] = json!([{"from": "p", "to": "t"}, {"from": "t", "to": "g"}])),
            base(),
        ),
        (
            "schema-invalid",
            with(|d| versions(d, &[r#"{"type": "record", "name": "Order", "fields": ["#])),
            with(|d| versions(d, &[ORDER_V1])),
        ),
        (
            "schema-incompatible",
            with(|d| versions(d, &[ORDER_V1, ORDER_EMAIL])),
            with(|d| versions(d, &[ORDER_V1, ORDER_EMAIL_DEFAULT])),
        ),
        (
            "schema-compatibility-none",
            with(|d| set(d, "s", "compatibility", json!("NONE"))),
            with(|d| set(d, "s", "compatibility", json!("FULL"))),
        ),
        (
            "unkeyed-ordering",
            with(|d| {
                set(d, "g", "needs_ordering", json!(true));
                remove(d, "p", "key");
            }),
            with(|d| set(d, "g", "needs_ordering", json!(true))),
        ),
        (
            "acks",
            with(|d| config(d, "p", "acks", json!("1"))),
            with(|d| config(d, "p", "acks", json!("-1"))),
        ),
        (
            "idempotence",
            with(|d| config(d, "p", "enable.idempotence", json!(false))),
            with(|d| config(d, "p", "enable.idempotence", json!(true))),
        ),
        (
            "compression",
            with(|d| config(d, "p", "compression.type", json!("gzip"))),
            with(|d| config(d, "p", "compression.type", json!("lz4"))),
        ),
        (
            "large-messages",
            with(|d| set(d, "p", "avg_message_bytes", json!(2e6))),
            with(|d| set(d, "p", "avg_message_bytes", json!(1e6))),
        ),
        ("no-dlq", with(|d| remove(d, "g", "dead_letter_topic")), base()),
        (
            "co-partitioning",
            with(|d| {
                add(
                    d,
                    json!({"id": "j", "kind": "stream_processor", "name": "j", "stateful": true}),
                    &[("t", "j"), ("dlq", "j")],
                )
            }),
            with(|d| {
                add(
                    d,
                    json!({"id": "j", "kind": "stream_processor", "name": "j", "stateful": false}),
                    &[("t", "j"), ("dlq", "j")],
                )
            }),
        ),
        (
            "partition-skew",
            with(|d| set(d, "p", "key", hot_key.clone())),
            base(),
        ),
        (
            "partitions-beyond-limit",
            with(|d| set(d, "p", "messages_per_sec", json!(1e10))),
            with(|d| set(d, "p", "messages_per_sec", json!(1e5))),
        ),
        (
            "partitions-too-few",
            with(|d| set(d, "t", "partitions", json!(3))),
            base(),
        ),
        (
            "brokers-beyond-limit",
            // The broker count is sized, not fixed.
            with(|d| {
                d["cluster"] = json!({"config": {"auto.create.topics.enable": false}});
                set(d, "p", "messages_per_sec", json!(1e10));
            }),
            with(|d| {
                d["cluster"] = json!({"config": {"auto.create.topics.enable": false}});
                set(d, "p", "messages_per_sec", json!(1e5));
            }),
        ),
        ("rate-beyond-limit", chain(1e6), chain(1.0)),
        (
            "hotspot-approximate",
            // 100 000 keys placed per topic: the 201st topic passes the 20 000 000 placements.
            with(|d| (0..200).for_each(|i| topic(d, &format!("x{i}"), 6))),
            with(|d| (0..199).for_each(|i| topic(d, &format!("x{i}"), 6))),
        ),
        (
            "partition-load-unlisted",
            // 200 000 shares are listed in all.
            with(|d| (0..20).for_each(|i| topic(d, &format!("x{i}"), MAX_PARTITIONS))),
            with(|d| (0..19).for_each(|i| topic(d, &format!("x{i}"), MAX_PARTITIONS))),
        ),
        (
            "consumer-lag",
            with(|d| set(d, "g", "processing_ms_per_record", json!(1000))),
            with(|d| set(d, "g", "processing_ms_per_record", json!(10))),
        ),
        (
            "observed-lag",
            with(|d| lag(d, "t", "g", 1_200_000)),
            with(|d| lag(d, "t", "g", 0)),
        ),
        (
            // 2 instances at 50 ms: 40 records/s against 10/s, × 10 for an hour goes over
            // the minute of lag; × 3 (30/s) does not.
            "peak-lag",
            with(|d| {
                set(d, "g", "processing_ms_per_record", json!(50));
                d["load_profile"] =
                    json!({"peaks": [{"name": "Black Friday", "multiplier": 10, "duration_minutes": 60}]});
            }),
            with(|d| {
                set(d, "g", "processing_ms_per_record", json!(50));
                d["load_profile"] =
                    json!({"peaks": [{"name": "Black Friday", "multiplier": 3, "duration_minutes": 60}]});
            }),
        ),
        (
            "idle-consumers",
            with(|d| set(d, "g", "instances", json!(7))),
            with(|d| set(d, "g", "instances", json!(6))),
        ),
        (
            "latency-budget",
            with(|d| config(d, "p", "linger.ms", json!(200))),
            with(|d| config(d, "p", "linger.ms", json!(20))),
        ),
        (
            "paths-truncated",
            // One path per reader of `t`: 1 000 are listed.
            with(|d| readers(d, 1000)),
            with(|d| readers(d, 999)),
        ),
        (
            "cycle",
            with(|d| {
                add(
                    d,
                    json!({"id": "f", "kind": "stream_processor", "name": "f"}),
                    &[("t", "f"), ("f", "t")],
                )
            }),
            with(|d| {
                add(
                    d,
                    json!({"id": "f", "kind": "stream_processor", "name": "f"}),
                    &[("t", "f"), ("f", "dlq")],
                )
            }),
        ),
    ]
}

fn analyse(v: &Value) -> Vec<crate::rules::Finding> {
    let d = design::parse(v.to_string().as_bytes()).expect("a test design parses");
    crate::analyze(&d).findings
}

#[test]
fn the_base_design_trips_no_rule() {
    assert_eq!(analyse(&base()), vec![]);
}

#[test]
fn every_rule_has_a_design_that_trips_it_and_a_near_miss_that_does_not() {
    let cases = cases();
    for r in &RULES {
        assert!(
            cases.iter().any(|(id, _, _)| *id == r.id),
            "no design trips {}",
            r.id
        );
    }
    for (id, trips, passes) in &cases {
        assert!(rule(id).is_some(), "{id} is not a registered rule");
        let found = analyse(trips);
        assert!(found.iter().any(|f| f.rule == *id), "{id} not tripped: {found:?}");
        for f in &found {
            let registered = rule(f.rule).unwrap_or_else(|| panic!("{} is not registered", f.rule));
            assert!(
                f.severity >= registered.severity,
                "{f:?} above its rule's severity"
            );
        }
        let found = analyse(passes);
        assert!(
            found.iter().all(|f| f.rule != *id),
            "{id} tripped by its near miss: {found:?}"
        );
    }
}
