//! The price table: dated, versioned unit prices with the source of each figure, the instance
//! catalogue and the deployment targets, embedded from `crates/analysis/prices/2026-11.json`
//! and parsed once.
//!
//! A design overrides any unit price by its id (`cluster.deployment.prices`); [`Prices`] is
//! the table seen through those overrides. Not here: what a target's lines are (the target's
//! module) or how much of anything a design needs (the sizing).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// The table's text, as committed.
const TABLE_JSON: &str = include_str!("../../prices/2026-11.json");

/// Why the table could not be read (a test keeps the committed one readable).
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error("the price table is not valid JSON of its shape: {0}")]
    Parse(#[from] serde_json::Error),
}

/// The whole table.
#[derive(Clone, Debug, Deserialize)]
pub struct PriceTable {
    /// The date the figures were taken (`2026-11-24`): the table's version.
    pub version: String,
    pub currency: String,
    pub region: String,
    /// Hours in a billed month (730).
    pub month_hours: f64,
    /// Bytes in a billed GB (AWS: 2^30).
    pub gb_bytes: f64,
    pub note: String,
    pub prices: Vec<Price>,
    pub instances: Vec<Instance>,
    pub targets: Vec<Target>,
}

/// One unit price.
#[derive(Clone, Debug, Deserialize)]
pub struct Price {
    /// Stable id (`ec2.m5.2xlarge.hour`): what a design's override names.
    pub id: String,
    pub value: f64,
    pub unit: String,
    /// Where the figure comes from (a URL).
    pub source: String,
    /// When it was taken.
    pub as_of: String,
    pub note: String,
}

/// One instance type of the catalogue.
#[derive(Clone, Debug, Deserialize)]
pub struct Instance {
    pub name: String,
    pub vcpu: u32,
    pub memory_gib: f64,
    /// Baseline network bandwidth.
    pub network_gbps: f64,
    pub price_id: String,
    pub source: String,
    pub as_of: String,
    pub note: String,
}

/// How a target is sized and billed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    SelfManaged,
    ManagedProvisioned,
    Serverless,
    Diskless,
}

/// One deployment target.
#[derive(Clone, Debug, Deserialize)]
pub struct Target {
    pub id: String,
    pub name: String,
    pub kind: TargetKind,
    pub source: String,
    pub as_of: String,
    /// How the target is sized, in words.
    pub note: String,
    /// Managed provisioned: the largest storage of one broker.
    #[serde(default)]
    pub max_storage_per_broker_bytes: Option<f64>,
    /// Managed provisioned: its broker sizes.
    #[serde(default)]
    pub broker_sizes: Vec<BrokerSize>,
    /// Serverless: the capacity of one cluster.
    #[serde(default)]
    pub limits: Option<Limits>,
    /// Diskless: latency object storage adds per hop.
    #[serde(default)]
    pub added_latency_ms: Option<f64>,
    /// Diskless: objects each agent writes per second.
    #[serde(default)]
    pub flushes_per_agent_per_sec: Option<f64>,
}

/// A managed service's broker size.
#[derive(Clone, Debug, Deserialize)]
pub struct BrokerSize {
    pub name: String,
    /// The studio's broker profile it corresponds to.
    pub profile: String,
    pub price_id: String,
    pub max_partition_replicas: u32,
}

/// A serverless cluster's quotas.
#[derive(Clone, Copy, Debug, Deserialize)]
pub struct Limits {
    /// The cluster's quotas (MSK Serverless: 200 MiB/s in, 400 MiB/s out, in bytes).
    pub ingress_bytes_per_sec: f64,
    pub egress_bytes_per_sec: f64,
    pub partitions: u64,
    /// One partition's quotas (MSK Serverless: 5 MiB/s in, 10 MiB/s out over all its
    /// consumers), when the service has them.
    #[serde(default)]
    pub partition_ingress_bytes_per_sec: Option<f64>,
    #[serde(default)]
    pub partition_egress_bytes_per_sec: Option<f64>,
}

/// Parses a table.
pub fn parse(text: &str) -> Result<PriceTable, TableError> {
    Ok(serde_json::from_str(text)?)
}

/// The committed table, parsed once; `None` only if the committed file were broken (a test
/// keeps it readable).
pub fn table() -> Option<&'static PriceTable> {
    static TABLE: OnceLock<Option<PriceTable>> = OnceLock::new();
    TABLE.get_or_init(|| parse(TABLE_JSON).ok()).as_ref()
}

impl PriceTable {
    pub fn price(&self, id: &str) -> Option<&Price> {
        self.prices.iter().find(|p| p.id == id)
    }
    pub fn instance(&self, name: &str) -> Option<&Instance> {
        self.instances.iter().find(|i| i.name == name)
    }
    pub fn target(&self, id: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.id == id)
    }
}

/// The table seen through a design's overrides.
#[derive(Clone, Copy, Debug)]
pub struct Prices<'a> {
    pub table: &'a PriceTable,
    pub overrides: &'a BTreeMap<String, f64>,
}

impl Prices<'_> {
    /// The unit price of `id` and whether the design overrides it. An override outside
    /// `0 ..= MAX_UNIT_PRICE` (NaN, negative, infinite or past the ceiling: what the validator
    /// refuses) is ignored, not clamped: the table's price stands, as if the override were
    /// not there (the live editor analyses designs the validator refuses). An id the table
    /// lacks costs 0.
    pub fn get(&self, id: &str) -> (f64, bool) {
        match self.overrides.get(id) {
            Some(v) if override_ok(*v) => (*v, true),
            _ => (self.table.price(id).map_or(0.0, |p| p.value), false),
        }
    }
}

/// Whether an override is one the validator accepts: finite, ≥ 0 and at most
/// [`design::deployment::MAX_UNIT_PRICE`].
pub fn override_ok(v: f64) -> bool {
    v.is_finite() && (0.0..=design::deployment::MAX_UNIT_PRICE).contains(&v)
}
