//! Designs and their revisions (SQL only; HTTP lives in `crate::http`).

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

/// The newest revision of a design.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDesign {
    pub id: Uuid,
    pub name: String,
    pub revision: i32,
    pub document: serde_json::Value,
    pub updated_at: DateTime<Utc>,
}

/// Stores a new design as its revision 1, in one transaction.
pub async fn create(
    pool: &PgPool,
    name: &str,
    document: &serde_json::Value,
) -> Result<StoredDesign, sqlx::Error> {
    let id = Uuid::new_v4();
    let mut tx = pool.begin().await?;
    let updated_at = sqlx::query_scalar!(
        "INSERT INTO designs (id, name, revision) VALUES ($1, $2, 1) RETURNING updated_at",
        id,
        name
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO design_revisions (design_id, revision, document) VALUES ($1, 1, $2)",
        id,
        document
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(StoredDesign {
        id,
        name: name.to_owned(),
        revision: 1,
        document: document.clone(),
        updated_at,
    })
}

/// The newest revision of design `id`, if it exists.
pub async fn latest(pool: &PgPool, id: Uuid) -> Result<Option<StoredDesign>, sqlx::Error> {
    sqlx::query_as!(
        StoredDesign,
        r#"SELECT d.id, d.name, d.revision, r.document, d.updated_at
             FROM designs d
             JOIN design_revisions r ON r.design_id = d.id AND r.revision = d.revision
            WHERE d.id = $1"#,
        id
    )
    .fetch_optional(pool)
    .await
}
