//! Names as people read them: Kafka names are dotted paths (`retail.fulfilment-centre-07.
//! inventory-reservation.confirmed.v2`) whose *end* tells one topic from its neighbours
//! (`…orders.created` from `…orders.dlq`). Where a name does not fit, the canvas, the topology
//! picture and the PDF keep its first segment and its last ones and leave out the middle; where
//! a name may wrap, it wraps after a `.`, `-` or `_`, never inside a word.
//!
//! Pure text functions, counted in characters (the boxes they fill are sized in characters).

use std::borrow::Cow;

/// Whether a name may break (or be cut) after `c`: the separators of Kafka's names.
pub fn breaks_after(c: char) -> bool {
    matches!(c, '.' | '-' | '_' | '/' | ':' | ' ')
}

/// The segments of `name`, each with the separator that ends it (`"a.b-c"` → `"a."`, `"b-"`,
/// `"c"`). Concatenated they give `name` back.
pub fn segments(name: &str) -> impl Iterator<Item = &str> {
    let mut rest = name;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest
            .char_indices()
            .find(|&(_, c)| breaks_after(c))
            .map_or(rest.len(), |(i, c)| i + c.len_utf8());
        let (segment, tail) = rest.split_at(end);
        rest = tail;
        Some(segment)
    })
}

/// `name` in at most `max` characters: whole when it fits; otherwise its first segment (when
/// short), `…`, and as many of its last segments as fit (`ecommerce.…orders.created`). A last
/// segment too long by itself keeps its end (`…reservation-confirmed`).
pub fn shorten(name: &str, max: usize) -> Cow<'_, str> {
    cut(name, max, true)
}

/// `name` in at most `max` characters, keeping as many of its last segments as fit and no
/// first one (`…orders.order.created.v2`): for pictures where many names share their first
/// segments (a page of one domain), so that what tells them apart shows.
pub fn shorten_to_end(name: &str, max: usize) -> Cow<'_, str> {
    cut(name, max, false)
}

fn cut(name: &str, max: usize, keep_head: bool) -> Cow<'_, str> {
    let chars = name.chars().count();
    if chars <= max {
        return Cow::Borrowed(name);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let budget = max - 1;
    let segs: Vec<&str> = segments(name).collect();
    let len = |s: &str| s.chars().count();
    let last = segs.last().map_or(0, |s| len(s));
    if last >= budget {
        let skip = chars - budget;
        return Cow::Owned(format!("…{}", name.chars().skip(skip).collect::<String>()));
    }
    let first = len(segs[0]);
    let head = if keep_head && segs.len() > 1 && first + last <= budget && first * 2 <= budget {
        1
    } else {
        0
    };
    let mut used: usize = segs[..head].iter().map(|s| len(s)).sum();
    let mut tail = segs.len();
    while tail > head + 1 && used + len(segs[tail - 1]) <= budget {
        tail -= 1;
        used += len(segs[tail]);
    }
    Cow::Owned(format!("{}…{}", segs[..head].concat(), segs[tail..].concat()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LONG: &str = "retail.fulfilment-centre-07.inventory-reservation.confirmed.v2";

    #[test]
    fn a_long_name_keeps_its_domain_and_its_last_segments() {
        assert_eq!(shorten(LONG, 22), "retail.…confirmed.v2");
        assert_eq!(shorten(LONG, 34), "retail.…reservation.confirmed.v2");
        assert_eq!(
            shorten("ecommerce.orders.created.v1", 26),
            "ecommerce.…created.v1"
        );
        assert_eq!(shorten("orders", 22), "orders");
        assert_eq!(shorten(LONG, LONG.len()), LONG);
    }

    #[test]
    fn names_differing_at_the_end_stay_different() {
        let a = shorten("ecommerce.payments.authorisations.created", 24);
        let b = shorten("ecommerce.payments.authorisations.dlq", 24);
        assert!(a.ends_with("created") && b.ends_with("dlq"), "{a} {b}");
    }

    #[test]
    fn to_the_end_keeps_only_last_segments() {
        assert_eq!(shorten_to_end(LONG, 26), "…reservation.confirmed.v2");
        assert_eq!(
            shorten_to_end("ecommerce.orders.order.created.v2", 26),
            "…orders.order.created.v2"
        );
        assert_eq!(shorten_to_end("orders", 26), "orders");
    }

    #[test]
    fn one_long_word_keeps_its_end() {
        let name = "inventoryreservationconfirmedeventstream";
        assert_eq!(shorten(name, 12), "…eventstream");
        assert_eq!(shorten(name, 1), "…");
        assert_eq!(shorten(name, 0), "");
    }

    #[test]
    fn segments_split_after_separators() {
        assert_eq!(
            segments("a.b-c_d/e f").collect::<Vec<_>>(),
            ["a.", "b-", "c_", "d/", "e ", "f"]
        );
        assert_eq!(segments("").count(), 0);
        assert_eq!(segments("..").collect::<Vec<_>>(), [".", "."]);
    }

    proptest! {
        #[test]
        fn shortened_names_fit_and_are_the_name_with_its_middle_left_out(
            name in "[a-z0-9.\\-_é ]{0,80}",
            max in 0usize..60,
        ) {
            prop_assert_eq!(segments(&name).collect::<String>(), name.clone());
            let short = shorten(&name, max);
            prop_assert!(short.chars().count() <= max);
            if name.chars().count() <= max {
                prop_assert_eq!(short.as_ref(), name.as_str());
            } else if max > 0 {
                let (head, tail) = short.split_once('…').unwrap();
                prop_assert!(name.starts_with(head) && name.ends_with(tail));
                prop_assert!(!tail.is_empty() || max == 1);
            }
        }
    }
}
