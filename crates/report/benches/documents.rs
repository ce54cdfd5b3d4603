//! The PDF spec of a generated 50-topic design (budget: under 1 s), its charts alone, and the
//! topology of the largest PDF design cut into pages.
//!
//! `cargo bench -p report`

use criterion::{criterion_group, criterion_main, Criterion};
use design::{Design, Edge, Node, NodeKind};

/// 50 pipelines: producer → topic → consumer group, keyed with a Zipf distribution.
fn fifty_topics() -> Design {
    let mut d = Design::new("bench: 50 topics");
    for i in 0..50 {
        let mut p = Node::new(format!("p{i}"), NodeKind::Producer, format!("service {i}"));
        p.messages_per_sec = Some(1000.0 + f64::from(i) * 10.0);
        p.avg_message_bytes = Some(800.0);
        p.key = Some(design::KeySpec {
            field: None,
            distribution: design::KeyDistribution::Zipf {
                cardinality: 10_000,
                exponent: 1.1,
            },
            extra: Default::default(),
        });
        let mut t = Node::new(format!("t{i}"), NodeKind::Topic, format!("events.{i}"));
        t.partitions = Some(12);
        let mut g = Node::new(format!("g{i}"), NodeKind::ConsumerGroup, format!("reader {i}"));
        g.instances = Some(4);
        d.nodes.extend([p, t, g]);
        d.edges.push(Edge::new(format!("p{i}"), format!("t{i}")));
        d.edges.push(Edge::new(format!("t{i}"), format!("g{i}")));
    }
    d
}

fn documents(c: &mut Criterion) {
    let d = fifty_topics();
    assert!(design::validate(&d).is_empty());
    let a = analysis::analyze(&d);
    // The first PDF parses the fonts (once per process); the budget is for the ones after.
    report::pdf::pdf(&d, &a, &report::Links::none()).unwrap();
    let mut group = c.benchmark_group("documents");
    group.sample_size(10);
    group.bench_function("pdf_50_topics", |b| {
        b.iter(|| report::pdf::pdf(&d, &a, &report::Links::none()).unwrap())
    });
    group.bench_function("charts_50_topics", |b| {
        b.iter(|| {
            report::charts::Chart::ALL
                .iter()
                .map(|chart| report::charts::render(*chart, &d, &a).len())
                .sum::<usize>()
        })
    });
    // The topology of the largest design a PDF is made for (600 nodes, 2 400 edges in six dense
    // components) cut into pages: budget 250 ms (measured 133 ms).
    let dense = dense_600();
    group.bench_function("topology_pages_600_nodes", |b| {
        b.iter(|| report::topology::pages(&dense).len())
    });
    group.finish();
}

/// Six components of 100 nodes, each node linked to the ones 1, 3, 5 and 7 after it.
fn dense_600() -> Design {
    let kinds = [
        NodeKind::Producer,
        NodeKind::Topic,
        NodeKind::StreamProcessor,
        NodeKind::ConsumerGroup,
    ];
    let mut d = Design::new("bench: 600 dense nodes");
    d.nodes = (0..report::limits::MAX_PDF_NODES)
        .map(|i| Node::new(format!("n{i}"), kinds[i % 4], format!("domain{}.node-{i}", i % 3)))
        .collect();
    let pairs = (0..d.nodes.len()).flat_map(|i| [1, 3, 5, 7].map(|step| (i, i + step)));
    d.edges = pairs
        .filter(|&(i, j)| j < d.nodes.len() && j / 100 == i / 100)
        .take(report::limits::MAX_PDF_EDGES)
        .map(|(i, j)| Edge::new(format!("n{i}"), format!("n{j}")))
        .collect();
    d
}

criterion_group!(benches, documents);
criterion_main!(benches);
