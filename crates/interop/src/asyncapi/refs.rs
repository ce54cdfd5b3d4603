//! A parsed AsyncAPI document and its `$ref`s: local references (`#/components/…`) are followed,
//! a bounded number of hops; references to other files are reported, never fetched.

use serde_json::{Map, Value};

use crate::limits::MAX_REF_HOPS;
use crate::Warning;

/// Values a schema may grow to when its references are written in place.
const MAX_INLINED_VALUES: usize = 20_000;

/// The document, read-only, with the warnings its references caused.
pub(super) struct Doc<'a> {
    pub root: &'a Value,
}

impl<'a> Doc<'a> {
    pub fn new(root: &'a Value) -> Self {
        Self { root }
    }

    /// `value` with its `$ref` chain followed: the value referred to and the path it was found
    /// at (for warnings). `None`, with a warning, for a reference to another file, a missing
    /// target or a loop.
    pub fn deref(
        &self,
        value: &'a Value,
        at: &str,
        warnings: &mut Vec<Warning>,
    ) -> Option<(&'a Value, String)> {
        let mut current = value;
        let mut path = at.to_string();
        for _ in 0..=MAX_REF_HOPS {
            let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
                return Some((current, path));
            };
            match self.pointer(reference) {
                Ok(target) => {
                    current = target;
                    path = reference.trim_start_matches("#/").replace('/', ".");
                }
                Err(why) => {
                    warnings.push(Warning::new(path, why));
                    return None;
                }
            }
        }
        warnings.push(Warning::new(
            at,
            format!("`$ref`s refer to each other in a loop (more than {MAX_REF_HOPS} hops); skipped"),
        ));
        None
    }

    /// The object at `value` (after references), or `None`.
    pub fn object(
        &self,
        value: &'a Value,
        at: &str,
        warnings: &mut Vec<Warning>,
    ) -> Option<(&'a Map<String, Value>, String)> {
        let (v, path) = self.deref(value, at, warnings)?;
        match v.as_object() {
            Some(map) => Some((map, path)),
            None => {
                warnings.push(Warning::new(path, "expected an object; skipped"));
                None
            }
        }
    }

    /// The target of a local reference `#/a/b~1c`.
    fn pointer(&self, reference: &str) -> Result<&'a Value, String> {
        let shown: String = reference.chars().take(120).collect();
        let Some(pointer) = reference.strip_prefix('#') else {
            return Err(format!(
                "`{shown}` refers to another file, which an import does not fetch; skipped"
            ));
        };
        let pointer = decode(pointer);
        self.root
            .pointer(&pointer)
            .ok_or_else(|| format!("`{shown}` refers to nothing in this document; skipped"))
    }

    /// A schema with its local references written in place, so that it stands alone: a
    /// reference met again inside itself (a recursive type) and references to other files stay
    /// `$ref`s; past [`MAX_INLINED_VALUES`] values the rest stays referenced.
    pub fn inline(&self, value: &'a Value, warnings: &mut Vec<Warning>, at: &str) -> Value {
        let mut budget = MAX_INLINED_VALUES;
        let mut stack = Vec::new();
        let mut reported = false;
        self.inline_in(value, &mut stack, &mut budget, warnings, at, &mut reported)
    }

    fn inline_in(
        &self,
        value: &'a Value,
        stack: &mut Vec<&'a str>,
        budget: &mut usize,
        warnings: &mut Vec<Warning>,
        at: &str,
        reported: &mut bool,
    ) -> Value {
        if *budget == 0 || stack.len() > MAX_REF_HOPS {
            if !*reported {
                *reported = true;
                warnings.push(Warning::new(
                    at,
                    "the schema is too large to write out in full; its deepest parts stay `$ref`s",
                ));
            }
            return value.clone();
        }
        *budget -= 1;
        match value {
            Value::Object(map) => {
                if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                    if stack.contains(&reference) {
                        return value.clone();
                    }
                    return match self.pointer(reference) {
                        Ok(target) => {
                            stack.push(reference);
                            let out = self.inline_in(target, stack, budget, warnings, at, reported);
                            stack.pop();
                            out
                        }
                        Err(why) => {
                            let why = why.replace("; skipped", "; the schema keeps the `$ref`");
                            warnings.push(Warning::new(at, why));
                            value.clone()
                        }
                    };
                }
                Value::Object(
                    map.iter()
                        .map(|(k, v)| {
                            (
                                k.clone(),
                                self.inline_in(v, stack, budget, warnings, at, reported),
                            )
                        })
                        .collect(),
                )
            }
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|v| self.inline_in(v, stack, budget, warnings, at, reported))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}

/// `%7B` → `{` in a JSON pointer taken from a URI fragment (AsyncAPI writes channel names with
/// braces that way). Invalid escapes stay as they are.
pub(super) fn decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// A path segment for warnings: `channels.orders` (keys with dots stay readable as they are).
pub(super) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_are_followed_and_loops_stop() {
        let root = json!({
            "a": {"$ref": "#/b"}, "b": {"$ref": "#/c"}, "c": {"x": 1},
            "l1": {"$ref": "#/l2"}, "l2": {"$ref": "#/l1"},
            "far": {"$ref": "other.yaml#/x"},
            "brace": {"$ref": "#/ch/a%7Bid%7D"}, "ch": {"a{id}": 7}
        });
        let doc = Doc::new(&root);
        let mut w = Vec::new();
        let (v, path) = doc.deref(&root["a"], "a", &mut w).unwrap();
        assert_eq!((v, path.as_str()), (&json!({"x": 1}), "c"));
        assert!(doc.deref(&root["l1"], "l1", &mut w).is_none());
        assert!(doc.deref(&root["far"], "far", &mut w).is_none());
        assert_eq!(doc.deref(&root["brace"], "brace", &mut w).unwrap().0, &json!(7));
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[1].message.contains("another file"));
    }

    #[test]
    fn recursive_schemas_are_inlined_once() {
        let root = json!({
            "node": {"type": "object", "properties": {"next": {"$ref": "#/node"}, "v": {"$ref": "#/int"}}},
            "int": {"type": "integer"}
        });
        let doc = Doc::new(&root);
        let mut w = Vec::new();
        let s = doc.inline(&json!({"$ref": "#/node"}), &mut w, "x");
        assert_eq!(s["properties"]["v"], json!({"type": "integer"}));
        assert_eq!(s["properties"]["next"], json!({"$ref": "#/node"}));
        assert!(w.is_empty());
    }

    #[test]
    fn a_schema_bomb_is_cut() {
        // Each level refers to the previous one twice: 2^40 values written out in full.
        let mut root = serde_json::Map::new();
        root.insert("s0".into(), json!({"type": "string"}));
        for i in 1..40 {
            let p = format!("#/s{}", i - 1);
            root.insert(format!("s{i}"), json!({"a": {"$ref": p}, "b": {"$ref": p}}));
        }
        let root = Value::Object(root);
        let doc = Doc::new(&root);
        let mut w = Vec::new();
        let s = doc.inline(&json!({"$ref": "#/s39"}), &mut w, "x");
        assert_eq!(w.len(), 1);
        assert!(serde_json::to_string(&s).unwrap().len() < 10_000_000);
    }
}
