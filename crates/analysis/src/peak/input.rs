//! What a window sends into each topic, step by step.
//!
//! Writers (producers and source connectors) that peak alike — the same multiplier, plateau
//! and ramp, from the design's profile or their own — form one class. The flow is linear in
//! the writers' rates ([`crate::flow::topic_message_rates`]), so each class's share of every
//! topic's input is computed once (one pass over the graph per class) and the input at a step
//! is `base + Σ class share × (class multiplier − 1)`. Writers whose multiplier is 1 (no such
//! window for them) are in the base only.
//!
//! A window is simulated only when every shape of it keeps the profile rules
//! ([`PeakWindow::within_rules`]: the analysis runs on invalid designs too, and the validator
//! says what is wrong): its span is then at most [`MAX_PEAK_MINUTES`] per shape, and every
//! minute count below fits.
//!
//! Windows of one name line up at their plateau's start; the timeline starts at the longest
//! ramp's start. At most [`MAX_CLASSES`] classes per window are followed exactly; writers past
//! them share one class shaped as the envelope of theirs (the largest multiplier, plateau and
//! ramp: more load than any of them sends), and the window says it is approximate.
//!
//! Not modelled: a lagging stream processor passes its input on at the rate it arrives (its
//! own lag does not throttle its output), so downstream topics see the peak in full.

use std::collections::HashSet;

use design::profile::{window_for, writes_base_rate, MAX_PEAK_MINUTES};
use design::{Design, Node, PeakWindow};

use crate::flow::topic_message_rates;
use crate::graph::Graph;

/// Classes of writers followed one by one in a window (see the module's documentation).
pub const MAX_CLASSES: usize = 8;

/// One class: its shape and its share of every topic's base input.
pub(super) struct Class {
    pub shape: PeakWindow,
    /// Records/s each topic (document order) receives from this class at × 1.
    pub share: Vec<f64>,
}

/// One window over the whole design.
pub(super) struct Window {
    pub name: String,
    pub classes: Vec<Class>,
    /// Minutes from the timeline's start to the plateau's start (the longest ramp).
    pub plateau_start: u32,
    /// Minutes from the timeline's start to the end of the longest plateau.
    pub plateau_end: u32,
    /// Minutes from the timeline's start to the end of the last ramp down.
    pub end: u32,
    /// Whether some writers were merged into an envelope class.
    pub approximate: bool,
}

impl Window {
    /// The writers of `name`, grouped into classes, and each class's share of every topic; or
    /// why the window is not simulated (a shape of it breaks the profile rules).
    pub fn new(design: &Design, graph: &Graph, name: &str) -> Result<Window, String> {
        let mut members: Vec<(PeakWindow, HashSet<&str>)> = Vec::new();
        let mut approximate = false;
        for writer in design.nodes.iter().filter(|n| writes_base_rate(n)) {
            let Some(w) = window_for(design, writer, name) else {
                continue;
            };
            if !w.within_rules() {
                let shown: String = writer.name.chars().take(80).collect();
                return Err(format!(
                    "its shape for `{shown}` breaks the profile's rules (see the design's problems): not simulated"
                ));
            }
            if w.multiplier == 1.0 {
                continue;
            }
            let same = |c: &PeakWindow| {
                c.multiplier == w.multiplier
                    && c.duration_minutes == w.duration_minutes
                    && c.ramp_minutes == w.ramp_minutes
            };
            if let Some((_, ids)) = members.iter_mut().find(|(c, _)| same(c)) {
                ids.insert(&writer.id);
            } else if members.len() < MAX_CLASSES {
                members.push((w.clone(), HashSet::from([writer.id.as_str()])));
            } else if let Some((envelope, ids)) = members.last_mut() {
                approximate = true;
                envelope.multiplier = envelope.multiplier.max(w.multiplier);
                envelope.duration_minutes = envelope.duration_minutes.max(w.duration_minutes);
                let ramp = envelope.ramp_minutes.max(w.ramp_minutes);
                envelope.ramp_minutes =
                    ramp.min(MAX_PEAK_MINUTES.saturating_sub(envelope.duration_minutes) / 2);
                ids.insert(&writer.id);
            }
        }
        let classes: Vec<Class> = members
            .into_iter()
            .map(|(shape, ids)| {
                let rate = |n: &Node| {
                    if ids.contains(n.id.as_str()) {
                        n.messages_per_sec.unwrap_or(0.0)
                    } else {
                        0.0
                    }
                };
                Class {
                    share: topic_message_rates(design, graph, &rate),
                    shape,
                }
            })
            .collect();
        // Every shape is within the rules: each sum is at most 2 × MAX_PEAK_MINUTES.
        let plateau_start = classes.iter().map(|c| c.shape.ramp_minutes).max().unwrap_or(0);
        let plateau_end = plateau_start.saturating_add(
            classes
                .iter()
                .map(|c| c.shape.duration_minutes)
                .max()
                .unwrap_or(0),
        );
        let end = plateau_start.saturating_add(
            classes
                .iter()
                .map(|c| c.shape.duration_minutes.saturating_add(c.shape.ramp_minutes))
                .max()
                .unwrap_or(0),
        );
        Ok(Window {
            name: name.to_owned(),
            classes,
            plateau_start,
            plateau_end,
            end,
            approximate,
        })
    }

    /// The shortest plateau of the window's classes, in minutes (at least 1).
    pub fn shortest_plateau(&self) -> u32 {
        self.classes
            .iter()
            .map(|c| c.shape.duration_minutes)
            .min()
            .unwrap_or(1)
            .max(1)
    }

    /// Records/s into topic `t` when every class is at its plateau: no step sends more.
    pub fn peak_input(&self, t: usize, base: f64) -> f64 {
        let more: f64 = self
            .classes
            .iter()
            .map(|c| c.share.get(t).copied().unwrap_or(0.0) * (c.shape.multiplier - 1.0).max(0.0))
            .sum();
        base + more
    }

    /// Whether the window changes the input of topic `t` (document order).
    pub fn touches(&self, t: usize) -> bool {
        self.classes
            .iter()
            .any(|c| c.share.get(t).is_some_and(|&s| s > 0.0))
    }

    /// Each class's mean multiplier over each step of `step` minutes (the last step runs past
    /// the window at × 1). `multiplier_at` is called once per minute of the window, not per
    /// minute of the steps: `classes × (end + step)` work at most.
    pub fn step_multipliers(&self, step: u32) -> Vec<Vec<f64>> {
        let step = u64::from(step.max(1));
        let end = u64::from(self.end);
        let steps = end.div_ceil(step);
        let start = i64::from(self.plateau_start);
        self.classes
            .iter()
            .map(|c| {
                (0..steps)
                    .map(|i| {
                        let from = i * step;
                        let to = (from + step).min(end);
                        let within: f64 = (from..to).map(|m| c.shape.multiplier_at(m as i64 - start)).sum();
                        let past = (from + step - to) as f64; // × 1 past the window
                        (within + past) / step as f64
                    })
                    .collect()
            })
            .collect()
    }

    /// Records/s into topic `t` at each step, from its base input and the classes' multipliers.
    pub fn topic_input(&self, t: usize, base: f64, multipliers: &[Vec<f64>]) -> Vec<f64> {
        let steps = multipliers.first().map_or(0, Vec::len);
        let mut input = vec![base; steps];
        for (class, m) in self.classes.iter().zip(multipliers) {
            let share = class.share.get(t).copied().unwrap_or(0.0);
            if share > 0.0 {
                for (x, m) in input.iter_mut().zip(m) {
                    *x += share * (m - 1.0);
                }
            }
        }
        for x in &mut input {
            *x = x.max(0.0);
        }
        input
    }
}
