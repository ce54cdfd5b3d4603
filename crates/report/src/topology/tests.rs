//! The topology pages checked as a reader would: every node on exactly one page, text never
//! under 6.2 pt, no box over another or outside its picture, pictures inside the page's area,
//! names escaped, a bounded number of pages made quickly; and (feature `pdf`) the section
//! typeset takes exactly one page per picture.

use design::{Design, Edge, Node, NodeKind, Position};
use proptest::prelude::*;

use crate::samples::pipelines;

use super::pages::overlapping;
use super::*;

/// Everything a page promises, for every page of `design`.
fn check(design: &Design) -> Vec<TopologyPage> {
    let pages = pages(design);
    assert!(!pages.is_empty());
    let mut seen = vec![0; design.nodes.len()];
    for (k, page) in pages.iter().enumerate() {
        let what = format!("{}: page {} ({:?})", design.name, k + 1, page.kind);
        assert!(
            page.smallest_text_pt() >= 6.2 - 1e-9,
            "{what}: {} pt",
            page.smallest_text_pt()
        );
        assert!(page.scale <= MAX_SCALE + 1e-9, "{what}");
        let height = if k == 0 {
            FIRST_AREA_HEIGHT_PT
        } else {
            NEXT_AREA_HEIGHT_PT
        };
        assert!(
            page.width_pt <= AREA_WIDTH_PT + 1e-6 && page.height_pt <= height + 1e-6,
            "{what}: {} × {} pt",
            page.width_pt,
            page.height_pt
        );
        assert!((page.width_pt - page.size[0] * page.scale).abs() < 1e-6, "{what}");
        if page.kind != PageKind::Whole {
            assert!(pages.len() > 1, "{what}");
        }
        for b in &page.boxes {
            assert!(
                b[0] >= 0.0 && b[1] >= 0.0 && b[0] + b[2] <= page.size[0] && b[1] + b[3] <= page.size[1],
                "{what}: box {b:?} outside {:?}",
                page.size
            );
        }
        let mut by_x = page.boxes.clone();
        by_x.sort_by(|a, b| a[0].total_cmp(&b[0]));
        for (i, a) in by_x.iter().enumerate() {
            for b in by_x[i + 1..].iter().take_while(|b| b[0] < a[0] + a[2]) {
                assert!(
                    b[1] >= a[1] + a[3] || a[1] >= b[1] + b[3],
                    "{what}: {a:?} overlaps {b:?}"
                );
            }
        }
        for &i in &page.nodes {
            seen[i] += 1;
        }
        let svg = roxmltree::Document::parse(&page.svg).unwrap_or_else(|e| panic!("{what}: not XML: {e}"));
        let groups = svg.descendants().filter(|n| n.tag_name().name() == "g").count();
        assert_eq!(groups, page.boxes.len(), "{what}");
        if page.kind == PageKind::Overview {
            assert!(page.nodes.is_empty(), "{what}");
        } else {
            assert_eq!(page.nodes.len(), page.boxes.len(), "{what}");
        }
    }
    assert!(
        seen.iter().all(|&s| s == 1),
        "{}: every node on exactly one page: {seen:?}",
        design.name
    );
    pages
}

#[test]
fn a_template_and_a_small_design_take_one_or_two_pages() {
    for t in design::templates::TEMPLATES {
        let d = t.design().unwrap();
        let pages = check(&d);
        assert!(pages.len() <= 2, "{}: {} pages", d.name, pages.len());
    }
    let pages = check(&pipelines(10));
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].kind, PageKind::Whole);
    assert!(pages[0].scale >= MIN_SCALE);
}

#[test]
fn large_designs_get_an_overview_and_group_pages_at_one_scale() {
    for (topics, most) in [(60, 10), (200, 20)] {
        let d = pipelines(topics);
        let pages = check(&d);
        assert_eq!(pages[0].kind, PageKind::Overview, "{topics}");
        assert!(pages.len() <= most, "{topics} topics: {} pages", pages.len());
        assert!(pages[1..]
            .iter()
            .all(|p| p.kind == PageKind::Group && p.scale == PAGE_SCALE));
        assert!(
            pages[0].caption.contains("5 groups by the first segment"),
            "{}",
            pages[0].caption
        );
        assert!(pages[1].caption.starts_with("retail"), "{}", pages[1].caption);
        assert!(pages[0].svg.contains(">payments<"));
    }
}

/// 600 nodes, 2 400 edges: the PDF's limits. Six dense components of 100 nodes each, their
/// names in three domains. (The time it takes to cut is benchmarked: `cargo bench -p report`,
/// `documents/topology_pages_600_nodes`.)
fn largest_pdf_design() -> Design {
    let mut d = Design::new("dense");
    for i in 0..crate::limits::MAX_PDF_NODES {
        let kind = [
            NodeKind::Producer,
            NodeKind::Topic,
            NodeKind::StreamProcessor,
            NodeKind::ConsumerGroup,
        ][i % 4];
        d.nodes.push(Node::new(
            format!("n{i}"),
            kind,
            format!("domain{}.node-{i}", i % 3),
        ));
    }
    let mut edges = 0;
    'outer: for i in 0..d.nodes.len() {
        for step in [1, 3, 5, 7] {
            let j = i + step;
            if j < d.nodes.len() && j / 100 == i / 100 {
                d.edges.push(Edge::new(format!("n{i}"), format!("n{j}")));
                edges += 1;
                if edges == crate::limits::MAX_PDF_EDGES {
                    break 'outer;
                }
            }
        }
    }
    d
}

#[test]
fn the_largest_pdf_design_is_cut_into_a_bounded_number_of_pages() {
    let pages = check(&largest_pdf_design());
    assert!(pages.len() <= 80, "{} pages", pages.len());
    // 600 lone topics sharing no prefix: the smallest parts share a group, packed side by side.
    let mut d = Design::new("lone");
    d.nodes = (0..crate::limits::MAX_PDF_NODES)
        .map(|i| Node::new(format!("t{i}"), NodeKind::Topic, format!("t{i}")))
        .collect();
    let pages = check(&d);
    assert!(pages.len() <= 40, "{} pages", pages.len());
}

#[test]
fn stored_positions_are_kept_unless_boxes_overlap() {
    let mut d = design::templates::template("cdc-postgres-s3")
        .unwrap()
        .design()
        .unwrap();
    for (k, n) in d.nodes.iter_mut().enumerate() {
        n.position = Some(Position {
            x: 300.0 * (k % 3) as f64,
            y: 90.0 * (k / 3) as f64,
        });
    }
    let pages = check(&d);
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].caption, "The design as arranged in the studio.");
    assert!(pages[0].svg.contains(r#"y="90.0" width="240" height="56""#));
    d.nodes[1].position = Some(Position { x: 10.0, y: 10.0 });
    let pages = check(&d);
    assert_eq!(pages[0].caption, "The design, laid out automatically.");
    assert!(overlapping(
        &[Position { x: 0.0, y: 0.0 }, Position { x: 239.0, y: 45.0 }],
        COMPACT
    ));
    assert!(!overlapping(
        &[Position { x: 0.0, y: 0.0 }, Position { x: 240.0, y: 0.0 }],
        COMPACT
    ));
}

/// A domain prefix (no `.`, `-`, `_`, `/`, `:` or space, which would end it) holding the
/// syntax of every format and characters that end lines.
pub(crate) const HOSTILE_PREFIX: &str = "ev\"il'<b>&amp;<\\b>|`x`*y*[l](u)#h$HOME\\n;\u{1}\u{85}\u{2028}}]";

/// `design` with its `retail` topics' prefix replaced by [`HOSTILE_PREFIX`].
pub(crate) fn hostile(mut design: Design) -> Design {
    for n in design.nodes.iter_mut().filter(|n| n.name.starts_with("retail")) {
        n.name = n.name.replacen("retail", HOSTILE_PREFIX, 1);
    }
    design
}

#[test]
fn a_hostile_group_name_stays_text() {
    let pages = check(&hostile(pipelines(200)));
    let group = pages
        .iter()
        .find(|p| p.kind == PageKind::Group && p.caption.starts_with("ev\"il'<b>"))
        .expect("a page of the hostile group");
    assert!(
        group.caption.contains("<b>&amp;<\\b>|"),
        "captions are plain text: {}",
        group.caption
    );
    assert!(
        pages[0].svg.contains("<title>ev&quot;il&apos;&lt;b&gt;&amp;amp;&lt;\\b&gt;|`x`*y*[l](u)#h$HOME\\n;\u{FFFD}\u{FFFD}\u{FFFD}}]</title>"),
        "{}",
        pages[0].svg
    );
}

#[test]
fn long_names_keep_their_ends_as_on_the_canvas_and_only_their_ends_on_group_pages() {
    let long = "retail.fulfilment-centre-07.inventory-reservation.confirmed.v2";
    let mut d = Design::new("one long name");
    d.nodes.push(Node::new("t", NodeKind::Topic, long));
    let svg = render(&d);
    assert!(svg.contains(&format!(">{}<", design::names::shorten(long, NAME_CHARS))));
    assert!(svg.contains(&format!("<title>{long}</title>")));
    let mut big = pipelines(60);
    big.nodes[0].name = long.into();
    let group_page = pages(&big)
        .into_iter()
        .find(|p| p.kind == PageKind::Group && p.nodes.contains(&0))
        .expect("the node is on a group page");
    assert!(group_page
        .svg
        .contains(&format!(">{}<", design::names::shorten_to_end(long, NAME_CHARS))));
}

#[test]
fn render_keeps_the_whole_design_on_one_picture() {
    let d = pipelines(200);
    let svg = render(&d);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let boxes = doc.descendants().filter(|n| n.tag_name().name() == "g").count();
    assert_eq!(boxes, d.nodes.len());
}

fn arbitrary_design() -> impl Strategy<Value = Design> {
    let node = (
        0usize..6,
        0usize..4,
        0usize..30,
        any::<bool>(),
        (0.0f64..2000.0, 0.0f64..2000.0),
    );
    (
        prop::collection::vec(node, 0..90),
        prop::collection::vec((0usize..90, 0usize..90), 0..150),
        any::<bool>(),
    )
        .prop_map(|(nodes, edges, placed)| {
            let kinds = [
                NodeKind::Producer,
                NodeKind::Topic,
                NodeKind::StreamProcessor,
                NodeKind::ConsumerGroup,
                NodeKind::SinkConnector,
                NodeKind::SchemaSubject,
            ];
            let mut d = Design::new("arbitrary");
            for (i, (kind, prefix, tail, dead_letter, (x, y))) in nodes.iter().enumerate() {
                let mut n = Node::new(format!("n{i}"), kinds[*kind], format!("p{prefix}.name-{tail}"));
                if placed {
                    n.position = Some(Position { x: *x, y: *y });
                }
                if *dead_letter && i > 0 {
                    n.dead_letter_topic = Some(format!("n{}", tail % i));
                }
                d.nodes.push(n);
            }
            let n = d.nodes.len().max(1);
            d.edges = edges
                .into_iter()
                .map(|(a, b)| Edge::new(format!("n{}", a % n), format!("n{}", b % n)))
                .collect();
            d
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn every_design_is_cut_into_legible_pages_holding_every_node_once(d in arbitrary_design()) {
        check(&d);
    }
}

#[cfg(feature = "pdf")]
mod typeset {
    use super::*;

    /// The pages the Topology section takes in the typeset spec: from the page headed
    /// `1. Topology` to the one headed `2. Topics` (poppler's `pdftotext`, pages split at form
    /// feeds). Tables may be on turned pages too, so turned pages are not counted.
    fn topology_pages(design: &Design) -> usize {
        let pdf = crate::pdf::pdf(design, &analysis::analyze(design), &crate::Links::none()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("spec.pdf");
        std::fs::write(&path, pdf).unwrap();
        let out = std::process::Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) is installed");
        let text = String::from_utf8_lossy(&out.stdout);
        let pages: Vec<&str> = text.split('\u{c}').collect();
        let headed = |heading: &str| {
            pages
                .iter()
                .position(|p| p.lines().any(|l| l.trim() == heading))
                .unwrap_or_else(|| panic!("no page headed {heading}"))
        };
        headed("2. Topics") - headed("1. Topology")
    }

    #[test]
    fn the_section_takes_one_page_per_picture() {
        let hostile = crate::text::tests::hostile_name();
        let mut long = pipelines(60);
        // Group names as long as captions allow, so that captions wrap.
        for n in &mut long.nodes {
            n.name = format!("{}{}", "x".repeat(30), n.name);
        }
        let mut named = pipelines(60);
        for n in named.nodes.iter_mut().filter(|n| n.name.starts_with("retail")) {
            n.name = n
                .name
                .replacen("retail", &format!("{hostile}{}", "y".repeat(60)), 1);
        }
        for d in [
            pipelines(10),
            pipelines(60),
            named,
            long,
            template_design("ecommerce"),
        ] {
            assert_eq!(topology_pages(&d), pages(&d).len(), "{}", d.name);
        }
    }

    fn template_design(id: &str) -> Design {
        design::templates::template(id).unwrap().design().unwrap()
    }
}
