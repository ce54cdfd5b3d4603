//! Where a design runs: the deployment target priced by the analysis' cost model, the
//! availability zones, follower fetching, unit price overrides and compression ratios.
//!
//! This module holds the type ([`Deployment`], on [`crate::Cluster::deployment`]) and its
//! validation rules (called from [`crate::rules`]). It does not know the price table, the
//! targets' sizing rules or any price: those are the analysis crate's (`analysis::cost`), so a
//! target id is checked for its form here and an id the table lacks is the analysis' finding.
//!
//! A design without a deployment keeps the figures it always had: the sizing applies
//! compression ratios and rounds brokers to the zones only once the design says where it runs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::rules::{Element, Validator, MAX_ID_CHARS};

/// The availability zones when a deployment does not say.
pub const DEFAULT_ZONES: u32 = 3;
/// The most availability zones a deployment spans (no cloud region has more in use).
pub const MAX_ZONES: u32 = 6;
/// Unit price overrides on one design.
pub const MAX_PRICE_OVERRIDES: usize = 200;
/// The largest unit price an override may set (USD per unit): far past any list price.
pub const MAX_UNIT_PRICE: f64 = 1e9;
/// The target priced when a deployment does not name one.
pub const DEFAULT_TARGET: &str = "self-managed";
/// The `compression.type` values a ratio may be set for.
pub const COMPRESSION_TYPES: &[&str] = &["none", "gzip", "snappy", "lz4", "zstd"];
/// The payload kinds a ratio may be set for, as a key's prefix (`binary.zstd`): `json` for text
/// (JSON, JSON Schema, no schema), `binary` for Avro and Protobuf records.
pub const PAYLOAD_KINDS: &[&str] = &["json", "binary"];

/// Whether `key` names a compression ratio: a `compression.type` (every payload kind), or a
/// payload kind and a `compression.type` (`json.gzip`, `binary.zstd`).
pub fn ratio_key_ok(key: &str) -> bool {
    let codec = match key.split_once('.') {
        Some((kind, codec)) if PAYLOAD_KINDS.contains(&kind) => codec,
        Some(_) => return false,
        None => key,
    };
    COMPRESSION_TYPES.contains(&codec)
}

/// Where the design runs, as the cost model reads it. Every field is optional: an empty
/// `"deployment": {}` means self-managed brokers over three zones, list prices and the default
/// compression ratios.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    /// A target id of the analysis' price table (`self-managed`, `msk-provisioned`,
    /// `msk-serverless`, `diskless`); [`DEFAULT_TARGET`] when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Availability zones the brokers and clients spread over ([`DEFAULT_ZONES`] when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zones: Option<u32>,
    /// Consumers set `client.rack` and fetch from a replica in their own zone (KIP-392).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follower_fetching: Option<bool>,
    /// Share of the reads that leave the cloud over the internet (0 when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internet_egress_share: Option<f64>,
    /// Unit price overrides, by the price table's id (`ec2.m5.2xlarge.hour`), in its unit.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub prices: BTreeMap<String, f64>,
    /// Compressed size / uncompressed size by `compression.type` (`none`, `gzip`, `snappy`,
    /// `lz4`, `zstd`) for every payload, or by payload kind and type (`json.zstd`,
    /// `binary.lz4`), replacing the analysis' stated defaults.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub compression_ratios: BTreeMap<String, f64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Deployment {
    /// The target id in effect.
    pub fn target_or_default(&self) -> &str {
        self.target.as_deref().unwrap_or(DEFAULT_TARGET)
    }

    /// The zone count in effect (at least 1, whatever the document says).
    pub fn zones_or_default(&self) -> u32 {
        self.zones.unwrap_or(DEFAULT_ZONES).clamp(1, MAX_ZONES)
    }

    /// Whether consumers fetch from the closest replica.
    pub fn follower_fetching(&self) -> bool {
        self.follower_fetching == Some(true)
    }

    /// The share of reads leaving over the internet, in `0..=1`.
    pub fn internet_egress_share_or_default(&self) -> f64 {
        match self.internet_egress_share {
            Some(s) if s.is_finite() => s.clamp(0.0, 1.0),
            _ => 0.0,
        }
    }
}

/// Whether `id` has the form of a price or target id: 1–[`MAX_ID_CHARS`] of `A–Z a–z 0–9 - _ .`.
pub fn id_ok(id: &str) -> bool {
    !id.is_empty()
        && id.chars().count() <= MAX_ID_CHARS
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

impl Validator {
    /// The rules of `cluster.deployment`: the target's form, zones in `1..=6`, the egress share
    /// in `0..=1`, at most [`MAX_PRICE_OVERRIDES`] prices, each finite, ≥ 0 and under an id of
    /// the table's form, ratios for known compression types in `(0, 1]`.
    pub(crate) fn deployment(&mut self, d: &Deployment) {
        let el = || Element::Cluster;
        let field = |f: &str| format!("deployment.{f}");
        self.members(&el(), "deployment", &d.extra);
        if let Some(t) = &d.target {
            if !id_ok(t) {
                self.push(
                    el(),
                    Some(&field("target")),
                    "id.format",
                    format!("target ids are 1–{MAX_ID_CHARS} of the characters A–Z a–z 0–9 - _ ."),
                );
            }
        }
        if let Some(z) = d.zones {
            if !(1..=MAX_ZONES).contains(&z) {
                self.push(
                    el(),
                    Some(&field("zones")),
                    "range",
                    format!("{z} is outside 1..={MAX_ZONES}"),
                );
            }
        }
        if let Some(s) = d.internet_egress_share {
            if !(s.is_finite() && (0.0..=1.0).contains(&s)) {
                self.push(
                    el(),
                    Some(&field("internet_egress_share")),
                    "range",
                    format!("{s} is outside the range 0 to 1 (share of reads)"),
                );
            }
        }
        if d.prices.len() > MAX_PRICE_OVERRIDES {
            self.push(
                el(),
                Some(&field("prices")),
                "limit",
                format!(
                    "{} price overrides; at most {MAX_PRICE_OVERRIDES}",
                    d.prices.len()
                ),
            );
        } else {
            for (id, price) in &d.prices {
                if !id_ok(id) {
                    self.push(
                        el(),
                        Some(&field("prices")),
                        "id.format",
                        format!("price ids are 1–{MAX_ID_CHARS} of the characters A–Z a–z 0–9 - _ ."),
                    );
                } else if !(price.is_finite() && (0.0..=MAX_UNIT_PRICE).contains(price)) {
                    self.push(
                        el(),
                        Some(&field(&format!("prices.{id}"))),
                        "range",
                        format!("{price} must be ≥ 0 and ≤ {MAX_UNIT_PRICE} (USD per unit)"),
                    );
                }
            }
        }
        for (kind, ratio) in &d.compression_ratios {
            if !ratio_key_ok(kind) {
                self.push(
                    el(),
                    Some(&field("compression_ratios")),
                    "value",
                    format!(
                        "`{}`: ratios are set for compression.type {}, alone or after a payload kind ({}.zstd)",
                        crate::rules::clip(kind),
                        COMPRESSION_TYPES.join(", "),
                        PAYLOAD_KINDS.join("., ")
                    ),
                );
            } else if !(ratio.is_finite() && *ratio > 0.0 && *ratio <= 1.0) {
                self.push(
                    el(),
                    Some(&field(&format!("compression_ratios.{kind}"))),
                    "range",
                    format!("{ratio} must be > 0 and ≤ 1 (compressed / uncompressed size)"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{validate, Design};

    fn with(deployment: serde_json::Value) -> Design {
        let mut d = Design::new("d");
        d.cluster.deployment = Some(serde_json::from_value(deployment).expect("a deployment"));
        d
    }

    fn fields(d: &Design) -> Vec<String> {
        validate(d).into_iter().filter_map(|p| p.field).collect()
    }

    #[test]
    fn an_empty_deployment_is_valid_and_means_the_defaults() {
        let d = with(serde_json::json!({}));
        assert!(validate(&d).is_empty());
        let dep = d.cluster.deployment.as_ref().expect("set");
        assert_eq!(dep.target_or_default(), "self-managed");
        assert_eq!(dep.zones_or_default(), 3);
        assert!(!dep.follower_fetching());
    }

    #[test]
    fn out_of_range_values_name_their_field() {
        let d = with(serde_json::json!({
            "target": "no such/target", "zones": 7, "internet_egress_share": 1.5,
            "prices": {"ec2.m5.large.hour": -1.0, "": 1.0},
            "compression_ratios": {"lz4": 0.0, "brotli": 0.5}
        }));
        let f = fields(&d);
        for want in [
            "deployment.target",
            "deployment.zones",
            "deployment.internet_egress_share",
            "deployment.prices.ec2.m5.large.hour",
            "deployment.prices",
            "deployment.compression_ratios.lz4",
            "deployment.compression_ratios",
        ] {
            assert!(f.iter().any(|x| x == want), "{want} not in {f:?}");
        }
    }

    #[test]
    fn ratio_keys_are_a_codec_alone_or_after_a_payload_kind() {
        for ok in ["zstd", "none", "json.gzip", "binary.zstd", "binary.none"] {
            assert!(ratio_key_ok(ok), "{ok}");
        }
        for bad in [
            "",
            "brotli",
            "avro.zstd",
            "binary.",
            ".zstd",
            "json.gzip.x",
            "binary.brotli",
        ] {
            assert!(!ratio_key_ok(bad), "{bad}");
        }
        let d = with(serde_json::json!({"compression_ratios": {"binary.lz4": 1.5, "text.lz4": 0.5}}));
        let f = fields(&d);
        assert!(
            f.contains(&"deployment.compression_ratios.binary.lz4".to_owned()),
            "{f:?}"
        );
        assert!(f.contains(&"deployment.compression_ratios".to_owned()), "{f:?}");
    }

    #[test]
    fn too_many_overrides_are_one_problem() {
        let prices: BTreeMap<String, f64> = (0..=MAX_PRICE_OVERRIDES)
            .map(|i| (format!("p{i}"), 1.0))
            .collect();
        let d = with(serde_json::json!({ "prices": prices }));
        let problems = validate(&d);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, "limit");
    }

    #[test]
    fn unknown_members_survive_a_round_trip() {
        let d = with(serde_json::json!({"zones": 2, "future": {"x": 1}}));
        let text = serde_json::to_string(&d).expect("serialises");
        let back: Design = serde_json::from_str(&text).expect("parses");
        assert_eq!(back, d);
        assert!(text.contains("\"future\""));
        // No deployment: nothing written.
        let plain = serde_json::to_string(&Design::new("d")).expect("serialises");
        assert!(!plain.contains("deployment"));
    }
}
