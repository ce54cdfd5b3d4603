//! The broker profile catalogue: network and recommended partition replicas per broker.
//!
//! A profile is resolved through the price table's instance catalogue first ([`resolve`]: the
//! instance's baseline network, for every family the table lists: m5, m6i, r6i); the m5
//! profiles below are the fallback when the table lacks the name. Network is the instance's
//! baseline bandwidth; the partition figures are the recommended partition replicas per broker
//! from the AWS MSK best-practice table, by instance size (vCPUs) for the families it does not
//! list. Disk is not a property of the profile: it is configured per design
//! (`cluster.disk_per_broker_bytes`).

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct BrokerProfile {
    pub name: &'static str,
    pub network_gbps: f64,
    pub recommended_partition_replicas: u32,
}

impl BrokerProfile {
    /// Network bandwidth in bytes per second (SI: 1 Gbps = 10^9 bit/s).
    pub fn network_bytes_per_sec(&self) -> f64 {
        self.network_gbps * 1e9 / 8.0
    }
}

pub const PROFILES: &[BrokerProfile] = &[
    BrokerProfile {
        name: "m5.large",
        network_gbps: 0.75,
        recommended_partition_replicas: 1000,
    },
    BrokerProfile {
        name: "m5.xlarge",
        network_gbps: 1.25,
        recommended_partition_replicas: 1000,
    },
    BrokerProfile {
        name: "m5.2xlarge",
        network_gbps: 2.5,
        recommended_partition_replicas: 2000,
    },
    BrokerProfile {
        name: "m5.4xlarge",
        network_gbps: 5.0,
        recommended_partition_replicas: 4000,
    },
];

/// The profile called `name`.
pub fn profile(name: &str) -> Option<&'static BrokerProfile> {
    PROFILES.iter().find(|p| p.name == name)
}

/// Recommended partition replicas per broker of an instance with `vcpu` vCPUs: the MSK table's
/// figure for the m5 size with as many vCPUs (2 and 4: 1 000, 8: 2 000, 16 and more: 4 000).
pub fn partition_replicas_for_vcpu(vcpu: u32) -> u32 {
    match vcpu {
        0..=4 => 1000,
        5..=8 => 2000,
        _ => 4000,
    }
}

/// The profile called `name`: the price table's instance of that name when it lists one (its
/// network baseline; partition replicas of [`PROFILES`] by name, else by vCPUs), else the
/// catalogue's [`profile`].
pub fn resolve(name: &str) -> Option<BrokerProfile> {
    let listed = crate::cost::table().and_then(|t| t.instance(name));
    match listed {
        Some(i) => Some(BrokerProfile {
            name: i.name.as_str(),
            network_gbps: i.network_gbps,
            recommended_partition_replicas: profile(name).map_or_else(
                || partition_replicas_for_vcpu(i.vcpu),
                |p| p.recommended_partition_replicas,
            ),
        }),
        None => profile(name).copied(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `r6i.2xlarge` was sized as an m5.2xlarge: it has its own network baseline now.
    #[test]
    fn the_tables_instances_resolve_with_their_own_network() {
        let r6i = resolve("r6i.2xlarge").expect("in the table");
        assert_eq!(
            (r6i.network_gbps, r6i.recommended_partition_replicas),
            (3.125, 2000)
        );
        assert_eq!(resolve("m5.2xlarge"), profile("m5.2xlarge").copied());
        assert_eq!(resolve("m6i.large").map(|p| p.network_gbps), Some(0.781));
        assert!(resolve("z9.huge").is_none());
    }
}
