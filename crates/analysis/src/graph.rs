//! The design as a graph, indexed once per analysis: nodes by id, and for every node who
//! writes records into it and who reads records from it. Every part of the engine looks
//! neighbours up here instead of scanning the edge list, so an analysis is linear in the
//! number of edges.

use std::collections::HashMap;

use design::{Design, Node, NodeKind};

/// The record-flow graph of a design (schema subjects kept apart).
pub struct Graph<'a> {
    pub by_id: HashMap<&'a str, &'a Node>,
    /// For each node, the nodes with an edge into it (record flow only).
    pub inputs: HashMap<&'a str, Vec<&'a Node>>,
    /// For each node, the nodes its edges go to (record flow only).
    pub outputs: HashMap<&'a str, Vec<&'a Node>>,
    /// For each topic, the schema subjects attached to it (either direction).
    pub schemas: HashMap<&'a str, Vec<&'a Node>>,
    /// For each schema subject, the topics it is attached to.
    pub subject_topics: HashMap<&'a str, Vec<&'a Node>>,
}

impl<'a> Graph<'a> {
    /// Indexes `design`. Edges whose ends are not nodes are left out (the validator reports
    /// them); the first node of a duplicated id wins.
    pub fn new(design: &'a Design) -> Self {
        let mut by_id: HashMap<&str, &Node> = HashMap::with_capacity(design.nodes.len());
        for n in &design.nodes {
            by_id.entry(n.id.as_str()).or_insert(n);
        }
        let mut inputs: HashMap<&str, Vec<&Node>> = HashMap::new();
        let mut outputs: HashMap<&str, Vec<&Node>> = HashMap::new();
        let mut schemas: HashMap<&str, Vec<&Node>> = HashMap::new();
        let mut subject_topics: HashMap<&str, Vec<&Node>> = HashMap::new();
        for e in &design.edges {
            let (Some(&from), Some(&to)) = (by_id.get(e.from.as_str()), by_id.get(e.to.as_str())) else {
                continue;
            };
            match (from.kind, to.kind) {
                (NodeKind::SchemaSubject, NodeKind::Topic) => {
                    schemas.entry(to.id.as_str()).or_default().push(from);
                    subject_topics.entry(from.id.as_str()).or_default().push(to);
                }
                (NodeKind::Topic, NodeKind::SchemaSubject) => {
                    schemas.entry(from.id.as_str()).or_default().push(to);
                    subject_topics.entry(to.id.as_str()).or_default().push(from);
                }
                (NodeKind::SchemaSubject, _) | (_, NodeKind::SchemaSubject) => {}
                _ => {
                    outputs.entry(from.id.as_str()).or_default().push(to);
                    inputs.entry(to.id.as_str()).or_default().push(from);
                }
            }
        }
        Graph {
            by_id,
            inputs,
            outputs,
            schemas,
            subject_topics,
        }
    }

    /// The nodes writing records into `id`.
    pub fn inputs_of(&self, id: &str) -> &[&'a Node] {
        self.inputs.get(id).map_or(&[], Vec::as_slice)
    }

    /// The nodes `id` sends records to.
    pub fn outputs_of(&self, id: &str) -> &[&'a Node] {
        self.outputs.get(id).map_or(&[], Vec::as_slice)
    }

    /// The topics schema subject `id` is attached to.
    pub fn topics_of_subject(&self, id: &str) -> &[&'a Node] {
        self.subject_topics.get(id).map_or(&[], Vec::as_slice)
    }

    /// The schema subjects of topic `id`.
    pub fn schemas_of(&self, id: &str) -> &[&'a Node] {
        self.schemas.get(id).map_or(&[], Vec::as_slice)
    }
}
