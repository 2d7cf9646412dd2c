//! The home screen at a glance (issue 13, R-R1, R-R2, R-D2): for the deputy and the director the
//! school this week — journal filling, the teachers behind, today's changes, open remarks, students
//! with a 2, acknowledgements; for a teacher their own pages' gaps and remarks. The light form of
//! the control report (`control::Depth::Glance`) plus a few counts.

use super::control::{self, Depth};
use super::Narrowing;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use chrono::{Datelike, Duration};
use journal_api_types::reports::{Overview, PageGap};
use journal_api_types::Problem;
use journal_db::reports as rdb;
use journal_db::timetable as tdb;
use journal_domain::calendar::Span;
use journal_domain::remarks::{overdue, RemarkStatus};
use journal_domain::reports::filling::Filling;
use journal_domain::Role;

const TEACHERS_SHOWN: usize = 10;
const LESSONS_SHOWN: usize = 50;

/// What needs attention this week: the school for the deputy and the director, the caller's own
/// pages for a teacher.
#[utoipa::path(tag = "reports", security(("bearer" = [])),
    responses(
        (status = 200, body = Overview),
        (status = 403, description = "`forbidden`: not a reader of reports", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/reports/overview")]
pub async fn overview_report(
    state: web::Data<AppState>,
    auth: Auth,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let report = state
        .read(move |conn| {
            let school = session.caller.school_id;
            let today = session.today();
            let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
            let week = Span::new(monday, today);
            let whole_school =
                session.caller.has(Role::Deputy) || session.caller.has(Role::Director);
            let me = session.caller.user_id;
            // A teacher's own pages; the leadership's whole school.
            let n = Narrowing {
                class: None,
                subject: None,
                teacher: (!whole_school).then_some(me.0),
            };
            let control = control::build(conn, &session, week, n, Depth::Glance)?;
            let mut filling = Filling::default();
            for l in &control.pages {
                filling.add(&l.filling);
            }
            let mut teachers: Vec<_> = control
                .teachers
                .into_iter()
                .filter(|t| t.filling.has_gaps())
                .collect();
            teachers.sort_by_key(|t| std::cmp::Reverse(t.filling.gaps()));
            teachers.truncate(TEACHERS_SHOWN);
            let lessons: Vec<PageGap> = if whole_school {
                Vec::new()
            } else {
                control
                    .pages
                    .iter()
                    .flat_map(|l| {
                        l.lessons.iter().map(|g| PageGap {
                            page: l.page.clone(),
                            period_id: l.period_id,
                            lesson: g.clone(),
                        })
                    })
                    .take(LESSONS_SHOWN)
                    .collect()
            };
            let teacher = (!whole_school).then(|| me.to_string());
            let remarks = rdb::open_remarks(conn, school, teacher.as_deref())?;
            let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            let overdue_remarks = remarks
                .iter()
                .filter(|(s, due)| RemarkStatus::parse(s).is_some_and(|s| overdue(s, *due, today)))
                .count();
            let entries = if whole_school {
                None
            } else {
                Some(
                    tdb::entries_in(conn, school, None, Some(&me.to_string()), week)?
                        .into_iter()
                        .map(|e| e.id)
                        .collect::<Vec<_>>(),
                )
            };
            let failing = rdb::failing_students(conn, school, week, entries.as_deref())?;
            let (changes_today, guardians, acknowledged) = if whole_school {
                let (with_accounts, acknowledged) =
                    rdb::week_acknowledgements(conn, school, monday - Duration::days(7))?;
                let to_u32 = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
                (
                    Some(to_u32(rdb::changes_on(conn, school, today)?)),
                    Some(to_u32(with_accounts)),
                    Some(to_u32(acknowledged)),
                )
            } else {
                (None, None, None)
            };
            Ok(Overview {
                today,
                week_from: monday,
                whole_school,
                topics_share: filling.topics_share(),
                filling,
                teachers,
                lessons,
                changes_today,
                open_remarks: count(remarks.len()),
                overdue_remarks: count(overdue_remarks),
                students_with_failing_marks: count(failing.len()),
                guardians_with_accounts: guardians,
                acknowledged_last_week: acknowledged,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}
