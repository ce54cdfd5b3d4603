//! Pre-scale advice: the partitions and instances to have in place before a window so that a
//! reader's lag stays within the threshold.
//!
//! Partitions never fall, and grow to a multiple of today's count when one is enough: going
//! from `p` to `k × p` partitions keeps `1/k` of the keys on the partition they were on (a key's
//! new partition `h mod kp` is its old one exactly when `h mod kp < p`), the most any increase
//! can keep; in general `gcd(p, n) / max(p, n)` stay. Instances follow the partitions (one
//! consumer thread per partition: parallelism matches the worker count), never fewer than
//! today. Capacity is the steady model's ([`crate::lag`]): `min(n × r, r / hottest share)`.
//!
//! The search is bounded: a binary search over the candidates (each step one simulation that
//! stops at the first minute over the threshold). The hottest partition's share at a new count
//! is first estimated as `max(heaviest key, today's hottest × p / n)` (a partition of `p` splits
//! into `n / p` when `n` is a multiple, so no part is hotter than the whole, and none lighter
//! than a key); the chosen count is then checked with the real spread of the topic's keys
//! (Kafka's partitioner, [`crate::hotspot`]) and moved up a few candidates when the keys spread
//! worse than estimated. Past [`MAX_SPREADS`] spreads per analysis the estimate stands, and the
//! advice says so.

use std::collections::HashMap;

use crate::hotspot::{KeyMass, SpreadCache};
use crate::partitions::MAX_PARTITIONS;

use super::simulate::{keeps_under, Timeline};

/// Spreads of a topic's keys at a new partition count, per analysis.
pub const MAX_SPREADS: usize = 64;
/// Keys placed one by one by those spreads, in all (see [`crate::hotspot::PLACEMENT_BUDGET`]).
pub const SPREAD_PLACEMENTS: u64 = 2_000_000;
/// Candidates above the estimated one tried with the real spread.
const VERIFY_TRIES: usize = 4;

/// A reader as the advice sees it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Reader {
    /// Records/s per consumer thread.
    pub per_thread: f64,
    pub threads: u32,
    pub partitions: u32,
    pub instances: u32,
    /// Today's hottest partition share.
    pub hottest: f64,
    /// The heaviest key's share (0 for null keys).
    pub heaviest_key: f64,
    /// The topic's index (document order), for its keys.
    pub topic: usize,
    pub keyed: bool,
}

impl Reader {
    /// Instances for `n` partitions: one thread per partition, never fewer than today.
    pub fn instances_for(&self, n: u32) -> u32 {
        self.instances.max(n.div_ceil(self.threads.max(1)))
    }

    /// Records/s at `n` partitions whose hottest takes `hottest` (the steady model's formula).
    pub fn capacity(&self, n: u32, hottest: f64) -> f64 {
        let n = n.max(1);
        let consumers = self.instances_for(n).saturating_mul(self.threads.max(1)).min(n);
        let hottest = hottest.clamp(1.0 / f64::from(n), 1.0);
        (f64::from(consumers) * self.per_thread).min(self.per_thread / hottest)
    }

    /// The estimated hottest share at `n` partitions (see the module's documentation).
    fn estimated_hottest(&self, n: u32) -> f64 {
        let p = f64::from(self.partitions.max(1));
        (self.hottest * p / f64::from(n.max(1))).max(self.heaviest_key)
    }
}

/// The real spreads of the topics' keys at new counts, within a budget.
pub(super) struct Skew<'m> {
    masses: &'m dyn Fn(usize) -> Option<KeyMass>,
    loaded: HashMap<usize, Option<KeyMass>>,
    hottest: HashMap<(usize, u32), f64>,
    cache: SpreadCache,
    spreads_left: usize,
}

impl<'m> Skew<'m> {
    pub fn new(masses: &'m dyn Fn(usize) -> Option<KeyMass>) -> Self {
        Skew {
            masses,
            loaded: HashMap::new(),
            hottest: HashMap::new(),
            cache: SpreadCache::with_budget(SPREAD_PLACEMENTS),
            spreads_left: MAX_SPREADS,
        }
    }

    /// The hottest share of `topic` at `n` partitions, or `None` past the budget.
    fn hottest(&mut self, topic: usize, n: u32) -> Option<f64> {
        if let Some(&h) = self.hottest.get(&(topic, n)) {
            return Some(h);
        }
        if self.spreads_left == 0 {
            return None;
        }
        self.spreads_left -= 1;
        let masses = self.masses;
        let mass = self
            .loaded
            .entry(topic)
            .or_insert_with(|| masses(topic))
            .as_ref()?;
        let load = mass.spread_with(&mut self.cache, n);
        let h = load.shares.iter().copied().fold(0.0, f64::max);
        self.hottest.insert((topic, n), h);
        Some(h)
    }
}

/// What the advice found.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Advised {
    pub partitions: u32,
    pub instances: u32,
    pub capacity: f64,
    /// Whether the hottest share is the estimate (the spread budget was spent).
    pub skew_estimated: bool,
}

/// The smallest candidate that keeps `reader` within `threshold` over `t`, or why none does.
pub(super) fn advise(
    t: &Timeline,
    reader: &Reader,
    threshold: f64,
    skew: &mut Skew,
) -> Result<Advised, String> {
    let p = reader.partitions.clamp(1, MAX_PARTITIONS);
    let top_multiple = (MAX_PARTITIONS / p).max(1);
    let count = top_multiple as usize + usize::from(!MAX_PARTITIONS.is_multiple_of(p));
    let candidate = |i: usize| -> u32 {
        if i < top_multiple as usize {
            p * (i as u32 + 1)
        } else {
            MAX_PARTITIONS
        }
    };
    let passes = |n: u32, hottest: f64| keeps_under(t, reader.capacity(n, hottest), threshold);
    let top = candidate(count - 1);
    if !passes(top, reader.estimated_hottest(top)) {
        let r = reader.per_thread;
        return Err(if reader.heaviest_key * f64::from(top) >= 1.0 {
            format!(
                "one key carries {:.1} % of the records: at the plateau it alone outruns a consumer thread ({} records/s), and no partition count helps; salt the key",
                reader.heaviest_key * 100.0,
                units::count(r.round()),
            )
        } else {
            format!(
                "even {MAX_PARTITIONS} partitions and as many consumer threads ({} records/s) cannot keep the lag under the threshold; speed up the processing",
                units::count((r * f64::from(top)).round()),
            )
        });
    }
    // The smallest passing candidate on the estimate: passes(candidate(hi)) always holds.
    let (mut lo, mut hi) = (0usize, count - 1);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let n = candidate(mid);
        if passes(n, reader.estimated_hottest(n)) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    // Checked with the real spread of the keys (the estimate is exact for null keys, and at
    // today's count).
    for i in lo..count.min(lo + VERIFY_TRIES + 1) {
        let n = candidate(i);
        let real = if reader.keyed && n != p {
            skew.hottest(reader.topic, n)
        } else {
            Some(reader.estimated_hottest(n))
        };
        let skew_estimated = real.is_none();
        let hottest = real.unwrap_or_else(|| reader.estimated_hottest(n));
        if passes(n, hottest) {
            return Ok(Advised {
                partitions: n,
                instances: reader.instances_for(n),
                capacity: reader.capacity(n, hottest),
                skew_estimated,
            });
        }
    }
    Err(format!(
        "the keys spread unevenly over {} partitions and more: the hottest partition outruns its consumer thread; choose a key with more even values, or salt the heaviest",
        candidate(lo)
    ))
}

/// The share of keys that stay on their partition when a topic goes from `p` to `n`
/// partitions: `gcd(p, n) / max(p, n)` (`1/k` from `p` to `k × p`).
pub fn keys_kept_share(p: u32, n: u32) -> f64 {
    let (mut a, mut b) = (p.max(1), n.max(1));
    let max = a.max(b);
    while b != 0 {
        (a, b) = (b, a % b);
    }
    f64::from(a) / f64::from(max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multiple_keeps_one_key_in_k() {
        assert_eq!(keys_kept_share(10, 50), 0.2);
        assert_eq!(keys_kept_share(10, 10), 1.0);
        assert_eq!(keys_kept_share(10, 15), 5.0 / 15.0);
    }

    #[test]
    fn capacity_matches_the_steady_model() {
        let r = Reader {
            per_thread: 100.0,
            threads: 1,
            partitions: 10,
            instances: 5,
            hottest: 0.1,
            heaviest_key: 0.0,
            topic: 0,
            keyed: false,
        };
        let steady = crate::lag::group_load(crate::lag::GroupInput {
            input_messages_per_sec: 0.0,
            instances: 5,
            threads_per_instance: 1,
            processing_ms_per_record: 10.0,
            partitions: 10,
            hottest_partition_share: 0.1,
            heaviest_key_share: 0.0,
        });
        // Advice always runs one thread per partition: 10 instances at 10 partitions.
        assert_eq!(r.instances_for(10), 10);
        assert_eq!(steady.capacity_messages_per_sec, Some(500.0));
        assert_eq!(r.capacity(10, 0.1), 1_000.0);
        assert_eq!(r.capacity(30, 1.0 / 30.0), 3_000.0);
    }
}
