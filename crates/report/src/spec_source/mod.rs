//! The typst source of the PDF spec: title page, table of contents, page numbers, the topology
//! picture, the five charts, the tables and the findings, as markup for typst to typeset
//! ([`crate::pdf`]). Plain text building, no typst needed: the fuzz targets check it with
//! typst's parser alone.
//!
//! Every user-typed string enters the source as a string literal (`#"…"`, escaped), never as
//! markup, so a name like `a"; rm -rf / #` is printed as is.

use std::fmt::Write as _;

use analysis::Analysis;
use design::defaults::effective_str;
use design::{Design, NodeKind};
use units::{bytes, bytes_rate};

use crate::charts::Chart;

mod figure;

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
pub(crate) fn text(s: &str) -> String {
    format!("#{};", typst_str(&crate::text::one_line(s)))
}

/// The typst source of the spec (public for tests and for debugging a layout).
pub fn source(design: &Design, a: &Analysis, links: &crate::Links) -> String {
    let mut t = String::new();
    let s = &a.sizing;
    let _ = writeln!(
        t,
        r#"#set document(title: {title})
#set page(paper: "a4", margin: (x: 2cm, top: 2.2cm, bottom: 2.4cm),
  footer: context [#set text(9pt, fill: luma(90)); #{title} #h(1fr) #counter(page).display("1 / 1", both: true)])
#set text(font: "Libertinus Serif", size: 10.5pt, lang: "en")
#set heading(numbering: "1.")
#show heading.where(level: 1): it => {{ pagebreak(weak: true); it }}
#show raw: set text(font: "DejaVu Sans Mono", size: 8.5pt)
#set table(stroke: 0.4pt + luma(170), inset: 5pt)
#show table: set text(size: 8.5pt)
#show table.cell.where(y: 0): set text(weight: "bold")
#let mono(s) = text(font: "DejaVu Sans Mono", size: 8.5pt, s)

#page(footer: none)[
  #v(5cm)
  #text(11pt, fill: luma(90))[Kafka design specification]
  #v(0.3cm)
  #text(26pt, weight: "bold")[#{title}]
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
        description = design.description.as_deref().map(text).unwrap_or_default(),
        brokers = s.brokers,
        profile = text(s.profile.name),
        constraint = text(crate::markdown::constraint(s.binding_constraint)),
        write = text(&bytes_rate(s.write_bytes_per_sec)),
        read = text(&bytes_rate(s.read_bytes_per_sec)),
        storage = text(&bytes(s.storage_bytes_with_overhead)),
        topics = a.topics.len(),
        groups = a.consumer_groups.len(),
        findings = a.findings.len(),
    );

    figure::topology(&mut t, design);

    // Topics.
    let _ = writeln!(
        t,
        "= Topics\n#table(columns: 8, align: (left, left, right, right, right, right, left, left),"
    );
    let _ = writeln!(t, "  [Topic], [Role], [Partitions (advised)], [replication.factor], [min.insync.replicas], [retention.ms], [cleanup.policy], [compression.type],");
    for n in design.nodes.iter().filter(|n| n.kind == NodeKind::Topic) {
        let report = a.topics.iter().find(|r| r.id == n.id);
        let _ = writeln!(
            t,
            "  mono({}), {}, {}, {}, {}, {}, {}, {},",
            typst_str(&n.name),
            typst_str(crate::markdown::role_name(n.topic_role())),
            typst_str(&format!(
                "{} ({})",
                n.partitions.map_or("—".into(), |p| p.to_string()),
                report.map_or("—".into(), |r| r.recommended_partitions.to_string())
            )),
            setting(n, "replication.factor"),
            setting(n, "min.insync.replicas"),
            setting(n, "retention.ms"),
            setting(n, "cleanup.policy"),
            setting(n, "compression.type"),
        );
    }
    let _ = writeln!(t, ")\n");

    // Producers and source connectors.
    let writers: Vec<_> = design
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, NodeKind::Producer | NodeKind::SourceConnector))
        .collect();
    if !writers.is_empty() {
        let _ = writeln!(t, "= Producers and source connectors\n#table(columns: 7, align: (left, left, right, right, left, left, left),");
        let _ = writeln!(
            t,
            "  [Name], [Kind], [msg/s], [Avg size], [acks], [enable.idempotence], [compression.type],"
        );
        for n in writers {
            let _ = writeln!(
                t,
                "  mono({}), {}, {}, {}, {}, {}, {},",
                typst_str(&n.name),
                typst_str(n.kind.label()),
                typst_str(&n.messages_per_sec.map_or("—".into(), |r| format!("{r}"))),
                typst_str(&n.avg_message_bytes.map_or("—".into(), bytes)),
                setting(n, "acks"),
                setting(n, "enable.idempotence"),
                setting(n, "compression.type"),
            );
        }
        let _ = writeln!(t, ")\n");
    }

    // Consumer groups, processors, sink connectors.
    if !a.consumer_groups.is_empty() {
        let _ = writeln!(t, "= Consumer groups and connectors\n#table(columns: 7, align: (left, left, left, right, right, right, left),");
        let _ = writeln!(
            t,
            "  [Name], [Kind], [Reads], [Instances], [Input msg/s], [Lag growth msg/s], [Advised],"
        );
        for g in &a.consumer_groups {
            let topic = a
                .topics
                .iter()
                .find(|r| r.id == g.topic)
                .map_or(g.topic.as_str(), |r| r.name.as_str());
            let _ = writeln!(
                t,
                "  mono({}), {}, mono({}), {}, {}, {}, {},",
                typst_str(&g.name),
                typst_str(g.kind.label()),
                typst_str(topic),
                typst_str(&g.instances.to_string()),
                typst_str(&format!("{:.0}", g.load.input_messages_per_sec)),
                typst_str(&format!("{:.0}", g.load.lag_growth_messages_per_sec)),
                typst_str(&format!(
                    "{} instances, {} partitions",
                    g.load.recommended_instances, g.load.recommended_partitions
                )),
            );
        }
        let _ = writeln!(t, ")\n");
    }

    // Sizing.
    let _ = writeln!(
        t,
        "= Sizing\n{} brokers, bound by {}.\n",
        s.brokers,
        text(crate::markdown::constraint(s.binding_constraint))
    );
    let _ = writeln!(
        t,
        "#table(columns: 3, align: (left, right, left), [Constraint], [Brokers], [Formula and inputs],"
    );
    for term in &s.terms {
        let _ = writeln!(
            t,
            "  {}, {}, mono({}),",
            typst_str(crate::markdown::constraint(term.constraint)),
            typst_str(&term.brokers.to_string()),
            typst_str(&term.formula)
        );
    }
    let _ = writeln!(t, ")\n");

    // Hotspots.
    let hot: Vec<_> = a.topics.iter().filter(|r| r.keyed).collect();
    if !hot.is_empty() {
        let _ = writeln!(t, "= Hotspots\nKeys go through Kafka's murmur2 partitioner; a partition over the mean by more than 10 % is hot.\n");
        let _ = writeln!(t, "#table(columns: 4, align: (left, right, right, left), [Topic], [max / mean], [Heaviest key], [Hot partitions],");
        for r in hot {
            let _ = writeln!(
                t,
                "  mono({}), {}, {}, {},",
                typst_str(&r.name),
                typst_str(&format!("{:.2}", r.max_over_mean)),
                typst_str(&format!("{:.1} %", r.heaviest_key_share * 100.0)),
                typst_str(&if r.hot_partitions.is_empty() {
                    "none".to_owned()
                } else {
                    r.hot_partitions
                        .iter()
                        .map(|p| p.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                }),
            );
        }
        let _ = writeln!(t, ")\n");
    }

    // Findings.
    let _ = writeln!(t, "= Findings");
    if a.findings.is_empty() {
        let _ = writeln!(t, "None.\n");
    }
    for (title, list) in crate::markdown::findings_by_severity(a) {
        let _ = writeln!(t, "== {title}");
        for f in list {
            let node = crate::markdown::finding_node_name(design, f)
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
    for chart in Chart::ALL {
        let _ = writeln!(
            t,
            "#figure(image(\"{}.svg\", width: 100%), caption: [{}])\n",
            chart.slug(),
            text(chart.title())
        );
    }
    t
}

/// A node's setting as a typst string (the effective value, `—` when there is none).
fn setting(n: &design::Node, name: &str) -> String {
    typst_str(&effective_str(n, name).unwrap_or_else(|| "—".into()))
}
