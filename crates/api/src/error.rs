//! The body of every error the API answers:
//! `{"error": {"code": "...", "message": "...", "details": ...}}`, with `details` typed by
//! what it says: the newest revision of a stale save, where a body stopped being JSON, or every
//! rule a body breaks (each naming its element and field).

use serde::{Deserialize, Serialize};

use crate::ids::Revision;

/// The stable code of an error (`error.code`): what a client may branch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request is malformed (a header, a query, a body of the wrong form).
    BadRequest,
    /// The body is not JSON: `details` is a [`design::ParseError`].
    MalformedJson,
    /// The body breaks rules: `details` lists a [`Problem`] for each.
    Invalid,
    PayloadTooLarge,
    UnsupportedMediaType,
    Unauthorized,
    /// Signed in (or holding a link), but this needs more: the owner, an editor, a comment
    /// link, or the comment's author.
    Forbidden,
    NotFound,
    MethodNotAllowed,
    /// A save based on an old revision: `details` is [`StaleRevision`].
    StaleRevision,
    /// Collides with what exists (an e-mail address already registered).
    Conflict,
    /// A save without `If-Match`.
    PreconditionRequired,
    TooManyRequests,
    /// The design is valid but too large for this document.
    TooLarge,
    RenderFailed,
    Overloaded,
    DeadlineExceeded,
    Internal,
    DatabaseUnavailable,
    /// A code this version does not know (written by a newer server).
    #[serde(other)]
    Unknown,
}

/// `{"error": …}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong, for programs (`code`, `details`) and for people (`message`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    pub code: ErrorCode,
    pub message: String,
    /// Where: the JSON position of a syntax error, every rule violation, or the current
    /// revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub details: Option<ErrorDetails>,
}

/// The forms of `error.details`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ErrorDetails {
    /// A save refused as stale.
    Stale(StaleRevision),
    /// Where the body stopped being JSON.
    Syntax(design::ParseError),
    /// Every rule the request breaks.
    Problems(Vec<Problem>),
    /// Details this version does not know.
    Other(serde_json::Value),
}

/// `details` of a stale save (409 `stale_revision`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaleRevision {
    /// The newest revision: read it again, or save the copy as a new design.
    pub current_revision: Revision,
}

/// One broken rule. A design's problems name their element and carry the rule's code; a
/// request's field (`email`, `password`) names only the field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element: Option<design::Element>,
    /// The field, by its name in the document (`partitions`, `nodes[2].kind`) or the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The rule (`edge.illegal`, `range`, `shape`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub message: String,
}

impl From<&design::Problem> for Problem {
    fn from(p: &design::Problem) -> Self {
        Problem {
            element: Some(p.element.clone()),
            field: p.field.clone(),
            code: Some(p.code.to_owned()),
            message: p.message.clone(),
        }
    }
}

impl ErrorBody {
    pub fn new(code: ErrorCode, message: impl Into<String>, details: Option<ErrorDetails>) -> Self {
        ErrorBody {
            error: ErrorDetail {
                code,
                message: message.into(),
                details,
            },
        }
    }

    /// The newest revision, when a save was refused as stale.
    pub fn current_revision(&self) -> Option<Revision> {
        match &self.error.details {
            Some(ErrorDetails::Stale(s)) => Some(s.current_revision),
            _ => None,
        }
    }

    /// The rules broken (empty when the error is not about rules).
    pub fn problems(&self) -> &[Problem] {
        match &self.error.details {
            Some(ErrorDetails::Problems(p)) => p,
            _ => &[],
        }
    }

    /// Where the body stopped being JSON.
    pub fn syntax(&self) -> Option<&design::ParseError> {
        match &self.error.details {
            Some(ErrorDetails::Syntax(e)) => Some(e),
            _ => None,
        }
    }
}

impl std::fmt::Display for ErrorBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.error.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn round_trip(sent: serde_json::Value) -> ErrorBody {
        let read: ErrorBody = serde_json::from_value(sent.clone()).unwrap();
        assert_eq!(serde_json::to_value(&read).unwrap(), sent);
        read
    }

    #[test]
    fn a_stale_save_names_the_newest_revision() {
        let e = round_trip(json!({"error": {"code": "stale_revision",
            "message": "the design has changed since you read it",
            "details": {"current_revision": 2}}}));
        assert_eq!(e.error.code, ErrorCode::StaleRevision);
        assert_eq!(e.current_revision(), Some(Revision(2)));
        assert!(e.problems().is_empty());
    }

    #[test]
    fn rule_violations_name_element_and_field() {
        let e = round_trip(
            json!({"error": {"code": "invalid", "message": "node orders: partitions …",
            "details": [
                {"element": {"kind": "node", "id": "orders"}, "field": "partitions", "code": "range",
                 "message": "must be at least 1"},
                {"element": {"kind": "edge", "from": "a", "to": "b"}, "code": "edge.illegal", "message": "no"},
                {"element": {"kind": "design"}, "field": "nodes[2].kind", "code": "shape", "message": "unknown variant"},
            ]}}),
        );
        let problems = e.problems();
        assert_eq!(problems.len(), 3);
        assert_eq!(
            problems[0].element,
            Some(design::Element::Node { id: "orders".into() })
        );
        assert_eq!(problems[1].code.as_deref(), Some("edge.illegal"));
        assert_eq!(problems[2].field.as_deref(), Some("nodes[2].kind"));
    }

    #[test]
    fn a_refused_field_names_only_the_field() {
        let e = round_trip(
            json!({"error": {"code": "invalid", "message": "password: at least 10 characters",
            "details": [{"field": "password", "message": "at least 10 characters"}]}}),
        );
        assert_eq!(e.problems()[0].field.as_deref(), Some("password"));
        assert_eq!(e.problems()[0].element, None);
    }

    #[test]
    fn broken_json_says_where() {
        let e = round_trip(
            json!({"error": {"code": "malformed_json", "message": "the body is not valid JSON",
            "details": {"path": ".", "line": 2, "column": 5, "message": "expected value", "syntax": true}}}),
        );
        assert_eq!(e.syntax().map(|s| s.line), Some(2));
        assert_eq!(e.current_revision(), None);
    }

    #[test]
    fn plain_errors_and_codes_from_newer_servers() {
        let e = round_trip(json!({"error": {"code": "not_found", "message": "no such design"}}));
        assert_eq!(
            (e.error.code, e.to_string().as_str()),
            (ErrorCode::NotFound, "no such design")
        );
        let newer: ErrorBody =
            serde_json::from_value(json!({"error": {"code": "quota", "message": "m", "details": {"x": 1}}}))
                .unwrap();
        assert_eq!(newer.error.code, ErrorCode::Unknown);
        assert_eq!(newer.error.details, Some(ErrorDetails::Other(json!({"x": 1}))));
    }

    #[test]
    fn every_code_is_written_in_snake_case() {
        for (code, text) in [
            (ErrorCode::BadRequest, "bad_request"),
            (ErrorCode::PayloadTooLarge, "payload_too_large"),
            (ErrorCode::DatabaseUnavailable, "database_unavailable"),
            (ErrorCode::RenderFailed, "render_failed"),
        ] {
            assert_eq!(serde_json::to_value(code).unwrap(), json!(text));
        }
    }

    #[test]
    fn design_problems_convert_with_their_rule() {
        let p = design::Problem {
            element: design::Element::Cluster,
            field: Some("brokers".into()),
            code: "range",
            message: "too many".into(),
        };
        assert_eq!(
            serde_json::to_value(Problem::from(&p)).unwrap(),
            serde_json::to_value(&p).unwrap()
        );
    }
}
