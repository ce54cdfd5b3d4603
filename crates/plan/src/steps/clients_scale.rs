//! A reader scaled: instances (or threads) against the partitions of what it reads, and the
//! capacity that gives.
//!
//! Capacity per topic is the domain notes' `E × r`: effective parallelism `E = min(instances ×
//! threads, partitions)` consumers, each handling `r = 1000 / processing_ms_per_record` records/s.
//! (The analysis also caps it by the hottest partition; when that binds it is said.)

use design::Node;

use super::{q, step, Ctx};
use crate::state::Side;
use crate::{commands, Risk, Step, StepKind};

/// Records/s a reader handles on a topic of `partitions` partitions (`None`: processing takes
/// no time, unbounded).
pub(crate) fn capacity(reader: &Node, partitions: u32) -> Option<(u32, f64)> {
    let threads = reader.threads_per_instance.unwrap_or(1).max(1);
    let consumers = reader.instances.unwrap_or(1).saturating_mul(threads);
    let e = consumers.min(partitions.max(1));
    let ms = reader.processing_ms_per_record.unwrap_or(0.0);
    if !(ms > 0.0 && ms.is_finite()) {
        return None;
    }
    Some((e, f64::from(e) * 1000.0 / ms))
}

fn partitions_of(side: &Side, topic: &str) -> u32 {
    side.topics.get(topic).map_or(1, |t| t.partitions)
}

pub(super) fn scale(ctx: &Ctx, old: &Node, node: &Node) -> Step {
    let (a, b) = (old.instances.unwrap_or(1), node.instances.unwrap_or(1));
    let (ta, tb) = (
        old.threads_per_instance.unwrap_or(1),
        node.threads_per_instance.unwrap_or(1),
    );
    let more = if b >= a {
        format!("{} more", b - a)
    } else {
        format!("{} fewer", a - b)
    };
    let mut message = if a != b {
        format!("{}: {a} → {b} instances ({more})", node.name)
    } else {
        format!("{}: {ta} → {tb} threads per instance", node.name)
    };
    let mut st = step(StepKind::ScaleReader, node, Risk::Low, String::new());
    let topics = ctx.to.inputs_of(&node.id);
    for (i, t) in topics.iter().enumerate() {
        let pb = partitions_of(&ctx.to, &t.id);
        let pa = if ctx.from.topics.contains_key(t.id.as_str()) {
            partitions_of(&ctx.from, &t.id)
        } else {
            pb
        };
        let (before, after) = (capacity(old, pa), capacity(node, pb));
        if let (Some((_, ca)), Some((eb, cb))) = (before, after) {
            let ratio = if ca > 0.0 { cb / ca } else { f64::INFINITY };
            let text = format!(
                "capacity {} → {} records/s{}",
                units::count(ca),
                units::count(cb),
                if ratio.is_finite() {
                    format!(" (×{})", units::decimal(ratio))
                } else {
                    String::new()
                }
            );
            if i == 0 && topics.len() == 1 {
                message.push_str(&format!("; {text}"));
            }
            st.consequences.push(format!(
                "On {} ({pb} partitions): {eb} consumers × {} records/s each = {} records/s{}.",
                q(&t.name),
                units::decimal(1000.0 / node.processing_ms_per_record.unwrap_or(1.0)),
                units::count(cb),
                if topics.len() > 1 {
                    format!(" ({text})")
                } else {
                    String::new()
                }
            ));
        }
        let consumers = b.saturating_mul(tb.max(1));
        if consumers > pb {
            st.risk = st.risk.max(Risk::Medium);
            st.consequences.push(format!(
                "{} consumer{} idle on {}: {consumers} consumers for {pb} partitions; raise the partitions to match.",
                consumers - pb,
                if consumers - pb == 1 { "" } else { "s" },
                q(&t.name)
            ));
        }
        if let Some(g) = ctx
            .to
            .analysis
            .consumer_groups
            .iter()
            .find(|g| g.id == node.id && g.topic == t.id)
        {
            let input = g.load.input_messages_per_sec;
            match capacity(node, pb).map(|(_, c)| c) {
                Some(c) if c < input => {
                    st.risk = st.risk.max(Risk::Medium);
                    st.consequences.push(format!(
                        "Still short: {} records/s arrive, lag grows by {} records/s.",
                        units::count(input),
                        units::count(input - c)
                    ));
                }
                Some(c) if input > 0.0 => st.consequences.push(format!(
                    "{} records/s arrive: {} records/s spare to drain a backlog.",
                    units::count(input),
                    units::count(c - input)
                )),
                _ => {}
            }
            if g.load.skew_limited {
                st.consequences.push(format!(
                    "Key skew: the hottest partition caps it at {} records/s (one consumer drains one partition).",
                    units::count(g.load.capacity_messages_per_sec.unwrap_or(0.0))
                ));
            }
        }
    }
    st.consequences.push(
        "A rebalance: partitions pause while they are reassigned (all of them with the eager \
         protocol); watch the rebalance time, and if rebalances come too often tune \
         heartbeat.interval.ms and session.timeout.ms."
            .into(),
    );
    st.commands
        .push(commands::describe_group(&super::clients::connector_group(node)));
    st.message = message;
    st
}
