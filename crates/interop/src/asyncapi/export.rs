//! A design written as an AsyncAPI 3.0 document (YAML), following the mapping in the
//! [module docs](super): topics are channels with their Kafka binding, every writer → topic and
//! topic → reader connection an operation, schema subjects messages, the cluster's servers
//! servers. What AsyncAPI has no place for travels in the `x-` fields the mapping names, so that
//! importing the document gives the design back.
//!
//! Where the mapping alone would not give a valid document, the nearest valid form is written:
//!
//! * Map keys (channels, operations, messages, servers) are the node ids (server names) with
//!   every character outside `A–Z a–z 0–9 _ -` made `_`, and `-2`, `-3`, … added when two would
//!   be the same. A name is always read from the value (`address`, `title`, `name`, the binding
//!   enums), never from a key; `x-kafka-node.dead_letter_topic` is the dead-letter topic's
//!   channel key.
//! * A server's `title` is its name. A `security` that is not one of the scheme types needing
//!   nothing but `type` (`scramSha512`, `plain`, `gssapi`, `X509`, …) is kept word for word in the
//!   server's `x-security`; the server's `security` then names the scheme type the words mean
//!   (`SASL/SCRAM-SHA-512` → `scramSha512`), or is left out when they name none.
//! * A topic setting the channel binding has a place for but whose value it cannot take
//!   (`retention.ms: "7d"`, `cleanup.policy: "compact, delete"`) stays in `x-kafka-config`, as
//!   does `replication.factor` when it is not a whole number ≥ 1; a partition count of 0 is left
//!   out (the binding's minimum is 1).
//! * A subject with a schema but no format has the schema itself as `payload` (an AsyncAPI
//!   Schema Object; `{schema}` when it is neither an object nor a boolean, or has a `schema`
//!   member); one with a format but no schema `payload: {schemaFormat}`. A schema is written as
//!   the design holds it: the document is valid when the schema is valid in its format.
//!
//! Besides the mapping: a message's `x-schema-subject` (its subject's name, where the importer
//! reads it; `name` in documents written elsewhere is a message name, not a subject), and
//! standard fields a reader of AsyncAPI expects: each operation lists
//! its channel's messages (`messages: [$ref]`) and has a `title` (the node's name) whichever
//! its action, every Kafka binding says `bindingVersion: 0.5.0`, and a subject attached to no
//! topic is still in `components.messages`.
//!
//! Not carried: the cluster's sizing fields, unknown (`extra`) members of the design, its
//! servers and nodes, nodes with no operation (a producer writing nothing, a group reading
//! nothing), and positions. The output is the same bytes for the same design.

mod emit;
mod keys;

use std::collections::HashMap;

use design::subject::value_of_text;
use design::{Design, Node, NodeKind, SchemaType, TopicRole};
use serde_json::Value;

use emit::Y;
use keys::{is_key, key_base, KeyMaker};

/// The Kafka bindings' version written.
const BINDING_VERSION: &str = "0.5.0";

/// The integer topic settings the Kafka channel binding 0.5.0 knows, with their minimum.
const BINDING_INTEGERS: [(&str, i64); 4] = [
    ("retention.ms", -1),
    ("retention.bytes", -1),
    ("delete.retention.ms", 0),
    ("max.message.bytes", 0),
];

/// The security scheme types whose scheme needs nothing but `type`.
const SCHEME_TYPES: [&str; 8] = [
    "userPassword",
    "X509",
    "symmetricEncryption",
    "asymmetricEncryption",
    "plain",
    "scramSha256",
    "scramSha512",
    "gssapi",
];

const HEADER: [&str; 2] = [
    "AsyncAPI 3.0 document of a kafka-design/v1 design, written by the Kafka design studio.",
    "x- fields carry what AsyncAPI has no place for; importing this document gives the design back.",
];

/// An AsyncAPI 3.0 document (YAML) of `design`.
pub fn export(design: &Design) -> String {
    let g = Graph::new(design);
    let mut root = vec![
        ("asyncapi".to_string(), Y::str("3.0.0")),
        ("info".to_string(), info(design)),
    ];
    let mut schemes = Vec::new();
    let servers = servers(design, &mut schemes);
    if !servers.is_empty() {
        root.push(("servers".into(), Y::Map(servers)));
    }
    let channels = g.channels();
    if !channels.is_empty() {
        root.push(("channels".into(), Y::Map(channels)));
    }
    let operations = g.operations();
    if !operations.is_empty() {
        root.push(("operations".into(), Y::Map(operations)));
    }
    let mut components = Vec::new();
    let messages = g.messages();
    if !messages.is_empty() {
        components.push(("messages".into(), Y::Map(messages)));
    }
    if !schemes.is_empty() {
        let schemes = schemes
            .into_iter()
            .map(|t| (t.to_string(), Y::Map(vec![("type".into(), Y::Word(t))])))
            .collect();
        components.push(("securitySchemes".into(), Y::Map(schemes)));
    }
    if !components.is_empty() {
        root.push(("components".into(), Y::Map(components)));
    }
    emit::document(&HEADER, &root)
}

fn info(design: &Design) -> Y {
    let mut info = vec![
        ("title".into(), Y::str(&design.name)),
        ("version".into(), Y::str("1.0.0")),
    ];
    if let Some(d) = &design.description {
        info.push(("description".into(), Y::str(d)));
    }
    Y::Map(info)
}

fn servers(design: &Design, schemes: &mut Vec<&'static str>) -> Vec<(String, Y)> {
    let mut keys = KeyMaker::default();
    let mut out = Vec::new();
    for server in &design.cluster.servers {
        let key = keys.make(&key_base(&server.name, "server"));
        let mut s = vec![
            ("host".into(), Y::str(&server.host)),
            ("protocol".into(), Y::str(&server.protocol)),
            ("title".into(), Y::str(&server.name)),
        ];
        if let Some(d) = &server.description {
            s.push(("description".into(), Y::str(d)));
        }
        if let Some(words) = &server.security {
            let scheme = scheme_type(words);
            if let Some(t) = scheme {
                if !schemes.contains(&t) {
                    schemes.push(t);
                }
                s.push((
                    "security".into(),
                    Y::Seq(vec![reference(format!("#/components/securitySchemes/{t}"))]),
                ));
            }
            if scheme != Some(words.as_str()) {
                s.push(("x-security".into(), Y::str(words)));
            }
        }
        out.push((key, Y::Map(s)));
    }
    out
}

/// The scheme type `words` are or mean (`SASL/SCRAM-SHA-512` → `scramSha512`).
fn scheme_type(words: &str) -> Option<&'static str> {
    if let Some(t) = SCHEME_TYPES.iter().find(|t| **t == words) {
        return Some(t);
    }
    let w: String = words
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let t = if w.contains("scramsha512") {
        "scramSha512"
    } else if w.contains("scramsha256") {
        "scramSha256"
    } else if w.contains("gssapi") || w.contains("kerberos") {
        "gssapi"
    } else {
        match w.as_str() {
            "plain" | "saslplain" => "plain",
            "x509" | "mtls" => "X509",
            _ => return SCHEME_TYPES.iter().find(|t| t.eq_ignore_ascii_case(&w)).copied(),
        }
    };
    Some(t)
}

fn reference(to: String) -> Y {
    Y::Map(vec![("$ref".into(), Y::Str(to))])
}

/// The design's nodes with their keys and their connections by kind.
struct Graph<'a> {
    nodes: &'a [Node],
    edges: &'a [design::Edge],
    /// The first node with each id.
    by_id: HashMap<&'a str, usize>,
    /// Each node's key in the document.
    keys: Vec<String>,
    /// For each topic, the schema subjects attached to it (in the order of the edges).
    subjects: HashMap<usize, Vec<usize>>,
}

impl<'a> Graph<'a> {
    fn new(design: &'a Design) -> Self {
        let nodes = design.nodes.as_slice();
        let mut by_id = HashMap::new();
        for (i, n) in nodes.iter().enumerate() {
            by_id.entry(n.id.as_str()).or_insert(i);
        }
        let mut keys = KeyMaker::default();
        let mut node_keys = vec![String::new(); nodes.len()];
        // ids that are already keys keep themselves; the others are made from them after.
        for (i, n) in nodes.iter().enumerate() {
            if is_key(&n.id) && keys.claim(&n.id) {
                node_keys[i] = n.id.clone();
            }
        }
        for (i, n) in nodes.iter().enumerate() {
            if node_keys[i].is_empty() {
                node_keys[i] = keys.make(&key_base(&n.id, "node"));
            }
        }
        let mut g = Graph {
            nodes,
            edges: &design.edges,
            by_id,
            keys: node_keys,
            subjects: HashMap::new(),
        };
        for e in g.edges {
            let (Some(a), Some(b)) = (g.index(&e.from), g.index(&e.to)) else {
                continue;
            };
            let pair = match (nodes[a].kind, nodes[b].kind) {
                (NodeKind::SchemaSubject, NodeKind::Topic) => Some((b, a)),
                (NodeKind::Topic, NodeKind::SchemaSubject) => Some((a, b)),
                _ => None,
            };
            if let Some((topic, subject)) = pair {
                let list = g.subjects.entry(topic).or_default();
                if !list.contains(&subject) {
                    list.push(subject);
                }
            }
        }
        g
    }

    fn index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    fn subjects_of(&self, topic: usize) -> &[usize] {
        self.subjects.get(&topic).map_or(&[], Vec::as_slice)
    }

    fn channels(&self) -> Vec<(String, Y)> {
        let topics = self
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.kind == NodeKind::Topic);
        topics
            .map(|(i, n)| (self.keys[i].clone(), self.channel(i, n)))
            .collect()
    }

    fn channel(&self, i: usize, topic: &Node) -> Y {
        let mut c = vec![("address".into(), Y::str(&topic.name))];
        let messages: Vec<(String, Y)> = self
            .subjects_of(i)
            .iter()
            .map(|&s| {
                let key = &self.keys[s];
                (key.clone(), reference(format!("#/components/messages/{key}")))
            })
            .collect();
        if !messages.is_empty() {
            c.push(("messages".into(), Y::Map(messages)));
        }
        let mut kafka = vec![("topic".into(), Y::str(&topic.name))];
        if let Some(p) = topic.partitions.filter(|p| *p >= 1) {
            kafka.push(("partitions".into(), Y::Int(i64::from(p))));
        }
        let mut rest = Vec::new();
        let mut configuration = Vec::new();
        let mut replicas = None;
        for (name, value) in &topic.config {
            let int_min = BINDING_INTEGERS
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, min)| *min);
            if name == "cleanup.policy" {
                if let Some(policies) = cleanup_policies(value) {
                    configuration.push((name.clone(), policies));
                    continue;
                }
            }
            match (name.as_str(), value.as_i64()) {
                ("replication.factor", Some(r)) if r >= 1 => replicas = Some(Y::Int(r)),
                (_, Some(v)) if int_min.is_some_and(|min| v >= min) => {
                    configuration.push((name.clone(), Y::Int(v)));
                }
                _ => rest.push((name.clone(), Y::from(value))),
            }
        }
        if let Some(r) = replicas {
            kafka.push(("replicas".into(), r));
        }
        if !configuration.is_empty() {
            kafka.push(("topicConfiguration".into(), Y::Map(configuration)));
        }
        kafka.push(("bindingVersion".into(), Y::str(BINDING_VERSION)));
        c.push(("bindings".into(), Y::Map(vec![("kafka".into(), Y::Map(kafka))])));
        if !rest.is_empty() {
            c.push(("x-kafka-config".into(), Y::Map(rest)));
        }
        if let Some(role) = topic.role {
            let role = match role {
                TopicRole::Main => "main",
                TopicRole::Dlq => "dlq",
                TopicRole::Retry => "retry",
            };
            c.push(("x-topic-role".into(), Y::Word(role)));
        }
        if let Some(internal) = topic.internal {
            c.push(("x-internal".into(), Y::Bool(internal)));
        }
        Y::Map(c)
    }

    fn operations(&self) -> Vec<(String, Y)> {
        let mut keys = KeyMaker::default();
        let mut out = Vec::new();
        for e in self.edges {
            let (Some(a), Some(b)) = (self.index(&e.from), self.index(&e.to)) else {
                continue;
            };
            let (from, to) = (&self.nodes[a], &self.nodes[b]);
            let (send, app, topic) = if from.kind.writes_topics() && to.kind == NodeKind::Topic {
                (true, a, b)
            } else if from.kind == NodeKind::Topic && to.kind.reads_topics() {
                (false, b, a)
            } else {
                continue;
            };
            let (app_key, topic_key) = (&self.keys[app], &self.keys[topic]);
            let action = if send { "send" } else { "receive" };
            let key = keys.make(&format!("{app_key}-{action}-{topic_key}"));
            let node = &self.nodes[app];
            let mut op = vec![
                ("action".into(), Y::Word(action)),
                ("channel".into(), reference(format!("#/channels/{topic_key}"))),
                ("title".into(), Y::str(&node.name)),
            ];
            let messages: Vec<Y> = self
                .subjects_of(topic)
                .iter()
                .map(|&s| reference(format!("#/channels/{topic_key}/messages/{}", self.keys[s])))
                .collect();
            if !messages.is_empty() {
                op.push(("messages".into(), Y::Seq(messages)));
            }
            let name_enum = || {
                Y::Map(vec![
                    ("type".into(), Y::Word("string")),
                    ("enum".into(), Y::Seq(vec![Y::str(&node.name)])),
                ])
            };
            let mut kafka = Vec::new();
            if !send {
                kafka.push(("groupId".into(), name_enum()));
            }
            kafka.push(("clientId".into(), name_enum()));
            kafka.push(("bindingVersion".into(), Y::str(BINDING_VERSION)));
            op.push(("bindings".into(), Y::Map(vec![("kafka".into(), Y::Map(kafka))])));
            op.push(("x-node-kind".into(), Y::Word(node.kind.as_str())));
            let fields = self.node_fields(node);
            if !fields.is_empty() {
                op.push(("x-kafka-node".into(), Y::Map(fields)));
            }
            if !send {
                if let Some(global) = e.global {
                    op.push(("x-global".into(), Y::Bool(global)));
                }
                if let Some(lag) = e.lag {
                    op.push(("x-lag".into(), Y::UInt(lag)));
                }
            }
            out.push((key, Y::Map(op)));
        }
        out
    }

    /// The node's own fields as in `kafka-design/v1`, without `id`, `kind`, `name`, `position`;
    /// its dead-letter topic by channel key.
    fn node_fields(&self, node: &Node) -> Vec<(String, Y)> {
        let Ok(Value::Object(mut fields)) = serde_json::to_value(node) else {
            return Vec::new();
        };
        for gone in ["id", "kind", "name", "position"] {
            fields.remove(gone);
        }
        if let Some(dlq) = &node.dead_letter_topic {
            if let Some(i) = self.index(dlq).filter(|&i| self.nodes[i].kind == NodeKind::Topic) {
                fields.insert("dead_letter_topic".into(), Value::String(self.keys[i].clone()));
            }
        }
        fields.iter().map(|(k, v)| (k.clone(), Y::from(v))).collect()
    }

    fn messages(&self) -> Vec<(String, Y)> {
        // The key field of the first producer or source connector writing a subject's topic.
        let mut key_fields: HashMap<usize, &str> = HashMap::new();
        for e in self.edges {
            let (Some(a), Some(b)) = (self.index(&e.from), self.index(&e.to)) else {
                continue;
            };
            let writer = &self.nodes[a];
            if !matches!(writer.kind, NodeKind::Producer | NodeKind::SourceConnector)
                || self.nodes[b].kind != NodeKind::Topic
            {
                continue;
            }
            let Some(field) = writer.key.as_ref().and_then(|k| k.field.as_deref()) else {
                continue;
            };
            for &s in self.subjects_of(b) {
                key_fields.entry(s).or_insert(field);
            }
        }
        let subjects = self
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.kind == NodeKind::SchemaSubject);
        subjects
            .map(|(i, n)| {
                let mut m = vec![
                    ("name".into(), Y::str(&n.name)),
                    ("x-schema-subject".into(), Y::str(&n.name)),
                ];
                if let Some(payload) = payload(n) {
                    m.push(("payload".into(), payload));
                }
                if let Some(field) = key_fields.get(&i) {
                    let key = Y::Map(vec![
                        ("type".into(), Y::Word("string")),
                        ("x-key-field".into(), Y::str(*field)),
                    ]);
                    let kafka = Y::Map(vec![
                        ("key".into(), key),
                        ("bindingVersion".into(), Y::str(BINDING_VERSION)),
                    ]);
                    m.push(("bindings".into(), Y::Map(vec![("kafka".into(), kafka)])));
                }
                (self.keys[i].clone(), Y::Map(m))
            })
            .collect()
    }
}

/// A subject's `payload`: `{schemaFormat, schema}` with its newest version (a subject without
/// versions but with a type: the format alone).
fn payload(n: &Node) -> Option<Y> {
    let latest = n.latest_schema();
    if n.schema_type.is_none() && latest.is_none() {
        return None;
    }
    let ty = n.schema_type_or_default();
    let mut payload = vec![("schemaFormat".into(), Y::Word(schema_format(ty)))];
    if let Some(text) = latest {
        payload.push(("schema".into(), Y::from(&value_of_text(ty, text))));
    }
    Some(Y::Map(payload))
}

/// `cleanup.policy` as the binding's array, when its text is `delete`, `compact` or both joined
/// by `,` exactly (so that joining the array by `,` gives the text back).
fn cleanup_policies(value: &Value) -> Option<Y> {
    let text = value.as_str()?;
    let parts: Vec<&str> = text.split(',').collect();
    let known = parts.iter().all(|p| matches!(*p, "delete" | "compact"));
    known.then(|| Y::Seq(parts.into_iter().map(Y::str).collect()))
}

/// The `schemaFormat` of a subject's format.
pub(crate) fn schema_format(format: SchemaType) -> &'static str {
    match format {
        SchemaType::Avro => "application/vnd.apache.avro;version=1.9.0",
        SchemaType::Json => "application/schema+json;version=draft-07",
        SchemaType::Protobuf => "application/vnd.google.protobuf;version=3",
    }
}

#[cfg(test)]
mod tests;
