//! Changing one's password (R-S1, R-S2): forced after signing in with a one-time password, voluntary
//! from the profile.

use crate::app::Route;
use crate::components::field::TextField;
use crate::components::form::SubmitButton;
use crate::components::standalone::Standalone;
use crate::i18n::{problem_key, t, Key};
use crate::pages::use_title;
use crate::services::api::describe_with;
use crate::services::state::use_app;
use journal_client::ClientError;
use journal_domain::password::check_new_password;
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PasswordProps {
    /// The session only allows a password change: nothing else is shown.
    pub forced: bool,
    /// The login, when known, to refuse a password equal to it before asking the server.
    #[prop_or_default]
    pub login: Option<String>,
}

enum Problem {
    Differ,
    Key(Key),
    Api(ClientError),
}

#[component]
pub fn PasswordPage(props: &PasswordProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let forced = props.forced;
    use_title(if forced {
        Key::PasswordTitleForced
    } else {
        Key::PasswordTitle
    });
    let navigator = use_navigator();
    let current = use_state(String::new);
    let new = use_state(String::new);
    let repeat = use_state(String::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<Rc<Problem>>);
    let done = use_state(|| false);

    let login = props
        .login
        .clone()
        .or_else(|| app.me().map(|me| me.login.clone()));

    let onsubmit = {
        let (current, new, repeat, busy, problem, done) = (
            current.clone(),
            new.clone(),
            repeat.clone(),
            busy.clone(),
            problem.clone(),
            done.clone(),
        );
        let api = app.api.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            done.set(false);
            if current.is_empty() || new.is_empty() {
                problem.set(Some(Rc::new(Problem::Key(Key::ErrFieldsRequired))));
                return;
            }
            if *new != *repeat {
                problem.set(Some(Rc::new(Problem::Differ)));
                return;
            }
            // The same rule the server applies (journal-domain), checked here for a quick answer.
            if let Err(p) = check_new_password(&new, login.as_deref().unwrap_or("")) {
                if let Some(key) = problem_key(p.code()) {
                    problem.set(Some(Rc::new(Problem::Key(key))));
                    return;
                }
            }
            problem.set(None);
            busy.set(true);
            let (api, busy, problem, done) =
                (api.clone(), busy.clone(), problem.clone(), done.clone());
            let (current_state, new_state, repeat_state) =
                (current.clone(), new.clone(), repeat.clone());
            let (old, fresh) = ((*current).clone(), (*new).clone());
            let navigator = navigator.clone();
            spawn_local(async move {
                match api.change_password(old, fresh).await {
                    Ok(()) => {
                        if forced {
                            if let Some(navigator) = navigator {
                                navigator.replace(&Route::Home);
                            }
                        } else {
                            current_state.set(String::new());
                            new_state.set(String::new());
                            repeat_state.set(String::new());
                            done.set(true);
                            busy.set(false);
                        }
                    }
                    Err(e) => {
                        problem.set(Some(Rc::new(Problem::Api(e))));
                        busy.set(false);
                    }
                }
            });
        })
    };

    let on_logout = {
        let api = app.api.clone();
        Callback::from(move |_: MouseEvent| {
            let api = api.clone();
            spawn_local(async move { api.logout().await });
        })
    };

    let error_text = problem.as_deref().map(|p| match p {
        Problem::Differ => t(lang, Key::ErrPasswordsDiffer).to_owned(),
        Problem::Key(key) => t(lang, *key).to_owned(),
        Problem::Api(e) => describe_with(lang, e, Key::ErrCurrentPasswordWrong),
    });

    let form = html! {
        <form id="password-form" class="form" onsubmit={onsubmit} novalidate=true>
            <TextField id="current-password" kind="password"
                label={t(lang, if forced { Key::CurrentPasswordForced } else { Key::CurrentPassword })}
                value={(*current).clone()}
                oninput={let s = current.clone(); Callback::from(move |v| s.set(v))}
                autocomplete="current-password" required=true autofocus={forced} />
            <TextField id="new-password" kind="password" label={t(lang, Key::NewPassword)}
                value={(*new).clone()}
                oninput={let s = new.clone(); Callback::from(move |v| s.set(v))}
                hint={t(lang, Key::NewPasswordHint)}
                autocomplete="new-password" required=true />
            <TextField id="new-password-repeat" kind="password" label={t(lang, Key::NewPasswordRepeat)}
                value={(*repeat).clone()}
                oninput={let s = repeat.clone(); Callback::from(move |v| s.set(v))}
                autocomplete="new-password" required=true />
            <p id="password-error" class="form-error" role="alert" hidden={error_text.is_none()}>
                { error_text.unwrap_or_default() }
            </p>
            if *done {
                <p id="password-success" class="success" role="status">{ t(lang, Key::PasswordChanged) }</p>
            }
            <div class="form-actions">
                <SubmitButton id="change-password-submit" busy={*busy} label={Key::ChangePasswordSubmit} />
                if forced {
                    <button type="button" id="password-logout" class="button secondary" onclick={on_logout}>
                        { t(lang, Key::Logout) }
                    </button>
                }
            </div>
        </form>
    };

    if forced {
        html! {
            <Standalone>
                <section class="card auth-card" id="password-page">
                    <h1>{ t(lang, Key::PasswordTitleForced) }</h1>
                    <p class="muted">{ t(lang, Key::PasswordIntroForced) }</p>
                    { form }
                </section>
            </Standalone>
        }
    } else {
        html! {
            <section class="page narrow" id="password-page">
                <h1>{ t(lang, Key::PasswordTitle) }</h1>
                <p class="muted">{ t(lang, Key::PasswordIntro) }</p>
                <div class="card">{ form }</div>
            </section>
        }
    }
}
