//! The root component: state, session, routes, and which screen a session phase may see.

use crate::components::layout::Layout;
use crate::i18n::{t, Key};
use crate::pages::ack_sheet::AckSheetPage;
use crate::pages::announcements::AnnouncementsPage;
use crate::pages::archive::ArchivePage;
use crate::pages::audit::AuditPage;
use crate::pages::compromises::{CompromisePage, CompromisesPage};
use crate::pages::control_works::ControlWorksPage;
use crate::pages::diary::DiaryPage;
use crate::pages::finals::FinalsPage;
use crate::pages::home::HomePage;
use crate::pages::import::ImportPage;
use crate::pages::integrations::IntegrationsPage;
use crate::pages::journal::{JournalGridPage, JournalPickPage};
use crate::pages::journal_settings::JournalSettingsPage;
use crate::pages::lesson::LessonPage;
use crate::pages::login::LoginPage;
use crate::pages::messages::{MessagesPage, NewMessagePage, ThreadPage};
use crate::pages::my_week::MyWeekPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::notifications::NotificationsPage;
use crate::pages::password::PasswordPage;
use crate::pages::people::{ClassAccessPage, StudentPage, StudentsPage};
use crate::pages::plan::PlanPage;
use crate::pages::profile::ProfilePage;
use crate::pages::region::RegionPage;
use crate::pages::remarks::RemarksPage;
use crate::pages::reports::{
    AchievementPage, AttendanceReportPage, ClassReportPage, ClassReportPickPage,
    ControlWorksReportPage, CurriculumReportPage, JournalControlPage, MovementReportPage,
    PrintJournalPage, ReportsPage,
};
use crate::pages::results::ResultsPage;
use crate::pages::structure::StructurePage;
use crate::pages::substitutions::SubstitutionReportPage;
use crate::pages::timetable::TimetablePage;
use crate::pages::users::UsersPage;
use crate::services::access::{lands_on_diary, lands_on_region};
use crate::services::api::Api;
use crate::services::browser;
use crate::services::state::{use_app, AppContext, AppState, Phase};
use chrono::NaiveDate;
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

/// Client-side routes; the server answers every one of them with index.html.
#[derive(Debug, Clone, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/login")]
    Login,
    #[at("/password")]
    Password,
    #[at("/users")]
    Users,
    #[at("/audit")]
    Audit,
    #[at("/profile")]
    Profile,
    /// «Компрометации» (R-S5): reports of compromised credentials.
    #[at("/compromises")]
    Compromises,
    /// One report: the account's operations in the reviewed time and their revert.
    #[at("/compromises/:id")]
    Compromise { id: Uuid },
    /// «Интеграции» (R-A10): the external systems reading the school's data, for the admin.
    #[at("/integrations")]
    Integrations,
    #[at("/timetable")]
    Timetable,
    #[at("/my-week")]
    MyWeek,
    /// One dated lesson; the date is `YYYY-MM-DD`.
    #[at("/lessons/:entry_id/:date")]
    Lesson { entry_id: Uuid, date: NaiveDate },
    #[at("/structure")]
    Structure,
    /// «Отчёты»: the reports the caller reads.
    #[at("/reports")]
    Reports,
    /// «Контроль ведения журнала» (R-R1); the filters are in the query.
    #[at("/reports/journal-control")]
    JournalControlReport,
    /// «Успеваемость и качество» (R-R3); the filters are in the query.
    #[at("/reports/achievement")]
    AchievementReport,
    /// «Посещаемость» (R-R4); the filters are in the query.
    #[at("/reports/attendance")]
    AttendanceReport,
    /// «Результаты контрольных работ» (R-R9); the filters are in the query.
    #[at("/reports/control-works")]
    ControlWorksReport,
    /// «Выполнение программы» (R-R5); the filters are in the query.
    #[at("/reports/curriculum")]
    CurriculumReport,
    /// «Движение учащихся» (R-R6); the filters are in the query.
    #[at("/reports/movement")]
    MovementReport,
    /// «Отчёты классного руководителя» (R-R7): choosing a class.
    #[at("/reports/class")]
    ClassReports,
    /// A class's period or preliminary report (R-R7); the period and the kind are in the query.
    #[at("/reports/class/:class_id")]
    ClassReport { class_id: Uuid },
    #[at("/reports/substitutions")]
    SubstitutionReport,
    /// «Печать журнала»: a class's printed journal and summary sheet as PDF (R-P1).
    #[at("/reports/print")]
    PrintJournal,
    #[at("/students")]
    Students,
    #[at("/students/:id")]
    Student { id: Uuid },
    /// Diary access for a whole class (R-S1).
    #[at("/classes/:class_id/access")]
    ClassAccess { class_id: Uuid },
    #[at("/import")]
    Import,
    #[at("/control-works")]
    ControlWorks,
    #[at("/plans")]
    Plans,
    /// «Журнал»: choosing a page.
    #[at("/journal")]
    Journal,
    /// One journal page: a teaching assignment in a period.
    #[at("/journal/:assignment_id/:period_id")]
    JournalGrid {
        assignment_id: Uuid,
        period_id: Uuid,
    },
    /// «Настройки журнала»: the deputy and the director.
    #[at("/journal-settings")]
    JournalSettings,
    /// «Сводная ведомость»: choosing a class.
    #[at("/finals")]
    Finals,
    /// The summary sheet of final marks of a class (R-F5).
    #[at("/finals/:class_id")]
    ClassFinals { class_id: Uuid },
    /// «Дневник»: the first of the caller's students, this week.
    #[at("/diary")]
    Diary,
    /// A student's diary week; `monday` is `YYYY-MM-DD`.
    #[at("/diary/:student_id/:monday")]
    DiaryWeek { student_id: Uuid, monday: NaiveDate },
    /// «Ознакомление родителей»: the class teacher's acknowledgement sheet.
    #[at("/acknowledgements")]
    AckSheet,
    /// «Итоги периода» of a student.
    #[at("/results/:student_id")]
    Results { student_id: Uuid },
    /// «Сообщения» (R-D3).
    #[at("/messages")]
    Messages,
    #[at("/messages/new")]
    NewMessage,
    #[at("/messages/:id")]
    Thread { id: Uuid },
    /// «Объявления» (R-D3).
    #[at("/announcements")]
    Announcements,
    /// «Уведомления» (R-D4): a guardian's e-mail settings.
    #[at("/notifications")]
    Notifications,
    /// «Замечания» (R-R2): inspection remarks on journal pages.
    #[at("/remarks")]
    Remarks,
    /// «Архив» (R-P2, R-P5): the packages of closed periods and years and the seal key.
    #[at("/archive")]
    Archive,
    /// «Показатели школ» (R-A9, R-E4): a region account's figures of its schools; the region,
    /// year and period are in the query.
    #[at("/region")]
    Region,
    #[not_found]
    #[at("/not-found")]
    NotFound,
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| AppState {
        lang: browser::stored_lang(),
        phase: Phase::Restoring,
    });
    let api = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| Api::new(browser::origin(), dispatcher))
    };
    {
        let api = (*api).clone();
        use_effect_with((), move |_| {
            spawn_local(async move { api.restore().await });
        });
    }
    use_effect_with(state.lang, |lang| browser::store_lang(*lang));

    let context = AppContext {
        state: state.clone(),
        api: (*api).clone(),
    };
    html! {
        <ContextProvider<AppContext> {context}>
            <BrowserRouter>
                <Root />
            </BrowserRouter>
        </ContextProvider<AppContext>>
    }
}

/// Chooses the screen: the sign-in page without a session, the password page while a password
/// change is required, the layout with the routed page otherwise.
#[component]
fn Root() -> Html {
    let app = use_app();
    let route = use_route::<Route>().unwrap_or(Route::NotFound);
    let lang = app.lang();
    match &app.state.phase {
        Phase::Restoring => html! {
            <div class="splash" role="status" aria-live="polite">
                <span class="spinner" aria-hidden="true"></span>
                { t(lang, Key::Loading) }
            </div>
        },
        Phase::SignedOut(notice) => {
            if route == Route::Login {
                html! { <LoginPage notice={*notice} /> }
            } else {
                html! { <Replace to={Route::Login} /> }
            }
        }
        Phase::MustChangePassword { login } => {
            if route == Route::Password {
                html! { <PasswordPage forced=true login={login.clone()} /> }
            } else {
                html! { <Replace to={Route::Password} /> }
            }
        }
        Phase::SignedIn(me) => {
            let page = match route {
                Route::Login => return html! { <Replace to={Route::Home} /> },
                // Guardians and students open their diary.
                Route::Home if lands_on_diary(me) => return html! { <Replace to={Route::Diary} /> },
                // A region account reads its schools' figures and no school page.
                Route::Home if lands_on_region(me) => {
                    return html! { <Replace to={Route::Region} /> }
                }
                Route::Home => html! { <HomePage /> },
                Route::Diary => html! { <DiaryPage /> },
                Route::DiaryWeek { student_id, monday } => {
                    html! { <DiaryPage student_id={Some(student_id)} date={Some(monday)} /> }
                }
                Route::Results { student_id } => html! { <ResultsPage {student_id} /> },
                Route::AckSheet => html! { <AckSheetPage /> },
                Route::Password => html! { <PasswordPage forced=false /> },
                Route::Users => html! { <UsersPage /> },
                Route::Audit => html! { <AuditPage /> },
                Route::Profile => html! { <ProfilePage /> },
                Route::Compromises => html! { <CompromisesPage /> },
                Route::Compromise { id } => html! { <CompromisePage {id} /> },
                Route::Integrations => html! { <IntegrationsPage /> },
                Route::Timetable => html! { <TimetablePage /> },
                Route::MyWeek => html! { <MyWeekPage /> },
                Route::Lesson { entry_id, date } => html! { <LessonPage {entry_id} {date} /> },
                Route::Structure => html! { <StructurePage /> },
                Route::Reports => html! { <ReportsPage /> },
                Route::JournalControlReport => html! { <JournalControlPage /> },
                Route::AchievementReport => html! { <AchievementPage /> },
                Route::AttendanceReport => html! { <AttendanceReportPage /> },
                Route::ControlWorksReport => html! { <ControlWorksReportPage /> },
                Route::CurriculumReport => html! { <CurriculumReportPage /> },
                Route::MovementReport => html! { <MovementReportPage /> },
                Route::ClassReports => html! { <ClassReportPickPage /> },
                Route::ClassReport { class_id } => html! { <ClassReportPage {class_id} /> },
                Route::SubstitutionReport => html! { <SubstitutionReportPage /> },
                Route::PrintJournal => html! { <PrintJournalPage /> },
                Route::Students => html! { <StudentsPage /> },
                Route::Student { id } => html! { <StudentPage {id} /> },
                Route::ClassAccess { class_id } => html! { <ClassAccessPage {class_id} /> },
                Route::Import => html! { <ImportPage /> },
                Route::ControlWorks => html! { <ControlWorksPage /> },
                Route::Plans => html! { <PlanPage /> },
                Route::Journal => html! { <JournalPickPage /> },
                Route::JournalGrid {
                    assignment_id,
                    period_id,
                } => html! { <JournalGridPage {assignment_id} {period_id} /> },
                Route::JournalSettings => html! { <JournalSettingsPage /> },
                Route::Finals => html! { <FinalsPage class_id={None::<Uuid>} /> },
                Route::ClassFinals { class_id } => {
                    html! { <FinalsPage class_id={Some(class_id)} /> }
                }
                Route::Messages => html! { <MessagesPage /> },
                Route::NewMessage => html! { <NewMessagePage /> },
                Route::Thread { id } => html! { <ThreadPage {id} /> },
                Route::Announcements => html! { <AnnouncementsPage /> },
                Route::Notifications => html! { <NotificationsPage /> },
                Route::Remarks => html! { <RemarksPage /> },
                Route::Archive => html! { <ArchivePage /> },
                Route::Region => html! { <RegionPage /> },
                Route::NotFound => html! { <NotFoundPage /> },
            };
            html! { <Layout>{ page }</Layout> }
        }
    }
}

#[derive(Properties, PartialEq)]
struct ReplaceProps {
    to: Route,
}

/// Goes to another route without leaving a history entry (unlike yew-router's `Redirect`).
#[component]
fn Replace(props: &ReplaceProps) -> Html {
    let navigator = use_navigator();
    use_effect_with(props.to.clone(), move |to| {
        if let Some(navigator) = navigator {
            navigator.replace(to);
        }
    });
    Html::default()
}
