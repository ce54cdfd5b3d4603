//! The five charts of a design as SVG (plotters): partition load, broker utilisation, storage
//! growth, consumer lag and latency. The same SVG goes to the browser, the Markdown zip and the
//! PDF, so they look alike everywhere.
//!
//! Colours are the Okabe–Ito palette (safe for the common colour-vision deficiencies), and a
//! state never depends on colour alone: hot partitions are also hatched by an outline and
//! listed in the caption, dashed lines are also labelled. Text goes through plotters' SVG
//! backend, which escapes it, so a hostile topic name stays text.

use analysis::Analysis;

use crate::text::one_line;
use design::Design;
use plotters::coord::Shift;
use plotters::prelude::*;
use units::bytes;

/// Which chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chart {
    PartitionLoad,
    BrokerUtilisation,
    StorageGrowth,
    ConsumerLag,
    Latency,
}

impl Chart {
    pub const ALL: [Chart; 5] = [
        Chart::PartitionLoad,
        Chart::BrokerUtilisation,
        Chart::StorageGrowth,
        Chart::ConsumerLag,
        Chart::Latency,
    ];

    /// The chart's name in URLs and file names (`partition-load`).
    pub fn slug(self) -> &'static str {
        match self {
            Chart::PartitionLoad => "partition-load",
            Chart::BrokerUtilisation => "broker-utilisation",
            Chart::StorageGrowth => "storage-growth",
            Chart::ConsumerLag => "consumer-lag",
            Chart::Latency => "latency",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Chart::PartitionLoad => "Partition load per keyed topic",
            Chart::BrokerUtilisation => "Broker utilisation against limits",
            Chart::StorageGrowth => "Storage over the retention window",
            Chart::ConsumerLag => "Projected consumer lag over the next hour",
            Chart::Latency => "End-to-end latency per path",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Chart> {
        Chart::ALL.into_iter().find(|c| c.slug() == slug)
    }
}

/// Okabe–Ito colours.
pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
pub const SKY: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
pub const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
pub const PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
pub const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const SERIES: [RGBColor; 7] = [BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, YELLOW];

const WIDTH: u32 = 800;
const FONT: &str = "sans-serif";

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Result<T = ()> = std::result::Result<T, String>;

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// Renders `chart` of `design` (with its `analysis`) as an SVG document.
pub fn render(chart: Chart, design: &Design, analysis: &Analysis) -> String {
    let height = match chart {
        Chart::PartitionLoad => 60 + 260 * keyed_topics(analysis).len().clamp(1, 8) as u32,
        Chart::Latency => 120 + 44 * analysis.paths.len().clamp(1, 20) as u32,
        Chart::ConsumerLag => 460,
        _ => 420,
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let drawn = root.fill(&WHITE).map_err(err).and_then(|()| match chart {
            Chart::PartitionLoad => partition_load(&root, analysis),
            Chart::BrokerUtilisation => broker_utilisation(&root, design, analysis),
            Chart::StorageGrowth => storage_growth(&root, design, analysis),
            Chart::ConsumerLag => consumer_lag(&root, analysis),
            Chart::Latency => latency(&root, analysis),
        });
        if let Err(why) = drawn {
            let _ = root.draw(&Text::new(
                format!("chart not drawn: {why}"),
                (20, 20),
                (FONT, 16),
            ));
        }
        let _ = root.present();
    }
    // Every name went through `one_line`; this is the net under it: plotters escapes XML's
    // syntax but passes any character, and XML forbids some.
    if svg
        .chars()
        .all(|c| crate::text::is_inline(c) || matches!(c, '\n' | '\t'))
    {
        svg
    } else {
        svg.chars()
            .map(|c| {
                if crate::text::is_inline(c) || matches!(c, '\n' | '\t') {
                    c
                } else {
                    '\u{FFFD}'
                }
            })
            .collect()
    }
}

/// The series legend every chart uses: white box, thin border, readable labels.
fn legend<'a, DB, CT>(chart: &mut ChartContext<'a, DB, CT>, position: SeriesLabelPosition) -> Result
where
    DB: DrawingBackend + 'a,
    CT: CoordTranslate,
{
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.85))
        .border_style(INK.mix(0.4))
        .label_font((FONT, 14))
        .draw()
        .map_err(err)
}

fn keyed_topics(analysis: &Analysis) -> Vec<&analysis::analyze::TopicReport> {
    let mut keyed: Vec<_> = analysis
        .topics
        .iter()
        .filter(|t| t.keyed && !t.partition_load.is_empty())
        .collect();
    keyed.sort_by(|a, b| b.max_over_mean.total_cmp(&a.max_over_mean));
    keyed.truncate(8);
    keyed
}

fn empty(area: &Area, title: &str, message: &str) -> Result {
    area.titled(title, (FONT, 20))
        .map_err(err)?
        .draw(&Text::new(
            message.to_owned(),
            (20, 30),
            (FONT, 15).into_font().color(&INK),
        ))
        .map_err(err)
}

fn partition_load(root: &Area, analysis: &Analysis) -> Result {
    let topics = keyed_topics(analysis);
    if topics.is_empty() {
        return empty(
            root,
            Chart::PartitionLoad.title(),
            "No keyed topic: records spread evenly (sticky partitioning).",
        );
    }
    let area = root
        .titled(Chart::PartitionLoad.title(), (FONT, 20))
        .map_err(err)?;
    for (panel, topic) in area.split_evenly((topics.len(), 1)).iter().zip(&topics) {
        let n = topic.partition_load.len();
        let mean = 100.0 / n as f64;
        let top = topic
            .partition_load
            .iter()
            .fold(mean * 1.1, |m, s| m.max(s * 100.0))
            * 1.5; // headroom for the legend
        let hot = if topic.hot_partitions.is_empty() {
            "none hot".to_owned()
        } else {
            format!(
                "hot: {}",
                topic
                    .hot_partitions
                    .iter()
                    .map(|p| format!("p{p}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let caption = format!(
            "{} · {n} partitions · max/mean {:.2} · {hot}",
            one_line(&topic.name),
            topic.max_over_mean
        );
        let mut chart = ChartBuilder::on(panel)
            .caption(caption, (FONT, 17))
            .margin(8)
            .x_label_area_size(34)
            .y_label_area_size(60)
            .build_cartesian_2d(0f64..n as f64, 0f64..top)
            .map_err(err)?;
        chart
            .configure_mesh()
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 15))
            .disable_x_mesh()
            .x_desc("partition")
            .y_desc("share of records (%)")
            .x_labels(n.min(24))
            .x_label_formatter(&|x| format!("{}", x.floor() as i64))
            .y_label_formatter(&|y| format!("{y:.1}"))
            .draw()
            .map_err(err)?;
        // The ±10 % band around the mean, then the bars, then the mean line on top.
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(0.0, mean * 0.9), (n as f64, mean * 1.1)],
                SKY.mix(0.25).filled(),
            )))
            .map_err(err)?
            .label("mean ±10 %")
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 18, y + 5)], SKY.mix(0.4).filled()));
        let hot_set: std::collections::HashSet<u32> = topic.hot_partitions.iter().copied().collect();
        chart
            .draw_series(
                topic
                    .partition_load
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| **s > 0.0)
                    .map(|(p, share)| {
                        let colour = if hot_set.contains(&(p as u32)) {
                            VERMILLION
                        } else {
                            BLUE
                        };
                        Rectangle::new(
                            [(p as f64 + 0.12, 0.0), (p as f64 + 0.88, share * 100.0)],
                            colour.filled(),
                        )
                    }),
            )
            .map_err(err)?;
        chart
            .draw_series(
                topic
                    .partition_load
                    .iter()
                    .enumerate()
                    .filter(|(p, _)| hot_set.contains(&(*p as u32)))
                    .map(|(p, share)| {
                        Rectangle::new(
                            [(p as f64 + 0.12, 0.0), (p as f64 + 0.88, share * 100.0)],
                            INK.stroke_width(2),
                        )
                    }),
            )
            .map_err(err)?
            .label("hot partition (over mean +10 %)")
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 18, y + 5)], VERMILLION.filled()));
        chart
            .draw_series(LineSeries::new(
                [(0.0, mean), (n as f64, mean)],
                INK.stroke_width(2),
            ))
            .map_err(err)?
            .label(format!("mean {mean:.2} %"))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], INK.stroke_width(2)));
        legend(&mut chart, SeriesLabelPosition::UpperRight)?;
    }
    Ok(())
}

fn broker_utilisation(root: &Area, design: &Design, analysis: &Analysis) -> Result {
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
    let top = bars.iter().fold(110.0f64, |m, b| m.max(b.1 * 1.15));
    let caption = format!(
        "{} · {} brokers ({}) · bound by {}",
        Chart::BrokerUtilisation.title(),
        s.brokers,
        s.profile.name,
        crate::markdown::constraint(s.binding_constraint)
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
        .y_desc("per broker, % of the limit")
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
                Text::new(
                    format!("{pct:.0} % · {detail}"),
                    (i as f64 + 0.2, pct + top * 0.05),
                    (FONT, 14).into_font(),
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
        .label("limit (network at the target utilisation, disk at max fill, recommended replicas)")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], INK.stroke_width(2)));
    legend(&mut chart, SeriesLabelPosition::UpperLeft)
}

fn storage_growth(root: &Area, design: &Design, analysis: &Analysis) -> Result {
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
        .caption(Chart::StorageGrowth.title(), (FONT, 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(0f64..horizon, 0f64..top.max(0.001))
        .map_err(err)?;
    chart
        .configure_mesh()
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 15))
        .x_desc("days since the topics were created")
        .y_desc("stored, replicas and overhead included (TB)")
        .y_label_formatter(&|y| format!("{y:.1}"))
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

fn consumer_lag(root: &Area, analysis: &Analysis) -> Result {
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
        .caption(Chart::ConsumerLag.title(), (FONT, 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(80)
        .build_cartesian_2d(0f64..60.0, 0f64..top)
        .map_err(err)?;
    chart
        .configure_mesh()
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 15))
        .x_desc("minutes from now")
        .y_desc("lag (records)")
        .y_label_formatter(&|y| count(*y))
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
            count(g.load.lag_growth_messages_per_sec.max(0.0))
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

fn latency(root: &Area, analysis: &Analysis) -> Result {
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
        .x_label_area_size(40)
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

/// `1 234 567` → `1.2 M`.
fn count(v: f64) -> String {
    match v.abs() {
        a if a >= 1e9 => format!("{:.1} G", v / 1e9),
        a if a >= 1e6 => format!("{:.1} M", v / 1e6),
        a if a >= 1e3 => format!("{:.1} k", v / 1e3),
        _ => format!("{v:.0}"),
    }
}
