//! Regression tests of what a bill may and may not call a fit: overrides out of range,
//! overflowing totals, fixed broker counts, quotas, the broker cap.

use design::Deployment;

use super::tests::{capacity_planning, line, target};
use super::*;
use crate::analyze;

/// An override of 1e308 on the broker price (refused by the validator, analysed by the live
/// editor anyway) once priced the brokers at $0 and made self-managed the cheapest.
#[test]
fn an_override_past_the_ceiling_is_ignored_not_free() {
    let base = capacity_planning(Some(Deployment::default()), Some(86_400_000));
    let r0 = analyze(&base).cost.expect("cost");
    for bad in [
        1e308,
        f64::INFINITY,
        f64::NAN,
        -1.0,
        design::deployment::MAX_UNIT_PRICE * 2.0,
    ] {
        let mut d = base.clone();
        let dep = d.cluster.deployment.as_mut().expect("set");
        dep.prices.insert("ec2.m5.2xlarge.hour".into(), bad);
        let r = analyze(&d).cost.expect("cost");
        let brokers = line(target(&r, "self-managed"), "brokers");
        assert!(!brokers.overridden, "{bad}");
        assert_eq!(brokers.unit_price, 0.384, "{bad}");
        assert!(brokers.monthly > 0.0);
        assert_eq!(r.cheapest, r0.cheapest, "{bad}");
    }
    // At the ceiling itself the override is taken, and the target is far from cheapest.
    let mut d = base.clone();
    let max = design::deployment::MAX_UNIT_PRICE;
    let dep = d.cluster.deployment.as_mut().expect("set");
    dep.prices.insert("ec2.m5.2xlarge.hour".into(), max);
    let r = analyze(&d).cost.expect("cost");
    assert_eq!(line(target(&r, "self-managed"), "brokers").unit_price, max);
    assert_ne!(r.cheapest.as_deref(), Some("self-managed"));
}

#[test]
fn an_overflowing_figure_saturates_and_never_fits() {
    assert_eq!(finite(f64::INFINITY), f64::MAX);
    assert_eq!(finite(f64::NEG_INFINITY), 0.0);
    assert_eq!(finite(f64::NAN), 0.0);
    let r = analyze(&capacity_planning(Some(Deployment::default()), None))
        .cost
        .expect("cost");
    let mut c = target(&r, "self-managed").clone();
    assert!(c.fits);
    c.lines[0].monthly = f64::MAX;
    c.lines[1].monthly = f64::MAX;
    settle(&mut c);
    assert_eq!(c.monthly_total, f64::MAX);
    assert!(!c.fits);
    assert!(c.why_not.as_deref().is_some_and(|w| w.contains("overflows")));
}

/// A fixed `cluster.brokers` below what the terms need once always fit, and its growth points
/// stayed at the fixed count.
#[test]
fn a_fixed_broker_count_fits_only_when_the_terms_allow_it() {
    // Capacity planning untiered: storage needs 5 brokers; 3 are fixed.
    let mut d = capacity_planning(Some(Deployment::default()), None);
    d.cluster.brokers = Some(3);
    let r = analyze(&d).cost.expect("cost");
    let sm = target(&r, "self-managed");
    assert_eq!(sm.units, "3 × m5.2xlarge brokers");
    assert!(!sm.fits);
    let why = sm.why_not.as_deref().expect("why");
    assert!(
        why.contains("storage needs 5") && why.contains("fixed at 3"),
        "{why}"
    );
    assert_ne!(r.cheapest.as_deref(), Some("self-managed"));
    // MSK adds brokers for its 16 TiB per broker: 9 carry the storage.
    assert!(target(&r, "msk-provisioned").fits);

    // Enough brokers fixed: fits; growth sizes on the terms past the fixed count.
    d.cluster.brokers = Some(9);
    let fixed = analyze(&d).cost.expect("cost");
    assert!(target(&fixed, "self-managed").fits);
    let mut free = d.clone();
    free.cluster.brokers = None;
    let free = analyze(&free).cost.expect("cost");
    let sm_total = |r: &CostReport, k: usize| r.growth[k].totals[0].1;
    assert!(
        sm_total(&fixed, 0) > sm_total(&free, 0),
        "9 fixed brokers cost more than 6"
    );
    // × 2: storage needs 10 brokers, 12 over three zones, past the 9 fixed.
    assert_eq!(sm_total(&fixed, 1), sm_total(&free, 1));
    assert!(sm_total(&fixed, 1) > sm_total(&fixed, 0));
}

/// Object storage once added 400 ms once per path and made diskless never fit; it adds it per
/// topic hop, and the 100 ms target is a caveat, not a fit.
#[test]
fn diskless_latency_is_a_caveat_per_topic_hop() {
    use design::{Edge, Node, NodeKind};
    let mut d = capacity_planning(Some(Deployment::default()), None);
    // p → t → sp → t2 → g4: two topic hops on the longest path.
    let mut sp = Node::new("sp", NodeKind::StreamProcessor, "sp");
    sp.instances = Some(1);
    let mut t2 = Node::new("t2", NodeKind::Topic, "t2");
    t2.partitions = Some(12);
    d.nodes.push(sp);
    d.nodes.push(t2);
    d.nodes.push(Node::new("g4", NodeKind::ConsumerGroup, "g4"));
    d.edges.push(Edge::new("t", "sp"));
    d.edges.push(Edge::new("sp", "t2"));
    d.edges.push(Edge::new("t2", "g4"));
    let a = analyze(&d);
    let r = a.cost.expect("cost");
    let w = target(&r, "diskless");
    assert!(w.fits, "{:?}", w.why_not);
    assert!(w.name.contains("WarpStream"), "{}", w.name);
    let longest = a.paths.iter().map(|p| p.latency_ms).fold(0.0, f64::max);
    let caveat = &w.caveats[0];
    assert!(
        caveat.contains(&format!("about {:.0} ms here", longest + 800.0))
            && caveat.contains("at each topic: 2 topic hops"),
        "{caveat}"
    );
    let json = serde_json::to_value(target(&r, "self-managed")).expect("json");
    assert!(json.get("caveats").is_none(), "skipped when empty");
    assert!(serde_json::to_value(w).expect("json")["caveats"].is_array());
}

/// `broker_profile: "r6i.2xlarge"` was sized and billed as an m5.2xlarge.
#[test]
fn an_r6i_broker_is_sized_and_billed_as_itself() {
    let mut d = capacity_planning(Some(Deployment::default()), None);
    d.cluster.broker_profile = "r6i.2xlarge".into();
    let s = crate::sizing::size(&d);
    assert_eq!(s.profile.name, "r6i.2xlarge");
    assert_eq!(s.profile.network_gbps, 3.125);
    assert!(s.profile_fallback_from.is_none());
    let r = analyze(&d).cost.expect("cost");
    let sm = target(&r, "self-managed");
    let b = line(sm, "brokers");
    assert_eq!(
        (b.price_id.as_str(), b.unit_price),
        ("ec2.r6i.2xlarge.hour", 0.504)
    );
    assert!(sm.units.contains("r6i.2xlarge"));
    assert_eq!(
        line(target(&r, "diskless"), "agents").price_id,
        "ec2.r6i.2xlarge.hour"
    );
    // MSK has no r6i: its size with as many vCPUs.
    assert!(target(&r, "msk-provisioned").units.contains("kafka.m5.2xlarge"));
}

/// Undeclared partitions once counted 1 for MSK provisioned and the advised count for
/// serverless: both read the advised count now.
#[test]
fn undeclared_partitions_count_as_advised_on_every_target() {
    let mut d = capacity_planning(Some(Deployment::default()), None);
    d.cluster.broker_profile = "m5.large".into();
    d.nodes[1].partitions = None;
    d.nodes[2].instances = Some(3_000);
    let a = analyze(&d);
    let advised = u64::from(a.topics[0].partitions);
    assert!(advised >= 3_000, "{advised}");
    let r = a.cost.expect("cost");
    let sl = target(&r, "msk-serverless");
    assert_eq!(line(sl, "partitions").quantity, advised as f64 * 730.0);
    let msk = target(&r, "msk-provisioned");
    let brokers: u64 = msk.units.split(' ').next().unwrap().parse().unwrap();
    let per_broker = (advised * 3) as f64 / brokers as f64;
    assert!(per_broker > 1000.0);
    assert!(!msk.fits);
    let why = msk.why_not.as_deref().expect("why");
    assert!(
        why.contains(&format!("{per_broker:.0} partition replicas per broker")),
        "{why}"
    );
}

/// `local.retention.bytes` is per partition: an undeclared count once multiplied it by 1 and
/// made a tiered topic's local retention a single partition's. Without a declared count the
/// cap is not applied (the local retention is sized by time).
#[test]
fn the_local_bytes_cap_needs_a_declared_partition_count() {
    let mut d = capacity_planning(Some(Deployment::default()), Some(86_400_000));
    d.nodes[1]
        .config
        .insert("local.retention.bytes".into(), serde_json::json!(1_000_000_000));
    let capped = crate::sizing::size(&d);
    // 12 declared partitions × 1 GB × RF 3.
    assert_eq!(capped.storage_bytes, 36e9);
    d.nodes[1].partitions = None;
    let s = crate::sizing::size(&d);
    // By time: 4.32 TB/day × 1 day × RF 3.
    assert_eq!(units::bytes(s.storage_bytes), "12.96 TB");
}

/// MSK Serverless' per-partition quotas were not checked, and its cluster quotas were read
/// as 200e6 / 400e6 bytes where they are MiB/s.
#[test]
fn serverless_checks_quotas_per_partition_in_mib() {
    let l = table()
        .and_then(|t| t.target("msk-serverless"))
        .and_then(|t| t.limits)
        .expect("limits");
    assert_eq!(l.ingress_bytes_per_sec, 200.0 * 1_048_576.0);
    assert_eq!(l.egress_bytes_per_sec, 400.0 * 1_048_576.0);
    assert_eq!(l.partition_ingress_bytes_per_sec, Some(5.0 * 1_048_576.0));
    assert_eq!(l.partition_egress_bytes_per_sec, Some(10.0 * 1_048_576.0));
    // 150 MB/s into 3 partitions, one group: 50 MB/s per partition, in and out.
    let mut d = capacity_planning(Some(Deployment::default()), None);
    d.nodes[0].messages_per_sec = Some(150_000.0);
    d.nodes[1].partitions = Some(3);
    d.nodes.retain(|n| n.id != "g2" && n.id != "g3");
    d.edges.retain(|e| e.to != "g2" && e.to != "g3");
    let r = analyze(&d).cost.expect("cost");
    let sl = target(&r, "msk-serverless");
    assert!(!sl.fits);
    let why = sl.why_not.as_deref().expect("why");
    assert!(
        why.contains("50 MB/s per partition, over its 5.24 MB/s ingress quota per partition"),
        "{why}"
    );
    assert!(why.contains("egress quota per partition"), "{why}");
    assert!(!why.contains("over its 209.72 MB/s ingress quota"), "{why}");
}

/// At the broker cap the sizing said "1000 brokers: a multiple of 3 zones already", MSK and
/// diskless billed 1002 brokers or agents, and diskless fitted with its network past the cap.
#[test]
fn past_the_broker_cap_nothing_fits_and_nothing_passes_it() {
    let mut d = capacity_planning(Some(Deployment::default()), Some(86_400_000));
    // 1 TB/s: thousands of brokers' network.
    d.nodes[0].messages_per_sec = Some(1e9);
    let s = crate::sizing::size(&d);
    assert_eq!(s.brokers, crate::sizing::MAX_BROKERS);
    let z = s.zone_rounding.as_deref().expect("said");
    assert!(
        !z.contains("already") && z.contains("most a sizing recommends"),
        "{z}"
    );
    let r = analyze(&d).cost.expect("cost");
    for id in ["self-managed", "msk-provisioned", "diskless"] {
        let t = target(&r, id);
        assert!(!t.fits, "{id}");
        let why = t.why_not.as_deref().expect("why");
        assert!(
            why.contains("more than 1000 brokers") || why.contains("; at most 999"),
            "{id}: {why}"
        );
        let n: u32 = t.units.split(' ').next().unwrap().parse().unwrap();
        assert!(n <= crate::sizing::MAX_BROKERS, "{id}: {}", t.units);
    }
    assert_eq!(zone_multiple(1000.0, 3, "agents").0, 999);
    assert_eq!(zone_multiple(999.0, 3, "agents"), (999, None));
    assert_eq!(zone_multiple(4.0, 3, "agents"), (6, None));
}

/// A topic's own compression.type (the broker recompresses) once applied to the producers'
/// leg too; producers send their own codec's batches.
#[test]
fn a_recompressing_topic_leaves_the_producers_bytes_in_their_codec() {
    let mut d = capacity_planning(Some(Deployment::default()), None);
    d.nodes[0]
        .config
        .insert("compression.type".into(), serde_json::json!("lz4"));
    d.nodes[1]
        .config
        .insert("compression.type".into(), serde_json::json!("zstd"));
    let dep = d.cluster.deployment.clone().expect("set");
    let json = crate::compression::Payload::Json;
    let (lz4, zstd) = (
        crate::compression::ratio(&dep, json, "lz4"),
        crate::compression::ratio(&dep, json, "zstd"),
    );
    assert_ne!(lz4, zstd);
    let s = crate::sizing::size(&d);
    assert_eq!(s.topics[0].produce_ratio, lz4);
    assert_eq!(s.topics[0].compression_ratio, zstd);
    let w = 50e6;
    assert!((s.ingress_bytes_per_sec - (w * lz4 + w * zstd * 2.0)).abs() < 1e-3);
    assert!((s.storage_bytes - 90.72e12 * zstd).abs() < 1.0);
    let r = analyze(&d).cost.expect("cost");
    assert!((r.cross_zone.producer_bytes_per_sec - w * lz4 * 2.0 / 3.0).abs() < 1e-3);
    assert!((r.cross_zone.replication_bytes_per_sec - w * zstd * 2.0).abs() < 1e-3);
}

/// An r6i design billed on MSK's kafka.m5.2xlarge (2.5 Gbps, not 3.125) once kept the r6i
/// broker count: MSK sizes its network terms again on its own size.
#[test]
fn msk_sizes_the_network_again_on_the_size_it_bills() {
    let mut d = capacity_planning(Some(Deployment::default()), Some(3_600_000));
    d.cluster.broker_profile = "r6i.2xlarge".into();
    // Network-bound: 400 MB/s read by twelve groups, storage an hour on the brokers.
    d.nodes[0].messages_per_sec = Some(400_000.0);
    d.nodes[1].partitions = Some(240);
    for i in 4..=12 {
        let mut g = design::Node::new(format!("g{i}"), design::NodeKind::ConsumerGroup, format!("g{i}"));
        g.instances = Some(6);
        d.nodes.push(g);
        d.edges.push(design::Edge::new("orders", format!("g{i}")));
    }
    let s = crate::sizing::size(&d);
    let egress = s.egress_bytes_per_sec;
    let r = analyze(&d).cost.expect("cost");
    let msk = target(&r, "msk-provisioned");
    let m5 = crate::profiles::resolve("m5.2xlarge").expect("m5");
    let usable = m5.network_bytes_per_sec() * d.cluster.target_network_utilisation;
    let need = (egress / usable).ceil() as u32;
    let brokers = (line(msk, "brokers").quantity / 730.0).round() as u32;
    assert!(
        need > s.brokers,
        "the case is network-bound on m5: {need} vs {}",
        s.brokers
    );
    assert!(brokers >= need, "{brokers} MSK brokers for {need} by network");
    assert!(line(msk, "brokers")
        .formula
        .contains("network on kafka.m5.2xlarge"));
}

/// An undeclared topic once failed its own advice against serverless' per-partition quotas:
/// serverless sets it up with as many partitions as the quotas need, and bills them.
#[test]
fn serverless_gives_an_undeclared_topic_the_partitions_its_quotas_need() {
    let mut d = capacity_planning(Some(Deployment::default()), None);
    d.nodes[1].partitions = None;
    let r = analyze(&d).cost.expect("cost");
    let sl = target(&r, "msk-serverless");
    assert!(sl.fits, "{:?}", sl.why_not);
    // 50 MB/s in over 5 MiB/s a partition: at least 10; 150 MB/s out over 10 MiB/s: 15.
    let partitions = line(sl, "partitions").quantity / 730.0;
    assert!(partitions >= 15.0, "{partitions}");
    // A declared count stays as declared, and may be over a quota.
    d.nodes[1].partitions = Some(3);
    let r = analyze(&d).cost.expect("cost");
    assert!(!target(&r, "msk-serverless").fits);
}

/// A growth point compared the free sizing's zone-rounded count with the fixed one: 4 fixed
/// brokers over 3 zones jumped to 6 as soon as the terms needed 4.
#[test]
fn a_fixed_count_carries_growth_while_the_terms_need_no_more() {
    let mut d = capacity_planning(Some(Deployment::default()), Some(86_400_000));
    let needed = crate::sizing::size(&d).needed().map_or(0, |t| t.brokers);
    d.cluster.brokers = Some(needed + 1);
    let r = analyze(&d).cost.expect("cost");
    let sm = target(&r, "self-managed");
    assert!(sm.fits, "{:?}", sm.why_not);
    // × 1 is the fixed count's bill.
    assert_eq!(r.growth[0].totals[0].1, sm.monthly_total);
}

/// Producers on lz4 into a topic that stores `none`: serverless meters the producers' bytes in,
/// not the topic's recompressed ones.
#[test]
fn serverless_meters_what_producers_send() {
    let mut d = capacity_planning(Some(Deployment::default()), None);
    d.nodes[0]
        .config
        .insert("compression.type".into(), serde_json::json!("lz4"));
    d.nodes[1]
        .config
        .insert("compression.type".into(), serde_json::json!("uncompressed"));
    let s = crate::sizing::size(&d);
    assert!(s.produced_bytes_per_sec < s.write_bytes_per_sec * 0.6);
    let r = analyze(&d).cost.expect("cost");
    let gb_in = line(target(&r, "msk-serverless"), "throughput_in").quantity;
    let want = s.produced_bytes_per_sec * 730.0 * 3600.0 / 1_073_741_824.0;
    assert!((gb_in - want).abs() < 1e-6 * want, "{gb_in} vs {want}");
}

/// WarpStream's fee is not in the table: a caveat says so until the design sets its price.
#[test]
fn the_unpriced_licence_is_a_caveat_until_overridden() {
    let mut d = capacity_planning(Some(Deployment::default()), None);
    let r = analyze(&d).cost.expect("cost");
    let licence = |r: &CostReport| {
        target(r, "diskless")
            .caveats
            .iter()
            .any(|c| c.starts_with("licence:"))
    };
    assert!(licence(&r));
    let dep = d.cluster.deployment.as_mut().expect("set");
    dep.prices.insert("diskless.license.gb_written".into(), 0.05);
    assert!(!licence(&analyze(&d).cost.expect("cost")));
}
