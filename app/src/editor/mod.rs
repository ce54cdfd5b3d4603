//! The topology editor: an SVG canvas with a palette, a properties panel and a toolbar.
//!
//! With the `review` feature alone (the `review` bundle, for `/s/<token>`) it is the screen with
//! editing off; the `editor` feature adds what only an editable, stored design needs (saving,
//! history, sharing).
//!
//! State lives in [`state::Editor`]; gestures (drag, connect, pan, zoom, rubber band, keys) in
//! [`gestures`]; drawing in [`canvas`]. The pure parts (history, geometry, lineage,
//! kinds) have their tests beside them and run natively.

pub mod canvas;
pub mod cost_panel;
pub mod deployment_fields;
pub mod fields;
pub mod findings;
pub mod geometry;
pub mod gestures;
pub mod history;
#[cfg(feature = "editor")]
pub mod import;
pub mod kinds;
pub mod lineage;
pub mod node_fields;
pub mod palette;
pub mod peaks_panel;
pub mod plan_view;
pub mod profile_fields;
pub mod properties;
pub mod report_panel;
#[cfg(feature = "editor")]
pub mod revisions;
pub mod schema_fields;
pub mod schema_panel;
pub mod schema_text;
#[cfg(feature = "editor")]
pub mod sharing;
pub mod state;
#[cfg(feature = "editor")]
pub mod sync;
pub mod toolbar;
pub mod workspace;
