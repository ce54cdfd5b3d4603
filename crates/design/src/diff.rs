//! What changed between two designs: nodes added, removed, changed (which fields) or only
//! moved, edges added and removed, and the design's own fields (name, description, cluster).
//!
//! Nodes are matched by `id`, edges by `(from, to)`. Positions are layout, not meaning: a node
//! whose only difference is its position is *moved*, not *changed*. Fields are compared as
//! their JSON, so a setting in `config` shows as `config.<setting>` (`config.min.insync.replicas`),
//! and a load profile's window by its name (`load_profile.peaks.Black Friday.multiplier`).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::{Design, Node};

/// The difference from an older design to a newer one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DesignDiff {
    /// Nodes only in the newer design.
    pub added: Vec<NodeRef>,
    /// Nodes only in the older design.
    pub removed: Vec<NodeRef>,
    /// Nodes in both whose fields differ (besides the position).
    pub changed: Vec<NodeChange>,
    /// Nodes in both that differ only in position.
    pub moved: Vec<NodeRef>,
    /// Edges only in the newer design, as `(from, to)`.
    pub edges_added: Vec<(String, String)>,
    /// Edges only in the older design.
    pub edges_removed: Vec<(String, String)>,
    /// The design's own fields that differ: `name`, `description`, `cluster.<field>`, …
    pub design_fields: Vec<FieldChange>,
}

/// A node named in a diff.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NodeRef {
    pub id: String,
    pub kind: String,
    pub name: String,
}

/// A node whose fields differ.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NodeChange {
    #[serde(flatten)]
    pub node: NodeRef,
    pub fields: Vec<FieldChange>,
}

/// One field's old and new value (`null` when unset).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Value,
    pub after: Value,
}

/// The counts of a diff, small enough to keep with every revision.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffSummary {
    pub nodes_added: usize,
    pub nodes_removed: usize,
    pub nodes_changed: usize,
    pub nodes_moved: usize,
    pub edges_added: usize,
    pub edges_removed: usize,
    pub design_fields_changed: usize,
}

impl DesignDiff {
    /// True when the two designs are the same, positions included.
    pub fn is_empty(&self) -> bool {
        self.summary() == DiffSummary::default()
    }

    pub fn summary(&self) -> DiffSummary {
        DiffSummary {
            nodes_added: self.added.len(),
            nodes_removed: self.removed.len(),
            nodes_changed: self.changed.len(),
            nodes_moved: self.moved.len(),
            edges_added: self.edges_added.len(),
            edges_removed: self.edges_removed.len(),
            design_fields_changed: self.design_fields.len(),
        }
    }
}

impl DiffSummary {
    /// One line for a history list: `2 nodes added, 1 changed, 3 edges added`, or `no changes`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let nodes = [
            (self.nodes_added, "added"),
            (self.nodes_removed, "removed"),
            (self.nodes_changed, "changed"),
            (self.nodes_moved, "moved"),
        ];
        let mut first_node = true;
        for (n, what) in nodes {
            if n > 0 {
                if first_node {
                    parts.push(format!("{} {what}", units::plural(n, "node", "nodes")));
                    first_node = false;
                } else {
                    parts.push(format!("{n} {what}"));
                }
            }
        }
        if self.edges_added > 0 {
            parts.push(format!(
                "{} added",
                units::plural(self.edges_added, "edge", "edges")
            ));
        }
        if self.edges_removed > 0 {
            parts.push(format!(
                "{} removed",
                units::plural(self.edges_removed, "edge", "edges")
            ));
        }
        if self.design_fields_changed > 0 {
            parts.push(format!(
                "{} changed",
                units::plural(self.design_fields_changed, "design setting", "design settings")
            ));
        }
        if parts.is_empty() {
            "no changes".into()
        } else {
            parts.join(", ")
        }
    }
}

/// The changes that turn `before` into `after`. Lists are in the newer (for added and changed)
/// or older (for removed) design's order, so a diff reads like the design.
pub fn diff(before: &Design, after: &Design) -> DesignDiff {
    let old: BTreeMap<&str, &Node> = before.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let new: BTreeMap<&str, &Node> = after.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let mut out = DesignDiff::default();

    for node in &after.nodes {
        match old.get(node.id.as_str()) {
            None => out.added.push(node_ref(node)),
            // Comparing the typed nodes first spares the JSON of the (many) unchanged ones.
            Some(prev) if equal_but_position(prev, node) => {
                if prev.position != node.position {
                    out.moved.push(node_ref(node));
                }
            }
            Some(prev) => {
                let fields = field_changes("", &node_fields(prev), &node_fields(node));
                if !fields.is_empty() {
                    out.changed.push(NodeChange {
                        node: node_ref(node),
                        fields,
                    });
                } else if prev.position != node.position {
                    out.moved.push(node_ref(node));
                }
            }
        }
    }
    out.removed = before
        .nodes
        .iter()
        .filter(|n| !new.contains_key(n.id.as_str()))
        .map(node_ref)
        .collect();

    fn edges(d: &Design) -> BTreeSet<(&str, &str)> {
        d.edges.iter().map(|e| (e.from.as_str(), e.to.as_str())).collect()
    }
    let (old_edges, new_edges) = (edges(before), edges(after));
    let owned = |(a, b): &(&str, &str)| (a.to_string(), b.to_string());
    out.edges_added = new_edges.difference(&old_edges).map(owned).collect();
    out.edges_removed = old_edges.difference(&new_edges).map(owned).collect();

    out.design_fields = field_changes("", &meta_fields(before), &meta_fields(after));
    out
}

/// Whether two nodes with one id are equal in everything but their position. Every field is
/// named, so a field added to [`Node`] without being added here does not compile.
fn equal_but_position(a: &Node, b: &Node) -> bool {
    let Node {
        id,
        kind,
        name,
        position: _,
        messages_per_sec,
        avg_message_bytes,
        key,
        load_profile,
        role,
        partitions,
        internal,
        engine,
        output_ratio,
        stateful,
        instances,
        threads_per_instance,
        processing_ms_per_record,
        dead_letter_topic,
        needs_ordering,
        schema_type,
        compatibility,
        naming_strategy,
        key_schema,
        versions,
        config,
        extra,
    } = a;
    *id == b.id
        && *kind == b.kind
        && *name == b.name
        && *messages_per_sec == b.messages_per_sec
        && *avg_message_bytes == b.avg_message_bytes
        && *key == b.key
        && *load_profile == b.load_profile
        && *role == b.role
        && *partitions == b.partitions
        && *internal == b.internal
        && *engine == b.engine
        && *output_ratio == b.output_ratio
        && *stateful == b.stateful
        && *instances == b.instances
        && *threads_per_instance == b.threads_per_instance
        && *processing_ms_per_record == b.processing_ms_per_record
        && *dead_letter_topic == b.dead_letter_topic
        && *needs_ordering == b.needs_ordering
        && *schema_type == b.schema_type
        && *compatibility == b.compatibility
        && *naming_strategy == b.naming_strategy
        && *key_schema == b.key_schema
        && *versions == b.versions
        && *config == b.config
        && *extra == b.extra
}

fn node_ref(n: &Node) -> NodeRef {
    NodeRef {
        id: n.id.clone(),
        kind: n.kind.as_str().to_owned(),
        name: n.name.clone(),
    }
}

/// A node as JSON without its position and id (the id is how nodes are matched).
fn node_fields(n: &Node) -> Map<String, Value> {
    let mut map = as_object(n);
    map.remove("position");
    map.remove("id");
    peaks_by_name(&mut map);
    map
}

/// The design's own fields as JSON: everything but the graph.
fn meta_fields(d: &Design) -> Map<String, Value> {
    let mut map = as_object(&d.meta());
    map.remove("nodes");
    map.remove("edges");
    peaks_by_name(&mut map);
    map
}

/// A load profile's windows keyed by their name, so that a change shows as
/// `load_profile.peaks.Black Friday.multiplier` rather than the whole list (kept a list when
/// two windows share a name: the validator refuses that, the diff still shows it).
fn peaks_by_name(map: &mut Map<String, Value>) {
    let Some(Value::Object(profile)) = map.get_mut("load_profile") else {
        return;
    };
    let Some(Value::Array(peaks)) = profile.get("peaks") else {
        return;
    };
    let mut by_name = Map::new();
    for w in peaks {
        match w.get("name").and_then(Value::as_str) {
            Some(name) if !by_name.contains_key(name) => {
                by_name.insert(name.to_owned(), w.clone());
            }
            _ => return,
        }
    }
    profile.insert("peaks".into(), Value::Object(by_name));
}

fn as_object<T: Serialize>(value: &T) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// Field-by-field differences; objects are compared member by member (`cluster.brokers`,
/// `config.retention.ms`, `key.distribution`), anything else as a whole.
fn field_changes(prefix: &str, before: &Map<String, Value>, after: &Map<String, Value>) -> Vec<FieldChange> {
    let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let mut out = Vec::new();
    for key in keys {
        let (b, a) = (before.get(key), after.get(key));
        if b == a {
            continue;
        }
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match (b, a) {
            (Some(Value::Object(b)), Some(Value::Object(a))) => out.extend(field_changes(&path, b, a)),
            // An empty object is left out of the document: compare it as one.
            (None, Some(Value::Object(a))) => out.extend(field_changes(&path, &Map::new(), a)),
            (Some(Value::Object(b)), None) => out.extend(field_changes(&path, b, &Map::new())),
            _ => out.push(FieldChange {
                field: path,
                before: b.cloned().unwrap_or(Value::Null),
                after: a.cloned().unwrap_or(Value::Null),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edge, NodeKind, Position};
    use proptest::prelude::*;

    fn sample() -> Design {
        let mut d = Design::new("orders");
        let mut topic = Node::new("orders", NodeKind::Topic, "orders");
        topic.partitions = Some(12);
        d.nodes
            .push(Node::new("checkout", NodeKind::Producer, "checkout"));
        d.nodes.push(topic);
        d.nodes
            .push(Node::new("billing", NodeKind::ConsumerGroup, "billing"));
        d.edges.push(Edge::new("checkout", "orders"));
        d.edges.push(Edge::new("orders", "billing"));
        d
    }

    #[test]
    fn a_profile_change_names_its_window() {
        use crate::profile::{LoadProfile, PeakWindow};
        let mut before = sample();
        before.load_profile = Some(LoadProfile {
            peaks: vec![PeakWindow::new("Black Friday", 5.0, 120)],
            ..LoadProfile::default()
        });
        let mut after = before.clone();
        if let Some(p) = after.load_profile.as_mut() {
            p.peaks[0].multiplier = 6.0;
            p.lag_threshold_seconds = Some(120.0);
        }
        after.nodes[0].load_profile = Some(LoadProfile {
            peaks: vec![PeakWindow::new("Black Friday", 2.0, 60)],
            ..LoadProfile::default()
        });
        let d = diff(&before, &after);
        let fields: Vec<&str> = d.design_fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "load_profile.lag_threshold_seconds",
                "load_profile.peaks.Black Friday.multiplier"
            ]
        );
        assert_eq!(d.changed.len(), 1);
        let node_fields: Vec<&str> = d.changed[0].fields.iter().map(|f| f.field.as_str()).collect();
        assert!(node_fields.contains(&"load_profile.peaks.Black Friday.multiplier"));
    }

    #[test]
    fn the_same_design_has_no_changes() {
        let d = sample();
        let diff = diff(&d, &d);
        assert!(diff.is_empty());
        assert_eq!(diff.summary().describe(), "no changes");
    }

    #[test]
    fn added_removed_changed_and_moved_nodes_are_told_apart() {
        let before = sample();
        let mut after = sample();
        after.nodes.retain(|n| n.id != "billing");
        after.edges.retain(|e| e.to != "billing");
        after
            .nodes
            .push(Node::new("audit", NodeKind::SinkConnector, "audit to S3"));
        after.edges.push(Edge::new("orders", "audit"));
        after.nodes[1].partitions = Some(24);
        after.nodes[1]
            .config
            .insert("min.insync.replicas".into(), Value::from(2));
        after.nodes[0].position = Some(Position { x: 10.0, y: 20.0 });
        after.cluster.brokers = Some(6);

        let diff = diff(&before, &after);
        assert_eq!(
            diff.added.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(),
            ["audit"]
        );
        assert_eq!(
            diff.removed.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(),
            ["billing"]
        );
        assert_eq!(
            diff.moved.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(),
            ["checkout"]
        );
        assert_eq!(diff.changed.len(), 1);
        let fields: Vec<_> = diff.changed[0].fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["config.min.insync.replicas", "partitions"]);
        assert_eq!(diff.changed[0].fields[1].before, Value::from(12));
        assert_eq!(diff.changed[0].fields[1].after, Value::from(24));
        assert_eq!(diff.edges_added, [("orders".to_string(), "audit".to_string())]);
        assert_eq!(
            diff.edges_removed,
            [("orders".to_string(), "billing".to_string())]
        );
        assert_eq!(diff.design_fields[0].field, "cluster.brokers");
        assert_eq!(
            diff.summary().describe(),
            "1 node added, 1 removed, 1 changed, 1 moved, 1 edge added, 1 edge removed, 1 design setting changed"
        );
    }

    fn arb_design() -> impl Strategy<Value = Design> {
        let node = (0u8..12, 1u32..50, proptest::option::of(0.0f64..500.0));
        (
            proptest::collection::vec(node, 0..10),
            proptest::collection::vec((0u8..12, 0u8..12), 0..12),
        )
            .prop_map(|(nodes, edges)| {
                let mut d = Design::new("p");
                for (id, partitions, x) in nodes {
                    let id = format!("n{id}");
                    if d.nodes.iter().any(|n| n.id == id) {
                        continue;
                    }
                    let mut n = Node::new(id.clone(), NodeKind::Topic, id);
                    n.partitions = Some(partitions);
                    n.position = x.map(|x| Position { x, y: 0.0 });
                    d.nodes.push(n);
                }
                for (a, b) in edges.into_iter().collect::<BTreeSet<_>>() {
                    d.edges.push(Edge::new(format!("n{a}"), format!("n{b}")));
                }
                d
            })
    }

    proptest! {
        #[test]
        fn a_diff_reversed_swaps_added_and_removed(a in arb_design(), b in arb_design()) {
            let forward = diff(&a, &b);
            let backward = diff(&b, &a);
            let ids = |v: &[NodeRef]| v.iter().map(|n| n.id.clone()).collect::<BTreeSet<_>>();
            prop_assert_eq!(ids(&forward.added), ids(&backward.removed));
            prop_assert_eq!(ids(&forward.removed), ids(&backward.added));
            prop_assert_eq!(&forward.edges_added, &backward.edges_removed);
            prop_assert_eq!(forward.changed.len(), backward.changed.len());
            prop_assert!(diff(&a, &a).is_empty());
            prop_assert_eq!(forward.is_empty(), backward.is_empty());
        }
    }
}
