//! Test support: a real Postgres for every test, each test in a database of its own.
//!
//! The server is `TEST_DATABASE_URL` when set (scripts/test.sh starts one private cluster for
//! the whole run); otherwise a private cluster in `target/test-pg`, started on first use with
//! the studio's own [`server::pg::Cluster`] and left running for the next run.

#![allow(dead_code)] // each test binary uses its own part of this module

pub mod client;
pub mod studio;

use std::path::PathBuf;
use std::sync::OnceLock;

use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, Executor, PgConnection, PgPool};

/// Where the server for this test run is.
pub fn server_options() -> PgConnectOptions {
    static URL: OnceLock<String> = OnceLock::new();
    let url = URL.get_or_init(|| match std::env::var("TEST_DATABASE_URL") {
        Ok(url) => url,
        Err(_) => {
            let dir = target_dir().join("test-pg");
            let mut cluster = server::pg::Cluster::new(&dir, None).expect("a private Postgres for tests");
            cluster
                .ensure_running()
                .expect("start the private Postgres for tests");
            cluster.url()
        }
    });
    url.parse().expect("TEST_DATABASE_URL is a Postgres URL")
}

/// A fresh, migrated database that belongs to one test.
pub async fn fresh_pool() -> PgPool {
    let name = format!("test_{}", uuid::Uuid::new_v4().simple());
    let admin = server_options().database("postgres");
    let mut conn = PgConnection::connect_with(&admin)
        .await
        .expect("connect to the test server");
    conn.execute(format!(r#"CREATE DATABASE "{name}""#).as_str())
        .await
        .expect("create a test database");
    conn.close().await.ok();
    let pool = server::db::connect(server_options().database(&name))
        .await
        .expect("connect to the test database");
    server::db::migrate(&pool)
        .await
        .expect("migrate the test database");
    pool
}

/// The workspace's `target` folder.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
}
