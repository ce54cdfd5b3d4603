//! The PDF's "Cost" section: the sentence naming the cheapest target that fits, a row per
//! target (fits or why not), the two cost charts, each target's bill line by line with its
//! total, the totals over growth, the prices used with their sources, and the assumptions.
//! The words are [`crate::cost`]'s (the Markdown says the same); nothing without a deployment.

use std::fmt::Write as _;

use analysis::Analysis;

use super::table::{Align, Cell, Table};
use super::{chart_file, text, typst_str};
use crate::charts::{self, Chart};

/// The growth table's headers, for up to [`analysis::cost::MAX_GROWTH`] points.
const GROWTH_COLUMNS: [&str; 6] = ["Target", "× 1", "× 2", "× 3", "× 4", "× 5"];

pub(super) fn cost(t: &mut String, a: &Analysis) {
    let Some(r) = &a.cost else {
        return;
    };
    let _ = writeln!(t, "= Cost");
    let _ = writeln!(t, "{}\n", text(&crate::cost::headline(r)));
    let mut summary = Table::new(&[
        ("Target", Align::Left),
        ("Buys", Align::Left),
        ("Monthly", Align::Right),
        ("Fits", Align::Left),
    ]);
    let rows = crate::cost::targets(r);
    for row in &rows {
        let name = if row.marks.is_empty() {
            format!("{} ({})", row.cost.name, row.cost.id)
        } else {
            format!("{} ({}) — {}", row.cost.name, row.cost.id, row.marks.join(", "))
        };
        summary.row([
            Cell::Text(name),
            Cell::Text(row.cost.units.clone()),
            Cell::Figure(row.total.clone()),
            Cell::Text(row.fits.clone()),
        ]);
    }
    summary.write(t, "");
    for chart in [Chart::CostBreakdown, Chart::CostGrowth] {
        let parts = charts::parts(chart, a);
        if parts > 0 {
            let _ = writeln!(
                t,
                "#figure(image({}, width: 100%), caption: [{}])\n",
                typst_str(&chart_file(chart, 0, parts)),
                text(chart.title())
            );
        }
    }
    for row in &rows {
        let mut bill = Table::new(&[
            ("Component", Align::Left),
            ("Quantity", Align::Right),
            ("Unit price", Align::Right),
            ("Price id", Align::Left),
            ("Monthly", Align::Right),
            ("Formula", Align::Left),
        ]);
        for l in crate::cost::lines(r, row.cost) {
            bill.row([
                Cell::Text(l.component),
                Cell::Text(l.quantity),
                Cell::Text(l.unit_price),
                Cell::Name(l.price_id),
                Cell::Figure(l.monthly),
                Cell::Text(l.formula),
            ]);
        }
        bill.row([
            Cell::Text("total".into()),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Figure(row.total.clone()),
            Cell::Empty,
        ]);
        let mut notes = Vec::new();
        if !row.cost.fits {
            notes.push(format!("This target {}.", row.fits));
        }
        notes.extend(crate::cost::caveats(row.cost));
        let mut intro = format!("== {}\n{}", text(&row.cost.name), text(&row.cost.units));
        for n in &notes {
            intro.push_str(" #linebreak() ");
            intro.push_str(&text(n));
        }
        intro.push_str("\n\n");
        bill.write(t, &intro);
    }
    let (header, growth) = crate::cost::growth(r);
    let columns: Vec<(&'static str, Align)> = GROWTH_COLUMNS
        .iter()
        .take(header.len().min(GROWTH_COLUMNS.len() - 1) + 1)
        .enumerate()
        .map(|(i, h)| (*h, if i == 0 { Align::Left } else { Align::Right }))
        .collect();
    let mut table = Table::new(&columns);
    for (name, totals) in growth {
        table.row(std::iter::once(Cell::Text(name)).chain(totals.into_iter().map(Cell::Figure)));
    }
    table.write(
        t,
        &format!(
            "== Growth\n{}\n\n",
            text("Monthly total at growth × 1 to × 5 of today's rates (partition counts as declared).")
        ),
    );
    let mut prices = Table::new(&[
        ("Price id", Align::Left),
        ("Unit price", Align::Right),
        ("Unit", Align::Left),
        ("As of", Align::Left),
        ("Source", Align::Left),
    ]);
    for p in crate::cost::prices_used(r) {
        prices.row([
            Cell::Name(p.id),
            Cell::Figure(p.value),
            Cell::Text(p.unit),
            Cell::Text(p.as_of),
            Cell::Text(p.source),
        ]);
    }
    prices.write(
        t,
        &format!(
            "== Prices and assumptions\n{}\n\n",
            text(&crate::cost::prices_sentence(r))
        ),
    );
    if let Some(s) = crate::cost::unknown_prices_sentence(r) {
        let _ = writeln!(t, "- {}", text(&s));
    }
    let _ = writeln!(t, "- {}", text(&crate::cost::cross_zone_sentence(r)));
    for s in &r.assumptions {
        let _ = writeln!(t, "- {}", text(s));
    }
    let _ = writeln!(t);
}
