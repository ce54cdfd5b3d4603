//! The `.proto` reader: what it reads, where its errors point, and its limits.

use std::time::{Duration, Instant};

use contracts::protobuf::Schema;
use contracts::{limits, Error};

const FULL: &str = r#"
// A file using most of the language.
syntax = "proto2";
package acme.shop;
import public "google/protobuf/timestamp.proto";
import weak 'other.proto';
option java_package = "com.acme";
option (my.ext) = { a: 1 b: [ "x" ] c { d: "}" } };

/* block
   comment */
message Order {
  option deprecated = true;
  reserved 4, 9 to 11, 100 to max;
  reserved "old", "older";
  extensions 1000 to 1999 [ (verification) = UNVERIFIED ];
  required string id = 1 [default = "a\"b\x41\101\u00e9", json_name = "ID"];
  repeated int64 lines = 2 [packed = true];
  map<string, Line> by_sku = 3;
  optional group Legacy = 5 { optional int32 x = 1; }
  oneof pay {
    option (o) = 1;
    string card = 6;
    Line.Kind kind = 7;
  }
  message Line {
    enum Kind { option allow_alias = true; UNKNOWN = 0; A = 1; B = 1; NEG = -2 [deprecated = true]; reserved 10 to 20; reserved "C"; }
    optional Kind kind = 1;
    optional .google.protobuf.Timestamp at = 2;
  }
  extend Other { optional int32 bar = 1001; }
  ;
}
extend google.protobuf.FieldOptions { optional string verification = 50000; }
service Shop {
  option (svc) = true;
  rpc Get (Order) returns (stream Order) { option idempotency_level = NO_SIDE_EFFECTS; }
  rpc Put (Order) returns (Order);
}
enum Top { TOP_UNKNOWN = 0x0; TOP_ONE = 01; }
"#;

#[test]
fn reads_the_whole_language_and_skips_what_it_does_not_model() {
    let s = Schema::parse(FULL).unwrap();
    assert_eq!(s.syntax(), Some("proto2"));
    assert_eq!(s.package(), "acme.shop");
    assert_eq!(s.imports(), ["google/protobuf/timestamp.proto", "other.proto"]);
    assert_eq!(s.type_names(), ["Order", "Order.Line", "Order.Line.Kind", "Top"]);
    assert_eq!(
        s.unresolved_types(),
        ["Order.Line.at: .google.protobuf.Timestamp"]
    );
}

#[test]
fn editions_are_noted() {
    let s = Schema::parse("edition = \"2023\";\nmessage M { int32 a = 1; repeated int32 b = 2; }").unwrap();
    assert_eq!(s.edition(), Some("2023"));
    assert_eq!(s.syntax(), None);
}

#[track_caller]
fn error_at(text: &str, line: usize, column: usize, says: &str) {
    match Schema::parse(text) {
        Err(Error::Syntax {
            line: Some(l),
            column: Some(c),
            message,
            ..
        }) => {
            assert_eq!((l, c), (line, column), "{message}");
            assert!(message.contains(says), "{message:?} does not say {says:?}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn syntax_errors_point_at_the_token() {
    error_at(
        "syntax = \"proto3\";\nmessage M {\n  int32 a = ;\n}",
        3,
        13,
        "field number",
    );
    error_at("syntax = \"proto4\";", 1, 10, "proto4");
    error_at("message M { int32 a = 1 }", 1, 25, "`;`");
    error_at("message M {\n int32 a = 1;\n", 3, 1, "never closed");
    error_at(
        "message M { int32 a = 1; string b = 1; }",
        1,
        26,
        "both have number 1",
    );
    error_at("message M { int32 a = 0; }", 1, 23, "number must be");
    error_at("message M { map<double, int32> m = 1; }", 1, 17, "key");
    error_at("message M {}\nmessage M {}", 2, 9, "declared twice");
    error_at("package a;\nsyntax = \"proto3\";", 2, 1, "first statement");
    error_at(
        "message M { string s = 1 [default = \"a\\qb\"]; }",
        1,
        39,
        "escape",
    );
    error_at(
        "message M { oneof o { optional int32 a = 1; } }",
        1,
        23,
        "no label",
    );
    error_at("import foo;", 1, 8, "quoted string");
}

#[test]
fn a_10000_deep_message_is_a_limit_quickly() {
    let n = 10_000;
    let text = format!("{}{}", "message M { ".repeat(n), "}".repeat(n));
    let start = Instant::now();
    assert!(matches!(Schema::parse(&text), Err(Error::Limit(_))));
    assert!(start.elapsed() < Duration::from_secs(2));
    // MAX_DEPTH itself is fine.
    let ok = format!(
        "{}{}",
        "message M { ".repeat(limits::MAX_DEPTH),
        "}".repeat(limits::MAX_DEPTH)
    );
    assert!(Schema::parse(&ok).is_ok());
}

#[test]
fn a_huge_oneof_is_a_limit() {
    let fields: String = (1..=limits::MAX_UNION + 1)
        .map(|i| format!("int32 f{i} = {i}; "))
        .collect();
    let text = format!("syntax = \"proto3\"; message M {{ oneof o {{ {fields} }} }}");
    assert!(matches!(Schema::parse(&text), Err(Error::Limit(_))));
}

#[test]
fn many_mutually_recursive_messages_compare_quickly() {
    // Every message refers to every other: comparing them must not walk every path.
    let n = 60;
    let mut text = String::from("syntax = \"proto3\";\n");
    for i in 0..n {
        text.push_str(&format!("message M{i} {{ "));
        for j in 0..n {
            text.push_str(&format!("M{j} f{j} = {}; ", j + 1));
        }
        text.push_str("}\n");
    }
    let changed = text.replace("message M0 { M0 f0 = 1;", "message M0 { string f0 = 1;");
    let (a, b) = (Schema::parse(&text).unwrap(), Schema::parse(&changed).unwrap());
    let start = Instant::now();
    let found = contracts::protobuf::compare(&b, &a);
    assert!(start.elapsed() < Duration::from_secs(5));
    assert!(found
        .iter()
        .any(|f| f.kind == "FIELD_KIND_CHANGED" && f.location == "#/M0/1"));
    assert!(contracts::protobuf::compare(&a, &a).is_empty());
}
