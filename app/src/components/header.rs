//! The top bar: product name, navigation and the colour-scheme switch.

use leptos::prelude::*;

use crate::client;
use crate::session::{use_session, SessionState};

/// Light or dark colour scheme, as set on `<html data-theme=…>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    fn toggled(self) -> Self {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    let logout = move |_| {
        leptos::task::spawn_local(async move {
            let _ = client::send_no_answer::<()>(client::Method::Post, &api::urls::logout(), None).await;
            session.refresh();
            crate::browser::go_to("/");
        });
    };
    let theme = RwSignal::new(Theme::Light);
    // Effects run only in the browser, after hydration: they apply the theme to the document
    // and mark the page as interactive (end-to-end tests wait for that mark).
    Effect::new(move |_| {
        let name = theme.get().as_str();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-theme", name);
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"⟶"</span>
                "Kafka Design Studio"
            </a>
            <nav class="topnav" aria-label="Main">
                <a href="/">"Home"</a>
                <a rel="external" href="/editor">"Editor"</a>
                <a href="/api/docs">"API"</a>
            </nav>
            <div class="account" aria-live="polite">
                {move || match session.state() {
                    SessionState::SignedIn(account) => view! {
                        <span class="account-email" data-testid="account-email">{account.email}</span>
                        <button class="link-button" data-testid="logout" on:click=logout>"Log out"</button>
                    }.into_any(),
                    SessionState::Visitor => view! { <a href="/login" data-testid="login-link">"Log in"</a> }.into_any(),
                    SessionState::Unknown => ().into_any(),
                }}
            </div>
            <button
                class="icon-button"
                data-testid="theme-toggle"
                aria-pressed=move || (theme.get() == Theme::Dark).to_string()
                title="Switch between light and dark colours"
                on:click=move |_| theme.update(|t| *t = t.toggled())
            >
                {move || if theme.get() == Theme::Dark { "Light mode" } else { "Dark mode" }}
            </button>
        </header>
    }
}
