//! Export → import is the identity on what AsyncAPI carries: the templates and generated
//! designs (hostile names, every node kind, settings, schema subjects, servers, global reads and
//! observed lags) come back with the same topics, settings, applications, subjects, servers and
//! connections. Ids are not carried (an import makes them from names), nor positions, the
//! cluster's sizing inputs, or nodes with no connection.

#[path = "asyncapi_export/generate.rs"]
mod generate;

use std::collections::{BTreeMap, BTreeSet};

use design::templates::TEMPLATES;
use design::{Design, Node, NodeKind};
use interop::{import, Format, Options};
use proptest::prelude::*;
use serde_json::Value;

/// `(from kind, from name, to kind, to name, global, lag)`.
type CarriedEdge = (String, String, String, String, Option<bool>, Option<u64>);

/// What AsyncAPI carries of a design, keyed by names instead of ids.
#[derive(Debug, PartialEq)]
struct Carried {
    name: String,
    description: Option<String>,
    /// `(kind, name)` → the node's fields as JSON, without id and position; a dead-letter
    /// topic by name.
    nodes: BTreeMap<(String, String), Value>,
    edges: BTreeSet<CarriedEdge>,
    servers: Vec<Value>,
}

fn carried(d: &Design) -> Carried {
    let by_id: BTreeMap<&str, &Node> = d.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let connected: BTreeSet<&str> = d
        .edges
        .iter()
        .flat_map(|e| [e.from.as_str(), e.to.as_str()])
        .collect();
    let key = |n: &Node| (n.kind.as_str().to_string(), n.name.clone());
    let nodes = d
        .nodes
        .iter()
        // Topics and subjects always travel; applications only through their operations.
        .filter(|n| {
            matches!(n.kind, NodeKind::Topic | NodeKind::SchemaSubject) || connected.contains(n.id.as_str())
        })
        .map(|n| {
            let mut v = serde_json::to_value(n).unwrap();
            let o = v.as_object_mut().unwrap();
            o.remove("id");
            o.remove("position");
            if let Some(dlq) = &n.dead_letter_topic {
                o.insert(
                    "dead_letter_topic".into(),
                    Value::from(by_id.get(dlq.as_str()).map(|t| t.name.clone())),
                );
            }
            (key(n), v)
        })
        .collect();
    let edges = d
        .edges
        .iter()
        .map(|e| {
            let (mut f, mut t) = (by_id[e.from.as_str()], by_id[e.to.as_str()]);
            // A schema subject attaches to a topic either way round: one meaning.
            if t.kind == NodeKind::SchemaSubject {
                (f, t) = (t, f);
            }
            let (fk, fname) = key(f);
            let (tk, tname) = key(t);
            (fk, fname, tk, tname, e.global, e.lag)
        })
        .collect();
    let mut servers: Vec<Value> = d
        .cluster
        .servers
        .iter()
        .map(|s| serde_json::to_value(s).unwrap())
        .collect();
    servers.sort_by_key(|s| s["name"].as_str().unwrap_or("").to_string());
    Carried {
        name: d.name.clone(),
        description: d.description.clone(),
        nodes,
        edges,
        servers,
    }
}

/// The generated design made into one a user could save: legal, distinct connections, names
/// unique per kind (an import finds applications and topics by name), counts and settings in
/// range, one-line texts.
fn savable(mut d: Design) -> Design {
    let one_line = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                    ' '
                } else {
                    c
                }
            })
            .collect()
    };
    let mut names = BTreeSet::new();
    for (i, n) in d.nodes.iter_mut().enumerate() {
        n.name = one_line(&n.name).trim().to_string();
        if n.name.is_empty() || !names.insert((n.kind, n.name.clone())) {
            n.name = format!("{} {i}", n.name).trim().to_string();
            names.insert((n.kind, n.name.clone()));
        }
        n.partitions = n.partitions.map(|p| p.clamp(1, 10_000));
        if let Some(key) = &mut n.key {
            key.field = key.field.as_deref().map(one_line);
            if let design::KeyDistribution::Uniform { cardinality } = &mut key.distribution {
                *cardinality = (*cardinality).max(1);
            }
        }
        // AsyncAPI carries a subject's newest version, written as the payload; the registry
        // settings of the subject stay in the studio. A subject with versions and no type is
        // Avro (the registry's default), and says so in its payload.
        // A version the rules refuse (blank, or holding a NUL) is no version.
        n.versions
            .retain(|v| !v.schema.trim().is_empty() && !v.schema.contains('\0'));
        if let Some(last) = n.versions.pop() {
            let ty = n.schema_type_or_default();
            let value = design::subject::value_of_text(ty, &last.schema);
            n.versions = vec![design::SchemaVersion::new(design::subject::text_of_value(
                ty, &value,
            ))];
            n.schema_type = Some(ty);
        }
        n.compatibility = None;
        n.naming_strategy = None;
        n.key_schema = None;
        // Settings the studio types are held typed (`"3"` means 3), as the editor writes them.
        for (k, v) in n.config.iter_mut() {
            match design::defaults::setting(k).map(|s| s.domain) {
                Some(design::defaults::Domain::Int { .. }) => {
                    if let Some(i) = design::defaults::as_i64(v) {
                        *v = Value::from(i);
                    }
                }
                Some(design::defaults::Domain::Bool) => {
                    if let Some(b) = design::defaults::as_bool(v) {
                        *v = Value::from(b);
                    }
                }
                _ => {}
            }
        }
        let kind = n.kind;
        n.config.retain(|k, v| {
            !k.trim().is_empty()
                && *k == one_line(k).trim()
                && design::defaults::setting(k).is_none_or(|s| s.applies_to(kind) && s.check(v).is_ok())
        });
    }
    let kinds: BTreeMap<String, NodeKind> = d.nodes.iter().map(|n| (n.id.clone(), n.kind)).collect();
    let mut seen = BTreeSet::new();
    d.edges.retain(|e| {
        let (f, t) = (kinds[&e.from], kinds[&e.to]);
        e.from != e.to && design::edge_refusal(f, t).is_none() && seen.insert((e.from.clone(), e.to.clone()))
    });
    for e in &mut d.edges {
        let (f, t) = (kinds[&e.from], kinds[&e.to]);
        if !(f == NodeKind::Topic && t == NodeKind::StreamProcessor) {
            e.global = None;
        }
        if !(f == NodeKind::Topic && t.reads_topics()) {
            e.lag = None;
        }
        e.lag = e.lag.map(|l| l.min(1_000_000_000_000_000));
    }
    for s in &mut d.cluster.servers {
        // Imported names are trimmed, as every name an import reads.
        for text in [&mut s.name, &mut s.host, &mut s.protocol] {
            *text = one_line(text).trim().to_string();
        }
        s.description = s.description.as_deref().map(|t| {
            t.chars()
                .filter(|c| !c.is_control() || matches!(c, '\n' | '\t' | '\r'))
                .collect()
        });
        s.security = s
            .security
            .as_deref()
            .map(|t| one_line(t).trim().to_string())
            .filter(|t| !t.is_empty());
        // The cluster's servers are Kafka's (an import leaves an `mqtt` server out).
        if !s.protocol.starts_with("kafka") {
            s.protocol = "kafka-secure".into();
        }
    }
    d.name = one_line(&d.name).trim().to_string();
    if d.name.is_empty() {
        d.name = "design".into();
    }
    d.description = d
        .description
        .map(|t| {
            t.chars()
                .filter(|c| !c.is_control() || matches!(c, '\n' | '\t' | '\r'))
                .collect::<String>()
        })
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    d
}

fn round_trip(d: &Design) -> (Design, Vec<interop::Warning>) {
    let yaml = interop::asyncapi::export(d);
    assert_eq!(interop::detect(&yaml), Some(Format::Asyncapi));
    let imported = import(&yaml, None, &Options::default()).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    (imported.design, imported.warnings)
}

#[test]
fn every_template_comes_back_from_its_export() {
    for t in TEMPLATES {
        let (slug, d) = (t.id, t.design().unwrap());
        let (back, warnings) = round_trip(&d);
        assert!(warnings.is_empty(), "{slug}: {warnings:?}");
        assert_eq!(carried(&back), carried(&d), "{slug}");
        assert!(design::validate(&back).is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    #[test]
    fn export_then_import_is_the_identity_on_what_asyncapi_carries(d in generate::designs()) {
        // What a user can save: the generator also makes designs the rules refuse.
        let d = savable(d);
        let problems = design::validate(&d);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        let (back, _) = round_trip(&d);
        prop_assert_eq!(carried(&back), carried(&d));
    }
}
