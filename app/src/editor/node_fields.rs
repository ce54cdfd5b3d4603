//! The node fields of the properties panel, by kind: readers (instances, threads, processing
//! time, dead-letter topic), the record key of writers, and Kafka settings by their Kafka names
//! with the effective default shown when unset.

use std::sync::Arc;

use design::defaults::{self, Domain, Setting, Source};
use design::{KeyDistribution, KeySpec, Node, NodeKind, TopicRole};
use leptos::prelude::*;
use serde_json::Value;

use super::fields::{
    bool_str, no_hint, opts, parse_bool, problem, to_u32, with_parse_error, yes_no, NumberInput, Quantity,
    QuantityInput, Row, Select, TextInput,
};
use super::state::Editor;

/// Everything the node fields need: where to write and how to read.
#[derive(Clone)]
pub struct Ctx {
    pub editor: Editor,
    pub id: Arc<str>,
    pub node: ArcReadSignal<Node>,
    pub ro: Signal<bool>,
}

impl Ctx {
    pub fn error(&self, field: &str) -> Signal<Option<String>> {
        let (editor, id, field) = (self.editor, self.id.clone(), field.to_owned());
        Signal::derive(move || editor.problems().with(|p| problem(p, Some(&id), &field)))
    }

    pub fn set(&self, field: &str, change: impl FnOnce(&mut Node)) {
        self.editor.update_node(&self.id, field, change);
    }

    /// A number field of the node (`messages_per_sec`, `partitions`, …); sizes and durations
    /// (by the field's name, see [`Quantity::of`]) are typed and shown in units.
    pub fn number(
        &self,
        field: &'static str,
        label: &'static str,
        unit: &'static str,
        get: fn(&Node) -> Option<f64>,
        set: fn(&mut Node, Option<f64>),
        human: Option<fn(f64) -> String>,
    ) -> impl IntoView {
        let input_id = format!("prop-{field}");
        let node = self.node.clone();
        let hint = {
            let node = node.clone();
            Signal::derive(move || human.and_then(|h| node.with(get).map(h)))
        };
        let ctx = self.clone();
        let (ro, error) = (self.ro, self.error(field));
        let value = Signal::derive(move || node.with(get));
        let on_change = move |x| ctx.set(field, |n| set(n, x));
        match Quantity::of(field) {
            Some(quantity) => {
                let invalid = RwSignal::new(None);
                let error = with_parse_error(invalid, error);
                view! {
                    <Row label=label.to_owned() input_id=input_id.clone() unit=unit hint=no_hint() error>
                        <QuantityInput id=input_id.clone() testid=input_id quantity value disabled=ro invalid on_change />
                    </Row>
                }
                .into_any()
            }
            None => view! {
                <Row label=label.to_owned() input_id=input_id.clone() unit=unit hint error>
                    <NumberInput id=input_id.clone() testid=input_id value disabled=ro on_change />
                </Row>
            }
            .into_any(),
        }
    }

    /// A select field of the node.
    pub fn choice(
        &self,
        field: &'static str,
        label: &'static str,
        options: Signal<Vec<(String, String)>>,
        get: fn(&Node) -> String,
        set: fn(&mut Node, String),
    ) -> impl IntoView {
        let input_id = format!("prop-{field}");
        let node = self.node.clone();
        let ctx = self.clone();
        let (ro, error) = (self.ro, self.error(field));
        view! {
            <Row label=label.to_owned() input_id=input_id.clone() hint=no_hint() error>
                <Select
                    id=input_id.clone()
                    testid=input_id
                    options
                    value=Signal::derive(move || node.with(get))
                    disabled=ro
                    on_change=move |v| ctx.set(field, |n| set(n, v))
                />
            </Row>
        }
    }
}

#[component]
pub fn ReaderFields(ctx: Ctx) -> impl IntoView {
    let editor = ctx.editor;
    let own = ctx.id.clone();
    let dlq_options = Signal::derive(move || {
        let mut o = vec![(String::new(), "none".to_owned())];
        editor.slots().with(|slots| {
            for s in slots.iter().filter(|s| **s.id() != *own) {
                s.node().with(|n| {
                    if n.kind == NodeKind::Topic {
                        let tag = match n.topic_role() {
                            TopicRole::Dlq => " (dlq)",
                            TopicRole::Retry => " (retry)",
                            TopicRole::Main => "",
                        };
                        o.push((n.id.clone(), format!("{}{tag}", n.name)));
                    }
                });
            }
        });
        o
    });
    view! {
        {ctx.number("instances", "Instances", "", |n| n.instances.map(f64::from), |n, x| n.instances = x.map(to_u32), None)}
        {ctx.number("threads_per_instance", "Threads per instance", "", |n| n.threads_per_instance.map(f64::from), |n, x| n.threads_per_instance = x.map(to_u32), None)}
        {ctx.number("processing_ms_per_record", "Processing time", "per record", |n| n.processing_ms_per_record, |n, x| n.processing_ms_per_record = x, None)}
        {ctx.choice(
            "dead_letter_topic",
            "Dead-letter topic",
            dlq_options,
            |n| n.dead_letter_topic.clone().unwrap_or_default(),
            |n, v| n.dead_letter_topic = (!v.is_empty()).then_some(v),
        )}
        {ctx.choice("needs_ordering", "Needs per-key order", yes_no("false"), |n| bool_str(n.needs_ordering), |n, v| n.needs_ordering = parse_bool(&v))}
    }
    .into_any()
}

/// The record key of a producer or source connector: field and distribution.
#[component]
pub fn KeyFields(ctx: Ctx) -> impl IntoView {
    let node = ctx.node.clone();
    let field_ctx = ctx.clone();
    let kind_of = |n: &Node| -> String {
        match n.key.as_ref().map(|k| &k.distribution) {
            None => String::new(),
            Some(KeyDistribution::None) => "none".into(),
            Some(KeyDistribution::Uniform { .. }) => "uniform".into(),
            Some(KeyDistribution::Zipf { .. }) => "zipf".into(),
            Some(KeyDistribution::HotKey { .. }) => "hot_key".into(),
            Some(KeyDistribution::Sample { .. }) => "sample".into(),
        }
    };
    let params = {
        let ctx = ctx.clone();
        let node = node.clone();
        move || {
            let which = node.with(kind_of);
            match which.as_str() {
                "uniform" | "zipf" | "hot_key" => view! {
                    {ctx.number("key.distribution.cardinality", "Distinct keys", "keys", |n| match n.key.as_ref().map(|k| &k.distribution) {
                        Some(KeyDistribution::Uniform { cardinality } | KeyDistribution::Zipf { cardinality, .. } | KeyDistribution::HotKey { cardinality, .. }) => Some(*cardinality as f64),
                        _ => None,
                    }, |n, x| {
                        if let (Some(k), Some(x)) = (n.key.as_mut(), x) {
                            match &mut k.distribution {
                                KeyDistribution::Uniform { cardinality } | KeyDistribution::Zipf { cardinality, .. } | KeyDistribution::HotKey { cardinality, .. } => *cardinality = x.max(0.0) as u64,
                                _ => {}
                            }
                        }
                    }, Some(units::count))}
                    {(which == "zipf").then(|| ctx.number("key.distribution.exponent", "Zipf exponent", "s", |n| match n.key.as_ref().map(|k| &k.distribution) {
                        Some(KeyDistribution::Zipf { exponent, .. }) => Some(*exponent),
                        _ => None,
                    }, |n, x| {
                        if let (Some(KeySpec { distribution: KeyDistribution::Zipf { exponent, .. }, .. }), Some(x)) = (n.key.as_mut(), x) {
                            *exponent = x;
                        }
                    }, None))}
                    {(which == "hot_key").then(|| ctx.number("key.distribution.hot_share", "Hot key share", "fraction", |n| match n.key.as_ref().map(|k| &k.distribution) {
                        Some(KeyDistribution::HotKey { hot_share, .. }) => Some(*hot_share),
                        _ => None,
                    }, |n, x| {
                        if let (Some(KeySpec { distribution: KeyDistribution::HotKey { hot_share, .. }, .. }), Some(x)) = (n.key.as_mut(), x) {
                            *hot_share = x;
                        }
                    }, None))}
                }
                .into_any(),
                "sample" => view! { <SampleKeys ctx=ctx.clone() /> }.into_any(),
                _ => ().into_any(),
            }
        }
    };
    view! {
        <h3 class="subhead">"Record key"</h3>
        <Row label="Key field".into() input_id="prop-key.field".into() hint=no_hint() error=ctx.error("key.field")>
            <TextInput
                id="prop-key.field".into()
                testid="prop-key.field".into()
                placeholder="e.g. orderId"
                value=Signal::derive({
                    let node = node.clone();
                    move || node.with(|n| n.key.as_ref().and_then(|k| k.field.clone()).unwrap_or_default())
                })
                disabled=ctx.ro
                on_change=move |v| field_ctx.set("key.field", |n| {
                    let key = n.key.get_or_insert_with(|| KeySpec { field: None, distribution: KeyDistribution::None, extra: Default::default() });
                    key.field = (!v.is_empty()).then_some(v);
                })
            />
        </Row>
        {ctx.choice(
            "key.distribution",
            "Key distribution",
            Signal::derive(|| opts(&[
                ("", "not modelled"),
                ("none", "null keys (sticky partitioner)"),
                ("uniform", "uniform"),
                ("zipf", "Zipf (skewed)"),
                ("hot_key", "one hot key"),
                ("sample", "pasted sample keys"),
            ])),
            kind_of,
            |n, v| {
                let field = n.key.as_ref().and_then(|k| k.field.clone());
                let distribution = match v.as_str() {
                    "none" => KeyDistribution::None,
                    "uniform" => KeyDistribution::Uniform { cardinality: 10_000 },
                    "zipf" => KeyDistribution::Zipf { cardinality: 10_000, exponent: 1.0 },
                    "hot_key" => KeyDistribution::HotKey { cardinality: 10_000, hot_share: 0.1 },
                    "sample" => KeyDistribution::Sample { keys: Default::default(), weights: None },
                    _ => {
                        n.key = None;
                        return;
                    }
                };
                n.key = Some(KeySpec { field, distribution, extra: Default::default() });
            },
        )}
        {params}
    }
    .into_any()
}

/// Pasted sample keys, one per line.
#[component]
fn SampleKeys(ctx: Ctx) -> impl IntoView {
    let node = ctx.node.clone();
    let count = {
        let node = node.clone();
        Signal::derive(move || {
            node.with(|n| match n.key.as_ref().map(|k| &k.distribution) {
                Some(KeyDistribution::Sample { keys, .. }) => {
                    Some(format!("{} keys", units::count(keys.len() as f64)))
                }
                _ => None,
            })
        })
    };
    let set_ctx = ctx.clone();
    view! {
        <Row label="Sample keys (one per line)".into() input_id="prop-key.keys".into() hint=count error=ctx.error("key.distribution.keys")>
            <textarea
                id="prop-key.keys"
                data-testid="prop-key.keys"
                rows="5"
                spellcheck="false"
                disabled=move || ctx.ro.get()
                prop:value=move || node.with(|n| match n.key.as_ref().map(|k| &k.distribution) {
                    Some(KeyDistribution::Sample { keys, .. }) => keys.iter().collect::<Vec<_>>().join("\n"),
                    _ => String::new(),
                })
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    set_ctx.set("key.distribution.keys", |n| {
                        if let Some(KeySpec { distribution: KeyDistribution::Sample { keys, weights }, .. }) = n.key.as_mut() {
                            *keys = text.lines().filter(|k| !k.is_empty()).collect();
                            *weights = None;
                        }
                    });
                }
            ></textarea>
        </Row>
    }
    .into_any()
}

/// How a setting's value reads to a person (`604800000` → `7 d`, `-1` → `forever`).
fn human(setting: &Setting, v: &Value) -> String {
    defaults::human(setting.name, v)
}

/// One Kafka setting, by its Kafka name, with its default shown when unset.
#[component]
pub fn SettingField(ctx: Ctx, setting: &'static Setting) -> impl IntoView {
    let name = setting.name;
    let path = format!("config.{name}");
    let input_id = format!("prop-{name}");
    let node = ctx.node.clone();
    let default = (setting.default)();
    let default_text = default.as_ref().map(|d| human(setting, d));
    let hint = {
        let node = node.clone();
        let default_text = default_text.clone();
        Signal::derive(move || {
            node.with(|n| match defaults::effective(n, name) {
                Some((v, Source::Set)) => {
                    let shown = human(setting, &v);
                    let raw = match &v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    // The input shows the units; the hint the raw value Kafka gets.
                    (shown != raw).then(|| format!("Kafka's value: {raw}"))
                }
                Some((_, Source::Default)) => default_text.as_ref().map(|d| format!("Kafka default: {d}")),
                None => Some("default: the broker's setting".into()),
            })
        })
    };
    let write = {
        let ctx = ctx.clone();
        let path = path.clone();
        move |value: Option<Value>| {
            ctx.set(&path, |n| match value {
                Some(v) => {
                    n.config.insert(name.to_owned(), v);
                }
                None => {
                    n.config.remove(name);
                }
            })
        }
    };
    let invalid = RwSignal::new(None);
    let input = match setting.domain {
        Domain::OneOf(options) => {
            let mut o = vec![(
                String::new(),
                default_text.clone().map_or("default".into(), |d| format!("default ({d})")),
            )];
            o.extend(options.iter().map(|v| (v.to_string(), v.to_string())));
            view! {
                <Select
                    id=input_id.clone()
                    testid=input_id.clone()
                    options=Signal::derive(move || o.clone())
                    value=Signal::derive({
                        let node = node.clone();
                        move || node.with(|n| match n.config.get(name) {
                            Some(Value::String(s)) => s.clone(),
                            Some(other) => other.to_string(),
                            None => String::new(),
                        })
                    })
                    disabled=ctx.ro
                    on_change=move |v| write((!v.is_empty()).then_some(Value::String(v)))
                />
            }
            .into_any()
        }
        Domain::Bool => view! {
            <Select
                id=input_id.clone()
                testid=input_id.clone()
                options=yes_no(&default_text.clone().unwrap_or_else(|| "broker".into()))
                value=Signal::derive({
                    let node = node.clone();
                    move || node.with(|n| n.config.get(name).and_then(defaults::as_bool).map(|b| b.to_string()).unwrap_or_default())
                })
                disabled=ctx.ro
                on_change=move |v| write(parse_bool(&v).map(Value::Bool))
            />
        }
        .into_any(),
        Domain::Int { min, .. } if Quantity::of(name).is_some() => {
            let quantity = Quantity::of(name).unwrap_or(Quantity::Bytes);
            view! {
                <QuantityInput
                    id=input_id.clone()
                    testid=input_id.clone()
                    quantity
                    no_limit=min < 0
                    invalid
                    placeholder=default_text.clone().unwrap_or_else(|| "broker default".into())
                    value=Signal::derive({
                        let node = node.clone();
                        move || node.with(|n| n.config.get(name).and_then(defaults::as_i64).map(|x| x as f64))
                    })
                    disabled=ctx.ro
                    on_change=move |x| write(x.map(|x| Value::from(x.round() as i64)))
                />
            }
            .into_any()
        }
        Domain::Int { .. } => view! {
            <NumberInput
                id=input_id.clone()
                testid=input_id.clone()
                step="1"
                placeholder=default.as_ref().map(|d| d.to_string()).unwrap_or_else(|| "broker default".into())
                value=Signal::derive({
                    let node = node.clone();
                    move || node.with(|n| n.config.get(name).and_then(defaults::as_i64).map(|x| x as f64))
                })
                disabled=ctx.ro
                on_change=move |x| write(x.map(|x| Value::from(x.round() as i64)))
            />
        }
        .into_any(),
    };
    view! {
        <Row label=name.to_owned() input_id hint error=with_parse_error(invalid, ctx.error(&path))>
            {input}
        </Row>
        <p class="setting-doc">{setting.doc}</p>
    }
    .into_any()
}

/// Settings on the node the catalogue does not know: shown, kept, not edited here.
#[component]
pub fn OtherSettings(node: ArcReadSignal<Node>) -> impl IntoView {
    move || {
        let others: Vec<(String, String)> = node.with(|n| {
            n.config
                .iter()
                .filter(|(k, _)| defaults::setting(k).is_none())
                .map(|(k, v)| (k.clone(), v.to_string()))
                .collect()
        });
        (!others.is_empty()).then(|| {
            view! {
                <div class="other-settings">
                    <h3 class="subhead">"Other settings (kept as they are)"</h3>
                    <dl>
                        {others
                            .into_iter()
                            .map(|(k, v)| view! { <dt><code>{k}</code></dt><dd><code>{v}</code></dd> })
                            .collect_view()}
                    </dl>
                </div>
            }
        })
    }
}
