//! `/api/v1/auth/*`: sign up, log in, log out, and who am I.

use api::{urls, Account, AccountId, Credentials};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{Duration, Utc};

use super::body::JsonBody;
use super::AppState;
use crate::auth::throttle::{client_address, Throttle};
use crate::auth::{cookie, password, token, CurrentUser, MaybeUser};
use crate::db::users::Attempt;
use crate::db::{sessions, users};
use crate::error::Error;

/// Failed log-ins allowed per address within [`THROTTLE_WINDOW_MINUTES`].
pub const MAX_FAILURES: i64 = 5;
pub const THROTTLE_WINDOW_MINUTES: i64 = 15;

/// Creates an account and signs it in.
#[utoipa::path(post, path = urls::SIGNUP, tag = "accounts", request_body = Credentials,
    responses(
        (status = 201, description = "Signed up and in; the session cookie is set", body = Account),
        (status = 409, description = "The address already has an account"),
        (status = 422, description = "The address or the password breaks a rule; `details` names the field"),
        (status = 429, description = "Too many sign-ups from this client; `Retry-After` says when to try again"),
    ))]
pub async fn signup(
    State(state): State<AppState>,
    Client(client): Client,
    headers: HeaderMap,
    JsonBody(c): JsonBody<Credentials>,
) -> Result<Response, Error> {
    throttle(
        &state.limits.signups,
        client,
        "too many sign-ups from your address",
    )?;
    let email = check_email(&c.email)?;
    password::check_strength(&c.password).map_err(|message| Error::InvalidField {
        field: "password",
        message,
    })?;
    let hash = password::hash(&state.compute, c.password).await?;
    let id = users::create(&state.pool, &email, &hash)
        .await?
        .ok_or_else(|| Error::Conflict {
            message: "this e-mail address already has an account: log in instead".into(),
            current_revision: None,
        })?;
    start_session(
        &state,
        &headers,
        StatusCode::CREATED,
        Account {
            id: AccountId(id),
            email,
        },
    )
    .await
}

/// Signs in. After 5 failures for one address within 15 minutes, answers 429 until the
/// oldest of them is 15 minutes old.
#[utoipa::path(post, path = urls::LOGIN, tag = "accounts", request_body = Credentials,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = Account),
        (status = 401, description = "Wrong address or password"),
        (status = 422, description = "The address is not one (too long, or control characters)"),
        (status = 429, description = "Too many failures for the address, or attempts from this client; `Retry-After` says when to try again"),
    ))]
pub async fn login(
    State(state): State<AppState>,
    Client(client): Client,
    headers: HeaderMap,
    JsonBody(c): JsonBody<Credentials>,
) -> Result<Response, Error> {
    throttle(
        &state.limits.logins,
        client,
        "too many log-in attempts from your address",
    )?;
    let email = c.email.trim().to_owned();
    if email.chars().count() > MAX_EMAIL_CHARS || email.chars().any(char::is_control) {
        return Err(Error::InvalidField {
            field: "email",
            message: format!(
                "not an e-mail address (at most {MAX_EMAIL_CHARS} characters, no control characters)"
            ),
        });
    }
    let window = Duration::minutes(THROTTLE_WINDOW_MINUTES);
    let now = Utc::now();
    if let Attempt::Refused { oldest } =
        users::reserve_attempt(&state.pool, &email, now - window, MAX_FAILURES).await?
    {
        let free_at = oldest + window;
        let retry_after_secs = (free_at - now).num_seconds().max(1) as u64;
        return Err(Error::TooManyRequests {
            retry_after_secs,
            message: "too many failed log-ins for this address".into(),
        });
    }
    let user = users::by_email(&state.pool, &email).await?;
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let verified = password::verify(&state.compute, c.password, stored).await?;
    match user {
        Some(user) if verified => {
            users::clear_failures(&state.pool, &email, now - window).await?;
            let account = Account {
                id: AccountId(user.id),
                email: user.email,
            };
            start_session(&state, &headers, StatusCode::OK, account).await
        }
        // The attempt was counted as a failure before the check; it stays counted.
        _ => Err(Error::Unauthorized("wrong e-mail address or password".into())),
    }
}

/// Ends the session (the cookie and its row). Answers 204 whether or not there was one.
#[utoipa::path(post, path = urls::LOGOUT, tag = "accounts",
    responses((status = 204, description = "Signed out")))]
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, Error> {
    if let Some(value) = cookie::session_token(&headers) {
        state.sessions.end(&state.pool, &token::hash(value)).await?;
    }
    let clear = cookie::clear(cookie::is_https(&headers));
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, clear)]).into_response())
}

/// The signed-in account.
#[utoipa::path(get, path = urls::ME, tag = "accounts",
    responses((status = 200, body = Account), (status = 401, description = "Not signed in")))]
pub async fn me(user: CurrentUser) -> Json<Account> {
    Json(account(user))
}

/// Whether someone is signed in, for pages that only adapt: the account, or `null` for a
/// visitor (never 401).
#[utoipa::path(get, path = urls::SESSION, tag = "accounts",
    responses((status = 200, description = "The signed-in account, or null", body = Option<Account>)))]
pub async fn session_state(MaybeUser(user): MaybeUser) -> Json<Option<Account>> {
    Json(user.map(account))
}

fn account(user: CurrentUser) -> Account {
    Account {
        id: AccountId(user.id),
        email: user.email,
    }
}

async fn start_session(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    account: Account,
) -> Result<Response, Error> {
    let value = token::generate();
    let expires = Utc::now() + Duration::seconds(cookie::MAX_AGE_SECS);
    sessions::create(&state.pool, &token::hash(&value), account.id.0, expires).await?;
    let set = cookie::set(&value, cookie::is_https(headers));
    Ok((status, [(header::SET_COOKIE, set)], Json(account)).into_response())
}

/// The longest e-mail address (RFC 5321's limit on a path, less the angle brackets).
pub const MAX_EMAIL_CHARS: usize = 254;

/// The client asking, by its address (see [`crate::auth::throttle`]); `None` when unknown.
pub struct Client(pub Option<std::net::IpAddr>);

impl axum::extract::FromRequestParts<AppState> for Client {
    type Rejection = Error;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Error> {
        Ok(Client(client_address(parts, state.limits.trust_proxy)))
    }
}

/// Takes a token of `throttle` for the client, or refuses with 429. Clients whose address is
/// unknown (a server started without connection info) share one bucket.
fn throttle(throttle: &Throttle, client: Option<std::net::IpAddr>, message: &str) -> Result<(), Error> {
    let client = client.unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
    throttle
        .take(client)
        .map_err(|retry_after_secs| Error::TooManyRequests {
            retry_after_secs,
            message: message.to_owned(),
        })
}

/// A plausible e-mail address, trimmed: one `@` with something on both sides, no spaces.
fn check_email(raw: &str) -> Result<String, Error> {
    let email = raw.trim();
    let invalid = |message: &str| Error::InvalidField {
        field: "email",
        message: message.into(),
    };
    if email.chars().count() > MAX_EMAIL_CHARS {
        return Err(invalid("at most 254 characters"));
    }
    match email.split_once('@') {
        Some((local, domain))
            if !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !email.chars().any(|c| c.is_whitespace() || c.is_control()) =>
        {
            Ok(email.to_owned())
        }
        _ => Err(invalid("not an e-mail address (expected name@example.com)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e_mail_addresses_are_trimmed_and_checked() {
        assert_eq!(check_email("  ada@example.com ").unwrap(), "ada@example.com");
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a b@example.com",
            "a@b@c.de",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }
}
