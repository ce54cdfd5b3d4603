//! What the design costs, live in the Analysis tab: the deployment target (switchable), its
//! monthly bill line by line with each term's formula and the unit price it used, every target
//! side by side as bars (the cheapest that fits named, those that do not fit said why), and the
//! cross-zone traffic. A design without a deployment offers to add one (self-managed brokers over
//! three zones, list prices).

use std::sync::Arc;

use analysis::cost::CostReport;
use analysis::Analysis;
use leptos::prelude::*;

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
    move || {
        let a = analysis.get();
        let body = match &a.cost {
            None => view! {
                <p class="muted">"What would this design cost to run, and where? Add a deployment to compare targets."</p>
                <button class="button" data-testid="cost-add" disabled=move || ro.get() on:click=add>"Price this design"</button>
            }
            .into_any(),
            Some(cost) => view! { <Breakdown cost=cost.clone() ro choose /> }.into_any(),
        };
        view! {
            <section class="panel-section cost" data-testid="cost" aria-label="Cost">
                <h2>"Cost per month"</h2>
                {body}
            </section>
        }
    }
}

#[component]
fn Breakdown(
    cost: CostReport,
    ro: Signal<bool>,
    choose: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let currency = cost.currency.clone();
    let money = move |x: f64| format!("{} {}", units::count(x.round()), currency);
    let options: Vec<(String, String)> = cost
        .targets
        .iter()
        .map(|t| (t.id.clone(), format!("{} · {}", t.name, money(t.monthly_total))))
        .collect();
    let current = cost.targets.iter().find(|t| t.id == cost.target).cloned();
    let top = cost
        .targets
        .iter()
        .map(|t| t.monthly_total)
        .fold(1.0_f64, f64::max);
    let selected = cost.target.clone();
    let cheapest = cost.cheapest.clone();
    let bars = cost
        .targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let w = (t.monthly_total / top * 200.0).clamp(0.0, 200.0);
            let y = i as f64 * 18.0;
            let class = match (t.id == selected, t.fits) {
                (_, false) => "bar no-fit",
                (true, true) => "bar chosen",
                (false, true) => "bar",
            };
            let note = if !t.fits {
                " (does not fit)".to_owned()
            } else if cheapest.as_deref() == Some(t.id.as_str()) {
                " (cheapest)".to_owned()
            } else {
                String::new()
            };
            view! {
                <g data-testid=format!("cost-bar-{}", t.id)>
                    <text x=0 y=y + 12.0>{t.id.clone()}</text>
                    <rect class=class x=110 y=y + 2.0 width=w.max(0.5) height=12 />
                    <text x=115.0 + w y=y + 12.0>{format!("{}{note}", money(t.monthly_total))}</text>
                </g>
            }
        })
        .collect_view();
    let height = cost.targets.len() as f64 * 18.0 + 4.0;
    let unknown = cost.unknown_target.clone().map(
        |t| view! { <p class="form-error">{format!("Unknown target `{t}`: priced as {}.", cost.target)}</p> },
    );
    view! {
        {unknown}
        <label class="cost-target">
            "Target "
            <select data-testid="cost-target" disabled=move || ro.get()
                on:change=move |ev| choose(event_target_value(&ev))>
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
                {t.why_not.clone().map(|w| view! { <p class="note">{format!("Does not fit: {w}")}</p> })}
                <table class="cost-lines" data-testid="cost-lines">
                    <tbody>
                        {lines.into_iter().map(|l| view! {
                            <tr data-testid=format!("cost-line-{}", l.component) title=l.formula.clone()>
                                <td>{l.component.replace('_', " ")}</td>
                                <td class="num">{format!("{} {}", units::decimal(l.quantity), l.unit)}</td>
                                <td class="num">{money(l.monthly)}{l.overridden.then_some(" (your price)")}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
        })}
        <svg class="cost-bars" data-testid="cost-chart" viewBox=format!("0 0 360 {height}") role="img"
            aria-label="Monthly cost per deployment target">
            {bars}
        </svg>
        <p class="muted">{format!(
            "Cross-zone: {}. Prices: {} ({}), {}.",
            units::bytes_rate(cost.cross_zone.total_bytes_per_sec),
            cost.prices_version,
            cost.region,
            cost.cheapest.as_deref().map_or("no target fits".to_owned(), |c| format!("cheapest that fits: {c}")),
        )}</p>
    }
}
