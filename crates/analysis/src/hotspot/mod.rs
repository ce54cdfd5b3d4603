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
//!
//! By concern: `mass` builds the weighted keys of a distribution or a mix of producers;
//! `spread` places them on partitions within the budget and summarises the load; `shape`
//! holds the weights by rank (constant or Zipf) and their sums; `pasted` merges pasted keys;
//! `synthetic` sums the synthetic keys per partition; [`request`] answers the hotspot API.

mod mass;
mod pasted;
pub mod request;
mod shape;
mod spread;
mod synthetic;

pub use mass::KeyMass;
pub use spread::{KeyLoad, PartitionLoad, SpreadCache};

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
