//! Live analysis in the editor: the same engine as the server (`analysis::analyze`), run in the
//! browser after every recorded change. The panel shows the sizing summary with the binding
//! constraint and its formula, the findings grouped by severity (choosing one selects its node),
//! and per-topic partition-load bars (a schema finding opens the schema panel at its line); nodes with findings carry a badge on the canvas.

use std::collections::HashMap;
use std::sync::Arc;

use analysis::rules::Severity;
use analysis::sizing::Constraint;
use analysis::{analyze, Analysis};
use design::Design;
use leptos::prelude::*;

use super::cost_panel::CostPanel;
use super::peaks_panel::PeakWindows;
use super::schema_panel::SchemaView;
use super::state::Editor;

/// The worst severity and the number of findings of each node.
pub type Badges = HashMap<String, (Severity, usize)>;

/// The analysis of the recorded design, recomputed when the design changes other than by
/// moving nodes (positions do not enter the analysis).
pub fn live_analysis(editor: Editor) -> Memo<Arc<Analysis>> {
    let last: StoredValue<Option<(Design, Arc<Analysis>)>> = StoredValue::new(None);
    Memo::new(move |_| {
        editor.local_version().track();
        editor.with_recorded(|design| {
            let mut content = design.clone();
            for n in &mut content.nodes {
                n.position = None;
            }
            let unchanged = last.with_value(|l| {
                l.as_ref()
                    .filter(|(seen, _)| *seen == content)
                    .map(|(_, result)| result.clone())
            });
            if let Some(result) = unchanged {
                return result;
            }
            let result = Arc::new(analyze(&content));
            last.set_value(Some((content, result.clone())));
            result
        })
    })
}

/// Badges for the canvas, from the findings.
pub fn badges(analysis: Memo<Arc<Analysis>>) -> Memo<Badges> {
    Memo::new(move |_| {
        analysis.with(|a| {
            let mut out: Badges = HashMap::new();
            for f in &a.findings {
                if let Some(node) = &f.node {
                    let entry = out.entry(node.clone()).or_insert((f.severity, 0));
                    entry.1 += 1;
                    if rank(f.severity) < rank(entry.0) {
                        entry.0 = f.severity;
                    }
                }
            }
            out
        })
    })
}

fn rank(s: Severity) -> u8 {
    match s {
        Severity::Error => 0,
        Severity::Warn => 1,
        Severity::Info => 2,
    }
}

/// CSS class and label of a severity.
pub fn severity(s: Severity) -> (&'static str, &'static str) {
    match s {
        Severity::Error => ("sev-error", "Errors"),
        Severity::Warn => ("sev-warn", "Warnings"),
        Severity::Info => ("sev-info", "Information"),
    }
}

fn constraint(c: Constraint) -> &'static str {
    match c {
        Constraint::Minimum => "the minimum for a fault-tolerant cluster",
        Constraint::ReplicationFactor => "replication.factor (one replica per broker)",
        Constraint::Storage => "storage",
        Constraint::NetworkIngress => "network in",
        Constraint::NetworkEgress => "network out",
        Constraint::PartitionReplicas => "partition replicas per broker",
        Constraint::Fixed => "cluster.brokers, fixed by the design",
    }
}

#[component]
pub fn AnalysisPanel(editor: Editor, analysis: Memo<Arc<Analysis>>) -> impl IntoView {
    view! {
        <div class="analysis">
            {move || editor.problems().with(|p| !p.is_empty()).then(|| view! {
                <p class="note">"The design has problems (see Properties): this analysis reads what it can."</p>
            })}
            <SizingSummary analysis />
            <FindingList editor analysis />
            <PeakWindows editor analysis />
            <CostPanel editor analysis />
            <PartitionLoad editor analysis />
        </div>
    }
    .into_any()
}

#[component]
fn SizingSummary(analysis: Memo<Arc<Analysis>>) -> impl IntoView {
    move || {
        let a = analysis.get();
        let s = &a.sizing;
        let binding = s
            .terms
            .iter()
            .find(|t| t.constraint == s.binding_constraint)
            .map(|t| t.formula.clone())
            .unwrap_or_default();
        view! {
            <section class="panel-section" data-testid="sizing-summary" aria-label="Sizing">
                <h2>"Sizing"</h2>
                <p class="headline">
                    <strong data-testid="sizing-brokers">{format!("{} brokers", s.brokers)}</strong>
                    {format!(" of {}, bound by {}", s.profile.name, constraint(s.binding_constraint))}
                </p>
                <p class="formula" data-testid="sizing-formula"><code>{binding}</code></p>
                <dl class="facts">
                    <dt>"Storage"</dt>
                    <dd>{format!("{} with overhead · {} per broker", units::bytes(s.storage_bytes_with_overhead), units::bytes(s.storage_per_broker_bytes))}</dd>
                    <dt>"Network in"</dt>
                    <dd>{format!("{}/s · {}/s per broker", units::bytes(s.ingress_bytes_per_sec), units::bytes(s.ingress_per_broker_bytes_per_sec))}</dd>
                    <dt>"Network out"</dt>
                    <dd>{format!("{}/s · {}/s per broker", units::bytes(s.egress_bytes_per_sec), units::bytes(s.egress_per_broker_bytes_per_sec))}</dd>
                    <dt>"Partition replicas"</dt>
                    <dd data-testid="sizing-partition-replicas">{format!("{} · {:.0} per broker", units::count(s.partition_replicas as f64), s.partition_replicas_per_broker)}</dd>
                </dl>
                <details>
                    <summary>"Why this many brokers"</summary>
                    <ul class="terms">
                        {s.terms.iter().map(|t| view! {
                            <li class:binding=t.constraint == s.binding_constraint>
                                <span>{constraint(t.constraint)}</span>
                                <code>{t.formula.clone()}</code>
                            </li>
                        }).collect_view()}
                    </ul>
                </details>
            </section>
        }
    }
}

#[component]
fn FindingList(editor: Editor, analysis: Memo<Arc<Analysis>>) -> impl IntoView {
    let schema_view = SchemaView::from_context();
    let reviews = crate::reviews::Reviews::from_context();
    move || {
        let a = analysis.get();
        let groups = [Severity::Error, Severity::Warn, Severity::Info].map(|sev| {
            let items: Vec<_> = a.findings.iter().filter(|f| f.severity == sev).cloned().collect();
            (sev, items)
        });
        view! {
            <section class="panel-section" data-testid="findings" aria-label="Findings">
                <h2>{format!("Findings ({})", a.findings.len())}</h2>
                {a.findings.is_empty().then(|| view! { <p class="ok">"Nothing to report."</p> })}
                {groups
                    .into_iter()
                    .filter(|(_, items)| !items.is_empty())
                    .map(|(sev, items)| {
                        let (class, label) = severity(sev);
                        view! {
                            <h3 class=format!("subhead {class}")>{format!("{label} ({})", items.len())}</h3>
                            <ul class="finding-list">
                                {items.into_iter().map(|f| {
                                    let node = f.node.clone();
                                    // A schema finding opens the schema panel at its version and line.
                                    let place = f.schema.clone().filter(|_| schema_view.is_some());
                                    let title = if place.is_some() { "Show it in the schema" } else { "Select the node" };
                                    let (version, line) = place.as_ref().map_or((None, None), |p| {
                                        (Some(p.version.to_string()), p.line.map(|l| l.to_string()))
                                    });
                                    view! {
                                        <li
                                            class=class
                                            data-testid=format!("finding-{}", f.rule)
                                            data-node=f.node.clone().unwrap_or_default()
                                            data-schema-version=version
                                            data-schema-line=line
                                        >
                                            <button
                                                class="finding"
                                                title=title
                                                on:click=move |_| {
                                                    if let Some(id) = &node {
                                                        editor.select_only(id);
                                                        if let (Some(p), Some(sv)) = (&place, schema_view) {
                                                            sv.open_at(id, p.version, p.line);
                                                        }
                                                    }
                                                }
                                            >
                                                <span class="finding-rule"><code>{f.rule}</code></span>
                                                <span class="finding-message">{f.message.clone()}</span>
                                                <span class="finding-fix">{format!("Fix: {}", f.fix)}</span>
                                            </button>
                                            {reviews.filter(|r| r.may_comment().get()).map(|reviews| {
                                                let target = f.node.clone().map(api::CommentTarget::node).unwrap_or_default();
                                                let text = format!("`{}`: {} (Fix: {})", f.rule, f.message, f.fix);
                                                view! {
                                                    <button
                                                        class="link-button finding-comment"
                                                        data-testid=format!("finding-comment-{}-{}", f.rule, f.node.as_deref().unwrap_or("design"))
                                                        title="Start a review thread about this finding"
                                                        on:click=move |_| reviews.write_about(target.clone(), text.clone())
                                                    >
                                                        "Comment"
                                                    </button>
                                                }
                                            })}
                                            <a
                                                class="finding-rule-link"
                                                href=api::urls::pages::rule(f.rule)
                                                target="_blank"
                                                rel="noopener"
                                                data-testid=format!("rule-link-{}", f.rule)
                                                title="What this rule checks, why it matters and how to fix it"
                                            >
                                                "About " <code>{f.rule}</code>
                                            </a>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                    })
                    .collect_view()}
            </section>
        }
    }
}

#[component]
fn PartitionLoad(editor: Editor, analysis: Memo<Arc<Analysis>>) -> impl IntoView {
    move || {
        let a = analysis.get();
        view! {
            <section class="panel-section" aria-label="Partition load">
                <h2>"Partition load"</h2>
                {a.topics.iter().map(|t| {
                    let n = t.partition_load.len().max(1);
                    let peak = t.partition_load.iter().copied().fold(0.0_f64, f64::max).max(1e-12);
                    let width = 280.0;
                    let bar = width / n as f64;
                    let id = t.id.clone();
                    view! {
                        <div class="topic-load" data-testid=format!("partition-load-{}", t.id)>
                            <button class="link-button topic-name" on:click=move |_| editor.select_only(&id)>{t.name.clone()}</button>
                            <span class="muted">{format!(
                                " · {} partitions (recommended {}) · max/mean {:.2}",
                                t.partitions, t.recommended_partitions, t.max_over_mean
                            )}</span>
                            <svg class="bars" viewBox=format!("0 0 {width} 40") preserveAspectRatio="none" role="img"
                                aria-label=format!("Share of records per partition of {}", t.name)>
                                {t.partition_load.iter().enumerate().map(|(p, share)| {
                                    let h = (share / peak * 38.0).max(0.5);
                                    let hot = t.hot_partitions.contains(&(p as u32));
                                    view! {
                                        <rect class:hot=hot x=p as f64 * bar y=40.0 - h width=(bar - 0.5).max(0.3) height=h>
                                            <title>{format!("partition {p}: {:.1} % of records", share * 100.0)}</title>
                                        </rect>
                                    }
                                }).collect_view()}
                            </svg>
                        </div>
                    }
                }).collect_view()}
            </section>
        }
    }
}
