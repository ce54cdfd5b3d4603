//! A reader of the part of HCL's native syntax Terraform files are written in: bodies of
//! attributes and blocks, comments, and literal values (strings, numbers, booleans, `null`,
//! objects, tuples). Everything else an expression may be (references, function calls,
//! operators, conditionals, `for` expressions, templates that interpolate) is read past and
//! given back as [`Value::Unknown`] with its text: those values exist only when Terraform runs.
//!
//! Top-level blocks are handed out one at a time ([`Parser::next_top`]); a block the caller does
//! not keep is checked for syntax and dropped, so memory follows the blocks kept. Nesting past
//! [`MAX_DEPTH`] is refused with [`Error::Limit`]; text that is not HCL is [`Error::Syntax`]
//! with its line and column. No evaluation, no variables, no modules.

mod lex;

use crate::limits::MAX_DEPTH;
use crate::Error;
use lex::{Lexer, Tok, Token};

/// A value as written, when it is a literal.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Str(String),
    /// A number as written (`6`, `-1`, `1.5e3`).
    Num(String),
    Bool(bool),
    Null,
    Object(Vec<Item>),
    Tuple(Vec<Value>),
    /// An expression known only when Terraform runs: its text, shortened.
    Unknown(String),
}

/// One `key = value` of an object.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Item {
    /// The key, unless it is an expression (then [`Value::Unknown`]).
    pub key: Value,
    pub value: Value,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Attribute {
    pub name: String,
    pub value: Value,
    pub line: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Body {
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<Block>,
    /// Comments directly in this body, not after an attribute's value: (line, text without
    /// `#`/`//`).
    pub comments: Vec<(usize, String)>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Block {
    pub kind: String,
    pub labels: Vec<String>,
    pub body: Body,
    pub line: usize,
}

/// What the top level of a file holds, one at a time.
#[derive(Debug)]
pub(crate) enum Top {
    /// A block; its body is empty unless it was kept.
    Block(Block),
    /// An attribute at the top level (not Terraform, but HCL).
    Attribute { name: String, line: usize },
}

#[derive(Clone, Copy, PartialEq)]
enum Ctx {
    Attribute,
    Key,
    ObjectValue,
    List,
}

/// Whether a top-level block's body is wanted, from its kind and labels.
type Keep<'k> = &'k dyn Fn(&str, &[String]) -> bool;

pub(crate) struct Parser<'a> {
    lexer: Lexer<'a>,
    peeked: Option<Token>,
    last_end: usize,
}

impl<'a> Parser<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            lexer: Lexer::new(text),
            peeked: None,
            last_end: 0,
        }
    }

    fn peek(&mut self) -> Result<&Token, Error> {
        let t = match self.peeked.take() {
            Some(t) => t,
            None => self.lexer.next_token()?,
        };
        Ok(self.peeked.insert(t))
    }

    fn next(&mut self) -> Result<Token, Error> {
        let t = match self.peeked.take() {
            Some(t) => t,
            None => self.lexer.next_token()?,
        };
        self.last_end = t.end;
        Ok(t)
    }

    /// The next token that is not a comment (nor a newline, unless `newlines`).
    fn peek_sig(&mut self, newlines: bool) -> Result<&Token, Error> {
        loop {
            let skip = match &self.peek()?.tok {
                Tok::Comment => true,
                Tok::Newline => !newlines,
                _ => false,
            };
            if !skip {
                return self.peek();
            }
            self.next()?;
        }
    }

    fn text_of(&self, t: &Token) -> &'a str {
        self.lexer.text().get(t.start..t.end).unwrap_or("")
    }

    fn error(&self, t: &Token, message: impl Into<String>) -> Error {
        self.lexer.error_at(t.line, t.start, message)
    }

    fn found(&self, t: &Token) -> String {
        match t.tok {
            Tok::Eof => "the end of the text".into(),
            Tok::Newline => "the end of the line".into(),
            _ => {
                let s: String = self.text_of(t).chars().take(30).collect();
                format!("`{s}`")
            }
        }
    }

    /// The next top-level block or attribute; `keep(kind, labels)` says whether a block's body
    /// is wanted.
    pub fn next_top(&mut self, keep: Keep<'_>) -> Result<Option<Top>, Error> {
        loop {
            let t = self.peek()?.clone();
            match t.tok {
                Tok::Newline | Tok::Comment => {
                    self.next()?;
                }
                Tok::Eof => return Ok(None),
                Tok::Ident => return self.statement(0, None, Some(keep)).map(Some),
                _ => {
                    return Err(self.error(
                        &t,
                        format!("expected a block or an attribute, found {}", self.found(&t)),
                    ))
                }
            }
        }
    }

    /// An attribute or a block starting at an identifier. A block is kept when `keep` says so
    /// (top level) or when `kept` is `Some(true)` (inside a kept block).
    fn statement(&mut self, depth: usize, kept: Option<bool>, keep: Option<Keep<'_>>) -> Result<Top, Error> {
        let name_tok = self.next()?;
        let name = self.text_of(&name_tok).to_string();
        let line = name_tok.line;
        let t = self.peek_sig(true)?.clone();
        if t.tok == Tok::Punct('=') {
            self.next()?;
            let keep_value = kept.unwrap_or(false);
            let value = self.expr(Ctx::Attribute, depth + 1, keep_value)?;
            self.end_of_statement()?;
            return Ok(match kept {
                Some(_) => Top::Block(Block {
                    kind: String::new(),
                    labels: Vec::new(),
                    body: Body {
                        attributes: vec![Attribute { name, value, line }],
                        ..Body::default()
                    },
                    line,
                }),
                None => Top::Attribute { name, line },
            });
        }
        let mut labels = Vec::new();
        loop {
            let t = self.next()?;
            match &t.tok {
                Tok::Template {
                    text,
                    interpolated: false,
                } if self.text_of(&t).starts_with('"') => labels.push(text.clone()),
                Tok::Ident => labels.push(self.text_of(&t).to_string()),
                Tok::Punct('{') => {
                    let keep_body = match (kept, keep) {
                        (Some(k), _) => k,
                        (None, Some(f)) => f(&name, &labels),
                        (None, None) => false,
                    };
                    let body = self.body(depth + 1, keep_body, &t)?;
                    self.end_of_statement()?;
                    return Ok(Top::Block(Block {
                        kind: name,
                        labels,
                        body,
                        line,
                    }));
                }
                _ => {
                    return Err(self.error(
                        &t,
                        format!("expected `=` or a block after `{name}`, found {}", self.found(&t)),
                    ))
                }
            }
        }
    }

    fn end_of_statement(&mut self) -> Result<(), Error> {
        let t = self.peek_sig(true)?;
        match t.tok {
            Tok::Newline => {
                self.next()?;
                Ok(())
            }
            Tok::Eof | Tok::Punct('}') => Ok(()),
            _ => {
                let t = t.clone();
                Err(self.error(
                    &t,
                    format!("expected the end of the line, found {}", self.found(&t)),
                ))
            }
        }
    }

    /// A block's body after its `{` (token `open`), up to and with its `}`.
    fn body(&mut self, depth: usize, keep: bool, open: &Token) -> Result<Body, Error> {
        if depth > MAX_DEPTH {
            return Err(too_deep());
        }
        let mut body = Body::default();
        loop {
            let t = self.peek()?.clone();
            match t.tok {
                Tok::Newline => {
                    self.next()?;
                }
                Tok::Comment => {
                    self.next()?;
                    if keep {
                        body.comments
                            .push((t.line, self.lexer.comment_text(&t).to_string()));
                    }
                }
                Tok::Eof => return Err(self.error(open, "this `{` is not closed")),
                Tok::Punct('}') => {
                    self.next()?;
                    return Ok(body);
                }
                Tok::Ident => {
                    if let Top::Block(b) = self.statement(depth, Some(keep), None)? {
                        if !keep {
                            continue;
                        }
                        if b.kind.is_empty() {
                            body.attributes.extend(b.body.attributes);
                        } else {
                            body.blocks.push(b);
                        }
                    }
                }
                _ => {
                    return Err(self.error(
                        &t,
                        format!("expected an attribute, a block or `}}`, found {}", self.found(&t)),
                    ))
                }
            }
        }
    }

    /// One expression, up to what ends it in `ctx`; a literal when it is one alone.
    fn expr(&mut self, ctx: Ctx, depth: usize, keep: bool) -> Result<Value, Error> {
        if depth > MAX_DEPTH {
            return Err(too_deep());
        }
        let newlines = ctx != Ctx::List;
        let first = self.peek_sig(newlines)?.clone();
        let mut count = 0usize;
        let mut negative = false;
        let mut single = Value::Null;
        loop {
            let t = self.peek_sig(newlines)?;
            let ends = match t.tok {
                Tok::Eof | Tok::Newline => true,
                Tok::Punct(',' | '}' | ']' | ')' | '=') => true,
                Tok::Punct(':') => ctx == Ctx::Key,
                _ => false,
            };
            if ends {
                break;
            }
            let t = self.next()?;
            count += 1;
            single = match &t.tok {
                Tok::Punct('{') => self.object(depth + 1, keep, &t)?,
                Tok::Punct('[') => self.list(depth + 1, keep, &t, ']')?,
                Tok::Punct('(') => self.list(depth + 1, keep, &t, ')')?,
                Tok::Template { text, interpolated } => {
                    if *interpolated || !keep {
                        Value::Null
                    } else {
                        Value::Str(text.clone())
                    }
                }
                Tok::Number => Value::Num(self.text_of(&t).to_string()),
                Tok::Ident => match self.text_of(&t) {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    "null" => Value::Null,
                    name if ctx == Ctx::Key && keep => Value::Str(name.to_string()),
                    _ => Value::Unknown(String::new()),
                },
                Tok::Punct('-') if count == 1 => {
                    negative = true;
                    Value::Unknown(String::new())
                }
                _ => Value::Unknown(String::new()),
            };
            if let Tok::Template {
                interpolated: true, ..
            } = t.tok
            {
                single = Value::Unknown(String::new());
            }
        }
        if count == 0 {
            return Err(self.error(&first, format!("expected a value, found {}", self.found(&first))));
        }
        if !keep {
            return Ok(Value::Null);
        }
        match single {
            Value::Num(n) if count == 2 && negative => Ok(Value::Num(format!("-{n}"))),
            Value::Unknown(_) => Ok(Value::Unknown(self.snippet(first.start))),
            v if count == 1 => Ok(v),
            _ => Ok(Value::Unknown(self.snippet(first.start))),
        }
    }

    fn snippet(&self, start: usize) -> String {
        let s = self.lexer.text().get(start..self.last_end).unwrap_or("");
        let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if one.chars().count() > 60 {
            format!("{}…", one.chars().take(60).collect::<String>())
        } else {
            one
        }
    }

    /// `{ key = value, … }` after its `{`, or a `for` expression (unknown).
    fn object(&mut self, depth: usize, keep: bool, open: &Token) -> Result<Value, Error> {
        if depth > MAX_DEPTH {
            return Err(too_deep());
        }
        let mut items = Vec::new();
        let mut unknown = false;
        loop {
            let t = self.peek_sig(false)?.clone();
            match t.tok {
                Tok::Punct('}') => {
                    self.next()?;
                    break;
                }
                Tok::Eof => return Err(self.error(open, "this `{` is not closed")),
                Tok::Ident if items.is_empty() && self.text_of(&t) == "for" => {
                    self.skip_to_close(open, '}')?;
                    unknown = true;
                    break;
                }
                _ => {}
            }
            let key = self.expr(Ctx::Key, depth + 1, keep)?;
            let sep = self.next()?;
            if !matches!(sep.tok, Tok::Punct('=' | ':')) {
                return Err(self.error(
                    &sep,
                    format!("expected `=` after an object key, found {}", self.found(&sep)),
                ));
            }
            let value = self.expr(Ctx::ObjectValue, depth + 1, keep)?;
            if keep {
                items.push(Item {
                    key,
                    value,
                    line: t.line,
                });
            }
            let after = self.peek_sig(true)?.clone();
            match after.tok {
                Tok::Punct(',') | Tok::Newline => {
                    self.next()?;
                }
                Tok::Punct('}') => {}
                _ => {
                    return Err(self.error(
                        &after,
                        format!(
                            "expected `,` or a new line between object items, found {}",
                            self.found(&after)
                        ),
                    ))
                }
            }
        }
        Ok(match (keep, unknown) {
            (false, _) => Value::Null,
            (true, true) => Value::Unknown(self.snippet(open.start)),
            (true, false) => Value::Object(items),
        })
    }

    /// `[a, b]` or `(a, b)` after its opening bracket, up to `close`.
    fn list(&mut self, depth: usize, keep: bool, open: &Token, close: char) -> Result<Value, Error> {
        if depth > MAX_DEPTH {
            return Err(too_deep());
        }
        let mut items = Vec::new();
        loop {
            let t = self.peek_sig(false)?.clone();
            match t.tok {
                Tok::Punct(c) if c == close => {
                    self.next()?;
                    break;
                }
                Tok::Eof => {
                    return Err(self.error(open, format!("this `{}` is not closed", self.text_of(open))))
                }
                Tok::Ident if items.is_empty() && close == ']' && self.text_of(&t) == "for" => {
                    self.skip_to_close(open, ']')?;
                    return Ok(Value::Unknown(self.snippet(open.start)));
                }
                _ => {}
            }
            let v = self.expr(Ctx::List, depth + 1, keep)?;
            if keep {
                items.push(v);
            }
            let after = self.peek_sig(false)?.clone();
            match after.tok {
                Tok::Punct(',') => {
                    self.next()?;
                }
                Tok::Punct(c) if c == close => {}
                Tok::Op if self.text_of(&after) == "..." => {
                    self.next()?;
                }
                Tok::Eof => {
                    return Err(self.error(open, format!("this `{}` is not closed", self.text_of(open))))
                }
                _ => {
                    return Err(self.error(
                        &after,
                        format!("expected `,` or `{close}`, found {}", self.found(&after)),
                    ))
                }
            }
        }
        Ok(match (keep, close) {
            (false, _) => Value::Null,
            (true, ']') => Value::Tuple(items),
            // a parenthesised expression is its value; arguments of a call are unknown anyway
            (true, _) if items.len() == 1 => items.pop().unwrap_or(Value::Null),
            (true, _) => Value::Unknown(self.snippet(open.start)),
        })
    }

    /// Skips to the bracket that closes `open` (brackets counted, not parsed).
    fn skip_to_close(&mut self, open: &Token, close: char) -> Result<(), Error> {
        let mut depth = 0usize;
        loop {
            let t = self.next()?;
            match t.tok {
                Tok::Punct('{' | '[' | '(') => depth += 1,
                Tok::Punct(c @ ('}' | ']' | ')')) => {
                    if depth == 0 {
                        return if c == close {
                            Ok(())
                        } else {
                            Err(self.error(&t, format!("expected `{close}`, found `{c}`")))
                        };
                    }
                    depth -= 1;
                }
                Tok::Eof => {
                    return Err(self.error(open, format!("this `{}` is not closed", self.text_of(open))))
                }
                _ => {}
            }
        }
    }
}

fn too_deep() -> Error {
    Error::Limit {
        message: format!("the document nests deeper than {MAX_DEPTH} levels"),
    }
}

#[cfg(test)]
mod tests;
