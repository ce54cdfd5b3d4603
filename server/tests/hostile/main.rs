//! The hostile-request suite: the smallest form of each way a visitor (or a user who types one
//! zero too many) could crash, stall or bloat the studio, sent to the real binary (the release
//! build under `scripts/test.sh`) with its private Postgres. Every request must be answered
//! within 10 s with a 2xx or 4xx, the process must stay up, and `/healthz` must answer in under
//! a second while heavy requests run.
//!
//! One suite on purpose: the guide asks every new parser and endpoint to add cases to it, and
//! its cases share one server and one budget. This file holds the shared server, the suite's
//! rule ([`send`]) and the general cases; one module per parser or endpoint family holds the
//! rest (`imports`, `schemas`, `plans`).

#[path = "../common/mod.rs"]
mod common;
mod cost;
mod imports;
mod plans;
mod reviews;
mod schemas;

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{json, Value};
use tokio::sync::Mutex;

use common::client::Client;
use common::studio::Studio;

/// One studio for the tests of this file that do not need flags of their own; they take turns
/// (the suite measures answers, so they should not compete with each other).
async fn shared() -> tokio::sync::MutexGuard<'static, Option<Studio>> {
    static STUDIO: Mutex<Option<Studio>> = Mutex::const_new(None);
    let mut guard = STUDIO.lock().await;
    if guard.is_none() {
        let studio = Studio::start(&[]).await;
        common::studio::stop_at_exit(studio.child.id());
        *guard = Some(studio);
    }
    guard
}

const ANSWER_WITHIN: Duration = Duration::from_secs(10);

/// Sends a request and checks the suite's rule: an answer within 10 s, 2xx or 4xx, and JSON
/// errors under `/api`. Returns the status and the body.
async fn send(client: &Client, method: Method, path: &str, body: Option<Vec<u8>>) -> (u16, Vec<u8>) {
    let mut request = client.request(method.clone(), path).timeout(ANSWER_WITHIN);
    if let Some(body) = body {
        request = request.header("content-type", "application/json").body(body);
    }
    let started = Instant::now();
    let response = request
        .send()
        .await
        .unwrap_or_else(|e| panic!("{method} {path}: no answer within {ANSWER_WITHIN:?}: {e}"));
    let status = response.status().as_u16();
    let is_json = response
        .headers()
        .get("content-type")
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let bytes = response.bytes().await.unwrap().to_vec();
    assert!(
        started.elapsed() < ANSWER_WITHIN,
        "{method} {path} took {:?}",
        started.elapsed()
    );
    assert!(
        (200..500).contains(&status),
        "{method} {path}: {status} {}",
        String::from_utf8_lossy(&bytes[..bytes.len().min(500)])
    );
    if status >= 400 {
        assert!(is_json, "{method} {path}: a {status} that is not JSON");
    }
    (status, bytes)
}

async fn post(client: &Client, path: &str, body: &Value) -> (u16, Value) {
    let (status, bytes) = send(
        client,
        Method::POST,
        path,
        Some(serde_json::to_vec(body).unwrap()),
    )
    .await;
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

async fn alive(studio: &mut Studio) {
    assert!(studio.is_alive(), "the studio process died");
    let r = reqwest::get(format!("{}/healthz", studio.base)).await.unwrap();
    assert_eq!(r.status(), 200, "healthz after the hostile request");
}

fn design(nodes: Vec<Value>, edges: Vec<Value>) -> Value {
    json!({"schema": "kafka-design/v1", "name": "hostile", "nodes": nodes, "edges": edges})
}

fn producer(id: &str, rate: f64, bytes: f64) -> Value {
    json!({"id": id, "kind": "producer", "name": id, "messages_per_sec": rate, "avg_message_bytes": bytes})
}

fn topic(id: &str) -> Value {
    json!({"id": id, "kind": "topic", "name": id})
}

fn edge(from: &str, to: &str) -> Value {
    json!({"from": from, "to": to})
}

/// The 272-byte request that killed the process: numbers that drive the broker count and a
/// topic's advised partitions towards `u32::MAX`. Now capped, with findings; its documents too.
#[tokio::test]
async fn absurd_numbers_are_capped_not_allocated() {
    let mut guard = shared().await;
    let studio = guard.as_mut().unwrap();
    let visitor = Client::new(&studio.base);
    let huge = design(
        vec![
            producer("p", 1e9, 1e9),
            topic("t"),
            json!({"id": "g", "kind": "consumer_group", "name": "g", "instances": 10000}),
        ],
        vec![edge("p", "t"), edge("t", "g")],
    );
    let (status, body) = post(&visitor, "/api/v1/analyze", &huge).await;
    assert_eq!(status, 200);
    assert_eq!(body["sizing"]["brokers"], 1000);
    assert_eq!(body["sizing"]["brokers_capped"], true);
    assert_eq!(body["topics"][0]["recommended_partitions"], 10_000);
    let rules: Vec<&str> = body["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(
        rules.contains(&"brokers-beyond-limit") && rules.contains(&"partitions-beyond-limit"),
        "{rules:?}"
    );
    for format in ["md", "pdf", "zip", "strimzi.yaml"] {
        let (status, _) = post(&visitor, &format!("/api/v1/report?format={format}"), &huge).await;
        assert_eq!(status, 200, "{format}");
    }
    // The original form: a network target of 1e-300 is refused, naming the field and its range.
    let mut tiny = design(vec![topic("t")], vec![]);
    tiny["cluster"] = json!({"target_network_utilisation": 1e-300});
    let (status, body) = post(&visitor, "/api/v1/analyze", &tiny).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["details"][0]["field"], "target_network_utilisation");
    alive(studio).await;
}

/// Chains of output ratios overflow to infinity without a guard: 422 naming the processor.
#[tokio::test]
async fn a_chain_of_output_ratios_is_refused_where_it_overflows() {
    let mut guard = shared().await;
    let studio = guard.as_mut().unwrap();
    let mut nodes = vec![producer("p", 1e9, 1e9)];
    let mut edges = vec![edge("p", "t0")];
    for i in 0..60 {
        nodes.push(topic(&format!("t{i}")));
        nodes.push(json!({"id": format!("s{i}"), "kind": "stream_processor", "name": format!("s{i}"), "output_ratio": 1e6}));
        edges.push(edge(&format!("t{i}"), &format!("s{i}")));
        edges.push(edge(&format!("s{i}"), &format!("t{}", i + 1)));
    }
    nodes.push(topic("t60"));
    let (status, body) = post(
        &Client::new(&studio.base),
        "/api/v1/analyze",
        &design(nodes, edges),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["details"][0]["field"], "output_ratio");
    alive(studio).await;
}

/// Pasted keys built to collide under murmur2, as many as the body allows: merged by a sort,
/// not pairwise.
#[tokio::test]
async fn colliding_pasted_keys_are_answered_promptly() {
    let mut guard = shared().await;
    let studio = guard.as_mut().unwrap();
    let keys = analysis::partitioner::colliding_keys(200_000);
    let (status, body) = post(
        &Client::new(&studio.base),
        "/api/v1/hotspot",
        &json!({"partitions": 12, "keys": keys}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        body["hot_partitions"].as_array().unwrap().len(),
        1,
        "they all land on one partition"
    );
    alive(studio).await;
}

/// One producer with many pasted keys feeding thousands of topics of different sizes: the keys
/// are merged once and placed within the budget (the answer says where it approximated).
#[tokio::test]
async fn one_key_sample_feeding_many_topics_stays_within_the_budget() {
    let mut guard = shared().await;
    let studio = guard.as_mut().unwrap();
    let keys: Vec<String> = (0..150_000).map(|i| format!("k{i}")).collect();
    let mut nodes = vec![
        json!({"id": "p", "kind": "producer", "name": "p", "messages_per_sec": 1000,
        "key": {"field": "f".repeat(200), "distribution": {"kind": "sample", "keys": keys}}}),
    ];
    let mut edges = vec![];
    for i in 0..4_000 {
        nodes.push(
            json!({"id": format!("t{i}"), "kind": "topic", "name": format!("t{i}"), "partitions": i + 1}),
        );
        edges.push(edge("p", &format!("t{i}")));
    }
    let (status, body) = post(
        &Client::new(&studio.base),
        "/api/v1/analyze",
        &design(nodes, edges),
    )
    .await;
    assert_eq!(status, 200);
    let rules: Vec<&str> = body["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(
        rules.contains(&"hotspot-approximate"),
        "{:?}",
        &rules[..rules.len().min(20)]
    );
    alive(studio).await;
}

/// Many producers with distinct key fields and the largest modelled cardinality: a hundred
/// thousand synthetic keys each, capped by the placement budget.
#[tokio::test]
async fn many_distinct_key_fields_stay_within_the_budget() {
    let mut guard = shared().await;
    let studio = guard.as_mut().unwrap();
    let mut nodes = vec![];
    let mut edges = vec![];
    for i in 0..2_000 {
        nodes.push(json!({"id": format!("p{i}"), "kind": "producer", "name": format!("p{i}"), "messages_per_sec": 10,
            "key": {"field": format!("{i}-{}", "f".repeat(190)), "distribution": {"kind": "zipf", "cardinality": u64::MAX, "exponent": 0.5}}}));
        nodes.push(
            json!({"id": format!("t{i}"), "kind": "topic", "name": format!("t{i}"), "partitions": 10_000}),
        );
        edges.push(edge(&format!("p{i}"), &format!("t{i}")));
    }
    let (status, _) = post(
        &Client::new(&studio.base),
        "/api/v1/analyze",
        &design(nodes, edges),
    )
    .await;
    assert_eq!(status, 200);
    alive(studio).await;
}

/// A long chain with fan-out edges (the layout's waypoints) and diamonds before a long chain
/// (the latency paths): analysis, charts and topology answered promptly.
#[tokio::test]
async fn long_chains_with_fan_out_and_diamonds_are_bounded() {
    let mut guard = shared().await;
    let studio = guard.as_mut().unwrap();
    let mut nodes = vec![producer("p", 10.0, 100.0)];
    let mut edges = vec![];
    // Ten diamonds: 2^10 ways through them.
    for d in 0..10 {
        let (from, to) = (format!("d{d}"), format!("d{}", d + 1));
        nodes.push(topic(&from));
        for side in ["a", "b"] {
            let s = format!("{from}{side}");
            nodes.push(json!({"id": s, "kind": "stream_processor", "name": s}));
            edges.push(edge(&from, &s));
            edges.push(edge(&s, &to));
        }
    }
    edges.push(edge("p", "d0"));
    nodes.push(topic("d10"));
    // Then a chain of 1 200 hops, with the producer also feeding every topic of it.
    let mut last = "d10".to_string();
    for i in 0..600 {
        let (s, t) = (format!("c{i}"), format!("ct{i}"));
        nodes.push(json!({"id": s, "kind": "stream_processor", "name": s}));
        nodes.push(topic(&t));
        edges.push(edge(&last, &s));
        edges.push(edge(&s, &t));
        edges.push(edge("p", &t));
        last = t;
    }
    let hostile = design(nodes, edges);
    let mut ada = Client::new(&studio.base);
    assert_eq!(
        ada.signup("chains@example.com", "correct horse battery")
            .await
            .status(),
        201
    );
    let (status, body) = post(&ada, "/api/v1/analyze", &hostile).await;
    assert_eq!(status, 200);
    assert_eq!(body["paths_truncated"], true);
    let (status, created) = post(&ada, "/api/v1/designs", &hostile).await;
    assert_eq!(status, 201);
    let id = created["id"].as_str().unwrap();
    for chart in ["topology", "partition-load", "latency", "consumer-lag"] {
        let (status, _) = send(
            &ada,
            Method::GET,
            &format!("/api/v1/designs/{id}/charts/{chart}.svg"),
            None,
        )
        .await;
        assert_eq!(status, 200, "{chart}");
    }
    alive(studio).await;
}

/// A PDF of the largest valid design is refused at once, saying what to use instead.
#[tokio::test]
async fn a_pdf_of_thousands_of_nodes_is_refused_with_what_to_use() {
    let mut guard = shared().await;
    let studio = guard.as_mut().unwrap();
    let nodes: Vec<Value> = (0..5_000).map(|i| topic(&format!("t{i}"))).collect();
    let (status, body) = post(
        &Client::new(&studio.base),
        "/api/v1/report?format=pdf",
        &design(nodes, vec![]),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "too_large");
    assert!(body["error"]["message"].as_str().unwrap().contains("report.md"));
    alive(studio).await;
}

/// `\u0000` anywhere (Postgres cannot store it) is a 422, never a 500.
#[tokio::test]
async fn a_nul_anywhere_is_refused() {
    let mut guard = shared().await;
    let studio = guard.as_mut().unwrap();
    let mut ada = Client::new(&studio.base);
    assert_eq!(
        ada.signup("nul@example.com", "correct horse battery")
            .await
            .status(),
        201
    );
    let mut with_nul = design(vec![topic("t")], vec![]);
    with_nul["owner"] = json!({"team": "a\u{0}b"});
    let (status, _) = post(&ada, "/api/v1/designs", &with_nul).await;
    assert_eq!(status, 422);
    let (status, created) = post(&ada, "/api/v1/designs", &design(vec![topic("t")], vec![])).await;
    assert_eq!(status, 201);
    let id = created["id"].as_str().unwrap();
    let body = serde_json::to_vec(&json!({"name": "x\u{0}"})).unwrap();
    let (status, _) = send(&ada, Method::PATCH, &format!("/api/v1/designs/{id}"), Some(body)).await;
    assert_eq!(status, 422);
    for path in ["/api/v1/auth/signup", "/api/v1/auth/login"] {
        let (status, _) = post(
            &Client::new(&studio.base),
            path,
            &json!({"email": "a\u{0}@example.com", "password": "correct horse battery"}),
        )
        .await;
        assert_eq!(status, 422, "{path}");
        let (status, _) = post(&Client::new(&studio.base), path, &json!({"email": format!("{}@example.com", "a".repeat(100_000)), "password": "correct horse battery"})).await;
        assert_eq!(status, 422, "{path}: an over-long address");
    }
    alive(studio).await;
}

/// The front end's files are served from a folder on disk: however a path is spelled (dot
/// segments, encoded slashes and dots, backslashes, NUL, very deep), nothing outside the site
/// folder comes back, nothing lists a folder, and every answer is a 4xx; the bundle itself and
/// its compressed copy still do.
#[tokio::test]
async fn the_bundles_folder_serves_nothing_beyond_it() {
    let outside = tempfile::tempdir().unwrap();
    let site = outside.path().join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(site.join("pkg/studio.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(site.join("pkg/studio.wasm.br"), b"not really brotli").unwrap();
    std::fs::write(outside.path().join("secret.txt"), "SECRET-BESIDE-THE-SITE").unwrap();
    let studio = Studio::start(&["--site-root", site.to_str().unwrap()]).await;
    let deep = format!("/pkg/{}secret.txt", "../".repeat(2000));
    for path in [
        "/pkg/../../secret.txt",
        "/pkg/%2e%2e/%2e%2e/secret.txt",
        "/pkg/..%2f..%2fsecret.txt",
        "/pkg/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/pkg/..%5c..%5csecret.txt",
        "/pkg/studio.wasm/../../../secret.txt",
        "/pkg//..//..//secret.txt",
        "/pkg/studio.wasm%00.txt",
        "/pkg/",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        deep.as_str(),
    ] {
        let started = Instant::now();
        let (status, text) = raw(&studio.base, "GET", path, None, b"", false).await;
        assert!(started.elapsed() < ANSWER_WITHIN, "{path}");
        assert!((400..500).contains(&status), "{path}: {status}");
        assert!(!text.contains("SECRET-BESIDE-THE-SITE"), "{path}: {text}");
    }
    let (status, text) = raw(&studio.base, "GET", "/pkg/studio.wasm", None, b"", false).await;
    assert_eq!(status, 200, "{text}");
    assert!(
        text.to_ascii_lowercase()
            .contains("content-type: application/wasm"),
        "{text}"
    );
    let answer = reqwest::Client::new()
        .get(format!("{}/pkg/studio.wasm", studio.base))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["content-encoding"], "br");
    assert_eq!(answer.bytes().await.unwrap().as_ref(), b"not really brotli");
}

/// The configured body limit holds for every route: just under it is read, just over is 413.
#[tokio::test]
async fn the_body_limit_is_the_configured_one_on_every_route() {
    let limit = 3 * 1024 * 1024;
    let mut studio = Studio::start(&["--max-body-bytes", &limit.to_string()]).await;
    let mut ada = Client::new(&studio.base);
    assert_eq!(
        ada.signup("limits@example.com", "correct horse battery")
            .await
            .status(),
        201
    );
    let (_, created) = post(&ada, "/api/v1/designs", &design(vec![topic("t")], vec![])).await;
    let id = created["id"].as_str().unwrap().to_owned();
    // A valid design padded with an unknown member to an exact size.
    let padded = |size: usize| {
        let mut d = design(vec![topic("t")], vec![]);
        d["padding"] = json!("");
        let base = serde_json::to_vec(&d).unwrap().len();
        d["padding"] = json!("x".repeat(size - base));
        let bytes = serde_json::to_vec(&d).unwrap();
        assert_eq!(bytes.len(), size);
        bytes
    };
    for (method, path) in [
        (Method::POST, "/api/v1/analyze".to_string()),
        (Method::POST, "/api/v1/report?format=md".to_string()),
        (Method::POST, "/api/v1/designs".to_string()),
        (Method::PUT, format!("/api/v1/designs/{id}")),
        (Method::POST, "/api/v1/hotspot".to_string()),
        (Method::POST, "/api/v1/auth/login".to_string()),
    ] {
        let (under, _) = send_if_match(&ada, method.clone(), &path, padded(limit)).await;
        assert_ne!(under, 413, "{method} {path}: a body of exactly the limit is read");
        // One byte over: refused by its Content-Length before it is read (the answer comes while
        // the client still writes, so it is sent on a raw connection that reads it anyway).
        let (over, body) = raw(
            &studio.base,
            method.as_str(),
            &path,
            ada.session.as_deref(),
            &padded(limit + 1),
            false,
        )
        .await;
        assert_eq!(over, 413, "{method} {path}: one byte over the limit");
        assert!(body.contains("payload_too_large"), "{body}");
        // Chunked, without Content-Length: the limit applies while reading.
        let (status, _) = raw(
            &studio.base,
            method.as_str(),
            &path,
            ada.session.as_deref(),
            &padded(limit + 1),
            true,
        )
        .await;
        assert_eq!(status, 413, "{method} {path}: chunked, one byte over");
    }
    alive(&mut studio).await;
}

/// Sends `body` on a connection of its own (a 413 answered before the body is read closes the
/// connection, which a pooled client would try to reuse).
async fn send_if_match(client: &Client, method: Method, path: &str, body: Vec<u8>) -> (u16, Vec<u8>) {
    let fresh = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let mut request = fresh
        .request(method.clone(), format!("{}{path}", client.base))
        .header("content-type", "application/json")
        .header("if-match", "\"1\"")
        .body(body)
        .timeout(ANSWER_WITHIN);
    if let Some(session) = &client.session {
        request = request.header("cookie", format!("studio_session={session}"));
    }
    let r = request
        .send()
        .await
        .unwrap_or_else(|e| panic!("{method} {path}: {e:?}"));
    let status = r.status().as_u16();
    assert!((200..500).contains(&status), "{method} {path}: {status}");
    (status, r.bytes().await.unwrap().to_vec())
}

/// Sends `body` on a raw connection, with its `Content-Length` or `Transfer-Encoding:
/// chunked`, stops writing if the server answers first, and returns the answer's status and
/// text.
async fn raw(
    base: &str,
    method: &str,
    path: &str,
    session: Option<&str>,
    body: &[u8],
    chunked: bool,
) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let cookie = session
        .map(|s| format!("Cookie: studio_session={s}\r\n"))
        .unwrap_or_default();
    let framing = if chunked {
        "Transfer-Encoding: chunked\r\n".to_string()
    } else {
        format!("Content-Length: {}\r\n", body.len())
    };
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nIf-Match: \"1\"\r\n{cookie}{framing}Connection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    for chunk in body.chunks(64 * 1024) {
        let written = if chunked {
            let framed = [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk, b"\r\n"].concat();
            stream.write_all(&framed).await
        } else {
            stream.write_all(chunk).await
        };
        // The server may answer and close before reading everything: stop writing then.
        if written.is_err() {
            break;
        }
    }
    if chunked {
        let _ = stream.write_all(b"0\r\n\r\n").await;
    }
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(ANSWER_WITHIN, stream.read_to_end(&mut answer)).await;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"));
    (status, text)
}

/// Parallel wrong guesses at one address get no more than the 5 failures the throttle allows;
/// a client that keeps trying is limited whatever the address.
#[tokio::test]
async fn log_in_guesses_are_counted_atomically_and_per_client() {
    let mut studio = Studio::start(&["--logins-per-5-min", "40"]).await;
    let mut ada = Client::new(&studio.base);
    assert_eq!(
        ada.signup("target@example.com", "correct horse battery")
            .await
            .status(),
        201
    );
    let guesses: Vec<_> = (0..20)
        .map(|i| {
            let mut c = Client::new(&studio.base);
            tokio::spawn(async move {
                c.login("target@example.com", &format!("wrong guess {i}"))
                    .await
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for g in guesses {
        statuses.push(g.await.unwrap());
    }
    let tried = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((tried, refused), (5, 15), "{statuses:?}");
    // The same client trying other addresses runs out of its own allowance (40 per 5 minutes).
    let mut last = 0;
    for i in 0..30 {
        last = Client::new(&studio.base)
            .login(&format!("nobody{i}@example.com"), "x")
            .await
            .status()
            .as_u16();
    }
    assert_eq!(last, 429);
    alive(&mut studio).await;
}

/// `/healthz` and a save answer in under a second while two heavy requests (PDFs of large
/// designs) run.
#[tokio::test]
async fn health_and_saves_stay_prompt_while_heavy_requests_run() {
    let mut guard = shared().await;
    let studio = guard.as_mut().unwrap();
    let heavy = large_design(600);
    let base = studio.base.clone();
    let mut ada = Client::new(&base);
    assert_eq!(
        ada.signup("prompt@example.com", "correct horse battery")
            .await
            .status(),
        201
    );
    let (_, created) = post(&ada, "/api/v1/designs", &design(vec![topic("t")], vec![])).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let running: Vec<_> = (0..2)
        .map(|_| {
            let (base, heavy) = (base.clone(), heavy.clone());
            tokio::spawn(async move {
                let client = Client::new(&base);
                let started = Instant::now();
                let (status, _) = post(&client, "/api/v1/report?format=pdf", &heavy).await;
                (status, started.elapsed())
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(50)).await;
    let mut worst = Duration::ZERO;
    let mut revision = 1;
    let mut checks = 0;
    while running.iter().any(|r| !r.is_finished()) {
        checks += 1;
        let started = Instant::now();
        let health = reqwest::get(format!("{base}/healthz")).await.unwrap();
        assert_eq!(health.status(), 200);
        worst = worst.max(started.elapsed());
        let started = Instant::now();
        let saved = ada
            .put_design(&id, revision, &design(vec![topic("t")], vec![]))
            .await;
        assert_eq!(saved.status(), 200);
        revision += 1;
        worst = worst.max(started.elapsed());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for r in running {
        let (status, took) = r.await.unwrap();
        assert!(status == 200 || status == 503, "{status}");
        eprintln!("a heavy PDF took {took:?}");
    }
    assert!(
        checks >= 2,
        "the heavy requests ended before the checks could run ({checks})"
    );
    assert!(
        worst < Duration::from_secs(1),
        "the slowest health check or save took {worst:?}"
    );
    alive(studio).await;
}

/// A design of `topics` topics, each written by a producer and read by a group.
fn large_design(topics: usize) -> Value {
    let mut nodes = vec![];
    let mut edges = vec![];
    for i in 0..topics / 3 {
        let (p, t, g) = (format!("p{i}"), format!("t{i}"), format!("g{i}"));
        nodes.push(producer(&p, 100.0, 100.0));
        nodes.push(
            json!({"id": t, "kind": "topic", "name": format!("shop.entity{i}.created"), "partitions": 6}),
        );
        nodes.push(json!({"id": g, "kind": "consumer_group", "name": g, "instances": 2, "processing_ms_per_record": 1}));
        edges.push(edge(&p, &t));
        edges.push(edge(&t, &g));
    }
    design(nodes, edges)
}

/// Typesetting many different PDFs leaves the process's memory where it was (typst's cache
/// is emptied after each one).
#[tokio::test]
async fn memory_stays_flat_over_many_different_pdfs() {
    let mut guard = shared().await;
    let studio = guard.as_mut().unwrap();
    let client = Client::new(&studio.base);
    let pdf = |i: usize| {
        let mut d = large_design(30);
        d["name"] = json!(format!("memory run {i}"));
        d
    };
    for i in 0..10 {
        assert_eq!(post(&client, "/api/v1/report?format=pdf", &pdf(i)).await.0, 200);
    }
    let warm = studio.rss_kib();
    for i in 10..40 {
        assert_eq!(post(&client, "/api/v1/report?format=pdf", &pdf(i)).await.0, 200);
    }
    let after = studio.rss_kib();
    eprintln!("resident memory after 10 PDFs {warm} KiB, after 40 {after} KiB");
    assert!(
        after < warm + 60 * 1024,
        "memory grew from {warm} KiB to {after} KiB over 30 PDFs"
    );
    alive(studio).await;
}

/// Pages look up who is signed in before rendering (`http/page_seed.rs`): hostile session
/// cookies, and many pages at once with cookies that name no session, must still get their page
/// promptly (rendered for a visitor when the lookup is refused or slow), without crowding out
/// `/healthz`. The lint rules' page and JSON, which take no input, ignore what they are sent.
#[tokio::test]
async fn pages_with_hostile_session_cookies_render_promptly() {
    let mut guard = shared().await;
    let studio = guard.as_mut().unwrap();
    let long = "a".repeat(8 * 1024);
    let well_formed_fake = "A".repeat(43);
    for cookie in [
        long.as_str(),
        "\"quoted\"",
        "%00%ff",
        ";;;",
        well_formed_fake.as_str(),
    ] {
        for path in ["/", "/editor", "/rules", "/s/abc", "/no/such/page"] {
            let started = Instant::now();
            let (status, text) = raw(&studio.base, "GET", path, Some(cookie), b"", false).await;
            assert!(started.elapsed() < ANSWER_WITHIN, "{path}");
            assert!(
                matches!(status, 200 | 404),
                "{path} with {:.20}: {status}",
                cookie
            );
            assert!(!text.contains("account-email"), "{path}: nobody is signed in");
        }
    }

    // Many pages at once, each naming a session that does not exist (a database lookup each).
    let base = studio.base.clone();
    let pages: Vec<_> = (0..64)
        .map(|i| {
            let base = base.clone();
            tokio::spawn(async move {
                let fake = format!("{:A<43}", i);
                let started = Instant::now();
                let (status, _) = raw(&base, "GET", "/", Some(&fake), b"", false).await;
                (status, started.elapsed())
            })
        })
        .collect();
    let health_started = Instant::now();
    let health = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);
    assert!(
        health_started.elapsed() < Duration::from_secs(1),
        "healthz waited for the pages"
    );
    for page in pages {
        let (status, took) = page.await.unwrap();
        assert_eq!(status, 200);
        assert!(took < ANSWER_WITHIN);
    }

    let client = Client::new(&studio.base);
    for path in [
        "/api/v1/lint-rules?x=".to_string() + &"y".repeat(4000),
        "/api/v1/lint-rules/../lint-rules".into(),
    ] {
        let (status, _) = send(&client, Method::GET, &path, None).await;
        assert!(matches!(status, 200 | 404), "{path}: {status}");
    }
    let (status, _) = send(&client, Method::POST, "/api/v1/lint-rules", Some(b"{}".to_vec())).await;
    assert_eq!(status, 405);
    let (status, text) = raw(
        &studio.base,
        "GET",
        &format!("/rules?{}", "z".repeat(4000)),
        None,
        b"",
        false,
    )
    .await;
    assert_eq!(status, 200, "{text:.200}");
    alive(studio).await;
}
