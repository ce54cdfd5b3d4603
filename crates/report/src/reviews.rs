//! The review threads' appendix of the Markdown spec (alone or in the zip) and of the PDF:
//! "Appendix: open review threads", the threads still open, grouped by what they are about
//! (the design first, then edges and nodes in the order of their ids, a node's fields after
//! the node), each with its comments: author (a link's guest marked "(guest)"), date (UTC),
//! the revision it was written on, "edited", the root's outdated summary, and the text.
//!
//! Which comments: the design's whole list as `GET …/comments` answers it (threads in the
//! order they were opened, each followed by its replies). A thread is open when its first
//! comment is not resolved; a thread whose first comment was deleted is shown (its first
//! comment as "(deleted)") while it has replies that were not; deleted replies are left out.
//! The documents take `Option<&[api::Comment]>`: `None` is no appendix (the documents as
//! they were), `Some(list)` is the appendix, which says "No open review threads." when none
//! of the list is open.
//!
//! Bounds (the PDF is typeset, and a design may hold thousands of comments): at most
//! [`MAX_THREADS`] threads (the oldest; a sentence says how many more are open), at most
//! [`MAX_COMMENTS`] comments in all (a thread says how many of its replies are not shown), and
//! each comment's text cut at [`MAX_TEXT_CHARS`] characters, with "…".
//!
//! Escaping: a comment's text is what anyone with comment access typed. The Markdown shows it
//! as typed, as a block quote written line by line: each line is escaped by
//! [`crate::markdown::md_text`] (no HTML, emphasis, link, image, table or code) and its start
//! is kept from opening a block (heading, list, thematic break, setext underline, fence), so
//! nothing leaves the quote. The comment's own Markdown-lite is shown as written, not
//! formatted. In the PDF every line is a typst string literal.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use api::chrono_parts::{Datelike, Timelike};
use api::{Comment, CommentTarget, DateTime, Utc};

use crate::markdown::md_text;

/// Most threads in the appendix.
pub const MAX_THREADS: usize = 200;
/// Most comments (first comments and replies) in the appendix.
pub const MAX_COMMENTS: usize = 400;
/// Most characters of one comment's text in the appendix.
pub const MAX_TEXT_CHARS: usize = 1_000;

/// The appendix's title, in both documents.
pub const TITLE: &str = "Appendix: open review threads";

/// One open thread as the appendix shows it.
struct Thread<'a> {
    /// Its first comment (`None` if the list lacks it; shown as deleted).
    root: Option<&'a Comment>,
    replies: Vec<&'a Comment>,
    /// Replies left out by [`MAX_COMMENTS`].
    hidden: usize,
}

/// The open threads by what they are about, and how many open threads are not shown.
struct Appendix<'a> {
    groups: BTreeMap<&'a CommentTarget, Vec<Thread<'a>>>,
    shown: usize,
    open: usize,
}

fn appendix(comments: &[Comment]) -> Appendix<'_> {
    let mut order: Vec<Vec<&Comment>> = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::new();
    for c in comments {
        let at = *index.entry(c.thread).or_insert_with(|| {
            order.push(Vec::new());
            order.len() - 1
        });
        order[at].push(c);
    }
    let mut appendix = Appendix {
        groups: BTreeMap::new(),
        shown: 0,
        open: 0,
    };
    let mut budget = MAX_COMMENTS;
    for list in order {
        let root = list.iter().copied().find(|c| c.id == c.thread);
        let first = root.unwrap_or(list[0]);
        let replies: Vec<&Comment> = list
            .iter()
            .copied()
            .filter(|c| c.id != c.thread && !c.deleted)
            .collect();
        if first.resolved || (root.is_none_or(|r| r.deleted) && replies.is_empty()) {
            continue;
        }
        appendix.open += 1;
        if appendix.shown == MAX_THREADS || budget == 0 {
            continue;
        }
        let keep = replies.len().min(budget - 1);
        budget -= keep + 1;
        appendix.shown += 1;
        let hidden = replies.len() - keep;
        let thread = Thread {
            root,
            replies: replies.into_iter().take(keep).collect(),
            hidden,
        };
        appendix.groups.entry(&first.target).or_default().push(thread);
    }
    appendix
}

/// What the appendix says before the threads.
fn summary(a: &Appendix) -> String {
    match (a.open, a.shown) {
        (0, _) => "No open review threads.".into(),
        (open, shown) if shown == open => {
            format!(
                "{}, oldest first; resolved threads are left out.",
                units::plural(open, "open thread", "open threads")
            )
        }
        (open, shown) => format!(
            "The {shown} oldest of {open} open threads (a document lists at most {MAX_THREADS} threads and \
             {MAX_COMMENTS} comments); resolved threads are left out. The studio shows them all."
        ),
    }
}

/// `2026-11-24 13:05 UTC`.
fn date(t: &DateTime<Utc>) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// A comment's header without its author: date, revision, edited.
fn when(c: &Comment) -> String {
    let edited = if c.edited_at.is_some() { " · edited" } else { "" };
    format!("{} · on revision {}{edited}", date(&c.created_at), c.revision)
}

/// The author's name as shown (trimmed, never empty) and whether they are a guest.
fn author(c: &Comment) -> (String, bool) {
    let name = crate::text::one_line(c.author.name.trim()).trim().to_owned();
    (
        if name.is_empty() { "(unnamed)".into() } else { name },
        c.author.guest,
    )
}

/// The text's lines (at most [`MAX_TEXT_CHARS`] characters, "…" when cut), each made one line
/// of visible text ([`crate::text::one_line`]) and trimmed; one empty string between
/// paragraphs.
fn lines(text: &str) -> Vec<String> {
    let mut cut: String = text.chars().take(MAX_TEXT_CHARS).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    let cut = cut.replace("\r\n", "\n").replace('\r', "\n");
    let mut out: Vec<String> = Vec::new();
    for line in cut.split('\n') {
        let line = crate::text::one_line(line).trim().to_owned();
        if !(line.is_empty() && out.last().is_none_or(String::is_empty)) {
            out.push(line);
        }
    }
    if out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// One line of a comment in a Markdown block quote: escaped, and its start kept from opening
/// a heading, a list, a thematic break or a setext underline (a backslash before the
/// character that would, which CommonMark prints as that character).
fn md_line(line: &str) -> String {
    let text = md_text(line);
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if text.starts_with(['#', '-', '+', '=']) {
        format!("\\{text}")
    } else if digits > 0 && text[digits..].starts_with(['.', ')']) {
        format!("{}\\{}", &text[..digits], &text[digits..])
    } else {
        text
    }
}

/// A target's label as a heading's text (a `#` at its end would close the heading).
fn md_heading(label: &str) -> String {
    md_text(label).replace('#', "\\#")
}

/// The appendix in Markdown: a `##` section to append to the spec.
pub fn markdown(comments: &[Comment]) -> String {
    let a = appendix(comments);
    let mut out = format!("\n## {TITLE}\n\n{}\n\n", summary(&a));
    for (target, threads) in &a.groups {
        let _ = writeln!(out, "### {}\n", md_heading(&target.label()));
        for t in threads {
            md_comment(&mut out, t.root, "");
            for reply in &t.replies {
                md_comment(&mut out, Some(reply), "  ");
            }
            if t.hidden > 0 {
                let _ = writeln!(
                    out,
                    "  - {} not shown\n",
                    units::plural(t.hidden, "more reply", "more replies")
                );
            }
        }
    }
    out
}

/// One comment as a list item indented by `indent`, its text quoted under it.
fn md_comment(out: &mut String, c: Option<&Comment>, indent: &str) {
    let Some(c) = c.filter(|c| !c.deleted) else {
        let _ = writeln!(
            out,
            "{indent}- *(deleted)*{}\n",
            c.map(|c| format!(" · {}", when(c))).unwrap_or_default()
        );
        return;
    };
    let (name, guest) = author(c);
    let guest = if guest { " (guest)" } else { "" };
    let _ = write!(out, "{indent}- **{}**{guest} · {}", md_text(&name), when(c));
    if let Some(o) = &c.outdated {
        let _ = write!(out, "  \n{indent}  Outdated: {}", md_text(&o.summary()));
    }
    let _ = writeln!(out, "\n");
    let lines = lines(&c.text);
    for (k, line) in lines.iter().enumerate() {
        let hard_break = if lines.get(k + 1).is_some_and(|l| !l.is_empty()) && !line.is_empty() {
            "  "
        } else {
            ""
        };
        let _ = writeln!(out, "{indent}  > {}{hard_break}", md_line(line));
    }
    let _ = writeln!(out);
}

/// The appendix in typst markup: a level-one section to append to the PDF's source.
pub fn typst(comments: &[Comment]) -> String {
    use crate::spec_source::text;
    let a = appendix(comments);
    let mut t = format!("= {}\n{}\n\n", text(TITLE), text(&summary(&a)));
    for (target, threads) in &a.groups {
        let _ = writeln!(t, "== {}", text(&target.label()));
        for thread in threads {
            typst_comment(&mut t, thread.root, false);
            for reply in &thread.replies {
                typst_comment(&mut t, Some(reply), true);
            }
            if thread.hidden > 0 {
                let more = format!(
                    "{} not shown",
                    units::plural(thread.hidden, "more reply", "more replies")
                );
                let _ = writeln!(t, "#pad(left: 1.5em)[{}]\n", text(&more));
            }
        }
    }
    t
}

fn typst_comment(t: &mut String, c: Option<&Comment>, reply: bool) {
    use crate::spec_source::text;
    let mut body = String::new();
    match c.filter(|c| !c.deleted) {
        None => {
            let _ = write!(body, "_(deleted)_");
            if let Some(c) = c {
                let _ = write!(body, " {}", text(&format!("· {}", when(c))));
            }
        }
        Some(c) => {
            let (name, guest) = author(c);
            let guest = if guest { " (guest)" } else { "" };
            let _ = write!(
                body,
                "*{}*{} #linebreak()",
                text(&name),
                text(&format!("{guest} · {}", when(c)))
            );
            if let Some(o) = &c.outdated {
                let _ = write!(
                    body,
                    "\n_{}_ #linebreak()",
                    text(&format!("Outdated: {}", o.summary()))
                );
            }
            let _ = writeln!(body, "\n#v(0.2em)");
            let lines = lines(&c.text);
            for (k, line) in lines.iter().enumerate() {
                let _ = match (line.is_empty(), lines.get(k + 1).is_some_and(|l| !l.is_empty())) {
                    (true, _) => writeln!(body, "\n"),
                    (false, true) => writeln!(body, "{} #linebreak()", text(line)),
                    (false, false) => writeln!(body, "{}", text(line)),
                };
            }
        }
    }
    let pad = if reply { "1.5em" } else { "0em" };
    let _ = writeln!(
        t,
        "#pad(left: {pad})[#block(breakable: true, width: 100%, inset: (left: 8pt, y: 3pt), \
         stroke: (left: 1pt + luma(170)))[\n{body}]]\n"
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use api::{CommentAuthor, FieldChange, Outdated, Revision};

    fn at(minutes: i64) -> DateTime<Utc> {
        // 2026-11-24 13:05 UTC, and `minutes` after.
        DateTime::from_timestamp(1_795_525_500 + minutes * 60, 0).unwrap()
    }

    fn comment(id: i64, thread: i64, name: &str, text: &str, target: CommentTarget) -> Comment {
        Comment {
            id,
            thread,
            reply_to: (id != thread).then_some(thread),
            author: CommentAuthor {
                name: name.into(),
                guest: false,
            },
            text: text.into(),
            html: String::new(),
            deleted: false,
            target,
            revision: Revision(3),
            created_at: at(id),
            edited_at: None,
            resolved: false,
            resolved_by: None,
            outdated: None,
            mine: false,
        }
    }

    fn deleted(mut c: Comment) -> Comment {
        (c.deleted, c.text) = (true, String::new());
        c
    }

    /// Two open threads on a field (one outdated, a guest's reply and a deleted one), a
    /// resolved one, an open one whose first comment was deleted, and one deleted whole.
    fn threads() -> Vec<Comment> {
        let field = CommentTarget::field("orders", "partitions");
        let design = CommentTarget::design();
        let mut root = comment(1, 1, "ana@example.com", "Why 12 partitions?", field.clone());
        root.outdated = Some(Outdated {
            revision: Revision(5),
            removed: false,
            changes: vec![FieldChange {
                field: "partitions".into(),
                before: "12".into(),
                after: "24".into(),
            }],
        });
        let mut guest = comment(2, 1, "Bob", "Peak is 3x.", field.clone());
        guest.author.guest = true;
        guest.edited_at = Some(at(30));
        let mut resolved = vec![
            comment(4, 4, "ana@example.com", "Settled question", design.clone()),
            comment(5, 4, "cy@example.com", "Settled answer", design.clone()),
        ];
        for c in &mut resolved {
            (c.resolved, c.resolved_by) = (true, Some("ana@example.com".into()));
        }
        let mut list = vec![
            root,
            guest,
            deleted(comment(3, 1, "cy@example.com", "gone reply", field.clone())),
        ];
        list.extend(resolved);
        list.extend([
            deleted(comment(6, 6, "dee@example.com", "gone root", design.clone())),
            comment(7, 6, "eve@example.com", "Still relevant", design.clone()),
            deleted(comment(
                8,
                8,
                "dee@example.com",
                "gone whole",
                CommentTarget::node("orders"),
            )),
            deleted(comment(
                9,
                8,
                "dee@example.com",
                "gone too",
                CommentTarget::node("orders"),
            )),
            comment(10, 10, "fay@example.com", "Second on partitions", field),
        ]);
        list
    }

    #[test]
    fn the_appendix_lists_open_threads_by_target() {
        let md = markdown(&threads());
        assert!(
            md.starts_with("\n## Appendix: open review threads\n\n3 open threads, oldest first"),
            "{md}"
        );
        let design = md.find("### the design").expect("the design's group");
        let field = md.find("### orders → partitions").expect("the field's group");
        assert!(design < field, "the design first:\n{md}");
        assert!(
            !md.contains("### orders\n"),
            "a thread deleted whole is not shown:\n{md}"
        );
        for absent in ["Settled", "gone", "cy@example.com", "dee@example.com"] {
            assert!(!md.contains(absent), "{absent}:\n{md}");
        }
        let expected = [
            "- *(deleted)* · 2026-11-24 13:11 UTC · on revision 3\n",
            "  - **eve@example.com** · 2026-11-24 13:12 UTC · on revision 3\n\n    > Still relevant\n",
            "- **ana@example.com** · 2026-11-24 13:06 UTC · on revision 3  \n  Outdated: partitions 12 → 24 since this comment\n\n  > Why 12 partitions?\n",
            "  - **Bob** (guest) · 2026-11-24 13:07 UTC · on revision 3 · edited\n\n    > Peak is 3x.\n",
            "- **fay@example.com** · 2026-11-24 13:15 UTC · on revision 3\n\n  > Second on partitions\n",
        ];
        let mut from = 0;
        for e in expected {
            let found = md[from..]
                .find(e)
                .unwrap_or_else(|| panic!("{e:?} in order in:\n{md}"));
            from += found + e.len();
        }
        assert_eq!(date(&at(0)), "2026-11-24 13:05 UTC");
    }

    #[test]
    fn the_documents_end_with_the_appendix_only_when_asked() {
        use crate::export::{export, export_with_threads, Format};
        let d = design::templates::TEMPLATES[0].design().unwrap();
        let a = analysis::analyze(&d);
        let links = crate::Links::none();
        let md = |threads| {
            String::from_utf8(export_with_threads(&d, &a, Format::Markdown, &links, threads).unwrap())
        };
        assert_eq!(
            md(None).unwrap().into_bytes(),
            export(&d, &a, Format::Markdown, &links).unwrap()
        );
        let none = md(Some(&[])).unwrap();
        assert!(
            none.ends_with("\n## Appendix: open review threads\n\nNo open review threads.\n\n"),
            "{none}"
        );
        let resolved: Vec<Comment> = threads().into_iter().filter(|c| c.resolved).collect();
        assert!(md(Some(&resolved))
            .unwrap()
            .ends_with("No open review threads.\n\n"));
        assert!(md(Some(&threads())).unwrap().contains("Why 12 partitions?"));
        for format in [Format::KafkaTopicsSh, Format::TerraformTf] {
            let with = export_with_threads(&d, &a, format, &links, Some(&threads())).unwrap();
            assert_eq!(with, export(&d, &a, format, &links).unwrap(), "{format}");
        }
        // The zip's Markdown ends with it, after the charts.
        let zip = export_with_threads(&d, &a, Format::Zip, &links, Some(&threads())).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
        let (stem, mut md) = (d.file_stem(), String::new());
        let mut file = zip.by_name(&format!("{stem}/{stem}.md")).unwrap();
        std::io::Read::read_to_string(&mut file, &mut md).unwrap();
        let appendix = md.find(TITLE).expect("the appendix in the zip");
        assert!(md.find("## Charts").is_some_and(|c| c < appendix) && md.contains("Why 12 partitions?"));
    }

    #[test]
    fn the_appendix_is_bounded() {
        let long = "word ".repeat(MAX_TEXT_CHARS);
        let many: Vec<Comment> = (1..=MAX_THREADS as i64 + 50)
            .map(|id| comment(id, id, "a", &long, CommentTarget::design()))
            .collect();
        let md = markdown(&many);
        assert!(
            md.contains(&format!(
                "The {MAX_THREADS} oldest of {} open threads",
                MAX_THREADS + 50
            )),
            "{md:.300}"
        );
        assert_eq!(md.matches("- **a**").count(), MAX_THREADS);
        let quoted = md.lines().find(|l| l.starts_with("  > word")).unwrap();
        assert!(
            quoted.ends_with("word …") && quoted.chars().count() <= MAX_TEXT_CHARS + 6,
            "{quoted}"
        );
        let mut replies = vec![comment(1, 1, "a", "root", CommentTarget::design())];
        replies.extend((2..=1_000).map(|id| comment(id, 1, "b", "reply", CommentTarget::design())));
        let md = markdown(&replies);
        assert_eq!(md.matches("- **b**").count(), MAX_COMMENTS - 1);
        assert!(
            md.contains(&format!("  - {} more replies not shown", 1_000 - MAX_COMMENTS)),
            "{md:.300}"
        );
    }

    /// Text typed to break out of its quote: every block and inline construct of CommonMark
    /// and GitHub's extensions, raw HTML, and the characters that end lines elsewhere.
    fn hostile_text() -> String {
        [
            "# heading",
            "<script>alert(1)</script>",
            "[link](https://evil.example) ![image](https://evil.example/x.png) <https://evil.example>",
            "[ref]: https://evil.example",
            "[^note]: footnote",
            "```",
            "    indented code",
            "> quote",
            "1. ordered",
            "2) ordered",
            "- item",
            "* item",
            "+ item",
            "- [ ] task",
            "---",
            "===",
            "***",
            "___",
            "~~~",
            "| a | b |",
            "|---|---|",
            "<!-- comment",
            "&lt;b&gt; &amp; &#60;",
            "**bold** _em_ `code` ~~strike~~",
            "trailing backslash \\",
            "",
            "",
            "a\rb\u{2028}c\u{85}d\te",
        ]
        .join("\n")
            + &crate::text::tests::hostile_name()
    }

    #[test]
    fn hostile_text_stays_text_in_its_quote() {
        use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
        let node = crate::text::tests::hostile_name();
        let mut c = comment(
            1,
            1,
            &crate::text::tests::hostile_name(),
            &hostile_text(),
            CommentTarget::node(&node),
        );
        c.author.guest = true;
        let mut reply = comment(
            2,
            1,
            "## not a heading",
            &hostile_text(),
            CommentTarget::node(&node),
        );
        reply.outdated = Some(Outdated {
            revision: Revision(4),
            removed: false,
            changes: vec![FieldChange {
                field: "<b>x</b>".into(),
                before: "[a](b)".into(),
                after: "# h".into(),
            }],
        });
        let md = markdown(&[c, reply]);
        let (mut headings, mut quoted, mut in_quote, mut in_heading) = (Vec::new(), String::new(), 0, false);
        for event in Parser::new_ext(&md, Options::all() - Options::ENABLE_SMART_PUNCTUATION) {
            match &event {
                Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML {h:?} in:\n{md}"),
                Event::Start(Tag::Heading { .. }) => {
                    in_heading = true;
                    headings.push(String::new());
                }
                Event::End(TagEnd::Heading(_)) => in_heading = false,
                Event::Start(Tag::BlockQuote(_)) => in_quote += 1,
                Event::End(TagEnd::BlockQuote(_)) => in_quote -= 1,
                Event::Start(tag) if in_quote > 0 && !matches!(tag, Tag::Paragraph) => {
                    panic!("{tag:?} inside a comment's quote:\n{md}")
                }
                Event::Start(
                    tag @ (Tag::Link { .. } | Tag::Image { .. } | Tag::Table(_) | Tag::CodeBlock(_)),
                ) => {
                    panic!("{tag:?} in:\n{md}")
                }
                Event::Rule | Event::FootnoteReference(_) | Event::TaskListMarker(_) => {
                    panic!("{event:?} in:\n{md}")
                }
                Event::Code(c) if in_quote > 0 => panic!("code {c:?} in a quote"),
                Event::Text(t) if in_heading => headings.last_mut().unwrap().push_str(t),
                Event::Text(t) if in_quote > 0 => quoted.push_str(t),
                Event::SoftBreak | Event::HardBreak if in_quote > 0 => quoted.push('\n'),
                _ => {}
            }
        }
        let label = crate::text::one_line(&node).trim().to_owned();
        assert_eq!(headings, [TITLE.to_owned(), label], "{md}");
        // Every line of the text is in the quote as typed (one line each, trimmed).
        for line in hostile_text()
            .split(['\n', '\r'])
            .filter(|l| !l.trim().is_empty())
        {
            let shown = crate::text::one_line(line).trim().to_owned();
            assert!(
                quoted.contains(&shown),
                "{shown:?} not shown as typed in {quoted:?}"
            );
        }
        assert!(!md.contains('\r') && !md.contains('\u{2028}') && !md.contains('\u{85}'));
    }

    #[cfg(feature = "pdf")]
    #[test]
    fn the_typst_appendix_parses_with_hostile_text() {
        let c = comment(
            1,
            1,
            &hostile_text(),
            &hostile_text(),
            CommentTarget::node(crate::text::tests::hostile_name()),
        );
        let source = typst(&[c]);
        let parsed = typst::syntax::parse(&source);
        assert!(parsed.errors().is_empty(), "{:?}\n{source}", parsed.errors());
    }

    #[cfg(feature = "pdf")]
    #[test]
    fn the_pdf_ends_with_the_open_threads() {
        let d = design::templates::TEMPLATES[0].design().unwrap();
        let a = analysis::analyze(&d);
        let mut list = threads();
        list[0].text = format!("Why 12 partitions?\n\n{}", hostile_text());
        let pdf = crate::pdf::pdf_with_threads(&d, &a, &crate::Links::none(), Some(&list))
            .expect("the PDF is made");
        if let Ok(dir) = std::env::var("PDF_LAYOUT_KEEP") {
            std::fs::write(std::path::Path::new(&dir).join("review-threads.pdf"), &pdf).unwrap();
        }
        let out = std::process::Command::new("pdftotext")
            .args(["-layout", "-", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                std::io::Write::write_all(&mut child.stdin.take().unwrap(), &pdf)?;
                child.wait_with_output()
            })
            .expect("pdftotext (poppler-utils) is installed");
        let text = String::from_utf8_lossy(&out.stdout);
        let appendix = &text[text.rfind("Appendix: open review threads").expect("the appendix")..];
        for shown in [
            "orders → partitions",
            "ana@example.com",
            "Bob (guest)",
            "2026-11-24 13:06 UTC",
            "on revision 3",
            "Outdated: partitions 12 → 24 since this comment",
            "Why 12 partitions?",
            "<script>alert(1)</script>",
            "(deleted)",
            "Still relevant",
        ] {
            assert!(appendix.contains(shown), "{shown:?} in:\n{appendix}");
        }
        assert!(
            !appendix.contains("Settled") && !appendix.contains("gone reply"),
            "{appendix}"
        );
        let none = crate::pdf::pdf_with_threads(&d, &a, &crate::Links::none(), Some(&[])).unwrap();
        assert!(none.len() > 1_000);
    }
}
