//! The Share button's panel: create a read-only link for reviewers, copy it, list and revoke.

use leptos::prelude::*;
use serde::Deserialize;

use super::sync::DesignSync;
use crate::api;
use crate::browser;
use crate::components::my_designs::short_time;

#[derive(Clone, Debug, Deserialize)]
struct ShareInfo {
    id: String,
    hint: String,
    created_at: String,
    active: bool,
}

#[derive(Deserialize)]
struct Shares {
    shares: Vec<ShareInfo>,
}

#[component]
pub fn SharePanel(sync: DesignSync) -> impl IntoView {
    let open = RwSignal::new(false);
    let shares = RwSignal::new(Vec::<ShareInfo>::new());
    let created = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let refresh = move || {
        let Some(id) = sync.design_id.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match api::get(&format!("/api/v1/designs/{id}/shares"))
                .await
                .and_then(|r| r.parse::<Shares>())
            {
                Ok(s) => shares.set(s.shares),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let create = move |_| {
        let Some(id) = sync.design_id.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match api::call::<()>("POST", &format!("/api/v1/designs/{id}/shares"), None, None).await {
                Ok(r) if r.ok() => {
                    created.set(r.body["url"].as_str().map(str::to_owned));
                    refresh();
                }
                Ok(r) => error.set(Some(r.message())),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let revoke = move |share: String| {
        let Some(id) = sync.design_id.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match api::call::<()>(
                "DELETE",
                &format!("/api/v1/designs/{id}/shares/{share}"),
                None,
                None,
            )
            .await
            {
                Ok(r) if r.ok() => {
                    created.set(None);
                    refresh();
                }
                Ok(r) => error.set(Some(r.message())),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="share">
            <button
                data-testid="share"
                title="Share a read-only link for review"
                aria-expanded=move || open.get().to_string()
                disabled=move || sync.design_id.with(Option::is_none)
                on:click=move |_| {
                    open.update(|o| *o = !*o);
                    if open.get_untracked() {
                        refresh();
                    }
                }
            >
                "Share"
            </button>
            {move || open.get().then(|| view! {
                <div class="popover" data-testid="share-panel" role="dialog" aria-label="Share for review">
                    <p>"Anyone with a link can read this design (always its newest revision) but not change it. Revoke a link to close it at once."</p>
                    <button class="button primary" data-testid="share-create" on:click=create>"Create a review link"</button>
                    {move || created.get().map(|url| {
                        let copy = url.clone();
                        view! {
                            <div class="share-url">
                                <input readonly data-testid="share-url" prop:value=url.clone() aria-label="Review link" />
                                <button on:click=move |_| browser::copy_text(&copy)>"Copy"</button>
                            </div>
                            <p class="muted">"The link is shown once: copy it now."</p>
                        }
                    })}
                    {move || error.get().map(|e| view! { <p class="form-error">{e}</p> })}
                    <ul class="share-list">
                        {move || shares.get().into_iter().map(|s| {
                            let id = s.id.clone();
                            view! {
                                <li data-testid=format!("share-{}", s.id) class:revoked=!s.active>
                                    <code>{format!("/s/{}…", s.hint)}</code>
                                    <span class="muted">{short_time(&s.created_at)}</span>
                                    {if s.active {
                                        view! { <button data-testid=format!("share-revoke-{}", s.id) on:click=move |_| revoke(id.clone())>"Revoke"</button> }.into_any()
                                    } else {
                                        view! { <span class="muted">"revoked"</span> }.into_any()
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            })}
        </div>
    }
    .into_any()
}
