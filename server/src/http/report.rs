//! Documents of a design: the Markdown spec, its zip with charts, the typeset PDF, the charts
//! as SVG and topics as code.
//!
//! * `POST /api/v1/report?format=…`: statelessly, for a design in the body (CI pipelines);
//! * `GET /api/v1/designs/{id}/report.md|zip|pdf`, `…/charts/{chart}.svg`, `…/iac/{file}`: the
//!   newest revision of one of my designs;
//! * the same under `/api/v1/shared/{token}/…` for reviewers; one handler ([`document`]) finds
//!   the design either way and renders every document.
//!
//! Rendering runs on the compute pool ([`crate::compute`]): typesetting a PDF takes tens of
//! milliseconds of CPU, more for a large design; a design too large for a document (see
//! [`report::limits`]) is refused with 422 saying what to use instead.

use api::{urls, DesignId, ReportQuery, ShareToken};
use axum::extract::{FromRequestParts, Query, RawPathParams, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use report::charts::Chart;

use super::body::ValidDesign;
use super::designs::parse_stored;
use super::path::{no_design, param};
use super::AppState;
use crate::auth::CurrentUser;
use crate::db::designs;
use crate::error::Error;
use report::export::{export_with_threads, Format as ExportFormat};

/// The design rendered as `format`, as a download named after the design.
#[utoipa::path(post, path = urls::REPORT, tag = "reports",
    params(ReportQuery),
    request_body(content = Object, description = "A `kafka-design/v1` document"),
    responses((status = 200, description = "The document, as a download named after the design"),
              (status = 400), (status = 422)))]
pub async fn report(
    State(state): State<AppState>,
    Query(q): Query<ReportQuery>,
    headers: HeaderMap,
    ValidDesign(design): ValidDesign,
) -> Result<Response, Error> {
    let requested = q.format.as_deref().unwrap_or("md");
    let format = requested
        .parse::<ExportFormat>()
        .map_err(|e| Error::BadRequest(e.to_string()))?;
    let links = super::document_links(&headers, &state);
    render(
        &state,
        Input::Design(Box::new(design)),
        Output::Export(format),
        links,
    )
    .await
}

/// What to render from a design.
#[derive(Clone, Copy, Debug)]
enum Output {
    Export(ExportFormat),
    Chart(Chart),
    Topology,
}

impl Output {
    /// `report.md`, `report.zip`, `report.pdf`, `asyncapi.yaml`.
    fn document(file: &str) -> Option<Output> {
        let format = file.strip_prefix("report.").unwrap_or(file);
        urls::DOCUMENTS
            .contains(&file)
            .then(|| format.parse().ok())
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
        urls::IAC_FILES
            .contains(&file)
            .then(|| file.parse().ok())
            .flatten()
            .map(Output::Export)
    }
}

/// A design to render: from a request's body, or as stored.
enum Input {
    Design(Box<design::Design>),
    Stored(String),
}

async fn render(
    state: &AppState,
    input: Input,
    output: Output,
    links: report::Links,
) -> Result<Response, Error> {
    render_with(state, input, output, links, None).await
}

/// [`render`], with the review threads to end the Markdown, zip and PDF with (`None`: none).
async fn render_with(
    state: &AppState,
    input: Input,
    output: Output,
    links: report::Links,
    threads: Option<Vec<api::Comment>>,
) -> Result<Response, Error> {
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
                Input::Stored(document) => parse_stored(&document)?,
            };
            report::limits::fits(&design, document).map_err(|e| Error::TooLarge(e.to_string()))?;
            let analysis = analysis::analyze(&design);
            let stem = design.file_stem();
            let (body, media, name, inline) = match output {
                Output::Export(format) => {
                    let (suffix, media) = format.file_type();
                    let body = export_with_threads(&design, &analysis, format, &links, threads.as_deref())
                        .map_err(|e| Error::Render(e.to_string()))?;
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
        "no document `{file}`: try {DOCUMENT}; charts/ {CHART}; iac/ {IAC}"
    ))
}

/// Whose stored design a document is made of, from the route: `{id}`, one of the caller's
/// designs (a session is needed: 401 first), or `{token}`, a live review link.
pub enum Source {
    Mine(CurrentUser, DesignId),
    Shared(ShareToken),
}

impl FromRequestParts<AppState> for Source {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        if param(parts, state, "token").await?.is_some() {
            return Ok(Source::Shared(
                ShareToken::from_request_parts(parts, state).await?,
            ));
        }
        let user = CurrentUser::from_request_parts(parts, state).await?;
        Ok(Source::Mine(
            user,
            DesignId::from_request_parts(parts, state).await?,
        ))
    }
}

impl Source {
    /// The newest revision's document (404 for a design that is not the caller's, a revoked
    /// link, …), with its review threads when `threads` asks for them.
    async fn find(
        self,
        state: &AppState,
        threads: bool,
    ) -> Result<(Input, Option<Vec<api::Comment>>), Error> {
        let (stored, members) = match &self {
            Source::Mine(user, id) => (
                designs::latest(&state.pool, user.id, id.0)
                    .await?
                    .ok_or_else(no_design)?,
                true,
            ),
            Source::Shared(token) => (super::shares::shared(state, token).await?, false),
        };
        let threads = if threads {
            Some(super::comments::for_document(state, stored.id, members).await?)
        } else {
            None
        };
        Ok((Input::Stored(stored.document), threads))
    }
}

/// `?threads=open`: end the Markdown, the zip and the PDF with the open review threads.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentQuery {
    /// `open`: append the open review threads (Markdown, zip and PDF).
    pub threads: Option<String>,
}

/// Every document of a stored design, for its owner and for a review link: the six routes
/// documented below all come here. Which document is the route's last parameter:
/// `{document}` (`report.md|zip|pdf`), `{chart}` (`<chart>.svg`) or `{file}` (topics as code).
pub async fn document(
    State(state): State<AppState>,
    source: Source,
    params: RawPathParams,
    Query(q): Query<DocumentQuery>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let threads = match q.threads.as_deref() {
        None => false,
        Some("open") => true,
        Some(other) => {
            return Err(Error::BadRequest(format!(
                "threads is `open` (the open review threads as an appendix) or absent; got `{}`",
                other.chars().take(40).collect::<String>()
            )))
        }
    };
    let (kind, file) = params
        .iter()
        .find(|(key, _)| matches!(*key, "document" | "chart" | "file"))
        .ok_or_else(|| Error::Internal("a document route without its file".into()))?;
    let output = match kind {
        "chart" => Output::chart(file),
        "file" => Output::iac(file),
        _ => Output::document(file),
    }
    .ok_or_else(|| no_document(file))?;
    let links = super::document_links(&headers, &state);
    let (input, threads) = source
        .find(&state, threads && matches!(output, Output::Export(_)))
        .await?;
    render_with(&state, input, output, links, threads).await
}

// The routes [`document`] serves, one documented operation each: these functions carry only
// the documentation; the route table (`super::routes`) serves each of them with `document`.

const DOCUMENT: &str = "report.md, report.zip, report.pdf or asyncapi.yaml";
const CHART: &str = "partition-load.svg, broker-utilisation.svg, storage-growth.svg, consumer-lag.svg, latency.svg, peak-lag.svg, cost-breakdown.svg, cost-growth.svg or topology.svg";
const IAC: &str = "kafka-topics.sh, strimzi.yaml or terraform.tf";

/// `GET /api/v1/designs/{id}/report.md|zip|pdf`
#[utoipa::path(get, path = urls::DESIGN_DOCUMENT, tag = "reports",
    params(("id" = uuid::Uuid, Path), ("document" = String, Path, description = DOCUMENT), DocumentQuery),
    responses((status = 200, description = "The document, named after the design"), (status = 404)))]
pub async fn design_document() {}

/// `GET /api/v1/designs/{id}/charts/{chart}.svg`
#[utoipa::path(get, path = urls::DESIGN_CHART, tag = "reports",
    params(("id" = uuid::Uuid, Path), ("chart" = String, Path, description = CHART)),
    responses((status = 200, description = "SVG"), (status = 404)))]
pub async fn design_chart() {}

/// `GET /api/v1/designs/{id}/iac/{file}`
#[utoipa::path(get, path = urls::DESIGN_IAC, tag = "reports",
    params(("id" = uuid::Uuid, Path), ("file" = String, Path, description = IAC)),
    responses((status = 200, description = "Topics as code"), (status = 404)))]
pub async fn design_iac() {}

/// `GET /api/v1/shared/{token}/report.md|zip|pdf`
#[utoipa::path(get, path = urls::SHARED_DOCUMENT, tag = "reports",
    params(("token" = String, Path), ("document" = String, Path, description = DOCUMENT), DocumentQuery),
    responses((status = 200, description = "The document, named after the design"), (status = 404)))]
pub async fn shared_document() {}

/// `GET /api/v1/shared/{token}/charts/{chart}.svg`
#[utoipa::path(get, path = urls::SHARED_CHART, tag = "reports",
    params(("token" = String, Path), ("chart" = String, Path, description = CHART)),
    responses((status = 200, description = "SVG"), (status = 404)))]
pub async fn shared_chart() {}

/// `GET /api/v1/shared/{token}/iac/{file}`
#[utoipa::path(get, path = urls::SHARED_IAC, tag = "reports",
    params(("token" = String, Path), ("file" = String, Path, description = IAC)),
    responses((status = 200, description = "Topics as code"), (status = 404)))]
pub async fn shared_iac() {}

#[cfg(test)]
mod tests {
    /// The Report tab (which cannot link the report crate) lists the charts the documents have,
    /// by the same names and titles, in the same order.
    #[test]
    fn the_report_tab_lists_the_charts_the_documents_have() {
        let mut documents = vec![("topology", "Topology")];
        documents.extend(report::charts::Chart::ALL.iter().map(|c| (c.slug(), c.title())));
        assert_eq!(app::editor::report_panel::CHARTS.to_vec(), documents);
        for (slug, _) in documents {
            assert!(
                super::Output::chart(&format!("{slug}.svg")).is_some(),
                "{slug} is served"
            );
        }
    }
}
