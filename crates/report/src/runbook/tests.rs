//! The runbook read back: by a CommonMark + GFM-tables parser (one row per step whatever the
//! names, the commands exactly in their fences, no raw HTML), and its diffs applied back.

use proptest::prelude::*;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use serde_json::json;

use super::{markdown, text, unified_diff};
use crate::text::tests::hostile_name;

fn design(name: &str, partitions: u32, rf: u32, extra_topic: bool) -> design::Design {
    let mut nodes = vec![
        json!({"id": "p", "kind": "producer", "name": "p", "messages_per_sec": 1000, "avg_message_bytes": 100,
               "key": {"field": "id", "distribution": {"kind": "uniform", "cardinality": 500}}}),
        json!({"id": "t", "kind": "topic", "name": "orders", "partitions": partitions,
               "config": {"replication.factor": rf, "min.insync.replicas": 1}}),
        json!({"id": "g", "kind": "consumer_group", "name": "g", "instances": 2, "processing_ms_per_record": 1}),
    ];
    if extra_topic {
        nodes.push(json!({"id": "old", "kind": "topic", "name": "legacy", "partitions": 3}));
    }
    let mut d = design::parse(
        json!({"schema": "kafka-design/v1", "name": "shop", "cluster": {"brokers": 3}, "nodes": nodes,
               "edges": [{"from": "p", "to": "t"}, {"from": "t", "to": "g"}]})
        .to_string()
        .as_bytes(),
    )
    .unwrap();
    for n in &mut d.nodes {
        if n.id != "p" {
            n.name = format!("{name}{}", n.name);
        }
    }
    d
}

/// Table rows (cells per row), code blocks (language, text) and whether raw HTML appeared.
fn read(md: &str) -> (Vec<Vec<String>>, Vec<(String, String)>) {
    let mut rows = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut in_cell = false;
    let mut blocks = Vec::new();
    let mut code: Option<(String, String)> = None;
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML in the runbook: {h:?}"),
            Event::Start(Tag::TableCell) => {
                in_cell = true;
                cells.push(String::new());
            }
            Event::End(TagEnd::TableCell) => in_cell = false,
            Event::End(TagEnd::TableRow) | Event::End(TagEnd::TableHead) => {
                rows.push(std::mem::take(&mut cells))
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                code = Some((lang.to_string(), String::new()))
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(code.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = code.as_mut() {
                    text.push_str(&t);
                } else if in_cell {
                    cells.last_mut().unwrap().push_str(&t);
                }
            }
            _ => {}
        }
    }
    (rows, blocks)
}

#[test]
fn the_runbook_lists_steps_commands_json_and_both_diffs() {
    let (from, to) = (design("", 6, 2, true), design("", 12, 3, false));
    let plan = plan::plan(&from, &to);
    let md = markdown(&plan, &from, &to, "Plan from revision 3 to 4");
    assert!(md.starts_with("# Plan from revision 3 to 4\n"));
    let (rows, blocks) = read(&md);
    assert_eq!(rows.len(), plan.steps.len() + 1);
    assert_eq!(rows[1][1], "orders");
    // Every command appears, once, in a sh block; the reassignment JSON under its file name.
    let sh: Vec<&str> = blocks
        .iter()
        .filter(|(l, _)| l == "sh")
        .flat_map(|(_, t)| t.lines())
        .collect();
    let all: Vec<&str> = plan
        .steps
        .iter()
        .flat_map(|s| s.commands.iter().map(String::as_str))
        .collect();
    assert_eq!(sh, all);
    assert!(md.contains("Save as `reassign-orders.json`:"));
    let json = blocks.iter().find(|(l, _)| l == "json").unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json.1).unwrap(),
        plan.steps.iter().find_map(|s| s.reassignment.clone()).unwrap()
    );
    // The delete comes in its own section, after the others.
    let destructive = md.find("## Destructive steps").unwrap();
    assert!(md.find("--delete --topic 'legacy'").unwrap() > destructive);
    assert!(md[destructive..].contains("cannot be undone"));
    // The Strimzi and Terraform diffs say the same as the plan.
    let diffs: Vec<&String> = blocks
        .iter()
        .filter(|(l, _)| l == "diff")
        .map(|(_, t)| t)
        .collect();
    assert_eq!(diffs.len(), 2);
    assert!(
        diffs[0].contains("\n-  partitions: 6\n-  replicas: 2\n+  partitions: 12\n+  replicas: 3\n"),
        "{}",
        diffs[0]
    );
    assert!(diffs[0].contains("-  topicName: \"legacy\""));
    assert!(diffs[1]
        .contains("\n-  partitions_count = 6\n-  # replication.factor = 2\n+  partitions_count = 12\n"));
    assert!(
        diffs[1].contains("\n-  topic_name       = \"legacy\"\n"),
        "{}",
        diffs[1]
    );
}

#[test]
fn the_text_shows_each_reassignment_json_under_its_file_name_before_the_commands() {
    let (from, to) = (design("", 6, 2, true), design("", 12, 3, false));
    let plan = plan::plan(&from, &to);
    let out = text(&plan, "Plan");
    assert!(out.starts_with(&format!("Plan\n{}\n", plan.summary)));
    let step = plan.steps.iter().find(|s| s.reassignment.is_some()).unwrap();
    let save = out.find("   save as reassign-orders.json:\n").unwrap();
    let execute = out.find("--execute --throttle").unwrap();
    assert!(save < execute);
    // The JSON reads back, indented under its file name.
    let json: String = out[save..]
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("     "))
        .map(|l| format!("{}\n", &l[5..]))
        .collect();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json).unwrap(),
        *step.reassignment.as_ref().unwrap()
    );
    for c in plan.steps.iter().flat_map(|s| &s.commands) {
        assert!(out.contains(&format!("   $ {c}\n")), "{c}");
    }
}

#[test]
fn refused_steps_show_their_alternative_and_no_command() {
    let (from, to) = (design("", 12, 3, false), design("", 6, 3, false));
    let plan = plan::plan(&from, &to);
    let md = markdown(&plan, &from, &to, "Plan");
    assert!(
        md.contains("**Refused.**") && md.contains("Instead: Create 'orders-v2'"),
        "{md}"
    );
    let (_, blocks) = read(&md);
    assert!(blocks.iter().all(|(l, _)| l != "sh"));
}

#[test]
fn a_hostile_name_breaks_no_table_fence_or_command() {
    let name = hostile_name();
    let (from, to) = (design(&name, 6, 2, true), design(&name, 12, 3, false));
    let plan = plan::plan(&from, &to);
    let title = format!("Plan ```\n| x | {name}");
    let md = markdown(&plan, &from, &to, &title);
    let (rows, blocks) = read(&md);
    // One row per step, five cells each.
    assert_eq!(rows.len(), plan.steps.len() + 1);
    assert!(rows.iter().all(|r| r.len() == 5), "{rows:?}");
    // The commands come back exactly, and the shell reads each name back whole.
    let sh: Vec<String> = blocks
        .iter()
        .filter(|(l, _)| l == "sh")
        .map(|(_, t)| t.clone())
        .collect();
    let all: Vec<String> = plan
        .steps
        .iter()
        .filter(|s| !s.commands.is_empty())
        .map(|s| s.commands.join("\n") + "\n")
        .collect();
    assert_eq!(sh, all);
    for s in &plan.steps {
        for c in &s.commands {
            assert!(
                c.contains(&crate::iac::shell_quote(&s.element)) || !c.contains("--topic"),
                "{c}"
            );
        }
    }
    // The title stays one heading line.
    assert_eq!(md.lines().next().unwrap().matches("# ").count(), 1);
    assert_eq!(plan::commands::shell_quote(&name), crate::iac::shell_quote(&name));
}

#[test]
fn an_empty_plan_says_so() {
    let d = design("", 6, 3, false);
    let md = markdown(&plan::plan(&d, &d), &d, &d, "Nothing");
    assert_eq!(md, "# Nothing\n\nNo changes to apply.\n\n");
}

/// Applies a unified diff made by [`unified_diff`] to `old`.
fn patch(old: &str, diff: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let mut at = 0;
    for line in diff.lines().skip(2) {
        if let Some(h) = line.strip_prefix("@@ -") {
            let (start, _) = h.split_once(' ').unwrap();
            let (first, count) = start.split_once(',').unwrap();
            let first: usize = first.parse().unwrap();
            let count: usize = count.parse().unwrap();
            let upto = if count == 0 { first } else { first - 1 };
            out.extend(a[at..upto].iter().map(|s| s.to_string()));
            at = upto;
        } else if let Some(l) = line.strip_prefix('+') {
            out.push(l.to_string());
        } else if line.starts_with('-') {
            at += 1;
        } else if let Some(l) = line.strip_prefix(' ') {
            out.push(l.to_string());
            at += 1;
        }
    }
    out.extend(a[at..].iter().map(|s| s.to_string()));
    out.join("\n")
}

proptest! {
    #[test]
    fn a_diff_applied_gives_the_new_text(
        old in prop::collection::vec("[abc]{0,2}", 0..40),
        new in prop::collection::vec("[abc]{0,2}", 0..40),
    ) {
        let (old, new) = (old.join("\n"), new.join("\n"));
        let d = unified_diff(&old, &new, "f");
        if old == new {
            prop_assert!(d.is_empty());
        } else {
            prop_assert_eq!(patch(&old, &d), new.lines().collect::<Vec<_>>().join("\n"));
        }
    }
}

#[test]
fn long_files_are_diffed_within_bounds() {
    let old: String = (0..30_000).map(|i| format!("line {i}\n")).collect();
    let new: String = (0..30_000)
        .map(|i| format!("line {}\n", i * 7 % 30_001))
        .collect();
    let d = unified_diff(&old, &new, "big");
    assert_eq!(patch(&old, &d), new.trim_end());
}
