//! The peak simulation's properties, its overrides and its bounds.

use design::{Design, Edge, KeyDistribution, KeySpec, LoadProfile, Node, NodeKind, PeakWindow};
use proptest::prelude::*;

use super::simulate::{keeps_under, run, Timeline};
use super::{MAX_PEAK_POINTS, MAX_RUN_POINTS};
use crate::analyze;

fn producer(id: &str, rate: f64) -> Node {
    let mut p = Node::new(id, NodeKind::Producer, id);
    p.messages_per_sec = Some(rate);
    p.avg_message_bytes = Some(500.0);
    p
}

fn reader(id: &str, instances: u32, ms: f64) -> Node {
    let mut g = Node::new(id, NodeKind::ConsumerGroup, id);
    g.instances = Some(instances);
    g.processing_ms_per_record = Some(ms);
    g
}

fn topic(id: &str, partitions: u32) -> Node {
    let mut t = Node::new(id, NodeKind::Topic, id);
    t.partitions = Some(partitions);
    t
}

fn profile(peaks: Vec<PeakWindow>) -> Option<LoadProfile> {
    Some(LoadProfile {
        peaks,
        ..LoadProfile::default()
    })
}

fn window(name: &str, multiplier: f64, duration: u32, ramp: u32) -> PeakWindow {
    PeakWindow {
        ramp_minutes: ramp,
        ..PeakWindow::new(name, multiplier, duration)
    }
}

/// One producer into one topic read by one group, with a profile of one window.
fn simple(rate: f64, partitions: u32, instances: u32, ms: f64, w: PeakWindow) -> Design {
    Design {
        nodes: vec![
            producer("p", rate),
            topic("t", partitions),
            reader("g", instances, ms),
        ],
        edges: vec![Edge::new("p", "t"), Edge::new("t", "g")],
        load_profile: profile(vec![w]),
        ..Design::new("peak")
    }
}

#[test]
fn no_profile_or_no_window_means_no_peak_section() {
    let mut d = simple(100.0, 6, 6, 1.0, window("bf", 3.0, 10, 0));
    d.load_profile = None;
    assert!(analyze(&d).peaks.is_empty());
    d.load_profile = profile(vec![]);
    assert!(analyze(&d).peaks.is_empty());
    // The section is always in the answer, empty or not.
    let json = serde_json::to_value(analyze(&d)).unwrap_or_default();
    assert_eq!(json["peaks"], serde_json::json!([]));
}

#[test]
fn a_writers_override_peaks_alone_and_a_window_it_lacks_is_flat_for_it() {
    // Two producers of 100/s into one topic; the design's Black Friday triples both, the
    // `app` producer's own profile has only "launch" (× 5): in Black Friday it stays at 100/s.
    let mut app = producer("app", 100.0);
    app.load_profile = profile(vec![window("launch", 5.0, 10, 0)]);
    let d = Design {
        nodes: vec![
            producer("web", 100.0),
            app,
            topic("t", 4),
            reader("g", 4, 1.0), // 4 000/s: never lags
        ],
        edges: vec![Edge::new("web", "t"), Edge::new("app", "t"), Edge::new("t", "g")],
        load_profile: profile(vec![window("Black Friday", 3.0, 20, 0)]),
        ..Design::new("override")
    };
    let a = analyze(&d);
    let by = |w: &str| a.peaks.iter().find(|r| r.window == w).expect(w);
    assert_eq!(by("Black Friday").current.input_per_sec_at_plateau, 300.0 + 100.0);
    assert_eq!(by("launch").current.input_per_sec_at_plateau, 100.0 + 500.0);
    assert_eq!(a.peaks.len(), 2);
}

#[test]
fn a_processor_passes_the_peak_on_through_its_output_ratio() {
    let mut sp = Node::new("enrich", NodeKind::StreamProcessor, "enrich");
    sp.output_ratio = Some(0.5);
    sp.instances = Some(4);
    sp.processing_ms_per_record = Some(1.0);
    let d = Design {
        nodes: vec![
            producer("p", 100.0),
            topic("raw", 4),
            sp,
            topic("clean", 4),
            reader("g", 1, 20.0), // 50/s: the base (50/s) fits, the peak (150/s) does not
        ],
        edges: vec![
            Edge::new("p", "raw"),
            Edge::new("raw", "enrich"),
            Edge::new("enrich", "clean"),
            Edge::new("clean", "g"),
        ],
        load_profile: profile(vec![window("bf", 3.0, 30, 5)]),
        ..Design::new("chain")
    };
    let a = analyze(&d);
    let g = a.peaks.iter().find(|r| r.reader_id == "g").expect("g");
    assert_eq!(g.current.input_per_sec_at_plateau, 150.0);
    assert!(g.current.exceeds_threshold);
    assert_eq!(
        (g.plateau_start_minute, g.plateau_end_minute, g.window_end_minute),
        (5, 35, 40)
    );
}

#[test]
fn the_worst_design_stays_within_its_points_and_steps() {
    // 20 windows of 7 days over one topic read by 4 998 groups, each lagging: far more than
    // the budget, so the simulation takes steps of many minutes and the series are thinned.
    let peaks: Vec<PeakWindow> = (0..20)
        .map(|i| window(&format!("w{i}"), 1000.0, 10_080, 0))
        .collect();
    let mut nodes = vec![producer("p", 1_000.0), topic("t", 10_000)];
    let mut edges = vec![Edge::new("p", "t")];
    for i in 0..4_998 {
        nodes.push(reader(&format!("g{i}"), 1, 1_000.0));
        edges.push(Edge::new("t", format!("g{i}")));
    }
    let d = Design {
        nodes,
        edges,
        load_profile: profile(peaks),
        ..Design::new("worst")
    };
    assert!(design::validate(&d).is_empty());
    let a = analyze(&d);
    assert_eq!(a.peaks.len(), 20 * 4_998);
    let runs = a
        .peaks
        .iter()
        .flat_map(|r| std::iter::once(&r.current).chain(r.advice.as_ref().map(|p| &p.run)));
    let points: usize = runs.clone().map(|r| r.series.len()).sum();
    assert!(points <= MAX_PEAK_POINTS, "{points}");
    assert!(runs.clone().all(|r| r.series.len() <= MAX_RUN_POINTS));
    assert!(a.peaks[0].minutes_per_step > 1);
    assert!(a.peaks[0].current.minutes_per_point >= a.peaks[0].minutes_per_step);
}

fn arb_timeline() -> impl Strategy<Value = (Vec<f64>, f64, f64)> {
    (
        prop::collection::vec(0.0..5_000.0f64, 1..200),
        0.0..3_000.0f64,
        1.0..4_000.0f64,
    )
}

fn timeline(input: &[f64], base: f64) -> Timeline<'_> {
    Timeline {
        input,
        base,
        step_minutes: 1,
        plateau_start: 0,
        plateau_end: input.len() as u32 / 2,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn lag_is_never_negative_and_the_check_agrees_with_the_run(
        (input, base, capacity) in arb_timeline(), threshold in 1.0..10_000.0f64,
    ) {
        let t = timeline(&input, base);
        let r = run(&t, capacity, threshold, 1, 1);
        prop_assert!(r.series.iter().all(|p| p.lag_records >= 0.0 && p.lag_seconds >= 0.0));
        prop_assert!(r.max_lag_records >= 0.0);
        prop_assert_eq!(keeps_under(&t, capacity, threshold), !r.exceeds_threshold);
    }

    #[test]
    fn more_capacity_never_means_more_lag((input, base, capacity) in arb_timeline(), more in 0.0..1_000.0f64) {
        let t = timeline(&input, base);
        let a = run(&t, capacity, 60.0, 1, 1);
        let b = run(&t, capacity + more, 60.0, 1, 1);
        prop_assert!(b.max_lag_records <= a.max_lag_records);
    }

    #[test]
    fn more_instances_never_mean_more_lag(
        rate in 1.0..2_000.0f64, partitions in 1u32..40, instances in 1u32..40, ms in 0.5..50.0f64,
        multiplier in 0.5..20.0f64, duration in 1u32..180, ramp in 0u32..60,
    ) {
        let w = window("bf", multiplier, duration, ramp);
        let a = analyze(&simple(rate, partitions, instances, ms, w.clone()));
        let b = analyze(&simple(rate, partitions, instances + 1, ms, w));
        if let (Some(a), Some(b)) = (a.peaks.first(), b.peaks.first()) {
            prop_assert!(b.current.max_lag_records <= a.current.max_lag_records);
        }
    }

    #[test]
    fn no_peak_above_the_base_means_no_lag_when_capacity_covers_the_base(
        rate in 1.0..2_000.0f64, partitions in 1u32..40, instances in 1u32..40, ms in 0.5..50.0f64,
        multiplier in 0.01..=1.0f64, duration in 1u32..180, ramp in 0u32..60,
    ) {
        let a = analyze(&simple(rate, partitions, instances, ms, window("quiet", multiplier, duration, ramp)));
        let capacity = a.consumer_groups[0].load.capacity_messages_per_sec.unwrap_or(f64::INFINITY);
        if capacity >= rate {
            prop_assert!(a.peaks.iter().all(|r| r.current.max_lag_records == 0.0));
        }
    }

    #[test]
    fn advice_always_keeps_the_lag_under_the_threshold(
        rate in 1.0..5_000.0f64, partitions in 1u32..64, instances in 1u32..64, ms in 0.5..200.0f64,
        multiplier in 1.0..50.0f64, duration in 1u32..600, ramp in 0u32..120,
        threshold in 1.0..3_600.0f64, keyed in any::<bool>(), exponent in 0.5..1.5f64,
    ) {
        let mut d = simple(rate, partitions, instances, ms, window("bf", multiplier, duration, ramp));
        if let Some(p) = d.load_profile.as_mut() {
            p.lag_threshold_seconds = Some(threshold);
        }
        if keyed {
            d.nodes[0].key = Some(KeySpec {
                field: Some("id".into()),
                distribution: KeyDistribution::Zipf { cardinality: 5_000, exponent },
                extra: Default::default(),
            });
        }
        let a = analyze(&d);
        for r in &a.peaks {
            if let Some(advice) = &r.advice {
                prop_assert!(!advice.run.exceeds_threshold);
                prop_assert!(advice.run.max_lag_seconds <= threshold);
                prop_assert!(advice.partitions >= partitions);
                prop_assert!(advice.instances >= instances);
                prop_assert!(r.current.exceeds_threshold);
            } else {
                prop_assert!(r.advice_note.is_some());
            }
        }
    }
}

/// What the peak section costs: `cargo test --release -p analysis peak_cost -- --ignored
/// --nocapture` prints the analysis time with and without a profile, for a template and for
/// the worst valid design whose every reader needs advice.
#[test]
#[ignore]
fn peak_cost() {
    let time = |d: &Design| {
        let start = std::time::Instant::now();
        let a = analyze(d);
        (start.elapsed(), a.peaks.len())
    };
    for t in design::templates::TEMPLATES.iter() {
        let Ok(mut d) = t.design() else { continue };
        let _warm = time(&d);
        let (without, _) = time(&d);
        d.load_profile = profile(vec![
            window("Black Friday", 5.0, 240, 60),
            window("Cyber Monday", 3.0, 480, 30),
            window("campaign", 2.0, 60, 0),
        ]);
        let _warm = time(&d);
        let (with, n) = time(&d);
        println!(
            "{}: {without:?} without a profile, {with:?} with 3 windows ({n} reports)",
            t.id
        );
    }
    // Every reader of the worst design needs advice found by search.
    let peaks: Vec<PeakWindow> = (0..20)
        .map(|i| window(&format!("w{i}"), 10.0 + f64::from(i), 10_080, 0))
        .collect();
    let mut nodes = vec![producer("p", 1_000.0), topic("t", 7)];
    let mut edges = vec![Edge::new("p", "t")];
    for i in 0..4_998 {
        nodes.push(reader(&format!("g{i}"), 7, 5.0 + f64::from(i % 10)));
        edges.push(Edge::new("t", format!("g{i}")));
    }
    let d = Design {
        nodes,
        edges,
        load_profile: profile(peaks),
        ..Design::new("worst")
    };
    let (took, n) = time(&d);
    println!("worst: {took:?} ({n} reports)");
}
