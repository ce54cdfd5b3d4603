//! Keys for the document's maps: AsyncAPI's `^[A-Za-z0-9_\-]+$`, unique, made from node ids
//! and server names the same way every time.

use std::collections::{HashMap, HashSet};

/// Whether `s` is an AsyncAPI map key (`^[A-Za-z0-9_\-]+$`).
pub(super) fn is_key(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// `s` with every character a key may not hold made `_`; `empty` when nothing is left.
pub(super) fn key_base(s: &str, empty: &str) -> String {
    let base: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if base.is_empty() {
        empty.into()
    } else {
        base
    }
}

/// Unique keys: a base taken already gets `-2`, `-3`, … (each base remembers where it got to,
/// so that n equal bases cost n steps, not n²).
#[derive(Default)]
pub(super) struct KeyMaker {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl KeyMaker {
    /// Takes `key` itself; false when it is taken.
    pub(super) fn claim(&mut self, key: &str) -> bool {
        self.taken.insert(key.to_string())
    }

    pub(super) fn make(&mut self, base: &str) -> String {
        if self.claim(base) {
            return base.to_string();
        }
        let n = self.next.entry(base.to_string()).or_insert(2);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}
