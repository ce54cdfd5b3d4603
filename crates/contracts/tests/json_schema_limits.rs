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
