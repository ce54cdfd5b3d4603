//! The cost model's acceptance tests and properties.

use design::{Cluster, Deployment, Design, Edge, Node, NodeKind};
use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::analyze;
use crate::sizing::{size, Constraint};

pub(super) fn producer(rate: f64, size: f64) -> Node {
    let mut n = Node::new("p", NodeKind::Producer, "p");
    n.messages_per_sec = Some(rate);
    n.avg_message_bytes = Some(size);
    n
}

/// The domain notes' "Capacity planning": 50 000 msg/s × 1 KB, 7 days, RF 3, three groups.
pub(super) fn capacity_planning(deployment: Option<Deployment>, tiered_local_ms: Option<i64>) -> Design {
    let mut t = Node::new("t", NodeKind::Topic, "t");
    t.partitions = Some(12);
    t.config.insert("replication.factor".into(), json!(3));
    t.config.insert("retention.ms".into(), json!(604_800_000));
    if let Some(ms) = tiered_local_ms {
        t.config.insert("remote.storage.enable".into(), json!(true));
        t.config.insert("local.retention.ms".into(), json!(ms));
    }
    let mut nodes = vec![producer(50_000.0, 1_000.0), t];
    let mut edges = vec![Edge::new("p", "t")];
    for g in ["g1", "g2", "g3"] {
        let mut n = Node::new(g, NodeKind::ConsumerGroup, g);
        n.instances = Some(4);
        nodes.push(n);
        edges.push(Edge::new("t", g));
    }
    Design {
        cluster: Cluster {
            deployment,
            ..Cluster::default()
        },
        nodes,
        edges,
        ..Design::new("capacity planning")
    }
}

pub(super) fn line<'a>(t: &'a TargetCost, component: &str) -> &'a CostLine {
    t.lines
        .iter()
        .find(|l| l.component == component)
        .unwrap_or_else(|| panic!("{} has no {component} line", t.id))
}

pub(super) fn target<'a>(r: &'a CostReport, id: &str) -> &'a TargetCost {
    r.targets
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

#[test]
fn tiered_capacity_planning_storage_no_longer_binds() {
    let before = size(&capacity_planning(None, None));
    assert_eq!(
        (before.brokers, before.binding_constraint),
        (5, Constraint::Storage)
    );

    let d = capacity_planning(Some(Deployment::default()), Some(86_400_000));
    let s = size(&d);
    // Local: 4.32 TB/day × 1 day × RF 3 = 12.96 TB, × 1.3 = 16.85 TB: ceil(16.85 / 24) = 1.
    assert_eq!(units::bytes(s.storage_bytes), "12.96 TB");
    let storage = s
        .terms
        .iter()
        .find(|t| t.constraint == Constraint::Storage)
        .expect("a storage term");
    assert_eq!(storage.brokers, 1);
    // Object storage holds one copy of seven days: 4.32 TB × 7 = 30.24 TB.
    assert_eq!(units::bytes(s.remote_storage_bytes), "30.24 TB");
    // Egress: 150 MB/s read + 100 MB/s replication + 50 MB/s uploaded = 300 MB/s → 2 brokers;
    // the minimum of 3 binds now (a multiple of the 3 zones already).
    assert_eq!(s.egress_bytes_per_sec, 300e6);
    assert_eq!(s.brokers, 3);
    assert_eq!(s.binding_constraint, Constraint::Minimum);
    assert!(s.zone_rounding.as_deref().is_some_and(|z| z.contains("3 zones")));

    let r = analyze(&d).cost.expect("a deployment gives a cost");
    let sm = target(&r, "self-managed");
    assert_eq!(sm.units, "3 × m5.2xlarge brokers");
    let s3 = line(sm, "object_storage");
    assert!(
        (s3.quantity - 30.24e12 / 1_073_741_824.0).abs() < 1e-6,
        "{}",
        s3.quantity
    );
    assert_eq!(s3.price_id, "s3.standard.gb_month");
}

#[test]
fn zones_round_the_broker_count_and_keep_the_binding_term() {
    // Untiered with a deployment: storage asks for 5, three zones make it 6, storage still binds.
    let s = size(&capacity_planning(Some(Deployment::default()), None));
    assert_eq!(s.brokers, 6);
    assert_eq!(s.binding_constraint, Constraint::Storage);
    assert_eq!(
        s.zone_rounding.as_deref(),
        Some("5 brokers rounded up to a multiple of 3 zones = 6")
    );
}

/// RF 3 over three zones, one group, 50 MB/s: by hand, producers 33.33 MB/s + replication
/// 100 MB/s + consumers 33.33 MB/s = 166.67 MB/s; a month of it is 166.67e6 × 2 628 000 s /
/// 2^30 GB, billed twice (out of one zone, into the other) at $0.01. Follower fetching takes
/// the consumers' 33.33 MB/s out.
#[test]
fn cross_zone_line_matches_the_hand_calculation() {
    let mut d = capacity_planning(Some(Deployment::default()), None);
    d.nodes.retain(|n| n.id != "g2" && n.id != "g3");
    d.edges.retain(|e| e.to != "g2" && e.to != "g3");
    let month_gb = |bps: f64| bps * 730.0 * 3600.0 / 1_073_741_824.0;
    let r = analyze(&d).cost.expect("cost");
    let cz = line(target(&r, "self-managed"), "cross_zone");
    let by_hand = month_gb(50e6 * 2.0 / 3.0 + 100e6 + 50e6 * 2.0 / 3.0) * 2.0 * 0.01;
    assert!((cz.monthly - by_hand).abs() < 1e-6, "{} vs {by_hand}", cz.monthly);
    // MSK bills no replication: clients only.
    let msk = line(target(&r, "msk-provisioned"), "cross_zone");
    assert!((msk.monthly - month_gb(50e6 * 4.0 / 3.0) * 0.02).abs() < 1e-6);

    d.cluster.deployment.as_mut().expect("set").follower_fetching = Some(true);
    let r = analyze(&d).cost.expect("cost");
    let cz = line(target(&r, "self-managed"), "cross_zone");
    let by_hand = month_gb(50e6 * 2.0 / 3.0 + 100e6) * 2.0 * 0.01;
    assert!((cz.monthly - by_hand).abs() < 1e-6, "{} vs {by_hand}", cz.monthly);
}

#[test]
fn every_price_has_a_source_and_a_date_and_every_target_its_prices() {
    let t = table().expect("the committed table parses");
    assert!(parse(include_str!("../../prices/2026-11.json")).is_ok());
    assert_eq!(t.version, "2026-11-24");
    let dated = |s: &str| s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
    for p in &t.prices {
        assert!(p.source.starts_with("https://"), "{} has no source", p.id);
        assert!(dated(&p.as_of), "{} has no date", p.id);
        assert!(p.value.is_finite() && p.value >= 0.0, "{}", p.id);
        assert!(design::deployment::id_ok(&p.id), "{}", p.id);
        assert_eq!(
            t.prices.iter().filter(|q| q.id == p.id).count(),
            1,
            "{} twice",
            p.id
        );
    }
    for i in &t.instances {
        assert!(t.price(&i.price_id).is_some(), "{} has no price", i.name);
        assert!(i.source.starts_with("https://") && dated(&i.as_of));
    }
    for target in &t.targets {
        assert!(
            target.source.starts_with("https://") && dated(&target.as_of),
            "{}",
            target.id
        );
        for b in &target.broker_sizes {
            assert!(t.price(&b.price_id).is_some(), "{} has no price", b.name);
        }
    }
    // Every broker profile has an instance price, so no line prices at 0 by accident.
    for p in crate::profiles::PROFILES {
        assert!(t.price(&format!("ec2.{}.hour", p.name)).is_some(), "{}", p.name);
    }
    // Every line of every target names a price of the table.
    let r = analyze(&capacity_planning(Some(Deployment::default()), Some(86_400_000)))
        .cost
        .expect("cost");
    for tc in &r.targets {
        for l in &tc.lines {
            assert!(t.price(&l.price_id).is_some(), "{}: {}", tc.id, l.price_id);
        }
    }
}

use super::prices::parse;

#[test]
fn an_override_changes_the_total_by_exactly_its_term() {
    let base = capacity_planning(Some(Deployment::default()), Some(86_400_000));
    let r0 = analyze(&base).cost.expect("cost");
    for (target_id, price_id) in [
        ("self-managed", "ec2.m5.2xlarge.hour"),
        ("self-managed", "transfer.inter_az.gb"),
        ("msk-provisioned", "msk.tiered.gb_month"),
        ("msk-serverless", "msk_serverless.partition.hour"),
        ("diskless", "s3.put.request"),
    ] {
        let mut d = base.clone();
        let (old, _) = Prices {
            table: table().expect("table"),
            overrides: &Default::default(),
        }
        .get(price_id);
        let new = old * 1.5 + 0.001;
        d.cluster
            .deployment
            .as_mut()
            .expect("set")
            .prices
            .insert(price_id.into(), new);
        let r1 = analyze(&d).cost.expect("cost");
        let (a, b) = (target(&r0, target_id), target(&r1, target_id));
        let l = b.lines.iter().find(|l| l.price_id == price_id).expect("the line");
        assert!(l.overridden);
        let delta = b.monthly_total - a.monthly_total;
        let want = l.quantity * (new - old);
        assert!(
            (delta - want).abs() <= 1e-9 * want.abs().max(1.0),
            "{target_id} {price_id}: {delta} vs {want}"
        );
    }
    assert_eq!(r0.cheapest.is_some(), r0.targets.iter().any(|t| t.fits));
}

#[test]
fn report_names_the_cheapest_that_fits_and_grows() {
    let r = analyze(&capacity_planning(Some(Deployment::default()), Some(86_400_000)))
        .cost
        .expect("cost");
    let fitting: Vec<&TargetCost> = r.targets.iter().filter(|t| t.fits).collect();
    let min = fitting
        .iter()
        .map(|t| t.monthly_total)
        .fold(f64::INFINITY, f64::min);
    let cheapest = target(&r, r.cheapest.as_deref().expect("one fits"));
    assert_eq!(cheapest.monthly_total, min);
    // 50 MB/s in and 150 MB/s out are within one MSK Serverless cluster's 200 and 400 MiB/s,
    // but three groups reading 12 partitions take 12.5 MB/s out of each, past its 10 MiB/s.
    let sl = target(&r, "msk-serverless");
    let why = sl.why_not.as_deref().unwrap_or_default();
    assert!(!sl.fits && why.contains("egress quota per partition"), "{why}");
    assert!(!why.contains("ingress"), "{why}");
    // Latency: the path producer → topic → group has a few ms; object storage adds 400 per
    // topic hop. Past the 100 ms target, but that is a warn-level lint, not a limit of the
    // design: a caveat, and WarpStream still fits.
    let diskless = target(&r, "diskless");
    assert!(diskless.fits && diskless.why_not.is_none());
    // And its licence, which the table does not price, is said to be missing from the bill.
    assert_eq!(diskless.caveats.len(), 2, "{:?}", diskless.caveats);
    assert!(
        diskless.caveats[0].contains("400 ms at each topic: 1 topic hop)"),
        "{}",
        diskless.caveats[0]
    );
    assert!(diskless.caveats[1].contains("diskless.license.gb_written"));
    assert_eq!(r.growth.len(), 5);
    for (i, g) in r.growth.iter().enumerate() {
        assert_eq!(g.factor, (i + 1) as f64);
        assert_eq!(g.totals.len(), r.targets.len());
    }
    for (i, tc) in r.targets.iter().enumerate() {
        assert_eq!(r.growth[0].totals[i], (tc.id.clone(), tc.monthly_total));
        // More traffic never costs less.
        for w in r.growth.windows(2) {
            assert!(w[1].totals[i].1 >= w[0].totals[i].1, "{}", tc.id);
        }
    }
    // × 5: 250 MB/s in is past MSK Serverless' ingress quota, and the report says so.
    let mut d = capacity_planning(Some(Deployment::default()), Some(86_400_000));
    d.cluster.growth_factor = 5.0;
    let r5 = analyze(&d).cost.expect("cost");
    let sl = target(&r5, "msk-serverless");
    assert!(!sl.fits && sl.why_not.as_deref().is_some_and(|w| w.contains("ingress")));
}

/// Growth points carried no fit: × 5 of 50 MB/s is past MSK Serverless' ingress quota, and
/// the point says so.
#[test]
fn growth_points_say_which_targets_fit() {
    let r = analyze(&capacity_planning(Some(Deployment::default()), Some(86_400_000)))
        .cost
        .expect("cost");
    let i = r
        .targets
        .iter()
        .position(|t| t.id == "msk-serverless")
        .expect("listed");
    for g in &r.growth {
        assert_eq!(g.fits.len(), g.totals.len());
    }
    let fits: Vec<bool> = r.targets.iter().map(|t| t.fits).collect();
    assert_eq!(r.growth[0].fits, fits);
    assert!(!r.growth[4].fits[i], "250 MB/s in is past one serverless cluster");
    let json = serde_json::to_value(&r.growth[0]).expect("json");
    assert!(json["fits"].is_array() && json["totals"][0].is_array());
}

#[test]
fn without_a_deployment_there_is_no_cost_and_an_unknown_target_is_said() {
    assert!(analyze(&capacity_planning(None, None)).cost.is_none());
    let dep = Deployment {
        target: Some("nope".into()),
        ..Deployment::default()
    };
    let r = analyze(&capacity_planning(Some(dep), None)).cost.expect("cost");
    assert_eq!(r.unknown_target.as_deref(), Some("nope"));
    assert_eq!(r.targets.len(), 4);
    assert!(r.unknown_prices.is_empty());
}

/// An override of an id the table lacks was silently ignored; the report names it.
#[test]
fn an_override_the_table_lacks_is_named() {
    let mut dep = Deployment::default();
    dep.prices.insert("ec2.m7g.hour".into(), 0.2);
    dep.prices.insert("ebs.gp3.gb_month".into(), 0.1);
    let r = analyze(&capacity_planning(Some(dep), None)).cost.expect("cost");
    assert_eq!(r.unknown_prices, ["ec2.m7g.hour"]);
    let json = serde_json::to_value(&r).expect("json");
    assert_eq!(json["unknown_prices"], json!(["ec2.m7g.hour"]));
    let plain = analyze(&capacity_planning(Some(Deployment::default()), None)).cost;
    let json = serde_json::to_value(plain.expect("cost")).expect("json");
    assert!(json.get("unknown_prices").is_none());
}

#[test]
fn compression_scales_network_and_storage() {
    let mut d = capacity_planning(Some(Deployment::default()), None);
    d.nodes[0].config.insert("compression.type".into(), json!("lz4"));
    let s = size(&d);
    assert!((s.write_bytes_per_sec - 50e6 * 0.45).abs() < 1e-3);
    assert!((s.storage_bytes - 90.72e12 * 0.45).abs() < 1.0);
    assert_eq!(s.compression_ratio, 0.45);
    // The partition advice reads the producers' bytes, uncompressed, as before.
    assert_eq!(s.topics[0].write_bytes_per_sec, 50e6);
}

fn arb_design() -> impl Strategy<Value = (Design, bool)> {
    (
        0.0f64..1e7,
        1.0f64..1e6,
        1u32..=5,
        -1i64..100 * 86_400_000,
        0usize..4,
        prop::option::of(-2i64..10 * 86_400_000),
        1u32..=6,
        any::<bool>(),
        prop::sample::select(vec!["none", "gzip", "snappy", "lz4", "zstd"]),
        0.0f64..=1.0,
    )
        .prop_map(
            |(rate, size, rf, retention, groups, local, zones, ff, codec, egress)| {
                let mut t = Node::new("t", NodeKind::Topic, "t");
                t.partitions = Some(12);
                t.config.insert("replication.factor".into(), json!(rf));
                t.config.insert("retention.ms".into(), json!(retention));
                if let Some(ms) = local {
                    t.config.insert("remote.storage.enable".into(), json!(true));
                    t.config.insert("local.retention.ms".into(), json!(ms));
                }
                let mut p = producer(rate, size);
                p.config.insert("compression.type".into(), json!(codec));
                let mut nodes = vec![p, t];
                let mut edges = vec![Edge::new("p", "t")];
                for i in 0..groups {
                    let id = format!("g{i}");
                    nodes.push(Node::new(&id, NodeKind::ConsumerGroup, &id));
                    edges.push(Edge::new("t", &id));
                }
                let dep = Deployment {
                    zones: Some(zones),
                    follower_fetching: Some(ff),
                    internet_egress_share: Some(egress),
                    ..Deployment::default()
                };
                let d = Design {
                    cluster: Cluster {
                        deployment: Some(dep),
                        ..Cluster::default()
                    },
                    nodes,
                    edges,
                    ..Design::new("arb")
                };
                (d, local.is_some())
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every line and total is finite and ≥ 0, whatever the design.
    #[test]
    fn totals_are_finite_and_never_negative((d, _) in arb_design()) {
        let r = analyze(&d).cost.expect("cost");
        for t in &r.targets {
            prop_assert!(t.monthly_total.is_finite() && t.monthly_total >= 0.0, "{}", t.id);
            for l in &t.lines {
                prop_assert!(l.monthly.is_finite() && l.monthly >= 0.0 && l.quantity >= 0.0);
            }
        }
        for g in &r.growth {
            for (_, v) in &g.totals {
                prop_assert!(v.is_finite() && *v >= 0.0);
            }
        }
    }

    /// Tiering never increases the brokers' storage.
    #[test]
    fn tiering_never_increases_local_storage((d, tiered) in arb_design()) {
        prop_assume!(tiered);
        let mut untiered = d.clone();
        for n in &mut untiered.nodes {
            n.config.remove("remote.storage.enable");
        }
        let (a, b) = (size(&d), size(&untiered));
        prop_assert!(a.storage_bytes <= b.storage_bytes * (1.0 + 1e-12), "{} > {}", a.storage_bytes, b.storage_bytes);
    }

    /// With every ratio 1, a deployment changes no figure but the zone rounding.
    #[test]
    fn a_ratio_of_one_leaves_every_figure_unchanged((mut d, _) in arb_design()) {
        let plain = {
            let mut p = d.clone();
            p.cluster.deployment = None;
            size(&p)
        };
        let dep = d.cluster.deployment.as_mut().expect("set");
        for k in design::deployment::COMPRESSION_TYPES {
            dep.compression_ratios.insert((*k).into(), 1.0);
        }
        let s = size(&d);
        prop_assert_eq!(s.write_bytes_per_sec, plain.write_bytes_per_sec);
        prop_assert_eq!(s.read_bytes_per_sec, plain.read_bytes_per_sec);
        prop_assert_eq!(s.replication_bytes_per_sec, plain.replication_bytes_per_sec);
        prop_assert_eq!(s.egress_bytes_per_sec, plain.egress_bytes_per_sec);
        prop_assert_eq!(s.storage_bytes, plain.storage_bytes);
        prop_assert_eq!(s.remote_storage_bytes, plain.remote_storage_bytes);
        prop_assert_eq!(s.compression_ratio, 1.0);
        prop_assert!(s.brokers >= plain.brokers);
    }
}
