//! The ids in API paths, read once by extractors instead of in every handler: `{id}` as a
//! [`DesignId`], `{n}` as a [`Revision`], `{token}` as a [`ShareToken`] or, where a link is
//! revoked, a [`ShareRef`].
//!
//! A malformed id names nothing, so it answers exactly like an id that names nothing the
//! caller may see: 404 with the same JSON. Handlers take the session (`CurrentUser`) before
//! these, so a visitor still hears 401 first.

use api::{DesignId, Revision, ShareRef, ShareToken};
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;

use super::AppState;
use crate::auth::token;
use crate::error::Error;

/// The 404 of a design that does not exist, is someone else's, or is not an id at all.
pub fn no_design() -> Error {
    Error::NotFound("no such design".into())
}

/// The 404 of a share link that does not exist, was revoked, or is not a token at all.
pub fn no_share() -> Error {
    Error::NotFound("no such share link (or it was revoked)".into())
}

/// The 404 of a revision `n` (as written in the path) that the design does not have.
pub fn no_revision(n: &str) -> Error {
    Error::NotFound(format!("no revision {n} of this design"))
}

/// The value of path parameter `name` (percent-decoded), if the route has it.
pub(super) async fn param(parts: &mut Parts, state: &AppState, name: &str) -> Result<Option<String>, Error> {
    let params = RawPathParams::from_request_parts(parts, state)
        .await
        .map_err(|rejection| Error::BadRequest(rejection.body_text()))?;
    Ok(params
        .iter()
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned()))
}

/// Path parameter `name`, which the route is known to have.
async fn required(parts: &mut Parts, state: &AppState, name: &str) -> Result<String, Error> {
    param(parts, state, name)
        .await?
        .ok_or_else(|| Error::Internal(format!("the route has no `{{{name}}}` parameter")))
}

/// `{id}`.
impl FromRequestParts<AppState> for DesignId {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        required(parts, state, "id")
            .await?
            .parse()
            .map_err(|_| no_design())
    }
}

/// `{n}`.
impl FromRequestParts<AppState> for Revision {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        // `BadId` keeps at most 60 characters of what was sent: the 404 does not echo a
        // kilobyte-long path segment back.
        let n = required(parts, state, "n").await?;
        n.parse().map_err(|e: api::BadId| no_revision(&e.text))
    }
}

/// `{token}` of a review link: anything that cannot be a token is no link.
impl FromRequestParts<AppState> for ShareToken {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let value = required(parts, state, "token").await?;
        if token::looks_like_token(&value) {
            Ok(ShareToken(value))
        } else {
            Err(no_share())
        }
    }
}

/// `{token}` of a link to revoke: its token, or its id.
impl FromRequestParts<AppState> for ShareRef {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let value = required(parts, state, "token").await?;
        if token::looks_like_token(&value) {
            Ok(ShareRef::Token(ShareToken(value)))
        } else {
            value.parse().map(ShareRef::Id).map_err(|_| no_share())
        }
    }
}

/// The 404 of a comment the design does not have.
pub fn no_comment() -> Error {
    Error::NotFound("no such comment on this design".into())
}

/// `{cid}`: a comment's number.
pub struct CommentId(pub i64);

impl FromRequestParts<AppState> for CommentId {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let cid = required(parts, state, "cid").await?;
        cid.parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .map(CommentId)
            .ok_or_else(no_comment)
    }
}

/// `{user}`: a member's account id.
impl FromRequestParts<AppState> for api::AccountId {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        required(parts, state, "user")
            .await?
            .parse()
            .map_err(|_| Error::NotFound("no such member of this design".into()))
    }
}
