//! Sign-up and log-in forms (`/` for visitors, and `/login`).

use api::{urls, Account, Credentials};
use leptos::prelude::*;

use crate::client;
use crate::session::{use_session, SessionState};

/// Which form is being sent.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    SignUp,
    LogIn,
}

impl Form {
    fn url(self) -> String {
        match self {
            Form::SignUp => urls::signup(),
            Form::LogIn => urls::login(),
        }
    }
    fn prefix(self) -> &'static str {
        match self {
            Form::SignUp => "signup",
            Form::LogIn => "login",
        }
    }
}

/// Both forms side by side: new here, or back again.
#[component]
pub fn AuthForms() -> impl IntoView {
    view! {
        <section class="auth" aria-label="Sign up or log in">
            <AuthForm form=Form::SignUp />
            <AuthForm form=Form::LogIn />
        </section>
    }
}

#[component]
fn AuthForm(form: Form) -> impl IntoView {
    let session = use_session();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<(Option<String>, String)>);
    let busy = RwSignal::new(false);
    let p = form.prefix();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let body = Credentials {
            email: email.get_untracked(),
            password: password.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match client::post::<_, Account>(&form.url(), &body).await {
                Ok(account) => {
                    password.set(String::new());
                    session.signed_in(account);
                }
                Err(e) => {
                    // The field the server names first (`email`, `password`) is marked.
                    let field = e
                        .body()
                        .and_then(|b| b.problems().iter().find_map(|p| p.field.clone()));
                    error.set(Some((field, e.to_string())));
                }
            }
            busy.set(false);
        });
    };
    let (title, button, hint, autocomplete) = match form {
        Form::SignUp => (
            "New here? Sign up",
            "Sign up",
            "Designs are saved on the server, with their history, and shared by link.",
            "new-password",
        ),
        Form::LogIn => ("Log in", "Log in", "Welcome back.", "current-password"),
    };
    let invalid =
        move |field: &'static str| move || error.with(|e| matches!(e, Some((Some(f), _)) if f == field));
    view! {
        <form class="card auth-form" on:submit=submit data-testid=format!("{p}-form") novalidate>
            <h2>{title}</h2>
            <p class="muted">{hint}</p>
            <label>
                "E-mail"
                <input
                    type="email"
                    required
                    autocomplete="email"
                    data-testid=format!("{p}-email")
                    aria-invalid=move || invalid("email")().to_string()
                    prop:value=email
                    on:input=move |ev| email.set(event_target_value(&ev))
                />
            </label>
            <label>
                {if form == Form::SignUp { "Password (at least 10 characters)" } else { "Password" }}
                <input
                    type="password"
                    required
                    autocomplete=autocomplete
                    data-testid=format!("{p}-password")
                    aria-invalid=move || invalid("password")().to_string()
                    prop:value=password
                    on:input=move |ev| password.set(event_target_value(&ev))
                />
            </label>
            {move || error.get().map(|(_, message)| view! {
                <p class="form-error" role="alert" data-testid=format!("{p}-error")>{message}</p>
            })}
            <button type="submit" class="button primary" data-testid=format!("{p}-submit") disabled=busy>
                {button}
            </button>
        </form>
    }
}

/// `/login`: the forms, or where to go once signed in.
#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_session();
    view! {
        {move || match session.state() {
            SessionState::SignedIn(account) => view! {
                <section class="hero">
                    <p>"Signed in as " <strong>{account.email}</strong> ". " <a href="/">"Go to your designs"</a></p>
                </section>
            }.into_any(),
            _ => view! { <AuthForms /> }.into_any(),
        }}
    }
}
