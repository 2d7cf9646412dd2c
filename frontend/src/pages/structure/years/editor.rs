//! Adding a school year and editing its calendar: the periods and holidays tables.

use super::calendar::{
    calendar_message, calendar_of, calendar_row_cells, number, place_of, validation_errors,
    HolidayRow, PeriodRow, Place,
};
use crate::components::form::row_setter;
use crate::components::problem::{Failure, ProblemMessage};
use crate::i18n::{t, tf, Key};
use crate::services::state::use_app;
use crate::services::week::{full_date, iso, parse_iso, school_year_start, today};
use chrono::{Datelike, NaiveDate};
use journal_api_types::structure::{CreateYearRequest, YearDetail};
use journal_api_types::FieldError;
use journal_client::ClientError;
use std::rc::Rc;
use uuid::Uuid;
use validator::Validate;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct EditorProps {
    /// The year being edited; `None` for a new one.
    pub(super) detail: Option<Rc<YearDetail>>,
    pub(super) existing: Rc<Vec<String>>,
    pub(super) can_manage: bool,
    pub(super) on_saved: Callback<Uuid>,
}

/// What went wrong: field errors placed by row, or another problem.
#[derive(Clone, PartialEq)]
enum YearProblem {
    Fields(Vec<FieldError>),
    Api(Failure),
}

/// The suggested name and dates of a new year: the school year after the newest one known, or
/// the one holding today.
pub(super) fn suggested_year(existing: &[String]) -> (String, NaiveDate, NaiveDate) {
    let mut start = school_year_start(today());
    for _ in 0..5 {
        let name = format!("{}/{}", start.year(), start.year() + 1);
        if !existing.contains(&name) {
            break;
        }
        start = start.with_year(start.year() + 1).unwrap_or(start);
    }
    let end = NaiveDate::from_ymd_opt(start.year() + 1, 8, 31).unwrap_or(start);
    (format!("{}/{}", start.year(), start.year() + 1), start, end)
}

#[component]
pub(super) fn YearEditor(props: &EditorProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let editing = props.detail.is_some();
    let writable = props.can_manage
        && props
            .detail
            .as_ref()
            .is_none_or(|d| d.year.status != "archived");
    let initial = {
        let existing = props.existing.clone();
        use_memo((), move |_| suggested_year(&existing))
    };
    let name = use_state(|| initial.0.clone());
    let starts = use_state(|| iso(initial.1));
    let ends = use_state(|| iso(initial.2));
    let periods = {
        let detail = props.detail.clone();
        use_state(move || match detail {
            Some(d) => d.periods.iter().map(PeriodRow::from).collect::<Vec<_>>(),
            None => (1..=4)
                .map(|n| PeriodRow {
                    kind: "quarter".into(),
                    number: n.to_string(),
                    grade_from: "1".into(),
                    grade_to: "11".into(),
                    ..PeriodRow::default()
                })
                .collect(),
        })
    };
    let holidays = {
        let detail = props.detail.clone();
        use_state(move || match detail {
            Some(d) => d.holidays.iter().map(HolidayRow::from).collect::<Vec<_>>(),
            None => Vec::new(),
        })
    };
    let busy = use_state(|| false);
    let saved = use_state(|| false);
    let problem = use_state(|| None::<YearProblem>);

    let field_errors: Vec<FieldError> = match &*problem {
        Some(YearProblem::Fields(f)) => f.clone(),
        Some(YearProblem::Api(e)) => match &*e.0 {
            ClientError::Api(p) => p.errors.clone(),
            ClientError::Network(_) => Vec::new(),
        },
        None => Vec::new(),
    };
    let messages = |place: Place| -> Vec<String> {
        let mut out: Vec<String> = field_errors
            .iter()
            .filter(|e| place_of(&e.field) == place)
            .map(|e| calendar_message(lang, e))
            .collect();
        out.dedup();
        out
    };

    let onsubmit = {
        let api = app.api.clone();
        let (name, starts, ends, periods, holidays, busy, saved, problem) = (
            name.clone(),
            starts.clone(),
            ends.clone(),
            periods.clone(),
            holidays.clone(),
            busy.clone(),
            saved.clone(),
            problem.clone(),
        );
        let on_saved = props.on_saved.clone();
        let year_id = props.detail.as_ref().map(|d| d.year.id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            saved.set(false);
            let calendar = match calendar_of(&periods, &holidays) {
                Ok(c) => c,
                Err(errors) => {
                    problem.set(Some(YearProblem::Fields(errors)));
                    return;
                }
            };
            let request = match year_id {
                Some(_) => None,
                None => {
                    let (Some(s), Some(en)) = (parse_iso(&starts), parse_iso(&ends)) else {
                        problem.set(Some(YearProblem::Fields(vec![FieldError {
                            field: "starts_on".into(),
                            code: "required".into(),
                            message: None,
                        }])));
                        return;
                    };
                    Some(CreateYearRequest {
                        name: name.trim().to_owned(),
                        starts_on: s,
                        ends_on: en,
                        calendar: calendar.clone(),
                    })
                }
            };
            let local = match &request {
                Some(r) => r.validate().err().map(|e| validation_errors(&e, "")),
                None => calendar
                    .validate()
                    .err()
                    .map(|e| validation_errors(&e, "calendar")),
            };
            if let Some(errors) = local {
                problem.set(Some(YearProblem::Fields(errors)));
                return;
            }
            busy.set(true);
            problem.set(None);
            let (api, busy, saved, problem, on_saved) = (
                api.clone(),
                busy.clone(),
                saved.clone(),
                problem.clone(),
                on_saved.clone(),
            );
            spawn_local(async move {
                let result = match (year_id, request) {
                    (Some(id), _) => {
                        api.call(|c| {
                            let calendar = calendar.clone();
                            async move { c.replace_calendar(id, &calendar).await }
                        })
                        .await
                    }
                    (None, Some(request)) => {
                        api.call(|c| {
                            let request = request.clone();
                            async move { c.create_year(&request).await }
                        })
                        .await
                    }
                    (None, None) => return,
                };
                busy.set(false);
                match result {
                    Ok(detail) => {
                        saved.set(true);
                        on_saved.emit(detail.year.id);
                    }
                    Err(e) => problem.set(Some(YearProblem::Api(Failure::from(e)))),
                }
            });
        })
    };

    let text_setter = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            s.set(input.value());
        })
    };
    let period_setter = |i: usize, set: fn(&mut PeriodRow, String)| row_setter(&periods, i, set);
    let period_kind = |i: usize| {
        let periods = periods.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let mut rows = (*periods).clone();
            if let Some(row) = rows.get_mut(i) {
                row.kind = select.value();
            }
            periods.set(rows);
        })
    };
    let holiday_setter = |i: usize, set: fn(&mut HolidayRow, String)| row_setter(&holidays, i, set);
    let add_period = {
        let periods = periods.clone();
        Callback::from(move |_: MouseEvent| {
            let mut rows = (*periods).clone();
            let next = rows.last().cloned().map(|last| PeriodRow {
                number: number(&last.number)
                    .map(|n| (n + 1).min(4).to_string())
                    .unwrap_or_default(),
                starts_on: String::new(),
                ends_on: String::new(),
                ..last
            });
            rows.push(next.unwrap_or_else(|| PeriodRow {
                kind: "quarter".into(),
                number: "1".into(),
                grade_from: "1".into(),
                grade_to: "11".into(),
                ..PeriodRow::default()
            }));
            periods.set(rows);
        })
    };
    let add_holiday = {
        let holidays = holidays.clone();
        Callback::from(move |_: MouseEvent| {
            let mut rows = (*holidays).clone();
            rows.push(HolidayRow {
                grade_from: "1".into(),
                grade_to: "11".into(),
                ..HolidayRow::default()
            });
            holidays.set(rows);
        })
    };

    let row_errors = |id: String, list: Vec<String>, cols: usize| -> Html {
        if list.is_empty() {
            return Html::default();
        }
        html! {
            <tr class="row-error">
                <td colspan={cols.to_string()}>
                    <p class="field-error" id={id}>{ list.join(" ") }</p>
                </td>
            </tr>
        }
    };
    let year_errors = messages(Place::Year);
    let periods_errors = messages(Place::Periods);
    let holidays_errors = messages(Place::Holidays);
    let api_other = match &*problem {
        Some(YearProblem::Api(e)) if field_errors.is_empty() => Some(e.clone()),
        _ => None,
    };
    let title = match &props.detail {
        Some(d) => tf(lang, Key::CalendarOf, &[("year", &d.year.name)]),
        None => t(lang, Key::NewYear).to_owned(),
    };
    let kinds = [
        ("quarter", Key::KindQuarter),
        ("trimester", Key::KindTrimester),
        ("half", Key::KindHalf),
    ];

    html! {
        <section class="card year-editor" aria-labelledby="year-form-title">
            <h2 id="year-form-title">{ title }</h2>
            <form id="year-form" class="form" onsubmit={onsubmit} novalidate=true>
                <fieldset class="plain" disabled={!writable}>
                    <legend class="visually-hidden">{ t(lang, Key::TabYears) }</legend>
                    if let Some(d) = &props.detail {
                        <p id="year-dates">
                            { tf(lang, Key::YearDates, &[("from", &full_date(lang, d.year.starts_on)), ("to", &full_date(lang, d.year.ends_on))]) }
                        </p>
                    } else {
                        <div class="form grid">
                            <div class="field">
                                <label for="year-name">{ t(lang, Key::ColName) }</label>
                                <input type="text" id="year-name" value={(*name).clone()} oninput={text_setter(&name).reform(Event::from)}
                                    maxlength="20" placeholder="2025/2026" required=true />
                            </div>
                            <div class="field">
                                <label for="year-starts">{ t(lang, Key::StartsOn) }</label>
                                <input type="date" id="year-starts" value={(*starts).clone()} onchange={text_setter(&starts)} required=true />
                            </div>
                            <div class="field">
                                <label for="year-ends">{ t(lang, Key::EndsOn) }</label>
                                <input type="date" id="year-ends" value={(*ends).clone()} onchange={text_setter(&ends)} required=true />
                            </div>
                        </div>
                    }
                    if !year_errors.is_empty() {
                        <p class="field-error" id="year-fields-error">{ year_errors.join(" ") }</p>
                    }

                    <h3 id="periods-title">{ t(lang, Key::Periods) }</h3>
                    <p class="hint">{ t(lang, Key::PeriodsHint) }</p>
                    <div class="table-wrap edit-wrap">
                        <table id="periods-table" class="table edit-table" aria-labelledby="periods-title">
                            <thead>
                                <tr>
                                    <th scope="col">{ t(lang, Key::ColKind) }</th>
                                    <th scope="col">{ t(lang, Key::ColNumber) }</th>
                                    <th scope="col">{ t(lang, Key::ColGrades) }</th>
                                    <th scope="col">{ t(lang, Key::StartsOn) }</th>
                                    <th scope="col">{ t(lang, Key::EndsOn) }</th>
                                    <th scope="col"><span class="visually-hidden">{ t(lang, Key::ColActions) }</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                { for periods.iter().enumerate().map(|(i, p)| {
                                    let errs = messages(Place::Period(i));
                                    let err_id = format!("period-{i}-error");
                                    let described = (!errs.is_empty()).then(|| err_id.clone());
                                    let row_label = tf(lang, Key::PeriodRowLabel, &[("n", &(i + 1).to_string())]);
                                    html! {
                                        <>
                                        <tr id={format!("period-{i}")} class={classes!((!errs.is_empty()).then_some("has-error"))}>
                                            <td data-label={t(lang, Key::ColKind)}>
                                                <select id={format!("period-{i}-kind")} onchange={period_kind(i)}
                                                    aria-label={format!("{row_label}: {}", t(lang, Key::ColKind))} aria-describedby={described.clone()}>
                                                    { for kinds.iter().map(|(code, key)| html! {
                                                        <option value={*code} selected={p.kind == *code}>{ t(lang, *key) }</option>
                                                    }) }
                                                </select>
                                            </td>
                                            <td data-label={t(lang, Key::ColNumber)}>
                                                <input type="number" min="1" max="4" class="narrow" id={format!("period-{i}-number")}
                                                    value={p.number.clone()} oninput={period_setter(i, |r, v| r.number = v).reform(Event::from)}
                                                    aria-label={format!("{row_label}: {}", t(lang, Key::ColNumber))} aria-describedby={described.clone()} />
                                            </td>
                                            { calendar_row_cells(lang, &periods, (i, p), &format!("period-{i}"), &row_label, described.clone()) }
                                        </tr>
                                        { row_errors(err_id, errs, 6) }
                                        </>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </div>
                    if !periods_errors.is_empty() {
                        <p class="field-error" id="periods-error">{ periods_errors.join(" ") }</p>
                    }
                    <p><button type="button" id="add-period" class="button secondary small" onclick={add_period}>{ t(lang, Key::AddPeriod) }</button></p>

                    <h3 id="holidays-title">{ t(lang, Key::Holidays) }</h3>
                    <div class="table-wrap edit-wrap">
                        <table id="holidays-table" class="table edit-table" aria-labelledby="holidays-title">
                            <thead>
                                <tr>
                                    <th scope="col">{ t(lang, Key::ColName) }</th>
                                    <th scope="col">{ t(lang, Key::ColGrades) }</th>
                                    <th scope="col">{ t(lang, Key::StartsOn) }</th>
                                    <th scope="col">{ t(lang, Key::EndsOn) }</th>
                                    <th scope="col"><span class="visually-hidden">{ t(lang, Key::ColActions) }</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                if holidays.is_empty() {
                                    <tr><td colspan="5" class="empty">{ t(lang, Key::NoHolidays) }</td></tr>
                                }
                                { for holidays.iter().enumerate().map(|(i, h)| {
                                    let errs = messages(Place::Holiday(i));
                                    let err_id = format!("holiday-{i}-error");
                                    let described = (!errs.is_empty()).then(|| err_id.clone());
                                    let row_label = tf(lang, Key::HolidayRowLabel, &[("n", &(i + 1).to_string())]);
                                    html! {
                                        <>
                                        <tr id={format!("holiday-{i}")} class={classes!((!errs.is_empty()).then_some("has-error"))}>
                                            <td data-label={t(lang, Key::ColName)}>
                                                <input type="text" id={format!("holiday-{i}-name")} value={h.name.clone()} maxlength="100"
                                                    placeholder={t(lang, Key::HolidayPlaceholder)}
                                                    oninput={holiday_setter(i, |r, v| r.name = v).reform(Event::from)}
                                                    aria-label={format!("{row_label}: {}", t(lang, Key::ColName))} aria-describedby={described.clone()} />
                                            </td>
                                            { calendar_row_cells(lang, &holidays, (i, h), &format!("holiday-{i}"), &row_label, described.clone()) }
                                        </tr>
                                        { row_errors(err_id, errs, 5) }
                                        </>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </div>
                    if !holidays_errors.is_empty() {
                        <p class="field-error" id="holidays-error">{ holidays_errors.join(" ") }</p>
                    }
                    <p><button type="button" id="add-holiday" class="button secondary small" onclick={add_holiday}>{ t(lang, Key::AddHoliday) }</button></p>
                </fieldset>
                if !field_errors.is_empty() {
                    <p id="year-error" class="form-error" role="alert">{ t(lang, Key::CalendarHasProblems) }</p>
                }
                if let Some(e) = api_other {
                    <ProblemMessage id="year-error" error={e} />
                }
                if *saved {
                    <p id="year-saved" class="success" role="status">{ t(lang, Key::Saved) }</p>
                }
                if writable {
                    <div class="form-actions">
                        <button type="submit" id="year-submit" class="button primary" disabled={*busy}>
                            { t(lang, if *busy { Key::Saving } else if editing { Key::SaveCalendar } else { Key::CreateYear }) }
                        </button>
                    </div>
                }
            </form>
        </section>
    }
}
