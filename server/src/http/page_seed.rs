//! What a page is rendered with besides its address: who is signed in and, on the home page,
//! their designs ([`app::session::PageSeed`]). A middleware in front of the pages looks them up
//! and puts them in the request, where the app reads them while rendering and writes them into
//! the page for the browser — so the header, the home page and the editor arrive complete in
//! the HTML instead of filling in after hydration.
//!
//! The lookup is bounded so that pages cannot crowd out the API: at most
//! [`MAX_LOOKUPS`] at once and [`LOOKUP_TIMEOUT`] each; a page that does not get its seed in
//! time is rendered without it, and the browser asks once it is interactive. A page that
//! carries a seed is personal: it is sent `Cache-Control: private, no-store` with
//! `Vary: Cookie`, so no shared cache hands one user's page to another.
//!
//! Not here: the JSON API (which answers for itself), the bundles, `/healthz` and files
//! (a last path segment with a dot: `/favicon.svg`).

use std::sync::OnceLock;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use tokio::sync::Semaphore;

use super::AppState;
use crate::auth::{cookie, token};
use crate::db::designs;

/// Looks up the page's seed for a `GET` of a page. When the database cannot answer, the page is
/// rendered without a seed and the browser asks once it is interactive.
pub async fn seed_pages(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let mut seeded = false;
    if is_page(request.method(), request.uri().path()) {
        let token = cookie::session_token(request.headers()).map(str::to_owned);
        let home = request.uri().path() == "/";
        if let Some(seed) = bounded_look_up(&state, token, home).await {
            request.extensions_mut().insert(seed);
            seeded = true;
        }
    }
    let mut response = next.run(request).await;
    if seeded {
        let headers = response.headers_mut();
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
        headers.append(header::VARY, HeaderValue::from_static("cookie"));
    }
    response
}

/// Most seed lookups at once (each may hold a database connection).
pub const MAX_LOOKUPS: usize = 8;
/// The longest a page waits for its seed.
pub const LOOKUP_TIMEOUT: Duration = Duration::from_millis(500);

async fn bounded_look_up(
    state: &AppState,
    token: Option<String>,
    home: bool,
) -> Option<app::session::PageSeed> {
    static LOOKUPS: OnceLock<Semaphore> = OnceLock::new();
    // Without a cookie there is nothing to look up: every visitor gets the visitor's seed.
    let Some(token) = token else {
        return Some(app::session::PageSeed::default());
    };
    let _turn = LOOKUPS
        .get_or_init(|| Semaphore::new(MAX_LOOKUPS))
        .try_acquire()
        .ok()?;
    tokio::time::timeout(LOOKUP_TIMEOUT, look_up(state, token, home))
        .await
        .ok()
        .flatten()
}

fn is_page(method: &Method, path: &str) -> bool {
    let other = ["/api/", "/pkg/", "/healthz"];
    let file = path.rsplit('/').next().is_some_and(|last| last.contains('.'));
    (method == Method::GET || method == Method::HEAD) && !file && !other.iter().any(|p| path.starts_with(p))
}

async fn look_up(state: &AppState, value: String, home: bool) -> Option<app::session::PageSeed> {
    let user = match state.sessions.user_for(&state.pool, &token::hash(&value)).await {
        Ok(user) => user,
        Err(e) => {
            tracing::warn!(error = %e, "page rendered without its session: the database did not answer");
            return None;
        }
    };
    let Some(user) = user else {
        return Some(app::session::PageSeed::default());
    };
    let designs = if home {
        match designs::list(&state.pool, user.id).await {
            Ok(list) => Some(list),
            Err(e) => {
                tracing::warn!(error = %e, "home page rendered without its designs: the database did not answer");
                None
            }
        }
    } else {
        None
    };
    Some(app::session::PageSeed {
        account: Some(api::Account {
            id: user.id.into(),
            email: user.email,
        }),
        designs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_seeded_and_the_rest_is_not() {
        for path in ["/", "/editor", "/login", "/s/abc", "/no/such/page"] {
            assert!(is_page(&Method::GET, path), "{path}");
        }
        for path in ["/api/v1/designs", "/pkg/studio.wasm", "/healthz", "/favicon.svg"] {
            assert!(!is_page(&Method::GET, path), "{path}");
        }
        assert!(!is_page(&Method::POST, "/"));
    }
}
