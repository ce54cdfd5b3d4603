//! Hostile `.proto` files: whatever the text (up to the size limit), reading and comparing it
//! ends promptly, on a bounded stack and in bounded memory — an `Error`, or findings that are
//! capped and end with a `COMPARISON_LIMIT` finding when the comparison could not finish.
//!
//! No assertion here is timed: each input below took seconds, gigabytes or the whole stack
//! before its fix, so a regression shows as a test that hangs, aborts or runs out of memory.

use contracts::protobuf::{compare, Schema, MAX_NAME_BYTES, MAX_NAME_SEGMENTS};
use contracts::{limits, Error};

fn parse(text: &str) -> Schema {
    assert!(text.len() <= limits::MAX_SCHEMA_BYTES, "{} bytes", text.len());
    match Schema::parse(text) {
        Ok(s) => s,
        Err(e) => panic!("expected the schema to parse: {e}"),
    }
}

#[test]
fn a_long_package_is_a_syntax_error_at_its_token() {
    // 64 Ki segments: each unresolved type's lookup once joined the package per segment.
    let package = vec!["a"; 64 * 1024].join(".");
    let text = format!("syntax = \"proto3\";\npackage {package};\nmessage M {{ X x = 1; }}\n");
    match Schema::parse(&text) {
        Err(Error::Syntax {
            line: Some(2),
            column: Some(9),
            message,
            ..
        }) => assert!(message.contains(&MAX_NAME_BYTES.to_string()), "{message}"),
        other => panic!("expected a syntax error at 2:9, got {other:?}"),
    }
    // Short enough in bytes, but too many segments.
    let package = vec!["a"; MAX_NAME_SEGMENTS + 1].join(".");
    match Schema::parse(&format!("package {package};")) {
        Err(Error::Syntax {
            line: Some(1),
            column: Some(9),
            message,
            ..
        }) => assert!(message.contains(&MAX_NAME_SEGMENTS.to_string()), "{message}"),
        other => panic!("expected a syntax error at 1:9, got {other:?}"),
    }
    // At the limits it reads.
    let package = vec!["a"; MAX_NAME_SEGMENTS].join(".");
    assert_eq!(parse(&format!("package {package};")).package(), package);
}

#[test]
fn an_identifier_past_max_name_bytes_is_a_syntax_error() {
    let ok = "N".repeat(MAX_NAME_BYTES);
    assert_eq!(parse(&format!("message {ok} {{}}")).type_names(), [ok.as_str()]);
    let long = "N".repeat(MAX_NAME_BYTES + 1);
    for text in [
        format!("message {long} {{}}"),
        format!("message M {{ {long} f = 1; }}"),
        format!("message M {{ int32 {long} = 1; }}"),
        format!("option {long} = 1;"),
    ] {
        assert!(
            matches!(Schema::parse(&text), Err(Error::Syntax { line: Some(1), .. })),
            "{text:.40}"
        );
    }
}

#[test]
fn a_nested_name_past_max_name_bytes_is_refused() {
    // Each name is short, but the dotted name of the innermost message is not.
    let name = "N".repeat(MAX_NAME_BYTES / 4);
    let text = format!("{}{}", format!("message {name} {{ ").repeat(5), "}".repeat(5));
    assert!(matches!(
        Schema::parse(&text),
        Err(Error::Syntax { .. } | Error::Limit(_))
    ));
    let text = format!("{}{}", format!("message {name} {{ ").repeat(3), "}".repeat(3));
    assert_eq!(parse(&text).type_names().len(), 3);
}

#[test]
fn many_types_and_unresolved_fields_in_a_long_package_parse_and_compare() {
    // The longest package allowed, 14 000 enums and 1 000 fields of types from elsewhere: each
    // declared type once cost a copy of the package, each unresolved lookup one per segment.
    let package = vec!["pkg"; MAX_NAME_SEGMENTS].join(".");
    let mut text = format!("syntax = \"proto3\";\npackage {package};\n");
    for i in 0..14_000 {
        text.push_str(&format!("enum E{i}{{}}"));
    }
    text.push_str("\nmessage M {");
    for i in 1..=1_000 {
        text.push_str(&format!(" a.b.X f{i} = {i};"));
    }
    text.push_str(" }\n");
    let s = parse(&text);
    assert_eq!(s.type_names().len(), 14_001);
    assert_eq!(s.unresolved_types().len(), 1_000);
    assert!(compare(&s, &s).is_empty());
}

#[test]
fn types_resolve_from_the_innermost_scope_outwards_through_the_package() {
    let text = r#"
        syntax = "proto3";
        package a.b;
        message X { int32 v = 1; }
        message Outer {
          message X { string v = 1; }
          message Inner {
            X near = 1;        // Outer.X
            .a.b.X far = 2;    // the top-level X
            b.X partial = 3;   // a.b.X, through the package's prefix `a`
            a.b.X whole = 4;   // a.b.X, by its full name
            Outer.X up = 5;    // Outer.X, from the package scope
            c.X nothing = 6;   // unresolved
          }
        }
    "#;
    let s = parse(text);
    assert_eq!(s.unresolved_types(), ["Outer.Inner.nothing: c.X"]);
    // Changing the top-level X breaks exactly the fields that resolve to it.
    let changed = parse(&text.replace("message X { int32 v = 1; }", "message X { bytes v = 1; }"));
    let mut at: Vec<_> = compare(&changed, &s)
        .into_iter()
        .filter(|f| f.kind == "FIELD_NAMED_TYPE_CHANGED")
        .map(|f| f.location)
        .collect();
    at.sort();
    assert_eq!(at, ["#/Outer/Inner/2", "#/Outer/Inner/3", "#/Outer/Inner/4"]);
}

#[test]
fn thousands_of_oneofs_and_fields_compare_to_the_end() {
    // Oneof names were checked against a list and fields scanned once per oneof: n².
    let n = 5_000;
    let file = |oneof: &str| -> String {
        let body: String = (1..=n)
            .map(|i| format!("oneof {oneof}{i}{{int32 f{i}={i};}}"))
            .collect();
        format!("message M{{{body}}}")
    };
    let writer = parse(&file("o"));
    let reader = parse(&file("p"));
    // Each field moves to a oneof of its own: compatible.
    assert!(compare(&reader, &writer).is_empty());
    // Emptied oneofs whose fields are gone, many of them.
    let empty = |oneof: &str| -> String {
        let body: String = (1..=3 * n).map(|i| format!("oneof {oneof}{i}{{}}")).collect();
        format!("message M{{{body}}}")
    };
    assert!(compare(&parse(&empty("p")), &parse(&empty("o"))).is_empty());
    // And a oneof of the reader joining many of the writer's fields is one finding.
    let fields: String = (1..=limits::MAX_UNION)
        .map(|i| format!("int32 f{i}={i};"))
        .collect();
    let writer = parse(&format!("message M{{{fields}}}"));
    let reader = parse(&format!("message M{{oneof j{{{fields}}}}}"));
    let found = compare(&reader, &writer);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].kind, found[0].location.as_str()),
        ("MULTIPLE_FIELDS_MOVED_TO_ONEOF", "#/M/j")
    );
}
