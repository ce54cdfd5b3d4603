//! End-to-end latency along every source → sink path, hop by hop.
//!
//! A write costs the producer's `linger.ms` plus the request: the leader's append, and for
//! `acks=all` the in-sync replicas' fetch of it. A read costs the fetch wait (close to nothing
//! with `fetch.min.bytes=1`, which answers as soon as data arrives; otherwise up to
//! `fetch.max.wait.ms`) plus the reader's processing time per record. A stream processor reads,
//! processes and writes again. The constants are in-region figures; the point is the breakdown.

use std::collections::HashMap;

use design::defaults::{effective_i64, effective_str};
use design::{Design, Node, NodeKind};
use serde::Serialize;

use crate::graph::Graph;

/// The leader's append and acknowledgement, in-region (ms).
pub const LEADER_WRITE_MS: f64 = 1.0;
/// Followers fetching a record before an `acks=all` write is acknowledged (ms).
pub const REPLICATION_MS: f64 = 2.0;
/// A fetch answered as soon as data arrives (ms).
pub const FETCH_RESPONSE_MS: f64 = 1.0;
/// The budget paths are compared against.
pub const BUDGET_MS: f64 = 100.0;
/// At most this many paths are enumerated (a large graph has combinatorially many).
pub const MAX_PATHS: usize = 1_000;
/// At most this many nodes over all the paths listed (a thousand paths of thousands of hops
/// would make an answer of hundreds of megabytes).
pub const MAX_PATH_NODES: usize = 20_000;
/// At most this many steps of the walk that finds the paths.
pub const MAX_WALK_STEPS: usize = 2_000_000;

/// One part of a path's latency.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hop {
    pub node: String,
    /// What the time is spent on: `linger.ms`, `request (acks=all)`, `fetch wait`, `processing`.
    pub component: String,
    pub ms: f64,
}

/// A source → sink path and its latency.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PathLatency {
    pub nodes: Vec<String>,
    pub latency_ms: f64,
    pub hops: Vec<Hop>,
    pub over_budget: bool,
}

fn setting_i64(node: &Node, name: &str) -> i64 {
    effective_i64(node, name).unwrap_or(0)
}

/// The hops of writing from `writer`.
pub fn write_hops(writer: &Node) -> Vec<Hop> {
    let acks = effective_str(writer, "acks").unwrap_or_default();
    let request = match acks.as_str() {
        "0" => 0.0,
        "1" => LEADER_WRITE_MS,
        _ => LEADER_WRITE_MS + REPLICATION_MS,
    };
    vec![
        Hop {
            node: writer.id.clone(),
            component: "linger.ms".into(),
            ms: setting_i64(writer, "linger.ms") as f64,
        },
        Hop {
            node: writer.id.clone(),
            component: format!("request (acks={acks})"),
            ms: request,
        },
    ]
}

/// The hops of `reader` consuming a record.
pub fn read_hops(reader: &Node) -> Vec<Hop> {
    let fetch = if setting_i64(reader, "fetch.min.bytes") <= 1 {
        FETCH_RESPONSE_MS
    } else {
        setting_i64(reader, "fetch.max.wait.ms") as f64
    };
    vec![
        Hop {
            node: reader.id.clone(),
            component: "fetch wait".into(),
            ms: fetch,
        },
        Hop {
            node: reader.id.clone(),
            component: "processing".into(),
            ms: reader.processing_ms_per_record.unwrap_or(0.0),
        },
    ]
}

/// All the paths found, and whether the enumeration stopped at one of its limits.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Paths {
    pub paths: Vec<PathLatency>,
    /// Whether there are more paths than [`MAX_PATHS`] or [`MAX_PATH_NODES`] allow.
    pub truncated: bool,
}

/// Every source → sink path (up to [`MAX_PATHS`] paths and [`MAX_PATH_NODES`] nodes in all)
/// with its breakdown, sources in document order, depth first.
pub fn paths(design: &Design) -> Vec<PathLatency> {
    paths_in(design, &Graph::new(design)).paths
}

/// [`paths`] over an indexed graph, saying whether the limits cut the list short.
pub fn paths_in<'a>(design: &'a Design, graph: &Graph<'a>) -> Paths {
    let mut out = Vec::new();
    let mut nodes_left = MAX_PATH_NODES;
    let mut steps_left = MAX_WALK_STEPS;
    let mut truncated = false;
    // The walk is iterative (a chain of thousands of nodes would overflow a recursion) and
    // keeps an on-path flag per node, so checking for a cycle costs nothing.
    let mut on_path: HashMap<&str, bool> = HashMap::new();
    'sources: for source in design
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, NodeKind::Producer | NodeKind::SourceConnector))
    {
        // Each frame: the node and how many of its successors have been tried.
        let mut stack: Vec<(&Node, usize)> = vec![(source, 0)];
        on_path.insert(source.id.as_str(), true);
        let mut extended = false;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if steps_left == 0 {
                truncated = true;
                break 'sources;
            }
            steps_left -= 1;
            let successors = graph.outputs_of(&node.id);
            let mut pushed = None;
            while *next < successors.len() {
                let candidate = successors[*next];
                *next += 1;
                steps_left = steps_left.saturating_sub(1);
                if !on_path.get(candidate.id.as_str()).copied().unwrap_or(false) {
                    pushed = Some(candidate);
                    break;
                }
            }
            match pushed {
                Some(n) => {
                    on_path.insert(n.id.as_str(), true);
                    stack.push((n, 0));
                    extended = true;
                }
                None => {
                    // A node with nothing further to visit ends a path, the first time the
                    // walk reaches it on this branch.
                    if extended && stack.len() > 1 {
                        if out.len() >= MAX_PATHS || stack.len() > nodes_left {
                            truncated = true;
                            break 'sources;
                        }
                        nodes_left -= stack.len();
                        let path: Vec<&Node> = stack.iter().map(|(n, _)| *n).collect();
                        out.push(measure(&path));
                    }
                    extended = false;
                    on_path.insert(node.id.as_str(), false);
                    stack.pop();
                }
            }
        }
    }
    Paths {
        paths: out,
        truncated,
    }
}

fn measure(path: &[&Node]) -> PathLatency {
    let mut hops = Vec::new();
    for (i, node) in path.iter().enumerate() {
        match node.kind {
            NodeKind::Producer | NodeKind::SourceConnector => hops.extend(write_hops(node)),
            NodeKind::StreamProcessor => {
                hops.extend(read_hops(node));
                if i + 1 < path.len() {
                    hops.extend(write_hops(node));
                }
            }
            NodeKind::ConsumerGroup | NodeKind::SinkConnector => hops.extend(read_hops(node)),
            NodeKind::Topic | NodeKind::SchemaSubject => {}
        }
    }
    let latency_ms = hops.iter().map(|h| h.ms).sum();
    PathLatency {
        nodes: path.iter().map(|n| n.id.clone()).collect(),
        latency_ms,
        hops,
        over_budget: latency_ms > BUDGET_MS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_producer_topic_group_path_adds_up() {
        let d = design::parse(
            json!({"schema": "kafka-design/v1", "name": "x", "nodes": [
                {"id": "p", "kind": "producer", "name": "p", "config": {"linger.ms": 5, "acks": "all"}},
                {"id": "t", "kind": "topic", "name": "t"},
                {"id": "f", "kind": "stream_processor", "name": "f", "processing_ms_per_record": 3, "config": {"linger.ms": 100}},
                {"id": "u", "kind": "topic", "name": "u"},
                {"id": "g", "kind": "consumer_group", "name": "g", "processing_ms_per_record": 2,
                 "config": {"fetch.min.bytes": 65536, "fetch.max.wait.ms": 500}}],
              "edges": [{"from": "p", "to": "t"}, {"from": "t", "to": "f"}, {"from": "f", "to": "u"}, {"from": "u", "to": "g"}]})
            .to_string()
            .as_bytes(),
        )
        .unwrap();
        let all = paths(&d);
        assert_eq!(all.len(), 1);
        let path = &all[0];
        assert_eq!(path.nodes, ["p", "t", "f", "u", "g"]);
        // p: 5 + 3; f: 1 + 3 + 100 + 3; g: 500 + 2
        assert_eq!(path.latency_ms, 8.0 + 107.0 + 502.0);
        assert!(path.over_budget);
        assert_eq!(path.hops.len(), 8);
    }

    #[test]
    fn cycles_do_not_loop_forever() {
        let d = design::parse(
            json!({"schema": "kafka-design/v1", "name": "x", "nodes": [
                {"id": "p", "kind": "producer", "name": "p"},
                {"id": "t", "kind": "topic", "name": "t"},
                {"id": "f", "kind": "stream_processor", "name": "f"}],
              "edges": [{"from": "p", "to": "t"}, {"from": "t", "to": "f"}, {"from": "f", "to": "t"}]})
            .to_string()
            .as_bytes(),
        )
        .unwrap();
        let all = paths(&d);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].nodes, ["p", "t", "f"]);
    }
}
