//! When the database is away: requests answer 503 with a JSON error that says so (never 500),
//! the private cluster is started again when it dies, nothing saved is lost; and the private
//! cluster's socket is open to the studio's own user only.

mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use serde_json::Value;
use server::compute::Compute;
use server::http::{router, AppState, Limits};
use tower::ServiceExt;

use common::client::{model, sample_design, Client};
use common::studio::{Studio, BIN};

/// Every route that needs the database answers 503 `database_unavailable` when it is away.
#[tokio::test]
async fn a_database_out_of_reach_is_503_on_every_route_that_needs_it() {
    let nowhere = sqlx::postgres::PgConnectOptions::new()
        .socket("/nonexistent-socket-dir")
        .database("x");
    let pool = sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(Duration::from_millis(500))
        .connect_lazy_with(nowhere);
    let app = router(AppState {
        pool,
        leptos: LeptosOptions::builder().output_name("studio").build(),
        compute: Compute::for_this_machine(Duration::from_secs(8)),
        limits: Limits::default(),
        sessions: Default::default(),
        recent: Default::default(),
        reviews: Default::default(),
    });
    let cookie = format!("studio_session={}", "a".repeat(43));
    for (method, path, body) in [
        ("GET", "/api/v1/designs", None),
        ("GET", "/api/v1/auth/session", None),
        (
            "POST",
            "/api/v1/auth/login",
            Some(r#"{"email":"ada@example.com","password":"correct horse battery"}"#),
        ),
        (
            "POST",
            "/api/v1/auth/signup",
            Some(r#"{"email":"ada@example.com","password":"correct horse battery"}"#),
        ),
        (
            "GET",
            "/api/v1/shared/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            None,
        ),
    ] {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/json")
            .body(body.map(Body::from).unwrap_or_else(Body::empty))
            .unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let retry = response.headers().get(header::RETRY_AFTER).is_some();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let json: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        assert_eq!(status, 503, "{method} {path}: {json}");
        assert_eq!(json["error"]["code"], "database_unavailable", "{method} {path}");
        assert!(retry, "{method} {path}: Retry-After");
    }
}

/// The private Postgres killed under a running studio: the studio answers 503 or waits for it,
/// never 500, starts it again within seconds, and every saved revision is still there.
#[tokio::test]
async fn a_private_postgres_that_dies_is_started_again_and_nothing_is_lost() {
    let mut studio = Studio::start(&[]).await;
    let mut ada = Client::new(&studio.base);
    assert_eq!(
        ada.signup("ada@example.com", "correct horse battery")
            .await
            .status(),
        201
    );
    let id = ada.create_design(&sample_design("kept")).await;

    let pid_file = studio.data_dir.join("postgres/postmaster.pid");
    let pid: i32 = std::fs::read_to_string(&pid_file)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), nix::sys::signal::Signal::SIGKILL).unwrap();

    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = Vec::new();
    loop {
        let r = ada
            .request(reqwest::Method::GET, &format!("/api/v1/designs/{id}"))
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .expect("an answer within 10 s");
        let status = r.status().as_u16();
        if status == 503 {
            let body: Value = r.json().await.unwrap();
            assert_eq!(body["error"]["code"], "database_unavailable");
        } else {
            assert_eq!(status, 200, "only 503 or 200 while the database comes back");
            let body: Value = r.json().await.unwrap();
            assert_eq!(model(&body["design"]), model(&sample_design("kept")));
            let alive = std::fs::read_to_string(&pid_file).unwrap();
            if alive.lines().next().unwrap().parse::<i32>().unwrap() != pid {
                break;
            }
        }
        seen.push(status);
        assert!(
            Instant::now() < deadline,
            "the database did not come back: {seen:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(studio.is_alive());
    let health = reqwest::get(format!("{}/healthz", studio.base)).await.unwrap();
    assert_eq!(health.status(), 200);
}

/// Only the studio's user can connect: the socket folder is 0700 and another local user is
/// refused at the door. Needs root (to be another user); skipped otherwise.
#[test]
fn the_private_socket_is_open_to_its_owner_only() {
    if !nix::unistd::geteuid().is_root() {
        eprintln!("not root: cannot try the socket as another user; skipped");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    // Postgres runs as `postgres` (we are root): it must be able to reach the folder.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(data.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let start = std::process::Command::new(BIN)
        .args(["postgres", "start", "--data-dir"])
        .arg(data.path())
        .output()
        .unwrap();
    assert!(
        start.status.success(),
        "{}",
        String::from_utf8_lossy(&start.stderr)
    );
    let url = String::from_utf8(start.stdout).unwrap().trim().to_owned();
    let socket_dir = data.path().join("postgres-run");
    let mode = std::fs::metadata(&socket_dir).unwrap().permissions().mode() & 0o777;
    let as_nobody = std::process::Command::new("runuser")
        .args(["-u", "nobody", "--", "psql", &url, "-c", "select 1"])
        .output()
        .unwrap();
    let as_root = std::process::Command::new("psql")
        .args([&url, "-tAc", "select 1"])
        .output()
        .unwrap();
    let _ = std::process::Command::new(BIN)
        .args(["postgres", "stop", "--data-dir"])
        .arg(data.path())
        .output();
    assert_eq!(mode, 0o700, "the socket folder is the owner's only");
    assert!(!as_nobody.status.success(), "another user connected");
    let said = String::from_utf8_lossy(&as_nobody.stderr);
    assert!(said.contains("Permission denied"), "{said}");
    assert_eq!(
        String::from_utf8_lossy(&as_root.stdout).trim(),
        "1",
        "{}",
        String::from_utf8_lossy(&as_root.stderr)
    );
}
