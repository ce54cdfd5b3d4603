//! Who is signed in, as the whole app sees it, shared through context.
//!
//! The server knows it when it renders a page: it puts a [`PageSeed`] in the request (see
//! `server/src/http/page_seed.rs`), the page renders with it, and [`shell`](crate::shell) writes
//! it into the document's head, where the browser reads it before hydrating. So the header, the
//! home page and the editor arrive complete in the HTML and the browser starts from the same
//! state, without asking `GET /api/v1/auth/session` first. After signing in or out the browser
//! asks again ([`Session::refresh`]).

pub use api::Account;
use api::{urls, DesignListing};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::client;

/// Who is using the studio.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionState {
    /// Not known yet: only when a page was not rendered by the studio's server (no seed), until
    /// the browser has asked.
    Unknown,
    /// Nobody is signed in.
    Visitor,
    SignedIn(Account),
}

impl SessionState {
    fn from_account(account: Option<Account>) -> Self {
        account.map_or(SessionState::Visitor, SessionState::SignedIn)
    }
}

/// What the server knew when it rendered the page: who is signed in and, on the home page, their
/// designs. Serialised into the page's head (`<script type="application/json" id="page-seed">`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PageSeed {
    pub account: Option<Account>,
    /// The signed-in user's designs, when the page shows them (the home page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub designs: Option<Vec<DesignListing>>,
}

/// The `id` of the script element that carries the [`PageSeed`].
pub const SEED_ELEMENT_ID: &str = "page-seed";

impl PageSeed {
    /// The seed as the text of a `<script type="application/json">`: JSON in which `<`, `>` and
    /// `&` are escaped (`\u003c`…), so no design name can close the element or open a comment.
    pub fn to_script_text(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_else(|_| "{}".into());
        let mut out = String::with_capacity(json.len());
        for c in json.chars() {
            match c {
                '<' => out.push_str("\\u003c"),
                '>' => out.push_str("\\u003e"),
                '&' => out.push_str("\\u0026"),
                '\u{2028}' => out.push_str("\\u2028"),
                '\u{2029}' => out.push_str("\\u2029"),
                c => out.push(c),
            }
        }
        out
    }

    /// The seed of the page being rendered: on the server from the request, in the browser from
    /// the document's head. `None` when there is none (a page not rendered by the studio).
    pub fn current() -> Option<PageSeed> {
        #[cfg(feature = "ssr")]
        {
            use_context::<http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<PageSeed>().cloned())
        }
        #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
        {
            let text = document().get_element_by_id(SEED_ELEMENT_ID)?.text_content()?;
            serde_json::from_str(&text).ok()
        }
        #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
        {
            None
        }
    }
}

impl PageSeed {
    /// The designs the page was rendered with. In the browser only once per page load: the list
    /// changes as the user works, and a page reached inside the app asks again.
    pub fn take_designs() -> Option<Vec<DesignListing>> {
        #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
        {
            use std::sync::atomic::{AtomicBool, Ordering};
            static TAKEN: AtomicBool = AtomicBool::new(false);
            if TAKEN.swap(true, Ordering::Relaxed) {
                return None;
            }
        }
        PageSeed::current()?.designs
    }
}

#[derive(Clone, Copy)]
pub struct Session(RwSignal<SessionState>);

impl Session {
    /// The state, tracked.
    pub fn state(&self) -> SessionState {
        self.0.get()
    }

    pub fn account(&self) -> Option<Account> {
        self.0.with(|s| match s {
            SessionState::SignedIn(a) => Some(a.clone()),
            _ => None,
        })
    }

    pub fn known(&self) -> bool {
        self.0.with(|s| *s != SessionState::Unknown)
    }

    /// Now signed in as `account` (the answer of a sign-up or log-in).
    pub fn signed_in(&self, account: Account) {
        self.0.set(SessionState::SignedIn(account));
    }

    /// Asks the server again (after signing out, or when the page had no seed). When the
    /// server cannot answer and nothing is known yet, the page goes on as a visitor's (so it is
    /// never stuck waiting) and asks again a little later.
    pub fn refresh(&self) {
        let session = *self;
        leptos::task::spawn_local(async move {
            match client::get::<Option<Account>>(&urls::session()).await {
                Ok(account) => session.0.set(SessionState::from_account(account)),
                Err(e) => {
                    if session.0.with_untracked(|s| *s == SessionState::Unknown) {
                        session.0.set(SessionState::Visitor);
                    }
                    if e.is_passing() {
                        set_timeout(move || session.refresh(), std::time::Duration::from_secs(10));
                    }
                }
            }
        });
    }
}

/// Puts the session in context, as the page's seed says; without a seed, asks the server once
/// the page is interactive.
pub fn provide_session() -> Session {
    let seed = PageSeed::current();
    let known = seed.is_some();
    let session = Session(RwSignal::new(match seed {
        Some(seed) => SessionState::from_account(seed.account),
        None => SessionState::Unknown,
    }));
    provide_context(session);
    if !known {
        Effect::new(move |_| session.refresh());
    }
    session
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_cannot_close_its_script_element() {
        let seed = PageSeed {
            account: Some(Account {
                id: "67e55044-10b1-426f-9247-bb680e5fe0c8".parse().unwrap(),
                email: "a@example.com".into(),
            }),
            designs: Some(vec![DesignListing {
                id: "67e55044-10b1-426f-9247-bb680e5fe0c9".parse().unwrap(),
                name: "</script><script>alert(1)</script><!-- & \u{2028}".into(),
                revision: api::Revision(3),
                created_at: "2026-11-24T05:00:00Z".parse().unwrap(),
                updated_at: "2026-11-24T05:00:00Z".parse().unwrap(),
                role: api::DesignRole::Viewer,
                owner: Some("</script>@example.com".into()),
            }]),
        };
        let text = seed.to_script_text();
        for forbidden in ["<", ">", "&", "\u{2028}"] {
            assert!(!text.contains(forbidden), "{forbidden:?} in {text}");
        }
        let back: PageSeed = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back, seed);
    }
}
