//! Designs for tests: pipelines of real shape and real name lengths, as many topics as asked
//! (the PDF's layout tests, the topology's pages).

use design::{Design, Edge, KeyDistribution, KeySpec, Node, NodeKind, TopicRole};

/// The domains of the generated designs: prefixes as long as real ones.
const DOMAINS: &[(&str, &[&str])] = &[
    (
        "retail.fulfilment-centre-07",
        &[
            "inventory-reservation",
            "pick-list",
            "parcel-label",
            "stock-adjustment",
        ],
    ),
    (
        "ecommerce.orders",
        &["order", "checkout-session", "basket", "order-line"],
    ),
    (
        "payments.card-authorisation",
        &["authorisation", "chargeback", "settlement-batch"],
    ),
    (
        "logistics.shipment-tracking",
        &["shipment", "carrier-scan", "delivery-attempt"],
    ),
    (
        "customer.identity-profile",
        &["profile", "consent", "address-book-entry"],
    ),
];
const EVENTS: &[&str] = &["created", "confirmed", "cancelled", "updated"];

/// `topics` topics in pipelines of real shape and real name lengths: a producer or a CDC
/// connector writes each main topic; a consumer group reads it, with a dead-letter and a retry
/// topic every third pipeline; a Kafka Streams processor enriches every fourth into another
/// topic; a sink connector archives some.
pub(crate) fn pipelines(topics: usize) -> Design {
    let mut d = Design::new(format!("generated {topics} topics"));
    let mut count = 0;
    let mut i = 0;
    let topic = |d: &mut Design, id: String, name: String, role: Option<TopicRole>, i: usize| {
        let mut t = Node::new(id, NodeKind::Topic, name);
        t.role = role;
        t.partitions = Some([6, 12, 24, 48][i % 4]);
        t.config.insert("replication.factor".into(), 3.into());
        t.config.insert("min.insync.replicas".into(), 2.into());
        t.config.insert(
            "retention.ms".into(),
            [604_800_000u64, 86_400_000, 2_592_000_000][i % 3].into(),
        );
        if i % 5 == 4 {
            t.config.insert("cleanup.policy".into(), "compact".into());
        }
        t.config.insert(
            "compression.type".into(),
            ["zstd", "lz4", "producer"][i % 3].into(),
        );
        d.nodes.push(t);
    };
    while count < topics {
        let (domain, entities) = DOMAINS[i % DOMAINS.len()];
        let entity = entities[(i / DOMAINS.len()) % entities.len()];
        let event = EVENTS[(i / DOMAINS.len() / entities.len()) % EVENTS.len()];
        let name = format!("{domain}.{entity}.{event}.v{}", 2 + i / 60);
        let main = format!("t{i}");
        topic(&mut d, main.clone(), name.clone(), None, i);
        count += 1;

        let mut w = Node::new(
            format!("w{i}"),
            if i % 3 == 1 {
                NodeKind::SourceConnector
            } else {
                NodeKind::Producer
            },
            format!(
                "{entity}-{event}-{}-{i}",
                if i % 3 == 1 { "debezium-cdc" } else { "service" }
            ),
        );
        w.messages_per_sec = Some(500.0 + (i * 37 % 4000) as f64);
        w.avg_message_bytes = Some(300.0 + (i * 53 % 1500) as f64);
        w.key = Some(KeySpec {
            field: Some(format!("{}_id", entity.replace('-', "_"))),
            distribution: KeyDistribution::Zipf {
                cardinality: 50_000,
                exponent: 1.05,
            },
            extra: Default::default(),
        });
        w.config.insert("acks".into(), "all".into());
        w.config.insert("enable.idempotence".into(), true.into());
        w.config.insert("linger.ms".into(), 20.into());
        d.nodes.push(w);
        d.edges.push(Edge::new(format!("w{i}"), main.clone()));

        // A reader with a dead-letter and a retry topic is a Kafka Streams application (it
        // writes the retries); the others are consumer groups.
        let retries = i % 3 == 0 && count + 2 <= topics;
        let mut g = Node::new(
            format!("g{i}"),
            if retries {
                NodeKind::StreamProcessor
            } else {
                NodeKind::ConsumerGroup
            },
            format!("{domain}.{entity}-{event}-projector"),
        );
        g.instances = Some(4);
        g.processing_ms_per_record = Some(0.8);
        if retries {
            topic(
                &mut d,
                format!("dlq{i}"),
                format!("{name}.dlq"),
                Some(TopicRole::Dlq),
                i,
            );
            topic(
                &mut d,
                format!("retry{i}"),
                format!("{name}.retry-5m"),
                Some(TopicRole::Retry),
                i,
            );
            count += 2;
            g.dead_letter_topic = Some(format!("dlq{i}"));
            d.edges.push(Edge::new(format!("g{i}"), format!("retry{i}")));
        }
        d.nodes.push(g);
        d.edges.push(Edge::new(main.clone(), format!("g{i}")));

        if i % 4 == 2 && count < topics {
            let mut s = Node::new(
                format!("s{i}"),
                NodeKind::StreamProcessor,
                format!("{entity}-{event}-enricher"),
            );
            s.processing_ms_per_record = Some(0.4);
            s.instances = Some(3);
            d.nodes.push(s);
            topic(&mut d, format!("e{i}"), format!("{name}.enriched"), None, i + 1);
            count += 1;
            d.edges.push(Edge::new(main.clone(), format!("s{i}")));
            d.edges.push(Edge::new(format!("s{i}"), format!("e{i}")));
        }
        if i % 7 == 5 {
            let mut k = Node::new(
                format!("k{i}"),
                NodeKind::SinkConnector,
                format!("{entity}-s3-archive-sink"),
            );
            k.instances = Some(2);
            d.nodes.push(k);
            d.edges.push(Edge::new(main, format!("k{i}")));
        }
        i += 1;
    }
    d
}

/// `d` with a load profile of two windows (Black Friday: × 4 for two hours with half-hour
/// ramps; a campaign: × 2.5 for an hour), so that its readers lag in the peak section.
pub(crate) fn with_peaks(mut d: Design) -> Design {
    d.load_profile = Some(design::LoadProfile {
        peaks: vec![
            design::PeakWindow {
                ramp_minutes: 30,
                ..design::PeakWindow::new("Black Friday", 4.0, 120)
            },
            design::PeakWindow::new("spring campaign", 2.5, 60),
        ],
        ..Default::default()
    });
    d
}

/// `d` run on a deployment: MSK provisioned over three zones, a tenth of the reads leaving
/// over the internet, the cross-zone price overridden, and its first topic tiered (one day on
/// the brokers).
pub(crate) fn with_deployment(mut d: Design) -> Design {
    let mut deployment = design::Deployment {
        target: Some("msk-provisioned".into()),
        zones: Some(3),
        internet_egress_share: Some(0.1),
        ..Default::default()
    };
    deployment.prices.insert("transfer.inter_az.gb".into(), 0.02);
    d.cluster.deployment = Some(deployment);
    if let Some(t) = d.nodes.iter_mut().find(|n| n.kind == NodeKind::Topic) {
        t.config.insert("remote.storage.enable".into(), true.into());
        t.config.insert("local.retention.ms".into(), 86_400_000u64.into());
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_designs_are_valid_and_have_the_topics_asked_for() {
        for n in [10, 60, 200] {
            let d = pipelines(n);
            assert_eq!(d.nodes.iter().filter(|n| n.kind == NodeKind::Topic).count(), n);
            assert!(
                design::validate(&d).is_empty(),
                "{:?}",
                design::validate(&d).first()
            );
        }
        let d = with_deployment(pipelines(10));
        assert!(
            design::validate(&d).is_empty(),
            "{:?}",
            design::validate(&d).first()
        );
        assert!(analysis::analyze(&d).cost.is_some());
    }
}
