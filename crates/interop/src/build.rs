//! One way for every importer to make a design: nodes found by kind and name, ids made from
//! names, edges checked against the graph rules, settings typed as the studio types them, and
//! everything the model cannot hold left out with a warning instead of failing the design.

use std::collections::{HashMap, HashSet};

use design::defaults::{self, Domain};
use design::rules::{MAX_EDGES, MAX_ID_CHARS, MAX_NAME_CHARS, MAX_NODES, MAX_SETTING_VALUE_CHARS};
use design::{Design, Edge, Node, NodeKind};
use serde_json::Value;

use crate::{Error, Warning};

/// A design under construction.
pub(crate) struct Builder {
    design: Design,
    ids: HashSet<String>,
    /// Node id → its place in `design.nodes`, so that finding a node by id is not a scan.
    index: HashMap<String, usize>,
    by_name: HashMap<(NodeKind, String), usize>,
    edges: HashMap<(String, String), usize>,
    warnings: Vec<Warning>,
    full: bool,
}

impl Builder {
    /// An empty design called `name` (cleaned and shortened to what a name may be).
    pub fn new(name: &str) -> Self {
        let mut name = clean_name(name);
        if name.is_empty() {
            name = "Imported design".into();
        }
        Self {
            design: Design::new(name),
            ids: HashSet::new(),
            index: HashMap::new(),
            by_name: HashMap::new(),
            edges: HashMap::new(),
            warnings: Vec::new(),
            full: false,
        }
    }

    /// The design's own fields (description, cluster).
    pub fn design_mut(&mut self) -> &mut Design {
        &mut self.design
    }

    pub fn warn(&mut self, warning: Warning) {
        self.warnings.push(warning);
    }

    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The id of the `kind` node called `name`, made when there is none yet. `None` when the
    /// name is empty or the design is full (both said once, at `location`).
    pub fn node(&mut self, kind: NodeKind, name: &str, location: &str) -> Option<String> {
        let name = self.name(name, location)?;
        if let Some(&i) = self.by_name.get(&(kind, name.clone())) {
            return Some(self.design.nodes[i].id.clone());
        }
        if self.design.nodes.len() >= MAX_NODES {
            if !self.full {
                self.full = true;
                self.warn(Warning::new(
                    location,
                    format!("the design is full ({MAX_NODES} nodes); the rest is left out"),
                ));
            }
            return None;
        }
        let id = self.fresh_id(&name);
        self.by_name.insert((kind, name.clone()), self.design.nodes.len());
        self.index.insert(id.clone(), self.design.nodes.len());
        self.design.nodes.push(Node::new(id.clone(), kind, name));
        Some(id)
    }

    /// The `kind` node called `name`, if made.
    pub fn find(&self, kind: NodeKind, name: &str) -> Option<&Node> {
        let name = clean_name(name);
        self.by_name.get(&(kind, name)).map(|&i| &self.design.nodes[i])
    }

    /// The node with id `id`.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut Node> {
        let &i = self.index.get(id)?;
        self.design.nodes.get_mut(i)
    }

    /// The kind of the node with id `id`.
    fn kind_of(&self, id: &str) -> Option<NodeKind> {
        let &i = self.index.get(id)?;
        self.design.nodes.get(i).map(|n| n.kind)
    }

    /// The node made for (`kind`, `name`), by its id; panics never: `None` when absent.
    pub fn node_mut(&mut self, id: &str) -> Option<&mut Node> {
        self.get_mut(id)
    }

    /// Records flow `from` → `to` (both ids this builder made). An edge the graph rules refuse
    /// is left out with the rule's reason; a repeated one is the same edge.
    pub fn edge(&mut self, from: &str, to: &str, location: &str) -> Option<&mut Edge> {
        let key = (from.to_string(), to.to_string());
        if let Some(&i) = self.edges.get(&key) {
            return Some(&mut self.design.edges[i]);
        }
        let (Some(f), Some(t)) = (self.kind_of(from), self.kind_of(to)) else {
            return None;
        };
        if from == to {
            return None;
        }
        if let Some(why) = design::edge_refusal(f, t) {
            self.warn(Warning::new(location, format!("connection left out: {why}")));
            return None;
        }
        if self.design.edges.len() >= MAX_EDGES {
            self.warn(Warning::new(
                location,
                format!("the design has {MAX_EDGES} connections, the most it may; the rest are left out"),
            ));
            return None;
        }
        self.edges.insert(key, self.design.edges.len());
        self.design.edges.push(Edge::new(from, to));
        self.design.edges.last_mut()
    }

    /// Sets the Kafka setting `name` on node `id` from its text as Kafka prints it, typed as the
    /// studio types it (`3` a number, `true` a boolean). A value the setting cannot take, or a
    /// setting that does not apply to the node's kind, is left out with a warning.
    pub fn setting(&mut self, id: &str, name: &str, value: &str, location: &str) {
        let value = value.trim();
        let name = name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
            self.warn(Warning::new(
                location,
                "a setting with an unreadable name is left out",
            ));
            return;
        }
        if value.chars().count() > MAX_SETTING_VALUE_CHARS || value.contains('\0') {
            self.warn(Warning::new(
                location,
                format!(
                    "`{name}` is left out: its value is longer than {MAX_SETTING_VALUE_CHARS} characters"
                ),
            ));
            return;
        }
        let Some(kind) = self.kind_of(id) else {
            return;
        };
        let typed = match defaults::setting(name) {
            None => Value::String(value.into()),
            Some(spec) => {
                if !spec.applies_to(kind) {
                    self.warn(Warning::new(
                        location,
                        format!("`{name}` is left out: it is not a setting of a {}", kind.label()),
                    ));
                    return;
                }
                let typed = match spec.domain {
                    Domain::Int { .. } => value
                        .parse::<i64>()
                        .map(Value::from)
                        .unwrap_or_else(|_| Value::String(value.into())),
                    Domain::Bool => match value.to_ascii_lowercase().as_str() {
                        "true" => Value::Bool(true),
                        "false" => Value::Bool(false),
                        _ => Value::String(value.into()),
                    },
                    Domain::OneOf(_) => Value::String(value.into()),
                };
                if let Err(why) = spec.check(&typed) {
                    self.warn(Warning::new(location, format!("`{name}` is left out: {why}")));
                    return;
                }
                typed
            }
        };
        if let Some(node) = self.get_mut(id) {
            node.config.insert(name.to_string(), typed);
        }
    }

    /// The design, laid out, with the warnings. Fails only when what was built still breaks
    /// the graph rules (an importer's mistake, reported rather than saved).
    pub fn finish(mut self) -> Result<(Design, Vec<Warning>), Error> {
        design::layout::place_missing(&mut self.design);
        let problems = design::validate(&self.design);
        if let Some(p) = problems.first() {
            return Err(Error::Limit {
                message: format!("the imported design breaks a rule: {p}"),
            });
        }
        Ok((self.design, self.warnings))
    }

    fn name(&mut self, name: &str, location: &str) -> Option<String> {
        let cleaned = clean_name(name);
        if cleaned.is_empty() {
            self.warn(Warning::new(location, "an element without a name is left out"));
            return None;
        }
        if cleaned.chars().count() < name.trim().chars().count() && name.chars().count() > MAX_NAME_CHARS {
            self.warn(Warning::new(
                location,
                format!("the name is shortened to {MAX_NAME_CHARS} characters"),
            ));
        }
        Some(cleaned)
    }

    /// An id from a name: `Orders Created` → `orders-created`, `-2`, `-3`, … when taken.
    fn fresh_id(&mut self, name: &str) -> String {
        let mut stem: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        stem = stem
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        if stem.is_empty() {
            stem = "node".into();
        }
        stem.truncate(MAX_ID_CHARS - 8);
        let mut id = stem.clone();
        let mut n = 1;
        while self.ids.contains(&id) {
            n += 1;
            id = format!("{stem}-{n}");
        }
        self.ids.insert(id.clone());
        id
    }
}

/// A name as a design may hold it: one line, no control characters, trimmed, at most
/// [`MAX_NAME_CHARS`] characters.
pub(crate) fn clean_name(name: &str) -> String {
    let one_line: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    one_line
        .trim()
        .chars()
        .take(MAX_NAME_CHARS)
        .collect::<String>()
        .trim_end()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_are_found_by_kind_and_name_and_ids_are_unique() {
        let mut b = Builder::new("t");
        let t = b.node(NodeKind::Topic, "Orders Created", "line 1").unwrap();
        let g = b
            .node(NodeKind::ConsumerGroup, "orders created", "line 2")
            .unwrap();
        assert_eq!(t, "orders-created");
        assert_eq!(g, "orders-created-2");
        assert_eq!(b.node(NodeKind::Topic, "Orders Created", "line 3").unwrap(), t);
        assert!(b.node(NodeKind::Topic, " \t ", "line 4").is_none());
        assert_eq!(b.warnings().len(), 1);
    }

    #[test]
    fn illegal_edges_are_left_out_with_the_rule() {
        let mut b = Builder::new("t");
        let a = b.node(NodeKind::Topic, "a", "x").unwrap();
        let c = b.node(NodeKind::Topic, "c", "x").unwrap();
        assert!(b.edge(&a, &c, "line 9").is_none());
        assert_eq!(b.warnings()[0].location, "line 9");
        assert!(b.warnings()[0].message.contains("stream processor"));
        let (d, _) = b.finish().unwrap();
        assert!(d.edges.is_empty());
    }

    #[test]
    fn settings_are_typed_and_checked() {
        let mut b = Builder::new("t");
        let t = b.node(NodeKind::Topic, "a", "x").unwrap();
        b.setting(&t, "min.insync.replicas", "2", "l1");
        b.setting(&t, "unclean.leader.election.enable", "false", "l2");
        b.setting(&t, "cleanup.policy", "compact", "l3");
        b.setting(&t, "cleanup.policy", "shred", "l4");
        b.setting(&t, "acks", "all", "l5");
        b.setting(&t, "message.timestamp.type", "CreateTime", "l6");
        let (d, w) = b.finish().unwrap();
        let c = &d.nodes[0].config;
        assert_eq!(c["min.insync.replicas"], Value::from(2));
        assert_eq!(c["unclean.leader.election.enable"], Value::Bool(false));
        assert_eq!(c["cleanup.policy"], "compact");
        assert_eq!(c["message.timestamp.type"], "CreateTime");
        assert!(!c.contains_key("acks"));
        let at: Vec<&str> = w.iter().map(|w| w.location.as_str()).collect();
        assert_eq!(at, ["l4", "l5"]);
    }

    #[test]
    fn long_and_control_names_are_cleaned() {
        let mut b = Builder::new("x\u{0}y");
        let long = "n".repeat(500);
        let id = b.node(NodeKind::Topic, &long, "line 1").unwrap();
        assert!(id.len() <= MAX_ID_CHARS);
        let (d, w) = b.finish().unwrap();
        assert_eq!(d.name, "x y");
        assert_eq!(d.nodes[0].name.chars().count(), MAX_NAME_CHARS);
        assert_eq!(w.len(), 1);
    }
}
