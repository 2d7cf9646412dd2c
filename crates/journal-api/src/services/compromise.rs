//! Compromised credentials (R-S5): the report (shared by the admin's and the account's own), the
//! account's operations in the window with how each stands, and their revert through the
//! journal's ordinary save. The rules of standing are `journal_domain::compromise`'s.

use crate::accounts::{end_all_sessions, set_one_time_password, OneTime};
use crate::auth::Session;
use crate::error::ApiError;
use crate::services::page::{self, Refused};
use crate::services::{audit_entry, ensure_open, utc, uuid_of};
use actix_web::http::StatusCode;
use chrono::NaiveDateTime;
use journal_api_types::journal::CellChange;
use journal_api_types::sessions::{
    Compromise, CompromiseDetail, CompromisedOperation, OperationStanding, RevertOutcome,
    RevertRefusal,
};
use journal_api_types::ErrorCode;
use journal_db::audit::{self, Actor, AuditEvent, AuditKey, AuditRow, Conditions};
use journal_db::compromises::{self as cdb, CompromiseRow};
use journal_db::{names, now, DbConnection};
use journal_domain::compromise::{self as rules, Later, Standing, WindowError, REVERTIBLE};
use journal_domain::{SchoolId, UserId};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// The audit entity of journal cells' changes.
const PAGE: &str = "journal_page";

/// Report `account`'s credentials compromised (R-S5): at once every session and token of the
/// account stops working and a new one-time password replaces the old one. The account's password
/// is one for the deployment, so the report is recorded and audited in each of `schools` (every
/// school the account belongs to): each school's leadership reviews what was done there. Returns
/// the report of the caller's school and the new password (shown to the admin only).
pub(crate) fn report(
    conn: &mut DbConnection,
    key: &AuditKey,
    session: &Session,
    account: UserId,
    suspected_since: Option<NaiveDateTime>,
    schools: &[SchoolId],
) -> Result<(CompromiseRow, OneTime), ApiError> {
    let reported_at = now();
    let since = rules::window_start(reported_at, suspected_since).map_err(|e| match e {
        WindowError::SinceInFuture => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::SinceInFuture,
            e.to_string(),
        ),
    })?;
    let ended = end_all_sessions(conn, account, "compromise")?;
    let one_time = set_one_time_password(conn, account)?;
    let mut own = None;
    for school in schools {
        let row = CompromiseRow {
            id: Uuid::new_v4().to_string(),
            school_id: school.to_string(),
            user_id: account.to_string(),
            reported_by: session.caller.user_id.to_string(),
            reported_at,
            suspected_since: since,
        };
        cdb::insert(conn, &row)?;
        let event = AuditEvent {
            school_id: Some(*school),
            actor_id: Some(session.caller.user_id),
            actor_role: Some(session.acting_role(&[journal_domain::Role::Admin])),
            action: "user.compromise".into(),
            entity: "user".into(),
            entity_id: Some(account.to_string()),
            before: None,
            after: Some(json!({
                "compromise_id": row.id,
                "suspected_since": utc(since),
                "ended_sessions": ended,
                "expires_at": one_time.expires_at,
            })),
            request_id: Some(session.request_id.clone()),
        };
        audit::record(conn, key, &event)?;
        if *school == session.caller.school_id {
            own = Some(row);
        }
    }
    let row = own.ok_or_else(ApiError::not_found)?;
    Ok((row, one_time))
}

/// The report as the API shows it, with the names of the account and the reporter.
pub(crate) fn view(conn: &mut DbConnection, row: &CompromiseRow) -> Result<Compromise, ApiError> {
    views(conn, std::slice::from_ref(row))?
        .pop()
        .ok_or_else(ApiError::not_found)
}

/// [`view`] of many reports, their people's names read in one query.
pub(crate) fn views(
    conn: &mut DbConnection,
    rows: &[CompromiseRow],
) -> Result<Vec<Compromise>, ApiError> {
    let ids = rows
        .iter()
        .flat_map(|r| [&r.user_id, &r.reported_by])
        .collect();
    let names = audit::actors(conn, ids)?;
    rows.iter().map(|row| named(row, &names)).collect()
}

fn named(row: &CompromiseRow, names: &HashMap<String, Actor>) -> Result<Compromise, ApiError> {
    let name = |id: &String| names.get(id).cloned();
    let account = name(&row.user_id).ok_or_else(ApiError::not_found)?;
    Ok(Compromise {
        id: uuid_of(&row.id)?,
        user_id: uuid_of(&row.user_id)?,
        user_login: account.login,
        user_name: account.name,
        reported_by: uuid_of(&row.reported_by)?,
        reported_by_name: name(&row.reported_by).map(|a| a.name).unwrap_or_default(),
        reported_at: utc(row.reported_at),
        suspected_since: utc(row.suspected_since),
    })
}

/// The school's report `id`, or 404.
pub(crate) fn find(
    conn: &mut DbConnection,
    school: SchoolId,
    id: Uuid,
) -> Result<CompromiseRow, ApiError> {
    cdb::get(conn, school, &id.to_string())?.ok_or_else(ApiError::not_found)
}

/// What the report covers: the account's entries in its window.
fn window(row: &CompromiseRow) -> Result<Conditions, ApiError> {
    Ok(Conditions {
        actor_id: Some(UserId(uuid_of(&row.user_id)?)),
        since: Some(row.suspected_since),
        until: Some(row.reported_at),
        ..Conditions::default()
    })
}

/// Whether an entry is one the report covers.
fn covered(row: &CompromiseRow, e: &AuditRow) -> bool {
    e.actor_id.as_deref() == Some(row.user_id.as_str())
        && e.at >= row.suspected_since
        && e.at < row.reported_at
}

/// The cell a journal entry changed: its page and the cell's key (mark: entry, date, student,
/// work type; attendance: entry, date, student).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Cell {
    page: String,
    action: String,
    key: Vec<String>,
}

fn json_of(text: &Option<String>) -> Option<Value> {
    text.as_deref().and_then(|t| serde_json::from_str(t).ok())
}

/// The fields naming a cell of `action` in its entries.
fn key_fields(action: &str) -> &'static [&'static str] {
    match action {
        "journal.mark" => &["entry_id", "lesson_date", "student_id", "work_type"],
        "journal.lesson" => &["entry_id", "lesson_date"],
        _ => &["entry_id", "lesson_date", "student_id"],
    }
}

fn cell_of(e: &AuditRow) -> Option<Cell> {
    if e.entity != PAGE || !REVERTIBLE.contains(&e.action.as_str()) {
        return None;
    }
    let after = json_of(&e.after_json)?;
    let key = key_fields(&e.action)
        .iter()
        .map(|f| after.get(*f).and_then(Value::as_str).map(str::to_owned))
        .collect::<Option<Vec<_>>>()?;
    Some(Cell {
        page: e.entity_id.clone()?,
        action: e.action.clone(),
        key,
    })
}

/// The entries on each cell after a listed change, in chain order, with their actors.
type ByCell = HashMap<Cell, Vec<(AuditRow, Option<Actor>)>>;

/// The chain places a revert entry names (`after.reverts`).
fn reverts_of(e: &AuditRow) -> Vec<i64> {
    json_of(&e.after_json)
        .and_then(|v| v.get("reverts").cloned())
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default()
}

/// The entries on the cells of `rows` after the earliest of them, by cell, in chain order, with
/// their actors: one query for all.
fn later_by_cell(
    conn: &mut DbConnection,
    school: SchoolId,
    rows: &[&AuditRow],
) -> Result<ByCell, ApiError> {
    let mut pages: Vec<String> = rows.iter().filter_map(|r| r.entity_id.clone()).collect();
    pages.sort();
    pages.dedup();
    let Some(first) = rows.iter().map(|r| r.seq).min() else {
        return Ok(HashMap::new());
    };
    let mut out = ByCell::new();
    for (e, actor) in audit::later_on(conn, school, PAGE, &pages, REVERTIBLE, first)? {
        if let Some(cell) = cell_of(&e) {
            out.entry(cell).or_default().push((e, actor));
        }
    }
    Ok(out)
}

/// How one entry stands, with the entries after it on its cell.
struct Judged<'a> {
    standing: Standing,
    later: Vec<Later>,
    /// The entry the standing names (a revert, or someone else's change).
    by: Option<&'a (AuditRow, Option<Actor>)>,
}

fn judge<'a>(row: &CompromiseRow, e: &AuditRow, later: &'a ByCell) -> Judged<'a> {
    let after: &[(AuditRow, Option<Actor>)] = cell_of(e)
        .and_then(|c| later.get(&c))
        .map_or(&[], Vec::as_slice);
    let after: Vec<&(AuditRow, Option<Actor>)> = after.iter().filter(|l| l.0.seq > e.seq).collect();
    let facts: Vec<Later> = after
        .iter()
        .map(|(l, _)| Later {
            seq: l.seq,
            by_account: covered(row, l),
            reverts: reverts_of(l),
        })
        .collect();
    let standing = rules::standing(&e.action, e.seq, &facts);
    let by = match standing {
        Standing::Reverted { by } | Standing::ChangedLater { by } => {
            after.iter().find(|l| l.0.seq == by).copied()
        }
        Standing::Revertible | Standing::NotRevertible => None,
    };
    Judged {
        standing,
        later: facts,
        by,
    }
}

/// A page of the account's operations in the report's window, newest first, each with how it
/// stands (R-S5).
pub(crate) fn operations(
    conn: &mut DbConnection,
    school: SchoolId,
    row: &CompromiseRow,
    offset: i64,
    limit: i64,
) -> Result<CompromiseDetail, ApiError> {
    let listed = audit::list_where(conn, school, &window(row)?, offset, limit)?;
    let cells: Vec<&AuditRow> = listed
        .rows
        .iter()
        .map(|(e, _)| e)
        .filter(|e| cell_of(e).is_some())
        .collect();
    let later = later_by_cell(conn, school, &cells)?;
    let names = CellNames::load(conn, school, &cells)?;
    let mut operations = Vec::with_capacity(listed.rows.len());
    for (e, login) in &listed.rows {
        let judged = judge(row, e, &later);
        let (page_name, student_name, work_type_name) = names.of(e);
        let (standing, by_seq) = match judged.standing {
            Standing::Revertible => (OperationStanding::Revertible, None),
            Standing::Reverted { by } => (OperationStanding::Reverted, Some(by)),
            Standing::ChangedLater { by } => (OperationStanding::ChangedLater, Some(by)),
            Standing::NotRevertible => (OperationStanding::NotRevertible, None),
        };
        operations.push(CompromisedOperation {
            entry: audit_entry(e.clone(), login.clone())?,
            page_name,
            student_name,
            work_type_name,
            standing,
            by_seq,
            by_name: judged
                .by
                .and_then(|(_, a)| a.as_ref())
                .map(|a| a.name.clone()),
            by_at: judged.by.map(|(l, _)| utc(l.at)),
        });
    }
    Ok(CompromiseDetail {
        compromise: view(conn, row)?,
        operations,
        total: listed.total,
        offset,
        limit,
    })
}

/// What the listed cells name, read once per kind for the page shown: the pages' subjects and
/// classes, the students, the work types.
struct CellNames {
    pages: HashMap<String, String>,
    students: HashMap<String, String>,
    work_types: HashMap<String, String>,
}

impl CellNames {
    fn load(
        conn: &mut DbConnection,
        school: SchoolId,
        cells: &[&AuditRow],
    ) -> Result<Self, ApiError> {
        let field = |e: &AuditRow, f: &str| {
            json_of(&e.after_json).and_then(|v| v.get(f).and_then(Value::as_str).map(str::to_owned))
        };
        let mut students: Vec<String> = cells
            .iter()
            .filter_map(|e| field(e, "student_id"))
            .collect();
        students.sort();
        students.dedup();
        let mut pages: Vec<String> = cells.iter().filter_map(|e| e.entity_id.clone()).collect();
        pages.sort();
        pages.dedup();
        let assignment_ids: Vec<String> = pages
            .iter()
            .filter_map(|p| p.split_once('/').map(|(a, _)| a.to_owned()))
            .collect();
        let assignments = names::assignments(conn, school, &assignment_ids)?;
        let ids = |f: fn(&journal_db::structure::Assignment) -> &String| {
            assignments.iter().map(f).cloned().collect::<Vec<_>>()
        };
        let subjects: HashMap<String, String> =
            names::subjects(conn, school, &ids(|a| &a.subject_id))?
                .into_iter()
                .collect();
        let classes: HashMap<String, String> = names::classes(conn, school, &ids(|a| &a.class_id))?
            .into_iter()
            .map(|c| (c.id.clone(), c.name()))
            .collect();
        let by_assignment: HashMap<&String, String> = assignments
            .iter()
            .map(|a| {
                let subject = subjects.get(&a.subject_id).cloned().unwrap_or_default();
                let class = classes.get(&a.class_id).cloned().unwrap_or_default();
                (&a.id, format!("{subject}, {class}"))
            })
            .collect();
        Ok(CellNames {
            pages: pages
                .iter()
                .filter_map(|p| {
                    let (a, _) = p.split_once('/')?;
                    Some((p.clone(), by_assignment.get(&a.to_owned())?.clone()))
                })
                .collect(),
            students: names::students(conn, school, &students)?
                .into_iter()
                .collect(),
            work_types: if cells.iter().any(|e| e.action == "journal.mark") {
                journal_db::journal::work_types(conn, school)?
                    .into_iter()
                    .map(|w| (w.code, w.name))
                    .collect()
            } else {
                HashMap::new()
            },
        })
    }

    /// The page, student and work type an entry names.
    fn of(&self, e: &AuditRow) -> (Option<String>, Option<String>, Option<String>) {
        if cell_of(e).is_none() {
            return (None, None, None);
        }
        let after = json_of(&e.after_json);
        let field = |f: &str| {
            after
                .as_ref()
                .and_then(|v| v.get(f))
                .and_then(Value::as_str)
        };
        (
            e.entity_id
                .as_ref()
                .and_then(|p| self.pages.get(p))
                .cloned(),
            field("student_id")
                .and_then(|s| self.students.get(s))
                .cloned(),
            field("work_type")
                .and_then(|w| self.work_types.get(w))
                .cloned(),
        )
    }
}

/// The most operations one revert takes (all at once pages through them).
pub(crate) const MAX_REVERT: i64 = 1000;

/// The chain places of the report's operations a revert could put back now, oldest first, at most
/// [`MAX_REVERT`]: the window is read in pages of that many until they are found or it ends.
pub(crate) fn revertible(
    conn: &mut DbConnection,
    school: SchoolId,
    row: &CompromiseRow,
) -> Result<Vec<i64>, ApiError> {
    let window = window(row)?;
    let mut out = Vec::new();
    let mut after = 0;
    while out.len() < MAX_REVERT as usize {
        let entries = audit::all_where(conn, school, &window, after, MAX_REVERT)?;
        let Some(last) = entries.last() else { break };
        after = last.seq;
        let cells: Vec<&AuditRow> = entries.iter().filter(|e| cell_of(e).is_some()).collect();
        let later = later_by_cell(conn, school, &cells)?;
        out.extend(
            cells
                .iter()
                .filter(|e| judge(row, e, &later).standing == Standing::Revertible)
                .map(|e| e.seq),
        );
    }
    out.truncate(MAX_REVERT as usize);
    Ok(out)
}

/// The change that puts a cell back as `e` found it: its `before`, or an empty cell.
fn putting_back(e: &AuditRow) -> Option<CellChange> {
    let cell = json_of(&e.after_json)?;
    let before = json_of(&e.before_json);
    let (kind, values): (&str, &[&str]) = match e.action.as_str() {
        "journal.mark" => ("mark", &["value", "comment", "given_on"]),
        "journal.lesson" => (
            "lesson",
            &[
                "topic",
                "plan_topic_id",
                "homework",
                "homework_due",
                "homework_note",
            ],
        ),
        _ => ("attendance", &["status", "reason"]),
    };
    let keys = key_fields(&e.action);
    let mut change = serde_json::Map::new();
    change.insert("kind".into(), json!(kind));
    for k in keys {
        change.insert((*k).into(), cell.get(*k)?.clone());
    }
    if let Some(before) = &before {
        for k in values {
            if let Some(v) = before.get(*k).filter(|v| !v.is_null()) {
                change.insert((*k).into(), v.clone());
            }
        }
    }
    if kind == "lesson" {
        // A lesson with no record before it stands as not held, with nothing written.
        let field = |k: &str| before.as_ref().and_then(|b| b.get(k));
        let conducted = field("conducted").and_then(Value::as_bool).unwrap_or(false);
        let work_types: Vec<&str> = field("work_types")
            .and_then(Value::as_str)
            .map(|w| w.split(',').filter(|t| !t.is_empty()).collect())
            .unwrap_or_default();
        change.insert("conducted".into(), json!(conducted));
        change.insert("work_types".into(), json!(work_types));
    }
    serde_json::from_value(Value::Object(change)).ok()
}

/// Revert the report's operations `seqs` (R-S5): each cell goes back as the earliest of them
/// found it, through the journal's save (its rules and locks hold), page by page; the revert's
/// journal entries name what they revert, and one `compromise.revert` entry sums it up. An
/// operation not put back is refused with its reason, never skipped.
pub(crate) fn revert(
    conn: &mut DbConnection,
    key: &AuditKey,
    session: &Session,
    row: &CompromiseRow,
    seqs: &[i64],
) -> Result<RevertOutcome, ApiError> {
    let school = session.caller.school_id;
    let mut outcome = RevertOutcome::default();
    let mut refuse = |seq: i64, code: &str| {
        outcome.refused.push(RevertRefusal {
            seq,
            code: code.to_owned(),
        })
    };
    let mut asked: Vec<i64> = seqs.to_vec();
    asked.sort_unstable();
    asked.dedup();
    let found = audit::at_places(conn, school, &asked)?;
    for seq in &asked {
        if !found.iter().any(|e| e.seq == *seq && covered(row, e)) {
            refuse(*seq, "not_in_report");
        }
    }
    let entries: Vec<&AuditRow> = found.iter().filter(|e| covered(row, e)).collect();
    let later = later_by_cell(conn, school, &entries)?;
    // Per page, per cell: the earliest asked entry, and every entry its revert undoes.
    let mut pages: BTreeMap<String, BTreeMap<Cell, (&AuditRow, Vec<i64>)>> = BTreeMap::new();
    for e in &entries {
        let judged = judge(row, e, &later);
        match judged.standing {
            Standing::Revertible => {}
            Standing::Reverted { .. } => {
                refuse(e.seq, "reverted");
                continue;
            }
            Standing::ChangedLater { .. } => {
                refuse(e.seq, "changed_later");
                continue;
            }
            Standing::NotRevertible => {
                refuse(e.seq, "not_revertible");
                continue;
            }
        }
        let (Some(cell), Some(page)) = (cell_of(e), e.entity_id.clone()) else {
            refuse(e.seq, "not_revertible");
            continue;
        };
        // Entries come oldest first: the first of a cell is the one its revert starts from.
        pages
            .entry(page)
            .or_default()
            .entry(cell)
            .or_insert_with(|| (*e, rules::undone_with(e.seq, &judged.later)));
    }
    let mut events = Vec::new();
    for (page_key, cells) in pages {
        let asked_here: Vec<i64> = entries
            .iter()
            .filter(|e| e.entity_id.as_deref() == Some(page_key.as_str()))
            .filter(|e| !outcome.refused.iter().any(|r| r.seq == e.seq))
            .map(|e| e.seq)
            .collect();
        match revert_page(conn, session, &page_key, &cells)? {
            Ok(written) => {
                events.extend(written);
                outcome.reverted.extend(asked_here);
            }
            Err(code) => {
                for seq in asked_here {
                    outcome.refused.push(RevertRefusal {
                        seq,
                        code: code.clone(),
                    });
                }
            }
        }
    }
    outcome.reverted.sort_unstable();
    outcome.refused.sort_by_key(|r| r.seq);
    audit::record_many(conn, key, &events)?;
    let mut summary = crate::services::audit_event(
        session,
        journal_domain::Action::ReviewCompromises,
        "compromise.revert",
        "compromise",
        row.id.clone(),
    );
    summary.after = Some(json!({
        "user_id": row.user_id,
        "reverted": outcome.reverted,
        "refused": outcome.refused.iter().map(|r| json!({"seq": r.seq, "code": r.code})).collect::<Vec<_>>(),
    }));
    audit::record(conn, key, &summary)?;
    Ok(outcome)
}

/// Put back the cells of one page through its save; `Err(code)` when the page refuses (nothing of
/// it is written then).
fn revert_page(
    conn: &mut DbConnection,
    session: &Session,
    page_key: &str,
    cells: &BTreeMap<Cell, (&AuditRow, Vec<i64>)>,
) -> Result<Result<Vec<AuditEvent>, String>, ApiError> {
    let school = session.caller.school_id;
    let Some((assignment, period)) = page_key
        .split_once('/')
        .and_then(|(a, p)| Some((Uuid::parse_str(a).ok()?, Uuid::parse_str(p).ok()?)))
    else {
        return Ok(Err("not_revertible".into()));
    };
    let mut page = match page::load(conn, school, assignment, period) {
        Ok(p) => p,
        Err(e) if e.status == StatusCode::NOT_FOUND => return Ok(Err("not_found".into())),
        Err(e) => return Err(e),
    };
    if let Err(e) = ensure_open(&page.year.year) {
        return Ok(Err(e.code.as_str().to_owned()));
    }
    let mut changes = Vec::with_capacity(cells.len());
    let mut undone = Vec::with_capacity(cells.len());
    for (e, reverts) in cells.values() {
        match putting_back(e) {
            Some(c) => {
                changes.push(c);
                undone.push((cell_of(e), reverts.clone()));
            }
            None => return Ok(Err("not_revertible".into())),
        }
    }
    // The revert puts the cells back under the page's rules (R-S5).
    let mut events = match page::restore(conn, session, &mut page, &changes)? {
        Ok(events) => events,
        Err(Refused::Locked) => return Ok(Err(ErrorCode::PeriodLocked.as_str().to_owned())),
        Err(Refused::Changes(list)) => {
            let code = list
                .first()
                .map_or("invalid_changes", |(_, r)| r.code())
                .to_owned();
            return Ok(Err(code));
        }
    };
    if !journal_db::journal::bump_version(
        conn,
        school,
        (&page.assignment.id, &page.period.id),
        page.version,
    )? {
        return Err(page::stale());
    }
    // Each cell's entry names what it reverts; a cell that already stood as before gets one too,
    // so the revert is on its record either way.
    for (cell, reverts) in undone {
        let written = events.iter_mut().find(|ev| {
            cell.is_some()
                && ev.action == cell.as_ref().map_or("", |c| c.action.as_str())
                && same_cell(ev.after.as_ref(), cell.as_ref())
        });
        match written {
            Some(ev) => {
                if let Some(after) = ev.after.as_mut() {
                    after["reverts"] = json!(reverts);
                }
            }
            None => {
                let Some(c) = &cell else { continue };
                let found = cells
                    .get(c)
                    .map(|v| v.0)
                    .ok_or_else(|| ApiError::internal("a reverted cell went missing"))?;
                // The cell stands as before the change: that is both sides of the entry.
                let stood = json_of(&found.before_json).unwrap_or_else(|| cell_only(found));
                let mut after = stood.clone();
                after["reverts"] = json!(reverts);
                events.push(page::event(
                    session,
                    &page,
                    &c.action,
                    Some(stood),
                    Some(after),
                ));
            }
        }
    }
    Ok(Ok(events))
}

/// Whether an entry's `after` is about `cell`.
fn same_cell(after: Option<&Value>, cell: Option<&Cell>) -> bool {
    let (Some(after), Some(cell)) = (after, cell) else {
        return false;
    };
    key_fields(&cell.action)
        .iter()
        .zip(&cell.key)
        .all(|(f, v)| after.get(*f).and_then(Value::as_str) == Some(v.as_str()))
}

/// An entry's cell without its values (an empty cell).
fn cell_only(e: &AuditRow) -> Value {
    let after = json_of(&e.after_json).unwrap_or_else(|| json!({}));
    let mut out = serde_json::Map::new();
    for f in key_fields(&e.action) {
        if let Some(v) = after.get(*f) {
            out.insert((*f).into(), v.clone());
        }
    }
    Value::Object(out)
}
