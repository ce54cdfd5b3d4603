//! Key hotspots: how a topic's load spreads over its partitions under Kafka's partitioner.
//!
//! Keys are placed by [`crate::partitioner::partition_for_key`], the real algorithm. Pasted
//! sample keys are hashed as they are. Modelled distributions are enumerated as synthetic keys
//! `"{field}-{rank}"` (the hash spreads any key set alike, so the shape of the load is what it
//! would be with real keys of that distribution): every key up to [`ENUMERATED_KEYS`], and the
//! remaining tail, made of many light keys, spread evenly. Null keys (`none`) use sticky
//! partitioning and spread evenly over time.

use serde::Serialize;

use crate::partitioner::{murmur2, partition_for_key, to_positive};
use design::KeyDistribution;

/// How many keys of a modelled distribution are hashed one by one.
pub const ENUMERATED_KEYS: u64 = 100_000;
/// A partition more than this much above the mean is hot (10 %).
pub const HOT_DEVIATION: f64 = 0.10;
/// How many of the heaviest keys a report lists.
pub const TOP_KEYS: usize = 10;

/// One key and where it lands.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyLoad {
    pub key: String,
    pub partition: u32,
    /// Share of the topic's records with this key (0..=1).
    pub share: f64,
}

/// The spread of one key distribution (or a mix of them) over `partitions`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartitionLoad {
    pub partitions: u32,
    /// Share of records per partition; sums to 1.
    #[serde(rename = "partition_load")]
    pub shares: Vec<f64>,
    /// Largest share over the mean share (1.0 = perfectly even).
    pub max_over_mean: f64,
    /// How far the hottest partition is above the mean, in percent.
    pub deviation_pct: f64,
    /// Partitions more than 10 % above the mean.
    pub hot_partitions: Vec<u32>,
    /// The heaviest keys, heaviest first.
    pub top_keys: Vec<KeyLoad>,
    /// Share of the single heaviest key.
    pub heaviest_key_share: f64,
}

/// Pasted keys, as given (may repeat).
#[derive(Clone, Debug, Default)]
struct ListedKeys(Vec<String>);

impl ListedKeys {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn get(&self, i: usize) -> &str {
        &self.0[i]
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

/// The shares of pasted keys: all equal (no weights given), or one each.
#[derive(Clone, Debug)]
enum Shares {
    Equal(f64),
    Each(Vec<f64>),
}

impl Shares {
    fn get(&self, i: usize) -> f64 {
        match self {
            Shares::Equal(s) => *s,
            Shares::Each(v) => v[i],
        }
    }

    fn scaled(self, f: f64) -> Self {
        match self {
            Shares::Equal(s) => Shares::Equal(s * f),
            Shares::Each(v) => Shares::Each(v.into_iter().map(|s| s * f).collect()),
        }
    }
}

/// A weighted set of keys: explicit keys, ranges of synthetic keys, and an evenly spread
/// remainder. Synthetic keys are never materialised as strings unless they make the top list.
#[derive(Clone, Debug, Default)]
pub struct KeyMass {
    sets: Vec<KeySet>,
    even: f64,
}

#[derive(Clone, Debug)]
enum KeySet {
    /// Pasted keys with their shares (may repeat).
    Listed { keys: ListedKeys, shares: Shares },
    /// Keys `"{prefix}{rank}"` for `rank` in `1..=count`, heaviest first.
    Ranked {
        prefix: String,
        count: u64,
        weights: RankWeights,
    },
    /// One named key.
    Single { key: String, share: f64 },
}

#[derive(Clone, Copy, Debug)]
enum RankWeights {
    /// Every rank has this share.
    Constant(f64),
    /// Rank k has `k^-exponent × scale`.
    Zipf { exponent: f64, scale: f64 },
}

impl RankWeights {
    fn scaled(self, f: f64) -> Self {
        match self {
            RankWeights::Constant(w) => RankWeights::Constant(w * f),
            RankWeights::Zipf { exponent, scale } => RankWeights::Zipf {
                exponent,
                scale: scale * f,
            },
        }
    }
}

/// Work shared by the spreads of one analysis: the partition of every synthetic key per
/// (prefix, count, partitions), and Zipf weights per (count, exponent). Topics fed by producers
/// with the same key field and partition count hash their keys once.
#[derive(Debug, Default)]
pub struct SpreadCache {
    partitions: std::collections::HashMap<(String, u64, u32), std::rc::Rc<Vec<u32>>>,
    zipf: std::collections::HashMap<(u64, u64), std::rc::Rc<Vec<f64>>>,
}

impl SpreadCache {
    fn partitions_of(&mut self, prefix: &str, count: u64, partitions: u32) -> std::rc::Rc<Vec<u32>> {
        let key = (prefix.to_string(), count, partitions);
        if let Some(hit) = self.partitions.get(&key) {
            return hit.clone();
        }
        let mut buf = String::with_capacity(prefix.len() + 20);
        buf.push_str(prefix);
        let list: Vec<u32> = (1..=count)
            .map(|rank| {
                buf.truncate(prefix.len());
                push_decimal(&mut buf, rank);
                partition_for_key(buf.as_bytes(), partitions)
            })
            .collect();
        let list = std::rc::Rc::new(list);
        self.partitions.insert(key, list.clone());
        list
    }

    fn zipf_weights(&mut self, count: u64, exponent: f64) -> std::rc::Rc<Vec<f64>> {
        self.zipf
            .entry((count, exponent.to_bits()))
            .or_insert_with(|| std::rc::Rc::new((1..=count).map(|k| (k as f64).powf(-exponent)).collect()))
            .clone()
    }
}

/// Appends `n` in decimal (what `format!("{n}")` writes, without the formatting machinery).
fn push_decimal(buf: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.push_str(std::str::from_utf8(&digits[i..]).expect("ASCII digits"));
}

impl KeyMass {
    /// The keys of `dist` with their shares (summing to 1), for a key field named `field`.
    pub fn of(dist: &KeyDistribution, field: &str) -> Self {
        let prefix = format!("{field}-");
        match dist {
            KeyDistribution::None => KeyMass {
                sets: vec![],
                even: 1.0,
            },
            KeyDistribution::Uniform { cardinality } => {
                let n = (*cardinality).max(1);
                let listed = n.min(ENUMERATED_KEYS);
                let w = 1.0 / n as f64;
                KeyMass {
                    sets: vec![KeySet::Ranked {
                        prefix,
                        count: listed,
                        weights: RankWeights::Constant(w),
                    }],
                    even: 1.0 - w * listed as f64,
                }
            }
            KeyDistribution::Zipf {
                cardinality,
                exponent,
            } => {
                let n = (*cardinality).max(1);
                let listed = n.min(ENUMERATED_KEYS);
                let head_sum = zipf_head(listed, *exponent);
                let total = head_sum + zipf_tail(listed, n, *exponent);
                KeyMass {
                    sets: vec![KeySet::Ranked {
                        prefix,
                        count: listed,
                        weights: RankWeights::Zipf {
                            exponent: *exponent,
                            scale: 1.0 / total,
                        },
                    }],
                    even: 1.0 - head_sum / total,
                }
            }
            KeyDistribution::HotKey {
                cardinality,
                hot_share,
            } => {
                let n = (*cardinality).max(1);
                let h = hot_share.clamp(0.0, 1.0);
                let rest = n - 1;
                if rest == 0 {
                    return KeyMass {
                        sets: vec![KeySet::Single {
                            key: format!("{field}-hot"),
                            share: 1.0,
                        }],
                        even: 0.0,
                    };
                }
                let listed = rest.min(ENUMERATED_KEYS);
                let w = (1.0 - h) / rest as f64;
                KeyMass {
                    sets: vec![
                        KeySet::Single {
                            key: format!("{field}-hot"),
                            share: h,
                        },
                        KeySet::Ranked {
                            prefix,
                            count: listed,
                            weights: RankWeights::Constant(w),
                        },
                    ],
                    even: (1.0 - h) - w * listed as f64,
                }
            }
            KeyDistribution::Sample { keys, weights } => {
                KeyMass::from_sample(keys.clone(), weights.as_deref())
            }
        }
    }

    /// Pasted keys (with optional weights; a missing weight counts as 0), taken over without
    /// copying them.
    pub fn from_sample(keys: Vec<String>, weights: Option<&[f64]>) -> Self {
        let total: f64 = match weights {
            Some(w) => w.iter().sum(),
            None => keys.len() as f64,
        };
        if keys.is_empty() || total <= 0.0 {
            return KeyMass {
                sets: vec![],
                even: 1.0,
            };
        }
        let shares = match weights {
            Some(w) => Shares::Each(
                (0..keys.len())
                    .map(|i| w.get(i).copied().unwrap_or(0.0) / total)
                    .collect(),
            ),
            None => Shares::Equal(1.0 / total),
        };
        KeyMass {
            sets: vec![KeySet::Listed {
                keys: ListedKeys(keys),
                shares,
            }],
            even: 0.0,
        }
    }

    /// Several producers' keys into one topic, each weighted by its share of the records.
    pub fn mix(parts: impl IntoIterator<Item = (KeyMass, f64)>) -> Self {
        let parts: Vec<(KeyMass, f64)> = parts.into_iter().collect();
        let total: f64 = parts.iter().map(|(_, w)| *w).sum();
        if total <= 0.0 {
            return KeyMass {
                sets: vec![],
                even: 1.0,
            };
        }
        let mut out = KeyMass::default();
        for (mass, w) in parts {
            let f = w / total;
            out.even += mass.even * f;
            out.sets.extend(mass.sets.into_iter().map(|set| match set {
                KeySet::Listed { keys, shares } => KeySet::Listed {
                    keys,
                    shares: shares.scaled(f),
                },
                KeySet::Ranked {
                    prefix,
                    count,
                    weights,
                } => KeySet::Ranked {
                    prefix,
                    count,
                    weights: weights.scaled(f),
                },
                KeySet::Single { key, share } => KeySet::Single {
                    key,
                    share: share * f,
                },
            }));
        }
        out
    }

    /// Places the keys on `partitions` partitions.
    pub fn spread(&self, partitions: u32) -> PartitionLoad {
        self.spread_with(&mut SpreadCache::default(), partitions)
    }

    /// [`KeyMass::spread`], reusing the work in `cache`.
    pub fn spread_with(&self, cache: &mut SpreadCache, partitions: u32) -> PartitionLoad {
        let p = partitions.max(1);
        let mut shares = vec![self.even.max(0.0) / f64::from(p); p as usize];
        // Candidates for the top list; the heaviest keys of every set are among them.
        let mut candidates: Vec<(String, u32, f64)> = Vec::new();
        for set in &self.sets {
            match set {
                KeySet::Single { key, share } => {
                    let partition = partition_for_key(key.as_bytes(), p);
                    shares[partition as usize] += share;
                    candidates.push((key.clone(), partition, *share));
                }
                KeySet::Ranked {
                    prefix,
                    count,
                    weights,
                } => {
                    let placed = cache.partitions_of(prefix, *count, p);
                    let share_of: Box<dyn Fn(usize) -> f64> = match *weights {
                        RankWeights::Constant(w) => {
                            for &q in placed.iter() {
                                shares[q as usize] += w;
                            }
                            Box::new(move |_| w)
                        }
                        RankWeights::Zipf { exponent, scale } => {
                            let z = cache.zipf_weights(*count, exponent);
                            for (&q, &w) in placed.iter().zip(z.iter()) {
                                shares[q as usize] += w * scale;
                            }
                            Box::new(move |i| z[i] * scale)
                        }
                    };
                    // Weights fall with the rank: the first ranks are the heaviest.
                    for i in 0..(*count as usize).min(TOP_KEYS) {
                        let mut key = prefix.clone();
                        push_decimal(&mut key, i as u64 + 1);
                        candidates.push((key, placed[i], share_of(i)));
                    }
                }
                KeySet::Listed {
                    keys,
                    shares: key_shares,
                } => {
                    // Identical pasted keys are one key. They have equal hashes, so sorting the
                    // hashes (integers, cheap) brings them together; strings are compared only
                    // within a run of equal hashes. A row is the hash over the key's index.
                    let mut rows: Vec<u64> = Vec::with_capacity(keys.len());
                    for (i, key) in keys.iter().enumerate() {
                        let hash = murmur2(key.as_bytes());
                        shares[(to_positive(hash) % p) as usize] += key_shares.get(i);
                        rows.push((u64::from(hash as u32) << 32) | i as u64);
                    }
                    radix_sort_by_hash(&mut rows);
                    // Walk the runs of equal hashes, merge identical keys within a run, and keep
                    // only the heaviest TOP_KEYS (ties: first appearance) in a bounded heap.
                    let mut top = TopShares::default();
                    let mut run: Vec<(usize, f64)> = Vec::new();
                    for (i, &code) in rows.iter().enumerate() {
                        let idx = (code & 0xffff_ffff) as usize;
                        let share = key_shares.get(idx);
                        match run.iter().position(|(j, _)| keys.get(*j) == keys.get(idx)) {
                            Some(at) => run[at].1 += share,
                            None => run.push((idx, share)),
                        }
                        if rows.get(i + 1).is_none_or(|next| next >> 32 != code >> 32) {
                            for (idx, share) in run.drain(..) {
                                top.offer(idx, share);
                            }
                        }
                    }
                    let merged = top.into_vec();
                    candidates.extend(merged.into_iter().map(|(i, s)| {
                        let key = keys.get(i);
                        (key.to_owned(), partition_for_key(key.as_bytes(), p), s)
                    }));
                }
            }
        }
        // The same key from two producers is one key.
        candidates.sort_by(|a, b| a.0.cmp(&b.0));
        candidates.dedup_by(|later, first| {
            if later.0 == first.0 {
                first.2 += later.2;
                true
            } else {
                false
            }
        });
        candidates.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        candidates.truncate(TOP_KEYS);
        let heaviest = candidates.first().map_or(0.0, |c| c.2);
        let top_keys = candidates
            .into_iter()
            .map(|(key, partition, share)| KeyLoad {
                key,
                partition,
                share,
            })
            .collect();
        summarise(shares, top_keys, heaviest)
    }
}

/// The `TOP_KEYS` heaviest of the keys offered, ties broken by first appearance (the smaller
/// index), so the selection never compares strings. The heap's top is the weakest kept.
#[derive(Default)]
struct TopShares(std::collections::BinaryHeap<Weakest>);

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
    fn offer(&mut self, idx: usize, share: f64) {
        let candidate = Weakest { share, idx };
        if self.0.len() < TOP_KEYS {
            self.0.push(candidate);
        } else if self.0.peek().is_some_and(|weakest| candidate < *weakest) {
            self.0.pop();
            self.0.push(candidate);
        }
    }

    fn into_vec(self) -> Vec<(usize, f64)> {
        self.0.into_iter().map(|w| (w.idx, w.share)).collect()
    }
}

/// Sorts rows by the hash in the top 32 bits of their code: three stable counting passes of 11
/// bits each, with all three histograms taken in one read. Linear time, where a comparison sort
/// of a million rows costs more than the hashing itself; 2 048 buckets keep the scattered
/// writes of a pass within the caches (16-bit digits, 65 536 buckets, did not).
fn radix_sort_by_hash(rows: &mut Vec<u64>) {
    const BITS: u32 = 11;
    const BUCKETS: usize = 1 << BITS;
    const MASK: u64 = (BUCKETS - 1) as u64;
    let shifts = [32u32, 32 + BITS, 32 + 2 * BITS];
    let mut counts = vec![[0usize; BUCKETS]; shifts.len()];
    for r in rows.iter() {
        for (pass, shift) in shifts.iter().enumerate() {
            counts[pass][((r >> shift) & MASK) as usize] += 1;
        }
    }
    let mut scratch = vec![0u64; rows.len()];
    for (pass, &shift) in shifts.iter().enumerate() {
        let offsets = &mut counts[pass];
        let mut at = 0;
        for c in offsets.iter_mut() {
            let n = *c;
            *c = at;
            at += n;
        }
        for r in rows.iter() {
            let bucket = ((r >> shift) & MASK) as usize;
            scratch[offsets[bucket]] = *r;
            offsets[bucket] += 1;
        }
        std::mem::swap(rows, &mut scratch);
    }
}

/// Σ_{k=1}^{n} k^-s.
fn zipf_head(n: u64, s: f64) -> f64 {
    (1..=n).map(|k| (k as f64).powf(-s)).sum()
}

/// Builds the summary of a share vector.
fn summarise(shares: Vec<f64>, top_keys: Vec<KeyLoad>, heaviest_key_share: f64) -> PartitionLoad {
    let p = shares.len().max(1) as f64;
    let total: f64 = shares.iter().sum();
    let mean = if total > 0.0 { total / p } else { 1.0 / p };
    let max = shares.iter().copied().fold(0.0, f64::max);
    let max_over_mean = if mean > 0.0 { max / mean } else { 1.0 };
    let hot_partitions = shares
        .iter()
        .enumerate()
        .filter(|(_, s)| **s > mean * (1.0 + HOT_DEVIATION) + 1e-12)
        .map(|(i, _)| i as u32)
        .collect();
    PartitionLoad {
        partitions: shares.len() as u32,
        shares,
        max_over_mean,
        deviation_pct: (max_over_mean - 1.0) * 100.0,
        hot_partitions,
        top_keys,
        heaviest_key_share,
    }
}

/// Σ_{k=from+1}^{to} k^-s, by the integral with midpoint correction (exact enough for a tail of
/// light keys, and O(1) however large the cardinality).
fn zipf_tail(from: u64, to: u64, s: f64) -> f64 {
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

/// How many salt values spread one key so that no partition carries more than `capacity`:
/// `ceil(key_rate / capacity)` (at least 1).
pub fn salts_needed(key_rate: f64, capacity: f64) -> u32 {
    if capacity <= 0.0 || !key_rate.is_finite() {
        return 1;
    }
    (key_rate / capacity).ceil().clamp(1.0, f64::from(u32::MAX)) as u32
}

#[cfg(test)]
mod tests;
