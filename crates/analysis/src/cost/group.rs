//! The groups a bill is read by: every bill line's component falls in one, so the Report
//! tab's `cost-breakdown` chart and the editor's stacked bars stack the same way.

/// A group of bill lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CostGroup {
    /// Brokers, agents or a serverless service's capacity units.
    Compute,
    /// The brokers' own disks (replicated).
    Disks,
    /// One copy stored (object storage, serverless storage) and object requests.
    OneCopy,
    /// Usage-priced data in and out.
    InOut,
    CrossZone,
    InternetEgress,
    /// A licence or anything no other group names.
    Other,
}

impl CostGroup {
    /// In stacking order (bottom first).
    pub const ALL: [CostGroup; 7] = [
        CostGroup::Compute,
        CostGroup::Disks,
        CostGroup::OneCopy,
        CostGroup::InOut,
        CostGroup::CrossZone,
        CostGroup::InternetEgress,
        CostGroup::Other,
    ];

    /// The group of a bill line's `component`; [`CostGroup::Other`] for one no group names.
    pub fn of(component: &str) -> CostGroup {
        match component {
            "brokers" | "agents" | "cluster" | "partitions" => CostGroup::Compute,
            "local_storage" => CostGroup::Disks,
            // Serverless storage is one copy of the retention billed per GB-month, like an
            // object store, not the brokers' replicated disks.
            "object_storage" | "storage" | "object_writes" | "object_reads" => CostGroup::OneCopy,
            "throughput_in" | "throughput_out" => CostGroup::InOut,
            "cross_zone" => CostGroup::CrossZone,
            "internet_egress" => CostGroup::InternetEgress,
            _ => CostGroup::Other,
        }
    }

    /// Its position in [`CostGroup::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// A stable identifier (CSS classes, test ids).
    pub fn slug(self) -> &'static str {
        match self {
            CostGroup::Compute => "compute",
            CostGroup::Disks => "disks",
            CostGroup::OneCopy => "one-copy",
            CostGroup::InOut => "in-out",
            CostGroup::CrossZone => "cross-zone",
            CostGroup::InternetEgress => "egress",
            CostGroup::Other => "other",
        }
    }

    /// How a legend names it.
    pub fn label(self) -> &'static str {
        match self {
            CostGroup::Compute => "brokers, agents, capacity units",
            CostGroup::Disks => "local storage (brokers' disks)",
            CostGroup::OneCopy => "one copy stored, object requests",
            CostGroup::InOut => "data in and out",
            CostGroup::CrossZone => "cross-zone traffic",
            CostGroup::InternetEgress => "internet egress",
            CostGroup::Other => "licence and other",
        }
    }

    /// A short name, inside a segment.
    pub fn short(self) -> &'static str {
        match self {
            CostGroup::Compute => "compute",
            CostGroup::Disks => "disks",
            CostGroup::OneCopy => "1 copy",
            CostGroup::InOut => "in/out",
            CostGroup::CrossZone => "cross-zone",
            CostGroup::InternetEgress => "egress",
            CostGroup::Other => "other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_in_their_own_order_and_unknown_components_are_other() {
        for (i, g) in CostGroup::ALL.iter().enumerate() {
            assert_eq!(g.index(), i);
        }
        assert_eq!(CostGroup::of("storage"), CostGroup::OneCopy);
        assert_eq!(CostGroup::of("local_storage"), CostGroup::Disks);
        assert_eq!(CostGroup::of("licence"), CostGroup::Other);
    }
}
