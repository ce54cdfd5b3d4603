//! The serde types of the `kafka-design/v1` document.
//!
//! Unknown fields are **kept**: every struct carries the members it does not know in `extra`
//! and writes them back unchanged, so a document edited by a newer client survives a round trip
//! through an older server. Node positions are optional; whatever a client sent comes back.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::deployment::Deployment;
use crate::profile::LoadProfile;
use crate::subject::{Compatibility, NamingStrategy, SchemaType, SchemaVersion};

pub use crate::keys::{KeyDistribution, PastedKeys};

/// The schema tag every document carries.
pub const SCHEMA: &str = "kafka-design/v1";

/// A whole design: the cluster it runs on and the topology graph.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Design {
    pub schema: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub cluster: Cluster,
    #[serde(default)]
    pub nodes: Vec<Node>,
    #[serde(default)]
    pub edges: Vec<Edge>,
    /// The base rate's peak windows every writer follows (see [`crate::profile`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_profile: Option<LoadProfile>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Design {
    /// An empty design (no nodes, default cluster) called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            schema: SCHEMA.into(),
            name: name.into(),
            description: None,
            cluster: Cluster::default(),
            nodes: Vec::new(),
            edges: Vec::new(),
            load_profile: None,
            extra: Map::new(),
        }
    }

    /// The design without its nodes and edges: name, description, cluster, load profile,
    /// unknown fields.
    pub fn meta(&self) -> Self {
        Self {
            schema: self.schema.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            cluster: self.cluster.clone(),
            nodes: Vec::new(),
            edges: Vec::new(),
            load_profile: self.load_profile.clone(),
            extra: self.extra.clone(),
        }
    }

    /// A safe file name stem from the design's name: `orders platform` → `orders-platform`
    /// (ASCII letters, digits, `-` and `_`; at most 80 characters; `design` when nothing is left).
    pub fn file_stem(&self) -> String {
        let stem: String = self
            .name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let stem = stem
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        if stem.is_empty() {
            "design".into()
        } else {
            stem.chars().take(80).collect()
        }
    }
}

/// The cluster the design is sized for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// A fixed broker count, or `None` to let sizing choose.
    #[serde(default)]
    pub brokers: Option<u32>,
    #[serde(default = "defaults::broker_profile")]
    pub broker_profile: String,
    /// Multiplier on every producer rate, for planned growth.
    #[serde(default = "defaults::growth_factor")]
    pub growth_factor: f64,
    #[serde(default = "defaults::disk_per_broker_bytes")]
    pub disk_per_broker_bytes: f64,
    /// Extra storage for indexes, segments not yet deleted and headroom (0.30 = 30 %).
    #[serde(default = "defaults::storage_overhead")]
    pub storage_overhead: f64,
    #[serde(default = "defaults::max_disk_fill")]
    pub max_disk_fill: f64,
    #[serde(default = "defaults::target_network_utilisation")]
    pub target_network_utilisation: f64,
    /// Broker settings by their Kafka names (`auto.create.topics.enable`, …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub config: BTreeMap<String, Value>,
    /// Where clients connect (an AsyncAPI document's `servers`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub servers: Vec<Server>,
    /// Where the design runs, for the cost model (see [`crate::deployment`]); `None`: not said,
    /// and the sizing stays as it was before deployments existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment: Option<Deployment>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One way into the cluster: a bootstrap address and how clients authenticate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Server {
    /// The server's name (`production`).
    pub name: String,
    /// `host:port` (or a URL).
    pub host: String,
    /// `kafka`, `kafka-secure`, …
    pub protocol: String,
    /// How clients authenticate, in words (`SASL/SCRAM-SHA-512`); absent when none is said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Default for Cluster {
    fn default() -> Self {
        Self {
            brokers: None,
            broker_profile: defaults::broker_profile(),
            growth_factor: defaults::growth_factor(),
            disk_per_broker_bytes: defaults::disk_per_broker_bytes(),
            storage_overhead: defaults::storage_overhead(),
            max_disk_fill: defaults::max_disk_fill(),
            target_network_utilisation: defaults::target_network_utilisation(),
            config: BTreeMap::new(),
            servers: Vec::new(),
            deployment: None,
            extra: Map::new(),
        }
    }
}

mod defaults {
    pub fn broker_profile() -> String {
        "m5.2xlarge".into()
    }
    pub fn growth_factor() -> f64 {
        1.0
    }
    pub fn disk_per_broker_bytes() -> f64 {
        30e12
    }
    pub fn storage_overhead() -> f64 {
        0.30
    }
    pub fn max_disk_fill() -> f64 {
        0.80
    }
    pub fn target_network_utilisation() -> f64 {
        0.60
    }
}

/// What a node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Producer,
    SourceConnector,
    Topic,
    StreamProcessor,
    ConsumerGroup,
    SinkConnector,
    SchemaSubject,
}

impl NodeKind {
    pub const ALL: [NodeKind; 7] = [
        NodeKind::Producer,
        NodeKind::SourceConnector,
        NodeKind::Topic,
        NodeKind::StreamProcessor,
        NodeKind::ConsumerGroup,
        NodeKind::SinkConnector,
        NodeKind::SchemaSubject,
    ];

    /// The name used in documents (`source_connector`).
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Producer => "producer",
            NodeKind::SourceConnector => "source_connector",
            NodeKind::Topic => "topic",
            NodeKind::StreamProcessor => "stream_processor",
            NodeKind::ConsumerGroup => "consumer_group",
            NodeKind::SinkConnector => "sink_connector",
            NodeKind::SchemaSubject => "schema_subject",
        }
    }

    /// The name people read (`source connector`).
    pub fn label(self) -> &'static str {
        match self {
            NodeKind::Producer => "producer",
            NodeKind::SourceConnector => "source connector",
            NodeKind::Topic => "topic",
            NodeKind::StreamProcessor => "stream processor",
            NodeKind::ConsumerGroup => "consumer group",
            NodeKind::SinkConnector => "sink connector",
            NodeKind::SchemaSubject => "schema subject",
        }
    }

    /// Whether records flow out of this kind into topics.
    pub fn writes_topics(self) -> bool {
        matches!(
            self,
            NodeKind::Producer | NodeKind::SourceConnector | NodeKind::StreamProcessor
        )
    }

    /// Whether this kind reads topics (each one counts as a consumer group).
    pub fn reads_topics(self) -> bool {
        matches!(
            self,
            NodeKind::StreamProcessor | NodeKind::ConsumerGroup | NodeKind::SinkConnector
        )
    }
}

/// A topic's role: ordinary, dead-letter, or retry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TopicRole {
    #[default]
    Main,
    Dlq,
    Retry,
}

/// The engine of a stream processor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Engine {
    KafkaStreams,
    Flink,
    Ksqldb,
}

/// Where a node is drawn on the canvas.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Position {
    pub x: f64,
    pub y: f64,
}

/// A producer's key: the field it comes from and how its values are distributed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeySpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub distribution: KeyDistribution,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One element of the topology. Fields that do not apply to a node's kind are simply absent;
/// the validator says when a field is set on a kind it means nothing for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub id: String,
    pub kind: NodeKind,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,

    // producers and source connectors
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages_per_sec: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avg_message_bytes: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<KeySpec>,
    /// This writer's own peak windows: overrides the design's `load_profile` for it (windows
    /// matched by name; a window it lacks runs at × 1 for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_profile: Option<LoadProfile>,

    // topics
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<TopicRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partitions: Option<u32>,
    /// A topic a stream processor creates and owns (a repartition or changelog topic): only its
    /// application writes it. Imported from `Topology#describe()`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal: Option<bool>,

    // stream processors
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<Engine>,
    /// Output records per input record (filter selectivity < 1, fan-out > 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_ratio: Option<f64>,
    /// Keeps state (aggregations, joins): implies repartition and changelog topics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stateful: Option<bool>,

    // readers: stream processors, consumer groups, sink connectors
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instances: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads_per_instance: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing_ms_per_record: Option<f64>,
    /// The id of the dead-letter topic (role `dlq`) failed records go to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dead_letter_topic: Option<String>,
    /// Whether the reader relies on per-key order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs_ordering: Option<bool>,

    // schema subjects
    /// How the subject's schemas are written (`AVRO`, `PROTOBUF`, `JSON`; Avro when unset, as
    /// in a registry).
    #[serde(default, alias = "schema_format", skip_serializing_if = "Option::is_none")]
    pub schema_type: Option<SchemaType>,
    /// The registry's compatibility level for the subject (`BACKWARD` when unset, the
    /// registry's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compatibility: Option<Compatibility>,
    /// How serializers name the subject (`TopicNameStrategy` when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub naming_strategy: Option<NamingStrategy>,
    /// The subject holds the schema of record keys (`<topic>-key`), not values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_schema: Option<bool>,
    /// The registered versions, oldest first (version 1 first). Read also from `schema`, one
    /// schema as designs wrote it before versions.
    #[serde(
        default,
        alias = "schema",
        deserialize_with = "crate::subject::versions",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub versions: Vec<SchemaVersion>,

    /// Kafka settings by their Kafka names (`acks`, `min.insync.replicas`, …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub config: BTreeMap<String, Value>,

    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Node {
    /// A node of `kind` with only the required fields.
    pub fn new(id: impl Into<String>, kind: NodeKind, name: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            kind,
            name: name.into(),
            position: None,
            messages_per_sec: None,
            avg_message_bytes: None,
            key: None,
            load_profile: None,
            role: None,
            partitions: None,
            internal: None,
            engine: None,
            output_ratio: None,
            stateful: None,
            instances: None,
            threads_per_instance: None,
            processing_ms_per_record: None,
            dead_letter_topic: None,
            needs_ordering: None,
            schema_type: None,
            compatibility: None,
            naming_strategy: None,
            key_schema: None,
            versions: Vec::new(),
            config: BTreeMap::new(),
            extra: Map::new(),
        }
    }

    /// The subject's schema type, Avro when unset (as in a registry).
    pub fn schema_type_or_default(&self) -> SchemaType {
        self.schema_type.unwrap_or_default()
    }

    /// The subject's compatibility level, `BACKWARD` when unset (the registry's default).
    pub fn compatibility_or_default(&self) -> Compatibility {
        self.compatibility.unwrap_or_default()
    }

    /// The newest version's schema text.
    pub fn latest_schema(&self) -> Option<&str> {
        self.versions.last().map(|v| v.schema.as_str())
    }

    /// Whether the topic is internal to a stream processor (repartition, changelog).
    pub fn is_internal(&self) -> bool {
        self.internal == Some(true)
    }

    /// The topic's role (`main` when unset or not a topic).
    pub fn topic_role(&self) -> TopicRole {
        self.role.unwrap_or_default()
    }
}

/// A directed connection: records flow `from` → `to` (schema subjects attach to topics).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// Topic → stream processor: every instance reads every partition (a Kafka Streams global
    /// store), so the topic is read once per instance, not once per group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global: Option<bool>,
    /// Topic → reader: the lag observed on a running cluster, in records summed over the
    /// topic's partitions (from `kafka-consumer-groups.sh --describe`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lag: Option<u64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Edge {
    pub fn new(from: impl Into<String>, to: impl Into<String>) -> Self {
        Self {
            from: from.into(),
            to: to.into(),
            global: None,
            lag: None,
            extra: Map::new(),
        }
    }
}
