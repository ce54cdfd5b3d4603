//! Projected consumer lag over the next hour for each group that falls behind.

use super::*;

pub(super) fn consumer_lag(root: &Area, analysis: &Analysis) -> Result {
    let groups: Vec<_> = analysis.consumer_groups.iter().take(7).collect();
    if groups.is_empty() {
        return empty(
            root,
            Chart::ConsumerLag.title(),
            "No consumer group or sink connector reads a topic.",
        );
    }
    let lag_at = |g: &analysis::analyze::GroupReport, minute: f64| {
        g.load.lag_growth_messages_per_sec.max(0.0) * minute * 60.0
    };
    let top = groups.iter().map(|g| lag_at(g, 60.0)).fold(1.0f64, f64::max) * 1.15;
    let mut chart = ChartBuilder::on(root)
        .caption(format!("{}, in records", Chart::ConsumerLag.title()), (FONT, 20))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(80)
        .build_cartesian_2d(0f64..60.0, 0f64..top)
        .map_err(err)?;
    chart
        .configure_mesh()
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 15))
        .x_desc("minutes from now")
        .y_label_formatter(&|y| compact(*y))
        .draw()
        .map_err(err)?;
    for (i, g) in groups.iter().enumerate() {
        let colour = SERIES[i % SERIES.len()];
        let now: Vec<_> = (0..=60)
            .map(|m| (f64::from(m), lag_at(g, f64::from(m))))
            .collect();
        let label = format!(
            "{}: {} instances, +{}/s",
            one_line(&g.name),
            g.instances,
            compact(g.load.lag_growth_messages_per_sec.max(0.0))
        );
        chart
            .draw_series(LineSeries::new(now, colour.stroke_width(3)))
            .map_err(err)?
            .label(label)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], colour.stroke_width(3)));
        let lagging = g.load.lag_growth_messages_per_sec > 0.0;
        if lagging
            && (g.load.recommended_instances != g.instances || g.load.recommended_partitions != g.partitions)
        {
            // With the recommendation the group keeps up: its lag stays flat at zero.
            chart
                .draw_series(DashedLineSeries::new(
                    [(0.0, 0.0), (60.0, 0.0)],
                    8,
                    5,
                    colour.stroke_width(2),
                ))
                .map_err(err)?
                .label(format!(
                    "{} with {} instances / {} partitions: no lag",
                    one_line(&g.name),
                    g.load.recommended_instances,
                    g.load.recommended_partitions
                ))
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 8, y)], colour.stroke_width(2)));
        }
    }
    legend(&mut chart, SeriesLabelPosition::UpperLeft)
}

/// An axis tick, short: `1 234 567` → `1.2 M`.
fn compact(v: f64) -> String {
    match v.abs() {
        a if a >= 1e9 => format!("{:.1} G", v / 1e9),
        a if a >= 1e6 => format!("{:.1} M", v / 1e6),
        a if a >= 1e3 => format!("{:.1} k", v / 1e3),
        _ => format!("{v:.0}"),
    }
}
