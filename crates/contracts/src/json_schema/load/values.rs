//! JSON values told apart and JSON pointers read: the numbers that stand for equal values
//! (whatever the order of an object's members), a value's canonical text, and a `$ref`
//! fragment's pointer in the one spelling the loader keys its nodes by.

use std::collections::HashMap;

use serde_json::Value;

use super::*;

/// Numbers for JSON values, equal for equal values (objects whatever the order of their
/// members), each value numbered once (by its address in the document being loaded).
#[derive(Default)]
pub(super) struct Shapes {
    ids: HashMap<Shape, u32>,
    of_value: HashMap<usize, u32>,
}

#[derive(PartialEq, Eq, Hash)]
enum Shape {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<u32>),
    Object(Vec<(String, u32)>),
}

impl Shapes {
    /// Recursion is bounded by [`MAX_JSON_DEPTH`], checked before the text is parsed.
    pub(super) fn of(&mut self, v: &Value) -> u32 {
        let address = std::ptr::from_ref(v) as usize;
        if let Some(id) = self.of_value.get(&address) {
            return *id;
        }
        let shape = match v {
            Value::Null => Shape::Null,
            Value::Bool(b) => Shape::Bool(*b),
            Value::Number(n) => Shape::Number(n.to_string()),
            Value::String(s) => Shape::String(s.clone()),
            Value::Array(a) => Shape::Array(a.iter().map(|x| self.of(x)).collect()),
            Value::Object(o) => {
                let mut members: Vec<(String, u32)> =
                    o.iter().map(|(k, x)| (k.clone(), self.of(x))).collect();
                members.sort_unstable();
                Shape::Object(members)
            }
        };
        let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        let id = *self.ids.entry(shape).or_insert(next);
        self.of_value.insert(address, id);
        id
    }
}

/// `#` and a JSON pointer with each segment escaped one way only (`~0`, `~1`), as the loader
/// writes locations: the key under which the node a reference points at is found.
pub(super) fn canonical_pointer(pointer: &str) -> String {
    match pointer.strip_prefix('/') {
        // Not a JSON pointer (an anchor, `#foo`): it resolves to nothing.
        None if !pointer.is_empty() => format!("#{pointer}"),
        None => "#".to_owned(),
        Some(rest) => {
            let mut key = String::with_capacity(pointer.len() + 1);
            key.push('#');
            for s in rest.split('/') {
                // Unescaped as serde_json's `Value::pointer` does, then escaped again.
                key.push('/');
                key.push_str(&segment(&s.replace("~1", "/").replace("~0", "~")));
            }
            key
        }
    }
}

/// A URI fragment's percent-escapes undone (`#/definitions/a%20b`). Works on bytes: a `%` not
/// followed by two hexadecimal digits is kept as it is, and the text is never cut inside a
/// character.
pub(super) fn decode_fragment(pointer: &str) -> String {
    let bytes = pointer.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex_digit),
                bytes.get(i + 2).copied().and_then(hex_digit),
            ) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// `v` as JSON text with the members of each object in order of their names: equal values,
/// equal texts. Recursion is bounded by [`MAX_JSON_DEPTH`].
pub(super) fn canonical(v: &Value, out: &mut String) {
    match v {
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(x, out);
            }
            out.push(']');
        }
        Value::Object(o) => {
            let mut members: Vec<(&String, &Value)> = o.iter().collect();
            members.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, x)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                canonical(x, out);
            }
            out.push('}');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}
