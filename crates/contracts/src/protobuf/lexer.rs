//! The tokens of a `.proto` file, each with its 1-based line and column.

use super::{MAX_NAME_BYTES, MAX_NAME_SEGMENTS};
use crate::Error;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
    /// An identifier, possibly dotted (`foo`, `foo.Bar`, `.foo.Bar`).
    Ident(String),
    /// An integer literal (decimal, hex or octal), without its sign.
    Int(u64),
    /// A floating-point literal (or `inf`/`nan` spelled as identifiers are `Ident`).
    Float,
    /// A string literal, escapes resolved; adjacent literals are not joined here.
    Str(String),
    /// One punctuation character: `{ } [ ] ( ) < > ; , = - + :` and so on.
    Sym(char),
}

#[derive(Clone, Debug)]
pub(super) struct Token {
    pub tok: Tok,
    pub line: usize,
    pub column: usize,
}

pub(super) fn syntax(line: usize, column: usize, message: impl Into<String>) -> Error {
    Error::Syntax {
        line: Some(line),
        column: Some(column),
        location: None,
        message: message.into(),
    }
}

struct Cursor<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: usize,
    column: usize,
}

impl Cursor<'_> {
    fn peek(&mut self) -> Option<char> {
        self.chars.peek().copied()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }
    fn peek2(&self) -> Option<char> {
        let mut it = self.chars.clone();
        it.next();
        it.next()
    }
}

/// Splits `text` into tokens, skipping whitespace and `//` and `/* */` comments.
pub(super) fn tokenize(text: &str) -> Result<Vec<Token>, Error> {
    let mut cur = Cursor {
        chars: text.chars().peekable(),
        line: 1,
        column: 1,
    };
    let mut out = Vec::new();
    while let Some(c) = cur.peek() {
        let (line, column) = (cur.line, cur.column);
        if c.is_whitespace() {
            cur.bump();
        } else if c == '/' && cur.peek2() == Some('/') {
            while let Some(c) = cur.peek() {
                if c == '\n' {
                    break;
                }
                cur.bump();
            }
        } else if c == '/' && cur.peek2() == Some('*') {
            cur.bump();
            cur.bump();
            let mut closed = false;
            while let Some(c) = cur.bump() {
                if c == '*' && cur.peek() == Some('/') {
                    cur.bump();
                    closed = true;
                    break;
                }
            }
            if !closed {
                return Err(syntax(line, column, "a `/*` comment is never closed"));
            }
        } else if c.is_ascii_alphabetic() || c == '_' || (c == '.' && is_ident_start(cur.peek2())) {
            let mut s = String::new();
            while let Some(c) = cur.peek() {
                if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
                    s.push(c);
                    cur.bump();
                } else {
                    break;
                }
            }
            check_name(&s, line, column)?;
            out.push(Token {
                tok: Tok::Ident(s),
                line,
                column,
            });
        } else if c.is_ascii_digit() || (c == '.' && cur.peek2().is_some_and(|d| d.is_ascii_digit())) {
            out.push(Token {
                tok: number(&mut cur, line, column)?,
                line,
                column,
            });
        } else if c == '"' || c == '\'' {
            cur.bump();
            out.push(Token {
                tok: Tok::Str(string(&mut cur, c, line, column)?),
                line,
                column,
            });
        } else {
            cur.bump();
            out.push(Token {
                tok: Tok::Sym(c),
                line,
                column,
            });
        }
    }
    Ok(out)
}

/// An identifier, dotted or not, is at most [`MAX_NAME_BYTES`] long and has at most
/// [`MAX_NAME_SEGMENTS`] parts: nothing in a real file comes near, and every name is looked up,
/// copied into type names and compared part by part.
fn check_name(s: &str, line: usize, column: usize) -> Result<(), Error> {
    if s.len() > MAX_NAME_BYTES {
        return Err(syntax(
            line,
            column,
            format!(
                "a name is at most {MAX_NAME_BYTES} bytes; this one is {}",
                s.len()
            ),
        ));
    }
    let parts = s.trim_start_matches('.').split('.').count();
    if parts > MAX_NAME_SEGMENTS {
        return Err(syntax(
            line,
            column,
            format!("a dotted name has at most {MAX_NAME_SEGMENTS} parts; this one has {parts}"),
        ));
    }
    Ok(())
}

fn is_ident_start(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
}

fn number(cur: &mut Cursor<'_>, line: usize, column: usize) -> Result<Tok, Error> {
    let mut s = String::new();
    while let Some(c) = cur.peek() {
        let exponent_sign =
            (c == '+' || c == '-') && s.ends_with(['e', 'E']) && !s.starts_with("0x") && !s.starts_with("0X");
        if c.is_ascii_alphanumeric() || c == '.' || exponent_sign {
            s.push(c);
            cur.bump();
        } else {
            break;
        }
    }
    let bad = || syntax(line, column, format!("`{s}` is not a number"));
    let lower = s.to_ascii_lowercase();
    if let Some(hex) = lower.strip_prefix("0x") {
        return u64::from_str_radix(hex, 16).map(Tok::Int).map_err(|_| bad());
    }
    let is_float = lower.contains('.') || lower.contains('e') || lower.ends_with('f');
    if is_float {
        let digits = lower.trim_end_matches('f');
        return digits.parse::<f64>().map(|_| Tok::Float).map_err(|_| bad());
    }
    if lower.len() > 1 && lower.starts_with('0') {
        return u64::from_str_radix(&lower[1..], 8)
            .map(Tok::Int)
            .map_err(|_| bad());
    }
    lower.parse::<u64>().map(Tok::Int).map_err(|_| bad())
}

fn string(cur: &mut Cursor<'_>, quote: char, line: usize, column: usize) -> Result<String, Error> {
    let mut s = String::new();
    loop {
        let (l, c) = (cur.line, cur.column);
        match cur.bump() {
            None | Some('\n') => {
                return Err(syntax(line, column, "a string literal is never closed"));
            }
            Some(ch) if ch == quote => return Ok(s),
            Some('\\') => {
                let Some(e) = cur.bump() else {
                    return Err(syntax(line, column, "a string literal is never closed"));
                };
                match e {
                    'n' => s.push('\n'),
                    't' => s.push('\t'),
                    'r' => s.push('\r'),
                    'a' => s.push('\u{7}'),
                    'b' => s.push('\u{8}'),
                    'f' => s.push('\u{c}'),
                    'v' => s.push('\u{b}'),
                    '\\' | '\'' | '"' | '?' => s.push(e),
                    'x' | 'X' => {
                        let v = digits(cur, 16, 2);
                        match v.and_then(char::from_u32) {
                            Some(ch) => s.push(ch),
                            None => return Err(syntax(l, c, "`\\x` needs hexadecimal digits")),
                        }
                    }
                    'u' | 'U' => {
                        let n = if e == 'u' { 4 } else { 8 };
                        match digits(cur, 16, n).and_then(char::from_u32) {
                            Some(ch) => s.push(ch),
                            None => {
                                return Err(syntax(
                                    l,
                                    c,
                                    format!("`\\{e}` needs {n} hexadecimal digits of a character"),
                                ));
                            }
                        }
                    }
                    '0'..='7' => {
                        let mut v = e.to_digit(8).unwrap_or(0);
                        for _ in 0..2 {
                            match cur.peek().and_then(|d| d.to_digit(8)) {
                                Some(d) => {
                                    v = v * 8 + d;
                                    cur.bump();
                                }
                                None => break,
                            }
                        }
                        s.push(char::from_u32(v).unwrap_or('\u{fffd}'));
                    }
                    other => {
                        return Err(syntax(
                            l,
                            c,
                            format!("`\\{other}` is not an escape a .proto string knows"),
                        ));
                    }
                }
            }
            Some(ch) => s.push(ch),
        }
    }
}

/// Up to `max` digits of `radix` (at least one).
fn digits(cur: &mut Cursor<'_>, radix: u32, max: usize) -> Option<u32> {
    let mut v: u32 = 0;
    let mut n = 0;
    while n < max {
        match cur.peek().and_then(|d| d.to_digit(radix)) {
            Some(d) => {
                v = v.checked_mul(radix)?.checked_add(d)?;
                cur.bump();
                n += 1;
            }
            None => break,
        }
    }
    (n > 0).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_their_positions_and_comments_are_skipped() {
        let toks = tokenize("a /* x\n y */ b // c\n  'q\\x41\\n\\101' 0x1F 017 1.5e-3").unwrap();
        let kinds: Vec<_> = toks.iter().map(|t| (t.tok.clone(), t.line, t.column)).collect();
        assert_eq!(kinds[0], (Tok::Ident("a".into()), 1, 1));
        assert_eq!(kinds[1], (Tok::Ident("b".into()), 2, 7));
        assert_eq!(kinds[2], (Tok::Str("qA\nA".into()), 3, 3));
        assert_eq!(kinds[3].0, Tok::Int(31));
        assert_eq!(kinds[4].0, Tok::Int(15));
        assert_eq!(kinds[5].0, Tok::Float);
    }

    #[test]
    fn unterminated_things_say_where_they_start() {
        assert!(matches!(
            tokenize("a\n  /* never"),
            Err(Error::Syntax {
                line: Some(2),
                column: Some(3),
                ..
            })
        ));
        assert!(matches!(
            tokenize("x = \"abc"),
            Err(Error::Syntax {
                line: Some(1),
                column: Some(5),
                ..
            })
        ));
    }
}
