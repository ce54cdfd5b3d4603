//! A design's team (SQL only): colleagues the owner brought in as editors or viewers.
//! Who may call these is decided before (`crate::http::access`); the queries still name the
//! owner where they change the team, so that nobody else's call could.

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct Member {
    pub user_id: Uuid,
    pub email: String,
    pub role: String,
    pub added_at: DateTime<Utc>,
}

/// The owner's address and the members, in the order they were added.
pub async fn list(pool: &PgPool, design: Uuid) -> Result<(String, Vec<Member>), sqlx::Error> {
    let owner = sqlx::query_scalar!(
        "SELECT u.email FROM designs d JOIN users u ON u.id = d.owner_id WHERE d.id = $1",
        design
    )
    .fetch_optional(pool)
    .await?
    .unwrap_or_default();
    let members = sqlx::query_as!(
        Member,
        r#"SELECT m.user_id, u.email, m.role, m.added_at
             FROM design_members m JOIN users u ON u.id = m.user_id
            WHERE m.design_id = $1
            ORDER BY m.added_at, u.email"#,
        design
    )
    .fetch_all(pool)
    .await?;
    Ok((owner, members))
}

/// What became of an invitation.
#[derive(Debug)]
pub enum Invited {
    Added(Member),
    /// No account has this address.
    NoAccount,
    /// The address is the owner's own.
    Owner,
    /// The team is full.
    Full,
}

/// Adds the account with address `email` (compared case-insensitively) as `role`, or changes
/// the role of a member already there. `max` bounds the team.
pub async fn invite(
    pool: &PgPool,
    owner: Uuid,
    design: Uuid,
    email: &str,
    role: &str,
    max: i64,
) -> Result<Invited, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // Locks the design's row: two invitations at once cannot both take the last place.
    let locked = sqlx::query_scalar!(
        "SELECT owner_id FROM designs WHERE id = $1 AND owner_id = $2 FOR UPDATE",
        design,
        owner
    )
    .fetch_optional(&mut *tx)
    .await?;
    if locked.is_none() {
        return Ok(Invited::NoAccount);
    }
    let Some(user) = sqlx::query_scalar!("SELECT id FROM users WHERE lower(email) = lower($1)", email)
        .fetch_optional(&mut *tx)
        .await?
    else {
        return Ok(Invited::NoAccount);
    };
    if user == owner {
        return Ok(Invited::Owner);
    }
    let count = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM design_members WHERE design_id = $1 AND user_id <> $2"#,
        design,
        user
    )
    .fetch_one(&mut *tx)
    .await?;
    if count >= max {
        return Ok(Invited::Full);
    }
    let member = sqlx::query_as!(
        Member,
        r#"WITH upsert AS (
               INSERT INTO design_members (design_id, user_id, role, added_by)
               VALUES ($1, $2, $3, $4)
               ON CONFLICT (design_id, user_id) DO UPDATE SET role = EXCLUDED.role
               RETURNING user_id, role, added_at)
           SELECT upsert.user_id AS "user_id!", u.email AS "email!", upsert.role AS "role!",
                  upsert.added_at AS "added_at!"
             FROM upsert JOIN users u ON u.id = upsert.user_id"#,
        design,
        user,
        role,
        owner
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Invited::Added(member))
}

/// Removes member `user` from a design `owner` owns; false when there was no such member.
pub async fn remove(pool: &PgPool, owner: Uuid, design: Uuid, user: Uuid) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM design_members m USING designs d
          WHERE m.design_id = $1 AND m.user_id = $2 AND d.id = m.design_id AND d.owner_id = $3",
        design,
        user,
        owner
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Member `user` leaves design `design` of their own accord; false when they were not a member.
pub async fn leave(pool: &PgPool, design: Uuid, user: Uuid) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM design_members WHERE design_id = $1 AND user_id = $2",
        design,
        user
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected() > 0)
}
