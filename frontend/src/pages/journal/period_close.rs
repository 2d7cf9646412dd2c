//! «Закрытие периода» (R-F2; issue 12, item 8): the deputy or the director closes a period for
//! every page of a class, or of the whole school, in one action — or reopens it with a reason —
//! and sees how many pages changed and which did not, and why.

use super::period_name;
use crate::components::form::{change_setter, input_setter};
use crate::i18n::{error_key, t, tf, Key, Lang};
use crate::services::api::describe;
use crate::services::browser;
use crate::services::state::use_app;
use crate::services::week::{parse_iso, today};
use chrono::NaiveDate;
use journal_api_types::journal::{BulkClose, BulkLockPage, BulkLockResult, BulkReopen};
use journal_api_types::structure::{Class, PeriodInput};
use std::rc::Rc;
use uuid::Uuid;
use web_sys::HtmlSelectElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct PeriodCloseProps {
    /// The current year's periods.
    pub(super) periods: Rc<Vec<PeriodInput>>,
    /// The current year's classes, in order.
    pub(super) classes: Rc<Vec<Class>>,
}

/// The periods offered for a class of `grade`, or for the whole school: by start, then grades.
pub(crate) fn offered(periods: &[PeriodInput], grade: Option<u8>) -> Vec<&PeriodInput> {
    let mut out: Vec<&PeriodInput> = periods
        .iter()
        .filter(|p| p.id.is_some())
        .filter(|p| grade.is_none_or(|g| p.grade_from <= g && g <= p.grade_to))
        .collect();
    out.sort_by_key(|p| (p.starts_on, p.grade_from));
    out
}

/// The period chosen first among `offered`: the one holding `day`, else the latest begun, else
/// the first (as a journal page opens).
fn first_choice(offered: &[&PeriodInput], day: NaiveDate) -> Option<Uuid> {
    offered
        .iter()
        .find(|p| p.starts_on <= day && day <= p.ends_on)
        .or_else(|| offered.iter().rev().find(|p| p.starts_on <= day))
        .or_else(|| offered.first())
        .and_then(|p| p.id)
}

/// «2 четверть · 05.11–26.12 · 1–9 кл.»
pub(crate) fn period_label(lang: Lang, p: &PeriodInput) -> String {
    format!(
        "{} · {}–{} · {}",
        period_name(lang, &p.kind, p.number),
        p.starts_on.format("%d.%m"),
        p.ends_on.format("%d.%m"),
        tf(
            lang,
            Key::JrBulkGrades,
            &[
                ("from", &p.grade_from.to_string()),
                ("to", &p.grade_to.to_string())
            ]
        )
    )
}

/// «7А — Английский язык (7А, 1 группа) — Иванова Мария Петровна»
fn page_label(p: &BulkLockPage) -> String {
    let subject = match &p.group_name {
        Some(g) => format!("{} ({g})", p.subject_name),
        None => p.subject_name.clone(),
    };
    format!("{} — {subject} — {}", p.class_name, p.teacher_name)
}

/// What was asked last, for the summary's words.
#[derive(Clone, Copy, PartialEq)]
enum Asked {
    Close,
    Reopen,
}

/// A request of the section: its body.
#[derive(Clone)]
enum Request {
    Close(BulkClose),
    Reopen(BulkReopen),
}

impl Request {
    fn asked(&self) -> Asked {
        match self {
            Request::Close(_) => Asked::Close,
            Request::Reopen(_) => Asked::Reopen,
        }
    }
}

#[component]
pub(super) fn PeriodClose(props: &PeriodCloseProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let class = use_state(|| None::<Uuid>);
    let period = use_state(|| None::<Uuid>);
    let reason = use_state(String::new);
    let until = use_state(String::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<String>);
    let outcome = use_state(|| None::<(Asked, Rc<BulkLockResult>)>);

    let grade = class.and_then(|id| props.classes.iter().find(|k| k.id == id).map(|k| k.grade));
    let periods = offered(&props.periods, grade);
    // The chosen period while it is offered for the chosen class, else the first choice.
    let chosen = (*period)
        .filter(|id| periods.iter().any(|p| p.id == Some(*id)))
        .or_else(|| first_choice(&periods, today()));
    let chosen_period = periods.iter().find(|p| p.id == chosen).copied();
    let class_name = class.and_then(|id| {
        props
            .classes
            .iter()
            .find(|k| k.id == id)
            .map(|k| k.name.clone())
    });

    let on_period = {
        let (period, outcome) = (period.clone(), outcome.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            period.set(Uuid::parse_str(&select.value()).ok());
            outcome.set(None);
        })
    };
    let on_class = {
        let (class, outcome) = (class.clone(), outcome.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            class.set(Uuid::parse_str(&select.value()).ok());
            outcome.set(None);
        })
    };
    // Sends a close or a reopen and shows what it came to.
    let send = {
        let (api, busy, problem, outcome) = (
            app.api.clone(),
            busy.clone(),
            problem.clone(),
            outcome.clone(),
        );
        move |request: Request| {
            let asked = request.asked();
            busy.set(true);
            problem.set(None);
            outcome.set(None);
            let (api, busy, problem, outcome) =
                (api.clone(), busy.clone(), problem.clone(), outcome.clone());
            spawn_local(async move {
                let result = api
                    .call(|c| {
                        let request = request.clone();
                        async move {
                            match request {
                                Request::Close(body) => c.bulk_close(&body).await,
                                Request::Reopen(body) => c.bulk_reopen(&body).await,
                            }
                        }
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(r) => outcome.set(Some((asked, Rc::new(r)))),
                    Err(e) => problem.set(Some(describe(lang, &e))),
                }
            });
        }
    };
    let on_close = {
        let send = send.clone();
        let (class, class_name) = (*class, class_name.clone());
        let label = chosen_period.map(|p| period_name(lang, &p.kind, p.number));
        Callback::from(move |_: MouseEvent| {
            let (Some(period_id), Some(label)) = (chosen, label.as_deref()) else {
                return;
            };
            let question = match &class_name {
                Some(name) => tf(
                    lang,
                    Key::JrBulkCloseClassConfirm,
                    &[("period", label), ("class", name)],
                ),
                None => tf(lang, Key::JrBulkCloseSchoolConfirm, &[("period", label)]),
            };
            if !browser::confirm(&question) {
                return;
            }
            send(Request::Close(BulkClose {
                period_id,
                class_id: class,
                reason: None,
            }));
        })
    };
    let on_reopen = {
        let (reason, until, problem, class) =
            (reason.clone(), until.clone(), problem.clone(), *class);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(period_id) = chosen else {
                return;
            };
            let text = reason.trim().to_owned();
            if text.is_empty() {
                problem.set(Some(t(lang, Key::JrBulkReasonRequired).to_owned()));
                return;
            }
            send(Request::Reopen(BulkReopen {
                period_id,
                class_id: class,
                reason: text,
                until: parse_iso(&until),
            }));
        })
    };

    let summary = outcome.as_ref().map(|(asked, r)| {
        let (done, not_done) = match asked {
            Asked::Close => (Key::JrBulkClosed, Key::JrBulkNotClosed),
            Asked::Reopen => (Key::JrBulkReopened, Key::JrBulkNotReopened),
        };
        html! {
            <div id="bulk-lock-result" role="status">
                if r.done.is_empty() && r.skipped.is_empty() {
                    <p class="muted">{ t(lang, Key::JrNothing) }</p>
                } else {
                    <p id="bulk-lock-done"><strong>{ tf(lang, done, &[("n", &r.done.len().to_string())]) }</strong></p>
                }
                if !r.skipped.is_empty() {
                    <p>{ tf(lang, not_done, &[("n", &r.skipped.len().to_string())]) }</p>
                    <ul id="bulk-lock-skipped">
                        { for r.skipped.iter().map(|s| html! {
                            <li data-assignment-id={s.page.assignment_id.to_string()} data-code={s.code.as_str()}>
                                { format!("{}: {}", page_label(&s.page), t(lang, error_key(s.code))) }
                            </li>
                        }) }
                    </ul>
                }
            </div>
        }
    });

    html! {
        <section class="card" id="bulk-lock" aria-labelledby="bulk-lock-title">
            <h2 id="bulk-lock-title">{ t(lang, Key::JrBulkTitle) }</h2>
            <p class="muted">{ t(lang, Key::JrBulkIntro) }</p>
            <div class="field">
                <label for="bulk-class">{ t(lang, Key::JrClass) }</label>
                <select id="bulk-class" onchange={on_class} disabled={*busy}>
                    <option value="" selected={class.is_none()}>{ t(lang, Key::JrBulkWholeSchool) }</option>
                    { for props.classes.iter().map(|k| html! {
                        <option value={k.id.to_string()} selected={*class == Some(k.id)}>{ k.name.clone() }</option>
                    }) }
                </select>
            </div>
            <div class="field">
                <label for="bulk-period">{ t(lang, Key::JrPeriod) }</label>
                <select id="bulk-period" onchange={on_period} disabled={*busy}>
                    { for periods.iter().map(|p| html! {
                        <option value={p.id.map(|id| id.to_string()).unwrap_or_default()} selected={p.id == chosen}>
                            { period_label(lang, p) }
                        </option>
                    }) }
                </select>
            </div>
            <div class="actions">
                <button type="button" id="bulk-close" class="button primary" onclick={on_close}
                    disabled={*busy || chosen.is_none()}>
                    { t(lang, Key::JrClose) }
                </button>
            </div>
            <form id="bulk-reopen" class="form" onsubmit={on_reopen} novalidate=true>
                <div class="field">
                    <label for="bulk-reopen-reason">{ t(lang, Key::JrReopenReason) }</label>
                    <input type="text" id="bulk-reopen-reason" maxlength="500" required=true
                        value={(*reason).clone()} oninput={input_setter(&reason)} />
                </div>
                <div class="field">
                    <label for="bulk-reopen-until">{ t(lang, Key::JrReopenUntil) }</label>
                    <input type="date" id="bulk-reopen-until" value={(*until).clone()}
                        onchange={change_setter(&until)} />
                </div>
                <button type="submit" id="bulk-reopen-submit" class="button secondary"
                    disabled={*busy || chosen.is_none()}>
                    { t(lang, Key::JrBulkReopen) }
                </button>
            </form>
            if let Some(message) = &*problem {
                <p class="form-error" role="alert" id="bulk-lock-error">{ message.clone() }</p>
            }
            { summary.unwrap_or_default() }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(kind: &str, number: u8, grades: (u8, u8), span: (&str, &str)) -> PeriodInput {
        PeriodInput {
            id: Some(Uuid::new_v4()),
            kind: kind.into(),
            number,
            grade_from: grades.0,
            grade_to: grades.1,
            starts_on: span.0.parse().unwrap(),
            ends_on: span.1.parse().unwrap(),
        }
    }

    #[test]
    fn a_class_is_offered_the_periods_of_its_grade_and_the_school_every_period() {
        let periods = [
            period("half", 1, (10, 11), ("2025-09-01", "2025-12-26")),
            period("quarter", 1, (1, 9), ("2025-09-01", "2025-10-24")),
            period("quarter", 2, (1, 9), ("2025-11-05", "2025-12-26")),
        ];
        let numbers = |list: Vec<&PeriodInput>| -> Vec<(String, u8)> {
            list.iter().map(|p| (p.kind.clone(), p.number)).collect()
        };
        assert_eq!(
            numbers(offered(&periods, Some(7))),
            [("quarter".into(), 1), ("quarter".into(), 2)]
        );
        assert_eq!(numbers(offered(&periods, Some(10))), [("half".into(), 1)]);
        assert_eq!(offered(&periods, None).len(), 3);
        // The period under way is offered first; between periods the one just ended.
        let seventh = offered(&periods, Some(7));
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(first_choice(&seventh, day("2025-11-10")), periods[2].id);
        assert_eq!(first_choice(&seventh, day("2025-10-30")), periods[1].id);
        assert_eq!(first_choice(&seventh, day("2026-01-05")), periods[2].id);
        assert_eq!(first_choice(&seventh, day("2025-08-20")), periods[1].id);
        assert_eq!(first_choice(&[], day("2025-09-10")), None);
    }

    #[test]
    fn a_page_is_named_by_class_subject_group_and_teacher() {
        let page = BulkLockPage {
            assignment_id: Uuid::nil(),
            class_id: Uuid::nil(),
            class_name: "7А".into(),
            group_name: Some("7А, 1 группа".into()),
            subject_name: "Английский язык".into(),
            teacher_name: "Иванова Мария Петровна".into(),
        };
        assert_eq!(
            page_label(&page),
            "7А — Английский язык (7А, 1 группа) — Иванова Мария Петровна"
        );
        assert_eq!(
            period_label(
                Lang::Ru,
                &period("quarter", 2, (1, 9), ("2025-11-05", "2025-12-26"))
            ),
            "2 четверть · 05.11–26.12 · 1–9 кл."
        );
    }
}
