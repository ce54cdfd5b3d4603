//! `POST /api/v1/analyze` and `POST /api/v1/hotspot` through the real router.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use serde_json::{json, Value};
use server::compute::Compute;
use server::http::{router, AppState, Limits};
use tower::ServiceExt;

const ORDERS: &str = include_str!("fixtures/orders-platform.json");

fn app() -> axum::Router {
    // These endpoints never touch the database: a lazy pool that is never used.
    let pool = sqlx::postgres::PgPoolOptions::new().connect_lazy_with(
        sqlx::postgres::PgConnectOptions::new()
            .socket("/nonexistent")
            .database("unused"),
    );
    router(AppState {
        pool,
        leptos: LeptosOptions::builder().output_name("studio").build(),
        compute: Compute::for_this_machine(std::time::Duration::from_secs(8)),
        limits: Limits::default(),
        sessions: Default::default(),
        recent: Default::default(),
        reviews: Default::default(),
    })
}

async fn post(path: &str, body: impl Into<Body>) -> (StatusCode, Value) {
    let request = Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap();
    let response = app().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

#[tokio::test]
async fn analyze_returns_sizing_topics_groups_paths_and_findings() {
    let (status, body) = post("/api/v1/analyze", ORDERS).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["sizing"]["write_bytes_per_sec"], 10_000_000.0);
    assert!(body["sizing"]["brokers"].as_u64().unwrap() >= 3);
    assert!(body["sizing"]["binding_constraint"].is_string());
    let topic = &body["topics"][0];
    assert_eq!(topic["id"], "orders");
    assert_eq!(topic["partition_load"].as_array().unwrap().len(), 12);
    assert!(topic["recommended_partitions"].as_u64().unwrap() >= 12);
    let group = &body["consumer_groups"][0];
    assert_eq!(group["id"], "payments");
    assert_eq!(group["topic"], "orders");
    assert_eq!(group["capacity_messages_per_sec"], 2000.0);
    assert_eq!(group["lag_growth_messages_per_sec"], 8000.0);
    assert_eq!(
        body["paths"][0]["nodes"],
        json!(["orders-svc", "orders", "payments"])
    );
    let rules: Vec<&str> = body["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"consumer-lag"), "{rules:?}");
}

#[tokio::test]
async fn an_invalid_design_is_422_naming_element_and_field() {
    let mut doc: Value = serde_json::from_str(ORDERS).unwrap();
    doc["nodes"][1]["partitions"] = json!(0);
    doc["edges"]
        .as_array_mut()
        .unwrap()
        .push(json!({"from": "payments", "to": "orders"}));
    let (status, body) = post("/api/v1/analyze", doc.to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "invalid");
    let details = body["error"]["details"].as_array().unwrap();
    assert!(details
        .iter()
        .any(|d| d["element"] == json!({"kind": "node", "id": "orders"}) && d["field"] == "partitions"));
    assert!(details
        .iter()
        .any(|d| d["element"]["kind"] == "edge" && d["code"] == "edge.illegal"));
}

#[tokio::test]
async fn a_wrong_shape_is_422_at_its_path() {
    let mut doc: Value = serde_json::from_str(ORDERS).unwrap();
    doc["nodes"][2]["kind"] = json!("broker");
    let (status, body) = post("/api/v1/analyze", doc.to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["details"][0]["field"], "nodes[2].kind");
}

#[tokio::test]
async fn malformed_json_is_400_with_line_and_column() {
    let (status, body) = post(
        "/api/v1/analyze",
        "{\"schema\": \"kafka-design/v1\",\n  \"name\": }",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "malformed_json");
    assert_eq!(body["error"]["details"]["line"], 2);
}

#[tokio::test]
async fn a_non_json_content_type_is_415() {
    let request = Request::post("/api/v1/analyze")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(ORDERS))
        .unwrap();
    let response = app().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn hotspot_places_keys_exactly_as_kafka_does() {
    let (status, body) = post(
        "/api/v1/hotspot",
        json!({"partitions": 12, "keys": ["21", "foobar", "21"]}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // murmur2("21") & 0x7fffffff = 1173551340; murmur2("foobar") & 0x7fffffff = 1357151166.
    assert_eq!(
        body["partition_of_keys"],
        json!([
            1_173_551_340u64 % 12,
            1_357_151_166u64 % 12,
            1_173_551_340u64 % 12
        ])
    );
    let load = body["partition_load"].as_array().unwrap();
    assert_eq!(load.len(), 12);
    let sum: f64 = load.iter().map(|x| x.as_f64().unwrap()).sum();
    assert!((sum - 1.0).abs() < 1e-9);
    assert!(body["max_over_mean"].as_f64().unwrap() > 1.0);
    assert!(body["hot_partitions"].is_array());
}

#[tokio::test]
async fn hotspot_models_a_distribution() {
    let (status, body) = post(
        "/api/v1/hotspot",
        json!({"partitions": 6, "distribution": {"kind": "hot_key", "cardinality": 1000, "hot_share": 0.3}})
            .to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.get("partition_of_keys").is_none());
    assert_eq!(body["hot_partitions"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn hotspot_refusals_name_the_field() {
    for (request, field) in [
        (json!({"partitions": 0, "keys": ["a"]}), "partitions"),
        (
            json!({"partitions": 3, "keys": ["a", "b"], "weights": [1]}),
            "weights",
        ),
        (json!({"partitions": 3}), "keys"),
        (
            json!({"partitions": 3, "distribution": {"kind": "zipf", "cardinality": 0, "exponent": 1.0}}),
            "distribution.cardinality",
        ),
    ] {
        let (status, body) = post("/api/v1/hotspot", request.to_string()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{request} → {body}");
        assert_eq!(body["error"]["details"][0]["field"], field, "{body}");
    }
    let (status, body) = post(
        "/api/v1/hotspot",
        json!({"partitions": 3, "keys": ["a"], "colour": 1}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

#[tokio::test]
async fn report_renders_markdown_and_topics_as_code_as_downloads() {
    for (format, file, media, needle) in [
        ("md", "orders-platform.md", "text/markdown", "```mermaid"),
        (
            "kafka-topics.sh",
            "orders-platform.kafka-topics.sh",
            "text/x-shellscript",
            "--topic 'ecommerce.orders.created'",
        ),
        (
            "strimzi.yaml",
            "orders-platform.strimzi.yaml",
            "application/yaml",
            "kind: KafkaTopic",
        ),
        (
            "terraform.tf",
            "orders-platform.tf",
            "text/plain",
            "resource \"confluent_kafka_topic\" \"orders\"",
        ),
    ] {
        let request = Request::post(format!("/api/v1/report?format={format}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(ORDERS))
            .unwrap();
        let response = app().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{format}");
        let headers = response.headers().clone();
        assert!(
            headers[header::CONTENT_TYPE].to_str().unwrap().starts_with(media),
            "{format}"
        );
        assert_eq!(
            headers[header::CONTENT_DISPOSITION],
            format!("attachment; filename=\"{file}\"")
        );
        let body = response.into_body().collect().await.unwrap().to_bytes();
        assert!(String::from_utf8_lossy(&body).contains(needle), "{format}");
    }
    let (status, body) = post("/api/v1/report?format=docx", ORDERS).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("md, pdf, zip, kafka-topics.sh"));
}
