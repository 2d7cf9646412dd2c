//! Diary access: an account for a guardian or a student, its one-time password shown once (R-S1).

use super::forms::{closer, opener, FormEnd};
use crate::components::field::TextField;
use crate::components::focus::use_focus_on;
use crate::components::form::{accepted, send_then, text_setter};
use crate::components::problem::{field_message, FormProblem};
use crate::i18n::{t, tf, Key};
use crate::services::people;
use crate::services::state::use_app;
use crate::services::time::local_time;
use journal_api_types::diary::DiaryAccount;
use journal_client::Client;
use std::rc::Rc;
use uuid::Uuid;
use yew::prelude::*;

/// Whose diary account is given.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum AccountFor {
    Guardian(Uuid),
    Student(Uuid),
}

impl AccountFor {
    fn prefix(self) -> String {
        match self {
            AccountFor::Guardian(id) => format!("access-guardian-{id}"),
            AccountFor::Student(_) => "access-student".to_owned(),
        }
    }

    fn note(self) -> Key {
        match self {
            AccountFor::Guardian(_) => Key::DiaryAccessNoteGuardian,
            AccountFor::Student(_) => Key::DiaryAccessNoteStudent,
        }
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct DiaryAccessProps {
    pub(super) target: AccountFor,
    pub(super) name: AttrValue,
    /// A note shown before the button, e.g. that no consent is registered.
    #[prop_or_default]
    pub(super) hint: Option<Key>,
}

/// «Выдать доступ к дневнику»: a login, then the one-time password shown once (R-S1). Whether the
/// person already has an account is not known beforehand; the server's `account_exists` says so.
#[component]
pub(super) fn DiaryAccess(props: &DiaryAccessProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let open = use_state(|| false);
    let login = use_state(String::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<FormProblem>);
    let issued = use_state(|| None::<Rc<DiaryAccount>>);
    let exists = use_state(|| false);
    let prefix = props.target.prefix();

    if let Some(account) = &*issued {
        let on_close = {
            let (issued, exists) = (issued.clone(), exists.clone());
            Callback::from(move |()| {
                issued.set(None);
                exists.set(true);
            })
        };
        return html! {
            <AccountPanel prefix={prefix} account={account.clone()} note={props.target.note()} {on_close} />
        };
    }
    if *exists {
        return html! {
            <p class="muted" id={format!("{prefix}-exists")} role="status">{ t(lang, Key::DiaryAccessExists) }</p>
        };
    }
    if !*open {
        let show = opener(&open);
        return html! {
            <div class="diary-access" id={prefix.clone()}>
                if let Some(hint) = props.hint {
                    <p class="muted" id={format!("{prefix}-hint")}>{ t(lang, hint) }</p>
                }
                <div class="actions">
                    <button type="button" class="button small secondary access-give" onclick={show}
                        aria-label={format!("{}: {}", t(lang, Key::DiaryAccessGive), props.name)}>
                        { t(lang, Key::DiaryAccessGive) }
                    </button>
                </div>
            </div>
        };
    }
    let onsubmit = {
        let (api, login, busy, problem, issued, exists, open) = (
            app.api.clone(),
            login.clone(),
            busy.clone(),
            problem.clone(),
            issued.clone(),
            exists.clone(),
            open.clone(),
        );
        let target = props.target;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let Some(input) = accepted(&problem, people::account_input(&login)) else {
                return;
            };
            problem.set(None);
            let (problem, issued, exists, open) = (
                problem.clone(),
                issued.clone(),
                exists.clone(),
                open.clone(),
            );
            let give = move |c: Client, input| async move {
                match target {
                    AccountFor::Guardian(id) => c.guardian_account(id, &input).await,
                    AccountFor::Student(id) => c.student_account(id, &input).await,
                }
            };
            send_then(&api, &busy, input, give, move |result| match result {
                Ok(account) => {
                    open.set(false);
                    issued.set(Some(Rc::new(account)));
                }
                Err(e) if people::is_account_exists(&e) => {
                    open.set(false);
                    exists.set(true);
                }
                Err(e) => problem.set(Some(FormProblem::api(e))),
            });
        })
    };
    let cancel = closer(&open, &problem);
    html! {
        <form id={format!("{prefix}-form")} class="form grid access-form" {onsubmit} novalidate=true
            aria-label={format!("{}: {}", t(lang, Key::DiaryAccessGive), props.name)}>
            <TextField id={format!("{prefix}-login")} label={t(lang, Key::DiaryAccessLogin)}
                value={(*login).clone()} oninput={text_setter(&login)} required=true autocomplete="off"
                hint={t(lang, Key::DiaryAccessLoginHint)}
                error={field_message(lang, problem.as_ref(), "login")} />
            <FormEnd error_id={format!("{prefix}-error")} problem={(*problem).clone()} busy={*busy}
                label={Key::DiaryAccessSubmit} on_cancel={cancel} />
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct AccountPanelProps {
    prefix: String,
    account: Rc<DiaryAccount>,
    note: Key,
    on_close: Callback<()>,
}

/// The new account's login and one-time password with its expiry, shown once.
#[component]
fn AccountPanel(props: &AccountPanelProps) -> Html {
    let lang = use_app().lang();
    // Move the focus to the panel so keyboard and screen-reader users find the password.
    let panel = use_focus_on(props.account.clone());
    let a = &props.account;
    let p = &props.prefix;
    let on_close = {
        let cb = props.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <section id={format!("{p}-issued")} class="card password-panel" tabindex="-1" ref={panel}
            role="status" aria-labelledby={format!("{p}-issued-title")}>
            <h3 id={format!("{p}-issued-title")}>{ t(lang, Key::DiaryAccessGiven) }</h3>
            <p class="access-login">{ tf(lang, Key::DiaryAccessLoginIs, &[("login", &a.login)]) }</p>
            <p>
                { t(lang, Key::DiaryAccessPassword) }
                { " " }
                <span class="password-value"><code class="access-password">{ a.one_time_password.clone() }</code></span>
            </p>
            <p class="access-expires">
                { tf(lang, Key::DiaryAccessExpires, &[("time", &local_time(lang, a.expires_at))]) }
            </p>
            <p class="note"><strong>{ t(lang, props.note) }</strong></p>
            <p class="muted">{ t(lang, Key::DiaryAccessShownOnce) }</p>
            <button type="button" class="button secondary access-close" onclick={on_close}>
                { t(lang, Key::Close) }
            </button>
        </section>
    }
}
