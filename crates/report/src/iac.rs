//! Topics as code: the design's topics for `kafka-topics.sh`, Strimzi and Terraform.
//!
//! Every topic gets its partitions (the design's, or the analysis' advice when unset), its
//! replication factor (`replication.factor`, or 3) and the topic-level settings the design sets.
//! User-typed names and values are quoted for each format, so that a topic called
//! `a"; rm -rf / #` stays a string everywhere.

use std::fmt::Write as _;

use analysis::flow::ASSUMED_REPLICATION_FACTOR;
use analysis::Analysis;
use design::defaults::as_i64;
use design::{Design, NodeKind};
use serde_json::Value;

/// One topic as the exports see it.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicSpec {
    pub id: String,
    pub name: String,
    pub partitions: u32,
    pub replication_factor: u32,
    /// Topic-level settings, by Kafka name, as strings (`replication.factor` excluded).
    pub config: Vec<(String, String)>,
}

/// The topics of `design`, in document order.
pub fn topic_specs(design: &Design, analysis: &Analysis) -> Vec<TopicSpec> {
    design
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Topic)
        .map(|t| {
            let advised = analysis
                .topics
                .iter()
                .find(|r| r.id == t.id)
                .map(|r| r.recommended_partitions);
            let rf = t
                .config
                .get("replication.factor")
                .and_then(as_i64)
                .and_then(|v| u32::try_from(v).ok())
                .unwrap_or(ASSUMED_REPLICATION_FACTOR);
            let config = t
                .config
                .iter()
                .filter(|(k, _)| k.as_str() != "replication.factor")
                .filter(|(k, _)| design::defaults::setting(k).is_none_or(|s| s.applies_to(NodeKind::Topic)))
                .map(|(k, v)| (k.clone(), value_text(v)))
                .collect();
            TopicSpec {
                id: t.id.clone(),
                name: t.name.clone(),
                partitions: t.partitions.or(advised).unwrap_or(1),
                replication_factor: rf,
                config,
            }
        })
        .collect()
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A POSIX shell word that the shell reads back as exactly `s` (a NUL, which no shell string
/// can hold and the validator refuses, is dropped).
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\0', "").replace('\'', r"'\''"))
}

/// A bash script that creates every topic with `kafka-topics.sh`.
pub fn kafka_topics_sh(design: &Design, specs: &[TopicSpec]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "#!/usr/bin/env bash");
    out.push_str(&header(design));
    let _ = writeln!(
        out,
        "# Usage: BOOTSTRAP_SERVERS=broker:9092 ./kafka-topics.sh   (extra arguments, e.g."
    );
    let _ = writeln!(
        out,
        "# --command-config client.properties, are passed to every kafka-topics.sh call)"
    );
    let _ = writeln!(out, "set -euo pipefail");
    let _ = writeln!(
        out,
        ": \"${{BOOTSTRAP_SERVERS:?set BOOTSTRAP_SERVERS to the bootstrap servers of the cluster}}\""
    );
    let _ = writeln!(out, "KAFKA_TOPICS=\"${{KAFKA_TOPICS:-kafka-topics.sh}}\"");
    for t in specs {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "\"$KAFKA_TOPICS\" --bootstrap-server \"$BOOTSTRAP_SERVERS\" \"$@\" --create --if-not-exists \\"
        );
        let _ = write!(
            out,
            "  --topic {} --partitions {} --replication-factor {}",
            shell_quote(&t.name),
            t.partitions,
            t.replication_factor
        );
        for (k, v) in &t.config {
            let _ = write!(out, " \\\n  --config {}", shell_quote(&format!("{k}={v}")));
        }
        let _ = writeln!(out);
    }
    out
}

/// A YAML double-quoted scalar that reads back as exactly `s`.
pub fn yaml_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            // YAML 1.1 (kubectl's) reads these three as line breaks even inside quotes.
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if c.is_control() => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            // Past U+FFFF `\u` holds only four digits: YAML and HCL both read eight after `\U`.
            c if !crate::text::is_inline(c) && (c as u32) > 0xFFFF => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
            c if !crate::text::is_inline(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Kubernetes object name (RFC 1123 subdomain) for a topic: lower case, `[a-z0-9.-]`, at most
/// 253 characters, alphanumeric at both ends; the real name goes to `spec.topicName`.
pub fn k8s_name(topic: &str) -> String {
    let mapped: String = topic
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let trimmed: String = mapped
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .chars()
        .take(253)
        .collect();
    let trimmed = trimmed
        .trim_end_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_string();
    if trimmed.is_empty() {
        "topic".into()
    } else {
        trimmed
    }
}

/// Strimzi `KafkaTopic` resources (`kafka.strimzi.io/v1beta2`), one YAML document per topic.
pub fn strimzi_yaml(design: &Design, specs: &[TopicSpec], cluster: &str) -> String {
    let mut out = String::new();
    out.push_str(&header(design));
    for t in specs {
        let _ = writeln!(out, "---");
        let _ = writeln!(out, "apiVersion: kafka.strimzi.io/v1beta2");
        let _ = writeln!(out, "kind: KafkaTopic");
        let _ = writeln!(out, "metadata:");
        let _ = writeln!(out, "  name: {}", yaml_quote(&k8s_name(&t.name)));
        let _ = writeln!(out, "  labels:");
        let _ = writeln!(out, "    strimzi.io/cluster: {}", yaml_quote(cluster));
        let _ = writeln!(out, "spec:");
        let _ = writeln!(out, "  topicName: {}", yaml_quote(&t.name));
        let _ = writeln!(out, "  partitions: {}", t.partitions);
        let _ = writeln!(out, "  replicas: {}", t.replication_factor);
        if !t.config.is_empty() {
            let _ = writeln!(out, "  config:");
            for (k, v) in &t.config {
                let _ = writeln!(out, "    {}: {}", yaml_quote(k), yaml_quote(v));
            }
        }
    }
    out
}

/// An HCL quoted string that Terraform reads back as exactly `s` (no interpolation).
pub fn hcl_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c); // `$${` and `%%{` are literal `${` and `%{`
            }
            // Past U+FFFF `\u` holds only four digits: YAML and HCL both read eight after `\U`.
            c if !crate::text::is_inline(c) && (c as u32) > 0xFFFF => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
            c if !crate::text::is_inline(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Terraform identifier for a resource: letters, digits, `_` and `-`, starting with a letter
/// or `_`.
pub fn hcl_identifier(s: &str) -> String {
    let mut id: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !id.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        id.insert(0, '_');
    }
    id
}

/// Terraform `confluent_kafka_topic` resources, formatted as `terraform fmt` writes them.
pub fn terraform(design: &Design, specs: &[TopicSpec]) -> String {
    let mut out = String::new();
    out.push_str(&header(design));
    let _ = writeln!(
        out,
        "# The cluster, REST endpoint and credentials come from the confluent provider block."
    );
    for t in specs {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "resource \"confluent_kafka_topic\" {} {{",
            hcl_quote(&hcl_identifier(&t.id))
        );
        let _ = writeln!(out, "  topic_name       = {}", hcl_quote(&t.name));
        let _ = writeln!(out, "  partitions_count = {}", t.partitions);
        // Confluent Cloud sets the replication factor itself; it is kept as a note.
        let _ = writeln!(out, "  # replication.factor = {}", t.replication_factor);
        if !t.config.is_empty() {
            let keys: Vec<String> = t.config.iter().map(|(k, _)| hcl_quote(k)).collect();
            let width = keys.iter().map(|k| k.chars().count()).max().unwrap_or(0);
            let _ = writeln!(out);
            let _ = writeln!(out, "  config = {{");
            for (key, (_, v)) in keys.iter().zip(&t.config) {
                let _ = writeln!(out, "    {key:<width$} = {}", hcl_quote(v));
            }
            let _ = writeln!(out, "  }}");
        }
        let _ = writeln!(out, "}}");
    }
    out
}

/// The first comment line of every export: which design it comes from.
fn header(design: &Design) -> String {
    format!(
        "# Topics of the design {} (Kafka Design Studio).\n",
        comment_text(&design.name)
    )
}

/// Text for a `#` comment line: one line, nothing a reader takes for a line break.
fn comment_text(s: &str) -> String {
    crate::text::one_line(s).into_owned()
}
