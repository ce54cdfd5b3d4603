//! Review threads in the browser: the comments of the open design, what the caller may do
//! with them, who else is looking, and the live stream that keeps all of it current.
//!
//! One [`Reviews`] per page (the editor page for the owner and members, the review page for a
//! link), given to the components below it as context: the Comments panel ([`panel`]), the
//! canvas's markers, the findings' "Comment" button. State changes only through its methods;
//! every change is sent to the server and the list read back, so what is shown is what is
//! stored.
//!
//! A guest of a link gives a display name once (kept in this browser) and keeps the key the
//! server answered for each of their comments (also kept here) to edit or delete them later.

pub mod live;
pub mod panel;

use std::collections::{HashMap, HashSet};

use api::reviews::GUEST_KEY_HEADER;
use api::urls::DocumentSource;
use api::{
    Comment, CommentEdit, CommentList, CommentTarget, DesignRole, LiveEvent, NewComment, PostedComment,
    Revision,
};
use leptos::prelude::*;

use crate::browser;
use crate::client::{self, Method};

/// Where a guest's display name is kept.
const GUEST_NAME_KEY: &str = "kafka-studio.guest-name.v1";
/// Where a guest's keys to their comments are kept (comment id → key).
const GUEST_KEYS_KEY: &str = "kafka-studio.guest-keys.v1";
/// Most guest keys kept (the oldest are forgotten first).
const MAX_GUEST_KEYS: usize = 500;

#[derive(Clone, Copy)]
pub struct Reviews {
    source: RwSignal<Option<DocumentSource>>,
    comments: RwSignal<Vec<Comment>>,
    may_comment: RwSignal<bool>,
    viewers: RwSignal<u32>,
    error: RwSignal<Option<String>>,
    /// The caller's part (`None` through a link).
    role: RwSignal<Option<DesignRole>>,
    /// Without an account, through a link.
    guest: RwSignal<bool>,
    /// What to write about, chosen elsewhere (a finding): the panel starts from it.
    draft: RwSignal<Option<(CommentTarget, String)>>,
    /// Bumped to ask the side panel to show the Comments tab.
    focus: RwSignal<u64>,
    /// The live stream ended for good (a revoked link, a membership ended).
    ended: RwSignal<bool>,
    /// Posting allowed now (computed once: components that read it are not rebuilt by a
    /// refresh that changes nothing).
    can_post: Memo<bool>,
    /// Open threads per node.
    open_by_node: Memo<HashMap<String, usize>>,
    /// A guest's display name (kept in the browser as it is typed).
    guest_name: RwSignal<String>,
    /// Replies being written, by thread: kept while the threads are redrawn.
    replies: StoredValue<HashMap<i64, String>>,
    /// The newest list asked for: older answers landing later are dropped.
    generation: StoredValue<u64>,
    /// Failed reconnections in a row (for the pause before the next).
    retries: StoredValue<u32>,
    on_revision: StoredValue<Option<Callback<Revision>>>,
    connection: StoredValue<Option<live::Connection>, LocalStorage>,
}

impl Reviews {
    /// New, empty, and given as context to what the caller renders next.
    pub fn provide() -> Self {
        let comments = RwSignal::new(Vec::<Comment>::new());
        let (may_comment, ended) = (RwSignal::new(false), RwSignal::new(false));
        let reviews = Reviews {
            source: RwSignal::new(None),
            comments,
            may_comment,
            viewers: RwSignal::new(0),
            error: RwSignal::new(None),
            role: RwSignal::new(None),
            guest: RwSignal::new(false),
            draft: RwSignal::new(None),
            focus: RwSignal::new(0),
            ended,
            can_post: Memo::new(move |_| may_comment.get() && !ended.get()),
            open_by_node: Memo::new(move |_| comments.with(|all| open_threads_by_node(all))),
            guest_name: RwSignal::new(guest_name().unwrap_or_default()),
            replies: StoredValue::new(HashMap::new()),
            generation: StoredValue::new(0),
            retries: StoredValue::new(0),
            on_revision: StoredValue::new(None),
            connection: StoredValue::new_local(None),
        };
        provide_context(reviews);
        reviews
    }

    pub fn from_context() -> Option<Self> {
        use_context::<Reviews>()
    }

    /// Starts on a stored design: reads its threads and follows it live. `on_revision` hears
    /// of revisions saved elsewhere.
    pub fn open(
        self,
        source: DocumentSource,
        role: Option<DesignRole>,
        guest: bool,
        on_revision: Callback<Revision>,
    ) {
        if self.source.get_untracked().as_ref() == Some(&source) {
            self.role.set(role);
            return;
        }
        self.source.set(Some(source.clone()));
        self.role.set(role);
        self.guest.set(guest);
        self.ended.set(false);
        self.on_revision.set_value(Some(on_revision));
        self.refresh();
        self.connect();
    }

    fn connect(self) {
        let Some(source) = self.source.get_untracked() else {
            return;
        };
        let connection = live::connect(&source.events(), move |event| self.heard(event));
        self.connection.set_value(connection);
    }

    /// The stream was closed by the server's answer (not a network failure, which the browser
    /// retries itself): ended for good when the design can no longer be read (404), otherwise
    /// (too many streams, the server busy) tried again after a growing pause, catching up on
    /// what was missed.
    fn reconnect_later(self) {
        self.connection.set_value(None);
        let Some(source) = self.source.get_untracked() else {
            return;
        };
        let attempt = self.retries.get_value();
        self.retries.set_value(attempt + 1);
        let pause = std::time::Duration::from_secs(5u64 << attempt.min(4));
        set_timeout(
            move || {
                leptos::task::spawn_local(async move {
                    match client::get::<CommentList>(&source.comments()).await {
                        Err(e) if e.status() == Some(404) => self.end(&source),
                        _ => {
                            self.refresh();
                            self.connect();
                        }
                    }
                });
            },
            pause,
        );
    }

    fn end(self, source: &DocumentSource) {
        self.ended.set(true);
        self.viewers.set(0);
        self.error.set(Some(match source {
            DocumentSource::Shared(_) => {
                "This link was revoked: the threads can no longer be read or answered here.".into()
            }
            DocumentSource::Design(_) => {
                "This design is no longer shared with you (or was deleted): reload to see what you may open."
                    .into()
            }
        }));
    }

    fn heard(self, event: Option<LiveEvent>) {
        if event.is_some() {
            self.retries.set_value(0);
        }
        match event {
            Some(LiveEvent::Comment { .. }) => self.refresh(),
            Some(LiveEvent::Presence { viewers }) => self.viewers.set(viewers),
            Some(LiveEvent::Revision { revision }) => {
                self.refresh();
                if let Some(cb) = self.on_revision.get_value() {
                    cb.run(revision);
                }
            }
            Some(LiveEvent::Resync) => self.refresh(),
            None => self.reconnect_later(),
        }
    }

    /// Reads the threads again.
    pub fn refresh(self) {
        let Some(source) = self.source.get_untracked() else {
            return;
        };
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        leptos::task::spawn_local(async move {
            let answer = client::get::<CommentList>(&source.comments()).await;
            if self.generation.get_value() != generation {
                return; // a newer list was asked for meanwhile
            }
            match answer {
                Ok(list) => {
                    if self.comments.with_untracked(|c| *c != list.comments) {
                        self.comments.set(list.comments);
                    }
                    if self.may_comment.get_untracked() != list.may_comment {
                        self.may_comment.set(list.may_comment);
                    }
                    if self.error.with_untracked(Option::is_some) {
                        self.error.set(None);
                    }
                }
                Err(e) if e.status() == Some(404) => self.end(&source),
                Err(e) => self.error.set(Some(e.to_string())),
            }
        });
    }

    pub fn comments(self) -> ReadSignal<Vec<Comment>> {
        self.comments.read_only()
    }

    pub fn may_comment(self) -> Memo<bool> {
        self.can_post
    }

    /// A guest's display name, kept in this browser as it is typed.
    pub fn guest_name(self) -> ReadSignal<String> {
        self.guest_name.read_only()
    }

    pub fn set_guest_name(self, name: String) {
        let _ = browser::save(GUEST_NAME_KEY, name.trim());
        self.guest_name.set(name);
    }

    /// The reply being written in thread `id`.
    pub fn reply_draft(self, id: i64) -> String {
        self.replies
            .with_value(|r| r.get(&id).cloned().unwrap_or_default())
    }

    pub fn keep_reply_draft(self, id: i64, text: String) {
        self.replies.update_value(|r| {
            if text.is_empty() {
                r.remove(&id);
            } else {
                r.insert(id, text);
            }
        });
    }

    pub fn viewers(self) -> ReadSignal<u32> {
        self.viewers.read_only()
    }

    pub fn error(self) -> ReadSignal<Option<String>> {
        self.error.read_only()
    }

    pub fn is_guest(self) -> ReadSignal<bool> {
        self.guest.read_only()
    }

    pub fn is_owner(self) -> bool {
        self.role.get_untracked() == Some(DesignRole::Owner)
    }

    pub fn is_open(self) -> Signal<bool> {
        let source = self.source;
        Signal::derive(move || source.with(Option::is_some))
    }

    pub fn focus(self) -> ReadSignal<u64> {
        self.focus.read_only()
    }

    /// Opens the Comments tab on a new comment about `target`, starting with `text`.
    pub fn write_about(self, target: CommentTarget, text: String) {
        self.draft.set(Some((target, text)));
        self.focus.update(|n| *n += 1);
    }

    /// Takes what [`Reviews::write_about`] left (once).
    pub fn take_draft(self) -> Option<(CommentTarget, String)> {
        let draft = self.draft.get_untracked();
        if draft.is_some() {
            self.draft.set(None);
        }
        draft
    }

    pub fn draft(self) -> ReadSignal<Option<(CommentTarget, String)>> {
        self.draft.read_only()
    }

    /// Open threads per node, for the canvas's markers.
    pub fn open_threads_by_node(self) -> Memo<HashMap<String, usize>> {
        self.open_by_node
    }

    /// Whether the caller wrote `c` (an account's own, or a guest's kept key: `keys`).
    pub fn is_mine(self, c: &Comment, keys: &HashSet<i64>) -> bool {
        c.mine || (c.author.guest && keys.contains(&c.id))
    }

    /// Posts a comment (a reply with `reply_to`); `Err` says why not.
    pub async fn post(
        self,
        text: String,
        target: CommentTarget,
        reply_to: Option<i64>,
        guest_name: Option<String>,
    ) -> Result<(), String> {
        let source = self.source.get_untracked().ok_or("no design is open")?;
        if let Some(name) = &guest_name {
            if name.trim().is_empty() {
                return Err("Give your name first: it is shown with your comments.".into());
            }
            let _ = browser::save(GUEST_NAME_KEY, name.trim());
        }
        let body = NewComment {
            text,
            target,
            reply_to,
            guest_name,
        };
        let posted: PostedComment = client::post(&source.comments(), &body)
            .await
            .map_err(|e| e.to_string())?;
        if let Some(key) = posted.guest_key {
            keep_guest_key(posted.comment.id, key);
        }
        self.refresh();
        Ok(())
    }

    pub async fn edit(self, id: i64, text: String) -> Result<(), String> {
        let source = self.source.get_untracked().ok_or("no design is open")?;
        client::send_with::<_, Comment>(
            Method::Patch,
            &source.comment(id),
            Some(&CommentEdit { text }),
            key_header(id),
        )
        .await
        .map_err(|e| e.to_string())?;
        self.refresh();
        Ok(())
    }

    pub async fn delete(self, id: i64) -> Result<(), String> {
        let source = self.source.get_untracked().ok_or("no design is open")?;
        client::send_with::<(), serde_json::Value>(Method::Delete, &source.comment(id), None, key_header(id))
            .await
            .map_err(|e| e.to_string())?;
        self.refresh();
        Ok(())
    }

    pub async fn set_resolved(self, thread: i64, resolved: bool) -> Result<(), String> {
        let source = self.source.get_untracked().ok_or("no design is open")?;
        client::send_no_answer::<()>(Method::Post, &source.resolve(thread, resolved), None)
            .await
            .map_err(|e| e.to_string())?;
        self.refresh();
        Ok(())
    }
}

/// Open threads per node: a thread about a node, one of its fields, or an edge from it.
fn open_threads_by_node(all: &[Comment]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for c in all.iter().filter(|c| c.thread == c.id && !c.resolved) {
        let node = c
            .target
            .node
            .clone()
            .or_else(|| c.target.edge.as_ref().map(|e| e.from.clone()));
        if let Some(node) = node {
            *counts.entry(node).or_insert(0) += 1;
        }
    }
    counts
}

/// The comments this browser's guest may edit (it keeps their keys).
pub fn guest_comment_ids() -> HashSet<i64> {
    guest_keys().into_keys().collect()
}

/// The display name this browser's guest gave last.
fn guest_name() -> Option<String> {
    browser::load(GUEST_NAME_KEY).filter(|n| !n.trim().is_empty())
}

fn guest_keys() -> HashMap<i64, String> {
    browser::load(GUEST_KEYS_KEY)
        .and_then(|text| serde_json::from_str::<Vec<(i64, String)>>(&text).ok())
        .map(|pairs| pairs.into_iter().collect())
        .unwrap_or_default()
}

fn keep_guest_key(id: i64, key: String) {
    let mut pairs: Vec<(i64, String)> = browser::load(GUEST_KEYS_KEY)
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    pairs.retain(|(kept, _)| *kept != id);
    pairs.push((id, key));
    if pairs.len() > MAX_GUEST_KEYS {
        pairs.drain(..pairs.len() - MAX_GUEST_KEYS);
    }
    if let Ok(text) = serde_json::to_string(&pairs) {
        let _ = browser::save(GUEST_KEYS_KEY, &text);
    }
}

fn key_header(id: i64) -> Option<(&'static str, String)> {
    guest_keys().remove(&id).map(|key| (GUEST_KEY_HEADER, key))
}
