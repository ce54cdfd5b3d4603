//! The record keys of every producer, prepared once per analysis: each keyed writer's
//! [`KeyMass`] (pasted keys merged once, however many topics they feed) and the number of
//! distinct keys sizing needs for compacted topics.

use std::collections::HashMap;

use design::{Design, KeyDistribution, NodeKind};

use crate::graph::Graph;
use crate::hotspot::KeyMass;

/// The keys of each producer and source connector that has a key distribution.
pub struct WriterKeys<'a> {
    masses: HashMap<&'a str, KeyMass>,
    distinct: HashMap<&'a str, f64>,
}

impl<'a> WriterKeys<'a> {
    pub fn new(design: &'a Design) -> Self {
        let mut masses = HashMap::new();
        let mut distinct = HashMap::new();
        for n in &design.nodes {
            if !matches!(n.kind, NodeKind::Producer | NodeKind::SourceConnector) {
                continue;
            }
            let Some(key) = &n.key else { continue };
            let mass = KeyMass::of(&key.distribution, key.field.as_deref().unwrap_or("key"));
            let keys = match &key.distribution {
                KeyDistribution::Uniform { cardinality }
                | KeyDistribution::Zipf { cardinality, .. }
                | KeyDistribution::HotKey { cardinality, .. } => Some(*cardinality as f64),
                KeyDistribution::Sample { .. } => mass.distinct_pasted_keys().map(|n| n as f64),
                KeyDistribution::None => None,
            };
            if let Some(keys) = keys {
                distinct.insert(n.id.as_str(), keys);
            }
            masses.insert(n.id.as_str(), mass);
        }
        WriterKeys { masses, distinct }
    }

    /// The keys `id` writes (`None`: no key, or not a producer).
    pub fn mass(&self, id: &str) -> Option<&KeyMass> {
        self.masses.get(id)
    }

    /// For each topic written directly by keyed producers: the sum of their distinct keys (an
    /// upper bound when producers share keys).
    pub fn distinct_by_topic(&self, graph: &Graph<'a>) -> HashMap<&'a str, f64> {
        let mut out: HashMap<&str, f64> = HashMap::new();
        for (&topic, writers) in &graph.inputs {
            for w in writers {
                if let Some(keys) = self.distinct.get(w.id.as_str()) {
                    *out.entry(topic).or_default() += keys;
                }
            }
        }
        out
    }
}
