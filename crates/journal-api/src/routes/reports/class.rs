//! The class teacher's reports (R-R7, [s003 2.6.13, 2.7.5]): the period report of a class (each
//! student's finals per subject, their average and absences, and the class results), and the
//! preliminary report before the period ends (the forecasts of R-F6 instead of finals, with the
//! students at risk flagged).

use super::control::{page_students, rosters_on, student_ref};
use super::{achievement, answer, attendance, reach_for, Named, Narrowing};
use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::ValidQuery;
use crate::services::uuid_of;
use crate::state::AppState;
use crate::tables::{Cell, Sheet};
use actix_web::{get, web, HttpResponse};
use journal_api_types::import::FileBytes;
use journal_api_types::reports::{
    Absences, AttendanceFilter, ClassReport, ClassReportKind, ClassReportQuery, ClassReportRow,
    PeriodFilter, ReportFormat, SubjectRef,
};
use journal_api_types::{ErrorCode, Problem};
use journal_db::reports as rdb;
use journal_db::structure::{self as sdb, Assignment};
use journal_db::timetable as tdb;
use journal_db::{journal as jdb, names, DbConnection};
use journal_domain::calendar::Span;
use journal_domain::collate::ru_key;
use journal_domain::marks::{forecast, Scale};
use journal_domain::reports::two_decimals;
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// A class's period report or preliminary report (R-R7): the deputy and the director read every
/// class, a class teacher the classes they lead.
#[utoipa::path(tag = "reports", security(("bearer" = [])), params(("class_id" = Uuid, Path), ClassReportQuery),
    responses(
        (status = 200, description = "The report; with `format=csv`, `xlsx` or `pdf` the same figures as a file", content(
            (ClassReport = "application/json"),
            (FileBytes = "text/csv"),
            (FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (FileBytes = "application/pdf"),
        )),
        (status = 400, description = "`invalid_query`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: a class the caller does not lead", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A class or period that is not the school's, or a period of other grades", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`export_too_large`: more lines than a printed report holds (5 000); take the XLSX", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/reports/class/{class_id}")]
pub async fn class_report(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    query: ValidQuery<ClassReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let today = session.today();
    let class = path.into_inner();
    let q = query.0;
    let format = q.format;
    let report = state
        .read(move |conn| build(conn, &session, class, &q))
        .await?;
    let (kind, title) = match report.kind {
        ClassReportKind::Period => ("period", "Отчёт классного руководителя"),
        ClassReportKind::Preliminary => (
            "preliminary",
            "Предварительный отчёт классного руководителя",
        ),
    };
    let named = Named {
        file: format!("class-{kind}-{}", report.class_name),
        title: format!("{title}, {} класс", report.class_name),
        today,
    };
    answer(&state, format, report, named, sheets).await
}

fn build(
    conn: &mut DbConnection,
    session: &Session,
    class_id: Uuid,
    q: &ClassReportQuery,
) -> Result<ClassReport, ApiError> {
    let school = session.caller.school_id;
    let n = Narrowing {
        class: Some(class_id),
        subject: None,
        teacher: None,
    };
    let reach = reach_for(conn, session, &n)?;
    if !reach.sees_class(class_id) {
        return Err(ApiError::forbidden(
            ErrorCode::Forbidden,
            "the class reports are the class teacher's and the leadership's",
        ));
    }
    let class = names::classes(conn, school, &[class_id.to_string()])?
        .pop()
        .ok_or_else(ApiError::not_found)?;
    let period = sdb::period(conn, school, &q.period_id.to_string())?
        .filter(|p| p.grade_from <= class.grade && class.grade <= p.grade_to)
        .filter(|p| class.year_id.as_deref() == Some(p.year_id.as_str()))
        .ok_or_else(ApiError::not_found)?;
    let span = Span::new(period.starts_on, period.ends_on);
    // The class's pages of the year: its own and its groups'.
    let pages = sdb::assignments_of_class_year(conn, school, &class.id, &period.year_id)?;
    let subject_ids: Vec<String> = pages
        .iter()
        .map(|a| a.subject_id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let scales = jdb::scales_of(conn, &subject_ids, class.grade)?;
    let mut subjects: Vec<(String, String)> = names::subjects(conn, school, &subject_ids)?
        .into_iter()
        .filter(|(id, _)| scales.get(id).is_some_and(|s| *s != Scale::NoMarks))
        .collect();
    subjects.sort_by_cached_key(|(_, name)| ru_key(name));
    let refs: Vec<&Assignment> = pages.iter().collect();
    let on_page = page_students(conn, session, &refs, span.ends_on)?;
    let roster = rosters_on(conn, school, std::slice::from_ref(&class.id), span.ends_on)?
        .remove(&class.id)
        .unwrap_or_default();
    // Which subjects each student studies (the class's pages and their groups').
    let studies = |student: &str, subject: &str| {
        pages.iter().any(|a| {
            a.subject_id == subject
                && on_page
                    .get(&a.id)
                    .is_some_and(|l| l.iter().any(|s| s.id == student))
        })
    };
    let values: Values = match q.kind {
        ClassReportKind::Period => {
            rdb::finals_of(conn, school, &period.year_id, "period", Some(&period.id))?
                .into_iter()
                .map(|f| ((f.student_id, f.subject_id), (f.value, false)))
                .collect()
        }
        ClassReportKind::Preliminary => forecasts(conn, session, &class.id, span, &pages, &scales)?,
    };
    let today = session.today();
    let absences: HashMap<String, Absences> = if today < span.starts_on {
        HashMap::new()
    } else {
        let filter = AttendanceFilter {
            from: span.starts_on,
            to: span.ends_on.min(today),
            class_id: Some(class_id),
            student_id: None,
            format: ReportFormat::Json,
        };
        attendance::build(conn, session, &filter)?
            .classes
            .into_iter()
            .flat_map(|c| c.students)
            .map(|s| (s.student.student_id.to_string(), s.absences))
            .collect()
    };
    let mut rows = Vec::new();
    for s in &roster {
        let mut row_values = Vec::new();
        let mut at_risk = Vec::new();
        let mut points = Vec::new();
        for (subject, _) in &subjects {
            let (value, risk) = if studies(&s.id, subject) {
                values
                    .get(&(s.id.clone(), subject.clone()))
                    .cloned()
                    .unwrap_or((None, false))
            } else {
                (None, false)
            };
            if let Some(p) = value.as_deref().and_then(|v| Scale::FivePoint.points(v)) {
                points.push(f64::from(p));
            }
            row_values.push(value);
            at_risk.push(risk);
        }
        let average = (!points.is_empty())
            .then(|| two_decimals(points.iter().sum::<f64>() / points.len() as f64));
        rows.push(ClassReportRow {
            student: student_ref(s)?,
            values: row_values,
            at_risk,
            average,
            absences: absences.get(&s.id).copied().unwrap_or_default(),
        });
    }
    let results = match q.kind {
        ClassReportKind::Preliminary => None,
        ClassReportKind::Period => {
            let filter = PeriodFilter {
                period_id: Some(q.period_id),
                year_id: None,
                class_id: Some(class_id),
                subject_id: None,
                teacher_id: None,
                format: ReportFormat::Json,
            };
            achievement::build(conn, session, &filter, n)?
                .classes
                .into_iter()
                .find(|c| c.class_id == class_id)
        }
    };
    Ok(ClassReport {
        class_id,
        class_name: class.name(),
        period_id: q.period_id,
        kind: q.kind,
        subjects: subjects
            .into_iter()
            .map(|(id, name)| -> Result<SubjectRef, ApiError> {
                Ok(SubjectRef {
                    subject_id: uuid_of(&id)?,
                    subject_name: name,
                })
            })
            .collect::<Result<_, _>>()?,
        students: rows,
        results,
    })
}

/// Per (student, subject): the value shown and whether the student is at risk.
type Values = HashMap<(String, String), (Option<String>, bool)>;

/// Each student's forecast per subject from their marks of the period so far (R-F6): the mark
/// the weighted average rounds to (or, on pass/fail scales, none) and whether they are at risk.
fn forecasts(
    conn: &mut DbConnection,
    session: &Session,
    class: &str,
    span: Span,
    pages: &[Assignment],
    scales: &HashMap<String, Scale>,
) -> Result<Values, ApiError> {
    let school = session.caller.school_id;
    let settings = jdb::settings(conn, school)?;
    let weights: HashMap<String, f64> = jdb::work_types(conn, school)?
        .iter()
        .map(|w| (w.code.clone(), w.domain().weight()))
        .collect();
    let entries = tdb::entries_in(conn, school, Some(class), None, span)?;
    let subject_of: HashMap<String, String> = entries
        .iter()
        .filter_map(|e| {
            pages
                .iter()
                .find(|a| a.id == e.assignment_id)
                .map(|a| (e.id.clone(), a.subject_id.clone()))
        })
        .collect();
    let ids: Vec<String> = subject_of.keys().cloned().collect();
    let mut marks: HashMap<(String, String), Vec<(String, f64)>> = HashMap::new();
    for m in rdb::marks_in(conn, school, span, Some(&ids))? {
        if let Some(subject) = subject_of.get(&m.entry_id) {
            let w = weights.get(&m.work_type).copied().unwrap_or(1.0);
            marks
                .entry((m.student_id, subject.clone()))
                .or_default()
                .push((m.value, w));
        }
    }
    let min_marks = usize::try_from(settings.min_marks_per_period).unwrap_or(0);
    Ok(marks
        .into_iter()
        .map(|((student, subject), list)| {
            let scale = scales.get(&subject).copied().unwrap_or(Scale::FivePoint);
            let given: Vec<(&str, f64)> = list.iter().map(|(v, w)| (v.as_str(), *w)).collect();
            let f = forecast(scale, &given, &settings.thresholds, min_marks);
            let value = f.mark.map(|m| m.to_string());
            ((student, subject), (value, !f.risks.is_empty()))
        })
        .collect())
}

/// The report's table: one line per student, then (for the period report) the class results.
pub(crate) fn sheets(r: &ClassReport) -> Vec<Sheet> {
    let mut header = vec!["Ученик".to_owned()];
    header.extend(r.subjects.iter().map(|s| s.subject_name.clone()));
    header.extend(
        [
            "Средний балл",
            "Пропущено уроков",
            "По болезни",
            "По уважительной причине",
            "Без уважительной причины",
            "Опозданий",
        ]
        .map(str::to_owned),
    );
    let rows = r
        .students
        .iter()
        .map(|s| {
            let mut row: Vec<Cell> = vec![s.student.name.as_str().into()];
            for (v, risk) in s.values.iter().zip(&s.at_risk) {
                let text = v
                    .as_deref()
                    .map(|v| journal_domain::printed::mark(v).into_owned())
                    .unwrap_or_default();
                row.push(if *risk { format!("{text}!") } else { text }.into());
            }
            row.push(Cell::figure(s.average));
            for n in [
                s.absences.lessons_missed,
                s.absences.illness,
                s.absences.excused,
                s.absences.unexcused,
                s.absences.late,
            ] {
                row.push(n.into());
            }
            row
        })
        .collect();
    let title = match r.kind {
        ClassReportKind::Period => "Отчёт за период",
        ClassReportKind::Preliminary => "Предварительный отчёт",
    };
    let mut out = vec![Sheet {
        name: title.into(),
        header,
        rows,
    }];
    if let Some(c) = &r.results {
        out.push(Sheet {
            name: "Итоги класса".into(),
            header: ["Показатель", "Значение"].map(str::to_owned).to_vec(),
            rows: vec![
                vec!["Учеников".into(), c.standings.students.into()],
                vec!["Отличники".into(), c.standings.excellent.into()],
                vec!["Хорошисты".into(), c.standings.good.into()],
                vec!["Не успевают".into(), c.standings.failing.into()],
                vec!["Успеваемость, %".into(), Cell::figure(c.success)],
                vec!["Качество, %".into(), Cell::figure(c.quality)],
                vec!["СОУ, %".into(), Cell::figure(c.figures.sou)],
                vec!["Средний балл".into(), Cell::figure(c.figures.average)],
            ],
        });
    }
    out
}
