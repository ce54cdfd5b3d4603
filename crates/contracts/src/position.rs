//! Where a JSON pointer lands in the text of a JSON document: the line and column an editor
//! marks for an incompatibility in an Avro or JSON Schema version.
//!
//! A small scanner of its own (serde_json keeps no positions): it walks the text once, without
//! building values, and stops at the target. A pointer that goes further than the document
//! lands on the deepest value it reaches (an Avro `type` written as `"int"` has no `/type/items`
//! to point at, but its `type` is where the difference is).

use crate::limits::MAX_DEPTH;

/// A 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// The position of the value `pointer` (RFC 6901, `/fields/0/type`; `#/…` accepted) names in
/// `text`, or of the deepest value on its way; `None` when the text is not JSON up to there.
pub fn json_pointer(text: &str, pointer: &str) -> Option<Position> {
    let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
    let segments: Vec<String> = pointer
        .split('/')
        .skip(1)
        .filter(|s| !s.is_empty() || pointer.len() > 1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut s = Scanner {
        bytes: text.as_bytes(),
        at: 0,
    };
    s.space();
    let mut best = s.at;
    let mut depth = 0;
    'walk: for segment in &segments {
        depth += 1;
        if depth > MAX_DEPTH {
            break;
        }
        match s.peek()? {
            b'{' => {
                s.at += 1;
                loop {
                    s.space();
                    if s.peek()? == b'}' {
                        break 'walk;
                    }
                    let key = s.string()?;
                    s.space();
                    s.expect(b':')?;
                    s.space();
                    if key == *segment {
                        best = s.at;
                        continue 'walk;
                    }
                    s.skip_value(0)?;
                    s.space();
                    match s.peek()? {
                        b',' => s.at += 1,
                        _ => break 'walk,
                    }
                }
            }
            b'[' => {
                let Ok(index) = segment.parse::<usize>() else {
                    break;
                };
                s.at += 1;
                let mut i = 0;
                loop {
                    s.space();
                    if s.peek()? == b']' {
                        break 'walk;
                    }
                    if i == index {
                        best = s.at;
                        continue 'walk;
                    }
                    s.skip_value(0)?;
                    s.space();
                    match s.peek()? {
                        b',' => s.at += 1,
                        _ => break 'walk,
                    }
                    i += 1;
                }
            }
            _ => break,
        }
    }
    Some(position(text, best))
}

fn position(text: &str, at: usize) -> Position {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line,
        column: before[start..].chars().count() + 1,
    }
}

struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.at += 1)
    }

    /// A string's value (escapes resolved as far as keys need: `\"`, `\\`, `\/`, `\uXXXX`).
    fn string(&mut self) -> Option<String> {
        self.expect(b'"')?;
        let mut out = Vec::new();
        loop {
            let b = self.peek()?;
            self.at += 1;
            match b {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let e = self.peek()?;
                    self.at += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'u' => {
                            let hex = self.bytes.get(self.at..self.at + 4)?;
                            self.at += 4;
                            let code = u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
                            let c = char::from_u32(code).unwrap_or('\u{fffd}');
                            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                        }
                        other => out.push(other),
                    }
                }
                other => out.push(other),
            }
        }
    }

    fn skip_value(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.space();
        match self.peek()? {
            b'"' => self.string().map(drop),
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.at += 1;
                self.space();
                if self.peek()? == close {
                    self.at += 1;
                    return Some(());
                }
                loop {
                    if open == b'{' {
                        self.space();
                        self.string()?;
                        self.space();
                        self.expect(b':')?;
                    }
                    self.skip_value(depth + 1)?;
                    self.space();
                    match self.peek()? {
                        b',' => self.at += 1,
                        c if c == close => {
                            self.at += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            _ => {
                let start = self.at;
                while matches!(self.peek(), Some(b) if !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                {
                    self.at += 1;
                }
                (self.at > start).then_some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AVRO: &str = r#"{
  "type": "record",
  "name": "Order",
  "fields": [
    {"name": "id", "type": "string"},
    {"name": "tags", "type": {"type": "array", "items": "string"}},
    {"name": "a/b~c", "type": ["null", "long"]}
  ]
}"#;

    fn at(pointer: &str) -> (usize, usize) {
        let p = json_pointer(AVRO, pointer).unwrap();
        (p.line, p.column)
    }

    #[test]
    fn pointers_land_on_their_values() {
        assert_eq!(at("/"), (1, 1));
        assert_eq!(at(""), (1, 1));
        assert_eq!(at("/name"), (3, 11));
        assert_eq!(at("/fields/0"), (5, 5));
        assert_eq!(at("/fields/0/type"), (5, 28));
        assert_eq!(at("/fields/1/type/items"), (6, 57));
        assert_eq!(at("#/fields/2/type/1"), (7, 40));
    }

    #[test]
    fn pointers_past_the_document_land_on_the_deepest_value_reached() {
        assert_eq!(at("/fields/0/type/items"), (5, 28));
        assert_eq!(at("/fields/9"), (4, 13));
        assert_eq!(at("/nothing/here"), (1, 1));
    }

    #[test]
    fn escaped_keys_and_text_that_is_not_json() {
        let text = "{\"a/b\": {\"~\": 1}, \"\\u00e9\": 2}";
        assert_eq!(json_pointer(text, "/a~1b/~0").unwrap().column, 15);
        assert_eq!(json_pointer(text, "/é").unwrap().column, 29);
        assert_eq!(json_pointer("{\"a\" 1}", "/a"), None);
        let deep = "[".repeat(10_000);
        assert!(json_pointer(&deep, &"/0".repeat(10_000)).is_none_or(|p| p.line == 1));
    }
}
