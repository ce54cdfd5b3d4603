//! Review comments (SQL only). A thread is its first comment and the replies that name it in
//! `thread_id`; the thread's resolution lives on its first comment. Deleting keeps the row
//! without its text, so a thread keeps its place and its replies.
//!
//! Posting locks the design's row: the count of comments on a design cannot pass its limit
//! through concurrent posts, and comments get their ids in the order they commit.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

/// One comment as stored, with what the list needs.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: i64,
    /// The link it came through, if it did.
    pub share_id: Option<Uuid>,
    pub thread_id: Option<i64>,
    pub reply_to: Option<i64>,
    pub author_id: Option<Uuid>,
    pub author_email: Option<String>,
    pub guest_name: Option<String>,
    pub guest_key_hash: Option<Vec<u8>>,
    pub text: Option<String>,
    pub node_id: Option<String>,
    pub field: Option<String>,
    pub edge_from: Option<String>,
    pub edge_to: Option<String>,
    pub revision: i32,
    pub target_snapshot: Option<Value>,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
    /// The thread's resolution (from its first comment).
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolved_by: Option<String>,
}

/// A comment to store.
#[derive(Debug, Clone, Default)]
pub struct NewRow {
    pub reply_to: Option<i64>,
    pub author_id: Option<Uuid>,
    pub share_id: Option<Uuid>,
    pub guest_name: Option<String>,
    pub guest_key_hash: Option<Vec<u8>>,
    pub text: String,
    pub node_id: Option<String>,
    pub field: Option<String>,
    pub edge_from: Option<String>,
    pub edge_to: Option<String>,
    pub revision: i32,
    pub target_snapshot: Option<Value>,
}

/// Most characters of comment text on one design, all comments together (what a list of its
/// threads can weigh).
pub const MAX_TEXT_CHARS_PER_DESIGN: i64 = 2_000_000;
/// Most rows of one design, deleted comments included (a deleted comment keeps its row).
pub const MAX_ROWS_PER_DESIGN: i64 = 10_000;

/// What became of a post.
#[derive(Debug)]
pub enum Posted {
    Added(i64),
    /// The design holds the most comments it may.
    Full,
    /// The design is gone (deleted meanwhile).
    NoDesign,
    /// The comment answered is not on this design.
    NoParent,
}

/// Every comment of a design: threads in the order they were opened, each followed by its
/// replies in the order they were posted.
pub async fn list(pool: &PgPool, design: Uuid) -> Result<Vec<Row>, sqlx::Error> {
    rows(pool, design, None).await
}

/// One comment of a design.
pub async fn one(pool: &PgPool, design: Uuid, id: i64) -> Result<Option<Row>, sqlx::Error> {
    Ok(rows(pool, design, Some(id)).await?.pop())
}

/// The comments of a design (only comment `id` when given), in list order.
async fn rows(pool: &PgPool, design: Uuid, id: Option<i64>) -> Result<Vec<Row>, sqlx::Error> {
    sqlx::query_as!(
        Row,
        r#"SELECT c.id, c.share_id, c.thread_id, c.reply_to, c.author_id, u.email AS "author_email?",
                  c.guest_name, c.guest_key_hash, c.text, c.node_id, c.field, c.edge_from, c.edge_to,
                  c.revision, c.target_snapshot, c.created_at, c.edited_at, c.deleted_at,
                  COALESCE(t.resolved_at, c.resolved_at) AS "resolved_at?",
                  COALESCE(t.resolved_by, c.resolved_by) AS "resolved_by?"
             FROM comments c
             LEFT JOIN comments t ON t.id = c.thread_id
             LEFT JOIN users u ON u.id = c.author_id
            WHERE c.design_id = $1 AND ($2::bigint IS NULL OR c.id = $2)
            ORDER BY COALESCE(c.thread_id, c.id), c.id"#,
        design,
        id
    )
    .fetch_all(pool)
    .await
}

/// Stores a comment on `design`. A reply joins its parent's thread and is about what the
/// thread is about (its target columns are copied from the thread's first comment).
pub async fn post(pool: &PgPool, design: Uuid, new: &NewRow, max: i64) -> Result<Posted, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query_scalar!("SELECT revision FROM designs WHERE id = $1 FOR UPDATE", design)
        .fetch_one(&mut *tx)
        .await?;
    let count = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM comments WHERE design_id = $1"#,
        design
    )
    .fetch_one(&mut *tx)
    .await?;
    if count >= max {
        return Ok(Posted::Full);
    }
    let id = match new.reply_to {
        Some(parent) => {
            let Some(thread) = sqlx::query_scalar!(
                r#"SELECT COALESCE(thread_id, id) AS "thread!" FROM comments WHERE id = $1 AND design_id = $2"#,
                parent,
                design
            )
            .fetch_optional(&mut *tx)
            .await?
            else {
                return Ok(Posted::NoParent);
            };
            sqlx::query_scalar!(
                r#"INSERT INTO comments (design_id, thread_id, reply_to, author_id, share_id, guest_name,
                                         guest_key_hash, text, node_id, field, edge_from, edge_to, revision)
                   SELECT $1, t.id, $3, $4, $5, $6, $7, $8, t.node_id, t.field, t.edge_from, t.edge_to, $9
                     FROM comments t WHERE t.id = $2
                   RETURNING id"#,
                design,
                thread,
                parent,
                new.author_id,
                new.share_id,
                new.guest_name,
                new.guest_key_hash,
                new.text,
                new.revision
            )
            .fetch_one(&mut *tx)
            .await?
        }
        None => {
            sqlx::query_scalar!(
                r#"INSERT INTO comments (design_id, author_id, share_id, guest_name, guest_key_hash, text,
                                         node_id, field, edge_from, edge_to, revision, target_snapshot)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                   RETURNING id"#,
                design,
                new.author_id,
                new.share_id,
                new.guest_name,
                new.guest_key_hash,
                new.text,
                new.node_id,
                new.field,
                new.edge_from,
                new.edge_to,
                new.revision,
                new.target_snapshot
            )
            .fetch_one(&mut *tx)
            .await?
        }
    };
    tx.commit().await?;
    Ok(Posted::Added(id))
}

/// Replaces a live comment's text; false when there is no such live comment.
pub async fn edit(pool: &PgPool, design: Uuid, id: i64, text: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "UPDATE comments SET text = $3, edited_at = now()
          WHERE design_id = $1 AND id = $2 AND deleted_at IS NULL",
        design,
        id,
        text
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Deletes a comment's text (the row stays); false when there is no such live comment.
pub async fn delete(pool: &PgPool, design: Uuid, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "UPDATE comments SET text = NULL, deleted_at = now(), guest_key_hash = NULL
          WHERE design_id = $1 AND id = $2 AND deleted_at IS NULL",
        design,
        id
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Resolves (`by` is who) or reopens (`None`) the thread of comment `id`; false when the
/// design has no such comment.
pub async fn resolve(pool: &PgPool, design: Uuid, id: i64, by: Option<&str>) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "UPDATE comments t
            SET resolved_at = CASE WHEN $3::text IS NULL THEN NULL ELSE now() END,
                resolved_by = $3
           FROM comments c
          WHERE c.design_id = $1 AND c.id = $2 AND t.id = COALESCE(c.thread_id, c.id)",
        design,
        id,
        by
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected() > 0)
}
