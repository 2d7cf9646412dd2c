//! The region's figures (R-A9, R-E4): `GET /regions` (the caller's regions) and
//! `GET /regions/{id}/aggregates` — by school, class and subject over a period, with no personal
//! data. Each school is read by the school reports' own builders (achievement, attendance, the
//! journal-keeping control) through a regional view of it (`Session::regional_view`), and only
//! their counts are kept; the region's lines are their sums (`Counts::add`). Who reads a region is
//! `journal_domain::regions::may_read` over the account's membership.

use super::achievement::{self, tally_cells, TALLY_HEADER};
use super::control::{self, Depth};
use super::{answer, attendance, Named, Narrowing};
use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::ValidQuery;
use crate::services::uuid_of;
use crate::state::AppState;
use crate::tables::{Cell, Sheet};
use actix_web::{get, web, HttpResponse};
use chrono::Datelike;
use journal_api_types::import::FileBytes;
use journal_api_types::regions::{
    AggregatesQuery, ClassAggregate, Counts, MyRegions, RegionAggregates, RegionSummary,
    SchoolAggregate, SubjectAggregate,
};
use journal_api_types::reports::{AttendanceFilter, Figures, PeriodFilter, ReportFormat, Tally};
use journal_api_types::{ErrorCode, Problem};
use journal_db::structure::{self as sdb, period_kind};
use journal_db::{regions as regdb, DbConnection};
use journal_domain::calendar::Span;
use journal_domain::collate::ru_key;
use journal_domain::regions::{may_read, PeriodChoice, RegionDenied, RegionRead};
use journal_domain::SchoolId;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// The regions the caller reads (R-A9): a region account's own; empty for anyone else.
#[utoipa::path(tag = "regions", security(("bearer" = [])),
    responses(
        (status = 200, body = MyRegions),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/regions")]
pub async fn my_regions(state: web::Data<AppState>, auth: Auth) -> Result<HttpResponse, ApiError> {
    let me = auth.0.caller.user_id.to_string();
    let regions = state
        .read(move |conn| {
            let mut out = Vec::new();
            for (region, member) in regdb::of_member(conn, &me)? {
                let schools = regdb::schools_of(conn, &region.id)?.len();
                out.push(RegionSummary {
                    region_id: uuid_of(&region.id)?,
                    name: region.name,
                    schools: u32::try_from(schools).unwrap_or(u32::MAX),
                    personal_exports: member.personal_exports,
                });
            }
            Ok(MyRegions { regions: out })
        })
        .await?;
    Ok(HttpResponse::Ok().json(regions))
}

/// The region's aggregates over a period (R-E4): by school, class and subject — students by
/// standing, finals, averages, «успеваемость», «качество», СОУ, absences and journal filling —
/// with no personal data. A region account of another region, or anyone else, gets 404.
#[utoipa::path(tag = "regions", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The region"), AggregatesQuery),
    responses(
        (status = 200, description = "The figures; with `format=csv`, `xlsx` or `pdf` the same figures as a file", content(
            (RegionAggregates = "application/json"),
            (FileBytes = "text/csv"),
            (FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (FileBytes = "application/pdf"),
        )),
        (status = 400, description = "`invalid_query`: a period that is not `quarter-1`…`quarter-4`, `trimester-1`…`trimester-3`, `half-1`, `half-2` or `year`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a region of the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`export_too_large`: more lines than a printed report holds (5 000); take the XLSX", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/regions/{id}/aggregates")]
pub async fn region_aggregates(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<Uuid>,
    query: ValidQuery<AggregatesQuery>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let region = path.into_inner().to_string();
    let q = query.0;
    let choice = PeriodChoice::parse(&q.period).ok_or_else(|| {
        ApiError::bad_request(
            ErrorCode::InvalidQuery,
            "`period` is `quarter-1`…`quarter-4`, `trimester-1`…`trimester-3`, `half-1`, `half-2` or `year`",
        )
    })?;
    let today = session.today();
    let format = q.format;
    let year = q.year;
    let report = state
        .read(move |conn| {
            let member = regdb::membership(conn, &session.caller.user_id.to_string(), &region)?;
            match may_read(member.map(|m| m.personal_exports), RegionRead::Aggregates) {
                Ok(()) => {}
                Err(RegionDenied::NotMember | RegionDenied::NotPersonal) => {
                    return Err(ApiError::not_found())
                }
            }
            let region = regdb::find(conn, &region)?.ok_or_else(ApiError::not_found)?;
            build(conn, &session, &region, year, choice)
        })
        .await?;
    let named = Named {
        file: format!("region-{year}-{}", choice.code()),
        title: format!("{}: итоги", report.region_name),
        today,
    };
    answer(&state, format, report, named, sheets).await
}

fn build(
    conn: &mut DbConnection,
    session: &Session,
    region: &regdb::Region,
    year: i32,
    choice: PeriodChoice,
) -> Result<RegionAggregates, ApiError> {
    let mut schools = Vec::new();
    let mut total = Counts::default();
    let mut subjects: BTreeMap<String, Tally> = BTreeMap::new();
    for school in regdb::schools_of(conn, &region.id)? {
        let view = session.regional_view(SchoolId(uuid_of(&school.id)?), &school.timezone);
        let line = school_figures(conn, &view, &school.name, year, choice)?;
        total.add(&line.counts);
        for s in &line.subjects {
            subjects
                .entry(s.subject_name.clone())
                .or_default()
                .add(&s.tally);
        }
        schools.push(line);
    }
    total.settle();
    Ok(RegionAggregates {
        region_id: uuid_of(&region.id)?,
        region_name: region.name.clone(),
        year,
        period: choice.code(),
        schools,
        subjects: subject_lines(subjects),
        total,
    })
}

fn subject_lines(by_name: BTreeMap<String, Tally>) -> Vec<SubjectAggregate> {
    let mut out: Vec<SubjectAggregate> = by_name
        .into_iter()
        .map(|(subject_name, tally)| SubjectAggregate {
            subject_name,
            figures: Figures::of(&tally),
            tally,
        })
        .collect();
    out.sort_by_cached_key(|s| ru_key(&s.subject_name));
    out
}

/// What one of the school's periods (or its year) is read over.
struct Target {
    filter: PeriodFilter,
    span: Span,
    grades: (i32, i32),
}

/// One school's figures: each of its periods of the chosen kind and number (one per grade range)
/// read by the school reports' builders, their counts summed per class and per subject.
fn school_figures(
    conn: &mut DbConnection,
    view: &Session,
    name: &str,
    year: i32,
    choice: PeriodChoice,
) -> Result<SchoolAggregate, ApiError> {
    let school = view.caller.school_id;
    let filter = |period_id: Option<Uuid>, year_id: Option<Uuid>| PeriodFilter {
        period_id,
        year_id,
        class_id: None,
        subject_id: None,
        teacher_id: None,
        format: ReportFormat::Json,
    };
    let mut targets = Vec::new();
    let the_year = sdb::years(conn, school)?
        .into_iter()
        .find(|y| y.starts_on.year() == year);
    if let Some(y) = &the_year {
        match choice {
            PeriodChoice::Year => targets.push(Target {
                filter: filter(None, Some(uuid_of(&y.id)?)),
                span: Span::new(y.starts_on, y.ends_on),
                grades: (0, 11),
            }),
            PeriodChoice::Period(..) => {
                let calendar = sdb::year(conn, school, &y.id)?.ok_or_else(ApiError::not_found)?;
                for p in calendar.periods {
                    if choice.is(period_kind(&p.kind), p.number) {
                        targets.push(Target {
                            filter: filter(Some(uuid_of(&p.id)?), None),
                            span: Span::new(p.starts_on, p.ends_on),
                            grades: (p.grade_from, p.grade_to),
                        });
                    }
                }
            }
        }
    }
    let classes: HashMap<String, (String, i32)> = match &the_year {
        Some(y) => sdb::classes(conn, school, Some(&y.id))?
            .into_iter()
            .map(|c| {
                let name = c.name();
                (c.id, (name, c.grade))
            })
            .collect(),
        None => HashMap::new(),
    };
    let everything = Narrowing {
        class: None,
        subject: None,
        teacher: None,
    };
    let mut by_class: BTreeMap<String, (Counts, BTreeMap<String, Tally>)> = BTreeMap::new();
    let mut counts = Counts::default();
    let mut subjects: BTreeMap<String, Tally> = BTreeMap::new();
    for t in &targets {
        let in_grades = |class: &str| {
            classes
                .get(class)
                .is_some_and(|(_, g)| t.grades.0 <= *g && *g <= t.grades.1)
        };
        let ach = achievement::build(conn, view, &t.filter, everything)?;
        counts.tally.add(&ach.total);
        for c in &ach.classes {
            let entry = by_class.entry(c.class_id.to_string()).or_default();
            entry.0.tally.add(&c.tally);
            entry.0.standings.add(&c.standings);
        }
        for l in &ach.pages {
            let entry = by_class.entry(l.page.class_id.to_string()).or_default();
            entry
                .1
                .entry(l.page.subject_name.clone())
                .or_default()
                .add(&l.tally);
            subjects
                .entry(l.page.subject_name.clone())
                .or_default()
                .add(&l.tally);
        }
        let att = attendance::build(
            conn,
            view,
            &AttendanceFilter {
                from: t.span.starts_on,
                to: t.span.ends_on,
                class_id: None,
                student_id: None,
                format: ReportFormat::Json,
            },
        )?;
        for c in att
            .classes
            .iter()
            .filter(|c| in_grades(&c.class_id.to_string()))
        {
            let entry = by_class.entry(c.class_id.to_string()).or_default();
            entry.0.lessons_held += c.lessons_held;
            entry.0.absences.add(&c.total);
        }
        let ctl = control::build(conn, view, t.span, everything, Depth::Glance)?;
        for l in ctl
            .pages
            .iter()
            .filter(|l| in_grades(&l.page.class_id.to_string()))
        {
            by_class
                .entry(l.page.class_id.to_string())
                .or_default()
                .0
                .filling
                .add(&l.filling);
        }
    }
    let mut class_lines = Vec::new();
    for (id, (mut c, subjects)) in by_class {
        let Some((class_name, grade)) = classes.get(&id).cloned() else {
            continue;
        };
        counts.standings.add(&c.standings);
        counts.lessons_held += c.lessons_held;
        counts.absences.add(&c.absences);
        counts.filling.add(&c.filling);
        c.settle();
        class_lines.push(ClassAggregate {
            class_name,
            grade,
            counts: c,
            subjects: subject_lines(subjects),
        });
    }
    class_lines.sort_by_cached_key(|c| (c.grade, ru_key(&c.class_name)));
    counts.settle();
    Ok(SchoolAggregate {
        school_id: school.0,
        school_name: name.to_owned(),
        from: targets.iter().map(|t| t.span.starts_on).min(),
        to: targets.iter().map(|t| t.span.ends_on).max(),
        counts,
        classes: class_lines,
        subjects: subject_lines(subjects),
    })
}

const COUNTS_HEADER: [&str; 14] = [
    "Учеников (по успеваемости)",
    "Отличники",
    "Хорошисты",
    "Не успевают",
    "Успеваемость учеников, %",
    "Качество учеников, %",
    "Уроков проведено",
    "Пропущено уроков",
    "По болезни",
    "По уважительной",
    "Без уважительной",
    "Опозданий",
    "Уроков без темы",
    "Уроков без посещаемости",
];

fn counts_cells(c: &Counts) -> Vec<Cell> {
    let mut row = tally_cells(&c.tally, &c.figures);
    row.extend([
        c.standings.students.into(),
        c.standings.excellent.into(),
        c.standings.good.into(),
        c.standings.failing.into(),
        Cell::figure(c.success),
        Cell::figure(c.quality),
        c.lessons_held.into(),
        c.absences.lessons_missed.into(),
        c.absences.illness.into(),
        c.absences.excused.into(),
        c.absences.unexcused.into(),
        c.absences.late.into(),
        c.filling.without_topic.into(),
        c.filling.without_attendance.into(),
    ]);
    row
}

fn header(first: &[&str], counts: bool) -> Vec<String> {
    let rest: &[&str] = if counts { &COUNTS_HEADER } else { &[] };
    first
        .iter()
        .chain(TALLY_HEADER.iter())
        .chain(rest.iter())
        .map(|s| (*s).to_owned())
        .collect()
}

/// The aggregates as tables: schools (and the region's total), classes, subjects.
pub(crate) fn sheets(r: &RegionAggregates) -> Vec<Sheet> {
    let mut schools: Vec<Vec<Cell>> = r
        .schools
        .iter()
        .map(|s| {
            let mut row: Vec<Cell> = vec![s.school_name.as_str().into()];
            row.extend(counts_cells(&s.counts));
            row
        })
        .collect();
    let mut total: Vec<Cell> = vec!["Итого".into()];
    total.extend(counts_cells(&r.total));
    schools.push(total);
    let classes = r
        .schools
        .iter()
        .flat_map(|s| {
            s.classes.iter().map(|c| {
                let mut row: Vec<Cell> =
                    vec![s.school_name.as_str().into(), c.class_name.as_str().into()];
                row.extend(counts_cells(&c.counts));
                row
            })
        })
        .collect();
    let mut subjects: Vec<Vec<Cell>> = r
        .schools
        .iter()
        .flat_map(|s| {
            s.subjects.iter().map(|l| {
                let mut row: Vec<Cell> = vec![
                    s.school_name.as_str().into(),
                    l.subject_name.as_str().into(),
                ];
                row.extend(tally_cells(&l.tally, &l.figures));
                row
            })
        })
        .collect();
    subjects.extend(r.subjects.iter().map(|l| {
        let mut row: Vec<Cell> = vec!["Итого".into(), l.subject_name.as_str().into()];
        row.extend(tally_cells(&l.tally, &l.figures));
        row
    }));
    vec![
        Sheet {
            name: "Школы".into(),
            header: header(&["Школа"], true),
            rows: schools,
        },
        Sheet {
            name: "Классы".into(),
            header: header(&["Школа", "Класс"], true),
            rows: classes,
        },
        Sheet {
            name: "Предметы".into(),
            header: header(&["Школа", "Предмет"], false),
            rows: subjects,
        },
    ]
}
