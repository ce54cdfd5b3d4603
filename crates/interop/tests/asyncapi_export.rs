//! The AsyncAPI export against the official AsyncAPI 3.0.0 JSON Schema (vendored from
//! `@asyncapi/specs`, see `fixtures/asyncapi/schema/SOURCES.md`), checked by a real validator:
//! every template and generated designs with hostile names, every node kind, settings, schema
//! subjects in the three formats and servers with security.

use std::collections::HashSet;
use std::sync::LazyLock;

#[path = "asyncapi_export/generate.rs"]
mod generate;

use design::templates::TEMPLATES;
use design::{Design, Edge, Node, NodeKind};
use generate::designs;
use interop::asyncapi::export;
use jsonschema::{Draft, Validator};
use proptest::prelude::*;
use serde_json::{json, Value};

static SCHEMA: LazyLock<Validator> = LazyLock::new(|| {
    let text = include_str!("fixtures/asyncapi/schema/asyncapi-3.0.0.json");
    let schema: Value = serde_json::from_str(text).expect("the vendored schema is JSON");
    jsonschema::options()
        .with_draft(Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the AsyncAPI 3.0.0 schema compiles")
});

/// The validator's errors on `doc`, one line each.
fn errors(doc: &Value) -> Vec<String> {
    SCHEMA
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// The document `text` is, when it is YAML and valid against the schema; else every error.
fn valid(text: &str) -> Result<Value, String> {
    let doc: Value = serde_norway::from_str(text).map_err(|e| format!("not YAML: {e}\n{text}"))?;
    let errors = errors(&doc);
    if errors.is_empty() {
        Ok(doc)
    } else {
        Err(format!(
            "{} schema errors:\n{}\n--- document:\n{text}",
            errors.len(),
            errors.join("\n")
        ))
    }
}

/// The keys of the top-level section `section` of the YAML `text`, in the order written.
fn keys_in_order(text: &str, section: &str) -> Vec<String> {
    let doc: serde_norway::Value = serde_norway::from_str(text).expect("YAML");
    let keys = doc
        .get(section)
        .and_then(|s| s.as_mapping())
        .map(|m| m.keys().cloned().collect::<Vec<_>>());
    keys.unwrap_or_default()
        .iter()
        .filter_map(|k| k.as_str().map(String::from))
        .collect()
}

#[test]
fn every_template_exports_a_valid_document() {
    assert!(!TEMPLATES.is_empty());
    for t in TEMPLATES {
        let design = t.design().unwrap_or_else(|e| panic!("{}: {e}", t.id));
        let text = export(&design);
        let doc = valid(&text).unwrap_or_else(|e| panic!("{}: {e}", t.id));
        let topics = design.nodes.iter().filter(|n| n.kind == NodeKind::Topic).count();
        assert_eq!(
            doc["channels"].as_object().map(|c| c.len()),
            Some(topics),
            "{}",
            t.id
        );
        assert_eq!(export(&design), text, "{}: the same design, the same bytes", t.id);
    }
}

/// A change that makes a valid document invalid.
type Breaks = fn(&mut Value);

#[test]
fn the_validator_refuses_what_the_schema_refuses() {
    let design = TEMPLATES[0].design().expect("template");
    let doc = valid(&export(&design)).expect("valid");
    let broken: [(&str, Breaks); 8] = [
        ("partitions 0", |d| {
            d["channels"]["orders"]["bindings"]["kafka"]["partitions"] = json!(0)
        }),
        ("a 2.x action", |d| {
            d["operations"]["orders-svc-send-orders"]["action"] = json!("publish")
        }),
        ("no info.version", |d| {
            d["info"].as_object_mut().map(|i| i.remove("version"));
        }),
        ("cleanup.policy as text", |d| {
            d["channels"]["orders"]["bindings"]["kafka"]["topicConfiguration"]["cleanup.policy"] =
                json!("delete")
        }),
        ("an unknown binding field", |d| {
            d["channels"]["orders"]["bindings"]["kafka"]["replication"] = json!(3)
        }),
        ("an Avro record without fields", |d| {
            d["components"]["messages"]["orders-value"]["payload"] = json!({
                "schemaFormat": "application/vnd.apache.avro;version=1.9.0",
                "schema": {"type": "record", "name": "Order"}})
        }),
        ("a JSON Schema that is not one", |d| {
            d["components"]["messages"]["orders-value"]["payload"] = json!({
                "schemaFormat": "application/schema+json;version=draft-07", "schema": {"type": 5}})
        }),
        ("a security scheme without its type", |d| {
            d["components"]["securitySchemes"] = json!({"scramSha512": {"type": "scram"}})
        }),
    ];
    for (what, breaks) in broken {
        let mut d = doc.clone();
        breaks(&mut d);
        assert!(!errors(&d).is_empty(), "{what} passed the schema");
    }
}

/// The e-commerce template as AsyncAPI: every topic a channel with its Kafka binding, every
/// writer and reader connection an operation.
#[test]
fn the_ecommerce_template_has_its_topics_and_connections() {
    let design = TEMPLATES
        .iter()
        .find(|t| t.id == "ecommerce")
        .expect("ecommerce")
        .design()
        .expect("parses");
    let text = export(&design);
    let doc = valid(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc["info"]["title"], "E-commerce orders, payments and inventory");
    let channels = doc["channels"].as_object().expect("channels");
    assert_eq!(
        keys_in_order(&text, "channels"),
        [
            "orders",
            "stock",
            "payments",
            "payments-retry",
            "payments-dlq",
            "inventory-dlq"
        ]
    );
    let kafka = |topic: &str| channels[topic]["bindings"]["kafka"].clone();
    assert_eq!(channels["orders"]["address"], "ecommerce.orders.created");
    assert_eq!(
        kafka("orders"),
        json!({"topic": "ecommerce.orders.created", "partitions": 12, "replicas": 3,
               "topicConfiguration": {"cleanup.policy": ["delete"], "retention.ms": 604800000_u64},
               "bindingVersion": "0.5.0"})
    );
    assert_eq!(
        channels["orders"]["x-kafka-config"],
        json!({"min.insync.replicas": 2})
    );
    assert_eq!(
        channels["orders"]["messages"],
        json!({"orders-value": {"$ref": "#/components/messages/orders-value"}})
    );
    assert_eq!(
        kafka("stock"),
        json!({"topic": "ecommerce.inventory.stock", "partitions": 6, "replicas": 3,
               "topicConfiguration": {"cleanup.policy": ["compact"]}, "bindingVersion": "0.5.0"})
    );
    assert_eq!(
        kafka("payments")["topicConfiguration"],
        json!({"retention.ms": 1209600000_u64})
    );
    assert_eq!(kafka("payments-retry")["partitions"], 6);
    assert_eq!(channels["payments-retry"]["x-topic-role"], "retry");
    assert_eq!(channels["payments-dlq"]["x-topic-role"], "dlq");
    assert_eq!(
        kafka("inventory-dlq")["topicConfiguration"],
        json!({"retention.ms": 2592000000_u64})
    );

    let operations = doc["operations"].as_object().expect("operations");
    let summary: Vec<(String, String, String, String, Value)> = keys_in_order(&text, "operations")
        .into_iter()
        .map(|key| {
            let op = &operations[&key];
            (
                key.clone(),
                op["action"].as_str().unwrap_or_default().to_string(),
                op["channel"]["$ref"].as_str().unwrap_or_default().to_string(),
                op["bindings"]["kafka"]["clientId"]["enum"][0]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                op["bindings"]["kafka"]["groupId"]["enum"][0].clone(),
            )
        })
        .collect();
    let op = |key: &str, action: &str, topic: &str, name: &str| {
        let group = if action == "receive" {
            json!(name)
        } else {
            Value::Null
        };
        (
            key.to_string(),
            action.to_string(),
            format!("#/channels/{topic}"),
            name.to_string(),
            group,
        )
    };
    assert_eq!(
        summary,
        [
            op("orders-svc-send-orders", "send", "orders", "Order service"),
            op("inventory-svc-send-stock", "send", "stock", "Warehouse service"),
            op(
                "payment-processor-receive-orders",
                "receive",
                "orders",
                "payment-processor"
            ),
            op(
                "payment-processor-receive-payments-retry",
                "receive",
                "payments-retry",
                "payment-processor"
            ),
            op(
                "payment-processor-send-payments",
                "send",
                "payments",
                "payment-processor"
            ),
            op(
                "payment-processor-send-payments-retry",
                "send",
                "payments-retry",
                "payment-processor"
            ),
            op(
                "inventory-reservations-receive-orders",
                "receive",
                "orders",
                "inventory-reservations"
            ),
            op(
                "inventory-reservations-receive-stock",
                "receive",
                "stock",
                "inventory-reservations"
            ),
            op(
                "notifications-receive-payments",
                "receive",
                "payments",
                "customer-notifications"
            ),
            op(
                "warehouse-sink-receive-orders",
                "receive",
                "orders",
                "Snowflake sink (orders, payments)"
            ),
            op(
                "warehouse-sink-receive-payments",
                "receive",
                "payments",
                "Snowflake sink (orders, payments)"
            ),
        ]
    );
    let processor = &operations["payment-processor-receive-orders"];
    assert_eq!(processor["x-node-kind"], "stream_processor");
    assert_eq!(
        processor["x-kafka-node"],
        json!({"dead_letter_topic": "payments-dlq", "engine": "kafka_streams", "instances": 4,
               "needs_ordering": true, "output_ratio": 1.0, "processing_ms_per_record": 1.5,
               "stateful": false, "threads_per_instance": 2})
    );
    assert_eq!(
        operations["orders-svc-send-orders"]["x-kafka-node"]["config"]["acks"],
        "all"
    );
    assert_eq!(
        operations["warehouse-sink-receive-orders"]["x-node-kind"],
        "sink_connector"
    );
    let message = &doc["components"]["messages"]["orders-value"];
    assert_eq!(message["name"], "ecommerce.orders.created-value");
    assert_eq!(
        message["bindings"]["kafka"]["key"],
        json!({"type": "string", "x-key-field": "orderId"})
    );
}

#[test]
fn a_design_as_large_as_the_model_allows_exports_valid() {
    let mut d = Design::new("large");
    for i in 0..2_500 {
        d.nodes
            .push(Node::new(format!("t.{i}"), NodeKind::Topic, format!("topic.{i}")));
        d.nodes.push(Node::new(
            format!("g.{i}"),
            NodeKind::ConsumerGroup,
            format!("group {i}"),
        ));
        d.edges.push(Edge::new(format!("t.{i}"), format!("g.{i}")));
    }
    let doc = valid(&export(&d)).unwrap_or_else(|e| panic!("{}", &e[..e.len().min(4000)]));
    assert_eq!(doc["channels"].as_object().map(|c| c.len()), Some(2_500));
    assert_eq!(doc["operations"].as_object().map(|c| c.len()), Some(2_500));
    assert_eq!(doc["operations"]["g_2499-receive-t_2499"]["title"], "group 2499");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Whatever the names and settings, the export is YAML, valid AsyncAPI 3.0.0, and every
    /// name reads back exactly from the values that carry it.
    #[test]
    fn generated_designs_export_valid_documents(design in designs()) {
        let text = export(&design);
        let doc = match valid(&text) {
            Ok(doc) => doc,
            Err(e) => return Err(TestCaseError::fail(e)),
        };
        prop_assert_eq!(&doc["info"]["title"], &json!(design.name));
        let addresses: HashSet<&str> = doc["channels"].as_object().into_iter().flatten()
            .filter_map(|(_, c)| c["address"].as_str()).collect();
        for topic in design.nodes.iter().filter(|n| n.kind == NodeKind::Topic) {
            prop_assert!(addresses.contains(topic.name.as_str()), "{:?} has no channel", topic.name);
        }
        let titles: Vec<&str> = keys_in_order(&text, "servers").iter()
            .filter_map(|k| doc["servers"][k]["title"].as_str()).collect();
        prop_assert_eq!(titles, design.cluster.servers.iter().map(|s| s.name.as_str()).collect::<Vec<_>>());
        let kind = |id: &str| design.nodes.iter().find(|n| n.id == id).map(|n| n.kind);
        let flows = design.edges.iter().filter(|e| match (kind(&e.from), kind(&e.to)) {
            (Some(f), Some(NodeKind::Topic)) if f.writes_topics() => true,
            (Some(NodeKind::Topic), Some(t)) => t.reads_topics(),
            _ => false,
        }).count();
        let operations = doc["operations"].as_object().map_or(0, |o| o.len());
        prop_assert_eq!(operations, flows);
        for (_, op) in doc["operations"].as_object().into_iter().flatten() {
            let name = &op["bindings"]["kafka"]["clientId"]["enum"][0];
            prop_assert!(design.nodes.iter().any(|n| json!(n.name) == *name), "{} names no node", name);
        }
        prop_assert_eq!(export(&design), text);
    }
}
