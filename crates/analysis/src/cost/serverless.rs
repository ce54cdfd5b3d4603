//! Amazon MSK Serverless: usage-priced. One cluster (its unit of capacity) billed by the hour,
//! partitions by the hour, GB produced and consumed, GB-month stored (one copy). Replication
//! is in the price and clients reach the cluster through endpoints in their own zones, so no
//! cross-zone line. It does not fit past one cluster's quotas (ingress, egress, partitions) or
//! past a partition's (ingress, egress over all its consumers), each topic's bytes spread
//! evenly over its partitions (declared, or for an undeclared topic as many as the advice and
//! the partition quotas need).

use super::prices::Target;
use super::{Context, TargetCost};

pub fn cost(ctx: &Context, t: &Target) -> TargetCost {
    let s = ctx.inputs.sizing;
    let hours = ctx.table.month_hours;
    let counts = partition_counts(ctx, t.limits.as_ref());
    let partitions: u64 = counts.iter().map(|&p| u64::from(p)).sum();
    let stored = ctx.one_copy_storage_bytes();
    let (gb_in, gb_out, gb_stored) = (
        ctx.gb_month(s.produced_bytes_per_sec),
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
                "produced {} × 730 h = {gb_in:.0} GB",
                units::bytes_rate(s.produced_bytes_per_sec)
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
        if s.produced_bytes_per_sec > l.ingress_bytes_per_sec {
            over.push(format!(
                "produced {} over its {} ingress quota",
                units::bytes_rate(s.produced_bytes_per_sec),
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
        over.extend(partition_quotas(ctx, &l, &counts));
    }
    TargetCost {
        id: t.id.clone(),
        name: t.name.clone(),
        kind: t.kind,
        fits: over.is_empty(),
        why_not: (!over.is_empty()).then(|| format!("one serverless cluster: {}", over.join("; "))),
        caveats: Vec::new(),
        units: "1 serverless cluster".into(),
        lines,
        monthly_total: 0.0,
    }
}

/// Bytes producers send into a topic per second (their own codecs).
fn bytes_in(t: &crate::flow::TopicFlow) -> f64 {
    t.write_bytes_per_sec * t.produce_ratio
}

/// Bytes a topic's readers fetch per second (its stored batches, once per full read).
fn bytes_out(t: &crate::flow::TopicFlow) -> f64 {
    t.write_bytes_per_sec * t.compression_ratio * t.full_reads
}

/// Each topic's partition count here: a declared count as it is; an undeclared one at least
/// as many as the advice and as the partition quotas need (the service would be set up with
/// enough partitions; only a declared count can be over a partition's quota).
fn partition_counts(ctx: &Context, limits: Option<&super::prices::Limits>) -> Vec<u32> {
    let need = |bytes: f64, quota: Option<f64>| match quota {
        Some(q) if q > 0.0 => {
            let n = (bytes / q).ceil();
            if n.is_finite() {
                n.clamp(0.0, f64::from(u32::MAX)) as u32
            } else {
                0
            }
        }
        _ => 0,
    };
    ctx.inputs
        .sizing
        .topics
        .iter()
        .zip(ctx.inputs.topic_partitions)
        .map(|(t, &advised)| match (t.partitions, limits) {
            (Some(_), _) | (None, None) => advised,
            (None, Some(l)) => advised
                .max(need(bytes_in(t), l.partition_ingress_bytes_per_sec))
                .max(need(bytes_out(t), l.partition_egress_bytes_per_sec)),
        })
        .collect()
}

/// A topic's bytes per second of one kind (in, or out).
type Bytes = fn(&crate::flow::TopicFlow) -> f64;

/// The topics past a partition's quotas: the busiest topic in, and the busiest out.
fn partition_quotas(ctx: &Context, l: &super::prices::Limits, counts: &[u32]) -> Vec<String> {
    let per_partition = |bytes: Bytes| {
        ctx.inputs
            .sizing
            .topics
            .iter()
            .zip(counts)
            .map(|(t, &p)| (t, f64::from(p.max(1)), bytes(t) / f64::from(p.max(1))))
            .max_by(|a, b| a.2.total_cmp(&b.2))
    };
    let mut over = Vec::new();
    let checks: [(Option<f64>, &str, Bytes); 2] = [
        (l.partition_ingress_bytes_per_sec, "ingress", bytes_in),
        (l.partition_egress_bytes_per_sec, "egress", bytes_out),
    ];
    for (quota, what, bytes) in checks {
        let (Some(quota), Some((t, p, each))) = (quota, per_partition(bytes)) else {
            continue;
        };
        if each > quota {
            over.push(format!(
                "topic {} moves {} {what} over {p:.0} partitions = {} per partition, over its {} {what} quota per partition",
                t.name,
                units::bytes_rate(bytes(t)),
                units::bytes_rate(each),
                units::bytes_rate(quota)
            ));
        }
    }
    over
}
