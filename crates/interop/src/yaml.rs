//! Reading YAML (and JSON, which is YAML) into values, bounded: the parser refuses nesting past
//! 128 levels before it builds anything and aliases that expand exponentially (a "billion
//! laughs" document), and the parsed value's depth and size are checked before any importer
//! walks it. (Brackets are not counted in the text: `{` inside a quoted topic name is not
//! nesting, which a count would take for it.)

use serde_json::Value;

use crate::limits::{MAX_DEPTH, MAX_VALUES};
use crate::{Error, Format};

/// Every document of a YAML stream (`---`-separated), as JSON values.
pub(crate) fn documents(text: &str, format: Format) -> Result<Vec<Value>, Error> {
    let mut out = Vec::new();
    let mut values = 0usize;
    for de in serde_norway::Deserializer::from_str(text) {
        let value: Value = serde::Deserialize::deserialize(de).map_err(|e| syntax(&e, format))?;
        values += check(&value, format)?;
        if values > MAX_VALUES {
            return Err(too_many());
        }
        out.push(value);
    }
    Ok(out)
}

/// Counts the values of `value`, refusing one nested past [`MAX_DEPTH`].
fn check(value: &Value, _format: Format) -> Result<usize, Error> {
    let mut stack = vec![(value, 1usize)];
    let mut count = 0usize;
    while let Some((v, depth)) = stack.pop() {
        count += 1;
        if count > MAX_VALUES {
            return Err(too_many());
        }
        if depth > MAX_DEPTH {
            return Err(Error::Limit {
                message: format!("the document nests deeper than {MAX_DEPTH} levels"),
            });
        }
        match v {
            Value::Array(items) => stack.extend(items.iter().map(|i| (i, depth + 1))),
            Value::Object(map) => stack.extend(map.values().map(|i| (i, depth + 1))),
            _ => {}
        }
    }
    Ok(count)
}

fn too_many() -> Error {
    Error::Limit {
        message: format!("the document holds more than {MAX_VALUES} values (aliases expanded)"),
    }
}

fn syntax(e: &serde_norway::Error, format: Format) -> Error {
    let message = e.to_string();
    // The parser appends " at line L column C"; the position has fields of its own.
    let message = match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    let lower = message.to_ascii_lowercase();
    if lower.contains("recursion limit") || lower.contains("repetition limit") {
        return Error::Limit {
            message: format!(
                "the document is refused: {message} (deep nesting or aliases that expand without end)"
            ),
        };
    }
    let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    Error::Syntax {
        format,
        line,
        column,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_billion_laughs_is_refused() {
        let mut doc = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            doc.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let e = documents(&doc, Format::Asyncapi).unwrap_err();
        assert!(matches!(e, Error::Limit { .. }), "{e:?}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let doc = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(matches!(
            documents(&doc, Format::Asyncapi),
            Err(Error::Limit { .. })
        ));
        let block: String = (0..200).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
        assert!(matches!(
            documents(&block, Format::Asyncapi),
            Err(Error::Limit { .. })
        ));
    }

    #[test]
    fn braces_in_quoted_names_are_not_nesting() {
        let doc = format!("name: \"topic {}\"\n", "{".repeat(500));
        assert_eq!(documents(&doc, Format::Asyncapi).unwrap().len(), 1);
        let nested = format!("a: {}1{}\n", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(matches!(
            documents(&nested, Format::Asyncapi),
            Err(Error::Limit { .. })
        ));
    }

    #[test]
    fn syntax_errors_say_where() {
        let e = documents("a: 1\nb: [1, 2\nc: 3\n", Format::Strimzi).unwrap_err();
        let Error::Syntax { line, .. } = e else {
            panic!("{e:?}")
        };
        assert!(line >= 2, "{line}");
    }

    #[test]
    fn several_documents_are_read() {
        let docs = documents("a: 1\n---\nb: 2\n", Format::Strimzi).unwrap();
        assert_eq!(docs.len(), 2);
    }
}
