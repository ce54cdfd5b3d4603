//! Change plans over real HTTP and through the CLI: `POST /api/v1/plan` between two designs,
//! `GET /api/v1/designs/{id}/plan` between two saved revisions (and through a review link),
//! `kafka-studio plan OLD NEW` exiting 1 when Kafka refuses a step.

mod common;

use std::process::Command;

use common::client::{sample_design, TestServer};
use serde_json::{json, Value};

/// The sample design, its producer keyed by customer (100 000 of them, uniform), with
/// `orders` at `partitions`.
fn with_partitions(partitions: u32) -> Value {
    let mut d = sample_design("orders platform");
    d["nodes"][0]["key"] =
        json!({"field": "customer_id", "distribution": {"kind": "uniform", "cardinality": 100_000}});
    d["nodes"][1]["partitions"] = json!(partitions);
    d
}

async fn body(r: reqwest::Response) -> (u16, Value) {
    (r.status().as_u16(), r.json().await.unwrap())
}

fn step<'a>(answer: &'a Value, kind: &str) -> &'a Value {
    answer["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} step in {answer}"))
}

#[tokio::test]
async fn a_partition_increase_moves_keys_and_says_how_to_apply_it() {
    let server = TestServer::start().await;
    let visitor = server.visitor();
    let (status, answer) = body(
        visitor
            .post_json(
                "/api/v1/plan",
                &json!({"from": with_partitions(10), "to": with_partitions(50)}),
            )
            .await,
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["refused"], false);
    let increase = step(&answer, "increase_partitions");
    assert_eq!(increase["element"], "orders");
    let share = increase["keys_moved"]["share"].as_f64().unwrap();
    assert!((share - 0.8).abs() < 0.01, "{increase}");
    let commands = increase["commands"].as_array().unwrap();
    assert!(
        commands.iter().any(|c| {
            let c = c.as_str().unwrap();
            c.contains("kafka-topics.sh") && c.contains("--alter") && c.contains("--partitions 50")
        }),
        "{increase}"
    );
    let runbook = answer["runbook_markdown"].as_str().unwrap();
    assert!(runbook.contains("--partitions 50"), "{runbook}");
    assert!(runbook.contains("```diff"), "{runbook}");

    // The same designs: nothing to do.
    let (status, same) = body(
        visitor
            .post_json(
                "/api/v1/plan",
                &json!({"from": with_partitions(10), "to": with_partitions(10)}),
            )
            .await,
    )
    .await;
    assert_eq!((status, &same["steps"]), (200, &json!([])), "{same}");
}

#[tokio::test]
async fn a_decrease_is_refused_with_its_alternative() {
    let server = TestServer::start().await;
    let (status, answer) = body(
        server
            .visitor()
            .post_json(
                "/api/v1/plan",
                &json!({"from": with_partitions(12), "to": with_partitions(6)}),
            )
            .await,
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["refused"], true);
    let decrease = step(&answer, "decrease_partitions");
    assert_eq!(decrease["risk"], "refused");
    assert!(
        decrease["alternative"].as_str().unwrap().contains("topic"),
        "{decrease}"
    );
    assert_eq!(decrease["commands"], json!([]));
}

#[tokio::test]
async fn a_broken_side_is_named_in_the_error() {
    let server = TestServer::start().await;
    let visitor = server.visitor();
    let mut broken = with_partitions(12);
    broken["nodes"][1]["partitions"] = json!(0);
    let (status, error) = body(
        visitor
            .post_json(
                "/api/v1/plan",
                &json!({"from": with_partitions(12), "to": broken}),
            )
            .await,
    )
    .await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(error["error"]["code"], "invalid");
    let problem = &error["error"]["details"][0];
    assert!(problem["field"].as_str().unwrap().starts_with("to."), "{error}");
    assert!(
        error["error"]["message"].as_str().unwrap().contains("`to`"),
        "{error}"
    );

    // A body that is not `{from, to}`: where it broke.
    for (sent, status) in [
        (json!({"from": with_partitions(12)}), 422),
        (
            json!({"from": with_partitions(12), "to": with_partitions(12), "extra": 1}),
            422,
        ),
        (json!([1, 2]), 422),
    ] {
        let (got, error) = body(visitor.post_json("/api/v1/plan", &sent).await).await;
        assert_eq!(got, status, "{sent} → {error}");
        assert!(error["error"]["message"].is_string(), "{error}");
    }
}

#[tokio::test]
async fn revisions_of_a_saved_design_are_planned_for_their_owner_and_through_a_link() {
    let server = TestServer::start().await;
    let owner = server.user("planner@example.com").await;
    let id = owner.create_design(&with_partitions(10)).await;
    // A review link made on revision 1: it shows revision 1 and every later one.
    let (_, share) = body(
        owner
            .post_json(&format!("/api/v1/designs/{id}/shares"), &json!({}))
            .await,
    )
    .await;
    let token = share["token"].as_str().unwrap().to_owned();
    let r = owner.put_design(&id, 1, &with_partitions(50)).await;
    assert_eq!(r.status(), 200);

    let (status, answer) = body(owner.get(&format!("/api/v1/designs/{id}/plan?from=1&to=2")).await).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        (answer["from_revision"].as_i64(), answer["to_revision"].as_i64()),
        (Some(1), Some(2))
    );
    assert!(
        step(&answer, "increase_partitions")["keys_moved"]["share"]
            .as_f64()
            .unwrap()
            > 0.7
    );
    assert!(answer["runbook_markdown"]
        .as_str()
        .unwrap()
        .contains("revision 1 to 2"));

    // Backwards is a decrease, refused.
    let (_, back) = body(owner.get(&format!("/api/v1/designs/{id}/plan?from=2&to=1")).await).await;
    assert_eq!(back["refused"], true, "{back}");

    // No such revision, someone else's design, a query that is not two revisions.
    assert_eq!(
        owner
            .get(&format!("/api/v1/designs/{id}/plan?from=1&to=9"))
            .await
            .status(),
        404
    );
    let stranger = server.user("stranger@example.com").await;
    assert_eq!(
        stranger
            .get(&format!("/api/v1/designs/{id}/plan?from=1&to=2"))
            .await
            .status(),
        404
    );
    assert_eq!(
        owner
            .get(&format!("/api/v1/designs/{id}/plan?from=one&to=2"))
            .await
            .status(),
        400
    );
    assert_eq!(
        server
            .visitor()
            .get(&format!("/api/v1/designs/{id}/plan?from=1&to=2"))
            .await
            .status(),
        401
    );

    // Through a review link: the same plan, read-only, gone once the link is revoked.
    let reviewer = server.visitor();
    let (status, shared) = body(
        reviewer
            .get(&format!("/api/v1/shared/{token}/plan?from=1&to=2"))
            .await,
    )
    .await;
    assert_eq!(status, 200, "{shared}");
    assert_eq!(shared["steps"], answer["steps"]);
    assert_eq!(
        reviewer
            .get(&format!("/api/v1/shared/{token}/plan?from=1&to=3"))
            .await
            .status(),
        404
    );
    // A link made later never shows what the design held before it: revision 1 is hidden.
    let (_, later) = body(
        owner
            .post_json(&format!("/api/v1/designs/{id}/shares"), &json!({}))
            .await,
    )
    .await;
    let later = later["token"].as_str().unwrap().to_owned();
    let (status, error) = body(
        reviewer
            .get(&format!("/api/v1/shared/{later}/plan?from=1&to=2"))
            .await,
    )
    .await;
    assert_eq!(status, 404, "{error}");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains("older than this review link"), "{error}");
    let (status, _) = body(
        reviewer
            .get(&format!("/api/v1/shared/{later}/plan?from=2&to=2"))
            .await,
    )
    .await;
    assert_eq!(status, 200);
    let post = reviewer
        .post_json(&format!("/api/v1/shared/{token}/plan?from=1&to=2"), &json!({}))
        .await;
    assert_eq!(post.status(), 405);
    assert_eq!(
        owner
            .delete(&format!("/api/v1/designs/{id}/shares/{token}"))
            .await
            .status(),
        204
    );
    assert_eq!(
        reviewer
            .get(&format!("/api/v1/shared/{token}/plan?from=1&to=2"))
            .await
            .status(),
        404
    );
}

#[test]
fn the_cli_prints_the_plan_and_fails_on_a_refused_step() {
    let dir = std::env::temp_dir().join(format!("plan-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, partitions: u32| {
        let path = dir.join(name);
        std::fs::write(&path, with_partitions(partitions).to_string()).unwrap();
        path
    };
    let (ten, fifty) = (write("ten.json", 10), write("fifty.json", 50));
    let run = |args: &[&std::ffi::OsStr]| {
        Command::new(env!("CARGO_BIN_EXE_kafka-studio"))
            .arg("plan")
            .args(args)
            .env_remove("DATABASE_URL")
            .output()
            .unwrap()
    };
    let out = run(&[ten.as_os_str(), fifty.as_os_str()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("$ kafka-topics.sh"), "{stdout}");
    assert!(stdout.contains("--partitions 50"), "{stdout}");

    let out = run(&[
        fifty.as_os_str(),
        ten.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["refused"], true);
    assert!(answer["runbook_markdown"].is_string());

    let out = run(&[
        ten.as_os_str(),
        fifty.as_os_str(),
        "--format".as_ref(),
        "md".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with('#'));

    let missing = dir.join("missing.json");
    let out = run(&[ten.as_os_str(), missing.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.json"));
    std::fs::remove_dir_all(&dir).unwrap();
}
