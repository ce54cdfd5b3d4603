//! The studio's Strimzi and Terraform exports (`report::iac`) read back give the topics they were
//! written from: names, partitions, replication factors and settings, for names and values full
//! of what each format must escape.

use std::collections::BTreeMap;

use design::{Design, Node, NodeKind};
use interop::{detect, import, Format, Options};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Characters each format escapes or reads specially, and text from beyond ASCII, including
/// the noncharacters of the planes past the first (U+1FFFE), which need `\U` and eight digits.
const HOSTILE: &[&str] = &[
    "\"",
    "\\",
    "$",
    "{",
    "}",
    "${",
    "%{",
    "$${",
    "%",
    "'",
    "#",
    "//",
    "/*",
    ":",
    "- ",
    "[",
    "]",
    ",",
    "&",
    "*",
    "!",
    "|",
    ">",
    "@",
    "`",
    "=",
    "<<EOF",
    " ",
    "é",
    "中",
    "😀",
    "\u{feff}",
    "\u{fdd0}",
    "\u{ffff}",
    "\u{1fffe}",
    "\u{10ffff}",
    "a",
    "Z",
    "0",
    ".",
    "_",
];
/// Only in setting values: line breaks and control characters.
const VALUE_ONLY: &[&str] = &[
    "\n", "\t", "\r", "\u{85}", "\u{2028}", "\u{2029}", "\u{1}", "\u{7f}", "\u{9f}",
];

fn text(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(pieces), 0..max).prop_map(|p| p.concat())
}

fn name() -> impl Strategy<Value = String> {
    // bookended so that no trimming changes it
    text(HOSTILE, 12).prop_map(|s| format!("n{s}n"))
}

fn value() -> impl Strategy<Value = String> {
    let all: &'static [&'static str] = Box::leak([HOSTILE, VALUE_ONLY].concat().into_boxed_slice());
    text(all, 16).prop_map(|s| format!("v{s}v"))
}

/// Topic settings as the studio types them, and settings it does not know (strings).
fn config() -> impl Strategy<Value = BTreeMap<String, Value>> {
    (
        prop::option::of(1i64..=7),
        prop::option::of(1i64..=7),
        prop::option::of(prop_oneof![Just(-1i64), 0i64..=i64::MAX]),
        prop::option::of(prop::sample::select(vec!["delete", "compact", "compact,delete"])),
        prop::option::of(any::<bool>()),
        prop::option::of(prop::sample::select(vec!["zstd", "producer", "lz4"])),
        prop::collection::btree_map(text(HOSTILE, 6).prop_map(|k| format!("x.{k}.y")), value(), 0..4),
    )
        .prop_map(|(rf, isr, retention, policy, unclean, compression, custom)| {
            let mut c: BTreeMap<String, Value> = custom.into_iter().map(|(k, v)| (k, json!(v))).collect();
            let mut put = |k: &str, v: Option<Value>| {
                if let Some(v) = v {
                    c.insert(k.to_string(), v);
                }
            };
            put("replication.factor", rf.map(Value::from));
            put("min.insync.replicas", isr.map(Value::from));
            put("retention.ms", retention.map(Value::from));
            put("cleanup.policy", policy.map(Value::from));
            put("unclean.leader.election.enable", unclean.map(Value::from));
            put("compression.type", compression.map(Value::from));
            c
        })
}

fn designs() -> impl Strategy<Value = Design> {
    (
        name(),
        prop::collection::btree_map(name(), (prop::option::of(1u32..=10_000), config()), 0..6),
    )
        .prop_map(|(design_name, topics)| {
            let mut d = Design::new(design_name);
            for (i, (name, (partitions, config))) in topics.into_iter().enumerate() {
                let mut n = Node::new(format!("t{i}"), NodeKind::Topic, name);
                n.partitions = partitions;
                n.config = config;
                d.nodes.push(n);
            }
            d
        })
}

/// What a topic must come back as: name, partitions and every setting, typed.
type Topic = (String, Option<u32>, BTreeMap<String, Value>);

fn round_trip(d: &Design) -> Result<(), TestCaseError> {
    prop_assert!(design::validate(d).is_empty(), "{:?}", design::validate(d));
    let analysis = analysis::analyze::analyze(d);
    let specs = report::iac::topic_specs(d, &analysis);
    let want: Vec<Topic> = d
        .nodes
        .iter()
        .zip(&specs)
        .map(|(n, s)| {
            let mut config = n.config.clone();
            config.insert("replication.factor".into(), json!(s.replication_factor));
            (s.name.clone(), Some(s.partitions), config)
        })
        .collect();
    for (format, text) in [
        (
            Format::Strimzi,
            report::iac::strimzi_yaml(d, &specs, "my \"cluster\""),
        ),
        (Format::Terraform, report::iac::terraform(d, &specs)),
    ] {
        if !specs.is_empty() {
            prop_assert_eq!(detect(&text), Some(format));
        }
        let imported = import(&text, Some(format), &Options::default())
            .map_err(|e| TestCaseError::fail(format!("{format}: {e}\n{text}")))?;
        prop_assert_eq!(&imported.warnings, &[], "{}\n{}", format, text);
        // the header is a comment line: what would break it is blanked (`report::text::one_line`)
        prop_assert_eq!(&imported.design.name, &report::text::one_line(&d.name));
        let got: Vec<Topic> = imported
            .design
            .nodes
            .iter()
            .map(|n| (n.name.clone(), n.partitions, n.config.clone()))
            .collect();
        prop_assert_eq!(&got, &want, "{}\n{}", format, text);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn exports_read_back_as_they_were_written(d in designs()) {
        round_trip(&d)?;
    }
}

#[test]
fn a_plain_design_reads_back() {
    let mut d = Design::new("orders platform");
    let mut t = Node::new("orders", NodeKind::Topic, "ecommerce.orders.created");
    t.partitions = Some(12);
    t.config.insert("replication.factor".into(), json!(3));
    t.config.insert("min.insync.replicas".into(), json!(2));
    t.config.insert("cleanup.policy".into(), json!("delete"));
    d.nodes.push(t);
    d.nodes.push(Node::new(
        "audit",
        NodeKind::Topic,
        "audit \"log\" ${env} %{x} \\ 中",
    ));
    round_trip(&d).unwrap();
}
