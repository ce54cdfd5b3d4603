//! `GET /api/v1/designs/{id}/events` and `/api/v1/shared/{token}/events`: an open design's
//! live events as server-sent events (`comment`, `revision`, `presence`, `resync`), for the
//! editor and the review page. Authenticated like every request (the session cookie, or the
//! link in the path); the browser's `EventSource` reconnects on its own.
//!
//! A stream is a place in the design's room ([`crate::reviews::live`]): bounded per design and
//! in all. It stops when its reader may no longer read: at once when the owner revokes a link
//! or removes a member, and at the latest [`RECHECK`] after anything else (an account gone).
//! A comment through `:` every [`KEEP_ALIVE`] keeps proxies from closing an idle stream.

use std::convert::Infallible;
use std::time::Duration;

use api::{urls, LiveEvent};
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast::error::RecvError;

use super::access::Reviewer;
use super::AppState;
use crate::error::Error;
use crate::reviews::live::{Signal, Watch};

/// How often an idle stream sends a keep-alive comment.
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How often a stream checks that its reader may still read.
pub const RECHECK: Duration = Duration::from_secs(30);

/// The live events of a design the caller may read.
#[utoipa::path(get, path = urls::DESIGN_EVENTS, tag = "reviews",
    params(("id" = uuid::Uuid, Path)),
    responses((status = 200, description = "`comment`, `revision`, `presence` and `resync` events, each a JSON `LiveEvent`", content_type = "text/event-stream", body = LiveEvent),
              (status = 401), (status = 404), (status = 429, description = "Too many streams on this design"),
              (status = 503, description = "Too many streams on the server")))]
pub async fn design_events(State(state): State<AppState>, reviewer: Reviewer) -> Result<Response, Error> {
    events(state, reviewer)
}

/// The same through a link.
#[utoipa::path(get, path = urls::SHARED_EVENTS, tag = "reviews",
    params(("token" = String, Path)),
    responses((status = 200, description = "Server-sent `LiveEvent`s", content_type = "text/event-stream", body = LiveEvent), (status = 404), (status = 429), (status = 503)))]
pub async fn shared_events(State(state): State<AppState>, reviewer: Reviewer) -> Result<Response, Error> {
    events(state, reviewer)
}

fn events(state: AppState, reviewer: Reviewer) -> Result<Response, Error> {
    let watch = state.reviews.live.watch(reviewer.design)?;
    Ok(Sse::new(stream_of(state, reviewer, watch))
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response())
}

struct Open {
    state: AppState,
    reviewer: Reviewer,
    watch: Watch,
    recheck: tokio::time::Interval,
}

fn sse(event: &LiveEvent) -> Event {
    Event::default()
        .event(event.name())
        .data(serde_json::to_string(event).unwrap_or_else(|_| "{}".into()))
}

fn stream_of(
    state: AppState,
    reviewer: Reviewer,
    watch: Watch,
) -> impl Stream<Item = Result<Event, Infallible>> {
    let mut recheck = tokio::time::interval(RECHECK);
    recheck.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let open = Open {
        state,
        reviewer,
        watch,
        recheck,
    };
    stream::unfold(open, |mut open| async move {
        loop {
            tokio::select! {
                got = open.watch.events.recv() => match got {
                    Ok(Signal::Event(event)) => return Some((Ok(sse(&event)), open)),
                    Ok(Signal::Recheck) => {
                        if !allowed(&open).await {
                            return None;
                        }
                    }
                    Err(RecvError::Lagged(_)) => {
                        // A recheck may have been among what was missed.
                        if !allowed(&open).await {
                            return None;
                        }
                        return Some((Ok(sse(&LiveEvent::Resync)), open));
                    }
                    Err(RecvError::Closed) => return None,
                },
                _ = open.recheck.tick() => {
                    if !allowed(&open).await {
                        return None;
                    }
                }
            }
        }
    })
}

/// Whether the stream's reader may still read (a database that does not answer: not now).
async fn allowed(open: &Open) -> bool {
    open.reviewer.still_allowed(&open.state).await.unwrap_or(false)
}
