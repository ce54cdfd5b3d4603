//! `kafka-topics.sh --describe` output, Kafka 0.11 to 4.x: one topic per header line
//! (`Topic: orders  TopicId: …  PartitionCount: 3  ReplicationFactor: 3  Configs: …`), its
//! partitions on the lines below (`  Topic: orders  Partition: 0  Leader: 1  Replicas: 1,2,3  …`).
//!
//! Each topic becomes a `topic` node with its partition count, `replication.factor` and every
//! entry of `Configs:` as a setting, typed and checked by [`Builder::setting`] (settings the
//! studio does not model are kept as strings). Read as well: the old layout without a space
//! after the colon (`Topic:orders  PartitionCount:3`), output whose tabs became spaces, `TopicId`,
//! `Elr`/`LastKnownElr`, reassignments, `MarkedForDeletion`, config values holding commas
//! (`leader.replication.throttled.replicas=0:1,1:2`: an entry ends only at a comma followed
//! by `name=`), and partition lines without their header (`--under-replicated-partitions`,
//! `--unavailable-partitions`): the partition count is then the highest partition listed + 1
//! and the replication factor the longest replica list, both said.
//!
//! The platform's own topics are imported marked `internal`: Kafka's (`__consumer_offsets`,
//! `__transaction_state`, `__cluster_metadata`), every other `__`-prefixed one (the prefix
//! Kafka reserves by convention and tools follow: `__amazon_msk_canary`, Strimzi's
//! `__strimzi_store_topic`) and Schema Registry's `_schemas`. They hold partitions on the
//! brokers like any other, so sizing should see them, and the flag tells the user and the
//! analysis that no producer of the design writes them.
//!
//! Not read: leaders, replica placement and ISR (the design has no brokers by id); the prompt
//! and command around pasted output are skipped without a word, other lines with a warning.

use std::collections::HashMap;

use design::rules::MAX_PARTITIONS;
use design::{Design, NodeKind};

use crate::build::Builder;
use crate::columns::{self, Skipped};
use crate::{Error, Format, Warning};

/// The design's name.
pub const DESIGN_NAME: &str = "Topics from kafka-topics.sh --describe";

/// Whether Kafka, or a tool around it, creates and writes the topic `name` itself: `__…`
/// (`__consumer_offsets`, `__transaction_state`, `__cluster_metadata`, …) and `_schemas`.
pub fn is_internal(name: &str) -> bool {
    name.starts_with("__") || name == "_schemas"
}

/// The keys of both kinds of line, as Kafka prints them without the colon.
const KEYS: [&str; 13] = [
    "Topic",
    "TopicId",
    "PartitionCount",
    "ReplicationFactor",
    "Configs",
    "Partition",
    "Leader",
    "Replicas",
    "Isr",
    "Elr",
    "LastKnownElr",
    "MarkedForDeletion",
    "Offline",
];

/// What was seen of one topic.
struct Seen {
    id: String,
    header: bool,
    /// The highest partition number on its partition lines, plus one.
    partitions_listed: u32,
    /// The longest replica list on its partition lines.
    replicas_listed: usize,
    first_line: usize,
    repeat_said: bool,
}

pub(crate) fn import(text: &str) -> Result<(Design, Vec<Warning>), Error> {
    let mut b = Builder::new(DESIGN_NAME);
    let mut skipped = Skipped::default();
    let mut seen: HashMap<String, Seen> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut read_any = false;
    let mut internal: Vec<String> = Vec::new();

    for (n, line) in columns::lines(text)? {
        if line.trim().is_empty() || columns::is_shell(line, "kafka-topics") {
            continue;
        }
        let fields = fields(line);
        let Some(topic) = get(&fields, "Topic").filter(|t| !t.is_empty()) else {
            skipped.line(
                &mut b,
                n,
                "not a line of kafka-topics.sh --describe output; skipped",
            );
            continue;
        };
        let is_header =
            get(&fields, "PartitionCount").is_some() || get(&fields, "ReplicationFactor").is_some();
        let partition = get(&fields, "Partition");
        if !is_header && partition.is_none() {
            skipped.line(
                &mut b,
                n,
                "a `Topic:` line with neither `PartitionCount:` nor `Partition:`; skipped",
            );
            continue;
        }
        read_any = true;
        let at = format!("line {n}");
        let Some(id) = b.node(NodeKind::Topic, topic, &at) else {
            continue;
        };
        if !seen.contains_key(&id) {
            order.push(id.clone());
            seen.insert(
                id.clone(),
                Seen {
                    id: id.clone(),
                    header: false,
                    partitions_listed: 0,
                    replicas_listed: 0,
                    first_line: n,
                    repeat_said: false,
                },
            );
            if is_internal(topic) {
                internal.push(topic.to_string());
                if let Some(node) = b.node_mut(&id) {
                    node.internal = Some(true);
                }
            }
        }
        let Some(entry) = seen.get_mut(&id) else {
            continue;
        };
        if is_header {
            if entry.header && !entry.repeat_said {
                entry.repeat_said = true;
                b.warn(Warning::at_line(
                    n,
                    format!("topic `{topic}` is described more than once; the last line wins"),
                ));
            }
            entry.header = true;
            header(&mut b, &id, topic, n, &fields);
        } else if let Some(p) = partition {
            match columns::parse_u64(p) {
                Ok(p) if p < u64::from(MAX_PARTITIONS) => {
                    entry.partitions_listed = entry.partitions_listed.max(p as u32 + 1);
                }
                Ok(_) | Err(true) => b.warn(Warning::at_line(
                    n,
                    format!("partition `{p}` is past the {MAX_PARTITIONS} a topic may have; not counted"),
                )),
                Err(false) => b.warn(Warning::at_line(
                    n,
                    format!("partition `{}` is not a number; not counted", clip(p)),
                )),
            }
            if let Some(r) = get(&fields, "Replicas") {
                let count = r.split(',').filter(|s| !s.trim().is_empty()).count();
                entry.replicas_listed = entry.replicas_listed.max(count);
            }
        }
    }
    if !read_any {
        return Err(columns::not_the_format(
            text,
            Format::KafkaTopicsDescribe,
            "no `Topic:` line with `PartitionCount:` or `Partition:` was found",
        ));
    }
    skipped.finish(&mut b);
    for id in order {
        let Some(s) = seen.remove(&id) else { continue };
        finish_topic(&mut b, s);
    }
    if !internal.is_empty() {
        b.warn(Warning::new(
            "text",
            format!(
                "{}{} imported as internal topics: Kafka writes them, not a producer of the design",
                internal.iter().take(10).cloned().collect::<Vec<_>>().join(", "),
                if internal.len() > 10 {
                    format!(" and {} more", internal.len() - 10)
                } else {
                    String::new()
                }
            ),
        ));
    }
    b.finish()
}

/// A header line's partition count, replication factor, settings and deletion mark.
fn header(b: &mut Builder, id: &str, topic: &str, n: usize, fields: &[(&str, &str)]) {
    let get = |key: &str| get(fields, key);
    let at = format!("line {n}");
    if let Some(count) = get("PartitionCount") {
        match columns::parse_u64(count) {
            Ok(c) if (1..=u64::from(MAX_PARTITIONS)).contains(&c) => {
                if let Some(node) = b.node_mut(id) {
                    node.partitions = Some(c as u32);
                }
            }
            Ok(c) if c > 0 => b.warn(Warning::at_line(
                n,
                format!("{c} partitions is more than the {MAX_PARTITIONS} a topic may have; left unset"),
            )),
            Err(true) => b.warn(Warning::at_line(
                n,
                format!("the partition count is more than the {MAX_PARTITIONS} a topic may have; left unset"),
            )),
            _ => b.warn(Warning::at_line(
                n,
                format!(
                    "partition count `{}` is not a positive whole number; left unset",
                    clip(count)
                ),
            )),
        }
    }
    if let Some(rf) = get("ReplicationFactor").filter(|v| !v.is_empty()) {
        b.setting(id, "replication.factor", rf, &at);
    }
    if let Some(configs) = get("Configs") {
        for (name, value) in config_entries(configs) {
            if name.is_empty() {
                b.warn(Warning::at_line(
                    n,
                    format!("config entry `{}` has no `name=`; skipped", clip(value)),
                ));
            } else if value == "null" {
                b.warn(Warning::at_line(
                    n,
                    format!("`{name}` is printed as null (a sensitive or unset value); left out"),
                ));
            } else {
                b.setting(id, name, value, &at);
            }
        }
    }
    if get("MarkedForDeletion").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        b.warn(Warning::at_line(
            n,
            format!("topic `{topic}` is marked for deletion; imported anyway"),
        ));
    }
}

/// What partition lines say of a topic whose header was missing, and checks of one that had it.
fn finish_topic(b: &mut Builder, s: Seen) {
    let at = format!("line {}", s.first_line);
    let declared = b.node_mut(&s.id).and_then(|n| n.partitions);
    if !s.header {
        let mut said = Vec::new();
        if s.partitions_listed > 0 {
            if let Some(node) = b.node_mut(&s.id) {
                node.partitions = Some(s.partitions_listed);
            }
            said.push(format!(
                "{} partitions (the highest partition listed + 1, at least)",
                s.partitions_listed
            ));
        }
        if s.replicas_listed > 0 {
            b.setting(&s.id, "replication.factor", &s.replicas_listed.to_string(), &at);
            said.push(format!(
                "replication factor {} (the longest replica list)",
                s.replicas_listed
            ));
        }
        let name = b.node_mut(&s.id).map(|n| n.name.clone()).unwrap_or_default();
        let what = if said.is_empty() {
            "nothing is known of its size".to_string()
        } else {
            format!("read from its partition lines: {}", said.join(", "))
        };
        b.warn(Warning::new(
            at,
            format!("topic `{name}` has partition lines but no header line (`PartitionCount:`); {what}"),
        ));
    } else if let Some(d) = declared {
        if s.partitions_listed > d {
            b.warn(Warning::new(
                at,
                format!(
                    "the header says {d} partitions but partition {} is listed; kept {d}",
                    s.partitions_listed - 1
                ),
            ));
        }
    }
}

/// The `Key: value` fields of a line, in order. A key is one of [`KEYS`] followed by a colon,
/// alone (`Topic:` `orders`) or with its value (`Topic:orders`), or `Adding Replicas:` /
/// `Removing Replicas:`; a value is the words up to the next key. After `Configs:` only
/// `MarkedForDeletion:` starts a field, so that no config value is taken for a key.
fn fields(line: &str) -> Vec<(&'static str, &str)> {
    let words: Vec<(usize, &str)> = line
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - line.as_ptr() as usize, w))
        .collect();
    let mut out = Vec::new();
    // (key, start byte of its value, end byte of its value)
    let mut current: Option<(&'static str, usize, usize)> = None;
    let mut in_configs = false;
    let mut i = 0;
    while i < words.len() {
        let (start, word) = words[i];
        let mut key: Option<(&'static str, usize)> = None;
        if in_configs {
            if word.starts_with("MarkedForDeletion:") {
                key = Some(("MarkedForDeletion", start + "MarkedForDeletion:".len()));
            }
        } else {
            if let ("Adding" | "Removing", Some(&(next, w2))) = (word, words.get(i + 1)) {
                if w2.starts_with("Replicas:") {
                    let k = if word == "Adding" {
                        "AddingReplicas"
                    } else {
                        "RemovingReplicas"
                    };
                    key = Some((k, next + "Replicas:".len()));
                    i += 1;
                }
            }
            if key.is_none() {
                key = KEYS
                    .iter()
                    .find(|k| word.strip_prefix(**k).is_some_and(|r| r.starts_with(':')))
                    .map(|k| (*k, start + k.len() + 1));
            }
        }
        let (s, w) = words[i];
        let word_end = s + w.len();
        match key {
            Some((k, value_start)) => {
                if let Some((ck, s, e)) = current.take() {
                    out.push((ck, slice(line, s, e)));
                }
                in_configs = k == "Configs";
                current = Some((k, value_start, word_end));
            }
            None => {
                if let Some(c) = current.as_mut() {
                    c.2 = word_end;
                }
            }
        }
        i += 1;
    }
    if let Some((ck, s, e)) = current {
        out.push((ck, slice(line, s, e)));
    }
    out
}

fn slice(line: &str, start: usize, end: usize) -> &str {
    if start >= end {
        return "";
    }
    line.get(start..end).unwrap_or("").trim()
}

/// The value of `key` among `fields`.
fn get<'a>(fields: &[(&str, &'a str)], key: &str) -> Option<&'a str> {
    fields.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// `a=1,b=x,y,c=3` → `(a, 1)`, `(b, x,y)`, `(c, 3)`: an entry ends at a comma followed by a
/// name and `=`; a comma followed by anything else belongs to the value.
fn config_entries(configs: &str) -> Vec<(&str, &str)> {
    let configs = configs.trim();
    let mut out = Vec::new();
    if configs.is_empty() {
        return out;
    }
    let bytes = configs.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b',' && starts_entry(&configs[i + 1..]) {
            out.push(entry(&configs[start..i]));
            start = i + 1;
        }
        i += 1;
    }
    out.push(entry(&configs[start..]));
    out
}

/// Whether `rest` begins with a setting name and `=` (`segment.bytes=…`).
fn starts_entry(rest: &str) -> bool {
    let name_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        .count();
    name_len > 0
        && rest.as_bytes().get(name_len) == Some(&b'=')
        && rest.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
}

fn entry(s: &str) -> (&str, &str) {
    match s.split_once('=') {
        Some((k, v)) => (k.trim(), v.trim()),
        None => ("", s.trim()),
    }
}

/// A value as a warning quotes it: at most 40 characters.
fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests;
