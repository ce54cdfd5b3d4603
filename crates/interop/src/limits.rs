//! What an import reads at most. Every parser checks these before it does work that grows
//! with them; the server's body limit is larger than [`MAX_BYTES`] so that the refusal names
//! this limit.

/// The text of one document, in bytes.
pub const MAX_BYTES: usize = 4 * 1024 * 1024;
/// Lines of one text.
pub const MAX_LINES: usize = 200_000;
/// Nesting of a YAML or JSON document (AsyncAPI documents nest about 12 deep).
pub const MAX_DEPTH: usize = 64;
/// `$ref`s followed from one place before a chain is called a loop.
pub const MAX_REF_HOPS: usize = 32;
/// Values of a parsed YAML or JSON document (after aliases are expanded).
pub const MAX_VALUES: usize = 1_000_000;

/// The deepest nesting of brackets, braces and YAML indentation in `text`, counted without
/// parsing, so that a document nested past [`MAX_DEPTH`] is refused before a parser recurses.
/// Brackets inside quoted strings are counted too: an over-estimate only refuses more.
pub fn flow_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for b in text.bytes() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_depth_counts_brackets() {
        assert_eq!(flow_depth("a: [1, {b: [2]}]"), 3);
        assert_eq!(flow_depth("]]]["), 1);
        assert_eq!(flow_depth(""), 0);
    }
}
