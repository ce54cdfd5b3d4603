//! Charts, the topology picture, the zip and the PDF, checked as their readers see them: an XML
//! parser for the SVG, a zip reader, and poppler's `pdftotext` for the PDF.

use std::io::Read as _;
use std::process::Command;

use crate::charts::{self, Chart};

/// Breaks out of SVG text, of a typst string and of markup, and names a shell command.
const HOSTILE: &str = "a\"; rm -rf / #</text><script>alert(1)</script>]#{panic()}\\";

fn template(id: &str) -> design::Design {
    design::templates::template(id).unwrap().design().unwrap()
}

/// The e-commerce template with a topic and a consumer group given hostile names.
fn hostile_design() -> design::Design {
    let mut d = template("ecommerce");
    let topic = d
        .nodes
        .iter_mut()
        .find(|n| n.kind == design::NodeKind::Topic)
        .unwrap();
    topic.name = HOSTILE.into();
    let group = d
        .nodes
        .iter_mut()
        .find(|n| n.kind == design::NodeKind::ConsumerGroup)
        .unwrap();
    group.name = format!("group {HOSTILE}");
    d
}

/// Parses `svg` as XML and returns all its text content.
fn svg_text(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed SVG: {e}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    assert!(
        doc.descendants().all(|n| n.tag_name().name() != "script"),
        "no element may come from a name"
    );
    doc.descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_chart_of_every_template_is_well_formed_svg_with_labelled_axes() {
    for t in design::templates::TEMPLATES {
        let d = t.design().unwrap();
        let a = analysis::analyze(&d);
        for chart in Chart::ALL {
            let svg = charts::render(chart, &d, &a);
            let text = svg_text(&svg);
            assert!(
                !text.contains("chart not drawn"),
                "{} of {}: {text}",
                chart.slug(),
                t.id
            );
            assert!(
                text.contains(chart.title()),
                "{} of {} has its title",
                chart.slug(),
                t.id
            );
        }
    }
}

#[test]
fn charts_carry_their_units_and_the_partition_load_marks_hot_partitions() {
    let d = template("ecommerce");
    let a = analysis::analyze(&d);
    let load = svg_text(&charts::render(Chart::PartitionLoad, &d, &a));
    assert!(load.contains(" %") && load.contains("partition"));
    assert!(load.contains("mean ±10 %"));
    let keyed = a.topics.iter().find(|t| t.keyed).unwrap();
    assert!(load.contains(&keyed.name));
    let brokers = svg_text(&charts::render(Chart::BrokerUtilisation, &d, &a));
    assert!(
        brokers.contains("network in")
            && brokers.contains("partition replicas")
            && brokers.contains("% of the limit")
    );
    let storage = svg_text(&charts::render(Chart::StorageGrowth, &d, &a));
    assert!(storage.contains(" TB") && storage.contains("replicas and overhead included"));
    assert!(svg_text(&charts::render(Chart::ConsumerLag, &d, &a)).contains("in records"));
    assert!(svg_text(&charts::render(Chart::Latency, &d, &a)).contains("milliseconds"));
}

#[test]
fn a_skewed_topic_shows_its_hot_partition_in_the_caption() {
    let mut d = template("ecommerce");
    let producer = d
        .nodes
        .iter_mut()
        .find(|n| n.kind == design::NodeKind::Producer)
        .unwrap();
    producer.key = Some(design::KeySpec {
        field: None,
        distribution: design::KeyDistribution::HotKey {
            cardinality: 1000,
            hot_share: 0.5,
        },
        extra: Default::default(),
    });
    let a = analysis::analyze(&d);
    let hot = a
        .topics
        .iter()
        .find(|t| !t.hot_partitions.is_empty())
        .expect("a hot partition");
    let text = svg_text(&charts::render(Chart::PartitionLoad, &d, &a));
    assert!(
        text.contains(&format!("hot: p{}", hot.hot_partitions[0])),
        "{text}"
    );
}

#[test]
fn hostile_names_are_text_in_charts_and_the_topology() {
    let d = hostile_design();
    let a = analysis::analyze(&d);
    let topology = svg_text(&crate::topology::render(&d));
    assert!(
        topology.contains("a\"; rm -rf / #</text><scr"),
        "the (shortened) name is there as text"
    );
    for chart in Chart::ALL {
        svg_text(&charts::render(chart, &d, &a));
    }
}

#[test]
fn the_topology_has_a_box_per_node_and_a_curve_per_edge() {
    let d = template("cdc-postgres-s3");
    let svg = crate::topology::render(&d);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let boxes = doc.descendants().filter(|n| n.tag_name().name() == "g").count();
    let curves = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "path")
        .count();
    assert_eq!((boxes, curves), (d.nodes.len(), d.edges.len()));
}

#[test]
fn the_zip_holds_the_markdown_and_the_charts_it_links_to() {
    let d = template("ecommerce");
    let a = analysis::analyze(&d);
    let bytes = crate::bundle::zip(&d, &a, &crate::Links::none()).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let stem = d.file_stem();
    let mut md = String::new();
    zip.by_name(&format!("{stem}/{stem}.md"))
        .unwrap()
        .read_to_string(&mut md)
        .unwrap();
    assert!(md.contains("```mermaid"));
    for link in [
        "charts/topology.svg",
        "charts/partition-load.svg",
        "charts/latency.svg",
    ] {
        assert!(md.contains(&format!("]({link})")), "{link}");
        let mut svg = String::new();
        zip.by_name(&format!("{stem}/{link}"))
            .unwrap()
            .read_to_string(&mut svg)
            .unwrap();
        svg_text(&svg);
    }
    // The peak-lag chart only with a load profile (the template has none).
    assert_eq!(zip.len(), 2 + Chart::ALL.iter().filter(|c| c.applies(&a)).count());
    assert!(zip.by_name(&format!("{stem}/charts/peak-lag.svg")).is_err());
}

/// The PDF's text as `pdftotext -layout` extracts it.
fn pdf_text(pdf: &[u8]) -> String {
    pdftotext(pdf, "-layout")
}

/// The PDF's text in the order it was written (`pdftotext -raw`): a table cell's lines stay
/// together.
fn pdf_text_raw(pdf: &[u8]) -> String {
    pdftotext(pdf, "-raw")
}

fn pdftotext(pdf: &[u8], mode: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(mode)
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian's poppler-utils; scripts/setup.sh installs it)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_pdf_names_every_topic_and_group_and_min_insync_replicas() {
    let d = template("ecommerce");
    let a = analysis::analyze(&d);
    let pdf = crate::pdf::pdf(&d, &a, &crate::Links::none()).unwrap_or_else(|e| panic!("typst: {e}"));
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    // Names may be broken across table lines: compare without white space.
    let squeezed: String = pdf_text_raw(&pdf)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for n in d
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, design::NodeKind::Topic | design::NodeKind::ConsumerGroup))
    {
        let name: String = n.name.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(squeezed.contains(&name), "{} is in the PDF", n.name);
    }
    // Setting names in headers may wrap at their dots.
    assert!(squeezed.contains("min.insync.replicas"));
    for heading in ["Contents", "Topology", "Topics", "Sizing", "Findings", "Charts"] {
        assert!(text.contains(heading), "{heading}");
    }
    assert!(text.contains(" / 1"), "page numbers");
}

#[test]
fn hostile_names_are_printed_as_is_in_the_pdf() {
    let d = hostile_design();
    let a = analysis::analyze(&d);
    let source = crate::pdf::source(&d, &a, &crate::Links::none());
    assert!(typst::syntax::parse(&source).errors().is_empty());
    let pdf = crate::pdf::pdf(&d, &a, &crate::Links::none()).unwrap_or_else(|e| panic!("typst: {e}"));
    let squeezed: String = pdf_text(&pdf).chars().filter(|c| !c.is_whitespace()).collect();
    let name: String = HOSTILE.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(squeezed.contains(&name), "printed literally");
}

#[test]
fn typst_strings_escape_quotes_backslashes_and_controls() {
    assert_eq!(crate::pdf::typst_str(r#"a"b\c"#), r#""a\"b\\c""#);
    assert_eq!(crate::pdf::typst_str("x\ny\u{7}"), r#""x\ny\u{7}""#);
}

#[test]
fn the_spec_source_of_every_template_parses_without_a_syntax_error() {
    for t in design::templates::TEMPLATES {
        let d = t.design().unwrap();
        let source = crate::spec_source::source(&d, &analysis::analyze(&d), &crate::Links::none());
        let errors = typst::syntax::parse(&source).errors();
        assert!(errors.is_empty(), "{}: {:?}", t.id, errors.first());
    }
}

/// The cost charts and section, for a design with a deployment: both charts drawn with their
/// titles and the targets' names, the design's target and a target that does not fit said in
/// words; the zip holds them; the PDF has the cost section with its tables and charts.
#[test]
fn a_design_with_a_deployment_has_its_cost_charts_and_section_everywhere() {
    let mut d = crate::samples::with_deployment(crate::samples::pipelines(6));
    // Thousands of partitions: past what one serverless cluster holds.
    for n in d.nodes.iter_mut().filter(|n| n.kind == design::NodeKind::Topic) {
        n.partitions = Some(2_000);
    }
    let a = analysis::analyze(&d);
    let r = a.cost.as_ref().expect("a cost report");
    assert!(r.targets.iter().any(|t| !t.fits));
    for chart in [Chart::CostBreakdown, Chart::CostGrowth] {
        assert!(chart.applies(&a));
        assert_eq!(charts::parts(chart, &a), 1);
        let text = svg_text(&charts::render(chart, &d, &a));
        assert!(text.contains(chart.title()), "{text}");
        assert!(!text.contains("chart not drawn"), "{text}");
        for t in &r.targets {
            assert!(text.contains(&t.id), "{} in {}: {text}", t.id, chart.slug());
        }
    }
    let breakdown = svg_text(&charts::render(Chart::CostBreakdown, &d, &a));
    assert!(breakdown.contains("design's target") && breakdown.contains("does not fit"));
    assert!(breakdown.contains("/month") && breakdown.contains("cross-zone traffic"));
    let growth = svg_text(&charts::render(Chart::CostGrowth, &d, &a));
    assert!(
        growth.contains("× 5") && growth.contains("does not fit today"),
        "{growth}"
    );

    let bytes = crate::bundle::zip(&d, &a, &crate::Links::none()).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let stem = d.file_stem();
    for slug in ["cost-breakdown", "cost-growth"] {
        assert!(
            zip.by_name(&format!("{stem}/charts/{slug}.svg")).is_ok(),
            "{slug}"
        );
    }

    let source = crate::spec_source::source(&d, &a, &crate::Links::none());
    assert!(typst::syntax::parse(&source).errors().is_empty());
    assert!(source.contains("= Cost") && source.contains("cost-breakdown.svg"));
    // The cost charts stand in the cost section, not again under "Charts".
    assert_eq!(source.matches("cost-growth.svg").count(), 1);
    let pdf = crate::pdf::pdf(&d, &a, &crate::Links::none()).unwrap_or_else(|e| panic!("typst: {e}"));
    let text = pdf_text(&pdf);
    let squeezed: String = pdf_text_raw(&pdf)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for words in [
        "The cheapest target that fits",
        "does not fit",
        "(override)",
        "Prices and assumptions",
        "A month is 730 h; a GB is 2^30 bytes",
    ] {
        let w: String = words.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(squeezed.contains(&w), "{words} in the PDF:\n{text}");
    }
}

/// Without a deployment the cost charts are not in the zip or the PDF.
#[test]
fn a_design_without_a_deployment_has_no_cost_charts() {
    let d = template("ecommerce");
    let a = analysis::analyze(&d);
    assert!(a.cost.is_none());
    for chart in [Chart::CostBreakdown, Chart::CostGrowth] {
        assert!(!chart.applies(&a));
        assert_eq!(charts::parts(chart, &a), 0);
    }
    let source = crate::spec_source::source(&d, &a, &crate::Links::none());
    assert!(!source.contains("= Cost") && !source.contains("cost-breakdown"));
}
