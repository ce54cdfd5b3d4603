//! Key mass: the keys that go into a topic, each with its share of the records, built from a
//! key distribution (modelled or pasted) or a mix of several producers' distributions. Nothing
//! is hashed here; [`super::spread`] places the keys on partitions.

use std::sync::Arc;

use design::{KeyDistribution, PastedKeys};

use super::pasted::MergedKeys;
use super::shape::{zipf_head, zipf_tail, Shape};
use super::ENUMERATED_KEYS;

/// A weighted set of keys: pasted keys (merged), ranges of synthetic keys, single keys and an
/// evenly spread remainder. Cheap to clone: pasted keys are shared, not copied.
#[derive(Clone, Debug, Default)]
pub struct KeyMass {
    pub(super) sets: Vec<KeySet>,
    /// The share spread evenly over the partitions (null keys, light tails).
    pub(super) even: f64,
}

#[derive(Clone, Debug)]
pub(super) enum KeySet {
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
}
