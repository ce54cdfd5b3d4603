//! The studio's user interface, written once in Leptos and compiled twice.
//!
//! * With the `ssr` feature it is linked into the server, which renders every page to HTML
//!   ([`shell`] is the whole document, [`App`] the part inside `<body>`).
//! * With the `hydrate` feature it is compiled to WebAssembly; [`hydrate`] takes over the
//!   server-rendered page in the browser and makes it interactive. It is compiled three times:
//!   the `studio` bundle (home, log-in, not found), the `review` bundle (feature `review`: review
//!   links, the editor's screen with editing off, without saving, history or sharing) and the
//!   `editor` bundle (feature `editor`: the editor, and review links too); [`shell`] asks for
//!   the one the page needs, so neither the first page a visitor opens nor a review link
//!   downloads the editor. A route a bundle does not hold is [`pages::elsewhere::Elsewhere`],
//!   which loads the page for real.
//!
//! This crate holds pages and components only. It does no IO of its own beyond what the browser
//! does for it; the Kafka model and its analysis live in `crates/design` and `crates/analysis`,
//! storage and HTTP in `server`.

#![recursion_limit = "256"]

pub mod browser;
pub mod client;
pub mod components;
#[cfg(feature = "review")]
pub mod editor;
pub mod pages;
#[cfg(feature = "review")]
pub mod reviews;
pub mod session;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    ParamSegment, StaticSegment,
};

use crate::components::auth::LoginPage;
use crate::components::header::Header;
#[cfg(feature = "editor")]
use crate::pages::editor::EditorPage;
#[cfg(not(feature = "editor"))]
use crate::pages::elsewhere::Elsewhere as EditorPage;
#[cfg(not(feature = "review"))]
use crate::pages::elsewhere::Elsewhere as ReviewPage;
#[cfg(not(feature = "review"))]
use crate::pages::elsewhere::Elsewhere as RulesPage;
#[cfg(feature = "review")]
use crate::pages::review::ReviewPage;
#[cfg(feature = "review")]
use crate::pages::rules::RulesPage;
use crate::pages::{home::HomePage, not_found::NotFound};

/// The editor's path segment (`/editor`) and the review links' (`/s/<token>`): the routes in
/// [`App`] and [`bundle_for`] both read them, so a route cannot move without its bundle.
const EDITOR_SEGMENT: &str = "editor";
const REVIEW_SEGMENT: &str = "s";
/// The lint rules' page (`/rules`), hydrated by the `review` bundle: it holds the analysis.
const RULES_SEGMENT: &str = "rules";

/// The bundle a path is hydrated by: `editor` for the editor, `review` for review links,
/// `studio` for the rest.
pub fn bundle_for(path: &str) -> &'static str {
    let mut segments = path.strip_prefix('/').unwrap_or(path).splitn(2, '/');
    match (segments.next(), segments.next()) {
        (Some(EDITOR_SEGMENT), _) => "editor",
        (Some(REVIEW_SEGMENT), Some(_)) => "review",
        (Some(RULES_SEGMENT), None | Some("")) => "review",
        _ => "studio",
    }
}

/// The HTML document the server sends: head with the hydration scripts of the bundle the page
/// needs and the page's [`session::PageSeed`], body with [`App`].
#[cfg_attr(not(feature = "ssr"), allow(unused_mut))]
pub fn shell(mut options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<http::request::Parts>() {
        options.output_name = bundle_for(parts.uri.path()).into();
    }
    let seed = session::PageSeed::current().map(|seed| {
        view! {
            <script type="application/json" id=session::SEED_ELEMENT_ID inner_html=seed.to_script_text()></script>
        }
    });
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                {seed}
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: header and the routed pages.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    session::provide_session();

    view! {
        <Stylesheet id="studio" href="/pkg/studio.css" />
        <Title text="Kafka Design Studio" />
        <Meta name="description" content="Design, size and review Kafka streaming architectures." />
        <Router>
            <Header />
            <main class="main">
                <Routes fallback=NotFound>
                    <Route path=StaticSegment("") view=HomePage />
                    <Route path=StaticSegment(EDITOR_SEGMENT) view=EditorPage />
                    <Route path=StaticSegment("login") view=LoginPage />
                    <Route path=(StaticSegment(REVIEW_SEGMENT), ParamSegment("token")) view=ReviewPage />
                    <Route path=StaticSegment(RULES_SEGMENT) view=RulesPage />
                </Routes>
            </main>
        </Router>
    }
}

/// Entry point of the WebAssembly bundle: hydrates the server-rendered body.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}

#[cfg(test)]
mod tests {
    use super::bundle_for;

    #[test]
    fn each_page_gets_the_bundle_that_holds_it() {
        for (path, bundle) in [
            ("/", "studio"),
            ("/login", "studio"),
            ("/no/such/page", "studio"),
            ("/editorial", "studio"),
            ("/s", "studio"),
            ("/editor", "editor"),
            ("/editor/", "editor"),
            ("/s/abc", "review"),
            ("/s/", "review"),
            ("/rules", "review"),
            ("/rules/", "review"),
            ("/rules/x", "studio"),
        ] {
            assert_eq!(bundle_for(path), bundle, "{path}");
        }
    }
}
