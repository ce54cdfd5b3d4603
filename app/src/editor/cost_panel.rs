//! What the design costs, live in the Analysis tab: the deployment target (switchable), its
//! monthly bill line by line with each term's formula and the unit price it used, every target
//! side by side as bars (the cheapest that fits named, those that do not fit said why), and the
//! cross-zone traffic, the totals at growth × 1 to × 5, and the deployment's fields
//! (`deployment_fields`). A design without a deployment offers to add one (self-managed brokers
//! over three zones, list prices).

use std::sync::Arc;

use analysis::cost::{CostGroup, CostReport};
use analysis::Analysis;
use leptos::prelude::*;

use super::deployment_fields::{DeploymentFields, PriceOverrides};
use super::state::Editor;

#[component]
pub fn CostPanel(editor: Editor, analysis: Memo<Arc<Analysis>>) -> impl IntoView {
    let ro = Signal::derive(move || editor.read_only().get());
    let add = move |_| {
        editor.update_meta("deployment", |m| {
            m.cluster.deployment.get_or_insert_with(Default::default);
        })
    };
    let choose = move |id: String| {
        editor.update_meta("deployment/target", |m| {
            m.cluster.deployment.get_or_insert_with(Default::default).target = Some(id);
        })
    };
    let priced = Memo::new(move |_| editor.meta().with(|m| m.cluster.deployment.is_some()));
    let body = move || {
        let a = analysis.get();
        match &a.cost {
            None => view! {
                <p class="muted">"What would this design cost to run, and where? Add a deployment to compare targets."</p>
                <button class="button" data-testid="cost-add" disabled=move || ro.get() on:click=add>"Price this design"</button>
            }
            .into_any(),
            Some(cost) => view! { <Breakdown cost=cost.clone() ro choose /> }.into_any(),
        }
    };
    view! {
        <section class="panel-section cost" data-testid="cost" aria-label="Cost">
            <h2>"Cost per month"</h2>
            {body}
            {move || priced.get().then(|| view! {
                <DeploymentFields editor />
                <PriceOverrides editor analysis />
            })}
        </section>
    }
}

/// A monthly figure: whole and grouped, with the currency (`3 298 USD`).
fn money(x: f64, currency: &str) -> String {
    format!("{} {currency}", units::count(x.round()))
}

/// Every target's bill as a bar stacked by component (the design's target outlined, one that
/// does not fit dashed, the cheapest that fits said), each segment titled with its line.
fn bars(cost: &CostReport) -> impl IntoView {
    let money = |x: f64| money(x, &cost.currency);
    const WIDTH: f64 = 170.0;
    let top = cost
        .targets
        .iter()
        .map(|t| t.monthly_total)
        .filter(|t| t.is_finite())
        .fold(1.0_f64, f64::max);
    let rows = cost
        .targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let y = i as f64 * 18.0;
            let mut x = 110.0;
            let segments = t
                .lines
                .iter()
                .filter(|l| l.monthly > 0.0)
                .map(|l| {
                    let w = (l.monthly / top * WIDTH).clamp(0.0, WIDTH);
                    let at = x;
                    x += w;
                    view! {
                        <rect class=format!("seg {}", CostGroup::of(l.component).slug()) x=at y=y + 2.0 width=w height=12>
                            <title>{format!("{}: {}", l.component.replace('_', " "), money(l.monthly))}</title>
                        </rect>
                    }
                })
                .collect_view();
            let w = (t.monthly_total / top * WIDTH).clamp(0.0, WIDTH);
            let class = match (t.id == cost.target, t.fits) {
                (_, false) => "bar no-fit",
                (true, true) => "bar chosen",
                (false, true) => "bar",
            };
            let note = if !t.fits {
                " (does not fit)"
            } else if cost.cheapest.as_deref() == Some(t.id.as_str()) {
                " (cheapest)"
            } else {
                ""
            };
            view! {
                <g data-testid=format!("cost-bar-{}", t.id)>
                    <text x=0 y=y + 12.0>{t.id.clone()}</text>
                    {segments}
                    <rect class=class x=110 y=y + 2.0 width=w.max(0.5) height=12 />
                    <text x=115.0 + w y=y + 12.0>{format!("{}{note}", money(t.monthly_total))}</text>
                </g>
            }
        })
        .collect_view();
    let height = cost.targets.len() as f64 * 18.0 + 4.0;
    view! {
        <svg class="cost-bars" data-testid="cost-chart" viewBox=format!("0 0 360 {height}") role="img"
            aria-label="Monthly cost per deployment target, stacked by component">
            {rows}
        </svg>
        <p class="cost-legend">
            {CostGroup::ALL
                .into_iter()
                .filter(|g| cost.targets.iter().flat_map(|t| &t.lines).any(|l| CostGroup::of(l.component) == *g && l.monthly > 0.0))
                .map(|g| view! { <span class=format!("swatch {}", g.slug())></span>{g.label()}" " })
                .collect_view()}
        </p>
    }
}

/// Every target's monthly total at growth × 1 to × 5, a line each (the design's target bold).
fn growth_chart(cost: &CostReport) -> impl IntoView {
    const W: f64 = 320.0;
    const H: f64 = 120.0;
    const LEFT: f64 = 36.0;
    let points = &cost.growth;
    let top = points
        .iter()
        .flat_map(|p| p.totals.iter().map(|(_, t)| *t))
        .filter(|t| t.is_finite())
        .fold(1.0_f64, f64::max);
    let (first, last) = match (points.first(), points.last()) {
        (Some(f), Some(l)) if l.factor > f.factor => (f.factor, l.factor),
        _ => return None,
    };
    let x = move |f: f64| LEFT + (f - first) / (last - first) * (W - LEFT - 84.0);
    let y = move |t: f64| H - 14.0 - (t / top).clamp(0.0, 1.0) * (H - 24.0);
    let ends: Vec<f64> = (0..cost.targets.len())
        .map(|i| {
            y(points
                .last()
                .and_then(|p| p.totals.get(i))
                .map_or(0.0, |(_, t)| *t))
        })
        .collect();
    let labels = label_positions(&ends, 9.0);
    let lines =
        cost.targets
            .iter()
            .enumerate()
            .map(|(i, target)| {
                let path = points
                    .iter()
                    .filter_map(|p| {
                        p.totals
                            .get(i)
                            .map(|(_, t)| format!("{:.1},{:.1}", x(p.factor), y(*t)))
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                // Points where the target no longer fits: a hollow red mark each.
                let misfits = points
                .iter()
                .filter(|p| p.fits.get(i) == Some(&false))
                .filter_map(|p| p.totals.get(i).map(|(_, t)| (x(p.factor), y(*t), p.factor)))
                .map(|(cx, cy, f)| view! {
                    <circle class="no-fit" cx=cx cy=cy r=3>
                        <title>{format!("{}: does not fit at × {}", target.id, units::decimal(f))}</title>
                    </circle>
                })
                .collect_view();
                let label_y = labels.get(i).copied().unwrap_or(0.0);
                let class = if target.id == cost.target {
                    "growth chosen"
                } else {
                    "growth"
                };
                view! {
                    <g data-testid=format!("cost-growth-{}", target.id)>
                        <polyline class=class points=path />
                        {misfits}
                        <text x=x(last) + 4.0 y=label_y + 3.0>{target.id.clone()}</text>
                    </g>
                }
            })
            .collect_view();
    let ticks = points
        .iter()
        .map(|p| view! { <text class="tick" x=x(p.factor) - 6.0 y=H - 2.0>{format!("× {}", units::decimal(p.factor))}</text> })
        .collect_view();
    Some(view! {
        <svg class="cost-growth" data-testid="cost-growth" viewBox=format!("0 0 {W} {H}") role="img"
            aria-label="Monthly cost per target at growth × 1 to × 5">
            <text class="tick" x=0 y=10>{format!("{} {}", units::count(top.round()), cost.currency)}</text>
            <line class="axis" x1=LEFT y1=H - 14.0 x2=W - 84.0 y2=H - 14.0 />
            {ticks}
            {lines}
        </svg>
    })
}

#[component]
fn Breakdown(
    cost: CostReport,
    ro: Signal<bool>,
    choose: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let currency = cost.currency.clone();
    let money = {
        let currency = currency.clone();
        move |x: f64| money(x, &currency)
    };
    let options: Vec<(String, String)> = cost
        .targets
        .iter()
        .map(|t| (t.id.clone(), format!("{} · {}", t.name, money(t.monthly_total))))
        .collect();
    let current = cost.targets.iter().find(|t| t.id == cost.target).cloned();
    let bars = bars(&cost);
    // A target id the table lacks: no bill; the select asks for one of the known targets.
    let unknown = cost.unknown_target.clone();
    let unknown_note = unknown.clone().map(|t| {
        view! { <p class="form-error" data-testid="cost-unknown-target">{format!("The design names target `{t}`, which the price table does not have: choose one.")}</p> }
    });
    view! {
        {unknown_note}
        <label class="cost-target">
            "Target "
            <select data-testid="cost-target" disabled=move || ro.get()
                on:change=move |ev| choose(event_target_value(&ev))>
                {unknown.is_some().then(|| view! { <option value="" selected disabled>"Choose a target…"</option> })}
                {options.into_iter().map(|(id, label)| {
                    let is = id == cost.target;
                    view! { <option value=id selected=is>{label}</option> }
                }).collect_view()}
            </select>
        </label>
        {current.map(|t| {
            let lines = t.lines.clone();
            view! {
                <p class="headline" data-testid="cost-total">
                    <strong>{money(t.monthly_total)}</strong>
                    {format!(" for {}", t.units)}
                </p>
                {t.why_not.clone().map(|w| view! { <p class="note" data-testid="cost-why-not">{format!("Does not fit: {w}")}</p> })}
                {t.caveats.iter().map(|c| view! { <p class="note" data-testid="cost-caveat">{format!("Caveat: {c}")}</p> }).collect_view()}
                <table class="cost-lines" data-testid="cost-lines">
                    <tbody>
                        {lines.into_iter().map(|l| {
                            let price = format!(
                                "{} · at {} {currency} per {} ({}{})",
                                l.formula,
                                l.unit_price,
                                l.unit,
                                l.price_id,
                                if l.overridden { ", your price" } else { "" },
                            );
                            view! {
                                <tr data-testid=format!("cost-line-{}", l.component)>
                                    <td>{l.component.replace('_', " ")}</td>
                                    <td class="qty">{format!("{} {}", quantity(l.quantity), l.unit)}</td>
                                    <td class="num">{money(l.monthly)}{l.overridden.then_some(" (your price)")}</td>
                                </tr>
                                <tr class="formula" data-testid=format!("cost-formula-{}", l.component)>
                                    <td colspan="3">{price}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
        })}
        {bars}
        {growth_chart(&cost)}
        <p class="muted" data-testid="cost-cross-zone" title=cost.cross_zone.formula.clone()>{format!(
            "Cross-zone over {} zones: {} (producers {}, replication {}, consumers {}{}).",
            cost.cross_zone.zones,
            units::bytes_rate(cost.cross_zone.total_bytes_per_sec),
            units::bytes_rate(cost.cross_zone.producer_bytes_per_sec),
            units::bytes_rate(cost.cross_zone.replication_bytes_per_sec),
            units::bytes_rate(cost.cross_zone.consumer_bytes_per_sec),
            if cost.cross_zone.follower_fetching { ", fetching from followers" } else { "" },
        )}</p>
        <p class="muted">{format!(
            "Prices: {} ({}), {}.",
            cost.prices_version,
            cost.region,
            cost.cheapest.as_deref().map_or("no target fits".to_owned(), |c| format!("cheapest that fits: {c}")),
        )}</p>
        {(!cost.unknown_prices.is_empty()).then(|| view! {
            <p class="form-error" data-testid="cost-unknown-prices">{format!(
                "Overrides of prices the table does not have, not used: {}.",
                cost.unknown_prices.join(", ")
            )}</p>
        })}
    }
}

/// The y of each line's label at the chart's right end: each line's own end, pushed apart so
/// that no two labels are closer than `gap` (the lowest stays, those above move up).
fn label_positions(ends: &[f64], gap: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..ends.len()).collect();
    order.sort_by(|a, b| ends[*b].total_cmp(&ends[*a]));
    let mut out = ends.to_vec();
    let mut below = f64::INFINITY;
    for i in order {
        let y = out[i].min(below - gap);
        out[i] = y;
        below = y;
    }
    out
}

/// A bill line's quantity: whole and grouped from 100 up (`73 425`), else with decimals.
fn quantity(q: f64) -> String {
    if q.abs() >= 100.0 {
        units::count(q.round())
    } else {
        units::decimal(q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_keep_their_distance() {
        let ys = label_positions(&[50.0, 52.0, 100.0, 51.0], 9.0);
        assert_eq!(ys[2], 100.0, "a label far from the others stays");
        let mut close = [ys[0], ys[1], ys[3]];
        close.sort_by(f64::total_cmp);
        assert!(close.windows(2).all(|w| w[1] - w[0] >= 9.0 - 1e-9), "{ys:?}");
        assert_eq!(label_positions(&[], 9.0), Vec::<f64>::new());
    }

    #[test]
    fn quantities_read_as_numbers() {
        assert_eq!(quantity(73_425.47), "73 425");
        assert_eq!(quantity(2.5), "2.5");
    }
}
