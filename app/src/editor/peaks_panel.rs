//! Peak windows in the Analysis tab: for each window of the load profile and each reader it
//! changes, how much lag builds up, when it peaks and how long it takes to clear, against the
//! lag alert threshold; a chart of the lag over the window for the current design and the
//! advised one; and the pre-scale advice with its change plan (the same `plan` crate as the
//! History tab, run here in the browser).

use std::sync::Arc;

use analysis::peak::{PeakReport, PeakRun};
use analysis::Analysis;
use leptos::prelude::*;

use super::plan_view::PlanSteps;
use super::state::Editor;

/// How many readers the panel shows, the worst first (the Markdown and PDF list more).
const SHOWN: usize = 12;

#[component]
pub fn PeakWindows(editor: Editor, analysis: Memo<Arc<Analysis>>) -> impl IntoView {
    // The pre-scale plan is made on request, for the design as it is then (a plan hashes keys
    // and analyses both designs: too much to redo on every keystroke); it says when the design
    // has changed since.
    let prescale = RwSignal::new(None::<(u64, Option<plan::Plan>)>);
    let make_plan = move |_| {
        if prescale.with_untracked(Option::is_some) {
            prescale.set(None);
            return;
        }
        let version = editor.local_version().get_untracked();
        let design = editor.with_recorded(Clone::clone);
        let advised = analysis.with_untracked(|a| analysis::peak::prescaled(&design, a));
        prescale.set(Some((version, advised.map(|to| plan::plan(&design, &to)))));
    };
    let plan_view = move || {
        prescale.get().map(|(version, plan)| {
            let stale = editor.local_version().get() != version;
            view! {
                <div data-testid="prescale-plan">
                    {stale.then(|| view! { <p class="note">"The design changed since this plan was made: plan again to update it."</p> })}
                    {match plan {
                        Some(plan) => view! { <PlanSteps plan /> }.into_any(),
                        None => view! { <p class="ok">"Nothing to pre-scale: every reader stays under its threshold."</p> }.into_any(),
                    }}
                </div>
            }
        })
    };
    move || {
        let a = analysis.get();
        if a.peaks.is_empty() && a.peak_windows.is_empty() {
            return None;
        }
        // The worst first: over the threshold, then by the lag's peak.
        let mut order: Vec<usize> = (0..a.peaks.len()).collect();
        order.sort_by(|&x, &y| {
            let (x, y) = (&a.peaks[x].current, &a.peaks[y].current);
            y.exceeds_threshold
                .cmp(&x.exceeds_threshold)
                .then(y.max_lag_seconds.total_cmp(&x.max_lag_seconds))
        });
        // Readers the analysis left out (past its budget, or not among a window's worst) and
        // windows it skipped (their shape breaks the profile's rules: see Properties).
        let left_out: u32 = a.peak_windows.iter().map(|w| w.more_readers).sum();
        let skipped: Vec<String> = a
            .peak_windows
            .iter()
            .filter_map(|w| {
                w.skipped
                    .as_ref()
                    .map(|why| format!("{} is not simulated: {why}", w.window))
            })
            .collect();
        let hidden = order.len().saturating_sub(SHOWN) + left_out as usize;
        order.truncate(SHOWN);
        let any_advice = a.peaks.iter().any(|r| r.advice.is_some());
        Some(view! {
            <section class="panel-section peaks" data-testid="peak-windows" aria-label="Peak windows">
                <h2>"Peak windows"</h2>
                {order.into_iter().map(|i| view! { <PeakCard index=i report=a.peaks[i].clone() /> }).collect_view()}
                {skipped.into_iter().map(|s| view! { <p class="note">{s}</p> }).collect_view()}
                {(hidden > 0).then(|| view! {
                    <p class="muted">{format!("And {hidden} more readers that lag less (the report lists them).")}</p>
                })}
                {any_advice.then(|| view! {
                    <button class="button" data-testid="prescale-plan-toggle" on:click=make_plan>
                        {move || if prescale.with(Option::is_some) { "Hide the pre-scale plan" } else { "Plan the pre-scale" }}
                    </button>
                })}
                {plan_view}
            </section>
        })
    }
}

/// One reader over one window: the verdict, the advice and the chart.
#[component]
fn PeakCard(index: usize, report: PeakReport) -> impl IntoView {
    let r = report;
    let threshold = r.threshold_seconds;
    let verdict = verdict(&r.current, threshold);
    let advice = match (&r.advice, &r.advice_note) {
        (Some(a), _) => Some(format!(
            "Before the window: {} at {} partitions and {} at {} instances ({} of keys stay on their partition) → lag peaks at {}.",
            r.topic,
            a.partitions,
            r.reader,
            a.instances,
            percent(a.keys_kept_share),
            duration(a.run.max_lag_seconds),
        )),
        (None, Some(note)) => Some(note.clone()),
        (None, None) => None,
    };
    let exceeds = r.current.exceeds_threshold;
    let class = if exceeds { "peak-card over" } else { "peak-card" };
    let head = format!("{}: {} reading {}", r.window, r.reader, r.topic);
    let capacity = format!(
        "{} partitions, {} instances: {} records/s drained against {} records/s at the plateau (threshold {}).",
        r.current.partitions,
        r.current.instances,
        units::count(r.current.capacity_per_sec_at_plateau),
        units::count(r.current.input_per_sec_at_plateau),
        duration(threshold),
    );
    view! {
        <div class=class data-testid=format!("peak-{index}") data-exceeds=exceeds.to_string()>
            <h3 class="subhead">{head}</h3>
            <p data-testid="peak-verdict">{verdict}</p>
            <p class="muted">{capacity}</p>
            {advice.map(|a| view! { <p class="peak-advice" data-testid="peak-advice">{a}</p> })}
            <LagChart report=r />
        </div>
    }
}

/// "Lag peaks at 34 min, 95 min into the window; clears 41 min after the plateau."
fn verdict(run: &PeakRun, threshold: f64) -> String {
    if run.max_lag_records <= 0.0 {
        return "Keeps up: no lag builds.".into();
    }
    let clears = match run.clears_after_minutes {
        Some(0) => "cleared by the end of the plateau".to_owned(),
        Some(m) => format!("clears {} after the plateau", duration(f64::from(m) * 60.0)),
        None => "does not clear within 24 h".to_owned(),
    };
    let over = if run.exceeds_threshold {
        format!(", over the {} threshold", duration(threshold))
    } else {
        String::new()
    };
    format!(
        "Lag peaks at {} ({} records) {} min into the window{over}; {clears}.",
        duration(run.max_lag_seconds),
        units::count(run.max_lag_records),
        run.max_lag_minute,
    )
}

/// The lag in minutes over the window: the current design (solid), the advised one (dashed),
/// the threshold (dotted), the plateau shaded.
#[component]
fn LagChart(report: PeakReport) -> impl IntoView {
    const W: f64 = 300.0;
    const H: f64 = 90.0;
    let r = report;
    let runs: Vec<(&'static str, &PeakRun)> = std::iter::once(("current", &r.current))
        .chain(r.advice.as_ref().map(|a| ("advised", &a.run)))
        .collect();
    let last_minute = runs
        .iter()
        .filter_map(|(_, run)| run.series.last().map(|p| p.minute))
        .max()
        .unwrap_or(0)
        .max(r.window_end_minute)
        .max(1);
    let top = runs
        .iter()
        .map(|(_, run)| run.max_lag_seconds)
        .fold(r.threshold_seconds * 1.2, f64::max)
        .max(1.0);
    let x = move |minute: u32| f64::from(minute) / f64::from(last_minute) * W;
    let y = move |seconds: f64| H - (seconds / top).clamp(0.0, 1.0) * H;
    let lines = runs
        .iter()
        .map(|(class, run)| {
            let points = std::iter::once((0, 0.0))
                .chain(run.series.iter().map(|p| (p.minute, p.lag_seconds)))
                .map(|(m, s)| format!("{:.1},{:.1}", x(m), y(s)))
                .collect::<Vec<_>>()
                .join(" ");
            view! { <polyline class=format!("lag-{class}") points=points /> }
        })
        .collect_view();
    let (p0, p1) = (x(r.plateau_start_minute), x(r.plateau_end_minute));
    let t = y(r.threshold_seconds);
    view! {
        <svg class="lag-chart" viewBox=format!("0 0 {W} {H}") role="img"
            aria-label=format!("Lag of {} over {}, in time, current and advised", r.reader, r.window)>
            <rect class="plateau" x=p0 y=0 width=(p1 - p0).max(0.5) height=H />
            <line class="threshold" x1=0 x2=W y1=t y2=t />
            {lines}
        </svg>
        <p class="lag-legend muted">
            "Lag over " {duration(f64::from(last_minute) * 60.0)} ": current (solid)"
            {r.advice.is_some().then_some(", advised (dashed)")} ", threshold (dotted), plateau shaded."
        </p>
    }
}

fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

/// Seconds as people read a lag: `45 s`, `34 min`, `2.5 h`.
fn duration(seconds: f64) -> String {
    if !seconds.is_finite() {
        "∞".into()
    } else if seconds < 90.0 {
        format!("{seconds:.0} s")
    } else if seconds < 90.0 * 60.0 {
        format!("{:.0} min", seconds / 60.0)
    } else {
        format!("{:.1} h", seconds / 3600.0)
    }
}
