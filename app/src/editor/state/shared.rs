//! [`Shared`]: a signal the editor writes and hands out read-only.
//!
//! The read-only handle is made once, with the signal: `RwSignal::read_only` allocates a new
//! handle in the reactive arena on every call, and the views ask for one on every run (the
//! gestures on every pointer move), which would leak one handle each time.

use std::ops::Deref;

use leptos::prelude::*;

/// A signal the editor writes (through `Deref`, as the `RwSignal` it is) and shares read-only.
pub(super) struct Shared<T: 'static> {
    rw: RwSignal<T>,
    ro: ReadSignal<T>,
}

impl<T: 'static> Clone for Shared<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Shared<T> {}

impl<T: Send + Sync + 'static> Shared<T> {
    pub(super) fn new(value: T) -> Self {
        let rw = RwSignal::new(value);
        Self {
            rw,
            ro: rw.read_only(),
        }
    }

    /// The read-only handle, the same one every time.
    pub(super) fn reader(&self) -> ReadSignal<T> {
        self.ro
    }
}

impl<T: 'static> Deref for Shared<T> {
    type Target = RwSignal<T>;

    fn deref(&self) -> &RwSignal<T> {
        &self.rw
    }
}
