//! Lineage: everything upstream and downstream of the selected nodes.
//!
//! Records flow along edges `from → to` and from a reader into its dead-letter topic; a schema
//! subject belongs to the lineage of the topics it describes.

use std::collections::{HashMap, HashSet};

use design::{Design, NodeKind};

/// The ids upstream or downstream of any of `start` (the start ids included).
pub fn lineage(design: &Design, start: &HashSet<String>) -> HashSet<String> {
    let kind: HashMap<&str, NodeKind> = design.nodes.iter().map(|n| (n.id.as_str(), n.kind)).collect();
    let mut down: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut up: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut subjects: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut flow = |a: &'_ str, b: &'_ str| -> Option<()> {
        let (a, b) = (kind.get_key_value(a)?.0, kind.get_key_value(b)?.0);
        down.entry(a).or_default().push(b);
        up.entry(b).or_default().push(a);
        Some(())
    };
    let mut schema_links = Vec::new();
    for e in &design.edges {
        let is_subject = |id: &str| kind.get(id) == Some(&NodeKind::SchemaSubject);
        if is_subject(&e.from) || is_subject(&e.to) {
            schema_links.push((e.from.as_str(), e.to.as_str()));
        } else {
            flow(&e.from, &e.to);
        }
    }
    for n in &design.nodes {
        if let Some(dlq) = &n.dead_letter_topic {
            flow(&n.id, dlq);
        }
    }
    for (a, b) in schema_links {
        subjects.entry(a).or_default().push(b);
        subjects.entry(b).or_default().push(a);
    }

    let mut seen: HashSet<&str> = HashSet::new();
    for graph in [&down, &up] {
        let mut stack: Vec<&str> = start.iter().map(String::as_str).collect();
        let mut visited: HashSet<&str> = HashSet::new();
        while let Some(v) = stack.pop() {
            if !visited.insert(v) {
                continue;
            }
            if let Some(next) = graph.get(v) {
                stack.extend(next.iter().copied());
            }
        }
        seen.extend(visited);
    }
    // Subjects of the topics reached (and the topics of a selected subject).
    let reached: Vec<&str> = seen.iter().copied().collect();
    for v in reached {
        if let Some(linked) = subjects.get(v) {
            seen.extend(linked.iter().copied());
        }
    }
    seen.into_iter().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> HashSet<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_topic_lights_up_its_writers_and_readers_but_not_siblings() {
        let design = design::templates::template("ecommerce")
            .unwrap()
            .design()
            .unwrap();
        let got = lineage(&design, &ids(&["stock"]));
        assert!(got.contains("inventory-svc"), "writer upstream");
        assert!(got.contains("inventory-reservations"), "reader downstream");
        assert!(got.contains("inventory-dlq"), "the reader's dead-letter topic");
        assert!(
            !got.contains("orders"),
            "a sibling input of the reader is neither up nor down"
        );
        assert!(!got.contains("payments"));
    }

    #[test]
    fn a_producer_reaches_the_end_of_the_pipeline_and_the_subjects_on_the_way() {
        let design = design::templates::template("ecommerce")
            .unwrap()
            .design()
            .unwrap();
        let got = lineage(&design, &ids(&["orders-svc"]));
        for id in [
            "orders",
            "payment-processor",
            "payments",
            "notifications",
            "warehouse-sink",
            "orders-value",
        ] {
            assert!(got.contains(id), "{id}");
        }
        assert!(!got.contains("inventory-svc"));
    }

    #[test]
    fn nothing_selected_means_no_lineage() {
        let design = design::templates::template("fraud-detection")
            .unwrap()
            .design()
            .unwrap();
        assert!(lineage(&design, &HashSet::new()).is_empty());
    }
}
