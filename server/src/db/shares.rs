//! Share links of designs (SQL only), view-only or view-and-comment. Tokens are stored as
//! their SHA-256.

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::designs::StoredDesign;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Share {
    pub id: Uuid,
    /// The first characters of the token, to tell links apart.
    pub hint: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// `view` or `comment`.
    pub access: String,
}

/// A live link: which design it opens and what it allows.
#[derive(Debug, Clone)]
pub struct Link {
    pub id: Uuid,
    pub design_id: Uuid,
    pub access: String,
}

/// Creates a link to design `design` if `owner` owns it; `None` otherwise.
pub async fn create(
    pool: &PgPool,
    owner: Uuid,
    design: Uuid,
    token_hash: &[u8],
    hint: &str,
    access: &str,
) -> Result<Option<Share>, sqlx::Error> {
    sqlx::query_as!(
        Share,
        r#"INSERT INTO shares (id, design_id, token_hash, token_hint, created_by, access)
           SELECT $1, d.id, $3, $4, $5, $6 FROM designs d WHERE d.id = $2 AND d.owner_id = $5
           RETURNING id, token_hint AS hint, created_at, revoked_at, access"#,
        Uuid::new_v4(),
        design,
        token_hash,
        hint,
        owner,
        access
    )
    .fetch_optional(pool)
    .await
}

/// The links of a design `owner` owns, newest first; `None` if it is not theirs.
pub async fn list(pool: &PgPool, owner: Uuid, design: Uuid) -> Result<Option<Vec<Share>>, sqlx::Error> {
    if !super::designs::owns(pool, owner, design).await? {
        return Ok(None);
    }
    let shares = sqlx::query_as!(
        Share,
        r#"SELECT id, token_hint AS hint, created_at, revoked_at, access
             FROM shares WHERE design_id = $1
            ORDER BY created_at DESC, id"#,
        design
    )
    .fetch_all(pool)
    .await?;
    Ok(Some(shares))
}

/// Revokes a link, named by its token's hash or its id. False when there is no such live link
/// on a design `owner` owns.
pub async fn revoke(
    pool: &PgPool,
    owner: Uuid,
    design: Uuid,
    token_hash: Option<&[u8]>,
    id: Option<Uuid>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        r#"UPDATE shares s SET revoked_at = now()
             FROM designs d
            WHERE d.id = s.design_id AND d.owner_id = $1 AND s.design_id = $2
              AND s.revoked_at IS NULL
              AND (s.token_hash = $3 OR s.id = $4)"#,
        owner,
        design,
        token_hash,
        id
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The live link with this token's hash.
pub async fn link(pool: &PgPool, token_hash: &[u8]) -> Result<Option<Link>, sqlx::Error> {
    sqlx::query_as!(
        Link,
        "SELECT id, design_id, access FROM shares WHERE token_hash = $1 AND revoked_at IS NULL",
        token_hash
    )
    .fetch_optional(pool)
    .await
}

/// Whether link `id` is still live (a stream opened through it stops when it is not).
pub async fn is_live(pool: &PgPool, id: Uuid) -> Result<bool, sqlx::Error> {
    let live = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM shares WHERE id = $1 AND revoked_at IS NULL) AS "live!""#,
        id
    )
    .fetch_one(pool)
    .await?;
    Ok(live)
}

/// The newest revision of the design behind a live link.
pub async fn shared_design(pool: &PgPool, token_hash: &[u8]) -> Result<Option<StoredDesign>, sqlx::Error> {
    sqlx::query_as!(
        StoredDesign,
        r#"SELECT d.id, d.name, d.revision, r.document::text AS "document!", d.created_at, d.updated_at
             FROM shares s
             JOIN designs d ON d.id = s.design_id
             JOIN design_revisions r ON r.design_id = d.id AND r.revision = d.revision
            WHERE s.token_hash = $1 AND s.revoked_at IS NULL"#,
        token_hash
    )
    .fetch_optional(pool)
    .await
}

/// Revisions `revisions` of the design behind a live link, among those a link may show: the
/// revision that was the newest when the link was made, and every later one (none for an
/// unknown or revoked link). A link never reveals what the design held before it was shared.
pub async fn shared_revisions(
    pool: &PgPool,
    token_hash: &[u8],
    revisions: &[i32],
) -> Result<Vec<SharedRevision>, sqlx::Error> {
    sqlx::query_as!(
        SharedRevision,
        r#"SELECT r.revision, r.document::text AS "document!"
             FROM shares s
             JOIN design_revisions r ON r.design_id = s.design_id
            WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND r.revision = ANY($2)
              AND r.revision >= COALESCE(
                    (SELECT max(o.revision) FROM design_revisions o
                      WHERE o.design_id = s.design_id AND o.created_at <= s.created_at), 1)"#,
        token_hash,
        revisions
    )
    .fetch_all(pool)
    .await
}

/// The oldest revision a live link may show: the newest one when the link was made.
pub async fn first_shared_revision(pool: &PgPool, token_hash: &[u8]) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT COALESCE(
                  (SELECT max(o.revision) FROM design_revisions o
                    WHERE o.design_id = s.design_id AND o.created_at <= s.created_at), 1) AS "first!"
             FROM shares s
            WHERE s.token_hash = $1 AND s.revoked_at IS NULL"#,
        token_hash
    )
    .fetch_optional(pool)
    .await
}

/// One revision's document, read through a link.
#[derive(Debug)]
pub struct SharedRevision {
    pub revision: i32,
    pub document: String,
}
