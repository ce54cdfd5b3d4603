//! From JSON text to a [`Schema`]: names, namespaces, references, and the checks the
//! specification asks of a schema. Defaults are checked once every type is known
//! ([`super::defaults`]).

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::names::{name, read_aliases, valid_name, what};
use super::{error_at, Enum, Field, Fixed, Node, NodeId, Record, Schema, Type};
use crate::{limits, Error};

pub(super) fn parse(text: &str) -> Result<Schema, Error> {
    if text.len() > limits::MAX_SCHEMA_BYTES {
        return Err(Error::Limit(format!(
            "a schema is at most {} KiB; this one is {} KiB",
            limits::MAX_SCHEMA_BYTES / 1024,
            text.len().div_ceil(1024)
        )));
    }
    // serde_json refuses nesting past 128 levels before building anything, so the walk below,
    // which refuses schemas nested past `MAX_DEPTH`, never recurses deeper than that.
    let value: Value = serde_json::from_str(text).map_err(json_error)?;
    let mut parser = Parser::default();
    let root = parser.schema(&value, None, "", 1, "the top-level type")?;
    let schema = Schema {
        nodes: parser.nodes,
        root,
    };
    super::defaults::check(&schema, &parser.defaults)?;
    Ok(schema)
}

fn json_error(e: serde_json::Error) -> Error {
    let text = e.to_string();
    if text.starts_with("recursion limit exceeded") {
        return Error::Limit(format!(
            "a schema nests at most {} types in one another; this text nests JSON more than 128 \
             levels deep",
            limits::MAX_DEPTH
        ));
    }
    // serde_json ends its message with " at line L column C": those are given apart.
    let message = match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    };
    Error::Syntax {
        line: Some(e.line()),
        column: Some(e.column()),
        location: None,
        message: format!("not JSON: {message}"),
    }
}

/// A field default to check: the record, the field's index, the default's pointer.
pub(super) type PendingDefault = (NodeId, usize, String);

#[derive(Default)]
struct Parser {
    nodes: Vec<Node>,
    names: HashMap<String, NodeId>,
    defaults: Vec<PendingDefault>,
}

impl Parser {
    fn push(&mut self, ty: Type, label: String) -> NodeId {
        self.nodes.push(Node {
            ty,
            label,
            decimal: None,
            logical: None,
        });
        self.nodes.len() - 1
    }

    /// A schema at `path`, inside namespace `ns`, nested `depth` types deep.
    fn schema(
        &mut self,
        v: &Value,
        ns: Option<&str>,
        path: &str,
        depth: usize,
        label: &str,
    ) -> Result<NodeId, Error> {
        if depth > limits::MAX_DEPTH {
            return Err(Error::Limit(format!(
                "a schema nests at most {} types in one another; this one nests more at {path}",
                limits::MAX_DEPTH
            )));
        }
        match v {
            Value::String(name) => self.reference(name, ns, path, label),
            Value::Array(branches) => self.union(branches, ns, path, depth, label),
            Value::Object(obj) => self.object(obj, ns, path, depth, label),
            other => Err(error_at(
                path,
                format!(
                    "a schema is a type name, an object or a list (a union), not {}",
                    what(other)
                ),
            )),
        }
    }

    fn primitive(&mut self, name: &str, label: &str) -> Option<NodeId> {
        let ty = match name {
            "null" => Type::Null,
            "boolean" => Type::Boolean,
            "int" => Type::Int,
            "long" => Type::Long,
            "float" => Type::Float,
            "double" => Type::Double,
            "bytes" => Type::Bytes,
            "string" => Type::String,
            _ => return None,
        };
        Some(self.push(ty, label.to_owned()))
    }

    /// A type named by a string: a primitive, or a named type defined before.
    fn reference(&mut self, name: &str, ns: Option<&str>, path: &str, label: &str) -> Result<NodeId, Error> {
        if let Some(id) = self.primitive(name, label) {
            return Ok(id);
        }
        self.lookup(name, ns).ok_or_else(|| {
            error_at(
                path,
                format!(
                    "unknown type `{name}`: it is neither a primitive type nor a named type \
                     defined earlier in this schema (references to schemas of other subjects \
                     are not followed here)"
                ),
            )
        })
    }

    fn lookup(&self, name: &str, ns: Option<&str>) -> Option<NodeId> {
        if let (Some(ns), false) = (ns, name.contains('.')) {
            if let Some(&id) = self.names.get(&format!("{ns}.{name}")) {
                return Some(id);
            }
        }
        self.names.get(name).copied()
    }

    fn union(
        &mut self,
        branches: &[Value],
        ns: Option<&str>,
        path: &str,
        depth: usize,
        label: &str,
    ) -> Result<NodeId, Error> {
        if branches.len() > limits::MAX_UNION {
            return Err(Error::Limit(format!(
                "a union has at most {} branches; the one at {} has {}",
                limits::MAX_UNION,
                if path.is_empty() { "/" } else { path },
                branches.len()
            )));
        }
        let mut ids = Vec::with_capacity(branches.len());
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, b) in branches.iter().enumerate() {
            let at = format!("{path}/{i}");
            if b.is_array() {
                return Err(error_at(
                    &at,
                    "a union may not directly contain another union: list its branches in the \
                     outer union instead",
                ));
            }
            let id = self.schema(b, ns, &at, depth + 1, &format!("branch {i} of {label}"))?;
            let ty = &self.nodes[id].ty;
            let key = match ty.name() {
                Some(n) => n.full.clone(),
                None => ty.kind().to_owned(),
            };
            if let Some(first) = seen.insert(key.clone(), i) {
                return Err(error_at(
                    &at,
                    format!(
                        "a union may hold each type once, but branches {first} and {i} are both \
                         `{key}`"
                    ),
                ));
            }
            ids.push(id);
        }
        Ok(self.push(Type::Union(ids), label.to_owned()))
    }

    fn object(
        &mut self,
        obj: &Map<String, Value>,
        ns: Option<&str>,
        path: &str,
        depth: usize,
        label: &str,
    ) -> Result<NodeId, Error> {
        let ty = match obj.get("type") {
            Some(Value::String(t)) => t.as_str(),
            Some(other) => {
                return Err(error_at(
                    &format!("{path}/type"),
                    format!(
                        "the \"type\" of a schema object is a type name, not {}",
                        what(other)
                    ),
                ))
            }
            None => return Err(error_at(path, "a schema object needs a \"type\"")),
        };
        let id = match ty {
            "record" | "error" => return self.record(obj, ns, path, depth),
            "enum" => self.enumeration(obj, ns, path)?,
            "fixed" => self.fixed(obj, ns, path)?,
            "array" | "map" => {
                let (key, article) = if ty == "array" {
                    ("items", "an array")
                } else {
                    ("values", "a map")
                };
                let inner = obj
                    .get(key)
                    .ok_or_else(|| error_at(path, format!("{article} needs \"{key}\"")))?;
                let child = self.schema(
                    inner,
                    ns,
                    &format!("{path}/{key}"),
                    depth + 1,
                    &format!("the {key} of {label}"),
                )?;
                let t = if ty == "array" {
                    Type::Array(child)
                } else {
                    Type::Map(child)
                };
                self.push(t, label.to_owned())
            }
            other => match self.primitive(other, label) {
                Some(id) => id,
                // `{"type": "Name"}`: a reference to a named type defined earlier.
                None => return self.reference(other, ns, &format!("{path}/type"), label),
            },
        };
        super::defaults::logical_type(&mut self.nodes[id], obj);
        Ok(id)
    }

    fn record(
        &mut self,
        obj: &Map<String, Value>,
        ns: Option<&str>,
        path: &str,
        depth: usize,
    ) -> Result<NodeId, Error> {
        let (name, aliases) = name(&self.names, obj, ns, path, "record")?;
        let fields = match obj.get("fields") {
            Some(Value::Array(f)) => f,
            Some(other) => {
                return Err(error_at(
                    &format!("{path}/fields"),
                    format!("a record's \"fields\" is a list, not {}", what(other)),
                ))
            }
            None => return Err(error_at(path, "a record needs \"fields\", a list")),
        };
        let inner_ns = name.namespace().map(str::to_owned);
        let short = name.short().to_owned();
        // Defined before its fields are read: a record may refer to itself.
        let label = format!("record `{}`", name.full);
        self.names.insert(name.full.clone(), self.nodes.len());
        let id = self.push(
            Type::Record(Record {
                name,
                aliases,
                fields: Vec::new(),
            }),
            label,
        );
        let mut seen = HashSet::new();
        let mut parsed = Vec::with_capacity(fields.len());
        for (i, f) in fields.iter().enumerate() {
            let at = format!("{path}/fields/{i}");
            let Value::Object(f) = f else {
                return Err(error_at(&at, format!("a field is an object, not {}", what(f))));
            };
            let fname = match f.get("name") {
                Some(Value::String(n)) if valid_name(n) => n.clone(),
                Some(Value::String(n)) => {
                    return Err(error_at(
                        &format!("{at}/name"),
                        format!(
                            "invalid field name `{n}`: a name starts with a letter or `_` and \
                             goes on with letters, digits and `_`"
                        ),
                    ))
                }
                _ => return Err(error_at(&at, "a field needs a \"name\", a string")),
            };
            if !seen.insert(fname.clone()) {
                return Err(error_at(
                    &format!("{at}/name"),
                    format!("record `{short}` has two fields named `{fname}`"),
                ));
            }
            let Some(ty) = f.get("type") else {
                return Err(error_at(&at, format!("field `{fname}` needs a \"type\"")));
            };
            let ty = self.schema(
                ty,
                inner_ns.as_deref(),
                &format!("{at}/type"),
                depth + 1,
                &format!("field `{short}.{fname}`"),
            )?;
            match f.get("order") {
                None => {}
                Some(Value::String(o)) if ["ascending", "descending", "ignore"].contains(&o.as_str()) => {}
                Some(_) => {
                    return Err(error_at(
                        &format!("{at}/order"),
                        "a field's \"order\" is \"ascending\", \"descending\" or \"ignore\"",
                    ))
                }
            }
            let default = f.get("default").cloned();
            if default.is_some() {
                self.defaults.push((id, i, format!("{at}/default")));
            }
            parsed.push(Field {
                name: fname,
                aliases: read_aliases(f, &at)?,
                ty,
                default,
            });
        }
        if let Type::Record(r) = &mut self.nodes[id].ty {
            r.fields = parsed;
        }
        Ok(id)
    }

    fn enumeration(
        &mut self,
        obj: &Map<String, Value>,
        ns: Option<&str>,
        path: &str,
    ) -> Result<NodeId, Error> {
        let (name, aliases) = name(&self.names, obj, ns, path, "enum")?;
        let list = match obj.get("symbols") {
            Some(Value::Array(s)) => s,
            _ => return Err(error_at(path, "an enum needs \"symbols\", a list of names")),
        };
        let mut symbols = Vec::with_capacity(list.len());
        let mut seen = std::collections::HashSet::with_capacity(list.len());
        for (i, s) in list.iter().enumerate() {
            let at = format!("{path}/symbols/{i}");
            match s {
                Value::String(s) if !valid_name(s) => {
                    return Err(error_at(
                        &at,
                        format!("invalid enum symbol `{s}`: a symbol is a name"),
                    ))
                }
                Value::String(s) if !seen.insert(s.as_str()) => {
                    return Err(error_at(&at, format!("the symbol `{s}` is listed twice")))
                }
                Value::String(s) => symbols.push(s.clone()),
                other => {
                    return Err(error_at(
                        &at,
                        format!("an enum symbol is a string, not {}", what(other)),
                    ))
                }
            }
        }
        let default = match obj.get("default") {
            None => None,
            Some(Value::String(d)) if symbols.contains(d) => Some(d.clone()),
            Some(other) => {
                return Err(error_at(
                    &format!("{path}/default"),
                    format!(
                        "an enum's default is one of its symbols, not {}",
                        match other {
                            Value::String(s) => format!("`{s}`"),
                            v => what(v).to_owned(),
                        }
                    ),
                ))
            }
        };
        let label = format!("enum `{}`", name.full);
        self.names.insert(name.full.clone(), self.nodes.len());
        Ok(self.push(
            Type::Enum(Enum {
                name,
                aliases,
                symbols,
                default,
            }),
            label,
        ))
    }

    fn fixed(&mut self, obj: &Map<String, Value>, ns: Option<&str>, path: &str) -> Result<NodeId, Error> {
        let (name, aliases) = name(&self.names, obj, ns, path, "fixed")?;
        let size = match obj.get("size") {
            Some(Value::Number(n)) => match n.as_u64() {
                Some(s) if s <= i32::MAX as u64 => s,
                _ => {
                    return Err(error_at(
                        &format!("{path}/size"),
                        format!("a fixed's size is a whole number of bytes from 0 to {}", i32::MAX),
                    ))
                }
            },
            Some(other) => {
                return Err(error_at(
                    &format!("{path}/size"),
                    format!("a fixed's size is a number, not {}", what(other)),
                ))
            }
            None => return Err(error_at(path, "a fixed needs a \"size\"")),
        };
        let label = format!("fixed `{}`", name.full);
        self.names.insert(name.full.clone(), self.nodes.len());
        Ok(self.push(Type::Fixed(Fixed { name, aliases, size }), label))
    }
}
