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
    #[prop(optional, into)] placeholder: Option<String>,
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
            placeholder=placeholder
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

/// What a size or duration field holds: the raw value Kafka stores, read and shown in units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    /// Bytes (`segment.bytes`, `disk_per_broker_bytes`): `30 TB`, `64 KiB`.
    Bytes,
    /// Bytes per second: `50 MB/s`.
    BytesRate,
    /// Milliseconds (`retention.ms`, `processing_ms_per_record`): `7 d`, `250 ms`.
    Millis,
}

impl Quantity {
    /// The quantity a field or Kafka setting holds, by its name's unit (`.ms`, `_bytes`,
    /// `batch.size`); `None` for plain numbers.
    pub fn of(name: &str) -> Option<Self> {
        if name.ends_with("bytes_per_sec") {
            Some(Self::BytesRate)
        } else if name.ends_with(".bytes") || name.ends_with("_bytes") || name == "batch.size" {
            Some(Self::Bytes)
        } else if name.ends_with(".ms") || name.ends_with("_ms") || name.contains("_ms_") {
            Some(Self::Millis)
        } else {
            None
        }
    }

    /// `x` in units (`3e13` → `30 TB`).
    pub fn show(self, x: f64) -> String {
        match self {
            Self::Bytes => units::bytes(x),
            Self::BytesRate => units::bytes_rate(x),
            Self::Millis => units::millis(x),
        }
    }

    /// What a person typed, as the raw value; `no_limit` also takes Kafka's `-1`.
    pub fn parse(self, text: &str, no_limit: bool) -> Result<f64, units::ParseError> {
        let parse: fn(&str) -> Result<f64, units::ParseError> = match self {
            Self::Bytes => units::parse_bytes,
            Self::BytesRate => units::parse_bytes_rate,
            Self::Millis => units::parse_millis,
        };
        if no_limit {
            units::parse_or_no_limit(text, parse)
        } else {
            parse(text)
        }
    }

    /// What the input shows for `x`: its units when they read back as exactly `x`, else the
    /// raw number (so an untouched field never stands for a different value than it holds).
    pub fn text(self, x: f64, no_limit: bool) -> String {
        if no_limit && x == units::NO_LIMIT {
            return match self {
                Self::Millis => "forever".into(),
                Self::Bytes | Self::BytesRate => "unlimited".into(),
            };
        }
        let shown = self.show(x);
        if self.parse(&shown, no_limit) == Ok(x) {
            shown
        } else {
            format_number(x)
        }
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

/// A number as an input shows it: integers without a decimal point.
pub fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_hold_the_quantity_their_name_says() {
        assert_eq!(Quantity::of("retention.ms"), Some(Quantity::Millis));
        assert_eq!(Quantity::of("processing_ms_per_record"), Some(Quantity::Millis));
        assert_eq!(Quantity::of("segment.bytes"), Some(Quantity::Bytes));
        assert_eq!(Quantity::of("batch.size"), Some(Quantity::Bytes));
        assert_eq!(Quantity::of("disk_per_broker_bytes"), Some(Quantity::Bytes));
        assert_eq!(Quantity::of("write_bytes_per_sec"), Some(Quantity::BytesRate));
        assert_eq!(Quantity::of("partitions"), None);
        assert_eq!(Quantity::of("max.poll.records"), None);
    }

    #[test]
    fn inputs_show_units_only_when_they_read_back_exactly() {
        assert_eq!(Quantity::Bytes.text(30e12, false), "30 TB");
        assert_eq!(Quantity::Millis.text(604_800_000.0, false), "7 d");
        assert_eq!(Quantity::Bytes.text(16_384.0, false), "16384");
        assert_eq!(Quantity::Millis.text(-1.0, true), "forever");
        assert_eq!(Quantity::Bytes.text(-1.0, true), "unlimited");
        assert_eq!(Quantity::Bytes.parse("30000000000000", false), Ok(30e12));
        assert_eq!(Quantity::Bytes.parse("-1", true), Ok(-1.0));
        assert!(Quantity::Bytes.parse("-1", false).is_err());
    }
}
