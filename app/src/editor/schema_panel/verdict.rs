//! The schema panel's comparisons: two versions side by side, and the newest version's verdict
//! at the subject's level, each incompatibility a button that shows its version and line.

use contracts::Direction;
use leptos::prelude::*;

use super::*;

/// Two versions side by side, the lines that differ highlighted.
#[component]
pub(super) fn Compare(node: ArcReadSignal<Node>, count: Memo<usize>) -> impl IntoView {
    let n = count.get_untracked();
    let left = RwSignal::new(n.saturating_sub(1).max(1));
    let right = RwSignal::new(n);
    let rows = {
        let node = node.clone();
        Memo::new(move |_| {
            let (l, r) = (left.get(), right.get());
            node.with(|n| {
                let text = |v: usize| {
                    v.checked_sub(1)
                        .and_then(|i| n.versions.get(i))
                        .map(|v| v.schema.clone())
                        .unwrap_or_default()
                };
                let (a, b) = (text(l), text(r));
                let (la, lb): (Vec<&str>, Vec<&str>) = (a.split('\n').collect(), b.split('\n').collect());
                diff_rows(&la, &lb)
                    .into_iter()
                    .map(|row| {
                        let cell =
                            |lines: &[&str], at: Option<usize>| at.map(|i| (i + 1, lines[i].to_owned()));
                        (row.kind.name(), cell(&la, row.left), cell(&lb, row.right))
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let picker = move |which: RwSignal<usize>, id: &'static str, label: &'static str| {
        view! {
            <label for=id>{label}</label>
            <select
                id=id
                data-testid=id
                prop:value=move || which.get().to_string()
                on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse() {
                        which.set(v);
                    }
                }
            >
                {move || (1..=count.get()).map(|k| view! { <option value=k.to_string() selected=k == which.get_untracked()>{format!("v{k}")}</option> }).collect_view()}
            </select>
        }
    };
    let changed = move || rows.with(|r| r.iter().filter(|(k, ..)| *k != "same").count());
    view! {
        <div class="schema-compare-head">
            {picker(left, "schema-compare-left", "Left")}
            {picker(right, "schema-compare-right", "Right")}
            <span class="muted" data-testid="schema-diff-count">{move || units::plural(changed(), "line differs", "lines differ")}</span>
        </div>
        <div class="schema-diff" data-testid="schema-diff" role="table" aria-label="Versions side by side">
            {move || rows.get().into_iter().map(|(kind, l, r)| {
                let (ln, lt) = l.map_or((String::new(), String::new()), |(n, t)| (n.to_string(), t));
                let (rn, rt) = r.map_or((String::new(), String::new()), |(n, t)| (n.to_string(), t));
                view! {
                    <div class=format!("diff-row diff-{kind}") data-kind=kind role="row">
                        <span class="diff-num" role="cell">{ln}</span>
                        <span class="diff-text diff-left" role="cell">{lt}</span>
                        <span class="diff-num" role="cell">{rn}</span>
                        <span class="diff-text diff-right" role="cell">{rt}</span>
                    </div>
                }
            }).collect_view()}
        </div>
    }
}

/// The newest version's compatibility at the subject's level, each incompatibility a button
/// that shows the version and line it is about.
#[component]
pub(super) fn VerdictView(
    node: ArcReadSignal<Node>,
    view: SchemaView,
    ty: Memo<SchemaType>,
    level: Memo<Level>,
    count: Memo<usize>,
    checked: Memo<Option<Result<Verdict, VersionError>>>,
) -> impl IntoView {
    let body = move || {
        let n = count.get();
        let level = level.get();
        let ty = ty.get();
        match checked.get() {
            None if n == 0 => view! { <p class="muted">"Nothing to check: the subject has no version."</p> }.into_any(),
            None => view! { <p class="muted" data-testid="schema-verdict" data-state="first">"v1 is the first version: nothing to compare it with."</p> }.into_any(),
            Some(_) if level == Level::None => view! {
                <p class="schema-none" data-testid="schema-verdict" data-state="none">
                    "Compatibility NONE: the registry accepts any new version and checks nothing."
                </p>
            }
            .into_any(),
            Some(Err(e)) => {
                let version = e.version.unwrap_or(n as u32);
                let text = node.with(|d| d.versions.get(version as usize - 1).map(|v| v.schema.clone()).unwrap_or_default());
                let line = syntax_error(ty, &text).and_then(|s| s.line);
                view! {
                    <p data-testid="schema-verdict" data-state="unreadable">
                        "Not checked: "
                        <button class="link-button" data-testid="schema-verdict-error" on:click=move |_| {
                            let id = view.subject.get_untracked().unwrap_or_default();
                            view.open_at(&id, version, line);
                        }>{e.to_string()}</button>
                    </p>
                }
                .into_any()
            }
            Some(Ok(v)) if v.is_compatible => view! {
                <p class="schema-ok" data-testid="schema-verdict" data-state="compatible">
                    {format!("v{n} is compatible with {} at {level}", compared_with(level, n))}
                </p>
            }
            .into_any(),
            Some(Ok(v)) => {
                let items = v.messages.into_iter().map(|m| {
                    // The location is in the reader's schema: the newest version reading older
                    // data (backward), the older one reading the newest's (forward).
                    let in_version = match m.direction {
                        Direction::Backward => n as u32,
                        Direction::Forward => m.version,
                    };
                    let text = node.with(|d| d.versions.get(in_version as usize - 1).map(|v| v.schema.clone()).unwrap_or_default());
                    let line = line_of(ty, &text, &m.location);
                    let direction = match m.direction {
                        Direction::Backward => "backward",
                        Direction::Forward => "forward",
                    };
                    let place = match line {
                        Some(l) => format!("v{in_version}, line {l}"),
                        None => format!("v{in_version}, {}", m.location),
                    };
                    view! {
                        <li>
                            <button
                                class="schema-incompatibility"
                                data-testid="schema-incompatibility"
                                data-version=m.version.to_string()
                                data-line=line.map(|l| l.to_string())
                                on:click=move |_| {
                                    let id = view.subject.get_untracked().unwrap_or_default();
                                    view.open_at(&id, in_version, line);
                                }
                            >
                                <code class="schema-kind">{m.kind.clone()}</code>
                                <span>{m.message.clone()}</span>
                                <span class="muted">{format!("with v{} ({direction}) · at {} · {place}", m.version, m.location)}</span>
                            </button>
                        </li>
                    }
                }).collect_view();
                view! {
                    <p class="schema-bad" data-testid="schema-verdict" data-state="incompatible">
                        {format!("v{n} is not compatible with {} at {level}:", compared_with(level, n))}
                    </p>
                    <ul class="schema-incompatibilities">{items}</ul>
                }
                .into_any()
            }
        }
    };
    view! {
        <section class="schema-verdict" aria-label="Compatibility" aria-live="polite">
            {body}
        </section>
    }
}
