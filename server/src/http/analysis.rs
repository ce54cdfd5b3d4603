//! The stateless analysis API: `POST /api/v1/analyze` and `POST /api/v1/hotspot`.
//! No account needed; same limits and JSON errors as the rest of the API.

use api::HotspotRequest;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::body::{JsonBody, ValidDesign};
use crate::compute::Compute;
use crate::error::Error;

/// A JSON answer serialised on the compute pool (an analysis can be megabytes).
pub(super) fn json_bytes(bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], bytes).into_response()
}

/// `GET /api/v1/lint-rules`: every rule the analysis applies, with why it matters and how to
/// fix it (the same list as the `/rules` page).
#[utoipa::path(get, path = api::urls::LINT_RULES, tag = "analysis",
    responses((status = 200, body = api::LintRuleList)))]
pub async fn lint_rules() -> axum::Json<api::LintRuleList> {
    axum::Json(api::LintRuleList::all())
}

/// `POST /api/v1/analyze`: the whole analysis of a design.
#[utoipa::path(post, path = api::urls::ANALYZE, tag = "analysis",
    request_body(content = Object, description = "A `kafka-design/v1` document"),
    responses((status = 200, description = "Sizing, partitions, hotspots, lag, latency, peak windows (`peaks`, `peak_windows`, with a load profile), cost (`cost`, with `cluster.deployment`: each deployment target's monthly bill line by line with formulas and unit prices, the cheapest target that fits, totals at growth × 1 to × 5, the price table's version and the assumptions) and findings"),
              (status = 400), (status = 413), (status = 415), (status = 422), (status = 503)))]
pub async fn analyze(
    State(compute): State<Compute>,
    ValidDesign(design): ValidDesign,
) -> Result<Response, Error> {
    let body = compute
        .heavy
        .run("the analysis", move || {
            serde_json::to_vec(&analysis::analyze(&design))
        })
        .await?
        .map_err(|e| Error::Internal(format!("the analysis could not be written: {e}")))?;
    Ok(json_bytes(body))
}

/// `POST /api/v1/hotspot`: where keys land under Kafka's partitioner, and how even that is.
#[utoipa::path(post, path = api::urls::HOTSPOT, tag = "analysis",
    request_body(content = Object, description = "`{partitions, keys?, weights?, distribution?}`"),
    responses((status = 200, description = "Per-partition load through Kafka's murmur2 partitioner, hottest keys"),
              (status = 400), (status = 413), (status = 415), (status = 422), (status = 503)))]
pub async fn hotspot(
    State(compute): State<Compute>,
    JsonBody(req): JsonBody<HotspotRequest>,
) -> Result<Response, Error> {
    let body = compute
        .heavy
        .run("the hotspot analysis", move || {
            let answer = analysis::hotspot::request::answer(req).map_err(Error::Invalid)?;
            serde_json::to_vec(&answer)
                .map_err(|e| Error::Internal(format!("the answer could not be written: {e}")))
        })
        .await??;
    Ok(json_bytes(body))
}
