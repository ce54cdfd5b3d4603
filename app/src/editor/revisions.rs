//! The History tab: a saved design's revisions (who, when, what changed), opening an old one
//! read-only, restoring it, what changed between any revision and the newest, and the plan
//! that applies that change to a running cluster (steps, risks, commands, the runbook).

use api::{urls, DiffBody, PlanAnswer, Revision, RevisionInfo, RevisionList};
use leptos::prelude::*;
use serde_json::Value;

use super::plan_view::PlanSteps;
use super::sync::{DesignSync, SaveState};
use crate::client;
use crate::components::my_designs::short_time;

#[component]
pub fn HistoryPanel(sync: DesignSync) -> impl IntoView {
    let list = RwSignal::new(None::<Result<Vec<RevisionInfo>, String>>);
    let compare = RwSignal::new(None::<(Revision, Revision, Result<DiffBody, String>)>);
    let planned = RwSignal::new(None::<(Revision, Revision, Result<PlanAnswer, String>)>);
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
    // The newest revision the list shows (another tab may have saved since this one loaded).
    let newest = move || {
        list.with_untracked(|l| {
            l.as_ref()
                .and_then(|l| l.as_ref().ok()?.first().map(|r| r.revision))
        })
        .or_else(|| sync.base.get_untracked())
    };
    // Only the answer to the latest request is shown: an earlier one arriving late is dropped.
    let asked = StoredValue::new(0u64);
    let ask = move || {
        asked.update_value(|n| *n += 1);
        asked.get_value()
    };
    let diff_with_latest = move |from: Revision| {
        let Some(id) = sync.design_id.get_untracked() else {
            return;
        };
        let to = newest().unwrap_or(from);
        let ticket = ask();
        planned.set(None);
        leptos::task::spawn_local(async move {
            let got = client::get::<DiffBody>(&urls::diff(id, from, to)).await;
            if asked.get_value() == ticket {
                compare.set(Some((from, to, got.map_err(|e| e.to_string()))));
            }
        });
    };

    let plan_between = move |from: Revision, to: Revision| {
        let Some(id) = sync.design_id.get_untracked() else {
            return;
        };
        let ticket = ask();
        compare.set(None);
        leptos::task::spawn_local(async move {
            let got = client::get::<PlanAnswer>(&urls::design_plan(id, from, to)).await;
            if asked.get_value() == ticket {
                planned.set(Some((from, to, got.map_err(|e| e.to_string()))));
            }
        });
    };
    let plan_to_latest = move |from: Revision| plan_between(from, newest().unwrap_or(from));
    let name = move || sync.editor.meta().with_untracked(|d| d.name.clone());
    // The revisions a plan from `from` can go to: every later one, newest first.
    let later_than = move |from: Revision| -> Vec<Revision> {
        list.with_untracked(|l| {
            l.as_ref()
                .and_then(|l| l.as_ref().ok())
                .map(|l| l.iter().map(|r| r.revision).filter(|r| r.0 > from.0).collect())
                .unwrap_or_default()
        })
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
            {move || planned.get().map(|(from, to, got)| view! {
                <PlanView from to got name=name() choices=later_than(from)
                    replan=move |to| plan_between(from, to) close=move || planned.set(None) />
            })}
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
                                                <button data-testid=format!("revision-plan-{n}") title="What applying the change since this revision does to a running cluster" on:click=move |_| plan_to_latest(n)>"Plan from here"</button>
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

/// The plan from revision `from` to `to`: its steps and the runbook to download.
#[component]
fn PlanView(
    from: Revision,
    to: Revision,
    got: Result<PlanAnswer, String>,
    name: String,
    /// The revisions the plan may go to instead (later than `from`).
    choices: Vec<Revision>,
    replan: impl Fn(Revision) + Send + Sync + 'static,
    close: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let target = (choices.len() > 1).then(|| {
        view! {
            <label class="plan-target">
                "to revision "
                <select data-testid="plan-to" on:change=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse::<i32>() {
                        replan(Revision(n));
                    }
                }>
                    {choices.into_iter().map(|r| view! {
                        <option value=r.to_string() selected=r == to>{format!("r{r}")}</option>
                    }).collect_view()}
                </select>
            </label>
        }
    });
    let body = match got {
        Err(e) => view! { <p class="form-error">{e}</p> }.into_any(),
        Ok(answer) => {
            let stem = design::Design::new(name).file_stem();
            let file = format!("{stem}-plan-r{from}-r{to}.md");
            view! { <PlanSteps plan=answer.plan runbook=(file, answer.runbook_markdown) /> }.into_any()
        }
    };
    view! {
        <section class="diff plan-view" data-testid="plan-view" aria-label="Plan between revisions">
            <div class="diff-head">
                <h3>"Plan from revision " {from.to_string()} " to " {to.to_string()}</h3>
                <button class="icon-button" aria-label="Close" on:click=move |_| close()>"×"</button>
            </div>
            {target}
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
