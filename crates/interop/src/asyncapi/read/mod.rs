//! Reading an AsyncAPI 2.x or 3.x document into a design, by the mapping in the module docs.
//! Everything version-specific is in where operations and messages are found; the rest is one
//! reader.

use std::collections::BTreeMap;

use design::rules::{MAX_DESCRIPTION_CHARS, MAX_PARTITIONS};
use design::{Design, NodeKind, TopicRole};
use serde_json::{Map, Value};

mod messages;
mod operations;
mod servers;

use super::refs::{join, Doc};
use crate::build::{clean_name, Builder};
use crate::{Error, Format, Warning};

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
    global: Option<bool>,
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
    r.lone_subjects(major);
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
    /// Applications by name and, when the studio's export says it, kind (a producer and a
    /// source connector may share a name).
    apps: BTreeMap<(String, Option<NodeKind>), App>,
    order: Vec<(String, Option<NodeKind>)>,
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
                .filter(|c| !c.is_control() || matches!(c, '\n' | '\t' | '\r'))
                .take(MAX_DESCRIPTION_CHARS)
                .collect();
            let text = text.trim();
            if !text.is_empty() {
                self.b.design_mut().description = Some(text.to_string());
            }
        }
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
                // `cleanup.policy: [compact, delete]` is Kafka's `compact,delete`.
                self.b.setting_value(
                    topic,
                    name,
                    value,
                    &join(at, &format!("topicConfiguration.{name}")),
                );
            }
        }
    }

    fn topic_extensions(&mut self, topic: &str, channel: &Map<String, Value>, at: &str) {
        if let Some(config) = channel.get("x-kafka-config").and_then(Value::as_object) {
            for (name, value) in config {
                self.b
                    .setting_value(topic, name, value, &join(at, &format!("x-kafka-config.{name}")));
            }
        }
        let role = match channel.get("x-topic-role").and_then(Value::as_str) {
            Some("dlq") => Some(TopicRole::Dlq),
            Some("retry") => Some(TopicRole::Retry),
            Some("main") => Some(TopicRole::Main),
            None => None,
            Some(other) => {
                self.w.push(Warning::new(
                    join(at, "x-topic-role"),
                    format!("`{}` is not a topic role (dlq, retry); left unset", clip(other)),
                ));
                None
            }
        };
        let internal = channel.get("x-internal").and_then(Value::as_bool);
        if let Some(n) = self.b.node_mut(topic) {
            n.role = role.or(n.role);
            n.internal = internal.or(n.internal);
        }
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
    let decoded = crate::asyncapi::refs::decode(s);
    decoded.replace("~1", "/").replace("~0", "~")
}

fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(80).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}
