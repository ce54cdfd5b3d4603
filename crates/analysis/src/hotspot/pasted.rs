//! Pasted keys, merged once per producer: identical keys are one key, kept as its hash and its
//! share; the heaviest few keep their text for the report.
//!
//! A first pass over the keys computes each key's partitioner hash (murmur2); a second makes one
//! row per key (murmur2, place, and a 64-bit hash of its text: foldhash, seeded at random per
//! process, so nobody can aim at it) straight into its bucket of a bucket sort by murmur2
//! ([`for_each_sorted_bucket`], linear), so that identical keys meet. Within a run of equal
//! murmur2 the second hash tells keys apart, sorting the run by it when it differs. The key text
//! is not read in murmur2 order (that was a cache miss per key, most of the time of a million
//! keys). murmur2 collisions are easy to make on purpose, so the run sort matters: pairwise
//! comparison within a run (what a naive merge does) turns a million colliding keys into 10^12
//! comparisons, a sort into 2·10^7.
//!
//! Two different keys are taken for one only if both hashes agree: by chance, about 3·10^-8 for
//! a million keys; on purpose, not without the process's random seed. Even then the partition
//! loads are exact (the two keys have the same murmur2, so the same partition); only the count
//! of distinct keys and the list of the heaviest would merge them.

use std::hash::BuildHasher;

use design::PastedKeys;

use super::TOP_KEYS;
use crate::partitioner::{murmur2, to_positive};

/// The distinct keys of a sample, each with its partitioner hash and its share.
#[derive(Debug)]
pub(super) struct MergedKeys {
    /// `toPositive(murmur2(key))` of each distinct key (the partition is this modulo the count).
    hashes: Vec<u32>,
    shares: Shares,
    /// The heaviest distinct keys with their shares, heaviest first (ties: first appearance).
    top: Vec<(String, f64)>,
}

/// The shares of the distinct keys: all equal (no weights, no repeats), or one each.
#[derive(Debug)]
enum Shares {
    /// No weights, no repeats: every distinct key weighs the same.
    Equal(f64),
    /// No weights: each distinct key's number of appearances, times one share.
    Counts(Vec<u32>, f64),
    /// Weights given: each distinct key's summed weight over the total.
    Each(Vec<f64>),
}

impl MergedKeys {
    /// Merges `keys` (with optional weights; a missing weight counts as 0). `None` when there is
    /// nothing to spread (no key, or weights summing to nothing).
    pub(super) fn merge(keys: &PastedKeys, weights: Option<&[f64]>) -> Option<Self> {
        let total: f64 = match weights {
            Some(w) => w.iter().take(keys.len()).sum(),
            None => keys.len() as f64,
        };
        if keys.is_empty() || !(total > 0.0 && total.is_finite()) {
            return None;
        }
        let weight = |i: usize| match weights {
            Some(w) => w.get(i).copied().unwrap_or(0.0),
            None => 1.0,
        };
        // Each key's murmur2 first (how many rows each bucket gets), then one row per key, in
        // order of appearance, made straight into its bucket: the stable sort by murmur2 keeps
        // that order within a run of equal hashes.
        let murmur: Vec<u32> = keys.iter().map(|k| murmur2(k.as_bytes()) as u32).collect();
        let text = foldhash::fast::RandomState::default();
        let rows = keys.iter().zip(&murmur).enumerate().map(|(i, (k, &hash))| Row {
            hash,
            index: i as u32,
            text: text.hash_one(k.as_bytes()),
        });
        let mut hashes = Vec::with_capacity(keys.len());
        // Reserved, not touched: only what is written takes memory. Without weights a key's
        // share is its count over the total, and counts take half the room of shares.
        let mut each: Vec<f64> = Vec::with_capacity(if weights.is_some() { keys.len() } else { 0 });
        let mut counts: Vec<u32> = Vec::with_capacity(if weights.is_some() { 0 } else { keys.len() });
        let mut repeated = false;
        let mut top = TopShares::default();
        for_each_sorted_bucket(
            &murmur,
            rows,
            |r| r.hash,
            |bucket| {
                let mut start = 0;
                while start < bucket.len() {
                    let hash = bucket[start].hash;
                    let mut end = start + 1;
                    while end < bucket.len() && bucket[end].hash == hash {
                        end += 1;
                    }
                    let run = &mut bucket[start..end];
                    // A run of equal hashes is nearly always one key repeated (in order of
                    // appearance); only when the second hashes differ (a collision) is it sorted by
                    // them, so that identical keys are adjacent and the first of each is its first
                    // appearance.
                    let one_key = run[1..].iter().all(|r| r.text == run[0].text);
                    if !one_key {
                        run.sort_unstable_by_key(|r| (r.text, r.index));
                    }
                    let mut i = 0;
                    while i < run.len() {
                        let first = run[i].index as usize;
                        let mut j = i + 1;
                        if one_key {
                            j = run.len();
                        } else {
                            while j < run.len() && run[j].text == run[i].text {
                                j += 1;
                            }
                        }
                        repeated |= j - i > 1;
                        // The heaviest are chosen by weight (share × total: the same order), and
                        // divided once chosen: no division per key.
                        let mass = match weights {
                            Some(_) => {
                                let sum = run[i..j].iter().map(|r| weight(r.index as usize)).sum::<f64>();
                                each.push(sum / total);
                                sum
                            }
                            None => {
                                counts.push((j - i) as u32);
                                (j - i) as f64
                            }
                        };
                        hashes.push(to_positive(hash as i32));
                        top.offer(first, mass);
                        i = j;
                    }
                    start = end;
                }
            },
        );
        let shares = match (weights, repeated) {
            (Some(_), _) => Shares::Each(each),
            (None, false) => Shares::Equal(1.0 / total),
            (None, true) => Shares::Counts(counts, 1.0 / total),
        };
        let top = top
            .into_sorted()
            .into_iter()
            .map(|(i, w)| (keys.get(i).to_owned(), w / total))
            .collect();
        Some(MergedKeys { hashes, shares, top })
    }

    /// How many distinct keys there are.
    pub(super) fn len(&self) -> usize {
        self.hashes.len()
    }

    /// The heaviest keys with their shares, heaviest first.
    pub(super) fn top(&self) -> &[(String, f64)] {
        &self.top
    }

    /// Adds each key's share × `factor` to the partition it lands on (`shares.len()` partitions).
    pub(super) fn add_to(&self, shares: &mut [f64], factor: f64) {
        let p = FastMod::new(shares.len() as u32);
        match &self.shares {
            Shares::Equal(s) => {
                // Count first: one multiplication per partition instead of an addition per key.
                let mut counts = vec![0u32; shares.len()];
                for &h in &self.hashes {
                    counts[p.rem(h) as usize] += 1;
                }
                for (share, count) in shares.iter_mut().zip(counts) {
                    *share += f64::from(count) * s * factor;
                }
            }
            Shares::Counts(counts, unit) => {
                let mut sums = vec![0u64; shares.len()];
                for (&h, &c) in self.hashes.iter().zip(counts) {
                    sums[p.rem(h) as usize] += u64::from(c);
                }
                for (share, sum) in shares.iter_mut().zip(sums) {
                    *share += sum as f64 * unit * factor;
                }
            }
            Shares::Each(each) => {
                for (&h, &s) in self.hashes.iter().zip(each) {
                    shares[p.rem(h) as usize] += s * factor;
                }
            }
        }
    }
}

/// `a % d` for a fixed `d` without a division per call (Lemire, Kaser and Kurz, "Faster
/// remainder by direct computation", 2019): exact for every 32-bit `a` and `d > 0`.
#[derive(Clone, Copy)]
pub(super) struct FastMod {
    m: u64,
    d: u32,
}

impl FastMod {
    pub(super) fn new(d: u32) -> Self {
        let d = d.max(1);
        Self {
            m: (u64::MAX / u64::from(d)).wrapping_add(1),
            d,
        }
    }

    #[inline]
    pub(super) fn rem(self, a: u32) -> u32 {
        if self.d == 1 {
            return 0;
        }
        let low = self.m.wrapping_mul(u64::from(a));
        ((u128::from(low) * u128::from(self.d)) >> 64) as u32
    }
}

/// The `TOP_KEYS` heaviest of the keys offered, by share or by anything in the same order (the
/// merge offers counts and summed weights, and divides only the chosen), ties broken by first
/// appearance (the smaller index), so the selection never compares strings. The heap's top is
/// the weakest kept.
#[derive(Default)]
pub(super) struct TopShares(std::collections::BinaryHeap<Weakest>);

#[derive(PartialEq)]
struct Weakest {
    share: f64,
    idx: usize,
}

impl Eq for Weakest {}

impl Ord for Weakest {
    /// Weaker is greater: a smaller share, or the same share appearing later.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.share.total_cmp(&self.share).then(self.idx.cmp(&other.idx))
    }
}

impl PartialOrd for Weakest {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl TopShares {
    pub(super) fn offer(&mut self, idx: usize, share: f64) {
        let candidate = Weakest { share, idx };
        if self.0.len() < TOP_KEYS {
            self.0.push(candidate);
        } else if self.0.peek().is_some_and(|weakest| candidate < *weakest) {
            self.0.pop();
            self.0.push(candidate);
        }
    }

    /// Heaviest first.
    pub(super) fn into_sorted(self) -> Vec<(usize, f64)> {
        self.0
            .into_sorted_vec()
            .into_iter()
            .map(|w| (w.idx, w.share))
            .collect()
    }
}

/// Hands `each` the rows sorted by hash, stably (equal hashes in the order given), a bucket at
/// a time, buckets in ascending order; rows with equal hashes are always in one bucket. `rows`
/// gives one row per hash in `hashes`, in the same order (`hash` reads it back from the row).
///
/// The hashes' top 11 bits say how many rows each of 2 048 buckets gets, and each row is put
/// into its bucket as it is made (a few hundred rows a bucket for a million keys: within the
/// caches); each bucket is then sorted by the low 21 bits where it lies, in three 7-bit
/// counting passes (insertion sort when small), and handed over while still cached. The rows
/// cross main memory once, where a whole-array radix sort crosses it once per pass and once
/// more to be read. Linear time whatever the hashes (a bucket of a million colliding rows is
/// three counting passes too).
pub(super) fn for_each_sorted_bucket<T: Copy + Default>(
    hashes: &[u32],
    rows: impl IntoIterator<Item = T>,
    hash: impl Fn(&T) -> u32,
    mut each: impl FnMut(&mut [T]),
) {
    const TOP_BITS: u32 = 11;
    const BUCKETS: usize = 1 << TOP_BITS;
    let top = |h: u32| (h >> (32 - TOP_BITS)) as usize;
    let mut starts = vec![0usize; BUCKETS + 1];
    for &h in hashes {
        starts[top(h) + 1] += 1;
    }
    for b in 0..BUCKETS {
        starts[b + 1] += starts[b];
    }
    let mut scattered = vec![T::default(); hashes.len()];
    let mut at = starts.clone();
    let mut made = 0;
    for (&h, r) in hashes.iter().zip(rows) {
        let b = top(h);
        scattered[at[b]] = r;
        at[b] += 1;
        made += 1;
    }
    assert_eq!(made, hashes.len(), "one row per hash");
    let mut scratch = Vec::new();
    for b in 0..BUCKETS {
        let bucket = &mut scattered[starts[b]..starts[b + 1]];
        if bucket.is_empty() {
            continue;
        }
        sort_low_bits(bucket, &mut scratch, &hash);
        each(bucket);
    }
}

/// Sorts rows that share their hash's top 11 bits by the other 21, stably.
fn sort_low_bits<T: Copy + Default>(rows: &mut [T], scratch: &mut Vec<T>, hash: &impl Fn(&T) -> u32) {
    const SMALL: usize = 24;
    if rows.len() <= SMALL {
        // Insertion sort: stable, and quicker than counting for a handful.
        for i in 1..rows.len() {
            let r = rows[i];
            let h = hash(&r);
            let mut j = i;
            while j > 0 && hash(&rows[j - 1]) > h {
                rows[j] = rows[j - 1];
                j -= 1;
            }
            rows[j] = r;
        }
        return;
    }
    const BITS: u32 = 7;
    const DIGITS: usize = 1 << BITS;
    const MASK: u32 = (DIGITS - 1) as u32;
    scratch.clear();
    scratch.resize(rows.len(), T::default());
    let (mut from, mut to): (&mut [T], &mut [T]) = (rows, scratch.as_mut_slice());
    for shift in [0, BITS, 2 * BITS] {
        let mut offsets = [0usize; DIGITS];
        for r in from.iter() {
            offsets[((hash(r) >> shift) & MASK) as usize] += 1;
        }
        let mut sum = 0;
        for o in offsets.iter_mut() {
            let n = *o;
            *o = sum;
            sum += n;
        }
        for r in from.iter() {
            let d = ((hash(r) >> shift) & MASK) as usize;
            to[offsets[d]] = *r;
            offsets[d] += 1;
        }
        std::mem::swap(&mut from, &mut to);
    }
    // Three passes: the sorted rows are in the scratch; copy them home.
    to.copy_from_slice(from);
}

/// One pasted key while merging: its murmur2, its place in the sample, the hash of its text.
#[derive(Clone, Copy, Default)]
pub(super) struct Row {
    hash: u32,
    index: u32,
    text: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Sorted by the bucket sort: every bucket's rows, in the order handed over.
    fn bucket_sorted(rows: Vec<u64>) -> Vec<u64> {
        let hashes: Vec<u32> = rows.iter().map(|r| (r >> 32) as u32).collect();
        let mut out = Vec::new();
        for_each_sorted_bucket(&hashes, rows, |r| (r >> 32) as u32, |b| out.extend_from_slice(b));
        out
    }

    #[test]
    fn the_bucket_sort_orders_by_hash_and_keeps_equal_hashes_in_order() {
        let rows: Vec<u64> = vec![7u64 << 32 | 2, 1 << 32 | 5, 7 << 32 | 1, u64::MAX, 0];
        assert_eq!(
            bucket_sorted(rows),
            vec![0, 1 << 32 | 5, 7 << 32 | 2, 7 << 32 | 1, u64::MAX]
        );
    }

    #[test]
    fn repeats_merge_and_weights_add_up() {
        let keys: PastedKeys = ["a", "b", "a", "c", "a"].into_iter().collect();
        let merged = MergedKeys::merge(&keys, Some(&[1.0, 2.0, 3.0, 0.0, 4.0])).unwrap();
        assert_eq!(merged.len(), 3);
        assert_eq!(merged.top()[0], ("a".to_string(), 0.8));
        assert_eq!(merged.top()[1], ("b".to_string(), 0.2));
        assert_eq!(merged.top()[2], ("c".to_string(), 0.0));
    }

    /// Keys that collide under murmur2 but differ stay apart, and merging them takes a sort,
    /// not a pairwise scan.
    #[test]
    fn colliding_keys_stay_distinct() {
        let keys = crate::partitioner::colliding_keys(2_000);
        let first = murmur2(keys[0].as_bytes());
        assert!(keys.iter().all(|k| murmur2(k.as_bytes()) == first));
        let doubled: PastedKeys = keys.iter().chain(&keys).collect();
        let merged = MergedKeys::merge(&doubled, None).unwrap();
        assert_eq!(merged.len(), keys.len());
        assert!(merged
            .top()
            .iter()
            .all(|(_, s)| (*s - 2.0 / doubled.len() as f64).abs() < 1e-15));
    }

    proptest! {
        /// The bucket sort is a stable sort by the hash, for buckets small (insertion sort) and
        /// large (counting), and hashes crowded into a few buckets or spread over all.
        #[test]
        fn the_bucket_sort_is_a_stable_sort(
            hashes in proptest::collection::vec(prop_oneof![any::<u32>(), 0u32..64, (0u32..8).prop_map(|h| h << 21 | 0x1f_ffff)], 0..3000),
        ) {
            // The row's index in its low half: the stable order to expect.
            let rows: Vec<u64> = hashes.iter().enumerate().map(|(i, &h)| u64::from(h) << 32 | i as u64).collect();
            let mut expected = rows.clone();
            expected.sort_by_key(|r| r >> 32);
            prop_assert_eq!(bucket_sorted(rows), expected);
        }

        /// The merge agrees with counting the keys by their text.
        #[test]
        fn merging_counts_each_distinct_key_once(keys in proptest::collection::vec("[ab]{0,3}", 1..200)) {
            let pasted: PastedKeys = keys.iter().map(String::as_str).collect();
            let merged = MergedKeys::merge(&pasted, None).unwrap();
            let mut naive = std::collections::HashMap::new();
            for k in &keys {
                *naive.entry(k.as_str()).or_insert(0usize) += 1;
            }
            prop_assert_eq!(merged.len(), naive.len());
            for (key, share) in merged.top() {
                prop_assert_eq!(*share, naive[key.as_str()] as f64 / keys.len() as f64);
            }
        }

        #[test]
        fn fast_mod_is_the_remainder(a in any::<u32>(), d in 1u32..=u32::MAX) {
            prop_assert_eq!(FastMod::new(d).rem(a), a % d);
        }
    }
}
