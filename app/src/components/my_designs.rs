//! The signed-in user's designs on the home page: open, rename, duplicate, delete.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::api;
use crate::session::PageSeed;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Listing {
    pub id: String,
    pub name: String,
    pub revision: i64,
    pub updated_at: String,
}

#[derive(Deserialize)]
struct Listings {
    designs: Vec<Listing>,
}

/// `2026-11-23T13:05:09.123Z` → `2026-11-23 13:05` (UTC, as stored).
pub fn short_time(iso: &str) -> String {
    let t = iso.replace('T', " ");
    t.chars().take(16).collect::<String>() + " UTC"
}

#[component]
pub fn MyDesigns() -> impl IntoView {
    // The list the server rendered the page with, if it did; otherwise (after signing in, or
    // arriving here from another page of the app) the browser asks for it.
    let seeded = PageSeed::take_designs();
    let from_server = seeded.is_some();
    let designs = RwSignal::new(seeded.map(Ok::<_, String>));
    let reload = move || {
        leptos::task::spawn_local(async move {
            let listed = match api::get("/api/v1/designs").await {
                Ok(r) => r.parse::<Listings>().map(|l| l.designs),
                Err(e) => Err(e),
            };
            designs.set(Some(listed));
        });
    };
    if !from_server {
        Effect::new(move |_| reload());
    }
    let error = RwSignal::new(None::<String>);
    let act = move |method: &'static str, url: String, body: Option<serde_json::Value>| {
        leptos::task::spawn_local(async move {
            match api::call(method, &url, body.as_ref(), None).await {
                Ok(r) if r.ok() => error.set(None),
                Ok(r) => error.set(Some(r.message())),
                Err(e) => error.set(Some(e)),
            }
            reload();
        });
    };

    view! {
        <section class="my-designs" aria-label="My designs" data-testid="my-designs">
            <h2 class="section-title">"My designs"</h2>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || match designs.get() {
                None => view! { <p class="muted">"Loading your designs…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="muted" data-testid="no-designs">
                        "No designs yet: start a new one or from a template. It is saved as you draw."
                    </p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <table class="designs-table">
                        <thead><tr><th>"Name"</th><th>"Last change"</th><th>"Revision"</th><th></th></tr></thead>
                        <tbody>
                            {list.into_iter().map(|d| view! { <DesignRow d act /> }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}

#[component]
fn DesignRow(
    d: Listing,
    act: impl Fn(&'static str, String, Option<serde_json::Value>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let renaming = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let name = RwSignal::new(d.name.clone());
    let id = d.id.clone();
    let url = format!("/api/v1/designs/{id}");
    let rename = {
        let url = url.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            renaming.set(false);
            act("PATCH", url.clone(), Some(json!({"name": name.get_untracked()})));
        }
    };
    let duplicate = {
        let url = format!("{url}/duplicate");
        move |_| act("POST", url.clone(), None)
    };
    let delete = {
        let url = url.clone();
        move |_| act("DELETE", url.clone(), None)
    };
    let id = StoredValue::new(id);
    let tid = move |what: &str| format!("design-{what}-{}", id.get_value());
    let open_href = format!("/editor?design={}", d.id);
    view! {
        <tr data-testid=tid("row")>
            <td>
                {move || if renaming.get() {
                    view! {
                        <form class="inline-form" on:submit=rename.clone()>
                            <input
                                data-testid=tid("name-input")
                                aria-label="New name"
                                maxlength="200"
                                prop:value=name
                                on:input=move |ev| name.set(event_target_value(&ev))
                            />
                            <button type="submit" data-testid=tid("rename-save")>"Save"</button>
                        </form>
                    }.into_any()
                } else {
                    view! { <a rel="external" href=open_href.clone() data-testid=tid("open")>{name.get()}</a> }.into_any()
                }}
            </td>
            <td>{short_time(&d.updated_at)}</td>
            <td>{d.revision}</td>
            <td class="row-actions">
                <button data-testid=tid("rename") on:click=move |_| renaming.update(|r| *r = !*r)>"Rename"</button>
                <button data-testid=tid("duplicate") on:click=duplicate>"Duplicate"</button>
                {move || if confirming.get() {
                    view! {
                        <button class="danger" data-testid=tid("delete-confirm") on:click=delete.clone()>"Delete for good"</button>
                        <button on:click=move |_| confirming.set(false)>"Keep"</button>
                    }.into_any()
                } else {
                    view! { <button data-testid=tid("delete") on:click=move |_| confirming.set(true)>"Delete"</button> }.into_any()
                }}
            </td>
        </tr>
    }
    .into_any()
}
