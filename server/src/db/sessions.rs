//! Sessions, known by the SHA-256 of their cookie value (SQL only).

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct SessionUser {
    pub id: Uuid,
    pub email: String,
}

pub async fn create(
    pool: &PgPool,
    token_hash: &[u8],
    user: Uuid,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)",
        token_hash,
        user,
        expires_at
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The user of an unexpired session.
pub async fn user_for(pool: &PgPool, token_hash: &[u8]) -> Result<Option<SessionUser>, sqlx::Error> {
    sqlx::query_as!(
        SessionUser,
        r#"SELECT u.id, u.email
             FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = $1 AND s.expires_at > now()"#,
        token_hash
    )
    .fetch_optional(pool)
    .await
}

pub async fn delete(pool: &PgPool, token_hash: &[u8]) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "DELETE FROM sessions WHERE token_hash = $1 OR expires_at < now()",
        token_hash
    )
    .execute(pool)
    .await?;
    Ok(())
}
