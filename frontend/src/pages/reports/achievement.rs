//! «Успеваемость и качество» (R-R3): the finals of a period or of the year per journal page,
//! class and teacher — counts of «5», «4», «3», «2», Н/А, успеваемость, качество, СОУ and the
//! average — with each class's отличники, хорошисты, students one mark short and неуспевающие
//! with the topics of their failing marks. The filters live in the address.

use super::chart::BarChartView;
use super::{
    count as count_cell, figure, head, offer_for, page_class, print_heading, report_failed,
    use_structure, FileActions, FileQuery, NarrowingFields, Shared,
};
use crate::app::Route;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::journal::period_name;
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{loading, use_load_keyed, use_title, Load};
use crate::services::access::sees_reports;
use crate::services::reports::{
    average_text, current_period, failing_is_problem, percent_text, AchievementView, Choice,
    Finals, Narrowing, ReportQuery, Structure,
};
use crate::services::state::use_app;
use crate::services::week::{short_person, today};
use journal_api_types::reports::{
    Achievement, ClassAchievement, Figures, ReportFormat, StudentRef, StudentSubject, Tally,
};
use journal_domain::marks::NOT_ATTESTED;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::*;

/// The periods and the year as the chooser offers them, with their names.
fn finals_choices(lang: Lang, s: &Structure) -> Vec<(Finals, String)> {
    let mixed = s
        .periods
        .windows(2)
        .any(|w| (w[0].grade_from, w[0].grade_to) != (w[1].grade_from, w[1].grade_to));
    let mut out: Vec<(Finals, String)> = s
        .periods
        .iter()
        .filter_map(|p| {
            let id = p.id?;
            let mut name = period_name(lang, &p.kind, p.number);
            if mixed {
                let grades = tf(
                    lang,
                    Key::RpGrades,
                    &[
                        ("from", &p.grade_from.to_string()),
                        ("to", &p.grade_to.to_string()),
                    ],
                );
                name = format!("{name} ({grades})");
            }
            Some((Finals::Period(id), name))
        })
        .collect();
    if let Some(year) = s.year_id {
        out.push((Finals::Year(year), t(lang, Key::RpYearFinals).to_owned()));
    }
    out
}

#[component]
pub fn AchievementPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::RpAchievementTitle);
    let me = app.me();
    let can = me.as_ref().is_some_and(|m| sees_reports(m));
    let location = use_location();
    let navigator = use_navigator();
    let query = location
        .as_ref()
        .and_then(|l| l.query::<ReportQuery>().ok())
        .unwrap_or_default();
    let view = AchievementView::from_query(&query);
    let structure = use_structure(can);
    let s = structure.ready().cloned();
    // Without finals in the address: the current period (of the chosen class's grade), else the
    // year, once the structure is known.
    let finals = view.finals.or_else(|| {
        let s = s.as_ref()?;
        let grade = view.narrowing.class_id.and_then(|c| s.grade_of(c));
        current_period(&s.periods, today(), grade)
            .map(Finals::Period)
            .or(s.year_id.map(Finals::Year))
    });
    let retry = use_state(|| 0_u32);
    let key = (can, finals, view.narrowing);
    let report = use_load_keyed(key, *retry, move |c, (can, finals, _)| async move {
        match finals {
            Some(f) if can => {
                let r = c.achievement(&view.filter(f, ReportFormat::Json)).await?;
                Ok(Some(Rc::new(r)))
            }
            _ => Ok(None),
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
        move |v: AchievementView| {
            if let Some(n) = &navigator {
                // The query is plain text fields: it always encodes.
                let _ = n.push_with_query(&Route::AchievementReport, &v.query());
            }
        }
    };
    let (whole_school, offer) = offer_for(&me, s.as_deref(), view.narrowing.class_id);
    let offer = Rc::new(offer);
    let choices = s
        .as_ref()
        .map(|s| finals_choices(lang, s))
        .unwrap_or_default();
    let on_finals = {
        let go = go.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(f) = Finals::parse(&select.value()) {
                go(AchievementView {
                    finals: Some(f),
                    ..view
                });
            }
        })
    };
    // The finals shown stay in the address when the narrowing changes.
    let on_narrow = {
        let go = go.clone();
        Callback::from(move |narrowing: Narrowing| {
            go(AchievementView {
                finals: view.finals.or(finals),
                narrowing,
            })
        })
    };
    let on_reset = {
        let go = go.clone();
        Callback::from(move |_: MouseEvent| {
            go(AchievementView {
                finals: view.finals.or(finals),
                narrowing: Narrowing::default(),
            })
        })
    };
    let filters = html! {
        <form class="filters report-filters no-print" role="search" aria-label={t(lang, Key::RpFilters)}
            onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())} novalidate=true>
            if !choices.is_empty() {
                <div class="field">
                    <label for="achievement-period">{ t(lang, Key::RpPeriod) }</label>
                    <select id="achievement-period" onchange={on_finals}>
                        { for choices.iter().map(|(f, name)| html! {
                            <option value={f.value()} selected={finals == Some(*f)}>{ name.clone() }</option>
                        }) }
                    </select>
                </div>
            }
            <NarrowingFields prefix="achievement" offer={offer.clone()} value={view.narrowing}
                {whole_school} on_change={on_narrow} />
            if view.narrowing.any() {
                <div class="field actions">
                    <button type="button" id="achievement-reset" class="button ghost" onclick={on_reset}>
                        { t(lang, Key::Reset) }
                    </button>
                </div>
            }
        </form>
    };
    let what = finals
        .and_then(|f| choices.iter().find(|(c, _)| *c == f))
        .map(|(_, name)| name.clone())
        .unwrap_or_default();
    let chosen = |list: &[Choice], id| super::chosen_name(list, id);
    let about: Vec<String> = [
        Some(what.clone()),
        chosen(&offer.classes, view.narrowing.class_id),
        chosen(&offer.subjects, view.narrowing.subject_id),
        chosen(&offer.teachers, view.narrowing.teacher_id),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.is_empty())
    .collect();
    let body = match (&*structure, &*report) {
        (Load::Failed(e), _) => report_failed(lang, e, {
            let retry = retry.clone();
            Callback::from(move |_| retry.set(retry.wrapping_add(1)))
        }),
        (Load::Ready(_), _) if finals.is_none() => html! {
            <p class="muted" id="achievement-no-year">{ t(lang, Key::RpNoYear) }</p>
        },
        (_, Load::Failed(e)) => report_failed(lang, e, {
            let retry = retry.clone();
            Callback::from(move |_| retry.set(retry.wrapping_add(1)))
        }),
        (_, Load::Ready(Some(r))) => report_view(lang, &what, Shared(r.clone())),
        _ => loading(lang),
    };
    let ready = report.ready().and_then(|r| r.clone()).is_some();
    html! {
        <section class="page wide report" id="achievement">
            <h1>{ t(lang, Key::RpAchievementTitle) }</h1>
            <p class="muted no-print">{ t(lang, Key::RpAchievementIntro) }</p>
            { print_heading(lang, &about) }
            { filters }
            <FileActions prefix="achievement"
                query={finals.filter(|_| ready).map(|f| FileQuery::Achievement(view.filter(f, ReportFormat::Json)))}
                base={t(lang, Key::RpAchievementTitle).to_owned()} parts={about.clone()} />
            { body }
        </section>
    }
}

fn report_view(lang: Lang, what: &str, r: Shared<Achievement>) -> Html {
    let chart: Vec<(String, Option<f64>)> = r
        .classes
        .iter()
        .filter(|c| c.standings.students > 0)
        .map(|c| (c.class_name.clone(), c.quality))
        .collect();
    let nobody = r.total.counted() == 0 && r.total.missing == 0;
    html! {
        <>
            <h2 id="achievement-pages-title">{ t(lang, Key::RpPages) }</h2>
            if nobody {
                <p class="muted" id="achievement-empty">{ t(lang, Key::RpNoFinals) }</p>
            } else {
                if r.total.counted() == 0 {
                    <p class="notice" id="achievement-not-yet">{ t(lang, Key::RpNoFinalsYet) }</p>
                }
                { pages_table(lang, what, &r) }
            }
            if !r.classes.is_empty() {
                <h2 id="achievement-classes-title">{ t(lang, Key::RpClasses) }</h2>
                if !chart.is_empty() {
                    <BarChartView id="achievement-chart" title={t(lang, Key::RpChartQuality)}
                        desc={t(lang, Key::RpChartQualityDesc)} items={Shared(Rc::new(chart))} />
                }
                { classes_table(lang, "achievement", what, &r.classes) }
                { lists(lang, "achievement", &r.classes) }
            }
            if !r.teachers.is_empty() {
                <h2 id="achievement-teachers-title">{ t(lang, Key::RpTeachers) }</h2>
                { teachers_table(lang, what, &r) }
            }
        </>
    }
}

/// Whether any line has pass/fail finals: only then are their columns shown.
fn has_pass_fail(r: &Achievement) -> bool {
    r.total.passes + r.total.fails > 0
}

/// The heading cells of a tally and its figures.
fn tally_heads(lang: Lang, pass_fail: bool) -> Html {
    html! {
        <>
            <th scope="col" class="num">{ "5" }</th>
            <th scope="col" class="num">{ "4" }</th>
            <th scope="col" class="num">{ "3" }</th>
            <th scope="col" class="num">{ "2" }</th>
            { head(lang, Key::RpColNa, None) }
            if pass_fail {
                { head(lang, Key::RpColPass, None) }
                { head(lang, Key::RpColFail, None) }
            }
            { head(lang, Key::RpColMissing, Some(Key::RpColMissingLong)) }
            { figure_heads(lang) }
        </>
    }
}

pub(super) fn figure_heads(lang: Lang) -> Html {
    html! {
        <>
            { head(lang, Key::RpColSuccess, None) }
            { head(lang, Key::RpColQuality, None) }
            <th scope="col" class="num" title={t(lang, Key::RpColSouLong)}>
                <abbr title={t(lang, Key::RpColSouLong)}>{ t(lang, Key::RpColSou) }</abbr>
            </th>
            { head(lang, Key::RpColAverage, None) }
        </>
    }
}

/// The cells of a tally and its figures: failing, Н/А and missing finals marked as problems.
fn tally_cells(lang: Lang, t_: &Tally, f: &Figures, pass_fail: bool) -> Html {
    let n = count_cell;
    html! {
        <>
            { n(t_.fives, false) }
            { n(t_.fours, false) }
            { n(t_.threes, false) }
            { n(t_.twos, failing_is_problem(t_.twos)) }
            { n(t_.not_attested, failing_is_problem(t_.not_attested)) }
            if pass_fail {
                { n(t_.passes, false) }
                { n(t_.fails, failing_is_problem(t_.fails)) }
            }
            { n(t_.missing, false) }
            { figure_cells(lang, f.success, f.quality, f.sou, f.average) }
        </>
    }
}

pub(super) fn figure_cells(
    lang: Lang,
    success: Option<f64>,
    quality: Option<f64>,
    sou: Option<f64>,
    average: Option<f64>,
) -> Html {
    html! {
        <>
            { figure(percent_text(lang, success), success.is_some_and(|s| s < 100.0)) }
            { figure(percent_text(lang, quality), false) }
            { figure(percent_text(lang, sou), false) }
            { figure(average_text(lang, average), false) }
        </>
    }
}

fn pages_table(lang: Lang, what: &str, r: &Achievement) -> Html {
    let pass_fail = has_pass_fail(r);
    html! {
        <div class="table-wrap report-wrap">
            <table class="report-table" id="achievement-pages">
                <caption class="visually-hidden">{ tf(lang, Key::RpCaptionAchievement, &[("what", what)]) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::TtClass) }</th>
                        <th scope="col">{ t(lang, Key::Subject) }</th>
                        <th scope="col">{ t(lang, Key::TtTeacher) }</th>
                        { tally_heads(lang, pass_fail) }
                    </tr>
                </thead>
                <tbody>
                    { for r.pages.iter().map(|l| {
                        html! {
                            <tr data-assignment={l.page.assignment_id.to_string()}>
                                <th scope="row">{ page_class(&l.page) }</th>
                                <td>{ l.page.subject_name.clone() }</td>
                                <td class="person" title={l.page.teacher_name.clone()}>{ short_person(&l.page.teacher_name) }</td>
                                { tally_cells(lang, &l.tally, &l.figures, pass_fail) }
                            </tr>
                        }
                    }) }
                </tbody>
                <tfoot>
                    <tr id="achievement-total">
                        <th scope="row" colspan="3">{ t(lang, Key::Total) }</th>
                        { tally_cells(lang, &r.total, &r.total_figures, pass_fail) }
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}

/// The classes' standings; `prefix` names the table (`achievement-classes`).
pub(super) fn classes_table(
    lang: Lang,
    prefix: &str,
    what: &str,
    classes: &[ClassAchievement],
) -> Html {
    let n = count_cell;
    html! {
        <div class="table-wrap report-wrap">
            <table class="report-table" id={format!("{prefix}-classes")}>
                <caption class="visually-hidden">{ tf(lang, Key::RpCaptionClasses, &[("what", what)]) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::TtClass) }</th>
                        { head(lang, Key::RpColCounted, None) }
                        { head(lang, Key::RpExcellent, None) }
                        { head(lang, Key::RpGood, None) }
                        { head(lang, Key::RpSingleThree, None) }
                        { head(lang, Key::RpSingleFour, None) }
                        { head(lang, Key::RpFailing, None) }
                        { head(lang, Key::RpColSuccess, Some(Key::RpColSuccessStudents)) }
                        { head(lang, Key::RpColQuality, Some(Key::RpColQualityStudents)) }
                        <th scope="col" class="num">
                            <abbr title={t(lang, Key::RpColSouLong)}>{ t(lang, Key::RpColSou) }</abbr>
                        </th>
                        { head(lang, Key::RpColAverage, None) }
                    </tr>
                </thead>
                <tbody>
                    { for classes.iter().map(|c| {
                        let s = &c.standings;
                        html! {
                            <tr data-class={c.class_id.to_string()}>
                                <th scope="row">{ c.class_name.clone() }</th>
                                { n(s.students, false) }
                                { n(s.excellent, false) }
                                { n(s.good, false) }
                                { n(s.single_three, false) }
                                { n(s.single_four, false) }
                                { n(s.failing, failing_is_problem(s.failing)) }
                                { figure_cells(lang, c.success, c.quality, c.figures.sou, c.figures.average) }
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// A failing final in words: «2», «Н/А», «незачёт».
fn failing_value(lang: Lang, value: &str) -> String {
    match value {
        NOT_ATTESTED => t(lang, Key::RpColNa).to_owned(),
        "fail" => t(lang, Key::RpFailWord).to_owned(),
        "not_mastered" => t(lang, Key::RpNotMastered).to_owned(),
        v => format!("«{v}»"),
    }
}

/// The names of each class's отличники, хорошисты, near misses and неуспевающие; `prefix`
/// names the section (`achievement-lists`).
pub(super) fn lists(lang: Lang, prefix: &str, classes: &[ClassAchievement]) -> Html {
    let names = |list: &[StudentRef]| {
        list.iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let with_subject = |list: &[StudentSubject]| {
        list.iter()
            .map(|s| format!("{} ({})", s.student.name, s.subject_name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let any = |c: &&ClassAchievement| {
        !(c.excellent.is_empty()
            && c.good.is_empty()
            && c.single_three.is_empty()
            && c.single_four.is_empty()
            && c.failing.is_empty())
    };
    let shown: Vec<&ClassAchievement> = classes.iter().filter(any).collect();
    if shown.is_empty() {
        return Html::default();
    }
    let entry = |key: Key, class: &'static str, text: String| {
        if text.is_empty() {
            return Html::default();
        }
        html! {
            <>
                <dt>{ t(lang, key) }</dt>
                <dd class={class}>{ text }</dd>
            </>
        }
    };
    html! {
        <section class="class-lists" id={format!("{prefix}-lists")} aria-labelledby={format!("{prefix}-lists-title")}>
            <h3 id={format!("{prefix}-lists-title")}>{ t(lang, Key::RpLists) }</h3>
            { for shown.into_iter().map(|c| html! {
                <div class="class-list card" data-class={c.class_id.to_string()}>
                    <h4>{ c.class_name.clone() }</h4>
                    <dl class="details compact">
                        { entry(Key::RpExcellent, "excellent", names(&c.excellent)) }
                        { entry(Key::RpGood, "good", names(&c.good)) }
                        { entry(Key::RpSingleThree, "single-three", with_subject(&c.single_three)) }
                        { entry(Key::RpSingleFour, "single-four", with_subject(&c.single_four)) }
                        if !c.failing.is_empty() {
                            <dt>{ t(lang, Key::RpFailing) }</dt>
                            <dd class="failing">
                                <ul class="failing-list">
                                    { for c.failing.iter().map(|f| html! {
                                        <li>
                                            <strong>{ f.student.name.clone() }</strong>
                                            { " — " }
                                            { f.subjects.iter().map(|s| {
                                                let mut text = tf(lang, Key::RpSubjectOf, &[("subject", &s.subject_name), ("value", &failing_value(lang, &s.value))]);
                                                if !s.topics.is_empty() {
                                                    text.push_str(&format!(" ({})", tf(lang, Key::RpTopics, &[("topics", &s.topics.join("; "))])));
                                                }
                                                text
                                            }).collect::<Vec<_>>().join("; ") }
                                        </li>
                                    }) }
                                </ul>
                            </dd>
                        }
                    </dl>
                </div>
            }) }
        </section>
    }
}

fn teachers_table(lang: Lang, what: &str, r: &Achievement) -> Html {
    let pass_fail = has_pass_fail(r);
    html! {
        <div class="table-wrap report-wrap">
            <table class="report-table" id="achievement-teachers">
                <caption class="visually-hidden">
                    { format!("{} — {what}", t(lang, Key::RpTeachers)) }
                </caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::TtTeacher) }</th>
                        { tally_heads(lang, pass_fail) }
                    </tr>
                </thead>
                <tbody>
                    { for r.teachers.iter().map(|tc| html! {
                        <tr data-teacher={tc.teacher.teacher_id.to_string()}>
                            <th scope="row" class="person" title={tc.teacher.teacher_name.clone()}>{ short_person(&tc.teacher.teacher_name) }</th>
                            { tally_cells(lang, &tc.tally, &tc.figures, pass_fail) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
