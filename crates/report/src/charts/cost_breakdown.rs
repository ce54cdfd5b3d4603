//! Monthly cost by component per deployment target: one stacked bar per target, its lines
//! grouped into the components a bill is read by (brokers or capacity units, local storage on
//! the brokers' disks, one copy stored (object storage, or a serverless service's storage),
//! data in and out, cross-zone traffic, internet egress, the rest). The
//! design's target has a heavy outline and says so; a target that does not fit is hatched and
//! labelled `does not fit`; the cheapest that fits is labelled. Segments tall enough carry
//! their component's name, so the stack does not depend on colour alone.

use analysis::cost::{CostGroup, TargetCost};

use super::*;

/// The colour of each group, in [`CostGroup::ALL`]'s order.
const COLOURS: [RGBColor; 7] = [BLUE, ORANGE, GREEN, SKY, VERMILLION, PURPLE, YELLOW];
const GROUPS: usize = CostGroup::ALL.len();

/// The group a component is drawn in (its index).
fn group(component: &str) -> usize {
    CostGroup::of(component).index()
}

/// A target's monthly cost per group.
fn stack(t: &TargetCost) -> [f64; GROUPS] {
    let mut out = [0.0; GROUPS];
    for l in &t.lines {
        out[group(l.component)] += l.monthly;
    }
    out
}

/// The segments of 45° hatching inside the pixel rectangle `(x0, y0)–(x1, y1)` (y down),
/// `gap` pixels apart.
pub(super) fn hatch(x0: i32, y0: i32, x1: i32, y1: i32, gap: i32) -> Vec<[(i32, i32); 2]> {
    let (w, h) = (x1 - x0, y1 - y0);
    if w <= 0 || h <= 0 {
        return Vec::new();
    }
    // Line k: x = x0 + k + t, y = y1 − t, for t in [max(0, −k), min(h, w − k)].
    (-h..w)
        .step_by(gap.max(2) as usize)
        .filter_map(|k| {
            let (lo, hi) = ((-k).max(0), h.min(w - k));
            (lo < hi).then(|| [(x0 + k + lo, y1 - lo), (x0 + k + hi, y1 - hi)])
        })
        .collect()
}

pub(super) fn cost_breakdown(root: &Area, analysis: &Analysis) -> Result {
    let title = Chart::CostBreakdown.title();
    let Some(r) = analysis.cost.as_ref().filter(|r| !r.targets.is_empty()) else {
        return empty(
            root,
            title,
            "The design has no deployment (cluster.deployment): no cost to break down.",
        );
    };
    let n = r.targets.len();
    let stacks: Vec<[f64; GROUPS]> = r.targets.iter().map(stack).collect();
    let top = axis_top(r.targets.iter().map(|t| t.monthly_total), 1.3);
    let caption = format!(
        "{title} ({}, prices of {}, {})",
        one_line(&r.currency),
        one_line(&r.prices_version),
        one_line(&r.region)
    );
    let mut chart = ChartBuilder::on(root)
        .caption(caption, (FONT, 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(80)
        .build_cartesian_2d(0f64..n as f64, 0f64..top)
        .map_err(err)?;
    let currency = r.currency.clone();
    chart
        .configure_mesh()
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 15))
        .disable_x_mesh()
        .x_labels(0)
        .y_desc("per month")
        .y_label_formatter(&|y| crate::cost::money(*y, &currency))
        .draw()
        .map_err(err)?;
    let (x0, x1) = (0.18, 0.82);
    for (g, (kind, colour)) in CostGroup::ALL.iter().zip(COLOURS.iter()).enumerate() {
        let label = kind.label();
        if stacks.iter().all(|s| s[g] <= 0.0) {
            continue;
        }
        let bars = stacks
            .iter()
            .enumerate()
            .filter(|(_, s)| s[g] > 0.0)
            .map(|(i, s)| {
                let base: f64 = s[..g].iter().sum();
                Rectangle::new(
                    [(i as f64 + x0, base), (i as f64 + x1, base + s[g])],
                    colour.filled(),
                )
            });
        let colour = *colour;
        chart
            .draw_series(bars)
            .map_err(err)?
            .label(label)
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], colour.filled()));
    }
    let area = chart.plotting_area();
    let px = |x: f64, y: f64| area.map_coordinate(&(x, y));
    let mut marks = Vec::new();
    for (i, (t, s)) in r.targets.iter().zip(&stacks).enumerate() {
        let x = i as f64;
        // Segment names, where a segment is tall enough to hold one.
        let mut base = 0.0;
        for (g, v) in s.iter().enumerate() {
            let (lo, hi) = (px(x + x0, base).1, px(x + x0, base + v).1);
            if lo - hi >= 18 {
                let short = CostGroup::ALL[g].short();
                // White on the dark colours, ink on the light ones.
                let ink = if matches!(g, 0 | 4 | 5) { WHITE } else { INK };
                marks.push(Text::new(
                    short.to_owned(),
                    px(x + x0, base + v / 2.0),
                    (FONT, 13).into_font().color(&ink),
                ));
            }
            base += v;
        }
        if !t.fits {
            let (a, b) = (px(x + x0, t.monthly_total), px(x + x1, 0.0));
            for seg in hatch(a.0, a.1, b.0, b.1, 9) {
                root.draw(&PathElement::new(seg.to_vec(), INK.mix(0.55).stroke_width(2)))
                    .map_err(err)?;
            }
        }
        if t.id == r.target {
            let (a, b) = (px(x + x0, t.monthly_total), px(x + x1, 0.0));
            root.draw(&Rectangle::new([a, b], INK.stroke_width(3)))
                .map_err(err)?;
        }
    }
    for m in marks {
        root.draw(&m).map_err(err)?;
    }
    chart
        .draw_series(r.targets.iter().enumerate().flat_map(|(i, t)| {
            let x = i as f64 + x0 - 0.1;
            let mut notes = Vec::new();
            if t.id == r.target {
                notes.push("design's target");
            }
            if !t.fits {
                notes.push("does not fit");
            } else if r.cheapest.as_deref() == Some(t.id.as_str()) {
                notes.push("cheapest that fits");
            }
            [
                // The id under the bar (names run long); the tables name each id.
                Text::new(
                    one_line(&t.id).into_owned(),
                    (x, -top * 0.045),
                    (FONT, 13).into_font(),
                ),
                Text::new(
                    format!("{}/month", crate::cost::money(t.monthly_total, &r.currency)),
                    (x, t.monthly_total + top * 0.115),
                    (FONT, 14).into_font(),
                ),
                Text::new(
                    notes.join(", "),
                    (x, t.monthly_total + top * 0.06),
                    (FONT, 13)
                        .into_font()
                        .color(if t.fits { &INK } else { &VERMILLION }),
                ),
            ]
        }))
        .map_err(err)?;
    legend(&mut chart, SeriesLabelPosition::UpperRight)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hatching_stays_inside_its_rectangle() {
        let segs = hatch(10, 20, 60, 120, 9);
        assert!(!segs.is_empty());
        for [(ax, ay), (bx, by)] in segs {
            for (x, y) in [(ax, ay), (bx, by)] {
                assert!((10..=60).contains(&x) && (20..=120).contains(&y), "{x},{y}");
            }
            assert_eq!(bx - ax, ay - by, "45°");
        }
        assert!(hatch(10, 10, 10, 50, 9).is_empty());
    }

    #[test]
    fn every_component_of_the_engine_has_its_group() {
        for c in ["brokers", "agents", "cluster", "partitions"] {
            assert_eq!(group(c), 0);
        }
        assert_eq!(group("cross_zone"), 4);
        // Serverless storage is one copy, not the brokers' replicated disks.
        assert_eq!(group("storage"), group("object_storage"));
        assert_ne!(group("storage"), group("local_storage"));
        assert_eq!(group("licence"), GROUPS - 1);
    }

    /// A saturated total (f64::MAX) once made the axis infinite, where plotters loops.
    #[test]
    fn saturated_totals_draw_in_finite_time() {
        let mut d = design::Design::new("d");
        d.cluster.deployment = Some(Default::default());
        let mut p = design::Node::new("p", design::NodeKind::Producer, "p");
        p.messages_per_sec = Some(10.0);
        d.nodes.push(p);
        d.nodes.push(design::Node::new("t", design::NodeKind::Topic, "t"));
        d.edges.push(design::Edge::new("p", "t"));
        let mut a = analysis::analyze(&d);
        let cost = a.cost.as_mut().expect("cost");
        cost.targets[0].monthly_total = f64::MAX;
        for g in &mut cost.growth {
            g.totals[0].1 = f64::MAX;
        }
        for chart in [Chart::CostBreakdown, Chart::CostGrowth] {
            assert!(render(chart, &d, &a).starts_with("<svg"), "{chart:?}");
        }
    }
}
