//! Merging one design into another: what the editor does with an import the user asks to
//! merge into the open design.
//!
//! * A topic whose `name` is the name of a topic already there **is** that topic (Kafka knows a
//!   topic by its name); the same for schema subjects. The existing node keeps its id, position
//!   and every value it sets; the incoming one only fills what it leaves unset (`partitions`,
//!   `role`, each setting of `config`, …).
//! * Every other incoming node is added, under its own id when that is free, otherwise under the
//!   first free `<id>-2`, `<id>-3`, …; its edges and its `dead_letter_topic` follow it.
//! * An incoming edge that is already there (or, for a schema subject, there the other way
//!   round) is not added twice; it only fills what the existing one leaves unset (`lag`,
//!   `global`).
//! * The added nodes lose the positions they came with and are laid out below what is drawn
//!   ([`place_missing`]).
//! * The cluster's servers and broker settings the base lacks are taken; the base's name,
//!   description and sizing stay.
//!
//! When both designs are valid and the result holds no more nodes, edges and pasted keys than
//! [`crate::rules`] allows, the result is valid (a property test checks it).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Value};

use crate::layout::place_missing;
use crate::model::{Design, Edge, Node, NodeKind};
use crate::rules::{MAX_ID_CHARS, MAX_SERVERS};

/// The outcome of [`merge`]: the merged design and what happened to the incoming nodes.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    pub design: Design,
    /// Each incoming node's id → the id of the node it is in [`Merged::design`].
    pub ids: BTreeMap<String, String>,
    /// Ids (in [`Merged::design`]) of the incoming nodes that were added.
    pub added: Vec<String>,
    /// Ids of the existing topics and schema subjects incoming ones were the same as.
    pub matched: Vec<String>,
    /// Incoming edges added (the others were already there).
    pub edges_added: usize,
}

/// Whether nodes of `kind` are told apart by their name: two topics (or two schema subjects)
/// of one name are one.
fn named_by_name(kind: NodeKind) -> bool {
    matches!(kind, NodeKind::Topic | NodeKind::SchemaSubject)
}

/// `incoming` merged into `base` (see the module's documentation).
pub fn merge(base: &Design, incoming: &Design) -> Merged {
    let mut design = base.clone();
    merge_cluster(&mut design, incoming);

    // The nodes known by name, in the base and then as they are added.
    let mut by_name: HashMap<(NodeKind, String), usize> = HashMap::new();
    for (i, n) in design.nodes.iter().enumerate() {
        if named_by_name(n.kind) {
            by_name.entry((n.kind, n.name.clone())).or_insert(i);
        }
    }
    // Ids that an added node may not take: the base's, and the incoming ones that keep theirs.
    let base_ids: HashSet<&str> = base.nodes.iter().map(|n| n.id.as_str()).collect();
    let mut taken: HashSet<String> = base_ids.iter().map(|id| (*id).to_owned()).collect();
    let joins = |n: &Node, by_name: &HashMap<(NodeKind, String), usize>| {
        named_by_name(n.kind)
            .then(|| by_name.get(&(n.kind, n.name.clone())).copied())
            .flatten()
    };
    for n in &incoming.nodes {
        if joins(n, &by_name).is_none() {
            taken.insert(n.id.clone());
        }
    }

    // Incoming id → id in the result; each incoming node either joins a node or is added.
    let mut ids: HashMap<&str, String> = HashMap::with_capacity(incoming.nodes.len());
    let mut fills: Vec<(usize, &Node)> = Vec::new();
    let mut added = Vec::new();
    let mut matched = Vec::new();
    let mut matched_once: HashSet<String> = HashSet::new();
    let mut kept_own: HashSet<&str> = HashSet::new();
    for n in &incoming.nodes {
        if ids.contains_key(n.id.as_str()) {
            continue; // a duplicate id (an invalid document): its first node stands for it
        }
        if let Some(at) = joins(n, &by_name) {
            let id = design.nodes[at].id.clone();
            if at < base.nodes.len() && matched_once.insert(id.clone()) {
                matched.push(id.clone());
            }
            ids.insert(&n.id, id);
            fills.push((at, n));
            continue;
        }
        let id = if !base_ids.contains(n.id.as_str()) && kept_own.insert(&n.id) {
            n.id.clone()
        } else {
            fresh_id(&n.id, &mut taken)
        };
        let mut node = n.clone();
        node.id = id.clone();
        node.position = None;
        if named_by_name(node.kind) {
            by_name.insert((node.kind, node.name.clone()), design.nodes.len());
        }
        design.nodes.push(node);
        ids.insert(&n.id, id.clone());
        added.push(id);
    }

    // Settings the existing nodes leave unset, and dead-letter topics, now that every id is known.
    for (at, from) in fills {
        fill_node(&mut design.nodes[at], from, &ids);
    }
    let first_added = base.nodes.len();
    for node in &mut design.nodes[first_added..] {
        if let Some(dlq) = node.dead_letter_topic.take() {
            node.dead_letter_topic = Some(ids.get(dlq.as_str()).cloned().unwrap_or(dlq));
        }
    }

    let edges_added = merge_edges(&mut design, incoming, &ids);
    place_missing(&mut design);
    let ids = ids.into_iter().map(|(from, to)| (from.to_owned(), to)).collect();
    Merged {
        design,
        ids,
        added,
        matched,
        edges_added,
    }
}

/// The first of `<id>-2`, `<id>-3`, … not in `taken` (kept within [`MAX_ID_CHARS`]), now taken.
fn fresh_id(id: &str, taken: &mut HashSet<String>) -> String {
    for n in 2u64.. {
        let suffix = format!("-{n}");
        let room = MAX_ID_CHARS.saturating_sub(suffix.len());
        let stem: String = id.chars().take(room).collect();
        let candidate = format!("{stem}{suffix}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
    }
    unreachable!("some suffix is always free")
}

/// Fills what `into` leaves unset from `from` (the same topic or schema subject).
fn fill_node(into: &mut Node, from: &Node, ids: &HashMap<&str, String>) {
    fn fill<T: Clone>(slot: &mut Option<T>, value: &Option<T>) {
        if slot.is_none() {
            slot.clone_from(value);
        }
    }
    fill(&mut into.messages_per_sec, &from.messages_per_sec);
    fill(&mut into.avg_message_bytes, &from.avg_message_bytes);
    fill(&mut into.key, &from.key);
    fill(&mut into.role, &from.role);
    fill(&mut into.partitions, &from.partitions);
    fill(&mut into.internal, &from.internal);
    fill(&mut into.engine, &from.engine);
    fill(&mut into.output_ratio, &from.output_ratio);
    fill(&mut into.stateful, &from.stateful);
    fill(&mut into.instances, &from.instances);
    fill(&mut into.threads_per_instance, &from.threads_per_instance);
    fill(&mut into.processing_ms_per_record, &from.processing_ms_per_record);
    fill(&mut into.needs_ordering, &from.needs_ordering);
    fill(&mut into.schema_type, &from.schema_type);
    fill(&mut into.compatibility, &from.compatibility);
    fill(&mut into.naming_strategy, &from.naming_strategy);
    fill(&mut into.key_schema, &from.key_schema);
    if into.versions.is_empty() {
        into.versions.clone_from(&from.versions);
    }
    if into.dead_letter_topic.is_none() {
        into.dead_letter_topic = from
            .dead_letter_topic
            .as_deref()
            .map(|t| ids.get(t).cloned().unwrap_or_else(|| t.to_owned()));
    }
    fill_settings(&mut into.config, &from.config);
    fill_members(&mut into.extra, &from.extra);
}

fn fill_settings(into: &mut BTreeMap<String, Value>, from: &BTreeMap<String, Value>) {
    for (k, v) in from {
        into.entry(k.clone()).or_insert_with(|| v.clone());
    }
}

fn fill_members(into: &mut Map<String, Value>, from: &Map<String, Value>) {
    for (k, v) in from {
        if !into.contains_key(k) {
            into.insert(k.clone(), v.clone());
        }
    }
}

/// The cluster's ways in and broker settings that the base lacks.
fn merge_cluster(design: &mut Design, incoming: &Design) {
    let cluster = &mut design.cluster;
    fill_settings(&mut cluster.config, &incoming.cluster.config);
    for server in &incoming.cluster.servers {
        if cluster.servers.len() >= MAX_SERVERS {
            break;
        }
        if !cluster.servers.iter().any(|s| s.name == server.name) {
            cluster.servers.push(server.clone());
        }
    }
}

/// Adds `incoming`'s edges, re-pointed through `ids`, unless already there; returns how many.
fn merge_edges(design: &mut Design, incoming: &Design, ids: &HashMap<&str, String>) -> usize {
    let kinds: HashMap<&str, NodeKind> = design.nodes.iter().map(|n| (n.id.as_str(), n.kind)).collect();
    let mut at: HashMap<(String, String), usize> = HashMap::with_capacity(design.edges.len());
    for (i, e) in design.edges.iter().enumerate() {
        at.entry((e.from.clone(), e.to.clone())).or_insert(i);
    }
    let mut new_edges: Vec<Edge> = Vec::new();
    for e in &incoming.edges {
        let (Some(from), Some(to)) = (ids.get(e.from.as_str()), ids.get(e.to.as_str())) else {
            continue; // dangling in the incoming design: nothing to point it at
        };
        if from == to {
            continue;
        }
        let schema = [from, to]
            .iter()
            .any(|id| kinds.get(id.as_str()) == Some(&NodeKind::SchemaSubject));
        let existing = at
            .get(&(from.clone(), to.clone()))
            .or_else(|| schema.then(|| at.get(&(to.clone(), from.clone()))).flatten())
            .copied();
        match existing {
            Some(i) if i < design.edges.len() => {
                let into = &mut design.edges[i];
                if into.from == *from {
                    into.global = into.global.or(e.global);
                    into.lag = into.lag.or(e.lag);
                }
                fill_members(&mut into.extra, &e.extra);
            }
            Some(_) => {} // already added from this import
            None => {
                at.insert((from.clone(), to.clone()), design.edges.len() + new_edges.len());
                let mut edge = e.clone();
                edge.from.clone_from(from);
                edge.to.clone_from(to);
                new_edges.push(edge);
            }
        }
    }
    let n = new_edges.len();
    design.edges.extend(new_edges);
    n
}

#[cfg(test)]
mod tests;
