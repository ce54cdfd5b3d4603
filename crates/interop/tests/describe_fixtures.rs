//! Real `kafka-topics.sh --describe` and `kafka-consumer-groups.sh --describe` output (see
//! `fixtures/*-describe/SOURCES.md`) and exactly the design each must give.

use std::collections::BTreeMap;

use design::{Design, Node, NodeKind};
use interop::{import, Format, Imported, Options};
use serde_json::{json, Value};

fn fixture(dir: &str, name: &str) -> String {
    let path = format!("{}/tests/fixtures/{dir}/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn topics(name: &str) -> Imported {
    let text = fixture("topics-describe", name);
    let got = import(&text, Some(Format::KafkaTopicsDescribe), &Options::default()).unwrap();
    assert!(design::validate(&got.design).is_empty());
    assert_eq!(got.design.name, "Topics from kafka-topics.sh --describe");
    got
}

fn groups(name: &str) -> Imported {
    let text = fixture("groups-describe", name);
    let got = import(&text, Some(Format::ConsumerGroupsDescribe), &Options::default()).unwrap();
    assert!(design::validate(&got.design).is_empty());
    assert_eq!(
        got.design.name,
        "Consumer groups from kafka-consumer-groups.sh --describe"
    );
    got
}

/// Every topic as (name, partitions, settings).
fn topic_table(d: &Design) -> Vec<(&str, Option<u32>, BTreeMap<String, Value>)> {
    d.nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Topic)
        .map(|n| (n.name.as_str(), n.partitions, n.config.clone()))
        .collect()
}

fn settings(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

fn by_name<'a>(d: &'a Design, kind: NodeKind, name: &str) -> &'a Node {
    d.nodes
        .iter()
        .find(|n| n.kind == kind && n.name == name)
        .unwrap_or_else(|| panic!("no {kind:?} `{name}`"))
}

/// Every edge as (topic name, reader name, lag).
fn edges(d: &Design) -> Vec<(&str, &str, Option<u64>)> {
    let name = |id: &str| {
        d.nodes
            .iter()
            .find(|n| n.id == id)
            .map_or("?", |n| n.name.as_str())
    };
    d.edges
        .iter()
        .map(|e| (name(&e.from), name(&e.to), e.lag))
        .collect()
}

#[test]
fn streams_quickstart_two_topics_old_layout() {
    let got = topics("kafka-streams-quickstart.txt");
    assert_eq!(
        topic_table(&got.design),
        [
            (
                "streams-wordcount-output",
                Some(1),
                settings(&[
                    ("replication.factor", json!(1)),
                    ("cleanup.policy", json!("compact")),
                    ("segment.bytes", json!(1_073_741_824)),
                ])
            ),
            (
                "streams-plaintext-input",
                Some(1),
                settings(&[
                    ("replication.factor", json!(1)),
                    ("segment.bytes", json!(1_073_741_824)),
                ])
            ),
        ]
    );
    assert!(got.design.edges.is_empty());
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    assert_eq!(
        interop::detect(&fixture("topics-describe", "kafka-streams-quickstart.txt")),
        Some(Format::KafkaTopicsDescribe)
    );
}

#[test]
fn quickstart_with_topic_id() {
    let got = topics("kafka-quickstart-topic-id.txt");
    assert_eq!(
        topic_table(&got.design),
        [(
            "quickstart-events",
            Some(1),
            settings(&[("replication.factor", json!(1))])
        )]
    );
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
}

#[test]
fn ops_replication_factor_three() {
    let got = topics("kafka-ops-replication-factor.txt");
    assert_eq!(
        topic_table(&got.design),
        [("foo", Some(1), settings(&[("replication.factor", json!(3))]))]
    );
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
}

#[test]
fn old_quickstart_replicated_topic() {
    let got = topics("kafka-2.x-quickstart-replicated.txt");
    assert_eq!(
        topic_table(&got.design),
        [(
            "my-replicated-topic",
            Some(1),
            settings(&[("replication.factor", json!(3))])
        )]
    );
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
}

#[test]
fn strimzi_kafka_4_with_elr() {
    let got = topics("strimzi-debugging-elr.txt");
    assert_eq!(
        topic_table(&got.design),
        [(
            "my-topic",
            Some(3),
            settings(&[
                ("replication.factor", json!(3)),
                ("min.insync.replicas", json!(2)),
                ("retention.bytes", json!(1_073_741_824)),
            ])
        )]
    );
    assert_eq!(by_name(&got.design, NodeKind::Topic, "my-topic").internal, None);
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
}

#[test]
fn ops_consumer_position_takes_the_group_from_the_command() {
    let got = groups("kafka-ops-consumer-position.txt");
    let d = &got.design;
    assert_eq!(d.nodes.len(), 2);
    assert_eq!(by_name(d, NodeKind::ConsumerGroup, "my-group").instances, Some(2));
    assert_eq!(by_name(d, NodeKind::Topic, "my-topic").partitions, Some(3));
    assert_eq!(edges(d), [("my-topic", "my-group", Some(4))]);
    let messages: Vec<&str> = got.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].starts_with("partition counts are the highest partition"));
}

#[test]
fn ops_three_topics_sum_lag_per_topic() {
    let got = groups("kafka-ops-three-topics.txt");
    let d = &got.design;
    assert_eq!(d.nodes.len(), 4);
    assert_eq!(by_name(d, NodeKind::ConsumerGroup, "my-group").instances, Some(3));
    assert_eq!(by_name(d, NodeKind::Topic, "topic1").partitions, Some(1));
    assert_eq!(by_name(d, NodeKind::Topic, "topic2").partitions, Some(2));
    assert_eq!(by_name(d, NodeKind::Topic, "topic3").partitions, Some(3));
    assert_eq!(
        edges(d),
        [
            ("topic3", "my-group", Some(154_289 + 157_799 + 155_157)),
            ("topic2", "my-group", Some(282_610 + 342_753)),
            ("topic1", "my-group", Some(1_665)),
        ]
    );
    assert_eq!(got.warnings.len(), 1, "{:?}", got.warnings);
}

#[test]
fn ops_members_and_state_give_the_group_and_its_members() {
    for (file, instances) in [
        ("kafka-ops-members.txt", 4),
        ("kafka-ops-members-verbose.txt", 4),
        ("kafka-ops-state.txt", 4),
    ] {
        let got = groups(file);
        let d = &got.design;
        assert_eq!(d.nodes.len(), 1, "{file}");
        assert_eq!(
            by_name(d, NodeKind::ConsumerGroup, "my-group").instances,
            Some(instances),
            "{file}"
        );
        assert!(d.edges.is_empty());
        assert_eq!(got.warnings.len(), 1, "{file}: {:?}", got.warnings);
        assert!(got.warnings[0].message.contains("not topics"));
        assert_eq!(got.warnings[0].location, "line 2");
    }
}

#[test]
fn strimzi_transactions_group() {
    let got = groups("strimzi-debugging-transactions.txt");
    let d = &got.design;
    assert_eq!(by_name(d, NodeKind::ConsumerGroup, "my-group").instances, Some(1));
    assert_eq!(
        by_name(d, NodeKind::Topic, "__consumer_offsets-27").partitions,
        Some(10)
    );
    assert_eq!(edges(d), [("__consumer_offsets-27", "my-group", Some(2_105))]);
    assert_eq!(
        interop::detect(&fixture("groups-describe", "strimzi-debugging-transactions.txt")),
        Some(Format::ConsumerGroupsDescribe)
    );
}

#[test]
fn kafkanotes_active_and_idle() {
    let got = groups("kafkanotes-active.txt");
    let d = &got.design;
    assert_eq!(
        by_name(d, NodeKind::ConsumerGroup, "first_group").instances,
        Some(1)
    );
    assert_eq!(by_name(d, NodeKind::Topic, "first_topic").partitions, Some(3));
    assert_eq!(edges(d), [("first_topic", "first_group", Some(0))]);
    assert_eq!(got.warnings.len(), 1);

    let got = groups("kafkanotes-no-active-members.txt");
    let d = &got.design;
    assert_eq!(by_name(d, NodeKind::ConsumerGroup, "first_group").instances, None);
    assert_eq!(by_name(d, NodeKind::Topic, "first_topic").partitions, Some(3));
    assert_eq!(edges(d), [("first_topic", "first_group", Some(0))]);
    let messages: Vec<&str> = got.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[1].contains("`first_group` has no active members"));
    assert_eq!(got.warnings[1].location, "line 6");
}

#[test]
fn all_groups_on_kafka_2_5() {
    let text = fixture("groups-describe", "kafka-2.5-all-groups.txt");
    assert_eq!(interop::detect(&text), Some(Format::ConsumerGroupsDescribe));
    let got = groups("kafka-2.5-all-groups.txt");
    let d = &got.design;
    let names: Vec<(&str, NodeKind)> = d.nodes.iter().map(|n| (n.name.as_str(), n.kind)).collect();
    assert_eq!(
        names,
        [
            ("my-first-app-consumer", NodeKind::ConsumerGroup),
            ("first_topic", NodeKind::Topic),
            ("my-second-app-consumer", NodeKind::ConsumerGroup),
        ]
    );
    assert_eq!(
        by_name(d, NodeKind::ConsumerGroup, "my-first-app-consumer").instances,
        Some(1)
    );
    assert_eq!(
        by_name(d, NodeKind::ConsumerGroup, "my-second-app-consumer").instances,
        None
    );
    assert_eq!(by_name(d, NodeKind::Topic, "first_topic").partitions, Some(3));
    assert_eq!(
        edges(d),
        [
            ("first_topic", "my-first-app-consumer", Some(0)),
            ("first_topic", "my-second-app-consumer", Some(0)),
        ]
    );
    let messages: Vec<&str> = got.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
}
