//! Kafka Streams `Topology#describe()` text (Kafka 2.0 to 4.x, as `TopologyDescription`
//! prints it) made into a design.
//!
//! * Each sub-topology is one `stream_processor` (`engine: kafka_streams`), stateful when its
//!   processors keep stores. It is called by the `application.id` when the program has one
//!   sub-topology besides its global stores, `<application.id> sub-topology N` otherwise, and a
//!   global store's `<application.id> global store <store>`.
//! * Source topics flow into it, sink topics out of it.
//! * Repartition topics (`…-repartition`, and a foreign-key join's `…-topic`s) are internal:
//!   Kafka names them `<application.id>-<name>`, and one is written by one sub-topology and
//!   read by another.
//! * Every store of an ordinary sub-topology is given its changelog,
//!   `<application.id>-<store>-changelog`, internal and compacted. A global store's source
//!   topic is its changelog: it gets no other, and it is read in full by every instance
//!   (`global` on the edge).
//!
//! Not done: the text does not say which stores have logging disabled, which source tables
//! reuse their topic as changelog (`topology.optimization=all`), or which changelogs are
//! windowed (`compact,delete`), so every store gets a compacted changelog. Topics read by a
//! pattern and written by a `TopicNameExtractor` are not named in the text: they are said, not
//! drawn. Partitions and rates are not in the text either.

mod parse;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

use design::rules::MAX_EDGES;
use design::{Design, Engine, NodeKind};

use crate::build::Builder;
use crate::{Error, Options, Warning};

use parse::{Mention, Subtopology};

/// The `application.id` used when none is given.
pub const DEFAULT_APPLICATION_ID: &str = "streams-app";

pub(crate) fn import(text: &str, options: &Options) -> Result<(Design, Vec<Warning>), Error> {
    let program = parse::read(text)?;
    let given = options
        .application_id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty());
    let app = given.unwrap_or(DEFAULT_APPLICATION_ID);
    let mut b = Builder::new(&format!("Kafka Streams {app}"));
    if given.is_none() {
        b.warn(Warning::new(
            "application_id",
            format!(
                "no application.id was given: `{DEFAULT_APPLICATION_ID}` is assumed, and the \
                 processors and internal topics (`{DEFAULT_APPLICATION_ID}-<store>-changelog`, \
                 `{DEFAULT_APPLICATION_ID}-<name>-repartition`) are named after it; pass the real \
                 one (`?application_id=` over HTTP) to name them as Kafka does"
            ),
        ));
    }
    for w in program.warnings {
        b.warn(w);
    }
    let mut design = Drawing::new(b, app);
    for (name, block) in merged(&program.subtopologies, app) {
        design.processor(&name, &block);
    }
    design.b.finish()
}

/// The sub-topologies by the name of the processor each becomes, in the order met; blocks that
/// come out under one name (a sub-topology pasted twice) are one.
fn merged<'a>(blocks: &[Subtopology<'a>], app: &str) -> Vec<(String, Merged<'a>)> {
    let mut ordinary: HashMap<Option<&str>, usize> = HashMap::new();
    for s in blocks.iter().filter(|s| !s.global) {
        *ordinary.entry(s.topology).or_default() += 1;
    }
    let mut out: Vec<(String, Merged<'a>)> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for s in blocks {
        let prefix = match s.topology {
            Some(t) => format!("{app} {t}"),
            None => app.to_string(),
        };
        let name = if s.global {
            let stores: Vec<&str> = s.stores.iter().map(|m| m.name).take(3).collect();
            if stores.is_empty() {
                format!("{prefix} global store sub-topology {}", s.number)
            } else {
                format!("{prefix} global store {}", stores.join(", "))
            }
        } else if ordinary.get(&s.topology) == Some(&1) {
            prefix
        } else {
            format!("{prefix} sub-topology {}", s.number)
        };
        let i = *at.entry(name.clone()).or_insert_with(|| {
            out.push((
                name,
                Merged {
                    topology: s.topology,
                    line: s.line,
                    global: s.global,
                    sources: Vec::new(),
                    sinks: Vec::new(),
                    stores: Vec::new(),
                },
            ));
            out.len() - 1
        });
        if let Some((_, m)) = out.get_mut(i) {
            m.sources.extend_from_slice(&s.sources);
            m.sinks.extend_from_slice(&s.sinks);
            m.stores.extend_from_slice(&s.stores);
        }
    }
    out
}

struct Merged<'a> {
    topology: Option<&'a str>,
    line: usize,
    global: bool,
    sources: Vec<Mention<'a>>,
    sinks: Vec<Mention<'a>>,
    stores: Vec<Mention<'a>>,
}

/// The design being built, with what is already done to its nodes and edges, so that no node
/// is searched for twice.
struct Drawing<'b> {
    b: Builder,
    app: &'b str,
    /// Topics already marked internal (by id).
    internal: HashSet<String>,
    /// Edges already asked for.
    edges: HashSet<(String, String)>,
    /// The design holds all the edges it may (said once by the builder).
    edges_full: bool,
}

impl<'b> Drawing<'b> {
    fn new(b: Builder, app: &'b str) -> Self {
        Self {
            b,
            app,
            internal: HashSet::new(),
            edges: HashSet::new(),
            edges_full: false,
        }
    }

    fn processor(&mut self, name: &str, s: &Merged<'_>) {
        let at = format!("line {}", s.line);
        let Some(pid) = self.b.node(NodeKind::StreamProcessor, name, &at) else {
            return;
        };
        if let Some(node) = self.b.get_mut(&pid) {
            node.engine = Some(Engine::KafkaStreams);
            node.stateful = Some(!s.stores.is_empty());
        }
        for m in &s.sources {
            let Some(tid) = self.topic(m, s.topology) else {
                continue;
            };
            let global = s.global;
            self.edge(&tid, &pid, m.line, global);
        }
        for m in &s.sinks {
            let Some(tid) = self.topic(m, s.topology) else {
                continue;
            };
            self.edge(&pid, &tid, m.line, false);
        }
        if s.global {
            return;
        }
        for m in &s.stores {
            let name = match s.topology {
                Some(t) => format!("{}-{t}-{}-changelog", self.app, m.name),
                None => format!("{}-{}-changelog", self.app, m.name),
            };
            let at = format!("line {}", m.line);
            let Some(tid) = self.b.node(NodeKind::Topic, &name, &at) else {
                continue;
            };
            if self.mark_internal(&tid) {
                self.b.setting(&tid, "cleanup.policy", "compact", &at);
            }
            self.edge(&pid, &tid, m.line, false);
        }
    }

    /// The topic a source or sink names: internal ones under the name Kafka gives them.
    fn topic(&mut self, m: &Mention<'_>, topology: Option<&str>) -> Option<String> {
        let at = format!("line {}", m.line);
        if !is_internal(m.name) {
            return self.b.node(NodeKind::Topic, m.name, &at);
        }
        let name = match topology {
            Some(t) => format!("{}-{t}-{}", self.app, m.name),
            None => format!("{}-{}", self.app, m.name),
        };
        let id = self.b.node(NodeKind::Topic, &name, &at)?;
        self.mark_internal(&id);
        Some(id)
    }

    /// Marks topic `id` internal; whether it was not yet.
    fn mark_internal(&mut self, id: &str) -> bool {
        if !self.internal.insert(id.to_string()) {
            return false;
        }
        if let Some(node) = self.b.get_mut(id) {
            node.internal = Some(true);
        }
        true
    }

    fn edge(&mut self, from: &str, to: &str, line: usize, global: bool) {
        if self.edges_full || !self.edges.insert((from.to_string(), to.to_string())) {
            return;
        }
        if self.b.design_mut().edges.len() >= MAX_EDGES {
            // The builder says the design is full, once; nothing more is asked of it.
            self.edges_full = true;
        }
        if let Some(edge) = self.b.edge(from, to, &format!("line {line}")) {
            if global {
                edge.global = Some(true);
            }
        }
    }
}

/// Whether Kafka makes the topic `name` (as the description prints it) for the application:
/// repartition topics and a foreign-key join's subscription topics.
fn is_internal(name: &str) -> bool {
    name.ends_with("-repartition")
        || name.ends_with("-subscription-registration-topic")
        || name.ends_with("-subscription-response-topic")
        || (name.starts_with("KTABLE-FK-JOIN-SUBSCRIPTION-") && name.ends_with("-topic"))
}
