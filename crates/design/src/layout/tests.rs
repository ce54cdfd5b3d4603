use proptest::prelude::*;

use super::*;
use crate::model::{Edge, Node};
use crate::templates::TEMPLATES;

fn boxes_overlap(a: Position, b: Position) -> bool {
    a.x < b.x + NODE_WIDTH && b.x < a.x + NODE_WIDTH && a.y < b.y + NODE_HEIGHT && b.y < a.y + NODE_HEIGHT
}

fn assert_no_overlap(design: &Design, at: &[Position]) {
    for i in 0..at.len() {
        for j in i + 1..at.len() {
            assert!(
                !boxes_overlap(at[i], at[j]),
                "`{}` at {:?} overlaps `{}` at {:?}",
                design.nodes[i].id,
                at[i],
                design.nodes[j].id,
                at[j]
            );
        }
    }
}

fn bezier(p: &[Position; 4], t: f64) -> Position {
    let u = 1.0 - t;
    let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    Position {
        x: a * p[0].x + b * p[1].x + c * p[2].x + d * p[3].x,
        y: a * p[0].y + b * p[1].y + c * p[2].y + d * p[3].y,
    }
}

/// The first box, other than its ends', that the curve of edge a → b passes through.
fn box_crossed(at: &[Position], a: usize, b: usize) -> Option<usize> {
    let curve = edge_curve(at[a], at[b]);
    (1..64).find_map(|k| {
        let p = bezier(&curve, f64::from(k) / 64.0);
        at.iter().enumerate().position(|(i, q)| {
            i != a && i != b && p.x > q.x && p.x < q.x + NODE_WIDTH && p.y > q.y && p.y < q.y + NODE_HEIGHT
        })
    })
}

fn index_of(design: &Design, id: &str) -> usize {
    design.nodes.iter().position(|n| n.id == id).unwrap()
}

#[test]
fn templates_read_left_to_right_without_overlaps_or_edges_through_boxes() {
    for t in TEMPLATES {
        let design = t.design().unwrap();
        let at = layout(&design);
        assert_eq!(at.len(), design.nodes.len());
        assert_no_overlap(&design, &at);
        for e in &design.edges {
            let (a, b) = (index_of(&design, &e.from), index_of(&design, &e.to));
            let back_edge = design.nodes[a].kind == NodeKind::Topic
                && design.nodes[a].topic_role() == crate::model::TopicRole::Retry;
            if !back_edge {
                assert!(
                    at[a].x < at[b].x,
                    "{}: {} → {} goes leftwards",
                    t.id,
                    e.from,
                    e.to
                );
            }
            if let Some(i) = box_crossed(&at, a, b) {
                panic!(
                    "{}: edge {} → {} passes through `{}`",
                    t.id, e.from, e.to, design.nodes[i].id
                );
            }
        }
    }
}

#[test]
fn kinds_keep_their_columns_in_a_simple_chain() {
    let design = TEMPLATES
        .iter()
        .find(|t| t.id == "fraud-detection")
        .unwrap()
        .design()
        .unwrap();
    let at = layout(&design);
    let x = |id: &str| at[index_of(&design, id)].x;
    assert!(x("card-gateway") < x("transactions"));
    assert!(x("transactions") < x("scorer"));
    assert!(x("scorer") < x("scored"));
    assert!(x("alerts") < x("case-management"));
    // The dead-letter topic sits right of the reader that fills it.
    assert!(x("case-management") < x("alerts-dlq"));
}

#[test]
fn schema_subjects_sit_left_of_their_topic() {
    let design = TEMPLATES
        .iter()
        .find(|t| t.id == "cdc-postgres-s3")
        .unwrap()
        .design()
        .unwrap();
    let at = layout(&design);
    let x = |id: &str| at[index_of(&design, id)].x;
    assert!(x("orders-cdc-value") < x("orders-cdc"));
    assert!(x("customers-cdc-value") < x("customers-cdc"));
}

#[test]
fn place_missing_keeps_given_positions_and_puts_new_nodes_clear_of_them() {
    let mut design = TEMPLATES[0].design().unwrap();
    let given = Position { x: 500.0, y: 300.0 };
    design.nodes[0].position = Some(given);
    assert!(place_missing(&mut design));
    assert_eq!(design.nodes[0].position, Some(given));
    let at: Vec<Position> = design.nodes.iter().map(|n| n.position.unwrap()).collect();
    assert_no_overlap(&design, &at);
    assert!(!place_missing(&mut design), "nothing left to place");
}

#[test]
fn cycles_and_empty_designs_do_not_break_the_layout() {
    let mut design = Design::new("loop");
    assert!(layout(&design).is_empty());
    design.nodes = vec![
        Node::new("t1", NodeKind::Topic, "a"),
        Node::new("p", NodeKind::StreamProcessor, "p"),
        Node::new("t2", NodeKind::Topic, "b"),
    ];
    design.edges = vec![Edge::new("t1", "p"), Edge::new("p", "t2"), Edge::new("p", "t1")];
    let at = layout(&design);
    assert_no_overlap(&design, &at);
}

/// A random well-formed flow: writers → topics → readers, readers that are processors feeding
/// further topics, subjects attached to topics.
fn arb_flow() -> impl Strategy<Value = Design> {
    (1usize..6, 1usize..12, 0usize..10, 0usize..4, any::<u64>()).prop_map(
        |(writers, topics, readers, subjects, seed)| {
            let mut rng = seed;
            let mut next = move |n: usize| {
                rng = rng
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((rng >> 33) as usize) % n.max(1)
            };
            let mut nodes = Vec::new();
            let mut edges = Vec::new();
            for w in 0..writers {
                nodes.push(Node::new(format!("w{w}"), NodeKind::Producer, "w"));
            }
            for t in 0..topics {
                nodes.push(Node::new(format!("t{t}"), NodeKind::Topic, "t"));
                // A topic's writer: a producer, or a processor reading an earlier topic.
                edges.push(Edge::new(format!("w{}", next(writers)), format!("t{t}")));
            }
            for r in 0..readers {
                let kind = [
                    NodeKind::StreamProcessor,
                    NodeKind::ConsumerGroup,
                    NodeKind::SinkConnector,
                ][next(3)];
                let id = format!("r{r}");
                nodes.push(Node::new(id.clone(), kind, "r"));
                let from = next(topics);
                edges.push(Edge::new(format!("t{from}"), id.clone()));
                if kind == NodeKind::StreamProcessor && from + 1 < topics {
                    let to = from + 1 + next(topics - from - 1);
                    edges.push(Edge::new(id, format!("t{to}")));
                }
            }
            for s in 0..subjects {
                nodes.push(Node::new(format!("s{s}"), NodeKind::SchemaSubject, "s"));
                edges.push(Edge::new(format!("s{s}"), format!("t{}", next(topics))));
            }
            edges.sort_by(|a, b| (&a.from, &a.to).cmp(&(&b.from, &b.to)));
            edges.dedup_by(|a, b| a.from == b.from && a.to == b.to);
            Design {
                nodes,
                edges,
                ..Design::new("random")
            }
        },
    )
}

proptest! {
    #[test]
    fn random_flows_never_overlap_and_always_read_left_to_right(design in arb_flow()) {
        prop_assert!(crate::validate(&design).is_empty(), "{:?}", crate::validate(&design));
        let at = layout(&design);
        for i in 0..at.len() {
            prop_assert!(at[i].x.is_finite() && at[i].y.is_finite());
            for j in i + 1..at.len() {
                prop_assert!(!boxes_overlap(at[i], at[j]), "{} and {} overlap", design.nodes[i].id, design.nodes[j].id);
            }
        }
        for e in &design.edges {
            let (a, b) = (index_of(&design, &e.from), index_of(&design, &e.to));
            prop_assert!(at[a].x < at[b].x, "{} → {} goes leftwards", e.from, e.to);
            prop_assert_eq!(box_crossed(&at, a, b), None, "{} → {} crosses a box", &e.from, &e.to);
        }
    }
}

#[test]
fn inversions_are_counted_like_the_pairs() {
    let v = vec![3usize, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
    let naive = (0..v.len())
        .flat_map(|i| (i + 1..v.len()).map(move |j| (i, j)))
        .filter(|&(i, j)| v[i] > v[j])
        .count();
    assert_eq!(inversions(&mut v.clone()), naive);
}

/// A long chain with edges fanning out from its first node to every later column: the careful
/// layout would need a waypoint per edge per skipped column (n²/2 of them); past the limits the
/// simpler layout places every box without any, still left to right and without overlaps.
#[test]
fn a_chain_with_fan_out_gets_the_simpler_layout() {
    let mut nodes = vec![Node::new("p", NodeKind::Producer, "p")];
    let mut edges = Vec::new();
    let n = 400;
    for i in 0..n {
        nodes.push(Node::new(format!("t{i}"), NodeKind::Topic, format!("t{i}")));
        nodes.push(Node::new(
            format!("s{i}"),
            NodeKind::StreamProcessor,
            format!("s{i}"),
        ));
        edges.push(Edge::new(format!("t{i}"), format!("s{i}")));
        if i + 1 < n {
            edges.push(Edge::new(format!("s{i}"), format!("t{}", i + 1)));
        }
        edges.push(Edge::new("p", format!("t{i}")));
    }
    edges.push(Edge::new("p", "t0"));
    let mut design = Design::new("chain");
    design.nodes = nodes;
    design.edges = edges;
    let layered = Layered::new(&design);
    assert!(layered.simple);
    assert_eq!(layered.count, layered.real, "no waypoints");
    let at = layered.positions();
    assert_eq!(at.len(), design.nodes.len());
    assert!(at[index_of(&design, "t1")].x < at[index_of(&design, "t2")].x);
    // Boxes in one column never overlap (stacked), and columns are apart by construction.
    let mut by_column: std::collections::HashMap<i64, Vec<f64>> = Default::default();
    for p in &at {
        by_column.entry(p.x as i64).or_default().push(p.y);
    }
    for ys in by_column.values_mut() {
        ys.sort_by(f64::total_cmp);
        assert!(ys.windows(2).all(|w| w[1] - w[0] >= NODE_HEIGHT));
    }
}
