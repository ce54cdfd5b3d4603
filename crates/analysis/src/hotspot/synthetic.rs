//! Synthetic keys of a modelled distribution: `"{field}-{rank}"` for the ranks `1..=count`,
//! hashed by Kafka's partitioner and summed per partition.
//!
//! The sums depend only on the prefix, the count, the partition count and the shape of the
//! weights, so they are kept in a process-wide cache of bounded size ([`CACHE_BYTES`]): the same
//! template analysed again (every keystroke in the editor, every request to the API) does not
//! hash its hundred thousand keys again. The cache is an optimisation only: every result is the
//! same with or without it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::pasted::FastMod;
use super::shape::Shape;
use crate::partitioner::{murmur2, to_positive};

/// Most bytes of per-partition sums the cache keeps (oldest use evicted first).
pub const CACHE_BYTES: usize = 16 << 20;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    prefix: Box<str>,
    count: u64,
    partitions: u32,
    shape: u64,
}

#[derive(Default)]
struct Cache {
    entries: HashMap<Key, (Arc<[f64]>, u64)>,
    clock: u64,
    bytes: usize,
}

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

/// Per partition, the summed weights of the keys `"{prefix}{rank}"`, `rank` in `1..=count`,
/// on `partitions` partitions.
pub(super) fn rank_sums(prefix: &str, count: u64, partitions: u32, shape: Shape) -> Arc<[f64]> {
    let key = Key {
        prefix: prefix.into(),
        count,
        partitions,
        shape: shape.bits(),
    };
    {
        let mut cache = cache().lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        cache.clock += 1;
        let now = cache.clock;
        if let Some((sums, used)) = cache.entries.get_mut(&key) {
            *used = now;
            return sums.clone();
        }
    }
    let sums: Arc<[f64]> = compute(prefix, count, partitions, shape).into();
    let size = sums.len() * 8 + prefix.len() + 64;
    if size <= CACHE_BYTES / 4 {
        let mut cache = cache().lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        cache.clock += 1;
        let now = cache.clock;
        if cache.entries.insert(key, (sums.clone(), now)).is_none() {
            cache.bytes += size;
        }
        while cache.bytes > CACHE_BYTES {
            let Some(oldest) = cache
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some((gone, _)) = cache.entries.remove(&oldest) {
                cache.bytes -= gone.len() * 8 + oldest.prefix.len() + 64;
            }
        }
    }
    sums
}

fn compute(prefix: &str, count: u64, partitions: u32, shape: Shape) -> Vec<f64> {
    let p = FastMod::new(partitions);
    let mut sums = vec![0.0; partitions.max(1) as usize];
    let mut buf = String::with_capacity(prefix.len() + 20);
    buf.push_str(prefix);
    for rank in 1..=count {
        buf.truncate(prefix.len());
        push_decimal(&mut buf, rank);
        let q = p.rem(to_positive(murmur2(buf.as_bytes())));
        sums[q as usize] += shape.weight_of(rank);
    }
    sums
}

/// Appends `n` in decimal (what `format!("{n}")` writes, without the formatting machinery).
pub(super) fn push_decimal(buf: &mut String, mut n: u64) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partitioner::partition_for_key;

    #[test]
    fn decimal_formatting_matches_format() {
        for n in [0u64, 1, 9, 10, 99, 100, 12345, u64::MAX] {
            let mut s = String::from("k-");
            push_decimal(&mut s, n);
            assert_eq!(s, format!("k-{n}"));
        }
    }

    #[test]
    fn sums_are_the_keys_hashed_by_name_cached_or_not() {
        let mut naive = vec![0.0; 7];
        for k in 1..=300u64 {
            naive[partition_for_key(format!("q-{k}").as_bytes(), 7) as usize] += (k as f64).powf(-1.3);
        }
        for _ in 0..2 {
            let sums = rank_sums("q-", 300, 7, Shape::Zipf(1.3));
            for (a, b) in sums.iter().zip(&naive) {
                assert!((a - b).abs() < 1e-12, "{a} vs {b}");
            }
        }
        let counts = rank_sums("q-", 300, 7, Shape::Constant);
        assert_eq!(counts.iter().sum::<f64>(), 300.0);
    }

    #[test]
    fn the_cache_stays_within_its_bytes() {
        for i in 0..200 {
            rank_sums(&format!("evict-{i}-"), 3, 10_000, Shape::Constant);
        }
        let cache = cache().lock().unwrap();
        assert!(cache.bytes <= CACHE_BYTES, "{}", cache.bytes);
    }
}
