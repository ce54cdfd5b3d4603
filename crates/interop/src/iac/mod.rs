//! The studio's own topics-as-code exports read back, and hand-written files of the same kinds:
//!
//! * **Strimzi** ([`import_strimzi`]): a YAML stream of `KafkaTopic` resources
//!   (`kafka.strimzi.io/v1`, `v1beta2`, `v1beta1`, `v1alpha1`). The topic's name is
//!   `spec.topicName`, else `metadata.name`; `spec.partitions`; `spec.replicas` becomes
//!   `replication.factor`; every `spec.config` entry becomes a setting (numbers and booleans
//!   as Kafka prints them, a list such as `[compact, delete]` as `compact,delete`). Other kinds
//!   (`Kafka`, `KafkaUser`, `KafkaNodePool`, …) are skipped with a warning; a `List`'s items are
//!   read one by one.
//! * **Terraform** ([`import_terraform`]): `confluent_kafka_topic` resources (`topic_name`,
//!   `partitions_count`, `config`, and the `# replication.factor = N` comment the studio's export
//!   writes, since Confluent Cloud sets the replication factor itself) and the Mongey provider's
//!   `kafka_topic` (`name`, `partitions`, `replication_factor`, `config`). The file is read as
//!   HCL ([`hcl`]), not as text: comments, escapes, heredocs and nested blocks are understood.
//!   A value that is an expression (`var.partitions`, `"${var.env}-orders"`) is known only when
//!   Terraform runs: the field is left unset with a warning naming its line, and a topic whose
//!   name is an expression is skipped. Every other block (`provider`, `variable`, other
//!   resource types) is skipped, said once per type.
//!
//! Both read the design's name from the export's first line
//! (`# Topics of the design <name> (Kafka Design Studio).`) when it is there.
//!
//! Not done: no Terraform evaluation (variables, locals, `for_each`, modules), no Kubernetes
//! objects besides Strimzi's topics (the `Kafka` resource's broker settings are not read).

mod hcl;
mod strimzi;
mod terraform;

use design::rules::MAX_PARTITIONS;
use design::{Design, NodeKind};
use serde_json::Value;

use crate::build::Builder;
use crate::{Error, Warning};

/// Strimzi `KafkaTopic` resources (see the module documentation).
pub(crate) fn import_strimzi(text: &str) -> Result<(Design, Vec<Warning>), Error> {
    strimzi::import(text)
}

/// Terraform `confluent_kafka_topic` and `kafka_topic` resources (see the module documentation).
pub(crate) fn import_terraform(text: &str) -> Result<(Design, Vec<Warning>), Error> {
    terraform::import(text)
}

const HEADER_START: &str = "Topics of the design ";
const HEADER_END: &str = " (Kafka Design Studio).";

/// The design's name from the header comment of the studio's exports, among the comment lines
/// the text starts with.
fn header_name(text: &str) -> Option<String> {
    for line in text.trim_start_matches('\u{feff}').lines().take(100) {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let comment = t.strip_prefix('#').or_else(|| t.strip_prefix("//"))?;
        if let Some(name) = comment
            .trim()
            .strip_prefix(HEADER_START)
            .and_then(|rest| rest.strip_suffix(HEADER_END))
        {
            return Some(name.to_string());
        }
    }
    None
}

/// A builder for a design called as the header says (or the builder's default name).
fn builder(text: &str) -> Builder {
    Builder::new(&header_name(text).unwrap_or_default())
}

/// The topic called `name`: made, or found again (said: the later values win).
fn topic(b: &mut Builder, name: &str, location: &str) -> Option<String> {
    if b.find(NodeKind::Topic, name).is_some() {
        b.warn(Warning::new(
            location,
            format!(
                "the topic `{}` is defined again; the later values win",
                clip(name)
            ),
        ));
    }
    b.node(NodeKind::Topic, name, location)
}

/// Sets the partition count of topic `id` from its text, or says why not.
fn set_partitions(b: &mut Builder, id: &str, text: &str, location: &str) {
    match partitions(text) {
        Ok(n) => {
            if let Some(node) = b.node_mut(id) {
                node.partitions = Some(n);
            }
        }
        Err(why) => b.warn(Warning::new(
            location,
            format!("{why}; the partition count is left unset"),
        )),
    }
}

/// A partition count from its text: a whole number in `1..=MAX_PARTITIONS`.
fn partitions(text: &str) -> Result<u32, String> {
    let t = text.trim();
    let digits = t.strip_prefix('+').unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return Err(format!("`{}` is not a partition count", clip(t)));
    }
    let trimmed = digits.trim_start_matches('0');
    let shown = if trimmed.is_empty() { "0" } else { trimmed };
    match shown.parse::<u32>() {
        Ok(n) if (1..=MAX_PARTITIONS).contains(&n) => Ok(n),
        _ => Err(format!(
            "{} partitions is outside 1..={MAX_PARTITIONS}",
            clip(shown)
        )),
    }
}

/// A YAML/JSON scalar as Kafka prints it (`7200000`, `true`, `compact`); a list of scalars as
/// Kafka's comma-separated list. `None` for null, mappings and nested lists.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (_, Some(u), _) => u.to_string(),
            (_, _, Some(f)) => format!("{f}"),
            _ => n.to_string(),
        }),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::Array(_) => None,
                other => scalar_text(other),
            })
            .collect::<Option<Vec<_>>>()
            .map(|parts| parts.join(",")),
        Value::Null | Value::Object(_) => None,
    }
}

/// `s` on one line and at most 60 characters, for messages.
fn clip(s: &str) -> String {
    let one: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if one.chars().count() > 60 {
        format!("{}…", one.chars().take(60).collect::<String>())
    } else {
        one
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_header_names_the_design() {
        assert_eq!(
            header_name("# Topics of the design orders platform (Kafka Design Studio).\n---\n").as_deref(),
            Some("orders platform")
        );
        assert_eq!(
            header_name("\n# other\n// Topics of the design a (b) (Kafka Design Studio).\nx").as_deref(),
            Some("a (b)")
        );
        assert_eq!(
            header_name("x: 1\n# Topics of the design late (Kafka Design Studio).\n"),
            None
        );
        assert_eq!(header_name(""), None);
    }

    #[test]
    fn partition_counts_are_whole_numbers_in_range() {
        assert_eq!(partitions(" 12 "), Ok(12));
        assert_eq!(partitions("+3"), Ok(3));
        assert_eq!(partitions("10000"), Ok(10_000));
        for bad in [
            "0",
            "000",
            "10001",
            "4294967296",
            "99999999999999999999999999",
            "-1",
            "1.5",
            "",
            "six",
            "1e3",
        ] {
            assert!(partitions(bad).is_err(), "{bad}");
        }
        assert_eq!(
            partitions("4294967296").unwrap_err(),
            "4294967296 partitions is outside 1..=10000"
        );
        assert_eq!(partitions("00").unwrap_err(), "0 partitions is outside 1..=10000");
    }

    #[test]
    fn scalars_print_as_kafka_prints_them() {
        assert_eq!(scalar_text(&json!(7200000)).as_deref(), Some("7200000"));
        assert_eq!(
            scalar_text(&json!(u64::MAX)).as_deref(),
            Some("18446744073709551615")
        );
        assert_eq!(scalar_text(&json!(0.5)).as_deref(), Some("0.5"));
        assert_eq!(
            scalar_text(&json!(1e23)).as_deref(),
            Some("100000000000000000000000")
        );
        assert_eq!(scalar_text(&json!(false)).as_deref(), Some("false"));
        assert_eq!(
            scalar_text(&json!(["compact", "delete"])).as_deref(),
            Some("compact,delete")
        );
        assert_eq!(scalar_text(&json!([["x"]])), None);
        assert_eq!(scalar_text(&json!({"a": 1})), None);
        assert_eq!(scalar_text(&Value::Null), None);
    }
}
