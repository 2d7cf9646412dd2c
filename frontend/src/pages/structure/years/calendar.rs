//! A calendar's rows as typed: periods and holidays, their cells, and where each problem is shown.

use crate::components::form::{row_remover, row_setter};
use crate::i18n::{field_problem_key, t, Key, Lang};
use crate::services::week::{iso, parse_iso};
use journal_api_types::structure::{CalendarInput, HolidayInput, PeriodInput};
use journal_api_types::FieldError;
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
pub(super) trait CalendarRow: Clone + 'static {
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
pub(super) fn calendar_row_cells<R: CalendarRow>(
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

pub(super) fn number(s: &str) -> Option<u8> {
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
pub(super) fn validation_errors(
    errors: &validator::ValidationErrors,
    prefix: &str,
) -> Vec<FieldError> {
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
