//! JSON Schema: documents read and compared as Confluent's Schema Registry compares them
//! (`io.confluent.kafka.schemaregistry.json.diff`: `SchemaDiff`, `ObjectSchemaDiff`,
//! `ArraySchemaDiff`, `CombinedSchemaDiff`, …), with its default, strict, set of compatible
//! changes.
//!
//! [`compare`]`(reader, writer)` is Confluent's `SchemaDiff.compare(original = writer, update =
//! reader)`, keeping only the incompatible differences, with Confluent's kind names and its
//! `#/properties/foo`-style locations (`#/` is the root; a subschema of `oneOf` is
//! `#/…/oneOf/0`, an item of a tuple `#/…/items/1`). The schema is first read the way the everit
//! loader Confluent uses reads it: `"type": [...]` is an `anyOf` of one schema per type; keywords
//! of several kinds side by side (`type` with `enum`, `oneOf` with `properties`, …) are an
//! `allOf` of one schema per kind; without `type`, the kind is guessed from the keywords.
//!
//! The incompatible kinds reported:
//! * types: `TYPE_CHANGED`, `TYPE_NARROWED` (number → integer), `SCHEMA_ADDED` (a subschema
//!   where there was none, e.g. `items`);
//! * strings: `MAX_LENGTH_ADDED`/`_DECREASED`, `MIN_LENGTH_ADDED`/`_INCREASED`,
//!   `PATTERN_ADDED`/`_CHANGED`;
//! * numbers: `MAXIMUM_ADDED`/`_DECREASED`, `MINIMUM_ADDED`/`_INCREASED`,
//!   `EXCLUSIVE_MAXIMUM_ADDED`/`_DECREASED`, `EXCLUSIVE_MINIMUM_ADDED`/`_INCREASED`,
//!   `MULTIPLE_OF_ADDED`/`_EXPANDED`/`_CHANGED`;
//! * objects: `REQUIRED_ATTRIBUTE_ADDED`, `OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL`,
//!   `REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL`,
//!   `REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL`,
//!   `REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL`, `PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL`,
//!   `PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL`,
//!   `PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL`,
//!   `ADDITIONAL_PROPERTIES_REMOVED`/`_NARROWED`, `UNEVALUATED_PROPERTIES_REMOVED`/`_NARROWED`,
//!   `DEPENDENCY_ARRAY_ADDED`/`_EXTENDED`/`_CHANGED`, `DEPENDENCY_SCHEMA_ADDED`,
//!   `MAX_PROPERTIES_ADDED`/`_DECREASED`, `MIN_PROPERTIES_ADDED`/`_INCREASED`;
//! * arrays: `ITEM_ADDED_TO_OPEN_CONTENT_MODEL`, `ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL`,
//!   `ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL`,
//!   `ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL`, `ADDITIONAL_ITEMS_REMOVED`/
//!   `_NARROWED`, `UNEVALUATED_ITEMS_REMOVED`/`_NARROWED`, `MAX_ITEMS_ADDED`/`_DECREASED`,
//!   `MIN_ITEMS_ADDED`/`_INCREASED`, `MAX_CONTAINS_ADDED`/`_DECREASED`,
//!   `MIN_CONTAINS_ADDED`/`_INCREASED`, `UNIQUE_ITEMS_ADDED`;
//! * `ENUM_ARRAY_NARROWED`, `ENUM_ARRAY_CHANGED` (also a changed `const`);
//! * combined schemas: `COMBINED_TYPE_CHANGED`, `PRODUCT_TYPE_EXTENDED` (more `allOf`),
//!   `SUM_TYPE_NARROWED` (fewer `oneOf`/`anyOf`), `COMBINED_TYPE_SUBSCHEMAS_CHANGED` (no
//!   one-to-one compatible matching of subschemas), `NOT_TYPE_EXTENDED`;
//! * and two of this crate: `REFERENCE_NOT_FOLLOWED` (a `$ref` to another document, differing
//!   between the two schemas: it is not fetched) and `COMPARISON_LIMIT` (the comparison
//!   stopped after [`crate::limits::MAX_COMPARISONS`] steps, or found more than
//!   [`MAX_FINDINGS`] differences, of which only the first are listed).
//!
//! Local `$ref`s (`#`, `#/definitions/…`, `#/$defs/…`, any JSON pointer into the document) are
//! followed; pairs of subschemas are compared once (memoised) and a pair met again inside itself
//! is taken as compatible, then re-checked to a fixpoint as Confluent does, so recursive schemas
//! terminate.
//!
//! Drafts: `$schema` names draft 4, 6, 7 (the default), 2019-09 or 2020-12. Draft 4's boolean
//! `exclusiveMinimum`/`exclusiveMaximum` are read as flags (not compared); later drafts' numbers
//! are limits. `definitions` and `$defs`, `dependencies` and `dependentRequired`/
//! `dependentSchemas` are read in every draft. 2020-12's `prefixItems` with `items` are read as
//! the tuple `items` with `additionalItems` of earlier drafts (locations keep Confluent's
//! `items/<n>`).
//!
//! Not covered:
//! * `$ref`s to other documents (and `$id`-based or `$anchor` references) are not fetched; two
//!   identical ones are taken as equal. Keywords beside a `$ref` are ignored (as in draft 7).
//! * `patternProperties` patterns are matched by a small subset of regular expressions: a
//!   literal with `^`/`$` anchors; any other pattern is taken as matching no property name.
//! * `format`, `contains`, `propertyNames`, `if`/`then`/`else`, `dependentRequired` in
//!   `unevaluated*` evaluation, `contentEncoding`/`contentMediaType` are not compared (nor are
//!   they by Confluent).
//! * Only Confluent's strict (default) compatible set: the lenient mode
//!   (`json.schema.compatibility.mode`) is not offered.
//! * Confluent's metadata and rule sets (`confluent:reserved` properties) are not read.
//! * Confluent compares the old `EXCLUSIVE_MAXIMUM` with the new `maximum` (a slip in its code);
//!   here the two exclusive limits are compared.

mod diff;
mod load;
mod scalars;
mod shapes;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::{Error, Finding};

pub use diff::MAX_FINDINGS;
use scalars::bound as scalars_bound;

/// A parsed JSON Schema document.
#[derive(Clone, Debug)]
pub struct Schema(Box<Model>);

#[derive(Clone, Debug)]
struct Model {
    nodes: Vec<Node>,
    root: usize,
    draft: Draft,
}

/// The JSON Schema drafts whose keywords differ in what this module reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Draft {
    Draft4,
    Draft6,
    Draft7,
    Draft2019,
    Draft2020,
}

#[derive(Clone, Debug)]
struct Node {
    kind: Kind,
    /// Where it is in its document (`#/properties/a`).
    location: String,
    /// Its JSON, as a number equal for equal JSON within one document, to collapse duplicate
    /// subschemas of `allOf`/`anyOf`/`oneOf` (a copy of each subtree would take memory growing
    /// with the document's size times its depth).
    shape: u32,
    has_default: bool,
    /// `"connect.type": "bytes"` (Kafka Connect's bytes, compatible with each other).
    connect_bytes: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
// The variants are the keywords' names.
#[allow(clippy::enum_variant_names)]
enum Crit {
    AllOf,
    AnyOf,
    OneOf,
}

impl Crit {
    fn word(self) -> &'static str {
        match self {
            Crit::AllOf => "allOf",
            Crit::AnyOf => "anyOf",
            Crit::OneOf => "oneOf",
        }
    }
}

#[derive(Clone, Debug)]
enum Kind {
    /// `{}` or only annotations.
    Empty,
    True,
    False,
    Boolean,
    Null,
    String {
        min_length: Option<u64>,
        max_length: Option<u64>,
        pattern: Option<String>,
    },
    Number {
        integer: bool,
        minimum: Option<f64>,
        maximum: Option<f64>,
        exclusive_minimum: Option<f64>,
        exclusive_maximum: Option<f64>,
        /// As written, for exact decimal arithmetic.
        multiple_of: Option<String>,
    },
    Object(Box<ObjectS>),
    Array(Box<ArrayS>),
    /// The values, each as canonical JSON text (members of objects in order of their names), so
    /// that two lists are compared through sets.
    Enum(Vec<String>),
    Const(Value),
    Combined(Crit, Vec<usize>),
    Not(usize),
    /// A local `$ref`, resolved: to a node that is not a `$ref`, or for a cycle made only of
    /// references, to a `$ref` of the cycle (the empty schema).
    Ref(usize),
    /// A `$ref` to another document, not followed.
    Remote(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Additional {
    Allowed,
    Forbidden,
    Schema(usize),
}

#[derive(Clone, Debug)]
struct ObjectS {
    properties: BTreeMap<String, usize>,
    pattern_properties: BTreeMap<String, usize>,
    required: BTreeSet<String>,
    additional: Additional,
    dep_arrays: BTreeMap<String, BTreeSet<String>>,
    dep_schemas: BTreeMap<String, usize>,
    min_properties: Option<u64>,
    max_properties: Option<u64>,
    unevaluated: Option<usize>,
}

#[derive(Clone, Debug)]
struct ArrayS {
    all_items: Option<usize>,
    item_list: Option<Vec<usize>>,
    additional: Additional,
    min_items: Option<u64>,
    max_items: Option<u64>,
    unique: bool,
    min_contains: Option<u64>,
    max_contains: Option<u64>,
    unevaluated: Option<usize>,
}

/// Subschemas one document is read into at most (each `$ref` target, `type` entry and keyword
/// of its own kind counts); more is an [`Error::Limit`].
pub const MAX_NODES: usize = 100_000;

impl Schema {
    /// Reads a JSON Schema document. JSON syntax errors carry serde_json's line and column;
    /// a wrong keyword carries the JSON pointer of where it is. Nesting deeper than
    /// [`crate::limits::MAX_DEPTH`] subschemas or a `oneOf`/`anyOf`/`allOf` longer than
    /// [`crate::limits::MAX_UNION`], or more than [`MAX_NODES`] subschemas, is an
    /// [`Error::Limit`].
    pub fn parse(text: &str) -> Result<Schema, Error> {
        load::check_nesting(text)?;
        let value: Value = serde_json::from_str(text).map_err(|e| Error::Syntax {
            line: Some(e.line()),
            column: Some(e.column()),
            location: None,
            message: format!("not JSON: {e}"),
        })?;
        load::load(value).map(|m| Schema(Box::new(m)))
    }

    /// The draft named by `$schema` (draft 7 when none is named).
    pub fn draft(&self) -> Draft {
        self.0.draft
    }

    /// The `$ref`s to other documents, which are not followed.
    pub fn remote_refs(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .0
            .nodes
            .iter()
            .filter_map(|n| match &n.kind {
                Kind::Remote(r) => Some(r.as_str()),
                _ => None,
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// A name (of a property, a definition, a pattern, a dependency) as one segment of a JSON
/// pointer: `~` is `~0` and `/` is `~1` (RFC 6901).
fn segment(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// Reads a JSON Schema document (the same as [`Schema::parse`]).
pub fn parse(text: &str) -> Result<Schema, Error> {
    Schema::parse(text)
}

/// What goes wrong when `reader` reads data written with `writer`: Confluent's incompatible
/// differences of `writer` (original) to `reader` (update).
pub fn compare(reader: &Schema, writer: &Schema) -> Vec<Finding> {
    diff::compare(&reader.0, &writer.0)
}
