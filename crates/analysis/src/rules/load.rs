//! The checks that read what the engine computed: each topic's load and partition advice, the
//! broker count, each reader's lag, each path's latency, and the engine's own limits. Each is the
//! check of one entry of [`super::RULES`] and makes its findings through it.

use crate::analyze::{GroupReport, TopicReport, MAX_LISTED_PARTITIONS};
use crate::flow::{TopicFlow, MAX_RATE};
use crate::hotspot::{HOT_DEVIATION, PLACEMENT_BUDGET};
use crate::latency::{PathLatency, BUDGET_MS, MAX_PATHS, MAX_PATH_NODES};
use crate::partitions::MAX_PARTITIONS;
use crate::peak::PeakReport;
use crate::sizing::MAX_BROKERS;

use super::{Analysed, Finding, Rule};

pub(super) fn partition_skew(rule: &'static Rule, flow: &TopicFlow, t: &TopicReport, out: &mut Vec<Finding>) {
    let skewed = t.deviation_pct > HOT_DEVIATION * 100.0;
    if !t.keyed || !skewed {
        return;
    }
    let hottest = t.hot_partitions.first().copied().unwrap_or(0);
    let salts = t.salts_for_heaviest_key;
    out.push(rule.finding(
        Some(&flow.id),
        format!(
            "partition {hottest} carries {:.1}× the mean load ({:+.0} %): the hottest keys are {}",
            t.max_over_mean,
            t.deviation_pct,
            t.top_keys.iter().take(3).map(|k| format!("`{}` → {}", k.key, k.partition)).collect::<Vec<_>>().join(", ")
        ),
        if salts > 1 {
            format!("one key alone exceeds a partition's 10 MB/s: salt it into {salts} sub-keys (key + \"-\" + n, n < {salts}) and re-aggregate downstream")
        } else {
            "choose a key with more even values, or a compound key".to_string()
        },
    ));
}

pub(super) fn partitions_beyond_limit(
    rule: &'static Rule,
    flow: &TopicFlow,
    t: &TopicReport,
    out: &mut Vec<Finding>,
) {
    if t.partition_advice.capped {
        out.push(rule.finding(
            Some(&flow.id),
            format!(
                "the topic's traffic asks for more partitions than one topic should have: {}",
                t.partition_advice.formula
            ),
            format!(
                "split the traffic over several topics (at most {MAX_PARTITIONS} partitions each), or check the producers' rates and message sizes"
            ),
        ));
    }
}

pub(super) fn partitions_too_few(
    rule: &'static Rule,
    flow: &TopicFlow,
    t: &TopicReport,
    out: &mut Vec<Finding>,
) {
    let advice = &t.partition_advice;
    if let Some(current) = flow.partitions.filter(|&p| p < advice.recommended) {
        out.push(rule.finding(
            Some(&flow.id),
            format!("{current} partitions; the advice is {}: {}", advice.recommended, advice.formula),
            format!(
                "create the topic with {} partitions (adding partitions later remaps keys: per-key order and compacted state move)",
                advice.recommended
            ),
        ));
    }
}

pub(super) fn brokers_beyond_limit(rule: &'static Rule, a: &Analysed, out: &mut Vec<Finding>) {
    let sizing = a.sizing;
    if !sizing.brokers_capped {
        return;
    }
    let binding = sizing
        .terms
        .iter()
        .find(|t| t.constraint == sizing.binding_constraint);
    out.push(rule.finding(
        None,
        format!(
            "the design needs more than {MAX_BROKERS} brokers{}; the figures per broker assume {MAX_BROKERS}",
            binding.map(|t| format!(": {}", t.formula)).unwrap_or_default()
        ),
        "split the workload over several clusters, or check the rates, message sizes, retention and cluster settings",
    ));
}

pub(super) fn rate_beyond_limit(rule: &'static Rule, a: &Analysed, out: &mut Vec<Finding>) {
    let saturated = &a.sizing.saturated_writers;
    if saturated.is_empty() {
        return;
    }
    out.push(rule.finding(
        saturated.first().map(String::as_str),
        format!(
            "the rate out of {} passes {:e} per second and is held there: a chain of output_ratio values multiplies it",
            saturated.join(", "),
            MAX_RATE
        ),
        "check the output_ratio of the stream processors on the path",
    ));
}

pub(super) fn hotspot_approximate(rule: &'static Rule, a: &Analysed, out: &mut Vec<Finding>) {
    let approximate: Vec<&str> = a
        .topics
        .iter()
        .filter(|t| t.load_approximate)
        .map(|t| t.id.as_str())
        .collect();
    if approximate.is_empty() {
        return;
    }
    out.push(rule.finding(
        approximate.first().copied(),
        format!(
            "{} topic(s) ({}) have keys that were not all placed one by one: the design asks for more than {} key placements; the heaviest keys are placed, the rest spread evenly",
            approximate.len(),
            approximate.iter().take(5).copied().collect::<Vec<_>>().join(", "),
            PLACEMENT_BUDGET
        ),
        "analyse the hottest topics on their own, or paste fewer keys",
    ));
}

pub(super) fn partition_load_unlisted(rule: &'static Rule, a: &Analysed, out: &mut Vec<Finding>) {
    let unlisted = a.unlisted_topics;
    if unlisted > 0 {
        out.push(rule.finding(
            None,
            format!("{unlisted} topic(s) list no per-partition shares: the design has more than {MAX_LISTED_PARTITIONS} partitions in all"),
            "every other figure is computed; analyse the topics of interest in a smaller design",
        ));
    }
}

pub(super) fn consumer_lag(
    rule: &'static Rule,
    g: &GroupReport,
    topic: &TopicReport,
    out: &mut Vec<Finding>,
) {
    let load = &g.load;
    let growing = load.lag_growth_messages_per_sec > 0.0;
    if !growing {
        return;
    }
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
    out.push(rule.finding(
        Some(&g.id),
        format!(
            "lag grows by {:.0} records/s on `{}`: {}",
            load.lag_growth_messages_per_sec, topic.name, load.formula
        ),
        fix,
    ));
}

pub(super) fn observed_lag(
    rule: &'static Rule,
    g: &GroupReport,
    topic: &TopicReport,
    out: &mut Vec<Finding>,
) {
    let Some(lag) = g.observed_lag.filter(|&l| l > 0) else {
        return;
    };
    let lag_text = units::count(lag as f64);
    if g.load.capacity_messages_per_sec.is_none() {
        out.push(rule.finding(
            Some(&g.id),
            format!(
                "a lag of {lag_text} records on `{}`; when it clears depends on the group's processing time, which the design does not give",
                topic.name
            ),
            "set `processing_ms_per_record` (and the producers' rates) to see when the lag clears",
        ));
        return;
    }
    match g.lag_clears_in_seconds {
        Some(seconds) => out.push(rule.finding(
            Some(&g.id),
            format!(
                "a lag of {lag_text} records on `{}` clears in {}: the group reads {} records/s more than arrive",
                topic.name,
                units::millis(seconds * 1000.0),
                units::count((g.load.capacity_messages_per_sec.unwrap_or(f64::INFINITY) - g.load.input_messages_per_sec).round()),
            ),
            "nothing to do if that is soon enough; otherwise add instances (up to the partition count) until it is",
        )),
        None => out.push(rule.finding(
            Some(&g.id),
            format!(
                "a lag of {lag_text} records on `{}` never clears: the group reads no faster than records arrive",
                topic.name
            ),
            format!(
                "run {} instances on {} partitions (capacity ≥ input × 1.3)",
                g.load.recommended_instances, g.load.recommended_partitions
            ),
        )),
    }
}

pub(super) fn idle_consumers(
    rule: &'static Rule,
    g: &GroupReport,
    topic: &TopicReport,
    out: &mut Vec<Finding>,
) {
    if g.load.idle_instances > 0 {
        out.push(rule.finding(
            Some(&g.id),
            format!(
                "{} of {} instances have no partition of `{}` to read",
                g.load.idle_instances, g.instances, topic.name
            ),
            format!("run at most {} instances, or add partitions", topic.partitions),
        ));
    }
}

pub(super) fn latency_budget(rule: &'static Rule, p: &PathLatency, out: &mut Vec<Finding>) {
    if !p.over_budget {
        return;
    }
    let worst = p.hops.iter().max_by(|a, b| a.ms.total_cmp(&b.ms));
    out.push(rule.finding(
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

pub(super) fn paths_truncated(rule: &'static Rule, a: &Analysed, out: &mut Vec<Finding>) {
    if a.paths.truncated {
        out.push(rule.finding(
            None,
            format!("the design has more source → sink paths than the {} (with {} nodes in all) the latency analysis lists", MAX_PATHS, MAX_PATH_NODES),
            "the listed paths are the first found from each source in document order",
        ));
    }
}

pub(super) fn cycle(rule: &'static Rule, a: &Analysed, out: &mut Vec<Finding>) {
    let cyclic = &a.sizing.cyclic_nodes;
    if !cyclic.is_empty() {
        out.push(rule.finding(
            cyclic.first().map(String::as_str),
            format!(
                "records loop through {}: the loop's traffic is not sized",
                cyclic.join(", ")
            ),
            "break the loop, or model the feedback with a retry topic",
        ));
    }
}

pub(super) fn peak_lag(rule: &'static Rule, a: &Analysed, out: &mut Vec<Finding>) {
    // One finding per reader: its worst window over the threshold, in the order first seen.
    let mut worst: Vec<&PeakReport> = Vec::new();
    let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for r in a.peaks.iter().filter(|r| r.current.exceeds_threshold) {
        match at.get(r.reader_id.as_str()) {
            Some(&i) if worst[i].current.max_lag_seconds >= r.current.max_lag_seconds => {}
            Some(&i) => worst[i] = r,
            None => {
                at.insert(&r.reader_id, worst.len());
                worst.push(r);
            }
        }
    }
    for r in worst {
        let fix = match (&r.advice, &r.advice_note) {
            (Some(p), _) => format!(
                "pre-scale `{}` to {} partitions and `{}` to {} before the window",
                r.topic,
                p.partitions,
                r.reader,
                units::plural(p.instances as usize, "instance", "instances"),
            ),
            (None, Some(note)) => note.clone(),
            (None, None) => "raise the reader's capacity before the window".to_owned(),
        };
        out.push(rule.finding(
            Some(&r.reader_id),
            format!(
                "lag reaches {} in {} on `{}` (threshold {})",
                units::millis(r.current.max_lag_seconds * 1000.0),
                r.window,
                r.topic,
                units::millis(r.threshold_seconds * 1000.0),
            ),
            fix,
        ));
    }
}
