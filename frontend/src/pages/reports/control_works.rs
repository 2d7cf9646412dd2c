//! «Результаты контрольных работ» (R-R9): the control works of the deputy's schedule written in a
//! span of days, each work (one subject, grade and title) compared across the classes that wrote
//! it — «5»…«2», who wrote and who did not, успеваемость, качество, СОУ, the average — with its
//! total and a chart of quality by class. The filters live in the address.

use super::achievement::{figure_cells, figure_heads};
use super::chart::BarChartView;
use super::span::SpanBar;
use super::{
    chosen_name, count as count_cell, figure, head, offer_for, print_heading, report_failed,
    use_structure, FileActions, FileQuery, NarrowingFields, Shared,
};
use crate::app::Route;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{loading, use_load_keyed, use_title, Load};
use crate::services::access::sees_reports;
use crate::services::reports::{
    failing_is_problem, ControlView, Narrowing, ReportQuery, SpanPreset,
};
use crate::services::state::use_app;
use crate::services::week::{full_date, iso, short_person, today};
use journal_api_types::reports::{
    ControlWorkGroup, ControlWorkResult, ControlWorksReport, Figures, ReportFormat, Tally,
};
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

#[component]
pub fn ControlWorksReportPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::RpWorksTitle);
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
                .control_works_report(&view.filter(ReportFormat::Json))
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
                let _ = n.push_with_query(&Route::ControlWorksReport, &v.query());
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
        Load::Ready(Some(r)) => report_view(lang, Shared(r.clone())),
    };
    html! {
        <section class="page wide report" id="control-works-report">
            <h1>{ t(lang, Key::RpWorksTitle) }</h1>
            <p class="muted no-print">{ t(lang, Key::RpWorksIntro) }</p>
            { print_heading(lang, &about) }
            <SpanBar prefix="works" from={view.from} to={view.to}
                presets={&SpanPreset::LONG[..]} {on_span} {on_reset}>
                <NarrowingFields prefix="works" offer={offer.clone()} value={view.narrowing}
                    {whole_school} on_change={on_narrow} />
            </SpanBar>
            <FileActions prefix="works"
                query={ready.map(|_| FileQuery::ControlWorks(view.filter(ReportFormat::Json)))}
                base={t(lang, Key::RpWorksTitle).to_owned()} {parts} />
            { body }
        </section>
    }
}

/// A work's name: «Алгебра, 7 кл. — Контрольная работа № 2».
fn work_name(lang: Lang, g: &ControlWorkGroup) -> String {
    tf(
        lang,
        Key::RpWorkName,
        &[
            ("subject", &g.subject_name),
            ("grade", &g.grade.to_string()),
            ("title", &g.title),
        ],
    )
}

fn report_view(lang: Lang, r: Shared<ControlWorksReport>) -> Html {
    if r.works.is_empty() {
        return html! { <p class="muted" id="works-empty">{ t(lang, Key::RpWorksEmpty) }</p> };
    }
    html! {
        <>
            <p class="report-note" id="works-count">
                { tf(lang, Key::RpWorksCount, &[("n", &r.works.len().to_string())]) }
            </p>
            { for r.works.iter().enumerate().map(|(i, g)| work_view(lang, i, g)) }
        </>
    }
}

/// Students who wrote: on the roster with a mark (the others are `missing`).
fn wrote(c: &ControlWorkResult) -> u32 {
    c.students.saturating_sub(c.tally.missing)
}

/// The cells of a class's (or the total's) counts and figures.
fn result_cells(lang: Lang, students: u32, wrote: u32, t_: &Tally, f: &Figures) -> Html {
    let n = count_cell;
    html! {
        <>
            { figure(students.to_string(), false) }
            { figure(wrote.to_string(), false) }
            { n(t_.missing, false) }
            { n(t_.fives, false) }
            { n(t_.fours, false) }
            { n(t_.threes, false) }
            { n(t_.twos, failing_is_problem(t_.twos)) }
            { figure_cells(lang, f.success, f.quality, f.sou, f.average) }
        </>
    }
}

fn work_view(lang: Lang, index: usize, g: &ControlWorkGroup) -> Html {
    let name = work_name(lang, g);
    let chart: Vec<(String, Option<f64>)> = g
        .classes
        .iter()
        .filter(|c| c.tally.graded() > 0)
        .map(|c| (c.class_name.clone(), c.figures.quality))
        .collect();
    let students: u32 = g.classes.iter().map(|c| c.students).sum();
    let wrote_all: u32 = g.classes.iter().map(wrote).sum();
    let title_id = format!("works-{index}-title");
    html! {
        <section class="work-group" id={format!("works-{index}")} aria-labelledby={title_id.clone()}
            data-subject={g.subject_id.to_string()} data-grade={g.grade.to_string()}>
            <h2 id={title_id}>{ name.clone() }</h2>
            <div class="table-wrap report-wrap">
                <table class="report-table" id={format!("works-{index}-table")}>
                    <caption class="visually-hidden">{ tf(lang, Key::RpCaptionWork, &[("work", &name)]) }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ t(lang, Key::RpColClassDateTeacher) }</th>
                            { head(lang, Key::RpColStudents, None) }
                            { head(lang, Key::RpColWrote, None) }
                            { head(lang, Key::RpColNotWrote, Some(Key::RpColNotWroteLong)) }
                            <th scope="col" class="num">{ "5" }</th>
                            <th scope="col" class="num">{ "4" }</th>
                            <th scope="col" class="num">{ "3" }</th>
                            <th scope="col" class="num" title={t(lang, Key::RpColTwosLong)}>{ "2" }</th>
                            { figure_heads(lang) }
                        </tr>
                    </thead>
                    <tbody>
                        { for g.classes.iter().map(|c| html! {
                            <tr data-class={c.class_id.to_string()} data-work={c.control_work_id.to_string()}>
                                <th scope="row">
                                    { c.class_name.clone() }
                                    <span class="group-name work-when" title={c.teacher.as_ref().map(|tr| tr.teacher_name.clone())}>
                                        { full_date(lang, c.date) }
                                        if let Some(tr) = &c.teacher {
                                            { " · " }{ short_person(&tr.teacher_name) }
                                        }
                                    </span>
                                </th>
                                { result_cells(lang, c.students, wrote(c), &c.tally, &c.figures) }
                            </tr>
                        }) }
                    </tbody>
                    if g.classes.len() > 1 {
                        <tfoot>
                            <tr id={format!("works-{index}-total")}>
                                <th scope="row">{ t(lang, Key::Total) }</th>
                                { result_cells(lang, students, wrote_all, &g.total, &g.total_figures) }
                            </tr>
                        </tfoot>
                    }
                </table>
            </div>
            if !chart.is_empty() {
                <BarChartView id={format!("works-{index}-chart")}
                    title={tf(lang, Key::RpChartWorkQuality, &[("work", &name)])}
                    desc={t(lang, Key::RpChartWorkQualityDesc)} items={Shared(Rc::new(chart))} />
            }
        </section>
    }
}
