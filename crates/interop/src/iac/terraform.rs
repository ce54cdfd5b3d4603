//! Terraform topic resources read from HCL: `confluent_kafka_topic` (Confluent's provider) and
//! `kafka_topic` (Mongey's). Warnings name the line of what they are about.

use std::collections::HashSet;

use design::Design;

use super::hcl::{Block, Parser, Top, Value};
use super::{builder, clip, set_partitions, topic};
use crate::build::Builder;
use crate::{Error, Warning};

const CONFLUENT: &str = "confluent_kafka_topic";
const MONGEY: &str = "kafka_topic";
/// Confluent Cloud's partition count when `partitions_count` is not set.
const CONFLUENT_DEFAULT_PARTITIONS: &str = "6";
/// Kinds of skipped blocks said one by one; past this, the rest are skipped without a word.
const MAX_SKIPPED_KINDS: usize = 100;

pub(super) fn import(text: &str) -> Result<(Design, Vec<Warning>), Error> {
    let mut b = builder(text);
    let mut parser = Parser::new(text);
    let mut skipped: HashSet<String> = HashSet::new();
    let keep = |kind: &str, labels: &[String]| {
        kind == "resource" && labels.first().is_some_and(|t| is_topic_type(t))
    };
    while let Some(top) = parser.next_top(&keep)? {
        let (what, line) = match top {
            Top::Block(block) if keep(&block.kind, &block.labels) => {
                resource(&mut b, &block);
                continue;
            }
            Top::Block(block) => {
                let what = match (block.kind.as_str(), block.labels.first()) {
                    (kind @ ("resource" | "data"), Some(t)) => format!("{kind} \"{}\"", clip(t)),
                    (kind, _) => clip(kind),
                };
                (what, block.line)
            }
            Top::Attribute { name, line } => (format!("the attribute `{}`", clip(&name)), line),
        };
        if skipped.len() < MAX_SKIPPED_KINDS && skipped.insert(what.clone()) {
            let message = if skipped.len() == MAX_SKIPPED_KINDS {
                format!("{what} is not a Kafka topic; skipped, as are the blocks of other kinds after it")
            } else {
                format!("{what} is not a Kafka topic; skipped (said for its first block only)")
            };
            b.warn(Warning::at_line(line, message));
        }
    }
    b.finish()
}

fn is_topic_type(t: &str) -> bool {
    t == CONFLUENT || t == MONGEY
}

fn resource(b: &mut Builder, block: &Block) {
    let confluent = block.labels.first().is_some_and(|t| t == CONFLUENT);
    let label = block.labels.get(1).map_or("", String::as_str);
    let (name_field, partitions_field) = if confluent {
        ("topic_name", "partitions_count")
    } else {
        ("name", "partitions")
    };
    // the last assignment of a name counts, as Terraform refuses repeats anyway
    let get = |name: &str| block.body.attributes.iter().rev().find(|a| a.name == name);
    for meta in ["for_each", "count"] {
        if let Some(a) = get(meta) {
            b.warn(Warning::at_line(
                a.line,
                format!(
                    "`{meta}` makes copies of `{}` known only when Terraform runs; it is read once",
                    clip(label)
                ),
            ));
        }
    }
    let name = match get(name_field).map(|a| (&a.value, a.line)) {
        Some((Value::Str(s) | Value::Num(s), _)) => s.clone(),
        Some((Value::Unknown(expr), line)) => {
            b.warn(Warning::at_line(
                line,
                format!(
                    "the topic name `{}` is known only when Terraform runs; the resource `{}` is skipped",
                    clip(expr),
                    clip(label)
                ),
            ));
            return;
        }
        Some((_, line)) => {
            b.warn(Warning::at_line(
                line,
                format!("`{name_field}` is not a string; the resource is skipped"),
            ));
            return;
        }
        None => {
            b.warn(Warning::at_line(
                block.line,
                format!("the resource `{}` has no `{name_field}`; skipped", clip(label)),
            ));
            return;
        }
    };
    let Some(id) = topic(b, &name, &format!("line {}", block.line)) else {
        return;
    };
    if let Some(config) = get("config") {
        settings(b, &id, &config.value, config.line);
    }
    match get(partitions_field) {
        Some(a) => match &a.value {
            Value::Num(n) | Value::Str(n) => set_partitions(b, &id, n, &format!("line {}", a.line)),
            Value::Null => {}
            Value::Unknown(expr) => b.warn(Warning::at_line(
                a.line,
                format!(
                    "`{partitions_field}` is `{}`, known only when Terraform runs; the partition count is left unset",
                    clip(expr)
                ),
            )),
            _ => b.warn(Warning::at_line(
                a.line,
                format!("`{partitions_field}` is not a number; the partition count is left unset"),
            )),
        },
        None if confluent => {
            b.warn(Warning::at_line(
                block.line,
                "no `partitions_count`: Confluent Cloud's default of 6 partitions is taken",
            ));
            set_partitions(b, &id, CONFLUENT_DEFAULT_PARTITIONS, &format!("line {}", block.line));
        }
        None => {}
    }
    if confluent {
        // the studio's export notes the replication factor, which Confluent Cloud sets itself
        for (line, text) in &block.body.comments {
            if let Some(rf) = replication_comment(text) {
                b.setting(&id, "replication.factor", rf, &format!("line {line}"));
            }
        }
    } else if let Some(a) = get("replication_factor") {
        match &a.value {
            Value::Num(n) | Value::Str(n) => {
                b.setting(&id, "replication.factor", n, &format!("line {}", a.line))
            }
            Value::Null => {}
            Value::Unknown(expr) => b.warn(Warning::at_line(
                a.line,
                format!(
                    "`replication_factor` is `{}`, known only when Terraform runs; left unset",
                    clip(expr)
                ),
            )),
            _ => b.warn(Warning::at_line(
                a.line,
                "`replication_factor` is not a number; left unset",
            )),
        }
    }
}

/// The `config = { "name" = "value", … }` map.
fn settings(b: &mut Builder, id: &str, config: &Value, line: usize) {
    let items = match config {
        Value::Object(items) => items,
        Value::Null => return,
        Value::Unknown(expr) => {
            b.warn(Warning::at_line(
                line,
                format!(
                    "`config` is `{}`, known only when Terraform runs; no settings are read",
                    clip(expr)
                ),
            ));
            return;
        }
        _ => {
            b.warn(Warning::at_line(
                line,
                "`config` is not a map; no settings are read",
            ));
            return;
        }
    };
    for item in items {
        let key = match &item.key {
            Value::Str(k) => k,
            Value::Unknown(expr) => {
                b.warn(Warning::at_line(
                    item.line,
                    format!(
                        "the setting name `{}` is known only when Terraform runs; left out",
                        clip(expr)
                    ),
                ));
                continue;
            }
            _ => {
                b.warn(Warning::at_line(
                    item.line,
                    "a setting name that is not a string is left out",
                ));
                continue;
            }
        };
        let location = format!("line {}", item.line);
        match &item.value {
            Value::Str(v) | Value::Num(v) => b.setting(id, key, v, &location),
            Value::Bool(v) => b.setting(id, key, &v.to_string(), &location),
            Value::Null => {}
            Value::Unknown(expr) => b.warn(Warning::new(
                location,
                format!(
                    "`{}` is `{}`, known only when Terraform runs; left unset",
                    clip(key),
                    clip(expr)
                ),
            )),
            Value::Object(_) | Value::Tuple(_) => b.warn(Warning::new(
                location,
                format!("`{}` is not a string; left out", clip(key)),
            )),
        }
    }
}

/// `N` from a comment `replication.factor = N`.
fn replication_comment(text: &str) -> Option<&str> {
    let rest = text.trim().strip_prefix("replication.factor")?.trim_start();
    let rest = rest.strip_prefix('=').or_else(|| rest.strip_prefix(':'))?.trim();
    (!rest.is_empty() && rest.bytes().all(|c| c.is_ascii_digit())).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(text: &str) -> (Design, Vec<Warning>) {
        import(text).unwrap()
    }

    #[test]
    fn the_studio_export_shape_is_read() {
        let (d, w) = read(
            "# Topics of the design shop (Kafka Design Studio).\n# The cluster, REST endpoint and credentials come from the confluent provider block.\n\nresource \"confluent_kafka_topic\" \"orders\" {\n  topic_name       = \"orders \\\"x\\\" $${y}\"\n  partitions_count = 12\n  # replication.factor = 3\n\n  config = {\n    \"cleanup.policy\"      = \"compact\"\n    \"min.insync.replicas\" = \"2\"\n  }\n}\n",
        );
        assert_eq!(w, []);
        assert_eq!(d.name, "shop");
        let t = &d.nodes[0];
        assert_eq!((t.name.as_str(), t.partitions), ("orders \"x\" ${y}", Some(12)));
        assert_eq!(t.config["replication.factor"], json!(3));
        assert_eq!(t.config["cleanup.policy"], json!("compact"));
        assert_eq!(t.config["min.insync.replicas"], json!(2));
    }

    #[test]
    fn expressions_are_said_by_line_and_left_unset() {
        let (d, w) = read(
            "variable \"p\" {}\nresource \"confluent_kafka_topic\" \"a\" {\n  topic_name       = \"a\"\n  partitions_count = var.p\n  config = {\n    \"retention.ms\" = var.r\n    (local.k)      = \"1\"\n  }\n}\nresource \"confluent_kafka_topic\" \"b\" {\n  topic_name = \"${var.env}-b\"\n}\nresource \"confluent_kafka_acl\" \"x\" {}\nresource \"confluent_kafka_acl\" \"y\" {}\nresource \"kafka_topic\" \"c\" {\n  for_each = var.m\n  name = \"c\"\n  partitions = 99999999999\n  replication_factor = -1\n  config = each.value\n}\n",
        );
        let at: Vec<(&str, &str)> = w
            .iter()
            .map(|w| (w.location.as_str(), &w.message[..w.message.len().min(25)]))
            .collect();
        assert_eq!(
            at,
            [
                ("line 1", "variable is not a Kafka t"),
                ("line 6", "`retention.ms` is `var.r`"),
                ("line 7", "the setting name `(local."),
                ("line 4", "`partitions_count` is `va"),
                ("line 11", "the topic name `\"${var.en"),
                ("line 13", "resource \"confluent_kafka"),
                ("line 16", "`for_each` makes copies o"),
                ("line 20", "`config` is `each.value`,"),
                ("line 18", "99999999999 partitions is"),
                ("line 19", "`replication.factor` is l"),
            ]
        );
        let names: Vec<&str> = d.nodes.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["a", "c"]);
        assert!(d
            .nodes
            .iter()
            .all(|n| n.partitions.is_none() && n.config.is_empty()));
    }

    #[test]
    fn confluent_default_partitions_are_taken_and_said() {
        let (d, w) = read("resource \"confluent_kafka_topic\" \"o\" {\n  topic_name = \"o\"\n}\n");
        assert_eq!(d.nodes[0].partitions, Some(6));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].location, "line 1");
    }

    #[test]
    fn replication_comments() {
        assert_eq!(replication_comment("replication.factor = 3"), Some("3"));
        assert_eq!(replication_comment(" replication.factor: 2 "), Some("2"));
        assert_eq!(replication_comment("replication.factor = three"), None);
        assert_eq!(replication_comment("replication.factors = 3"), None);
    }

    #[test]
    fn not_hcl_is_a_syntax_error() {
        for text in [
            "{\"a\": 1}",
            "resource \"confluent_kafka_topic\" \"a\" {\n topic_name = \"a\n}\n",
            "<html>",
        ] {
            let e = import(text).unwrap_err();
            assert!(e.position().is_some(), "{text}: {e:?}");
        }
    }
}
