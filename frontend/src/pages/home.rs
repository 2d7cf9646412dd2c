//! The home page: a welcome, what needs attention this week (`overview.rs`), the backups for the
//! admin and the director (`backups.rs`) and the sections the person's roles open.

use crate::app::Route;
use crate::i18n::{roles_line, t, tf, Key};
use crate::pages::backups::HomeBackups;
use crate::pages::overview::HomeOverview;
use crate::pages::use_title;
use crate::services::access::{
    address_name, may, sees_acknowledgement_sheet, sees_control_works, sees_import, sees_plans,
    sees_region, sees_reports, sees_students,
};
use crate::services::remarks::sees_remarks;
use crate::services::state::use_app;
use crate::services::time::local_time;
use journal_api_types::Role;
use journal_domain::Action;
use yew::prelude::*;
use yew_router::prelude::*;

#[component]
pub fn HomePage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::NavHome);
    let Some(me) = app.me() else {
        return Html::default();
    };

    // The title is the link; CSS stretches it over the whole card.
    let card = |to: Route, id: &'static str, title: Key, text: Key| {
        html! {
            <li class="card section-card" id={id}>
                <h3><Link<Route> to={to} classes="card-link">{ t(lang, title) }</Link<Route>></h3>
                <p>{ t(lang, text) }</p>
                <span class="card-arrow" aria-hidden="true">{ "→" }</span>
            </li>
        }
    };

    let users_text = if may(&me, Action::ManageAccounts) {
        Key::CardUsersTextAdmin
    } else {
        Key::CardUsersText
    };

    html! {
        <section class="page" id="home">
            <div class="welcome">
                <h1 id="welcome">{ tf(lang, Key::HomeGreeting, &[("name", &address_name(&me))]) }</h1>
                <p class="lead">{ tf(lang, Key::HomeSchool, &[("school", &me.school_name)]) }</p>
                <p class="muted">
                    { tf(lang, Key::HomeRoles, &[("roles", &roles_line(lang, &me.roles, &me.led_classes))]) }
                </p>
                if let Some(at) = me.previous_login_at {
                    <p class="muted">{ tf(lang, Key::HomeLastLogin, &[("time", &local_time(lang, at))]) }</p>
                }
            </div>
            <HomeOverview />
            <HomeBackups />
            <h2>{ t(lang, Key::HomeSectionsTitle) }</h2>
            <ul class="cards">
                if sees_region(&me) {
                    { card(Route::Region, "card-region", Key::NavRegion, Key::CardRegionText) }
                }
                if me.roles.contains(&Role::Teacher) {
                    { card(Route::MyWeek, "card-my-week", Key::NavMyWeek, Key::CardMyWeekText) }
                }
                if sees_acknowledgement_sheet(&me) {
                    { card(Route::AckSheet, "card-ack-sheet", Key::NavAckSheet, Key::CardAckSheetText) }
                }
                if may(&me, Action::ManageTimetable) {
                    { card(Route::Timetable, "card-timetable", Key::NavTimetable, Key::CardTimetableText) }
                    { card(Route::SubstitutionReport, "card-substitutions", Key::NavSubstitutions, Key::CardSubstitutionsText) }
                }
                if sees_reports(&me) {
                    { card(Route::Reports, "card-reports", Key::NavReports, Key::CardReportsText) }
                }
                if sees_remarks(&me) {
                    { card(Route::Remarks, "card-remarks", Key::NavRemarks, Key::CardRemarksText) }
                }
                if sees_control_works(&me) {
                    { card(Route::ControlWorks, "card-control-works", Key::NavControlWorks, Key::CardControlWorksText) }
                }
                if sees_plans(&me) {
                    { card(Route::Plans, "card-plans", Key::NavPlan, Key::CardPlanText) }
                }
                if sees_students(&me) {
                    { card(Route::Students, "card-students", Key::NavStudents, Key::CardStudentsText) }
                }
                if sees_import(&me) {
                    { card(Route::Import, "card-import", Key::NavImport, Key::CardImportText) }
                }
                if may(&me, Action::ManageStructure) {
                    { card(Route::Structure, "card-structure", Key::NavStructure, Key::CardStructureText) }
                }
                if may(&me, Action::ViewAccounts) {
                    { card(Route::Users, "card-users", Key::NavUsers, users_text) }
                }
                if may(&me, Action::ViewAudit) {
                    { card(Route::Audit, "card-audit", Key::NavAudit, Key::CardAuditText) }
                }
                if may(&me, Action::ManageIntegrations) {
                    { card(Route::Integrations, "card-integrations", Key::NavIntegrations, Key::CardIntegrationsText) }
                }
                { card(Route::Profile, "card-profile", Key::NavProfile, Key::CardProfileText) }
            </ul>
        </section>
    }
}
