//! The topology cut into pages the PDF prints legibly, whatever the design's size. Every page
//! is a picture (SVG) with the width in points to place it at, so that its smallest text (a
//! box's second line, [`SUBTITLE_SIZE`] units) is never under [`MIN_SCALE`] × 11 = 6.2 pt.
//!
//! The rules, in order:
//!
//! 1. **One page** when the whole picture fits the first page's area at [`MIN_SCALE`] or more
//!    (at most [`MAX_SCALE`], so that a small design is not blown up): the architect's
//!    positions when every node has one and no two boxes overlap, otherwise the automatic
//!    layout. Overlapping stored boxes would print one name over another, so the document
//!    lays such a design out itself (the studio's own picture, [`super::render`], keeps them).
//! 2. Otherwise every page is drawn at one scale, [`PAGE_SCALE`], with the automatic layout
//!    and the documents' compact boxes (the architect's arrangement cannot survive being cut
//!    into pages). A design that takes at most [`FEW_PAGES`] pages is simply packed onto them
//!    ([`PageKind::Part`]; on one page, a design too wide for it wrapped like text, is still
//!    [`PageKind::Whole`]).
//! 3. A larger one gets an **overview** (one box per group, arrows where connections cross
//!    groups; printed larger, up to [`MAX_SCALE`], when there is room) and then each group on
//!    pages of its own ([`PageKind::Group`]); groups are by domain prefix or by connected
//!    component (`groups`), and a group too big for a page is packed and tiled over several
//!    (`pack`).
//!
//! Connections whose two ends are on different pages (or in different tiles of one component)
//! are drawn at both ends as a short dashed stub ending in a dot, at the box's output or
//! input; each caption counts them. Dead-letter references keep a dead-letter topic beside its
//! reader but are not drawn (as in the studio's picture).

use design::layout::NODE_WIDTH;
use design::{Design, NodeKind, Position};
use units::format::plural;

use super::groups::{self, Graph, Group, Rule};
use super::overview::{display_name, overview};
use super::pack::{balanced, lay, Area, Sheet};
use super::{
    stored_positions, view_around, xml_escape, BoxStyle, Picture, Stub, COMPACT, STUDIO, SUBTITLE_SIZE,
};

/// Points per SVG unit on the pages of a design that takes several: boxes' names at 8.1 pt,
/// their second lines at 6.4 pt.
pub const PAGE_SCALE: f64 = 0.58;
/// The smallest scale a picture is printed at: 6.2 pt for the second lines of the boxes.
pub const MIN_SCALE: f64 = 6.2 / SUBTITLE_SIZE;
/// The largest scale a picture is printed at: a box's name as large as the body text.
pub const MAX_SCALE: f64 = 0.75;
/// The widest a picture is printed, in points (A4 landscape within 2 cm margins, less a
/// little).
pub const AREA_WIDTH_PT: f64 = 720.0;
/// The tallest a picture is printed on the section's first page, in points (under the heading
/// and the introduction, above a caption of up to two lines).
pub const FIRST_AREA_HEIGHT_PT: f64 = 372.0;
/// The tallest a picture is printed on the section's other pages (above a caption).
pub const NEXT_AREA_HEIGHT_PT: f64 = 430.0;
/// The most pages a design is packed onto without an overview.
pub const FEW_PAGES: usize = 3;
/// Room around a page's drawing, in SVG units (the stubs reach into it).
const PAD: f64 = 24.0;
/// The most characters of a group's name in a caption.
const CAPTION_NAME_CHARS: usize = 48;

/// What a page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageKind {
    /// The whole design on one page (parts too wide for it wrapped one below the other).
    Whole,
    /// A part of a design that takes a few pages (no overview).
    Part,
    /// One box per group.
    Overview,
    /// A group, or part of one.
    Group,
}

/// One page of the topology: a picture and what to say under it.
#[derive(Clone, Debug)]
pub struct TopologyPage {
    pub kind: PageKind,
    /// The caption, plain text (names unescaped: escape it for the format it goes into).
    pub caption: String,
    /// The picture.
    pub svg: String,
    /// The width to place the picture at, in points.
    pub width_pt: f64,
    /// The height it then takes, in points.
    pub height_pt: f64,
    /// Points per SVG unit.
    pub scale: f64,
    /// The nodes drawn (indices into the design's nodes; none on the overview).
    pub nodes: Vec<usize>,
    /// The boxes drawn, `[x, y, width, height]` in SVG units from the picture's top left.
    pub boxes: Vec<[f64; 4]>,
    /// The picture's size in SVG units.
    pub size: [f64; 2],
}

impl TopologyPage {
    /// The size of the picture's smallest text once placed, in points.
    pub fn smallest_text_pt(&self) -> f64 {
        SUBTITLE_SIZE * self.scale
    }

    /// The name the PDF gives the picture of page `index` (from 0).
    pub fn file_name(index: usize) -> String {
        format!("topology-{}.svg", index + 1)
    }
}

/// The design's topology as pages (at least one), by the rules above.
pub fn pages(design: &Design) -> Vec<TopologyPage> {
    let graph = Graph::new(design);
    if let Some(page) = one_page(design, &graph) {
        return vec![page];
    }
    let area = Area {
        width: AREA_WIDTH_PT / PAGE_SCALE - 2.0 * PAD,
        first_height: FIRST_AREA_HEIGHT_PT / PAGE_SCALE - 2.0 * PAD,
        height: NEXT_AREA_HEIGHT_PT / PAGE_SCALE - 2.0 * PAD,
    };
    let all: Vec<usize> = (0..design.nodes.len()).collect();
    // A page holds at most this many boxes: fewer pages than the design needs are not tried.
    let per_page = ((area.width + super::pack::DOC_COLUMN_GAP) / (NODE_WIDTH + super::pack::DOC_COLUMN_GAP))
        .floor()
        * ((area.height + super::pack::DOC_ROW_GAP) / (COMPACT.height + super::pack::DOC_ROW_GAP)).floor();
    let mut packed = None;
    if (all.len() as f64) <= FEW_PAGES as f64 * per_page {
        let sheets = balanced(design, &graph, &all, area, 0);
        if sheets.len() <= FEW_PAGES {
            return parts(design, sheets);
        }
        packed = Some(sheets);
    }
    let (rule, groups) = groups::groups(design, &graph);
    if groups.len() < 2 {
        let sheets = packed.unwrap_or_else(|| balanced(design, &graph, &all, area, 0));
        return parts(design, sheets);
    }
    let sheets: Vec<Vec<Sheet>> = groups
        .iter()
        .map(|g| balanced(design, &graph, &g.nodes, area, 1))
        .collect();
    let counts: Vec<usize> = sheets.iter().map(Vec::len).collect();
    let mut out = vec![overview_page(design, &graph, rule, &groups, &counts, area)];
    let mut labels = Vec::new();
    for (group, sheets) in groups.iter().zip(&sheets) {
        let name = design::names::shorten(display_name(group), CAPTION_NAME_CHARS);
        for k in 0..sheets.len() {
            labels.push(if sheets.len() == 1 {
                name.to_string()
            } else {
                format!("{name} — page {} of {}", k + 1, sheets.len())
            });
        }
    }
    out.extend(drawn(
        design,
        sheets.into_iter().flatten().collect(),
        PageKind::Group,
        labels,
    ));
    out
}

/// The whole design on one page, when it fits legibly.
fn one_page(design: &Design, graph: &Graph) -> Option<TopologyPage> {
    let fits = |view: [f64; 4]| {
        let scale = MAX_SCALE
            .min(AREA_WIDTH_PT / view[2])
            .min(FIRST_AREA_HEIGHT_PT / view[3]);
        (scale >= MIN_SCALE).then_some(scale)
    };
    if let Some(positions) = stored_positions(design)
        .filter(|at| at.iter().all(|p| p.x.is_finite() && p.y.is_finite()))
        .filter(|at| !overlapping(at, STUDIO))
    {
        let view = view_around(&positions, STUDIO, 20.0);
        if let Some(scale) = fits(view) {
            let placed: Vec<(usize, Position)> = positions.iter().copied().enumerate().collect();
            let edges = super::edges_between(design, &|i| positions.get(i).copied());
            let caption = "The design as arranged in the studio.".to_owned();
            return Some(page(
                design,
                PageKind::Whole,
                caption,
                STUDIO,
                view,
                placed,
                scale,
                &edges,
                &[],
            ));
        }
    }
    // Too many boxes for one page whatever the layout: not laid out at all.
    let rows = (FIRST_AREA_HEIGHT_PT / MIN_SCALE / COMPACT.height).ceil();
    let columns = (AREA_WIDTH_PT / MIN_SCALE / NODE_WIDTH).ceil();
    if design.nodes.len() as f64 > rows * columns {
        return None;
    }
    let all: Vec<usize> = (0..design.nodes.len()).collect();
    let sheet = lay(design, graph, &all);
    let view = [-PAD, -PAD, sheet.width + 2.0 * PAD, sheet.height + 2.0 * PAD];
    let scale = fits(view)?;
    let caption = if design.nodes.is_empty() {
        "The design has no nodes yet.".to_owned()
    } else {
        "The design, laid out automatically.".to_owned()
    };
    let mut at: Vec<Option<Position>> = vec![None; design.nodes.len()];
    for &(i, p) in &sheet.nodes {
        at[i] = Some(p);
    }
    let edges = super::edges_between(design, &|i| at.get(i).copied().flatten());
    Some(page(
        design,
        PageKind::Whole,
        caption,
        COMPACT,
        view,
        sheet.nodes,
        scale,
        &edges,
        &[],
    ))
}

/// Whether any two boxes of `style` at `positions` overlap.
pub(crate) fn overlapping(positions: &[Position], style: BoxStyle) -> bool {
    let mut by_x: Vec<&Position> = positions.iter().collect();
    by_x.sort_by(|a, b| a.x.total_cmp(&b.x));
    by_x.iter().enumerate().any(|(k, a)| {
        by_x[k + 1..]
            .iter()
            .take_while(|b| b.x < a.x + NODE_WIDTH)
            .any(|b| b.y < a.y + style.height && a.y < b.y + style.height)
    })
}

/// The pages of a design packed onto a few.
fn parts(design: &Design, sheets: Vec<Sheet>) -> Vec<TopologyPage> {
    let n = sheets.len();
    if n == 1 {
        // Too wide for one picture, but its parts wrapped one below the other fit the page.
        return drawn(design, sheets, PageKind::Whole, vec!["The design".to_owned()]);
    }
    let labels = (1..=n).map(|k| format!("Page {k} of {n}")).collect();
    drawn(design, sheets, PageKind::Part, labels)
}

/// Sheets drawn as pages at [`PAGE_SCALE`], with their edges and stubs, captioned with
/// `labels` and what each page holds.
fn drawn(design: &Design, sheets: Vec<Sheet>, kind: PageKind, labels: Vec<String>) -> Vec<TopologyPage> {
    // Each node's page, piece (see [`Sheet::pieces`]) and position on the page.
    let mut at: Vec<Option<((usize, usize), Position)>> = vec![None; design.nodes.len()];
    for (k, sheet) in sheets.iter().enumerate() {
        for (&(i, p), &piece) in sheet.nodes.iter().zip(&sheet.pieces) {
            at[i] = Some((
                (k, piece),
                Position {
                    x: p.x + PAD,
                    y: p.y + PAD,
                },
            ));
        }
    }
    let index = Graph::index(design);
    let mut edges: Vec<Vec<(Position, Position)>> = vec![Vec::new(); sheets.len()];
    let mut stubs: Vec<Vec<Stub>> = vec![Vec::new(); sheets.len()];
    // Connections leaving each page's pieces, each counted once per page.
    let mut leaving = vec![0; sheets.len()];
    for e in &design.edges {
        let ends = index.get(e.from.as_str()).zip(index.get(e.to.as_str()));
        let Some((Some((pa, a)), Some((pb, b)))) = ends.map(|(&a, &b)| (at[a], at[b])) else {
            continue;
        };
        if pa == pb {
            edges[pa.0].push((a, b));
        } else {
            stubs[pa.0].push(Stub { node: a, out: true });
            stubs[pb.0].push(Stub { node: b, out: false });
            leaving[pa.0] += 1;
            if pb.0 != pa.0 {
                leaving[pb.0] += 1;
            }
        }
    }
    sheets
        .into_iter()
        .zip(labels)
        .enumerate()
        .map(|(k, (sheet, label))| {
            let topics = sheet
                .nodes
                .iter()
                .filter(|(i, _)| design.nodes[*i].kind == NodeKind::Topic)
                .count();
            let mut caption = format!("{label}: {}", holds(topics, sheet.nodes.len() - topics));
            match leaving[k] {
                0 => {}
                1 => caption.push_str("; 1 connection continues elsewhere (dashed stub)"),
                s => caption.push_str(&format!("; {s} connections continue elsewhere (dashed stubs)")),
            }
            caption.push('.');
            let view = [0.0, 0.0, sheet.width + 2.0 * PAD, sheet.height + 2.0 * PAD];
            let placed = sheet
                .nodes
                .iter()
                .map(|&(i, p)| {
                    (
                        i,
                        Position {
                            x: p.x + PAD,
                            y: p.y + PAD,
                        },
                    )
                })
                .collect();
            page(
                design, kind, caption, COMPACT, view, placed, PAGE_SCALE, &edges[k], &stubs[k],
            )
        })
        .collect()
}

/// What a page holds: `12 topics, 3 other nodes`, `12 topics`, `3 nodes`.
fn holds(topics: usize, others: usize) -> String {
    match (topics, others) {
        (0, n) => plural(n, "node", "nodes"),
        (t, 0) => plural(t, "topic", "topics"),
        (t, n) => format!(
            "{}, {}",
            plural(t, "topic", "topics"),
            plural(n, "other node", "other nodes")
        ),
    }
}

/// A page of `placed` nodes in `view` at `scale`, with `edges` (pairs of positions) and
/// `stubs`.
#[allow(clippy::too_many_arguments)]
fn page(
    design: &Design,
    kind: PageKind,
    caption: String,
    style: BoxStyle,
    view: [f64; 4],
    placed: Vec<(usize, Position)>,
    scale: f64,
    edges: &[(Position, Position)],
    stubs: &[Stub],
) -> TopologyPage {
    let svg = Picture {
        design,
        title: &design.name,
        style,
        view,
        nodes: &placed,
        edges,
        stubs,
    }
    .svg();
    let boxes = placed
        .iter()
        .map(|(_, p)| [p.x - view[0], p.y - view[1], NODE_WIDTH, style.height])
        .collect();
    TopologyPage {
        kind,
        caption,
        svg,
        width_pt: view[2] * scale,
        height_pt: view[3] * scale,
        scale,
        nodes: placed.iter().map(|(i, _)| *i).collect(),
        boxes,
        size: [view[2], view[3]],
    }
}

/// The overview page: the groups, what they hold, and how they connect.
fn overview_page(
    design: &Design,
    graph: &Graph,
    rule: Rule,
    groups: &[Group],
    pages: &[usize],
    area: Area,
) -> TopologyPage {
    let o = overview(design, graph, groups, pages, area);
    let (w, h) = (o.width + 2.0 * PAD, o.height + 2.0 * PAD);
    // Laid out to fit at the pages' scale; printed larger when there is room (few groups).
    let scale = MAX_SCALE
        .min(AREA_WIDTH_PT / w)
        .min(FIRST_AREA_HEIGHT_PT / h)
        .max(PAGE_SCALE);
    let svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x} {x} {w:.1} {h:.1}" width="{w:.0}" height="{h:.0}" font-family="sans-serif"><title>{}</title><rect x="{x}" y="{x}" width="{w:.1}" height="{h:.1}" fill="white"/>{}</svg>"#,
        xml_escape(&design.name),
        o.body,
        x = -PAD,
    );
    let by = match rule {
        Rule::Prefix => "by the first segment of their topics' names (other nodes join the group of the topics they connect to)",
        _ => "of connected nodes",
    };
    let mut caption = format!(
        "Overview: {} in {} groups {by}",
        plural(design.nodes.len(), "node", "nodes"),
        groups.len()
    );
    match (o.crossing, o.arrows) {
        (0, _) => caption.push_str("; no connection crosses groups"),
        (c, true) => caption.push_str(&format!(
            "; arrows stand for {}",
            plural(c, "connection between groups", "connections between groups")
        )),
        (c, false) => caption.push_str(&format!(
            "; {} (drawn as arrows, they would not fit the page)",
            plural(c, "connection crosses groups", "connections cross groups")
        )),
    }
    caption.push_str(". Each group follows on pages of its own.");
    TopologyPage {
        kind: PageKind::Overview,
        caption,
        svg,
        width_pt: w * scale,
        height_pt: h * scale,
        scale,
        nodes: Vec::new(),
        boxes: o
            .boxes
            .iter()
            .map(|b| [b[0] + PAD, b[1] + PAD, b[2], b[3]])
            .collect(),
        size: [w, h],
    }
}
