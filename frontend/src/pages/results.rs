//! «Итоги периода»: a student's marks of a period per subject with the weighted average, the
//! forecast, the finals and the lessons missed (R-D7); a guardian acknowledges the period (R-D2).

use crate::app::Route;
use crate::components::acknowledge::Acknowledgement;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::journal::{mark_text, period_name};
use crate::pages::{load_failed, loading, use_load_keyed, use_title, Load};
use crate::services::access::acknowledges;
use crate::services::diary::{
    average_text, final_kind_name, final_value_text, period_acknowledgements, week_begun,
    weight_text,
};
use crate::services::state::use_app;
use crate::services::week::{day_month, full_date, monday_of, today};
use journal_api_types::diary::{Acknowledge, ResultsQuery, SubjectResult};
use uuid::Uuid;
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub student_id: Uuid,
}

#[component]
pub fn ResultsPage(props: &ResultsProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::ResultsTitle);
    let period = use_state(|| None::<Uuid>);
    let reload = use_state(|| 0_u32);
    let results = use_load_keyed(
        (props.student_id, *period),
        *reload,
        |c, (student, period)| async move {
            c.results(student, &ResultsQuery { period_id: period })
                .await
        },
    );
    let Some(me) = app.me() else {
        return Html::default();
    };
    let retry = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))
    };
    let on_period = {
        let period = period.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            period.set(Uuid::parse_str(&select.value()).ok());
        })
    };
    let body = match &*results {
        Load::Loading => loading(lang),
        Load::Failed(e) => load_failed(lang, e, retry),
        Load::Ready(r) => {
            let on_done = {
                let reload = reload.clone();
                Callback::from(move |_: ()| reload.set(reload.wrapping_add(1)))
            };
            html! {
                <>
                    <p id="results-student" class="lead">
                        { tf(lang, Key::DiaryOf, &[("name", &r.student.name), ("class", &r.student.class_name)]) }
                    </p>
                    <form class="filters" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                        <div class="field">
                            <label for="results-period">{ t(lang, Key::ResultsPeriod) }</label>
                            <select id="results-period" onchange={on_period}>
                                { for r.periods.iter().map(|p| html! {
                                    <option value={p.id.to_string()} selected={p.id == r.period.id}>
                                        { format!("{} ({} – {})", period_name(lang, &p.kind, p.number), full_date(lang, p.starts_on), full_date(lang, p.ends_on)) }
                                    </option>
                                }) }
                            </select>
                        </div>
                    </form>
                    if acknowledges(&me) {
                        <Acknowledgement id="period-ack" title={Key::ResultsAckTitle} button_id="acknowledge-period"
                            not_yet={Key::ResultsAckNotEnded} none={Key::ResultsAckNone} may={week_begun(r.period.starts_on, today())}
                            student_id={r.student.id} what={Acknowledge::Period { period_id: r.period.id }}
                            acks={period_acknowledgements(&r.acknowledgements, r.period.starts_on, r.period.ends_on)
                                .into_iter().cloned().collect::<Vec<_>>()}
                            {on_done} />
                    }
                    if r.subjects.is_empty() {
                        <p class="muted">{ t(lang, Key::ResultsNoSubjects) }</p>
                    } else {
                        <div id="results-subjects" class="results-list">
                            { for r.subjects.iter().map(|s| subject_view(lang, s)) }
                        </div>
                    }
                </>
            }
        }
    };
    html! {
        <section class="page results-page" id="results-page">
            <p><Link<Route> to={Route::DiaryWeek { student_id: props.student_id, monday: monday_of(today()) }}>{ t(lang, Key::DiaryBack) }</Link<Route>></p>
            <h1>{ t(lang, Key::ResultsTitle) }</h1>
            { body }
        </section>
    }
}

fn subject_view(lang: Lang, s: &SubjectResult) -> Html {
    let forecast = s
        .forecast
        .mark
        .map(|m| m.to_string())
        .unwrap_or_else(|| t(lang, Key::Dash).to_owned());
    html! {
        <section class="card results-subject" data-subject={s.subject_id.to_string()}>
            <h2>{ s.subject_name.clone() }</h2>
            <p class="muted">{ s.teacher_name.clone() }</p>
            if s.marks.is_empty() {
                <p class="muted">{ t(lang, Key::ResultsNoMarks) }</p>
            } else {
                <ul class="results-marks plain-list">
                    { for s.marks.iter().map(|m| html! {
                        <li class="diary-mark" title={format!("{}, {}", m.mark.work_type_name, weight_text(lang, m.mark.weight))}>
                            <span class="mark-value">{ mark_text(lang, &m.mark.value) }</span>
                            <span class="mark-about">
                                { format!("{} — {}, {}", day_month(lang, m.lesson_date), m.mark.work_type_name, weight_text(lang, m.mark.weight)) }
                                if let Some(c) = &m.mark.comment {
                                    <span class="mark-comment">{ tf(lang, Key::DiaryComment, &[("text", c)]) }</span>
                                }
                            </span>
                        </li>
                    }) }
                </ul>
            }
            <dl class="results-summary">
                <div><dt>{ t(lang, Key::ResultsAverage) }</dt><dd class="results-average">{ average_text(lang, s.forecast.average) }</dd></div>
                <div><dt>{ t(lang, Key::ResultsForecast) }</dt><dd>{ forecast }</dd></div>
                { for s.finals.iter().map(|f| html! {
                    <div class="results-final">
                        <dt>{ final_kind_name(lang, &f.kind) }</dt>
                        <dd>{ final_value_text(lang, f, |v| mark_text(lang, v)) }</dd>
                    </div>
                }) }
            </dl>
            if s.absences > 0 {
                <p class="diary-attendance absent">{ tf(lang, Key::ResultsAbsences, &[("n", &s.absences.to_string())]) }</p>
            }
        </section>
    }
}
