//! The database: connecting (to `DATABASE_URL` or the private cluster) and migrating.
//! All SQL of the studio lives in this module and its children.

pub mod comments;
pub mod designs;
pub mod members;
pub mod sessions;
pub mod shares;
pub mod users;

use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, PgPool};

/// How long start-up waits for the database before it gives up with a clear error.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL is not a valid Postgres URL")]
    BadUrl(#[source] sqlx::Error),
    #[error("cannot reach the database at {target}")]
    Unreachable {
        target: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("migrating the database failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Parses a `postgres://` URL.
pub fn options_from_url(url: &str) -> Result<PgConnectOptions, DbError> {
    url.parse::<PgConnectOptions>().map_err(DbError::BadUrl)
}

/// Connects a pool and checks that the server answers.
pub async fn connect(options: PgConnectOptions) -> Result<PgPool, DbError> {
    let target = describe(&options);
    let options = options.log_statements(tracing::log::LevelFilter::Debug);
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(CONNECT_TIMEOUT)
        .connect_with(options)
        .await
        .map_err(|source| DbError::Unreachable { target, source })?;
    Ok(pool)
}

/// Applies the migrations in `migrations/` (embedded in the binary at compile time).
pub async fn migrate(pool: &PgPool) -> Result<(), DbError> {
    sqlx::migrate!("../migrations").run(pool).await?;
    Ok(())
}

/// Where a connection goes, without the password: for error messages and logs.
pub fn describe(options: &PgConnectOptions) -> String {
    let host = options
        .get_socket()
        .map(|s| s.display().to_string())
        .unwrap_or_else(|| options.get_host().to_string());
    format!(
        "{}:{}/{}",
        host,
        options.get_port(),
        options.get_database().unwrap_or_default()
    )
}

/// What `/healthz` says about the database.
#[derive(Debug, serde::Serialize)]
pub struct DbHealth {
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Asks the database a trivial question, with a deadline.
pub async fn health(pool: &PgPool) -> DbHealth {
    let started = std::time::Instant::now();
    let query =
        sqlx::query_scalar!(r#"SELECT current_setting('server_version') AS "version!""#).fetch_one(pool);
    match tokio::time::timeout(Duration::from_secs(2), query).await {
        Ok(Ok(version)) => DbHealth {
            status: "up",
            server_version: Some(version),
            latency_ms: Some((started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0),
            error: None,
        },
        Ok(Err(e)) => DbHealth {
            status: "down",
            server_version: None,
            latency_ms: None,
            error: Some(e.to_string()),
        },
        Err(_) => DbHealth {
            status: "down",
            server_version: None,
            latency_ms: None,
            error: Some("no answer within 2 s".into()),
        },
    }
}
