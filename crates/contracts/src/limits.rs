//! What a schema check reads at most. Each parser checks these before doing work that grows
//! with them.

/// The text of one schema version, in bytes (the design model's limit for a stored schema).
pub const MAX_SCHEMA_BYTES: usize = 256 * 1024;
/// Previous versions one check compares against.
pub const MAX_VERSIONS: usize = 100;
/// Nesting of a schema (records in records, messages in messages, JSON in JSON).
pub const MAX_DEPTH: usize = 64;
/// Branches of one Avro union, `oneOf`/`anyOf`/`allOf` list, or Protobuf `oneof`.
pub const MAX_UNION: usize = 256;
/// Type comparisons one reader/writer comparison may make before it stops (recursive and
/// shared named types are compared once per pair, so real schemas stay far below this).
pub const MAX_COMPARISONS: usize = 100_000;
/// Incompatibilities one check lists over all the versions it compares; past it one more says
/// the check stopped.
pub const MAX_MESSAGES: usize = 1_000;
