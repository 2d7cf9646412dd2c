//! «Посещаемость» (R-R4): over a span of days, per class the lessons missed by reason, lateness
//! and whole days missed — the summary sheet of its students and the months, with a chart of the
//! months — and for one student the lessons they missed with their topics and homework, to catch
//! up. The leadership read every class, a class teacher the classes they lead. The filters live
//! in the address.

use super::chart::StackedChartView;
use super::span::SpanBar;
use super::{
    chosen_name, class_offer, count as count_cell, figure, head, print_heading, refused,
    use_structure, FileActions, FileQuery, NarrowingFields, Shared,
};
use crate::app::Route;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{loading, use_load_keyed, use_title, Load};
use crate::services::lessons::lesson_number;
use crate::services::reports::{
    count_is_problem, month_label, reads_classes, reason_key, AttendanceView, Narrowing,
    ReportQuery, SpanPreset,
};
use crate::services::state::use_app;
use crate::services::week::{full_date, iso, today};
use journal_api_types::reports::{
    Absences, AttendanceReport, ClassAttendance, MissedLesson, MonthAbsences, ReportFormat,
};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

#[component]
pub fn AttendanceReportPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::RpAttendanceTitle);
    let me = app.me();
    let can = me.as_ref().is_some_and(|m| reads_classes(m));
    let location = use_location();
    let navigator = use_navigator();
    let query = location
        .as_ref()
        .and_then(|l| l.query::<ReportQuery>().ok())
        .unwrap_or_default();
    let view = AttendanceView::from_query(&query, today());
    let retry = use_state(|| 0_u32);
    let structure = use_structure(can);
    let report = use_load_keyed((can, view), *retry, |c, (can, view)| async move {
        if can {
            let r = c
                .attendance_report(&view.filter(ReportFormat::Json))
                .await?;
            Ok(Some(Rc::new(r)))
        } else {
            Ok(None)
        }
    });
    let Some(me) = me else {
        return Html::default();
    };
    if !can {
        return html! { <ForbiddenPage /> };
    }
    let go = {
        let navigator = navigator.clone();
        Callback::from(move |v: AttendanceView| {
            if let Some(n) = &navigator {
                // The query is plain text fields: it always encodes.
                let _ = n.push_with_query(&Route::AttendanceReport, &v.query());
            }
        })
    };
    let offer = Rc::new(class_offer(&me, structure.ready().map(|s| &**s)));
    let on_span = {
        let go = go.clone();
        Callback::from(move |(from, to)| go.emit(AttendanceView { from, to, ..view }))
    };
    let on_narrow = {
        let go = go.clone();
        Callback::from(move |n: Narrowing| {
            go.emit(AttendanceView {
                class_id: n.class_id,
                student_id: None,
                ..view
            })
        })
    };
    let on_reset = (view.class_id.is_some() || view.student_id.is_some()).then(|| {
        let go = go.clone();
        Callback::from(move |_: MouseEvent| {
            go.emit(AttendanceView {
                class_id: None,
                student_id: None,
                ..view
            })
        })
    });
    let ready = report.ready().and_then(|r| r.clone());
    let span = tf(
        lang,
        Key::RpSpanText,
        &[
            ("from", &full_date(lang, view.from)),
            ("to", &full_date(lang, view.to)),
        ],
    );
    let class_name = chosen_name(&offer.classes, view.class_id).or_else(|| {
        let r = ready.as_ref()?;
        let id = view.class_id?;
        r.classes
            .iter()
            .find(|c| c.class_id == id)
            .map(|c| c.class_name.clone())
    });
    let student_name = ready
        .as_ref()
        .and_then(|r| r.student.as_ref())
        .map(|s| s.name.clone());
    let about: Vec<String> = [Some(span.clone()), class_name.clone(), student_name]
        .into_iter()
        .flatten()
        .collect();
    let mut parts = vec![iso(view.from), iso(view.to)];
    parts.extend(about.iter().skip(1).cloned());
    let body = match &*report {
        Load::Loading => loading(lang),
        Load::Failed(e) => refused(
            lang,
            e,
            {
                let retry = retry.clone();
                Callback::from(move |_| retry.set(retry.wrapping_add(1)))
            },
            Key::RpClassesForbidden,
        ),
        Load::Ready(None) => Html::default(),
        Load::Ready(Some(r)) => {
            let r = Shared(r.clone());
            if view.student_id.is_some() {
                student_view(lang, &span, view, &r, &go)
            } else {
                classes_view(lang, &span, view, &r)
            }
        }
    };
    html! {
        <section class="page wide report" id="attendance">
            <h1>{ t(lang, Key::RpAttendanceTitle) }</h1>
            <p class="muted no-print">{ t(lang, Key::RpAttendanceIntro) }</p>
            { print_heading(lang, &about) }
            <SpanBar prefix="attendance" from={view.from} to={view.to}
                presets={&SpanPreset::ATTENDANCE[..]} {on_span} {on_reset}>
                <NarrowingFields prefix="attendance" offer={offer.clone()}
                    value={Narrowing { class_id: view.class_id, ..Narrowing::default() }}
                    whole_school=true on_change={on_narrow} />
            </SpanBar>
            <FileActions prefix="attendance"
                query={ready.map(|_| FileQuery::Attendance(view.filter(ReportFormat::Json)))}
                base={t(lang, Key::RpAttendanceTitle).to_owned()} {parts}
                forbidden={Key::RpClassesForbidden} />
            { body }
        </section>
    }
}

/// The counts of absences in the order of the columns.
fn absence_values(a: &Absences) -> [u32; 7] {
    [
        a.lessons_missed,
        a.illness,
        a.excused,
        a.unexcused,
        a.without_reason,
        a.late,
        a.days_missed,
    ]
}

/// The heading cells of the absence counts.
fn absence_heads(lang: Lang) -> Html {
    html! {
        <>
            { head(lang, Key::RpColMissed, None) }
            { head(lang, Key::RpColIllness, None) }
            { head(lang, Key::RpColExcused, None) }
            { head(lang, Key::RpColUnexcused, None) }
            { head(lang, Key::RpColNoReason, Some(Key::RpColNoReasonLong)) }
            { head(lang, Key::RpColLate, Some(Key::RpColLateLong)) }
            { head(lang, Key::RpColDaysMissed, Some(Key::RpColDaysMissedLong)) }
        </>
    }
}

/// The cells of the absence counts: lessons missed without an excuse, and absences still without
/// a reason (the class teacher's to set), marked.
fn absence_cells(a: &Absences) -> Html {
    let [missed, illness, excused, unexcused, none, late, days] = absence_values(a);
    html! {
        <>
            { count_cell(missed, false) }
            { count_cell(illness, false) }
            { count_cell(excused, false) }
            { count_cell(unexcused, count_is_problem(unexcused)) }
            <td class={classes!("num", (none > 0).then_some("warn"), (none == 0).then_some("zero"))}>{ none }</td>
            { count_cell(late, false) }
            { count_cell(days, false) }
        </>
    }
}

/// The names of the reasons stacked in the chart, in the order of [`by_reason`].
fn reason_series(lang: Lang) -> Vec<String> {
    [
        Key::RpColIllness,
        Key::RpColExcused,
        Key::RpColUnexcused,
        Key::RpColNoReason,
    ]
    .into_iter()
    .map(|k| t(lang, k).to_lowercase())
    .collect()
}

fn by_reason(a: &Absences) -> Vec<u32> {
    vec![a.illness, a.excused, a.unexcused, a.without_reason]
}

/// The months of all the classes shown, added up.
fn school_months(classes: &[ClassAttendance]) -> Vec<MonthAbsences> {
    let mut months: BTreeMap<&str, Absences> = BTreeMap::new();
    for c in classes {
        for m in &c.months {
            months.entry(m.month.as_str()).or_default().add(&m.absences);
        }
    }
    months
        .into_iter()
        .map(|(month, absences)| MonthAbsences {
            month: month.to_owned(),
            absences,
        })
        .collect()
}

fn months_chart(lang: Lang, months: &[MonthAbsences]) -> Html {
    if months.iter().all(|m| m.absences.lessons_missed == 0) {
        return Html::default();
    }
    let items: Vec<(String, Vec<u32>)> = months
        .iter()
        .map(|m| (month_label(lang, &m.month), by_reason(&m.absences)))
        .collect();
    html! {
        <StackedChartView id="attendance-chart" title={t(lang, Key::RpChartAbsences)}
            desc={t(lang, Key::RpChartAbsencesDesc)} series={Shared(Rc::new(reason_series(lang)))}
            items={Shared(Rc::new(items))} />
    }
}

fn months_table(lang: Lang, caption: &str, months: &[MonthAbsences]) -> Html {
    html! {
        <div class="table-wrap report-wrap">
            <table class="report-table" id="attendance-months">
                <caption class="visually-hidden">{ caption.to_owned() }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::RpColMonth) }</th>
                        { absence_heads(lang) }
                    </tr>
                </thead>
                <tbody>
                    { for months.iter().map(|m| html! {
                        <tr data-month={m.month.clone()}>
                            <th scope="row">{ month_label(lang, &m.month) }</th>
                            { absence_cells(&m.absences) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

fn classes_view(
    lang: Lang,
    span: &str,
    view: AttendanceView,
    r: &Shared<AttendanceReport>,
) -> Html {
    if r.classes.is_empty() {
        return html! { <p class="muted" id="attendance-empty">{ t(lang, Key::RpAttNoClasses) }</p> };
    }
    if let [class] = r.classes.as_slice() {
        return class_view(lang, span, view, class);
    }
    let months = school_months(&r.classes);
    let mut total = Absences::default();
    let mut held = 0;
    for c in &r.classes {
        total.add(&c.total);
        held += c.lessons_held;
    }
    html! {
        <>
            <h2 id="attendance-classes-title">{ t(lang, Key::RpClasses) }</h2>
            <p class="muted no-print">{ t(lang, Key::RpAttChooseClass) }</p>
            <div class="table-wrap report-wrap">
                <table class="report-table" id="attendance-classes">
                    <caption class="visually-hidden">{ tf(lang, Key::RpCaptionAttClasses, &[("span", span)]) }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ t(lang, Key::TtClass) }</th>
                            { head(lang, Key::RpColHeld, None) }
                            { absence_heads(lang) }
                        </tr>
                    </thead>
                    <tbody>
                        { for r.classes.iter().map(|c| {
                            let q = AttendanceView { class_id: Some(c.class_id), student_id: None, ..view }.query();
                            html! {
                                <tr data-class={c.class_id.to_string()}>
                                    <th scope="row">
                                        <Link<Route, ReportQuery> to={Route::AttendanceReport} query={Some(q)} classes="class-link">
                                            { c.class_name.clone() }
                                        </Link<Route, ReportQuery>>
                                    </th>
                                    { figure(c.lessons_held.to_string(), false) }
                                    { absence_cells(&c.total) }
                                </tr>
                            }
                        }) }
                    </tbody>
                    <tfoot>
                        <tr id="attendance-total">
                            <th scope="row">{ t(lang, Key::Total) }</th>
                            { figure(held.to_string(), false) }
                            { absence_cells(&total) }
                        </tr>
                    </tfoot>
                </table>
            </div>
            <h2 id="attendance-months-title">{ t(lang, Key::RpAttMonths) }</h2>
            { months_chart(lang, &months) }
            { months_table(lang, &tf(lang, Key::RpCaptionAttMonths, &[("what", &t(lang, Key::RpAllClasses).to_lowercase()), ("span", span)]), &months) }
        </>
    }
}

/// One class: the summary sheet of its students, then its months.
fn class_view(lang: Lang, span: &str, view: AttendanceView, c: &ClassAttendance) -> Html {
    html! {
        <section class="attendance-class" data-class={c.class_id.to_string()}>
            <h2 id="attendance-sheet-title">{ tf(lang, Key::RpAttSheetOf, &[("class", &c.class_name)]) }</h2>
            <p class="report-note" id="attendance-held">
                { tf(lang, Key::RpAttHeld, &[("n", &c.lessons_held.to_string())]) }
            </p>
            if c.students.is_empty() {
                <p class="muted">{ t(lang, Key::RpAttNoStudents) }</p>
            } else {
                <p class="muted no-print">{ t(lang, Key::RpAttClickStudent) }</p>
                <div class="table-wrap report-wrap">
                    <table class="report-table" id="attendance-sheet">
                        <caption class="visually-hidden">
                            { tf(lang, Key::RpCaptionAttSheet, &[("class", &c.class_name), ("span", span)]) }
                        </caption>
                        <thead>
                            <tr>
                                <th scope="col">{ t(lang, Key::JrStudent) }</th>
                                { absence_heads(lang) }
                            </tr>
                        </thead>
                        <tbody>
                            { for c.students.iter().enumerate().map(|(i, s)| {
                                let q = view.of_student(c.class_id, s.student.student_id).query();
                                html! {
                                    <tr data-student={s.student.student_id.to_string()}>
                                        <th scope="row">
                                            <span class="row-number">{ format!("{}. ", i + 1) }</span>
                                            <Link<Route, ReportQuery> to={Route::AttendanceReport} query={Some(q)} classes="student-link">
                                                { s.student.name.clone() }
                                            </Link<Route, ReportQuery>>
                                        </th>
                                        { absence_cells(&s.absences) }
                                    </tr>
                                }
                            }) }
                        </tbody>
                        <tfoot>
                            <tr id="attendance-total">
                                <th scope="row">{ t(lang, Key::Total) }</th>
                                { absence_cells(&c.total) }
                            </tr>
                        </tfoot>
                    </table>
                </div>
            }
            <h2 id="attendance-months-title">{ t(lang, Key::RpAttMonths) }</h2>
            { months_chart(lang, &c.months) }
            { months_table(lang, &tf(lang, Key::RpCaptionAttMonths, &[("what", &c.class_name), ("span", span)]), &c.months) }
        </section>
    }
}

/// One student: their counts and the lessons they missed or came late to, with topics.
fn student_view(
    lang: Lang,
    span: &str,
    view: AttendanceView,
    r: &Shared<AttendanceReport>,
    go: &Callback<AttendanceView>,
) -> Html {
    let Some(student) = &r.student else {
        return html! { <p class="muted" id="attendance-empty">{ t(lang, Key::RpAttNoClasses) }</p> };
    };
    let class = r.classes.iter().find(|c| {
        c.students
            .iter()
            .any(|s| s.student.student_id == student.student_id)
    });
    let counts = class.and_then(|c| {
        c.students
            .iter()
            .find(|s| s.student.student_id == student.student_id)
            .map(|s| s.absences)
    });
    let back = {
        let go = go.clone();
        Callback::from(move |_: MouseEvent| {
            go.emit(AttendanceView {
                student_id: None,
                ..view
            })
        })
    };
    let tile = |key: Key, n: u32, problem: bool| {
        html! {
            <div class={classes!("stat", problem.then_some("problem"))}>
                <dt>{ t(lang, key) }</dt>
                <dd>{ n }</dd>
            </div>
        }
    };
    html! {
        <section class="attendance-student" data-student={student.student_id.to_string()}>
            <p class="no-print">
                <button type="button" class="link-button" id="attendance-back" onclick={back}>
                    { match class {
                        Some(c) => tf(lang, Key::RpAttBackTo, &[("class", &c.class_name)]),
                        None => t(lang, Key::RpAttBack).to_owned(),
                    } }
                </button>
            </p>
            <h2 id="attendance-student-title">{ tf(lang, Key::RpAttStudentTitle, &[("name", &student.name)]) }</h2>
            if let Some(a) = counts {
                <dl class="stats report-stats" id="attendance-student-counts">
                    { tile(Key::RpColMissed, a.lessons_missed, false) }
                    { tile(Key::RpColIllness, a.illness, false) }
                    { tile(Key::RpColExcused, a.excused, false) }
                    { tile(Key::RpColUnexcused, a.unexcused, count_is_problem(a.unexcused)) }
                    { tile(Key::RpColNoReason, a.without_reason, false) }
                    { tile(Key::RpColLate, a.late, false) }
                    { tile(Key::RpColDaysMissed, a.days_missed, false) }
                </dl>
            }
            <p class="muted no-print">{ t(lang, Key::RpAttMissedIntro) }</p>
            if r.missed.is_empty() {
                <p class="muted" id="attendance-no-missed">{ t(lang, Key::RpAttNoMissed) }</p>
            } else {
                { missed_table(lang, &tf(lang, Key::RpCaptionAttMissed, &[("name", &student.name), ("span", span)]), &r.missed) }
            }
        </section>
    }
}

fn missed_table(lang: Lang, caption: &str, missed: &[MissedLesson]) -> Html {
    let dash = || html! { <span class="muted">{ t(lang, Key::Dash) }</span> };
    html! {
        <div class="table-wrap report-wrap">
            <table class="report-table missed-table" id="attendance-missed">
                <caption class="visually-hidden">{ caption.to_owned() }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::RpColDate) }</th>
                        <th scope="col">{ t(lang, Key::Subject) }</th>
                        <th scope="col">{ t(lang, Key::RpColMark) }</th>
                        <th scope="col">{ t(lang, Key::RpColTopic) }</th>
                        <th scope="col">{ t(lang, Key::RpColHomework) }</th>
                    </tr>
                </thead>
                <tbody>
                    { for missed.iter().map(|m| {
                        let late = m.status == "late";
                        html! {
                            <tr data-entry={m.entry_id.to_string()} data-date={m.date.to_string()}
                                class={classes!(late.then_some("late"))}>
                                <th scope="row" class="nowrap">
                                    <Link<Route> to={Route::Lesson { entry_id: m.entry_id, date: m.date }}>
                                        { full_date(lang, m.date) }
                                    </Link<Route>>
                                    <span class="group-name">{ lesson_number(lang, m.lesson_number) }</span>
                                </th>
                                <td>{ m.subject_name.clone() }</td>
                                <td>
                                    { if late { t(lang, Key::RpStatusLate) } else { t(lang, Key::RpStatusAbsent) } }
                                    if !late {
                                        <span class="group-name">{ t(lang, reason_key(m.reason.as_deref())) }</span>
                                    }
                                </td>
                                <td class="topic">
                                    { match &m.topic { Some(topic) => html! { topic.clone() }, None => dash() } }
                                </td>
                                <td class="homework">
                                    { match &m.homework { Some(h) => html! { h.clone() }, None => dash() } }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}
