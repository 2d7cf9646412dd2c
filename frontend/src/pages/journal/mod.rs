//! «Журнал»: choosing a page (teaching assignment × period) and the grid of a page — students ×
//! lessons with marks and attendance, averages, forecasts and finals (R-J1–R-J7, R-F1–R-F6).
//! Keyboard first: arrows and Tab move, 1–5 marks, «н» absent, «о» late, Delete clears, Ctrl+Z
//! undoes, Enter saves; changes are queued and saved in batches with `If-Match`.

mod cell_panel;
mod close_reopen;
mod finals_panel;
mod grid;
mod homework_files;
mod lesson_panel;
mod period_close;
mod pick;
mod remarks_panel;
mod words;

pub(crate) use period_close::{offered as offered_periods, period_label};
pub use pick::JournalPickPage;
pub use words::mark_text;

use crate::app::Route;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::{load_failed, loading, use_load_keyed, use_title, Load};
use crate::services::state::use_app;
use crate::services::week::today;
use chrono::NaiveDate;
use grid::Grid;
use journal_api_types::auth::Me;
use journal_api_types::journal::PageLesson;
use journal_api_types::structure::PeriodInput;
use journal_api_types::Role;
use journal_domain::timetable::ChangeKind;
use std::rc::Rc;
use uuid::Uuid;
use yew::prelude::*;
use yew_router::prelude::*;

/// Who may open the journal at all: teachers, class teachers, the deputy and the director (R-A3:
/// never students or guardians).
pub fn sees_journal(me: &Me) -> bool {
    [
        Role::Teacher,
        Role::ClassTeacher,
        Role::Deputy,
        Role::Director,
    ]
    .iter()
    .any(|r| me.roles.contains(r))
}

fn leads(me: &Me) -> bool {
    me.roles.contains(&Role::Deputy) || me.roles.contains(&Role::Director)
}

/// The period a page opens with: the one holding `day`, else the latest begun, else the first.
pub fn default_period(periods: &[PeriodInput], grade: u8, day: NaiveDate) -> Option<Uuid> {
    let mut mine: Vec<&PeriodInput> = periods
        .iter()
        .filter(|p| p.grade_from <= grade && grade <= p.grade_to)
        .collect();
    mine.sort_by_key(|p| p.starts_on);
    mine.iter()
        .find(|p| p.starts_on <= day && day <= p.ends_on)
        .or_else(|| mine.iter().rev().find(|p| p.starts_on <= day))
        .or_else(|| mine.first())
        .and_then(|p| p.id)
}

pub fn period_name(lang: Lang, kind: &str, number: u8) -> String {
    let key = match kind {
        "quarter" => Key::JrQuarter,
        "trimester" => Key::JrTrimester,
        _ => Key::JrHalf,
    };
    tf(lang, key, &[("n", &number.to_string())])
}

/// The school's today (`week::today`), which the journal's decisions go by.
fn today_local() -> NaiveDate {
    today()
}

fn cancelled(l: &PageLesson) -> bool {
    l.change == Some(ChangeKind::Cancellation)
}

#[derive(Properties, PartialEq)]
pub struct JournalGridProps {
    pub assignment_id: Uuid,
    pub period_id: Uuid,
}

#[component]
pub fn JournalGridPage(props: &JournalGridProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::JrTitle);
    let retry = use_state(|| 0_u32);
    let ids = (props.assignment_id, props.period_id);
    let page = use_load_keyed(ids, *retry, |c, (a, p)| async move {
        c.journal_page(a, p).await.map(Rc::new)
    });
    let content = match &*page {
        Load::Loading => loading(lang),
        Load::Failed(e) if e.status() == Some(403) => html! {
            <p class="form-error" role="alert" id="journal-forbidden">{ t(lang, Key::JrForbidden) }</p>
        },
        Load::Failed(e) => load_failed(lang, e, {
            let retry = retry.clone();
            Callback::from(move |_| retry.set(*retry + 1))
        }),
        Load::Ready(v) => html! {
            <Grid key={format!("{}/{}", ids.0, ids.1)} initial={v.clone()}
                assignment_id={ids.0} period_id={ids.1} />
        },
    };
    html! {
        <section class="page wide" id="journal">
            <p><Link<Route> to={Route::Journal} classes="back-link">{ t(lang, Key::JrBack) }</Link<Route>></p>
            { content }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(id: u128, grades: (u8, u8), from: (u32, u32), to: (u32, u32)) -> PeriodInput {
        let d = |(m, day): (u32, u32)| {
            let y = if m >= 9 { 2025 } else { 2026 };
            NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
        };
        PeriodInput {
            id: Some(Uuid::from_u128(id)),
            kind: "quarter".into(),
            number: 1,
            grade_from: grades.0,
            grade_to: grades.1,
            starts_on: d(from),
            ends_on: d(to),
        }
    }

    #[test]
    fn a_page_opens_on_the_period_of_today_else_the_last_begun() {
        let periods = [
            period(1, (1, 9), (9, 1), (10, 24)),
            period(2, (1, 9), (11, 5), (12, 28)),
            period(3, (10, 11), (9, 1), (12, 28)),
        ];
        let day = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap_or_default();
        assert_eq!(
            default_period(&periods, 7, day(11, 20)),
            Some(Uuid::from_u128(2))
        );
        // The autumn holidays: the quarter just ended.
        assert_eq!(
            default_period(&periods, 7, day(10, 30)),
            Some(Uuid::from_u128(1))
        );
        assert_eq!(
            default_period(&periods, 10, day(10, 30)),
            Some(Uuid::from_u128(3))
        );
        // Before the year: the first.
        assert_eq!(
            default_period(&periods, 7, day(8, 20)),
            Some(Uuid::from_u128(1))
        );
        assert_eq!(default_period(&periods, 12, day(11, 20)), None);
    }
}
