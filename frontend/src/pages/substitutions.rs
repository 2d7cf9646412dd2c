//! «Замены и пропуски»: per teacher, the lessons covered for others, own lessons covered by
//! someone else, cancelled and moved, over a span of dates (R-R8) — what pays substitution hours.

use crate::i18n::{t, tf, Key};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::timetable::{change_badge, lesson_number};
use crate::pages::{use_load, use_title, Load};
use crate::services::access::may;
use crate::services::api::describe;
use crate::services::state::use_app;
use crate::services::week::{full_date, iso, parse_iso, today};
use chrono::{Datelike, NaiveDate};
use journal_api_types::timetable::{ReportSpan, SubstitutionLine};
use journal_domain::Action;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The first day of the month of `date`.
fn month_start(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

#[component]
pub fn SubstitutionReportPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::ReportTitle);
    let can = app
        .me()
        .as_ref()
        .is_some_and(|me| may(me, Action::ManageTimetable));
    let span = use_state(|| (month_start(today()), today()));
    let from_draft = use_state(|| iso(span.0));
    let to_draft = use_state(|| iso(span.1));
    let bad_span = use_state(|| false);
    let report = use_load((can, *span), |c, (can, (from, to))| async move {
        if can {
            c.substitution_report(&ReportSpan { from, to }).await
        } else {
            Ok(Vec::new())
        }
    });
    if !can {
        return html! { <ForbiddenPage /> };
    }
    let setter = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            s.set(input.value());
        })
    };
    let onsubmit = {
        let (span, from_draft, to_draft, bad_span) = (
            span.clone(),
            from_draft.clone(),
            to_draft.clone(),
            bad_span.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match (parse_iso(&from_draft), parse_iso(&to_draft)) {
                (Some(from), Some(to)) if from <= to => {
                    bad_span.set(false);
                    span.set((from, to));
                }
                _ => bad_span.set(true),
            }
        })
    };
    let table = match &*report {
        Load::Loading => html! { <p class="muted" role="status">{ t(lang, Key::Loading) }</p> },
        Load::Failed(e) => html! { <p class="form-error" role="alert">{ describe(lang, e) }</p> },
        Load::Ready(lines) if lines.is_empty() => html! {
            <p class="muted" id="substitution-report-empty">{ t(lang, Key::ReportEmpty) }</p>
        },
        Load::Ready(lines) => {
            let sum = |f: fn(&SubstitutionLine) -> u32| lines.iter().map(f).sum::<u32>();
            html! {
                <div class="table-wrap">
                    <table id="substitution-report" class="table">
                        <caption class="visually-hidden">
                            { tf(lang, Key::ReportCaption, &[("from", &full_date(lang, span.0)), ("to", &full_date(lang, span.1))]) }
                        </caption>
                        <thead>
                            <tr>
                                <th scope="col">{ t(lang, Key::TtTeacher) }</th>
                                <th scope="col" class="num">{ t(lang, Key::ColCovered) }</th>
                                <th scope="col" class="num">{ t(lang, Key::ColSubstituted) }</th>
                                <th scope="col" class="num">{ t(lang, Key::ColCancelled) }</th>
                                <th scope="col" class="num">{ t(lang, Key::ColMoved) }</th>
                                <th scope="col">{ t(lang, Key::ColLessons) }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for lines.iter().map(|line| html! { <ReportRow line={Rc::new(line.clone())} /> }) }
                        </tbody>
                        <tfoot>
                            <tr>
                                <th scope="row">{ t(lang, Key::Total) }</th>
                                <td class="num" data-label={t(lang, Key::ColCovered)}>{ sum(|l| l.covered) }</td>
                                <td class="num" data-label={t(lang, Key::ColSubstituted)}>{ sum(|l| l.substituted) }</td>
                                <td class="num" data-label={t(lang, Key::ColCancelled)}>{ sum(|l| l.cancelled) }</td>
                                <td class="num" data-label={t(lang, Key::ColMoved)}>{ sum(|l| l.moved) }</td>
                                <td></td>
                            </tr>
                        </tfoot>
                    </table>
                </div>
            }
        }
    };
    html! {
        <section class="page" id="substitutions">
            <h1>{ t(lang, Key::ReportTitle) }</h1>
            <p class="muted">{ t(lang, Key::ReportIntro) }</p>
            <form class="filters" onsubmit={onsubmit} novalidate=true>
                <div class="field">
                    <label for="report-from">{ t(lang, Key::DateFrom) }</label>
                    <input type="date" id="report-from" value={(*from_draft).clone()} onchange={setter(&from_draft)} />
                </div>
                <div class="field">
                    <label for="report-to">{ t(lang, Key::DateTo) }</label>
                    <input type="date" id="report-to" value={(*to_draft).clone()} onchange={setter(&to_draft)} />
                </div>
                <div class="field actions">
                    <button type="submit" id="report-submit" class="button primary">{ t(lang, Key::ShowReport) }</button>
                </div>
            </form>
            if *bad_span {
                <p class="form-error" role="alert" id="report-error">{ t(lang, Key::ErrSpan) }</p>
            }
            { table }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    line: Rc<SubstitutionLine>,
}

#[component]
fn ReportRow(props: &RowProps) -> Html {
    let lang = use_app().lang();
    let open = use_state(|| false);
    let line = &props.line;
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let list_id = format!("report-lessons-{}", line.teacher_id);
    html! {
        <tr data-teacher={line.teacher_id.to_string()}>
            <th scope="row" data-label={t(lang, Key::TtTeacher)}>{ line.teacher_name.clone() }</th>
            <td class="num covered" data-label={t(lang, Key::ColCovered)}>{ line.covered }</td>
            <td class="num substituted" data-label={t(lang, Key::ColSubstituted)}>{ line.substituted }</td>
            <td class="num cancelled" data-label={t(lang, Key::ColCancelled)}>{ line.cancelled }</td>
            <td class="num moved" data-label={t(lang, Key::ColMoved)}>{ line.moved }</td>
            <td data-label={t(lang, Key::ColLessons)}>
                <button type="button" class="button small secondary" onclick={toggle}
                    aria-expanded={open.to_string()} aria-controls={list_id.clone()}>
                    { t(lang, if *open { Key::HideDetails } else { Key::Details }) }
                </button>
                if *open {
                    <ul id={list_id} class="report-lessons">
                        { for line.lessons.iter().map(|l| html! {
                            <li>
                                { format!("{}, {}: {}, {} — ", full_date(lang, l.date), lesson_number(lang, l.lesson_number), l.class_name, l.subject_name) }
                                { change_badge(lang, l) }
                                { format!(" ({})", l.teacher_name) }
                            </li>
                        }) }
                    </ul>
                }
            </td>
        </tr>
    }
}
