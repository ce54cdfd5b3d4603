//! The JSON Schema reader: its errors, drafts, and limits (schema bombs).

use std::time::{Duration, Instant};

use contracts::json_schema::{compare, Draft, Schema};
use contracts::{limits, Error};

#[test]
fn json_syntax_errors_carry_serde_line_and_column() {
    match Schema::parse("{\n  \"type\": \"string\",\n  oops\n}") {
        Err(Error::Syntax {
            line: Some(3),
            column: Some(3),
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn semantic_errors_carry_a_json_pointer() {
    let cases = [
        (
            r#"{"properties": {"a": {"type": "strin"}}}"#,
            "#/properties/a/type",
        ),
        (r#"{"items": [{"type": 3}]}"#, "#/items/0/type"),
        (r#"{"oneOf": {"type": "string"}}"#, "#/oneOf"),
        (r#"{"properties": {"a": 5}}"#, "#/properties/a"),
        (r##"{"$ref": "#/definitions/missing"}"##, "#"),
    ];
    for (text, pointer) in cases {
        match Schema::parse(text) {
            Err(Error::Syntax {
                location: Some(l), ..
            }) => assert_eq!(l, pointer, "{text}"),
            other => panic!("{text}: {other:?}"),
        }
    }
}

#[test]
fn drafts_are_read_from_schema() {
    let d = |s: &str| {
        Schema::parse(&format!(r#"{{"$schema": "{s}"}}"#))
            .unwrap()
            .draft()
    };
    assert_eq!(d("http://json-schema.org/draft-04/schema#"), Draft::Draft4);
    assert_eq!(d("http://json-schema.org/draft-06/schema#"), Draft::Draft6);
    assert_eq!(
        d("https://json-schema.org/draft/2019-09/schema"),
        Draft::Draft2019
    );
    assert_eq!(
        d("https://json-schema.org/draft/2020-12/schema"),
        Draft::Draft2020
    );
    assert_eq!(Schema::parse("{}").unwrap().draft(), Draft::Draft7);
    // Draft 4's boolean exclusive limits are flags, not limits.
    let old = Schema::parse(
        r#"{"$schema": "http://json-schema.org/draft-04/schema#", "type": "number", "maximum": 5}"#,
    )
    .unwrap();
    let new = Schema::parse(r#"{"$schema": "http://json-schema.org/draft-04/schema#", "type": "number", "maximum": 5, "exclusiveMaximum": true}"#).unwrap();
    assert!(compare(&new, &old).is_empty());
}

#[test]
fn a_10000_deep_schema_is_a_limit_quickly() {
    let n = 10_000;
    let text = format!("{}{}", r#"{"properties": {"a": "#.repeat(n), "}}".repeat(n));
    let start = Instant::now();
    assert!(matches!(Schema::parse(&text), Err(Error::Limit(_))));
    let items = format!("{}{}", r#"{"items": "#.repeat(n), "}".repeat(n));
    assert!(matches!(Schema::parse(&items), Err(Error::Limit(_))));
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[test]
fn a_huge_one_of_is_a_limit() {
    let subs = vec![r#"{"type": "string"}"#; limits::MAX_UNION + 1].join(",");
    assert!(matches!(
        Schema::parse(&format!(r#"{{"oneOf": [{subs}]}}"#)),
        Err(Error::Limit(_))
    ));
}

#[test]
fn recursive_refs_terminate() {
    let old = r##"{"$ref": "#/definitions/node", "definitions": {"node": {"type": "object",
        "properties": {"v": {"type": "integer"}, "children": {"type": "array", "items": {"$ref": "#/definitions/node"}}}}}}"##;
    let new = old.replace(r#""v": {"type": "integer"}"#, r#""v": {"type": "string"}"#);
    let (o, n) = (Schema::parse(old).unwrap(), Schema::parse(&new).unwrap());
    assert!(compare(&o, &o).is_empty());
    let found: Vec<_> = compare(&n, &o)
        .into_iter()
        .map(|f| (f.kind, f.location))
        .collect();
    // The recursive occurrence is reported too, as Confluent's fixpoint pass reports it.
    assert_eq!(
        found,
        vec![
            (
                "TYPE_CHANGED",
                "#/properties/children/items/properties/v".to_owned()
            ),
            ("TYPE_CHANGED", "#/properties/v".to_owned())
        ]
    );
    // A reference cycle made only of references is the empty schema.
    assert!(Schema::parse(r##"{"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}}, "$ref": "#/definitions/a"}"##).is_ok());
}

#[test]
fn wide_combinations_of_recursive_definitions_stay_bounded() {
    // Many definitions each a oneOf of all the others: the pairwise matching is memoised and the
    // whole comparison stops at MAX_COMPARISONS with a finding saying so.
    let k = 40;
    let defs: Vec<String> = (0..k)
        .map(|i| {
            let refs: Vec<String> = (0..k)
                .map(|j| {
                    format!(
                        r##"{{"type": "array", "items": {{"$ref": "#/$defs/d{j}"}}, "maxItems": {}}}"##,
                        i + j
                    )
                })
                .collect();
            format!(r#""d{i}": {{"oneOf": [{}]}}"#, refs.join(","))
        })
        .collect();
    let text = format!(r##"{{"$ref": "#/$defs/d0", "$defs": {{{}}}}}"##, defs.join(","));
    let (a, b) = (
        Schema::parse(&text).unwrap(),
        Schema::parse(&text.replace("\"maxItems\": 3", "\"maxItems\": 2")).unwrap(),
    );
    let start = Instant::now();
    let _ = compare(&b, &a);
    assert!(start.elapsed() < Duration::from_secs(20), "{:?}", start.elapsed());
}
