//! Confluent's `SchemaDiff` / `MessageSchemaDiff` / `FieldSchemaDiff`, keeping only the
//! incompatible differences. `w` is Confluent's *original* (the writer), `r` its *update* (the
//! reader).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::{Field, FieldType, Label, Model as Schema, Schema as Parsed, TypeId};
use crate::{limits, Finding};

/// The kind of the finding added when a comparison stops at one of its limits.
pub const COMPARISON_LIMIT: &str = "COMPARISON_LIMIT";

/// How deep messages may be compared inside one another's fields (`A.f` is a `B`, whose `g` is a
/// `C`, …) before the comparison stops: four times the nesting a file may have.
pub const COMPARE_DEPTH: usize = 4 * limits::MAX_DEPTH;

/// The most findings one comparison lists; past it the comparison stops and says so.
pub const MAX_FINDINGS: usize = 1000;

pub(super) fn compare(reader: &Parsed, writer: &Parsed) -> Vec<Finding> {
    let (reader, writer) = (reader.0.as_ref(), writer.0.as_ref());
    let mut ctx = Ctx {
        w: writer,
        r: reader,
        memo: HashMap::new(),
        in_progress: HashSet::new(),
        nested_memo: HashMap::new(),
        nested_in_progress: HashSet::new(),
        work: 0,
        depth: 0,
        stopped: None,
        out: Vec::new(),
        seen: HashSet::new(),
    };
    if writer.package != reader.package {
        ctx.emit(Finding::new(
            "PACKAGE_CHANGED",
            "#/",
            "the package is `{}` in {reader} but `{}` in {writer}: every message's full name changes, and readers that look types up by name no longer find them",
            [shown(&reader.package), shown(&writer.package)],
        ));
    }
    ctx.types(&writer.top, &reader.top);
    let mut out = ctx.out;
    if let Some(why) = ctx.stopped {
        out.push(Finding::new(
            COMPARISON_LIMIT,
            "#/",
            "{reader} and {writer} were not compared to the end: {}",
            [why],
        ));
    }
    out
}

fn shown(package: &str) -> String {
    if package.is_empty() {
        "(none)".into()
    } else {
        package.to_owned()
    }
}

/// One comparison. Each finding is reported once, where it is found: a message pair's own
/// findings at the message's location, and a field naming a message that cannot read its writer
/// once more as `FIELD_NAMED_TYPE_CHANGED` at the field. The comparing functions answer whether
/// they found anything, so that a field knows whether to report its message type.
struct Ctx<'a> {
    w: &'a Schema,
    r: &'a Schema,
    /// Whether a pair of messages (writer's, reader's) was found incompatible.
    memo: HashMap<(usize, usize), bool>,
    in_progress: HashSet<(usize, usize)>,
    /// Whether the nested types of a pair of messages were found incompatible.
    nested_memo: HashMap<(usize, usize), bool>,
    nested_in_progress: HashSet<(usize, usize)>,
    work: usize,
    /// Pairs of messages being compared inside one another.
    depth: usize,
    /// Why the comparison stopped before its end.
    stopped: Option<String>,
    out: Vec<Finding>,
    seen: HashSet<(&'static str, String, Vec<String>)>,
}

impl Ctx<'_> {
    fn stop(&mut self, why: String) {
        if self.stopped.is_none() {
            self.stopped = Some(why);
        }
    }

    /// One step of the work budget; `false` once the comparison has stopped.
    fn step(&mut self) -> bool {
        self.work += 1;
        if self.work > limits::MAX_COMPARISONS {
            self.stop(format!(
                "it stopped after {} steps, so incompatibilities may be missing",
                limits::MAX_COMPARISONS
            ));
        }
        self.stopped.is_none()
    }

    /// Reports `f` once; past [`MAX_FINDINGS`] the comparison stops.
    fn emit(&mut self, f: Finding) {
        if self.stopped.is_some() {
            return;
        }
        let key = (f.kind, f.location.clone(), f.args.clone());
        if self.seen.contains(&key) {
            return;
        }
        if self.out.len() >= MAX_FINDINGS {
            self.stop(format!(
                "it stopped at {MAX_FINDINGS} incompatibilities, and the rest are left out"
            ));
            return;
        }
        self.seen.insert(key);
        self.out.push(f);
    }

    /// Reports `f` and notes that something was found.
    fn found(&mut self, bad: &mut bool, f: Finding) {
        *bad = true;
        self.emit(f);
    }

    /// Confluent's `compareTypeElements`: messages matched by name within one scope. Whether
    /// anything was found.
    fn types(&mut self, w: &[TypeId], r: &[TypeId]) -> bool {
        let (ws, rs) = (self.w, self.r);
        fn messages<'s>(schema: &'s Schema, ids: &[TypeId]) -> BTreeMap<&'s str, usize> {
            ids.iter()
                .filter_map(|id| match id {
                    TypeId::Message(i) => Some((schema.messages[*i].name.as_str(), *i)),
                    TypeId::Enum(_) => None,
                })
                .collect()
        }
        let wm = messages(ws, w);
        let rm = messages(rs, r);
        let mut bad = false;
        for (name, wi) in &wm {
            if self.stopped.is_some() {
                break;
            }
            match rm.get(name) {
                None => {
                    let local = &ws.messages[*wi].local;
                    self.found(
                        &mut bad,
                        Finding::new(
                            "MESSAGE_REMOVED",
                            format!("#/{}", local.replace('.', "/")),
                            "message `{}` is in {writer} but not in {reader}: records {writer} wrote as that message cannot be read",
                            [local.clone()],
                        ),
                    );
                }
                Some(ri) => bad |= self.message(*wi, *ri),
            }
        }
        bad
    }

    /// Confluent's `MessageSchemaDiff.compare`, once per pair of messages (a pair met again
    /// counts as a step of the budget). Whether anything was found.
    fn message(&mut self, wi: usize, ri: usize) -> bool {
        if !self.step() {
            return false;
        }
        if let Some(bad) = self.memo.get(&(wi, ri)) {
            return *bad;
        }
        if self.in_progress.contains(&(wi, ri)) {
            // A message reached again through its own fields: Confluent compares only its nested
            // types then.
            return self.nested(wi, ri);
        }
        if self.depth >= COMPARE_DEPTH {
            self.stop(format!(
                "messages are compared inside one another's fields more than {COMPARE_DEPTH} deep, so incompatibilities may be missing"
            ));
            return false;
        }
        self.depth += 1;
        self.in_progress.insert((wi, ri));
        let bad = self.message_body(wi, ri);
        self.in_progress.remove(&(wi, ri));
        self.depth -= 1;
        self.memo.insert((wi, ri), bad);
        bad
    }

    /// The nested types of a pair of messages, compared once. A pair whose nested types are
    /// reached again while they are being compared counts as compatible there.
    ///
    /// No depth is counted here: this is only called for a pair whose [`Ctx::message`] is under
    /// way, and at most once per pair at a time, so these calls are at most as deep as those.
    fn nested(&mut self, wi: usize, ri: usize) -> bool {
        if let Some(bad) = self.nested_memo.get(&(wi, ri)) {
            return *bad;
        }
        if !self.nested_in_progress.insert((wi, ri)) {
            return false;
        }
        let (w, r) = (self.w, self.r);
        let bad = self.types(&w.messages[wi].nested, &r.messages[ri].nested);
        self.nested_in_progress.remove(&(wi, ri));
        self.nested_memo.insert((wi, ri), bad);
        bad
    }

    fn message_body(&mut self, wi: usize, ri: usize) -> bool {
        let (w, r) = (self.w, self.r);
        let (wm, rm) = (&w.messages[wi], &r.messages[ri]);
        let mut bad = false;
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
                self.found(
                    &mut bad,
                    Finding::new(
                        kind,
                        format!("{base}/{oneof}"),
                        template,
                        [oneof.clone(), joined.join(", ")],
                    ),
                );
            }
        }

        let numbers: BTreeSet<u32> = wf.keys().chain(rf.keys()).copied().collect();
        for n in numbers {
            if self.stopped.is_some() {
                return bad;
            }
            match (wf.get(&n), rf.get(&n)) {
                (Some(old), None) => match old.oneof {
                    Some(o) if !deleted.contains(&o) => self.found(&mut bad, Finding::new(
                        "ONEOF_FIELD_REMOVED",
                        format!("{base}/{}/{n}", wm.oneofs[o]),
                        "field `{}` (number {}) of oneof `{}` in {writer} is not in {reader}: a record whose oneof holds it reads as if the oneof were unset",
                        [old.name.clone(), n.to_string(), wm.oneofs[o].clone()],
                    )),
                    Some(_) => {}
                    None if old.label == Some(Label::Required) => self.found(&mut bad, Finding::new(
                        "REQUIRED_FIELD_REMOVED",
                        format!("{base}/{n}"),
                        "field `{}` (number {}) is required in {writer} but {reader} does not have it: a required field can never be removed, since readers on {writer} reject every record without it",
                        [old.name.clone(), n.to_string()],
                    )),
                    None => {}
                },
                (None, Some(new)) => {
                    if new.oneof.is_none() && new.label == Some(Label::Required) {
                        self.found(&mut bad, Finding::new(
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
                    self.labels_and_types(&field, old.label, new.label, &old.ty, &new.ty, &mut bad);
                }
                (None, None) => {}
            }
        }
        bad |= self.nested(wi, ri);
        bad
    }

    /// Confluent's `FieldSchemaDiff.compareLabelsAndTypes`.
    fn labels_and_types(
        &mut self,
        f: &FieldCtx<'_>,
        wl: Option<Label>,
        rl: Option<Label>,
        wt: &FieldType,
        rt: &FieldType,
        bad: &mut bool,
    ) {
        let wk = kind(self.w, f.w_scope, wt);
        let rk = kind(self.r, f.r_scope, rt);
        match (wk, rk) {
            (Kind::Scalar(wg, wn), Kind::Scalar(rg, rn)) => {
                if wg != rg {
                    self.found(bad, Finding::new(
                        "FIELD_SCALAR_KIND_CHANGED",
                        f.at.clone(),
                        "field `{}` (number {}) is {} in {reader} but {} in {writer}: its bytes cannot be read",
                        [f.name.to_owned(), f.number.to_string(), rn, wn],
                    ));
                } else if let (Some(a), Some(b)) = (wl, rl) {
                    if a != b && wg != Group::StringOrBytes {
                        self.found(bad, Finding::new(
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
                    self.labels_and_types(f, None, None, wkey, rkey, bad);
                    self.labels_and_types(f, None, None, wval, rval, bad);
                }
            }
            (Kind::Message(wname), Kind::Message(rname)) => self.message_types(f, wname, rname, bad),
            (a, b) => self.found(
                bad,
                Finding::new(
                    "FIELD_KIND_CHANGED",
                    f.at.clone(),
                    "field `{}` (number {}) is {} in {reader} but {} in {writer}: its bytes cannot be read",
                    [
                        f.name.to_owned(),
                        f.number.to_string(),
                        b.describe(rt),
                        a.describe(wt),
                    ],
                ),
            ),
        }
    }

    /// Confluent's `FieldSchemaDiff.compareMessageTypes`.
    fn message_types(&mut self, f: &FieldCtx<'_>, wname: String, rname: String, bad: &mut bool) {
        let (w, r) = (self.w, self.r);
        let wfound = w.lookup(Some(f.w_scope), &wname);
        let rfound = r.lookup(Some(f.r_scope), &rname);
        let (Some(TypeId::Message(wi)), Some(TypeId::Message(ri))) = (wfound, rfound) else {
            if wname != rname {
                self.found(bad, Finding::new(
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
            self.found(bad, Finding::new(
                "FIELD_NAMED_TYPE_CHANGED",
                f.at.clone(),
                "field `{}` (number {}) is a `{}` message in {reader} but a `{}` message in {writer}: they are different types",
                [f.name.to_owned(), f.number.to_string(), rlocal.to_owned(), wlocal.to_owned()],
            ));
            return;
        }
        // The message's own findings are reported at its location, once, however many fields
        // name it; each such field only says that it names an incompatible message.
        if self.message(wi, ri) {
            self.found(bad, Finding::new(
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
