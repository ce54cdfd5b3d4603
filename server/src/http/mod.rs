//! The HTTP surface: one axum [`Router`] with the pages, the JSON API and the static files.

pub mod access;
mod analysis;
mod auth;
mod body;
mod comments;
mod designs;
pub mod events;
mod health;
mod history;
mod import;
mod members;
pub mod openapi;
pub mod page_seed;
mod path;
mod plans;
pub mod recent;
mod report;
mod schemas;
mod shares;

use axum::extract::{DefaultBodyLimit, FromRef, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post, MethodRouter};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sqlx::PgPool;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi as _;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};
use utoipa_axum::routes;

use crate::auth::throttle::Throttle;
use crate::compute::Compute;
use crate::error::Error;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    pub pool: PgPool,
    pub leptos: LeptosOptions,
    /// The limit on heavy work (parsing, analysis, rendering, password hashing).
    pub compute: Compute,
    pub limits: Limits,
    /// Who each session cookie belongs to, remembered for a few seconds.
    pub sessions: crate::auth::sessions::Sessions,
    /// The newest revision of recently saved designs, parsed.
    pub recent: recent::RecentDesigns,
    /// Live rooms of open designs and the limits on comments.
    pub reviews: crate::reviews::Reviews,
}

/// The bounds every request lives within.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Largest request body, for every route.
    pub max_body_bytes: usize,
    /// Whether `X-Forwarded-For` names the client (behind a reverse proxy).
    pub trust_proxy: bool,
    /// Log-in attempts per client.
    pub logins: Throttle,
    /// Sign-ups per client.
    pub signups: Throttle,
}

impl Default for Limits {
    /// 4 MiB bodies; 30 log-ins per client per 5 minutes; 20 sign-ups per client per hour.
    fn default() -> Self {
        Self {
            max_body_bytes: 4 * 1024 * 1024,
            trust_proxy: false,
            logins: Throttle::new(30, std::time::Duration::from_secs(300)),
            signups: Throttle::new(20, std::time::Duration::from_secs(3600)),
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

impl FromRef<AppState> for Compute {
    fn from_ref(state: &AppState) -> Self {
        state.compute.clone()
    }
}

/// Every documented route with its OpenAPI operation: `/healthz` and the JSON API under
/// `/api/v1` (its fallback and its bound on requests in flight included). [`router`] serves this
/// table and [`openapi::document`] describes it, so no route is served undocumented or
/// documented unserved. Paths are `api::urls`' templates.
pub fn routes() -> OpenApiRouter<AppState> {
    let api = OpenApiRouter::new()
        .routes(routes!(analysis::analyze))
        .routes(routes!(analysis::hotspot))
        .routes(routes!(analysis::lint_rules))
        .routes(routes!(report::report))
        .routes(routes!(import::import))
        .routes(routes!(schemas::compatibility))
        .routes(routes!(plans::plan))
        .routes(routes!(auth::signup))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me))
        .routes(routes!(auth::session_state))
        .routes(routes!(designs::list, designs::create))
        .routes(routes!(
            designs::read,
            designs::update,
            designs::rename,
            designs::delete
        ))
        .routes(routes!(designs::duplicate))
        .routes(routes!(history::revisions))
        .routes(routes!(history::revision))
        .routes(routes!(history::restore))
        .routes(routes!(history::diff))
        .routes(routes!(plans::design_plan))
        .routes(routes!(shares::list, shares::create))
        .routes(routes!(shares::revoke))
        .routes(routes!(comments::list, comments::post))
        .routes(routes!(comments::edit, comments::delete))
        .routes(routes!(comments::resolve))
        .routes(routes!(comments::reopen))
        .routes(served_by(
            routes!(comments::shared_list, comments::shared_post),
            get(comments::list).post(comments::post),
        ))
        .routes(served_by(
            routes!(comments::shared_edit, comments::shared_delete),
            patch(comments::edit).delete(comments::delete),
        ))
        .routes(served_by(
            routes!(comments::shared_resolve),
            post(comments::resolve),
        ))
        .routes(served_by(
            routes!(comments::shared_reopen),
            post(comments::reopen),
        ))
        .routes(routes!(members::list, members::invite))
        .routes(routes!(members::remove))
        .routes(routes!(events::design_events))
        .routes(routes!(events::shared_events))
        .routes(served_by(routes!(report::design_document), get(report::document)))
        .routes(served_by(routes!(report::design_chart), get(report::document)))
        .routes(served_by(routes!(report::design_iac), get(report::document)))
        .routes(read_only(routes!(shares::read)))
        .routes(read_only(routes!(plans::shared_plan)))
        .routes(read_only(served_by(
            routes!(report::shared_document),
            get(report::document),
        )))
        .routes(read_only(served_by(
            routes!(report::shared_chart),
            get(report::document),
        )))
        .routes(read_only(served_by(
            routes!(report::shared_iac),
            get(report::document),
        )))
        .routes(routes!(openapi::json))
        .fallback(api_not_found)
        .layer(middleware::from_fn_with_state(
            InFlight::new(MAX_API_REQUESTS),
            bounded,
        ));
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .nest(api::urls::PREFIX, api)
}

/// A documented route served by `handler` instead of the function that carries its
/// documentation (the six document routes share one handler).
fn served_by(
    (schemas, paths, _): UtoipaMethodRouter<AppState>,
    handler: MethodRouter<AppState>,
) -> UtoipaMethodRouter<AppState> {
    (schemas, paths, handler)
}

/// A review link's route: every method but `GET` is refused as read-only (405).
fn read_only((schemas, paths, handler): UtoipaMethodRouter<AppState>) -> UtoipaMethodRouter<AppState> {
    (schemas, paths, handler.fallback(shares::read_only))
}

/// The whole application: pages (server-rendered Leptos), `/api/v1`, `/healthz`, static files.
pub fn router(state: AppState) -> Router {
    let pages = generate_route_list(app::App);
    let (documented, _) = routes().split_for_parts();
    let max_body = state.limits.max_body_bytes;
    // The front end's bundles, as `scripts/build.sh` left them: each beside its brotli (quality
    // 11) and gzip (-9) copies, sent as they are to a browser that takes them; anything else is
    // compressed on the way out like every other answer.
    let pkg = std::path::Path::new(state.leptos.site_root.as_ref()).join(state.leptos.site_pkg_dir.as_ref());
    let bundles = Router::new()
        .fallback_service(ServeDir::new(pkg).precompressed_br().precompressed_gzip())
        .layer(middleware::map_response(vary_on_encoding));

    documented
        .nest("/pkg", bundles)
        .route("/api/docs", get(openapi::page))
        .leptos_routes(&state, pages, {
            let options = state.leptos.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(app::shell))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            page_seed::seed_pages,
        ))
        // Outer layers come later: the rewrite must wrap the limit to see its 413. The limit is
        // applied twice: by Content-Length before the body is read, and by the extractors
        // while reading it (axum's own default of 2 MiB is replaced by ours).
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(middleware::from_fn(move |request, next| {
            json_api_errors(request, next, max_body)
        }))
        .layer(middleware::from_fn(crate::error::log_errors))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Says that what was sent depends on the request's `Accept-Encoding` (a cache between the
/// studio and a browser must not hand a brotli copy to a client that asked for gzip).
async fn vary_on_encoding(mut response: Response) -> Response {
    response
        .headers_mut()
        .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// Most API requests handled at once; more wait for their turn before their body is read, so
/// that memory stays bounded (each handled request holds at most one body) whatever the
/// number of connections.
pub const MAX_API_REQUESTS: usize = 256;
/// The longest an API request may take, from its first byte to its answer (a client that sends
/// its body slowly is answered 408).
pub const API_REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The API's turns ([`MAX_API_REQUESTS`]).
#[derive(Clone)]
struct InFlight(std::sync::Arc<tokio::sync::Semaphore>);

impl InFlight {
    fn new(turns: usize) -> Self {
        Self(std::sync::Arc::new(tokio::sync::Semaphore::new(turns)))
    }
}

/// Holds a request until it has a turn, and answers 408 when it takes longer than
/// [`API_REQUEST_TIMEOUT`].
async fn bounded(
    axum::extract::State(in_flight): axum::extract::State<InFlight>,
    request: Request,
    next: Next,
) -> Response {
    let answer = async {
        let Ok(_turn) = in_flight.0.acquire().await else {
            return Error::Overloaded { retry_after_secs: 1 }.into_response();
        };
        next.run(request).await
    };
    match tokio::time::timeout(API_REQUEST_TIMEOUT, answer).await {
        Ok(response) => response,
        Err(_) => {
            let mut response = Error::BadRequest(format!(
                "the request took longer than {} s (its body arrived too slowly?)",
                API_REQUEST_TIMEOUT.as_secs()
            ))
            .into_response();
            *response.status_mut() = StatusCode::REQUEST_TIMEOUT;
            response
        }
    }
}

async fn api_not_found() -> Error {
    Error::NotFound("no such API endpoint".into())
}

/// The address the caller reached us at, for links: `https` when a proxy says so.
pub(crate) fn origin(headers: &axum::http::HeaderMap, state: &AppState) -> String {
    let scheme = if crate::auth::cookie::is_https(headers) {
        "https"
    } else {
        "http"
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .map(str::to_owned)
        .unwrap_or_else(|| state.leptos.site_addr.to_string());
    format!("{scheme}://{host}")
}

/// Where the documents rendered for this request link: the rules page of the studio the
/// caller reached.
pub(crate) fn document_links(headers: &axum::http::HeaderMap, state: &AppState) -> ::report::Links {
    ::report::Links::rules_at(format!("{}{}", origin(headers, state), api::urls::pages::RULES))
}

/// The `ETag` of a design revision: `"7"`.
pub fn etag(revision: api::Revision) -> HeaderValue {
    HeaderValue::from_str(&revision.etag()).expect("digits are a valid header value")
}

/// Every API error is JSON. Answers made outside our handlers (tower-http's 413 for a
/// `Content-Length` over the limit, axum's 405 for a method a route lacks, its plain-text
/// extractor rejections) are rewritten into the API's error shape with their message.
async fn json_api_errors(request: Request, next: Next, max_body: usize) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|ct| ct.as_bytes().starts_with(b"application/json"));
    if !is_api || is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let text = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let error = match status {
        StatusCode::PAYLOAD_TOO_LARGE => Error::PayloadTooLarge(format!(
            "the request body is larger than the limit of {max_body} bytes"
        )),
        StatusCode::METHOD_NOT_ALLOWED => Error::MethodNotAllowed(match &allow {
            Some(allow) => format!("this address allows {}", allow.to_str().unwrap_or_default()),
            None => "method not allowed here".into(),
        }),
        StatusCode::NOT_FOUND => Error::NotFound(if text.is_empty() { "not found".into() } else { text }),
        s if s.is_client_error() => Error::BadRequest(if text.is_empty() {
            s.canonical_reason().unwrap_or("bad request").into()
        } else {
            text
        }),
        _ => return (status, text).into_response(),
    };
    let mut rewritten = error.into_response();
    *rewritten.status_mut() = status;
    if let Some(allow) = allow {
        rewritten.headers_mut().insert(header::ALLOW, allow);
    }
    rewritten
}
