//! Amazon MSK provisioned (standard brokers): the sizing's broker count on `kafka.<profile>`,
//! with more brokers when the storage needs them (an MSK broker holds at most 16 TiB), rounded
//! up to a multiple of the zones (MSK spreads brokers evenly over its zones); storage billed
//! per GB-month provisioned, tiered storage per GB-month. Replication between brokers is not
//! billed; producers and consumers crossing zones are. It does not fit when the partition
//! replicas per broker pass its size's limit.

use super::prices::Target;
use super::{zone_multiple, Context, TargetCost};

pub fn cost(ctx: &Context, t: &Target) -> TargetCost {
    let s = ctx.inputs.sizing;
    let c = &ctx.inputs.design.cluster;
    let size = t
        .broker_sizes
        .iter()
        .find(|b| b.profile == s.profile.name)
        .or_else(|| {
            // A family MSK does not offer (r6i): its size with as many vCPUs.
            let vcpu = |name: &str| ctx.table.instance(name).map(|i| i.vcpu);
            let own = vcpu(s.profile.name)?;
            t.broker_sizes.iter().find(|b| vcpu(&b.profile) == Some(own))
        })
        .or_else(|| t.broker_sizes.iter().find(|b| b.profile == "m5.2xlarge"))
        .or(t.broker_sizes.first());
    let Some(size) = size else {
        return TargetCost {
            id: t.id.clone(),
            name: t.name.clone(),
            kind: t.kind,
            fits: false,
            why_not: Some("the price table lists no broker size".into()),
            caveats: Vec::new(),
            units: String::new(),
            lines: Vec::new(),
            monthly_total: 0.0,
        };
    };
    let fill = c.max_disk_fill.clamp(0.05, 1.0);
    let disk = t
        .max_storage_per_broker_bytes
        .map_or(c.disk_per_broker_bytes, |m| m.min(c.disk_per_broker_bytes));
    let by_storage = (s.storage_bytes_with_overhead / (disk * fill)).ceil();
    let by_storage = if by_storage.is_nan() { 0.0 } else { by_storage };
    // A family MSK does not offer is billed on the size with as many vCPUs: its network
    // baseline may be lower than the sized profile's, so the network terms are sized again on it.
    let by_network = if size.profile == s.profile.name {
        0.0
    } else {
        crate::profiles::resolve(&size.profile).map_or(0.0, |p| {
            let usable = p.network_bytes_per_sec() * c.target_network_utilisation;
            let n = (s.ingress_bytes_per_sec.max(s.egress_bytes_per_sec) / usable).ceil();
            if n.is_finite() {
                n
            } else {
                0.0
            }
        })
    };
    let (brokers, past_cap) = zone_multiple(
        f64::from(s.brokers).max(by_storage).max(by_network),
        ctx.zones,
        "brokers",
    );
    let hours = ctx.table.month_hours;
    let mut lines = vec![ctx.line(
        "brokers",
        f64::from(brokers) * hours,
        "broker-hours",
        &size.price_id,
        format!(
            "max(sized {}, storage ceil({} / ({} × {fill:.2})) = {by_storage}{}) rounded up to a multiple of {} zones = {brokers} brokers × {hours} h",
            s.brokers,
            units::bytes(s.storage_bytes_with_overhead),
            units::bytes(disk),
            if by_network > 0.0 {
                format!(", network on kafka.{} = {by_network}", size.profile)
            } else {
                String::new()
            },
            ctx.zones
        ),
    )];
    lines.extend(ctx.broker_storage("", "msk.storage.gb_month", "msk.tiered.gb_month"));
    let crossing = ctx.cross.producer_bytes_per_sec + ctx.cross.consumer_bytes_per_sec;
    let gb = ctx.gb_month(crossing) * 2.0;
    lines.push(ctx.line(
        "cross_zone",
        gb,
        "GB billed (out of a zone and into another)",
        "transfer.inter_az.gb",
        format!(
            "clients only (MSK does not bill replication): producers {} + consumers {} × 730 h × 2 = {gb:.0} GB",
            units::bytes_rate(ctx.cross.producer_bytes_per_sec),
            units::bytes_rate(ctx.cross.consumer_bytes_per_sec)
        ),
    ));
    lines.extend(ctx.internet_egress());
    // Partition replicas of the declared counts, or the advised ones where undeclared (as
    // serverless counts its partition-hours).
    let per_broker = ctx.inputs.partition_replicas() as f64 / f64::from(brokers.max(1));
    // The sizing's own shortfall names its term; else MSK's storage past the cap.
    let mut why_not: Vec<String> = super::broker_shortfall(s, brokers)
        .or(past_cap)
        .into_iter()
        .collect();
    if per_broker > f64::from(size.max_partition_replicas) {
        why_not.push(format!(
            "{per_broker:.0} partition replicas per broker; {} holds at most {}",
            size.name, size.max_partition_replicas
        ));
    }
    TargetCost {
        id: t.id.clone(),
        name: t.name.clone(),
        kind: t.kind,
        fits: why_not.is_empty(),
        why_not: (!why_not.is_empty()).then(|| why_not.join("; ")),
        caveats: Vec::new(),
        units: format!("{brokers} × {} brokers", size.name),
        lines,
        monthly_total: 0.0,
    }
}
