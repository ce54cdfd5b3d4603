//! What can go wrong making a document: the report crate's one error type.

/// Why a document was not made. Text formats and charts never fail; a PDF can fail in typst,
/// a zip in the zip writer, and a design can be too large for the document asked for.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The design is too large for the document (see [`crate::limits`]); says what to use.
    #[error("{0}")]
    TooLarge(String),
    /// typst refused the spec's source or could not write the PDF; its messages, joined.
    #[error("typesetting the PDF failed: {0}")]
    Typeset(String),
    /// This build leaves typst out (the crate's `pdf` feature is off).
    #[error("this build cannot typeset PDFs (the `pdf` feature is off)")]
    PdfUnavailable,
    /// The zip writer failed.
    #[error("writing the zip failed: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// Writing a file into the zip failed.
    #[error("writing the zip failed: {0}")]
    Io(#[from] std::io::Error),
    /// A name that is not one of the export formats (see [`crate::export::Format`]).
    #[error("format `{name}` is not one of {}", crate::export::Format::NAMES)]
    UnknownFormat { name: String },
}

/// The crate's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;
