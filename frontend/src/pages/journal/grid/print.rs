//! The journal page on paper (issue 12, "print that works"): every lesson of the period, however
//! many, as landscape sheets of at most [`LESSONS_PER_SHEET`] lessons with the students' names
//! repeated on each, then the lessons' topics and homework, as the paper journal keeps them. Only
//! printed: the screen keeps the scrolling grid.

use crate::i18n::{t, Key, Lang};
use crate::pages::journal::words::{mark_text, reason_short};
use crate::services::journal::{attendance_in, marks_in};
use crate::services::week::full_date;
use journal_api_types::journal::{JournalPage, PageLesson, PageStudent};
use journal_domain::marks::{format_average, Scale};
use yew::prelude::*;

/// Lessons on one landscape A4 sheet: with the names' column, a month of lessons at four a week
/// fits in 8-point type.
pub(super) const LESSONS_PER_SHEET: usize = 20;

/// What a cell shows on paper: the absence with its reason, then the marks.
fn cell_text(lang: Lang, page: &JournalPage, s: &PageStudent, l: &PageLesson) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(a) = attendance_in(s, l) {
        let mut short = t(
            lang,
            if a.status == "late" {
                Key::JrLateShort
            } else {
                Key::JrAbsentShort
            },
        )
        .to_owned();
        if let Some(r) = &a.reason {
            short.push_str(reason_short(lang, r));
        }
        parts.push(short);
    }
    parts.extend(
        marks_in(page, s, l)
            .iter()
            .map(|m| mark_text(lang, &m.value)),
    );
    parts.join(" ")
}

/// The sheets of marks and attendance, then the topics and homework; `aria-hidden`, as the
/// screen's grid says the same.
pub(super) fn print_view(lang: Lang, page: &JournalPage) -> Html {
    let sheets: Vec<&[PageLesson]> = page.lessons.chunks(LESSONS_PER_SHEET).collect();
    let last = sheets.len().saturating_sub(1);
    let marks = page.scale != Scale::NoMarks;
    let sheet = |k: usize, lessons: &[PageLesson]| {
        html! {
            <table class="journal-print-sheet">
                <thead>
                    <tr>
                        <th class="num">{ "№" }</th>
                        <th class="student">{ t(lang, Key::JrStudent) }</th>
                        { for lessons.iter().map(|l| html! {
                            <th class="lesson">{ l.held_on.format("%d.%m").to_string() }</th>
                        }) }
                        if k == last {
                            <th>{ t(lang, Key::JrAverage) }</th>
                            if marks {
                                <th>{ t(lang, Key::JrFinal) }</th>
                            }
                        }
                    </tr>
                </thead>
                <tbody>
                    { for page.students.iter().enumerate().map(|(r, s)| html! {
                        <tr>
                            <td class="num">{ r + 1 }</td>
                            <th class="student">{ s.name.clone() }</th>
                            { for lessons.iter().map(|l| html! { <td>{ cell_text(lang, page, s, l) }</td> }) }
                            if k == last {
                                <td>{ s.forecast.average.map(|a| format_average(a, lang == Lang::Ru)).unwrap_or_default() }</td>
                                if marks {
                                    <td>{ crate::services::journal::period_final(s)
                                        .and_then(|f| f.value.as_deref())
                                        .map(|v| mark_text(lang, v))
                                        .unwrap_or_default() }</td>
                                }
                            }
                        </tr>
                    }) }
                </tbody>
            </table>
        }
    };
    html! {
        <div class="print-only print-landscape journal-print" aria-hidden="true">
            { for sheets.iter().enumerate().map(|(k, lessons)| sheet(k, lessons)) }
            <table class="journal-print-topics">
                <thead>
                    <tr>
                        <th>{ "№" }</th>
                        <th>{ t(lang, Key::ColDate) }</th>
                        <th>{ t(lang, Key::LessonTopic) }</th>
                        <th>{ t(lang, Key::Homework) }</th>
                    </tr>
                </thead>
                <tbody>
                    { for page.lessons.iter().enumerate().map(|(i, l)| html! {
                        <tr>
                            <td class="num">{ i + 1 }</td>
                            <td>{ full_date(lang, l.held_on) }</td>
                            <td>{ l.topic.clone().unwrap_or_default() }</td>
                            <td>{ l.homework.clone().unwrap_or_default() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
