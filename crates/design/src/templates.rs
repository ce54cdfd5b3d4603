//! Starter templates: whole designs a new user opens in one click, taken from the domain
//! (orders with dead-letter topics, CDC into a lake, fraud detection, IoT telemetry).
//!
//! They are plain `kafka-design/v1` documents without positions, so opening one also shows the
//! automatic layout. A test keeps every template free of validation problems.

use crate::model::Design;
use crate::parse::{parse, ParseError};

/// One starter template.
#[derive(Clone, Copy, Debug)]
pub struct Template {
    /// Stable id, used in URLs (`/editor?template=fraud-detection`).
    pub id: &'static str,
    pub title: &'static str,
    /// One sentence for the template card.
    pub summary: &'static str,
    /// Its nodes and edges, for the card (a test keeps them true), so that the home page shows
    /// them without parsing the document.
    pub nodes: usize,
    pub edges: usize,
    /// The document.
    pub json: &'static str,
}

impl Template {
    /// The parsed design.
    pub fn design(&self) -> Result<Design, ParseError> {
        parse(self.json.as_bytes())
    }
}

/// Every starter template, in the order the home page shows them.
pub const TEMPLATES: &[Template] = &[
    Template {
        id: "ecommerce",
        title: "E-commerce orders",
        summary: "Orders, payments and inventory, with dead-letter and retry topics.",
        nodes: 13,
        edges: 12,
        json: include_str!("../templates/ecommerce.json"),
    },
    Template {
        id: "cdc-postgres-s3",
        title: "CDC: Postgres → S3",
        summary: "Debezium change capture into compacted topics, an S3 sink with its DLQ.",
        nodes: 7,
        edges: 6,
        json: include_str!("../templates/cdc-postgres-s3.json"),
    },
    Template {
        id: "fraud-detection",
        title: "Real-time fraud detection",
        summary: "A stateful Flink scorer, a ksqlDB alert filter and case management.",
        nodes: 9,
        edges: 7,
        json: include_str!("../templates/fraud-detection.json"),
    },
    Template {
        id: "iot-telemetry",
        title: "IoT telemetry",
        summary: "200 000 msg/s from devices, Flink downsampling, archive and alerts.",
        nodes: 7,
        edges: 6,
        json: include_str!("../templates/iot-telemetry.json"),
    },
];

/// The template with this id.
pub fn template(id: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::validate;

    #[test]
    fn every_template_parses_and_validates_without_problems() {
        for t in TEMPLATES {
            let design = t.design().unwrap_or_else(|e| panic!("{}: {e}", t.id));
            let problems = validate(&design);
            assert!(problems.is_empty(), "{}: {problems:#?}", t.id);
            assert_eq!(
                (design.nodes.len(), design.edges.len()),
                (t.nodes, t.edges),
                "{}",
                t.id
            );
            assert!(design.nodes.iter().all(|n| n.position.is_none()), "{}", t.id);
        }
    }

    #[test]
    fn template_ids_are_unique_and_found() {
        for t in TEMPLATES {
            assert_eq!(template(t.id).map(|x| x.id), Some(t.id));
        }
        assert!(template("nope").is_none());
    }
}
