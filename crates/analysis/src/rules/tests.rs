//! The configuration rules on small documents (moved from `lint.rs` with their assertions), and
//! the registry's own invariants.

use super::*;
use serde_json::json;

pub(super) fn doc(v: serde_json::Value) -> Design {
    design::parse(v.to_string().as_bytes()).unwrap()
}

fn rules(findings: &[Finding]) -> Vec<(&'static str, Option<&str>)> {
    findings.iter().map(|f| (f.rule, f.node.as_deref())).collect()
}

/// A design the document's rules all pass (the table of [`super::trips`] starts from it too).
pub(super) fn well_configured() -> serde_json::Value {
    json!({"schema": "kafka-design/v1", "name": "x",
        "cluster": {"config": {"auto.create.topics.enable": false}},
        "nodes": [
          {"id": "p", "kind": "producer", "name": "p", "messages_per_sec": 10, "avg_message_bytes": 100,
           "config": {"compression.type": "zstd"}},
          {"id": "t", "kind": "topic", "name": "shop.orders.created", "partitions": 6,
           "config": {"replication.factor": 3, "min.insync.replicas": 2, "retention.ms": 86400000, "cleanup.policy": "delete"}},
          {"id": "s", "kind": "schema_subject", "name": "shop.orders.created-value"},
          {"id": "dlq", "kind": "topic", "name": "shop.orders.dlq", "role": "dlq", "partitions": 3,
           "config": {"replication.factor": 3, "min.insync.replicas": 2, "retention.ms": 86400000}},
          {"id": "g", "kind": "consumer_group", "name": "g", "instances": 2, "dead_letter_topic": "dlq"}],
        "edges": [{"from": "p", "to": "t"}, {"from": "s", "to": "t"}, {"from": "t", "to": "g"}]})
}

#[test]
fn a_well_configured_design_is_clean() {
    let d = doc(well_configured());
    assert_eq!(config_findings(&d, &Graph::new(&d), 3), vec![]);
}

#[test]
fn the_durability_rules_fire() {
    let d = doc(json!({"schema": "kafka-design/v1", "name": "x", "nodes": [
          {"id": "p", "kind": "producer", "name": "p", "avg_message_bytes": 2000000,
           "config": {"acks": "1", "enable.idempotence": false, "compression.type": "gzip"}},
          {"id": "t", "kind": "topic", "name": "Orders", "partitions": 64,
           "config": {"replication.factor": 2, "min.insync.replicas": 2, "unclean.leader.election.enable": true}},
          {"id": "g", "kind": "consumer_group", "name": "g", "needs_ordering": true}],
        "edges": [{"from": "p", "to": "t"}, {"from": "t", "to": "g"}]}));
    let found = config_findings(&d, &Graph::new(&d), 3);
    let r = rules(&found);
    for expected in [
        ("auto-topic-creation", None),
        ("replication-factor", Some("t")),
        ("min-insync-replicas", Some("t")),
        ("unclean-leader-election", Some("t")),
        ("many-partitions", Some("t")),
        ("partitions-multiple-of-brokers", Some("t")),
        ("retention-unset", Some("t")),
        ("topic-naming", Some("t")),
        ("no-schema", Some("t")),
        ("unkeyed-ordering", Some("p")),
        ("acks", Some("p")),
        ("idempotence", Some("p")),
        ("compression", Some("p")),
        ("large-messages", Some("p")),
        ("no-dlq", Some("g")),
    ] {
        assert!(r.contains(&expected), "{expected:?} missing from {r:?}");
    }
    let isr = found.iter().find(|f| f.rule == "min-insync-replicas").unwrap();
    assert!(isr.message.contains("≥ replication.factor"), "{}", isr.message);
    assert_eq!(
        found
            .iter()
            .find(|f| f.rule == "replication-factor")
            .unwrap()
            .severity,
        Severity::Error
    );
}

#[test]
fn min_isr_of_one_is_an_error_and_scratch_topics_are_exempt() {
    let d = doc(json!({"schema": "kafka-design/v1", "name": "x", "nodes": [
          {"id": "a", "kind": "topic", "name": "shop.a.b", "config": {"replication.factor": 3, "min.insync.replicas": 1}},
          {"id": "b", "kind": "topic", "name": "tmp.a.b", "config": {"replication.factor": 1, "min.insync.replicas": 1}}],
        "edges": []}));
    let found = config_findings(&d, &Graph::new(&d), 3);
    let r = rules(&found);
    assert!(r.contains(&("min-insync-replicas", Some("a"))));
    assert!(!r.contains(&("min-insync-replicas", Some("b"))));
    assert!(!r.contains(&("replication-factor", Some("b"))));
}

#[test]
fn joins_of_differently_partitioned_topics_are_refused() {
    let d = doc(json!({"schema": "kafka-design/v1", "name": "x", "nodes": [
          {"id": "a", "kind": "topic", "name": "a", "partitions": 6},
          {"id": "b", "kind": "topic", "name": "b", "partitions": 12},
          {"id": "j", "kind": "stream_processor", "name": "join", "stateful": true}],
        "edges": [{"from": "a", "to": "j"}, {"from": "b", "to": "j"}]}));
    let found = config_findings(&d, &Graph::new(&d), 3);
    let f = found
        .iter()
        .find(|f| f.rule == "co-partitioning")
        .expect("co-partitioning finding");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("a (6)") && f.message.contains("b (12)"));
}

#[test]
fn naming() {
    assert!(naming_ok("ecommerce.orders.created"));
    assert!(naming_ok("iot.device_telemetry.v1.raw"));
    assert!(!naming_ok("orders"));
    assert!(!naming_ok("Ecommerce.Orders.Created"));
    assert!(!naming_ok("a..b"));
}

#[test]
fn rule_ids_are_unique_and_kebab_case() {
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    for id in &ids {
        assert!(
            !id.is_empty()
                && !id.starts_with('-')
                && !id.ends_with('-')
                && !id.contains("--")
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{id} is not kebab-case"
        );
    }
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), before, "a rule id is used twice");
}

#[test]
fn every_rule_says_what_it_is_why_and_how_to_fix_it() {
    for r in &RULES {
        for (field, text) in [("title", r.title), ("why", r.why), ("fix", r.fix)] {
            assert!(!text.trim().is_empty(), "{}: empty {field}", r.id);
        }
        assert!(!r.title.ends_with('.'), "{}: a title is not a sentence", r.id);
    }
}

#[test]
fn rules_are_found_by_id() {
    assert_eq!(super::rules().len(), RULES.len());
    for r in super::rules() {
        assert!(std::ptr::eq(rule(r.id).expect("registered"), r));
    }
    assert!(rule("no-such-rule").is_none());
    assert_eq!(
        rule("min-insync-replicas").map(|r| r.severity),
        Some(Severity::Error)
    );
}

#[test]
fn rules_and_severities_serialise_as_findings_spell_them() {
    let v = serde_json::to_value(rule("acks").expect("registered")).unwrap();
    assert_eq!(
        v.as_object().map(|o| {
            let mut keys: Vec<String> = o.keys().cloned().collect();
            keys.sort();
            keys
        }),
        Some(vec![
            "fix".into(),
            "id".into(),
            "severity".into(),
            "title".into(),
            "why".into()
        ])
    );
    assert_eq!(v["id"], "acks");
    assert_eq!(v["severity"], "warn");
    for (severity, spelled) in [
        (Severity::Error, "error"),
        (Severity::Warn, "warn"),
        (Severity::Info, "info"),
    ] {
        assert_eq!(serde_json::to_value(severity).unwrap(), spelled);
    }
}

#[test]
fn an_observed_lag_says_when_it_clears() {
    // 2 instances × 1 thread at 1 ms a record: 2 000 records/s against the topic's input.
    let mut v = well_configured();
    v["nodes"][4]["processing_ms_per_record"] = json!(1.0);
    for e in v["edges"].as_array_mut().unwrap() {
        if e["to"] == "g" {
            e["lag"] = json!(1_200_000);
        }
    }
    let d = doc(v);
    let a = crate::analyze(&d);
    let g = a.consumer_groups.iter().find(|g| g.id == "g").unwrap();
    assert_eq!(g.observed_lag, Some(1_200_000));
    let spare = g.load.capacity_messages_per_sec.unwrap() - g.load.input_messages_per_sec;
    assert!(spare > 0.0, "the group keeps up: {spare}");
    let seconds = g.lag_clears_in_seconds.unwrap();
    assert!((seconds - 1_200_000.0 / spare).abs() < 1e-6);
    let f = a.findings.iter().find(|f| f.rule == "observed-lag").unwrap();
    assert!(
        f.message
            .starts_with("a lag of 1 200 000 records on `shop.orders.created` clears in "),
        "{}",
        f.message
    );
}

#[test]
fn a_global_store_topic_is_read_once_per_instance() {
    // The processor reads `t` as a global store with 5 instances: 5 reads of every record
    // instead of 1.
    let base = well_configured();
    let mut global = base.clone();
    global["nodes"].as_array_mut().unwrap().push(json!(
        {"id": "app", "kind": "stream_processor", "name": "app", "engine": "kafka_streams", "instances": 5}));
    let mut plain = global.clone();
    global["edges"]
        .as_array_mut()
        .unwrap()
        .push(json!({"from": "t", "to": "app", "global": true}));
    plain["edges"]
        .as_array_mut()
        .unwrap()
        .push(json!({"from": "t", "to": "app"}));
    let (g, p) = (crate::analyze(&doc(global)), crate::analyze(&doc(plain)));
    let write = p
        .sizing
        .topics
        .iter()
        .find(|t| t.id == "t")
        .unwrap()
        .write_bytes_per_sec;
    assert!(write > 0.0);
    assert!((g.sizing.read_bytes_per_sec - p.sizing.read_bytes_per_sec - 4.0 * write).abs() < 1e-6);
}

#[test]
fn an_observed_lag_without_a_processing_time_asks_for_one() {
    let mut v = well_configured();
    for e in v["edges"].as_array_mut().unwrap() {
        if e["to"] == "g" {
            e["lag"] = json!(5);
        }
    }
    let a = crate::analyze(&doc(v));
    let f = a.findings.iter().find(|f| f.rule == "observed-lag").unwrap();
    assert!(f.message.contains("does not give"), "{}", f.message);
    assert!(f.fix.contains("processing_ms_per_record"));
}
