//! The live side of an open design: who has it open, and the events they are sent (a comment
//! changed, a revision was saved, how many are viewing). In memory, per process.
//!
//! Each design with someone watching has a room: a broadcast channel of [`CAPACITY`] events
//! and a count of watchers. A watcher more than [`CAPACITY`] events behind is told to read
//! everything again (`resync`) instead of being queued without bound. At most
//! [`MAX_PER_DESIGN`] streams per design (429 past that) and [`MAX_STREAMS`] in all (503).
//! A room is dropped with its last watcher.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use api::LiveEvent;
use tokio::sync::broadcast;
use uuid::Uuid;

use crate::error::Error;

/// Events a watcher may fall behind by before it is told to resync.
pub const CAPACITY: usize = 64;
/// Most streams open on one design.
pub const MAX_PER_DESIGN: u32 = 50;
/// Most streams open on the server.
pub const MAX_STREAMS: u32 = 2_000;

/// What a room carries: an event for the browser, or a note to its streams that links or
/// members changed (each stream then checks it may still read).
#[derive(Clone, Debug, PartialEq)]
pub enum Signal {
    Event(LiveEvent),
    Recheck,
}

#[derive(Clone, Debug, Default)]
pub struct Live {
    rooms: Arc<Mutex<Rooms>>,
}

#[derive(Debug, Default)]
struct Rooms {
    by_design: HashMap<Uuid, Room>,
    streams: u32,
}

#[derive(Debug)]
struct Room {
    sender: broadcast::Sender<Signal>,
    watchers: u32,
}

/// One open stream: its events, and its place in the room (given back on drop).
#[derive(Debug)]
pub struct Watch {
    pub events: broadcast::Receiver<Signal>,
    design: Uuid,
    live: Live,
}

impl Live {
    /// Opens a stream on `design`, and tells everyone how many watch it now.
    pub fn watch(&self, design: Uuid) -> Result<Watch, Error> {
        let (events, viewers) = {
            let mut rooms = self.lock();
            if rooms.streams >= MAX_STREAMS {
                return Err(Error::Overloaded { retry_after_secs: 5 });
            }
            let room = rooms.by_design.entry(design).or_insert_with(|| Room {
                sender: broadcast::channel(CAPACITY).0,
                watchers: 0,
            });
            if room.watchers >= MAX_PER_DESIGN {
                return Err(Error::TooManyRequests {
                    retry_after_secs: 30,
                    message: format!(
                        "{MAX_PER_DESIGN} people already follow this design live; try again later"
                    ),
                });
            }
            room.watchers += 1;
            let events = room.sender.subscribe();
            let viewers = room.watchers;
            rooms.streams += 1;
            (events, viewers)
        };
        self.publish(design, LiveEvent::Presence { viewers });
        Ok(Watch {
            events,
            design,
            live: self.clone(),
        })
    }

    /// Sends `event` to everyone watching `design` (nobody watching: nothing to do).
    pub fn publish(&self, design: Uuid, event: LiveEvent) {
        self.signal(design, Signal::Event(event));
    }

    /// Tells the streams on `design` to check again that they may read it (a link was
    /// revoked, a member removed).
    pub fn links_changed(&self, design: Uuid) {
        self.signal(design, Signal::Recheck);
    }

    /// How many watch `design` now.
    pub fn viewers(&self, design: Uuid) -> u32 {
        self.lock().by_design.get(&design).map_or(0, |r| r.watchers)
    }

    fn signal(&self, design: Uuid, signal: Signal) {
        if let Some(room) = self.lock().by_design.get(&design) {
            // No receiver is not an error: the room empties on its own.
            let _ = room.sender.send(signal);
        }
    }

    fn leave(&self, design: Uuid) {
        let viewers = {
            let mut rooms = self.lock();
            rooms.streams = rooms.streams.saturating_sub(1);
            let Some(room) = rooms.by_design.get_mut(&design) else {
                return;
            };
            room.watchers = room.watchers.saturating_sub(1);
            if room.watchers == 0 {
                rooms.by_design.remove(&design);
                return;
            }
            room.watchers
        };
        self.publish(design, LiveEvent::Presence { viewers });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Rooms> {
        self.rooms.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.live.leave(self.design);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn watchers_hear_events_and_presence_follows_them() {
        let live = Live::default();
        let design = Uuid::from_u128(1);
        let mut first = live.watch(design).unwrap();
        assert_eq!(
            first.events.recv().await.unwrap(),
            Signal::Event(LiveEvent::Presence { viewers: 1 })
        );
        let second = live.watch(design).unwrap();
        assert_eq!(
            first.events.recv().await.unwrap(),
            Signal::Event(LiveEvent::Presence { viewers: 2 })
        );
        live.publish(design, LiveEvent::Comment { id: 3 });
        assert_eq!(
            first.events.recv().await.unwrap(),
            Signal::Event(LiveEvent::Comment { id: 3 })
        );
        drop(second);
        assert_eq!(
            first.events.recv().await.unwrap(),
            Signal::Event(LiveEvent::Presence { viewers: 1 })
        );
        assert_eq!(live.viewers(design), 1);
        drop(first);
        assert_eq!(live.viewers(design), 0);
        assert!(live.lock().by_design.is_empty() && live.lock().streams == 0);
    }

    #[test]
    fn a_design_holds_a_bounded_number_of_streams() {
        let live = Live::default();
        let design = Uuid::from_u128(2);
        let watches: Vec<Watch> = (0..MAX_PER_DESIGN).map(|_| live.watch(design).unwrap()).collect();
        let refused = live.watch(design).unwrap_err();
        assert_eq!(refused.status(), axum::http::StatusCode::TOO_MANY_REQUESTS);
        drop(watches);
        assert!(live.watch(design).is_ok());
    }

    #[tokio::test]
    async fn a_watcher_far_behind_learns_it_lagged() {
        let live = Live::default();
        let design = Uuid::from_u128(3);
        let mut slow = live.watch(design).unwrap();
        for id in 0..(CAPACITY as i64 * 2) {
            live.publish(design, LiveEvent::Comment { id });
        }
        assert!(matches!(
            slow.events.recv().await,
            Err(broadcast::error::RecvError::Lagged(_))
        ));
    }
}
