//! The schema panel: one schema subject's versions over the canvas. The versions list (v1 … vN,
//! notes, the newest marked), a text editor with line numbers for the version shown (syntax
//! errors marked at their line), adding a version (a copy of the newest), editing and deleting
//! the newest, two versions side by side, and the newest version's compatibility verdict at the
//! subject's level, each incompatibility a button that marks its line in the text.
//!
//! The text is edited in a buffer of the panel's own and written to the design after a pause in
//! typing ([`COMMIT_DELAY_MS`]), on leaving the text, and before anything else the panel does:
//! the design's validation and live analysis (which parse every version) then run once per
//! pause, not per key. The writes of one editing session carry one coalescing key, so they are
//! one undo step, as typing into any other field is. Versions before the newest are what a
//! registry keeps: shown, compared, not edited. With editing off nothing is written.

use std::sync::Arc;
use std::time::Duration;

use contracts::{Level, Schema, SchemaType, Verdict, VersionError};
use design::{Node, NodeKind, SchemaVersion};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

use super::schema_text::{diff_rows, line_count, line_of, line_range_utf16, starter};
use super::state::{Editor, Slot};

mod code;
mod verdict;

use code::{CodeEditor, SyntaxErrors};
use verdict::{Compare, VerdictView};

/// The pause in typing after which the text is written to the design.
pub const COMMIT_DELAY_MS: u64 = 350;
/// Height of one line of the text editor in CSS pixels (`--code-line` in the stylesheet).
const LINE_PX: f64 = 18.0;
/// The text editor's padding above the first line (the stylesheet's).
const PAD_PX: f64 = 4.0;

/// A line to mark in one version's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub version: u32,
    pub line: usize,
}

/// What the schema panel shows: which subject, which version, which line is marked, and
/// whether two versions are compared. The workspace provides it as context; the properties
/// panel and the findings open it.
#[derive(Clone, Copy)]
pub struct SchemaView {
    subject: RwSignal<Option<String>>,
    /// The version shown (1 is the oldest); `None`: the newest.
    version: RwSignal<Option<u32>>,
    mark: RwSignal<Option<Mark>>,
    compare: RwSignal<bool>,
}

impl SchemaView {
    /// A closed panel, provided as context to the workspace's components.
    pub fn provide() -> Self {
        let view = SchemaView {
            subject: RwSignal::new(None),
            version: RwSignal::new(None),
            mark: RwSignal::new(None),
            compare: RwSignal::new(false),
        };
        provide_context(view);
        view
    }

    /// The panel of the workspace, if there is one.
    pub fn from_context() -> Option<Self> {
        use_context::<SchemaView>()
    }

    /// Opens the panel on subject `id`'s newest version.
    pub fn open(&self, id: &str) {
        self.subject.set(Some(id.to_owned()));
        self.version.set(None);
        self.mark.set(None);
        self.compare.set(false);
    }

    /// Opens the panel on `version` of subject `id`, with `line` marked and the caret on it.
    pub fn open_at(&self, id: &str, version: u32, line: Option<usize>) {
        self.subject.set(Some(id.to_owned()));
        self.compare.set(false);
        self.version.set(Some(version));
        self.mark.set(line.map(|line| Mark { version, line }));
    }

    pub fn close(&self) {
        self.subject.set(None);
        self.mark.set(None);
    }

    /// The subject whose panel is open.
    pub fn subject(&self) -> ReadSignal<Option<String>> {
        self.subject.read_only()
    }
}

/// The panel, over the canvas while a subject is open.
#[component]
pub fn SchemaPanel(editor: Editor, view: SchemaView) -> impl IntoView {
    // The open subject while it is in the design (undo may take it away).
    let present = Memo::new(move |_| {
        let id = view.subject.get()?;
        editor.slots().with(|slots| {
            slots
                .iter()
                .any(|s| **s.id() == *id && s.node().with(|n| n.kind == NodeKind::SchemaSubject))
                .then_some(id)
        })
    });
    Effect::new(move |_| {
        if present.get().is_none() && view.subject.with_untracked(Option::is_some) {
            view.close();
        }
    });
    move || {
        present
            .get()
            .and_then(|id| editor.slot(&id))
            .map(|slot| view! { <Panel editor view subject=slot /> })
    }
}

/// The text being edited, before and after it is written to the design.
#[derive(Clone, Copy)]
struct Session {
    editor: Editor,
    id: StoredValue<Arc<str>>,
    /// What the textarea holds.
    buffer: RwSignal<String>,
    /// What the design holds (as last read or written) for `version`.
    synced: RwSignal<String>,
    /// The version (1-based) the buffer is the text of.
    version: StoredValue<usize>,
    /// Bumped by every edit and write: a pending timer of an older generation does nothing.
    generation: StoredValue<u64>,
}

impl Session {
    fn pending(&self) -> bool {
        self.buffer.with(|b| self.synced.with(|s| b != s))
    }

    /// Takes the design's text of `version` into the buffer (another version shown, undo,
    /// redo), dropping what was typed and not written.
    fn load(&self, version: usize, text: &str) {
        let same = self.version.get_value() == version && self.synced.with_untracked(|s| s == text);
        if !same {
            self.generation.update_value(|g| *g += 1);
            self.version.set_value(version);
            self.synced.set(text.to_owned());
            self.buffer.set(text.to_owned());
        }
    }

    fn typed(&self, text: String) {
        self.buffer.set(text);
        self.generation.update_value(|g| *g += 1);
        let generation = self.generation.get_value();
        let session = *self;
        set_timeout(
            move || {
                if session.generation.try_get_value() == Some(generation) {
                    session.flush();
                }
            },
            Duration::from_millis(COMMIT_DELAY_MS),
        );
    }

    /// Writes the buffer to the design now, if it differs (one undo step per editing session:
    /// the writes of one version's text coalesce).
    fn flush(&self) {
        let Some(text) = self.buffer.try_get_untracked() else {
            return;
        };
        if self.synced.with_untracked(|s| *s == text) {
            return;
        }
        self.generation.update_value(|g| *g += 1);
        let version = self.version.get_value();
        let id = self.id.get_value();
        if version == 0 {
            return;
        }
        let i = version - 1;
        self.synced.set(text.clone());
        self.editor
            .update_node(&id, &format!("versions[{i}].schema"), move |n| {
                // Only the newest version is edited; anything else changed under the buffer.
                if n.versions.len() == version {
                    n.versions[i].schema = text;
                }
            });
    }
}

/// Why a version does not parse, and the line it is at when known.
#[derive(Clone, Debug, PartialEq)]
struct SyntaxError {
    line: Option<usize>,
    message: String,
}

fn syntax_error(ty: SchemaType, text: &str) -> Option<SyntaxError> {
    match Schema::parse(ty, text) {
        Ok(_) => None,
        Err(e) => {
            let line = match &e {
                contracts::Error::Syntax { line: Some(l), .. } => Some(*l),
                contracts::Error::Syntax {
                    location: Some(p), ..
                } => line_of(ty, text, p),
                _ => None,
            };
            Some(SyntaxError {
                line,
                message: e.to_string(),
            })
        }
    }
}

/// The newest version checked against the ones before it at the subject's level; `None` with
/// fewer than two versions.
fn verdict(n: &Node) -> Option<Result<Verdict, VersionError>> {
    (n.versions.len() >= 2).then(|| {
        let texts: Vec<&str> = n.versions.iter().map(|v| v.schema.as_str()).collect();
        contracts::check_latest(n.schema_type_or_default(), n.compatibility_or_default(), &texts)
    })
}

/// The versions the newest is compared with at `level`: "v3", "v1–v3".
fn compared_with(level: Level, newest: usize) -> String {
    match (level.transitive(), newest) {
        (_, 0..=2) | (false, _) => format!("v{}", newest.saturating_sub(1)),
        (true, _) => format!("v1–v{}", newest - 1),
    }
}

#[component]
fn Panel(editor: Editor, view: SchemaView, subject: Slot) -> impl IntoView {
    let id: Arc<str> = subject.id().clone();
    let node = subject.node();
    let ro = Signal::derive(move || editor.read_only().get());
    let count = {
        let node = node.clone();
        Memo::new(move |_| node.with(|n| n.versions.len()))
    };
    // The version shown, 1-based; 0 when there is none.
    let shown = Memo::new(move |_| {
        let n = count.get();
        view.version.get().map_or(n, |v| (v as usize).clamp(1.min(n), n))
    });
    let ty = {
        let node = node.clone();
        Memo::new(move |_| node.with(Node::schema_type_or_default))
    };
    let level = {
        let node = node.clone();
        Memo::new(move |_| node.with(Node::compatibility_or_default))
    };
    let model_text = {
        let node = node.clone();
        Memo::new(move |_| {
            let v = shown.get();
            node.with(|n| {
                v.checked_sub(1)
                    .and_then(|i| n.versions.get(i))
                    .map(|v| v.schema.clone())
                    .unwrap_or_default()
            })
        })
    };
    let initial = model_text.get_untracked();
    let session = Session {
        editor,
        id: StoredValue::new(id.clone()),
        buffer: RwSignal::new(initial.clone()),
        synced: RwSignal::new(initial),
        version: StoredValue::new(shown.get_untracked()),
        generation: StoredValue::new(0),
    };
    Effect::new(move |_| {
        let v = shown.get();
        model_text.with(|m| session.load(v, m));
    });
    let editable = Signal::derive(move || !ro.get() && shown.get() == count.get() && count.get() > 0);
    let error = Memo::new(move |_| {
        let t = ty.get();
        model_text.with(|m| (shown.get() > 0).then(|| syntax_error(t, m)).flatten())
    });
    let checked = {
        let node = node.clone();
        Memo::new(move |_| node.with(verdict))
    };
    let name = {
        let node = node.clone();
        move || node.with(|n| n.name.clone())
    };

    let show_version = move |v: usize| {
        session.flush();
        view.compare.set(false);
        view.mark.set(None);
        view.version.set(Some(v as u32));
    };
    let add_version = {
        let id = id.clone();
        move |_| {
            session.flush();
            editor.change_node(&id, |n| {
                let next = n
                    .versions
                    .last()
                    .map(|v| v.schema.clone())
                    .unwrap_or_else(|| starter(n.schema_type_or_default(), &n.name));
                n.versions.push(SchemaVersion::new(next));
            });
            view.compare.set(false);
            view.mark.set(None);
            view.version.set(None);
        }
    };
    let delete_newest = {
        let id = id.clone();
        move |_| {
            session.flush();
            editor.change_node(&id, |n| {
                n.versions.pop();
            });
            view.mark.set(None);
            view.version.set(None);
        }
    };
    let close = move || {
        session.flush();
        view.close();
        // Back to the button that opened it, when the subject is still selected.
        request_animation_frame(|| {
            let button = document()
                .query_selector("[data-testid=open-schema-panel]")
                .ok()
                .flatten()
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(button) = button {
                let _ = button.focus();
            }
        });
    };
    let at_limit = Signal::derive(move || count.get() >= design::rules::MAX_SCHEMA_VERSIONS);
    let panel_ref = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        if let Some(el) = panel_ref.get() {
            if view.mark.get_untracked().is_none() {
                let _ = el.focus();
            }
        }
    });

    let versions_list = {
        let node = node.clone();
        move || {
            let current = shown.get();
            let items: Vec<(usize, Option<String>)> = node.with(|n| {
                n.versions
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (i + 1, v.note.clone()))
                    .collect()
            });
            let newest = items.len();
            items
                .into_iter()
                .rev()
                .map(|(k, note)| {
                    view! {
                        <li>
                            <button
                                class="schema-version"
                                data-testid=format!("schema-version-{k}")
                                aria-current=move || (k == current && !view.compare.get()).then_some("true")
                                on:click=move |_| show_version(k)
                            >
                                <span class="schema-version-number">{format!("v{k}")}</span>
                                {(k == newest).then(|| view! { <span class="schema-newest">"newest"</span> })}
                                {note.map(|n| view! { <span class="schema-version-note">{n}</span> })}
                            </button>
                        </li>
                    }
                })
                .collect_view()
        }
    };

    let note_input = {
        let node = node.clone();
        let id = id.clone();
        move || {
            let v = shown.get();
            let newest = v == count.get() && v > 0;
            let note = node.with(|n| {
                v.checked_sub(1)
                    .and_then(|i| n.versions.get(i))
                    .and_then(|x| x.note.clone())
            });
            let id = id.clone();
            (v > 0).then(|| {
                view! {
                    <label class="schema-note" for="schema-note">{format!("Note of v{v}")}</label>
                    <input
                        id="schema-note"
                        data-testid="schema-note"
                        type="text"
                        maxlength="1000"
                        autocomplete="off"
                        placeholder=if newest { "why this version (e.g. adds email)" } else { "" }
                        disabled=move || ro.get() || !newest
                        prop:value=note.unwrap_or_default()
                        on:change=move |ev| {
                            let text = event_target_value(&ev);
                            let i = v - 1;
                            editor.update_node(&id, &format!("versions[{i}].note"), |n| {
                                if let Some(x) = n.versions.get_mut(i) {
                                    x.note = (!text.trim().is_empty()).then_some(text);
                                }
                            });
                        }
                    />
                }
            })
        }
    };

    let main = {
        let node = node.clone();
        move || {
            if view.compare.get() && count.get() >= 2 {
                view! { <Compare node=node.clone() count /> }.into_any()
            } else if count.get() == 0 {
                view! {
                    <p class="muted" data-testid="schema-empty">
                        "No versions yet. Add the first one: it starts from a record named after the subject."
                    </p>
                }
                .into_any()
            } else {
                view! {
                    <div class="schema-edit-head">{note_input.clone()}</div>
                    <CodeEditor session view shown editable error />
                    <SyntaxErrors session view shown error />
                }
                .into_any()
            }
        }
    };

    view! {
        <section
            class="schema-panel"
            role="dialog"
            aria-modal="false"
            aria-labelledby="schema-panel-title"
            data-testid="schema-panel"
            tabindex="-1"
            node_ref=panel_ref
            on:keydown=move |ev| match ev.key().as_str() {
                // Keys the canvas would take (deleting the subject, selecting every node).
                "Escape" => {
                    ev.stop_propagation();
                    close();
                }
                "Delete" | "Backspace" | "a" | "A" => ev.stop_propagation(),
                _ => {}
            }
        >
            <header class="schema-head">
                <h2 id="schema-panel-title">
                    "Schema of " <code data-testid="schema-panel-subject">{name}</code>
                </h2>
                <span class="schema-facts" data-testid="schema-facts">
                    {move || format!("{} · {}", ty.get(), level.get())}
                </span>
                <span class="schema-status" data-testid="schema-status" data-pending=move || session.pending().to_string()>
                    {move || if session.pending() { "editing…" } else if editable.get() { "saved in the design" } else { "" }}
                </span>
                <button class="icon-button schema-close" data-testid="schema-close" aria-label="Close the schema panel" on:click=move |_| close()>
                    "×"
                </button>
            </header>
            <div class="schema-body">
                <nav class="schema-versions" aria-label="Versions">
                    <ol class="schema-version-list" data-testid="schema-versions">{versions_list}</ol>
                    <div class="schema-version-actions">
                        <button
                            data-testid="schema-add-version"
                            disabled=move || ro.get() || at_limit.get()
                            title=move || if at_limit.get() { "A subject keeps at most 100 versions" } else { "A new version, starting from a copy of the newest" }
                            on:click=add_version
                        >
                            "Add version"
                        </button>
                        <button
                            data-testid="schema-delete-version"
                            disabled=move || ro.get() || count.get() == 0
                            on:click=delete_newest
                        >
                            {move || format!("Delete v{}", count.get())}
                        </button>
                        <button
                            data-testid="schema-compare"
                            aria-pressed=move || view.compare.get().to_string()
                            disabled=move || count.get() < 2
                            on:click=move |_| {
                                session.flush();
                                view.compare.update(|c| *c = !*c);
                            }
                        >
                            "Compare versions"
                        </button>
                    </div>
                </nav>
                <div class="schema-main">{main}</div>
            </div>
            <VerdictView node=node.clone() view ty level count checked />
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_versions_compared_follow_the_level() {
        assert_eq!(compared_with(Level::Backward, 4), "v3");
        assert_eq!(compared_with(Level::BackwardTransitive, 4), "v1–v3");
        assert_eq!(compared_with(Level::FullTransitive, 2), "v1");
    }

    #[test]
    fn syntax_errors_have_their_line() {
        let e = syntax_error(
            SchemaType::Avro,
            "{\n  \"type\": \"record\",\n  \"name\": \"A\",\n  \"fields\": [,]\n}",
        )
        .unwrap();
        assert_eq!(e.line, Some(4), "{e:?}");
        assert!(syntax_error(SchemaType::Avro, "\"string\"").is_none());
    }
}
