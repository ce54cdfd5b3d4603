//! What an import reads at most. Every parser checks these before it does work that grows
//! with them; the server's body limit is larger than [`MAX_BYTES`] so that the refusal names
//! this limit.

/// The text of one document, in bytes.
pub const MAX_BYTES: usize = 4 * 1024 * 1024;
/// Lines of one text.
pub const MAX_LINES: usize = 200_000;
/// Nesting of a YAML, JSON or HCL document (AsyncAPI documents nest about 12 deep, a payload
/// schema adds its own depth). The YAML parser refuses nesting past 128 itself, before any
/// value is built; this is checked of what it built.
pub const MAX_DEPTH: usize = 100;
/// `$ref`s followed from one place before a chain is called a loop.
pub const MAX_REF_HOPS: usize = 32;
/// Values of a parsed YAML or JSON document (after aliases are expanded).
pub const MAX_VALUES: usize = 1_000_000;
