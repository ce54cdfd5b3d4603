//! Import over real HTTP and through the CLI: `POST /api/v1/import` turns a document into a
//! design that saves as it is; a design's AsyncAPI document is served to its owner, through a
//! review link and statelessly; text that is not the format is a 422 saying where.

mod common;

use std::process::Command;

use common::client::{sample_design, TestServer};
use serde_json::{json, Value};

const STREETLIGHTS_2_6: &str =
    include_str!("../../crates/interop/tests/fixtures/asyncapi/streetlights-kafka-2.6.yml");
const OPTIMIZED: &str = include_str!("../../crates/interop/tests/fixtures/streams/repartition_optimized.txt");

async fn import(client: &common::client::Client, query: &str, text: &str) -> (u16, Value) {
    let r = client
        .request(reqwest::Method::POST, &format!("/api/v1/import{query}"))
        .header("content-type", "text/plain")
        .body(text.to_owned())
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn an_imported_design_saves_as_it_is_and_exports_back_to_asyncapi() {
    let server = TestServer::start().await;
    let ada = server.user("ada@example.com").await;

    let (status, body) = import(&ada, "", STREETLIGHTS_2_6).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["format"], "asyncapi");
    let design = &body["design"];
    assert_eq!(design["name"], "Streetlights Kafka API");
    let kinds: Vec<&str> = design["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "topic").count(), 4);
    assert!(body["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|w| w["location"].is_string() && w["message"].is_string()));

    // The answer is a design the studio saves without a change.
    let id = ada.create_design(design).await;
    let text = ada.get(&format!("/api/v1/designs/{id}/asyncapi.yaml")).await;
    assert_eq!(text.status(), 200);
    assert_eq!(text.headers()["content-type"], "application/yaml; charset=utf-8");
    assert_eq!(
        text.headers()["content-disposition"],
        "attachment; filename=\"streetlights-kafka-api.asyncapi.yaml\""
    );
    let yaml = text.text().await.unwrap();
    assert!(yaml.starts_with("asyncapi: "), "{yaml}");

    // … and the export imports back to the same topics.
    let (status, again) = import(&ada, "?format=asyncapi", &yaml).await;
    assert_eq!(status, 200, "{again}");
    let topics = |d: &Value| {
        let mut v: Vec<String> = d["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "topic")
            .map(|n| n["name"].as_str().unwrap().to_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(topics(&again["design"]), topics(design));

    // Through a review link, and statelessly.
    let share: Value = ada
        .post_json(&format!("/api/v1/designs/{id}/shares"), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    let token = share["token"].as_str().unwrap();
    let shared = server
        .visitor()
        .get(&format!("/api/v1/shared/{token}/asyncapi.yaml"))
        .await;
    assert_eq!(shared.status(), 200);
    assert_eq!(shared.text().await.unwrap(), yaml);
    let stateless = server
        .visitor()
        .post_json(
            "/api/v1/report?format=asyncapi.yaml",
            &sample_design("orders platform"),
        )
        .await;
    assert_eq!(stateless.status(), 200);
    assert!(stateless.text().await.unwrap().contains("channels:"));
}

#[tokio::test]
async fn a_streams_topology_takes_its_application_id_and_bad_text_says_where() {
    let server = TestServer::start().await;
    let visitor = server.visitor();
    let (status, body) = import(
        &visitor,
        "?format=streams-topology&application_id=orders-app",
        OPTIMIZED,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let internal: Vec<&str> = body["design"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["internal"] == true)
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert!(
        !internal.is_empty() && internal.iter().all(|n| n.starts_with("orders-app-")),
        "{internal:?}"
    );
    assert!(body["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|w| w["location"] != "application_id"));

    // Text that is not the format named: 422 with the line and column.
    let (status, body) = import(&visitor, "?format=asyncapi", "asyncapi: 3.0.0\nchannels: [\n").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "invalid");
    assert_eq!(body["error"]["details"]["format"], "asyncapi");
    assert!(body["error"]["details"]["line"].as_u64().unwrap() >= 2, "{body}");
    // Text of no format at all.
    let (status, body) = import(&visitor, "", "just some words\n").await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("format"),
        "{body}"
    );
}

#[test]
fn the_cli_imports_to_standard_output_and_warns_on_standard_error() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../crates/interop/tests/fixtures/asyncapi/adeo-kafka-request-reply-3.0.yml"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_kafka-studio"))
        .args(["import", fixture])
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let design = design::parse(&out.stdout).unwrap();
    assert!(design::validate(&design).is_empty());
    assert_eq!(design.name, "Adeo AsyncAPI Case Study");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: ") && stderr.contains("channels.costingResponseChannel"),
        "{stderr}"
    );

    // The design exports back to AsyncAPI 3.0.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("design.json");
    std::fs::write(&file, &out.stdout).unwrap();
    let export = Command::new(env!("CARGO_BIN_EXE_kafka-studio"))
        .args(["export", file.to_str().unwrap(), "--format", "asyncapi.yaml"])
        .output()
        .unwrap();
    assert_eq!(export.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&export.stdout).contains("asyncapi: "));

    // Garbage named as a format: exit 2, the reason on standard error.
    let garbage = dir.path().join("garbage.txt");
    std::fs::write(&garbage, "hello\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kafka-studio"))
        .args([
            "import",
            garbage.to_str().unwrap(),
            "--format",
            "streams-topology",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("line 1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
