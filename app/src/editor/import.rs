//! Imports in the editor: the Import button and its dialog, a file dropped on the canvas, and
//! the list of warnings after an import. A merge is one undo step ([`Editor::merge_import`]);
//! "Open as new design" goes through the editor page (see [`crate::components::import`]).

use api::ImportedDesign;
use leptos::prelude::*;

use super::state::{Editor, MergeSummary};
use crate::browser;
use crate::components::import::{self as shared, warning_line, ImportDialog, ImportReport};

/// The import's state on the editor page: the dialog and the report of the last import.
#[derive(Clone, Copy)]
pub struct Importer {
    pub editor: Editor,
    pub dialog: RwSignal<bool>,
    pub report: RwSignal<Option<ImportReport>>,
    /// A file is being dragged over the canvas.
    pub hovering: RwSignal<bool>,
}

/// The sentence after a merge.
pub fn merged_headline(format: &str, s: &MergeSummary) -> String {
    let mut line = format!(
        "Merged from {}: {} and {} added",
        shared::format_label(format),
        units::plural(s.added, "node", "nodes"),
        units::plural(s.edges, "edge", "edges")
    );
    if s.matched > 0 {
        line.push_str(&format!(
            "; {} already drawn {} the same",
            units::plural(s.matched, "topic or schema subject", "topics or schema subjects"),
            if s.matched == 1 { "is" } else { "are" }
        ));
    }
    line.push('.');
    line
}

impl Importer {
    pub fn new(editor: Editor) -> Self {
        Self {
            editor,
            dialog: RwSignal::new(false),
            report: RwSignal::new(None),
            hovering: RwSignal::new(false),
        }
    }

    /// Merges `imported` into the design as one undo step and lists its warnings; `Err` says
    /// why not (editing off, or the design would grow past its limits).
    pub fn merge(self, imported: ImportedDesign) -> Result<(), String> {
        if self.editor.read_only().get_untracked() {
            return Err("editing is off: leave review mode to import into this design".into());
        }
        match self.editor.merge_import(&imported.design) {
            Some(summary) => {
                self.editor.dismiss_alert();
                self.report.set(Some(ImportReport {
                    headline: merged_headline(&imported.format, &summary),
                    warnings: imported.warnings,
                }));
                Ok(())
            }
            None => Err(self
                .editor
                .alert()
                .get_untracked()
                .map_or_else(|| "the design could not take it".to_owned(), |a| a.message)),
        }
    }

    /// A file dropped on the canvas: read, its format told by the server, merged.
    pub fn drop_file(self, file: web_sys::File) {
        if self.editor.read_only().get_untracked() {
            self.editor
                .refuse("Editing is off: leave review mode to import into this design.");
            return;
        }
        browser::read_file(file, move |read| {
            let (name, text) = match read {
                Ok(read) => read,
                Err(why) => return self.editor.refuse(why),
            };
            leptos::task::spawn_local(async move {
                let result = match shared::read(text, String::new(), String::new()).await {
                    Ok(imported) => self.merge(imported),
                    Err((why, at)) => Err(match at {
                        Some(at) => format!("{why} (at {at})"),
                        None => why,
                    }),
                };
                if let Err(why) = result {
                    self.editor.refuse(format!(
                        "{name} was not imported: {why}. The canvas is unchanged."
                    ));
                }
            });
        });
    }

    /// Shows the report of an import opened as a new design (kept by the page that asked).
    pub fn show(self, report: ImportReport) {
        self.report.set(Some(report));
    }

    /// The toolbar's Import button.
    pub fn button(self) -> AnyView {
        let ro = move || self.editor.read_only().get();
        view! {
            <button
                data-testid="import"
                title="Import AsyncAPI, a Kafka Streams describe(), kafka-topics.sh / kafka-consumer-groups.sh output, Strimzi or Terraform topics"
                disabled=ro
                on:click=move |_| self.dialog.set(true)
            >
                "Import…"
            </button>
        }
        .into_any()
    }

    /// The dialog, merging into this design or opening the import as a new one.
    pub fn dialog(self) -> AnyView {
        let on_merge = Callback::new(move |imported: ImportedDesign| self.merge(imported));
        view! { <ImportDialog open=self.dialog on_merge /> }.into_any()
    }

    /// What the last import said, over the canvas until dismissed.
    pub fn report_view(self) -> AnyView {
        let report = self.report;
        (move || {
            report.get().map(|r| {
                let count = r.warnings.len();
                view! {
                    <section class="import-report" data-testid="import-report" aria-label="Import report">
                        <div class="import-report-head">
                            <p data-testid="import-report-headline">
                                {r.headline} " " {if count == 0 { "No warnings.".to_owned() } else { format!("{}:", units::plural(count, "warning", "warnings")) }}
                            </p>
                            <button
                                class="icon-button"
                                data-testid="import-report-dismiss"
                                aria-label="Dismiss the import report"
                                on:click=move |_| report.set(None)
                            >
                                "×"
                            </button>
                        </div>
                        {(count > 0).then(|| view! {
                            <ul class="import-warnings" data-testid="import-warnings">
                                {r.warnings.iter().map(|w| view! { <li data-testid="import-warning">{warning_line(w)}</li> }).collect_view()}
                            </ul>
                        })}
                    </section>
                }
            })
        })
        .into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_headline_counts_what_was_added_and_what_was_already_drawn() {
        let s = |added, matched, edges| MergeSummary {
            added,
            matched,
            edges,
        };
        assert_eq!(
            merged_headline("asyncapi", &s(5, 0, 4)),
            "Merged from AsyncAPI 2.x / 3.x (YAML or JSON): 5 nodes and 4 edges added."
        );
        assert_eq!(
            merged_headline("streams-topology", &s(1, 2, 1)),
            "Merged from Kafka Streams Topology#describe(): 1 node and 1 edge added; 2 topics or \
             schema subjects already drawn are the same."
        );
    }
}
