//! The overview page of a large design: one box per group (its name, what it holds, how much
//! it writes, how many pages it takes) and an arrow from group to group wherever a connection
//! crosses between them.
//!
//! The groups are laid out like nodes ([`design::layout`], left to right along the arrows, the
//! columns as close as on the pages) when that fits the page; otherwise, and when no
//! connection crosses groups, they stand in a grid in group order, without arrows (the caption
//! says how many connections cross).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use design::layout::{layout, COLUMN_GAP, MARGIN, NODE_HEIGHT, NODE_WIDTH, ROW_GAP};
use design::{Design, Edge, Node, NodeKind};
use units::format::{count, plural};

use super::groups::{Graph, Group};
use super::pack::{Area, DOC_COLUMN_GAP};
use super::{xml_escape, NAME_CHARS, NAME_SIZE, SUBTITLE_SIZE};

/// A group's box: as wide as a node's, three lines tall.
const BOX_HEIGHT: f64 = 62.0;
/// Space between the rows of boxes.
const BOX_GAP: f64 = 24.0;
/// The most boxes across in the grid.
pub(crate) const GRID_COLUMNS: usize = 4;

/// The overview drawn: the SVG's content (without the `<svg>` element) from (0, 0), its size,
/// the boxes (x, y, width, height) and whether arrows were drawn.
pub(crate) struct Overview {
    pub body: String,
    pub width: f64,
    pub height: f64,
    pub boxes: Vec<[f64; 4]>,
    /// Connections between different groups (each edge or dead-letter reference once).
    pub crossing: usize,
    pub arrows: bool,
}

/// The name a group is shown by (an empty prefix still says something).
pub(crate) fn display_name(group: &Group) -> &str {
    if group.name.trim().is_empty() {
        "(unnamed)"
    } else {
        &group.name
    }
}

/// Draws `groups` (with the number of pages each takes) to fit `area`'s first page.
pub(crate) fn overview(
    design: &Design,
    graph: &Graph,
    groups: &[Group],
    pages: &[usize],
    area: Area,
) -> Overview {
    let mut group_of = vec![0; design.nodes.len()];
    for (g, group) in groups.iter().enumerate() {
        for &i in &group.nodes {
            group_of[i] = g;
        }
    }
    let mut between: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for &(a, b) in &graph.links {
        let (ga, gb) = (group_of[a], group_of[b]);
        if ga != gb {
            *between.entry((ga, gb)).or_default() += 1;
        }
    }
    let crossing = between.values().sum();
    let layered = (!between.is_empty())
        .then(|| layered(groups.len(), &between))
        .filter(|at| {
            let (w, h) = extent(at);
            w <= area.width && h <= area.first_height
        });
    let arrows = layered.is_some();
    let at = layered.unwrap_or_else(|| grid(groups.len()));
    let (width, height) = extent(&at);

    let mut body = String::new();
    if arrows {
        body.push_str(r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker></defs>"##);
        for &(a, b) in between.keys() {
            let (from, to) = (at[a], at[b]);
            let (sx, sy) = (from.0 + NODE_WIDTH, from.1 + BOX_HEIGHT / 2.0);
            let (ex, ey) = (to.0, to.1 + BOX_HEIGHT / 2.0);
            let pull = ((ex - sx).abs() / 2.0).max(40.0);
            let _ = write!(
                body,
                r##"<path d="M{sx:.1},{sy:.1} C{:.1},{sy:.1} {:.1},{ey:.1} {ex:.1},{ey:.1}" fill="none" stroke="#777" stroke-width="1.5" marker-end="url(#arrow)"/>"##,
                sx + pull,
                ex - pull
            );
        }
    }
    for (g, group) in groups.iter().enumerate() {
        let (x, y) = at[g];
        let nodes = || group.nodes.iter().map(|&i| &design.nodes[i]);
        let topics = nodes().filter(|n| n.kind == NodeKind::Topic).count();
        let writers = nodes()
            .filter(|n| matches!(n.kind, NodeKind::Producer | NodeKind::SourceConnector))
            .count();
        let readers = nodes().filter(|n| n.kind.reads_topics()).count();
        let rate: f64 = nodes()
            .filter(|n| matches!(n.kind, NodeKind::Producer | NodeKind::SourceConnector))
            .filter_map(|n| n.messages_per_sec)
            .filter(|r| r.is_finite() && *r > 0.0)
            .sum();
        let pages = plural(pages.get(g).copied().unwrap_or(0), "page", "pages");
        let third = if rate > 0.0 {
            let rate = if rate < 1e12 {
                count(rate)
            } else {
                format!("{rate:.2e}")
            };
            format!("writes {rate} msg/s · {pages}")
        } else {
            pages
        };
        let second = format!(
            "{} · {} · {}",
            plural(topics, "topic", "topics"),
            plural(writers, "writer", "writers"),
            plural(readers, "reader", "readers")
        );
        let name = design::names::shorten(display_name(group), NAME_CHARS);
        let _ = write!(
            body,
            r##"<g><title>{}</title><rect x="{x:.1}" y="{y:.1}" width="{NODE_WIDTH}" height="{BOX_HEIGHT}" rx="8" fill="#f6f8fa" stroke="#59636e" stroke-width="2"/><text x="{:.1}" y="{:.1}" font-size="{NAME_SIZE}" font-weight="600" fill="#1b1f24">{}</text><text x="{:.1}" y="{:.1}" font-size="{SUBTITLE_SIZE}" fill="#3d444d">{}</text><text x="{:.1}" y="{:.1}" font-size="{SUBTITLE_SIZE}" fill="#5a6472">{}</text></g>"##,
            xml_escape(display_name(group)),
            x + 12.0,
            y + 19.0,
            xml_escape(&name),
            x + 12.0,
            y + 36.0,
            xml_escape(&second),
            x + 12.0,
            y + 52.0,
            xml_escape(&third),
        );
    }
    Overview {
        body,
        width,
        height,
        boxes: at.iter().map(|&(x, y)| [x, y, NODE_WIDTH, BOX_HEIGHT]).collect(),
        crossing,
        arrows,
    }
}

/// The groups laid out as the nodes of a design whose edges are the crossings.
fn layered(count: usize, between: &BTreeMap<(usize, usize), usize>) -> Vec<(f64, f64)> {
    let mut d = Design::new("");
    d.nodes = (0..count)
        .map(|g| Node::new(g.to_string(), NodeKind::StreamProcessor, String::new()))
        .collect();
    d.edges = between
        .keys()
        .map(|(a, b)| Edge::new(a.to_string(), b.to_string()))
        .collect();
    // Columns as the layout has them; rows stretched to the taller boxes.
    let rows = (BOX_HEIGHT + BOX_GAP) / (NODE_HEIGHT + ROW_GAP);
    let column = (NODE_WIDTH + COLUMN_GAP, NODE_WIDTH + DOC_COLUMN_GAP);
    layout(&d)
        .into_iter()
        .map(|p| {
            let x = ((p.x - MARGIN) / column.0).round().max(0.0) * column.1;
            (x, ((p.y - MARGIN) * rows).max(0.0).round())
        })
        .collect()
}

/// The groups in a grid of at most [`GRID_COLUMNS`] across, rows as even as can be.
fn grid(count: usize) -> Vec<(f64, f64)> {
    let rows = count.div_ceil(GRID_COLUMNS).max(1);
    let across = count.div_ceil(rows).max(1);
    (0..count)
        .map(|g| {
            (
                (g % across) as f64 * (NODE_WIDTH + DOC_COLUMN_GAP),
                (g / across) as f64 * (BOX_HEIGHT + BOX_GAP),
            )
        })
        .collect()
}

fn extent(at: &[(f64, f64)]) -> (f64, f64) {
    at.iter().fold((0.0, 0.0), |(w, h), &(x, y)| {
        (f64::max(w, x + NODE_WIDTH), f64::max(h, y + BOX_HEIGHT))
    })
}
