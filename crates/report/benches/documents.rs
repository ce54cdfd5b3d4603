//! The PDF spec of a generated 50-topic design (budget: under 1 s), and its charts alone.
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
    group.finish();
}

criterion_group!(benches, documents);
criterion_main!(benches);
