//! «Результаты контрольных работ» (R-R9): the control works of the deputy's schedule written in a
//! span of days, each work (one subject, grade and title) compared across the classes that wrote
//! it — «5»…«2», who wrote and who did not, успеваемость, качество, СОУ, the average — with its
//! total and a chart of quality by class. The filters live in the address.

use super::achievement::{figure_cells, figure_heads};
use super::chart::BarChartView;
use super::span_page::{SpanKind, SpanReport, SpanReportPage};
use super::{count as count_cell, figure, head, Shared};
use crate::i18n::{t, tf, Key, Lang};
use crate::services::reports::failing_is_problem;
use crate::services::week::{full_date, short_person};
use journal_api_types::reports::{
    ControlWorkGroup, ControlWorkResult, ControlWorksReport, Figures, Tally,
};
use std::rc::Rc;
use yew::prelude::*;

/// «Результаты контрольных работ»: the span page with the works' view.
#[component]
pub fn ControlWorksReportPage() -> Html {
    let view = Callback::from(|(lang, r, _span): (Lang, SpanReport, AttrValue)| match r {
        SpanReport::ControlWorks(r) => report_view(lang, Shared(r)),
        _ => Html::default(),
    });
    html! { <SpanReportPage kind={SpanKind::ControlWorks} {view} /> }
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
