//! One reader's lag over one window's input, step by step (a minute each unless the analysis
//! had to coarsen): `lag(t + 1) = max(0, lag(t) + (input(t) − capacity) × 60 s)`, then at the
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
    fn tail_steps(&self) -> u32 {
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
}

/// The whole run at `capacity` records/s (> 0), with its series.
pub fn run(t: &Timeline, capacity: f64, threshold_seconds: f64, partitions: u32, instances: u32) -> PeakRun {
    let step = t.step_seconds();
    let mut series = Vec::with_capacity(t.input.len() + 1);
    let mut lag = 0.0f64;
    let mut push = |minute: u32, input: f64, lag: f64| {
        series.push(PeakPoint {
            minute,
            input_per_sec: input,
            capacity_per_sec: capacity,
            lag_records: lag,
            lag_seconds: lag / capacity,
        })
    };
    let mut minute = 0u32;
    for &input in t.input {
        lag = (lag + (input - capacity) * step).max(0.0);
        minute += t.step_minutes;
        push(minute, input, lag);
    }
    let mut tail = 0;
    while lag > 0.0 && tail < t.tail_steps() {
        lag = (lag + (t.base - capacity) * step).max(0.0);
        minute += t.step_minutes;
        tail += 1;
        push(minute, t.base, lag);
    }
    let (mut max_lag, mut max_minute) = (0.0, 0);
    for p in &series {
        if p.lag_records > max_lag {
            (max_lag, max_minute) = (p.lag_records, p.minute);
        }
    }
    let clears_after_minutes = if max_lag == 0.0 {
        Some(0)
    } else {
        series
            .iter()
            .find(|p| p.minute >= t.plateau_end && p.lag_records == 0.0)
            .map(|p| p.minute - t.plateau_end)
    };
    let max_lag_seconds = max_lag / capacity;
    PeakRun {
        partitions,
        instances,
        series,
        minutes_per_point: t.step_minutes,
        max_lag_records: max_lag,
        max_lag_seconds,
        max_lag_minute: max_minute,
        clears_after_minutes,
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
