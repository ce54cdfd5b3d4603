//! The one error type of the HTTP layer and its JSON form, [`api::ErrorBody`]:
//! `{"error": {"code": "...", "message": "...", "details": [...]}}`.
//!
//! An error is not logged where it becomes a response: the response carries what to log
//! ([`ErrorLog`], an extension) and [`log_errors`], a middleware, logs it with the request's
//! method and path.

use api::{ErrorBody, ErrorCode, ErrorDetails, Revision, StaleRevision};
use axum::extract::rejection::JsonRejection;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;

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
    /// One of two designs in a body (`from`, `to`) breaks the rules: which, and every problem.
    #[error("`{side}` is not a valid design: {}", summarise(.problems))]
    InvalidIn {
        side: &'static str,
        problems: Vec<design::Problem>,
    },
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
    /// Allowed to see this, not to do it (403).
    #[error("{0}")]
    Forbidden(String),
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
        current_revision: Option<Revision>,
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
    /// A document to import could not be read as its format (422 with the line and column),
    /// its format is unknown (400) or it is too large (413).
    #[error("{0}")]
    Import(interop::Error),
    /// A schema version that could not be read, or is past a limit (422, with the version and
    /// where in it).
    #[error("{0}")]
    Schema(contracts::VersionError),
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
            Error::Invalid(_) | Error::InvalidIn { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Error::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Error::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::InvalidField { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Error::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Error::Forbidden(_) => StatusCode::FORBIDDEN,
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
            Error::Import(interop::Error::UnknownFormat { .. }) => StatusCode::BAD_REQUEST,
            Error::Import(interop::Error::TooLarge { .. }) => StatusCode::PAYLOAD_TOO_LARGE,
            Error::Import(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::Schema(_) => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Error::BadRequest(_) => ErrorCode::BadRequest,
            Error::MalformedJson(_) => ErrorCode::MalformedJson,
            Error::Invalid(_) | Error::InvalidIn { .. } => ErrorCode::Invalid,
            Error::PayloadTooLarge(_) => ErrorCode::PayloadTooLarge,
            Error::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            Error::InvalidField { .. } => ErrorCode::Invalid,
            Error::Unauthorized(_) => ErrorCode::Unauthorized,
            Error::Forbidden(_) => ErrorCode::Forbidden,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::MethodNotAllowed(_) => ErrorCode::MethodNotAllowed,
            Error::Conflict {
                current_revision: Some(_),
                ..
            } => ErrorCode::StaleRevision,
            Error::Conflict { .. } => ErrorCode::Conflict,
            Error::PreconditionRequired(_) => ErrorCode::PreconditionRequired,
            Error::TooManyRequests { .. } => ErrorCode::TooManyRequests,
            Error::TooLarge(_) => ErrorCode::TooLarge,
            Error::Render(_) => ErrorCode::RenderFailed,
            Error::Overloaded { .. } => ErrorCode::Overloaded,
            Error::DeadlineExceeded(_) => ErrorCode::DeadlineExceeded,
            Error::Internal(_) => ErrorCode::Internal,
            Error::DatabaseUnavailable(_) => ErrorCode::DatabaseUnavailable,
            Error::Database(_) => ErrorCode::Internal,
            Error::Import(interop::Error::UnknownFormat { .. }) => ErrorCode::BadRequest,
            Error::Import(interop::Error::TooLarge { .. }) => ErrorCode::PayloadTooLarge,
            Error::Import(_) => ErrorCode::Invalid,
            Error::Schema(e) if matches!(e.error, contracts::Error::Limit(_)) => ErrorCode::TooLarge,
            Error::Schema(_) => ErrorCode::Invalid,
        }
    }

    /// `error.details`: where and what, when the error can say.
    fn details(&self) -> Option<ErrorDetails> {
        match self {
            Error::MalformedJson(e) => Some(ErrorDetails::Syntax(e.clone())),
            Error::Import(interop::Error::Syntax {
                format,
                line,
                column,
                message,
            }) => Some(ErrorDetails::Other(serde_json::json!({
                "format": format.name(),
                "line": line,
                "column": column,
                "message": message,
            }))),
            Error::Schema(e) => {
                let (line, column, location) = match &e.error {
                    contracts::Error::Syntax {
                        line,
                        column,
                        location,
                        ..
                    } => (*line, *column, location.clone()),
                    contracts::Error::Limit(_) => (None, None, None),
                };
                Some(ErrorDetails::Other(serde_json::json!({
                    "version": e.version,
                    "line": line,
                    "column": column,
                    "location": location,
                    "message": e.error.to_string(),
                })))
            }
            Error::Invalid(problems) => Some(ErrorDetails::Problems(
                problems.iter().map(api::Problem::from).collect(),
            )),
            Error::InvalidIn { side, problems } => Some(ErrorDetails::Problems(
                problems
                    .iter()
                    .map(|p| {
                        let mut problem = api::Problem::from(p);
                        problem.field = Some(match problem.field {
                            Some(field) => format!("{side}.{field}"),
                            None => (*side).to_owned(),
                        });
                        problem.message = format!("in `{side}`: {}", problem.message);
                        problem
                    })
                    .collect(),
            )),
            Error::InvalidField { field, message } => Some(ErrorDetails::Problems(vec![api::Problem {
                element: None,
                field: Some((*field).to_owned()),
                code: None,
                message: message.clone(),
            }])),
            Error::Conflict {
                current_revision: Some(current),
                ..
            } => Some(ErrorDetails::Stale(StaleRevision {
                current_revision: *current,
            })),
            _ => None,
        }
    }

    /// What the log says about this error, if anything: refusals that pass (an unavailable
    /// database, no turn for heavy work) as warnings, our failures as errors, the caller's
    /// mistakes not at all.
    fn log(&self) -> Option<ErrorLog> {
        match self {
            Error::Overloaded { .. } | Error::DeadlineExceeded(_) | Error::DatabaseUnavailable(_) => {
                Some(ErrorLog::Refused {
                    error: self.to_string(),
                    cause: format!("{:?}", std::error::Error::source(self)),
                })
            }
            _ if self.status().is_server_error() => Some(ErrorLog::Failed {
                error: format!("{self:?}"),
            }),
            _ => None,
        }
    }
}

/// What to log about an error response, carried by the response to [`log_errors`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorLog {
    /// Refused for a passing reason (warning): the error and its cause.
    Refused { error: String, cause: String },
    /// Failed (error): the error, with its details.
    Failed { error: String },
}

/// Logs the error an answer carries ([`ErrorLog`]) with the request's method and path.
pub async fn log_errors(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = without_secrets(request.uri().path());
    let response = next.run(request).await;
    match response.extensions().get::<ErrorLog>() {
        Some(ErrorLog::Refused { error, cause }) => {
            tracing::warn!(%method, %path, %error, %cause, "request refused")
        }
        Some(ErrorLog::Failed { error }) => tracing::error!(%method, %path, %error, "request failed"),
        None => {}
    }
    response
}

/// `path` with the share-link tokens it carries replaced by `<token>`: a token is a secret that
/// opens a design, and logs are read by more people than the design's owner.
fn without_secrets(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut after_secret_marker = false;
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        if after_secret_marker && !segment.is_empty() {
            out.push_str("<token>");
        } else {
            out.push_str(segment);
        }
        after_secret_marker = matches!(segment, "shared" | "shares" | "s");
    }
    out
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
        let body = ErrorBody::new(self.code(), self.to_string(), self.details());
        let mut response = (status, extra, Json(body)).into_response();
        if let Some(log) = self.log() {
            response.extensions_mut().insert(log);
        }
        response
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
    fn logged_paths_keep_no_share_token() {
        for (path, logged) in [
            (
                "/api/v1/shared/abcDEF123_-x/report.pdf",
                "/api/v1/shared/<token>/report.pdf",
            ),
            (
                "/api/v1/designs/42/shares/abcDEF123",
                "/api/v1/designs/42/shares/<token>",
            ),
            ("/s/abcDEF123", "/s/<token>"),
            ("/api/v1/designs/42/report.md", "/api/v1/designs/42/report.md"),
            ("/api/v1/shared/", "/api/v1/shared/"),
        ] {
            assert_eq!(without_secrets(path), logged, "{path}");
        }
    }

    #[test]
    fn answers_carry_what_to_log_and_callers_mistakes_nothing() {
        let failed = Error::Internal("a bug".into()).into_response();
        assert!(matches!(
            failed.extensions().get::<ErrorLog>(),
            Some(ErrorLog::Failed { error }) if error.contains("a bug")
        ));
        let refused = Error::Overloaded { retry_after_secs: 1 }.into_response();
        assert!(matches!(
            refused.extensions().get::<ErrorLog>(),
            Some(ErrorLog::Refused { .. })
        ));
        for quiet in [
            Error::NotFound("no such design".into()),
            Error::BadRequest("no".into()),
        ] {
            assert_eq!(quiet.into_response().extensions().get::<ErrorLog>(), None);
        }
    }

    #[tokio::test]
    async fn a_stale_save_names_the_newest_revision_in_body_and_etag() {
        let response = Error::Conflict {
            message: "stale".into(),
            current_revision: Some(Revision(2)),
        }
        .into_response();
        assert_eq!(response.headers()[header::ETAG], "\"2\"");
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 16).await.unwrap();
        let body: ErrorBody = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(body.error.code, ErrorCode::StaleRevision);
        assert_eq!(body.current_revision(), Some(Revision(2)));
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
            assert_eq!(e.code(), ErrorCode::DatabaseUnavailable);
        }
    }
}
