//! What the two command-line-output importers (`kafka-topics.sh --describe`,
//! `kafka-consumer-groups.sh --describe`) share: the text cut into numbered lines within
//! [`limits::MAX_LINES`], lines that are only the shell around the output (prompts, the
//! command itself, Markdown fences) told apart, and warnings about skipped lines capped so that
//! a page of noise gives a few warnings and a count, not one warning per line.
//!
//! It does not split columns: each importer reads its own layout.

use crate::build::Builder;
use crate::{limits, Error, Format, Warning};

/// Skipped lines warned about one by one; past this, one warning counts the rest.
pub(crate) const MAX_LINE_WARNINGS: usize = 50;

/// The lines of `text`, numbered from 1, without a leading byte-order mark; an error when the
/// text has more than [`limits::MAX_LINES`] lines.
pub(crate) fn lines(text: &str) -> Result<impl Iterator<Item = (usize, &str)>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let count = text.bytes().filter(|&b| b == b'\n').count();
    if count >= limits::MAX_LINES {
        return Err(Error::Limit {
            message: format!(
                "the text has more than {} lines; at most that many are read",
                limits::MAX_LINES
            ),
        });
    }
    Ok(text.lines().enumerate().map(|(i, l)| (i + 1, l)))
}

/// Whether a line is the shell around pasted output rather than output: a prompt with the
/// command (`$ bin/kafka-topics.sh …`, `[kafka@host kafka]$ …`, `> …`), a comment, a Markdown
/// fence.
pub(crate) fn is_shell(line: &str, tool: &str) -> bool {
    let t = line.trim();
    t.starts_with('$')
        || t.starts_with("> ")
        || t.starts_with('#')
        || t.starts_with("```")
        || t.starts_with("~~~")
        || t.contains(tool)
}

/// The error for a text in which no line was the format.
pub(crate) fn not_the_format(text: &str, format: Format, message: &str) -> Error {
    let line = text
        .lines()
        .position(|l| !l.trim().is_empty())
        .map_or(1, |i| i + 1);
    Error::Syntax {
        format,
        line,
        column: 1,
        message: message.into(),
    }
}

/// Counts skipped lines and warns about the first [`MAX_LINE_WARNINGS`] of them.
#[derive(Default)]
pub(crate) struct Skipped {
    count: usize,
}

impl Skipped {
    pub fn line(&mut self, b: &mut Builder, line: usize, message: impl Into<String>) {
        self.count += 1;
        if self.count <= MAX_LINE_WARNINGS {
            b.warn(Warning::at_line(line, message));
        }
    }

    /// The warning counting the lines not warned about, if any.
    pub fn finish(self, b: &mut Builder) {
        if self.count > MAX_LINE_WARNINGS {
            b.warn(Warning::new(
                "text",
                format!(
                    "{} more lines that could not be read were skipped",
                    self.count - MAX_LINE_WARNINGS
                ),
            ));
        }
    }
}

/// A whole number as Kafka prints it (digits only). `Err(true)` when it has digits only but
/// does not fit, `Err(false)` when it is not a number.
pub(crate) fn parse_u64(s: &str) -> Result<u64, bool> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(false);
    }
    s.parse::<u64>().map_err(|_| true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_numbered_and_bounded() {
        let got: Vec<_> = lines("\u{feff}a\r\nb\n").unwrap().collect();
        assert_eq!(got, [(1, "a"), (2, "b")]);
        let many = "\n".repeat(limits::MAX_LINES);
        assert!(matches!(lines(&many), Err(Error::Limit { .. })));
    }

    #[test]
    fn shell_lines_are_told_apart() {
        assert!(is_shell("$ bin/kafka-topics.sh --describe", "kafka-topics"));
        assert!(is_shell(
            "[kafka@b-10 kafka]$ bin/kafka-topics.sh",
            "kafka-topics"
        ));
        assert!(is_shell("```sh", "kafka-topics"));
        assert!(!is_shell("Topic: a\tPartitionCount: 1", "kafka-topics"));
    }

    #[test]
    fn numbers_parse_or_say_why_not() {
        assert_eq!(parse_u64("42"), Ok(42));
        assert_eq!(parse_u64("18446744073709551616"), Err(true));
        assert_eq!(parse_u64("-1"), Err(false));
        assert_eq!(parse_u64(""), Err(false));
        assert_eq!(parse_u64("١٢"), Err(false));
    }

    #[test]
    fn skipped_lines_are_capped() {
        let mut b = Builder::new("t");
        let mut s = Skipped::default();
        for i in 0..MAX_LINE_WARNINGS + 7 {
            s.line(&mut b, i + 1, "x");
        }
        s.finish(&mut b);
        assert_eq!(b.warnings().len(), MAX_LINE_WARNINGS + 1);
        assert!(b.warnings().last().unwrap().message.starts_with("7 more"));
    }
}
