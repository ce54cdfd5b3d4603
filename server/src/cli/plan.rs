//! `kafka-studio plan OLD NEW`: the change plan from one design file to another, for a pull
//! request's CI: the steps with their risks and commands (text), the plan as the API answers
//! it (JSON), or the runbook (Markdown). Exits 1 when Kafka refuses a step (a partition
//! decrease, `min.insync.replicas` at or over the replication factor), 2 when a file is not a
//! valid design.

use std::path::Path;

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
        PlanFormat::Text => report::runbook::text(&plan, &title),
    };
    Outcome {
        output: output.into_bytes(),
        exit_code: if plan.refused { 1 } else { 0 },
        notes: String::new(),
    }
}
