//! One reader's lag over one window's input, step by step (a minute each unless the window's
//! plan coarsened it, see [`super`]): `lag(t + 1) = max(0, lag(t) + (input(t) − capacity) × 60 s)`, then at the
//! base rate after the window until the lag clears or [`TAIL_MINUTES`] have passed.
//!
//! Lag in seconds is `lag records / capacity`: how long a record arriving now waits behind the
//! records ahead of it, drained at the group's capacity. Capacity is constant over a window
//! (the group does not scale during it); the input is what the window's writers send.

use serde::Serialize;

/// How long after the window the simulation follows a lag that has not cleared (24 h).
pub const TAIL_MINUTES: u32 = 1_440;

/// One point of a run: the lag at the end of a step.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PeakPoint {
    /// Minutes from the start of the window's ramp up to the end of this step.
    pub minute: u32,
    /// Records/s arriving during the step.
    pub input_per_sec: f64,
    /// Records/s the reader drains.
    pub capacity_per_sec: f64,
    /// Records waiting at the end of the step.
    pub lag_records: f64,
    /// `lag_records / capacity_per_sec`: the wait of a record arriving then.
    pub lag_seconds: f64,
}

/// A reader's lag over a window at one partition and instance count.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PeakRun {
    pub partitions: u32,
    pub instances: u32,
    /// The lag step by step (every `minutes_per_point` minutes).
    pub series: Vec<PeakPoint>,
    /// Minutes between two points: the simulation's step, or more when the series was thinned
    /// to keep the analysis within [`super::MAX_PEAK_POINTS`].
    pub minutes_per_point: u32,
    pub max_lag_records: f64,
    pub max_lag_seconds: f64,
    /// When the lag peaks, in minutes from the start of the ramp up.
    pub max_lag_minute: u32,
    /// Minutes after the plateau ends until no lag is left (0: none left, or none built);
    /// `null` when it does not clear within 24 h of the window.
    pub clears_after_minutes: Option<u32>,
    /// Whether the lag goes over the threshold.
    pub exceeds_threshold: bool,
    pub capacity_per_sec_at_plateau: f64,
    pub input_per_sec_at_plateau: f64,
}

/// A window's input into one topic, step by step.
#[derive(Clone, Copy, Debug)]
pub struct Timeline<'a> {
    /// Records/s per step from the ramp's start to the end of the window.
    pub input: &'a [f64],
    /// Records/s after the window.
    pub base: f64,
    pub step_minutes: u32,
    /// Minutes from the ramp's start to the plateau's start and end.
    pub plateau_start: u32,
    pub plateau_end: u32,
}

impl Timeline<'_> {
    /// Steps of the tail at most.
    pub fn tail_steps(&self) -> u32 {
        TAIL_MINUTES.div_ceil(self.step_minutes.max(1))
    }

    fn step_seconds(&self) -> f64 {
        60.0 * f64::from(self.step_minutes.max(1))
    }

    /// The input at the plateau's start.
    fn at_plateau(&self) -> f64 {
        let i = (self.plateau_start / self.step_minutes.max(1)) as usize;
        self.input
            .get(i)
            .or(self.input.last())
            .copied()
            .unwrap_or(self.base)
    }

    /// The run's steps at `capacity`: the window's, then the tail's while lag is left.
    fn steps(&self, capacity: f64) -> Steps<'_> {
        Steps {
            t: self,
            capacity,
            step_seconds: self.step_seconds(),
            tail_steps: self.tail_steps(),
            next: 0,
            tail: 0,
            lag: 0.0,
            minute: 0,
        }
    }
}

/// One step of a run: the minute at its end, the input during it, the lag at its end.
struct Step {
    minute: u32,
    input: f64,
    lag: f64,
}

struct Steps<'a> {
    t: &'a Timeline<'a>,
    capacity: f64,
    step_seconds: f64,
    tail_steps: u32,
    next: usize,
    tail: u32,
    lag: f64,
    minute: u32,
}

impl Iterator for Steps<'_> {
    type Item = Step;

    fn next(&mut self) -> Option<Step> {
        let input = if let Some(&x) = self.t.input.get(self.next) {
            self.next += 1;
            x
        } else if self.lag > 0.0 && self.tail < self.tail_steps {
            self.tail += 1;
            self.t.base
        } else {
            return None;
        };
        self.lag = (self.lag + (input - self.capacity) * self.step_seconds).max(0.0);
        self.minute = self.minute.saturating_add(self.t.step_minutes);
        Some(Step {
            minute: self.minute,
            input,
            lag: self.lag,
        })
    }
}

/// A run's figures without its series.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LagStats {
    pub max_lag_records: f64,
    pub max_lag_minute: u32,
    pub clears_after_minutes: Option<u32>,
    /// Steps simulated: the window's, and the tail's until the lag cleared.
    pub steps: usize,
}

/// The figures of a run at `capacity` records/s (> 0), in one pass and no allocation.
pub fn lag_stats(t: &Timeline, capacity: f64) -> LagStats {
    let (mut max_lag, mut max_minute, mut cleared, mut steps) = (0.0, 0, None, 0usize);
    for s in t.steps(capacity) {
        steps += 1;
        if s.lag > max_lag {
            (max_lag, max_minute) = (s.lag, s.minute);
        }
        if cleared.is_none() && s.minute >= t.plateau_end && s.lag == 0.0 {
            cleared = Some(s.minute - t.plateau_end);
        }
    }
    LagStats {
        max_lag_records: max_lag,
        max_lag_minute: max_minute,
        clears_after_minutes: if max_lag == 0.0 { Some(0) } else { cleared },
        steps,
    }
}

/// The whole run at `capacity` records/s (> 0), with its series.
pub fn run(t: &Timeline, capacity: f64, threshold_seconds: f64, partitions: u32, instances: u32) -> PeakRun {
    run_within(
        t,
        capacity,
        threshold_seconds,
        (partitions, instances),
        usize::MAX,
    )
}

/// [`run`] with at most `max_points` points (at least one), thinned evenly: every `k`-th step
/// and the last one. Two passes: the figures (and the run's length), then the series.
pub fn run_within(
    t: &Timeline,
    capacity: f64,
    threshold_seconds: f64,
    (partitions, instances): (u32, u32),
    max_points: usize,
) -> PeakRun {
    let stats = lag_stats(t, capacity);
    let every = stats.steps.div_ceil(max_points.max(1)).max(1);
    let last = stats.steps.saturating_sub(1);
    let series: Vec<PeakPoint> = t
        .steps(capacity)
        .enumerate()
        .filter(|(i, _)| i % every == every - 1 || *i == last)
        .map(|(_, s)| PeakPoint {
            minute: s.minute,
            input_per_sec: s.input,
            capacity_per_sec: capacity,
            lag_records: s.lag,
            lag_seconds: s.lag / capacity,
        })
        .collect();
    let max_lag_seconds = stats.max_lag_records / capacity;
    PeakRun {
        partitions,
        instances,
        series,
        minutes_per_point: t
            .step_minutes
            .saturating_mul(u32::try_from(every).unwrap_or(u32::MAX)),
        max_lag_records: stats.max_lag_records,
        max_lag_seconds,
        max_lag_minute: stats.max_lag_minute,
        clears_after_minutes: stats.clears_after_minutes,
        exceeds_threshold: max_lag_seconds > threshold_seconds,
        capacity_per_sec_at_plateau: capacity,
        input_per_sec_at_plateau: t.at_plateau(),
    }
}

/// Whether the lag stays within `threshold_seconds` at `capacity` (what [`run`] says in
/// `exceeds_threshold`), without keeping a series: stops at the first step over it.
pub fn keeps_under(t: &Timeline, capacity: f64, threshold_seconds: f64) -> bool {
    let step = t.step_seconds();
    let limit = threshold_seconds * capacity;
    let mut lag = 0.0f64;
    for &input in t.input {
        lag = (lag + (input - capacity) * step).max(0.0);
        if lag > limit {
            return false;
        }
    }
    if lag == 0.0 || t.base <= capacity {
        return true; // after the window the lag only falls
    }
    // The base outruns the reader: the lag grows until the simulation stops following it.
    lag + (t.base - capacity) * step * f64::from(t.tail_steps()) <= limit
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timeline(input: &[f64], base: f64) -> Timeline<'_> {
        Timeline {
            input,
            base,
            step_minutes: 1,
            plateau_start: 0,
            plateau_end: input.len() as u32,
        }
    }

    #[test]
    fn lag_builds_then_clears_after_the_plateau() {
        // 200/s over a capacity of 100/s for 3 minutes: 6 000 records behind each minute.
        let input = [200.0, 200.0, 200.0];
        let t = timeline(&input, 50.0);
        let r = run(&t, 100.0, 60.0, 1, 1);
        assert_eq!(r.max_lag_records, 18_000.0);
        assert_eq!(r.max_lag_seconds, 180.0);
        assert_eq!(r.max_lag_minute, 3);
        // 50/s spare: 3 000 a minute, 6 minutes to clear.
        assert_eq!(r.clears_after_minutes, Some(6));
        assert!(r.exceeds_threshold);
        assert!(!keeps_under(&t, 100.0, 60.0));
        assert!(keeps_under(&t, 100.0, 180.0));
    }

    #[test]
    fn a_thinned_run_keeps_the_figures_and_the_last_point() {
        let input = [200.0; 100];
        let t = timeline(&input, 50.0);
        let full = run(&t, 100.0, 60.0, 1, 1);
        let thin = run_within(&t, 100.0, 60.0, (1, 1), 10);
        assert!(thin.series.len() <= 10, "{}", thin.series.len());
        assert_eq!(thin.series.last(), full.series.last());
        assert_eq!(thin.minutes_per_point, full.series.len().div_ceil(10) as u32);
        assert_eq!(
            (
                thin.max_lag_records,
                thin.max_lag_minute,
                thin.clears_after_minutes
            ),
            (
                full.max_lag_records,
                full.max_lag_minute,
                full.clears_after_minutes
            )
        );
        let stats = lag_stats(&t, 100.0);
        assert_eq!(stats.steps, full.series.len());
        assert_eq!(stats.max_lag_records, full.max_lag_records);
    }

    #[test]
    fn minutes_saturate_rather_than_wrap() {
        let input = [200.0, 200.0];
        let t = Timeline {
            step_minutes: u32::MAX / 2 + 1,
            ..timeline(&input, 50.0)
        };
        let r = run(&t, 100.0, 60.0, 1, 1);
        assert!(r.series.windows(2).all(|p| p[0].minute <= p[1].minute));
        assert_eq!(r.series.last().map(|p| p.minute), Some(u32::MAX));
    }

    #[test]
    fn a_base_over_capacity_never_clears() {
        let input = [200.0];
        let t = timeline(&input, 101.0);
        let r = run(&t, 100.0, 1e9, 1, 1);
        assert_eq!(r.clears_after_minutes, None);
        assert_eq!(r.series.len(), 1 + TAIL_MINUTES as usize);
        assert_eq!(r.max_lag_minute, 1 + TAIL_MINUTES);
        assert_eq!(
            keeps_under(&t, 100.0, 60.0),
            !run(&t, 100.0, 60.0, 1, 1).exceeds_threshold
        );
    }
}
