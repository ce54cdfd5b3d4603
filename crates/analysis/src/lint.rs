//! Configuration lint: the rules of the domain notes, each finding with a rule id, a severity,
//! the element, the reason and the fix.
//!
//! Rules that need the other analyses (consumer lag, partition skew, latency budget) take their
//! results as inputs; see [`crate::analyze`].

use design::defaults::{as_bool, effective_bool, effective_i64, effective_str};
use design::{Design, Node, NodeKind, TopicRole};
use serde::Serialize;

use crate::graph::Graph;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warn,
    Info,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// Stable rule id, e.g. `min-insync-replicas`.
    pub rule: &'static str,
    pub severity: Severity,
    /// The node it is about (`None`: the cluster or the whole design).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    pub message: String,
    pub fix: String,
}

impl Finding {
    pub fn new(
        rule: &'static str,
        severity: Severity,
        node: Option<&str>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Self {
            rule,
            severity,
            node: node.map(str::to_owned),
            message: message.into(),
            fix: fix.into(),
        }
    }
}

/// Above this average size, records belong in object storage (claim-check pattern).
pub const LARGE_MESSAGE_BYTES: f64 = 1e6;

/// Whether a topic is scratch (exempt from durability rules): `"scratch": true` in the document,
/// or a name starting with `scratch.` or `tmp.`.
pub fn is_scratch(topic: &Node) -> bool {
    topic
        .extra
        .get("scratch")
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
        || topic.name.starts_with("scratch.")
        || topic.name.starts_with("tmp.")
}

/// The configuration rules that need only the document.
pub fn config_findings(design: &Design, graph: &Graph, brokers: u32) -> Vec<Finding> {
    let mut out = Vec::new();
    let auto_create = design
        .cluster
        .config
        .get("auto.create.topics.enable")
        .map(|v| as_bool(v).unwrap_or(true))
        .unwrap_or(true);
    if auto_create {
        out.push(Finding::new(
            "auto-topic-creation",
            Severity::Error,
            None,
            "auto.create.topics.enable is true (Kafka's default): a typo in a topic name creates a topic with broker defaults",
            "set auto.create.topics.enable=false on the brokers and create topics explicitly (see the topics-as-code export)",
        ));
    }
    for node in &design.nodes {
        match node.kind {
            NodeKind::Topic => topic_rules(graph, node, brokers, &mut out),
            NodeKind::Producer | NodeKind::SourceConnector => producer_rules(node, &mut out),
            _ => {}
        }
        if matches!(node.kind, NodeKind::ConsumerGroup | NodeKind::SinkConnector)
            && node.dead_letter_topic.is_none()
        {
            out.push(Finding::new(
                "no-dlq",
                Severity::Warn,
                Some(&node.id),
                format!(
                    "{} `{}` has no dead-letter topic: one poison record stops it or is lost",
                    node.kind.label(),
                    node.name
                ),
                "add a topic with role dlq and set it as this reader's dead_letter_topic",
            ));
        }
        if node.kind == NodeKind::StreamProcessor {
            co_partitioning(graph, node, &mut out);
        }
    }
    out
}

fn topic_rules(graph: &Graph, t: &Node, brokers: u32, out: &mut Vec<Finding>) {
    let id = Some(t.id.as_str());
    let scratch = is_scratch(t);
    let rf = effective_i64(t, "replication.factor");
    match rf {
        Some(rf) if rf < 3 && !scratch => out.push(Finding::new(
            "replication-factor",
            Severity::Error,
            id,
            format!("replication.factor is {rf}: losing {} broker(s) loses data", rf),
            "set replication.factor=3 (or mark the topic scratch)",
        )),
        None if !scratch => out.push(Finding::new(
            "replication-factor",
            Severity::Warn,
            id,
            "replication.factor is not set: the broker's default.replication.factor applies (1 unless changed)",
            "set replication.factor=3 explicitly",
        )),
        _ => {}
    }
    if let Some(min_isr) = effective_i64(t, "min.insync.replicas") {
        if min_isr < 2 && !scratch {
            out.push(Finding::new(
                "min-insync-replicas",
                Severity::Error,
                id,
                format!("min.insync.replicas is {min_isr}: an acks=all write can succeed on one replica and be lost with it"),
                "set min.insync.replicas=2 with replication.factor=3",
            ));
        }
        if let Some(rf) = rf.filter(|_| !scratch) {
            if min_isr >= rf {
                out.push(Finding::new(
                    "min-insync-replicas",
                    Severity::Error,
                    id,
                    format!("min.insync.replicas ({min_isr}) ≥ replication.factor ({rf}): one broker down blocks every acks=all write"),
                    format!("set min.insync.replicas to {} (replication.factor − 1)", (rf - 1).max(1)),
                ));
            }
        }
    }
    if effective_bool(t, "unclean.leader.election.enable") == Some(true) {
        out.push(Finding::new(
            "unclean-leader-election",
            Severity::Error,
            id,
            "unclean.leader.election.enable is true: an out-of-sync replica can become leader and drop acknowledged records",
            "set unclean.leader.election.enable=false",
        ));
    }
    if let Some(p) = t.partitions {
        if p > crate::partitions::MANY_PARTITIONS {
            out.push(Finding::new(
                "many-partitions",
                Severity::Warn,
                id,
                format!(
                    "{p} partitions on one topic: more open files, longer leader elections and rebalances"
                ),
                "check the partition advice; more than 50 is rarely needed",
            ));
        }
        if brokers > 0 && p % brokers != 0 {
            out.push(Finding::new(
                "partitions-multiple-of-brokers",
                Severity::Info,
                id,
                format!("{p} partitions over {brokers} brokers: leaders spread unevenly"),
                format!(
                    "use a multiple of {brokers}, e.g. {}",
                    p.div_ceil(brokers) * brokers
                ),
            ));
        }
    }
    if !t.config.contains_key("retention.ms") && !t.config.contains_key("cleanup.policy") {
        out.push(Finding::new(
            "retention-unset",
            Severity::Warn,
            id,
            "neither retention.ms nor cleanup.policy is set: the broker's defaults decide how long data lives",
            "set retention.ms and cleanup.policy explicitly",
        ));
    }
    if t.topic_role() == TopicRole::Main && !naming_ok(&t.name) {
        out.push(Finding::new(
            "topic-naming",
            Severity::Info,
            id,
            format!("`{}` does not follow domain.entity.event", t.name),
            "name topics like `ecommerce.orders.created` (lower case, dot-separated)",
        ));
    }
    let has_schema = !graph.schemas_of(&t.id).is_empty();
    if !has_schema && t.topic_role() == TopicRole::Main {
        out.push(Finding::new(
            "no-schema",
            Severity::Info,
            id,
            "no schema subject: producers and consumers agree on the format only by convention",
            "attach a schema subject (Avro, Protobuf or JSON Schema) to the topic",
        ));
    }
    // Producers without keys into a topic whose readers rely on order.
    let readers_need_order = graph
        .outputs_of(&t.id)
        .iter()
        .any(|n| n.needs_ordering == Some(true));
    if readers_need_order {
        for p in graph
            .inputs_of(&t.id)
            .iter()
            .filter(|n| matches!(n.kind, NodeKind::Producer | NodeKind::SourceConnector))
        {
            let keyed = p
                .key
                .as_ref()
                .is_some_and(|k| !matches!(k.distribution, design::KeyDistribution::None));
            if !keyed {
                out.push(Finding::new(
                    "unkeyed-ordering",
                    Severity::Warn,
                    Some(&p.id),
                    format!(
                        "`{}` writes without keys to `{}`, whose readers need per-key order",
                        p.name, t.name
                    ),
                    "key the records by the entity whose order matters",
                ));
            }
        }
    }
}

fn producer_rules(p: &Node, out: &mut Vec<Finding>) {
    let id = Some(p.id.as_str());
    let acks = effective_str(p, "acks").unwrap_or_default();
    if acks != "all" && acks != "-1" {
        out.push(Finding::new(
            "acks",
            Severity::Warn,
            id,
            format!("acks={acks}: a write is acknowledged before it is replicated and can be lost"),
            "set acks=all",
        ));
    }
    if effective_bool(p, "enable.idempotence") == Some(false) {
        out.push(Finding::new(
            "idempotence",
            Severity::Warn,
            id,
            "enable.idempotence=false: retries can duplicate or reorder records",
            "set enable.idempotence=true (Kafka's default since 3.0)",
        ));
    }
    let compression = effective_str(p, "compression.type").unwrap_or_default();
    if compression == "none" || compression == "gzip" {
        out.push(Finding::new(
            "compression",
            Severity::Info,
            id,
            format!(
                "compression.type={compression}: {}",
                if compression == "none" {
                    "network and disk carry uncompressed batches"
                } else {
                    "gzip costs producer CPU for little gain"
                }
            ),
            "use lz4 (fast) or zstd (smaller)",
        ));
    }
    if let Some(size) = p.avg_message_bytes {
        if size > LARGE_MESSAGE_BYTES {
            out.push(Finding::new(
                "large-messages",
                Severity::Error,
                id,
                format!(
                    "average record of {}: above Kafka's 1 MB default limits",
                    units::bytes(size)
                ),
                "store the payload in object storage and send a reference (claim-check pattern)",
            ));
        }
    }
}

fn co_partitioning(graph: &Graph, processor: &Node, out: &mut Vec<Finding>) {
    let inputs: Vec<&Node> = graph
        .inputs_of(&processor.id)
        .iter()
        .copied()
        .filter(|n| n.kind == NodeKind::Topic)
        .collect();
    if processor.stateful != Some(true) || inputs.len() < 2 {
        return;
    }
    let counts: Vec<(String, u32)> = inputs
        .iter()
        .filter_map(|t| t.partitions.map(|p| (t.name.clone(), p)))
        .collect();
    if counts.windows(2).any(|w| w[0].1 != w[1].1) {
        let list: Vec<String> = counts.iter().map(|(n, p)| format!("{n} ({p})")).collect();
        out.push(Finding::new(
            "co-partitioning",
            Severity::Error,
            Some(&processor.id),
            format!(
                "joins topics with different partition counts: {}",
                list.join(", ")
            ),
            "give joined topics the same partition count and the same key (or repartition first)",
        ));
    }
}

/// `domain.entity.event`: three or more lower-case, dot-separated parts.
pub fn naming_ok(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(v: serde_json::Value) -> Design {
        design::parse(v.to_string().as_bytes()).unwrap()
    }

    fn rules(findings: &[Finding]) -> Vec<(&'static str, Option<&str>)> {
        findings.iter().map(|f| (f.rule, f.node.as_deref())).collect()
    }

    #[test]
    fn a_well_configured_design_is_clean() {
        let d = doc(json!({"schema": "kafka-design/v1", "name": "x",
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
            "edges": [{"from": "p", "to": "t"}, {"from": "s", "to": "t"}, {"from": "t", "to": "g"}]}));
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
}
