//! The runbook of a change plan (`plan::Plan`) in Markdown: the steps in a table, the commands in
//! order (destructive steps apart, and said so), each reassignment's JSON under the file name its
//! commands read, and the same change as unified diffs of the Strimzi and Terraform files the
//! studio exports for both designs. [`text`] is the plan in plain text, the JSON shown the same
//! way.
//!
//! Names read from the designs are escaped as the spec escapes them ([`md_text`]); every code
//! block is fenced longer than any run of backticks in it, so a hostile name cannot close it.

use std::fmt::Write as _;

use design::Design;
use plan::{Plan, Risk, Step};

use crate::data_contracts::fence;
use crate::iac::{strimzi_yaml, terraform, topic_specs};
use crate::markdown::{md_paragraph, md_text};

/// Most lines of either side a diff compares line by line (an LCS table of at most this
/// squared cells, after the common head and tail are set aside); past it the differing middle is
/// shown removed and added whole.
pub const MAX_DIFF_LINES: usize = 2_000;
/// Lines of context around each change.
const CONTEXT: usize = 3;

/// The runbook of `plan` (from `from` to `to`), under the heading `title`.
pub fn markdown(plan: &Plan, from: &Design, to: &Design, title: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md_text(title));
    let _ = writeln!(out, "{}\n", md_paragraph(&plan.summary));
    if plan.steps.is_empty() {
        return out;
    }
    let _ = writeln!(out, "| # | Element | Kind | Risk | What |");
    let _ = writeln!(out, "|---:|---|---|---|---|");
    for (i, s) in plan.steps.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {}{} | {} |",
            i + 1,
            md_text(&s.element),
            s.kind.label(),
            s.risk.label(),
            if s.destructive { ", destructive" } else { "" },
            md_text(&s.message)
        );
    }
    let _ = writeln!(out, "\n## Commands\n");
    let _ = writeln!(
        out,
        "Set `BOOTSTRAP` to the bootstrap servers (and `SCHEMA_REGISTRY`, `CONNECT` to their REST URLs) \
         before running them, in this order.\n"
    );
    for (i, s) in plan.steps.iter().enumerate().filter(|(_, s)| !s.destructive) {
        step(&mut out, i + 1, s);
    }
    if plan.steps.iter().any(|s| s.destructive) {
        let _ = writeln!(out, "## Destructive steps\n");
        let _ = writeln!(
            out,
            "These steps destroy data or state and cannot be undone. Run them only after every step above \
             completed, producers stopped writing to what they remove and consumers moved.\n"
        );
        for (i, s) in plan.steps.iter().enumerate().filter(|(_, s)| s.destructive) {
            step(&mut out, i + 1, s);
        }
    }
    let (a, b) = (analysis::analyze(from), analysis::analyze(to));
    let (sa, mut sb) = (topic_specs(from, &a), topic_specs(to, &b));
    // A topic whose partitions the target leaves unset keeps the count in effect when the advice
    // is lower (Kafka cannot decrease it; the plan makes no decrease): the files say the same.
    let unset: std::collections::HashSet<&str> = to
        .nodes
        .iter()
        .filter(|n| n.partitions.is_none())
        .map(|n| n.id.as_str())
        .collect();
    let now: std::collections::HashMap<&str, u32> =
        sa.iter().map(|old| (old.id.as_str(), old.partitions)).collect();
    for spec in &mut sb {
        if let Some(&now) = now.get(spec.id.as_str()) {
            if unset.contains(spec.id.as_str()) && spec.partitions < now {
                spec.partitions = now;
            }
        }
    }
    let files = [
        (
            "Strimzi",
            "topics.strimzi.yaml",
            strimzi_yaml(from, &sa, "my-cluster"),
            strimzi_yaml(to, &sb, "my-cluster"),
        ),
        ("Terraform", "topics.tf", terraform(from, &sa), terraform(to, &sb)),
    ];
    for (heading, file, old, new) in files {
        let _ = writeln!(out, "## {heading}\n");
        let d = unified_diff(&old, &new, file);
        if d.is_empty() {
            let _ = writeln!(out, "No change to `{file}`.\n");
        } else {
            let f = fence(&d);
            let _ = writeln!(out, "{f}diff\n{d}{f}\n");
        }
    }
    out
}

fn step(out: &mut String, n: usize, s: &Step) {
    let _ = writeln!(
        out,
        "### {n}. {} — {} ({} risk)\n",
        md_text(&s.element),
        s.kind.label(),
        s.risk.label()
    );
    if s.risk == Risk::Refused {
        let _ = writeln!(out, "**Refused.** {}\n", md_text(&s.message));
        if let Some(alt) = &s.alternative {
            let _ = writeln!(out, "Instead: {}\n", md_text(alt));
        }
    } else {
        let _ = writeln!(out, "{}\n", md_paragraph(&s.message));
    }
    for c in &s.consequences {
        let _ = writeln!(out, "- {}", md_text(c));
    }
    if !s.consequences.is_empty() {
        out.push('\n');
    }
    if s.risk == Risk::Refused {
        return;
    }
    if let (Some(json), Some(file)) = (&s.reassignment, &s.reassignment_file) {
        let text = serde_json::to_string_pretty(json).unwrap_or_default();
        let f = fence(&text);
        let _ = writeln!(out, "Save as `{}`:\n", md_text(file).replace('`', ""));
        let _ = writeln!(out, "{f}json\n{text}\n{f}\n");
    }
    if !s.commands.is_empty() {
        let text = s.commands.join("\n");
        let f = fence(&text);
        let _ = writeln!(out, "{f}sh\n{text}\n{f}\n");
    } else {
        let _ = writeln!(out, "No cluster command: a client deploy.\n");
    }
}

/// The plan as plain text, as `kafka-studio plan --format text` prints it: the summary, then each
/// step with its risk, consequences, alternative, its reassignment JSON under the file name its
/// commands read (`save as reassign-orders.json:`), and its commands (`$ …`).
pub fn text(plan: &Plan, title: &str) -> String {
    let mut out = format!("{title}\n{}\n", plan.summary);
    for (i, s) in plan.steps.iter().enumerate() {
        let risk = match s.risk {
            Risk::Refused => "REFUSED",
            other => other.label(),
        };
        let destructive = if s.destructive { ", destructive" } else { "" };
        let _ = writeln!(out, "\n{}. [{risk}{destructive}] {}", i + 1, s.message);
        for c in &s.consequences {
            let _ = writeln!(out, "   - {c}");
        }
        if let Some(alternative) = &s.alternative {
            let _ = writeln!(out, "   instead: {alternative}");
        }
        if s.risk == Risk::Refused {
            continue;
        }
        if let (Some(json), Some(file)) = (&s.reassignment, &s.reassignment_file) {
            let _ = writeln!(out, "   save as {file}:");
            for line in serde_json::to_string_pretty(json).unwrap_or_default().lines() {
                let _ = writeln!(out, "     {line}");
            }
        }
        for command in &s.commands {
            let _ = writeln!(out, "   $ {command}");
        }
    }
    out
}

/// A unified diff of `old` → `new` (3 lines of context) with `a/<file>` and `b/<file>`
/// headers; empty when they are equal.
pub fn unified_diff(old: &str, new: &str, file: &str) -> String {
    if old == new {
        return String::new();
    }
    let (a, b): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    let ops = line_ops(&a, &b);
    let mut out = format!("--- a/{file}\n+++ b/{file}\n");
    // Hunks: runs of changes with CONTEXT lines around, merged when close.
    let changed: Vec<usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, o)| !matches!(o, Op::Same(..)))
        .map(|(i, _)| i)
        .collect();
    let mut i = 0;
    while i < changed.len() {
        let start = changed[i].saturating_sub(CONTEXT);
        let mut end = changed[i];
        while i + 1 < changed.len() && changed[i + 1] <= end + 2 * CONTEXT + 1 {
            i += 1;
            end = changed[i];
        }
        let end = (end + CONTEXT + 1).min(ops.len());
        let (mut a0, mut b0) = (None, None);
        let (mut na, mut nb) = (0, 0);
        let mut body = String::new();
        for op in &ops[start..end] {
            match *op {
                Op::Same(x, y) => {
                    a0.get_or_insert(x);
                    b0.get_or_insert(y);
                    na += 1;
                    nb += 1;
                    let _ = writeln!(body, " {}", a[x]);
                }
                Op::Del(x, y) => {
                    a0.get_or_insert(x);
                    b0.get_or_insert(y);
                    na += 1;
                    let _ = writeln!(body, "-{}", a[x]);
                }
                Op::Add(x, y) => {
                    a0.get_or_insert(x);
                    b0.get_or_insert(y);
                    nb += 1;
                    let _ = writeln!(body, "+{}", b[y]);
                }
            }
        }
        let line = |first: Option<usize>, n: usize| match (first, n) {
            (Some(f), 0) => format!("{f},0"),
            (Some(f), n) => format!("{},{n}", f + 1),
            (None, _) => "0,0".into(),
        };
        let _ = writeln!(out, "@@ -{} +{} @@", line(a0, na), line(b0, nb));
        out.push_str(&body);
        i += 1;
    }
    out
}

/// One line of an edit script: kept, removed (line of `a`, position in `b`), added (position
/// in `a`, line of `b`).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Same(usize, usize),
    Del(usize, usize),
    Add(usize, usize),
}

/// The edit script from `a` to `b`: common head and tail kept, the middle by a longest common
/// subsequence when it fits in [`MAX_DIFF_LINES`] lines a side, else removed and added whole.
fn line_ops(a: &[&str], b: &[&str]) -> Vec<Op> {
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let mut ops: Vec<Op> = (0..head).map(|i| Op::Same(i, i)).collect();
    if ma.len() <= MAX_DIFF_LINES && mb.len() <= MAX_DIFF_LINES {
        // lcs[i][j]: the LCS of ma[i..] and mb[j..].
        let w = mb.len() + 1;
        let mut lcs = vec![0u32; (ma.len() + 1) * w];
        for i in (0..ma.len()).rev() {
            for j in (0..mb.len()).rev() {
                lcs[i * w + j] = if ma[i] == mb[j] {
                    lcs[(i + 1) * w + j + 1] + 1
                } else {
                    lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < ma.len() || j < mb.len() {
            if i < ma.len() && j < mb.len() && ma[i] == mb[j] {
                ops.push(Op::Same(head + i, head + j));
                i += 1;
                j += 1;
            } else if i < ma.len() && (j == mb.len() || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
                // Removed lines before added ones, as diff prints them.
                ops.push(Op::Del(head + i, head + j));
                i += 1;
            } else {
                ops.push(Op::Add(head + i, head + j));
                j += 1;
            }
        }
    } else {
        ops.extend((0..ma.len()).map(|i| Op::Del(head + i, head)));
        ops.extend((0..mb.len()).map(|j| Op::Add(head + ma.len(), head + j)));
    }
    ops.extend((0..tail).map(|k| Op::Same(a.len() - tail + k, b.len() - tail + k)));
    ops
}

#[cfg(test)]
mod tests;
