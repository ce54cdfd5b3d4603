//! The AsyncAPI export against the official AsyncAPI 3.0.0 JSON Schema (vendored from
//! `@asyncapi/specs`, see `fixtures/asyncapi/schema/SOURCES.md`), checked by a real validator:
//! every template and generated designs with hostile names, every node kind, settings, schema
//! subjects in the three formats and servers with security.

use std::collections::HashSet;
use std::sync::LazyLock;

use design::templates::TEMPLATES;
use design::{
    Design, Edge, Engine, KeyDistribution, KeySpec, Node, NodeKind, SchemaFormat, Server, TopicRole,
};
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

// ---- generated designs ----

const HOSTILE: &[&str] = &[
    "yes",
    "No",
    "null",
    "~",
    "true",
    "1e3",
    "0x1F",
    "3.0",
    "",
    " ",
    " leading",
    "trailing ",
    "#hash",
    "a #b",
    "{a}",
    "[b]",
    "a: b",
    "key:",
    "\"quoted\"",
    "'single'",
    "- dash",
    "? q",
    "*alias",
    "&anchor",
    "!tag",
    "|",
    ">",
    "%dir",
    "@at",
    "`tick`",
    "<<",
    "é ✓ 𝄞 日本",
    "line\nbreak",
    "tab\there",
    "cr\r",
    "back\\slash",
    "\u{2028}ls",
    "\u{85}nel",
    "\u{feff}bom",
    "\u{7f}del",
    "---",
    "...",
    "=",
];

fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(HOSTILE).prop_map(String::from),
        1 => any::<String>(),
        1 => "[ -~]{0,24}",
    ]
}

fn setting_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        hostile().prop_map(Value::from),
        (-1e12..1e12f64).prop_map(Value::from),
    ]
}

fn config() -> impl Strategy<Value = Vec<(String, Value)>> {
    let name = prop_oneof![
        prop::sample::select(
            &[
                "replication.factor",
                "cleanup.policy",
                "retention.ms",
                "retention.bytes",
                "delete.retention.ms",
                "max.message.bytes",
                "min.insync.replicas",
                "acks",
                "linger.ms",
                "compression.type",
            ][..]
        )
        .prop_map(String::from),
        hostile(),
    ];
    let value = prop_oneof![
        setting_value(),
        prop::sample::select(
            &[
                "delete",
                "compact",
                "compact,delete",
                "delete,compact",
                "compact, delete"
            ][..]
        )
        .prop_map(Value::from),
    ];
    prop::collection::vec((name, value), 0..5)
}

fn avro() -> impl Strategy<Value = Value> {
    let name = "[A-Za-z_][A-Za-z0-9_]{0,8}";
    prop_oneof![
        prop::sample::select(&["string", "long", "bytes"][..]).prop_map(Value::from),
        (name, name, hostile(), hostile()).prop_map(|(record, field, doc, field_doc)| {
            json!({"type": "record", "name": record, "namespace": "com.example", "doc": doc,
                   "fields": [{"name": field, "type": "string", "doc": field_doc},
                              {"name": "n", "type": ["null", "long"], "default": null}]})
        }),
    ]
}

fn json_schema() -> impl Strategy<Value = Value> {
    (hostile(), hostile(), hostile()).prop_map(|(description, key, title)| {
        json!({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "description": description,
               "properties": {key: {"type": "string", "title": title}}, "additionalProperties": false})
    })
}

fn subject() -> impl Strategy<Value = (Option<SchemaFormat>, Option<Value>)> {
    prop_oneof![
        avro().prop_map(|s| (Some(SchemaFormat::Avro), Some(s))),
        json_schema().prop_map(|s| (Some(SchemaFormat::Json), Some(s))),
        hostile().prop_map(|s| (Some(SchemaFormat::Protobuf), Some(Value::String(s)))),
        Just((None, None)),
        Just((Some(SchemaFormat::Avro), None)),
        json_schema().prop_map(|s| (None, Some(s))),
    ]
}

/// One node's generated parts; ids are made unique when the design is put together.
#[derive(Debug, Clone)]
struct Part {
    id: String,
    kind: NodeKind,
    name: String,
    number: f64,
    count: u32,
    flag: bool,
    key_field: Option<String>,
    role: Option<TopicRole>,
    subject: (Option<SchemaFormat>, Option<Value>),
    config: Vec<(String, Value)>,
}

fn part() -> impl Strategy<Value = Part> {
    (
        "[ab._-]{1,3}",
        prop::sample::select(NodeKind::ALL.to_vec()),
        hostile(),
        (0.0..1e9f64, any::<u32>(), any::<bool>()),
        prop::option::of(hostile()),
        prop::option::of(prop::sample::select(vec![
            TopicRole::Main,
            TopicRole::Dlq,
            TopicRole::Retry,
        ])),
        subject(),
        config(),
    )
        .prop_map(
            |(id, kind, name, (number, count, flag), key_field, role, subject, config)| Part {
                id,
                kind,
                name,
                number,
                count,
                flag,
                key_field,
                role,
                subject,
                config,
            },
        )
}

fn node(p: Part, id: String, dlq: Option<String>) -> Node {
    let mut n = Node::new(id, p.kind, p.name);
    match p.kind {
        NodeKind::Producer | NodeKind::SourceConnector => {
            n.messages_per_sec = Some(p.number);
            n.avg_message_bytes = Some(512.0);
            n.key = p.key_field.map(|field| KeySpec {
                field: Some(field),
                distribution: KeyDistribution::Uniform {
                    cardinality: u64::from(p.count),
                },
                extra: Default::default(),
            });
        }
        NodeKind::Topic => {
            n.partitions = Some(p.count);
            n.role = p.role;
            n.internal = Some(p.flag);
        }
        NodeKind::SchemaSubject => (n.schema_format, n.schema) = p.subject,
        NodeKind::StreamProcessor | NodeKind::ConsumerGroup | NodeKind::SinkConnector => {
            if p.kind == NodeKind::StreamProcessor {
                n.engine = Some(Engine::KafkaStreams);
                n.stateful = Some(p.flag);
                n.output_ratio = Some(1.5);
            }
            n.instances = Some(p.count % 64 + 1);
            n.processing_ms_per_record = Some(p.number / 1e6);
            n.needs_ordering = Some(p.flag);
            n.dead_letter_topic = dlq;
        }
    }
    if p.kind != NodeKind::SchemaSubject {
        n.config = p.config.into_iter().collect();
    }
    n
}

fn server() -> impl Strategy<Value = Server> {
    let security = prop_oneof![
        prop::sample::select(
            &[
                "scramSha512",
                "scramSha256",
                "plain",
                "gssapi",
                "X509",
                "SASL/SCRAM-SHA-512",
                "mTLS",
                "OAUTHBEARER"
            ][..]
        )
        .prop_map(String::from),
        hostile(),
    ];
    (
        hostile(),
        hostile(),
        hostile(),
        prop::option::of(security),
        prop::option::of(hostile()),
    )
        .prop_map(|(name, host, protocol, security, description)| Server {
            name,
            host,
            protocol,
            security,
            description,
            extra: Default::default(),
        })
}

fn designs() -> impl Strategy<Value = Design> {
    (
        hostile(),
        prop::option::of(hostile()),
        prop::collection::vec(part(), 1..14),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                any::<prop::sample::Index>(),
                any::<Option<bool>>(),
                any::<Option<u64>>(),
            ),
            0..24,
        ),
        prop::collection::vec(server(), 0..4),
    )
        .prop_map(|(name, description, parts, edges, servers)| {
            let mut d = Design::new(name);
            d.description = description;
            d.cluster.servers = servers;
            let mut seen = HashSet::new();
            let ids: Vec<String> = parts
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    if seen.insert(p.id.clone()) {
                        p.id.clone()
                    } else {
                        format!("{}.{i}", p.id)
                    }
                })
                .collect();
            let topics: Vec<&String> = ids
                .iter()
                .zip(&parts)
                .filter(|(_, p)| p.kind == NodeKind::Topic)
                .map(|(id, _)| id)
                .collect();
            let dlq = topics.first().map(|t| (*t).clone());
            d.nodes = parts
                .iter()
                .cloned()
                .zip(&ids)
                .map(|(p, id)| node(p, id.clone(), dlq.clone()))
                .collect();
            d.edges = edges
                .into_iter()
                .map(|(a, b, global, lag)| {
                    let mut e = Edge::new(a.get(&ids).clone(), b.get(&ids).clone());
                    (e.global, e.lag) = (global, lag);
                    e
                })
                .collect();
            d
        })
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
