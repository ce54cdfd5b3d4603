//! The data contracts of a design, worded once for every document: each schema subject with
//! the topics it describes, its type, compatibility level, registry subject name, versions, the
//! verdict of its newest version (from the analysis' schema findings), and the newest schema's
//! text when it is short enough to print.

use analysis::Analysis;
use design::{Design, Node, NodeKind};

/// A schema printed in a document at most this long; a longer one is named, not printed.
pub const MAX_PRINTED_SCHEMA_BYTES: usize = 16 * 1024;
/// Schema text printed in one document at most; past it, schemas are named, not printed.
pub const MAX_PRINTED_SCHEMAS_BYTES: usize = 256 * 1024;

/// One subject as the documents show it.
pub(crate) struct Contract<'a> {
    pub node: &'a Node,
    /// The topics it is attached to, by name.
    pub topics: Vec<&'a str>,
    /// `AVRO`, `PROTOBUF`, `JSON`.
    pub schema_type: &'static str,
    /// The registry's name for the level (`BACKWARD` when unset).
    pub level: &'static str,
    /// The subject name serializers register under, when the strategy can tell it and it
    /// differs from the node's name.
    pub registry_name: Option<String>,
    pub versions: usize,
    /// What the newest version's check says.
    pub verdict: String,
    /// The newest schema's text, when printed: the text and the code language (`json`, `proto`).
    pub newest: Option<(&'a str, &'static str)>,
}

/// The subjects of `design`, in document order, each with its verdict.
pub(crate) fn contracts<'a>(design: &'a Design, a: &Analysis) -> Vec<Contract<'a>> {
    let mut printed = 0usize;
    design
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::SchemaSubject)
        .map(|n| {
            let topics: Vec<&str> = design
                .edges
                .iter()
                .filter_map(|e| {
                    let other = if e.from == n.id {
                        &e.to
                    } else if e.to == n.id {
                        &e.from
                    } else {
                        return None;
                    };
                    design
                        .nodes
                        .iter()
                        .find(|t| t.id == *other && t.kind == NodeKind::Topic)
                        .map(|t| t.name.as_str())
                })
                .collect();
            let ty = n.schema_type_or_default();
            let level = n.compatibility_or_default();
            let record = match (ty, n.latest_schema()) {
                (contracts::SchemaType::Avro, Some(text)) => contracts::avro::Schema::parse(text)
                    .ok()
                    .and_then(|s| s.record_name().map(str::to_owned)),
                _ => None,
            };
            let strategy = n.naming_strategy.unwrap_or_default();
            let registry_name = strategy
                .subject(
                    topics.first().copied(),
                    n.key_schema == Some(true),
                    record.as_deref(),
                )
                .filter(|s| *s != n.name);
            let newest = n.latest_schema().filter(|text| {
                let fits = text.len() <= MAX_PRINTED_SCHEMA_BYTES
                    && printed + text.len() <= MAX_PRINTED_SCHEMAS_BYTES;
                if fits {
                    printed += text.len();
                }
                fits
            });
            let lang = match ty {
                contracts::SchemaType::Protobuf => "proto",
                _ => "json",
            };
            Contract {
                node: n,
                topics,
                schema_type: ty.name(),
                level: level.name(),
                registry_name,
                versions: n.versions.len(),
                verdict: verdict(n, a),
                newest: newest.map(|t| (t, lang)),
            }
        })
        .collect()
}

fn verdict(n: &Node, a: &Analysis) -> String {
    let mine = |rule: &str| {
        a.findings
            .iter()
            .filter(|f| f.rule == rule && f.node.as_deref() == Some(n.id.as_str()))
            .count()
    };
    let count = n.versions.len();
    let level = n.compatibility_or_default();
    if count == 0 {
        return "no versions".into();
    }
    match mine("schema-invalid") {
        0 => {}
        1 => return "1 version does not parse (see findings)".into(),
        k => return format!("{k} versions do not parse (see findings)"),
    }
    // Counted by the checker itself: the lint lists ten per subject and sums up the rest.
    let texts: Vec<&str> = n.versions.iter().map(|v| v.schema.as_str()).collect();
    let broken =
        contracts::check_latest(n.schema_type_or_default(), level, &texts).map_or(0, |v| v.messages.len());
    if broken > 0 {
        let kept = broken.min(contracts::limits::MAX_MESSAGES);
        return format!(
            "version {count} breaks {}: {}{} (see findings)",
            level.name(),
            units::plural(kept, "incompatibility", "incompatibilities"),
            if broken > contracts::limits::MAX_MESSAGES {
                " or more"
            } else {
                ""
            }
        );
    }
    match (count, level) {
        (1, _) => "one version".into(),
        (_, contracts::Level::None) => "not checked (NONE)".into(),
        (_, l) if l.transitive() => format!("version {count} compatible with versions 1–{}", count - 1),
        _ => format!("version {count} compatible with version {}", count - 1),
    }
}

/// A Markdown code fence longer than any run of backticks in `text`.
pub(crate) fn fence(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat((longest + 1).max(3))
}
