//! Student movement and class sizes (R-R6): each class's size the day before a span and on its
//! last day, the admissions, transfers and withdrawals between, the sizes by level of education
//! (what a school reports on 20 September), and the list of movements. The counting is
//! `journal_domain::reports::movement`.

use super::control::{rosters_on, student_ref};
use super::{answer, reach_for, Named, Narrowing};
use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::ValidQuery;
use crate::services::print::span_words;
use crate::services::uuid_of;
use crate::state::AppState;
use crate::tables::{Cell, Sheet};
use actix_web::{get, web, HttpResponse};
use chrono::Duration;
use journal_api_types::import::FileBytes;
use journal_api_types::reports::{
    ClassMovement, ClassMovementLine, LevelSize, MoveKind, MovementFilter, MovementLine,
    MovementReport,
};
use journal_api_types::Problem;
use journal_db::reports as rdb;
use journal_db::structure as sdb;
use journal_db::DbConnection;
use journal_domain::calendar::Span;
use journal_domain::collate::ru_key;
use journal_domain::reports::movement::level_of;
use std::collections::{BTreeMap, HashMap};

/// Movement and class sizes over a span (R-R6): the deputy and the director read every class, a
/// class teacher the classes they lead.
#[utoipa::path(tag = "reports", security(("bearer" = [])), params(MovementFilter),
    responses(
        (status = 200, description = "The report; with `format=csv`, `xlsx` or `pdf` the same figures as a file", content(
            (MovementReport = "application/json"),
            (FileBytes = "text/csv"),
            (FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (FileBytes = "application/pdf"),
        )),
        (status = 400, description = "`invalid_span`: `from` after `to` or more than 400 days; `invalid_query`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: not a reader of reports, or a class the caller does not lead", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A class or subject that is not the school's", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`export_too_large`: more lines than a printed report holds (5 000); take the XLSX", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/reports/movement")]
pub async fn movement_report(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<MovementFilter>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let today = session.today();
    let f = query.0;
    crate::input::span(f.from, f.to, 400)?;
    let n = Narrowing {
        class: f.class_id,
        subject: None,
        teacher: None,
    };
    let range = Span::new(f.from, f.to);
    let report = state
        .read(move |conn| build(conn, &session, range, n))
        .await?;
    let named = Named {
        file: format!("movement-{}-{}", f.from, f.to),
        title: format!("Движение учащихся, {}", span_words(f.from, f.to)),
        today,
    };
    answer(&state, f.format, report, named, sheets).await
}

fn build(
    conn: &mut DbConnection,
    session: &Session,
    range: Span,
    n: Narrowing,
) -> Result<MovementReport, ApiError> {
    let school = session.caller.school_id;
    let reach = reach_for(conn, session, &n)?;
    // The classes of the years the span touches, those the caller reads as a whole.
    let years: Vec<String> = sdb::years(conn, school)?
        .into_iter()
        .filter(|y| y.starts_on <= range.ends_on && range.starts_on <= y.ends_on)
        .map(|y| y.id)
        .collect();
    let mut classes = Vec::new();
    for c in sdb::classes(conn, school, None)? {
        let in_years = c.year_id.as_ref().is_some_and(|y| years.contains(y));
        let wanted = n.class.is_none_or(|w| w.to_string() == c.id);
        if in_years && wanted && reach.sees_class(uuid_of(&c.id)?) {
            classes.push(c);
        }
    }
    let ids: Vec<String> = classes.iter().map(|c| c.id.clone()).collect();
    let before = rosters_on(conn, school, &ids, range.starts_on - Duration::days(1))?;
    let after = rosters_on(conn, school, &ids, range.ends_on)?;
    let moves: Vec<rdb::MovementFact> = rdb::movements_in(conn, school, range)?
        .into_iter()
        .filter(|m| {
            [&m.from_class_id, &m.to_class_id]
                .iter()
                .any(|c| c.as_ref().is_some_and(|c| ids.contains(c)))
        })
        .collect();
    let size = |r: &HashMap<String, Vec<journal_db::roster::Student>>, c: &str| {
        u32::try_from(r.get(c).map_or(0, Vec::len)).unwrap_or(u32::MAX)
    };
    let mut lines = Vec::new();
    let mut total = ClassMovement::default();
    let mut levels: BTreeMap<u8, (u32, u32)> = BTreeMap::new();
    for c in &classes {
        let mut m = ClassMovement {
            at_start: size(&before, &c.id),
            at_end: size(&after, &c.id),
            ..ClassMovement::default()
        };
        for mv in &moves {
            m.count(
                &c.id,
                mv.from_class_id.as_deref(),
                mv.to_class_id.as_deref(),
            );
        }
        total.add(&m);
        let grade = u8::try_from(c.grade).unwrap_or(0);
        let level = levels.entry(level_of(grade)).or_default();
        level.0 += 1;
        level.1 += m.at_end;
        lines.push(ClassMovementLine {
            class_id: uuid_of(&c.id)?,
            class_name: c.name(),
            grade,
            movement: m,
        });
    }
    let name_of: HashMap<&str, String> =
        classes.iter().map(|c| (c.id.as_str(), c.name())).collect();
    let student_ids: Vec<String> = moves.iter().map(|m| m.student_id.clone()).collect();
    let students = rdb::students_by_ids(conn, school, &student_ids)?;
    let mut movements = Vec::new();
    for m in &moves {
        let (Some(s), Some(kind)) = (
            students.iter().find(|s| s.id == m.student_id),
            MoveKind::of(m.from_class_id.as_deref(), m.to_class_id.as_deref()),
        ) else {
            continue;
        };
        let class_name = |c: &Option<String>| {
            c.as_deref()
                .map(|c| name_of.get(c).cloned().unwrap_or_default())
        };
        movements.push(MovementLine {
            student: student_ref(s)?,
            kind,
            on_date: m.on_date,
            from_class: class_name(&m.from_class_id),
            to_class: class_name(&m.to_class_id),
            reason: m.reason.clone(),
            order_ref: m.order_ref.clone(),
        });
    }
    lines.sort_by_cached_key(|l| (l.grade, ru_key(&l.class_name)));
    Ok(MovementReport {
        from: range.starts_on,
        to: range.ends_on,
        classes: lines,
        total,
        levels: levels
            .into_iter()
            .map(|(level, (classes, students))| LevelSize {
                level,
                classes,
                students,
            })
            .collect(),
        movements,
    })
}

/// The report's tables: classes, levels, movements.
pub(crate) fn sheets(r: &MovementReport) -> Vec<Sheet> {
    let movement_cells = |m: &ClassMovement| -> Vec<Cell> {
        vec![
            m.at_start.into(),
            m.admitted.into(),
            m.transferred_in.into(),
            m.transferred_out.into(),
            m.withdrawn.into(),
            m.at_end.into(),
        ]
    };
    let mut rows: Vec<Vec<Cell>> = r
        .classes
        .iter()
        .map(|c| {
            let mut row: Vec<Cell> = vec![c.class_name.as_str().into()];
            row.extend(movement_cells(&c.movement));
            row
        })
        .collect();
    let mut total: Vec<Cell> = vec!["Итого".into()];
    total.extend(movement_cells(&r.total));
    rows.push(total);
    let level_name = |l: u8| match l {
        1 => "Начальное общее (1–4)",
        2 => "Основное общее (5–9)",
        _ => "Среднее общее (10–11)",
    };
    vec![
        Sheet {
            name: "Движение".into(),
            header: [
                "Класс",
                "На начало",
                "Прибыло",
                "Переведено в класс",
                "Переведено из класса",
                "Выбыло",
                "На конец",
            ]
            .map(str::to_owned)
            .to_vec(),
            rows,
        },
        Sheet {
            name: "Численность".into(),
            header: ["Уровень образования", "Классов", "Учащихся"]
                .map(str::to_owned)
                .to_vec(),
            rows: r
                .levels
                .iter()
                .map(|l| {
                    vec![
                        level_name(l.level).into(),
                        l.classes.into(),
                        l.students.into(),
                    ]
                })
                .collect(),
        },
        Sheet {
            name: "Приказы".into(),
            header: [
                "Ученик",
                "Дата",
                "Движение",
                "Из класса",
                "В класс",
                "Причина",
                "Приказ",
            ]
            .map(str::to_owned)
            .to_vec(),
            rows: r
                .movements
                .iter()
                .map(|m| {
                    vec![
                        m.student.name.as_str().into(),
                        m.on_date.format("%d.%m.%Y").to_string().into(),
                        match m.kind {
                            MoveKind::Admission => "зачислен",
                            MoveKind::Transfer => "переведён",
                            MoveKind::Withdrawal => "выбыл",
                        }
                        .into(),
                        m.from_class.clone().unwrap_or_default().into(),
                        m.to_class.clone().unwrap_or_default().into(),
                        m.reason.clone().unwrap_or_default().into(),
                        m.order_ref.clone().unwrap_or_default().into(),
                    ]
                })
                .collect(),
        },
    ]
}
