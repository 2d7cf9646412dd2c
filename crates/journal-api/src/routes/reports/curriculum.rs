//! Curriculum completion (R-R5): the lessons the timetable planned in a span against those held,
//! per page, with the assignment's and the curriculum's hours a week and the lesson plan's hours;
//! per teacher the lessons they gave, substitutions counted to the teacher who gave them. The
//! counting is `journal_domain::reports::curriculum`.

use super::control::pages_in_span;
use super::{given_by, span_report, Narrowing, PageNames};
use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::ValidQuery;
use crate::services::lessons::{dated_lessons, Lookup, Scope};
use crate::services::uuid_of;
use crate::state::AppState;
use crate::tables::{Cell, Sheet};
use actix_web::{get, web, HttpResponse};
use journal_api_types::import::FileBytes;
use journal_api_types::reports::{
    Completion, CompletionLine, CurriculumReport, SpanFilter, TeacherLessons,
};
use journal_api_types::Problem;
use journal_db::reports as rdb;
use journal_db::timetable::EntryRow;
use journal_db::{curriculum, DbConnection};
use journal_domain::calendar::Span;
use journal_domain::collate::ru_key;
use journal_domain::reports::filling::is_held;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// Curriculum completion over a span (R-R5): the deputy and the director read the school, a class
/// teacher the pages of their classes, a teacher their own pages.
#[utoipa::path(tag = "reports", security(("bearer" = [])), params(SpanFilter),
    responses(
        (status = 200, description = "The report; with `format=csv`, `xlsx` or `pdf` the same figures as a file", content(
            (CurriculumReport = "application/json"),
            (FileBytes = "text/csv"),
            (FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (FileBytes = "application/pdf"),
        )),
        (status = 400, description = "`invalid_span`: `from` after `to` or more than 400 days; `invalid_query`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: not a reader of reports, or another teacher's pages or another class", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A class or subject that is not the school's", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`export_too_large`: more lines than a printed report holds (5 000); take the XLSX", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/reports/curriculum")]
pub async fn curriculum_report(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<SpanFilter>,
) -> Result<HttpResponse, ApiError> {
    span_report(
        &state,
        auth.0,
        query.0,
        ("curriculum", "Выполнение программы"),
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
) -> Result<CurriculumReport, ApiError> {
    let school = session.caller.school_id;
    let today = session.today();
    let (_, pages, entries) = pages_in_span(conn, session, range, &n)?;
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
    let teacher_of: HashMap<&str, Uuid> = pages
        .iter()
        .map(|a| Ok((a.id.as_str(), uuid_of(&a.teacher_id)?)))
        .collect::<Result<_, ApiError>>()?;
    let mut per_page: HashMap<&str, Completion> = HashMap::new();
    // Per teacher: (own, for others, given away).
    let mut given: BTreeMap<Uuid, (u32, u32, u32)> = BTreeMap::new();
    for d in &dated {
        let l = &d.lesson;
        let Some(e) = entry_of.get(l.entry_id.to_string().as_str()).copied() else {
            continue;
        };
        let Some(owner) = teacher_of.get(e.assignment_id.as_str()).copied() else {
            continue;
        };
        if l.is_moved_away() || l.date > today {
            continue;
        }
        let cancelled = !l.takes_place();
        let held = is_held(
            cancelled,
            l.date,
            today,
            d.record.as_ref().map(|r| r.conducted),
        );
        let giver = given_by(l);
        per_page
            .entry(e.assignment_id.as_str())
            .or_default()
            .lesson(held, cancelled, giver != owner);
        if held {
            if giver == owner {
                given.entry(owner).or_default().0 += 1;
            } else {
                given.entry(giver).or_default().1 += 1;
                given.entry(owner).or_default().2 += 1;
            }
        }
    }
    let refs: Vec<&journal_db::structure::Assignment> = pages.iter().collect();
    let names = PageNames::load(conn, session, &refs)?;
    let ids: Vec<String> = pages.iter().map(|a| a.id.clone()).collect();
    let plan = rdb::plan_hours(conn, &ids)?;
    let mut curricula: HashMap<String, Vec<curriculum::CurriculumLine>> = HashMap::new();
    for a in &pages {
        if !curricula.contains_key(&a.year_id) {
            let lines = curriculum::lines(conn, school, &a.year_id)?;
            curricula.insert(a.year_id.clone(), lines);
        }
    }
    let mut total = Completion::default();
    let mut lines = Vec::new();
    for a in &pages {
        let completion = per_page.remove(a.id.as_str()).unwrap_or_default();
        total.add(&completion);
        let grade = names.classes.get(&a.class_id).map_or(0, |c| c.grade);
        let curriculum_hours = curricula.get(&a.year_id).and_then(|lines| {
            lines
                .iter()
                .filter(|l| l.grade == grade && l.subject_id == a.subject_id)
                .min_by_key(|l| !l.profile.is_empty())
                .map(|l| u32::try_from(l.hours_per_week).unwrap_or(0))
        });
        lines.push(CompletionLine {
            page: names.page(a)?,
            hours_per_week: u32::try_from(a.hours_per_week).unwrap_or(0),
            curriculum_hours_per_week: curriculum_hours,
            plan_hours: u32::try_from(plan.get(&a.id).copied().unwrap_or(0)).unwrap_or(0),
            share: completion.share(),
            completion,
        });
    }
    lines.sort_by_cached_key(|l| names.order_key(&l.page));
    // Substitutes who teach none of the pages are named too.
    let extra: Vec<String> = given
        .keys()
        .map(Uuid::to_string)
        .filter(|t| !pages.iter().any(|a| a.teacher_id == *t))
        .collect();
    let extra_names: HashMap<String, String> =
        journal_db::names::accounts(conn, &extra.iter().collect::<Vec<_>>())?
            .into_iter()
            .map(|(id, _, last, first, _)| (id, format!("{last} {first}")))
            .collect();
    let mut teachers = Vec::new();
    for (t, (own, for_others, given_away)) in given {
        let id = t.to_string();
        let mut teacher = names.teacher(&id)?;
        if teacher.teacher_name.is_empty() {
            teacher.teacher_name = extra_names.get(&id).cloned().unwrap_or_default();
        }
        teachers.push(TeacherLessons {
            teacher,
            own,
            for_others,
            given_away,
        });
    }
    teachers.sort_by_cached_key(|t| ru_key(&t.teacher.teacher_name));
    Ok(CurriculumReport {
        from: range.starts_on,
        to: range.ends_on,
        pages: lines,
        teachers,
        total,
    })
}

/// The report's tables: pages, teachers.
pub(crate) fn sheets(r: &CurriculumReport) -> Vec<Sheet> {
    let pages = Sheet {
        name: "Выполнение программы".into(),
        header: [
            "Класс",
            "Группа",
            "Предмет",
            "Учитель",
            "Часов в неделю",
            "По учебному плану",
            "Часов по КТП",
            "Запланировано уроков",
            "Проведено",
            "Отменено",
            "Проведено заменяющим",
            "Выполнение, %",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: r
            .pages
            .iter()
            .map(|l| {
                vec![
                    l.page.class_name.as_str().into(),
                    l.page.group_name.clone().unwrap_or_default().into(),
                    l.page.subject_name.as_str().into(),
                    l.page.teacher_name.as_str().into(),
                    l.hours_per_week.into(),
                    l.curriculum_hours_per_week.map_or(Cell::Empty, Cell::from),
                    l.plan_hours.into(),
                    l.completion.planned.into(),
                    l.completion.held.into(),
                    l.completion.cancelled.into(),
                    l.completion.by_substitute.into(),
                    Cell::figure(l.share),
                ]
            })
            .collect(),
    };
    let teachers = Sheet {
        name: "Учителя".into(),
        header: [
            "Учитель",
            "Своих уроков",
            "Замен за других",
            "Отдано на замену",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: r
            .teachers
            .iter()
            .map(|t| {
                vec![
                    t.teacher.teacher_name.as_str().into(),
                    t.own.into(),
                    t.for_others.into(),
                    t.given_away.into(),
                ]
            })
            .collect(),
    };
    vec![pages, teachers]
}
