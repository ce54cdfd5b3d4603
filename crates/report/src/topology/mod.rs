//! The design drawn as SVG for documents: boxes where the automatic layout puts them (or the
//! positions the architect gave), the same curves the editor draws, one colour per kind.
//!
//! * [`render`]: the whole design as one picture (the server's `topology.svg`, the zip, the
//!   Markdown spec);
//! * [`pages`]: the picture cut into pages the PDF can print legibly whatever the design's
//!   size: one page for a small design, otherwise an overview of its groups and pages per group
//!   (the private modules `groups` say which nodes go together, `pack` what goes on which
//!   page, `overview` draws the groups).
//!
//! Text only: no typesetting here (the PDF places these pictures, [`crate::spec_source`]), and
//! no layout of its own beyond cutting and packing ([`design::layout`] places the boxes).

use std::fmt::Write as _;

use design::layout::{edge_curve, layout, NODE_HEIGHT, NODE_WIDTH};
use design::{Design, NodeKind, Position, TopicRole};

use crate::charts::{BLUE, GREEN, ORANGE, PURPLE, SKY, VERMILLION};

mod groups;
mod overview;
mod pack;
mod pages;
#[cfg(test)]
pub(crate) mod tests;

pub use pages::{
    pages, PageKind, TopologyPage, AREA_WIDTH_PT, FEW_PAGES, FIRST_AREA_HEIGHT_PT, MAX_SCALE, MIN_SCALE,
    NEXT_AREA_HEIGHT_PT, PAGE_SCALE,
};

/// The characters of a name a box shows (a longer one keeps its ends: [`BoxStyle::keep_first`]).
const NAME_CHARS: usize = 26;

/// Font size (SVG units) of a box's name.
pub const NAME_SIZE: f64 = 14.0;
/// Font size (SVG units) of a box's second line, the smallest text of the picture.
pub const SUBTITLE_SIZE: f64 = 11.0;

/// Escapes text for SVG (XML) content and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 allows no control character but these two, and no noncharacter; line
            // separators and byte-order marks would not show as themselves either.
            '\n' | '\t' => out.push(c),
            c if !crate::text::is_inline(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn colour(design_kind: NodeKind, role: TopicRole) -> String {
    let c = match (design_kind, role) {
        (NodeKind::Topic, TopicRole::Dlq) => VERMILLION,
        (NodeKind::Topic, TopicRole::Retry) => ORANGE,
        (NodeKind::Topic, _) => BLUE,
        (NodeKind::Producer | NodeKind::SourceConnector, _) => GREEN,
        (NodeKind::StreamProcessor, _) => PURPLE,
        (NodeKind::ConsumerGroup | NodeKind::SinkConnector, _) => SKY,
        _ => crate::charts::INK,
    };
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// How tall a node's box is drawn, where its two lines sit (SVG units from its top), and how a
/// long name is cut.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct BoxStyle {
    pub height: f64,
    pub name_y: f64,
    pub subtitle_y: f64,
    /// Whether a long name keeps its first segment (`retail.…confirmed.v2`, as on the canvas)
    /// or only its last ones (`…reservation.confirmed.v2`, where a page holds one domain).
    pub keep_first: bool,
}

/// The studio's boxes: [`NODE_WIDTH`] × [`NODE_HEIGHT`], names cut as on the canvas.
pub(crate) const STUDIO: BoxStyle = BoxStyle {
    height: NODE_HEIGHT,
    name_y: 23.0,
    subtitle_y: 42.0,
    keep_first: true,
};

/// The documents' boxes where they lay the design out themselves: as wide and with the same
/// text, less air above and below, so more rows fit on a page; the pages are cut by domain,
/// so a long name keeps only its end.
pub(crate) const COMPACT: BoxStyle = BoxStyle {
    height: 46.0,
    name_y: 19.0,
    subtitle_y: 36.0,
    keep_first: false,
};

/// Where an edge leaves the page: at a box's output port (`out`) or into its input port.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Stub {
    pub node: Position,
    pub out: bool,
}

/// How far a stub reaches from its box, in SVG units.
pub(crate) const STUB_LENGTH: f64 = 16.0;

/// One picture: the nodes drawn, at which top-left corners, the edges between them (as pairs
/// of top-left corners) and the stubs of edges whose other end is elsewhere.
pub(crate) struct Picture<'a> {
    pub design: &'a Design,
    pub title: &'a str,
    pub style: BoxStyle,
    /// `x, y, width, height` of the viewBox.
    pub view: [f64; 4],
    pub nodes: &'a [(usize, Position)],
    pub edges: &'a [(Position, Position)],
    pub stubs: &'a [Stub],
}

/// The curve of an edge between boxes of `style`'s height.
fn curve(from: Position, to: Position, style: BoxStyle) -> [Position; 4] {
    let dy = (style.height - NODE_HEIGHT) / 2.0;
    edge_curve(from, to).map(|p| Position { x: p.x, y: p.y + dy })
}

impl Picture<'_> {
    /// The SVG document.
    pub(crate) fn svg(&self) -> String {
        let [x, y, w, h] = self.view;
        let mut svg = String::with_capacity(400 + self.nodes.len() * 600);
        let _ = write!(
            svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x:.1} {y:.1} {w:.1} {h:.1}" width="{w:.0}" height="{h:.0}" font-family="sans-serif">"#
        );
        let _ = write!(svg, r#"<title>{}</title>"#, xml_escape(self.title));
        let _ = write!(
            svg,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="white"/>"#
        );
        for &(a, b) in self.edges {
            let [s, c1, c2, t] = curve(a, b, self.style);
            let _ = write!(
                svg,
                r##"<path d="M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="none" stroke="#777" stroke-width="1.5"/>"##,
                s.x, s.y, c1.x, c1.y, c2.x, c2.y, t.x, t.y
            );
        }
        for stub in self.stubs {
            let y = stub.node.y + self.style.height / 2.0;
            let (from, to) = if stub.out {
                let x = stub.node.x + NODE_WIDTH;
                (x, x + STUB_LENGTH)
            } else {
                (stub.node.x - STUB_LENGTH, stub.node.x)
            };
            let far = if stub.out { to } else { from };
            let _ = write!(
                svg,
                r##"<line x1="{from:.1}" y1="{y:.1}" x2="{to:.1}" y2="{y:.1}" stroke="#777" stroke-width="1.5" stroke-dasharray="3 2"/><circle cx="{far:.1}" cy="{y:.1}" r="2.5" fill="#777"/>"##
            );
        }
        for &(i, p) in self.nodes {
            let Some(n) = self.design.nodes.get(i) else {
                continue;
            };
            node_box(&mut svg, n, p, self.style);
        }
        svg.push_str("</svg>");
        svg
    }
}

/// One node's box: its full name as the group's title (a tooltip, and what a reader of the
/// SVG finds), the shortened name and the subtitle as text.
fn node_box(svg: &mut String, n: &design::Node, p: Position, style: BoxStyle) {
    let stroke = colour(n.kind, n.topic_role());
    let dash = if n.kind == NodeKind::SchemaSubject {
        r#" stroke-dasharray="5 3""#
    } else {
        ""
    };
    // The end of a name tells it from its neighbours: a long name keeps its last segments, and
    // its first one too unless the page holds one domain's names, all starting alike.
    let name = if style.keep_first {
        design::names::shorten(&n.name, NAME_CHARS)
    } else {
        design::names::shorten_to_end(&n.name, NAME_CHARS)
    };
    let h = style.height;
    let _ = write!(
        svg,
        r##"<g><title>{}</title><rect x="{:.1}" y="{:.1}" width="{NODE_WIDTH}" height="{h}" rx="8" fill="white" stroke="{stroke}" stroke-width="2"{dash}/><rect x="{:.1}" y="{:.1}" width="6" height="{h}" rx="3" fill="{stroke}"/><text x="{:.1}" y="{:.1}" font-size="{NAME_SIZE}" font-weight="600" fill="#1b1f24">{}</text><text x="{:.1}" y="{:.1}" font-size="{SUBTITLE_SIZE}" fill="#5a6472">{}</text></g>"##,
        xml_escape(&n.name),
        p.x,
        p.y,
        p.x,
        p.y,
        p.x + 14.0,
        p.y + style.name_y,
        xml_escape(&name),
        p.x + 14.0,
        p.y + style.subtitle_y,
        xml_escape(&subtitle(n)),
    );
}

/// The architect's positions, when every node has one (and there is a node).
pub(crate) fn stored_positions(design: &Design) -> Option<Vec<Position>> {
    (!design.nodes.is_empty())
        .then(|| design.nodes.iter().map(|n| n.position).collect())
        .flatten()
}

/// The positions the studio shows: the architect's when every node has one, otherwise the
/// automatic layout's.
fn studio_positions(design: &Design) -> Vec<Position> {
    stored_positions(design).unwrap_or_else(|| layout(design))
}

/// The box around `positions` (boxes of `style`) with `pad` around it, as a viewBox; a small
/// empty one when there is nothing to draw.
pub(crate) fn view_around(positions: &[Position], style: BoxStyle, pad: f64) -> [f64; 4] {
    if positions.is_empty() {
        return [0.0, 0.0, 200.0, 100.0];
    }
    let (min_x, min_y, max_x, max_y) =
        positions
            .iter()
            .fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), |(a, b, c, d), p| {
                (
                    a.min(p.x),
                    b.min(p.y),
                    c.max(p.x + NODE_WIDTH),
                    d.max(p.y + style.height),
                )
            });
    [
        min_x - pad,
        min_y - pad,
        max_x - min_x + 2.0 * pad,
        max_y - min_y + 2.0 * pad,
    ]
}

/// The edges of `design` between nodes that both have a position, as pairs of positions.
pub(crate) fn edges_between(
    design: &Design,
    at: &dyn Fn(usize) -> Option<Position>,
) -> Vec<(Position, Position)> {
    let index = groups::Graph::index(design);
    design
        .edges
        .iter()
        .filter_map(|e| {
            let a = *index.get(e.from.as_str())?;
            let b = *index.get(e.to.as_str())?;
            Some((at(a)?, at(b)?))
        })
        .collect()
}

/// The topology as an SVG document. Positions come from the design when every node has one,
/// otherwise from the automatic layout.
pub fn render(design: &Design) -> String {
    let positions = studio_positions(design);
    let view = view_around(&positions, STUDIO, 20.0);
    let nodes: Vec<(usize, Position)> = positions.iter().copied().enumerate().collect();
    let edges = edges_between(design, &|i| positions.get(i).copied());
    Picture {
        design,
        title: &design.name,
        style: STUDIO,
        view,
        nodes: &nodes,
        edges: &edges,
        stubs: &[],
    }
    .svg()
}

fn subtitle(n: &design::Node) -> String {
    let kind = match (n.kind, n.topic_role()) {
        (NodeKind::Topic, TopicRole::Dlq) => "dead-letter topic",
        (NodeKind::Topic, TopicRole::Retry) => "retry topic",
        (kind, _) => kind.label(),
    };
    match (n.kind, n.partitions) {
        (NodeKind::Topic, Some(p)) => format!("{kind} · {p} partitions"),
        _ => match n.messages_per_sec {
            Some(r) => format!("{kind} · {r} msg/s"),
            None => kind.to_owned(),
        },
    }
}
