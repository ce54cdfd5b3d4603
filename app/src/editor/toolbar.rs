//! The toolbar: undo/redo, layout and zoom, JSON export/import (and the editor page's Import),
//! review mode.

use leptos::prelude::*;

use super::state::Editor;
use crate::browser;

/// The export's file name: `orders platform` → `orders-platform.kafka-design.json`.
pub fn file_name(design: &design::Design) -> String {
    format!("{}.kafka-design.json", design.file_stem())
}

#[component]
pub fn Toolbar(
    editor: Editor,
    on_import: Callback<(String, String)>,
    extra: AnyView,
    /// Whether review mode may be switched off (not for a review link or an old revision).
    can_edit: Signal<bool>,
    /// The Import button (the editor page's; none on a review link).
    import_tool: Option<AnyView>,
) -> impl IntoView {
    let file_input = NodeRef::<leptos::html::Input>::new();
    let ro = move || editor.read_only().get();
    let export = move |_| {
        let design = editor.snapshot();
        match serde_json::to_string_pretty(&design) {
            Ok(json) => browser::download(&file_name(&design), "application/json", &json),
            Err(e) => editor.refuse(format!("Could not export: {e}")),
        }
    };
    let zoom_label = move || format!("{:.0} %", editor.view().with(|v| v.k) * 100.0);
    view! {
        <div class="toolbar" role="toolbar" aria-label="Editor">
            <div class="tool-group">
                <button data-testid="undo" title="Undo (Ctrl+Z)" disabled=move || ro() || !editor.can_undo() on:click=move |_| editor.undo()>
                    "Undo"
                </button>
                <button data-testid="redo" title="Redo (Ctrl+Shift+Z)" disabled=move || ro() || !editor.can_redo() on:click=move |_| editor.redo()>
                    "Redo"
                </button>
            </div>
            <div class="tool-group">
                <button data-testid="auto-layout" title="Lay out left to right: sources, topics, processors, sinks" disabled=ro on:click=move |_| editor.auto_layout()>
                    "Auto-layout"
                </button>
                <button data-testid="fit" title="Fit the design to the screen" on:click=move |_| editor.fit()>
                    "Fit"
                </button>
                <button data-testid="zoom-out" title="Zoom out" aria-label="Zoom out" on:click=move |_| editor.zoom(1.0 / 1.25)>
                    "−"
                </button>
                <span class="zoom" data-testid="zoom-level" aria-live="polite">{zoom_label}</span>
                <button data-testid="zoom-in" title="Zoom in" aria-label="Zoom in" on:click=move |_| editor.zoom(1.25)>
                    "+"
                </button>
            </div>
            <div class="tool-group">
                <button data-testid="export-json" title="Download the design as kafka-design/v1 JSON" on:click=export>
                    "Export JSON"
                </button>
                <button
                    data-testid="import-json"
                    title="Open a kafka-design/v1 JSON file"
                    disabled=ro
                    on:click=move |_| {
                        if let Some(input) = file_input.get_untracked() {
                            input.set_value("");
                            input.click();
                        }
                    }
                >
                    "Import JSON"
                </button>
                <input
                    node_ref=file_input
                    type="file"
                    accept="application/json,.json"
                    class="visually-hidden"
                    data-testid="import-file"
                    tabindex="-1"
                    aria-hidden="true"
                    on:change=move |_| {
                        if let Some(input) = file_input.get_untracked() {
                            browser::read_first_file(&input, move |read| match read {
                                Ok(file) => on_import.run(file),
                                Err(why) => editor.refuse(why),
                            });
                        }
                    }
                />
                {import_tool}
            </div>
            {extra}
            <div class="tool-group tool-end">
                <button
                    data-testid="read-only"
                    disabled=move || !can_edit.get()
                    aria-pressed=move || ro().to_string()
                    title="Review mode: the same canvas with editing off"
                    on:click=move |_| editor.set_read_only(!editor.read_only().get_untracked())
                >
                    {move || if ro() { "Editing off" } else { "Review mode" }}
                </button>
            </div>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn file_names_are_slugs_of_the_design_name() {
        let mut d = crate::editor::state::empty_design();
        for (name, file) in [
            ("orders platform", "orders-platform.kafka-design.json"),
            ("CDC: Postgres → S3", "cdc-postgres-s3.kafka-design.json"),
            ("  ", "design.kafka-design.json"),
        ] {
            d.name = name.into();
            assert_eq!(file_name(&d), file);
        }
    }
}
