//! Hostile `.proto` files: whatever the text (up to the size limit), reading and comparing it
//! ends promptly, on a bounded stack and in bounded memory — an `Error`, or findings that are
//! capped and end with a `COMPARISON_LIMIT` finding when the comparison could not finish.
//!
//! No assertion here is timed: each input below took seconds, gigabytes or the whole stack
//! before its fix, so a regression shows as a test that hangs, aborts or runs out of memory.

use contracts::protobuf::{
    compare, Schema, COMPARISON_LIMIT, MAX_FINDINGS, MAX_NAME_BYTES, MAX_NAME_SEGMENTS,
};
use contracts::{limits, Error, Finding};
use proptest::prelude::*;

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

/// Runs `f` on a thread with the 2 MiB stack the server's threads have.
fn on_a_server_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("a thread")
        .join()
        .expect("no panic")
}

fn limit_finding(found: &[Finding]) -> &Finding {
    let last = found.last().expect("findings");
    assert_eq!(last.kind, COMPARISON_LIMIT, "{found:?}");
    assert_eq!(last.location, "#/");
    assert_eq!(found.iter().filter(|f| f.kind == COMPARISON_LIMIT).count(), 1);
    last
}

/// `M0 { leaf f1 = 1; … }` and `Mi { M(i-1) f1 = 1; … M(i-1) f{k} = k; }` for i in 1..=levels.
fn fan_out(levels: usize, k: usize, leaf: &str) -> String {
    let mut text = String::from("syntax = \"proto3\";\n");
    for i in 0..=levels {
        let ty = if i == 0 {
            leaf.to_owned()
        } else {
            format!("M{}", i - 1)
        };
        text.push_str(&format!("message M{i} {{"));
        for f in 1..=k {
            text.push_str(&format!(" {ty} f{f} = {f};"));
        }
        text.push_str(" }\n");
    }
    text
}

#[test]
fn a_changed_message_used_four_times_at_each_of_twenty_levels_is_reported_once_per_field() {
    // Copying a message's findings into every field that uses it made 4^20 of them.
    let writer = parse(&fan_out(20, 4, "int32"));
    let reader = parse(&fan_out(20, 4, "string"));
    let found = on_a_server_stack(move || compare(&reader, &writer));
    // M0's four fields changed; each field of M1…M20 names a message that cannot read its own.
    assert_eq!(found.len(), 4 + 20 * 4, "{found:?}");
    for f in 1..=4 {
        assert!(found
            .iter()
            .any(|x| x.kind == "FIELD_SCALAR_KIND_CHANGED" && x.location == format!("#/M0/{f}")));
    }
    for i in 1..=20 {
        for f in 1..=4 {
            let at = format!("#/M{i}/{f}");
            let here: Vec<_> = found.iter().filter(|x| x.location == at).collect();
            assert_eq!(here.len(), 1, "{at}: {here:?}");
            assert_eq!(here[0].kind, "FIELD_NAMED_TYPE_CHANGED");
            assert!(here[0].message("r", "w").contains(&format!("#/M{}", i - 1)));
        }
    }
}

#[test]
fn findings_past_max_findings_are_left_out_with_one_limit_finding() {
    let n = MAX_FINDINGS + 500;
    let fields = |ty: &str| -> String { (1..=n).map(|i| format!("{ty} f{i} = {i};")).collect() };
    let writer = parse(&format!("message M {{ {} }}", fields("int32")));
    let reader = parse(&format!("message M {{ {} }}", fields("string")));
    let found = compare(&reader, &writer);
    assert_eq!(found.len(), MAX_FINDINGS + 1);
    assert!(found[..MAX_FINDINGS]
        .iter()
        .all(|f| f.kind == "FIELD_SCALAR_KIND_CHANGED"));
    let message = limit_finding(&found).message("the new schema", "version 1");
    assert!(message.contains(&MAX_FINDINGS.to_string()), "{message}");
    assert!(message.contains("left out"), "{message}");
    // Exactly MAX_FINDINGS fit without the limit finding.
    let writer = parse(&format!(
        "message M {{ {} }}",
        (1..=MAX_FINDINGS)
            .map(|i| format!("int32 f{i} = {i};"))
            .collect::<String>()
    ));
    let reader = parse(&format!(
        "message M {{ {} }}",
        (1..=MAX_FINDINGS)
            .map(|i| format!("string f{i} = {i};"))
            .collect::<String>()
    ));
    let found = compare(&reader, &writer);
    assert_eq!(found.len(), MAX_FINDINGS);
    assert!(found.iter().all(|f| f.kind != COMPARISON_LIMIT));
}

/// `A0 { A1 f = 1; } A1 { A2 f = 1; } …`: each message's field is the next message.
fn chain(n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!("message A{i}{{A{} f=1;}}", i + 1));
    }
    text.push_str(&format!("message A{n}{{}}\n"));
    text
}

#[test]
fn a_chain_of_ten_thousand_messages_stops_at_the_comparison_depth() {
    // Followed field by field, the chain once took a stack frame per message.
    let s = parse(&chain(10_000));
    let found = on_a_server_stack(move || compare(&s, &s));
    assert_eq!(found.len(), 1, "{found:?}");
    let message = limit_finding(&found).message("r", "w");
    assert!(message.contains("deep"), "{message}");
    // A chain as long as the comparison depth allows compares to the end.
    let s = parse(&chain(contracts::protobuf::COMPARE_DEPTH - 1));
    assert!(compare(&s, &s).is_empty());
}

#[test]
fn a_recursive_message_with_many_nested_types_compares_its_nested_types_once() {
    // Each field naming the message itself once compared all its nested types again.
    let fields: String = (1..=7_000).map(|i| format!("R f{i}={i};")).collect();
    let nested: String = (1..=7_000).map(|i| format!("message N{i}{{}}")).collect();
    let writer = parse(&format!("message R{{{fields}{nested}}}"));
    let reader = parse(&format!("message R{{{fields}}}"));
    let found = compare(&reader, &writer);
    assert!(found.len() <= MAX_FINDINGS + 1);
    assert_eq!(
        found.iter().filter(|f| f.kind == "MESSAGE_REMOVED").count(),
        MAX_FINDINGS
    );
    // The same shape compared with itself finds nothing.
    assert!(compare(&writer, &writer).is_empty());
}

/// A file with tokens of every kind; the text under test is inserted at, or replaces the
/// character at, each of its byte offsets.
const TEMPLATE: &str = "syntax = \"proto3\"; package p.q; import \"i.proto\"; option (o.x) = { a: \"s\" }; \
    message M { option z = 1; reserved 2, 3 to 4; reserved \"r\"; oneof u { string s = 5; } \
    map<string, M.N> m = 6; repeated .p.q.M.N n = 7 [packed = true]; message N { E e = 1; } \
    enum E { Z = 0; O = -1; } } service S { rpc G (M) returns (M); }";

/// Every place between and inside the tokens of `TEMPLATE`.
fn cuts() -> Vec<usize> {
    (0..=TEMPLATE.len()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_parses_or_is_an_error(text in "\\PC{0,200}") {
        if let Ok(s) = Schema::parse(&text) {
            prop_assert!(compare(&s, &s).iter().all(|f| f.kind != COMPARISON_LIMIT));
        }
    }

    #[test]
    fn any_bytes_as_text_parse_or_are_an_error(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = Schema::parse(&text);
    }

    #[test]
    fn non_ascii_text_anywhere_in_a_file_parses_or_is_an_error(
        at in prop::sample::select(cuts()),
        inserted in "[\\PC\u{e9}\u{1F600}\u{300}\u{FEFF}\u{2028}\"'\\\\/*.]{1,6}",
    ) {
        let mut text = TEMPLATE.to_owned();
        text.insert_str(at, &inserted);
        if let Ok(s) = Schema::parse(&text) {
            let original = Schema::parse(TEMPLATE).expect("the template parses");
            let _ = compare(&s, &original);
            let _ = compare(&original, &s);
            let _ = s.type_names();
        }
        // Replacing a character instead of inserting one.
        let mut replaced: String = TEMPLATE[..at].to_owned();
        replaced.push_str(&inserted);
        replaced.push_str(TEMPLATE.get(at + 1..).unwrap_or(""));
        let _ = Schema::parse(&replaced);
    }
}

#[test]
fn the_template_parses_and_non_ascii_in_strings_and_comments_is_kept_or_skipped() {
    let s = parse(TEMPLATE);
    assert_eq!(s.type_names(), ["M", "M.N", "M.E"]);
    let s = parse("// é 😀\n/* ü */ message M { string s = 1 [default = \"é😀\\u00e9\"]; }");
    assert_eq!(s.type_names(), ["M"]);
    // A non-ASCII character where a token belongs is an error at its column, counted in
    // characters.
    match Schema::parse("message é { }") {
        Err(Error::Syntax {
            line: Some(1),
            column: Some(9),
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    match Schema::parse("message M { int32 a = 1; }😀") {
        Err(Error::Syntax {
            line: Some(1),
            column: Some(27),
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
}
