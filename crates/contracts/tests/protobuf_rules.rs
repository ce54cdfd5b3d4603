//! One test per incompatibility kind of Confluent's Protobuf diff, named after it; each asserts
//! the kind, the location and the direction it breaks in (and that the other direction does not
//! report it when that is the rule).

use contracts::{check, Direction, Level, SchemaType};

/// `(kind, location, direction)` of every incompatibility of `new` against `old` at `level`.
fn run(level: Level, old: &str, new: &str) -> Vec<(String, String, Direction)> {
    let verdict = check(SchemaType::Protobuf, level, new, &[old]).expect("both schemas parse");
    assert_eq!(verdict.is_compatible, verdict.messages.is_empty());
    for m in &verdict.messages {
        assert!(!m.message.contains('{'), "unfilled template: {}", m.message);
    }
    verdict
        .messages
        .into_iter()
        .map(|m| (m.kind, m.location, m.direction))
        .collect()
}

fn full(old: &str, new: &str) -> Vec<(String, String, Direction)> {
    run(Level::Full, old, new)
}

fn has(found: &[(String, String, Direction)], kind: &str, location: &str, direction: Direction) -> bool {
    found
        .iter()
        .any(|(k, l, d)| k == kind && l == location && *d == direction)
}

#[track_caller]
fn assert_only(found: &[(String, String, Direction)], expected: &[(&str, &str, Direction)]) {
    let mut want: Vec<_> = expected
        .iter()
        .map(|(k, l, d)| (k.to_string(), l.to_string(), *d))
        .collect();
    let mut got = found.to_vec();
    let key = |x: &(String, String, Direction)| format!("{} {} {:?}", x.0, x.1, x.2);
    want.sort_by_key(key);
    got.sort_by_key(key);
    assert_eq!(got, want);
}

use Direction::{Backward, Forward};

const P3: &str = "syntax = \"proto3\";\n";

fn p3(body: &str) -> String {
    format!("{P3}{body}")
}

#[test]
fn package_changed_breaks_both_ways() {
    let old = p3("package shop.v1;\nmessage Order { string id = 1; }");
    let new = p3("package shop.v2;\nmessage Order { string id = 1; }");
    assert_only(
        &full(&old, &new),
        &[
            ("PACKAGE_CHANGED", "#/", Backward),
            ("PACKAGE_CHANGED", "#/", Forward),
        ],
    );
}

#[test]
fn message_removed_breaks_backward_and_message_added_breaks_forward() {
    let old = p3("message Order { string id = 1; }\nmessage Line { int32 qty = 1; }");
    let new = p3("message Order { string id = 1; }");
    assert_only(&full(&old, &new), &[("MESSAGE_REMOVED", "#/Line", Backward)]);
    // Adding it back is the same change seen the other way.
    assert_only(&full(&new, &old), &[("MESSAGE_REMOVED", "#/Line", Forward)]);
}

#[test]
fn message_removed_nested_is_located_under_its_parent() {
    let old = p3("message Order { message Line { int32 qty = 1; } string id = 1; }");
    let new = p3("message Order { string id = 1; }");
    assert_only(
        &run(Level::Backward, &old, &new),
        &[("MESSAGE_REMOVED", "#/Order/Line", Backward)],
    );
}

#[test]
fn field_scalar_kind_changed_int32_to_string_breaks() {
    let old = p3("message Order { int32 qty = 2; }");
    let new = p3("message Order { string qty = 2; }");
    assert_only(
        &full(&old, &new),
        &[
            ("FIELD_SCALAR_KIND_CHANGED", "#/Order/2", Backward),
            ("FIELD_SCALAR_KIND_CHANGED", "#/Order/2", Forward),
        ],
    );
    let verdict = check(SchemaType::Protobuf, Level::Backward, &new, &[&old]).unwrap();
    assert_eq!(
        verdict.messages[0].message,
        "field `qty` (number 2) is a `string` in the new schema but a `int32` in version 1: its bytes cannot be read"
    );
}

#[test]
fn field_scalar_kind_changed_within_a_wire_group_is_compatible() {
    let groups: [&[&str]; 5] = [
        &["int32", "int64", "uint32", "uint64", "bool"],
        &["sint32", "sint64"],
        &["string", "bytes"],
        &["fixed32", "sfixed32"],
        &["fixed64", "sfixed64"],
    ];
    for group in groups {
        for a in group {
            for b in group {
                let old = p3(&format!("message M {{ {a} f = 1; }}"));
                let new = p3(&format!("message M {{ {b} f = 1; }}"));
                assert_only(&full(&old, &new), &[]);
            }
        }
    }
}

#[test]
fn field_scalar_kind_changed_across_wire_groups_breaks() {
    for (a, b) in [
        ("int32", "sint32"),
        ("fixed32", "fixed64"),
        ("float", "double"),
        ("int64", "fixed64"),
        ("bytes", "int32"),
    ] {
        let old = p3(&format!("message M {{ {a} f = 1; }}"));
        let new = p3(&format!("message M {{ {b} f = 1; }}"));
        assert!(
            has(&full(&old, &new), "FIELD_SCALAR_KIND_CHANGED", "#/M/1", Backward),
            "{a} -> {b}"
        );
    }
}

#[test]
fn field_scalar_kind_changed_enum_to_int32_is_compatible_but_enum_to_string_breaks() {
    let with_enum = p3("enum Status { A = 0; B = 1; }\nmessage M { Status s = 1; }");
    let int = p3("enum Status { A = 0; B = 1; }\nmessage M { int32 s = 1; }");
    let string = p3("enum Status { A = 0; B = 1; }\nmessage M { string s = 1; }");
    assert_only(&full(&with_enum, &int), &[]);
    assert!(has(
        &full(&with_enum, &string),
        "FIELD_SCALAR_KIND_CHANGED",
        "#/M/1",
        Backward
    ));
}

#[test]
fn field_scalar_kind_changed_in_a_map_value_breaks() {
    let old = p3("message M { map<string, int32> counts = 3; }");
    let new = p3("message M { map<string, string> counts = 3; }");
    assert!(has(
        &full(&old, &new),
        "FIELD_SCALAR_KIND_CHANGED",
        "#/M/3",
        Backward
    ));
}

#[test]
fn field_kind_changed_scalar_to_message_breaks() {
    let old = p3("message M { int32 amount = 1; }");
    let new = p3("message Money { int64 units = 1; }\nmessage M { Money amount = 1; }");
    let found = full(&old, &new);
    assert!(has(&found, "FIELD_KIND_CHANGED", "#/M/1", Backward));
    assert!(has(&found, "FIELD_KIND_CHANGED", "#/M/1", Forward));
}

#[test]
fn field_kind_changed_map_to_repeated_message_breaks() {
    let old = p3("message M { map<string, string> tags = 1; }");
    let new = p3("message Tag { string k = 1; string v = 2; }\nmessage M { repeated Tag tags = 1; }");
    assert!(has(&full(&old, &new), "FIELD_KIND_CHANGED", "#/M/1", Backward));
}

#[test]
fn field_named_type_changed_to_another_message_breaks() {
    let old = p3("message A { string s = 1; }\nmessage B { string s = 1; }\nmessage M { A x = 1; }");
    let new = p3("message A { string s = 1; }\nmessage B { string s = 1; }\nmessage M { B x = 1; }");
    assert_only(
        &full(&old, &new),
        &[
            ("FIELD_NAMED_TYPE_CHANGED", "#/M/1", Backward),
            ("FIELD_NAMED_TYPE_CHANGED", "#/M/1", Forward),
        ],
    );
}

#[test]
fn field_named_type_changed_when_the_named_message_breaks() {
    let old = p3("message Inner { int32 n = 1; }\nmessage M { Inner x = 1; }");
    let new = p3("message Inner { string n = 1; }\nmessage M { Inner x = 1; }");
    let found = run(Level::Backward, &old, &new);
    assert_only(
        &found,
        &[
            ("FIELD_SCALAR_KIND_CHANGED", "#/Inner/1", Backward),
            ("FIELD_NAMED_TYPE_CHANGED", "#/M/1", Backward),
        ],
    );
}

#[test]
fn field_named_type_changed_qualified_or_not_is_the_same_type() {
    let old = p3("package p;\nmessage M { message S { string s = 1; } S x = 1; }");
    let new = p3("package p;\nmessage M { message S { string s = 1; } .p.M.S x = 1; }");
    assert_only(&full(&old, &new), &[]);
}

#[test]
fn field_numeric_label_changed_optional_to_repeated_breaks() {
    let old = p3("message M { optional int32 n = 1; }");
    let new = p3("message M { repeated int32 n = 1; }");
    assert_only(
        &full(&old, &new),
        &[
            ("FIELD_NUMERIC_LABEL_CHANGED", "#/M/1", Backward),
            ("FIELD_NUMERIC_LABEL_CHANGED", "#/M/1", Forward),
        ],
    );
}

#[test]
fn field_string_or_bytes_label_changed_is_compatible() {
    let old = p3("message M { optional string s = 1; }");
    let new = p3("message M { repeated string s = 1; }");
    assert_only(&full(&old, &new), &[]);
}

#[test]
fn required_field_added_breaks_backward() {
    let old = "syntax = \"proto2\";\nmessage M { optional string a = 1; }";
    let new = "syntax = \"proto2\";\nmessage M { optional string a = 1; required string b = 2; }";
    assert_only(
        &full(old, new),
        &[
            ("REQUIRED_FIELD_ADDED", "#/M/2", Backward),
            ("REQUIRED_FIELD_REMOVED", "#/M/2", Forward),
        ],
    );
}

#[test]
fn required_field_removed_breaks_backward() {
    let old = "syntax = \"proto2\";\nmessage M { optional string a = 1; required string b = 2; }";
    let new = "syntax = \"proto2\";\nmessage M { optional string a = 1; }";
    assert_only(
        &run(Level::Backward, old, new),
        &[("REQUIRED_FIELD_REMOVED", "#/M/2", Backward)],
    );
    assert_only(
        &run(Level::Forward, old, new),
        &[("REQUIRED_FIELD_ADDED", "#/M/2", Forward)],
    );
}

#[test]
fn oneof_field_removed_breaks_backward() {
    let old = p3("message M { oneof pay { string card = 1; string iban = 2; int32 cash = 3; } }");
    let new = p3("message M { oneof pay { string card = 1; string iban = 2; } }");
    assert_only(
        &run(Level::Backward, &old, &new),
        &[("ONEOF_FIELD_REMOVED", "#/M/pay/3", Backward)],
    );
    // Adding a oneof member is compatible backward; forward it is the removal.
    assert_only(&run(Level::Backward, &new, &old), &[]);
    assert_only(
        &run(Level::Forward, &new, &old),
        &[("ONEOF_FIELD_REMOVED", "#/M/pay/3", Forward)],
    );
}

#[test]
fn oneof_removed_whole_is_compatible() {
    let old = p3("message M { string id = 1; oneof pay { string card = 2; string iban = 3; } }");
    let new = p3("message M { string id = 1; }");
    assert_only(&run(Level::Backward, &old, &new), &[]);
}

#[test]
fn multiple_fields_moved_to_oneof_breaks() {
    let old = p3("message M { string a = 1; string b = 2; }");
    let new = p3("message M { oneof choice { string a = 1; string b = 2; int32 c = 3; } }");
    assert_only(
        &run(Level::Backward, &old, &new),
        &[("MULTIPLE_FIELDS_MOVED_TO_ONEOF", "#/M/choice", Backward)],
    );
}

#[test]
fn single_field_moved_to_a_new_oneof_is_compatible() {
    let old = p3("message M { string a = 1; string b = 2; }");
    let new = p3("message M { string a = 1; oneof choice { string b = 2; } }");
    assert_only(&full(&old, &new), &[]);
}

#[test]
fn field_moved_to_existing_oneof_breaks() {
    let old = p3("message M { string a = 1; oneof choice { string b = 2; string c = 3; } }");
    let new = p3("message M { oneof choice { string a = 1; string b = 2; string c = 3; } }");
    assert_only(
        &run(Level::Backward, &old, &new),
        &[("FIELD_MOVED_TO_EXISTING_ONEOF", "#/M/choice", Backward)],
    );
}

#[test]
fn field_scalar_kind_changed_inside_a_renamed_oneof_is_located_at_the_new_oneof() {
    let old = p3("message M { oneof a { float f = 1; int32 g = 2; } }");
    let new = p3("message M { oneof b { float f = 1; string g = 2; } }");
    assert_only(
        &run(Level::Backward, &old, &new),
        &[("FIELD_SCALAR_KIND_CHANGED", "#/M/b/2", Backward)],
    );
}

#[test]
fn compatible_changes_are_not_reported() {
    let old = p3("package p;\nenum E { A = 0; B = 1; }\nmessage M { string a = 1; string b = 2; E e = 3; }");
    let new = p3(
        "package p;\nmessage N { int32 x = 1; }\nenum E { A = 0; RENAMED = 1; C = 2; }\n\
         message M { string a_renamed = 1; bytes c = 4; E e = 3; }",
    );
    // field added and removed, field renamed, enum constants changed, message added and moved
    assert_only(&run(Level::Backward, &old, &new), &[]);
}

#[test]
fn imported_types_are_unresolved_names_not_errors() {
    let old = p3("import \"money.proto\";\nmessage M { .acme.Money price = 1; }");
    let new = p3("import \"money.proto\";\nmessage M { .acme.Price price = 1; }");
    let parsed = contracts::protobuf::Schema::parse(&old).unwrap();
    assert_eq!(parsed.imports(), ["money.proto"]);
    assert_eq!(parsed.unresolved_types(), ["M.price: .acme.Money"]);
    assert_only(&full(&old, &old), &[]);
    assert!(has(
        &full(&old, &new),
        "FIELD_NAMED_TYPE_CHANGED",
        "#/M/1",
        Backward
    ));
}
