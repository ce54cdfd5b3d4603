//! The documents a design exports to (the Markdown spec, topics as code), shared by the CLI
//! and the HTTP API. The rendering itself is the `report` crate's.

use analysis::Analysis;

/// The documents a design exports to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
pub enum ExportFormat {
    /// The Markdown spec.
    #[value(name = "md")]
    #[serde(rename = "md")]
    Markdown,
    /// A bash script of `kafka-topics.sh --create` calls.
    #[value(name = "kafka-topics.sh")]
    #[serde(rename = "kafka-topics.sh")]
    KafkaTopicsSh,
    /// Strimzi `KafkaTopic` resources.
    #[value(name = "strimzi.yaml")]
    #[serde(rename = "strimzi.yaml")]
    StrimziYaml,
    /// Terraform `confluent_kafka_topic` resources.
    #[value(name = "terraform.tf")]
    #[serde(rename = "terraform.tf")]
    TerraformTf,
    /// The typeset PDF spec.
    #[value(name = "pdf")]
    #[serde(rename = "pdf")]
    Pdf,
    /// The Markdown spec with its charts as SVG files, zipped.
    #[value(name = "zip")]
    #[serde(rename = "zip")]
    Zip,
}

impl ExportFormat {
    /// The file name suffix and the media type.
    pub fn file_type(self) -> (&'static str, &'static str) {
        match self {
            ExportFormat::Markdown => ("md", "text/markdown; charset=utf-8"),
            ExportFormat::KafkaTopicsSh => ("kafka-topics.sh", "text/x-shellscript; charset=utf-8"),
            ExportFormat::StrimziYaml => ("strimzi.yaml", "application/yaml; charset=utf-8"),
            ExportFormat::TerraformTf => ("tf", "text/plain; charset=utf-8"),
            ExportFormat::Pdf => ("pdf", "application/pdf"),
            ExportFormat::Zip => ("zip", "application/zip"),
        }
    }
}

/// Renders a valid design as `format`. Only the typesetting or the zip can fail (their
/// message says why); the text formats always render.
pub fn export(design: &design::Design, analysis: &Analysis, format: ExportFormat) -> Result<Vec<u8>, String> {
    let specs = || report::iac::topic_specs(design, analysis);
    Ok(match format {
        ExportFormat::Markdown => report::markdown::spec(design, analysis).into_bytes(),
        ExportFormat::KafkaTopicsSh => report::iac::kafka_topics_sh(design, &specs()).into_bytes(),
        ExportFormat::StrimziYaml => report::iac::strimzi_yaml(design, &specs(), "my-cluster").into_bytes(),
        ExportFormat::TerraformTf => report::iac::terraform(design, &specs()).into_bytes(),
        ExportFormat::Pdf => report::pdf::pdf(design, analysis)?,
        ExportFormat::Zip => report::bundle::zip(design, analysis)?,
    })
}
