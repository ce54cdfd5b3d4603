//! Start-up and shutdown of the web server: database, migrations, listener, signals.

use std::net::SocketAddr;

use leptos::config::{Env, LeptosOptions};
use sqlx::PgPool;
use tokio::net::TcpListener;

use crate::config::ServeArgs;
use crate::db::{self, DbError};
use crate::http::{self, AppState};
use crate::pg::{Cluster, PgError};

/// Why the studio could not start (or stopped with an error). Each says what to do.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Postgres(#[from] PgError),
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("cannot listen on {addr} (is another studio running? choose another with --addr)")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("the web server stopped with an error")]
    Serve(#[source] std::io::Error),
}

/// The database the studio uses, and the private cluster behind it when there is one.
pub struct Database {
    pub pool: PgPool,
    pub cluster: Option<Cluster>,
}

impl Database {
    /// Connects to `DATABASE_URL`, or creates/starts the private cluster in the data folder.
    pub async fn open(args: &ServeArgs) -> Result<Self, StartError> {
        match &args.database_url {
            Some(url) => {
                let options = db::options_from_url(url)?;
                tracing::info!(database = %db::describe(&options), "using DATABASE_URL");
                Ok(Self {
                    pool: db::connect(options).await?,
                    cluster: None,
                })
            }
            None => {
                let mut cluster = Cluster::new(&args.data_dir, args.pg_bin_dir.as_deref())?;
                cluster = tokio::task::spawn_blocking(move || cluster.ensure_running().map(|()| cluster))
                    .await
                    .expect("the Postgres start-up task panicked")?;
                let ready = match cluster.ensure_database().await {
                    Ok(()) => db::connect(cluster.connect_options())
                        .await
                        .map_err(StartError::from),
                    Err(e) => Err(e.into()),
                };
                match ready {
                    Ok(pool) => Ok(Self {
                        pool,
                        cluster: Some(cluster),
                    }),
                    Err(e) => {
                        stop_cluster(cluster).await;
                        Err(e)
                    }
                }
            }
        }
    }

    /// Closes the pool and stops the private cluster if this process started it.
    pub async fn close(self) {
        self.pool.close().await;
        if let Some(cluster) = self.cluster {
            stop_cluster(cluster).await;
        }
    }
}

async fn stop_cluster(mut cluster: Cluster) {
    let result = tokio::task::spawn_blocking(move || cluster.stop()).await;
    match result {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::warn!(error = %e, "could not stop the private Postgres"),
        Err(e) => tracing::warn!(error = %e, "could not stop the private Postgres"),
    }
}

/// Runs the studio until SIGINT or SIGTERM, then shuts down gracefully (in-flight requests
/// finish, the pool closes, the private Postgres stops).
pub async fn serve(args: ServeArgs) -> Result<(), StartError> {
    let database = Database::open(&args).await?;
    let result = serve_with(&args, database.pool.clone()).await;
    database.close().await;
    result
}

async fn serve_with(args: &ServeArgs, pool: PgPool) -> Result<(), StartError> {
    db::migrate(&pool).await?;

    let site_root = args.site_root.to_string_lossy().into_owned();
    let bundle = args.site_root.join("pkg").join("studio.wasm");
    if !bundle.is_file() {
        tracing::warn!(
            missing = %bundle.display(),
            "the front end is not built, so pages will not be interactive: build it with \
             `scripts/run.sh` or `cargo leptos build --release`, or point --site-root at it"
        );
    }
    let leptos = LeptosOptions::builder()
        .output_name("studio")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .site_addr(args.addr)
        .env(Env::PROD)
        .build();
    let state = AppState {
        pool,
        leptos,
        max_body_bytes: args.max_body_bytes,
    };

    let listener = TcpListener::bind(args.addr)
        .await
        .map_err(|source| StartError::Bind {
            addr: args.addr,
            source,
        })?;
    let local = listener.local_addr().map_err(StartError::Serve)?;
    tracing::info!("Kafka Design Studio is running on http://{local}");

    axum::serve(listener, http::router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(StartError::Serve)?;
    tracing::info!("shutting down");
    Ok(())
}

/// Resolves on SIGINT (Ctrl+C) or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl+C");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
