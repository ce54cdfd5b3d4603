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
//! * [`diskless`]: an object-storage-native Kafka-compatible engine (AutoMQ, WarpStream BYOC,
//!   KIP-1150): stateless agents sized by throughput, no replication, one copy in S3, object
//!   requests, and the latency object storage adds.
//!
//! A month is the table's 730 hours; a GB is the table's 2^30 bytes (as AWS bills). The report
//! exists only for a design with a deployment (`cluster.deployment`): the zones, compression
//! and overrides are the user's to state. Not here: charts, documents, the UI.

use std::collections::HashMap;

use design::{Deployment, Design};
use serde::Serialize;

use crate::flow::{Flows, MAX_RATE};
use crate::sizing::{size_flows, topic_remote_storage_bytes, topic_storage_bytes, Sizing};
use crate::zones::{cross_zone, CrossZone};

pub mod diskless;
pub mod prices;
pub mod provisioned;
pub mod self_managed;
pub mod serverless;

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
}

/// What every target's rules read.
pub struct Inputs<'a> {
    pub design: &'a Design,
    pub deployment: &'a Deployment,
    pub sizing: &'a Sizing,
    /// Distinct keys per topic (compacted topics' storage).
    pub keys: &'a HashMap<&'a str, f64>,
    /// Leader partitions over all topics (declared, or advised).
    pub partitions: u64,
    /// The longest end-to-end path latency, in ms (0 without paths).
    pub max_path_latency_ms: f64,
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
    let mut growth = vec![GrowthPoint {
        factor: 1.0,
        totals: priced
            .targets
            .iter()
            .map(|t| (t.id.clone(), t.monthly_total))
            .collect(),
    }];
    for k in 2..=MAX_GROWTH {
        let grown = size_flows(inputs.design, scaled(inputs.sizing, f64::from(k)), inputs.keys);
        let at = Inputs {
            sizing: &grown,
            ..*inputs
        };
        growth.push(GrowthPoint {
            factor: f64::from(k),
            totals: price_targets(&at, table)
                .targets
                .iter()
                .map(|t| (t.id.clone(), t.monthly_total))
                .collect(),
        });
    }
    let target = dep.target_or_default().to_string();
    let unknown_target = table.target(&target).is_none().then(|| target.clone());
    Some(CostReport {
        target,
        unknown_target,
        targets: priced.targets,
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
    let cross = cross_zone(&inputs.sizing.topics, zones, dep.follower_fetching());
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
            c.monthly_total = finite(c.lines.iter().map(|l| l.monthly).sum());
            c
        })
        .collect();
    Priced { targets, cross }
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
        "growth points scale today's rates; partition counts stay as declared".into(),
    ];
    if !dep.prices.is_empty() {
        out.push(format!(
            "{} unit prices overridden by the design",
            dep.prices.len()
        ));
    }
    out
}

/// A figure as the report carries it: finite and ≥ 0.
pub(crate) fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x.max(0.0)
    } else {
        0.0
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
mod tests;
