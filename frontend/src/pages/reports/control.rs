//! «Контроль ведения журнала» (R-R1, R-J5): over a span of days, per journal page the lessons
//! held and what their records lack or got late, the students without marks or with one; per
//! teacher the same added up with their last entry; per class the families' activity. The filters
//! live in the address, so a link or a reload shows the same report.

use super::chart::BarChartView;
use super::span_page::{SpanKind, SpanReport, SpanReportPage};
use super::{count as count_cell, figure, head, page_class, Shared};
use crate::app::Route;
use crate::i18n::{t, tf, Key, Lang};
use crate::services::lessons::lesson_number;
use crate::services::reports::{
    count_is_problem, gaps_text, one_mark_is_problem, percent_text, share_text, topics_is_problem,
    without_marks_is_problem,
};
use crate::services::state::use_app;
use crate::services::week::{full_date, short_person};
use journal_api_types::reports::{
    ControlLine, FamilyActivity, Filling, JournalControl, StudentRef, TeacherControl,
};
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

/// The columns of a page's line, for the details row under it.
const PAGE_COLUMNS: usize = 12;

/// «Контроль ведения журнала»: the span page with the control report's view.
#[component]
pub fn JournalControlPage() -> Html {
    let view = Callback::from(|(lang, r, span): (Lang, SpanReport, AttrValue)| match r {
        SpanReport::JournalControl(r) => report_view(lang, &span, Shared(r)),
        _ => Html::default(),
    });
    html! { <SpanReportPage kind={SpanKind::JournalControl} {view} /> }
}

fn report_view(lang: Lang, span: &str, r: Shared<JournalControl>) -> Html {
    let chart: Vec<(String, Option<f64>)> = r
        .teachers
        .iter()
        .filter(|t| t.filling.lessons_held > 0)
        .map(|t| (short_person(&t.teacher.teacher_name), t.topics_share))
        .collect();
    html! {
        <>
            <h2 id="control-pages-title">{ t(lang, Key::RpPages) }</h2>
            if r.pages.is_empty() {
                <p class="muted" id="control-empty">{ t(lang, Key::RpNoPages) }</p>
            } else {
                { pages_table(lang, span, &r) }
            }
            if !r.teachers.is_empty() {
                <h2 id="control-teachers-title">{ t(lang, Key::RpTeachers) }</h2>
                if !chart.is_empty() {
                    <BarChartView id="control-chart" title={t(lang, Key::RpChartFilling)}
                        desc={t(lang, Key::RpChartFillingDesc)} items={Shared(Rc::new(chart))} />
                }
                { teachers_table(lang, span, &r.teachers) }
            }
            if !r.families.is_empty() {
                <h2 id="control-families-title">{ t(lang, Key::RpFamilies) }</h2>
                { families_table(lang, span, &r.families) }
            }
        </>
    }
}

/// The heading cells of the filling counts, shared by the pages and the teachers.
fn filling_heads(lang: Lang) -> Html {
    html! {
        <>
            { head(lang, Key::RpColHeld, None) }
            { head(lang, Key::RpColNoTopic, None) }
            { head(lang, Key::RpColNoHomework, None) }
            { head(lang, Key::RpColNoAttendance, None) }
            { head(lang, Key::RpColLateMarks, None) }
            { head(lang, Key::RpColLateTopics, None) }
            { head(lang, Key::RpColLateHomework, None) }
            { head(lang, Key::RpColWithoutMarks, Some(Key::RpColWithoutMarksLong)) }
            { head(lang, Key::RpColOneMark, Some(Key::RpColOneMarkLong)) }
        </>
    }
}

/// The cells of the filling counts; the shares only when the page is taught with marks.
fn filling_cells(
    lang: Lang,
    f: &Filling,
    without: Option<f64>,
    one: Option<f64>,
    with_marks: bool,
) -> Html {
    let count = |n: u32| count_cell(n, count_is_problem(n));
    let share = |v: Option<f64>, problem: bool| {
        if with_marks {
            figure(percent_text(lang, v), problem)
        } else {
            html! {
                <td class="num muted" title={t(lang, Key::RpNoMarksScale)}>
                    { t(lang, Key::Dash) }
                    <span class="visually-hidden">{ format!(" ({})", t(lang, Key::RpNoMarksScale)) }</span>
                </td>
            }
        }
    };
    html! {
        <>
            { figure(f.lessons_held.to_string(), false) }
            { count(f.without_topic) }
            { count(f.without_homework) }
            { count(f.without_attendance) }
            { count(f.late_marks) }
            { count(f.late_topics) }
            { count(f.late_homework) }
            { share(without, without_marks_is_problem(without)) }
            { share(one, one_mark_is_problem(one)) }
        </>
    }
}

fn pages_table(lang: Lang, span: &str, r: &Shared<JournalControl>) -> Html {
    let mut total = Filling::default();
    for p in &r.pages {
        total.add(&p.filling);
    }
    html! {
        <div class="table-wrap report-wrap">
            <table class="report-table" id="control-pages">
                <caption class="visually-hidden">{ tf(lang, Key::RpCaptionPages, &[("span", span)]) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::TtClass) }</th>
                        <th scope="col">{ t(lang, Key::Subject) }</th>
                        <th scope="col">{ t(lang, Key::TtTeacher) }</th>
                        { filling_heads(lang) }
                    </tr>
                </thead>
                <tbody>
                    { for (0..r.pages.len()).map(|index| html! {
                        <ControlRow report={r.clone()} {index} />
                    }) }
                </tbody>
                if r.pages.len() > 1 {
                    <tfoot>
                        <tr>
                            <th scope="row" colspan="3">{ t(lang, Key::Total) }</th>
                            { filling_cells(lang, &total, total.without_marks_share(), total.one_mark_share(), total.students > 0) }
                        </tr>
                    </tfoot>
                }
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    report: Shared<JournalControl>,
    index: usize,
}

/// A page's line; a click opens its lessons with gaps and its students under it.
#[component]
fn ControlRow(props: &RowProps) -> Html {
    let lang = use_app().lang();
    let open = use_state(|| false);
    let Some(line) = props.report.pages.get(props.index) else {
        return Html::default();
    };
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let button = {
        let toggle = toggle.clone();
        Callback::from(move |e: MouseEvent| {
            // The row's own click would toggle it back.
            e.stop_propagation();
            toggle.emit(e);
        })
    };
    let detail_id = format!("control-page-{}", line.page.assignment_id);
    html! {
        <>
            <tr class={classes!("expandable", (*open).then_some("open"), line.filling.has_gaps().then_some("has-gaps"))}
                data-assignment={line.page.assignment_id.to_string()} onclick={toggle}>
                <th scope="row">
                    <button type="button" class="link-button expander" onclick={button}
                        aria-expanded={open.to_string()} aria-controls={detail_id.clone()}
                        title={t(lang, if *open { Key::HideDetails } else { Key::Details })}>
                        <span class="chevron" aria-hidden="true">{ if *open { "▾ " } else { "▸ " } }</span>
                        { page_class(&line.page) }
                    </button>
                </th>
                <td>{ line.page.subject_name.clone() }</td>
                <td class="person" title={line.page.teacher_name.clone()}>{ short_person(&line.page.teacher_name) }</td>
                { filling_cells(lang, &line.filling, line.without_marks_share, line.one_mark_share, line.with_marks) }
            </tr>
            if *open {
                <tr class="detail-row" id={detail_id}>
                    <td colspan={PAGE_COLUMNS.to_string()}>{ page_details(lang, line) }</td>
                </tr>
            }
        </>
    }
}

fn page_details(lang: Lang, line: &ControlLine) -> Html {
    let given_by = |l: &journal_api_types::reports::GapLesson| -> Option<String> {
        (l.teacher_id != line.page.teacher_id).then(|| short_person(&l.teacher_name))
    };
    let names = |list: &[StudentRef]| -> String {
        if list.is_empty() {
            t(lang, Key::RpNobody).to_owned()
        } else {
            list.iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    html! {
        <div class="page-details">
            if let Some(period_id) = line.period_id {
                <p class="no-print">
                    <Link<Route> to={Route::JournalGrid { assignment_id: line.page.assignment_id, period_id }}
                        classes="open-journal">
                        { t(lang, Key::RpOpenJournal) }{ " →" }
                    </Link<Route>>
                </p>
            }
            <h3>{ t(lang, Key::RpLessonsWithGaps) }</h3>
            if line.lessons.is_empty() {
                <p class="muted">{ t(lang, Key::RpNoGaps) }</p>
            } else {
                <ul class="gap-lessons">
                    { for line.lessons.iter().map(|l| {
                        let when = tf(lang, Key::RpLessonAt, &[("date", &full_date(lang, l.date)), ("n", &lesson_number(lang, l.lesson_number))]);
                        html! {
                            <li>
                                <Link<Route> to={Route::Lesson { entry_id: l.entry_id, date: l.date }}>
                                    { when }
                                </Link<Route>>
                                { " — " }{ gaps_text(lang, &l.gaps) }
                                if let Some(name) = given_by(l) {
                                    { format!(" ({})", tf(lang, Key::RpGivenBy, &[("name", &name)])) }
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
            if line.with_marks {
                <dl class="details compact students-lists">
                    <dt>{ t(lang, Key::RpStudentsWithoutMarks) }</dt>
                    <dd class="without-marks">{ names(&line.students_without_marks) }</dd>
                    <dt>{ t(lang, Key::RpStudentsOneMark) }</dt>
                    <dd class="one-mark">{ names(&line.students_with_one_mark) }</dd>
                </dl>
            }
        </div>
    }
}

fn teachers_table(lang: Lang, span: &str, teachers: &[TeacherControl]) -> Html {
    html! {
        <div class="table-wrap report-wrap">
            <table class="report-table" id="control-teachers">
                <caption class="visually-hidden">{ tf(lang, Key::RpCaptionTeachers, &[("span", span)]) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::TtTeacher) }</th>
                        { filling_heads(lang) }
                        { head(lang, Key::RpColTopicsShare, Some(Key::RpColTopicsShareLong)) }
                        <th scope="col">{ t(lang, Key::RpColLastEntry) }</th>
                    </tr>
                </thead>
                <tbody>
                    { for teachers.iter().map(|tc| html! {
                        <tr data-teacher={tc.teacher.teacher_id.to_string()}>
                            <th scope="row" class="person" title={tc.teacher.teacher_name.clone()}>{ short_person(&tc.teacher.teacher_name) }</th>
                            { filling_cells(lang, &tc.filling, tc.without_marks_share, tc.one_mark_share, tc.filling.students > 0) }
                            { figure(percent_text(lang, tc.topics_share), topics_is_problem(tc.topics_share)) }
                            <td class="nowrap">
                                { match tc.last_entry_at {
                                    Some(at) => last_entry(lang, at),
                                    None => t(lang, Key::RpNever).to_owned(),
                                } }
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// A teacher's last entry on the school's clock (the server gives it so).
fn last_entry(lang: Lang, at: chrono::NaiveDateTime) -> String {
    match lang {
        Lang::Ru => at.format("%d.%m.%Y %H:%M").to_string(),
        Lang::En => at.format("%Y-%m-%d %H:%M").to_string(),
    }
}

fn families_table(lang: Lang, span: &str, families: &[FamilyActivity]) -> Html {
    let with_share = |n: u32, of: u32| {
        html! {
            <td class="num">
                { n }<span class="share">{ format!(" ({})", share_text(lang, n, of)) }</span>
            </td>
        }
    };
    html! {
        <div class="table-wrap report-wrap">
            <table class="report-table" id="control-families">
                <caption class="visually-hidden">{ tf(lang, Key::RpCaptionFamilies, &[("span", span)]) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::TtClass) }</th>
                        { head(lang, Key::RpColStudents, None) }
                        { head(lang, Key::RpColStudentsIn, None) }
                        { head(lang, Key::RpColGuardians, None) }
                        { head(lang, Key::RpColGuardiansIn, None) }
                        { head(lang, Key::RpColAcknowledged, None) }
                    </tr>
                </thead>
                <tbody>
                    { for families.iter().map(|f| html! {
                        <tr data-class={f.class_id.to_string()}>
                            <th scope="row">{ f.class_name.clone() }</th>
                            { figure(f.students.to_string(), false) }
                            { with_share(f.students_signed_in, f.students) }
                            { figure(f.guardians.to_string(), false) }
                            { with_share(f.guardians_signed_in, f.guardians) }
                            { with_share(f.guardians_acknowledged, f.guardians) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
