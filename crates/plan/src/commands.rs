//! The exact shell commands of the steps. Every name read from a design is shell-quoted
//! ([`shell_quote`], the same quoting as `report::iac::shell_quote`, which this crate cannot
//! depend on: `report` depends on it), and names in URLs are percent-encoded. The operator sets
//! `$BOOTSTRAP` (the bootstrap servers), `$SCHEMA_REGISTRY` and `$CONNECT` (the REST URLs).

/// A POSIX shell word that the shell reads back as exactly `s` (a NUL is dropped).
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\0', "").replace('\'', r"'\''"))
}

/// `s` percent-encoded for one path segment of a URL: every byte but `A-Z a-z 0-9 - . _ ~`.
/// The result holds no character the shell reads inside double quotes.
pub fn url_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A safe file name stem: ASCII letters, digits, `-`, `_` and `.`, the rest `-`, at most 100
/// characters, never empty nor starting with `-` or `.`.
pub fn file_stem(s: &str) -> String {
    let stem: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .take(100)
        .collect();
    let stem = stem.trim_start_matches(['-', '.']).to_string();
    if stem.is_empty() {
        "topic".into()
    } else {
        stem
    }
}

const TOPICS: &str = "kafka-topics.sh --bootstrap-server \"$BOOTSTRAP\"";
const CONFIGS: &str = "kafka-configs.sh --bootstrap-server \"$BOOTSTRAP\"";
const REASSIGN: &str = "kafka-reassign-partitions.sh --bootstrap-server \"$BOOTSTRAP\"";
const GROUPS: &str = "kafka-consumer-groups.sh --bootstrap-server \"$BOOTSTRAP\"";
const SR_JSON: &str = "-H 'Content-Type: application/vnd.schemaregistry.v1+json'";

/// `key=value` for `--config` / `--add-config`: a value holding a comma is bracketed, as
/// `kafka-configs.sh` reads lists (`cleanup.policy=[compact,delete]`).
pub fn config_pair(key: &str, value: &str) -> String {
    if value.contains(',') {
        format!("{key}=[{value}]")
    } else {
        format!("{key}={value}")
    }
}

pub fn create_topic(name: &str, partitions: u32, rf: u32, config: &[(String, String)]) -> String {
    let mut cmd = format!(
        "{TOPICS} --create --topic {} --partitions {partitions} --replication-factor {rf}",
        shell_quote(name)
    );
    for (k, v) in config {
        cmd.push_str(&format!(" --config {}", shell_quote(&format!("{k}={v}"))));
    }
    cmd
}

pub fn delete_topic(name: &str) -> String {
    format!("{TOPICS} --delete --topic {}", shell_quote(name))
}

pub fn alter_partitions(name: &str, partitions: u32) -> String {
    format!(
        "{TOPICS} --alter --topic {} --partitions {partitions}",
        shell_quote(name)
    )
}

pub fn add_config(topic: &str, key: &str, value: &str) -> String {
    format!(
        "{CONFIGS} --entity-type topics --entity-name {} --alter --add-config {}",
        shell_quote(topic),
        shell_quote(&config_pair(key, value))
    )
}

pub fn delete_config(topic: &str, key: &str) -> String {
    format!(
        "{CONFIGS} --entity-type topics --entity-name {} --alter --delete-config {}",
        shell_quote(topic),
        shell_quote(key)
    )
}

pub fn reassign_execute(file: &str, throttle_bytes_per_sec: f64) -> String {
    format!(
        "{REASSIGN} --reassignment-json-file {} --execute --throttle {}",
        shell_quote(file),
        throttle_bytes_per_sec.max(0.0).round() as u64
    )
}

pub fn reassign_verify(file: &str) -> String {
    format!(
        "{REASSIGN} --reassignment-json-file {} --verify",
        shell_quote(file)
    )
}

pub fn describe_topic(name: &str) -> String {
    format!("{TOPICS} --describe --topic {}", shell_quote(name))
}

/// The script that writes `file`, the reassignment of `topic` to `rf` replicas, from the
/// cluster's real assignment (when the plan does not list it: too large). It reads
/// `kafka-topics.sh --describe` (the lines of `topic` only: `--topic` is a regular
/// expression), keeps every partition's replicas in their order (the preferred leader stays),
/// and appends brokers not yet holding the partition, taken round the brokers that hold the
/// topic's replicas from a point that turns with the partition, so that added replicas spread;
/// or drops replicas from the end when `rf` is lower. Needs `awk` and `jq`.
pub fn reassign_build(topic: &str, rf: u32, file: &str) -> String {
    const AWK: &str = r#"{t = ""; p = ""; r = ""; for (i = 1; i < NF; i++) { if ($i == "Topic:") t = $(i + 1); if ($i == "Partition:") p = $(i + 1); if ($i == "Replicas:" && r == "") r = $(i + 1) } if (p != "" && r != "") print t, p, r }"#;
    const JQ: &str = r#"[split("
")[] | select(length > 0) | split(" ") | select(.[0] == $topic) | {p: (.[1] | tonumber), r: (.[2] | split(",") | map(tonumber))}] | ([.[].r[]] | unique) as $b | {version: 1, partitions: [.[] | . as $x | {topic: $topic, partition: $x.p, replicas: (($x.r + [range(0; $b | length) | $b[($x.p + .) % ($b | length)] | select(. as $id | any($x.r[]; . == $id) | not)])[:$rf])}]}"#;
    format!(
        "{TOPICS} --describe --topic {} | awk {} | jq -R -s --arg topic {} --argjson rf {rf} {} > {}",
        shell_quote(topic),
        shell_quote(AWK),
        shell_quote(topic),
        shell_quote(JQ),
        shell_quote(file)
    )
}

pub fn delete_group(group: &str) -> String {
    format!("{GROUPS} --delete --group {}", shell_quote(group))
}

pub fn describe_group(group: &str) -> String {
    format!("{GROUPS} --describe --group {}", shell_quote(group))
}

pub fn delete_connector(name: &str) -> String {
    format!("curl -X DELETE \"$CONNECT/connectors/{}\"", url_segment(name))
}

pub fn register_version(subject: &str, file: &str) -> String {
    format!(
        "curl -X POST {SR_JSON} \"$SCHEMA_REGISTRY/subjects/{}/versions\" --data @{}",
        url_segment(subject),
        shell_quote(file)
    )
}

pub fn delete_subject(subject: &str) -> String {
    format!(
        "curl -X DELETE \"$SCHEMA_REGISTRY/subjects/{}\"",
        url_segment(subject)
    )
}

pub fn delete_version(subject: &str, version: usize) -> String {
    format!(
        "curl -X DELETE \"$SCHEMA_REGISTRY/subjects/{}/versions/{version}\"",
        url_segment(subject)
    )
}

pub fn set_compatibility(subject: &str, level: &str) -> String {
    let body = serde_json::json!({ "compatibility": level }).to_string();
    format!(
        "curl -X PUT {SR_JSON} \"$SCHEMA_REGISTRY/config/{}\" --data {}",
        url_segment(subject),
        shell_quote(&body)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_quoted_and_lists_bracketed() {
        assert_eq!(shell_quote("a'b"), r"'a'\''b'");
        assert_eq!(
            alter_partitions("orders", 50),
            "kafka-topics.sh --bootstrap-server \"$BOOTSTRAP\" --alter --topic 'orders' --partitions 50"
        );
        assert_eq!(
            add_config("orders", "retention.ms", "604800000"),
            "kafka-configs.sh --bootstrap-server \"$BOOTSTRAP\" --entity-type topics --entity-name 'orders' --alter --add-config 'retention.ms=604800000'"
        );
        assert!(add_config("t", "cleanup.policy", "compact,delete")
            .ends_with("'cleanup.policy=[compact,delete]'"));
        assert_eq!(url_segment("a b/\"$x`"), "a%20b%2F%22%24x%60");
        assert_eq!(file_stem("../evil name"), "evil-name");
        assert_eq!(file_stem("--"), "topic");
    }

    /// The script run on `kafka-topics.sh --describe` output (when awk and jq are there).
    #[test]
    fn the_reassignment_script_appends_to_the_real_replicas() {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let cmd = reassign_build("orders", 3, "out.json");
        let pipeline = cmd.split_once(" | ").unwrap().1.rsplit_once(" > ").unwrap().0;
        if Command::new("jq").arg("--version").output().is_err() {
            eprintln!("jq not installed: skipped");
            return;
        }
        let describe = "Topic: orders\tTopicId: x\tPartitionCount: 3\tReplicationFactor: 2\tConfigs: \n\
            \tTopic: orders\tPartition: 0\tLeader: 4\tReplicas: 4,7\tIsr: 4,7\tElr: \tLastKnownElr: \n\
            \tTopic: orders\tPartition: 1\tLeader: 7\tReplicas: 7,9\tIsr: 7\tAdding Replicas: 3\tRemoving Replicas: \n\
            \tTopic: ordersXv1\tPartition: 0\tLeader: 7\tReplicas: 7,9\tIsr: 7,9\n\
            \tTopic: orders\tPartition: 2\tLeader: 9\tReplicas: 9,4\tIsr: 9,4\n";
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(pipeline)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(describe.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"version": 1, "partitions": [
                {"topic": "orders", "partition": 0, "replicas": [4, 7, 9]},
                {"topic": "orders", "partition": 1, "replicas": [7, 9, 4]},
                {"topic": "orders", "partition": 2, "replicas": [9, 4, 7]}]})
        );
    }
}
