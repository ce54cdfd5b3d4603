//! AsyncAPI documents written by others (the specification's own Kafka examples, see
//! `fixtures/asyncapi/SOURCES.md`) import to the topics, groups and edges they describe, and
//! the same API written in 2.6 and in 3.x imports to the same design.

use design::{Design, NodeKind};
use interop::{import, Format, Options};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/asyncapi/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(name: &str) -> interop::Imported {
    let text = fixture(name);
    assert_eq!(
        interop::detect(&text),
        Some(Format::Asyncapi),
        "{name} is detected"
    );
    import(&text, None, &Options::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn names(d: &Design, kind: NodeKind) -> Vec<String> {
    let mut v: Vec<String> = d
        .nodes
        .iter()
        .filter(|n| n.kind == kind)
        .map(|n| n.name.clone())
        .collect();
    v.sort();
    v
}

/// `(from name, to name)` for every edge, sorted.
fn edges(d: &Design) -> Vec<(String, String)> {
    let name = |id: &str| {
        d.nodes
            .iter()
            .find(|n| n.id == id)
            .map(|n| n.name.clone())
            .unwrap()
    };
    let mut v: Vec<_> = d.edges.iter().map(|e| (name(&e.from), name(&e.to))).collect();
    v.sort();
    v
}

#[test]
fn streetlights_2_6_and_3_1_import_to_the_same_design() {
    let v2 = read("streetlights-kafka-2.6.yml");
    let v3 = read("streetlights-kafka-3.0.yml");
    for w in v2.warnings.iter().chain(&v3.warnings) {
        eprintln!("{} — {}", w.location, w.message);
    }
    let d = &v2.design;
    assert_eq!(d.name, "Streetlights Kafka API");
    assert_eq!(
        names(d, NodeKind::Topic),
        [
            "smartylighting.streetlights.1.0.action.{streetlightId}.dim",
            "smartylighting.streetlights.1.0.action.{streetlightId}.turn.off",
            "smartylighting.streetlights.1.0.action.{streetlightId}.turn.on",
            "smartylighting.streetlights.1.0.event.{streetlightId}.lighting.measured",
        ]
    );
    // One application (client id `my-app-id`) receives measurements and sends commands.
    assert_eq!(names(d, NodeKind::StreamProcessor), ["my-app-id"]);
    assert!(names(d, NodeKind::Producer).is_empty());
    assert!(names(d, NodeKind::ConsumerGroup).is_empty());
    assert_eq!(
        names(d, NodeKind::SchemaSubject),
        [
            "smartylighting.streetlights.1.0.action.{streetlightId}.dim-value",
            "smartylighting.streetlights.1.0.action.{streetlightId}.turn.off-value",
            "smartylighting.streetlights.1.0.action.{streetlightId}.turn.on-value",
            "smartylighting.streetlights.1.0.event.{streetlightId}.lighting.measured-value",
        ]
    );
    let e = edges(d);
    assert!(e.contains(&(
        "smartylighting.streetlights.1.0.event.{streetlightId}.lighting.measured".into(),
        "my-app-id".into()
    )));
    assert!(e.contains(&(
        "my-app-id".into(),
        "smartylighting.streetlights.1.0.action.{streetlightId}.dim".into()
    )));
    assert_eq!(e.len(), 8, "{e:?}");
    // The payload schemas come with their references written out.
    let measured = d
        .nodes
        .iter()
        .find(|n| n.name.ends_with("lighting.measured-value"))
        .unwrap();
    assert_eq!(measured.schema_type, Some(design::SchemaType::Json));
    let schema: serde_json::Value = serde_json::from_str(measured.latest_schema().unwrap()).unwrap();
    assert_eq!(schema["properties"]["lumens"]["type"], "integer");
    assert_eq!(schema["properties"]["sentAt"]["format"], "date-time");
    // Servers: both Kafka servers, with their security schemes.
    let servers: Vec<(&str, &str, Option<&str>)> = d
        .cluster
        .servers
        .iter()
        .map(|s| (s.name.as_str(), s.host.as_str(), s.security.as_deref()))
        .collect();
    assert_eq!(
        servers,
        [
            ("mtls-connections", "test.mykafkacluster.org:28092", Some("X509")),
            (
                "scram-connections",
                "test.mykafkacluster.org:18092",
                Some("scramSha256")
            ),
        ]
    );

    // The same API in 3.x: the same topics, nodes, subjects, edges and servers.
    let v3 = &v3.design;
    for kind in NodeKind::ALL {
        assert_eq!(names(d, kind), names(v3, kind), "{kind:?}");
    }
    assert_eq!(edges(d), edges(v3));
    assert_eq!(d.cluster.servers.len(), v3.cluster.servers.len());
    for (a, b) in d.cluster.servers.iter().zip(&v3.cluster.servers) {
        assert_eq!(
            (&a.name, &a.host, &a.protocol, &a.security),
            (&b.name, &b.host, &b.protocol, &b.security)
        );
    }
    let schemas = |d: &Design| {
        let mut v: Vec<_> = d
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::SchemaSubject)
            .map(|n| (n.name.clone(), n.versions.clone()))
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    assert_eq!(schemas(d), schemas(v3));
    // Each parameterised address is said once.
    let said = v2
        .warnings
        .iter()
        .filter(|w| w.message.contains("has parameters"))
        .count();
    assert_eq!(said, 4);
}

#[test]
fn adeo_request_reply_imports_what_it_can_and_says_what_it_skipped() {
    let imported = read("adeo-kafka-request-reply-3.0.yml");
    let d = &imported.design;
    assert_eq!(d.name, "Adeo AsyncAPI Case Study");
    let request = "adeo-{env}-case-study-COSTING-REQUEST-{version}";
    // A reply channel without an address is named after its key.
    assert_eq!(names(d, NodeKind::Topic), [request, "costingResponseChannel"]);
    let topic = d.nodes.iter().find(|n| n.name == request).unwrap();
    assert_eq!(topic.partitions, Some(3));
    assert_eq!(topic.config["replication.factor"], 3);
    assert_eq!(topic.config["cleanup.policy"], "delete");
    assert_eq!(topic.config["retention.ms"], 60_000_000);
    // The group id is described but not given: the application is the document's.
    // It receives requests and sends replies: a stream processor.
    assert_eq!(names(d, NodeKind::StreamProcessor), ["Adeo AsyncAPI Case Study"]);
    assert_eq!(
        edges(d),
        [
            (
                "Adeo AsyncAPI Case Study".to_string(),
                "costingResponseChannel".to_string()
            ),
            (request.to_string(), "Adeo AsyncAPI Case Study".to_string()),
            (format!("{request}-value"), request.to_string()),
            (
                "costingResponseChannel-value".to_string(),
                "costingResponseChannel".to_string()
            ),
        ]
    );
    // Avro payloads in other files: the subjects are Avro, their schemas stay references.
    let subject = d
        .nodes
        .iter()
        .find(|n| n.name == format!("{request}-value"))
        .unwrap();
    assert_eq!(subject.schema_type, Some(design::SchemaType::Avro));
    let schema: serde_json::Value = serde_json::from_str(subject.latest_schema().unwrap()).unwrap();
    assert!(schema["$ref"].as_str().unwrap().ends_with(".avsc"));
    let said = |s: &str| imported.warnings.iter().filter(|w| w.message.contains(s)).count();
    assert_eq!(said("another file"), 2);
    assert_eq!(said("no address"), 1);
    assert!(imported
        .warnings
        .iter()
        .any(|w| w.location == "channels.costingResponseChannel"));
    assert_eq!(d.cluster.servers.len(), 3);
    assert!(d
        .cluster
        .servers
        .iter()
        .all(|s| s.security.as_deref() == Some("plain")));
}

#[test]
fn the_same_document_in_json_imports_the_same() {
    let yaml = fixture("streetlights-kafka-3.0.yml");
    let value: serde_json::Value = serde_norway::from_str(&yaml).unwrap();
    let json = serde_json::to_string_pretty(&value).unwrap();
    assert_eq!(interop::detect(&json), Some(Format::Asyncapi));
    let a = import(&yaml, None, &Options::default()).unwrap();
    let b = import(&json, None, &Options::default()).unwrap();
    assert_eq!(a.design, b.design);
    assert_eq!(a.warnings, b.warnings);
}

#[test]
fn payloads_a_subject_cannot_keep_are_left_out_with_a_warning() {
    let doc = r##"
asyncapi: 3.0.0
info: {title: t, version: "1"}
channels:
  a: {address: a, messages: {m: {$ref: "#/components/messages/empty"}}}
  b: {address: b, messages: {m: {$ref: "#/components/messages/nul"}}}
  c: {address: c, messages: {m: {$ref: "#/components/messages/fine"}}}
components:
  messages:
    empty: {name: a-value, payload: {schemaFormat: application/vnd.google.protobuf;version=3, schema: "  "}}
    nul: {name: b-value, payload: {schemaFormat: application/vnd.google.protobuf;version=3, schema: "syntax\0"}}
    fine: {name: c-value, payload: {schemaFormat: application/vnd.apache.avro;version=1.9.0, schema: "string"}}
"##;
    let imported = import(doc, Some(Format::Asyncapi), &Options::default()).unwrap();
    let d = &imported.design;
    let versions = |name: &str| {
        d.nodes
            .iter()
            .find(|n| n.kind == NodeKind::SchemaSubject && n.name == name)
            .map(|n| n.versions.iter().map(|v| v.schema.clone()).collect::<Vec<_>>())
            .unwrap_or_else(|| panic!("{name}: {:?}", names(d, NodeKind::SchemaSubject)))
    };
    assert_eq!(versions("a-value"), Vec::<String>::new());
    assert_eq!(versions("b-value"), Vec::<String>::new());
    // An Avro primitive keeps its quotes: the text is the schema's JSON.
    assert_eq!(versions("c-value"), vec!["\"string\"".to_owned()]);
    let said: Vec<&str> = imported.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(said.contains(&"the schema is empty; left out"), "{said:?}");
    assert!(
        said.contains(&"the schema holds a NUL character; left out"),
        "{said:?}"
    );
    assert!(design::validate(d).is_empty());
}
