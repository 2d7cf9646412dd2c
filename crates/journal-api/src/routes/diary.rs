//! The diary of a student (R-D1, R-D7): a span of days with lessons, topics, homework, marks and
//! attendance; the period results; guardians' acknowledgements (R-D2); personal-data consents and
//! diary accounts (R-D5, R-A3). Who may read a student's diary is decided by
//! `journal_domain::diary::StudentRelation`; anybody without a relation gets 404, whether the
//! student exists or not (R-A2, R-A11).

use crate::accounts::FirstPassword;
use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::{Valid, ValidQuery};
use crate::services::lessons::{Lookup, Wanted};
use crate::services::{record_audit, utc, uuid_of};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use chrono::{Duration, NaiveDate};
use journal_api_types::diary::{
    Acknowledge, AcknowledgementSheet, AcknowledgementSheetQuery, AcknowledgementView,
    ConsentInput, ConsentView, Diary, DiaryAccount, DiaryAccountInput, DiaryQuery, ResultFinal,
    ResultMark, Results, ResultsQuery, SheetGuardian, SheetStudent, SubjectResult,
};
use journal_api_types::ErrorCode;
use journal_api_types::Problem;
use journal_db::diary::{self as ddb, AcknowledgementRow, ConsentRow};
use journal_db::journal::{self as jdb, FinalRow};
use journal_db::people::{self as store, StudentRecord};
use journal_db::structure::{self as sdb, PeriodRow, YearWithCalendar};
use journal_db::{now, roster, users, DbConnection};
use journal_domain::collate::ru_key;
use journal_domain::diary::{self as rules, week_start, Consent, MAX_DIARY_DAYS};
use journal_domain::marks::{forecast, Scale};
use journal_domain::page::may_read_class_sheets;
use journal_domain::{Action, ClassId, GuardianId, ObjectScope, SchoolId, StudentId};
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

use crate::services::diary::{
    acknowledgement_views, build_diary, current_period, diary_mark, my_student, open_account,
    period_view, periods_of, target, work_type_names, year_of, AccountFor, Target,
};
/// The span asked for: a week by default.
fn diary_span(q: &DiaryQuery, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let (from, to) = match (q.from, q.to) {
        (Some(f), Some(t)) => (f, t),
        (Some(f), None) => (week_start(f), week_start(f) + Duration::days(6)),
        (None, Some(t)) => (week_start(t), t),
        (None, None) => (week_start(today), week_start(today) + Duration::days(6)),
    };
    crate::input::span(from, to, MAX_DIARY_DAYS)?;
    Ok((from, to))
}

/// The diary of a student for a span of days, a week by default (R-D1): each day's lessons with
/// time, subject, teacher, room and any substitution, cancellation or move; the topic, homework
/// with its due date and files, marks with work type, weight and comment, absences; the class's
/// control works and holidays, its teachers, and the guardians' acknowledgements of the week.
#[utoipa::path(tag = "diary", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Student id"), DiaryQuery),
    responses(
        (status = 200, body = Diary),
        (status = 400, description = "`invalid_span`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`consent_refused`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such student, or not one the caller may read", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/students/{id}/diary")]
pub async fn diary(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    query: ValidQuery<DiaryQuery>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner();
    let (from, to) = diary_span(&query.0, session.today())?;
    let out = state
        .read(move |conn| {
            let t = target(conn, &session, id, false)?;
            build_diary(conn, session.caller.school_id, &t, from, to)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// A student's period results (R-D1, R-D7): per subject the marks, the weighted average and the
/// forecast as in the journal (R-F6), the finals in force for the period and the year, absences.
#[utoipa::path(tag = "diary", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Student id"), ResultsQuery),
    responses(
        (status = 200, body = Results),
        (status = 403, description = "`consent_refused`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such student or period, or not one the caller may read", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/students/{id}/results")]
pub async fn results(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    query: ValidQuery<ResultsQuery>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner();
    let asked = query.0.period_id;
    let out = state
        .read(move |conn| {
            let school = session.caller.school_id;
            let t = target(conn, &session, id, false)?;
            let class = t.class.clone().ok_or_else(ApiError::not_found)?;
            let year = year_of(conn, school, &class)?.ok_or_else(ApiError::not_found)?;
            let periods = periods_of(&year, class.grade);
            let period = match asked {
                Some(p) => periods.iter().find(|x| x.id == p.to_string()),
                None => current_period(&periods, session.today()),
            }
            .cloned()
            .ok_or_else(ApiError::not_found)?;
            build_results(conn, school, &t, &class, &year, &periods, &period)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

fn build_results(
    conn: &mut DbConnection,
    school: SchoolId,
    t: &Target,
    class: &roster::Class,
    year: &YearWithCalendar,
    periods: &[PeriodRow],
    period: &PeriodRow,
) -> Result<Results, ApiError> {
    let settings = jdb::settings(conn, school)?;
    let names = work_type_names(conn, school)?;
    let (from, to) = (period.starts_on, period.ends_on);
    let marks = jdb::marks_of_student(conn, school, &t.student.id, from, to)?;
    // The student's assignments of the period, with their entries, scales, the student's finals
    // of the year and absences: one query each, whatever the number of subjects.
    let assignments: Vec<_> = sdb::assignments(conn, school, Some(&class.id), None)?
        .into_iter()
        .filter(|a| match &a.group_id {
            None => true,
            Some(g) => t.groups.iter().any(|m| {
                &m.group_id == g && m.from_date <= to && m.to_date.is_none_or(|e| e >= from)
            }),
        })
        .collect();
    let ids: Vec<String> = assignments.iter().map(|a| a.id.clone()).collect();
    let mut entries_of: HashMap<String, Vec<String>> = HashMap::new();
    for e in jdb::entries_of_assignments(conn, school, &ids)? {
        entries_of.entry(e.assignment_id).or_default().push(e.id);
    }
    let subject_ids: Vec<String> = assignments.iter().map(|a| a.subject_id.clone()).collect();
    let scales = jdb::scales_of(conn, &subject_ids, class.grade)?;
    let all_finals = jdb::finals_of_students(
        conn,
        school,
        &year.year.id,
        None,
        std::slice::from_ref(&t.student.id),
    )?;
    let absent = jdb::attendance_of_student(conn, school, &t.student.id, from, to)?;
    let mut lookup = Lookup::new(school);
    let mut wanted = Wanted::default();
    for a in &assignments {
        wanted.subject(&a.subject_id).person(&a.teacher_id);
    }
    lookup.load(conn, wanted)?;
    let mut subjects = Vec::new();
    for a in assignments {
        let entries = entries_of.remove(&a.id).unwrap_or_default();
        let mine: Vec<&jdb::MarkRow> = marks
            .iter()
            .filter(|m| entries.contains(&m.entry_id))
            .collect();
        let scale = scales
            .get(&a.subject_id)
            .copied()
            .unwrap_or_else(|| Scale::default_for_grade(class.grade.clamp(0, 11) as u8));
        let weighted: Vec<(&str, f64)> = mine
            .iter()
            .map(|m| {
                let w = names.get(&m.work_type).map(|x| x.1).unwrap_or(1.0);
                (m.value.as_str(), w)
            })
            .collect();
        let f = forecast(
            scale,
            &weighted,
            &settings.thresholds,
            usize::try_from(settings.min_marks_per_period).unwrap_or(0),
        );
        let theirs: Vec<&FinalRow> = all_finals
            .iter()
            .filter(|x| x.subject_id == a.subject_id)
            .filter(|x| x.period_id.is_none() || x.period_id.as_deref() == Some(period.id.as_str()))
            .collect();
        let finals: Vec<ResultFinal> = theirs
            .iter()
            .zip(jdb::in_force(&theirs))
            .filter(|(_, current)| *current)
            .map(|(f, _)| ResultFinal {
                kind: f.kind.clone(),
                value: f.value.clone(),
                deferred_until: f.deferred_until,
                liquidation: f.liquidation,
                set_on: f.set_on,
            })
            .collect();
        let absences = absent
            .iter()
            .filter(|x| x.status == "absent" && entries.contains(&x.entry_id))
            .count();
        subjects.push(SubjectResult {
            subject_id: uuid_of(&a.subject_id)?,
            subject_name: lookup.subject(&a.subject_id),
            teacher_name: lookup.person(conn, &a.teacher_id)?,
            scale,
            marks: mine
                .iter()
                .map(|m| ResultMark {
                    lesson_date: m.lesson_date,
                    mark: diary_mark(m, &names),
                })
                .collect(),
            forecast: f,
            finals,
            absences: u32::try_from(absences).unwrap_or(u32::MAX),
        });
    }
    subjects.sort_by_cached_key(|s| ru_key(&s.subject_name));
    let acks =
        ddb::acknowledgements_of(conn, school, std::slice::from_ref(&t.student.id), from, to)?;
    let acks: Vec<AcknowledgementRow> = acks.into_iter().filter(|a| a.kind == "period").collect();
    Ok(Results {
        student: my_student(&t.student, Some(class))?,
        period: period_view(period)?,
        periods: periods.iter().map(period_view).collect::<Result<_, _>>()?,
        subjects,
        acknowledgements: acknowledgement_views(conn, school, &acks, t.guardian_id.as_deref())?,
    })
}

/// A guardian confirms having seen a week's or a period's marks and remarks (R-D2). Saying it
/// again changes nothing and answers 200 with the first acknowledgement.
#[utoipa::path(tag = "diary", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Student id")),
    request_body = Acknowledge,
    responses(
        (status = 201, description = "Acknowledged", body = AcknowledgementView),
        (status = 200, description = "Already acknowledged", body = AcknowledgementView),
        (status = 403, description = "`consent_refused`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not the caller's child, or no such period", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`future_span`: the week or period has not begun", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/students/{id}/acknowledgements")]
pub async fn acknowledge(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<Acknowledge>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner();
    let what = body.0;
    let key = state.audit_key.clone();
    let (created, out) = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let t = target(conn, &session, id, true)?;
            let guardian = t.guardian_id.clone().ok_or_else(ApiError::not_found)?;
            let (kind, start, end, period_id) = match what {
                Acknowledge::Week { week_of } => {
                    let s = week_start(week_of);
                    ("week", s, s + Duration::days(6), None)
                }
                Acknowledge::Period { period_id } => {
                    let class = t.class.clone().ok_or_else(ApiError::not_found)?;
                    let year = year_of(conn, school, &class)?.ok_or_else(ApiError::not_found)?;
                    let p = periods_of(&year, class.grade)
                        .into_iter()
                        .find(|p| p.id == period_id.to_string())
                        .ok_or_else(ApiError::not_found)?;
                    ("period", p.starts_on, p.ends_on, Some(p.id))
                }
            };
            if start > session.today() {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ErrorCode::FutureSpan,
                    "this week or period has not begun yet",
                ));
            }
            if let Some(existing) =
                ddb::acknowledgement(conn, school, &t.student.id, &guardian, kind, start)?
            {
                let view = acknowledgement_views(conn, school, &[existing], Some(guardian.as_str()))?;
                return Ok((false, view.into_iter().next()));
            }
            let row = AcknowledgementRow {
                id: Uuid::new_v4().to_string(),
                school_id: school.to_string(),
                student_id: t.student.id.clone(),
                guardian_id: guardian,
                kind: kind.to_owned(),
                span_start: start,
                span_end: end,
                period_id,
                acknowledged_at: now(),
            };
            ddb::insert_acknowledgement(conn, &row)?;
            let view =
                acknowledgement_views(conn, school, std::slice::from_ref(&row), Some(&row.guardian_id))?;
            record_audit(
                conn,
                &key,
                &session,
                Action::AcknowledgeDiary,
                ("diary.acknowledge", "student", t.student.id.clone()),
                None,
                Some(json!({"kind": row.kind, "span_start": row.span_start, "span_end": row.span_end, "guardian_id": row.guardian_id})),
            )?;
            Ok((true, view.into_iter().next()))
        })
        .await?;
    let out = out.ok_or_else(|| ApiError::internal("acknowledgement missing"))?;
    Ok(if created {
        HttpResponse::Created().json(out)
    } else {
        HttpResponse::Ok().json(out)
    })
}

/// The class teacher's sheet (R-D2): per student, each guardian's acknowledgement of the week,
/// their consent and account, and whether they have not signed in for `inactive_days`. The class
/// teacher of the class, the deputy and the director.
#[utoipa::path(tag = "diary", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Class id"), AcknowledgementSheetQuery),
    responses(
        (status = 200, body = AcknowledgementSheet),
        (status = 403, description = "Not this class's teacher, the deputy or the director", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/classes/{id}/acknowledgements")]
pub async fn acknowledgement_sheet(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    query: ValidQuery<AcknowledgementSheetQuery>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner();
    let q = query.0;
    let today = session.today();
    let week = week_start(q.week_of.unwrap_or(today));
    let inactive_days = q.inactive_days.unwrap_or(14);
    let out = state
        .read(move |conn| {
            let c = &session.caller;
            let school = c.school_id;
            let class =
                store::find_class(conn, school, ClassId(id))?.ok_or_else(ApiError::not_found)?;
            let leads = class.class_teacher_id.as_deref() == Some(c.user_id.to_string().as_str());
            if !may_read_class_sheets(&c.roles, leads) {
                return Err(ApiError::forbidden(
                    ErrorCode::Forbidden,
                    "only the class teacher, the deputy and the director see this sheet",
                ));
            }
            let mut kids: Vec<StudentRecord> =
                ddb::active_students_of_class(conn, school, &class.id)?;
            kids.sort_by_cached_key(|s| ru_key(&format!("{} {}", s.last_name, s.first_name)));
            let ids: Vec<String> = kids.iter().map(|s| s.id.clone()).collect();
            let acks: Vec<AcknowledgementRow> =
                ddb::acknowledgements_of(conn, school, &ids, week, week)?
                    .into_iter()
                    .filter(|a| a.kind == "week")
                    .collect();
            let since = session.clock.now() - Duration::days(i64::from(inactive_days));
            // Guardians, their consents and accounts for the whole class in four queries.
            let links = store::guardians_of_students(conn, school, &ids)?;
            let guardian_ids: Vec<String> = links.iter().map(|(_, g)| g.id.clone()).collect();
            let consents = ddb::consents_in_force(conn, school, &guardian_ids)?;
            let user_ids: Vec<String> = links
                .iter()
                .filter_map(|(_, g)| g.user_id.clone())
                .collect();
            let accounts = users::find_many(conn, &user_ids)?;
            let mut students = Vec::new();
            for s in &kids {
                let mut guardians = Vec::new();
                for (link, g) in links.iter().filter(|(l, _)| l.student_id == s.id) {
                    let consent = consents
                        .get(&g.id)
                        .and_then(|c| c.code())
                        .map(str::to_owned);
                    let user = g
                        .user_id
                        .as_ref()
                        .and_then(|u| accounts.iter().find(|a| a.id == *u));
                    let last = user.and_then(|u| u.last_login_at).map(utc);
                    guardians.push(SheetGuardian {
                        guardian_id: uuid_of(&g.id)?,
                        name: format!("{} {}", g.last_name, g.first_name),
                        relation: link.relation.clone(),
                        has_account: user.is_some(),
                        consent,
                        last_login_at: last,
                        inactive: user.is_some() && last.is_none_or(|l| l < since),
                        acknowledged_at: acks
                            .iter()
                            .find(|a| a.student_id == s.id && a.guardian_id == g.id)
                            .map(|a| utc(a.acknowledged_at)),
                    });
                }
                students.push(SheetStudent {
                    student_id: uuid_of(&s.id)?,
                    name: format!("{} {}", s.last_name, s.first_name),
                    guardians,
                });
            }
            Ok(AcknowledgementSheet {
                class_id: id,
                class_name: class.name(),
                week_start: week,
                inactive_days,
                students,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// The office or the class teacher of one of the guardian's children may keep their consent and
/// account (R-A5, R-A8).
fn guardian_in_scope(
    conn: &mut DbConnection,
    session: &Session,
    id: Uuid,
) -> Result<roster::Guardian, ApiError> {
    let school = session.caller.school_id;
    let g = store::find_guardian(conn, school, GuardianId(id))?.ok_or_else(ApiError::not_found)?;
    let scope = ObjectScope {
        school,
        class_teachers: store::class_teachers_of_guardian(conn, school, GuardianId(id))?,
    };
    session.caller.authorize_on(Action::EditPeople, &scope)?;
    Ok(g)
}

fn consent_views(
    conn: &mut DbConnection,
    lookup_school: SchoolId,
    rows: &[ConsentRow],
) -> Result<Vec<ConsentView>, ApiError> {
    let mut out = Vec::new();
    let mut lookup = Lookup::new(lookup_school);
    for (i, r) in rows.iter().enumerate() {
        out.push(ConsentView {
            decision: r.decision.clone(),
            decided_on: r.decided_on,
            document: r.document.clone(),
            recorded_by_name: lookup.person(conn, &r.recorded_by)?,
            recorded_at: utc(r.recorded_at),
            in_force: i + 1 == rows.len(),
        });
    }
    Ok(out)
}

/// A guardian's registered consents and refusals, oldest first (R-D5).
#[utoipa::path(tag = "diary", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Guardian id")),
    responses(
        (status = 200, body = Vec<ConsentView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/guardians/{id}/consents")]
pub async fn list_consents(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner();
    let out = state
        .read(move |conn| {
            let g = guardian_in_scope(conn, &session, id)?;
            let rows = ddb::consents_of(conn, session.caller.school_id, &g.id)?;
            consent_views(conn, session.caller.school_id, &rows)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Register a guardian's signed consent to, or refusal of, the processing of personal data
/// (R-D5): the office or the class teacher. A refusal closes the guardian's diary; the school
/// then gives printed extracts.
#[utoipa::path(tag = "diary", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Guardian id")),
    request_body = ConsentInput,
    responses(
        (status = 201, body = ConsentView),
        (status = 400, description = "`validation_failed`, `invalid_decision`", body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/guardians/{id}/consents")]
pub async fn record_consent(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<ConsentInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner();
    let input = body.0;
    if Consent::parse(Some(&input.decision)) == Consent::Unknown {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidDecision,
            "`decision` is `given` or `refused`",
        ));
    }
    let key = state.audit_key.clone();
    let out = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let g = guardian_in_scope(conn, &session, id)?;
            let before = ddb::consents_of(conn, school, &g.id)?.last().cloned();
            let row = ConsentRow {
                id: Uuid::new_v4().to_string(),
                school_id: school.to_string(),
                guardian_id: g.id.clone(),
                decision: input.decision.clone(),
                decided_on: input.decided_on,
                document: input.document.trim().to_owned(),
                recorded_by: session.caller.user_id.to_string(),
                recorded_at: now(),
            };
            ddb::insert_consent(conn, &row)?;
            record_audit(
                conn,
                &key,
                &session,
                Action::EditPeople,
                ("guardian.consent", "guardian", g.id.clone()),
                before.map(|b| json!({"decision": b.decision, "decided_on": b.decided_on, "document": b.document})),
                Some(json!({"decision": row.decision, "decided_on": row.decided_on, "document": row.document})),
            )?;
            let mut views = consent_views(conn, school, std::slice::from_ref(&row))?;
            views.pop().ok_or_else(|| ApiError::internal("consent missing"))
        })
        .await?;
    Ok(HttpResponse::Created().json(out))
}

fn account_exists() -> ApiError {
    ApiError::conflict(
        ErrorCode::AccountExists,
        "this person already has a diary account",
    )
}

/// Give a guardian a diary account with a one-time password (R-S1), once their consent is
/// registered (R-D5): the office or the class teacher of one of their children.
#[utoipa::path(tag = "diary", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Guardian id")),
    request_body = DiaryAccountInput,
    responses(
        (status = 201, body = DiaryAccount),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`consent_missing`, `consent_refused`, `account_exists`, `login_taken`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/guardians/{id}/account")]
pub async fn guardian_account(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<DiaryAccountInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner();
    let login = body.0.login;
    let key = state.audit_key.clone();
    let out = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let g = guardian_in_scope(conn, &session, id)?;
            if g.user_id.is_some() {
                return Err(account_exists());
            }
            rules::guardian_account(ddb::consent_of(conn, school, &g.id)?)?;
            let who = AccountFor::guardian(&g);
            open_account(conn, &key, &session, &login, who, FirstPassword::OneTime)
        })
        .await?;
    Ok(HttpResponse::Created().json(out))
}

/// Give a student their own read-only diary account from the age of 14 (R-A3): the office or the
/// class teacher of their class.
#[utoipa::path(tag = "diary", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Student id")),
    request_body = DiaryAccountInput,
    responses(
        (status = 201, body = DiaryAccount),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`account_exists`, `login_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`too_young`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/students/{id}/account")]
pub async fn student_account(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    body: Valid<DiaryAccountInput>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let id = path.into_inner();
    let login = body.0.login;
    let key = state.audit_key.clone();
    let out = state
        .write(move |conn| {
            let school = session.caller.school_id;
            let s = store::find_student(conn, school, StudentId(id))?
                .ok_or_else(ApiError::not_found)?;
            let scope = ObjectScope {
                school,
                class_teachers: match &s.class_id {
                    Some(cl) => store::class_teacher(conn, school, cl)?
                        .into_iter()
                        .collect(),
                    None => Vec::new(),
                },
            };
            session.caller.authorize_on(Action::EditPeople, &scope)?;
            if s.user_id.is_some() {
                return Err(account_exists());
            }
            rules::student_account(s.birth_date, session.today())?;
            let who = AccountFor::student(&s);
            open_account(conn, &key, &session, &login, who, FirstPassword::OneTime)
        })
        .await?;
    Ok(HttpResponse::Created().json(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(n: i32, from: (u32, u32), to: (u32, u32)) -> PeriodRow {
        let y = |m: u32| if m >= 9 { 2025 } else { 2026 };
        PeriodRow {
            id: n.to_string(),
            school_id: String::new(),
            year_id: String::new(),
            kind: "quarter".into(),
            number: n,
            grade_from: 1,
            grade_to: 9,
            starts_on: NaiveDate::from_ymd_opt(y(from.0), from.0, from.1).unwrap(),
            ends_on: NaiveDate::from_ymd_opt(y(to.0), to.0, to.1).unwrap(),
        }
    }

    #[test]
    fn the_current_period_holds_today_or_is_the_latest_begun() {
        let ps = vec![period(1, (9, 1), (10, 24)), period(2, (11, 5), (12, 26))];
        let on = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
        assert_eq!(current_period(&ps, on(10, 1)).unwrap().number, 1);
        // In the autumn holidays: the quarter just ended.
        assert_eq!(current_period(&ps, on(10, 30)).unwrap().number, 1);
        assert_eq!(current_period(&ps, on(11, 20)).unwrap().number, 2);
        // Before the year: the first.
        assert_eq!(current_period(&ps, on(8, 20)).unwrap().number, 1);
    }

    #[test]
    fn the_diary_span_is_a_week_by_default_and_bounded() {
        let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
        let q = DiaryQuery {
            from: Some(d(10, 22)),
            to: None,
        };
        assert_eq!(diary_span(&q, d(11, 5)).unwrap(), (d(10, 20), d(10, 26)));
        // No span: the school's current week (Wednesday 5 November → 3–9 November).
        let none = DiaryQuery {
            from: None,
            to: None,
        };
        assert_eq!(diary_span(&none, d(11, 5)).unwrap(), (d(11, 3), d(11, 9)));
        let long = DiaryQuery {
            from: Some(d(9, 1)),
            to: Some(d(10, 15)),
        };
        assert_eq!(
            diary_span(&long, d(11, 5)).unwrap_err().code,
            "invalid_span"
        );
        let backwards = DiaryQuery {
            from: Some(d(10, 2)),
            to: Some(d(10, 1)),
        };
        assert!(diary_span(&backwards, d(11, 5)).is_err());
    }
}
