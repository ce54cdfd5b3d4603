//! Request bodies: read as bytes (so that every refusal is ours, in our JSON shape), then
//! parsed with errors that say where. Parsing and checking a design run on the compute pool
//! ([`crate::compute`]), as does parsing any large body.

use axum::body::Bytes;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::header;
use serde::de::DeserializeOwned;

use crate::compute::Compute;
use crate::error::Error;

/// Bodies up to this size are parsed on the async thread (a few microseconds); larger ones on
/// the compute pool.
const INLINE_PARSE_BYTES: usize = 64 * 1024;

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

/// A valid `kafka-design/v1` document within the engine's limits: 400 for broken JSON, 422 for
/// anything that breaks a rule (each problem naming its element and field).
pub struct ValidDesign(pub design::Design);

impl<S> FromRequest<S> for ValidDesign
where
    S: Send + Sync,
    Compute: FromRef<S>,
{
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        let bytes = json_bytes(req, state).await?;
        let design = Compute::from_ref(state)
            .light
            .run("reading the design", move || valid_design(&bytes))
            .await??;
        Ok(ValidDesign(design))
    }
}

/// A valid design as [`ValidDesign`] reads it, with the JSON text as sent: what a save stores
/// (what was PUT is what a GET returns, byte for byte).
pub struct ValidDocument {
    pub design: design::Design,
    pub text: Bytes,
}

impl<S> FromRequest<S> for ValidDocument
where
    S: Send + Sync,
    Compute: FromRef<S>,
{
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        let bytes = json_bytes(req, state).await?;
        let text = bytes.clone();
        let design = Compute::from_ref(state)
            .light
            .run("reading the design", move || {
                std::str::from_utf8(&bytes).map_err(|_| Error::BadRequest("the body is not UTF-8".into()))?;
                valid_design(&bytes)
            })
            .await??;
        Ok(ValidDocument { design, text })
    }
}

/// Parses and checks a design (blocking).
pub fn valid_design(bytes: &[u8]) -> Result<design::Design, Error> {
    let design = design::parse(bytes)?;
    let problems = analysis::check(&design);
    if problems.is_empty() {
        Ok(design)
    } else {
        Err(Error::Invalid(problems))
    }
}

/// Any JSON body of type `T`, with located errors.
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    Compute: FromRef<S>,
    T: DeserializeOwned + Send + 'static,
{
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        let bytes = json_bytes(req, state).await?;
        let value = if bytes.len() <= INLINE_PARSE_BYTES {
            parse_json(&bytes)?
        } else {
            Compute::from_ref(state)
                .light
                .run("reading the request", move || parse_json(&bytes))
                .await??
        };
        Ok(JsonBody(value))
    }
}

/// A JSON body of type `T` that may be left out: no body (or only whitespace) is `T::default()`.
pub struct OptionalJson<T>(pub T);

impl<S, T> FromRequest<S> for OptionalJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Default + Send + 'static,
{
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        let bytes = json_bytes(req, state).await?;
        if bytes.len() > INLINE_PARSE_BYTES {
            return Err(Error::PayloadTooLarge(format!(
                "this body has a few fields: at most {INLINE_PARSE_BYTES} bytes"
            )));
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(T::default()));
        }
        Ok(OptionalJson(parse_json(&bytes)?))
    }
}

fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        located(path, e.into_inner())
    })?;
    de.end().map_err(|e| located(".".into(), e))?;
    Ok(value)
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
