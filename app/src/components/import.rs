//! The import dialog: a design from what teams already run (AsyncAPI, a Kafka Streams
//! `describe()`, `kafka-topics.sh` / `kafka-consumer-groups.sh --describe` output, Strimzi and
//! Terraform topics, or a `kafka-design/v1` file), read by `POST /api/v1/import`.
//!
//! Shared by the editor (merge into the open design, or open as a new one) and the home page
//! (open as a new one). Opening as a new design goes through the editor page: the server's
//! answer is kept in the browser under [`STASH_KEY`] and `/editor?import` takes it up as it
//! takes up a template (a new design in the account, or laid over a visitor's draft as one undo
//! step), with the import's warnings. The dialog passes the answer on as text: reading designs
//! is the editor's (the home page's bundle does not hold the model's reader).

use api::{urls, ErrorDetails};
use leptos::prelude::*;

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
/// Where an import waits for the editor page that opens it as a new design.
pub const STASH_KEY: &str = "kafka-studio.import.v1";

/// How a format reads in messages: `asyncapi` → `AsyncAPI 2.x / 3.x (YAML or JSON)`.
pub fn format_label(name: &str) -> &str {
    FORMATS
        .iter()
        .find(|(value, _)| *value == name)
        .map_or(name, |(_, label)| label)
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

/// Asks the server to read `text` (`format` empty: told from the text): its answer
/// (`api::ImportedDesign`) as JSON text, or why not and where.
pub async fn read(
    text: String,
    format: String,
    application_id: String,
) -> Result<String, (String, Option<String>)> {
    let format = Some(format.as_str()).filter(|f| !f.is_empty());
    let app = Some(application_id.trim())
        .filter(|a| !a.is_empty() && format.is_none_or(|f| f == "streams-topology"));
    client::post_text(&urls::import(format, app), text)
        .await
        .map_err(|e| refusal(&e))
}

/// Reads a text in the page, without the server, when the page can (the editor: a
/// `kafka-design/v1` document): the answer as [`read`] gives it, or `None` to ask the server.
pub type LocalReader = fn(&str) -> Option<Result<String, (String, Option<String>)>>;

/// Keeps the server's answer for the editor and opens it there as a new design.
fn open_as_new(answer: &str) -> Result<(), String> {
    browser::save(STASH_KEY, answer)?;
    browser::go_to("/editor?import");
    Ok(())
}

/// The dialog, shown while `open` holds. `on_merge` (the editor) offers "Merge into this
/// design": it gets the answer's JSON text and says `Err` with why the merge was refused.
#[component]
pub fn ImportDialog(
    open: RwSignal<bool>,
    #[prop(optional)] on_merge: Option<Callback<String, Result<(), String>>>,
    /// Reads what the page reads itself (the editor: a `kafka-design/v1` document).
    #[prop(optional)]
    local: Option<LocalReader>,
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
            let here = if f.is_empty() {
                local.and_then(|read| read(&t))
            } else {
                None
            };
            let answer = match here {
                Some(answer) => answer,
                None => read(t, f, a).await,
            };
            let done = match answer {
                Ok(answer) => match (merge, on_merge) {
                    (true, Some(merge)) => merge.run(answer).map_err(|why| (why, None)),
                    _ => open_as_new(&answer).map_err(|why| (why, None)),
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
        assert_eq!(
            format_label("kafka-design/v1"),
            "kafka-design/v1",
            "a name without a label reads as itself"
        );
    }

    #[test]
    fn a_describe_text_is_recognised() {
        assert!(looks_like_streams("Topologies:\n   Sub-topology: 0\n"));
        assert!(!looks_like_streams("asyncapi: 3.0.0\n"));
    }
}
