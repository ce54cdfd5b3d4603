//! Any text as a review comment, rendered by `api::markup::render` (the Markdown-lite the
//! server sends as `html` and the app inserts as HTML): no panic; at most 12 × the input's
//! length + 16 bytes; every `<` starts one of the renderer's own tags (`<p>`, `<br>`,
//! `<strong>`, `<em>`, `<code>`, `<pre>`, `<ul>`, `<li>`, their ends, and `<a href="…"
//! rel="nofollow noopener noreferrer" target="_blank">` whose address is http or https and
//! holds no `javascript:`), tags nest, every `&` is one of the five entities it writes, no
//! `>`, `"` or `'` stands outside a tag; and the text a browser shows holds no character the
//! comment did not (whitespace aside).
#![no_main]

use libfuzzer_sys::fuzz_target;

const TAGS: [&str; 8] = ["p", "br", "strong", "em", "code", "pre", "ul", "li"];
const ENTITIES: [(&str, char); 5] = [
    ("&lt;", '<'),
    ("&gt;", '>'),
    ("&amp;", '&'),
    ("&quot;", '"'),
    ("&#39;", '\''),
];
const LINK_ATTRIBUTES: &str = "\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let html = api::markup::render(text);
    assert!(
        html.len() <= 12 * text.len() + 16,
        "{} bytes from {}",
        html.len(),
        text.len()
    );
    let shown = read(&html).unwrap_or_else(|e| panic!("{e} in {html:?}"));
    for c in shown.chars() {
        assert!(c.is_whitespace() || text.contains(c), "{c:?} in {html:?}");
    }
});

/// `html` read as the renderer writes it (see the module's comment): its text, entities decoded.
fn read(html: &str) -> Result<String, String> {
    let (mut text, mut open, mut rest) = (String::new(), Vec::new(), html);
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("<a href=\"") {
            let end = after.find('"').ok_or("unterminated href")?;
            let href = read(&after[..end])?.to_ascii_lowercase();
            if !(href.starts_with("http://") || href.starts_with("https://")) || href.contains("javascript:")
            {
                return Err(format!("href {href:?}"));
            }
            rest = after[end..]
                .strip_prefix(LINK_ATTRIBUTES)
                .ok_or("a link's attributes")?;
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
    if open.is_empty() {
        Ok(text)
    } else {
        Err(format!("{open:?} left open"))
    }
}
