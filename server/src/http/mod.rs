//! The HTTP surface: one axum [`Router`] with the pages, the JSON API and the static files.

mod analysis;
mod body;
mod health;
mod report;

use axum::extract::FromRef;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{middleware, Router};
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sqlx::PgPool;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::error::Error;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    pub pool: PgPool,
    pub leptos: LeptosOptions,
    pub max_body_bytes: usize,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

/// The whole application: pages (server-rendered Leptos), `/api/v1`, `/healthz`, static files.
pub fn router(state: AppState) -> Router {
    let pages = generate_route_list(app::App);
    let api = Router::new()
        .route("/analyze", post(analysis::analyze))
        .route("/hotspot", post(analysis::hotspot))
        .route("/report", post(report::report))
        .fallback(api_not_found);
    let max_body = state.max_body_bytes;

    Router::new()
        .route("/healthz", get(health::healthz))
        .nest("/api/v1", api)
        .leptos_routes(&state, pages, {
            let options = state.leptos.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(app::shell))
        // Outer layers come later: the rewrite must wrap the limit to see its 413.
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(middleware::map_response(move |r| {
            json_body_limit_error(r, max_body)
        }))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn api_not_found() -> Error {
    Error::NotFound("no such API endpoint".into())
}

/// tower-http's body limit answers 413 in plain text; give it the API's JSON error shape.
async fn json_body_limit_error(response: Response, limit: usize) -> Response {
    let is_plain_413 = response.status() == StatusCode::PAYLOAD_TOO_LARGE
        && response.headers().get(header::CONTENT_TYPE)
            != Some(&HeaderValue::from_static("application/json"));
    if is_plain_413 {
        Error::PayloadTooLarge(format!(
            "the request body is larger than the limit of {limit} bytes"
        ))
        .into_response()
    } else {
        response
    }
}
