//! Unit tests of the `kafka-topics.sh --describe` reader: every layout Kafka has printed, and
//! hostile text.

use design::{Design, NodeKind};
use proptest::prelude::*;
use serde_json::{json, Value};

use super::*;

fn topic<'a>(d: &'a Design, name: &str) -> &'a design::Node {
    d.nodes
        .iter()
        .find(|n| n.kind == NodeKind::Topic && n.name == name)
        .unwrap_or_else(|| panic!("no topic {name}"))
}

fn ok(text: &str) -> (Design, Vec<Warning>) {
    import(text).expect("imports")
}

#[test]
fn kafka_4_layout_with_topic_id_and_elr() {
    let text = "Topic: orders\tTopicId: 8R3wCzZ9QjOs3yy6mF2f4g\tPartitionCount: 3\tReplicationFactor: 3\tConfigs: min.insync.replicas=2,cleanup.policy=compact,segment.bytes=1073741824\n\
\tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: 1,2,3\tIsr: 1,2,3\tElr: \tLastKnownElr: \n\
\tTopic: orders\tPartition: 1\tLeader: 2\tReplicas: 2,3,1\tIsr: 2,3,1\tElr: N/A\tLastKnownElr: N/A\n";
    let (d, w) = ok(text);
    assert_eq!(d.name, DESIGN_NAME);
    assert_eq!(d.nodes.len(), 1);
    let t = topic(&d, "orders");
    assert_eq!(t.partitions, Some(3));
    assert_eq!(t.internal, None);
    assert_eq!(t.config["replication.factor"], json!(3));
    assert_eq!(t.config["min.insync.replicas"], json!(2));
    assert_eq!(t.config["cleanup.policy"], json!("compact"));
    assert_eq!(t.config["segment.bytes"], json!(1_073_741_824));
    assert_eq!(t.config.len(), 4);
    assert!(w.is_empty(), "{w:?}");
}

#[test]
fn old_layout_without_space_after_the_colon() {
    let text = "Topic:streams-wordcount-output\tPartitionCount:1\tReplicationFactor:1\tConfigs:cleanup.policy=compact,segment.bytes=1073741824\n\
\tTopic: streams-wordcount-output\tPartition: 0\tLeader: 0\tReplicas: 0\tIsr: 0\n\
Topic:foo\tPartitionCount:2\tReplicationFactor:3\tConfigs:\tMarkedForDeletion:true\n";
    let (d, w) = ok(text);
    let t = topic(&d, "streams-wordcount-output");
    assert_eq!(t.partitions, Some(1));
    assert_eq!(t.config["replication.factor"], json!(1));
    assert_eq!(t.config["cleanup.policy"], json!("compact"));
    let foo = topic(&d, "foo");
    assert_eq!(foo.partitions, Some(2));
    assert_eq!(foo.config.len(), 1);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].location, "line 3");
    assert!(w[0].message.contains("marked for deletion"));
}

#[test]
fn tabs_turned_into_spaces_still_read() {
    let text = "Topic: quickstart-events        TopicId: NPmZHyhbR9y00wMglMH2sg PartitionCount: 1       ReplicationFactor: 1\tConfigs:\n\
Topic: quickstart-events Partition: 0    Leader: 0   Replicas: 0 Isr: 0\n";
    let (d, w) = ok(text);
    let t = topic(&d, "quickstart-events");
    assert_eq!(t.partitions, Some(1));
    assert_eq!(t.config, [("replication.factor".to_string(), json!(1))].into());
    assert!(w.is_empty(), "{w:?}");
}

#[test]
fn config_values_with_commas_split_only_before_a_name() {
    let got = config_entries(
        "leader.replication.throttled.replicas=0:1,1:2,cleanup.policy=compact,delete,retention.ms=1000",
    );
    assert_eq!(
        got,
        [
            ("leader.replication.throttled.replicas", "0:1,1:2"),
            ("cleanup.policy", "compact,delete"),
            ("retention.ms", "1000"),
        ]
    );
    assert!(config_entries("").is_empty());
    assert_eq!(config_entries("a=1,,b=2"), [("a", "1,"), ("b", "2")]);
}

#[test]
fn compact_delete_and_throttles_become_settings() {
    let text = "Topic: t\tPartitionCount: 2\tReplicationFactor: 2\tConfigs: cleanup.policy=compact,delete,leader.replication.throttled.replicas=0:1,1:2,message.format.version=3.0-IV1\n";
    let (d, w) = ok(text);
    let t = topic(&d, "t");
    assert_eq!(t.config["cleanup.policy"], json!("compact,delete"));
    assert_eq!(
        t.config["leader.replication.throttled.replicas"],
        json!("0:1,1:2")
    );
    assert_eq!(t.config["message.format.version"], json!("3.0-IV1"));
    assert!(w.is_empty(), "{w:?}");
}

#[test]
fn null_and_illegal_values_are_left_out_with_a_warning() {
    let text = "Topic: t\tPartitionCount: 1\tReplicationFactor: 9\tConfigs: sasl.secret=null,cleanup.policy=shred,min.insync.replicas=two,retention.ms=-1\n";
    let (d, w) = ok(text);
    let t = topic(&d, "t");
    assert_eq!(t.config, [("retention.ms".to_string(), json!(-1))].into());
    let messages: Vec<&str> = w.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(messages.len(), 4, "{messages:?}");
    assert!(messages[0].starts_with("`replication.factor` is left out"));
    assert!(messages[1].contains("null"));
    assert!(messages[2].starts_with("`cleanup.policy` is left out"));
    assert!(messages[3].starts_with("`min.insync.replicas` is left out"));
    assert!(w.iter().all(|w| w.location == "line 1"));
}

#[test]
fn partition_lines_without_a_header_count_partitions() {
    // `--under-replicated-partitions`
    let text = "\tTopic: a\tPartition: 4\tLeader: 1\tReplicas: 1,2,3\tIsr: 1\n\
\tTopic: a\tPartition: 1\tLeader: 2\tReplicas: 2,3\tIsr: 2\n\
\tTopic: b\tPartition: 0\tLeader: none\tReplicas: 3\tIsr: \n";
    let (d, w) = ok(text);
    assert_eq!(topic(&d, "a").partitions, Some(5));
    assert_eq!(topic(&d, "a").config["replication.factor"], json!(3));
    assert_eq!(topic(&d, "b").partitions, Some(1));
    assert_eq!(w.len(), 2);
    assert_eq!(w[0].location, "line 1");
    assert!(w[0].message.contains("no header line"));
    assert!(w[0].message.contains("5 partitions"));
    assert_eq!(w[1].location, "line 3");
}

#[test]
fn reassignment_columns_are_read_as_keys() {
    let f = fields("\tTopic: a\tPartition: 0\tLeader: 1\tReplicas: 1,2,4\tIsr: 1,2\tAdding Replicas: 4\tRemoving Replicas: 3\tElr: \tLastKnownElr: ");
    assert_eq!(get(&f, "Replicas"), Some("1,2,4"));
    assert_eq!(get(&f, "Isr"), Some("1,2"));
    assert_eq!(get(&f, "AddingReplicas"), Some("4"));
    assert_eq!(get(&f, "RemovingReplicas"), Some("3"));
    assert_eq!(get(&f, "Elr"), Some(""));
}

#[test]
fn internal_topics_are_marked() {
    let text = "Topic: __consumer_offsets\tPartitionCount: 50\tReplicationFactor: 3\tConfigs: compression.type=producer,cleanup.policy=compact,segment.bytes=104857600\n\
Topic: orders\tPartitionCount: 6\tReplicationFactor: 3\tConfigs: \n\
Topic: _schemas\tPartitionCount: 1\tReplicationFactor: 3\tConfigs: cleanup.policy=compact\n";
    let (d, w) = ok(text);
    assert_eq!(topic(&d, "__consumer_offsets").internal, Some(true));
    assert_eq!(topic(&d, "__consumer_offsets").partitions, Some(50));
    assert_eq!(topic(&d, "_schemas").internal, Some(true));
    assert_eq!(topic(&d, "orders").internal, None);
    assert_eq!(w.len(), 1);
    assert!(w[0]
        .message
        .starts_with("__consumer_offsets, _schemas imported as internal"));
}

#[test]
fn shell_around_the_output_is_skipped_and_noise_is_warned() {
    let text = "$ bin/kafka-topics.sh --describe --topic a\n```\n[2025-01-06 08:18:26,460] WARN [AdminClient clientId=adminclient-1] The DescribeTopicPartitions API is not supported\nTopic: a\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n```\n";
    let (d, w) = ok(text);
    assert_eq!(d.nodes.len(), 1);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].location, "line 3");
}

#[test]
fn repeated_header_warns_and_partition_past_the_count_warns() {
    let text = "Topic: a\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n\
\tTopic: a\tPartition: 3\tLeader: 1\tReplicas: 1\tIsr: 1\n\
Topic: a\tPartitionCount: 2\tReplicationFactor: 1\tConfigs: \n";
    let (d, w) = ok(text);
    assert_eq!(topic(&d, "a").partitions, Some(2));
    let at: Vec<&str> = w.iter().map(|w| w.location.as_str()).collect();
    assert_eq!(at, ["line 3", "line 1"]);
    assert!(w[1].message.contains("partition 3 is listed"));
}

#[test]
fn not_the_format_is_a_syntax_error_at_the_first_line() {
    for text in ["", "   \n\n", "hello world\nfoo", "Topic: x\tLeader: 1\n"] {
        match import(text) {
            Err(Error::Syntax {
                format, line, column, ..
            }) => {
                assert_eq!(format, Format::KafkaTopicsDescribe);
                assert_eq!(column, 1);
                assert_eq!(line, 1);
            }
            other => panic!("{text:?}: {other:?}"),
        }
    }
    match import("\n\ngarbage") {
        Err(Error::Syntax { line, .. }) => assert_eq!(line, 3),
        other => panic!("{other:?}"),
    }
}

#[test]
fn huge_and_odd_numbers_do_not_overflow() {
    let text = "Topic: a\tPartitionCount: 4294967296\tReplicationFactor: 99999999999999999999\tConfigs: retention.ms=99999999999999999999\n\
Topic: b\tPartitionCount: 10001\tReplicationFactor: 3\tConfigs: \n\
Topic: c\tPartitionCount: 0\tReplicationFactor: 3\tConfigs: \n\
Topic: d\tPartitionCount: -3\tReplicationFactor: 3\tConfigs: \n\
\tTopic: e\tPartition: 18446744073709551616\tLeader: 1\tReplicas: 1\tIsr: 1\n\
\tTopic: e\tPartition: x\tLeader: 1\tReplicas: 1\tIsr: 1\n";
    let (d, w) = ok(text);
    for name in ["a", "b", "c", "d"] {
        assert_eq!(topic(&d, name).partitions, None, "{name}");
    }
    assert!(!topic(&d, "a").config.contains_key("replication.factor"));
    assert!(!topic(&d, "a").config.contains_key("retention.ms"));
    assert_eq!(topic(&d, "e").partitions, None);
    assert!(w.len() >= 8, "{w:?}");
    assert!(design::validate(&d).is_empty());
}

#[test]
fn control_characters_and_long_lines_are_survived() {
    let long = "x".repeat(300_000);
    let text = format!(
        "Topic: a\u{0}b\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: bad\u{7}name=1,{long}=2,k={long}\nTopic: {long}\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n"
    );
    let (d, w) = ok(&text);
    assert_eq!(d.nodes.len(), 2);
    assert_eq!(d.nodes[0].name, "a b");
    assert!(
        d.nodes[0].config.keys().eq(["replication.factor"]),
        "{:?}",
        d.nodes[0].config.keys().collect::<Vec<_>>()
    );
    assert_eq!(d.nodes[1].name.chars().count(), design::rules::MAX_NAME_CHARS);
    assert!(w.len() >= 3, "{w:?}");
    assert!(design::validate(&d).is_empty());
}

#[test]
fn a_hundred_thousand_topics_fill_the_design_and_stop() {
    let mut text = String::new();
    for i in 0..100_000 {
        text.push_str(&format!(
            "Topic: t{i}\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n"
        ));
    }
    let (d, w) = ok(&text);
    assert_eq!(d.nodes.len(), design::rules::MAX_NODES);
    assert_eq!(w.len(), 1);
    assert!(w[0].message.contains("the design is full"));
    assert_eq!(w[0].location, format!("line {}", design::rules::MAX_NODES + 1));
}

#[test]
fn a_page_of_noise_gives_capped_warnings() {
    let mut text = String::from("Topic: a\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n");
    for _ in 0..1_000 {
        text.push_str("noise\n");
    }
    let (_, w) = ok(&text);
    assert_eq!(w.len(), columns::MAX_LINE_WARNINGS + 1);
    assert!(w.last().unwrap().message.starts_with("950 more lines"));
}

fn any_line() -> impl Strategy<Value = String> {
    prop_oneof![
        "Topic: [a-z_]{0,6}\tPartitionCount: [0-9-]{0,12}\tReplicationFactor: [0-9]{0,3}\tConfigs: [a-z.=,:0-9]{0,30}",
        "\tTopic: [a-z_]{0,6}\tPartition: [0-9x]{0,12}\tLeader: [0-9]\tReplicas: [0-9,]{0,6}\tIsr: [0-9,]{0,6}",
        "Topic:[a-z]{0,3} ?PartitionCount:[0-9]{0,3}(\tMarkedForDeletion: true)?",
        ".{0,40}",
    ]
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics_and_ok_validates(text in ".{0,300}") {
        if let Ok((d, _)) = import(&text) {
            prop_assert!(design::validate(&d).is_empty());
        }
    }

    #[test]
    fn shaped_text_never_panics_and_ok_validates(lines in prop::collection::vec(any_line(), 0..12)) {
        let text = lines.join("\n");
        if let Ok((d, _)) = import(&text) {
            prop_assert!(design::validate(&d).is_empty());
            for n in &d.nodes {
                prop_assert!(n.config.values().all(|v| !matches!(v, Value::Null)));
            }
        }
    }
}

#[test]
fn the_last_of_five_thousand_topics_described_over_and_over() {
    // 5 000 topics, then the last one described again and again with many settings: every
    // line finds its node by id, not by a scan (this took 14 s when it scanned).
    let mut text = String::new();
    for i in 0..5_000 {
        text.push_str(&format!(
            "Topic: __t{i}\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n"
        ));
    }
    let configs: Vec<String> = (0..20).map(|i| format!("k{i}=v")).collect();
    let line = format!(
        "Topic: __t4999\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: {}\n",
        configs.join(",")
    );
    while text.len() + line.len() < crate::limits::MAX_BYTES {
        text.push_str(&line);
    }
    let (d, w) = ok(&text);
    assert_eq!(d.nodes.len(), 5_000);
    assert_eq!(d.nodes[4_999].config.len(), 21);
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(w[0].message.contains("described more than once"));
    assert!(w[1].message.contains("and 4990 more"));
}
