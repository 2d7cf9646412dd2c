//! The Journal HTTP API (`/api/v1`): actix-web handlers registered through utoipa-actix-web, so
//! every route is in the OpenAPI document; auth extractors; one problem+json error type.
//!
//! A handler is: extract the caller, load, ask `journal-domain`, persist (with its audit entry in
//! the same transaction), answer.

pub mod accounts;
pub mod archive;
pub mod auth;
pub mod backups;
pub mod clock;
pub mod contract;
pub mod error;
pub mod input;
pub mod notify;
pub mod pdf;
pub mod request_id;
pub mod routes;
pub mod security_headers;
pub(crate) mod services;
pub mod state;
pub mod tables;

pub use error::ApiError;
pub use state::AppState;

use actix_web::{web, App, HttpResponse};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

/// Path of the served OpenAPI document.
pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Journal API",
        description = "REST API of Journal, the electronic class journal and student diary. \
            Errors are `application/problem+json` with a stable `code`. Sign in with \
            `POST /api/v1/auth/login` and send `Authorization: Bearer <access_token>`. Every \
            status an operation can answer is listed with its body; a documented path asked \
            with another method answers 405 with `Allow`. Text never holds U+0000 and dates are \
            of the years 1900–2100 (400 otherwise).",
        license(name = "AGPL-3.0-or-later"),
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "system", description = "Service information"),
        (name = "auth", description = "Sign-in, sessions and the caller's account"),
        (name = "users", description = "Accounts of a school"),
        (name = "audit", description = "The tamper-evident audit log"),
        (name = "structure", description = "School years, calendars, bells, rooms, subjects, classes, teaching assignments"),
        (name = "groups", description = "Groups (subgroups, streams, individual-plan students) with dated members; the curriculum and its check against the assignments"),
        (name = "timetable", description = "The weekly timetable, dated lessons, substitutions and changes"),
        (name = "reports", description = "Control reports: journal keeping, achievement; JSON, CSV or XLSX"),
        (name = "integrations", description = "Integration clients and the OAuth 2.0 client-credentials token endpoint `POST /oauth/token` (R-A10)"),
        (name = "oneroster", description = "OneRoster 1.2 rostering for integration clients (R-E3), under /ims/oneroster/rostering/v1p2; errors are the standard's imsx_StatusInfo"),
        (name = "regions", description = "A region's (municipality's) aggregated figures of its schools, with no personal data (R-A9, R-E4)"),
        (name = "planning", description = "Control-work schedule and lesson plans (КТП) with plan versus fact"),
        (name = "people", description = "Students, guardians, their links and student movement"),
        (name = "diary", description = "The diary of a student for guardians, students and their teachers; acknowledgements, personal-data consents and diary accounts"),
        (name = "messages", description = "Messages between staff and families, class announcements and e-mail notification preferences"),
        (name = "import", description = "Import and export of staff, classes, students, guardians and links (CSV, XLSX)"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.bearer_format = Some("JWT".into());
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
        // Integration clients (R-A10): the client-credentials grant with the OneRoster scopes.
        use utoipa::openapi::security::{ClientCredentials, Flow, OAuth2, Scopes};
        let scopes = Scopes::from_iter(
            journal_domain::clients::Scope::ALL
                .iter()
                .map(|s| (s.as_str().to_owned(), s.as_str().to_owned())),
        );
        components.add_security_scheme(
            "oauth2",
            SecurityScheme::OAuth2(OAuth2::new([Flow::ClientCredentials(
                ClientCredentials::new(routes::integrations::TOKEN_PATH, scopes),
            )])),
        );
    }
}

/// Registers the OAuth 2.0 token endpoint (`/oauth/token`, R-A10).
fn oauth(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::integrations::token);
}

/// Registers the OneRoster 1.2 rostering service (R-E3).
fn rostering(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    use routes::oneroster::*;
    cfg.service(list_orgs)
        .service(get_org)
        .service(list_schools)
        .service(get_school)
        .service(school_terms)
        .service(list_academic_sessions)
        .service(get_academic_session)
        .service(list_terms)
        .service(get_term)
        .service(term_grading_periods)
        .service(list_grading_periods)
        .service(get_grading_period)
        .service(list_courses)
        .service(get_course)
        .service(school_courses)
        .service(course_classes)
        .service(list_classes)
        .service(get_class)
        .service(school_classes)
        .service(term_classes)
        .service(student_classes)
        .service(teacher_classes)
        .service(user_classes)
        .service(list_users)
        .service(get_user)
        .service(list_students)
        .service(get_student)
        .service(list_teachers)
        .service(get_teacher)
        .service(school_students)
        .service(school_teachers)
        .service(class_students)
        .service(class_teachers)
        .service(school_class_students)
        .service(school_class_teachers)
        .service(school_class_enrollments)
        .service(list_enrollments)
        .service(get_enrollment)
        .service(school_enrollments)
        .service(list_demographics)
        .service(get_demographics);
}

/// Registers the OneRoster 1.2 gradebook service (R-E3), read only.
fn gradebook(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    use routes::oneroster::*;
    cfg.service(list_categories)
        .service(get_category)
        .service(class_categories)
        .service(list_line_items)
        .service(get_line_item)
        .service(class_line_items)
        .service(line_item_results)
        .service(list_results)
        .service(get_result)
        .service(class_results)
        .service(student_results)
        .service(list_score_scales)
        .service(get_score_scale)
        .service(school_score_scales)
        .service(class_score_scales);
}

/// Registers every `/api/v1` handler (paths relative to the scope).
fn api_v1(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    use routes::*;
    cfg.service(system::health)
        .service(auth::login)
        .service(auth::refresh)
        .service(auth::logout)
        .service(auth::logout_all)
        .service(auth::change_password)
        .service(auth::switch_school)
        .service(me::me)
        .service(me::my_sessions)
        .service(me::end_my_session)
        .service(me::report_my_compromise)
        .service(users::list_users)
        .service(users::create_user)
        .service(users::issue_initial_password)
        .service(users::logout_user_everywhere)
        .service(users::report_compromise)
        .service(compromises::list_compromises)
        .service(compromises::get_compromise)
        .service(compromises::revert_operations)
        .service(compromises::revert_all)
        .service(audit::list_audit)
        .service(audit::export_audit)
        .service(structure::list_years)
        .service(structure::create_year)
        .service(structure::get_year)
        .service(structure::replace_calendar)
        .service(structure::rollover)
        .service(structure::list_bell_schedules)
        .service(structure::create_bell_schedule)
        .service(structure::list_rooms)
        .service(structure::create_room)
        .service(structure::list_subjects)
        .service(structure::create_subject)
        .service(structure::list_classes)
        .service(structure::create_class)
        .service(structure::list_assignments)
        .service(structure::create_assignment)
        .service(groups::list_groups)
        .service(groups::create_group)
        .service(groups::get_group)
        .service(groups::update_group)
        .service(groups::delete_group)
        .service(groups::list_members)
        .service(groups::add_member)
        .service(groups::leave_group)
        .service(groups::get_curriculum)
        .service(groups::replace_curriculum)
        .service(groups::check_curriculum)
        .service(timetable::create_entry)
        .service(timetable::list_entries)
        .service(timetable::end_entry)
        .service(timetable::list_lessons)
        .service(timetable::get_lesson)
        .service(timetable::write_lesson)
        .service(timetable::change_lesson)
        .service(timetable::busy_teachers)
        .service(timetable::withdraw_change)
        .service(timetable::substitution_report)
        .service(reports::journal_control)
        .service(reports::achievement_report)
        .service(reports::attendance_report)
        .service(reports::control_works_report)
        .service(reports::class_report)
        .service(reports::curriculum_report)
        .service(reports::movement_report)
        .service(reports::overview_report)
        .service(reports::my_regions)
        .service(reports::region_aggregates)
        .service(integrations::list_clients)
        .service(integrations::create_client)
        .service(integrations::rotate_secret)
        .service(integrations::revoke_client)
        .service(journal::get_page)
        .service(journal::save_page)
        .service(journal::close_page)
        .service(journal::reopen_page)
        .service(journal::close_period)
        .service(journal::reopen_period)
        .service(journal::page_history)
        .service(journal::summary_sheet)
        .service(print::printed_journal)
        .service(archives::list_archives)
        .service(archives::create_archive)
        .service(archives::get_archive)
        .service(archives::verify_archive)
        .service(archives::archive_key)
        .service(backups::backup_status)
        .service(remarks::create_remark)
        .service(remarks::list_remarks)
        .service(remarks::get_remark)
        .service(remarks::remark_done)
        .service(remarks::confirm_remark)
        .service(remarks::return_remark)
        .service(files::upload)
        .service(files::list)
        .service(files::download)
        .service(files::remove)
        .service(journal::get_settings)
        .service(journal::put_settings)
        .service(journal::put_work_type)
        .service(journal::put_subject_scale)
        .service(planning::create_control_work)
        .service(planning::list_control_works)
        .service(planning::delete_control_work)
        .service(planning::get_plan)
        .service(planning::replace_plan)
        .service(planning::import_plan)
        .service(people::list_students)
        .service(people::admit_student)
        .service(people::get_student)
        .service(people::update_student)
        .service(people::transfer_student)
        .service(people::withdraw_student)
        .service(people::link_guardian)
        .service(people::unlink_guardian)
        .service(people::list_guardians)
        .service(people::create_guardian)
        .service(people::update_guardian)
        .service(diary::diary)
        .service(diary::results)
        .service(extract::extract)
        .service(diary::acknowledge)
        .service(diary::acknowledgement_sheet)
        .service(diary::list_consents)
        .service(diary::record_consent)
        .service(diary::guardian_account)
        .service(diary::student_account)
        .service(access::class_access)
        .service(access::issue_access)
        .service(access::slips_pdf)
        .service(messages::list_threads)
        .service(messages::unread_counts)
        .service(messages::get_thread)
        .service(messages::create_thread)
        .service(messages::post_message)
        .service(messages::mark_read)
        .service(messages::list_recipients)
        .service(messages::upload_attachment)
        .service(messages::download_attachment)
        .service(messages::create_announcement)
        .service(messages::list_announcements)
        .service(messages::get_preferences)
        .service(messages::put_preferences)
        .service(import::import_list)
        .service(import::export_list);
}

/// The OpenAPI document of the API, as served and as committed in `openapi/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(utoipa_actix_web::scope("/api/v1").configure(api_v1))
        .service(utoipa_actix_web::scope("/oauth").configure(oauth))
        .service(utoipa_actix_web::scope(routes::oneroster::ROSTERING_BASE).configure(rostering))
        .service(utoipa_actix_web::scope(routes::oneroster::GRADEBOOK_BASE).configure(gradebook))
        .split_for_parts();
    api.info.version = env!("CARGO_PKG_VERSION").to_owned();
    contract::complete(&mut api);
    api
}

/// The document as committed: pretty JSON with a trailing newline.
pub fn openapi_json() -> String {
    let mut text = openapi().to_pretty_json().unwrap_or_default();
    text.push('\n');
    text
}

/// No handler took the request: 405 with `Allow` for a documented path, 404 otherwise.
async fn api_not_found(req: actix_web::HttpRequest) -> HttpResponse {
    contract::unmatched(&req)
}

async fn docs_redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header(("Location", "/docs/"))
        .finish()
}

/// Mount the API, its OpenAPI document and the interactive docs page (`/docs`, assets vendored:
/// no internet needed) on an actix `App`. Add `request_id::middleware` with `wrap` around it.
pub fn mount(state: AppState) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        cfg.app_data(web::Data::new(state))
            .app_data(input::json_config())
            .app_data(input::path_config())
            .service(SwaggerUi::new("/docs/{_:.*}").url(OPENAPI_PATH, openapi()))
            .route("/docs", web::get().to(docs_redirect))
            .service(
                utoipa_actix_web::scope("/api/v1")
                    .configure(api_v1)
                    .default_service(web::to(api_not_found)),
            )
            .service(
                utoipa_actix_web::scope("/oauth")
                    .configure(oauth)
                    .default_service(web::to(api_not_found)),
            )
            .service(
                utoipa_actix_web::scope(routes::oneroster::ROSTERING_BASE)
                    .configure(rostering)
                    .default_service(web::to(api_not_found)),
            )
            .service(
                utoipa_actix_web::scope(routes::oneroster::GRADEBOOK_BASE)
                    .configure(gradebook)
                    .default_service(web::to(api_not_found)),
            );
    }
}
