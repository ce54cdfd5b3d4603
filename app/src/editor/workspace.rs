//! The editor's screen: toolbar, palette, canvas and side panel (properties, analysis, history,
//! report), for any source of design: the editor page, and a review link (editing off).
//!
//! It knows nothing of where the design is stored: the editor page hands it the History tab and
//! its save controls, a review link neither.

use std::collections::HashSet;

use design::templates;
use leptos::prelude::*;

use super::canvas::Canvas;
use super::findings::{badges, live_analysis, AnalysisPanel};
use super::gestures::Gestures;
use super::lineage::lineage;
use super::palette::Palette;
use super::properties::Properties;
use super::report_panel::ReportPanel;
use super::schema_panel::{SchemaPanel, SchemaView};
use super::state::Editor;
use super::toolbar::Toolbar;
use crate::reviews::panel::CommentsPanel;
use crate::reviews::Reviews;

/// The side panel's History tab: shown while `shown` holds, drawn by `view`.
#[derive(Clone, Copy)]
pub struct HistoryTab {
    pub shown: Signal<bool>,
    pub view: Callback<(), AnyView>,
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
    /// The History tab, for a design stored in an account (`None`: no such tab).
    history: Option<HistoryTab>,
    /// Where the stored design's documents are (`None`: kept in this browser only).
    report_source: Signal<Option<(api::urls::DocumentSource, api::Revision)>>,
    /// The toolbar's Import button (the editor page's; none on a review link).
    #[prop(optional)]
    import_tool: Option<AnyView>,
    /// What a file dropped on the canvas does (nothing on a review link).
    #[prop(optional)]
    on_file_drop: Option<Callback<web_sys::File>>,
    /// Shown over the canvas: what the last import said.
    #[prop(optional)]
    import_report: Option<AnyView>,
    /// A file is being dragged over the canvas (for the drop zone's look).
    #[prop(optional)]
    file_hover: Option<RwSignal<bool>>,
) -> impl IntoView {
    let lit = Memo::new(move |_| {
        editor.local_version().track();
        let selected = editor.selection().get();
        if selected.is_empty() {
            HashSet::new()
        } else {
            editor.with_recorded(|d| lineage(d, &selected))
        }
    });
    let schema_view = SchemaView::provide();
    let analysis = live_analysis(editor);
    let badges = badges(analysis);
    view! {
        <div class="editor" data-testid="editor" class:review=move || editor.read_only().get()>
            <Toolbar editor on_import extra can_edit import_tool />
            <div class="editor-body">
                <Palette gestures />
                <div
                    class="canvas-wrap"
                    class:drop-target=move || file_hover.is_some_and(|h| h.get())
                    on:dragover=move |ev| {
                        if on_file_drop.is_some() && files_dragged(&ev) {
                            ev.prevent_default();
                            if let Some(h) = file_hover { h.set(true) }
                        }
                    }
                    on:dragleave=move |_| if let Some(h) = file_hover { h.set(false) }
                    on:drop=move |ev| {
                        if let Some(h) = file_hover { h.set(false) }
                        let Some(drop) = on_file_drop else { return };
                        let file = ev.data_transfer().and_then(|dt| dt.files()).and_then(|files| files.get(0));
                        if let Some(file) = file {
                            ev.prevent_default();
                            drop.run(file);
                        }
                    }
                >
                    <Canvas gestures lineage=lit badges />
                    <EmptyHint editor />
                    <SchemaPanel editor view=schema_view />
                    {import_report}
                    <AlertBanner editor />
                    <StatusBar editor />
                </div>
                <SidePanel editor analysis history report_source />
            </div>
        </div>
    }
    .into_any()
}

/// Whether a drag carries files (not text or a link).
fn files_dragged(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer().is_some_and(|dt| {
        dt.types()
            .iter()
            .any(|t| t.as_string().as_deref() == Some("Files"))
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Properties,
    Analysis,
    Comments,
    History,
    Report,
}

/// The right-hand panel: the selection's properties, or the live analysis of the design.
#[component]
fn SidePanel(
    editor: Editor,
    analysis: Memo<std::sync::Arc<analysis::Analysis>>,
    history: Option<HistoryTab>,
    report_source: Signal<Option<(api::urls::DocumentSource, api::Revision)>>,
) -> impl IntoView {
    let file_stem = Signal::derive(move || editor.meta().with(|m| m.file_stem()));
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
    // The Comments tab, on a stored design (the editor page's or a link's).
    let reviews = Reviews::from_context();
    if let Some(reviews) = reviews {
        Effect::new(move |seen: Option<u64>| {
            let asked = reviews.focus().get();
            if seen.is_some_and(|s| s != asked) {
                tab.set(Tab::Comments);
            }
            asked
        });
    }
    let comments_label = move || {
        let open = reviews.map_or(0, |r| {
            r.comments()
                .with(|c| c.iter().filter(|c| c.thread == c.id && !c.resolved).count())
        });
        format!("Comments ({open})")
    };
    view! {
        <aside class="panel side" aria-label="Properties and analysis">
            <div class="tabs" role="tablist">
                {tab_button(Tab::Properties, "tab-properties", Box::new(|| "Properties".to_owned()))}
                {tab_button(Tab::Analysis, "tab-analysis", Box::new(findings_label))}
                {move || reviews.filter(|r| r.is_open().get()).map(|_| {
                    tab_button(Tab::Comments, "tab-comments", Box::new(comments_label))
                })}
                {move || history.filter(|h| h.shown.get()).map(|_| {
                    tab_button(Tab::History, "tab-history", Box::new(|| "History".to_owned()))
                })}
                {tab_button(Tab::Report, "tab-report", Box::new(|| "Report".to_owned()))}
            </div>
            {move || match (tab.get(), history) {
                (Tab::Analysis, _) => view! { <AnalysisPanel editor analysis /> }.into_any(),
                (Tab::Comments, _) if reviews.is_some() => {
                    let reviews = reviews.expect("checked");
                    view! { <CommentsPanel editor reviews /> }.into_any()
                }
                (Tab::History, Some(history)) => history.view.run(()),
                (Tab::Report, _) => {
                    let has_peaks = Memo::new(move |_| analysis.with(|a| !a.peaks.is_empty()));
                    let has_cost = Memo::new(move |_| analysis.with(|a| a.cost.is_some()));
                    view! { <ReportPanel source=report_source file_stem has_peaks has_cost /> }.into_any()
                }
                _ => view! { <Properties editor /> }.into_any(),
            }}
        </aside>
    }
    .into_any()
}

#[component]
fn EmptyHint(editor: Editor) -> impl IntoView {
    move || {
        editor.slots().with(Vec::is_empty).then(|| {
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
                editor.alert().get().map(|a| {
                    view! {
                        <div class="alert" role="alert" data-testid="alert">
                            <p>{a.message}</p>
                            {(!a.details.is_empty()).then(|| view! {
                                <ul class="alert-details">
                                    {a.details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}
                                </ul>
                            })}
                            <button class="icon-button" aria-label="Dismiss" on:click=move |_| editor.dismiss_alert()>
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
        let nodes = editor.slots().with(Vec::len);
        let edges = editor.edges().with(Vec::len);
        format!(
            "{} · {}",
            units::plural(nodes, "node", "nodes"),
            units::plural(edges, "edge", "edges")
        )
    };
    let validity = move || {
        let n = editor.problems().with(Vec::len);
        if n == 0 {
            "valid".to_owned()
        } else {
            units::plural(n, "problem", "problems")
        }
    };
    view! {
        <div class="status-bar" data-testid="status">
            <span>{counts}</span>
            <span class:bad=move || editor.problems().with(|p| !p.is_empty())>{validity}</span>
            {move || editor.read_only().get().then(|| view! { <span class="badge">"review mode: editing off"</span> })}
        </div>
    }
    .into_any()
}
