//! «Отчёты»: the index of the reports the caller reads, and what the report screens share — the
//! school's structure for the filters, the class/subject/teacher selects, the span bar, the file
//! and print buttons, and the message when the server refuses a narrowing (R-R1, R-R3–R-R9).

mod achievement;
mod attendance;
mod chart;
mod class_report;
mod control;
mod control_works;
mod curriculum;
mod movement;
mod print_journal;
mod span;
mod span_page;

pub use achievement::AchievementPage;
pub use attendance::AttendanceReportPage;
pub use class_report::{ClassReportPage, ClassReportPickPage};
pub use control::JournalControlPage;
pub use control_works::ControlWorksReportPage;
pub use curriculum::CurriculumReportPage;
pub use movement::MovementReportPage;
pub use print_journal::PrintJournalPage;

use crate::app::Route;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{load_failed, use_load, use_title, Load};
use crate::services::access::{may, sees_reports};
use crate::services::api::describe;
use crate::services::files::download;
use crate::services::regions::aggregates_path;
use crate::services::reports::{
    class_path, file_mime, file_name, reach_of, reads_classes, Choice, Narrowing, Offer, Structure,
    ACHIEVEMENT_PATH, ATTENDANCE_PATH, CONTROL_PATH, CONTROL_WORKS_PATH, CURRICULUM_PATH,
    MOVEMENT_PATH,
};
use crate::services::state::use_app;
use crate::services::week::{current_year, full_date, today};
use journal_api_types::regions::AggregatesQuery;
use journal_api_types::reports::{
    AttendanceFilter, ClassReportQuery, MovementFilter, PeriodFilter, ReportFormat, SpanFilter,
};
use journal_api_types::structure::{AssignmentFilter, ClassFilter};
use journal_api_types::Role;
use journal_client::{Client, ClientError};
use journal_domain::collate::ru_key;
use journal_domain::Action;
use std::rc::Rc;
use uuid::Uuid;
use web_sys::HtmlSelectElement;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

/// Data shared by reference with rows and parts of a report: equal when it is the same data, so a
/// row is not compared field by field on every drawing.
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

#[component]
pub fn ReportsPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::RpTitle);
    let Some(me) = app.me() else {
        return Html::default();
    };
    if !sees_reports(&me) {
        return html! { <ForbiddenPage /> };
    }
    let scope = match reach_of(&me, Vec::new()) {
        Some(r) if r.whole_school() => Key::RpScopeSchool,
        _ if me.roles.contains(&Role::ClassTeacher) => Key::RpScopeClasses,
        _ => Key::RpScopeOwn,
    };
    let classes = reads_classes(&me);
    let card = |to: Route, id: &'static str, title: Key, text: Key| {
        html! {
            <li class="card section-card" id={id}>
                <h2 class="section-card-title"><Link<Route> to={to} classes="card-link">{ t(lang, title) }</Link<Route>></h2>
                <p>{ t(lang, text) }</p>
                <span class="card-arrow" aria-hidden="true">{ "→" }</span>
            </li>
        }
    };
    html! {
        <section class="page" id="reports">
            <h1>{ t(lang, Key::RpTitle) }</h1>
            <p class="muted">{ t(lang, Key::RpIntro) }</p>
            <p id="reports-scope">{ t(lang, scope) }</p>
            <ul class="cards">
                { card(Route::JournalControlReport, "card-journal-control", Key::RpControlTitle, Key::RpControlText) }
                { card(Route::AchievementReport, "card-achievement", Key::RpAchievementTitle, Key::RpAchievementText) }
                if classes {
                    { card(Route::AttendanceReport, "card-attendance", Key::RpAttendanceTitle, Key::RpAttendanceText) }
                }
                { card(Route::ControlWorksReport, "card-control-works", Key::RpWorksTitle, Key::RpWorksText) }
                { card(Route::CurriculumReport, "card-curriculum", Key::RpCurriculumTitle, Key::RpCurriculumText) }
                if classes {
                    { card(Route::MovementReport, "card-movement", Key::RpMovementTitle, Key::RpMovementText) }
                    { card(Route::ClassReports, "card-class-reports", Key::RpClassTitle, Key::RpClassText) }
                    { card(Route::PrintJournal, "card-print-journal", Key::PjTitle, Key::PjText) }
                }
                if may(&me, Action::ManageTimetable) {
                    { card(Route::SubstitutionReport, "card-substitution-report", Key::ReportTitle, Key::CardSubstitutionsText) }
                }
            </ul>
        </section>
    }
}

/// A list the caller may not read (403) is an empty one: its filter is hidden, the report stays.
fn allowed<T: Default>(r: Result<T, ClientError>) -> Result<T, ClientError> {
    match r {
        Err(e) if e.status() == Some(403) => Ok(T::default()),
        other => other,
    }
}

/// The current year's periods, classes, subjects and assignments, for the filters.
async fn load_structure(c: Client) -> Result<Structure, ClientError> {
    let years = allowed(c.list_years().await)?;
    let Some(year_id) = current_year(&years, today()) else {
        return Ok(Structure::default());
    };
    let (year, classes, subjects, assignments) = futures_util::future::join4(
        c.year(year_id),
        c.list_classes(&ClassFilter {
            year_id: Some(year_id),
        }),
        c.list_subjects(),
        c.list_assignments(&AssignmentFilter::default()),
    )
    .await;
    let mut periods = match year {
        Ok(y) => y.periods,
        Err(e) if e.status() == Some(403) => Vec::new(),
        Err(e) => return Err(e),
    };
    periods.sort_by_key(|p| (p.starts_on, p.grade_from));
    let mut classes = allowed(classes)?;
    classes.sort_by(|a, b| (a.grade, &a.letter).cmp(&(b.grade, &b.letter)));
    let mut subjects = allowed(subjects)?;
    subjects.sort_by_cached_key(|s| ru_key(&s.name));
    let assignments = allowed(assignments)?
        .into_iter()
        .filter(|a| a.year_id == year_id)
        .collect();
    Ok(Structure {
        year_id: Some(year_id),
        periods,
        classes,
        subjects,
        assignments,
    })
}

/// The school's structure of the current year, while `enabled`.
#[hook]
pub fn use_structure(enabled: bool) -> UseStateHandle<Load<Rc<Structure>>> {
    use_load(enabled, |c, enabled| async move {
        if enabled {
            load_structure(c).await.map(Rc::new)
        } else {
            Ok(Rc::new(Structure::default()))
        }
    })
}

/// What a report screen knows of its reader: whether they read the whole school, and the lists
/// they may narrow by with `class` chosen (empty while the structure loads).
pub fn offer_for(
    me: &journal_api_types::auth::Me,
    structure: Option<&Structure>,
    class: Option<Uuid>,
) -> (bool, Offer) {
    let led = structure.map(|s| s.led_by(me.user_id)).unwrap_or_default();
    let Some(reach) = reach_of(me, led) else {
        return (false, Offer::default());
    };
    let offer = structure
        .map(|s| s.offer(&reach, me.user_id, class))
        .unwrap_or_default();
    (reach.whole_school(), offer)
}

/// The name of a chosen filter value, from the lists (for the printed heading and file names).
pub fn chosen_name(list: &[Choice], id: Option<Uuid>) -> Option<String> {
    let id = id?;
    list.iter().find(|c| c.id == id).map(|c| c.name.clone())
}

#[derive(Properties, PartialEq)]
pub struct NarrowingProps {
    /// The ids' prefix: `control`, `achievement`.
    pub prefix: &'static str,
    pub offer: Rc<Offer>,
    pub value: Narrowing,
    /// The leadership keep the teacher when the class changes; anyone else's teacher list is
    /// the class's, so it starts again.
    pub whole_school: bool,
    pub on_change: Callback<Narrowing>,
}

/// The class, subject and teacher selects; a list the caller cannot fill is not shown.
#[component]
pub fn NarrowingFields(props: &NarrowingProps) -> Html {
    let lang = use_app().lang();
    let value = props.value;
    let select = |set: fn(&mut Narrowing, Option<Uuid>, bool)| {
        let (on_change, whole) = (props.on_change.clone(), props.whole_school);
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let mut next = value;
            set(&mut next, Uuid::parse_str(&select.value()).ok(), whole);
            on_change.emit(next);
        })
    };
    let field = |name: &str,
                 label: Key,
                 all: Key,
                 list: &[Choice],
                 chosen: Option<Uuid>,
                 onchange: Callback<Event>| {
        if list.is_empty() && chosen.is_none() {
            return Html::default();
        }
        let id = format!("{}-{name}", props.prefix);
        let known = chosen.is_none_or(|c| list.iter().any(|x| x.id == c));
        html! {
            <div class="field">
                <label for={id.clone()}>{ t(lang, label) }</label>
                <select id={id} {onchange}>
                    <option value="" selected={chosen.is_none()}>{ t(lang, all) }</option>
                    if !known {
                        <option value={chosen.map(|c| c.to_string()).unwrap_or_default()} selected=true>
                            { t(lang, Key::RpChosenByLink) }
                        </option>
                    }
                    { for list.iter().map(|c| html! {
                        <option value={c.id.to_string()} selected={chosen == Some(c.id)}>{ c.name.clone() }</option>
                    }) }
                </select>
            </div>
        }
    };
    html! {
        <>
            { field("class", Key::TtClass, Key::RpAllClasses, &props.offer.classes, value.class_id,
                select(|n, v, whole| {
                    n.class_id = v;
                    if !whole {
                        n.teacher_id = None;
                    }
                })) }
            { field("subject", Key::Subject, Key::RpAllSubjects, &props.offer.subjects, value.subject_id,
                select(|n, v, _| n.subject_id = v)) }
            { field("teacher", Key::TtTeacher, Key::RpAllTeachers, &props.offer.teachers, value.teacher_id,
                select(|n, v, _| n.teacher_id = v)) }
        </>
    }
}

/// The filters of a report file.
#[derive(Debug, Clone, PartialEq)]
pub enum FileQuery {
    Control(SpanFilter),
    Achievement(PeriodFilter),
    Attendance(AttendanceFilter),
    ControlWorks(SpanFilter),
    Curriculum(SpanFilter),
    Movement(MovementFilter),
    Class(Uuid, ClassReportQuery),
    /// A region's aggregates (R-E4): the region and the year and period.
    Region(Uuid, AggregatesQuery),
}

impl FileQuery {
    async fn fetch(self, c: Client, format: ReportFormat) -> Result<Vec<u8>, ClientError> {
        match self {
            FileQuery::Control(mut f) => {
                f.format = format;
                c.report_file(CONTROL_PATH, &f).await
            }
            FileQuery::Achievement(mut f) => {
                f.format = format;
                c.report_file(ACHIEVEMENT_PATH, &f).await
            }
            FileQuery::Attendance(mut f) => {
                f.format = format;
                c.report_file(ATTENDANCE_PATH, &f).await
            }
            FileQuery::ControlWorks(mut f) => {
                f.format = format;
                c.report_file(CONTROL_WORKS_PATH, &f).await
            }
            FileQuery::Curriculum(mut f) => {
                f.format = format;
                c.report_file(CURRICULUM_PATH, &f).await
            }
            FileQuery::Movement(mut f) => {
                f.format = format;
                c.report_file(MOVEMENT_PATH, &f).await
            }
            FileQuery::Class(class_id, mut q) => {
                q.format = format;
                c.report_file(&class_path(class_id), &q).await
            }
            FileQuery::Region(region, mut q) => {
                q.format = format;
                c.report_file(&aggregates_path(region), &q).await
            }
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct FileActionsProps {
    pub prefix: &'static str,
    /// `None` while there is no report to save.
    pub query: Option<FileQuery>,
    /// The file's name without the extension's dot: the report and its filters.
    pub base: String,
    pub parts: Vec<String>,
    /// What a refusal (403) says: who reads the report.
    #[prop_or(Key::RpForbidden)]
    pub forbidden: Key,
}

/// «Скачать XLSX», «Скачать CSV», «Скачать PDF» (the same filters as the screen) and «Печать».
#[component]
pub fn FileActions(props: &FileActionsProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let busy = use_state(|| None::<ReportFormat>);
    let error = use_state(|| None::<String>);
    let fetch = |format: ReportFormat| {
        let (api, busy, error) = (app.api.clone(), busy.clone(), error.clone());
        let query = props.query.clone();
        let name = file_name(&props.base, &props.parts, format);
        let forbidden = props.forbidden;
        Callback::from(move |_: MouseEvent| {
            let Some(query) = query.clone() else {
                return;
            };
            let (api, busy, error, name) = (api.clone(), busy.clone(), error.clone(), name.clone());
            busy.set(Some(format));
            error.set(None);
            spawn_local(async move {
                let call = |c: Client| query.clone().fetch(c, format);
                let failed = match api.call(call).await {
                    Ok(bytes) => download(&name, file_mime(format), &bytes).err(),
                    Err(e) if e.status() == Some(403) => Some(t(lang, forbidden).to_owned()),
                    Err(e) => Some(describe(lang, &e)),
                };
                error.set(failed);
                busy.set(None);
            });
        })
    };
    let print = Callback::from(|_: MouseEvent| crate::services::browser::print());
    let idle = props.query.is_none() || busy.is_some();
    let label = |format: ReportFormat, key: Key| {
        if *busy == Some(format) {
            t(lang, Key::RpDownloading)
        } else {
            t(lang, key)
        }
    };
    let prefix = props.prefix;
    html! {
        <div class="report-actions no-print" role="group" aria-label={t(lang, Key::RpActions)}>
            <button type="button" id={format!("{prefix}-xlsx")} class="button secondary"
                onclick={fetch(ReportFormat::Xlsx)} disabled={idle}>
                { label(ReportFormat::Xlsx, Key::RpDownloadXlsx) }
            </button>
            <button type="button" id={format!("{prefix}-csv")} class="button secondary"
                onclick={fetch(ReportFormat::Csv)} disabled={idle}>
                { label(ReportFormat::Csv, Key::RpDownloadCsv) }
            </button>
            <button type="button" id={format!("{prefix}-pdf")} class="button secondary"
                onclick={fetch(ReportFormat::Pdf)} disabled={idle}>
                { label(ReportFormat::Pdf, Key::RpDownloadPdf) }
            </button>
            <button type="button" id={format!("{prefix}-print")} class="button secondary"
                onclick={print} disabled={props.query.is_none()}>
                { t(lang, Key::RpPrint) }
            </button>
            if let Some(e) = &*error {
                <p class="form-error" role="alert" id={format!("{prefix}-file-error")}>{ e.clone() }</p>
            }
        </div>
    }
}

/// A report the server refused: a 403 in words of who reads what, anything else with a retry.
pub fn report_failed(lang: Lang, e: &ClientError, retry: Callback<MouseEvent>) -> Html {
    refused(lang, e, retry, Key::RpForbidden)
}

/// [`report_failed`] with the words of `forbidden` for a 403: who reads this report.
pub fn refused(lang: Lang, e: &ClientError, retry: Callback<MouseEvent>, forbidden: Key) -> Html {
    if e.status() == Some(403) {
        html! { <p class="form-error" role="alert" id="report-forbidden">{ t(lang, forbidden) }</p> }
    } else {
        load_failed(lang, e, retry)
    }
}

/// The classes whose figures the reader reads as a whole (attendance, movement, the class
/// reports), as a narrowing offers them: empty while the structure loads.
pub fn class_offer(me: &journal_api_types::auth::Me, structure: Option<&Structure>) -> Offer {
    let Some(s) = structure else {
        return Offer::default();
    };
    match reach_of(me, s.led_by(me.user_id)) {
        Some(reach) => Offer {
            classes: s.whole_classes(&reach),
            ..Offer::default()
        },
        None => Offer::default(),
    }
}

/// The printed sheet's heading line under the title: what the report is about, and when made.
pub fn print_heading(lang: Lang, about: &[String]) -> Html {
    let made = tf(
        lang,
        Key::RpPrintedOn,
        &[("date", &full_date(lang, today()))],
    );
    let mut parts: Vec<String> = about.iter().filter(|s| !s.is_empty()).cloned().collect();
    parts.push(made);
    html! { <p class="print-only report-print-heading">{ parts.join(" · ") }</p> }
}

/// A table's heading cell with its long explanation as a tooltip.
pub fn head(lang: Lang, key: Key, long: Option<Key>) -> Html {
    html! {
        <th scope="col" class="num" title={long.map(|k| t(lang, k))}>{ t(lang, key) }</th>
    }
}

/// A page's class, with its group (subgroup, stream) under it in smaller print.
pub fn page_class(page: &journal_api_types::reports::PageRef) -> Html {
    html! {
        <>
            { page.class_name.clone() }
            if let Some(g) = &page.group_name {
                <span class="group-name">{ g.clone() }</span>
            }
        </>
    }
}

/// A number cell, marked when it is a problem figure.
pub fn figure(text: String, problem: bool) -> Html {
    html! {
        <td class={classes!("num", problem.then_some("problem"))}>{ text }</td>
    }
}

/// A count cell: a problem when [`count_is_problem`]-like `problem` says so, receding when zero.
pub fn count(n: u32, problem: bool) -> Html {
    html! {
        <td class={classes!("num", problem.then_some("problem"), (n == 0).then_some("zero"))}>{ n }</td>
    }
}
