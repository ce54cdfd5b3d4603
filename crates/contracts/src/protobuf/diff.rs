//! Confluent's `SchemaDiff` / `MessageSchemaDiff` / `FieldSchemaDiff`, keeping only the
//! incompatible differences. `w` is Confluent's *original* (the writer), `r` its *update* (the
//! reader).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::rc::Rc;

use super::{Field, FieldType, Label, Model as Schema, Schema as Parsed, TypeId};
use crate::{limits, Finding};

pub(super) fn compare(reader: &Parsed, writer: &Parsed) -> Vec<Finding> {
    let (reader, writer) = (reader.0.as_ref(), writer.0.as_ref());
    let mut ctx = Ctx {
        w: writer,
        r: reader,
        memo: HashMap::new(),
        in_progress: HashSet::new(),
        work: 0,
        stopped: false,
    };
    let mut out = Vec::new();
    if writer.package != reader.package {
        out.push(Finding::new(
            "PACKAGE_CHANGED",
            "#/",
            "the package is `{}` in {reader} but `{}` in {writer}: every message's full name changes, and readers that look types up by name no longer find them",
            [shown(&reader.package), shown(&writer.package)],
        ));
    }
    out.extend(ctx.types(&writer.top, &reader.top));
    if ctx.stopped {
        out.push(Finding::new(
            "COMPARISON_LIMIT",
            "#/",
            "the comparison of {reader} with {writer} stopped after {} steps: the findings are incomplete",
            [limits::MAX_COMPARISONS.to_string()],
        ));
    }
    let mut seen = HashSet::new();
    out.retain(|f| seen.insert((f.kind, f.location.clone(), f.args.clone())));
    out
}

fn shown(package: &str) -> String {
    if package.is_empty() {
        "(none)".into()
    } else {
        package.to_owned()
    }
}

struct Ctx<'a> {
    w: &'a Schema,
    r: &'a Schema,
    memo: HashMap<(usize, usize), Rc<Vec<Finding>>>,
    in_progress: HashSet<(usize, usize)>,
    work: usize,
    stopped: bool,
}

impl Ctx<'_> {
    fn step(&mut self) -> bool {
        self.work += 1;
        if self.work > limits::MAX_COMPARISONS {
            self.stopped = true;
        }
        !self.stopped
    }

    /// Confluent's `compareTypeElements`: messages matched by name within one scope.
    fn types(&mut self, w: &[TypeId], r: &[TypeId]) -> Vec<Finding> {
        let messages = |schema: &Schema, ids: &[TypeId]| -> BTreeMap<String, usize> {
            ids.iter()
                .filter_map(|id| match id {
                    TypeId::Message(i) => Some((schema.messages[*i].name.clone(), *i)),
                    TypeId::Enum(_) => None,
                })
                .collect()
        };
        let wm = messages(self.w, w);
        let rm = messages(self.r, r);
        let mut out = Vec::new();
        for (name, wi) in &wm {
            match rm.get(name) {
                None => {
                    let local = &self.w.messages[*wi].local;
                    out.push(Finding::new(
                        "MESSAGE_REMOVED",
                        format!("#/{}", local.replace('.', "/")),
                        "message `{}` is in {writer} but not in {reader}: records {writer} wrote as that message cannot be read",
                        [local.clone()],
                    ));
                }
                Some(ri) => out.extend(self.message(*wi, *ri).iter().cloned()),
            }
        }
        out
    }

    /// Confluent's `MessageSchemaDiff.compare`, once per pair of messages.
    fn message(&mut self, wi: usize, ri: usize) -> Rc<Vec<Finding>> {
        if let Some(done) = self.memo.get(&(wi, ri)) {
            return done.clone();
        }
        if !self.step() {
            return Rc::new(Vec::new());
        }
        let (w, r) = (self.w, self.r);
        let (wm, rm) = (&w.messages[wi], &r.messages[ri]);
        if !self.in_progress.insert((wi, ri)) {
            // A message reached again through its own fields: Confluent compares only its nested
            // types then.
            return Rc::new(self.types(&wm.nested, &rm.nested));
        }
        let mut out = Vec::new();
        let base = format!("#/{}", wm.local.replace('.', "/"));
        let wf: BTreeMap<u32, &Field> = wm.fields.iter().map(|f| (f.number, f)).collect();
        let rf: BTreeMap<u32, &Field> = rm.fields.iter().map(|f| (f.number, f)).collect();

        // Oneofs of the writer none of whose fields survive: deleting them whole is compatible.
        // Sets, not lists: a message may have thousands of oneofs and fields.
        let r_oneofs: HashSet<&str> = rm.oneofs.iter().map(String::as_str).collect();
        let surviving: HashSet<usize> = wm
            .fields
            .iter()
            .filter(|f| rf.contains_key(&f.number))
            .filter_map(|f| f.oneof)
            .collect();
        let deleted: HashSet<usize> = (0..wm.oneofs.len())
            .filter(|o| !r_oneofs.contains(wm.oneofs[*o].as_str()) && !surviving.contains(o))
            .collect();

        // Fields joined in a oneof of the reader that were independent in the writer.
        let mut members: Vec<Vec<&Field>> = vec![Vec::new(); rm.oneofs.len()];
        for f in &rm.fields {
            if let Some(o) = f.oneof {
                members[o].push(f);
            }
        }
        for (oneof, fields) in rm.oneofs.iter().zip(&members) {
            let mut groups = BTreeSet::new();
            let mut top_level = Vec::new();
            let mut joined = Vec::new();
            for f in fields {
                if let Some(old) = wf.get(&f.number) {
                    joined.push(format!("`{}` ({})", old.name, f.number));
                    match old.oneof {
                        Some(wo) => groups.insert(format!("oneof:{}", wm.oneofs[wo])),
                        None => {
                            top_level.push(f.number);
                            groups.insert(format!("field:{}", f.number))
                        }
                    };
                }
            }
            if groups.len() > 1 {
                let (kind, template) = if top_level.len() > 1 {
                    (
                        "MULTIPLE_FIELDS_MOVED_TO_ONEOF",
                        "oneof `{}` in {reader} joins fields that are separate in {writer} ({}): a record written with more than one of them set keeps only one",
                    )
                } else {
                    (
                        "FIELD_MOVED_TO_EXISTING_ONEOF",
                        "oneof `{}` in {reader} joins fields that {writer} writes outside it or in another oneof ({}): a record written with more than one of them set keeps only one",
                    )
                };
                out.push(Finding::new(
                    kind,
                    format!("{base}/{oneof}"),
                    template,
                    [oneof.clone(), joined.join(", ")],
                ));
            }
        }

        let numbers: BTreeSet<u32> = wf.keys().chain(rf.keys()).copied().collect();
        for n in numbers {
            match (wf.get(&n), rf.get(&n)) {
                (Some(old), None) => match old.oneof {
                    Some(o) if !deleted.contains(&o) => out.push(Finding::new(
                        "ONEOF_FIELD_REMOVED",
                        format!("{base}/{}/{n}", wm.oneofs[o]),
                        "field `{}` (number {}) of oneof `{}` in {writer} is not in {reader}: a record whose oneof holds it reads as if the oneof were unset",
                        [old.name.clone(), n.to_string(), wm.oneofs[o].clone()],
                    )),
                    Some(_) => {}
                    None if old.label == Some(Label::Required) => out.push(Finding::new(
                        "REQUIRED_FIELD_REMOVED",
                        format!("{base}/{n}"),
                        "field `{}` (number {}) is required in {writer} but {reader} does not have it: a required field can never be removed, since readers on {writer} reject every record without it",
                        [old.name.clone(), n.to_string()],
                    )),
                    None => {}
                },
                (None, Some(new)) => {
                    if new.oneof.is_none() && new.label == Some(Label::Required) {
                        out.push(Finding::new(
                            "REQUIRED_FIELD_ADDED",
                            format!("{base}/{n}"),
                            "field `{}` (number {}) is required in {reader} but {writer} does not have it: records written with {writer} lack it and fail to parse",
                            [new.name.clone(), n.to_string()],
                        ));
                    }
                }
                (Some(old), Some(new)) => {
                    let at = match new.oneof {
                        Some(o) => format!("{base}/{}/{n}", rm.oneofs[o]),
                        None => format!("{base}/{n}"),
                    };
                    let field = FieldCtx {
                        at,
                        name: &new.name,
                        number: n,
                        w_scope: wi,
                        r_scope: ri,
                    };
                    self.labels_and_types(&field, old.label, new.label, &old.ty, &new.ty, &mut out);
                }
                (None, None) => {}
            }
        }
        out.extend(self.types(&wm.nested, &rm.nested));
        self.in_progress.remove(&(wi, ri));
        let out = Rc::new(out);
        self.memo.insert((wi, ri), out.clone());
        out
    }

    /// Confluent's `FieldSchemaDiff.compareLabelsAndTypes`.
    fn labels_and_types(
        &mut self,
        f: &FieldCtx<'_>,
        wl: Option<Label>,
        rl: Option<Label>,
        wt: &FieldType,
        rt: &FieldType,
        out: &mut Vec<Finding>,
    ) {
        let wk = kind(self.w, f.w_scope, wt);
        let rk = kind(self.r, f.r_scope, rt);
        match (wk, rk) {
            (Kind::Scalar(wg, wn), Kind::Scalar(rg, rn)) => {
                if wg != rg {
                    out.push(Finding::new(
                        "FIELD_SCALAR_KIND_CHANGED",
                        f.at.clone(),
                        "field `{}` (number {}) is {} in {reader} but {} in {writer}: its bytes cannot be read",
                        [f.name.to_owned(), f.number.to_string(), rn, wn],
                    ));
                } else if let (Some(a), Some(b)) = (wl, rl) {
                    if a != b && wg != Group::StringOrBytes {
                        out.push(Finding::new(
                            "FIELD_NUMERIC_LABEL_CHANGED",
                            f.at.clone(),
                            "field `{}` (number {}) is `{} {}` in {reader} but `{} {}` in {writer}: a number cannot change between single and repeated",
                            [f.name.to_owned(), f.number.to_string(), b.word().into(), rt.spelled(), a.word().into(), wt.spelled()],
                        ));
                    }
                }
            }
            (Kind::Map, Kind::Map) => {
                if let (FieldType::Map(wkey, wval), FieldType::Map(rkey, rval)) = (wt, rt) {
                    self.labels_and_types(f, None, None, wkey, rkey, out);
                    self.labels_and_types(f, None, None, wval, rval, out);
                }
            }
            (Kind::Message(wname), Kind::Message(rname)) => self.message_types(f, wname, rname, out),
            (a, b) => out.push(Finding::new(
                "FIELD_KIND_CHANGED",
                f.at.clone(),
                "field `{}` (number {}) is {} in {reader} but {} in {writer}: its bytes cannot be read",
                [
                    f.name.to_owned(),
                    f.number.to_string(),
                    b.describe(rt),
                    a.describe(wt),
                ],
            )),
        }
    }

    /// Confluent's `FieldSchemaDiff.compareMessageTypes`.
    fn message_types(&mut self, f: &FieldCtx<'_>, wname: String, rname: String, out: &mut Vec<Finding>) {
        let (w, r) = (self.w, self.r);
        let wfound = w.lookup(Some(f.w_scope), &wname);
        let rfound = r.lookup(Some(f.r_scope), &rname);
        let (Some(TypeId::Message(wi)), Some(TypeId::Message(ri))) = (wfound, rfound) else {
            if wname != rname {
                out.push(Finding::new(
                    "FIELD_NAMED_TYPE_CHANGED",
                    f.at.clone(),
                    "field `{}` (number {}) is a `{}` in {reader} but a `{}` in {writer}; a type from an import is compared by its name only (imports are not read)",
                    [f.name.to_owned(), f.number.to_string(), rname, wname],
                ));
            }
            return;
        };
        let wlocal = w.local(TypeId::Message(wi));
        let rlocal = r.local(TypeId::Message(ri));
        if wlocal != rlocal {
            out.push(Finding::new(
                "FIELD_NAMED_TYPE_CHANGED",
                f.at.clone(),
                "field `{}` (number {}) is a `{}` message in {reader} but a `{}` message in {writer}: they are different types",
                [f.name.to_owned(), f.number.to_string(), rlocal.to_owned(), wlocal.to_owned()],
            ));
            return;
        }
        let inner = self.message(wi, ri);
        if !inner.is_empty() {
            out.extend(inner.iter().cloned());
            out.push(Finding::new(
                "FIELD_NAMED_TYPE_CHANGED",
                f.at.clone(),
                "field `{}` (number {}) is a `{}` message, and {reader}'s `{}` cannot read {writer}'s (see the findings under `#/{}`)",
                [f.name.to_owned(), f.number.to_string(), rlocal.to_owned(), rlocal.to_owned(), rlocal.replace('.', "/")],
            ));
        }
    }
}

struct FieldCtx<'a> {
    at: String,
    name: &'a str,
    number: u32,
    /// The messages (writer's, reader's) whose field this is.
    w_scope: usize,
    r_scope: usize,
}

/// The wire-compatible groups of `FieldSchemaDiff.scalarKind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Group {
    GeneralNumber,
    SignedNumber,
    StringOrBytes,
    Fixed32,
    Fixed64,
    Float,
    Double,
}

enum Kind {
    /// The group and how to name the type in a message.
    Scalar(Group, String),
    Map,
    /// The name as spelled.
    Message(String),
}

impl Kind {
    fn describe(&self, ty: &FieldType) -> String {
        match self {
            Kind::Scalar(_, name) => format!("a scalar ({name})"),
            Kind::Map => format!("a map (`{}`)", ty.spelled()),
            Kind::Message(name) => format!("a message (`{name}`)"),
        }
    }
}

fn kind(schema: &Schema, scope: usize, ty: &FieldType) -> Kind {
    match ty {
        FieldType::Scalar(s) => Kind::Scalar(group(s), format!("a `{s}`")),
        FieldType::Map(..) => Kind::Map,
        FieldType::Named(n) => match schema.lookup(Some(scope), n) {
            Some(TypeId::Enum(_)) => Kind::Scalar(Group::GeneralNumber, format!("the enum `{n}`")),
            _ => Kind::Message(n.clone()),
        },
    }
}

fn group(scalar: &str) -> Group {
    match scalar {
        "sint32" | "sint64" => Group::SignedNumber,
        "string" | "bytes" => Group::StringOrBytes,
        "fixed32" | "sfixed32" => Group::Fixed32,
        "fixed64" | "sfixed64" => Group::Fixed64,
        "float" => Group::Float,
        "double" => Group::Double,
        _ => Group::GeneralNumber,
    }
}
