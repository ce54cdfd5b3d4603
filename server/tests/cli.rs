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

#[test]
fn size_with_a_target_prices_it_line_by_line_and_every_target_side_by_side() {
    let out = run(&["size", ORDERS, "--target", "msk-provisioned"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{stdout}");
    assert!(stdout.contains("brokers = max of:"), "the sizing first: {stdout}");
    assert!(
        stdout.contains("A month is 730 h; a GB is 2^30 bytes"),
        "{stdout}"
    );
    assert!(
        stdout.contains("target msk-provisioned (Amazon MSK provisioned"),
        "{stdout}"
    );
    assert!(
        stdout.contains("msk.kafka.") && stdout.contains("/month"),
        "{stdout}"
    );
    assert!(
        stdout.contains("every target, per month:") && stdout.contains("× 5"),
        "{stdout}"
    );
    for id in ["self-managed", "msk-provisioned", "msk-serverless", "diskless"] {
        assert!(stdout.contains(&format!("      {id} ")), "{id}: {stdout}");
    }
    assert!(stdout.contains("(design's target"), "{stdout}");
    assert!(
        stdout.contains("The cheapest target that fits: ") || stdout.contains("No target fits"),
        "{stdout}"
    );
    // The fixture has no deployment: --target adds the default one, which changes the
    // sizing too, and says so.
    assert!(
        stdout.contains("note: the design has no deployment") && stdout.contains("changes the sizing"),
        "{stdout}"
    );
    assert!(
        stdout.contains("(read + replication + tiered uploads)"),
        "{stdout}"
    );
    // Without --target and without a deployment: no cost.
    let plain = String::from_utf8_lossy(&run(&["size", ORDERS]).stdout).into_owned();
    assert!(!plain.contains("every target"), "{plain}");
    assert!(!plain.contains("no deployment"), "{plain}");
}

#[test]
fn size_with_a_target_as_json_carries_the_cost_with_finite_figures() {
    let out = run(&["size", ORDERS, "--target", "msk-serverless", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cost = &v["cost"];
    assert_eq!(cost["target"], "msk-serverless");
    let targets = cost["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 4);
    for t in targets {
        assert!(t["monthly_total"].as_f64().unwrap().is_finite());
        for l in t["lines"].as_array().unwrap() {
            assert!(l["formula"].is_string() && l["price_id"].is_string());
            assert!(l["monthly"].as_f64().is_some_and(f64::is_finite));
        }
    }
    assert_eq!(cost["growth"].as_array().unwrap().len(), 5);
    let plain: serde_json::Value =
        serde_json::from_slice(&run(&["size", ORDERS, "--format", "json"]).stdout).unwrap();
    assert!(plain.get("cost").is_none());
}

#[test]
fn size_with_an_unknown_target_exits_2_with_the_known_ones() {
    for target in ["gcp-managed", "", "a\u{1b}[31mred"] {
        let out = run(&["size", ORDERS, "--target", target]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{target:?}: {stderr}");
        assert!(stderr.contains("unknown target"), "{stderr}");
        assert!(
            stderr.contains("self-managed, msk-provisioned, msk-serverless, diskless"),
            "{stderr}"
        );
        assert!(!stderr.contains('\u{1b}'), "the target is escaped: {stderr:?}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn size_with_a_target_overrides_the_designs_own() {
    let dir = tempfile::tempdir().unwrap();
    let mut d: serde_json::Value = serde_json::from_slice(&std::fs::read(ORDERS).unwrap()).unwrap();
    d["cluster"]["deployment"] = serde_json::json!({"target": "diskless", "zones": 2,
        "prices": {"transfer.inter_az.gb": 0.5}});
    let file = dir.path().join("deployed.json");
    std::fs::write(&file, d.to_string()).unwrap();
    let own = run(&["size", file.to_str().unwrap(), "--format", "json"]);
    let own: serde_json::Value = serde_json::from_slice(&own.stdout).unwrap();
    assert_eq!(own["cost"]["target"], "diskless");
    assert_eq!(own["cost"]["cross_zone"]["zones"], 2);
    let out = run(&[
        "size",
        file.to_str().unwrap(),
        "--target",
        "self-managed",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["cost"]["target"], "self-managed");
    // The rest of the deployment stays: its zones and its override.
    assert_eq!(v["cost"]["cross_zone"]["zones"], 2);
    let overridden = v["cost"]["targets"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["lines"].as_array().unwrap())
        .any(|l| l["price_id"] == "transfer.inter_az.gb" && l["overridden"] == true);
    assert!(overridden);
}
