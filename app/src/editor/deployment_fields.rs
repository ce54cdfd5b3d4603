//! The deployment's fields in the Cost section of the Analysis tab: the availability zones,
//! follower fetching (`client.rack`, KIP-392), the share of reads leaving over the internet,
//! compression ratios by payload kind and `compression.type` (the studio's assumptions as
//! placeholders), and unit price overrides for the prices the chosen target's bill uses (the
//! table's list price as placeholder; empty means the list price).
//!
//! These fields are drawn once per deployment, not once per analysis: the bill above them
//! changes on every keystroke while the input keeps its focus.

use std::sync::Arc;

use analysis::compression::{self, Payload, COMPRESSION_CODECS};
use analysis::Analysis;
use design::{Deployment, Element};
use leptos::prelude::*;

use super::fields::{bool_str, no_hint, parse_bool, problem, to_u32, yes_no, NumberInput, Row, Select};
use super::state::Editor;

/// Changes the deployment (made when missing); consecutive changes of `field` are one undo step.
fn set(editor: Editor, field: &str, change: impl FnOnce(&mut Deployment)) {
    editor.update_meta(&format!("deployment/{field}"), |m| {
        change(m.cluster.deployment.get_or_insert_with(Default::default))
    })
}

/// The zones, follower fetching, internet egress and compression ratios of the deployment.
#[component]
pub fn DeploymentFields(editor: Editor) -> impl IntoView {
    let ro = Signal::derive(move || editor.read_only().get());
    let dep = Memo::new(move |_| {
        editor
            .meta()
            .with(|m| m.cluster.deployment.clone().unwrap_or_default())
    });
    let err = move |field: &'static str| {
        Signal::derive(move || {
            editor
                .problems()
                .with(|p| problem(p, None, &format!("cluster.deployment.{field}")))
        })
    };
    let ratio_errors = Signal::derive(move || {
        editor.problems().with(|p| {
            p.iter()
                .filter(|p| {
                    p.element == Element::Cluster
                        && p.field
                            .as_deref()
                            .is_some_and(|f| f.starts_with("deployment.compression_ratios"))
                })
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
        })
    });
    // A cell of the ratio table: `payload` None is the row of bare codec keys (every payload).
    let cell = move |payload: Option<Payload>, codec: &'static str| {
        let key = match payload {
            Some(p) => format!("{}.{codec}", p.key()),
            None => codec.to_owned(),
        };
        let shown = key.clone();
        let value = Signal::derive(move || dep.with(|d| d.compression_ratios.get(&shown).copied()));
        // What an empty cell means: the ratio in effect without this key.
        let placeholder = Signal::derive(move || match payload {
            Some(p) => dep.with(|d| {
                let mut without = d.clone();
                without.compression_ratios.remove(&format!("{}.{codec}", p.key()));
                format!("{:.2}", compression::ratio(&without, p, codec))
            }),
            None => "—".to_owned(),
        });
        let id = format!("ratio-{}-{codec}", payload.map_or("all", Payload::key));
        view! {
            <td>
                <NumberInput id=id.clone() testid=id step="0.01" value disabled=ro placeholder
                    on_change=move |x| {
                        let key = key.clone();
                        set(editor, &format!("ratio/{key}"), move |d| match x {
                            Some(x) => { d.compression_ratios.insert(key, x); }
                            None => { d.compression_ratios.remove(&key); }
                        })
                    } />
            </td>
        }
    };
    view! {
        <fieldset class="deployment-fields" data-testid="deployment-fields">
            <legend>"Where it runs"</legend>
            <Row label="Availability zones".into() input_id="deployment-zones".into()
                hint=Signal::derive(|| Some("brokers round up to a multiple of the zones; empty: 3".to_owned()))
                error=err("zones")>
                <NumberInput id="deployment-zones".into() testid="deployment-zones".into() step="1" placeholder="3"
                    value=Signal::derive(move || dep.with(|d| d.zones.map(f64::from)))
                    disabled=ro
                    on_change=move |x| set(editor, "zones", move |d| d.zones = x.map(to_u32)) />
            </Row>
            <Row label="Follower fetching (client.rack)".into() input_id="deployment-follower-fetching".into()
                hint=Signal::derive(|| Some("consumers read from a replica in their own zone (KIP-392)".to_owned()))
                error=err("follower_fetching")>
                <Select id="deployment-follower-fetching".into() testid="deployment-follower-fetching".into()
                    options=yes_no("false")
                    value=Signal::derive(move || dep.with(|d| bool_str(d.follower_fetching)))
                    disabled=ro
                    on_change=move |v| set(editor, "follower_fetching", move |d| d.follower_fetching = parse_bool(&v)) />
            </Row>
            <Row label="Reads over the internet".into() input_id="deployment-egress".into() unit="share, 0–1"
                hint=no_hint() error=err("internet_egress_share")>
                <NumberInput id="deployment-egress".into() testid="deployment-egress".into() step="0.05" placeholder="0"
                    value=Signal::derive(move || dep.with(|d| d.internet_egress_share))
                    disabled=ro
                    on_change=move |x| set(editor, "internet_egress_share", move |d| d.internet_egress_share = x) />
            </Row>
            <table class="ratios" data-testid="compression-ratios">
                <caption>"Compression ratio (compressed ÷ uncompressed); empty: the studio's assumption"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Payload"</th>
                        {COMPRESSION_CODECS.iter().map(|c| view! { <th scope="col">{*c}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    <tr title="A ratio here applies to every payload whose own row leaves it empty">
                        <th scope="row">"Every payload"</th>
                        {COMPRESSION_CODECS.iter().map(|&c| cell(None, c)).collect_view()}
                    </tr>
                    {Payload::ALL.iter().map(|&p| view! {
                        <tr>
                            <th scope="row">{p.label()}</th>
                            {COMPRESSION_CODECS.iter().map(|&c| cell(Some(p), c)).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {move || ratio_errors.get().into_iter().map(|e| view! { <p class="field-error" role="status">{e}</p> }).collect_view()}
        </fieldset>
    }
}

/// One price the chosen target's bill uses.
#[derive(Clone, Debug, PartialEq)]
struct Used {
    id: String,
    component: String,
    unit: String,
    list: f64,
    /// The other targets whose bills use the same price.
    shared_with: Vec<String>,
}

/// Unit price overrides for the prices the chosen target's bill uses.
#[component]
pub fn PriceOverrides(editor: Editor, analysis: Memo<Arc<Analysis>>) -> impl IntoView {
    let ro = Signal::derive(move || editor.read_only().get());
    let used = Memo::new(move |_| {
        let table = analysis::cost::table();
        analysis.with(|a| {
            let Some(cost) = &a.cost else { return Vec::new() };
            let mut out: Vec<Used> = Vec::new();
            for line in cost
                .targets
                .iter()
                .filter(|t| t.id == cost.target)
                .flat_map(|t| &t.lines)
            {
                if out.iter().any(|u| u.id == line.price_id) {
                    continue;
                }
                let price = table.and_then(|t| t.price(&line.price_id));
                let shared_with = cost
                    .targets
                    .iter()
                    .filter(|t| t.id != cost.target && t.lines.iter().any(|l| l.price_id == line.price_id))
                    .map(|t| t.id.clone())
                    .collect();
                out.push(Used {
                    id: line.price_id.clone(),
                    component: line.component.replace('_', " "),
                    unit: price.map_or_else(String::new, |p| p.unit.clone()),
                    list: price.map_or(line.unit_price, |p| p.value),
                    shared_with,
                });
            }
            out
        })
    });
    let overrides = Memo::new(move |_| {
        editor
            .meta()
            .with(|m| m.cluster.deployment.as_ref().map_or(0, |d| d.prices.len()))
    });
    let clear = move |_| set(editor, "prices/clear", |d| d.prices.clear());
    let row = move |u: Used| {
        let id = u.id.clone();
        let shown = u.id.clone();
        let value = Signal::derive(move || {
            editor.meta().with(|m| {
                m.cluster
                    .deployment
                    .as_ref()
                    .and_then(|d| d.prices.get(&shown).copied())
            })
        });
        let error = Signal::derive({
            let id = u.id.clone();
            move || {
                editor
                    .problems()
                    .with(|p| problem(p, None, &format!("cluster.deployment.prices.{id}")))
            }
        });
        let input_id = format!("price-{}", u.id);
        let shared = (!u.shared_with.is_empty()).then(|| format!("also prices {}", u.shared_with.join(", ")));
        view! {
            <Row label=format!("{} ({})", u.component, u.id) input_id=input_id.clone() unit=u.unit.clone()
                hint=Signal::derive(move || shared.clone()) error>
                <NumberInput id=input_id testid=format!("price-{}", u.id) step="any"
                    placeholder=u.list.to_string()
                    value disabled=ro
                    on_change=move |x| {
                        let id = id.clone();
                        set(editor, &format!("price/{id}"), move |d| match x {
                            Some(x) => { d.prices.insert(id, x); }
                            None => { d.prices.remove(&id); }
                        })
                    } />
            </Row>
        }
    };
    view! {
        <fieldset class="price-overrides" data-testid="price-overrides">
            <legend>"Unit prices this bill uses (empty: the list price)"</legend>
            {move || used.get().into_iter().map(row).collect_view()}
            {move || (overrides.get() > 0).then(|| view! {
                <button class="link-button" data-testid="prices-clear" disabled=move || ro.get() on:click=clear>
                    {format!("Back to list prices ({} overridden)", overrides.get())}
                </button>
            })}
        </fieldset>
    }
}
