//! The whole analysis of a design in one result, as the API and the editor show it.

use design::{Design, NodeKind};
use serde::Serialize;

use crate::graph::Graph;
use crate::hotspot::{salts_needed, KeyLoad, KeyMass, SpreadCache, HOT_DEVIATION};
use crate::keys::WriterKeys;
use crate::lag::{group_load, GroupInput, GroupLoad};
use crate::latency::{paths_in, PathLatency, BUDGET_MS, MAX_PATHS, MAX_PATH_NODES};
use crate::lint::{config_findings, Finding, Severity};
use crate::partitions::{advise, PartitionAdvice, MAX_PARTITIONS, PARTITION_THROUGHPUT_BYTES_PER_SEC};
use crate::sizing::{size_with, Sizing, MAX_BROKERS};

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
}

/// Analyses `design`. Pure and deterministic; call [`crate::check`] first; an invalid
/// design gives an analysis of what can be read of it. The work is bounded: linear in the
/// design's nodes and edges, with the key placements, paths and listed shares capped (see
/// the crate's documentation).
pub fn analyze(design: &Design) -> Analysis {
    let graph = Graph::new(design);
    let writer_keys = WriterKeys::new(design);
    let sizing = size_with(design, &graph, &writer_keys);
    let brokers = sizing.brokers.max(1);

    let mut findings = config_findings(design, &graph, brokers);
    let mut spread_cache = SpreadCache::default();
    let mut topics = Vec::new();
    let mut listed_partitions = 0usize;
    let mut unlisted = 0usize;
    let mut approximate = Vec::new();
    for flow in &sizing.topics {
        let advice = advise(&graph, flow, brokers);
        let partitions = flow
            .partitions
            .unwrap_or(advice.recommended)
            .clamp(1, MAX_PARTITIONS);
        // The keys into this topic: each keyed writer's distribution, weighted by its rate.
        let writers: Vec<(&design::Node, f64)> = graph
            .inputs_of(&flow.id)
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
        let load = mass.spread_with(&mut spread_cache, partitions);
        if load.approximate {
            approximate.push(flow.id.as_str());
        }
        let mut leaders = vec![0.0; brokers as usize];
        for (p, share) in load.shares.iter().enumerate() {
            leaders[p % brokers as usize] += share;
        }
        let heaviest_bytes = load.heaviest_key_share * flow.write_bytes_per_sec;
        let salts = salts_needed(heaviest_bytes, PARTITION_THROUGHPUT_BYTES_PER_SEC);
        if keyed && load.deviation_pct > HOT_DEVIATION * 100.0 {
            let hottest = load.hot_partitions.first().copied().unwrap_or(0);
            findings.push(Finding::new(
                "partition-skew",
                Severity::Warn,
                Some(&flow.id),
                format!(
                    "partition {hottest} carries {:.1}× the mean load ({:+.0} %): the hottest keys are {}",
                    load.max_over_mean,
                    load.deviation_pct,
                    load.top_keys.iter().take(3).map(|k| format!("`{}` → {}", k.key, k.partition)).collect::<Vec<_>>().join(", ")
                ),
                if salts > 1 {
                    format!("one key alone exceeds a partition's 10 MB/s: salt it into {salts} sub-keys (key + \"-\" + n, n < {salts}) and re-aggregate downstream")
                } else {
                    "choose a key with more even values, or a compound key".to_string()
                },
            ));
        }
        if advice.capped {
            findings.push(Finding::new(
                "partitions-beyond-limit",
                Severity::Error,
                Some(&flow.id),
                format!(
                    "the topic's traffic asks for more partitions than one topic should have: {}",
                    advice.formula
                ),
                format!(
                    "split the traffic over several topics (at most {MAX_PARTITIONS} partitions each), or check the producers' rates and message sizes"
                ),
            ));
        }
        if let Some(current) = flow.partitions {
            if current < advice.recommended {
                findings.push(Finding::new(
                    "partitions-too-few",
                    Severity::Warn,
                    Some(&flow.id),
                    format!("{current} partitions; the advice is {}: {}", advice.recommended, advice.formula),
                    format!(
                        "create the topic with {} partitions (adding partitions later remaps keys: per-key order and compacted state move)",
                        advice.recommended
                    ),
                ));
            }
        }
        let hottest_share = load.shares.iter().copied().fold(0.0, f64::max);
        let listed = listed_partitions + load.shares.len() <= MAX_LISTED_PARTITIONS;
        if listed {
            listed_partitions += load.shares.len();
        } else {
            unlisted += 1;
        }
        topics.push((
            TopicReport {
                id: flow.id.clone(),
                name: flow.name.clone(),
                messages_per_sec: flow.messages_per_sec,
                write_bytes_per_sec: flow.write_bytes_per_sec,
                partitions,
                recommended_partitions: advice.recommended,
                partition_advice: advice,
                keyed,
                partition_load: if listed { load.shares } else { Vec::new() },
                load_approximate: load.approximate,
                max_over_mean: load.max_over_mean,
                deviation_pct: load.deviation_pct,
                hot_partitions: load.hot_partitions,
                top_keys: load.top_keys,
                heaviest_key_share: load.heaviest_key_share,
                leader_load_per_broker: leaders,
                salts_for_heaviest_key: salts,
            },
            hottest_share,
        ));
    }
    if sizing.brokers_capped {
        let binding = sizing
            .terms
            .iter()
            .find(|t| t.constraint == sizing.binding_constraint);
        findings.push(Finding::new(
            "brokers-beyond-limit",
            Severity::Error,
            None,
            format!(
                "the design needs more than {MAX_BROKERS} brokers{}; the figures per broker assume {MAX_BROKERS}",
                binding.map(|t| format!(": {}", t.formula)).unwrap_or_default()
            ),
            "split the workload over several clusters, or check the rates, message sizes, retention and cluster settings",
        ));
    }
    if !sizing.saturated_writers.is_empty() {
        findings.push(Finding::new(
            "rate-beyond-limit",
            Severity::Error,
            sizing.saturated_writers.first().map(String::as_str),
            format!(
                "the rate out of {} passes {:e} per second and is held there: a chain of output_ratio values multiplies it",
                sizing.saturated_writers.join(", "),
                crate::flow::MAX_RATE
            ),
            "check the output_ratio of the stream processors on the path",
        ));
    }
    if !approximate.is_empty() {
        findings.push(Finding::new(
            "hotspot-approximate",
            Severity::Info,
            approximate.first().copied(),
            format!(
                "{} topic(s) ({}) have keys that were not all placed one by one: the design asks for more than {} key placements; the heaviest keys are placed, the rest spread evenly",
                approximate.len(),
                approximate.iter().take(5).copied().collect::<Vec<_>>().join(", "),
                crate::hotspot::PLACEMENT_BUDGET
            ),
            "analyse the hottest topics on their own, or paste fewer keys",
        ));
    }
    if unlisted > 0 {
        findings.push(Finding::new(
            "partition-load-unlisted",
            Severity::Info,
            None,
            format!("{unlisted} topic(s) list no per-partition shares: the design has more than {MAX_LISTED_PARTITIONS} partitions in all"),
            "every other figure is computed; analyse the topics of interest in a smaller design",
        ));
    }

    let mut consumer_groups = Vec::new();
    for ((topic, hottest), flow) in topics.iter().zip(&sizing.topics) {
        for reader_id in &flow.readers {
            let Some(&reader) = graph.by_id.get(reader_id.as_str()) else {
                continue;
            };
            let hottest = *hottest;
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
            if load.lag_growth_messages_per_sec > 0.0 {
                let fix = if load.needs_key_salting {
                    format!(
                        "one key outruns a consumer thread: salt the key, then run {} instances on {} partitions",
                        load.recommended_instances, load.recommended_partitions
                    )
                } else {
                    format!(
                        "run {} instances on {} partitions (capacity ≥ input × 1.3)",
                        load.recommended_instances, load.recommended_partitions
                    )
                };
                findings.push(Finding::new(
                    "consumer-lag",
                    Severity::Error,
                    Some(&reader.id),
                    format!(
                        "lag grows by {:.0} records/s on `{}`: {}",
                        load.lag_growth_messages_per_sec, topic.name, load.formula
                    ),
                    fix,
                ));
            }
            if load.idle_instances > 0 {
                findings.push(Finding::new(
                    "idle-consumers",
                    Severity::Info,
                    Some(&reader.id),
                    format!(
                        "{} of {} instances have no partition of `{}` to read",
                        load.idle_instances,
                        reader.instances.unwrap_or(1),
                        topic.name
                    ),
                    format!("run at most {} instances, or add partitions", topic.partitions),
                ));
            }
            consumer_groups.push(GroupReport {
                id: reader.id.clone(),
                name: reader.name.clone(),
                kind: reader.kind,
                topic: topic.id.clone(),
                instances: reader.instances.unwrap_or(1),
                partitions: topic.partitions,
                load,
            });
        }
    }

    let topics: Vec<TopicReport> = topics.into_iter().map(|(t, _)| t).collect();
    let found = paths_in(design, &graph);
    let paths = found.paths;
    if found.truncated {
        findings.push(Finding::new(
            "paths-truncated",
            Severity::Info,
            None,
            format!("the design has more source → sink paths than the {} (with {} nodes in all) the latency analysis lists", MAX_PATHS, MAX_PATH_NODES),
            "the listed paths are the first found from each source in document order",
        ));
    }
    for p in paths.iter().filter(|p| p.over_budget) {
        let worst = p.hops.iter().max_by(|a, b| a.ms.total_cmp(&b.ms));
        findings.push(Finding::new(
            "latency-budget",
            Severity::Warn,
            p.nodes.first().map(String::as_str),
            format!(
                "{} takes {:.0} ms end to end, over the {BUDGET_MS:.0} ms budget{}",
                p.nodes.join(" → "),
                p.latency_ms,
                worst
                    .map(|h| format!("; most of it is {} on `{}` ({:.0} ms)", h.component, h.node, h.ms))
                    .unwrap_or_default()
            ),
            "lower linger.ms and fetch.max.wait.ms on the path, or speed up its processing",
        ));
    }
    if !sizing.cyclic_nodes.is_empty() {
        findings.push(Finding::new(
            "cycle",
            Severity::Warn,
            sizing.cyclic_nodes.first().map(String::as_str),
            format!(
                "records loop through {}: the loop's traffic is not sized",
                sizing.cyclic_nodes.join(", ")
            ),
            "break the loop, or model the feedback with a retry topic",
        ));
    }
    findings.sort_by_key(|f| f.severity);
    Analysis {
        sizing,
        topics,
        consumer_groups,
        paths,
        paths_truncated: found.truncated,
        findings,
    }
}
