//! The lint rules, all in one registry: each rule's id, severity, title, what goes wrong in
//! Kafka, how to fix it, and its check.
//!
//! [`RULES`] is the only place a finding comes from: a check receives its own registry entry
//! and makes its findings with `Rule::finding`, so a finding's `rule` is always the id of a
//! registered rule (and [`Finding`] cannot be built outside this crate). The checks are grouped
//! by what they look at: `config` reads the document alone (the settings of the cluster, the
//! topics and the clients), `load` reads what the engine computed from it (partition load,
//! broker count, consumer lag, latency).
//!
//! Not here: the computations themselves ([`crate::sizing`], [`crate::hotspot`], …), and the
//! design's validation ([`crate::check`]), which refuses documents rather than advising on them.

use design::{Design, Node};
use serde::{Deserialize, Serialize};

use crate::analyze::{GroupReport, TopicReport};
use crate::flow::TopicFlow;
use crate::graph::Graph;
use crate::latency::{PathLatency, Paths};
use crate::sizing::Sizing;

mod config;
mod load;
mod schemas;

pub use config::{is_scratch, naming_ok, LARGE_MESSAGE_BYTES};

/// How bad a finding is. Findings sort by it: errors first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warn,
    Info,
}

impl Severity {
    /// The word people read: `error`, `warning`, `info`.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warn => "warning",
            Severity::Info => "info",
        }
    }
}

/// One finding: a rule that a design breaks, where, and how to fix it there.
///
/// Made only by a rule's check (the struct is `non_exhaustive`), so `rule` is a registered id.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// Stable rule id, e.g. `min-insync-replicas`: the [`Rule::id`] of its registry entry.
    pub rule: &'static str,
    pub severity: Severity,
    /// The node it is about (`None`: the cluster or the whole design).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    pub message: String,
    pub fix: String,
    /// Where in a schema subject's versions the finding points (schema rules only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<SchemaPlace>,
}

/// A place in one version of a schema subject: what an editor marks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaPlace {
    /// The version whose text it is in (1 is the oldest).
    pub version: u32,
    /// A path into the schema: a JSON pointer (`/fields/2`) into Avro or JSON Schema, a
    /// `#/`-path of message and field into a Protobuf file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The 1-based line and column in the version's text, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

/// One lint rule: what it is called, why it matters, and the check that finds it.
#[derive(Debug, Serialize)]
pub struct Rule {
    /// Stable id, kebab-case; findings carry it (`Finding::rule`).
    pub id: &'static str,
    /// The severity of its findings. A rule may report a milder case one step lower
    /// (`replication-factor` warns when the setting is merely unset), never higher.
    pub severity: Severity,
    /// One line naming the rule.
    pub title: &'static str,
    /// What goes wrong in Kafka when a design breaks it.
    pub why: &'static str,
    /// How to fix it in general; each finding says how to fix it where it is.
    pub fix: &'static str,
    #[serde(skip)]
    check: Check,
}

/// A rule's check, by what it looks at. The variants are in the order the checks run in; within
/// one, the rules run in the order of [`RULES`].
#[derive(Clone, Copy, Debug)]
enum Check {
    /// Once per design, from the document alone.
    Cluster(fn(&'static Rule, &Document, &mut Vec<Finding>)),
    /// Each node, in document order, from the document alone.
    Node(fn(&'static Rule, &Document, &Node, &mut Vec<Finding>)),
    /// Each topic, with its traffic, partition advice and load.
    Topic(fn(&'static Rule, &TopicFlow, &TopicReport, &mut Vec<Finding>)),
    /// Once per design, from the sizing and the topics as a whole.
    Sizing(fn(&'static Rule, &Analysed, &mut Vec<Finding>)),
    /// Each reader of each topic, with the topic it reads.
    Group(fn(&'static Rule, &GroupReport, &TopicReport, &mut Vec<Finding>)),
    /// Each source → sink path.
    Path(fn(&'static Rule, &PathLatency, &mut Vec<Finding>)),
    /// Once per design, after the paths: the paths and the graph as a whole.
    Design(fn(&'static Rule, &Analysed, &mut Vec<Finding>)),
}

/// What the document-only checks read.
pub(crate) struct Document<'a> {
    pub design: &'a Design,
    pub graph: &'a Graph<'a>,
    /// The cluster's broker count (at least 1).
    pub brokers: u32,
}

/// What the checks of the engine's results read: the analysis, section by section.
pub(crate) struct Analysed<'a> {
    pub document: Document<'a>,
    pub sizing: &'a Sizing,
    /// One per topic of `sizing.topics`, in the same order.
    pub topics: &'a [TopicReport],
    /// How many topics list no per-partition shares.
    pub unlisted_topics: usize,
    /// Each reader with the index of the topic it reads in `topics`.
    pub groups: &'a [(usize, GroupReport)],
    pub paths: &'a Paths,
    /// The peak windows' simulations, per window and reader.
    pub peaks: &'a [crate::peak::PeakReport],
}

impl Rule {
    /// A finding of this rule at its own severity.
    fn finding(
        &'static self,
        node: Option<&str>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Finding {
        self.finding_at(self.severity, node, message, fix)
    }

    /// A finding of this rule at a milder `severity` than its own.
    fn finding_at(
        &'static self,
        severity: Severity,
        node: Option<&str>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Finding {
        debug_assert!(
            severity >= self.severity,
            "{} reported above its severity",
            self.id
        );
        debug_assert!(
            rule(self.id).is_some_and(|r| std::ptr::eq(r, self)),
            "{} is not the registry's entry",
            self.id
        );
        Finding {
            rule: self.id,
            severity,
            node: node.map(str::to_owned),
            message: message.into(),
            fix: fix.into(),
            schema: None,
        }
    }
}

impl Finding {
    /// The finding, pointing into a schema's version.
    fn in_schema(mut self, place: SchemaPlace) -> Finding {
        self.schema = Some(place);
        self
    }
}

/// Every rule, in the order their checks run.
pub static RULES: [Rule; 33] = [
    Rule {
        id: "auto-topic-creation",
        severity: Severity::Error,
        title: "Brokers create topics on first use",
        why: "With auto.create.topics.enable=true (Kafka's default), a producer or consumer naming a topic that does not exist creates it with the broker defaults: a typo becomes a topic with one partition and default.replication.factor, and the records meant for the real topic go there.",
        fix: "Set auto.create.topics.enable=false on the brokers and create every topic explicitly, with its settings, as code.",
        check: Check::Cluster(config::auto_topic_creation),
    },
    Rule {
        id: "replication-factor",
        severity: Severity::Error,
        title: "Topic replicated fewer than three times",
        why: "A topic with replication.factor below 3 loses data, or stops, when one or two brokers fail: there is no spare copy to elect a leader from. Left unset, the broker's default.replication.factor applies, which is 1 unless changed (a warning, not an error).",
        fix: "Set replication.factor=3 on every topic that holds data you keep; mark throw-away topics scratch.",
        check: Check::Node(config::replication_factor),
    },
    Rule {
        id: "min-insync-replicas",
        severity: Severity::Error,
        title: "min.insync.replicas that loses writes or blocks them",
        why: "With min.insync.replicas=1 an acks=all write is acknowledged once the leader has it, and is lost if that broker dies. With min.insync.replicas equal to replication.factor, one broker down makes every acks=all write fail with NotEnoughReplicas.",
        fix: "Set min.insync.replicas=2 with replication.factor=3 (in general, replication.factor − 1).",
        check: Check::Node(config::min_insync_replicas),
    },
    Rule {
        id: "unclean-leader-election",
        severity: Severity::Error,
        title: "Out-of-sync replicas may become leader",
        why: "With unclean.leader.election.enable=true, when every in-sync replica is down Kafka elects a replica that missed writes: the partition comes back sooner, without the records that replica never received, though their producers were told they were written.",
        fix: "Set unclean.leader.election.enable=false (Kafka's default).",
        check: Check::Node(config::unclean_leader_election),
    },
    Rule {
        id: "many-partitions",
        severity: Severity::Warn,
        title: "Many partitions on one topic",
        why: "Every partition is a set of open segment files and index on each replica, a leader to elect when a broker fails and a unit a consumer group reassigns on every rebalance: past a few dozen per topic, failovers and rebalances slow down for little gain.",
        fix: "Use the partition advice (throughput and consumer parallelism); more than 50 is rarely needed.",
        check: Check::Node(config::many_partitions),
    },
    Rule {
        id: "partitions-multiple-of-brokers",
        severity: Severity::Info,
        title: "Partition count not a multiple of the broker count",
        why: "Partition leaders are spread round the brokers: when the count is not a multiple of the brokers, some brokers lead one partition more than others and take more of the topic's traffic.",
        fix: "Round the partition count up to a multiple of the broker count.",
        check: Check::Node(config::partitions_multiple_of_brokers),
    },
    Rule {
        id: "retention-unset",
        severity: Severity::Warn,
        title: "Topic retention left to the broker",
        why: "Without retention.ms or cleanup.policy on the topic, the broker's log.retention.hours and log.cleanup.policy decide how long its data lives: 7 days of delete by default, which may keep too little or fill the disks.",
        fix: "Set retention.ms and cleanup.policy on the topic explicitly.",
        check: Check::Node(config::retention_unset),
    },
    Rule {
        id: "topic-naming",
        severity: Severity::Info,
        title: "Topic name not domain.entity.event",
        why: "Kafka accepts any name, so names drift: without a convention, ACLs by prefix, ownership and discovery get hard, and `.` and `_` collide in metric names.",
        fix: "Name topics domain.entity.event, lower case and dot-separated, e.g. ecommerce.orders.created.",
        check: Check::Node(config::topic_naming),
    },
    Rule {
        id: "no-schema",
        severity: Severity::Info,
        title: "Topic without a schema subject",
        why: "Kafka stores bytes: without a schema subject in a registry, producers and consumers agree on the format only by convention, and one incompatible change breaks every reader at run time.",
        fix: "Attach a schema subject (Avro, Protobuf or JSON Schema) with a compatibility mode to the topic.",
        check: Check::Node(config::no_schema),
    },
    Rule {
        id: "schema-invalid",
        severity: Severity::Error,
        title: "Schema version that does not parse",
        why: "A registry refuses to register a schema it cannot parse, and a serializer given one fails at start-up: the version exists only in the design.",
        fix: "Correct the schema where the finding points (line and column), or remove the version.",
        check: Check::Node(schemas::invalid),
    },
    Rule {
        id: "schema-incompatible",
        severity: Severity::Error,
        title: "Newest schema version breaks its subject's compatibility level",
        why: "A Schema Registry refuses to register a version that breaks the subject's level (BACKWARD by default). Forced through under a looser level, it breaks readers at run time: consumers on the new schema cannot read the records already in the topic (backward), or consumers still on an older schema cannot read what producers write with the new one (forward).",
        fix: "Make the change compatible where the finding points (give a new field a default, keep a removed field optional, widen rather than narrow a type); a breaking change goes to a new subject and topic that readers move to.",
        check: Check::Node(schemas::incompatible),
    },
    Rule {
        id: "schema-compatibility-none",
        severity: Severity::Warn,
        title: "Subject that accepts any change while topics it describes have readers",
        why: "With compatibility NONE the registry registers any new version: one producer deploy can write records that no reader of the topic can deserialize.",
        fix: "Set the subject's compatibility to BACKWARD (the registry's default) or stricter (FULL_TRANSITIVE for long-lived topics).",
        check: Check::Node(schemas::compatibility_none),
    },
    Rule {
        id: "unkeyed-ordering",
        severity: Severity::Warn,
        title: "Unkeyed writes to a topic whose readers need order",
        why: "Kafka orders records only within a partition. Records without a key are spread over partitions by the sticky partitioner, so two events of the same entity can be read out of order.",
        fix: "Key the records by the entity whose order matters (the order id, the account id).",
        check: Check::Node(config::unkeyed_ordering),
    },
    Rule {
        id: "acks",
        severity: Severity::Warn,
        title: "Producer does not wait for replication",
        why: "With acks=0 or acks=1 a write is acknowledged before the followers have it: if the leader fails then, the record is lost though the producer was told it was written.",
        fix: "Set acks=all (Kafka's default since 3.0), with min.insync.replicas=2 on the topic.",
        check: Check::Node(config::acks),
    },
    Rule {
        id: "idempotence",
        severity: Severity::Warn,
        title: "Producer idempotence turned off",
        why: "With enable.idempotence=false, a retry after a lost acknowledgement writes the record twice, and with more than one request in flight a retried batch can land after a later one.",
        fix: "Set enable.idempotence=true (Kafka's default since 3.0).",
        check: Check::Node(config::idempotence),
    },
    Rule {
        id: "compression",
        severity: Severity::Info,
        title: "Uncompressed or gzip batches",
        why: "With compression.type=none the network, the disks and the replication carry full-size batches; gzip compresses well but costs the producer much CPU for its gain.",
        fix: "Set compression.type=lz4 (fast) or zstd (smaller) on the producers.",
        check: Check::Node(config::compression),
    },
    Rule {
        id: "large-messages",
        severity: Severity::Error,
        title: "Records above Kafka's 1 MB limits",
        why: "Kafka refuses records larger than message.max.bytes (about 1 MB by default), and raising it means raising max.request.size, replica.fetch.max.bytes and the consumers' fetch sizes too; large records also slow every batch they share.",
        fix: "Store the payload in object storage and send a reference to it (claim-check pattern).",
        check: Check::Node(config::large_messages),
    },
    Rule {
        id: "no-dlq",
        severity: Severity::Warn,
        title: "Reader without a dead-letter topic",
        why: "A consumer or sink connector that cannot process a record either stops on it (and the partition's lag grows behind it) or skips it and loses it: Kafka has no built-in dead-letter queue for consumers.",
        fix: "Add a topic with role dlq and set it as the reader's dead_letter_topic (errors.deadletterqueue.topic.name for a sink connector).",
        check: Check::Node(config::no_dlq),
    },
    Rule {
        id: "co-partitioning",
        severity: Severity::Error,
        title: "Join of topics partitioned differently",
        why: "A stateful stream processor joins partition p of one topic with partition p of the other: with different partition counts (or keys) the records of one key land in different partitions and never meet; Kafka Streams refuses to start.",
        fix: "Give joined topics the same partition count and the same key, or repartition one of them first.",
        check: Check::Node(config::co_partitioning),
    },
    Rule {
        id: "partition-skew",
        severity: Severity::Warn,
        title: "Keys load one partition more than the rest",
        why: "Kafka's partitioner sends every record of a key to one partition: a heavy key makes that partition, its leader broker and the one consumer reading it the bottleneck of the whole topic, however many partitions there are.",
        fix: "Choose a key with more even values or a compound key; salt a key that alone exceeds a partition's throughput and re-aggregate downstream.",
        check: Check::Topic(load::partition_skew),
    },
    Rule {
        id: "partitions-beyond-limit",
        severity: Severity::Error,
        title: "Topic needs more partitions than one topic should have",
        why: "The topic's traffic asks for more partitions than the engine allows on one topic: past that, leader elections, rebalances and the controller's metadata slow down for every client.",
        fix: "Split the traffic over several topics, or check the producers' rates and message sizes.",
        check: Check::Topic(load::partitions_beyond_limit),
    },
    Rule {
        id: "partitions-too-few",
        severity: Severity::Warn,
        title: "Fewer partitions than the traffic needs",
        why: "A partition is read by one consumer of a group and written at about 10 MB/s: too few partitions cap the throughput and the consumers' parallelism, and adding partitions later remaps keys, so per-key order and compacted state move.",
        fix: "Create the topic with the advised partition count.",
        check: Check::Topic(load::partitions_too_few),
    },
    Rule {
        id: "brokers-beyond-limit",
        severity: Severity::Error,
        title: "Design needs more brokers than one cluster should have",
        why: "The traffic, storage or partitions ask for more brokers than the engine sizes in one cluster: the figures per broker assume the maximum, and one cluster that large is hard to operate.",
        fix: "Split the workload over several clusters, or check the rates, message sizes, retention and cluster settings.",
        check: Check::Sizing(load::brokers_beyond_limit),
    },
    Rule {
        id: "rate-beyond-limit",
        severity: Severity::Error,
        title: "A rate passes what the engine computes with",
        why: "A chain of stream processors multiplies its input by each output_ratio: the rate out of some node passes the engine's maximum and is held there, so every figure downstream is a floor, not an estimate.",
        fix: "Check the output_ratio of the stream processors on the path.",
        check: Check::Sizing(load::rate_beyond_limit),
    },
    Rule {
        id: "hotspot-approximate",
        severity: Severity::Info,
        title: "Partition loads approximated",
        why: "The design asks for more key placements than one analysis makes: the heaviest keys are placed by Kafka's partitioner, the light rest spread evenly, so small imbalances may not show.",
        fix: "Analyse the hottest topics on their own, or paste fewer keys.",
        check: Check::Sizing(load::hotspot_approximate),
    },
    Rule {
        id: "partition-load-unlisted",
        severity: Severity::Info,
        title: "Per-partition shares not listed",
        why: "The design has more partitions in all than one analysis lists shares for: the topics past the limit have every figure but their per-partition shares.",
        fix: "Analyse the topics of interest in a smaller design.",
        check: Check::Sizing(load::partition_load_unlisted),
    },
    Rule {
        id: "consumer-lag",
        severity: Severity::Error,
        title: "Consumers slower than their input",
        why: "When a group processes fewer records per second than its topic receives, lag grows without end: records wait longer and longer, and past retention.ms they are deleted unread. A key heavier than one consumer thread cannot be helped by more instances.",
        fix: "Run more instances on enough partitions (capacity at least 1.3 × input), or salt a key that alone outruns a thread.",
        check: Check::Group(load::consumer_lag),
    },
    Rule {
        id: "observed-lag",
        severity: Severity::Warn,
        title: "Lag observed on the running cluster",
        why: "A group that is behind now (the lag `kafka-consumer-groups.sh --describe` printed) catches up only with the capacity it has beyond its input: records wait until then, and past retention.ms they are deleted unread.",
        fix: "Check the time to catch up; add instances (up to the partition count) when it is too long, or when the lag never clears.",
        check: Check::Group(load::observed_lag),
    },
    Rule {
        id: "peak-lag",
        severity: Severity::Warn,
        title: "Lag over the threshold in a peak window",
        why: "A group sized for the base rate falls behind when a known peak (Black Friday, a campaign) multiplies its input: lag builds through the plateau and takes long to clear after it. Scaling during the peak is late: adding partitions moves keys (ordering for existing keys breaks during the change) and every rebalance pauses the group.",
        fix: "Pre-scale before the window: the partitions and instances the peak simulation advises (partitions a multiple of today's count, one consumer thread per partition), or speed up the processing.",
        check: Check::Design(load::peak_lag),
    },
    Rule {
        id: "idle-consumers",
        severity: Severity::Info,
        title: "Consumers with no partition to read",
        why: "Kafka gives each partition to one consumer of a group: instances beyond the partition count get none and sit idle, costing resources without adding throughput.",
        fix: "Run at most as many instances as the topic has partitions, or add partitions.",
        check: Check::Group(load::idle_consumers),
    },
    Rule {
        id: "latency-budget",
        severity: Severity::Warn,
        title: "Path slower than the latency budget",
        why: "Every hop adds its batching and fetch waits (linger.ms, fetch.max.wait.ms) and its processing: end to end, a source → sink path takes longer than the budget.",
        fix: "Lower linger.ms and fetch.max.wait.ms on the path, or speed up its processing.",
        check: Check::Path(load::latency_budget),
    },
    Rule {
        id: "paths-truncated",
        severity: Severity::Info,
        title: "Not every path listed",
        why: "The design has more source → sink paths than the latency analysis lists: the paths past the limit are not checked against the budget.",
        fix: "Analyse the paths of interest in a smaller design.",
        check: Check::Design(load::paths_truncated),
    },
    Rule {
        id: "cycle",
        severity: Severity::Warn,
        title: "Records loop through the design",
        why: "Records that flow back into a topic upstream loop for ever unless something drops them: the loop's traffic cannot be sized, and in Kafka it grows until retention or the disks stop it.",
        fix: "Break the loop, or model the feedback with a retry topic.",
        check: Check::Design(load::cycle),
    },
];

/// Every rule, in the order their checks run.
pub fn rules() -> &'static [Rule] {
    &RULES
}

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// The findings of the rules that need only the document (the cluster's and the nodes'
/// settings), in the order they are found.
pub fn config_findings(design: &Design, graph: &Graph, brokers: u32) -> Vec<Finding> {
    let mut out = Vec::new();
    document_findings(
        &Document {
            design,
            graph,
            brokers,
        },
        &mut out,
    );
    out
}

fn document_findings(doc: &Document, out: &mut Vec<Finding>) {
    for rule in &RULES {
        if let Check::Cluster(check) = rule.check {
            check(rule, doc, out);
        }
    }
    for node in &doc.design.nodes {
        for rule in &RULES {
            if let Check::Node(check) = rule.check {
                check(rule, doc, node, out);
            }
        }
    }
}

/// Every rule's findings on an analysis: errors first, then warnings, then information; within
/// a severity, in the order of the checks (see [`Check`]).
pub(crate) fn findings(a: &Analysed) -> Vec<Finding> {
    let mut out = Vec::new();
    document_findings(&a.document, &mut out);
    for (flow, topic) in a.sizing.topics.iter().zip(a.topics) {
        for rule in &RULES {
            if let Check::Topic(check) = rule.check {
                check(rule, flow, topic, &mut out);
            }
        }
    }
    for rule in &RULES {
        if let Check::Sizing(check) = rule.check {
            check(rule, a, &mut out);
        }
    }
    for (topic, group) in a.groups {
        for rule in &RULES {
            if let Check::Group(check) = rule.check {
                check(rule, group, &a.topics[*topic], &mut out);
            }
        }
    }
    for path in &a.paths.paths {
        for rule in &RULES {
            if let Check::Path(check) = rule.check {
                check(rule, path, &mut out);
            }
        }
    }
    for rule in &RULES {
        if let Check::Design(check) = rule.check {
            check(rule, a, &mut out);
        }
    }
    out.sort_by_key(|f| f.severity);
    out
}

#[cfg(test)]
mod schema_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod trips;
