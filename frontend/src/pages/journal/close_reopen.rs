//! Closing and reopening the period (R-F2).

use crate::components::form::{change_setter, input_setter};
use crate::i18n::{t, tf, Key};
use crate::services::api::describe;
use crate::services::browser;
use crate::services::state::use_app;
use crate::services::week::{full_date, parse_iso};
use chrono::Local;
use journal_api_types::journal::{ClosePage, JournalPage, ReopenPage};
use journal_client::VersionedPage;
use std::rc::Rc;
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct CloseReopenProps {
    pub(super) page: Rc<JournalPage>,
    pub(super) keeper: bool,
    pub(super) leads: bool,
    pub(super) assignment_id: Uuid,
    pub(super) period_id: Uuid,
    pub(super) pending: bool,
    pub(super) on_page: Callback<Rc<VersionedPage>>,
}

#[component]
pub(super) fn CloseReopen(props: &CloseReopenProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let reason = use_state(String::new);
    let until = use_state(String::new);
    let problem = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let p = &props.page;
    let (a_id, p_id) = (props.assignment_id, props.period_id);
    let on_close = {
        let (api, problem, busy, on_page) = (
            app.api.clone(),
            problem.clone(),
            busy.clone(),
            props.on_page.clone(),
        );
        let pending = props.pending;
        Callback::from(move |_: MouseEvent| {
            if pending {
                problem.set(Some(t(lang, Key::JrSaveFirst).to_owned()));
                return;
            }
            if !browser::confirm(t(lang, Key::JrCloseConfirm)) {
                return;
            }
            busy.set(true);
            let (api, problem, busy, on_page) =
                (api.clone(), problem.clone(), busy.clone(), on_page.clone());
            spawn_local(async move {
                let result = api
                    .call(|c| async move {
                        c.close_journal(a_id, p_id, &ClosePage { reason: None })
                            .await
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(v) => {
                        problem.set(None);
                        on_page.emit(Rc::new(v));
                    }
                    Err(e) => problem.set(Some(describe(lang, &e))),
                }
            });
        })
    };
    let on_reopen = {
        let (api, problem, busy, on_page, reason, until) = (
            app.api.clone(),
            problem.clone(),
            busy.clone(),
            props.on_page.clone(),
            reason.clone(),
            until.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let request = ReopenPage {
                reason: reason.trim().to_owned(),
                until: parse_iso(&until),
            };
            if request.reason.chars().count() < 3 {
                problem.set(Some(t(lang, Key::JrReasonRequired).to_owned()));
                return;
            }
            busy.set(true);
            let (api, problem, busy, on_page) =
                (api.clone(), problem.clone(), busy.clone(), on_page.clone());
            spawn_local(async move {
                let result = api
                    .call(|c| {
                        let request = request.clone();
                        async move { c.reopen_journal(a_id, p_id, &request).await }
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(v) => {
                        problem.set(None);
                        on_page.emit(Rc::new(v));
                    }
                    Err(e) => problem.set(Some(describe(lang, &e))),
                }
            });
        })
    };
    html! {
        <section class="card" id="journal-locks">
            <h2>{ t(lang, Key::JrLocks) }</h2>
            if p.locks.is_empty() {
                <p class="muted">{ t(lang, Key::JrNoLocks) }</p>
            } else {
                <ul class="journal-locks">
                    { for p.locks.iter().map(|l| html! {
                        <li data-kind={l.kind.clone()}>
                            <span aria-hidden="true">{ if l.kind == "close" { "🔒 " } else { "🔓 " } }</span>
                            <strong>{ t(lang, if l.kind == "close" { Key::JrHClose } else { Key::JrHReopen }) }</strong>
                            { format!(" · {} · {}", l.at.with_timezone(&Local).format("%d.%m.%Y %H:%M"), l.by_name) }
                            if let Some(r) = &l.reason {
                                { format!(" · {r}") }
                            }
                            if let Some(u) = l.until {
                                { format!(" · {}", tf(lang, Key::JrUntil, &[("date", &full_date(lang, u))])) }
                            }
                        </li>
                    }) }
                </ul>
            }
            if props.keeper && !p.locked {
                <button type="button" id="journal-close" class="button secondary" onclick={on_close} disabled={*busy}>
                    { t(lang, Key::JrClose) }
                </button>
            }
            if props.leads && p.locked {
                <form id="journal-reopen" class="form" onsubmit={on_reopen} novalidate=true>
                    <div class="field">
                        <label for="reopen-reason">{ t(lang, Key::JrReopenReason) }</label>
                        <input type="text" id="reopen-reason" maxlength="500" value={(*reason).clone()}
                            oninput={input_setter(&reason)} />
                    </div>
                    <div class="field">
                        <label for="reopen-until">{ t(lang, Key::JrReopenUntil) }</label>
                        <input type="date" id="reopen-until" value={(*until).clone()}
                            onchange={change_setter(&until)} />
                    </div>
                    <button type="submit" id="reopen-submit" class="button primary" disabled={*busy}>{ t(lang, Key::JrReopen) }</button>
                </form>
            }
            if let Some(message) = &*problem {
                <p class="form-error" role="alert" id="journal-lock-error">{ message.clone() }</p>
            }
        </section>
    }
}
