//! End-to-end latency per path: each path's stages stacked.

use super::*;

pub(super) fn latency(root: &Area, analysis: &Analysis) -> Result {
    let paths: Vec<_> = analysis.paths.iter().take(20).collect();
    if paths.is_empty() {
        return empty(root, Chart::Latency.title(), "No path from a source to a sink.");
    }
    let mut components: Vec<&str> = Vec::new();
    for hop in paths.iter().flat_map(|p| &p.hops) {
        if !components.contains(&hop.component.as_str()) {
            components.push(&hop.component);
        }
    }
    let top = paths.iter().map(|p| p.latency_ms).fold(1.0f64, f64::max) * 1.3;
    let rows = paths.len() as f64;
    let mut chart = ChartBuilder::on(root)
        .caption(Chart::Latency.title(), (FONT, 20))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(10)
        .build_cartesian_2d(0f64..top, 0f64..rows)
        .map_err(err)?;
    chart
        .configure_mesh()
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 15))
        .disable_y_mesh()
        .y_labels(0)
        .x_desc("milliseconds (stacked per hop)")
        .draw()
        .map_err(err)?;
    for (c, component) in components.iter().enumerate() {
        let colour = SERIES[c % SERIES.len()];
        let mut bars = Vec::new();
        for (row, path) in paths.iter().enumerate() {
            let y = rows - row as f64 - 1.0;
            let mut x = 0.0;
            for hop in &path.hops {
                if hop.component == *component && hop.ms > 0.0 {
                    bars.push(Rectangle::new(
                        [(x, y + 0.45), (x + hop.ms, y + 0.9)],
                        colour.filled(),
                    ));
                }
                x += hop.ms;
            }
        }
        chart
            .draw_series(bars)
            .map_err(err)?
            .label(component.to_string())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 18, y + 5)], colour.filled()));
    }
    chart
        .draw_series(paths.iter().enumerate().map(|(row, p)| {
            let y = rows - row as f64 - 1.0;
            let over = if p.over_budget { " · over budget" } else { "" };
            Text::new(
                format!("{} · {:.1} ms{over}", p.nodes.join(" → "), p.latency_ms),
                (0.0, y + 0.4),
                (FONT, 14).into_font(),
            )
        }))
        .map_err(err)?;
    legend(&mut chart, SeriesLabelPosition::LowerRight)
}
