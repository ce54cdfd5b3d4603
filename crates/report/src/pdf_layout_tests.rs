//! The PDF spec read as a person reads it: no word printed over another, no text too small to
//! read. Every template and generated designs of 10, 60 and 200 topics with real-length names
//! are typeset, and poppler's `pdftotext -bbox` (Debian's poppler-utils, installed by
//! `scripts/setup.sh`) gives the box of every word on every page.
//!
//! `PDF_LAYOUT_KEEP=<dir>` keeps the PDFs there, to look at (`pdftoppm -png -r 80 <pdf> <out>`).

use std::process::Command;

use design::Design;

use crate::samples::pipelines;

/// One word as `pdftotext -bbox` places it, in points from the page's top left.
#[derive(Clone, Debug)]
struct Word {
    page: usize,
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Word {
    fn height(&self) -> f64 {
        self.y1 - self.y0
    }
    fn overlaps(&self, other: &Word) -> bool {
        // A hair of tolerance: glyph boxes of touching words on one line may share an edge.
        const EPS: f64 = 0.1;
        self.page == other.page
            && self.x0.max(other.x0) + EPS < self.x1.min(other.x1)
            && self.y0.max(other.y0) + EPS < self.y1.min(other.y1)
    }
}

fn attribute(tag: &str, name: &str) -> f64 {
    let start = tag
        .find(&format!(" {name}=\""))
        .unwrap_or_else(|| panic!("{name} in {tag}"))
        + name.len()
        + 3;
    let end = start + tag[start..].find('"').unwrap();
    tag[start..end].parse().unwrap()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The words of every page, and the pages' sizes.
fn words(pdf: &[u8]) -> (Vec<Word>, Vec<(f64, f64)>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian's poppler-utils; scripts/setup.sh installs it)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = String::from_utf8(out.stdout).unwrap();
    let (mut words, mut pages) = (Vec::new(), Vec::new());
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push((attribute(line, "width"), attribute(line, "height")));
        } else if line.starts_with("<word ") {
            let open = line.find('>').unwrap();
            let close = line.rfind("</word>").unwrap();
            words.push(Word {
                page: pages.len(),
                text: unescape(&line[open + 1..close]),
                x0: attribute(line, "xMin"),
                y0: attribute(line, "yMin"),
                x1: attribute(line, "xMax"),
                y1: attribute(line, "yMax"),
            });
        }
    }
    (words, pages)
}

/// Every pair of words whose boxes intersect.
fn overlapping(words: &[Word]) -> Vec<(Word, Word)> {
    let mut pairs = Vec::new();
    let mut by_page: Vec<&Word> = words.iter().collect();
    by_page.sort_by(|a, b| (a.page, a.y0).partial_cmp(&(b.page, b.y0)).unwrap());
    for (i, a) in by_page.iter().enumerate() {
        for b in &by_page[i + 1..] {
            if b.page != a.page || b.y0 >= a.y1 {
                break;
            }
            if a.overlaps(b) {
                pairs.push(((*a).clone(), (*b).clone()));
            }
        }
    }
    pairs
}

fn pdf(design: &Design) -> Vec<u8> {
    let analysis = analysis::analyze(design);
    let pdf = crate::pdf::pdf(design, &analysis, &crate::Links::none())
        .unwrap_or_else(|e| panic!("{}: typst: {e}", design.name));
    if let Ok(dir) = std::env::var("PDF_LAYOUT_KEEP") {
        let name: String = design
            .name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(format!("{dir}/{name}.pdf"), &pdf).unwrap();
    }
    pdf
}

/// The ways a PDF can be hard to read, as lines of text (empty when there are none).
fn defects(design: &Design) -> Vec<String> {
    let (words, pages) = words(&pdf(design));
    assert!(!pages.is_empty() && !words.is_empty());
    let mut defects: Vec<String> = overlapping(&words)
        .into_iter()
        .map(|(a, b)| {
            format!(
                "page {}: {:?} ({:.1},{:.1}–{:.1},{:.1}) overlaps {:?} ({:.1},{:.1}–{:.1},{:.1})",
                a.page, a.text, a.x0, a.y0, a.x1, a.y1, b.text, b.x0, b.y0, b.x1, b.y1
            )
        })
        .collect();
    for w in &words {
        if w.height() < MIN_WORD_HEIGHT {
            defects.push(format!(
                "page {}: {:?} is {:.1} pt high (text under 6 pt)",
                w.page,
                w.text,
                w.height()
            ));
        }
        let (pw, ph) = pages[w.page - 1];
        if w.x0 < 0.0 || w.y0 < 0.0 || w.x1 > pw || w.y1 > ph {
            defects.push(format!("page {}: {:?} runs off the page", w.page, w.text));
        }
    }
    defects
}

/// The height `pdftotext` gives a word of 6 pt text: its box spans the font's ascent and
/// descent, 1.14 em in Libertinus Serif and 1.17 em in DejaVu Sans Mono; taken at the lower.
const MIN_WORD_HEIGHT: f64 = 6.0 * 1.14 - 0.05;

fn assert_readable(design: &Design) {
    let defects = defects(design);
    assert!(
        defects.is_empty(),
        "{}: {} defects, the first:\n{}",
        design.name,
        defects.len(),
        defects.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn every_template_reads_without_overlaps_or_tiny_text() {
    for t in design::templates::TEMPLATES {
        assert_readable(&t.design().unwrap());
    }
}

#[test]
fn ten_topics_read_without_overlaps_or_tiny_text() {
    assert_readable(&pipelines(10));
}

#[test]
fn peak_windows_read_without_overlaps_or_tiny_text() {
    let d = crate::samples::with_peaks(pipelines(10));
    assert!(!analysis::analyze(&d).peaks.is_empty());
    assert_readable(&d);
}

#[test]
fn a_deployment_reads_without_overlaps_or_tiny_text() {
    let d = crate::samples::with_deployment(pipelines(10));
    assert!(analysis::analyze(&d).cost.is_some());
    assert_readable(&d);
}

#[test]
fn sixty_topics_read_without_overlaps_or_tiny_text() {
    assert_readable(&pipelines(60));
}

#[test]
fn two_hundred_topics_read_without_overlaps_or_tiny_text() {
    assert_readable(&pipelines(200));
}

/// Names no one types but anyone can send: a topic named by one 200-character word, a
/// producer whose name is all separators and quotes, a group named in another script. Cut
/// mid-word as a last resort, they still never run over their neighbours.
#[test]
fn unbreakable_and_odd_names_read_without_overlaps() {
    let mut d = pipelines(10);
    d.name = format!("{} design", "w".repeat(180));
    let names = [
        "x".repeat(200),
        format!("{}\"]#[{}", ".-_".repeat(30), "é".repeat(40)),
        "注文イベント処理グループ".repeat(8),
    ];
    for (n, name) in d.nodes.iter_mut().zip(names.iter().cycle()) {
        n.name = name.clone();
    }
    for (i, n) in d.nodes.iter_mut().enumerate() {
        n.name = format!("{}{i}", n.name.chars().take(195).collect::<String>());
    }
    assert!(
        design::validate(&d).is_empty(),
        "{:?}",
        design::validate(&d).first()
    );
    assert_readable(&d);
}
