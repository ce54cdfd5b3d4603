//! Designs with hostile names and every kind of node, setting, subject and server, for the
//! export's property test.

use std::collections::HashSet;

use design::{
    Compatibility, Design, Edge, Engine, KeyDistribution, KeySpec, Node, NodeKind, SchemaType, SchemaVersion,
    Server, TopicRole,
};
use proptest::prelude::*;
use serde_json::{json, Value};

const HOSTILE: &[&str] = &[
    "yes",
    "No",
    "null",
    "~",
    "true",
    "1e3",
    "0x1F",
    "3.0",
    "",
    " ",
    " leading",
    "trailing ",
    "#hash",
    "a #b",
    "{a}",
    "[b]",
    "a: b",
    "key:",
    "\"quoted\"",
    "'single'",
    "- dash",
    "? q",
    "*alias",
    "&anchor",
    "!tag",
    "|",
    ">",
    "%dir",
    "@at",
    "`tick`",
    "<<",
    "é ✓ 𝄞 日本",
    "line\nbreak",
    "tab\there",
    "cr\r",
    "back\\slash",
    "\u{2028}ls",
    "\u{85}nel",
    "\u{feff}bom",
    "\u{7f}del",
    "---",
    "...",
    "=",
];

fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(HOSTILE).prop_map(String::from),
        1 => any::<String>(),
        1 => "[ -~]{0,24}",
    ]
}

fn setting_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        hostile().prop_map(Value::from),
        (-1e12..1e12f64).prop_map(Value::from),
    ]
}

fn config() -> impl Strategy<Value = Vec<(String, Value)>> {
    let name = prop_oneof![
        prop::sample::select(
            &[
                "replication.factor",
                "cleanup.policy",
                "retention.ms",
                "retention.bytes",
                "delete.retention.ms",
                "max.message.bytes",
                "min.insync.replicas",
                "acks",
                "linger.ms",
                "compression.type",
            ][..]
        )
        .prop_map(String::from),
        hostile(),
    ];
    let value = prop_oneof![
        setting_value(),
        prop::sample::select(
            &[
                "delete",
                "compact",
                "compact,delete",
                "delete,compact",
                "compact, delete"
            ][..]
        )
        .prop_map(Value::from),
    ];
    prop::collection::vec((name, value), 0..5)
}

fn avro() -> impl Strategy<Value = Value> {
    let name = "[A-Za-z_][A-Za-z0-9_]{0,8}";
    prop_oneof![
        prop::sample::select(&["string", "long", "bytes"][..]).prop_map(Value::from),
        (name, name, hostile(), hostile()).prop_map(|(record, field, doc, field_doc)| {
            json!({"type": "record", "name": record, "namespace": "com.example", "doc": doc,
                   "fields": [{"name": field, "type": "string", "doc": field_doc},
                              {"name": "n", "type": ["null", "long"], "default": null}]})
        }),
    ]
}

fn json_schema() -> impl Strategy<Value = Value> {
    (hostile(), hostile(), hostile()).prop_map(|(description, key, title)| {
        json!({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "description": description,
               "properties": {key: {"type": "string", "title": title}}, "additionalProperties": false})
    })
}

/// A subject's type, versions (texts written compactly or pretty, with notes) and level.
type Subject = (Option<SchemaType>, Vec<SchemaVersion>, Option<Compatibility>);

fn subject() -> impl Strategy<Value = Subject> {
    let versions = |ty| {
        move |values: Vec<(Value, bool)>| {
            let texts = values.into_iter().map(|(v, compact)| match (ty, v) {
                (SchemaType::Protobuf, Value::String(s)) => SchemaVersion::new(s),
                (_, v) if compact => SchemaVersion::new(v.to_string()),
                (_, v) => SchemaVersion {
                    schema: serde_json::to_string_pretty(&v).unwrap(),
                    note: Some("pretty".into()),
                },
            });
            texts.collect::<Vec<_>>()
        }
    };
    let level = prop::option::of(prop::sample::select(Compatibility::ALL.to_vec()));
    let typed = prop_oneof![
        prop::collection::vec((avro(), any::<bool>()), 1..3)
            .prop_map(versions(SchemaType::Avro))
            .prop_map(|v| (Some(SchemaType::Avro), v)),
        prop::collection::vec((json_schema(), any::<bool>()), 1..3)
            .prop_map(versions(SchemaType::Json))
            .prop_map(|v| (Some(SchemaType::Json), v)),
        prop::collection::vec((hostile().prop_map(Value::String), Just(true)), 1..3)
            .prop_map(versions(SchemaType::Protobuf))
            .prop_map(|v| (Some(SchemaType::Protobuf), v)),
        Just((None, Vec::new())),
        Just((Some(SchemaType::Avro), Vec::new())),
        (avro(), any::<bool>()).prop_map(move |v| (None, versions(SchemaType::Avro)(vec![v]))),
    ];
    (typed, level).prop_map(|((ty, versions), level)| (ty, versions, level))
}

/// One node's generated parts; ids are made unique when the design is put together.
#[derive(Debug, Clone)]
struct Part {
    id: String,
    kind: NodeKind,
    name: String,
    number: f64,
    count: u32,
    flag: bool,
    key_field: Option<String>,
    role: Option<TopicRole>,
    subject: Subject,
    config: Vec<(String, Value)>,
}

fn part() -> impl Strategy<Value = Part> {
    (
        "[ab._-]{1,3}",
        prop::sample::select(NodeKind::ALL.to_vec()),
        hostile(),
        (0.0..1e9f64, any::<u32>(), any::<bool>()),
        prop::option::of(hostile()),
        prop::option::of(prop::sample::select(vec![
            TopicRole::Main,
            TopicRole::Dlq,
            TopicRole::Retry,
        ])),
        subject(),
        config(),
    )
        .prop_map(
            |(id, kind, name, (number, count, flag), key_field, role, subject, config)| Part {
                id,
                kind,
                name,
                number,
                count,
                flag,
                key_field,
                role,
                subject,
                config,
            },
        )
}

fn node(p: Part, id: String, dlq: Option<String>) -> Node {
    let mut n = Node::new(id, p.kind, p.name);
    match p.kind {
        NodeKind::Producer | NodeKind::SourceConnector => {
            n.messages_per_sec = Some(p.number);
            n.avg_message_bytes = Some(512.0);
            n.key = p.key_field.map(|field| KeySpec {
                field: Some(field),
                distribution: KeyDistribution::Uniform {
                    cardinality: u64::from(p.count),
                },
                extra: Default::default(),
            });
        }
        NodeKind::Topic => {
            n.partitions = Some(p.count);
            n.role = p.role;
            n.internal = Some(p.flag);
        }
        NodeKind::SchemaSubject => (n.schema_type, n.versions, n.compatibility) = p.subject,
        NodeKind::StreamProcessor | NodeKind::ConsumerGroup | NodeKind::SinkConnector => {
            if p.kind == NodeKind::StreamProcessor {
                n.engine = Some(Engine::KafkaStreams);
                n.stateful = Some(p.flag);
                n.output_ratio = Some(1.5);
            }
            n.instances = Some(p.count % 64 + 1);
            n.processing_ms_per_record = Some(p.number / 1e6);
            n.needs_ordering = Some(p.flag);
            n.dead_letter_topic = dlq;
        }
    }
    if p.kind != NodeKind::SchemaSubject {
        n.config = p.config.into_iter().collect();
    }
    n
}

fn server() -> impl Strategy<Value = Server> {
    let security = prop_oneof![
        prop::sample::select(
            &[
                "scramSha512",
                "scramSha256",
                "plain",
                "gssapi",
                "X509",
                "SASL/SCRAM-SHA-512",
                "mTLS",
                "OAUTHBEARER"
            ][..]
        )
        .prop_map(String::from),
        hostile(),
    ];
    (
        hostile(),
        hostile(),
        hostile(),
        prop::option::of(security),
        prop::option::of(hostile()),
    )
        .prop_map(|(name, host, protocol, security, description)| Server {
            name,
            host,
            protocol,
            security,
            description,
            extra: Default::default(),
        })
}

pub fn designs() -> impl Strategy<Value = Design> {
    (
        hostile(),
        prop::option::of(hostile()),
        prop::collection::vec(part(), 1..14),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                any::<prop::sample::Index>(),
                any::<Option<bool>>(),
                any::<Option<u64>>(),
            ),
            0..24,
        ),
        prop::collection::vec(server(), 0..4),
    )
        .prop_map(|(name, description, parts, edges, servers)| {
            let mut d = Design::new(name);
            d.description = description;
            d.cluster.servers = servers;
            let mut seen = HashSet::new();
            let ids: Vec<String> = parts
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    if seen.insert(p.id.clone()) {
                        p.id.clone()
                    } else {
                        format!("{}.{i}", p.id)
                    }
                })
                .collect();
            let topics: Vec<&String> = ids
                .iter()
                .zip(&parts)
                .filter(|(_, p)| p.kind == NodeKind::Topic)
                .map(|(id, _)| id)
                .collect();
            let dlq = topics.first().map(|t| (*t).clone());
            d.nodes = parts
                .iter()
                .cloned()
                .zip(&ids)
                .map(|(p, id)| node(p, id.clone(), dlq.clone()))
                .collect();
            d.edges = edges
                .into_iter()
                .map(|(a, b, global, lag)| {
                    let mut e = Edge::new(a.get(&ids).clone(), b.get(&ids).clone());
                    (e.global, e.lag) = (global, lag);
                    e
                })
                .collect();
            d
        })
}
