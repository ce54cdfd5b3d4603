//! `Topology#describe()` texts written by others (see `fixtures/streams/SOURCES.md`) imported
//! with exactly the processors, topics, flags and edges Kafka would run.

use std::collections::BTreeSet;

use design::{Design, Engine, NodeKind};
use interop::{import, Format, Options, Warning};
use serde_json::Value;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/streams/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(text: &str, app: &str) -> (Design, Vec<Warning>) {
    let options = Options {
        application_id: Some(app.into()),
    };
    let imported = import(text, None, &options).expect("imports");
    assert_eq!(imported.format, Format::StreamsTopology);
    let d = imported.design;
    assert!(design::validate(&d).is_empty(), "{:?}", design::validate(&d));
    for n in d.nodes.iter().filter(|n| n.kind == NodeKind::StreamProcessor) {
        assert_eq!(n.engine, Some(Engine::KafkaStreams), "{}", n.name);
    }
    for n in d
        .nodes
        .iter()
        .filter(|n| n.is_internal() && n.name.ends_with("-changelog"))
    {
        assert_eq!(n.config["cleanup.policy"], Value::from("compact"), "{}", n.name);
    }
    (d, imported.warnings)
}

/// The design as sets: processors (name, stateful), topics (name, internal), edges
/// (from name, to name, global).
#[derive(Debug, PartialEq)]
struct Shape {
    processors: BTreeSet<(String, bool)>,
    topics: BTreeSet<(String, bool)>,
    edges: BTreeSet<(String, String, bool)>,
}

fn shape(d: &Design) -> Shape {
    let name = |id: &str| {
        d.nodes
            .iter()
            .find(|n| n.id == id)
            .map(|n| n.name.clone())
            .unwrap_or_default()
    };
    assert!(d
        .nodes
        .iter()
        .all(|n| matches!(n.kind, NodeKind::StreamProcessor | NodeKind::Topic)));
    let s = Shape {
        processors: d
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::StreamProcessor)
            .map(|n| (n.name.clone(), n.stateful == Some(true)))
            .collect(),
        topics: d
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Topic)
            .map(|n| (n.name.clone(), n.is_internal()))
            .collect(),
        edges: d
            .edges
            .iter()
            .map(|e| (name(&e.from), name(&e.to), e.global == Some(true)))
            .collect(),
    };
    assert_eq!(s.edges.len(), d.edges.len());
    s
}

fn set2(items: &[(&str, bool)]) -> BTreeSet<(String, bool)> {
    items.iter().map(|(n, b)| (n.to_string(), *b)).collect()
}

fn edges(items: &[(&str, &str, bool)]) -> BTreeSet<(String, String, bool)> {
    items
        .iter()
        .map(|(f, t, g)| (f.to_string(), t.to_string(), *g))
        .collect()
}

fn count(s: &Shape, suffix: &str) -> usize {
    s.topics
        .iter()
        .filter(|(n, internal)| *internal && n.ends_with(suffix))
        .count()
}

const CHANGELOGS: [&str; 5] = [
    "app-count-store-changelog",
    "app-other-join-store-changelog",
    "app-join-store-changelog",
    "app-aggregate-store-changelog",
    "app-reduce-store-changelog",
];

#[test]
fn optimized_repartitioning_has_one_repartition_topic() {
    let (d, w) = read(&fixture("repartition_optimized.txt"), "app");
    assert!(w.is_empty(), "{w:?}");
    let s = shape(&d);
    assert_eq!(count(&s, "-repartition"), 1);
    assert_eq!(count(&s, "-changelog"), 5);
    assert_eq!(
        s.processors,
        set2(&[("app sub-topology 0", false), ("app sub-topology 1", true)])
    );
    let mut topics = vec![
        ("input", false),
        ("outputTopic_0", false),
        ("outputTopic_1", false),
        ("outputTopic_2", false),
        ("joinedOutputTopic", false),
        ("app-count-groupByKey-repartition", true),
    ];
    topics.extend(CHANGELOGS.iter().map(|c| (*c, true)));
    assert_eq!(s.topics, set2(&topics));
    let (p0, p1) = ("app sub-topology 0", "app sub-topology 1");
    let mut want = vec![
        ("input", p0, false),
        (p0, "app-count-groupByKey-repartition", false),
        ("app-count-groupByKey-repartition", p1, false),
        (p1, "outputTopic_0", false),
        (p1, "outputTopic_1", false),
        (p1, "outputTopic_2", false),
        (p1, "joinedOutputTopic", false),
    ];
    want.extend(CHANGELOGS.iter().map(|c| (p1, *c, false)));
    assert_eq!(s.edges, edges(&want));
}

#[test]
fn unoptimized_repartitioning_has_four_repartition_topics() {
    let (d, w) = read(&fixture("repartition_unoptimized.txt"), "app");
    assert!(w.is_empty(), "{w:?}");
    let s = shape(&d);
    assert_eq!(count(&s, "-repartition"), 4);
    assert_eq!(count(&s, "-changelog"), 5);
    assert_eq!(
        s.processors,
        set2(&[
            ("app sub-topology 0", false),
            ("app sub-topology 1", true),
            ("app sub-topology 2", true),
            ("app sub-topology 3", true),
        ])
    );
    let [p0, p1, p2, p3] = ["0", "1", "2", "3"].map(|n| format!("app sub-topology {n}"));
    let (p0, p1, p2, p3) = (p0.as_str(), p1.as_str(), p2.as_str(), p3.as_str());
    let want = edges(&[
        ("input", p0, false),
        (p0, "app-aggregate-groupByKey-repartition", false),
        (p0, "app-count-groupByKey-repartition", false),
        (p0, "app-join-left-repartition", false),
        (p0, "app-reduce-groupByKey-repartition", false),
        ("app-count-groupByKey-repartition", p1, false),
        ("app-join-left-repartition", p1, false),
        (p1, "app-count-store-changelog", false),
        (p1, "app-other-join-store-changelog", false),
        (p1, "app-join-store-changelog", false),
        (p1, "outputTopic_0", false),
        (p1, "joinedOutputTopic", false),
        ("app-aggregate-groupByKey-repartition", p2, false),
        (p2, "app-aggregate-store-changelog", false),
        (p2, "outputTopic_1", false),
        ("app-reduce-groupByKey-repartition", p3, false),
        (p3, "app-reduce-store-changelog", false),
        (p3, "outputTopic_2", false),
    ]);
    assert_eq!(s.edges, want);
    assert_eq!(s.topics.len(), 14);
    // The optimized program keeps the same stores, so the same changelogs.
    let (opt, _) = read(&fixture("repartition_optimized.txt"), "app");
    let changelogs = |s: &Shape| -> BTreeSet<String> {
        s.topics
            .iter()
            .filter(|(n, _)| n.ends_with("-changelog"))
            .map(|(n, _)| n.clone())
            .collect()
    };
    assert_eq!(changelogs(&s), changelogs(&shape(&opt)));
}

#[test]
fn a_global_store_is_read_in_full_and_a_dynamic_sink_is_said() {
    let (d, w) = read(&fixture("market_streams_global_store.txt"), "market");
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].location, "line 17");
    assert!(w[0].message.contains("Streams$$Lambda$4"));
    let s = shape(&d);
    let global = "market global store positions-STATE-STORE-0000000002";
    assert_eq!(
        s.processors,
        set2(&[
            ("market sub-topology 0", false),
            (global, true),
            ("market sub-topology 2", true),
        ])
    );
    let rep = "market-KSTREAM-TOTABLE-0000000009-repartition";
    assert_eq!(
        s.topics,
        set2(&[
            ("trades", false),
            ("trades.stream.opportunities", false),
            (rep, true),
            ("positions", false),
            ("market-prices-table-changelog", true),
            ("prices", false),
        ])
    );
    assert_eq!(
        s.edges,
        edges(&[
            ("trades", "market sub-topology 0", false),
            ("market sub-topology 0", "trades.stream.opportunities", false),
            ("market sub-topology 0", rep, false),
            ("positions", global, true),
            (rep, "market sub-topology 2", false),
            ("market sub-topology 2", "market-prices-table-changelog", false),
            ("market sub-topology 2", "prices", false),
        ])
    );
}

#[test]
fn a_tab_indented_join_and_aggregation() {
    let (d, w) = read(&fixture("flight_manager_tabs.txt"), "flights");
    assert!(w.is_empty(), "{w:?}");
    let s = shape(&d);
    let (p0, p1) = ("flights sub-topology 0", "flights sub-topology 1");
    assert_eq!(s.processors, set2(&[(p0, true), (p1, true)]));
    let rep = "flights-KSTREAM-AGGREGATE-STATE-STORE-0000000014-repartition";
    let this = "flights-KSTREAM-JOINTHIS-0000000006-store-changelog";
    let other = "flights-KSTREAM-JOINOTHER-0000000007-store-changelog";
    let agg = "flights-KSTREAM-AGGREGATE-STATE-STORE-0000000014-changelog";
    assert_eq!(
        s.edges,
        edges(&[
            ("towerReports", p0, false),
            ("flightLogistic", p0, false),
            (p0, this, false),
            (p0, other, false),
            (p0, "flightNotifications", false),
            (p0, rep, false),
            (rep, p1, false),
            (p1, agg, false),
            (p1, "flightMonitoring", false),
        ])
    );
    assert_eq!(count(&s, "-changelog"), 3);
    assert_eq!(count(&s, "-repartition"), 1);
    assert_eq!(s.topics.len(), 8);
}

#[test]
fn kafka_2_0_ktable_group_by_aggregate() {
    let (d, w) = read(&fixture("kafka_2_0_ktable_groupby_aggregate.txt"), "agg");
    assert!(w.is_empty(), "{w:?}");
    let s = shape(&d);
    let (p0, p1) = ("agg sub-topology 0", "agg sub-topology 1");
    assert_eq!(s.processors, set2(&[(p0, true), (p1, true)]));
    let rep = "agg-KTABLE-AGGREGATE-STATE-STORE-0000000004-repartition";
    assert_eq!(
        s.topics,
        set2(&[
            ("input-topic", false),
            (rep, true),
            ("agg-input-topic-STATE-STORE-0000000000-changelog", true),
            ("agg-KTABLE-AGGREGATE-STATE-STORE-0000000004-changelog", true),
        ])
    );
    assert_eq!(
        s.edges,
        edges(&[
            ("input-topic", p0, false),
            (p0, "agg-input-topic-STATE-STORE-0000000000-changelog", false),
            (p0, rep, false),
            (rep, p1, false),
            (p1, "agg-KTABLE-AGGREGATE-STATE-STORE-0000000004-changelog", false),
        ])
    );
}

#[test]
fn the_docs_count_example_with_mixed_indentation_is_one_processor() {
    let (d, w) = read(&fixture("docs_naming_count_mixed_indent.txt"), "wordcount");
    assert!(w.is_empty(), "{w:?}");
    let s = shape(&d);
    assert_eq!(s.processors, set2(&[("wordcount", true)]));
    let cl = "wordcount-KSTREAM-AGGREGATE-STATE-STORE-0000000001-changelog";
    assert_eq!(
        s.edges,
        edges(&[
            ("input", "wordcount", false),
            ("wordcount", cl, false),
            ("wordcount", "output", false),
        ])
    );
    assert_eq!(s.topics, set2(&[("input", false), ("output", false), (cl, true)]));
}

#[test]
fn named_topologies_are_kept_apart() {
    let (d, w) = read(&fixture("named_topologies.txt"), "app");
    assert!(w.is_empty(), "{w:?}");
    let s = shape(&d);
    let mut processors = Vec::new();
    let mut want = Vec::new();
    let names: Vec<[String; 5]> = (1..=3)
        .map(|n| {
            [
                format!("app topology-{n} sub-topology 0"),
                format!("app topology-{n} sub-topology 1"),
                format!("input-{n}"),
                format!("stream-{n}"),
                format!("output-{n}"),
            ]
        })
        .collect();
    for [p0, p1, input, stream, output] in &names {
        processors.push((p0.as_str(), false));
        processors.push((p1.as_str(), false));
        want.push((input.as_str(), p0.as_str(), false));
        want.push((stream.as_str(), p1.as_str(), false));
        want.push((p1.as_str(), output.as_str(), false));
    }
    assert_eq!(s.processors, set2(&processors));
    assert_eq!(s.edges, edges(&want));
    assert_eq!(s.topics.len(), 9);
}

#[test]
fn an_extractor_sink_leaves_only_the_source() {
    let (d, w) = read(&fixture("topology_test_extractor_sink.txt"), "app");
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].location, "line 5");
    assert!(w[0].message.contains("topic is [recordContext.topic()]-[key]"));
    let s = shape(&d);
    assert_eq!(s.processors, set2(&[("app", false)]));
    assert_eq!(s.edges, edges(&[("input-topic", "app", false)]));
}

/// Every fixture re-indented with tabs only, spaces only and nothing, with Windows line
/// endings, imports as it is.
#[test]
fn every_fixture_imports_the_same_with_tabs_spaces_and_crlf() {
    let dir = format!("{}/tests/fixtures/streams", env!("CARGO_MANIFEST_DIR"));
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        seen += 1;
        let text = std::fs::read_to_string(&path).expect("text");
        let want = read(&text, "x");
        let reindent = |indent: &str| -> String {
            text.lines()
                .map(|l| {
                    let t = l.trim_start();
                    let depth = l.chars().take_while(|c| c.is_whitespace()).count();
                    format!("{}{t}\n", indent.repeat(depth.div_ceil(2)))
                })
                .collect()
        };
        for variant in [
            reindent("\t"),
            reindent("  "),
            reindent(""),
            text.replace('\n', "\r\n"),
        ] {
            assert_eq!(read(&variant, "x"), want, "{}", path.display());
        }
    }
    assert_eq!(seen, 8);
}
