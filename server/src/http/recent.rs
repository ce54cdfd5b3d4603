//! The newest revision of recently saved designs, kept parsed in memory: the next save of a
//! design (autosave makes many) summarises what changed against it instead of reading the
//! previous revision back from Postgres and parsing it again.
//!
//! Revisions never change, so an entry is right as long as it exists: `(id, revision)` names
//! one document for good. At most [`MAX_BYTES`] of documents (counted by their JSON size) are
//! kept; the oldest entries go first.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use uuid::Uuid;

/// Most JSON bytes of documents kept.
pub const MAX_BYTES: usize = 64 << 20;

#[derive(Clone, Debug, Default)]
pub struct RecentDesigns(Arc<Mutex<Inner>>);

#[derive(Debug, Default)]
struct Inner {
    designs: HashMap<Uuid, (i32, Arc<design::Design>, usize)>,
    order: VecDeque<Uuid>,
    bytes: usize,
}

impl RecentDesigns {
    /// Revision `revision` of design `id`, if it is the one kept.
    pub fn get(&self, id: Uuid, revision: i32) -> Option<Arc<design::Design>> {
        let inner = self.0.lock().unwrap_or_else(|p| p.into_inner());
        inner
            .designs
            .get(&id)
            .filter(|(kept, _, _)| *kept == revision)
            .map(|(_, design, _)| design.clone())
    }

    /// Keeps `design` as revision `revision` of `id` (`bytes`: its JSON size).
    pub fn put(&self, id: Uuid, revision: i32, design: Arc<design::Design>, bytes: usize) {
        if bytes > MAX_BYTES / 8 {
            return;
        }
        let mut inner = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, _, old)) = inner.designs.insert(id, (revision, design, bytes)) {
            inner.bytes -= old;
        } else {
            inner.order.push_back(id);
        }
        inner.bytes += bytes;
        while inner.bytes > MAX_BYTES {
            let Some(oldest) = inner.order.pop_front() else {
                break;
            };
            if let Some((_, _, gone)) = inner.designs.remove(&oldest) {
                inner.bytes -= gone;
            }
        }
    }

    /// Forgets design `id` (deleted).
    pub fn forget(&self, id: Uuid) {
        let mut inner = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, _, gone)) = inner.designs.remove(&id) {
            inner.bytes -= gone;
            inner.order.retain(|kept| *kept != id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_kept_revision_is_found_and_the_bytes_stay_bounded() {
        let recent = RecentDesigns::default();
        let id = Uuid::new_v4();
        recent.put(id, 3, Arc::new(design::Design::new("a")), 100);
        assert!(recent.get(id, 3).is_some());
        assert!(recent.get(id, 2).is_none());
        for _ in 0..100 {
            recent.put(
                Uuid::new_v4(),
                1,
                Arc::new(design::Design::new("b")),
                MAX_BYTES / 16,
            );
        }
        assert!(recent.0.lock().unwrap().bytes <= MAX_BYTES);
        assert!(recent.get(id, 3).is_none(), "the oldest went first");
    }
}
