//! Throughput of the engine's hot parts: `cargo bench -p analysis`.
//! Budgets (issue 5): 1 M sample keys < 50 ms; a 500-node / 200-topic analysis < 20 ms.

use std::hint::black_box;

use analysis::hotspot::KeyMass;
use analysis::partitioner::murmur2;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use design::{Design, Edge, KeyDistribution, KeySpec, Node, NodeKind};

fn bench_murmur2(c: &mut Criterion) {
    let mut group = c.benchmark_group("murmur2");
    for len in [16usize, 64, 1024] {
        let data: Vec<u8> = (0..len).map(|i| i as u8).collect();
        group.throughput(Throughput::Bytes(len as u64));
        group.bench_with_input(BenchmarkId::from_parameter(len), &data, |b, d| {
            b.iter(|| murmur2(black_box(d)))
        });
    }
    group.finish();
}

fn bench_hotspot(c: &mut Criterion) {
    let keys: design::PastedKeys = (0..1_000_000).map(|i| format!("customer-{i}")).collect();
    let mut group = c.benchmark_group("hotspot");
    group.sample_size(10);
    // As the API does it: the request's keys are taken over (copying them is not timed; freeing
    // them is).
    group.bench_function("1M sample keys, 48 partitions", |b| {
        b.iter_batched(
            || keys.clone(),
            |keys| KeyMass::from_sample(keys, None).spread(48),
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// 100 producers → 200 topics → 100 processors (re-writing 100 of the topics) → 100 groups.
fn generated_design() -> Design {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for i in 0..200 {
        let mut t = Node::new(format!("t{i}"), NodeKind::Topic, format!("shop.entity{i}.event"));
        t.partitions = Some(12);
        t.config.insert("replication.factor".into(), 3.into());
        nodes.push(t);
    }
    for i in 0..100 {
        let mut p = Node::new(format!("p{i}"), NodeKind::Producer, format!("producer {i}"));
        p.messages_per_sec = Some(1_000.0 + i as f64);
        p.avg_message_bytes = Some(512.0);
        p.key = Some(KeySpec {
            field: Some("id".into()),
            distribution: KeyDistribution::Zipf {
                cardinality: 10_000,
                exponent: 1.05,
            },
            extra: Default::default(),
        });
        nodes.push(p);
        edges.push(Edge::new(format!("p{i}"), format!("t{i}")));
        let mut s = Node::new(
            format!("s{i}"),
            NodeKind::StreamProcessor,
            format!("processor {i}"),
        );
        s.processing_ms_per_record = Some(0.5);
        nodes.push(s);
        edges.push(Edge::new(format!("t{i}"), format!("s{i}")));
        edges.push(Edge::new(format!("s{i}"), format!("t{}", i + 100)));
        let mut g = Node::new(format!("g{i}"), NodeKind::ConsumerGroup, format!("group {i}"));
        g.instances = Some(4);
        g.processing_ms_per_record = Some(1.0);
        nodes.push(g);
        edges.push(Edge::new(format!("t{}", i + 100), format!("g{i}")));
    }
    Design {
        nodes,
        edges,
        ..Design::new("generated 500 nodes")
    }
}

fn bench_analyze(c: &mut Criterion) {
    let design = generated_design();
    assert_eq!(design.nodes.len(), 500);
    assert!(design::validate(&design).is_empty());
    let mut group = c.benchmark_group("analyze");
    group.sample_size(10);
    group.bench_function("500 nodes / 200 topics", |b| {
        b.iter(|| analysis::analyze(black_box(&design)))
    });
    group.finish();
}

criterion_group!(benches, bench_murmur2, bench_hotspot, bench_analyze);
criterion_main!(benches);
