//! `GET /healthz`: is the studio up, and can it reach its database?

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;

use super::AppState;
use crate::db::{self, DbHealth};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok` when everything answers, `unavailable` otherwise.
    pub status: &'static str,
    pub version: &'static str,
    #[schema(value_type = Object)]
    pub database: DbHealth,
}

/// 200 with the database's status when it answers, 503 when it does not.
#[utoipa::path(get, path = "/healthz", tag = "service",
    responses((status = 200, body = Health, description = "Up, with the database's status"),
              (status = 503, body = Health, description = "The database does not answer")))]
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let database = db::health(&state.pool).await;
    let up = database.status == "up";
    let body = Health {
        status: if up { "ok" } else { "unavailable" },
        version: env!("CARGO_PKG_VERSION"),
        database,
    };
    let status = if up {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body))
}
