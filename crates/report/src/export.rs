//! The documents a design exports to, by name, and the one dispatch that makes them: the
//! server's CLI and HTTP API both call [`export`] (or [`export_with_threads`], for the documents
//! that end with the open review threads). Which formats exist and how each is named,
//! suffixed and typed is decided here; no command-line or HTTP parsing (a caller reads a name
//! with [`Format`]'s `FromStr`).

use std::fmt;
use std::str::FromStr;

use analysis::Analysis;
use design::Design;

use crate::links::Links;

use crate::limits::Document;
use crate::{Error, Result};

/// The documents a design exports to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// The Markdown spec (`md`).
    Markdown,
    /// A bash script of `kafka-topics.sh --create` calls (`kafka-topics.sh`).
    KafkaTopicsSh,
    /// Strimzi `KafkaTopic` resources (`strimzi.yaml`).
    StrimziYaml,
    /// Terraform `confluent_kafka_topic` resources (`terraform.tf`).
    TerraformTf,
    /// The typeset PDF spec (`pdf`).
    Pdf,
    /// The Markdown spec with its charts as SVG files, zipped (`zip`).
    Zip,
    /// An AsyncAPI 3.0 document of the design (`asyncapi.yaml`).
    AsyncapiYaml,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Markdown,
        Format::KafkaTopicsSh,
        Format::StrimziYaml,
        Format::TerraformTf,
        Format::Pdf,
        Format::Zip,
        Format::AsyncapiYaml,
    ];

    /// Every format's name, for messages.
    pub const NAMES: &'static str =
        "md, pdf, zip, kafka-topics.sh, strimzi.yaml, terraform.tf, asyncapi.yaml";

    /// The format's name (in `?format=`, `--format` and file names): `md`, `terraform.tf`, ….
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::KafkaTopicsSh => "kafka-topics.sh",
            Format::StrimziYaml => "strimzi.yaml",
            Format::TerraformTf => "terraform.tf",
            Format::Pdf => "pdf",
            Format::Zip => "zip",
            Format::AsyncapiYaml => "asyncapi.yaml",
        }
    }

    /// The file name suffix and the media type.
    pub fn file_type(self) -> (&'static str, &'static str) {
        match self {
            Format::Markdown => ("md", "text/markdown; charset=utf-8"),
            Format::KafkaTopicsSh => ("kafka-topics.sh", "text/x-shellscript; charset=utf-8"),
            Format::StrimziYaml => ("strimzi.yaml", "application/yaml; charset=utf-8"),
            Format::TerraformTf => ("tf", "text/plain; charset=utf-8"),
            Format::Pdf => ("pdf", "application/pdf"),
            Format::Zip => ("zip", "application/zip"),
            Format::AsyncapiYaml => ("asyncapi.yaml", "application/yaml; charset=utf-8"),
        }
    }

    /// How a design's size costs this document (for [`crate::limits::fits`]).
    pub fn document(self) -> Document {
        match self {
            Format::Pdf => Document::Pdf,
            Format::Zip => Document::Zip,
            _ => Document::Text,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = Error;

    /// A format by its exact [`Format::name`].
    fn from_str(name: &str) -> Result<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .ok_or_else(|| Error::UnknownFormat {
                name: name.chars().take(40).collect(),
            })
    }
}

/// Renders a valid design as `format`. Only the typesetting and the zip can fail; the text
/// formats always render. Does not check [`crate::limits`]: the caller decides whether to.
pub fn export(design: &Design, analysis: &Analysis, format: Format, links: &Links) -> Result<Vec<u8>> {
    export_with_threads(design, analysis, format, links, None)
}

/// [`export`], the Markdown, the zip's Markdown and the PDF ending with the appendix of the
/// open review threads when `threads` is given: the design's comments in list order (threads
/// as opened, each followed by its replies), resolved ones included (they are left out here).
/// `None` is no appendix; `Some(&[])` an appendix that says no thread is open. The other
/// formats ignore `threads`. See [`crate::reviews`] for what is shown and its bounds.
pub fn export_with_threads(
    design: &Design,
    analysis: &Analysis,
    format: Format,
    links: &Links,
    threads: Option<&[api::Comment]>,
) -> Result<Vec<u8>> {
    let specs = || crate::iac::topic_specs(design, analysis);
    Ok(match format {
        Format::Markdown => crate::markdown::spec_with_threads(design, analysis, links, threads).into_bytes(),
        Format::KafkaTopicsSh => crate::iac::kafka_topics_sh(design, &specs()).into_bytes(),
        Format::StrimziYaml => crate::iac::strimzi_yaml(design, &specs(), "my-cluster").into_bytes(),
        Format::TerraformTf => crate::iac::terraform(design, &specs()).into_bytes(),
        Format::Pdf => pdf(design, analysis, links, threads)?,
        Format::Zip => crate::bundle::zip_with_threads(design, analysis, links, threads)?,
        Format::AsyncapiYaml => interop::asyncapi::export(design).into_bytes(),
    })
}

#[cfg(feature = "pdf")]
fn pdf(
    design: &Design,
    analysis: &Analysis,
    links: &Links,
    threads: Option<&[api::Comment]>,
) -> Result<Vec<u8>> {
    crate::pdf::pdf_with_threads(design, analysis, links, threads)
}

#[cfg(not(feature = "pdf"))]
fn pdf(_: &Design, _: &Analysis, _: &Links, _: Option<&[api::Comment]>) -> Result<Vec<u8>> {
    Err(Error::PdfUnavailable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_reads_back_from_its_name() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>().unwrap(), f);
            assert!(Format::NAMES.contains(f.name()));
        }
        let e = "docx".parse::<Format>().unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("format `docx` is not one of {}", Format::NAMES)
        );
    }

    #[test]
    fn text_formats_render_through_the_dispatch() {
        let fixture = include_str!("../../../server/tests/fixtures/orders-platform.json");
        let d = design::parse(fixture.as_bytes()).unwrap();
        let a = analysis::analyze(&d);
        let md = export(&d, &a, Format::Markdown, &crate::Links::none()).unwrap();
        assert_eq!(
            md,
            crate::markdown::spec(&d, &a, &crate::Links::none()).into_bytes()
        );
        let tf =
            String::from_utf8(export(&d, &a, Format::TerraformTf, &crate::Links::none()).unwrap()).unwrap();
        assert!(tf.contains("confluent_kafka_topic"));
    }
}
