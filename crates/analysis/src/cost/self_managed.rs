//! Apache Kafka on EC2, run by the team: the sizing's broker count on the EC2 instance of
//! `cluster.broker_profile`, gp3 volumes holding the local retention with its overhead at
//! `max_disk_fill`, S3 Standard for tiered segments, and every byte crossing zones billed
//! (producers, replication, consumers). Not priced: operators' time, monitoring, the
//! controller quorum's own instances, snapshots.

use super::prices::Target;
use super::{Context, TargetCost};

pub fn cost(ctx: &Context, t: &Target) -> TargetCost {
    let s = ctx.inputs.sizing;
    let instance = s.profile.name;
    let price_id = ctx.instance_price_id(instance);
    let hours = ctx.table.month_hours;
    let brokers = f64::from(s.brokers);
    let mut lines = vec![ctx.line(
        "brokers",
        brokers * hours,
        "instance-hours",
        &price_id,
        format!(
            "{} brokers ({}) × {hours} h",
            s.brokers,
            s.zone_rounding.as_deref().unwrap_or("as sized")
        ),
    )];
    lines.extend(ctx.broker_storage("gp3 for ", "ebs.gp3.gb_month", "s3.standard.gb_month"));
    let gb = ctx.gb_month(ctx.cross.total_bytes_per_sec) * 2.0;
    lines.push(ctx.line(
        "cross_zone",
        gb,
        "GB billed (out of a zone and into another)",
        "transfer.inter_az.gb",
        format!(
            "{} × 730 h × 2 (billed leaving one zone and entering the other) = {gb:.0} GB",
            ctx.cross.formula
        ),
    ));
    lines.extend(ctx.internet_egress());
    let why_not = super::broker_shortfall(s, s.brokers);
    TargetCost {
        id: t.id.clone(),
        name: t.name.clone(),
        kind: t.kind,
        fits: why_not.is_none(),
        why_not,
        caveats: Vec::new(),
        units: format!("{} × {instance} brokers", s.brokers),
        lines,
        monthly_total: 0.0,
    }
}
