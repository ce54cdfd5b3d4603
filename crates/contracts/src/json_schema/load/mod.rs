//! A JSON Schema document to the schema classes Confluent's diff compares (those of the everit
//! loader it uses): one node per subschema, `$ref`s resolved to the node they point at.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::{segment, Additional, ArrayS, Crit, Draft, Kind, Model, Node, ObjectS, MAX_NODES};
use crate::{limits, Error};

mod kinds;
mod values;

use values::{canonical, canonical_pointer, decode_fragment, Shapes};

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
