//! The History tab: a saved design's revisions (who, when, what changed), opening an old one
//! read-only, restoring it, and what changed between any revision and the newest.

use leptos::prelude::*;
use serde::Deserialize;
use serde_json::Value;

use super::sync::{DesignSync, SaveState};
use crate::api;
use crate::components::my_designs::short_time;

#[derive(Clone, Debug, Deserialize)]
struct Revision {
    revision: i64,
    created_at: String,
    author: Option<String>,
    summary: design::DiffSummary,
    restored_from: Option<i64>,
}

#[derive(Deserialize)]
struct Revisions {
    revisions: Vec<Revision>,
}

#[component]
pub fn HistoryPanel(sync: DesignSync) -> impl IntoView {
    let list = RwSignal::new(None::<Result<Vec<Revision>, String>>);
    let compare = RwSignal::new(None::<(i64, i64, Result<Value, String>)>);
    // Reload whenever a new revision is saved.
    Effect::new(move |_| {
        let saved = matches!(sync.state.get(), SaveState::Saved(_));
        let Some(id) = sync.design_id.get() else { return };
        if !saved && list.with_untracked(Option::is_some) {
            return;
        }
        leptos::task::spawn_local(async move {
            let got = match api::get(&format!("/api/v1/designs/{id}/revisions")).await {
                Ok(r) => r.parse::<Revisions>().map(|r| r.revisions),
                Err(e) => Err(e),
            };
            list.set(Some(got));
        });
    });
    let diff_with_latest = move |from: i64| {
        let Some(id) = sync.design_id.get_untracked() else {
            return;
        };
        let to = sync.base.get_untracked().unwrap_or(from);
        leptos::task::spawn_local(async move {
            let got = match api::get(&format!("/api/v1/designs/{id}/diff?from={from}&to={to}")).await {
                Ok(r) if r.ok() => Ok(r.body),
                Ok(r) => Err(r.message()),
                Err(e) => Err(e),
            };
            compare.set(Some((from, to, got)));
        });
    };

    view! {
        <div class="history" data-testid="history">
            {move || match sync.state.get() {
                SaveState::Viewing(n) => Some(view! {
                    <div class="viewing-banner" data-testid="viewing-banner">
                        <p>"Showing revision " {n} ", read-only."</p>
                        <button class="button" data-testid="back-to-latest" on:click=move |_| sync.reload_latest()>
                            "Back to the newest revision"
                        </button>
                    </div>
                }),
                _ => None,
            }}
            {move || compare.get().map(|(from, to, got)| view! { <DiffView from to got close=move || compare.set(None) /> })}
            {move || match list.get() {
                None => view! { <p class="muted">"Loading the history…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error">{e}</p> }.into_any(),
                Some(Ok(revisions)) => {
                    let newest = revisions.first().map(|r| r.revision);
                    view! {
                        <ol class="revisions">
                            {revisions.into_iter().map(|r| {
                                let n = r.revision;
                                let is_newest = Some(n) == newest;
                                let what = match r.restored_from {
                                    Some(from) => format!("restored revision {from} ({})", r.summary.describe()),
                                    None if n == 1 => format!("created ({})", r.summary.describe()),
                                    None => r.summary.describe(),
                                };
                                view! {
                                    <li class="revision" data-testid=format!("revision-{n}")>
                                        <div class="revision-head">
                                            <strong>"r" {n}</strong>
                                            <span class="muted">{short_time(&r.created_at)}</span>
                                        </div>
                                        <div class="revision-what">{what}</div>
                                        <div class="muted">{r.author.unwrap_or_else(|| "(deleted account)".into())}</div>
                                        <div class="revision-actions">
                                            <button data-testid=format!("revision-open-{n}") on:click=move |_| sync.view_revision(n)>"View"</button>
                                            {(!is_newest).then(|| view! {
                                                <button data-testid=format!("revision-diff-{n}") on:click=move |_| diff_with_latest(n)>"Changes since"</button>
                                                <button data-testid=format!("revision-restore-{n}") on:click=move |_| sync.restore(n)>"Restore"</button>
                                            })}
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any()
                }
            }}
        </div>
    }
    .into_any()
}

/// What changed from revision `from` to `to`, node by node and field by field.
#[component]
fn DiffView(
    from: i64,
    to: i64,
    got: Result<Value, String>,
    close: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let body = match got {
        Err(e) => view! { <p class="form-error">{e}</p> }.into_any(),
        Ok(v) => {
            let names = |key: &str| -> Vec<String> {
                v["diff"][key]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|n| {
                        format!(
                            "{} ({})",
                            n["name"].as_str().unwrap_or_default(),
                            n["kind"].as_str().unwrap_or_default()
                        )
                    })
                    .collect()
            };
            let section = |title: &'static str, class: &'static str, items: Vec<String>| {
                (!items.is_empty()).then(|| view! {
                    <h4>{title}</h4>
                    <ul class=class>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                })
            };
            let changed: Vec<String> = v["diff"]["changed"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|n| {
                    let name = n["name"].as_str().unwrap_or_default().to_owned();
                    n["fields"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default()
                        .into_iter()
                        .map(move |f| {
                            format!(
                                "{name}: {} {} → {}",
                                f["field"].as_str().unwrap_or_default(),
                                shown(&f["before"]),
                                shown(&f["after"])
                            )
                        })
                })
                .collect();
            let edges = |key: &str| -> Vec<String> {
                v["diff"][key]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|e| {
                        format!(
                            "{} → {}",
                            e[0].as_str().unwrap_or_default(),
                            e[1].as_str().unwrap_or_default()
                        )
                    })
                    .collect()
            };
            let design_fields: Vec<String> = v["diff"]["design_fields"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|f| {
                    format!(
                        "{} {} → {}",
                        f["field"].as_str().unwrap_or_default(),
                        shown(&f["before"]),
                        shown(&f["after"])
                    )
                })
                .collect();
            view! {
                <p>{v["description"].as_str().unwrap_or_default().to_owned()}</p>
                {section("Added", "diff-added", names("added"))}
                {section("Removed", "diff-removed", names("removed"))}
                {section("Changed", "diff-changed", changed)}
                {section("Moved", "diff-moved", names("moved"))}
                {section("Edges added", "diff-added", edges("edges_added"))}
                {section("Edges removed", "diff-removed", edges("edges_removed"))}
                {section("Design settings", "diff-changed", design_fields)}
            }
            .into_any()
        }
    };
    view! {
        <section class="diff" data-testid="diff-view" aria-label="Changes between revisions">
            <div class="diff-head">
                <h3>"Changes from r" {from} " to r" {to}</h3>
                <button class="icon-button" aria-label="Close" on:click=move |_| close()>"×"</button>
            </div>
            {body}
        </section>
    }
    .into_any()
}

/// A JSON value as a person reads it: `unset` for null, strings without quotes.
fn shown(v: &Value) -> String {
    match v {
        Value::Null => "unset".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
