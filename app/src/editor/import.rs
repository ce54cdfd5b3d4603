//! Imports in the editor: the Import button and its dialog, a file dropped on the canvas, and
//! the list of warnings after an import. A merge is one undo step ([`Editor::merge_import`]);
//! "Open as new design" goes through the editor page (see [`crate::components::import`]).

use api::{ImportWarning, ImportedDesign};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::state::{Editor, MergeSummary};
use crate::browser;
use crate::components::import::{self as shared, ImportDialog, STASH_KEY};

/// The name given to a `kafka-design/v1` document read in the browser.
pub const NATIVE_FORMAT: &str = "kafka-design/v1";

/// What is shown after an import: a sentence, and every warning.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub headline: String,
    pub warnings: Vec<ImportWarning>,
}

/// One warning as listed: `location — message` (the message alone when it has no location).
pub fn warning_line(w: &ImportWarning) -> String {
    if w.location.trim().is_empty() {
        w.message.clone()
    } else {
        format!("{} — {}", w.location, w.message)
    }
}

/// The server's answer read (`Err`: a form this editor does not read).
fn answer(json: &str) -> Result<ImportedDesign, String> {
    serde_json::from_str(json).map_err(|e| format!("unexpected answer from the server: {e}"))
}

/// A `kafka-design/v1` document (the editor's own files) read here, checked by the validator,
/// as the server would answer; `None` for any other text.
pub fn read_native(text: &str) -> Option<Result<String, (String, Option<String>)>> {
    if !(text.trim_start().starts_with('{') && text.contains(design::SCHEMA)) {
        return None;
    }
    let read = design::parse(text.as_bytes()).map_err(|e| {
        (
            format!("not a kafka-design/v1 document: {}", e.message),
            Some(format!("line {}, column {}", e.line, e.column)),
        )
    });
    Some(read.and_then(|design| {
        let problems = design::validate(&design);
        if let Some(first) = problems.first() {
            return Err((
                format!(
                    "the design has {}; the first: {first}",
                    units::plural(problems.len(), "problem", "problems")
                ),
                None,
            ));
        }
        let imported = ImportedDesign {
            format: NATIVE_FORMAT.into(),
            design,
            warnings: Vec::new(),
        };
        serde_json::to_string(&imported).map_err(|e| (e.to_string(), None))
    }))
}

/// The headline of an import opened as a new design.
pub fn opened_headline(imported: &ImportedDesign) -> String {
    let d = &imported.design;
    format!(
        "Imported from {}: {} and {}.",
        shared::format_label(&imported.format),
        units::plural(d.nodes.len(), "node", "nodes"),
        units::plural(d.edges.len(), "edge", "edges")
    )
}

/// Takes the import the dialog kept for this page to open as a new design (kept once): the
/// design, and what to say about it.
pub fn take_stash() -> Option<(design::Design, ImportReport)> {
    let json = browser::load(STASH_KEY)?;
    browser::remove(STASH_KEY);
    let imported = answer(&json).ok()?;
    let report = ImportReport {
        headline: opened_headline(&imported),
        warnings: imported.warnings,
    };
    Some((imported.design, report))
}

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
                let read = match read_native(&text) {
                    Some(read) => read,
                    None => shared::read(text, String::new(), String::new()).await,
                };
                let result = match read {
                    Ok(json) => answer(&json).and_then(|imported| self.merge(imported)),
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
        let on_merge =
            Callback::new(move |json: String| answer(&json).and_then(|imported| self.merge(imported)));
        view! { <ImportDialog open=self.dialog on_merge local=read_native /> }.into_any()
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
    fn warnings_read_location_then_message() {
        let w = |location: &str| ImportWarning {
            message: "parameterised address".into(),
            location: location.into(),
        };
        assert_eq!(
            warning_line(&w("channels.lightsDim")),
            "channels.lightsDim — parameterised address"
        );
        assert_eq!(warning_line(&w(" ")), "parameterised address");
    }

    #[test]
    fn a_kafka_design_file_is_read_here_and_checked() {
        let mut d = design::Design::new("mine");
        d.nodes
            .push(design::Node::new("t", design::NodeKind::Topic, "orders"));
        let json = serde_json::to_string(&d).unwrap();
        let read = answer(&read_native(&json).unwrap().unwrap()).unwrap();
        assert_eq!((read.format.as_str(), read.design), (NATIVE_FORMAT, d.clone()));
        d.nodes[0].partitions = Some(0);
        let (why, _) = read_native(&serde_json::to_string(&d).unwrap())
            .unwrap()
            .unwrap_err();
        assert!(why.contains("1 problem"), "{why}");
        let (_, at) = read_native("{\"schema\": \"kafka-design/v1\",")
            .unwrap()
            .unwrap_err();
        assert!(at.is_some_and(|at| at.starts_with("line 1")));
        assert!(
            read_native("asyncapi: 3.0.0").is_none(),
            "other texts go to the server"
        );
    }

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
