//! Load profiles: a design's base rate and its named peak windows (Black Friday, a campaign).
//!
//! The base rate is each writer's `messages_per_sec` (× `cluster.growth_factor`, as the flow
//! computes it). A [`LoadProfile`] on the design names the peak windows every writer follows; a
//! producer or source connector may carry its own profile, which overrides the design's for
//! that writer. Windows are matched by name: a window the override lacks runs at multiplier 1
//! for that writer (it does not take part in that peak). The design names at most
//! [`MAX_PEAK_WINDOWS`] distinct windows over all its profiles.
//!
//! A window's shape: a linear ramp up over `ramp_minutes` from × 1 to × `multiplier`, the
//! plateau at × `multiplier` for `duration_minutes`, then a linear ramp down over
//! `ramp_minutes` back to × 1.
//!
//! This module holds the types and their validation rules (called from [`crate::rules`]); the
//! simulation of lag over a window is the analysis crate's. It does not say when a window
//! happens in calendar time: windows are shapes, not dates.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::{Design, Node, NodeKind};
use crate::rules::{Element, Validator, MAX_NAME_CHARS};

/// Peak windows in one profile, and distinct window names over the whole design (its profile
/// and its writers' together): the analysis simulates each name once.
pub const MAX_PEAK_WINDOWS: usize = 20;
/// The longest window, ramps included: 7 days of minutes.
pub const MAX_PEAK_MINUTES: u32 = 10_080;
/// The largest multiplier of a window's plateau.
pub const MAX_PEAK_MULTIPLIER: f64 = 1_000.0;
/// The largest lag alert threshold: one day, in seconds.
pub const MAX_LAG_THRESHOLD_SECONDS: f64 = 86_400.0;
/// The lag alert threshold when a profile does not set one: one minute of lag.
pub const DEFAULT_LAG_THRESHOLD_SECONDS: f64 = 60.0;

/// A base rate and its peak windows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadProfile {
    /// The named peak windows, in the order they are shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub peaks: Vec<PeakWindow>,
    /// Lag alert threshold in seconds (60 when unset: one minute of lag). Read from the
    /// design's profile; a writer's profile does not set it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lag_threshold_seconds: Option<f64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One named peak: its plateau's multiplier and length, and the ramps either side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeakWindow {
    /// The window's name (`Black Friday`); unique within a profile.
    pub name: String,
    /// × the writers' base rate (`messages_per_sec`) at the plateau.
    pub multiplier: f64,
    /// The plateau, in minutes.
    pub duration_minutes: u32,
    /// Linear ramp up before and down after the plateau, in minutes each.
    #[serde(default)]
    pub ramp_minutes: u32,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl LoadProfile {
    /// The lag alert threshold in seconds (one minute when unset).
    pub fn threshold_seconds(&self) -> f64 {
        self.lag_threshold_seconds
            .unwrap_or(DEFAULT_LAG_THRESHOLD_SECONDS)
    }

    /// The window called `name`.
    pub fn window(&self, name: &str) -> Option<&PeakWindow> {
        self.peaks.iter().find(|w| w.name == name)
    }
}

impl PeakWindow {
    /// A window with no ramp and no unknown fields.
    pub fn new(name: impl Into<String>, multiplier: f64, duration_minutes: u32) -> Self {
        Self {
            name: name.into(),
            multiplier,
            duration_minutes,
            ramp_minutes: 0,
            extra: Map::new(),
        }
    }

    /// Minutes from the start of the ramp up to the end of the ramp down.
    pub fn span_minutes(&self) -> u64 {
        u64::from(self.duration_minutes) + 2 * u64::from(self.ramp_minutes)
    }

    /// Whether the window's own values keep the rules [`crate::validate`] checks: a name of
    /// 1..=[`MAX_NAME_CHARS`] characters, a finite multiplier in (0, [`MAX_PEAK_MULTIPLIER`]], a
    /// plateau of 1..=[`MAX_PEAK_MINUTES`] and ramps that keep the span within it. The analysis
    /// simulates no other window (it runs on invalid designs too).
    pub fn within_rules(&self) -> bool {
        let m = self.multiplier;
        !self.name.trim().is_empty()
            && self.name.chars().nth(MAX_NAME_CHARS).is_none()
            && m.is_finite()
            && m > 0.0
            && m <= MAX_PEAK_MULTIPLIER
            && (1..=MAX_PEAK_MINUTES).contains(&self.duration_minutes)
            && self.span_minutes() <= u64::from(MAX_PEAK_MINUTES)
    }

    /// The multiplier `minutes` after the plateau starts (negative: during the ramp up), at
    /// the middle of that minute, so that a minute step carries the ramp's exact mean.
    pub fn multiplier_at(&self, minute: i64) -> f64 {
        let ramp = i64::from(self.ramp_minutes);
        let plateau = i64::from(self.duration_minutes);
        let m = self.multiplier;
        let t = minute as f64 + 0.5;
        if minute < -ramp || minute >= plateau + ramp {
            1.0
        } else if minute < 0 {
            // t in (-ramp, 0): from 1 at -ramp to m at 0.
            1.0 + (m - 1.0) * (t + ramp as f64) / ramp as f64
        } else if minute < plateau {
            m
        } else {
            1.0 + (m - 1.0) * (plateau as f64 + ramp as f64 - t) / ramp as f64
        }
    }
}

/// The names of every window, over the design's profile and its writers' overrides, in the
/// order first seen (the design's first, then the nodes' in document order). Linear in the
/// windows of the design, valid or not.
pub fn window_names(design: &Design) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let profiles = design.load_profile.iter().chain(
        design
            .nodes
            .iter()
            .filter(|n| writes_base_rate(n))
            .filter_map(|n| n.load_profile.as_ref()),
    );
    for p in profiles {
        for w in &p.peaks {
            if seen.insert(&w.name) {
                names.push(&w.name);
            }
        }
    }
    names
}

/// Whether a node writes at a base rate of its own (a producer or a source connector): the
/// nodes a load profile applies to.
pub fn writes_base_rate(n: &Node) -> bool {
    matches!(n.kind, NodeKind::Producer | NodeKind::SourceConnector)
}

/// The window a writer follows: its own profile's when it has one (none when that profile
/// lacks the name: × 1), else the design's.
pub fn window_for<'a>(design: &'a Design, writer: &'a Node, name: &str) -> Option<&'a PeakWindow> {
    match &writer.load_profile {
        Some(own) => own.window(name),
        None => design.load_profile.as_ref()?.window(name),
    }
}

impl Validator {
    /// The rules of a profile at `prefix` (`load_profile`): bounded window count, unique
    /// one-line names, at most [`MAX_PEAK_WINDOWS`] distinct names over the design (the
    /// profiles seen so far, the design's first), multipliers, durations and ramps in range, the threshold in range (and
    /// only on the design's profile).
    pub(crate) fn load_profile(&mut self, el: Element, prefix: &str, p: &LoadProfile, on_design: bool) {
        self.members(&el, prefix, &p.extra);
        if let Some(t) = p.lag_threshold_seconds {
            let field = format!("{prefix}.lag_threshold_seconds");
            if !on_design {
                self.push(
                    el.clone(),
                    Some(&field),
                    "field.kind",
                    "the lag threshold is the design's (its `load_profile`), not a writer's",
                );
            } else if !(t.is_finite() && t > 0.0 && t <= MAX_LAG_THRESHOLD_SECONDS) {
                self.push(
                    el.clone(),
                    Some(&field),
                    "range",
                    format!("{t} must be > 0 and ≤ {MAX_LAG_THRESHOLD_SECONDS} seconds (one day)"),
                );
            }
        }
        if p.peaks.len() > MAX_PEAK_WINDOWS {
            self.push(
                el,
                Some(&format!("{prefix}.peaks")),
                "limit",
                format!("{} peak windows; at most {MAX_PEAK_WINDOWS}", p.peaks.len()),
            );
            return;
        }
        let mut over_design_limit = false;
        for (i, w) in p.peaks.iter().enumerate() {
            let field = |f: &str| format!("{prefix}.peaks[{i}].{f}");
            if !self.window_names.contains(&w.name) {
                if self.window_names.len() < MAX_PEAK_WINDOWS {
                    self.window_names.insert(w.name.clone());
                } else if !over_design_limit {
                    // Once per profile: the first name past the limit.
                    over_design_limit = true;
                    self.push(
                        el.clone(),
                        Some(&field("name")),
                        "limit",
                        format!(
                            "more than {MAX_PEAK_WINDOWS} distinct peak window names in the design; at most {MAX_PEAK_WINDOWS} over the design's profile and its writers' together (a writer's window joins the design's of the same name)"
                        ),
                    );
                }
            }
            if w.name.trim().is_empty() {
                self.push(el.clone(), Some(&field("name")), "required", "must not be empty");
            } else {
                self.text(el.clone(), &field("name"), &w.name, MAX_NAME_CHARS, false);
            }
            if p.peaks[..i].iter().any(|o| o.name == w.name) {
                self.push(
                    el.clone(),
                    Some(&field("name")),
                    "name.duplicate",
                    "another window of this profile has the same name",
                );
            }
            let m = w.multiplier;
            if !(m.is_finite() && m > 0.0 && m <= MAX_PEAK_MULTIPLIER) {
                self.push(
                    el.clone(),
                    Some(&field("multiplier")),
                    "range",
                    format!("{m} must be > 0 and ≤ {MAX_PEAK_MULTIPLIER}"),
                );
            }
            if !(1..=MAX_PEAK_MINUTES).contains(&w.duration_minutes) {
                self.push(
                    el.clone(),
                    Some(&field("duration_minutes")),
                    "range",
                    format!("{} is outside 1..={MAX_PEAK_MINUTES} minutes", w.duration_minutes),
                );
            } else if w.span_minutes() > u64::from(MAX_PEAK_MINUTES) {
                self.push(
                    el.clone(),
                    Some(&field("ramp_minutes")),
                    "range",
                    format!(
                        "ramp up, plateau and ramp down take {} minutes; a window takes at most {MAX_PEAK_MINUTES} (7 days)",
                        w.span_minutes()
                    ),
                );
            }
            self.members(&el, &format!("{prefix}.peaks[{i}]"), &w.extra);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shape_ramps_up_holds_and_ramps_down() {
        let w = PeakWindow {
            ramp_minutes: 2,
            ..PeakWindow::new("bf", 5.0, 3)
        };
        let m: Vec<f64> = (-3..7).map(|t| w.multiplier_at(t)).collect();
        assert_eq!(m, vec![1.0, 2.0, 4.0, 5.0, 5.0, 5.0, 4.0, 2.0, 1.0, 1.0]);
        assert_eq!(w.span_minutes(), 7);
    }

    #[test]
    fn no_ramp_is_a_step() {
        let w = PeakWindow::new("bf", 3.0, 2);
        let m: Vec<f64> = (-1..3).map(|t| w.multiplier_at(t)).collect();
        assert_eq!(m, vec![1.0, 3.0, 3.0, 1.0]);
    }

    #[test]
    fn within_rules_is_what_the_validator_asks_of_a_window() {
        let ok = PeakWindow {
            ramp_minutes: 40,
            ..PeakWindow::new("bf", 5.0, 10_000)
        };
        assert!(ok.within_rules());
        let bad = [
            PeakWindow::new("bf", 5.0, u32::MAX),
            PeakWindow::new("bf", 5.0, 0),
            PeakWindow {
                ramp_minutes: u32::MAX,
                ..PeakWindow::new("bf", 5.0, 10)
            },
            PeakWindow {
                ramp_minutes: 41,
                ..PeakWindow::new("bf", 5.0, 10_000)
            },
            PeakWindow::new("bf", f64::NAN, 10),
            PeakWindow::new("bf", f64::INFINITY, 10),
            PeakWindow::new("bf", 0.0, 10),
            PeakWindow::new("bf", MAX_PEAK_MULTIPLIER * 2.0, 10),
            PeakWindow::new(" ", 2.0, 10),
            PeakWindow::new("x".repeat(MAX_NAME_CHARS + 1), 2.0, 10),
        ];
        for w in bad {
            assert!(!w.within_rules(), "{w:?}");
            let d = Design {
                load_profile: Some(LoadProfile {
                    peaks: vec![w],
                    ..LoadProfile::default()
                }),
                ..Design::new("d")
            };
            assert!(!crate::validate(&d).is_empty());
        }
    }
}
