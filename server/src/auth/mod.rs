//! Who is asking: passwords (argon2id), random tokens for sessions and share links, the
//! session cookie, and the extractors handlers use to require a signed-in user.
//!
//! Secrets are never stored: the database keeps an argon2id hash of each password and the
//! SHA-256 of each session and share token (a token has 256 random bits, so a fast hash is
//! enough; a password has far fewer, so it gets a slow one).

pub mod cookie;
pub mod password;
pub mod sessions;
pub mod throttle;
pub mod token;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use uuid::Uuid;

use crate::error::Error;
use crate::http::AppState;

/// A signed-in user, from a valid session cookie. Handlers that take it answer 401 without one.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub id: Uuid,
    pub email: String,
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        MaybeUser::from_request_parts(parts, state)
            .await?
            .0
            .ok_or_else(|| Error::Unauthorized("sign in first: this needs a session".into()))
    }
}

/// The signed-in user, if there is one.
#[derive(Clone, Debug)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let Some(value) = cookie::session_token(&parts.headers) else {
            return Ok(MaybeUser(None));
        };
        let user = state.sessions.user_for(&state.pool, &token::hash(value)).await?;
        Ok(MaybeUser(user.map(|u| CurrentUser {
            id: u.id,
            email: u.email,
        })))
    }
}
