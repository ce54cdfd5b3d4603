//! Start-up and shutdown of the web server: database, migrations, listener, signals.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

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

/// How often the private cluster is checked, and started again if it died.
const WATCH_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// The database the studio uses, and the private cluster behind it when there is one.
pub struct Database {
    pub pool: PgPool,
    pub cluster: Option<Arc<Mutex<Cluster>>>,
    watch: Option<tokio::task::JoinHandle<()>>,
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
                    watch: None,
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
                    Ok(pool) => {
                        let cluster = Arc::new(Mutex::new(cluster));
                        Ok(Self {
                            pool,
                            watch: Some(tokio::spawn(watch(cluster.clone()))),
                            cluster: Some(cluster),
                        })
                    }
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
        if let Some(watch) = self.watch {
            watch.abort();
            let _ = watch.await;
        }
        self.pool.close().await;
        if let Some(cluster) = self.cluster {
            let result =
                tokio::task::spawn_blocking(move || cluster.lock().unwrap_or_else(|p| p.into_inner()).stop())
                    .await;
            match result {
                Ok(Ok(())) => {}
                Ok(Err(e)) => tracing::warn!(error = %e, "could not stop the private Postgres"),
                Err(e) => tracing::warn!(error = %e, "could not stop the private Postgres"),
            }
        }
    }
}

/// Keeps the private cluster running: if its postmaster dies (killed, out of memory), starts
/// it again. Requests meanwhile answer 503 `database_unavailable`; the pool reconnects by
/// itself once the server is back.
async fn watch(cluster: Arc<Mutex<Cluster>>) {
    loop {
        tokio::time::sleep(WATCH_EVERY).await;
        let cluster = cluster.clone();
        let checked = tokio::task::spawn_blocking(move || {
            cluster
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .restart_if_dead()
        })
        .await;
        if let Ok(Err(e)) = checked {
            tracing::error!(error = %e, "the private Postgres could not be started again; retrying");
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
             `scripts/build.sh --front-end` (or `scripts/run.sh`), or point --site-root at it"
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
        compute: args.compute(),
        limits: args.limits(),
        sessions: Default::default(),
        recent: Default::default(),
        reviews: Default::default(),
    };

    let listener = TcpListener::bind(args.addr)
        .await
        .map_err(|source| StartError::Bind {
            addr: args.addr,
            source,
        })?;
    let local = listener.local_addr().map_err(StartError::Serve)?;
    tracing::info!("Kafka Design Studio is running on http://{local}");

    // With each connection's peer address, for the per-client limits on log-in and sign-up.
    let app = http::router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
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
