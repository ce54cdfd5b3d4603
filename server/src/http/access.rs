//! Who may do what with a design: the one place the studio decides.
//!
//! | caller                   | read | comment | save, restore | rename, delete, share, invite |
//! |--------------------------|------|---------|---------------|-------------------------------|
//! | owner                    | 200  | 201     | 200           | 200                           |
//! | editor (member)          | 200  | 201     | 200           | 403                           |
//! | viewer (member)          | 200  | 201     | 403           | 403                           |
//! | comment link             | 200  | 201     | 405           | 405                           |
//! | view-only link           | 200  | 403     | 405           | 405                           |
//! | stranger, revoked link   | 404  | 404     | 404           | 404                           |
//! | no session (`/designs`)  | 401  | 401     | 401           | 401                           |
//!
//! A stranger gets 404 whatever they ask, exactly like a design that never was: 403 is only
//! for someone who can already see the design. Under `/shared/{token}` a method that never
//! writes the design through a link (`PUT`, `PATCH`, `DELETE` of the design) is 405 whatever
//! the token, before any token is looked up. Editing a comment is its author's alone;
//! deleting one, its author's or the owner's.

use api::{DesignId, DesignRole, ShareAccess, ShareToken};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use uuid::Uuid;

use super::path::{no_design, no_share, param};
use super::AppState;
use crate::auth::{token, CurrentUser, MaybeUser};
use crate::db::{designs, shares};
use crate::error::Error;

/// `user`'s part in design `id`; 404 when they have none.
pub async fn role(state: &AppState, user: &CurrentUser, id: DesignId) -> Result<DesignRole, Error> {
    designs::role(&state.pool, user.id, id.0)
        .await?
        .ok_or_else(no_design)
}

/// 404 for a stranger, 403 for a member: only the owner goes on.
pub async fn owner(state: &AppState, user: &CurrentUser, id: DesignId) -> Result<(), Error> {
    match role(state, user, id).await? {
        DesignRole::Owner => Ok(()),
        role => Err(Error::Forbidden(format!(
            "only the design's owner may do this (you are its {})",
            role.as_str()
        ))),
    }
}

/// 404 for a stranger, 403 for a viewer: the owner and editors go on.
pub async fn editor(state: &AppState, user: &CurrentUser, id: DesignId) -> Result<DesignRole, Error> {
    let role = role(state, user, id).await?;
    if role.may_edit() {
        Ok(role)
    } else {
        Err(Error::Forbidden(
            "you are a viewer of this design: you may read it and comment, not save it".into(),
        ))
    }
}

/// Someone taking part in a design's review: a member (or the owner) under
/// `/designs/{id}/…`, or the holder of a live link under `/shared/{token}/…` (signed in or not).
#[derive(Clone, Debug)]
pub struct Reviewer {
    pub design: Uuid,
    /// The account, when there is a session (through a link too).
    pub user: Option<CurrentUser>,
    /// The part of a member; `None` through a link.
    pub role: Option<DesignRole>,
    /// The link it came through.
    pub link: Option<shares::Link>,
}

impl Reviewer {
    /// Whether they may post, resolve and reopen.
    pub fn may_comment(&self) -> bool {
        match &self.link {
            Some(link) => ShareAccess::parse(&link.access) == Some(ShareAccess::Comment),
            None => self.role.is_some(),
        }
    }

    /// 403 unless they may comment.
    pub fn require_comment(&self) -> Result<(), Error> {
        if self.may_comment() {
            Ok(())
        } else {
            Err(Error::Forbidden(
                "this link is view-only: ask the design's owner for a link that allows comments".into(),
            ))
        }
    }

    pub fn is_owner(&self) -> bool {
        self.role == Some(DesignRole::Owner)
    }

    /// The link's id (rate limits and guests count per link).
    pub fn link_id(&self) -> Option<Uuid> {
        self.link.as_ref().map(|l| l.id)
    }

    /// Whether they still may read: a member still a member, a link still live (long-lived
    /// streams ask again).
    pub async fn still_allowed(&self, state: &AppState) -> Result<bool, Error> {
        Ok(match (&self.link, &self.user) {
            (Some(link), _) => shares::is_live(&state.pool, link.id).await?,
            (None, Some(user)) => designs::role(&state.pool, user.id, self.design).await?.is_some(),
            (None, None) => false,
        })
    }
}

impl FromRequestParts<AppState> for Reviewer {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        if param(parts, state, "token").await?.is_some() {
            let value = ShareToken::from_request_parts(parts, state).await?;
            let link = shares::link(&state.pool, &token::hash(value.as_str()))
                .await?
                .ok_or_else(no_share)?;
            let MaybeUser(user) = MaybeUser::from_request_parts(parts, state).await?;
            return Ok(Reviewer {
                design: link.design_id,
                user,
                role: None,
                link: Some(link),
            });
        }
        let user = CurrentUser::from_request_parts(parts, state).await?;
        let id = DesignId::from_request_parts(parts, state).await?;
        let role = role(state, &user, id).await?;
        Ok(Reviewer {
            design: id.0,
            user: Some(user),
            role: Some(role),
            link: None,
        })
    }
}
