//! Who is signed in, as the whole app sees it: asked once per page load
//! (`GET /api/v1/auth/session`) and shared through context.

use leptos::prelude::*;
use serde::Deserialize;

use crate::api;

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Account {
    pub id: String,
    pub email: String,
}

/// `None` while not known yet (on the server and until the browser has asked),
/// `Some(None)` for a visitor, `Some(Some(account))` when signed in.
#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<Option<Option<Account>>>);

impl Session {
    pub fn account(&self) -> Option<Account> {
        self.0.get().flatten()
    }

    pub fn known(&self) -> bool {
        self.0.with(Option::is_some)
    }

    /// Asks the server again (after signing in or out).
    pub fn refresh(&self) {
        let state = self.0;
        leptos::task::spawn_local(async move {
            if let Ok(reply) = api::get("/api/v1/auth/session").await {
                state.set(Some(reply.parse::<Option<Account>>().ok().flatten()));
            }
        });
    }
}

/// Puts the session in context and asks the server once the page is interactive.
pub fn provide_session() -> Session {
    let session = Session(RwSignal::new(None));
    provide_context(session);
    Effect::new(move |_| session.refresh());
    session
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
