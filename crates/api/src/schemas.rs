//! `POST /schemas/compatibility`: a new schema version checked against older ones as a Schema
//! Registry checks it, with the verbose answer of a registry's compatibility endpoint (so a CI
//! job can call either), each message saying where it is.

use contracts::{Direction, Level, SchemaType, VersionError};
use serde::de::Deserializer;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A schema as text (`.avsc`, `.proto`, `.json` as written), or an Avro or JSON Schema document
/// given as JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct SchemaText {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub text: String,
    /// Given as text: line and column in answers refer to it.
    #[serde(skip)]
    pub as_text: bool,
}

impl SchemaText {
    pub fn text(text: impl Into<String>) -> Self {
        SchemaText {
            text: text.into(),
            as_text: true,
        }
    }
}

impl<'de> Deserialize<'de> for SchemaText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::String(s) => SchemaText::text(s),
            other => SchemaText {
                text: other.to_string(),
                as_text: false,
            },
        })
    }
}

/// `POST /schemas/compatibility`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CompatibilityRequest {
    /// `AVRO` (default), `PROTOBUF` or `JSON`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "AVRO"))]
    pub schema_type: SchemaType,
    /// `BACKWARD` (default), `BACKWARD_TRANSITIVE`, `FORWARD`, `FORWARD_TRANSITIVE`, `FULL`,
    /// `FULL_TRANSITIVE` or `NONE`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "BACKWARD"))]
    pub compatibility: Level,
    /// The new version.
    pub schema: SchemaText,
    /// The registered versions, oldest first (version 1 first).
    #[serde(default)]
    pub previous: Vec<SchemaText>,
}

/// One incompatibility of the new version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompatibilityMessage {
    /// The checker's kind (`READER_FIELD_MISSING_DEFAULT_VALUE`, `FIELD_KIND_CHANGED`, …).
    pub kind: String,
    /// Where, in the schema that reads: a JSON pointer, or a Protobuf `#/`-path.
    pub location: String,
    pub message: String,
    /// The previous version it conflicts with (1 is the oldest).
    pub version: u32,
    /// `backward`: the new schema cannot read what `version` wrote; `forward`: `version` cannot
    /// read what the new schema writes.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "backward"))]
    pub direction: Direction,
    /// The line and column of `location` in the text of the schema that reads (the new schema
    /// when backward, `version` when forward), when it was sent as text and is JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

/// The answer: whether the registry would accept the new version, and why not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompatibilityAnswer {
    pub is_compatible: bool,
    pub messages: Vec<CompatibilityMessage>,
}

impl CompatibilityRequest {
    /// Checks the request: the answer, or the version that could not be read (`None`: the new
    /// schema) with where and why.
    pub fn check(&self) -> Result<CompatibilityAnswer, VersionError> {
        let previous: Vec<&str> = self.previous.iter().map(|p| p.text.as_str()).collect();
        let verdict = contracts::check(self.schema_type, self.compatibility, &self.schema.text, &previous)?;
        let json = matches!(self.schema_type, SchemaType::Avro | SchemaType::Json);
        // Each place looked up once: a thousand messages may point at a few places of a long text.
        let mut places = std::collections::HashMap::new();
        let messages = verdict
            .messages
            .into_iter()
            .map(|m| {
                let reader = match m.direction {
                    Direction::Backward => Some((0, &self.schema)),
                    Direction::Forward => usize::try_from(m.version)
                        .ok()
                        .and_then(|v| Some((v, self.previous.get(v.checked_sub(1)?)?))),
                };
                let at = reader.filter(|(_, r)| r.as_text && json).and_then(|(i, r)| {
                    *places
                        .entry((i, m.location.clone()))
                        .or_insert_with(|| contracts::position::json_pointer(&r.text, &m.location))
                });
                CompatibilityMessage {
                    kind: m.kind,
                    location: m.location,
                    message: m.message,
                    version: m.version,
                    direction: m.direction,
                    line: at.map(|p| p.line),
                    column: at.map(|p| p.column),
                }
            })
            .collect();
        Ok(CompatibilityAnswer {
            is_compatible: verdict.is_compatible,
            messages,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_read_text_or_json_schemas_and_default_as_a_registry() {
        let r: CompatibilityRequest = serde_json::from_value(serde_json::json!({
            "schema": {"type": "string"},
            "previous": ["\"string\""]
        }))
        .unwrap();
        assert_eq!(r.schema_type, SchemaType::Avro);
        assert_eq!(r.compatibility, Level::Backward);
        assert_eq!(r.schema.text, r#"{"type":"string"}"#);
        assert!(!r.schema.as_text);
        assert_eq!(r.previous, vec![SchemaText::text("\"string\"")]);
        let wrong = serde_json::from_value::<CompatibilityRequest>(serde_json::json!({
            "schema": "\"int\"", "compatibility": "SIDEWAYS"
        }));
        assert!(wrong.is_err());
        let unknown = serde_json::from_value::<CompatibilityRequest>(serde_json::json!({
            "schema": "\"int\"", "previus": []
        }));
        assert!(unknown.unwrap_err().to_string().contains("previus"));
    }
}
