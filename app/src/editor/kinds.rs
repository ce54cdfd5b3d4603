//! What each node kind looks like and starts as: palette entries, colours, glyphs, the one-line
//! summary drawn in a node's box, and the values a new node is created with.

use design::{Engine, Node, NodeKind, TopicRole};
use serde_json::json;

/// One entry of the palette: a kind, and for topics a role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    pub kind: NodeKind,
    pub role: Option<TopicRole>,
    /// `data-testid` suffix: the kind, or `dlq` / `retry` for the topic roles.
    pub key: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
}

pub const PALETTE: &[Palette] = &[
    Palette {
        kind: NodeKind::Producer,
        role: None,
        key: "producer",
        label: "Producer",
        hint: "An application writing records",
    },
    Palette {
        kind: NodeKind::SourceConnector,
        role: None,
        key: "source_connector",
        label: "Source connector",
        hint: "Kafka Connect source, e.g. Debezium CDC",
    },
    Palette {
        kind: NodeKind::Topic,
        role: None,
        key: "topic",
        label: "Topic",
        hint: "Partitions, replication, retention",
    },
    Palette {
        kind: NodeKind::Topic,
        role: Some(TopicRole::Dlq),
        key: "dlq",
        label: "Dead-letter topic",
        hint: "Where failed records go",
    },
    Palette {
        kind: NodeKind::Topic,
        role: Some(TopicRole::Retry),
        key: "retry",
        label: "Retry topic",
        hint: "Records to try again later",
    },
    Palette {
        kind: NodeKind::StreamProcessor,
        role: None,
        key: "stream_processor",
        label: "Stream processor",
        hint: "Kafka Streams, Flink or ksqlDB",
    },
    Palette {
        kind: NodeKind::ConsumerGroup,
        role: None,
        key: "consumer_group",
        label: "Consumer group",
        hint: "Applications reading a topic",
    },
    Palette {
        kind: NodeKind::SinkConnector,
        role: None,
        key: "sink_connector",
        label: "Sink connector",
        hint: "Kafka Connect sink to a store",
    },
    Palette {
        kind: NodeKind::SchemaSubject,
        role: None,
        key: "schema_subject",
        label: "Schema subject",
        hint: "Schema Registry subject of a topic",
    },
];

/// CSS class naming the colour of a node.
pub fn class(kind: NodeKind, role: TopicRole) -> &'static str {
    match (kind, role) {
        (NodeKind::Topic, TopicRole::Dlq) => "k-dlq",
        (NodeKind::Topic, TopicRole::Retry) => "k-retry",
        (NodeKind::Topic, TopicRole::Main) => "k-topic",
        (NodeKind::Producer, _) => "k-producer",
        (NodeKind::SourceConnector, _) => "k-source",
        (NodeKind::StreamProcessor, _) => "k-processor",
        (NodeKind::ConsumerGroup, _) => "k-group",
        (NodeKind::SinkConnector, _) => "k-sink",
        (NodeKind::SchemaSubject, _) => "k-schema",
    }
}

/// An SVG path (in a 24 × 24 box) that says what the kind is at a glance.
pub fn glyph(kind: NodeKind, role: TopicRole) -> &'static str {
    match (kind, role) {
        // an arrow leaving a box
        (NodeKind::Producer, _) => "M3 5h9v14H3zM12 12h9M17 8l4 4-4 4",
        // a database cylinder with an arrow
        (NodeKind::SourceConnector, _) => {
            "M3 6c0-2 8-2 8 0v12c0 2-8 2-8 0zM3 6c0 2 8 2 8 0M13 12h8M17 8l4 4-4 4"
        }
        // a log: stacked segments
        (NodeKind::Topic, TopicRole::Main) => "M3 7h18M3 12h18M3 17h18M8 5v4M13 10v4M17 15v4",
        // a crossed log
        (NodeKind::Topic, TopicRole::Dlq) => "M3 7h18M3 12h18M3 17h18M6 4l12 16M18 4L6 20",
        // a log with a loop arrow
        (NodeKind::Topic, TopicRole::Retry) => "M3 7h10M3 12h8M3 17h10M20 9a5 5 0 1 0 0 6M20 5v4h-4",
        // gears: a hexagon
        (NodeKind::StreamProcessor, _) => "M12 2l9 5v10l-9 5-9-5V7zM12 8a4 4 0 1 0 0 8a4 4 0 1 0 0-8",
        // people
        (NodeKind::ConsumerGroup, _) => {
            "M8 11a3 3 0 1 0 0-6a3 3 0 1 0 0 6M2 20c0-4 3-6 6-6s6 2 6 6M16 11a3 3 0 1 0 0-6M18 14c2 1 4 3 4 6"
        }
        // an arrow entering a database
        (NodeKind::SinkConnector, _) => {
            "M13 6c0-2 8-2 8 0v12c0 2-8 2-8 0zM13 6c0 2 8 2 8 0M2 12h8M6 8l4 4-4 4"
        }
        // braces
        (NodeKind::SchemaSubject, _) => {
            "M8 3c-3 0-3 2-3 4s0 4-3 5c3 1 3 3 3 5s0 4 3 4M16 3c3 0 3 2 3 4s0 4 3 5c-3 1-3 3-3 5s0 4-3 4"
        }
    }
}

/// The node a palette entry creates: kind defaults that give the analysis something to work with.
pub fn new_node(entry: &Palette, id: String, name: String) -> Node {
    let mut n = Node::new(id, entry.kind, name);
    match entry.kind {
        NodeKind::Producer | NodeKind::SourceConnector => {
            n.messages_per_sec = Some(1000.0);
            n.avg_message_bytes = Some(1000.0);
        }
        NodeKind::Topic => {
            let dlq_or_retry = entry.role.is_some();
            n.role = entry.role;
            n.partitions = Some(if dlq_or_retry { 3 } else { 6 });
            n.config.insert("replication.factor".into(), json!(3));
            n.config.insert("min.insync.replicas".into(), json!(2));
        }
        NodeKind::StreamProcessor => {
            n.engine = Some(Engine::KafkaStreams);
            n.instances = Some(2);
            n.processing_ms_per_record = Some(1.0);
        }
        NodeKind::ConsumerGroup | NodeKind::SinkConnector => {
            n.instances = Some(2);
            n.processing_ms_per_record = Some(1.0);
        }
        NodeKind::SchemaSubject => {}
    }
    n
}

/// A fresh name for a node of this palette entry, e.g. `orders-topic-3`.
pub fn base_name(entry: &Palette) -> &'static str {
    match (entry.kind, entry.role) {
        (NodeKind::Topic, Some(TopicRole::Dlq)) => "dlq-topic",
        (NodeKind::Topic, Some(TopicRole::Retry)) => "retry-topic",
        (NodeKind::Topic, _) => "topic",
        (NodeKind::Producer, _) => "producer",
        (NodeKind::SourceConnector, _) => "source-connector",
        (NodeKind::StreamProcessor, _) => "processor",
        (NodeKind::ConsumerGroup, _) => "consumer-group",
        (NodeKind::SinkConnector, _) => "sink-connector",
        (NodeKind::SchemaSubject, _) => "subject",
    }
}

/// The second line in a node's box: the numbers that matter for its kind.
pub fn summary(n: &Node) -> String {
    match n.kind {
        NodeKind::Producer | NodeKind::SourceConnector => {
            let rate = n
                .messages_per_sec
                .map_or("? msg/s".into(), |r| format!("{} msg/s", units::count(r)));
            let size = n.avg_message_bytes.map_or("? B".into(), units::bytes);
            format!("{rate} · {size}")
        }
        NodeKind::Topic => {
            let p = n.partitions.map_or("auto".into(), |p| p.to_string());
            let rf = design::defaults::effective_i64(n, "replication.factor")
                .map_or("RF broker default".into(), |rf| format!("RF {rf}"));
            let policy = design::defaults::effective_str(n, "cleanup.policy").unwrap_or_default();
            let compact = if policy.contains("compact") {
                " · compact"
            } else {
                ""
            };
            format!("{p} partitions · {rf}{compact}")
        }
        NodeKind::StreamProcessor => {
            let engine = match n.engine {
                Some(Engine::KafkaStreams) | None => "Kafka Streams",
                Some(Engine::Flink) => "Flink",
                Some(Engine::Ksqldb) => "ksqlDB",
            };
            format!("{engine} · {}", readers(n, true))
        }
        NodeKind::ConsumerGroup | NodeKind::SinkConnector => readers(n, false),
        NodeKind::SchemaSubject => "schema subject".into(),
    }
}

/// Instances (× threads) and processing time; `short` after an engine name.
fn readers(n: &Node, short: bool) -> String {
    let instances = n.instances.unwrap_or(1);
    let threads = n.threads_per_instance.unwrap_or(1);
    let who = if short {
        if threads > 1 {
            format!("{instances}×{threads}")
        } else {
            format!("{instances}×")
        }
    } else if threads > 1 {
        format!("{instances}×{threads} threads")
    } else if instances == 1 {
        "1 instance".into()
    } else {
        format!("{instances} instances")
    };
    match n.processing_ms_per_record {
        Some(ms) if short => format!("{who} · {} ms", units::count(ms)),
        Some(ms) => format!("{who} · {} ms/rec", units::count(ms)),
        None => who,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_palette_entry_and_new_nodes_are_valid() {
        for kind in NodeKind::ALL {
            assert!(
                PALETTE.iter().any(|p| p.kind == kind && p.key == kind.as_str()),
                "{kind:?}"
            );
        }
        let mut design = design::Design::new("palette");
        for (i, entry) in PALETTE.iter().enumerate() {
            design
                .nodes
                .push(new_node(entry, format!("n{i}"), base_name(entry).into()));
        }
        assert_eq!(design::validate(&design), vec![]);
    }

    #[test]
    fn summaries_speak_kafka() {
        let t = design::templates::template("ecommerce")
            .unwrap()
            .design()
            .unwrap();
        let by_id = |id: &str| t.nodes.iter().find(|n| n.id == id).unwrap();
        assert_eq!(summary(by_id("orders-svc")), "10 000 msg/s · 1 KB");
        assert_eq!(summary(by_id("orders")), "12 partitions · RF 3");
        assert_eq!(summary(by_id("stock")), "6 partitions · RF 3 · compact");
        assert_eq!(
            summary(by_id("payment-processor")),
            "Kafka Streams · 4×2 · 1.5 ms"
        );
        assert_eq!(summary(by_id("warehouse-sink")), "2×4 threads · 0.2 ms/rec");
        assert_eq!(summary(by_id("notifications")), "3 instances · 4 ms/rec");
        // Every summary of every template fits the box (30 characters at the canvas font).
        for t in design::templates::TEMPLATES {
            for n in t.design().unwrap().nodes {
                assert!(summary(&n).chars().count() <= 30, "{}: {}", n.id, summary(&n));
            }
        }
    }
}
