//! The one error type of the HTTP layer and its JSON form:
//! `{"error": {"code": "...", "message": "...", "details": [...]}}`.

use axum::extract::rejection::JsonRejection;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// Everything a request can fail with. Each variant knows its status and its stable `code`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The body is not valid JSON, or not the expected shape.
    #[error("{0}")]
    BadRequest(String),
    /// The body is not JSON at all: where it broke.
    #[error("the body is not valid JSON: {0}")]
    MalformedJson(design::ParseError),
    /// The body is JSON but breaks the rules: every problem, each naming element and field.
    #[error("{}", summarise(.0))]
    Invalid(Vec<design::Problem>),
    /// The body is larger than the server accepts.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// The body is not JSON at all.
    #[error("expected a JSON body with `Content-Type: application/json`")]
    UnsupportedMediaType,
    /// One field of a request breaks a rule (`field` names it: `email`, `password`, `name`).
    #[error("{field}: {message}")]
    InvalidField { field: &'static str, message: String },
    /// Not signed in, or the credentials are wrong.
    #[error("{0}")]
    Unauthorized(String),
    /// Nothing at this address (or nothing the caller may see).
    #[error("{0}")]
    NotFound(String),
    /// The method is not allowed here (e.g. any write through a share link).
    #[error("{0}")]
    MethodNotAllowed(String),
    /// The request was based on something that changed meanwhile (a stale revision), or
    /// collides with what exists (an e-mail address already registered).
    #[error("{message}")]
    Conflict {
        message: String,
        current_revision: Option<i32>,
    },
    /// A conditional request came without its condition (`If-Match`).
    #[error("{0}")]
    PreconditionRequired(String),
    /// Too many attempts; try again after this many seconds.
    #[error("{message}; try again in {retry_after_secs} s")]
    TooManyRequests { retry_after_secs: u64, message: String },
    /// The design is valid but too large for this document (a PDF of thousands of nodes):
    /// what is too large, and what to use instead.
    #[error("{0}")]
    TooLarge(String),
    /// A document could not be made (typesetting, zip): our fault, said plainly.
    #[error("the document could not be made: {0}")]
    Render(String),
    /// Every turn for heavy work is taken and the queue is full; try again shortly.
    #[error("the studio is busy with other heavy requests; try again in {retry_after_secs} s")]
    Overloaded { retry_after_secs: u64 },
    /// The work did not finish within the request's deadline.
    #[error("{0}")]
    DeadlineExceeded(String),
    /// A bug of ours (a computation that failed); logged with its cause.
    #[error("{0}")]
    Internal(String),
    /// The database did not answer (down, restarting, unreachable, out of connections).
    #[error("the database is unavailable; nothing was changed, try again shortly")]
    DatabaseUnavailable(#[source] sqlx::Error),
    /// Anything else the database said; logged, never shown to the caller.
    #[error("database error")]
    Database(#[source] sqlx::Error),
}

impl From<sqlx::Error> for Error {
    /// A database that cannot be reached (or is shutting down, or has no connection left) is
    /// unavailable (503); anything else it says is our fault (500).
    fn from(e: sqlx::Error) -> Self {
        let unavailable = match &e {
            sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed => true,
            // Class 08: connection exceptions; 57P01–57P03: shutting down or starting up;
            // 53300: too many connections.
            sqlx::Error::Database(db) => db
                .code()
                .is_some_and(|c| c.starts_with("08") || c.starts_with("57P") || c == "53300"),
            _ => false,
        };
        if unavailable {
            Error::DatabaseUnavailable(e)
        } else {
            Error::Database(e)
        }
    }
}

impl Error {
    pub fn status(&self) -> StatusCode {
        match self {
            Error::BadRequest(_) | Error::MalformedJson(_) => StatusCode::BAD_REQUEST,
            Error::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Error::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::InvalidField { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Error::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            Error::Conflict { .. } => StatusCode::CONFLICT,
            Error::PreconditionRequired(_) => StatusCode::PRECONDITION_REQUIRED,
            Error::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::TooLarge(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::Render(_) | Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Error::Overloaded { .. } | Error::DeadlineExceeded(_) => StatusCode::SERVICE_UNAVAILABLE,
            Error::DatabaseUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Error::Database(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Error::BadRequest(_) => "bad_request",
            Error::MalformedJson(_) => "malformed_json",
            Error::Invalid(_) => "invalid",
            Error::PayloadTooLarge(_) => "payload_too_large",
            Error::UnsupportedMediaType => "unsupported_media_type",
            Error::InvalidField { .. } => "invalid",
            Error::Unauthorized(_) => "unauthorized",
            Error::NotFound(_) => "not_found",
            Error::MethodNotAllowed(_) => "method_not_allowed",
            Error::Conflict {
                current_revision: Some(_),
                ..
            } => "stale_revision",
            Error::Conflict { .. } => "conflict",
            Error::PreconditionRequired(_) => "precondition_required",
            Error::TooManyRequests { .. } => "too_many_requests",
            Error::TooLarge(_) => "too_large",
            Error::Render(_) => "render_failed",
            Error::Overloaded { .. } => "overloaded",
            Error::DeadlineExceeded(_) => "deadline_exceeded",
            Error::Internal(_) => "internal",
            Error::DatabaseUnavailable(_) => "database_unavailable",
            Error::Database(_) => "internal",
        }
    }
}

/// The JSON body of every error response.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize)]
pub struct ErrorDetail {
    pub code: &'static str,
    pub message: String,
    /// Where: the JSON position of a syntax error, or every rule violation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

fn summarise(problems: &[design::Problem]) -> String {
    match problems {
        [] => "the request breaks the rules".into(),
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first} (and {} more)", rest.len()),
    }
}

impl From<design::ParseError> for Error {
    /// Broken JSON is a 400; JSON of the wrong shape is a rule violation (422) at its path.
    fn from(e: design::ParseError) -> Self {
        if e.syntax {
            Error::MalformedJson(e)
        } else {
            Error::Invalid(vec![design::Problem {
                element: design::Element::Design,
                field: Some(e.path.clone()),
                code: "shape",
                message: format!("{} (line {}, column {})", e.message, e.line, e.column),
            }])
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        match &self {
            Error::Overloaded { .. } | Error::DeadlineExceeded(_) | Error::DatabaseUnavailable(_) => {
                tracing::warn!(error = %self, cause = ?std::error::Error::source(&self), "request refused")
            }
            _ if status.is_server_error() => tracing::error!(error = ?self, "request failed"),
            _ => {}
        }
        let details = match &self {
            Error::MalformedJson(e) => serde_json::to_value(e).ok(),
            Error::Invalid(problems) => serde_json::to_value(problems).ok(),
            Error::InvalidField { field, message } => {
                Some(serde_json::json!([{ "field": field, "message": message }]))
            }
            Error::Conflict {
                current_revision: Some(current),
                ..
            } => Some(serde_json::json!({ "current_revision": current })),
            _ => None,
        };
        let mut extra = axum::http::HeaderMap::new();
        match &self {
            Error::Conflict {
                current_revision: Some(current),
                ..
            } => {
                extra.insert(header::ETAG, crate::http::etag(*current));
            }
            Error::TooManyRequests { retry_after_secs, .. } | Error::Overloaded { retry_after_secs } => {
                extra.insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
            }
            Error::DatabaseUnavailable(_) | Error::DeadlineExceeded(_) => {
                extra.insert(header::RETRY_AFTER, HeaderValue::from(2u64));
            }
            Error::Unauthorized(_) => {
                extra.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Cookie realm=\"studio\""),
                );
            }
            _ => {}
        }
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code(),
                message: self.to_string(),
                details,
            },
        };
        (status, extra, Json(body)).into_response()
    }
}

impl From<JsonRejection> for Error {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Error::UnsupportedMediaType,
            JsonRejection::BytesRejection(ref r) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Error::PayloadTooLarge(r.body_text())
            }
            other => Error::BadRequest(other.body_text()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn errors_render_as_json_with_code_and_message() {
        let response = Error::NotFound("no design 42".into()).into_response();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 16).await.unwrap();
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(json["error"]["code"], "not_found");
        assert_eq!(json["error"]["message"], "no design 42");
    }

    #[test]
    fn database_details_are_not_shown_to_callers() {
        let e = Error::from(sqlx::Error::Protocol("secret internals".into()));
        assert_eq!(e.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!e.to_string().contains("secret"));
    }

    #[test]
    fn a_database_out_of_reach_is_unavailable_not_a_bug() {
        for e in [
            sqlx::Error::PoolTimedOut,
            sqlx::Error::PoolClosed,
            sqlx::Error::Io(std::io::Error::from(std::io::ErrorKind::ConnectionRefused)),
        ] {
            let e = Error::from(e);
            assert_eq!(e.status(), StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(e.code(), "database_unavailable");
        }
    }
}
