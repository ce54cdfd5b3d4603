//! Share links: the owner creates (view-only or view-and-comment), lists and revokes them under
//! `/api/v1/designs/{id}/shares`; anyone with the token reads `/api/v1/shared/{token}`, and
//! takes part in the review threads under `/shared/{token}/comments` when the link allows it.
//! A revoked or unknown token is 404; the design itself is never written through a link (405).

use api::{
    urls, CreatedShare, DesignId, NewShare, Revision, ShareAccess, ShareId, ShareInfo, ShareList, ShareRef,
    ShareToken, SharedDesign, StoredDocument,
};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::body::OptionalJson;
use super::path::{no_design, no_share};
use super::{etag, AppState};
use crate::auth::{token, CurrentUser};
use crate::db::shares::{self, Share};
use crate::error::Error;

/// Characters of a token kept (and shown) to tell links apart: 36 of its 256 bits.
const HINT_CHARS: usize = 6;

fn info(s: Share) -> ShareInfo {
    ShareInfo {
        id: ShareId(s.id),
        hint: s.hint,
        active: s.revoked_at.is_none(),
        created_at: s.created_at,
        revoked_at: s.revoked_at,
        access: ShareAccess::parse(&s.access).unwrap_or_default(),
    }
}

/// Creates a link to the design (its newest revision, whatever it will be): view-only, or
/// view-and-comment with `{"access": "comment"}`. An empty body is a view-only link.
#[utoipa::path(post, path = urls::SHARES, tag = "sharing",
    params(("id" = uuid::Uuid, Path)), request_body(content = Option<NewShare>),
    responses((status = 201, body = CreatedShare), (status = 400), (status = 403, description = "Not the owner"), (status = 404),
              (status = 413), (status = 422, description = "`access` is neither `view` nor `comment`")))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DesignId,
    headers: HeaderMap,
    OptionalJson(NewShare { access }): OptionalJson<NewShare>,
) -> Result<Response, Error> {
    super::access::owner(&state, &user, id).await?;
    let value = ShareToken(token::generate());
    let hint: String = value.as_str().chars().take(HINT_CHARS).collect();
    let share = shares::create(
        &state.pool,
        user.id,
        id.0,
        &token::hash(value.as_str()),
        &hint,
        access.as_str(),
    )
    .await?
    .ok_or_else(no_design)?;
    let url = format!(
        "{}{}",
        super::origin(&headers, &state),
        urls::pages::review(&value)
    );
    let body = CreatedShare {
        id: ShareId(share.id),
        token: value,
        url,
        created_at: share.created_at,
        access,
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// The design's links, newest first, revoked ones included (marked).
#[utoipa::path(get, path = urls::SHARES, tag = "sharing",
    params(("id" = uuid::Uuid, Path)), responses((status = 200, body = ShareList), (status = 404)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DesignId,
) -> Result<Json<ShareList>, Error> {
    super::access::owner(&state, &user, id).await?;
    let list = shares::list(&state.pool, user.id, id.0)
        .await?
        .ok_or_else(no_design)?;
    Ok(Json(ShareList {
        shares: list.into_iter().map(info).collect(),
    }))
}

/// Revokes a link, named by its token or its id. It is 404 at once for everyone.
#[utoipa::path(delete, path = urls::SHARE, tag = "sharing",
    params(("id" = uuid::Uuid, Path), ("token" = String, Path, description = "The token, or the link's id")),
    responses((status = 204), (status = 404)))]
pub async fn revoke(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DesignId,
    which: ShareRef,
) -> Result<StatusCode, Error> {
    super::access::owner(&state, &user, id).await?;
    let (hash, share_id) = match which {
        ShareRef::Token(value) => (Some(token::hash(value.as_str())), None),
        ShareRef::Id(share) => (None, Some(share.0)),
    };
    if shares::revoke(&state.pool, user.id, id.0, hash.as_deref(), share_id).await? {
        // Streams opened through the link stop at once.
        state.reviews.live.links_changed(id.0);
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(no_share())
    }
}

/// The shared design, read-only.
#[utoipa::path(get, path = urls::SHARED, tag = "sharing",
    params(("token" = String, Path)),
    responses((status = 200, body = SharedDesign<StoredDocument>), (status = 404, description = "Unknown or revoked")))]
pub async fn read(State(state): State<AppState>, value: ShareToken) -> Result<Response, Error> {
    let link = shares::link(&state.pool, &token::hash(value.as_str()))
        .await?
        .ok_or_else(no_share)?;
    let stored = shared(&state, &value).await?;
    let body: SharedDesign<StoredDocument> = SharedDesign {
        name: stored.name,
        revision: Revision(stored.revision),
        design: super::designs::raw(stored.document)?,
        updated_at: stored.updated_at,
        access: ShareAccess::parse(&link.access).unwrap_or_default(),
    };
    Ok(([(header::ETAG, etag(body.revision))], Json(body)).into_response())
}

/// The design behind a live token (404 for anything else).
pub(super) async fn shared(
    state: &AppState,
    value: &ShareToken,
) -> Result<crate::db::designs::StoredDesign, Error> {
    shares::shared_design(&state.pool, &token::hash(value.as_str()))
        .await?
        .ok_or_else(no_share)
}

/// Every other method on the design under `/shared`: a link never writes the design.
pub async fn read_only() -> Error {
    Error::MethodNotAllowed(
        "a share link never changes the design: only GET is allowed here (comments are posted to …/comments)"
            .into(),
    )
}
