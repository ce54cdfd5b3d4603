//! Every case of `fixtures/protobuf/diff-cases.json` and `fixtures/json_schema/diff-cases.json`
//! (see each folder's `SOURCES.md`): the incompatible differences found backward (the update
//! reads what the original wrote) and forward, all failures of a file reported at once.

use contracts::{Schema, SchemaType};
use serde_json::Value;

fn kinds(reader: &Schema, writer: &Schema) -> Vec<String> {
    let mut out: Vec<String> = reader
        .read_findings(writer)
        .into_iter()
        .map(|f| format!("{} {}", f.kind, f.location))
        .collect();
    out.sort();
    out
}

fn expected(case: &Value, key: &str) -> Vec<String> {
    let mut out: Vec<String> = case[key]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect())
        .unwrap_or_default();
    out.sort();
    out
}

/// Runs every case of `text`; a case's schema is its string (a `.proto` file) or its JSON.
fn every_case(ty: SchemaType, text: &str) {
    let cases: Vec<Value> = serde_json::from_str(text).expect("the fixture is JSON");
    assert!(cases.len() >= 30);
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["description"].as_str().unwrap_or("?");
        let parse = |key: &str| match &case[key] {
            Value::String(s) if ty == SchemaType::Protobuf => Schema::parse(ty, s),
            other => Schema::parse(ty, &other.to_string()),
        };
        let (original, update) = match (parse("original_schema"), parse("update_schema")) {
            (Ok(o), Ok(u)) => (o, u),
            (o, u) => {
                failures.push(format!("{name}: does not parse: {:?} / {:?}", o.err(), u.err()));
                continue;
            }
        };
        for (direction, got) in [
            ("backward", kinds(&update, &original)),
            ("forward", kinds(&original, &update)),
        ] {
            let want = expected(case, direction);
            if got != want {
                failures.push(format!("{name} ({direction}): expected {want:?}, found {got:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{ty}: {} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_protobuf_case() {
    every_case(
        SchemaType::Protobuf,
        include_str!("fixtures/protobuf/diff-cases.json"),
    );
}

#[test]
fn every_json_schema_case() {
    every_case(
        SchemaType::Json,
        include_str!("fixtures/json_schema/diff-cases.json"),
    );
}
