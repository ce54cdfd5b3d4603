//! Names: their syntax, namespaces, full names and aliases.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::{error_at, Name, NodeId};
use crate::Error;

const PRIMITIVES: [&str; 8] = [
    "null", "boolean", "int", "long", "float", "double", "bytes", "string",
];

/// Whether `s` is a valid name segment: `[A-Za-z_][A-Za-z0-9_]*`.
pub(super) fn valid_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub(super) fn what(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The name of a named type, and its aliases as full names.
pub(super) fn name(
    names: &HashMap<String, NodeId>,
    obj: &Map<String, Value>,
    ns: Option<&str>,
    path: &str,
    kind: &str,
) -> Result<(Name, Vec<String>), Error> {
    let at = format!("{path}/name");
    let name = match obj.get("name") {
        Some(Value::String(n)) => n.as_str(),
        Some(other) => {
            return Err(error_at(
                &at,
                format!("the name of a {kind} is a string, not {}", what(other)),
            ))
        }
        None => return Err(error_at(path, format!("a {kind} needs a \"name\""))),
    };
    let (namespace, short) = match name.rfind('.') {
        Some(dot) => (Some(&name[..dot]), &name[dot + 1..]),
        None => match obj.get("namespace") {
            Some(Value::String(n)) => (Some(n.as_str()), name),
            Some(Value::Null) | None => (ns, name),
            Some(other) => {
                return Err(error_at(
                    &format!("{path}/namespace"),
                    format!("a namespace is a string, not {}", what(other)),
                ))
            }
        },
    };
    let namespace = namespace.filter(|n| !n.is_empty());
    if let Some(n) = namespace {
        if let Some(bad) = n.split('.').find(|s| !valid_name(s)) {
            let at = if name.contains('.') {
                at.clone()
            } else {
                format!("{path}/namespace")
            };
            return Err(error_at(
                &at,
                format!(
                    "invalid namespace `{n}`: `{bad}` is not a name (a name starts with a \
                     letter or `_` and goes on with letters, digits and `_`)"
                ),
            ));
        }
    }
    if !valid_name(short) {
        return Err(error_at(
            &at,
            format!(
                "invalid name `{short}`: a name starts with a letter or `_` and goes on with \
                 letters, digits and `_`"
            ),
        ));
    }
    let full = Name::new(namespace, short);
    if PRIMITIVES.contains(&full.full.as_str()) {
        return Err(error_at(
            &at,
            format!("a {kind} may not be named `{short}`, a primitive type's name"),
        ));
    }
    if names.contains_key(&full.full) {
        return Err(error_at(
            &at,
            format!("`{}` is defined twice in this schema", full.full),
        ));
    }
    let aliases = read_aliases(obj, path)?
        .into_iter()
        .map(|a| match (a.contains('.'), full.namespace()) {
            (false, Some(ns)) => format!("{ns}.{a}"),
            _ => a,
        })
        .collect();
    Ok((full, aliases))
}

/// The `aliases` of a type or a field, as written.
pub(super) fn read_aliases(obj: &Map<String, Value>, path: &str) -> Result<Vec<String>, Error> {
    match obj.get("aliases") {
        None => Ok(Vec::new()),
        Some(Value::Array(list)) => list
            .iter()
            .enumerate()
            .map(|(i, a)| match a {
                Value::String(s) => Ok(s.clone()),
                other => Err(error_at(
                    &format!("{path}/aliases/{i}"),
                    format!("an alias is a string, not {}", what(other)),
                )),
            })
            .collect(),
        Some(other) => Err(error_at(
            &format!("{path}/aliases"),
            format!("\"aliases\" is a list of names, not {}", what(other)),
        )),
    }
}
