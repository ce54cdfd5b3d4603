//! `/api/v1/designs/{id}/revisions*` and `/diff`: a design's history. Every revision is
//! immutable; restoring one saves it again as the newest (conditional like any save, see
//! [`super::designs`]), and a diff compares any two.

use std::sync::Arc;

use api::urls;
use api::{
    DesignId, DiffBody, DiffQuery, Revision, RevisionBody, RevisionInfo, RevisionList, Saved, StoredDocument,
};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;

use super::designs::{if_match, parse_stored, raw, save_design, saved};
use super::path::{no_design, no_revision};
use super::AppState;
use crate::auth::CurrentUser;
use crate::db::designs;
use crate::error::Error;

/// Every revision, newest first: number, time, author, what changed.
#[utoipa::path(get, path = urls::REVISIONS, tag = "history",
    params(("id" = uuid::Uuid, Path)), responses((status = 200, body = RevisionList), (status = 404)))]
pub async fn revisions(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DesignId,
) -> Result<Json<RevisionList>, Error> {
    let revisions = designs::revisions(&state.pool, user.id, id.0)
        .await?
        .ok_or_else(no_design)?;
    Ok(Json(RevisionList {
        revisions: revisions
            .into_iter()
            .map(|r| RevisionInfo {
                revision: Revision(r.revision),
                created_at: r.created_at,
                author: r.author,
                // Revisions saved before summaries were kept have `{}`: nothing counted.
                summary: serde_json::from_value(r.summary).unwrap_or_default(),
                restored_from: r.restored_from.map(Revision),
            })
            .collect(),
    }))
}

/// One revision's document.
#[utoipa::path(get, path = urls::REVISION, tag = "history",
    params(("id" = uuid::Uuid, Path), ("n" = i32, Path)), responses((status = 200, body = RevisionBody<StoredDocument>), (status = 404)))]
pub async fn revision(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DesignId,
    n: Revision,
) -> Result<Json<RevisionBody<StoredDocument>>, Error> {
    let r = load_revision(&state, &user, id, n).await?;
    Ok(Json(RevisionBody {
        revision: n,
        design: raw(r.document)?,
        created_at: r.created_at,
        author: r.author,
    }))
}

async fn load_revision(
    state: &AppState,
    user: &CurrentUser,
    id: DesignId,
    n: Revision,
) -> Result<designs::StoredRevision, Error> {
    designs::revision(&state.pool, user.id, id.0, n.0)
        .await?
        .ok_or_else(|| no_revision(&n.to_string()))
}

/// Makes revision `n` the newest again, as a new revision that says where it came from.
#[utoipa::path(post, path = urls::RESTORE, tag = "history",
    params(("id" = uuid::Uuid, Path), ("n" = i32, Path)), responses((status = 200, body = Saved), (status = 403, description = "A viewer"), (status = 404)))]
pub async fn restore(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DesignId,
    n: Revision,
    headers: HeaderMap,
) -> Result<Response, Error> {
    super::access::editor(&state, &user, id).await?;
    let old = load_revision(&state, &user, id, n).await?;
    let base = if_match(&headers)?;
    let restored_from = Revision(old.revision);
    let text = old.document;
    let (design, text) = state
        .compute
        .light
        .run("reading the revision", move || {
            parse_stored(&text).map(|d| (d, text))
        })
        .await??;
    saved(
        save_design(
            &state,
            &user,
            id,
            base,
            Arc::new(design),
            text,
            Some(restored_from),
        )
        .await?,
    )
}

/// What changed between two revisions.
#[utoipa::path(get, path = urls::DIFF, tag = "history",
    params(("id" = uuid::Uuid, Path), DiffQuery), responses((status = 200, body = DiffBody), (status = 404)))]
pub async fn diff(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DesignId,
    Query(q): Query<DiffQuery>,
) -> Result<Response, Error> {
    let before = load_revision(&state, &user, id, q.from).await?;
    let after = load_revision(&state, &user, id, q.to).await?;
    let (from, to) = (q.from, q.to);
    let body = state
        .compute
        .light
        .run("comparing the revisions", move || {
            let diff = design::diff(&parse_stored(&before.document)?, &parse_stored(&after.document)?);
            let summary = diff.summary();
            serde_json::to_vec(&DiffBody {
                from,
                to,
                description: summary.describe(),
                summary,
                diff,
            })
            .map_err(|e| Error::Internal(format!("the comparison could not be written: {e}")))
        })
        .await??;
    Ok(super::analysis::json_bytes(body))
}
