//! The profile's «Сеансы и входы» (R-S6) and «Пароль мог попасть к посторонним?» (R-S5): one's own
//! sign-ins with ending any other one, and reporting one's own password compromised.

use crate::components::since::SinceFields;
use crate::i18n::{t, tf, Key};
use crate::pages::{load_failed, loading, use_load_keyed, Load};
use crate::services::api::describe;
use crate::services::browser;
use crate::services::sessions::{
    device_name, session_status, since_problem_key, suspected_since, SinceProblem,
};
use crate::services::state::use_app;
use crate::services::time::local_time;
use chrono::Utc;
use journal_api_types::sessions::{ReportCompromise, SessionView};
use journal_client::ClientError;
use std::rc::Rc;
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

/// What the last «Завершить» did, kept untranslated for the language switch.
#[derive(Clone)]
enum Ended {
    Ok,
    Failed(Rc<ClientError>),
}

/// «Сеансы и входы»: the caller's sessions, newest first, each active one but this one with
/// «Завершить».
#[component]
pub fn SessionsSection() -> Html {
    let app = use_app();
    let lang = app.lang();
    let reload = use_state(|| 0_u32);
    let ended = use_state(|| None::<Ended>);
    let busy = use_state(|| None::<Uuid>);
    let data = use_load_keyed((), *reload, |c, _| async move { c.my_sessions().await });

    let on_end = {
        let api = app.api.clone();
        let (reload, ended, busy) = (reload.clone(), ended.clone(), busy.clone());
        Callback::from(move |(id, device): (Uuid, String)| {
            if !browser::confirm(&tf(lang, Key::SsConfirmEnd, &[("device", &device)])) {
                return;
            }
            let (api, reload, ended, busy) =
                (api.clone(), reload.clone(), ended.clone(), busy.clone());
            busy.set(Some(id));
            spawn_local(async move {
                let result = api
                    .call(|c| async move { c.end_my_session(id).await })
                    .await;
                ended.set(Some(match result {
                    Ok(()) => Ended::Ok,
                    Err(e) => Ended::Failed(Rc::new(e)),
                }));
                busy.set(None);
                reload.set(reload.wrapping_add(1));
            });
        })
    };

    let message = ended.as_ref().map(|m| match m {
        Ended::Ok => html! {
            <p class="success" role="status" id="sessions-message">{ t(lang, Key::SsEndedOk) }</p>
        },
        Ended::Failed(e) => html! {
            <p class="form-error" role="alert" id="sessions-message">{ describe(lang, e) }</p>
        },
    });

    let body = match &*data {
        Load::Loading => loading(lang),
        Load::Failed(e) => {
            let reload = reload.clone();
            load_failed(
                lang,
                e,
                Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1))),
            )
        }
        Load::Ready(sessions) => html! {
            <div class="table-wrap">
                <table id="sessions-table" class="table">
                    <thead>
                        <tr>
                            <th scope="col">{ t(lang, Key::SsDevice) }</th>
                            <th scope="col">{ t(lang, Key::SsAddress) }</th>
                            <th scope="col">{ t(lang, Key::SsStarted) }</th>
                            <th scope="col">{ t(lang, Key::SsLastSeen) }</th>
                            <th scope="col">{ t(lang, Key::SsStatus) }</th>
                            <th scope="col"><span class="visually-hidden">{ t(lang, Key::ColActions) }</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        if sessions.is_empty() {
                            <tr><td colspan="6" class="empty">{ t(lang, Key::SsNone) }</td></tr>
                        }
                        { for sessions.iter().map(|s| html! {
                            <SessionRow session={Rc::new(s.clone())} on_end={on_end.clone()} busy={*busy == Some(s.id)} />
                        }) }
                    </tbody>
                </table>
            </div>
        },
    };

    html! {
        <section class="card stack" id="sessions" aria-labelledby="sessions-title">
            <h2 id="sessions-title">{ t(lang, Key::SsTitle) }</h2>
            <p class="muted">{ t(lang, Key::SsIntro) }</p>
            { for message }
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SessionRowProps {
    session: Rc<SessionView>,
    on_end: Callback<(Uuid, String)>,
    busy: bool,
}

#[component]
fn SessionRow(props: &SessionRowProps) -> Html {
    let lang = use_app().lang();
    let s = &props.session;
    let device = device_name(lang, s);
    let dash = t(lang, Key::Dash);
    let badge = if s.current || s.active {
        "badge ok"
    } else {
        "badge"
    };
    let end = {
        let (cb, id, device) = (props.on_end.clone(), s.id, device.clone());
        Callback::from(move |_: MouseEvent| cb.emit((id, device.clone())))
    };
    html! {
        <tr id={format!("session-{}", s.id)} class={classes!(s.current.then_some("current"))}
            data-current={s.current.then_some("true")}>
            <td data-label={t(lang, Key::SsDevice)} title={s.user_agent.clone()}>{ device.clone() }</td>
            <td data-label={t(lang, Key::SsAddress)}>{ s.address.clone().unwrap_or_else(|| dash.to_owned()) }</td>
            <td data-label={t(lang, Key::SsStarted)} class="nowrap">{ local_time(lang, s.started_at) }</td>
            <td data-label={t(lang, Key::SsLastSeen)} class="nowrap">{ local_time(lang, s.last_seen_at) }</td>
            <td data-label={t(lang, Key::SsStatus)}>
                <span class={classes!(badge, "session-status")}>{ session_status(lang, s) }</span>
                if let Some(at) = s.ended_at.filter(|_| !s.active) {
                    <br /><span class="muted nowrap">{ local_time(lang, at) }</span>
                }
            </td>
            <td class="row-actions">
                if s.active && !s.current {
                    <button type="button" class="button small danger-outline end-session" onclick={end}
                        disabled={props.busy}
                        aria-label={tf(lang, Key::SsEndOf, &[("device", &device)])}>
                        { t(lang, Key::SsEnd) }
                    </button>
                }
            </td>
        </tr>
    }
}

/// Why the self-report is not sent, kept untranslated for the language switch.
enum Problem {
    Since(SinceProblem),
    Understand,
    Api(ClientError),
}

/// «Пароль мог попасть к посторонним?»: the explanation, and a small form behind «Сообщить о
/// компрометации». On success the session is gone and the sign-in page says what to do.
#[component]
pub fn SelfCompromise() -> Html {
    let app = use_app();
    let lang = app.lang();
    let open = use_state(|| false);
    let date = use_state(String::new);
    let time = use_state(String::new);
    let understood = use_state(|| false);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<Rc<Problem>>);

    let on_open = {
        let (open, problem) = (open.clone(), problem.clone());
        Callback::from(move |_: MouseEvent| {
            problem.set(None);
            open.set(!*open);
        })
    };
    let on_understand = {
        let understood = understood.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            understood.set(input.checked());
        })
    };
    let onsubmit = {
        let api = app.api.clone();
        let (date, time, understood, busy, problem) = (
            date.clone(),
            time.clone(),
            understood.clone(),
            busy.clone(),
            problem.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let since = match suspected_since(&date, &time, Utc::now()) {
                Ok(since) => since,
                Err(p) => {
                    problem.set(Some(Rc::new(Problem::Since(p))));
                    return;
                }
            };
            if !*understood {
                problem.set(Some(Rc::new(Problem::Understand)));
                return;
            }
            problem.set(None);
            busy.set(true);
            let (api, busy, problem) = (api.clone(), busy.clone(), problem.clone());
            spawn_local(async move {
                let report = ReportCompromise {
                    suspected_since: since,
                };
                // On success the whole screen becomes the sign-in page.
                if let Err(e) = api.report_my_compromise(report).await {
                    problem.set(Some(Rc::new(Problem::Api(e))));
                    busy.set(false);
                }
            });
        })
    };

    let since_error = match problem.as_deref() {
        Some(Problem::Since(p)) => Some(AttrValue::from(t(lang, since_problem_key(*p)))),
        _ => None,
    };
    let general = match problem.as_deref() {
        Some(Problem::Understand) => Some(t(lang, Key::CpSelfUnderstandRequired).to_owned()),
        Some(Problem::Api(e)) => Some(describe(lang, e)),
        _ => None,
    };

    html! {
        <section class="card stack" id="self-compromise" aria-labelledby="self-compromise-title">
            <h2 id="self-compromise-title">{ t(lang, Key::CpSelfTitle) }</h2>
            <p>{ t(lang, Key::CpSelfText) }</p>
            <div>
                <button type="button" id="self-compromise-open" class="button danger-outline"
                    onclick={on_open} aria-expanded={if *open { "true" } else { "false" }}
                    aria-controls="self-compromise-form">
                    { t(lang, Key::CpSelfOpen) }
                </button>
            </div>
            if *open {
                <form id="self-compromise-form" class="form" onsubmit={onsubmit} novalidate=true>
                    <SinceFields id="self-since" date={(*date).clone()} time={(*time).clone()}
                        on_date={let s = date.clone(); Callback::from(move |v| s.set(v))}
                        on_time={let s = time.clone(); Callback::from(move |v| s.set(v))}
                        error={since_error} />
                    <label class="check" for="self-compromise-understand">
                        <input type="checkbox" id="self-compromise-understand" checked={*understood}
                            onchange={on_understand} />
                        <span>{ t(lang, Key::CpSelfUnderstand) }</span>
                    </label>
                    <p id="self-compromise-error" class="form-error" role="alert" hidden={general.is_none()}>
                        { general.unwrap_or_default() }
                    </p>
                    <div class="form-actions">
                        <button type="submit" id="self-compromise-submit" class="button danger" disabled={*busy}>
                            { t(lang, if *busy { Key::CpSending } else { Key::CpSelfSubmit }) }
                        </button>
                    </div>
                </form>
            }
        </section>
    }
}
