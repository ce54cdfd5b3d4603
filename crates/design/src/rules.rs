//! The graph rules: what makes a design well-formed. Every violation is a [`Problem`] that
//! names the element and the field, so a UI can put it next to the input and an API can return
//! it as is.
//!
//! Over 500 lines on purpose: this is the one registry of what makes a document well-formed
//! (limits, ranges, names, edges), so that no rule lives anywhere else.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{Design, KeyDistribution, Node, NodeKind, SCHEMA};

/// Limits on sizes, so that one request cannot make the server do unbounded work.
pub const MAX_NODES: usize = 5_000;
pub const MAX_EDGES: usize = 20_000;
/// Names of the design and of nodes, `key.field`, `broker_profile`, setting names.
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_ID_CHARS: usize = 100;
/// The design's description.
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;
/// A setting's value written as a string (`sasl.jaas.config` is among the longest).
pub const MAX_SETTING_VALUE_CHARS: usize = 4_000;
/// One pasted key, in bytes of UTF-8 (what the partitioner hashes).
pub const MAX_KEY_BYTES: usize = 1_024;
/// One weight of a pasted key (so that a million of them still sum to a finite number).
pub const MAX_KEY_WEIGHT: f64 = 1e15;
/// Problems listed in one answer; past it, one more problem says how many were left out.
pub const MAX_PROBLEMS: usize = 200;
/// Pasted sample keys in the whole design (all producers together).
pub const MAX_SAMPLE_KEYS: usize = 1_000_000;
/// A fixed broker count, and the most brokers a sizing recommends.
pub const MAX_BROKERS: u32 = 1_000;
/// Partitions of one topic (declared, or advised).
pub const MAX_PARTITIONS: u32 = 10_000;
/// One version of a schema subject's schema, in bytes of its text.
pub const MAX_SCHEMA_BYTES: usize = contracts::limits::MAX_SCHEMA_BYTES;
/// Versions of one schema subject.
pub const MAX_SCHEMA_VERSIONS: usize = contracts::limits::MAX_VERSIONS;
/// A version's note.
pub const MAX_NOTE_CHARS: usize = 1_000;
/// The cluster's servers (ways in).
pub const MAX_SERVERS: usize = 100;

/// Which part of the document a problem is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    v.finish()
}

/// Checks every rule and returns the problems (empty when the design is valid): all of them,
/// or the first [`MAX_PROBLEMS`] and one that counts the rest.
pub fn validate(design: &Design) -> Vec<Problem> {
    let mut v = Validator::default();
    v.design(design);
    v.finish()
}

#[derive(Default)]
pub(crate) struct Validator {
    problems: Vec<Problem>,
    /// Problems found past [`MAX_PROBLEMS`].
    more: usize,
    /// Pasted keys seen so far, over all producers.
    sample_keys: usize,
    /// The first [`crate::profile::MAX_PEAK_WINDOWS`] distinct peak window names seen, over
    /// every profile of the design.
    pub(crate) window_names: std::collections::HashSet<String>,
}

impl Validator {
    pub(crate) fn push(
        &mut self,
        element: Element,
        field: Option<&str>,
        code: &'static str,
        message: impl Into<String>,
    ) {
        if self.problems.len() >= MAX_PROBLEMS {
            self.more += 1;
            return;
        }
        self.problems.push(Problem {
            element,
            field: field.map(str::to_owned),
            code,
            message: message.into(),
        });
    }

    fn finish(mut self) -> Vec<Problem> {
        if self.more > 0 {
            self.problems.push(Problem {
                element: Element::Design,
                field: None,
                code: "limit",
                message: format!(
                    "and {} more problems (the first {MAX_PROBLEMS} are listed)",
                    self.more
                ),
            });
        }
        self.problems
    }

    /// A string typed by a user: at most `max` characters, no NUL (Postgres cannot store it in
    /// a document) and, unless `multiline`, no control character or line separator.
    pub(crate) fn text(&mut self, el: Element, field: &str, s: &str, max: usize, multiline: bool) {
        if s.chars().count() > max {
            self.push(el, Some(field), "limit", format!("longer than {max} characters"));
        } else if s.contains('\0') {
            self.push(el, Some(field), "text", "contains a NUL character (\\u0000)");
        } else if let Some(c) = s.chars().find(|&c| {
            if multiline {
                c.is_control() && !matches!(c, '\n' | '\r' | '\t')
            } else {
                c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
            }
        }) {
            self.push(
                el,
                Some(field),
                "text",
                format!(
                    "contains the control character U+{:04X}{}",
                    c as u32,
                    if multiline {
                        ""
                    } else {
                        " (a line break or other invisible character)"
                    }
                ),
            );
        }
    }

    /// Unknown members and setting values: any JSON, but no NUL in any string or member name,
    /// and strings of at most [`MAX_SETTING_VALUE_CHARS`].
    fn json(&mut self, el: &Element, field: &str, v: &Value) {
        match v {
            Value::String(s) => {
                if s.contains('\0') {
                    self.push(
                        el.clone(),
                        Some(field),
                        "text",
                        "contains a NUL character (\\u0000)",
                    );
                } else if s.chars().count() > MAX_SETTING_VALUE_CHARS {
                    self.push(
                        el.clone(),
                        Some(field),
                        "limit",
                        format!("longer than {MAX_SETTING_VALUE_CHARS} characters"),
                    );
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.json(el, &format!("{field}[{i}]"), item);
                }
            }
            Value::Object(map) => self.members(el, field, map),
            _ => {}
        }
    }

    /// The unknown members of an object (`extra`), each checked by [`Validator::json`].
    pub(crate) fn members(&mut self, el: &Element, prefix: &str, map: &serde_json::Map<String, Value>) {
        for (k, v) in map {
            let field = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            if k.contains('\0') {
                self.push(
                    el.clone(),
                    Some(prefix),
                    "text",
                    "a member name contains a NUL character (\\u0000)",
                );
                continue;
            }
            self.json(el, &field, v);
        }
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
        if let Some(description) = &d.description {
            self.text(
                Element::Design,
                "description",
                description,
                MAX_DESCRIPTION_CHARS,
                true,
            );
        }
        self.text(Element::Design, "schema", &d.schema, MAX_NAME_CHARS, false);
        self.members(&Element::Design, "", &d.extra);
        if let Some(p) = &d.load_profile {
            self.load_profile(Element::Design, "load_profile", p, true);
        }
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
        let mut kinds: HashMap<&str, NodeKind> = HashMap::with_capacity(d.nodes.len());
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
                let shown = clip(dlq);
                match kinds.get(dlq.as_str()) {
                    Some(NodeKind::Topic) => {}
                    Some(other) => self.push(
                        node_el(node),
                        Some("dead_letter_topic"),
                        "reference",
                        format!("`{shown}` is a {}, not a topic", other.label()),
                    ),
                    None => self.push(
                        node_el(node),
                        Some("dead_letter_topic"),
                        "reference",
                        format!("no node has the id `{shown}`"),
                    ),
                }
            }
        }
        let mut seen = HashSet::new();
        for edge in &d.edges {
            let el = Element::Edge {
                from: clip(&edge.from),
                to: clip(&edge.to),
            };
            let (from, to) = (kinds.get(edge.from.as_str()), kinds.get(edge.to.as_str()));
            if from.is_none() {
                self.push(
                    el.clone(),
                    Some("from"),
                    "edge.dangling",
                    format!("no node has the id `{}`", clip(&edge.from)),
                );
            }
            if to.is_none() {
                self.push(
                    el.clone(),
                    Some("to"),
                    "edge.dangling",
                    format!("no node has the id `{}`", clip(&edge.to)),
                );
            }
            if edge.from == edge.to {
                self.push(el.clone(), None, "edge.loop", "a node cannot connect to itself");
            } else if let (Some(&f), Some(&t)) = (from, to) {
                if let Some(why) = edge_refusal(f, t) {
                    self.push(el.clone(), None, "edge.illegal", why);
                }
            }
            if let (Some(&f), Some(&t)) = (from, to) {
                if edge.global.is_some() && !(f == NodeKind::Topic && t == NodeKind::StreamProcessor) {
                    self.push(
                        el.clone(),
                        Some("global"),
                        "field.kind",
                        "`global` applies to a topic read by a stream processor only",
                    );
                }
                if edge.lag.is_some() && !(f == NodeKind::Topic && t.reads_topics()) {
                    self.push(
                        el.clone(),
                        Some("lag"),
                        "field.kind",
                        "`lag` applies to a topic read by a reader only",
                    );
                }
            }
            if let Some(lag) = edge.lag {
                self.range_u(el.clone(), "lag", lag, 0, 1_000_000_000_000_000);
            }
            if !seen.insert((edge.from.as_str(), edge.to.as_str())) {
                self.push(
                    el.clone(),
                    None,
                    "edge.duplicate",
                    "the same connection appears twice",
                );
            }
            self.members(&el, "", &edge.extra);
        }
    }

    fn name(&mut self, el: Element, name: &str) {
        if name.trim().is_empty() {
            self.push(el, Some("name"), "required", "must not be empty");
        } else {
            self.text(el, "name", name, MAX_NAME_CHARS, false);
        }
    }

    fn cluster(&mut self, d: &Design) {
        let c = &d.cluster;
        let el = || Element::Cluster;
        if let Some(b) = c.brokers {
            self.range_u(el(), "brokers", u64::from(b), 1, u64::from(MAX_BROKERS));
        }
        self.text(el(), "broker_profile", &c.broker_profile, MAX_NAME_CHARS, false);
        // Sane ranges: each bound is a figure no real cluster is planned with, so that no
        // setting alone can drive the sizing to absurd broker or partition counts.
        self.between(
            el(),
            "growth_factor",
            c.growth_factor,
            0.01,
            1000.0,
            "× today's rates",
        );
        self.between(
            el(),
            "disk_per_broker_bytes",
            c.disk_per_broker_bytes,
            1e9,
            1e15,
            "bytes (1 GB to 1 PB)",
        );
        self.between(
            el(),
            "storage_overhead",
            c.storage_overhead,
            0.0,
            5.0,
            "(0 % to 500 %)",
        );
        self.between(
            el(),
            "max_disk_fill",
            c.max_disk_fill,
            0.05,
            1.0,
            "(5 % to 100 %)",
        );
        self.between(
            el(),
            "target_network_utilisation",
            c.target_network_utilisation,
            0.05,
            1.0,
            "(5 % to 100 %)",
        );
        for (name, value) in &c.config {
            self.setting_name(el(), name);
            self.json(&el(), &format!("config.{name}"), value);
        }
        if c.servers.len() > MAX_SERVERS {
            self.push(
                el(),
                Some("servers"),
                "limit",
                format!("{} servers; at most {MAX_SERVERS}", c.servers.len()),
            );
        }
        for (i, server) in c.servers.iter().take(MAX_SERVERS).enumerate() {
            let field = |f: &str| format!("servers[{i}].{f}");
            self.text(el(), &field("name"), &server.name, MAX_NAME_CHARS, false);
            self.text(el(), &field("host"), &server.host, MAX_NAME_CHARS, false);
            self.text(el(), &field("protocol"), &server.protocol, MAX_NAME_CHARS, false);
            if let Some(s) = &server.security {
                self.text(el(), &field("security"), s, MAX_NAME_CHARS, false);
            }
            if let Some(s) = &server.description {
                self.text(el(), &field("description"), s, MAX_DESCRIPTION_CHARS, true);
            }
            self.members(&el(), &format!("servers[{i}]"), &server.extra);
        }
        if let Some(dep) = &c.deployment {
            self.deployment(dep);
        }
        self.members(&el(), "", &c.extra);
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
        self.members(&el(), "", &n.extra);
        if let Some(dlq) = &n.dead_letter_topic {
            self.text(el(), "dead_letter_topic", dlq, MAX_ID_CHARS, false);
        }

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
        self.only_for(
            n,
            "load_profile",
            n.load_profile.is_some(),
            &[Producer, SourceConnector],
        );
        if let Some(p) = &n.load_profile {
            self.load_profile(el(), "load_profile", p, false);
        }
        self.only_for(n, "role", n.role.is_some(), &[Topic]);
        self.only_for(n, "partitions", n.partitions.is_some(), &[Topic]);
        self.only_for(n, "internal", n.internal.is_some(), &[Topic]);
        let subject = [SchemaSubject];
        self.only_for(n, "schema_type", n.schema_type.is_some(), &subject);
        self.only_for(n, "compatibility", n.compatibility.is_some(), &subject);
        self.only_for(n, "naming_strategy", n.naming_strategy.is_some(), &subject);
        self.only_for(n, "key_schema", n.key_schema.is_some(), &subject);
        self.only_for(n, "versions", !n.versions.is_empty(), &subject);
        if n.versions.len() > MAX_SCHEMA_VERSIONS {
            self.push(
                el(),
                Some("versions"),
                "limit",
                format!(
                    "{} versions; a subject keeps at most {MAX_SCHEMA_VERSIONS}",
                    n.versions.len()
                ),
            );
        } else {
            for (i, v) in n.versions.iter().enumerate() {
                let field = format!("versions[{i}].schema");
                if v.schema.len() > MAX_SCHEMA_BYTES {
                    self.push(
                        el(),
                        Some(&field),
                        "limit",
                        format!("{} bytes; at most {MAX_SCHEMA_BYTES}", v.schema.len()),
                    );
                } else if v.schema.trim().is_empty() {
                    self.push(el(), Some(&field), "required", "a version needs its schema");
                } else if v.schema.contains('\0') {
                    // Any other character may stand in a schema's strings (as documents
                    // written by others have them); a NUL is refused everywhere.
                    self.push(el(), Some(&field), "text", "contains a NUL character (\\u0000)");
                }
                if let Some(note) = &v.note {
                    self.text(el(), &format!("versions[{i}].note"), note, MAX_NOTE_CHARS, false);
                }
            }
        }
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
            self.range_u(el(), "partitions", u64::from(p), 1, u64::from(MAX_PARTITIONS));
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
            if let Some(field) = &key.field {
                self.text(el(), "key.field", field, MAX_NAME_CHARS, false);
            }
            self.members(&el(), "key", &key.extra);
            self.key(node_el(n), "key.distribution", &key.distribution);
        }
        for (name, value) in &n.config {
            self.setting_name(el(), name);
            self.json(&el(), &format!("config.{name}"), value);
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
                self.sample_keys = self.sample_keys.saturating_add(keys.len());
                if keys.is_empty() || keys.len() > MAX_SAMPLE_KEYS {
                    self.push(
                        el(),
                        Some(&f("keys")),
                        "range",
                        format!("give between 1 and {MAX_SAMPLE_KEYS} keys"),
                    );
                } else if self.sample_keys > MAX_SAMPLE_KEYS {
                    self.push(
                        el(),
                        Some(&f("keys")),
                        "limit",
                        format!(
                            "{} pasted keys in the design so far; at most {MAX_SAMPLE_KEYS} over all producers",
                            self.sample_keys
                        ),
                    );
                }
                // One scan for a NUL over all the keys' text; the lengths from the offsets.
                let suspect = |k: &&str| k.len() > MAX_KEY_BYTES || k.contains('\0');
                let any_nul = keys.any_contains('\0');
                let too_long = keys.longest() > MAX_KEY_BYTES;
                if let Some((i, key)) = (any_nul || too_long)
                    .then(|| keys.iter().enumerate().find(|(_, k)| suspect(k)))
                    .flatten()
                {
                    let why = if key.contains('\0') {
                        "contains a NUL character (\\u0000)".to_string()
                    } else {
                        format!(
                            "is {} bytes long; a pasted key has at most {MAX_KEY_BYTES}",
                            key.len()
                        )
                    };
                    self.push(
                        el(),
                        Some(&format!("{}[{i}]", f("keys"))),
                        "limit",
                        format!("key {why}"),
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
                    } else if w.iter().any(|x| !(0.0..=MAX_KEY_WEIGHT).contains(x))
                        || w.iter().sum::<f64>() <= 0.0
                    {
                        self.push(
                            el(),
                            Some(&f("weights")),
                            "range",
                            format!("weights are numbers from 0 to {MAX_KEY_WEIGHT:e} with a positive sum"),
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

    /// A setting's name: Kafka's names are short ASCII words with dots.
    fn setting_name(&mut self, el: Element, name: &str) {
        self.text(el, &format!("config.{}", clip(name)), name, MAX_NAME_CHARS, false);
    }

    /// A number in `min..=max`, with a message that gives the range and its unit.
    fn between(&mut self, el: Element, field: &str, x: f64, min: f64, max: f64, unit: &str) {
        if !(x.is_finite() && (min..=max).contains(&x)) {
            self.push(
                el,
                Some(field),
                "range",
                format!("{x} is outside the range {min} to {max} {unit}"),
            );
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
    Element::Node { id: clip(&n.id) }
}

/// An id as problems show it: cut after [`MAX_ID_CHARS`] characters (an over-long id is itself
/// a problem; echoing it whole in every problem would multiply the answer's size).
pub(crate) fn clip(id: &str) -> String {
    match id.char_indices().nth(MAX_ID_CHARS) {
        Some((at, _)) => format!("{}…", &id[..at]),
        None => id.to_string(),
    }
}
