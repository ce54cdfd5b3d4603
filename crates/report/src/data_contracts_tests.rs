//! The data-contracts section: each subject's verdict as the analysis finds it, the newest
//! schema printed exactly (read back by a CommonMark parser, whatever fences its text holds),
//! and the PDF's source still typst.

use serde_json::{json, Value};

use crate::data_contracts::{contracts, fence};
use crate::text::tests::hostile_name;

const V1: &str = r#"{"type": "record", "name": "Order", "namespace": "shop", "fields": [{"name": "id", "type": "string"}]}"#;
const V2_BREAKS: &str = r#"{"type": "record", "name": "Order", "namespace": "shop", "fields": [{"name": "id", "type": "string"}, {"name": "email", "type": "string"}]}"#;
const V2_DOC: &str = r#"{"type": "record", "name": "Order", "namespace": "shop", "doc": "``` ~~~", "fields": [{"name": "id", "type": "string"}]}"#;
/// A text (not valid JSON: it is printed as it is) with fences, tildes and a line that would close a three-backtick fence.
const V2_FENCES: &str = "{\"type\": \"record\", \"name\": \"Order\", \"namespace\": \"shop\",\n \"doc\": \"```\\n~~~\\n`````\",\n\"fields\": [{\"name\": \"id\", \"type\": \"string\"}]}\n```\n";

fn design(subjects: Vec<Value>) -> design::Design {
    let mut nodes = vec![
        json!({"id": "p", "kind": "producer", "name": "p", "messages_per_sec": 10, "avg_message_bytes": 100}),
        json!({"id": "t", "kind": "topic", "name": "shop.orders.created", "partitions": 3}),
        json!({"id": "g", "kind": "consumer_group", "name": "billing"}),
    ];
    let mut edges = vec![json!({"from": "p", "to": "t"}), json!({"from": "t", "to": "g"})];
    for (i, mut s) in subjects.into_iter().enumerate() {
        let id = format!("s{i}");
        s["id"] = json!(id);
        s["kind"] = json!("schema_subject");
        edges.push(json!({"from": id, "to": "t"}));
        nodes.push(s);
    }
    design::parse(
        json!({"schema": "kafka-design/v1", "name": "contracts", "nodes": nodes, "edges": edges})
            .to_string()
            .as_bytes(),
    )
    .unwrap()
}

fn versions(texts: &[&str]) -> Value {
    Value::Array(texts.iter().map(|t| json!({"schema": t})).collect())
}

#[test]
fn each_subject_says_what_its_newest_version_does() {
    let d = design(vec![
        json!({"name": "empty"}),
        json!({"name": "one", "versions": versions(&[V1])}),
        json!({"name": "fine", "versions": versions(&[V1, V2_DOC])}),
        json!({"name": "fine-transitive", "compatibility": "FULL_TRANSITIVE", "versions": versions(&[V1, V1, V1])}),
        json!({"name": "breaks", "versions": versions(&[V1, V2_BREAKS])}),
        json!({"name": "anything", "compatibility": "NONE", "versions": versions(&[V1, V2_BREAKS])}),
        json!({"name": "broken", "versions": versions(&[V1, "{"])}),
        json!({"name": "shop.orders.created-value", "schema_type": "PROTOBUF", "versions": versions(&["syntax = \"proto3\";\nmessage A { string id = 1; }\n"])}),
    ]);
    let a = analysis::analyze(&d);
    let found: Vec<(&str, String, Option<String>)> = contracts(&d, &a)
        .into_iter()
        .map(|c| (c.node.name.as_str(), c.verdict, c.registry_name))
        .collect();
    let value = || Some("shop.orders.created-value".to_owned());
    assert_eq!(
        found,
        vec![
            ("empty", "no versions".into(), value()),
            ("one", "one version".into(), value()),
            ("fine", "version 2 compatible with version 1".into(), value()),
            (
                "fine-transitive",
                "version 3 compatible with versions 1–2".into(),
                value()
            ),
            (
                "breaks",
                "version 2 breaks BACKWARD: 1 incompatibility (see findings)".into(),
                value()
            ),
            ("anything", "not checked (NONE)".into(), value()),
            (
                "broken",
                "1 version does not parse (see findings)".into(),
                value()
            ),
            ("shop.orders.created-value", "one version".into(), None),
        ]
    );
}

#[test]
fn the_markdown_prints_the_newest_schema_exactly_whatever_fences_it_holds() {
    use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
    let d = design(vec![
        json!({"name": hostile_name(), "versions": versions(&[V1, V2_FENCES])}),
        json!({"name": "second", "schema_type": "PROTOBUF", "versions": versions(&["syntax = \"proto3\";\r\nmessage A {}\r\n"])}),
    ]);
    let md = crate::markdown::spec(&d, &analysis::analyze(&d), &crate::Links::none());
    assert!(md.contains("\n## Data contracts\n"), "{md}");
    let mut blocks: Vec<(String, String)> = Vec::new();
    let mut current: Option<(String, String)> = None;
    for event in Parser::new_ext(&md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                current = Some((lang.to_string(), String::new()))
            }
            Event::Text(t) => {
                if let Some((_, text)) = &mut current {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    let schemas: Vec<&(String, String)> = blocks.iter().filter(|(lang, _)| lang != "mermaid").collect();
    assert_eq!(
        schemas,
        vec![
            &("json".to_owned(), format!("{}\n", V2_FENCES.trim_end())),
            &(
                "proto".to_owned(),
                "syntax = \"proto3\";\nmessage A {}\n".to_owned()
            ),
        ]
    );
    assert_eq!(fence("a ``` b ````` c"), "``````");
    assert_eq!(fence("none"), "```");
}

#[test]
fn long_schemas_are_named_not_printed() {
    let long = format!(
        r#"{{"type": "record", "name": "Big", "doc": "{}", "fields": []}}"#,
        "x".repeat(crate::data_contracts::MAX_PRINTED_SCHEMA_BYTES)
    );
    let d = design(vec![json!({"name": "big", "versions": versions(&[&long])})]);
    let md = crate::markdown::spec(&d, &analysis::analyze(&d), &crate::Links::none());
    assert!(md.contains("`big` — version 1: not printed here"), "{md}");
    assert!(!md.contains(&"x".repeat(1000)));
}

#[cfg(feature = "pdf")]
#[test]
fn the_pdf_source_holds_the_section_and_parses_as_typst() {
    let d = design(vec![
        json!({"name": hostile_name(), "versions": versions(&[V1, V2_FENCES])}),
    ]);
    let t = crate::spec_source::source(&d, &analysis::analyze(&d), &crate::Links::none());
    assert!(t.contains("= Data contracts"), "{t}");
    assert!(t.contains(&format!(
        "#raw({}, block: true",
        crate::spec_source::typst_str(V2_FENCES)
    )));
    let root = typst::syntax::parse(&t);
    assert!(root.errors().is_empty(), "{:?}", root.errors());
}

#[test]
fn every_incompatibility_is_counted_not_only_the_ten_the_lint_lists() {
    let fields: Vec<String> = (0..25)
        .map(|i| format!(r#"{{"name": "f{i}", "type": "int"}}"#))
        .collect();
    let wide = format!(
        r#"{{"type": "record", "name": "Order", "namespace": "shop", "fields": [{}]}}"#,
        fields.join(",")
    );
    let d = design(vec![json!({"name": "wide", "versions": versions(&[V1, &wide])})]);
    let a = analysis::analyze(&d);
    let c = &contracts(&d, &a)[0];
    // Version 2 reads version 1's records: its 25 fields have no defaults and version 1 wrote
    // none of them (the lint lists ten and sums up the other fifteen).
    assert_eq!(
        c.verdict,
        "version 2 breaks BACKWARD: 25 incompatibilities (see findings)"
    );
}
