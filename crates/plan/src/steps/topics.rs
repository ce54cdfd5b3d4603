//! Topics created, deleted, renamed (a new topic and a deleted one) and repartitioned.

use design::{DesignDiff, Engine, Node, NodeKind};
use serde_json::json;

use super::{change, node_added, node_removed, pct, q, step, Ctx, Phase};
use crate::keys_moved::{topic_moved, KeyBasis};
use crate::state::TopicSettings;
use crate::{commands, ChangeTarget, Risk, StepKind};

pub(super) fn steps(ctx: &mut Ctx, diff: &DesignDiff) {
    let added: std::collections::HashSet<&str> = diff.added.iter().map(|n| n.id.as_str()).collect();
    for node in &ctx.to.design.nodes {
        if node.kind != NodeKind::Topic {
            continue;
        }
        if added.contains(node.id.as_str()) {
            create(ctx, node, None);
            continue;
        }
        let Some(old) = ctx.from.node(&node.id) else {
            continue;
        };
        if old.kind != NodeKind::Topic {
            // The same id now names a topic and named something else: a new topic.
            create(ctx, node, None);
            continue;
        }
        if old.name != node.name {
            create(ctx, node, Some(old));
            delete(ctx, old, Some(node));
            continue;
        }
        let (Some(before), Some(after)) = (
            ctx.from.topics.get(old.id.as_str()),
            ctx.to.topics.get(node.id.as_str()),
        ) else {
            continue;
        };
        let (before, after) = (before.clone(), after.clone());
        partitions(ctx, old, node, &before, &after);
        super::config::replication(ctx, old, node, &before, &after);
        super::config::settings(ctx, old, node, &before, &after);
    }
    for r in &diff.removed {
        if let Some(old) = ctx.from.node(&r.id).filter(|n| n.kind == NodeKind::Topic) {
            delete(ctx, old, None);
        }
    }
    // A node that was a topic and is now another kind under the same id.
    for c in &diff.changed {
        if let (Some(old), Some(new)) = (ctx.from.node(&c.node.id), ctx.to.node(&c.node.id)) {
            if old.kind == NodeKind::Topic && new.kind != NodeKind::Topic {
                delete(ctx, old, None);
            }
        }
    }
}

/// A new topic (`renamed_from`: the topic it replaces, same id, another name).
fn create(ctx: &mut Ctx, node: &Node, renamed_from: Option<&Node>) {
    let Some(s) = ctx.to.topics.get(node.id.as_str()).cloned() else {
        return;
    };
    let brokers = ctx.to.brokers;
    let mut st = step(
        StepKind::CreateTopic,
        node,
        Risk::Low,
        format!(
            "{}: create with {} partitions and replication factor {}",
            node.name, s.partitions, s.replication_factor
        ),
    );
    if let Some(old) = renamed_from {
        st.risk = Risk::High;
        st.message = format!(
            "{}: Kafka cannot rename a topic: create {} ({} partitions, replication factor {}) to replace {}",
            node.name,
            q(&node.name),
            s.partitions,
            s.replication_factor,
            q(&old.name)
        );
        st.consequences.push(format!(
            "Records stay in {}: producers must switch to the new topic, and consumers start on it \
             with no committed offsets (auto.offset.reset) once they drained the old one; keys \
             are placed afresh on {} partitions.",
            q(&old.name),
            s.partitions
        ));
        st.consequences.push(format!(
            "The old topic {} is deleted in the destructive steps, after everyone moved.",
            q(&old.name)
        ));
    }
    if s.partitions == 0 || s.replication_factor == 0 || s.replication_factor > brokers {
        st.risk = Risk::Refused;
        st.message = if s.partitions == 0 {
            format!("{}: a topic has at least one partition", node.name)
        } else {
            format!(
                "{}: replication factor {} needs as many brokers; the cluster has {brokers}",
                node.name, s.replication_factor
            )
        };
        st.alternative = Some(format!(
            "Create it with 1 to 10 000 partitions and a replication factor of at most {brokers} \
             (or add brokers first)."
        ));
    } else if let Some(alternative) = super::config::isr_refused(
        super::config::min_isr(node),
        i64::from(s.replication_factor),
        true,
    ) {
        st.risk = Risk::Refused;
        st.message = format!(
            "{}: create with {}",
            node.name,
            super::config::isr_reason(super::config::min_isr(node), i64::from(s.replication_factor))
        );
        st.alternative = Some(alternative);
    } else {
        let config: Vec<(String, String)> = s.config.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        st.commands.push(commands::create_topic(
            &node.name,
            s.partitions,
            s.replication_factor,
            &config,
        ));
    }
    if node.is_internal() {
        st.consequences.push(
            "Internal to a stream processor: Kafka Streams creates it itself when the application starts; \
             create it by hand only if auto-creation is off."
                .into(),
        );
    }
    // What apply() adds: the node with its partitions as created (the design may leave them to
    // the advice), its edges.
    let mut pinned = node.clone();
    pinned.partitions = Some(s.partitions);
    match renamed_from {
        Some(old) => {
            st.changes.push(change(
                node,
                ChangeTarget::Field,
                "name",
                json!(old.name),
                json!(node.name),
            ));
            st.changes.push(change(
                node,
                ChangeTarget::Field,
                "partitions",
                json!(old.partitions),
                json!(s.partitions),
            ));
            st.changes.push(change(
                node,
                ChangeTarget::Field,
                "config",
                json!(old.config),
                json!(node.config),
            ));
        }
        None => {
            node_added(&mut st, ctx.to.design, &pinned, ctx.from.node(&node.id));
        }
    }
    ctx.push(Phase::Create, st);
}

/// A topic deleted (`replaced_by`: renamed, the design keeps the node under its new name).
fn delete(ctx: &mut Ctx, old: &Node, replaced_by: Option<&Node>) {
    let mut st = step(
        StepKind::DeleteTopic,
        old,
        Risk::High,
        format!("{}: delete the topic and every record in it", old.name),
    );
    st.destructive = true;
    st.consequences.push(
        "Destructive: its records, the offsets committed on it and any state rebuilt from it are gone; \
         run it only after producers stopped writing and consumers moved."
            .into(),
    );
    if let Some(new) = replaced_by {
        st.message = format!("{}: delete the old topic, replaced by {}", old.name, q(&new.name));
    }
    let readers: Vec<String> = ctx.from.readers_of(&old.id).iter().map(|n| q(&n.name)).collect();
    if !readers.is_empty() {
        st.consequences
            .push(format!("Read by {} before the change.", readers.join(", ")));
    }
    st.commands.push(commands::delete_topic(&old.name));
    if replaced_by.is_none() && ctx.to.node(&old.id).is_none() {
        st.changes.push(node_removed(old));
    }
    ctx.push(Phase::DeleteTopics, st);
}

fn partitions(ctx: &mut Ctx, old: &Node, node: &Node, before: &TopicSettings, after: &TopicSettings) {
    let (a, b) = (before.partitions, after.partitions);
    if a == b {
        return;
    }
    let field = |st: &mut crate::Step| {
        st.changes.push(change(
            node,
            ChangeTarget::Field,
            "partitions",
            json!(a),
            json!(b),
        ));
    };
    if b == 0 || b < a {
        let mut st = step(
            StepKind::DecreasePartitions,
            node,
            Risk::Refused,
            if b == 0 {
                format!(
                    "{}: {a} → 0 partitions refused: a topic has at least one partition",
                    node.name
                )
            } else {
                format!(
                    "{}: {a} → {b} partitions refused: Kafka cannot reduce a topic's partition count",
                    node.name
                )
            },
        );
        st.alternative = Some(format!(
            "Create {} with {} partitions, dual-write or mirror {} into it, move consumers once they \
             caught up, then retire the old topic.",
            q(&format!("{}-v2", node.name)),
            b.max(1),
            q(&node.name)
        ));
        field(&mut st);
        ctx.push(Phase::Partitions, st);
        return;
    }
    let mut writers: Vec<&Node> = ctx.from.graph.inputs_of(&old.id).to_vec();
    if writers.is_empty() {
        writers = ctx.to.graph.inputs_of(&node.id).to_vec();
    }
    let moved = topic_moved(&writers, a, b, &mut ctx.key_budget);
    let share = moved.as_ref().map_or(0.0, |m| m.share);
    let keyed = moved.as_ref().is_some_and(|m| m.basis != KeyBasis::Unkeyed);
    // Left unset, the count follows the studio's advice (never below the current one).
    let advised = if node.partitions.is_none() {
        " (the studio's advice: the design leaves partitions unset)"
    } else {
        ""
    };
    let mut st = step(
        StepKind::IncreasePartitions,
        node,
        Risk::Low,
        if keyed {
            format!(
                "{}: {a} → {b} partitions{advised}; {} of keys move to another partition",
                node.name,
                pct(share)
            )
        } else {
            format!(
                "{}: {a} → {b} partitions{advised}; records have no key (sticky partitioner): nothing moves",
                node.name
            )
        },
    );
    if !advised.is_empty() {
        st.consequences.push(format!(
            "It follows the studio's advice for {} because the design leaves partitions unset: \
             set partitions on the topic to keep {a}.",
            q(&node.name)
        ));
    }
    st.commands.push(commands::alter_partitions(&node.name, b));
    field(&mut st);
    let mut high = false;
    if keyed && share > 0.0 {
        st.risk = Risk::Medium;
        st.consequences.push(format!(
            "Ordering for existing keys breaks during the change: for the {} of records whose key \
             moves, new records land on another partition and can be read before the older records \
             of the same key still waiting on the old one. Drain the topic (consumer lag 0) with \
             producers paused to keep per-key order.",
            pct(share)
        ));
        st.consequences.push(
            "Producers pick up the new partitions at their next metadata refresh (metadata.max.age.ms, \
             5 min by default): until then some still write moved keys to the old partition."
                .into(),
        );
        if let Some(m) = &moved {
            if m.basis == KeyBasis::Modelled && m.approximate {
                st.consequences.push(format!(
                    "The share is modelled: {} keys hashed one by one, the rest (a long tail, or keys \
                     a stream processor writes) by the closed form gcd({a}, {b}) / max({a}, {b}) = \
                     {} staying.",
                    m.keys_hashed,
                    pct(crate::keys_moved::staying_share(a, b))
                ));
            }
        }
        let ordered: Vec<String> = ctx
            .to
            .readers_of(&node.id)
            .iter()
            .filter(|r| r.needs_ordering == Some(true))
            .map(|r| q(&r.name))
            .collect();
        if !ordered.is_empty() {
            high = true;
            st.consequences
                .push(format!("Relies on per-key order: {}.", ordered.join(", ")));
        }
        if before
            .config
            .get("cleanup.policy")
            .is_some_and(|p| p.contains("compact"))
        {
            high = true;
            st.consequences.push(
                "Compacted topic: the latest value of a moved key stays on its old partition (compaction \
                 is per partition), so a reader rebuilding state sees the new value first and the old one \
                 later, and a tombstone written to the new partition never removes the old value."
                    .into(),
            );
        }
    }
    let (any_streams, breaks) = streams(ctx, node, b, keyed && share > 0.0, &mut st.consequences);
    high |= any_streams;
    readers(ctx, node, b, &mut st.consequences);
    if node.is_internal() {
        st.consequences.push(
            "Internal to a stream processor: its partition count follows the application's input \
             topics; change it with them."
                .into(),
        );
    }
    if (high && keyed && share > 0.0) || breaks {
        st.risk = Risk::High;
    }
    st.keys_moved = moved;
    ctx.push(Phase::Partitions, st);
}

/// Kafka Streams (and ksqlDB) readers of the topic: co-partitioning and state. Whether any reads
/// it, and whether the change breaks one whatever the keys: a stateful one (its internal topics
/// and stores keep the old partitioning) or one whose inputs no longer have equal counts.
fn streams(ctx: &Ctx, node: &Node, b: u32, moved: bool, out: &mut Vec<String>) -> (bool, bool) {
    let (mut any, mut breaks) = (false, false);
    for r in ctx.to.readers_of(&node.id) {
        if !matches!(r.engine, Some(Engine::KafkaStreams) | Some(Engine::Ksqldb)) {
            if r.engine == Some(Engine::Flink) {
                out.push(format!(
                    "{} (Flink) reads the new partitions only with partition discovery on \
                     (scan.topic-partition-discovery.interval).",
                    q(&r.name)
                ));
            }
            continue;
        }
        any = true;
        let others: Vec<String> = ctx
            .to
            .inputs_of(&r.id)
            .iter()
            .filter(|t| t.id != node.id)
            .filter_map(|t| {
                let p = ctx.to.topics.get(t.id.as_str())?.partitions;
                breaks |= p != b;
                Some(format!(
                    "{} ({p} partitions{})",
                    q(&t.name),
                    if p == b { "" } else { ", differs" }
                ))
            })
            .collect();
        if !others.is_empty() {
            out.push(format!(
                "{} joins or merges it with {}: Kafka Streams needs co-partitioned inputs to have the \
                 same partition count ({b}); raise them together or the application fails at startup.",
                q(&r.name),
                others.join(", ")
            ));
        }
        if r.stateful == Some(true) {
            breaks = true;
            out.push(format!(
                "{} keeps state: its changelog and repartition topics keep the old partition count and \
                 its stores hold keys by the old partitioning, so the application refuses to start until \
                 they match: reset it (kafka-streams-application-reset.sh) and rebuild its state, or \
                 deploy it under a new application.id.",
                q(&r.name)
            ));
        } else if moved {
            out.push(format!(
                "{} (Kafka Streams) is rebalanced onto the new partitions; its tasks are recreated.",
                q(&r.name)
            ));
        }
    }
    (any, breaks)
}

/// Every reader's parallelism on the new partition count.
fn readers(ctx: &Ctx, node: &Node, b: u32, out: &mut Vec<String>) {
    for r in ctx.to.readers_of(&node.id) {
        let consumers = r
            .instances
            .unwrap_or(1)
            .saturating_mul(r.threads_per_instance.unwrap_or(1).max(1));
        if consumers < b {
            out.push(format!(
                "{}: {consumers} consumers for {b} partitions (up to {} each) after a rebalance.",
                q(&r.name),
                b.div_ceil(consumers.max(1))
            ));
        } else {
            out.push(format!(
                "{}: rebalanced onto {b} partitions ({consumers} consumers).",
                q(&r.name)
            ));
        }
    }
}
