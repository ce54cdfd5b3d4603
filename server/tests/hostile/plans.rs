//! Hostile change plans: the most a plan can be asked to hash, list or render within the
//! body limit. Every key of every topic moving at once, a replication factor raised on every
//! partition of the largest cluster, a sample of pasted keys spread over the most partitions:
//! each is answered within the suite's 10 s, bounded in what it lists, and the process stays
//! up.

use super::*;

/// `POST /api/v1/plan` with `{from, to}`.
async fn plan(client: &Client, from: &Value, to: &Value) -> (u16, Value) {
    post(client, "/api/v1/plan", &json!({"from": from, "to": to})).await
}

/// `topics` topics, each written by a producer of keys from a huge Zipf distribution and read
/// by one group, all at `partitions` partitions and replication factor `rf`.
fn keyed(topics: usize, partitions: u32, rf: u32) -> Value {
    let mut nodes = vec![];
    let mut edges = vec![];
    for i in 0..topics {
        let (p, t, g) = (format!("p{i}"), format!("t{i}"), format!("g{i}"));
        let mut writer = producer(&p, 1_000.0, 500.0);
        writer["key"] = json!({"field": format!("k{i}"), "distribution": {"kind": "zipf", "cardinality": 1_000_000_000_000u64, "exponent": 1.1}});
        nodes.push(writer);
        nodes.push(
            json!({"id": t, "kind": "topic", "name": t, "partitions": partitions,
            "config": {"replication.factor": rf, "cleanup.policy": "compact"}}),
        );
        nodes.push(
            json!({"id": g, "kind": "consumer_group", "name": g, "instances": 2, "needs_ordering": true}),
        );
        edges.push(edge(&p, &t));
        edges.push(edge(&t, &g));
    }
    let mut d = design(nodes, edges);
    d["cluster"] = json!({"brokers": 1000});
    d
}

#[tokio::test]
async fn plans_at_the_limits_are_answered_promptly_and_bounded() {
    let mut guard = shared().await;
    let studio = guard.as_mut().unwrap();
    let visitor = Client::new(&studio.base);

    // Every key of sixteen hundred topics (4 800 nodes of the 5 000 allowed) moves: each topic's keys hashed within the plan's budget.
    let (status, body) = plan(&visitor, &keyed(1_600, 1, 1), &keyed(1_600, 9_973, 1)).await;
    assert_eq!(status, 200, "{body:.300}");
    let increases = body["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == "increase_partitions")
        .count();
    assert_eq!(increases, 1_600);
    alive(studio).await;

    // A replication factor raised on a thousand topics of ten thousand partitions: the
    // reassignments listed are bounded, the answer stays a few megabytes at most.
    let (status, bytes) = send(
        &visitor,
        Method::POST,
        "/api/v1/plan",
        Some(
            json!({"from": keyed(1_000, 10_000, 1), "to": keyed(1_000, 10_000, 5)})
                .to_string()
                .into_bytes(),
        ),
    )
    .await;
    assert_eq!(
        status,
        200,
        "{}",
        String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
    );
    assert!(bytes.len() < 64 << 20, "a plan of {} bytes", bytes.len());
    alive(studio).await;

    // A hundred thousand pasted keys (in each design: the body limit holds two such samples)
    // spread from one partition over ten thousand.
    let keys: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
    let with_keys = |partitions: u32| {
        let mut d = keyed(1, partitions, 3);
        d["nodes"][0]["key"] = json!({"distribution": {"kind": "sample", "keys": keys}});
        d
    };
    let (status, body) = plan(&visitor, &with_keys(1), &with_keys(10_000)).await;
    assert_eq!(status, 200, "{body:.300}");
    let share = body["steps"][0]["keys_moved"]["share"].as_f64().unwrap_or(-1.0);
    assert!(share > 0.99, "{:.300}", body["steps"][0]);
    alive(studio).await;

    // Settings no cluster takes, and bodies that are not two designs: 4xx, saying where.
    let mut odd = keyed(1, 12, 3);
    odd["nodes"][1]["config"] =
        json!({"min.insync.replicas": 1e300, "retention.ms": "-7", "cleanup.policy": ["x"]});
    let (status, body) = plan(&visitor, &keyed(1, 12, 3), &odd).await;
    assert!(status == 200 || status == 422, "{status} {body:.300}");
    for sent in [
        json!(null),
        json!({"from": 1, "to": 2}),
        json!({"from": {}, "to": {}}),
    ] {
        let (status, body) = post(&visitor, "/api/v1/plan", &sent).await;
        assert!((400..500).contains(&status), "{sent} → {status}");
        assert!(body["error"]["message"].is_string(), "{body}");
    }
    // Unknown fields are kept as JSON values: nesting there reaches serde's recursion limit.
    let deep = format!(
        "{{\"from\": {{\"x\": {}1{}}}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let (status, bytes) = send(&visitor, Method::POST, "/api/v1/plan", Some(deep.into_bytes())).await;
    let body: Value = serde_json::from_slice(&bytes).unwrap();
    assert!(status == 400 || status == 422, "{status} {body}");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("recursion"),
        "{body}"
    );
    alive(studio).await;
}
