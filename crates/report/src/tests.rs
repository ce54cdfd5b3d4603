//! The exports checked by their own tools: bash, a YAML parser, an HCL parser (`hcl-rs`, the
//! language Terraform reads); and the orders fixture's spec held to what it must say.

use std::process::{Command, Stdio};

use serde_json::json;

use crate::iac::*;

const HOSTILE: &str = r#"a"; rm -rf / #"#;
const NASTY: &str = "it's $(touch /tmp/kafka-studio-pwned) `id` ${var.x} %{if} \\ \n";

fn design() -> design::Design {
    design::parse(
        json!({"schema": "kafka-design/v1", "name": "orders \"platform\"\nline two", "nodes": [
            {"id": "p", "kind": "producer", "name": "p", "messages_per_sec": 1000, "avg_message_bytes": 100},
            {"id": "orders", "kind": "topic", "name": "ecommerce.orders.created", "partitions": 12,
             "config": {"replication.factor": 3, "min.insync.replicas": 2, "cleanup.policy": "delete",
                        "retention.ms": 604800000u64}},
            {"id": "9-hostile", "kind": "topic", "name": HOSTILE, "config": {"cleanup.policy": NASTY}},
            {"id": "g", "kind": "consumer_group", "name": "g", "instances": 4}],
          "edges": [{"from": "p", "to": "orders"}, {"from": "p", "to": "9-hostile"}, {"from": "orders", "to": "g"}]})
        .to_string()
        .as_bytes(),
    )
    .unwrap()
}

fn specs() -> (design::Design, Vec<TopicSpec>) {
    let d = design();
    let a = analysis::analyze(&d);
    let specs = topic_specs(&d, &a);
    (d, specs)
}

#[test]
fn specs_take_partitions_rf_and_topic_settings() {
    let (_, specs) = specs();
    assert_eq!(specs.len(), 2);
    let orders = &specs[0];
    assert_eq!((orders.partitions, orders.replication_factor), (12, 3));
    assert!(orders
        .config
        .contains(&("min.insync.replicas".into(), "2".into())));
    assert!(!orders.config.iter().any(|(k, _)| k == "replication.factor"));
    // No partitions in the design: the analysis' advice (a multiple of the brokers).
    assert!(specs[1].partitions >= 3);
    assert_eq!(specs[1].replication_factor, 3);
}

#[test]
fn the_script_passes_bash_n_and_hands_hostile_names_over_as_one_argument() {
    let (d, specs) = specs();
    let script = kafka_topics_sh(&d, &specs);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let path = dir.join("kafka-topics.sh");
    std::fs::write(&path, &script).unwrap();
    let check = Command::new("bash").arg("-n").arg(&path).output().unwrap();
    assert!(
        check.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&check.stderr)
    );

    // A stand-in for kafka-topics.sh that records its arguments NUL-separated, so we see exactly
    // what the real tool would get, newlines and quotes included.
    let fake = dir.join("fake-kafka-topics");
    let log = dir.join("args.log");
    std::fs::write(
        &fake,
        format!(
            "#!/usr/bin/env bash\nprintf '%s\\0' \"$@\" END >> '{}'\n",
            log.display()
        ),
    )
    .unwrap();
    Command::new("chmod").arg("+x").arg(&fake).status().unwrap();
    let run = Command::new("bash")
        .arg(&path)
        .env("BOOTSTRAP_SERVERS", "localhost:9092")
        .env("KAFKA_TOPICS", &fake)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(
        !std::path::Path::new("/tmp/kafka-studio-pwned").exists(),
        "a name was executed"
    );
    let calls = std::fs::read_to_string(&log).unwrap();
    // Arguments end in NUL; each call ends with the argument END.
    let args: Vec<&str> = calls.split_terminator('\0').collect();
    let calls: Vec<Vec<&str>> = args
        .split(|a| *a == "END")
        .filter(|c| !c.is_empty())
        .map(<[&str]>::to_vec)
        .collect();
    assert_eq!(calls.len(), 2);
    assert_eq!(
        &calls[0][..8],
        [
            "--bootstrap-server",
            "localhost:9092",
            "--create",
            "--if-not-exists",
            "--topic",
            "ecommerce.orders.created",
            "--partitions",
            "12"
        ]
    );
    let hostile = &calls[1];
    let at = hostile.iter().position(|a| *a == "--topic").unwrap();
    assert_eq!(hostile[at + 1], HOSTILE);
    let config = hostile.iter().position(|a| *a == "--config").unwrap();
    assert_eq!(hostile[config + 1], format!("cleanup.policy={NASTY}"));
}

#[test]
fn strimzi_yaml_parses_back_to_the_same_topics() {
    use yaml_rust2::YamlLoader;
    let (d, specs) = specs();
    let text = strimzi_yaml(&d, &specs, "my-cluster");
    let docs = YamlLoader::load_from_str(&text).unwrap();
    assert_eq!(docs.len(), 2);
    for (doc, spec) in docs.iter().zip(&specs) {
        assert_eq!(doc["apiVersion"].as_str(), Some("kafka.strimzi.io/v1beta2"));
        assert_eq!(doc["kind"].as_str(), Some("KafkaTopic"));
        assert_eq!(
            doc["metadata"]["labels"]["strimzi.io/cluster"].as_str(),
            Some("my-cluster")
        );
        assert_eq!(doc["spec"]["topicName"].as_str(), Some(spec.name.as_str()));
        assert_eq!(
            doc["spec"]["partitions"].as_i64(),
            Some(i64::from(spec.partitions))
        );
        assert_eq!(
            doc["spec"]["replicas"].as_i64(),
            Some(i64::from(spec.replication_factor))
        );
        for (k, v) in &spec.config {
            assert_eq!(doc["spec"]["config"][k.as_str()].as_str(), Some(v.as_str()));
        }
        let name = doc["metadata"]["name"].as_str().unwrap();
        assert!(
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-'),
            "{name}"
        );
    }
}

#[test]
fn terraform_parses_as_hcl_to_the_topics_and_keeps_names_literal() {
    use hcl::eval::{Context, Evaluate};

    let (d, specs) = specs();
    let text = terraform(&d, &specs);
    assert!(text.contains(r#"topic_name       = "a\"; rm -rf / #""#), "{text}");
    assert!(text.contains("$${var.x}") && text.contains("%%{if}"), "{text}");
    assert!(
        text.contains(r#"resource "confluent_kafka_topic" "_9-hostile""#),
        "{text}"
    );

    // Read back by an HCL parser and evaluated with no variables: an escape that failed
    // (`${var.x}` left live) would not evaluate, and a name that broke out of its quotes
    // would not parse or would read back different.
    let body = hcl::parse(&text).unwrap_or_else(|e| panic!("not HCL: {e}\n{text}"));
    let body = body
        .evaluate(&Context::new())
        .unwrap_or_else(|e| panic!("does not evaluate without variables: {e}\n{text}"));
    assert_eq!(body.attributes().count(), 0, "{text}");
    let resources: Vec<&hcl::Block> = body.blocks().collect();
    assert_eq!(resources.len(), specs.len(), "{text}");
    for (block, spec) in resources.into_iter().zip(&specs) {
        assert_eq!(block.identifier(), "resource");
        let labels: Vec<&str> = block.labels().iter().map(|l| l.as_str()).collect();
        assert_eq!(
            labels,
            ["confluent_kafka_topic", hcl_identifier(&spec.id).as_str()]
        );
        let attrs: std::collections::BTreeMap<&str, hcl::Value> = block
            .body()
            .attributes()
            .map(|a| (a.key(), hcl::Value::from(a.expr().clone())))
            .collect();
        assert_eq!(attrs["topic_name"], hcl::Value::from(spec.name.clone()), "{text}");
        assert_eq!(
            attrs["partitions_count"],
            hcl::Value::from(spec.partitions),
            "{text}"
        );
        let config: hcl::Map<String, hcl::Value> = spec
            .config
            .iter()
            .map(|(k, v)| (k.clone(), hcl::Value::from(v.clone())))
            .collect();
        match attrs.get("config") {
            Some(hcl::Value::Object(got)) => assert_eq!(*got, config, "{text}"),
            None => assert!(config.is_empty(), "{text}"),
            Some(other) => panic!("config is not an object: {other:?}"),
        }
        assert_eq!(attrs.len(), 2 + usize::from(!config.is_empty()), "{text}");
        assert_eq!(block.body().blocks().count(), 0, "{text}");
    }
    // The topics' values, by name, as Confluent's provider gets them; the hostile setting comes
    // back as the very text the design holds.
    let setting = |topic: usize, name: &str| -> Option<hcl::Value> {
        let block = body.blocks().nth(topic)?;
        let config = block.body().attributes().find(|a| a.key() == "config")?;
        match hcl::Value::from(config.expr().clone()) {
            hcl::Value::Object(map) => map.get(name).cloned(),
            _ => None,
        }
    };
    assert_eq!(setting(0, "min.insync.replicas"), Some("2".into()));
    assert_eq!(setting(0, "retention.ms"), Some("604800000".into()));
    assert_eq!(setting(1, "cleanup.policy"), Some(NASTY.into()));
}

#[test]
fn quoting_helpers() {
    assert_eq!(shell_quote("it's"), r"'it'\''s'");
    assert_eq!(yaml_quote("a\"b\\c\n"), r#""a\"b\\c\n""#);
    assert_eq!(hcl_quote("${x} $y %{z}"), r#""$${x} $y %%{z}""#);
    assert_eq!(k8s_name("Ecommerce.Orders_Created"), "ecommerce.orders-created");
    assert_eq!(k8s_name(HOSTILE), "a---rm--rf");
    assert_eq!(k8s_name("###"), "topic");
    assert_eq!(hcl_identifier("orders.v1"), "orders_v1");
}

mod markdown_spec {
    use super::*;
    use crate::markdown::spec;

    fn render() -> String {
        let mut d = design();
        d.nodes[3].name = "pay|ments <script>alert(1)</script>".into();
        let a = analysis::analyze(&d);
        spec(&d, &a, &crate::Links::none())
    }

    /// Cells of a table row, splitting on unescaped pipes.
    fn cells(line: &str) -> usize {
        let mut n = 0;
        let mut escaped = false;
        for c in line.chars() {
            match c {
                '\\' if !escaped => escaped = true,
                '|' if !escaped => n += 1,
                _ => escaped = false,
            }
            if c != '\\' {
                escaped = false;
            }
        }
        n
    }

    #[test]
    fn the_spec_has_the_mermaid_flowchart_and_the_tables() {
        let md = render();
        assert!(md.starts_with("# orders \"platform\" line two\n"), "{md}");
        assert!(md.contains("```mermaid\nflowchart LR\n"));
        assert!(md.contains("  n0 --> n1"));
        for heading in [
            "## Topology",
            "## Topics",
            "## Producers and source connectors",
            "## Sizing",
            "## Findings",
        ] {
            assert!(md.contains(heading), "{heading} missing");
        }
        assert!(md.contains("| Topic | Role | Partitions | replication.factor | min.insync.replicas |"));
        assert!(md.contains("`ecommerce.orders.created`"));
        assert!(md.contains("**Brokers = "));
        assert!(md.contains("← binds"));
    }

    #[test]
    fn a_description_cannot_become_a_heading_list_or_html() {
        use crate::markdown::{md_paragraph, md_text};
        assert_eq!(md_paragraph("# not a heading"), "\\# not a heading");
        assert_eq!(md_paragraph("- not a list"), "\\- not a list");
        assert_eq!(md_paragraph("1. not a list"), "1\\. not a list");
        assert_eq!(md_paragraph("12) not a list"), "12\\) not a list");
        assert_eq!(md_paragraph("> not a quote"), "&gt; not a quote");
        // Read back through a real CommonMark parser: one paragraph, the text as typed.
        for typed in [
            "1. not a list",
            "12) not a list",
            "> not a quote",
            "# not a heading",
            "- not a list",
        ] {
            let written = md_paragraph(typed);
            let mut events = pulldown_cmark::Parser::new(&written);
            assert_eq!(
                events.next(),
                Some(pulldown_cmark::Event::Start(pulldown_cmark::Tag::Paragraph)),
                "{typed}"
            );
            let shown: String = events
                .filter_map(|e| match e {
                    pulldown_cmark::Event::Text(t) => Some(t.into_string()),
                    _ => None,
                })
                .collect();
            assert_eq!(shown, typed);
        }
        assert_eq!(
            md_paragraph("m5.2xlarge stays readable"),
            "m5.2xlarge stays readable"
        );
        assert_eq!(md_text("a|b *c* <b>"), "a\\|b \\*c\\* &lt;b&gt;");
    }

    #[test]
    fn hostile_names_stay_text() {
        let md = render();
        // Mermaid: every node line is `nI<open>"label"<close>` with no quote inside the label.
        let block = md
            .split("```mermaid\n")
            .nth(1)
            .unwrap()
            .split("```")
            .next()
            .unwrap();
        for line in block.lines().skip(1).filter(|l| !l.contains("--")) {
            let quotes = line.matches('"').count();
            assert_eq!(quotes, 2, "a label breaks out of its quotes: {line}");
        }
        assert!(block.contains("a#quot;; rm -rf / #35;"), "{block}");
        // HTML is not passed through.
        assert!(!md.contains("<script>"), "{md}");
        // Every row of every table has as many cells as its header.
        let mut header = None;
        for line in md.lines() {
            if line.starts_with('|') {
                let n = cells(line);
                match header {
                    None => header = Some(n),
                    Some(h) => assert_eq!(n, h, "row breaks its table: {line}"),
                }
            } else {
                header = None;
            }
        }
    }
}

/// The orders fixture's spec (what `examples/orders_spec.rs` prints): the summary's figures in
/// the shared units, the sections in order, and the rows a reader of this design looks for.
#[test]
fn the_orders_spec_says_what_the_analysis_found() {
    use analysis::rules::Severity;

    let text = include_str!("../../../server/tests/fixtures/orders-platform.json");
    let d = design::parse(text.as_bytes()).unwrap();
    let a = analysis::analyze(&d);
    let md = crate::markdown::spec(&d, &a, &crate::Links::none());
    let n = |sev| a.findings.iter().filter(|f| f.severity == sev).count();
    let summary = format!(
        "# orders platform\n\n**3 brokers** (m5.2xlarge), bound by the minimum of 3. Writes 10 MB/s, \
         reads 10 MB/s, keeps 23.59 TB with overhead. 1 topic; findings: {}, {}, {}.\n",
        units::plural(n(Severity::Error), "error", "errors"),
        units::plural(n(Severity::Warn), "warning", "warnings"),
        units::plural(n(Severity::Info), "note", "notes"),
    );
    assert!(md.starts_with(&summary), "{md}");
    assert_eq!(
        (n(Severity::Error), n(Severity::Warn), n(Severity::Info)),
        (2, 2, 1)
    );
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## Topology",
            "## Topics",
            "## Producers and source connectors",
            "## Consumer groups, processors and sink connectors",
            "## Sizing",
            "## Hotspots",
            "## End-to-end latency",
            "## Findings",
        ]
    );
    for row in [
        "  n0([\"Order service\"])\n  n1[(\"ecommerce.orders.created\")]\n  n2[\"payment-service\"]\n  n0 --> n1\n  n1 --> n2\n",
        "| `ecommerce.orders.created` | main | 12 | 3 | 2 | 7 d | delete | none | 10 MB/s |",
        "| `Order service` | producer | 10 000 | 1 KB | `orderId` (zipf 1.1, 100 000 keys) | all | true | lz4 | 5 ms |",
        "| `payment-service` | consumer group | `ecommerce.orders.created` | 4 | 10 000 | 2 000 | 8 000 | 26 instances on 26 partitions |",
        "| Storage with overhead | 23.59 TB |",
        "- storage: **1** — ceil(23.59 TB / (30 TB × 0.80)) = ceil(0.98) = 1",
    ] {
        assert!(md.contains(row), "missing {row:?} in\n{md}");
    }
    // Every finding is listed under its severity, by its rule.
    for f in &a.findings {
        assert!(
            md.contains(&format!("**{}**", f.rule)),
            "finding {} missing:\n{md}",
            f.rule
        );
    }
}

/// With the studio's address, every finding in the Markdown and the PDF links to its rule's
/// section of the rules page; without it, findings name their rule only.
#[test]
fn findings_link_to_their_rules_when_the_studio_is_known() {
    let text = include_str!("../../../server/tests/fixtures/orders-platform.json");
    let d = design::parse(text.as_bytes()).unwrap();
    let a = analysis::analyze(&d);
    assert!(!a.findings.is_empty());
    let links = crate::Links::rules_at("https://studio.example.com/rules");
    let md = crate::markdown::spec(&d, &a, &links);
    let source = crate::spec_source::source(&d, &a, &links);
    assert!(typst::syntax::parse(&source).errors().is_empty());
    for f in &a.findings {
        let url = format!("https://studio.example.com/rules#{}", f.rule);
        assert!(
            md.contains(&format!("**[{}](<{url}>)**", f.rule)),
            "{}: {md}",
            f.rule
        );
        assert!(
            source.contains(&format!("#link({})", crate::pdf::typst_str(&url))),
            "{}",
            f.rule
        );
        assert!(analysis::rules::rule(f.rule).is_some());
    }
    let plain = crate::markdown::spec(&d, &a, &crate::Links::none());
    assert!(!plain.contains("/rules#"));
    assert!(plain.contains(&format!("- **{}**", a.findings[0].rule)));
}
