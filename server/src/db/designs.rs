//! Designs and their immutable revisions (SQL only; HTTP lives in `crate::http`).
//!
//! Every save adds a revision `n + 1`; `designs.revision` names the newest. A save names the
//! revision it was based on, and the `UPDATE … WHERE revision = $base` that claims the next
//! number is the compare-and-swap: of any number of concurrent saves on one base exactly one
//! matches, the others see the newer number and are told so. The claim and the new revision
//! row commit together, so revision numbers have no gaps and nothing half-saved is visible.
//!
//! Every query filters on the caller's part in the design (`design_role(design, user)` in SQL,
//! see the reviews migration): the owner and members read, the owner and editors save, the
//! owner alone deletes. A design that is not yours is indistinguishable from one that does
//! not exist.
//!
//! Documents go in and out as JSON text (a `json` column keeps it as written; see the third migration),
//! and the studio never decodes a document on an async thread (the callers parse it on the
//! compute pool when they need the model, and serve it as it is when they do not).

use std::future::Future;

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

/// The newest revision of a design.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDesign {
    pub id: Uuid,
    pub name: String,
    pub revision: i32,
    /// The `kafka-design/v1` document, as JSON text.
    pub document: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One revision in a design's history (the API answers it as `api::RevisionInfo`).
#[derive(Debug, Clone, PartialEq)]
pub struct RevisionInfo {
    pub revision: i32,
    pub created_at: DateTime<Utc>,
    /// The author's e-mail address (`null` once the account is gone).
    pub author: Option<String>,
    /// Counts of what changed from the revision before (see `design::DiffSummary`).
    pub summary: serde_json::Value,
    /// Set when this revision restored an older one.
    pub restored_from: Option<i32>,
}

/// One revision with its document.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRevision {
    pub revision: i32,
    /// The document, as JSON text.
    pub document: String,
    pub created_at: DateTime<Utc>,
    pub author: Option<String>,
}

/// What became of a save.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveOutcome {
    Saved {
        revision: i32,
        updated_at: DateTime<Utc>,
    },
    /// The save was based on an older revision; `current` is the newest.
    Stale { current: i32 },
    /// No such design (or not the caller's).
    Missing,
}

/// A design as it is written: its name, its document and what changed (JSON text).
#[derive(Debug, Clone, PartialEq)]
pub struct NewRevision {
    pub name: String,
    pub document: String,
    /// `design::DiffSummary` from the revision before, as JSON.
    pub summary: String,
}

/// Stores a new design as its revision 1, in one transaction.
pub async fn create(pool: &PgPool, owner: Uuid, new: &NewRevision) -> Result<StoredDesign, sqlx::Error> {
    let id = Uuid::new_v4();
    let mut tx = pool.begin().await?;
    let row = sqlx::query!(
        "INSERT INTO designs (id, name, revision, owner_id) VALUES ($1, $2, 1, $3)
         RETURNING created_at, updated_at",
        id,
        new.name,
        owner
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO design_revisions (design_id, revision, document, author_id, summary)
         VALUES ($1, 1, $2::text::json, $3, $4::text::jsonb)",
        id,
        new.document,
        owner,
        new.summary
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(StoredDesign {
        id,
        name: new.name.clone(),
        revision: 1,
        document: new.document.clone(),
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// What changed since the previous revision, as JSON: known already (the caller had the
/// previous revision at hand), or to be made from the previous revision's document, read in
/// the save's transaction (JSON text in, JSON text out; the caller computes it off the async
/// threads).
pub enum Summary<F> {
    Known(String),
    FromPrevious(F),
}

/// Saves the next revision: its name, its document and the summary of what changed. With
/// `base = Some(n)` only if the newest revision is still `n` (otherwise
/// [`SaveOutcome::Stale`]); with `None` unconditionally (a restore or a rename, which the user
/// asked for knowingly). `restored_from` marks a restore.
#[allow(clippy::too_many_arguments)]
pub async fn save<F, Fut, E>(
    pool: &PgPool,
    owner: Uuid,
    id: Uuid,
    base: Option<i32>,
    name: &str,
    document: &str,
    restored_from: Option<i32>,
    summary: Summary<F>,
) -> Result<SaveOutcome, E>
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = Result<String, E>>,
    E: From<sqlx::Error>,
{
    let mut tx = pool.begin().await?;
    // The compare-and-swap: claims revision n + 1 and locks the row until commit.
    let claimed = sqlx::query!(
        r#"UPDATE designs SET revision = revision + 1, name = $4, updated_at = now()
            WHERE id = $1 AND design_role(id, $2) IN ('owner', 'editor')
              AND ($3::integer IS NULL OR revision = $3)
            RETURNING revision, updated_at"#,
        id,
        owner,
        base,
        name
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(claimed) = claimed else {
        tx.rollback().await?;
        let current = sqlx::query_scalar!(
            "SELECT revision FROM designs WHERE id = $1 AND design_role(id, $2) IN ('owner', 'editor')",
            id,
            owner
        )
        .fetch_optional(pool)
        .await?;
        return Ok(match current {
            Some(current) => SaveOutcome::Stale { current },
            None => SaveOutcome::Missing,
        });
    };
    let summary = match summary {
        Summary::Known(summary) => summary,
        Summary::FromPrevious(summarise) => {
            let previous = sqlx::query_scalar!(
                r#"SELECT document::text AS "document!" FROM design_revisions WHERE design_id = $1 AND revision = $2"#,
                id,
                claimed.revision - 1
            )
            .fetch_one(&mut *tx)
            .await?;
            summarise(previous).await?
        }
    };
    sqlx::query!(
        "INSERT INTO design_revisions (design_id, revision, document, author_id, summary, restored_from)
         VALUES ($1, $2, $3::text::json, $4, $5::text::jsonb, $6)",
        id,
        claimed.revision,
        document,
        owner,
        summary,
        restored_from
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(SaveOutcome::Saved {
        revision: claimed.revision,
        updated_at: claimed.updated_at,
    })
}

/// The newest revision of design `id`, if `owner` may read it (its owner or a member).
pub async fn latest(pool: &PgPool, owner: Uuid, id: Uuid) -> Result<Option<StoredDesign>, sqlx::Error> {
    sqlx::query_as!(
        StoredDesign,
        r#"SELECT d.id, d.name, d.revision, r.document::text AS "document!", d.created_at, d.updated_at
             FROM designs d
             JOIN design_revisions r ON r.design_id = d.id AND r.revision = d.revision
            WHERE d.id = $1 AND design_role(d.id, $2) IS NOT NULL"#,
        id,
        owner
    )
    .fetch_optional(pool)
    .await
}

/// Whether `owner` owns design `id`.
pub async fn owns(pool: &PgPool, owner: Uuid, id: Uuid) -> Result<bool, sqlx::Error> {
    let found = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM designs WHERE id = $1 AND owner_id = $2) AS "found!""#,
        id,
        owner
    )
    .fetch_one(pool)
    .await?;
    Ok(found)
}

/// `user`'s part in design `id` (`None`: nothing, the design is not there for them).
pub async fn role(pool: &PgPool, user: Uuid, id: Uuid) -> Result<Option<api::DesignRole>, sqlx::Error> {
    let role = sqlx::query_scalar!(r#"SELECT design_role($1, $2) AS "role""#, id, user)
        .fetch_one(pool)
        .await?;
    Ok(role.as_deref().and_then(api::DesignRole::parse))
}

/// `user`'s designs and the designs shared with them, most recently changed first, as the API
/// lists them.
pub async fn list(pool: &PgPool, user: Uuid) -> Result<Vec<api::DesignListing>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT d.id, d.name, d.revision, d.created_at, d.updated_at,
                  COALESCE(m.role, 'owner') AS "role!", o.email AS "owner?"
             FROM designs d
             LEFT JOIN design_members m ON m.design_id = d.id AND m.user_id = $1
             LEFT JOIN users o ON o.id = d.owner_id AND m.user_id IS NOT NULL
            WHERE d.owner_id = $1 OR m.user_id IS NOT NULL
            ORDER BY d.updated_at DESC, d.id"#,
        user
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|d| api::DesignListing {
            id: d.id.into(),
            name: d.name,
            revision: d.revision.into(),
            created_at: d.created_at,
            updated_at: d.updated_at,
            role: api::DesignRole::parse(&d.role).unwrap_or(api::DesignRole::Viewer),
            owner: d.owner,
        })
        .collect())
}

/// Deletes a design with its revisions and links; false if there was none of `owner`'s.
pub async fn delete(pool: &PgPool, owner: Uuid, id: Uuid) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!("DELETE FROM designs WHERE id = $1 AND owner_id = $2", id, owner)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// A design's revisions, newest first; `None` if `user` may not read it.
pub async fn revisions(
    pool: &PgPool,
    user: Uuid,
    id: Uuid,
) -> Result<Option<Vec<RevisionInfo>>, sqlx::Error> {
    if role(pool, user, id).await?.is_none() {
        return Ok(None);
    }
    let revisions = sqlx::query_as!(
        RevisionInfo,
        r#"SELECT r.revision, r.created_at, u.email AS "author?", r.summary, r.restored_from
             FROM design_revisions r LEFT JOIN users u ON u.id = r.author_id
            WHERE r.design_id = $1
            ORDER BY r.revision DESC"#,
        id
    )
    .fetch_all(pool)
    .await?;
    Ok(Some(revisions))
}

/// Revision `n` of a design `owner` may read.
pub async fn revision(
    pool: &PgPool,
    owner: Uuid,
    id: Uuid,
    n: i32,
) -> Result<Option<StoredRevision>, sqlx::Error> {
    sqlx::query_as!(
        StoredRevision,
        r#"SELECT r.revision, r.document::text AS "document!", r.created_at, u.email AS "author?"
             FROM design_revisions r
             JOIN designs d ON d.id = r.design_id
             LEFT JOIN users u ON u.id = r.author_id
            WHERE r.design_id = $1 AND design_role(d.id, $2) IS NOT NULL AND r.revision = $3"#,
        id,
        owner,
        n
    )
    .fetch_optional(pool)
    .await
}

/// The newest revision of design `id` and its document, for a caller already allowed to read
/// it (`crate::http::access` decided).
pub async fn newest(pool: &PgPool, id: Uuid) -> Result<Option<(i32, String)>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT d.revision, r.document::text AS "document!"
             FROM designs d
             JOIN design_revisions r ON r.design_id = d.id AND r.revision = d.revision
            WHERE d.id = $1"#,
        id
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| (r.revision, r.document)))
}
