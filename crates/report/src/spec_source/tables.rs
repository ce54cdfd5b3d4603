//! The spec's tables: topics, producers and source connectors, readers, sizing, hotspots. What
//! each row says comes from [`crate::facts`] (the Markdown spec says the same); how it is laid
//! out, from [`super::table`].

use std::fmt::Write as _;

use analysis::Analysis;
use design::{Design, NodeKind};
use units::{bytes, bytes_rate, count};

use super::table::{Align, Cell, Table};
use super::text;
use crate::facts;

/// A setting's value as people read it, or an em dash.
fn setting(n: &design::Node, name: &str) -> Cell {
    facts::setting(n, name).map_or(Cell::Empty, Cell::Text)
}

fn figure(s: impl Into<String>) -> Cell {
    Cell::Figure(s.into())
}

/// The topics table's columns.
pub(super) const TOPIC_COLUMNS: &[(&str, Align)] = &[
    ("Topic", Align::Left),
    ("Role", Align::Left),
    ("Partitions", Align::Right),
    ("replication.factor", Align::Right),
    ("min.insync.replicas", Align::Right),
    ("retention.ms", Align::Right),
    ("cleanup.policy", Align::Left),
    ("compression.type", Align::Left),
    ("Write", Align::Right),
];

pub(super) fn topics(t: &mut String, design: &Design, a: &Analysis) {
    let mut table = Table::new(TOPIC_COLUMNS);
    for n in design.nodes.iter().filter(|n| n.kind == NodeKind::Topic) {
        let report = facts::topic_report(a, n);
        table.row([
            Cell::Name(n.name.clone()),
            figure(facts::role_name(n.topic_role())),
            figure(facts::partitions(n, report)),
            setting_figure(n, "replication.factor"),
            setting_figure(n, "min.insync.replicas"),
            setting_figure(n, "retention.ms"),
            setting(n, "cleanup.policy"),
            setting(n, "compression.type"),
            report.map_or(Cell::Empty, |r| figure(bytes_rate(r.write_bytes_per_sec))),
        ]);
    }
    table.write(
        t,
        "= Topics\nPartitions as set, with the count the analysis advises when it differs; retention as a duration.\n\n",
    );
}

/// A number-valued setting: a figure (never broken) unless it is an unexpected text.
fn setting_figure(n: &design::Node, name: &str) -> Cell {
    match facts::setting(n, name) {
        Some(v) if v.chars().count() <= 16 => Cell::Figure(v),
        Some(v) => Cell::Text(v),
        None => Cell::Empty,
    }
}

pub(super) fn writers(t: &mut String, design: &Design) {
    let mut table = Table::new(&[
        ("Name", Align::Left),
        ("Kind", Align::Left),
        ("msg/s", Align::Right),
        ("Average size", Align::Right),
        ("Key", Align::Left),
        ("acks", Align::Left),
        ("enable.idempotence", Align::Left),
        ("compression.type", Align::Left),
        ("linger.ms", Align::Right),
    ]);
    for n in design
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, NodeKind::Producer | NodeKind::SourceConnector))
    {
        let key = match facts::key(n) {
            Some((Some(field), spread)) => Cell::Text(format!("{field}: {spread}")),
            Some((None, spread)) => Cell::Text(spread),
            None => Cell::Text("none".into()),
        };
        table.row([
            Cell::Name(n.name.clone()),
            figure(n.kind.label()),
            n.messages_per_sec.map_or(Cell::Empty, |r| figure(count(r))),
            n.avg_message_bytes.map_or(Cell::Empty, |b| figure(bytes(b))),
            key,
            setting(n, "acks"),
            setting(n, "enable.idempotence"),
            setting(n, "compression.type"),
            setting_figure(n, "linger.ms"),
        ]);
    }
    if !table.is_empty() {
        table.write(t, "= Producers and source connectors\n");
    }
}

pub(super) fn readers(t: &mut String, a: &Analysis) {
    let mut table = Table::new(&[
        ("Name", Align::Left),
        ("Kind", Align::Left),
        ("Reads", Align::Left),
        ("Instances", Align::Right),
        ("Input msg/s", Align::Right),
        ("Capacity msg/s", Align::Right),
        ("Lag growth msg/s", Align::Right),
        ("Advised", Align::Left),
    ]);
    for g in &a.consumer_groups {
        table.row([
            Cell::Name(g.name.clone()),
            figure(g.kind.label()),
            Cell::Name(facts::topic_name(a, &g.topic).into()),
            figure(g.instances.to_string()),
            figure(count(g.load.input_messages_per_sec.round())),
            figure(
                g.load
                    .capacity_messages_per_sec
                    .map_or("unbounded".into(), |c| count(c.round())),
            ),
            figure(count(g.load.lag_growth_messages_per_sec.round())),
            Cell::Text(format!(
                "{} on {}",
                units::plural(g.load.recommended_instances as usize, "instance", "instances"),
                units::plural(g.load.recommended_partitions as usize, "partition", "partitions"),
            )),
        ]);
    }
    if !table.is_empty() {
        table.write(t, "= Consumer groups and connectors\n");
    }
}

pub(super) fn data_contracts(t: &mut String, design: &Design, a: &Analysis) {
    let list = crate::data_contracts::contracts(design, a);
    if list.is_empty() {
        return;
    }
    let mut table = Table::new(&[
        ("Subject", Align::Left),
        ("Topics", Align::Left),
        ("Type", Align::Left),
        ("Compatibility", Align::Left),
        ("Versions", Align::Right),
        ("Newest version", Align::Left),
    ]);
    for c in &list {
        table.row([
            Cell::Name(c.node.name.clone()),
            if c.topics.is_empty() {
                Cell::Empty
            } else {
                Cell::Name(c.topics.join(", "))
            },
            Cell::Text(c.schema_type.into()),
            Cell::Text(c.level.into()),
            figure(c.versions.to_string()),
            Cell::Text(c.verdict.clone()),
        ]);
    }
    table.write(
        t,
        "= Data contracts\nEach schema subject with the topics it describes, its registry compatibility level, and whether its newest version passes that level.\n\n",
    );
    for c in &list {
        if let Some(registry) = &c.registry_name {
            let _ = writeln!(
                t,
                "#name({}) registers as #name({}).\n",
                super::typst_str(&c.node.name),
                super::typst_str(registry)
            );
        }
        if let Some((schema, lang)) = c.newest {
            let _ = writeln!(
                t,
                "#name({}), version {}:\n#raw({}, block: true, lang: {})\n",
                super::typst_str(&c.node.name),
                c.versions,
                super::typst_str(schema),
                super::typst_str(lang)
            );
        }
    }
}

pub(super) fn sizing(t: &mut String, a: &Analysis) {
    let s = &a.sizing;
    let mut table = Table::new(&[
        ("Constraint", Align::Left),
        ("Brokers", Align::Right),
        ("Formula and inputs", Align::Left),
    ]);
    for term in &s.terms {
        table.row([
            Cell::Text(facts::constraint(term.constraint).into()),
            figure(term.brokers.to_string()),
            Cell::Text(term.formula.clone()),
        ]);
    }
    table.write(
        t,
        &format!(
            "= Sizing\n{} brokers, bound by {}.\n\n",
            s.brokers,
            text(facts::constraint(s.binding_constraint))
        ),
    );
}

pub(super) fn hotspots(t: &mut String, a: &Analysis) {
    let mut table = Table::new(&[
        ("Topic", Align::Left),
        ("Hottest / mean", Align::Right),
        ("Heaviest key", Align::Right),
        ("Hot partitions", Align::Left),
    ]);
    for r in a.topics.iter().filter(|r| r.keyed) {
        table.row([
            Cell::Name(r.name.clone()),
            figure(format!("{:.2}×", r.max_over_mean)),
            figure(format!("{:.1} %", r.heaviest_key_share * 100.0)),
            Cell::Text(if r.hot_partitions.is_empty() {
                "none".to_owned()
            } else {
                r.hot_partitions
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
        ]);
    }
    if !table.is_empty() {
        table.write(
            t,
            "= Hotspots\nKeys go through Kafka's murmur2 partitioner; a partition over the mean by more than 10 % is hot.\n\n",
        );
    }
}
