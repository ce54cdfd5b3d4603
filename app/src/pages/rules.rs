//! `/rules`: every lint rule the analysis applies, one section each (`/rules#<id>`), with its
//! severity, what goes wrong in Kafka and how to fix it. Findings in the editor, the Markdown
//! and the PDF link here. The list is the analysis's own registry (`analysis::rules::RULES`),
//! so a rule cannot exist without its entry here; `GET /api/v1/lint-rules` answers the same.
//!
//! Hydrated by the `review` bundle, which holds the analysis already (see [`crate::bundle_for`]).

use analysis::rules::{rules, Severity};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn RulesPage() -> impl IntoView {
    let all = rules();
    let count = |s: Severity| all.iter().filter(|r| r.severity == s).count();
    let summary = format!(
        "{} rules: {} errors, {} warnings, {} for information.",
        all.len(),
        count(Severity::Error),
        count(Severity::Warn),
        count(Severity::Info)
    );
    view! {
        <Title text="Lint rules · Kafka Design Studio" />
        <section class="panel rules-page" data-testid="rules">
            <h1>"Lint rules"</h1>
            <p class="lead">
                "What the analysis checks in every design, and why. " {summary}
                " The same list as JSON: " <a href=api::urls::lint_rules()><code>"GET /api/v1/lint-rules"</code></a>"."
            </p>
            <nav class="rules-index" aria-label="Rules">
                <ul>
                    {all.iter().map(|r| view! {
                        <li><a href=format!("#{}", r.id)><code>{r.id}</code></a></li>
                    }).collect_view()}
                </ul>
            </nav>
            {all.iter().map(|r| {
                let (class, _) = crate::editor::findings::severity(r.severity);
                view! {
                    <article class="rule" id=r.id data-testid=format!("rule-{}", r.id)>
                        <h2>
                            <a class="rule-anchor" href=format!("#{}", r.id)><code>{r.id}</code></a>
                            " " {r.title}
                        </h2>
                        <p><span class=format!("severity-tag {class}")>{r.severity.label()}</span></p>
                        <h3>"Why it matters"</h3>
                        <p>{r.why}</p>
                        <h3>"How to fix it"</h3>
                        <p>{r.fix}</p>
                    </article>
                }
            }).collect_view()}
        </section>
    }
}
