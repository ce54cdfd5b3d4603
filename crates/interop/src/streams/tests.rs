use design::rules::{MAX_EDGES, MAX_NODES};
use design::{Design, Engine, Node, NodeKind};
use proptest::prelude::*;
use serde_json::Value;

use super::*;
use crate::limits::MAX_LINES;
use crate::Format;

/// The example of the task: one sub-topology with a store and a global store (abridged: the
/// `KTABLE-TOSTREAM` processor its arrows name is not described).
const EXAMPLE: &str = "Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input-topic])
      --> KSTREAM-AGGREGATE-0000000002
    Processor: KSTREAM-AGGREGATE-0000000002 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000001])
      --> KTABLE-TOSTREAM-0000000003
      <-- KSTREAM-SOURCE-0000000000
    Sink: KSTREAM-SINK-0000000004 (topic: output-topic)
      <-- KTABLE-TOSTREAM-0000000003
  Sub-topology: 1 for global store (will not generate tasks)
    Source: KSTREAM-SOURCE-0000000005 (topics: [global-topic])
      --> KTABLE-SOURCE-0000000006
    Processor: KTABLE-SOURCE-0000000006 (stores: [global-store])
      --> none
      <-- KSTREAM-SOURCE-0000000005
";

fn app(id: &str) -> Options {
    Options {
        application_id: Some(id.into()),
    }
}

fn run(text: &str, options: &Options) -> (Design, Vec<Warning>) {
    let (d, w) = import(text, options).expect("imports");
    assert!(design::validate(&d).is_empty(), "{:?}", design::validate(&d));
    (d, w)
}

fn node<'d>(d: &'d Design, kind: NodeKind, name: &str) -> &'d Node {
    d.nodes
        .iter()
        .find(|n| n.kind == kind && n.name == name)
        .unwrap_or_else(|| panic!("no {kind:?} `{name}` in {:?}", names(d)))
}

fn names(d: &Design) -> Vec<(NodeKind, &str)> {
    d.nodes.iter().map(|n| (n.kind, n.name.as_str())).collect()
}

/// Edges as (from name, to name, global).
fn edges(d: &Design) -> Vec<(String, String, bool)> {
    let name = |id: &str| {
        d.nodes
            .iter()
            .find(|n| n.id == id)
            .map(|n| n.name.clone())
            .unwrap_or_default()
    };
    let mut e: Vec<_> = d
        .edges
        .iter()
        .map(|e| (name(&e.from), name(&e.to), e.global == Some(true)))
        .collect();
    e.sort();
    e
}

fn e(from: &str, to: &str, global: bool) -> (String, String, bool) {
    (from.into(), to.into(), global)
}

#[test]
fn the_example_becomes_two_processors_a_changelog_and_a_global_edge() {
    let (d, w) = run(EXAMPLE, &app("orders"));
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].location, "line 6");
    assert!(w[0].message.contains("`KTABLE-TOSTREAM-0000000003`"));
    assert_eq!(d.name, "Kafka Streams orders");
    assert_eq!(d.nodes.len(), 6, "{:?}", names(&d));
    let main = node(&d, NodeKind::StreamProcessor, "orders");
    assert_eq!(main.engine, Some(Engine::KafkaStreams));
    assert_eq!(main.stateful, Some(true));
    let global = node(&d, NodeKind::StreamProcessor, "orders global store global-store");
    assert_eq!(global.stateful, Some(true));
    let changelog = node(
        &d,
        NodeKind::Topic,
        "orders-KSTREAM-AGGREGATE-STATE-STORE-0000000001-changelog",
    );
    assert_eq!(changelog.internal, Some(true));
    assert_eq!(changelog.config["cleanup.policy"], Value::from("compact"));
    for user in ["input-topic", "output-topic", "global-topic"] {
        assert_eq!(node(&d, NodeKind::Topic, user).internal, None);
    }
    assert_eq!(
        edges(&d),
        vec![
            e("global-topic", "orders global store global-store", true),
            e("input-topic", "orders", false),
            e(
                "orders",
                "orders-KSTREAM-AGGREGATE-STATE-STORE-0000000001-changelog",
                false
            ),
            e("orders", "output-topic", false),
        ]
    );
}

#[test]
fn without_an_application_id_one_warning_says_the_assumed_one() {
    let (d, w) = run(EXAMPLE, &Options::default());
    assert_eq!(d.name, "Kafka Streams streams-app");
    assert_eq!(w.len(), 2, "{w:?}");
    assert_eq!(w[0].location, "application_id");
    assert!(w[0].message.contains("streams-app") && w[0].message.contains("application_id="));
    node(
        &d,
        NodeKind::Topic,
        "streams-app-KSTREAM-AGGREGATE-STATE-STORE-0000000001-changelog",
    );
    // A blank id is no id.
    let (_, w) = run(EXAMPLE, &app("  "));
    assert_eq!(w.len(), 2);
    assert_eq!(w[0].location, "application_id");
}

/// `text` with every line's indentation rewritten by `indent(depth)`.
fn reindent(text: &str, indent: impl Fn(usize) -> String) -> String {
    text.lines()
        .map(|l| {
            let t = l.trim_start();
            let depth = l.len() - t.len();
            format!("{}{t}\n", indent(depth))
        })
        .collect()
}

#[test]
fn tabs_spaces_mixes_and_windows_line_endings_import_identically() {
    let spaces = run(EXAMPLE, &app("a"));
    let tabs = reindent(EXAMPLE, |n| "\t".repeat(n / 2));
    let mixed = reindent(
        EXAMPLE,
        |n| if n % 2 == 0 { "\t ".into() } else { " \t\t".into() },
    );
    let crlf = EXAMPLE.replace('\n', "\r\n");
    let flat = reindent(EXAMPLE, |_| String::new());
    for text in [tabs, mixed, crlf, flat] {
        assert_eq!(run(&text, &app("a")), spaces, "{text:?}");
    }
}

#[test]
fn headers_may_be_topology_or_absent() {
    let body = EXAMPLE.trim_start_matches("Topologies:\n");
    let want = run(EXAMPLE, &app("a"));
    assert_eq!(run(body, &app("a")).0, want.0);
    assert_eq!(run(&format!("Topology\n{body}"), &app("a")), want);
    assert_eq!(run(&format!("\u{feff}Topologies:\n{body}"), &app("a")), want);
}

#[test]
fn a_repartition_topic_is_one_internal_topic_between_two_sub_topologies() {
    let text = "Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [in])
      --> KSTREAM-SINK-0000000001
    Sink: KSTREAM-SINK-0000000001 (topic: count-repartition)
      <-- KSTREAM-SOURCE-0000000000

  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000002 (topics: [count-repartition])
      --> none
";
    let (d, w) = run(text, &app("app"));
    assert!(w.is_empty(), "{w:?}");
    let r = node(&d, NodeKind::Topic, "app-count-repartition");
    assert_eq!(r.internal, Some(true));
    assert!(r.config.is_empty());
    assert_eq!(
        node(&d, NodeKind::StreamProcessor, "app sub-topology 1").stateful,
        Some(false)
    );
    assert_eq!(
        edges(&d),
        vec![
            e("app sub-topology 0", "app-count-repartition", false),
            e("app-count-repartition", "app sub-topology 1", false),
            e("in", "app sub-topology 0", false),
        ]
    );
}

#[test]
fn foreign_key_join_topics_are_internal() {
    for name in [
        "KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic",
        "orders-subscription-response-topic",
    ] {
        assert!(is_internal(name), "{name}");
    }
    assert!(!is_internal("my-topic"));
    assert!(!is_internal("repartition"));
}

#[test]
fn patterns_and_extractors_are_said_and_not_drawn() {
    let text = "Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: topic-\\d+)
      --> KSTREAM-SINK-0000000001
    Source: other (topicPattern: [a-c]-in)
      --> KSTREAM-SINK-0000000001
    Sink: KSTREAM-SINK-0000000001 (extractor class: com.acme.Router@1b6d3586)
      <-- KSTREAM-SOURCE-0000000000, other
";
    let (d, w) = run(text, &app("a"));
    assert_eq!(names(&d), vec![(NodeKind::StreamProcessor, "a")]);
    let at: Vec<&str> = w.iter().map(|w| w.location.as_str()).collect();
    assert_eq!(at, ["line 3", "line 5", "line 7"]);
    assert!(w[0].message.contains("topic-\\d+"));
    assert!(w[2].message.contains("com.acme.Router@1b6d3586"));
}

#[test]
fn names_connected_to_but_never_described_are_said_once() {
    let text = "Sub-topology: 0
    Source: s (topics: [in])
      --> ghost, p
    Processor: p (stores: [])
      --> none
      <-- s, ghost
";
    let (d, w) = run(text, &app("a"));
    assert_eq!(d.nodes.len(), 2);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].location, "line 3");
    assert!(w[0].message.contains("`ghost`"));
}

#[test]
fn unreadable_lines_are_warnings_with_their_line() {
    let text = "Topologies:
   Sub-topology: 0
    Source: s (topics: [in])
    this is not a topology line
    Processor: p (stores: [a)
    Sink: k (topic: out
    Sink: (topic: out2)
";
    let (d, w) = run(text, &app("a"));
    node(&d, NodeKind::Topic, "in");
    let at: Vec<&str> = w.iter().map(|w| w.location.as_str()).collect();
    assert_eq!(at, ["line 4", "line 5", "line 6", "line 7"], "{w:?}");
}

#[test]
fn text_without_a_sub_topology_is_a_syntax_error_at_its_first_line() {
    for (text, line, column) in [
        ("", 1, 1),
        ("\n\n   \n", 1, 1),
        ("\n\n  hello world\nTopologies:\n", 3, 3),
        ("Topologies:\n", 1, 1),
        ("{\"asyncapi\": \"3.0.0\"}", 1, 1),
    ] {
        match import(text, &Options::default()) {
            Err(Error::Syntax {
                format: Format::StreamsTopology,
                line: l,
                column: c,
                ..
            }) => assert_eq!((l, c), (line, column), "{text:?}"),
            other => panic!("{text:?}: {other:?}"),
        }
    }
}

#[test]
fn a_sub_topology_number_past_u32_is_said_and_numbered_by_position() {
    let text = "Sub-topology: 99999999999999999999999\n  Source: s (topics: [a])\n\
                Sub-topology: -1\n  Source: t (topics: [b])\n";
    let (d, w) = run(text, &app("x"));
    node(&d, NodeKind::StreamProcessor, "x sub-topology 0");
    node(&d, NodeKind::StreamProcessor, "x sub-topology 1");
    assert_eq!(w.len(), 2, "{w:?}");
    assert_eq!(w[0].location, "line 1");
}

#[test]
fn a_hundred_thousand_topics_stop_at_the_node_limit() {
    let topics: Vec<String> = (0..100_000).map(|i| format!("t{i}")).collect();
    let text = format!("Sub-topology: 0\n Source: s (topics: [{}])\n", topics.join(", "));
    let (d, w) = run(&text, &app("x"));
    assert_eq!(d.nodes.len(), MAX_NODES);
    assert_eq!(d.edges.len(), MAX_NODES - 1);
    assert_eq!(w.iter().filter(|w| w.message.contains("is full")).count(), 1);
}

#[test]
fn edges_stop_at_the_edge_limit_with_one_warning() {
    // 200 sub-topologies reading the same 150 topics: 30 000 edges asked for.
    let topics: Vec<String> = (0..150).map(|i| format!("t{i}")).collect();
    let block = format!(" Source: s (topics: [{}])\n", topics.join(", "));
    let text: String = (0..200).map(|i| format!("Sub-topology: {i}\n{block}")).collect();
    let (d, w) = run(&text, &app("x"));
    assert_eq!(d.edges.len(), MAX_EDGES);
    assert_eq!(
        w.iter().filter(|w| w.message.contains("connections")).count(),
        1,
        "{w:?}"
    );
}

#[test]
fn control_characters_and_long_lines_are_cleaned_not_fatal() {
    let long = "x".repeat(1_000_000);
    let text = format!(
        "Sub-topology: 0\n Source: s\0 (topics: [a\u{7}b, {long}])\n Processor: p (stores: [st\u{1b}[31m])\n{long}\n"
    );
    let (d, w) = run(&text, &app("x\u{0}y"));
    node(&d, NodeKind::Topic, "a b");
    assert!(d.nodes.iter().all(|n| !n.name.chars().any(char::is_control)));
    assert!(w.iter().all(|w| w.message.chars().count() < 400), "{w:?}");
}

#[test]
fn too_many_lines_are_refused_and_unreadable_ones_are_counted() {
    let text = "Sub-topology: 0\n".to_string() + &"?\n".repeat(MAX_LINES);
    assert!(matches!(
        import(&text, &Options::default()),
        Err(Error::Limit { .. })
    ));
    let text = "Sub-topology: 0\n".to_string() + &"?\n".repeat(1_000);
    let (_, w) = run(&text, &app("a"));
    assert_eq!(w.len(), 101);
    assert_eq!(w[100].message, "900 more unreadable lines were skipped");
}

#[test]
fn a_sub_topology_pasted_twice_is_one_processor() {
    let once = "Sub-topology: 0\n Source: s (topics: [a])\n Sink: k (topic: b)\n";
    let (d, _) = run(&format!("{once}{once}"), &app("x"));
    assert_eq!(d.nodes.len(), 3);
    assert_eq!(d.edges.len(), 2);
}

const WORDS: &[&str] = &[
    "Topologies:",
    "Topology: t:",
    "Sub-topology: 0",
    "Sub-topology: 1",
    "Sub-topology: 2 for global store (will not generate tasks)",
    "Source: s (topics: [a, b-repartition])",
    "Source: s2 (topics: a.*)",
    "Processor: p (stores: [st, st2])",
    "Processor: q (stores: [])",
    "Sink: k (topic: b-repartition)",
    "Sink: k2 (topic: c)",
    "Sink: k3 (extractor class: X)",
    "--> p, q",
    "<-- s",
    "--> none",
    "garbage (",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics_and_imports_valid(text in "\\PC{0,400}") {
        if let Ok((d, _)) = import(&text, &Options::default()) {
            prop_assert!(design::validate(&d).is_empty());
        }
    }

    #[test]
    fn shuffled_topology_lines_import_valid(
        lines in proptest::collection::vec((0..WORDS.len(), "[ \t]{0,4}", "\\PC{0,3}"), 0..40),
        id in proptest::option::of("\\PC{0,20}"),
    ) {
        let text: String = lines
            .iter()
            .map(|(w, indent, junk)| format!("{indent}{}{junk}\n", WORDS[*w]))
            .collect();
        let options = Options { application_id: id };
        match import(&text, &options) {
            Ok((d, _)) => prop_assert!(design::validate(&d).is_empty()),
            Err(Error::Syntax { .. }) => prop_assert!(!text.contains("Sub-topology:")),
            Err(other) => prop_assert!(false, "{other}"),
        }
    }
}
