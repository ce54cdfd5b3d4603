//! The `kafka-studio` binary as a user runs it: private Postgres, restart, shutdown, errors.

mod common;

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

use common::client::{model, sample_design, Client};

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
    let base = format!("http://127.0.0.1:{port}");

    let mut first = studio(data.path(), port).spawn().unwrap();
    let health = wait_healthy(&mut first, port).await;
    assert_eq!(health["database"]["status"], "up");
    let mut ada = Client::new(&base);
    assert_eq!(
        ada.signup("ada@example.com", "correct horse battery")
            .await
            .status(),
        201
    );
    let id = ada.create_design(&sample_design("survivor")).await;

    terminate(first);
    let cluster = server::pg::Cluster::new(data.path(), None).unwrap();
    assert!(
        !cluster.is_running(),
        "stopping the studio stops the Postgres it started"
    );

    let mut second = studio(data.path(), port).spawn().unwrap();
    wait_healthy(&mut second, port).await;
    let read = ada.get(&format!("/api/v1/designs/{id}")).await;
    assert_eq!(read.status(), 200, "the session survives the restart too");
    let read: serde_json::Value = read.json().await.unwrap();
    terminate(second);
    assert_eq!(model(&read["design"]), model(&sample_design("survivor")));
}

/// Kills the studio with SIGKILL in the middle of a burst of saves from four clients, starts it
/// again and checks that every save it answered 200 to is stored, with its document, and that
/// revision numbers have no gaps.
#[tokio::test]
async fn a_sigkill_during_a_burst_of_saves_loses_no_acknowledged_revision() {
    let data = tempfile::tempdir().unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut first = studio(data.path(), port).spawn().unwrap();
    wait_healthy(&mut first, port).await;
    let mut ada = Client::new(&base);
    assert_eq!(
        ada.signup("ada@example.com", "correct horse battery")
            .await
            .status(),
        201
    );

    // Four designs, each saved in a tight loop by its own client until the server dies.
    let mut savers = Vec::new();
    for w in 0..4 {
        let id = ada.create_design(&sample_design(&format!("design {w}"))).await;
        let client = ada.clone();
        savers.push(tokio::spawn(async move {
            let mut acknowledged = vec![1i64];
            for n in 2.. {
                let doc = sample_design(&format!("design {w} save {n}"));
                let sent = client
                    .request(reqwest::Method::PUT, &format!("/api/v1/designs/{id}"))
                    .header("if-match", format!("\"{}\"", n - 1))
                    .json(&doc)
                    .send()
                    .await;
                match sent {
                    Ok(r) if r.status() == 200 => acknowledged.push(n),
                    _ => break,
                }
            }
            (id, acknowledged)
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    kill(Pid::from_raw(first.id() as i32), Signal::SIGKILL).unwrap();
    first.wait().unwrap();
    let mut results = Vec::new();
    for s in savers {
        results.push(s.await.unwrap());
    }
    let acknowledged: usize = results.iter().map(|(_, a)| a.len()).sum();
    assert!(acknowledged > 20, "the burst was a burst: {acknowledged} saves");

    let mut second = studio(data.path(), port).spawn().unwrap();
    wait_healthy(&mut second, port).await;
    for (w, (id, acked)) in results.iter().enumerate() {
        let history: serde_json::Value = ada
            .get(&format!("/api/v1/designs/{id}/revisions"))
            .await
            .json()
            .await
            .unwrap();
        let stored: Vec<i64> = history["revisions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["revision"].as_i64().unwrap())
            .collect();
        let newest = stored[0];
        assert_eq!(
            stored,
            (1..=newest).rev().collect::<Vec<_>>(),
            "no gaps in design {w}"
        );
        let last_acked = *acked.last().unwrap();
        // The save in flight at the kill may have committed without its answer arriving.
        assert!(
            newest == last_acked || newest == last_acked + 1,
            "design {w}: client saw {last_acked}, stored {newest}"
        );
        let r: serde_json::Value = ada
            .get(&format!("/api/v1/designs/{id}/revisions/{last_acked}"))
            .await
            .json()
            .await
            .unwrap();
        let expected = if last_acked == 1 {
            format!("design {w}")
        } else {
            format!("design {w} save {last_acked}")
        };
        assert_eq!(model(&r["design"]), model(&sample_design(&expected)));
    }
    terminate(second);
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
