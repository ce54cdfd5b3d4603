//! The layout of the tool's output: which line is a table header (by its column names), the
//! cells of a row under it, and the group a command line or a tool message names.

/// Which table a header starts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Table {
    Offsets,
    Members,
    State,
}

/// The header in force: its kind and its column names.
pub(super) struct Header {
    pub table: Table,
    pub columns: Vec<String>,
}

impl Header {
    pub fn index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
}

/// The header a line is, if it is one.
pub(super) fn header_of(line: &str) -> Option<Header> {
    let mut columns: Vec<String> = Vec::new();
    for w in line.split_whitespace() {
        if w == "(ID)" {
            if let Some(last) = columns.last_mut() {
                last.push_str(" (ID)");
                continue;
            }
        }
        columns.push(w.to_string());
        if columns.len() > 32 {
            return None;
        }
    }
    let has = |c: &str| columns.iter().any(|x| x == c);
    let table = if has("TOPIC") && has("PARTITION") && (has("LAG") || has("CURRENT-OFFSET")) {
        Table::Offsets
    } else if has("CONSUMER-ID") && has("#PARTITIONS") {
        Table::Members
    } else if has("STATE") && (has("#MEMBERS") || has("COORDINATOR (ID)")) {
        Table::State
    } else {
        return None;
    };
    Some(Header { table, columns })
}

/// `--group NAME` or `--group=NAME` on a command line.
pub(super) fn group_flag(line: &str) -> Option<String> {
    let mut words = line.split_whitespace();
    while let Some(w) = words.next() {
        if w == "--group" {
            return words.next().map(|g| g.trim_matches(['"', '\'']).to_string());
        }
        if let Some(g) = w.strip_prefix("--group=") {
            return Some(g.trim_matches(['"', '\'']).to_string());
        }
    }
    None
}

/// The group a tool message names: `… Consumer group 'x' …`.
pub(super) fn quoted_group(line: &str) -> Option<&str> {
    let rest = line.split_once("onsumer group '")?.1;
    rest.rsplit_once('\'').map(|(g, _)| g)
}

/// The cells of a row: one per header column, the last taking the rest of the line (a
/// `CLIENT-ID` or `ASSIGNMENT` may hold spaces), and `host:port (id)` kept as one cell.
pub(super) fn cells<'a>(line: &'a str, h: &Header) -> Vec<&'a str> {
    let mut out: Vec<&'a str> = Vec::new();
    let want = h.columns.len();
    let coordinator = h.index("COORDINATOR (ID)");
    let mut rest = line.trim();
    while !rest.is_empty() {
        if out.len() + 1 == want {
            out.push(rest);
            break;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let mut cell_end = end;
        if Some(out.len()) == coordinator {
            let after = rest[end..].trim_start();
            if after.starts_with('(') {
                if let Some(close) = after.find(')') {
                    cell_end = rest.len() - after.len() + close + 1;
                }
            }
        }
        out.push(&rest[..cell_end]);
        rest = rest[cell_end..].trim_start();
    }
    out
}
