//! The reader/writer comparison, in the order and at the locations of Avro Java's
//! `SchemaCompatibility.ReaderWriterCompatibilityChecker`.

use std::collections::HashMap;
use std::rc::Rc;

use super::{Node, NodeId, Schema, Type};
use crate::{limits, Finding};

/// The kind of the finding added when a comparison stops at one of its limits.
pub const COMPARISON_LIMIT: &str = "COMPARISON_LIMIT";

/// How deep a comparison may nest (types in types, union branches tried, named types
/// entered) before it stops: four times the nesting a schema may have.
pub const COMPARE_DEPTH: usize = 4 * limits::MAX_DEPTH;

/// What goes wrong when `reader` reads data written with `writer`: every incompatibility, in
/// Avro Java's order; empty when the reader reads everything the writer can write.
pub fn compare(reader: &Schema, writer: &Schema) -> Vec<Finding> {
    let mut c = Checker {
        r: reader,
        w: writer,
        memo: HashMap::new(),
        work: 0,
        depth: 0,
        stopped: None,
    };
    let found = c.check(reader.root, writer.root);
    let mut out: Vec<Finding> = found.iter().map(Rel::finding).collect();
    if let Some(why) = c.stopped {
        out.push(Finding::new(
            COMPARISON_LIMIT,
            "/",
            "{reader} and {writer} were not compared to the end: {}, so incompatibilities may be \
             missing and the pair is not known to be compatible",
            [why],
        ));
    }
    out
}

/// A finding with its location relative to the pair of types that found it, the path's
/// segments innermost first (a finding moves out by pushing its parent's segments).
#[derive(Clone, Debug)]
struct Rel {
    kind: &'static str,
    rev_path: Vec<String>,
    template: &'static str,
    args: Vec<String>,
}

impl Rel {
    fn new(kind: &'static str, template: &'static str, args: Vec<String>) -> Rel {
        Rel {
            kind,
            rev_path: Vec::new(),
            template,
            args,
        }
    }

    fn at(mut self, segment: &str) -> Rel {
        self.rev_path.push(segment.to_owned());
        self
    }

    fn finding(&self) -> Finding {
        let mut location = String::new();
        for s in self.rev_path.iter().rev() {
            location.push('/');
            location.push_str(&s.replace('~', "~0").replace('/', "~1"));
        }
        if location.is_empty() {
            location.push('/');
        }
        Finding::new(self.kind, location, self.template, self.args.clone())
    }
}

type Found = Rc<Vec<Rel>>;

struct Checker<'a> {
    r: &'a Schema,
    w: &'a Schema,
    /// Each pair compared: `None` while it is being compared, then what it found.
    memo: HashMap<(NodeId, NodeId), Option<Found>>,
    work: usize,
    depth: usize,
    stopped: Option<String>,
}

fn nothing() -> Found {
    Rc::new(Vec::new())
}

/// `rels` moved under `segments` (outermost first).
fn under<'a>(rels: &'a [Rel], segments: &[&str]) -> impl Iterator<Item = Rel> + 'a {
    let segments: Vec<String> = segments.iter().rev().map(|s| (*s).to_owned()).collect();
    rels.iter().map(move |r| {
        let mut r = r.clone();
        r.rev_path.extend(segments.iter().cloned());
        r
    })
}

impl Checker<'_> {
    /// Java's `getCompatibility`: the pair's findings, remembered.
    fn check(&mut self, r: NodeId, w: NodeId) -> Found {
        if self.stopped.is_some() {
            return nothing();
        }
        self.work += 1;
        match self.memo.get(&(r, w)) {
            // Met again while being compared: compatible unless shown otherwise elsewhere.
            Some(None) => return nothing(),
            Some(Some(found)) => {
                let found = Rc::clone(found);
                self.work += found.len();
                self.over_budget();
                return found;
            }
            None => {}
        }
        if self.over_budget() {
            return nothing();
        }
        if self.depth >= COMPARE_DEPTH {
            self.stopped = Some(format!(
                "the comparison nests more than {COMPARE_DEPTH} types deep"
            ));
            return nothing();
        }
        self.memo.insert((r, w), None);
        self.depth += 1;
        let found = Rc::new(self.calculate(r, w));
        self.depth -= 1;
        self.memo.insert((r, w), Some(Rc::clone(&found)));
        found
    }

    fn over_budget(&mut self) -> bool {
        if self.work > limits::MAX_COMPARISONS && self.stopped.is_none() {
            self.stopped = Some(format!(
                "it took more than {} type comparisons",
                limits::MAX_COMPARISONS
            ));
        }
        self.stopped.is_some()
    }

    fn calculate(&mut self, r: NodeId, w: NodeId) -> Vec<Rel> {
        let (rn, wn) = (self.r.node(r), self.w.node(w));
        let mut out = Vec::new();
        match (&rn.ty, &wn.ty) {
            (Type::Array(ri), Type::Array(wi)) => {
                let found = self.check(*ri, *wi);
                out.extend(under(&found, &["items"]));
            }
            (Type::Map(rv), Type::Map(wv)) => {
                let found = self.check(*rv, *wv);
                out.extend(under(&found, &["values"]));
            }
            (Type::Fixed(rf), Type::Fixed(wf)) => {
                out.extend(self.names(rn, wn));
                if rf.size != wf.size {
                    out.push(
                        Rel::new(
                            "FIXED_SIZE_MISMATCH",
                            "fixed `{}` holds {} bytes in {reader} but {} bytes in {writer}: a \
                             fixed is read with exactly the size it was written with",
                            vec![rf.name.full.clone(), rf.size.to_string(), wf.size.to_string()],
                        )
                        .at("size"),
                    );
                }
                out.extend(decimals(rn, wn));
            }
            (Type::Enum(re), Type::Enum(we)) => {
                out.extend(self.names(rn, wn));
                let known: std::collections::HashSet<&str> = re.symbols.iter().map(String::as_str).collect();
                let mut missing: Vec<&String> = we
                    .symbols
                    .iter()
                    .filter(|s| !known.contains(s.as_str()))
                    .collect();
                missing.sort();
                if !missing.is_empty() && re.default.is_none() {
                    // Named up to a screenful; the rest counted.
                    const LISTED: usize = 20;
                    let mut list = missing
                        .iter()
                        .take(LISTED)
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    if missing.len() > LISTED {
                        list.push_str(&format!(" and {} more", missing.len() - LISTED));
                    }
                    out.push(
                        Rel::new(
                            "MISSING_ENUM_SYMBOLS",
                            "enum `{}` in {reader} lacks the symbols {} that {writer} can write, \
                             and has no default symbol to read them as",
                            vec![re.name.full.clone(), list],
                        )
                        .at("symbols"),
                    );
                }
            }
            (Type::Record(_), Type::Record(_)) => {
                out.extend(self.names(rn, wn));
                self.fields(r, w, &mut out);
            }
            (Type::Union(_), Type::Union(wb)) => {
                // Every branch the writer can write must be readable; a branch's own findings
                // are not reported, only that it is missing (as Java).
                for (i, b) in wb.iter().enumerate() {
                    if !self.check(r, *b).is_empty() {
                        out.push(missing_branch(rn, self.w.node(*b)).at(&i.to_string()));
                    }
                }
            }
            (_, Type::Union(wb)) => {
                for (i, b) in wb.iter().enumerate() {
                    let found = self.check(r, *b);
                    out.extend(under(&found, &[&i.to_string()]));
                }
            }
            (Type::Union(rb), _) => {
                // Java's first match: the first reader branch that reads the writer's type.
                // Branches that cannot (another kind, or another name) are not compared: they
                // would only be found incompatible, at a cost that grows with their contents.
                let readable = rb
                    .iter()
                    .any(|b| may_read(self.r.node(*b), wn) && self.check(*b, w).is_empty());
                if !readable {
                    out.push(missing_branch(rn, wn));
                }
            }
            (rt, wt) if rt.kind() == wt.kind() => out.extend(decimals(rn, wn)),
            (rt, wt) => {
                if !promotes(rt, wt) {
                    out.push(mismatch(rn, wn));
                }
            }
        }
        out
    }

    /// Java's `checkSchemaNames`.
    fn names(&self, rn: &Node, wn: &Node) -> Option<Rel> {
        let (Some(rname), Some(wname)) = (rn.ty.name(), wn.ty.name()) else {
            return None;
        };
        if names_match(rn, wn) {
            return None;
        }
        Some(
            Rel::new(
                "NAME_MISMATCH",
                "{} `{}` in {reader} does not match {} `{}` written by {writer}: named types \
                 match when their names (without namespace) are equal or the reader lists the \
                 writer's full name among its aliases",
                vec![
                    rn.ty.kind().to_owned(),
                    rname.full.clone(),
                    wn.ty.kind().to_owned(),
                    wname.full.clone(),
                ],
            )
            .at("name"),
        )
    }

    /// Java's `checkReaderWriterRecordFields`.
    fn fields(&mut self, r: NodeId, w: NodeId, out: &mut Vec<Rel>) {
        let (Type::Record(rr), Type::Record(wr)) = (&self.r.node(r).ty, &self.w.node(w).ty) else {
            return;
        };
        for (i, rf) in rr.fields.iter().enumerate() {
            let pos = i.to_string();
            // The field of the same name, else the first the reader's aliases name.
            let wf = wr.fields.iter().find(|f| f.name == rf.name).or_else(|| {
                rf.aliases
                    .iter()
                    .find_map(|a| wr.fields.iter().find(|f| &f.name == a))
            });
            match wf {
                Some(wf) => {
                    let found = self.check(rf.ty, wf.ty);
                    out.extend(under(&found, &["fields", &pos, "type"]));
                }
                None if rf.default.is_none() => out.push(
                    Rel::new(
                        "READER_FIELD_MISSING_DEFAULT_VALUE",
                        "field `{}` was added to {reader} without a default: records written \
                         with {writer} have no value for it",
                        vec![format!("{}.{}", rr.name.short(), rf.name)],
                    )
                    .at(&pos)
                    .at("fields"),
                ),
                None => {}
            }
        }
    }
}

/// Whether reading `wn` with `rn` can succeed at all: the same kind (with matching names
/// for named types) or a promotion. When it cannot, comparing them finds an incompatibility
/// at their root whatever else it finds.
fn may_read(rn: &Node, wn: &Node) -> bool {
    if rn.ty.kind() == wn.ty.kind() {
        return names_match(rn, wn);
    }
    promotes(&rn.ty, &wn.ty)
}

/// The specification's promotions: what the writer wrote, the reader may read as.
fn promotes(reader: &Type, writer: &Type) -> bool {
    matches!(
        (reader, writer),
        (Type::Long, Type::Int)
            | (Type::Float, Type::Int | Type::Long)
            | (Type::Double, Type::Int | Type::Long | Type::Float)
            | (Type::Bytes, Type::String)
            | (Type::String, Type::Bytes)
    )
}

/// Java's `schemaNameEquals`: equal unqualified names, or a reader alias equal to the writer's
/// full name. Types without names match.
fn names_match(rn: &Node, wn: &Node) -> bool {
    let (Some(rname), Some(wname)) = (rn.ty.name(), wn.ty.name()) else {
        return true;
    };
    let aliases = match &rn.ty {
        Type::Record(x) => &x.aliases,
        Type::Enum(x) => &x.aliases,
        Type::Fixed(x) => &x.aliases,
        _ => return true,
    };
    rname.short() == wname.short() || aliases.contains(&wname.full)
}

fn missing_branch(rn: &Node, wn: &Node) -> Rel {
    Rel::new(
        "MISSING_UNION_BRANCH",
        "{reader} reads {} as a union with no branch for the {} that {writer} can write there",
        vec![rn.label.clone(), describe(wn)],
    )
}

fn describe(n: &Node) -> String {
    match &n.logical {
        Some(l) => format!("{} ({l})", n.ty.describe()),
        None => n.ty.describe(),
    }
}

fn mismatch(rn: &Node, wn: &Node) -> Rel {
    let numeric = |t: &Type| matches!(t, Type::Int | Type::Long | Type::Float | Type::Double);
    let why = if numeric(&rn.ty) && numeric(&wn.ty) {
        format!(
            "a {} does not fit in {} {}",
            wn.ty.kind(),
            if matches!(rn.ty, Type::Int) { "an" } else { "a" },
            rn.ty.kind()
        )
    } else {
        format!(
            "Avro's schema resolution has no promotion from {} to {}",
            wn.ty.kind(),
            rn.ty.kind()
        )
    };
    Rel::new(
        "TYPE_MISMATCH",
        "{reader} reads {} as {}, but {writer} wrote {} there: {}",
        vec![rn.label.clone(), describe(rn), describe(wn), why],
    )
}

/// The specification's rule Java does not apply: two decimals match only when their precision
/// and scale are equal.
fn decimals(rn: &Node, wn: &Node) -> Option<Rel> {
    let ((rp, rs), (wp, ws)) = (rn.decimal?, wn.decimal?);
    if (rp, rs) == (wp, ws) {
        return None;
    }
    Some(Rel::new(
        "TYPE_MISMATCH",
        "{reader} reads {} as decimal({}, {}), but {writer} wrote decimal({}, {}): decimals \
         match only when their precision and scale are equal",
        vec![
            rn.label.clone(),
            rp.to_string(),
            rs.to_string(),
            wp.to_string(),
            ws.to_string(),
        ],
    ))
}
