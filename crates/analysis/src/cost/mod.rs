//! What the design costs a month on each deployment target, line by line, every line with its
//! formula and the unit price it used; the cheapest target that fits; the cost at growth × 1
//! to × 5.
//!
//! Targets are the price table's ([`prices`], `crates/analysis/prices/2026-11.json`), one
//! module per kind, each sized by its own rules:
//!
//! * [`self_managed`]: Apache Kafka on EC2: the sizing's brokers, gp3 volumes, S3 for tiered
//!   segments, every cross-zone byte billed;
//! * [`provisioned`]: Amazon MSK provisioned: broker-hours and storage per GB-month, at most
//!   16 TiB per broker, partition limits per broker size, replication not billed;
//! * [`serverless`]: Amazon MSK Serverless: per GB in, out and stored, partition-hours and
//!   cluster-hours, within one cluster's quotas;
//! * [`diskless`]: WarpStream BYOC, an object-storage-native Kafka-compatible engine:
//!   stateless agents sized by network alone (no storage or partition term), no replication,
//!   one copy in S3, object requests, a licence per uncompressed GB written, and the latency
//!   object storage adds per topic hop (a caveat, not a limit).
//!
//! A month is the table's 730 hours; a GB is the table's 2^30 bytes (as AWS bills). The report
//! exists only for a design with a deployment (`cluster.deployment`): the zones, compression
//! and overrides are the user's to state. Not here: charts, documents, the UI.

use std::collections::HashMap;

use design::{Deployment, Design};
use serde::Serialize;

use crate::flow::{Flows, MAX_RATE};
use crate::sizing::{size_flows_on, topic_remote_storage_bytes, topic_storage_bytes, Sizing};
use crate::zones::{cross_zone, CrossZone};

pub mod diskless;
mod fit;
pub mod group;
pub mod prices;
pub mod provisioned;
pub mod self_managed;
pub mod serverless;

pub(crate) use fit::{broker_shortfall, zone_multiple};
pub use group::CostGroup;
pub use prices::{table, PriceTable, Prices, TargetKind};

/// Growth points: × 1 to × this.
pub const MAX_GROWTH: u32 = 5;

/// The cost section of the analysis.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostReport {
    /// The target the design names (`self-managed` when unset).
    pub target: String,
    /// The design's target when the table has no such id (every target is still priced).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown_target: Option<String>,
    pub targets: Vec<TargetCost>,
    /// Ids the design overrides (`cluster.deployment.prices`) that the price table does not
    /// list: no bill uses them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown_prices: Vec<String>,
    /// The id of the target with the lowest monthly total among those that fit.
    pub cheapest: Option<String>,
    /// Every target's total at growth × 1 to × [`MAX_GROWTH`] of today's rates.
    pub growth: Vec<GrowthPoint>,
    /// The price table's version (its date).
    pub prices_version: String,
    pub currency: String,
    pub region: String,
    /// The traffic between zones the lines price.
    pub cross_zone: CrossZone,
    /// What the figures assume, in words.
    pub assumptions: Vec<String>,
}

/// One target's month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TargetCost {
    pub id: String,
    pub name: String,
    pub kind: TargetKind,
    /// Whether the target carries the design within its limits.
    pub fits: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why_not: Option<String>,
    /// What to weigh although the target fits (e.g. the latency object storage adds, past the
    /// domain notes' 100 ms target: a warn-level lint, not a limit the design states).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub caveats: Vec<String>,
    /// What is bought, e.g. `6 × kafka.m5.2xlarge brokers`.
    pub units: String,
    pub lines: Vec<CostLine>,
    pub monthly_total: f64,
}

/// One line of a bill: `quantity × unit_price = monthly`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostLine {
    /// `brokers`, `local_storage`, `object_storage`, `cross_zone`, `internet_egress`, …
    pub component: &'static str,
    pub quantity: f64,
    pub unit: String,
    pub unit_price: f64,
    pub price_id: String,
    /// Whether the design overrides the table's price.
    pub overridden: bool,
    pub monthly: f64,
    pub formula: String,
}

/// Every target's total at one growth factor.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GrowthPoint {
    /// × today's rates (the design's own growth factor included).
    pub factor: f64,
    /// (target id, monthly total), in the targets' order.
    pub totals: Vec<(String, f64)>,
    /// Whether each target carries the design at this growth, aligned with `totals`.
    pub fits: Vec<bool>,
}

impl GrowthPoint {
    fn of(factor: f64, targets: &[TargetCost]) -> GrowthPoint {
        GrowthPoint {
            factor,
            totals: targets.iter().map(|t| (t.id.clone(), t.monthly_total)).collect(),
            fits: targets.iter().map(|t| t.fits).collect(),
        }
    }
}

/// What every target's rules read.
pub struct Inputs<'a> {
    pub design: &'a Design,
    pub deployment: &'a Deployment,
    pub sizing: &'a Sizing,
    /// Distinct keys per topic (compacted topics' storage).
    pub keys: &'a HashMap<&'a str, f64>,
    /// Every topic's partition count (declared, or advised when undeclared), in the order of
    /// the sizing's topics.
    pub topic_partitions: &'a [u32],
    /// The end-to-end paths with their latency (the latency analysis').
    pub paths: &'a [crate::latency::PathLatency],
}

impl Inputs<'_> {
    /// Leader partitions over all topics (declared, or advised).
    pub fn partitions(&self) -> u64 {
        self.topic_partitions.iter().map(|&p| u64::from(p)).sum()
    }

    /// Partition replicas over all topics: each topic's count (declared, or advised) × its RF.
    pub fn partition_replicas(&self) -> u64 {
        self.sizing
            .topics
            .iter()
            .zip(self.topic_partitions)
            .map(|(t, &p)| u64::from(p) * u64::from(t.replication_factor))
            .sum()
    }
}

/// What a target's module gets: the inputs, the prices, the zones and the crossing bytes.
pub struct Context<'a> {
    pub inputs: &'a Inputs<'a>,
    pub prices: Prices<'a>,
    pub table: &'a PriceTable,
    pub zones: u32,
    pub cross: &'a CrossZone,
}

impl Context<'_> {
    /// A line: `quantity` of `unit` at the price `price_id`.
    pub fn line(
        &self,
        component: &'static str,
        quantity: f64,
        unit: &str,
        price_id: &str,
        formula: String,
    ) -> CostLine {
        let (unit_price, overridden) = self.prices.get(price_id);
        let quantity = finite(quantity);
        CostLine {
            component,
            quantity,
            unit: unit.to_string(),
            unit_price,
            price_id: price_id.to_string(),
            overridden,
            monthly: finite(quantity * unit_price),
            formula,
        }
    }

    /// The hourly price id of the EC2 instance `name`: the table's instance catalogue's, else
    /// `ec2.<name>.hour`.
    pub fn instance_price_id(&self, name: &str) -> String {
        self.table
            .instance(name)
            .map_or_else(|| format!("ec2.{name}.hour"), |i| i.price_id.clone())
    }

    /// Seconds in a billed month.
    pub fn month_seconds(&self) -> f64 {
        self.table.month_hours * 3600.0
    }

    /// Bytes per second sustained over a month, in billed GB.
    pub fn gb_month(&self, bytes_per_sec: f64) -> f64 {
        bytes_per_sec * self.month_seconds() / self.table.gb_bytes
    }

    /// Bytes held, in billed GB.
    pub fn gb(&self, bytes: f64) -> f64 {
        bytes / self.table.gb_bytes
    }

    /// A broker target's storage lines: its disks (`disk_price`, `disk` naming them in the
    /// formula: the retained bytes with overhead over the fill ratio) and, when topics tier,
    /// object storage (`object_price`: one copy of their whole retention).
    pub fn broker_storage(&self, disk: &str, disk_price: &str, object_price: &str) -> Vec<CostLine> {
        let s = self.inputs.sizing;
        let fill = self.inputs.design.cluster.max_disk_fill.clamp(0.05, 1.0);
        let gb = self.gb(s.storage_bytes_with_overhead / fill);
        let mut lines = vec![self.line(
            "local_storage",
            gb,
            "GB-month",
            disk_price,
            format!(
                "{disk}{} on the brokers (overhead included) / {fill:.2} fill = {gb:.0} GB",
                units::bytes(s.storage_bytes_with_overhead)
            ),
        )];
        if s.remote_storage_bytes > 0.0 {
            let gb = self.gb(s.remote_storage_bytes);
            lines.push(self.line(
                "object_storage",
                gb,
                "GB-month",
                object_price,
                format!(
                    "tiered segments, one copy of the whole retention: {} = {gb:.0} GB",
                    units::bytes(s.remote_storage_bytes)
                ),
            ));
        }
        lines
    }

    /// The internet egress line, when some reads leave the cloud.
    pub fn internet_egress(&self) -> Option<CostLine> {
        let share = self.inputs.deployment.internet_egress_share_or_default();
        (share > 0.0).then(|| {
            let gb = self.gb_month(self.inputs.sizing.read_bytes_per_sec * share);
            self.line(
                "internet_egress",
                gb,
                "GB",
                "transfer.internet_out.gb",
                format!(
                    "reads {} × {share:.2} leaving over the internet × 730 h = {gb:.0} GB",
                    units::bytes_rate(self.inputs.sizing.read_bytes_per_sec)
                ),
            )
        })
    }

    /// Bytes every topic retains as one copy (serverless and diskless storage): a tiered
    /// topic's whole retention, others their broker storage / RF.
    pub fn one_copy_storage_bytes(&self) -> f64 {
        let s = self.inputs.sizing;
        s.topics
            .iter()
            .map(|t| {
                if t.tiered {
                    topic_remote_storage_bytes(t)
                } else {
                    topic_storage_bytes(t, self.inputs.keys.get(t.id.as_str()).copied())
                        / f64::from(t.replication_factor.max(1))
                }
            })
            .sum()
    }
}

/// The cost report of a design with a deployment; `None` without one (or if the committed
/// price table were unreadable, which a test rules out).
pub fn report(inputs: &Inputs) -> Option<CostReport> {
    let table = table()?;
    let dep = inputs.deployment;
    let priced = price_targets(inputs, table);
    let cheapest = priced
        .targets
        .iter()
        .filter(|t| t.fits)
        .min_by(|a, b| a.monthly_total.total_cmp(&b.monthly_total))
        .map(|t| t.id.clone());
    let mut growth = vec![GrowthPoint::of(1.0, &priced.targets)];
    for k in 2..=MAX_GROWTH {
        let grown = size_grown(inputs, scaled(inputs.sizing, f64::from(k)));
        let at = Inputs {
            sizing: &grown,
            ..*inputs
        };
        growth.push(GrowthPoint::of(f64::from(k), &price_targets(&at, table).targets));
    }
    let target = dep.target_or_default().to_string();
    let unknown_target = table.target(&target).is_none().then(|| target.clone());
    let unknown_prices = dep
        .prices
        .keys()
        .filter(|id| table.price(id).is_none())
        .cloned()
        .collect();
    Some(CostReport {
        target,
        unknown_target,
        targets: priced.targets,
        unknown_prices,
        cheapest,
        growth,
        prices_version: table.version.clone(),
        currency: table.currency.clone(),
        region: table.region.clone(),
        cross_zone: priced.cross,
        assumptions: assumptions(inputs, table),
    })
}

struct Priced {
    targets: Vec<TargetCost>,
    cross: CrossZone,
}

fn price_targets(inputs: &Inputs, table: &PriceTable) -> Priced {
    let dep = inputs.deployment;
    let zones = dep.zones_or_default();
    let cross = cross_zone(
        &inputs.sizing.topics,
        zones,
        dep.follower_fetching(),
        dep.internet_egress_share_or_default(),
    );
    let ctx = Context {
        inputs,
        prices: Prices {
            table,
            overrides: &dep.prices,
        },
        table,
        zones,
        cross: &cross,
    };
    let targets = table
        .targets
        .iter()
        .map(|t| {
            let mut c = match t.kind {
                TargetKind::SelfManaged => self_managed::cost(&ctx, t),
                TargetKind::ManagedProvisioned => provisioned::cost(&ctx, t),
                TargetKind::Serverless => serverless::cost(&ctx, t),
                TargetKind::Diskless => diskless::cost(&ctx, t),
            };
            settle(&mut c);
            c
        })
        .collect();
    Priced { targets, cross }
}

/// The sizing of grown flows. A fixed `cluster.brokers` does not hold a growth point flat: the
/// cluster is sized on the terms (storage, network, partitions), never below the fixed count.
fn size_grown(inputs: &Inputs, flows: Flows) -> Sizing {
    let c = &inputs.design.cluster;
    let Some(fixed) = c.brokers else {
        return size_flows_on(c, flows, inputs.keys);
    };
    let free = design::Cluster {
        brokers: None,
        ..c.clone()
    };
    let s = size_flows_on(&free, flows.clone(), inputs.keys);
    // The fixed count carries the point while the terms need no more than it (the free
    // sizing's count is rounded to the zones, which a fixed count is not).
    if s.needed().map_or(0, |t| t.brokers) > fixed {
        s
    } else {
        size_flows_on(c, flows, inputs.keys)
    }
}

/// The sizing's flows at `k` × their rates (held at [`MAX_RATE`]).
fn scaled(sizing: &Sizing, k: f64) -> Flows {
    let topics = sizing
        .topics
        .iter()
        .map(|t| {
            let mut t = t.clone();
            t.messages_per_sec = (t.messages_per_sec * k).min(MAX_RATE);
            t.write_bytes_per_sec = (t.write_bytes_per_sec * k).min(MAX_RATE);
            t
        })
        .collect();
    Flows {
        topics,
        cyclic_nodes: sizing.cyclic_nodes.clone(),
        saturated: sizing.saturated_writers.clone(),
    }
}

fn assumptions(inputs: &Inputs, table: &PriceTable) -> Vec<String> {
    let dep = inputs.deployment;
    let mut out = vec![
        format!(
            "prices of {} ({}, {}), list prices on demand; a month is {} h, a GB {} bytes",
            table.version, table.region, table.currency, table.month_hours, table.gb_bytes
        ),
        format!(
            "{} zones, rack-aware replica placement, clients and leaders spread evenly; follower fetching (KIP-392) {}",
            dep.zones_or_default(),
            if dep.follower_fetching() { "on" } else { "off" }
        ),
        format!(
            "compression ratios (compressed / uncompressed) by payload, binary when a topic's value subject is Avro or Protobuf: {}",
            crate::compression::Payload::ALL
                .iter()
                .map(|&p| {
                    let codecs = crate::compression::COMPRESSION_CODECS
                        .iter()
                        .map(|k| format!("{k} {:.2}", crate::compression::ratio(dep, p, k)))
                        .collect::<Vec<_>>()
                        .join(", ");
                    format!("{} {codecs}", p.label())
                })
                .collect::<Vec<_>>()
                .join("; ")
        ),
        "growth points scale today's rates; partition counts stay as declared (or advised); a fixed cluster.brokers grows at × 2 and up to what the sizing's terms need".into(),
    ];
    if !dep.prices.is_empty() {
        out.push(format!(
            "{} unit prices overridden by the design",
            dep.prices.len()
        ));
    }
    out
}

/// A figure as the report carries it: finite and ≥ 0. Past the largest `f64` (+∞) it
/// saturates at `f64::MAX`, never 0, so that an overflow never makes a bill cheap; NaN and
/// −∞ are 0.
pub(crate) fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x.max(0.0)
    } else if x == f64::INFINITY {
        f64::MAX
    } else {
        0.0
    }
}

/// Sums a target's lines into its total; a total that overflows (a line or the sum past the
/// largest `f64`) is held at `f64::MAX` and the target does not fit, so that it is never the
/// cheapest.
fn settle(c: &mut TargetCost) {
    let sum: f64 = c.lines.iter().map(|l| l.monthly).sum();
    c.monthly_total = finite(sum);
    if !sum.is_finite() || c.monthly_total >= f64::MAX {
        c.fits = false;
        let why = "its monthly total overflows (past the largest figure the studio carries)";
        c.why_not = Some(match c.why_not.take() {
            Some(w) => format!("{w}; {why}"),
            None => why.into(),
        });
    }
}

/// `n` rounded up to a multiple of `m`.
pub(crate) fn round_up(n: u32, m: u32) -> u32 {
    if m == 0 {
        n
    } else {
        n.div_ceil(m).saturating_mul(m)
    }
}

#[cfg(test)]
mod fit_tests;
#[cfg(test)]
mod tests;
