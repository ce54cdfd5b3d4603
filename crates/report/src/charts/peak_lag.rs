//! Lag over each peak window, in minutes of lag against minutes from the ramp's start: for the
//! window's worst readers, the current design (solid) and the advised pre-scale (dashed), with
//! the alert threshold as a labelled dotted line. One panel per window ([`super::parts`] cuts
//! it into one window a part). Each line is thinned to [`MAX_LINE_POINTS`] points.

use analysis::peak::{PeakReport, PeakRun};

use super::*;

/// Readers drawn per window, the worst first.
const READERS_PER_PANEL: usize = 3;
/// Points drawn per line at most.
pub(super) const MAX_LINE_POINTS: usize = 600;
/// Height of one window's panel.
pub(super) const PANEL_HEIGHT: u32 = 380;

/// The window names, in the analysis' order.
pub(super) fn windows(analysis: &Analysis) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for r in &analysis.peaks {
        if !names.contains(&r.window.as_str()) {
            names.push(&r.window);
        }
    }
    names
}

/// One panel per window of `names`, stacked.
pub(super) fn peak_lag(root: &Area, analysis: &Analysis, names: &[&str]) -> Result {
    if names.is_empty() {
        return empty(
            root,
            Chart::PeakLag.title(),
            "The design has no load profile: no peak window to simulate.",
        );
    }
    for (area, name) in root.split_evenly((names.len(), 1)).iter().zip(names) {
        panel(area, analysis, name)?;
    }
    Ok(())
}

fn points(run: &PeakRun) -> Vec<(f64, f64)> {
    let every = run.series.len().div_ceil(MAX_LINE_POINTS).max(1);
    let last = run.series.len().saturating_sub(1);
    std::iter::once((0.0, 0.0))
        .chain(
            run.series
                .iter()
                .enumerate()
                .filter(|(i, _)| i % every == 0 || *i == last)
                .map(|(_, p)| (f64::from(p.minute), p.lag_seconds / 60.0)),
        )
        .collect()
}

fn panel(area: &Area, analysis: &Analysis, name: &str) -> Result {
    let mut readers: Vec<&PeakReport> = analysis.peaks.iter().filter(|r| r.window == name).collect();
    readers.sort_by(|a, b| b.current.max_lag_seconds.total_cmp(&a.current.max_lag_seconds));
    readers.truncate(READERS_PER_PANEL);
    let threshold = readers.first().map_or(1.0, |r| r.threshold_seconds / 60.0);
    let runs = readers
        .iter()
        .flat_map(|r| std::iter::once(&r.current).chain(r.advice.as_ref().map(|a| &a.run)));
    let end = runs
        .clone()
        .filter_map(|run| run.series.last())
        .map(|p| f64::from(p.minute))
        .fold(1.0f64, f64::max);
    let top = runs
        .map(|run| run.max_lag_seconds / 60.0)
        .fold(threshold, f64::max)
        * 1.15;
    let mut chart = ChartBuilder::on(area)
        .caption(format!("{}: lag in minutes", one_line(name)), (FONT, 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(0f64..end, 0f64..top)
        .map_err(err)?;
    chart
        .configure_mesh()
        .label_style((FONT, 13))
        .axis_desc_style((FONT, 14))
        .x_desc("minutes from the start of the ramp up")
        .x_label_formatter(&|x| format!("{x:.0} min"))
        .y_label_formatter(&|y| format!("{y:.1} min"))
        .draw()
        .map_err(err)?;
    chart
        .draw_series(DashedLineSeries::new(
            [(0.0, threshold), (end, threshold)],
            3,
            4,
            VERMILLION.stroke_width(2),
        ))
        .map_err(err)?
        .label(format!("alert threshold: {:.1} min of lag", threshold))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], VERMILLION.stroke_width(2)));
    let colours = [BLUE, GREEN, PURPLE];
    for (i, r) in readers.iter().enumerate() {
        let colour = colours[i % colours.len()];
        chart
            .draw_series(LineSeries::new(points(&r.current), colour.stroke_width(3)))
            .map_err(err)?
            .label(format!(
                "{} now: {} partitions, {} instances",
                one_line(&r.reader),
                r.current.partitions,
                r.current.instances
            ))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], colour.stroke_width(3)));
        if let Some(a) = &r.advice {
            chart
                .draw_series(DashedLineSeries::new(
                    points(&a.run),
                    8,
                    5,
                    colour.stroke_width(2),
                ))
                .map_err(err)?
                .label(format!(
                    "{} pre-scaled: {} partitions, {} instances",
                    one_line(&r.reader),
                    a.partitions,
                    a.instances
                ))
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 8, y)], colour.stroke_width(2)));
        }
    }
    legend(&mut chart, SeriesLabelPosition::UpperRight)
}
