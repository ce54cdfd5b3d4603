//! `kafka-studio lint|size FILE` as a CI pipeline runs it.

use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_kafka-studio");
const ORDERS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/orders-platform.json");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("DATABASE_URL")
        .output()
        .unwrap()
}

#[test]
fn lint_prints_findings_with_fixes_and_fails_on_errors() {
    let out = run(&["lint", ORDERS]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.starts_with("orders platform: "), "{stdout}");
    assert!(stdout.contains("error[consumer-lag] [payments]"), "{stdout}");
    assert!(stdout.contains("fix: "), "{stdout}");
}

#[test]
fn lint_as_json_is_a_list_of_findings() {
    let out = run(&["lint", ORDERS, "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &findings.as_array().unwrap()[0];
    assert_eq!(first["severity"], "error");
    assert!(first["rule"].is_string() && first["message"].is_string() && first["fix"].is_string());
}

#[test]
fn size_shows_every_term_of_the_broker_count() {
    let out = run(&["size", ORDERS]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("brokers = max of:"), "{stdout}");
    assert!(stdout.contains("Storage"), "{stdout}");
    assert!(stdout.contains("ecommerce.orders.created"), "{stdout}");
    let json = run(&["size", ORDERS, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["sizing"]["write_bytes_per_sec"], 10_000_000.0);
}

#[test]
fn an_invalid_file_exits_2_with_the_problems() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"schema": "kafka-design/v1", "name": "", "nodes": [], "edges": []}"#,
    )
    .unwrap();
    let out = run(&["lint", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("design, name: must not be empty"));
    let missing = run(&["size", "/nonexistent/design.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read"));
}

#[test]
fn export_writes_the_spec_and_topics_as_code() {
    let md = run(&["export", ORDERS, "--format", "md"]);
    assert_eq!(md.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&md.stdout).contains("## Topology"));
    let tf = run(&["export", ORDERS, "--format", "terraform.tf"]);
    assert!(String::from_utf8_lossy(&tf.stdout).contains("partitions_count = 12"));
}
