//! What a schema subject carries: its schema type, the registry's compatibility level, how its
//! registry name is made, and its versions, oldest first.
//!
//! Designs written before subjects had versions stay readable: their `schema_format` is the
//! `schema_type`, and their one `schema` (a JSON value) is version 1.

use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use contracts::{Level as Compatibility, SchemaType};

/// How a serializer names the subject of a record's schema (`key.subject.name.strategy`,
/// `value.subject.name.strategy`), by the class's simple name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NamingStrategy {
    /// `<topic>-key` or `<topic>-value`: one schema per topic (the serializers' default).
    #[default]
    TopicNameStrategy,
    /// The record's full name: one schema per record type, on any topic.
    RecordNameStrategy,
    /// `<topic>-<record full name>`: several record types on one topic.
    TopicRecordNameStrategy,
}

impl NamingStrategy {
    pub const ALL: [NamingStrategy; 3] = [
        NamingStrategy::TopicNameStrategy,
        NamingStrategy::RecordNameStrategy,
        NamingStrategy::TopicRecordNameStrategy,
    ];

    pub fn name(self) -> &'static str {
        match self {
            NamingStrategy::TopicNameStrategy => "TopicNameStrategy",
            NamingStrategy::RecordNameStrategy => "RecordNameStrategy",
            NamingStrategy::TopicRecordNameStrategy => "TopicRecordNameStrategy",
        }
    }

    /// The subject name a serializer registers under, when what it needs is known: the topic
    /// for the topic strategies, the record's full name for the record strategies.
    pub fn subject(self, topic: Option<&str>, key: bool, record: Option<&str>) -> Option<String> {
        match self {
            NamingStrategy::TopicNameStrategy => {
                topic.map(|t| format!("{t}-{}", if key { "key" } else { "value" }))
            }
            NamingStrategy::RecordNameStrategy => record.map(str::to_owned),
            NamingStrategy::TopicRecordNameStrategy => Some(format!("{}-{}", topic?, record?)),
        }
    }
}

impl fmt::Display for NamingStrategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One registered version of a subject's schema.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchemaVersion {
    /// The schema as its author wrote it: Avro or JSON Schema JSON, or a `.proto` file. A JSON
    /// value is accepted too, and kept as its pretty-printed text.
    #[serde(deserialize_with = "text_or_json")]
    pub schema: String,
    /// Why this version was made ("adds `email`").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl SchemaVersion {
    pub fn new(schema: impl Into<String>) -> Self {
        SchemaVersion {
            schema: schema.into(),
            note: None,
        }
    }
}

/// The text of a schema given as a string, or as JSON (kept pretty-printed, so that the
/// editor's lines mean something).
fn text_or_json<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => s,
        other => pretty(&other),
    })
}

pub(crate) fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// A schema given as a JSON value (as AsyncAPI and other documents embed one) as the text a
/// version keeps: a Protobuf definition is its string; Avro and JSON Schema documents are
/// pretty-printed JSON (an Avro primitive `"string"` keeps its quotes).
pub fn text_of_value(ty: SchemaType, v: &Value) -> String {
    match (ty, v) {
        (SchemaType::Protobuf, Value::String(s)) => s.clone(),
        _ => pretty(v),
    }
}

/// The inverse of [`text_of_value`]: an Avro or JSON Schema text as its JSON value (a text that
/// is not JSON stays a string), a Protobuf definition as a string.
pub fn value_of_text(ty: SchemaType, text: &str) -> Value {
    match ty {
        SchemaType::Protobuf => Value::String(text.to_owned()),
        SchemaType::Avro | SchemaType::Json => {
            serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
        }
    }
}

/// A subject's versions: a list of `{"schema", "note"}`, or (as designs wrote before versions)
/// one schema, which is version 1.
pub(crate) fn versions<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<SchemaVersion>, D::Error> {
    let v = Value::deserialize(d)?;
    let is_versions = match &v {
        Value::Array(items) => items
            .iter()
            .all(|i| i.as_object().is_some_and(|o| o.contains_key("schema"))),
        _ => false,
    };
    if is_versions {
        serde_json::from_value(v).map_err(de::Error::custom)
    } else {
        match v {
            Value::Null => Ok(Vec::new()),
            Value::String(s) => Ok(vec![SchemaVersion::new(s)]),
            // Pretty-printed to read in the editor, unless that would pass the limit the
            // compact form was held to when it was saved.
            other => {
                let text = pretty(&other);
                let text = if text.len() > crate::rules::MAX_SCHEMA_BYTES {
                    other.to_string()
                } else {
                    text
                };
                Ok(vec![SchemaVersion::new(text)])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_name_strategy_names_key_and_value_subjects() {
        let s = NamingStrategy::TopicNameStrategy;
        assert_eq!(
            s.subject(Some("orders"), false, None).as_deref(),
            Some("orders-value")
        );
        assert_eq!(
            s.subject(Some("orders"), true, Some("x.Y")).as_deref(),
            Some("orders-key")
        );
        assert_eq!(s.subject(None, false, Some("x.Y")), None);
    }

    #[test]
    fn schema_values_and_texts_turn_into_each_other() {
        let avro = serde_json::json!({"type": "record", "name": "A", "fields": []});
        for (ty, v) in [
            (SchemaType::Avro, avro),
            (SchemaType::Avro, Value::String("string".into())),
            (SchemaType::Json, serde_json::json!(true)),
            (SchemaType::Protobuf, Value::String("syntax = \"proto3\";".into())),
        ] {
            assert_eq!(value_of_text(ty, &text_of_value(ty, &v)), v, "{ty}");
        }
        assert_eq!(
            text_of_value(SchemaType::Avro, &Value::String("string".into())),
            "\"string\""
        );
        assert_eq!(
            value_of_text(SchemaType::Avro, "{not json"),
            Value::String("{not json".into())
        );
    }

    #[test]
    fn record_strategies_need_the_record_name() {
        let r = NamingStrategy::RecordNameStrategy;
        assert_eq!(
            r.subject(Some("orders"), false, Some("shop.Order")).as_deref(),
            Some("shop.Order")
        );
        assert_eq!(r.subject(Some("orders"), false, None), None);
        let tr = NamingStrategy::TopicRecordNameStrategy;
        assert_eq!(
            tr.subject(Some("orders"), false, Some("shop.Order")).as_deref(),
            Some("orders-shop.Order")
        );
        assert_eq!(tr.subject(None, false, Some("shop.Order")), None);
        for s in NamingStrategy::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), Value::String(s.name().into()));
        }
    }

    fn subject(extra: Value) -> crate::Node {
        let mut v = serde_json::json!({"id": "s", "kind": "schema_subject", "name": "orders-value"});
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn designs_from_before_versions_read_their_one_schema_as_version_1() {
        let record = serde_json::json!({"type": "record", "name": "Order", "fields": []});
        let n = subject(serde_json::json!({"schema_format": "avro", "schema": record}));
        assert_eq!(n.schema_type, Some(SchemaType::Avro));
        assert_eq!(n.versions.len(), 1);
        let text = &n.versions[0].schema;
        assert!(text.contains('\n'), "kept pretty-printed: {text}");
        assert_eq!(serde_json::from_str::<Value>(text).unwrap(), record);

        let proto = "syntax = \"proto3\";\nmessage A { string id = 1; }\n";
        let n = subject(serde_json::json!({"schema_format": "protobuf", "schema": proto}));
        assert_eq!(n.schema_type, Some(SchemaType::Protobuf));
        assert_eq!(n.latest_schema(), Some(proto));

        // A top-level Avro union is one schema, not a list of versions.
        let n = subject(serde_json::json!({"schema": ["null", "string"]}));
        assert_eq!(n.versions.len(), 1);
        assert_eq!(
            serde_json::from_str::<Value>(&n.versions[0].schema).unwrap(),
            serde_json::json!(["null", "string"])
        );
    }

    #[test]
    fn a_large_schema_from_before_versions_stays_within_the_limit() {
        let fields: Vec<Value> = (0..4_000)
            .map(|i| serde_json::json!({"name": format!("field_{i}"), "type": ["null", "string"], "default": null}))
            .collect();
        let record = serde_json::json!({"type": "record", "name": "Wide", "fields": fields});
        let compact = record.to_string();
        assert!(
            compact.len() < crate::rules::MAX_SCHEMA_BYTES
                && pretty(&record).len() > crate::rules::MAX_SCHEMA_BYTES
        );
        let n = subject(serde_json::json!({"schema_format": "avro", "schema": record}));
        assert_eq!(n.latest_schema(), Some(compact.as_str()));
    }

    #[test]
    fn versions_are_written_with_the_registrys_names_and_read_back() {
        let n = subject(serde_json::json!({
            "schema_type": "PROTOBUF",
            "compatibility": "FULL_TRANSITIVE",
            "naming_strategy": "TopicRecordNameStrategy",
            "key_schema": true,
            "versions": [
                {"schema": "syntax = \"proto3\";"},
                {"schema": {"type": "string"}, "note": "a JSON value is kept as text"}
            ]
        }));
        assert_eq!(n.compatibility_or_default(), Compatibility::FullTransitive);
        assert_eq!(
            n.versions[1].note.as_deref(),
            Some("a JSON value is kept as text")
        );
        let out = serde_json::to_value(&n).unwrap();
        assert_eq!(out["schema_type"], "PROTOBUF");
        assert_eq!(out["compatibility"], "FULL_TRANSITIVE");
        assert!(out.get("schema").is_none() && out.get("schema_format").is_none());
        let back: crate::Node = serde_json::from_value(out).unwrap();
        assert_eq!(back, n);
        let bare = subject(serde_json::json!({}));
        assert_eq!(bare.compatibility_or_default(), Compatibility::Backward);
        assert_eq!(bare.schema_type_or_default(), SchemaType::Avro);
        assert!(bare.versions.is_empty());
    }
}
