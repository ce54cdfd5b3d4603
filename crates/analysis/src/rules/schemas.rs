//! The checks of schema subjects: versions that do not parse, a newest version that breaks the
//! subject's compatibility level (with the readers or writers it breaks, found through the
//! topics the subject describes), and subjects that accept any change. The comparison is
//! `contracts`', the one a registry makes; its answers are remembered per thread by a hash of
//! the texts, so that analysing a design again after an edit elsewhere costs no schema work.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};

use contracts::{Direction, Error, Level, Schema, SchemaType, VersionError};
use design::{Node, NodeKind};

use super::{Document, Finding, Rule, SchemaPlace};

/// Answers remembered per thread (the editor analyses the design after every edit, most of which
/// leave the schemas as they were), forgotten all at once past these counts: parses (a few
/// bytes each), verdicts (up to a thousand messages each, so fewer).
const REMEMBERED_PARSES: usize = 1_024;
const REMEMBERED_VERDICTS: usize = 64;

thread_local! {
    static SEED: foldhash::fast::RandomState = foldhash::fast::RandomState::default();
    static PARSED: RefCell<HashMap<u64, Result<(), Error>>> = RefCell::new(HashMap::new());
    static CHECKED: RefCell<HashMap<u64, Result<contracts::Verdict, VersionError>>> =
        RefCell::new(HashMap::new());
}

/// A 64-bit hash of `what`, seeded at random per thread.
fn key(what: impl Hash) -> u64 {
    SEED.with(|seed| seed.hash_one(what))
}

fn remembered<T: Clone>(
    cache: &'static std::thread::LocalKey<RefCell<HashMap<u64, T>>>,
    most: usize,
    key: u64,
    work: impl FnOnce() -> T,
) -> T {
    if let Some(known) = cache.with(|c| c.borrow().get(&key).cloned()) {
        return known;
    }
    let answer = work();
    cache.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= most {
            c.clear();
        }
        c.insert(key, answer.clone());
    });
    answer
}

/// Whether `text` parses as `ty` (remembered).
fn parses(ty: SchemaType, text: &str) -> Result<(), Error> {
    remembered(&PARSED, REMEMBERED_PARSES, key((ty, text)), || {
        Schema::parse(ty, text).map(drop)
    })
}

/// The newest version's verdict at `level` (remembered).
fn verdict(ty: SchemaType, level: Level, texts: &[&str]) -> Result<contracts::Verdict, VersionError> {
    remembered(&CHECKED, REMEMBERED_VERDICTS, key((ty, level, texts)), || {
        contracts::check_latest(ty, level, texts)
    })
}

/// Incompatibilities reported per subject; past it, one finding says how many more there are.
const MAX_PER_SUBJECT: usize = 10;

/// Where a schema error is, in the version it is in.
fn error_place(version: u32, e: &Error) -> SchemaPlace {
    match e {
        Error::Syntax {
            line,
            column,
            location,
            ..
        } => SchemaPlace {
            version,
            path: location.clone(),
            line: *line,
            column: *column,
        },
        Error::Limit(_) => SchemaPlace {
            version,
            path: None,
            line: None,
            column: None,
        },
    }
}

/// Where an incompatibility is in the text of `version`.
fn place(node: &Node, version: u32, path: &str) -> SchemaPlace {
    let text = usize::try_from(version)
        .ok()
        .and_then(|v| node.versions.get(v.wrapping_sub(1)))
        .map(|v| v.schema.as_str());
    let at = match (node.schema_type_or_default(), text) {
        (contracts::SchemaType::Avro | contracts::SchemaType::Json, Some(text)) => {
            contracts::position::json_pointer(text, path)
        }
        _ => None,
    };
    SchemaPlace {
        version,
        path: Some(path.to_owned()),
        line: at.map(|p| p.line),
        column: at.map(|p| p.column),
    }
}

fn number(i: usize) -> u32 {
    u32::try_from(i + 1).unwrap_or(u32::MAX)
}

pub(super) fn invalid(rule: &'static Rule, _: &Document, n: &Node, out: &mut Vec<Finding>) {
    if n.kind != NodeKind::SchemaSubject {
        return;
    }
    let ty = n.schema_type_or_default();
    for (i, v) in n.versions.iter().enumerate() {
        if let Err(e) = parses(ty, &v.schema) {
            let version = number(i);
            let mut at = error_place(version, &e);
            // A schema that is JSON but wrong somewhere says where by a path: find its line.
            if let (None, Some(path), contracts::SchemaType::Avro | contracts::SchemaType::Json) =
                (at.line, at.path.as_deref(), ty)
            {
                if let Some(p) = contracts::position::json_pointer(&v.schema, path) {
                    (at.line, at.column) = (Some(p.line), Some(p.column));
                }
            }
            out.push(
                rule.finding(
                    Some(&n.id),
                    format!("version {version} of `{}` is not valid {ty}: {e}", n.name),
                    format!("correct version {version} where it is marked"),
                )
                .in_schema(at),
            );
        }
    }
}

/// Names of the nodes, as "consumer group `billing`, sink connector `s3`".
fn named(nodes: &[&Node]) -> String {
    let mut names: Vec<String> = nodes
        .iter()
        .map(|n| format!("{} `{}`", n.kind.label(), n.name))
        .collect();
    names.sort();
    names.dedup();
    match names.len() {
        0 => String::new(),
        1..=5 => names.join(", "),
        k => format!("{} and {} more", names[..5].join(", "), k - 5),
    }
}

fn is_reader(n: &Node) -> bool {
    matches!(
        n.kind,
        NodeKind::ConsumerGroup | NodeKind::StreamProcessor | NodeKind::SinkConnector
    )
}

/// The readers and the writers of the topics subject `n` describes, and those topics' names.
fn lineage<'a>(doc: &Document<'a>, n: &Node) -> (Vec<&'a Node>, Vec<&'a Node>, Vec<&'a str>) {
    let topics = doc.graph.topics_of_subject(&n.id);
    let mut readers = Vec::new();
    let mut writers = Vec::new();
    for t in topics {
        readers.extend(doc.graph.outputs_of(&t.id).iter().filter(|r| is_reader(r)));
        writers.extend(doc.graph.inputs_of(&t.id));
    }
    let mut names: Vec<&str> = topics.iter().map(|t| t.name.as_str()).collect();
    names.sort();
    names.dedup();
    (readers, writers, names)
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn incompatible(rule: &'static Rule, doc: &Document, n: &Node, out: &mut Vec<Finding>) {
    if n.kind != NodeKind::SchemaSubject || n.versions.len() < 2 {
        return;
    }
    let level = n.compatibility_or_default();
    let texts: Vec<&str> = n.versions.iter().map(|v| v.schema.as_str()).collect();
    // A version that does not parse is schema-invalid's finding.
    let Ok(verdict) = verdict(n.schema_type_or_default(), level, &texts) else {
        return;
    };
    let newest = number(n.versions.len() - 1);
    let (readers, writers, topics) = lineage(doc, n);
    let topics = if topics.is_empty() {
        "its topic".to_owned()
    } else {
        quoted(&topics)
    };
    let total = verdict.messages.len();
    for m in verdict.messages.into_iter().take(MAX_PER_SUBJECT) {
        let who = match m.direction {
            Direction::Backward if readers.is_empty() => format!(
                "readers of {topics} moved to version {newest} could not read the records already written"
            ),
            Direction::Backward => format!(
                "{} reading {topics} could not read the records already written once moved to version {newest}",
                named(&readers)
            ),
            Direction::Forward if writers.is_empty() => format!(
                "once version {newest} is written to {topics}, readers still on version {} could not read it",
                m.version
            ),
            Direction::Forward => format!(
                "{} writing {topics} cannot move to version {newest}: readers still on version {} ({}) could not read what they write",
                named(&writers),
                m.version,
                if readers.is_empty() { "none drawn".to_owned() } else { named(&readers) }
            ),
        };
        let at = match m.direction {
            // The location is in the reader's schema: the newest version when it reads
            // (backward), the older one when it does (forward).
            Direction::Backward => place(n, newest, &m.location),
            Direction::Forward => place(n, m.version, &m.location),
        };
        out.push(
            rule.finding(
                Some(&n.id),
                format!(
                    "`{}` {level}: {} ({}, at {}) — {who}",
                    n.name, m.message, m.kind, m.location
                ),
                format!(
                    "change version {newest} where it is marked, or keep the breaking change out of `{}`",
                    n.name
                ),
            )
            .in_schema(at),
        );
    }
    if total > MAX_PER_SUBJECT {
        out.push(rule.finding(
            Some(&n.id),
            format!(
                "`{}`: {} more incompatibilities of version {newest} not listed",
                n.name,
                total - MAX_PER_SUBJECT
            ),
            "correct the ones listed first",
        ));
    }
}

pub(super) fn compatibility_none(rule: &'static Rule, doc: &Document, n: &Node, out: &mut Vec<Finding>) {
    if n.kind != NodeKind::SchemaSubject || n.compatibility != Some(Level::None) {
        return;
    }
    let (readers, _, topics) = lineage(doc, n);
    if readers.is_empty() {
        return;
    }
    out.push(rule.finding(
        Some(&n.id),
        format!(
            "`{}` accepts any new version (compatibility NONE), while {} read {}",
            n.name,
            named(&readers),
            quoted(&topics)
        ),
        "set compatibility to BACKWARD or stricter",
    ));
}
