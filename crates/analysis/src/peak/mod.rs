//! Peak windows: how much lag builds up in each window of the design's load profile, how fast
//! it clears, and what to have in place before the window ("pre-scale").
//!
//! For each window (the names over the design's profile and its writers' own) and each reader
//! of a topic the window changes (consumer groups, stream processors, sink connectors whose
//! processing takes time), the lag is simulated minute by minute from the start of the ramp
//! up, through the plateau and the ramp down, then at the base rate until it clears (at most
//! 24 h more): [`simulate`] holds the recursion and the definition of lag in seconds, [`input`]
//! what the writers send, [`advice`] the pre-scale search. The reader's capacity is the steady
//! analysis's ([`crate::lag`], skew-aware: the hottest partition bounds it).
//!
//! Bounded work: one pass over the graph per class of writers ([`input::MAX_CLASSES`] per
//! window), and at most [`MAX_PEAK_STEPS`] simulation steps per analysis, planned ahead: a
//! design that would need more is simulated in steps of several minutes (every report says
//! its `minutes_per_step`). Series list at most [`MAX_PEAK_POINTS`] points in all and
//! [`MAX_RUN_POINTS`] per run, thinned evenly past it (`minutes_per_point`).
//!
//! Not here: when a window happens (windows are shapes, not dates), the rebalance a scaling
//! causes, and a reader's instances changing during a window.

use std::collections::HashMap;

use design::profile::{window_names, DEFAULT_LAG_THRESHOLD_SECONDS};
use design::Design;
use serde::Serialize;

use crate::analyze::{topic_mass, GroupReport, TopicReport};
use crate::graph::Graph;
use crate::hotspot::KeyMass;
use crate::keys::WriterKeys;
use crate::sizing::Sizing;

pub mod advice;
pub mod input;
pub mod simulate;

pub use simulate::{PeakPoint, PeakRun, TAIL_MINUTES};

use advice::{keys_kept_share, Advised, Reader, Skew};
use input::Window;
use simulate::{run, Timeline};

/// Simulation steps one analysis takes at most, searches included.
pub const MAX_PEAK_STEPS: u64 = 20_000_000;
/// Points listed over all series of one analysis.
pub const MAX_PEAK_POINTS: usize = 200_000;
/// Points listed in one run: 7 days and 24 h of minutes.
pub const MAX_RUN_POINTS: usize = 11_520;
/// Simulations a reader's advice is planned to take (binary search, checks and the runs).
const RUNS_PER_READER: u64 = 20;

/// One reader over one window.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PeakReport {
    pub window: String,
    pub reader_id: String,
    pub reader: String,
    pub topic_id: String,
    pub topic: String,
    /// The lag alert threshold, in seconds of lag.
    pub threshold_seconds: f64,
    /// Minutes from the ramp's start to the plateau's start, to its end, and to the end of
    /// the ramp down.
    pub plateau_start_minute: u32,
    pub plateau_end_minute: u32,
    pub window_end_minute: u32,
    /// The simulation's step (1 unless the design is too large to simulate minute by minute).
    pub minutes_per_step: u32,
    /// Whether writers of many different shapes were simulated as their envelope.
    pub approximate: bool,
    /// The design as it is.
    pub current: PeakRun,
    /// What to have in place before the window, when the current design goes over the
    /// threshold and something fixes it.
    pub advice: Option<PreScale>,
    /// Why there is no advice.
    pub advice_note: Option<String>,
}

/// The partitions and instances to have before a window, and the run with them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PreScale {
    pub partitions: u32,
    pub instances: u32,
    /// Share of keys that stay on their partition (`gcd(p, n) / max(p, n)`).
    pub keys_kept_share: f64,
    /// Whether the hottest partition's share at that count is estimated rather than spread
    /// (the analysis spent its budget of spreads).
    pub skew_estimated: bool,
    pub run: PeakRun,
}

/// What the peak section reads of the rest of the analysis.
pub(crate) struct Inputs<'a> {
    pub design: &'a Design,
    pub graph: &'a Graph<'a>,
    pub writer_keys: &'a WriterKeys<'a>,
    pub sizing: &'a Sizing,
    /// One per topic of `sizing.topics`, in the same order.
    pub topics: &'a [TopicReport],
    pub hottest_shares: &'a [f64],
    /// Each reader with the index of its topic.
    pub groups: &'a [(usize, GroupReport)],
}

/// The lag threshold of a design, in seconds (one minute when unset).
pub fn threshold_seconds(design: &Design) -> f64 {
    design
        .load_profile
        .as_ref()
        .map_or(DEFAULT_LAG_THRESHOLD_SECONDS, |p| p.threshold_seconds())
}

/// Every window's simulation for every reader it reaches.
pub(crate) fn peaks(inp: &Inputs) -> Vec<PeakReport> {
    let names = window_names(inp.design);
    if names.is_empty() {
        return Vec::new();
    }
    let threshold = threshold_seconds(inp.design);
    let windows: Vec<Window> = names
        .iter()
        .map(|n| Window::new(inp.design, inp.graph, n))
        .collect();
    // Readers with a bounded capacity, by topic.
    let mut readers: Vec<Vec<&GroupReport>> = vec![Vec::new(); inp.topics.len()];
    for (t, g) in inp.groups {
        if g.load.capacity_messages_per_sec.is_some_and(|c| c > 0.0) {
            if let Some(list) = readers.get_mut(*t) {
                list.push(g);
            }
        }
    }
    let step = step_minutes(&windows, &readers);
    let masses = |t: usize| -> Option<KeyMass> {
        let flow = inp.sizing.topics.get(t)?;
        Some(topic_mass(inp.graph, inp.writer_keys, &flow.id).0)
    };
    let mut skew = Skew::new(&masses);
    let mut out = Vec::new();
    for w in &windows {
        let multipliers = w.step_multipliers(step);
        for (t, topic) in inp.topics.iter().enumerate() {
            if readers[t].is_empty() || !w.touches(t) {
                continue;
            }
            let input = w.topic_input(t, topic.messages_per_sec, &multipliers);
            let timeline = Timeline {
                input: &input,
                base: topic.messages_per_sec,
                step_minutes: step,
                plateau_start: w.plateau_start,
                plateau_end: w.plateau_end,
            };
            for g in &readers[t] {
                let hottest = inp.hottest_shares.get(t).copied().unwrap_or(1.0);
                out.push(report(
                    w,
                    &timeline,
                    (t, topic),
                    g,
                    inp,
                    hottest,
                    threshold,
                    &mut skew,
                ));
            }
        }
    }
    thin(&mut out);
    out
}

/// One reader over one window: the current run, then the advice when it goes over.
#[allow(clippy::too_many_arguments)]
fn report(
    w: &Window,
    timeline: &Timeline,
    (t, topic): (usize, &TopicReport),
    g: &GroupReport,
    inp: &Inputs,
    hottest: f64,
    threshold: f64,
    skew: &mut Skew,
) -> PeakReport {
    let capacity = g.load.capacity_messages_per_sec.unwrap_or(f64::INFINITY);
    let current = run(timeline, capacity, threshold, g.partitions, g.instances);
    let node = inp.graph.by_id.get(g.id.as_str());
    let reader = Reader {
        per_thread: g.load.per_thread_messages_per_sec.unwrap_or(f64::INFINITY),
        threads: node.and_then(|n| n.threads_per_instance).unwrap_or(1).max(1),
        partitions: g.partitions,
        instances: g.instances,
        hottest,
        heaviest_key: if topic.keyed {
            topic.heaviest_key_share
        } else {
            0.0
        },
        topic: t,
        keyed: topic.keyed,
    };
    let (advice, advice_note) = if !current.exceeds_threshold {
        (
            None,
            Some("the current design keeps the lag under the threshold".to_owned()),
        )
    } else {
        match advice::advise(timeline, &reader, threshold, skew) {
            Ok(Advised {
                partitions,
                instances,
                capacity,
                skew_estimated,
            }) => (
                Some(PreScale {
                    partitions,
                    instances,
                    keys_kept_share: keys_kept_share(g.partitions, partitions),
                    skew_estimated,
                    run: run(timeline, capacity, threshold, partitions, instances),
                }),
                None,
            ),
            Err(why) => (None, Some(why)),
        }
    };
    PeakReport {
        window: w.name.clone(),
        reader_id: g.id.clone(),
        reader: g.name.clone(),
        topic_id: topic.id.clone(),
        topic: topic.name.clone(),
        threshold_seconds: threshold,
        plateau_start_minute: w.plateau_start,
        plateau_end_minute: w.plateau_end,
        window_end_minute: w.end,
        minutes_per_step: timeline.step_minutes,
        approximate: w.approximate,
        current,
        advice,
        advice_note,
    }
}

/// The simulation's step: one minute, or as many as keep the planned work within
/// [`MAX_PEAK_STEPS`].
fn step_minutes(windows: &[Window], readers: &[Vec<&GroupReport>]) -> u32 {
    let mut work: u64 = 0;
    for w in windows {
        let span = u64::from(w.end);
        for (t, list) in readers.iter().enumerate() {
            if list.is_empty() || !w.touches(t) {
                continue;
            }
            work = work.saturating_add(span * w.classes.len() as u64);
            work =
                work.saturating_add((span + u64::from(TAIL_MINUTES)) * RUNS_PER_READER * list.len() as u64);
        }
    }
    u32::try_from(work.div_ceil(MAX_PEAK_STEPS).max(1)).unwrap_or(u32::MAX)
}

/// Thins the series evenly so that no run lists more than [`MAX_RUN_POINTS`] and all of them
/// together no more than [`MAX_PEAK_POINTS`]; the last point of a run is always kept.
fn thin(reports: &mut [PeakReport]) {
    let total: usize = reports
        .iter()
        .map(|r| r.current.series.len() + r.advice.as_ref().map_or(0, |a| a.run.series.len()))
        .sum();
    let every = total.div_ceil(MAX_PEAK_POINTS).max(1);
    for r in reports.iter_mut() {
        thin_run(&mut r.current, every);
        if let Some(a) = r.advice.as_mut() {
            thin_run(&mut a.run, every);
        }
    }
}

fn thin_run(run: &mut PeakRun, every: usize) {
    let every = every.max(run.series.len().div_ceil(MAX_RUN_POINTS)).max(1);
    if every == 1 {
        return;
    }
    let last = run.series.len().saturating_sub(1);
    let kept: Vec<PeakPoint> = run
        .series
        .drain(..)
        .enumerate()
        .filter(|(i, _)| i % every == every - 1 || *i == last)
        .map(|(_, p)| p)
        .collect();
    run.series = kept;
    run.minutes_per_point = run.minutes_per_point.saturating_mul(every as u32);
}

/// The design with every advised topic's partitions and every advised reader's instances set
/// (a topic takes the most partitions any of its readers' advice asks for, a reader the most
/// instances), so that a change plan from `design` to it is the pre-scale. `None` when no
/// window needs advice.
pub fn prescaled(design: &Design, analysis: &crate::Analysis) -> Option<Design> {
    let mut partitions: HashMap<&str, u32> = HashMap::new();
    let mut instances: HashMap<&str, u32> = HashMap::new();
    for r in &analysis.peaks {
        let Some(a) = &r.advice else { continue };
        let p = partitions.entry(&r.topic_id).or_default();
        *p = (*p).max(a.partitions);
        let i = instances.entry(&r.reader_id).or_default();
        *i = (*i).max(a.instances);
    }
    let mut out = design.clone();
    let mut changed = false;
    for n in &mut out.nodes {
        if let Some(&p) = partitions.get(n.id.as_str()) {
            if n.partitions.is_none_or(|now| now < p) {
                n.partitions = Some(p);
                changed = true;
            }
        }
        if let Some(&i) = instances.get(n.id.as_str()) {
            if n.instances.unwrap_or(1) < i {
                n.instances = Some(i);
                changed = true;
            }
        }
    }
    changed.then_some(out)
}

#[cfg(test)]
mod scenarios;
#[cfg(test)]
mod tests;
