//! Hostile JSON Schema documents: each is answered promptly and within bounds (an
//! `Error::Limit`, an error, or findings ending in `COMPARISON_LIMIT`), never with a panic, a
//! stack overflow, or memory and time growing without bound. No test here is timed: before the
//! fixes each of them panicked, overflowed the stack or ran out of memory.

use contracts::json_schema::{compare, Schema};
use contracts::{Error, Finding};

fn parse(text: &str) -> Schema {
    Schema::parse(text).unwrap_or_else(|e| panic!("{e}: {text:.200}"))
}

fn kinds(found: &[Finding]) -> Vec<(&str, &str)> {
    found.iter().map(|f| (f.kind, f.location.as_str())).collect()
}

#[test]
fn a_ref_fragment_with_a_percent_before_a_multibyte_character_is_an_error_not_a_panic() {
    for text in [
        r##"{"$ref":"#/%aé"}"##,
        r##"{"$ref":"#/%é"}"##,
        r##"{"$ref":"#/é%"}"##,
        r##"{"$ref":"#/%"}"##,
        r##"{"$ref":"#/%4"}"##,
        r##"{"$ref":"#/%zz"}"##,
    ] {
        assert!(matches!(Schema::parse(text), Err(Error::Syntax { .. })), "{text}");
    }
    // Escapes that decode still resolve, in either case of hexadecimal digit.
    let s = parse(r##"{"definitions":{"a-b":{"type":"string"}},"$ref":"#/definitions/a%2db"}"##);
    let t = parse(r##"{"definitions":{"a-b":{"type":"integer"}},"$ref":"#/definitions/a%2Db"}"##);
    assert_eq!(kinds(&compare(&t, &s)), vec![("TYPE_CHANGED", "#/")]);
}

#[test]
fn locations_escape_names_as_json_pointer_segments() {
    let old = parse(r#"{"properties":{"a/b~c":{"type":"string"}}}"#);
    let new = parse(r#"{"properties":{"a/b~c":{"type":"integer"}}}"#);
    assert_eq!(
        kinds(&compare(&new, &old)),
        vec![("TYPE_CHANGED", "#/properties/a~1b~0c")]
    );
    let old = parse(r#"{"properties":{"x/y":{}}}"#);
    let new = parse(r#"{"properties":{"x/y":{}},"required":["x/y"],"dependencies":{"~":["x/y"]}}"#);
    let found = compare(&new, &old);
    assert_eq!(
        kinds(&found),
        vec![
            ("REQUIRED_ATTRIBUTE_ADDED", "#/required/x~1y"),
            ("DEPENDENCY_ARRAY_ADDED", "#/dependencies/~0")
        ]
    );
    // A wrong keyword under an escaped name is reported at an escaped pointer.
    match Schema::parse(r#"{"definitions":{"p/q":{"type":7}}}"#) {
        Err(Error::Syntax { location, .. }) => {
            assert_eq!(location.as_deref(), Some("#/definitions/p~1q/type"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn references_spelled_differently_reach_the_same_node() {
    // `a/b` is a definition whose name holds a slash: `#/definitions/a~1b`, percent-encoded or
    // not, names it; the node is loaded once and found under each spelling.
    let text = r##"{"definitions":{"a/b":{"type":"string"},"a":{"b":{"type":"integer"}}},
        "properties":{"x":{"$ref":"#/definitions/a~1b"},"y":{"$ref":"#/%64efinitions/a%7E1b"},
                      "z":{"$ref":"#/definitions/a/b"}}}"##;
    let s = parse(text);
    let t = parse(&text.replace("\"string\"", "\"boolean\""));
    assert_eq!(
        kinds(&compare(&t, &s)),
        vec![
            ("TYPE_CHANGED", "#/properties/x"),
            ("TYPE_CHANGED", "#/properties/y")
        ]
    );
}

/// `{"type": [types…], "properties": {"a": <the same, one level less>}}`, `levels` deep.
fn nested_type_lists(levels: usize, types: &str) -> String {
    let mut text = String::new();
    for _ in 0..levels {
        text.push_str(&format!(r#"{{"type":[{types}],"properties":{{"a":"#));
    }
    text.push_str("{}");
    for _ in 0..levels {
        text.push_str("}}");
    }
    text
}

#[test]
fn a_type_list_naming_a_type_twice_is_read_once_per_level() {
    // 40 levels of `["object","object"]` (about 3 KB) were read 2^40 times.
    let text = nested_type_lists(40, r#""object","object""#);
    assert!(text.len() < 4 * 1024);
    let s = parse(&text);
    assert!(compare(&s, &s).is_empty());
    // Also with the same type named a thousand times at each level, and next to `array`.
    let many = vec![r#""object""#; 1000].join(",");
    let s = parse(&nested_type_lists(20, &format!(r#""array",{many},"array""#)));
    assert!(compare(&s, &s).is_empty());
    // A name that is not a type is still an error.
    assert!(matches!(
        Schema::parse(r#"{"type":["object","objects"]}"#),
        Err(Error::Syntax { location: Some(l), .. }) if l == "#/type"
    ));
}

#[test]
fn references_spelled_in_many_ways_load_their_target_once() {
    // One definition of 3000 properties and a thousand references to it, each spelling its
    // pointer with other letters percent-encoded: each spelling loaded the definition again.
    let props: Vec<String> = (0..3000)
        .map(|i| format!(r#""p{i}":{{"type":"string"}}"#))
        .collect();
    let refs: Vec<String> = (0..1000)
        .map(|i: u32| {
            let name: String = "definitions"
                .chars()
                .enumerate()
                .map(|(b, c)| {
                    if i >> b & 1 == 1 {
                        format!("%{:02x}", c as u32)
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            format!(r##""r{i}":{{"$ref":"#/{name}/big"}}"##)
        })
        .collect();
    let text = format!(
        r#"{{"definitions":{{"big":{{"properties":{{{}}}}}}},"properties":{{{}}}}}"#,
        props.join(","),
        refs.join(",")
    );
    assert!(text.len() < contracts::limits::MAX_SCHEMA_BYTES);
    let s = parse(&text);
    assert!(compare(&s, &s).is_empty());
}

#[test]
fn more_subschemas_than_max_nodes_is_a_limit() {
    // Beyond the 256 KiB a stored schema has (this module's parser does not check the size).
    let n = contracts::json_schema::MAX_NODES + 1;
    let props: Vec<String> = (0..n).map(|i| format!(r#""{i}":{{}}"#)).collect();
    let text = format!(r#"{{"properties":{{{}}}}}"#, props.join(","));
    match Schema::parse(&text) {
        Err(Error::Limit(message)) => assert!(message.contains("subschemas"), "{message}"),
        other => panic!("expected Error::Limit, got {:?}", other.map(|_| ())),
    }
}

fn is_limit(f: &Finding) -> bool {
    f.kind == "COMPARISON_LIMIT" && f.location == "#/"
}

#[test]
fn a_not_of_a_reference_to_itself_terminates() {
    // Each `not` began a new comparison that knew nothing of the pairs in progress: about
    // 100 000 nested calls, a stack overflow.
    let s = parse(r##"{"not":{"$ref":"#"}}"##);
    assert!(compare(&s, &s).is_empty());
    let t = parse(r##"{"not":{"$ref":"#"},"type":"object","properties":{"a":{"not":{"$ref":"#"}}}}"##);
    let _ = compare(&s, &t);
    let _ = compare(&t, &s);
    let _ = compare(&t, &t);
    // Also through crate::check, which runs both directions.
    let text = r##"{"not":{"$ref":"#"}}"##;
    let verdict =
        contracts::check(contracts::SchemaType::Json, contracts::Level::Full, text, &[text]).unwrap();
    assert!(verdict.is_compatible);
}

#[test]
fn a_long_chain_of_nots_through_references_stops_at_the_nesting_bound() {
    // 5000 definitions, each the `not` of the next: 5000 pairs nested in one another, none met
    // before, so neither the memo nor the pairs in progress stop it; the nesting bound does.
    let n = 5000;
    let defs: Vec<String> = (0..n)
        .map(|i| format!(r##""d{i}":{{"not":{{"$ref":"#/definitions/d{}"}}}}"##, i + 1))
        .collect();
    let text = format!(
        r##"{{"$ref":"#/definitions/d0","definitions":{{{},"d{n}":{{"type":"string"}}}}}}"##,
        defs.join(",")
    );
    assert!(text.len() < contracts::limits::MAX_SCHEMA_BYTES);
    let s = parse(&text);
    let t = parse(&text.replace(r#""type":"string""#, r#""type":"integer""#));
    let found = compare(&t, &s);
    assert_eq!(found.len(), 1, "{:?}", kinds(&found));
    assert!(is_limit(&found[0]), "{:?}", kinds(&found));
    // The same through properties and through `items`.
    for (open, close) in [(r#"{"properties":{"a":"#, "}}"), (r#"{"items":"#, "}")] {
        let defs: Vec<String> = (0..n)
            .map(|i| format!(r##""d{i}":{open}{{"$ref":"#/definitions/d{}"}}{close}"##, i + 1))
            .collect();
        let text = format!(
            r##"{{"$ref":"#/definitions/d0","definitions":{{{},"d{n}":{{"type":"string"}}}}}}"##,
            defs.join(",")
        );
        let s = parse(&text);
        let t = parse(&text.replace(r#""type":"string""#, r#""type":"integer""#));
        let found = compare(&t, &s);
        assert!(found.last().is_some_and(is_limit), "{:?}", kinds(&found));
    }
}

/// `d_i` has four properties referring to `d_{i-1}`; `d0` is a string, or an integer.
fn four_way_definitions(levels: usize, ty: &str) -> Schema {
    let defs: Vec<String> = (1..=levels)
        .map(|i| {
            let r = format!(r##"{{"$ref":"#/definitions/d{}"}}"##, i - 1);
            format!(r#""d{i}":{{"properties":{{"a":{r},"b":{r},"c":{r},"d":{r}}}}}"#)
        })
        .collect();
    parse(&format!(
        r##"{{"$ref":"#/definitions/d{levels}","definitions":{{"d0":{{"type":"{ty}"}},{}}}}}"##,
        defs.join(",")
    ))
}

#[test]
fn findings_of_a_pair_met_under_many_properties_do_not_multiply() {
    // Each memoised result was copied under each property at each level: 4^20 findings.
    let (s, t) = (
        four_way_definitions(20, "string"),
        four_way_definitions(20, "integer"),
    );
    let found = compare(&t, &s);
    assert!(
        found.len() <= contracts::json_schema::MAX_FINDINGS + 1,
        "{}",
        found.len()
    );
    assert!(found.last().is_some_and(is_limit), "{:?}", found.last());
    // A few levels are reported in full.
    let (s, t) = (
        four_way_definitions(3, "string"),
        four_way_definitions(3, "integer"),
    );
    let found = compare(&t, &s);
    assert_eq!(found.len(), 64, "{:?}", kinds(&found));
    assert!(found.iter().all(|f| f.kind == "TYPE_CHANGED"));
    assert_eq!(found[0].location, "#/properties/a/properties/a/properties/a");
}

#[test]
fn findings_are_capped_with_one_finding_saying_how_many_were_left_out() {
    let n = 2500;
    let props = |ty: &str| -> String {
        (0..n)
            .map(|i| format!(r#""p{i}":{{"type":"{ty}"}}"#))
            .collect::<Vec<_>>()
            .join(",")
    };
    let s = parse(&format!(r#"{{"properties":{{{}}}}}"#, props("string")));
    let t = parse(&format!(r#"{{"properties":{{{}}}}}"#, props("integer")));
    let found = compare(&t, &s);
    let max = contracts::json_schema::MAX_FINDINGS;
    assert_eq!(found.len(), max + 1);
    assert!(found[..max].iter().all(|f| f.kind == "TYPE_CHANGED"));
    assert!(is_limit(&found[max]));
    let message = found[max].message("the new schema", "version 1");
    assert!(message.contains(&format!("{} more", n - max)), "{message}");
}

#[test]
fn long_enums_are_compared_through_sets() {
    // Two lists of 40 000 values: each value of one was looked for in the other (1.6e9
    // comparisons).
    let n = 40_000;
    let list = |from: usize| {
        (from..from + n)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    let old = parse(&format!(r#"{{"enum":[{}]}}"#, list(0)));
    let new = parse(&format!(r#"{{"enum":[{}]}}"#, list(1)));
    let found = compare(&new, &old);
    assert_eq!(kinds(&found), vec![("ENUM_ARRAY_CHANGED", "#/enum")]);
    assert_eq!(found[0].args, vec!["0".to_owned()]);
    assert!(compare(&old, &old).is_empty());
    // Objects are equal whatever the order of their members.
    let a = parse(r#"{"enum":[{"x":1,"y":[true,null]},"s"]}"#);
    let b = parse(r#"{"enum":["s",{"y":[true,null],"x":1}]}"#);
    assert!(compare(&a, &b).is_empty() && compare(&b, &a).is_empty());
    let c = parse(r#"{"enum":["s",{"y":[null,true],"x":1}]}"#);
    assert_eq!(kinds(&compare(&c, &b)), vec![("ENUM_ARRAY_CHANGED", "#/enum")]);
}

#[test]
fn many_removed_properties_against_many_patterns_stop_within_the_budget() {
    // 10 000 properties of the writer missing from a reader with 10 000 patterns: each
    // pattern was tried on each name (1e8 tries) in what counted as one step.
    let n = 10_000;
    let props: Vec<String> = (0..n).map(|i| format!(r#""p{i}":{{}}"#)).collect();
    let pats: Vec<String> = (0..n).map(|i| format!(r#""^q{i}$":{{}}"#)).collect();
    let old = parse(&format!(r#"{{"properties":{{{}}}}}"#, props.join(",")));
    let new = parse(&format!(
        r#"{{"patternProperties":{{{}}},"additionalProperties":false}}"#,
        pats.join(",")
    ));
    let found = compare(&new, &old);
    assert!(found.len() <= contracts::json_schema::MAX_FINDINGS + 1);
    assert!(found.last().is_some_and(is_limit), "{:?}", found.last());
    // A few patterns are tried as before.
    let old = parse(r#"{"properties":{"q1":{"type":"string"},"r":{}}}"#);
    let new = parse(r#"{"patternProperties":{"^q1$":{"type":"integer"}},"additionalProperties":false}"#);
    assert_eq!(
        kinds(&compare(&new, &old)),
        vec![
            ("TYPE_CHANGED", "#/properties/q1"),
            (
                "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
                "#/properties/q1"
            ),
            ("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", "#/properties/r"),
            ("ADDITIONAL_PROPERTIES_REMOVED", "#/additionalProperties")
        ]
    );
}

/// Sixty properties nested one in another, each named with 2 000 characters, over thousands of
/// small subschemas: their paths would repeat the long names in every one of them; the loader
/// stops at its budget of location bytes instead of holding gigabytes.
#[test]
fn long_names_nested_deep_over_many_subschemas_are_a_limit() {
    let leaves: Vec<String> = (0..3_000)
        .map(|i| format!(r#""p{i}": {{"type": "string"}}"#))
        .collect();
    let mut schema = format!(r#"{{"type": "object", "properties": {{{}}}}}"#, leaves.join(","));
    for level in 0..60 {
        let name = format!("{level:02}{}", "n".repeat(2_000));
        schema = format!(r#"{{"type": "object", "properties": {{"{name}": {schema}}}}}"#);
    }
    assert!(schema.len() < contracts::limits::MAX_SCHEMA_BYTES);
    match contracts::Schema::parse(contracts::SchemaType::Json, &schema) {
        Err(contracts::Error::Limit(why)) => assert!(why.contains("paths"), "{why}"),
        other => panic!("expected a limit, got {:?}", other.map(|_| ())),
    }
}
