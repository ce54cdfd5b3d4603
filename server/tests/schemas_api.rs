//! Schema evolution over real HTTP and through the CLI: `POST /api/v1/schemas/compatibility`
//! answers as a registry's verbose compatibility endpoint, each message placed in the text;
//! `kafka-studio schema-check` exits 1 when incompatible, 2 when a file is not a schema.

mod common;

use std::process::Command;

use common::client::TestServer;
use serde_json::{json, Value};

const V1: &str = include_str!("fixtures/schemas/order-v1.avsc");
const V2_EMAIL: &str = include_str!("fixtures/schemas/order-v2-email.avsc");
const V2_DEFAULT: &str = include_str!("fixtures/schemas/order-v2-email-default.avsc");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schemas");

async fn check(client: &common::client::Client, body: Value) -> (u16, Value) {
    let r = client.post_json("/api/v1/schemas/compatibility", &body).await;
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn a_field_added_without_a_default_is_placed_in_the_new_schemas_text() {
    let server = TestServer::start().await;
    let visitor = server.visitor();
    let (status, body) = check(
        &visitor,
        json!({"schema_type": "AVRO", "compatibility": "BACKWARD", "schema": V2_EMAIL, "previous": [V1]}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["is_compatible"], false);
    let messages = body["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1, "{body}");
    let m = &messages[0];
    assert_eq!(m["kind"], "READER_FIELD_MISSING_DEFAULT_VALUE");
    assert_eq!(m["location"], "/fields/1");
    assert_eq!(m["version"], 1);
    assert_eq!(m["direction"], "backward");
    assert_eq!((m["line"].as_u64(), m["column"].as_u64()), (Some(7), Some(5)));
    assert!(m["message"].as_str().unwrap().contains("email"), "{m}");

    // With the default, and with the schemas given as JSON rather than text (no line then).
    let (status, body) = check(&visitor, json!({"schema": V2_DEFAULT, "previous": [V1]})).await;
    assert_eq!(
        (status, &body),
        (200, &json!({"is_compatible": true, "messages": []}))
    );
    let as_json = |t: &str| serde_json::from_str::<Value>(t).unwrap();
    let (_, body) = check(
        &visitor,
        json!({"schema": as_json(V2_EMAIL), "previous": [as_json(V1)], "compatibility": "FULL"}),
    )
    .await;
    assert_eq!(body["is_compatible"], false);
    assert!(body["messages"][0].get("line").is_none(), "{body}");
    // NONE accepts anything; FORWARD accepts the added field (v1 ignores it).
    for level in ["NONE", "FORWARD"] {
        let (_, body) = check(
            &visitor,
            json!({"schema": V2_EMAIL, "previous": [V1], "compatibility": level}),
        )
        .await;
        assert_eq!(body["is_compatible"], true, "{level}: {body}");
    }
}

#[tokio::test]
async fn bad_requests_say_which_version_and_where() {
    let server = TestServer::start().await;
    let visitor = server.visitor();
    let broken = "{\n  \"type\": \"record\",\n  \"name\": \"A\",\n  \"fields\": [\n    {\"name\": \"id\" \"type\": \"int\"}\n  ]\n}";
    let (status, body) = check(&visitor, json!({"schema": V1, "previous": [V1, broken]})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "invalid");
    let d = &body["error"]["details"];
    assert_eq!(
        (d["version"].as_u64(), d["line"].as_u64()),
        (Some(2), Some(5)),
        "{body}"
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("version 2: line 5"),
        "{body}"
    );

    let (status, body) = check(&visitor, json!({"schema": "\"no_such_type\""})).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["details"]["version"].is_null(), "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("the new schema"),
        "{body}"
    );

    for (wrong, says) in [
        (json!({"schema": V1, "compatibility": "SIDEWAYS"}), "SIDEWAYS"),
        (json!({"schema": V1, "schema_type": "XML"}), "XML"),
        (json!({"previous": [V1]}), "schema"),
        (json!({"schema": V1, "versions": []}), "versions"),
    ] {
        let (status, body) = check(&visitor, wrong).await;
        assert!(status == 400 || status == 422, "{status} {body}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(says),
            "{says}: {body}"
        );
    }
}

fn schema_check(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kafka-studio"))
        .args(["schema-check"])
        .args(args)
        .current_dir(FIXTURES)
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn schema_check_exits_1_when_incompatible_and_places_each_problem_in_its_file() {
    let (code, out, _) = schema_check(&[
        "--type",
        "AVRO",
        "--level",
        "BACKWARD",
        "order-v2-email.avsc",
        "order-v1.avsc",
    ]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.starts_with("incompatible at BACKWARD: 1 problem(s)\n"),
        "{out}"
    );
    assert!(
        out.contains("order-v2-email.avsc:7:5: READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1 (against order-v1.avsc): "),
        "{out}"
    );
    let (code, out, _) = schema_check(&["order-v2-email-default.avsc", "order-v1.avsc"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.starts_with("compatible: "), "{out}");
    let (code, out, _) = schema_check(&[
        "--format",
        "json",
        "--level",
        "FULL_TRANSITIVE",
        "order-v2-email.avsc",
        "order-v1.avsc",
    ]);
    assert_eq!(code, Some(1));
    let answer: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(answer["is_compatible"], false);
}

#[test]
fn schema_check_exits_2_on_what_is_not_a_schema() {
    let (code, _, err) = schema_check(&["--type", "PROTOBUF", "order-v1.avsc"]);
    assert_eq!(code, Some(2));
    assert!(err.starts_with("error: order-v1.avsc: "), "{err}");
    let (code, _, err) = schema_check(&["order-v1.avsc", "missing.avsc"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("missing.avsc: cannot read it"), "{err}");
    let (code, _, err) = schema_check(&["--level", "SIDEWAYS", "order-v1.avsc"]);
    assert_eq!(code, Some(2), "clap's usage error");
    assert!(err.contains("SIDEWAYS"), "{err}");
}
