//! The control reports (R-R1, R-R3; the substitution report R-R8 is in `timetable`): read
//! endpoints with the same filters for every report, answered as JSON or, with `format=csv|xlsx`,
//! as a file of the same figures. Who reads what is `journal_domain::reports::Reach`; the counting
//! is `journal_domain::reports`; the reads are `journal_db::reports`, a few set-based queries each.

mod achievement;
mod attendance;
mod class;
mod control;
mod control_works;
mod curriculum;
mod movement;
mod overview;
mod regional;

pub use achievement::achievement_report;
pub use attendance::attendance_report;
pub use class::class_report;
pub use control::journal_control;
pub use control_works::control_works_report;
pub use curriculum::curriculum_report;
pub use movement::movement_report;
pub use overview::overview_report;
pub use regional::{my_regions, region_aggregates};

use crate::auth::Session;
use crate::error::ApiError;
use crate::services::print::span_words;
use crate::services::uuid_of;
use crate::state::AppState;
use crate::tables::{self, Sheet, CSV_MIME, PDF_MIME, XLSX_MIME};
use actix_web::http::header;
use actix_web::HttpResponse;
use journal_api_types::reports::{PageRef, ReportFormat, SpanFilter, TeacherRef};
use journal_api_types::ErrorCode;
use journal_db::roster::{self, Class};
use journal_db::schema::teaching_assignments;
use journal_db::structure::Assignment;
use journal_db::{names, DbConnection};
use journal_domain::calendar::Span;
use journal_domain::collate::ru_key;
use journal_domain::reports::Reach;
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// The narrowing a report was asked for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Narrowing {
    pub(crate) class: Option<Uuid>,
    pub(crate) subject: Option<Uuid>,
    pub(crate) teacher: Option<Uuid>,
}

impl Narrowing {
    /// Whether a page passes the narrowing.
    pub(crate) fn keeps(&self, a: &Assignment, class_of_group: bool) -> bool {
        let is = |want: Option<Uuid>, id: &str| want.is_none_or(|w| w.to_string() == id);
        (is(self.class, &a.class_id) || class_of_group)
            && is(self.subject, &a.subject_id)
            && is(self.teacher, &a.teacher_id)
    }
}

/// The caller's reach, checked against the narrowing: 403 `forbidden` when the caller reads no
/// reports or asks for another teacher's pages or another class's figures; 404 for a class or
/// subject that is not the school's (nothing of another school is revealed).
pub(crate) fn reach_for(
    conn: &mut DbConnection,
    session: &Session,
    n: &Narrowing,
) -> Result<Reach, ApiError> {
    let school = session.caller.school_id;
    if session.regional {
        return Ok(Reach::regional(&session.caller));
    }
    if let Some(c) = n.class {
        if names::classes(conn, school, &[c.to_string()])?.is_empty() {
            return Err(ApiError::not_found());
        }
    }
    if let Some(s) = n.subject {
        if names::subjects(conn, school, &[s.to_string()])?.is_empty() {
            return Err(ApiError::not_found());
        }
    }
    let led = roster::led_class_rows(conn, school, session.caller.user_id)?
        .iter()
        .map(|c| uuid_of(&c.id))
        .collect::<Result<Vec<_>, _>>()?;
    let denied = || {
        ApiError::forbidden(
            ErrorCode::Forbidden,
            "these figures are not yours to read: your own pages and the classes you lead only",
        )
    };
    let reach = Reach::of(&session.caller, led).ok_or_else(denied)?;
    let teaches_in = match n.class {
        Some(c) if !reach.whole_school() => {
            use diesel::prelude::*;
            teaching_assignments::table
                .filter(teaching_assignments::school_id.eq(school.to_string()))
                .filter(teaching_assignments::class_id.eq(c.to_string()))
                .filter(teaching_assignments::teacher_id.eq(session.caller.user_id.to_string()))
                .count()
                .get_result::<i64>(conn)?
                > 0
        }
        _ => false,
    };
    if reach.allows(n.class, n.teacher, teaches_in) {
        Ok(reach)
    } else {
        Err(denied())
    }
}

/// Who gave a lesson: the substitute of a substituted lesson, otherwise its teacher (R-T2).
pub(crate) fn given_by(l: &journal_api_types::timetable::Lesson) -> Uuid {
    substitute(l).map_or(l.teacher_id, |(id, _)| id)
}

/// The name of who gave a lesson, as [`given_by`] says who.
pub(crate) fn given_by_name(l: &journal_api_types::timetable::Lesson) -> String {
    substitute(l).map_or_else(|| l.teacher_name.clone(), |(_, name)| name)
}

fn substitute(l: &journal_api_types::timetable::Lesson) -> Option<(Uuid, String)> {
    l.change
        .as_ref()
        .filter(|c| c.kind == journal_domain::timetable::ChangeKind::Substitution)
        .and_then(|c| {
            Some((
                c.substitute_id?,
                c.substitute_name.clone().unwrap_or_default(),
            ))
        })
}

/// The names a report's pages show, read once for all of them.
pub(crate) struct PageNames {
    pub(crate) classes: HashMap<String, Class>,
    subjects: HashMap<String, String>,
    groups: HashMap<String, String>,
    teachers: HashMap<String, String>,
}

impl PageNames {
    pub(crate) fn load(
        conn: &mut DbConnection,
        session: &Session,
        pages: &[&Assignment],
    ) -> Result<Self, ApiError> {
        let school = session.caller.school_id;
        let ids = |f: &dyn Fn(&Assignment) -> Option<String>| -> Vec<String> {
            let mut v: Vec<String> = pages.iter().filter_map(|a| f(a)).collect();
            v.sort();
            v.dedup();
            v
        };
        let classes = names::classes(conn, school, &ids(&|a| Some(a.class_id.clone())))?
            .into_iter()
            .map(|c| (c.id.clone(), c))
            .collect();
        let subjects = names::subjects(conn, school, &ids(&|a| Some(a.subject_id.clone())))?
            .into_iter()
            .collect();
        let groups = names::groups(conn, school, &ids(&|a| a.group_id.clone()))?
            .into_iter()
            .collect();
        let teacher_ids = ids(&|a| Some(a.teacher_id.clone()));
        let teachers = names::accounts(conn, &teacher_ids.iter().collect::<Vec<_>>())?
            .into_iter()
            .map(|(id, _, last, first, middle)| {
                let name = match middle {
                    Some(m) => format!("{last} {first} {m}"),
                    None => format!("{last} {first}"),
                };
                (id, name)
            })
            .collect();
        Ok(Self {
            classes,
            subjects,
            groups,
            teachers,
        })
    }

    pub(crate) fn class_name(&self, id: &str) -> String {
        self.classes.get(id).map(Class::name).unwrap_or_default()
    }

    pub(crate) fn teacher(&self, id: &str) -> Result<TeacherRef, ApiError> {
        Ok(TeacherRef {
            teacher_id: uuid_of(id)?,
            teacher_name: self.teachers.get(id).cloned().unwrap_or_default(),
        })
    }

    pub(crate) fn page(&self, a: &Assignment) -> Result<PageRef, ApiError> {
        Ok(PageRef {
            assignment_id: uuid_of(&a.id)?,
            class_id: uuid_of(&a.class_id)?,
            class_name: self.class_name(&a.class_id),
            group_name: a
                .group_id
                .as_ref()
                .and_then(|g| self.groups.get(g).cloned()),
            subject_id: uuid_of(&a.subject_id)?,
            subject_name: self
                .subjects
                .get(&a.subject_id)
                .cloned()
                .unwrap_or_default(),
            teacher_id: uuid_of(&a.teacher_id)?,
            teacher_name: self
                .teachers
                .get(&a.teacher_id)
                .cloned()
                .unwrap_or_default(),
        })
    }

    /// The order pages are listed in: class (grade, letter), subject, group, teacher.
    pub(crate) fn order_key(&self, p: &PageRef) -> (i32, Vec<u32>, Vec<u32>, Vec<u32>, Vec<u32>) {
        let grade = self
            .classes
            .get(&p.class_id.to_string())
            .map_or(0, |c| c.grade);
        (
            grade,
            ru_key(&p.class_name),
            ru_key(&p.subject_name),
            ru_key(p.group_name.as_deref().unwrap_or("")),
            ru_key(&p.teacher_name),
        )
    }
}

/// What builds a report over a span, with the usual narrowing.
pub(crate) type SpanBuild<T> =
    fn(&mut DbConnection, &Session, Span, Narrowing) -> Result<T, ApiError>;

/// A report over a span narrowed by class, subject and teacher ([`SpanFilter`]): the span
/// checked (at most 400 days, else `400 invalid_span`), the report built on a read connection and
/// answered as asked, its file named `{name}-{from}-{to}`.
pub(crate) async fn span_report<T>(
    state: &AppState,
    session: Session,
    f: SpanFilter,
    (name, title): (&str, &str),
    build: SpanBuild<T>,
    sheets: fn(&T) -> Vec<Sheet>,
) -> Result<HttpResponse, ApiError>
where
    T: Serialize + Send + 'static,
{
    crate::input::span(f.from, f.to, 400)?;
    let n = Narrowing {
        class: f.class_id,
        subject: f.subject_id,
        teacher: f.teacher_id,
    };
    let range = Span::new(f.from, f.to);
    let today = session.today();
    let report = state
        .read(move |conn| build(conn, &session, range, n))
        .await?;
    let named = Named {
        file: format!("{name}-{}-{}", f.from, f.to),
        title: format!("{title}, {}", span_words(f.from, f.to)),
        today,
    };
    answer(state, f.format, report, named, sheets).await
}

/// How a report's file is named and, printed, titled. `today` is the school's date.
pub(crate) struct Named {
    pub file: String,
    pub title: String,
    pub today: chrono::NaiveDate,
}

/// A report answered as asked: JSON, or its tables (`sheets`) as a CSV, an XLSX or a PDF named
/// `named.file`, written in the heavy pool.
pub(crate) async fn answer<T>(
    state: &AppState,
    format: ReportFormat,
    report: T,
    named: Named,
    sheets: impl FnOnce(&T) -> Vec<Sheet> + Send + 'static,
) -> Result<HttpResponse, ApiError>
where
    T: Serialize + Send + 'static,
{
    if format == ReportFormat::Json {
        return Ok(HttpResponse::Ok().json(report));
    }
    let Named { file, title, today } = named;
    let (bytes, mime, ext) = state
        .guard
        .heavy
        .run(move || {
            let sheets = sheets(&report);
            Ok(match format {
                ReportFormat::Xlsx => (tables::write_report_xlsx(&sheets)?, XLSX_MIME, "xlsx"),
                ReportFormat::Pdf => (
                    tables::write_report_pdf(&title, today, &sheets)?,
                    PDF_MIME,
                    "pdf",
                ),
                _ => (tables::write_report_csv(&sheets)?, CSV_MIME, "csv"),
            })
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type(mime)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}.{ext}\""),
        ))
        .body(bytes))
}
