//! Avro schemas: parsed from their JSON text and compared as a *reader* of data written with a
//! *writer* schema, by the specification's [schema-resolution rules][spec] as Avro Java's
//! `org.apache.avro.SchemaCompatibility` applies them.
//!
//! [spec]: https://avro.apache.org/docs/1.11.1/specification/#schema-resolution
//!
//! # What is checked
//!
//! [`Schema::parse`] reads primitive types (as names or `{"type": "int"}` objects), records
//! (and `error`), enums, fixed, arrays, maps and unions; full names with the namespace rules of
//! the specification (a dotted name carries its namespace, otherwise `namespace`, otherwise the
//! enclosing one); `aliases` of types and fields (made full names relative to the type's
//! namespace); `order`; `doc`; field `default`s, validated against the field's type; enum
//! `default`s; logical types. It refuses, with the JSON pointer of the offending part, unknown
//! type names, duplicate fields and symbols, invalid names, names redefined or named after a
//! primitive type, fixed without size, unions directly containing unions, unions with two
//! branches of the same type (or the same full name), and defaults that do not match their type.
//! Syntax errors carry serde_json's line and column.
//!
//! [`compare`] answers what `SchemaCompatibility.checkReaderWriterCompatibility(reader,
//! writer)` answers: every incompatibility (not only the first), with Java's kinds verbatim —
//! `NAME_MISMATCH`, `FIXED_SIZE_MISMATCH`, `MISSING_ENUM_SYMBOLS`,
//! `READER_FIELD_MISSING_DEFAULT_VALUE`, `TYPE_MISMATCH`, `MISSING_UNION_BRANCH` — in Java's
//! order and at Java's locations: a JSON-pointer-like path (`/`, `/fields/0/type`, `/symbols`,
//! `/size`, `/name`, `/items`, `/values`) into the reader schema, where a number after a union
//! is the index of the *writer's* union branch that cannot be read (as in Java). Covered:
//! promotions (int→long/float/double, long→float/double, float→double, string↔bytes), records
//! (fields matched by name, then by the reader field's aliases; reader fields absent from the
//! writer need a default; writer fields absent from the reader are skipped), enums (writer
//! symbols the reader lacks are incompatible unless the reader enum has a `default`), unions on
//! either side (every writer branch must be readable; a reader union reads a writer type when
//! any of its branches does), named types (equal unqualified names, or a reader alias equal to
//! the writer's full name — Java's `schemaNameEquals`), fixed sizes, array items and map values,
//! and recursive types: each pair of reader and writer types is compared once and remembered,
//! and a pair met again while it is being compared counts as compatible (Java's memo).
//!
//! The comparison is bounded: past [`crate::limits::MAX_COMPARISONS`] type comparisons (a remembered
//! result re-used counts as many comparisons as it has incompatibilities) or past a nesting of
//! [`COMPARE_DEPTH`] it stops and adds a finding of its own kind, [`COMPARISON_LIMIT`], at `/`:
//! the verdict is then "incompatible", because nothing is known about the rest. To stay far
//! below that on real schemas (a topic's union of many event records), a reader union tries
//! only the branches that can read the writer's type at all — the same kind with a matching
//! name, or a promotion; Java also tries the others and discards what it finds, so the verdict
//! and the findings are the same.
//!
//! # What is not checked
//!
//! * No data is serialised or read; defaults are checked for their shape only.
//! * Schema references to other subjects (a registry's `references`) are not fetched: a type
//!   name not defined in the text is an unknown type, and the error says so.
//! * Parsing canonical form and fingerprints are not computed; custom properties are ignored.
//!
//! # Departures from Avro Java, each documented
//!
//! 1. **Decimal precision and scale.** Java's checker ignores logical types: `decimal(10,2)`
//!    reads `decimal(12,4)` there. The specification says two decimals *match* only when their
//!    scales and precisions match, so when reader and writer are both valid decimals that differ
//!    this reports a `TYPE_MISMATCH` (where Java reports nothing). Every other logical type only
//!    annotates its underlying type, as in Java; an invalid logical type (a decimal whose scale
//!    exceeds its precision, `date` on a string, …) is ignored and the underlying type used, as
//!    the specification says.
//! 2. **A reader field missing from the writer whose type is an enum with a default.** Java
//!    compares that enum with the *enclosing writer record* and so reports `TYPE_MISMATCH` at
//!    `/fields/N/type`; an enum's default does not give the field a value, so this reports
//!    `READER_FIELD_MISSING_DEFAULT_VALUE` at `/fields/N` like any other field without default.
//! 3. **Remembered results are re-rooted.** Java returns a remembered pair's incompatibilities
//!    with the location where the pair was first compared; here they are reported at each place
//!    the pair occurs (two fields of the same incompatible enum type: two findings, each at its
//!    own field).
//! 4. **A reader field whose name and aliases match several writer fields.** Java throws; here
//!    the field of the same name wins, else the first alias that matches.
//! 5. **Field defaults.** A union's default may match any branch (the current specification and
//!    Java; Avro ≤ 1.11's specification said the first branch only). Stricter than Java, as the
//!    specification reads: an enum default must be one of the symbols, a fixed default a string
//!    of exactly `size` characters, and bytes and fixed defaults may hold only code points 0–255
//!    (Java accepts any string).
//! 6. **Names** follow the specification (`[A-Za-z_][A-Za-z0-9_]*`), not Java's default
//!    validator, which also accepts other Unicode letters and digits. A name must be defined
//!    before it is used (depth-first, left to right), as the specification says; Java ≥ 1.12
//!    also resolves forward references. As Java, a reference without a dot is looked up in the
//!    enclosing namespace, then in the null namespace.
//! 7. **`{"type": "Name"}`** with `Name` a named type defined earlier is accepted as a reference
//!    (the specification's "derived type name"); Java refuses it.
//!
//! Where a record name is asked for ([`Schema::record_name`], for the `RecordNameStrategy`
//! subject naming), it is the top-level type's full name.

mod compare;
mod defaults;
mod names;
mod parse;

#[cfg(test)]
mod tests;

use serde_json::Value;

use crate::Error;

pub use compare::{compare, COMPARE_DEPTH, COMPARISON_LIMIT};

/// Where a type lives in [`Schema::nodes`].
type NodeId = usize;

/// A parsed Avro schema.
#[derive(Clone, Debug)]
pub struct Schema {
    nodes: Vec<Node>,
    root: NodeId,
}

impl Schema {
    /// Parses the JSON text of an Avro schema.
    pub fn parse(text: &str) -> Result<Schema, Error> {
        parse::parse(text)
    }

    /// The full name of the top-level type when it is a record, an enum or a fixed (the
    /// subject name under `RecordNameStrategy`); `None` for other top-level types.
    pub fn record_name(&self) -> Option<&str> {
        match &self.nodes[self.root].ty {
            Type::Record(r) => Some(&r.name.full),
            Type::Enum(e) => Some(&e.name.full),
            Type::Fixed(f) => Some(&f.name.full),
            _ => None,
        }
    }

    fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }
}

/// One type of a schema. Named types are one node, shared by every reference to them.
#[derive(Clone, Debug)]
struct Node {
    ty: Type,
    /// Where the type sits, for messages: "field `Rec.a`", "the items of field `Rec.b`",
    /// "record `ns.Rec`".
    label: String,
    /// A valid `decimal` logical type: precision and scale.
    decimal: Option<(u64, u64)>,
    /// A valid logical type's name.
    logical: Option<String>,
}

#[derive(Clone, Debug)]
enum Type {
    Null,
    Boolean,
    Int,
    Long,
    Float,
    Double,
    Bytes,
    String,
    Array(NodeId),
    Map(NodeId),
    Union(Vec<NodeId>),
    Record(Record),
    Enum(Enum),
    Fixed(Fixed),
}

impl Type {
    /// The type's name as the specification spells it.
    fn kind(&self) -> &'static str {
        match self {
            Type::Null => "null",
            Type::Boolean => "boolean",
            Type::Int => "int",
            Type::Long => "long",
            Type::Float => "float",
            Type::Double => "double",
            Type::Bytes => "bytes",
            Type::String => "string",
            Type::Array(_) => "array",
            Type::Map(_) => "map",
            Type::Union(_) => "union",
            Type::Record(_) => "record",
            Type::Enum(_) => "enum",
            Type::Fixed(_) => "fixed",
        }
    }

    fn name(&self) -> Option<&Name> {
        match self {
            Type::Record(r) => Some(&r.name),
            Type::Enum(e) => Some(&e.name),
            Type::Fixed(f) => Some(&f.name),
            _ => None,
        }
    }

    /// For messages: `int`, `array`, `record \`ns.Rec\``.
    fn describe(&self) -> String {
        match self.name() {
            Some(n) => format!("{} `{}`", self.kind(), n.full),
            None => self.kind().to_owned(),
        }
    }
}

/// A full name and where its unqualified part starts.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Name {
    full: String,
    short_at: usize,
}

impl Name {
    fn new(namespace: Option<&str>, short: &str) -> Name {
        match namespace {
            Some(ns) => Name {
                full: format!("{ns}.{short}"),
                short_at: ns.len() + 1,
            },
            None => Name {
                full: short.to_owned(),
                short_at: 0,
            },
        }
    }

    fn short(&self) -> &str {
        &self.full[self.short_at..]
    }

    fn namespace(&self) -> Option<&str> {
        (self.short_at > 0).then(|| &self.full[..self.short_at - 1])
    }
}

#[derive(Clone, Debug)]
struct Record {
    name: Name,
    /// Full names.
    aliases: Vec<String>,
    fields: Vec<Field>,
}

#[derive(Clone, Debug)]
struct Field {
    name: String,
    aliases: Vec<String>,
    ty: NodeId,
    default: Option<Value>,
}

#[derive(Clone, Debug)]
struct Enum {
    name: Name,
    aliases: Vec<String>,
    symbols: Vec<String>,
    default: Option<String>,
}

#[derive(Clone, Debug)]
struct Fixed {
    name: Name,
    aliases: Vec<String>,
    size: u64,
}

/// A semantic error at a JSON pointer into the schema.
fn error_at(pointer: &str, message: impl Into<String>) -> Error {
    Error::Syntax {
        line: None,
        column: None,
        location: Some(if pointer.is_empty() {
            "/".to_owned()
        } else {
            pointer.to_owned()
        }),
        message: message.into(),
    }
}
