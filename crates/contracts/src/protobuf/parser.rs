//! `.proto` text to the model of [`super::Schema`]: what the comparison reads is kept (package,
//! imports, messages with their fields, oneofs and nested types, enums); options, services,
//! `extend` blocks, groups, `reserved` and `extensions` are read and skipped.

use std::collections::HashMap;

use super::lexer::{syntax, tokenize, Tok, Token};
use super::{Enum, Field, FieldType, Label, Message, Model as Schema, TypeId, MAX_NAME_BYTES, SCALARS};
use crate::{limits, Error};

struct Parser {
    toks: Vec<Token>,
    pos: usize,
    /// Where the text ends, for errors at its end.
    end: (usize, usize),
    schema: Schema,
}

/// A field and the line and column where it starts.
type Placed = (Field, (usize, usize));

/// The largest field number protobuf allows.
const MAX_FIELD_NUMBER: u64 = 536_870_911;

pub(super) fn parse(text: &str) -> Result<Schema, Error> {
    let toks = tokenize(text)?;
    let last_line = text.rsplit('\n').next().unwrap_or("");
    let end = (text.matches('\n').count() + 1, last_line.chars().count() + 1);
    let mut p = Parser {
        toks,
        pos: 0,
        end,
        schema: Schema::default(),
    };
    p.file()?;
    let mut schema = p.schema;
    schema.resolve();
    Ok(schema)
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.tok)
    }

    fn peek_at(&self, n: usize) -> Option<&Tok> {
        self.toks.get(self.pos + n).map(|t| &t.tok)
    }

    fn here(&self) -> (usize, usize) {
        self.toks.get(self.pos).map_or(self.end, |t| (t.line, t.column))
    }

    fn err(&self, message: impl Into<String>) -> Error {
        let (l, c) = self.here();
        syntax(l, c, message)
    }

    fn is_sym(&self, c: char) -> bool {
        self.peek() == Some(&Tok::Sym(c))
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(s)) if s == w)
    }

    fn eat_sym(&mut self, c: char) -> bool {
        let yes = self.is_sym(c);
        if yes {
            self.pos += 1;
        }
        yes
    }

    fn expect_sym(&mut self, c: char) -> Result<(), Error> {
        if self.eat_sym(c) {
            Ok(())
        } else {
            Err(self.err(format!("expected `{c}` {}", self.found())))
        }
    }

    fn found(&self) -> String {
        match self.peek() {
            None => "but the file ends".into(),
            Some(Tok::Ident(s)) => format!("but found `{s}`"),
            Some(Tok::Int(n)) => format!("but found `{n}`"),
            Some(Tok::Float) => "but found a number".into(),
            Some(Tok::Str(s)) => format!("but found the string \"{s}\""),
            Some(Tok::Sym(c)) => format!("but found `{c}`"),
        }
    }

    fn ident(&mut self, what: &str) -> Result<String, Error> {
        match self.peek() {
            Some(Tok::Ident(s)) => {
                let s = s.clone();
                self.pos += 1;
                Ok(s)
            }
            _ => Err(self.err(format!("expected {what} {}", self.found()))),
        }
    }

    /// A simple name: no dots.
    fn name(&mut self, what: &str) -> Result<String, Error> {
        let at = self.here();
        let s = self.ident(what)?;
        if s.contains('.') {
            return Err(syntax(at.0, at.1, format!("{what} `{s}` cannot contain a dot")));
        }
        Ok(s)
    }

    fn string(&mut self, what: &str) -> Result<String, Error> {
        let mut out = match self.peek() {
            Some(Tok::Str(s)) => s.clone(),
            _ => return Err(self.err(format!("expected {what} (a quoted string) {}", self.found()))),
        };
        self.pos += 1;
        // Adjacent literals join, as in C.
        while let Some(Tok::Str(s)) = self.peek() {
            out.push_str(s);
            self.pos += 1;
        }
        Ok(out)
    }

    fn int(&mut self, what: &str) -> Result<(bool, u64), Error> {
        let negative = self.eat_sym('-');
        match self.peek() {
            Some(Tok::Int(n)) => {
                let n = *n;
                self.pos += 1;
                Ok((negative, n))
            }
            _ => Err(self.err(format!("expected {what} (an integer) {}", self.found()))),
        }
    }

    /// Skips a balanced group opened by the `open` just read, up to its `close`.
    fn skip_group(&mut self, open: char, close: char) -> Result<(), Error> {
        let start = self.here();
        let mut depth = 1usize;
        while depth > 0 {
            match self.peek() {
                None => {
                    return Err(syntax(start.0, start.1, format!("a `{open}` is never closed")));
                }
                Some(Tok::Sym(c)) if *c == open => depth += 1,
                Some(Tok::Sym(c)) if *c == close => depth -= 1,
                _ => {}
            }
            self.pos += 1;
        }
        Ok(())
    }

    /// Skips the rest of a statement: to its `;`, or over a `{ … }` block that ends it.
    fn skip_statement(&mut self) -> Result<(), Error> {
        loop {
            match self.peek() {
                None => return Err(self.err("the file ends inside a statement")),
                Some(Tok::Sym(';')) => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(Tok::Sym('{')) => {
                    self.pos += 1;
                    self.skip_group('{', '}')?;
                    return Ok(());
                }
                Some(Tok::Sym('[')) => {
                    self.pos += 1;
                    self.skip_group('[', ']')?;
                }
                Some(Tok::Sym('(')) => {
                    self.pos += 1;
                    self.skip_group('(', ')')?;
                }
                _ => self.pos += 1,
            }
        }
    }

    /// `option name = value;` — read and ignored (an aggregate value in braces included).
    fn option(&mut self) -> Result<(), Error> {
        self.pos += 1; // `option`
        loop {
            match self.peek() {
                None => return Err(self.err("the file ends inside an option")),
                Some(Tok::Sym(';')) => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(Tok::Sym('{')) => {
                    self.pos += 1;
                    self.skip_group('{', '}')?;
                }
                Some(Tok::Sym('(')) => {
                    self.pos += 1;
                    self.skip_group('(', ')')?;
                }
                Some(Tok::Sym('}')) => return Err(self.err("expected `;` to end the option")),
                _ => self.pos += 1,
            }
        }
    }

    fn file(&mut self) -> Result<(), Error> {
        let mut first = true;
        while let Some(tok) = self.peek().cloned() {
            let word = match tok {
                Tok::Sym(';') => {
                    self.pos += 1;
                    continue;
                }
                Tok::Ident(w) => w,
                _ => return Err(self.err(format!("expected a declaration {}", self.found()))),
            };
            match word.as_str() {
                "syntax" | "edition" => {
                    if !first {
                        return Err(self.err(format!("`{word}` must be the first statement of the file")));
                    }
                    self.pos += 1;
                    self.expect_sym('=')?;
                    let at = self.here();
                    let v = self.string(&format!("the {word}"))?;
                    if word == "syntax" {
                        if v != "proto2" && v != "proto3" {
                            return Err(syntax(
                                at.0,
                                at.1,
                                format!("syntax \"{v}\" is not \"proto2\" or \"proto3\""),
                            ));
                        }
                        self.schema.syntax = Some(v);
                    } else {
                        self.schema.edition = Some(v);
                    }
                    self.expect_sym(';')?;
                }
                "package" => {
                    self.pos += 1;
                    if !self.schema.package.is_empty() {
                        return Err(self.err("a file has one `package` statement"));
                    }
                    self.schema.package = self.ident("a package name")?;
                    self.expect_sym(';')?;
                }
                "import" => {
                    self.pos += 1;
                    if self.is_word("public") || self.is_word("weak") {
                        self.pos += 1;
                    }
                    let path = self.string("the imported file")?;
                    self.schema.imports.push(path);
                    self.expect_sym(';')?;
                }
                "option" => self.option()?,
                "message" => {
                    self.pos += 1;
                    let id = self.message(None, 1)?;
                    self.schema.top.push(id);
                }
                "enum" => {
                    self.pos += 1;
                    let id = self.enumeration(None)?;
                    self.schema.top.push(id);
                }
                "service" | "extend" => {
                    self.pos += 1;
                    self.skip_statement()?;
                }
                _ => {
                    return Err(self.err(format!(
                        "expected a declaration (message, enum, import, …) {}",
                        self.found()
                    )))
                }
            }
            first = false;
        }
        Ok(())
    }

    /// The dotted name inside the package of a type named `name` declared in message `parent`
    /// (`None`: at the top), at most [`MAX_NAME_BYTES`] long.
    fn local_name(&self, parent: Option<usize>, name: &str, at: (usize, usize)) -> Result<String, Error> {
        let local = match parent {
            None => name.to_owned(),
            Some(p) => format!("{}.{name}", self.schema.messages[p].local),
        };
        if local.len() > MAX_NAME_BYTES {
            return Err(syntax(
                at.0,
                at.1,
                format!(
                    "a type's dotted name (its enclosing messages' names and its own) is at most {MAX_NAME_BYTES} bytes; `{name}` makes it {}",
                    local.len()
                ),
            ));
        }
        Ok(local)
    }

    fn declare(
        &mut self,
        parent: Option<usize>,
        name: &str,
        id: TypeId,
        at: (usize, usize),
    ) -> Result<(), Error> {
        let names = match parent {
            None => &mut self.schema.top_names,
            Some(p) => &mut self.schema.messages[p].members,
        };
        if names.insert(name.to_owned(), id).is_some() {
            let local = self.local_name(parent, name, at)?;
            let full = if self.schema.package.is_empty() {
                local
            } else {
                format!("{}.{local}", self.schema.package)
            };
            return Err(syntax(at.0, at.1, format!("`{full}` is declared twice")));
        }
        Ok(())
    }

    /// `message Name { … }`, the keyword read; `depth` is 1 for a top-level message.
    fn message(&mut self, parent: Option<usize>, depth: usize) -> Result<TypeId, Error> {
        if depth > limits::MAX_DEPTH {
            return Err(Error::Limit(format!(
                "messages nest at most {} deep here; this one is deeper (line {})",
                limits::MAX_DEPTH,
                self.here().0
            )));
        }
        let at = self.here();
        let name = self.name("a message name")?;
        let local = self.local_name(parent, &name, at)?;
        let index = self.schema.messages.len();
        self.schema.messages.push(Message {
            name: name.clone(),
            local,
            parent,
            ..Message::default()
        });
        let id = TypeId::Message(index);
        self.declare(parent, &name, id, at)?;
        self.expect_sym('{')?;
        self.message_body(index, depth)?;
        Ok(id)
    }

    fn message_body(&mut self, index: usize, depth: usize) -> Result<(), Error> {
        let mut numbers: HashMap<u32, String> = HashMap::new();
        loop {
            let word = match self.peek().cloned() {
                None => {
                    let local = &self.schema.messages[index].local;
                    return Err(self.err(format!("message `{local}` is never closed with `}}`")));
                }
                Some(Tok::Sym('}')) => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(Tok::Sym(';')) => {
                    self.pos += 1;
                    continue;
                }
                Some(Tok::Ident(w)) => w,
                Some(_) => return Err(self.err(format!("expected a field or declaration {}", self.found()))),
            };
            match word.as_str() {
                "message" if matches!(self.peek_at(2), Some(Tok::Sym('{'))) => {
                    self.pos += 1;
                    let id = self.message(Some(index), depth + 1)?;
                    self.schema.messages[index].nested.push(id);
                }
                "enum" if matches!(self.peek_at(2), Some(Tok::Sym('{'))) => {
                    self.pos += 1;
                    let id = self.enumeration(Some(index))?;
                    self.schema.messages[index].nested.push(id);
                }
                "option" => self.option()?,
                "reserved" | "extensions" | "extend" => {
                    self.pos += 1;
                    self.skip_statement()?;
                }
                "oneof" if matches!(self.peek_at(2), Some(Tok::Sym('{'))) => {
                    self.pos += 1;
                    self.oneof(index, &mut numbers)?;
                }
                _ => {
                    if let Some(field) = self.field(None)? {
                        self.add_field(index, field, &mut numbers)?;
                    }
                }
            }
        }
    }

    fn add_field(
        &mut self,
        index: usize,
        field: (Field, (usize, usize)),
        numbers: &mut HashMap<u32, String>,
    ) -> Result<(), Error> {
        let (field, at) = field;
        if let Some(other) = numbers.insert(field.number, field.name.clone()) {
            return Err(syntax(
                at.0,
                at.1,
                format!(
                    "fields `{other}` and `{}` both have number {}",
                    field.name, field.number
                ),
            ));
        }
        self.schema.messages[index].fields.push(field);
        Ok(())
    }

    fn oneof(&mut self, index: usize, numbers: &mut HashMap<u32, String>) -> Result<(), Error> {
        let name = self.name("a oneof name")?;
        self.expect_sym('{')?;
        let which = self.schema.messages[index].oneofs.len();
        self.schema.messages[index].oneofs.push(name.clone());
        let mut count = 0usize;
        loop {
            match self.peek() {
                None => return Err(self.err(format!("oneof `{name}` is never closed with `}}`"))),
                Some(Tok::Sym('}')) => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(Tok::Sym(';')) => self.pos += 1,
                Some(Tok::Ident(w)) if w == "option" => self.option()?,
                _ => {
                    count += 1;
                    if count > limits::MAX_UNION {
                        return Err(Error::Limit(format!(
                            "a oneof has at most {} fields here; `{name}` has more",
                            limits::MAX_UNION
                        )));
                    }
                    if let Some(field) = self.field(Some(which))? {
                        self.add_field(index, field, numbers)?;
                    }
                }
            }
        }
    }

    /// A field, a map field or a group (skipped: `None`).
    fn field(&mut self, oneof: Option<usize>) -> Result<Option<Placed>, Error> {
        let at = self.here();
        let label = match self.peek() {
            Some(Tok::Ident(w)) if matches!(self.peek_at(1), Some(Tok::Ident(_))) => match w.as_str() {
                "optional" => Some(Label::Optional),
                "required" => Some(Label::Required),
                "repeated" => Some(Label::Repeated),
                _ => None,
            },
            _ => None,
        };
        if label.is_some() {
            if oneof.is_some() {
                return Err(self.err("a oneof's fields have no label (optional, required or repeated)"));
            }
            self.pos += 1;
        }
        if self.is_word("group") && matches!(self.peek_at(1), Some(Tok::Ident(_))) {
            // A proto2 group: `label group Name = n { fields }` — skipped.
            self.pos += 1;
            self.skip_statement()?;
            return Ok(None);
        }
        let ty = if self.is_word("map") && matches!(self.peek_at(1), Some(Tok::Sym('<'))) {
            self.pos += 2;
            let key_at = self.here();
            let key = self.ident("a map's key type")?;
            let key = match SCALARS.iter().find(|s| **s == key) {
                Some(s) if !matches!(*s, "float" | "double" | "bytes") => FieldType::Scalar(s),
                _ => {
                    return Err(syntax(
                        key_at.0,
                        key_at.1,
                        format!("a map's key is an integer, bool or string type, not `{key}`"),
                    ))
                }
            };
            self.expect_sym(',')?;
            let value = self.type_name()?;
            self.expect_sym('>')?;
            if label.is_some() {
                return Err(syntax(at.0, at.1, "a map field has no label"));
            }
            FieldType::Map(Box::new(key), Box::new(value))
        } else {
            self.type_name()?
        };
        let name = self.name("a field name")?;
        self.expect_sym('=')?;
        let number_at = self.here();
        let (negative, number) = self.int("a field number")?;
        if negative || number == 0 || number > MAX_FIELD_NUMBER {
            return Err(syntax(
                number_at.0,
                number_at.1,
                format!("field `{name}`'s number must be from 1 to {MAX_FIELD_NUMBER}"),
            ));
        }
        if self.eat_sym('[') {
            self.skip_group('[', ']')?;
        }
        self.expect_sym(';')?;
        Ok(Some((
            Field {
                name,
                number: u32::try_from(number).unwrap_or(u32::MAX),
                label,
                ty,
                oneof,
            },
            at,
        )))
    }

    fn type_name(&mut self) -> Result<FieldType, Error> {
        let t = self.ident("a type")?;
        Ok(match SCALARS.iter().find(|s| **s == t) {
            Some(s) => FieldType::Scalar(s),
            None => FieldType::Named(t),
        })
    }

    fn enumeration(&mut self, parent: Option<usize>) -> Result<TypeId, Error> {
        let at = self.here();
        let name = self.name("an enum name")?;
        let local = self.local_name(parent, &name, at)?;
        let id = TypeId::Enum(self.schema.enums.len());
        self.declare(parent, &name, id, at)?;
        self.expect_sym('{')?;
        loop {
            match self.peek() {
                None => return Err(self.err(format!("enum `{name}` is never closed with `}}`"))),
                Some(Tok::Sym('}')) => {
                    self.pos += 1;
                    break;
                }
                Some(Tok::Sym(';')) => self.pos += 1,
                Some(Tok::Ident(w)) if w == "option" => self.option()?,
                Some(Tok::Ident(w)) if w == "reserved" && !matches!(self.peek_at(1), Some(Tok::Sym('='))) => {
                    self.pos += 1;
                    self.skip_statement()?;
                }
                _ => {
                    let constant = self.name("an enum constant")?;
                    self.expect_sym('=')?;
                    let _ = (constant, self.int("the constant's number")?);
                    if self.eat_sym('[') {
                        self.skip_group('[', ']')?;
                    }
                    self.expect_sym(';')?;
                }
            }
        }
        self.schema.enums.push(Enum { local });
        Ok(id)
    }
}
