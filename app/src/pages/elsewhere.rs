//! What a bundle shows for a page another bundle hydrates (the `studio` bundle for the editor and
//! review links, the `review` bundle for the editor): nothing; it loads the page for real, so
//! that the server sends it with its own bundle ([`crate::bundle_for`]). Links there are plain
//! page loads (`rel="external"`); this catches any client-side navigation that gets here anyway.

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
