//! Hostile imports: documents that expand, recurse or loop.

use super::*;

/// `POST /import` with text: the suite's rule, and the status and JSON body.
async fn import(client: &Client, query: &str, text: impl Into<Vec<u8>>) -> (u16, Value) {
    let (status, bytes) = send(
        client,
        Method::POST,
        &format!("/api/v1/import{query}"),
        Some(text.into()),
    )
    .await;
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

/// Every way an import could be made to expand, recurse or loop: YAML aliases that expand
/// exponentially, nesting ten thousand deep, `$ref`s that double at every level or refer to
/// each other, text that is not UTF-8, 4 MiB of one table row after another. Each is answered
/// promptly with a 4xx naming the limit (or a 200 that says what it left out), and the process
/// stays up.
#[tokio::test]
async fn imports_that_expand_recurse_or_loop_are_bounded() {
    let mut guard = shared().await;
    let studio = guard.as_mut().unwrap();
    let visitor = Client::new(&studio.base);

    // A billion laughs in YAML.
    let mut bomb = String::from("asyncapi: 3.0.0\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let (status, body) = import(&visitor, "", bomb).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "invalid");

    // Flow nesting ten thousand deep, and block nesting two hundred deep.
    let deep = format!(
        "asyncapi: 3.0.0\nx: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let (status, body) = import(&visitor, "?format=asyncapi", deep).await;
    assert_eq!(status, 422, "{body}");
    // Refused by the YAML parser before any value is built, saying why.
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("deep nesting"),
        "{body}"
    );
    let block: String = (0..200).map(|i| format!("{}k{i}:\n", "  ".repeat(i))).collect();
    let (status, _) = import(&visitor, "?format=asyncapi", format!("asyncapi: 3.0.0\n{block}")).await;
    assert_eq!(status, 422);

    // A payload schema whose `$ref`s double at every level (2^40 values written out), and
    // channels that refer to each other: imported, with what was cut said.
    let mut schemas = String::from("    s0: {type: string}\n");
    for i in 1..40 {
        schemas.push_str(&format!("    s{i}: {{properties: {{a: {{$ref: '#/components/schemas/s{p}'}}, b: {{$ref: '#/components/schemas/s{p}'}}}}}}\n", p = i - 1));
    }
    let doc = format!(
        "asyncapi: 3.0.0\ninfo: {{title: t, version: '1'}}\nchannels:\n  a: {{$ref: '#/channels/b'}}\n  b: {{$ref: '#/channels/a'}}\n  c:\n    address: orders\n    messages:\n      m: {{payload: {{$ref: '#/components/schemas/s39'}}}}\ncomponents:\n  schemas:\n{schemas}"
    );
    let (status, body) = import(&visitor, "", doc).await;
    assert_eq!(status, 200, "{body}");
    let said: Vec<&str> = body["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["message"].as_str())
        .collect();
    assert!(said.iter().any(|m| m.contains("loop")), "{said:?}");
    assert!(said.iter().any(|m| m.contains("too large")), "{said:?}");

    // Not UTF-8: where the first bad byte is.
    let (status, body) = import(
        &visitor,
        "?format=strimzi",
        b"kind: KafkaTopic\nmetadata: \xff\n".to_vec(),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        (
            body["error"]["details"]["line"].as_u64(),
            body["error"]["details"]["column"].as_u64()
        ),
        (Some(2), Some(11))
    );

    // An unknown format, a hostile application id.
    let (status, _) = import(&visitor, "?format=excel", "x").await;
    assert_eq!(status, 400);
    let (status, body) = import(
        &visitor,
        "?application_id=a%0Ab",
        "Topologies:\n Sub-topology: 0\n",
    )
    .await;
    assert_eq!(status, 422, "{body}");

    // Four mebibytes of describe output, one topic a line: the design fills up, the rest is said.
    let mut rows = String::new();
    let mut i = 0;
    while rows.len() < 4 * 1024 * 1024 - 200 {
        rows.push_str(&format!(
            "Topic: t{i}\tPartitionCount: 3\tReplicationFactor: 3\tConfigs: cleanup.policy=compact\n"
        ));
        i += 1;
    }
    let (status, body) = import(&visitor, "", rows).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["design"]["nodes"].as_array().unwrap().len(), 5_000);
    assert!(body["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["message"].as_str().unwrap().contains("full")));
    alive(studio).await;
}
