//! Control-work results (R-R9): per scheduled control work the distribution of its marks,
//! «успеваемость», «качество» and СОУ, compared across the classes of a grade that wrote it. The
//! marks counted are those of the control work type on the class's lessons of the subject that
//! day; the arithmetic is `journal_domain::reports::achievement::Tally`.

use super::control::rosters_on;
use super::{reach_for, span_report, Narrowing};
use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::ValidQuery;
use crate::services::uuid_of;
use crate::state::AppState;
use crate::tables::{Cell, Sheet};
use actix_web::{get, web, HttpResponse};
use journal_api_types::import::FileBytes;
use journal_api_types::reports::{
    ControlWorkGroup, ControlWorkResult, ControlWorksReport, Figures, SpanFilter, TeacherRef,
};
use journal_api_types::Problem;
use journal_db::reports as rdb;
use journal_db::timetable as tdb;
use journal_db::{journal as jdb, names, DbConnection};
use journal_domain::calendar::Span;
use journal_domain::collate::ru_key;
use journal_domain::marks::{Scale, CONTROL_WORK};
use journal_domain::reports::achievement::{best_of, Tally};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Control-work results over a span (R-R9): the deputy and the director read every class, a
/// class teacher their classes, a teacher the works of the subjects they teach in a class.
#[utoipa::path(tag = "reports", security(("bearer" = [])), params(SpanFilter),
    responses(
        (status = 200, description = "The report; with `format=csv`, `xlsx` or `pdf` the same figures as a file", content(
            (ControlWorksReport = "application/json"),
            (FileBytes = "text/csv"),
            (FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (FileBytes = "application/pdf"),
        )),
        (status = 400, description = "`invalid_span`: `from` after `to` or more than 400 days; `invalid_query`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: not a reader of reports, or another teacher's works or another class", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A class or subject that is not the school's", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`export_too_large`: more lines than a printed report holds (5 000); take the XLSX", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/reports/control-works")]
pub async fn control_works_report(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<SpanFilter>,
) -> Result<HttpResponse, ApiError> {
    span_report(
        &state,
        auth.0,
        query.0,
        ("control-works", "Результаты контрольных работ"),
        build,
        sheets,
    )
    .await
}

fn build(
    conn: &mut DbConnection,
    session: &Session,
    range: Span,
    n: Narrowing,
) -> Result<ControlWorksReport, ApiError> {
    let school = session.caller.school_id;
    let reach = reach_for(conn, session, &n)?;
    let class = n.class.map(|c| c.to_string());
    let mut works = rdb::control_works_in(conn, school, range, class.as_deref())?;
    if let Some(s) = n.subject {
        works.retain(|w| w.subject_id == s.to_string());
    }
    let classes: Vec<String> = works
        .iter()
        .map(|w| w.class_id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // The teacher of each class's subject decides who reads the work.
    let assignments = rdb::assignments_of_classes(conn, school, &classes)?;
    let teacher_of = |class: &str, subject: &str| {
        assignments
            .iter()
            .filter(|a| a.class_id == class && a.subject_id == subject && a.group_id.is_none())
            .max_by_key(|a| a.created_at)
            .or_else(|| {
                assignments
                    .iter()
                    .find(|a| a.class_id == class && a.subject_id == subject)
            })
            .map(|a| a.teacher_id.clone())
    };
    let mut visible = Vec::new();
    for w in works {
        let teacher = teacher_of(&w.class_id, &w.subject_id);
        let teacher_uuid = teacher.as_deref().map(uuid_of).transpose()?;
        let sees = match teacher_uuid {
            Some(t) => reach.sees_page(t, uuid_of(&w.class_id)?),
            None => reach.sees_class(uuid_of(&w.class_id)?),
        };
        if sees && n.teacher.is_none_or(|want| teacher_uuid == Some(want)) {
            visible.push((w, teacher));
        }
    }
    let class_rows: HashMap<String, journal_db::roster::Class> =
        names::classes(conn, school, &classes)?
            .into_iter()
            .map(|c| (c.id.clone(), c))
            .collect();
    let subject_ids: Vec<String> = visible
        .iter()
        .map(|(w, _)| w.subject_id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let subjects: HashMap<String, String> = names::subjects(conn, school, &subject_ids)?
        .into_iter()
        .collect();
    let teacher_ids: Vec<String> = visible
        .iter()
        .filter_map(|(_, t)| t.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let teacher_names: HashMap<String, String> =
        names::accounts(conn, &teacher_ids.iter().collect::<Vec<_>>())?
            .into_iter()
            .map(|(id, _, last, first, middle)| {
                (
                    id,
                    [Some(last), Some(first), middle]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" "),
                )
            })
            .collect();
    // The control-work marks of the span, by (class, subject, day).
    let marks = rdb::marks_of_work_type(conn, school, range, CONTROL_WORK)?;
    let entry_ids: Vec<String> = marks
        .iter()
        .map(|m| m.0.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let entries = tdb::entries_among(conn, school, &entry_ids)?;
    let assignment_ids: Vec<String> = entries
        .iter()
        .map(|e| e.assignment_id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let subject_of: HashMap<String, String> = names::assignments(conn, school, &assignment_ids)?
        .into_iter()
        .map(|a| (a.id, a.subject_id))
        .collect();
    let place: HashMap<&str, (&str, &str)> = entries
        .iter()
        .filter_map(|e| {
            subject_of
                .get(&e.assignment_id)
                .map(|s| (e.id.as_str(), (e.class_id.as_str(), s.as_str())))
        })
        .collect();
    // Each student's marks of the work, by (class, subject, day).
    type Given<'a> =
        HashMap<(&'a str, &'a str, chrono::NaiveDate), BTreeMap<&'a str, Vec<&'a str>>>;
    let mut values: Given = HashMap::new();
    for (entry, date, student, value) in &marks {
        if let Some((class, subject)) = place.get(entry.as_str()) {
            values
                .entry((class, subject, *date))
                .or_default()
                .entry(student.as_str())
                .or_default()
                .push(value.as_str());
        }
    }
    let rosters = rosters_on(conn, school, &classes, range.ends_on)?;
    let mut scales: HashMap<(String, i32), Scale> = HashMap::new();
    for g in class_rows
        .values()
        .map(|c| c.grade)
        .collect::<BTreeSet<_>>()
    {
        for (s, scale) in jdb::scales_of(conn, &subject_ids, g)? {
            scales.insert((s, g), scale);
        }
    }
    // A work compared across a grade: by subject (in Russian order), grade and title.
    type Key = (Vec<u32>, String, i32, String);
    let mut groups: BTreeMap<Key, Vec<ControlWorkResult>> = BTreeMap::new();
    for (w, teacher) in &visible {
        let Some(class) = class_rows.get(&w.class_id) else {
            continue;
        };
        let scale = scales
            .get(&(w.subject_id.clone(), class.grade))
            .copied()
            .unwrap_or(Scale::FivePoint);
        let given = values.get(&(w.class_id.as_str(), w.subject_id.as_str(), w.work_date));
        let roster = rosters
            .get(&w.class_id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut tally = Tally::of(roster.iter().map(|s| {
            given
                .and_then(|g| g.get(s.id.as_str()))
                .and_then(|v| best_of(scale, v.iter().copied()))
        }));
        // A mark of a student no longer on the roster still counts for the work.
        if let Some(g) = given {
            for (s, v) in g {
                if !roster.iter().any(|r| r.id == *s) {
                    tally.count(best_of(scale, v.iter().copied()));
                }
            }
        }
        groups
            .entry((
                ru_key(subjects.get(&w.subject_id).map_or("", String::as_str)),
                w.subject_id.clone(),
                class.grade,
                w.title.clone(),
            ))
            .or_default()
            .push(ControlWorkResult {
                control_work_id: uuid_of(&w.id)?,
                date: w.work_date,
                title: w.title.clone(),
                class_id: uuid_of(&w.class_id)?,
                class_name: class.name(),
                teacher: teacher
                    .as_ref()
                    .map(|t| -> Result<TeacherRef, ApiError> {
                        Ok(TeacherRef {
                            teacher_id: uuid_of(t)?,
                            teacher_name: teacher_names.get(t).cloned().unwrap_or_default(),
                        })
                    })
                    .transpose()?,
                students: u32::try_from(roster.len()).unwrap_or(u32::MAX),
                figures: Figures::of(&tally),
                tally,
            });
    }
    let mut out = Vec::new();
    for ((_, subject_id, grade, title), mut classes) in groups {
        classes.sort_by_cached_key(|c| ru_key(&c.class_name));
        let mut total = Tally::default();
        for c in &classes {
            total.add(&c.tally);
        }
        out.push(ControlWorkGroup {
            subject_id: uuid_of(&subject_id)?,
            subject_name: subjects.get(&subject_id).cloned().unwrap_or_default(),
            grade: u8::try_from(grade).unwrap_or(0),
            title,
            classes,
            total_figures: Figures::of(&total),
            total,
        });
    }
    Ok(ControlWorksReport {
        from: range.starts_on,
        to: range.ends_on,
        works: out,
    })
}

/// The report's table: one line per class of each work, then the work's total.
pub(crate) fn sheets(r: &ControlWorksReport) -> Vec<Sheet> {
    let mut rows = Vec::new();
    for g in &r.works {
        let line = |class: &str,
                    date: String,
                    teacher: &str,
                    students: u32,
                    t: &Tally,
                    f: &Figures|
         -> Vec<Cell> {
            vec![
                g.subject_name.as_str().into(),
                u32::from(g.grade).into(),
                g.title.as_str().into(),
                class.into(),
                date.into(),
                teacher.into(),
                students.into(),
                t.counted().into(),
                t.fives.into(),
                t.fours.into(),
                t.threes.into(),
                t.twos.into(),
                Cell::figure(f.success),
                Cell::figure(f.quality),
                Cell::figure(f.sou),
                Cell::figure(f.average),
            ]
        };
        for c in &g.classes {
            rows.push(line(
                &c.class_name,
                c.date.format("%d.%m.%Y").to_string(),
                c.teacher.as_ref().map_or("", |t| t.teacher_name.as_str()),
                c.students,
                &c.tally,
                &c.figures,
            ));
        }
        let students = g.classes.iter().map(|c| c.students).sum();
        rows.push(line(
            "Всего",
            String::new(),
            "",
            students,
            &g.total,
            &g.total_figures,
        ));
    }
    vec![Sheet {
        name: "Контрольные работы".into(),
        header: [
            "Предмет",
            "Параллель",
            "Работа",
            "Класс",
            "Дата",
            "Учитель",
            "Учеников",
            "Писали",
            "«5»",
            "«4»",
            "«3»",
            "«2»",
            "Успеваемость, %",
            "Качество, %",
            "СОУ, %",
            "Средний балл",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows,
    }]
}
