//! The palette: one item per node kind (and the dead-letter and retry topic roles). Drag an
//! item onto the canvas to place it there, or press it to add it in the middle of the view.

use leptos::prelude::*;

use super::gestures::Gestures;
use super::kinds::{self, PALETTE};
use design::TopicRole;

#[component]
pub fn Palette(gestures: Gestures) -> impl IntoView {
    let editor = gestures.editor;
    view! {
        <nav class="panel palette" aria-label="Components" class:hidden=move || editor.read_only().get()>
            <h2>"Components"</h2>
            <ul>
                {PALETTE
                    .iter()
                    .enumerate()
                    .map(|(i, entry)| {
                        let class = kinds::class(entry.kind, entry.role.unwrap_or(TopicRole::Main));
                        view! {
                            <li>
                                <button
                                    class=format!("palette-item {class}")
                                    data-testid=format!("palette-{}", entry.key)
                                    title=format!("{}: drag onto the canvas, or press to add", entry.hint)
                                    on:pointerdown=move |ev| gestures.on_palette(i, &ev)
                                    on:click=move |_| {
                                        editor.add_node(entry, editor.centre());
                                    }
                                >
                                    <svg class="palette-glyph" viewBox="0 0 24 24" aria-hidden="true">
                                        <path d=kinds::glyph(entry.kind, entry.role.unwrap_or(TopicRole::Main)) />
                                    </svg>
                                    <span class="palette-text">
                                        <span class="palette-label">{entry.label}</span>
                                        <span class="palette-hint">{entry.hint}</span>
                                    </span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p class="palette-help">
                "Drag from a node's right port to another node to connect. Shift-click or shift-drag to select several; "
                <kbd>"Delete"</kbd>
                " removes, "
                <kbd>"Ctrl+Z"</kbd>
                " undoes."
            </p>
        </nav>
        {move || {
            gestures
                .ghost
                .get()
                .map(|(x, y, i)| {
                    let entry = &PALETTE[i];
                    view! {
                        <div
                            class=format!("ghost {}", kinds::class(entry.kind, entry.role.unwrap_or(TopicRole::Main)))
                            style=format!("left:{x}px;top:{y}px")
                            aria-hidden="true"
                        >
                            {entry.label}
                        </div>
                    }
                })
        }}
    }
    .into_any()
}
