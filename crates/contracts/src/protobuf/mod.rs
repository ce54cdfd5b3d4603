//! Protobuf: `.proto` files read and compared as Confluent's Schema Registry compares them
//! (`io.confluent.kafka.schemaregistry.protobuf.diff`: `SchemaDiff`, `MessageSchemaDiff`,
//! `FieldSchemaDiff`).
//!
//! [`compare`]`(reader, writer)` is Confluent's `SchemaDiff.compare(original = writer, update =
//! reader)`, keeping only the differences Confluent counts as incompatible, with its kind names
//! and its `#/Message/Nested/fieldNumber` locations (`#/Message/oneofName/fieldNumber` for a
//! field inside a oneof of the reader, `#/` for the package):
//!
//! * `PACKAGE_CHANGED` — the package differs.
//! * `MESSAGE_REMOVED` — a message (top-level or nested) of the writer is not in the reader.
//! * `FIELD_KIND_CHANGED` — a field number is a scalar or enum in one, a message in the other,
//!   or a map in one and not the other.
//! * `FIELD_SCALAR_KIND_CHANGED` — a scalar field left its wire-compatible group. The groups:
//!   int32, int64, uint32, uint64, bool and every enum; sint32, sint64; string, bytes; fixed32,
//!   sfixed32; fixed64, sfixed64; float; double. Map keys and values are compared the same way.
//! * `FIELD_NAMED_TYPE_CHANGED` — a message field names another message, or the same message
//!   whose own comparison is incompatible.
//! * `FIELD_NUMERIC_LABEL_CHANGED` — a numeric field with an explicit label changed it
//!   (`optional` ↔ `repeated`, …). string/bytes label changes are compatible.
//! * `REQUIRED_FIELD_ADDED`, `REQUIRED_FIELD_REMOVED` — proto2 `required` fields.
//! * `ONEOF_FIELD_REMOVED` — a member of a oneof that survives was dropped.
//! * `MULTIPLE_FIELDS_MOVED_TO_ONEOF`, `FIELD_MOVED_TO_EXISTING_ONEOF` — a oneof of the reader
//!   joins fields that were independent in the writer.
//!
//! The compatible kinds (`MESSAGE_ADDED`, `MESSAGE_MOVED`, `ENUM_*`, `FIELD_ADDED`,
//! `FIELD_REMOVED`, `FIELD_NAME_CHANGED`, `FIELD_STRING_OR_BYTES_LABEL_CHANGED`, `ONEOF_ADDED`,
//! `ONEOF_REMOVED`, `ONEOF_FIELD_ADDED`, `ONEOF_FIELD_MOVED_TO_TOP_LEVEL`) are not reported.
//!
//! The parser reads `syntax`, `edition` (kept, see [`Schema::edition`]), `package`, `import`
//! (kept), `option` (ignored), `message` (nested messages and enums, fields with labels,
//! `map<K, V>`, `oneof`), `enum`, comments and string escapes; it reads and skips `reserved`,
//! `extensions`, `extend`, proto2 groups and `service`. Types it cannot find in the file (those
//! of imports) are not errors: they are listed by [`Schema::unresolved_types`] and compared by
//! the name the field spells.
//!
//! A message's own findings are reported once, at its location, however many fields name it;
//! each such field adds one `FIELD_NAMED_TYPE_CHANGED`. The comparison is bounded: past
//! [`crate::limits::MAX_COMPARISONS`] steps (a pair of messages met again counts as one), past
//! [`COMPARE_DEPTH`] messages compared inside one another's fields, or at [`MAX_FINDINGS`]
//! findings, it stops and adds one finding of its own kind, [`COMPARISON_LIMIT`], at `#/`.
//!
//! Names are bounded: an identifier or dotted name is at most [`MAX_NAME_BYTES`] long and has at
//! most [`MAX_NAME_SEGMENTS`] parts, and so is a type's dotted name inside its package; a longer
//! one is a syntax error at its token. Type names are looked up one part at a time, never by
//! building each candidate's full name.
//!
//! Not covered:
//! * Imported files are never read (a registry's schema references are not fetched), so a field
//!   whose type comes from an import is compared by its spelled name only; Confluent compares the
//!   imported messages themselves.
//! * Proto2 groups and `extend` fields are skipped (Confluent's diff ignores them too); so are
//!   `reserved` ranges and names (neither Confluent nor this module checks that a new field does
//!   not reuse a reserved number).
//! * Options are not read, so neither are `map_entry` messages written by hand nor edition
//!   features: in `edition` files `features.field_presence = LEGACY_REQUIRED` is not seen as
//!   `required`.
//! * Field defaults, `json_name`, `packed` and every other field option are ignored, as in
//!   Confluent.
//! * Confluent's metadata and rule sets (data contracts' `confluent:reserved`) are not read.
//! * Type names are resolved the way Confluent resolves them (innermost scope outwards, the whole
//!   dotted name at each step), not protoc's first-component rule.

mod diff;
mod lexer;
mod parser;

use std::collections::HashMap;

use crate::{Error, Finding};

pub use diff::{COMPARE_DEPTH, COMPARISON_LIMIT, MAX_FINDINGS};

/// The longest name the parser reads, in bytes: an identifier, a dotted name (a package, a type
/// a field names) or the dotted name of a declared type inside its package (`Outer.Inner`).
pub const MAX_NAME_BYTES: usize = 1000;
/// The most parts a dotted name (a package, a type a field names) may have.
pub const MAX_NAME_SEGMENTS: usize = 100;

/// The scalar types of protobuf.
pub(crate) const SCALARS: [&str; 15] = [
    "double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32", "fixed64",
    "sfixed32", "sfixed64", "bool", "string", "bytes",
];

/// A parsed `.proto` file.
#[derive(Clone, Debug)]
pub struct Schema(Box<Model>);

#[derive(Clone, Debug, Default)]
struct Model {
    syntax: Option<String>,
    edition: Option<String>,
    package: String,
    imports: Vec<String>,
    messages: Vec<Message>,
    enums: Vec<Enum>,
    /// The top-level messages and enums, in file order.
    top: Vec<TypeId>,
    /// The top-level messages and enums by name (a message's nested types are in its
    /// [`Message::members`]); a dotted name is looked up one part at a time.
    top_names: HashMap<String, TypeId>,
    unresolved: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TypeId {
    Message(usize),
    Enum(usize),
}

#[derive(Clone, Debug, Default)]
struct Message {
    name: String,
    /// The dotted name inside the package (`Outer.Inner`).
    local: String,
    fields: Vec<Field>,
    oneofs: Vec<String>,
    /// Nested messages and enums, in order.
    nested: Vec<TypeId>,
    /// The same, by name.
    members: HashMap<String, TypeId>,
    /// The message this one is nested in.
    parent: Option<usize>,
}

#[derive(Clone, Debug)]
struct Field {
    name: String,
    number: u32,
    label: Option<Label>,
    ty: FieldType,
    /// Index into the message's `oneofs`.
    oneof: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Label {
    Optional,
    Required,
    Repeated,
}

impl Label {
    fn word(self) -> &'static str {
        match self {
            Label::Optional => "optional",
            Label::Required => "required",
            Label::Repeated => "repeated",
        }
    }
}

#[derive(Clone, Debug)]
enum FieldType {
    Scalar(&'static str),
    /// A message or enum, as spelled.
    Named(String),
    Map(Box<FieldType>, Box<FieldType>),
}

impl FieldType {
    fn spelled(&self) -> String {
        match self {
            FieldType::Scalar(s) => (*s).to_owned(),
            FieldType::Named(n) => n.clone(),
            FieldType::Map(k, v) => format!("map<{}, {}>", k.spelled(), v.spelled()),
        }
    }
}

#[derive(Clone, Debug)]
struct Enum {
    local: String,
}

impl Schema {
    /// Reads a `.proto` file. Errors give the line and column of the offending token; nesting
    /// deeper than [`crate::limits::MAX_DEPTH`] or a oneof larger than
    /// [`crate::limits::MAX_UNION`] is an [`Error::Limit`].
    pub fn parse(text: &str) -> Result<Schema, Error> {
        parser::parse(text).map(|m| Schema(Box::new(m)))
    }

    /// `proto2` or `proto3` when the file says (`None`: no `syntax` statement, which protoc reads
    /// as proto2, or an `edition` file).
    pub fn syntax(&self) -> Option<&str> {
        self.0.syntax.as_deref()
    }

    /// The edition of an `edition = "2023";` file.
    pub fn edition(&self) -> Option<&str> {
        self.0.edition.as_deref()
    }

    /// The package, empty when there is none.
    pub fn package(&self) -> &str {
        &self.0.package
    }

    /// The files imported, as written.
    pub fn imports(&self) -> &[String] {
        &self.0.imports
    }

    /// The messages and enums, by dotted name inside the package, in file order.
    pub fn type_names(&self) -> Vec<&str> {
        let mut out = Vec::new();
        let mut stack: Vec<TypeId> = self.0.top.iter().rev().copied().collect();
        while let Some(id) = stack.pop() {
            match id {
                TypeId::Message(i) => {
                    out.push(self.0.messages[i].local.as_str());
                    stack.extend(self.0.messages[i].nested.iter().rev().copied());
                }
                TypeId::Enum(i) => out.push(self.0.enums[i].local.as_str()),
            }
        }
        out
    }

    /// Field types this file names but does not declare (`Message.field: Type`): types of
    /// imported files, which this module does not read, or misspellings.
    pub fn unresolved_types(&self) -> &[String] {
        &self.0.unresolved
    }
}

impl Model {
    /// Finds a type named `name` from inside message `scope` (`None`: at the top of the file),
    /// as Confluent resolves it: a leading dot names a full name; otherwise the whole name is
    /// tried in the innermost scope first (the enclosing messages, the package, then each
    /// shorter prefix of the package), then on its own as a full name.
    ///
    /// Every candidate is a full name `prefix.name` of this file's types only if it is the
    /// package followed by a dotted local name, so no candidate is ever built: each scope is
    /// walked down `name`'s parts, and a prefix of the package only checks that `name` starts
    /// with the rest of the package. The cost is linear in `name` per scope.
    fn lookup(&self, scope: Option<usize>, name: &str) -> Option<TypeId> {
        if let Some(full) = name.strip_prefix('.') {
            return self.in_package(full);
        }
        let mut at = scope;
        while let Some(m) = at {
            if let Some(id) = self.walk(Some(m), name) {
                return Some(id);
            }
            at = self.messages[m].parent;
        }
        if self.package.is_empty() {
            return self.walk(None, name);
        }
        if let Some(id) = self.walk(None, name) {
            return Some(id);
        }
        // `a.b.c` as the package: the candidates `a.b.{name}`, `a.{name}`, then `{name}`, each
        // of which is `a.b.c.{local}` when `name` is `c.{local}`, `b.c.{local}`, `a.b.c.{local}`.
        let package = self.package.as_str();
        for (dot, _) in package.match_indices('.').rev() {
            if let Some(local) = after_prefix(name, &package[dot + 1..]) {
                if let Some(id) = self.walk(None, local) {
                    return Some(id);
                }
            }
        }
        self.in_package(name)
    }

    /// The type whose full name (package included) is `full`.
    fn in_package(&self, full: &str) -> Option<TypeId> {
        if self.package.is_empty() {
            return self.walk(None, full);
        }
        after_prefix(full, &self.package).and_then(|local| self.walk(None, local))
    }

    /// The type `local` (`Outer.Inner`) names inside message `from` (`None`: the file's top).
    fn walk(&self, from: Option<usize>, local: &str) -> Option<TypeId> {
        let mut names = match from {
            Some(m) => &self.messages[m].members,
            None => &self.top_names,
        };
        let mut parts = local.split('.');
        let mut id = *names.get(parts.next()?)?;
        for part in parts {
            names = match id {
                TypeId::Message(m) => &self.messages[m].members,
                TypeId::Enum(_) => return None,
            };
            id = *names.get(part)?;
        }
        Some(id)
    }

    /// The dotted name inside the package of a type.
    fn local(&self, id: TypeId) -> &str {
        match id {
            TypeId::Message(i) => &self.messages[i].local,
            TypeId::Enum(i) => &self.enums[i].local,
        }
    }

    /// Records the field types that name nothing in this file.
    fn resolve(&mut self) {
        let mut unresolved = Vec::new();
        for (i, m) in self.messages.iter().enumerate() {
            for f in &m.fields {
                let name = match &f.ty {
                    FieldType::Named(n) => n,
                    FieldType::Map(_, v) => match v.as_ref() {
                        FieldType::Named(n) => n,
                        _ => continue,
                    },
                    FieldType::Scalar(_) => continue,
                };
                if self.lookup(Some(i), name).is_none() {
                    unresolved.push(format!("{}.{}: {name}", m.local, f.name));
                }
            }
        }
        self.unresolved = unresolved;
    }
}

/// `s` after `prefix` and a dot.
fn after_prefix<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    s.strip_prefix(prefix)?.strip_prefix('.')
}

/// Reads a `.proto` file (the same as [`Schema::parse`]).
pub fn parse(text: &str) -> Result<Schema, Error> {
    Schema::parse(text)
}

/// What goes wrong when `reader` reads data written with `writer`: Confluent's incompatible
/// differences of `writer` (original) to `reader` (update), each once, at most [`MAX_FINDINGS`]
/// of them (then a `COMPARISON_LIMIT` finding ends the list).
pub fn compare(reader: &Schema, writer: &Schema) -> Vec<Finding> {
    diff::compare(reader, writer)
}
