//! The eight charts of a design as SVG (plotters): partition load, broker utilisation, storage
//! growth, consumer lag, latency, the lag over the peak windows, and the monthly cost by
//! component per deployment target and over growth. The same SVG goes to the browser, the
//! Markdown zip and the PDF, so they look alike everywhere.
//!
//! Colours are the Okabe–Ito palette (safe for the common colour-vision deficiencies), and a
//! state never depends on colour alone: hot partitions are also hatched by an outline and
//! listed in the caption, dashed lines are also labelled. Text goes through plotters' SVG
//! backend, which escapes it, so a hostile topic name stays text.
//!
//! One file per chart; this one holds what they share (the chart list, colours, legend, the
//! empty-chart message) and [`render`], which sizes the canvas and dispatches. A chart that
//! cannot be drawn says so in its SVG rather than failing the document around it.

mod broker_utilisation;
mod consumer_lag;
mod cost_breakdown;
mod cost_growth;
mod latency;
mod partition_load;
mod peak_lag;
mod storage_growth;

use analysis::Analysis;

use crate::text::one_line;
use design::Design;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Which chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chart {
    PartitionLoad,
    BrokerUtilisation,
    StorageGrowth,
    ConsumerLag,
    Latency,
    PeakLag,
    CostBreakdown,
    CostGrowth,
}

impl Chart {
    pub const ALL: [Chart; 8] = [
        Chart::PartitionLoad,
        Chart::BrokerUtilisation,
        Chart::StorageGrowth,
        Chart::ConsumerLag,
        Chart::Latency,
        Chart::PeakLag,
        Chart::CostBreakdown,
        Chart::CostGrowth,
    ];

    /// The chart's name in URLs and file names (`partition-load`).
    pub fn slug(self) -> &'static str {
        match self {
            Chart::PartitionLoad => "partition-load",
            Chart::BrokerUtilisation => "broker-utilisation",
            Chart::StorageGrowth => "storage-growth",
            Chart::ConsumerLag => "consumer-lag",
            Chart::Latency => "latency",
            Chart::PeakLag => "peak-lag",
            Chart::CostBreakdown => "cost-breakdown",
            Chart::CostGrowth => "cost-growth",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Chart::PartitionLoad => "Partition load per keyed topic",
            Chart::BrokerUtilisation => "Broker utilisation against limits",
            Chart::StorageGrowth => "Storage over the retention window",
            Chart::ConsumerLag => "Projected consumer lag over the next hour",
            Chart::Latency => "End-to-end latency per path",
            Chart::PeakLag => "Lag over the peak windows, current and pre-scaled",
            Chart::CostBreakdown => "Monthly cost by component per deployment target",
            Chart::CostGrowth => "Monthly cost per deployment target at growth × 1 to × 5",
        }
    }

    /// Whether the documents show the chart for this analysis: the peak-lag chart only when
    /// the design has a load profile, the cost charts only when it has a deployment
    /// (`cluster.deployment`); the others always (they say when they have nothing).
    pub fn applies(self, analysis: &Analysis) -> bool {
        match self {
            Chart::PeakLag => !analysis.peaks.is_empty(),
            Chart::CostBreakdown | Chart::CostGrowth => analysis.cost.is_some(),
            _ => true,
        }
    }

    /// Whether the PDF shows the chart in a section of its own (the peak windows', the
    /// cost's) rather than under "Charts".
    pub fn in_own_section(self) -> bool {
        matches!(self, Chart::PeakLag | Chart::CostBreakdown | Chart::CostGrowth)
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
/// The largest value an axis spans: plotters computes key points forever on an infinite
/// range, and a saturated figure (f64::MAX) times a margin is one.
const MAX_AXIS: f64 = 1e300;

/// The top of a value axis from 0: the largest finite value × `margin`, at least 1 and never
/// past [`MAX_AXIS`].
pub(crate) fn axis_top(values: impl IntoIterator<Item = f64>, margin: f64) -> f64 {
    let highest = values.into_iter().filter(|v| v.is_finite()).fold(0.0, f64::max);
    (highest.min(MAX_AXIS) * margin).max(1.0)
}
const SERIES: [RGBColor; 7] = [BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, YELLOW];

const WIDTH: u32 = 800;
const FONT: &str = "sans-serif";

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Result<T = ()> = std::result::Result<T, DrawError>;

/// What plotters said when a chart could not be drawn (the SVG then says it instead).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct DrawError(String);

fn err<E: std::fmt::Display>(e: E) -> DrawError {
    DrawError(e.to_string())
}

/// Renders `chart` of `design` (with its `analysis`) as an SVG document.
pub fn render(chart: Chart, design: &Design, analysis: &Analysis) -> String {
    match chart {
        Chart::PeakLag => {
            let mut windows = peak_lag::windows(analysis);
            windows.truncate(MAX_PEAK_PANELS);
            draw_peaks(design, analysis, &windows)
        }
        _ => draw(chart, design, analysis, &keyed_topics(analysis)),
    }
}

/// The peak-lag chart with a panel for each of `windows`.
fn draw_peaks(design: &Design, analysis: &Analysis, windows: &[&str]) -> String {
    draw_with(Chart::PeakLag, design, analysis, &[], windows)
}

/// The keyed topics a page of the PDF holds in the partition-load chart, so that it stays
/// within the page at a legible size.
const PANELS_PER_PAGE: usize = 3;

/// The most peak windows the peak-lag chart draws (a profile holds at most 20; writers' own
/// profiles may name more).
pub const MAX_PEAK_PANELS: usize = design::profile::MAX_PEAK_WINDOWS;

/// How many parts `chart` is cut into for a paged document: the partition-load chart has
/// [`PANELS_PER_PAGE`] topics a part; the peak-lag chart one window a part (none without a
/// profile); the cost charts one part with a deployment, none without; the others are one part.
pub fn parts(chart: Chart, analysis: &Analysis) -> usize {
    match chart {
        Chart::CostBreakdown | Chart::CostGrowth => usize::from(analysis.cost.is_some()),
        Chart::PartitionLoad => keyed_topics(analysis).len().div_ceil(PANELS_PER_PAGE).max(1),
        Chart::PeakLag => peak_lag::windows(analysis).len().min(MAX_PEAK_PANELS),
        _ => 1,
    }
}

/// Part `part` (from 0) of `chart` as an SVG document ([`parts`]); a part past the last is
/// drawn empty.
pub fn render_part(chart: Chart, design: &Design, analysis: &Analysis, part: usize) -> String {
    match chart {
        Chart::PartitionLoad => {
            let topics: Vec<_> = keyed_topics(analysis)
                .into_iter()
                .skip(part * PANELS_PER_PAGE)
                .take(PANELS_PER_PAGE)
                .collect();
            draw(chart, design, analysis, &topics)
        }
        Chart::PeakLag => {
            let windows = peak_lag::windows(analysis);
            let one: Vec<&str> = windows.into_iter().skip(part).take(1).collect();
            draw_peaks(design, analysis, &one)
        }
        _ => render(chart, design, analysis),
    }
}

/// The SVG of `chart`; `topics` are the panels of the partition-load chart.
fn draw(
    chart: Chart,
    design: &Design,
    analysis: &Analysis,
    topics: &[&analysis::analyze::TopicReport],
) -> String {
    draw_with(chart, design, analysis, topics, &[])
}

/// The SVG of `chart`; `topics` are the panels of the partition-load chart, `windows` those of
/// the peak-lag chart.
fn draw_with(
    chart: Chart,
    design: &Design,
    analysis: &Analysis,
    topics: &[&analysis::analyze::TopicReport],
    windows: &[&str],
) -> String {
    let height = match chart {
        Chart::PeakLag => 20 + peak_lag::PANEL_HEIGHT * windows.len().max(1) as u32,
        Chart::PartitionLoad => 60 + 260 * topics.len().clamp(1, 8) as u32,
        Chart::Latency => 120 + 44 * analysis.paths.len().clamp(1, 20) as u32,
        Chart::ConsumerLag | Chart::CostBreakdown => 460,
        _ => 420,
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let drawn = root.fill(&WHITE).map_err(err).and_then(|()| match chart {
            Chart::PartitionLoad => partition_load::partition_load(&root, topics),
            Chart::BrokerUtilisation => broker_utilisation::broker_utilisation(&root, design, analysis),
            Chart::StorageGrowth => storage_growth::storage_growth(&root, design, analysis),
            Chart::ConsumerLag => consumer_lag::consumer_lag(&root, analysis),
            Chart::Latency => latency::latency(&root, analysis),
            Chart::PeakLag => peak_lag::peak_lag(&root, analysis, windows),
            Chart::CostBreakdown => cost_breakdown::cost_breakdown(&root, analysis),
            Chart::CostGrowth => cost_growth::cost_growth(&root, analysis),
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
