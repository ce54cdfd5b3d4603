//! Documents of a design: the Markdown spec, its zip with charts, the typeset PDF, the charts
//! as SVG and topics as code.
//!
//! * `POST /api/v1/report?format=…`: statelessly, for a design in the body (CI pipelines);
//! * `GET /api/v1/designs/{id}/report.md|zip|pdf`, `…/charts/{chart}.svg`, `…/iac/{file}`: the
//!   newest revision of one of my designs;
//! * the same under `/api/v1/shared/{token}/…` for reviewers.
//!
//! Rendering runs on the compute pool ([`crate::compute`]): typesetting a PDF takes tens of
//! milliseconds of CPU, more for a large design; a design too large for a document (see
//! [`report::limits`]) is refused with 422 saying what to use instead.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use report::charts::Chart;
use serde::Deserialize;

use super::body::ValidDesign;
use super::designs::{design_id, no_design, parse_stored};
use super::AppState;
use crate::auth::CurrentUser;
use crate::db::designs;
use crate::error::Error;
use report::export::{export, Format as ExportFormat};

#[derive(Debug, Deserialize)]
pub struct ReportQuery {
    pub format: Option<String>,
}

const FORMATS: &str = "md, pdf, zip, kafka-topics.sh, strimzi.yaml, terraform.tf";

/// The design rendered as `format`, as a download named after the design.
#[utoipa::path(post, path = "/api/v1/report", tag = "reports",
    params(("format" = Option<String>, Query, description = "md (default), pdf, zip, kafka-topics.sh, strimzi.yaml, terraform.tf")),
    request_body(content = Object, description = "A `kafka-design/v1` document"),
    responses((status = 200, description = "The document, as a download named after the design"),
              (status = 400), (status = 422)))]
pub async fn report(
    State(state): State<AppState>,
    Query(q): Query<ReportQuery>,
    ValidDesign(design): ValidDesign,
) -> Result<Response, Error> {
    let requested = q.format.as_deref().unwrap_or("md");
    let format = parse_format(requested).ok_or_else(|| {
        Error::BadRequest(format!(
            "format `{}` is not one of {FORMATS}",
            requested.chars().take(40).collect::<String>()
        ))
    })?;
    render(&state, Input::Design(Box::new(design)), Output::Export(format)).await
}

fn parse_format(name: &str) -> Option<ExportFormat> {
    name.parse().ok()
}

/// What to render from a design.
#[derive(Clone, Copy, Debug)]
enum Output {
    Export(ExportFormat),
    Chart(Chart),
    Topology,
}

impl Output {
    /// `report.md`, `report.zip`, `report.pdf`.
    fn document(file: &str) -> Option<Output> {
        let format = file.strip_prefix("report.")?;
        matches!(format, "md" | "zip" | "pdf")
            .then(|| parse_format(format))
            .flatten()
            .map(Output::Export)
    }

    /// `partition-load.svg`, …, `topology.svg`.
    fn chart(file: &str) -> Option<Output> {
        let slug = file.strip_suffix(".svg")?;
        if slug == "topology" {
            return Some(Output::Topology);
        }
        Chart::from_slug(slug).map(Output::Chart)
    }

    /// `kafka-topics.sh`, `strimzi.yaml`, `terraform.tf`.
    fn iac(file: &str) -> Option<Output> {
        matches!(file, "kafka-topics.sh" | "strimzi.yaml" | "terraform.tf")
            .then(|| parse_format(file))
            .flatten()
            .map(Output::Export)
    }
}

/// A design to render: from a request's body, or as stored.
enum Input {
    Design(Box<design::Design>),
    Stored(String),
}

async fn render(state: &AppState, input: Input, output: Output) -> Result<Response, Error> {
    let document = match output {
        Output::Export(format) => format.document(),
        Output::Chart(_) | Output::Topology => report::limits::Document::Chart,
    };
    state
        .compute
        .heavy
        .run("making the document", move || {
            let design = match input {
                Input::Design(d) => *d,
                Input::Stored(document) => parse_stored(document)?,
            };
            report::limits::fits(&design, document).map_err(|e| Error::TooLarge(e.to_string()))?;
            let analysis = analysis::analyze(&design);
            let stem = design.file_stem();
            let (body, media, name, inline) = match output {
                Output::Export(format) => {
                    let (suffix, media) = format.file_type();
                    let body =
                        export(&design, &analysis, format).map_err(|e| Error::Render(e.to_string()))?;
                    (body, media, format!("{stem}.{suffix}"), false)
                }
                Output::Chart(chart) => (
                    report::charts::render(chart, &design, &analysis).into_bytes(),
                    "image/svg+xml",
                    format!("{stem}.{}.svg", chart.slug()),
                    true,
                ),
                Output::Topology => (
                    report::topology::render(&design).into_bytes(),
                    "image/svg+xml",
                    format!("{stem}.topology.svg"),
                    true,
                ),
            };
            let disposition = format!(
                "{}; filename=\"{name}\"",
                if inline { "inline" } else { "attachment" }
            );
            Ok((
                [
                    (header::CONTENT_TYPE, media.to_string()),
                    (header::CONTENT_DISPOSITION, disposition),
                    (header::CACHE_CONTROL, "private, no-cache".to_string()),
                ],
                body,
            )
                .into_response())
        })
        .await?
}

fn no_document(file: &str) -> Error {
    let file: String = file.chars().take(60).collect();
    Error::NotFound(format!(
        "no document `{file}`: try report.md, report.zip, report.pdf, charts/<partition-load|broker-utilisation|storage-growth|consumer-lag|latency|topology>.svg, iac/<kafka-topics.sh|strimzi.yaml|terraform.tf>"
    ))
}

async fn mine(state: &AppState, user: &CurrentUser, id: &str) -> Result<Input, Error> {
    let stored = designs::latest(&state.pool, user.id, design_id(id)?)
        .await?
        .ok_or_else(no_design)?;
    Ok(Input::Stored(stored.document))
}

async fn shared(state: &AppState, token: &str) -> Result<Input, Error> {
    Ok(Input::Stored(super::shares::shared(state, token).await?.document))
}

/// `GET /api/v1/designs/{id}/report.md|zip|pdf`
#[utoipa::path(get, path = "/api/v1/designs/{id}/{document}", tag = "reports",
    params(("id" = uuid::Uuid, Path), ("document" = String, Path, description = "report.md, report.zip or report.pdf")),
    responses((status = 200, description = "The document, named after the design"), (status = 404)))]
pub async fn design_document(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, Error> {
    let output = Output::document(&file).ok_or_else(|| no_document(&file))?;
    render(&state, mine(&state, &user, &id).await?, output).await
}

/// `GET /api/v1/designs/{id}/charts/{chart}.svg`
#[utoipa::path(get, path = "/api/v1/designs/{id}/charts/{chart}", tag = "reports",
    params(("id" = uuid::Uuid, Path), ("chart" = String, Path, description = "partition-load.svg, broker-utilisation.svg, storage-growth.svg, consumer-lag.svg, latency.svg or topology.svg")),
    responses((status = 200, description = "SVG"), (status = 404)))]
pub async fn design_chart(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, Error> {
    let output = Output::chart(&file).ok_or_else(|| no_document(&file))?;
    render(&state, mine(&state, &user, &id).await?, output).await
}

/// `GET /api/v1/designs/{id}/iac/{file}`
#[utoipa::path(get, path = "/api/v1/designs/{id}/iac/{file}", tag = "reports",
    params(("id" = uuid::Uuid, Path), ("file" = String, Path, description = "kafka-topics.sh, strimzi.yaml or terraform.tf")),
    responses((status = 200, description = "Topics as code"), (status = 404)))]
pub async fn design_iac(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, Error> {
    let output = Output::iac(&file).ok_or_else(|| no_document(&file))?;
    render(&state, mine(&state, &user, &id).await?, output).await
}

/// `GET /api/v1/shared/{token}/report.md|zip|pdf`
#[utoipa::path(get, path = "/api/v1/shared/{token}/{document}", tag = "reports",
    params(("token" = String, Path), ("document" = String, Path, description = "report.md, report.zip or report.pdf")),
    responses((status = 200, description = "The document, named after the design"), (status = 404)))]
pub async fn shared_document(
    State(state): State<AppState>,
    Path((token, file)): Path<(String, String)>,
) -> Result<Response, Error> {
    let output = Output::document(&file).ok_or_else(|| no_document(&file))?;
    render(&state, shared(&state, &token).await?, output).await
}

/// `GET /api/v1/shared/{token}/charts/{chart}.svg`
#[utoipa::path(get, path = "/api/v1/shared/{token}/charts/{chart}", tag = "reports",
    params(("token" = String, Path), ("chart" = String, Path, description = "partition-load.svg, broker-utilisation.svg, storage-growth.svg, consumer-lag.svg, latency.svg or topology.svg")),
    responses((status = 200, description = "SVG"), (status = 404)))]
pub async fn shared_chart(
    State(state): State<AppState>,
    Path((token, file)): Path<(String, String)>,
) -> Result<Response, Error> {
    let output = Output::chart(&file).ok_or_else(|| no_document(&file))?;
    render(&state, shared(&state, &token).await?, output).await
}

/// `GET /api/v1/shared/{token}/iac/{file}`
#[utoipa::path(get, path = "/api/v1/shared/{token}/iac/{file}", tag = "reports",
    params(("token" = String, Path), ("file" = String, Path, description = "kafka-topics.sh, strimzi.yaml or terraform.tf")),
    responses((status = 200, description = "Topics as code"), (status = 404)))]
pub async fn shared_iac(
    State(state): State<AppState>,
    Path((token, file)): Path<(String, String)>,
) -> Result<Response, Error> {
    let output = Output::iac(&file).ok_or_else(|| no_document(&file))?;
    render(&state, shared(&state, &token).await?, output).await
}
