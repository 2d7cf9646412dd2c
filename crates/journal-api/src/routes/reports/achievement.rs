//! Achievement (R-R3): the finals of a period (or of the year) per page, class and teacher —
//! counts of 5/4/3/2/Н/А, «успеваемость», «качество», СОУ, the average — and per class the
//! отличники, хорошисты, students with a single 3 or 4, and the failing students with the topics
//! they failed. The counting rules are `journal_domain::reports::achievement` (and docs/reports.md).

use super::control::{page_students, student_ref};
use super::{answer, reach_for, Named, Narrowing, PageNames};
use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::ValidQuery;
use crate::services::uuid_of;
use crate::state::AppState;
use crate::tables::{Cell, Sheet};
use actix_web::{get, web, HttpResponse};
use journal_api_types::import::FileBytes;
use journal_api_types::reports::{
    Achievement, AchievementLine, ClassAchievement, FailedSubject, FailingStudent, Figures,
    PeriodFilter, StudentSubject, TeacherAchievement,
};
use journal_api_types::{ErrorCode, Problem};
use journal_db::reports as rdb;
use journal_db::roster::Student;
use journal_db::structure::{self as sdb, Assignment};
use journal_db::timetable as tdb;
use journal_db::{journal as jdb, DbConnection};
use journal_domain::calendar::Span;
use journal_domain::collate::ru_key;
use journal_domain::marks::Scale;
use journal_domain::reports::achievement::{standing, Outcome, Standing, Standings, Tally};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Achievement of a period's (or the year's) finals (R-R3): the deputy and the director read the
/// whole school, a class teacher the classes they lead, a teacher their own pages.
#[utoipa::path(tag = "reports", security(("bearer" = [])), params(PeriodFilter),
    responses(
        (status = 200, description = "The report; with `format=csv`, `xlsx` or `pdf` the same figures as a file", content(
            (Achievement = "application/json"),
            (FileBytes = "text/csv"),
            (FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (FileBytes = "application/pdf"),
        )),
        (status = 400, description = "`invalid_query`: neither or both of `period_id` and `year_id`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: not a reader of reports, or another teacher's pages or another class", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A period, year, class or subject that is not the school's", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`export_too_large`: more lines than a printed report holds (5 000); take the XLSX", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/reports/achievement")]
pub async fn achievement_report(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<PeriodFilter>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let f = query.0;
    if f.period_id.is_some() == f.year_id.is_some() {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidQuery,
            "give either `period_id` (a period's finals) or `year_id` (the year's finals)",
        ));
    }
    let n = Narrowing {
        class: f.class_id,
        subject: f.subject_id,
        teacher: f.teacher_id,
    };
    let format = f.format;
    let today = session.today();
    let report = state.read(move |conn| build(conn, &session, &f, n)).await?;
    let named = Named {
        file: format!("achievement-{}", report.period_id.unwrap_or(report.year_id)),
        title: "Успеваемость и качество знаний".into(),
        today,
    };
    answer(&state, format, report, named, sheets).await
}

/// What the report is about: the finals' kind and period, the year, the roster day, the grades.
struct Subject {
    year: String,
    kind: &'static str,
    period: Option<String>,
    span: Span,
    grades: (i32, i32),
}

fn subject_of(
    conn: &mut DbConnection,
    session: &Session,
    f: &PeriodFilter,
) -> Result<Subject, ApiError> {
    let school = session.caller.school_id;
    if let Some(p) = f.period_id {
        let p = sdb::period(conn, school, &p.to_string())?.ok_or_else(ApiError::not_found)?;
        return Ok(Subject {
            year: p.year_id.clone(),
            kind: "period",
            period: Some(p.id.clone()),
            span: Span::new(p.starts_on, p.ends_on),
            grades: (p.grade_from, p.grade_to),
        });
    }
    let y = f.year_id.map(|y| y.to_string()).unwrap_or_default();
    let y = sdb::year(conn, school, &y)?.ok_or_else(ApiError::not_found)?;
    Ok(Subject {
        year: y.year.id.clone(),
        kind: "year",
        period: None,
        span: Span::new(y.year.starts_on, y.year.ends_on),
        grades: (0, 11),
    })
}

pub(super) fn build(
    conn: &mut DbConnection,
    session: &Session,
    f: &PeriodFilter,
    n: Narrowing,
) -> Result<Achievement, ApiError> {
    let school = session.caller.school_id;
    let about = subject_of(conn, session, f)?;
    let reach = reach_for(conn, session, &n)?;
    let all = sdb::assignments_of_year(conn, school, &about.year)?;
    let all_refs: Vec<&Assignment> = all.iter().collect();
    let names = PageNames::load(conn, session, &all_refs)?;
    let grade_of = |a: &Assignment| names.classes.get(&a.class_id).map_or(0, |c| c.grade);
    // A group page belongs to a class narrowed to when the group draws from it.
    let groups_of_class = match n.class {
        Some(c) => sdb::group_ids_of_class(conn, school, &c.to_string())?,
        None => Vec::new(),
    };
    let mut pages: Vec<&Assignment> = Vec::new();
    for a in &all {
        let g = grade_of(a);
        let in_grades = about.grades.0 <= g && g <= about.grades.1;
        let class_of_group = a
            .group_id
            .as_ref()
            .is_some_and(|g| groups_of_class.contains(g));
        if in_grades
            && n.keeps(a, class_of_group)
            && reach.sees_page(uuid_of(&a.teacher_id)?, uuid_of(&a.class_id)?)
        {
            pages.push(a);
        }
    }
    // Subjects taught without marks have no finals: out of every figure.
    let mut scales: HashMap<(String, i32), Scale> = HashMap::new();
    for g in pages.iter().map(|a| grade_of(a)).collect::<BTreeSet<_>>() {
        let subjects: Vec<String> = pages
            .iter()
            .filter(|a| grade_of(a) == g)
            .map(|a| a.subject_id.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        for (s, scale) in jdb::scales_of(conn, &subjects, g)? {
            scales.insert((s, g), scale);
        }
    }
    let scale_of = |a: &Assignment| {
        scales
            .get(&(a.subject_id.clone(), grade_of(a)))
            .copied()
            .unwrap_or(Scale::NoMarks)
    };
    pages.retain(|a| scale_of(a) != Scale::NoMarks);
    let students = page_students(conn, session, &pages, about.span.ends_on)?;
    // The final in force per student and subject: the latest (R-F4); a deferred one has no value.
    let mut finals: HashMap<(String, String), Option<String>> = HashMap::new();
    for r in rdb::finals_of(
        conn,
        school,
        &about.year,
        about.kind,
        about.period.as_deref(),
    )? {
        finals.insert((r.student_id, r.subject_id), r.value);
    }
    let outcome = |a: &Assignment, s: &Student| -> Option<Outcome> {
        finals
            .get(&(s.id.clone(), a.subject_id.clone()))
            .cloned()
            .flatten()
            .and_then(|v| Outcome::of(scale_of(a), &v))
    };
    let mut lines = Vec::new();
    let mut total = Tally::default();
    let mut by_teacher: BTreeMap<String, Tally> = BTreeMap::new();
    for a in &pages {
        let roster = students.get(&a.id).map(Vec::as_slice).unwrap_or_default();
        let tally = Tally::of(roster.iter().map(|s| outcome(a, s)));
        total.add(&tally);
        by_teacher
            .entry(a.teacher_id.clone())
            .or_default()
            .add(&tally);
        lines.push(AchievementLine {
            page: names.page(a)?,
            figures: Figures::of(&tally),
            tally,
        });
    }
    lines.sort_by_cached_key(|l| names.order_key(&l.page));
    let classes = class_lines(
        conn, session, &about, &names, &pages, &students, &outcome, &reach,
    )?;
    let mut teachers = Vec::new();
    for (t, tally) in by_teacher {
        teachers.push(TeacherAchievement {
            teacher: names.teacher(&t)?,
            figures: Figures::of(&tally),
            tally,
        });
    }
    teachers.sort_by_cached_key(|t| ru_key(&t.teacher.teacher_name));
    Ok(Achievement {
        period_id: about.period.as_deref().map(uuid_of).transpose()?,
        year_id: uuid_of(&about.year)?,
        roster_on: about.span.ends_on,
        pages: lines,
        classes,
        teachers,
        total_figures: Figures::of(&total),
        total,
    })
}

/// The classes' figures over their students, with the lists a class teacher works on.
#[allow(clippy::too_many_arguments)]
fn class_lines(
    conn: &mut DbConnection,
    session: &Session,
    about: &Subject,
    names: &PageNames,
    pages: &[&Assignment],
    students: &HashMap<String, Vec<Student>>,
    outcome: &dyn Fn(&Assignment, &Student) -> Option<Outcome>,
    reach: &journal_domain::reports::Reach,
) -> Result<Vec<ClassAchievement>, ApiError> {
    let subject_name =
        |a: &Assignment| -> Result<String, ApiError> { Ok(names.page(a)?.subject_name) };
    // Each class's roster is that of any of its whole-class pages.
    let mut rosters: BTreeMap<String, &Vec<Student>> = BTreeMap::new();
    for a in pages.iter().filter(|a| a.group_id.is_none()) {
        if reach.sees_class(uuid_of(&a.class_id)?) {
            if let Some(list) = students.get(&a.id) {
                rosters.entry(a.class_id.clone()).or_insert(list);
            }
        }
    }
    // Every student's outcomes over the pages they are on (the class's and their groups').
    let mut per_student: HashMap<&str, Vec<(&Assignment, Option<Outcome>)>> = HashMap::new();
    for a in pages {
        for s in students.get(&a.id).map(Vec::as_slice).unwrap_or_default() {
            per_student
                .entry(s.id.as_str())
                .or_default()
                .push((a, outcome(a, s)));
        }
    }
    let failing_ids: Vec<String> = per_student
        .iter()
        .filter(|(_, o)| o.iter().any(|(_, o)| o.is_some_and(Outcome::fails)))
        .map(|(id, _)| (*id).to_owned())
        .collect();
    let topics = failed_topics(conn, session, about.span, &failing_ids)?;
    let mut out = Vec::new();
    for (class, roster) in rosters {
        let mut tally = Tally::default();
        let mut standings = Standings::default();
        let mut line = ClassAchievement {
            class_id: uuid_of(&class)?,
            class_name: names.class_name(&class),
            tally: Tally::default(),
            figures: Figures::default(),
            standings: Standings::default(),
            success: None,
            quality: None,
            excellent: Vec::new(),
            good: Vec::new(),
            single_three: Vec::new(),
            single_four: Vec::new(),
            failing: Vec::new(),
        };
        for s in roster {
            let mine = per_student
                .get(s.id.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            let outcomes: Vec<Option<Outcome>> = mine.iter().map(|(_, o)| *o).collect();
            for o in &outcomes {
                tally.count(*o);
            }
            let st = standing(&outcomes);
            standings.count(&st);
            let who = student_ref(s)?;
            match st.standing {
                Standing::Excellent => line.excellent.push(who.clone()),
                Standing::Good => line.good.push(who.clone()),
                Standing::Failing => {
                    let mut subjects = Vec::new();
                    for (a, o) in mine.iter().filter(|(_, o)| o.is_some_and(Outcome::fails)) {
                        subjects.push(FailedSubject {
                            subject_name: subject_name(a)?,
                            value: failing_value(*o),
                            topics: topics
                                .get(&(s.id.clone(), a.subject_id.clone()))
                                .cloned()
                                .unwrap_or_default(),
                        });
                    }
                    line.failing.push(FailingStudent {
                        student: who.clone(),
                        subjects,
                    });
                }
                Standing::Satisfactory | Standing::NotCounted => {}
            }
            if let Some(i) = st.single_three {
                line.single_three.push(StudentSubject {
                    student: who.clone(),
                    subject_name: subject_name(mine[i].0)?,
                });
            }
            if let Some(i) = st.single_four {
                line.single_four.push(StudentSubject {
                    student: who,
                    subject_name: subject_name(mine[i].0)?,
                });
            }
        }
        line.figures = Figures::of(&tally);
        line.tally = tally;
        line.success = standings.success();
        line.quality = standings.quality();
        line.standings = standings;
        out.push(line);
    }
    out.sort_by_cached_key(|c| {
        let grade = names
            .classes
            .get(&c.class_id.to_string())
            .map_or(0, |x| x.grade);
        (grade, ru_key(&c.class_name))
    });
    Ok(out)
}

/// The stored value of a failing outcome, for the list: `2`, `1`, `fail`, `na`.
fn failing_value(o: Option<Outcome>) -> String {
    match o {
        Some(Outcome::Points(p)) => p.to_string(),
        Some(Outcome::Fail) => "fail".into(),
        Some(Outcome::NotAttested) => journal_domain::marks::NOT_ATTESTED.into(),
        _ => String::new(),
    }
}

/// The topics of the lessons each failing student got a 2 (or 1) in, per (student, subject):
/// three queries whatever their number.
fn failed_topics(
    conn: &mut DbConnection,
    session: &Session,
    span: Span,
    students: &[String],
) -> Result<HashMap<(String, String), Vec<String>>, ApiError> {
    let school = session.caller.school_id;
    let marks = rdb::failing_marks(conn, school, students, span)?;
    if marks.is_empty() {
        return Ok(HashMap::new());
    }
    let entry_ids: Vec<String> = marks
        .iter()
        .map(|m| m.0.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let entries: HashMap<String, String> = tdb::entries_among(conn, school, &entry_ids)?
        .into_iter()
        .map(|e| (e.id, e.assignment_id))
        .collect();
    let assignment_ids: Vec<String> = entries
        .values()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let subjects: HashMap<String, String> =
        journal_db::names::assignments(conn, school, &assignment_ids)?
            .into_iter()
            .map(|a| (a.id, a.subject_id))
            .collect();
    let topics: HashMap<(String, chrono::NaiveDate), String> =
        tdb::records_of(conn, &entry_ids, span.starts_on, span.ends_on)?
            .into_iter()
            .filter_map(|r| Some(((r.entry_id, r.lesson_date), r.topic?)))
            .collect();
    let mut out: HashMap<(String, String), Vec<String>> = HashMap::new();
    for (entry, date, student) in marks {
        let Some(subject) = entries.get(&entry).and_then(|a| subjects.get(a)) else {
            continue;
        };
        if let Some(t) = topics.get(&(entry.clone(), date)) {
            let list = out.entry((student, subject.clone())).or_default();
            if !list.contains(t) {
                list.push(t.clone());
            }
        }
    }
    Ok(out)
}

pub(super) fn tally_cells(t: &Tally, f: &Figures) -> Vec<Cell> {
    vec![
        t.counted().into(),
        t.fives.into(),
        t.fours.into(),
        t.threes.into(),
        t.twos.into(),
        t.not_attested.into(),
        t.passes.into(),
        t.fails.into(),
        Cell::figure(f.success),
        Cell::figure(f.quality),
        Cell::figure(f.sou),
        Cell::figure(f.average),
    ]
}

pub(super) const TALLY_HEADER: [&str; 12] = [
    "Учеников",
    "«5»",
    "«4»",
    "«3»",
    "«2»",
    "Н/А",
    "Зачёт",
    "Незачёт",
    "Успеваемость, %",
    "Качество, %",
    "СОУ, %",
    "Средний балл",
];

/// The report's tables: pages, classes (with their lists), teachers.
pub(crate) fn sheets(r: &Achievement) -> Vec<Sheet> {
    let header = |first: &[&str], last: &[&str]| -> Vec<String> {
        first
            .iter()
            .chain(TALLY_HEADER.iter())
            .chain(last.iter())
            .map(|s| (*s).to_owned())
            .collect()
    };
    let names = |v: &[journal_api_types::reports::StudentRef]| {
        v.iter()
            .map(|s| s.name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let with_subject = |v: &[StudentSubject]| {
        v.iter()
            .map(|s| format!("{} ({})", s.student.name, s.subject_name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let pages = Sheet {
        name: "Предметы".into(),
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
                row.extend(tally_cells(&l.tally, &l.figures));
                row
            })
            .collect(),
    };
    let classes = Sheet {
        name: "Классы".into(),
        header: [
            "Класс",
            "Учеников",
            "Отличники",
            "Хорошисты",
            "Успевают",
            "Не успевают",
            "Успеваемость, %",
            "Качество, %",
            "СОУ, %",
            "Средний балл",
            "Отличники (имена)",
            "Хорошисты (имена)",
            "С одной «3»",
            "С одной «4»",
            "Не успевают (предметы)",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: r
            .classes
            .iter()
            .map(|c| {
                let failing = c
                    .failing
                    .iter()
                    .map(|f| {
                        let subjects: Vec<String> = f
                            .subjects
                            .iter()
                            .map(|s| {
                                if s.topics.is_empty() {
                                    s.subject_name.clone()
                                } else {
                                    format!("{}: {}", s.subject_name, s.topics.join("; "))
                                }
                            })
                            .collect();
                        format!("{} — {}", f.student.name, subjects.join("; "))
                    })
                    .collect::<Vec<_>>()
                    .join(" | ");
                vec![
                    c.class_name.as_str().into(),
                    c.standings.students.into(),
                    c.standings.excellent.into(),
                    c.standings.good.into(),
                    (c.standings.students - c.standings.failing).into(),
                    c.standings.failing.into(),
                    Cell::figure(c.success),
                    Cell::figure(c.quality),
                    Cell::figure(c.figures.sou),
                    Cell::figure(c.figures.average),
                    names(&c.excellent).into(),
                    names(&c.good).into(),
                    with_subject(&c.single_three).into(),
                    with_subject(&c.single_four).into(),
                    failing.into(),
                ]
            })
            .collect(),
    };
    let teachers = Sheet {
        name: "Учителя".into(),
        header: header(&["Учитель"], &[]),
        rows: r
            .teachers
            .iter()
            .map(|t| {
                let mut row: Vec<Cell> = vec![t.teacher.teacher_name.as_str().into()];
                row.extend(tally_cells(&t.tally, &t.figures));
                row
            })
            .collect(),
    };
    vec![pages, classes, teachers]
}
