//! Every document read back by its own parser with a name that holds every character that
//! ends a line or breaks a format (see [`crate::text::tests::hostile_name`]): the Markdown by a
//! CommonMark + GFM-tables parser, the Strimzi YAML by PyYAML (YAML 1.1, as kubectl reads it:
//! U+0085, U+2028 and U+2029 end lines there), the SVG by an XML parser, the PDF's text by
//! poppler, the script by bash and the Terraform by an HCL parser (`hcl-rs`). (Mermaid's own parser runs
//! in the browser: `e2e/tests/escaping.test.js`.)

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::json;

use crate::text::{one_line, tests::hostile_name};

/// A design whose name, topic, group and producer carry the hostile name, and whose producer
/// sends it as its hottest pasted key.
fn design() -> design::Design {
    let name = hostile_name();
    let mut d = design::parse(
        json!({"schema": "kafka-design/v1", "name": "placeholder", "nodes": [
            {"id": "p", "kind": "producer", "name": "p", "messages_per_sec": 1000, "avg_message_bytes": 100,
             "key": {"field": "id", "distribution": {"kind": "uniform", "cardinality": 50}}},
            {"id": "t", "kind": "topic", "name": "t", "partitions": 6,
             "config": {"replication.factor": 3, "cleanup.policy": "delete"}},
            {"id": "g", "kind": "consumer_group", "name": "g", "instances": 2, "processing_ms_per_record": 1}],
          "edges": [{"from": "p", "to": "t"}, {"from": "t", "to": "g"}]})
        .to_string()
        .as_bytes(),
    )
    .unwrap();
    d.name = name.clone();
    for n in &mut d.nodes {
        n.name = format!("{name}-{}", n.id);
    }
    d.nodes[0].key = Some(design::KeySpec {
        field: Some("id".into()),
        distribution: design::KeyDistribution::Sample {
            keys: [
                format!("{name}-key"),
                "carriage\rreturn\u{85}key".into(),
                "other".into(),
            ]
            .into_iter()
            .collect::<design::PastedKeys>(),
            weights: Some(vec![9.0, 5.0, 1.0]),
        },
        extra: Default::default(),
    });
    // A peak window named by it too: the peak section, its table and its chart carry it.
    d.load_profile = Some(design::LoadProfile {
        peaks: vec![design::PeakWindow::new(name, 3.0, 30)],
        ..Default::default()
    });
    // A deployment on a target the price table lacks, with an override: the cost section,
    // its tables and its charts are there too.
    let mut deployment = design::Deployment {
        target: Some("no-such.target_v2".into()),
        internet_egress_share: Some(0.5),
        ..Default::default()
    };
    deployment.prices.insert("ec2.m5.2xlarge.hour".into(), 1e9);
    d.cluster.deployment = Some(deployment);
    d
}

#[test]
fn markdown_tables_keep_one_row_per_topic_and_no_html() {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let d = design();
    let md = crate::markdown::spec(&d, &analysis::analyze(&d), &crate::Links::none());
    let mut rows = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut in_cell = false;
    // Each table's header width and the widths of its rows: a GitHub table row with more or
    // fewer cells than its header would show the name split or shifted.
    let mut tables: Vec<(usize, Vec<usize>)> = Vec::new();
    for event in Parser::new_ext(&md, Options::ENABLE_TABLES) {
        match &event {
            Event::Start(Tag::Table(columns)) => tables.push((columns.len(), Vec::new())),
            Event::End(TagEnd::TableRow) | Event::End(TagEnd::TableHead) => {
                tables.last_mut().unwrap().1.push(cells.len())
            }
            _ => {}
        }
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML in the Markdown: {h:?}"),
            Event::Start(Tag::TableCell) => {
                in_cell = true;
                cells.push(String::new());
            }
            Event::End(TagEnd::TableCell) => in_cell = false,
            Event::End(TagEnd::TableRow) | Event::End(TagEnd::TableHead) => {
                rows.push(std::mem::take(&mut cells))
            }
            Event::Text(t) | Event::Code(t) if in_cell => cells.last_mut().unwrap().push_str(&t),
            _ => {}
        }
    }
    // The topic's row: its name in one cell, whole (as one line), and the row has as many
    // cells as its header.
    let shown = one_line(&format!("{}-t", hostile_name())).into_owned();
    let row = rows
        .iter()
        .find(|r| r.iter().any(|c| c.contains("after-LS") && c.ends_with("-t")))
        .unwrap_or_else(|| panic!("no row names the topic: {rows:?}"));
    assert!(row.iter().any(|c| c == &shown), "{row:?} vs {shown:?}");
    let width = rows.iter().filter(|r| r.len() == row.len()).count();
    assert!(width >= 2, "the row keeps its header's width");
    assert!(tables.len() >= 5, "{} tables", tables.len());
    assert!(md.contains("## Cost"), "the cost section is checked too");
    for (columns, widths) in &tables {
        assert!(
            widths.iter().all(|w| w == columns),
            "{columns} columns, rows of {widths:?}"
        );
    }
    // The hottest key's row too (a key is shown as code, where nothing can be escaped).
    for key in [
        format!("{}-key", hostile_name()),
        "carriage\rreturn\u{85}key".to_string(),
    ] {
        let key = one_line(&key).into_owned();
        assert!(
            rows.iter().any(|r| r.iter().any(|c| c.contains(&key))),
            "no row shows the key {key:?}: {rows:?}"
        );
    }
    assert!(!md.contains('\r') && !md.contains('\u{2028}') && !md.contains('\u{85}'));
}

#[test]
fn strimzi_yaml_read_by_pyyaml_has_no_extra_document_or_key() {
    let d = design();
    let a = analysis::analyze(&d);
    let yaml = crate::iac::strimzi_yaml(&d, &crate::iac::topic_specs(&d, &a), "my-cluster");
    let script = r#"
import json, sys, yaml
docs = list(yaml.safe_load_all(sys.stdin.read()))
print(json.dumps(docs))
"#;
    assert!(
        run("python3", &["-c", "import yaml"], "").is_ok(),
        "python3 with PyYAML is needed (scripts/setup.sh --test installs it)"
    );
    let out =
        run("python3", &["-c", script], &yaml).unwrap_or_else(|e| panic!("PyYAML refused the file: {e}"));
    let docs: serde_json::Value = serde_json::from_str(&out).expect("PyYAML read the file");
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), 1, "{docs:?}");
    let doc = &docs[0];
    let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["apiVersion", "kind", "metadata", "spec"]);
    assert_eq!(doc["spec"]["topicName"], format!("{}-t", hostile_name()));
}

#[test]
fn svg_charts_and_topology_are_well_formed_xml_with_the_name_as_text() {
    let d = design();
    let a = analysis::analyze(&d);
    let mut svgs = vec![crate::topology::render(&d)];
    svgs.extend(
        crate::charts::Chart::ALL
            .iter()
            .map(|c| crate::charts::render(*c, &d, &a)),
    );
    for svg in svgs {
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("not XML: {e}"));
        assert!(doc
            .descendants()
            .all(|n| n.tag_name().name() != "script" && n.tag_name().name() != "b"));
    }
    let topology = crate::topology::render(&d);
    assert!(topology.contains("after-LS") || topology.contains("evil."));
}

#[test]
fn the_pdf_prints_the_name_on_one_line() {
    let d = design();
    let pdf = crate::pdf::pdf(&d, &analysis::analyze(&d), &crate::Links::none()).expect("the PDF is made");
    let text = Command::new("pdftotext")
        .args(["-layout", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(&pdf)?;
            child.wait_with_output()
        })
        .expect("pdftotext (poppler-utils) is installed");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("evil.\"name' <b>&amp;</b>"), "{text}");
}

#[test]
fn the_script_and_terraform_read_the_name_back_exactly() {
    let d = design();
    let a = analysis::analyze(&d);
    let specs = crate::iac::topic_specs(&d, &a);
    let script = crate::iac::kafka_topics_sh(&d, &specs);
    if let Err(e) = run("bash", &["-n"], &script) {
        panic!("bash -n refused the script: {e}");
    }
    // The header comment is one line: nothing after the name runs as a command.
    let header = script.lines().nth(1).unwrap();
    assert!(
        header.starts_with("# Topics of the design") && header.ends_with("(Kafka Design Studio)."),
        "{header}"
    );
    // The Terraform, read by an HCL parser and evaluated with no variables: one resource per
    // topic whose `topic_name` is the name itself, nothing interpolated or cut short.
    let tf = crate::iac::terraform(&d, &specs);
    let body = hcl::parse(&tf).unwrap_or_else(|e| panic!("not HCL: {e}\n{tf}"));
    let body = {
        use hcl::eval::{Context, Evaluate};
        body.evaluate(&Context::new())
            .unwrap_or_else(|e| panic!("does not evaluate without variables: {e}\n{tf}"))
    };
    let names: Vec<hcl::Value> = body
        .blocks()
        .filter(|b| b.identifier() == "resource")
        .filter_map(|b| b.body().attributes().find(|a| a.key() == "topic_name"))
        .map(|a| hcl::Value::from(a.expr().clone()))
        .collect();
    let expected: Vec<hcl::Value> = specs.iter().map(|t| hcl::Value::from(t.name.clone())).collect();
    assert_eq!(names, expected, "{tf}");
    assert!(
        specs.iter().any(|t| t.name == format!("{}-t", hostile_name())),
        "the hostile topic is exported"
    );
}

/// Runs `program args` with `input` on standard input: its standard output when it succeeds,
/// what it said (or why it did not run) when not.
fn run(program: &str, args: &[&str], input: &str) -> Result<String, String> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{program} did not start: {e}"))?;
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let _ = writer.join();
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    Ok(String::from_utf8(out.stdout).unwrap())
}
