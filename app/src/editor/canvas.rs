//! The SVG canvas: nodes, edges, dead-letter links, the edge being drawn and the rubber band.
//!
//! Each node and edge is its own small view bound to the signals it shows, so dragging one node
//! updates one `transform` and the paths of its edges, whatever the size of the design.

use std::collections::HashSet;

use design::layout::{edge_curve, NODE_HEIGHT, NODE_WIDTH};
use design::{Element, NodeKind, Position};
use leptos::prelude::*;

use super::findings::{severity, Badges};
use super::geometry::DETAIL_ZOOM;
use super::gestures::Gestures;
use super::kinds;
use super::state::{Editor, Slot};

/// The SVG path of an edge between two node positions.
fn edge_path(from: Position, to: Position) -> String {
    let [a, b, c, d] = edge_curve(from, to);
    format!(
        "M{:.1} {:.1}C{:.1} {:.1} {:.1} {:.1} {:.1} {:.1}",
        a.x, a.y, b.x, b.y, c.x, c.y, d.x, d.y
    )
}

/// The characters of a name that fit on a node's box (the rest is left out of the middle).
const NAME_CHARS: usize = 24;
/// The characters of the summary line under it (cut at the end: it reads left to right).
const SUMMARY_CHARS: usize = 30;

/// A summary cut to what fits in a node's box.
fn fit_summary(text: &str) -> String {
    if text.chars().count() <= SUMMARY_CHARS {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(SUMMARY_CHARS - 1).collect();
        format!("{cut}…")
    }
}

#[component]
pub fn Canvas(gestures: Gestures, lineage: Memo<HashSet<String>>, badges: Memo<Badges>) -> impl IntoView {
    let editor = gestures.editor;

    // Window-wide listeners: gestures end wherever the pointer is released.
    let handles = [
        window_event_listener(leptos::ev::pointermove, move |ev| gestures.on_move(&ev)),
        window_event_listener(leptos::ev::pointerup, move |ev| gestures.on_up(&ev)),
        window_event_listener(leptos::ev::pointercancel, move |_| gestures.cancel()),
        window_event_listener(leptos::ev::keydown, move |ev| gestures.on_key(&ev)),
        window_event_listener(leptos::ev::resize, move |_| measure(gestures)),
    ];
    on_cleanup(move || handles.into_iter().for_each(|h| h.remove()));
    Effect::new(move |_| {
        if gestures.svg.get().is_some() {
            measure(gestures);
        }
    });

    // The nodes with validation problems, once per validation (each node looks itself up).
    let invalid = Memo::new(move |_| {
        editor.problems().with(|problems| {
            problems
                .iter()
                .filter_map(|p| match &p.element {
                    Element::Node { id } => Some(id.clone()),
                    _ => None,
                })
                .collect::<HashSet<String>>()
        })
    });

    let dlq_links = move || {
        editor.slots().with(|slots| {
            slots
                .iter()
                .filter_map(|s| {
                    s.node()
                        .with(|n| n.dead_letter_topic.clone())
                        .map(|t| (s.id().to_string(), t))
                })
                .collect::<Vec<_>>()
        })
    };

    view! {
        <svg
            class="canvas"
            data-testid="canvas"
            node_ref=gestures.svg
            role="application"
            aria-label="Topology canvas"
            class:read-only=move || editor.read_only().get()
            class:lod-low=move || editor.view().with(|v| v.k < DETAIL_ZOOM)
            on:pointerdown=move |ev| gestures.on_background(&ev)
            on:wheel=move |ev| gestures.on_wheel(&ev)
        >
            <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M0 0L10 5L0 10z" class="arrow-head" />
                </marker>
                <pattern
                    id="grid"
                    width="24"
                    height="24"
                    patternUnits="userSpaceOnUse"
                    patternTransform=move || editor.view().with(|v| v.transform())
                >
                    <circle cx="1" cy="1" r="1" class="grid-dot" />
                </pattern>
            </defs>
            <rect class="canvas-bg" width="100%" height="100%" fill="url(#grid)" />
            <g class="world" transform=move || editor.view().with(|v| v.transform())>
                <g class="edges">
                    <For
                        each=move || editor.edges().get()
                        key=|e| (e.from.clone(), e.to.clone())
                        let:edge
                    >
                        <EdgeView editor lineage from=edge.from to=edge.to dlq=false />
                    </For>
                    <For each=dlq_links key=|link| link.clone() let:link>
                        <EdgeView editor lineage from=link.0 to=link.1 dlq=true />
                    </For>
                </g>
                <g class="nodes">
                    <For each=move || editor.slots().get() key=|s| s.id().clone() let:slot>
                        <NodeView gestures lineage badges invalid node_slot=slot />
                    </For>
                </g>
                {move || {
                    gestures
                        .link
                        .get()
                        .map(|(a, b)| {
                            view! {
                                <line class="link-preview" x1=a.x y1=a.y x2=b.x y2=b.y />
                            }
                        })
                }}
                {move || {
                    gestures
                        .band
                        .get()
                        .map(|r| {
                            view! {
                                <rect
                                    class="band"
                                    data-testid="rubber-band"
                                    x=r.left
                                    y=r.top
                                    width=r.width()
                                    height=r.height()
                                />
                            }
                        })
                }}
            </g>
        </svg>
    }
    .into_any()
}

/// Reads the canvas element's size into the editor (for Fit and zoom around the centre).
pub fn measure(gestures: Gestures) {
    if let Some(svg) = gestures.svg.get_untracked() {
        let (_, _, w, h) = crate::browser::rect(&svg);
        if w > 0.0 && h > 0.0 {
            gestures.editor.set_canvas_size((w, h));
        }
    }
}

#[component]
fn NodeView(
    gestures: Gestures,
    lineage: Memo<HashSet<String>>,
    badges: Memo<Badges>,
    invalid: Memo<HashSet<String>>,
    node_slot: Slot,
) -> impl IntoView {
    let editor = gestures.editor;
    let (id, node, pos) = (node_slot.id().clone(), node_slot.node(), node_slot.pos());
    let kind = node.with_untracked(|n| n.kind);
    // Every node has both ports, so that any connection can be tried and a refused one
    // explained; a port that never carries records is drawn faint.
    let takes_input = matches!(
        kind,
        NodeKind::Topic | NodeKind::StreamProcessor | NodeKind::ConsumerGroup | NodeKind::SinkConnector
    );
    let gives_output = matches!(
        kind,
        NodeKind::Producer
            | NodeKind::SourceConnector
            | NodeKind::StreamProcessor
            | NodeKind::Topic
            | NodeKind::SchemaSubject
    );
    let port_class = |base: &str, live: bool| {
        if live {
            format!("port {base}")
        } else {
            format!("port {base} port-inert")
        }
    };
    let class = {
        let (id, node) = (id.clone(), node.clone());
        move || {
            let role = node.with(|n| n.topic_role());
            let selected = editor.selection().with(|s| s.contains(&*id));
            let in_lineage = lineage.with(|l| l.contains(&*id));
            let dimmed = !selected && !in_lineage && lineage.with(|l| !l.is_empty());
            let invalid = invalid.with(|bad| bad.contains(&*id));
            let mut c = format!("node {}", kinds::class(kind, role));
            for (on, name) in [
                (selected, " selected"),
                (in_lineage && !selected, " lineage"),
                (dimmed, " dimmed"),
                (invalid, " invalid"),
            ] {
                if on {
                    c.push_str(name);
                }
            }
            c
        }
    };
    let transform = {
        let pos = pos.clone();
        move || pos.with(|p| format!("translate({} {})", p.x, p.y))
    };
    let glyph = {
        let node = node.clone();
        move || node.with(|n| kinds::glyph(n.kind, n.topic_role()))
    };
    let name = {
        let node = node.clone();
        move || node.with(|n| design::names::shorten(&n.name, NAME_CHARS).into_owned())
    };
    let title = {
        let node = node.clone();
        move || node.with(|n| format!("{} ({}): {}", n.name, n.kind.label(), kinds::summary(n)))
    };
    let aria = {
        let node = node.clone();
        move || node.with(|n| format!("{} ({})", n.name, n.kind.label()))
    };
    let summary = move || node.with(|n| fit_summary(&kinds::summary(n)));
    let (down_id, port_id, key_id) = (id.clone(), id.clone(), id.clone());
    let badge = {
        let id = id.clone();
        move || {
            badges.with(|b| b.get(&*id).copied()).map(|(sev, n)| {
                let (class, label) = severity(sev);
                view! {
                    <g class=format!("badge {class}") data-testid=format!("badge-{id}") transform=format!("translate({} -6)", NODE_WIDTH - 14.0)>
                        <title>{format!("{} ({})", units::plural(n, "finding", "findings"), label.to_lowercase())}</title>
                        <circle r="10" />
                        <text text-anchor="middle" y="4">{n}</text>
                    </g>
                }
            })
        }
    };
    // Open review threads about the node (or its fields, or edges from it).
    let marker = crate::reviews::Reviews::from_context().map(|reviews| {
        let counts = reviews.open_threads_by_node();
        let id = id.clone();
        move || {
            counts.with(|c| c.get(&*id).copied()).map(|n| {
                view! {
                    <g class="comment-marker" data-testid=format!("comment-marker-{id}") transform="translate(-4 -8)">
                        <title>{units::plural(n, "open review thread", "open review threads")}</title>
                        <path d="M-10 -9 h20 a3 3 0 0 1 3 3 v11 a3 3 0 0 1 -3 3 h-12 l-6 5 v-5 h-2 a3 3 0 0 1 -3 -3 v-11 a3 3 0 0 1 3 -3 z" />
                        <text text-anchor="middle" y="3">{n}</text>
                    </g>
                }
            })
        }
    });
    let shape = match kind {
        NodeKind::Topic => {
            view! { <rect class="node-box" width=NODE_WIDTH height=NODE_HEIGHT rx="28" /> }.into_any()
        }
        NodeKind::StreamProcessor => {
            let (w, h) = (NODE_WIDTH, NODE_HEIGHT);
            let points = format!(
                "14,0 {} 0 {w},{} {},{h} 14,{h} 0,{}",
                w - 14.0,
                h / 2.0,
                w - 14.0,
                h / 2.0
            );
            view! { <polygon class="node-box" points=points /> }.into_any()
        }
        _ => view! { <rect class="node-box" width=NODE_WIDTH height=NODE_HEIGHT rx="6" /> }.into_any(),
    };

    view! {
        <g
            class=class
            data-testid=format!("node-{id}")
            data-kind=kind.as_str()
            data-node-id=id.to_string()
            transform=transform
            tabindex="0"
            role="button"
            aria-label=aria
            on:pointerdown=move |ev| gestures.on_node(&down_id, &ev)
            on:keydown=move |ev| {
                if ev.key() == "Enter" || ev.key() == " " {
                    ev.prevent_default();
                    editor.select_only(&key_id);
                }
            }
        >
            <title>{title}</title>
            {shape}
            <path class="node-glyph" d=glyph transform="translate(14 16)" />
            <text class="node-name" x="48" y="24">{name}</text>
            <text class="node-meta" x="48" y="42">{summary}</text>
            {badge}
            {marker}
            <circle
                class=port_class("port-in", takes_input)
                data-testid=format!("port-in-{id}")
                cx="0"
                cy=NODE_HEIGHT / 2.0
                r="7"
            />
            <circle
                class=port_class("port-out", gives_output)
                data-testid=format!("port-out-{id}")
                cx=NODE_WIDTH
                cy=NODE_HEIGHT / 2.0
                r="7"
                on:pointerdown=move |ev| gestures.on_port(&port_id, &ev)
            />
        </g>
    }
    .into_any()
}

#[component]
fn EdgeView(
    editor: Editor,
    lineage: Memo<HashSet<String>>,
    from: String,
    to: String,
    dlq: bool,
) -> impl IntoView {
    let (Some(a), Some(b)) = (editor.slot(&from), editor.slot(&to)) else {
        return ().into_any();
    };
    let schema = [&a, &b]
        .iter()
        .any(|s| s.node().with_untracked(|n| n.kind == NodeKind::SchemaSubject));
    // One path per move, shared by the wide hit area and the drawn line.
    let d = {
        let (pa, pb) = (a.pos(), b.pos());
        Memo::new(move |_| {
            let (Some(p), Some(q)) = (pa.try_get(), pb.try_get()) else {
                return String::new();
            };
            edge_path(p, q)
        })
    };
    let key = (from.clone(), to.clone());
    let class = {
        let (from, to, key) = (from.clone(), to.clone(), key.clone());
        move || {
            let lit = lineage.with(|l| l.contains(&from) && l.contains(&to));
            let dim = !lit && lineage.with(|l| !l.is_empty());
            let selected = editor.selected_edge().with(|s| s.as_ref() == Some(&key));
            let mut c = String::from(if dlq {
                "edge edge-dlq"
            } else if schema {
                "edge edge-schema"
            } else {
                "edge"
            });
            for (on, name) in [(lit, " lineage"), (dim, " dimmed"), (selected, " selected")] {
                if on {
                    c.push_str(name);
                }
            }
            c
        }
    };
    let testid = if dlq {
        format!("dlq-edge-{from}-{to}")
    } else {
        format!("edge-{from}-{to}")
    };
    let select = move |ev: web_sys::PointerEvent| {
        ev.stop_propagation();
        if !dlq {
            editor.select_edge(key.clone());
        }
    };
    let label = if dlq {
        format!("dead letters: {from} → {to}")
    } else {
        format!("{from} → {to}")
    };
    view! {
        <g class=class data-testid=testid on:pointerdown=select>
            <title>{label}</title>
            <path class="edge-hit" d=d />
            <path class="edge-line" d=d marker-end="url(#arrow)" />
        </g>
    }
    .into_any()
}
