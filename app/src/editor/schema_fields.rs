//! A schema subject's fields in the properties panel: schema type, compatibility level, naming
//! strategy and key or value (the registry's names, unset shown as the default), the registry
//! subject name the strategy derives from the attached topics (and the record name for the
//! record strategies), a hint when the node is named otherwise, and the way into the schema
//! panel.

use contracts::{Level, SchemaType};
use design::{NamingStrategy, Node, NodeKind};
use leptos::prelude::*;

use super::node_fields::Ctx;
use super::schema_panel::SchemaView;
use super::schema_text::{record_name, subject_names};

fn options<T: Copy>(all: &[T], name: fn(T) -> &'static str, default: T) -> Signal<Vec<(String, String)>> {
    let mut o = vec![(String::new(), format!("default ({})", name(default)))];
    o.extend(all.iter().map(|t| (name(*t).to_owned(), name(*t).to_owned())));
    Signal::derive(move || o.clone())
}

#[component]
pub fn SchemaSubjectFields(ctx: Ctx) -> impl IntoView {
    let editor = ctx.editor;
    let node = ctx.node.clone();
    let own = ctx.id.clone();
    // The names of the topics the subject is attached to (edges either way).
    let topics = Memo::new(move |_| {
        let edges = editor.edges().get();
        editor.slots().with(|slots| {
            slots
                .iter()
                .filter(|s| {
                    edges
                        .iter()
                        .any(|e| (e.from == *own && e.to == **s.id()) || (e.to == *own && e.from == **s.id()))
                })
                .filter_map(|s| {
                    s.node()
                        .with(|n| (n.kind == NodeKind::Topic).then(|| n.name.clone()))
                })
                .collect::<Vec<_>>()
        })
    });
    let derived = {
        let node = node.clone();
        Memo::new(move |_| {
            topics.with(|t| {
                let t: Vec<&str> = t.iter().map(String::as_str).collect();
                node.with(|n| {
                    let record = n
                        .latest_schema()
                        .and_then(|text| record_name(n.schema_type_or_default(), text));
                    (
                        subject_names(n, &t),
                        record,
                        n.name.clone(),
                        n.naming_strategy.unwrap_or_default(),
                    )
                })
            })
        })
    };
    let view_ctx = SchemaView::from_context();
    let versions = {
        let node = node.clone();
        move || {
            node.with(|n| match n.versions.len() {
                0 => "no version yet".to_owned(),
                k => format!("{} · newest v{k}", units::plural(k, "version", "versions")),
            })
        }
    };
    let rename = {
        let ctx = ctx.clone();
        move |name: String| ctx.set("name", |n| n.name = name)
    };
    let names = move || {
        let (names, record, node_name, strategy) = derived.get();
        let needs_record = strategy != NamingStrategy::TopicNameStrategy;
        let needs_topic = strategy != NamingStrategy::RecordNameStrategy;
        let missing = if names.is_empty() {
            let mut why = Vec::new();
            if needs_topic && topics.with(Vec::is_empty) {
                why.push("attach it to a topic");
            }
            if needs_record && record.is_none() {
                why.push("give its newest version a named record");
            }
            Some(format!("Not known yet: {}.", why.join(" and ")))
        } else {
            None
        };
        let differs = !names.is_empty() && !names.contains(&node_name);
        let first = names.first().cloned().unwrap_or_default();
        let rename = rename.clone();
        view! {
            <dl class="schema-derived" data-testid="schema-derived">
                <dt>"Registry subject"</dt>
                <dd>
                    {names.iter().map(|s| view! { <code data-testid="schema-subject-name">{s.clone()}</code> " " }).collect_view()}
                    {missing.map(|m| view! { <span class="muted" data-testid="schema-subject-missing">{m}</span> })}
                </dd>
                {needs_record.then(|| view! {
                    <dt>"Record"</dt>
                    <dd>{match record {
                        Some(r) => view! { <code data-testid="schema-record-name">{r}</code> }.into_any(),
                        None => view! { <span class="muted">"none: the newest version names no record"</span> }.into_any(),
                    }}</dd>
                })}
            </dl>
            {differs.then(|| view! {
                <p class="field-hint schema-name-hint" data-testid="schema-name-hint">
                    {format!("The node is named “{node_name}”; with {strategy} a serializer registers under “{first}”. ")}
                    <button
                        class="link-button"
                        data-testid="schema-use-name"
                        disabled=move || editor.read_only().get()
                        on:click=move |_| rename(first.clone())
                    >
                        "Use that name"
                    </button>
                </p>
            })}
        }
    };
    let id = ctx.id.clone();
    view! {
        <h3 class="subhead">"Schema"</h3>
        {ctx.choice(
            "schema_type",
            "Schema type",
            options(&SchemaType::ALL, SchemaType::name, SchemaType::default()),
            |n| n.schema_type.map(|t| t.name().to_owned()).unwrap_or_default(),
            |n, v| n.schema_type = v.parse().ok(),
        )}
        {ctx.choice(
            "compatibility",
            "Compatibility level",
            options(&Level::ALL, Level::name, Level::default()),
            |n| n.compatibility.map(|t| t.name().to_owned()).unwrap_or_default(),
            |n, v| n.compatibility = v.parse().ok(),
        )}
        {ctx.choice(
            "naming_strategy",
            "Subject naming strategy",
            options(&NamingStrategy::ALL, NamingStrategy::name, NamingStrategy::default()),
            |n| n.naming_strategy.map(|t| t.name().to_owned()).unwrap_or_default(),
            |n, v| n.naming_strategy = NamingStrategy::ALL.into_iter().find(|s| s.name() == v),
        )}
        {ctx.choice(
            "key_schema",
            "Describes the record's",
            Signal::derive(|| super::fields::opts(&[("", "default (value)"), ("false", "value"), ("true", "key")])),
            |n: &Node| n.key_schema.map(|b| b.to_string()).unwrap_or_default(),
            |n, v| n.key_schema = super::fields::parse_bool(&v),
        )}
        {names}
        <div class="schema-open">
            <span class="muted" data-testid="schema-version-summary">{versions}</span>
            {view_ctx.map(|sv| view! {
                <button class="primary" data-testid="open-schema-panel" on:click=move |_| sv.open(&id)>
                    "Open schema editor"
                </button>
            })}
        </div>
    }
    .into_any()
}
