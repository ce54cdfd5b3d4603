//! (being written)

use crate::{Error, Finding};

/// A parsed schema.
#[derive(Clone, Debug)]
pub struct Schema {}

impl Schema {
    pub fn parse(_text: &str) -> Result<Schema, Error> {
        Err(Error::Syntax {
            line: None,
            column: None,
            location: None,
            message: "not yet read".into(),
        })
    }
}

/// What goes wrong when `reader` reads data written with `writer`.
pub fn compare(_reader: &Schema, _writer: &Schema) -> Vec<Finding> {
    Vec::new()
}
