//! The peak windows, worded once for every document: per window the sentence a reviewer reads
//! first (the worst reader's lag, when it clears, what to pre-scale), and a row per reader
//! (max lag, clears after, current and advised partitions and instances). The Markdown section
//! is written here; the PDF's is in `spec_source::peaks` from the same rows.
//!
//! Only when the design has a load profile (the analysis then has peak reports). A window
//! lists its [`MAX_ROWS_PER_WINDOW`] worst readers and counts the rest, so that a design with
//! thousands of readers keeps a readable document.

use std::fmt::Write as _;

use analysis::peak::{PeakReport, PeakRun};
use analysis::Analysis;
use units::{millis, plural};

use crate::markdown::{code, md_text};

/// Readers listed per window, the worst first.
pub const MAX_ROWS_PER_WINDOW: usize = 50;

/// One window as the documents show it.
pub(crate) struct Window<'a> {
    pub name: &'a str,
    /// Its index in the peak-lag chart's parts.
    pub part: usize,
    pub summary: String,
    /// The worst readers first, at most [`MAX_ROWS_PER_WINDOW`].
    pub rows: Vec<Row<'a>>,
    /// Readers left out of `rows`: here, and by the analysis (which reports the
    /// [`analysis::peak::MAX_READERS_PER_WINDOW`] worst of a window).
    pub more: usize,
    /// Of `more`, the readers the analysis did not simulate (past its budget).
    pub not_simulated: usize,
}

impl Window<'_> {
    /// The sentence under the rows that counts the readers left out, when some are.
    pub fn more_sentence(&self) -> Option<String> {
        let no_worse = self.more.saturating_sub(self.not_simulated);
        match (no_worse, self.not_simulated) {
            (0, 0) => None,
            (n, 0) => Some(format!(
                "And {} more, whose lag is no worse.",
                plural(n, "reader", "readers")
            )),
            (0, m) => Some(format!(
                "And {} more, less loaded, not simulated (past the analysis's budget).",
                plural(m, "reader", "readers")
            )),
            (n, m) => Some(format!(
                "And {} more: {n} whose lag is no worse, {m} less loaded not simulated (past the analysis's budget).",
                plural(n + m, "reader", "readers")
            )),
        }
    }
}

/// One reader in one window.
pub(crate) struct Row<'a> {
    pub reader: &'a str,
    pub topic: &'a str,
    pub max_lag: String,
    pub clears_after: String,
    pub current: String,
    pub advised: String,
}

/// The windows of the analysis, in the order the analysis lists them.
pub(crate) fn windows(a: &Analysis) -> Vec<Window<'_>> {
    let mut names: Vec<&str> = Vec::new();
    for r in &a.peaks {
        if !names.contains(&r.window.as_str()) {
            names.push(&r.window);
        }
    }
    names.truncate(crate::charts::MAX_PEAK_PANELS);
    names
        .into_iter()
        .enumerate()
        .map(|(part, name)| {
            let mut reports: Vec<&PeakReport> = a.peaks.iter().filter(|r| r.window == name).collect();
            reports.sort_by(|x, y| y.current.max_lag_seconds.total_cmp(&x.current.max_lag_seconds));
            let summary = reports.first().map(|r| summary(r)).unwrap_or_default();
            let counted = a.peak_windows.iter().find(|w| w.window == name);
            let more = reports.len().saturating_sub(MAX_ROWS_PER_WINDOW)
                + counted.map_or(0, |w| w.more_readers as usize);
            let not_simulated = counted.map_or(0, |w| w.readers.saturating_sub(w.readers_simulated) as usize);
            let rows = reports.into_iter().take(MAX_ROWS_PER_WINDOW).map(row).collect();
            Window {
                name,
                part,
                summary,
                rows,
                more,
                not_simulated,
            }
        })
        .collect()
}

/// A lag in seconds as people read it (`34 min`, `none`).
pub(crate) fn lag(seconds: f64) -> String {
    if seconds <= 0.0 {
        "none".into()
    } else {
        millis(seconds * 1000.0)
    }
}

fn clears(run: &PeakRun) -> String {
    match run.clears_after_minutes {
        Some(0) if run.max_lag_records == 0.0 => "—".into(),
        Some(m) => format!("{} after the plateau", millis(f64::from(m) * 60_000.0)),
        None => "not within 24 h".into(),
    }
}

fn scale(partitions: u32, instances: u32) -> String {
    format!(
        "{} / {}",
        plural(partitions as usize, "partition", "partitions"),
        plural(instances as usize, "instance", "instances")
    )
}

fn row(r: &PeakReport) -> Row<'_> {
    Row {
        reader: &r.reader,
        topic: &r.topic,
        max_lag: lag(r.current.max_lag_seconds),
        clears_after: clears(&r.current),
        current: scale(r.current.partitions, r.current.instances),
        advised: match (&r.advice, r.current.exceeds_threshold) {
            (Some(p), _) => scale(p.partitions, p.instances),
            (None, false) => "as it is".into(),
            (None, true) => r.advice_note.clone().unwrap_or_else(|| "—".into()),
        },
    }
}

/// The sentence of a window, from its worst reader.
fn summary(r: &PeakReport) -> String {
    let threshold = lag(r.threshold_seconds);
    if !r.current.exceeds_threshold {
        return format!(
            "{}: every reader keeps its lag under {threshold} (the worst, {}, reaches {}).",
            r.window,
            r.reader,
            lag(r.current.max_lag_seconds)
        );
    }
    let clears = match r.current.clears_after_minutes {
        Some(m) => format!("clears {} after it", millis(f64::from(m) * 60_000.0)),
        None => "does not clear within 24 h".into(),
    };
    let advice = match (&r.advice, &r.advice_note) {
        (Some(p), _) => format!(
            "pre-scaling to {} and {} before the window keeps it under {threshold} ({} % of the keys stay on their partition)",
            plural(p.partitions as usize, "partition", "partitions"),
            plural(p.instances as usize, "instance", "instances"),
            (p.keys_kept_share * 100.0).round()
        ),
        (None, Some(note)) => format!("no pre-scale keeps it under {threshold}: {note}"),
        (None, None) => format!("no pre-scale keeps it under {threshold}"),
    };
    format!(
        "{}: {} lags {} on {} at the plateau; {clears}; {advice}.",
        r.window,
        r.reader,
        lag(r.current.max_lag_seconds),
        r.topic
    )
}

/// The Markdown section (nothing without a profile).
pub(crate) fn markdown(out: &mut String, a: &Analysis) {
    let windows = windows(a);
    if windows.is_empty() {
        return;
    }
    let threshold = a.peaks.first().map_or(60.0, |r| r.threshold_seconds);
    let _ = writeln!(out, "## Peak windows\n");
    let _ = writeln!(
        out,
        "Lag simulated minute by minute over each window of the load profile, against the alert threshold of {} of lag; \
         advised: the partitions and instances to have in place before the window.\n",
        md_text(&lag(threshold))
    );
    for w in &windows {
        // A heading's trailing `#`s would be read as its closing sequence: escaped.
        let _ = writeln!(out, "### {}\n", md_text(w.name).replace('#', "\\#"));
        let _ = writeln!(out, "{}\n", md_text(&w.summary));
        let _ = writeln!(out, "| Reader | Topic | Max lag | Clears | Current | Advised |");
        let _ = writeln!(out, "|---|---|---:|---|---|---|");
        for r in &w.rows {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                code(r.reader),
                code(r.topic),
                md_text(&r.max_lag),
                md_text(&r.clears_after),
                md_text(&r.current),
                md_text(&r.advised),
            );
        }
        if let Some(more) = w.more_sentence() {
            let _ = writeln!(out, "\n{}", md_text(&more));
        }
        let _ = writeln!(out);
    }
}

#[cfg(test)]
mod tests {
    use design::{Design, Edge, LoadProfile, Node, NodeKind, PeakWindow};

    use crate::charts::{self, Chart};

    /// The domain notes' Black Friday: `orders` with 10 partitions, `billing` with 10
    /// instances at 10 ms a record (1 000/s), 950/s in, × 2.1053 for 30 minutes.
    fn black_friday() -> Design {
        let mut p = Node::new("checkout", NodeKind::Producer, "checkout");
        p.messages_per_sec = Some(950.0);
        p.avg_message_bytes = Some(1_000.0);
        let mut t = Node::new("orders", NodeKind::Topic, "orders");
        t.partitions = Some(10);
        let mut g = Node::new("billing", NodeKind::ConsumerGroup, "billing");
        g.instances = Some(10);
        g.processing_ms_per_record = Some(10.0);
        Design {
            nodes: vec![p, t, g],
            edges: vec![Edge::new("checkout", "orders"), Edge::new("orders", "billing")],
            load_profile: Some(LoadProfile {
                peaks: vec![PeakWindow::new("Black Friday", 2.1053, 30)],
                ..LoadProfile::default()
            }),
            ..Design::new("retail")
        }
    }

    #[test]
    fn the_markdown_says_how_much_lag_when_it_clears_and_what_to_pre_scale() {
        let d = black_friday();
        let a = analysis::analyze(&d);
        let md = crate::markdown::spec(&d, &a, &crate::Links::none());
        assert!(md.contains("## Peak windows"));
        assert!(md.contains("### Black Friday"));
        assert!(
            md.contains("Black Friday: billing lags 30 min on orders at the plateau; clears 10.02 h after it; pre-scaling to 20 partitions and 20 instances before the window keeps it under 1 min (50 % of the keys stay on their partition)."),
            "{md}"
        );
        assert!(md.contains(
            "| `billing` | `orders` | 30 min | 10.02 h after the plateau | 10 partitions / 10 instances | 20 partitions / 20 instances |"
        ));
    }

    #[test]
    fn readers_the_analysis_leaves_out_are_counted() {
        // 60 readers of `orders`: the analysis reports the 50 worst and counts the 10 others.
        let mut d = black_friday();
        for i in 0..59 {
            let mut g = Node::new(format!("g{i}"), NodeKind::ConsumerGroup, format!("g{i}"));
            g.instances = Some(10);
            g.processing_ms_per_record = Some(1.0);
            d.nodes.push(g);
            d.edges.push(Edge::new("orders", format!("g{i}")));
        }
        let a = analysis::analyze(&d);
        assert_eq!(a.peaks.len(), 50);
        let md = crate::markdown::spec(&d, &a, &crate::Links::none());
        assert!(md.contains("And 10 readers more, whose lag is no worse."), "{md}");
        assert!(md.contains("| `billing` | `orders` | 30 min |"));
    }

    #[test]
    fn no_profile_no_section_and_no_chart() {
        let mut d = black_friday();
        d.load_profile = None;
        let a = analysis::analyze(&d);
        assert!(!crate::markdown::spec(&d, &a, &crate::Links::none()).contains("Peak windows"));
        assert!(!Chart::PeakLag.applies(&a));
        assert_eq!(charts::parts(Chart::PeakLag, &a), 0);
        assert!(!crate::spec_source::source(&d, &a, &crate::Links::none()).contains("peak-lag"));
    }

    #[test]
    fn the_chart_has_a_panel_per_window_with_the_threshold() {
        let mut d = black_friday();
        if let Some(p) = d.load_profile.as_mut() {
            p.peaks.push(PeakWindow::new("Cyber Monday", 3.0, 20));
        }
        let a = analysis::analyze(&d);
        assert_eq!(charts::parts(Chart::PeakLag, &a), 2);
        let svg = charts::render(Chart::PeakLag, &d, &a);
        for text in [
            "Black Friday: lag in minutes",
            "Cyber Monday: lag in minutes",
            "alert threshold",
            "billing pre-scaled: 20 partitions",
        ] {
            assert!(svg.contains(text), "{text}");
        }
        let second = charts::render_part(Chart::PeakLag, &d, &a, 1);
        assert!(second.contains("Cyber Monday") && !second.contains("Black Friday"));
        let source = crate::spec_source::source(&d, &a, &crate::Links::none());
        assert!(source.contains("= Peak windows") && source.contains("peak-lag-2.svg"));
    }
}
