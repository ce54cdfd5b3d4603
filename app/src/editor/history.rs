//! Undo and redo: a stack of whole-document snapshots.
//!
//! Every change the editor makes is recorded as the document after it. Changes that carry the
//! same coalescing key one after another (typing into one field) merge into one step, as text
//! editors do; any other change, an undo or a redo ends the run. At most [`LIMIT`] steps are
//! kept: recording one more forgets the oldest.

use std::collections::VecDeque;

/// How many steps are kept.
pub const LIMIT: usize = 200;

#[derive(Clone, Debug)]
pub struct History<T> {
    current: T,
    /// Oldest first; never longer than `limit`.
    undo: VecDeque<T>,
    redo: Vec<T>,
    run: Option<String>,
    limit: usize,
}

impl<T: Clone + PartialEq> History<T> {
    /// A history starting at `current` that keeps [`LIMIT`] steps.
    pub fn new(current: T) -> Self {
        Self::with_limit(current, LIMIT)
    }

    /// A history starting at `current` that keeps `limit` steps (at least one).
    pub fn with_limit(current: T, limit: usize) -> Self {
        Self {
            current,
            undo: VecDeque::new(),
            redo: Vec::new(),
            run: None,
            limit: limit.max(1),
        }
    }

    /// The document as last recorded.
    pub fn current(&self) -> &T {
        &self.current
    }

    /// Records `next` as a step; merges it into the previous step when both carry the same
    /// `coalesce` key. Returns false (and records nothing) when nothing changed.
    pub fn record(&mut self, next: T, coalesce: Option<&str>) -> bool {
        if next == self.current {
            return false;
        }
        let same_run = coalesce.is_some() && coalesce == self.run.as_deref() && !self.undo.is_empty();
        if !same_run {
            let previous = std::mem::replace(&mut self.current, next);
            self.push_undo(previous);
        } else {
            self.current = next;
        }
        self.redo.clear();
        self.run = coalesce.map(str::to_owned);
        true
    }

    /// Steps back; returns the document to show.
    pub fn undo(&mut self) -> Option<&T> {
        let previous = self.undo.pop_back()?;
        self.redo.push(std::mem::replace(&mut self.current, previous));
        self.run = None;
        Some(&self.current)
    }

    /// Steps forward again; returns the document to show.
    pub fn redo(&mut self) -> Option<&T> {
        let next = self.redo.pop()?;
        let previous = std::mem::replace(&mut self.current, next);
        self.push_undo(previous);
        self.run = None;
        Some(&self.current)
    }

    /// Keeps `previous` as the newest undo step, forgetting the oldest beyond the limit.
    fn push_undo(&mut self, previous: T) {
        if self.undo.len() == self.limit {
            self.undo.pop_front();
        }
        self.undo.push_back(previous);
    }

    /// How many steps can be undone.
    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn undo_and_redo_walk_the_steps() {
        let mut h = History::new(0);
        assert!(h.record(1, None));
        assert!(h.record(2, None));
        assert_eq!(h.undo(), Some(&1));
        assert_eq!(h.undo(), Some(&0));
        assert_eq!(h.undo(), None);
        assert_eq!(h.redo(), Some(&1));
        assert!(h.record(5, None), "a new step after undo");
        assert!(!h.can_redo(), "a new step drops the redo stack");
        assert_eq!(h.undo(), Some(&1));
    }

    #[test]
    fn a_run_of_edits_to_one_field_is_one_step() {
        let mut h = History::new(String::new());
        h.record("1".into(), Some("node-1.partitions"));
        h.record("12".into(), Some("node-1.partitions"));
        h.record("12x".into(), Some("node-1.name"));
        assert_eq!(h.undo().cloned(), Some("12".into()));
        assert_eq!(h.undo().cloned(), Some(String::new()));
        assert!(!h.can_undo());
    }

    #[test]
    fn undo_ends_a_run() {
        let mut h = History::new(0);
        h.record(1, Some("k"));
        h.record(2, Some("k"));
        h.undo();
        h.record(3, Some("k"));
        assert_eq!(h.undo(), Some(&0));
    }

    #[test]
    fn recording_the_same_document_is_not_a_step() {
        let mut h = History::new(7);
        assert!(!h.record(7, None));
        assert!(!h.can_undo());
    }

    #[test]
    fn the_oldest_step_is_forgotten_beyond_the_limit() {
        let mut h = History::with_limit(0, 3);
        for n in 1..=5 {
            assert!(h.record(n, None));
        }
        assert_eq!(h.undo_depth(), 3);
        assert_eq!(h.undo(), Some(&4));
        assert_eq!(h.undo(), Some(&3));
        assert_eq!(h.undo(), Some(&2), "1 and 0 were forgotten");
        assert_eq!(h.undo(), None);
        while h.redo().is_some() {}
        assert_eq!(*h.current(), 5);
        assert_eq!(h.undo_depth(), 3, "redoing keeps the bound too");
    }

    #[test]
    fn the_default_limit_is_kept() {
        let mut h = History::new(0usize);
        for n in 1..=LIMIT + 25 {
            h.record(n, None);
        }
        assert_eq!(h.undo_depth(), LIMIT);
    }

    proptest! {
        /// However steps are recorded, undone and redone, no more than the limit are kept, and
        /// undo then redo returns to the same document.
        #[test]
        fn the_bound_holds_under_any_walk(ops in proptest::collection::vec(0u8..4, 0..200), limit in 1usize..8) {
            let mut h = History::with_limit(0u32, limit);
            let mut next = 1u32;
            for op in ops {
                match op {
                    0 | 1 => {
                        h.record(next, None);
                        next += 1;
                    }
                    2 => {
                        let before = *h.current();
                        if h.undo().is_some() {
                            prop_assert_eq!(h.redo().copied(), Some(before));
                            h.undo();
                        }
                    }
                    _ => {
                        h.redo();
                    }
                }
                prop_assert!(h.undo_depth() <= limit);
            }
        }


        /// Undoing every step returns the first document; redoing them all returns the last.
        #[test]
        fn undo_all_then_redo_all_round_trips(steps in proptest::collection::vec(0u8..20, 0..60)) {
            let mut h = History::new(255u8);
            let mut last = 255u8;
            for s in steps {
                if h.record(s, None) {
                    last = s;
                }
            }
            while h.undo().is_some() {}
            prop_assert_eq!(*h.current(), 255);
            while h.redo().is_some() {}
            prop_assert_eq!(*h.current(), last);
        }
    }
}
