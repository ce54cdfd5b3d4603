//! Request bodies: read as bytes (so that every refusal is ours, in our JSON shape), then
//! parsed with errors that say where.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use serde::de::DeserializeOwned;

use crate::error::Error;

/// Reads the body, refusing a non-JSON `Content-Type` (415) and an oversized body (413).
async fn json_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, Error> {
    if let Some(ct) = req.headers().get(header::CONTENT_TYPE) {
        let ct = ct.to_str().unwrap_or_default();
        if !ct.starts_with("application/json") && !ct.contains("+json") {
            return Err(Error::UnsupportedMediaType);
        }
    }
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            Error::PayloadTooLarge(rejection.body_text())
        } else {
            Error::BadRequest(rejection.body_text())
        }
    })
}

/// A valid `kafka-design/v1` document: 400 for broken JSON, 422 for anything that breaks a
/// rule (each problem naming its element and field).
pub struct ValidDesign(pub design::Design);

impl<S: Send + Sync> FromRequest<S> for ValidDesign {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        let bytes = json_bytes(req, state).await?;
        let design = design::parse(&bytes)?;
        let problems = design::validate(&design);
        if problems.is_empty() {
            Ok(ValidDesign(design))
        } else {
            Err(Error::Invalid(problems))
        }
    }
}

/// Any JSON body of type `T`, with located errors.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        let bytes = json_bytes(req, state).await?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            located(path, e.into_inner())
        })?;
        de.end().map_err(|e| located(".".into(), e))?;
        Ok(JsonBody(value))
    }
}

fn located(path: String, e: serde_json::Error) -> Error {
    Error::from(design::ParseError {
        path,
        line: e.line(),
        column: e.column(),
        syntax: matches!(
            e.classify(),
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof
        ),
        message: e.to_string(),
    })
}
