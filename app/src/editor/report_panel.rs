//! The Report tab: the design's charts and topology picture as the documents show them, and
//! downloads of the Markdown spec (alone or zipped with its charts), the typeset PDF, the
//! AsyncAPI 3.0 document and the topics as code. Needs a stored design (mine, or the one behind a review link).

use api::urls::{DocumentSource, IAC_FILES};
use api::Revision;
use leptos::prelude::*;

use crate::browser;

/// The charts, in the order the documents show them: (file, title). The same names as the
/// `report` crate's (which is not compiled to WebAssembly); a server test holds them equal.
pub const CHARTS: [(&str, &str); 9] = [
    ("topology", "Topology"),
    ("partition-load", "Partition load per keyed topic"),
    ("broker-utilisation", "Broker utilisation against limits"),
    ("storage-growth", "Storage over the retention window"),
    ("consumer-lag", "Projected consumer lag over the next hour"),
    ("latency", "End-to-end latency per path"),
    ("peak-lag", "Lag over the peak windows, current and pre-scaled"),
    (
        "cost-breakdown",
        "Monthly cost by component per deployment target",
    ),
    (
        "cost-growth",
        "Monthly cost per deployment target at growth × 1 to × 5",
    ),
];

/// Charts drawn only for some designs: the peak windows' lag, when the design has a profile.
const ONLY_WITH_PEAKS: &str = "peak-lag";
/// Charts drawn only for a design with a deployment: what it costs.
const ONLY_WITH_COST: [&str; 2] = ["cost-breakdown", "cost-growth"];
/// What each of [`IAC_FILES`] is, for the link's label.
fn iac_label(file: &str) -> &'static str {
    match file {
        "kafka-topics.sh" => "kafka-topics.sh script",
        "strimzi.yaml" => "Strimzi KafkaTopic YAML",
        "terraform.tf" => "Terraform confluent_kafka_topic",
        _ => "Topics as code",
    }
}

/// `source`: whose documents (my design, or the one behind a review link) and its revision (so
/// that charts are fetched again after a save); `None` for a design kept only in this browser.
#[component]
pub fn ReportPanel(
    source: Signal<Option<(DocumentSource, Revision)>>,
    file_stem: Signal<String>,
    /// Whether the analysis simulated peak windows (the peak chart is shown only then).
    #[prop(into)]
    has_peaks: Signal<bool>,
    /// Whether the analysis priced the design (the cost charts are shown only then).
    #[prop(into)]
    has_cost: Signal<bool>,
) -> impl IntoView {
    let pdf_busy = RwSignal::new(false);
    let pdf_error = RwSignal::new(None::<String>);
    // The documents can end with the open review threads (a stored design's, when it has any).
    let reviewed = crate::reviews::Reviews::from_context();
    let with_threads = RwSignal::new(false);
    let document = move |documents: &DocumentSource, file: &str| {
        let url = documents.document(file);
        if with_threads.get() {
            format!("{url}?threads=open")
        } else {
            url
        }
    };
    let download_pdf = move |_| {
        let Some((documents, _)) = source.get_untracked() else {
            return;
        };
        let name = format!("{}.pdf", file_stem.get_untracked());
        pdf_busy.set(true);
        pdf_error.set(None);
        let url = untrack(|| document(&documents, "report.pdf"));
        leptos::task::spawn_local(async move {
            if let Err(e) = browser::download_url(&url, &name).await {
                pdf_error.set(Some(e));
            }
            pdf_busy.set(false);
        });
    };
    move || match source.get() {
        None => view! {
            <p class="muted report-hint" data-testid="report-unsaved">
                "Charts and documents are made from a saved design: log in and save it to your designs, "
                "or use Export JSON and POST it to /api/v1/report."
            </p>
        }
        .into_any(),
        Some((documents, revision)) => {
            let (md_source, zip_source) = (documents.clone(), documents.clone());
            view! {
            <div class="report" data-testid="report">
                {move || reviewed.filter(|r| r.is_open().get()).map(|_| view! {
                    <label class="report-threads">
                        <input
                            type="checkbox"
                            data-testid="report-threads"
                            prop:checked=move || with_threads.get()
                            on:change=move |ev| with_threads.set(event_target_checked(&ev))
                        />
                        " Include the open review threads as an appendix (Markdown, zip and PDF)"
                    </label>
                })}
                <div class="report-downloads">
                    <button class="button primary" data-testid="report-pdf" disabled=pdf_busy on:click=download_pdf>
                        {move || if pdf_busy.get() { "Typesetting the PDF…" } else { "Download PDF" }}
                    </button>
                    {move || pdf_busy.get().then(|| view! {
                        <progress data-testid="report-progress" aria-label="Typesetting the PDF"></progress>
                    })}
                    <a class="button" data-testid="report-md" rel="external" download="" href=move || document(&md_source, "report.md")>"Markdown"</a>
                    <a class="button" data-testid="report-zip" rel="external" download="" href=move || document(&zip_source, "report.zip")>"Markdown + charts (.zip)"</a>
                    <a
                        class="button"
                        data-testid="report-asyncapi"
                        rel="external"
                        download=""
                        title="The topics, their clients and schemas as an AsyncAPI 3.0 document"
                        href=documents.document("asyncapi.yaml")
                    >
                        "AsyncAPI 3.0 (.yaml)"
                    </a>
                </div>
                {move || pdf_error.get().map(|e| view! { <p class="form-error" role="alert">"The PDF was not made: " {e}</p> })}
                <p class="report-iac">
                    "Topics as code: "
                    {IAC_FILES.iter().map(|file| view! {
                        <a data-testid=format!("report-iac-{file}") rel="external" download="" href=documents.iac(file)>{iac_label(file)}</a>" "
                    }).collect_view()}
                </p>
                {CHARTS.iter().filter(|(file, _)| {
                    (*file != ONLY_WITH_PEAKS || has_peaks.get()) && (!ONLY_WITH_COST.contains(file) || has_cost.get())
                }).map(|(file, title)| view! {
                    <figure class="report-chart">
                        <img
                            data-testid=format!("chart-{file}")
                            src=format!("{}?r={revision}", documents.chart(&format!("{file}.svg")))
                            alt=*title
                            loading="lazy"
                        />
                        <figcaption>{*title}</figcaption>
                    </figure>
                }).collect_view()}
            </div>
            }
            .into_any()
        }
    }
}
