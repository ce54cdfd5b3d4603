//! Unit tests of the `kafka-consumer-groups.sh --describe` reader: each table it prints, the
//! messages between tables, and hostile text.

use design::{Design, Node, NodeKind};
use proptest::prelude::*;

use super::*;

fn node<'a>(d: &'a Design, kind: NodeKind, name: &str) -> &'a Node {
    d.nodes
        .iter()
        .find(|n| n.kind == kind && n.name == name)
        .unwrap_or_else(|| panic!("no {kind:?} {name}"))
}

fn lag(d: &Design, topic: &str, reader: &str) -> Option<u64> {
    let t = d
        .nodes
        .iter()
        .find(|n| n.kind == NodeKind::Topic && n.name == topic)?;
    let r = d
        .nodes
        .iter()
        .find(|n| n.kind != NodeKind::Topic && n.name == reader)?;
    d.edges
        .iter()
        .find(|e| e.from == t.id && e.to == r.id)
        .and_then(|e| e.lag)
}

fn ok(text: &str) -> (Design, Vec<Warning>) {
    import(text).expect("imports")
}

const TABLE: &str = "\
GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID                                     HOST            CLIENT-ID
my-group        my-topic        0          2               4               2               consumer-1-029af89c-873c-4751-a720-cefd41a669d6 /127.0.0.1      consumer-1
my-group        my-topic        1          2               3               1               consumer-1-029af89c-873c-4751-a720-cefd41a669d6 /127.0.0.1      consumer-1
my-group        my-topic        2          2               3               1               consumer-2-42c1abd4-e3b2-425d-a8bb-e1ea49b29bb2 /127.0.0.1      consumer-2
";

#[test]
fn one_group_one_topic() {
    let (d, w) = ok(TABLE);
    assert_eq!(d.name, DESIGN_NAME);
    assert_eq!(d.nodes.len(), 2);
    let g = node(&d, NodeKind::ConsumerGroup, "my-group");
    assert_eq!(g.instances, Some(2));
    assert_eq!(node(&d, NodeKind::Topic, "my-topic").partitions, Some(3));
    assert_eq!(d.edges.len(), 1);
    assert_eq!(lag(&d, "my-topic", "my-group"), Some(4));
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].message.starts_with("partition counts are"));
    assert_eq!(w[0].location, "line 2");
}

#[test]
fn columns_are_read_by_name_not_position() {
    let text = "\
GROUP  TOPIC  PARTITION  CURRENT-OFFSET  LEADER-EPOCH  LOG-END-OFFSET  LAG  CONSUMER-ID  HOST  CLIENT-ID
g      t      5          10              3             15              5    c-1          /h    client one
g      t      0          -               -             7               -    c-2          /h    c
";
    let (d, w) = ok(text);
    assert_eq!(node(&d, NodeKind::Topic, "t").partitions, Some(6));
    assert_eq!(node(&d, NodeKind::ConsumerGroup, "g").instances, Some(2));
    assert_eq!(lag(&d, "t", "g"), Some(5));
    assert!(w.iter().any(|w| w.message.contains("without a committed offset")));
}

#[test]
fn all_groups_sections_and_messages() {
    let text = "\
GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID
a               orders          0          1               5               4               c-1             /1.2.3.4        c

Consumer group 'b' has no active members.

GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID
b               orders          1          1               1               0               -               -               -
b               payments        0          -               9               -               -               -               -

Warning: Consumer group 'c' is rebalancing.

Consumer group 'idle' has no active members.
Error: Consumer group 'gone' does not exist.
";
    let (d, w) = ok(text);
    let kinds: Vec<(&str, NodeKind)> = d.nodes.iter().map(|n| (n.name.as_str(), n.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("a", NodeKind::ConsumerGroup),
            ("orders", NodeKind::Topic),
            ("b", NodeKind::ConsumerGroup),
            ("payments", NodeKind::Topic),
            ("idle", NodeKind::ConsumerGroup),
        ]
    );
    assert_eq!(node(&d, NodeKind::ConsumerGroup, "a").instances, Some(1));
    assert_eq!(node(&d, NodeKind::ConsumerGroup, "b").instances, None);
    assert_eq!(node(&d, NodeKind::ConsumerGroup, "idle").instances, None);
    assert_eq!(node(&d, NodeKind::Topic, "orders").partitions, Some(2));
    assert_eq!(node(&d, NodeKind::Topic, "payments").partitions, Some(1));
    assert_eq!(lag(&d, "orders", "a"), Some(4));
    assert_eq!(lag(&d, "orders", "b"), Some(0));
    assert_eq!(lag(&d, "payments", "b"), Some(0));
    assert_eq!(d.edges.len(), 3);
    let said = |s: &str| w.iter().filter(|w| w.message.contains(s)).count();
    assert_eq!(said("rebalancing"), 1);
    assert_eq!(said("does not exist"), 1);
    assert_eq!(said("no active members"), 2);
    assert_eq!(said("without a committed offset"), 1);
}

#[test]
fn connect_groups_are_sink_connectors() {
    let text = "\
GROUP                TOPIC   PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG  CONSUMER-ID                 HOST         CLIENT-ID
connect-s3-sink      events  0          10              12              2    connector-consumer-s3-0-1  /10.0.0.1    connector-consumer-s3-sink-0
connect-             events  1          10              12              2    x                          /10.0.0.1    y
";
    let (d, w) = ok(text);
    let s = node(&d, NodeKind::SinkConnector, "s3-sink");
    assert_eq!(s.instances, Some(1));
    assert_eq!(lag(&d, "events", "s3-sink"), Some(2));
    node(&d, NodeKind::ConsumerGroup, "connect-");
    assert_eq!(
        w.iter()
            .filter(|w| w.message.contains("read as the sink connector `s3-sink`"))
            .count(),
        1
    );
}

#[test]
fn a_table_without_group_takes_the_command_line_group() {
    let text = "\
$ bin/kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group my-group
TOPIC                          PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG        CONSUMER-ID                                       HOST                           CLIENT-ID
my-topic                       0          2               4               2          consumer-1-029af89c-873c-4751-a720-cefd41a669d6   /127.0.0.1                     consumer-1
";
    let (d, w) = ok(text);
    assert_eq!(node(&d, NodeKind::ConsumerGroup, "my-group").instances, Some(1));
    assert_eq!(lag(&d, "my-topic", "my-group"), Some(2));
    assert_eq!(w.len(), 1, "{w:?}");

    let (d, w) = ok(&text.lines().skip(1).collect::<Vec<_>>().join("\n"));
    node(&d, NodeKind::ConsumerGroup, "consumer-group");
    assert!(w[0].message.contains("no GROUP column"));
}

#[test]
fn members_and_state_tables_give_groups_without_topics() {
    let members = "\
GROUP           CONSUMER-ID                                    HOST            CLIENT-ID       #PARTITIONS
my-group        consumer1-3fc8d6f1-581a-4472-bdf3-3515b4aee8c1 /127.0.0.1      consumer1       2
my-group        consumer4-117fe4d3-c6c1-4178-8ee9-eb4a3954bee0 /127.0.0.1      consumer4       1
";
    let (d, w) = ok(members);
    assert_eq!(d.nodes.len(), 1);
    assert_eq!(node(&d, NodeKind::ConsumerGroup, "my-group").instances, Some(2));
    assert!(w[0].message.contains("not topics"));

    let state = "\
GROUP                     COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE           #MEMBERS
my-group                  localhost:9092 (0)        range                Stable          4
";
    let (d, w) = ok(state);
    assert_eq!(d.nodes.len(), 1);
    assert_eq!(node(&d, NodeKind::ConsumerGroup, "my-group").instances, Some(4));
    assert_eq!(w.len(), 1, "{w:?}");
}

#[test]
fn cells_follow_the_header() {
    let h = header_of("GROUP COORDINATOR (ID) ASSIGNMENT-STRATEGY STATE #MEMBERS").unwrap();
    assert_eq!(h.table, Table::State);
    assert_eq!(h.columns[1], "COORDINATOR (ID)");
    assert_eq!(
        cells("g   localhost:9092  (0)   range   Stable   4", &h),
        ["g", "localhost:9092  (0)", "range", "Stable", "4"]
    );
    let h = header_of("CONSUMER-ID HOST CLIENT-ID #PARTITIONS ASSIGNMENT").unwrap();
    assert_eq!(h.table, Table::Members);
    assert_eq!(
        cells("c /h id 3 topic2(1), topic3(0,1)", &h)[4],
        "topic2(1), topic3(0,1)"
    );
    assert!(header_of("TOPIC PARTITION NEW-OFFSET").is_none());
}

#[test]
fn short_rows_and_noise_are_warned_by_line() {
    let text = "noise before\n".to_string() + TABLE + "my-group  my-topic  7\n";
    let (d, w) = ok(&text);
    assert_eq!(node(&d, NodeKind::Topic, "my-topic").partitions, Some(3));
    assert_eq!(w[0].location, "line 1");
    assert_eq!(w[1].location, "line 6");
    assert!(w[1].message.starts_with("3 values where the header has 9"));
}

#[test]
fn huge_lags_saturate_and_are_capped() {
    let text = "\
GROUP  TOPIC  PARTITION             CURRENT-OFFSET  LOG-END-OFFSET  LAG                    CONSUMER-ID  HOST  CLIENT-ID
g      t      0                     1               2               18446744073709551615   -            -     -
g      t      1                     1               2               99999999999999999999   -            -     -
g      t      4294967296            1               2               x                      -            -     -
g      t      9999                  1               2               1                      -            -     -
";
    let (d, w) = ok(text);
    assert_eq!(lag(&d, "t", "g"), Some(MAX_LAG));
    assert_eq!(node(&d, NodeKind::Topic, "t").partitions, Some(10_000));
    let said = |s: &str| w.iter().filter(|w| w.message.contains(s)).count();
    assert_eq!(said("too large a number"), 1);
    assert_eq!(said("kept as"), 1);
    assert_eq!(said("past the"), 1);
    assert_eq!(said("not a whole number"), 1);
    assert!(design::validate(&d).is_empty());
}

#[test]
fn not_the_format_is_a_syntax_error() {
    for (text, line) in [("", 1), ("\n\nhello\n", 3), ("GROUP TOPIC\n", 1)] {
        match import(text) {
            Err(Error::Syntax {
                format,
                line: l,
                column,
                ..
            }) => {
                assert_eq!(format, Format::ConsumerGroupsDescribe);
                assert_eq!((l, column), (line, 1), "{text:?}");
            }
            other => panic!("{text:?}: {other:?}"),
        }
    }
}

#[test]
fn control_characters_and_long_lines_are_survived() {
    let long = "g".repeat(300_000);
    let text = format!(
        "GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID\n\
         a\u{1}b t\u{7} 0 1 2 1 c h i\n{long} {long} 0 1 2 1 {long} h i\n"
    );
    let (d, _) = ok(&text);
    assert_eq!(d.nodes.len(), 4);
    assert!(design::validate(&d).is_empty());
}

#[test]
fn a_hundred_thousand_groups_fill_the_design_and_stop() {
    let mut text =
        String::from("GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID\n");
    for i in 0..100_000 {
        text.push_str(&format!("g{i} t{i} 0 1 2 1 c{i} h i\n"));
    }
    let (d, w) = ok(&text);
    assert_eq!(d.nodes.len(), design::rules::MAX_NODES);
    assert_eq!(
        w.iter()
            .filter(|w| w.message.contains("the design is full"))
            .count(),
        1
    );
    assert!(design::validate(&d).is_empty());
}

#[test]
fn many_pairs_stop_at_the_edge_limit() {
    let mut text =
        String::from("GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID\n");
    for g in 0..120 {
        for t in 0..200 {
            text.push_str(&format!("g{g} t{t} 0 1 2 1 c h i\n"));
        }
    }
    let (d, w) = ok(&text);
    assert_eq!(d.nodes.len(), 320);
    assert_eq!(d.edges.len(), design::rules::MAX_EDGES);
    assert!(d.edges.iter().all(|e| e.lag == Some(1)));
    assert!(w.iter().all(|w| !w.message.contains("connection left out")));
    let full: Vec<_> = w
        .iter()
        .filter(|w| w.message.contains("topic–group pairs"))
        .collect();
    assert_eq!(full.len(), 1);
    assert_eq!(full[0].location, format!("line {}", design::rules::MAX_EDGES + 2));
    assert!(design::validate(&d).is_empty());
}

fn any_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID".to_string()),
        Just("CONSUMER-ID HOST CLIENT-ID #PARTITIONS".to_string()),
        Just("GROUP COORDINATOR (ID) ASSIGNMENT-STRATEGY STATE #MEMBERS".to_string()),
        "(connect-)?[a-z]{0,3} [a-z-]{0,3} [0-9-]{0,21} [0-9-]{0,3} [0-9]{0,3} [0-9-]{0,21} [a-z-]{0,3} [/a-z]{0,3} [a-z ]{0,5}",
        "Consumer group '[a-z']{0,4}' (has no active members|is rebalancing)\\.",
        ".{0,40}",
    ]
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics_and_ok_validates(text in ".{0,300}") {
        if let Ok((d, _)) = import(&text) {
            prop_assert!(design::validate(&d).is_empty());
        }
    }

    #[test]
    fn shaped_text_never_panics_and_ok_validates(lines in prop::collection::vec(any_line(), 0..12)) {
        let text = lines.join("\n");
        if let Ok((d, _)) = import(&text) {
            prop_assert!(design::validate(&d).is_empty());
            for e in &d.edges {
                prop_assert!(e.lag.is_some_and(|l| l <= MAX_LAG));
            }
        }
    }
}
