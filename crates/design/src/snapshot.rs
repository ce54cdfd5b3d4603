//! What an element of a design looked like, kept small, so that a review comment can say later
//! whether the element it is about has changed since ("partitions 12 → 24 since this
//! comment").
//!
//! A [`Snapshot`] maps each field of the element (a node's top-level fields, its Kafka settings
//! under their own names, an edge's fields) to its value as compact JSON. Positions on the
//! canvas are left out: moving a node does not outdate a comment. A value longer than
//! [`MAX_VALUE_CHARS`] is kept as a fingerprint (FNV-1a, stable across versions), so a
//! snapshot stays small whatever the design holds; at most [`MAX_FIELDS`] fields are kept.
//!
//! Not here: where snapshots are stored (the server), how changes are shown (the app).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::model::{Design, Node};

/// Field name → value as compact JSON (or a fingerprint for a long one).
pub type Snapshot = BTreeMap<String, String>;

/// Longest value kept as it is.
pub const MAX_VALUE_CHARS: usize = 120;
/// Most fields kept of one element.
pub const MAX_FIELDS: usize = 200;
/// Most bytes of one snapshot, names and values together (it is stored with each comment).
pub const MAX_BYTES: usize = 16 * 1024;
/// Longest field name kept as it is (a longer one is kept as its fingerprint).
pub const MAX_NAME_CHARS: usize = 80;
/// How a value too long to keep starts (followed by its fingerprint).
pub const FINGERPRINT: &str = "…#";

/// One field that differs between two snapshots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub field: String,
    /// `null` when the field was unset; `…` for a value too long to show.
    pub before: String,
    pub after: String,
}

/// The element a snapshot is taken of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Element<'a> {
    Node(&'a str),
    /// One field of a node: `partitions`, `min.insync.replicas`.
    Field(&'a str, &'a str),
    Edge(&'a str, &'a str),
}

/// The element as it is in `design`; `None` when the design has no such element.
pub fn snapshot(design: &Design, element: Element<'_>) -> Option<Snapshot> {
    match element {
        Element::Node(id) => node(design, id).map(node_fields),
        Element::Field(id, field) => node(design, id).map(|n| {
            let value = node_fields(n).remove(field).unwrap_or_else(|| "null".into());
            Snapshot::from([(field.to_owned(), value)])
        }),
        Element::Edge(from, to) => design
            .edges
            .iter()
            .find(|e| e.from == from && e.to == to)
            .map(|e| fields(serde_json::to_value(e).unwrap_or(Value::Null))),
    }
}

/// What changed from `before` to `after`, field by field, in field order.
pub fn changes(before: &Snapshot, after: &Snapshot) -> Vec<Change> {
    let names: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    names
        .into_iter()
        .filter_map(|name| {
            let then = before.get(name).map_or("null", String::as_str);
            let now = after.get(name).map_or("null", String::as_str);
            (then != now).then(|| Change {
                field: name.clone(),
                before: shown(then),
                after: shown(now),
            })
        })
        .collect()
}

fn shown(value: &str) -> String {
    if value.starts_with(FINGERPRINT) {
        "…".into()
    } else {
        value.to_owned()
    }
}

fn node<'d>(design: &'d Design, id: &str) -> Option<&'d Node> {
    design.nodes.iter().find(|n| n.id == id)
}

fn node_fields(node: &Node) -> Snapshot {
    fields(serde_json::to_value(node).unwrap_or(Value::Null))
}

/// An element's JSON object as a snapshot: `config` entries under their own names, `position`
/// and `id` left out.
fn fields(value: Value) -> Snapshot {
    let Value::Object(object) = value else {
        return Snapshot::new();
    };
    let mut out = Snapshot::new();
    let mut bytes = 0;
    let mut keep = |out: &mut Snapshot, name: String, value: &Value| {
        let name = if name.chars().count() <= MAX_NAME_CHARS {
            name
        } else {
            format!("{FINGERPRINT}{:016x}", fnv1a(name.as_bytes()))
        };
        let value = kept(value);
        let size = name.len() + value.len();
        if out.len() < MAX_FIELDS && bytes + size <= MAX_BYTES {
            bytes += size;
            out.insert(name, value);
        }
    };
    for (name, value) in object {
        match (name.as_str(), value) {
            ("position" | "id", _) => {}
            ("config", Value::Object(settings)) => {
                for (setting, value) in settings {
                    keep(&mut out, setting, &value);
                }
            }
            (_, value) => keep(&mut out, name, &value),
        }
    }
    out
}

/// A value as compact JSON, or its fingerprint when longer than [`MAX_VALUE_CHARS`].
fn kept(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= MAX_VALUE_CHARS {
        text
    } else {
        format!("{FINGERPRINT}{:016x}", fnv1a(text.as_bytes()))
    }
}

/// FNV-1a, 64 bits: the same number on every machine and every version.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn design(partitions: u32, mir: Option<i64>) -> Design {
        let mut config = serde_json::Map::new();
        if let Some(mir) = mir {
            config.insert("min.insync.replicas".into(), mir.into());
        }
        serde_json::from_value(serde_json::json!({
            "schema": "kafka-design/v1", "name": "d",
            "nodes": [
                {"id": "orders", "kind": "topic", "name": "orders", "partitions": partitions,
                 "config": config, "position": {"x": 1.0, "y": 2.0}},
                {"id": "app", "kind": "producer", "name": "app", "messages_per_sec": 10.0}
            ],
            "edges": [{"from": "app", "to": "orders"}]
        }))
        .unwrap()
    }

    #[test]
    fn a_changed_field_is_named_with_both_values() {
        let then = snapshot(&design(12, Some(2)), Element::Field("orders", "partitions")).unwrap();
        let now = snapshot(&design(24, Some(2)), Element::Field("orders", "partitions")).unwrap();
        assert_eq!(
            changes(&then, &now),
            vec![Change {
                field: "partitions".into(),
                before: "12".into(),
                after: "24".into()
            }]
        );
        let other = snapshot(&design(12, Some(3)), Element::Field("orders", "partitions")).unwrap();
        assert!(
            changes(&then, &other).is_empty(),
            "another field does not outdate it"
        );
    }

    #[test]
    fn settings_are_fields_under_their_kafka_names() {
        let then = snapshot(&design(12, None), Element::Node("orders")).unwrap();
        let now = snapshot(&design(12, Some(2)), Element::Node("orders")).unwrap();
        let changed = changes(&then, &now);
        assert_eq!(changed.len(), 1);
        assert_eq!(
            (
                changed[0].field.as_str(),
                changed[0].before.as_str(),
                changed[0].after.as_str()
            ),
            ("min.insync.replicas", "null", "2")
        );
    }

    #[test]
    fn moving_a_node_changes_nothing_and_missing_elements_are_none() {
        let mut moved = design(12, None);
        moved.nodes[0].position = None;
        let before = snapshot(&design(12, None), Element::Node("orders")).unwrap();
        assert!(changes(&before, &snapshot(&moved, Element::Node("orders")).unwrap()).is_empty());
        assert!(snapshot(&moved, Element::Node("gone")).is_none());
        assert!(snapshot(&moved, Element::Edge("orders", "app")).is_none());
        assert!(snapshot(&moved, Element::Edge("app", "orders")).is_some());
    }

    #[test]
    fn long_values_are_fingerprints() {
        let mut d = design(1, None);
        d.nodes[0].name = "n".repeat(5000);
        let s = snapshot(&d, Element::Node("orders")).unwrap();
        assert!(s["name"].starts_with(FINGERPRINT) && s["name"].len() < 40);
        let mut e = d.clone();
        e.nodes[0].name = "m".repeat(5000);
        let changed = changes(&s, &snapshot(&e, Element::Node("orders")).unwrap());
        assert_eq!(
            (changed[0].before.as_str(), changed[0].after.as_str()),
            ("…", "…")
        );
    }

    #[test]
    fn a_snapshot_is_bounded_whatever_the_node_holds() {
        let mut d = design(1, None);
        for i in 0..1_000 {
            d.nodes[0].config.insert(
                format!("{}{i}", "x".repeat(300)),
                serde_json::json!("v".repeat(500)),
            );
        }
        let s = snapshot(&d, Element::Node("orders")).unwrap();
        let size: usize = s.iter().map(|(k, v)| k.len() + v.len()).sum();
        assert!(
            size <= MAX_BYTES && s.len() <= MAX_FIELDS,
            "{size} bytes, {} fields",
            s.len()
        );
        assert!(
            serde_json::to_string(&s).unwrap().len() < 65_536,
            "fits the column's check"
        );
    }

    proptest! {
        #[test]
        fn a_snapshot_equals_itself_and_differs_where_values_do(a in 0u32..10_000, b in 0u32..10_000) {
            let sa = snapshot(&design(a, None), Element::Node("orders")).unwrap();
            let sb = snapshot(&design(b, None), Element::Node("orders")).unwrap();
            prop_assert!(changes(&sa, &sa).is_empty());
            prop_assert_eq!(changes(&sa, &sb).is_empty(), a == b);
        }
    }
}
