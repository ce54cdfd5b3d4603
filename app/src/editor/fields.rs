//! Form fields of the properties panel: a label, an input with its unit, the effective value
//! or default underneath, and the validator's message for that field.
//!
//! Inputs write to the model on every `input` event; the editor merges a run of edits to one
//! field into one undo step. A number input that holds a half-typed number (`1.`) keeps what
//! the user typed while the model already has the number. Sizes and durations are typed and
//! shown in human units ([`QuantityInput`]: `30 TB`, `7 d`, `64 KiB`) while the model keeps
//! Kafka's raw value (bytes, milliseconds); input that does not parse stores nothing and shows
//! the parser's message. The small helpers at the end are shared by the design and node panels.

use design::{Element, Problem};
use leptos::prelude::*;
pub use units::{format_number, Quantity};

/// One labelled row of the panel.
#[component]
pub fn Row(
    label: String,
    /// The `id` of the input, for the `<label for>`.
    input_id: String,
    #[prop(optional, into)] unit: Option<String>,
    #[prop(into)] hint: Signal<Option<String>>,
    #[prop(into)] error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    let error_id = format!("{input_id}-error");
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=input_id.clone()>{label}</label>
            <div class="field-input">
                {children()}
                {unit.map(|u| view! { <span class="unit">{u}</span> })}
            </div>
            {move || hint.get().map(|h| view! { <p class="field-hint">{h}</p> })}
            {move || {
                error
                    .get()
                    .map(|e| view! { <p class="field-error" id=error_id.clone() role="status">{e}</p> })
            }}
        </div>
    }
}

/// A number input bound to `value`; an empty input means "unset" (`None`).
#[component]
pub fn NumberInput(
    id: String,
    testid: String,
    #[prop(into)] value: Signal<Option<f64>>,
    #[prop(into)] disabled: Signal<bool>,
    /// What an empty input means (a default, or the value in effect); may change.
    #[prop(optional, into)]
    placeholder: MaybeProp<String>,
    #[prop(default = "any")] step: &'static str,
    on_change: impl Fn(Option<f64>) + 'static,
) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let shown = move || {
        let read = |typed: &str| typed.trim().parse::<f64>().ok();
        shown_text(input, value.get(), read, format_number)
    };
    view! {
        <input
            node_ref=input
            id=id
            type="number"
            inputmode="decimal"
            step=step
            data-testid=testid
            placeholder=move || placeholder.get()
            disabled=move || disabled.get()
            prop:value=shown
            on:input=move |ev| {
                let raw = event_target_value(&ev);
                let raw = raw.trim();
                if raw.is_empty() {
                    on_change(None);
                } else if let Ok(x) = raw.parse::<f64>() {
                    on_change(Some(x));
                }
            }
        />
    }
}

/// A size or duration input bound to `value` (the raw value), read and shown in units. An
/// empty input means "unset" (`None`); one that does not parse changes nothing and puts the
/// parser's message in `invalid` (for the row to show beside the field).
#[component]
pub fn QuantityInput(
    id: String,
    testid: String,
    quantity: Quantity,
    #[prop(into)] value: Signal<Option<f64>>,
    #[prop(into)] disabled: Signal<bool>,
    /// Whether Kafka's `-1` ("no limit": `forever`, `unlimited`) is a value.
    #[prop(optional)]
    no_limit: bool,
    invalid: RwSignal<Option<String>>,
    #[prop(optional, into)] placeholder: Option<String>,
    on_change: impl Fn(Option<f64>) + 'static,
) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let shown = move || {
        let read = |typed: &str| match typed.trim() {
            "" => None,
            typed => quantity.parse(typed, no_limit).ok(),
        };
        shown_text(input, value.get(), read, |x| quantity.text(x, no_limit))
    };
    view! {
        <input
            node_ref=input
            id=id
            type="text"
            inputmode="text"
            autocomplete="off"
            spellcheck="false"
            data-testid=testid
            placeholder=placeholder
            aria-invalid=move || invalid.with(Option::is_some).then_some("true")
            disabled=move || disabled.get()
            prop:value=shown
            on:input=move |ev| {
                let raw = event_target_value(&ev);
                if raw.trim().is_empty() {
                    invalid.set(None);
                    on_change(None);
                    return;
                }
                match quantity.parse(&raw, no_limit) {
                    Ok(x) => {
                        invalid.set(None);
                        on_change(Some(x));
                    }
                    Err(e) => invalid.set(Some(e.to_string())),
                }
            }
        />
    }
}

/// The row's message: the parser's for what was just typed, else the validator's.
pub fn with_parse_error(
    invalid: RwSignal<Option<String>>,
    error: Signal<Option<String>>,
) -> Signal<Option<String>> {
    Signal::derive(move || invalid.get().or_else(|| error.get()))
}

/// What an input shows: what the user typed while it reads as the model's value (a half-typed
/// `1.`, or `1 w` where the model would print `7 d`), else the model's value as `show` has it.
fn shown_text(
    input: NodeRef<leptos::html::Input>,
    model: Option<f64>,
    read: impl Fn(&str) -> Option<f64>,
    show: impl Fn(f64) -> String,
) -> String {
    if let Some(el) = input.get_untracked() {
        let typed = el.value();
        if read(&typed) == model {
            return typed;
        }
    }
    model.map(show).unwrap_or_default()
}

/// A text input bound to `value`.
#[component]
pub fn TextInput(
    id: String,
    testid: String,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] disabled: Signal<bool>,
    #[prop(optional, into)] placeholder: Option<String>,
    on_change: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <input
            id=id
            type="text"
            data-testid=testid
            placeholder=placeholder
            autocomplete="off"
            spellcheck="false"
            disabled=move || disabled.get()
            prop:value=move || value.get()
            on:input=move |ev| on_change(event_target_value(&ev))
        />
    }
}

/// A select bound to `value`; options are (value, label) pairs.
#[component]
pub fn Select(
    id: String,
    testid: String,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] disabled: Signal<bool>,
    on_change: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <select
            id=id
            data-testid=testid
            disabled=move || disabled.get()
            prop:value=move || value.get()
            on:change=move |ev| on_change(event_target_value(&ev))
        >
            {move || {
                let current = value.get();
                options
                    .get()
                    .into_iter()
                    .map(|(v, label)| {
                        let selected = v == current;
                        view! { <option value=v selected=selected>{label}</option> }
                    })
                    .collect_view()
            }}
        </select>
    }
}

/// The validator's message for `field` of node `id` (or of the design when `id` is `None`).
pub fn problem(problems: &[Problem], id: Option<&str>, field: &str) -> Option<String> {
    problems
        .iter()
        .find(|p| {
            let element = match (&p.element, id) {
                (Element::Node { id: pid }, Some(id)) => pid == id,
                (Element::Design, None) => !field.starts_with("cluster."),
                (Element::Cluster, None) => field.starts_with("cluster."),
                _ => false,
            };
            let name = field.strip_prefix("cluster.").unwrap_or(field);
            element && p.field.as_deref() == Some(name)
        })
        .map(|p| p.message.clone())
}

/// No hint under a field.
pub fn no_hint() -> Signal<Option<String>> {
    Signal::derive(|| None)
}

/// Select options from (value, label) pairs.
pub fn opts(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(v, l)| (v.to_string(), l.to_string()))
        .collect()
}

/// Options of a boolean setting that may be left unset (`""` means the default).
pub fn yes_no(default: &str) -> Signal<Vec<(String, String)>> {
    let o = vec![
        (String::new(), format!("default ({default})")),
        ("true".into(), "true".into()),
        ("false".into(), "false".into()),
    ];
    Signal::derive(move || o.clone())
}

/// An optional boolean as a select's value.
pub fn bool_str(b: Option<bool>) -> String {
    b.map(|b| b.to_string()).unwrap_or_default()
}

/// A typed number as a whole count, clamped to `u32`.
pub fn to_u32(x: f64) -> u32 {
    x.round().clamp(0.0, f64::from(u32::MAX)) as u32
}

/// A select's value as an optional boolean.
pub fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}
