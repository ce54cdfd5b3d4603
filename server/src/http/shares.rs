//! Read-only share links: the owner creates, lists and revokes them under
//! `/api/v1/designs/{id}/shares`; anyone with the token reads `/api/v1/shared/{token}`.
//! A revoked or unknown token is 404; no method but `GET` exists under `/shared`.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::designs::{design_id, no_design};
use super::{etag, AppState};
use crate::auth::{cookie, token, CurrentUser};
use crate::db::shares::{self, Share};
use crate::error::Error;

/// Characters of a token kept (and shown) to tell links apart: 36 of its 256 bits.
const HINT_CHARS: usize = 6;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CreatedShare {
    pub id: Uuid,
    /// The secret: shown once, never stored.
    pub token: String,
    /// The review page for this token.
    pub url: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ShareInfo {
    pub id: Uuid,
    /// The token's first characters.
    pub hint: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub active: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ShareList {
    pub shares: Vec<ShareInfo>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SharedDesign {
    pub name: String,
    pub revision: i32,
    #[schema(value_type = Object)]
    pub design: Box<serde_json::value::RawValue>,
    pub updated_at: DateTime<Utc>,
}

impl From<Share> for ShareInfo {
    fn from(s: Share) -> Self {
        ShareInfo {
            id: s.id,
            hint: s.hint,
            active: s.revoked_at.is_none(),
            created_at: s.created_at,
            revoked_at: s.revoked_at,
        }
    }
}

/// The address the caller reached us at, for links: `https` when a proxy says so.
fn origin(headers: &HeaderMap, state: &AppState) -> String {
    let scheme = if cookie::is_https(headers) {
        "https"
    } else {
        "http"
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .map(str::to_owned)
        .unwrap_or_else(|| state.leptos.site_addr.to_string());
    format!("{scheme}://{host}")
}

/// Creates a read-only link to the design (its newest revision, whatever it will be).
#[utoipa::path(post, path = "/api/v1/designs/{id}/shares", tag = "sharing",
    params(("id" = Uuid, Path)), responses((status = 201, body = CreatedShare), (status = 404)))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let value = token::generate();
    let hint: String = value.chars().take(HINT_CHARS).collect();
    let share = shares::create(&state.pool, user.id, design_id(&id)?, &token::hash(&value), &hint)
        .await?
        .ok_or_else(no_design)?;
    let url = format!("{}/s/{value}", origin(&headers, &state));
    let body = CreatedShare {
        id: share.id,
        token: value,
        url,
        created_at: share.created_at,
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// The design's links, newest first, revoked ones included (marked).
#[utoipa::path(get, path = "/api/v1/designs/{id}/shares", tag = "sharing",
    params(("id" = Uuid, Path)), responses((status = 200, body = ShareList), (status = 404)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<ShareList>, Error> {
    let list = shares::list(&state.pool, user.id, design_id(&id)?)
        .await?
        .ok_or_else(no_design)?;
    Ok(Json(ShareList {
        shares: list.into_iter().map(ShareInfo::from).collect(),
    }))
}

/// Revokes a link, named by its token or its id. It is 404 at once for everyone.
#[utoipa::path(delete, path = "/api/v1/designs/{id}/shares/{token}", tag = "sharing",
    params(("id" = Uuid, Path), ("token" = String, Path, description = "The token, or the link's id")),
    responses((status = 204), (status = 404)))]
pub async fn revoke(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, which)): Path<(String, String)>,
) -> Result<StatusCode, Error> {
    let design = design_id(&id)?;
    let (hash, share_id) = if token::looks_like_token(&which) {
        (Some(token::hash(&which)), None)
    } else {
        (None, Some(Uuid::parse_str(&which).map_err(|_| no_share())?))
    };
    if shares::revoke(&state.pool, user.id, design, hash.as_deref(), share_id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(no_share())
    }
}

fn no_share() -> Error {
    Error::NotFound("no such share link (or it was revoked)".into())
}

/// The shared design, read-only.
#[utoipa::path(get, path = "/api/v1/shared/{token}", tag = "sharing",
    params(("token" = String, Path)),
    responses((status = 200, body = SharedDesign), (status = 404, description = "Unknown or revoked")))]
pub async fn read(State(state): State<AppState>, Path(value): Path<String>) -> Result<Response, Error> {
    let stored = shared(&state, &value).await?;
    let body = SharedDesign {
        name: stored.name,
        revision: stored.revision,
        design: super::designs::raw(stored.document)?,
        updated_at: stored.updated_at,
    };
    Ok(([(header::ETAG, etag(body.revision))], Json(body)).into_response())
}

/// The design behind a live token (404 for anything else).
pub(super) async fn shared(state: &AppState, value: &str) -> Result<crate::db::designs::StoredDesign, Error> {
    if !token::looks_like_token(value) {
        return Err(no_share());
    }
    shares::shared_design(&state.pool, &token::hash(value))
        .await?
        .ok_or_else(no_share)
}

/// Every other method under `/shared`: links are read-only.
pub async fn read_only() -> Error {
    Error::MethodNotAllowed("a share link is read-only: only GET is allowed".into())
}
