//! Cluster sizing: throughput, storage and the broker count, with the binding constraint named
//! and every term shown with its formula and inputs.

use design::Design;
use serde::Serialize;
use units::{bytes, bytes_rate};

use crate::flow::{topic_flows, TopicFlow};
use crate::graph::Graph;
use crate::keys::WriterKeys;
use crate::profiles::{profile, BrokerProfile, PROFILES};

/// The most brokers a sizing recommends: the validator's own limit for `cluster.brokers`. A
/// design that needs more says so in [`Sizing::brokers_capped`] (and the analysis in a finding).
pub const MAX_BROKERS: u32 = design::rules::MAX_BROKERS;

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
    pub write_bytes_per_sec: f64,
    pub read_bytes_per_sec: f64,
    pub replication_bytes_per_sec: f64,
    pub ingress_bytes_per_sec: f64,
    pub egress_bytes_per_sec: f64,
    /// Bytes written per day before replication.
    pub daily_write_bytes: f64,
    /// Retained bytes, all replicas, before overhead.
    pub storage_bytes: f64,
    pub storage_bytes_with_overhead: f64,
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

/// Storage a topic keeps, all replicas, before overhead.
///
/// Delete policy: `W_t × retention_s × RF`. Compacted: distinct keys × average size × RF
/// (retention does not bound them); without a key distribution, a day of writes is assumed.
pub fn topic_storage_bytes(t: &TopicFlow, distinct_keys: Option<f64>) -> f64 {
    let rf = f64::from(t.replication_factor);
    if t.compacted {
        let avg = if t.messages_per_sec > 0.0 {
            t.write_bytes_per_sec / t.messages_per_sec
        } else {
            0.0
        };
        match distinct_keys {
            Some(keys) => keys * avg * rf,
            None => t.write_bytes_per_sec * 86_400.0 * rf,
        }
    } else if t.retention_ms < 0 {
        // Kept forever: size a year, the usual planning horizon.
        t.write_bytes_per_sec * 365.0 * 86_400.0 * rf
    } else {
        t.write_bytes_per_sec * (t.retention_ms as f64 / 1000.0) * rf
    }
}

/// Sizes the cluster for `design`.
pub fn size(design: &Design) -> Sizing {
    let graph = Graph::new(design);
    size_with(design, &graph, &WriterKeys::new(design))
}

/// [`size`] with the graph and the writers' keys already prepared.
pub fn size_with<'a>(design: &'a Design, graph: &Graph<'a>, writer_keys: &WriterKeys<'a>) -> Sizing {
    let c = &design.cluster;
    let (prof, fallback) = match profile(&c.broker_profile) {
        Some(p) => (*p, None),
        None => (PROFILES[2], Some(c.broker_profile.clone())),
    };
    let flows = topic_flows(design, graph);
    let (topics, cyclic_nodes) = (flows.topics, flows.cyclic_nodes);
    let keys = writer_keys.distinct_by_topic(graph);

    let write: f64 = topics.iter().map(|t| t.write_bytes_per_sec).sum();
    let read: f64 = topics.iter().map(|t| t.write_bytes_per_sec * t.full_reads).sum();
    let replication: f64 = topics
        .iter()
        .map(|t| t.write_bytes_per_sec * f64::from(t.replication_factor.saturating_sub(1)))
        .sum();
    let ingress = write + replication;
    let egress = read + replication;
    let storage: f64 = topics
        .iter()
        .map(|t| topic_storage_bytes(t, keys.get(t.id.as_str()).copied()))
        .sum();
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
        read_bytes_per_sec: read,
        replication_bytes_per_sec: replication,
        ingress_bytes_per_sec: ingress,
        egress_bytes_per_sec: egress,
        daily_write_bytes: write * 86_400.0,
        storage_bytes: storage,
        storage_bytes_with_overhead: storage_oh,
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
