//! The peak simulation's properties, its overrides and its bounds.

use design::{Design, Edge, KeyDistribution, KeySpec, LoadProfile, Node, NodeKind, PeakWindow};
use proptest::prelude::*;

use super::simulate::{keeps_under, run, Timeline};
use super::{MAX_PEAK_POINTS, MAX_READERS_PER_WINDOW, MAX_RUN_POINTS};
use crate::analyze;
use design::profile::MAX_PEAK_WINDOWS;

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
    // 20 windows of 7 days over one topic read by 4 998 groups, each lagging: each window
    // reports its 50 worst readers and counts the rest, in steps of at most a tenth of its
    // plateau, and the series are thinned to the points' bounds.
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
    assert_eq!(a.peaks.len(), 20 * MAX_READERS_PER_WINDOW);
    assert_eq!(a.peak_windows.len(), 20);
    for w in &a.peak_windows {
        assert_eq!((w.readers, w.readers_simulated), (4_998, 4_998), "{w:?}");
        assert_eq!(w.more_readers, 4_998 - MAX_READERS_PER_WINDOW as u32);
        assert!((1..=1_008).contains(&w.minutes_per_step), "{w:?}");
        assert_eq!(w.skipped, None);
    }
    let runs = a
        .peaks
        .iter()
        .flat_map(|r| std::iter::once(&r.current).chain(r.advice.as_ref().map(|p| &p.run)));
    let points: usize = runs.clone().map(|r| r.series.len()).sum();
    assert!(points <= MAX_PEAK_POINTS, "{points}");
    assert!(runs.clone().all(|r| r.series.len() <= MAX_RUN_POINTS));
    assert_eq!(a.peaks[0].minutes_per_step, a.peak_windows[0].minutes_per_step);
    assert!(a.peaks[0].current.minutes_per_point >= a.peaks[0].minutes_per_step);
}

#[test]
fn windows_past_the_limit_are_not_simulated_even_on_an_invalid_design() {
    // 2 500 writers with 20 windows each, every name its own: 50 000 windows. The validator
    // refuses it; the analysis simulates the first 20 names.
    let mut nodes = vec![topic("t", 6), reader("g", 1, 50.0)];
    let mut edges = vec![Edge::new("t", "g")];
    for i in 0..2_500 {
        let mut p = producer(&format!("p{i}"), 1.0);
        p.load_profile = profile(
            (0..20)
                .map(|j| window(&format!("w{i}-{j}"), 2.0, 30, 0))
                .collect(),
        );
        nodes.push(p);
        edges.push(Edge::new(format!("p{i}"), "t"));
    }
    let d = Design {
        nodes,
        edges,
        ..Design::new("many windows")
    };
    assert!(design::validate(&d).iter().any(|p| p.code == "limit"));
    let a = analyze(&d);
    assert_eq!(a.peak_windows.len(), MAX_PEAK_WINDOWS);
    assert_eq!(a.peaks.len(), MAX_PEAK_WINDOWS);
    assert_eq!(a.peak_windows[19].window, "w0-19");
}

#[test]
fn a_window_out_of_range_is_skipped_and_the_others_are_simulated() {
    // What the editor may hold while someone types: a plateau and ramps of u32::MAX minutes,
    // a multiplier of infinity. Nothing overflows, nothing runs for billions of minutes.
    let bad = [
        window("huge", 2.0, u32::MAX, 0),
        window("ramps", 2.0, 10, u32::MAX),
        window("both", 2.0, u32::MAX, u32::MAX),
        window("inf", f64::INFINITY, 30, 0),
        window("nan", f64::NAN, 30, 0),
    ];
    for w in bad {
        let mut d = simple(100.0, 1, 1, 20.0, window("ok", 3.0, 30, 5));
        // On the design's profile, and as a writer's override of another window.
        if let Some(p) = d.load_profile.as_mut() {
            p.peaks.push(w.clone());
        }
        assert!(!design::validate(&d).is_empty());
        let a = analyze(&d);
        assert_eq!(a.peak_windows.len(), 2, "{:?}", w.name);
        let skipped = &a.peak_windows[1];
        assert!(
            skipped.skipped.as_deref().is_some_and(|s| s.contains("rules")),
            "{skipped:?}"
        );
        assert!(a.peaks.iter().all(|r| r.window == "ok"));
        assert_eq!(a.peaks.len(), 1);
        let r = &a.peaks[0];
        assert!(r.current.series.len() <= 40 + 1_440);

        let mut d = simple(100.0, 1, 1, 20.0, window(&w.name, 2.0, 30, 0));
        d.nodes[0].load_profile = profile(vec![w.clone()]);
        let a = analyze(&d);
        assert!(a.peaks.is_empty());
        assert!(a.peak_windows[0].skipped.is_some());
    }
}

#[test]
fn a_short_window_keeps_a_fine_step_next_to_a_long_one_in_a_large_design() {
    // The Black Friday scenario (30 minutes at 2 000/s against 1 000/s: 30 minutes of lag),
    // with 2 000 more readers of `orders` and a 7-day window beside it. One step for the whole
    // design would average the 30 minutes with the base (26 minutes a step: 1 733 s of lag).
    let mut nodes = vec![
        producer("checkout", 950.0),
        topic("orders", 10),
        reader("billing", 10, 10.0),
    ];
    let mut edges = vec![Edge::new("checkout", "orders"), Edge::new("orders", "billing")];
    for i in 0..2_000 {
        nodes.push(reader(&format!("g{i}"), 10, 0.01));
        edges.push(Edge::new("orders", format!("g{i}")));
    }
    let d = Design {
        nodes,
        edges,
        load_profile: Some(LoadProfile {
            peaks: vec![
                PeakWindow::new("Black Friday", 2.1053, 30),
                PeakWindow::new("season", 1.01, 10_080),
            ],
            lag_threshold_seconds: Some(1_790.0),
            ..LoadProfile::default()
        }),
        ..Design::new("large")
    };
    assert!(design::validate(&d).is_empty());
    let a = analyze(&d);
    let bf = &a.peak_windows[0];
    assert!(bf.minutes_per_step <= 3, "{bf:?}");
    assert_eq!(bf.readers_simulated, 2_001);
    let r = a
        .peaks
        .iter()
        .find(|r| r.window == "Black Friday" && r.reader_id == "billing")
        .expect("billing is the worst reader");
    assert!(
        (r.current.max_lag_seconds / 60.0 - 30.0).abs() < 0.01,
        "{}",
        r.current.max_lag_seconds
    );
    assert!(r.current.exceeds_threshold);
    assert!(a.peak_windows[1].minutes_per_step <= 1_008);
}

#[test]
fn past_the_budget_the_most_loaded_readers_are_simulated_and_the_rest_counted() {
    // A 1-minute plateau between ramps of 3.5 days: a step of 1 minute and 11 519 steps a
    // run; 1 000 readers, slower down the document, do not all fit.
    let mut nodes = vec![producer("p", 100.0), topic("t", 10)];
    let mut edges = vec![Edge::new("p", "t")];
    for i in 0..1_000 {
        nodes.push(reader(&format!("g{i}"), 1, 1.0 + f64::from(i) / 10.0));
        edges.push(Edge::new("t", format!("g{i}")));
    }
    let d = Design {
        nodes,
        edges,
        load_profile: profile(vec![window("spike", 50.0, 1, 5_039)]),
        ..Design::new("spike")
    };
    assert!(design::validate(&d).is_empty());
    let a = analyze(&d);
    let w = &a.peak_windows[0];
    assert_eq!(w.minutes_per_step, 1);
    assert_eq!(w.readers, 1_000);
    assert!(w.readers_simulated < 1_000 && w.readers_simulated >= 50, "{w:?}");
    assert_eq!(w.more_readers, 1_000 - 50);
    // The slowest readers (the last in the document) are the ones reported.
    let listed: Vec<&str> = a.peaks.iter().map(|r| r.reader_id.as_str()).collect();
    let slowest: Vec<String> = (950..1_000).map(|i| format!("g{i}")).collect();
    assert_eq!(listed, slowest);
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
    // The same readers over 20 windows that keep a step of one minute: a 1-minute plateau
    // between ramps of 84 h (the budget, not the step, bounds it).
    let mut d = d;
    d.load_profile = profile(
        (0..20)
            .map(|i| window(&format!("w{i}"), 10.0 + f64::from(i), 1, 5_039))
            .collect(),
    );
    let (took, n) = time(&d);
    println!("worst at a 1-minute step: {took:?} ({n} reports)");
    // Invalid: 2 500 writers with 20 windows each, every name its own (50 000 windows).
    let mut nodes = vec![topic("t", 6), reader("g", 1, 50.0)];
    let mut edges = vec![Edge::new("t", "g")];
    for i in 0..2_500 {
        let mut p = producer(&format!("p{i}"), 1.0);
        p.load_profile = profile(
            (0..20)
                .map(|j| window(&format!("w{i}-{j}"), 2.0, 10_080, 0))
                .collect(),
        );
        nodes.push(p);
        edges.push(Edge::new(format!("p{i}"), "t"));
    }
    let d = Design {
        nodes,
        edges,
        ..Design::new("many windows")
    };
    let (took, n) = time(&d);
    println!("50 000 windows (invalid): {took:?} ({n} reports)");
}
