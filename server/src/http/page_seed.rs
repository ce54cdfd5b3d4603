//! What a page is rendered with besides its address: who is signed in and, on the home page,
//! their designs ([`app::session::PageSeed`]). A middleware in front of the pages looks them up
//! and puts them in the request, where the app reads them while rendering and writes them into
//! the page for the browser — so the header, the home page and the editor arrive complete in
//! the HTML instead of filling in after hydration.
//!
//! Not here: the JSON API (which answers for itself), the bundles and `/healthz`.

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use super::AppState;
use crate::auth::{cookie, token};
use crate::db::designs;

/// Looks up the page's seed for a `GET` of a page. When the database cannot answer, the page is
/// rendered without a seed and the browser asks once it is interactive.
pub async fn seed_pages(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    if is_page(request.method(), request.uri().path()) {
        let token = cookie::session_token(request.headers()).map(str::to_owned);
        let home = request.uri().path() == "/";
        if let Some(seed) = look_up(&state, token, home).await {
            request.extensions_mut().insert(seed);
        }
    }
    next.run(request).await
}

fn is_page(method: &Method, path: &str) -> bool {
    let other = ["/api/", "/pkg/", "/healthz"];
    (method == Method::GET || method == Method::HEAD) && !other.iter().any(|p| path.starts_with(p))
}

async fn look_up(state: &AppState, token: Option<String>, home: bool) -> Option<app::session::PageSeed> {
    let Some(value) = token else {
        return Some(app::session::PageSeed::default());
    };
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
        for path in ["/api/v1/designs", "/pkg/studio.wasm", "/healthz"] {
            assert!(!is_page(&Method::GET, path), "{path}");
        }
        assert!(!is_page(&Method::POST, "/"));
    }
}
