//! Merging an imported design into the one being edited.

use std::collections::HashSet;

use design::rules::{MAX_EDGES, MAX_NODES};
use design::{merge, Design};
use leptos::prelude::*;

use super::Editor;

/// What a merge did, for the message after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeSummary {
    /// Nodes added.
    pub added: usize,
    /// Topics and schema subjects already drawn that the import named too.
    pub matched: usize,
    /// Edges added.
    pub edges: usize,
}

impl Editor {
    /// Merges `incoming` into the design ([`design::merge`]: topics and schema subjects of one
    /// name are one, the rest is added below what is drawn) as one undo step, and shows all of
    /// it. Refused with editing off, and, saying why, when the result would hold more nodes or
    /// edges than a design may.
    pub fn merge_import(&self, incoming: &Design) -> Option<MergeSummary> {
        self.edit(|| {
            let merged = merge(&self.snapshot(), incoming);
            let (nodes, edges) = (merged.design.nodes.len(), merged.design.edges.len());
            if nodes > MAX_NODES || edges > MAX_EDGES {
                self.refuse(format!(
                    "Not merged: the design would have {nodes} nodes and {edges} edges; a design \
                     holds at most {MAX_NODES} nodes and {MAX_EDGES} edges. The canvas is unchanged."
                ));
                return None;
            }
            self.selection.set(HashSet::new());
            self.show(&merged.design);
            self.commit(None);
            self.fit();
            Some(MergeSummary {
                added: merged.added.len(),
                matched: merged.matched.len(),
                edges: merged.edges_added,
            })
        })
        .flatten()
    }
}

#[cfg(test)]
mod tests {
    use design::{Design, Edge, Node, NodeKind, Position};
    use leptos::prelude::*;

    use super::MergeSummary;
    use crate::editor::kinds::PALETTE;
    use crate::editor::state::{empty_design, Editor};

    const TOPIC: usize = 2;

    /// An import: `svc` → a topic named `topic-1` (like the one drawn) → `billing`.
    fn imported() -> Design {
        let mut d = Design::new("imported");
        d.nodes = vec![
            Node::new("svc", NodeKind::Producer, "order service"),
            Node::new("t", NodeKind::Topic, "topic-1"),
            Node::new("billing", NodeKind::ConsumerGroup, "billing"),
        ];
        d.edges = vec![Edge::new("svc", "t"), Edge::new("t", "billing")];
        d
    }

    fn with_a_topic<R>(read_only: bool, test: impl FnOnce(Editor) -> R) -> R {
        Owner::new().with(|| {
            let e = Editor::new(empty_design(), false);
            e.add_node(&PALETTE[TOPIC], Position { x: 300.0, y: 100.0 });
            e.set_read_only(read_only);
            test(e)
        })
    }

    fn ids(e: &Editor) -> Vec<String> {
        e.snapshot().nodes.into_iter().map(|n| n.id).collect()
    }

    #[test]
    fn a_merge_is_one_undo_step_and_joins_the_topic_of_the_same_name() {
        with_a_topic(false, |e| {
            let before = e.snapshot();
            let summary = e.merge_import(&imported());
            assert_eq!(
                summary,
                Some(MergeSummary {
                    added: 2,
                    matched: 1,
                    edges: 2
                })
            );
            assert_eq!(ids(&e), vec!["topic-1", "svc", "billing"]);
            let pairs: Vec<(String, String)> = e
                .edges()
                .get_untracked()
                .into_iter()
                .map(|x| (x.from, x.to))
                .collect();
            assert_eq!(
                pairs,
                vec![
                    ("svc".into(), "topic-1".into()),
                    ("topic-1".into(), "billing".into())
                ]
            );
            assert_eq!(e.problems().get_untracked(), vec![]);
            e.undo();
            assert_eq!(e.snapshot(), before, "one undo takes the whole import away");
            e.redo();
            assert_eq!(ids(&e), vec!["topic-1", "svc", "billing"]);
        });
    }

    #[test]
    fn with_editing_off_nothing_is_merged() {
        with_a_topic(true, |e| {
            assert_eq!(e.merge_import(&imported()), None);
            assert_eq!(ids(&e), vec!["topic-1"]);
        });
    }

    #[test]
    fn a_merge_past_the_node_limit_is_refused_and_says_so() {
        with_a_topic(false, |e| {
            let mut big = Design::new("big");
            big.nodes = (0..design::rules::MAX_NODES)
                .map(|i| Node::new(format!("p{i}"), NodeKind::Producer, format!("p{i}")))
                .collect();
            assert_eq!(e.merge_import(&big), None);
            assert_eq!(ids(&e), vec!["topic-1"]);
            let alert = e.alert().get_untracked().map(|a| a.message).unwrap_or_default();
            assert!(alert.contains("at most 5000 nodes"), "{alert}");
        });
    }
}
