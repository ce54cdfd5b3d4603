//! The hotspot question as the API asks it, `{partitions, keys?, weights?, distribution?}`,
//! checked and answered: where each pasted key lands and how even the load is.

use design::{Element, KeyDistribution, PastedKeys, Problem};
use serde::{Deserialize, Serialize};

use super::{KeyMass, PartitionLoad};
use crate::partitioner::partition_for_key;

/// Real keys (with optional weights) or a modelled distribution, on `partitions` partitions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HotspotRequest {
    pub partitions: u32,
    #[serde(default)]
    pub keys: Option<PastedKeys>,
    #[serde(default)]
    pub weights: Option<Vec<f64>>,
    #[serde(default)]
    pub distribution: Option<KeyDistribution>,
}

/// The answer: each pasted key's partition, and the load.
#[derive(Debug, Serialize)]
pub struct HotspotAnswer {
    /// The partition of each key, in the order given (absent for a modelled distribution).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partition_of_keys: Option<Vec<u32>>,
    #[serde(flatten)]
    pub summary: PartitionLoad,
}

fn problem(field: &str, message: impl Into<String>) -> Vec<Problem> {
    vec![Problem {
        element: Element::Design,
        field: Some(field.into()),
        code: "range",
        message: message.into(),
    }]
}

/// Checks the request (pasted keys as `keys`/`weights`, a model as `distribution.…`) and
/// answers it; the problems name the field.
pub fn answer(req: HotspotRequest) -> Result<HotspotAnswer, Vec<Problem>> {
    let max = design::rules::MAX_PARTITIONS;
    if req.partitions == 0 || req.partitions > max {
        return Err(problem(
            "partitions",
            format!("{} is outside 1..={max}", req.partitions),
        ));
    }
    let (dist, listed) = match (req.keys, req.distribution) {
        (Some(_), Some(_)) => return Err(problem("keys", "give either keys or distribution, not both")),
        (None, None) => {
            return Err(problem(
                "keys",
                "give keys (with optional weights) or a distribution",
            ))
        }
        (Some(keys), None) => (
            KeyDistribution::Sample {
                keys,
                weights: req.weights,
            },
            true,
        ),
        (None, Some(dist)) => {
            if req.weights.is_some() {
                return Err(problem(
                    "weights",
                    "weights go with keys, not with a distribution",
                ));
            }
            (dist, false)
        }
    };
    let problems = design::rules::key_distribution_problems(&dist, if listed { "" } else { "distribution" });
    if !problems.is_empty() {
        return Err(problems);
    }
    let partitions = req.partitions;
    let partition_of_keys = match &dist {
        KeyDistribution::Sample { keys, .. } if listed => Some(
            keys.iter()
                .map(|k| partition_for_key(k.as_bytes(), partitions))
                .collect(),
        ),
        _ => None,
    };
    let mass = match dist {
        KeyDistribution::Sample { keys, weights } => KeyMass::from_sample(keys, weights.as_deref()),
        modelled => KeyMass::of(&modelled, "key"),
    };
    Ok(HotspotAnswer {
        partition_of_keys,
        summary: mass.spread(partitions),
    })
}
