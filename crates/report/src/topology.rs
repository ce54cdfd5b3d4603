//! The design drawn as SVG for documents: boxes where the automatic layout puts them (or the
//! positions the architect gave), the same curves the editor draws, one colour per kind.

use std::fmt::Write as _;

use design::layout::{edge_curve, layout, NODE_HEIGHT, NODE_WIDTH};
use design::{Design, NodeKind, Position, TopicRole};

use crate::charts::{BLUE, GREEN, ORANGE, PURPLE, SKY, VERMILLION};

/// The characters of a name a box shows (the middle of a longer one is left out, as on the
/// canvas: [`design::names::shorten`]).
const NAME_CHARS: usize = 26;

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

/// The topology as an SVG document. Positions come from the design when every node has one,
/// otherwise from the automatic layout.
pub fn render(design: &Design) -> String {
    let positions: Vec<Position> =
        if design.nodes.iter().all(|n| n.position.is_some()) && !design.nodes.is_empty() {
            design.nodes.iter().filter_map(|n| n.position).collect()
        } else {
            layout(design)
        };
    let (min_x, min_y) = positions
        .iter()
        .fold((f64::MAX, f64::MAX), |(x, y), p| (x.min(p.x), y.min(p.y)));
    let (min_x, min_y) = if positions.is_empty() {
        (0.0, 0.0)
    } else {
        (min_x - 20.0, min_y - 20.0)
    };
    let (max_x, max_y) = positions
        .iter()
        .fold((min_x + 200.0, min_y + 100.0), |(x, y), p| {
            (x.max(p.x + NODE_WIDTH + 20.0), y.max(p.y + NODE_HEIGHT + 20.0))
        });
    let (w, h) = (max_x - min_x, max_y - min_y);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{min_x:.1} {min_y:.1} {w:.1} {h:.1}" width="{w:.0}" height="{h:.0}" font-family="sans-serif">"#
    );
    let _ = write!(svg, r#"<title>{}</title>"#, xml_escape(&design.name));
    let _ = write!(
        svg,
        r#"<rect x="{min_x:.1}" y="{min_y:.1}" width="{w:.1}" height="{h:.1}" fill="white"/>"#
    );
    let at = |id: &str| design.nodes.iter().position(|n| n.id == id).map(|i| positions[i]);
    for e in &design.edges {
        if let (Some(a), Some(b)) = (at(&e.from), at(&e.to)) {
            let [s, c1, c2, t] = edge_curve(a, b);
            let _ = write!(
                svg,
                r##"<path d="M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="none" stroke="#777" stroke-width="1.5"/>"##,
                s.x, s.y, c1.x, c1.y, c2.x, c2.y, t.x, t.y
            );
        }
    }
    for (n, p) in design.nodes.iter().zip(&positions) {
        let stroke = colour(n.kind, n.topic_role());
        let dash = if n.kind == NodeKind::SchemaSubject {
            r#" stroke-dasharray="5 3""#
        } else {
            ""
        };
        let name = design::names::shorten(&n.name, NAME_CHARS);
        let _ = write!(
            svg,
            r##"<g><title>{}</title><rect x="{:.1}" y="{:.1}" width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="8" fill="white" stroke="{stroke}" stroke-width="2"{dash}/><rect x="{:.1}" y="{:.1}" width="6" height="{NODE_HEIGHT}" rx="3" fill="{stroke}"/><text x="{:.1}" y="{:.1}" font-size="14" font-weight="600" fill="#1b1f24">{}</text><text x="{:.1}" y="{:.1}" font-size="11" fill="#5a6472">{}</text></g>"##,
            xml_escape(&n.name),
            p.x,
            p.y,
            p.x,
            p.y,
            p.x + 14.0,
            p.y + 23.0,
            xml_escape(&name),
            p.x + 14.0,
            p.y + 42.0,
            xml_escape(&subtitle(n)),
        );
    }
    svg.push_str("</svg>");
    svg
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
