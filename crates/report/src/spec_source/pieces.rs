//! Where text set in the PDF may break: a Kafka name only after its separators, a number
//! never inside (`50 000`, `1.05`), a header only at dots, and any run too long for the
//! page at a fixed length as a last resort. The pieces that may not break go to typst as
//! boxes side by side ([`breakable`]), so nothing invisible ends up in text copied from the PDF.

use std::fmt::Write as _;

use crate::spec_source::typst_str;

/// Where a piece may end: after a name's separator ([`design::names::breaks_after`]), or in
/// a header (Kafka's setting names, `msg/s`) only after a dot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Breaks {
    Separators,
    Dots,
}

impl Breaks {
    fn after(self, c: char) -> bool {
        match self {
            Breaks::Separators => c != ' ' && design::names::breaks_after(c),
            Breaks::Dots => c == '.',
        }
    }
}

/// `text`'s words (split at spaces, but a number's groups of three digits stay with it:
/// `50 000`), each cut into the pieces that may not break: after each separator `breaks`
/// allows (never the dot of a decimal number, `1.05`), and every `piece` characters within a
/// longer run.
pub(super) fn words(text: &str, piece: usize, breaks: Breaks) -> Vec<Vec<&str>> {
    let mut out = Vec::new();
    for word in spaced_words(text) {
        let mut pieces = Vec::new();
        let mut start = 0;
        let mut chars = word.char_indices().peekable();
        let mut prev = None;
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            let decimal = c == '.'
                && prev.is_some_and(|p: char| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit());
            if breaks.after(c) && !decimal {
                pieces.push(&word[start..i + c.len_utf8()]);
                start = i + c.len_utf8();
            }
            prev = Some(c);
        }
        if start < word.len() {
            pieces.push(&word[start..]);
        }
        let mut cut = Vec::with_capacity(pieces.len());
        for segment in pieces {
            let mut rest = segment;
            while rest.chars().count() > piece {
                let at = rest.char_indices().nth(piece).map_or(rest.len(), |(i, _)| i);
                cut.push(&rest[..at]);
                rest = &rest[at..];
            }
            if !rest.is_empty() {
                cut.push(rest);
            }
        }
        out.push(cut);
    }
    out
}

/// `text` split at spaces, except the spaces that group a number's digits (`50 000 keys` →
/// `50 000`, `keys`).
fn spaced_words(text: &str) -> Vec<&str> {
    let mut words: Vec<&str> = Vec::new();
    let mut start: Option<usize> = None;
    let mut offset = 0;
    for token in text.split(' ') {
        let here = offset;
        offset += token.len() + 1;
        if token.is_empty() {
            continue;
        }
        let group = token.len() >= 3
            && token.as_bytes()[..3].iter().all(u8::is_ascii_digit)
            && !token.as_bytes().get(3).is_some_and(u8::is_ascii_digit);
        match start {
            Some(s) if group && text[s..here - 1].ends_with(|c: char| c.is_ascii_digit()) && here > 0 => {
                words.pop();
                words.push(&text[s..here + token.len()]);
            }
            _ => {
                start = Some(here);
                words.push(&text[here..here + token.len()]);
            }
        }
    }
    words
}

/// `text` as a typst content block that breaks only between words and between the pieces of a
/// word ([`words`]): a word of one piece is a string, the pieces of a longer one (or a piece
/// holding a space, `50 000`) are boxes side by side (typst may break between two boxes, and
/// nowhere inside one).
pub(super) fn breakable(text: &str, piece: usize, breaks: Breaks) -> String {
    let mut out = String::from("[");
    for (i, pieces) in words(text, piece, breaks).into_iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        match pieces.as_slice() {
            // A string breaks at its spaces: only a piece without one goes in as a string.
            [one] if !one.contains(' ') => {
                let _ = write!(out, "#{};", typst_str(one));
            }
            _ => {
                for p in pieces {
                    let _ = write!(out, "#box({})", typst_str(p));
                }
            }
        }
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: &str = "retail.fulfilment-centre-07.inventory-reservation.confirmed.v2";

    #[test]
    fn names_break_after_separators_and_long_runs_at_the_piece_length() {
        let w = words(LONG, 40, Breaks::Separators);
        assert_eq!(
            w,
            [vec![
                "retail.",
                "fulfilment-",
                "centre-",
                "07.",
                "inventory-",
                "reservation.",
                "confirmed.",
                "v2"
            ]]
        );
        let w = words("dead letter abcdefgh", 3, Breaks::Separators);
        assert_eq!(
            w,
            [vec!["dea", "d"], vec!["let", "ter"], vec!["abc", "def", "gh"]]
        );
        // Numbers stay whole: a decimal point and the spaces grouping digits are no breaks.
        let w = words("zipf 1.05, 50 000 keys", 40, Breaks::Separators);
        assert_eq!(w, [vec!["zipf"], vec!["1.05,"], vec!["50 000"], vec!["keys"]]);
        // Headers break only at dots.
        assert_eq!(words("msg/s", 40, Breaks::Dots), [vec!["msg/s"]]);
        assert_eq!(
            words("min.insync.replicas", 40, Breaks::Dots),
            [vec!["min.", "insync.", "replicas"]]
        );
    }

    #[test]
    #[cfg(feature = "pdf")]
    fn breakable_markup_is_strings_and_boxes() {
        let b = |s| breakable(s, 40, Breaks::Separators);
        assert_eq!(b("a.b c"), r#"[#box("a.")#box("b") #"c";]"#);
        assert_eq!(b("1 000 keys"), r#"[#box("1 000") #"keys";]"#);
        assert_eq!(b(""), "[]");
        let hostile = b("a\"]#x [y");
        assert!(typst::syntax::parse(&format!("#{hostile}")).errors().is_empty());
    }
}
