//! Keeping the editor's design on the server: load, autosave (debounced), conflicts, old
//! revisions.
//!
//! Every save names the revision the editor's content is based on (`If-Match`); the server
//! refuses a stale one with 409, and the editor then offers to reload the newest revision or to
//! keep its copy as a new design. Nothing is overwritten silently in either direction.
//!
//! Nothing typed is lost when the server or its database is away: every change waiting to be
//! saved is also kept in the browser's local storage (with the revision it is based on) until
//! the server has it; a save that fails for a reason that passes (no network, 503, 429, 5xx)
//! is tried again with a growing pause (1, 2, 4 … 30 s), and the indicator says so. Opening the
//! design again (after a reload, or in a tab opened later) takes the kept changes back and
//! saves them, or, when someone saved a newer revision meanwhile, offers the conflict choice.

use std::time::Duration;

use api::{urls, Created, DesignBody, DesignId, ErrorCode, Revision, RevisionBody, Saved};
use design::Design;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::state::Editor;
use crate::browser;
use crate::client::{self, ApiError, Method};

/// How long the editor waits after a change before saving (typing is one save, not twenty).
pub const AUTOSAVE_DELAY: Duration = Duration::from_millis(600);
/// The longest pause between two tries of a save that failed for a passing reason.
pub const MAX_RETRY_SECS: u32 = 30;

/// Where a saved design's changes wait in this browser until the server has them.
fn unsaved_key(id: DesignId) -> String {
    format!("kafka-studio.unsaved.v1.{id}")
}

/// Changes kept in the browser: the design and the revision it is based on.
#[derive(Serialize, Deserialize)]
struct Unsaved {
    base: Option<Revision>,
    design: Design,
}

/// The pause before try number `attempt` (1, 2, 4 … seconds, at most [`MAX_RETRY_SECS`]).
pub fn retry_delay_secs(attempt: u32) -> u32 {
    1u32.checked_shl(attempt.min(5))
        .unwrap_or(MAX_RETRY_SECS)
        .min(MAX_RETRY_SECS)
}

/// What the save indicator says.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// Kept in this browser only (a visitor's draft, or not saved to an account yet).
    Browser,
    /// Loading from the server.
    Loading,
    /// Everything is saved as this revision.
    Saved(Revision),
    /// Changes wait for the autosave.
    Pending,
    Saving,
    /// Not saved while the design has this many problems.
    Invalid(usize),
    /// Someone saved revision `n` meanwhile; this copy was not saved.
    Conflict(Revision),
    Failed(String),
    /// Not saved for a passing reason; tried again in `n` seconds (kept in this browser).
    Retrying(String, u32),
    /// Showing old revision `n`, read-only.
    Viewing(Revision),
}

impl SaveState {
    pub fn key(&self) -> &'static str {
        match self {
            SaveState::Browser => "browser",
            SaveState::Loading => "loading",
            SaveState::Saved(_) => "saved",
            SaveState::Pending => "pending",
            SaveState::Saving => "saving",
            SaveState::Invalid(_) => "invalid",
            SaveState::Conflict(_) => "conflict",
            SaveState::Failed(_) => "failed",
            SaveState::Retrying(..) => "retrying",
            SaveState::Viewing(_) => "viewing",
        }
    }

    pub fn label(&self) -> String {
        match self {
            SaveState::Browser => "Kept in this browser".into(),
            SaveState::Loading => "Loading…".into(),
            SaveState::Saved(n) => format!("Saved · revision {n}"),
            SaveState::Pending => "Unsaved changes".into(),
            SaveState::Saving => "Saving…".into(),
            SaveState::Invalid(n) => format!("Not saved: fix {}", units::plural(*n, "problem", "problems")),
            SaveState::Conflict(n) => format!("Conflict: revision {n} was saved elsewhere"),
            SaveState::Failed(why) => format!("Not saved: {why}"),
            SaveState::Retrying(why, secs) => {
                format!(
                    "Not saved yet: {why}. Trying again in {secs} s; your changes are kept in this browser"
                )
            }
            SaveState::Viewing(n) => format!("Revision {n} · read-only"),
        }
    }
}

/// The link between an editor and a design on the server.
#[derive(Clone, Copy)]
pub struct DesignSync {
    pub editor: Editor,
    pub design_id: RwSignal<Option<DesignId>>,
    pub state: RwSignal<SaveState>,
    /// The revision the editor's content is based on.
    pub base: RwSignal<Option<Revision>>,
    /// The signed-in user's part in the design (a viewer's editor is read-only).
    pub role: RwSignal<Option<api::DesignRole>>,
    /// `editor.local_version()` when the content last matched the server (nothing to save).
    clean: StoredValue<u64>,
    generation: StoredValue<u64>,
    in_flight: StoredValue<bool>,
    /// Failed tries of the current save, for the pause before the next.
    attempts: StoredValue<u32>,
}

impl DesignSync {
    pub fn new(editor: Editor) -> Self {
        let sync = DesignSync {
            editor,
            design_id: RwSignal::new(None),
            state: RwSignal::new(SaveState::Browser),
            base: RwSignal::new(None),
            role: RwSignal::new(None),
            clean: StoredValue::new(0),
            generation: StoredValue::new(0),
            in_flight: StoredValue::new(false),
            attempts: StoredValue::new(0),
        };
        // Every recorded change of a saved design schedules a save.
        Effect::new(move |_| {
            let now = editor.local_version().get();
            untrack(|| sync.changed(now));
        });
        sync
    }

    fn changed(self, now: u64) {
        let idle = matches!(
            self.state.get_untracked(),
            SaveState::Viewing(_) | SaveState::Conflict(_) | SaveState::Loading
        );
        let Some(id) = self.design_id.get_untracked() else {
            return;
        };
        if idle || now == self.clean.get_value() {
            return;
        }
        self.keep_in_browser(id);
        if matches!(self.state.get_untracked(), SaveState::Retrying(..)) {
            // The retry already scheduled saves these changes too.
            return;
        }
        self.state.set(SaveState::Pending);
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        set_timeout(
            move || {
                if self.generation.get_value() == generation {
                    self.save_now();
                }
            },
            AUTOSAVE_DELAY,
        );
    }

    /// Keeps the editor's content in local storage until the server has it.
    fn keep_in_browser(self, id: DesignId) {
        let unsaved = Unsaved {
            base: self.base.get_untracked(),
            design: self.editor.snapshot(),
        };
        if let Ok(text) = serde_json::to_string(&unsaved) {
            // Full storage only loses the safety net; the save itself goes on.
            let _ = browser::save(&unsaved_key(id), &text);
        }
    }

    /// After a failure that passes: says so and tries again after a growing pause.
    fn retry_later(self, why: String) {
        let attempt = self.attempts.get_value() + 1;
        self.attempts.set_value(attempt);
        let secs = retry_delay_secs(attempt - 1);
        self.state.set(SaveState::Retrying(why, secs));
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        set_timeout(
            move || {
                if self.generation.get_value() == generation {
                    self.save_now();
                }
            },
            Duration::from_secs(u64::from(secs)),
        );
    }

    /// Saves now if there is anything to save (and nothing else is being saved).
    pub fn save_now(self) {
        let Some(id) = self.design_id.get_untracked() else {
            return;
        };
        if self.in_flight.get_value() || matches!(self.state.get_untracked(), SaveState::Conflict(_)) {
            return;
        }
        if self.role.get_untracked().is_some_and(|r| !r.may_edit()) {
            self.state.set(SaveState::Failed(
                "you are a viewer of this design: your changes are not saved".into(),
            ));
            return;
        }
        let problems = self.editor.problems().with_untracked(Vec::len);
        if problems > 0 {
            self.state.set(SaveState::Invalid(problems));
            return;
        }
        let at = self.editor.local_version().get_untracked();
        let design = self.editor.snapshot();
        let base = self.base.get_untracked();
        self.in_flight.set_value(true);
        self.state.set(SaveState::Saving);
        leptos::task::spawn_local(async move {
            let reply = client::send::<_, Saved>(Method::Put, &urls::design(id), Some(&design), base).await;
            self.in_flight.set_value(false);
            match reply {
                Ok(answer) => {
                    let revision = answer.body.revision;
                    self.attempts.set_value(0);
                    self.base.set(Some(revision));
                    self.clean.set_value(at);
                    if self.editor.local_version().get_untracked() == at {
                        browser::remove(&unsaved_key(id));
                        self.state.set(SaveState::Saved(revision));
                    } else {
                        // More changes came while saving: save them too.
                        self.changed(self.editor.local_version().get_untracked());
                    }
                }
                Err(e) => match e.body().and_then(api::ErrorBody::current_revision) {
                    Some(current) => self.state.set(SaveState::Conflict(current)),
                    None if e.status() == Some(401) => self.state.set(SaveState::Failed(
                        "you are signed out; log in (in another tab) and change something to save".into(),
                    )),
                    None if e.is_passing() => self.retry_later(e.to_string()),
                    None => self.state.set(SaveState::Failed(e.to_string())),
                },
            }
        });
    }

    /// Opens design `id`'s newest revision.
    pub fn load(self, id: DesignId) {
        self.state.set(SaveState::Loading);
        leptos::task::spawn_local(async move {
            match client::get::<DesignBody>(&urls::design(id)).await {
                Ok(loaded) => self.show_loaded(loaded),
                Err(e @ ApiError::Unexpected(_)) => self.state.set(SaveState::Failed(format!(
                    "the stored design cannot be read: {e}"
                ))),
                Err(e) if e.status() == Some(401) => {
                    self.state
                        .set(SaveState::Failed("log in to open this design".into()));
                    self.editor
                        .refuse("Log in to open this design: it is kept in an account.");
                }
                Err(e @ ApiError::Refused { .. }) => {
                    self.state.set(SaveState::Failed(e.to_string()));
                    self.editor.refuse(format!("This design cannot be opened: {e}."));
                }
                Err(e) => self.state.set(SaveState::Failed(e.to_string())),
            }
        });
    }

    fn show_loaded(self, loaded: DesignBody) {
        let viewer = !loaded.role.may_edit();
        self.editor.set_read_only(viewer);
        self.editor.start_from(loaded.design);
        self.mark_clean();
        self.design_id.set(Some(loaded.id));
        self.role.set(Some(loaded.role));
        self.base.set(Some(loaded.revision));
        self.state.set(SaveState::Saved(loaded.revision));
        self.editor.fit();
        if !viewer {
            self.take_back_unsaved(loaded.id, loaded.revision);
        }
    }

    /// Someone saved revision `n` elsewhere: shown at once when nothing here waits to be saved
    /// (the canvas keeps its place); otherwise the next save meets the conflict and offers the
    /// usual choice.
    pub fn follow(self, n: Revision) {
        let Some(id) = self.design_id.get_untracked() else {
            return;
        };
        let behind = self.base.get_untracked().is_some_and(|base| base < n);
        let idle = matches!(self.state.get_untracked(), SaveState::Saved(_))
            && self.editor.local_version().get_untracked() == self.clean.get_value();
        if !behind || !idle {
            return;
        }
        leptos::task::spawn_local(async move {
            let Ok(loaded) = client::get::<DesignBody>(&urls::design(id)).await else {
                return;
            };
            // Changed meanwhile here (leave it to the save), or not newer than what is shown.
            if self.editor.local_version().get_untracked() != self.clean.get_value()
                || self
                    .base
                    .get_untracked()
                    .is_some_and(|base| base >= loaded.revision)
            {
                return;
            }
            self.editor.start_from(loaded.design);
            self.mark_clean();
            self.role.set(Some(loaded.role));
            self.base.set(Some(loaded.revision));
            self.state.set(SaveState::Saved(loaded.revision));
        });
    }

    fn mark_clean(self) {
        self.clean.set_value(self.editor.local_version().get_untracked());
    }

    /// Changes this browser kept for design `id` and the server never got: shown again and
    /// saved (one undo step away from the stored revision), or, when they were based on an
    /// older revision than the newest, offered with the conflict choice.
    fn take_back_unsaved(self, id: DesignId, newest: Revision) {
        let Some(unsaved) =
            browser::load(&unsaved_key(id)).and_then(|t| serde_json::from_str::<Unsaved>(&t).ok())
        else {
            return;
        };
        if unsaved.design == self.editor.snapshot() {
            browser::remove(&unsaved_key(id));
            return;
        }
        // A recorded change: the effect of `new` schedules its save (unless in conflict).
        self.editor.replace(unsaved.design);
        if unsaved.base != Some(newest) {
            self.state.set(SaveState::Conflict(newest));
        }
    }

    /// Stores `design` as a new design of the signed-in user and continues on it.
    pub fn create(self, design: Design) {
        self.state.set(SaveState::Saving);
        let at = self.editor.local_version().get_untracked();
        leptos::task::spawn_local(async move {
            match client::post::<_, Created>(&urls::designs(), &design).await {
                Ok(Created { id, revision, .. }) => {
                    browser::replace_url(&urls::pages::editor(id));
                    self.editor.stop_drafts();
                    self.design_id.set(Some(id));
                    self.role.set(Some(api::DesignRole::Owner));
                    self.base.set(Some(revision));
                    self.clean.set_value(at);
                    self.state.set(SaveState::Saved(revision));
                    // Changes made while it was being created are saved next.
                    self.changed(self.editor.local_version().get_untracked());
                }
                Err(e) if e.is_passing() => self.state.set(SaveState::Failed(format!(
                    "{e}; your design is still here: try again in a moment"
                ))),
                Err(e) => match e.body() {
                    Some(body) if body.error.code == ErrorCode::Invalid => {
                        self.state.set(SaveState::Invalid(body.problems().len().max(1)));
                    }
                    _ => self.state.set(SaveState::Failed(e.to_string())),
                },
            }
        });
    }

    /// After a conflict: show the newest revision (this copy's changes are dropped, here and
    /// in the browser's keeping).
    pub fn reload_latest(self) {
        if let Some(id) = self.design_id.get_untracked() {
            browser::remove(&unsaved_key(id));
            self.load(id);
        }
    }

    /// After a conflict: keep this copy as a new design (`<name> (my copy)`).
    pub fn keep_as_new(self) {
        if let Some(id) = self.design_id.get_untracked() {
            browser::remove(&unsaved_key(id));
        }
        let mut design = self.editor.snapshot();
        let name = format!("{} (my copy)", design.name);
        design.name = name.chars().take(design::rules::MAX_NAME_CHARS).collect();
        self.editor.update_meta("name", |d| d.name = design.name.clone());
        self.create(design);
    }

    /// Shows revision `n`, read-only, until [`DesignSync::reload_latest`].
    pub fn view_revision(self, n: Revision) {
        let Some(id) = self.design_id.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match client::get::<RevisionBody>(&urls::revision(id, n)).await {
                Ok(shown) => {
                    self.state.set(SaveState::Viewing(n));
                    self.editor.set_read_only(true);
                    self.editor.start_from(shown.design);
                    self.mark_clean();
                }
                Err(e @ ApiError::Unexpected(_)) => {
                    self.editor.refuse(format!("Revision {n} cannot be read: {e}"))
                }
                Err(e) => self.editor.refuse(e.to_string()),
            }
        });
    }

    /// Makes revision `n` the newest again (a new revision) and shows it.
    pub fn restore(self, n: Revision) {
        let Some(id) = self.design_id.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match client::send_no_answer::<()>(Method::Post, &urls::restore(id, n), None).await {
                Ok(()) => self.load(id),
                Err(e) => self.editor.refuse(e.to_string()),
            }
        });
    }
}

/// The save indicator beside the toolbar.
#[component]
pub fn SaveIndicator(sync: DesignSync) -> impl IntoView {
    view! {
        <span
            class=move || format!("save-status save-{}", sync.state.with(SaveState::key))
            data-testid="save-status"
            data-state=move || sync.state.with(SaveState::key)
            role="status"
            aria-live="polite"
        >
            {move || sync.state.with(SaveState::label)}
        </span>
    }
}

/// Shown when a save was refused as stale: reload, or keep this copy as a new design.
#[component]
pub fn ConflictDialog(sync: DesignSync) -> impl IntoView {
    move || {
        let SaveState::Conflict(current) = sync.state.get() else {
            return None;
        };
        Some(view! {
            <div class="dialog-backdrop">
                <div class="dialog" role="alertdialog" aria-labelledby="conflict-title" data-testid="conflict-dialog">
                    <h2 id="conflict-title">"This design was changed elsewhere"</h2>
                    <p>
                        "Revision " {current.to_string()} " was saved from another tab or by someone else after you opened it, "
                        "so your latest changes were not saved over it."
                    </p>
                    <div class="dialog-actions">
                        <button class="button" data-testid="conflict-reload" on:click=move |_| sync.reload_latest()>
                            "Reload revision " {current.to_string()} " (drop my changes)"
                        </button>
                        <button class="button primary" data-testid="conflict-keep" on:click=move |_| sync.keep_as_new()>
                            "Keep my copy as a new design"
                        </button>
                    </div>
                </div>
            </div>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time_up_to_the_cap() {
        let waits: Vec<u32> = (0..8).map(retry_delay_secs).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 30, 30, 30]);
        assert_eq!(retry_delay_secs(u32::MAX), MAX_RETRY_SECS);
    }

    /// Changes kept by an earlier version of the studio (revision as a bare number, the same
    /// storage key) are still found and read.
    #[test]
    fn changes_kept_in_the_browser_read_back_across_versions() {
        let id: DesignId = "67e55044-10b1-426f-9247-bb680e5fe0c8".parse().unwrap();
        assert_eq!(
            unsaved_key(id),
            "kafka-studio.unsaved.v1.67e55044-10b1-426f-9247-bb680e5fe0c8"
        );
        let design = serde_json::to_value(Design::new("orders")).unwrap();
        let kept = serde_json::json!({"base": 7, "design": design});
        let read: Unsaved = serde_json::from_value(kept.clone()).unwrap();
        assert_eq!(
            (read.base, read.design.name.as_str()),
            (Some(Revision(7)), "orders")
        );
        assert_eq!(serde_json::to_value(&read).unwrap(), kept);
        let never_saved: Unsaved =
            serde_json::from_value(serde_json::json!({"base": null, "design": design})).unwrap();
        assert_eq!(never_saved.base, None);
    }

    #[test]
    fn the_indicator_says_which_revision_and_how_many_problems() {
        assert_eq!(SaveState::Saved(Revision(7)).label(), "Saved · revision 7");
        assert_eq!(SaveState::Invalid(1).label(), "Not saved: fix 1 problem");
        assert_eq!(SaveState::Invalid(3).label(), "Not saved: fix 3 problems");
        assert_eq!(
            SaveState::Conflict(Revision(9)).label(),
            "Conflict: revision 9 was saved elsewhere"
        );
        assert_eq!(SaveState::Viewing(Revision(2)).key(), "viewing");
        let retrying = SaveState::Retrying("the server answered 503".into(), 4).label();
        assert!(retrying.contains("503") && retrying.contains("4 s"), "{retrying}");
    }
}
