//! A topic's replication factor (a reassignment) and its settings (`kafka-configs.sh`).

use design::defaults::{as_i64, effective_i64};
use design::{Node, NodeKind};
use serde_json::{json, Value};

use super::{change, q, step, Ctx, Phase};
use crate::reassignment::reassign;
use crate::state::{finite, TopicSettings};
use crate::{commands, ChangeTarget, Risk, StepKind};

/// The effective `min.insync.replicas` of a topic (1, Kafka's default, when unset).
pub(super) fn min_isr(node: &Node) -> i64 {
    effective_i64(node, "min.insync.replicas").unwrap_or(1)
}

/// Whether `min.insync.replicas` `isr` at replication factor `rf` is refused (every replica
/// required: one broker down stops every acks=all write), and then what to do instead. 1 is
/// never refused: it cannot be lowered, and a single replica stops with its broker anyway.
pub(super) fn isr_refused(isr: i64, rf: i64, creating: bool) -> Option<String> {
    if isr < rf || isr <= 1 {
        return None;
    }
    let raise = if creating {
        format!("or create it with a replication factor of at least {}", isr + 1)
    } else {
        "or raise the replication factor first".into()
    };
    Some(if rf >= 2 {
        format!(
            "Keep min.insync.replicas at most {} (replication factor − 1), {raise}.",
            rf - 1
        )
    } else {
        format!("Set min.insync.replicas to 1, {raise}.")
    })
}

/// The reason of an [`isr_refused`] refusal, after the element's name.
pub(super) fn isr_reason(isr: i64, rf: i64) -> String {
    format!(
        "min.insync.replicas {isr} ≥ replication factor {rf} refused: with every replica required, \
         one broker down stops every acks=all write"
    )
}

pub(super) fn replication(
    ctx: &mut Ctx,
    old: &Node,
    node: &Node,
    before: &TopicSettings,
    after: &TopicSettings,
) {
    let (a, b) = (before.replication_factor, after.replication_factor);
    if a == b {
        return;
    }
    let brokers = ctx.to.brokers;
    let raise = b > a;
    let mut st = step(
        StepKind::ChangeReplicationFactor,
        node,
        Risk::Medium,
        format!(
            "{}: replication factor {a} → {b}, by a partition reassignment",
            node.name
        ),
    );
    st.changes.push(change(
        node,
        ChangeTarget::Config,
        "replication.factor",
        old.config
            .get("replication.factor")
            .cloned()
            .unwrap_or(Value::Null),
        node.config
            .get("replication.factor")
            .cloned()
            .unwrap_or(Value::Null),
    ));
    let isr = min_isr(node);
    let phase = if raise {
        Phase::RaiseReplication
    } else {
        Phase::LowerReplication
    };
    if b == 0 || b > brokers || i64::from(b) <= isr {
        st.risk = Risk::Refused;
        if b == 0 || b > brokers {
            st.message = format!(
                "{}: replication factor {a} → {b} refused: {b} replicas need {b} brokers; the cluster has {brokers}",
                node.name
            );
            st.alternative = Some(format!(
                "Add brokers first, or keep the replication factor at most {brokers}."
            ));
        } else {
            st.message = format!(
                "{}: replication factor {a} → {b} refused: min.insync.replicas {isr} would be ≥ the replication factor",
                node.name
            );
            st.alternative = Some(format!(
                "Lower min.insync.replicas to at most {} first, or keep the replication factor above it.",
                i64::from(b) - 1
            ));
        }
        ctx.push(phase, st);
        return;
    }
    // The partition count at the time of the reassignment: after an increase (which runs
    // first), else the current one.
    let partitions = if after.partitions > before.partitions {
        after.partitions
    } else {
        before.partitions
    };
    // The sizing's storage of the topic (distinct keys for compacted ones), per replica.
    let bytes_per_replica = ctx.from.flow(&old.id).map_or(0.0, |f| {
        let overhead = 1.0 + finite(ctx.from.design.cluster.storage_overhead).max(0.0);
        finite(ctx.from.storage_of(f) / overhead / f64::from(a.max(1)))
    });
    // The rate writes arrive at while it runs: the current traffic, or the target's if higher
    // (writers deployed later in the plan may already be running when it is executed).
    let write = |side: &crate::state::Side, id: &str| {
        side.flow(id)
            .map_or(0.0, |f| finite(f.write_bytes_per_sec).max(0.0))
    };
    let write_bytes_per_sec = write(&ctx.from, &old.id).max(write(&ctx.to, &node.id));
    let hours = ctx.options.reassignment_hours;
    let r = reassign(
        &node.name,
        partitions,
        a,
        b,
        brokers,
        bytes_per_replica,
        write_bytes_per_sec,
        hours,
        &mut ctx.listed_budget,
    );
    let file = reassignment_file(ctx, &node.name);
    st.data_moved_bytes = Some(r.data_moved_bytes);
    st.throttle_bytes_per_sec = Some(r.throttle_bytes_per_sec);
    let storage = ctx
        .from
        .flow(&old.id)
        .map(|f| ctx.from.storage_of(f))
        .unwrap_or(0.0);
    st.storage_delta_bytes = Some(finite(
        storage / f64::from(a.max(1)) * (f64::from(b) - f64::from(a)),
    ));
    let topic = commands::shell_quote(&node.name);
    if r.json.is_some() {
        st.consequences.push(format!(
            "The JSON assumes broker ids 0–{} and the placement the studio models (partition p led by \
             broker p mod {brokers}, its replicas the next brokers): the first command describes the \
             topic; if its Replicas differ, edit {file} to keep each partition's current replicas \
             first and add the new ones after them.",
            brokers - 1,
        ));
    } else {
        st.consequences.push(format!(
            "{partitions} partitions × {} replicas is too long to list here: the second command builds \
             {file} from the real assignment (kafka-topics.sh --describe --topic {topic}, with awk and \
             jq), keeping each partition's replicas in their order and {}; check it before executing.",
            b.max(a),
            if raise {
                "appending brokers that hold other replicas of the topic, spread round them"
            } else {
                "dropping the last ones"
            }
        ));
    }
    if raise {
        let secs = r.catch_up_secs();
        st.consequences.push(format!(
            "Copies {} to {} new replicas (the topic at full retention, {} per replica); the busiest \
             broker receives {} on {} new replica{}: at a throttle of {} it catches up in about {}.",
            units::bytes(r.data_moved_bytes),
            r.added_replicas,
            units::bytes(bytes_per_replica),
            units::bytes(r.busiest_broker_bytes),
            r.busiest_broker_replicas,
            if r.busiest_broker_replicas == 1 { "" } else { "s" },
            units::bytes_rate(r.throttle_bytes_per_sec),
            if secs.is_finite() {
                units::millis(secs * 1000.0)
            } else {
                "never".into()
            }
        ));
        st.consequences.push(format!(
            "The throttle must exceed the rate new writes arrive on the moving partitions, or the new \
             replicas never catch up and --verify never completes: {} of new writes ({} written to the \
             topic × {} of its {partitions} partitions) + {} to copy the past in {} h, × {} margin = {}.",
            units::bytes_rate(r.busiest_broker_writes_per_sec),
            units::bytes_rate(write_bytes_per_sec),
            r.busiest_broker_replicas,
            units::bytes_rate(r.catch_up_bytes_per_sec),
            units::decimal(if hours.is_finite() && hours > 0.0 {
                hours
            } else {
                2.0
            }),
            units::decimal(crate::reassignment::THROTTLE_MARGIN),
            units::bytes_rate(r.throttle_bytes_per_sec),
        ));
        st.consequences.push(format!(
            "Storage grows by {} (all replicas, overhead included).",
            units::bytes(st.storage_delta_bytes.unwrap_or(0.0))
        ));
    } else {
        st.risk = Risk::High;
        st.consequences.push(format!(
            "Drops the last replica of every partition: frees {}; with {b} copies the topic survives \
             {} broker{} down.",
            units::bytes(-st.storage_delta_bytes.unwrap_or(0.0)),
            b - 1,
            if b == 2 { "" } else { "s" }
        ));
    }
    st.consequences
        .push("Run --verify until it reports every partition complete: it also removes the throttle.".into());
    // The JSON assumes a placement: the first command shows the real one.
    st.commands.push(commands::describe_topic(&node.name));
    match r.json {
        Some(json) => st.reassignment = Some(json),
        None => st.commands.push(commands::reassign_build(&node.name, b, &file)),
    }
    st.commands
        .push(commands::reassign_execute(&file, r.throttle_bytes_per_sec));
    st.commands.push(commands::reassign_verify(&file));
    st.reassignment_file = Some(file);
    ctx.push(phase, st);
}

/// `reassign-<topic>.json`, unique within the plan.
fn reassignment_file(ctx: &mut Ctx, topic: &str) -> String {
    let stem = commands::file_stem(topic);
    let mut name = format!("reassign-{stem}.json");
    let mut i = 2;
    while !ctx.files.insert(name.clone()) {
        name = format!("reassign-{stem}-{i}.json");
        i += 1;
    }
    name
}

pub(super) fn settings(
    ctx: &mut Ctx,
    old: &Node,
    node: &Node,
    before: &TopicSettings,
    after: &TopicSettings,
) {
    let keys: std::collections::BTreeSet<&String> = before.config.keys().chain(after.config.keys()).collect();
    for key in keys {
        let (was, now) = (before.config.get(key), after.config.get(key));
        if was == now {
            continue;
        }
        let st = setting(
            ctx,
            old,
            node,
            key,
            was.map(String::as_str),
            now.map(String::as_str),
            after,
        );
        let phase = Phase::Settings;
        ctx.push(phase, st);
    }
}

fn setting(
    ctx: &Ctx,
    old: &Node,
    node: &Node,
    key: &str,
    was: Option<&str>,
    now: Option<&str>,
    after: &TopicSettings,
) -> crate::Step {
    let default = design::defaults::setting(key)
        .filter(|s| s.applies_to(NodeKind::Topic))
        .and_then(|s| (s.default)());
    let shown = |v: Option<&str>| match v {
        Some(v) => design::defaults::human(key, &Value::String(v.into())),
        None => match &default {
            Some(d) => format!("{} (default)", design::defaults::human(key, d)),
            None => "the broker's default".into(),
        },
    };
    let mut st = step(
        StepKind::ChangeTopicConfig,
        node,
        Risk::Low,
        format!("{}: {key} {} → {}", node.name, shown(was), shown(now)),
    );
    st.changes.push(change(
        node,
        ChangeTarget::Config,
        key,
        old.config.get(key).cloned().unwrap_or(Value::Null),
        node.config.get(key).cloned().unwrap_or(Value::Null),
    ));
    st.commands.push(match now {
        Some(v) => commands::add_config(&node.name, key, v),
        None => commands::delete_config(&node.name, key),
    });
    let num = |v: Option<&str>| {
        v.and_then(|v| as_i64(&json!(v)))
            .or_else(|| default.as_ref().and_then(as_i64))
    };
    let flow = ctx.from.flow(&old.id).cloned();
    let storage = |f: &analysis::flow::TopicFlow| ctx.from.storage_of(f);
    match key {
        "min.insync.replicas" => {
            let isr = num(now).unwrap_or(1);
            let rf = i64::from(after.replication_factor);
            if let Some(alternative) = isr_refused(isr, rf, false) {
                st.risk = Risk::Refused;
                st.commands.clear();
                st.message = format!("{}: {}", node.name, isr_reason(isr, rf));
                st.alternative = Some(alternative);
            } else {
                st.risk = Risk::Medium;
                st.consequences.push(format!(
                    "acks=all writes need {isr} in-sync replicas of {rf}: they fail with NotEnoughReplicas \
                     when {} broker{} of a partition are down{}.",
                    rf - isr + 1,
                    if rf - isr + 1 == 1 { "" } else { "s" },
                    if isr < 2 {
                        "; below 2 an acknowledged write can live on one broker only"
                    } else {
                        ""
                    }
                ));
            }
        }
        "retention.ms" | "cleanup.policy" => {
            if let Some(f) = flow {
                let mut new = f.clone();
                if key == "retention.ms" {
                    new.retention_ms = num(now).unwrap_or(604_800_000);
                } else {
                    new.compacted = now.is_some_and(|p| p.contains("compact"));
                }
                let delta = finite(storage(&new) - storage(&f));
                st.storage_delta_bytes = Some(delta);
                st.consequences.push(format!(
                    "Storage {} by {} (all replicas, overhead included, at the current traffic).",
                    if delta < 0.0 { "shrinks" } else { "grows" },
                    units::bytes(delta.abs())
                ));
            }
            if key == "retention.ms" {
                let (a, b) = (num(was).unwrap_or(604_800_000), num(now).unwrap_or(604_800_000));
                let shorter = b >= 0 && (a < 0 || b < a);
                if shorter {
                    st.risk = Risk::Medium;
                    st.destructive = true;
                    st.consequences.push(format!(
                        "Destructive: records older than {} are deleted at the next retention check \
                         (retention.check.interval.ms, 5 min by default); a reader lagging further behind loses them.",
                        units::millis(b as f64)
                    ));
                }
            } else {
                compaction(ctx, node, was, now, &mut st);
            }
        }
        "retention.bytes" | "max.message.bytes" => {
            let (a, b) = (num(was).unwrap_or(-1), num(now).unwrap_or(-1));
            if b >= 0 && (a < 0 || b < a) {
                st.risk = Risk::Medium;
                st.consequences.push(if key == "retention.bytes" {
                    "Destructive: each partition's oldest segments past the new size are deleted.".into()
                } else {
                    "Batches larger than the new limit are refused (RecordTooLargeException): check the producers' batch.size and largest records.".into()
                });
                st.destructive = key == "retention.bytes";
            }
        }
        "unclean.leader.election.enable" if now.is_some_and(|v| v.eq_ignore_ascii_case("true")) => {
            st.risk = Risk::High;
            st.consequences
                .push("An out-of-sync replica may become leader: acknowledged records can be lost.".into());
        }
        _ => st
            .consequences
            .push("Applied online by the brokers; no restart.".into()),
    }
    st
}

/// `cleanup.policy` between delete and compact.
fn compaction(ctx: &Ctx, node: &Node, was: Option<&str>, now: Option<&str>, st: &mut crate::Step) {
    let compact = |v: Option<&str>| v.is_some_and(|p| p.contains("compact"));
    let deletes = |v: Option<&str>| v.is_none_or(|p| p.contains("delete"));
    let (was_c, now_c) = (compact(was), compact(now));
    if now_c && !was_c {
        st.risk = Risk::Medium;
        st.consequences.push(
            "Compaction keeps only the latest record per key; retention no longer bounds the topic \
             (storage = distinct keys × record size)."
                .into(),
        );
        let keyless: Vec<String> = ctx
            .to
            .graph
            .inputs_of(&node.id)
            .iter()
            .filter(|w| matches!(w.kind, NodeKind::Producer | NodeKind::SourceConnector))
            .filter(|w| {
                w.key
                    .as_ref()
                    .is_none_or(|k| matches!(k.distribution, design::KeyDistribution::None))
            })
            .map(|w| q(&w.name))
            .collect();
        if !keyless.is_empty() {
            st.risk = Risk::High;
            st.consequences.push(format!(
                "A compacted topic refuses records without a key: {} send{} none (InvalidRecordException).",
                keyless.join(", "),
                if keyless.len() == 1 { "s" } else { "" }
            ));
        }
    }
    if was_c && !now_c {
        st.risk = Risk::High;
        st.destructive = true;
        st.consequences.push(format!(
            "Destructive: the latest value of every key is deleted once older than retention.ms; a reader \
             rebuilding state from {} loses the keys not written since.",
            q(&node.name)
        ));
    } else if was_c && now_c && deletes(now) && !deletes(was) {
        st.risk = Risk::High;
        st.destructive = true;
        st.consequences
            .push("Destructive: compacted keys older than retention.ms are now deleted too.".into());
    }
}
