//! Messages: the schema subjects of a channel, with their format, schema and key field.

use design::rules::MAX_SCHEMA_BYTES;
use design::subject::text_of_value;
use design::{NodeKind, SchemaType, SchemaVersion};
use serde_json::{Map, Value};

use super::{clip, Major, Reader};
use crate::asyncapi::refs::join;
use crate::build::clean_name;
use crate::Warning;

impl<'a> Reader<'a> {
    /// Schema subjects for a channel's messages; returns the key field the messages' Kafka
    /// binding names.
    pub(super) fn messages(
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
            let Some(subject) = self.subject(m, &subject, at, major) else {
                continue;
            };
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

    /// The schema subject `name` of message `m`, with its format and schema.
    pub(super) fn subject(
        &mut self,
        m: &'a Map<String, Value>,
        name: &str,
        at: &str,
        major: Major,
    ) -> Option<String> {
        let subject = self.b.node(NodeKind::SchemaSubject, name, at)?;
        let (format, schema) = payload(m, major);
        let format_name = format.unwrap_or("application/vnd.aai.asyncapi+json");
        // A message without a payload says nothing of its schema.
        let schema_format = if format.is_none() && schema.is_none() {
            None
        } else {
            schema_format(format_name)
        };
        if schema_format.is_none() && (format.is_some() || schema.is_some()) {
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
        let text = schema_format.zip(schema).map(|(ty, s)| text_of_value(ty, &s));
        let text = text.filter(|t| {
            let why = if t.len() > MAX_SCHEMA_BYTES {
                format!("the schema is larger than {MAX_SCHEMA_BYTES} bytes; left out")
            } else if t.trim().is_empty() {
                "the schema is empty; left out".to_owned()
            } else if t.contains('\0') {
                "the schema holds a NUL character; left out".to_owned()
            } else {
                return true;
            };
            self.w.push(Warning::new(join(at, "payload"), why));
            false
        });
        if let Some(n) = self.b.node_mut(&subject) {
            if n.versions.is_empty() {
                n.schema_type = schema_format;
                n.versions = text.map(SchemaVersion::new).into_iter().collect();
            }
        }
        Some(subject)
    }

    /// Subjects the studio's export lists without a topic: `components.messages` with
    /// `x-schema-subject` that no channel used.
    pub(super) fn lone_subjects(&mut self, major: Major) {
        let Some(messages) = self.root()["components"]["messages"].as_object() else {
            return;
        };
        for (id, m) in messages {
            let at = join("components.messages", id);
            let Some(name) = m.get("x-schema-subject").and_then(Value::as_str) else {
                continue;
            };
            if self.b.find(NodeKind::SchemaSubject, name).is_some() {
                continue;
            }
            if let Some((m, _)) = self.doc.object(m, &at, &mut self.w) {
                self.subject(m, name, &at, major);
            }
        }
    }
}

// The schema format and the schema of a message's payload.
fn payload(m: &Map<String, Value>, major: Major) -> (Option<&str>, Option<&Value>) {
    let payload = m.get("payload");
    match major {
        Major::V2 => (m.get("schemaFormat").and_then(Value::as_str), payload),
        Major::V3 => match payload {
            // A Multi Format Schema Object: `{schemaFormat, schema}` (the schema may be absent).
            Some(p)
                if p.get("schemaFormat").is_some()
                    && p.as_object()
                        .is_some_and(|o| o.keys().all(|k| k == "schemaFormat" || k == "schema")) =>
            {
                (p["schemaFormat"].as_str(), p.get("schema"))
            }
            other => (None, other),
        },
    }
}

/// A schema format's media type as the studio's format (`None`: not one the studio keeps).
fn schema_format(media: &str) -> Option<SchemaType> {
    let m = media.to_ascii_lowercase();
    if m.contains("avro") {
        Some(SchemaType::Avro)
    } else if m.contains("protobuf") {
        Some(SchemaType::Protobuf)
    } else if m.contains("json") || m.contains("asyncapi") || m.contains("openapi") {
        Some(SchemaType::Json)
    } else {
        None
    }
}
