//! The editor's selection, viewport and alert: what the user looks at, not the document, so
//! none of it is refused with editing off and none of it is an undo step.

use std::collections::HashSet;

use design::Position;
use leptos::prelude::*;

use super::{Alert, Editor};
use crate::editor::geometry::{Rect, Viewport};

impl Editor {
    pub fn select_only(&self, id: &str) {
        self.selected_edge.set(None);
        self.selection.set(HashSet::from([id.to_owned()]));
    }

    pub fn toggle_selected(&self, id: &str) {
        self.selected_edge.set(None);
        self.selection.update(|s| {
            if !s.remove(id) {
                s.insert(id.to_owned());
            }
        });
    }

    pub fn clear_selection(&self) {
        if self.selection.with_untracked(|s| !s.is_empty()) {
            self.selection.set(HashSet::new());
        }
        self.selected_edge.set(None);
    }

    /// Selects the edge `from` → `to` instead of any node.
    pub fn select_edge(&self, edge: (String, String)) {
        self.clear_selection();
        self.selected_edge.set(Some(edge));
    }

    pub fn select_all(&self) {
        let all = self
            .nodes
            .list()
            .with_untracked(|s| s.iter().map(|s| s.id.to_string()).collect());
        self.selection.set(all);
    }

    /// Adds every node whose box meets `band` (world coordinates) to the selection.
    pub fn select_in(&self, band: Rect) {
        let hit: Vec<String> = self.nodes.list().with_untracked(|slots| {
            slots
                .iter()
                .filter(|s| band.intersects(&Rect::of_node(s.pos.get_untracked())))
                .map(|s| s.id.to_string())
                .collect()
        });
        self.selection.update(|s| s.extend(hit));
    }

    /// Records the canvas element's size in CSS pixels (for Fit and zoom around the centre).
    pub fn set_canvas_size(&self, size: (f64, f64)) {
        self.canvas_size.set(size);
    }

    /// Pans or zooms to `view`.
    pub fn set_view(&self, view: Viewport) {
        self.view.set(view);
    }

    /// Pans and zooms so that every node is visible.
    pub fn fit(&self) {
        let (w, h) = self.canvas_size.get_untracked();
        let bounds = self
            .nodes
            .list()
            .with_untracked(|s| Rect::around(s.iter().map(|s| s.pos.get_untracked())));
        self.view
            .set(bounds.map_or_else(Viewport::default, |b| Viewport::fitting(b, w, h)));
    }

    /// Zooms by `factor` around the canvas centre.
    pub fn zoom(&self, factor: f64) {
        let (w, h) = self.canvas_size.get_untracked();
        self.zoom_at(w / 2.0, h / 2.0, factor);
    }

    /// Zooms by `factor` around the canvas point (`sx`, `sy`) in CSS pixels.
    pub fn zoom_at(&self, sx: f64, sy: f64, factor: f64) {
        self.view.update(|v| *v = v.zoomed_at(sx, sy, factor));
    }

    /// The world point at the centre of the canvas.
    pub fn centre(&self) -> Position {
        let (w, h) = self.canvas_size.get_untracked();
        self.view.get_untracked().to_world(w / 2.0, h / 2.0)
    }

    /// Says why something was refused, in the `role="alert"` banner.
    pub fn refuse(&self, why: impl Into<String>) {
        self.refuse_with(why, Vec::new());
    }

    /// Says why something was refused, with a list of details.
    pub fn refuse_with(&self, why: impl Into<String>, details: Vec<String>) {
        self.alert.set(Some(Alert {
            message: why.into(),
            details,
        }));
    }

    /// Empties the alert banner.
    pub fn dismiss_alert(&self) {
        self.alert.set(None);
    }
}
