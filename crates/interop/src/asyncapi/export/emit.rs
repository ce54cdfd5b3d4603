//! A small YAML writer for the export: block style, keys in the order given, every string
//! double-quoted and escaped the way YAML 1.1 and 1.2 readers both read it back.
//!
//! It writes what [`Y`] holds and nothing else: no anchors, no tags, no block scalars. Keys are
//! written plain only when no reader could take them for anything but that string; numbers are
//! written so that YAML 1.1 and 1.2 agree on them (`1.0e+20`, never `1e20`). It recurses once per
//! level of nesting, as serde_json does: a tree is only as deep as the JSON it came from.

use std::fmt::Write;

use serde_json::Value;

/// A YAML node, maps in the order they are written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Y {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    /// Any text: always double-quoted.
    Str(String),
    /// A word of the format itself (`send`, `kafka`): written plain. An ASCII letter first, then
    /// ASCII letters, digits, `.`, `-`, `_`, `;`, `=`, `/`, `+`; never a word YAML reads as
    /// anything else.
    Word(&'static str),
    Seq(Vec<Y>),
    Map(Vec<(String, Y)>),
}

impl Y {
    pub fn str(s: impl Into<String>) -> Y {
        Y::Str(s.into())
    }

    /// The same value as JSON (what a YAML reader gives back).
    #[cfg(test)]
    pub fn to_json(&self) -> Value {
        match self {
            Y::Null => Value::Null,
            Y::Bool(b) => Value::Bool(*b),
            Y::Int(i) => Value::from(*i),
            Y::UInt(u) => Value::from(*u),
            Y::Float(f) => Value::from(*f),
            Y::Str(s) => Value::String(s.clone()),
            Y::Word(w) => Value::String((*w).into()),
            Y::Seq(items) => Value::Array(items.iter().map(Y::to_json).collect()),
            Y::Map(entries) => Value::Object(entries.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
        }
    }
}

impl From<&Value> for Y {
    fn from(v: &Value) -> Y {
        match v {
            Value::Null => Y::Null,
            Value::Bool(b) => Y::Bool(*b),
            Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    Y::Int(i)
                } else if let Some(u) = n.as_u64() {
                    Y::UInt(u)
                } else {
                    n.as_f64().map_or(Y::Null, Y::Float)
                }
            }
            Value::String(s) => Y::Str(s.clone()),
            Value::Array(items) => Y::Seq(items.iter().map(Y::from).collect()),
            Value::Object(map) => Y::Map(map.iter().map(|(k, v)| (k.clone(), Y::from(v))).collect()),
        }
    }
}

/// The document: `header` lines as comments, then `root` (a map), a blank line between its
/// top-level entries.
pub(crate) fn document(header: &[&str], root: &[(String, Y)]) -> String {
    let mut out = String::new();
    for line in header {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    for (i, (key, value)) in root.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        entry(&mut out, key, value, 0);
    }
    out
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// `key: value` at `indent` (the padding already written).
fn entry(out: &mut String, key: &str, value: &Y, indent: usize) {
    write_key(out, key);
    out.push(':');
    match value {
        Y::Map(entries) if !entries.is_empty() => {
            out.push('\n');
            map(out, entries, indent + 2, false);
        }
        Y::Seq(items) if !items.is_empty() => {
            out.push('\n');
            seq(out, items, indent + 2, false);
        }
        scalar => {
            out.push(' ');
            write_scalar(out, scalar);
            out.push('\n');
        }
    }
}

/// The entries of a map at `indent`; the first one's padding is already written when `inline`.
fn map(out: &mut String, entries: &[(String, Y)], indent: usize, inline: bool) {
    for (i, (key, value)) in entries.iter().enumerate() {
        if i > 0 || !inline {
            pad(out, indent);
        }
        entry(out, key, value, indent);
    }
}

/// The items of a sequence at `indent`; the first one's padding is already written when `inline`.
fn seq(out: &mut String, items: &[Y], indent: usize, inline: bool) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !inline {
            pad(out, indent);
        }
        out.push_str("- ");
        match item {
            Y::Map(entries) if !entries.is_empty() => map(out, entries, indent + 2, true),
            Y::Seq(inner) if !inner.is_empty() => seq(out, inner, indent + 2, true),
            scalar => {
                write_scalar(out, scalar);
                out.push('\n');
            }
        }
    }
}

fn write_scalar(out: &mut String, y: &Y) {
    match y {
        Y::Null => out.push_str("null"),
        Y::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Y::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Y::UInt(u) => {
            let _ = write!(out, "{u}");
        }
        Y::Float(f) => out.push_str(&float(*f)),
        Y::Str(s) => quote(out, s),
        Y::Word(w) => {
            debug_assert!(is_plain_word(w), "{w:?} is not a plain word");
            if is_plain_word(w) {
                out.push_str(w);
            } else {
                quote(out, w);
            }
        }
        Y::Seq(_) => out.push_str("[]"),
        Y::Map(_) => out.push_str("{}"),
    }
}

/// A float as YAML 1.1 and 1.2 both read it: a `.` in the mantissa, a sign in the exponent.
fn float(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    // serde_json's shortest round-trip form: `1.5`, `100.0`, `1e20`, `1.5e-7`.
    let text = serde_json::Number::from_f64(f).map_or_else(|| "0.0".to_string(), |n| n.to_string());
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m.to_string(), Some(e.to_string())),
        None => (text, None),
    };
    let mut s = mantissa;
    if !s.contains('.') {
        s.push_str(".0");
    }
    if let Some(e) = exponent {
        s.push('e');
        if !e.starts_with(['+', '-']) {
            s.push('+');
        }
        s.push_str(&e);
    }
    s
}

/// Words YAML 1.1 reads as booleans or null whatever their case.
const SPECIAL_WORDS: [&str; 10] = ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"];

fn is_special(word: &str) -> bool {
    SPECIAL_WORDS.iter().any(|s| s.eq_ignore_ascii_case(word))
}

/// Whether `key` may be written plain: a letter, `_` or `$` first, then letters, digits, `_`,
/// `$`, `.`, `-`, `/`; never a special word.
fn is_plain_key(key: &str) -> bool {
    let mut chars = key.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_' || first == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '.' | '-' | '/'))
        && !is_special(key)
}

/// Whether a format word may be written plain (see [`Y::Word`]): an ASCII letter first, so that
/// no reader takes it for a number (YAML 1.1 reads `3.0.0` as a float), and not a special word.
fn is_plain_word(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ';' | '=' | '/' | '+'))
        && !is_special(word)
}

fn write_key(out: &mut String, key: &str) {
    if is_plain_key(key) {
        out.push_str(key);
    } else {
        quote(out, key);
    }
}

/// `s` double-quoted: `"` and `\` escaped, and every character a YAML reader might not take as
/// itself (controls, line and paragraph separators, the byte-order mark, non-characters) written
/// as an escape.
pub(crate) fn quote(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if c.is_control() => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read(text: &str) -> Value {
        serde_norway::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    fn root(y: Y) -> Vec<(String, Y)> {
        vec![("v".to_string(), y)]
    }

    #[test]
    fn writes_block_style_in_the_given_order() {
        let tree = vec![
            ("b".to_string(), Y::Word("send")),
            (
                "a".to_string(),
                Y::Map(vec![
                    ("z".into(), Y::Int(1)),
                    (
                        "list".into(),
                        Y::Seq(vec![
                            Y::str("x"),
                            Y::Map(vec![("k".into(), Y::Bool(true)), ("m".into(), Y::Null)]),
                        ]),
                    ),
                    ("empty".into(), Y::Map(vec![])),
                    ("none".into(), Y::Seq(vec![])),
                ]),
            ),
        ];
        let text = document(&["made by a test"], &tree);
        assert_eq!(
            text,
            "# made by a test\nb: send\n\na:\n  z: 1\n  list:\n    - \"x\"\n    - k: true\n      m: null\n  empty: {}\n  none: []\n"
        );
    }

    #[test]
    fn floats_read_back_the_same_in_yaml_1_1_form() {
        for f in [0.0, 1.5, 100.0, 1e20, 1.5e-7, -2.25, f64::MAX, f64::MIN_POSITIVE] {
            let s = float(f);
            assert!(s.contains('.'), "{s}");
            assert!(!s.contains('e') || s.contains("e+") || s.contains("e-"), "{s}");
            let text = document(&[], &root(Y::Float(f)));
            assert_eq!(read(&text)["v"].as_f64(), Some(f), "{text}");
        }
        assert_eq!(float(1e20), "1.0e+20");
    }

    #[test]
    fn special_words_and_numbers_stay_strings() {
        for s in [
            "yes",
            "No",
            "null",
            "~",
            "1e3",
            "0x1F",
            "true",
            "-",
            "? x",
            "#c",
            "{a}",
            "[",
            "*a",
            "&a",
            "!t",
            "|",
            ">",
            "%",
            "@",
            "`",
            " lead",
            "trail ",
            "a: b",
            "a #b",
            "",
            "'",
            "\"",
            "\\",
            "3.0",
            ".5",
            "<<",
            "=",
            "\u{2028}",
            "\u{85}",
            "\u{feff}x",
            "\0",
            "\x7f",
            "\u{9f}",
            "é ✓ 𝄞",
            "\r\n",
        ] {
            let text = document(&[], &[(s.to_string(), Y::str(s))]);
            let v = read(&text);
            assert_eq!(v.get(s), Some(&Value::String(s.into())), "{s:?}\n{text}");
        }
    }

    #[test]
    fn format_words_are_plain_only_when_safe() {
        for w in [
            "send",
            "receive",
            "kafka",
            "application/vnd.apache.avro;version=1.9.0",
            "scramSha512",
            "X509",
        ] {
            assert!(is_plain_word(w), "{w}");
        }
        for w in [
            "3.0.0", "3", "1.5", "yes", "null", "0x10", "a:b", "#x", "", "1e3", "On",
        ] {
            assert!(!is_plain_word(w), "{w}");
        }
    }

    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map(any::<String>(), inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_json_reads_back_as_itself(v in json()) {
            let y = Y::from(&v);
            let text = document(&[], &root(y.clone()));
            let back = read(&text);
            prop_assert_eq!(&back["v"], &y.to_json(), "{}", text);
            prop_assert_eq!(&back["v"], &v);
        }
    }
}
