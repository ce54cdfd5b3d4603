//! The properties panel: the selected node's fields for its kind (with units, Kafka's setting
//! names and effective defaults), or the design's own fields when nothing is selected, with
//! the validator's messages beside the field they are about.

use design::defaults::{self, Setting};
use design::{Element, Engine, NodeKind, TopicRole};
use leptos::prelude::*;

use super::fields::{
    bool_str, no_hint, opts, parse_bool, problem, to_u32, with_parse_error, yes_no, NumberInput, Quantity,
    QuantityInput, Row, Select, TextInput,
};
use super::node_fields::{Ctx, KeyFields, OtherSettings, ReaderFields, SettingField};
use super::profile_fields::{LoadProfileFields, ProfileOwner};
use super::schema_fields::SchemaSubjectFields;
use super::state::{Editor, Slot};

#[component]
pub fn Properties(editor: Editor) -> impl IntoView {
    let selected = Memo::new(move |_| {
        editor.selection().with(|s| match s.len() {
            0 => None,
            1 => s.iter().next().cloned().map(Ok),
            n => Some(Err(n)),
        })
    });
    view! {
        <div class="properties" data-testid="properties">
            {move || match selected.get() {
                None => view! { <DesignPanel editor /> }.into_any(),
                Some(Ok(id)) => match editor.slot(&id) {
                    Some(node_slot) => view! { <NodePanel editor node_slot /> }.into_any(),
                    None => ().into_any(),
                },
                Some(Err(n)) => view! {
                    <div class="panel-section">
                        <h2>{format!("{n} nodes selected")}</h2>
                        <p class="muted">"Drag any of them to move them together; Delete removes them."</p>
                    </div>
                }
                .into_any(),
            }}
            <ProblemList editor />
        </div>
    }
    .into_any()
}

/// Every problem of the design; choosing one selects its node.
#[component]
fn ProblemList(editor: Editor) -> impl IntoView {
    view! {
        <section class="panel-section problems" aria-label="Problems">
            {move || {
                let problems = editor.problems().get();
                if problems.is_empty() {
                    return view! { <p class="ok" data-testid="problems-none">"No problems: the design is valid."</p> }
                        .into_any();
                }
                view! {
                    <h2 data-testid="problem-count">{units::plural(problems.len(), "problem", "problems")}</h2>
                    <ul class="problem-list">
                        {problems
                            .into_iter()
                            .take(50)
                            .map(|p| {
                                let target = match &p.element {
                                    Element::Node { id } => Some(id.clone()),
                                    _ => None,
                                };
                                let text = p.to_string();
                                view! {
                                    <li>
                                        <button
                                            class="link-button"
                                            on:click=move |_| {
                                                if let Some(id) = &target {
                                                    editor.select_only(id);
                                                }
                                            }
                                        >
                                            {text}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
    .into_any()
}

#[component]
fn DesignPanel(editor: Editor) -> impl IntoView {
    let ro = Signal::derive(move || editor.read_only().get());
    let err = move |field: &'static str| {
        Signal::derive(move || editor.problems().with(|p| problem(p, None, field)))
    };
    let no_hint = Signal::derive(|| None::<String>);
    let profiles: Vec<(String, String)> = analysis::profiles::PROFILES
        .iter()
        .map(|p| {
            (
                p.name.to_owned(),
                format!("{} · {} Gbps", p.name, units::count(p.network_gbps)),
            )
        })
        .collect();
    let cluster_num = move |field: &'static str,
                            label: &'static str,
                            unit: &'static str,
                            get: fn(&design::Cluster) -> f64,
                            set: fn(&mut design::Cluster, f64)| {
        let id = format!("design-{}", field.replace('_', "-"));
        let value = Signal::derive(move || editor.meta().with(|m| Some(get(&m.cluster))));
        let on_change = move |x: Option<f64>| {
            if let Some(x) = x {
                editor.update_meta(field, |m| set(&mut m.cluster, x));
            }
        };
        let testid = format!("cluster-{field}");
        match Quantity::of(field) {
            Some(quantity) => {
                let invalid = RwSignal::new(None);
                view! {
                    <Row label=label.to_owned() input_id=id.clone() unit=unit hint=no_hint error=with_parse_error(invalid, err(field))>
                        <QuantityInput id testid quantity value disabled=ro invalid on_change />
                    </Row>
                }
                .into_any()
            }
            None => view! {
                <Row label=label.to_owned() input_id=id.clone() unit=unit hint=no_hint error=err(field)>
                    <NumberInput id testid value disabled=ro on_change />
                </Row>
            }
            .into_any(),
        }
    };
    view! {
        <div class="panel-section">
            <h2>"Design"</h2>
            <Row label="Name".into() input_id="design-name".into() hint=no_hint error=err("name")>
                <TextInput
                    id="design-name".into()
                    testid="design-name".into()
                    value=Signal::derive(move || editor.meta().with(|m| m.name.clone()))
                    disabled=ro
                    on_change=move |v| editor.update_meta("name", |m| m.name = v)
                />
            </Row>
            <Row label="Description".into() input_id="design-description".into() hint=no_hint error=err("description")>
                <textarea
                    id="design-description"
                    data-testid="design-description"
                    rows="3"
                    disabled=move || ro.get()
                    prop:value=move || editor.meta().with(|m| m.description.clone().unwrap_or_default())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        editor.update_meta("description", |m| m.description = (!v.is_empty()).then_some(v));
                    }
                ></textarea>
            </Row>
        </div>
        <div class="panel-section">
            <h2>"Cluster"</h2>
            <Row
                label="Brokers".into()
                input_id="design-brokers".into()
                hint=Signal::derive(move || {
                    editor.meta().with(|m| m.cluster.brokers.is_none()).then(|| "empty: sizing chooses".to_owned())
                })
                error=err("cluster.brokers")
            >
                <NumberInput
                    id="design-brokers".into()
                    testid="cluster-brokers".into()
                    step="1"
                    placeholder="auto"
                    value=Signal::derive(move || editor.meta().with(|m| m.cluster.brokers.map(f64::from)))
                    disabled=ro
                    on_change=move |x| editor.update_meta("brokers", |m| m.cluster.brokers = x.map(|x| x.clamp(0.0, u32::MAX as f64) as u32))
                />
            </Row>
            <Row label="Broker profile".into() input_id="design-profile".into() hint=no_hint error=err("cluster.broker_profile")>
                <Select
                    id="design-profile".into()
                    testid="cluster-broker_profile".into()
                    options=Signal::derive(move || {
                        let mut o = profiles.clone();
                        let current = editor.meta().with(|m| m.cluster.broker_profile.clone());
                        if !o.iter().any(|(v, _)| *v == current) {
                            o.push((current.clone(), format!("{current} (unknown)")));
                        }
                        o
                    })
                    value=Signal::derive(move || editor.meta().with(|m| m.cluster.broker_profile.clone()))
                    disabled=ro
                    on_change=move |v| editor.update_meta("broker_profile", |m| m.cluster.broker_profile = v)
                />
            </Row>
            {cluster_num("growth_factor", "Growth factor", "×", |c| c.growth_factor, |c, x| c.growth_factor = x)}
            {cluster_num("disk_per_broker_bytes", "Disk per broker", "", |c| c.disk_per_broker_bytes, |c, x| c.disk_per_broker_bytes = x)}
            {cluster_num("storage_overhead", "Storage overhead", "fraction", |c| c.storage_overhead, |c, x| c.storage_overhead = x)}
            {cluster_num("max_disk_fill", "Max disk fill", "fraction", |c| c.max_disk_fill, |c, x| c.max_disk_fill = x)}
            {cluster_num(
                "target_network_utilisation",
                "Target network utilisation",
                "fraction",
                |c| c.target_network_utilisation,
                |c, x| c.target_network_utilisation = x,
            )}
        </div>
        <div class="panel-section">
            <h2>"Peak windows"</h2>
            <p class="muted">
                "Known peaks (Black Friday, a campaign): every writer's rate multiplied for a while. "
                "The Analysis tab simulates each group's lag through them and says what to have in place before."
            </p>
            <LoadProfileFields editor owner=ProfileOwner::Design />
        </div>
    }
    .into_any()
}
#[component]
fn NodePanel(editor: Editor, node_slot: Slot) -> impl IntoView {
    let slot = node_slot;
    let kind = slot.node().with_untracked(|n| n.kind);
    let ctx = Ctx {
        editor,
        id: slot.id().clone(),
        node: slot.node(),
        ro: Signal::derive(move || editor.read_only().get()),
    };
    let top_problems = {
        let id = slot.id().clone();
        move || {
            editor.problems().with(|p| {
                p.iter()
                    .filter(|p| matches!(&p.element, Element::Node { id: pid } if **pid == *id))
                    .filter(|p| {
                        p.field.is_none() || p.field.as_deref() == Some("id") || p.code == "field.kind"
                    })
                    .map(|p| view! { <li>{p.message.clone()}</li> })
                    .collect_view()
            })
        }
    };
    let name_ctx = ctx.clone();
    let name_node = ctx.node.clone();
    let kind_fields = match kind {
        NodeKind::Producer | NodeKind::SourceConnector => view! {
            {ctx.number("messages_per_sec", "Message rate", "msg/s", |n| n.messages_per_sec, |n, x| n.messages_per_sec = x, Some(units::count))}
            {ctx.number("avg_message_bytes", "Average message size", "", |n| n.avg_message_bytes, |n, x| n.avg_message_bytes = x, None)}
            <KeyFields ctx=ctx.clone() />
        }
        .into_any(),
        NodeKind::Topic => view! {
            {ctx.choice(
                "role",
                "Role",
                Signal::derive(|| opts(&[("main", "main topic"), ("dlq", "dead-letter topic (dlq)"), ("retry", "retry topic")])),
                |n| match n.topic_role() {
                    TopicRole::Main => "main".into(),
                    TopicRole::Dlq => "dlq".into(),
                    TopicRole::Retry => "retry".into(),
                },
                |n, v| n.role = match v.as_str() {
                    "dlq" => Some(TopicRole::Dlq),
                    "retry" => Some(TopicRole::Retry),
                    _ => None,
                },
            )}
            {ctx.number("partitions", "Partitions", "", |n| n.partitions.map(f64::from), |n, x| n.partitions = x.map(to_u32), None)}
        }
        .into_any(),
        NodeKind::StreamProcessor => view! {
            {ctx.choice(
                "engine",
                "Engine",
                Signal::derive(|| opts(&[("kafka_streams", "Kafka Streams"), ("flink", "Flink"), ("ksqldb", "ksqlDB")])),
                |n| match n.engine {
                    Some(Engine::Flink) => "flink".into(),
                    Some(Engine::Ksqldb) => "ksqldb".into(),
                    _ => "kafka_streams".into(),
                },
                |n, v| n.engine = Some(match v.as_str() {
                    "flink" => Engine::Flink,
                    "ksqldb" => Engine::Ksqldb,
                    _ => Engine::KafkaStreams,
                }),
            )}
            {ctx.number("output_ratio", "Output records per input", "×", |n| n.output_ratio, |n, x| n.output_ratio = x, None)}
            {ctx.choice("stateful", "Stateful (aggregations, joins)", yes_no("false"), |n| bool_str(n.stateful), |n, v| n.stateful = parse_bool(&v))}
            <ReaderFields ctx=ctx.clone() />
        }
        .into_any(),
        NodeKind::ConsumerGroup | NodeKind::SinkConnector => view! { <ReaderFields ctx=ctx.clone() /> }.into_any(),
        NodeKind::SchemaSubject => view! {
            <p class="muted">"Connect it to the topics whose records it describes."</p>
            <SchemaSubjectFields ctx=ctx.clone() />
        }
        .into_any(),
    };
    let settings: Vec<&'static Setting> = defaults::settings_for(kind).collect();
    let settings_title = match kind {
        NodeKind::Producer | NodeKind::SourceConnector => "Producer settings",
        NodeKind::Topic => "Topic settings",
        _ => "Consumer settings",
    };
    view! {
        <div class="panel-section">
            <h2>
                <span class="kind-tag">{kind.label()}</span>
                " "
                <code class="node-id" data-testid="prop-id">{slot.id().to_string()}</code>
            </h2>
            <ul class="field-errors">{top_problems}</ul>
            <Row label="Name".into() input_id="prop-name".into() hint=no_hint() error=ctx.error("name")>
                <TextInput
                    id="prop-name".into()
                    testid="prop-name".into()
                    value=Signal::derive(move || name_node.with(|n| n.name.clone()))
                    disabled=ctx.ro
                    on_change=move |v| name_ctx.set("name", |n| n.name = v)
                />
            </Row>
            {kind_fields}
        </div>
        {matches!(kind, NodeKind::Producer | NodeKind::SourceConnector).then(|| view! {
            <div class="panel-section">
                <h2>"Peak windows of this writer"</h2>
                <p class="muted">
                    "Empty: the design's windows. Windows here replace them for this writer; "
                    "a design window not named here runs at this writer's base rate."
                </p>
                <LoadProfileFields editor owner=ProfileOwner::Writer(slot.id().to_string()) />
            </div>
        })}
        {(!settings.is_empty()).then(|| view! {
            <div class="panel-section">
                <h2>{settings_title}</h2>
                {settings.into_iter().map(|s| view! { <SettingField ctx=ctx.clone() setting=s /> }).collect_view()}
                <OtherSettings node=ctx.node.clone() />
            </div>
        })}
    }
    .into_any()
}
