//! School years and their calendars (R-B2): periods per grade range and holidays, edited as two
//! small tables. The server checks the calendar as a whole and names each problem's row
//! (`calendar.periods[1]`); the message is shown under that row.

use crate::components::form::{row_remover, row_setter};
use crate::components::problem::{Failure, ProblemMessage};
use crate::i18n::{field_problem_key, t, tf, Key, Lang};
use crate::pages::{use_load, use_load_keyed, Load};
use crate::services::api::describe;
use crate::services::state::use_app;
use crate::services::week::{full_date, iso, parse_iso, school_year_start, today};
use chrono::{Datelike, NaiveDate};
use journal_api_types::structure::{
    CalendarInput, CreateYearRequest, HolidayInput, PeriodInput, SchoolYear, YearDetail,
};
use journal_api_types::FieldError;
use journal_client::ClientError;
use std::rc::Rc;
use uuid::Uuid;
use validator::Validate;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

/// A period row as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PeriodRow {
    pub kind: String,
    pub number: String,
    pub grade_from: String,
    pub grade_to: String,
    pub starts_on: String,
    pub ends_on: String,
}

/// A holiday row as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HolidayRow {
    pub name: String,
    pub grade_from: String,
    pub grade_to: String,
    pub starts_on: String,
    pub ends_on: String,
}

impl From<&PeriodInput> for PeriodRow {
    fn from(p: &PeriodInput) -> Self {
        PeriodRow {
            kind: p.kind.clone(),
            number: p.number.to_string(),
            grade_from: p.grade_from.to_string(),
            grade_to: p.grade_to.to_string(),
            starts_on: iso(p.starts_on),
            ends_on: iso(p.ends_on),
        }
    }
}

impl From<&HolidayInput> for HolidayRow {
    fn from(h: &HolidayInput) -> Self {
        HolidayRow {
            name: h.name.clone(),
            grade_from: h.grade_from.to_string(),
            grade_to: h.grade_to.to_string(),
            starts_on: iso(h.starts_on),
            ends_on: iso(h.ends_on),
        }
    }
}

/// What a period's and a holiday's rows share: the grades they are for and their dates, as typed.
trait CalendarRow: Clone + 'static {
    fn grade_from(&mut self) -> &mut String;
    fn grade_to(&mut self) -> &mut String;
    fn starts_on(&mut self) -> &mut String;
    fn ends_on(&mut self) -> &mut String;
}

impl CalendarRow for PeriodRow {
    fn grade_from(&mut self) -> &mut String {
        &mut self.grade_from
    }
    fn grade_to(&mut self) -> &mut String {
        &mut self.grade_to
    }
    fn starts_on(&mut self) -> &mut String {
        &mut self.starts_on
    }
    fn ends_on(&mut self) -> &mut String {
        &mut self.ends_on
    }
}

impl CalendarRow for HolidayRow {
    fn grade_from(&mut self) -> &mut String {
        &mut self.grade_from
    }
    fn grade_to(&mut self) -> &mut String {
        &mut self.grade_to
    }
    fn starts_on(&mut self) -> &mut String {
        &mut self.starts_on
    }
    fn ends_on(&mut self) -> &mut String {
        &mut self.ends_on
    }
}

/// The cells a period's and a holiday's rows end with: the grades, the first and last day, and the
/// button removing the row. `row` is row `i` of `rows`, `id` its id (`period-3`); `described`
/// names its errors.
fn calendar_row_cells<R: CalendarRow>(
    lang: Lang,
    rows: &UseStateHandle<Vec<R>>,
    (i, row): (usize, &R),
    id: &str,
    row_label: &str,
    described: Option<String>,
) -> Html {
    let mut row = row.clone();
    let (grade_from, grade_to) = (row.grade_from().clone(), row.grade_to().clone());
    let (starts_on, ends_on) = (row.starts_on().clone(), row.ends_on().clone());
    html! {
        <>
            <td data-label={t(lang, Key::ColGrades)} class="grades">
                <input type="number" min="1" max="11" class="narrow" id={format!("{id}-grade-from")}
                    value={grade_from} oninput={row_setter(rows, i, |r: &mut R, v| *r.grade_from() = v).reform(Event::from)}
                    aria-label={format!("{row_label}: {}", t(lang, Key::GradeFrom))} />
                { "–" }
                <input type="number" min="1" max="11" class="narrow" id={format!("{id}-grade-to")}
                    value={grade_to} oninput={row_setter(rows, i, |r: &mut R, v| *r.grade_to() = v).reform(Event::from)}
                    aria-label={format!("{row_label}: {}", t(lang, Key::GradeTo))} />
            </td>
            <td data-label={t(lang, Key::StartsOn)}>
                <input type="date" id={format!("{id}-starts")} value={starts_on}
                    onchange={row_setter(rows, i, |r: &mut R, v| *r.starts_on() = v)}
                    aria-label={format!("{row_label}: {}", t(lang, Key::StartsOn))} aria-describedby={described.clone()} />
            </td>
            <td data-label={t(lang, Key::EndsOn)}>
                <input type="date" id={format!("{id}-ends")} value={ends_on}
                    onchange={row_setter(rows, i, |r: &mut R, v| *r.ends_on() = v)}
                    aria-label={format!("{row_label}: {}", t(lang, Key::EndsOn))} aria-describedby={described} />
            </td>
            <td>
                <button type="button" class="button small danger-outline" onclick={row_remover(rows, i)}
                    aria-label={format!("{}: {row_label}", t(lang, Key::RemoveRow))}>
                    { t(lang, Key::RemoveRow) }
                </button>
            </td>
        </>
    }
}

/// Where a field error of a calendar belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The year's own fields (name, dates).
    Year,
    /// The periods or holidays as a whole (e.g. their numbering).
    Periods,
    Holidays,
    Period(usize),
    Holiday(usize),
}

/// `calendar.periods[1]`, `periods[1].number` (the calendar alone), `starts_on` …
pub fn place_of(field: &str) -> Place {
    let f = field.strip_prefix("calendar.").unwrap_or(field);
    let index = |rest: &str| rest.split(']').next().and_then(|n| n.parse::<usize>().ok());
    if let Some(rest) = f.strip_prefix("periods[") {
        return index(rest).map_or(Place::Periods, Place::Period);
    }
    if let Some(rest) = f.strip_prefix("holidays[") {
        return index(rest).map_or(Place::Holidays, Place::Holiday);
    }
    match f {
        "periods" => Place::Periods,
        "holidays" => Place::Holidays,
        _ => Place::Year,
    }
}

/// The message of one calendar problem or field rule.
pub fn calendar_message(lang: Lang, e: &FieldError) -> String {
    let key = match e.code.as_str() {
        "year_dates" => Some(Key::CalYearDates),
        "period_invalid" => Some(Key::CalPeriodInvalid),
        "period_outside_year" => Some(Key::CalPeriodOutsideYear),
        "periods_overlap" => Some(Key::CalPeriodsOverlap),
        "period_numbering" => Some(Key::CalPeriodNumbering),
        "holiday_invalid" => Some(Key::CalHolidayInvalid),
        "holiday_outside_year" => Some(Key::CalHolidayOutsideYear),
        "holidays_overlap" => Some(Key::CalHolidaysOverlap),
        "holiday_on_period_edge" => Some(Key::CalHolidayOnPeriodEdge),
        "row_incomplete" => Some(Key::CalRowIncomplete),
        "period_kind" => Some(Key::CalPeriodKind),
        "range" if e.field.ends_with("number") => Some(Key::CalPeriodNumber),
        "range" if e.field.contains("grade") => Some(Key::CalGrades),
        "length" if e.field.ends_with("periods") => Some(Key::CalNoPeriods),
        _ => field_problem_key(&e.field, &e.code),
    };
    match key {
        Some(key) => t(lang, key).to_owned(),
        None => e.message.clone().unwrap_or_else(|| e.code.clone()),
    }
}

fn number(s: &str) -> Option<u8> {
    s.trim().parse().ok()
}

/// The calendar from the rows, or the rows that are not filled in.
pub fn calendar_of(
    periods: &[PeriodRow],
    holidays: &[HolidayRow],
) -> Result<CalendarInput, Vec<FieldError>> {
    let incomplete = |what: &str, i: usize| FieldError {
        field: format!("calendar.{what}[{i}]"),
        code: "row_incomplete".into(),
        message: None,
    };
    let mut errors = Vec::new();
    let mut out = CalendarInput {
        periods: Vec::new(),
        holidays: Vec::new(),
    };
    for (i, p) in periods.iter().enumerate() {
        match (
            number(&p.number),
            number(&p.grade_from),
            number(&p.grade_to),
            parse_iso(&p.starts_on),
            parse_iso(&p.ends_on),
        ) {
            (Some(n), Some(a), Some(b), Some(s), Some(e)) => out.periods.push(PeriodInput {
                id: None,
                kind: p.kind.clone(),
                number: n,
                grade_from: a,
                grade_to: b,
                starts_on: s,
                ends_on: e,
            }),
            _ => errors.push(incomplete("periods", i)),
        }
    }
    for (i, h) in holidays.iter().enumerate() {
        match (
            number(&h.grade_from),
            number(&h.grade_to),
            parse_iso(&h.starts_on),
            parse_iso(&h.ends_on),
        ) {
            (Some(a), Some(b), Some(s), Some(e)) if !h.name.trim().is_empty() => {
                out.holidays.push(HolidayInput {
                    name: h.name.trim().to_owned(),
                    grade_from: a,
                    grade_to: b,
                    starts_on: s,
                    ends_on: e,
                })
            }
            _ => errors.push(incomplete("holidays", i)),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Field errors of a refused `Validate` check, named as the server names them.
fn validation_errors(errors: &validator::ValidationErrors, prefix: &str) -> Vec<FieldError> {
    use validator::ValidationErrorsKind;
    let mut out = Vec::new();
    for (field, kind) in errors.errors() {
        let name = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => out.extend(list.iter().map(|e| FieldError {
                field: name.clone(),
                code: e.code.to_string(),
                message: None,
            })),
            ValidationErrorsKind::Struct(inner) => out.extend(validation_errors(inner, &name)),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    out.extend(validation_errors(inner, &format!("{name}[{i}]")));
                }
            }
        }
    }
    out
}

#[derive(Properties, PartialEq)]
pub struct YearsTabProps {
    pub can_manage: bool,
}

#[component]
pub fn YearsTab(props: &YearsTabProps) -> Html {
    let lang = use_app().lang();
    let reload = use_state(|| 0_u32);
    let editing = use_state(|| None::<Uuid>);
    let years = use_load_keyed((), *reload, |c, _| async move { c.list_years().await });
    let detail = use_load(*editing, |c, id| async move {
        match id {
            Some(id) => c.year(id).await.map(Some),
            None => Ok(None),
        }
    });
    let on_saved = {
        let (reload, editing) = (reload.clone(), editing.clone());
        Callback::from(move |id: Uuid| {
            reload.set(reload.wrapping_add(1));
            editing.set(Some(id));
        })
    };
    let on_new = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(None))
    };
    let list = match &*years {
        Load::Loading => html! { <p class="muted" role="status">{ t(lang, Key::Loading) }</p> },
        Load::Failed(e) => html! { <p class="form-error" role="alert">{ describe(lang, e) }</p> },
        Load::Ready(list) if list.is_empty() => {
            html! { <p class="muted" id="years-empty">{ t(lang, Key::NoYearsYet) }</p> }
        }
        Load::Ready(list) => html! {
            <div class="table-wrap">
                <table id="years-table" class="table">
                    <thead>
                        <tr>
                            <th scope="col">{ t(lang, Key::ColName) }</th>
                            <th scope="col">{ t(lang, Key::ColDates) }</th>
                            <th scope="col">{ t(lang, Key::ColStatus) }</th>
                            <th scope="col">{ t(lang, Key::ColActions) }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for list.iter().map(|y| year_row(lang, y, *editing == Some(y.id), &editing)) }
                    </tbody>
                </table>
            </div>
        },
    };
    let existing: Vec<String> = years
        .ready()
        .map(|l| l.iter().map(|y| y.name.clone()).collect())
        .unwrap_or_default();
    let editor = match (*editing, &*detail) {
        (None, _) if props.can_manage => html! {
            <YearEditor key="new" detail={None::<Rc<YearDetail>>} existing={Rc::new(existing)} can_manage=true {on_saved} />
        },
        (None, _) => Html::default(),
        (Some(_), Load::Ready(Some(d))) => html! {
            <YearEditor key={d.year.id.to_string()} detail={Some(Rc::new(d.clone()))} existing={Rc::new(existing)}
                can_manage={props.can_manage} {on_saved} />
        },
        (Some(_), Load::Failed(e)) => {
            html! { <p class="form-error" role="alert">{ describe(lang, e) }</p> }
        }
        (Some(_), _) => html! { <p class="muted" role="status">{ t(lang, Key::Loading) }</p> },
    };
    html! {
        <section aria-labelledby="years-title">
            <h2 id="years-title">{ t(lang, Key::TabYears) }</h2>
            { list }
            if editing.is_some() && props.can_manage {
                <p><button type="button" id="year-new" class="button secondary" onclick={on_new}>{ t(lang, Key::NewYear) }</button></p>
            }
            { editor }
        </section>
    }
}

fn year_row(
    lang: Lang,
    y: &SchoolYear,
    open: bool,
    editing: &UseStateHandle<Option<Uuid>>,
) -> Html {
    let onclick = {
        let (editing, id) = (editing.clone(), y.id);
        Callback::from(move |_: MouseEvent| editing.set(Some(id)))
    };
    let status = if y.status == "archived" {
        html! { <span class="badge">{ t(lang, Key::YearArchived) }</span> }
    } else {
        html! { <span class="badge ok">{ t(lang, Key::YearOpen) }</span> }
    };
    html! {
        <tr data-year={y.id.to_string()} class={classes!(open.then_some("selected"))}>
            <td data-label={t(lang, Key::ColName)}>{ y.name.clone() }</td>
            <td data-label={t(lang, Key::ColDates)} class="nowrap">
                { format!("{} – {}", full_date(lang, y.starts_on), full_date(lang, y.ends_on)) }
            </td>
            <td data-label={t(lang, Key::ColStatus)}>{ status }</td>
            <td data-label={t(lang, Key::ColActions)}>
                <button type="button" class="button small secondary year-edit" {onclick}
                    aria-label={format!("{}: {}", t(lang, Key::Calendar), y.name)}>
                    { t(lang, Key::Calendar) }
                </button>
            </td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    /// The year being edited; `None` for a new one.
    detail: Option<Rc<YearDetail>>,
    existing: Rc<Vec<String>>,
    can_manage: bool,
    on_saved: Callback<Uuid>,
}

/// What went wrong: field errors placed by row, or another problem.
#[derive(Clone, PartialEq)]
enum YearProblem {
    Fields(Vec<FieldError>),
    Api(Failure),
}

/// The suggested name and dates of a new year: the school year after the newest one known, or
/// the one holding today.
fn suggested_year(existing: &[String]) -> (String, NaiveDate, NaiveDate) {
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
fn YearEditor(props: &EditorProps) -> Html {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_placed_by_row() {
        assert_eq!(place_of("calendar.periods[1]"), Place::Period(1));
        assert_eq!(place_of("periods[0].number"), Place::Period(0));
        assert_eq!(place_of("calendar.holidays[12]"), Place::Holiday(12));
        assert_eq!(place_of("calendar.periods"), Place::Periods);
        assert_eq!(place_of("starts_on"), Place::Year);
        assert_eq!(place_of("name"), Place::Year);
    }

    #[test]
    fn calendar_problems_are_translated() {
        let e = FieldError {
            field: "calendar.periods[1]".into(),
            code: "periods_overlap".into(),
            message: Some("periods 0 and 1 overlap for the same grades".into()),
        };
        assert!(calendar_message(Lang::Ru, &e).contains("пересекается"));
        let unknown = FieldError {
            field: "calendar.periods[1]".into(),
            code: "something_new".into(),
            message: Some("as the server says".into()),
        };
        assert_eq!(calendar_message(Lang::Ru, &unknown), "as the server says");
    }

    #[test]
    fn rows_become_a_calendar_or_name_the_incomplete_ones() {
        let period = PeriodRow {
            kind: "quarter".into(),
            number: "1".into(),
            grade_from: "1".into(),
            grade_to: "11".into(),
            starts_on: "2025-09-01".into(),
            ends_on: "2025-10-24".into(),
        };
        let holiday = HolidayRow {
            name: " Осенние каникулы ".into(),
            grade_from: "1".into(),
            grade_to: "11".into(),
            starts_on: "2025-10-25".into(),
            ends_on: "2025-11-04".into(),
        };
        let calendar = calendar_of(std::slice::from_ref(&period), &[holiday]).unwrap();
        assert_eq!(calendar.periods.len(), 1);
        assert_eq!(calendar.holidays[0].name, "Осенние каникулы");
        let blank = PeriodRow {
            ends_on: String::new(),
            ..period.clone()
        };
        let errors = calendar_of(&[period, blank], &[]).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(place_of(&errors[0].field), Place::Period(1));
    }

    #[test]
    fn a_new_year_follows_the_known_ones() {
        let (name, start, end) = suggested_year(&[]);
        assert_eq!(start, school_year_start(today()));
        assert_eq!(end.month(), 8);
        assert_eq!(name, format!("{}/{}", start.year(), start.year() + 1));
        let (next, next_start, _) = suggested_year(&[name]);
        assert_eq!(next_start.year(), start.year() + 1);
        assert_ne!(next, "");
    }
}
