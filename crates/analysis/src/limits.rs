//! What a design must satisfy before it is analysed: the model's rules ([`design::validate`])
//! and the engine's own limits, as problems that name the element and the field, so that an
//! API answers 422 and the editor shows them beside the input.
//!
//! The engine's limit is on rates: a chain of stream processors multiplies the producers'
//! rates by its `output_ratio`s, and each ratio is valid on its own (up to 10^6) while ten of
//! them in a row would reach 10^81 records a second. [`crate::analyze`] holds such a rate at
//! [`MAX_RATE`] and says so in a finding; [`check`] refuses the design instead, naming the
//! processor where the rate first passes the limit.

use design::{Design, Element, Problem};

use crate::flow::{topic_flows, MAX_RATE};
use crate::graph::Graph;

/// The design's rules and the engine's limits; empty when the design can be analysed.
pub fn check(design: &Design) -> Vec<Problem> {
    let problems = design::validate(design);
    if !problems.is_empty() {
        return problems;
    }
    let graph = Graph::new(design);
    let flows = topic_flows(design, &graph);
    flows
        .saturated
        .into_iter()
        .map(|id| {
            let is_processor = graph
                .by_id
                .get(id.as_str())
                .is_some_and(|n| n.kind == design::NodeKind::StreamProcessor);
            Problem {
                element: Element::Node { id },
                field: Some(
                    if is_processor {
                        "output_ratio"
                    } else {
                        "messages_per_sec"
                    }
                    .into(),
                ),
                code: "limit",
                message: format!(
                    "the rate out of this node passes {MAX_RATE:e} records or bytes per second: \
                     the output_ratio values on its path multiply the producers' rates past anything \
                     a cluster carries; lower them"
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_chain_of_ratios_is_refused_at_the_processor_that_passes_the_limit() {
        let mut nodes = vec![
            json!({"id": "p", "kind": "producer", "name": "p", "messages_per_sec": 1e9, "avg_message_bytes": 1e6}),
        ];
        let mut edges = vec![json!({"from": "p", "to": "t0"})];
        for i in 0..8 {
            nodes.push(json!({"id": format!("t{i}"), "kind": "topic", "name": format!("t{i}")}));
            nodes.push(json!({"id": format!("s{i}"), "kind": "stream_processor", "name": format!("s{i}"), "output_ratio": 1e6}));
            edges.push(json!({"from": format!("t{i}"), "to": format!("s{i}")}));
            edges.push(json!({"from": format!("s{i}"), "to": format!("t{}", i + 1)}));
        }
        nodes.push(json!({"id": "t8", "kind": "topic", "name": "t8"}));
        let d = design::parse(
            json!({"schema": "kafka-design/v1", "name": "x", "nodes": nodes, "edges": edges})
                .to_string()
                .as_bytes(),
        )
        .unwrap();
        assert!(design::validate(&d).is_empty());
        let problems = check(&d);
        // 1e15 B/s × 1e6 per step: s1 reaches 1e27, past 1e24 (records reach it at s2).
        assert_eq!(problems[0].element, Element::Node { id: "s1".into() });
        assert_eq!(problems[0].field.as_deref(), Some("output_ratio"));
        // The analysis holds the rates and says why, with no infinity anywhere.
        let analysis = crate::analyze(&d);
        assert!(analysis.findings.iter().any(|f| f.rule == "rate-beyond-limit"));
        // serde_json writes a non-finite number as null: the only nulls are optional fields.
        let mut nulls = Vec::new();
        crate::tests::nulls(&serde_json::to_value(&analysis).unwrap(), "", &mut nulls);
        let optional = [
            ".current",
            ".partitions",
            ".capacity_messages_per_sec",
            ".per_thread_messages_per_sec",
        ];
        assert!(
            nulls.iter().all(|p| optional.iter().any(|o| p.ends_with(o))),
            "{nulls:?}"
        );
        assert!(analysis.sizing.write_bytes_per_sec.is_finite());
    }
}
