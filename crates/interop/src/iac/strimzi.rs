//! Strimzi `KafkaTopic` resources in a YAML stream, read through the bounded YAML reader.
//! Warnings name the document (1-based, in the stream's order) and the path in it.

use design::Design;
use serde_json::{Map, Value};

use super::{builder, scalar_text, set_partitions, topic};
use crate::build::Builder;
use crate::{yaml, Error, Format, Warning};

const GROUP: &str = "kafka.strimzi.io";
const VERSIONS: [&str; 4] = ["v1", "v1beta2", "v1beta1", "v1alpha1"];

pub(super) fn import(text: &str) -> Result<(Design, Vec<Warning>), Error> {
    let docs = yaml::documents(text, Format::Strimzi)?;
    let mut b = builder(text);
    for (i, doc) in docs.iter().enumerate() {
        let at = Place {
            doc: format!("document {}", i + 1),
            base: String::new(),
        };
        resource(&mut b, doc, &at, true);
    }
    b.finish()
}

/// Where a resource is: its document and, inside a `List`, its item.
struct Place {
    doc: String,
    /// `items[3].` inside a `List`, else empty.
    base: String,
}

impl Place {
    /// The resource itself (`document 2`, `document 2: items[0]`).
    fn whole(&self) -> String {
        match self.base.strip_suffix('.') {
            Some(item) => format!("{}: {item}", self.doc),
            None => self.doc.clone(),
        }
    }

    /// A path in the resource (`document 2: spec.partitions`).
    fn at(&self, path: &str) -> String {
        format!("{}: {}{path}", self.doc, self.base)
    }
}

fn resource(b: &mut Builder, doc: &Value, at: &Place, top: bool) {
    let map = match doc {
        Value::Null => return, // an empty document, such as the comments before the first `---`
        Value::Object(map) => map,
        _ => {
            b.warn(Warning::new(
                at.whole(),
                "not a Kubernetes resource (a mapping with `kind`); skipped",
            ));
            return;
        }
    };
    match map.get("kind").and_then(Value::as_str) {
        Some("KafkaTopic") => kafka_topic(b, map, at),
        Some(kind) if top && kind.ends_with("List") && map.get("items").is_some_and(Value::is_array) => {
            let items = map
                .get("items")
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice);
            for (i, item) in items.iter().enumerate() {
                let inner = Place {
                    doc: at.doc.clone(),
                    base: format!("items[{i}]."),
                };
                resource(b, item, &inner, false);
            }
        }
        Some(kind) => b.warn(Warning::new(
            format!("{} (kind: {})", at.whole(), super::clip(kind)),
            "not a KafkaTopic; skipped",
        )),
        None => b.warn(Warning::new(at.whole(), "a resource without `kind`; skipped")),
    }
}

fn kafka_topic(b: &mut Builder, map: &Map<String, Value>, at: &Place) {
    let api = map.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let (group, version) = api.split_once('/').unwrap_or((api, ""));
    if group != GROUP {
        b.warn(Warning::new(
            at.at("apiVersion"),
            format!(
                "`{}` is not Strimzi's API ({GROUP}); the KafkaTopic is skipped",
                super::clip(api)
            ),
        ));
        return;
    }
    if !VERSIONS.contains(&version) {
        b.warn(Warning::new(
            at.at("apiVersion"),
            format!(
                "`{}` is a version of Strimzi's API this reader does not know; read as v1",
                super::clip(api)
            ),
        ));
    }
    let empty = Map::new();
    let spec = match map.get("spec") {
        Some(Value::Object(spec)) => spec,
        None | Some(Value::Null) => &empty,
        Some(_) => {
            b.warn(Warning::new(
                at.at("spec"),
                "not a mapping; the topic's values are not read",
            ));
            &empty
        }
    };
    let metadata_name = map
        .get("metadata")
        .and_then(|m| m.get("name"))
        .and_then(scalar_name);
    let name = match spec.get("topicName") {
        None | Some(Value::Null) => metadata_name,
        Some(v) => match scalar_name(v) {
            Some(n) => Some(n),
            None => {
                b.warn(Warning::new(
                    at.at("spec.topicName"),
                    "not a name; `metadata.name` is used",
                ));
                metadata_name
            }
        },
    };
    let Some(name) = name else {
        b.warn(Warning::new(
            at.whole(),
            "a KafkaTopic with neither `spec.topicName` nor `metadata.name`; skipped",
        ));
        return;
    };
    let Some(id) = topic(b, &name, &at.whole()) else {
        return;
    };
    match spec.get("config") {
        None | Some(Value::Null) => {}
        Some(Value::Object(config)) => {
            for (key, value) in config {
                let loc = at.at(&format!("spec.config.{key}"));
                match scalar_text(value) {
                    Some(text) => b.setting(&id, key, &text, &loc),
                    None if value.is_null() => {}
                    None => b.warn(Warning::new(loc, "not a value Kafka takes; left out")),
                }
            }
        }
        Some(_) => b.warn(Warning::new(
            at.at("spec.config"),
            "not a mapping; no settings are read",
        )),
    }
    match spec.get("partitions") {
        None | Some(Value::Null) => {}
        Some(v) => match scalar_text(v).filter(|_| !v.is_array()) {
            Some(text) => set_partitions(b, &id, &text, &at.at("spec.partitions")),
            None => b.warn(Warning::new(
                at.at("spec.partitions"),
                "not a number; the partition count is left unset",
            )),
        },
    }
    match spec.get("replicas") {
        None | Some(Value::Null) => {}
        Some(v) => match scalar_text(v).filter(|_| !v.is_array()) {
            Some(text) => b.setting(&id, "replication.factor", &text, &at.at("spec.replicas")),
            None => b.warn(Warning::new(
                at.at("spec.replicas"),
                "not a number; the replication factor is left unset",
            )),
        },
    }
}

/// A name from a YAML scalar (a string, or a number or boolean written bare).
fn scalar_name(v: &Value) -> Option<String> {
    match v {
        Value::String(_) | Value::Number(_) | Value::Bool(_) => scalar_text(v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(text: &str) -> (Design, Vec<Warning>) {
        import(text).unwrap()
    }

    #[test]
    fn a_topic_with_every_field() {
        let (d, w) = read(
            "# Topics of the design shop (Kafka Design Studio).\n---\napiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopic\nmetadata:\n  name: orders-v1\nspec:\n  topicName: \"Orders.V1\"\n  partitions: 12\n  replicas: 3\n  config:\n    cleanup.policy: [compact, delete]\n    min.insync.replicas: \"2\"\n    unclean.leader.election.enable: false\n    retention.ms: 604800000\n    custom.thing: 1.5\n",
        );
        assert_eq!(w, []);
        assert_eq!(d.name, "shop");
        let t = &d.nodes[0];
        assert_eq!((t.name.as_str(), t.partitions), ("Orders.V1", Some(12)));
        assert_eq!(t.config["replication.factor"], json!(3));
        assert_eq!(t.config["cleanup.policy"], json!("compact,delete"));
        assert_eq!(t.config["min.insync.replicas"], json!(2));
        assert_eq!(t.config["unclean.leader.election.enable"], json!(false));
        assert_eq!(t.config["retention.ms"], json!(604_800_000));
        assert_eq!(t.config["custom.thing"], json!("1.5"));
    }

    #[test]
    fn other_kinds_and_bad_values_are_said_with_their_path() {
        let (d, w) = read(
            "kind: Kafka\napiVersion: kafka.strimzi.io/v1\n---\nkind: KafkaTopic\napiVersion: kafka.strimzi.io/v1\nmetadata: {name: a}\nspec:\n  partitions: 0\n  replicas: 9\n  config:\n    cleanup.policy: shred\n    x: {y: 1}\n---\n- 1\n---\nkind: KafkaTopic\napiVersion: example.com/v1\nmetadata: {name: b}\n---\nkind: KafkaTopic\napiVersion: kafka.strimzi.io/v1\nspec: {partitions: 4294967296}\n---\nkind: KafkaTopic\napiVersion: kafka.strimzi.io/v1\nmetadata: {name: c}\nspec: {partitions: [1]}\n",
        );
        let at: Vec<&str> = w.iter().map(|w| w.location.as_str()).collect();
        assert_eq!(
            at,
            [
                "document 1 (kind: Kafka)",
                "document 2: spec.config.cleanup.policy",
                "document 2: spec.config.x",
                "document 2: spec.partitions",
                "document 2: spec.replicas",
                "document 3",
                "document 4: apiVersion",
                "document 5",
                "document 6: spec.partitions",
            ]
        );
        assert!(
            w[3].message.contains("0 partitions is outside 1..=10000"),
            "{}",
            w[3].message
        );
        let names: Vec<&str> = d.nodes.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["a", "c"]);
        assert_eq!(d.nodes[0].partitions, None);
        assert!(d.nodes[0].config.is_empty());
    }

    #[test]
    fn a_list_of_resources_is_read_item_by_item() {
        let (d, w) = read(
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: kafka.strimzi.io/v1\n  kind: KafkaTopic\n  metadata: {name: a}\n  spec: {partitions: 2}\n- apiVersion: kafka.strimzi.io/v1\n  kind: KafkaUser\n  metadata: {name: u}\n",
        );
        assert_eq!(d.nodes.len(), 1);
        assert_eq!(d.nodes[0].partitions, Some(2));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].location, "document 1: items[1] (kind: KafkaUser)");
    }

    #[test]
    fn a_topic_defined_twice_is_one_topic_with_the_later_values() {
        let doc = |p: u32| {
            format!("kind: KafkaTopic\napiVersion: kafka.strimzi.io/v1\nmetadata: {{name: a}}\nspec: {{partitions: {p}}}\n")
        };
        let (d, w) = read(&format!("{}---\n{}", doc(1), doc(4)));
        assert_eq!(d.nodes.len(), 1);
        assert_eq!(d.nodes[0].partitions, Some(4));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].location, "document 2");
    }

    #[test]
    fn syntax_and_limits() {
        let e = import("kind: KafkaTopic\nmetadata: {name: \"a\nspec: [\n").unwrap_err();
        assert!(
            matches!(
                e,
                Error::Syntax {
                    format: Format::Strimzi,
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(e.position().is_some_and(|(l, c)| l >= 2 && c >= 1));
        let deep = format!(
            "kind: KafkaTopic\nspec: {}{}\n",
            "[".repeat(5_000),
            "]".repeat(5_000)
        );
        assert!(matches!(import(&deep), Err(Error::Limit { .. })));
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            bomb.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(matches!(import(&bomb), Err(Error::Limit { .. })));
        // a number past 64 bits is refused by the YAML reader itself, with its place
        let e = import("kind: KafkaTopic\nspec:\n  partitions: 99999999999999999999999\n").unwrap_err();
        assert_eq!(e.position(), Some((3, 15)), "{e:?}");
        let (d, w) = read("kind: KafkaTopic\napiVersion: kafka.strimzi.io/v1\nmetadata: {name: big}\nspec: {partitions: 4294967296, replicas: 18446744073709551615}\n");
        assert_eq!(d.nodes[0].partitions, None);
        assert!(
            w[0].message.starts_with("4294967296 partitions is outside"),
            "{w:?}"
        );
        assert_eq!(w[1].location, "document 1: spec.replicas");
        let (d, w) = read("");
        assert!(d.nodes.is_empty() && w.is_empty());
    }
}
