//! The share of a topic's records whose key lands on another partition when its partition count
//! changes, through Kafka's own partitioner (`toPositive(murmur2(key)) % partitions`).
//!
//! A key moves iff `partition(key, old) != partition(key, new)`; each key weighs its share of
//! the records. The keys are those the topic's writers send, as the analysis enumerates them:
//!
//! * pasted keys (`sample`) are hashed as they are, weighted (a missing weight counts 0);
//! * modelled distributions (`uniform`, `zipf`, `hot_key`) are enumerated as synthetic keys
//!   `"{field}-{rank}"` (and `"{field}-hot"`), heaviest first, up to [`TOPIC_KEYS`] keys;
//! * the tail past that, and records whose keys the design does not model (a stream
//!   processor's output), use the closed form for uniformly hashed keys,
//!   [`staying_share`]: `gcd(a, b) / max(a, b)` of them stay;
//! * null keys (`none`) are placed by the sticky partitioner: nothing to move.
//!
//! # The closed form
//!
//! For a hash `x` uniform over a range much longer than `l = lcm(a, b)`, `x mod l` decides both
//! `x mod a` and `x mod b` (Chinese remainders), so count over one period `0..l`. Say `a ≤ b`;
//! write `x = q·b + r` with `r < b`, `q < l / b = a / g` (`g = gcd(a, b)`). Then `x mod b = r`,
//! and `x mod a = r` iff `r < a` and `a | q·b`, i.e. `(a/g) | q·(b/g)`, i.e. `(a/g) | q` (the two
//! are coprime): only `q = 0`. So exactly the `a` values `0..a` of each period stay: the share
//! is `a / l = g / b = gcd(a, b) / max(a, b)`. From 10 to 50 partitions 10/50 stay: 80 % move;
//! from 10 to 20, 50 % move; between coprime counts (10 → 13), all but 1/13.
//!
//! The hash's range (`0..2^31`) is not a multiple of `l`; the bias is below `l / 2^31`.

use analysis::partitioner::{murmur2, to_positive};
use design::{KeyDistribution, Node, NodeKind};
use serde::{Deserialize, Serialize};

/// Most keys of modelled distributions hashed one by one per topic.
pub const TOPIC_KEYS: u64 = 100_000;
/// Most keys (pasted and modelled) hashed per plan; past it the closed form is used.
pub const PLAN_KEYS: u64 = 2_000_000;

/// How much of a topic's traffic changes partition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeysMoved {
    /// Share (0..=1) of records whose key lands on another partition.
    pub share: f64,
    pub from_partitions: u32,
    pub to_partitions: u32,
    pub basis: KeyBasis,
    /// Whether part of the share comes from the closed form (a tail, unmodelled keys, the
    /// budget) rather than from hashing keys one by one.
    pub approximate: bool,
    /// How many keys were hashed one by one.
    pub keys_hashed: u64,
}

/// Where the keys come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyBasis {
    /// Real keys pasted into the writers' `sample` distributions.
    Pasted,
    /// Modelled distributions (synthetic keys), or keys the design does not model.
    Modelled,
    /// Null keys only: the sticky partitioner places them, nothing moves.
    Unkeyed,
}

/// The share of uniformly hashed keys that stays on its partition from `a` to `b` partitions:
/// `gcd(a, b) / max(a, b)` (1 when either is 0: nothing can be said to move).
pub fn staying_share(a: u32, b: u32) -> f64 {
    if a == 0 || b == 0 {
        return 1.0;
    }
    f64::from(gcd(a, b)) / f64::from(a.max(b))
}

fn gcd(mut a: u32, mut b: u32) -> u32 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Whether `key` lands on another partition (`a`, `b` > 0).
#[inline]
pub fn moves(key: &[u8], a: u32, b: u32) -> bool {
    let h = to_positive(murmur2(key));
    h % a != h % b
}

/// One distribution's moved share.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Moved {
    pub share: f64,
    pub hashed: u64,
    pub approximate: bool,
}

/// The moved share of the records of one key distribution, from `a` to `b` partitions (both
/// greater than 0), hashing at most `modelled_limit` synthetic keys and `*budget` keys in all
/// (decreased by what is hashed).
pub fn distribution_moved(
    dist: &KeyDistribution,
    field: &str,
    a: u32,
    b: u32,
    modelled_limit: u64,
    budget: &mut u64,
) -> Moved {
    let tail = 1.0 - staying_share(a, b);
    let prefix = format!("{field}-");
    match dist {
        KeyDistribution::None => Moved::default(),
        KeyDistribution::Uniform { cardinality } => {
            let n = (*cardinality).max(1);
            ranked(
                &prefix,
                n,
                |_| 1.0,
                1.0 / n as f64,
                a,
                b,
                modelled_limit,
                budget,
                tail,
            )
        }
        KeyDistribution::Zipf {
            cardinality,
            exponent,
        } => {
            let n = (*cardinality).max(1);
            let s = *exponent;
            if !s.is_finite() {
                return ranked(
                    &prefix,
                    n,
                    |_| 1.0,
                    1.0 / n as f64,
                    a,
                    b,
                    modelled_limit,
                    budget,
                    tail,
                );
            }
            let listed = n.min(modelled_limit).min(*budget);
            let head: f64 = (1..=listed).map(|k| (k as f64).powf(-s)).sum();
            let total = head + zipf_tail(listed, n, s);
            if !(total > 0.0 && total.is_finite()) {
                return Moved {
                    share: tail,
                    hashed: 0,
                    approximate: true,
                };
            }
            ranked(
                &prefix,
                n,
                |k| (k as f64).powf(-s),
                1.0 / total,
                a,
                b,
                modelled_limit,
                budget,
                tail,
            )
        }
        KeyDistribution::HotKey {
            cardinality,
            hot_share,
        } => {
            let n = (*cardinality).max(1);
            let h = if hot_share.is_nan() {
                0.0
            } else {
                hot_share.clamp(0.0, 1.0)
            };
            let hot_moves = moves(format!("{field}-hot").as_bytes(), a, b);
            *budget = budget.saturating_sub(1);
            let rest = n - 1;
            if rest == 0 {
                return Moved {
                    share: if hot_moves { 1.0 } else { 0.0 },
                    hashed: 1,
                    approximate: false,
                };
            }
            let others = ranked(
                &prefix,
                rest,
                |_| 1.0,
                1.0 / rest as f64,
                a,
                b,
                modelled_limit,
                budget,
                tail,
            );
            Moved {
                share: if hot_moves { h } else { 0.0 } + (1.0 - h) * others.share,
                hashed: others.hashed + 1,
                approximate: others.approximate,
            }
        }
        KeyDistribution::Sample { keys, weights } => {
            let weight = |i: usize| match weights {
                Some(w) => w
                    .get(i)
                    .copied()
                    .filter(|x| x.is_finite() && *x > 0.0)
                    .unwrap_or(0.0),
                None => 1.0,
            };
            let mut total: f64 = (0..keys.len()).map(weight).sum();
            let equal = !(total > 0.0 && total.is_finite());
            if equal {
                // Weights that sum to nothing: the keys still exist; count them alike.
                total = keys.len() as f64;
            }
            if keys.is_empty() {
                return Moved::default();
            }
            let listed = (keys.len() as u64).min(*budget) as usize;
            *budget -= listed as u64;
            let (mut moved, mut seen) = (0.0, 0.0);
            for (i, key) in keys.iter().take(listed).enumerate() {
                let w = if equal { 1.0 } else { weight(i) };
                seen += w;
                if moves(key.as_bytes(), a, b) {
                    moved += w;
                }
            }
            let rest = (total - seen).max(0.0);
            Moved {
                share: ((moved + rest * tail) / total).clamp(0.0, 1.0),
                hashed: listed as u64,
                approximate: listed < keys.len(),
            }
        }
    }
}

/// Keys `"{prefix}{rank}"`, rank `1..=n`, rank k weighing `weight(k) × scale`; the listed
/// head hashed, the rest (`1 − Σ head`) at the closed form `tail`.
#[allow(clippy::too_many_arguments)]
fn ranked(
    prefix: &str,
    n: u64,
    weight: impl Fn(u64) -> f64,
    scale: f64,
    a: u32,
    b: u32,
    modelled_limit: u64,
    budget: &mut u64,
    tail: f64,
) -> Moved {
    let listed = n.min(modelled_limit).min(*budget);
    *budget -= listed;
    let mut buf = String::with_capacity(prefix.len() + 20);
    let (mut moved, mut head) = (0.0, 0.0);
    for rank in 1..=listed {
        buf.clear();
        buf.push_str(prefix);
        push_decimal(&mut buf, rank);
        let w = weight(rank) * scale;
        head += w;
        if moves(buf.as_bytes(), a, b) {
            moved += w;
        }
    }
    let rest = (1.0 - head).max(0.0);
    Moved {
        share: (moved + rest * tail).clamp(0.0, 1.0),
        hashed: listed,
        approximate: listed < n,
    }
}

fn push_decimal(buf: &mut String, n: u64) {
    use std::fmt::Write as _;
    let _ = write!(buf, "{n}");
}

/// Σ_{k=from+1}^{to} k^-s by the integral with midpoint correction (as the analysis sizes a
/// Zipf tail: O(1) however large the cardinality).
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

/// The moved share of a topic's records from `a` to `b` partitions, over the keys of its
/// `writers` (each weighted by its `messages_per_sec`, 1 when unset, as the analysis weighs
/// them). `None` when a count is 0 (no partition to move to: the step is refused).
pub fn topic_moved(writers: &[&Node], a: u32, b: u32, budget: &mut u64) -> Option<KeysMoved> {
    if a == 0 || b == 0 {
        return None;
    }
    let rate = |n: &Node| {
        let r = n.messages_per_sec.unwrap_or(1.0);
        if r.is_nan() {
            0.0
        } else {
            r.clamp(0.0, analysis::flow::MAX_RATE)
        }
    };
    let writers: Vec<&Node> = writers
        .iter()
        .copied()
        .filter(|n| n.kind.writes_topics())
        .collect();
    let mut total: f64 = writers.iter().map(|n| rate(n)).sum();
    let equal = !(total > 0.0 && total.is_finite());
    if equal {
        total = writers.len().max(1) as f64;
    }
    let mut out = KeysMoved {
        share: 0.0,
        from_partitions: a,
        to_partitions: b,
        basis: KeyBasis::Unkeyed,
        approximate: false,
        keys_hashed: 0,
    };
    let (mut pasted, mut modelled) = (false, false);
    let keyed = writers
        .iter()
        .filter(|n| writer_keys(n).is_some_and(|d| !matches!(d, KeyDistribution::None)))
        .count()
        .max(1) as u64;
    for w in &writers {
        let f = if equal { 1.0 } else { rate(w) } / total;
        let moved = match (w.kind, &w.key) {
            (_, Some(key)) => {
                match key.distribution {
                    KeyDistribution::None => {}
                    KeyDistribution::Sample { .. } => pasted = true,
                    _ => modelled = true,
                }
                let field = key.field.as_deref().unwrap_or("key");
                distribution_moved(&key.distribution, field, a, b, TOPIC_KEYS / keyed, budget)
            }
            // A processor's output keys are not modelled: keyed, hashed uniformly.
            (NodeKind::StreamProcessor, None) => {
                modelled = true;
                Moved {
                    share: 1.0 - staying_share(a, b),
                    hashed: 0,
                    approximate: true,
                }
            }
            _ => Moved::default(),
        };
        out.share += f * moved.share;
        out.keys_hashed += moved.hashed;
        out.approximate |= moved.approximate;
    }
    out.share = out.share.clamp(0.0, 1.0);
    out.basis = if modelled {
        KeyBasis::Modelled
    } else if pasted {
        KeyBasis::Pasted
    } else {
        KeyBasis::Unkeyed
    };
    Some(out)
}

/// The key distribution a writer sends (processors: not modelled).
fn writer_keys(n: &Node) -> Option<&KeyDistribution> {
    n.key.as_ref().map(|k| &k.distribution)
}
