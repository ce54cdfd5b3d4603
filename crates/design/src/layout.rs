//! Automatic layout: a layered drawing that reads left to right, sources → topics →
//! processors → sinks.
//!
//! The steps are the classic ones (Sugiyama): break cycles, give every node a column (its
//! longest path from a source, but never left of where its kind belongs), stand in for edges
//! that skip columns with invisible waypoints, order each column to cut crossings (barycentre
//! sweeps, keeping the best order seen), then place rows so a node sits near the middle of its
//! neighbours without touching another. Schema subjects go one column left of their topic;
//! a dead-letter topic goes right of the reader that writes to it.
//!
//! The canvas draws every node as a [`NODE_WIDTH`] × [`NODE_HEIGHT`] box and every edge as the
//! curve [`edge_curve`] gives, so the tests here check what the user sees.
//!
//! The work is bounded. Columns, cycles and crossings cost O((V + E) log E); the careful row
//! placement (waypoints for long edges, lanes kept clear of boxes) costs far more, so it runs
//! only for designs of at most [`FULL_LAYOUT_MAX_NODES`] nodes whose long edges need at most
//! [`MAX_WAYPOINTS`] waypoints. Past that, a simpler layout: the same columns and the same
//! crossing-reducing order, boxes stacked in each column, long edges drawn straight across
//! (they may pass behind boxes). A long chain with fan-out edges would otherwise ask for tens
//! of millions of waypoints.
//!
//! Over 500 lines on purpose: the phases (columns, ordering, stacking, routing) are one
//! algorithm whose bounds only make sense read together.

use std::collections::HashMap;

use crate::model::{Design, NodeKind, Position};

/// Width of a node's box on the canvas, in canvas units.
pub const NODE_WIDTH: f64 = 240.0;
/// Height of a node's box on the canvas.
pub const NODE_HEIGHT: f64 = 56.0;
/// Horizontal space between columns.
pub const COLUMN_GAP: f64 = 104.0;
/// Vertical space between the boxes of a column.
pub const ROW_GAP: f64 = 28.0;
/// Room left around the drawing.
pub const MARGIN: f64 = 40.0;
/// The height a skipped column's waypoint takes, so that long edges get a lane of their own.
const LANE: f64 = 20.0;
/// The most nodes laid out with waypoints and lanes; larger designs get the simpler layout.
pub const FULL_LAYOUT_MAX_NODES: usize = 300;
/// The most waypoints (one per column a long edge skips) the careful layout puts in.
pub const MAX_WAYPOINTS: usize = 3_000;

/// The cubic Bézier an edge is drawn as, from the right edge of the box at `from` (the output
/// port) to the left edge of the box at `to` (the input port): start, two control points, end.
pub fn edge_curve(from: Position, to: Position) -> [Position; 4] {
    let start = Position {
        x: from.x + NODE_WIDTH,
        y: from.y + NODE_HEIGHT / 2.0,
    };
    let end = Position {
        x: to.x,
        y: to.y + NODE_HEIGHT / 2.0,
    };
    let pull = ((end.x - start.x).abs() / 2.0).max(40.0);
    [
        start,
        Position {
            x: start.x + pull,
            y: start.y,
        },
        Position {
            x: end.x - pull,
            y: end.y,
        },
        end,
    ]
}

/// Positions (top-left corners) for every node of `design`, in node order.
pub fn layout(design: &Design) -> Vec<Position> {
    Layered::new(design).positions()
}

/// Gives a position to every node that has none: all of them laid out when none has one,
/// otherwise the unplaced ones laid out among themselves below what is already drawn.
/// Returns whether anything changed.
pub fn place_missing(design: &mut Design) -> bool {
    let missing = design.nodes.iter().filter(|n| n.position.is_none()).count();
    if missing == 0 {
        return false;
    }
    let below = design
        .nodes
        .iter()
        .filter_map(|n| n.position)
        .map(|p| p.y + NODE_HEIGHT + ROW_GAP * 2.0)
        .fold(None, |acc: Option<f64>, y| Some(acc.map_or(y, |a| a.max(y))));
    let positions = layout(design);
    for (node, p) in design.nodes.iter_mut().zip(positions) {
        if node.position.is_none() {
            node.position = Some(Position {
                x: p.x,
                y: p.y + below.map_or(0.0, |b| b - MARGIN),
            });
        }
    }
    true
}

/// The column a kind belongs in at the least.
fn min_rank(kind: NodeKind) -> usize {
    match kind {
        NodeKind::Producer | NodeKind::SourceConnector | NodeKind::SchemaSubject => 0,
        NodeKind::Topic => 1,
        NodeKind::StreamProcessor | NodeKind::ConsumerGroup | NodeKind::SinkConnector => 2,
    }
}

struct Layered {
    /// Whether this is the simpler layout (no waypoints, boxes stacked).
    simple: bool,
    /// Real nodes first (in design order), then waypoints.
    count: usize,
    real: usize,
    rank: Vec<usize>,
    /// Edges between adjacent columns, after waypoints are put in.
    succ: Vec<Vec<usize>>,
    pred: Vec<Vec<usize>>,
    columns: Vec<Vec<usize>>,
    /// For each waypoint (index `v - real`), the real nodes its edge joins.
    lane_ends: Vec<(usize, usize)>,
}

impl Layered {
    fn new(design: &Design) -> Self {
        let real = design.nodes.len();
        let index: HashMap<&str, usize> = design
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect();
        let kind = |i: usize| design.nodes[i].kind;

        // Flow edges (records move from → to), dead-letter references, schema attachments.
        let mut flow: Vec<(usize, usize)> = Vec::new();
        let mut schema: Vec<(usize, usize)> = Vec::new();
        for e in &design.edges {
            let (Some(&a), Some(&b)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) else {
                continue;
            };
            if a == b {
                continue;
            }
            match (kind(a), kind(b)) {
                (NodeKind::SchemaSubject, NodeKind::Topic) => schema.push((a, b)),
                (NodeKind::Topic, NodeKind::SchemaSubject) => schema.push((b, a)),
                (NodeKind::SchemaSubject, _) | (_, NodeKind::SchemaSubject) => {}
                _ => flow.push((a, b)),
            }
        }
        for (i, n) in design.nodes.iter().enumerate() {
            if let Some(&t) = n.dead_letter_topic.as_ref().and_then(|t| index.get(t.as_str())) {
                if t != i && kind(t) == NodeKind::Topic {
                    flow.push((i, t));
                }
            }
        }
        flow.sort_unstable();
        flow.dedup();
        schema.sort_unstable();
        schema.dedup();

        let flow = acyclic(real, &flow);

        // Longest path, never left of the kind's own column.
        let mut rank: Vec<usize> = (0..real).map(|i| min_rank(kind(i))).collect();
        let mut out: Vec<Vec<usize>> = vec![Vec::new(); real];
        for &(a, b) in &flow {
            out[a].push(b);
        }
        for &v in &topological(real, &flow) {
            for &b in &out[v] {
                rank[b] = rank[b].max(rank[v] + 1);
            }
        }
        // A subject sits just left of the leftmost topic it describes.
        let mut subject_rank: HashMap<usize, usize> = HashMap::new();
        for &(s, t) in &schema {
            let r = rank[t].saturating_sub(1);
            subject_rank
                .entry(s)
                .and_modify(|x| *x = (*x).min(r))
                .or_insert(r);
        }
        for (s, r) in subject_rank {
            rank[s] = r;
        }
        // Drop empty columns.
        let mut used: Vec<usize> = rank.clone();
        used.sort_unstable();
        used.dedup();
        for r in &mut rank {
            *r = used.binary_search(r).unwrap_or(0);
        }

        let mut edges: Vec<(usize, usize)> = flow;
        edges.extend(schema);
        let waypoints: usize = edges
            .iter()
            .map(|&(a, b)| rank[a].abs_diff(rank[b]).saturating_sub(1))
            .fold(0, usize::saturating_add);
        let mut layered = Layered {
            simple: real > FULL_LAYOUT_MAX_NODES || waypoints > MAX_WAYPOINTS,
            count: real,
            real,
            rank,
            succ: vec![Vec::new(); real],
            pred: vec![Vec::new(); real],
            columns: Vec::new(),
            lane_ends: Vec::new(),
        };
        for (a, b) in edges {
            let (a, b) = if layered.rank[a] <= layered.rank[b] {
                (a, b)
            } else {
                (b, a)
            };
            if layered.simple {
                if layered.rank[a] != layered.rank[b] {
                    layered.link(a, b);
                }
            } else {
                layered.connect_through_lanes(a, b);
            }
        }
        layered.columns = layered.initial_columns();
        layered.order();
        layered
    }

    /// Adds the edge a → b, with a waypoint in every column it skips.
    fn connect_through_lanes(&mut self, a: usize, b: usize) {
        let mut prev = a;
        for r in self.rank[a] + 1..self.rank[b] {
            let w = self.count;
            self.count += 1;
            self.rank.push(r);
            self.succ.push(Vec::new());
            self.pred.push(Vec::new());
            self.lane_ends.push((a, b));
            self.link(prev, w);
            prev = w;
        }
        if self.rank[a] == self.rank[b] {
            // Same column (only a subject beside a topic it cannot sit left of): no lane.
            return;
        }
        self.link(prev, b);
    }

    /// Adds a → b (the flow edges are deduplicated already; waypoints are new nodes).
    fn link(&mut self, a: usize, b: usize) {
        self.succ[a].push(b);
        self.pred[b].push(a);
    }

    /// Columns in a first order: depth-first from the sources, so related nodes start close.
    fn initial_columns(&self) -> Vec<Vec<usize>> {
        let width = self.rank.iter().copied().max().map_or(0, |m| m + 1);
        let mut columns = vec![Vec::new(); width];
        let mut seen = vec![false; self.count];
        let mut stack: Vec<usize> = Vec::new();
        let roots: Vec<usize> = (0..self.count).filter(|&v| self.pred[v].is_empty()).collect();
        for root in roots.into_iter().chain(0..self.count) {
            stack.push(root);
            while let Some(v) = stack.pop() {
                if std::mem::replace(&mut seen[v], true) {
                    continue;
                }
                columns[self.rank[v]].push(v);
                stack.extend(self.succ[v].iter().rev().copied());
            }
        }
        columns
    }

    /// Barycentre sweeps down and up the columns, keeping the order with fewest crossings.
    fn order(&mut self) {
        let mut best = self.columns.clone();
        let mut best_crossings = self.crossings();
        for sweep in 0..8 {
            let down = sweep % 2 == 0;
            let indices: Vec<usize> = if down {
                (1..self.columns.len()).collect()
            } else {
                (0..self.columns.len().saturating_sub(1)).rev().collect()
            };
            for c in indices {
                let fixed = if down { c - 1 } else { c + 1 };
                let place: HashMap<usize, f64> = self.columns[fixed]
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| (v, i as f64))
                    .collect();
                let mut keyed: Vec<(f64, usize)> = self.columns[c]
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| {
                        let near = if down { &self.pred[v] } else { &self.succ[v] };
                        let xs: Vec<f64> = near.iter().filter_map(|u| place.get(u)).copied().collect();
                        let key = if xs.is_empty() {
                            i as f64
                        } else {
                            xs.iter().sum::<f64>() / xs.len() as f64
                        };
                        (key, v)
                    })
                    .collect();
                keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
                self.columns[c] = keyed.into_iter().map(|(_, v)| v).collect();
            }
            let crossings = self.crossings();
            if crossings < best_crossings {
                best_crossings = crossings;
                best = self.columns.clone();
            }
        }
        self.columns = best;
    }

    /// Edge crossings between adjacent columns: for each pair, the segments sorted by their
    /// left end, then the inversions of their right ends counted by merge sort, O(S log S).
    fn crossings(&self) -> usize {
        let mut total = 0;
        let mut place = vec![usize::MAX; self.count];
        for pair in self.columns.windows(2) {
            for (i, &v) in pair[1].iter().enumerate() {
                place[v] = i;
            }
            let mut segments: Vec<(usize, usize)> = Vec::new();
            for (i, &u) in pair[0].iter().enumerate() {
                for &v in &self.succ[u] {
                    if place[v] != usize::MAX {
                        segments.push((i, place[v]));
                    }
                }
            }
            for &v in &pair[1] {
                place[v] = usize::MAX;
            }
            segments.sort_unstable();
            // Segments sharing a left end never cross each other: sorting them by right end
            // within the run (done above) leaves no inversion among them.
            let mut rights: Vec<usize> = segments.iter().map(|&(_, j)| j).collect();
            total += inversions(&mut rights);
        }
        total
    }

    fn x(&self, v: usize) -> f64 {
        MARGIN + self.rank[v] as f64 * (NODE_WIDTH + COLUMN_GAP)
    }

    /// Where the edge of waypoint `v` is drawn as it crosses `v`'s column: the top and bottom
    /// of the band the curve covers there, given the rows of its two ends.
    fn lane_band(&self, v: usize, y: &[f64]) -> (f64, f64) {
        let (a, b) = self.lane_ends[v - self.real];
        let curve = edge_curve(
            Position {
                x: self.x(a),
                y: y[a],
            },
            Position {
                x: self.x(b),
                y: y[b],
            },
        );
        let (left, right) = (self.x(v) - 8.0, self.x(v) + NODE_WIDTH + 8.0);
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for k in 0..=96 {
            let t = f64::from(k) / 96.0;
            let u = 1.0 - t;
            let w = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
            let px: f64 = (0..4).map(|i| w[i] * curve[i].x).sum();
            if px >= left && px <= right {
                let py: f64 = (0..4).map(|i| w[i] * curve[i].y).sum();
                lo = lo.min(py);
                hi = hi.max(py);
            }
        }
        if lo > hi {
            let mid = (y[a] + y[b]) / 2.0 + NODE_HEIGHT / 2.0;
            (mid, mid)
        } else {
            (lo, hi)
        }
    }

    /// Rows: each node pulled towards the middle of its neighbours, each long edge's waypoint
    /// moved to where its curve crosses the column, boxes pushed apart where they would touch;
    /// a few rounds alternating direction.
    fn positions(&self) -> Vec<Position> {
        if self.simple {
            return self.stacked();
        }
        let mut y = vec![0.0; self.count];
        let mut h: Vec<f64> = (0..self.count)
            .map(|v| if v < self.real { NODE_HEIGHT } else { LANE })
            .collect();
        for column in &self.columns {
            let mut top = 0.0;
            for &v in column {
                y[v] = top;
                top += h[v] + ROW_GAP;
            }
        }
        for round in 0..10 {
            let down = round % 2 == 0;
            let order: Vec<usize> = if down {
                (0..self.columns.len()).collect()
            } else {
                (0..self.columns.len()).rev().collect()
            };
            for c in order {
                let column = &self.columns[c];
                let wanted: Vec<f64> = column
                    .iter()
                    .map(|&v| {
                        if v >= self.real {
                            let (lo, hi) = self.lane_band(v, &y);
                            h[v] = hi - lo + LANE;
                            return lo - LANE / 2.0;
                        }
                        let near: Vec<usize> = self.pred[v].iter().chain(&self.succ[v]).copied().collect();
                        if near.is_empty() {
                            return y[v];
                        }
                        let mid = near.iter().map(|&u| y[u] + h[u] / 2.0).sum::<f64>() / near.len() as f64;
                        mid - h[v] / 2.0
                    })
                    .collect();
                // Waypoints go exactly where their curves cross the column. Boxes go top to
                // bottom at their wanted row or just below the box above, and skip over any
                // waypoint band in the way; a column without waypoints then shifts up by half
                // of what was pushed, to stay centred.
                let lanes: Vec<(f64, f64)> = column
                    .iter()
                    .enumerate()
                    .filter(|&(_, &v)| v >= self.real)
                    .map(|(k, &v)| (wanted[k], wanted[k] + h[v]))
                    .collect();
                let mut bottom = f64::NEG_INFINITY;
                let mut pushed = 0.0;
                for (k, &v) in column.iter().enumerate() {
                    if v >= self.real {
                        y[v] = wanted[k];
                        continue;
                    }
                    let mut at = wanted[k].max(bottom);
                    while let Some(&(_, lane_bottom)) = lanes
                        .iter()
                        .find(|&&(top, bot)| at < bot && top < at + NODE_HEIGHT)
                    {
                        at = lane_bottom + ROW_GAP / 2.0;
                    }
                    pushed += at - wanted[k];
                    y[v] = at;
                    bottom = at + h[v] + ROW_GAP;
                }
                if !column.is_empty() && lanes.is_empty() {
                    let shift = pushed / column.len() as f64 / 2.0;
                    for &v in column {
                        y[v] -= shift;
                    }
                }
            }
        }
        // Moving one end of a long edge moves its curve through other columns: settle until
        // no box sits on a waypoint band (boxes only move down, so this ends).
        for _ in 0..50 {
            let mut moved = false;
            for column in &self.columns {
                let lanes: Vec<(f64, f64)> = column
                    .iter()
                    .filter(|&&v| v >= self.real)
                    .map(|&v| {
                        let (lo, hi) = self.lane_band(v, &y);
                        (lo - LANE / 2.0, hi + LANE / 2.0)
                    })
                    .collect();
                if lanes.is_empty() {
                    continue;
                }
                let mut bottom = f64::NEG_INFINITY;
                for &v in column.iter().filter(|&&v| v < self.real) {
                    let mut at = y[v].max(bottom);
                    while let Some(&(_, lane_bottom)) = lanes
                        .iter()
                        .find(|&&(top, bot)| at < bot && top < at + NODE_HEIGHT)
                    {
                        at = lane_bottom + ROW_GAP / 2.0;
                    }
                    if at != y[v] {
                        moved = true;
                        y[v] = at;
                    }
                    bottom = at + NODE_HEIGHT + ROW_GAP;
                }
            }
            if !moved {
                break;
            }
        }
        let top = (0..self.real).map(|v| y[v]).fold(f64::INFINITY, f64::min);
        let top = if top.is_finite() { top } else { 0.0 };
        (0..self.real)
            .map(|v| Position {
                x: self.x(v),
                y: (MARGIN + y[v] - top).round(),
            })
            .collect()
    }
}

impl Layered {
    /// The simpler layout's rows: each column's boxes stacked in their order, the columns
    /// centred on the tallest one.
    fn stacked(&self) -> Vec<Position> {
        let step = NODE_HEIGHT + ROW_GAP;
        let tallest = self.columns.iter().map(Vec::len).max().unwrap_or(0) as f64 * step;
        let mut y = vec![0.0; self.count];
        for column in &self.columns {
            let top = (tallest - column.len() as f64 * step) / 2.0;
            for (row, &v) in column.iter().enumerate() {
                y[v] = top + row as f64 * step;
            }
        }
        (0..self.real)
            .map(|v| Position {
                x: self.x(v),
                y: (MARGIN + y[v]).round(),
            })
            .collect()
    }
}

/// The pairs `i < j` with `v[i] > v[j]` (sorts `v`).
fn inversions(v: &mut [usize]) -> usize {
    if v.len() < 2 {
        return 0;
    }
    let mid = v.len() / 2;
    let mut count = inversions(&mut v[..mid]) + inversions(&mut v[mid..]);
    let mut merged = Vec::with_capacity(v.len());
    let (mut i, mut j) = (0, mid);
    while i < mid && j < v.len() {
        if v[j] < v[i] {
            // v[j] is smaller than every element left in the first half.
            count += mid - i;
            merged.push(v[j]);
            j += 1;
        } else {
            merged.push(v[i]);
            i += 1;
        }
    }
    merged.extend_from_slice(&v[i..mid]);
    merged.extend_from_slice(&v[j..]);
    v.copy_from_slice(&merged);
    count
}

/// The edges minus those that close a cycle (found depth-first from each node in order).
fn acyclic(n: usize, edges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in edges {
        out[a].push(b);
    }
    // 0 = unvisited, 1 = on the stack, 2 = done
    let mut state = vec![0u8; n];
    let mut back: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some((v, next)) = stack.pop() {
            if let Some(&w) = out[v].get(next) {
                stack.push((v, next + 1));
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => back.push((v, w)),
                    _ => {}
                }
            } else {
                state[v] = 2;
            }
        }
    }
    let back: std::collections::HashSet<(usize, usize)> = back.into_iter().collect();
    edges.iter().copied().filter(|e| !back.contains(e)).collect()
}

/// Nodes in an order where every edge goes forward (the edges must have no cycle).
fn topological(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut indegree = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in edges {
        indegree[b] += 1;
        out[a].push(b);
    }
    let mut ready: Vec<usize> = (0..n).filter(|&v| indegree[v] == 0).rev().collect();
    let mut order = Vec::with_capacity(n);
    while let Some(v) = ready.pop() {
        order.push(v);
        for &w in &out[v] {
            indegree[w] -= 1;
            if indegree[w] == 0 {
                ready.push(w);
            }
        }
    }
    order
}

#[cfg(test)]
mod tests;
