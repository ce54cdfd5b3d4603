//! `POST /api/v1/report?format=…`: a design's documents, statelessly, for CI pipelines.

use axum::extract::Query;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::body::ValidDesign;
use crate::error::Error;
use crate::export::{export, ExportFormat};

#[derive(Debug, Deserialize)]
pub struct ReportQuery {
    pub format: Option<String>,
}

/// The design rendered as `format` (`md`, `kafka-topics.sh`, `strimzi.yaml`, `terraform.tf`),
/// as a download named after the design.
#[utoipa::path(post, path = "/api/v1/report", tag = "reports",
    params(("format" = Option<String>, Query, description = "md (default), kafka-topics.sh, strimzi.yaml, terraform.tf")),
    request_body(content = Object, description = "A `kafka-design/v1` document"),
    responses((status = 200, description = "The document, as a download named after the design"),
              (status = 400), (status = 422)))]
pub async fn report(
    Query(q): Query<ReportQuery>,
    ValidDesign(design): ValidDesign,
) -> Result<Response, Error> {
    let requested = q.format.as_deref().unwrap_or("md");
    let format: ExportFormat = serde_json::from_value(serde_json::Value::String(requested.to_string()))
        .map_err(|_| {
            Error::BadRequest(format!(
                "format `{requested}` is not one of md, kafka-topics.sh, strimzi.yaml, terraform.tf (pdf comes with the typeset spec)"
            ))
        })?;
    let analysis = analysis::analyze(&design);
    let body = export(&design, &analysis, format);
    let (suffix, media_type) = format.file_type();
    let disposition = format!("attachment; filename=\"{}.{suffix}\"", design.file_stem());
    Ok((
        [
            (header::CONTENT_TYPE, media_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}
