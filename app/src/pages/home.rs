//! The landing page: what the studio does and where to start.

use design::templates::TEMPLATES;
use leptos::prelude::*;

use crate::components::auth::AuthForms;
use crate::components::import::ImportDialog;
use crate::components::my_designs::MyDesigns;
use crate::session::{use_session, SessionState};

/// One thing the studio does, as shown on the landing page.
struct Capability {
    title: &'static str,
    text: &'static str,
}

const CAPABILITIES: &[Capability] = &[
    Capability {
        title: "Draw the topology",
        text: "Producers and CDC source connectors, topics with their dead-letter and retry \
               topics, Kafka Streams, Flink and ksqlDB processors, consumer groups and sink \
               connectors, each with the settings that matter.",
    },
    Capability {
        title: "Size the cluster",
        text: "Brokers, storage, network and partition counts from message rates, sizes, \
               retention and replication.factor, with the binding constraint named and every \
               formula shown with its inputs.",
    },
    Capability {
        title: "Find hotspots and lag",
        text: "Key skew through Kafka's own murmur2 partitioner, consumer capacity against input, \
               lag growth and drain time, end-to-end latency per path.",
    },
    Capability {
        title: "Review and export",
        text: "Lint findings with fixes (min.insync.replicas, acks, enable.idempotence, …), \
               share a read-only link, export the spec as Markdown or PDF and the topics as code.",
    },
];

#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session();
    let importing = RwSignal::new(false);
    view! {
        <ImportDialog open=importing />
        <section class="hero">
            <h1>"Design Kafka streaming architectures you can defend in review"</h1>
            <p class="lead">
                "Draw source → stream → sink, and see what it takes to run: brokers, partitions, "
                "hot keys, consumer lag and the settings that will bite in production."
            </p>
            <div class="start">
                // The editor is another bundle: these are page loads, not in-app navigation.
                <a class="button primary" rel="external" href="/editor?new" data-testid="new-design">"New design"</a>
                <a class="button" rel="external" href="/editor" data-testid="open-draft">"Continue your draft"</a>
                <button class="button" data-testid="home-import" on:click=move |_| importing.set(true)>"Import…"</button>
                <a class="button" href="/api/docs">"API reference"</a>
            </div>
        </section>
        {move || match session.state() {
            SessionState::SignedIn(_) => view! { <MyDesigns /> }.into_any(),
            SessionState::Visitor => view! { <AuthForms /> }.into_any(),
            SessionState::Unknown => ().into_any(),
        }}
        <h2 class="section-title">"Start from a template"</h2>
        <section class="cards" aria-label="Starter templates">
            {TEMPLATES
                .iter()
                .map(|t| {
                    let stats = format!("{} nodes · {} edges", t.nodes, t.edges);
                    view! {
                        <a
                            class="card template-card"
                            rel="external"
                            href=format!("/editor?template={}", t.id)
                            data-testid=format!("template-{}", t.id)
                        >
                            <h3>{t.title}</h3>
                            <p>{t.summary}</p>
                            <p class="stats">{stats}</p>
                        </a>
                    }
                })
                .collect_view()}
        </section>
        <h2 class="section-title">"What the studio does"</h2>
        <section class="cards" aria-label="What the studio does">
            {CAPABILITIES
                .iter()
                .map(|c| {
                    view! {
                        <article class="card">
                            <h2>{c.title}</h2>
                            <p>{c.text}</p>
                        </article>
                    }
                })
                .collect_view()}
        </section>
    }
}
