//! Key hotspots: how a topic's load spreads over its partitions under Kafka's partitioner.
//!
//! Keys are placed by [`crate::partitioner::partition_for_key`], the real algorithm. Pasted
//! sample keys are hashed as they are. Modelled distributions are enumerated as synthetic keys
//! `"{field}-{rank}"` (the hash spreads any key set alike, so the shape of the load is what it
//! would be with real keys of that distribution): every key up to [`ENUMERATED_KEYS`], and the
//! remaining tail, made of many light keys, spread evenly. Null keys (`none`) use sticky
//! partitioning and spread evenly over time.

use serde::Serialize;

use crate::partitioner::partition_for_key;
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

/// A weighted set of keys: explicit keys and an evenly spread remainder.
#[derive(Clone, Debug, Default)]
pub struct KeyMass {
    keys: Vec<(String, f64)>,
    even: f64,
    /// Whether the same key can appear twice (pasted samples, several producers); synthetic keys
    /// of one distribution are distinct by construction and skip the merge.
    may_repeat: bool,
}

impl KeyMass {
    /// The keys of `dist` with their shares (summing to 1), for a key field named `field`.
    pub fn of(dist: &KeyDistribution, field: &str) -> Self {
        let name = |rank: u64| format!("{field}-{rank}");
        match dist {
            KeyDistribution::None => KeyMass {
                keys: vec![],
                even: 1.0,
                may_repeat: false,
            },
            KeyDistribution::Uniform { cardinality } => {
                let n = (*cardinality).max(1);
                let listed = n.min(ENUMERATED_KEYS);
                let w = 1.0 / n as f64;
                KeyMass {
                    keys: (1..=listed).map(|k| (name(k), w)).collect(),
                    even: 1.0 - w * listed as f64,
                    may_repeat: false,
                }
            }
            KeyDistribution::Zipf {
                cardinality,
                exponent,
            } => {
                let n = (*cardinality).max(1);
                let listed = n.min(ENUMERATED_KEYS);
                let head: Vec<f64> = (1..=listed).map(|k| (k as f64).powf(-exponent)).collect();
                let head_sum: f64 = head.iter().sum();
                let total = head_sum + zipf_tail(listed, n, *exponent);
                KeyMass {
                    keys: head
                        .into_iter()
                        .enumerate()
                        .map(|(i, w)| (name(i as u64 + 1), w / total))
                        .collect(),
                    even: 1.0 - head_sum / total,
                    may_repeat: false,
                }
            }
            KeyDistribution::HotKey {
                cardinality,
                hot_share,
            } => {
                let n = (*cardinality).max(1);
                let h = hot_share.clamp(0.0, 1.0);
                let rest = n - 1;
                let listed = rest.min(ENUMERATED_KEYS);
                let w = if rest > 0 { (1.0 - h) / rest as f64 } else { 0.0 };
                let mut keys = vec![(format!("{field}-hot"), if rest > 0 { h } else { 1.0 })];
                keys.extend((1..=listed).map(|k| (name(k), w)));
                let even = if rest > 0 {
                    (1.0 - h) - w * listed as f64
                } else {
                    0.0
                };
                KeyMass {
                    keys,
                    even,
                    may_repeat: false,
                }
            }
            KeyDistribution::Sample { keys, weights } => {
                let total: f64 = match weights {
                    Some(w) => w.iter().sum(),
                    None => keys.len() as f64,
                };
                if keys.is_empty() || total <= 0.0 {
                    return KeyMass {
                        keys: vec![],
                        even: 1.0,
                        may_repeat: false,
                    };
                }
                let keys = keys
                    .iter()
                    .enumerate()
                    .map(|(i, k)| {
                        let w = weights.as_ref().map_or(1.0, |w| w.get(i).copied().unwrap_or(0.0));
                        (k.clone(), w / total)
                    })
                    .collect();
                KeyMass {
                    keys,
                    even: 0.0,
                    may_repeat: true,
                }
            }
        }
    }

    /// Several producers' keys into one topic, each weighted by its share of the records.
    pub fn mix(parts: impl IntoIterator<Item = (KeyMass, f64)>) -> Self {
        let parts: Vec<(KeyMass, f64)> = parts.into_iter().collect();
        let total: f64 = parts.iter().map(|(_, w)| *w).sum();
        if total <= 0.0 {
            return KeyMass {
                keys: vec![],
                even: 1.0,
                may_repeat: false,
            };
        }
        let mut out = KeyMass {
            may_repeat: parts.len() > 1 || parts.iter().any(|(m, _)| m.may_repeat),
            ..KeyMass::default()
        };
        for (mass, w) in parts {
            let f = w / total;
            out.even += mass.even * f;
            out.keys.extend(mass.keys.into_iter().map(|(k, s)| (k, s * f)));
        }
        out
    }

    /// Places the keys on `partitions` partitions.
    pub fn spread(&self, partitions: u32) -> PartitionLoad {
        let p = partitions.max(1);
        let mut shares = vec![self.even.max(0.0) / f64::from(p); p as usize];
        // Borrowed rows: no key is copied unless it makes the top list.
        let mut placed: Vec<(&str, u32, f64)> = Vec::with_capacity(self.keys.len());
        for (key, share) in &self.keys {
            let partition = partition_for_key(key.as_bytes(), p);
            shares[partition as usize] += share;
            placed.push((key.as_str(), partition, *share));
        }
        if self.may_repeat {
            // Identical keys (pasted twice, or from two producers) are one key.
            placed.sort_by(|a, b| a.0.cmp(b.0));
            placed.dedup_by(|later, first| {
                if later.0 == first.0 {
                    first.2 += later.2;
                    true
                } else {
                    false
                }
            });
        }
        let heaviest = placed.iter().map(|k| k.2).fold(0.0, f64::max);
        let top_keys = top_n(placed, TOP_KEYS);
        summarise(shares, top_keys, heaviest)
    }
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

/// The `n` heaviest keys, heaviest first (ties by key, for stable output).
fn top_n(mut keys: Vec<(&str, u32, f64)>, n: usize) -> Vec<KeyLoad> {
    let order = |a: &(&str, u32, f64), b: &(&str, u32, f64)| b.2.total_cmp(&a.2).then_with(|| a.0.cmp(b.0));
    if keys.len() > n {
        keys.select_nth_unstable_by(n, order);
        keys.truncate(n);
    }
    keys.sort_unstable_by(order);
    keys.into_iter()
        .map(|(key, partition, share)| KeyLoad {
            key: key.to_owned(),
            partition,
            share,
        })
        .collect()
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
