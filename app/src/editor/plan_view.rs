//! A change plan as a reviewer reads it: the summary, then each step in order with its risk,
//! what it does and why, the share of keys that move, what else it changes, the alternative
//! Kafka leaves when it refuses, and the commands to run; the runbook downloadable as
//! Markdown. Shown for a plan between two revisions (History tab) and for the pre-scale plan
//! of a peak window (Analysis tab).

use api::plans::{Plan, Risk, Step};
use leptos::prelude::*;

use crate::browser;

/// `plan`'s steps; `runbook` (Markdown) offered as `file_name` when there is one.
#[component]
pub fn PlanSteps(plan: Plan, #[prop(optional)] runbook: Option<(String, String)>) -> impl IntoView {
    let empty = plan.steps.is_empty();
    view! {
        <div class="plan" data-testid="plan">
            <p class="plan-summary" data-testid="plan-summary">{plan.summary.clone()}</p>
            {plan.refused.then(|| view! {
                <p class="plan-refused" role="alert">
                    "Kafka refuses at least one of these steps: apply the alternative it names instead."
                </p>
            })}
            {(!empty).then(|| view! {
                <ol class="plan-steps">
                    {plan.steps.into_iter().enumerate().map(|(i, step)| view! { <PlanStep index=i + 1 step /> }).collect_view()}
                </ol>
            })}
            {runbook.map(|(file_name, markdown)| view! {
                <div class="plan-actions">
                    <button class="button" data-testid="plan-download"
                        on:click=move |_| browser::download(&file_name, "text/markdown", &markdown)>
                        "Download the runbook (Markdown)"
                    </button>
                </div>
            })}
        </div>
    }
}

#[component]
fn PlanStep(index: usize, step: Step) -> impl IntoView {
    let (risk, risk_class) = risk_label(step.risk);
    let kind = step.kind.label();
    let keys = step.keys_moved.as_ref().map(|k| {
        format!(
            "{:.1} % of keys move to another partition ({} → {} partitions{})",
            k.share * 100.0,
            k.from_partitions,
            k.to_partitions,
            if k.approximate { ", estimated" } else { "" }
        )
    });
    let moved = step
        .data_moved_bytes
        .map(|b| format!("Moves {} between brokers", units::bytes(b)));
    let throttle = step
        .throttle_bytes_per_sec
        .map(|t| format!("Throttle the reassignment at {}", units::bytes_rate(t)));
    let storage = step.storage_delta_bytes.map(|d| {
        if d >= 0.0 {
            format!("Storage grows by {}", units::bytes(d))
        } else {
            format!("Storage shrinks by {}", units::bytes(-d))
        }
    });
    let figures: Vec<String> = [keys, moved, throttle, storage].into_iter().flatten().collect();
    let commands = step.commands.join("\n");
    // The JSON the reassignment command reads, under the file name it reads it from.
    let reassignment = step.reassignment.as_ref().map(|json| {
        let file = step
            .reassignment_file
            .clone()
            .unwrap_or_else(|| "reassignment.json".into());
        let text = serde_json::to_string_pretty(json).unwrap_or_default();
        (file, text)
    });
    let testid = format!("plan-step-{}", kind_name(&step));
    view! {
        <li class="plan-step" data-testid=testid data-risk=risk>
            <div class="plan-step-head">
                <span class="muted">{index} ". " {kind}</span>
                <span class=format!("risk {risk_class}")>{risk}</span>
                {step.destructive.then(|| view! { <span class="risk risk-destructive">"destructive"</span> })}
            </div>
            <p class="plan-message">{step.message}</p>
            {(!figures.is_empty()).then(|| view! {
                <ul class="plan-figures">{figures.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ul>
            })}
            {(!step.consequences.is_empty()).then(|| view! {
                <ul class="plan-consequences">
                    {step.consequences.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
                </ul>
            })}
            {step.alternative.map(|a| view! { <p class="plan-alternative"><strong>"Instead: "</strong>{a}</p> })}
            {(!commands.is_empty()).then(|| view! {
                <pre class="plan-commands" data-testid="plan-commands"><code>{commands}</code></pre>
            })}
            {reassignment.map(|(file, text)| view! {
                <details class="plan-reassignment" data-testid="plan-reassignment">
                    <summary>"Save as " <code>{file}</code></summary>
                    <pre class="plan-commands"><code>{text}</code></pre>
                </details>
            })}
        </li>
    }
}

/// The risk as shown, and its style.
fn risk_label(risk: Risk) -> (&'static str, &'static str) {
    match risk {
        Risk::Low => ("low risk", "risk-low"),
        Risk::Medium => ("medium risk", "risk-medium"),
        Risk::High => ("high risk", "risk-high"),
        Risk::Refused => ("refused by Kafka", "risk-refused"),
    }
}

/// A step's kind as its JSON names it (`increase_partitions`), for the test contract.
fn kind_name(step: &Step) -> String {
    serde_json::to_value(step.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "step".into())
}
