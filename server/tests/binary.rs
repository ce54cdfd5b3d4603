//! The `kafka-studio` binary as a user runs it: private Postgres, restart, shutdown, errors.

mod common;

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

use common::client::{model, sample_design, Client};

use common::studio::{command as studio, free_port, terminate, wait_healthy};

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
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
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
