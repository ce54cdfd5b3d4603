//! Storage over the retention window: stored bytes (replicas included) day by day at today's
//! rates and with the growth factor, against the cluster's usable disk.

use super::*;

pub(super) fn storage_growth(root: &Area, design: &Design, analysis: &Analysis) -> Result {
    let flows = &analysis.sizing.topics;
    let growth = design.cluster.growth_factor.max(1.0);
    let retention_days = |ms: i64| {
        if ms < 0 {
            None
        } else {
            Some(ms as f64 / 86_400_000.0)
        }
    };
    let horizon = flows
        .iter()
        .filter_map(|f| retention_days(f.retention_ms))
        .fold(7.0f64, f64::max)
        .min(365.0)
        * 1.25;
    // Stored bytes (replicas included) after `day` days at today's rates (× growth in the second line).
    let stored = |day: f64, factor: f64| -> f64 {
        flows
            .iter()
            .map(|f| {
                let kept = retention_days(f.retention_ms).map_or(day, |r| day.min(r));
                f.write_bytes_per_sec / growth * factor * f64::from(f.replication_factor) * kept * 86_400.0
            })
            .sum::<f64>()
            * (1.0 + design.cluster.storage_overhead)
    };
    let capacity = f64::from(analysis.sizing.brokers)
        * design.cluster.disk_per_broker_bytes
        * design.cluster.max_disk_fill;
    let steps = 120;
    let points = |factor: f64| -> Vec<(f64, f64)> {
        (0..=steps)
            .map(|i| {
                let d = horizon * i as f64 / steps as f64;
                (d, stored(d, factor) / 1e12)
            })
            .collect()
    };
    let (today, grown) = (points(1.0), points(growth));
    let top = grown.iter().map(|p| p.1).fold(capacity / 1e12, f64::max) * 1.15;
    let mut chart = ChartBuilder::on(root)
        .caption(
            "Storage over the retention window, replicas and overhead included",
            (FONT, 20),
        )
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(86)
        .build_cartesian_2d(0f64..horizon, 0f64..top.max(0.001))
        .map_err(err)?;
    chart
        .configure_mesh()
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 15))
        .x_desc("days since the topics were created")
        .y_label_formatter(&|y| format!("{y:.1} TB"))
        .draw()
        .map_err(err)?;
    chart
        .draw_series(LineSeries::new(today, BLUE.stroke_width(3)))
        .map_err(err)?
        .label("at today's rates")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], BLUE.stroke_width(3)));
    chart
        .draw_series(DashedLineSeries::new(grown, 10, 6, ORANGE.stroke_width(3)))
        .map_err(err)?
        .label(format!("with the growth factor ×{growth}"))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], ORANGE.stroke_width(3)));
    chart
        .draw_series(LineSeries::new(
            [(0.0, capacity / 1e12), (horizon, capacity / 1e12)],
            VERMILLION.stroke_width(2),
        ))
        .map_err(err)?
        .label(format!("usable disk of {} brokers", analysis.sizing.brokers))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], VERMILLION.stroke_width(2)));
    legend(&mut chart, SeriesLabelPosition::LowerRight)
}
