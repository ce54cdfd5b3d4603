//! Amazon MSK Serverless: usage-priced. One cluster (its unit of capacity) billed by the hour,
//! partitions by the hour, GB produced and consumed, GB-month stored (one copy). Replication
//! is in the price and clients reach the cluster through endpoints in their own zones, so no
//! cross-zone line. It does not fit past one cluster's quotas (ingress, egress, partitions).

use super::prices::Target;
use super::{Context, TargetCost};

pub fn cost(ctx: &Context, t: &Target) -> TargetCost {
    let s = ctx.inputs.sizing;
    let hours = ctx.table.month_hours;
    let partitions = ctx.inputs.partitions;
    let stored = ctx.one_copy_storage_bytes();
    let (gb_in, gb_out, gb_stored) = (
        ctx.gb_month(s.write_bytes_per_sec),
        ctx.gb_month(s.read_bytes_per_sec),
        ctx.gb(stored),
    );
    let mut lines = vec![
        ctx.line(
            "cluster",
            hours,
            "cluster-hours",
            "msk_serverless.cluster.hour",
            format!("1 cluster × {hours} h"),
        ),
        ctx.line(
            "partitions",
            partitions as f64 * hours,
            "partition-hours",
            "msk_serverless.partition.hour",
            format!("{partitions} partitions × {hours} h"),
        ),
        ctx.line(
            "throughput_in",
            gb_in,
            "GB",
            "msk_serverless.in.gb",
            format!(
                "write {} × 730 h = {gb_in:.0} GB",
                units::bytes_rate(s.write_bytes_per_sec)
            ),
        ),
        ctx.line(
            "throughput_out",
            gb_out,
            "GB",
            "msk_serverless.out.gb",
            format!(
                "read {} × 730 h = {gb_out:.0} GB",
                units::bytes_rate(s.read_bytes_per_sec)
            ),
        ),
        ctx.line(
            "storage",
            gb_stored,
            "GB-month",
            "msk_serverless.storage.gb_month",
            format!(
                "one copy of every topic's retention: {} = {gb_stored:.0} GB",
                units::bytes(stored)
            ),
        ),
    ];
    lines.extend(ctx.internet_egress());
    let mut over = Vec::new();
    if let Some(l) = t.limits {
        if s.write_bytes_per_sec > l.ingress_bytes_per_sec {
            over.push(format!(
                "write {} over its {} ingress quota",
                units::bytes_rate(s.write_bytes_per_sec),
                units::bytes_rate(l.ingress_bytes_per_sec)
            ));
        }
        if s.read_bytes_per_sec > l.egress_bytes_per_sec {
            over.push(format!(
                "read {} over its {} egress quota",
                units::bytes_rate(s.read_bytes_per_sec),
                units::bytes_rate(l.egress_bytes_per_sec)
            ));
        }
        if partitions > l.partitions {
            over.push(format!(
                "{partitions} partitions over its {} partition quota",
                l.partitions
            ));
        }
    }
    TargetCost {
        id: t.id.clone(),
        name: t.name.clone(),
        kind: t.kind,
        fits: over.is_empty(),
        why_not: (!over.is_empty()).then(|| format!("one serverless cluster: {}", over.join("; "))),
        units: "1 serverless cluster".into(),
        lines,
        monthly_total: 0.0,
    }
}
