//! `/editor`: the topology editor.
//!
//! Query parameters: `design=<id>` opens a saved design (autosaved as it changes);
//! `template=<id>` opens a starter template and `new` an empty design: for a signed-in user
//! as a new design in the account, for a visitor as an undoable step over the browser's draft
//! (which stays one Ctrl+Z away); `mode=review` opens with editing off. Without `design`, the
//! draft is loaded from local storage and every change is saved back there.

use std::collections::HashSet;

use design::templates;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::browser;
use crate::editor::canvas::{measure, Canvas};
use crate::editor::findings::{badges, live_analysis, AnalysisPanel};
use crate::editor::gestures::Gestures;
use crate::editor::lineage::lineage;
use crate::editor::palette::Palette;
use crate::editor::properties::Properties;
use crate::editor::report_panel::ReportPanel;
use crate::editor::revisions::HistoryPanel;
use crate::editor::sharing::SharePanel;
use crate::editor::state::{empty_design, Editor};
use crate::editor::sync::{ConflictDialog, DesignSync, SaveIndicator, SaveState};
use crate::editor::toolbar::Toolbar;
use crate::session::use_session;

#[component]
pub fn EditorPage() -> impl IntoView {
    let query = use_query_map();
    let (template_id, fresh, review, saved_id) = query.with_untracked(|q| {
        (
            q.get("template"),
            q.get("new").is_some(),
            q.get("mode").as_deref() == Some("review"),
            q.get("design"),
        )
    });
    let template = template_id.as_deref().and_then(templates::template);
    let initial = template
        .and_then(|t| t.design().ok())
        .unwrap_or_else(empty_design);
    let editor = Editor::new(initial.clone(), review);
    let gestures = Gestures::new(editor);
    let sync = DesignSync::new(editor);
    let session = use_session();

    // In the browser only (effects do not run on the server), once it is known who is signed in:
    // open the saved design, or start a new one in the account, or take up the browser's draft.
    let started = StoredValue::new(false);
    Effect::new(move |_| {
        let Some(account) = session.0.get() else { return };
        if started.get_value() {
            return;
        }
        started.set_value(true);
        untrack(|| {
            measure(gestures);
            if let Some(id) = saved_id.clone() {
                sync.load(id);
            } else if account.is_some() && (template.is_some() || fresh) {
                editor.start_from(initial.clone());
                editor.fit();
                sync.create(editor.snapshot());
            } else {
                open_draft(editor, &initial, template.is_some(), fresh, review);
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
                        editor.alert.set(None);
                        editor.fit();
                    } else {
                        let n = problems.len();
                        editor.refuse_with(
                            format!(
                                "{name} was not imported: it has {n} problem{}. The canvas is unchanged.",
                                if n == 1 { "" } else { "s" }
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
            <SharePanel sync />
        </div>
    }
    .into_any();

    let can_edit = Signal::derive(move || !matches!(sync.state.get(), SaveState::Viewing(_)));
    let report_source = Signal::derive(move || {
        let id = sync.design_id.get()?;
        Some((
            format!("/api/v1/designs/{id}"),
            sync.base.get().unwrap_or_default(),
        ))
    });
    view! {
        <Workspace editor gestures on_import extra can_edit sync=Some(sync) report_source />
        <ConflictDialog sync />
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

/// The editor's screen: toolbar, palette, canvas and side panel, for any source of design
/// (the editor page, a review link).
#[component]
pub fn Workspace(
    editor: Editor,
    gestures: Gestures,
    on_import: Callback<(String, String)>,
    extra: AnyView,
    can_edit: Signal<bool>,
    sync: Option<DesignSync>,
    /// Where the stored design's documents are (`None`: kept in this browser only).
    report_source: Signal<Option<(String, i64)>>,
) -> impl IntoView {
    let lit = Memo::new(move |_| {
        editor.revision.track();
        let selected = editor.selection.get();
        if selected.is_empty() {
            HashSet::new()
        } else {
            editor.with_recorded(|d| lineage(d, &selected))
        }
    });
    let analysis = live_analysis(editor);
    let badges = badges(analysis);
    view! {
        <div class="editor" data-testid="editor" class:review=move || editor.read_only.get()>
            <Toolbar editor on_import extra can_edit />
            <div class="editor-body">
                <Palette gestures />
                <div class="canvas-wrap">
                    <Canvas gestures lineage=lit badges />
                    <EmptyHint editor />
                    <AlertBanner editor />
                    <StatusBar editor />
                </div>
                <SidePanel editor analysis sync report_source />
            </div>
        </div>
    }
    .into_any()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Properties,
    Analysis,
    History,
    Report,
}

/// The right-hand panel: the selection's properties, or the live analysis of the design.
#[component]
fn SidePanel(
    editor: Editor,
    analysis: Memo<std::sync::Arc<analysis::Analysis>>,
    sync: Option<DesignSync>,
    report_source: Signal<Option<(String, i64)>>,
) -> impl IntoView {
    let file_stem = Signal::derive(move || editor.meta.with(|m| m.file_stem()));
    let tab = RwSignal::new(Tab::Properties);
    let tab_button = move |which: Tab, testid: &'static str, label: Box<dyn Fn() -> String + Send + Sync>| {
        view! {
            <button
                role="tab"
                class="tab"
                data-testid=testid
                aria-selected=move || (tab.get() == which).to_string()
                on:click=move |_| tab.set(which)
            >
                {label}
            </button>
        }
    };
    let findings_label = move || {
        let n = analysis.with(|a| a.findings.len());
        format!("Analysis ({n})")
    };
    view! {
        <aside class="panel side" aria-label="Properties and analysis">
            <div class="tabs" role="tablist">
                {tab_button(Tab::Properties, "tab-properties", Box::new(|| "Properties".to_owned()))}
                {tab_button(Tab::Analysis, "tab-analysis", Box::new(findings_label))}
                {move || sync.filter(|s| s.design_id.with(Option::is_some)).map(|_| {
                    tab_button(Tab::History, "tab-history", Box::new(|| "History".to_owned()))
                })}
                {tab_button(Tab::Report, "tab-report", Box::new(|| "Report".to_owned()))}
            </div>
            {move || match (tab.get(), sync) {
                (Tab::Analysis, _) => view! { <AnalysisPanel editor analysis /> }.into_any(),
                (Tab::History, Some(sync)) => view! { <HistoryPanel sync /> }.into_any(),
                (Tab::Report, _) => view! { <ReportPanel source=report_source file_stem /> }.into_any(),
                _ => view! { <Properties editor /> }.into_any(),
            }}
        </aside>
    }
    .into_any()
}

#[component]
fn EmptyHint(editor: Editor) -> impl IntoView {
    move || {
        editor.slots.with(Vec::is_empty).then(|| {
            view! {
                <div class="empty-hint">
                    <p>"Drag a producer, a topic and a consumer group from the palette, then connect their ports."</p>
                    <p>
                        "Or start from a template: "
                        {templates::TEMPLATES
                            .iter()
                            .map(|t| view! { <a href=format!("/editor?template={}", t.id)>{t.title}</a> " " })
                            .collect_view()}
                    </p>
                </div>
            }
        })
    }
}

#[component]
fn AlertBanner(editor: Editor) -> impl IntoView {
    view! {
        <div class="alert-slot" aria-live="assertive">
            {move || {
                editor.alert.get().map(|a| {
                    view! {
                        <div class="alert" role="alert" data-testid="alert">
                            <p>{a.message}</p>
                            {(!a.details.is_empty()).then(|| view! {
                                <ul class="alert-details">
                                    {a.details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}
                                </ul>
                            })}
                            <button class="icon-button" aria-label="Dismiss" on:click=move |_| editor.alert.set(None)>
                                "×"
                            </button>
                        </div>
                    }
                })
            }}
        </div>
    }
    .into_any()
}

#[component]
fn StatusBar(editor: Editor) -> impl IntoView {
    let counts = move || {
        let nodes = editor.slots.with(Vec::len);
        let edges = editor.edges.with(Vec::len);
        format!("{nodes} node{} · {edges} edge{}", plural(nodes), plural(edges))
    };
    let validity = move || {
        let n = editor.problems.with(Vec::len);
        if n == 0 {
            "valid".to_owned()
        } else {
            format!("{n} problem{}", plural(n))
        }
    };
    view! {
        <div class="status-bar" data-testid="status">
            <span>{counts}</span>
            <span class:bad=move || editor.problems.with(|p| !p.is_empty())>{validity}</span>
            {move || editor.read_only.get().then(|| view! { <span class="badge">"review mode: editing off"</span> })}
        </div>
    }
    .into_any()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
