//! The cost section, worded once for every document: a row per deployment target (what is
//! bought, the monthly total, whether it fits and why not), each target's bill line by line
//! (component, quantity, unit price with its id and whether the design overrides it, monthly,
//! formula), the totals at growth × 1 to × 5, the prices used with their sources, and what the
//! figures assume. The Markdown section is written here; the PDF's is in `spec_source::cost`
//! from the same rows.
//!
//! The figures' words ([`money`], [`unit_price`], [`component`], [`headline`],
//! [`prices_sentence`]) are public for the command line's `size --target`.
//!
//! Only when the design has a deployment (`cluster.deployment`): the analysis then has a
//! [`CostReport`]. The figures are the analysis' (`analysis::cost`); nothing is priced here.

use std::fmt::Write as _;

use analysis::cost::{CostLine, CostReport, TargetCost};
use analysis::Analysis;

use crate::markdown::{code, md_paragraph, md_text};

/// An amount of money as the documents show it: `$12 345` from 100 up, `$12.34` under.
pub fn money(x: f64, currency: &str) -> String {
    let x = if x.is_finite() { x.max(0.0) } else { 0.0 };
    let figure = if x >= 100.0 {
        units::count(x.round())
    } else {
        format!("{x:.2}")
    };
    if currency == "USD" {
        format!("${figure}")
    } else {
        format!("{figure} {}", crate::text::one_line(currency))
    }
}

/// A unit price with the digits it has (list prices go down to millionths of a dollar):
/// at least two decimals, three significant figures, trailing zeros trimmed past the second.
pub fn unit_price(x: f64, currency: &str) -> String {
    let x = if x.is_finite() { x.max(0.0) } else { 0.0 };
    if x >= 100.0 || x == 0.0 {
        return money(x, currency);
    }
    let decimals = (2 - x.log10().floor() as i32).clamp(2, 10) as usize;
    let s = format!("{x:.decimals$}");
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut frac = frac.trim_end_matches('0').to_owned();
    while frac.len() < 2 {
        frac.push('0');
    }
    let figure = format!("{whole}.{frac}");
    if currency == "USD" {
        format!("${figure}")
    } else {
        format!("{figure} {}", crate::text::one_line(currency))
    }
}

/// A quantity: whole from 1 000 up (`12 345`), two decimals under.
fn quantity(x: f64) -> String {
    if x >= 1000.0 {
        units::count(x.round())
    } else {
        units::decimal(x)
    }
}

/// A component as people read it (`local_storage` → `local storage`).
pub fn component(c: &str) -> String {
    match c {
        "cross_zone" => "cross-zone traffic".into(),
        "throughput_in" => "data in".into(),
        "throughput_out" => "data out".into(),
        c => c.replace('_', " "),
    }
}

/// One target as the summary shows it.
pub(crate) struct TargetRow<'a> {
    pub cost: &'a TargetCost,
    /// `design's target`, `cheapest that fits`, both or neither.
    pub marks: Vec<&'static str>,
    pub total: String,
    /// `fits`, or `does not fit: <why>`.
    pub fits: String,
}

/// What to weigh about a target although it fits, one sentence each (`Caveat: …`).
pub(crate) fn caveats(t: &TargetCost) -> Vec<String> {
    t.caveats.iter().map(|c| format!("Caveat: {c}.")).collect()
}

/// One line of a target's bill, as words.
pub(crate) struct LineRow {
    pub component: String,
    pub quantity: String,
    /// `$0.384 per broker-hours`.
    pub unit_price: String,
    /// The price's id, with `override` when the design sets it.
    pub price_id: String,
    pub monthly: String,
    pub formula: String,
}

/// A price the bills used, with where it comes from.
pub(crate) struct PriceRow {
    pub id: String,
    pub value: String,
    pub unit: String,
    /// The table's date for the figure, or `override` when the design sets it.
    pub as_of: String,
    pub source: String,
}

pub(crate) fn targets(r: &CostReport) -> Vec<TargetRow<'_>> {
    r.targets
        .iter()
        .map(|t| {
            let mut marks = Vec::new();
            if t.id == r.target {
                marks.push("design's target");
            }
            if r.cheapest.as_deref() == Some(t.id.as_str()) {
                marks.push("cheapest that fits");
            }
            TargetRow {
                cost: t,
                marks,
                total: money(t.monthly_total, &r.currency),
                fits: fits(t),
            }
        })
        .collect()
}

fn fits(t: &TargetCost) -> String {
    match (t.fits, &t.why_not) {
        (true, _) if !t.caveats.is_empty() => "fits, with a caveat".into(),
        (true, _) => "fits".into(),
        (false, Some(why)) => format!("does not fit: {why}"),
        (false, None) => "does not fit".into(),
    }
}

pub(crate) fn lines(r: &CostReport, t: &TargetCost) -> Vec<LineRow> {
    t.lines.iter().map(|l| line(r, l)).collect()
}

fn line(r: &CostReport, l: &CostLine) -> LineRow {
    LineRow {
        component: component(l.component),
        quantity: format!("{} {}", quantity(l.quantity), l.unit),
        unit_price: format!("{} per {}", unit_price(l.unit_price, &r.currency), l.unit),
        price_id: if l.overridden {
            format!("{} (override)", l.price_id)
        } else {
            l.price_id.clone()
        },
        monthly: money(l.monthly, &r.currency),
        formula: l.formula.clone(),
    }
}

/// The sentence a reviewer reads first: the cheapest target that fits, and the design's own.
pub fn headline(r: &CostReport) -> String {
    let name = |id: &str| {
        r.targets
            .iter()
            .find(|t| t.id == id)
            .map_or_else(|| id.to_owned(), |t| t.name.clone())
    };
    let total = |id: &str| {
        r.targets
            .iter()
            .find(|t| t.id == id)
            .map(|t| money(t.monthly_total, &r.currency))
    };
    let cheapest = match &r.cheapest {
        Some(id) => {
            let caveats = r
                .targets
                .iter()
                .find(|t| &t.id == id)
                .map_or(0, |t| t.caveats.len());
            format!(
                "The cheapest target that fits: {} at {} a month{}.",
                name(id),
                total(id).unwrap_or_default(),
                if caveats > 0 {
                    format!(", with {} (below)", units::plural(caveats, "caveat", "caveats"))
                } else {
                    String::new()
                }
            )
        }
        None => "No target fits the design within its limits.".into(),
    };
    let own = match (&r.unknown_target, total(&r.target)) {
        (Some(id), _) => format!(
            " The design names the target {id}, which the price table does not list; every target is priced."
        ),
        (None, Some(t)) if r.cheapest.as_deref() != Some(r.target.as_str()) => {
            format!(" The design's target, {}, costs {t} a month.", name(&r.target))
        }
        _ => String::new(),
    };
    format!("{cheapest}{own}")
}

/// The overrides no bill uses, because the price table lists no such id; `None` without any.
pub fn unknown_prices_sentence(r: &CostReport) -> Option<String> {
    (!r.unknown_prices.is_empty()).then(|| {
        format!(
            "The design overrides prices the table does not list, which no bill uses: {}.",
            r.unknown_prices.join(", ")
        )
    })
}

/// Where the prices come from, and the units of a bill.
pub fn prices_sentence(r: &CostReport) -> String {
    let table = analysis::cost::table();
    let (hours, gb) = table.map_or((730.0, 1_073_741_824.0), |t| (t.month_hours, t.gb_bytes));
    let gb = if gb == 1_073_741_824.0 {
        "2^30 bytes".to_owned()
    } else {
        format!("{} bytes", units::count(gb))
    };
    format!(
        "Prices: the price table of {} ({}, {}), list prices on demand. A month is {} h; a GB is {gb}, as the cloud bills it.",
        r.prices_version,
        r.region,
        r.currency,
        units::decimal(hours)
    )
}

/// The growth table: its header (`× 1` …) and a row per target of monthly totals, a total at
/// a growth the target does not carry marked `(does not fit)`.
pub(crate) fn growth(r: &CostReport) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    let header = r
        .growth
        .iter()
        .map(|g| format!("× {}", units::decimal(g.factor)))
        .collect();
    let rows = r
        .targets
        .iter()
        .map(|t| {
            let totals = r
                .growth
                .iter()
                .map(|g| {
                    let Some(i) = g.totals.iter().position(|(id, _)| *id == t.id) else {
                        return "—".into();
                    };
                    let total = money(g.totals[i].1, &r.currency);
                    if g.fits.get(i).copied().unwrap_or(true) {
                        total
                    } else {
                        format!("{total} (does not fit)")
                    }
                })
                .collect();
            (t.name.clone(), totals)
        })
        .collect();
    (header, rows)
}

/// Every price a bill used, once, in the order first used, with its source.
pub(crate) fn prices_used(r: &CostReport) -> Vec<PriceRow> {
    let table = analysis::cost::table();
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for l in r.targets.iter().flat_map(|t| &t.lines) {
        if seen.contains(&l.price_id.as_str()) {
            continue;
        }
        seen.push(&l.price_id);
        let listed = table.and_then(|t| t.price(&l.price_id));
        out.push(PriceRow {
            id: l.price_id.clone(),
            value: unit_price(l.unit_price, &r.currency),
            unit: listed.map_or_else(|| l.unit.clone(), |p| p.unit.clone()),
            as_of: if l.overridden {
                "override".into()
            } else {
                listed.map_or("—".into(), |p| p.as_of.clone())
            },
            source: if l.overridden {
                "the design (cluster.deployment.prices)".into()
            } else {
                listed.map_or("not in the table (priced at 0)".into(), |p| p.source.clone())
            },
        });
    }
    out
}

/// The cross-zone traffic the bills price, in one sentence.
pub(crate) fn cross_zone_sentence(r: &CostReport) -> String {
    let c = &r.cross_zone;
    format!(
        "Traffic between zones ({} zones, follower fetching {}): {} in all — producers {}, replication {}, consumers {}. {}",
        c.zones,
        if c.follower_fetching { "on" } else { "off" },
        units::bytes_rate(c.total_bytes_per_sec),
        units::bytes_rate(c.producer_bytes_per_sec),
        units::bytes_rate(c.replication_bytes_per_sec),
        units::bytes_rate(c.consumer_bytes_per_sec),
        c.formula
    )
}

/// The Markdown section: nothing without a deployment.
pub(crate) fn markdown(out: &mut String, a: &Analysis) {
    let Some(r) = &a.cost else {
        return;
    };
    let _ = writeln!(out, "## Cost\n");
    let _ = writeln!(out, "{}\n", md_paragraph(&headline(r)));
    let _ = writeln!(out, "| Target | Buys | Monthly | Fits |");
    let _ = writeln!(out, "|---|---|---:|---|");
    for row in targets(r) {
        let marks = if row.marks.is_empty() {
            String::new()
        } else {
            format!(" — **{}**", row.marks.join(", "))
        };
        let _ = writeln!(
            out,
            "| {} ({}){marks} | {} | {} | {} |",
            md_text(&row.cost.name),
            code(&row.cost.id),
            md_text(&row.cost.units),
            md_text(&row.total),
            md_text(&row.fits),
        );
    }
    let _ = writeln!(out);
    for row in targets(r) {
        let _ = writeln!(out, "### {} ({})\n", md_text(&row.cost.name), code(&row.cost.id));
        if !row.cost.fits {
            let _ = writeln!(out, "{}\n", md_paragraph(&format!("This target {}.", row.fits)));
        }
        for c in caveats(row.cost) {
            let _ = writeln!(out, "{}\n", md_paragraph(&c));
        }
        let _ = writeln!(
            out,
            "| Component | Quantity | Unit price | Price id | Monthly | Formula |"
        );
        let _ = writeln!(out, "|---|---:|---:|---|---:|---|");
        for l in lines(r, row.cost) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                md_text(&l.component),
                md_text(&l.quantity),
                md_text(&l.unit_price),
                md_text(&l.price_id),
                md_text(&l.monthly),
                md_text(&l.formula),
            );
        }
        let _ = writeln!(out, "| **Total** | | | | **{}** | |\n", md_text(&row.total));
    }
    let (header, rows) = growth(r);
    let _ = writeln!(out, "### Growth\n");
    let _ = writeln!(
        out,
        "Monthly total at growth × 1 to × {} of today's rates; (does not fit) marks a growth the target does not carry.\n",
        header.len()
    );
    let _ = writeln!(out, "| Target | {} |", header.join(" | "));
    let _ = writeln!(out, "|---|{}", "---:|".repeat(header.len()));
    for (name, totals) in rows {
        let cells: Vec<String> = totals.iter().map(|t| md_text(t)).collect();
        let _ = writeln!(out, "| {} | {} |", md_text(&name), cells.join(" | "));
    }
    let _ = writeln!(out, "\n### Prices and assumptions\n");
    let _ = writeln!(out, "{}\n", md_paragraph(&prices_sentence(r)));
    if let Some(s) = unknown_prices_sentence(r) {
        let _ = writeln!(out, "{}\n", md_paragraph(&s));
    }
    let _ = writeln!(out, "| Price id | Unit price | Unit | As of | Source |");
    let _ = writeln!(out, "|---|---:|---|---|---|");
    for p in prices_used(r) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            md_text(&p.id),
            md_text(&p.value),
            md_text(&p.unit),
            md_text(&p.as_of),
            md_text(&p.source),
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "- {}", md_text(&cross_zone_sentence(r)));
    for s in &r.assumptions {
        let _ = writeln!(out, "- {}", md_text(s));
    }
    let _ = writeln!(out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_unit_prices_read_as_people_write_them() {
        assert_eq!(money(12_345.4, "USD"), "$12 345");
        assert_eq!(money(12.345, "USD"), "$12.35");
        assert_eq!(money(f64::NAN, "USD"), "$0.00");
        assert_eq!(money(5.0, "EUR"), "5.00 EUR");
        assert_eq!(unit_price(0.384, "USD"), "$0.384");
        assert_eq!(unit_price(0.08, "USD"), "$0.08");
        assert_eq!(unit_price(0.000005, "USD"), "$0.000005");
        assert_eq!(unit_price(0.0000004, "USD"), "$0.0000004");
        assert_eq!(unit_price(2.5, "USD"), "$2.50");
        assert_eq!(unit_price(1e9, "USD"), "$1 000 000 000");
    }

    #[test]
    fn a_design_without_a_deployment_has_no_cost_section() {
        let d = crate::samples::pipelines(3);
        let mut md = String::new();
        markdown(&mut md, &analysis::analyze(&d));
        assert!(md.is_empty());
    }

    #[test]
    fn the_section_names_the_cheapest_target_and_prices_every_line() {
        let d = crate::samples::with_deployment(crate::samples::pipelines(6));
        let a = analysis::analyze(&d);
        let r = a.cost.as_ref().expect("a cost report");
        let mut md = String::new();
        markdown(&mut md, &a);
        assert!(md.starts_with("## Cost\n"), "{md}");
        let cheapest = r.cheapest.as_ref().expect("a target fits");
        let name = &r.targets.iter().find(|t| &t.id == cheapest).unwrap().name;
        assert!(
            md.contains(&format!("The cheapest target that fits: {}", md_text(name))),
            "{md}"
        );
        for t in &r.targets {
            assert!(md.contains(&format!("### {} (`{}`)", md_text(&t.name), t.id)));
        }
        // The override is said, and the assumptions are stated.
        assert!(md.contains("(override)"), "{md}");
        assert!(md.contains("A month is 730 h; a GB is 2^30 bytes"), "{md}");
        assert!(!md.contains("prices the table does not list"), "{md}");
        assert!(md.contains(&r.prices_version) && md.contains(&r.region));
        assert!(md.contains("compression ratios"));
        // Every line of every bill is a row with its formula.
        let rows = r.targets.iter().map(|t| t.lines.len()).sum::<usize>();
        assert!(rows > 0);
        for l in r.targets.iter().flat_map(|t| &t.lines) {
            assert!(md.contains(&md_text(&l.formula)), "{}", l.formula);
        }
        assert!(md.contains("| Target | × 1 | × 2 | × 3 | × 4 | × 5 |"), "{md}");
        // WarpStream's latency is a caveat of a target that fits, said in its section.
        let diskless = r.targets.iter().find(|t| t.id == "diskless").unwrap();
        assert!(diskless.fits && !diskless.caveats.is_empty());
        assert!(md.contains("fits, with a caveat"), "{md}");
        for c in caveats(diskless) {
            assert!(md.contains(&md_paragraph(&c)), "{md}");
        }
    }

    #[test]
    fn an_override_the_table_lacks_is_said() {
        let mut d = crate::samples::with_deployment(crate::samples::pipelines(3));
        let dep = d.cluster.deployment.as_mut().unwrap();
        dep.prices.insert("ec2.m7g.hour".into(), 0.2);
        let mut md = String::new();
        markdown(&mut md, &analysis::analyze(&d));
        assert!(
            md.contains(&md_paragraph(
                "The design overrides prices the table does not list, which no bill uses: ec2.m7g.hour."
            )),
            "{md}"
        );
    }

    #[test]
    fn a_target_that_does_not_fit_says_why() {
        let mut d = crate::samples::with_deployment(crate::samples::pipelines(6));
        // Thousands of partitions: past what one serverless cluster holds.
        for n in d.nodes.iter_mut().filter(|n| n.kind == design::NodeKind::Topic) {
            n.partitions = Some(2_000);
        }
        let a = analysis::analyze(&d);
        let r = a.cost.as_ref().unwrap();
        let unfit: Vec<_> = r.targets.iter().filter(|t| !t.fits).collect();
        assert!(
            !unfit.is_empty(),
            "{:?}",
            r.targets.iter().map(|t| (&t.id, t.fits)).collect::<Vec<_>>()
        );
        let mut md = String::new();
        markdown(&mut md, &a);
        for t in unfit {
            let why = t.why_not.as_deref().unwrap_or_default();
            assert!(md.contains(&md_text(&format!("does not fit: {why}"))), "{md}");
        }
    }
}
