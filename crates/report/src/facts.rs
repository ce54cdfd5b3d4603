//! What the documents say about a design, worded once for all of them: the names of roles
//! and constraints, findings in the order they are read, figures with their units (`7 d`,
//! `1.2 GB/s`, `12 (advised 20)`). Each format escapes these for its own syntax.

use analysis::analyze::TopicReport;
use analysis::rules::{Finding, Severity};
use analysis::Analysis;
use design::{Design, KeyDistribution, Node, TopicRole};

pub(crate) fn constraint(c: analysis::sizing::Constraint) -> &'static str {
    use analysis::sizing::Constraint::*;
    match c {
        Minimum => "the minimum of 3",
        ReplicationFactor => "the replication factor",
        Storage => "storage",
        NetworkIngress => "network ingress",
        NetworkEgress => "network egress",
        PartitionReplicas => "partition replicas",
        Fixed => "the fixed broker count",
    }
}

/// Findings grouped as documents show them: errors, warnings, notes (empty groups left out).
pub(crate) fn findings_by_severity(a: &Analysis) -> Vec<(&'static str, Vec<&Finding>)> {
    [
        (Severity::Error, "Errors"),
        (Severity::Warn, "Warnings"),
        (Severity::Info, "Notes"),
    ]
    .into_iter()
    .map(|(sev, title)| {
        (
            title,
            a.findings
                .iter()
                .filter(|f| f.severity == sev)
                .collect::<Vec<_>>(),
        )
    })
    .filter(|(_, list)| !list.is_empty())
    .collect()
}

/// The name of the node a finding is about (its id if the node is gone).
pub(crate) fn finding_node_name<'a>(design: &'a Design, f: &'a Finding) -> Option<&'a str> {
    let id = f.node.as_deref()?;
    Some(
        design
            .nodes
            .iter()
            .find(|n| n.id == id)
            .map_or(id, |n| n.name.as_str()),
    )
}

pub(crate) fn role_name(r: TopicRole) -> &'static str {
    match r {
        TopicRole::Main => "main",
        TopicRole::Dlq => "dead letter",
        TopicRole::Retry => "retry",
    }
}

/// A node's setting as people read it: sizes and durations in units (`7 d`, `1 GB`,
/// `forever`), `None` when it is unset and Kafka has no default.
pub(crate) fn setting(n: &Node, name: &str) -> Option<String> {
    design::defaults::effective_human(n, name)
}

/// A topic's partitions and the advice: `12 (advised 20)`, `12` when they agree.
pub(crate) fn partitions(n: &Node, report: Option<&TopicReport>) -> String {
    match (n.partitions, report.map(|r| r.recommended_partitions)) {
        (Some(p), Some(r)) if p == r => p.to_string(),
        (Some(p), Some(r)) => format!("{p} (advised {r})"),
        (Some(p), None) => p.to_string(),
        (None, Some(r)) => format!("— (advised {r})"),
        (None, None) => "—".into(),
    }
}

/// How a producer's keys are spread (`zipf 1.05, 50 000 keys`), and the field they come from.
pub(crate) fn key(p: &Node) -> Option<(Option<&str>, String)> {
    let k = p.key.as_ref()?;
    let keys = |n: u64| units::count(n as f64);
    let spread = match &k.distribution {
        KeyDistribution::Uniform { cardinality } => format!("uniform, {} keys", keys(*cardinality)),
        KeyDistribution::Zipf {
            cardinality,
            exponent,
        } => format!("zipf {exponent}, {} keys", keys(*cardinality)),
        KeyDistribution::HotKey {
            cardinality,
            hot_share,
        } => format!(
            "{} keys, one hot at {:.0} %",
            keys(*cardinality),
            hot_share * 100.0
        ),
        KeyDistribution::Sample { keys: sample, .. } => {
            format!("{} sample keys", units::count(sample.len() as f64))
        }
        KeyDistribution::None => "none (sticky)".into(),
    };
    Some((k.field.as_deref(), spread))
}

/// The topic report of `n`, if it is a topic the analysis knows.
pub(crate) fn topic_report<'a>(a: &'a Analysis, n: &Node) -> Option<&'a TopicReport> {
    a.topics.iter().find(|r| r.id == n.id)
}

/// The name of the topic with this id (the id itself if the topic is gone).
pub(crate) fn topic_name<'a>(a: &'a Analysis, id: &'a str) -> &'a str {
    a.topics
        .iter()
        .find(|r| r.id == id)
        .map_or(id, |r| r.name.as_str())
}
