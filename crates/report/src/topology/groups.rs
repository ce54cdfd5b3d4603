//! Which nodes a large design's topology pages draw together: groups by domain prefix (the
//! first segment of the topic names: `retail` from `retail.fulfilment-centre-07.…`), or, when
//! the names share no prefixes, by connected component.
//!
//! Every node is in exactly one group. A topic goes to its prefix's group; any other node to
//! the group most of the topics it touches are in (ties: the earlier group), and a node that
//! touches no topic to the group of its nearest grouped neighbour; what is left (nodes joined
//! to no topic at all) forms a last group. At most [`MAX_GROUPS`] groups, so that the overview
//! fits one page: with more prefixes, or prefixes that cut more than a quarter of the links
//! (names that do not follow the flow), the components are used, and with more components the
//! smallest share a group.
//!
//! Pure and linear in the design (plus sorting); no layout, no drawing.

use std::collections::{HashMap, VecDeque};

use design::{Design, NodeKind};

/// The most groups a design is cut into (the overview draws one box per group).
pub(crate) const MAX_GROUPS: usize = 20;
/// The largest share of the links (numerator, denominator) that may cross prefix groups.
const MOST_CROSSING: (usize, usize) = (1, 4);

/// The nodes' links, resolved to node indices: the edges (records flow, schemas attach) and
/// the dead-letter references, which keep a dead-letter topic beside its reader.
pub(crate) struct Graph {
    /// Every link as (from, to), self-links left out.
    pub links: Vec<(usize, usize)>,
    /// Each node's neighbours either way.
    pub neighbours: Vec<Vec<usize>>,
}

impl Graph {
    /// Node ids to indices; a repeated id means its first node (as the picture draws edges).
    pub(crate) fn index(design: &Design) -> HashMap<&str, usize> {
        let mut index = HashMap::with_capacity(design.nodes.len());
        for (i, n) in design.nodes.iter().enumerate() {
            index.entry(n.id.as_str()).or_insert(i);
        }
        index
    }

    pub(crate) fn new(design: &Design) -> Self {
        let index = Self::index(design);
        let mut links: Vec<(usize, usize)> = design
            .edges
            .iter()
            .filter_map(|e| Some((*index.get(e.from.as_str())?, *index.get(e.to.as_str())?)))
            .collect();
        links.extend(
            design
                .nodes
                .iter()
                .enumerate()
                .filter_map(|(i, n)| Some((i, *index.get(n.dead_letter_topic.as_deref()?)?))),
        );
        links.retain(|(a, b)| a != b);
        let mut neighbours = vec![Vec::new(); design.nodes.len()];
        for &(a, b) in &links {
            neighbours[a].push(b);
            neighbours[b].push(a);
        }
        Graph { links, neighbours }
    }

    /// The connected components of the nodes `inside` says are in, through links between such
    /// nodes; each component's nodes ascending, components by their first node.
    pub(crate) fn components(&self, inside: &dyn Fn(usize) -> bool) -> Vec<Vec<usize>> {
        let n = self.neighbours.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn root(parent: &mut [usize], mut v: usize) -> usize {
            while parent[v] != v {
                parent[v] = parent[parent[v]];
                v = parent[v];
            }
            v
        }
        for &(a, b) in &self.links {
            if inside(a) && inside(b) {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
        let mut slot: HashMap<usize, usize> = HashMap::new();
        let mut out: Vec<Vec<usize>> = Vec::new();
        for v in (0..n).filter(|&v| inside(v)) {
            let r = root(&mut parent, v);
            let k = *slot.entry(r).or_insert_with(|| {
                out.push(Vec::new());
                out.len() - 1
            });
            out[k].push(v);
        }
        out
    }
}

/// How the groups were made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rule {
    /// By the first segment of the topic names.
    Prefix,
    /// By connected component.
    Components,
    /// One group: the whole design.
    Whole,
}

/// Nodes drawn together, under a name.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Group {
    pub name: String,
    /// Node indices, ascending.
    pub nodes: Vec<usize>,
}

/// A topic name's domain prefix: its first non-empty segment without its separator
/// (`retail.fulfilment-centre-07.x` → `retail`, `orders-created` → `orders`).
pub(crate) fn prefix(name: &str) -> &str {
    design::names::segments(name)
        .map(|s| s.trim_end_matches(design::names::breaks_after))
        .find(|s| !s.is_empty())
        .unwrap_or(name)
}

/// The design's groups and the rule that made them.
pub(crate) fn groups(design: &Design, graph: &Graph) -> (Rule, Vec<Group>) {
    if let Some(groups) = by_prefix(design, graph) {
        return (Rule::Prefix, groups);
    }
    let components = graph.components(&|_| true);
    if components.len() < 2 {
        let nodes = (0..design.nodes.len()).collect();
        return (
            Rule::Whole,
            vec![Group {
                name: design.name.clone(),
                nodes,
            }],
        );
    }
    (Rule::Components, by_component(design, components))
}

/// Groups by prefix, when the topic names share some: at least two prefixes, on average two
/// topics or more each, at most [`MAX_GROUPS`] groups in all, and no more than a quarter of
/// the links crossing from group to group.
fn by_prefix(design: &Design, graph: &Graph) -> Option<Vec<Group>> {
    let n = design.nodes.len();
    let mut names: Vec<&str> = Vec::new();
    let mut slot: HashMap<&str, usize> = HashMap::new();
    let mut group: Vec<Option<usize>> = vec![None; n];
    let mut topics = 0;
    for (i, node) in design.nodes.iter().enumerate() {
        if node.kind == NodeKind::Topic {
            topics += 1;
            let p = prefix(&node.name);
            let g = *slot.entry(p).or_insert_with(|| {
                names.push(p);
                names.len() - 1
            });
            group[i] = Some(g);
        }
    }
    if names.len() < 2 || names.len() >= MAX_GROUPS || topics < 2 * names.len() {
        return None;
    }
    // Nodes touching topics: the group most of those topics are in.
    let mut votes: Vec<usize> = vec![0; names.len()];
    for i in 0..n {
        if group[i].is_some() {
            continue;
        }
        votes.iter_mut().for_each(|v| *v = 0);
        for &t in &graph.neighbours[i] {
            if design.nodes[t].kind == NodeKind::Topic {
                if let Some(g) = group[t] {
                    votes[g] += 1;
                }
            }
        }
        let best = votes
            .iter()
            .enumerate()
            .filter(|&(_, &v)| v > 0)
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)));
        group[i] = best.map(|(g, _)| g);
    }
    // The rest: their nearest grouped neighbour's group (breadth first from every grouped node).
    let mut queue: VecDeque<usize> = (0..n).filter(|&i| group[i].is_some()).collect();
    while let Some(v) = queue.pop_front() {
        for &u in &graph.neighbours[v] {
            if group[u].is_none() {
                group[u] = group[v];
                queue.push_back(u);
            }
        }
    }
    // Names that do not follow the flow would cut it everywhere: then the components.
    let crossing = graph.links.iter().filter(|&&(a, b)| group[a] != group[b]).count();
    if crossing * MOST_CROSSING.1 > graph.links.len() * MOST_CROSSING.0 {
        return None;
    }
    let mut groups: Vec<Group> = names
        .iter()
        .map(|name| Group {
            name: (*name).to_owned(),
            nodes: Vec::new(),
        })
        .collect();
    let mut loose = Vec::new();
    for (i, g) in group.iter().enumerate() {
        match g {
            Some(g) => groups[*g].nodes.push(i),
            None => loose.push(i),
        }
    }
    if !loose.is_empty() {
        groups.push(Group {
            name: "not connected to a topic".to_owned(),
            nodes: loose,
        });
    }
    Some(groups)
}

/// One group per component, named after its first topic (or first node); past
/// [`MAX_GROUPS`], the smallest components share the last group.
fn by_component(design: &Design, mut components: Vec<Vec<usize>>) -> Vec<Group> {
    let mut rest: Vec<usize> = Vec::new();
    let mut merged = 0;
    if components.len() > MAX_GROUPS {
        // Largest first (a stable sort keeps equal sizes in design order), the tail merged.
        let mut by_size: Vec<usize> = (0..components.len()).collect();
        by_size.sort_by_key(|&k| std::cmp::Reverse(components[k].len()));
        let mut keep = vec![false; components.len()];
        for &k in &by_size[..MAX_GROUPS - 1] {
            keep[k] = true;
        }
        let mut kept = Vec::new();
        for (k, c) in components.into_iter().enumerate() {
            if keep[k] {
                kept.push(c);
            } else {
                merged += 1;
                rest.extend(c);
            }
        }
        rest.sort_unstable();
        components = kept;
    }
    let mut groups: Vec<Group> = components
        .into_iter()
        .map(|nodes| {
            let first = nodes
                .iter()
                .find(|&&i| design.nodes[i].kind == NodeKind::Topic)
                .or(nodes.first())
                .map_or("", |&i| design.nodes[i].name.as_str());
            Group {
                name: first.to_owned(),
                nodes,
            }
        })
        .collect();
    if !rest.is_empty() {
        groups.push(Group {
            name: format!("{merged} smaller parts"),
            nodes: rest,
        });
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use design::{Edge, Node};

    fn node(d: &mut Design, id: &str, kind: NodeKind, name: &str) {
        d.nodes.push(Node::new(id, kind, name));
    }

    #[test]
    fn prefixes_are_the_first_segment() {
        assert_eq!(prefix("retail.fulfilment-centre-07.inventory.v2"), "retail");
        assert_eq!(prefix("orders-created"), "orders");
        assert_eq!(prefix(".hidden.x"), "hidden");
        assert_eq!(prefix("plain"), "plain");
        assert_eq!(prefix(""), "");
    }

    #[test]
    fn readers_and_writers_join_their_topics_group() {
        let mut d = Design::new("d");
        for (id, name) in [("a1", "a.x"), ("a2", "a.y"), ("b1", "b.x"), ("b2", "b.y")] {
            node(&mut d, id, NodeKind::Topic, name);
        }
        node(&mut d, "p", NodeKind::Producer, "zzz");
        node(&mut d, "g", NodeKind::ConsumerGroup, "g");
        node(&mut d, "far", NodeKind::SinkConnector, "far");
        node(&mut d, "alone", NodeKind::Producer, "alone");
        for (a, b) in [("p", "b1"), ("b1", "g"), ("a1", "g"), ("b2", "g"), ("g", "far")] {
            d.edges.push(Edge::new(a, b));
        }
        let graph = Graph::new(&d);
        let (rule, groups) = groups(&d, &graph);
        assert_eq!(rule, Rule::Prefix);
        let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "not connected to a topic"]);
        assert_eq!(groups[0].nodes, [0, 1]);
        // g reads two b topics and one a topic; far only reaches g.
        assert_eq!(groups[1].nodes, [2, 3, 4, 5, 6]);
        assert_eq!(groups[2].nodes, [7]);
    }

    #[test]
    fn names_without_common_prefixes_group_by_component() {
        let mut d = Design::new("d");
        for (id, name) in [("t1", "orders"), ("t2", "payments"), ("t3", "shipments")] {
            node(&mut d, id, NodeKind::Topic, name);
        }
        node(&mut d, "p", NodeKind::Producer, "p");
        d.edges.push(Edge::new("p", "t2"));
        let (rule, groups) = groups(&d, &Graph::new(&d));
        assert_eq!(rule, Rule::Components);
        assert_eq!(
            groups,
            [
                Group {
                    name: "orders".into(),
                    nodes: vec![0]
                },
                Group {
                    name: "payments".into(),
                    nodes: vec![1, 3]
                },
                Group {
                    name: "shipments".into(),
                    nodes: vec![2]
                },
            ]
        );
    }

    #[test]
    fn prefixes_that_cut_the_flow_give_way_to_components() {
        let mut d = Design::new("d");
        // A chain whose topics alternate between two prefixes: every edge crosses.
        for i in 0..8 {
            let name = format!("{}.t{i}", ["a", "b"][i % 2]);
            node(&mut d, &format!("t{i}"), NodeKind::Topic, &name);
            if i > 0 {
                d.edges.push(Edge::new(format!("t{}", i - 1), format!("t{i}")));
            }
        }
        node(&mut d, "p", NodeKind::Producer, "p");
        let (rule, groups) = groups(&d, &Graph::new(&d));
        assert_eq!((rule, groups.len()), (Rule::Components, 2));
    }

    #[test]
    fn many_components_share_groups_beyond_the_limit() {
        let mut d = Design::new("d");
        for i in 0..50 {
            node(&mut d, &format!("t{i}"), NodeKind::Topic, &format!("topic{i}"));
        }
        // Component 7 is the largest.
        node(&mut d, "p", NodeKind::Producer, "p");
        d.edges.push(Edge::new("p", "t7"));
        let (rule, groups) = groups(&d, &Graph::new(&d));
        assert_eq!(rule, Rule::Components);
        assert_eq!(groups.len(), MAX_GROUPS);
        assert!(groups.iter().any(|g| g.nodes == [7, 50]));
        assert_eq!(groups.last().map(|g| g.name.as_str()), Some("31 smaller parts"));
    }

    #[test]
    fn one_component_is_the_whole_design() {
        let mut d = Design::new("whole");
        node(&mut d, "t", NodeKind::Topic, "t");
        node(&mut d, "p", NodeKind::Producer, "p");
        d.edges.push(Edge::new("p", "t"));
        let (rule, groups) = groups(&d, &Graph::new(&d));
        assert_eq!(
            (rule, groups.len(), groups[0].name.as_str()),
            (Rule::Whole, 1, "whole")
        );
    }
}
