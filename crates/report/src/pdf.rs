//! The typeset PDF spec, made with typst as a library from the source [`crate::spec_source`]
//! writes (feature `pdf`, on by default).
//!
//! Fonts are typst's own (Libertinus Serif, New Computer Modern, DejaVu Sans Mono, embedded
//! in the binary by `typst-assets`), so the PDF looks the same on every machine and needs no
//! system font.

use std::collections::HashMap;
use std::sync::OnceLock;

use analysis::Analysis;
use design::Design;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::charts::{self, Chart};
pub use crate::spec_source::{source, typst_str};

/// The fonts, parsed once per process (parsing them is most of a small document's time).
fn fonts() -> &'static (LazyHash<FontBook>, Vec<Font>) {
    static FONTS: OnceLock<(LazyHash<FontBook>, Vec<Font>)> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        let book = FontBook::from_fonts(&fonts);
        (LazyHash::new(book), fonts)
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

/// One document's world: its source and the SVG files it includes.
struct SpecWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
}

impl World for SpecWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().0
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.vpath().as_rootless_path().into()))
    }
    fn font(&self, index: usize) -> Option<Font> {
        fonts().1.get(index).cloned()
    }
    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        None
    }
}

/// The PDF's bytes, or what typst said went wrong ([`crate::Error::Typeset`]).
pub fn pdf(design: &Design, analysis: &Analysis, links: &crate::Links) -> crate::Result<Vec<u8>> {
    pdf_with_threads(design, analysis, links, None)
}

/// The PDF's bytes, ending with the appendix of the open review threads when `threads` is given
/// (bounded: see [`crate::reviews`]).
pub fn pdf_with_threads(
    design: &Design,
    analysis: &Analysis,
    links: &crate::Links,
    threads: Option<&[api::Comment]>,
) -> crate::Result<Vec<u8>> {
    let document = document(design, analysis, links, threads)?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).map_err(|errors| describe(&errors))
}

/// The spec laid out in pages, before it is written as PDF.
fn document(
    design: &Design,
    analysis: &Analysis,
    links: &crate::Links,
    threads: Option<&[api::Comment]>,
) -> crate::Result<PagedDocument> {
    let mut files = HashMap::new();
    let mut add = |name: &str, svg: String| {
        files.insert(
            FileId::new(None, VirtualPath::new(name)),
            Bytes::new(svg.into_bytes()),
        );
    };
    // The topology cut once: the source's figures, and their pictures under the names the
    // figures give them.
    let pages = crate::topology::pages(design);
    let mut source = crate::spec_source::source_with(design, analysis, links, &pages);
    if let Some(comments) = threads {
        source.push_str(&crate::reviews::typst(comments));
    }
    let main = Source::new(FileId::new(None, VirtualPath::new("spec.typ")), source);
    for (k, page) in pages.into_iter().enumerate() {
        add(&crate::topology::TopologyPage::file_name(k), page.svg);
    }
    for chart in Chart::ALL {
        let parts = charts::parts(chart, analysis);
        for part in 0..parts {
            add(
                &crate::spec_source::chart_file(chart, part, parts),
                charts::render_part(chart, design, analysis, part),
            );
        }
    }
    let world = SpecWorld { main, files };
    let result = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| describe(&errors));
    // typst memoises its work in a process-wide cache that nothing else evicts: every
    // different document would leave its layout behind. Each spec is typeset once, so the cache
    // is emptied after each one (parsed fonts live elsewhere and stay).
    typst::comemo::evict(0);
    result
}

fn describe(errors: &[typst::diag::SourceDiagnostic]) -> crate::Error {
    crate::Error::Typeset(
        errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join("; "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use typst::layout::{Frame, FrameItem, Transform};

    /// The smallest text typst set in `frame`, in points as printed (groups' scales applied).
    fn smallest_text(frame: &Frame, transform: Transform) -> f64 {
        frame
            .items()
            .map(|(_, item)| match item {
                FrameItem::Text(text) => text.size.to_pt() * transform.sy.get().abs(),
                FrameItem::Group(group) => smallest_text(&group.frame, transform.pre_concat(group.transform)),
                _ => f64::INFINITY,
            })
            .fold(f64::INFINITY, f64::min)
    }

    /// The text typst sets (tables, headings, captions, footers) is never under 6 pt; the
    /// pictures' text is measured in `pdf_layout_tests.rs`.
    #[test]
    fn no_typeset_text_is_under_six_points() {
        for t in design::templates::TEMPLATES {
            let d = t.design().unwrap();
            let document = document(&d, &analysis::analyze(&d), &crate::Links::none(), None).unwrap();
            let smallest = document
                .pages
                .iter()
                .map(|p| smallest_text(&p.frame, Transform::identity()))
                .fold(f64::INFINITY, f64::min);
            assert!((6.0..=8.5).contains(&smallest), "{}: {smallest} pt", t.id);
        }
    }
}
