//! The PDF's "Peak windows" section: per window its sentence, a table of its readers and its
//! panel of the peak-lag chart. The words are [`crate::peaks`]'s (the Markdown says the same);
//! nothing without a load profile.

use std::fmt::Write as _;

use analysis::Analysis;

use super::table::{Align, Cell, Table};
use super::{chart_file, text, typst_str};
use crate::charts::{self, Chart};

pub(super) fn peaks(t: &mut String, a: &Analysis) {
    let windows = crate::peaks::windows(a);
    if windows.is_empty() {
        return;
    }
    let threshold = a.peaks.first().map_or(60.0, |r| r.threshold_seconds);
    let parts = charts::parts(Chart::PeakLag, a);
    let _ = writeln!(t, "= Peak windows");
    let _ = writeln!(
        t,
        "{}\n",
        text(&format!(
            "Lag simulated minute by minute over each window of the load profile, against the alert threshold of {} of lag; advised: the partitions and instances to have in place before the window.",
            crate::peaks::lag(threshold)
        ))
    );
    for w in &windows {
        let mut table = Table::new(&[
            ("Reader", Align::Left),
            ("Topic", Align::Left),
            ("Max lag", Align::Right),
            ("Clears", Align::Left),
            ("Current", Align::Left),
            ("Advised", Align::Left),
        ]);
        for r in &w.rows {
            table.row([
                Cell::Name(r.reader.to_owned()),
                Cell::Name(r.topic.to_owned()),
                Cell::Figure(r.max_lag.clone()),
                Cell::Text(r.clears_after.clone()),
                Cell::Text(r.current.clone()),
                Cell::Text(r.advised.clone()),
            ]);
        }
        table.write(t, &format!("== {}\n{}\n\n", text(w.name), text(&w.summary)));
        if let Some(more) = w.more_sentence() {
            let _ = writeln!(t, "{}\n", text(&more));
        }
        if w.part < parts {
            let _ = writeln!(
                t,
                "#figure(image({}, width: 100%), caption: [{}])\n",
                typst_str(&chart_file(Chart::PeakLag, w.part, parts)),
                text(&format!("Lag over {}, current and pre-scaled", w.name))
            );
        }
    }
}
