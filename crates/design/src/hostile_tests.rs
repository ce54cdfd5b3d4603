//! Tests of the limits that keep hostile or mistyped input bounded: every string is bounded and
//! free of NUL, names are single lines, cluster settings stay in sane ranges, and no answer
//! grows with the input beyond a bound.

use serde_json::{json, Value};

use crate::rules::{MAX_ID_CHARS, MAX_KEY_BYTES, MAX_PROBLEMS, MAX_SAMPLE_KEYS};
use crate::*;

fn small() -> Value {
    json!({ "schema": "kafka-design/v1", "name": "x",
      "nodes": [
        { "id": "p", "kind": "producer", "name": "p", "messages_per_sec": 10, "avg_message_bytes": 100 },
        { "id": "t", "kind": "topic", "name": "shop.orders.created", "partitions": 3 } ],
      "edges": [ { "from": "p", "to": "t" } ] })
}

fn problems(v: &Value) -> Vec<Problem> {
    validate(&parse(v.to_string().as_bytes()).expect("the shape is right"))
}

fn fields(v: &Value) -> Vec<(Element, Option<String>, &'static str)> {
    problems(v)
        .into_iter()
        .map(|p| (p.element, p.field, p.code))
        .collect()
}

#[test]
fn a_nul_is_refused_wherever_it_is() {
    let node = || Element::Node { id: "p".into() };
    type Edit = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(Edit, Element, &str)> = vec![
        (
            Box::new(|v| v["name"] = json!("a\u{0}b")),
            Element::Design,
            "name",
        ),
        (
            Box::new(|v| v["description"] = json!("x\u{0}")),
            Element::Design,
            "description",
        ),
        (
            Box::new(|v| v["owner"] = json!({"team": ["ok", "a\u{0}"]})),
            Element::Design,
            "owner.team[1]",
        ),
        (
            Box::new(|v| v["nodes"][0]["name"] = json!("\u{0}")),
            node(),
            "name",
        ),
        (
            Box::new(|v| v["nodes"][0]["sla"] = json!({"note": "\u{0}"})),
            node(),
            "sla.note",
        ),
        (
            Box::new(|v| v["nodes"][0]["config"] = json!({"client.id": "a\u{0}"})),
            node(),
            "config.client.id",
        ),
        (
            Box::new(|v| {
                v["nodes"][0]["key"] = json!({"field": "id\u{0}", "distribution": {"kind": "none"}})
            }),
            node(),
            "key.field",
        ),
        (
            Box::new(|v| {
                v["nodes"][0]["key"] = json!({"distribution": {"kind": "sample", "keys": ["a", "b\u{0}"]}})
            }),
            node(),
            "key.distribution.keys[1]",
        ),
        (
            Box::new(|v| v["cluster"] = json!({"config": {"x": "\u{0}"}})),
            Element::Cluster,
            "config.x",
        ),
        (
            Box::new(|v| v["edges"][0]["label"] = json!("\u{0}")),
            Element::Edge {
                from: "p".into(),
                to: "t".into(),
            },
            "label",
        ),
    ];
    for (edit, element, field) in cases {
        let mut v = small();
        edit(&mut v);
        let found = fields(&v);
        assert!(
            found
                .iter()
                .any(|(e, f, _)| *e == element && f.as_deref() == Some(field)),
            "{field}: {found:?}"
        );
    }
}

#[test]
fn names_are_one_line_of_visible_text() {
    for bad in [
        "a\nb",
        "a\rb",
        "tab\there",
        "bell\u{7}",
        "next\u{85}line",
        "para\u{2029}graph",
        "line\u{2028}sep",
    ] {
        let mut v = small();
        v["nodes"][1]["name"] = json!(bad);
        let found = problems(&v);
        assert_eq!(found.len(), 1, "{bad:?}: {found:?}");
        assert_eq!(found[0].code, "text");
        assert!(found[0].message.contains("U+"), "{}", found[0].message);
    }
    // A description may have lines.
    let mut v = small();
    v["description"] = json!("first line\nsecond line\r\n\tindented");
    assert_eq!(problems(&v), vec![]);
}

#[test]
fn cluster_settings_stay_in_sane_ranges_and_say_which() {
    for (field, bad) in [
        ("target_network_utilisation", 1e-300),
        ("target_network_utilisation", 0.01),
        ("max_disk_fill", 0.0),
        ("storage_overhead", 50.0),
        ("growth_factor", 1e-9),
        ("disk_per_broker_bytes", 1.0),
        ("disk_per_broker_bytes", 1e300),
    ] {
        let mut v = small();
        v["cluster"] = json!({ field: bad });
        let found = problems(&v);
        assert_eq!(found.len(), 1, "{field}: {found:?}");
        assert_eq!(found[0].field.as_deref(), Some(field));
        assert!(
            found[0].message.contains(" to "),
            "the range is given: {}",
            found[0].message
        );
    }
}

#[test]
fn long_strings_are_refused_with_their_limit() {
    let mut v = small();
    v["description"] = json!("d".repeat(10_001));
    v["nodes"][0]["key"] = json!({"field": "f".repeat(201), "distribution": {"kind": "sample", "keys": ["k".repeat(MAX_KEY_BYTES + 1)]}});
    v["nodes"][1]["config"] = json!({"x".repeat(201): 1, "message.format": "v".repeat(4_001)});
    let found = fields(&v);
    for field in [
        "description",
        "key.field",
        "key.distribution.keys[0]",
        "config.message.format",
    ] {
        assert!(
            found.iter().any(|(_, f, _)| f.as_deref() == Some(field)),
            "{field}: {found:?}"
        );
    }
    assert!(found
        .iter()
        .any(|(_, f, _)| f.as_deref().is_some_and(|f| f.starts_with("config.xxx"))));
}

#[test]
fn a_huge_id_is_not_echoed_whole_and_problems_are_capped() {
    let mut v = small();
    let long = "i".repeat(100_000);
    v["edges"] = json!([{ "from": long, "to": long }]);
    let found = problems(&v);
    let text = serde_json::to_string(&found).unwrap();
    assert!(text.len() < 2_000, "{} bytes", text.len());
    assert!(found.iter().all(|p| match &p.element {
        Element::Edge { from, .. } => from.chars().count() <= MAX_ID_CHARS + 1,
        _ => true,
    }));

    let mut v = small();
    let nodes: Vec<Value> = (0..1_000)
        .map(|i| json!({"id": format!("bad id {i}"), "kind": "topic", "name": "", "partitions": 0}))
        .collect();
    v["nodes"] = json!(nodes);
    v["edges"] = json!([]);
    let found = problems(&v);
    assert_eq!(found.len(), MAX_PROBLEMS + 1);
    assert!(
        found
            .last()
            .unwrap()
            .message
            .starts_with("and 2800 more problems"),
        "{}",
        found.last().unwrap().message
    );
}

#[test]
fn pasted_keys_are_counted_over_the_whole_design() {
    let mut v = small();
    let keys: Vec<String> = (0..MAX_SAMPLE_KEYS / 2 + 1).map(|i| i.to_string()).collect();
    let producer = |id: &str| {
        json!({"id": id, "kind": "producer", "name": id,
        "key": {"distribution": {"kind": "sample", "keys": keys}}})
    };
    v["nodes"] = json!([producer("a"), producer("b")]);
    v["edges"] = json!([]);
    let found = problems(&v);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].element, Element::Node { id: "b".into() });
    assert_eq!(found[0].code, "limit");
}

#[test]
fn weights_that_would_sum_to_infinity_are_refused() {
    let mut v = small();
    v["nodes"][0]["key"] =
        json!({"distribution": {"kind": "sample", "keys": ["a", "b"], "weights": [1e308, 1e308]}});
    let found = problems(&v);
    assert_eq!(found[0].field.as_deref(), Some("key.distribution.weights"));
}

#[test]
fn a_subjects_versions_are_bounded_in_number_size_and_text() {
    use crate::rules::{MAX_SCHEMA_BYTES, MAX_SCHEMA_VERSIONS};
    let subject = |versions: Value| {
        let mut v = small();
        v["nodes"].as_array_mut().unwrap().push(
            json!({"id": "s", "kind": "schema_subject", "name": "shop.orders.created-value",
                         "versions": versions}),
        );
        v["edges"]
            .as_array_mut()
            .unwrap()
            .push(json!({"from": "s", "to": "t"}));
        fields(&v)
    };
    let s = || Element::Node { id: "s".into() };
    let ok = subject(json!([{"schema": "\"string\""}, {"schema": "\"bytes\"", "note": "to bytes"}]));
    assert_eq!(ok, vec![]);
    let many: Vec<Value> = (0..=MAX_SCHEMA_VERSIONS)
        .map(|_| json!({"schema": "\"int\""}))
        .collect();
    assert_eq!(
        subject(json!(many)),
        vec![(s(), Some("versions".into()), "limit")]
    );
    assert_eq!(
        subject(json!([{"schema": " ".repeat(MAX_SCHEMA_BYTES + 1)}])),
        vec![(s(), Some("versions[0].schema".into()), "limit")]
    );
    assert_eq!(
        subject(json!([{"schema": "\"int\""}, {"schema": "  \n"}])),
        vec![(s(), Some("versions[1].schema".into()), "required")]
    );
    assert_eq!(
        subject(json!([{"schema": "\"in\u{0}t\""}])),
        vec![(s(), Some("versions[0].schema".into()), "text")]
    );
    assert_eq!(
        subject(json!([{"schema": "\"int\"", "note": "two\nlines"}])),
        vec![(s(), Some("versions[0].note".into()), "text")]
    );
    // Versions belong to subjects only.
    let mut v = small();
    v["nodes"][1]["versions"] = json!([{"schema": "\"int\""}]);
    v["nodes"][1]["compatibility"] = json!("FULL");
    let found = fields(&v);
    for field in ["versions", "compatibility"] {
        assert!(
            found.contains(&(Element::Node { id: "t".into() }, Some(field.into()), "field.kind")),
            "{found:?}"
        );
    }
}

#[test]
fn load_profiles_are_bounded_and_say_which_field() {
    let design = Element::Design;
    let node = |id: &str| Element::Node { id: id.into() };
    type Edit = Box<dyn Fn(&mut Value)>;
    let window = |extra: Value| {
        let mut w = json!({ "name": "Black Friday", "multiplier": 5, "duration_minutes": 120 });
        if let (Some(w), Some(extra)) = (w.as_object_mut(), extra.as_object()) {
            w.extend(extra.clone());
        }
        w
    };
    let cases: Vec<(Edit, Element, &str, &str)> = vec![
        (
            Box::new(move |v| v["load_profile"] = json!({ "peaks": vec![window(json!({})); 21] })),
            design.clone(),
            "load_profile.peaks",
            "limit",
        ),
        (
            Box::new(move |v| v["load_profile"] = json!({ "peaks": [window(json!({})), window(json!({}))] })),
            design.clone(),
            "load_profile.peaks[1].name",
            "name.duplicate",
        ),
        (
            Box::new(move |v| v["load_profile"] = json!({ "peaks": [window(json!({ "name": "a\nb" }))] })),
            design.clone(),
            "load_profile.peaks[0].name",
            "text",
        ),
        (
            Box::new(move |v| {
                v["load_profile"] = json!({ "peaks": [window(json!({ "name": "x".repeat(201) }))] })
            }),
            design.clone(),
            "load_profile.peaks[0].name",
            "limit",
        ),
        (
            Box::new(move |v| v["load_profile"] = json!({ "peaks": [window(json!({ "name": "  " }))] })),
            design.clone(),
            "load_profile.peaks[0].name",
            "required",
        ),
        (
            Box::new(move |v| v["load_profile"] = json!({ "peaks": [window(json!({ "multiplier": 0 }))] })),
            design.clone(),
            "load_profile.peaks[0].multiplier",
            "range",
        ),
        (
            Box::new(move |v| {
                v["load_profile"] = json!({ "peaks": [window(json!({ "multiplier": 1e300 }))] })
            }),
            design.clone(),
            "load_profile.peaks[0].multiplier",
            "range",
        ),
        (
            Box::new(move |v| {
                v["load_profile"] = json!({ "peaks": [window(json!({ "duration_minutes": 0 }))] })
            }),
            design.clone(),
            "load_profile.peaks[0].duration_minutes",
            "range",
        ),
        (
            Box::new(move |v| {
                v["load_profile"] = json!({ "peaks": [window(json!({ "duration_minutes": 10_081 }))] })
            }),
            design.clone(),
            "load_profile.peaks[0].duration_minutes",
            "range",
        ),
        (
            Box::new(move |v| {
                v["load_profile"] =
                    json!({ "peaks": [window(json!({ "duration_minutes": 10_000, "ramp_minutes": 41 }))] })
            }),
            design.clone(),
            "load_profile.peaks[0].ramp_minutes",
            "range",
        ),
        (
            Box::new(|v| v["load_profile"] = json!({ "lag_threshold_seconds": 86_401 })),
            design.clone(),
            "load_profile.lag_threshold_seconds",
            "range",
        ),
        (
            Box::new(|v| v["load_profile"] = json!({ "lag_threshold_seconds": 0 })),
            design.clone(),
            "load_profile.lag_threshold_seconds",
            "range",
        ),
        (
            Box::new(|v| v["load_profile"] = json!({ "owner": "a\u{0}" })),
            design.clone(),
            "load_profile.owner",
            "text",
        ),
        (
            Box::new(|v| v["nodes"][1]["load_profile"] = json!({})),
            node("t"),
            "load_profile",
            "field.kind",
        ),
        (
            Box::new(|v| v["nodes"][0]["load_profile"] = json!({ "lag_threshold_seconds": 30 })),
            node("p"),
            "load_profile.lag_threshold_seconds",
            "field.kind",
        ),
        (
            Box::new(move |v| {
                v["nodes"][0]["load_profile"] = json!({ "peaks": [window(json!({ "multiplier": -1 }))] })
            }),
            node("p"),
            "load_profile.peaks[0].multiplier",
            "range",
        ),
    ];
    for (edit, element, field, code) in cases {
        let mut v = small();
        edit(&mut v);
        let found = fields(&v);
        assert!(
            found.contains(&(element.clone(), Some(field.to_string()), code)),
            "{field}: {found:?}"
        );
    }
    // A profile within every limit is fine, on the design and on a writer.
    let mut v = small();
    v["load_profile"] =
        json!({ "peaks": [window(json!({ "ramp_minutes": 30 }))], "lag_threshold_seconds": 60 });
    v["nodes"][0]["load_profile"] = json!({ "peaks": [window(json!({ "multiplier": 2 }))] });
    assert_eq!(fields(&v), vec![]);
}

#[test]
fn distinct_window_names_are_counted_over_the_whole_design() {
    // 25 producers, each with its own window name: the 21st name is over the design's limit,
    // once per profile that brings a new one past it (its own 20 would each be fine).
    let window = |name: String| json!({ "name": name, "multiplier": 2, "duration_minutes": 30 });
    let mut v = small();
    let producers: Vec<Value> = (0..25)
        .map(|i| {
            let id = format!("p{i}");
            json!({"id": id, "kind": "producer", "name": id, "messages_per_sec": 1,
                "load_profile": { "peaks": [window(format!("w{i}")), window("shared".into())] }})
        })
        .collect();
    v["nodes"] = json!(producers);
    v["edges"] = json!([]);
    v["load_profile"] = json!({ "peaks": [window("shared".into())] });
    let found = fields(&v);
    // "shared" and w0..w18 make 20; w19..w24 are each over it.
    let over: Vec<_> = (19..25)
        .map(|i| {
            (
                Element::Node { id: format!("p{i}") },
                Some("load_profile.peaks[0].name".to_string()),
                "limit",
            )
        })
        .collect();
    assert_eq!(found, over);
    let message = &problems(&v)[0].message;
    assert!(message.contains("at most 20"), "{message}");
    // The same names again are fine: a name is counted once however many writers carry it.
    let mut v = small();
    let many: Vec<Value> = (0..20).map(|i| window(format!("w{i}"))).collect();
    v["load_profile"] = json!({ "peaks": many });
    v["nodes"][0]["load_profile"] = json!({ "peaks": many });
    assert_eq!(fields(&v), vec![]);
}
