//! «Выполнение программы» (R-R5): per journal page over a span of days the lessons planned by the
//! timetable up to today against those held, cancelled and given by a substitute, the share
//! done (pages below 100 % marked), and beside them the hours a week of the assignment, of the
//! curriculum and of the lesson plan (КТП); per teacher the lessons they gave on their own pages,
//! for others, and their own given away. The filters live in the address.

use super::span::SpanBar;
use super::{
    chosen_name, count as count_cell, figure, head, offer_for, page_class, print_heading,
    report_failed, use_structure, FileActions, FileQuery, NarrowingFields, Shared,
};
use crate::app::Route;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{loading, use_load_keyed, use_title, Load};
use crate::services::access::sees_reports;
use crate::services::reports::{
    completion_is_problem, hours_differ, percent_text, ControlView, Narrowing, ReportQuery,
    SpanPreset,
};
use crate::services::state::use_app;
use crate::services::week::{full_date, iso, short_person, today};
use journal_api_types::reports::{
    Completion, CompletionLine, CurriculumReport, ReportFormat, TeacherLessons,
};
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

#[component]
pub fn CurriculumReportPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::RpCurriculumTitle);
    let me = app.me();
    let can = me.as_ref().is_some_and(|m| sees_reports(m));
    let location = use_location();
    let navigator = use_navigator();
    let today = today();
    let query = location
        .as_ref()
        .and_then(|l| l.query::<ReportQuery>().ok())
        .unwrap_or_default();
    let view = ControlView::from_query_or(&query, SpanPreset::SchoolYear.span(today));
    let retry = use_state(|| 0_u32);
    let structure = use_structure(can);
    let report = use_load_keyed((can, view), *retry, |c, (can, view)| async move {
        if can {
            let r = c
                .curriculum_report(&view.filter(ReportFormat::Json))
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
        Callback::from(move |v: ControlView| {
            if let Some(n) = &navigator {
                // The query is plain text fields: it always encodes.
                let _ = n.push_with_query(&Route::CurriculumReport, &v.query());
            }
        })
    };
    let (whole_school, offer) = offer_for(
        &me,
        structure.ready().map(|s| &**s),
        view.narrowing.class_id,
    );
    let offer = Rc::new(offer);
    let on_span = {
        let go = go.clone();
        Callback::from(move |(from, to)| go.emit(ControlView { from, to, ..view }))
    };
    let on_narrow = {
        let go = go.clone();
        Callback::from(move |narrowing: Narrowing| go.emit(ControlView { narrowing, ..view }))
    };
    let on_reset = view.narrowing.any().then(|| {
        let go = go.clone();
        Callback::from(move |_: MouseEvent| {
            go.emit(ControlView {
                narrowing: Narrowing::default(),
                ..view
            })
        })
    });
    let span = tf(
        lang,
        Key::RpSpanText,
        &[
            ("from", &full_date(lang, view.from)),
            ("to", &full_date(lang, view.to)),
        ],
    );
    let about: Vec<String> = [
        Some(span.clone()),
        chosen_name(&offer.classes, view.narrowing.class_id),
        chosen_name(&offer.subjects, view.narrowing.subject_id),
        chosen_name(&offer.teachers, view.narrowing.teacher_id),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut parts = vec![iso(view.from), iso(view.to)];
    parts.extend(about.iter().skip(1).cloned());
    let ready = report.ready().and_then(|r| r.clone());
    let body = match &*report {
        Load::Loading => loading(lang),
        Load::Failed(e) => report_failed(lang, e, {
            let retry = retry.clone();
            Callback::from(move |_| retry.set(retry.wrapping_add(1)))
        }),
        Load::Ready(None) => Html::default(),
        Load::Ready(Some(r)) => html! {
            <CurriculumView report={Shared(r.clone())} span={span.clone()} />
        },
    };
    html! {
        <section class="page wide report" id="curriculum-report">
            <h1>{ t(lang, Key::RpCurriculumTitle) }</h1>
            <p class="muted no-print">{ t(lang, Key::RpCurriculumIntro) }</p>
            { print_heading(lang, &about) }
            <SpanBar prefix="curriculum" from={view.from} to={view.to}
                presets={&SpanPreset::LONG[..]} {on_span} {on_reset}>
                <NarrowingFields prefix="curriculum" offer={offer.clone()} value={view.narrowing}
                    {whole_school} on_change={on_narrow} />
            </SpanBar>
            <FileActions prefix="curriculum"
                query={ready.map(|_| FileQuery::Curriculum(view.filter(ReportFormat::Json)))}
                base={t(lang, Key::RpCurriculumTitle).to_owned()} {parts} />
            { body }
        </section>
    }
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
