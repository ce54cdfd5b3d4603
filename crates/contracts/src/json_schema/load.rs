//! A JSON Schema document to the schema classes Confluent's diff compares (those of the everit
//! loader it uses): one node per subschema, `$ref`s resolved to the node they point at.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::{segment, Additional, ArrayS, Crit, Draft, Kind, Model, Node, ObjectS, MAX_NODES};
use crate::{limits, Error};

/// JSON nesting read at most (each schema level takes one or two JSON levels).
pub(super) const MAX_JSON_DEPTH: usize = 2 * limits::MAX_DEPTH + 2;

pub(super) fn semantic(location: &str, message: impl Into<String>) -> Error {
    Error::Syntax {
        line: None,
        column: None,
        location: Some(location.to_owned()),
        message: message.into(),
    }
}

/// Refuses text nested deeper than [`MAX_JSON_DEPTH`] before serde reads it.
pub(super) fn check_nesting(text: &str) -> Result<(), Error> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    return Err(Error::Limit(format!(
                        "a JSON schema nests at most {MAX_JSON_DEPTH} levels of JSON here ({} of subschemas); this one is deeper",
                        limits::MAX_DEPTH
                    )));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

pub(super) fn load(root: Value) -> Result<Model, Error> {
    let draft = match root.get("$schema").and_then(Value::as_str) {
        Some(s) if s.contains("draft-04") => Draft::Draft4,
        Some(s) if s.contains("draft-06") => Draft::Draft6,
        Some(s) if s.contains("2019-09") => Draft::Draft2019,
        Some(s) if s.contains("2020-12") => Draft::Draft2020,
        _ => Draft::Draft7,
    };
    let mut l = Loader {
        root: &root,
        nodes: Vec::new(),
        at: HashMap::new(),
        refs: Vec::new(),
        draft,
        shapes: Shapes::default(),
        location_bytes: 0,
    };
    let top = l.node(&root, "#", 0)?;
    // Resolve references; loading a target may find more references.
    let mut i = 0;
    while i < l.refs.len() {
        let (id, reference, depth) = l.refs[i].clone();
        let target = match reference.strip_prefix('#') {
            Some(fragment) => {
                // One key per place in the document, however the reference spells it
                // (`#/definitions/a`, `#/%64efinitions/a`, `#/definitions/a%7E0`): each spelling
                // would load the subschema again.
                let pointer = decode_fragment(fragment);
                let key = canonical_pointer(&pointer);
                match l.at.get(&key) {
                    Some(t) => Some(*t),
                    None => match l.root.pointer(&pointer) {
                        Some(v) => Some(l.node(v, &key, depth)?),
                        None => {
                            return Err(semantic(
                                &l.nodes[id].location,
                                format!("`$ref` \"{reference}\" points at nothing in this document"),
                            ));
                        }
                    },
                }
            }
            None => None,
        };
        l.nodes[id].kind = match target {
            Some(t) => Kind::Ref(t),
            None => Kind::Remote(reference),
        };
        i += 1;
    }
    collapse_ref_chains(&mut l.nodes);
    Ok(Model {
        nodes: l.nodes,
        root: top,
        draft,
    })
}

/// Points each `$ref` at the end of its chain of `$ref`s (a chain `a → b → … → z` is followed
/// once here, not at every comparison); a `$ref` on a cycle of `$ref`s only points at a `$ref`
/// of that cycle.
fn collapse_ref_chains(nodes: &mut [Node]) {
    let mut end: Vec<Option<usize>> = vec![None; nodes.len()];
    let mut walk_of = vec![usize::MAX; nodes.len()];
    let mut path = Vec::new();
    for start in 0..nodes.len() {
        let mut at = start;
        let last = loop {
            match nodes[at].kind {
                Kind::Ref(next) => {
                    if let Some(e) = end[at] {
                        break e;
                    }
                    if walk_of[at] == start {
                        break at; // a cycle of references
                    }
                    walk_of[at] = start;
                    path.push(at);
                    at = next;
                }
                _ => break at,
            }
        };
        for p in path.drain(..) {
            end[p] = Some(last);
        }
    }
    for (node, e) in nodes.iter_mut().zip(end) {
        if let (Kind::Ref(t), Some(e)) = (&mut node.kind, e) {
            *t = e;
        }
    }
}

/// Numbers for JSON values, equal for equal values (objects whatever the order of their
/// members), each value numbered once (by its address in the document being loaded).
#[derive(Default)]
struct Shapes {
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
    fn of(&mut self, v: &Value) -> u32 {
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
fn canonical_pointer(pointer: &str) -> String {
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
fn decode_fragment(pointer: &str) -> String {
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

struct Loader<'a> {
    root: &'a Value,
    nodes: Vec<Node>,
    /// The node loaded at each JSON pointer (`#/definitions/a`).
    at: HashMap<String, usize>,
    /// (node, `$ref` value, depth) to resolve.
    refs: Vec<(usize, String, usize)>,
    draft: Draft,
    /// Only ever given values of the document (`root`), which outlives the loader: an address
    /// names one value.
    shapes: Shapes,
    /// Bytes of the locations kept so far (each node's, and the pointer index's keys): long
    /// property names nested deep would otherwise repeat in every subschema below them.
    location_bytes: usize,
}

/// A location as an error shows it: its first 200 characters.
fn clip(location: &str) -> String {
    match location.char_indices().nth(200) {
        Some((at, _)) => format!("{}…", &location[..at]),
        None => location.to_owned(),
    }
}

/// The locations one schema keeps at most, in bytes (a few hundred times a 256 KiB text, far
/// more than any schema written by hand needs).
const MAX_LOCATION_BYTES: usize = 32 * 1024 * 1024;

const OBJECT_WORDS: [&str; 11] = [
    "properties",
    "required",
    "minProperties",
    "maxProperties",
    "dependencies",
    "patternProperties",
    "additionalProperties",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
    "propertyNames",
];
const ARRAY_WORDS: [&str; 10] = [
    "items",
    "additionalItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "prefixItems",
    "unevaluatedItems",
    "minContains",
    "maxContains",
];
const NUMBER_WORDS: [&str; 5] = [
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];
const STRING_WORDS: [&str; 4] = ["minLength", "maxLength", "pattern", "format"];

impl<'a> Loader<'a> {
    fn push(
        &mut self,
        kind: Kind,
        location: &str,
        source: &'a Value,
        has_default: bool,
        connect_bytes: bool,
    ) -> Result<usize, Error> {
        if self.nodes.len() >= MAX_NODES {
            return Err(Error::Limit(format!(
                "a JSON schema is read into at most {MAX_NODES} subschemas here (counting each `$ref` target and `type` entry); this one has more (at {})",
                clip(location)
            )));
        }
        // Kept twice: in the node and as the pointer index's key.
        self.location_bytes += 2 * location.len();
        if self.location_bytes > MAX_LOCATION_BYTES {
            return Err(Error::Limit(format!(
                "the paths of this schema's subschemas add up to more than {} MiB (long names nested deep); at {}",
                MAX_LOCATION_BYTES / (1024 * 1024),
                clip(location)
            )));
        }
        let shape = self.shapes.of(source);
        self.nodes.push(Node {
            kind,
            location: location.to_owned(),
            shape,
            has_default,
            connect_bytes,
        });
        Ok(self.nodes.len() - 1)
    }

    fn node(&mut self, v: &'a Value, loc: &str, depth: usize) -> Result<usize, Error> {
        if depth > limits::MAX_DEPTH {
            return Err(Error::Limit(format!(
                "subschemas nest at most {} deep here; {loc} is deeper",
                limits::MAX_DEPTH
            )));
        }
        let id = self.node_inner(v, loc, depth)?;
        self.at.entry(loc.to_owned()).or_insert(id);
        Ok(id)
    }

    fn node_inner(&mut self, v: &'a Value, loc: &str, depth: usize) -> Result<usize, Error> {
        let o = match v {
            Value::Bool(true) => return self.push(Kind::True, loc, v, false, false),
            Value::Bool(false) => return self.push(Kind::False, loc, v, false, false),
            Value::Object(o) => o,
            _ => return Err(semantic(loc, "a schema is an object or a boolean")),
        };
        let has_default = o.contains_key("default");
        let connect_bytes = o.get("connect.type").and_then(Value::as_str) == Some("bytes");
        // Definitions are loaded where they are, for `$ref`s to find.
        for defs in ["definitions", "$defs"] {
            if let Some(d) = o.get(defs) {
                let d = d.as_object().ok_or_else(|| {
                    semantic(
                        &format!("{loc}/{defs}"),
                        format!("`{defs}` is an object of schemas"),
                    )
                })?;
                for (k, s) in d {
                    self.node(s, &format!("{loc}/{defs}/{}", segment(k)), depth + 1)?;
                }
            }
        }
        if let Some(r) = o.get("$ref") {
            let r = r
                .as_str()
                .ok_or_else(|| semantic(&format!("{loc}/$ref"), "`$ref` is a string"))?;
            let id = self.push(Kind::True, loc, v, has_default, connect_bytes)?;
            self.refs.push((id, r.to_owned(), depth + 1));
            return Ok(id);
        }
        let mut parts: Vec<Kind> = Vec::new();
        if let Some(e) = o.get("enum") {
            let values = e
                .as_array()
                .ok_or_else(|| semantic(&format!("{loc}/enum"), "`enum` is an array"))?;
            parts.push(Kind::Enum(
                values
                    .iter()
                    .map(|v| {
                        let mut text = String::new();
                        canonical(v, &mut text);
                        text
                    })
                    .collect(),
            ));
        }
        for crit in [Crit::AllOf, Crit::AnyOf, Crit::OneOf] {
            if let Some(list) = o.get(crit.word()) {
                let at = format!("{loc}/{}", crit.word());
                let list = list
                    .as_array()
                    .ok_or_else(|| semantic(&at, format!("`{}` is an array of schemas", crit.word())))?;
                if list.len() > limits::MAX_UNION {
                    return Err(Error::Limit(format!(
                        "`{}` lists at most {} schemas here; {at} lists {}",
                        crit.word(),
                        limits::MAX_UNION,
                        list.len()
                    )));
                }
                let mut subs = Vec::with_capacity(list.len());
                for (i, s) in list.iter().enumerate() {
                    subs.push(self.node(s, &format!("{at}/{i}"), depth + 1)?);
                }
                parts.push(Kind::Combined(crit, subs));
            }
        }
        if let Some(n) = o.get("not") {
            parts.push(Kind::Not(self.node(n, &format!("{loc}/not"), depth + 1)?));
        }
        if let Some(c) = o.get("const") {
            parts.push(Kind::Const(c.clone()));
        }
        match o.get("type") {
            Some(Value::String(t)) => parts.push(self.typed(o, t, loc, depth)?),
            Some(Value::Array(ts)) => {
                // Each type once: every `"object"` or `"array"` of the list would read the
                // properties or items again (`["object", "object"]` at each level of a nesting
                // doubles the work at each level).
                let mut names: Vec<&str> = Vec::with_capacity(TYPES.len());
                for t in ts {
                    let t = t.as_str().ok_or_else(|| {
                        semantic(
                            &format!("{loc}/type"),
                            "`type` is a string or an array of strings",
                        )
                    })?;
                    if !TYPES.contains(&t) {
                        return Err(not_a_type(loc, t));
                    }
                    if !names.contains(&t) {
                        names.push(t);
                    }
                }
                let mut subs = Vec::with_capacity(names.len());
                for t in names {
                    let kind = self.typed(o, t, loc, depth)?;
                    subs.push(self.push(kind, loc, v, has_default, connect_bytes)?);
                }
                parts.push(Kind::Combined(Crit::AnyOf, subs));
            }
            Some(_) => {
                return Err(semantic(
                    &format!("{loc}/type"),
                    "`type` is a string or an array of strings",
                ))
            }
            None => {
                let has = |words: &[&str]| words.iter().any(|w| o.contains_key(*w));
                for (words, t) in [
                    (&ARRAY_WORDS[..], "array"),
                    (&OBJECT_WORDS[..], "object"),
                    (&NUMBER_WORDS[..], "number"),
                    (&STRING_WORDS[..], "string"),
                ] {
                    if has(words) {
                        parts.push(self.typed(o, t, loc, depth)?);
                    }
                }
            }
        }
        let kind = match parts.len() {
            0 => Kind::Empty,
            1 => parts.pop().unwrap_or(Kind::Empty),
            _ => {
                let mut subs = Vec::with_capacity(parts.len());
                for p in parts {
                    subs.push(self.push(p, loc, v, has_default, connect_bytes)?);
                }
                Kind::Combined(Crit::AllOf, subs)
            }
        };
        self.push(kind, loc, v, has_default, connect_bytes)
    }

    fn typed(&mut self, o: &'a Map<String, Value>, t: &str, loc: &str, depth: usize) -> Result<Kind, Error> {
        let count = |k: &str| -> Result<Option<u64>, Error> {
            match o.get(k) {
                None => Ok(None),
                Some(v) => v
                    .as_u64()
                    .or_else(|| {
                        v.as_f64()
                            .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                            .map(|f| f as u64)
                    })
                    .map(Some)
                    .ok_or_else(|| {
                        semantic(&format!("{loc}/{k}"), format!("`{k}` is a non-negative integer"))
                    }),
            }
        };
        let number = |k: &str| -> Result<Option<f64>, Error> {
            match o.get(k) {
                None | Some(Value::Bool(_)) => Ok(None),
                Some(v) => v
                    .as_f64()
                    .map(Some)
                    .ok_or_else(|| semantic(&format!("{loc}/{k}"), format!("`{k}` is a number"))),
            }
        };
        Ok(match t {
            "string" => Kind::String {
                min_length: count("minLength")?,
                max_length: count("maxLength")?,
                pattern: o.get("pattern").and_then(Value::as_str).map(String::from),
            },
            "number" | "integer" => {
                // Draft 4 spells exclusive limits as booleans beside minimum/maximum.
                let exclusive = |k: &str| {
                    if self.draft == Draft::Draft4 {
                        Ok(None)
                    } else {
                        number(k)
                    }
                };
                Kind::Number {
                    integer: t == "integer",
                    minimum: number("minimum")?,
                    maximum: number("maximum")?,
                    exclusive_minimum: exclusive("exclusiveMinimum")?,
                    exclusive_maximum: exclusive("exclusiveMaximum")?,
                    multiple_of: match o.get("multipleOf") {
                        None => None,
                        Some(Value::Number(n)) => Some(n.to_string()),
                        Some(_) => {
                            return Err(semantic(&format!("{loc}/multipleOf"), "`multipleOf` is a number"))
                        }
                    },
                }
            }
            "boolean" => Kind::Boolean,
            "null" => Kind::Null,
            "object" => Kind::Object(Box::new(self.object(o, loc, depth)?)),
            "array" => Kind::Array(Box::new(self.array(
                o,
                loc,
                depth,
                count("minItems")?,
                count("maxItems")?,
                count("minContains")?,
                count("maxContains")?,
            )?)),
            other => return Err(not_a_type(loc, other)),
        })
    }

    fn schemas(
        &mut self,
        o: &'a Map<String, Value>,
        key: &str,
        loc: &str,
        depth: usize,
    ) -> Result<BTreeMap<String, usize>, Error> {
        let mut out = BTreeMap::new();
        if let Some(v) = o.get(key) {
            let m = v
                .as_object()
                .ok_or_else(|| semantic(&format!("{loc}/{key}"), format!("`{key}` is an object")))?;
            for (k, s) in m {
                out.insert(
                    k.clone(),
                    self.node(s, &format!("{loc}/{key}/{}", segment(k)), depth + 1)?,
                );
            }
        }
        Ok(out)
    }

    fn additional(
        &mut self,
        o: &'a Map<String, Value>,
        key: &str,
        loc: &str,
        depth: usize,
    ) -> Result<Additional, Error> {
        Ok(match o.get(key) {
            None | Some(Value::Bool(true)) => Additional::Allowed,
            Some(Value::Bool(false)) => Additional::Forbidden,
            Some(s) => Additional::Schema(self.node(s, &format!("{loc}/{key}"), depth + 1)?),
        })
    }

    fn object(&mut self, o: &'a Map<String, Value>, loc: &str, depth: usize) -> Result<ObjectS, Error> {
        let names = |v: &Value, at: &str| -> Result<BTreeSet<String>, Error> {
            v.as_array()
                .and_then(|a| {
                    a.iter()
                        .map(|s| s.as_str().map(String::from))
                        .collect::<Option<BTreeSet<_>>>()
                })
                .ok_or_else(|| semantic(at, "expected an array of property names"))
        };
        let required = match o.get("required") {
            Some(r) => names(r, &format!("{loc}/required"))?,
            None => BTreeSet::new(),
        };
        let mut dep_arrays = BTreeMap::new();
        let mut dep_schemas = BTreeMap::new();
        for key in ["dependencies", "dependentRequired", "dependentSchemas"] {
            if let Some(v) = o.get(key) {
                let m = v
                    .as_object()
                    .ok_or_else(|| semantic(&format!("{loc}/{key}"), format!("`{key}` is an object")))?;
                for (k, d) in m {
                    let at = format!("{loc}/{key}/{}", segment(k));
                    if d.is_array() {
                        dep_arrays.insert(k.clone(), names(d, &at)?);
                    } else {
                        dep_schemas.insert(k.clone(), self.node(d, &at, depth + 1)?);
                    }
                }
            }
        }
        let unevaluated = match o.get("unevaluatedProperties") {
            Some(u) => Some(self.node(u, &format!("{loc}/unevaluatedProperties"), depth + 1)?),
            None => None,
        };
        Ok(ObjectS {
            properties: self.schemas(o, "properties", loc, depth)?,
            pattern_properties: self.schemas(o, "patternProperties", loc, depth)?,
            required,
            additional: self.additional(o, "additionalProperties", loc, depth)?,
            dep_arrays,
            dep_schemas,
            min_properties: count_of(o, "minProperties"),
            max_properties: count_of(o, "maxProperties"),
            unevaluated,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn array(
        &mut self,
        o: &'a Map<String, Value>,
        loc: &str,
        depth: usize,
        min_items: Option<u64>,
        max_items: Option<u64>,
        min_contains: Option<u64>,
        max_contains: Option<u64>,
    ) -> Result<ArrayS, Error> {
        let list = |l: &mut Self, v: &'a Value, key: &str| -> Result<Vec<usize>, Error> {
            let a = v.as_array().ok_or_else(|| {
                semantic(&format!("{loc}/{key}"), format!("`{key}` is an array of schemas"))
            })?;
            a.iter()
                .enumerate()
                .map(|(i, s)| l.node(s, &format!("{loc}/{key}/{i}"), depth + 1))
                .collect()
        };
        let (all_items, item_list, additional) = if let Some(prefix) = o.get("prefixItems") {
            // 2020-12: `prefixItems` lists the first items, `items` is the rest.
            (
                None,
                Some(list(self, prefix, "prefixItems")?),
                self.additional(o, "items", loc, depth)?,
            )
        } else {
            match o.get("items") {
                // 2020-12: a boolean `items` alone closes or opens the array like `additionalItems`.
                Some(Value::Bool(_)) if self.draft == Draft::Draft2020 => {
                    (None, None, self.additional(o, "items", loc, depth)?)
                }
                Some(v @ Value::Array(_)) => (
                    None,
                    Some(list(self, v, "items")?),
                    self.additional(o, "additionalItems", loc, depth)?,
                ),
                Some(s) => (
                    Some(self.node(s, &format!("{loc}/items"), depth + 1)?),
                    None,
                    self.additional(o, "additionalItems", loc, depth)?,
                ),
                None => (None, None, self.additional(o, "additionalItems", loc, depth)?),
            }
        };
        let unevaluated = match o.get("unevaluatedItems") {
            Some(u) => Some(self.node(u, &format!("{loc}/unevaluatedItems"), depth + 1)?),
            None => None,
        };
        Ok(ArrayS {
            all_items,
            item_list,
            additional,
            min_items,
            max_items,
            unique: o.get("uniqueItems") == Some(&Value::Bool(true)),
            min_contains,
            max_contains,
            unevaluated,
        })
    }
}

/// `v` as JSON text with the members of each object in order of their names: equal values,
/// equal texts. Recursion is bounded by [`MAX_JSON_DEPTH`].
fn canonical(v: &Value, out: &mut String) {
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

/// The JSON Schema types.
const TYPES: [&str; 7] = [
    "string", "number", "integer", "boolean", "null", "object", "array",
];

fn not_a_type(loc: &str, name: &str) -> Error {
    semantic(
        &format!("{loc}/type"),
        format!("`{name}` is not a JSON Schema type (string, number, integer, boolean, null, object, array)"),
    )
}

fn count_of(o: &Map<String, Value>, key: &str) -> Option<u64> {
    o.get(key).and_then(Value::as_u64)
}
