//! The pure half of the schema panel: lines of a schema's text (where a line starts, in the
//! browser's UTF-16 units, for the caret), a bounded side-by-side line diff of two versions,
//! the line an incompatibility's location points at, the record name a naming strategy reads,
//! and the text a first version starts from. Tested natively.

use design::{Node, NodeKind, SchemaType};

/// The number of lines of `text` (an empty text is one empty line).
pub fn line_count(text: &str) -> usize {
    text.bytes().filter(|b| *b == b'\n').count() + 1
}

/// Where 1-based `line` starts and ends in `text`, in UTF-16 code units (what a textarea's
/// `setSelectionRange` counts); the last line when `line` is past the end.
pub fn line_range_utf16(text: &str, line: usize) -> (u32, u32) {
    let mut start = 0u32;
    let mut at = 0u32;
    let mut current = 1usize;
    for c in text.chars() {
        if c == '\n' {
            if current == line.max(1) {
                return (start, at);
            }
            current += 1;
            at += 1;
            start = at;
            continue;
        }
        at += c.len_utf16() as u32;
    }
    (start, at)
}

/// The 1-based line of the value `location` points at in `text`: a JSON pointer for Avro and
/// JSON Schema; `None` for Protobuf (its paths name messages and fields, shown as they are).
pub fn line_of(ty: SchemaType, text: &str, location: &str) -> Option<usize> {
    match ty {
        SchemaType::Avro | SchemaType::Json => {
            contracts::position::json_pointer(text, location).map(|p| p.line)
        }
        SchemaType::Protobuf => None,
    }
}

/// The record's full name a record naming strategy registers under: the Avro top-level named
/// type; the Protobuf package and first message; the JSON Schema `title`.
pub fn record_name(ty: SchemaType, text: &str) -> Option<String> {
    match ty {
        SchemaType::Avro => match contracts::Schema::parse(ty, text) {
            Ok(contracts::Schema::Avro(s)) => s.record_name().map(str::to_owned),
            _ => None,
        },
        SchemaType::Json => {
            let v: serde_json::Value = serde_json::from_str(text).ok()?;
            v.get("title")?.as_str().map(str::to_owned)
        }
        SchemaType::Protobuf => {
            let mut package = None;
            for line in text.lines() {
                let line = line.trim();
                if let Some(rest) = line.strip_prefix("package ") {
                    package = Some(rest.trim_end_matches(';').trim().to_owned());
                } else if let Some(rest) = line.strip_prefix("message ") {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if name.is_empty() {
                        return None;
                    }
                    return Some(match package {
                        Some(p) if !p.is_empty() => format!("{p}.{name}"),
                        _ => name,
                    });
                }
            }
            None
        }
    }
}

/// The topics a schema subject is attached to (edges either way), by name, in drawing order.
pub fn attached_topics<'a>(
    subject: &str,
    nodes: &'a [(String, NodeKind, String)],
    edges: &[(String, String)],
) -> Vec<&'a str> {
    nodes
        .iter()
        .filter(|(id, kind, _)| {
            *kind == NodeKind::Topic
                && edges
                    .iter()
                    .any(|(f, t)| (f == subject && t == id) || (t == subject && f == id))
        })
        .map(|(_, _, name)| name.as_str())
        .collect()
}

/// The registry subject names `n`'s naming strategy derives, one per attached topic (or one
/// for the record strategy, which needs no topic); empty when what it needs is unknown.
pub fn subject_names(n: &Node, topics: &[&str]) -> Vec<String> {
    let strategy = n.naming_strategy.unwrap_or_default();
    let key = n.key_schema.unwrap_or(false);
    let record = n
        .latest_schema()
        .and_then(|t| record_name(n.schema_type_or_default(), t));
    let mut out: Vec<String> = if topics.is_empty() {
        strategy
            .subject(None, key, record.as_deref())
            .into_iter()
            .collect()
    } else {
        topics
            .iter()
            .filter_map(|t| strategy.subject(Some(t), key, record.as_deref()))
            .collect()
    };
    out.dedup();
    out
}

/// What a subject's first version starts from.
pub fn starter(ty: SchemaType, name: &str) -> String {
    let record: String = name
        .split(['.', '-', '_', ' '])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .filter(|p| p.chars().all(|c| c.is_ascii_alphanumeric()))
        .collect();
    let record = if record.is_empty() || record.starts_with(|c: char| c.is_ascii_digit()) {
        "Record".to_owned()
    } else {
        record
    };
    match ty {
        SchemaType::Avro => format!(
            "{{\n  \"type\": \"record\",\n  \"name\": \"{record}\",\n  \"fields\": [\n    {{\"name\": \"id\", \"type\": \"string\"}}\n  ]\n}}\n"
        ),
        SchemaType::Protobuf => format!("syntax = \"proto3\";\n\nmessage {record} {{\n  string id = 1;\n}}\n"),
        SchemaType::Json => format!(
            "{{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n  \"title\": \"{record}\",\n  \"type\": \"object\",\n  \"properties\": {{\n    \"id\": {{\"type\": \"string\"}}\n  }}\n}}\n"
        ),
    }
}

/// How a row of a side-by-side comparison differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    Same,
    /// Only on the left (gone from the right).
    Removed,
    /// Only on the right.
    Added,
    /// A line on each side, different.
    Changed,
}

impl RowKind {
    pub fn name(self) -> &'static str {
        match self {
            RowKind::Same => "same",
            RowKind::Removed => "removed",
            RowKind::Added => "added",
            RowKind::Changed => "changed",
        }
    }
}

/// One row of a side-by-side comparison: 0-based line indexes on each side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    pub left: Option<usize>,
    pub right: Option<usize>,
    pub kind: RowKind,
}

/// Cells of the longest-common-subsequence table past which the changed middle of two texts
/// is shown as removed on one side and added on the other instead of aligned line by line.
pub const MAX_DIFF_CELLS: usize = 4_000_000;

enum Op {
    Same(usize, usize),
    Del(usize),
    Add(usize),
}

/// The rows of a side-by-side comparison of `left` and `right` lines: equal lines aligned,
/// the removed lines between two equal ones paired with the added lines that replace them.
pub fn diff_rows(left: &[&str], right: &[&str]) -> Vec<Row> {
    let prefix = left.iter().zip(right).take_while(|(a, b)| a == b).count();
    let suffix = left[prefix..]
        .iter()
        .rev()
        .zip(right[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (l_mid, r_mid) = (
        &left[prefix..left.len() - suffix],
        &right[prefix..right.len() - suffix],
    );
    let mut ops: Vec<Op> = (0..prefix).map(|i| Op::Same(i, i)).collect();
    let (n, m) = (l_mid.len(), r_mid.len());
    if n.saturating_mul(m) <= MAX_DIFF_CELLS {
        // lcs[i][j]: the longest common subsequence of l_mid[i..] and r_mid[j..].
        let w = m + 1;
        let mut lcs = vec![0u32; (n + 1) * w];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * w + j] = if l_mid[i] == r_mid[j] {
                    lcs[(i + 1) * w + j + 1] + 1
                } else {
                    lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && l_mid[i] == r_mid[j] {
                ops.push(Op::Same(prefix + i, prefix + j));
                i += 1;
                j += 1;
            } else if j < m && (i == n || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j]) {
                ops.push(Op::Add(prefix + j));
                j += 1;
            } else {
                ops.push(Op::Del(prefix + i));
                i += 1;
            }
        }
    } else {
        ops.extend((0..n).map(|i| Op::Del(prefix + i)));
        ops.extend((0..m).map(|j| Op::Add(prefix + j)));
    }
    ops.extend((0..suffix).map(|k| Op::Same(left.len() - suffix + k, right.len() - suffix + k)));

    let mut rows = Vec::with_capacity(ops.len());
    let mut dels: Vec<usize> = Vec::new();
    let mut adds: Vec<usize> = Vec::new();
    let flush = |rows: &mut Vec<Row>, dels: &mut Vec<usize>, adds: &mut Vec<usize>| {
        let pairs = dels.len().max(adds.len());
        for k in 0..pairs {
            let (l, r) = (dels.get(k).copied(), adds.get(k).copied());
            let kind = match (l, r) {
                (Some(_), Some(_)) => RowKind::Changed,
                (Some(_), None) => RowKind::Removed,
                _ => RowKind::Added,
            };
            rows.push(Row {
                left: l,
                right: r,
                kind,
            });
        }
        dels.clear();
        adds.clear();
    };
    for op in ops {
        match op {
            Op::Same(l, r) => {
                flush(&mut rows, &mut dels, &mut adds);
                rows.push(Row {
                    left: Some(l),
                    right: Some(r),
                    kind: RowKind::Same,
                });
            }
            Op::Del(l) => dels.push(l),
            Op::Add(r) => adds.push(r),
        }
    }
    flush(&mut rows, &mut dels, &mut adds);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<&str> {
        s.split('\n').collect()
    }

    #[test]
    fn an_added_field_is_one_added_line_and_one_changed_line() {
        let a = lines("{\n  \"fields\": [\n    {\"name\": \"id\"}\n  ]\n}");
        let b = lines("{\n  \"fields\": [\n    {\"name\": \"id\"},\n    {\"name\": \"email\"}\n  ]\n}");
        let rows = diff_rows(&a, &b);
        let kinds: Vec<_> = rows.iter().map(|r| r.kind).collect();
        use RowKind::*;
        assert_eq!(kinds, [Same, Same, Changed, Added, Same, Same]);
        assert_eq!(rows[3].right, Some(3));
        assert_eq!(rows[3].left, None);
        // Every line of each side appears once, in order.
        let left: Vec<_> = rows.iter().filter_map(|r| r.left).collect();
        let right: Vec<_> = rows.iter().filter_map(|r| r.right).collect();
        assert_eq!(left, (0..a.len()).collect::<Vec<_>>());
        assert_eq!(right, (0..b.len()).collect::<Vec<_>>());
    }

    #[test]
    fn equal_texts_are_all_same_and_removed_lines_are_removed() {
        let a = lines("a\nb\nc");
        assert!(diff_rows(&a, &a).iter().all(|r| r.kind == RowKind::Same));
        let rows = diff_rows(&a, &lines("a\nc"));
        assert_eq!(
            rows.iter().map(|r| r.kind).collect::<Vec<_>>(),
            [RowKind::Same, RowKind::Removed, RowKind::Same]
        );
    }

    #[test]
    fn huge_changed_middles_are_not_aligned_but_every_line_is_shown() {
        let a: Vec<String> = (0..3000).map(|i| format!("a{i}")).collect();
        let b: Vec<String> = (0..3000).map(|i| format!("b{i}")).collect();
        let (a, b): (Vec<&str>, Vec<&str>) = (
            a.iter().map(String::as_str).collect(),
            b.iter().map(String::as_str).collect(),
        );
        let rows = diff_rows(&a, &b);
        assert_eq!(rows.len(), 3000);
        assert!(rows.iter().all(|r| r.kind == RowKind::Changed));
    }

    #[test]
    fn line_ranges_count_utf16_units() {
        let text = "ab\n\u{1F600}x\nlast";
        assert_eq!(line_range_utf16(text, 1), (0, 2));
        assert_eq!(line_range_utf16(text, 2), (3, 6));
        assert_eq!(line_range_utf16(text, 3), (7, 11));
        assert_eq!(line_range_utf16(text, 9), (7, 11));
        assert_eq!(line_count(text), 3);
    }

    #[test]
    fn record_names_by_type() {
        let avro = r#"{"type": "record", "name": "Order", "namespace": "shop", "fields": []}"#;
        assert_eq!(record_name(SchemaType::Avro, avro).as_deref(), Some("shop.Order"));
        assert_eq!(record_name(SchemaType::Avro, "{").as_deref(), None);
        let proto = "syntax = \"proto3\";\npackage shop.v1;\n\nmessage Order {\n}\n";
        assert_eq!(
            record_name(SchemaType::Protobuf, proto).as_deref(),
            Some("shop.v1.Order")
        );
        assert_eq!(
            record_name(SchemaType::Json, r#"{"title": "Order"}"#).as_deref(),
            Some("Order")
        );
    }

    #[test]
    fn starters_parse_and_name_their_record_after_the_subject() {
        let text = starter(SchemaType::Avro, "shop.orders-value");
        assert!(
            contracts::Schema::parse(SchemaType::Avro, &text).is_ok(),
            "{text}"
        );
        assert_eq!(
            record_name(SchemaType::Avro, &text).as_deref(),
            Some("ShopOrdersValue")
        );
        assert_eq!(
            record_name(SchemaType::Avro, &starter(SchemaType::Avro, "1x")).as_deref(),
            Some("Record")
        );
        assert!(starter(SchemaType::Protobuf, "orders").contains("message Orders"));
    }

    #[test]
    fn locations_point_at_their_line() {
        let text = "{\n  \"type\": \"record\",\n  \"name\": \"A\",\n  \"fields\": [\n    {\"name\": \"id\", \"type\": \"string\"}\n  ]\n}";
        assert_eq!(line_of(SchemaType::Avro, text, "/fields/0"), Some(5));
        assert_eq!(line_of(SchemaType::Protobuf, text, "#/A"), None);
    }
}
