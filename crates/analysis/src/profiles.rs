//! The broker profile catalogue: network and recommended partition replicas per broker.
//!
//! Network is the instance's baseline bandwidth (AWS m5 family); the partition figures are the
//! recommended partition replicas per broker from the AWS MSK best-practice table. Disk is not a
//! property of the profile: it is configured per design (`cluster.disk_per_broker_bytes`).

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
