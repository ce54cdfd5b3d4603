//! Text as the documents show it. Names are typed by users (or by anyone, through the API) and
//! may hold any character: each format escapes its own syntax, and all of them first make a
//! name one line of visible text, because a character that ends a line in one of the readers
//! (a carriage return in a Markdown table, U+2028 in a YAML 1.1 comment, U+0085 anywhere)
//! would let the rest of the name be read as something else.

use std::borrow::Cow;

/// Whether `c` stands as itself inside one line of any of the documents: not a control
/// character (C0, DEL, C1, which includes U+0085), not a line or paragraph separator
/// (U+2028, U+2029), not a byte-order mark (U+FEFF), not a noncharacter (U+FDD0–U+FDEF,
/// U+xFFFE, U+xFFFF: XML forbids some of them).
pub fn is_inline(c: char) -> bool {
    !(c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}') || is_noncharacter(c))
}

fn is_noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || u & 0xFFFE == 0xFFFE
}

/// `s` with every character that is not [`is_inline`] replaced by a space.
pub fn one_line(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_inline) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().map(|c| if is_inline(c) { c } else { ' ' }).collect())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A name with every character that ends a line or breaks a format: all C0 and C1 controls
    /// (NUL included, though the validator refuses it), DEL, U+2028, U+2029, U+FEFF, three
    /// noncharacters, and the syntax of every format the documents are written in.
    pub(crate) fn hostile_name() -> String {
        let mut s = String::from("evil.\"name' <b>&amp;</b> | `x` *y* _z_ [l](u) #h $HOME ${x} %{y} \\n;");
        s.extend((0u32..0x20).chain(0x7f..=0x9f).filter_map(char::from_u32));
        s.push_str("\u{2028}after-LS\u{2029}after-PS\u{FEFF}bom\u{FFFE}\u{FFFF}\u{FDD0}end: [x]\n- y: z");
        s
    }

    #[test]
    fn one_line_keeps_text_and_blanks_the_rest() {
        assert!(matches!(one_line("plain ünïcode → ok"), Cow::Borrowed(_)));
        let line = one_line(&hostile_name()).into_owned();
        assert!(line.chars().all(is_inline));
        assert!(line.contains("after-LS") && line.contains("end: [x]"));
        assert_eq!(line.chars().count(), hostile_name().chars().count());
    }
}
