//! The `kafka-studio` binary as a user runs it: private Postgres, restart, shutdown, errors.

mod common;

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

const BIN: &str = env!("CARGO_BIN_EXE_kafka-studio");

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn studio(data_dir: &Path, port: u16) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_remove("DATABASE_URL")
        .env("RUST_LOG", "info")
        .args(["--addr", &format!("127.0.0.1:{port}")])
        .arg("--data-dir")
        .arg(data_dir);
    cmd
}

/// Polls `/healthz` until it answers 200, or panics with the server's output.
async fn wait_healthy(child: &mut Child, port: u16) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(response) = reqwest::get(format!("http://127.0.0.1:{port}/healthz")).await {
            if response.status() == 200 {
                return response.json().await.unwrap();
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the studio exited early with {status}");
        }
        assert!(
            Instant::now() < deadline,
            "the studio did not become healthy in 60 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Sends SIGTERM and waits for a clean exit.
fn terminate(mut child: Child) {
    kill(Pid::from_raw(child.id() as i32), Signal::SIGTERM).unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "graceful shutdown exits 0, got {status}");
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the studio did not stop within 60 s of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn run_to_end(mut cmd: Command) -> Output {
    cmd.stdin(Stdio::null()).output().unwrap()
}

#[tokio::test]
async fn designs_survive_a_restart_with_the_private_postgres() {
    let data = tempfile::tempdir().unwrap();
    let port = free_port();

    let mut first = studio(data.path(), port).spawn().unwrap();
    let health = wait_healthy(&mut first, port).await;
    assert_eq!(health["database"]["status"], "up");

    // Write through the same cluster the studio runs.
    let cluster = server::pg::Cluster::new(data.path(), None).unwrap();
    let pool = server::db::connect(cluster.connect_options()).await.unwrap();
    let doc = serde_json::json!({"schema": "kafka-design/v1", "name": "survivor"});
    let saved = server::db::designs::create(&pool, "survivor", &doc)
        .await
        .unwrap();
    pool.close().await;

    terminate(first);
    assert!(
        !cluster.is_running(),
        "stopping the studio stops the Postgres it started"
    );

    let mut second = studio(data.path(), port).spawn().unwrap();
    wait_healthy(&mut second, port).await;
    let pool = server::db::connect(cluster.connect_options()).await.unwrap();
    let read = server::db::designs::latest(&pool, saved.id).await.unwrap();
    pool.close().await;
    terminate(second);

    let read = read.expect("the design written before the restart is still there");
    assert_eq!(read.document, doc);
}

#[test]
fn an_unreachable_database_url_fails_fast_with_one_clear_line() {
    let data = tempfile::tempdir().unwrap();
    let mut cmd = studio(data.path(), free_port());
    cmd.env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/nothing");
    let started = Instant::now();
    let output = run_to_end(cmd);
    assert!(!output.status.success());
    assert!(started.elapsed() < Duration::from_secs(30));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("error: cannot reach the database at 127.0.0.1:1/nothing"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn missing_postgres_binaries_are_explained() {
    let data = tempfile::tempdir().unwrap();
    let mut cmd = studio(data.path(), free_port());
    cmd.arg("--pg-bin-dir").arg(data.path());
    let output = run_to_end(cmd);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("apt-get install postgresql"), "{stderr}");
    assert!(stderr.contains("DATABASE_URL"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_busy_address_is_explained() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let data = tempfile::tempdir().unwrap();
    let output = run_to_end(studio(data.path(), port));
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{stderr}"
    );
    // The private Postgres it started for this run is stopped again.
    let cluster = server::pg::Cluster::new(data.path(), None).unwrap();
    assert!(!cluster.is_running());
}
