//! Operations: the applications that send and receive, and the nodes they become.

use design::{Design, KeyDistribution, KeySpec, Node, NodeKind};
use serde_json::{Map, Value};

use super::{clip, unescape_pointer, Major, Read, Reader};
use crate::asyncapi::refs::join;
use crate::build::clean_name;
use crate::Warning;

impl<'a> Reader<'a> {
    pub(super) fn operations(&mut self, major: Major) {
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
    pub(super) fn operation(&mut self, op: &'a Map<String, Value>, channel: &str, receive: bool, at: &str) {
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
        let app_key = (clean_name(&name), kind);
        if !self.apps.contains_key(&app_key) {
            self.order.push(app_key.clone());
        }
        let app = self.apps.entry(app_key).or_default();
        app.kind = app.kind.or(kind);
        if app.fields.is_none() {
            if let Some(fields) = op.get("x-kafka-node").and_then(Value::as_object) {
                app.fields = Some((fields.clone(), join(at, "x-kafka-node")));
            }
        }
        if receive {
            app.receives.push(Read {
                channel: channel.to_string(),
                global: op.get("x-global").and_then(Value::as_bool),
                lag: op.get("x-lag").and_then(Value::as_u64),
            });
        } else {
            app.sends.push(channel.to_string());
        }
    }

    /// A node per application, connected to what it reads and writes.
    pub(super) fn applications(&mut self) {
        for app_key in std::mem::take(&mut self.order) {
            let Some(app) = self.apps.remove(&app_key) else {
                continue;
            };
            let name = app_key.0;
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
            // The studio's own export carries the node's key (or its absence) itself.
            let infer_key = app.fields.is_none();
            if let Some((fields, fat)) = app.fields {
                self.apply_fields(&id, kind, fields, &fat);
            }
            for read in app.receives {
                let Some(ch) = self.channels.get(&read.channel) else {
                    continue;
                };
                let topic = ch.topic.clone();
                if let Some(edge) = self.b.edge(&topic, &id, &at) {
                    edge.global = read.global;
                    edge.lag = read.lag;
                }
            }
            for channel in app.sends {
                let Some(ch) = self.channels.get(&channel) else {
                    continue;
                };
                let (topic, key_field) = (ch.topic.clone(), ch.key_field.clone());
                self.b.edge(&id, &topic, &at);
                if let (Some(field), Some(node), true) = (key_field, self.b.node_mut(&id), infer_key) {
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
    pub(super) fn apply_fields(
        &mut self,
        id: &str,
        kind: NodeKind,
        mut fields: Map<String, Value>,
        at: &str,
    ) {
        fields.insert("id".into(), Value::from(id));
        fields.insert("kind".into(), serde_json::to_value(kind).unwrap_or(Value::Null));
        fields.insert("name".into(), Value::from("x"));
        fields.remove("position");
        // The dead-letter topic is named by its channel's key; its id here is that channel's topic.
        let dead_letter = fields.remove("dead_letter_topic");
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
            target.dead_letter_topic = None;
        }
        if let Some(key) = dead_letter {
            let topic = key
                .as_str()
                .and_then(|k| self.channels.get(k))
                .map(|c| c.topic.clone());
            match (topic, self.b.node_mut(id)) {
                (Some(topic), Some(target)) => target.dead_letter_topic = Some(topic),
                _ => self.w.push(Warning::new(
                    join(at, "dead_letter_topic"),
                    "names no channel of this document; left unset",
                )),
            }
        }
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
