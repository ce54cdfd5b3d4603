//! What the `studio` bundle shows for the pages the `editor` bundle hydrates (the editor, review
//! links): nothing; it loads the page for real, so that the server sends it with that bundle.
//! Links there are plain page loads (`rel="external"`); this catches any client-side navigation
//! that gets here anyway.

use leptos::prelude::*;

#[component]
pub fn Elsewhere() -> impl IntoView {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(window) = web_sys::window() {
            let location = window.location();
            if let Ok(href) = location.href() {
                let _ = location.replace(&href);
            }
        }
    });
    view! { <p class="muted">"Loading…"</p> }
}
