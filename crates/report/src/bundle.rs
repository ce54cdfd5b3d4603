//! The Markdown spec as a `.zip`: `<stem>.md` with the charts beside it as SVG files
//! (`charts/<chart>.svg`, `charts/topology.svg`) that the Markdown links to, and when asked
//! the appendix of the open review threads after the charts ([`zip_with_threads`]).

use std::io::Write as _;

use analysis::Analysis;
use design::Design;
use zip::write::SimpleFileOptions;

use crate::charts::{self, Chart};

/// The zip's bytes.
pub fn zip(design: &Design, analysis: &Analysis, links: &crate::Links) -> crate::Result<Vec<u8>> {
    zip_with_threads(design, analysis, links, None)
}

/// The zip's bytes, its Markdown ending with the appendix of the open review threads when
/// `threads` is given (see [`crate::reviews`]).
pub fn zip_with_threads(
    design: &Design,
    analysis: &Analysis,
    links: &crate::Links,
    threads: Option<&[api::Comment]>,
) -> crate::Result<Vec<u8>> {
    let stem = design.file_stem();
    let mut md = crate::markdown::spec(design, analysis, links);
    md.push_str("\n## Charts\n\n![Topology](charts/topology.svg)\n\n");
    for chart in Chart::ALL.into_iter().filter(|c| c.applies(analysis)) {
        md.push_str(&format!("![{}](charts/{}.svg)\n\n", chart.title(), chart.slug()));
    }
    if let Some(comments) = threads {
        md.push_str(&crate::reviews::markdown(comments));
    }
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut add = |name: String, body: &[u8]| -> crate::Result<()> {
        out.start_file(format!("{stem}/{name}"), options)?;
        Ok(out.write_all(body)?)
    };
    add(format!("{stem}.md"), md.as_bytes())?;
    add(
        "charts/topology.svg".into(),
        crate::topology::render(design).as_bytes(),
    )?;
    for chart in Chart::ALL.into_iter().filter(|c| c.applies(analysis)) {
        add(
            format!("charts/{}.svg", chart.slug()),
            charts::render(chart, design, analysis).as_bytes(),
        )?;
    }
    Ok(out.finish()?.into_inner())
}
