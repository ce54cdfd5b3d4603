//! Reading an AsyncAPI 2.x or 3.x document into a design, by the mapping in the module docs.
//! Everything version-specific is in where operations and messages are found; the rest is one
//! reader.

use std::collections::BTreeMap;

use design::rules::{MAX_DESCRIPTION_CHARS, MAX_PARTITIONS, MAX_SCHEMA_BYTES, MAX_SERVERS};
use design::{Design, KeyDistribution, KeySpec, Node, NodeKind, SchemaFormat, Server, TopicRole};
use serde_json::{Map, Value};

use super::refs::{join, Doc};
use crate::build::{clean_name, Builder};
use crate::{Error, Format, Warning};

/// The settings the Kafka channel binding's `topicConfiguration` carries.
pub(super) const TOPIC_CONFIGURATION: &[&str] = &[
    "cleanup.policy",
    "retention.ms",
    "retention.bytes",
    "delete.retention.ms",
    "max.message.bytes",
    "confluent.key.schema.validation",
    "confluent.key.subject.name.strategy",
    "confluent.value.schema.validation",
    "confluent.value.subject.name.strategy",
];

/// Which major version a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Major {
    V2,
    V3,
}

/// An application met in the operations: what it reads and writes.
#[derive(Default)]
struct App {
    kind: Option<NodeKind>,
    fields: Option<(Map<String, Value>, String)>,
    receives: Vec<Read>,
    sends: Vec<String>,
}

/// A topic an application reads, with the studio's extensions of that read.
struct Read {
    channel: String,
    global: bool,
    lag: Option<u64>,
}

/// A channel: the topic made for it and its key field.
struct Channel {
    topic: String,
    key_field: Option<String>,
}

pub(super) fn import(text: &str) -> Result<(Design, Vec<Warning>), Error> {
    let root = crate::yaml::documents(text, Format::Asyncapi)?
        .into_iter()
        .next()
        .unwrap_or(Value::Null);
    let not = |message: &str| Error::Syntax {
        format: Format::Asyncapi,
        line: 1,
        column: 1,
        message: message.into(),
    };
    if !root.is_object() {
        return Err(not("expected a YAML or JSON object with an `asyncapi` version"));
    }
    let version = match &root["asyncapi"] {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return Err(not("the document has no `asyncapi` version")),
    };
    let major = match version.split('.').next() {
        Some("2") => Major::V2,
        Some("3") => Major::V3,
        _ => {
            let shown: String = version.chars().take(20).collect();
            return Err(not(&format!(
                "AsyncAPI {shown} is not read: 2.0–2.6 and 3.0–3.1 are (convert older documents with `asyncapi convert`)"
            )));
        }
    };
    let doc = Doc::new(&root);
    let title = root["info"]["title"].as_str().unwrap_or("AsyncAPI document");
    let mut r = Reader {
        doc,
        b: Builder::new(title),
        w: Vec::new(),
        channels: BTreeMap::new(),
        apps: BTreeMap::new(),
        order: Vec::new(),
        title: clean_name(title),
    };
    r.info();
    r.servers(major);
    r.channels(major);
    r.operations(major);
    r.applications();
    let Reader { mut b, w, .. } = r;
    for warning in w {
        b.warn(warning);
    }
    b.finish()
}

struct Reader<'a> {
    doc: Doc<'a>,
    b: Builder,
    w: Vec<Warning>,
    channels: BTreeMap<String, Channel>,
    apps: BTreeMap<String, App>,
    order: Vec<String>,
    title: String,
}

impl<'a> Reader<'a> {
    fn root(&self) -> &'a Value {
        self.doc.root
    }

    fn info(&mut self) {
        if let Some(d) = self.root()["info"]["description"].as_str() {
            let text: String = d
                .chars()
                .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
                .take(MAX_DESCRIPTION_CHARS)
                .collect();
            let text = text.trim();
            if !text.is_empty() {
                self.b.design_mut().description = Some(text.to_string());
            }
        }
    }

    fn servers(&mut self, major: Major) {
        let Some(servers) = self.root()["servers"].as_object() else {
            return;
        };
        let mut out = Vec::new();
        for (name, server) in servers {
            let at = join("servers", name);
            let Some((server, _)) = self.doc.object(server, &at, &mut self.w) else {
                continue;
            };
            let protocol = server.get("protocol").and_then(Value::as_str).unwrap_or("");
            if !protocol.starts_with("kafka") {
                self.w.push(Warning::new(
                    &at,
                    format!(
                        "`{}` is not a Kafka protocol; the server is left out",
                        clip(protocol)
                    ),
                ));
                continue;
            }
            let host = match major {
                Major::V2 => server
                    .get("url")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                Major::V3 => {
                    let host = server.get("host").and_then(Value::as_str).unwrap_or("");
                    let path = server.get("pathname").and_then(Value::as_str).unwrap_or("");
                    format!("{host}{path}")
                }
            };
            if out.len() >= MAX_SERVERS {
                self.w.push(Warning::new(
                    &at,
                    format!("more than {MAX_SERVERS} servers; the rest are left out"),
                ));
                break;
            }
            let security = self.security(server.get("security"), &join(&at, "security"), major);
            out.push(Server {
                name: clean_name(name),
                host: clean_name(&host),
                protocol: clean_name(protocol),
                security,
                description: server.get("description").and_then(Value::as_str).map(|d| {
                    d.chars()
                        .filter(|c| !c.is_control() || *c == '\n')
                        .take(MAX_DESCRIPTION_CHARS)
                        .collect()
                }),
                extra: Map::new(),
            });
        }
        self.b.design_mut().cluster.servers = out;
    }

    /// The types of a server's security schemes (`scramSha256, X509`).
    fn security(&mut self, security: Option<&'a Value>, at: &str, major: Major) -> Option<String> {
        let mut types = Vec::new();
        for (i, requirement) in security
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let at = format!("{at}[{i}]");
            let scheme = match major {
                // 2.x: `{schemeName: [scopes]}`, the name a key of components.securitySchemes.
                Major::V2 => requirement
                    .as_object()
                    .and_then(|m| m.keys().next())
                    .and_then(|name| self.root()["components"]["securitySchemes"].get(name)),
                Major::V3 => Some(requirement),
            };
            let Some(scheme) = scheme else {
                self.w
                    .push(Warning::new(&at, "a security requirement names no known scheme"));
                continue;
            };
            if let Some((scheme, _)) = self.doc.deref(scheme, &at, &mut self.w) {
                if let Some(t) = scheme["type"].as_str() {
                    types.push(clean_name(t));
                }
            }
        }
        (!types.is_empty()).then(|| clean_name(&types.join(", ")))
    }

    fn channels(&mut self, major: Major) {
        let Some(channels) = self.root()["channels"].as_object() else {
            self.w.push(Warning::new(
                "channels",
                "the document has no channels: no topics to import",
            ));
            return;
        };
        for (key, channel) in channels {
            let at = join("channels", key);
            let Some((channel, _)) = self.doc.object(channel, &at, &mut self.w) else {
                continue;
            };
            let kafka = channel.get("bindings").and_then(|b| b.get("kafka"));
            let kafka = kafka
                .and_then(|k| self.doc.deref(k, &join(&at, "bindings.kafka"), &mut self.w))
                .map(|(k, _)| k);
            let address = match major {
                Major::V2 => Some(key.as_str()),
                Major::V3 => channel.get("address").and_then(Value::as_str),
            };
            if major == Major::V3 && address.is_none() {
                self.w.push(Warning::new(
                    &at,
                    "the channel has no address (its topic is chosen at run time): named after its key",
                ));
            }
            let name = kafka
                .and_then(|k| k.get("topic"))
                .and_then(Value::as_str)
                .or(address)
                .unwrap_or(key.as_str());
            if name.contains('{') {
                self.w.push(Warning::new(
                    &at,
                    format!(
                        "the address `{}` has parameters: imported as one topic of that name",
                        clip(name)
                    ),
                ));
            }
            let Some(topic) = self.b.node(NodeKind::Topic, name, &at) else {
                continue;
            };
            if let Some(kafka) = kafka {
                self.topic_binding(&topic, kafka, &join(&at, "bindings.kafka"));
            }
            self.topic_extensions(&topic, channel, &at);
            // Messages: 3.x lists them on the channel, 2.x on its operations.
            let mut messages: Vec<(String, &'a Value, String)> = Vec::new();
            match major {
                Major::V3 => {
                    if let Some(map) = channel.get("messages").and_then(Value::as_object) {
                        for (id, m) in map {
                            messages.push((id.clone(), m, join(&at, &format!("messages.{id}"))));
                        }
                    }
                }
                Major::V2 => {
                    for op in ["publish", "subscribe"] {
                        if let Some(m) = channel.get(op).and_then(|o| o.get("message")) {
                            let mat = join(&at, &format!("{op}.message"));
                            match m.get("oneOf").and_then(Value::as_array) {
                                Some(all) => {
                                    for (i, m) in all.iter().enumerate() {
                                        messages.push((i.to_string(), m, format!("{mat}.oneOf[{i}]")));
                                    }
                                }
                                None => messages.push((op.to_string(), m, mat)),
                            }
                        }
                    }
                }
            }
            let key_field = self.messages(&topic, name, &messages, major);
            self.channels.insert(key.clone(), Channel { topic, key_field });
        }
    }

    fn topic_binding(&mut self, topic: &str, kafka: &Value, at: &str) {
        if let Some(p) = kafka.get("partitions") {
            match p.as_u64().filter(|p| (1..=u64::from(MAX_PARTITIONS)).contains(p)) {
                Some(p) => {
                    if let Some(n) = self.b.node_mut(topic) {
                        n.partitions = u32::try_from(p).ok();
                    }
                }
                None => self.w.push(Warning::new(
                    join(at, "partitions"),
                    format!(
                        "`{}` is not a partition count from 1 to {MAX_PARTITIONS}; left unset",
                        clip(&p.to_string())
                    ),
                )),
            }
        }
        if let Some(r) = kafka.get("replicas") {
            self.b
                .setting(topic, "replication.factor", &scalar(r), &join(at, "replicas"));
        }
        if let Some(config) = kafka.get("topicConfiguration").and_then(Value::as_object) {
            for (name, value) in config {
                let value = match value {
                    Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(","),
                    other => scalar(other),
                };
                self.b.setting(
                    topic,
                    name,
                    &value,
                    &join(at, &format!("topicConfiguration.{name}")),
                );
            }
        }
    }

    fn topic_extensions(&mut self, topic: &str, channel: &Map<String, Value>, at: &str) {
        if let Some(config) = channel.get("x-kafka-config").and_then(Value::as_object) {
            for (name, value) in config {
                self.b.setting(
                    topic,
                    name,
                    &scalar(value),
                    &join(at, &format!("x-kafka-config.{name}")),
                );
            }
        }
        let role = match channel.get("x-topic-role").and_then(Value::as_str) {
            Some("dlq") => Some(TopicRole::Dlq),
            Some("retry") => Some(TopicRole::Retry),
            Some("main") | None => None,
            Some(other) => {
                self.w.push(Warning::new(
                    join(at, "x-topic-role"),
                    format!("`{}` is not a topic role (dlq, retry); left unset", clip(other)),
                ));
                None
            }
        };
        let internal = channel.get("x-internal").and_then(Value::as_bool).filter(|i| *i);
        if let Some(n) = self.b.node_mut(topic) {
            n.role = role.or(n.role);
            n.internal = internal.or(n.internal);
        }
    }

    /// Schema subjects for a channel's messages; returns the key field the messages' Kafka
    /// binding names.
    fn messages(
        &mut self,
        topic: &str,
        topic_name: &str,
        messages: &[(String, &'a Value, String)],
        major: Major,
    ) -> Option<String> {
        let mut key_field = None;
        let single = messages.len() == 1;
        for (id, message, at) in messages {
            let Some((m, _)) = self.doc.object(message, at, &mut self.w) else {
                continue;
            };
            let subject = match m.get("x-schema-subject").and_then(Value::as_str) {
                Some(s) => s.to_string(),
                None if single => format!("{topic_name}-value"),
                None => format!(
                    "{topic_name}-{}",
                    m.get("name").and_then(Value::as_str).unwrap_or(id)
                ),
            };
            let Some(subject) = self.b.node(NodeKind::SchemaSubject, &subject, at) else {
                continue;
            };
            let (format, schema) = payload(m, major);
            let format_name = format.unwrap_or("application/vnd.aai.asyncapi+json");
            let schema_format = schema_format(format_name);
            if schema_format.is_none() {
                self.w.push(Warning::new(
                    join(at, "payload"),
                    format!(
                        "the schema format `{}` is not Avro, JSON Schema or Protobuf; its schema is left out",
                        clip(format_name)
                    ),
                ));
            }
            let schema = match (schema_format, schema) {
                (Some(_), Some(s)) => Some(self.doc.inline(s, &mut self.w, &join(at, "payload"))),
                _ => None,
            };
            let schema = schema.filter(|s| {
                let fits = serde_json::to_string(s).map_or(false, |j| j.len() <= MAX_SCHEMA_BYTES);
                if !fits {
                    self.w.push(Warning::new(
                        join(at, "payload"),
                        format!("the schema is larger than {MAX_SCHEMA_BYTES} bytes; left out"),
                    ));
                }
                fits
            });
            if let Some(n) = self.b.node_mut(&subject) {
                if n.schema.is_none() {
                    n.schema_format = schema_format;
                    n.schema = schema;
                }
            }
            self.b.edge(&subject, topic, at);
            if let Some(key) = m
                .get("bindings")
                .and_then(|b| b.get("kafka"))
                .and_then(|k| k.get("key"))
            {
                if let Some((key, _)) = self.doc.deref(key, &join(at, "bindings.kafka.key"), &mut self.w) {
                    let field = key
                        .get("x-key-field")
                        .or_else(|| key.get("title"))
                        .and_then(Value::as_str)
                        .map(clean_name)
                        .filter(|f| !f.is_empty());
                    key_field = key_field.or(field);
                }
            }
        }
        key_field
    }

    fn operations(&mut self, major: Major) {
        match major {
            Major::V3 => {
                let Some(ops) = self.root()["operations"].as_object() else {
                    return;
                };
                for (id, op) in ops {
                    let at = join("operations", id);
                    let Some((op, _)) = self.doc.object(op, &at, &mut self.w) else {
                        continue;
                    };
                    let receive = match op.get("action").and_then(Value::as_str) {
                        Some("receive") => true,
                        Some("send") => false,
                        other => {
                            self.w.push(Warning::new(
                                join(&at, "action"),
                                format!(
                                    "`{}` is neither send nor receive; the operation is left out",
                                    clip(other.unwrap_or(""))
                                ),
                            ));
                            continue;
                        }
                    };
                    let channel = op
                        .get("channel")
                        .and_then(|c| c.get("$ref"))
                        .and_then(Value::as_str)
                        .and_then(|r| r.strip_prefix("#/channels/"))
                        .map(unescape_pointer);
                    match channel {
                        Some(c) if self.channels.contains_key(&c) => self.operation(op, &c, receive, &at),
                        _ => self.w.push(Warning::new(
                            join(&at, "channel"),
                            "the operation refers to no channel of this document; left out",
                        )),
                    }
                    // Request and reply: who receives a request sends its reply, and the other way.
                    if let Some(reply) = op.get("reply") {
                        let rat = join(&at, "reply");
                        let channel = self
                            .doc
                            .deref(reply, &rat, &mut self.w)
                            .and_then(|(r, _)| r.get("channel"))
                            .and_then(|c| c.get("$ref"))
                            .and_then(Value::as_str)
                            .and_then(|r| r.strip_prefix("#/channels/"))
                            .map(unescape_pointer);
                        if let Some(c) = channel.filter(|c| self.channels.contains_key(c)) {
                            self.operation(op, &c, !receive, &rat);
                        }
                    }
                }
            }
            Major::V2 => {
                let Some(channels) = self.root()["channels"].as_object() else {
                    return;
                };
                for (key, channel) in channels {
                    if !self.channels.contains_key(key) {
                        continue;
                    }
                    let Some((channel, at)) = self.doc.object(channel, &join("channels", key), &mut self.w)
                    else {
                        continue;
                    };
                    // 2.x: `publish` is what others send to the application: it receives.
                    for (verb, receive) in [("publish", true), ("subscribe", false)] {
                        if let Some(op) = channel.get(verb).and_then(Value::as_object) {
                            self.operation(op, key, receive, &join(&at, verb));
                        }
                    }
                }
            }
        }
    }

    /// One operation: its application, and what it reads or writes.
    fn operation(&mut self, op: &'a Map<String, Value>, channel: &str, receive: bool, at: &str) {
        let binding = |name: &str| -> Option<String> {
            let own = op
                .get("bindings")
                .and_then(|b| b.get("kafka"))
                .and_then(|k| k.get(name));
            let from_traits = op.get("traits").and_then(Value::as_array).and_then(|traits| {
                traits.iter().find_map(|t| {
                    let mut ignored = Vec::new();
                    let (t, _) = self.doc.deref(t, at, &mut ignored)?;
                    t.get("bindings")?.get("kafka")?.get(name)
                })
            });
            own.or(from_traits).and_then(schema_string)
        };
        let group = binding("groupId");
        let client = binding("clientId");
        let kind = op
            .get("x-node-kind")
            .and_then(|k| serde_json::from_value::<NodeKind>(k.clone()).ok());
        let name = if receive {
            group.or(client)
        } else {
            client.or(group)
        };
        let name = name
            .or_else(|| kind.and_then(|_| op.get("title").and_then(Value::as_str).map(str::to_string)))
            .unwrap_or_else(|| self.title.clone());
        let name = clean_name(&name);
        if !self.apps.contains_key(&name) {
            self.order.push(name.clone());
        }
        let app = self.apps.entry(name).or_default();
        app.kind = app.kind.or(kind);
        if app.fields.is_none() {
            if let Some(fields) = op.get("x-kafka-node").and_then(Value::as_object) {
                app.fields = Some((fields.clone(), join(at, "x-kafka-node")));
            }
        }
        if receive {
            app.receives.push(Read {
                channel: channel.to_string(),
                global: op.get("x-global").and_then(Value::as_bool) == Some(true),
                lag: op.get("x-lag").and_then(Value::as_u64),
            });
        } else {
            app.sends.push(channel.to_string());
        }
    }

    /// A node per application, connected to what it reads and writes.
    fn applications(&mut self) {
        for name in std::mem::take(&mut self.order) {
            let Some(app) = self.apps.remove(&name) else {
                continue;
            };
            let kind = app
                .kind
                .unwrap_or(match (app.receives.is_empty(), app.sends.is_empty()) {
                    (false, false) => NodeKind::StreamProcessor,
                    (false, true) => NodeKind::ConsumerGroup,
                    _ => NodeKind::Producer,
                });
            let at = format!("operations of `{}`", clip(&name));
            let Some(id) = self.b.node(kind, &name, &at) else {
                continue;
            };
            if let Some((fields, fat)) = app.fields {
                self.apply_fields(&id, kind, fields, &fat);
            }
            for read in app.receives {
                let Some(ch) = self.channels.get(&read.channel) else {
                    continue;
                };
                let topic = ch.topic.clone();
                if let Some(edge) = self.b.edge(&topic, &id, &at) {
                    edge.global = read.global.then_some(true);
                    edge.lag = read.lag;
                }
            }
            for channel in app.sends {
                let Some(ch) = self.channels.get(&channel) else {
                    continue;
                };
                let (topic, key_field) = (ch.topic.clone(), ch.key_field.clone());
                self.b.edge(&id, &topic, &at);
                if let (Some(field), Some(node)) = (key_field, self.b.node_mut(&id)) {
                    if node.key.is_none() && kind.writes_topics() && kind != NodeKind::StreamProcessor {
                        node.key = Some(KeySpec {
                            field: Some(field),
                            distribution: KeyDistribution::Uniform { cardinality: 100_000 },
                            extra: Map::new(),
                        });
                        self.w.push(Warning::new(
                            &at,
                            "the key's distribution is not in the document: assumed uniform over 100 000 keys",
                        ));
                    }
                }
            }
        }
    }

    /// The studio's own fields of a node (`x-kafka-node`), when they make a valid node.
    fn apply_fields(&mut self, id: &str, kind: NodeKind, mut fields: Map<String, Value>, at: &str) {
        fields.insert("id".into(), Value::from(id));
        fields.insert("kind".into(), serde_json::to_value(kind).unwrap_or(Value::Null));
        fields.insert("name".into(), Value::from("x"));
        fields.remove("position");
        let node: Node = match serde_json::from_value(Value::Object(fields)) {
            Ok(n) => n,
            Err(e) => {
                self.w
                    .push(Warning::new(at, format!("left out: {}", clip(&e.to_string()))));
                return;
            }
        };
        let mut alone = Design::new("x");
        alone.nodes.push(node.clone());
        let problems = design::validate(&alone);
        if let Some(p) = problems.first() {
            self.w.push(Warning::new(at, format!("left out: {p}")));
            return;
        }
        if let Some(target) = self.b.node_mut(id) {
            let Node {
                id: _,
                kind: _,
                name: _,
                position: _,
                ..
            } = node;
            let name = std::mem::take(&mut target.name);
            let own_id = std::mem::take(&mut target.id);
            *target = Node {
                id: own_id,
                name,
                position: None,
                ..node
            };
            // A dead-letter topic is named by its id in the exporting design, which this import
            // does not keep.
            target.dead_letter_topic = None;
        }
    }
}

/// The schema format and the schema of a message's payload.
fn payload(m: &Map<String, Value>, major: Major) -> (Option<&str>, Option<&Value>) {
    let payload = m.get("payload");
    match major {
        Major::V2 => (m.get("schemaFormat").and_then(Value::as_str), payload),
        Major::V3 => match payload {
            Some(p) if p.get("schemaFormat").is_some() && p.get("schema").is_some() => {
                (p["schemaFormat"].as_str(), p.get("schema"))
            }
            other => (None, other),
        },
    }
}

/// A schema format's media type as the studio's format (`None`: not one the studio keeps).
fn schema_format(media: &str) -> Option<SchemaFormat> {
    let m = media.to_ascii_lowercase();
    if m.contains("avro") {
        Some(SchemaFormat::Avro)
    } else if m.contains("protobuf") {
        Some(SchemaFormat::Protobuf)
    } else if m.contains("json") || m.contains("asyncapi") || m.contains("openapi") {
        Some(SchemaFormat::Json)
    } else {
        None
    }
}

/// The one string a binding's schema allows (`{type: string, enum: [x]}`, `const`, `default`,
/// `examples`), or a plain string.
fn schema_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(m) => m
            .get("const")
            .and_then(Value::as_str)
            .or_else(|| m.get("enum").and_then(|e| e.get(0)).and_then(Value::as_str))
            .or_else(|| m.get("default").and_then(Value::as_str))
            .or_else(|| m.get("examples").and_then(|e| e.get(0)).and_then(Value::as_str))
            .map(str::to_string),
        _ => None,
    }
}

/// A setting's value as Kafka's property files write it.
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `a~1b` → `a/b`, `%7B` → `{` in a channel key taken from a `$ref`.
fn unescape_pointer(s: &str) -> String {
    let decoded = super::refs::decode(s);
    decoded.replace("~1", "/").replace("~0", "~")
}

fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(80).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}
