//! How the weights of ranked keys fall: every rank alike, or Zipf's law (rank k weighs
//! `k^-s`), and the sums of those weights (the head exactly and cached, the tail by an
//! integral), which scale a distribution's keys to shares.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// How the weights of the ranks fall.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Shape {
    /// Every rank weighs 1.
    Constant,
    /// Rank k weighs `k^-exponent`.
    Zipf(f64),
}

impl Shape {
    pub(super) fn weight_of(self, rank: u64) -> f64 {
        match self {
            Shape::Constant => 1.0,
            Shape::Zipf(s) => (rank as f64).powf(-s),
        }
    }

    /// Σ of the weights of the ranks `from + 1..=to` (`from ≤ to`), exactly.
    pub(super) fn weights_between(self, from: u64, to: u64) -> f64 {
        match self {
            Shape::Constant => (to - from) as f64,
            Shape::Zipf(s) => zipf_head(to, s) - zipf_head(from, s),
        }
    }

    /// The shape as a cache key.
    pub(super) fn bits(self) -> u64 {
        match self {
            Shape::Constant => u64::MAX,
            Shape::Zipf(s) => s.to_bits(),
        }
    }
}

/// Σ_{k=1}^{n} k^-s, kept per (n, s): a hundred thousand powers cost milliseconds.
pub(super) fn zipf_head(n: u64, s: f64) -> f64 {
    static HEADS: OnceLock<Mutex<HashMap<(u64, u64), f64>>> = OnceLock::new();
    let heads = HEADS.get_or_init(Mutex::default);
    if let Some(&sum) = heads
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&(n, s.to_bits()))
    {
        return sum;
    }
    let sum: f64 = (1..=n).map(|k| Shape::Zipf(s).weight_of(k)).sum();
    let mut heads = heads.lock().unwrap_or_else(|p| p.into_inner());
    if heads.len() >= 4096 {
        heads.clear();
    }
    heads.insert((n, s.to_bits()), sum);
    sum
}

/// Σ_{k=from+1}^{to} k^-s, by the integral with midpoint correction (exact enough for a tail of
/// light keys, and O(1) however large the cardinality).
pub(super) fn zipf_tail(from: u64, to: u64, s: f64) -> f64 {
    if to <= from {
        return 0.0;
    }
    let (a, b) = (from as f64 + 0.5, to as f64 + 0.5);
    if (s - 1.0).abs() < 1e-12 {
        (b / a).ln()
    } else {
        (b.powf(1.0 - s) - a.powf(1.0 - s)) / (1.0 - s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zipf_tail_matches_the_sum_for_small_ranges() {
        let exact: f64 = (11..=1000u64).map(|k| (k as f64).powf(-1.1)).sum();
        assert!((zipf_tail(10, 1000, 1.1) - exact).abs() / exact < 1e-3);
    }
}
