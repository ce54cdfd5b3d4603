//! The History tab: a saved design's revisions (who, when, what changed), opening an old one
//! read-only, restoring it, and what changed between any revision and the newest.

use api::{urls, DiffBody, Revision, RevisionInfo, RevisionList};
use leptos::prelude::*;
use serde_json::Value;

use super::sync::{DesignSync, SaveState};
use crate::client;
use crate::components::my_designs::short_time;

#[component]
pub fn HistoryPanel(sync: DesignSync) -> impl IntoView {
    let list = RwSignal::new(None::<Result<Vec<RevisionInfo>, String>>);
    let compare = RwSignal::new(None::<(Revision, Revision, Result<DiffBody, String>)>);
    // Reload whenever a new revision is saved.
    Effect::new(move |_| {
        let saved = matches!(sync.state.get(), SaveState::Saved(_));
        let Some(id) = sync.design_id.get() else { return };
        if !saved && list.with_untracked(Option::is_some) {
            return;
        }
        leptos::task::spawn_local(async move {
            let got = client::get::<RevisionList>(&urls::revisions(id)).await;
            list.set(Some(got.map(|l| l.revisions).map_err(|e| e.to_string())));
        });
    });
    let diff_with_latest = move |from: Revision| {
        let Some(id) = sync.design_id.get_untracked() else {
            return;
        };
        let to = sync.base.get_untracked().unwrap_or(from);
        leptos::task::spawn_local(async move {
            let got = client::get::<DiffBody>(&urls::diff(id, from, to)).await;
            compare.set(Some((from, to, got.map_err(|e| e.to_string()))));
        });
    };

    view! {
        <div class="history" data-testid="history">
            {move || match sync.state.get() {
                SaveState::Viewing(n) => Some(view! {
                    <div class="viewing-banner" data-testid="viewing-banner">
                        <p>"Showing revision " {n.to_string()} ", read-only."</p>
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
                                    None if n == Revision::FIRST => format!("created ({})", r.summary.describe()),
                                    None => r.summary.describe(),
                                };
                                view! {
                                    <li class="revision" data-testid=format!("revision-{n}")>
                                        <div class="revision-head">
                                            <strong>"r" {n.to_string()}</strong>
                                            <span class="muted">{short_time(r.created_at)}</span>
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
    from: Revision,
    to: Revision,
    got: Result<DiffBody, String>,
    close: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let body = match got {
        Err(e) => view! { <p class="form-error">{e}</p> }.into_any(),
        Ok(body) => {
            let diff = body.diff;
            let names = |nodes: Vec<design::diff::NodeRef>| -> Vec<String> {
                nodes
                    .into_iter()
                    .map(|n| format!("{} ({})", n.name, n.kind))
                    .collect()
            };
            let section = |title: &'static str, class: &'static str, items: Vec<String>| {
                (!items.is_empty()).then(|| view! {
                    <h4>{title}</h4>
                    <ul class=class>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                })
            };
            let field = |f: &design::diff::FieldChange| {
                format!("{} {} → {}", f.field, shown(&f.before), shown(&f.after))
            };
            let changed: Vec<String> = diff
                .changed
                .iter()
                .flat_map(|n| {
                    n.fields
                        .iter()
                        .map(move |f| format!("{}: {}", n.node.name, field(f)))
                })
                .collect();
            let edges = |edges: Vec<(String, String)>| -> Vec<String> {
                edges
                    .into_iter()
                    .map(|(from, to)| format!("{from} → {to}"))
                    .collect()
            };
            let design_fields: Vec<String> = diff.design_fields.iter().map(field).collect();
            view! {
                <p>{body.description}</p>
                {section("Added", "diff-added", names(diff.added))}
                {section("Removed", "diff-removed", names(diff.removed))}
                {section("Changed", "diff-changed", changed)}
                {section("Moved", "diff-moved", names(diff.moved))}
                {section("Edges added", "diff-added", edges(diff.edges_added))}
                {section("Edges removed", "diff-removed", edges(diff.edges_removed))}
                {section("Design settings", "diff-changed", design_fields)}
            }
            .into_any()
        }
    };
    view! {
        <section class="diff" data-testid="diff-view" aria-label="Changes between revisions">
            <div class="diff-head">
                <h3>"Changes from r" {from.to_string()} " to r" {to.to_string()}</h3>
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
