//! Printed documents shaped from the journal (R-P1): a class's journal of a period or of the year
//! as the regulations lay it out — a title sheet with the page count, contents, per subject the
//! sheets of marks and attendance by lesson dates (a month per sheet) and the topics and homework,
//! the summary sheet of finals and the director's certification. The pages are the journal pages
//! the screen shows (`services::page`), shaped here into `journal_print`'s model; the routes and
//! the archive typeset them. Who may print is who may read the class's summary sheet (R-F5).

use crate::auth::Session;
use crate::error::ApiError;
use crate::services::page::{access, held_on, load, person_name, view, Page};
use crate::services::uuid_of;
use chrono::{Datelike, NaiveDate};
use journal_api_types::journal::{
    JournalPage, PageLesson, PagePeriod, PageStudent, SummaryFinal, SummaryLine, SummarySheet,
    SummarySubject,
};
use journal_api_types::ErrorCode;
use journal_db::journal::{self as jdb, FinalRow};
use journal_db::structure::{self as sdb, PeriodRow};
use journal_db::users::{self, ListFilter};
use journal_db::{schools, DbConnection};
use journal_domain::collate::ru_key;
use journal_domain::page::may_read_class_sheets;
use journal_domain::printed;
use journal_domain::reports::filling::is_held;
use journal_domain::timetable::ChangeKind;
use journal_domain::Role;
use journal_print::{
    JournalBook, MarkSheet, SheetRow, SubjectPages, Summary, SummaryBlock, SummaryDoc, SummaryRow,
    TopicRow,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The summary sheet of a class, for the class teacher, the deputy and the director.
pub(crate) fn summary_of(
    conn: &mut DbConnection,
    session: &Session,
    class_id: Uuid,
) -> Result<SummarySheet, ApiError> {
    let school = session.caller.school_id;
    let class = sdb::class(conn, school, &class_id.to_string())?.ok_or_else(ApiError::not_found)?;
    let me = session.caller.user_id.to_string();
    let leads = class.class_teacher_id.as_deref() == Some(me.as_str());
    if !may_read_class_sheets(&session.caller.roles, leads) {
        return Err(ApiError::forbidden(
            ErrorCode::Forbidden,
            "the summary sheet is the class teacher's",
        ));
    }
    let year_id = class.year_id.clone().ok_or_else(ApiError::not_found)?;
    let year = sdb::year(conn, school, &year_id)?.ok_or_else(ApiError::not_found)?;
    // The school's subject names once, not a query per assignment.
    let names: HashMap<String, String> = sdb::subjects(conn, school)?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let mut subjects: Vec<SummarySubject> = Vec::new();
    for a in sdb::assignments(conn, school, Some(&class.id), None)? {
        let id = uuid_of(&a.subject_id)?;
        if !subjects.iter().any(|s| s.id == id) {
            let name = names.get(&a.subject_id).cloned().unwrap_or_default();
            subjects.push(SummarySubject { id, name });
        }
    }
    subjects.sort_by_cached_key(|s| ru_key(&s.name));
    let mut students = jdb::class_students_during(
        conn,
        school,
        &class.id,
        year.year.starts_on,
        year.year.ends_on,
    )?;
    students.sort_by_cached_key(|s| ru_key(&format!("{} {}", s.last_name, s.first_name)));
    let finals = jdb::finals_of_year(conn, school, &year_id)?;
    let mut lines = Vec::new();
    for st in &students {
        let mine: Vec<&FinalRow> = finals.iter().filter(|f| f.student_id == st.id).collect();
        let mut current = Vec::new();
        for (f, _) in mine.iter().zip(jdb::in_force(&mine)).filter(|(_, c)| *c) {
            current.push(SummaryFinal {
                subject_id: uuid_of(&f.subject_id)?,
                kind: f.kind.clone(),
                period_id: f.period_id.as_deref().map(uuid_of).transpose()?,
                value: f.value.clone(),
                deferred_until: f.deferred_until,
                liquidation: f.liquidation,
            });
        }
        lines.push(SummaryLine {
            student_id: uuid_of(&st.id)?,
            name: person_name(st),
            finals: current,
        });
    }
    let mut periods = Vec::new();
    for p in year
        .periods
        .iter()
        .filter(|p| (p.grade_from..=p.grade_to).contains(&class.grade))
    {
        periods.push(PagePeriod {
            id: uuid_of(&p.id)?,
            kind: p.kind.clone(),
            number: p.number.clamp(0, 255) as u8,
            starts_on: p.starts_on,
            ends_on: p.ends_on,
        });
    }
    periods.sort_by_key(|p| p.starts_on);
    Ok(SummarySheet {
        class_id: uuid_of(&class.id)?,
        class_name: class.name(),
        subjects,
        periods,
        students: lines,
    })
}

/// The school's name, the director's, and the class's year with its periods of the class's grade.
struct Heading {
    school: String,
    director: String,
    year: sdb::YearWithCalendar,
    periods: Vec<PeriodRow>,
    class_teacher: String,
}

fn heading(
    conn: &mut DbConnection,
    session: &Session,
    sheet: &SummarySheet,
) -> Result<Heading, ApiError> {
    let school = session.caller.school_id;
    let class =
        sdb::class(conn, school, &sheet.class_id.to_string())?.ok_or_else(ApiError::not_found)?;
    let year_id = class.year_id.clone().ok_or_else(ApiError::not_found)?;
    let year = sdb::year(conn, school, &year_id)?.ok_or_else(ApiError::not_found)?;
    let mut periods: Vec<PeriodRow> = year
        .periods
        .iter()
        .filter(|p| (p.grade_from..=p.grade_to).contains(&class.grade))
        .cloned()
        .collect();
    periods.sort_by_key(|p| p.starts_on);
    let school_name = schools::find(conn, school)?
        .map(|s| s.name)
        .unwrap_or_default();
    let filter = ListFilter {
        role: Some(Role::Director),
        query: None,
        offset: 0,
        limit: 1,
    };
    let director = users::list_in_school(conn, school, &filter)?
        .rows
        .into_iter()
        .next()
        .map(|(u, _)| u.full_name())
        .unwrap_or_default();
    let class_teacher = match class.class_teacher_id.as_deref() {
        Some(id) => users::find_many(conn, &[id.to_owned()])?
            .pop()
            .map(|u| u.full_name())
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(Heading {
        school: school_name,
        director,
        year,
        periods,
        class_teacher,
    })
}

/// «2025/2026 учебный год».
fn year_words(h: &Heading) -> String {
    format!("{} учебный год", h.year.year.name)
}

/// A class's printed journal of a period (or the year), its file name, and the journal pages it
/// was made of, as the API answers them (the archive keeps them as data).
pub(crate) fn journal_book(
    conn: &mut DbConnection,
    session: &Session,
    class_id: Uuid,
    period: Option<Uuid>,
) -> Result<(JournalBook, String, Vec<JournalPage>), ApiError> {
    let school = session.caller.school_id;
    // Who may print is who may read the class's summary sheet (R-F5): checked there.
    let sheet = summary_of(conn, session, class_id)?;
    let h = heading(conn, session, &sheet)?;
    let periods: Vec<&PeriodRow> = match period {
        Some(id) => {
            let id = id.to_string();
            let p = h.periods.iter().find(|p| p.id == id);
            vec![p.ok_or_else(ApiError::not_found)?]
        }
        None => h.periods.iter().collect(),
    };
    let (span, file_span) = match periods.as_slice() {
        [p] => (
            format!(
                "{} ({})",
                printed::period(&p.kind, p.number.clamp(0, 255) as u8),
                span_words(p.starts_on, p.ends_on)
            ),
            format!("{}-{}", p.kind, p.number),
        ),
        _ => (
            format!(
                "Учебный год ({})",
                span_words(h.year.year.starts_on, h.year.year.ends_on)
            ),
            "year".to_owned(),
        ),
    };
    let pages =
        sdb::assignments_of_class_year(conn, school, &sheet.class_id.to_string(), &h.year.year.id)?;
    let today = session.today();
    // A subject's part gathers its page of every period printed, in the periods' order.
    let mut parts: Vec<Part> = Vec::new();
    let mut views = Vec::new();
    for p in &periods {
        for a in &pages {
            let mut page = load(conn, school, uuid_of(&a.id)?, uuid_of_period(p)?)?;
            let access = access(session, &page)?;
            let v = view(conn, session, &mut page, access)?;
            let (sheets, topics) = subject_sheets(&page, &v, today);
            let id = v.assignment_id;
            match parts.iter_mut().find(|p| p.id == id) {
                Some(part) => {
                    part.pages.sheets.extend(sheets);
                    part.pages.topics.extend(topics);
                }
                None => {
                    let title = match &v.group_name {
                        Some(g) => format!("{} ({g})", v.subject_name),
                        None => v.subject_name.clone(),
                    };
                    let key = (
                        ru_key(&v.subject_name),
                        ru_key(v.group_name.as_deref().unwrap_or("")),
                    );
                    let pages = SubjectPages {
                        title,
                        teacher: v.teacher_name.clone(),
                        sheets,
                        topics,
                    };
                    parts.push(Part { id, key, pages });
                }
            }
            views.push(v);
        }
    }
    parts.sort_by(|a, b| a.key.cmp(&b.key));
    let book = JournalBook {
        school: h.school.clone(),
        class_name: sheet.class_name.clone(),
        year: year_words(&h),
        span,
        class_teacher: h.class_teacher.clone(),
        director: h.director.clone(),
        printed_on: printed::date(today),
        subjects: parts.into_iter().map(|p| p.pages).collect(),
        summary: summary(&sheet),
    };
    let file = format!("zhurnal-{}-{file_span}", sheet.class_name);
    Ok((book, file, views))
}

/// A subject's part of the journal while it is gathered: its page's assignment and its place in
/// Russian order (subject, then group).
struct Part {
    id: Uuid,
    key: (Vec<u32>, Vec<u32>),
    pages: SubjectPages,
}

fn uuid_of_period(p: &PeriodRow) -> Result<Uuid, ApiError> {
    uuid_of(&p.id)
}

/// «01.11.2025 – 30.11.2025».
pub(crate) fn span_words(from: NaiveDate, to: NaiveDate) -> String {
    format!("{} – {}", printed::date(from), printed::date(to))
}

/// A held lesson: the day it was held, its number that day, the page's column.
type Held<'a> = (NaiveDate, i32, &'a PageLesson);

fn same_month(a: NaiveDate, b: NaiveDate) -> bool {
    (a.year(), a.month()) == (b.year(), b.month())
}

/// One page of a period as sheets (a month each, at most [`MarkSheet::MAX_DAYS`] lessons) and
/// topic lines. Only lessons held count (not cancelled, not after today, not marked as not held);
/// a lesson moved to another day stands on the day it was held. The period's final is the last
/// column of the last sheet.
fn subject_sheets(
    page: &Page,
    v: &JournalPage,
    today: NaiveDate,
) -> (Vec<MarkSheet>, Vec<TopicRow>) {
    let mut lessons: Vec<Held> = page
        .lessons
        .iter()
        .zip(&v.lessons)
        .filter(|(l, _)| {
            let cancelled = l.change.as_ref().map(|c| c.kind) == Some(ChangeKind::Cancellation);
            let conducted = page
                .records
                .get(&(l.entry_id, l.scheduled_date))
                .map(|r| r.conducted);
            is_held(cancelled, held_on(l), today, conducted)
        })
        .map(|(l, pl)| (held_on(l), i32::from(pl.lesson_number), pl))
        .collect();
    lessons.sort_by_key(|(d, n, _)| (*d, *n));
    let topics = lessons
        .iter()
        .map(|(d, _, l)| TopicRow {
            date: printed::day_month(*d),
            topic: l.topic.clone().unwrap_or_default(),
            homework: l.homework.clone().unwrap_or_default(),
        })
        .collect();
    // Each student's cells by lesson: «н»/«оп», then the marks.
    let mut cells: HashMap<(Uuid, Uuid, NaiveDate), Vec<String>> = HashMap::new();
    for s in &v.students {
        for a in &s.attendance {
            cells
                .entry((s.id, a.entry_id, a.lesson_date))
                .or_default()
                .push(printed::attendance(a.status).to_owned());
        }
        for m in &s.marks {
            cells
                .entry((s.id, m.entry_id, m.lesson_date))
                .or_default()
                .push(printed::mark(&m.value).into_owned());
        }
    }
    let final_of = |s: &PageStudent| {
        s.finals
            .iter()
            .find(|f| f.kind == "period" && f.current)
            .map(|f| final_words(f.value.as_deref(), f.deferred_until))
            .unwrap_or_default()
    };
    // The held lessons a month at a time, at most MAX_DAYS to a sheet.
    let mut months: Vec<Vec<&Held>> = Vec::new();
    for l in &lessons {
        match months.last_mut() {
            Some(m) if m.first().is_some_and(|f| same_month(f.0, l.0)) => m.push(l),
            _ => months.push(vec![l]),
        }
    }
    let mut sheets: Vec<MarkSheet> = Vec::new();
    for chunk in months.iter().flat_map(|m| m.chunks(MarkSheet::MAX_DAYS)) {
        let Some(first) = chunk.first() else { continue };
        sheets.push(MarkSheet {
            title: printed::month_year(first.0),
            days: chunk
                .iter()
                .map(|(d, _, _)| format!("{:02}", d.day()))
                .collect(),
            final_title: None,
            rows: v
                .students
                .iter()
                .enumerate()
                .map(|(i, s)| SheetRow {
                    number: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    name: s.name.clone(),
                    cells: chunk
                        .iter()
                        .map(|(_, _, l)| {
                            cells
                                .get(&(s.id, l.entry_id, l.lesson_date))
                                .map(|c| c.join(" "))
                                .unwrap_or_default()
                        })
                        .collect(),
                    final_mark: final_of(s),
                })
                .collect(),
        });
    }
    if let Some(last) = sheets.last_mut() {
        last.final_title = Some(printed::period_short(&v.period.kind, v.period.number));
    }
    (sheets, topics)
}

/// A final as printed: its mark, or «до 15.06» while deferred (R-F4).
fn final_words(value: Option<&str>, deferred_until: Option<NaiveDate>) -> String {
    match (value, deferred_until) {
        (Some(v), _) => printed::mark(v).into_owned(),
        (None, Some(d)) => format!("до {}", printed::day_month(d)),
        (None, None) => String::new(),
    }
}

/// The summary sheet as printed: per subject the periods (Roman numerals), the year, and the
/// exam and the final where any student has one; as many subjects to a block as fit a sheet.
pub(crate) fn summary(sheet: &SummarySheet) -> Summary {
    let has = |kind: &str| {
        sheet
            .students
            .iter()
            .any(|s| s.finals.iter().any(|f| f.kind == kind))
    };
    // (column head, final kind, period)
    let mut kinds: Vec<(String, &str, Option<Uuid>)> = sheet
        .periods
        .iter()
        .map(|p| (printed::roman(p.number).into_owned(), "period", Some(p.id)))
        .collect();
    kinds.push(("год".into(), "year", None));
    if has("exam") {
        kinds.push(("экз.".into(), "exam", None));
    }
    if has("final") {
        kinds.push(("итог.".into(), "final", None));
    }
    const COLUMNS_PER_SHEET: usize = 28;
    let per_block = (COLUMNS_PER_SHEET / kinds.len()).max(1);
    let blocks = sheet
        .subjects
        .chunks(per_block)
        .map(|subjects| SummaryBlock {
            subjects: subjects.iter().map(|s| s.name.clone()).collect(),
            rows: sheet
                .students
                .iter()
                .enumerate()
                .map(|(i, st)| SummaryRow {
                    number: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    name: st.name.clone(),
                    cells: subjects
                        .iter()
                        .flat_map(|subject| {
                            kinds.iter().map(move |(_, kind, period)| {
                                st.finals
                                    .iter()
                                    .find(|f| {
                                        f.subject_id == subject.id
                                            && f.kind == *kind
                                            && f.period_id == *period
                                    })
                                    .map(|f| final_words(f.value.as_deref(), f.deferred_until))
                                    .unwrap_or_default()
                            })
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Summary {
        title: "Сводная ведомость учёта успеваемости".into(),
        kinds: kinds.into_iter().map(|(head, _, _)| head).collect(),
        blocks,
    }
}

/// The summary sheet alone, with the school, class and year over it (R-F5, R-P1).
pub(crate) fn summary_doc(
    conn: &mut DbConnection,
    session: &Session,
    class_id: Uuid,
) -> Result<SummaryDoc, ApiError> {
    let sheet = summary_of(conn, session, class_id)?;
    let h = heading(conn, session, &sheet)?;
    Ok(SummaryDoc {
        school: h.school.clone(),
        class_name: sheet.class_name.clone(),
        year: year_words(&h),
        printed_on: format!("Распечатано {}", printed::date(session.today())),
        summary: summary(&sheet),
    })
}
