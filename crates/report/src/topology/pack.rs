//! What goes on which page: a group's nodes, laid out by [`design::layout`] and drawn with the
//! documents' compact boxes, cut into sheets that each fit one page's drawing area.
//!
//! Whole connected components go on a page together (so a pipeline is seen in one piece):
//! consecutive components are laid out jointly while the result fits the page, the next
//! component starting a new stack beside the first when there is room across, otherwise a new
//! page. A component too big for a page by itself is tiled: cut between its columns into
//! bands as even as the page width allows, and between its rows into windows, no box ever cut
//! in two; its tiles (and the next oversized component's) go one below the other, like lines
//! of text. Positions never overlap because the layout's do not (its rows are scaled to the
//! shorter boxes and empty bands closed up, which keeps their order), and stacks and tiles
//! are placed apart.
//!
//! The work is the layout's on at most a page's worth of nodes per step (one layout for a
//! component too big for a page). The seven packings [`balanced`] tries share their layouts
//! ([`Layouts`]): the largest PDF design (600 nodes in dense components) is cut in about
//! 130 ms (`cargo bench -p report`, was 0.9 s without the sharing).

use std::cell::RefCell;
use std::collections::HashMap;

use design::layout::{layout, COLUMN_GAP, MARGIN, NODE_HEIGHT, NODE_WIDTH, ROW_GAP};
use design::{Design, Edge, Node, Position};

use super::groups::Graph;
use super::{BoxStyle, COMPACT};

/// Space between columns on the documents' pages (the studio leaves more, for its handles).
pub(crate) const DOC_COLUMN_GAP: f64 = 64.0;
/// Space between the boxes of a column on the documents' pages.
pub(crate) const DOC_ROW_GAP: f64 = 18.0;
/// Space between stacks of components side by side.
const STACK_GAP: f64 = DOC_COLUMN_GAP;
/// Space between tiles one below the other.
const TILE_GAP: f64 = 2.0 * DOC_ROW_GAP;

/// Nodes placed on one page, top-left corners from the content's top left, and the content's
/// size (all in SVG units).
#[derive(Clone, Debug, Default)]
pub(crate) struct Sheet {
    pub nodes: Vec<(usize, Position)>,
    /// For each node, the piece it belongs to: 0 for whole components, a tile's number for
    /// the nodes of a tile. Edges are drawn within a piece; between pieces they become stubs.
    pub pieces: Vec<usize>,
    pub width: f64,
    pub height: f64,
}

/// The drawing area of a page in SVG units: width, and height by page (the first may be
/// shorter, under the section's heading).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Area {
    pub width: f64,
    pub first_height: f64,
    pub height: f64,
}

impl Area {
    fn height(&self, page: usize) -> f64 {
        if page == 0 {
            self.first_height
        } else {
            self.height
        }
    }
}

/// `nodes` (indices into `design`) laid out together with the compact boxes, from (0, 0):
/// the layout's columns brought closer ([`DOC_COLUMN_GAP`]), its rows scaled to the shorter
/// boxes (so boxes that did not overlap still do not).
pub(crate) fn lay(design: &Design, graph: &Graph, nodes: &[usize]) -> Sheet {
    let mut local = vec![usize::MAX; design.nodes.len()];
    for (k, &i) in nodes.iter().enumerate() {
        local[i] = k;
    }
    let mut sub = Design::new("");
    sub.nodes = nodes
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let n = &design.nodes[i];
            let mut copy = Node::new(k.to_string(), n.kind, String::new());
            copy.role = n.role;
            copy
        })
        .collect();
    for &(a, b) in &graph.links {
        if local[a] != usize::MAX && local[b] != usize::MAX {
            let is_dead_letter = design.nodes[a]
                .dead_letter_topic
                .as_deref()
                .is_some_and(|t| t == design.nodes[b].id);
            if is_dead_letter {
                sub.nodes[local[a]].dead_letter_topic = Some(local[b].to_string());
            } else {
                sub.edges
                    .push(Edge::new(local[a].to_string(), local[b].to_string()));
            }
        }
    }
    let column = NODE_WIDTH + COLUMN_GAP;
    let row = (COMPACT.height + DOC_ROW_GAP) / (NODE_HEIGHT + ROW_GAP);
    let placed: Vec<(usize, Position)> = nodes
        .iter()
        .zip(layout(&sub))
        .map(|(&i, p)| {
            let col = ((p.x - MARGIN) / column).round().max(0.0);
            let x = col * (NODE_WIDTH + DOC_COLUMN_GAP);
            let y = ((p.y - MARGIN) * row).max(0.0).round();
            (i, Position { x, y })
        })
        .collect();
    normalised(compacted(placed, COMPACT), COMPACT)
}

/// `nodes` with every empty band across the picture taller than [`DOC_ROW_GAP`] closed up to
/// that gap (the layout centres columns, which can leave rows of nothing): the boxes above and
/// below a band keep their order and their columns, so none comes to overlap another.
fn compacted(mut nodes: Vec<(usize, Position)>, style: BoxStyle) -> Vec<(usize, Position)> {
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by(|&a, &b| nodes[a].1.y.total_cmp(&nodes[b].1.y));
    let mut shift = 0.0;
    let mut bottom = f64::NEG_INFINITY;
    for k in order {
        let y = nodes[k].1.y;
        if y > bottom + DOC_ROW_GAP && bottom.is_finite() {
            shift += y - (bottom + DOC_ROW_GAP);
        }
        bottom = bottom.max(y + style.height);
        nodes[k].1.y = y - shift;
    }
    nodes
}

/// `nodes` moved so that the topmost and leftmost box touch (0, 0), with their size.
fn normalised(mut nodes: Vec<(usize, Position)>, style: BoxStyle) -> Sheet {
    if nodes.is_empty() {
        return Sheet::default();
    }
    let min_x = nodes.iter().map(|(_, p)| p.x).fold(f64::MAX, f64::min);
    let min_y = nodes.iter().map(|(_, p)| p.y).fold(f64::MAX, f64::min);
    let (mut width, mut height) = (0.0f64, 0.0f64);
    for (_, p) in &mut nodes {
        p.x -= min_x;
        p.y -= min_y;
        width = width.max(p.x + NODE_WIDTH);
        height = height.max(p.y + style.height);
    }
    Sheet {
        pieces: vec![0; nodes.len()],
        nodes,
        width,
        height,
    }
}

/// The sheets of one group: its components packed in order, pages numbered from `first_page`
/// (which says which page height applies), as evenly filled as the fewest pages allow: the
/// pages are packed again with less height each (halving the difference six times) as long
/// as that takes no more pages, so that a group's last page is not left with one pipeline.
pub(crate) fn balanced(
    design: &Design,
    graph: &Graph,
    group: &[usize],
    area: Area,
    first_page: usize,
) -> Vec<Sheet> {
    // The tries lay out the same runs of components: each is laid out once.
    let layouts = Layouts::default();
    let mut best = pack(design, graph, group, area, first_page, &layouts);
    if best.len() < 2 {
        return best;
    }
    let (mut low, mut high) = (0.5, 1.0);
    for _ in 0..6 {
        let mid = (low + high) / 2.0;
        let less = Area {
            first_height: area.first_height * mid,
            height: area.height * mid,
            ..area
        };
        let trial = pack(design, graph, group, less, first_page, &layouts);
        if trial.len() <= best.len() {
            best = trial;
            high = mid;
        } else {
            low = mid;
        }
    }
    best
}

/// The layouts made while packing one group, by the nodes laid out together (the automatic
/// layout of a dense component costs milliseconds, and packing tries the same ones again).
#[derive(Default)]
pub(crate) struct Layouts(RefCell<HashMap<Vec<usize>, Sheet>>);

impl Layouts {
    fn lay(&self, design: &Design, graph: &Graph, nodes: &[usize]) -> Sheet {
        if let Some(sheet) = self.0.borrow().get(nodes) {
            return sheet.clone();
        }
        let sheet = lay(design, graph, nodes);
        self.0.borrow_mut().insert(nodes.to_vec(), sheet.clone());
        sheet
    }
}

/// The sheets of one group: its components packed in order, each page as full as it goes,
/// pages numbered from `first_page` (which says which page height applies).
pub(crate) fn pack(
    design: &Design,
    graph: &Graph,
    group: &[usize],
    area: Area,
    first_page: usize,
    layouts: &Layouts,
) -> Vec<Sheet> {
    let mut inside = vec![false; design.nodes.len()];
    for &i in group {
        inside[i] = true;
    }
    let mut packer = Packer {
        design,
        graph,
        layouts,
        area,
        first_page,
        pages: Vec::new(),
        page: Sheet::default(),
        open: Open::Nothing,
        pieces: 0,
    };
    for component in graph.components(&|v| inside[v]) {
        packer.add_component(component);
    }
    packer.new_page();
    packer.pages
}

/// The stack being filled, rightmost on its page.
enum Open {
    Nothing,
    /// Whole components laid out together.
    Laid {
        nodes: Vec<usize>,
        sheet: Sheet,
    },
    /// Tiles of components too big for a page, one below the other.
    Tiles(Sheet),
}

/// Fills pages with stacks side by side, left to right.
struct Packer<'a> {
    design: &'a Design,
    graph: &'a Graph,
    layouts: &'a Layouts,
    area: Area,
    first_page: usize,
    pages: Vec<Sheet>,
    /// The page being filled: its closed stacks.
    page: Sheet,
    open: Open,
    /// Tiles numbered so far (a tile's number is its piece).
    pieces: usize,
}

impl Packer<'_> {
    fn height(&self) -> f64 {
        self.area.height(self.first_page + self.pages.len())
    }

    /// Whether `stack` fits right of the page's closed stacks.
    fn fits_beside(&self, stack: &Sheet) -> bool {
        page_width_after(&self.page, stack) <= self.area.width && stack.height <= self.height()
    }

    fn close(&mut self) {
        match std::mem::replace(&mut self.open, Open::Nothing) {
            Open::Nothing => {}
            Open::Laid { sheet, .. } | Open::Tiles(sheet) => close_stack(&mut self.page, sheet),
        }
    }

    fn new_page(&mut self) {
        self.close();
        if !self.page.nodes.is_empty() {
            let page = std::mem::take(&mut self.page);
            self.pages.push(page);
        }
    }

    fn add_component(&mut self, component: Vec<usize>) {
        if let Open::Laid { nodes, .. } = &self.open {
            let mut grown = nodes.clone();
            grown.extend(&component);
            let sheet = self.layouts.lay(self.design, self.graph, &grown);
            if self.fits_beside(&sheet) {
                self.open = Open::Laid { nodes: grown, sheet };
                return;
            }
        }
        let sheet = self.layouts.lay(self.design, self.graph, &component);
        if sheet.width <= self.area.width && sheet.height <= self.area.height {
            self.close();
            if !self.fits_beside(&sheet) {
                self.new_page();
            }
            // Only the section's first page, shorter, may still be too short: then tiles.
            if self.fits_beside(&sheet) {
                self.open = Open::Laid {
                    nodes: component,
                    sheet,
                };
                return;
            }
        }
        // Too big for a page: its tiles go below an open stack of tiles, if there is one.
        if matches!(self.open, Open::Laid { .. }) {
            self.close();
        }
        for mut tile in tiles(sheet, self.area.width, self.height()) {
            self.pieces += 1;
            tile.pieces = vec![self.pieces; tile.nodes.len()];
            self.add_tile(tile);
        }
    }

    fn add_tile(&mut self, tile: Sheet) {
        if let Open::Tiles(stack) = &self.open {
            let below = stacked(stack.clone(), &tile);
            if self.fits_beside(&below) {
                self.open = Open::Tiles(below);
                return;
            }
        }
        self.close();
        if !self.fits_beside(&tile) {
            self.new_page();
        }
        self.open = Open::Tiles(tile);
    }
}

/// `tile` placed below `stack`.
fn stacked(mut stack: Sheet, tile: &Sheet) -> Sheet {
    let dy = stack.height + TILE_GAP;
    stack.nodes.extend(
        tile.nodes
            .iter()
            .map(|&(i, p)| (i, Position { x: p.x, y: p.y + dy })),
    );
    stack.pieces.extend(&tile.pieces);
    stack.width = stack.width.max(tile.width);
    stack.height = dy + tile.height;
    stack
}

/// The page's width with `stack` placed right of what it holds.
fn page_width_after(page: &Sheet, stack: &Sheet) -> f64 {
    if page.nodes.is_empty() {
        stack.width
    } else {
        page.width + STACK_GAP + stack.width
    }
}

fn close_stack(page: &mut Sheet, stack: Sheet) {
    if stack.nodes.is_empty() {
        return;
    }
    let dx = if page.nodes.is_empty() {
        0.0
    } else {
        page.width + STACK_GAP
    };
    page.nodes.extend(
        stack
            .nodes
            .into_iter()
            .map(|(i, p)| (i, Position { x: p.x + dx, y: p.y })),
    );
    page.pieces.extend(stack.pieces);
    page.width = dx + stack.width;
    page.height = page.height.max(stack.height);
}

/// A sheet too big for a page cut into pages: windows of rows (a box goes to the window its
/// top is in, a window holds the boxes that end inside it), each cut into bands of whole
/// columns, as even as `width` allows. Row-major; empty tiles left out.
pub(crate) fn tiles(sheet: Sheet, width: f64, height: f64) -> Vec<Sheet> {
    let style = COMPACT;
    let mut columns: Vec<f64> = sheet.nodes.iter().map(|(_, p)| p.x).collect();
    columns.sort_by(f64::total_cmp);
    columns.dedup();
    let bands = bands(&columns, width);
    let mut nodes = sheet.nodes;
    nodes.sort_by(|a, b| a.1.y.total_cmp(&b.1.y).then(a.1.x.total_cmp(&b.1.x)));
    let mut out = Vec::new();
    let mut start = 0;
    while start < nodes.len() {
        let top = nodes[start].1.y;
        // Tops are sorted and a box fits any page, so the window holds at least one.
        let end = start
            + nodes[start..]
                .iter()
                .take_while(|(_, p)| p.y + style.height <= top + height)
                .count()
                .max(1);
        for band in &bands {
            let in_band: Vec<(usize, Position)> = nodes[start..end]
                .iter()
                .filter(|(_, p)| p.x >= band.0 && p.x <= band.1)
                .copied()
                .collect();
            if !in_band.is_empty() {
                out.push(normalised(in_band, style));
            }
        }
        start = end;
    }
    out
}

/// The columns (left edges, ascending) cut into consecutive bands no wider than `width`, as
/// many as greedy filling needs and as even as that number allows: (first, last) left edges.
fn bands(columns: &[f64], width: f64) -> Vec<(f64, f64)> {
    let greedy = |per: usize| -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < columns.len() {
            let mut j = i;
            while j + 1 < columns.len()
                && j + 1 - i < per
                && columns[j + 1] + NODE_WIDTH - columns[i] <= width
            {
                j += 1;
            }
            out.push((columns[i], columns[j]));
            i = j + 1;
        }
        out
    };
    let most = greedy(usize::MAX);
    // Even bands: the fewest columns per band that still gives no more bands.
    let count = most.len();
    let even = columns.len().div_ceil(count.max(1));
    let even = greedy(even);
    if even.len() == count {
        even
    } else {
        most
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(cells: &[(f64, f64)]) -> Sheet {
        let nodes = cells
            .iter()
            .enumerate()
            .map(|(i, &(x, y))| (i, Position { x, y }))
            .collect();
        normalised(nodes, COMPACT)
    }

    #[test]
    fn five_columns_split_three_and_two() {
        let pitch = NODE_WIDTH + DOC_COLUMN_GAP;
        let columns: Vec<f64> = (0..5).map(|c| c as f64 * pitch).collect();
        let b = bands(&columns, 4.0 * pitch);
        assert_eq!(b, [(0.0, 2.0 * pitch), (3.0 * pitch, 4.0 * pitch)]);
    }

    #[test]
    fn tiles_hold_every_box_whole() {
        let pitch = NODE_WIDTH + DOC_COLUMN_GAP;
        let rows = COMPACT.height + DOC_ROW_GAP;
        let cells: Vec<(f64, f64)> = (0..7)
            .flat_map(|c| (0..30).map(move |r| (c as f64 * pitch, r as f64 * rows + (c % 2) as f64 * 20.0)))
            .collect();
        let (w, h) = (3.0 * pitch, 10.0 * rows);
        let tiles = tiles(sheet(&cells), w, h);
        let mut seen: Vec<usize> = tiles.iter().flat_map(|t| t.nodes.iter().map(|n| n.0)).collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..cells.len()).collect::<Vec<_>>());
        for t in &tiles {
            assert!(t.width <= w && t.height <= h, "{} × {}", t.width, t.height);
        }
    }
}
