//! `/editor`: the topology editor on the design kept in this browser.
//!
//! Query parameters: `template=<id>` opens a starter template, `new` an empty design (both as
//! an undoable step over the draft, which stays one Ctrl+Z away); `mode=review` opens with
//! editing off. The server renders the template (or an empty canvas); in the browser the draft
//! is loaded from local storage and every change is saved back there.

use std::collections::HashSet;

use design::templates;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::editor::browser;
use crate::editor::canvas::{measure, Canvas};
use crate::editor::findings::{badges, live_analysis, AnalysisPanel};
use crate::editor::gestures::Gestures;
use crate::editor::lineage::lineage;
use crate::editor::palette::Palette;
use crate::editor::properties::Properties;
use crate::editor::state::{empty_design, Editor};
use crate::editor::toolbar::Toolbar;

#[component]
pub fn EditorPage() -> impl IntoView {
    let query = use_query_map();
    let (template_id, fresh, review) = query.with_untracked(|q| {
        (
            q.get("template"),
            q.get("new").is_some(),
            q.get("mode").as_deref() == Some("review"),
        )
    });
    let template = template_id.as_deref().and_then(templates::template);
    let initial = template
        .and_then(|t| t.design().ok())
        .unwrap_or_else(empty_design);
    let editor = Editor::new(initial.clone(), review);
    let gestures = Gestures::new(editor);

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

    // In the browser only (effects do not run on the server): take up the draft, then lay the
    // template or the empty design over it as one step.
    Effect::new(move |_| {
        untrack(|| {
            let draft = browser::load(browser::DRAFT_KEY).map(|json| design::parse(json.as_bytes()));
            // An unreadable draft is left alone until the user changes something, so the address
            // keeps what was asked for: a reload asks again instead of showing an empty canvas.
            let draft_unreadable = matches!(draft, Some(Err(_)));
            match draft {
                Some(Ok(d)) if template.is_none() && !fresh => editor.start_from(d),
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
            if (template.is_some() || fresh) && !draft_unreadable {
                browser::replace_url(if review { "/editor?mode=review" } else { "/editor" });
            }
            measure(gestures);
            editor.fit();
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

    view! {
        <div class="editor" data-testid="editor" class:review=move || editor.read_only.get()>
            <Toolbar editor on_import />
            <div class="editor-body">
                <Palette gestures />
                <div class="canvas-wrap">
                    <Canvas gestures lineage=lit badges />
                    <EmptyHint editor />
                    <AlertBanner editor />
                    <StatusBar editor />
                </div>
                <SidePanel editor analysis />
            </div>
        </div>
    }
    .into_any()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Properties,
    Analysis,
}

/// The right-hand panel: the selection's properties, or the live analysis of the design.
#[component]
fn SidePanel(editor: Editor, analysis: Memo<std::sync::Arc<analysis::Analysis>>) -> impl IntoView {
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
            </div>
            {move || match tab.get() {
                Tab::Properties => view! { <Properties editor /> }.into_any(),
                Tab::Analysis => view! { <AnalysisPanel editor analysis /> }.into_any(),
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
