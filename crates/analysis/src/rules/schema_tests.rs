//! The schema rules on designs: which readers and writers a breaking version names, where it
//! points, and what each level compares.

use serde_json::{json, Value};

use super::tests::{doc, well_configured};
use super::{config_findings, Finding};
use crate::graph::Graph;

const V1: &str = r#"{
  "type": "record",
  "name": "Order",
  "fields": [
    {"name": "id", "type": "string"}
  ]
}"#;

fn with_email(default: bool) -> String {
    let default = if default { r#", "default": """# } else { "" };
    format!(
        r#"{{
  "type": "record",
  "name": "Order",
  "fields": [
    {{"name": "id", "type": "string"}},
    {{"name": "email", "type": "string"{default}}}
  ]
}}"#
    )
}

/// The well-configured design, with a stream processor and a sink connector reading `t` too,
/// and subject `s` set to `subject`.
fn design(subject: Value) -> Vec<Finding> {
    let mut d = well_configured();
    let nodes = d["nodes"].as_array_mut().unwrap();
    nodes.push(json!({"id": "app", "kind": "stream_processor", "name": "enricher"}));
    nodes.push(json!({"id": "sink", "kind": "sink_connector", "name": "s3-archive"}));
    for n in nodes.iter_mut() {
        if n["id"] == "s" {
            n.as_object_mut()
                .unwrap()
                .extend(subject.as_object().unwrap().clone());
        }
    }
    let edges = d["edges"].as_array_mut().unwrap();
    edges.push(json!({"from": "t", "to": "app"}));
    edges.push(json!({"from": "t", "to": "sink"}));
    let d = doc(d);
    config_findings(&d, &Graph::new(&d), 3)
        .into_iter()
        .filter(|f| f.rule.starts_with("schema-"))
        .collect()
}

fn versions(texts: &[&str]) -> Value {
    Value::Array(texts.iter().map(|t| json!({"schema": t})).collect())
}

#[test]
fn a_field_without_a_default_names_every_reader_and_points_at_the_field() {
    let found = design(json!({"versions": versions(&[V1, &with_email(false)])}));
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f.rule, "schema-incompatible");
    assert_eq!(f.node.as_deref(), Some("s"));
    for name in [
        "consumer group `g`",
        "stream processor `enricher`",
        "sink connector `s3-archive`",
    ] {
        assert!(f.message.contains(name), "{name}: {}", f.message);
    }
    assert!(f.message.contains("field `Order.email`"), "{}", f.message);
    assert!(
        f.message.contains("READER_FIELD_MISSING_DEFAULT_VALUE"),
        "{}",
        f.message
    );
    assert!(f.message.contains("`shop.orders.created`"), "{}", f.message);
    let at = f.schema.as_ref().expect("points into the schema");
    assert_eq!(at.version, 2);
    assert_eq!(at.path.as_deref(), Some("/fields/1"));
    // Line 6 of version 2 is the `email` field.
    assert_eq!(at.line, Some(6));
    assert_eq!(at.column, Some(5));
}

#[test]
fn the_default_clears_it() {
    assert_eq!(
        design(json!({"versions": versions(&[V1, &with_email(true)])})),
        vec![]
    );
}

#[test]
fn forward_names_the_writers_that_cannot_move() {
    // Removing a field without a default breaks FORWARD: version 1 cannot read records
    // without `email`.
    let found = design(json!({
        "compatibility": "FORWARD",
        "versions": versions(&[&with_email(false), V1]),
    }));
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert!(
        f.message
            .contains("producer `p` writing `shop.orders.created` cannot move to version 2"),
        "{}",
        f.message
    );
    assert!(f.message.contains("consumer group `g`"), "{}", f.message);
    // The place is in the reader's schema: version 1 reads, and its `email` has no default.
    let at = f.schema.as_ref().unwrap();
    assert_eq!(
        (at.version, at.path.as_deref(), at.line),
        (1, Some("/fields/1"), Some(6))
    );
    // The same change is fine BACKWARD: the new schema ignores the writer's extra field.
    assert_eq!(
        design(json!({"versions": versions(&[&with_email(false), V1])})),
        vec![]
    );
}

#[test]
fn transitive_levels_compare_with_every_version_and_none_compares_with_none() {
    // v1 has `email` without default; v2 drops it; v3 brings it back with a default. v3 reads
    // v2 and v1 fine; but FORWARD_TRANSITIVE asks v1 to read v3 — fine too; v1 reading v2 is
    // not asked (v2 is not the newest). Make v3 break only with v1: a type change of `id`.
    let v1 = r#"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "int"}]}"#;
    let v2 = r#"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"}]}"#;
    let v3 = r#"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"}, {"name": "n", "type": "int", "default": 0}]}"#;
    // v3 reads v1 (int → long promotes) and v2: compatible both ways backward.
    assert_eq!(
        design(json!({"compatibility": "BACKWARD_TRANSITIVE", "versions": versions(&[v1, v2, v3])})),
        vec![]
    );
    // Forward: v2 reads v3 fine, but v1 cannot read v3's long `id`.
    assert_eq!(
        design(json!({"compatibility": "FORWARD", "versions": versions(&[v1, v2, v3])})),
        vec![]
    );
    let found = design(json!({"compatibility": "FORWARD_TRANSITIVE", "versions": versions(&[v1, v2, v3])}));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].message.contains("TYPE_MISMATCH"), "{}", found[0].message);
    assert_eq!(found[0].schema.as_ref().unwrap().version, 1);
    let none = design(json!({"compatibility": "NONE", "versions": versions(&[v1, v3])}));
    assert_eq!(none.len(), 1, "{none:#?}");
    assert_eq!(none[0].rule, "schema-compatibility-none");
}

#[test]
fn a_version_that_does_not_parse_is_marked_at_its_line() {
    let broken = "{\n  \"type\": \"record\",\n  \"name\": \"Order\",\n  \"fields\": [\n    {\"name\": \"id\" \"type\": \"string\"}\n  ]\n}";
    let found = design(json!({"versions": versions(&[V1, broken])}));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].rule, "schema-invalid");
    let at = found[0].schema.as_ref().unwrap();
    assert_eq!((at.version, at.line), (2, Some(5)));
    assert!(
        found[0]
            .message
            .contains("version 2 of `shop.orders.created-value` is not valid AVRO"),
        "{}",
        found[0].message
    );
}

#[test]
fn a_version_that_is_json_but_not_avro_is_marked_where_it_is_wrong() {
    let unknown = "{\n  \"type\": \"record\",\n  \"name\": \"Order\",\n  \"fields\": [\n    {\"name\": \"id\", \"type\": \"Strnig\"}\n  ]\n}";
    let found = design(json!({"versions": versions(&[V1, unknown])}));
    assert_eq!(found.len(), 1, "{found:#?}");
    let at = found[0].schema.as_ref().unwrap();
    assert_eq!((at.version, at.line), (2, Some(5)), "{found:#?}");
    assert!(at.path.is_some());
}
