//! Key hotspots: how a topic's load spreads over its partitions under Kafka's partitioner.
//!
//! Keys are placed by [`crate::partitioner::partition_for_key`], the real algorithm. Pasted
//! sample keys are hashed as they are. Modelled distributions are enumerated as synthetic keys
//! `"{field}-{rank}"` (the hash spreads any key set alike, so the shape of the load is what it
//! would be with real keys of that distribution): every key up to [`ENUMERATED_KEYS`], and the
//! remaining tail, made of many light keys, spread evenly. Null keys (`none`) use sticky
//! partitioning and spread evenly over time.
//!
//! The work is bounded whatever the input: pasted keys are merged once per producer in
//! O(n log n) even when their hashes collide ([`pasted`]); one analysis places at most
//! [`PLACEMENT_BUDGET`] keys one by one (past it the light keys are spread evenly and the
//! result is marked `approximate`); per-partition sums of synthetic keys are cached across
//! analyses in a cache of bounded size ([`synthetic`]).

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::partitioner::partition_for_key;
use design::{KeyDistribution, PastedKeys};

mod pasted;
pub mod request;
mod synthetic;

use pasted::MergedKeys;
use synthetic::{push_decimal, rank_sums, zipf_head, zipf_tail, Shape};

/// How many keys of a modelled distribution are hashed one by one.
pub const ENUMERATED_KEYS: u64 = 100_000;
/// A partition more than this much above the mean is hot (10 %).
pub const HOT_DEVIATION: f64 = 0.10;
/// How many of the heaviest keys a report lists.
pub const TOP_KEYS: usize = 10;
/// How many keys one analysis places one by one (hash and partition), over all its topics.
/// Past it, the remaining keys of a distribution are spread evenly (their heaviest ones are
/// still placed) and the result says it is approximate. About a tenth of a second of work.
pub const PLACEMENT_BUDGET: u64 = 20_000_000;

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
    /// Whether some light keys were spread evenly instead of placed one by one, because the
    /// analysis had used its [`PLACEMENT_BUDGET`]. The heaviest keys are always placed.
    pub approximate: bool,
}

/// A weighted set of keys: pasted keys (merged), ranges of synthetic keys, single keys and an
/// evenly spread remainder. Cheap to clone: pasted keys are shared, not copied.
#[derive(Clone, Debug, Default)]
pub struct KeyMass {
    sets: Vec<KeySet>,
    even: f64,
}

#[derive(Clone, Debug)]
enum KeySet {
    /// Distinct pasted keys, each share × `factor`.
    Listed { keys: Arc<MergedKeys>, factor: f64 },
    /// Keys `"{prefix}{rank}"` for `rank` in `1..=count`, heaviest first; rank k has the share
    /// `shape.weight(k) × scale`.
    Ranked {
        prefix: Arc<str>,
        count: u64,
        shape: Shape,
        scale: f64,
    },
    /// One named key.
    Single { key: Arc<str>, share: f64 },
}

/// The state of the spreads of one analysis: what is left of the [`PLACEMENT_BUDGET`], and
/// the per-partition sums of pasted keys already placed on a partition count (a producer
/// feeding several topics of the same size is placed once).
#[derive(Debug)]
pub struct SpreadCache {
    left: u64,
    placed: HashMap<(usize, u32), Placed>,
    placed_floats: usize,
}

/// Pasted keys placed on a partition count: the keys (kept, so that their address, the map's
/// key, is not reused) and their per-partition sums.
#[derive(Debug)]
struct Placed {
    _keys: Arc<MergedKeys>,
    sums: Arc<[f64]>,
}

/// Most per-partition sums of pasted keys one analysis keeps (floats).
const PLACED_FLOATS: usize = 1 << 21;

impl Default for SpreadCache {
    fn default() -> Self {
        Self::with_budget(PLACEMENT_BUDGET)
    }
}

impl SpreadCache {
    /// A cache whose analysis may place `budget` keys one by one.
    pub fn with_budget(budget: u64) -> Self {
        Self {
            left: budget,
            placed: HashMap::new(),
            placed_floats: 0,
        }
    }

    /// Takes up to `wanted` placements (at least `floor` of them whatever is left), and says
    /// how many were granted.
    fn take(&mut self, wanted: u64, floor: u64) -> u64 {
        let granted = wanted.min(self.left.max(floor));
        self.left = self.left.saturating_sub(granted);
        granted
    }
}

impl KeyMass {
    /// The keys of `dist` with their shares (summing to 1), for a key field named `field`.
    pub fn of(dist: &KeyDistribution, field: &str) -> Self {
        let prefix: Arc<str> = format!("{field}-").into();
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
                        shape: Shape::Constant,
                        scale: w,
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
                        shape: Shape::Zipf(*exponent),
                        scale: 1.0 / total,
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
                let hot: Arc<str> = format!("{field}-hot").into();
                let rest = n - 1;
                if rest == 0 {
                    return KeyMass {
                        sets: vec![KeySet::Single { key: hot, share: 1.0 }],
                        even: 0.0,
                    };
                }
                let listed = rest.min(ENUMERATED_KEYS);
                let w = (1.0 - h) / rest as f64;
                KeyMass {
                    sets: vec![
                        KeySet::Single { key: hot, share: h },
                        KeySet::Ranked {
                            prefix,
                            count: listed,
                            shape: Shape::Constant,
                            scale: w,
                        },
                    ],
                    even: (1.0 - h) - w * listed as f64,
                }
            }
            KeyDistribution::Sample { keys, weights } => KeyMass::from_keys(keys, weights.as_deref()),
        }
    }

    /// Pasted keys (with optional weights; a missing weight counts as 0). Identical keys are
    /// merged here, once, whatever number of topics the keys are spread over later.
    pub fn from_keys(keys: &PastedKeys, weights: Option<&[f64]>) -> Self {
        match MergedKeys::merge(keys, weights) {
            Some(merged) => KeyMass {
                sets: vec![KeySet::Listed {
                    keys: Arc::new(merged),
                    factor: 1.0,
                }],
                even: 0.0,
            },
            None => KeyMass {
                sets: vec![],
                even: 1.0,
            },
        }
    }

    /// [`KeyMass::from_keys`] for keys the caller gives up (a request's).
    pub fn from_sample(keys: PastedKeys, weights: Option<&[f64]>) -> Self {
        Self::from_keys(&keys, weights)
    }

    /// How many distinct keys the mass has, when it is a sample of pasted keys.
    pub fn distinct_pasted_keys(&self) -> Option<usize> {
        match self.sets.as_slice() {
            [KeySet::Listed { keys, .. }] => Some(keys.len()),
            _ => None,
        }
    }

    /// Several producers' keys into one topic, each weighted by its share of the records.
    pub fn mix(parts: impl IntoIterator<Item = (KeyMass, f64)>) -> Self {
        let parts: Vec<(KeyMass, f64)> = parts.into_iter().collect();
        let total: f64 = parts.iter().map(|(_, w)| *w).sum();
        if !(total > 0.0 && total.is_finite()) {
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
                KeySet::Listed { keys, factor } => KeySet::Listed {
                    keys,
                    factor: factor * f,
                },
                KeySet::Ranked {
                    prefix,
                    count,
                    shape,
                    scale,
                } => KeySet::Ranked {
                    prefix,
                    count,
                    shape,
                    scale: scale * f,
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

    /// [`KeyMass::spread`] within the budget and with the work kept in `cache`.
    pub fn spread_with(&self, cache: &mut SpreadCache, partitions: u32) -> PartitionLoad {
        let p = partitions.max(1);
        let mut shares = vec![0.0; p as usize];
        let mut even = self.even.max(0.0);
        let mut approximate = false;
        // Candidates for the top list; the heaviest keys of every set are among them.
        let mut candidates: Vec<(String, f64)> = Vec::new();
        for set in &self.sets {
            match set {
                KeySet::Single { key, share } => {
                    shares[partition_for_key(key.as_bytes(), p) as usize] += share;
                    candidates.push((key.to_string(), *share));
                }
                KeySet::Ranked {
                    prefix,
                    count,
                    shape,
                    scale,
                } => {
                    // Weights fall with the rank: when the budget is short, the heaviest ranks
                    // are placed and the rest spread evenly.
                    let placed = cache.take(*count, (*count).min(TOP_KEYS as u64));
                    for (share, sum) in shares.iter_mut().zip(rank_sums(prefix, placed, p, *shape).iter()) {
                        *share += sum * scale;
                    }
                    if placed < *count {
                        approximate = true;
                        even += scale
                            * match shape {
                                Shape::Constant => (*count - placed) as f64,
                                Shape::Zipf(s) => zipf_head(*count, *s) - zipf_head(placed, *s),
                            };
                    }
                    for rank in 1..=(*count).min(TOP_KEYS as u64) {
                        let mut key = prefix.to_string();
                        push_decimal(&mut key, rank);
                        candidates.push((key, shape.weight_of(rank) * scale));
                    }
                }
                KeySet::Listed { keys, factor } => {
                    match cache.placed_sums(keys, p) {
                        Some(sums) => {
                            for (share, sum) in shares.iter_mut().zip(sums.iter()) {
                                *share += sum * factor;
                            }
                        }
                        None => {
                            // Over budget: the heaviest keys where they land, the rest even.
                            approximate = true;
                            let mut placed = 0.0;
                            for (key, share) in keys.top() {
                                shares[partition_for_key(key.as_bytes(), p) as usize] += share * factor;
                                placed += share;
                            }
                            even += (1.0 - placed).max(0.0) * factor;
                        }
                    }
                    candidates.extend(keys.top().iter().map(|(k, s)| (k.clone(), s * factor)));
                }
            }
        }
        let spread = even / f64::from(p);
        for share in shares.iter_mut() {
            *share += spread;
        }
        // The same key from two producers is one key.
        candidates.sort_by(|a, b| a.0.cmp(&b.0));
        candidates.dedup_by(|later, first| {
            if later.0 == first.0 {
                first.1 += later.1;
                true
            } else {
                false
            }
        });
        candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        candidates.truncate(TOP_KEYS);
        let heaviest = candidates.first().map_or(0.0, |c| c.1);
        let top_keys = candidates
            .into_iter()
            .map(|(key, share)| KeyLoad {
                partition: partition_for_key(key.as_bytes(), p),
                key,
                share,
            })
            .collect();
        let mut load = summarise(shares, top_keys, heaviest);
        load.approximate = approximate;
        load
    }
}

impl SpreadCache {
    /// The per-partition sums of `keys` on `p` partitions, placed now if the budget allows.
    fn placed_sums(&mut self, keys: &Arc<MergedKeys>, p: u32) -> Option<Arc<[f64]>> {
        let id = (Arc::as_ptr(keys) as usize, p);
        if let Some(placed) = self.placed.get(&id) {
            return Some(placed.sums.clone());
        }
        let n = keys.len() as u64;
        if self.left < n {
            return None;
        }
        self.left -= n;
        let mut sums = vec![0.0; p as usize];
        keys.add_to(&mut sums, 1.0);
        let sums: Arc<[f64]> = sums.into();
        if self.placed_floats + p as usize <= PLACED_FLOATS {
            self.placed_floats += p as usize;
            self.placed.insert(
                id,
                Placed {
                    _keys: keys.clone(),
                    sums: sums.clone(),
                },
            );
        }
        Some(sums)
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
        approximate: false,
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
