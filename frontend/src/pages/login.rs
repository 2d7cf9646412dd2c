//! Sign-in (R-S1, R-S4): the same message for an unknown login and a wrong password.

use crate::components::field::TextField;
use crate::components::standalone::Standalone;
use crate::i18n::{t, Key};
use crate::pages::use_title;
use crate::services::api::describe;
use crate::services::state::{use_app, Notice};
use journal_client::ClientError;
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LoginProps {
    #[prop_or_default]
    pub notice: Option<Notice>,
}

#[component]
pub fn LoginPage(props: &LoginProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::LoginTitle);
    let login = use_state(String::new);
    let password = use_state(String::new);
    let busy = use_state(|| false);
    // Kept as the error itself so that switching the language translates it too.
    let error = use_state(|| None::<Rc<LoginError>>);

    let onsubmit = {
        let (login, password, busy, error) =
            (login.clone(), password.clone(), busy.clone(), error.clone());
        let api = app.api.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let name = login.trim().to_owned();
            let secret = (*password).clone();
            if name.is_empty() || secret.is_empty() {
                error.set(Some(Rc::new(LoginError::Empty)));
                return;
            }
            busy.set(true);
            error.set(None);
            let (api, busy, error, password) =
                (api.clone(), busy.clone(), error.clone(), password.clone());
            spawn_local(async move {
                // On success the page is replaced; only failures come back here.
                if let Err(e) = api.login(&name, &secret).await {
                    error.set(Some(Rc::new(LoginError::Api(e))));
                    password.set(String::new());
                    busy.set(false);
                }
            });
        })
    };

    let notice = props.notice.map(|n| {
        let key = match n {
            Notice::SessionExpired => Key::NoticeSessionExpired,
            Notice::LoggedOutEverywhere => Key::NoticeLoggedOutEverywhere,
            Notice::ServerUnavailable => Key::NoticeServerUnavailable,
            Notice::CompromiseReported => Key::NoticeCompromiseReported,
        };
        html! { <p class="notice" id="login-notice" role="status">{ t(lang, key) }</p> }
    });

    let error_text = error.as_deref().map(|e| match e {
        LoginError::Empty => t(lang, Key::LoginRequired).to_owned(),
        LoginError::Api(e) => describe(lang, e),
    });

    html! {
        <Standalone>
            <section class="card auth-card">
                <h1>{ t(lang, Key::LoginTitle) }</h1>
                <p class="muted">{ t(lang, Key::LoginIntro) }</p>
                { for notice }
                <form id="login-form" class="form" onsubmit={onsubmit} novalidate=true>
                    <TextField id="login" label={t(lang, Key::LoginLabel)} value={(*login).clone()}
                        oninput={let s = login.clone(); Callback::from(move |v| s.set(v))}
                        autocomplete="username" required=true autofocus=true />
                    <TextField id="password" kind="password" label={t(lang, Key::PasswordLabel)}
                        value={(*password).clone()}
                        oninput={let s = password.clone(); Callback::from(move |v| s.set(v))}
                        autocomplete="current-password" required=true />
                    <p id="login-error" class="form-error" role="alert" hidden={error_text.is_none()}>
                        { error_text.unwrap_or_default() }
                    </p>
                    <button type="submit" id="login-submit" class="button primary wide" disabled={*busy}>
                        { t(lang, if *busy { Key::LoginSubmitting } else { Key::LoginSubmit }) }
                    </button>
                </form>
                <p class="hint">{ t(lang, Key::LoginHint) }</p>
            </section>
        </Standalone>
    }
}

enum LoginError {
    Empty,
    Api(ClientError),
}
