//! The signed-in user's designs on the home page: open, rename, duplicate, delete.

use api::{urls, DateTime, DesignId, DesignList, DesignListing, DesignRole, Rename, Utc};
use leptos::prelude::*;

use crate::client::{self, Method};
use crate::session::PageSeed;

/// `2026-11-23T13:05:09.123Z` → `2026-11-23 13:05 UTC` (as stored). Written by hand rather
/// than with chrono's `format`, whose pattern interpreter would add to every bundle.
pub fn short_time(at: DateTime<Utc>) -> String {
    use api::chrono_parts::{Datelike, Timelike};
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute()
    )
}

/// What a row's buttons ask of the server.
#[derive(Clone, Debug)]
enum Action {
    Rename(DesignId, Rename),
    Duplicate(DesignId),
    Delete(DesignId),
}

#[component]
pub fn MyDesigns() -> impl IntoView {
    // The list the server rendered the page with, if it did; otherwise (after signing in, or
    // arriving here from another page of the app) the browser asks for it.
    let seeded = PageSeed::take_designs();
    let from_server = seeded.is_some();
    let designs = RwSignal::new(seeded.map(Ok::<Vec<DesignListing>, String>));
    let reload = move || {
        leptos::task::spawn_local(async move {
            let listed = client::get::<DesignList>(&urls::designs()).await;
            designs.set(Some(listed.map(|l| l.designs).map_err(|e| e.to_string())));
        });
    };
    if !from_server {
        Effect::new(move |_| reload());
    }
    let error = RwSignal::new(None::<String>);
    let act = move |action: Action| {
        leptos::task::spawn_local(async move {
            let done = match action {
                Action::Rename(id, name) => {
                    client::send_no_answer(Method::Patch, &urls::design(id), Some(&name)).await
                }
                Action::Duplicate(id) => {
                    client::send_no_answer::<()>(Method::Post, &urls::duplicate(id), None).await
                }
                Action::Delete(id) => {
                    client::send_no_answer::<()>(Method::Delete, &urls::design(id), None).await
                }
            };
            error.set(done.err().map(|e| e.to_string()));
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
                Some(Ok(list)) => {
                    let (own, shared): (Vec<DesignListing>, Vec<DesignListing>) =
                        list.into_iter().partition(|d| d.role == DesignRole::Owner);
                    view! {
                        {own.is_empty().then(|| view! {
                            <p class="muted" data-testid="no-designs">"No designs of your own yet: start a new one or from a template."</p>
                        })}
                        {(!own.is_empty()).then(|| view! {
                            <table class="designs-table">
                                <thead><tr><th>"Name"</th><th>"Last change"</th><th>"Revision"</th><th></th></tr></thead>
                                <tbody>
                                    {own.into_iter().map(|d| view! { <DesignRow d act /> }).collect_view()}
                                </tbody>
                            </table>
                        })}
                        {(!shared.is_empty()).then(|| view! {
                            <h2 class="section-title">"Shared with me"</h2>
                            <table class="designs-table" data-testid="shared-with-me">
                                <thead><tr><th>"Name"</th><th>"Last change"</th><th>"Revision"</th><th></th></tr></thead>
                                <tbody>
                                    {shared.into_iter().map(|d| view! { <DesignRow d act /> }).collect_view()}
                                </tbody>
                            </table>
                        })}
                    }.into_any()
                }
            }}
        </section>
    }
    .into_any()
}

#[component]
fn DesignRow(d: DesignListing, act: impl Fn(Action) + Copy + Send + Sync + 'static) -> impl IntoView {
    let renaming = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let name = RwSignal::new(d.name.clone());
    let id = d.id;
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        renaming.set(false);
        act(Action::Rename(
            id,
            Rename {
                name: name.get_untracked(),
            },
        ));
    };
    let duplicate = move |_| act(Action::Duplicate(id));
    let delete = move |_| act(Action::Delete(id));
    let tid = move |what: &str| format!("design-{what}-{id}");
    let open_href = urls::pages::editor(id);
    let owner = d.role == DesignRole::Owner;
    let shared_by = d
        .owner
        .clone()
        .map(|o| format!("{} · shared by {o}", d.role.as_str()));
    view! {
        <tr data-testid=tid("row")>
            <td>
                {move || if renaming.get() {
                    view! {
                        <form class="inline-form" on:submit=rename>
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
                {shared_by.clone().map(|s| view! { <div class="muted" data-testid=tid("shared-by")>{s}</div> })}
            </td>
            <td>{short_time(d.updated_at)}</td>
            <td>{d.revision.to_string()}</td>
            <td class="row-actions">
                {owner.then(|| view! {
                    <button data-testid=tid("rename") on:click=move |_| renaming.update(|r| *r = !*r)>"Rename"</button>
                })}
                <button data-testid=tid("duplicate") on:click=duplicate>"Duplicate"</button>
                {move || if !owner {
                    ().into_any()
                } else if confirming.get() {
                    view! {
                        <button class="danger" data-testid=tid("delete-confirm") on:click=delete>"Delete for good"</button>
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

#[cfg(test)]
mod tests {
    use super::short_time;

    #[test]
    fn times_read_as_stored_to_the_minute() {
        assert_eq!(
            short_time("2026-11-03T07:05:59.999Z".parse().unwrap()),
            "2026-11-03 07:05 UTC"
        );
        assert_eq!(
            short_time("0999-01-01T00:00:00Z".parse().unwrap()),
            "0999-01-01 00:00 UTC"
        );
    }
}
