//! Any bytes as a design document, as the API receives them: parse, check (the model's rules
//! and the engine's limits), and for a design that passes, analyse it and make every document
//! from it: the Markdown spec, its zip with the charts, the topics-as-code files, the charts,
//! the topology, and the PDF's typst source, read back by typst's own parser. (Typesetting
//! that source is typst's work and half of a release build's compile time; the report crate's
//! tests and the hostile-request suite typeset real PDFs, the largest allowed included.)
//!
//! What must hold: nothing panics; every number in the analysis is finite; every SVG is one
//! element; the PDF source parses without a syntax error; the time and memory of one input stay
//! within libFuzzer's limits (run with -timeout and -rss_limit_mb, see scripts/fuzz.sh).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(design) = design::parse(data) else { return };
    if !analysis::check(&design).is_empty() {
        return;
    }
    let analysis = analysis::analyze(&design);
    let json = serde_json::to_value(&analysis).expect("an analysis serialises");
    assert_finite(&analysis);
    drop(json);
    // With links, so that every finding's link to its rule is written too.
    let links = report::Links::rules_at("https://studio.example.com/rules");
    let _ = report::markdown::spec(&design, &analysis, &links);
    let specs = report::iac::topic_specs(&design, &analysis);
    let _ = report::iac::kafka_topics_sh(&design, &specs);
    let _ = report::iac::strimzi_yaml(&design, &specs, "my-cluster");
    let _ = report::iac::terraform(&design, &specs);
    for chart in report::charts::Chart::ALL {
        let svg = report::charts::render(chart, &design, &analysis);
        assert!(
            svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
            "a chart is one SVG element"
        );
    }
    let topology = report::topology::render(&design);
    assert!(topology.trim_end().ends_with("</svg>"));
    if report::limits::fits(&design, report::limits::Document::Pdf).is_ok() {
        let source = report::spec_source::source(&design, &analysis, &links);
        let parsed = typst_syntax::parse(&source);
        let errors = parsed.errors();
        assert!(
            errors.is_empty(),
            "the PDF's source does not parse: {:?}",
            errors.first()
        );
    }
    if report::limits::fits(&design, report::limits::Document::Zip).is_ok() {
        report::bundle::zip(&design, &analysis, &links).expect("a design that fits makes a zip");
    }
});

/// The figures users read are finite numbers (serde_json would write NaN and infinity as null).
fn assert_finite(a: &analysis::Analysis) {
    let s = &a.sizing;
    for x in [
        s.write_bytes_per_sec,
        s.read_bytes_per_sec,
        s.ingress_bytes_per_sec,
        s.egress_bytes_per_sec,
        s.storage_bytes,
        s.storage_bytes_with_overhead,
        s.storage_per_broker_bytes,
    ] {
        assert!(x.is_finite(), "a sizing figure is {x}");
    }
    for t in &a.topics {
        assert!(
            t.write_bytes_per_sec.is_finite() && t.max_over_mean.is_finite(),
            "topic {}",
            t.id
        );
        assert!(t.partition_load.iter().all(|x| x.is_finite()));
    }
    for p in &a.paths {
        assert!(p.latency_ms.is_finite());
    }
}
