//! Accounts and failed log-ins (SQL only).

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub password_hash: String,
}

/// Creates an account; `None` when the address is taken (whatever its case).
pub async fn create(pool: &PgPool, email: &str, password_hash: &str) -> Result<Option<Uuid>, sqlx::Error> {
    let id = Uuid::new_v4();
    let inserted = sqlx::query!(
        "INSERT INTO users (id, email, password_hash) VALUES ($1, $2, $3)",
        id,
        email,
        password_hash
    )
    .execute(pool)
    .await;
    match inserted {
        Ok(_) => Ok(Some(id)),
        Err(sqlx::Error::Database(e)) if e.constraint() == Some("users_email_key") => Ok(None),
        Err(e) => Err(e),
    }
}

/// The account for an address, compared case-insensitively.
pub async fn by_email(pool: &PgPool, email: &str) -> Result<Option<User>, sqlx::Error> {
    sqlx::query_as!(
        User,
        "SELECT id, email, password_hash FROM users WHERE lower(email) = lower($1)",
        email
    )
    .fetch_optional(pool)
    .await
}

/// What [`reserve_attempt`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// The attempt is counted as a failure until a successful log-in clears it.
    Reserved,
    /// `max` failures within the window already: refused until the oldest is this old.
    Refused { oldest: DateTime<Utc> },
}

/// Counts a log-in attempt for `email` before its password is checked, atomically: the check
/// of the failures since `since` and the insert of this attempt run under a lock on the
/// address, so that parallel guesses cannot all pass the check before any is counted. A
/// successful log-in then clears the address's failures ([`clear_failures`]).
pub async fn reserve_attempt(
    pool: &PgPool,
    email: &str,
    since: DateTime<Utc>,
    max: i64,
) -> Result<Attempt, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "SELECT pg_advisory_xact_lock(hashtextextended(lower($1), 4242))",
        email
    )
    .execute(&mut *tx)
    .await?;
    let row = sqlx::query!(
        r#"SELECT count(*) AS "count!", min(at) AS oldest
             FROM login_failures
            WHERE lower(email) = lower($1) AND at > $2"#,
        email,
        since
    )
    .fetch_one(&mut *tx)
    .await?;
    if row.count >= max {
        tx.rollback().await?;
        return Ok(Attempt::Refused {
            oldest: row.oldest.unwrap_or_else(Utc::now),
        });
    }
    sqlx::query!("INSERT INTO login_failures (email) VALUES ($1)", email)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Attempt::Reserved)
}

/// Forgets an address's failures (after a successful log-in) and everyone's old ones.
pub async fn clear_failures(
    pool: &PgPool,
    email: &str,
    older_than: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "DELETE FROM login_failures WHERE lower(email) = lower($1) OR at < $2",
        email,
        older_than
    )
    .execute(pool)
    .await?;
    Ok(())
}
