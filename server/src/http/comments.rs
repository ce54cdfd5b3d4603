//! Review threads: `/api/v1/designs/{id}/comments` for the owner and members, and the same
//! under `/api/v1/shared/{token}/comments` for a link (posting needs a link that allows
//! comments). Who may do what is [`super::access`]'s table.
//!
//! A comment is pinned to the design, a node, one field of a node or an edge, as they are in
//! the newest revision; it keeps that revision and a [`design::snapshot`] of its element, so
//! the list can say what changed since (`outdated`). Text is Markdown-lite, sent back as
//! written and rendered ([`api::markup`]). Posting and editing are rate-limited per account
//! and per link; a design holds at most [`api::reviews::MAX_COMMENTS_PER_DESIGN`] comments.
//! Every change is announced to the design's live streams ([`super::events`]).

use std::sync::Arc;

use api::reviews::{GUEST_KEY_HEADER, MAX_COMMENTS_PER_DESIGN, MAX_COMMENT_CHARS, MAX_GUEST_NAME_CHARS};
use api::{
    urls, Comment, CommentAuthor, CommentEdit, CommentList, CommentTarget, EdgeRef, FieldChange, LiveEvent,
    NewComment, Outdated, PostedComment, Revision,
};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use design::snapshot::{self, Element, Snapshot};
use uuid::Uuid;

use super::access::Reviewer;
use super::body::JsonBody;
use super::path::{no_comment, no_design, CommentId};
use super::AppState;
use crate::auth::token;
use crate::db::comments::{self, NewRow, Posted, Row};
use crate::db::designs;
use crate::error::Error;

/// Longest field name a comment may be pinned to (`min.insync.replicas` and its kind).
const MAX_FIELD_CHARS: usize = 80;

/// The design's review threads, open and resolved, with what changed since each was opened.
#[utoipa::path(get, path = urls::COMMENTS, tag = "reviews",
    params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = CommentList), (status = 401), (status = 404)))]
pub async fn list(State(state): State<AppState>, reviewer: Reviewer) -> Result<Json<CommentList>, Error> {
    let (revision, current) = current_design(&state, reviewer.design).await?;
    let rows = comments::list(&state.pool, reviewer.design).await?;
    let may_comment = reviewer.may_comment();
    let comments = state
        .compute
        .light
        .run("reading the comments", move || {
            rows.iter()
                .map(|row| comment(row, &reviewer, Some((revision, &current))))
                .collect::<Vec<_>>()
        })
        .await?;
    Ok(Json(CommentList {
        comments,
        revision,
        may_comment,
    }))
}

/// Posts a comment (or a reply, with `reply_to`). Through a link without a session,
/// `guest_name` is required and the answer carries the guest's key to edit it later.
#[utoipa::path(post, path = urls::COMMENTS, tag = "reviews",
    params(("id" = uuid::Uuid, Path)), request_body = NewComment,
    responses((status = 201, body = PostedComment), (status = 401), (status = 403, description = "A view-only link"),
              (status = 404), (status = 422, description = "Text, name or target breaks a rule, or the design has too many comments"),
              (status = 429, description = "Too many comments in a minute")))]
pub async fn post(
    State(state): State<AppState>,
    reviewer: Reviewer,
    JsonBody(body): JsonBody<NewComment>,
) -> Result<Response, Error> {
    reviewer.require_comment()?;
    let text = checked_text(&body.text)?;
    let guest_name = match &reviewer.user {
        Some(_) => None,
        None => Some(checked_guest_name(body.guest_name.as_deref())?),
    };
    throttle(&state, &reviewer)?;
    let (revision, current) = current_design(&state, reviewer.design).await?;
    let (target, snapshot) = if body.reply_to.is_some() {
        (CommentTarget::default(), None)
    } else {
        let target = body.target.clone();
        state
            .compute
            .light
            .run("checking what the comment is about", move || {
                pinned(&current, revision, target)
            })
            .await??
    };
    let guest_key = guest_name.as_ref().map(|_| token::generate());
    let new = NewRow {
        reply_to: body.reply_to,
        author_id: reviewer.user.as_ref().map(|u| u.id),
        share_id: reviewer.link_id(),
        guest_name,
        guest_key_hash: guest_key.as_deref().map(token::hash),
        text,
        node_id: target.node.clone(),
        field: target.field.clone(),
        edge_from: target.edge.as_ref().map(|e| e.from.clone()),
        edge_to: target.edge.as_ref().map(|e| e.to.clone()),
        revision: revision.0,
        target_snapshot: snapshot
            .map(|s| serde_json::to_value(s).map_err(|e| Error::Internal(e.to_string())))
            .transpose()?,
    };
    let id = match comments::post(&state.pool, reviewer.design, &new, MAX_COMMENTS_PER_DESIGN).await? {
        Posted::Added(id) => id,
        Posted::Full => {
            return Err(Error::TooLarge(format!(
                "this design holds the most comments it may ({MAX_COMMENTS_PER_DESIGN} live ones, {} characters of text, {} rows with deleted ones): delete old comments first",
                comments::MAX_TEXT_CHARS_PER_DESIGN,
                comments::MAX_ROWS_PER_DESIGN
            )))
        }
        Posted::NoDesign => return Err(no_design()),
        Posted::NoParent => {
            return Err(Error::InvalidField {
                field: "reply_to",
                message: format!("no comment {} on this design to reply to", body.reply_to.unwrap_or_default()),
            })
        }
    };
    state
        .reviews
        .live
        .publish(reviewer.design, LiveEvent::Comment { id });
    let row = comments::one(&state.pool, reviewer.design, id)
        .await?
        .ok_or_else(no_comment)?;
    let posted = PostedComment {
        comment: comment(&row, &reviewer, None),
        guest_key,
    };
    Ok((StatusCode::CREATED, Json(posted)).into_response())
}

/// Replaces a comment's text: its author's alone (a guest sends the key they were given in
/// `X-Guest-Key`).
#[utoipa::path(patch, path = urls::COMMENT, tag = "reviews",
    params(("id" = uuid::Uuid, Path), ("cid" = i64, Path)), request_body = CommentEdit,
    responses((status = 200, body = Comment), (status = 401), (status = 403, description = "Not its author"), (status = 404), (status = 422), (status = 429)))]
pub async fn edit(
    State(state): State<AppState>,
    reviewer: Reviewer,
    CommentId(cid): CommentId,
    headers: HeaderMap,
    JsonBody(body): JsonBody<CommentEdit>,
) -> Result<Json<Comment>, Error> {
    reviewer.require_comment()?;
    let row = live_comment(&state, &reviewer, cid).await?;
    if !wrote(&reviewer, &row, &headers) {
        return Err(Error::Forbidden("only its author may edit a comment".into()));
    }
    let text = checked_text(&body.text)?;
    throttle(&state, &reviewer)?;
    if !comments::edit(&state.pool, reviewer.design, cid, &text).await? {
        return Err(no_comment());
    }
    state
        .reviews
        .live
        .publish(reviewer.design, LiveEvent::Comment { id: cid });
    let row = comments::one(&state.pool, reviewer.design, cid)
        .await?
        .ok_or_else(no_comment)?;
    Ok(Json(comment(&row, &reviewer, None)))
}

/// Deletes a comment's text (its thread keeps its place): its author or the design's owner.
#[utoipa::path(delete, path = urls::COMMENT, tag = "reviews",
    params(("id" = uuid::Uuid, Path), ("cid" = i64, Path)),
    responses((status = 204), (status = 401), (status = 403, description = "Neither its author nor the owner"), (status = 404), (status = 429)))]
pub async fn delete(
    State(state): State<AppState>,
    reviewer: Reviewer,
    CommentId(cid): CommentId,
    headers: HeaderMap,
) -> Result<StatusCode, Error> {
    let row = live_comment(&state, &reviewer, cid).await?;
    let author = wrote(&reviewer, &row, &headers);
    throttle(&state, &reviewer)?;
    if !(reviewer.is_owner() || (author && reviewer.may_comment())) {
        return Err(Error::Forbidden(
            "only its author or the design's owner may delete a comment".into(),
        ));
    }
    if !comments::delete(&state.pool, reviewer.design, cid).await? {
        return Err(no_comment());
    }
    state
        .reviews
        .live
        .publish(reviewer.design, LiveEvent::Comment { id: cid });
    Ok(StatusCode::NO_CONTENT)
}

/// Marks the thread of comment `cid` resolved (anyone who may comment).
#[utoipa::path(post, path = urls::COMMENT_RESOLVE, tag = "reviews",
    params(("id" = uuid::Uuid, Path), ("cid" = i64, Path)),
    responses((status = 204), (status = 401), (status = 403), (status = 404), (status = 429)))]
pub async fn resolve(
    State(state): State<AppState>,
    reviewer: Reviewer,
    CommentId(cid): CommentId,
) -> Result<StatusCode, Error> {
    let by = match &reviewer.user {
        Some(user) => user.email.clone(),
        None => "a guest of the link".to_owned(),
    };
    set_resolved(&state, &reviewer, cid, Some(&by)).await
}

/// Opens the thread of comment `cid` again.
#[utoipa::path(post, path = urls::COMMENT_REOPEN, tag = "reviews",
    params(("id" = uuid::Uuid, Path), ("cid" = i64, Path)),
    responses((status = 204), (status = 401), (status = 403), (status = 404), (status = 429)))]
pub async fn reopen(
    State(state): State<AppState>,
    reviewer: Reviewer,
    CommentId(cid): CommentId,
) -> Result<StatusCode, Error> {
    set_resolved(&state, &reviewer, cid, None).await
}

async fn set_resolved(
    state: &AppState,
    reviewer: &Reviewer,
    cid: i64,
    by: Option<&str>,
) -> Result<StatusCode, Error> {
    reviewer.require_comment()?;
    if !comments::resolve(&state.pool, reviewer.design, cid, by).await? {
        return Err(no_comment());
    }
    state
        .reviews
        .live
        .publish(reviewer.design, LiveEvent::Comment { id: cid });
    Ok(StatusCode::NO_CONTENT)
}

// The same routes under `/shared/{token}`: the handlers above serve them (a [`Reviewer`] is a
// link's holder there); these functions carry only their documentation.

/// `GET /api/v1/shared/{token}/comments`
#[utoipa::path(get, path = urls::SHARED_COMMENTS, tag = "reviews",
    params(("token" = String, Path)), responses((status = 200, body = CommentList), (status = 404)))]
pub async fn shared_list() {}

/// `POST /api/v1/shared/{token}/comments`: a link that allows comments (403 for a view-only
/// one); without a session, `guest_name` is required.
#[utoipa::path(post, path = urls::SHARED_COMMENTS, tag = "reviews",
    params(("token" = String, Path)), request_body = NewComment,
    responses((status = 201, body = PostedComment), (status = 403), (status = 404), (status = 422), (status = 429)))]
pub async fn shared_post() {}

/// `PATCH` / `DELETE /api/v1/shared/{token}/comments/{cid}` (a guest sends `X-Guest-Key`).
#[utoipa::path(patch, path = urls::SHARED_COMMENT, tag = "reviews",
    params(("token" = String, Path), ("cid" = i64, Path), ("X-Guest-Key" = Option<String>, Header)),
    request_body = CommentEdit,
    responses((status = 200, body = Comment), (status = 403), (status = 404), (status = 422), (status = 429)))]
pub async fn shared_edit() {}

/// `DELETE /api/v1/shared/{token}/comments/{cid}`
#[utoipa::path(delete, path = urls::SHARED_COMMENT, tag = "reviews",
    params(("token" = String, Path), ("cid" = i64, Path), ("X-Guest-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403), (status = 404)))]
pub async fn shared_delete() {}

/// `POST /api/v1/shared/{token}/comments/{cid}/resolve`
#[utoipa::path(post, path = urls::SHARED_COMMENT_RESOLVE, tag = "reviews",
    params(("token" = String, Path), ("cid" = i64, Path)), responses((status = 204), (status = 403), (status = 404)))]
pub async fn shared_resolve() {}

/// `POST /api/v1/shared/{token}/comments/{cid}/reopen`
#[utoipa::path(post, path = urls::SHARED_COMMENT_REOPEN, tag = "reviews",
    params(("token" = String, Path), ("cid" = i64, Path)), responses((status = 204), (status = 403), (status = 404)))]
pub async fn shared_reopen() {}

/// Every comment of design `id` as a document's appendix shows them (outdated decided against
/// the newest revision); `members` shows accounts by their whole address.
pub(super) async fn for_document(state: &AppState, id: Uuid, members: bool) -> Result<Vec<Comment>, Error> {
    let (revision, current) = current_design(state, id).await?;
    let rows = comments::list(&state.pool, id).await?;
    let reader = Reviewer {
        design: id,
        user: None,
        role: members.then_some(api::DesignRole::Viewer),
        link: None,
    };
    state
        .compute
        .light
        .run("reading the comments", move || {
            rows.iter()
                .map(|row| comment(row, &reader, Some((revision, &current))))
                .collect()
        })
        .await
}

/// The newest revision and its design (parsed once per save: the recent cache).
pub(super) async fn current_design(
    state: &AppState,
    id: Uuid,
) -> Result<(Revision, Arc<design::Design>), Error> {
    let (revision, document) = designs::newest(&state.pool, id).await?.ok_or_else(no_design)?;
    if let Some(design) = state.recent.get(id, revision) {
        return Ok((Revision(revision), design));
    }
    let design = state
        .compute
        .light
        .run("reading the design", move || {
            super::designs::parse_stored(&document)
        })
        .await??;
    let design = Arc::new(design);
    state.recent.put(id, revision, design.clone(), 0);
    Ok((Revision(revision), design))
}

/// A comment the design has, not deleted.
async fn live_comment(state: &AppState, reviewer: &Reviewer, cid: i64) -> Result<Row, Error> {
    comments::one(&state.pool, reviewer.design, cid)
        .await?
        .filter(|row| row.deleted_at.is_none())
        .ok_or_else(no_comment)
}

/// Whether the caller wrote `row`: the same account, or the guest key it was given.
fn wrote(reviewer: &Reviewer, row: &Row, headers: &HeaderMap) -> bool {
    match (row.author_id, &reviewer.user, &row.guest_key_hash) {
        (Some(author), Some(user), _) => author == user.id,
        // A guest's key works through the link the comment came by, and no other.
        (None, _, Some(hash)) if row.share_id.is_some() && row.share_id == reviewer.link_id() => headers
            .get(GUEST_KEY_HEADER)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|key| token::looks_like_token(key) && token::hash(key) == *hash),
        _ => false,
    }
}

/// One token from the caller's allowance: their account's, and their link's.
fn throttle(state: &AppState, reviewer: &Reviewer) -> Result<(), Error> {
    let refused = |secs: u64, whose: &str| Error::TooManyRequests {
        retry_after_secs: secs,
        message: format!("too many comments from this {whose} in a minute: wait {secs} s"),
    };
    if let Some(user) = &reviewer.user {
        state
            .reviews
            .per_account
            .take_key(user.id)
            .map_err(|s| refused(s, "account"))?;
    }
    if let Some(link) = reviewer.link_id() {
        state
            .reviews
            .per_link
            .take_key(link)
            .map_err(|s| refused(s, "link"))?;
    }
    Ok(())
}

fn checked_text(text: &str) -> Result<String, Error> {
    let text = text.trim();
    let chars = text.chars().count();
    if chars == 0 {
        return Err(Error::InvalidField {
            field: "text",
            message: "a comment needs some text".into(),
        });
    }
    if chars > MAX_COMMENT_CHARS {
        return Err(Error::InvalidField {
            field: "text",
            message: format!("a comment has at most {MAX_COMMENT_CHARS} characters; this one has {chars}"),
        });
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(Error::InvalidField {
            field: "text",
            message: "a comment may not hold control characters".into(),
        });
    }
    Ok(text.to_owned())
}

fn checked_guest_name(name: Option<&str>) -> Result<String, Error> {
    let name = name.map(str::trim).unwrap_or_default();
    if name.is_empty() {
        return Err(Error::InvalidField {
            field: "guest_name",
            message: "without an account, give the name your comments are shown with".into(),
        });
    }
    // Control characters, and the invisible ones that reorder or hide text (a name that shows
    // as someone else's).
    let invisible = |c: char| matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}');
    if name.chars().count() > MAX_GUEST_NAME_CHARS || name.chars().any(|c| c.is_control() || invisible(c)) {
        return Err(Error::InvalidField {
            field: "guest_name",
            message: format!("a name has 1 to {MAX_GUEST_NAME_CHARS} printable characters"),
        });
    }
    Ok(name.to_owned())
}

/// Checks that the target names something the design has, and takes its snapshot.
fn pinned(
    design: &design::Design,
    revision: Revision,
    target: CommentTarget,
) -> Result<(CommentTarget, Option<Snapshot>), Error> {
    let invalid = |message: String| Error::InvalidField {
        field: "target",
        message,
    };
    if let Some(field) = &target.field {
        let ok = !field.is_empty()
            && field.len() <= MAX_FIELD_CHARS
            && field
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
        if !ok {
            return Err(invalid(format!(
                "a field is named as Kafka or the design names it (`partitions`, `min.insync.replicas`): at most {MAX_FIELD_CHARS} letters, digits, `.`, `_` or `-`"
            )));
        }
    }
    let element = match (&target.node, &target.edge, &target.field) {
        (None, None, None) => return Ok((target, None)),
        (Some(node), None, None) => Element::Node(node),
        (Some(node), None, Some(field)) => Element::Field(node, field),
        (None, Some(EdgeRef { from, to }), None) => Element::Edge(from, to),
        (None, None, Some(_)) => return Err(invalid("a field belongs to a node: name the node too".into())),
        _ => {
            return Err(invalid(
                "a comment is about one thing: a node (with a field or not) or an edge".into(),
            ))
        }
    };
    let snapshot = snapshot::snapshot(design, element).ok_or_else(|| {
        invalid(format!(
            "revision {revision} has no {}: comments are pinned to what the newest revision holds",
            match element {
                Element::Edge(..) => format!("edge {}", target.label()),
                _ => format!("node `{}`", target.node.as_deref().unwrap_or_default()),
            }
        ))
    })?;
    Ok((target, Some(snapshot)))
}

/// How an account's address is shown: whole to members, its local part through a link (a
/// link's holders are not told the team's addresses).
fn shown_email(email: &str, reviewer: &Reviewer) -> String {
    if reviewer.role.is_some() {
        email.to_owned()
    } else {
        email.split('@').next().unwrap_or_default().to_owned()
    }
}

/// A stored comment as the API reads it; `current` (the newest revision) decides `outdated`
/// for a thread's first comment.
fn comment(row: &Row, reviewer: &Reviewer, current: Option<(Revision, &design::Design)>) -> Comment {
    let target = CommentTarget {
        node: row.node_id.clone(),
        field: row.field.clone(),
        edge: match (&row.edge_from, &row.edge_to) {
            (Some(from), Some(to)) => Some(EdgeRef {
                from: from.clone(),
                to: to.clone(),
            }),
            _ => None,
        },
    };
    let author = match (&row.guest_name, &row.author_email) {
        (Some(name), _) => CommentAuthor {
            name: name.clone(),
            guest: true,
        },
        (None, Some(email)) => CommentAuthor {
            name: shown_email(email, reviewer),
            guest: false,
        },
        (None, None) => CommentAuthor {
            name: "a former member".into(),
            guest: false,
        },
    };
    let text = row.text.clone().unwrap_or_default();
    let outdated = match (current, &row.target_snapshot, row.thread_id) {
        (Some((revision, design)), Some(then), None) if revision.0 > row.revision => {
            outdated(design, revision, &target, then)
        }
        _ => None,
    };
    Comment {
        id: row.id,
        thread: row.thread_id.unwrap_or(row.id),
        reply_to: row.reply_to,
        author,
        html: api::markup::render(&text),
        text,
        deleted: row.deleted_at.is_some(),
        target,
        revision: Revision(row.revision),
        created_at: row.created_at,
        edited_at: row.edited_at,
        resolved: row.resolved_at.is_some(),
        // Stored as the resolver's address: a link's holders see its local part only.
        resolved_by: row.resolved_by.as_deref().map(|by| shown_email(by, reviewer)),
        outdated,
        mine: matches!((row.author_id, &reviewer.user), (Some(a), Some(u)) if a == u.id),
    }
}

fn outdated(
    design: &design::Design,
    revision: Revision,
    target: &CommentTarget,
    then: &serde_json::Value,
) -> Option<Outdated> {
    let then: Snapshot = serde_json::from_value(then.clone()).ok()?;
    let element = match (&target.node, &target.edge, &target.field) {
        (Some(node), _, Some(field)) => Element::Field(node, field),
        (Some(node), _, None) => Element::Node(node),
        (None, Some(edge), _) => Element::Edge(&edge.from, &edge.to),
        _ => return None,
    };
    match snapshot::snapshot(design, element) {
        None => Some(Outdated {
            revision,
            removed: true,
            changes: Vec::new(),
        }),
        Some(now) => {
            let changes: Vec<FieldChange> = snapshot::changes(&then, &now)
                .into_iter()
                .map(|c| FieldChange {
                    field: c.field,
                    before: c.before,
                    after: c.after,
                })
                .collect();
            (!changes.is_empty()).then_some(Outdated {
                revision,
                removed: false,
                changes,
            })
        }
    }
}
