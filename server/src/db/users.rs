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

/// Failed log-ins for an address since `since`, and the oldest of them.
pub async fn recent_failures(
    pool: &PgPool,
    email: &str,
    since: DateTime<Utc>,
) -> Result<(i64, Option<DateTime<Utc>>), sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT count(*) AS "count!", min(at) AS oldest
             FROM login_failures
            WHERE lower(email) = lower($1) AND at > $2"#,
        email,
        since
    )
    .fetch_one(pool)
    .await?;
    Ok((row.count, row.oldest))
}

pub async fn record_failure(pool: &PgPool, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("INSERT INTO login_failures (email) VALUES ($1)", email)
        .execute(pool)
        .await?;
    Ok(())
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
