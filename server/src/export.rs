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
}

impl ExportFormat {
    /// The file name suffix and the media type.
    pub fn file_type(self) -> (&'static str, &'static str) {
        match self {
            ExportFormat::Markdown => ("md", "text/markdown; charset=utf-8"),
            ExportFormat::KafkaTopicsSh => ("kafka-topics.sh", "text/x-shellscript; charset=utf-8"),
            ExportFormat::StrimziYaml => ("strimzi.yaml", "application/yaml; charset=utf-8"),
            ExportFormat::TerraformTf => ("tf", "text/plain; charset=utf-8"),
        }
    }
}

/// Renders a valid design as `format`.
pub fn export(design: &design::Design, analysis: &Analysis, format: ExportFormat) -> String {
    let specs = || report::iac::topic_specs(design, analysis);
    match format {
        ExportFormat::Markdown => report::markdown::spec(design, analysis),
        ExportFormat::KafkaTopicsSh => report::iac::kafka_topics_sh(design, &specs()),
        ExportFormat::StrimziYaml => report::iac::strimzi_yaml(design, &specs(), "my-cluster"),
        ExportFormat::TerraformTf => report::iac::terraform(design, &specs()),
    }
}
