//! Storing and reading designs in a real Postgres.

mod common;

use serde_json::json;
use server::db::designs;

#[tokio::test]
async fn a_created_design_reads_back_as_revision_one() {
    let pool = common::fresh_pool().await;
    let doc = json!({"schema": "kafka-design/v1", "name": "orders platform", "nodes": [], "edges": []});
    let created = designs::create(&pool, "orders platform", &doc).await.unwrap();
    assert_eq!(created.revision, 1);
    let read = designs::latest(&pool, created.id).await.unwrap().unwrap();
    assert_eq!(read.document, doc);
    assert_eq!(read.name, "orders platform");
    assert_eq!(read.revision, 1);
}

#[tokio::test]
async fn an_unknown_design_is_none() {
    let pool = common::fresh_pool().await;
    assert!(designs::latest(&pool, uuid::Uuid::new_v4())
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn an_empty_name_is_refused_and_nothing_is_stored() {
    let pool = common::fresh_pool().await;
    let err = designs::create(&pool, "", &json!({})).await.unwrap_err();
    assert!(err.to_string().contains("check"), "{err}");
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM design_revisions")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 0);
}
