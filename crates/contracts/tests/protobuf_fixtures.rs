//! Every case of `fixtures/protobuf/diff-cases.json` (see `fixtures/protobuf/SOURCES.md`): the
//! incompatible differences found backward (the update reads what the original wrote) and
//! forward, all failures reported at once.

use contracts::protobuf::{compare, Schema};
use serde_json::Value;

fn kinds(reader: &Schema, writer: &Schema) -> Vec<String> {
    let mut out: Vec<String> = compare(reader, writer)
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

#[test]
fn every_fixture_case() {
    let text = include_str!("fixtures/protobuf/diff-cases.json");
    let cases: Vec<Value> = serde_json::from_str(text).expect("the fixture is JSON");
    assert!(cases.len() >= 30);
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["description"].as_str().unwrap_or("?");
        let parse = |key: &str| Schema::parse(case[key].as_str().unwrap_or_default());
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
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
