//! A plan applied to a design: every change of every step that is not refused, in order.

use design::{Design, Edge, Node};
use serde_json::Value;

use crate::{Change, ChangeTarget, Plan, Risk};

/// `design` after every non-refused step of `plan`: what the cluster (and the design) looks like
/// once the plan ran. A change that does not fit the design (a node that is gone, a value of
/// the wrong type) is skipped.
pub fn apply(design: &Design, plan: &Plan) -> Design {
    let mut out = design.clone();
    for step in plan.steps.iter().filter(|s| s.risk != Risk::Refused) {
        for c in &step.changes {
            apply_change(&mut out, c);
        }
    }
    out
}

fn apply_change(d: &mut Design, c: &Change) {
    match c.target {
        ChangeTarget::Node => match serde_json::from_value::<Node>(c.after.clone()) {
            Ok(node) => match d.nodes.iter_mut().find(|n| n.id == node.id) {
                Some(existing) => *existing = node,
                None => d.nodes.push(node),
            },
            Err(_) if c.after.is_null() => {
                d.nodes.retain(|n| n.id != c.element_id);
                d.edges.retain(|e| e.from != c.element_id && e.to != c.element_id);
            }
            Err(_) => {}
        },
        ChangeTarget::Edge => {
            if let Ok(edge) = serde_json::from_value::<Edge>(c.after.clone()) {
                if !d.edges.iter().any(|e| e.from == edge.from && e.to == edge.to) {
                    d.edges.push(edge);
                }
            } else if let Ok(edge) = serde_json::from_value::<Edge>(c.before.clone()) {
                d.edges.retain(|e| !(e.from == edge.from && e.to == edge.to));
            }
        }
        ChangeTarget::Config => {
            if let Some(node) = d.nodes.iter_mut().find(|n| n.id == c.element_id) {
                if c.after.is_null() {
                    node.config.remove(&c.setting);
                } else {
                    node.config.insert(c.setting.clone(), c.after.clone());
                }
            }
        }
        ChangeTarget::Field => {
            if let Some(node) = d.nodes.iter_mut().find(|n| n.id == c.element_id) {
                set_field(node, &c.setting, &c.after);
            }
        }
    }
}

/// Sets one field of a node through its JSON (`null`: unset), keeping the node when the result
/// does not read back as a node.
fn set_field(node: &mut Node, field: &str, value: &Value) {
    if matches!(field, "id" | "kind") {
        return;
    }
    let Ok(Value::Object(mut map)) = serde_json::to_value(&*node) else {
        return;
    };
    if value.is_null() {
        map.remove(field);
    } else {
        map.insert(field.to_string(), value.clone());
    }
    if let Ok(n) = serde_json::from_value::<Node>(Value::Object(map)) {
        *node = n;
    }
}
