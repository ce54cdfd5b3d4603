//! Schema subjects: added (their versions registered in order), removed (soft-deleted),
//! versions registered, replaced (the old soft-deleted, then the new registered) or removed,
//! the compatibility level changed. The registry subject is the
//! node's name; schema files are placeholders named after it (`<subject>-v<N>.json`, holding
//! `{"schemaType": …, "schema": …}` as the registry's API takes it).
//!
//! Whether a version passes the subject's compatibility is the analysis' schema rules' verdict
//! (`schema-incompatible`, `schema-invalid`): their findings on the subject are repeated here.

use std::collections::HashSet;

use design::{DesignDiff, Node, NodeKind};
use serde_json::{json, Value};

use super::{change, node_added, node_removed, q, step, Ctx, Phase};
use crate::commands::{self, file_stem};
use crate::{ChangeTarget, Risk, Step, StepKind};

pub(super) fn steps(ctx: &mut Ctx, diff: &DesignDiff) {
    let added: HashSet<&str> = diff.added.iter().map(|n| n.id.as_str()).collect();
    for node in &ctx.to.design.nodes {
        if node.kind != NodeKind::SchemaSubject {
            continue;
        }
        match ctx.from.node(&node.id) {
            _ if added.contains(node.id.as_str()) => add(ctx, node, None),
            Some(old) if old.kind != NodeKind::SchemaSubject => add(ctx, node, Some(old)),
            Some(old) if old.name != node.name => {
                // A registry subject cannot be renamed either: a new one, the old one removed.
                add(ctx, node, None);
                remove(ctx, old, false);
            }
            Some(old) => {
                versions(ctx, old, node);
                compatibility(ctx, old, node);
                other(ctx, diff, old, node);
            }
            None => {}
        }
    }
    for old in &ctx.from.design.nodes {
        if old.kind != NodeKind::SchemaSubject {
            continue;
        }
        match ctx.to.node(&old.id) {
            None => remove(ctx, old, true),
            Some(n) if n.kind != NodeKind::SchemaSubject => remove(ctx, old, false),
            _ => {}
        }
    }
}

fn version_file(subject: &str, v: usize) -> String {
    format!("{}-v{v}.json", file_stem(subject))
}

/// The analysis' verdicts on the subject's schemas, worded as findings.
fn verdicts(ctx: &Ctx, node: &Node) -> Vec<String> {
    ctx.to
        .analysis
        .findings
        .iter()
        .filter(|f| f.node.as_deref() == Some(node.id.as_str()) && f.rule.starts_with("schema"))
        .map(|f| format!("{} ({}): {}", f.message, f.rule, f.fix))
        .collect()
}

fn add(ctx: &mut Ctx, node: &Node, replaces: Option<&Node>) {
    let n = node.versions.len();
    let mut st = step(
        StepKind::AddSubject,
        node,
        Risk::Low,
        format!(
            "{}: register the subject ({}, {}) with {}",
            node.name,
            node.schema_type_or_default(),
            node.compatibility_or_default(),
            units::plural(n, "version", "versions")
        ),
    );
    st.commands.push(commands::set_compatibility(
        &node.name,
        node.compatibility_or_default().name(),
    ));
    for v in 1..=n {
        st.commands.push(commands::register_version(
            &node.name,
            &version_file(&node.name, v),
        ));
    }
    if n > 0 {
        st.consequences.push(format!(
            "Versions 1–{n} are registered in order from {} … {} (placeholders: the schema text of each \
             version, as {{\"schemaType\": …, \"schema\": …}}).",
            version_file(&node.name, 1),
            version_file(&node.name, n)
        ));
    }
    st.consequences.extend(verdicts(ctx, node));
    node_added(&mut st, ctx.to.design, node, replaces);
    ctx.push(Phase::Create, st);
}

fn remove(ctx: &mut Ctx, old: &Node, gone: bool) {
    let mut st = step(
        StepKind::RemoveSubject,
        old,
        Risk::High,
        format!(
            "{}: soft-delete the subject and its {}",
            old.name,
            units::plural(old.versions.len(), "version", "versions")
        ),
    );
    st.destructive = true;
    st.consequences.push(
        "Destructive: serializers can no longer register or look up its schemas; records already written \
         keep their schema ids (a soft delete keeps the schemas readable by id)."
            .into(),
    );
    st.commands.push(commands::delete_subject(&old.name));
    if gone {
        st.changes.push(node_removed(old));
    }
    ctx.push(Phase::RemoveSchemas, st);
}

/// Versions added at the end are registered; versions removed at the end are soft-deleted. A
/// version that differs from the older design's is *replaced*, in one step: a registry never
/// edits a version, so the old one is soft-deleted first and the new one registered after it.
/// The other way round, the new one would be checked for compatibility against the very version
/// it replaces (the latest), and the subject would keep the old one as a live version.
fn versions(ctx: &mut Ctx, old: &Node, node: &Node) {
    let common = old
        .versions
        .iter()
        .zip(&node.versions)
        .take_while(|(a, b)| a == b)
        .count();
    let (was, now) = (old.versions.len(), node.versions.len());
    let field = |st: &mut Step| {
        st.changes.push(change(
            node,
            ChangeTarget::Field,
            "versions",
            json!(old.versions),
            json!(node.versions),
        ));
    };
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let compatibility = node.compatibility_or_default().name();
    if now > common {
        let replaced = was > common;
        let mut st = step(
            StepKind::RegisterSchemaVersions,
            node,
            Risk::Low,
            if replaced {
                format!(
                    "{}: replace version{} {}: soft-delete the old, then register version{} {}",
                    node.name,
                    plural(was - common),
                    range(common + 1, was),
                    plural(now - common),
                    range(common + 1, now)
                )
            } else {
                format!(
                    "{}: register version{} {}",
                    node.name,
                    plural(now - common),
                    range(common + 1, now)
                )
            },
        );
        if replaced {
            st.risk = Risk::High;
            st.destructive = true;
            for v in (common + 1..=was).rev() {
                st.commands.push(commands::delete_version(&node.name, v));
            }
            st.consequences.push(format!(
                "A registry never edits a version: the old version{} {} {} soft-deleted first, so that \
                 the new one{} {} checked ({compatibility}) against the versions kept, not against what \
                 {} replace{}.",
                plural(was - common),
                range(common + 1, was),
                if was - common == 1 { "is" } else { "are" },
                plural(now - common),
                if now - common == 1 { "is" } else { "are" },
                if now - common == 1 { "it" } else { "they" },
                if now - common == 1 { "s" } else { "" },
            ));
            st.consequences.push(
                "Destructive, and it breaks clients that cached a replaced version: a writer still \
                 serializing with it no longer finds it under the subject (with auto.register.schemas \
                 off it fails, with it on it registers the old schema again as a new version), and a \
                 client pinned to a version number (use.latest.version, a lookup by version) gets the \
                 new schema or an error. Stop the writers that use it, and redeploy them with the new \
                 schema right after this step. Records already written keep its id and stay readable."
                    .into(),
            );
        }
        for v in common + 1..=now {
            st.commands.push(commands::register_version(
                &node.name,
                &version_file(&node.name, v),
            ));
        }
        st.consequences.push(format!(
            "Each must pass the subject's compatibility ({compatibility}) against the versions before \
             it, or the registry answers 409."
        ));
        if replaced {
            st.consequences.push(format!(
                "The registry numbers them after the highest version it ever had ({was}): numbers \
                 differ from the design's."
            ));
        }
        let v = verdicts(ctx, node);
        if v.iter()
            .any(|f| f.contains("(schema-incompatible)") || f.contains("(schema-invalid)"))
        {
            st.risk = Risk::High;
        }
        st.consequences.extend(v);
        field(&mut st);
        ctx.push(Phase::Create, st);
    } else if was > common {
        let mut st = step(
            StepKind::RemoveSchemaVersions,
            node,
            Risk::High,
            format!(
                "{}: soft-delete version{} {}",
                node.name,
                plural(was - common),
                range(common + 1, was)
            ),
        );
        st.destructive = true;
        for v in (common + 1..=was).rev() {
            st.commands.push(commands::delete_version(&node.name, v));
        }
        st.consequences.push(
            "Destructive: serializers can no longer register or look up a removed version under the \
             subject. Records written with it keep its id and stay readable."
                .into(),
        );
        field(&mut st);
        ctx.push(Phase::RemoveSchemas, st);
    }
}

fn range(a: usize, b: usize) -> String {
    if a == b {
        a.to_string()
    } else {
        format!("{a}–{b}")
    }
}

fn compatibility(ctx: &mut Ctx, old: &Node, node: &Node) {
    if old.compatibility == node.compatibility {
        return;
    }
    let (a, b) = (old.compatibility_or_default(), node.compatibility_or_default());
    let mut st = step(
        StepKind::ChangeSubjectCompatibility,
        node,
        if b == design::Compatibility::None {
            Risk::Medium
        } else {
            Risk::Low
        },
        format!("{}: compatibility {} → {}", node.name, a.name(), b.name()),
    );
    st.commands
        .push(commands::set_compatibility(&node.name, b.name()));
    if st.risk == Risk::Medium {
        st.consequences
            .push("NONE: any schema is accepted, including one that breaks every reader.".into());
    }
    st.changes.push(change(
        node,
        ChangeTarget::Field,
        "compatibility",
        json!(old.compatibility),
        json!(node.compatibility),
    ));
    ctx.push(Phase::Create, st);
}

/// Anything else about a subject: attached to or detached from topics, its schema type, naming
/// strategy or key/value side. Only the design's bookkeeping: serializers find the subject by
/// name, and a registry keeps a subject's schema type per version.
fn other(ctx: &mut Ctx, diff: &DesignDiff, old: &Node, node: &Node) {
    let mut st = step(StepKind::ChangeSubject, node, Risk::Low, String::new());
    let mut what = Vec::new();
    for (is_added, list) in [(true, &diff.edges_added), (false, &diff.edges_removed)] {
        for (from, to) in list.iter().filter(|(f, t)| *f == node.id || *t == node.id) {
            let design = if is_added { ctx.to.design } else { ctx.from.design };
            let edge = design
                .edges
                .iter()
                .find(|e| &e.from == from && &e.to == to)
                .and_then(|e| serde_json::to_value(e).ok())
                .unwrap_or(Value::Null);
            let other = if *from == node.id { to } else { from };
            let name = ctx
                .to
                .node(other)
                .or(ctx.from.node(other))
                .map_or(other.as_str(), |n| n.name.as_str());
            what.push(format!(
                "{} {}",
                if is_added { "attached to" } else { "detached from" },
                q(name)
            ));
            let (b, a) = if is_added {
                (Value::Null, edge)
            } else {
                (edge, Value::Null)
            };
            st.changes.push(change(node, ChangeTarget::Edge, "edge", b, a));
        }
    }
    let fields = [
        ("schema_type", json!(old.schema_type), json!(node.schema_type)),
        (
            "naming_strategy",
            json!(old.naming_strategy),
            json!(node.naming_strategy),
        ),
        ("key_schema", json!(old.key_schema), json!(node.key_schema)),
    ];
    for (field, before, after) in fields {
        if before != after {
            what.push(format!("{field} {} → {}", text(&before), text(&after)));
            st.changes
                .push(change(node, ChangeTarget::Field, field, before, after));
        }
    }
    if st.changes.is_empty() {
        return;
    }
    st.message = format!("{}: {}", node.name, what.join(", "));
    st.consequences
        .push("No registry command: serializers find the subject by its name.".into());
    ctx.push(Phase::Create, st);
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => "unset".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
