//! How records flow through the graph: the write rate into every topic and who reads it.
//!
//! Producers and source connectors write `messages_per_sec × avg_message_bytes` (times the
//! cluster's growth factor). A stream processor writes, into each topic it feeds, what it reads
//! times its `output_ratio` (default 1.0). Rates are propagated in topological order; a cycle
//! through processors is cut (its back edge contributes nothing) and reported.

use std::collections::HashMap;

use design::defaults::{effective_i64, effective_str};
use design::{Design, Node, NodeKind};
use serde::Serialize;

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
    /// `replication.factor`, or 3 when neither the topic nor the cluster says.
    pub replication_factor: u32,
    pub partitions: Option<u32>,
    /// `retention.ms` in effect (-1: forever).
    pub retention_ms: i64,
    pub compacted: bool,
}

/// The default replication factor assumed when a topic does not set one.
pub const ASSUMED_REPLICATION_FACTOR: u32 = 3;

/// Every topic's flow, in document order, and the processors found in a cycle.
pub fn topic_flows(design: &Design) -> (Vec<TopicFlow>, Vec<String>) {
    let by_id: HashMap<&str, &Node> = design.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let mut inputs: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut outputs: HashMap<&str, Vec<&str>> = HashMap::new();
    for e in &design.edges {
        let (Some(from), Some(to)) = (by_id.get(e.from.as_str()), by_id.get(e.to.as_str())) else {
            continue;
        };
        if from.kind == NodeKind::SchemaSubject || to.kind == NodeKind::SchemaSubject {
            continue;
        }
        outputs.entry(from.id.as_str()).or_default().push(to.id.as_str());
        inputs.entry(to.id.as_str()).or_default().push(from.id.as_str());
    }

    // Kahn's algorithm over the record-flow graph.
    let mut pending: HashMap<&str, usize> = design
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), inputs.get(n.id.as_str()).map_or(0, Vec::len)))
        .collect();
    let mut ready: Vec<&str> = design
        .nodes
        .iter()
        .map(|n| n.id.as_str())
        .filter(|id| pending[id] == 0)
        .collect();
    let mut rate: HashMap<&str, (f64, f64)> = HashMap::new(); // node → (msgs/s, bytes/s) out of it
    let growth = design.cluster.growth_factor;
    while let Some(id) = ready.pop() {
        let node = by_id[id];
        let incoming = inputs.get(id).map_or((0.0, 0.0), |ins| {
            ins.iter()
                .filter_map(|i| rate.get(i))
                .fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1))
        });
        let out = match node.kind {
            NodeKind::Producer | NodeKind::SourceConnector => {
                let m = node.messages_per_sec.unwrap_or(0.0) * growth;
                (m, m * node.avg_message_bytes.unwrap_or(0.0))
            }
            NodeKind::StreamProcessor => {
                let r = node.output_ratio.unwrap_or(1.0);
                (incoming.0 * r, incoming.1 * r)
            }
            _ => incoming,
        };
        // A writer's output goes to each topic it feeds in full (a processor writing two
        // topics writes its output to both: routing by predicate is modelled by output_ratio).
        rate.insert(id, out);
        for next in outputs.get(id).into_iter().flatten() {
            let left = pending.get_mut(next).expect("every edge end is a node");
            *left -= 1;
            if *left == 0 {
                ready.push(next);
            }
        }
    }
    let cyclic: Vec<String> = design
        .nodes
        .iter()
        .filter(|n| pending[n.id.as_str()] > 0)
        .map(|n| n.id.clone())
        .collect();

    let flows = design
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Topic)
        .map(|t| {
            let (messages, bytes) = rate.get(t.id.as_str()).copied().unwrap_or((0.0, 0.0));
            let readers: Vec<String> = outputs
                .get(t.id.as_str())
                .into_iter()
                .flatten()
                .filter(|r| by_id[*r].kind.reads_topics())
                .map(|r| r.to_string())
                .collect();
            let setting = |name| effective_i64(t, name);
            let cleanup = effective_str(t, "cleanup.policy").unwrap_or_default();
            TopicFlow {
                id: t.id.clone(),
                name: t.name.clone(),
                messages_per_sec: messages,
                write_bytes_per_sec: bytes,
                readers,
                replication_factor: setting("replication.factor")
                    .and_then(|v| u32::try_from(v).ok())
                    .unwrap_or(ASSUMED_REPLICATION_FACTOR),
                partitions: t.partitions,
                retention_ms: setting("retention.ms").unwrap_or(604_800_000),
                compacted: cleanup.contains("compact"),
            }
        })
        .collect();
    (flows, cyclic)
}
