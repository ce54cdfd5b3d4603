//! Unit tests of the plan: one per kind of step, and the order they come in.

use design::Design;
use serde_json::{json, Value};

use crate::keys_moved::{staying_share, topic_moved, KeyBasis};
use crate::{apply, plan, plan_with, topic_settings, PlanOptions, Risk, StepKind};

pub(crate) fn design(v: Value) -> Design {
    design::parse(v.to_string().as_bytes()).expect("a valid design")
}

/// A producer, a topic and a group; `topic` is merged into the topic node.
fn base(topic: Value) -> Design {
    let mut t = json!({"id": "orders", "kind": "topic", "name": "orders", "partitions": 12,
        "config": {"replication.factor": 3, "min.insync.replicas": 2, "retention.ms": 604800000}});
    if let (Some(t), Some(extra)) = (t.as_object_mut(), topic.as_object()) {
        for (k, v) in extra {
            t.insert(k.clone(), v.clone());
        }
    }
    design(
        json!({"schema": "kafka-design/v1", "name": "shop", "cluster": {"brokers": 6},
        "nodes": [
            {"id": "svc", "kind": "producer", "name": "order-service", "messages_per_sec": 1000,
             "avg_message_bytes": 1000,
             "key": {"field": "orderId", "distribution": {"kind": "uniform", "cardinality": 5000}}},
            t,
            {"id": "pay", "kind": "consumer_group", "name": "payments", "instances": 4,
             "processing_ms_per_record": 1.0}],
        "edges": [{"from": "svc", "to": "orders"}, {"from": "orders", "to": "pay"}]}),
    )
}

fn kinds(p: &crate::Plan) -> Vec<StepKind> {
    p.steps.iter().map(|s| s.kind).collect()
}

#[test]
fn identical_designs_and_moved_nodes_plan_nothing() {
    for t in design::templates::TEMPLATES {
        let d = t.design().unwrap();
        let mut moved = d.clone();
        for n in &mut moved.nodes {
            n.position = Some(design::Position { x: 1.0, y: 2.0 });
        }
        let p = plan(&d, &moved);
        assert!(p.is_empty(), "{}: {:#?}", t.id, p.steps);
        assert_eq!(p.summary, "No changes to apply.");
        assert!(!p.refused);
    }
}

#[test]
fn a_decrease_is_refused_with_the_alternative_and_no_command() {
    let p = plan(&base(json!({"partitions": 12})), &base(json!({"partitions": 6})));
    assert_eq!(kinds(&p), [StepKind::DecreasePartitions]);
    let s = &p.steps[0];
    assert_eq!(s.risk, Risk::Refused);
    assert!(p.refused);
    assert!(
        s.message
            .contains("Kafka cannot reduce a topic's partition count"),
        "{}",
        s.message
    );
    assert!(s
        .alternative
        .as_deref()
        .unwrap()
        .starts_with("Create 'orders-v2' with 6 partitions"));
    assert!(s.commands.is_empty());
    assert_eq!(p.summary, "1 step: 1 refused");
    // Applying it changes nothing.
    assert_eq!(
        apply(&base(json!({"partitions": 12})), &p),
        base(json!({"partitions": 12}))
    );
}

#[test]
fn unset_partitions_compare_as_the_exports_write_them() {
    // Unset: the analysis' advice, as the Strimzi and Terraform exports write it.
    let a = base(json!({"partitions": null}));
    let advised = topic_settings(&a)["orders"].partitions;
    assert!(plan(&a, &base(json!({"partitions": advised}))).is_empty());
    let p = plan(&a, &base(json!({"partitions": advised * 2})));
    assert_eq!(kinds(&p), [StepKind::IncreasePartitions]);
}

#[test]
fn unset_partitions_never_ask_for_a_decrease_and_an_advised_increase_says_so() {
    let advised = topic_settings(&base(json!({"partitions": null})))["orders"].partitions;
    assert!(advised < 48, "{advised}");
    // 48 partitions in effect, the target leaves them unset with a lower advice: nothing to do,
    // not a refused decrease.
    let p = plan(
        &base(json!({"partitions": 48})),
        &base(json!({"partitions": null})),
    );
    assert!(p.is_empty() && !p.refused, "{:#?}", p.steps);
    // The advice above the current count: an increase that says why.
    let mut from = base(json!({"partitions": 1}));
    let p = plan(&from, &base(json!({"partitions": null})));
    assert_eq!(kinds(&p), [StepKind::IncreasePartitions]);
    let s = &p.steps[0];
    assert!(
        s.message.starts_with(&format!(
            "orders: 1 → {advised} partitions (the studio's advice: the design leaves partitions unset); "
        )),
        "{}",
        s.message
    );
    // Risk as for any increase: the same keys move.
    let explicit = plan(&from, &base(json!({"partitions": advised})));
    assert_eq!(s.risk, explicit.steps[0].risk);
    assert_eq!(s.keys_moved, explicit.steps[0].keys_moved);
    // Applied, the count is pinned to what the cluster has.
    from = apply(&from, &p);
    assert_eq!(from.nodes[1].partitions, Some(advised));
    // An explicit decrease is still refused.
    assert!(plan(&base(json!({"partitions": 48})), &base(json!({"partitions": 6}))).refused);
}

#[test]
fn an_increase_says_what_moves_and_an_unkeyed_topic_moves_nothing() {
    let p = plan(&base(json!({})), &base(json!({"partitions": 24})));
    let s = &p.steps[0];
    let moved = s.keys_moved.as_ref().unwrap();
    // 5 000 keys hashed one by one: about half move from 12 to 24 partitions (gcd 12 / 24).
    assert_eq!(moved.keys_hashed, 5000);
    assert!(!moved.approximate);
    assert!((moved.share - 0.5).abs() < 0.03, "{}", moved.share);
    assert_eq!(s.risk, Risk::Medium);

    let mut unkeyed = base(json!({}));
    unkeyed.nodes[0].key = None;
    let mut to = unkeyed.clone();
    to.nodes[1].partitions = Some(24);
    let s = &plan(&unkeyed, &to).steps[0];
    assert_eq!(s.risk, Risk::Low);
    assert_eq!(s.keys_moved.as_ref().unwrap().basis, KeyBasis::Unkeyed);
    assert_eq!(s.keys_moved.as_ref().unwrap().share, 0.0);
    assert!(s.message.ends_with("nothing moves"));
}

#[test]
fn compacted_and_streams_readers_make_an_increase_high_risk() {
    let p = plan(
        &base(json!({"config": {"cleanup.policy": "compact"}})),
        &base(json!({"partitions": 16, "config": {"cleanup.policy": "compact"}})),
    );
    let s = &p.steps[0];
    assert_eq!(s.risk, Risk::High);
    assert!(s.consequences.iter().any(|c| c.starts_with("Compacted topic")));

    // A Kafka Streams join of orders with payments: co-partitioning named.
    let streams = |p: u32| {
        design(json!({"schema": "kafka-design/v1", "name": "s", "nodes": [
            {"id": "w", "kind": "producer", "name": "w", "messages_per_sec": 10,
             "key": {"distribution": {"kind": "uniform", "cardinality": 100}}},
            {"id": "a", "kind": "topic", "name": "orders", "partitions": p},
            {"id": "b", "kind": "topic", "name": "payments", "partitions": 8},
            {"id": "j", "kind": "stream_processor", "name": "joiner", "engine": "kafka_streams", "stateful": true}],
          "edges": [{"from": "w", "to": "a"}, {"from": "a", "to": "j"}, {"from": "b", "to": "j"}]}))
    };
    let s = &plan(&streams(8), &streams(12)).steps[0];
    assert_eq!(s.risk, Risk::High);
    assert!(
        s.consequences
            .iter()
            .any(|c| c.contains("'payments' (8 partitions, differs)")),
        "{s:#?}"
    );
    assert!(s
        .consequences
        .iter()
        .any(|c| c.contains("kafka-streams-application-reset.sh")));
}

#[test]
fn a_streams_reader_broken_by_an_increase_makes_it_high_risk_whatever_the_keys() {
    // No key at all (nothing moves), yet a Kafka Streams join's inputs lose co-partitioning, or
    // a stateful application's internal topics keep the old count.
    let streams = |p: u32, stateful: bool, other: u32| {
        design(json!({"schema": "kafka-design/v1", "name": "s", "nodes": [
            {"id": "w", "kind": "producer", "name": "w", "messages_per_sec": 10},
            {"id": "a", "kind": "topic", "name": "orders", "partitions": p},
            {"id": "b", "kind": "topic", "name": "payments", "partitions": other},
            {"id": "j", "kind": "stream_processor", "name": "joiner", "engine": "kafka_streams",
             "stateful": stateful}],
          "edges": [{"from": "w", "to": "a"}, {"from": "a", "to": "j"}, {"from": "b", "to": "j"}]}))
    };
    let s = &plan(&streams(8, false, 8), &streams(12, false, 8)).steps[0];
    assert_eq!(s.keys_moved.as_ref().unwrap().basis, KeyBasis::Unkeyed);
    assert_eq!(s.risk, Risk::High, "{s:#?}");
    let s = &plan(&streams(8, true, 12), &streams(12, true, 12)).steps[0];
    assert_eq!(s.risk, Risk::High, "{s:#?}");
    // Raised together with the other input, stateless: co-partitioned still, nothing moves.
    let s = &plan(&streams(8, false, 12), &streams(12, false, 12)).steps[0];
    assert_eq!(s.risk, Risk::Low, "{s:#?}");
}

#[test]
fn a_replication_factor_change_is_a_reassignment_with_its_json_and_throttle() {
    let p = plan(
        &base(json!({"config": {"replication.factor": 2, "min.insync.replicas": 1}})),
        &base(json!({"config": {"replication.factor": 3, "min.insync.replicas": 1}})),
    );
    assert_eq!(kinds(&p), [StepKind::ChangeReplicationFactor]);
    let s = &p.steps[0];
    let json = s.reassignment.as_ref().unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["partitions"].as_array().unwrap().len(), 12);
    assert_eq!(
        json["partitions"][7],
        json!({"topic": "orders", "partition": 7, "replicas": [1, 2, 3]})
    );
    assert_eq!(s.reassignment_file.as_deref(), Some("reassign-orders.json"));
    // The JSON assumes a placement: the real one is described first.
    assert_eq!(
        s.commands[0],
        "kafka-topics.sh --bootstrap-server \"$BOOTSTRAP\" --describe --topic 'orders'"
    );
    assert_eq!(s.commands.len(), 3);
    assert!(
        s.commands[1]
            .ends_with("--reassignment-json-file 'reassign-orders.json' --execute --throttle 17000000"),
        "{}",
        s.commands[1]
    );
    assert!(s.commands[2].ends_with("--verify"));
    // 1 MB/s × 7 d = 604.8 GB per replica, one more replica per partition; 12 replicas added
    // over 6 brokers: 2 each, 100.8 GB per broker in 2 h = 14 MB/s, plus the 2/12 of 1 MB/s
    // written to them meanwhile, × 1.2: 17 MB/s.
    let moved = s.data_moved_bytes.unwrap();
    assert!((moved - 604.8e9).abs() < 1e6, "{moved}");
    assert_eq!(s.throttle_bytes_per_sec, Some(17e6));
}

#[test]
fn the_throttle_exceeds_the_writes_the_new_replicas_receive() {
    // 100 MB/s written, retention 1 h: 360 GB per replica. 12 partitions on 6 brokers, 2 → 3:
    // each broker gets 2 new replicas, so 2/12 of the writes (16.7 MB/s) arrive on them while
    // they copy 60 GB in 2 h (8.3 MB/s). Sized on the stored bytes alone (8.4 MB/s), the new
    // replicas would fall further behind forever and --verify would never complete.
    let topic = |rf: u32| {
        json!({"partitions": 12, "config": {"replication.factor": rf, "min.insync.replicas": 1,
            "retention.ms": 3_600_000}})
    };
    let mut a = base(topic(2));
    let mut b = base(topic(3));
    for d in [&mut a, &mut b] {
        d.nodes[0].messages_per_sec = Some(100_000.0);
    }
    let p = plan(&a, &b);
    let s = p
        .steps
        .iter()
        .find(|s| s.kind == StepKind::ChangeReplicationFactor)
        .unwrap();
    assert!((s.data_moved_bytes.unwrap() - 360e9).abs() < 1e6);
    // (16.67 + 8.33) MB/s × 1.2.
    assert_eq!(s.throttle_bytes_per_sec, Some(30e6));
    assert!(
        s.commands[1].ends_with("--execute --throttle 30000000"),
        "{}",
        s.commands[1]
    );
    let why = s
        .consequences
        .iter()
        .find(|c| c.starts_with("The throttle must exceed the rate new writes arrive"))
        .unwrap_or_else(|| panic!("{:#?}", s.consequences));
    assert!(
        why.contains("16.67 MB/s of new writes (100 MB/s written to the topic × 2 of its 12 partitions)"),
        "{why}"
    );
    assert!(why.contains("+ 8.33 MB/s to copy the past in 2 h"), "{why}");
    assert!(why.ends_with("= 30 MB/s."), "{why}");
    assert!(
        s.consequences
            .iter()
            .any(|c| c.contains("at a throttle of 30 MB/s it catches up in about 1.25 h")),
        "{:#?}",
        s.consequences
    );
}

#[test]
fn a_reassignment_too_long_to_list_is_built_from_the_real_assignment() {
    let wide = |rf: u32| json!({"partitions": 40_000, "config": {"replication.factor": rf, "min.insync.replicas": 1}});
    let p = plan(&base(wide(2)), &base(wide(3)));
    let s = &p.steps[0];
    assert_eq!(s.kind, StepKind::ChangeReplicationFactor);
    assert!(s.reassignment.is_none());
    assert_eq!(s.reassignment_file.as_deref(), Some("reassign-orders.json"));
    assert_eq!(s.commands.len(), 4, "{:#?}", s.commands);
    assert!(s.commands[0].ends_with("--describe --topic 'orders'"));
    assert!(s.commands[1].contains("| jq -R -s --arg topic 'orders' --argjson rf 3 "));
    assert!(s.commands[1].ends_with("> 'reassign-orders.json'"));
    assert!(s.commands.iter().all(|c| !c.contains("--generate")));
    assert!(s.commands[2].contains("--execute --throttle"));
    // Bounded: the script does not grow with the partitions.
    assert!(s.commands.iter().map(String::len).sum::<usize>() < 2_000);
}

#[test]
fn the_throttle_follows_the_stated_time_and_refusals_follow_the_brokers() {
    let (a, b) = (
        base(json!({"config": {"replication.factor": 2, "min.insync.replicas": 1}})),
        base(json!({"config": {"replication.factor": 3, "min.insync.replicas": 1}})),
    );
    let slow = plan_with(
        &a,
        &b,
        &PlanOptions {
            reassignment_hours: 8.0,
        },
    );
    // 100.8 GB in 8 h (3.5 MB/s) + 0.17 MB/s of writes, × 1.2.
    assert_eq!(slow.steps[0].throttle_bytes_per_sec, Some(4.4e6));
    let mut small = b.clone();
    small.cluster.brokers = Some(2);
    let p = plan(&a, &small);
    assert_eq!(p.steps[0].risk, Risk::Refused);
    assert!(p.steps[0].commands.is_empty());
    assert!(
        p.steps[0].message.contains("the cluster has 2"),
        "{}",
        p.steps[0].message
    );
}

#[test]
fn settings_change_with_their_effect_and_min_insync_at_the_factor_is_refused() {
    let p = plan(
        &base(json!({})),
        &base(
            json!({"config": {"replication.factor": 3, "min.insync.replicas": 2, "retention.ms": 1209600000}}),
        ),
    );
    let s = &p.steps[0];
    assert_eq!(s.kind, StepKind::ChangeTopicConfig);
    assert_eq!(s.message, "orders: retention.ms 7 d → 14 d");
    assert!(s.commands[0].ends_with("--alter --add-config 'retention.ms=1209600000'"));
    // 1 MB/s × 7 d more × RF 3 × 1.3 overhead.
    assert!((s.storage_delta_bytes.unwrap() - 604.8e9 * 3.0 * 1.3).abs() < 1e6);

    let p = plan(
        &base(json!({})),
        &base(json!({"config": {"replication.factor": 3, "retention.ms": 604800000}})),
    );
    assert!(p.steps[0].commands[0].ends_with("--alter --delete-config 'min.insync.replicas'"));

    let p = plan(
        &base(json!({})),
        &base(
            json!({"config": {"replication.factor": 3, "min.insync.replicas": 3, "retention.ms": 604800000}}),
        ),
    );
    assert_eq!(p.steps[0].risk, Risk::Refused);
    assert!(p.steps[0]
        .message
        .contains("min.insync.replicas 3 ≥ replication factor 3"));
}

#[test]
fn a_topic_created_or_renamed_with_min_insync_at_the_factor_is_refused() {
    let isr_at_rf = json!({"replication.factor": 3, "min.insync.replicas": 3});
    let mut from = base(json!({}));
    from.nodes.retain(|n| n.id != "orders");
    from.edges.clear();
    let p = plan(&from, &base(json!({"config": isr_at_rf})));
    let s = &p.steps[0];
    assert_eq!(s.kind, StepKind::CreateTopic);
    assert_eq!(s.risk, Risk::Refused);
    assert!(p.refused);
    assert!(s.commands.is_empty());
    assert!(
        s.message
            .contains("create with min.insync.replicas 3 ≥ replication factor 3 refused"),
        "{}",
        s.message
    );
    assert!(s
        .alternative
        .as_deref()
        .unwrap()
        .starts_with("Keep min.insync.replicas at most 2"));
    // Renamed: the new topic is created, so refused the same way.
    let p = plan(
        &base(json!({})),
        &base(json!({"name": "shop.orders", "config": isr_at_rf})),
    );
    let create = p.steps.iter().find(|s| s.kind == StepKind::CreateTopic).unwrap();
    assert_eq!(create.risk, Risk::Refused, "{create:#?}");
    // Left unset it is 1; a single replica with min.insync.replicas 1 is not refused.
    let p = plan(&from, &base(json!({"config": {"replication.factor": 1}})));
    assert_eq!(p.steps[0].risk, Risk::Low, "{:#?}", p.steps[0]);
    assert_eq!(p.steps[0].commands.len(), 1);
}

#[test]
fn cleanup_policy_changes_say_what_they_break() {
    let mut keyless = base(json!({}));
    keyless.nodes[0].key = None;
    let mut compact = keyless.clone();
    compact.nodes[1]
        .config
        .insert("cleanup.policy".into(), json!("compact,delete"));
    let s = &plan(&keyless, &compact).steps[0];
    assert_eq!(s.risk, Risk::High);
    assert!(s
        .consequences
        .iter()
        .any(|c| c.contains("refuses records without a key: 'order-service'")));
    assert!(s.commands[0].ends_with("'cleanup.policy=[compact,delete]'"));
    let back = &plan(&compact, &keyless).steps[0];
    assert!(back.destructive && back.risk == Risk::High);
}

#[test]
fn deletes_come_last_renames_are_a_new_topic_and_readers_removed_are_destructive() {
    let a = base(json!({}));
    let mut b = base(json!({"name": "shop.orders.created"}));
    b.nodes.retain(|n| n.id != "pay");
    b.edges.retain(|e| e.to != "pay");
    b.nodes
        .push(design::Node::new("audit", design::NodeKind::Topic, "audit"));
    let p = plan(&a, &b);
    assert_eq!(
        kinds(&p),
        [
            StepKind::CreateTopic,
            StepKind::CreateTopic,
            StepKind::RemoveReader,
            StepKind::DeleteTopic
        ]
    );
    assert!(p.steps[0].message.contains("Kafka cannot rename a topic"));
    assert!(p.steps[2].destructive && p.steps[3].destructive);
    assert!(p.steps[2].commands[0].ends_with("--delete --group 'payments'"));
    assert!(p.steps[3].commands[0].ends_with("--delete --topic 'orders'"));
    let settings = topic_settings(&apply(&a, &p));
    assert_eq!(settings, topic_settings(&b));
}

#[test]
fn schema_versions_are_registered_in_order_and_removed_ones_are_destructive() {
    let subject = |versions: Value| {
        design(json!({"schema": "kafka-design/v1", "name": "s", "nodes": [
            {"id": "t", "kind": "topic", "name": "orders", "partitions": 3},
            {"id": "s", "kind": "schema_subject", "name": "orders-value", "versions": versions}],
          "edges": [{"from": "s", "to": "t"}]}))
    };
    let v1 = r#"{"type":"record","name":"O","fields":[{"name":"id","type":"string"}]}"#;
    let v2 = r#"{"type":"record","name":"O","fields":[{"name":"id","type":"string"},{"name":"n","type":"int","default":0}]}"#;
    let p = plan(
        &subject(json!([{"schema": v1}])),
        &subject(json!([{"schema": v1}, {"schema": v2}])),
    );
    assert_eq!(kinds(&p), [StepKind::RegisterSchemaVersions]);
    assert_eq!(p.steps[0].message, "orders-value: register version 2");
    assert!(p.steps[0].commands[0]
        .contains("\"$SCHEMA_REGISTRY/subjects/orders-value/versions\" --data @'orders-value-v2.json'"));
    let p = plan(
        &subject(json!([{"schema": v1}, {"schema": v2}])),
        &subject(json!([{"schema": v1}])),
    );
    assert_eq!(kinds(&p), [StepKind::RemoveSchemaVersions]);
    assert!(p.steps[0].destructive);

    // Version 2 changed: the old one is soft-deleted before the new one is registered, in one
    // step, so the new one is checked against version 1, not against the one it replaces.
    let v2b = r#"{"type":"record","name":"O","fields":[{"name":"id","type":"string"},{"name":"m","type":"int","default":1}]}"#;
    let p = plan(
        &subject(json!([{"schema": v1}, {"schema": v2}])),
        &subject(json!([{"schema": v1}, {"schema": v2b}])),
    );
    assert_eq!(kinds(&p), [StepKind::RegisterSchemaVersions], "{:#?}", p.steps);
    let s = &p.steps[0];
    assert_eq!(
        s.message,
        "orders-value: replace version 2: soft-delete the old, then register version 2"
    );
    assert_eq!(s.commands.len(), 2);
    assert_eq!(
        s.commands[0],
        "curl -X DELETE \"$SCHEMA_REGISTRY/subjects/orders-value/versions/2\""
    );
    assert!(s.commands[1].ends_with("--data @'orders-value-v2.json'"));
    assert_eq!(s.risk, Risk::High);
    assert!(s.destructive);
    assert!(s
        .consequences
        .iter()
        .any(|c| c.contains("breaks clients that cached a replaced version")));
    // Applied, the design has the new versions.
    let applied = apply(&subject(json!([{"schema": v1}, {"schema": v2}])), &p);
    assert_eq!(applied, subject(json!([{"schema": v1}, {"schema": v2b}])));
}

#[test]
fn a_new_reader_starts_where_its_kind_starts_by_default() {
    let with = |reader: Value| {
        let mut d = base(json!({}));
        d.nodes
            .push(serde_json::from_value::<design::Node>(reader).unwrap());
        d.edges.push(design::Edge::new("orders", "new"));
        d
    };
    let reset = |reader: Value| {
        let p = plan(&base(json!({})), &with(reader));
        let s = p.steps.iter().find(|s| s.kind == StepKind::AddReader).unwrap();
        s.consequences
            .iter()
            .find(|c| c.starts_with("auto.offset.reset="))
            .cloned()
            .unwrap()
    };
    let plain = reset(json!({"id": "new", "kind": "consumer_group", "name": "audit"}));
    assert!(
        plain.starts_with("auto.offset.reset=latest (Kafka's default)"),
        "{plain}"
    );
    let sink = reset(json!({"id": "new", "kind": "sink_connector", "name": "s3"}));
    assert!(
        sink.starts_with("auto.offset.reset=earliest (Kafka Connect's default"),
        "{sink}"
    );
    assert!(sink.contains("reads everything retained first"));
    let streams =
        reset(json!({"id": "new", "kind": "stream_processor", "name": "agg", "engine": "kafka_streams"}));
    assert!(
        streams.starts_with("auto.offset.reset=earliest (Kafka Streams' default)"),
        "{streams}"
    );
    // Set on the reader, it is what it says.
    let set = reset(json!({"id": "new", "kind": "sink_connector", "name": "s3",
        "config": {"auto.offset.reset": "latest"}}));
    assert!(
        set.starts_with("auto.offset.reset=latest: records written"),
        "{set}"
    );
}

#[test]
fn modelling_figures_are_no_client_deploy_and_settings_are() {
    let a = base(json!({}));
    let mut b = a.clone();
    let set = |n: &mut design::Node, v: Value| {
        let mut m = serde_json::to_value(&*n).unwrap();
        for (k, v) in v.as_object().unwrap() {
            m[k] = v.clone();
        }
        *n = serde_json::from_value(m).unwrap();
    };
    set(
        &mut b.nodes[0],
        json!({"messages_per_sec": 5000, "avg_message_bytes": 2000, "description": "checkout",
            "load_profile": {"lag_threshold_seconds": 120},
            "key": {"field": "orderId", "distribution": {"kind": "zipf", "cardinality": 9000, "exponent": 1.1}},
            "position": {"x": 5.0, "y": 6.0}}),
    );
    set(
        &mut b.nodes[2],
        json!({"processing_ms_per_record": 3.5, "needs_ordering": true, "output_ratio": 0.5,
            "description": "pays"}),
    );
    let p = plan(&a, &b);
    assert!(p.is_empty(), "{:#?}", p.steps);

    // A deployed setting, and keys taken from another field, are a deploy.
    set(
        &mut b.nodes[0],
        json!({"config": {"acks": "1"},
            "key": {"field": "customerId", "distribution": {"kind": "uniform", "cardinality": 5000}}}),
    );
    let p = plan(&a, &b);
    assert_eq!(kinds(&p), [StepKind::ChangeWriter], "{:#?}", p.steps);
    let s = &p.steps[0];
    assert!(s.message.starts_with("order-service: acks, key"), "{}", s.message);
    assert_eq!(s.risk, Risk::Medium);
    assert!(s.consequences.iter().any(|c| c.starts_with("Its key changes")));
    // Scaling a reader is a scale step, not a change.
    set(&mut b.nodes[2], json!({"instances": 8}));
    let p = plan(&a, &b);
    assert_eq!(kinds(&p), [StepKind::ScaleReader, StepKind::ChangeWriter]);
}

#[test]
fn hostile_names_stay_quoted_in_every_command() {
    let evil = "o'; rm -rf / #$(x)`y`";
    let a = base(json!({"name": evil}));
    let b = base(
        json!({"name": evil, "partitions": 24, "config": {"replication.factor": 3, "min.insync.replicas": 2, "retention.ms": 1}}),
    );
    let p = plan(&a, &b);
    for c in p.steps.iter().flat_map(|s| &s.commands) {
        assert!(c.contains(r"'o'\''; rm -rf / #$(x)`y`'"), "{c}");
    }
}

#[test]
fn the_closed_form_agrees_with_hashing_many_keys() {
    assert_eq!(staying_share(10, 50), 0.2);
    assert_eq!(staying_share(10, 20), 0.5);
    assert!((staying_share(10, 13) - 1.0 / 13.0).abs() < 1e-12);
    assert_eq!(staying_share(7, 7), 1.0);
    let mut producer = design::Node::new("p", design::NodeKind::Producer, "p");
    producer.key = Some(design::KeySpec {
        field: Some("k".into()),
        distribution: design::KeyDistribution::Uniform { cardinality: 100_000 },
        extra: Default::default(),
    });
    for (a, b) in [(10, 50), (12, 18), (6, 7)] {
        let m = topic_moved(&[&producer], a, b, &mut u64::MAX.clone()).unwrap();
        assert!(
            (m.share - (1.0 - staying_share(a, b))).abs() < 0.01,
            "{a}→{b}: {}",
            m.share
        );
    }
}

#[test]
fn the_plan_serializes_as_the_api_answers_it() {
    let p = plan(&base(json!({})), &base(json!({"partitions": 24})));
    let v = serde_json::to_value(&p).unwrap();
    let s = &v["steps"][0];
    assert_eq!(s["kind"], "increase_partitions");
    assert_eq!(s["risk"], "medium");
    assert_eq!(s["element_kind"], "topic");
    assert_eq!(s["keys_moved"]["basis"], "modelled");
    assert!(s.get("alternative").is_none() && s.get("reassignment").is_none());
    assert_eq!(serde_json::from_value::<crate::Plan>(v).unwrap(), p);
}
