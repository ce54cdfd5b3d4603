//! Which designs fit which document. Every document is bounded in the work it takes, but a
//! typeset PDF of thousands of nodes would take many seconds to make and hundreds of pages to
//! read; such a design is refused with a message saying what is too large and what to use
//! instead, before any work is done.

use design::Design;

/// The documents, by how much a design's size costs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Document {
    /// The typeset PDF spec.
    Pdf,
    /// The Markdown spec zipped with its charts.
    Zip,
    /// The Markdown spec and topics as code (text, linear in the design).
    Text,
    /// One chart or the topology picture as SVG.
    Chart,
}

/// Most nodes in a design typeset as a PDF.
pub const MAX_PDF_NODES: usize = 600;
/// Most edges in a design typeset as a PDF.
pub const MAX_PDF_EDGES: usize = 2_400;

/// `Ok` when `design` fits `document`; otherwise what is too large and what to use instead.
pub fn fits(design: &Design, document: Document) -> Result<(), crate::Error> {
    match document {
        Document::Pdf if design.nodes.len() > MAX_PDF_NODES || design.edges.len() > MAX_PDF_EDGES => Err(crate::Error::TooLarge(format!(
            "the design has {} nodes and {} edges; a typeset PDF is made for at most {MAX_PDF_NODES} nodes and \
             {MAX_PDF_EDGES} edges (a larger one runs to hundreds of pages): download the Markdown spec \
             (report.md) or the Markdown with its charts (report.zip) instead, or split the design",
            design.nodes.len(),
            design.edges.len()
        ))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_design_gets_a_pdf_refusal_that_says_what_to_use() {
        let mut d = Design::new("big");
        d.nodes = (0..=MAX_PDF_NODES)
            .map(|i| design::Node::new(format!("t{i}"), design::NodeKind::Topic, format!("t{i}")))
            .collect();
        let why = fits(&d, Document::Pdf).unwrap_err().to_string();
        assert!(why.contains("601 nodes") && why.contains("report.md"), "{why}");
        assert!(fits(&d, Document::Text).is_ok());
        d.nodes.truncate(MAX_PDF_NODES);
        assert!(fits(&d, Document::Pdf).is_ok());
    }
}
