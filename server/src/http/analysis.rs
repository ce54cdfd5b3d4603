//! The stateless analysis API: `POST /api/v1/analyze` and `POST /api/v1/hotspot`.
//! No account needed; same limits and JSON errors as the rest of the API.

use analysis::hotspot::{KeyMass, PartitionLoad};
use analysis::partitioner::partition_for_key;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use design::{Element, KeyDistribution, Problem};
use serde::{Deserialize, Serialize};

use super::body::{JsonBody, ValidDesign};
use crate::compute::Compute;
use crate::error::Error;

/// A JSON answer serialised on the compute pool (an analysis can be megabytes).
pub(super) fn json_bytes(bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], bytes).into_response()
}

/// `POST /api/v1/analyze`: the whole analysis of a design.
#[utoipa::path(post, path = "/api/v1/analyze", tag = "analysis",
    request_body(content = Object, description = "A `kafka-design/v1` document"),
    responses((status = 200, description = "Sizing, partitions, hotspots, lag, latency and findings"),
              (status = 400), (status = 413), (status = 415), (status = 422), (status = 503)))]
pub async fn analyze(
    State(compute): State<Compute>,
    ValidDesign(design): ValidDesign,
) -> Result<Response, Error> {
    let body = compute
        .run("the analysis", move || {
            serde_json::to_vec(&analysis::analyze(&design))
        })
        .await?
        .map_err(|e| Error::Internal(format!("the analysis could not be written: {e}")))?;
    Ok(json_bytes(body))
}

/// Most partitions a hotspot request may ask about (key limits are the design rules').
const MAX_PARTITIONS: u32 = 10_000;

/// `POST /api/v1/hotspot` body: real keys (with optional weights) or a modelled distribution.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HotspotRequest {
    pub partitions: u32,
    #[serde(default)]
    pub keys: Option<Vec<String>>,
    #[serde(default)]
    pub weights: Option<Vec<f64>>,
    #[serde(default)]
    pub distribution: Option<KeyDistribution>,
}

#[derive(Debug, Serialize)]
pub struct HotspotResponse {
    /// The partition of each key, in the order given (absent for a modelled distribution).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partition_of_keys: Option<Vec<u32>>,
    #[serde(flatten)]
    pub summary: PartitionLoad,
}

fn problem(field: &str, message: impl Into<String>) -> Error {
    Error::Invalid(vec![Problem {
        element: Element::Design,
        field: Some(field.into()),
        code: "range",
        message: message.into(),
    }])
}

/// `POST /api/v1/hotspot`: where keys land under Kafka's partitioner, and how even that is.
#[utoipa::path(post, path = "/api/v1/hotspot", tag = "analysis",
    request_body(content = Object, description = "`{partitions, keys?, weights?, distribution?}`"),
    responses((status = 200, description = "Per-partition load through Kafka's murmur2 partitioner, hottest keys"),
              (status = 400), (status = 413), (status = 415), (status = 422), (status = 503)))]
pub async fn hotspot(
    State(compute): State<Compute>,
    JsonBody(req): JsonBody<HotspotRequest>,
) -> Result<Response, Error> {
    if req.partitions == 0 || req.partitions > MAX_PARTITIONS {
        return Err(problem(
            "partitions",
            format!("{} is outside 1..={MAX_PARTITIONS}", req.partitions),
        ));
    }
    // Pasted keys are checked as `keys`/`weights`, a modelled distribution as `distribution.…`.
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
    let partitions = req.partitions;
    let body = compute
        .run("the hotspot analysis", move || {
            let problems =
                design::rules::key_distribution_problems(&dist, if listed { "" } else { "distribution" });
            if !problems.is_empty() {
                return Err(Error::Invalid(problems));
            }
            let keys = match &dist {
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
            let summary = mass.spread(partitions);
            serde_json::to_vec(&HotspotResponse {
                partition_of_keys: keys,
                summary,
            })
            .map_err(|e| Error::Internal(format!("the answer could not be written: {e}")))
        })
        .await??;
    Ok(json_bytes(body))
}
