//! `POST /api/v1/import`: a design from what teams already run (AsyncAPI, Kafka Streams
//! `describe()`, `kafka-topics.sh` and `kafka-consumer-groups.sh` output, Strimzi and Terraform
//! topics). Stateless and unsaved: the editor opens the answer as a new design or merges it.
//!
//! The body is the raw text, whatever its `Content-Type`; the request body limit bounds it, the
//! importers bound the rest (`interop::limits`), and the work runs on the compute pool.

use api::{ImportQuery, ImportWarning, ImportedDesign};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Response;

use super::analysis::json_bytes;
use crate::compute::Compute;
use crate::error::Error;

/// `POST /api/v1/import?format=&application_id=`: the design a document describes, laid out and
/// valid, with what was skipped.
#[utoipa::path(post, path = api::urls::IMPORT, tag = "import",
    params(ImportQuery),
    request_body(content = String, description = "The document's text (YAML, JSON or plain text)",
        content_type = "text/plain"),
    responses((status = 200, body = ImportedDesign,
               description = "The design (not saved) and the warnings, each naming its line or path"),
              (status = 400), (status = 413), (status = 422), (status = 503)))]
pub async fn import(
    State(compute): State<Compute>,
    Query(q): Query<ImportQuery>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, Error> {
    let body = body.map_err(|rejection| {
        if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            Error::PayloadTooLarge(rejection.body_text())
        } else {
            Error::BadRequest(rejection.body_text())
        }
    })?;
    let format = match q.format.as_deref().filter(|f| !f.is_empty()) {
        Some(name) => Some(name.parse::<interop::Format>().map_err(Error::Import)?),
        None => None,
    };
    let application_id = q.application_id.filter(|a| !a.trim().is_empty());
    if let Some(id) = &application_id {
        check_application_id(id)?;
    }
    let answer = compute
        .heavy
        .run("the import", move || {
            let text = text(&body)?;
            let imported =
                interop::import(text, format, &interop::Options { application_id }).map_err(Error::Import)?;
            serde_json::to_vec(&ImportedDesign {
                format: imported.format.name().into(),
                design: imported.design,
                warnings: imported
                    .warnings
                    .into_iter()
                    .map(|w| ImportWarning {
                        message: w.message,
                        location: w.location,
                    })
                    .collect(),
            })
            .map_err(|e| Error::Internal(format!("the import could not be written: {e}")))
        })
        .await??;
    Ok(json_bytes(answer))
}

/// The body as text: 422 naming the line and column of the first byte that is not UTF-8.
fn text(body: &[u8]) -> Result<&str, Error> {
    std::str::from_utf8(body).map_err(|e| {
        let good = &body[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = good.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        Error::Import(interop::Error::Syntax {
            format: interop::Format::Asyncapi,
            line,
            column,
            message: "the text is not UTF-8".into(),
        })
    })
}

/// Kafka's rule for an `application.id`: it names topics, so it is what a topic name may be.
fn check_application_id(id: &str) -> Result<(), Error> {
    let legal = id.len() <= 200
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if legal {
        Ok(())
    } else {
        Err(Error::InvalidField {
            field: "application_id",
            message: "an application.id is at most 200 of the characters A–Z a–z 0–9 . _ -".into(),
        })
    }
}
