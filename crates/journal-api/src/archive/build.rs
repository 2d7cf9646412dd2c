//! Writing a package of a period or a year: class by class, the printed journal and summary sheet
//! (typeset by `journal_print`), the journal pages as the API answers them (`pages.json`) and as
//! CSV (marks, attendance, lessons); then `school.json`, the seal, the database row and the audit
//! entry. Each class is read on its own connection and typeset in the heavy pool, so a package of
//! a 2,000-student school never holds the whole school in memory nor a connection for long.

use super::bag::BagWriter;
use crate::auth::Session;
use crate::error::ApiError;
use crate::services::print::{journal_book, summary_doc};
use crate::services::{record_audit, uuid_of};
use crate::state::AppState;
use crate::tables::{write_report_csv, Cell, Sheet};
use journal_api_types::archives::Archive;
use journal_api_types::journal::JournalPage;
use journal_api_types::ErrorCode;
use journal_db::archives::{self as adb, ArchiveRow};
use journal_db::structure::{self as sdb};
use journal_db::{schools, users};
use journal_domain::{printed, retention, Action};
use journal_print::Template;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// What a package is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Period(Uuid),
    Year(Uuid),
}

/// What the package is of, resolved: its year, period, title, classes.
struct Scope {
    year_id: String,
    year_ends_on: chrono::NaiveDate,
    period: Option<Uuid>,
    title: String,
    slug: String,
    school_name: String,
    classes: Vec<(Uuid, String)>,
}

fn scope(
    conn: &mut journal_db::DbConnection,
    session: &Session,
    what: What,
) -> Result<Scope, ApiError> {
    let school = session.caller.school_id;
    let (year_id, period) = match what {
        What::Year(y) => (y.to_string(), None),
        What::Period(p) => {
            let row = sdb::period(conn, school, &p.to_string())?.ok_or_else(ApiError::not_found)?;
            (row.year_id.clone(), Some(row))
        }
    };
    let year = sdb::year(conn, school, &year_id)?.ok_or_else(ApiError::not_found)?;
    let year_words = format!("{} учебный год", year.year.name);
    let (title, slug) = match &period {
        Some(p) => {
            let number = p.number.clamp(0, 255) as u8;
            (
                format!("{}, {year_words}", printed::period(&p.kind, number)),
                format!("{}-{}", p.kind, p.number),
            )
        }
        None => (year_words, "year".to_owned()),
    };
    let mut classes = Vec::new();
    for c in sdb::classes(conn, school, Some(&year_id))? {
        // A period covers some grades (R-B2): only their classes are in its package.
        if period
            .as_ref()
            .is_some_and(|p| !(p.grade_from..=p.grade_to).contains(&c.grade))
        {
            continue;
        }
        classes.push((uuid_of(&c.id)?, c.name()));
    }
    classes.sort_by_key(|(_, name)| journal_domain::collate::ru_key(name));
    let school_name = schools::find(conn, school)?
        .map(|s| s.name)
        .unwrap_or_default();
    Ok(Scope {
        year_ends_on: year.year.ends_on,
        year_id,
        period: period.map(|p| uuid_of(&p.id)).transpose()?,
        title,
        slug: format!(
            "{}-{slug}",
            year.year
                .name
                .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
        ),
        school_name,
        classes,
    })
}

/// Write, seal and record a package of `what`, as `session` (the deputy or the director). Each
/// class's material is read and typeset in its turn; the package appears under its name only
/// when sealed.
pub async fn create(state: &AppState, session: Session, what: What) -> Result<Archive, ApiError> {
    session
        .caller
        .authorize(Action::CreateArchives)
        .map_err(|_| {
            ApiError::forbidden(
                ErrorCode::Forbidden,
                "archives are written by the deputy or the director",
            )
        })?;
    write(state, session, what).await
}

/// [`create`] without asking who may: the package the server writes by itself when a period is
/// closed for the whole school or a year is rolled over (R-P2), recorded as `session`'s.
pub async fn write(state: &AppState, session: Session, what: What) -> Result<Archive, ApiError> {
    let s = session.clone();
    let scope = state.read(move |conn| scope(conn, &s, what)).await?;
    let school = session.caller.school_id;
    let now = session.clock.now().naive_utc();
    let store = state.archive.clone();
    let key = state
        .write(move |conn| store.signing_key(conn, school, now))
        .await?;
    let id = Uuid::new_v4();
    // Unique whatever the clock says: two packages of one period may be written in one second.
    let name = format!(
        "{}-{}-{}",
        scope.slug,
        session.clock.now().format("%Y%m%dT%H%M%SZ"),
        &id.simple().to_string()[..8]
    );
    let root = state.archive.school_dir(school);
    let mut writer = state
        .guard
        .heavy
        .run({
            let (root, name) = (root.clone(), name.clone());
            move || {
                std::fs::create_dir_all(&root).map_err(ApiError::internal)?;
                BagWriter::create(&root, &name).map_err(ApiError::internal)
            }
        })
        .await?;
    let today = session.today();
    for (class_id, class_name) in &scope.classes {
        let (s, class_id, period) = (session.clone(), *class_id, scope.period);
        let (book, summary, pages) = state
            .read(move |conn| {
                let (book, _, pages) = journal_book(conn, &s, class_id, period)?;
                Ok((book, summary_doc(conn, &s, class_id)?, pages))
            })
            .await?;
        let folder = format!("classes/{}", file_part(class_name));
        writer = state
            .guard
            .heavy
            .run(move || {
                let journal = journal_print::render(Template::Journal, &book, today)
                    .map_err(ApiError::internal)?;
                let sheet = journal_print::render(Template::Summary, &summary, today)
                    .map_err(ApiError::internal)?;
                let json = serde_json::to_vec_pretty(&pages).map_err(ApiError::internal)?;
                let [marks, attendance, lessons] = page_tables(&pages);
                let files: [(&str, Vec<u8>); 6] = [
                    ("journal.pdf", journal),
                    ("summary.pdf", sheet),
                    ("pages.json", json),
                    ("marks.csv", write_report_csv(&[marks])?),
                    ("attendance.csv", write_report_csv(&[attendance])?),
                    ("lessons.csv", write_report_csv(&[lessons])?),
                ];
                for (file, bytes) in files {
                    writer
                        .add(&format!("{folder}/{file}"), &bytes)
                        .map_err(ApiError::internal)?;
                }
                Ok(writer)
            })
            .await?;
    }
    let journals_until = retention::journals_until(scope.year_ends_on);
    let summary_until = retention::summary_until(scope.year_ends_on);
    let public_key = hex::encode(key.verifying_key().as_bytes());
    let created_at = chrono::SubsecRound::trunc_subsecs(session.clock.now(), 6);
    let about = json!({
        "archive_id": id,
        "school": scope.school_name,
        "school_id": school.to_string(),
        "year_id": scope.year_id,
        "period_id": scope.period,
        "title": scope.title,
        "classes": scope.classes.iter().map(|(id, name)| json!({"id": id, "name": name})).collect::<Vec<_>>(),
        "created_at": created_at,
        "journals_until": journals_until,
        "summary_until": summary_until,
        "public_key": public_key,
    });
    let info = vec![
        ("Source-Organization", scope.school_name.clone()),
        ("Bagging-Date", created_at.date_naive().to_string()),
        ("External-Identifier", id.to_string()),
        (
            "External-Description",
            format!("Классный журнал: {}", scope.title),
        ),
        ("Journal-Journals-Kept-Until", journals_until.to_string()),
        (
            "Journal-Summary-Sheets-Kept-Until",
            summary_until.to_string(),
        ),
        ("Journal-Seal-Public-Key", public_key),
    ];
    let sealed = state
        .guard
        .heavy
        .run(move || {
            let about = serde_json::to_vec_pretty(&about).map_err(ApiError::internal)?;
            writer
                .add("school.json", &about)
                .map_err(ApiError::internal)?;
            writer.seal(&info, &key).map_err(ApiError::internal)
        })
        .await?;
    let row = ArchiveRow {
        id: id.to_string(),
        school_id: school.to_string(),
        year_id: scope.year_id.clone(),
        period_id: scope.period.map(|p| p.to_string()),
        name,
        title: scope.title.clone(),
        created_at: created_at.naive_utc(),
        created_by: Some(session.caller.user_id.to_string()),
        journals_until,
        summary_until,
        files: i32::try_from(sealed.files).unwrap_or(i32::MAX),
        size_bytes: i64::try_from(sealed.bytes).unwrap_or(i64::MAX),
        manifest_sha256: sealed.manifest_sha256,
    };
    let audit_key = state.audit_key.clone();
    state
        .write(move |conn| {
            adb::insert(conn, &row)?;
            let view = view_with_author(conn, &row)?;
            record_audit(
                conn,
                &audit_key,
                &session,
                Action::CreateArchives,
                ("archive.create", "archive", row.id.clone()),
                None,
                Some(json!(&view)),
            )?;
            Ok(view)
        })
        .await
}

/// A class or subject name as a file name: letters, digits, `-`; nothing that leaves a folder.
fn file_part(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect()
}

/// The pages' marks, attendance and lessons as tables (one line each).
fn page_tables(pages: &[JournalPage]) -> [Sheet; 3] {
    let mut marks = Vec::new();
    let mut attendance = Vec::new();
    let mut lessons = Vec::new();
    for p in pages {
        let subject = match &p.group_name {
            Some(g) => format!("{} ({g})", p.subject_name),
            None => p.subject_name.clone(),
        };
        let work: HashMap<&str, &str> = p
            .work_types
            .iter()
            .map(|w| (w.code.as_str(), w.name.as_str()))
            .collect();
        for l in &p.lessons {
            lessons.push(vec![
                Cell::from(subject.as_str()),
                l.held_on.to_string().into(),
                if l.conducted { "да" } else { "нет" }.into(),
                l.topic.clone().unwrap_or_default().into(),
                l.homework.clone().unwrap_or_default().into(),
            ]);
        }
        for s in &p.students {
            for m in &s.marks {
                marks.push(vec![
                    Cell::from(subject.as_str()),
                    m.lesson_date.to_string().into(),
                    s.name.as_str().into(),
                    work.get(m.work_type.as_str())
                        .copied()
                        .unwrap_or(&m.work_type)
                        .into(),
                    printed::mark(&m.value).into_owned().into(),
                    m.comment.clone().unwrap_or_default().into(),
                ]);
            }
            for a in &s.attendance {
                attendance.push(vec![
                    Cell::from(subject.as_str()),
                    a.lesson_date.to_string().into(),
                    s.name.as_str().into(),
                    printed::attendance(a.status).into(),
                    a.reason.clone().unwrap_or_default().into(),
                ]);
            }
        }
    }
    let sheet = |name: &str, header: &[&str], rows| Sheet {
        name: name.into(),
        header: header.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    };
    [
        sheet(
            "Отметки",
            &[
                "Предмет",
                "Дата урока",
                "Ученик",
                "Вид работы",
                "Отметка",
                "Комментарий",
            ],
            marks,
        ),
        sheet(
            "Посещаемость",
            &["Предмет", "Дата урока", "Ученик", "Отметка", "Причина"],
            attendance,
        ),
        sheet(
            "Уроки",
            &[
                "Предмет",
                "Дата",
                "Проведён",
                "Что пройдено",
                "Домашнее задание",
            ],
            lessons,
        ),
    ]
}

/// A package as the API shows it, without who wrote it.
pub fn view(row: &ArchiveRow) -> Result<Archive, ApiError> {
    Ok(Archive {
        id: uuid_of(&row.id)?,
        year_id: uuid_of(&row.year_id)?,
        period_id: row.period_id.as_deref().map(uuid_of).transpose()?,
        title: row.title.clone(),
        name: row.name.clone(),
        created_at: crate::services::utc(row.created_at),
        created_by_name: None,
        journals_until: row.journals_until,
        summary_until: row.summary_until,
        files: u32::try_from(row.files).unwrap_or(0),
        size_bytes: u64::try_from(row.size_bytes).unwrap_or(0),
        manifest_sha256: row.manifest_sha256.clone(),
    })
}

/// A package as the API shows it, with who wrote it.
pub fn view_with_author(
    conn: &mut journal_db::DbConnection,
    row: &ArchiveRow,
) -> Result<Archive, ApiError> {
    let mut v = view(row)?;
    if let Some(id) = &row.created_by {
        v.created_by_name = users::find_many(conn, std::slice::from_ref(id))?
            .pop()
            .map(|u| u.full_name());
    }
    Ok(v)
}
