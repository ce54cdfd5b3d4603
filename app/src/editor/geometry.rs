//! Canvas geometry: the viewport (pan and zoom) and the maths of rectangles.
//!
//! Screen points are CSS pixels relative to the canvas element; world points are the design's
//! own coordinates (node positions). `screen = world × k + (x, y)`.

use design::layout::{NODE_HEIGHT, NODE_WIDTH};
use design::Position;

pub const MIN_ZOOM: f64 = 0.05;
pub const MAX_ZOOM: f64 = 3.0;
/// Below this zoom the canvas drops what cannot be read anyway (labels, glyphs, ports, badge
/// counts): 13-pixel text would be under 5 pixels. It halves the cost of a frame on a large
/// design seen whole.
pub const DETAIL_ZOOM: f64 = 0.4;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    pub x: f64,
    pub y: f64,
    pub k: f64,
}

impl Default for Viewport {
    fn default() -> Self {
        Self {
            x: 0.0,
            y: 0.0,
            k: 1.0,
        }
    }
}

impl Viewport {
    pub fn to_world(&self, sx: f64, sy: f64) -> Position {
        Position {
            x: (sx - self.x) / self.k,
            y: (sy - self.y) / self.k,
        }
    }

    /// Zooms by `factor` keeping the world point under the screen point (`sx`, `sy`) in place.
    pub fn zoomed_at(&self, sx: f64, sy: f64, factor: f64) -> Self {
        let k = (self.k * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let ratio = k / self.k;
        Self {
            x: sx - (sx - self.x) * ratio,
            y: sy - (sy - self.y) * ratio,
            k,
        }
    }

    /// The viewport that shows `bounds` whole and centred in a `width` × `height` canvas, never
    /// magnified past 1.5 (a small design stays readable, not huge).
    pub fn fitting(bounds: Rect, width: f64, height: f64) -> Self {
        if bounds.is_empty() || width <= 0.0 || height <= 0.0 {
            return Self::default();
        }
        let pad = 40.0;
        let k = ((width - 2.0 * pad) / bounds.width())
            .min((height - 2.0 * pad) / bounds.height())
            .clamp(MIN_ZOOM, 1.5);
        Self {
            x: (width - bounds.width() * k) / 2.0 - bounds.left * k,
            y: (height - bounds.height() * k) / 2.0 - bounds.top * k,
            k,
        }
    }

    /// The SVG `transform` of the drawing.
    pub fn transform(&self) -> String {
        format!("translate({:.2} {:.2}) scale({:.4})", self.x, self.y, self.k)
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl Rect {
    /// The rectangle spanned by two corners, in any order.
    pub fn spanning(a: Position, b: Position) -> Self {
        Self {
            left: a.x.min(b.x),
            top: a.y.min(b.y),
            right: a.x.max(b.x),
            bottom: a.y.max(b.y),
        }
    }

    /// A node's box.
    pub fn of_node(at: Position) -> Self {
        Self {
            left: at.x,
            top: at.y,
            right: at.x + NODE_WIDTH,
            bottom: at.y + NODE_HEIGHT,
        }
    }

    /// The smallest rectangle holding every node box, or `None` without nodes.
    pub fn around(nodes: impl IntoIterator<Item = Position>) -> Option<Self> {
        nodes.into_iter().map(Self::of_node).reduce(|a, b| Self {
            left: a.left.min(b.left),
            top: a.top.min(b.top),
            right: a.right.max(b.right),
            bottom: a.bottom.max(b.bottom),
        })
    }

    pub fn width(&self) -> f64 {
        self.right - self.left
    }

    pub fn height(&self) -> f64 {
        self.bottom - self.top
    }

    pub fn is_empty(&self) -> bool {
        self.width() <= 0.0 || self.height() <= 0.0
    }

    pub fn intersects(&self, other: &Rect) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fitting_shows_every_node_inside_the_canvas() {
        let bounds = Rect::around([Position { x: 40.0, y: 40.0 }, Position { x: 2000.0, y: 900.0 }]).unwrap();
        let v = Viewport::fitting(bounds, 1200.0, 700.0);
        for (wx, wy) in [(bounds.left, bounds.top), (bounds.right, bounds.bottom)] {
            let (sx, sy) = (wx * v.k + v.x, wy * v.k + v.y);
            assert!(
                (0.0..=1200.0).contains(&sx) && (0.0..=700.0).contains(&sy),
                "{sx},{sy}"
            );
        }
    }

    #[test]
    fn a_small_design_is_not_blown_up() {
        let bounds = Rect::around([Position { x: 0.0, y: 0.0 }]).unwrap();
        assert_eq!(Viewport::fitting(bounds, 2000.0, 2000.0).k, 1.5);
    }

    #[test]
    fn rubber_band_rectangles_intersect_node_boxes() {
        let band = Rect::spanning(Position { x: 300.0, y: 300.0 }, Position { x: 100.0, y: 100.0 });
        assert!(band.intersects(&Rect::of_node(Position { x: 250.0, y: 250.0 })));
        assert!(!band.intersects(&Rect::of_node(Position { x: 301.0, y: 0.0 })));
    }

    proptest! {
        /// Zooming keeps the world point under the cursor where it was, within the zoom limits.
        #[test]
        fn zoom_keeps_the_point_under_the_cursor(
            x in -1e4f64..1e4, y in -1e4f64..1e4, k in 0.1f64..3.0,
            sx in 0f64..2000.0, sy in 0f64..2000.0, factor in 0.2f64..5.0,
        ) {
            let v = Viewport { x, y, k };
            let before = v.to_world(sx, sy);
            let z = v.zoomed_at(sx, sy, factor);
            let after = z.to_world(sx, sy);
            prop_assert!((before.x - after.x).abs() < 1e-6 * (1.0 + before.x.abs()));
            prop_assert!((before.y - after.y).abs() < 1e-6 * (1.0 + before.y.abs()));
            prop_assert!((MIN_ZOOM..=MAX_ZOOM).contains(&z.k));
        }
    }
}
