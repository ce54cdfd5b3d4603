//! Confluent's `SchemaDiff.compareTypes` and the diffs of strings, numbers, enums, consts,
//! combined and `not` schemas, keeping only incompatible differences. `w` is Confluent's
//! *original* (the writer), `r` its *update* (the reader). Locations are relative to the pair
//! being compared (no `#/`), rebased as the comparison returns.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::{scalars, shapes, Crit, Kind, Model};
use crate::{limits, Finding};

/// Pairs of subschemas compared inside one another at most (the stack's bound), whatever leads
/// from one to the next: properties, references, `not`s.
const MAX_NESTED_PAIRS: usize = 2 * limits::MAX_DEPTH;

/// Findings one comparison reports at most; the rest are left out, and one more finding
/// (`COMPARISON_LIMIT`) says how many.
pub const MAX_FINDINGS: usize = 1_000;

/// Elements of lists (properties, enum values, patterns tried) scanned in one comparison step.
const SCAN_PER_STEP: usize = 16;

/// A pair compared: whether the comparison runs the other way round (inside an odd number of
/// `not`s), the writer's node, the reader's node.
type Key = (bool, usize, usize);

pub(super) fn compare(reader: &Model, writer: &Model) -> Vec<Finding> {
    let work = Rc::new(Cell::new(0usize));
    let mut seed: HashMap<Key, Rc<Vec<Finding>>> = HashMap::new();
    loop {
        let mut ctx = Ctx::new(writer, reader, work.clone(), seed.clone());
        let found = ctx.compare(Some(writer.root), Some(reader.root));
        let incompatible: HashMap<_, _> = ctx
            .memo
            .iter()
            .filter(|(_, d)| !d.is_empty())
            .map(|(k, d)| (*k, d.clone()))
            .collect();
        let stopped = work.get() > limits::MAX_COMPARISONS;
        let same = incompatible.len() == seed.len() && incompatible.keys().all(|k| seed.contains_key(k));
        if stopped || !ctx.optimism || same {
            let mut out: Vec<Finding> = found
                .into_iter()
                .map(|mut f| {
                    f.location = format!("#/{}", f.location);
                    f
                })
                .collect();
            let mut seen = HashSet::new();
            out.retain(|f| seen.insert((f.kind, f.location.clone())));
            let left_out = out.len().saturating_sub(MAX_FINDINGS);
            out.truncate(MAX_FINDINGS);
            if stopped {
                out.push(Finding::new(
                    "COMPARISON_LIMIT",
                    "#/",
                    "the comparison of {reader} with {writer} stopped (after {} steps, or {} subschemas compared inside one another through references): the findings are incomplete",
                    [limits::MAX_COMPARISONS.to_string(), MAX_NESTED_PAIRS.to_string()],
                ));
            } else if left_out > 0 {
                out.push(Finding::new(
                    "COMPARISON_LIMIT",
                    "#/",
                    "{reader} and {writer} differ in more places than are listed here: {} more findings were left out after the first {}",
                    [left_out.to_string(), MAX_FINDINGS.to_string()],
                ));
            }
            return out;
        }
        seed = incompatible;
    }
}

/// A finding at the root of the pair being compared.
pub(super) fn here(kind: &'static str, template: &'static str, args: Vec<String>) -> Finding {
    Finding::new(kind, "", template, args)
}

/// A finding at `path` below the pair being compared.
pub(super) fn at(path: &str, kind: &'static str, template: &'static str, args: Vec<String>) -> Finding {
    Finding::new(kind, path, template, args)
}

/// `findings`, found relative to `path`, made relative to the pair being compared.
pub(super) fn rebase(path: &str, findings: Vec<Finding>) -> impl Iterator<Item = Finding> + '_ {
    findings.into_iter().map(move |mut f| {
        f.location = if f.location.is_empty() {
            path.to_owned()
        } else {
            format!("{path}/{}", f.location)
        };
        f
    })
}

pub(super) struct Ctx<'a> {
    /// The writer and the reader of the pairs being compared: swapped inside a `not`.
    pub w: &'a Model,
    pub r: &'a Model,
    /// Whether `w` and `r` are swapped.
    flipped: bool,
    memo: HashMap<Key, Rc<Vec<Finding>>>,
    in_progress: HashSet<Key>,
    /// Pairs being compared inside one another now (the depth of the recursion).
    nested: usize,
    seed: HashMap<Key, Rc<Vec<Finding>>>,
    optimism: bool,
    work: Rc<Cell<usize>>,
}

impl<'a> Ctx<'a> {
    fn new(w: &'a Model, r: &'a Model, work: Rc<Cell<usize>>, seed: HashMap<Key, Rc<Vec<Finding>>>) -> Self {
        Ctx {
            w,
            r,
            flipped: false,
            memo: HashMap::new(),
            in_progress: HashSet::new(),
            nested: 0,
            seed,
            optimism: false,
            work,
        }
    }

    /// Swaps the writer and the reader (a `not` compares its subschemas the other way round).
    /// The same memo, fixpoint and nesting bound apply on both sides of a `not`: a fresh
    /// context for each `not` let `{"not": {"$ref": "#"}}` recurse without bound.
    fn flip(&mut self) {
        std::mem::swap(&mut self.w, &mut self.r);
        self.flipped = !self.flipped;
    }

    /// Confluent's `SchemaDiff.compare`: absent subschemas, `$ref`s followed, memoised.
    pub fn compare(&mut self, o: Option<usize>, u: Option<usize>) -> Vec<Finding> {
        let (o, u) = match (o, u) {
            (None, None) | (Some(_), None) => return Vec::new(),
            (None, Some(_)) => {
                return vec![here(
                    "SCHEMA_ADDED",
                    "{reader} has a schema here where {writer} has none (any value): values {writer} accepts may be rejected",
                    vec![],
                )]
            }
            (Some(o), Some(u)) => (follow(self.w, o), follow(self.r, u)),
        };
        let key = (self.flipped, o, u);
        if let Some(done) = self.memo.get(&key) {
            let done = done.clone();
            return self.deliver(&done);
        }
        if self.work.get() > limits::MAX_COMPARISONS {
            return Vec::new();
        }
        if self.nested >= MAX_NESTED_PAIRS {
            // Comparisons nested this deep only come from references leading to references:
            // the whole comparison stops (with a finding saying so) before the stack runs out.
            self.work.set(usize::MAX);
            return Vec::new();
        }
        if !self.in_progress.insert(key) {
            if let Some(known) = self.seed.get(&key) {
                let known = known.clone();
                return self.deliver(&known);
            }
            self.optimism = true;
            return Vec::new();
        }
        self.work.set(self.work.get().saturating_add(1));
        self.nested += 1;
        let found = Rc::new(self.types(o, u));
        self.nested -= 1;
        self.in_progress.remove(&key);
        let found = self.deliver(&found);
        self.memo.insert(key, Rc::new(found.clone()));
        found
    }

    /// Counts a scan of `elements` (properties, values, patterns) as work: a step over two lists
    /// of thousands is more than one step, and such a pair can be met under many others. Says
    /// whether the comparison is still within its budget.
    pub fn charge(&mut self, elements: usize) -> bool {
        let work = self.work.get().saturating_add(elements / SCAN_PER_STEP);
        self.work.set(work);
        work <= limits::MAX_COMPARISONS
    }

    /// A result handed to the pair that asked for it: its findings are counted as work (at
    /// least one step), and once the comparison is past its budget nothing more is handed on.
    /// A result met again and again (a memoised pair under each of several properties, at each
    /// of several levels) would otherwise be copied a number of times exponential in the
    /// nesting, each copy re-based under its parent, without a step counted.
    fn deliver(&mut self, found: &[Finding]) -> Vec<Finding> {
        let work = self.work.get().saturating_add(found.len().max(1));
        self.work.set(work);
        if work > limits::MAX_COMPARISONS {
            Vec::new()
        } else {
            found.to_vec()
        }
    }

    /// Whether `r`'s `u` reads everything `w`'s `o` accepts.
    pub fn compatible(&mut self, o: Option<usize>, u: Option<usize>) -> bool {
        self.compare(o, u).is_empty()
    }

    fn types(&mut self, o: usize, u: usize) -> Vec<Finding> {
        let (w, r) = (self.w, self.r);
        let (on, un) = (&w.nodes[o], &r.nodes[u]);
        match (&on.kind, &un.kind) {
            (Kind::Remote(a), Kind::Remote(b)) if a == b => return Vec::new(),
            (Kind::Remote(x), _) | (_, Kind::Remote(x)) => {
                return vec![here(
                    "REFERENCE_NOT_FOLLOWED",
                    "{reader} and {writer} differ here and one of them refers to `{}`, another document this check does not read: whether {reader} reads {writer}'s values is not known",
                    vec![x.clone()],
                )]
            }
            _ => {}
        }
        match (&on.kind, &un.kind) {
            (ok, Kind::Combined(crit, subs)) if !matches!(ok, Kind::Combined(..)) => {
                if subs.len() == 1 {
                    if self.compatible(Some(o), Some(subs[0])) {
                        return Vec::new();
                    }
                } else if *crit != Crit::AllOf {
                    for s in subs.clone() {
                        if self.compatible(Some(o), Some(s)) {
                            return Vec::new();
                        }
                    }
                }
            }
            (Kind::Combined(crit, subs), uk) if !matches!(uk, Kind::Combined(..)) => {
                if subs.len() == 1 {
                    if self.compatible(Some(subs[0]), Some(u)) {
                        return Vec::new();
                    }
                } else if *crit == Crit::AllOf {
                    for s in subs.clone() {
                        if self.compatible(Some(s), Some(u)) {
                            return Vec::new();
                        }
                    }
                }
            }
            _ => {}
        }
        if class(&on.kind) != class(&un.kind) {
            let open = matches!(un.kind, Kind::Empty | Kind::True | Kind::Ref(_));
            if matches!(on.kind, Kind::False) || open || (on.connect_bytes && un.connect_bytes) {
                return Vec::new();
            }
            return vec![here(
                "TYPE_CHANGED",
                "the value here is {} in {reader} but {} in {writer}: values {writer} accepts are rejected",
                vec![describe(&un.kind), describe(&on.kind)],
            )];
        }
        match (&on.kind, &un.kind) {
            (Kind::String { .. }, Kind::String { .. }) => scalars::string(&on.kind, &un.kind),
            (Kind::Number { .. }, Kind::Number { .. }) => scalars::number(&on.kind, &un.kind),
            (Kind::Enum(a), Kind::Enum(b)) => {
                self.charge(a.len() + b.len());
                scalars::enumeration(a, b)
            }
            (Kind::Const(a), Kind::Const(b)) if a != b => vec![at(
                "const",
                "ENUM_ARRAY_CHANGED",
                "the only value allowed is {} in {reader} but {} in {writer}",
                vec![b.to_string(), a.to_string()],
            )],
            (Kind::Combined(oc, os), Kind::Combined(uc, us)) => self.combined(*oc, os, *uc, us),
            (Kind::Not(a), Kind::Not(b)) => {
                // Reversed: what the reader excludes must be within what the writer excludes.
                self.flip();
                let excluded_within = self.compatible(Some(*b), Some(*a));
                self.flip();
                if excluded_within {
                    Vec::new()
                } else {
                    vec![at(
                        "not",
                        "NOT_TYPE_EXTENDED",
                        "{reader} excludes values with `not` that {writer} allows",
                        vec![],
                    )]
                }
            }
            (Kind::Object(a), Kind::Object(b)) => shapes::object(self, a, b),
            (Kind::Array(a), Kind::Array(b)) => shapes::array(self, a, b),
            _ => Vec::new(),
        }
    }

    /// Confluent's `CombinedSchemaDiff`.
    fn combined(&mut self, oc: Crit, os: &[usize], uc: Crit, us: &[usize]) -> Vec<Finding> {
        let mut out = Vec::new();
        if oc != uc {
            let (o1, u1) = (os.len() == 1, us.len() == 1);
            let extended =
                uc == Crit::AnyOf || (o1 && u1) || (o1 && uc == Crit::OneOf) || (u1 && oc == Crit::AllOf);
            if !extended {
                return vec![here(
                    "COMBINED_TYPE_CHANGED",
                    "the subschemas here are combined with `{}` in {reader} but `{}` in {writer}: values {writer} accepts may be rejected",
                    vec![uc.word().into(), oc.word().into()],
                )];
            }
        }
        self.charge(os.len() + us.len());
        let os = distinct(self.w, os);
        let us = distinct(self.r, us);
        if os.len() < us.len() && uc == Crit::AllOf {
            out.push(here(
                "PRODUCT_TYPE_EXTENDED",
                "`allOf` here has more subschemas in {reader} ({}) than in {writer} ({}): values must satisfy more of them",
                vec![us.len().to_string(), os.len().to_string()],
            ));
        } else if os.len() > us.len() && oc != Crit::AllOf {
            out.push(here(
                "SUM_TYPE_NARROWED",
                "`{}` here has fewer subschemas in {reader} ({}) than in {writer} ({}): values of the dropped ones are rejected",
                vec![oc.word().into(), us.len().to_string(), os.len().to_string()],
            ));
        }
        let mut edges = vec![Vec::new(); os.len()];
        for (i, a) in os.iter().enumerate() {
            for (j, b) in us.iter().enumerate() {
                if self.compatible(Some(*a), Some(*b)) {
                    edges[i].push(j);
                }
            }
        }
        if matching(&edges, us.len()) < os.len().min(us.len()) {
            out.push(here(
                "COMBINED_TYPE_SUBSCHEMAS_CHANGED",
                "the subschemas of `{}` here in {writer} cannot each be matched with a different subschema of {reader} that reads it",
                vec![oc.word().into()],
            ));
        }
        out
    }
}

/// Follows a `$ref` to the schema it names (the loader points each at the end of its chain; a
/// cycle of references alone is the empty schema).
fn follow(m: &Model, id: usize) -> usize {
    match m.nodes[id].kind {
        Kind::Ref(t) => t,
        _ => id,
    }
}

/// Subschemas without the duplicates (by their JSON and kind), in order.
fn distinct(m: &Model, ids: &[usize]) -> Vec<usize> {
    let mut seen = HashSet::new();
    ids.iter()
        .copied()
        .filter(|id| {
            let id = follow(m, *id);
            let n = &m.nodes[id];
            let integer = matches!(n.kind, Kind::Number { integer: true, .. });
            seen.insert((n.shape, class(&n.kind), integer))
        })
        .collect()
}

/// Maximum bipartite matching (augmenting paths); `edges[i]` lists the right nodes of left `i`.
fn matching(edges: &[Vec<usize>], right: usize) -> usize {
    let mut owner: Vec<Option<usize>> = vec![None; right];
    let mut count = 0;
    for start in 0..edges.len() {
        // Iterative DFS for an augmenting path from `start`.
        let mut seen = vec![false; right];
        let mut parent: Vec<Option<(usize, usize)>> = vec![None; right]; // right -> (left, prev right)
        let mut stack = vec![(start, None::<usize>)];
        let mut end = None;
        'search: while let Some((l, via)) = stack.pop() {
            for &rj in &edges[l] {
                if seen[rj] {
                    continue;
                }
                seen[rj] = true;
                parent[rj] = Some((l, via.unwrap_or(usize::MAX)));
                match owner[rj] {
                    None => {
                        end = Some(rj);
                        break 'search;
                    }
                    Some(next) => stack.push((next, Some(rj))),
                }
            }
        }
        let Some(mut rj) = end else { continue };
        count += 1;
        while let Some((l, prev)) = parent[rj] {
            owner[rj] = Some(l);
            if prev == usize::MAX {
                break;
            }
            rj = prev;
        }
    }
    count
}

/// The schema class everit would build, for "same type" (every combined schema is one class).
fn class(k: &Kind) -> &'static str {
    match k {
        Kind::Empty | Kind::Ref(_) => "empty",
        Kind::True => "true",
        Kind::False => "false",
        Kind::Boolean => "boolean",
        Kind::Null => "null",
        Kind::String { .. } => "string",
        Kind::Number { .. } => "number",
        Kind::Object(_) => "object",
        Kind::Array(_) => "array",
        Kind::Enum(_) => "enum",
        Kind::Const(_) => "const",
        Kind::Combined(..) => "combined",
        Kind::Not(_) => "not",
        Kind::Remote(_) => "remote",
    }
}

fn describe(k: &Kind) -> String {
    match k {
        Kind::Empty | Kind::True | Kind::Ref(_) => "any value".into(),
        Kind::False => "no value at all".into(),
        Kind::Number { integer: true, .. } => "an integer".into(),
        Kind::Number { .. } => "a number".into(),
        Kind::Enum(_) => "one of a list of values (enum)".into(),
        Kind::Const(_) => "one fixed value (const)".into(),
        Kind::Combined(c, _) => format!("a combination (`{}`)", c.word()),
        Kind::Not(_) => "a `not` schema".into(),
        Kind::Remote(r) => format!("`{r}`"),
        Kind::Object(_) => "an object".into(),
        Kind::Array(_) => "an array".into(),
        Kind::String { .. } => "a string".into(),
        Kind::Boolean => "a boolean".into(),
        Kind::Null => "null".into(),
    }
}
