//! Monthly cost per deployment target at growth × 1 to × 5 of today's rates: a line per
//! target, each point marked (a filled dot where the target fits at that growth, a cross where
//! it does not); the design's target drawn heavier, a target that does not fit today dashed
//! and said so in the legend.

use super::*;

pub(super) fn cost_growth(root: &Area, analysis: &Analysis) -> Result {
    let title = Chart::CostGrowth.title();
    let Some(r) = analysis.cost.as_ref().filter(|r| !r.growth.is_empty()) else {
        return empty(
            root,
            title,
            "The design has no deployment (cluster.deployment): no cost to project.",
        );
    };
    let first = r.growth.first().map_or(1.0, |g| g.factor);
    let last = r.growth.last().map_or(1.0, |g| g.factor).max(first + 1.0);
    let top = axis_top(
        r.growth.iter().flat_map(|g| g.totals.iter().map(|(_, v)| *v)),
        1.2,
    );
    let mut chart = ChartBuilder::on(root)
        .caption(
            format!(
                "{title} ({}, prices of {})",
                one_line(&r.currency),
                one_line(&r.prices_version)
            ),
            (FONT, 18),
        )
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(80)
        .build_cartesian_2d((first - 0.2)..(last + 0.2), 0f64..top)
        .map_err(err)?;
    let currency = r.currency.clone();
    chart
        .configure_mesh()
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 15))
        .x_desc("growth: × today's rates (× marks a growth the target does not carry)")
        .x_labels(r.growth.len().max(2))
        .x_label_formatter(&|x| format!("× {}", units::decimal(*x)))
        .y_desc("per month")
        .y_label_formatter(&|y| crate::cost::money(*y, &currency))
        .draw()
        .map_err(err)?;
    for (i, t) in r.targets.iter().enumerate() {
        let colour = SERIES[i % SERIES.len()];
        // (x, y, fits at that growth)
        let marked: Vec<(f64, f64, bool)> = r
            .growth
            .iter()
            .filter_map(|g| {
                let i = g.totals.iter().position(|(id, _)| *id == t.id)?;
                let v = g.totals[i].1;
                let fits = g.fits.get(i).copied().unwrap_or(true);
                Some((g.factor, if v.is_finite() { v } else { 0.0 }, fits))
            })
            .collect();
        let points: Vec<(f64, f64)> = marked.iter().map(|&(x, y, _)| (x, y)).collect();
        let width = if t.id == r.target { 4 } else { 2 };
        // The id and the name up to its parenthesis (names run long; the tables have them whole).
        let short = t.name.split(" (").next().unwrap_or(&t.name);
        let mut label = format!("{}: {}", one_line(&t.id), one_line(short));
        if t.id == r.target {
            label.push_str(" (design's target)");
        }
        if !t.fits {
            label.push_str(" — does not fit today");
        }
        let series = if t.fits {
            chart.draw_series(LineSeries::new(points.clone(), colour.stroke_width(width)))
        } else {
            chart.draw_series(DashedLineSeries::new(
                points.clone(),
                8,
                5,
                colour.stroke_width(width),
            ))
        };
        series
            .map_err(err)?
            .label(label)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], colour.stroke_width(width)));
        chart
            .draw_series(
                marked
                    .iter()
                    .filter(|m| m.2)
                    .map(|&(x, y, _)| Circle::new((x, y), 4, colour.filled())),
            )
            .map_err(err)?;
        chart
            .draw_series(
                marked
                    .iter()
                    .filter(|m| !m.2)
                    .map(|&(x, y, _)| Cross::new((x, y), 6, colour.stroke_width(3))),
            )
            .map_err(err)?;
    }
    legend(&mut chart, SeriesLabelPosition::UpperLeft)
}
