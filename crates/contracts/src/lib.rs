//! Data contracts: a schema subject's versions checked exactly as a Schema Registry checks them.
//!
//! Three schema types ([`SchemaType`]), each parsed by its own module and compared as a
//! *reader* of data written with a *writer* schema:
//!
//! * **Avro** ([`avro`]): the specification's schema-resolution rules, as Avro's own
//!   `SchemaCompatibility` applies them (promotions, defaults, enum symbols, unions, named types
//!   and aliases, fixed sizes, recursive records, logical types), with its incompatibility kinds
//!   and locations.
//! * **Protobuf** ([`protobuf`]) and **JSON Schema** ([`json_schema`]): the rules Confluent's
//!   Schema Registry documents for them; each module lists what it does not cover.
//!
//! A [`Level`] says which way the check runs and against how many versions: `BACKWARD` — the
//! new schema reads data written with the previous one (every previous one with
//! `_TRANSITIVE`), `FORWARD` — the previous reads the new, `FULL` — both, `NONE` — nothing.
//! [`check`] answers what a registry's verbose compatibility endpoint answers: whether the new
//! version is compatible, and every incompatibility with its kind, location, a sentence a person
//! understands, and the version it conflicts with.
//!
//! Every input is bounded ([`limits`]): the text's size, its nesting, the number of versions, the
//! size of unions and of the work a comparison may do.
//!
//! Non-goals: no IO and no registry (references to other subjects are reported, not fetched), no
//! serialisation of data, no code generation.

pub mod avro;
pub mod json_schema;
pub mod limits;
pub mod position;
pub mod protobuf;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The schema types a Schema Registry knows, spelled as it spells them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum SchemaType {
    // Lower case as designs wrote the schema format before subjects had versions.
    #[default]
    #[serde(alias = "avro")]
    Avro,
    #[serde(alias = "protobuf")]
    Protobuf,
    #[serde(alias = "json")]
    Json,
}

impl SchemaType {
    pub const ALL: [SchemaType; 3] = [SchemaType::Avro, SchemaType::Protobuf, SchemaType::Json];

    /// `AVRO`, `PROTOBUF` or `JSON`.
    pub fn name(self) -> &'static str {
        match self {
            SchemaType::Avro => "AVRO",
            SchemaType::Protobuf => "PROTOBUF",
            SchemaType::Json => "JSON",
        }
    }
}

impl fmt::Display for SchemaType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for SchemaType {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, UnknownName> {
        SchemaType::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownName {
                what: "schema type",
                name: s.to_owned(),
                expected: "AVRO, PROTOBUF or JSON",
            })
    }
}

/// A subject's compatibility level, as the registry's `compatibility` setting names it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Level {
    /// The registry's default: the new schema reads data written with the previous one.
    #[default]
    Backward,
    BackwardTransitive,
    Forward,
    ForwardTransitive,
    Full,
    FullTransitive,
    None,
}

impl Level {
    pub const ALL: [Level; 7] = [
        Level::Backward,
        Level::BackwardTransitive,
        Level::Forward,
        Level::ForwardTransitive,
        Level::Full,
        Level::FullTransitive,
        Level::None,
    ];

    /// `BACKWARD`, `FULL_TRANSITIVE`, …
    pub fn name(self) -> &'static str {
        match self {
            Level::Backward => "BACKWARD",
            Level::BackwardTransitive => "BACKWARD_TRANSITIVE",
            Level::Forward => "FORWARD",
            Level::ForwardTransitive => "FORWARD_TRANSITIVE",
            Level::Full => "FULL",
            Level::FullTransitive => "FULL_TRANSITIVE",
            Level::None => "NONE",
        }
    }

    /// The new schema must read what older versions wrote (consumers upgrade first).
    pub fn backward(self) -> bool {
        matches!(
            self,
            Level::Backward | Level::BackwardTransitive | Level::Full | Level::FullTransitive
        )
    }

    /// Older versions must read what the new one writes (producers upgrade first).
    pub fn forward(self) -> bool {
        matches!(
            self,
            Level::Forward | Level::ForwardTransitive | Level::Full | Level::FullTransitive
        )
    }

    /// Checked against every previous version, not only the latest.
    pub fn transitive(self) -> bool {
        matches!(
            self,
            Level::BackwardTransitive | Level::ForwardTransitive | Level::FullTransitive
        )
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Level {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, UnknownName> {
        Level::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownName {
                what: "compatibility level",
                name: s.to_owned(),
                expected: "BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, \
                           FULL_TRANSITIVE or NONE",
            })
    }
}

/// A name that is not one of a closed list.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{name}`: expected {expected}")]
pub struct UnknownName {
    pub what: &'static str,
    pub name: String,
    pub expected: &'static str,
}

/// Which way data flows in a comparison that found an incompatibility.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The new version cannot read data an older version wrote: consumers on the new schema
    /// break on records already in the topic.
    Backward,
    /// An older version cannot read data the new one writes: consumers still on the older
    /// schema break once producers write the new one.
    Forward,
}

/// What one comparison of a reader with a writer schema found wrong, before it is known which
/// versions the reader and the writer are.
///
/// The message is a template written in code: `{reader}` and `{writer}` stand for the two
/// schemas ("the new schema", "version 3"), each `{}` for the next of `args` (names from the
/// schema, inserted as they are and never read as template).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The kind, as the schema type's own checker names it (`READER_FIELD_MISSING_DEFAULT_VALUE`,
    /// `FIELD_KIND_CHANGED`, `TYPE_NARROWED`, …).
    pub kind: &'static str,
    /// Where in the schema (a JSON pointer into an Avro or JSON Schema document; a `#/`-path of
    /// message and field names into a Protobuf file).
    pub location: String,
    pub template: &'static str,
    pub args: Vec<String>,
}

impl Finding {
    pub fn new(
        kind: &'static str,
        location: impl Into<String>,
        template: &'static str,
        args: impl IntoIterator<Item = impl Into<String>>,
    ) -> Finding {
        Finding {
            kind,
            location: location.into(),
            template,
            args: args.into_iter().map(Into::into).collect(),
        }
    }

    /// The sentence, with the reader and the writer named.
    pub fn message(&self, reader: &str, writer: &str) -> String {
        let mut out = String::with_capacity(self.template.len() + 32);
        let mut args = self.args.iter();
        let mut rest = self.template;
        while let Some(at) = rest.find('{') {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            let (piece, len) = if rest.starts_with("{reader}") {
                (reader, "{reader}".len())
            } else if rest.starts_with("{writer}") {
                (writer, "{writer}".len())
            } else if rest.starts_with("{}") {
                (args.next().map(String::as_str).unwrap_or("?"), 2)
            } else {
                ("{", 1)
            };
            out.push_str(piece);
            rest = &rest[len..];
        }
        out.push_str(rest);
        out
    }
}

/// One incompatibility of a new version with a previous one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incompatibility {
    pub kind: String,
    pub location: String,
    pub message: String,
    /// The previous version it conflicts with (1 is the oldest).
    pub version: u32,
    pub direction: Direction,
}

/// The answer of [`check`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub is_compatible: bool,
    pub messages: Vec<Incompatibility>,
}

/// A schema that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The text is not a schema of its type: where, and why. `line` and `column` are 1-based
    /// when known; `location` is a path into the schema when the text parsed but a part of it
    /// is wrong.
    #[error("{}", syntax_message(.line, .column, .location, .message))]
    Syntax {
        line: Option<usize>,
        column: Option<usize>,
        location: Option<String>,
        message: String,
    },
    /// The schema is past one of the [`limits`].
    #[error("{0}")]
    Limit(String),
}

fn syntax_message(
    line: &Option<usize>,
    column: &Option<usize>,
    location: &Option<String>,
    message: &str,
) -> String {
    match (line, column, location) {
        (Some(l), Some(c), _) => format!("line {l}, column {c}: {message}"),
        (Some(l), None, _) => format!("line {l}: {message}"),
        (None, _, Some(p)) => format!("at {p}: {message}"),
        _ => message.to_owned(),
    }
}

/// An error in one of the versions given to [`check`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{which}: {error}")]
pub struct VersionError {
    /// `Some(n)` for version `n` (1 is the oldest); `None` for a new schema not yet numbered.
    pub version: Option<u32>,
    which: String,
    #[source]
    pub error: Error,
}

impl VersionError {
    fn new(version: Option<u32>, error: Error) -> Self {
        let which = match version {
            None => "the new schema".to_owned(),
            Some(n) => format!("version {n}"),
        };
        VersionError {
            version,
            which,
            error,
        }
    }
}

/// A parsed schema of any type.
#[derive(Clone, Debug)]
pub enum Schema {
    Avro(avro::Schema),
    Protobuf(protobuf::Schema),
    Json(json_schema::Schema),
}

impl Schema {
    /// Parses `text` as a schema of type `ty`, within the [`limits`].
    pub fn parse(ty: SchemaType, text: &str) -> Result<Schema, Error> {
        if text.len() > limits::MAX_SCHEMA_BYTES {
            return Err(Error::Limit(format!(
                "a schema is at most {} KiB; this one is {} KiB",
                limits::MAX_SCHEMA_BYTES / 1024,
                text.len().div_ceil(1024)
            )));
        }
        Ok(match ty {
            SchemaType::Avro => Schema::Avro(avro::Schema::parse(text)?),
            SchemaType::Protobuf => Schema::Protobuf(protobuf::Schema::parse(text)?),
            SchemaType::Json => Schema::Json(json_schema::Schema::parse(text)?),
        })
    }

    /// What goes wrong when `self` reads data written with `writer`; empty when nothing does.
    /// Schemas of different types cannot be compared: that is one finding.
    pub fn read_findings(&self, writer: &Schema) -> Vec<Finding> {
        match (self, writer) {
            (Schema::Avro(r), Schema::Avro(w)) => avro::compare(r, w),
            (Schema::Protobuf(r), Schema::Protobuf(w)) => protobuf::compare(r, w),
            (Schema::Json(r), Schema::Json(w)) => json_schema::compare(r, w),
            _ => vec![Finding::new(
                "SCHEMA_TYPE_CHANGED",
                "/",
                "{reader} and {writer} are of different schema types: a registry compares versions of one type only",
                [""; 0],
            )],
        }
    }
}

/// How messages name the version being checked.
const NEW: &str = "the new schema";

/// Checks a new version of a subject against its previous versions (oldest first) at `level`,
/// as a registry's `POST /compatibility/subjects/{subject}/versions?verbose=true` does.
pub fn check(ty: SchemaType, level: Level, new: &str, previous: &[&str]) -> Result<Verdict, VersionError> {
    check_as(ty, level, new, None, previous)
}

/// Checks the newest of a subject's versions (the last of `versions`, oldest first) against the
/// ones before it, naming it by its number ("version 4") in messages and errors.
pub fn check_latest(ty: SchemaType, level: Level, versions: &[&str]) -> Result<Verdict, VersionError> {
    match versions.split_last() {
        None => Ok(Verdict {
            is_compatible: true,
            messages: Vec::new(),
        }),
        Some((new, previous)) => {
            let n = u32::try_from(versions.len()).unwrap_or(u32::MAX);
            check_as(ty, level, new, Some(n), previous)
        }
    }
}

fn check_as(
    ty: SchemaType,
    level: Level,
    new: &str,
    new_version: Option<u32>,
    previous: &[&str],
) -> Result<Verdict, VersionError> {
    if previous.len() > limits::MAX_VERSIONS {
        return Err(VersionError::new(
            new_version,
            Error::Limit(format!(
                "a subject keeps at most {} versions here; {} were given",
                limits::MAX_VERSIONS,
                previous.len()
            )),
        ));
    }
    let new_name = new_version.map_or_else(|| NEW.to_owned(), |n| format!("version {n}"));
    let new = Schema::parse(ty, new).map_err(|e| VersionError::new(new_version, e))?;
    // Only the versions the level compares with are parsed: a registry does not re-read the
    // others either.
    let first = if level.transitive() {
        0
    } else {
        previous.len().saturating_sub(1)
    };
    let mut messages = Vec::new();
    // Findings past the cap are counted, not kept; the comparisons stop once it is reached.
    let mut left_out = 0usize;
    if level != Level::None {
        for (i, text) in previous.iter().enumerate().skip(first) {
            if messages.len() >= limits::MAX_MESSAGES {
                break;
            }
            let version = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let old = Schema::parse(ty, text).map_err(|e| VersionError::new(Some(version), e))?;
            let this = format!("version {version}");
            let mut add = |find: &dyn Fn() -> Vec<Finding>, direction| {
                let (reader, writer) = match direction {
                    Direction::Backward => (new_name.as_str(), this.as_str()),
                    Direction::Forward => (this.as_str(), new_name.as_str()),
                };
                let room = limits::MAX_MESSAGES.saturating_sub(messages.len());
                if room == 0 {
                    return;
                }
                let findings = find();
                left_out += findings.len().saturating_sub(room);
                messages.extend(findings.into_iter().take(room).map(|f| Incompatibility {
                    kind: f.kind.to_owned(),
                    message: f.message(reader, writer),
                    location: f.location,
                    version,
                    direction,
                }))
            };
            if level.backward() {
                add(&|| new.read_findings(&old), Direction::Backward);
            }
            if level.forward() {
                add(&|| old.read_findings(&new), Direction::Forward);
            }
        }
        if messages.len() >= limits::MAX_MESSAGES {
            let last = messages
                .last()
                .map_or((1, Direction::Backward), |m| (m.version, m.direction));
            messages.push(Incompatibility {
                kind: "COMPARISON_LIMIT".into(),
                location: "/".into(),
                message: format!(
                    "{} incompatibilities are listed; the check stopped there ({} more found and \
                     not listed, and later versions not compared)",
                    limits::MAX_MESSAGES,
                    left_out
                ),
                version: last.0,
                direction: last.1,
            });
        }
    }
    Ok(Verdict {
        is_compatible: messages.is_empty(),
        messages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_registrys() {
        for ty in SchemaType::ALL {
            assert_eq!(ty.name().parse::<SchemaType>(), Ok(ty));
            assert_eq!(
                serde_json::to_value(ty).unwrap(),
                serde_json::Value::String(ty.name().into())
            );
        }
        for level in Level::ALL {
            assert_eq!(level.name().parse::<Level>(), Ok(level));
            assert_eq!(
                serde_json::to_value(level).unwrap(),
                serde_json::Value::String(level.name().into())
            );
        }
        assert!("SIDEWAYS".parse::<Level>().is_err());
        assert_eq!(Level::default(), Level::Backward);
    }

    #[test]
    fn messages_name_reader_writer_and_arguments_without_reading_arguments_as_template() {
        let f = Finding::new(
            "READER_FIELD_MISSING_DEFAULT_VALUE",
            "/fields/1",
            "field `{}` was added to {reader} without a default: records written with {writer} have no value for it",
            ["{writer}"],
        );
        assert_eq!(
            f.message("the new schema", "version 3"),
            "field `{writer}` was added to the new schema without a default: records written with version 3 have no value for it"
        );
        let odd = Finding::new("X", "/", "a {b} {} {}", ["1"]);
        assert_eq!(odd.message("r", "w"), "a {b} 1 ?");
    }

    #[test]
    fn levels_run_their_directions() {
        use Level::*;
        let table = [
            (Backward, true, false, false),
            (BackwardTransitive, true, false, true),
            (Forward, false, true, false),
            (ForwardTransitive, false, true, true),
            (Full, true, true, false),
            (FullTransitive, true, true, true),
            (None, false, false, false),
        ];
        for (level, b, f, t) in table {
            assert_eq!(
                (level.backward(), level.forward(), level.transitive()),
                (b, f, t),
                "{level}"
            );
        }
    }
}
