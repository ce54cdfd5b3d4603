//! `/s/<token>`: a design shared for review. The editor's canvas with editing off, the
//! properties of whatever is selected, the live analysis, the design's name and revision, and
//! the review threads (answerable when the link allows comments). No account needed; the
//! design itself cannot be changed (the API has no write of it under `/shared`). New
//! revisions and comments appear as they are saved.

use api::urls::{self, DocumentSource};
use api::{Revision, ShareToken, SharedDesign};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::client::{self, ApiError};
use crate::components::my_designs::short_time;
use crate::editor::canvas::measure;
use crate::editor::gestures::Gestures;
use crate::editor::state::{empty_design, Editor};
use crate::editor::workspace::Workspace;
use crate::reviews::panel::Viewers;
use crate::reviews::Reviews;
use crate::session::{use_session, SessionState};

#[component]
pub fn ReviewPage() -> impl IntoView {
    let token = ShareToken::from(use_params_map().with_untracked(|p| p.get("token").unwrap_or_default()));
    let documents = DocumentSource::Shared(token.clone());
    let documents_for_reviews = documents.clone();
    let editor = Editor::new(empty_design(), true);
    let gestures = Gestures::new(editor);
    let info = RwSignal::new(None::<Result<(String, Revision, api::DateTime<api::Utc>), String>>);
    let reviews = Reviews::provide();
    let session = use_session();
    // A newer revision saved while the page is open: shown where the canvas is.
    let follow = {
        let token = token.clone();
        Callback::new(move |n: Revision| {
            if info.with_untracked(|i| matches!(i, Some(Ok((_, shown, _))) if *shown >= n)) {
                return;
            }
            let token = token.clone();
            leptos::task::spawn_local(async move {
                if let Ok(shared) = client::get::<SharedDesign>(&urls::shared(&token)).await {
                    editor.start_from(shared.design);
                    info.set(Some(Ok((shared.name, shared.revision, shared.updated_at))));
                }
            });
        })
    };
    Effect::new(move |_| {
        // Threads open once it is known whether the reviewer has an account.
        let guest = match session.state() {
            SessionState::Unknown => return,
            SessionState::Visitor => true,
            SessionState::SignedIn(_) => false,
        };
        if info.with(|i| matches!(i, Some(Ok(_)))) {
            untrack(|| reviews.open(documents_for_reviews.clone(), None, guest, follow));
        }
    });
    Effect::new(move |_| {
        let token = token.clone();
        untrack(|| measure(gestures));
        leptos::task::spawn_local(async move {
            match client::get::<SharedDesign>(&urls::shared(&token)).await {
                Ok(shared) => {
                    editor.start_from(shared.design);
                    editor.fit();
                    info.set(Some(Ok((shared.name, shared.revision, shared.updated_at))));
                }
                Err(e) if e.status() == Some(404) => info.set(Some(Err(
                    "This review link was revoked, or never existed. Ask the design's owner for a new one."
                        .to_owned(),
                ))),
                Err(e @ ApiError::Unexpected(_)) => {
                    info.set(Some(Err(format!("the design cannot be read: {e}"))))
                }
                Err(e) => info.set(Some(Err(e.to_string()))),
            }
        });
    });
    let on_import = Callback::new(|_: (String, String)| {});
    let extra = view! {
        <div class="tool-group review-info" data-testid="review-info">
            {move || match info.get() {
                None => view! { <span class="muted">"Loading the shared design…"</span> }.into_any(),
                Some(Ok((name, revision, updated))) => view! {
                    <span>
                        "Shared for review: " <strong data-testid="review-name">{name}</strong>
                        " · revision " <span data-testid="review-revision">{revision.to_string()}</span>
                        " · " {short_time(updated)}
                    </span>
                    <Viewers reviews />
                }.into_any(),
                Some(Err(_)) => ().into_any(),
            }}
        </div>
    }
    .into_any();
    let report_source = Signal::derive(move || match info.get() {
        Some(Ok((_, revision, _))) => Some((documents.clone(), revision)),
        _ => None,
    });
    view! {
        {move || info.get().and_then(Result::err).map(|e| view! {
            <p class="form-error review-missing" role="alert" data-testid="review-missing">{e}</p>
        })}
        <Workspace editor gestures on_import extra can_edit=Signal::derive(|| false) history=None report_source />
    }
    .into_any()
}
