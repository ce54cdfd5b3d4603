//! The JSON contract between the studio's server and its browser app: every request and
//! response body of `/api/v1`, the ids they carry ([`DesignId`], [`Revision`], [`ShareToken`],
//! …), the error body every refusal has, and the address of every route ([`urls`]).
//!
//! Both sides use these types: the server's handlers take and return them, the app reads them,
//! so a renamed field breaks the build instead of a page. The bodies that are the engine's own
//! (the design document, the analysis, a diff, the hotspot request and answer) are re-exported
//! from `design` and `analysis`, not copied.
//!
//! What this crate does not do: send requests, check rules, or touch a database. It compiles
//! for `wasm32-unknown-unknown` (the app's hydrate build): serde, uuid and chrono only (no
//! clock, no random source). With the `openapi` feature every body derives
//! `utoipa::ToSchema` for the server's OpenAPI document; the app leaves it off.

pub mod accounts;
pub mod designs;
pub mod error;
pub mod ids;
pub mod imports;
pub mod lint;
pub mod markup;
pub mod plans;
pub mod reviews;
pub mod schemas;
pub mod shares;
pub mod urls;

pub use accounts::{Account, Credentials};
pub use designs::{
    Created, DesignBody, DesignList, DesignListing, DiffBody, DiffQuery, Rename, RevisionBody, RevisionInfo,
    RevisionList, Saved, StoredDocument,
};
pub use error::{ErrorBody, ErrorCode, ErrorDetail, ErrorDetails, Problem, StaleRevision};
pub use ids::{AccountId, BadId, DesignId, Revision, ShareId, ShareRef, ShareToken};
pub use imports::{ImportQuery, ImportWarning, ImportedDesign};
pub use lint::{LintRule, LintRuleList};
pub use plans::{PlanAnswer, PlanQuery, PlanRequest};
pub use reviews::{
    Comment, CommentAuthor, CommentEdit, CommentList, CommentTarget, DesignRole, EdgeRef, FieldChange,
    LiveEvent, Member, MemberList, MemberRole, NewComment, NewMember, NewShare, Outdated, PostedComment,
    ShareAccess,
};
pub use schemas::{CompatibilityAnswer, CompatibilityMessage, CompatibilityRequest, SchemaText};
pub use shares::{CreatedShare, ShareInfo, ShareList, SharedDesign};
pub use urls::DocumentSource;

/// Timestamps in bodies are UTC, written as RFC 3339.
pub use chrono::{DateTime, Utc};
/// The parts of a timestamp, for clients that print one.
pub mod chrono_parts {
    pub use chrono::{Datelike, Timelike};
}

pub use analysis::hotspot::request::{HotspotAnswer, HotspotRequest};
/// The engine's bodies, as they are: the document (`POST /analyze`, `/report`, the design
/// saved), the analysis (`/analyze`'s answer), a diff and its counts.
pub use analysis::Analysis;
pub use design::{Design, DesignDiff, DiffSummary, ParseError};

/// `POST /report?format=`: which document (`md` when absent).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct ReportQuery {
    /// md (default), pdf, zip, kafka-topics.sh, strimzi.yaml, terraform.tf
    pub format: Option<String>,
}
