//! Strimzi and Terraform files written by others (see `fixtures/*/SOURCES.md`), read as a user
//! would paste them: exact topics, partitions, replication factors, settings and warnings.

use design::{Design, Node, NodeKind};
use interop::{import, Format, Options, Warning};
use serde_json::{json, Value};

fn read(format: Format, file: &str) -> (Design, Vec<Warning>) {
    let dir = match format {
        Format::Strimzi => "strimzi",
        _ => "terraform",
    };
    let path = format!("{}/tests/fixtures/{dir}/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let imported = import(&text, Some(format), &Options::default()).unwrap_or_else(|e| panic!("{file}: {e}"));
    assert!(design::validate(&imported.design).is_empty());
    (imported.design, imported.warnings)
}

/// (name, partitions, settings) of every topic, in order.
fn topics(d: &Design) -> Vec<(&str, Option<u32>, Value)> {
    assert!(
        d.nodes.iter().all(|n| n.kind == NodeKind::Topic),
        "only topics are made"
    );
    d.nodes
        .iter()
        .map(|n: &Node| (n.name.as_str(), n.partitions, json!(n.config)))
        .collect()
}

fn at(w: &[Warning]) -> Vec<&str> {
    w.iter().map(|w| w.location.as_str()).collect()
}

#[test]
fn strimzi_example_topic_v1_and_v1beta2() {
    for file in ["kafka-topic.yaml", "kafka-topic-v1beta2.yaml"] {
        let (d, w) = read(Format::Strimzi, file);
        assert_eq!(w, [], "{file}");
        assert_eq!(d.name, "Imported design");
        assert_eq!(
            topics(&d),
            [(
                "my-topic",
                Some(1),
                json!({"replication.factor": 1, "retention.ms": 7_200_000, "segment.bytes": 1_073_741_824})
            )],
            "{file}"
        );
    }
}

#[test]
fn strimzi_security_example_skips_the_cluster_and_the_user() {
    let (d, w) = read(Format::Strimzi, "scram-sha-512-auth.yaml");
    assert_eq!(
        topics(&d),
        [(
            "my-topic",
            Some(10),
            json!({"replication.factor": 3, "retention.ms": 7_200_000, "segment.bytes": 1_073_741_824})
        )]
    );
    assert_eq!(
        at(&w),
        [
            "document 1 (kind: KafkaNodePool)",
            "document 2 (kind: KafkaNodePool)",
            "document 3 (kind: Kafka)",
            "document 5 (kind: KafkaUser)",
        ]
    );
    assert!(w.iter().all(|w| w.message == "not a KafkaTopic; skipped"));
}

#[test]
fn strimzi_docs_topic_names_and_replication() {
    let (d, w) = read(Format::Strimzi, "topic-names-docs.yaml");
    assert_eq!(w, []);
    assert_eq!(
        topics(&d),
        [("topic-name-1", None, json!({})), ("My.Topic.1", None, json!({}))]
    );
    let (d, w) = read(Format::Strimzi, "topic-replication-docs.yaml");
    assert_eq!(w, []);
    assert_eq!(
        topics(&d),
        [(
            "my-topic",
            Some(10),
            json!({"replication.factor": 3, "min.insync.replicas": 2})
        )]
    );
}

#[test]
fn confluent_basic_kafka_acls() {
    let (d, w) = read(Format::Terraform, "basic-kafka-acls.tf");
    assert_eq!(topics(&d), [("orders", Some(6), json!({}))]);
    let said: Vec<(&str, &str)> = w
        .iter()
        .map(|w| {
            (
                w.location.as_str(),
                w.message.split(" is not a Kafka topic").next().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        said,
        [
            ("line 1", "terraform"),
            ("line 10", "provider"),
            ("line 15", "resource \"confluent_environment\""),
            ("line 23", "data \"confluent_schema_registry_cluster\""),
            ("line 35", "resource \"confluent_kafka_cluster\""),
            ("line 48", "resource \"confluent_service_account\""),
            ("line 53", "resource \"confluent_role_binding\""),
            ("line 59", "resource \"confluent_api_key\""),
            (
                "line 90",
                "no `partitions_count`: Confluent Cloud's default of 6 partitions is taken"
            ),
            ("line 127", "resource \"confluent_kafka_acl\""),
        ]
    );
}

#[test]
fn confluent_topic_with_a_partition_count() {
    let (d, w) = read(Format::Terraform, "manage-offsets-mysql-sink-connector.tf");
    assert_eq!(topics(&d), [("orders", Some(3), json!({}))]);
    assert!(!at(&w).contains(&"line 46"), "{w:?}");
    assert!(w
        .iter()
        .any(|w| w.message.starts_with("resource \"confluent_connector\"")));
}

#[test]
fn confluent_topics_from_for_each_are_unknown() {
    let (d, w) = read(Format::Terraform, "manage-topics-via-json-module.tf");
    assert_eq!(topics(&d), []);
    let lines: Vec<(&str, &str)> = w
        .iter()
        .map(|w| (w.location.as_str(), &w.message[..20]))
        .collect();
    assert_eq!(
        lines,
        [
            ("line 1", "terraform is not a K"),
            ("line 10", "provider is not a Ka"),
            ("line 18", "`for_each` makes cop"),
            ("line 20", "the topic name `each"),
        ]
    );
}

#[test]
fn confluent_docs_listings() {
    let (d, _) = read(Format::Terraform, "confluent-kafka-topic-docs-option1.tf");
    assert_eq!(topics(&d), [("orders", Some(6), json!({}))]);
    let (d, w) = read(Format::Terraform, "confluent-kafka-topic-docs-import.tf");
    assert_eq!(w, []);
    assert_eq!(
        topics(&d),
        [(
            "orders",
            Some(4),
            json!({
                "cleanup.policy": "delete",
                "delete.retention.ms": "86400000",
                "max.compaction.lag.ms": "9223372036854775807",
                "max.message.bytes": 2_097_164,
                "message.timestamp.after.max.ms": "9223372036854775807",
                "message.timestamp.before.max.ms": "9223372036854775807",
                "message.timestamp.difference.max.ms": "9223372036854775807",
                "message.timestamp.type": "CreateTime",
                "min.compaction.lag.ms": "0",
                "min.insync.replicas": 2,
                "retention.bytes": -1,
                "retention.ms": 604_800_000,
                "segment.bytes": 104_857_600,
                "segment.ms": "604800000",
            })
        )]
    );
}

#[test]
fn mongey_example_and_docs() {
    let (d, w) = read(Format::Terraform, "mongey-examples-main.tf");
    assert_eq!(
        topics(&d),
        [(
            "syslog",
            Some(4),
            json!({"replication.factor": 1, "segment.ms": "4000", "retention.ms": 86_400_000})
        )]
    );
    let skipped: Vec<&str> = w
        .iter()
        .map(|w| w.message.split(" is not").next().unwrap_or(""))
        .collect();
    assert_eq!(
        skipped,
        [
            "terraform",
            "provider",
            "resource \"kafka_acl\"",
            "resource \"kafka_quota\""
        ]
    );

    let (d, w) = read(Format::Terraform, "mongey-topic-docs.tf");
    assert_eq!(
        topics(&d),
        [
            ("example-topic", Some(10), json!({"replication.factor": 3})),
            (
                "application-logs",
                Some(50),
                json!({"replication.factor": 3, "retention.ms": 604_800_000, "segment.ms": "86400000",
                       "cleanup.policy": "delete", "compression.type": "gzip"})
            ),
            (
                "user-events",
                Some(100),
                json!({"replication.factor": 3, "cleanup.policy": "compact", "retention.ms": -1,
                       "min.compaction.lag.ms": "3600000", "delete.retention.ms": "86400000",
                       "compression.type": "lz4", "segment.bytes": 1_073_741_824})
            ),
            (
                "system-metrics",
                Some(200),
                json!({"replication.factor": 2, "retention.ms": 86_400_000, "segment.ms": "3600000",
                       "compression.type": "lz4", "max.message.bytes": 1_048_576,
                       "min.insync.replicas": 2, "unclean.leader.election.enable": false})
            ),
            (
                "confluent",
                Some(10),
                json!({"confluent.placement.constraints":
                    "{\"version\": 1, \"replicas\":[{\"count\": 1, \"constraints\": {\"rack\": \"rack-1\"}}], \"observers\":[{\"count\": 1, \"constraints\": {\"rack\": \"rack-2\"}}]}"})
            ),
        ]
    );
    // `replication_factor = -1` (the broker's default) is not a replication factor the design holds
    assert_eq!(at(&w), ["line 53"]);
    assert!(w[0].message.contains("-1 is outside 1..=7"), "{}", w[0].message);
}
