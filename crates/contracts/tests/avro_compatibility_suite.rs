//! Every case transcribed from Avro Java's compatibility tests (`tests/fixtures/avro/`, sources
//! in `SOURCES.md`) run against `contracts::avro`: the verdict, and where the case lists them,
//! the incompatibilities' kinds and locations in order. All failures are reported at once.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use contracts::avro::{compare, Schema};
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/avro")
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A case's schema: inline JSON, or `"$CONSTANT"` naming one of `test_schemas.json`.
fn schema_text(v: &Value, shared: &BTreeMap<String, Value>) -> Result<String, String> {
    match v.as_str().and_then(|s| s.strip_prefix('$')) {
        Some(name) => shared
            .get(name)
            .map(Value::to_string)
            .ok_or_else(|| format!("no schema constant {name} in test_schemas.json")),
        None => Ok(v.to_string()),
    }
}

struct Outcome {
    cases: usize,
    with_findings: usize,
    failures: Vec<String>,
}

fn run_case(case: &Value, shared: &BTreeMap<String, Value>, file: &str, out: &mut Outcome) {
    out.cases += 1;
    let name = case["name"].as_str().unwrap_or("?");
    let source = case["source"].as_str().unwrap_or("?");
    let mut fail = |why: String| out.failures.push(format!("{file}: {name} [{source}]\n    {why}"));
    let parse = |key: &str| -> Result<Schema, String> {
        let text = schema_text(&case[key], shared)?;
        Schema::parse(&text).map_err(|e| format!("the {key} does not parse: {e}\n    {text}"))
    };
    let (reader, writer) = match (parse("reader"), parse("writer")) {
        (Ok(r), Ok(w)) => (r, w),
        (Err(e), _) | (_, Err(e)) => return fail(e),
    };
    let found = compare(&reader, &writer);
    let got: Vec<(String, String)> = found
        .iter()
        .map(|f| (f.kind.to_owned(), f.location.clone()))
        .collect();
    let compatible = case["compatible"].as_bool().unwrap_or(false);
    if compatible != found.is_empty() {
        return fail(format!(
            "expected {}, got {got:?}",
            if compatible { "compatible" } else { "incompatible" }
        ));
    }
    if let Some(expected) = case.get("incompatibilities").and_then(Value::as_array) {
        out.with_findings += 1;
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|e| {
                (
                    e["kind"].as_str().unwrap_or("?").to_owned(),
                    e["location"].as_str().unwrap_or("?").to_owned(),
                )
            })
            .collect();
        if expected != got {
            return fail(format!("expected {expected:?}\n    got      {got:?}"));
        }
    }
    // Every message reads as a sentence with both schemas named and no placeholder left.
    for f in &found {
        let m = f.message("the new schema", "version 3");
        if m.contains("{}") || m.contains("{reader}") || m.contains("{writer}") || m.contains('?') {
            fail(format!("message with a placeholder left: {m}"));
        }
    }
}

#[test]
fn every_transcribed_case_passes() {
    let dir = fixtures();
    let shared: BTreeMap<String, Value> =
        serde_json::from_value(read_json(&dir.join("test_schemas.json"))["schemas"].clone())
            .expect("test_schemas.json has a schemas object");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("fixtures directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| !p.ends_with("test_schemas.json"))
        .collect();
    files.sort();
    let mut out = Outcome {
        cases: 0,
        with_findings: 0,
        failures: Vec::new(),
    };
    for path in &files {
        let doc = read_json(path);
        let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        assert!(doc["source_file"].is_string(), "{file} names no source_file");
        for case in doc["cases"].as_array().into_iter().flatten() {
            assert!(case["source"].is_string(), "{file}: a case without source");
            run_case(case, &shared, file, &mut out);
        }
    }
    assert!(out.cases >= 264, "only {} cases found", out.cases);
    assert!(
        out.failures.is_empty(),
        "{} of {} cases failed ({} check kinds and locations):\n{}",
        out.failures.len(),
        out.cases,
        out.with_findings,
        out.failures.join("\n")
    );
    eprintln!(
        "{} cases from {} files passed ({} with kinds and locations)",
        out.cases,
        files.len(),
        out.with_findings
    );
}
