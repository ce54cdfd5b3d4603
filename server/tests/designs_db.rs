//! Storing and reading designs in a real Postgres, below HTTP.

mod common;

use design::Design;
use server::db::designs::NewRevision;
use server::db::{designs, users};
use uuid::Uuid;

/// The design as the handlers store it (document and an empty change summary).
fn new(design: &Design) -> NewRevision {
    NewRevision {
        name: design.name.clone(),
        document: serde_json::to_string(design).unwrap(),
        summary: "{}".into(),
    }
}

/// Saves `design` on `base` with an empty change summary.
async fn save(
    pool: &sqlx::PgPool,
    owner: Uuid,
    id: Uuid,
    base: Option<i32>,
    design: &Design,
) -> designs::SaveOutcome {
    let document = serde_json::to_string(design).unwrap();
    // Read the previous revision back, as a save without it in memory does.
    let summary = designs::Summary::FromPrevious(|previous: String| async move {
        assert!(previous.starts_with('{'));
        Ok::<_, sqlx::Error>("{}".to_string())
    });
    designs::save(pool, owner, id, base, &design.name, &document, None, summary)
        .await
        .unwrap()
}

async fn user(pool: &sqlx::PgPool, email: &str) -> Uuid {
    users::create(pool, email, "not a real hash")
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn a_created_design_reads_back_as_revision_one_for_its_owner_only() {
    let pool = common::fresh_pool().await;
    let (ada, bob) = (
        user(&pool, "ada@example.com").await,
        user(&pool, "bob@example.com").await,
    );
    let design = Design::new("orders platform");
    let created = designs::create(&pool, ada, &new(&design)).await.unwrap();
    assert_eq!(created.revision, 1);
    let read = designs::latest(&pool, ada, created.id).await.unwrap().unwrap();
    assert_eq!(serde_json::from_str::<Design>(&read.document).unwrap(), design);
    assert_eq!((read.name.as_str(), read.revision), ("orders platform", 1));
    assert!(designs::latest(&pool, bob, created.id).await.unwrap().is_none());
    assert!(designs::latest(&pool, ada, Uuid::new_v4())
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn a_stale_save_is_told_the_newest_revision_and_changes_nothing() {
    let pool = common::fresh_pool().await;
    let ada = user(&pool, "ada@example.com").await;
    let id = designs::create(&pool, ada, &new(&Design::new("v1")))
        .await
        .unwrap()
        .id;
    let first = save(&pool, ada, id, Some(1), &Design::new("v2")).await;
    assert!(
        matches!(first, designs::SaveOutcome::Saved { revision: 2, .. }),
        "{first:?}"
    );
    let stale = save(&pool, ada, id, Some(1), &Design::new("v2'")).await;
    assert_eq!(stale, designs::SaveOutcome::Stale { current: 2 });
    let missing = save(&pool, ada, Uuid::new_v4(), Some(1), &Design::new("x")).await;
    assert_eq!(missing, designs::SaveOutcome::Missing);
    assert_eq!(designs::latest(&pool, ada, id).await.unwrap().unwrap().name, "v2");
}

#[tokio::test]
async fn an_empty_name_is_refused_and_nothing_is_stored() {
    let pool = common::fresh_pool().await;
    let ada = user(&pool, "ada@example.com").await;
    let err = designs::create(&pool, ada, &new(&Design::new("")))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("check"), "{err}");
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM design_revisions")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn an_address_has_one_account_whatever_its_case() {
    let pool = common::fresh_pool().await;
    assert!(users::create(&pool, "Ada@Example.com", "h")
        .await
        .unwrap()
        .is_some());
    assert!(users::create(&pool, "ada@example.COM", "h")
        .await
        .unwrap()
        .is_none());
    let found = users::by_email(&pool, "ADA@EXAMPLE.COM").await.unwrap().unwrap();
    assert_eq!(found.email, "Ada@Example.com");
}
