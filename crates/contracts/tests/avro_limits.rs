//! Schema bombs: deep nesting and huge unions are refused with `Error::Limit`, quickly and
//! without overflowing the stack; a comparison too large to finish stops with a finding.

use std::time::{Duration, Instant};

use contracts::avro::{compare, Schema, COMPARISON_LIMIT};
use contracts::{limits, Error};

/// Generous: each of these takes milliseconds; only a runaway would take this long.
const QUICK: Duration = Duration::from_secs(5);

fn nested_arrays(levels: usize) -> String {
    let mut text = String::new();
    for _ in 0..levels {
        text.push_str("{\"type\":\"array\",\"items\":");
    }
    text.push_str("\"int\"");
    for _ in 0..levels {
        text.push('}');
    }
    text
}

fn expect_limit(text: &str) -> String {
    let start = Instant::now();
    let result = Schema::parse(text);
    assert!(start.elapsed() < QUICK, "took {:?}", start.elapsed());
    match result {
        Err(Error::Limit(message)) => message,
        other => panic!("expected Error::Limit, got {other:?}"),
    }
}

#[test]
fn ten_thousand_nested_arrays_are_a_limit() {
    let message = expect_limit(&nested_arrays(10_000));
    assert!(message.contains("nests"), "{message}");
    // Also through the crate's entry point.
    assert!(matches!(
        contracts::Schema::parse(contracts::SchemaType::Avro, &nested_arrays(10_000)),
        Err(Error::Limit(_))
    ));
}

#[test]
fn nesting_is_refused_just_past_max_depth() {
    assert!(Schema::parse(&nested_arrays(limits::MAX_DEPTH - 1)).is_ok());
    let message = expect_limit(&nested_arrays(limits::MAX_DEPTH));
    assert!(message.contains(&limits::MAX_DEPTH.to_string()), "{message}");
}

#[test]
fn deep_records_are_a_limit() {
    let mut text = String::new();
    for i in 0..100 {
        text.push_str(&format!(
            "{{\"type\":\"record\",\"name\":\"R{i}\",\"fields\":[{{\"name\":\"f\",\"type\":"
        ));
    }
    text.push_str("\"int\"");
    for _ in 0..100 {
        text.push_str("}]}");
    }
    expect_limit(&text);
}

#[test]
fn a_union_of_a_hundred_thousand_branches_is_a_limit() {
    let branches = vec!["\"int\""; 100_000].join(",");
    expect_limit(&format!("[{branches}]"));
    // Under the size limit, the branch count is what refuses it.
    let branches = vec!["\"int\""; limits::MAX_UNION + 1].join(",");
    let message = expect_limit(&format!("[{branches}]"));
    assert!(message.contains("branches"), "{message}");
}

/// A union of `n` records named `{prefix}0…`, used by two fields: every writer branch is tried
/// against every reader branch.
fn union_of_records(prefix: &str, n: usize) -> String {
    let records: Vec<String> = (0..n)
        .map(|i| format!("{{\"type\":\"record\",\"name\":\"{prefix}{i}\",\"fields\":[]}}"))
        .collect();
    let names: Vec<String> = (0..n).map(|i| format!("\"{prefix}{i}\"")).collect();
    format!(
        "{{\"type\":\"record\",\"name\":\"Top\",\"fields\":[{{\"name\":\"a\",\"type\":[{}]}},\
         {{\"name\":\"b\",\"type\":[{}]}}]}}",
        records.join(","),
        names.join(",")
    )
}

#[test]
fn a_comparison_past_max_comparisons_stops_with_its_own_finding() {
    let reader = Schema::parse(&union_of_records("R", 256)).expect("reader parses");
    let writer = Schema::parse(&union_of_records("W", 256)).expect("writer parses");
    let start = Instant::now();
    let found = compare(&reader, &writer);
    assert!(start.elapsed() < QUICK, "took {:?}", start.elapsed());
    let last = found.last().expect("findings");
    assert_eq!(last.kind, COMPARISON_LIMIT);
    assert_eq!(last.location, "/");
    let message = last.message("the new schema", "version 1");
    assert!(message.contains("100000"), "{message}");
    // Well below the limit the same shape compares to the end.
    let reader = Schema::parse(&union_of_records("R", 16)).expect("reader parses");
    let writer = Schema::parse(&union_of_records("W", 16)).expect("writer parses");
    let found = compare(&reader, &writer);
    assert_eq!(found.len(), 32);
    assert!(found.iter().all(|f| f.kind == "MISSING_UNION_BRANCH"));
}

/// Records `{prefix}0 … {prefix}{n-1}`, each the type of the previous one's field, the last
/// pointing back to the first.
fn cycle(prefix: &str, n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!(
            "{{\"type\":\"record\",\"name\":\"{prefix}{i}\",\"fields\":[{{\"name\":\"next\",\"type\":"
        ));
    }
    text.push_str(&format!("[\"null\",\"{prefix}0\"],\"default\":null"));
    for _ in 0..n {
        text.push_str("}]}");
    }
    text
}

#[test]
fn recursive_types_of_different_cycles_stop_at_the_comparison_depth() {
    // 40 and 41 records round: the pairs repeat only after 1640 steps, past COMPARE_DEPTH.
    let reader = Schema::parse(&cycle("R", 40)).expect("reader parses");
    let writer = Schema::parse(&cycle("R", 41)).expect("writer parses");
    let start = Instant::now();
    let found = compare(&reader, &writer);
    assert!(start.elapsed() < QUICK, "took {:?}", start.elapsed());
    let last = found.last().expect("findings");
    assert_eq!(last.kind, COMPARISON_LIMIT);
    assert!(
        last.message("r", "w").contains("deep"),
        "{}",
        last.message("r", "w")
    );
    // The same cycle reads itself.
    assert!(compare(&reader, &reader).is_empty());
}
