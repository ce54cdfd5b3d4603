//! Compression ratios: how much smaller a topic's batches are on the wire and on disk than the
//! records the writers produce.
//!
//! Brokers store and move the batches as producers compressed them (unless the topic sets its
//! own `compression.type`, when the broker recompresses to it), so one ratio per topic scales
//! its write, replication and read bytes and its storage. The ratio is the writers' ratios
//! weighted by the bytes each writes into the topic.
//!
//! The defaults are **assumptions** for JSON-like payloads (text with repeated field names),
//! stated in [`DEFAULT_RATIOS`]; binary payloads (Avro, Protobuf) compress less. A design
//! replaces any of them in `cluster.deployment.compression_ratios`. Ratios apply only to a
//! design with a deployment: without one, every ratio is 1 and the figures stay as they were.
//!
//! Not here: which codec is advisable (the lint's `compression` rule), CPU cost of codecs.

use design::defaults::effective_str;
use design::{Deployment, Node};

/// Compressed / uncompressed size by `compression.type`, for JSON-like payloads: an assumption
/// of the studio (typical of log and event JSON with batches of tens of records), not a
/// measurement of the design's data.
pub const DEFAULT_RATIOS: &[(&str, f64)] = &[
    ("none", 1.0),
    ("gzip", 0.30),
    ("snappy", 0.50),
    ("lz4", 0.45),
    ("zstd", 0.28),
];

/// The ratio of `kind` (`uncompressed` is `none`): the deployment's override, else the
/// default; 1 for an unknown codec. Always finite in `(0, 1]`.
pub fn ratio(deployment: &Deployment, kind: &str) -> f64 {
    let kind = if kind == "uncompressed" { "none" } else { kind };
    let r = deployment
        .compression_ratios
        .get(kind)
        .copied()
        .or_else(|| DEFAULT_RATIOS.iter().find(|(k, _)| *k == kind).map(|(_, r)| *r))
        .unwrap_or(1.0);
    if r.is_finite() && r > 0.0 {
        r.min(1.0)
    } else {
        1.0
    }
}

/// The ratio of a topic: its own `compression.type` when it sets one other than `producer`,
/// else its writers' ratios weighted by the bytes each writes (`writers`: node and bytes/s).
/// 1 without a deployment.
pub fn topic_ratio(deployment: Option<&Deployment>, topic: &Node, writers: &[(&Node, f64)]) -> f64 {
    let Some(dep) = deployment else {
        return 1.0;
    };
    if let Some(kind) = topic
        .config
        .get("compression.type")
        .and_then(|v| v.as_str())
        .filter(|k| *k != "producer")
    {
        return ratio(dep, kind);
    }
    let of = |n: &Node| ratio(dep, &effective_str(n, "compression.type").unwrap_or_default());
    let total: f64 = writers.iter().map(|(_, b)| b.max(0.0)).sum();
    if total > 0.0 && total.is_finite() {
        let weighted: f64 = writers.iter().map(|(n, b)| b.max(0.0) / total * of(n)).sum();
        weighted.clamp(f64::MIN_POSITIVE, 1.0)
    } else {
        // No bytes to weigh by: the writers' plain mean (1 without writers).
        match writers.len() {
            0 => 1.0,
            n => writers.iter().map(|(w, _)| of(w)).sum::<f64>() / n as f64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use design::NodeKind;
    use serde_json::json;

    fn writer(kind: &str) -> Node {
        let mut n = Node::new("w", NodeKind::Producer, "w");
        n.config.insert("compression.type".into(), json!(kind));
        n
    }

    #[test]
    fn ratios_weigh_the_writers_by_bytes_and_the_topic_setting_wins() {
        let dep = Deployment::default();
        let topic = Node::new("t", NodeKind::Topic, "t");
        let (a, b) = (writer("lz4"), writer("none"));
        let r = topic_ratio(Some(&dep), &topic, &[(&a, 3.0), (&b, 1.0)]);
        assert!((r - (0.75 * 0.45 + 0.25)).abs() < 1e-12, "{r}");
        assert_eq!(topic_ratio(None, &topic, &[(&a, 1.0)]), 1.0);
        let mut zstd = topic.clone();
        zstd.config.insert("compression.type".into(), json!("zstd"));
        assert_eq!(topic_ratio(Some(&dep), &zstd, &[(&a, 1.0)]), 0.28);
        let mut over = dep.clone();
        over.compression_ratios.insert("lz4".into(), 0.6);
        assert_eq!(topic_ratio(Some(&over), &topic, &[(&a, 1.0)]), 0.6);
        // A producer without compression.type sends uncompressed batches.
        let plain = Node::new("p", NodeKind::Producer, "p");
        assert_eq!(topic_ratio(Some(&dep), &topic, &[(&plain, 1.0)]), 1.0);
    }
}
