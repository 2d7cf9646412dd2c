//! A student's diary as the family and their teachers read it (R-D1, R-D2, R-D5, R-D7): who the
//! caller may read, the lessons of a span with what was written, marks and absences. The diary's
//! routes, the period results, the extract and the homework files' download all read through here.

use super::{record_audit, utc, uuid_of};
use crate::accounts::{self, FirstPassword, NewAccount};
use crate::auth::Session;
use crate::error::ApiError;
use crate::services::files::view as file_view;
use crate::services::lessons::{dated_lessons, Dated, Lookup, Scope, Wanted};
use actix_web::http::StatusCode;
use chrono::{Duration, NaiveDate};
use journal_api_types::diary::{
    AcknowledgementView, Diary, DiaryAccount, DiaryAttendance, DiaryControlWork, DiaryDay,
    DiaryLesson, DiaryMark, DiaryTeacher, MyStudent,
};
use journal_api_types::journal::PagePeriod;
use journal_api_types::structure::HolidayInput;
use journal_api_types::ErrorCode;
use journal_db::audit::AuditKey;
use journal_db::diary::{self as ddb, AcknowledgementRow};
use journal_db::groups::{self as gdb, MemberRow};
use journal_db::journal::{self as jdb};
use journal_db::people::{self as store, StudentRecord};
use journal_db::structure::{self as sdb, PeriodRow, YearWithCalendar};
use journal_db::timetable::{self as tdb, EntryRow};
use journal_db::{planning, roster, DbConnection};
use journal_domain::calendar::Span;
use journal_domain::collate::ru_key;
use journal_domain::diary::{week_start, AccountRefused, DiaryDenied, StudentRelation};
use journal_domain::{Action, ClassId, Role, SchoolId, StudentId};
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// A student of the caller's school with their class and the caller's relation to them.
pub(crate) struct Target {
    pub(crate) student: StudentRecord,
    pub(crate) class: Option<roster::Class>,
    /// The caller's guardian record linking them to the student, if they are a guardian of it.
    pub(crate) guardian_id: Option<String>,
    pub(crate) groups: Vec<MemberRow>,
}

impl From<DiaryDenied> for ApiError {
    fn from(d: DiaryDenied) -> Self {
        match d {
            DiaryDenied::Unrelated => ApiError::not_found(),
            DiaryDenied::ConsentRefused => ApiError::forbidden(
                ErrorCode::ConsentRefused,
                "the processing of this guardian's personal data was refused: the school gives a printed extract instead",
            ),
        }
    }
}

impl From<AccountRefused> for ApiError {
    fn from(r: AccountRefused) -> Self {
        match r {
            AccountRefused::NoConsent => {
                ApiError::conflict(ErrorCode::ConsentMissing, r.to_string())
            }
            AccountRefused::ConsentRefused => {
                ApiError::conflict(ErrorCode::ConsentRefused, r.to_string())
            }
            AccountRefused::TooYoung => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::TooYoung,
                r.to_string(),
            ),
        }
    }
}

pub(crate) fn my_student(
    s: &StudentRecord,
    class: Option<&roster::Class>,
) -> Result<MyStudent, ApiError> {
    Ok(MyStudent {
        id: uuid_of(&s.id)?,
        name: format!("{} {}", s.last_name, s.first_name),
        class_id: class.map(|c| uuid_of(&c.id)).transpose()?,
        class_name: class.map(roster::Class::name).unwrap_or_default(),
    })
}

/// The students the caller reads as family: a guardian's linked children, a student themselves
/// (for `GET /me`).
pub(crate) fn my_students(
    conn: &mut DbConnection,
    session: &Session,
) -> Result<Vec<MyStudent>, ApiError> {
    let c = &session.caller;
    let me = c.user_id.to_string();
    let mut ids: Vec<String> = Vec::new();
    if c.has(Role::Guardian) {
        ids.extend(
            ddb::children_of_user(conn, c.school_id, &me)?
                .into_iter()
                .map(|(s, _)| s),
        );
    }
    if c.has(Role::Student) {
        ids.extend(ddb::student_of_user(conn, c.school_id, &me)?);
    }
    ids.sort();
    ids.dedup();
    let mut out = Vec::new();
    for id in ids {
        let Some(s) = store::find_student(conn, c.school_id, StudentId(uuid_of(&id)?))? else {
            continue;
        };
        if s.status != "active" {
            continue;
        }
        let class = match &s.class_id {
            Some(cl) => store::find_class(conn, c.school_id, ClassId(uuid_of(cl)?))?,
            None => None,
        };
        out.push(my_student(&s, class.as_ref())?);
    }
    out.sort_by_cached_key(|s| ru_key(&s.name));
    Ok(out)
}

/// The student and the caller's relation; refuses as the diary rules say.
pub(crate) fn target(
    conn: &mut DbConnection,
    session: &Session,
    id: Uuid,
    for_acknowledgement: bool,
) -> Result<Target, ApiError> {
    let c = &session.caller;
    let school = c.school_id;
    let me = c.user_id.to_string();
    let student =
        store::find_student(conn, school, StudentId(id))?.ok_or_else(ApiError::not_found)?;
    let class = match &student.class_id {
        Some(cl) => store::find_class(conn, school, ClassId(uuid_of(cl)?))?,
        None => None,
    };
    let groups: Vec<MemberRow> = match class.as_ref().and_then(|c| c.year_id.clone()) {
        Some(year) => gdb::memberships_of(conn, school, &student.id, &year)?
            .into_iter()
            .map(|(m, _)| m)
            .collect(),
        None => Vec::new(),
    };
    let guardian_id = if c.has(Role::Guardian) {
        ddb::children_of_user(conn, school, &me)?
            .into_iter()
            .find(|(s, _)| *s == student.id)
            .map(|(_, g)| g)
    } else {
        None
    };
    let guardian = match &guardian_id {
        Some(g) => Some(ddb::consent_of(conn, school, g)?),
        None => None,
    };
    let class_teacher = class
        .as_ref()
        .is_some_and(|cl| cl.class_teacher_id.as_deref() == Some(me.as_str()));
    let teaches = match (&class, c.has(Role::Teacher)) {
        (Some(cl), true) => {
            let group_ids: Vec<String> = groups.iter().map(|m| m.group_id.clone()).collect();
            ddb::teaches(conn, school, &me, &cl.id, &group_ids)?
        }
        _ => false,
    };
    let relation = StudentRelation {
        roles: &c.roles,
        is_self: student.user_id.as_deref() == Some(me.as_str()),
        guardian,
        class_teacher,
        teaches,
    };
    if for_acknowledgement {
        relation.may_acknowledge()?;
    } else {
        relation.may_read()?;
    }
    Ok(Target {
        student,
        class,
        guardian_id,
        groups,
    })
}

/// Whether the lesson of `entry` on `date` is given to a student whose diary the caller reads as
/// family (their child, or themselves): homework files are theirs to download (R-D1).
pub(crate) fn family_takes_lesson(
    conn: &mut DbConnection,
    session: &Session,
    entry: &str,
    date: NaiveDate,
) -> Result<bool, ApiError> {
    let c = &session.caller;
    if !(c.has(Role::Guardian) || c.has(Role::Student)) {
        return Ok(false);
    }
    let Some(e) = tdb::entry(conn, c.school_id, entry)? else {
        return Ok(false);
    };
    let taking: Vec<String> = tdb::lesson_students(conn, c.school_id, &e, date)?
        .into_iter()
        .map(|s| s.id)
        .collect();
    for s in my_students(conn, session)? {
        if taking.contains(&s.id.to_string()) && target(conn, session, s.id, false).is_ok() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether the student takes a lesson of `e` on `date`: a whole-class lesson, or a lesson of a
/// group they are a member of that day (R-B3).
pub(crate) fn takes(e: &EntryRow, date: NaiveDate, groups: &[MemberRow]) -> bool {
    match &e.group_id {
        None => true,
        Some(g) => groups
            .iter()
            .any(|m| &m.group_id == g && m.tenure().contains(date)),
    }
}

pub(crate) fn year_of(
    conn: &mut DbConnection,
    school: SchoolId,
    class: &roster::Class,
) -> Result<Option<YearWithCalendar>, ApiError> {
    Ok(match &class.year_id {
        Some(y) => sdb::year(conn, school, y)?,
        None => None,
    })
}

pub(crate) fn holidays_of(year: &YearWithCalendar, grade: i32) -> Vec<HolidayInput> {
    year.holidays
        .iter()
        .filter(|h| (h.grade_from..=h.grade_to).contains(&grade))
        .map(|h| HolidayInput {
            name: h.name.clone(),
            grade_from: h.grade_from.clamp(1, 11) as u8,
            grade_to: h.grade_to.clamp(1, 11) as u8,
            starts_on: h.starts_on,
            ends_on: h.ends_on,
        })
        .collect()
}

/// The acknowledgements as the API shows them; `viewer` is the caller's guardian record, if any.
pub(crate) fn acknowledgement_views(
    conn: &mut DbConnection,
    school: SchoolId,
    rows: &[AcknowledgementRow],
    viewer: Option<&str>,
) -> Result<Vec<AcknowledgementView>, ApiError> {
    let ids: Vec<String> = rows.iter().map(|a| a.guardian_id.clone()).collect();
    let names = store::guardian_names(conn, school, &ids)?;
    rows.iter()
        .map(|a| {
            Ok(AcknowledgementView {
                kind: a.kind.clone(),
                span_start: a.span_start,
                span_end: a.span_end,
                guardian_id: uuid_of(&a.guardian_id)?,
                guardian_name: names.get(&a.guardian_id).cloned().unwrap_or_default(),
                at: utc(a.acknowledged_at),
                mine: viewer == Some(a.guardian_id.as_str()),
            })
        })
        .collect()
}

/// Work type names and weights of the school.
pub(crate) fn work_type_names(
    conn: &mut DbConnection,
    school: SchoolId,
) -> Result<HashMap<String, (String, f64)>, ApiError> {
    Ok(jdb::work_types(conn, school)?
        .into_iter()
        .map(|w| {
            let weight = w.domain().weight();
            (w.code, (w.name, weight))
        })
        .collect())
}

pub(crate) fn diary_mark(m: &jdb::MarkRow, names: &HashMap<String, (String, f64)>) -> DiaryMark {
    let (name, weight) = names
        .get(&m.work_type)
        .cloned()
        .unwrap_or_else(|| (m.work_type.clone(), 1.0));
    DiaryMark {
        work_type: m.work_type.clone(),
        work_type_name: name,
        weight,
        value: m.value.clone(),
        comment: m.comment.clone(),
        given_on: m.given_on,
    }
}

pub(crate) fn build_diary(
    conn: &mut DbConnection,
    school: SchoolId,
    t: &Target,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Diary, ApiError> {
    let student = my_student(&t.student, t.class.as_ref())?;
    let mut days: Vec<DiaryDay> = Vec::new();
    let mut d = from;
    while d <= to {
        days.push(DiaryDay {
            date: d,
            holiday: None,
            lessons: Vec::new(),
        });
        d += Duration::days(1);
    }
    let acks = ddb::acknowledgements_of(
        conn,
        school,
        std::slice::from_ref(&t.student.id),
        week_start(from),
        to,
    )?;
    let acknowledgements = acknowledgement_views(conn, school, &acks, t.guardian_id.as_deref())?;
    let Some(class) = t.class.clone() else {
        return Ok(Diary {
            student,
            from,
            to,
            days,
            control_works: Vec::new(),
            holidays: Vec::new(),
            class_teacher_name: None,
            teachers: Vec::new(),
            acknowledgements,
        });
    };
    let range = Span::new(from, to);
    let mut lookup = Lookup::new(school);
    // The class's assignments name its lessons and its teachers: read once, for both.
    let class_assignments = sdb::assignments(conn, school, Some(&class.id), None)?;
    lookup.hold(&class, &class_assignments);
    let groups = t.groups.clone();
    let entries: Vec<EntryRow> = tdb::entries_in(conn, school, Some(&class.id), None, range)?
        .into_iter()
        .filter(|e| {
            e.group_id.is_none()
                || groups
                    .iter()
                    .any(|m| Some(&m.group_id) == e.group_id.as_ref())
        })
        .collect();
    let entry_ids: Vec<String> = entries.iter().map(|e| e.id.clone()).collect();
    let listed = dated_lessons(conn, &mut lookup, &entries, &[], range, Scope::Listed)?;
    let names = work_type_names(conn, school)?;
    let marks = jdb::marks_of_student(conn, school, &t.student.id, from, to)?;
    let attendance: Vec<jdb::AttendanceRow> =
        jdb::attendance_of_student(conn, school, &t.student.id, from, to)?
            .into_iter()
            .filter(|a| entry_ids.contains(&a.entry_id))
            .collect();
    let all_files = jdb::files_of_lessons(conn, &entry_ids, from, to)?;
    let by_id: HashMap<String, &EntryRow> = entries.iter().map(|e| (e.id.clone(), e)).collect();
    for Dated { lesson: l, record } in listed {
        let key = l.entry_id.to_string();
        if by_id
            .get(&key)
            .is_some_and(|e| !takes(e, l.scheduled_date, &groups))
        {
            continue;
        }
        let r = record.as_ref();
        let files = if l.is_moved_away() {
            Vec::new()
        } else {
            all_files
                .iter()
                .filter(|(entry, date, _)| *entry == key && *date == l.scheduled_date)
                .map(|(_, _, (id, name, ct, size, at))| {
                    file_view(id.clone(), name.clone(), ct.clone(), *size, *at)
                })
                .collect::<Result<_, ApiError>>()?
        };
        let (lesson_marks, absence) = if l.is_moved_away() {
            (Vec::new(), None)
        } else {
            (
                marks
                    .iter()
                    .filter(|m| m.entry_id == key && m.lesson_date == l.scheduled_date)
                    .map(|m| diary_mark(m, &names))
                    .collect(),
                attendance
                    .iter()
                    .find(|a| a.entry_id == key && a.lesson_date == l.scheduled_date)
                    .map(|a| DiaryAttendance {
                        status: a.attendance(),
                        reason: a.reason.clone(),
                    }),
            )
        };
        let lesson = DiaryLesson {
            homework_due: r.and_then(|r| r.homework_due),
            homework_note: r.and_then(|r| r.homework_note.clone()),
            files,
            marks: lesson_marks,
            attendance: absence,
            lesson: l,
        };
        if let Some(day) = days.iter_mut().find(|d| d.date == lesson.lesson.date) {
            day.lessons.push(lesson);
        }
    }
    let holidays = match &class.year_id {
        Some(y) => lookup
            .year(conn, y)?
            .map(|y| holidays_of(y, class.grade))
            .unwrap_or_default(),
        None => Vec::new(),
    };
    for day in &mut days {
        day.holiday = holidays
            .iter()
            .find(|h| (h.starts_on..=h.ends_on).contains(&day.date))
            .map(|h| h.name.clone());
    }
    // The names the rest of the diary shows, in one query per kind.
    let works = planning::control_works(conn, school, &class.id, from, to + Duration::days(28))?;
    let assignments: Vec<_> = class_assignments
        .into_iter()
        .filter(|a| {
            a.group_id
                .as_ref()
                .is_none_or(|g| groups.iter().any(|m| &m.group_id == g))
        })
        .collect();
    let mut wanted = Wanted::default();
    for w in &works {
        wanted.subject(&w.subject_id);
    }
    for a in &assignments {
        wanted.subject(&a.subject_id).person(&a.teacher_id);
    }
    if let Some(ct) = &class.class_teacher_id {
        wanted.person(ct);
    }
    lookup.load(conn, wanted)?;
    let mut control_works = Vec::new();
    for w in works {
        control_works.push(DiaryControlWork {
            date: w.work_date,
            subject_name: lookup.subject(&w.subject_id),
            title: w.title,
        });
    }
    let class_teacher_name = match &class.class_teacher_id {
        Some(ct) => Some(lookup.person(conn, ct)?),
        None => None,
    };
    let mut teachers = Vec::new();
    for a in assignments {
        let teacher = DiaryTeacher {
            teacher_id: uuid_of(&a.teacher_id)?,
            teacher_name: lookup.person(conn, &a.teacher_id)?,
            subject_name: lookup.subject(&a.subject_id),
        };
        if !teachers.contains(&teacher) {
            teachers.push(teacher);
        }
    }
    teachers
        .sort_by_cached_key(|t: &DiaryTeacher| (ru_key(&t.subject_name), ru_key(&t.teacher_name)));
    Ok(Diary {
        student,
        from,
        to,
        days,
        control_works,
        holidays,
        class_teacher_name,
        teachers,
        acknowledgements,
    })
}

pub(crate) fn period_view(p: &PeriodRow) -> Result<PagePeriod, ApiError> {
    Ok(PagePeriod {
        id: uuid_of(&p.id)?,
        kind: p.kind.clone(),
        number: p.number.clamp(0, 255) as u8,
        starts_on: p.starts_on,
        ends_on: p.ends_on,
    })
}

/// The periods of the class's grade in its year, in order.
pub(crate) fn periods_of(year: &YearWithCalendar, grade: i32) -> Vec<PeriodRow> {
    let mut out: Vec<PeriodRow> = year
        .periods
        .iter()
        .filter(|p| (p.grade_from..=p.grade_to).contains(&grade))
        .cloned()
        .collect();
    out.sort_by_key(|p| p.starts_on);
    out
}

/// The period holding `today`, else the latest one begun, else the first.
pub(crate) fn current_period(periods: &[PeriodRow], today: NaiveDate) -> Option<&PeriodRow> {
    periods
        .iter()
        .find(|p| (p.starts_on..=p.ends_on).contains(&today))
        .or_else(|| periods.iter().rev().find(|p| p.starts_on <= today))
        .or_else(|| periods.first())
}

/// Links a guardian or student record to its new account.
type LinkAccount = fn(&mut DbConnection, &str, &str) -> diesel::QueryResult<()>;

/// Whose diary account is made: the guardian or student record it is linked to.
pub(crate) struct AccountFor<'a> {
    /// `Guardian` or `Student`.
    role: Role,
    /// The guardian or student record.
    id: &'a str,
    names: (&'a str, &'a str, Option<&'a str>),
}

impl<'a> AccountFor<'a> {
    pub(crate) fn guardian(g: &'a roster::Guardian) -> Self {
        AccountFor {
            role: Role::Guardian,
            id: &g.id,
            names: (&g.last_name, &g.first_name, g.middle_name.as_deref()),
        }
    }

    pub(crate) fn student(s: &'a StudentRecord) -> Self {
        AccountFor {
            role: Role::Student,
            id: &s.id,
            names: (&s.last_name, &s.first_name, s.middle_name.as_deref()),
        }
    }
}

/// Make the account with a one-time password, link it to its record and audit it.
pub(crate) fn open_account(
    conn: &mut DbConnection,
    key: &AuditKey,
    session: &Session,
    login: &str,
    who: AccountFor,
    first_password: FirstPassword,
) -> Result<DiaryAccount, ApiError> {
    let school = session.caller.school_id;
    let role = who.role;
    let (entity, link): (&str, LinkAccount) = if role == Role::Guardian {
        ("guardian", ddb::set_guardian_user)
    } else {
        ("student", ddb::set_student_user)
    };
    let account = NewAccount {
        login: login.to_owned(),
        last_name: who.names.0.to_owned(),
        first_name: who.names.1.to_owned(),
        middle_name: who.names.2.map(str::to_owned),
        roles: vec![role],
    };
    let (user, one_time) = accounts::create(conn, school, &account, first_password)?;
    let one_time = one_time.ok_or_else(|| ApiError::internal("no one-time password"))?;
    link(conn, who.id, &user.id)?;
    let out = DiaryAccount {
        user_id: uuid_of(&user.id)?,
        login: user.login,
        one_time_password: one_time.password,
        expires_at: one_time.expires_at,
    };
    record_audit(
        conn,
        key,
        session,
        Action::EditPeople,
        (&format!("{entity}.account"), entity, who.id.to_owned()),
        None,
        Some(json!({"user_id": out.user_id, "login": out.login})),
    )?;
    Ok(out)
}
