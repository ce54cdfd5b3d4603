//! `POST /api/v1/schemas/compatibility`: a new schema version checked against older ones as a
//! Schema Registry checks it (the verbose answer of its compatibility endpoint). Stateless.
//!
//! The request body limit bounds the texts, `contracts::limits` each schema and the work of a
//! comparison; the check runs on the compute pool.

use api::{CompatibilityAnswer, CompatibilityRequest};
use axum::extract::State;
use axum::response::Response;

use super::analysis::json_bytes;
use super::body::JsonBody;
use crate::compute::Compute;
use crate::error::Error;

/// `POST /api/v1/schemas/compatibility`: `{schema_type, compatibility, schema, previous}` →
/// `{is_compatible, messages: [{kind, location, message, version, direction, line?, column?}]}`.
#[utoipa::path(post, path = api::urls::SCHEMA_COMPATIBILITY, tag = "schemas",
    request_body = CompatibilityRequest,
    responses((status = 200, body = CompatibilityAnswer,
               description = "Whether a registry at that level accepts the new version, and every incompatibility with its kind, place and version"),
              (status = 400), (status = 413), (status = 415),
              (status = 422, description = "A version is not a schema of its type (with its version, line and column or path), or is past a limit"),
              (status = 503)))]
pub async fn compatibility(
    State(compute): State<Compute>,
    JsonBody(req): JsonBody<CompatibilityRequest>,
) -> Result<Response, Error> {
    let body = compute
        .heavy
        .run("the compatibility check", move || {
            let answer = req.check().map_err(Error::Schema)?;
            serde_json::to_vec(&answer)
                .map_err(|e| Error::Internal(format!("the answer could not be written: {e}")))
        })
        .await??;
    Ok(json_bytes(body))
}
