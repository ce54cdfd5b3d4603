//! Telling the format from the text: each format has a line no other format starts with.

use crate::Format;

/// The format of `text`, when one is plain from its first lines that say anything.
pub fn detect(text: &str) -> Option<Format> {
    let text = text.trim_start_matches('\u{feff}');
    let mut yaml_kafka_topic = false;
    for line in text.lines().take(2_000) {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with("//") {
            continue;
        }
        let lower = t.to_ascii_lowercase();
        if t.starts_with("asyncapi:") || t.starts_with("\"asyncapi\"") || t.starts_with("{\"asyncapi\"") {
            return Some(Format::Asyncapi);
        }
        if t == "Topologies:"
            || t.starts_with("Topology")
            || t.starts_with("Sub-topology:")
            || t.starts_with("Sub-topologies:")
        {
            return Some(Format::StreamsTopology);
        }
        if (t.starts_with("Topic:") && (t.contains("PartitionCount:") || t.contains("Partition:")))
            || (t.contains("kafka-topics") && t.contains("--describe"))
        {
            return Some(Format::KafkaTopicsDescribe);
        }
        // The tables of kafka-consumer-groups.sh: offsets (`GROUP TOPIC PARTITION … LAG`, or
        // without `GROUP` in older docs), `--members` and `--state`.
        let header = |words: &[&str]| words.iter().all(|w| t.split_whitespace().any(|x| x == *w));
        if header(&["TOPIC", "PARTITION", "LAG"])
            || (lower.starts_with("group") && header(&["TOPIC", "PARTITION"]))
            || header(&["CONSUMER-ID", "#PARTITIONS"])
            || (t.contains("COORDINATOR (ID)") && header(&["#MEMBERS"]))
            || (t.contains("kafka-consumer-groups") && t.contains("--describe"))
        {
            return Some(Format::ConsumerGroupsDescribe);
        }
        if (t.starts_with("Consumer group '") || t.starts_with("Error: Consumer group '"))
            && (t.contains("no active members")
                || t.contains("is rebalancing")
                || t.contains("does not exist"))
        {
            return Some(Format::ConsumerGroupsDescribe);
        }
        if ["confluent_kafka_topic", "kafka_topic"]
            .iter()
            .any(|r| t.starts_with(&format!("resource \"{r}\"")) || t.starts_with(&format!("resource {r} ")))
        {
            return Some(Format::Terraform);
        }
        if t == "kind: KafkaTopic" || t == "kind: \"KafkaTopic\"" {
            yaml_kafka_topic = true;
        }
        if t.starts_with("\"asyncapi\":") {
            return Some(Format::Asyncapi);
        }
    }
    if yaml_kafka_topic {
        return Some(Format::Strimzi);
    }
    // A JSON AsyncAPI document whose first member is not `asyncapi`.
    let head: String = text.chars().take(4_096).collect();
    if head.trim_start().starts_with('{') && head.contains("\"asyncapi\"") {
        return Some(Format::Asyncapi);
    }
    None
}
