//! Peak windows: how much lag builds up in each window of the design's load profile, how fast
//! it clears, and what to have in place before the window ("pre-scale").
//!
//! For each window (the names over the design's profile and its writers' own) and each reader
//! of a topic the window changes (consumer groups, stream processors, sink connectors whose
//! processing takes time), the lag is simulated step by step (a minute, see below) from the start of the ramp
//! up, through the plateau and the ramp down, then at the base rate until it clears (at most
//! 24 h more): [`simulate`] holds the recursion and the definition of lag in seconds, [`input`]
//! what the writers send, [`advice`] the pre-scale search. The reader's capacity is the steady
//! analysis's ([`crate::lag`], skew-aware: the hottest partition bounds it).
//!
//! Bounded work, whatever the design (the editor analyses invalid ones after every keystroke):
//! - at most [`MAX_PEAK_WINDOWS`] windows, the first names (the validator refuses more over
//!   the whole design), and only windows whose every shape keeps the profile's rules
//!   ([`design::PeakWindow::within_rules`]); another is skipped and its
//!   [`PeakWindowSummary::skipped`] says why. Spans are then at most 7 days a shape.
//! - one pass over the graph per class of writers ([`input::MAX_CLASSES`] per window);
//!   multipliers in one evaluation per minute of the window.
//! - at most [`MAX_PEAK_STEPS`] simulation steps per analysis, planned ahead and shared by the
//!   windows (what a window leaves is shared by the next ones). Each window has its own
//!   step: one minute, or the finest that fits its share, never more than a tenth of its
//!   shortest plateau (a short window is not averaged away by a long one). When even that
//!   step does not fit every reader, the most loaded readers (peak input over capacity) are
//!   simulated and the others are not; the plan counts each reader's figures over the window
//!   and the whole 24 h tail, and for the reported ones the runs and the advice's searches.
//! - per window, the [`MAX_READERS_PER_WINDOW`] worst readers by lag in seconds are reported
//!   (in document order); [`PeakWindowSummary`] counts the rest (`more_readers`).
//! - series list at most [`MAX_PEAK_POINTS`] points in all (shared by the windows, then by a
//!   window's runs) and [`MAX_RUN_POINTS`] per run, thinned evenly as they are simulated
//!   (`minutes_per_point`).
//!
//! Not here: when a window happens (windows are shapes, not dates), the rebalance a scaling
//! causes, and a reader's instances changing during a window.

use std::collections::HashMap;

use design::profile::{window_names, DEFAULT_LAG_THRESHOLD_SECONDS, MAX_PEAK_WINDOWS};
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
use simulate::{lag_stats, run_within, Timeline};

/// Simulation steps one analysis takes at most, searches included.
pub const MAX_PEAK_STEPS: u64 = 20_000_000;
/// Points listed over all series of one analysis.
pub const MAX_PEAK_POINTS: usize = 200_000;
/// Points listed in one run: 7 days and 24 h of minutes.
pub const MAX_RUN_POINTS: usize = 11_520;
/// Searches a reader's advice is planned to take (the binary search and the checks with the
/// real spread: at most 1 + log2(candidates) + 5), each over the window without the tail.
const RUNS_PER_READER: u64 = 20;

/// Readers reported per window: the worst by their lag in seconds (as many as the report
/// crate lists per window); the rest are counted in [`PeakWindowSummary::more_readers`].
pub const MAX_READERS_PER_WINDOW: usize = 50;

/// One window of the analysis: how it was simulated and what it leaves out. One per window
/// name, the first [`MAX_PEAK_WINDOWS`] names of the design (the validator refuses more).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PeakWindowSummary {
    pub window: String,
    /// The simulation's step: 1 unless the window's readers need more than its share of
    /// [`MAX_PEAK_STEPS`]; never more than a tenth of its shortest plateau.
    pub minutes_per_step: u32,
    /// Readers (with a bounded capacity) of the topics the window changes.
    pub readers: u32,
    /// Readers simulated: all of them, or the most loaded (peak input over capacity) that fit
    /// the budget at the coarsest step.
    pub readers_simulated: u32,
    /// Readers without a report in `peaks`: not simulated, or not among the
    /// [`MAX_READERS_PER_WINDOW`] worst.
    pub more_readers: u32,
    /// Why the window was not simulated (a shape of it breaks the profile's rules).
    pub skipped: Option<String>,
}

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
    /// The window's simulation step (see [`PeakWindowSummary::minutes_per_step`]).
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

/// What the peak section says: the reports, and per window how it was simulated.
#[derive(Default)]
pub(crate) struct Peaks {
    pub reports: Vec<PeakReport>,
    pub windows: Vec<PeakWindowSummary>,
}

/// Every window's simulation for the readers it reaches, within the bounds of the module's
/// documentation.
pub(crate) fn peaks(inp: &Inputs) -> Peaks {
    let mut names = window_names(inp.design);
    names.truncate(MAX_PEAK_WINDOWS);
    let mut out = Peaks::default();
    if names.is_empty() {
        return out;
    }
    let threshold = threshold_seconds(inp.design);
    // Readers with a bounded capacity, by topic.
    let mut readers: Vec<Vec<&GroupReport>> = vec![Vec::new(); inp.topics.len()];
    for (t, g) in inp.groups {
        if g.load.capacity_messages_per_sec.is_some_and(|c| c > 0.0) {
            if let Some(list) = readers.get_mut(*t) {
                list.push(g);
            }
        }
    }
    let masses = |t: usize| -> Option<KeyMass> {
        let flow = inp.sizing.topics.get(t)?;
        Some(topic_mass(inp.graph, inp.writer_keys, &flow.id).0)
    };
    let mut skew = Skew::new(&masses);
    let (mut steps_left, mut points_left) = (MAX_PEAK_STEPS, MAX_PEAK_POINTS);
    for (i, name) in names.iter().enumerate() {
        // What is left is shared evenly by the windows left.
        let windows_left = names.len() - i;
        let w = match Window::new(inp.design, inp.graph, name) {
            Ok(w) => w,
            Err(why) => {
                out.windows.push(PeakWindowSummary {
                    window: (*name).to_owned(),
                    minutes_per_step: 1,
                    readers: 0,
                    readers_simulated: 0,
                    more_readers: 0,
                    skipped: Some(why),
                });
                continue;
            }
        };
        let budget = Budget {
            steps: steps_left / windows_left as u64,
            points: points_left / windows_left,
        };
        let (summary, reports, spent) = window(&w, inp, &readers, threshold, budget, &mut skew);
        steps_left = steps_left.saturating_sub(spent);
        let points: usize = reports.iter().map(points_of).sum();
        points_left = points_left.saturating_sub(points);
        out.windows.push(summary);
        out.reports.extend(reports);
    }
    out
}

/// What one window may spend: simulation steps and listed points.
#[derive(Clone, Copy)]
struct Budget {
    steps: u64,
    points: usize,
}

fn points_of(r: &PeakReport) -> usize {
    r.current.series.len() + r.advice.as_ref().map_or(0, |a| a.run.series.len())
}

/// One window: its step and readers planned within `budget`, the most loaded readers
/// simulated, the worst [`MAX_READERS_PER_WINDOW`] reported. Returns the steps planned.
fn window(
    w: &Window,
    inp: &Inputs,
    readers: &[Vec<&GroupReport>],
    threshold: f64,
    budget: Budget,
    skew: &mut Skew,
) -> (PeakWindowSummary, Vec<PeakReport>, u64) {
    // The readers the window reaches, in document order (the order of the reports).
    let reached: Vec<(usize, &GroupReport)> = readers
        .iter()
        .enumerate()
        .filter(|(t, list)| !list.is_empty() && w.touches(*t))
        .flat_map(|(t, list)| list.iter().map(move |g| (t, *g)))
        .collect();
    let capacity = |g: &GroupReport| g.load.capacity_messages_per_sec.unwrap_or(f64::INFINITY);
    let load: Vec<f64> = reached
        .iter()
        .map(|(t, g)| w.peak_input(*t, inp.topics[*t].messages_per_sec) / capacity(g))
        .collect();
    // The most loaded first (document order among equals).
    let mut order: Vec<usize> = (0..reached.len()).collect();
    order.sort_by(|&a, &b| load[b].total_cmp(&load[a]));
    let plan = plan(w, &reached, &order, budget.steps);
    let step = plan.step;

    let multipliers = w.step_multipliers(step);
    let mut inputs: HashMap<usize, Vec<f64>> = HashMap::new();
    for &c in &order[..plan.readers] {
        let t = reached[c].0;
        inputs
            .entry(t)
            .or_insert_with(|| w.topic_input(t, inp.topics[t].messages_per_sec, &multipliers));
    }
    let timeline_of = |t: usize| Timeline {
        input: inputs.get(&t).map_or(&[][..], Vec::as_slice),
        base: inp.topics[t].messages_per_sec,
        step_minutes: step,
        plateau_start: w.plateau_start,
        plateau_end: w.plateau_end,
    };
    // The worst by their lag in seconds (figures only), then back in document order.
    let mut by_lag: Vec<(usize, f64)> = order[..plan.readers]
        .iter()
        .map(|&c| {
            let (t, g) = reached[c];
            let cap = capacity(g);
            (c, lag_stats(&timeline_of(t), cap).max_lag_records / cap)
        })
        .collect();
    by_lag.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    by_lag.truncate(MAX_READERS_PER_WINDOW);
    let mut listed: Vec<usize> = by_lag.into_iter().map(|(c, _)| c).collect();
    listed.sort_unstable();
    let per_run = (budget.points / (2 * listed.len().max(1))).clamp(1, MAX_RUN_POINTS);
    let reports: Vec<PeakReport> = listed
        .iter()
        .map(|&c| {
            let (t, g) = reached[c];
            let hottest = inp.hottest_shares.get(t).copied().unwrap_or(1.0);
            let run = RunOf {
                timeline: &timeline_of(t),
                threshold,
                max_points: per_run,
            };
            report(w, &run, (t, &inp.topics[t]), g, inp, hottest, skew)
        })
        .collect();
    let summary = PeakWindowSummary {
        window: w.name.clone(),
        minutes_per_step: step,
        readers: count(reached.len()),
        readers_simulated: count(plan.readers),
        more_readers: count(reached.len() - listed.len()),
        skipped: None,
    };
    (summary, reports, plan.cost)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A window's simulation as planned: its step, how many of its readers (the most loaded
/// first) and the steps that takes at most.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Plan {
    step: u32,
    readers: usize,
    cost: u64,
}

/// The finest step, at most a tenth of the window's shortest plateau, that simulates every
/// reader within `budget`; when even that coarsest step does not, the most loaded readers
/// that fit at it.
fn plan(w: &Window, reached: &[(usize, &GroupReport)], order: &[usize], budget: u64) -> Plan {
    let coarsest = (w.shortest_plateau() / 10).max(1);
    let topics = reached
        .iter()
        .map(|(t, _)| *t)
        .collect::<std::collections::HashSet<_>>()
        .len();
    let all = reached.len();
    if steps_planned(w, coarsest, all, topics) <= budget {
        // `hi` always fits.
        let (mut lo, mut hi) = (1, coarsest);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if steps_planned(w, mid, all, topics) <= budget {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return Plan {
            step: hi,
            readers: all,
            cost: steps_planned(w, hi, all, topics),
        };
    }
    let mut seen = std::collections::HashSet::new();
    let mut fit = Plan {
        step: coarsest,
        readers: 0,
        cost: steps_planned(w, coarsest, 0, 0),
    };
    for &c in order {
        let t = reached[c].0;
        let topics = seen.len() + usize::from(!seen.contains(&t));
        let cost = steps_planned(w, coarsest, fit.readers + 1, topics);
        if cost > budget {
            break;
        }
        seen.insert(t);
        fit.readers += 1;
        fit.cost = cost;
    }
    fit
}

/// The work of simulating `readers` readers of `topics` topics over `w` in steps of `step`
/// minutes, in steps (or multiplier evaluations): the classes' multipliers (a minute each),
/// each topic's input, each reader's figures (the window and the whole tail), and for the
/// [`MAX_READERS_PER_WINDOW`] listed the current run and the advised run (two passes each:
/// figures, then series) and the advice's searches ([`RUNS_PER_READER`], without the tail: the
/// check sums it up in one go).
fn steps_planned(w: &Window, step: u32, readers: usize, topics: usize) -> u64 {
    let step = u64::from(step.max(1));
    let end = u64::from(w.end);
    let span = end.div_ceil(step);
    let tail = u64::from(TAIL_MINUTES).div_ceil(step);
    let classes = w.classes.len() as u64;
    let readers = readers as u64;
    let listed = readers.min(MAX_READERS_PER_WINDOW as u64);
    classes.saturating_mul(end + step)
        + (topics as u64).saturating_mul(classes.max(1) * span)
        + readers.saturating_mul(span + tail)
        + listed * (RUNS_PER_READER * span + 4 * (span + tail))
}

/// A run's timeline, threshold and bound on points.
struct RunOf<'a> {
    timeline: &'a Timeline<'a>,
    threshold: f64,
    max_points: usize,
}

/// One reader over one window: the current run, then the advice when it goes over.
fn report(
    w: &Window,
    r: &RunOf,
    (t, topic): (usize, &TopicReport),
    g: &GroupReport,
    inp: &Inputs,
    hottest: f64,
    skew: &mut Skew,
) -> PeakReport {
    let (timeline, threshold) = (r.timeline, r.threshold);
    let capacity = g.load.capacity_messages_per_sec.unwrap_or(f64::INFINITY);
    let current = run_within(
        timeline,
        capacity,
        threshold,
        (g.partitions, g.instances),
        r.max_points,
    );
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
                    run: run_within(
                        timeline,
                        capacity,
                        threshold,
                        (partitions, instances),
                        r.max_points,
                    ),
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
