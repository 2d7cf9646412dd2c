//! «Отчёты классного руководителя» (R-R7): a class's period report — each student's finals per
//! subject, their average and absences, and the class results (отличники, хорошисты, с одной
//! «3»/«4», неуспевающие, успеваемость, качество) — or the preliminary report with each student's
//! forecast per subject and the students at risk flagged. The deputy and the director choose any
//! class, a class teacher the classes they lead. The period and the kind live in the address.

use super::achievement::{classes_table, lists};
use super::{
    class_offer, count as count_cell, figure, head, print_heading, refused, use_structure,
    FileActions, FileQuery, Shared,
};
use crate::app::Route;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::journal::period_name;
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{loading, use_load_keyed, use_title, Load};
use crate::services::reports::{
    average_text, count_is_problem, current_period, kind_code, reads_classes, value_is_failing,
    value_word, ClassReportView, ReportQuery, Structure,
};
use crate::services::state::use_app;
use crate::services::week::today;
use journal_api_types::reports::{ClassReport, ClassReportKind, ClassReportRow, ReportFormat};
use journal_api_types::structure::PeriodInput;
use std::rc::Rc;
use uuid::Uuid;
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::*;

/// The periods of the year a class of `grade` has (all of them when the grade is not known).
pub(super) fn periods_of(s: &Structure, grade: Option<u8>) -> Vec<PeriodInput> {
    s.periods
        .iter()
        .filter(|p| p.id.is_some())
        .filter(|p| grade.is_none_or(|g| p.grade_from <= g && g <= p.grade_to))
        .cloned()
        .collect()
}

/// «Отчёты классного руководителя» without a class: the classes the reader may choose; a class
/// teacher of one class goes straight to it.
#[component]
pub fn ClassReportPickPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::RpClassTitle);
    let me = app.me();
    let can = me.as_ref().is_some_and(|m| reads_classes(m));
    let navigator = use_navigator();
    let structure = use_structure(can);
    let offer = me
        .as_ref()
        .map(|me| class_offer(me, structure.ready().map(|s| &**s)))
        .unwrap_or_default();
    let only = match offer.classes.as_slice() {
        [one] => Some(one.id),
        _ => None,
    };
    use_effect_with(only, move |only| {
        if let (Some(class_id), Some(n)) = (only, navigator) {
            n.replace(&Route::ClassReport {
                class_id: *class_id,
            });
        }
    });
    if me.is_none() {
        return Html::default();
    }
    if !can {
        return html! { <ForbiddenPage /> };
    }
    let body = match &*structure {
        Load::Loading => loading(lang),
        Load::Failed(e) => refused(
            lang,
            e,
            Callback::from(|_: MouseEvent| {
                // The structure is loaded once per visit: load the page again.
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            }),
            Key::RpClassesForbidden,
        ),
        Load::Ready(_) if offer.classes.is_empty() => html! {
            <p class="muted" id="class-report-no-classes">{ t(lang, Key::RpClassNoClasses) }</p>
        },
        Load::Ready(_) => html! {
            <ul class="class-picks" id="class-report-pick-list">
                { for offer.classes.iter().map(|c| html! {
                    <li data-class={c.id.to_string()}>
                        <Link<Route> to={Route::ClassReport { class_id: c.id }} classes="button secondary">
                            { c.name.clone() }
                        </Link<Route>>
                    </li>
                }) }
            </ul>
        },
    };
    html! {
        <section class="page report" id="class-report-pick">
            <h1>{ t(lang, Key::RpClassTitle) }</h1>
            <p class="muted">{ t(lang, Key::RpClassIntro) }</p>
            <h2>{ t(lang, Key::RpClassChoose) }</h2>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ClassReportProps {
    pub class_id: Uuid,
}

#[component]
pub fn ClassReportPage(props: &ClassReportProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::RpClassTitle);
    let me = app.me();
    let can = me.as_ref().is_some_and(|m| reads_classes(m));
    let location = use_location();
    let navigator = use_navigator();
    let query = location
        .as_ref()
        .and_then(|l| l.query::<ReportQuery>().ok())
        .unwrap_or_default();
    let view = ClassReportView::from_query(&query);
    let class_id = props.class_id;
    let structure = use_structure(can);
    let s = structure.ready().cloned();
    let grade = s.as_ref().and_then(|s| s.grade_of(class_id));
    let periods = s.as_ref().map(|s| periods_of(s, grade)).unwrap_or_default();
    // Without a period in the address: the current one of the class's grade.
    let period = view
        .period_id
        .or_else(|| current_period(&periods, today(), grade));
    let retry = use_state(|| 0_u32);
    let key = (can, class_id, period, view.kind);
    let report = use_load_keyed(
        key,
        *retry,
        move |c, (can, class_id, period, _)| async move {
            match period {
                Some(p) if can => {
                    let r = c
                        .class_report(class_id, &view.filter(p, ReportFormat::Json))
                        .await?;
                    Ok(Some(Rc::new(r)))
                }
                _ => Ok(None),
            }
        },
    );
    let Some(me) = me else {
        return Html::default();
    };
    if !can {
        return html! { <ForbiddenPage /> };
    }
    let go = {
        let navigator = navigator.clone();
        Callback::from(move |(class_id, v): (Uuid, ClassReportView)| {
            if let Some(n) = &navigator {
                // The query is plain text fields: it always encodes.
                let _ = n.push_with_query(&Route::ClassReport { class_id }, &v.query());
            }
        })
    };
    let offer = class_offer(&me, s.as_deref());
    let on_class = {
        let go = go.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(id) = Uuid::parse_str(&select.value()) {
                // Another grade may have other periods: the new class opens on its current one.
                go.emit((
                    id,
                    ClassReportView {
                        period_id: None,
                        ..view
                    },
                ));
            }
        })
    };
    let on_period = {
        let go = go.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(id) = Uuid::parse_str(&select.value()) {
                go.emit((
                    class_id,
                    ClassReportView {
                        period_id: Some(id),
                        ..view
                    },
                ));
            }
        })
    };
    let kind_button = |kind: ClassReportKind, key: Key| {
        let go = go.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            go.emit((
                class_id,
                ClassReportView {
                    period_id: period,
                    kind,
                },
            ))
        });
        let on = view.kind == kind;
        html! {
            <button type="button" id={format!("class-report-kind-{}", kind_code(kind))}
                class={classes!("button", "small", if on { "primary" } else { "secondary" })}
                aria-pressed={on.to_string()} {onclick}>
                { t(lang, key) }
            </button>
        }
    };
    let known = offer.classes.iter().any(|c| c.id == class_id);
    let class_name = offer
        .classes
        .iter()
        .find(|c| c.id == class_id)
        .map(|c| c.name.clone())
        .or_else(|| {
            report
                .ready()
                .and_then(|r| r.as_ref())
                .map(|r| r.class_name.clone())
        })
        .unwrap_or_default();
    let period_label = period
        .and_then(|id| periods.iter().find(|p| p.id == Some(id)))
        .map(|p| period_name(lang, &p.kind, p.number))
        .unwrap_or_default();
    let kind_label = t(
        lang,
        match view.kind {
            ClassReportKind::Period => Key::RpClassKindPeriod,
            ClassReportKind::Preliminary => Key::RpClassKindPreliminary,
        },
    )
    .to_owned();
    let filters = html! {
        <>
            <div class="quick-spans no-print" role="group" aria-label={t(lang, Key::RpClassKind)}>
                { kind_button(ClassReportKind::Period, Key::RpClassKindPeriod) }
                { kind_button(ClassReportKind::Preliminary, Key::RpClassKindPreliminary) }
            </div>
            <form class="filters report-filters no-print" role="search" aria-label={t(lang, Key::RpFilters)}
                onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())} novalidate=true>
                if !offer.classes.is_empty() {
                    <div class="field">
                        <label for="class-report-class">{ t(lang, Key::TtClass) }</label>
                        <select id="class-report-class" onchange={on_class}>
                            if !known {
                                <option value={class_id.to_string()} selected=true>{ t(lang, Key::RpChosenByLink) }</option>
                            }
                            { for offer.classes.iter().map(|c| html! {
                                <option value={c.id.to_string()} selected={c.id == class_id}>{ c.name.clone() }</option>
                            }) }
                        </select>
                    </div>
                }
                if !periods.is_empty() {
                    <div class="field">
                        <label for="class-report-period">{ t(lang, Key::RpPeriod) }</label>
                        <select id="class-report-period" onchange={on_period}>
                            { for periods.iter().filter_map(|p| p.id.map(|id| (id, p))).map(|(id, p)| html! {
                                <option value={id.to_string()} selected={period == Some(id)}>
                                    { period_name(lang, &p.kind, p.number) }
                                </option>
                            }) }
                        </select>
                    </div>
                }
            </form>
        </>
    };
    let about: Vec<String> = [class_name.clone(), period_label.clone(), kind_label.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    let retry_cb = {
        let retry = retry.clone();
        Callback::from(move |_| retry.set(retry.wrapping_add(1)))
    };
    let body = match (&*structure, &*report) {
        (Load::Failed(e), _) => refused(lang, e, retry_cb, Key::RpClassesForbidden),
        (Load::Ready(_), _) if period.is_none() => html! {
            <p class="muted" id="class-report-no-year">{ t(lang, Key::RpNoYear) }</p>
        },
        (_, Load::Failed(e)) => refused(lang, e, retry_cb, Key::RpClassesForbidden),
        (_, Load::Ready(Some(r))) => report_view(lang, &period_label, Shared(r.clone())),
        _ => loading(lang),
    };
    let ready = report.ready().and_then(|r| r.clone()).is_some();
    html! {
        <section class="page wide report" id="class-report" data-kind={kind_code(view.kind)}>
            <h1>{ t(lang, Key::RpClassTitle) }</h1>
            <p class="muted no-print">{ t(lang, Key::RpClassIntro) }</p>
            { print_heading(lang, &about) }
            { filters }
            <FileActions prefix="class-report"
                query={period.filter(|_| ready).map(|p| FileQuery::Class(class_id, view.filter(p, ReportFormat::Json)))}
                base={t(lang, Key::RpClassTitle).to_owned()} parts={about.clone()}
                forbidden={Key::RpClassesForbidden} />
            { body }
        </section>
    }
}

fn report_view(lang: Lang, period: &str, r: Shared<ClassReport>) -> Html {
    let preliminary = r.kind == ClassReportKind::Preliminary;
    let title = tf(
        lang,
        if preliminary {
            Key::RpClassPreliminaryOf
        } else {
            Key::RpClassPeriodOf
        },
        &[("class", &r.class_name), ("period", period)],
    );
    let what = format!("{} — {period}", r.class_name);
    html! {
        <>
            <h2 id="class-report-title">{ title.clone() }</h2>
            if preliminary {
                <p class="notice" id="class-report-forecast-note">{ t(lang, Key::RpClassForecastNote) }</p>
            } else if !r.students.is_empty() && r.students.iter().all(|s| s.values.iter().all(Option::is_none)) {
                <p class="notice" id="class-report-not-yet">{ t(lang, Key::RpNoFinalsYet) }</p>
            }
            if r.students.is_empty() {
                <p class="muted" id="class-report-empty">{ t(lang, Key::RpAttNoStudents) }</p>
            } else if r.subjects.is_empty() {
                <p class="muted" id="class-report-no-subjects">{ t(lang, Key::RpClassNoSubjects) }</p>
            } else {
                { students_table(lang, &title, &r) }
                <p class="muted small" id="class-report-legend">
                    { t(lang, Key::RpValuesLegend) }
                    if preliminary {
                        { " " }{ t(lang, Key::RpRiskLegend) }
                    }
                </p>
            }
            if preliminary {
                { risks(lang, &r) }
            }
            if let Some(res) = &r.results {
                <h2 id="class-report-results-title">{ t(lang, Key::RpClassResults) }</h2>
                { classes_table(lang, "class-report", &what, std::slice::from_ref(res)) }
                { lists(lang, "class-report", std::slice::from_ref(res)) }
            }
        </>
    }
}

fn value_cell(lang: Lang, value: Option<&str>, at_risk: bool) -> Html {
    let failing = value.is_some_and(value_is_failing);
    html! {
        <td class={classes!("num", "value", failing.then_some("problem"), at_risk.then_some("at-risk"))}
            data-value={value.map(str::to_owned)}
            title={at_risk.then(|| t(lang, Key::RpAtRisk))}>
            { match value {
                Some(v) => html! { value_word(lang, v) },
                None => html! { <span class="muted">{ t(lang, Key::Dash) }</span> },
            } }
            if at_risk {
                <span class="risk-mark" aria-hidden="true">{ "!" }</span>
                <span class="visually-hidden">{ format!(" ({})", t(lang, Key::RpAtRisk)) }</span>
            }
        </td>
    }
}

fn students_table(lang: Lang, caption: &str, r: &ClassReport) -> Html {
    let row = |i: usize, s: &ClassReportRow| {
        html! {
            <tr data-student={s.student.student_id.to_string()}>
                <th scope="row" class="student">
                    <span class="row-number">{ format!("{}. ", i + 1) }</span>
                    { s.student.name.clone() }
                </th>
                { for r.subjects.iter().enumerate().map(|(j, _)| {
                    let value = s.values.get(j).and_then(|v| v.as_deref());
                    let risk = s.at_risk.get(j).copied().unwrap_or(false);
                    value_cell(lang, value, risk)
                }) }
                { figure(average_text(lang, s.average), false) }
                { count_cell(s.absences.lessons_missed, false) }
                { count_cell(s.absences.unexcused, count_is_problem(s.absences.unexcused)) }
            </tr>
        }
    };
    html! {
        <div class="table-wrap report-wrap">
            <table class="report-table class-report-table" id="class-report-table">
                <caption class="visually-hidden">{ caption.to_owned() }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::JrStudent) }</th>
                        { for r.subjects.iter().map(|s| html! {
                            <th scope="col" class="subject-head" data-subject={s.subject_id.to_string()}
                                title={s.subject_name.clone()}>
                                <span>{ s.subject_name.clone() }</span>
                            </th>
                        }) }
                        { head(lang, Key::RpColAverage, None) }
                        { head(lang, Key::RpColMissed, None) }
                        { head(lang, Key::RpColUnexcused, None) }
                    </tr>
                </thead>
                <tbody>
                    { for r.students.iter().enumerate().map(|(i, s)| row(i, s)) }
                </tbody>
            </table>
        </div>
    }
}

/// The students at risk and their subjects (the preliminary report).
fn risks(lang: Lang, r: &ClassReport) -> Html {
    let at_risk: Vec<(&ClassReportRow, Vec<&str>)> = r
        .students
        .iter()
        .map(|s| {
            let subjects = r
                .subjects
                .iter()
                .zip(&s.at_risk)
                .filter(|(_, risk)| **risk)
                .map(|(sub, _)| sub.subject_name.as_str())
                .collect::<Vec<_>>();
            (s, subjects)
        })
        .filter(|(_, subjects)| !subjects.is_empty())
        .collect();
    html! {
        <section class="class-risks" id="class-report-risks" aria-labelledby="class-report-risks-title">
            <h2 id="class-report-risks-title">{ t(lang, Key::RpAtRiskTitle) }</h2>
            if at_risk.is_empty() {
                <p class="muted" id="class-report-no-risks">{ t(lang, Key::RpNoRisks) }</p>
            } else {
                <ul class="failing-list">
                    { for at_risk.iter().map(|(s, subjects)| html! {
                        <li data-student={s.student.student_id.to_string()}>
                            <strong>{ s.student.name.clone() }</strong>
                            { " — " }{ subjects.join(", ") }
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}
