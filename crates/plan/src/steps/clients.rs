//! Readers (consumer groups, sink connectors, stream processors) and writers (producers,
//! source connectors) added, removed, scaled or changed. None of these is a cluster command
//! but the removal of a group or a connector: the rest is a client deploy. A change to what the
//! studio only models (rates, sizes, modelled keys, processing time, …) is no step at all.
//! See `is_deployed`.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use design::defaults::{effective_bool, effective_str};
use design::{DesignDiff, Engine, KeyDistribution, Node, NodeKind};
use serde_json::{Map, Value};

use super::{change, node_added, node_removed, q, step, Ctx, Phase};
use crate::{commands, ChangeTarget, Risk, Step, StepKind};

fn is_client(kind: NodeKind) -> bool {
    kind.reads_topics() || kind.writes_topics()
}

pub(super) fn steps(ctx: &mut Ctx, diff: &DesignDiff) {
    let added: HashSet<&str> = diff.added.iter().map(|n| n.id.as_str()).collect();
    let removed: HashSet<&str> = diff.removed.iter().map(|n| n.id.as_str()).collect();
    // Kind changed under one id: the old one removed, the new one added.
    let mut retyped: HashSet<&str> = HashSet::new();
    for c in &diff.changed {
        if let (Some(a), Some(b)) = (ctx.from.node(&c.node.id), ctx.to.node(&c.node.id)) {
            if a.kind != b.kind {
                retyped.insert(c.node.id.as_str());
            }
        }
    }
    for node in &ctx.to.design.nodes {
        if is_client(node.kind) && (added.contains(node.id.as_str()) || retyped.contains(node.id.as_str())) {
            add(ctx, node);
        }
    }
    for old in &ctx.from.design.nodes {
        if is_client(old.kind) && (removed.contains(old.id.as_str()) || retyped.contains(old.id.as_str())) {
            remove(ctx, old, retyped.contains(old.id.as_str()));
        }
    }
    // Existing clients: fields changed, and edges added or removed between existing nodes.
    let mut fields: BTreeMap<&str, Vec<&design::diff::FieldChange>> = BTreeMap::new();
    for c in &diff.changed {
        if !retyped.contains(c.node.id.as_str()) {
            fields
                .entry(c.node.id.as_str())
                .or_default()
                .extend(c.fields.iter());
        }
    }
    let mut edges: BTreeMap<&str, Vec<EdgeChange>> = BTreeMap::new();
    let changed_edges = diff
        .edges_added
        .iter()
        .map(|e| (true, e))
        .chain(diff.edges_removed.iter().map(|e| (false, e)));
    for (is_added, e) in changed_edges {
        let owner = [e.1.as_str(), e.0.as_str()].into_iter().find(|id| {
            ctx.to
                .node(id)
                .or(ctx.from.node(id))
                .is_some_and(|n| is_client(n.kind))
                && !added.contains(id)
                && !removed.contains(id)
                && !retyped.contains(id)
        });
        if let Some(owner) = owner {
            edges.entry(owner).or_default().push((is_added, e));
        }
    }
    let ids: BTreeSet<&str> = fields.keys().chain(edges.keys()).copied().collect();
    for node in &ctx.to.design.nodes {
        if !ids.contains(node.id.as_str()) || !is_client(node.kind) {
            continue;
        }
        let Some(old) = ctx.from.node(&node.id) else {
            continue;
        };
        let f = fields.get(node.id.as_str()).cloned().unwrap_or_default();
        let e = edges.get(node.id.as_str()).cloned().unwrap_or_default();
        changed(ctx, old, node, &f, &e);
    }
}

fn add(ctx: &mut Ctx, node: &Node) {
    let reader = node.kind.reads_topics();
    let mut st = step(
        if reader {
            StepKind::AddReader
        } else {
            StepKind::AddWriter
        },
        node,
        Risk::Low,
        String::new(),
    );
    node_added(&mut st, ctx.to.design, node, ctx.from.node(&node.id));
    if reader {
        let topics: Vec<String> = ctx.to.inputs_of(&node.id).iter().map(|t| q(&t.name)).collect();
        st.message = format!(
            "{}: deploy the new {} reading {}",
            node.name,
            node.kind.label(),
            if topics.is_empty() {
                "no topic yet".into()
            } else {
                topics.join(", ")
            }
        );
        let (reset, by) = offset_reset(node);
        st.consequences.push(if reset == "earliest" {
            format!(
                "auto.offset.reset=earliest{by}: it reads everything retained first, a burst of egress and catch-up lag."
            )
        } else {
            format!("auto.offset.reset={reset}{by}: records written before its first join are not read.")
        });
        st.consequences
            .push("A client deploy: the group is created when its first instance joins.".into());
    } else {
        let topics: Vec<String> = ctx
            .to
            .graph
            .outputs_of(&node.id)
            .iter()
            .map(|t| q(&t.name))
            .collect();
        st.message = format!(
            "{}: deploy the new {} writing {}",
            node.name,
            node.kind.label(),
            if topics.is_empty() {
                "no topic yet".into()
            } else {
                topics.join(", ")
            }
        );
        let rate = node.messages_per_sec.unwrap_or(0.0);
        if rate.is_finite() && rate > 0.0 {
            st.consequences
                .push(format!("Adds {} records/s.", units::count(rate)));
        }
        st.consequences
            .push("A client deploy: no cluster command.".into());
    }
    ctx.push(if reader { Phase::Readers } else { Phase::Writers }, st);
}

/// Where a new reader starts: its `auto.offset.reset` when the design sets it, else the default
/// of what it is (and where that default comes from, for the message): Kafka Streams sets
/// `earliest` for its consumers, Kafka Connect `earliest` for a sink connector's, Flink's
/// `KafkaSource` starts from the earliest offsets unless told otherwise; a plain consumer and
/// ksqlDB (`ksql.streams.auto.offset.reset`) start at `latest`.
fn offset_reset(node: &Node) -> (String, &'static str) {
    if let Some(v) = node
        .config
        .get("auto.offset.reset")
        .and_then(|_| effective_str(node, "auto.offset.reset"))
    {
        return (v, "");
    }
    match (node.kind, node.engine) {
        (NodeKind::SinkConnector, _) => (
            "earliest".into(),
            " (Kafka Connect's default for a sink connector's consumer)",
        ),
        (NodeKind::StreamProcessor, Some(Engine::KafkaStreams)) => {
            ("earliest".into(), " (Kafka Streams' default)")
        }
        (NodeKind::StreamProcessor, Some(Engine::Flink)) => (
            "earliest".into(),
            " (Flink's KafkaSource default starting offsets)",
        ),
        (NodeKind::StreamProcessor, Some(Engine::Ksqldb)) => ("latest".into(), " (ksqlDB's default)"),
        _ => ("latest".into(), " (Kafka's default)"),
    }
}

fn remove(ctx: &mut Ctx, old: &Node, retyped: bool) {
    let reader = old.kind.reads_topics();
    let mut st = step(
        if reader {
            StepKind::RemoveReader
        } else {
            StepKind::RemoveWriter
        },
        old,
        if reader { Risk::Medium } else { Risk::Low },
        format!("{}: remove the {}", old.name, old.kind.label()),
    );
    if !retyped {
        st.changes.push(node_removed(old));
    }
    if reader {
        st.destructive = true;
        st.consequences.push(
            "Destructive: its committed offsets are deleted; redeployed later, it starts over at auto.offset.reset. \
             Stop every instance first (a group with members cannot be deleted)."
                .into(),
        );
        if old.kind == NodeKind::SinkConnector {
            st.commands.push(commands::delete_connector(&old.name));
        }
        st.commands.push(commands::delete_group(&connector_group(old)));
        if old.kind == NodeKind::StreamProcessor && old.stateful == Some(true) {
            st.consequences.push(format!(
                "Its changelog and repartition topics ({}-…) stay: remove them with \
                 kafka-streams-application-reset.sh or kafka-topics.sh --delete.",
                q(&old.name)
            ));
        }
    } else {
        let topics: Vec<String> = ctx
            .from
            .graph
            .outputs_of(&old.id)
            .iter()
            .map(|t| q(&t.name))
            .collect();
        if !topics.is_empty() {
            st.consequences.push(format!(
                "{} no longer receive{} its records.",
                topics.join(", "),
                if topics.len() == 1 { "s" } else { "" }
            ));
        }
        if old.kind == NodeKind::SourceConnector {
            st.commands.push(commands::delete_connector(&old.name));
        } else {
            st.consequences
                .push("A client deploy: no cluster command.".into());
        }
    }
    ctx.push(
        if reader {
            Phase::RemoveReaders
        } else {
            Phase::Writers
        },
        st,
    );
}

/// The consumer group of a reader: a sink connector's is `connect-<name>`, anyone else's its
/// name (a Kafka Streams application's `application.id`).
pub(super) fn connector_group(n: &Node) -> String {
    if n.kind == NodeKind::SinkConnector {
        format!("connect-{}", n.name)
    } else {
        n.name.clone()
    }
}

/// An edge added (`true`) or removed, as `(from, to)`.
type EdgeChange<'a> = (bool, &'a (String, String));

type FieldChanges<'a> = [&'a design::diff::FieldChange];

/// Whether a changed field is deployed with the client: its Kafka settings (`config.*`), its
/// name (the group or application id), engine, statefulness, dead-letter topic, scale
/// (`instances`, `threads_per_instance`), and its key when it sends keys or not, or takes them
/// from another field. Anything else is a figure the studio models with: rates, record sizes,
/// the modelled key distribution, processing time, output ratio, whether it relies on order,
/// peak windows, description, position. Those reach no cluster and no deploy: no step.
fn is_deployed(field: &str, old: &Node, node: &Node) -> bool {
    match field.split('.').next().unwrap_or(field) {
        "config"
        | "name"
        | "engine"
        | "stateful"
        | "dead_letter_topic"
        | "instances"
        | "threads_per_instance" => true,
        "key" => sent_key(old) != sent_key(node),
        _ => false,
    }
}

/// Whether a writer sends keys, and from which field.
fn sent_key(n: &Node) -> (bool, Option<&str>) {
    match &n.key {
        Some(k) if !matches!(k.distribution, KeyDistribution::None) => (true, k.field.as_deref()),
        _ => (false, None),
    }
}

fn changed(ctx: &mut Ctx, old: &Node, node: &Node, fields: &FieldChanges, edges: &[EdgeChange]) {
    let fields: Vec<&design::diff::FieldChange> = fields
        .iter()
        .copied()
        .filter(|f| is_deployed(&f.field, old, node))
        .collect();
    let fields = fields.as_slice();
    let scale: Vec<&&design::diff::FieldChange> = fields
        .iter()
        .filter(|f| matches!(f.field.as_str(), "instances" | "threads_per_instance"))
        .collect();
    let rest: Vec<&&design::diff::FieldChange> = fields
        .iter()
        .filter(|f| !matches!(f.field.as_str(), "instances" | "threads_per_instance"))
        .collect();
    if node.kind.reads_topics() && !scale.is_empty() {
        let mut st = super::clients_scale::scale(ctx, old, node);
        for f in &scale {
            st.changes.push(change(
                node,
                ChangeTarget::Field,
                &f.field,
                f.before.clone(),
                f.after.clone(),
            ));
        }
        ctx.push(Phase::Readers, st);
    }
    let rest: Vec<&design::diff::FieldChange> = if node.kind.reads_topics() {
        rest.into_iter().copied().collect()
    } else {
        fields.to_vec()
    };
    if rest.is_empty() && edges.is_empty() {
        return;
    }
    let reader = node.kind.reads_topics();
    let mut st = step(
        if reader {
            StepKind::ChangeReader
        } else {
            StepKind::ChangeWriter
        },
        node,
        Risk::Low,
        String::new(),
    );
    field_changes(node, old, &rest, &mut st);
    let mut what: Vec<String> = st.changes.iter().map(|c| c.setting.clone()).collect();
    for (is_added, (from, to)) in edges {
        let other = if *from == node.id { to } else { from };
        let other_name = ctx
            .to
            .node(other)
            .or(ctx.from.node(other))
            .map_or(other.as_str(), |n| n.name.as_str());
        let reads = *to == node.id;
        what.push(format!(
            "{} {}",
            match (is_added, reads) {
                (true, true) => "reads",
                (false, true) => "stops reading",
                (true, false) => "writes",
                (false, false) => "stops writing",
            },
            q(other_name)
        ));
        let edge = if *is_added { ctx.to.design } else { ctx.from.design }
            .edges
            .iter()
            .find(|e| &e.from == from && &e.to == to)
            .and_then(|e| serde_json::to_value(e).ok())
            .unwrap_or(Value::Null);
        let (before, after) = if *is_added {
            (Value::Null, edge)
        } else {
            (edge, Value::Null)
        };
        st.changes
            .push(change(node, ChangeTarget::Edge, "edge", before, after));
    }
    st.message = format!("{}: {}", node.name, what.join(", "));
    writer_risks(old, node, &rest, &mut st);
    st.consequences.push(if reader && !edges.is_empty() {
        "A client deploy; the group rebalances onto its new subscription.".into()
    } else {
        "A client deploy: no cluster command.".into()
    });
    ctx.push(if reader { Phase::Readers } else { Phase::Writers }, st);
}

/// The node's changed fields as changes: `config.<setting>` as the setting, any other field
/// whole (a nested change such as `key.distribution.cardinality` as the whole `key`).
fn field_changes(node: &Node, old: &Node, fields: &[&design::diff::FieldChange], st: &mut Step) {
    let (a, b) = (as_map(old), as_map(node));
    let mut seen = BTreeSet::new();
    for f in fields {
        if let Some(setting) = f.field.strip_prefix("config.") {
            st.changes.push(change(
                node,
                ChangeTarget::Config,
                setting,
                old.config.get(setting).cloned().unwrap_or(Value::Null),
                node.config.get(setting).cloned().unwrap_or(Value::Null),
            ));
        } else {
            let top = f.field.split('.').next().unwrap_or(&f.field).to_string();
            if seen.insert(top.clone()) {
                let before = a.get(&top).cloned().unwrap_or(Value::Null);
                let after = b.get(&top).cloned().unwrap_or(Value::Null);
                st.changes
                    .push(change(node, ChangeTarget::Field, &top, before, after));
            }
        }
    }
}

fn as_map(n: &Node) -> Map<String, Value> {
    match serde_json::to_value(n) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// What a writer's change risks: weaker acknowledgements, idempotence off, other keys.
fn writer_risks(old: &Node, node: &Node, fields: &[&design::diff::FieldChange], st: &mut Step) {
    let acks = |n: &Node| effective_str(n, "acks").unwrap_or_else(|| "all".into());
    let strong = |a: &str| a == "all" || a == "-1";
    if node.kind.writes_topics() && strong(&acks(old)) && !strong(&acks(node)) {
        st.risk = st.risk.max(Risk::Medium);
        st.consequences.push(format!(
            "acks all → {}: a write is acknowledged before it is replicated; a leader failure loses it.",
            acks(node)
        ));
    }
    if node.kind.writes_topics()
        && effective_bool(old, "enable.idempotence") != Some(false)
        && effective_bool(node, "enable.idempotence") == Some(false)
    {
        st.risk = st.risk.max(Risk::Medium);
        st.consequences
            .push("Idempotence off: retries may duplicate or reorder records.".into());
    }
    if fields
        .iter()
        .any(|f| f.field == "key" || f.field.starts_with("key."))
    {
        st.risk = st.risk.max(Risk::Medium);
        st.consequences.push(
            "Its key changes: records of one entity may land on another partition than before, so \
             per-key order and compacted state do not carry across the deploy."
                .into(),
        );
    }
    let rate = |n: &Node| n.messages_per_sec.filter(|r| r.is_finite());
    if let (Some(a), Some(b)) = (rate(old), rate(node)) {
        if a != b {
            st.consequences.push(format!(
                "Rate {} → {} records/s.",
                units::count(a),
                units::count(b)
            ));
        }
    }
}
