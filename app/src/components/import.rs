//! The import dialog: a design from what teams already run (AsyncAPI, a Kafka Streams
//! `describe()`, `kafka-topics.sh` / `kafka-consumer-groups.sh --describe` output, Strimzi and
//! Terraform topics, or a `kafka-design/v1` file), read by `POST /api/v1/import`.
//!
//! Shared by the editor (merge into the open design, or open as a new one) and the home page
//! (open as a new one). Opening as a new design goes through the editor page: the import is
//! kept in the browser under [`STASH_KEY`] and `/editor?import` takes it up as it takes up a
//! template (a new design in the account, or laid over a visitor's draft as one undo step), with
//! the import's warnings.

use api::{urls, ErrorDetails, ImportWarning, ImportedDesign};
use design::Design;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::browser;
use crate::client::{self, ApiError};

/// The formats offered: (`?format=` value, label). The empty value lets the server tell.
pub const FORMATS: [(&str, &str); 7] = [
    ("", "Detect from the text"),
    ("asyncapi", "AsyncAPI 2.x / 3.x (YAML or JSON)"),
    ("streams-topology", "Kafka Streams Topology#describe()"),
    ("kafka-topics-describe", "kafka-topics.sh --describe output"),
    (
        "consumer-groups-describe",
        "kafka-consumer-groups.sh --describe output",
    ),
    ("strimzi", "Strimzi KafkaTopic YAML"),
    ("terraform", "Terraform confluent_kafka_topic"),
];
/// The name given to a `kafka-design/v1` document read in the browser.
pub const NATIVE_FORMAT: &str = "kafka-design/v1";
/// Where an import waits for the editor page that opens it as a new design.
pub const STASH_KEY: &str = "kafka-studio.import.v1";

/// How a format reads in messages: `asyncapi` → `AsyncAPI 2.x / 3.x (YAML or JSON)`.
pub fn format_label(name: &str) -> &str {
    FORMATS
        .iter()
        .find(|(value, _)| *value == name)
        .map_or(name, |(_, label)| label)
}

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

/// Why an import failed, as the dialog says it: the server's message, and where in the text
/// (`line 3, column 7`) when it names a place.
pub fn refusal(e: &ApiError) -> (String, Option<String>) {
    let message = match e {
        ApiError::Refused {
            status: 413,
            body: None,
        } => "the text is too large to import".to_owned(),
        _ => e.to_string(),
    };
    let at = e.body().and_then(|b| match &b.error.details {
        Some(ErrorDetails::Other(v)) => {
            let line = v.get("line")?.as_u64()?;
            let column = v.get("column")?.as_u64()?;
            Some(format!("line {line}, column {column}"))
        }
        _ => None,
    });
    (message, at)
}

/// Whether the text looks like a Kafka Streams `describe()` (to offer the `application.id`).
pub fn looks_like_streams(text: &str) -> bool {
    text.contains("Sub-topology:") || text.contains("Sub-topologies:")
}

/// Reads `text`: a `kafka-design/v1` document in the browser (checked by the validator), any
/// other format by the server (`format` empty: told from the text).
pub async fn read(
    text: String,
    format: String,
    application_id: String,
) -> Result<ImportedDesign, (String, Option<String>)> {
    if format.is_empty() && text.contains(design::SCHEMA) && text.trim_start().starts_with('{') {
        return read_native(&text);
    }
    let format = Some(format.as_str()).filter(|f| !f.is_empty());
    let app = Some(application_id.trim())
        .filter(|a| !a.is_empty() && format.is_none_or(|f| f == "streams-topology"));
    client::post_text::<ImportedDesign>(&urls::import(format, app), text)
        .await
        .map_err(|e| refusal(&e))
}

/// A `kafka-design/v1` document: read and validated here, no server needed.
fn read_native(text: &str) -> Result<ImportedDesign, (String, Option<String>)> {
    let design = design::parse(text.as_bytes()).map_err(|e| {
        (
            format!("not a kafka-design/v1 document: {}", e.message),
            Some(format!("line {}, column {}", e.line, e.column)),
        )
    })?;
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
    Ok(ImportedDesign {
        format: NATIVE_FORMAT.into(),
        design,
        warnings: Vec::new(),
    })
}

/// What an import kept for the editor page that opens it as a new design.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stash {
    pub design: Design,
    pub report: ImportReport,
}

/// The headline of an import opened as a new design.
pub fn opened_headline(imported: &ImportedDesign) -> String {
    let d = &imported.design;
    format!(
        "Imported from {}: {} and {}.",
        format_label(&imported.format),
        units::plural(d.nodes.len(), "node", "nodes"),
        units::plural(d.edges.len(), "edge", "edges")
    )
}

/// Keeps `imported` for the editor and opens it there as a new design.
fn open_as_new(imported: ImportedDesign) -> Result<(), String> {
    let stash = Stash {
        report: ImportReport {
            headline: opened_headline(&imported),
            warnings: imported.warnings,
        },
        design: imported.design,
    };
    let json = serde_json::to_string(&stash).map_err(|e| e.to_string())?;
    browser::save(STASH_KEY, &json)?;
    browser::go_to("/editor?import");
    Ok(())
}

/// Takes the import kept for this page, if there is one (it is kept once).
pub fn take_stash() -> Option<Stash> {
    let json = browser::load(STASH_KEY)?;
    browser::remove(STASH_KEY);
    serde_json::from_str(&json).ok()
}

/// The dialog, shown while `open` holds. `on_merge` (the editor) offers "Merge into this
/// design"; it answers `Err` with why the merge was refused.
#[component]
pub fn ImportDialog(
    open: RwSignal<bool>,
    #[prop(optional)] on_merge: Option<Callback<ImportedDesign, Result<(), String>>>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let file_name = RwSignal::new(None::<String>);
    let format = RwSignal::new(String::new());
    let application_id = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<(String, Option<String>)>);
    let file_input = NodeRef::<leptos::html::Input>::new();
    let streams = move || {
        format.with(|f| f == "streams-topology")
            || (format.with(String::is_empty) && text.with(|t| looks_like_streams(t)))
    };
    let close = move || {
        open.set(false);
        error.set(None);
        busy.set(false);
    };
    let go = move |merge: bool| {
        let (t, f, a) = (
            text.get_untracked(),
            format.get_untracked(),
            application_id.get_untracked(),
        );
        if t.trim().is_empty() {
            error.set(Some(("choose a file or paste its text first".into(), None)));
            return;
        }
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let done = match read(t, f, a).await {
                Ok(imported) => match (merge, on_merge) {
                    (true, Some(merge)) => merge.run(imported).map_err(|why| (why, None)),
                    _ => open_as_new(imported).map_err(|why| (why, None)),
                },
                Err(why) => Err(why),
            };
            busy.set(false);
            match done {
                Ok(()) if merge => {
                    text.set(String::new());
                    file_name.set(None);
                    close();
                }
                Ok(()) => {}
                Err(why) => error.set(Some(why)),
            }
        });
    };
    let choose = move |_| {
        if let Some(input) = file_input.get_untracked() {
            browser::read_first_file(&input, move |read| match read {
                Ok((name, contents)) => {
                    file_name.set(Some(name));
                    text.set(contents);
                    error.set(None);
                }
                Err(why) => error.set(Some((why, None))),
            });
        }
    };
    move || {
        open.get().then(|| {
            view! {
                <div class="dialog-backdrop" on:keydown=move |ev| if ev.key() == "Escape" { close() }>
                    <div class="dialog import-dialog" role="dialog" aria-modal="true" aria-labelledby="import-title" data-testid="import-dialog">
                        <h2 id="import-title">"Import a design"</h2>
                        <p class="muted">
                            "From AsyncAPI, a Kafka Streams topology's describe(), kafka-topics.sh or "
                            "kafka-consumer-groups.sh --describe output, Strimzi or Terraform topics, or a kafka-design/v1 file."
                        </p>
                        <label class="import-field">
                            <span>"File"</span>
                            <input node_ref=file_input type="file" data-testid="import-dialog-file" on:change=choose />
                        </label>
                        <label class="import-field">
                            <span>{move || match file_name.get() { Some(n) => format!("Text of {n}"), None => "Or paste the text".to_owned() }}</span>
                            <textarea
                                data-testid="import-text"
                                rows="10"
                                spellcheck="false"
                                prop:value=text
                                on:input=move |ev| text.set(event_target_value(&ev))
                            ></textarea>
                        </label>
                        <div class="import-options">
                            <label class="import-field">
                                <span>"Format"</span>
                                <select data-testid="import-format" prop:value=format on:change=move |ev| format.set(event_target_value(&ev))>
                                    {FORMATS.iter().map(|(value, label)| view! { <option value=*value>{*label}</option> }).collect_view()}
                                </select>
                            </label>
                            {move || streams().then(|| view! {
                                <label class="import-field">
                                    <span>"application.id"</span>
                                    <input
                                        data-testid="import-application-id"
                                        placeholder="streams-app"
                                        maxlength="200"
                                        prop:value=application_id
                                        on:input=move |ev| application_id.set(event_target_value(&ev))
                                    />
                                </label>
                            })}
                        </div>
                        {move || error.get().map(|(message, at)| view! {
                            <div class="form-error import-error" role="alert" data-testid="import-error">
                                <p>"Not imported: " {message}</p>
                                {at.map(|at| view! { <p class="import-error-at" data-testid="import-error-at">"At " {at}</p> })}
                            </div>
                        })}
                        <div class="dialog-actions">
                            <button class="button" data-testid="import-cancel" on:click=move |_| close()>"Cancel"</button>
                            {on_merge.is_some().then(|| view! {
                                <button class="button" data-testid="import-merge" disabled=busy on:click=move |_| go(true)>
                                    "Merge into this design"
                                </button>
                            })}
                            <button class="button primary" data-testid="import-new" disabled=busy on:click=move |_| go(false)>
                                {move || if busy.get() { "Importing…" } else { "Open as new design" }}
                            </button>
                        </div>
                    </div>
                </div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use api::{ErrorBody, ErrorCode};

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
    fn a_refusal_names_the_line_and_column_when_the_server_does() {
        let body = ErrorBody::new(
            ErrorCode::Invalid,
            "not AsyncAPI: mapping values are not allowed (line 3, column 7)",
            Some(ErrorDetails::Other(
                serde_json::json!({"format": "asyncapi", "line": 3, "column": 7, "message": "x"}),
            )),
        );
        let refused = ApiError::Refused {
            status: 422,
            body: Some(body),
        };
        let (message, at) = refusal(&refused);
        assert!(message.starts_with("not AsyncAPI"), "{message}");
        assert_eq!(at.as_deref(), Some("line 3, column 7"));
        let (message, at) = refusal(&ApiError::Refused {
            status: 413,
            body: None,
        });
        assert_eq!((message.as_str(), at), ("the text is too large to import", None));
    }

    #[test]
    fn every_format_the_server_reads_is_offered_with_a_label() {
        let offered: Vec<&str> = FORMATS
            .iter()
            .map(|(v, _)| *v)
            .filter(|v| !v.is_empty())
            .collect();
        assert_eq!(
            offered,
            [
                "asyncapi",
                "streams-topology",
                "kafka-topics-describe",
                "consumer-groups-describe",
                "strimzi",
                "terraform"
            ]
        );
        assert_eq!(format_label("asyncapi"), "AsyncAPI 2.x / 3.x (YAML or JSON)");
        assert_eq!(format_label("kafka-design/v1"), "kafka-design/v1");
    }

    #[test]
    fn a_kafka_design_file_is_read_here_and_checked() {
        let mut d = Design::new("mine");
        d.nodes
            .push(design::Node::new("t", design::NodeKind::Topic, "orders"));
        let ok = read_native(&serde_json::to_string(&d).unwrap()).unwrap();
        assert_eq!((ok.format.as_str(), ok.design), (NATIVE_FORMAT, d.clone()));
        d.nodes[0].partitions = Some(0);
        let (why, _) = read_native(&serde_json::to_string(&d).unwrap()).unwrap_err();
        assert!(why.contains("1 problem"), "{why}");
        let (_, at) = read_native("{\"schema\": \"kafka-design/v1\",").unwrap_err();
        assert!(at.is_some_and(|at| at.starts_with("line 1")));
    }

    #[test]
    fn a_describe_text_is_recognised() {
        assert!(looks_like_streams("Topologies:\n   Sub-topology: 0\n"));
        assert!(!looks_like_streams("asyncapi: 3.0.0\n"));
    }
}
