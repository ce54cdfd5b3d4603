//! Compression ratios: how much smaller a topic's batches are on the wire and on disk than the
//! records the writers produce.
//!
//! Brokers store and move the batches as producers compressed them (unless the topic sets its
//! own `compression.type`, when the broker recompresses to it), so one ratio per topic scales
//! its replication and read bytes and its storage. The ratio is the writers' ratios weighted by
//! the bytes each writes into the topic. The producer → leader leg (and the producers' bytes
//! crossing zones) travels in the producers' codec: [`writers_ratio`], the topic's
//! `produce_ratio`, which differs only when the topic recompresses.
//!
//! Ratios depend on what is compressed, so the defaults come by **payload kind**
//! ([`Payload`]): text (JSON with its repeated field names, or no schema) compresses well;
//! Avro and Protobuf records, already without field names, compress less. A topic's payload is
//! binary when a value subject attached to it is Avro or Protobuf. The defaults are
//! **assumptions** of the studio, stated in [`DEFAULT_RATIOS`] and in every cost report; a design
//! replaces any of them in `cluster.deployment.compression_ratios`, for one payload kind
//! (`binary.zstd`) or for both (`zstd`). Ratios apply only to a design with a deployment:
//! without one, every ratio is 1 and the figures stay as they were.
//!
//! Not here: which codec is advisable (the lint's `compression` rule), CPU cost of codecs.

use design::defaults::effective_str;
use design::{Deployment, Node, SchemaType};

use crate::graph::Graph;

/// What a topic's records are, as far as compression goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Payload {
    /// JSON or other text, or records without a registered schema.
    Json,
    /// Avro or Protobuf records.
    Binary,
}

impl Payload {
    pub const ALL: [Payload; 2] = [Payload::Json, Payload::Binary];

    /// The prefix of an override key (`json`, `binary`).
    pub fn key(self) -> &'static str {
        match self {
            Payload::Json => "json",
            Payload::Binary => "binary",
        }
    }

    /// How the documents name it.
    pub fn label(self) -> &'static str {
        match self {
            Payload::Json => "JSON or text",
            Payload::Binary => "Avro or Protobuf",
        }
    }

    /// The payload of topic `id`: binary when a value subject attached to it is Avro or
    /// Protobuf (the key's subject says nothing of the value's bytes), else text.
    pub fn of_topic(graph: &Graph, id: &str) -> Payload {
        let binary = graph.schemas_of(id).iter().any(|s| {
            s.key_schema != Some(true)
                && matches!(
                    s.schema_type_or_default(),
                    SchemaType::Avro | SchemaType::Protobuf
                )
        });
        if binary {
            Payload::Binary
        } else {
            Payload::Json
        }
    }
}

/// Compressed / uncompressed size by payload kind and `compression.type`: assumptions of the
/// studio (typical of event records in batches of tens of records), not measurements of the
/// design's data. JSON compresses by its repeated field names; Avro and Protobuf have none.
pub const DEFAULT_RATIOS: &[(Payload, &[(&str, f64)])] = &[
    (
        Payload::Json,
        &[
            ("none", 1.0),
            ("gzip", 0.30),
            ("snappy", 0.50),
            ("lz4", 0.45),
            ("zstd", 0.28),
        ],
    ),
    (
        Payload::Binary,
        &[
            ("none", 1.0),
            ("gzip", 0.60),
            ("snappy", 0.75),
            ("lz4", 0.72),
            ("zstd", 0.55),
        ],
    ),
];

/// The codecs that compress (every `compression.type` but `none`), in the order tables list them.
pub const COMPRESSION_CODECS: &[&str] = &["gzip", "snappy", "lz4", "zstd"];

/// The studio's default ratio of `codec` for `payload`; 1 for an unknown codec.
pub fn default_ratio(payload: Payload, codec: &str) -> f64 {
    DEFAULT_RATIOS
        .iter()
        .find(|(p, _)| *p == payload)
        .and_then(|(_, table)| table.iter().find(|(k, _)| *k == codec))
        .map_or(1.0, |(_, r)| *r)
}

/// The ratio of `codec` (`uncompressed` is `none`) for `payload`: the deployment's override for
/// the payload kind (`binary.zstd`), else its override for the codec (`zstd`), else the
/// default; 1 for an unknown codec. Always finite in `(0, 1]`.
pub fn ratio(deployment: &Deployment, payload: Payload, codec: &str) -> f64 {
    let codec = if codec == "uncompressed" { "none" } else { codec };
    let overrides = &deployment.compression_ratios;
    let r = overrides
        .get(&format!("{}.{codec}", payload.key()))
        .or_else(|| overrides.get(codec))
        .copied()
        .unwrap_or_else(|| default_ratio(payload, codec));
    if r.is_finite() && r > 0.0 {
        r.min(1.0)
    } else {
        1.0
    }
}

/// The ratio of a topic of `payload`: its own `compression.type` when it sets one other than
/// `producer`, else its writers' ratios weighted by the bytes each writes (`writers`: node and
/// bytes/s). 1 without a deployment.
pub fn topic_ratio(
    deployment: Option<&Deployment>,
    payload: Payload,
    topic: &Node,
    writers: &[(&Node, f64)],
) -> f64 {
    let Some(dep) = deployment else {
        return 1.0;
    };
    if let Some(kind) = topic
        .config
        .get("compression.type")
        .and_then(|v| v.as_str())
        .filter(|k| *k != "producer")
    {
        return ratio(dep, payload, kind);
    }
    writers_ratio(Some(dep), payload, writers)
}

/// The ratio of the batches the writers send (`writers`: node and bytes/s), weighted by the
/// bytes each writes: what travels from the producers to the leader, whatever codec the topic
/// recompresses to. 1 without a deployment.
pub fn writers_ratio(deployment: Option<&Deployment>, payload: Payload, writers: &[(&Node, f64)]) -> f64 {
    let Some(dep) = deployment else {
        return 1.0;
    };
    let of = |n: &Node| {
        ratio(
            dep,
            payload,
            &effective_str(n, "compression.type").unwrap_or_default(),
        )
    };
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
        let json = Payload::Json;
        let r = topic_ratio(Some(&dep), json, &topic, &[(&a, 3.0), (&b, 1.0)]);
        assert!((r - (0.75 * 0.45 + 0.25)).abs() < 1e-12, "{r}");
        assert_eq!(topic_ratio(None, json, &topic, &[(&a, 1.0)]), 1.0);
        let mut zstd = topic.clone();
        zstd.config.insert("compression.type".into(), json!("zstd"));
        assert_eq!(topic_ratio(Some(&dep), json, &zstd, &[(&a, 1.0)]), 0.28);
        let mut over = dep.clone();
        over.compression_ratios.insert("lz4".into(), 0.6);
        assert_eq!(topic_ratio(Some(&over), json, &topic, &[(&a, 1.0)]), 0.6);
        // A producer without compression.type sends uncompressed batches.
        let plain = Node::new("p", NodeKind::Producer, "p");
        assert_eq!(topic_ratio(Some(&dep), json, &topic, &[(&plain, 1.0)]), 1.0);
    }

    #[test]
    fn binary_payloads_have_their_own_defaults_and_overrides() {
        let mut dep = Deployment::default();
        assert_eq!(ratio(&dep, Payload::Binary, "zstd"), 0.55);
        assert_eq!(ratio(&dep, Payload::Json, "zstd"), 0.28);
        // A bare codec overrides both kinds; a prefixed one only its kind, and wins.
        dep.compression_ratios.insert("zstd".into(), 0.4);
        dep.compression_ratios.insert("binary.zstd".into(), 0.7);
        assert_eq!(ratio(&dep, Payload::Json, "zstd"), 0.4);
        assert_eq!(ratio(&dep, Payload::Binary, "zstd"), 0.7);
        assert_eq!(ratio(&dep, Payload::Binary, "uncompressed"), 1.0);
        assert_eq!(ratio(&dep, Payload::Binary, "brotli"), 1.0);
        for (payload, table) in DEFAULT_RATIOS {
            for (codec, r) in *table {
                assert!(*r > 0.0 && *r <= 1.0, "{payload:?} {codec}");
                assert!(design::deployment::ratio_key_ok(&format!(
                    "{}.{codec}",
                    payload.key()
                )));
            }
        }
    }

    #[test]
    fn a_topic_is_binary_when_its_value_subject_is_avro_or_protobuf() {
        let mut d = design::Design::new("d");
        d.nodes.push(Node::new("t", NodeKind::Topic, "t"));
        d.nodes.push(Node::new("u", NodeKind::Topic, "u"));
        let mut avro = Node::new("s", NodeKind::SchemaSubject, "t-value");
        avro.schema_type = Some(SchemaType::Avro);
        let mut key = Node::new("k", NodeKind::SchemaSubject, "u-key");
        key.schema_type = Some(SchemaType::Protobuf);
        key.key_schema = Some(true);
        let mut js = Node::new("j", NodeKind::SchemaSubject, "u-value");
        js.schema_type = Some(SchemaType::Json);
        d.nodes.extend([avro, key, js]);
        for (from, to) in [("s", "t"), ("u", "k"), ("j", "u")] {
            d.edges.push(design::Edge::new(from, to));
        }
        let g = Graph::new(&d);
        assert_eq!(Payload::of_topic(&g, "t"), Payload::Binary);
        assert_eq!(Payload::of_topic(&g, "u"), Payload::Json);
    }
}
