//! Properties of the Avro parser and comparison over generated schemas, recursive ones among
//! them.

use contracts::avro::{compare, Schema};
use proptest::prelude::*;
use serde_json::{json, Value};

const PRIMITIVES: [&str; 8] = [
    "null", "boolean", "int", "long", "float", "double", "bytes", "string",
];

const KINDS: [&str; 7] = [
    "NAME_MISMATCH",
    "FIXED_SIZE_MISMATCH",
    "MISSING_ENUM_SYMBOLS",
    "READER_FIELD_MISSING_DEFAULT_VALUE",
    "TYPE_MISMATCH",
    "MISSING_UNION_BRANCH",
    "COMPARISON_LIMIT",
];

/// The shape of a generated schema; names are given when it is written out.
#[derive(Clone, Debug)]
enum Gen {
    Primitive(usize),
    Enum(usize),
    Fixed(u8),
    /// Distinct primitives.
    Union(Vec<usize>),
    Array(Box<Gen>),
    Map(Box<Gen>),
    /// Fields, and whether one more field refers back to the record (`["null", Self]`).
    Record(Vec<Gen>, bool),
}

fn shape() -> impl Strategy<Value = Gen> {
    let leaf = prop_oneof![
        (0..PRIMITIVES.len()).prop_map(Gen::Primitive),
        (1..4usize).prop_map(Gen::Enum),
        (0..6u8).prop_map(Gen::Fixed),
        prop::collection::btree_set(0..PRIMITIVES.len(), 0..4)
            .prop_map(|s| Gen::Union(s.into_iter().collect())),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        prop_oneof![
            inner.clone().prop_map(|g| Gen::Array(Box::new(g))),
            inner.clone().prop_map(|g| Gen::Map(Box::new(g))),
            (prop::collection::vec(inner, 0..5), any::<bool>())
                .prop_map(|(fields, recursive)| Gen::Record(fields, recursive)),
        ]
    })
}

/// A record at the top, as registries mostly hold.
fn record() -> impl Strategy<Value = Gen> {
    (prop::collection::vec(shape(), 0..6), any::<bool>())
        .prop_map(|(fields, recursive)| Gen::Record(fields, recursive))
}

fn write(g: &Gen, next: &mut usize) -> Value {
    let mut name = || {
        *next += 1;
        format!("N{next}")
    };
    match g {
        Gen::Primitive(i) => json!(PRIMITIVES[*i]),
        Gen::Enum(n) => {
            let symbols: Vec<String> = (0..*n).map(|i| format!("S{i}")).collect();
            json!({"type": "enum", "name": name(), "symbols": symbols})
        }
        Gen::Fixed(size) => json!({"type": "fixed", "name": name(), "size": size}),
        Gen::Union(branches) => Value::Array(branches.iter().map(|i| json!(PRIMITIVES[*i])).collect()),
        Gen::Array(items) => json!({"type": "array", "items": write(items, next)}),
        Gen::Map(values) => json!({"type": "map", "values": write(values, next)}),
        Gen::Record(fields, recursive) => {
            let own = name();
            let mut list: Vec<Value> = fields
                .iter()
                .enumerate()
                .map(|(i, f)| json!({"name": format!("f{i}"), "type": write(f, next)}))
                .collect();
            if *recursive {
                list.push(json!({"name": "again", "type": ["null", own], "default": null}));
            }
            json!({"type": "record", "name": own, "fields": list})
        }
    }
}

fn parse(v: &Value) -> Schema {
    match Schema::parse(&v.to_string()) {
        Ok(s) => s,
        Err(e) => panic!("generated schema does not parse: {e}\n{v}"),
    }
}

fn check_findings(reader: &Schema, writer: &Schema) -> Vec<(&'static str, String)> {
    let found = compare(reader, writer);
    for f in &found {
        assert!(KINDS.contains(&f.kind), "unknown kind {}", f.kind);
        assert!(f.location.starts_with('/'), "location {}", f.location);
        let m = f.message("R", "W");
        assert!(!m.contains("{}") && !m.contains('?'), "{m}");
    }
    found.into_iter().map(|f| (f.kind, f.location)).collect()
}

/// A JSON value built from schema keywords, to feed the parser things that are almost schemas.
fn almost_schema() -> impl Strategy<Value = Value> {
    let words = prop::sample::select(vec![
        "int", "long", "string", "record", "enum", "fixed", "array", "map", "null", "R", "a.R", "A", "",
        "decimal", "1x",
    ]);
    let keys = prop::sample::select(vec![
        "type",
        "name",
        "namespace",
        "fields",
        "items",
        "values",
        "symbols",
        "size",
        "default",
        "aliases",
        "logicalType",
        "precision",
        "scale",
        "order",
    ]);
    let leaf = prop_oneof![
        words.prop_map(|w| json!(w)),
        any::<i64>().prop_map(|n| json!(n)),
        any::<bool>().prop_map(|b| json!(b)),
        Just(Value::Null),
    ];
    leaf.prop_recursive(6, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(keys.clone(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every generated schema parses and reads what it writes.
    #[test]
    fn every_schema_reads_itself(g in record()) {
        let v = write(&g, &mut 0);
        let s = parse(&v);
        prop_assert_eq!(check_findings(&s, &s), vec![]);
    }

    /// Comparing any two generated schemas, recursive ones included, ends, both ways, with
    /// findings of known kinds at locations inside the schema.
    #[test]
    fn compare_is_total_and_terminates(a in record(), b in record()) {
        let (a, b) = (parse(&write(&a, &mut 0)), parse(&write(&b, &mut 0)));
        check_findings(&a, &b);
        check_findings(&b, &a);
    }

    /// A field added with a default keeps both directions compatible; without a default the
    /// new schema cannot read old records, at that field.
    #[test]
    fn adding_a_field_needs_a_default(g in record(), ty in shape()) {
        let old = write(&g, &mut 0);
        let mut next = 1000;
        let added = write(&ty, &mut next);
        let n = old["fields"].as_array().map_or(0, Vec::len);
        let with_field = |field: Value| {
            let mut new = old.clone();
            if let Some(fields) = new["fields"].as_array_mut() {
                fields.push(field);
            }
            new
        };
        let old = parse(&old);
        let defaulted = parse(&with_field(json!({"name": "added", "type": "int", "default": 7})));
        prop_assert_eq!(check_findings(&defaulted, &old), vec![]);
        prop_assert_eq!(check_findings(&old, &defaulted), vec![]);
        let bare = parse(&with_field(json!({"name": "added", "type": added})));
        prop_assert_eq!(
            check_findings(&bare, &old),
            vec![("READER_FIELD_MISSING_DEFAULT_VALUE", format!("/fields/{n}"))]
        );
        // Old readers skip the field new writers add.
        prop_assert_eq!(check_findings(&old, &bare), vec![]);
    }

    /// Widening every `int` of a schema to `long` reads data written with the original: int is
    /// promotable to long. (Not the converse: a union `["int", "float"]` still reads a long, as
    /// a float.)
    #[test]
    fn widening_int_to_long_reads_old_data(g in record()) {
        let old = write(&g, &mut 0);
        let wide_text = old.to_string().replace("\"int\"", "\"long\"");
        let (old, wide) = (parse(&old), Schema::parse(&wide_text));
        // A union holding both int and long cannot be widened: it would hold long twice.
        let Ok(wide) = wide else { return Ok(()); };
        prop_assert_eq!(check_findings(&wide, &old), vec![]);
    }

    /// The parser answers every almost-schema without panicking.
    #[test]
    fn the_parser_never_panics(v in almost_schema()) {
        if let Ok(s) = Schema::parse(&v.to_string()) {
            check_findings(&s, &s);
        }
    }

    #[test]
    fn the_parser_never_panics_on_text(text in ".{0,200}") {
        let _ = Schema::parse(&text);
    }
}
