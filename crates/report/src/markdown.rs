//! The Markdown spec: what a team pastes into a design doc or a pull request. Renders on GitHub
//! and GitLab (tables, and a Mermaid flowchart of the topology).

use std::fmt::Write as _;

use analysis::rules::Severity;
use analysis::Analysis;
use design::{Design, Node, NodeKind, TopicRole};
use units::{bytes, bytes_rate, plural};

use crate::facts::{constraint, finding_node_name, findings_by_severity, role_name};

/// Text inside a Markdown line: every character that is syntax mid-line (emphasis, code, links,
/// tables, HTML) is escaped; the rest stays readable when the Markdown is read raw.
pub fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::text::one_line(s).chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// Text inside a Mermaid quoted label.
pub fn mermaid_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::text::one_line(s).chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '`' => out.push_str("#96;"),
            // Mermaid would read `&amp;` as an entity and `\n` as a line break.
            '&' => out.push_str("#38;"),
            '\\' => out.push_str("#92;"),
            c => out.push(c),
        }
    }
    out
}

/// Text that starts a line (a paragraph): also keeps a leading `#`, `-`, `+`, `>` or `1.` from
/// turning it into a heading, list or quote.
pub fn md_paragraph(s: &str) -> String {
    let text = md_text(s);
    // `>` is already the entity `&gt;`, which never opens a block quote (and escaping its `&`
    // would show the entity's letters). An ordered list's marker is the `.` or `)` after the
    // digits: that is what is escaped (a backslash before a digit is shown as it is).
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && text[digits..].starts_with(['.', ')']) {
        format!("{}\\{}", &text[..digits], &text[digits..])
    } else if text.starts_with(['#', '-', '+', '=']) {
        format!("\\{text}")
    } else {
        text
    }
}

pub(crate) fn code(s: &str) -> String {
    // Inline code cannot escape a backtick; fall back to escaped text when there is one.
    if s.contains('`') || s.contains('|') || !s.chars().all(crate::text::is_inline) {
        md_text(s)
    } else {
        format!("`{s}`")
    }
}

/// A setting as people read it (`7 d`, `forever`), escaped; `—` when unset.
fn setting(n: &Node, name: &str) -> String {
    crate::facts::setting(n, name)
        .map(|v| md_text(&v))
        .unwrap_or_else(|| "—".into())
}

/// The whole spec.
pub fn spec(design: &Design, a: &Analysis, links: &crate::Links) -> String {
    let mut out = String::new();
    let s = &a.sizing;
    let count = |sev| a.findings.iter().filter(|f| f.severity == sev).count();
    let _ = writeln!(out, "# {}\n", md_text(&design.name));
    if let Some(d) = &design.description {
        let _ = writeln!(out, "{}\n", md_paragraph(d));
    }
    let _ = writeln!(
        out,
        "**{} brokers** ({}), bound by {}. Writes {}, reads {}, keeps {} with overhead. {}; \
         findings: {}, {}, {}.\n",
        s.brokers,
        md_text(s.profile.name),
        constraint(s.binding_constraint),
        bytes_rate(s.write_bytes_per_sec),
        bytes_rate(s.read_bytes_per_sec),
        bytes(s.storage_bytes_with_overhead),
        plural(a.topics.len(), "topic", "topics"),
        plural(count(Severity::Error), "error", "errors"),
        plural(count(Severity::Warn), "warning", "warnings"),
        plural(count(Severity::Info), "note", "notes"),
    );

    topology(&mut out, design);
    topics(&mut out, design, a);
    producers(&mut out, design);
    readers(&mut out, a);
    data_contracts(&mut out, design, a);
    sizing(&mut out, a);
    hotspots(&mut out, a);
    latency(&mut out, a);
    crate::peaks::markdown(&mut out, a);
    crate::cost::markdown(&mut out, a);
    findings(&mut out, design, a, links);
    out
}

/// The whole spec, ending with the appendix of the open review threads when `threads` is given
/// (`None`: no appendix; `Some` of an empty or all-resolved list: the appendix says there is
/// none open; see [`crate::reviews`]).
pub fn spec_with_threads(
    design: &Design,
    a: &Analysis,
    links: &crate::Links,
    threads: Option<&[api::Comment]>,
) -> String {
    let mut out = spec(design, a, links);
    if let Some(comments) = threads {
        out.push_str(&crate::reviews::markdown(comments));
    }
    out
}

/// Mermaid ids: `n0`, `n1`, … in document order (user ids may hold anything).
fn mermaid_id(design: &Design, id: &str) -> Option<String> {
    design
        .nodes
        .iter()
        .position(|n| n.id == id)
        .map(|i| format!("n{i}"))
}

fn topology(out: &mut String, design: &Design) {
    let _ = writeln!(out, "## Topology\n\n```mermaid\nflowchart LR");
    for (i, n) in design.nodes.iter().enumerate() {
        let label = mermaid_label(&n.name);
        let shape = match (n.kind, n.topic_role()) {
            (NodeKind::Producer | NodeKind::SourceConnector, _) => format!("([\"{label}\"])"),
            (NodeKind::Topic, TopicRole::Main) => format!("[(\"{label}\")]"),
            (NodeKind::Topic, _) => format!("[(\"{label} #40;{}#41;\")]", role_name(n.topic_role())),
            (NodeKind::StreamProcessor, _) => format!("[[\"{label}\"]]"),
            (NodeKind::SchemaSubject, _) => format!("{{{{\"{label}\"}}}}"),
            _ => format!("[\"{label}\"]"),
        };
        let _ = writeln!(out, "  n{i}{shape}");
    }
    for e in &design.edges {
        let (Some(a), Some(b)) = (mermaid_id(design, &e.from), mermaid_id(design, &e.to)) else {
            continue;
        };
        let schema = design
            .nodes
            .iter()
            .any(|n| (n.id == e.from || n.id == e.to) && n.kind == NodeKind::SchemaSubject);
        let _ = writeln!(out, "  {a} {} {b}", if schema { "-.-" } else { "-->" });
    }
    let _ = writeln!(out, "```\n");
}

fn topics(out: &mut String, design: &Design, a: &Analysis) {
    let _ = writeln!(out, "## Topics\n");
    let _ = writeln!(
        out,
        "| Topic | Role | Partitions | replication.factor | min.insync.replicas | retention.ms | cleanup.policy | compression.type | Write |"
    );
    let _ = writeln!(out, "|---|---|---:|---:|---:|---:|---|---|---:|");
    for t in design.nodes.iter().filter(|n| n.kind == NodeKind::Topic) {
        let report = crate::facts::topic_report(a, t);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            code(&t.name),
            role_name(t.topic_role()),
            crate::facts::partitions(t, report),
            setting(t, "replication.factor"),
            setting(t, "min.insync.replicas"),
            setting(t, "retention.ms"),
            setting(t, "cleanup.policy"),
            setting(t, "compression.type"),
            report.map_or("—".into(), |r| bytes_rate(r.write_bytes_per_sec)),
        );
    }
    let _ = writeln!(out);
}

fn producers(out: &mut String, design: &Design) {
    let writers: Vec<&Node> = design
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, NodeKind::Producer | NodeKind::SourceConnector))
        .collect();
    if writers.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Producers and source connectors\n");
    let _ = writeln!(
        out,
        "| Name | Kind | msg/s | Avg size | Key | acks | enable.idempotence | compression.type | linger.ms |"
    );
    let _ = writeln!(out, "|---|---|---:|---:|---|---|---|---|---:|");
    for p in writers {
        let key = match crate::facts::key(p) {
            Some((Some(field), spread)) => format!("{} ({})", code(field), md_text(&spread)),
            Some((None, spread)) => md_text(&spread),
            None => "none".into(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            code(&p.name),
            p.kind.label(),
            p.messages_per_sec.map_or("—".into(), units::count),
            p.avg_message_bytes.map_or("—".into(), bytes),
            key,
            setting(p, "acks"),
            setting(p, "enable.idempotence"),
            setting(p, "compression.type"),
            setting(p, "linger.ms"),
        );
    }
    let _ = writeln!(out);
}

fn readers(out: &mut String, a: &Analysis) {
    if a.consumer_groups.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Consumer groups, processors and sink connectors\n");
    let _ = writeln!(
        out,
        "| Name | Kind | Reads | Instances | Input msg/s | Capacity msg/s | Lag growth msg/s | Advised |"
    );
    let _ = writeln!(out, "|---|---|---|---:|---:|---:|---:|---|");
    for g in &a.consumer_groups {
        let topic = crate::facts::topic_name(a, &g.topic);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} on {} |",
            code(&g.name),
            g.kind.label(),
            code(topic),
            g.instances,
            units::count(g.load.input_messages_per_sec.round()),
            g.load
                .capacity_messages_per_sec
                .map_or("unbounded".into(), |c| units::count(c.round())),
            units::count(g.load.lag_growth_messages_per_sec.round()),
            plural(g.load.recommended_instances as usize, "instance", "instances"),
            plural(g.load.recommended_partitions as usize, "partition", "partitions"),
        );
    }
    let _ = writeln!(out);
}

fn data_contracts(out: &mut String, design: &Design, a: &Analysis) {
    let list = crate::data_contracts::contracts(design, a);
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Data contracts\n");
    let _ = writeln!(
        out,
        "| Subject | Topics | Type | Compatibility | Versions | Newest version |"
    );
    let _ = writeln!(out, "|---|---|---|---|---:|---|");
    for c in &list {
        let subject = match &c.registry_name {
            Some(r) => format!("{} (registers as {})", code(&c.node.name), code(r)),
            None => code(&c.node.name),
        };
        let topics: Vec<String> = c.topics.iter().map(|t| code(t)).collect();
        let _ = writeln!(
            out,
            "| {subject} | {} | {} | {} | {} | {} |",
            if topics.is_empty() {
                "—".to_owned()
            } else {
                topics.join(", ")
            },
            c.schema_type,
            c.level,
            c.versions,
            md_text(&c.verdict),
        );
    }
    let _ = writeln!(out);
    for c in &list {
        match c.newest {
            Some((text, lang)) => {
                let fence = crate::data_contracts::fence(text);
                let text = text.replace("\r\n", "\n").replace('\r', "\n");
                let _ = writeln!(
                    out,
                    "{} — version {}:\n\n{fence}{lang}\n{}\n{fence}\n",
                    code(&c.node.name),
                    c.versions,
                    text.trim_end()
                );
            }
            None if c.versions > 0 => {
                let _ = writeln!(
                    out,
                    "{} — version {}: not printed here (longer than {} KiB, or past the document's share of schema text); it is in the design.\n",
                    code(&c.node.name),
                    c.versions,
                    crate::data_contracts::MAX_PRINTED_SCHEMA_BYTES / 1024
                );
            }
            None => {}
        }
    }
}

fn sizing(out: &mut String, a: &Analysis) {
    let s = &a.sizing;
    let _ = writeln!(out, "## Sizing\n");
    let _ = writeln!(out, "| Quantity | Value | How |");
    let _ = writeln!(out, "|---|---:|---|");
    let rows = [
        (
            "Write",
            bytes_rate(s.write_bytes_per_sec),
            "Σ producers' msg/s × size × growth",
        ),
        (
            "Read",
            bytes_rate(s.read_bytes_per_sec),
            "Σ topic write × readers",
        ),
        (
            "Replication",
            bytes_rate(s.replication_bytes_per_sec),
            "Σ topic write × (replication.factor − 1)",
        ),
        (
            "Broker ingress",
            bytes_rate(s.ingress_bytes_per_sec),
            "write + replication",
        ),
        (
            "Broker egress",
            bytes_rate(s.egress_bytes_per_sec),
            "read + replication",
        ),
        ("Written per day", bytes(s.daily_write_bytes), "write × 86 400 s"),
        (
            "Storage",
            bytes(s.storage_bytes),
            "Σ write × retention × replication.factor (compacted: keys × size × RF)",
        ),
        (
            "Storage with overhead",
            bytes(s.storage_bytes_with_overhead),
            "storage × (1 + overhead)",
        ),
        (
            "Storage per broker",
            bytes(s.storage_per_broker_bytes),
            "storage with overhead ÷ brokers",
        ),
    ];
    for (q, v, how) in rows {
        let _ = writeln!(out, "| {q} | {v} | {} |", md_text(how));
    }
    let _ = writeln!(out, "\n**Brokers = {}**, the largest of:\n", s.brokers);
    for t in &s.terms {
        let mark = if t.constraint == s.binding_constraint {
            " ← binds"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "- {}: **{}** — {}{mark}",
            constraint(t.constraint),
            t.brokers,
            md_text(&t.formula)
        );
    }
    let _ = writeln!(out, "\n### Partitions\n");
    for t in &a.topics {
        let _ = writeln!(
            out,
            "- {}: {}",
            code(&t.name),
            md_text(&t.partition_advice.formula)
        );
    }
    let _ = writeln!(out);
}

fn hotspots(out: &mut String, a: &Analysis) {
    let keyed: Vec<_> = a.topics.iter().filter(|t| t.keyed).collect();
    if keyed.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Hotspots\n");
    let _ = writeln!(
        out,
        "| Topic | Hottest / mean | Deviation | Hot partitions | Heaviest keys (partition, share) |"
    );
    let _ = writeln!(out, "|---|---:|---:|---|---|");
    for t in keyed {
        let keys: Vec<String> = t
            .top_keys
            .iter()
            .take(3)
            .map(|k| format!("{} → {} ({:.1} %)", code(&k.key), k.partition, k.share * 100.0))
            .collect();
        let hot: Vec<String> = t.hot_partitions.iter().map(u32::to_string).collect();
        let _ = writeln!(
            out,
            "| {} | {:.2}× | {:+.0} % | {} | {} |",
            code(&t.name),
            t.max_over_mean,
            t.deviation_pct,
            if hot.is_empty() {
                "none".into()
            } else {
                hot.join(", ")
            },
            keys.join("; "),
        );
    }
    let _ = writeln!(out);
}

fn latency(out: &mut String, a: &Analysis) {
    if a.paths.is_empty() {
        return;
    }
    let _ = writeln!(out, "## End-to-end latency\n");
    let _ = writeln!(out, "| Path | Latency | Largest part |");
    let _ = writeln!(out, "|---|---:|---|");
    for p in a.paths.iter().take(50) {
        let worst = p.hops.iter().max_by(|x, y| x.ms.total_cmp(&y.ms));
        let _ = writeln!(
            out,
            "| {} | {:.0} ms{} | {} |",
            p.nodes.iter().map(|n| md_text(n)).collect::<Vec<_>>().join(" → "),
            p.latency_ms,
            if p.over_budget { " ⚠" } else { "" },
            worst.map_or("—".into(), |h| format!(
                "{} on {} ({:.0} ms)",
                md_text(&h.component),
                md_text(&h.node),
                h.ms
            )),
        );
    }
    let _ = writeln!(out);
}

fn findings(out: &mut String, design: &Design, a: &Analysis, links: &crate::Links) {
    let _ = writeln!(out, "## Findings\n");
    if a.findings.is_empty() {
        let _ = writeln!(out, "None.");
        return;
    }
    for (title, list) in findings_by_severity(a) {
        let _ = writeln!(out, "### {title}\n");
        for f in list {
            let at = finding_node_name(design, f)
                .map(|name| format!(" — {}", md_text(name)))
                .unwrap_or_default();
            let rule = match links.rule(f.rule) {
                Some(url) => format!("[{}](<{url}>)", f.rule),
                None => f.rule.to_owned(),
            };
            let _ = writeln!(
                out,
                "- **{rule}**{at}: {}  \n  Fix: {}",
                md_text(&f.message),
                md_text(&f.fix)
            );
        }
        let _ = writeln!(out);
    }
}
