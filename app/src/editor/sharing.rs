//! The Share button's panel (the owner's): links for reviewers, view-only or allowing comments
//! (create, copy, list, revoke), and the team: colleagues invited by the e-mail of their
//! account as editors or viewers.

use api::{urls, CreatedShare, NewShare, ShareAccess, ShareId, ShareInfo, ShareList, ShareRef};
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
    let create = move |access: ShareAccess| {
        let Some(id) = sync.design_id.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let body = NewShare { access };
            match client::send::<_, CreatedShare>(Method::Post, &urls::shares(id), Some(&body), None).await {
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
                title="Share for review, and bring in your team"
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
                    <p>"Anyone with a link can read this design (always its newest revision) but not change it; a comment link also lets them answer in review threads, with or without an account. Revoke a link to close it at once: its comments stay."</p>
                    <div class="share-create">
                        <button class="button" data-testid="share-create" on:click=move |_| create(ShareAccess::View)>"Create a view-only link"</button>
                        <button class="button primary" data-testid="share-create-comment" on:click=move |_| create(ShareAccess::Comment)>"Create a comment link"</button>
                    </div>
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
                                    <span class="badge">{match s.access { ShareAccess::Comment => "comment", ShareAccess::View => "view" }}</span>
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
                    <Team sync />
                </div>
            })}
        </div>
    }
    .into_any()
}

/// The design's team: who is on it, and the owner's invitations.
#[component]
fn Team(sync: DesignSync) -> impl IntoView {
    let members = RwSignal::new(Vec::<api::Member>::new());
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(api::MemberRole::Editor);
    let error = RwSignal::new(None::<String>);
    let refresh = move || {
        let Some(id) = sync.design_id.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match client::get::<api::MemberList>(&urls::members(id)).await {
                Ok(list) => members.set(list.members),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    refresh();
    let invite = move |_| {
        let Some(id) = sync.design_id.get_untracked() else {
            return;
        };
        let body = api::NewMember {
            email: email.get_untracked().trim().to_owned(),
            role: role.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match client::post::<_, api::Member>(&urls::members(id), &body).await {
                Ok(_) => {
                    email.set(String::new());
                    error.set(None);
                    refresh();
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let remove = move |user: api::AccountId| {
        let Some(id) = sync.design_id.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match client::send_no_answer::<()>(Method::Delete, &urls::member(id, user), None).await {
                Ok(()) => refresh(),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <section class="team" data-testid="team" aria-label="Team">
            <h3>"Team"</h3>
            <p class="muted">"Editors save revisions; viewers read and comment. Only you share, invite, rename and delete."</p>
            <div class="team-invite">
                <input
                    type="email"
                    data-testid="member-email"
                    placeholder="colleague@example.com"
                    aria-label="E-mail of a colleague's account"
                    prop:value=move || email.get()
                    on:input=move |ev| email.set(event_target_value(&ev))
                />
                <select
                    data-testid="member-role"
                    aria-label="Role"
                    on:change=move |ev| role.set(if event_target_value(&ev) == "viewer" { api::MemberRole::Viewer } else { api::MemberRole::Editor })
                >
                    <option value="editor">"editor"</option>
                    <option value="viewer">"viewer"</option>
                </select>
                <button class="button" data-testid="member-invite" on:click=invite>"Invite"</button>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="member-error">{e}</p> })}
            <ul class="members">
                {move || members.get().into_iter().map(|m| {
                    let user = m.user;
                    view! {
                        <li data-testid=format!("member-{}", m.email)>
                            <span>{m.email.clone()}</span>
                            <span class="badge">{m.role.as_str()}</span>
                            <button class="link-button" on:click=move |_| remove(user)>"Remove"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}
