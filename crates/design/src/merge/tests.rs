use std::collections::HashSet;

use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::layout::{NODE_HEIGHT, NODE_WIDTH};
use crate::model::{Engine, Position, Server, TopicRole};
use crate::rules::MAX_ID_CHARS;
use crate::subject::SchemaType;
use crate::{edge_refusal, validate};

fn node(id: &str, kind: NodeKind, name: &str) -> Node {
    Node::new(id, kind, name)
}

fn at(mut n: Node, x: f64, y: f64) -> Node {
    n.position = Some(Position { x, y });
    n
}

fn design(nodes: Vec<Node>, edges: &[(&str, &str)]) -> Design {
    Design {
        nodes,
        edges: edges.iter().map(|(a, b)| Edge::new(*a, *b)).collect(),
        ..Design::new("d")
    }
}

fn by_id<'a>(d: &'a Design, id: &str) -> &'a Node {
    d.nodes.iter().find(|n| n.id == id).unwrap()
}

fn pairs(d: &Design) -> Vec<(&str, &str)> {
    d.edges.iter().map(|e| (e.from.as_str(), e.to.as_str())).collect()
}

#[test]
fn a_topic_of_the_same_name_is_the_same_topic_and_the_existing_values_win() {
    let mut orders = at(node("orders", NodeKind::Topic, "shop.orders"), 400.0, 40.0);
    orders.partitions = Some(12);
    orders.config.insert("retention.ms".into(), json!(86_400_000));
    let base = design(
        vec![
            at(node("svc", NodeKind::Producer, "order service"), 40.0, 40.0),
            orders,
        ],
        &[("svc", "orders")],
    );
    let mut theirs = node("t1", NodeKind::Topic, "shop.orders");
    theirs.partitions = Some(3);
    theirs.config.insert("retention.ms".into(), json!(1));
    theirs.config.insert("cleanup.policy".into(), json!("compact"));
    theirs.role = Some(TopicRole::Main);
    let incoming = design(
        vec![theirs, node("billing", NodeKind::ConsumerGroup, "billing")],
        &[("t1", "billing")],
    );
    let m = merge(&base, &incoming);
    assert_eq!(validate(&m.design), vec![]);
    assert_eq!(m.matched, vec!["orders".to_string()]);
    assert_eq!(m.added, vec!["billing".to_string()]);
    assert_eq!(m.ids["t1"], "orders");
    let orders = by_id(&m.design, "orders");
    assert_eq!(orders.partitions, Some(12), "the existing value wins");
    assert_eq!(orders.config["retention.ms"], json!(86_400_000));
    assert_eq!(
        orders.config["cleanup.policy"],
        json!("compact"),
        "the unset one is filled"
    );
    assert_eq!(orders.role, Some(TopicRole::Main));
    assert_eq!(
        orders.position,
        Some(Position { x: 400.0, y: 40.0 }),
        "the existing node stays put"
    );
    assert_eq!(pairs(&m.design), vec![("svc", "orders"), ("orders", "billing")]);
    assert_eq!(m.edges_added, 1);
    assert_eq!(m.design.nodes.len(), 3);
}

#[test]
fn a_schema_subject_of_the_same_name_is_joined_and_other_kinds_of_one_name_are_not() {
    let base = design(
        vec![
            at(node("s", NodeKind::SchemaSubject, "orders-value"), 0.0, 0.0),
            at(node("t", NodeKind::Topic, "orders"), 300.0, 0.0),
            at(node("p", NodeKind::Producer, "orders"), 0.0, 100.0),
        ],
        &[("s", "t"), ("p", "t")],
    );
    let mut subject = node("s9", NodeKind::SchemaSubject, "orders-value");
    subject.schema_type = Some(SchemaType::Avro);
    let incoming = design(
        vec![
            node("t9", NodeKind::Topic, "orders"),
            subject,
            // A producer of the same name as one drawn is another application.
            node("p9", NodeKind::Producer, "orders"),
        ],
        // The schema edge the other way round is the same attachment.
        &[("t9", "s9"), ("p9", "t9")],
    );
    let m = merge(&base, &incoming);
    assert_eq!(validate(&m.design), vec![]);
    assert_eq!(m.matched, vec!["t".to_string(), "s".to_string()]);
    assert_eq!(m.added, vec!["p9".to_string()]);
    assert_eq!(by_id(&m.design, "s").schema_type, Some(SchemaType::Avro));
    assert_eq!(pairs(&m.design), vec![("s", "t"), ("p", "t"), ("p9", "t")]);
}

#[test]
fn colliding_ids_are_renamed_and_edges_and_dead_letter_topics_follow() {
    let base = design(
        vec![
            at(node("n1", NodeKind::Producer, "a"), 0.0, 0.0),
            at(node("n2", NodeKind::Topic, "a.events"), 300.0, 0.0),
            at(node("n2-2", NodeKind::ConsumerGroup, "reader"), 600.0, 0.0),
        ],
        &[("n1", "n2"), ("n2", "n2-2")],
    );
    let mut reader = node("n1", NodeKind::ConsumerGroup, "b-reader");
    reader.dead_letter_topic = Some("n3".into());
    let mut dlq = node("n3", NodeKind::Topic, "b.events.dlq");
    dlq.role = Some(TopicRole::Dlq);
    let incoming = design(
        vec![
            node("n2", NodeKind::Topic, "b.events"),
            reader,
            dlq,
            node("n0", NodeKind::Producer, "b"),
        ],
        &[("n0", "n2"), ("n2", "n1")],
    );
    let m = merge(&base, &incoming);
    assert_eq!(validate(&m.design), vec![]);
    // `n2-2` is taken by the base, so the incoming `n2` becomes `n2-3`.
    assert_eq!(m.added, vec!["n2-3", "n1-2", "n3", "n0"]);
    assert_eq!(by_id(&m.design, "n1-2").dead_letter_topic.as_deref(), Some("n3"));
    assert_eq!(
        pairs(&m.design),
        vec![("n1", "n2"), ("n2", "n2-2"), ("n0", "n2-3"), ("n2-3", "n1-2")]
    );
}

#[test]
fn a_renamed_id_stays_within_the_id_limit_and_clear_of_incoming_ids() {
    let long = "t".repeat(MAX_ID_CHARS);
    let its_rename = format!("{}-2", "t".repeat(MAX_ID_CHARS - 2));
    let base = design(vec![at(node(&long, NodeKind::Producer, "p"), 0.0, 0.0)], &[]);
    let incoming = design(
        vec![
            node(&long, NodeKind::Producer, "q"),
            node(&its_rename, NodeKind::Producer, "r"),
        ],
        &[],
    );
    let m = merge(&base, &incoming);
    assert_eq!(validate(&m.design), vec![]);
    let ids: Vec<&str> = m.design.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids.len(), 3);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 3, "{ids:?}");
    assert!(ids.iter().all(|id| id.chars().count() <= MAX_ID_CHARS), "{ids:?}");
    assert_eq!(
        m.ids[&its_rename], its_rename,
        "an incoming id that is free is kept"
    );
}

#[test]
fn an_edge_already_drawn_is_not_drawn_twice_but_fills_what_it_leaves_unset() {
    let base = design(
        vec![
            at(node("t", NodeKind::Topic, "x"), 0.0, 0.0),
            at(node("g", NodeKind::ConsumerGroup, "g"), 300.0, 0.0),
        ],
        &[("t", "g")],
    );
    let mut incoming = design(
        vec![
            node("t", NodeKind::Topic, "x"),
            node("g", NodeKind::ConsumerGroup, "g"),
        ],
        &[("t", "g")],
    );
    incoming.edges[0].lag = Some(42);
    let m = merge(&base, &incoming);
    // The group is another node (groups are not joined by name), the topic the same.
    assert_eq!(pairs(&m.design), vec![("t", "g"), ("t", "g-2")]);
    assert_eq!(
        m.design.edges[0].lag, None,
        "a different reader's lag stays on its own edge"
    );
    assert_eq!(m.design.edges[1].lag, Some(42));

    // The same import merged twice adds its readers again and nothing else.
    let again = merge(&m.design, &incoming);
    assert_eq!(again.matched, vec!["t".to_string()]);
    assert_eq!(again.design.edges.len(), 3);
    assert_eq!(validate(&again.design), vec![]);
}

#[test]
fn the_clusters_ways_in_and_settings_are_added_once() {
    let server = |name: &str, host: &str| Server {
        name: name.into(),
        host: host.into(),
        protocol: "kafka".into(),
        security: None,
        description: None,
        extra: Map::new(),
    };
    let mut base = design(vec![], &[]);
    base.cluster.servers.push(server("prod", "a:9092"));
    base.cluster
        .config
        .insert("auto.create.topics.enable".into(), json!(false));
    let mut incoming = design(vec![], &[]);
    incoming.cluster.servers = vec![server("prod", "b:9092"), server("test", "c:9092")];
    incoming
        .cluster
        .config
        .insert("auto.create.topics.enable".into(), json!(true));
    incoming.cluster.growth_factor = 3.0;
    incoming.name = "imported".into();
    let m = merge(&base, &incoming);
    let hosts: Vec<&str> = m.design.cluster.servers.iter().map(|s| s.host.as_str()).collect();
    assert_eq!(hosts, vec!["a:9092", "c:9092"]);
    assert_eq!(m.design.cluster.config["auto.create.topics.enable"], json!(false));
    assert_eq!(m.design.cluster.growth_factor, 1.0, "the base's sizing stays");
    assert_eq!(m.design.name, "d");
}

#[test]
fn incoming_nodes_are_laid_out_below_what_is_drawn() {
    let base = design(
        vec![
            at(node("p", NodeKind::Producer, "p"), 500.0, 700.0),
            at(node("t", NodeKind::Topic, "t"), 900.0, 300.0),
        ],
        &[("p", "t")],
    );
    let incoming = design(
        vec![
            at(node("a", NodeKind::Producer, "a"), 500.0, 700.0),
            at(node("b", NodeKind::Topic, "b"), 500.0, 700.0),
            node("c", NodeKind::ConsumerGroup, "c"),
        ],
        &[("a", "b"), ("b", "c")],
    );
    let m = merge(&base, &incoming);
    let drawn_bottom = 700.0 + NODE_HEIGHT;
    for id in &m.added {
        let p = by_id(&m.design, id).position.unwrap();
        assert!(p.y >= drawn_bottom, "{id} at {p:?}");
    }
    assert!(no_overlaps(&m.design));
}

fn no_overlaps(d: &Design) -> bool {
    let ps: Vec<Position> = d.nodes.iter().filter_map(|n| n.position).collect();
    ps.iter().enumerate().all(|(i, a)| {
        ps[i + 1..]
            .iter()
            .all(|b| (a.x - b.x).abs() >= NODE_WIDTH || (a.y - b.y).abs() >= NODE_HEIGHT)
    })
}

// Generated designs: ids and names from small pools, so that two designs share ids (and
// topics share names) often, with settings, dead-letter topics, lags and global reads.

const NAMES: [&str; 5] = ["orders", "payments", "orders.dlq", "users", "audit"];

fn id_pool() -> Vec<String> {
    let mut ids: Vec<String> = (0..8).map(|i| format!("n{i}")).collect();
    ids.push("t".repeat(MAX_ID_CHARS));
    ids.push(format!("{}-2", "t".repeat(MAX_ID_CHARS - 2)));
    ids
}

#[derive(Clone, Debug)]
struct Spec {
    kind: NodeKind,
    name: usize,
    number: u32,
    settings: (Option<i64>, Option<usize>),
    role: Option<TopicRole>,
    position: Option<(f64, f64)>,
}

fn arb_spec() -> impl Strategy<Value = Spec> {
    (
        prop::sample::select(NodeKind::ALL.to_vec()),
        0..NAMES.len(),
        1u32..50,
        (
            prop::option::of(-1i64..1_000_000_000),
            prop::option::of(0usize..2),
        ),
        prop::option::of(prop::sample::select(vec![
            TopicRole::Main,
            TopicRole::Dlq,
            TopicRole::Retry,
        ])),
        prop::option::of((0.0f64..2000.0, 0.0f64..2000.0)),
    )
        .prop_map(|(kind, name, number, settings, role, position)| Spec {
            kind,
            name,
            number,
            settings,
            role,
            position,
        })
}

fn build(id: String, s: &Spec) -> Node {
    let mut n = Node::new(id, s.kind, NAMES[s.name]);
    n.position = s.position.map(|(x, y)| Position { x, y });
    match s.kind {
        NodeKind::Producer | NodeKind::SourceConnector => {
            n.messages_per_sec = Some(f64::from(s.number) * 10.0);
            n.avg_message_bytes = Some(512.0);
        }
        NodeKind::Topic => {
            n.partitions = (s.number.is_multiple_of(2)).then_some(s.number);
            n.role = s.role;
            if let Some(ms) = s.settings.0 {
                n.config.insert("retention.ms".into(), json!(ms));
            }
            if let Some(p) = s.settings.1 {
                n.config
                    .insert("cleanup.policy".into(), json!(["delete", "compact"][p]));
            }
        }
        NodeKind::StreamProcessor => {
            n.engine = Some(Engine::KafkaStreams);
            n.stateful = Some(s.number.is_multiple_of(2));
            n.instances = Some(s.number);
        }
        NodeKind::ConsumerGroup | NodeKind::SinkConnector => n.instances = Some(s.number),
        NodeKind::SchemaSubject => {
            n.schema_type = (s.number.is_multiple_of(3)).then_some(SchemaType::Json);
        }
    }
    n
}

fn arb_design() -> impl Strategy<Value = Design> {
    (
        prop::sample::subsequence(id_pool(), 0..=10),
        prop::collection::vec(arb_spec(), 10),
        prop::collection::vec((0usize..10, 0usize..10, 0u64..1000, any::<bool>()), 0..24),
        prop::collection::vec(0usize..10, 10),
        prop::sample::subsequence(vec!["prod", "test", "dev"], 0..=3),
    )
        .prop_map(|(ids, specs, links, dlqs, servers)| {
            let nodes: Vec<Node> = ids.into_iter().zip(&specs).map(|(id, s)| build(id, s)).collect();
            let mut d = Design {
                nodes,
                ..Design::new("generated")
            };
            let n = d.nodes.len();
            let topics: Vec<String> = d
                .nodes
                .iter()
                .filter(|x| x.kind == NodeKind::Topic)
                .map(|x| x.id.clone())
                .collect();
            for (i, pick) in dlqs.into_iter().enumerate().take(n) {
                if d.nodes[i].kind.reads_topics() && !topics.is_empty() && pick.is_multiple_of(2) {
                    d.nodes[i].dead_letter_topic = Some(topics[pick % topics.len()].clone());
                }
            }
            if n > 0 {
                for (a, b, lag, flag) in links {
                    let (a, b) = (a % n, b % n);
                    let (from, to) = (&d.nodes[a], &d.nodes[b]);
                    let drawn = d.edges.iter().any(|e| {
                        (e.from == from.id && e.to == to.id) || (e.from == to.id && e.to == from.id)
                    });
                    if a == b || drawn || edge_refusal(from.kind, to.kind).is_some() {
                        continue;
                    }
                    let mut e = Edge::new(from.id.clone(), to.id.clone());
                    if from.kind == NodeKind::Topic && to.kind.reads_topics() && flag {
                        e.lag = Some(lag);
                    }
                    if from.kind == NodeKind::Topic
                        && to.kind == NodeKind::StreamProcessor
                        && lag.is_multiple_of(2)
                    {
                        e.global = Some(true);
                    }
                    d.edges.push(e);
                }
            }
            d.cluster.servers = servers
                .into_iter()
                .map(|name| Server {
                    name: name.into(),
                    host: format!("{name}:9092"),
                    protocol: "kafka".into(),
                    security: None,
                    description: None,
                    extra: Map::new(),
                })
                .collect();
            d
        })
}

/// The node an incoming one became: for a topic or subject whose name was drawn, the first
/// existing one of that kind and name.
fn expected_home<'a>(base: &'a Design, n: &Node) -> Option<&'a Node> {
    named_by_name(n.kind)
        .then(|| base.nodes.iter().find(|b| b.kind == n.kind && b.name == n.name))
        .flatten()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn two_valid_designs_merge_into_a_valid_one(base in arb_design(), incoming in arb_design()) {
        prop_assert_eq!(validate(&base), vec![]);
        prop_assert_eq!(validate(&incoming), vec![]);
        let m = merge(&base, &incoming);
        prop_assert_eq!(validate(&m.design), vec![]);
        prop_assert!(m.design.nodes.iter().all(|n| n.position.is_some()));
    }

    #[test]
    fn existing_nodes_keep_their_id_place_and_values(base in arb_design(), incoming in arb_design()) {
        let m = merge(&base, &incoming);
        prop_assert_eq!(&m.design.nodes[..base.nodes.len()].iter().map(|n| &n.id).collect::<Vec<_>>(),
                        &base.nodes.iter().map(|n| &n.id).collect::<Vec<_>>());
        for (b, after) in base.nodes.iter().zip(&m.design.nodes) {
            prop_assert_eq!(after.kind, b.kind);
            prop_assert_eq!(&after.name, &b.name);
            if b.position.is_some() {
                prop_assert_eq!(after.position, b.position);
            }
            if b.partitions.is_some() {
                prop_assert_eq!(after.partitions, b.partitions);
            }
            if b.role.is_some() {
                prop_assert_eq!(after.role, b.role);
            }
            for (k, v) in &b.config {
                prop_assert_eq!(after.config.get(k), Some(v));
            }
            if b.dead_letter_topic.is_some() {
                prop_assert_eq!(&after.dead_letter_topic, &b.dead_letter_topic);
            }
        }
        for (b, after) in base.edges.iter().zip(&m.design.edges) {
            prop_assert_eq!((&after.from, &after.to), (&b.from, &b.to));
            if b.lag.is_some() {
                prop_assert_eq!(after.lag, b.lag);
            }
        }
    }

    #[test]
    fn every_incoming_node_and_edge_lands_once(base in arb_design(), incoming in arb_design()) {
        let m = merge(&base, &incoming);
        // Joined: named like a drawn topic or subject, or like one met earlier in the import.
        let mut met: HashSet<(NodeKind, &str)> = HashSet::new();
        let joined = incoming
            .nodes
            .iter()
            .filter(|n| {
                named_by_name(n.kind)
                    && (expected_home(&base, n).is_some() || !met.insert((n.kind, n.name.as_str())))
            })
            .count();
        prop_assert_eq!(m.design.nodes.len(), base.nodes.len() + incoming.nodes.len() - joined);
        prop_assert_eq!(m.added.len(), incoming.nodes.len() - joined);
        for n in &incoming.nodes {
            let id = &m.ids[&n.id];
            let home = by_id(&m.design, id);
            prop_assert_eq!(home.kind, n.kind);
            prop_assert_eq!(&home.name, &n.name);
            if let Some(existing) = expected_home(&base, n) {
                prop_assert_eq!(id, &existing.id);
            }
        }
        let ids: HashSet<&str> = m.design.nodes.iter().map(|n| n.id.as_str()).collect();
        prop_assert_eq!(ids.len(), m.design.nodes.len(), "ids are unique");
        let drawn: HashSet<(&str, &str)> = pairs(&m.design).into_iter().collect();
        prop_assert_eq!(drawn.len(), m.design.edges.len(), "no edge twice");
        prop_assert_eq!(m.design.edges.len(), base.edges.len() + m.edges_added);
        for e in &incoming.edges {
            let (from, to) = (m.ids[&e.from].as_str(), m.ids[&e.to].as_str());
            prop_assert!(drawn.contains(&(from, to)) || drawn.contains(&(to, from)), "{} → {}", from, to);
        }
    }

    #[test]
    fn added_nodes_go_below_the_drawing_without_overlapping(mut base in arb_design(), incoming in arb_design()) {
        crate::layout::place_missing(&mut base);
        let m = merge(&base, &incoming);
        let bottom = base.nodes.iter().filter_map(|n| n.position).map(|p| p.y + NODE_HEIGHT).fold(f64::MIN, f64::max);
        let added: Vec<Node> = m.added.iter().map(|id| by_id(&m.design, id).clone()).collect();
        for n in &added {
            prop_assert!(n.position.unwrap().y >= bottom, "{} at {:?}, drawing ends at {}", n.id, n.position, bottom);
        }
        let drawn_apart = no_overlaps(&Design { nodes: added, ..Design::new("added") });
        prop_assert!(drawn_apart);
    }

    #[test]
    fn into_an_empty_design_the_import_comes_as_it_is(incoming in arb_design()) {
        let m = merge(&Design::new("empty"), &incoming);
        let strip = |d: &Design| d.nodes.iter().map(|n| Node { position: None, ..n.clone() }).collect::<Vec<_>>();
        // Two incoming topics of one name are one topic; the generator's names repeat.
        let names: HashSet<(NodeKind, &str)> = incoming.nodes.iter().filter(|n| named_by_name(n.kind)).map(|n| (n.kind, n.name.as_str())).collect();
        let named = incoming.nodes.iter().filter(|n| named_by_name(n.kind)).count();
        if names.len() == named {
            prop_assert_eq!(strip(&m.design), strip(&incoming));
            prop_assert_eq!(&m.design.edges, &incoming.edges);
        }
        prop_assert_eq!(m.matched, Vec::<String>::new());
    }

    #[test]
    fn merging_the_same_import_twice_adds_no_topic_or_subject(base in arb_design(), incoming in arb_design()) {
        let once = merge(&base, &incoming);
        let twice = merge(&once.design, &incoming);
        for id in &twice.added {
            prop_assert!(!named_by_name(by_id(&twice.design, id).kind));
        }
    }
}
