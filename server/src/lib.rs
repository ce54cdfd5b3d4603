//! The Kafka Design Studio server: an axum application that renders the Leptos UI (`app`),
//! serves the JSON API, keeps designs in Postgres and runs a private Postgres when no
//! `DATABASE_URL` is given.
//!
//! The binary (`kafka-studio`, see `main.rs`) is a thin shell over this library, so that the
//! integration tests in `tests/` drive the same router and start-up code.
//!
//! Not here: the Kafka model, its analysis and reports (the `design`, `analysis` and `report`
//! crates), and the UI (`app`).

pub mod auth;
pub mod cli;
pub mod compute;
pub mod config;
pub mod db;
pub mod error;
pub mod http;
pub mod pg;
pub mod reviews;
pub mod serve;
