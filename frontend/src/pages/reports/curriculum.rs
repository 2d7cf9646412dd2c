//! «Выполнение программы» (R-R5): per journal page over a span of days the lessons planned by the
//! timetable up to today against those held, cancelled and given by a substitute, the share
//! done (pages below 100 % marked), and beside them the hours a week of the assignment, of the
//! curriculum and of the lesson plan (КТП); per teacher the lessons they gave on their own pages,
//! for others, and their own given away. The filters live in the address.

use super::span_page::{SpanKind, SpanReport, SpanReportPage};
use super::{count as count_cell, figure, head, page_class, Shared};
use crate::i18n::{t, tf, Key, Lang};
use crate::services::reports::{completion_is_problem, hours_differ, percent_text};
use crate::services::state::use_app;
use crate::services::week::short_person;
use journal_api_types::reports::{Completion, CompletionLine, CurriculumReport, TeacherLessons};
use yew::prelude::*;

/// «Выполнение программы»: the span page with the completion view.
#[component]
pub fn CurriculumReportPage() -> Html {
    let view = Callback::from(|(_lang, r, span): (Lang, SpanReport, AttrValue)| match r {
        SpanReport::Curriculum(r) => html! { <CurriculumView report={Shared(r)} span={span} /> },
        _ => Html::default(),
    });
    html! { <SpanReportPage kind={SpanKind::Curriculum} {view} /> }
}

#[derive(Properties, PartialEq)]
struct ViewProps {
    report: Shared<CurriculumReport>,
    span: AttrValue,
}

/// The report, with the pages below 100 % alone at a click (a way of looking at it, not a filter
/// of the server's: the files hold every page).
#[component]
fn CurriculumView(props: &ViewProps) -> Html {
    let lang = use_app().lang();
    let behind_only = use_state(|| false);
    let r = &props.report;
    let span = props.span.as_str();
    if r.pages.is_empty() {
        return html! { <p class="muted" id="curriculum-empty">{ t(lang, Key::RpNoPlanned) }</p> };
    }
    let behind = r
        .pages
        .iter()
        .filter(|p| completion_is_problem(p.share))
        .count();
    let total_share = r.total.share();
    html! {
        <>
            <dl class="stats report-stats" id="curriculum-summary">
                <div class={classes!("stat", completion_is_problem(total_share).then_some("problem"))} id="curriculum-share">
                    <dt>{ t(lang, Key::RpColShare) }</dt>
                    <dd>{ percent_text(lang, total_share) }</dd>
                </div>
                <div class="stat">
                    <dt>{ t(lang, Key::RpColHeldOfPlanned) }</dt>
                    <dd>{ tf(lang, Key::RpOutOf, &[("n", &r.total.held.to_string()), ("of", &r.total.planned.to_string())]) }</dd>
                </div>
                <div class={classes!("stat", (behind > 0).then_some("problem"))} id="curriculum-behind">
                    <dt>{ t(lang, Key::RpPagesBehind) }</dt>
                    <dd>{ behind }</dd>
                </div>
            </dl>
            <h2 id="curriculum-pages-title">{ t(lang, Key::RpPages) }</h2>
            if behind > 0 {
                <div class="field no-print">
                    <label class="check" for="curriculum-behind-only">
                        <input type="checkbox" id="curriculum-behind-only" checked={*behind_only}
                            onchange={{
                                let behind_only = behind_only.clone();
                                Callback::from(move |e: Event| {
                                    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                                    behind_only.set(input.checked());
                                })
                            }} />
                        { t(lang, Key::RpBehindOnly) }
                    </label>
                </div>
            }
            { pages_table(lang, span, r, *behind_only && behind > 0) }
            if !r.teachers.is_empty() {
                <h2 id="curriculum-teachers-title">{ t(lang, Key::RpTeachers) }</h2>
                { teachers_table(lang, span, &r.teachers) }
            }
        </>
    }
}

/// The cells of planned and held lessons and the share done (below 100 % marked).
fn completion_cells(lang: Lang, c: &Completion, share: Option<f64>) -> Html {
    html! {
        <>
            { figure(c.planned.to_string(), false) }
            { figure(c.held.to_string(), false) }
            { count_cell(c.cancelled, false) }
            { count_cell(c.by_substitute, false) }
            { figure(percent_text(lang, share), completion_is_problem(share)) }
        </>
    }
}

fn pages_table(lang: Lang, span: &str, r: &CurriculumReport, behind_only: bool) -> Html {
    let hours = |l: &CompletionLine| {
        let differ = hours_differ(l.hours_per_week, l.curriculum_hours_per_week);
        html! {
            <>
                { figure(l.hours_per_week.to_string(), false) }
                <td class={classes!("num", differ.then_some("warn"))}
                    title={differ.then(|| t(lang, Key::RpHoursDiffer))}>
                    { l.curriculum_hours_per_week.map_or_else(|| t(lang, Key::Dash).to_owned(), |h| h.to_string()) }
                </td>
                { count_cell(l.plan_hours, false) }
            </>
        }
    };
    html! {
        <div class="table-wrap report-wrap">
            <table class="report-table" id="curriculum-pages">
                <caption class="visually-hidden">{ tf(lang, Key::RpCaptionCurriculum, &[("span", span)]) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::TtClass) }</th>
                        <th scope="col">{ t(lang, Key::Subject) }</th>
                        <th scope="col">{ t(lang, Key::TtTeacher) }</th>
                        { head(lang, Key::RpColHoursWeek, Some(Key::RpColHoursWeekLong)) }
                        { head(lang, Key::RpColCurriculumHours, Some(Key::RpColCurriculumHoursLong)) }
                        { head(lang, Key::RpColPlanHours, Some(Key::RpColPlanHoursLong)) }
                        { head(lang, Key::RpColPlanned, Some(Key::RpColPlannedLong)) }
                        { head(lang, Key::RpColHeldLessons, None) }
                        { head(lang, Key::RpColCancelled, None) }
                        { head(lang, Key::RpColBySubstitute, None) }
                        { head(lang, Key::RpColShare, Some(Key::RpColShareLong)) }
                    </tr>
                </thead>
                <tbody>
                    { for r.pages.iter().filter(|l| !behind_only || completion_is_problem(l.share)).map(|l| html! {
                        <tr data-assignment={l.page.assignment_id.to_string()}
                            class={classes!(completion_is_problem(l.share).then_some("behind"))}>
                            <th scope="row">{ page_class(&l.page) }</th>
                            <td>{ l.page.subject_name.clone() }</td>
                            <td class="person" title={l.page.teacher_name.clone()}>{ short_person(&l.page.teacher_name) }</td>
                            { hours(l) }
                            { completion_cells(lang, &l.completion, l.share) }
                        </tr>
                    }) }
                </tbody>
                if r.pages.len() > 1 && !behind_only {
                    <tfoot>
                        <tr id="curriculum-total">
                            <th scope="row" colspan="6">{ t(lang, Key::Total) }</th>
                            { completion_cells(lang, &r.total, r.total.share()) }
                        </tr>
                    </tfoot>
                }
            </table>
        </div>
    }
}

fn teachers_table(lang: Lang, span: &str, teachers: &[TeacherLessons]) -> Html {
    html! {
        <div class="table-wrap report-wrap">
            <table class="report-table" id="curriculum-teachers">
                <caption class="visually-hidden">{ tf(lang, Key::RpCaptionTeachers, &[("span", span)]) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::TtTeacher) }</th>
                        { head(lang, Key::RpColOwnLessons, Some(Key::RpColOwnLessonsLong)) }
                        { head(lang, Key::RpColForOthers, None) }
                        { head(lang, Key::RpColGivenAway, Some(Key::RpColGivenAwayLong)) }
                        { head(lang, Key::RpColGaveInAll, None) }
                    </tr>
                </thead>
                <tbody>
                    { for teachers.iter().map(|tl| html! {
                        <tr data-teacher={tl.teacher.teacher_id.to_string()}>
                            <th scope="row" class="person" title={tl.teacher.teacher_name.clone()}>{ short_person(&tl.teacher.teacher_name) }</th>
                            { figure(tl.own.to_string(), false) }
                            { count_cell(tl.for_others, false) }
                            { count_cell(tl.given_away, false) }
                            { figure((tl.own + tl.for_others).to_string(), false) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
