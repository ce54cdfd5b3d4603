//! `kafka-studio plan OLD NEW`: the change plan from one design file to another, for a pull
//! request's CI: the steps with their risks and commands (text), the plan as the API answers
//! it (JSON), or the runbook (Markdown). Exits 1 when Kafka refuses a step (a partition
//! decrease, `min.insync.replicas` at or over the replication factor), 2 when a file is not a
//! valid design.

use std::fmt::Write as _;
use std::path::Path;

use plan::Risk;

use super::{json, load, Outcome};

/// What `plan` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PlanFormat {
    /// The steps, a few lines each, with their commands.
    Text,
    /// `{steps, refused, summary, runbook_markdown}`, as `POST /api/v1/plan` answers.
    Json,
    /// The runbook: commands in order, destructive steps apart, Strimzi and Terraform diffs.
    Md,
}

/// Plans the change from the design in `old` to the design in `new`.
pub fn plan(old: &Path, new: &Path, format: PlanFormat) -> Outcome {
    let (from, to) = match (load(old), load(new)) {
        (Ok(from), Ok(to)) => (from, to),
        (Err(refused), _) | (_, Err(refused)) => return refused,
    };
    let plan = plan::plan(&from, &to);
    let title = format!("Change plan from {} to {}", old.display(), new.display());
    let output = match format {
        PlanFormat::Json => json(&api::PlanAnswer {
            from_revision: None,
            to_revision: None,
            runbook_markdown: report::runbook::markdown(&plan, &from, &to, &title),
            plan: plan.clone(),
        }),
        PlanFormat::Md => report::runbook::markdown(&plan, &from, &to, &title),
        PlanFormat::Text => text(&title, &plan),
    };
    Outcome {
        output: output.into_bytes(),
        exit_code: if plan.refused { 1 } else { 0 },
        notes: String::new(),
    }
}

fn text(title: &str, plan: &plan::Plan) -> String {
    let mut out = format!("{title}\n{}\n", plan.summary);
    for (i, step) in plan.steps.iter().enumerate() {
        let risk = match step.risk {
            Risk::Low => "low",
            Risk::Medium => "medium",
            Risk::High => "high",
            Risk::Refused => "REFUSED",
        };
        let destructive = if step.destructive { ", destructive" } else { "" };
        let _ = writeln!(out, "\n{}. [{risk}{destructive}] {}", i + 1, step.message);
        for c in &step.consequences {
            let _ = writeln!(out, "   - {c}");
        }
        if let Some(alternative) = &step.alternative {
            let _ = writeln!(out, "   instead: {alternative}");
        }
        for command in &step.commands {
            let _ = writeln!(out, "   $ {command}");
        }
        if let Some(json) = &step.reassignment {
            let file = step.reassignment_file.as_deref().unwrap_or("reassignment.json");
            let json = serde_json::to_string_pretty(json).unwrap_or_default();
            let _ = writeln!(out, "   {file}:");
            for line in json.lines() {
                let _ = writeln!(out, "     {line}");
            }
        }
    }
    out
}
