//! The Share button's panel: create a read-only link for reviewers, copy it, list and revoke.

use api::{urls, CreatedShare, ShareId, ShareInfo, ShareList, ShareRef};
use leptos::prelude::*;

use super::sync::DesignSync;
use crate::browser;
use crate::client::{self, Method};
use crate::components::my_designs::short_time;

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
            match client::get::<ShareList>(&urls::shares(id)).await {
                Ok(s) => shares.set(s.shares),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let create = move |_| {
        let Some(id) = sync.design_id.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match client::send::<(), CreatedShare>(Method::Post, &urls::shares(id), None, None).await {
                Ok(answer) => {
                    created.set(Some(answer.body.url));
                    refresh();
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let revoke = move |share: ShareId| {
        let Some(id) = sync.design_id.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match client::send_no_answer::<()>(Method::Delete, &urls::share(id, &ShareRef::from(share)), None)
                .await
            {
                Ok(()) => {
                    created.set(None);
                    refresh();
                }
                Err(e) => error.set(Some(e.to_string())),
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
                            let id = s.id;
                            view! {
                                <li data-testid=format!("share-{}", s.id) class:revoked=!s.active>
                                    <code>{format!("/s/{}…", s.hint)}</code>
                                    <span class="muted">{short_time(s.created_at)}</span>
                                    {if s.active {
                                        view! { <button data-testid=format!("share-revoke-{}", s.id) on:click=move |_| revoke(id)>"Revoke"</button> }.into_any()
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
