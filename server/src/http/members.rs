//! A design's team, `/api/v1/designs/{id}/members`: everyone on it sees who is; the owner
//! alone invites (by the e-mail address of an account), changes roles and removes; a member
//! may leave. Removing someone ends their live streams on the design at once.

use api::reviews::MAX_MEMBERS;
use api::{urls, AccountId, DesignId, Member, MemberList, MemberRole, NewMember};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::body::JsonBody;
use super::AppState;
use crate::auth::CurrentUser;
use crate::db::members::{self, Invited};
use crate::error::Error;

fn member(m: members::Member) -> Member {
    Member {
        user: AccountId(m.user_id),
        email: m.email,
        role: MemberRole::parse(&m.role).unwrap_or(MemberRole::Viewer),
        added_at: m.added_at,
    }
}

/// The owner and the members.
#[utoipa::path(get, path = urls::MEMBERS, tag = "reviews",
    params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = MemberList), (status = 401), (status = 404)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DesignId,
) -> Result<Json<MemberList>, Error> {
    let role = super::access::role(&state, &user, id).await?;
    let (owner, list) = members::list(&state.pool, id.0).await?;
    Ok(Json(MemberList {
        owner,
        members: list.into_iter().map(member).collect(),
        role,
    }))
}

/// Invites the account with this e-mail address as an editor or a viewer (or changes the
/// role of a member).
#[utoipa::path(post, path = urls::MEMBERS, tag = "reviews",
    params(("id" = uuid::Uuid, Path)), request_body = NewMember,
    responses((status = 201, body = Member), (status = 401), (status = 403, description = "Not the owner"), (status = 404),
              (status = 422, description = "No account has this address, it is the owner's, or the team is full"),
              (status = 429, description = "Too many invitations in a minute")))]
pub async fn invite(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DesignId,
    JsonBody(body): JsonBody<NewMember>,
) -> Result<Response, Error> {
    super::access::owner(&state, &user, id).await?;
    // Invitations tell which addresses have accounts: they count against the account's
    // allowance like comments do.
    state
        .reviews
        .per_account
        .take_key(user.id)
        .map_err(|secs| Error::TooManyRequests {
            retry_after_secs: secs,
            message: format!("too many invitations in a minute: wait {secs} s"),
        })?;
    let email = body.email.trim();
    if email.is_empty() || email.chars().count() > 254 {
        return Err(Error::InvalidField {
            field: "email",
            message: "an e-mail address has 1 to 254 characters".into(),
        });
    }
    match members::invite(&state.pool, user.id, id.0, email, body.role.as_str(), MAX_MEMBERS).await? {
        Invited::Added(m) => {
            state.reviews.live.links_changed(id.0);
            Ok((StatusCode::CREATED, Json(member(m))).into_response())
        }
        Invited::NoAccount => Err(Error::InvalidField {
            field: "email",
            message: "no account has this address: ask your colleague to sign up first".into(),
        }),
        Invited::Owner => Err(Error::InvalidField {
            field: "email",
            message: "this is the owner's own address".into(),
        }),
        Invited::Full => Err(Error::InvalidField {
            field: "email",
            message: format!("a design has at most {MAX_MEMBERS} members"),
        }),
    }
}

/// Removes a member (the owner), or leaves the design (a member naming themselves).
#[utoipa::path(delete, path = urls::MEMBER, tag = "reviews",
    params(("id" = uuid::Uuid, Path), ("user" = uuid::Uuid, Path)),
    responses((status = 204), (status = 401), (status = 403, description = "Neither the owner nor the member"), (status = 404)))]
pub async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    id: DesignId,
    member: AccountId,
) -> Result<StatusCode, Error> {
    let role = super::access::role(&state, &user, id).await?;
    let removed = if member.0 == user.id && role != api::DesignRole::Owner {
        members::leave(&state.pool, id.0, user.id).await?
    } else {
        super::access::owner(&state, &user, id).await?;
        members::remove(&state.pool, user.id, id.0, member.0).await?
    };
    if !removed {
        return Err(Error::NotFound("no such member of this design".into()));
    }
    state.reviews.live.links_changed(id.0);
    Ok(StatusCode::NO_CONTENT)
}
