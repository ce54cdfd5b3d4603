//! The Comments tab: a new comment about the design, the selected node or one of its fields;
//! the threads grouped by what they are about, open ones first; replies, resolve and reopen,
//! edit and delete one's own; and, on a thread whose element changed since, what changed.

use api::{Comment, CommentTarget};
use design::model::NodeKind;
use leptos::prelude::*;

use super::Reviews;
use crate::components::my_designs::short_time;
use crate::editor::state::Editor;

/// Kafka settings offered for each kind of node, before the fields the node already sets.
fn usual_fields(kind: NodeKind) -> &'static [&'static str] {
    match kind {
        NodeKind::Topic => &[
            "partitions",
            "replication.factor",
            "min.insync.replicas",
            "retention.ms",
            "cleanup.policy",
            "compression.type",
        ],
        NodeKind::Producer | NodeKind::SourceConnector => &[
            "messages_per_sec",
            "avg_message_bytes",
            "acks",
            "linger.ms",
            "enable.idempotence",
        ],
        NodeKind::ConsumerGroup | NodeKind::SinkConnector | NodeKind::StreamProcessor => &[
            "instances",
            "processing_ms_per_record",
            "max.poll.records",
            "dead_letter_topic",
        ],
        NodeKind::SchemaSubject => &["compatibility", "schema_type"],
    }
}

/// The fields a comment on node `id` may be pinned to: the usual ones for its kind, then
/// every field it sets.
fn fields_of(editor: Editor, id: &str) -> Vec<String> {
    editor.local_version().track();
    editor.with_recorded(|d| {
        let Some(node) = d.nodes.iter().find(|n| n.id == id) else {
            return Vec::new();
        };
        let mut fields: Vec<String> = usual_fields(node.kind).iter().map(|f| (*f).to_owned()).collect();
        if let Some(set) = design::snapshot::snapshot(d, design::snapshot::Element::Node(id)) {
            for name in set.into_keys() {
                if !fields.contains(&name) && name != "kind" {
                    fields.push(name);
                }
            }
        }
        fields
    })
}

#[component]
pub fn CommentsPanel(editor: Editor, reviews: Reviews) -> impl IntoView {
    let threads = Memo::new(move |_| threads(&reviews.comments().get()));
    let open_count = move || threads.with(|t| t.iter().filter(|t| !t.resolved()).count());
    view! {
        <div class="comments" data-testid="comments-panel">
            <section class="panel-section">
                <h2>
                    "Review threads"
                    <span class="muted" data-testid="comments-open">{move || format!(" · {} open", open_count())}</span>
                </h2>
                {move || reviews.error().get().map(|e| view! { <p class="form-error" role="alert" data-testid="comments-error">{e}</p> })}
                {move || if reviews.may_comment().get() {
                    view! { <NewComment editor reviews /> }.into_any()
                } else {
                    view! { <p class="muted" data-testid="comments-read-only">"This link lets you read the review, not answer it."</p> }.into_any()
                }}
            </section>
            <section class="panel-section" aria-label="Threads">
                {move || threads.with(Vec::is_empty).then(|| view! { <p class="muted">"No comments yet."</p> })}
                // Keyed by each thread's content: a thread is redrawn only when it changed, so
                // what is being typed in the others stays.
                <ul class="threads">
                    <For
                        each=move || threads.get().into_iter().filter(|t| !t.resolved())
                        key=Thread::key
                        let:thread
                    >
                        <ThreadView editor reviews thread />
                    </For>
                </ul>
                {move || {
                    let resolved = threads.with(|t| t.iter().filter(|t| t.resolved()).count());
                    (resolved > 0).then(|| view! {
                        <details class="resolved-threads" data-testid="resolved-threads">
                            <summary>{format!("Resolved ({resolved})")}</summary>
                            <ul class="threads">
                                <For
                                    each=move || threads.get().into_iter().filter(Thread::resolved)
                                    key=Thread::key
                                    let:thread
                                >
                                    <ThreadView editor reviews thread />
                                </For>
                            </ul>
                        </details>
                    })
                }}
            </section>
        </div>
    }
    .into_any()
}

/// A thread: its first comment and the replies, in order.
#[derive(Clone, Debug, PartialEq)]
struct Thread {
    comments: Vec<Comment>,
}

impl Thread {
    fn root(&self) -> &Comment {
        &self.comments[0]
    }

    fn resolved(&self) -> bool {
        self.root().resolved
    }

    /// What a thread is drawn from: its comments as they are now.
    fn key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        serde_json::to_string(&self.comments)
            .unwrap_or_default()
            .hash(&mut hasher);
        hasher.finish()
    }
}

/// Threads grouped by what they are about (the design first, then elements by name), each in
/// the order it was opened.
fn threads(comments: &[Comment]) -> Vec<Thread> {
    let mut threads: Vec<Thread> = Vec::new();
    for c in comments {
        match threads.iter_mut().find(|t| t.root().id == c.thread) {
            Some(t) => t.comments.push(c.clone()),
            None if c.thread == c.id => threads.push(Thread {
                comments: vec![c.clone()],
            }),
            None => {}
        }
    }
    threads.sort_by(|a, b| {
        let key = |t: &Thread| {
            (
                t.root().target != CommentTarget::design(),
                t.root().target.label(),
            )
        };
        key(a).cmp(&key(b)).then(a.root().id.cmp(&b.root().id))
    });
    threads
}

/// How an edge is named among the "About" choices: `edge:<from>\u{1f}<to>`.
const EDGE: &str = "edge:";
const SEP: char = '\u{1f}';

#[component]
fn NewComment(editor: Editor, reviews: Reviews) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let about_node = RwSignal::new(String::new());
    let field = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Follows the selection, until something else asks for a target.
    Effect::new(move |_| {
        let selected = editor.selection().get();
        if selected.len() == 1 {
            about_node.set(selected.into_iter().next().unwrap_or_default());
            field.set(String::new());
        }
    });
    Effect::new(move |_| {
        if reviews.draft().get().is_some() {
            if let Some((target, draft)) = reviews.take_draft() {
                about_node.set(target.node.unwrap_or_default());
                field.set(target.field.unwrap_or_default());
                text.set(draft);
            }
        }
    });
    // Nodes by name, then edges (`edge:<from> <to>`), as the design is now.
    let choices = move || {
        editor.local_version().track();
        editor.with_recorded(|d| {
            let name = |id: &str| {
                d.nodes
                    .iter()
                    .find(|n| n.id == id)
                    .map_or(id.to_owned(), |n| n.name.clone())
            };
            let mut nodes: Vec<(String, String)> =
                d.nodes.iter().map(|n| (n.id.clone(), n.name.clone())).collect();
            nodes.sort_by(|a, b| a.1.cmp(&b.1));
            let edges = d.edges.iter().map(|e| {
                (
                    format!("{EDGE}{}{SEP}{}", e.from, e.to),
                    format!("{} → {}", name(&e.from), name(&e.to)),
                )
            });
            nodes.into_iter().chain(edges).collect::<Vec<_>>()
        })
    };
    let post = move |_| {
        let body = text.get_untracked();
        if body.trim().is_empty() {
            error.set(Some("Write something first.".into()));
            return;
        }
        let node = about_node.get_untracked();
        let f = field.get_untracked();
        let edge = node.strip_prefix(EDGE).and_then(|e| e.split_once(SEP));
        let target = match (edge, node.is_empty(), f.is_empty()) {
            (Some((from, to)), _, _) => CommentTarget {
                edge: Some(api::EdgeRef {
                    from: from.to_owned(),
                    to: to.to_owned(),
                }),
                ..CommentTarget::default()
            },
            (None, true, _) => CommentTarget::design(),
            (None, false, true) => CommentTarget::node(node),
            (None, false, false) => CommentTarget::field(node, f),
        };
        let name = reviews
            .is_guest()
            .get_untracked()
            .then(|| reviews.guest_name().get_untracked());
        busy.set(true);
        leptos::task::spawn_local(async move {
            match reviews.post(body, target, None, name).await {
                Ok(()) => {
                    text.set(String::new());
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="comment-form" data-testid="comment-form">
            <label>
                "About"
                <select
                    data-testid="comment-target-node"
                    prop:value=move || about_node.get()
                    on:change=move |ev| {
                        about_node.set(event_target_value(&ev));
                        field.set(String::new());
                    }
                >
                    <option value="">"The whole design"</option>
                    {move || {
                        let chosen = about_node.get();
                        choices().into_iter().map(|(id, name)| {
                            let selected = id == chosen;
                            view! { <option value=id.clone() selected=selected>{name}</option> }
                        }).collect_view()
                    }}
                </select>
            </label>
            {move || {
                let node = about_node.get();
                (!node.is_empty() && !node.starts_with(EDGE)).then(|| {
                    let fields = fields_of(editor, &node);
                    let chosen = field.get_untracked();
                    view! {
                        <label>
                            "Field"
                            <select
                                data-testid="comment-target-field"
                                prop:value=move || field.get()
                                on:change=move |ev| field.set(event_target_value(&ev))
                            >
                                <option value="">"The node as a whole"</option>
                                {fields.into_iter().map(|f| {
                                    let selected = f == chosen;
                                    view! { <option value=f.clone() selected=selected>{f.clone()}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                    }
                })
            }}
            {move || reviews.is_guest().get().then(|| view! {
                <label>
                    "Your name"
                    <input
                        data-testid="comment-guest-name"
                        maxlength="60"
                        placeholder="shown with your comments"
                        prop:value=move || reviews.guest_name().get()
                        on:input=move |ev| reviews.set_guest_name(event_target_value(&ev))
                    />
                </label>
            })}
            <textarea
                data-testid="comment-text"
                rows="3"
                maxlength="10000"
                placeholder="Ask or suggest (**bold**, *italic*, `code`, links)"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button class="button primary" data-testid="comment-post" disabled=move || busy.get() on:click=post>
                "Comment"
            </button>
        </div>
    }
    .into_any()
}

#[component]
fn ThreadView(editor: Editor, reviews: Reviews, thread: Thread) -> impl IntoView {
    let root = thread.root().clone();
    let id = root.id;
    let resolved = root.resolved;
    let reply = RwSignal::new(reviews.reply_draft(id));
    let error = RwSignal::new(None::<String>);
    let keys = super::guest_comment_ids();
    let target = root.target.clone();
    let select = move |_| {
        if let Some(node) = target
            .node
            .clone()
            .or_else(|| target.edge.as_ref().map(|e| e.from.clone()))
        {
            editor.select_only(&node);
        }
    };
    let send_reply = move |_| {
        let text = reply.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        let name = reviews
            .is_guest()
            .get_untracked()
            .then(|| super::guest_name().unwrap_or_default());
        leptos::task::spawn_local(async move {
            match reviews.post(text, CommentTarget::design(), Some(id), name).await {
                Ok(()) => reply.set(String::new()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let toggle = move |_| {
        leptos::task::spawn_local(async move {
            if let Err(e) = reviews.set_resolved(id, !resolved).await {
                error.set(Some(e));
            }
        });
    };
    let outdated = root.outdated.clone();
    view! {
        <li class="thread" class:resolved=resolved data-testid=format!("thread-{id}") data-node=root.target.node.clone().unwrap_or_default()
            data-field=root.target.field.clone().unwrap_or_default()>
            <div class="thread-head">
                <button class="link-button thread-target" on:click=select>{root.target.label()}</button>
                <span class="muted" data-testid=format!("thread-status-{id}")>
                    {if resolved {
                        format!("resolved{}", root.resolved_by.clone().map(|b| format!(" by {b}")).unwrap_or_default())
                    } else {
                        "open".to_owned()
                    }}
                </span>
            </div>
            {outdated.map(|o| view! {
                <details class="outdated" data-testid=format!("thread-outdated-{id}")>
                    <summary>{format!("Outdated: {}", o.summary())}</summary>
                    <table class="diff">
                        <thead><tr><th>"Field"</th><th>{format!("revision {}", root.revision)}</th><th>{format!("revision {}", o.revision)}</th></tr></thead>
                        <tbody>
                            {o.changes.into_iter().map(|c| view! {
                                <tr><td><code>{c.field}</code></td><td><code>{c.before}</code></td><td><code>{c.after}</code></td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </details>
            })}
            <ol class="thread-comments">
                {thread.comments.into_iter().map(|c| {
                    let mine = reviews.is_mine(&c, &keys);
                    view! { <CommentView reviews comment=c mine /> }
                }).collect_view()}
            </ol>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || reviews.may_comment().get().then(|| view! {
                <div class="thread-actions">
                    {(!resolved).then(|| view! {
                        {move || (reviews.is_guest().get() && reviews.guest_name().with(|n| n.trim().is_empty())).then(|| view! {
                            <input
                                data-testid=format!("reply-guest-name-{id}")
                                maxlength="60"
                                placeholder="Your name, shown with your reply"
                                aria-label="Your name"
                                on:change=move |ev| reviews.set_guest_name(event_target_value(&ev))
                            />
                        })}
                        <textarea
                            data-testid=format!("reply-text-{id}")
                            rows="2"
                            maxlength="10000"
                            placeholder="Reply"
                            prop:value=move || reply.get()
                            on:input=move |ev| {
                                let text = event_target_value(&ev);
                                reviews.keep_reply_draft(id, text.clone());
                                reply.set(text);
                            }
                        ></textarea>
                        <button class="button" data-testid=format!("reply-post-{id}") on:click=send_reply>"Reply"</button>
                    })}
                    <button class="button" data-testid=format!("{}-{id}", if resolved { "reopen" } else { "resolve" }) on:click=toggle>
                        {if resolved { "Reopen" } else { "Resolve" }}
                    </button>
                </div>
            })}
        </li>
    }
    .into_any()
}

#[component]
fn CommentView(reviews: Reviews, comment: Comment, mine: bool) -> impl IntoView {
    let id = comment.id;
    let may_delete = !comment.deleted && (mine || reviews.is_owner());
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(comment.text.clone());
    let error = RwSignal::new(None::<String>);
    let save = move |_| {
        let text = draft.get_untracked();
        leptos::task::spawn_local(async move {
            match reviews.edit(id, text).await {
                Ok(()) => editing.set(false),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let delete = move |_| {
        leptos::task::spawn_local(async move {
            if let Err(e) = reviews.delete(id).await {
                error.set(Some(e));
            }
        });
    };
    let html = comment.html.clone();
    view! {
        <li class="comment" data-testid=format!("comment-{id}")>
            <div class="comment-meta">
                <strong class="comment-author">{comment.author.name.clone()}</strong>
                {comment.author.guest.then(|| view! { <span class="badge">"guest"</span> })}
                <span class="muted">{format!(" · {} · revision {}", short_time(comment.created_at), comment.revision)}</span>
                {comment.edited_at.map(|_| view! { <span class="muted">" · edited"</span> })}
            </div>
            {if comment.deleted {
                view! { <p class="muted comment-deleted">"(deleted)"</p> }.into_any()
            } else {
                view! {
                    <Show when=move || editing.get() fallback=move || {
                        let html = html.clone();
                        view! { <div class="comment-text" data-testid=format!("comment-text-{id}") inner_html=html></div> }
                    }>
                        <textarea rows="3" maxlength="10000" prop:value=move || draft.get() on:input=move |ev| draft.set(event_target_value(&ev))></textarea>
                        <button class="button primary" on:click=save>"Save"</button>
                        <button class="button" on:click=move |_| editing.set(false)>"Cancel"</button>
                    </Show>
                }
                .into_any()
            }}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <div class="comment-actions">
                {(mine && !comment.deleted).then(|| view! {
                    <button class="link-button" data-testid=format!("comment-edit-{id}") on:click=move |_| editing.set(true)>"Edit"</button>
                })}
                {may_delete.then(|| view! {
                    <button class="link-button" data-testid=format!("comment-delete-{id}") on:click=delete>"Delete"</button>
                })}
            </div>
        </li>
    }
    .into_any()
}

/// "3 viewing": how many people have the design open now (shown from two on).
#[component]
pub fn Viewers(reviews: Reviews) -> impl IntoView {
    move || {
        let n = reviews.viewers().get();
        (n > 1).then(|| {
            view! {
                <span class="badge viewers" data-testid="viewers" title="People with this design open now">
                    {format!("{n} viewing")}
                </span>
            }
        })
    }
}
