//! WarpStream BYOC, a diskless, object-storage-native Kafka-compatible engine: the one engine
//! whose rules this target models (not AutoMQ, whose brokers keep a write-ahead log and hold
//! partitions, nor Apache Kafka's diskless topics of KIP-1150, whose brokers stay Kafka's).
//! Its sizing rules differ from Kafka's:
//!
//! * **Agents, not brokers**: stateless, sized by network alone on the profile's instance:
//!   in = producers' writes + each zone's agents reading every new object once from S3
//!   (`W × (1 + Z)`), out = consumers' reads + uploads (`R + W`), each at
//!   `target_network_utilisation` of the baseline; at least one agent per zone, rounded up to
//!   a multiple of the zones. No storage or partition term: agents hold no partitions.
//! * **No replication**: durability is the object store's, so no replication traffic and one
//!   copy of the whole retention in S3 Standard (no broker disks).
//! * **No cross-zone traffic**: clients write to and read from an agent in their own zone
//!   (zone-aware routing); S3 traffic within the region is not billed.
//! * **Object requests**: each agent flushes an object every 250 ms (a PUT), read back once
//!   per zone (a GET).
//! * **Licence**: metered per uncompressed GB written (the table's price is 0: set the
//!   vendor's fee as an override).
//! * **Latency**: object storage adds about 400 ms (table) per topic hop of a path, so the
//!   longest path gains 400 ms × its topics. The domain notes' 100 ms is a warn-level lint
//!   target, not a limit the design states, so a path past it is a **caveat** of the bill,
//!   not a reason the target does not fit.

use super::prices::Target;
use super::{zone_multiple, Context, TargetCost};
use crate::latency::{PathLatency, BUDGET_MS};

/// The slowest path once object storage adds `added_ms` per topic hop: (its latency today, its
/// topic hops, its latency on this engine); `None` without paths.
pub fn slowest_path(
    paths: &[PathLatency],
    topics: &std::collections::HashSet<&str>,
    added_ms: f64,
) -> Option<(f64, u32, f64)> {
    paths
        .iter()
        .map(|p| {
            let hops = p.nodes.iter().filter(|n| topics.contains(n.as_str())).count() as u32;
            (p.latency_ms, hops, p.latency_ms + added_ms * f64::from(hops))
        })
        .max_by(|a, b| a.2.total_cmp(&b.2))
}

/// The price id of the vendor's fee per GB written.
const LICENCE: &str = "diskless.license.gb_written";

pub fn cost(ctx: &Context, t: &Target) -> TargetCost {
    let s = ctx.inputs.sizing;
    let c = &ctx.inputs.design.cluster;
    let z = ctx.zones;
    let net = s.profile.network_bytes_per_sec() * c.target_network_utilisation.clamp(0.05, 1.0);
    let (w, r) = (s.write_bytes_per_sec, s.read_bytes_per_sec);
    // Agents receive the producers' batches (their codecs) and write the stored ones on.
    let need_in = s.produced_bytes_per_sec + w * f64::from(z);
    let need_out = r + w;
    let by_net = (need_in.max(need_out) / net).ceil();
    let by_net = if by_net.is_nan() { 0.0 } else { by_net };
    let (agents, past_cap) = zone_multiple(by_net.max(f64::from(z)).max(2.0), z, "agents");
    let hours = ctx.table.month_hours;
    let instance = s.profile.name;
    let flushes = t.flushes_per_agent_per_sec.unwrap_or(4.0);
    let puts = f64::from(agents) * flushes * ctx.month_seconds();
    let gets = puts * f64::from(z);
    let stored = ctx.one_copy_storage_bytes();
    let gb_stored = ctx.gb(stored);
    let uncompressed_gb = ctx.gb_month(s.topics.iter().map(|t| t.write_bytes_per_sec).sum());
    let mut lines = vec![
        ctx.line(
            "agents",
            f64::from(agents) * hours,
            "instance-hours",
            &ctx.instance_price_id(instance),
            format!(
                "max(ceil(max(in produced + W × {z} = {}, out R + W = {}) / ({} × {:.2})) = {by_net}, one per zone) rounded to a multiple of {z} zones = {agents} agents × {hours} h",
                units::bytes_rate(need_in),
                units::bytes_rate(need_out),
                units::bytes_rate(s.profile.network_bytes_per_sec()),
                c.target_network_utilisation
            ),
        ),
        ctx.line(
            "object_storage",
            gb_stored,
            "GB-month",
            "s3.standard.gb_month",
            format!(
                "one copy of every topic's retention in S3: {} = {gb_stored:.0} GB",
                units::bytes(stored)
            ),
        ),
        ctx.line(
            "object_writes",
            puts,
            "PUT requests",
            "s3.put.request",
            format!("{agents} agents × {flushes} objects/s × 730 h"),
        ),
        ctx.line(
            "object_reads",
            gets,
            "GET requests",
            "s3.get.request",
            format!("every object read once per zone: PUTs × {z}"),
        ),
        ctx.line(
            "cross_zone",
            0.0,
            "GB billed",
            "transfer.inter_az.gb",
            "0: zone-aware clients and no replication between agents".into(),
        ),
        ctx.line(
            "licence",
            uncompressed_gb,
            "GB written (uncompressed)",
            LICENCE,
            format!("uncompressed writes × 730 h = {uncompressed_gb:.0} GB"),
        ),
    ];
    lines.extend(ctx.internet_egress());
    let added = t.added_latency_ms.unwrap_or(0.0);
    let topics = s.topics.iter().map(|t| t.id.as_str()).collect();
    let mut caveats = match slowest_path(ctx.inputs.paths, &topics, added) {
        Some((today, hops, here)) if here > BUDGET_MS => vec![format!(
            "latency: the slowest path takes {today:.0} ms on Kafka and about {here:.0} ms here (object storage adds about {added:.0} ms at each topic: {}), past the {BUDGET_MS:.0} ms latency target (a warn-level lint, not a limit of the design)",
            units::plural(hops as usize, "topic hop", "topic hops")
        )],
        _ => Vec::new(),
    };
    // The vendor's fee is not in the table: a bill without it is not the whole bill.
    if ctx.prices.get(LICENCE) == (0.0, false) {
        caveats.push(format!(
            "licence: the vendor bills per GB written (uncompressed); the table has no list price for it, so it is 0 here: set `{LICENCE}` to your contract's price"
        ));
    }
    TargetCost {
        id: t.id.clone(),
        name: t.name.clone(),
        kind: t.kind,
        fits: past_cap.is_none(),
        why_not: past_cap,
        caveats,
        units: format!("{agents} × {instance} agents"),
        lines,
        monthly_total: 0.0,
    }
}
