//! Hostile review threads: comment texts built to make the Markdown-lite renderer backtrack
//! or blow up, fields and targets at and past their limits, JSON nested past any sense,
//! comment ids that overflow, and more live streams on one design than it holds. Each is
//! answered within the suite's 10 s with a 2xx or a JSON 4xx, and the process stays up.

use super::*;

#[tokio::test]
async fn review_threads_stay_bounded() {
    let mut guard = shared().await;
    let studio = guard.as_mut().unwrap();
    let mut owner = Client::new(&studio.base);
    let r = owner
        .signup("hostile-reviewer@example.com", "correct horse battery")
        .await;
    assert_eq!(r.status(), 201);
    let d = design(vec![producer("p", 10.0, 100.0), topic("t")], vec![edge("p", "t")]);
    let (status, created) = post(&owner, "/api/v1/designs", &d).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let comments = format!("/api/v1/designs/{id}/comments");

    // Texts at the limit shaped against the renderer: every marker opened, none closed.
    for text in [
        "*".repeat(10_000),
        "[".repeat(10_000),
        "[a](".repeat(2_500),
        "`".repeat(10_000),
        "**_".repeat(3_333),
        "https://".repeat(1_250),
        "<".repeat(10_000),
        "- ".repeat(5_000),
    ] {
        let (status, body) = post(&owner, &comments, &json!({"text": text})).await;
        assert_eq!(status, 201, "{body:.200}");
        let html = body["comment"]["html"].as_str().unwrap();
        assert!(html.len() < 12 * 10_000 + 16, "{} bytes of HTML", html.len());
        assert!(!html.contains("<<"), "angle brackets are escaped");
    }
    alive(studio).await;

    // Past the limits: said where.
    for (payload, expected) in [
        (json!({"text": "x".repeat(10_001)}), 422),
        (
            json!({"text": "x", "target": {"node": "t", "field": "f".repeat(1_000_000)}}),
            422,
        ),
        (
            json!({"text": "x", "target": {"node": "n".repeat(1_000_000)}}),
            422,
        ),
        (json!({"text": "x", "guest_name": "g"}), 201),
        (json!({"text": "x", "reply_to": i64::MAX}), 422),
        (json!({"text": "x", "reply_to": -1}), 422),
    ] {
        let (status, body) = post(&owner, &comments, &payload).await;
        assert_eq!(status, expected, "{body:.300}");
    }
    // Nesting a parser must not recurse into.
    let deep = format!(
        "{{\"text\": \"x\", \"target\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let (status, _) = send(&owner, Method::POST, &comments, Some(deep.into_bytes())).await;
    assert!(
        matches!(status, 400 | 422),
        "{status}: refused at the first bracket, not recursed into"
    );
    // Ids that are not ids.
    for cid in ["99999999999999999999999", "0", "-1", "1e3", "%00"] {
        let (status, _) = send(&owner, Method::DELETE, &format!("{comments}/{cid}"), None).await;
        assert_eq!(status, 404, "{cid}");
    }
    // A list of everything posted above is one answer, promptly.
    let (status, _) = send(&owner, Method::GET, &comments, None).await;
    assert_eq!(status, 200);
    alive(studio).await;

    // More live streams on one design than it holds: refused, and the others keep working.
    let events = format!("/api/v1/designs/{id}/events");
    let mut streams = Vec::new();
    for _ in 0..50 {
        let r = owner.request(Method::GET, &events).send().await.unwrap();
        assert_eq!(r.status(), 200);
        streams.push(r);
    }
    let (status, body) = send(&owner, Method::GET, &events, None).await;
    assert_eq!(status, 429, "{}", String::from_utf8_lossy(&body));
    drop(streams);
    alive(studio).await;
    // Their places are given back when they close.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let r = owner.request(Method::GET, &events).send().await.unwrap();
    assert_eq!(r.status(), 200);
}
