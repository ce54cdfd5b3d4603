//! Markdown-lite for review comments, rendered as HTML that is safe to insert with `innerHTML`
//! ([`render`]): no HTML passes, every `<`, `>`, `&`, `"` and `'` of the text is escaped, and
//! the only tags in the output are the ones written here.
//!
//! What it renders: paragraphs (a blank line between them; a single newline is a `<br>`),
//! `**bold**`, `*italic*` and `_italic_`, `` `code` `` (nothing is formatted inside), fenced
//! code blocks (lines between two ```` ``` ```` lines; the language after the fence is
//! dropped), lists (lines starting with `- ` or `* `), and links: bare `http://` and
//! `https://` addresses and `[label](https://…)`, as `<a href="…" rel="nofollow noopener
//! noreferrer" target="_blank">`. A marker that is not closed stays as written.
//!
//! What it does not: headings, images, tables, block quotes, nested lists, raw HTML, other link
//! schemes (`javascript:`, `data:`, `mailto:`, relative links stay plain text, and so does an
//! address that holds `javascript:` anywhere), bold italic (`***`: a run of three or more `*`,
//! or of two or more `_`, is text), formatting inside a link's label (it is plain text).
//!
//! Bounds: time linear in the text (one pass; a link's closing `]` and `)` are found by cursors
//! that only move forward, so 10 000 `[` or `*` cost no more than 10 000 letters), and the
//! output is at most 12 × the input's length + 16 bytes.

/// `text` (a comment as written) as HTML safe to insert.
pub fn render(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let closes = |l: &str| l.trim().len() >= 3 && l.trim().bytes().all(|b| b == b'`');
    // A fence opens only where a closing fence follows; found once, so that many unclosed
    // fences do not each search to the end.
    let last_close = lines.iter().rposition(|l| closes(l));
    let mut out = String::with_capacity(text.len() + 16);
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |out: &mut String, paragraph: &mut Vec<&str>| {
        if !paragraph.is_empty() {
            out.push_str("<p>");
            inline(out, &paragraph.join("\n"));
            out.push_str("</p>");
            paragraph.clear();
        }
    };
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim_start().starts_with("```") && last_close.is_some_and(|c| c > i) {
            flush(&mut out, &mut paragraph);
            let end = (i + 1..lines.len())
                .find(|&j| closes(lines[j]))
                .unwrap_or(lines.len());
            out.push_str("<pre><code>");
            for (k, l) in lines[i + 1..end].iter().enumerate() {
                if k > 0 {
                    out.push('\n');
                }
                escape(&mut out, l);
            }
            out.push_str("</code></pre>");
            i = end + 1;
        } else if list_item(line).is_some() {
            flush(&mut out, &mut paragraph);
            out.push_str("<ul>");
            while let Some(item) = lines.get(i).and_then(|l| list_item(l)) {
                out.push_str("<li>");
                inline(&mut out, item);
                out.push_str("</li>");
                i += 1;
            }
            out.push_str("</ul>");
        } else {
            if line.trim().is_empty() {
                flush(&mut out, &mut paragraph);
            } else {
                paragraph.push(line);
            }
            i += 1;
        }
    }
    flush(&mut out, &mut paragraph);
    out
}

fn list_item(line: &str) -> Option<&str> {
    let t = line.trim_start();
    t.strip_prefix("- ").or_else(|| t.strip_prefix("* "))
}

/// `s` with the five characters that HTML reads escaped (as text or in a quoted attribute).
fn escape(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

enum Token<'a> {
    Text(&'a str),
    Code(&'a str),
    /// The address and the label.
    Link(&'a str, &'a str),
    Tag(&'static str),
}

/// Where a byte is next after `i`, for `i` asked in increasing order: the search only moves
/// forward (`usize::MAX` once there is none), so all of one text's questions cost one pass.
struct Next(u8, usize);

impl Next {
    fn after(&mut self, b: &[u8], i: usize) -> Option<usize> {
        if self.1 <= i {
            let found = b
                .get(i + 1..)
                .and_then(|rest| rest.iter().position(|&x| x == self.0));
            self.1 = found.map_or(usize::MAX, |p| i + 1 + p);
        }
        (self.1 != usize::MAX).then_some(self.1)
    }
}

/// An address links when its scheme is http or https, a host follows, nothing in it is a
/// space, a control character or `<>"` `` ` ``, and it does not hold `javascript:`.
fn linkable(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = ["https://", "http://"].iter().find_map(|p| lower.strip_prefix(p));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
        && url.chars().all(url_char)
        && !lower.contains("javascript:")
}

fn url_char(c: char) -> bool {
    !(c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`'))
}

/// A bare address at the start of `s`: its length without the punctuation that ends a
/// sentence (or an unbalanced `)`), and the length of the run of address characters read.
fn bare_url(s: &str) -> (usize, usize) {
    let scanned = s.find(|c| !url_char(c)).unwrap_or(s.len());
    let mut url = &s[..scanned];
    let (open, mut close) = (url.matches('(').count(), url.matches(')').count());
    while let Some(c) = url.chars().next_back() {
        let unbalanced = c == ')' && close > open;
        if !(unbalanced || ".,:;!?*_~']".contains(c)) {
            break;
        }
        close -= usize::from(c == ')');
        url = &url[..url.len() - 1];
    }
    (url.len(), scanned)
}

/// One paragraph's or list item's text, formatted.
fn inline(out: &mut String, s: &str) {
    let b = s.as_bytes();
    let mut tokens: Vec<Token> = Vec::new();
    // The emphasis markers open so far (one of each: `**`, `*`, `_`), with their tokens.
    let mut open: Vec<(u8, usize, usize)> = Vec::new();
    let [mut tick, mut right, mut left, mut paren, mut newline] =
        [b'`', b']', b'[', b')', b'\n'].map(|c| Next(c, 0));
    let (mut i, mut text_start) = (0, 0);
    // Asked only where `b[i]` is ASCII, so `i` is a character's start.
    let before = |i: usize| s[..i].chars().next_back();
    while i < b.len() {
        // What the text from `i` is, and where the text after it starts.
        let (token, next) = match b[i] {
            b'`' => match tick.after(b, i) {
                Some(j) if j > i + 1 => (Token::Code(&s[i + 1..j]), j + 1),
                j => {
                    i = j.map_or(i + 1, |j| j + 1);
                    continue;
                }
            },
            b'[' => {
                let link = right.after(b, i).filter(|&j| {
                    j > i + 1
                        && left.after(b, i).is_none_or(|l| l > j)
                        && newline.after(b, i).is_none_or(|n| n > j)
                        && b.get(j + 1) == Some(&b'(')
                });
                let link = link.and_then(|j| Some((j, paren.after(b, j + 1)?)));
                match link.filter(|&(j, k)| linkable(&s[j + 2..k])) {
                    Some((j, k)) => (Token::Link(&s[j + 2..k], &s[i + 1..j]), k + 1),
                    None => {
                        i += 1;
                        continue;
                    }
                }
            }
            b'h' | b'H' if !before(i).is_some_and(char::is_alphanumeric) && scheme(&s[i..]) => {
                let (len, scanned) = bare_url(&s[i..]);
                if !linkable(&s[i..i + len]) {
                    i += scanned.max(1);
                    continue;
                }
                (Token::Link(&s[i..i + len], &s[i..i + len]), i + len)
            }
            c @ (b'*' | b'_') => {
                let run = b[i..].iter().take_while(|&&x| x == c).count();
                if run > 2 || (c == b'_' && run > 1) {
                    i += run;
                    continue;
                }
                let (prev, after) = (before(i), s[i + run..].chars().next());
                let word = |x: Option<char>| c == b'_' && x.is_some_and(char::is_alphanumeric);
                let can_open = after.is_some_and(|a| !a.is_whitespace()) && !word(prev);
                let can_close = prev.is_some_and(|p| !p.is_whitespace()) && !word(after);
                let tags = [["<em>", "</em>"], ["<strong>", "</strong>"]][run - 1];
                let on_stack = open.iter().rposition(|&(k, r, _)| (k, r) == (c, run));
                let token = match on_stack {
                    Some(p) if can_close => {
                        tokens[open[p].2] = Token::Tag(tags[0]);
                        open.truncate(p);
                        Token::Tag(tags[1])
                    }
                    None if can_open => {
                        open.push((c, run, tokens.len() + usize::from(text_start < i)));
                        Token::Text(&s[i..i + run])
                    }
                    _ => Token::Text(&s[i..i + run]),
                };
                (token, i + run)
            }
            b'\n' => (Token::Tag("<br>"), i + 1),
            _ => {
                i += 1;
                continue;
            }
        };
        if text_start < i {
            tokens.push(Token::Text(&s[text_start..i]));
        }
        tokens.push(token);
        (i, text_start) = (next, next);
    }
    tokens.push(Token::Text(&s[text_start..]));
    for token in tokens {
        match token {
            Token::Text(t) => escape(out, t),
            Token::Code(t) => {
                out.push_str("<code>");
                escape(out, t);
                out.push_str("</code>");
            }
            Token::Link(href, label) => {
                out.push_str("<a href=\"");
                escape(out, href);
                out.push_str("\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">");
                escape(out, label);
                out.push_str("</a>");
            }
            Token::Tag(tag) => out.push_str(tag),
        }
    }
}

/// `s` starts with `http://` or `https://`, in any case.
fn scheme(s: &str) -> bool {
    let head = s.as_bytes()[..s.len().min(8)].to_ascii_lowercase();
    head.starts_with(b"http://") || head.starts_with(b"https://")
}

#[cfg(test)]
mod tests {
    use super::render;
    use proptest::prelude::*;

    const REL: &str = "\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">";

    /// Reads `html` as this renderer writes it: every `<` starts one of its tags (a link's
    /// `href` is http or https and holds no `javascript:`), tags nest, every `&` is one of
    /// the five entities, no `>`, `"` or `'` outside a tag. Its text content, entities decoded.
    fn read(html: &str) -> Result<String, String> {
        const TAGS: [&str; 8] = ["p", "br", "strong", "em", "code", "pre", "ul", "li"];
        const ENTITIES: [(&str, char); 5] = [
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&amp;", '&'),
            ("&quot;", '"'),
            ("&#39;", '\''),
        ];
        let (mut text, mut open, mut rest) = (String::new(), Vec::new(), html);
        while let Some(c) = rest.chars().next() {
            if let Some(after) = rest.strip_prefix("<a href=\"") {
                let end = after.find('"').ok_or("unterminated href")?;
                let href = read(&after[..end])?.to_ascii_lowercase();
                if !(href.starts_with("http://") || href.starts_with("https://"))
                    || href.contains("javascript:")
                {
                    return Err(format!("href {href:?}"));
                }
                rest = after[end..].strip_prefix(REL).ok_or("a link's attributes")?;
                open.push("a");
            } else if c == '<' {
                let end = rest.find('>').ok_or("unterminated tag")?;
                let (name, closing) = match rest[1..end].strip_prefix('/') {
                    Some(name) => (name, true),
                    None => (&rest[1..end], false),
                };
                if !(TAGS.contains(&name) || (closing && name == "a")) {
                    return Err(format!("tag {:?}", &rest[..=end]));
                }
                if closing && open.pop() != Some(name) {
                    return Err(format!("</{name}> closes nothing"));
                } else if !closing && name != "br" {
                    open.push(TAGS.iter().find(|t| **t == name).unwrap());
                }
                rest = &rest[end + 1..];
            } else if c == '&' {
                let (entity, decoded) = ENTITIES
                    .iter()
                    .find(|(e, _)| rest.starts_with(e))
                    .ok_or("a bare &")?;
                text.push(*decoded);
                rest = &rest[entity.len()..];
            } else if matches!(c, '>' | '"' | '\'') {
                return Err(format!("{c:?} unescaped"));
            } else {
                text.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        open.is_empty()
            .then_some(text)
            .ok_or_else(|| format!("{open:?} left open"))
    }

    fn link(url: &str, label: &str) -> String {
        format!("<a href=\"{url}{REL}{label}</a>")
    }

    #[test]
    fn each_construct_renders() {
        let cases = [
            ("", ""),
            ("one\ntwo\n\n\nthree", "<p>one<br>two</p><p>three</p>"),
            (
                "**bold** and *it* and _it_",
                "<p><strong>bold</strong> and <em>it</em> and <em>it</em></p>",
            ),
            ("*a **b** c*", "<p><em>a <strong>b</strong> c</em></p>"),
            ("`a *b* <c>`", "<p><code>a *b* &lt;c&gt;</code></p>"),
            (
                "x\n```rust\nfn <a>() {}\n\n*x*\n```\ny",
                "<p>x</p><pre><code>fn &lt;a&gt;() {}\n\n*x*</code></pre><p>y</p>",
            ),
            (
                "intro\n- one\n* *two*\nafter",
                "<p>intro</p><ul><li>one</li><li><em>two</em></li></ul><p>after</p>",
            ),
            (
                "<script>alert('x')</script> & \"q\"",
                "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</p>",
            ),
        ];
        for (text, html) in cases {
            assert_eq!(render(text), html, "{text:?}");
        }
    }

    #[test]
    fn links_are_http_or_https_only() {
        let url = "https://kafka.apache.org/documentation/#brokerconfigs?a=1&b='2'";
        let escaped = "https://kafka.apache.org/documentation/#brokerconfigs?a=1&amp;b=&#39;2&#39;";
        let (c, d) = (link("https://c.io", "c"), link("https://d.io", "d"));
        let two = "`a` and `b`, [c](https://c.io) [d](https://d.io)";
        assert_eq!(
            render(two),
            format!("<p><code>a</code> and <code>b</code>, {c} {d}</p>")
        );
        assert_eq!(
            render(&format!("see [the docs]({url}).")),
            format!("<p>see {}.</p>", link(escaped, "the docs"))
        );
        assert_eq!(
            render("see https://x.io/a_(b)_c. Or (http://y.io/p)!"),
            format!(
                "<p>see {}. Or ({})!</p>",
                link("https://x.io/a_(b)_c", "https://x.io/a_(b)_c"),
                link("http://y.io/p", "http://y.io/p")
            )
        );
        assert_eq!(
            render("**https://x.io**"),
            format!("<p><strong>{}</strong></p>", link("https://x.io", "https://x.io"))
        );
        let plain = "[x](javascript:alert(1)) [x](JavaScript:alert(1)) [x](data:text/html,<b>) [x](/relative) \
                     [x](https://) [x](https://a.io/?javascript:alert(1)) javascript:alert(1) xhttps://a.io https:///a";
        for plain in plain.split(' ') {
            let html = render(plain);
            assert!(!html.contains("<a "), "{plain:?} → {html}");
            assert_eq!(read(&html).unwrap(), plain, "{plain:?} stays as written");
        }
        // An unclosed label is text; the address in it still links.
        let bare = link("https://a.io", "https://a.io");
        assert_eq!(render("[x](https://a.io"), format!("<p>[x]({bare}</p>"));
        assert_eq!(
            render("[[x](javascript:1)](https://a.io"),
            format!("<p>[[x](javascript:1)]({bare}</p>")
        );
    }

    #[test]
    fn unclosed_markers_stay_literal() {
        for text in
            "**bold|*it|_it|`code|a * b * c|snake_case_name|***x***|__init__|```\nno end|[a]|[a](b".split('|')
        {
            let html = render(text);
            assert!(
                !html.contains("<strong>") && !html.contains("<em>") && !html.contains("<code>"),
                "{text:?} → {html}"
            );
            assert_eq!(read(&html).unwrap(), text.replace('\n', ""), "{text:?}");
        }
        assert_eq!(render("*a **b* c**"), "<p><em>a **b</em> c**</p>");
    }

    #[test]
    fn hostile_runs_take_linear_time() {
        let started = std::time::Instant::now();
        for unit in "*|**x|_|[|[a](|](|`|https://|h|```\n|- |\n|[a](https://x.io".split('|') {
            let text = unit.repeat(200_000 / unit.len());
            let html = render(&text);
            assert!(html.len() <= 12 * text.len() + 16);
        }
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }

    /// Text made of the renderer's syntax, hostile schemes and HTML.
    fn soup() -> impl Strategy<Value = String> {
        let pieces =
            "*|**|_|`|```|\n|\n\n|\r|[|]|(|)|](|https://|http://a.io|javascript:|JaVaScRiPt:alert(1)|\
                      data:text/html,|<|>|&|&amp;|\"|'|- |* | |a|é|<script>|<a href=|\u{2028}|\0";
        let pieces = prop::sample::select(pieces.split('|').collect::<Vec<_>>());
        prop::collection::vec(pieces, 0..80).prop_map(|v| v.concat())
    }

    fn check(text: &str) -> Result<(), TestCaseError> {
        let html = render(text);
        prop_assert!(
            html.len() <= 12 * text.len() + 16,
            "{} bytes from {}",
            html.len(),
            text.len()
        );
        let content = read(&html).map_err(|e| TestCaseError::fail(format!("{e}: {html}")))?;
        for c in content.chars() {
            prop_assert!(c.is_whitespace() || text.contains(c), "{c:?} in {html:?}");
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn any_text_is_safe(text in any::<String>()) {
            check(&text)?;
        }

        #[test]
        fn syntax_soup_is_safe(text in soup()) {
            check(&text)?;
        }
    }
}
