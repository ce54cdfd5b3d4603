//! Broker utilisation against limits: disk, network in and out and partition replicas per
//! broker as a share of what a broker of the profile takes.

use super::*;
use units::bytes;

pub(super) fn broker_utilisation(root: &Area, design: &Design, analysis: &Analysis) -> Result {
    let s = &analysis.sizing;
    let c = &design.cluster;
    // The limits the sizing works to: network at its target utilisation, disks at their
    // maximum fill, the profile's recommended partition replicas.
    let net = s.profile.network_bytes_per_sec() * c.target_network_utilisation;
    let disk = (c.disk_per_broker_bytes * c.max_disk_fill).max(1.0);
    // What one broker carries, as a share of what it may carry.
    let bars = [
        (
            "network in",
            s.ingress_per_broker_bytes_per_sec / net * 100.0,
            format!(
                "{}/s of {}/s",
                bytes(s.ingress_per_broker_bytes_per_sec),
                bytes(net)
            ),
        ),
        (
            "network out",
            s.egress_per_broker_bytes_per_sec / net * 100.0,
            format!(
                "{}/s of {}/s",
                bytes(s.egress_per_broker_bytes_per_sec),
                bytes(net)
            ),
        ),
        (
            "storage",
            s.storage_per_broker_bytes / disk * 100.0,
            format!("{} of {}", bytes(s.storage_per_broker_bytes), bytes(disk)),
        ),
        (
            "partition replicas",
            s.partition_replicas_per_broker / f64::from(s.profile.recommended_partition_replicas.max(1))
                * 100.0,
            format!(
                "{:.0} of {}",
                s.partition_replicas_per_broker, s.profile.recommended_partition_replicas
            ),
        ),
    ];
    // Headroom above the bars and the limit for the legend.
    let top = bars.iter().fold(150.0f64, |m, b| m.max(b.1 * 1.5));
    let caption = format!(
        "{} · {} brokers ({}) · bound by {}",
        Chart::BrokerUtilisation.title(),
        s.brokers,
        s.profile.name,
        crate::facts::constraint(s.binding_constraint)
    );
    let mut chart = ChartBuilder::on(root)
        .caption(caption, (FONT, 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(0f64..4.0, 0f64..top)
        .map_err(err)?;
    chart
        .configure_mesh()
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 15))
        .disable_x_mesh()
        .x_labels(0)
        .y_label_formatter(&|y| format!("{y:.0} %"))
        .draw()
        .map_err(err)?;
    chart
        .draw_series(
            bars.iter()
                .enumerate()
                .filter(|(_, b)| b.1 > 0.0)
                .map(|(i, (_, pct, _))| {
                    let colour = if *pct > 100.0 { VERMILLION } else { SERIES[i % 3] };
                    Rectangle::new([(i as f64 + 0.2, 0.0), (i as f64 + 0.8, *pct)], colour.filled())
                }),
        )
        .map_err(err)?;
    chart
        .draw_series(bars.iter().enumerate().flat_map(|(i, (name, pct, detail))| {
            [
                Text::new(
                    name.to_string(),
                    (i as f64 + 0.2, -top * 0.04),
                    (FONT, 15).into_font(),
                ),
                // Above the bar: the share, and under it what it is a share of (two lines, so
                // that neighbouring bars' labels never meet).
                Text::new(
                    format!("{pct:.0} %"),
                    (i as f64 + 0.2, pct + top * 0.115),
                    (FONT, 14).into_font(),
                ),
                Text::new(
                    detail.clone(),
                    (i as f64 + 0.2, pct + top * 0.06),
                    (FONT, 13).into_font(),
                ),
            ]
        }))
        .map_err(err)?;
    chart
        .draw_series(DashedLineSeries::new(
            [(0.0, 100.0), (4.0, 100.0)],
            8,
            5,
            INK.stroke_width(2),
        ))
        .map_err(err)?
        .label("per broker, % of the limit: network at the target utilisation, disk at max fill, recommended replicas")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], INK.stroke_width(2)));
    legend(&mut chart, SeriesLabelPosition::UpperLeft)
}
