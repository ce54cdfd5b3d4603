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

/// Three levels of records, each with `k` fields of the level below; the innermost one's fields
/// are `ty`. Every finding at the bottom is found again through each field above it.
fn fan_out(k: usize, ty: &str) -> String {
    let leaf: Vec<String> = (0..k)
        .map(|i| format!("{{\"name\":\"f{i}\",\"type\":\"{ty}\"}}"))
        .collect();
    let level = |name: &str, first: String, inner: &str| {
        let mut fs = vec![format!("{{\"name\":\"f0\",\"type\":{first}}}")];
        fs.extend((1..k).map(|i| format!("{{\"name\":\"f{i}\",\"type\":\"{inner}\"}}")));
        format!(
            "{{\"type\":\"record\",\"name\":\"{name}\",\"fields\":[{}]}}",
            fs.join(",")
        )
    };
    let t = format!(
        "{{\"type\":\"record\",\"name\":\"T\",\"fields\":[{}]}}",
        leaf.join(",")
    );
    let s = level("S", t, "T");
    level("R", s, "S")
}

#[test]
fn a_comparison_past_max_comparisons_stops_with_its_own_finding() {
    // 50 × 50 × 50 findings, each found again wherever its type is used: past the limit.
    let reader = Schema::parse(&fan_out(50, "int")).expect("reader parses");
    let writer = Schema::parse(&fan_out(50, "long")).expect("writer parses");
    let start = Instant::now();
    let found = compare(&reader, &writer);
    assert!(start.elapsed() < QUICK, "took {:?}", start.elapsed());
    assert!(found.len() <= contracts::limits::MAX_COMPARISONS + 1);
    let last = found.last().expect("findings");
    assert_eq!(last.kind, COMPARISON_LIMIT);
    assert_eq!(last.location, "/");
    let message = last.message("the new schema", "version 1");
    assert!(message.contains("100000"), "{message}");
    // Well below the limit the same shape compares to the end: 10 × 10 × 10 findings.
    let reader = Schema::parse(&fan_out(10, "int")).expect("reader parses");
    let writer = Schema::parse(&fan_out(10, "long")).expect("writer parses");
    let found = compare(&reader, &writer);
    assert_eq!(found.len(), 1000);
    assert!(found.iter().all(|f| f.kind == "TYPE_MISMATCH"));
    assert_eq!(found[999].location, "/fields/9/type/fields/9/type/fields/9/type");
}

/// Records `{prefix}0 … {prefix}{n-1}`, each the type of the previous one's field, the last
/// pointing back to the first (a type of endless values, but a schema Avro accepts).
fn cycle(prefix: &str, n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!(
            "{{\"type\":\"record\",\"name\":\"{prefix}{i}\",\"fields\":[{{\"name\":\"next\",\"type\":"
        ));
    }
    text.push_str(&format!("\"{prefix}0\""));
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

/// The "one topic, many event types" shape: a union of `n` records of `fields` fields each.
fn event_union(n: usize, fields: usize) -> String {
    let records: Vec<String> = (0..n)
        .map(|i| {
            let fs: Vec<String> = (0..fields)
                .map(|j| format!("{{\"name\":\"f{j}\",\"type\":\"long\"}}"))
                .collect();
            format!(
                "{{\"type\":\"record\",\"name\":\"Event{i}\",\"fields\":[{}]}}",
                fs.join(",")
            )
        })
        .collect();
    format!("[{}]", records.join(","))
}

#[test]
fn a_large_union_of_records_compares_to_the_end() {
    // 200 event types of 20 fields: trying every reader branch in turn would take some 400 000
    // comparisons; only the branch of the same name can read a record, so only it is compared.
    let s = Schema::parse(&event_union(200, 20)).expect("parses");
    let start = Instant::now();
    assert!(compare(&s, &s).is_empty());
    assert!(start.elapsed() < QUICK, "took {:?}", start.elapsed());
    let fewer = Schema::parse(&event_union(199, 20)).expect("parses");
    let found = compare(&fewer, &s);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].kind, found[0].location.as_str()),
        ("MISSING_UNION_BRANCH", "/199")
    );
}

/// Records whose defaults leave out fields that take their own defaults, two per level, forty
/// levels deep: each (type, default) pair is checked once, not 2^40 times.
#[test]
fn defaults_that_lean_on_defaults_are_checked_once_each() {
    let mut types = vec![r#"{"type": "record", "name": "R0", "fields": []}"#.to_owned()];
    for k in 1..=40 {
        let p = k - 1;
        types.push(format!(
            r#"{{"type": "record", "name": "R{k}", "fields": [{{"name": "a", "type": "R{p}", "default": {{}}}}, {{"name": "b", "type": "R{p}", "default": {{}}}}]}}"#
        ));
    }
    let schema = format!(
        r#"{{"type": "record", "name": "Top", "fields": [{}]}}"#,
        types
            .iter()
            .enumerate()
            .map(|(i, t)| format!(r#"{{"name": "f{i}", "type": {t}}}"#))
            .collect::<Vec<_>>()
            .join(", ")
    );
    assert!(contracts::avro::Schema::parse(&schema).is_ok());
}

/// An enum of twenty-five thousand symbols parses and compares in linear time, and the message about
/// the symbols a reader lacks names twenty of them and counts the rest.
#[test]
fn huge_enums_are_read_and_compared_with_sets() {
    let symbols = |n: usize| -> String { (0..n).map(|i| format!("\"S{i}\"")).collect::<Vec<_>>().join(",") };
    let writer = format!(
        r#"{{"type": "enum", "name": "E", "symbols": [{}]}}"#,
        symbols(25_000)
    );
    let reader = r#"{"type": "enum", "name": "E", "symbols": ["S0"]}"#;
    let w = contracts::avro::Schema::parse(&writer).unwrap();
    let r = contracts::avro::Schema::parse(reader).unwrap();
    let found = contracts::avro::compare(&r, &w);
    assert_eq!(found.len(), 1);
    let message = found[0].message("the reader", "the writer");
    assert!(
        message.contains("and 24979 more"),
        "{}",
        &message[..200.min(message.len())]
    );
    assert!(message.len() < 2_000);
}

/// A record of fifty fields without defaults against a hundred empty versions at
/// FULL_TRANSITIVE: a thousand incompatibilities are listed, then one says the check stopped.
#[test]
fn one_check_lists_at_most_a_thousand_incompatibilities() {
    let fields: Vec<String> = (0..50)
        .map(|i| format!(r#"{{"name": "f{i}", "type": "int"}}"#))
        .collect();
    let new = format!(
        r#"{{"type": "record", "name": "R", "fields": [{}]}}"#,
        fields.join(",")
    );
    let old = r#"{"type": "record", "name": "R", "fields": []}"#;
    let previous = vec![old; 100];
    let v = contracts::check(
        contracts::SchemaType::Avro,
        contracts::Level::FullTransitive,
        &new,
        &previous,
    )
    .unwrap();
    assert!(!v.is_compatible);
    assert_eq!(v.messages.len(), contracts::limits::MAX_MESSAGES + 1);
    let last = v.messages.last().unwrap();
    assert_eq!(last.kind, "COMPARISON_LIMIT");
    assert!(last.message.contains("the check stopped"), "{}", last.message);
    // Twenty versions' worth were compared (50 findings each), not a hundred.
    assert_eq!(v.messages[999].version, 20);
}
