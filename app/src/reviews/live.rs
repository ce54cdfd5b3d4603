//! The browser's side of a design's live events: an `EventSource` on `…/events` (the session
//! cookie goes with it like with every request; the browser reconnects by itself after a
//! network failure), handing each event to a callback as an [`api::LiveEvent`]. A stream the
//! server ended for good (a revoked link: 404) is reported once as `None`.

use api::LiveEvent;

/// The events a stream carries, by their SSE names.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const NAMES: [&str; 4] = ["comment", "revision", "presence", "resync"];

#[cfg(feature = "hydrate")]
mod imp {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    use super::{LiveEvent, NAMES};

    /// An open stream; closed when dropped.
    pub struct Connection {
        source: web_sys::EventSource,
        _listeners: Vec<Closure<dyn FnMut(web_sys::Event)>>,
    }

    impl Drop for Connection {
        fn drop(&mut self) {
            self.source.close();
        }
    }

    pub fn connect(url: &str, on_event: impl Fn(Option<LiveEvent>) + Clone + 'static) -> Option<Connection> {
        let source = web_sys::EventSource::new(url).ok()?;
        let mut listeners = Vec::new();
        for name in NAMES {
            let on_event = on_event.clone();
            let listener = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                let Some(message) = event.dyn_ref::<web_sys::MessageEvent>() else {
                    return;
                };
                if let Some(data) = message.data().as_string() {
                    if let Ok(event) = serde_json::from_str::<LiveEvent>(&data) {
                        on_event(Some(event));
                    }
                }
            });
            let _ = source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
            listeners.push(listener);
        }
        // A failure the browser will not retry (the server refused the stream) closes it.
        let closed = source.clone();
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            if closed.ready_state() == web_sys::EventSource::CLOSED {
                on_event(None);
            }
        });
        let _ = source.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
        listeners.push(on_error);
        Some(Connection {
            source,
            _listeners: listeners,
        })
    }
}

#[cfg(not(feature = "hydrate"))]
mod imp {
    use super::LiveEvent;

    /// Nothing is live on the server.
    pub struct Connection;

    pub fn connect(
        _url: &str,
        _on_event: impl Fn(Option<LiveEvent>) + Clone + 'static,
    ) -> Option<Connection> {
        None
    }
}

pub use imp::{connect, Connection};
