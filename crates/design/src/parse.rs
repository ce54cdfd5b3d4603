//! Reading a document from JSON, with errors that say where.

use serde::{Deserialize, Serialize};

use crate::model::Design;

/// Why a document could not be read: the JSON path, line and column, and what was wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message} at {path} (line {line}, column {column})")]
pub struct ParseError {
    /// Where in the document, e.g. `nodes[2].partitions` (`.` for the top).
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// Whether the text is not JSON at all (as opposed to JSON of the wrong shape).
    pub syntax: bool,
}

/// Parses a `kafka-design/v1` document. Only the shape is checked here; the rules are
/// [`crate::validate`]'s.
///
/// A document is read at full speed first (as text, checked as UTF-8 once); only when that
/// fails is it read again, as bytes, with the path of every value tracked, to say where it broke
/// (tracking costs a fifth of the time of reading a large document, and most documents are
/// fine).
pub fn parse(json: &[u8]) -> Result<Design, ParseError> {
    // Checked as UTF-8 once, whole (the fast path reads a word at a time), instead of string by
    // string: a million pasted keys are a million strings.
    if let Ok(text) = std::str::from_utf8(json) {
        if let Ok(design) = serde_json::from_str::<Design>(text) {
            return Ok(design);
        }
    }
    let mut de = serde_json::Deserializer::from_slice(json);
    let design: Design = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        ParseError {
            path,
            line: inner.line(),
            column: inner.column(),
            syntax: matches!(
                inner.classify(),
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof
            ),
            message: strip_position(&inner.to_string()),
        }
    })?;
    de.end().map_err(|e| ParseError {
        path: ".".into(),
        line: e.line(),
        column: e.column(),
        syntax: true,
        message: "unexpected text after the document".into(),
    })?;
    Ok(design)
}

/// serde_json appends " at line L column C"; the position has fields of its own.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
