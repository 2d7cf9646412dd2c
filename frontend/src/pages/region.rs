//! «Показатели школ» (R-A9, R-E4): the page of a region (municipality) account. The region, the
//! school year and the period are chosen (in the address); the region's total, its schools — each
//! opening onto its classes and subjects — and the region by subject are shown, with no personal
//! data, and saved as XLSX, CSV or PDF like any report.

use crate::app::Route;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::reports::{
    count, figure, head, print_heading, refused, FileActions, FileQuery, Shared,
};
use crate::pages::{loading, use_load_keyed, use_title, Load};
use crate::services::access::sees_region;
use crate::services::regions::{
    chosen_region, default_period, default_year, kind_label, kinds, period_choices, period_label,
    year_choices, year_file_label, year_label, RegionQuery, RegionView,
};
use crate::services::reports::{average_text, count_is_problem, failing_is_problem, percent_text};
use crate::services::state::use_app;
use crate::services::week::{full_date, today};
use journal_api_types::regions::{
    AggregatesQuery, ClassAggregate, Counts, RegionAggregates, SchoolAggregate, SubjectAggregate,
};
use journal_api_types::reports::ReportFormat;
use journal_domain::regions::PeriodChoice;
use std::rc::Rc;
use uuid::Uuid;
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::*;

/// The columns of the schools' table: the school and [`counts_cells`].
const SCHOOL_COLUMNS: usize = 9;

#[component]
pub fn RegionPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::RgTitle);
    let me = app.me();
    let can = me.as_ref().is_some_and(|m| sees_region(m));
    let location = use_location();
    let navigator = use_navigator();
    let query = location
        .as_ref()
        .and_then(|l| l.query::<RegionQuery>().ok())
        .unwrap_or_default();
    let view = RegionView::from_query(&query);

    let regions_retry = use_state(|| 0_u32);
    let regions = use_load_keyed(can, *regions_retry, |c, can| async move {
        if can {
            Ok(Rc::new(c.my_regions().await?.regions))
        } else {
            Ok(Rc::new(Vec::new()))
        }
    });
    let list = regions.ready().cloned().unwrap_or_default();
    let region = chosen_region(&list, view.region).cloned();
    let current = default_year(today());
    let year = view.year.unwrap_or(current);
    let period = view.period.unwrap_or_else(default_period);
    let region_id = region.as_ref().map(|r| r.region_id);

    let retry = use_state(|| 0_u32);
    let report = use_load_keyed(
        (region_id, year, period),
        *retry,
        |c, (region, year, period)| async move {
            let Some(region) = region else {
                return Ok(None);
            };
            let q = aggregates_query(year, period);
            Ok(Some(Rc::new(c.region_aggregates(region, &q).await?)))
        },
    );
    if me.is_none() {
        return Html::default();
    }
    if !can {
        return html! { <ForbiddenPage /> };
    }

    let go = {
        let navigator = navigator.clone();
        move |v: RegionView| {
            if let Some(n) = &navigator {
                // The query is plain text fields: it always encodes.
                let _ = n.push_with_query(&Route::Region, &v.query());
            }
        }
    };
    let on_region = {
        let go = go.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(id) = Uuid::parse_str(&select.value()) {
                go(RegionView {
                    region: Some(id),
                    ..view
                });
            }
        })
    };
    let on_year = {
        let go = go.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(y) = select.value().parse::<i32>() {
                go(RegionView {
                    year: Some(y),
                    ..view
                });
            }
        })
    };
    let on_period = {
        let go = go.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(p) = PeriodChoice::parse(&select.value()) {
                go(RegionView {
                    period: Some(p),
                    ..view
                });
            }
        })
    };

    let option = |choice: PeriodChoice| {
        html! {
            <option value={choice.code()} selected={choice == period}>{ period_label(lang, choice) }</option>
        }
    };
    let filters = html! {
        <form class="filters report-filters no-print" role="search" aria-label={t(lang, Key::RpFilters)}
            onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())} novalidate=true>
            if list.len() > 1 {
                <div class="field">
                    <label for="region-choice">{ t(lang, Key::RgRegion) }</label>
                    <select id="region-choice" onchange={on_region}>
                        { for list.iter().map(|r| html! {
                            <option value={r.region_id.to_string()} selected={Some(r.region_id) == region_id}>
                                { r.name.clone() }
                            </option>
                        }) }
                    </select>
                </div>
            }
            <div class="field">
                <label for="region-year">{ t(lang, Key::SchoolYear) }</label>
                <select id="region-year" onchange={on_year}>
                    { for year_choices(current, year).into_iter().map(|y| html! {
                        <option value={y.to_string()} selected={y == year}>{ year_label(y) }</option>
                    }) }
                </select>
            </div>
            <div class="field">
                <label for="region-period">{ t(lang, Key::RpPeriod) }</label>
                <select id="region-period" onchange={on_period}>
                    { for kinds().into_iter().map(|kind| html! {
                        <optgroup label={kind_label(lang, kind)}>
                            { for period_choices().into_iter()
                                .filter(|c| matches!(c, PeriodChoice::Period(k, _) if *k == kind))
                                .map(option) }
                        </optgroup>
                    }) }
                    { option(PeriodChoice::Year) }
                </select>
            </div>
        </form>
    };

    let period_name = period_label(lang, period);
    let about: Vec<String> = [
        region.as_ref().map(|r| r.name.clone()),
        Some(year_label(year)),
        Some(period_name.clone()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let what = about.join(", ");
    let again = |state: &UseStateHandle<u32>| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.set(state.wrapping_add(1)))
    };
    let body = match (&*regions, &*report) {
        (Load::Failed(e), _) => refused(lang, e, again(&regions_retry), Key::RgForbidden),
        (Load::Ready(list), _) if list.is_empty() => html! {
            <p class="muted" id="region-none">{ t(lang, Key::RgNoRegions) }</p>
        },
        (_, Load::Failed(e)) => refused(lang, e, again(&retry), Key::RgForbidden),
        (_, Load::Ready(Some(r))) => report_view(lang, &what, Shared(r.clone())),
        _ => loading(lang),
    };
    let ready = report.ready().is_some_and(|r| r.is_some());
    let file = region_id
        .filter(|_| ready)
        .map(|id| FileQuery::Region(id, aggregates_query(year, period)));
    html! {
        <section class="page wide report" id="region">
            <h1>{ t(lang, Key::RgTitle) }</h1>
            if let Some(r) = &region {
                <p class="lead" id="region-name">{ r.name.clone() }</p>
            }
            <p class="muted no-print">{ t(lang, Key::RgIntro) }</p>
            { print_heading(lang, &about) }
            { filters }
            <FileActions prefix="region" query={file} forbidden={Key::RgForbidden}
                base={t(lang, Key::RgTitle).to_owned()} parts={vec![year_file_label(year), period_name]} />
            { body }
        </section>
    }
}

/// The figures' query of a year and period (as JSON; the file buttons set their format).
fn aggregates_query(year: i32, period: PeriodChoice) -> AggregatesQuery {
    AggregatesQuery {
        year,
        period: period.code(),
        format: ReportFormat::Json,
    }
}

fn report_view(lang: Lang, what: &str, r: Shared<RegionAggregates>) -> Html {
    let total = &r.total;
    let tile = |id: &'static str, key: Key, value: String, problem: bool| {
        html! {
            <div class={classes!("stat", problem.then_some("problem"))} id={id}>
                <dt>{ t(lang, key) }</dt>
                <dd>{ value }</dd>
            </div>
        }
    };
    let n = |v: u32| v.to_string();
    let period = r.period.clone();
    html! {
        <>
            <h2 id="region-total-title">{ t(lang, Key::RgTotal) }</h2>
            <dl class="stats report-stats" id="region-total" data-period={period.clone()}>
                { tile("region-total-schools", Key::RgSchoolCount, r.schools.len().to_string(), false) }
                { tile("region-total-students", Key::RpColCounted, n(total.standings.students), false) }
                { tile("region-total-success", Key::RpColSuccess, percent_text(lang, total.success), total.success.is_some_and(|s| s < 100.0)) }
                { tile("region-total-quality", Key::RpColQuality, percent_text(lang, total.quality), false) }
                { tile("region-total-sou", Key::RpColSou, percent_text(lang, total.figures.sou), false) }
                { tile("region-total-average", Key::RpColAverage, average_text(lang, total.figures.average), false) }
                { tile("region-total-missed", Key::RpColMissed, n(total.absences.lessons_missed), false) }
                { tile("region-total-illness", Key::RpColIllness, n(total.absences.illness), false) }
                { tile("region-total-unexcused", Key::RpColUnexcused, n(total.absences.unexcused), count_is_problem(total.absences.unexcused)) }
            </dl>
            <h2 id="region-schools-title">{ t(lang, Key::RgSchools) }</h2>
            if r.schools.is_empty() {
                <p class="muted" id="region-no-schools">{ t(lang, Key::RgNoSchools) }</p>
            } else {
                { schools_table(lang, what, &r, &period) }
            }
            <h2 id="region-subjects-title">{ t(lang, Key::RgBySubject) }</h2>
            if r.subjects.is_empty() {
                <p class="muted" id="region-no-finals">{ t(lang, Key::RgNoFinals) }</p>
            } else {
                { subjects_table(lang, "region-subjects", &tf(lang, Key::RgCaptionRegion, &[("what", what)]), &r.subjects) }
            }
        </>
    }
}

/// The heading cells of [`counts_cells`].
fn counts_heads(lang: Lang) -> Html {
    html! {
        <>
            { head(lang, Key::RpColCounted, None) }
            { head(lang, Key::RpColSuccess, Some(Key::RpColSuccessStudents)) }
            { head(lang, Key::RpColQuality, Some(Key::RgColQualityLong)) }
            { sou_head(lang) }
            { head(lang, Key::RpColAverage, None) }
            { head(lang, Key::RpColMissed, None) }
            { head(lang, Key::RpColIllness, None) }
            { head(lang, Key::RpColUnexcused, None) }
        </>
    }
}

fn sou_head(lang: Lang) -> Html {
    html! {
        <th scope="col" class="num" title={t(lang, Key::RpColSouLong)}>
            <abbr title={t(lang, Key::RpColSouLong)}>{ t(lang, Key::RpColSou) }</abbr>
        </th>
    }
}

/// A school's or the region's figures; dashes for a school without the period.
fn counts_cells(lang: Lang, c: &Counts, has_period: bool) -> Html {
    if !has_period {
        let dash = || figure(t(lang, Key::Dash).to_owned(), false);
        return html! { <>{ for (1..SCHOOL_COLUMNS).map(|_| dash()) }</> };
    }
    html! {
        <>
            { count(c.standings.students, false) }
            { figure(percent_text(lang, c.success), c.success.is_some_and(|s| s < 100.0)) }
            { figure(percent_text(lang, c.quality), false) }
            { figure(percent_text(lang, c.figures.sou), false) }
            { figure(average_text(lang, c.figures.average), false) }
            { count(c.absences.lessons_missed, false) }
            { count(c.absences.illness, false) }
            { count(c.absences.unexcused, count_is_problem(c.absences.unexcused)) }
        </>
    }
}

fn schools_table(lang: Lang, what: &str, r: &Shared<RegionAggregates>, period: &str) -> Html {
    let what = AttrValue::from(what.to_owned());
    html! {
        <div class="table-wrap report-wrap">
            <table class="report-table" id="region-schools" data-period={period.to_owned()}>
                <caption class="visually-hidden">{ tf(lang, Key::RgCaptionSchools, &[("what", &what)]) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::RgColSchool) }</th>
                        { counts_heads(lang) }
                    </tr>
                </thead>
                <tbody>
                    { for r.schools.iter().enumerate().map(|(index, s)| html! {
                        <SchoolRow key={s.school_id.to_string()} report={r.clone()} {index} what={what.clone()} />
                    }) }
                </tbody>
                <tfoot>
                    <tr id="region-schools-total">
                        <th scope="row">{ t(lang, Key::RgTotal) }</th>
                        { counts_cells(lang, &r.total, true) }
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SchoolRowProps {
    report: Shared<RegionAggregates>,
    index: usize,
    /// The region, year and period, for the captions.
    what: AttrValue,
}

/// A school's line; a click opens its classes and subjects under it.
#[component]
fn SchoolRow(props: &SchoolRowProps) -> Html {
    let lang = use_app().lang();
    let open = use_state(|| false);
    let Some(s) = props.report.schools.get(props.index) else {
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
    let detail_id = format!("region-school-{}", s.school_id);
    let has_period = s.from.is_some();
    let dates = match (s.from, s.to) {
        (Some(from), Some(to)) => html! {
            <span class="group-name">
                { tf(lang, Key::RgPeriodDates, &[("from", &full_date(lang, from)), ("to", &full_date(lang, to))]) }
            </span>
        },
        _ => html! {
            <span class="group-name no-period" title={t(lang, Key::RgNoPeriodLong)}>{ t(lang, Key::RgNoPeriod) }</span>
        },
    };
    html! {
        <>
            <tr class={classes!("expandable", (*open).then_some("open"))}
                data-school={s.school_id.to_string()} onclick={toggle}>
                <th scope="row">
                    <button type="button" class="link-button expander" onclick={button}
                        aria-expanded={open.to_string()} aria-controls={detail_id.clone()}
                        title={t(lang, if *open { Key::HideDetails } else { Key::Details })}>
                        <span class="chevron" aria-hidden="true">{ if *open { "▾ " } else { "▸ " } }</span>
                        { s.school_name.clone() }
                    </button>
                    { dates }
                </th>
                { counts_cells(lang, &s.counts, has_period) }
            </tr>
            if *open {
                <tr class="detail-row" id={detail_id}>
                    <td colspan={SCHOOL_COLUMNS.to_string()}>{ school_details(lang, s, &props.what) }</td>
                </tr>
            }
        </>
    }
}

/// A school's classes and subjects, under its line.
fn school_details(lang: Lang, s: &SchoolAggregate, what: &str) -> Html {
    let prefix = format!("region-school-{}", s.school_id);
    let school = s.school_name.as_str();
    html! {
        <div class="page-details region-details">
            <h3>{ tf(lang, Key::RgClassesOf, &[("school", school)]) }</h3>
            if s.classes.is_empty() {
                <p class="muted">{ t(lang, Key::RgNoClasses) }</p>
            } else {
                { classes_table(lang, &format!("{prefix}-classes"),
                    &tf(lang, Key::RgCaptionClasses, &[("school", school), ("what", what)]), &s.classes) }
            }
            <h3>{ tf(lang, Key::RgSubjectsOf, &[("school", school)]) }</h3>
            if s.subjects.is_empty() {
                <p class="muted">{ t(lang, Key::RgNoFinals) }</p>
            } else {
                { subjects_table(lang, &format!("{prefix}-subjects"),
                    &tf(lang, Key::RgCaptionSubjects, &[("school", school), ("what", what)]), &s.subjects) }
            }
        </div>
    }
}

/// The frame of a table without links or buttons: it scrolls sideways on a narrow screen, so it
/// takes the keyboard focus (the arrow keys scroll it) and is named for screen readers.
fn scroll_frame(caption: &str, table: Html) -> Html {
    html! {
        <div class="table-wrap report-wrap" tabindex="0" role="region" aria-label={caption.to_owned()}>
            { table }
        </div>
    }
}

fn classes_table(lang: Lang, id: &str, caption: &str, classes: &[ClassAggregate]) -> Html {
    let table = html! {
        <table class="report-table" id={id.to_owned()}>
            <caption class="visually-hidden">{ caption.to_owned() }</caption>
            <thead>
                <tr>
                    <th scope="col">{ t(lang, Key::TtClass) }</th>
                    { head(lang, Key::RpColCounted, None) }
                    { head(lang, Key::RpExcellent, None) }
                    { head(lang, Key::RpGood, None) }
                    { head(lang, Key::RpFailing, None) }
                    { head(lang, Key::RpColSuccess, Some(Key::RpColSuccessStudents)) }
                    { head(lang, Key::RpColQuality, Some(Key::RpColQualityStudents)) }
                    { sou_head(lang) }
                    { head(lang, Key::RpColAverage, None) }
                    { head(lang, Key::RpColMissed, None) }
                </tr>
            </thead>
            <tbody>
                { for classes.iter().map(|c| {
                    let (s, k) = (&c.counts.standings, &c.counts);
                    html! {
                        <tr data-class={c.class_name.clone()}>
                            <th scope="row">{ c.class_name.clone() }</th>
                            { count(s.students, false) }
                            { count(s.excellent, false) }
                            { count(s.good, false) }
                            { count(s.failing, failing_is_problem(s.failing)) }
                            { figure(percent_text(lang, k.success), k.success.is_some_and(|v| v < 100.0)) }
                            { figure(percent_text(lang, k.quality), false) }
                            { figure(percent_text(lang, k.figures.sou), false) }
                            { figure(average_text(lang, k.figures.average), false) }
                            { count(k.absences.lessons_missed, false) }
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    };
    scroll_frame(caption, table)
}

/// A subject's finals: the region's, or a school's.
fn subjects_table(lang: Lang, id: &str, caption: &str, subjects: &[SubjectAggregate]) -> Html {
    let table = html! {
        <table class="report-table" id={id.to_owned()}>
            <caption class="visually-hidden">{ caption.to_owned() }</caption>
            <thead>
                <tr>
                    <th scope="col">{ t(lang, Key::Subject) }</th>
                    { head(lang, Key::RgColFinals, Some(Key::RgColFinalsLong)) }
                    <th scope="col" class="num">{ "5" }</th>
                    <th scope="col" class="num">{ "4" }</th>
                    <th scope="col" class="num">{ "3" }</th>
                    <th scope="col" class="num">{ "2" }</th>
                    { head(lang, Key::RpColNa, None) }
                    { head(lang, Key::RpColSuccess, None) }
                    { head(lang, Key::RpColQuality, None) }
                    { sou_head(lang) }
                    { head(lang, Key::RpColAverage, None) }
                </tr>
            </thead>
            <tbody>
                { for subjects.iter().map(|s| {
                    let (n, f) = (&s.tally, &s.figures);
                    html! {
                        <tr data-subject={s.subject_name.clone()}>
                            <th scope="row">{ s.subject_name.clone() }</th>
                            { count(n.counted(), false) }
                            { count(n.fives, false) }
                            { count(n.fours, false) }
                            { count(n.threes, false) }
                            { count(n.twos, failing_is_problem(n.twos)) }
                            { count(n.not_attested, failing_is_problem(n.not_attested)) }
                            { figure(percent_text(lang, f.success), f.success.is_some_and(|v| v < 100.0)) }
                            { figure(percent_text(lang, f.quality), false) }
                            { figure(percent_text(lang, f.sou), false) }
                            { figure(average_text(lang, f.average), false) }
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    };
    scroll_frame(caption, table)
}
