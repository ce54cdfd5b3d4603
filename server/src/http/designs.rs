//! `/api/v1/designs/*`: the signed-in user's designs: create, list, read, save, rename,
//! duplicate, delete. Their history (revisions, restore, diff) is in [`super::history`].
//!
//! Saves are conditional: `PUT` needs `If-Match: "<revision>"` (the revision the client last
//! read), answers 409 with the newest revision when it is stale and 428 without the header.
//! Who may do what is [`super::access`]'s: members read (and editors save); a design that is
//! neither yours nor shared with you answers 404 for every method, exactly like a design that
//! never was.

use api::urls;
use api::{Created, DesignBody, DesignId, DesignList, Rename, Revision, Saved, StoredDocument};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};

use std::sync::Arc;

use super::body::{JsonBody, ValidDocument};
use super::path::no_design;
use super::{etag, AppState};
use crate::auth::CurrentUser;
use crate::compute::Compute;
use crate::db::designs::{self, NewRevision, SaveOutcome, Summary};
use crate::error::Error;

/// The revision an `If-Match` header names: `"7"`, `W/"7"` or `7`.
pub(super) fn if_match(headers: &HeaderMap) -> Result<Option<Revision>, Error> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    Revision::from_etag(value.to_str().unwrap_or_default())
        .map(Some)
        .map_err(|e| {
            Error::BadRequest(format!(
                "If-Match must name a revision, like \"3\" (the ETag of the design you read); got `{}`",
                e.text
            ))
        })
}

fn stale(current: Revision) -> Error {
    Error::Conflict {
        message: format!(
            "the design has changed since you read it: revision {current} is the newest; \
             read it again, or save your copy as a new design"
        ),
        current_revision: Some(current),
    }
}

pub(super) fn saved(outcome: SaveOutcome) -> Result<Response, Error> {
    match outcome {
        SaveOutcome::Saved { revision, updated_at } => {
            let revision = Revision(revision);
            Ok((
                [(header::ETAG, etag(revision))],
                Json(Saved { revision, updated_at }),
            )
                .into_response())
        }
        SaveOutcome::Stale { current } => Err(stale(Revision(current))),
        SaveOutcome::Missing => Err(no_design()),
    }
}

/// Stores a new design as revision 1.
#[utoipa::path(post, path = urls::DESIGNS, tag = "designs",
    request_body(content = Object, description = "A `kafka-design/v1` document"),
    responses(
        (status = 201, body = Created, headers(("ETag" = String), ("Location" = String))),
        (status = 400, description = "Malformed JSON: `details` has the line and column"),
        (status = 401, description = "Not signed in"),
        (status = 413, description = "Body over the limit (4 MiB by default)"),
        (status = 422, description = "The design breaks a rule: `details` names each element and field"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    document: ValidDocument,
) -> Result<Response, Error> {
    let design = Arc::new(document.design);
    let summary = {
        let design = design.clone();
        state
            .compute
            .light
            .run("summarising the design", move || summary_since(None, &design))
            .await?
    };
    let new = NewRevision {
        name: design.name.clone(),
        document: document_text(&document.text)?,
        summary,
    };
    let stored = designs::create(&state.pool, user.id, &new).await?;
    state.recent.put(stored.id, 1, design, new.document.len());
    Ok(created(
        DesignId(stored.id),
        Revision(stored.revision),
        stored.name,
        stored.updated_at,
    ))
}

fn created(id: DesignId, revision: Revision, name: String, updated_at: DateTime<Utc>) -> Response {
    let location = urls::design(id);
    (
        StatusCode::CREATED,
        [
            (header::LOCATION, location.parse().expect("a valid header")),
            (header::ETAG, etag(revision)),
        ],
        Json(Created {
            id,
            revision,
            name,
            updated_at,
        }),
    )
        .into_response()
}

/// My designs and the designs shared with me (`role` says which), most recently changed first.
#[utoipa::path(get, path = urls::DESIGNS, tag = "designs",
    responses((status = 200, body = DesignList), (status = 401, description = "Not signed in")))]
pub async fn list(State(state): State<AppState>, user: CurrentUser) -> Result<Json<DesignList>, Error> {
    Ok(Json(DesignList {
        designs: designs::list(&state.pool, user.id).await?,
    }))
}

/// The newest revision of a design; its `ETag` is the revision number.
#[utoipa::path(get, path = urls::DESIGN, tag = "designs",
    params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = DesignBody<StoredDocument>, headers(("ETag" = String))), (status = 404)))]
pub async fn read(State(state): State<AppState>, user: CurrentUser, id: DesignId) -> Result<Response, Error> {
    let role = super::access::role(&state, &user, id).await?;
    let stored = designs::latest(&state.pool, user.id, id.0)
        .await?
        .ok_or_else(no_design)?;
    let revision = Revision(stored.revision);
    let body = DesignBody {
        id,
        name: stored.name,
        revision,
        design: raw(stored.document)?,
        created_at: stored.created_at,
        updated_at: stored.updated_at,
        role,
    };
    Ok(([(header::ETAG, etag(revision))], Json(body)).into_response())
}

/// A stored document, to be served as it is (Postgres wrote it; checking it is cheap).
pub(super) fn raw(document: String) -> Result<StoredDocument, Error> {
    StoredDocument::from_text(document)
        .map_err(|e| Error::Internal(format!("a stored document is not JSON: {e}")))
}

/// A body's JSON text as it is stored (it parsed, so it is UTF-8).
fn document_text(text: &[u8]) -> Result<String, Error> {
    String::from_utf8(text.to_vec()).map_err(|_| Error::BadRequest("the body is not UTF-8".into()))
}

/// A design the server made (a copy, a rename, a restore), written as JSON text.
fn written(design: &design::Design) -> Result<String, Error> {
    serde_json::to_string(design)
        .map_err(|e| Error::Internal(format!("the design could not be written: {e}")))
}

/// What changed since the previous revision, as JSON (`None`: a new design).
fn summary_between(before: Option<&design::Design>, design: &design::Design) -> String {
    let empty = design::Design::new("");
    serde_json::to_string(&design::diff(before.unwrap_or(&empty), design).summary())
        .unwrap_or_else(|_| "{}".into())
}

/// What changed since the previous revision's document (JSON text). A stored document that no
/// longer parses (written by a newer version) counts as everything new.
fn summary_since(previous: Option<&str>, design: &design::Design) -> String {
    let before = previous.and_then(|text| serde_json::from_str::<design::Design>(text).ok());
    summary_between(before.as_ref(), design)
}

/// Saves `design` (with its JSON text) on `base` (see [`designs::save`]). What changed is
/// summarised against the previous revision kept in memory when it is there, else against the
/// stored one read back in the save's transaction; either way on the compute pool. The saved
/// revision is then kept in memory for the next save.
#[allow(clippy::too_many_arguments)]
pub(super) async fn save_design(
    state: &AppState,
    user: &CurrentUser,
    id: DesignId,
    base: Option<Revision>,
    design: Arc<design::Design>,
    document: String,
    restored_from: Option<Revision>,
) -> Result<SaveOutcome, Error> {
    let compute: Compute = state.compute.clone();
    let id = id.0;
    let base = base.map(i32::from);
    let previous = base.and_then(|b| state.recent.get(id, b));
    let summary = match previous {
        Some(previous) => {
            let design = design.clone();
            Summary::Known(
                compute
                    .light
                    .run("comparing with the previous revision", move || {
                        summary_between(Some(&previous), &design)
                    })
                    .await?,
            )
        }
        None => {
            let design = design.clone();
            Summary::FromPrevious(|previous: String| async move {
                compute
                    .light
                    .run("comparing with the previous revision", move || {
                        summary_since(Some(&previous), &design)
                    })
                    .await
            })
        }
    };
    let name = design.name.clone();
    let outcome = designs::save(
        &state.pool,
        user.id,
        id,
        base,
        &name,
        &document,
        restored_from.map(i32::from),
        summary,
    )
    .await?;
    if let SaveOutcome::Saved { revision, .. } = outcome {
        state.recent.put(id, revision, design, document.len());
        state.reviews.live.publish(
            id,
            api::LiveEvent::Revision {
                revision: Revision(revision),
            },
        );
    }
    Ok(outcome)
}

/// Saves a new revision, only if `If-Match` names the newest one.
#[utoipa::path(put, path = urls::DESIGN, tag = "designs",
    params(("id" = uuid::Uuid, Path), ("If-Match" = String, Header, description = "The revision read, e.g. \"3\"")),
    request_body(content = Object, description = "A `kafka-design/v1` document"),
    responses(
        (status = 200, body = Saved, headers(("ETag" = String))),
        (status = 403, description = "A viewer"),
        (status = 404), (status = 409, description = "Stale: `details.current_revision` is the newest"),
        (status = 422), (status = 428, description = "No If-Match header"),
    ))]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DesignId,
    headers: HeaderMap,
    document: ValidDocument,
) -> Result<Response, Error> {
    super::access::editor(&state, &user, id).await?;
    let base = if_match(&headers)?.ok_or_else(|| {
        Error::PreconditionRequired(
            "saving needs If-Match: \"<revision>\" naming the revision you read (its ETag), \
             so that a stale copy never overwrites a newer one"
                .into(),
        )
    })?;
    let text = document_text(&document.text)?;
    saved(
        save_design(
            &state,
            &user,
            id,
            Some(base),
            Arc::new(document.design),
            text,
            None,
        )
        .await?,
    )
}

/// Renames a design (a new revision). `If-Match` is optional here.
#[utoipa::path(patch, path = urls::DESIGN, tag = "designs",
    params(("id" = uuid::Uuid, Path)), request_body = Rename,
    responses((status = 200, body = Saved), (status = 403, description = "Not the owner"), (status = 404), (status = 409), (status = 422)))]
pub async fn rename(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DesignId,
    headers: HeaderMap,
    JsonBody(body): JsonBody<Rename>,
) -> Result<Response, Error> {
    super::access::owner(&state, &user, id).await?;
    let base = if_match(&headers)?;
    let stored = designs::latest(&state.pool, user.id, id.0)
        .await?
        .ok_or_else(no_design)?;
    let name = body.name;
    let (design, text) = state
        .compute
        .light
        .run("renaming the design", move || {
            let mut design = parse_stored(&stored.document)?;
            design.name = name.trim().to_owned();
            check(&design)?;
            let text = written(&design)?;
            Ok::<_, Error>((design, text))
        })
        .await??;
    saved(
        save_design(
            &state,
            &user,
            id,
            base.or(Some(Revision(stored.revision))),
            Arc::new(design),
            text,
            None,
        )
        .await?,
    )
}

/// Copies a design's newest revision into a new design, `Copy of <name>`.
#[utoipa::path(post, path = urls::DUPLICATE, tag = "designs",
    params(("id" = uuid::Uuid, Path)), responses((status = 201, body = Created), (status = 404)))]
pub async fn duplicate(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DesignId,
) -> Result<Response, Error> {
    let stored = designs::latest(&state.pool, user.id, id.0)
        .await?
        .ok_or_else(no_design)?;
    let new = state
        .compute
        .light
        .run("copying the design", move || {
            let mut design = parse_stored(&stored.document)?;
            design.name = copy_name(&design.name);
            Ok::<_, Error>(NewRevision {
                name: design.name.clone(),
                document: written(&design)?,
                summary: summary_between(None, &design),
            })
        })
        .await??;
    let copy = designs::create(&state.pool, user.id, &new).await?;
    Ok(created(
        DesignId(copy.id),
        Revision(copy.revision),
        copy.name,
        copy.updated_at,
    ))
}

/// `Copy of <name>`, kept within the name limit.
fn copy_name(name: &str) -> String {
    let full = format!("Copy of {name}");
    full.chars().take(design::rules::MAX_NAME_CHARS).collect()
}

/// Deletes a design with all its revisions and share links.
#[utoipa::path(delete, path = urls::DESIGN, tag = "designs",
    params(("id" = uuid::Uuid, Path)), responses((status = 204), (status = 403, description = "Not the owner"), (status = 404)))]
pub async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DesignId,
) -> Result<StatusCode, Error> {
    super::access::owner(&state, &user, id).await?;
    if designs::delete(&state.pool, user.id, id.0).await? {
        state.recent.forget(id.0);
        state.reviews.live.links_changed(id.0);
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(no_design())
    }
}

/// A stored document as a design (it was valid when written). Blocking: parse on the compute
/// pool.
pub(super) fn parse_stored(document: &str) -> Result<design::Design, Error> {
    serde_json::from_str(document).map_err(|e| {
        tracing::error!(error = %e, "a stored design no longer parses");
        Error::BadRequest("this revision was written by a newer version of the studio".into())
    })
}

fn check(design: &design::Design) -> Result<(), Error> {
    let problems = analysis::check(design);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn if_match_accepts_strong_weak_and_bare_revisions() {
        for (value, expected) in [("\"7\"", 7), ("W/\"7\"", 7), ("12", 12)] {
            let mut h = HeaderMap::new();
            h.insert(header::IF_MATCH, HeaderValue::from_static(value));
            assert_eq!(if_match(&h).unwrap(), Some(Revision(expected)), "{value}");
        }
        assert_eq!(if_match(&HeaderMap::new()).unwrap(), None);
        let mut h = HeaderMap::new();
        h.insert(header::IF_MATCH, HeaderValue::from_static("\"abc\""));
        assert_eq!(if_match(&h).unwrap_err().status(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn copies_keep_within_the_name_limit() {
        assert_eq!(copy_name("orders"), "Copy of orders");
        let long = "x".repeat(design::rules::MAX_NAME_CHARS);
        assert_eq!(copy_name(&long).chars().count(), design::rules::MAX_NAME_CHARS);
    }
}
