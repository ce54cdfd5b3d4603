//! The topology section of the PDF spec: the pictures [`crate::topology::pages`] cuts the design
//! into, one landscape page each, with their captions.
//!
//! Typst markup only: the pictures themselves are files the PDF adds under the names
//! [`TopologyPage::file_name`] gives ([`crate::pdf`]). Every caption goes in through
//! [`super::text`] (names may hold anything). Each figure sits in a box of fixed height, the
//! same on every page after the first, so that captions line up from page to page; the boxes
//! and the captions fit the page, so the section takes exactly one page per picture.

use std::fmt::Write as _;

use crate::topology::{PageKind, TopologyPage, FIRST_AREA_HEIGHT_PT, NEXT_AREA_HEIGHT_PT};

/// Writes the section: a heading, a line on how the pictures are cut when there are several,
/// and one figure per page.
pub(super) fn topology(t: &mut String, pages: &[TopologyPage]) {
    t.push_str("#set page(flipped: true)\n= Topology\n");
    let intro = if pages.iter().any(|p| p.kind == PageKind::Overview) {
        Some(
            "The design is too large to draw legibly on one page. The overview shows its groups \
             and how they connect; each group follows on pages of its own. Every page is drawn \
             at the same scale; a connection whose other end is drawn elsewhere ends in a dashed stub."
                .to_owned(),
        )
    } else if pages.len() > 1 {
        Some(format!(
            "The design is drawn over {} pages at the same scale, each connected part whole \
             where it fits on a page; a connection whose other end is drawn elsewhere ends in a \
             dashed stub.",
            pages.len()
        ))
    } else {
        None
    };
    if let Some(intro) = intro {
        let _ = writeln!(t, "{}\n", super::text(&intro));
    }
    for (k, page) in pages.iter().enumerate() {
        if k > 0 {
            t.push_str("#pagebreak()\n");
        }
        figure(t, k, page);
    }
    t.push_str("#set page(flipped: false)\n\n");
}

/// One picture in its box, with its caption.
fn figure(t: &mut String, index: usize, page: &TopologyPage) {
    let height = match (page.kind, index) {
        (PageKind::Whole, _) => page.height_pt,
        (_, 0) => FIRST_AREA_HEIGHT_PT,
        _ => NEXT_AREA_HEIGHT_PT,
    };
    let _ = writeln!(
        t,
        "#figure(block(width: 100%, height: {height:.2}pt, align(center + top, image(\"{}\", width: {:.2}pt))), caption: [{}])",
        TopologyPage::file_name(index),
        page.width_pt,
        super::text(&page.caption)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use design::Design;

    /// A design of 60 topics (an overview and group pages) whose first group's name holds
    /// the syntax of every format.
    fn hostile() -> Design {
        crate::topology::tests::hostile(crate::samples::pipelines(60))
    }

    #[test]
    fn one_figure_per_page_with_its_own_file_and_captions_as_strings() {
        let d = hostile();
        let pages = crate::topology::pages(&d);
        let mut t = String::new();
        topology(&mut t, &pages);
        assert_eq!(t.matches("#figure(").count(), pages.len());
        assert_eq!(t.matches("#pagebreak()").count(), pages.len() - 1);
        for k in 0..pages.len() {
            assert!(t.contains(&format!("image(\"{}\"", TopologyPage::file_name(k))));
        }
        // The hostile caption is inert text (string literals, in boxes where a word is too
        // long to keep whole), on one line.
        assert!(
            t.contains(r#"caption: [#"#) && t.contains(r#"ev\"il'<b>&amp;<\\b>|`x`*y"#),
            "{t}"
        );
        #[cfg(feature = "pdf")]
        assert!(typst::syntax::parse(&t).errors().is_empty());
        let lines: Vec<&str> = t.lines().filter(|l| l.contains(r#"ev\"il"#)).collect();
        assert!(!lines.is_empty());
        assert!(
            lines
                .iter()
                .all(|l| l.starts_with("#figure(") && l.ends_with("])")),
            "{lines:?}"
        );
        assert!(t.starts_with("#set page(flipped: true)") && t.ends_with("#set page(flipped: false)\n\n"));
    }

    #[cfg(feature = "pdf")]
    #[test]
    fn the_section_parses_as_typst() {
        let mut t = String::new();
        topology(&mut t, &crate::topology::pages(&hostile()));
        let root = typst::syntax::parse(&t);
        assert!(root.errors().is_empty(), "{:?}", root.errors());
    }
}
