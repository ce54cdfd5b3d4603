//! The schema panel's text editor: line numbers, the syntax error's marker in the gutter, the
//! marked line, the textarea and its caret; and the syntax error as a button that moves the
//! caret to its line.

use leptos::prelude::*;

use super::*;

/// The text editor: line numbers, error markers in the gutter, the marked line, a textarea.
#[component]
pub(super) fn CodeEditor(
    session: Session,
    view: SchemaView,
    shown: Memo<usize>,
    editable: Signal<bool>,
    error: Memo<Option<SyntaxError>>,
) -> impl IntoView {
    let area = NodeRef::<leptos::html::Textarea>::new();
    let scroll = RwSignal::new(0.0_f64);
    let lines = Memo::new(move |_| session.buffer.with(|b| line_count(b)));
    let numbers = move || {
        let n = lines.get();
        let mut s = String::with_capacity(n * 5);
        for i in 1..=n {
            s.push_str(&i.to_string());
            s.push('\n');
        }
        s
    };
    let top = |line: usize| format!("{}px", PAD_PX + (line.saturating_sub(1)) as f64 * LINE_PX);
    let shift = move || format!("translateY({}px)", -scroll.get());
    let mark_line = Memo::new(move |_| {
        view.mark
            .get()
            .filter(|m| m.version as usize == shown.get())
            .map(|m| m.line)
    });
    let error_line = Memo::new(move |_| {
        if session.pending() {
            return None;
        }
        error.with(|e| e.as_ref().and_then(|e| e.line))
    });
    // Moves the caret to the marked line and scrolls it into view, once the text is shown.
    Effect::new(move |_| {
        let Some(line) = mark_line.get() else { return };
        request_animation_frame(move || {
            let Some(el) = area.get_untracked() else { return };
            let (start, _) = line_range_utf16(&el.value(), line);
            let _ = el.focus();
            let _ = el.set_selection_range(start, start);
            let height = f64::from(el.client_height());
            let target = PAD_PX + (line.saturating_sub(1)) as f64 * LINE_PX - height / 3.0;
            el.set_scroll_top(target.max(0.0) as i32);
            scroll.set(f64::from(el.scroll_top()));
        });
    });
    let label = move || {
        let v = shown.get();
        if editable.get() {
            format!("Text of v{v} (the newest version, editable)")
        } else {
            format!("Text of v{v} (read only)")
        }
    };
    view! {
        <label class="schema-text-label" for="schema-text">{label}</label>
        <div class="code-editor" data-testid="schema-editor">
            <div class="code-gutter" aria-hidden="true">
                <div class="code-shift" style:transform=shift>
                    <pre class="line-numbers">{numbers}</pre>
                    {move || error_line.get().map(|l| view! {
                        <span class="gutter-error" data-testid="schema-error-marker" data-line=l.to_string() style:top=top(l)>"●"</span>
                    })}
                </div>
            </div>
            <div class="code-area">
                <div class="code-shift code-marks" aria-hidden="true" style:transform=shift>
                    {move || error_line.get().map(|l| view! { <div class="line-band line-error" style:top=top(l)></div> })}
                    {move || mark_line.get().map(|l| view! {
                        <div class="line-band line-mark" data-testid="schema-line-mark" data-line=l.to_string() style:top=top(l)></div>
                    })}
                </div>
                <textarea
                    id="schema-text"
                    node_ref=area
                    data-testid="schema-text"
                    wrap="off"
                    spellcheck="false"
                    autocomplete="off"
                    aria-invalid=move || error_line.get().is_some().then_some("true")
                    aria-describedby="schema-syntax"
                    readonly=move || !editable.get()
                    prop:value=move || session.buffer.get()
                    on:input=move |ev| {
                        view.mark.set(None);
                        session.typed(event_target_value(&ev));
                    }
                    on:blur=move |_| session.flush()
                    on:scroll=move |ev| {
                        let el: web_sys::Element = event_target(&ev);
                        scroll.set(f64::from(el.scroll_top()));
                    }
                ></textarea>
            </div>
        </div>
    }
}

/// The shown version's syntax error, as a button that moves the caret to its line.
#[component]
pub(super) fn SyntaxErrors(
    session: Session,
    view: SchemaView,
    shown: Memo<usize>,
    error: Memo<Option<SyntaxError>>,
) -> impl IntoView {
    view! {
        <div id="schema-syntax" class="schema-syntax" aria-live="polite">
            {move || {
                if session.pending() {
                    return None;
                }
                error.get().map(|e| {
                    let line = e.line;
                    view! {
                        <button
                            class="schema-syntax-error"
                            data-testid="schema-syntax-error"
                            data-line=line.map(|l| l.to_string())
                            on:click=move |_| {
                                if let Some(line) = line {
                                    view.mark.set(Some(Mark { version: shown.get_untracked() as u32, line }));
                                }
                            }
                        >
                            {format!("Not valid: {}", e.message)}
                        </button>
                    }
                })
            }}
        </div>
    }
}
