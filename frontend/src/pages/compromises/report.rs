//! «Пароль скомпрометирован» on the users page (R-S5): the admin reports an account's password
//! leaked, with an optional «подозреваю с»; the answer carries the new one-time password.

use crate::components::focus::use_focus_on;
use crate::components::since::SinceFields;
use crate::i18n::{t, tf, Key};
use crate::services::api::describe;
use crate::services::sessions::{since_problem_key, suspected_since, SinceProblem};
use crate::services::state::use_app;
use chrono::Utc;
use journal_api_types::sessions::{CompromiseReported, ReportCompromise};
use journal_client::ClientError;
use std::rc::Rc;
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReportCompromiseFormProps {
    pub user_id: Uuid,
    /// «Фамилия Имя Отчество» of the account.
    pub name: AttrValue,
    pub on_done: Callback<CompromiseReported>,
    pub on_cancel: Callback<()>,
}

/// Why the report is not sent, kept untranslated for the language switch.
enum Problem {
    Since(SinceProblem),
    Api(ClientError),
}

#[component]
pub fn ReportCompromiseForm(props: &ReportCompromiseFormProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let date = use_state(String::new);
    let time = use_state(String::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<Rc<Problem>>);
    // The form opens at the top of the page, far from the row's button on a phone.
    let panel = use_focus_on(props.user_id);

    let onsubmit = {
        let api = app.api.clone();
        let (date, time, busy, problem) =
            (date.clone(), time.clone(), busy.clone(), problem.clone());
        let (user_id, on_done) = (props.user_id, props.on_done.clone());
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
            problem.set(None);
            busy.set(true);
            let (api, busy, problem, on_done) =
                (api.clone(), busy.clone(), problem.clone(), on_done.clone());
            spawn_local(async move {
                let report = ReportCompromise {
                    suspected_since: since,
                };
                let result = api
                    .call(|c| {
                        let report = report.clone();
                        async move { c.report_compromise(user_id, &report).await }
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(done) => on_done.emit(done),
                    Err(e) => problem.set(Some(Rc::new(Problem::Api(e)))),
                }
            });
        })
    };
    let on_cancel = {
        let cb = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };

    let since_error = match problem.as_deref() {
        Some(Problem::Since(p)) => Some(AttrValue::from(t(lang, since_problem_key(*p)))),
        _ => None,
    };
    let general = match problem.as_deref() {
        Some(Problem::Api(e)) => Some(describe(lang, e)),
        _ => None,
    };
    html! {
        <section id="compromise-panel" class="card stack" tabindex="-1" ref={panel}
            aria-labelledby="compromise-title">
            <h2 id="compromise-title">{ tf(lang, Key::CpUserTitle, &[("name", &props.name)]) }</h2>
            <p>{ t(lang, Key::CpUserText) }</p>
            <form id="compromise-form" class="form" onsubmit={onsubmit} novalidate=true>
                <SinceFields id="compromise-since" date={(*date).clone()} time={(*time).clone()}
                    on_date={let s = date.clone(); Callback::from(move |v| s.set(v))}
                    on_time={let s = time.clone(); Callback::from(move |v| s.set(v))}
                    error={since_error} />
                <p id="compromise-error" class="form-error" role="alert" hidden={general.is_none()}>
                    { general.unwrap_or_default() }
                </p>
                <div class="form-actions">
                    <button type="submit" id="compromise-submit" class="button danger" disabled={*busy}>
                        { t(lang, if *busy { Key::CpSending } else { Key::CpUserSubmit }) }
                    </button>
                    <button type="button" id="compromise-cancel" class="button secondary" onclick={on_cancel}>
                        { t(lang, Key::Cancel) }
                    </button>
                </div>
            </form>
        </section>
    }
}
