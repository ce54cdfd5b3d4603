//! Field defaults checked against their types, and logical types read from their attributes.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::parse::PendingDefault;
use super::{error_at, Node, NodeId, Schema, Type};
use crate::Error;

/// How deep a default may go into its type. A record default leans on its fields' own defaults
/// for the fields it omits, and those may be of the same record: this ends that chain.
const MAX_DEFAULT_DEPTH: usize = 256;

/// Value-against-type checks all the defaults of one schema may make: a default is checked
/// once per (type, value) pair, and a union tries its branches, so adversarial unions of records
/// could otherwise multiply the work by their width at every level of a nested default.
const MAX_DEFAULT_STEPS: usize = 1_000_000;

/// Checks every field default of the parsed schema.
pub(super) fn check(schema: &Schema, pending: &[PendingDefault]) -> Result<(), Error> {
    let mut checker = Checker {
        schema,
        steps: 0,
        memo: HashMap::new(),
    };
    for (record, index, pointer) in pending {
        let Type::Record(r) = &schema.node(*record).ty else {
            continue;
        };
        let Some(field) = r.fields.get(*index) else {
            continue;
        };
        let Some(value) = &field.default else {
            continue;
        };
        let Some(ok) = checker.valid(field.ty, value, 0) else {
            return Err(Error::Limit(format!(
                "the field defaults take more than {MAX_DEFAULT_STEPS} checks against their types"
            )));
        };
        if !ok {
            let ty = &schema.node(field.ty).ty;
            let expected = match ty {
                Type::Union(_) => "a value of one of its union's branches".to_owned(),
                Type::Enum(e) => format!("one of the symbols of enum `{}`", e.name.full),
                Type::Fixed(f) => format!(
                    "a string of {} characters with code points 0 to 255 (fixed `{}`)",
                    f.size, f.name.full
                ),
                Type::Bytes => "a string of code points 0 to 255 (bytes)".to_owned(),
                other => format!("a value of type {}", other.describe()),
            };
            return Err(error_at(
                pointer,
                format!(
                    "the default of field `{}` is not {expected}: {}",
                    field.name,
                    shorten(value)
                ),
            ));
        }
    }
    Ok(())
}

fn shorten(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

fn latin1(s: &str) -> bool {
    s.chars().all(|c| u32::from(c) <= 0xFF)
}

struct Checker<'a> {
    schema: &'a Schema,
    steps: usize,
    /// Answers by type and value (the value by its address: it is borrowed from the schema for
    /// the whole check); `false` while one is being worked out.
    memo: HashMap<(NodeId, usize), bool>,
}

impl Checker<'_> {
    /// Whether `v` is a value of type `id`, as a field default is written; `None` past the
    /// budget.
    fn valid(&mut self, id: NodeId, v: &Value, depth: usize) -> Option<bool> {
        if depth > MAX_DEFAULT_DEPTH {
            return Some(false);
        }
        let key = (id, std::ptr::from_ref(v) as usize);
        if let Some(&known) = self.memo.get(&key) {
            return Some(known);
        }
        self.steps += 1;
        if self.steps > MAX_DEFAULT_STEPS {
            return None;
        }
        // In progress: a value that needs itself to be valid is not a value.
        self.memo.insert(key, false);
        let schema = self.schema;
        let answer = match &schema.node(id).ty {
            Type::Null => v.is_null(),
            Type::Boolean => v.is_boolean(),
            Type::Int => v.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            Type::Long => v.is_i64(),
            Type::Float | Type::Double => v.is_number(),
            Type::String => v.is_string(),
            Type::Bytes => v.as_str().is_some_and(latin1),
            Type::Fixed(f) => v
                .as_str()
                .is_some_and(|s| latin1(s) && s.chars().count() as u64 == f.size),
            Type::Enum(e) => v.as_str().is_some_and(|s| e.symbols.iter().any(|x| x == s)),
            Type::Array(items) => match v.as_array() {
                None => false,
                Some(a) => self.all(a.iter().map(|x| (*items, x)), depth)?,
            },
            Type::Map(values) => match v.as_object() {
                None => false,
                Some(m) => self.all(m.values().map(|x| (*values, x)), depth)?,
            },
            // The current specification (and Java): any branch; Avro ≤ 1.11 said the first.
            Type::Union(branches) => {
                let mut any = false;
                for b in branches {
                    if self.valid(*b, v, depth + 1)? {
                        any = true;
                        break;
                    }
                }
                any
            }
            // A field the value leaves out takes its own default (checked once: remembered by
            // its address; one that leans on itself is in progress, and so not a value).
            Type::Record(r) => match v.as_object() {
                None => false,
                Some(m) => {
                    let mut ok = true;
                    for f in &r.fields {
                        ok = match m.get(&f.name).or(f.default.as_ref()) {
                            Some(x) => self.valid(f.ty, x, depth + 1)?,
                            None => false,
                        };
                        if !ok {
                            break;
                        }
                    }
                    ok
                }
            },
        };
        self.memo.insert(key, answer);
        Some(answer)
    }

    fn all<'v>(&mut self, pairs: impl Iterator<Item = (NodeId, &'v Value)>, depth: usize) -> Option<bool> {
        for (id, x) in pairs {
            if !self.valid(id, x, depth + 1)? {
                return Some(false);
            }
        }
        Some(true)
    }
}

/// Reads `logicalType` and its attributes onto `node`; an invalid logical type is ignored and
/// the underlying type used, as the specification says.
pub(super) fn logical_type(node: &mut Node, obj: &Map<String, Value>) {
    let Some(Value::String(name)) = obj.get("logicalType") else {
        return;
    };
    let fits = match (name.as_str(), &node.ty) {
        ("decimal", Type::Bytes | Type::Fixed(_)) => {
            node.decimal = decimal(obj, &node.ty);
            node.decimal.is_some()
        }
        ("big-decimal", Type::Bytes) => true,
        ("uuid", Type::String) => true,
        ("uuid", Type::Fixed(f)) => f.size == 16,
        ("date" | "time-millis", Type::Int) => true,
        (
            "time-micros"
            | "timestamp-millis"
            | "timestamp-micros"
            | "timestamp-nanos"
            | "local-timestamp-millis"
            | "local-timestamp-micros"
            | "local-timestamp-nanos",
            Type::Long,
        ) => true,
        ("duration", Type::Fixed(f)) => f.size == 12,
        _ => false,
    };
    if fits {
        node.logical = Some(name.clone());
    }
}

/// A decimal's precision and scale, when they are valid for its underlying type.
fn decimal(obj: &Map<String, Value>, ty: &Type) -> Option<(u64, u64)> {
    let precision = obj.get("precision")?.as_u64().filter(|p| *p > 0)?;
    let scale = match obj.get("scale") {
        None => 0,
        Some(s) => s.as_u64()?,
    };
    if scale > precision {
        return None;
    }
    if let Type::Fixed(f) = ty {
        // A fixed of n bytes holds at most floor(log10(2^(8n-1) - 1)) digits.
        let bits = (8 * f.size).checked_sub(1)?;
        let digits = (bits as f64 * std::f64::consts::LOG10_2).floor() as u64;
        if precision > digits {
            return None;
        }
    }
    Some((precision, scale))
}
