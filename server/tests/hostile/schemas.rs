//! Hostile schemas: versions built to recurse, explode or stall a comparison.

use super::*;

/// Schema bombs at the compatibility check: nesting ten thousand deep (as JSON text and as a
/// Protobuf file), a union of a hundred thousand branches, records that refer to themselves,
/// a hundred and one versions. Each is a prompt 422 (or an answer) and the process stays up.
#[tokio::test]
async fn schema_bombs_are_refused_promptly() {
    let mut guard = shared().await;
    let studio = guard.as_mut().unwrap();
    let visitor = Client::new(&studio.base);
    let check = |body: Value| {
        let visitor = &visitor;
        async move {
            let (status, bytes) = send(
                visitor,
                Method::POST,
                "/api/v1/schemas/compatibility",
                Some(body.to_string().into_bytes()),
            )
            .await;
            (
                status,
                serde_json::from_slice::<Value>(&bytes).unwrap_or(Value::Null),
            )
        }
    };

    let deep = format!(
        "{}\"int\"{}",
        "{\"type\": \"array\", \"items\": ".repeat(10_000),
        "}".repeat(10_000)
    );
    let (status, body) = check(json!({"schema": deep, "previous": [deep]})).await;
    assert_eq!(status, 422, "{body}");

    let union: Vec<Value> = (0..5_000)
        .map(|i| json!({"type": "fixed", "name": format!("F{i}"), "size": 1}))
        .collect();
    let union = Value::Array(union).to_string();
    let (status, body) = check(json!({"schema": union, "previous": ["\"int\""]})).await;
    assert_eq!(status, 422, "{body}");

    let proto = format!(
        "syntax = \"proto3\";\n{}{}",
        "message M { ".repeat(10_000),
        "}".repeat(10_000)
    );
    let (status, body) = check(json!({"schema_type": "PROTOBUF", "schema": proto})).await;
    assert_eq!(status, 422, "{body}");

    let json_schema = format!("{}true{}", "{\"not\": ".repeat(10_000), "}".repeat(10_000));
    let (status, body) =
        check(json!({"schema_type": "JSON", "schema": json_schema, "previous": ["true"]})).await;
    assert_eq!(status, 422, "{body}");

    // A list that refers to itself, compared with itself at every level: an answer.
    let list = r#"{"type": "record", "name": "Node", "fields": [{"name": "next", "type": ["null", "Node"]}, {"name": "kids", "type": {"type": "array", "items": "Node"}}]}"#;
    let (status, body) =
        check(json!({"schema": list, "previous": [list, list], "compatibility": "FULL_TRANSITIVE"})).await;
    assert_eq!((status, &body["is_compatible"]), (200, &json!(true)), "{body}");

    // What a review found: `not` around a `$ref` to the root, recursing forever; a `$ref`
    // whose percent-escape cuts a character; a type list that loads its subtree twice per
    // level; a chain of ten thousand Protobuf messages; Avro defaults that lean on defaults.
    let not_ref = r##"{"not": {"$ref": "#"}}"##;
    let (status, body) =
        check(json!({"schema_type": "JSON", "schema": not_ref, "previous": [not_ref]})).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) =
        check(json!({"schema_type": "JSON", "schema": r##"{"$ref": "#/%aé"}"##, "previous": ["true"]})).await;
    assert_eq!(status, 422, "{body}");
    let mut twice = String::from("true");
    for _ in 0..40 {
        twice = format!(r#"{{"type": ["object", "object"], "properties": {{"a": {twice}}}}}"#);
    }
    let (status, body) = check(json!({"schema_type": "JSON", "schema": twice, "previous": [twice]})).await;
    assert_eq!(status, 200, "{body}");
    let chain: String = (0..10_000)
        .map(|i| format!("message A{i:05} {{ A{:05} f = 1; }}\n", i + 1))
        .collect();
    let chain = format!("syntax = \"proto3\";\n{chain}message A10000 {{}}\n");
    let (status, body) =
        check(json!({"schema_type": "PROTOBUF", "schema": chain, "previous": [chain]})).await;
    assert!(status == 200 || status == 422, "{status} {body}");
    let mut lean = vec![r#"{"type": "record", "name": "R0", "fields": []}"#.to_owned()];
    for k in 1..=40 {
        lean.push(format!(
            r#"{{"type": "record", "name": "R{k}", "fields": [{{"name": "a", "type": "R{}", "default": {{}}}}, {{"name": "b", "type": "R{}", "default": {{}}}}]}}"#,
            k - 1,
            k - 1
        ));
    }
    let fields: Vec<String> = lean
        .iter()
        .enumerate()
        .map(|(i, t)| format!(r#"{{"name": "f{i}", "type": {t}}}"#))
        .collect();
    let lean = format!(
        r#"{{"type": "record", "name": "Top", "fields": [{}]}}"#,
        fields.join(",")
    );
    let (status, body) = check(json!({"schema": lean, "previous": [lean]})).await;
    assert_eq!(status, 200, "{body}");

    let many: Vec<&str> = vec!["\"int\""; 101];
    let (status, body) = check(json!({"schema": "\"int\"", "previous": many})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "too_large", "{body}");

    // Still up.
    let (status, _) = send(&visitor, Method::GET, "/healthz", None).await;
    assert_eq!(status, 200);
}
