//! Attendance (R-R4): per class by month, the summary sheet per student (lessons missed by
//! reason, lateness, whole days missed), and for one student the lessons missed with their topics.
//! The counting rules are `journal_domain::reports::attendance`.

use super::control::{rosters_on, student_ref};
use super::{answer, reach_for, Named, Narrowing};
use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::ValidQuery;
use crate::services::lessons::{dated_lessons, Dated, Lookup, Scope};
use crate::services::print::span_words;
use crate::services::uuid_of;
use crate::state::AppState;
use crate::tables::{Cell, Sheet};
use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use journal_api_types::import::FileBytes;
use journal_api_types::reports::{
    Absences, AttendanceFilter, AttendanceReport, ClassAttendance, MissedLesson, MonthAbsences,
    StudentAbsences,
};
use journal_api_types::{ErrorCode, Problem};
use journal_db::reports as rdb;
use journal_db::roster::Student;
use journal_db::timetable::{self as tdb, EntryRow};
use journal_db::{names, DbConnection};
use journal_domain::calendar::Span;
use journal_domain::reports::attendance::{Day, Reason};
use journal_domain::reports::filling::is_held;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Attendance over a span (R-R4): the deputy and the director read every class, a class teacher
/// the classes they lead.
#[utoipa::path(tag = "reports", security(("bearer" = [])), params(AttendanceFilter),
    responses(
        (status = 200, description = "The report; with `format=csv`, `xlsx` or `pdf` the same figures as a file", content(
            (AttendanceReport = "application/json"),
            (FileBytes = "text/csv"),
            (FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (FileBytes = "application/pdf"),
        )),
        (status = 400, description = "`invalid_span`: `from` after `to` or more than 400 days; `invalid_query`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: not a reader of reports, or a class (or a student of a class) the caller does not lead", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A class or student that is not the school's", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`export_too_large`: more lines than a printed report holds (5 000); take the XLSX", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/reports/attendance")]
pub async fn attendance_report(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<AttendanceFilter>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let f = query.0;
    crate::input::span(f.from, f.to, 400)?;
    let format = f.format;
    let named = Named {
        file: format!("attendance-{}-{}", f.from, f.to),
        title: format!("Посещаемость, {}", span_words(f.from, f.to)),
        today: session.today(),
    };
    let report = state.read(move |conn| build(conn, &session, &f)).await?;
    answer(&state, format, report, named, sheets).await
}

fn forbidden() -> ApiError {
    ApiError::forbidden(
        ErrorCode::Forbidden,
        "attendance is read for the classes you lead",
    )
}

pub(super) fn build(
    conn: &mut DbConnection,
    session: &Session,
    f: &AttendanceFilter,
) -> Result<AttendanceReport, ApiError> {
    let school = session.caller.school_id;
    let range = Span::new(f.from, f.to);
    let today = session.today();
    // One student: their class on the span's last day decides who reads them.
    let student = match f.student_id {
        Some(id) => Some(
            rdb::students_by_ids(conn, school, &[id.to_string()])?
                .pop()
                .ok_or_else(ApiError::not_found)?,
        ),
        None => None,
    };
    let class = match (&student, f.class_id) {
        (Some(s), _) => Some(uuid_of(s.class_id.as_deref().ok_or_else(forbidden)?)?),
        (None, c) => c,
    };
    let n = Narrowing {
        class,
        subject: None,
        teacher: None,
    };
    let reach = reach_for(conn, session, &n)?;
    if class.is_some_and(|c| !reach.sees_class(c)) {
        return Err(forbidden());
    }
    let class_str = class.map(|c| c.to_string());
    let entries = tdb::entries_in(conn, school, class_str.as_deref(), None, range)?;
    let mut classes: BTreeSet<String> = BTreeSet::new();
    for e in entries.iter().filter(|e| e.group_id.is_none()) {
        if class_str.as_ref().is_none_or(|c| *c == e.class_id)
            && reach.sees_class(uuid_of(&e.class_id)?)
        {
            classes.insert(e.class_id.clone());
        }
    }
    let mut lookup = Lookup::new(school);
    let all = |_: &EntryRow| true;
    let dated = dated_lessons(conn, &mut lookup, &entries, &[], range, Scope::Where(&all))?;
    let entry_of: HashMap<&str, &EntryRow> = entries.iter().map(|e| (e.id.as_str(), e)).collect();
    let held: Vec<(&Dated, &EntryRow)> = dated
        .iter()
        .filter(|d| !d.lesson.is_moved_away())
        .filter(|d| {
            is_held(
                !d.lesson.takes_place(),
                d.lesson.date,
                today,
                d.record.as_ref().map(|r| r.conducted),
            )
        })
        .filter_map(|d| {
            entry_of
                .get(d.lesson.entry_id.to_string().as_str())
                .map(|e| (d, *e))
        })
        .collect();
    let entry_ids: Vec<String> = entries.iter().map(|e| e.id.clone()).collect();
    let marks = rdb::attendance_in(conn, school, range, Some(&entry_ids))?;
    let mut at: HashMap<(&str, NaiveDate, &str), (&str, Option<&str>)> = HashMap::new();
    for (e, d, s, status, reason) in &marks {
        at.insert(
            (e.as_str(), *d, s.as_str()),
            (status.as_str(), reason.as_deref()),
        );
    }
    // The students of each class on the span's last day.
    let class_list: Vec<String> = classes.iter().cloned().collect();
    let rosters = rosters_on(conn, school, &class_list, range.ends_on)?;
    let groups: Vec<String> = entries
        .iter()
        .filter_map(|e| e.group_id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // (group, student) → the tenures (first day, last day).
    type Tenures = HashMap<(String, String), Vec<(NaiveDate, Option<NaiveDate>)>>;
    let mut tenures: Tenures = HashMap::new();
    for m in rdb::memberships(conn, school, &groups)? {
        tenures
            .entry((m.group_id, m.student_id))
            .or_default()
            .push((m.from_date, m.to_date));
    }
    let member_on = |g: &str, s: &str, d: NaiveDate| {
        tenures.get(&(g.to_owned(), s.to_owned())).is_some_and(|t| {
            t.iter()
                .any(|(from, to)| *from <= d && to.is_none_or(|to| to >= d))
        })
    };
    let names = names::classes(conn, school, &classes.iter().cloned().collect::<Vec<_>>())?;
    let mut out = Vec::new();
    let mut missed = Vec::new();
    for c in &classes {
        let roster: &[Student] = rosters.get(c).map(Vec::as_slice).unwrap_or_default();
        // The class's held lessons by day: its own, and those of the groups its students are in.
        let its_groups: BTreeSet<&str> = tenures
            .keys()
            .filter(|(_, st)| roster.iter().any(|s| s.id == *st))
            .map(|(g, _)| g.as_str())
            .collect();
        let mut days: BTreeMap<NaiveDate, Vec<(&Dated, &EntryRow)>> = BTreeMap::new();
        for (d, e) in &held {
            let of_class = match &e.group_id {
                None => e.class_id == *c,
                Some(g) => its_groups.contains(g.as_str()),
            };
            if of_class {
                days.entry(d.lesson.date).or_default().push((d, e));
            }
        }
        let lessons_held = days
            .values()
            .flatten()
            .filter(|(_, e)| e.group_id.is_none())
            .count();
        let mut total = Absences::default();
        let mut months: BTreeMap<String, Absences> = BTreeMap::new();
        let mut students = Vec::new();
        for s in roster {
            if student.as_ref().is_some_and(|x| x.id != s.id) {
                continue;
            }
            let mut mine = Absences::default();
            for (date, lessons) in &days {
                let mut day = Day::default();
                for (d, e) in lessons {
                    let has_it = match &e.group_id {
                        None => e.class_id == *c,
                        Some(g) => member_on(g, &s.id, *date),
                    };
                    if !has_it {
                        continue;
                    }
                    day.lessons += 1;
                    let key = (e.id.as_str(), d.lesson.scheduled_date, s.id.as_str());
                    let Some((status, reason)) = at.get(&key).copied() else {
                        continue;
                    };
                    if status == "late" {
                        day.late += 1;
                    } else {
                        day.absences.push(reason.and_then(Reason::parse));
                    }
                    if student.is_some() {
                        missed.push(MissedLesson {
                            entry_id: d.lesson.entry_id,
                            date: d.lesson.date,
                            lesson_number: d.lesson.lesson_number,
                            subject_name: d.lesson.subject_name.clone(),
                            topic: d.record.as_ref().and_then(|r| r.topic.clone()),
                            homework: d.record.as_ref().and_then(|r| r.homework.clone()),
                            status: status.to_owned(),
                            reason: reason.map(str::to_owned),
                        });
                    }
                }
                let mut one = Absences::default();
                one.day(&day);
                mine.add(&one);
                months
                    .entry(date.format("%Y-%m").to_string())
                    .or_default()
                    .add(&one);
            }
            total.add(&mine);
            students.push(StudentAbsences {
                student: student_ref(s)?,
                absences: mine,
            });
        }
        let class_row = names.iter().find(|x| x.id == *c);
        out.push(ClassAttendance {
            class_id: uuid_of(c)?,
            class_name: class_row
                .map(journal_db::roster::Class::name)
                .unwrap_or_default(),
            lessons_held: u32::try_from(lessons_held).unwrap_or(u32::MAX),
            total,
            months: months
                .into_iter()
                .map(|(month, absences)| MonthAbsences { month, absences })
                .collect(),
            students,
        });
    }
    let grade = |id: &uuid::Uuid| {
        names
            .iter()
            .find(|c| c.id == id.to_string())
            .map_or(0, |c| c.grade)
    };
    out.sort_by_cached_key(|c| {
        (
            grade(&c.class_id),
            journal_domain::collate::ru_key(&c.class_name),
        )
    });
    Ok(AttendanceReport {
        from: range.starts_on,
        to: range.ends_on,
        classes: out,
        student: student.as_ref().map(student_ref).transpose()?,
        missed,
    })
}

fn absence_cells(a: &Absences) -> Vec<Cell> {
    vec![
        a.lessons_missed.into(),
        a.illness.into(),
        a.excused.into(),
        a.unexcused.into(),
        a.without_reason.into(),
        a.late.into(),
        a.days_missed.into(),
    ]
}

const ABSENCE_HEADER: [&str; 7] = [
    "Пропущено уроков",
    "По болезни",
    "По уважительной причине",
    "Без уважительной причины",
    "Причина не указана",
    "Опозданий",
    "Пропущено дней",
];

/// The report's tables: the summary sheet per student, the classes by month, the missed lessons.
pub(crate) fn sheets(r: &AttendanceReport) -> Vec<Sheet> {
    let header = |first: &[&str]| -> Vec<String> {
        first
            .iter()
            .chain(ABSENCE_HEADER.iter())
            .map(|s| (*s).to_owned())
            .collect()
    };
    let mut summary = Vec::new();
    let mut months = Vec::new();
    for c in &r.classes {
        for s in &c.students {
            let mut row: Vec<Cell> =
                vec![c.class_name.as_str().into(), s.student.name.as_str().into()];
            row.extend(absence_cells(&s.absences));
            summary.push(row);
        }
        let mut row: Vec<Cell> = vec![c.class_name.as_str().into(), "Итого".into()];
        row.extend(absence_cells(&c.total));
        summary.push(row);
        for m in &c.months {
            let mut row: Vec<Cell> = vec![c.class_name.as_str().into(), m.month.as_str().into()];
            row.extend(absence_cells(&m.absences));
            months.push(row);
        }
    }
    let mut out = vec![
        Sheet {
            name: "Сводная ведомость".into(),
            header: header(&["Класс", "Ученик"]),
            rows: summary,
        },
        Sheet {
            name: "По месяцам".into(),
            header: header(&["Класс", "Месяц"]),
            rows: months,
        },
    ];
    if let Some(s) = &r.student {
        out.push(Sheet {
            name: "Пропущенные уроки".into(),
            header: [
                "Ученик",
                "Дата",
                "Урок",
                "Предмет",
                "Тема",
                "Домашнее задание",
                "Отметка",
                "Причина",
            ]
            .map(str::to_owned)
            .to_vec(),
            rows: r
                .missed
                .iter()
                .map(|m| {
                    vec![
                        s.name.as_str().into(),
                        m.date.format("%d.%m.%Y").to_string().into(),
                        u32::from(m.lesson_number).into(),
                        m.subject_name.as_str().into(),
                        m.topic.clone().unwrap_or_default().into(),
                        m.homework.clone().unwrap_or_default().into(),
                        (if m.status == "late" {
                            "опоздание"
                        } else {
                            "отсутствие"
                        })
                        .into(),
                        match m.reason.as_deref() {
                            Some("illness") => "по болезни",
                            Some("excused") => "по уважительной причине",
                            Some("unexcused") => "без уважительной причины",
                            _ => "",
                        }
                        .into(),
                    ]
                })
                .collect(),
        });
    }
    out
}
