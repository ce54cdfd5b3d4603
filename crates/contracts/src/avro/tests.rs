//! Unit tests of the parser (each error with its location), logical types, names, and the
//! comparison's rules beyond Avro Java's own suite (which runs from `tests/`).

use serde_json::json;

use super::{compare, Schema, Type};
use crate::Error;

fn parse(v: serde_json::Value) -> Schema {
    match Schema::parse(&v.to_string()) {
        Ok(s) => s,
        Err(e) => panic!("{v} does not parse: {e}"),
    }
}

/// The location and message of a semantic error.
fn error(v: serde_json::Value) -> (String, String) {
    match Schema::parse(&v.to_string()) {
        Err(Error::Syntax {
            line: None,
            column: None,
            location: Some(at),
            message,
        }) => (at, message),
        other => panic!("{v}: expected a located error, got {other:?}"),
    }
}

fn kinds(reader: &Schema, writer: &Schema) -> Vec<(&'static str, String)> {
    compare(reader, writer)
        .into_iter()
        .map(|f| (f.kind, f.location))
        .collect()
}

fn one(kind: &'static str, at: &str) -> Vec<(&'static str, String)> {
    vec![(kind, at.to_owned())]
}

#[test]
fn json_syntax_errors_carry_line_and_column() {
    let e = Schema::parse("{\"type\": \"record\",\n \"name\": }").unwrap_err();
    let Error::Syntax {
        line,
        column,
        location,
        message,
    } = e
    else {
        panic!("not a syntax error: {e:?}");
    };
    assert_eq!((line, column, location), (Some(2), Some(10), None));
    assert!(message.starts_with("not JSON"), "{message}");
}

#[test]
fn each_semantic_error_points_into_the_schema() {
    let rec = |fields: serde_json::Value| json!({"type": "record", "name": "R", "fields": fields});
    let cases = [
        (
            rec(json!([{"name": "a", "type": "Nope"}])),
            "/fields/0/type",
            "unknown type `Nope`",
        ),
        (
            rec(json!([{"name": "a", "type": "int"}, {"name": "a", "type": "long"}])),
            "/fields/1/name",
            "two fields named `a`",
        ),
        (
            rec(json!([{"name": "a", "type": "int", "default": "x"}])),
            "/fields/0/default",
            "default of field `a`",
        ),
        (
            json!({"type": "record", "name": "9R", "fields": []}),
            "/name",
            "invalid name `9R`",
        ),
        (
            json!({"type": "record", "name": "R", "namespace": "a.-b", "fields": []}),
            "/namespace",
            "invalid namespace",
        ),
        (
            rec(json!([{"name": "a-b", "type": "int"}])),
            "/fields/0/name",
            "invalid field name",
        ),
        (json!({"type": "fixed", "name": "F"}), "/", "needs a \"size\""),
        (json!({"type": "fixed", "name": "F", "size": -1}), "/size", "size"),
        (
            json!(["null", ["int", "long"]]),
            "/1",
            "directly contain another union",
        ),
        (
            json!(["null", "int", "int"]),
            "/2",
            "branches 1 and 2 are both `int`",
        ),
        (
            json!(["int", {"type": "int", "logicalType": "date"}]),
            "/1",
            "both `int`",
        ),
        (
            json!([{"type": "array", "items": "int"}, {"type": "array", "items": "long"}]),
            "/1",
            "both `array`",
        ),
        (
            rec(json!([
                {"name": "a", "type": {"type": "enum", "name": "E", "symbols": ["X"]}},
                {"name": "b", "type": {"type": "fixed", "name": "E", "size": 1}}
            ])),
            "/fields/1/type/name",
            "`E` is defined twice",
        ),
        (
            json!({"type": "record", "name": "int", "fields": []}),
            "/name",
            "primitive type's name",
        ),
        (json!({"name": "R", "fields": []}), "/", "needs a \"type\""),
        (json!({"type": "record", "name": "R"}), "/", "needs \"fields\""),
        (
            json!({"type": "enum", "name": "E", "symbols": ["A", "A"]}),
            "/symbols/1",
            "listed twice",
        ),
        (
            json!({"type": "enum", "name": "E", "symbols": ["A"], "default": "B"}),
            "/default",
            "one of its symbols",
        ),
        (
            json!({"type": "enum", "name": "E", "symbols": ["1A"]}),
            "/symbols/0",
            "invalid enum symbol",
        ),
        (
            rec(json!([{"name": "a", "type": "int", "order": "up"}])),
            "/fields/0/order",
            "order",
        ),
        (rec(json!([{"name": "a"}])), "/fields/0", "needs a \"type\""),
        (json!({"type": "array"}), "/", "needs \"items\""),
        (
            json!({"type": "map", "values": "Nope"}),
            "/values",
            "unknown type",
        ),
        (json!({"type": "wibble"}), "/type", "unknown type `wibble`"),
        (json!({"type": {"type": "int"}}), "/type", "is a type name"),
        (json!(42), "/", "not a number"),
        (
            rec(json!([{"name": "a", "type": "int", "aliases": [1]}])),
            "/fields/0/aliases/0",
            "an alias is a string",
        ),
    ];
    for (schema, at, says) in cases {
        let (location, message) = error(schema.clone());
        assert_eq!(location, at, "{schema}: {message}");
        assert!(message.contains(says), "{schema}: `{message}` lacks `{says}`");
    }
}

#[test]
fn unknown_types_say_references_are_not_followed() {
    let (_, message) = error(json!({"type": "record", "name": "R", "fields": [
        {"name": "a", "type": "com.example.Other"}
    ]}));
    assert!(message.contains("other subjects"), "{message}");
}

#[test]
fn defaults_are_checked_against_their_types() {
    let ok = |ty: serde_json::Value, default: serde_json::Value| {
        Schema::parse(
            &json!({"type": "record", "name": "R", "fields": [
                {"name": "f", "type": ty, "default": default}
            ]})
            .to_string(),
        )
        .is_ok()
    };
    assert!(ok(json!("int"), json!(2_147_483_647)));
    assert!(!ok(json!("int"), json!(2_147_483_648_i64)));
    assert!(!ok(json!("int"), json!(1.5)));
    assert!(ok(json!("long"), json!(-9_223_372_036_854_775_808_i64)));
    assert!(!ok(json!("long"), json!(9_223_372_036_854_775_808_u64)));
    assert!(ok(json!("double"), json!(1)));
    assert!(ok(json!("null"), json!(null)));
    assert!(!ok(json!("boolean"), json!("true")));
    assert!(ok(json!("bytes"), json!("\u{00ff}")));
    assert!(!ok(json!("bytes"), json!("\u{0100}")));
    assert!(ok(json!({"type": "fixed", "name": "F", "size": 2}), json!("ab")));
    assert!(!ok(
        json!({"type": "fixed", "name": "F", "size": 2}),
        json!("abc")
    ));
    assert!(ok(
        json!({"type": "enum", "name": "E", "symbols": ["A"]}),
        json!("A")
    ));
    assert!(!ok(
        json!({"type": "enum", "name": "E", "symbols": ["A"]}),
        json!("B")
    ));
    assert!(ok(json!({"type": "array", "items": "int"}), json!([1, 2])));
    assert!(!ok(json!({"type": "array", "items": "int"}), json!([1, "2"])));
    assert!(ok(json!({"type": "map", "values": "int"}), json!({"a": 1})));
    assert!(!ok(json!({"type": "map", "values": "int"}), json!([1])));
    // A union's default may match any branch (the current specification and Java).
    assert!(ok(json!(["null", "string"]), json!(null)));
    assert!(ok(json!(["null", "string"]), json!("x")));
    assert!(!ok(json!(["null", "string"]), json!(1)));
    // A record default names its fields; omitted ones fall back to the fields' defaults.
    let inner = json!({"type": "record", "name": "In", "fields": [
        {"name": "x", "type": "int"}, {"name": "y", "type": "int", "default": 0}
    ]});
    assert!(ok(inner.clone(), json!({"x": 1})));
    assert!(!ok(inner, json!({"y": 1})));
}

#[test]
fn a_default_leaning_on_itself_forever_is_refused_not_looped() {
    let (at, _) = error(json!({"type": "record", "name": "R", "fields": [
        {"name": "next", "type": "R", "default": {}}
    ]}));
    assert_eq!(at, "/fields/0/default");
}

#[test]
fn names_follow_namespaces_and_references_resolve_in_them() {
    let s = parse(
        json!({"type": "record", "name": "Outer", "namespace": "a.b", "fields": [
            {"name": "x", "type": {"type": "record", "name": "Inner", "fields": []}},
            {"name": "y", "type": "Inner"},
            {"name": "z", "type": "a.b.Inner"},
            {"name": "w", "type": {"type": "fixed", "name": "c.F", "size": 1}},
            {"name": "v", "type": "c.F"},
            {"name": "u", "type": {"type": "enum", "name": "E", "namespace": "", "symbols": ["A"]}},
            {"name": "t", "type": "E"}
        ]}),
    );
    assert_eq!(s.record_name(), Some("a.b.Outer"));
    let Type::Record(outer) = &s.node(s.root).ty else {
        panic!("not a record");
    };
    let full = |i: usize| s.node(outer.fields[i].ty).ty.name().map(|n| n.full.clone());
    assert_eq!(full(0).as_deref(), Some("a.b.Inner"));
    assert_eq!(outer.fields[1].ty, outer.fields[0].ty);
    assert_eq!(outer.fields[2].ty, outer.fields[0].ty);
    assert_eq!(full(3).as_deref(), Some("c.F"));
    assert_eq!(full(5).as_deref(), Some("E"));
    assert_eq!(outer.fields[6].ty, outer.fields[5].ty);
    assert_eq!(parse(json!("int")).record_name(), None);
    assert_eq!(
        parse(json!({"type": "enum", "name": "x.E", "symbols": ["A"]})).record_name(),
        Some("x.E")
    );
}

#[test]
fn logical_types_annotate_and_invalid_ones_are_ignored() {
    let decimal = |v: serde_json::Value| parse(v).nodes[0].decimal;
    assert_eq!(
        decimal(json!({"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2})),
        Some((10, 2))
    );
    assert_eq!(
        decimal(json!({"type": "bytes", "logicalType": "decimal", "precision": 2, "scale": 3})),
        None
    );
    assert_eq!(decimal(json!({"type": "bytes", "logicalType": "decimal"})), None);
    // A fixed of 4 bytes holds at most 9 digits.
    let fixed = |p: u64| {
        decimal(json!({"type": "fixed", "name": "D", "size": 4, "logicalType": "decimal", "precision": p}))
    };
    assert_eq!(fixed(9), Some((9, 0)));
    assert_eq!(fixed(10), None);
    let logical = |v: serde_json::Value| parse(v).nodes[0].logical.clone();
    assert_eq!(
        logical(json!({"type": "int", "logicalType": "date"})).as_deref(),
        Some("date")
    );
    assert_eq!(logical(json!({"type": "string", "logicalType": "date"})), None);
    assert_eq!(
        logical(json!({"type": "long", "logicalType": "timestamp-micros"})).as_deref(),
        Some("timestamp-micros")
    );
    assert_eq!(
        logical(json!({"type": "fixed", "name": "D", "size": 12, "logicalType": "duration"})).as_deref(),
        Some("duration")
    );
    assert_eq!(
        logical(json!({"type": "string", "logicalType": "uuid"})).as_deref(),
        Some("uuid")
    );
    assert_eq!(logical(json!({"type": "int", "logicalType": "made-up"})), None);
}

#[test]
fn logical_types_do_not_change_resolution_but_decimals_must_match() {
    let ts = parse(json!({"type": "long", "logicalType": "timestamp-millis"}));
    assert!(kinds(&ts, &parse(json!("long"))).is_empty());
    assert!(kinds(&parse(json!("long")), &ts).is_empty());
    let dec = |p: u64, s: u64| {
        parse(json!({"type": "bytes", "logicalType": "decimal", "precision": p, "scale": s}))
    };
    assert!(kinds(&dec(10, 2), &dec(10, 2)).is_empty());
    // The specification's rule, which Java's checker does not apply.
    assert_eq!(kinds(&dec(12, 2), &dec(10, 2)), one("TYPE_MISMATCH", "/"));
    assert_eq!(kinds(&dec(10, 4), &dec(10, 2)), one("TYPE_MISMATCH", "/"));
    assert!(kinds(&parse(json!("bytes")), &dec(10, 2)).is_empty());
    let in_union =
        parse(json!(["null", {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2}]));
    assert_eq!(kinds(&in_union, &dec(10, 2)), one("MISSING_UNION_BRANCH", "/"));
    let message = compare(&dec(12, 2), &dec(10, 2))[0].message("the new schema", "version 1");
    assert!(
        message.contains("decimal(12, 2)") && message.contains("decimal(10, 2)"),
        "{message}"
    );
}

#[test]
fn named_types_match_by_unqualified_name_or_reader_alias_of_the_full_name() {
    let rec = |name: &str, aliases: serde_json::Value| {
        parse(json!({"type": "record", "name": name, "aliases": aliases, "fields": []}))
    };
    assert!(kinds(&rec("a.R", json!([])), &rec("b.R", json!([]))).is_empty());
    assert!(kinds(&rec("New", json!(["Old"])), &rec("Old", json!([]))).is_empty());
    // A relative alias takes the reader's namespace.
    assert!(kinds(&rec("a.New", json!(["Old"])), &rec("a.Old", json!([]))).is_empty());
    assert_eq!(
        kinds(&rec("a.New", json!(["Old"])), &rec("b.Old", json!([]))),
        one("NAME_MISMATCH", "/name")
    );
    assert!(kinds(&rec("a.New", json!(["b.Old"])), &rec("b.Old", json!([]))).is_empty());
    // Aliases are the reader's: the writer's do not count.
    assert_eq!(
        kinds(&rec("Old", json!([])), &rec("New", json!(["Old"]))),
        one("NAME_MISMATCH", "/name")
    );
}

#[test]
fn fields_match_by_name_then_by_the_readers_aliases() {
    let writer = parse(json!({"type": "record", "name": "R", "fields": [{"name": "x", "type": "int"}]}));
    let renamed = parse(json!({"type": "record", "name": "R", "fields": [
        {"name": "y", "type": "long", "aliases": ["x"]}
    ]}));
    assert!(kinds(&renamed, &writer).is_empty());
    let narrowed = parse(json!({"type": "record", "name": "R", "fields": [
        {"name": "y", "type": "string", "aliases": ["x"]}
    ]}));
    assert_eq!(kinds(&narrowed, &writer), one("TYPE_MISMATCH", "/fields/0/type"));
    assert_eq!(
        kinds(&writer, &renamed),
        one("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/0")
    );
}

#[test]
fn an_enum_default_is_no_field_default() {
    // Departure 2: Java reports TYPE_MISMATCH at /fields/0/type here.
    let reader = parse(json!({"type": "record", "name": "R", "fields": [
        {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A"], "default": "A"}}
    ]}));
    let writer = parse(json!({"type": "record", "name": "R", "fields": []}));
    assert_eq!(
        kinds(&reader, &writer),
        one("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/0")
    );
}

#[test]
fn a_shared_named_type_is_reported_where_each_use_is() {
    let with = |symbols: serde_json::Value| {
        parse(json!({"type": "record", "name": "R", "fields": [
            {"name": "a", "type": {"type": "enum", "name": "E", "symbols": symbols}},
            {"name": "b", "type": "E"},
            {"name": "c", "type": {"type": "array", "items": "E"}}
        ]}))
    };
    assert_eq!(
        kinds(&with(json!(["A"])), &with(json!(["A", "B"]))),
        vec![
            ("MISSING_ENUM_SYMBOLS", "/fields/0/type/symbols".to_owned()),
            ("MISSING_ENUM_SYMBOLS", "/fields/1/type/symbols".to_owned()),
            ("MISSING_ENUM_SYMBOLS", "/fields/2/type/items/symbols".to_owned()),
        ]
    );
}

#[test]
fn recursive_types_terminate_and_report_once_per_place() {
    let list = |head: &str| {
        parse(json!({"type": "record", "name": "L", "fields": [
            {"name": "head", "type": head},
            {"name": "tail", "type": ["null", "L"], "default": null}
        ]}))
    };
    assert!(kinds(&list("long"), &list("int")).is_empty());
    assert_eq!(
        kinds(&list("int"), &list("long")),
        one("TYPE_MISMATCH", "/fields/0/type")
    );
}

#[test]
fn messages_name_the_place_and_the_types() {
    let reader = parse(json!({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]}));
    let writer = parse(json!({"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"}]}));
    let found = compare(&reader, &writer);
    assert_eq!(
        found[0].message("the new schema", "version 3"),
        "the new schema reads field `R.a` as int, but version 3 wrote long there: a long does not \
         fit in an int"
    );
    let added = parse(json!({"type": "record", "name": "R", "fields": [
        {"name": "a", "type": "long"}, {"name": "b", "type": "string"}
    ]}));
    assert_eq!(
        compare(&added, &writer)[0].message("the new schema", "version 3"),
        "field `R.b` was added to the new schema without a default: records written with \
         version 3 have no value for it"
    );
    let e1 = parse(json!({"type": "enum", "name": "E", "symbols": ["A"]}));
    let e2 = parse(json!({"type": "enum", "name": "E", "symbols": ["C", "A", "B"]}));
    assert_eq!(
        compare(&e1, &e2)[0].message("the new schema", "version 3"),
        "enum `E` in the new schema lacks the symbols `B`, `C` that version 3 can write, and \
         has no default symbol to read them as"
    );
}
