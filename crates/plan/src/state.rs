//! One side of a plan: a design with its analysis, its graph and its topics' settings as they
//! are in effect (what the exports write: partitions when unset are the analysis' advice, the
//! replication factor 3 when unset, the topic-level settings the design sets). On the target
//! side a topic that exists and whose partitions are unset keeps its count when the advice is
//! lower ([`keep_unset_partitions`]).

use std::collections::{BTreeMap, HashMap};

use analysis::flow::{TopicFlow, ASSUMED_REPLICATION_FACTOR};
use analysis::graph::Graph;
use analysis::keys::WriterKeys;
use analysis::sizing::topic_storage_bytes;
use analysis::Analysis;
use design::defaults::as_i64;
use design::{Design, Node, NodeKind};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A topic's settings as they are in effect: what the exports create it with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicSettings {
    pub id: String,
    pub name: String,
    pub partitions: u32,
    pub replication_factor: u32,
    /// Topic-level settings the design sets, by Kafka name, as the exports write them
    /// (`replication.factor` excluded: it is [`TopicSettings::replication_factor`]).
    pub config: BTreeMap<String, String>,
}

/// Every topic of `design` with its settings in effect, by id (the analysis is run once).
pub fn topic_settings(design: &Design) -> BTreeMap<String, TopicSettings> {
    let analysis = analysis::analyze(design);
    let advised = advice(&analysis);
    design
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Topic)
        .map(|t| (t.id.clone(), settings_of(t, &advised)))
        .collect()
}

/// The analysis' advised partition count of every topic, by id.
fn advice(analysis: &Analysis) -> HashMap<&str, u32> {
    analysis
        .topics
        .iter()
        .map(|r| (r.id.as_str(), r.recommended_partitions))
        .collect()
}

/// A setting's value as the exports write it (`604800000`, `compact`).
pub(crate) fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Whether a topic-level setting is exported (a known setting that applies to topics, or one
/// the studio does not know), as `report::iac::topic_specs` decides.
pub(crate) fn is_topic_setting(name: &str) -> bool {
    name != "replication.factor"
        && design::defaults::setting(name).is_none_or(|s| s.applies_to(NodeKind::Topic))
}

fn settings_of(t: &Node, advice: &HashMap<&str, u32>) -> TopicSettings {
    let advised = advice.get(t.id.as_str()).copied();
    TopicSettings {
        id: t.id.clone(),
        name: t.name.clone(),
        partitions: t.partitions.or(advised).unwrap_or(1),
        replication_factor: replication_factor(t),
        config: t
            .config
            .iter()
            .filter(|(k, _)| is_topic_setting(k))
            .map(|(k, v)| (k.clone(), value_text(v)))
            .collect(),
    }
}

/// `replication.factor`, or 3 when unset (as the exports and the analysis assume).
pub(crate) fn replication_factor(t: &Node) -> u32 {
    t.config
        .get("replication.factor")
        .and_then(as_i64)
        .and_then(|v| u32::try_from(v).ok())
        .unwrap_or(ASSUMED_REPLICATION_FACTOR)
}

/// A design prepared for planning.
pub(crate) struct Side<'a> {
    pub design: &'a Design,
    pub analysis: Analysis,
    pub graph: Graph<'a>,
    pub topics: HashMap<&'a str, TopicSettings>,
    /// Index of each topic's flow in the sizing.
    flows: HashMap<String, usize>,
    /// Distinct keys per topic, for the storage of compacted topics.
    distinct: HashMap<&'a str, f64>,
    /// The brokers: `cluster.brokers`, or the sizing's count (at least 1).
    pub brokers: u32,
}

impl<'a> Side<'a> {
    pub fn new(design: &'a Design) -> Self {
        let analysis = analysis::analyze(design);
        let graph = Graph::new(design);
        let distinct = WriterKeys::new(design).distinct_by_topic(&graph);
        let advised = advice(&analysis);
        let topics = design
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Topic)
            .map(|t| (t.id.as_str(), settings_of(t, &advised)))
            .collect();
        let flows = analysis
            .sizing
            .topics
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.clone(), i))
            .collect();
        let brokers = design
            .cluster
            .brokers
            .unwrap_or(analysis.sizing.brokers)
            .clamp(1, design::rules::MAX_BROKERS);
        Side {
            design,
            analysis,
            graph,
            topics,
            flows,
            distinct,
            brokers,
        }
    }

    pub fn node(&self, id: &str) -> Option<&'a Node> {
        self.graph.by_id.get(id).copied()
    }

    pub fn flow(&self, id: &str) -> Option<&TopicFlow> {
        self.flows
            .get(id)
            .and_then(|&i| self.analysis.sizing.topics.get(i))
    }

    /// The storage a topic keeps with `flow`'s traffic, all replicas, overhead included.
    pub fn storage_of(&self, flow: &TopicFlow) -> f64 {
        let raw = topic_storage_bytes(flow, self.distinct.get(flow.id.as_str()).copied());
        let overhead = self.design.cluster.storage_overhead;
        let overhead = if overhead.is_finite() {
            overhead.max(0.0)
        } else {
            0.0
        };
        finite(raw * (1.0 + overhead))
    }

    /// The nodes reading topic `id` (consumer groups, sink connectors, stream processors).
    pub fn readers_of(&self, id: &str) -> Vec<&'a Node> {
        self.graph
            .outputs_of(id)
            .iter()
            .copied()
            .filter(|n| n.kind.reads_topics())
            .collect()
    }

    /// The topics `reader` reads.
    pub fn inputs_of(&self, reader: &str) -> Vec<&'a Node> {
        self.graph
            .inputs_of(reader)
            .iter()
            .copied()
            .filter(|n| n.kind == NodeKind::Topic)
            .collect()
    }
}

/// The target's partitions in effect after the change where it leaves them unset: a topic that
/// exists (same id, same name) keeps the count in effect in `from` when the advice is lower,
/// `max(current, advice)`. Kafka cannot decrease a count, and an unset count asks for no
/// decrease: only an explicit one is planned (and refused).
pub(crate) fn keep_unset_partitions(from: &Side, to: &mut Side) {
    for (id, t) in to.topics.iter_mut() {
        let unset = to.graph.by_id.get(id).is_some_and(|n| n.partitions.is_none());
        if !unset {
            continue;
        }
        if let Some(before) = from.topics.get(id).filter(|b| b.name == t.name) {
            t.partitions = t.partitions.max(before.partitions);
        }
    }
}

/// `x`, or 0 when it is not a finite number.
pub(crate) fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        0.0
    }
}
