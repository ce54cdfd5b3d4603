//! The whole analysis of a design in one result, as the API and the editor show it.
//!
//! Built section by section, one function each: the sizing ([`crate::sizing`]), the topics,
//! their consumer groups, the latency paths ([`crate::latency`]), the peak windows
//! ([`crate::peak`]), the cost of each deployment target ([`crate::cost`]), then the findings
//! of every rule of [`crate::rules`] on all of them. Nothing here decides what is a finding.

use design::{Design, NodeKind};
use serde::Serialize;

use crate::cost::{self, CostReport};
use crate::flow::topic_flows;
use crate::flow::TopicFlow;
use crate::graph::Graph;
use crate::hotspot::{salts_needed, KeyLoad, KeyMass, SpreadCache};
use crate::keys::WriterKeys;
use crate::lag::{group_load, GroupInput, GroupLoad};
use crate::latency::{paths_in, PathLatency};
use crate::partitions::{advise, PartitionAdvice, MAX_PARTITIONS, PARTITION_THROUGHPUT_BYTES_PER_SEC};
use crate::peak::{self, PeakReport, PeakWindowSummary};
use crate::rules::{self, Analysed, Document, Finding};
use crate::sizing::{size_flows, Sizing};

/// The most per-partition shares one analysis lists over all its topics (`partition_load`).
/// A design over it still gets every figure; the topics past it list no per-partition shares.
pub const MAX_LISTED_PARTITIONS: usize = 200_000;

/// Everything the engine says about a design.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Analysis {
    pub sizing: Sizing,
    pub topics: Vec<TopicReport>,
    pub consumer_groups: Vec<GroupReport>,
    pub paths: Vec<PathLatency>,
    /// Whether more paths exist than the analysis lists (see [`crate::latency::MAX_PATHS`]).
    pub paths_truncated: bool,
    /// Errors first, then warnings, then information.
    pub findings: Vec<Finding>,
    /// Lag over each peak window of the load profile, per reader, with its pre-scale advice
    /// (empty when the design has no profile); see [`crate::peak`].
    pub peaks: Vec<PeakReport>,
    /// One per peak window (the first [`design::profile::MAX_PEAK_WINDOWS`] names): its step,
    /// its readers simulated and left out of `peaks`, or why it was skipped.
    pub peak_windows: Vec<PeakWindowSummary>,
    /// What the design costs a month on each deployment target, the cheapest that fits and
    /// the cost at growth × 1 to × 5 (see [`crate::cost`]); only for a design with a
    /// `cluster.deployment`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<CostReport>,
}

/// One topic: traffic, partition advice and how its load spreads.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TopicReport {
    pub id: String,
    pub name: String,
    pub messages_per_sec: f64,
    pub write_bytes_per_sec: f64,
    pub partitions: u32,
    pub recommended_partitions: u32,
    pub partition_advice: PartitionAdvice,
    /// Whether any producer into it sends keys.
    pub keyed: bool,
    /// Share of records per partition (sums to 1); empty past [`MAX_LISTED_PARTITIONS`].
    pub partition_load: Vec<f64>,
    /// Whether light keys were spread evenly rather than placed one by one (the analysis
    /// reached its [`crate::hotspot::PLACEMENT_BUDGET`]).
    pub load_approximate: bool,
    pub max_over_mean: f64,
    pub deviation_pct: f64,
    pub hot_partitions: Vec<u32>,
    pub top_keys: Vec<KeyLoad>,
    /// Share of the single heaviest key.
    pub heaviest_key_share: f64,
    /// Leader load per broker (partition p led by broker p mod brokers), shares summing to 1.
    pub leader_load_per_broker: Vec<f64>,
    /// Salt values that would spread the heaviest key within one partition's 10 MB/s.
    pub salts_for_heaviest_key: u32,
}

/// One reader of one topic.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupReport {
    pub id: String,
    pub name: String,
    pub kind: NodeKind,
    pub topic: String,
    pub instances: u32,
    pub partitions: u32,
    #[serde(flatten)]
    pub load: GroupLoad,
    /// The lag observed on a running cluster (records, summed over partitions), when the
    /// design carries one (imported from `kafka-consumer-groups.sh --describe`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed_lag: Option<u64>,
    /// Seconds until that lag is gone at the group's spare capacity (`null` while it grows or
    /// holds, or when none was observed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lag_clears_in_seconds: Option<f64>,
}

/// Analyses `design`. Pure and deterministic; call [`crate::check`] first; an invalid
/// design gives an analysis of what can be read of it. The work is bounded: linear in the
/// design's nodes and edges, with the key placements, paths and listed shares capped (see
/// the crate's documentation).
///
/// One section after the other: the sizing, the topics (on the sizing's broker count), their
/// readers, the latency paths, then the findings of every rule on all of them.
pub fn analyze(design: &Design) -> Analysis {
    let graph = Graph::new(design);
    let writer_keys = WriterKeys::new(design);
    let keys = writer_keys.distinct_by_topic(&graph);
    let sizing = size_flows(design, topic_flows(design, &graph), &keys);
    let brokers = sizing.brokers.max(1);
    let topics = topics(&graph, &writer_keys, &sizing, brokers);
    let groups = consumer_groups(design, &graph, &sizing, &topics);
    let paths = paths_in(design, &graph);
    let topic_partitions: Vec<u32> = topics.reports.iter().map(|t| t.partitions).collect();
    let cost = design.cluster.deployment.as_ref().and_then(|deployment| {
        cost::report(&cost::Inputs {
            design,
            deployment,
            sizing: &sizing,
            keys: &keys,
            topic_partitions: &topic_partitions,
            paths: &paths.paths,
        })
    });
    let peaks = peak::peaks(&peak::Inputs {
        design,
        graph: &graph,
        writer_keys: &writer_keys,
        sizing: &sizing,
        topics: &topics.reports,
        hottest_shares: &topics.hottest_shares,
        groups: &groups,
    });
    let findings = rules::findings(&Analysed {
        document: Document {
            design,
            graph: &graph,
            brokers,
        },
        sizing: &sizing,
        topics: &topics.reports,
        unlisted_topics: topics.unlisted,
        groups: &groups,
        paths: &paths,
        peaks: &peaks.reports,
    });
    Analysis {
        sizing,
        topics: topics.reports,
        consumer_groups: groups.into_iter().map(|(_, g)| g).collect(),
        paths: paths.paths,
        paths_truncated: paths.truncated,
        findings,
        peaks: peaks.reports,
        peak_windows: peaks.windows,
        cost,
    }
}

/// The topics section: one report per topic of the sizing, in its order.
struct Topics {
    reports: Vec<TopicReport>,
    /// Per report, the share of its hottest partition (listed or not).
    hottest_shares: Vec<f64>,
    /// How many reports list no per-partition shares ([`MAX_LISTED_PARTITIONS`]).
    unlisted: usize,
}

fn topics(graph: &Graph, writer_keys: &WriterKeys, sizing: &Sizing, brokers: u32) -> Topics {
    let mut spread_cache = SpreadCache::default();
    let mut out = Topics {
        reports: Vec::with_capacity(sizing.topics.len()),
        hottest_shares: Vec::with_capacity(sizing.topics.len()),
        unlisted: 0,
    };
    let mut listed_partitions = 0usize;
    for flow in &sizing.topics {
        let (mut report, hottest) = topic(graph, writer_keys, &mut spread_cache, flow, brokers);
        let shares = report.partition_load.len();
        if listed_partitions + shares <= MAX_LISTED_PARTITIONS {
            listed_partitions += shares;
        } else {
            out.unlisted += 1;
            report.partition_load = Vec::new();
        }
        out.reports.push(report);
        out.hottest_shares.push(hottest);
    }
    out
}

/// One topic's report, with the share of its hottest partition.
fn topic(
    graph: &Graph,
    writer_keys: &WriterKeys,
    spread_cache: &mut SpreadCache,
    flow: &TopicFlow,
    brokers: u32,
) -> (TopicReport, f64) {
    let advice = advise(graph, flow, brokers);
    let partitions = flow
        .partitions
        .unwrap_or(advice.recommended)
        .clamp(1, MAX_PARTITIONS);
    let (mass, keyed) = topic_mass(graph, writer_keys, &flow.id);
    let load = mass.spread_with(spread_cache, partitions);
    let mut leaders = vec![0.0; brokers as usize];
    for (p, share) in load.shares.iter().enumerate() {
        leaders[p % brokers as usize] += share;
    }
    let heaviest_bytes = load.heaviest_key_share * flow.write_bytes_per_sec;
    let salts = salts_needed(heaviest_bytes, PARTITION_THROUGHPUT_BYTES_PER_SEC);
    let hottest_share = load.shares.iter().copied().fold(0.0, f64::max);
    let report = TopicReport {
        id: flow.id.clone(),
        name: flow.name.clone(),
        messages_per_sec: flow.messages_per_sec,
        write_bytes_per_sec: flow.write_bytes_per_sec,
        partitions,
        recommended_partitions: advice.recommended,
        partition_advice: advice,
        keyed,
        partition_load: load.shares,
        load_approximate: load.approximate,
        max_over_mean: load.max_over_mean,
        deviation_pct: load.deviation_pct,
        hot_partitions: load.hot_partitions,
        top_keys: load.top_keys,
        heaviest_key_share: load.heaviest_key_share,
        leader_load_per_broker: leaders,
        salts_for_heaviest_key: salts,
    };
    (report, hottest_share)
}

/// The keys into a topic: each writer's distribution weighted by its rate, and whether any
/// writer sends keys.
pub(crate) fn topic_mass(graph: &Graph, writer_keys: &WriterKeys, topic_id: &str) -> (KeyMass, bool) {
    let writers: Vec<(&design::Node, f64)> = graph
        .inputs_of(topic_id)
        .iter()
        .filter(|n| n.kind.writes_topics())
        .map(|n| (*n, n.messages_per_sec.unwrap_or(1.0).max(0.0)))
        .collect();
    let keyed = writers.iter().any(|(n, _)| {
        n.key
            .as_ref()
            .is_some_and(|k| !matches!(k.distribution, design::KeyDistribution::None))
    });
    let mass = KeyMass::mix(writers.iter().map(|(n, w)| {
        let m = writer_keys
            .mass(&n.id)
            .cloned()
            .unwrap_or_else(|| KeyMass::of(&design::KeyDistribution::None, "key"));
        (m, *w)
    }));
    (mass, keyed)
}

/// The consumer-groups section: every reader of every topic, each with the index of its topic
/// in `topics.reports`.
fn consumer_groups(
    design: &Design,
    graph: &Graph,
    sizing: &Sizing,
    topics: &Topics,
) -> Vec<(usize, GroupReport)> {
    let lags: std::collections::HashMap<(&str, &str), u64> = design
        .edges
        .iter()
        .filter_map(|e| Some(((e.from.as_str(), e.to.as_str()), e.lag?)))
        .collect();
    let mut out = Vec::new();
    for (i, (topic, flow)) in topics.reports.iter().zip(&sizing.topics).enumerate() {
        let hottest = topics.hottest_shares[i];
        for reader_id in &flow.readers {
            let Some(&reader) = graph.by_id.get(reader_id.as_str()) else {
                continue;
            };
            let load = group_load(GroupInput {
                input_messages_per_sec: topic.messages_per_sec,
                instances: reader.instances.unwrap_or(1),
                threads_per_instance: reader.threads_per_instance.unwrap_or(1),
                processing_ms_per_record: reader.processing_ms_per_record.unwrap_or(0.0),
                partitions: topic.partitions,
                hottest_partition_share: hottest,
                heaviest_key_share: if topic.keyed {
                    topic.heaviest_key_share
                } else {
                    0.0
                },
            });
            let observed_lag = lags.get(&(topic.id.as_str(), reader.id.as_str())).copied();
            let lag_clears_in_seconds = observed_lag.and_then(|lag| load.drain_seconds(lag as f64));
            out.push((
                i,
                GroupReport {
                    id: reader.id.clone(),
                    name: reader.name.clone(),
                    kind: reader.kind,
                    topic: topic.id.clone(),
                    instances: reader.instances.unwrap_or(1),
                    partitions: topic.partitions,
                    load,
                    observed_lag,
                    lag_clears_in_seconds,
                },
            ));
        }
    }
    out
}
