//! Facts about record keys that sizing needs (distinct keys per topic, for compacted topics).

use std::collections::HashMap;

use design::{Design, KeyDistribution, NodeKind};

/// Distinct keys a producer's distribution can produce, if it has keys at all.
pub fn distinct_keys(dist: &KeyDistribution) -> Option<f64> {
    match dist {
        KeyDistribution::Uniform { cardinality }
        | KeyDistribution::Zipf { cardinality, .. }
        | KeyDistribution::HotKey { cardinality, .. } => Some(*cardinality as f64),
        KeyDistribution::Sample { keys, .. } => {
            let mut unique: Vec<&String> = keys.iter().collect();
            unique.sort();
            unique.dedup();
            Some(unique.len() as f64)
        }
        KeyDistribution::None => None,
    }
}

/// For each topic written directly by keyed producers: the sum of their distinct keys (an upper
/// bound when producers share keys).
pub fn distinct_keys_by_topic(design: &Design) -> HashMap<&str, f64> {
    let mut out: HashMap<&str, f64> = HashMap::new();
    for e in &design.edges {
        let Some(from) = design.nodes.iter().find(|n| n.id == e.from) else {
            continue;
        };
        if !matches!(from.kind, NodeKind::Producer | NodeKind::SourceConnector) {
            continue;
        }
        if let Some(keys) = from.key.as_ref().and_then(|k| distinct_keys(&k.distribution)) {
            *out.entry(e.to.as_str()).or_default() += keys;
        }
    }
    out
}
