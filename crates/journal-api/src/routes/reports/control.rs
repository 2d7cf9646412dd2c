//! Journal-keeping control (R-R1, R-J5): per page and teacher over a span, the lessons held without
//! a topic, homework or attendance, the entries made after their deadline (from the moment the
//! server stored each, in the school's time zone), the students with no mark or a single mark, and
//! each teacher's last entry. Every figure comes with the lessons or students behind it.

use super::{given_by, given_by_name, reach_for, span_report, Narrowing, PageNames};
use crate::auth::{Auth, Session};
use crate::clock;
use crate::error::ApiError;
use crate::input::ValidQuery;
use crate::services::lessons::{dated_lessons, Lookup, Scope};
use crate::services::page::person_name;
use crate::services::uuid_of;
use crate::state::AppState;
use crate::tables::{Cell, Sheet};
use actix_web::{get, web, HttpResponse};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use journal_api_types::import::FileBytes;
use journal_api_types::reports::{
    ControlLine, FamilyActivity, GapLesson, JournalControl, LessonGap, SpanFilter, StudentRef,
    TeacherControl,
};
use journal_api_types::Problem;
use journal_db::reports::{self as rdb, MarkFact, Rosters};
use journal_db::roster::Student;
use journal_db::structure::Assignment;
use journal_db::timetable::{self as tdb, EntryRow};
use journal_db::{journal as jdb, names, DbConnection};
use journal_domain::calendar::Span;
use journal_domain::collate::ru_key;
use journal_domain::marks::Scale;
use journal_domain::people::{class_on, Moved};
use journal_domain::reports::deadlines::{is_late, Entry};
use journal_domain::reports::filling::{is_held, Filling, HeldLesson};
use journal_domain::reports::Reach;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Journal-keeping control over a span (R-R1): the deputy and the director read the whole
/// school, a class teacher the pages of the classes they lead, a teacher their own pages.
#[utoipa::path(tag = "reports", security(("bearer" = [])), params(SpanFilter),
    responses(
        (status = 200, description = "The report; with `format=csv`, `xlsx` or `pdf` the same figures as a file", content(
            (JournalControl = "application/json"),
            (FileBytes = "text/csv"),
            (FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (FileBytes = "application/pdf"),
        )),
        (status = 400, description = "`invalid_span`: `from` after `to` or more than 400 days; `invalid_query`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: not a reader of reports, or another teacher's pages or another class", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A class or subject that is not the school's", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`export_too_large`: more lines than a printed report holds (5 000); take the XLSX", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/reports/journal-control")]
pub async fn journal_control(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<SpanFilter>,
) -> Result<HttpResponse, ApiError> {
    span_report(
        &state,
        auth.0,
        query.0,
        ("journal-control", "Контроль ведения журнала"),
        |c, s, r, n| build(c, s, r, n, Depth::Full),
        sheets,
    )
    .await
}

/// The pages of the span in the caller's reach that pass the narrowing, with the weekly entries of
/// their classes (a class's whole day is needed for the homework deadline).
pub(super) fn pages_in_span(
    conn: &mut DbConnection,
    session: &Session,
    range: Span,
    n: &Narrowing,
) -> Result<(Reach, Vec<Assignment>, Vec<EntryRow>), ApiError> {
    let school = session.caller.school_id;
    let reach = reach_for(conn, session, n)?;
    let class = n.class.map(|c| c.to_string());
    let entries = tdb::entries_in(conn, school, class.as_deref(), None, range)?;
    let ids: Vec<String> = entries
        .iter()
        .map(|e| e.assignment_id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut pages = Vec::new();
    for a in names::assignments(conn, school, &ids)? {
        let (teacher, class_id) = (uuid_of(&a.teacher_id)?, uuid_of(&a.class_id)?);
        if n.keeps(&a, class.is_some() && a.group_id.is_some())
            && reach.sees_page(teacher, class_id)
        {
            pages.push(a);
        }
    }
    let classes: HashSet<String> = pages
        .iter()
        .flat_map(|a| {
            entries
                .iter()
                .filter(|e| e.assignment_id == a.id)
                .map(|e| e.class_id.clone())
        })
        .collect();
    let entries = entries
        .into_iter()
        .filter(|e| classes.contains(&e.class_id))
        .collect();
    Ok((reach, pages, entries))
}

/// The students of each of `classes` on `day` (R-B5: movement is dated; `class_on`).
pub(crate) fn rosters_on(
    conn: &mut DbConnection,
    school: journal_domain::SchoolId,
    classes: &[String],
    day: NaiveDate,
) -> Result<HashMap<String, Vec<Student>>, ApiError> {
    let rosters: Rosters = rdb::rosters(conn, school, classes)?;
    let mut by_class: HashMap<String, Vec<Student>> = HashMap::new();
    for s in rosters.students.iter() {
        let moves: Vec<Moved> = rosters
            .moves_of(&s.id)
            .map(|m| Moved {
                on: m.on_date,
                from: m.from_class_id.as_deref(),
                to: m.to_class_id.as_deref(),
            })
            .collect();
        if let Some(c) = class_on(s.class_id.as_deref(), &moves, day) {
            by_class.entry(c.to_owned()).or_default().push(s.clone());
        }
    }
    for list in by_class.values_mut() {
        list.sort_by_cached_key(|s| ru_key(&person_name(s)));
    }
    Ok(by_class)
}

/// Who is on each page on `day`: a class page's students are those in the class that day, a
/// group page's the group's members that day (R-B3, R-B5).
pub(crate) fn page_students(
    conn: &mut DbConnection,
    session: &Session,
    pages: &[&Assignment],
    day: NaiveDate,
) -> Result<HashMap<String, Vec<Student>>, ApiError> {
    let school = session.caller.school_id;
    let classes: Vec<String> = pages
        .iter()
        .filter(|a| a.group_id.is_none())
        .map(|a| a.class_id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let by_class = rosters_on(conn, school, &classes, day)?;
    let groups: Vec<String> = pages
        .iter()
        .filter_map(|a| a.group_id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let members: Vec<(String, String)> = rdb::memberships(conn, school, &groups)?
        .into_iter()
        .filter(|m| m.from_date <= day && m.to_date.is_none_or(|t| t >= day))
        .map(|m| (m.group_id, m.student_id))
        .collect();
    let known: HashMap<&str, &Student> = by_class
        .values()
        .flatten()
        .map(|s| (s.id.as_str(), s))
        .collect();
    let unknown: Vec<String> = members
        .iter()
        .map(|(_, s)| s.clone())
        .filter(|id| !known.contains_key(id.as_str()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let others = rdb::students_by_ids(conn, school, &unknown)?;
    let student = |id: &str| {
        known
            .get(id)
            .copied()
            .or_else(|| others.iter().find(|s| s.id == id))
    };
    let mut out = HashMap::new();
    for a in pages {
        let list: Vec<Student> = match &a.group_id {
            None => by_class.get(&a.class_id).cloned().unwrap_or_default(),
            Some(g) => {
                let mut list: Vec<Student> = members
                    .iter()
                    .filter(|(group, _)| group == g)
                    .filter_map(|(_, s)| student(s).cloned())
                    .collect();
                list.sort_by_cached_key(|s| ru_key(&person_name(s)));
                list.dedup_by(|a, b| a.id == b.id);
                list
            }
        };
        out.insert(a.id.clone(), list);
    }
    Ok(out)
}

pub(crate) fn student_ref(s: &Student) -> Result<StudentRef, ApiError> {
    Ok(StudentRef {
        student_id: uuid_of(&s.id)?,
        name: format!("{} {}", s.last_name, s.first_name),
    })
}

/// The time a stored UTC moment shows on the school's clock.
fn local(session: &Session, at: NaiveDateTime) -> NaiveDateTime {
    session.zone.from_utc_datetime(&at).naive_local()
}

/// What a control report reads beyond the lessons: the full report, or the glance of the home
/// screen (no rosters, mark shares, last entries or families).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Depth {
    Full,
    Glance,
}

pub(super) fn build(
    conn: &mut DbConnection,
    session: &Session,
    range: Span,
    n: Narrowing,
    depth: Depth,
) -> Result<JournalControl, ApiError> {
    let school = session.caller.school_id;
    let today = session.today();
    let (reach, pages, entries) = pages_in_span(conn, session, range, &n)?;
    let page_ids: HashSet<&str> = pages.iter().map(|a| a.id.as_str()).collect();
    let entry_of: HashMap<&str, &EntryRow> = entries.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut lookup = Lookup::new(school);
    let in_scope = |e: &EntryRow| entry_of.contains_key(e.id.as_str());
    let dated = dated_lessons(
        conn,
        &mut lookup,
        &entries,
        &[],
        range,
        Scope::Where(&in_scope),
    )?;
    // When each class's lessons end on a day: the homework deadline runs from there (R-J5).
    let mut day_ends: HashMap<(uuid::Uuid, NaiveDate), NaiveTime> = HashMap::new();
    for d in dated.iter().filter(|d| d.lesson.takes_place()) {
        if let Some(end) = d
            .lesson
            .ends_at
            .as_deref()
            .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok())
        {
            let slot = day_ends
                .entry((d.lesson.class_id, d.lesson.date))
                .or_insert(end);
            *slot = (*slot).max(end);
        }
    }
    let checks: HashSet<(String, NaiveDate)> = rdb::attendance_checks_in(conn, school, range)?
        .into_iter()
        .collect();
    let page_entries: Vec<String> = entries
        .iter()
        .filter(|e| page_ids.contains(e.assignment_id.as_str()))
        .map(|e| e.id.clone())
        .collect();
    // Unnarrowed, the leadership's report reads the school's marks by day alone.
    let narrowed =
        !reach.whole_school() || n.class.is_some() || n.subject.is_some() || n.teacher.is_some();
    let marks: Vec<MarkFact> = rdb::marks_in(
        conn,
        school,
        range,
        narrowed.then_some(page_entries.as_slice()),
    )?;
    let mut marks_at: HashMap<(&str, NaiveDate), Vec<&MarkFact>> = HashMap::new();
    let mut mark_counts: HashMap<(&str, &str), usize> = HashMap::new();
    for m in &marks {
        let Some(e) = entry_of.get(m.entry_id.as_str()) else {
            continue;
        };
        marks_at
            .entry((m.entry_id.as_str(), m.lesson_date))
            .or_default()
            .push(m);
        *mark_counts
            .entry((e.assignment_id.as_str(), m.student_id.as_str()))
            .or_default() += 1;
    }
    let mut per_page: HashMap<&str, (Filling, Vec<GapLesson>)> = HashMap::new();
    for d in &dated {
        let l = &d.lesson;
        let Some(e) = entry_of.get(l.entry_id.to_string().as_str()).copied() else {
            continue;
        };
        if !page_ids.contains(e.assignment_id.as_str()) || l.is_moved_away() {
            continue;
        }
        let record = d.record.as_ref();
        if !is_held(!l.takes_place(), l.date, today, record.map(|r| r.conducted)) {
            continue;
        }
        let held = HeldLesson {
            has_topic: record.is_some_and(|r| r.topic.is_some()),
            has_homework: record.is_some_and(|r| r.homework.is_some()),
            attendance_taken: checks.contains(&(e.id.clone(), l.scheduled_date)),
        };
        let (filling, lessons) = per_page.entry(e.assignment_id.as_str()).or_default();
        filling.lesson(held);
        let mut gaps = Vec::new();
        if !held.has_topic {
            gaps.push(LessonGap::NoTopic);
        }
        if !held.has_homework {
            gaps.push(LessonGap::NoHomework);
        }
        if !held.attendance_taken {
            gaps.push(LessonGap::NoAttendance);
        }
        let late = |kind: Entry, at: NaiveDateTime| {
            let end = day_ends.get(&(l.class_id, l.date)).copied();
            is_late(kind, l.date, end, local(session, at))
        };
        if record
            .and_then(|r| r.topic_entered_at)
            .is_some_and(|at| late(Entry::Topic, at))
        {
            filling.late_topics += 1;
            gaps.push(LessonGap::LateTopic);
        }
        if record
            .and_then(|r| r.homework_entered_at)
            .is_some_and(|at| late(Entry::Homework, at))
        {
            filling.late_homework += 1;
            gaps.push(LessonGap::LateHomework);
        }
        let late_marks = marks_at
            .get(&(e.id.as_str(), l.scheduled_date))
            .map_or(0, |ms| {
                ms.iter()
                    .filter(|m| late(Entry::mark_of(&m.work_type), m.entered_at))
                    .count()
            });
        if late_marks > 0 {
            filling.late_marks += u32::try_from(late_marks).unwrap_or(u32::MAX);
            gaps.push(LessonGap::LateMarks);
        }
        if !gaps.is_empty() {
            lessons.push(GapLesson {
                entry_id: l.entry_id,
                date: l.date,
                lesson_number: l.lesson_number,
                teacher_id: given_by(l),
                teacher_name: given_by_name(l),
                gaps,
            });
        }
    }
    let page_refs: Vec<&Assignment> = pages.iter().collect();
    let names = PageNames::load(conn, session, &page_refs)?;
    let students = match depth {
        Depth::Full => page_students(conn, session, &page_refs, range.ends_on)?,
        Depth::Glance => HashMap::new(),
    };
    let mut scales: HashMap<(String, i32), Scale> = HashMap::new();
    let grades: BTreeSet<i32> = names.classes.values().map(|c| c.grade).collect();
    for g in grades {
        let subjects: Vec<String> = pages
            .iter()
            .filter(|a| names.classes.get(&a.class_id).is_some_and(|c| c.grade == g))
            .map(|a| a.subject_id.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        for (s, scale) in jdb::scales_of(conn, &subjects, g)? {
            scales.insert((s, g), scale);
        }
    }
    let mut lines = Vec::new();
    for a in &pages {
        let (mut filling, lessons) = per_page.remove(a.id.as_str()).unwrap_or_default();
        let grade = names.classes.get(&a.class_id).map_or(0, |c| c.grade);
        let with_marks = scales
            .get(&(a.subject_id.clone(), grade))
            .is_some_and(|s| *s != Scale::NoMarks);
        let roster = students.get(&a.id).map(Vec::as_slice).unwrap_or_default();
        let count = |s: &Student| {
            mark_counts
                .get(&(a.id.as_str(), s.id.as_str()))
                .copied()
                .unwrap_or(0)
        };
        let (mut none, mut one) = (Vec::new(), Vec::new());
        if with_marks && depth == Depth::Full {
            filling.marks_per_student(roster.iter().map(count));
            for s in roster {
                match count(s) {
                    0 => none.push(student_ref(s)?),
                    1 => one.push(student_ref(s)?),
                    _ => {}
                }
            }
        }
        lines.push(ControlLine {
            page: names.page(a)?,
            period_id: period_at(conn, &mut lookup, a, grade, range.ends_on)?,
            with_marks,
            without_marks_share: filling.without_marks_share(),
            one_mark_share: filling.one_mark_share(),
            topics_share: filling.topics_share(),
            filling,
            lessons,
            students_without_marks: none,
            students_with_one_mark: one,
        });
    }
    lines.sort_by_cached_key(|l| names.order_key(&l.page));
    let teachers = teacher_lines(conn, session, &names, &pages, &lines, depth)?;
    let families = match depth {
        Depth::Full => family_lines(conn, session, &reach, range, &names, &pages, &students)?,
        Depth::Glance => Vec::new(),
    };
    Ok(JournalControl {
        from: range.starts_on,
        to: range.ends_on,
        today,
        pages: lines,
        teachers,
        families,
    })
}

/// Guardians' and students' activity per class the caller reads as a whole (R-R1, R-D2): who
/// signed in during the span, and which guardians acknowledged a week or a period in it.
fn family_lines(
    conn: &mut DbConnection,
    session: &Session,
    reach: &Reach,
    range: Span,
    names: &PageNames,
    pages: &[Assignment],
    students: &HashMap<String, Vec<Student>>,
) -> Result<Vec<FamilyActivity>, ApiError> {
    let school = session.caller.school_id;
    let mut rosters: BTreeMap<String, &Vec<Student>> = BTreeMap::new();
    for a in pages.iter().filter(|a| a.group_id.is_none()) {
        if let (true, Some(list)) = (reach.sees_class(uuid_of(&a.class_id)?), students.get(&a.id)) {
            rosters.entry(a.class_id.clone()).or_insert(list);
        }
    }
    let student_ids: Vec<String> = rosters
        .values()
        .flat_map(|l| l.iter().map(|s| s.id.clone()))
        .collect();
    let links = rdb::guardians_of(conn, school, &student_ids)?;
    let from = clock::day_start_utc(range.starts_on, session.zone);
    let until = clock::day_start_utc(range.ends_on + chrono::Duration::days(1), session.zone);
    let accounts: Vec<String> = rosters
        .values()
        .flat_map(|l| l.iter().filter_map(|s| s.user_id.clone()))
        .chain(links.iter().filter_map(|(_, _, u)| u.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let signed = rdb::signed_in(conn, school, &accounts, from, until)?;
    let acknowledged = rdb::acknowledging(conn, school, &student_ids, from, until)?;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let mut out = Vec::new();
    for (class, list) in rosters {
        let ids: HashSet<&str> = list.iter().map(|s| s.id.as_str()).collect();
        let guardians: BTreeMap<&str, Option<&String>> = links
            .iter()
            .filter(|(s, _, _)| ids.contains(s.as_str()))
            .map(|(_, g, u)| (g.as_str(), u.as_ref()))
            .collect();
        out.push(FamilyActivity {
            class_id: uuid_of(&class)?,
            class_name: names.class_name(&class),
            students: count(list.len()),
            students_signed_in: count(
                list.iter()
                    .filter(|s| s.user_id.as_ref().is_some_and(|u| signed.contains(u)))
                    .count(),
            ),
            guardians: count(guardians.len()),
            guardians_signed_in: count(
                guardians
                    .values()
                    .filter(|u| u.is_some_and(|u| signed.contains(u)))
                    .count(),
            ),
            guardians_acknowledged: count(
                guardians
                    .keys()
                    .filter(|g| acknowledged.contains(**g))
                    .count(),
            ),
        });
    }
    out.sort_by_cached_key(|f| {
        let grade = names
            .classes
            .get(&f.class_id.to_string())
            .map_or(0, |c| c.grade);
        (grade, ru_key(&f.class_name))
    });
    Ok(out)
}

/// The period of the page's class that `day` falls in (or the last one before it), to open the
/// page from the report.
fn period_at(
    conn: &mut DbConnection,
    lookup: &mut Lookup,
    a: &Assignment,
    grade: i32,
    day: NaiveDate,
) -> Result<Option<uuid::Uuid>, ApiError> {
    let Some(year) = lookup.year(conn, &a.year_id)? else {
        return Ok(None);
    };
    year.periods
        .iter()
        .filter(|p| p.grade_from <= grade && grade <= p.grade_to && p.starts_on <= day)
        .max_by_key(|p| p.starts_on)
        .map(|p| uuid_of(&p.id))
        .transpose()
}

/// Each teacher's pages added up, with their last journal entry.
fn teacher_lines(
    conn: &mut DbConnection,
    session: &Session,
    names: &PageNames,
    pages: &[Assignment],
    lines: &[ControlLine],
    depth: Depth,
) -> Result<Vec<TeacherControl>, ApiError> {
    let teachers: Vec<String> = pages
        .iter()
        .map(|a| a.teacher_id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let last: HashMap<String, NaiveDateTime> = match depth {
        Depth::Full => rdb::last_journal_entries(conn, session.caller.school_id, &teachers)?
            .into_iter()
            .collect(),
        Depth::Glance => HashMap::new(),
    };
    let mut out = Vec::new();
    for t in &teachers {
        let id = uuid_of(t)?;
        let mut filling = Filling::default();
        for l in lines.iter().filter(|l| l.page.teacher_id == id) {
            filling.add(&l.filling);
        }
        out.push(TeacherControl {
            teacher: names.teacher(t)?,
            without_marks_share: filling.without_marks_share(),
            one_mark_share: filling.one_mark_share(),
            topics_share: filling.topics_share(),
            filling,
            last_entry_at: last.get(t).map(|at| local(session, *at)),
        });
    }
    out.sort_by_cached_key(|t| ru_key(&t.teacher.teacher_name));
    Ok(out)
}

/// Russian words for a lesson's gap, in the files.
fn gap_words(g: LessonGap) -> &'static str {
    match g {
        LessonGap::NoTopic => "нет темы",
        LessonGap::NoHomework => "нет домашнего задания",
        LessonGap::NoAttendance => "посещаемость не отмечена",
        LessonGap::LateMarks => "отметки выставлены с опозданием",
        LessonGap::LateTopic => "тема записана с опозданием",
        LessonGap::LateHomework => "домашнее задание записано с опозданием",
    }
}

fn filling_cells(f: &Filling, shares: [Option<f64>; 3]) -> Vec<Cell> {
    let [without, one, topics] = shares;
    vec![
        f.lessons_held.into(),
        f.without_topic.into(),
        f.without_homework.into(),
        f.without_attendance.into(),
        f.late_marks.into(),
        f.late_topics.into(),
        f.late_homework.into(),
        f.students.into(),
        f.students_without_marks.into(),
        Cell::figure(without),
        f.students_with_one_mark.into(),
        Cell::figure(one),
        Cell::figure(topics),
    ]
}

const FILLING_HEADER: [&str; 13] = [
    "Уроков проведено",
    "Без темы",
    "Без домашнего задания",
    "Без отметки посещаемости",
    "Отметок с опозданием",
    "Тем с опозданием",
    "Домашних заданий с опозданием",
    "Учеников",
    "Без отметок",
    "Без отметок, %",
    "С одной отметкой",
    "С одной отметкой, %",
    "Уроков с темой, %",
];

/// The report's tables: pages, teachers, lessons with gaps.
pub(crate) fn sheets(r: &JournalControl) -> Vec<Sheet> {
    let header = |first: &[&str], last: &[&str]| -> Vec<String> {
        first
            .iter()
            .chain(FILLING_HEADER.iter())
            .chain(last.iter())
            .map(|s| (*s).to_owned())
            .collect()
    };
    let pages = Sheet {
        name: "Страницы журнала".into(),
        header: header(&["Класс", "Группа", "Предмет", "Учитель"], &[]),
        rows: r
            .pages
            .iter()
            .map(|l| {
                let mut row: Vec<Cell> = vec![
                    l.page.class_name.as_str().into(),
                    l.page.group_name.clone().unwrap_or_default().into(),
                    l.page.subject_name.as_str().into(),
                    l.page.teacher_name.as_str().into(),
                ];
                row.extend(filling_cells(
                    &l.filling,
                    [l.without_marks_share, l.one_mark_share, l.topics_share],
                ));
                row
            })
            .collect(),
    };
    let teachers = Sheet {
        name: "Учителя".into(),
        header: header(&["Учитель"], &["Последняя запись"]),
        rows: r
            .teachers
            .iter()
            .map(|t| {
                let mut row: Vec<Cell> = vec![t.teacher.teacher_name.as_str().into()];
                row.extend(filling_cells(
                    &t.filling,
                    [t.without_marks_share, t.one_mark_share, t.topics_share],
                ));
                row.push(
                    t.last_entry_at
                        .map(|at| at.format("%d.%m.%Y %H:%M").to_string())
                        .unwrap_or_default()
                        .into(),
                );
                row
            })
            .collect(),
    };
    let lessons = Sheet {
        name: "Уроки с замечаниями".into(),
        header: [
            "Класс",
            "Группа",
            "Предмет",
            "Учитель",
            "Дата",
            "Урок",
            "Что не так",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: r
            .pages
            .iter()
            .flat_map(|l| {
                l.lessons.iter().map(move |g| {
                    vec![
                        l.page.class_name.as_str().into(),
                        l.page.group_name.clone().unwrap_or_default().into(),
                        l.page.subject_name.as_str().into(),
                        l.page.teacher_name.as_str().into(),
                        g.date.format("%d.%m.%Y").to_string().into(),
                        u32::from(g.lesson_number).into(),
                        g.gaps
                            .iter()
                            .map(|x| gap_words(*x))
                            .collect::<Vec<_>>()
                            .join("; ")
                            .into(),
                    ]
                })
            })
            .collect(),
    };
    vec![pages, teachers, lessons]
}
