//! The typst source of the PDF spec: title page, table of contents, page numbers, the topology
//! picture, the eight charts (the peak-lag chart in the peak windows' section, the cost charts
//! in the cost section), the tables and the findings, as markup for typst to typeset
//! ([`crate::pdf`]). Plain text building, no typst needed: the fuzz targets check it with
//! typst's parser alone.
//!
//! Every user-typed string enters the source as a string literal (`#"…"`, escaped), never as
//! markup, so a name like `a"; rm -rf / #` is printed as is.

use std::fmt::Write as _;

use analysis::Analysis;
use design::Design;
use units::{bytes, bytes_rate};

use crate::charts::Chart;

mod cost;
mod figure;
mod metrics;
mod peaks;
mod pieces;
mod table;
mod tables;

/// A typst string literal holding `s`: inert whatever it contains.
pub fn typst_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if !crate::text::is_inline(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` as markup text: `#"…";` (the semicolon ends the embedded expression, so that a `;`
/// written after it is printed).
/// A word longer than [`PARAGRAPH_PIECE`] characters (a name without separators, a pasted
/// token) is cut into pieces that may break, so that it cannot run off the page.
pub(crate) fn text(s: &str) -> String {
    let line = crate::text::one_line(s);
    if line.split(' ').all(|w| w.chars().count() <= PARAGRAPH_PIECE) {
        format!("#{};", typst_str(&line))
    } else {
        format!(
            "#{}",
            pieces::breakable(&line, PARAGRAPH_PIECE, pieces::Breaks::Separators)
        )
    }
}

/// The longest run of characters a paragraph keeps whole (at 26 pt, the title's size, about
/// two thirds of the page's width).
const PARAGRAPH_PIECE: usize = 24;

/// The file a part of a chart is in, in the typst world ([`crate::charts::parts`]).
pub(crate) fn chart_file(chart: Chart, part: usize, parts: usize) -> String {
    if parts > 1 {
        format!("{}-{}.svg", chart.slug(), part + 1)
    } else {
        format!("{}.svg", chart.slug())
    }
}

/// The typst source of the spec (public for tests and for debugging a layout).
pub fn source(design: &Design, a: &Analysis, links: &crate::Links) -> String {
    source_with(design, a, links, &crate::topology::pages(design))
}

/// The source, with the topology already cut into `pages` (the PDF adds their pictures as
/// files, so it cuts them once for both).
pub(crate) fn source_with(
    design: &Design,
    a: &Analysis,
    links: &crate::Links,
    pages: &[crate::topology::TopologyPage],
) -> String {
    let mut t = String::new();
    let s = &a.sizing;
    let _ = writeln!(
        t,
        r#"#set document(title: {title})
#set page(paper: "a4", margin: (x: 2cm, top: 2.2cm, bottom: 2.4cm),
  footer: context [#set text(9pt, fill: luma(90)); #{footer} #h(1fr) #counter(page).display("1 / 1", both: true)])
#set text(font: "Libertinus Serif", size: 10.5pt, lang: "en")
#set heading(numbering: "1.")
#show heading.where(level: 1): it => {{ pagebreak(weak: true); it }}
#show raw: set text(font: "DejaVu Sans Mono", size: 8.5pt)
#set table(stroke: 0.4pt + luma(170), inset: 5pt)
#show table: set text(size: 8.5pt)
#show table.cell.where(y: 0): set text(weight: "bold")
#let name(body) = text(font: "DejaVu Sans Mono", size: 8.5pt, body)

#page(footer: none)[
  #v(5cm)
  #text(11pt, fill: luma(90))[Kafka design specification]
  #v(0.3cm)
  #text(26pt, weight: "bold")[{heading}]
  #v(0.6cm)
  {description}
  #v(1cm)
  #text(12pt)[*{brokers} brokers* ({profile}), bound by {constraint}. Writes {write}, reads {read}; stores {storage} with overhead. {topics} topics, {groups} readers, {findings} findings.]
  #v(1fr)
  #text(9pt, fill: luma(90))[Made with Kafka Design Studio from the `kafka-design/v1` document.]
]
#outline(indent: auto)
"#,
        title = typst_str(&design.name),
        heading = text(&design.name),
        footer = typst_str(&design::names::shorten(&crate::text::one_line(&design.name), 70)),
        description = design.description.as_deref().map(text).unwrap_or_default(),
        brokers = s.brokers,
        profile = text(s.profile.name),
        constraint = text(crate::facts::constraint(s.binding_constraint)),
        write = text(&bytes_rate(s.write_bytes_per_sec)),
        read = text(&bytes_rate(s.read_bytes_per_sec)),
        storage = text(&bytes(s.storage_bytes_with_overhead)),
        topics = a.topics.len(),
        groups = a.consumer_groups.len(),
        findings = a.findings.len(),
    );

    figure::topology(&mut t, pages);

    tables::topics(&mut t, design, a);
    tables::writers(&mut t, design);
    tables::readers(&mut t, a);
    tables::data_contracts(&mut t, design, a);
    tables::sizing(&mut t, a);
    tables::hotspots(&mut t, a);
    peaks::peaks(&mut t, a);
    cost::cost(&mut t, a);

    // Findings.
    let _ = writeln!(t, "= Findings");
    if a.findings.is_empty() {
        let _ = writeln!(t, "None.\n");
    }
    for (title, list) in crate::facts::findings_by_severity(a) {
        let _ = writeln!(t, "== {title}");
        for f in list {
            let node = crate::facts::finding_node_name(design, f)
                .map(|name| format!("{name}: "))
                .unwrap_or_default();
            let rule = match links.rule(f.rule) {
                Some(url) => format!("#link({})[*{}*]", typst_str(&url), text(f.rule)),
                None => format!("*{}*", text(f.rule)),
            };
            let _ = writeln!(
                t,
                "- {rule} {}{} #linebreak() _Fix:_ {}",
                text(&node),
                text(&f.message),
                text(&f.fix)
            );
        }
        let _ = writeln!(t);
    }

    // Charts.
    let _ = writeln!(t, "= Charts");
    // (The peak-lag chart stands in the peak windows' section, a window beside its table; the
    // cost charts in the cost section.)
    for chart in Chart::ALL.into_iter().filter(|c| !c.in_own_section()) {
        let parts = crate::charts::parts(chart, a);
        for part in 0..parts {
            let caption = if parts > 1 {
                format!("{} ({} of {parts})", chart.title(), part + 1)
            } else {
                chart.title().to_owned()
            };
            let _ = writeln!(
                t,
                "#figure(image({}, width: 100%), caption: [{}])\n",
                typst_str(&chart_file(chart, part, parts)),
                text(&caption)
            );
        }
    }
    t
}
