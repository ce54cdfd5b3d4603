//! Confluent's `ObjectSchemaDiff` and `ArraySchemaDiff`, keeping only incompatible differences.

use std::collections::BTreeSet;

use super::diff::{at, rebase, Ctx};
use super::scalars_bound as bound;
use super::{segment, Additional, ArrayS, Kind, Model, ObjectS};
use crate::Finding;

fn is_kind(m: &Model, id: usize, f: impl Fn(&Kind) -> bool) -> bool {
    f(&m.nodes[id].kind)
}

fn is_empty_schema(m: &Model, id: usize) -> bool {
    is_kind(m, id, |k| matches!(k, Kind::Empty | Kind::True))
}

fn is_false(m: &Model, id: usize) -> bool {
    is_kind(m, id, |k| matches!(k, Kind::False))
}

/// Unevaluated properties or items that do not close or constrain anything.
fn open_unevaluated(m: &Model, u: Option<usize>) -> bool {
    u.is_none_or(|u| is_empty_schema(m, u))
}

fn object_open(m: &Model, o: &ObjectS) -> bool {
    o.additional == Additional::Allowed
        && o.pattern_properties.is_empty()
        && open_unevaluated(m, o.unevaluated)
}

/// The schema a property not listed gets, when it is neither free nor forbidden.
fn object_partial(m: &Model, o: &ObjectS, name: &str) -> Option<usize> {
    if let Some((_, s)) = o.pattern_properties.iter().find(|(p, _)| pattern_finds(p, name)) {
        return Some(*s);
    }
    match o.additional {
        Additional::Schema(s) => Some(s),
        Additional::Allowed => o
            .unevaluated
            .filter(|u| !is_false(m, *u) && !is_empty_schema(m, *u)),
        Additional::Forbidden => None,
    }
}

/// Whether the regular expression `pattern` finds a match in `name`: only literals with `^` and
/// `$` anchors are understood; any other pattern matches nothing.
fn pattern_finds(pattern: &str, name: &str) -> bool {
    let (start, rest) = match pattern.strip_prefix('^') {
        Some(r) => (true, r),
        None => (false, pattern),
    };
    let (end, lit) = match rest.strip_suffix('$') {
        Some(l) if !l.ends_with('\\') => (true, l),
        _ => (false, rest),
    };
    if lit.chars().any(|c| "\\.[]()*+?{}|^$".contains(c)) {
        return false;
    }
    match (start, end) {
        (true, true) => name == lit,
        (true, false) => name.starts_with(lit),
        (false, true) => name.ends_with(lit),
        (false, false) => name.contains(lit),
    }
}

/// The names and schemas an object's comparison goes through.
fn object_size(o: &ObjectS) -> usize {
    o.properties.len()
        + o.pattern_properties.len()
        + o.required.len()
        + o.dep_schemas.len()
        + o.dep_arrays.values().map(|d| 1 + d.len()).sum::<usize>()
}

pub(super) fn object(ctx: &mut Ctx<'_>, o: &ObjectS, u: &ObjectS) -> Vec<Finding> {
    let (w, r) = (ctx.w, ctx.r);
    let mut out = Vec::new();
    if !ctx.charge(object_size(o) + object_size(u)) {
        return out;
    }
    // required
    for name in o.properties.keys() {
        if let Some(p) = u.properties.get(name) {
            if !o.required.contains(name) && u.required.contains(name) && !r.nodes[*p].has_default {
                out.push(at(
                    &format!("required/{}", segment(name)),
                    "REQUIRED_ATTRIBUTE_ADDED",
                    "property `{}` is required by {reader} but not by {writer}, and {reader} gives it no default: records written with {writer} may lack it",
                    vec![name.clone()],
                ));
            }
        }
    }
    // properties
    let names: BTreeSet<&String> = o.properties.keys().chain(u.properties.keys()).collect();
    for name in names {
        let path = format!("properties/{}", segment(name));
        match (o.properties.get(name), u.properties.get(name)) {
            (Some(op), None) => {
                if object_open(r, u) {
                    continue;
                }
                // Each pattern is tried on the name.
                if !ctx.charge(u.pattern_properties.len() * (1 + name.len() / 64)) {
                    break;
                }
                if let Some(partial) = object_partial(r, u, name) {
                    let found = ctx.compare(Some(*op), Some(partial));
                    if !found.is_empty() {
                        out.extend(rebase(&path, found));
                        out.push(at(&path, "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
                            "property `{}` of {writer} is not in {reader}, and the schema {reader} gives to properties it does not list does not read {writer}'s",
                            vec![name.clone()]));
                    }
                } else if !is_false(w, *op) {
                    out.push(at(&path, "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
                        "property `{}` of {writer} is not in {reader}, whose content model is closed (no other properties allowed): records carrying it are rejected",
                        vec![name.clone()]));
                }
            }
            (None, Some(up)) => {
                let required = u.required.contains(name);
                let default = r.nodes[*up].has_default;
                if object_open(w, o) {
                    if is_empty_schema(r, *up) {
                        continue;
                    }
                    let (kind, template) = match (required, default) {
                        (true, false) => ("REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
                            "property `{}` is required by {reader} but {writer} does not write it (and its open content model lets records carry it with any value)"),
                        (true, true) => ("REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL",
                            "property `{}` is new and required in {reader}; {writer}'s content model is open, so records written with it may already carry `{}` with a value {reader} rejects"),
                        _ => ("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
                            "property `{}` is new in {reader}, but {writer}'s content model is open (other properties allowed), so records written with it may already carry `{}` with a value {reader} rejects"),
                    };
                    out.push(at(&path, kind, template, vec![name.clone(), name.clone()]));
                    continue;
                }
                if !ctx.charge(o.pattern_properties.len() * (1 + name.len() / 64)) {
                    break;
                }
                if let Some(partial) = object_partial(w, o, name) {
                    let found = ctx.compare(Some(partial), Some(*up));
                    if !found.is_empty() {
                        out.extend(rebase(&path, found));
                        out.push(at(&path, "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
                            "property `{}` is new in {reader}, and records written with {writer} may carry it under {writer}'s schema for other properties, which {reader}'s does not read",
                            vec![name.clone()]));
                    }
                }
                if required && !default {
                    out.push(at(
                        &path,
                        "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
                        "property `{}` is required by {reader} but {writer} does not write it",
                        vec![name.clone()],
                    ));
                }
            }
            (Some(op), Some(up)) => out.extend(rebase(&path, ctx.compare(Some(*op), Some(*up)))),
            (None, None) => {}
        }
    }
    // dependencies
    for (name, ud) in &u.dep_arrays {
        let path = format!("dependencies/{}", segment(name));
        match o.dep_arrays.get(name) {
            None => out.push(at(
                &path,
                "DEPENDENCY_ARRAY_ADDED",
                "{reader} requires {} whenever `{}` is present; {writer} does not",
                vec![list(ud), name.clone()],
            )),
            Some(od) if od != ud && !od.is_superset(ud) => {
                let kind = if ud.is_superset(od) {
                    "DEPENDENCY_ARRAY_EXTENDED"
                } else {
                    "DEPENDENCY_ARRAY_CHANGED"
                };
                out.push(at(
                    &path,
                    kind,
                    "{reader} requires {} whenever `{}` is present, {writer} only {}",
                    vec![list(ud), name.clone(), list(od)],
                ));
            }
            Some(_) => {}
        }
    }
    for (name, us) in &u.dep_schemas {
        let path = format!("dependencies/{}", segment(name));
        match o.dep_schemas.get(name) {
            None => out.push(at(
                &path,
                "DEPENDENCY_SCHEMA_ADDED",
                "{reader} adds a schema that applies whenever `{}` is present; {writer} has none",
                vec![name.clone()],
            )),
            Some(os) => out.extend(rebase(&path, ctx.compare(Some(*os), Some(*us)))),
        }
    }
    out.extend(additional(
        ctx,
        "additionalProperties",
        "PROPERTIES",
        o.additional,
        u.additional,
    ));
    out.extend(unevaluated(
        ctx,
        "unevaluatedProperties",
        o.unevaluated,
        u.unevaluated,
    ));
    out.extend(bound(
        "maxProperties",
        true,
        o.max_properties,
        u.max_properties,
        "MAX_PROPERTIES_ADDED",
        "MAX_PROPERTIES_DECREASED",
    ));
    out.extend(bound(
        "minProperties",
        false,
        o.min_properties,
        u.min_properties,
        "MIN_PROPERTIES_ADDED",
        "MIN_PROPERTIES_INCREASED",
    ));
    out
}

fn list(names: &BTreeSet<String>) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `additionalProperties` / `additionalItems`.
fn additional(ctx: &mut Ctx<'_>, key: &str, what: &str, o: Additional, u: Additional) -> Vec<Finding> {
    let removed = if what == "PROPERTIES" {
        "ADDITIONAL_PROPERTIES_REMOVED"
    } else {
        "ADDITIONAL_ITEMS_REMOVED"
    };
    let narrowed = if what == "PROPERTIES" {
        "ADDITIONAL_PROPERTIES_NARROWED"
    } else {
        "ADDITIONAL_ITEMS_NARROWED"
    };
    match (o, u) {
        (Additional::Forbidden, _) => Vec::new(),
        (_, Additional::Forbidden) => vec![at(
            key,
            removed,
            "{reader} sets `{}` to false but {writer} allows them: records with them are rejected",
            vec![key.to_owned()],
        )],
        (Additional::Allowed, Additional::Schema(_)) => {
            vec![at(key, narrowed,
            "{reader} gives `{}` a schema but {writer} allows any: records with other values are rejected",
            vec![key.to_owned()])]
        }
        (Additional::Schema(a), Additional::Schema(b)) => {
            rebase(key, ctx.compare(Some(a), Some(b))).collect()
        }
        _ => Vec::new(),
    }
}

/// `unevaluatedProperties` / `unevaluatedItems`.
fn unevaluated(ctx: &mut Ctx<'_>, key: &'static str, o: Option<usize>, u: Option<usize>) -> Vec<Finding> {
    let (w, r) = (ctx.w, ctx.r);
    let items = key == "unevaluatedItems";
    let removed = if items {
        "UNEVALUATED_ITEMS_REMOVED"
    } else {
        "UNEVALUATED_PROPERTIES_REMOVED"
    };
    let narrowed = if items {
        "UNEVALUATED_ITEMS_NARROWED"
    } else {
        "UNEVALUATED_PROPERTIES_NARROWED"
    };
    let removed_f = || {
        vec![at(
            key,
            removed,
            "{reader} sets `{}` to false but {writer} allows them: records with them are rejected",
            vec![key.to_owned()],
        )]
    };
    let narrowed_f = || {
        vec![at(
            key,
            narrowed,
            "{reader} constrains `{}` more than {writer}: records with other values are rejected",
            vec![key.to_owned()],
        )]
    };
    match (o, u) {
        (None, None) => Vec::new(),
        (None, Some(b)) => {
            if is_false(r, b) {
                removed_f()
            } else {
                narrowed_f()
            }
        }
        (Some(_), None) => Vec::new(),
        (Some(a), Some(b)) => {
            if is_false(w, a) {
                Vec::new()
            } else if is_false(r, b) {
                removed_f()
            } else if is_empty_schema(w, a) && !is_empty_schema(r, b) {
                narrowed_f()
            } else if is_empty_schema(r, b) {
                Vec::new()
            } else {
                rebase(key, ctx.compare(Some(a), Some(b))).collect()
            }
        }
    }
}

fn array_open(m: &Model, a: &ArrayS) -> bool {
    a.additional == Additional::Allowed && open_unevaluated(m, a.unevaluated)
}

fn array_partial(m: &Model, a: &ArrayS) -> Option<usize> {
    match a.additional {
        Additional::Schema(s) => Some(s),
        Additional::Allowed => a
            .unevaluated
            .filter(|u| !is_false(m, *u) && !is_empty_schema(m, *u)),
        Additional::Forbidden => None,
    }
}

pub(super) fn array(ctx: &mut Ctx<'_>, o: &ArrayS, u: &ArrayS) -> Vec<Finding> {
    let (w, r) = (ctx.w, ctx.r);
    let mut out: Vec<Finding> = rebase("items", ctx.compare(o.all_items, u.all_items)).collect();
    let (os, us) = (
        o.item_list.clone().unwrap_or_default(),
        u.item_list.clone().unwrap_or_default(),
    );
    ctx.charge(os.len() + us.len());
    for i in 0..os.len().max(us.len()) {
        let path = format!("items/{i}");
        match (os.get(i), us.get(i)) {
            (Some(a), Some(b)) => out.extend(rebase(&path, ctx.compare(Some(*a), Some(*b)))),
            (Some(a), None) => {
                if array_open(r, u) {
                    continue;
                }
                if let Some(partial) = array_partial(r, u) {
                    let found = ctx.compare(Some(*a), Some(partial));
                    if !found.is_empty() {
                        out.extend(rebase(&path, found));
                        out.push(at(&path, "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
                            "item {} of {writer}'s tuple is not in {reader}'s, and {reader}'s schema for further items does not read it",
                            vec![i.to_string()]));
                    }
                } else if !is_false(w, *a) {
                    out.push(at(&path, "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL",
                        "item {} of {writer}'s tuple is not in {reader}'s, which allows no further items: arrays that long are rejected",
                        vec![i.to_string()]));
                }
            }
            (None, Some(b)) => {
                if array_open(w, o) {
                    if !is_empty_schema(r, *b) {
                        out.push(at(&path, "ITEM_ADDED_TO_OPEN_CONTENT_MODEL",
                            "item {} is new in {reader}'s tuple, but {writer} allows any further items, so arrays written with it may hold a value there that {reader} rejects",
                            vec![i.to_string()]));
                    }
                } else if let Some(partial) = array_partial(w, o) {
                    let found = ctx.compare(Some(partial), Some(*b));
                    if !found.is_empty() {
                        out.extend(rebase(&path, found));
                        out.push(at(&path, "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
                            "item {} is new in {reader}'s tuple and does not read what {writer}'s schema for further items allows there",
                            vec![i.to_string()]));
                    }
                }
            }
            (None, None) => {}
        }
    }
    out.extend(additional(
        ctx,
        "additionalItems",
        "ITEMS",
        o.additional,
        u.additional,
    ));
    out.extend(unevaluated(ctx, "unevaluatedItems", o.unevaluated, u.unevaluated));
    out.extend(bound(
        "maxItems",
        true,
        o.max_items,
        u.max_items,
        "MAX_ITEMS_ADDED",
        "MAX_ITEMS_DECREASED",
    ));
    out.extend(bound(
        "minItems",
        false,
        o.min_items,
        u.min_items,
        "MIN_ITEMS_ADDED",
        "MIN_ITEMS_INCREASED",
    ));
    if u.unique && !o.unique {
        out.push(at(
            "uniqueItems",
            "UNIQUE_ITEMS_ADDED",
            "{reader} requires the items of arrays here to be unique; {writer} does not",
            vec![],
        ));
    }
    out.extend(bound(
        "maxContains",
        true,
        o.max_contains,
        u.max_contains,
        "MAX_CONTAINS_ADDED",
        "MAX_CONTAINS_DECREASED",
    ));
    out.extend(bound(
        "minContains",
        false,
        o.min_contains,
        u.min_contains,
        "MIN_CONTAINS_ADDED",
        "MIN_CONTAINS_INCREASED",
    ));
    out
}
