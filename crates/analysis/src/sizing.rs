//! Cluster sizing: throughput, storage and the broker count, with the binding constraint named
//! and every term shown with its formula and inputs.
//!
//! With a deployment (`cluster.deployment`), bytes are the compressed batches the brokers move
//! and store ([`crate::compression`]) and the broker count is rounded up to a multiple of the
//! zones (said in [`Sizing::zone_rounding`]; the binding constraint stays the term that set
//! the count). Tiered topics (KIP-405) keep their local retention on the brokers and the whole
//! retention, once, in object storage; their leaders' uploads count as egress. Prices are not
//! here: [`crate::cost`].

use std::collections::HashMap;

use design::{Cluster, Design};
use serde::Serialize;
use units::{bytes, bytes_rate};

use crate::flow::{topic_flows, Flows, TopicFlow};
use crate::graph::Graph;
use crate::keys::WriterKeys;
use crate::profiles::{resolve, BrokerProfile, PROFILES};

/// The most brokers a sizing recommends: the validator's own limit for `cluster.brokers`. A
/// design that needs more says so in [`Sizing::brokers_capped`] (and the analysis in a finding).
pub const MAX_BROKERS: u32 = design::rules::MAX_BROKERS;

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

fn is_one(x: &f64) -> bool {
    *x == 1.0
}

/// What limits the broker count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Constraint {
    /// Kafka's minimum for a fault-tolerant cluster.
    Minimum,
    /// Every replica of a partition on a different broker.
    ReplicationFactor,
    Storage,
    NetworkIngress,
    NetworkEgress,
    PartitionReplicas,
    /// The design fixes `cluster.brokers`.
    Fixed,
}

impl Constraint {
    /// The term in words, as a reason reads it (`storage needs 5`).
    pub fn label(self) -> &'static str {
        match self {
            Constraint::Minimum => "the minimum for fault tolerance",
            Constraint::ReplicationFactor => "the replication factor",
            Constraint::Storage => "storage",
            Constraint::NetworkIngress => "network ingress",
            Constraint::NetworkEgress => "network egress",
            Constraint::PartitionReplicas => "partition replicas",
            Constraint::Fixed => "cluster.brokers",
        }
    }
}

/// One candidate of the broker count's `max(…)`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Term {
    pub constraint: Constraint,
    pub brokers: u32,
    /// The term with its inputs, e.g. `ceil(117.9 TB / (30 TB × 0.80)) = ceil(4.91) = 5`.
    pub formula: String,
}

/// The sizing of the whole cluster.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sizing {
    /// Bytes the topics hold per second, as their batches are stored (their codec's ratio).
    pub write_bytes_per_sec: f64,
    /// Bytes producers send per second, in their own codecs (a topic's `compression.type`
    /// recompresses after the leader receives them): what a usage-priced service meters in.
    pub produced_bytes_per_sec: f64,
    pub read_bytes_per_sec: f64,
    pub replication_bytes_per_sec: f64,
    pub ingress_bytes_per_sec: f64,
    pub egress_bytes_per_sec: f64,
    /// Bytes written per day before replication.
    pub daily_write_bytes: f64,
    /// Retained bytes on the brokers' disks, all replicas, before overhead (tiered topics:
    /// their local retention).
    pub storage_bytes: f64,
    pub storage_bytes_with_overhead: f64,
    /// Bytes tiered topics keep in object storage: one copy of their whole retention.
    #[serde(skip_serializing_if = "is_zero")]
    pub remote_storage_bytes: f64,
    /// Bytes on the wire / bytes produced, over all topics (1 without a deployment).
    #[serde(skip_serializing_if = "is_one")]
    pub compression_ratio: f64,
    /// How the broker count was rounded to the deployment's zones (none without one, or with
    /// a fixed `cluster.brokers`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_rounding: Option<String>,
    pub partition_replicas: u64,
    /// The broker count: the largest term, at most [`MAX_BROKERS`].
    pub brokers: u32,
    /// Whether the largest term asked for more than [`MAX_BROKERS`].
    pub brokers_capped: bool,
    pub binding_constraint: Constraint,
    /// Every term of the max, the binding one first among equals.
    pub terms: Vec<Term>,
    pub storage_per_broker_bytes: f64,
    pub ingress_per_broker_bytes_per_sec: f64,
    pub egress_per_broker_bytes_per_sec: f64,
    pub partition_replicas_per_broker: f64,
    pub profile: BrokerProfile,
    /// When the profile name is not in the catalogue, the one used instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_fallback_from: Option<String>,
    pub topics: Vec<TopicFlow>,
    /// Processors in a cycle: their loop contributes no traffic.
    pub cyclic_nodes: Vec<String>,
    /// Writers whose output rate was held at [`crate::flow::MAX_RATE`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub saturated_writers: Vec<String>,
}

/// Storage a topic keeps on the brokers' disks, all replicas, before overhead, in the bytes the
/// brokers store (after the topic's [`TopicFlow::compression_ratio`]).
///
/// Delete policy: `W_t × retention_s × RF`. Compacted: distinct keys × average size × RF
/// (retention does not bound them); without a key distribution, a day of writes is assumed.
/// Tiered (KIP-405): the local retention instead, `W_t × local_retention_s × RF`, and no more
/// than `local.retention.bytes × partitions × RF` when that is set and the partitions are
/// declared (undeclared: by time alone); the rest is in object storage
/// ([`topic_remote_storage_bytes`]).
pub fn topic_storage_bytes(t: &TopicFlow, distinct_keys: Option<f64>) -> f64 {
    let rf = f64::from(t.replication_factor);
    let w = t.write_bytes_per_sec * t.compression_ratio;
    if t.compacted {
        let avg = if t.messages_per_sec > 0.0 {
            w / t.messages_per_sec
        } else {
            0.0
        };
        match distinct_keys {
            Some(keys) => keys * avg * rf,
            None => w * 86_400.0 * rf,
        }
    } else if let (true, Some(local_ms)) = (t.tiered, t.local_retention_ms) {
        // Local retention never outlasts the topic's; -1 locally means "as long as the topic".
        let local_ms = match (local_ms, t.retention_ms) {
            (l, r) if l < 0 => r,
            (l, r) if r >= 0 => l.min(r),
            (l, _) => l,
        };
        let by_time = w * retention_seconds(local_ms) * rf;
        // The bytes cap is per partition: without a declared count (the advised one depends
        // on the broker count this sizing sets) the cap is not applied, and the local
        // retention is sized by time alone, the larger figure.
        match (t.local_retention_bytes, t.partitions) {
            (Some(b), Some(p)) => by_time.min(b as f64 * f64::from(p) * rf),
            _ => by_time,
        }
    } else {
        w * retention_seconds(t.retention_ms) * rf
    }
}

/// Storage a tiered topic keeps in object storage: one copy (the object store keeps its own
/// redundancy, not × RF) of the whole retention, `W_t × retention_s`; 0 when not tiered.
pub fn topic_remote_storage_bytes(t: &TopicFlow) -> f64 {
    if t.tiered {
        t.write_bytes_per_sec * t.compression_ratio * retention_seconds(t.retention_ms)
    } else {
        0.0
    }
}

/// Seconds of a retention in ms; forever (-1) sizes a year, the usual planning horizon.
fn retention_seconds(ms: i64) -> f64 {
    if ms < 0 {
        365.0 * 86_400.0
    } else {
        ms as f64 / 1000.0
    }
}

/// Sizes the cluster for `design`.
pub fn size(design: &Design) -> Sizing {
    let graph = Graph::new(design);
    size_with(design, &graph, &WriterKeys::new(design))
}

/// [`size`] with the graph and the writers' keys already prepared.
pub fn size_with<'a>(design: &'a Design, graph: &Graph<'a>, writer_keys: &WriterKeys<'a>) -> Sizing {
    let flows = topic_flows(design, graph);
    let keys = writer_keys.distinct_by_topic(graph);
    size_flows(design, flows, &keys)
}

/// The sizing of `flows` (every topic's traffic) on the design's cluster: what [`size_with`]
/// does once the flows are known, and what the cost model's growth points repeat on scaled
/// flows.
pub(crate) fn size_flows(design: &Design, flows: Flows, keys: &HashMap<&str, f64>) -> Sizing {
    size_flows_on(&design.cluster, flows, keys)
}

/// [`size_flows`] on `c` rather than the design's own cluster (the cost model's growth points
/// size a fixed `cluster.brokers` on the terms).
pub(crate) fn size_flows_on(c: &Cluster, flows: Flows, keys: &HashMap<&str, f64>) -> Sizing {
    let (prof, fallback) = match resolve(&c.broker_profile) {
        Some(p) => (p, None),
        None => (PROFILES[2], Some(c.broker_profile.clone())),
    };
    let (topics, cyclic_nodes) = (flows.topics, flows.cyclic_nodes);

    // The bytes the brokers move: compressed batches (ratio 1 without a deployment).
    let wire = |t: &TopicFlow| t.write_bytes_per_sec * t.compression_ratio;
    let write: f64 = topics.iter().map(wire).sum();
    let uncompressed_write: f64 = topics.iter().map(|t| t.write_bytes_per_sec).sum();
    let read: f64 = topics.iter().map(|t| wire(t) * t.full_reads).sum();
    let replication: f64 = topics
        .iter()
        .map(|t| wire(t) * f64::from(t.replication_factor.saturating_sub(1)))
        .sum();
    // Leaders copy every closed segment of a tiered topic to object storage once.
    let tier_upload: f64 = topics.iter().filter(|t| t.tiered).map(wire).sum();
    // Producers send their own codec's batches (a topic's compression.type recompresses them
    // after the leader receives them).
    let produced: f64 = topics
        .iter()
        .map(|t| t.write_bytes_per_sec * t.produce_ratio)
        .sum();
    let ingress = produced + replication;
    let egress = read + replication + tier_upload;
    let storage: f64 = topics
        .iter()
        .map(|t| topic_storage_bytes(t, keys.get(t.id.as_str()).copied()))
        .sum();
    let remote_storage: f64 = topics.iter().map(topic_remote_storage_bytes).sum();
    let storage_oh = storage * (1.0 + c.storage_overhead);
    let partition_replicas: u64 = topics
        .iter()
        .map(|t| u64::from(t.partitions.unwrap_or(1)) * u64::from(t.replication_factor))
        .sum();
    let max_rf = topics.iter().map(|t| t.replication_factor).max().unwrap_or(1);

    let usable_disk = c.disk_per_broker_bytes * c.max_disk_fill;
    let usable_net = prof.network_bytes_per_sec() * c.target_network_utilisation;
    let per_net = |x: f64| {
        format!(
            "{} / ({} × {:.2})",
            bytes_rate(x),
            bytes_rate(prof.network_bytes_per_sec()),
            c.target_network_utilisation
        )
    };
    let mut terms = vec![
        Term {
            constraint: Constraint::Minimum,
            brokers: 3,
            formula: "at least 3 brokers for fault tolerance".into(),
        },
        Term {
            constraint: Constraint::ReplicationFactor,
            brokers: max_rf,
            formula: format!("largest replication.factor = {max_rf}"),
        },
        ceil_term(
            Constraint::Storage,
            storage_oh,
            usable_disk,
            format!(
                "{} / ({} × {:.2})",
                bytes(storage_oh),
                bytes(c.disk_per_broker_bytes),
                c.max_disk_fill
            ),
        ),
        ceil_term(Constraint::NetworkIngress, ingress, usable_net, per_net(ingress)),
        ceil_term(Constraint::NetworkEgress, egress, usable_net, per_net(egress)),
        ceil_term(
            Constraint::PartitionReplicas,
            partition_replicas as f64,
            f64::from(prof.recommended_partition_replicas),
            format!(
                "{partition_replicas} partition replicas / {} per broker",
                prof.recommended_partition_replicas
            ),
        ),
    ];
    // The binding term: the largest; on a tie, the first in the list above.
    let best = terms.iter().map(|t| t.brokers).max().unwrap_or(3);
    let mut binding = terms
        .iter()
        .find(|t| t.brokers == best)
        .map(|t| t.constraint)
        .unwrap_or(Constraint::Minimum);
    let brokers_capped = best > MAX_BROKERS;
    let mut brokers = best.min(MAX_BROKERS);
    // Over zones, brokers come in whole sets of one per zone (rack-aware placement keeps a
    // partition's replicas in different zones, and a zone's loss takes a third, not more).
    let mut zone_rounding = None;
    if let (Some(dep), None) = (&c.deployment, c.brokers) {
        let zones = dep.zones_or_default();
        let rounded = round_up_to(brokers, zones).min(MAX_BROKERS / zones * zones);
        if rounded > brokers {
            zone_rounding = Some(format!(
                "{brokers} brokers rounded up to a multiple of {zones} zones = {rounded}"
            ));
            brokers = rounded;
        } else if brokers % zones.max(1) == 0 {
            zone_rounding = Some(format!("{brokers} brokers: a multiple of {zones} zones already"));
        } else {
            zone_rounding = Some(format!(
                "{brokers} brokers, the most a sizing recommends: not rounded up to a multiple of {zones} zones"
            ));
        }
    }
    if let Some(fixed) = c.brokers {
        terms.push(Term {
            constraint: Constraint::Fixed,
            brokers: fixed,
            formula: format!("cluster.brokers = {fixed} (fixed by the design)"),
        });
        brokers = fixed;
        binding = Constraint::Fixed;
    }
    let b = f64::from(brokers.max(1));
    Sizing {
        write_bytes_per_sec: write,
        produced_bytes_per_sec: produced,
        read_bytes_per_sec: read,
        replication_bytes_per_sec: replication,
        ingress_bytes_per_sec: ingress,
        egress_bytes_per_sec: egress,
        daily_write_bytes: write * 86_400.0,
        storage_bytes: storage,
        storage_bytes_with_overhead: storage_oh,
        remote_storage_bytes: remote_storage,
        compression_ratio: if uncompressed_write > 0.0 {
            (write / uncompressed_write).min(1.0)
        } else {
            1.0
        },
        zone_rounding,
        partition_replicas,
        brokers,
        brokers_capped: brokers_capped && c.brokers.is_none(),
        binding_constraint: binding,
        terms,
        storage_per_broker_bytes: storage_oh / b,
        ingress_per_broker_bytes_per_sec: ingress / b,
        egress_per_broker_bytes_per_sec: egress / b,
        partition_replicas_per_broker: partition_replicas as f64 / b,
        profile: prof,
        profile_fallback_from: fallback,
        topics,
        cyclic_nodes,
        saturated_writers: flows.saturated,
    }
}

impl Sizing {
    /// The largest term of the max other than a fixed `cluster.brokers` (the first among
    /// equals): what the design's traffic, storage and partitions need, whatever is fixed.
    pub fn needed(&self) -> Option<&Term> {
        self.terms
            .iter()
            .filter(|t| t.constraint != Constraint::Fixed)
            .fold(None, |best: Option<&Term>, t| match best {
                Some(b) if b.brokers >= t.brokers => Some(b),
                _ => Some(t),
            })
    }
}

/// `n` rounded up to a multiple of `m` (`n` when `m` is 0).
fn round_up_to(n: u32, m: u32) -> u32 {
    if m == 0 {
        n
    } else {
        n.div_ceil(m).saturating_mul(m)
    }
}

fn ceil_term(constraint: Constraint, need: f64, per_broker: f64, inputs: String) -> Term {
    let ratio = if per_broker > 0.0 {
        need / per_broker
    } else {
        f64::INFINITY
    };
    let brokers = if ratio.is_finite() {
        ratio.ceil().clamp(0.0, f64::from(u32::MAX)) as u32
    } else {
        u32::MAX
    };
    Term {
        constraint,
        brokers,
        formula: format!("ceil({inputs}) = ceil({ratio:.2}) = {brokers}"),
    }
}
