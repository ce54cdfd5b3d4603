//! Kafka's settings as the studio knows them: default (Kafka 4.x), where each applies, and what
//! values are legal. A client shows the effective value of every setting a user left unset.

use serde_json::{json, Value};

use crate::model::{Node, NodeKind};

/// What values a setting takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Domain {
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// A whole number in `min..=max`.
    Int { min: i64, max: i64 },
    /// `true` or `false`.
    Bool,
}

/// One Kafka setting.
#[derive(Clone, Copy, Debug)]
pub struct Setting {
    /// Kafka's own name, e.g. `min.insync.replicas`.
    pub name: &'static str,
    /// The kinds it is set on.
    pub kinds: &'static [NodeKind],
    /// Kafka's default, or `None` when the broker decides (e.g. `replication.factor`).
    pub default: fn() -> Option<Value>,
    pub domain: Domain,
    /// One line for tooltips and reports.
    pub doc: &'static str,
}

impl Setting {
    pub fn applies_to(&self, kind: NodeKind) -> bool {
        self.kinds.contains(&kind)
    }

    /// Checks a value against the setting's domain; strings holding numbers or booleans are
    /// accepted as Kafka's property files accept them.
    pub fn check(&self, value: &Value) -> Result<(), String> {
        match self.domain {
            Domain::OneOf(options) => match value.as_str() {
                Some(s) if options.contains(&s) => Ok(()),
                _ => Err(format!("{value} is not one of {}", options.join(", "))),
            },
            Domain::Int { min, max } => match as_i64(value) {
                Some(x) if (min..=max).contains(&x) => Ok(()),
                Some(x) => Err(format!("{x} is outside {min}..={max}")),
                None => Err(format!("{value} is not a whole number")),
            },
            Domain::Bool => match as_bool(value) {
                Some(_) => Ok(()),
                None => Err(format!("{value} is not true or false")),
            },
        }
    }
}

/// A whole number from a JSON number or numeric string.
pub fn as_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean from a JSON boolean or `"true"`/`"false"`.
pub fn as_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

use NodeKind::{ConsumerGroup, Producer, SinkConnector, SourceConnector, StreamProcessor, Topic};
const WRITERS: &[NodeKind] = &[Producer, SourceConnector, StreamProcessor];
const READERS: &[NodeKind] = &[ConsumerGroup, SinkConnector, StreamProcessor];
const TOPICS: &[NodeKind] = &[Topic];
const DAY_MS: i64 = 86_400_000;

/// Every setting the studio models.
pub const SETTINGS: &[Setting] = &[
    // producer
    Setting {
        name: "acks",
        kinds: WRITERS,
        default: || Some(json!("all")),
        domain: Domain::OneOf(&["all", "-1", "0", "1"]),
        doc: "How many replicas must have a record before the write succeeds.",
    },
    Setting {
        name: "enable.idempotence",
        kinds: WRITERS,
        default: || Some(json!(true)),
        domain: Domain::Bool,
        doc: "Retries never duplicate or reorder records.",
    },
    Setting {
        name: "compression.type",
        kinds: &[Producer, SourceConnector, StreamProcessor, Topic],
        default: || Some(json!("none")),
        domain: Domain::OneOf(&[
            "none",
            "gzip",
            "snappy",
            "lz4",
            "zstd",
            "producer",
            "uncompressed",
        ]),
        doc: "Batch compression (on a topic, `producer` keeps what the producer used).",
    },
    Setting {
        name: "linger.ms",
        kinds: WRITERS,
        default: || Some(json!(5)),
        domain: Domain::Int { min: 0, max: DAY_MS },
        doc: "How long a batch waits for more records before it is sent.",
    },
    Setting {
        name: "batch.size",
        kinds: WRITERS,
        default: || Some(json!(16_384)),
        domain: Domain::Int { min: 0, max: 1 << 30 },
        doc: "Largest batch per partition, in bytes.",
    },
    Setting {
        name: "max.in.flight.requests.per.connection",
        kinds: WRITERS,
        default: || Some(json!(5)),
        domain: Domain::Int { min: 1, max: 1000 },
        doc: "Unacknowledged requests per broker connection (≤ 5 keeps idempotent ordering).",
    },
    Setting {
        name: "delivery.timeout.ms",
        kinds: WRITERS,
        default: || Some(json!(120_000)),
        domain: Domain::Int {
            min: 0,
            max: i32::MAX as i64,
        },
        doc: "Upper bound on the time to report success or failure of a send.",
    },
    // topic
    Setting {
        name: "replication.factor",
        kinds: TOPICS,
        default: || None,
        domain: Domain::Int { min: 1, max: 7 },
        doc: "Copies of every partition (the broker's default.replication.factor when unset).",
    },
    Setting {
        name: "min.insync.replicas",
        kinds: TOPICS,
        default: || Some(json!(1)),
        domain: Domain::Int { min: 1, max: 7 },
        doc: "Replicas that must have a record for an acks=all write to succeed.",
    },
    Setting {
        name: "retention.ms",
        kinds: TOPICS,
        default: || Some(json!(604_800_000)),
        domain: Domain::Int {
            min: -1,
            max: i64::MAX,
        },
        doc: "How long records are kept (-1: forever).",
    },
    Setting {
        name: "retention.bytes",
        kinds: TOPICS,
        default: || Some(json!(-1)),
        domain: Domain::Int {
            min: -1,
            max: i64::MAX,
        },
        doc: "Largest size of a partition before old segments go (-1: no limit).",
    },
    Setting {
        name: "remote.storage.enable",
        kinds: TOPICS,
        default: || Some(json!(false)),
        domain: Domain::Bool,
        doc: "Tiered storage (KIP-405): closed segments are copied to object storage; brokers keep only the local retention.",
    },
    Setting {
        name: "local.retention.ms",
        kinds: TOPICS,
        default: || Some(json!(-2)),
        domain: Domain::Int {
            min: -2,
            max: i64::MAX,
        },
        doc: "With tiered storage, how long records stay on the brokers' disks (-2: as retention.ms).",
    },
    Setting {
        name: "local.retention.bytes",
        kinds: TOPICS,
        default: || Some(json!(-2)),
        domain: Domain::Int {
            min: -2,
            max: i64::MAX,
        },
        doc: "With tiered storage, the largest local size of a partition (-2: as retention.bytes).",
    },
    Setting {
        name: "cleanup.policy",
        kinds: TOPICS,
        default: || Some(json!("delete")),
        domain: Domain::OneOf(&["delete", "compact", "compact,delete", "delete,compact"]),
        doc: "Delete old segments, keep the latest record per key, or both.",
    },
    Setting {
        name: "unclean.leader.election.enable",
        kinds: TOPICS,
        default: || Some(json!(false)),
        domain: Domain::Bool,
        doc: "Let an out-of-sync replica become leader (loses acknowledged records).",
    },
    Setting {
        name: "max.message.bytes",
        kinds: TOPICS,
        default: || Some(json!(1_048_588)),
        domain: Domain::Int {
            min: 0,
            max: i32::MAX as i64,
        },
        doc: "Largest record batch the topic accepts.",
    },
    Setting {
        name: "segment.bytes",
        kinds: TOPICS,
        default: || Some(json!(1_073_741_824)),
        domain: Domain::Int {
            min: 14,
            max: i32::MAX as i64,
        },
        doc: "Size of a log segment file.",
    },
    // consumer
    Setting {
        name: "fetch.min.bytes",
        kinds: READERS,
        default: || Some(json!(1)),
        domain: Domain::Int {
            min: 0,
            max: i32::MAX as i64,
        },
        doc: "Bytes a fetch waits for before the broker answers.",
    },
    Setting {
        name: "fetch.max.wait.ms",
        kinds: READERS,
        default: || Some(json!(500)),
        domain: Domain::Int {
            min: 0,
            max: i32::MAX as i64,
        },
        doc: "Longest the broker holds a fetch to reach fetch.min.bytes.",
    },
    Setting {
        name: "max.poll.records",
        kinds: READERS,
        default: || Some(json!(500)),
        domain: Domain::Int {
            min: 1,
            max: i32::MAX as i64,
        },
        doc: "Records returned by one poll.",
    },
    Setting {
        name: "auto.offset.reset",
        kinds: READERS,
        default: || Some(json!("latest")),
        domain: Domain::OneOf(&["latest", "earliest", "none", "by_duration"]),
        doc: "Where a group without committed offsets starts.",
    },
    Setting {
        name: "enable.auto.commit",
        kinds: READERS,
        default: || Some(json!(true)),
        domain: Domain::Bool,
        doc: "Commit offsets in the background.",
    },
    Setting {
        name: "isolation.level",
        kinds: READERS,
        default: || Some(json!("read_uncommitted")),
        domain: Domain::OneOf(&["read_uncommitted", "read_committed"]),
        doc: "Whether records of open or aborted transactions are read.",
    },
    Setting {
        name: "allow.auto.create.topics",
        kinds: READERS,
        default: || Some(json!(true)),
        domain: Domain::Bool,
        doc: "Let subscribing create a missing topic with broker defaults.",
    },
];

/// The setting called `name`, if the studio models it.
pub fn setting(name: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.name == name)
}

/// Where an effective value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The user set it on the node.
    Set,
    /// Kafka's default.
    Default,
}

/// The value of `name` on `node`: what the user set, or Kafka's default for that kind.
pub fn effective(node: &Node, name: &str) -> Option<(Value, Source)> {
    if let Some(v) = node.config.get(name) {
        return Some((v.clone(), Source::Set));
    }
    let spec = setting(name)?;
    if !spec.applies_to(node.kind) {
        return None;
    }
    (spec.default)().map(|v| (v, Source::Default))
}

/// The effective value of `name` on `node` as a whole number.
pub fn effective_i64(node: &Node, name: &str) -> Option<i64> {
    effective(node, name).and_then(|(v, _)| as_i64(&v))
}

/// The effective value of `name` on `node` as a boolean.
pub fn effective_bool(node: &Node, name: &str) -> Option<bool> {
    effective(node, name).and_then(|(v, _)| as_bool(&v))
}

/// The effective value of `name` on `node` as a string (`acks`, `cleanup.policy`, …).
pub fn effective_str(node: &Node, name: &str) -> Option<String> {
    effective(node, name).and_then(|(v, _)| match v {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    })
}

/// How a setting's value reads to a person: sizes and durations in units by the setting's
/// name (`retention.ms` `604800000` → `7 d`, `-1` → `forever`; `units::Quantity`), anything
/// else as Kafka writes it. The editor and the documents show values through this.
pub fn human(name: &str, v: &Value) -> String {
    match (units::Quantity::of(name), as_i64(v)) {
        // Tiered storage's local retention: -2 follows the topic's retention.
        (Some(_), Some(-2)) if name.starts_with("local.retention.") => {
            format!("as {}", name.trim_start_matches("local."))
        }
        (Some(q), Some(x)) => q.text(x as f64, x < 0),
        _ => match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        },
    }
}

/// [`effective_str`] as a person reads it ([`human`]).
pub fn effective_human(node: &Node, name: &str) -> Option<String> {
    effective(node, name).and_then(|(v, _)| match v {
        Value::String(_) | Value::Number(_) | Value::Bool(_) => Some(human(name, &v)),
        _ => None,
    })
}

/// The settings that apply to `kind`, in catalogue order.
pub fn settings_for(kind: NodeKind) -> impl Iterator<Item = &'static Setting> {
    SETTINGS.iter().filter(move |s| s.applies_to(kind))
}
