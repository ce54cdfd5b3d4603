//! The tokens of HCL's native syntax, one at a time (nothing is buffered, so memory does not
//! grow with the text): identifiers, numbers, quoted and heredoc templates with their escapes
//! read, punctuation, newlines and comments. A template that interpolates (`${…}`, `%{…}`) is
//! marked as such; what is inside is skipped, not evaluated.

use crate::limits::MAX_DEPTH;
use crate::{Error, Format};

/// One token and where it starts.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    /// 1-based line of its first character.
    pub line: usize,
    /// Byte offsets of the token in the text.
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    Ident,
    Number,
    /// A quoted string or heredoc: its text with escapes read, and whether it interpolates.
    Template {
        text: String,
        interpolated: bool,
    },
    /// A single punctuation character (`{`, `=`, `.`, …).
    Punct(char),
    /// `==`, `!=`, `<=`, `>=`, `=>`, `&&`, `||`, `...`.
    Op,
    Newline,
    /// `#` or `//` to the end of the line (its text without the marker).
    Comment,
    Eof,
}

pub(crate) struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    line_start: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str) -> Self {
        let pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Self {
            text,
            pos,
            line: 1,
            line_start: 0,
        }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    fn peek_char(&self) -> Option<char> {
        self.text.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek_char()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.line_start = self.pos;
        }
        Some(c)
    }

    /// A syntax error at byte `at` on line `line`.
    pub fn error_at(&self, line: usize, at: usize, message: impl Into<String>) -> Error {
        let line_start = self
            .text
            .get(..at)
            .and_then(|s| s.rfind('\n'))
            .map_or(0, |i| i + 1);
        let column = self.text.get(line_start..at).map_or(1, |s| s.chars().count() + 1);
        Error::Syntax {
            format: Format::Terraform,
            line,
            column,
            message: message.into(),
        }
    }

    /// The text of a comment token (without `#` or `//`).
    pub fn comment_text(&self, t: &Token) -> &'a str {
        let s = self.text.get(t.start..t.end).unwrap_or("");
        s.strip_prefix('#')
            .or_else(|| s.strip_prefix("//"))
            .unwrap_or(s)
            .trim()
    }

    pub fn next_token(&mut self) -> Result<Token, Error> {
        loop {
            // blanks and block comments
            match self.peek_char() {
                Some(' ' | '\t' | '\r' | '\u{feff}') => {
                    self.bump();
                    continue;
                }
                Some('/') if self.rest().starts_with("/*") => {
                    let (line, start) = (self.line, self.pos);
                    match self.rest().find("*/") {
                        Some(i) => {
                            let end = self.pos + i + 2;
                            while self.pos < end {
                                self.bump();
                            }
                        }
                        None => return Err(self.error_at(line, start, "a `/*` comment is not closed")),
                    }
                    continue;
                }
                _ => {}
            }
            break;
        }
        let (line, start) = (self.line, self.pos);
        let token = |lexer: &Self, tok| Token {
            tok,
            line,
            start,
            end: lexer.pos,
        };
        let Some(c) = self.peek_char() else {
            return Ok(token(self, Tok::Eof));
        };
        if c == '\n' {
            self.bump();
            return Ok(token(self, Tok::Newline));
        }
        if c == '#' || self.rest().starts_with("//") {
            let len = self.rest().find('\n').unwrap_or(self.rest().len());
            self.pos += len;
            return Ok(token(self, Tok::Comment));
        }
        if c.is_alphabetic() || c == '_' {
            while self
                .peek_char()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
            {
                self.bump();
            }
            return Ok(token(self, Tok::Ident));
        }
        if c.is_ascii_digit() {
            self.number();
            return Ok(token(self, Tok::Number));
        }
        if c == '"' {
            let (text, interpolated) = self.quoted()?;
            return Ok(token(self, Tok::Template { text, interpolated }));
        }
        if self.rest().starts_with("<<") {
            let rest = &self.rest()[2..];
            let rest = rest.strip_prefix('-').unwrap_or(rest);
            if rest.starts_with(|c: char| c.is_alphabetic() || c == '_') {
                let (text, interpolated) = self.heredoc()?;
                return Ok(token(self, Tok::Template { text, interpolated }));
            }
        }
        for op in ["...", "==", "!=", "<=", ">=", "=>", "&&", "||"] {
            if self.rest().starts_with(op) {
                self.pos += op.len();
                return Ok(token(self, Tok::Op));
            }
        }
        self.bump();
        Ok(token(self, Tok::Punct(c)))
    }

    fn number(&mut self) {
        let digits = |l: &mut Self| {
            while l.peek_char().is_some_and(|c| c.is_ascii_digit()) {
                l.bump();
            }
        };
        digits(self);
        let r = self.rest();
        if r.starts_with('.') && r[1..].starts_with(|c: char| c.is_ascii_digit()) {
            self.bump();
            digits(self);
        }
        let r = self.rest();
        if r.starts_with(['e', 'E']) {
            let after = r[1..].strip_prefix(['+', '-']).unwrap_or(&r[1..]);
            if after.starts_with(|c: char| c.is_ascii_digit()) {
                self.pos += r.len() - after.len();
                digits(self);
            }
        }
    }

    /// A quoted template: `"…"`, escapes read, interpolations skipped (nested strings and
    /// braces inside them matched on an explicit stack, bounded by [`MAX_DEPTH`]).
    fn quoted(&mut self) -> Result<(String, bool), Error> {
        let (line, start) = (self.line, self.pos);
        self.bump(); // the opening quote
        let mut out = String::new();
        let mut interpolated = false;
        // true: inside a string; false: inside an interpolation (with its open braces)
        let mut stack: Vec<(bool, usize)> = vec![(true, 0)];
        let unclosed = |l: &Self| l.error_at(line, start, "a quoted string is not closed");
        while let Some(&(in_string, braces)) = stack.last() {
            let Some(c) = self.peek_char() else {
                return Err(unclosed(self));
            };
            let top = stack.len() == 1;
            if in_string {
                if c == '\n' {
                    return Err(unclosed(self));
                }
                let r = self.rest();
                if r.starts_with("$${") || r.starts_with("%%{") {
                    if top {
                        out.push(c);
                        out.push('{');
                    }
                    self.pos += 3;
                    continue;
                }
                if r.starts_with("${") || r.starts_with("%{") {
                    if stack.len() >= MAX_DEPTH {
                        return Err(too_deep());
                    }
                    interpolated = true;
                    self.pos += 2;
                    stack.push((false, 0));
                    continue;
                }
                self.bump();
                match c {
                    '"' => {
                        stack.pop();
                    }
                    '\\' => {
                        let (el, at) = (self.line, self.pos - 1);
                        let escaped = self.escape().map_err(|m| self.error_at(el, at, m))?;
                        if top {
                            out.push(escaped);
                        }
                    }
                    c if top => out.push(c),
                    _ => {}
                }
            } else {
                self.bump();
                match c {
                    '"' => {
                        if stack.len() >= MAX_DEPTH {
                            return Err(too_deep());
                        }
                        stack.push((true, 0));
                    }
                    '{' => {
                        if let Some(top) = stack.last_mut() {
                            top.1 = braces + 1;
                        }
                    }
                    '}' if braces == 0 => {
                        stack.pop();
                    }
                    '}' => {
                        if let Some(top) = stack.last_mut() {
                            top.1 = braces - 1;
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok((out, interpolated))
    }

    /// The character of an escape whose `\` was just read.
    fn escape(&mut self) -> Result<char, String> {
        let Some(c) = self.bump() else {
            return Err("a `\\` ends the text".into());
        };
        Ok(match c {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            '"' => '"',
            '\\' => '\\',
            'u' | 'U' => {
                let n = if c == 'u' { 4 } else { 8 };
                let hex: String = self.rest().chars().take(n).collect();
                if hex.len() != n || !hex.chars().all(|h| h.is_ascii_hexdigit()) {
                    return Err(format!("`\\{c}` is followed by {n} hexadecimal digits"));
                }
                self.pos += n;
                u32::from_str_radix(&hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("`\\{c}{hex}` is not a character"))?
            }
            other => return Err(format!("`\\{other}` is not an escape of HCL")),
        })
    }

    /// A heredoc `<<ID` or `<<-ID` up to the line that is `ID`; backslashes are literal, `$${`
    /// and `%%{` escapes, `<<-` removes the common indentation.
    fn heredoc(&mut self) -> Result<(String, bool), Error> {
        let (line, start) = (self.line, self.pos);
        self.pos += 2;
        let indented = self.rest().starts_with('-');
        if indented {
            self.pos += 1;
        }
        let id_len = self
            .rest()
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(self.rest().len());
        let id = &self.rest()[..id_len];
        self.pos += id_len;
        let after = self.rest().trim_start_matches([' ', '\t', '\r']);
        if !after.starts_with('\n') {
            return Err(self.error_at(line, start, format!("a heredoc `<<{id}` ends its line")));
        }
        self.pos += self.rest().len() - after.len();
        self.bump();
        let mut lines: Vec<&str> = Vec::new();
        loop {
            if self.pos >= self.text.len() {
                return Err(self.error_at(line, start, format!("the heredoc `<<{id}` has no `{id}` line")));
            }
            let len = self.rest().find('\n').unwrap_or(self.rest().len());
            let l = &self.rest()[..len];
            self.pos += len;
            if l.trim() == id {
                break;
            }
            lines.push(l);
            self.bump();
        }
        let indent = if indented {
            lines
                .iter()
                .filter(|l| !l.trim().is_empty())
                .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
                .min()
                .unwrap_or(0)
        } else {
            0
        };
        let mut out = String::new();
        let mut interpolated = false;
        for l in lines {
            let l = l.get(indent..).unwrap_or(l.trim_start());
            let mut rest = l;
            while !rest.is_empty() {
                if rest.starts_with("$${") || rest.starts_with("%%{") {
                    out.push_str(&rest[1..3]);
                    rest = &rest[3..];
                } else if rest.starts_with("${") || rest.starts_with("%{") {
                    interpolated = true;
                    rest = &rest[2..];
                } else if let Some(c) = rest.chars().next() {
                    out.push(c);
                    rest = &rest[c.len_utf8()..];
                }
            }
            out.push('\n');
        }
        Ok((out, interpolated))
    }
}

fn too_deep() -> Error {
    Error::Limit {
        message: format!("the document nests deeper than {MAX_DEPTH} levels"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Result<Vec<Tok>, Error> {
        let mut l = Lexer::new(text);
        let mut out = Vec::new();
        loop {
            let t = l.next_token()?;
            if t.tok == Tok::Eof {
                return Ok(out);
            }
            out.push(t.tok);
        }
    }

    fn template(text: &str) -> (String, bool) {
        match all(text).unwrap().into_iter().next() {
            Some(Tok::Template { text, interpolated }) => (text, interpolated),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn escapes_are_read() {
        assert_eq!(
            template(r#""a\"b\\c\nd\te\u00e9\U0001F600 $${x} %%{y}""#),
            ("a\"b\\c\nd\te\u{e9}\u{1F600} ${x} %{y}".to_string(), false)
        );
        assert_eq!(template(r#""$$${""#), ("$${".to_string(), false));
    }

    #[test]
    fn interpolations_are_marked_and_skipped_with_nested_strings() {
        let (_, i) = template(r#""${var.env}-orders""#);
        assert!(i);
        let toks = all("\"${lookup(m, \"}\", \"x\")}\" 3").unwrap();
        assert_eq!(toks.len(), 2, "{toks:?}");
        assert!(matches!(&toks[1], Tok::Number));
    }

    #[test]
    fn heredocs_are_templates() {
        let toks = all("<<-EOT\n    a\\n\n      b\n    EOT\nx").unwrap();
        assert_eq!(
            toks[0],
            Tok::Template {
                text: "a\\n\n  b\n".into(),
                interpolated: false
            }
        );
    }

    #[test]
    fn unclosed_things_say_where() {
        for (text, line, column) in [
            ("a = \"abc\nb = 1", 1, 5),
            ("\n\n  x = /* never", 3, 7),
            ("y = <<EOF\nabc\n", 1, 5),
            ("z = \"${\"", 1, 5),
            ("w = \"\\q\"", 1, 6),
        ] {
            match all(text) {
                Err(Error::Syntax {
                    line: l, column: c, ..
                }) => assert_eq!((l, c), (line, column), "{text:?}"),
                other => panic!("{text:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn deep_interpolation_is_a_limit() {
        let text = format!("\"{}", "${\"".repeat(100));
        assert!(matches!(all(&text), Err(Error::Limit { .. })));
    }
}
