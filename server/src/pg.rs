//! A private Postgres cluster in a data folder, run from the machine's own Postgres binaries.
//!
//! Used when no `DATABASE_URL` is given: the studio then keeps its designs in
//! `<data dir>/postgres` and talks to that server over a Unix socket in a folder of its own, so
//! it never clashes with a system Postgres (no TCP port is opened at all). The cluster persists
//! across restarts; [`Cluster::stop`] shuts it down when the studio does.
//!
//! Postgres refuses to run as root. When the studio runs as root it runs `initdb` and `pg_ctl`
//! as the `postgres` system user (created by Debian's `postgresql` package) and gives that user
//! the cluster's folders.
//!
//! Only the studio's own user can connect: the cluster trusts local connections, so the socket
//! is what is guarded. Its folder and the socket itself are `0700`, owned by the user Postgres
//! runs as (root, who runs the studio in that case, passes any permission; nobody else does).
//! The folder is `<data dir>/postgres-run`, or, when that path is too long for a socket, a new
//! folder with a random name in the temporary folder, made afresh at every start (never a
//! predictable name another user could create first); a running server's folder is read back
//! from its `postmaster.pid`.
//!
//! Not here: connection pooling and migrations (see [`crate::db`]).
//!
//! Over 500 lines on purpose: creating, starting, recovering and stopping the cluster share one
//! folder layout and one set of failure cases (a stale pid, a port taken, a crashed server), and
//! are easier to check against each other in one place.

use std::ffi::OsStr;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sqlx::postgres::PgConnectOptions;

/// The database and role the studio uses inside its private cluster.
pub const DB_NAME: &str = "studio";
const DB_USER: &str = "studio";
/// Port number of the private server. With TCP off it only names the socket file.
const PORT: u16 = 5432;
/// Longest socket folder path that leaves room for `/.s.PGSQL.5432` in `sun_path` (108 bytes).
const MAX_SOCKET_DIR_LEN: usize = 90;

#[derive(Debug, thiserror::Error)]
pub enum PgError {
    #[error(
        "Postgres server binaries (initdb, pg_ctl) were not found on PATH or in /usr/lib/postgresql/*/bin: \
         install them (Debian/Ubuntu: `apt-get install postgresql`), pass --pg-bin-dir, \
         or set DATABASE_URL to use an existing server"
    )]
    BinariesNotFound,
    #[error(
        "the studio runs as root, which Postgres refuses, and there is no `postgres` system user to \
         run it as: install Debian's `postgresql` package, run as another user, or set DATABASE_URL"
    )]
    NoUnprivilegedUser,
    #[error(
        "Postgres runs as the `postgres` user, which cannot enter {0} (it is not searchable by \
         others): choose a --data-dir it can reach (e.g. /var/lib/kafka-studio), or set DATABASE_URL"
    )]
    Unreachable(PathBuf),
    #[error("{action} failed: {detail}")]
    Command { action: String, detail: String },
    #[error("could not prepare the data folder {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The user Postgres runs as: this process's own user, or `postgres` when we are root.
#[derive(Clone, Debug)]
struct RunAs {
    uid: u32,
    gid: u32,
}

/// A private Postgres cluster: where it lives and how to reach it.
#[derive(Debug)]
pub struct Cluster {
    pgdata: PathBuf,
    /// The socket's folder inside the data folder, when its path is short enough.
    own_socket_dir: Option<PathBuf>,
    /// The socket's folder in use: the one above, or the random one made at start, or the one
    /// a server started by another process wrote in `postmaster.pid`.
    socket_dir: PathBuf,
    log_file: PathBuf,
    bin_dir: PathBuf,
    run_as: Option<RunAs>,
    /// Whether this process started the server (and so should stop it).
    started_here: bool,
}

impl Cluster {
    /// Describes the cluster kept under `data_dir` without touching anything.
    pub fn new(data_dir: &Path, bin_dir: Option<&Path>) -> Result<Self, PgError> {
        let data_dir = absolute(data_dir)?;
        let bin_dir = match bin_dir {
            Some(dir) if dir.join("initdb").is_file() => dir.to_path_buf(),
            Some(_) => return Err(PgError::BinariesNotFound),
            None => find_bin_dir().ok_or(PgError::BinariesNotFound)?,
        };
        let run_as = if nix::unistd::geteuid().is_root() {
            let user = nix::unistd::User::from_name("postgres")
                .ok()
                .flatten()
                .ok_or(PgError::NoUnprivilegedUser)?;
            Some(RunAs {
                uid: user.uid.as_raw(),
                gid: user.gid.as_raw(),
            })
        } else {
            None
        };
        let run_dir = data_dir.join("postgres-run");
        let own_socket_dir = (run_dir.as_os_str().len() <= MAX_SOCKET_DIR_LEN).then(|| run_dir.clone());
        let pgdata = data_dir.join("postgres");
        // Until a server is started, the running one's folder (if any), or our own.
        let socket_dir = running_socket_dir(&pgdata)
            .or_else(|| own_socket_dir.clone())
            .unwrap_or_else(|| std::env::temp_dir().join("kafka-studio-not-started"));
        Ok(Self {
            pgdata,
            log_file: run_dir.join("postgres.log"),
            own_socket_dir,
            socket_dir,
            bin_dir,
            run_as,
            started_here: false,
        })
    }

    /// The server's data folder (`PGDATA`).
    pub fn pgdata(&self) -> &Path {
        &self.pgdata
    }

    /// Where Postgres writes its log.
    pub fn log_file(&self) -> &Path {
        &self.log_file
    }

    /// Creates the cluster if it does not exist and starts it if it is not running. Blocking: call
    /// it from `spawn_blocking`, then [`Cluster::ensure_database`].
    pub fn ensure_running(&mut self) -> Result<(), PgError> {
        self.prepare_folders()?;
        self.check_reachable()?;
        if !self.pgdata.join("PG_VERSION").is_file() {
            tracing::info!(pgdata = %self.pgdata.display(), "creating a private Postgres cluster");
            let pgdata = self.pgdata.clone();
            self.run(
                "initdb",
                &[
                    OsStr::new("-D"),
                    pgdata.as_os_str(),
                    OsStr::new("-U"),
                    OsStr::new(DB_USER),
                    OsStr::new("--auth=trust"),
                    OsStr::new("--encoding=UTF8"),
                    OsStr::new("--no-instructions"),
                ],
            )?;
        }
        if self.is_running() {
            tracing::info!(pgdata = %self.pgdata.display(), "private Postgres already running; reusing it");
        } else {
            self.start()?;
            self.started_here = true;
        }
        Ok(())
    }

    /// Stops the server if this process started it. Blocking.
    pub fn stop(&mut self) -> Result<(), PgError> {
        if !self.started_here {
            return Ok(());
        }
        self.stop_now()?;
        self.started_here = false;
        Ok(())
    }

    /// Stops the server whoever started it (used by `kafka-studio postgres stop`). Blocking.
    pub fn stop_now(&self) -> Result<(), PgError> {
        if !self.is_running() {
            return Ok(());
        }
        tracing::info!(pgdata = %self.pgdata.display(), "stopping the private Postgres");
        let pgdata = self.pgdata.clone();
        self.run(
            "pg_ctl",
            &[
                OsStr::new("stop"),
                OsStr::new("-D"),
                pgdata.as_os_str(),
                OsStr::new("-m"),
                OsStr::new("fast"),
                OsStr::new("-w"),
            ],
        )
        .map(drop)
    }

    /// Whether a server is running on this cluster's data folder.
    pub fn is_running(&self) -> bool {
        self.pgdata.join("postmaster.pid").is_file()
            && self
                .run(
                    "pg_ctl",
                    &[OsStr::new("status"), OsStr::new("-D"), self.pgdata.as_os_str()],
                )
                .is_ok()
    }

    /// Connection options for the studio's database over the private socket.
    pub fn connect_options(&self) -> PgConnectOptions {
        PgConnectOptions::new()
            .socket(&self.socket_dir)
            .port(PORT)
            .username(DB_USER)
            .database(DB_NAME)
    }

    /// The same as a `postgres://` URL, for tools and other processes.
    pub fn url(&self) -> String {
        format!(
            "postgres://{DB_USER}@localhost:{PORT}/{DB_NAME}?host={}",
            percent_encode(&self.socket_dir.to_string_lossy())
        )
    }

    fn start(&mut self) -> Result<(), PgError> {
        self.socket_dir = match &self.own_socket_dir {
            Some(dir) => dir.clone(),
            // A deep data folder would overflow the socket path: a fresh folder with a random
            // name in the temporary folder, created here (so nobody else made it first).
            None => {
                let dir = std::env::temp_dir().join(format!("kafka-studio-{:016x}", rand::random::<u64>()));
                create_private_dir(&dir)?;
                dir
            }
        };
        self.guard_socket_dir()?;
        tracing::info!(pgdata = %self.pgdata.display(), socket = %self.socket_dir.display(), "starting the private Postgres");
        let socket = self.socket_dir.to_string_lossy();
        if socket.contains('\'') || socket.contains('\\') {
            return Err(PgError::Command {
                action: "starting Postgres".into(),
                detail: format!(
                    "the socket folder {socket} contains a quote or backslash; choose another --data-dir"
                ),
            });
        }
        // pg_ctl hands -o to a shell: single quotes keep the folder one word.
        let options = format!(
            "-c listen_addresses='' -c port={PORT} -c unix_socket_directories='{socket}' -c unix_socket_permissions=0700"
        );
        let pgdata = self.pgdata.clone();
        let log = self.log_file.clone();
        self.run(
            "pg_ctl",
            &[
                OsStr::new("start"),
                OsStr::new("-D"),
                pgdata.as_os_str(),
                OsStr::new("-l"),
                log.as_os_str(),
                OsStr::new("-w"),
                OsStr::new("-t"),
                OsStr::new("60"),
                OsStr::new("-o"),
                OsStr::new(&options),
            ],
        )
        .map(drop)
        .map_err(|e| match e {
            PgError::Command { action, detail } => PgError::Command {
                action,
                detail: format!("{detail} (see {})", self.log_file.display()),
            },
            other => other,
        })
    }

    /// Creates the studio's database in the running cluster if it is not there yet.
    pub async fn ensure_database(&self) -> Result<(), PgError> {
        use sqlx::{Connection, Executor};
        let failed = |e: sqlx::Error| PgError::Command {
            action: "creating the studio database".into(),
            detail: e.to_string(),
        };
        let mut conn = sqlx::PgConnection::connect_with(&self.connect_options().database("postgres"))
            .await
            .map_err(failed)?;
        let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(DB_NAME)
            .fetch_one(&mut conn)
            .await
            .map_err(failed)?;
        if !exists {
            conn.execute(format!("CREATE DATABASE {DB_NAME}").as_str())
                .await
                .map_err(failed)?;
        }
        conn.close().await.map_err(failed)
    }

    /// When Postgres runs as another user, every folder above the cluster must let it pass.
    fn check_reachable(&self) -> Result<(), PgError> {
        use std::os::unix::fs::MetadataExt;
        let Some(user) = &self.run_as else { return Ok(()) };
        for dir in self.pgdata.ancestors().skip(1) {
            let Ok(meta) = std::fs::metadata(dir) else {
                continue;
            };
            let mode = meta.mode();
            let passable = if meta.uid() == user.uid {
                mode & 0o100 != 0
            } else if meta.gid() == user.gid {
                mode & 0o010 != 0
            } else {
                mode & 0o001 != 0
            };
            if !passable {
                return Err(PgError::Unreachable(dir.to_path_buf()));
            }
        }
        Ok(())
    }

    /// The socket's folder: owned by the user Postgres runs as, and open to that user only.
    fn guard_socket_dir(&self) -> Result<(), PgError> {
        use std::os::unix::fs::PermissionsExt;
        let io = |source| PgError::Io {
            path: self.socket_dir.clone(),
            source,
        };
        std::fs::create_dir_all(&self.socket_dir).map_err(io)?;
        if let Some(user) = &self.run_as {
            std::os::unix::fs::chown(&self.socket_dir, Some(user.uid), Some(user.gid)).map_err(io)?;
        }
        std::fs::set_permissions(&self.socket_dir, std::fs::Permissions::from_mode(0o700)).map_err(io)
    }

    /// Whether the postmaster of this cluster is alive (its pid file names a live process). A
    /// cheap check for the watch that restarts a cluster that died.
    pub fn is_alive(&self) -> bool {
        let Ok(text) = std::fs::read_to_string(self.pgdata.join("postmaster.pid")) else {
            return false;
        };
        text.lines()
            .next()
            .and_then(|pid| pid.trim().parse::<i32>().ok())
            .is_some_and(|pid| nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None).is_ok())
    }

    /// Starts the cluster again when it has died (blocking). Says whether it had to.
    pub fn restart_if_dead(&mut self) -> Result<bool, PgError> {
        if self.is_alive() {
            return Ok(false);
        }
        tracing::warn!(pgdata = %self.pgdata.display(), "the private Postgres is not running; starting it again");
        self.start()?;
        self.started_here = true;
        tracing::info!("the private Postgres is running again");
        Ok(true)
    }

    fn prepare_folders(&self) -> Result<(), PgError> {
        std::fs::create_dir_all(self.pgdata.parent().unwrap_or(&self.pgdata)).map_err(|source| {
            PgError::Io {
                path: self.pgdata.clone(),
                source,
            }
        })?;
        let run_dir = self.log_file.parent().unwrap_or(&self.pgdata);
        for dir in [&self.pgdata, &run_dir.to_path_buf()] {
            std::fs::create_dir_all(dir).map_err(|source| PgError::Io {
                path: dir.clone(),
                source,
            })?;
            if let Some(user) = &self.run_as {
                std::os::unix::fs::chown(dir, Some(user.uid), Some(user.gid)).map_err(|source| {
                    PgError::Io {
                        path: dir.clone(),
                        source,
                    }
                })?;
            }
        }
        // initdb insists on an owner-only data folder.
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&self.pgdata, std::fs::Permissions::from_mode(0o700)).map_err(|source| {
            PgError::Io {
                path: self.pgdata.clone(),
                source,
            }
        })
    }

    /// Runs one of the Postgres programs as the cluster's user; an error carries its stderr.
    fn run(&self, program: &str, args: &[&OsStr]) -> Result<Output, PgError> {
        let mut cmd = Command::new(self.bin_dir.join(program));
        cmd.args(args)
            .current_dir(self.pgdata.parent().unwrap_or(Path::new("/")))
            .env("LC_ALL", "C.UTF-8")
            .stdin(std::process::Stdio::null());
        if let Some(user) = &self.run_as {
            cmd.uid(user.uid).gid(user.gid).env("HOME", &self.pgdata);
        }
        let output = cmd.output().map_err(|e| PgError::Command {
            action: program.to_string(),
            detail: e.to_string(),
        })?;
        if output.status.success() {
            Ok(output)
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let stdout = String::from_utf8_lossy(&output.stdout);
            let detail = [stderr.trim(), stdout.trim()]
                .into_iter()
                .find(|s| !s.is_empty())
                .unwrap_or("no output")
                .lines()
                .last()
                .unwrap_or_default()
                .to_string();
            Err(PgError::Command {
                action: program.to_string(),
                detail: format!("{detail} ({})", output.status),
            })
        }
    }
}

/// The folder with `initdb` and `pg_ctl`: on PATH, or Debian's newest `/usr/lib/postgresql/N/bin`.
pub fn find_bin_dir() -> Option<PathBuf> {
    // A PATH entry may be a symlink to the real installation: follow it to the folder that holds
    // all of the server's programs.
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .filter_map(|dir| std::fs::canonicalize(dir.join("initdb")).ok())
            .find_map(|initdb| {
                let dir = initdb.parent()?.to_path_buf();
                dir.join("pg_ctl").is_file().then_some(dir)
            })
    });
    on_path.or_else(|| {
        let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|entry| {
                let entry = entry.ok()?;
                let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
                let bin = entry.path().join("bin");
                bin.join("initdb").is_file().then_some((version, bin))
            })
            .collect();
        versions.sort();
        versions.pop().map(|(_, bin)| bin)
    })
}

fn absolute(path: &Path) -> Result<PathBuf, PgError> {
    std::path::absolute(path).map_err(|source| PgError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The socket folder a running server of `pgdata` listens in: line 5 of `postmaster.pid`.
fn running_socket_dir(pgdata: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(pgdata.join("postmaster.pid")).ok()?;
    let dir = text.lines().nth(4)?.trim();
    (!dir.is_empty()).then(|| PathBuf::from(dir))
}

/// Creates `dir` (which must not exist: a folder someone else made first is refused) open to
/// this user only.
fn create_private_dir(dir: &Path) -> Result<(), PgError> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(dir)
        .map_err(|source| PgError::Io {
            path: dir.to_path_buf(),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encodes_the_socket_folder() {
        assert_eq!(percent_encode("/tmp/a b"), "/tmp/a%20b");
        assert_eq!(percent_encode("/x/y-z_1.2"), "/x/y-z_1.2");
    }

    #[test]
    fn a_deep_data_folder_gets_a_fresh_random_socket_folder_at_each_start() {
        let Some(bin) = find_bin_dir() else { return };
        let deep = PathBuf::from("/tmp").join("d".repeat(120));
        let cluster = Cluster::new(&deep, Some(&bin)).unwrap();
        assert!(cluster.own_socket_dir.is_none());
        let dir = std::env::temp_dir().join(format!("kafka-studio-test-{:016x}", rand::random::<u64>()));
        create_private_dir(&dir).unwrap();
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
        // A folder that is already there (someone made it first) is refused.
        assert!(create_private_dir(&dir).is_err());
        std::fs::remove_dir(&dir).unwrap();
    }

    #[test]
    fn a_folder_postgres_cannot_enter_is_explained() {
        use std::os::unix::fs::PermissionsExt;
        if !nix::unistd::geteuid().is_root() {
            return; // only root hands the cluster to another user
        }
        let Some(bin) = find_bin_dir() else { return };
        let private = tempfile::tempdir().unwrap();
        std::fs::set_permissions(private.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
        let mut cluster = Cluster::new(&private.path().join("data"), Some(&bin)).unwrap();
        let err = cluster.ensure_running().unwrap_err();
        assert!(matches!(err, PgError::Unreachable(_)), "{err}");
        assert!(err.to_string().contains("--data-dir"));
    }

    #[test]
    fn a_bin_dir_without_initdb_is_refused() {
        let err = Cluster::new(Path::new("/tmp/x"), Some(Path::new("/nonexistent"))).unwrap_err();
        assert!(matches!(err, PgError::BinariesNotFound));
        assert!(err.to_string().contains("apt-get install postgresql"));
    }
}
