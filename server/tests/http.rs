//! The router against a real Postgres: health, errors, limits, pages and static files.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use serde_json::Value;
use server::compute::Compute;
use server::http::{router, AppState, Limits};
use tower::ServiceExt;

fn state(pool: sqlx::PgPool, site_root: &str) -> AppState {
    AppState {
        pool,
        leptos: LeptosOptions::builder()
            .output_name("studio")
            .site_root(site_root)
            .site_pkg_dir("pkg")
            .build(),
        compute: Compute::for_this_machine(std::time::Duration::from_secs(8)),
        limits: Limits {
            max_body_bytes: 1024,
            ..Limits::default()
        },
        sessions: Default::default(),
        recent: Default::default(),
        reviews: Default::default(),
    }
}

async fn send(app: axum::Router, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response = app.oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, body)
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

#[tokio::test]
async fn healthz_reports_a_reachable_database() {
    let app = router(state(common::fresh_pool().await, "target/site"));
    let (status, _, body) = send(app, get("/healthz")).await;
    assert_eq!(status, StatusCode::OK);
    let json: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["status"], "ok");
    assert_eq!(json["database"]["status"], "up");
    assert!(json["database"]["server_version"]
        .as_str()
        .unwrap()
        .starts_with(char::is_numeric));
}

#[tokio::test]
async fn healthz_is_503_when_the_database_does_not_answer() {
    let nowhere = sqlx::postgres::PgConnectOptions::new()
        .socket("/nonexistent-socket-dir")
        .database("x");
    let pool = sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(std::time::Duration::from_secs(1))
        .connect_lazy_with(nowhere);
    let (status, _, body) = send(router(state(pool, "target/site")), get("/healthz")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let json: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["status"], "unavailable");
    assert_eq!(json["database"]["status"], "down");
    assert!(json["database"]["error"].is_string());
}

#[tokio::test]
async fn unknown_api_paths_get_a_json_404() {
    let app = router(state(common::fresh_pool().await, "target/site"));
    let (status, headers, body) = send(app, get("/api/v1/no-such-thing")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    let json: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["error"]["code"], "not_found");
}

#[tokio::test]
async fn bodies_over_the_limit_get_a_json_413() {
    let app = router(state(common::fresh_pool().await, "target/site"));
    let request = Request::post("/api/v1/anything")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, "4096")
        .body(Body::from(vec![b' '; 4096]))
        .unwrap();
    let (status, headers, body) = send(app, request).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    let json: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["error"]["code"], "payload_too_large");
    assert!(json["error"]["message"].as_str().unwrap().contains("1024 bytes"));
}

#[tokio::test]
async fn the_home_page_is_server_rendered_and_loads_the_wasm_bundle() {
    let app = router(state(common::fresh_pool().await, "target/site"));
    let (status, headers, body) = send(app, get("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = String::from_utf8(body).unwrap();
    assert!(html.contains("Kafka Design Studio"), "{html}");
    assert!(html.contains("/pkg/studio.js"), "{html}");
    assert!(html.contains("/pkg/studio.wasm"), "{html}");
    assert!(html.contains(r#"data-testid="theme-toggle""#));
}

#[tokio::test]
async fn unknown_pages_are_404_html() {
    let app = router(state(common::fresh_pool().await, "target/site"));
    let (status, _, body) = send(app, get("/no/such/page")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(String::from_utf8(body).unwrap().contains("Page not found"));
}

#[tokio::test]
async fn wasm_is_served_as_application_wasm() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("pkg")).unwrap();
    // The smallest valid module: magic number and version.
    std::fs::write(site.path().join("pkg/studio.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let app = router(state(common::fresh_pool().await, site.path().to_str().unwrap()));
    let (status, headers, body) = send(app, get("/pkg/studio.wasm")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(body, b"\0asm\x01\0\0\0");
}

/// The route table and its documentation are one: every documented operation is served (a
/// request with its method to its path, parameters filled in, reaches a handler, not the API's
/// fallback nor a 405), and the documented paths are exactly the contract's templates
/// (`api::urls::ROUTES`) and `/healthz`. The router is built from the same table
/// (`server::http::routes`), so nothing is served that is not documented.
#[tokio::test]
async fn every_documented_route_is_served_and_every_route_is_documented() {
    let doc = server::http::openapi::document();
    let documented: std::collections::BTreeSet<&str> = doc.paths.paths.keys().map(String::as_str).collect();
    let contract: Vec<String> = api::urls::ROUTES
        .iter()
        .map(|route| format!("{}{route}", api::urls::PREFIX))
        .chain(["/healthz".to_owned()])
        .collect();
    assert_eq!(
        documented,
        contract.iter().map(String::as_str).collect(),
        "the documented paths are the contract's"
    );

    let app = router(state(common::fresh_pool().await, "target/site"));
    let fallback = |status: StatusCode, body: &[u8]| {
        let json: Value = serde_json::from_slice(body).unwrap_or_default();
        status == StatusCode::METHOD_NOT_ALLOWED
            || (status == StatusCode::NOT_FOUND && json["error"]["message"] == "no such API endpoint")
    };
    let (status, _, body) = send(app.clone(), get("/api/v1/no/such/route")).await;
    assert!(fallback(status, &body), "the probe tells the fallback apart");
    let mut operations = 0;
    for (path, item) in &doc.paths.paths {
        let uri = path
            .replace("{id}", "67e55044-10b1-426f-9247-bb680e5fe0c8")
            .replace("{n}", "1")
            .replace("{token}", &"t".repeat(43))
            .replace("{document}", "report.md")
            .replace("{chart}", "latency.svg")
            .replace("{file}", "strimzi.yaml");
        for (method, _) in server::http::openapi::operations(item) {
            let request = Request::builder()
                .method(method)
                .uri(&uri)
                .body(Body::empty())
                .unwrap();
            let (status, _, body) = send(app.clone(), request).await;
            assert!(
                !fallback(status, &body),
                "{method} {path} is documented but not served: {status} {}",
                String::from_utf8_lossy(&body)
            );
            operations += 1;
        }
    }
    assert!(operations >= 30, "{operations} operations");
}
