//! Tables that fit their content.
//!
//! Typst shares a table's width among `auto` columns without regard for what cannot break, so a
//! Kafka name wider than its share ran over the next column, and setting names in the header ran
//! into each other. Here every column is sized before typst sees the table: never narrower than
//! the widest piece that may not break in it (a name's segment up to its `.`, `-` or `_`, a
//! word, a figure with its unit), as wide as its content when there is room, and the room
//! there is shared in proportion to what each column lacks. A table goes on landscape pages
//! when that makes fewer pages. Names break only after their separators (each segment is a
//! typst `box`, so no invisible character ends up in text copied from the PDF); only a run longer
//! than the table can hold is cut mid-word, at a fixed length ([`PIECES`]).
//!
//! Widths come from the fonts' own advances ([`super::metrics`]), with a point of slack per
//! column; what typst then does inside a column (wrap at the pieces) cannot overflow it.

use std::fmt::Write as _;

use super::metrics::{width, Face};
use super::pieces::{breakable, words, Breaks};
use crate::spec_source::typst_str;

/// The size table text is set in, in points (the preamble sets it).
pub(super) const SIZE: f64 = 8.5;
/// A cell's inset on each side (the preamble's `set table(inset: 5pt)`).
const INSET: f64 = 5.0;
/// The width of a rule between columns.
const STROKE: f64 = 0.4;
/// Room left in each column for what the advances do not count (kerning, rounding).
const SLACK: f64 = 1.5;
/// The height of one line of table text, baseline to baseline (an estimate, used to count pages).
const LINE: f64 = SIZE * 1.4;
/// The text area of an A4 page with the spec's margins (2 cm at the sides, 2.2 cm at the top
/// and 2.4 cm at the bottom), width and height in points, upright and turned.
const PORTRAIT: (f64, f64) = (595.28 - 2.0 * 56.69, 841.89 - 62.36 - 68.03);
const LANDSCAPE: (f64, f64) = (841.89 - 2.0 * 56.69, 595.28 - 62.36 - 68.03);
/// The longest runs of characters kept whole, tried in turn until the table fits: real names
/// fit at the first; the others are for runs no one would type by hand.
pub(super) const PIECES: [usize; 5] = [40, 24, 12, 6, 1];
/// The most characters a cell shows; a longer value keeps its ends ([`design::names::shorten`]).
pub(super) const MAX_CELL_CHARS: usize = 240;

/// How a column's content lines up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Align {
    Left,
    Right,
}

/// What a cell holds.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Cell {
    /// A Kafka name, in the monospaced face, broken only after its separators.
    Name(String),
    /// Words, broken at spaces and after separators.
    Text(String),
    /// A figure with its unit (`7 d`, `1.2 GB/s`, `12 (advised 20)`), never broken.
    Figure(String),
    /// No value: an em dash.
    Empty,
}

impl Cell {
    fn face(&self) -> Face {
        match self {
            Cell::Name(_) => Face::Mono,
            _ => Face::Serif,
        }
    }

    fn text(&self) -> &str {
        match self {
            Cell::Name(s) | Cell::Text(s) | Cell::Figure(s) => s,
            Cell::Empty => "—",
        }
    }

    /// The widest piece that may not break, and the whole width on one line.
    fn measure(&self, piece: usize) -> (f64, f64) {
        let face = self.face();
        let text = self.text();
        let whole = width(face, SIZE, text);
        match self {
            Cell::Figure(_) | Cell::Empty => (whole, whole),
            Cell::Name(_) | Cell::Text(_) => {
                let widest = words(text, piece, Breaks::Separators)
                    .into_iter()
                    .flatten()
                    .map(|p| width(face, SIZE, p))
                    .fold(0.0, f64::max);
                (widest, whole)
            }
        }
    }

    /// The typst markup of the cell.
    fn markup(&self, piece: usize) -> String {
        match self {
            Cell::Name(s) => format!("name{}", breakable(s, piece, Breaks::Separators)),
            Cell::Text(s) => breakable(s, piece, Breaks::Separators),
            Cell::Figure(s) => format!("box({})", typst_str(s)),
            Cell::Empty => "[—]".into(),
        }
    }
}

/// A table of a section: its columns (header and alignment) and its rows.
#[derive(Debug)]
pub(super) struct Table {
    columns: Vec<(&'static str, Align)>,
    rows: Vec<Vec<Cell>>,
}

/// Which way up the pages holding a table are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Orientation {
    Portrait,
    Landscape,
}

/// Where a table's columns end up.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Layout {
    pub orientation: Orientation,
    /// Each column's width in points, insets included.
    pub widths: Vec<f64>,
    /// The longest run of characters kept whole.
    pub piece: usize,
}

impl Table {
    /// A table with these headers (Kafka's setting names may be headers: they break at dots).
    pub fn new(columns: &[(&'static str, Align)]) -> Self {
        Self {
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; its cells are made one line and cut to [`MAX_CELL_CHARS`]. A row with too
    /// few cells is filled with [`Cell::Empty`], extra cells are dropped.
    pub fn row(&mut self, cells: impl IntoIterator<Item = Cell>) {
        let mut row: Vec<Cell> = cells
            .into_iter()
            .map(|c| match c {
                Cell::Name(s) => Cell::Name(tidy(&s)),
                Cell::Text(s) => Cell::Text(tidy(&s)),
                Cell::Figure(s) => Cell::Figure(tidy(&s)),
                Cell::Empty => Cell::Empty,
            })
            .take(self.columns.len())
            .collect();
        row.resize(self.columns.len(), Cell::Empty);
        self.rows.push(row);
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn headers(&self) -> impl Iterator<Item = Cell> + '_ {
        self.columns.iter().map(|(h, _)| Cell::Text((*h).to_owned()))
    }

    /// Each column's narrowest and natural width, insets and slack included.
    fn extents(&self, piece: usize) -> Vec<(f64, f64)> {
        let pad = 2.0 * INSET + SLACK;
        let mut extents: Vec<(f64, f64)> = self
            .headers()
            .map(|h| {
                let (min, max) = bold(&h, piece);
                (min + pad, max + pad)
            })
            .collect();
        for row in &self.rows {
            for (extent, cell) in extents.iter_mut().zip(row) {
                let (min, max) = cell.measure(piece);
                extent.0 = extent.0.max(min + pad);
                extent.1 = extent.1.max(max + pad);
            }
        }
        extents
    }

    /// The column widths on a page `page_width` wide, or `None` when the narrowest do not fit.
    fn widths(&self, extents: &[(f64, f64)], page_width: f64) -> Option<Vec<f64>> {
        let room = page_width - STROKE * (extents.len() + 1) as f64;
        let min: f64 = extents.iter().map(|e| e.0).sum();
        let max: f64 = extents.iter().map(|e| e.1).sum();
        if min > room {
            return None;
        }
        if max <= room {
            return Some(extents.iter().map(|e| e.1).collect());
        }
        let share = (room - min) / (max - min);
        Some(extents.iter().map(|(lo, hi)| lo + (hi - lo) * share).collect())
    }

    /// About how many pages the rows take with these widths, and how many lines (each row as
    /// tall as its most wrapped cell).
    fn pages(&self, widths: &[f64], piece: usize, page_height: f64) -> (f64, usize) {
        let pad = 2.0 * INSET + SLACK;
        let lines: Vec<usize> = self
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(widths)
                    .map(|(cell, w)| lines(cell, w - pad, piece))
                    .max()
                    .unwrap_or(1)
            })
            .collect();
        let height: f64 = lines.iter().map(|&l| l as f64 * LINE + 2.0 * INSET).sum();
        ((height / page_height).ceil(), lines.iter().sum())
    }

    /// The layout: the longest pieces that fit, upright unless turning the page saves pages,
    /// or on as many pages saves a third of the lines (names wrapped into towers).
    pub fn layout(&self) -> Layout {
        for piece in PIECES {
            let extents = self.extents(piece);
            let upright = self
                .widths(&extents, PORTRAIT.0)
                .map(|w| (self.pages(&w, piece, PORTRAIT.1), w));
            let turned = self
                .widths(&extents, LANDSCAPE.0)
                .map(|w| (self.pages(&w, piece, LANDSCAPE.1), w));
            let layout = |orientation, widths| Layout {
                orientation,
                widths,
                piece,
            };
            match (upright, turned) {
                (Some(((up_pages, up_lines), up)), Some(((t_pages, t_lines), t))) => {
                    let turn = t_pages < up_pages || (t_pages == up_pages && t_lines * 3 <= up_lines * 2);
                    return if turn {
                        layout(Orientation::Landscape, t)
                    } else {
                        layout(Orientation::Portrait, up)
                    };
                }
                (Some((_, up)), None) => return layout(Orientation::Portrait, up),
                (None, Some((_, t))) => return layout(Orientation::Landscape, t),
                (None, None) => {}
            }
        }
        // Unreachable for the spec's tables (one character per piece always fits); shares the
        // turned page evenly rather than failing.
        let n = self.columns.len().max(1);
        Layout {
            orientation: Orientation::Landscape,
            widths: vec![(LANDSCAPE.0 - STROKE * (n + 1) as f64) / n as f64; n],
            piece: 1,
        }
    }

    /// Writes `intro` (the section's heading and text) and the table, on turned pages when its
    /// layout says so.
    pub fn write(&self, t: &mut String, intro: &str) {
        let layout = self.layout();
        let turned = layout.orientation == Orientation::Landscape;
        if turned {
            t.push_str("#set page(flipped: true)\n");
        }
        t.push_str(intro);
        let columns: Vec<String> = layout.widths.iter().map(|w| format!("{w:.2}pt")).collect();
        let align: Vec<&str> = self
            .columns
            .iter()
            .map(|(_, a)| match a {
                Align::Left => "left",
                Align::Right => "right",
            })
            .collect();
        let _ = writeln!(
            t,
            "#table(columns: ({},), align: ({},),",
            columns.join(", "),
            align.join(", ")
        );
        let headers: Vec<String> = self
            .columns
            .iter()
            .map(|(h, _)| breakable(h, layout.piece, Breaks::Dots))
            .collect();
        let _ = writeln!(t, "  table.header({}),", headers.join(", "));
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(|c| c.markup(layout.piece)).collect();
            let _ = writeln!(t, "  {},", cells.join(", "));
        }
        t.push_str(")\n");
        if turned {
            t.push_str("#set page(flipped: false)\n");
        }
        t.push('\n');
    }
}

/// A header's extent, set in bold: at the longest pieces, no narrower than it takes to set it
/// on two lines (`replication.` over `factor`), so that no header stands in a tower of three;
/// at shorter pieces (a table that does not fit otherwise), its widest piece.
fn bold(header: &Cell, piece: usize) -> (f64, f64) {
    let text = header.text();
    let whole = width(Face::SerifBold, SIZE, text);
    // Each piece with whether a space comes before it (it starts a word other than the first).
    let pieces: Vec<(&str, bool)> = words(text, piece, Breaks::Dots)
        .into_iter()
        .enumerate()
        .flat_map(|(i, w)| w.into_iter().enumerate().map(move |(j, p)| (p, i > 0 && j == 0)))
        .collect();
    let w = |p: &str| width(Face::SerifBold, SIZE, p);
    let widest = pieces.iter().map(|(p, _)| w(p)).fold(0.0, f64::max);
    if piece < PIECES[0] {
        return (widest, whole);
    }
    // The narrowest split into two lines at a piece boundary.
    let line = |ps: &[(&str, bool)]| {
        ps.iter()
            .enumerate()
            .map(|(i, (p, spaced))| w(p) + if i > 0 && *spaced { w(" ") } else { 0.0 })
            .sum::<f64>()
    };
    let two_lines = (1..pieces.len())
        .map(|k| line(&pieces[..k]).max(line(&pieces[k..])))
        .fold(whole, f64::min);
    (two_lines.max(widest), whole)
}

/// One line of visible text, at most [`MAX_CELL_CHARS`] long.
fn tidy(s: &str) -> String {
    let line = crate::text::one_line(s);
    design::names::shorten(&line, MAX_CELL_CHARS).into_owned()
}

/// The lines `cell` takes in a column `room` points wide, its pieces put on lines greedily.
fn lines(cell: &Cell, room: f64, piece: usize) -> usize {
    let face = cell.face();
    let space = width(face, SIZE, " ");
    let mut lines = 1;
    let mut used = 0.0;
    for (i, pieces) in words(cell.text(), piece, Breaks::Separators)
        .into_iter()
        .enumerate()
    {
        for (j, p) in pieces.iter().enumerate() {
            let w = width(face, SIZE, p) + if i > 0 && j == 0 { space } else { 0.0 };
            if used > 0.0 && used + w > room {
                lines += 1;
                used = width(face, SIZE, p);
            } else {
                used += w;
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LONG: &str = "retail.fulfilment-centre-07.inventory-reservation.confirmed.v2";

    fn topics(names: &[&str]) -> Table {
        let mut t = Table::new(super::super::tables::TOPIC_COLUMNS);
        for n in names {
            t.row([
                Cell::Name((*n).into()),
                Cell::Text("dead letter".into()),
                Cell::Figure("12 (advised 20)".into()),
                Cell::Figure("3".into()),
                Cell::Figure("2".into()),
                Cell::Figure("7 d".into()),
                Cell::Text("compact,delete".into()),
                Cell::Text("zstd".into()),
                Cell::Figure("1.23 MB/s".into()),
            ]);
        }
        t
    }

    #[test]
    fn columns_are_never_narrower_than_their_widest_piece() {
        let t = topics(&[
            LONG,
            "ecommerce.orders.created",
            "payments.card-authorisation.settlement-batch.v2",
        ]);
        let layout = t.layout();
        assert_eq!(layout.piece, 40);
        for ((min, _), w) in t.extents(layout.piece).iter().zip(&layout.widths) {
            assert!(w + 1e-9 >= *min, "{w} < {min}");
        }
        let total: f64 = layout.widths.iter().sum();
        let page = match layout.orientation {
            Orientation::Portrait => PORTRAIT.0,
            Orientation::Landscape => LANDSCAPE.0,
        };
        assert!(total <= page, "{total} > {page}");
    }

    #[test]
    fn a_narrow_table_stays_upright_at_its_natural_widths() {
        let mut t = Table::new(&[("Name", Align::Left), ("Brokers", Align::Right)]);
        t.row([Cell::Name("orders".into()), Cell::Figure("3".into())]);
        let layout = t.layout();
        assert_eq!(layout.orientation, Orientation::Portrait);
        let natural: Vec<f64> = t.extents(40).iter().map(|e| e.1).collect();
        assert_eq!(layout.widths, natural);
    }

    #[test]
    fn runs_no_one_types_are_cut_shorter_until_the_table_fits() {
        let run = "x".repeat(200);
        let mut t = Table::new(&[("A", Align::Left); 12]);
        t.row((0..12).map(|_| Cell::Name(run.clone())));
        let layout = t.layout();
        assert!(layout.piece < 40, "{layout:?}");
        let total: f64 = layout.widths.iter().sum();
        assert!(total <= LANDSCAPE.0);
    }

    #[test]
    fn cells_are_one_line_and_bounded() {
        let mut t = Table::new(&[("A", Align::Left)]);
        t.row([Cell::Text(format!("a\nb{}", "c".repeat(5_000)))]);
        let Cell::Text(s) = &t.rows[0][0] else {
            unreachable!()
        };
        assert!(!s.contains('\n') && s.chars().count() <= MAX_CELL_CHARS);
    }

    #[test]
    fn lines_count_wrapped_pieces() {
        let name = Cell::Name(LONG.into());
        let one = width(Face::Mono, SIZE, LONG);
        assert_eq!(lines(&name, one + 1.0, 40), 1);
        assert_eq!(lines(&name, one / 2.0 + 20.0, 40), 2);
    }

    proptest! {
        /// Whatever the names, each column holds its widest piece and the table fits its page.
        #[test]
        fn any_names_fit(names in proptest::collection::vec("[a-z._\\- ]{1,120}", 1..8)) {
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            let t = topics(&refs);
            let layout = t.layout();
            for ((min, _), w) in t.extents(layout.piece).iter().zip(&layout.widths) {
                prop_assert!(w + 1e-9 >= *min);
            }
            let page = match layout.orientation {
                Orientation::Portrait => PORTRAIT.0,
                Orientation::Landscape => LANDSCAPE.0,
            };
            prop_assert!(layout.widths.iter().sum::<f64>() <= page);
        }
    }
}
