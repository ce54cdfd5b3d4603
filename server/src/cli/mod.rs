//! The command-line face of the analysis, for CI pipelines: `kafka-studio lint|size|export FILE`,
//! `import FILE` to turn what teams run into a design, and `schema-check NEW OLD…` to check a
//! schema version as a Schema Registry would, and `plan OLD NEW` to say what applying a change
//! does to a running cluster ([`plan`]).

mod plan;

pub use plan::{plan, PlanFormat};

use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;

use analysis::rules::Severity;
use analysis::Analysis;
use report::export::{export, Format as ExportFormat};
use units::{bytes, bytes_rate};

use crate::config::Format;

/// What a command printed and how it should exit.
pub struct Outcome {
    /// Text, or the bytes of a PDF or zip export.
    pub output: Vec<u8>,
    /// 0: fine; 1: error findings; 2: not a valid design; 3: the document could not be made.
    pub exit_code: i32,
    /// Notes for standard error beside a successful output (an import's warnings).
    pub notes: String,
}

/// Which report a command prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Report {
    Lint,
    Size,
    Export(ExportFormat),
}

/// Reads, validates and analyses a design file, then renders the report.
pub fn run(report: Report, file: &Path, format: Format) -> Outcome {
    match load(file) {
        Ok(design) => render(report, &design, format),
        Err(refused) => refused,
    }
}

/// `size FILE [--target ID]`: the sizing, and the cost when the design has a deployment;
/// `target` sets the deployment's target for this run (adding a default deployment when the
/// design has none). A target the price table does not list exits 2 with the ones it does.
pub fn size(file: &Path, format: Format, target: Option<&str>) -> Outcome {
    let mut design = match load(file) {
        Ok(d) => d,
        Err(refused) => return refused,
    };
    if let Some(target) = target {
        let known: Vec<&str> = analysis::cost::table()
            .map(|t| t.targets.iter().map(|t| t.id.as_str()).collect())
            .unwrap_or_default();
        if !known.contains(&target) {
            return Outcome {
                output: format!(
                    "error: unknown target `{}`; the price table has: {}\n",
                    target.escape_debug(),
                    known.join(", ")
                )
                .into_bytes(),
                exit_code: 2,
                notes: String::new(),
            };
        }
        let added = design.cluster.deployment.is_none();
        design
            .cluster
            .deployment
            .get_or_insert_with(Default::default)
            .target = Some(target.to_owned());
        if added {
            // The default deployment changes the sizing too: say so, not silently.
            let note = "note: the design has no deployment (cluster.deployment); --target priced it on the default one (3 zones, the default compression ratios), which also changes the sizing above: compressed bytes, brokers rounded up to a multiple of the zones\n";
            let mut out = render(Report::Size, &design, format);
            match format {
                Format::Text => out.output.extend_from_slice(note.as_bytes()),
                _ => out.notes.push_str(note),
            }
            return out;
        }
    }
    render(Report::Size, &design, format)
}

/// Analyses a valid design and renders the report.
fn render(report: Report, design: &design::Design, format: Format) -> Outcome {
    let analysis = analysis::analyze(design);
    let errors = analysis
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let output = match (format, report) {
        (Format::Json, Report::Lint) => json(&analysis.findings),
        (Format::Json, Report::Size) => {
            let mut v = serde_json::json!({
                "sizing": analysis.sizing,
                "topics": analysis.topics.iter().map(|t| serde_json::json!({
                    "id": t.id, "name": t.name, "partitions": t.partitions,
                    "recommended_partitions": t.recommended_partitions,
                    "formula": t.partition_advice.formula,
                })).collect::<Vec<_>>(),
            });
            if let Some(cost) = &analysis.cost {
                v["cost"] = serde_json::to_value(cost).expect("the cost report serialises");
            }
            json(&v)
        }
        (Format::Text, Report::Lint) => lint_text(&design.name, &analysis),
        (Format::Text, Report::Size) => size_text(&design.name, &analysis),
        // A document, not a verdict: exporting succeeds whatever the findings.
        (_, Report::Export(what)) => {
            return match export(design, &analysis, what, &report::Links::none()) {
                Ok(output) => Outcome {
                    output,
                    exit_code: 0,
                    notes: String::new(),
                },
                Err(why) => Outcome {
                    output: format!("error: could not make the document: {why}\n").into_bytes(),
                    exit_code: 3,
                    notes: String::new(),
                },
            }
        }
    };
    Outcome {
        output: output.into_bytes(),
        exit_code: if errors > 0 { 1 } else { 0 },
        notes: String::new(),
    }
}

/// Imports a document as a design: the design's JSON as the output, the warnings (each with its
/// line or path) as notes; exit 2 when the text cannot be read as the format.
pub fn import(file: &Path, format: Option<interop::Format>, options: &interop::Options) -> Outcome {
    let failed = |why: String| Outcome {
        output: format!("error: {}: {why}\n", file.display()).into_bytes(),
        exit_code: 2,
        notes: String::new(),
    };
    let bytes = match read(file) {
        Ok(b) => b,
        Err(e) => return failed(format!("cannot read it: {e}")),
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return failed(format!(
                "not UTF-8 text (byte {} is not part of a UTF-8 character)",
                e.utf8_error().valid_up_to()
            ))
        }
    };
    match interop::import(&text, format, options) {
        Ok(imported) => {
            let mut notes = String::new();
            for w in &imported.warnings {
                let _ = writeln!(
                    notes,
                    "warning: {}: {}: {}",
                    file.display(),
                    w.location,
                    w.message
                );
            }
            Outcome {
                output: json(&imported.design).into_bytes(),
                exit_code: 0,
                notes,
            }
        }
        Err(e) => failed(e.to_string()),
    }
}

/// Checks a new schema version against the files of the registered ones (oldest first): the
/// verdict with every incompatibility placed in its file; exit 1 when incompatible, 2 when a
/// file cannot be read as a schema.
pub fn schema_check(
    schema_type: contracts::SchemaType,
    level: contracts::Level,
    new: &Path,
    previous: &[std::path::PathBuf],
    format: Format,
) -> Outcome {
    let failed = |why: String| Outcome {
        output: format!("error: {why}\n").into_bytes(),
        exit_code: 2,
        notes: String::new(),
    };
    let mut texts = Vec::with_capacity(previous.len() + 1);
    for file in std::iter::once(new).chain(previous.iter().map(|p| p.as_path())) {
        match read(file).map(String::from_utf8) {
            Ok(Ok(text)) => texts.push(api::SchemaText::text(text)),
            Ok(Err(_)) => return failed(format!("{}: not UTF-8 text", file.display())),
            Err(e) => return failed(format!("{}: cannot read it: {e}", file.display())),
        }
    }
    let schema = texts.remove(0);
    let request = api::CompatibilityRequest {
        schema_type,
        compatibility: level,
        schema,
        previous: texts,
    };
    let file_of = |version: Option<u32>| match version {
        None => new.display().to_string(),
        Some(v) => usize::try_from(v)
            .ok()
            .and_then(|v| previous.get(v.wrapping_sub(1)))
            .map_or_else(|| format!("version {v}"), |p| p.display().to_string()),
    };
    let answer = match request.check() {
        Ok(a) => a,
        Err(e) => return failed(format!("{}: {}", file_of(e.version), e.error)),
    };
    let exit_code = if answer.is_compatible { 0 } else { 1 };
    let output = match format {
        Format::Json => json(&answer),
        Format::Text => {
            let mut out = String::new();
            if answer.is_compatible {
                let _ = writeln!(
                    out,
                    "compatible: {} can be registered at {level} after {} version(s)",
                    new.display(),
                    previous.len()
                );
            } else {
                let _ = writeln!(
                    out,
                    "incompatible at {level}: {} problem(s)",
                    answer.messages.len()
                );
            }
            for m in &answer.messages {
                // The place is in the schema that reads: the new one (backward) or the old one.
                let reader = match m.direction {
                    contracts::Direction::Backward => file_of(None),
                    contracts::Direction::Forward => file_of(Some(m.version)),
                };
                let at = match (m.line, m.column) {
                    (Some(l), Some(c)) => format!("{reader}:{l}:{c}"),
                    _ => reader,
                };
                let _ = writeln!(
                    out,
                    "{at}: {} at {} (against {}): {}",
                    m.kind,
                    m.location,
                    file_of(Some(m.version)),
                    m.message
                );
            }
            out
        }
    };
    Outcome {
        output: output.into_bytes(),
        exit_code,
        notes: String::new(),
    }
}

/// Reads, parses and checks a design file; the outcome that refuses it (exit 2) otherwise.
fn load(file: &Path) -> Result<design::Design, Outcome> {
    let refused = |output: String| Outcome {
        output: output.into_bytes(),
        exit_code: 2,
        notes: String::new(),
    };
    let bytes = read(file).map_err(|e| refused(format!("error: cannot read {}: {e}\n", file.display())))?;
    let design = design::parse(&bytes).map_err(|e| refused(format!("error: {}: {e}\n", file.display())))?;
    let problems = analysis::check(&design);
    if !problems.is_empty() {
        let mut out = format!("error: {} is not a valid design:\n", file.display());
        for p in &problems {
            let _ = writeln!(out, "  - {p}");
        }
        return Err(refused(out));
    }
    Ok(design)
}

fn read(file: &Path) -> std::io::Result<Vec<u8>> {
    if file == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf)?;
        Ok(buf)
    } else {
        std::fs::read(file)
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("analysis results serialise");
    s.push('\n');
    s
}

fn lint_text(name: &str, a: &Analysis) -> String {
    let mut out = String::new();
    let count = |s| a.findings.iter().filter(|f| f.severity == s).count();
    let _ = writeln!(
        out,
        "{name}: {} error(s), {} warning(s), {} note(s)",
        count(Severity::Error),
        count(Severity::Warn),
        count(Severity::Info)
    );
    for f in &a.findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warn => "warning",
            Severity::Info => "info",
        };
        let at = f.node.as_deref().map(|n| format!(" [{n}]")).unwrap_or_default();
        let _ = writeln!(out, "{level}[{}]{at}: {}\n    fix: {}", f.rule, f.message, f.fix);
    }
    out
}

fn size_text(name: &str, a: &Analysis) -> String {
    let s = &a.sizing;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{name}: {} brokers ({}), binding: {:?}",
        s.brokers, s.profile.name, s.binding_constraint
    );
    let _ = writeln!(out, "  write      {}", bytes_rate(s.write_bytes_per_sec));
    let _ = writeln!(out, "  read       {}", bytes_rate(s.read_bytes_per_sec));
    let _ = writeln!(
        out,
        "  ingress    {} (produced + replication)",
        bytes_rate(s.ingress_bytes_per_sec)
    );
    let _ = writeln!(
        out,
        "  egress     {} (read + replication + tiered uploads)",
        bytes_rate(s.egress_bytes_per_sec)
    );
    let _ = writeln!(
        out,
        "  storage    {} retained, {} with overhead, {} per broker",
        bytes(s.storage_bytes),
        bytes(s.storage_bytes_with_overhead),
        bytes(s.storage_per_broker_bytes)
    );
    let _ = writeln!(out, "  brokers = max of:");
    for t in &s.terms {
        let _ = writeln!(
            out,
            "    {:<20} {:>4}  {}",
            format!("{:?}", t.constraint),
            t.brokers,
            t.formula
        );
    }
    let _ = writeln!(out, "  partitions:");
    for t in &a.topics {
        let _ = writeln!(
            out,
            "    {:<32} {:>5} now, {:>5} advised  {}",
            t.name, t.partitions, t.recommended_partitions, t.partition_advice.formula
        );
    }
    if let Some(cost) = &a.cost {
        cost_text(&mut out, cost);
    }
    out
}

/// The cost of the design's target line by line, then every target side by side (monthly and
/// at growth × 1 to × 5) with the cheapest that fits named.
fn cost_text(out: &mut String, r: &analysis::cost::CostReport) {
    use report::cost::{component, money, unit_price};
    let _ = writeln!(out, "  cost:\n    {}", report::cost::prices_sentence(r));
    if let Some(id) = &r.unknown_target {
        let _ = writeln!(
            out,
            "    the design's target `{}` is not in the price table; every target is priced",
            id.escape_debug()
        );
    }
    if let Some(t) = r.targets.iter().find(|t| t.id == r.target) {
        let _ = writeln!(
            out,
            "    target {} ({}): {}, {}/month, {}",
            t.id,
            t.name,
            t.units,
            money(t.monthly_total, &r.currency),
            match (&t.why_not, t.fits) {
                (_, true) => "fits".to_owned(),
                (Some(why), false) => format!("does not fit: {why}"),
                (None, false) => "does not fit".to_owned(),
            }
        );
        for l in &t.lines {
            let _ = writeln!(
                out,
                "      {:<18} {:>12} {} × {} ({}{}) = {}",
                component(l.component),
                units::count(l.quantity.round()),
                l.unit,
                unit_price(l.unit_price, &r.currency),
                l.price_id,
                if l.overridden { ", override" } else { "" },
                money(l.monthly, &r.currency),
            );
            let _ = writeln!(out, "        {}", l.formula);
        }
        for c in &t.caveats {
            let _ = writeln!(out, "      caveat: {c}");
        }
    }
    let header: Vec<String> = r
        .growth
        .iter()
        .map(|g| format!(" {:>10}", format!("× {}", units::decimal(g.factor))))
        .collect();
    let _ = writeln!(out, "    every target, per month:");
    let _ = writeln!(out, "      {:<18}{}  fits", "", header.join(""));
    for t in &r.targets {
        let totals: String = r
            .growth
            .iter()
            .map(|g| {
                let at = g.totals.iter().position(|(id, _)| *id == t.id);
                let v = at.and_then(|i| g.totals.get(i)).map_or(0.0, |(_, v)| *v);
                // A point where the target no longer fits is starred.
                let misfit = at.and_then(|i| g.fits.get(i)) == Some(&false);
                let v = format!("{}{}", money(v, &r.currency), if misfit { "*" } else { "" });
                format!(" {v:>10}")
            })
            .collect();
        let mut marks = Vec::new();
        if t.id == r.target {
            marks.push("design's target".to_owned());
        }
        if r.cheapest.as_deref() == Some(t.id.as_str()) {
            marks.push("cheapest that fits".to_owned());
        }
        let fits = match (&t.why_not, t.fits) {
            (_, true) => "yes".to_owned(),
            (Some(why), false) => format!("no: {why}"),
            (None, false) => "no".to_owned(),
        };
        let marks = if marks.is_empty() {
            String::new()
        } else {
            format!(" ({})", marks.join(", "))
        };
        let _ = writeln!(out, "      {:<18}{totals}  {fits}{marks}", t.id);
    }
    if r.growth.iter().any(|g| g.fits.contains(&false)) {
        let _ = writeln!(out, "      * does not fit at that growth");
    }
    if !r.unknown_prices.is_empty() {
        let _ = writeln!(
            out,
            "    price overrides the table does not have (not used): {}",
            r.unknown_prices.join(", ")
        );
    }
    let _ = writeln!(out, "    {}", report::cost::headline(r));
}
