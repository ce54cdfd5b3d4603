//! `/editor`: the topology editor.
//!
//! Query parameters: `design=<id>` opens a saved design (autosaved as it changes);
//! `template=<id>` opens a starter template, `import` the design an import left for it (see
//! `components::import`) and `new` an empty design: for a signed-in user
//! as a new design in the account, for a visitor as an undoable step over the browser's draft
//! (which stays one Ctrl+Z away); `mode=review` opens with editing off. Without `design`, the
//! draft is loaded from local storage and every change is saved back there.

use design::templates;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::browser;
use crate::editor::canvas::measure;
use crate::editor::gestures::Gestures;
use crate::editor::import::{take_stash, Importer};
use crate::editor::revisions::HistoryPanel;
use crate::editor::sharing::SharePanel;
use crate::editor::state::{empty_design, Editor};
use crate::editor::sync::{ConflictDialog, DesignSync, SaveIndicator, SaveState};
use crate::editor::workspace::{HistoryTab, Workspace};
use crate::reviews::panel::Viewers;
use crate::reviews::Reviews;
use crate::session::{use_session, SessionState};
use api::urls::DocumentSource;
use api::DesignId;

#[component]
pub fn EditorPage() -> impl IntoView {
    let query = use_query_map();
    let (template_id, fresh, review, saved_id, import) = query.with_untracked(|q| {
        (
            q.get("template"),
            q.get("new").is_some(),
            q.get("mode").as_deref() == Some("review"),
            q.get("design"),
            q.get("import").is_some(),
        )
    });
    let template = template_id.as_deref().and_then(templates::template);
    let initial = template
        .and_then(|t| t.design().ok())
        .unwrap_or_else(empty_design);
    let editor = Editor::new(initial.clone(), review);
    let gestures = Gestures::new(editor);
    let sync = DesignSync::new(editor);
    let importer = Importer::new(editor);
    let session = use_session();
    // The review threads of the stored design, followed live once it is loaded.
    let reviews = Reviews::provide();
    Effect::new(move |_| {
        if let (Some(id), Some(role)) = (sync.design_id.get(), sync.role.get()) {
            untrack(|| {
                reviews.open(
                    DocumentSource::Design(id),
                    Some(role),
                    false,
                    Callback::new(move |n| sync.follow(n)),
                )
            });
        }
    });

    // In the browser only (effects do not run on the server), once it is known who is signed in:
    // open the saved design, or start a new one in the account, or take up the browser's draft.
    let started = StoredValue::new(false);
    Effect::new(move |_| {
        let account = match session.state() {
            SessionState::Unknown => return,
            SessionState::Visitor => None,
            SessionState::SignedIn(account) => Some(account),
        };
        if started.get_value() {
            return;
        }
        started.set_value(true);
        untrack(|| {
            measure(gestures);
            // An import to open as a new design (`?import`): taken up as a template is.
            let stash = if import { take_stash() } else { None };
            let from_template = template.is_some() || stash.is_some();
            let initial = match stash {
                Some((design, report)) => {
                    importer.show(report);
                    design
                }
                None => initial.clone(),
            };
            if let Some(asked) = saved_id.as_deref() {
                match asked.parse::<DesignId>() {
                    Ok(id) => sync.load(id),
                    Err(e) => {
                        // Nothing to load: the browser's draft instead, kept as it is edited,
                        // so no change made after this message is lost.
                        open_draft(editor, &initial, false, false, review);
                        editor.fit();
                        editor.refuse(format!(
                            "This design cannot be opened: {e}. Showing the draft kept in this browser."
                        ));
                    }
                }
            } else if account.is_some() && (from_template || fresh) {
                editor.start_from(initial.clone());
                editor.fit();
                sync.create(editor.snapshot());
            } else {
                open_draft(editor, &initial, from_template, fresh, review);
                editor.fit();
            }
        })
    });

    let on_import =
        Callback::new(
            move |(name, text): (String, String)| match design::parse(text.as_bytes()) {
                Ok(d) => {
                    let problems = design::validate(&d);
                    if problems.is_empty() {
                        editor.replace(d);
                        editor.dismiss_alert();
                        editor.fit();
                    } else {
                        let n = problems.len();
                        editor.refuse_with(
                            format!(
                                "{name} was not imported: it has {}. The canvas is unchanged.",
                                units::plural(n, "problem", "problems")
                            ),
                            problems.iter().take(20).map(ToString::to_string).collect(),
                        );
                    }
                }
                Err(e) => editor.refuse(format!("{name} was not imported: {e}. The canvas is unchanged.")),
            },
        );

    let save_to_account = move |_| sync.create(editor.snapshot());
    let signed_in = move || session.account().is_some();
    let extra = view! {
        <div class="tool-group sync-group">
            <SaveIndicator sync />
            {move || (signed_in() && sync.design_id.with(Option::is_none) && sync.state.with(|s| *s == SaveState::Browser)).then(|| view! {
                <button class="primary" data-testid="save-to-server" on:click=save_to_account>"Save to my designs"</button>
            })}
            {move || (!signed_in() && session.known()).then(|| view! {
                <a class="button" href="/login" data-testid="login-to-save">"Log in to save"</a>
            })}
            {move || matches!(sync.role.get(), Some(api::DesignRole::Owner) | None).then(|| view! { <SharePanel sync /> })}
            {move || sync.role.get().filter(|r| *r != api::DesignRole::Owner).map(|r| view! {
                <span class="badge" data-testid="my-role" title="What the owner lets you do with this design">
                    {match r { api::DesignRole::Editor => "editor", _ => "viewer: read and comment" }}
                </span>
            })}
            <Viewers reviews />
        </div>
    }
    .into_any();

    // Editing can be turned on unless an old revision is shown or the user is a viewer.
    let can_edit = Signal::derive(move || {
        !matches!(sync.state.get(), SaveState::Viewing(_))
            && sync.role.get().is_none_or(api::DesignRole::may_edit)
    });
    let report_source = Signal::derive(move || {
        let id = sync.design_id.get()?;
        Some((DocumentSource::Design(id), sync.base.get()?))
    });
    let history = Some(HistoryTab {
        shown: Signal::derive(move || sync.design_id.with(Option::is_some)),
        view: Callback::new(move |()| view! { <HistoryPanel sync /> }.into_any()),
    });
    view! {
        <Workspace
            editor
            gestures
            on_import
            extra
            can_edit
            history
            report_source
            import_tool=importer.button()
            on_file_drop=Callback::new(move |file| importer.drop_file(file))
            import_report=importer.report_view()
            file_hover=importer.hovering
        />
        <ConflictDialog sync />
        {importer.dialog()}
    }
    .into_any()
}

/// A visitor's (or a not-yet-saved) design: the draft from local storage, with the template or
/// the empty design laid over it as one undoable step.
fn open_draft(editor: Editor, initial: &design::Design, from_template: bool, fresh: bool, review: bool) {
    let draft = browser::load(browser::DRAFT_KEY).map(|json| design::parse(json.as_bytes()));
    // An unreadable draft is left alone until the user changes something, so the address
    // keeps what was asked for: a reload asks again instead of showing an empty canvas.
    let draft_unreadable = matches!(draft, Some(Err(_)));
    match draft {
        Some(Ok(d)) if !from_template && !fresh => editor.start_from(d),
        Some(Ok(d)) => {
            editor.start_from(d);
            editor.persist_drafts();
            editor.replace(initial.clone());
        }
        Some(Err(e)) => {
            editor.start_from(initial.clone());
            editor.refuse(format!(
                "The draft saved in this browser could not be read ({e}); it was left as it is."
            ));
        }
        None => {
            // Nothing saved yet: what is shown (a template, say) becomes the draft now.
            editor.persist_drafts();
            editor.start_from(initial.clone());
        }
    }
    editor.persist_drafts();
    if (from_template || fresh) && !draft_unreadable {
        browser::replace_url(if review { "/editor?mode=review" } else { "/editor" });
    }
}
