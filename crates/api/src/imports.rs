//! `POST /import`: a design from a document teams already have.

use serde::{Deserialize, Serialize};

use design::Design;

/// `POST /import?format=&application_id=`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct ImportQuery {
    /// asyncapi, streams-topology, kafka-topics-describe, consumer-groups-describe, strimzi or
    /// terraform; told from the text when absent
    pub format: Option<String>,
    /// The Kafka Streams `application.id` that prefixes internal topic names
    pub application_id: Option<String>,
}

/// Something the import skipped, guessed or could not carry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportWarning {
    pub message: String,
    /// `line 12`, or a path in the document (`channels.orders.bindings.kafka`).
    pub location: String,
}

/// The answer to `POST /import`: a laid-out, valid design, not saved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportedDesign {
    /// The format read (named or told from the text).
    pub format: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub design: Design,
    pub warnings: Vec<ImportWarning>,
}
