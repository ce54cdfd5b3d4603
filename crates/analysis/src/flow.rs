//! How records flow through the graph: the write rate into every topic and who reads it.
//!
//! Producers and source connectors write `messages_per_sec × avg_message_bytes` (times the
//! cluster's growth factor). A stream processor writes, into each topic it feeds, what it reads
//! times its `output_ratio` (default 1.0). Rates are propagated in topological order; a cycle
//! through processors is cut (its back edge contributes nothing) and reported. Rates are held
//! at [`MAX_RATE`], so that no chain of ratios reaches infinity.

use std::collections::HashMap;

use design::defaults::{effective_bool, effective_i64, effective_str};
use design::{Design, Node, NodeKind};
use serde::Serialize;

use crate::compression::{topic_ratio, writers_ratio, Payload};
use crate::graph::Graph;

/// The traffic of one topic.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TopicFlow {
    pub id: String,
    pub name: String,
    /// Records per second written, growth included.
    pub messages_per_sec: f64,
    /// Bytes per second written, growth included (`W_t`).
    pub write_bytes_per_sec: f64,
    /// Ids of the nodes reading it (each counts as one consumer group).
    pub readers: Vec<String>,
    /// How many times every record is read: once per reader, but once per instance for a
    /// reader whose every instance reads every partition (a Kafka Streams global store).
    pub full_reads: f64,
    /// `replication.factor`, or 3 when neither the topic nor the cluster says.
    pub replication_factor: u32,
    pub partitions: Option<u32>,
    /// `retention.ms` in effect (-1: forever).
    pub retention_ms: i64,
    pub compacted: bool,
    /// Compressed / uncompressed size of its batches ([`crate::compression`]); 1 without a
    /// deployment.
    #[serde(skip_serializing_if = "is_one")]
    pub compression_ratio: f64,
    /// Compressed / uncompressed size of the batches the writers send to the leader: the
    /// writers' codecs, which a topic's own `compression.type` does not change (the broker
    /// recompresses after receiving them). 1 without a deployment.
    #[serde(skip_serializing_if = "is_one")]
    pub produce_ratio: f64,
    /// Tiered storage (KIP-405, `remote.storage.enable`) on a delete-policy topic: brokers keep
    /// the local retention, object storage the whole retention. Kafka does not tier compacted
    /// topics, so a compacted topic is never tiered here.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub tiered: bool,
    /// `local.retention.ms` in effect when tiered (-2 resolved to `retention.ms`; -1: forever).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_retention_ms: Option<i64>,
    /// `local.retention.bytes` per partition in effect when tiered (-2 resolved to
    /// `retention.bytes`; `None`: no limit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_retention_bytes: Option<i64>,
}

fn is_one(x: &f64) -> bool {
    *x == 1.0
}

/// The default replication factor assumed when a topic does not set one.
pub const ASSUMED_REPLICATION_FACTOR: u32 = 3;

/// The largest rate the engine carries through the graph, in records or bytes per second. A
/// chain of `output_ratio`s can multiply a rate past anything a cluster carries and on to
/// infinity; past this the rate is held here and the processors that hit it are named.
pub const MAX_RATE: f64 = 1e24;

/// How records flow through a design.
#[derive(Clone, Debug, PartialEq)]
pub struct Flows {
    /// Every topic's traffic, in document order.
    pub topics: Vec<TopicFlow>,
    /// Processors in a cycle: their loop contributes no traffic.
    pub cyclic_nodes: Vec<String>,
    /// Writers whose output rate reached [`MAX_RATE`] and was held there.
    pub saturated: Vec<String>,
}

/// Every topic's flow, in document order, with the processors found in a cycle and the writers
/// whose rate had to be held at [`MAX_RATE`].
pub fn topic_flows(design: &Design, graph: &Graph) -> Flows {
    let growth = design.cluster.growth_factor;
    let Propagated {
        rate,
        pending,
        saturated,
    } = propagate(design, graph, &|node: &Node| {
        let m = node.messages_per_sec.unwrap_or(0.0) * growth;
        (m, m * node.avg_message_bytes.unwrap_or(0.0))
    });
    let cyclic_nodes: Vec<String> = design
        .nodes
        .iter()
        .filter(|n| pending[n.id.as_str()] > 0)
        .map(|n| n.id.clone())
        .collect();

    // Reads by every instance (global stores): few, looked up per reader.
    let global: std::collections::HashSet<(&str, &str)> = design
        .edges
        .iter()
        .filter(|e| e.global == Some(true))
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    let topics = design
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Topic)
        .map(|t| {
            let (messages, bytes) = rate.get(t.id.as_str()).copied().unwrap_or((0.0, 0.0));
            let readers: Vec<String> = graph
                .outputs_of(&t.id)
                .iter()
                .filter(|r| r.kind.reads_topics())
                .map(|r| r.id.clone())
                .collect();
            let full_reads = graph
                .outputs_of(&t.id)
                .iter()
                .filter(|r| r.kind.reads_topics())
                .map(|r| {
                    if global.contains(&(t.id.as_str(), r.id.as_str())) {
                        f64::from(r.instances.unwrap_or(1))
                    } else {
                        1.0
                    }
                })
                .sum();
            let setting = |name| effective_i64(t, name);
            let cleanup = effective_str(t, "cleanup.policy").unwrap_or_default();
            let compacted = cleanup.contains("compact");
            let retention_ms = setting("retention.ms").unwrap_or(604_800_000);
            let writers: Vec<(&Node, f64)> = graph
                .inputs_of(&t.id)
                .iter()
                .filter(|w| w.kind.writes_topics())
                .map(|w| (*w, rate.get(w.id.as_str()).map_or(0.0, |r| r.1)))
                .collect();
            let payload = Payload::of_topic(graph, &t.id);
            let compression_ratio = topic_ratio(design.cluster.deployment.as_ref(), payload, t, &writers);
            let produce_ratio = writers_ratio(design.cluster.deployment.as_ref(), payload, &writers);
            let tiered = !compacted && effective_bool(t, "remote.storage.enable") == Some(true);
            let local_retention_ms = tiered.then(|| match setting("local.retention.ms") {
                Some(-2) | None => retention_ms,
                Some(ms) => ms,
            });
            let local_retention_bytes = if tiered {
                match setting("local.retention.bytes") {
                    Some(-2) | None => setting("retention.bytes").filter(|b| *b >= 0),
                    Some(b) => Some(b).filter(|b| *b >= 0),
                }
            } else {
                None
            };
            TopicFlow {
                id: t.id.clone(),
                name: t.name.clone(),
                messages_per_sec: messages,
                write_bytes_per_sec: bytes,
                readers,
                full_reads,
                replication_factor: setting("replication.factor")
                    .and_then(|v| u32::try_from(v).ok())
                    .unwrap_or(ASSUMED_REPLICATION_FACTOR),
                partitions: t.partitions,
                retention_ms,
                compacted,
                compression_ratio,
                produce_ratio,
                tiered,
                local_retention_ms,
                local_retention_bytes,
            }
        })
        .collect();
    Flows {
        topics,
        cyclic_nodes,
        saturated,
    }
}

/// Records per second into every topic, in document order, when each producer and source
/// connector writes `writer_rate(node)` records/s (growth applied here, as in [`topic_flows`]).
///
/// The flow is linear in the writers' rates (a processor multiplies its input by its
/// `output_ratio`, a topic sums its writers; a cycle is cut whatever the rates), so the input of
/// a topic is the sum of each writer's contribution: the peak simulation runs this once per
/// group of writers that peak alike and scales each group's share by its multiplier.
pub(crate) fn topic_message_rates(
    design: &Design,
    graph: &Graph,
    writer_rate: &dyn Fn(&Node) -> f64,
) -> Vec<f64> {
    let growth = design.cluster.growth_factor;
    let p = propagate(design, graph, &|node: &Node| (writer_rate(node) * growth, 0.0));
    design
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Topic)
        .map(|t| p.rate.get(t.id.as_str()).map_or(0.0, |r| r.0))
        .collect()
}

/// What flows out of every node, and what the propagation left behind.
struct Propagated<'a> {
    /// Node → (records/s, bytes/s) out of it.
    rate: HashMap<&'a str, (f64, f64)>,
    /// Node → inputs not yet resolved (non-zero: in a cycle).
    pending: HashMap<&'a str, usize>,
    saturated: Vec<String>,
}

/// Propagates the writers' output (`source` of each producer and source connector) through
/// the graph in topological order (Kahn's algorithm); a cycle's back edge carries nothing.
fn propagate<'a>(
    design: &'a Design,
    graph: &Graph<'a>,
    source: &dyn Fn(&Node) -> (f64, f64),
) -> Propagated<'a> {
    let mut pending: HashMap<&str, usize> = design
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), graph.inputs_of(&n.id).len()))
        .collect();
    let mut ready: Vec<&Node> = design
        .nodes
        .iter()
        .filter(|n| pending[n.id.as_str()] == 0)
        .collect();
    let mut rate: HashMap<&str, (f64, f64)> = HashMap::new();
    let mut saturated = Vec::new();
    while let Some(node) = ready.pop() {
        let id = node.id.as_str();
        let incoming = graph
            .inputs_of(id)
            .iter()
            .filter_map(|i| rate.get(i.id.as_str()))
            .fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1));
        let out = match node.kind {
            NodeKind::Producer | NodeKind::SourceConnector => source(node),
            NodeKind::StreamProcessor => {
                let r = node.output_ratio.unwrap_or(1.0);
                (incoming.0 * r, incoming.1 * r)
            }
            _ => incoming,
        };
        let held = (held_rate(out.0), held_rate(out.1));
        if held != out && node.kind.writes_topics() {
            saturated.push(node.id.clone());
        }
        // A writer's output goes to each topic it feeds in full (a processor writing two
        // topics writes its output to both: routing by predicate is modelled by output_ratio).
        rate.insert(id, held);
        for next in graph.outputs_of(id) {
            // (Checked: an invalid design may repeat an id, and must not break the count.)
            if let Some(left) = pending.get_mut(next.id.as_str()).filter(|left| **left > 0) {
                *left -= 1;
                if *left == 0 {
                    ready.push(next);
                }
            }
        }
    }
    Propagated {
        rate,
        pending,
        saturated,
    }
}

/// A rate as the engine carries it: at most [`MAX_RATE`], never NaN.
fn held_rate(x: f64) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        x.clamp(0.0, MAX_RATE)
    }
}
