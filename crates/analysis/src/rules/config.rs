//! The checks that read the document alone: the settings of the cluster, the topics, the
//! producers, the readers and the stream processors. Each is the check of one entry of
//! [`super::RULES`] and makes its findings through it.

use design::defaults::{as_bool, effective_bool, effective_i64, effective_str};
use design::{KeyDistribution, Node, NodeKind, TopicRole};

use super::{Document, Finding, Rule, Severity};

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

fn is_producer(node: &Node) -> bool {
    matches!(node.kind, NodeKind::Producer | NodeKind::SourceConnector)
}

pub(super) fn auto_topic_creation(rule: &'static Rule, doc: &Document, out: &mut Vec<Finding>) {
    let auto_create = doc
        .design
        .cluster
        .config
        .get("auto.create.topics.enable")
        .map(|v| as_bool(v).unwrap_or(true))
        .unwrap_or(true);
    if auto_create {
        out.push(rule.finding(
            None,
            "auto.create.topics.enable is true (Kafka's default): a typo in a topic name creates a topic with broker defaults",
            "set auto.create.topics.enable=false on the brokers and create topics explicitly (see the topics-as-code export)",
        ));
    }
}

pub(super) fn replication_factor(rule: &'static Rule, _: &Document, t: &Node, out: &mut Vec<Finding>) {
    if t.kind != NodeKind::Topic || is_scratch(t) {
        return;
    }
    let id = Some(t.id.as_str());
    match effective_i64(t, "replication.factor") {
        Some(rf) if rf < 3 => out.push(rule.finding(
            id,
            format!("replication.factor is {rf}: losing {} broker(s) loses data", rf),
            "set replication.factor=3 (or mark the topic scratch)",
        )),
        None => out.push(rule.finding_at(
            Severity::Warn,
            id,
            "replication.factor is not set: the broker's default.replication.factor applies (1 unless changed)",
            "set replication.factor=3 explicitly",
        )),
        _ => {}
    }
}

pub(super) fn min_insync_replicas(rule: &'static Rule, _: &Document, t: &Node, out: &mut Vec<Finding>) {
    if t.kind != NodeKind::Topic || is_scratch(t) {
        return;
    }
    let Some(min_isr) = effective_i64(t, "min.insync.replicas") else {
        return;
    };
    let id = Some(t.id.as_str());
    if min_isr < 2 {
        out.push(rule.finding(
            id,
            format!("min.insync.replicas is {min_isr}: an acks=all write can succeed on one replica and be lost with it"),
            "set min.insync.replicas=2 with replication.factor=3",
        ));
    }
    if let Some(rf) = effective_i64(t, "replication.factor") {
        if min_isr >= rf {
            out.push(rule.finding(
                id,
                format!("min.insync.replicas ({min_isr}) ≥ replication.factor ({rf}): one broker down blocks every acks=all write"),
                format!("set min.insync.replicas to {} (replication.factor − 1)", (rf - 1).max(1)),
            ));
        }
    }
}

pub(super) fn unclean_leader_election(rule: &'static Rule, _: &Document, t: &Node, out: &mut Vec<Finding>) {
    if t.kind == NodeKind::Topic && effective_bool(t, "unclean.leader.election.enable") == Some(true) {
        out.push(rule.finding(
            Some(&t.id),
            "unclean.leader.election.enable is true: an out-of-sync replica can become leader and drop acknowledged records",
            "set unclean.leader.election.enable=false",
        ));
    }
}

pub(super) fn many_partitions(rule: &'static Rule, _: &Document, t: &Node, out: &mut Vec<Finding>) {
    let Some(p) = t.partitions.filter(|_| t.kind == NodeKind::Topic) else {
        return;
    };
    if p > crate::partitions::MANY_PARTITIONS {
        out.push(rule.finding(
            Some(&t.id),
            format!("{p} partitions on one topic: more open files, longer leader elections and rebalances"),
            "check the partition advice; more than 50 is rarely needed",
        ));
    }
}

pub(super) fn partitions_multiple_of_brokers(
    rule: &'static Rule,
    doc: &Document,
    t: &Node,
    out: &mut Vec<Finding>,
) {
    let Some(p) = t.partitions.filter(|_| t.kind == NodeKind::Topic) else {
        return;
    };
    let brokers = doc.brokers;
    if brokers > 0 && p % brokers != 0 {
        out.push(rule.finding(
            Some(&t.id),
            format!("{p} partitions over {brokers} brokers: leaders spread unevenly"),
            format!(
                "use a multiple of {brokers}, e.g. {}",
                p.div_ceil(brokers) * brokers
            ),
        ));
    }
}

pub(super) fn retention_unset(rule: &'static Rule, _: &Document, t: &Node, out: &mut Vec<Finding>) {
    if t.kind == NodeKind::Topic
        && !t.config.contains_key("retention.ms")
        && !t.config.contains_key("cleanup.policy")
    {
        out.push(rule.finding(
            Some(&t.id),
            "neither retention.ms nor cleanup.policy is set: the broker's defaults decide how long data lives",
            "set retention.ms and cleanup.policy explicitly",
        ));
    }
}

pub(super) fn topic_naming(rule: &'static Rule, _: &Document, t: &Node, out: &mut Vec<Finding>) {
    if t.kind == NodeKind::Topic && t.topic_role() == TopicRole::Main && !naming_ok(&t.name) {
        out.push(rule.finding(
            Some(&t.id),
            format!("`{}` does not follow domain.entity.event", t.name),
            "name topics like `ecommerce.orders.created` (lower case, dot-separated)",
        ));
    }
}

pub(super) fn no_schema(rule: &'static Rule, doc: &Document, t: &Node, out: &mut Vec<Finding>) {
    if t.kind == NodeKind::Topic
        && t.topic_role() == TopicRole::Main
        && doc.graph.schemas_of(&t.id).is_empty()
    {
        out.push(rule.finding(
            Some(&t.id),
            "no schema subject: producers and consumers agree on the format only by convention",
            "attach a schema subject (Avro, Protobuf or JSON Schema) to the topic",
        ));
    }
}

/// Producers without keys into a topic whose readers rely on order.
pub(super) fn unkeyed_ordering(rule: &'static Rule, doc: &Document, t: &Node, out: &mut Vec<Finding>) {
    if t.kind != NodeKind::Topic {
        return;
    }
    let readers_need_order = doc
        .graph
        .outputs_of(&t.id)
        .iter()
        .any(|n| n.needs_ordering == Some(true));
    if !readers_need_order {
        return;
    }
    for p in doc.graph.inputs_of(&t.id).iter().filter(|n| is_producer(n)) {
        let keyed = p
            .key
            .as_ref()
            .is_some_and(|k| !matches!(k.distribution, KeyDistribution::None));
        if !keyed {
            out.push(rule.finding(
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

pub(super) fn acks(rule: &'static Rule, _: &Document, p: &Node, out: &mut Vec<Finding>) {
    if !is_producer(p) {
        return;
    }
    let acks = effective_str(p, "acks").unwrap_or_default();
    if acks != "all" && acks != "-1" {
        out.push(rule.finding(
            Some(&p.id),
            format!("acks={acks}: a write is acknowledged before it is replicated and can be lost"),
            "set acks=all",
        ));
    }
}

pub(super) fn idempotence(rule: &'static Rule, _: &Document, p: &Node, out: &mut Vec<Finding>) {
    if is_producer(p) && effective_bool(p, "enable.idempotence") == Some(false) {
        out.push(rule.finding(
            Some(&p.id),
            "enable.idempotence=false: retries can duplicate or reorder records",
            "set enable.idempotence=true (Kafka's default since 3.0)",
        ));
    }
}

pub(super) fn compression(rule: &'static Rule, _: &Document, p: &Node, out: &mut Vec<Finding>) {
    if !is_producer(p) {
        return;
    }
    let compression = effective_str(p, "compression.type").unwrap_or_default();
    if compression == "none" || compression == "gzip" {
        out.push(rule.finding(
            Some(&p.id),
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
}

pub(super) fn large_messages(rule: &'static Rule, _: &Document, p: &Node, out: &mut Vec<Finding>) {
    let Some(size) = p.avg_message_bytes.filter(|_| is_producer(p)) else {
        return;
    };
    if size > LARGE_MESSAGE_BYTES {
        out.push(rule.finding(
            Some(&p.id),
            format!(
                "average record of {}: above Kafka's 1 MB default limits",
                units::bytes(size)
            ),
            "store the payload in object storage and send a reference (claim-check pattern)",
        ));
    }
}

pub(super) fn no_dlq(rule: &'static Rule, _: &Document, node: &Node, out: &mut Vec<Finding>) {
    if matches!(node.kind, NodeKind::ConsumerGroup | NodeKind::SinkConnector)
        && node.dead_letter_topic.is_none()
    {
        out.push(rule.finding(
            Some(&node.id),
            format!(
                "{} `{}` has no dead-letter topic: one poison record stops it or is lost",
                node.kind.label(),
                node.name
            ),
            "add a topic with role dlq and set it as this reader's dead_letter_topic",
        ));
    }
}

pub(super) fn co_partitioning(rule: &'static Rule, doc: &Document, processor: &Node, out: &mut Vec<Finding>) {
    if processor.kind != NodeKind::StreamProcessor {
        return;
    }
    let inputs: Vec<&Node> = doc
        .graph
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
        out.push(rule.finding(
            Some(&processor.id),
            format!(
                "joins topics with different partition counts: {}",
                list.join(", ")
            ),
            "give joined topics the same partition count and the same key (or repartition first)",
        ));
    }
}
