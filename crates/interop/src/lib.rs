//! What teams already run, turned into designs, and designs turned back into what their tools
//! read: text in, a `kafka-design/v1` document and warnings out.
//!
//! Formats read ([`Format`]):
//!
//! * **AsyncAPI** 2.0–2.6 and 3.0–3.1, YAML or JSON ([`asyncapi`]): channels become topics,
//!   operations producers and consumer groups, messages schema subjects, servers the cluster's
//!   ways in. The same API written in 2.6 and in 3.0 gives the same design.
//! * **Kafka Streams `Topology#describe()`** text ([`streams`]): a stream processor per
//!   sub-topology, its source and sink topics, repartition and changelog topics marked internal,
//!   global stores read in full by every instance.
//! * **`kafka-topics.sh --describe`** ([`topics_describe`]) and **`kafka-consumer-groups.sh
//!   --describe`** ([`groups_describe`]) output: topics with every setting, groups with their
//!   members and the lag they are behind.
//! * The studio's own **Strimzi `KafkaTopic`** and **Terraform `confluent_kafka_topic`**
//!   exports ([`iac`]).
//!
//! And written: an **AsyncAPI 3.0** document of any design ([`asyncapi::export`]).
//!
//! An importer takes what it can and says what it skipped: a warning names the line or the path
//! it is about, and one bad part never fails the whole document. Text that is not the format at
//! all is an [`Error`] with its line and column. Every input is bounded ([`limits`]): its size,
//! the depth of its nesting, YAML aliases, the nodes and edges it makes.
//!
//! Non-goals: no IO (a `$ref` to another file is reported, not fetched), no network, no
//! analysis. The result passes [`design::validate`]: whatever an importer could not fit in the
//! model's limits is left out with a warning.

pub mod asyncapi;
mod build;
mod columns;
mod detect;
pub mod groups_describe;
pub mod iac;
pub mod limits;
pub mod streams;
pub mod topics_describe;
mod yaml;

use std::fmt;
use std::str::FromStr;

use design::Design;
use serde::{Deserialize, Serialize};

pub use detect::detect;

/// The formats an import reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// AsyncAPI 2.x or 3.x, YAML or JSON (`asyncapi`).
    Asyncapi,
    /// Kafka Streams `Topology#describe()` text (`streams-topology`).
    StreamsTopology,
    /// `kafka-topics.sh --describe` output (`kafka-topics-describe`).
    KafkaTopicsDescribe,
    /// `kafka-consumer-groups.sh --describe` output (`consumer-groups-describe`).
    ConsumerGroupsDescribe,
    /// Strimzi `KafkaTopic` resources (`strimzi`).
    Strimzi,
    /// Terraform `confluent_kafka_topic` resources (`terraform`).
    Terraform,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Asyncapi,
        Format::StreamsTopology,
        Format::KafkaTopicsDescribe,
        Format::ConsumerGroupsDescribe,
        Format::Strimzi,
        Format::Terraform,
    ];

    /// Every format's name, for messages.
    pub const NAMES: &'static str =
        "asyncapi, streams-topology, kafka-topics-describe, consumer-groups-describe, strimzi, terraform";

    /// The name in `?format=` and `--format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Asyncapi => "asyncapi",
            Format::StreamsTopology => "streams-topology",
            Format::KafkaTopicsDescribe => "kafka-topics-describe",
            Format::ConsumerGroupsDescribe => "consumer-groups-describe",
            Format::Strimzi => "strimzi",
            Format::Terraform => "terraform",
        }
    }

    /// What people call it, for messages (`an AsyncAPI document`).
    pub fn label(self) -> &'static str {
        match self {
            Format::Asyncapi => "an AsyncAPI document",
            Format::StreamsTopology => "a Kafka Streams topology description",
            Format::KafkaTopicsDescribe => "kafka-topics.sh --describe output",
            Format::ConsumerGroupsDescribe => "kafka-consumer-groups.sh --describe output",
            Format::Strimzi => "Strimzi KafkaTopic resources",
            Format::Terraform => "Terraform confluent_kafka_topic resources",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = Error;

    fn from_str(name: &str) -> Result<Format, Error> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .ok_or_else(|| Error::UnknownFormat {
                name: name.chars().take(40).collect(),
            })
    }
}

/// What an import may be told besides the text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The Kafka Streams `application.id`, which prefixes internal topic names
    /// (`<application.id>-<store>-changelog`); a default is used and said when absent.
    pub application_id: Option<String>,
}

/// Something an import skipped, guessed or could not carry, and where in the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub message: String,
    /// `line 12`, or a path such as `channels.orders.bindings.kafka.partitions`.
    pub location: String,
}

impl Warning {
    pub fn new(location: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            location: location.into(),
        }
    }

    /// A warning about line `line` (1-based).
    pub fn at_line(line: usize, message: impl Into<String>) -> Self {
        Self::new(format!("line {line}"), message)
    }
}

/// A design made from a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub format: Format,
    /// Laid out and valid.
    pub design: Design,
    /// In the order met in the text.
    pub warnings: Vec<Warning>,
}

/// Why nothing could be imported.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The text is not the format (or not any format, when detected): where it stopped making sense.
    #[error("not {}: {message} (line {line}, column {column})", format.label())]
    Syntax {
        format: Format,
        line: usize,
        column: usize,
        message: String,
    },
    /// The format could not be told from the text.
    #[error(
        "the format could not be told from the text; name it as one of {}",
        Format::NAMES
    )]
    Undetected,
    #[error("`{name}` is not an import format; use one of {}", Format::NAMES)]
    UnknownFormat { name: String },
    /// The text is larger than [`limits::MAX_BYTES`].
    #[error("the text is {bytes} bytes; at most {max} are read")]
    TooLarge { bytes: usize, max: usize },
    /// The text is the format but goes past a limit (nesting, aliases, nodes, edges).
    #[error("{message}")]
    Limit { message: String },
}

impl Error {
    /// The line and column the error is about, when it is about one.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            Error::Syntax { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }
}

/// Reads `text` as `format` (told from the text when `None`).
pub fn import(text: &str, format: Option<Format>, options: &Options) -> Result<Imported, Error> {
    if text.len() > limits::MAX_BYTES {
        return Err(Error::TooLarge {
            bytes: text.len(),
            max: limits::MAX_BYTES,
        });
    }
    let format = match format {
        Some(f) => f,
        None => detect(text).ok_or(Error::Undetected)?,
    };
    let (design, warnings) = match format {
        Format::Asyncapi => asyncapi::import(text)?,
        Format::StreamsTopology => streams::import(text, options)?,
        Format::KafkaTopicsDescribe => topics_describe::import(text)?,
        Format::ConsumerGroupsDescribe => groups_describe::import(text)?,
        Format::Strimzi => iac::import_strimzi(text)?,
        Format::Terraform => iac::import_terraform(text)?,
    };
    Ok(Imported {
        format,
        design,
        warnings,
    })
}
