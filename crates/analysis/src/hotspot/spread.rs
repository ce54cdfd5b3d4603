//! Spreading a key mass over partitions under Kafka's partitioner, within one analysis's
//! [`PLACEMENT_BUDGET`], and the summary of the result (shares, hot partitions, top keys).

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use super::mass::{KeyMass, KeySet};
use super::pasted::MergedKeys;
use super::synthetic::{push_decimal, rank_sums};
use super::{HOT_DEVIATION, PLACEMENT_BUDGET, TOP_KEYS};
use crate::partitioner::partition_for_key;

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
                        even += scale * shape.weights_between(placed, *count);
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
