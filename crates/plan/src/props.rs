//! Properties of the plan over arbitrary designs (invalid numbers included: NaN rates, zero
//! partitions): the moved share is the keys hashed directly, identical designs plan nothing,
//! a plan applied reproduces the target's topic settings ([`settings_after`]), a decrease is
//! always refused, and nothing panics.

use std::collections::BTreeMap;

use analysis::partitioner::partition_for_key;
use design::{Design, KeyDistribution, KeySpec, Node, NodeKind};
use proptest::prelude::*;
use serde_json::json;

use crate::keys_moved::{distribution_moved, PLAN_KEYS};
use crate::{apply, plan, topic_settings, Risk, StepKind, TopicSettings};

/// The target's topic settings as they are in effect once a plan from `from` ran: each topic's
/// settings in `to` ([`topic_settings`]: unset partitions are the advice), except that a topic
/// `to` leaves partitions unset and that exists in `from` (same id, same name) keeps its count
/// when the advice is lower: `max(count in effect in from, advice)`. An unset count asks for no
/// decrease, and Kafka makes none.
fn settings_after(from: &Design, to: &Design) -> BTreeMap<String, TopicSettings> {
    let before = topic_settings(from);
    let mut after = topic_settings(to);
    for (id, t) in after.iter_mut() {
        let unset = to.nodes.iter().any(|n| n.id == *id && n.partitions.is_none());
        if let Some(old) = before.get(id).filter(|old| unset && old.name == t.name) {
            t.partitions = t.partitions.max(old.partitions);
        }
    }
    after
}

fn arb_dist() -> impl Strategy<Value = Option<KeyDistribution>> {
    prop_oneof![
        Just(None),
        Just(Some(KeyDistribution::None)),
        (1u64..3000).prop_map(|c| Some(KeyDistribution::Uniform { cardinality: c })),
        (1u64..3000, prop_oneof![Just(f64::NAN), 0.5f64..2.0]).prop_map(|(c, e)| Some(
            KeyDistribution::Zipf {
                cardinality: c,
                exponent: e
            }
        )),
        (1u64..3000, prop_oneof![Just(f64::NAN), 0.0f64..1.0]).prop_map(|(c, h)| Some(
            KeyDistribution::HotKey {
                cardinality: c,
                hot_share: h
            }
        )),
        prop::collection::vec("[a-z0-9]{0,6}", 0..40).prop_map(|k| Some(KeyDistribution::Sample {
            keys: k.into_iter().collect(),
            weights: None
        })),
    ]
}

#[derive(Clone, Debug)]
struct TopicSpec {
    partitions: Option<u32>,
    rf: Option<u32>,
    isr: Option<u32>,
    retention: Option<i64>,
    compact: bool,
}

fn arb_topic() -> impl Strategy<Value = TopicSpec> {
    (
        prop::option::of(0u32..40),
        prop::option::of(1u32..5),
        prop::option::of(1u32..4),
        prop::option::of(prop_oneof![Just(-1i64), 1i64..1_000_000_000]),
        any::<bool>(),
    )
        .prop_map(|(partitions, rf, isr, retention, compact)| TopicSpec {
            partitions,
            rf,
            isr,
            retention,
            compact,
        })
}

fn topic(i: usize, name: &str, s: &TopicSpec) -> Node {
    let mut t = Node::new(format!("t{i}"), NodeKind::Topic, name);
    t.partitions = s.partitions;
    if let Some(rf) = s.rf {
        t.config.insert("replication.factor".into(), json!(rf));
    }
    if let Some(isr) = s.isr {
        t.config.insert("min.insync.replicas".into(), json!(isr));
    }
    if let Some(r) = s.retention {
        t.config.insert("retention.ms".into(), json!(r));
    }
    if s.compact {
        t.config.insert("cleanup.policy".into(), json!("compact"));
    }
    t
}

/// A design of up to four topics with a producer and a group each; `None` topics are absent.
fn build(
    topics: &[Option<(String, TopicSpec)>],
    keys: &[Option<KeyDistribution>],
    rate: f64,
    instances: u32,
    brokers: Option<u32>,
) -> Design {
    let mut d = Design::new("prop");
    d.cluster.brokers = brokers;
    for (i, t) in topics.iter().enumerate() {
        let Some((name, spec)) = t else { continue };
        let mut p = Node::new(format!("p{i}"), NodeKind::Producer, format!("p{i}"));
        p.messages_per_sec = Some(rate);
        p.avg_message_bytes = Some(100.0);
        p.key = keys.get(i).cloned().flatten().map(|distribution| KeySpec {
            field: None,
            distribution,
            extra: Default::default(),
        });
        let mut g = Node::new(format!("g{i}"), NodeKind::ConsumerGroup, format!("g{i}"));
        g.instances = Some(instances);
        g.processing_ms_per_record = Some(2.0);
        d.nodes.extend([p, topic(i, name, spec), g]);
        d.edges.push(design::Edge::new(format!("p{i}"), format!("t{i}")));
        d.edges.push(design::Edge::new(format!("t{i}"), format!("g{i}")));
    }
    d
}

fn arb_side() -> impl Strategy<Value = Vec<Option<(String, TopicSpec)>>> {
    prop::collection::vec(
        prop::option::weighted(0.8, ("[ab]", arb_topic()).prop_map(|(n, s)| (n, s))),
        1..4,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The moved share is what hashing the keys directly gives.
    #[test]
    fn the_moved_share_is_the_keys_hashed(
        keys in prop::collection::vec("\\PC{0,8}", 1..200),
        weights in prop::option::of(prop::collection::vec(0.0f64..10.0, 0..200)),
        a in 1u32..64, b in 1u32..64,
    ) {
        let dist = KeyDistribution::Sample { keys: keys.iter().collect(), weights: weights.clone() };
        let m = distribution_moved(&dist, "k", a, b, u64::MAX, &mut PLAN_KEYS.clone());
        let w = |i: usize| match &weights { Some(w) => w.get(i).copied().unwrap_or(0.0), None => 1.0 };
        let mut total: f64 = (0..keys.len()).map(w).sum();
        let equal = total <= 0.0;
        if equal { total = keys.len() as f64; }
        let moved: f64 = keys.iter().enumerate()
            .filter(|(_, k)| partition_for_key(k.as_bytes(), a) != partition_for_key(k.as_bytes(), b))
            .map(|(i, _)| if equal { 1.0 } else { w(i) })
            .sum();
        prop_assert!((m.share - moved / total).abs() < 1e-9, "{} vs {}", m.share, moved / total);
        prop_assert!(!m.approximate);

        // Modelled keys: the synthetic keys "{field}-{rank}" hashed one by one.
        let n = keys.len() as u64;
        let m = distribution_moved(&KeyDistribution::Uniform { cardinality: n }, "id", a, b, u64::MAX, &mut PLAN_KEYS.clone());
        let direct = (1..=n).filter(|r| {
            let k = format!("id-{r}");
            partition_for_key(k.as_bytes(), a) != partition_for_key(k.as_bytes(), b)
        }).count() as f64 / n as f64;
        prop_assert!((m.share - direct).abs() < 1e-9);
    }

    /// A plan between a design and itself (nodes moved aside) is empty, whatever the numbers.
    #[test]
    fn identical_designs_plan_nothing(
        side in arb_side(), keys in prop::collection::vec(arb_dist(), 4),
        rate in prop_oneof![Just(f64::NAN), Just(f64::INFINITY), 0.0f64..1e6], instances in 0u32..60,
    ) {
        let d = build(&side, &keys, rate, instances, None);
        let mut moved = d.clone();
        for n in &mut moved.nodes { n.position = Some(design::Position { x: 3.0, y: 4.0 }); }
        let p = plan(&d, &moved);
        prop_assert!(p.is_empty(), "{:#?}", p.steps);
    }

    /// Applied step by step, a plan that refuses nothing gives the target's topic settings (as
    /// [`settings_after`] defines them); a decrease is always refused, and only an explicit one
    /// is planned; nothing panics, whatever the numbers.
    #[test]
    fn a_plan_applied_reproduces_the_target(
        a in arb_side(), b in arb_side(), keys in prop::collection::vec(arb_dist(), 4),
        rate in prop_oneof![Just(f64::NAN), 0.0f64..1e5], instances in 0u32..60,
        brokers in prop::option::of(1u32..6),
    ) {
        let (from, to) = (build(&a, &keys, rate, instances, brokers), build(&b, &keys, rate, instances, brokers));
        let p = plan(&from, &to);
        let (before, after) = (topic_settings(&from), settings_after(&from, &to));
        for s in &p.steps {
            if s.kind == StepKind::DecreasePartitions {
                prop_assert_eq!(s.risk, Risk::Refused);
                prop_assert!(s.commands.is_empty());
            }
        }
        // Destructive steps come after every other one.
        if let Some(first) = p.steps.iter().position(|s| s.destructive) {
            prop_assert!(p.steps[first..].iter().all(|s| s.destructive), "{:#?}", p.steps);
        }
        for (id, t) in &after {
            if let Some(old) = before.get(id) {
                if old.name == t.name && t.partitions < old.partitions {
                    prop_assert!(p.refused);
                }
            }
        }
        if !p.refused {
            prop_assert_eq!(settings_after(&from, &apply(&from, &p)), after);
        }
        prop_assert!(serde_json::to_string(&p).is_ok());
    }
}
