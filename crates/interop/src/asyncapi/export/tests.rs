use super::*;
use design::{Edge, KeySpec, Server, TopicRole};
use serde_json::json;
use std::collections::HashSet;

fn read(text: &str) -> Value {
    serde_norway::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn node(id: &str, kind: NodeKind, name: &str) -> Node {
    Node::new(id, kind, name)
}

/// A producer → topic → consumer group design with a subject, a dead-letter topic and a server.
fn small() -> Design {
    let mut d = Design::new("Orders");
    d.description = Some("Orders and their failures.".into());
    d.cluster.servers.push(Server {
        name: "production".into(),
        host: "kafka.example.com:9093".into(),
        protocol: "kafka-secure".into(),
        security: Some("scramSha512".into()),
        description: None,
        extra: Default::default(),
    });
    let mut p = node("orders-svc", NodeKind::Producer, "Order service");
    p.messages_per_sec = Some(100.0);
    p.key = Some(KeySpec {
        field: Some("orderId".into()),
        distribution: serde_json::from_value(json!({"kind": "uniform", "cardinality": 10})).unwrap(),
        extra: Default::default(),
    });
    p.config.insert("acks".into(), json!("all"));
    let mut t = node("orders", NodeKind::Topic, "shop.orders");
    t.partitions = Some(6);
    t.config.insert("replication.factor".into(), json!(3));
    t.config.insert("cleanup.policy".into(), json!("compact,delete"));
    t.config.insert("min.insync.replicas".into(), json!(2));
    let mut dlq = node("orders.dlq", NodeKind::Topic, "shop.orders.dlq");
    dlq.role = Some(TopicRole::Dlq);
    let mut s = node("orders-value", NodeKind::SchemaSubject, "shop.orders-value");
    s.schema_type = Some(SchemaType::Avro);
    s.versions = vec![
        design::SchemaVersion::new(r#"{"type": "record", "name": "Order", "fields": []}"#),
        design::SchemaVersion::new(
            r#"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}]}"#,
        ),
    ];
    let mut g = node("billing", NodeKind::ConsumerGroup, "billing");
    g.instances = Some(3);
    g.dead_letter_topic = Some("orders.dlq".into());
    d.nodes = vec![p, t, dlq, s, g];
    d.edges = vec![
        Edge::new("orders-svc", "orders"),
        Edge::new("orders-value", "orders"),
        Edge::new("orders", "billing"),
    ];
    d.edges[2].lag = Some(42);
    d
}

#[test]
fn a_small_design_reads_as_written_down() {
    let text = export(&small());
    let expected = r##"# AsyncAPI 3.0 document of a kafka-design/v1 design, written by the Kafka design studio.
# x- fields carry what AsyncAPI has no place for; importing this document gives the design back.
asyncapi: "3.0.0"

info:
  title: "Orders"
  version: "1.0.0"
  description: "Orders and their failures."

servers:
  production:
    host: "kafka.example.com:9093"
    protocol: "kafka-secure"
    title: "production"
    security:
      - $ref: "#/components/securitySchemes/scramSha512"

channels:
  orders:
    address: "shop.orders"
    messages:
      orders-value:
        $ref: "#/components/messages/orders-value"
    bindings:
      kafka:
        topic: "shop.orders"
        partitions: 6
        replicas: 3
        topicConfiguration:
          cleanup.policy:
            - "compact"
            - "delete"
        bindingVersion: "0.5.0"
    x-kafka-config:
      min.insync.replicas: 2
  orders_dlq:
    address: "shop.orders.dlq"
    bindings:
      kafka:
        topic: "shop.orders.dlq"
        bindingVersion: "0.5.0"
    x-topic-role: dlq

operations:
  orders-svc-send-orders:
    action: send
    channel:
      $ref: "#/channels/orders"
    title: "Order service"
    messages:
      - $ref: "#/channels/orders/messages/orders-value"
    bindings:
      kafka:
        clientId:
          type: string
          enum:
            - "Order service"
        bindingVersion: "0.5.0"
    x-node-kind: producer
    x-kafka-node:
      config:
        acks: "all"
      key:
        distribution:
          cardinality: 10
          kind: "uniform"
        field: "orderId"
      messages_per_sec: 100.0
  billing-receive-orders:
    action: receive
    channel:
      $ref: "#/channels/orders"
    title: "billing"
    messages:
      - $ref: "#/channels/orders/messages/orders-value"
    bindings:
      kafka:
        groupId:
          type: string
          enum:
            - "billing"
        clientId:
          type: string
          enum:
            - "billing"
        bindingVersion: "0.5.0"
    x-node-kind: consumer_group
    x-kafka-node:
      dead_letter_topic: "orders_dlq"
      instances: 3
    x-lag: 42

components:
  messages:
    orders-value:
      name: "shop.orders-value"
      x-schema-subject: "shop.orders-value"
      payload:
        schemaFormat: application/vnd.apache.avro;version=1.9.0
        schema:
          fields:
            - name: "id"
              type: "string"
          name: "Order"
          type: "record"
      bindings:
        kafka:
          key:
            type: string
            x-key-field: "orderId"
          bindingVersion: "0.5.0"
  securitySchemes:
    scramSha512:
      type: scramSha512
"##;
    assert_eq!(text, expected, "{text}");
}

#[test]
fn the_same_design_gives_the_same_bytes() {
    assert_eq!(export(&small()), export(&small()));
}

#[test]
fn ids_that_are_not_keys_get_unique_keys_and_keys_keep_themselves() {
    let mut d = Design::new("k");
    for id in ["a.b", "a_b", "a_b-2", "é", ""] {
        d.nodes.push(node(id, NodeKind::Topic, id));
    }
    let g = Graph::new(&d);
    assert_eq!(g.keys, ["a_b-3", "a_b", "a_b-2", "_", "node"]);
}

#[test]
fn many_equal_bases_all_get_their_own_key() {
    let mut keys = KeyMaker::default();
    let made: HashSet<String> = (0..20_000).map(|_| keys.make("x")).collect();
    assert_eq!(made.len(), 20_000);
    assert!(made.contains("x") && made.contains("x-2") && made.contains("x-20000"));
}

#[test]
fn security_words_name_their_scheme_type() {
    for (words, t) in [
        ("scramSha512", Some("scramSha512")),
        ("SASL/SCRAM-SHA-512", Some("scramSha512")),
        ("SCRAM-SHA-256", Some("scramSha256")),
        ("SASL_PLAIN", Some("plain")),
        ("PLAIN", Some("plain")),
        ("Kerberos (GSSAPI)", Some("gssapi")),
        ("mTLS", Some("X509")),
        ("x509", Some("X509")),
        ("userpassword", Some("userPassword")),
        ("SASL_PLAINTEXT", None),
        ("OAUTHBEARER", None),
        ("", None),
        ("apiKey", None),
    ] {
        assert_eq!(scheme_type(words), t, "{words}");
    }
}

#[test]
fn server_security_not_a_scheme_type_is_kept_in_words() {
    let mut d = Design::new("s");
    for (name, security) in [
        ("a b", Some("SASL/SCRAM-SHA-512")),
        ("a:b", Some("OAUTHBEARER")),
        ("c", None),
    ] {
        d.cluster.servers.push(Server {
            name: name.into(),
            host: "h:1".into(),
            protocol: "kafka".into(),
            security: security.map(Into::into),
            description: Some("d".into()),
            extra: Default::default(),
        });
    }
    let v = read(&export(&d));
    let servers = v["servers"].as_object().unwrap();
    assert_eq!(servers.keys().collect::<Vec<_>>(), ["a_b", "a_b-2", "c"]);
    assert_eq!(v["servers"]["a_b"]["title"], "a b");
    assert_eq!(v["servers"]["a_b"]["x-security"], "SASL/SCRAM-SHA-512");
    assert_eq!(
        v["servers"]["a_b"]["security"],
        json!([{"$ref": "#/components/securitySchemes/scramSha512"}])
    );
    assert_eq!(v["servers"]["a_b-2"]["title"], "a:b");
    assert_eq!(v["servers"]["a_b-2"]["x-security"], "OAUTHBEARER");
    assert!(v["servers"]["a_b-2"].get("security").is_none());
    assert!(v["servers"]["c"].get("security").is_none() && v["servers"]["c"].get("x-security").is_none());
    assert_eq!(
        v["components"]["securitySchemes"],
        json!({"scramSha512": {"type": "scramSha512"}})
    );
}

#[test]
fn topic_settings_the_binding_cannot_take_stay_in_x_kafka_config() {
    let mut d = Design::new("t");
    let mut t = node("t", NodeKind::Topic, "t");
    t.partitions = Some(0);
    for (k, v) in [
        ("replication.factor", json!("3")),
        ("cleanup.policy", json!("compact, delete")),
        ("retention.ms", json!(-2)),
        ("retention.bytes", json!(-1)),
        ("delete.retention.ms", json!("1d")),
        ("max.message.bytes", json!(1_000_000)),
    ] {
        t.config.insert(k.into(), v);
    }
    t.internal = Some(true);
    d.nodes.push(t);
    let v = read(&export(&d));
    let c = &v["channels"]["t"];
    assert_eq!(
        c["bindings"]["kafka"],
        json!({"topic": "t", "topicConfiguration": {"max.message.bytes": 1_000_000, "retention.bytes": -1}, "bindingVersion": "0.5.0"})
    );
    assert_eq!(
        c["x-kafka-config"],
        json!({"cleanup.policy": "compact, delete", "delete.retention.ms": "1d", "replication.factor": "3", "retention.ms": -2})
    );
    assert_eq!(c["x-internal"], true);
}

#[test]
fn broken_designs_export_without_panicking() {
    let mut d = Design::new("");
    d.nodes = vec![
        node("p", NodeKind::Producer, "p"),
        node("p", NodeKind::ConsumerGroup, "same id"),
        node("s", NodeKind::SchemaSubject, "s"),
        node("t", NodeKind::Topic, "t"),
    ];
    d.nodes[0].dead_letter_topic = Some("nowhere".into());
    d.edges = vec![
        Edge::new("p", "nowhere"),
        Edge::new("p", "p"),
        Edge::new("s", "s"),
        Edge::new("t", "s"),
        Edge::new("s", "t"),
        Edge::new("p", "t"),
        Edge::new("p", "t"),
    ];
    let v = read(&export(&d));
    let ops: Vec<&String> = v["operations"].as_object().unwrap().keys().collect();
    assert_eq!(ops, ["p-send-t", "p-send-t-2"]);
    assert_eq!(
        v["operations"]["p-send-t"]["x-kafka-node"]["dead_letter_topic"],
        "nowhere"
    );
    assert_eq!(
        v["channels"]["t"]["messages"],
        json!({"s": {"$ref": "#/components/messages/s"}})
    );
    let empty = read(&export(&Design::new("")));
    assert_eq!(
        empty,
        json!({"asyncapi": "3.0.0", "info": {"title": "", "version": "1.0.0"}})
    );
}

#[test]
fn global_reads_and_unattached_subjects_are_written() {
    let mut d = Design::new("g");
    d.nodes = vec![
        node("t", NodeKind::Topic, "t"),
        node("app", NodeKind::StreamProcessor, "app"),
        node("lonely", NodeKind::SchemaSubject, "lonely"),
    ];
    d.nodes[2].schema_type = Some(SchemaType::Protobuf);
    d.nodes[2].versions = vec![design::SchemaVersion::new(
        "syntax = \"proto3\";\nmessage A { string id = 1; }\n",
    )];
    d.edges = vec![Edge::new("t", "app"), Edge::new("app", "t")];
    d.edges[0].global = Some(true);
    let v = read(&export(&d));
    assert_eq!(v["operations"]["app-receive-t"]["x-global"], true);
    assert!(v["operations"]["app-send-t"].get("x-global").is_none());
    assert_eq!(v["operations"]["app-send-t"]["x-node-kind"], "stream_processor");
    assert_eq!(
        v["components"]["messages"]["lonely"]["payload"],
        json!({"schemaFormat": "application/vnd.google.protobuf;version=3", "schema": "syntax = \"proto3\";\nmessage A { string id = 1; }\n"})
    );
}
