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
    Listed { keys: Vec<String>, shares: Vec<f64> },
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
                let shares = (0..keys.len())
                    .map(|i| weights.as_ref().map_or(1.0, |w| w.get(i).copied().unwrap_or(0.0)) / total)
                    .collect();
                KeyMass {
                    sets: vec![KeySet::Listed {
                        keys: keys.clone(),
                        shares,
                    }],
                    even: 0.0,
                }
            }
        }
    }

    /// Pasted keys (with optional weights), taken over without copying them.
    pub fn from_sample(keys: Vec<String>, weights: Option<Vec<f64>>) -> Self {
        let total: f64 = match &weights {
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
            Some(w) => (0..keys.len())
                .map(|i| w.get(i).copied().unwrap_or(0.0) / total)
                .collect(),
            None => vec![1.0 / total; keys.len()],
        };
        KeyMass {
            sets: vec![KeySet::Listed { keys, shares }],
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
                    shares: shares.into_iter().map(|s| s * f).collect(),
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
                    // within a run of equal hashes.
                    let mut rows: Vec<(u64, f64)> = Vec::with_capacity(keys.len());
                    for (i, (key, share)) in keys.iter().zip(key_shares).enumerate() {
                        let hash = murmur2(key.as_bytes());
                        shares[(to_positive(hash) % p) as usize] += share;
                        rows.push(((u64::from(hash as u32) << 32) | i as u64, *share));
                    }
                    rows.sort_unstable_by_key(|r| r.0);
                    let mut merged: Vec<(usize, f64)> = Vec::with_capacity(rows.len());
                    let mut run_start = 0;
                    for i in 0..rows.len() {
                        let (code, share) = rows[i];
                        let idx = (code & 0xffff_ffff) as usize;
                        match merged[run_start..]
                            .iter()
                            .position(|(j, _)| keys[*j] == keys[idx])
                        {
                            Some(at) => merged[run_start + at].1 += share,
                            None => merged.push((idx, share)),
                        }
                        if rows.get(i + 1).is_none_or(|next| next.0 >> 32 != code >> 32) {
                            run_start = merged.len();
                        }
                    }
                    // Equal shares are broken by first appearance (an integer), so the selection never
                    // compares strings; the final list is ordered by key below.
                    let order = |a: &(usize, f64), b: &(usize, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
                    if merged.len() > TOP_KEYS {
                        merged.select_nth_unstable_by(TOP_KEYS, order);
                        merged.truncate(TOP_KEYS);
                    }
                    candidates.extend(
                        merged
                            .into_iter()
                            .map(|(i, s)| (keys[i].clone(), partition_for_key(keys[i].as_bytes(), p), s)),
                    );
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
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample(keys: &[&str], weights: Option<Vec<f64>>) -> KeyDistribution {
        KeyDistribution::Sample {
            keys: keys.iter().map(|k| k.to_string()).collect(),
            weights,
        }
    }

    #[test]
    fn sample_keys_land_where_kafka_puts_them() {
        let load = KeyMass::of(&sample(&["21", "foobar"], None), "k").spread(12);
        // murmur2("21") = -973932308 → & 0x7fffffff = 1173551340 → % 12 = 0
        assert_eq!(partition_for_key(b"21", 12), 1_173_551_340 % 12);
        let p21 = load.top_keys.iter().find(|k| k.key == "21").unwrap().partition;
        assert_eq!(p21, 1_173_551_340 % 12);
        assert!((load.shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn null_keys_spread_evenly() {
        let load = KeyMass::of(&KeyDistribution::None, "k").spread(6);
        assert!(load.shares.iter().all(|s| (s - 1.0 / 6.0).abs() < 1e-12));
        assert_eq!(load.max_over_mean, 1.0);
        assert!(load.hot_partitions.is_empty());
    }

    #[test]
    fn one_hot_key_makes_one_hot_partition() {
        let dist = KeyDistribution::HotKey {
            cardinality: 10_000,
            hot_share: 0.5,
        };
        let load = KeyMass::of(&dist, "customer").spread(12);
        let hot = partition_for_key(b"customer-hot", 12);
        assert_eq!(load.hot_partitions, vec![hot]);
        assert!(load.shares[hot as usize] > 0.5);
        assert_eq!(load.top_keys[0].key, "customer-hot");
        assert!((load.heaviest_key_share - 0.5).abs() < 1e-12);
        assert!(load.max_over_mean > 6.0);
    }

    #[test]
    fn zipf_shares_sum_to_one_and_the_first_rank_is_heaviest() {
        let dist = KeyDistribution::Zipf {
            cardinality: 1_000_000,
            exponent: 1.1,
        };
        let mass = KeyMass::of(&dist, "orderId");
        let load = mass.spread(12);
        assert!((load.shares.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert_eq!(load.top_keys[0].key, "orderId-1");
        assert!(load.max_over_mean > 1.1, "rank 1 of a zipf(1.1) is a hotspot");
    }

    #[test]
    fn uniform_keys_spread_close_to_even() {
        let load = KeyMass::of(&KeyDistribution::Uniform { cardinality: 100_000 }, "id").spread(12);
        assert!(load.deviation_pct < 3.0, "{}", load.deviation_pct);
    }

    #[test]
    fn weights_are_honoured_and_duplicate_keys_merge() {
        let load = KeyMass::of(&sample(&["a", "b", "a"], Some(vec![1.0, 2.0, 1.0])), "k").spread(1);
        assert_eq!(load.top_keys.len(), 2);
        assert_eq!(load.top_keys[0].share, 0.5);
        assert_eq!(load.top_keys[1].share, 0.5);
    }

    #[test]
    fn a_key_from_two_producers_is_one_key() {
        let a = KeyMass::of(&sample(&["order-1", "order-2"], None), "k");
        let b = KeyMass::of(&sample(&["order-1"], None), "k");
        let load = KeyMass::mix([(a, 1.0), (b, 1.0)]).spread(6);
        assert_eq!(load.top_keys[0].key, "order-1");
        assert!((load.top_keys[0].share - 0.75).abs() < 1e-12);
        assert_eq!(load.top_keys.len(), 2);
    }

    #[test]
    fn the_fast_path_equals_hashing_every_key_by_name() {
        let (n, s, p) = (500u64, 1.2f64, 7u32);
        let total: f64 = (1..=n).map(|k| (k as f64).powf(-s)).sum();
        let mut naive = vec![0.0; p as usize];
        for k in 1..=n {
            naive[partition_for_key(format!("f-{k}").as_bytes(), p) as usize] += (k as f64).powf(-s) / total;
        }
        let mut cache = SpreadCache::default();
        let mass = KeyMass::of(
            &KeyDistribution::Zipf {
                cardinality: n,
                exponent: s,
            },
            "f",
        );
        for _ in 0..2 {
            // The second round is served from the cache.
            let fast = mass.spread_with(&mut cache, p);
            for (a, b) in fast.shares.iter().zip(&naive) {
                assert!((a - b).abs() < 1e-12, "{a} vs {b}");
            }
            assert_eq!(fast.top_keys[0].key, "f-1");
            assert_eq!(fast.top_keys[0].partition, partition_for_key(b"f-1", p));
        }
    }

    #[test]
    fn taking_over_sample_keys_equals_reading_them() {
        let keys: Vec<String> = ["a", "b", "a", "c"].iter().map(|k| k.to_string()).collect();
        let weights = Some(vec![1.0, 2.0, 3.0, 4.0]);
        let read = KeyMass::of(
            &KeyDistribution::Sample {
                keys: keys.clone(),
                weights: weights.clone(),
            },
            "k",
        )
        .spread(5);
        let taken = KeyMass::from_sample(keys, weights).spread(5);
        assert_eq!(read, taken);
        assert_eq!(taken.top_keys[0].key, "a"); // 1 + 3 of 10
        assert!((taken.top_keys[0].share - 0.4).abs() < 1e-12);
    }

    #[test]
    fn decimal_formatting_matches_format() {
        for n in [0u64, 1, 9, 10, 99, 100, 12345, u64::MAX] {
            let mut s = String::from("k-");
            push_decimal(&mut s, n);
            assert_eq!(s, format!("k-{n}"));
        }
    }

    #[test]
    fn salts() {
        assert_eq!(salts_needed(25.0, 10.0), 3);
        assert_eq!(salts_needed(5.0, 10.0), 1);
        assert_eq!(salts_needed(5.0, 0.0), 1);
    }

    #[test]
    fn zipf_tail_matches_the_sum_for_small_ranges() {
        let exact: f64 = (11..=1000u64).map(|k| (k as f64).powf(-1.1)).sum();
        assert!((zipf_tail(10, 1000, 1.1) - exact).abs() / exact < 1e-3);
    }

    proptest! {
        #[test]
        fn shares_always_sum_to_one(keys in prop::collection::vec("[a-z0-9]{0,12}", 1..50), p in 1u32..64) {
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            let load = KeyMass::of(&sample(&keys, None), "k").spread(p);
            prop_assert!((load.shares.iter().sum::<f64>() - 1.0).abs() < 1e-9);
            prop_assert!(load.max_over_mean >= 1.0 - 1e-9);
            prop_assert_eq!(load.shares.len(), p as usize);
        }
    }
}
