//! The graph rules: what makes a design well-formed. Every violation is a [`Problem`] that
//! names the element and the field, so a UI can put it next to the input and an API can return
//! it as is.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::Value;

use crate::model::{Design, KeyDistribution, Node, NodeKind, SCHEMA};

/// Limits on sizes, so that one request cannot make the server do unbounded work.
pub const MAX_NODES: usize = 5_000;
pub const MAX_EDGES: usize = 20_000;
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_ID_CHARS: usize = 100;
pub const MAX_SAMPLE_KEYS: usize = 1_000_000;

/// Which part of the document a problem is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Element {
    Design,
    Cluster,
    Node { id: String },
    Edge { from: String, to: String },
}

/// One violation of the rules.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    pub element: Element,
    /// The field, by its name in the document (`partitions`, `config.min.insync.replicas`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// A stable identifier of the rule (`edge.illegal`, `range`, …).
    pub code: &'static str,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.element {
            Element::Design => write!(f, "design")?,
            Element::Cluster => write!(f, "cluster")?,
            Element::Node { id } => write!(f, "node `{id}`")?,
            Element::Edge { from, to } => write!(f, "edge `{from}` → `{to}`")?,
        }
        if let Some(field) = &self.field {
            write!(f, ", {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Why an edge between these kinds is refused, or `None` when it is legal.
///
/// Legal: producer | source connector | stream processor → topic; topic → stream processor |
/// consumer group | sink connector; schema subject — topic (either direction).
pub fn edge_refusal(from: NodeKind, to: NodeKind) -> Option<String> {
    use NodeKind::*;
    let legal = matches!(
        (from, to),
        (Producer | SourceConnector | StreamProcessor, Topic)
            | (Topic, StreamProcessor | ConsumerGroup | SinkConnector)
            | (SchemaSubject, Topic)
            | (Topic, SchemaSubject)
    );
    if legal {
        return None;
    }
    let hint = match (from, to) {
        (_, Producer | SourceConnector) => format!("a {} only writes; nothing flows into it", to.label()),
        (ConsumerGroup | SinkConnector, _) => {
            format!(
                "a {} only reads; it cannot write to a {}",
                from.label(),
                to.label()
            )
        }
        (Topic, Topic) => "topics do not feed topics directly: put a stream processor between them".into(),
        (Producer | SourceConnector | StreamProcessor, _) => {
            format!("a {} writes to topics, not to a {}", from.label(), to.label())
        }
        (SchemaSubject, _) | (_, SchemaSubject) => "a schema subject attaches to a topic".into(),
        _ => "records flow source → topic → reader".into(),
    };
    Some(format!(
        "a {} cannot connect to a {}: {hint}",
        from.label(),
        to.label()
    ))
}

/// The problems of a key distribution on its own, as the hotspot API checks it; fields are
/// named `{prefix}.cardinality`, … (just `cardinality`, … when `prefix` is empty).
pub fn key_distribution_problems(dist: &KeyDistribution, prefix: &str) -> Vec<Problem> {
    let mut v = Validator::default();
    v.key(Element::Design, prefix, dist);
    v.problems
}

/// Checks every rule and returns all problems (empty when the design is valid).
pub fn validate(design: &Design) -> Vec<Problem> {
    let mut v = Validator::default();
    v.design(design);
    v.problems
}

#[derive(Default)]
struct Validator {
    problems: Vec<Problem>,
}

impl Validator {
    fn push(
        &mut self,
        element: Element,
        field: Option<&str>,
        code: &'static str,
        message: impl Into<String>,
    ) {
        self.problems.push(Problem {
            element,
            field: field.map(str::to_owned),
            code,
            message: message.into(),
        });
    }

    fn design(&mut self, d: &Design) {
        if d.schema != SCHEMA {
            self.push(
                Element::Design,
                Some("schema"),
                "schema",
                format!("expected \"{SCHEMA}\", found \"{}\"", d.schema),
            );
        }
        self.name(Element::Design, &d.name);
        self.cluster(d);
        if d.nodes.len() > MAX_NODES {
            self.push(
                Element::Design,
                Some("nodes"),
                "limit",
                format!("{} nodes; at most {MAX_NODES}", d.nodes.len()),
            );
            return;
        }
        if d.edges.len() > MAX_EDGES {
            self.push(
                Element::Design,
                Some("edges"),
                "limit",
                format!("{} edges; at most {MAX_EDGES}", d.edges.len()),
            );
            return;
        }
        let mut kinds: HashMap<&str, NodeKind> = HashMap::new();
        for node in &d.nodes {
            if kinds.insert(node.id.as_str(), node.kind).is_some() {
                self.push(
                    node_el(node),
                    Some("id"),
                    "id.duplicate",
                    "another node has the same id",
                );
            }
            self.node(node);
        }
        for node in &d.nodes {
            if let Some(dlq) = &node.dead_letter_topic {
                match d.nodes.iter().find(|n| &n.id == dlq) {
                    Some(t) if t.kind == NodeKind::Topic => {}
                    Some(other) => self.push(
                        node_el(node),
                        Some("dead_letter_topic"),
                        "reference",
                        format!("`{dlq}` is a {}, not a topic", other.kind.label()),
                    ),
                    None => self.push(
                        node_el(node),
                        Some("dead_letter_topic"),
                        "reference",
                        format!("no node has the id `{dlq}`"),
                    ),
                }
            }
        }
        let mut seen = HashSet::new();
        for edge in &d.edges {
            let el = Element::Edge {
                from: edge.from.clone(),
                to: edge.to.clone(),
            };
            let (from, to) = (kinds.get(edge.from.as_str()), kinds.get(edge.to.as_str()));
            if from.is_none() {
                self.push(
                    el.clone(),
                    Some("from"),
                    "edge.dangling",
                    format!("no node has the id `{}`", edge.from),
                );
            }
            if to.is_none() {
                self.push(
                    el.clone(),
                    Some("to"),
                    "edge.dangling",
                    format!("no node has the id `{}`", edge.to),
                );
            }
            if edge.from == edge.to {
                self.push(el.clone(), None, "edge.loop", "a node cannot connect to itself");
            } else if let (Some(&f), Some(&t)) = (from, to) {
                if let Some(why) = edge_refusal(f, t) {
                    self.push(el.clone(), None, "edge.illegal", why);
                }
            }
            if !seen.insert((edge.from.as_str(), edge.to.as_str())) {
                self.push(el, None, "edge.duplicate", "the same connection appears twice");
            }
        }
    }

    fn name(&mut self, el: Element, name: &str) {
        if name.trim().is_empty() {
            self.push(el, Some("name"), "required", "must not be empty");
        } else if name.chars().count() > MAX_NAME_CHARS {
            self.push(
                el,
                Some("name"),
                "limit",
                format!("longer than {MAX_NAME_CHARS} characters"),
            );
        }
    }

    fn cluster(&mut self, d: &Design) {
        let c = &d.cluster;
        let el = || Element::Cluster;
        if let Some(b) = c.brokers {
            self.range_u(el(), "brokers", u64::from(b), 1, 1000);
        }
        self.range_f(el(), "growth_factor", c.growth_factor, Bound::Above(0.0), 1000.0);
        self.range_f(
            el(),
            "disk_per_broker_bytes",
            c.disk_per_broker_bytes,
            Bound::Above(0.0),
            1e18,
        );
        self.range_f(
            el(),
            "storage_overhead",
            c.storage_overhead,
            Bound::AtLeast(0.0),
            10.0,
        );
        self.range_f(el(), "max_disk_fill", c.max_disk_fill, Bound::Above(0.0), 1.0);
        self.range_f(
            el(),
            "target_network_utilisation",
            c.target_network_utilisation,
            Bound::Above(0.0),
            1.0,
        );
    }

    fn node(&mut self, n: &Node) {
        let el = || node_el(n);
        if n.id.is_empty()
            || n.id.chars().count() > MAX_ID_CHARS
            || !n
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            self.push(
                el(),
                Some("id"),
                "id.format",
                format!("ids are 1–{MAX_ID_CHARS} of the characters A–Z a–z 0–9 - _ ."),
            );
        }
        self.name(el(), &n.name);

        use NodeKind::*;
        let k = n.kind;
        self.only_for(
            n,
            "messages_per_sec",
            n.messages_per_sec.is_some(),
            &[Producer, SourceConnector],
        );
        self.only_for(
            n,
            "avg_message_bytes",
            n.avg_message_bytes.is_some(),
            &[Producer, SourceConnector],
        );
        self.only_for(n, "key", n.key.is_some(), &[Producer, SourceConnector]);
        self.only_for(n, "role", n.role.is_some(), &[Topic]);
        self.only_for(n, "partitions", n.partitions.is_some(), &[Topic]);
        self.only_for(n, "engine", n.engine.is_some(), &[StreamProcessor]);
        self.only_for(n, "output_ratio", n.output_ratio.is_some(), &[StreamProcessor]);
        self.only_for(n, "stateful", n.stateful.is_some(), &[StreamProcessor]);
        let readers = [StreamProcessor, ConsumerGroup, SinkConnector];
        self.only_for(n, "instances", n.instances.is_some(), &readers);
        self.only_for(
            n,
            "threads_per_instance",
            n.threads_per_instance.is_some(),
            &readers,
        );
        self.only_for(
            n,
            "processing_ms_per_record",
            n.processing_ms_per_record.is_some(),
            &readers,
        );
        if k == SchemaSubject && !n.config.is_empty() {
            self.push(
                el(),
                Some("config"),
                "field.kind",
                "a schema subject has no Kafka settings",
            );
        }

        if let Some(x) = n.messages_per_sec {
            self.range_f(el(), "messages_per_sec", x, Bound::AtLeast(0.0), 1e9);
        }
        if let Some(x) = n.avg_message_bytes {
            self.range_f(el(), "avg_message_bytes", x, Bound::AtLeast(1.0), 1e9);
        }
        if let Some(p) = n.partitions {
            self.range_u(el(), "partitions", u64::from(p), 1, 10_000);
        }
        if let Some(x) = n.output_ratio {
            self.range_f(el(), "output_ratio", x, Bound::AtLeast(0.0), 1e6);
        }
        if let Some(i) = n.instances {
            self.range_u(el(), "instances", u64::from(i), 1, 10_000);
        }
        if let Some(t) = n.threads_per_instance {
            self.range_u(el(), "threads_per_instance", u64::from(t), 1, 1_000);
        }
        if let Some(x) = n.processing_ms_per_record {
            self.range_f(el(), "processing_ms_per_record", x, Bound::AtLeast(0.0), 3.6e6);
        }
        if let Some(key) = &n.key {
            self.key(node_el(n), "key.distribution", &key.distribution);
        }
        for (name, value) in &n.config {
            self.setting(n, name, value);
        }
    }

    fn only_for(&mut self, n: &Node, field: &str, present: bool, kinds: &[NodeKind]) {
        if present && !kinds.contains(&n.kind) {
            let names: Vec<&str> = kinds.iter().map(|k| k.label()).collect();
            self.push(
                node_el(n),
                Some(field),
                "field.kind",
                format!(
                    "`{field}` applies to {} only, not to a {}",
                    names.join(", "),
                    n.kind.label()
                ),
            );
        }
    }

    fn key(&mut self, at: Element, prefix: &str, dist: &KeyDistribution) {
        let el = || at.clone();
        let f = |name: &str| {
            if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}.{name}")
            }
        };
        match dist {
            KeyDistribution::Uniform { cardinality } => {
                self.range_u(el(), &f("cardinality"), *cardinality, 1, u64::MAX)
            }
            KeyDistribution::Zipf {
                cardinality,
                exponent,
            } => {
                self.range_u(el(), &f("cardinality"), *cardinality, 1, u64::MAX);
                self.range_f(el(), &f("exponent"), *exponent, Bound::Above(0.0), 10.0);
            }
            KeyDistribution::HotKey {
                cardinality,
                hot_share,
            } => {
                self.range_u(el(), &f("cardinality"), *cardinality, 1, u64::MAX);
                self.range_f(el(), &f("hot_share"), *hot_share, Bound::AtLeast(0.0), 1.0);
            }
            KeyDistribution::Sample { keys, weights } => {
                if keys.is_empty() || keys.len() > MAX_SAMPLE_KEYS {
                    self.push(
                        el(),
                        Some(&f("keys")),
                        "range",
                        format!("give between 1 and {MAX_SAMPLE_KEYS} keys"),
                    );
                }
                if let Some(w) = weights {
                    if w.len() != keys.len() {
                        self.push(
                            el(),
                            Some(&f("weights")),
                            "range",
                            format!(
                                "{} weights for {} keys; give one weight per key",
                                w.len(),
                                keys.len()
                            ),
                        );
                    } else if w.iter().any(|x| !x.is_finite() || *x < 0.0) || w.iter().sum::<f64>() <= 0.0 {
                        self.push(
                            el(),
                            Some(&f("weights")),
                            "range",
                            "weights are numbers ≥ 0 with a positive sum",
                        );
                    }
                }
            }
            KeyDistribution::None => {}
        }
    }

    fn setting(&mut self, n: &Node, name: &str, value: &Value) {
        let field = format!("config.{name}");
        let Some(spec) = crate::defaults::setting(name) else {
            return; // settings the studio does not model are kept as they are
        };
        if !spec.applies_to(n.kind) {
            self.push(
                node_el(n),
                Some(&field),
                "field.kind",
                format!("`{name}` is not a setting of a {}", n.kind.label()),
            );
            return;
        }
        if let Err(why) = spec.check(value) {
            self.push(node_el(n), Some(&field), "range", why);
        }
    }

    fn range_u(&mut self, el: Element, field: &str, x: u64, min: u64, max: u64) {
        if x < min || x > max {
            let message = if max == u64::MAX {
                format!("{x} is below the minimum of {min}")
            } else {
                format!("{x} is outside {min}..={max}")
            };
            self.push(el, Some(field), "range", message);
        }
    }

    fn range_f(&mut self, el: Element, field: &str, x: f64, low: Bound, max: f64) {
        let ok_low = match low {
            Bound::AtLeast(m) => x >= m,
            Bound::Above(m) => x > m,
        };
        if !x.is_finite() || !ok_low || x > max {
            let low = match low {
                Bound::AtLeast(m) => format!("≥ {m}"),
                Bound::Above(m) => format!("> {m}"),
            };
            self.push(el, Some(field), "range", format!("{x} must be {low} and ≤ {max}"));
        }
    }
}

#[derive(Clone, Copy)]
enum Bound {
    AtLeast(f64),
    Above(f64),
}

fn node_el(n: &Node) -> Element {
    Element::Node { id: n.id.clone() }
}
