//! Closing or reopening a period for many pages at once (R-F2; issue 12, item 8): every page of a
//! class — its own assignments and those of the groups drawing from it — or of the whole school,
//! whose grades the period covers. The pages' facts are read in a fixed number of queries, never
//! one per page (a school has hundreds of pages a period); each page is decided by
//! `journal_domain::locking` with its own closes and reopens, as one page's close and reopen are,
//! and a page the rule refuses is listed with its code rather than failing the request.

use super::{auto_lock_days, lock_entry};
use crate::auth::Session;
use crate::error::ApiError;
use crate::services::uuid_of;
use chrono::NaiveDate;
use journal_api_types::journal::{BulkLockPage, BulkLockResult, BulkLockSkip};
use journal_api_types::ErrorCode;
use journal_db::audit::{self, AuditKey};
use journal_db::journal::{self as jdb, LockRow};
use journal_db::structure::{self as sdb, Assignment, PeriodRow, SchoolYear};
use journal_db::{names, users, DbConnection};
use journal_domain::collate::ru_key;
use journal_domain::locking::{may_close, may_reopen, LockEvent};
use journal_domain::SchoolId;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// What is done to every page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bulk {
    Close,
    /// Reopened until the end of `until`, or for good.
    Reopen {
        until: Option<NaiveDate>,
    },
}

/// One page of the request: its assignment, how the answer names it, its closes and reopens
/// (oldest first) and where it sorts.
struct BulkPage {
    assignment: Assignment,
    shown: BulkLockPage,
    events: Vec<LockEvent>,
    order: (i32, Vec<u32>, Vec<u32>, Vec<u32>, Vec<u32>),
}

/// The pages of one period for a class or the school, with what their decisions need.
pub(crate) struct Pages {
    period: PeriodRow,
    year: SchoolYear,
    auto_lock_days: Option<u16>,
    pages: Vec<BulkPage>,
}

/// The pages of `period` for `class`, or for the whole school without one. A period or a class
/// that is not the school's (or a class of another year than the period's) is `404`.
pub(crate) fn pages(
    conn: &mut DbConnection,
    school: SchoolId,
    period: Uuid,
    class: Option<Uuid>,
) -> Result<Pages, ApiError> {
    let period = sdb::period(conn, school, &period.to_string())?.ok_or_else(ApiError::not_found)?;
    let year = sdb::year(conn, school, &period.year_id)?
        .ok_or_else(ApiError::not_found)?
        .year;
    let assignments: Vec<Assignment> = match class {
        Some(id) => {
            let class = sdb::class(conn, school, &id.to_string())?
                .filter(|c| c.year_id.as_deref() == Some(period.year_id.as_str()))
                .ok_or_else(ApiError::not_found)?;
            sdb::assignments(conn, school, Some(&class.id), None)?
                .into_iter()
                .filter(|a| a.year_id == period.year_id)
                .collect()
        }
        None => sdb::assignments_of_year(conn, school, &period.year_id)?,
    };
    // The names the answer shows: one query per kind.
    let ids = |of: &dyn Fn(&Assignment) -> Option<&String>| -> Vec<String> {
        let set: HashSet<&String> = assignments.iter().filter_map(of).collect();
        set.into_iter().cloned().collect()
    };
    let classes: HashMap<String, journal_db::roster::Class> =
        names::classes(conn, school, &ids(&|a| Some(&a.class_id)))?
            .into_iter()
            .map(|c| (c.id.clone(), c))
            .collect();
    let subjects: HashMap<String, String> =
        names::subjects(conn, school, &ids(&|a| Some(&a.subject_id)))?
            .into_iter()
            .collect();
    let groups: HashMap<String, String> =
        names::groups(conn, school, &ids(&|a| a.group_id.as_ref()))?
            .into_iter()
            .collect();
    let teachers: HashMap<String, String> = users::find_many(conn, &ids(&|a| Some(&a.teacher_id)))?
        .into_iter()
        .map(|u| (u.id.clone(), u.full_name()))
        .collect();
    // A page of the period is an assignment of a class whose grade the period covers.
    let covered = |a: &Assignment| {
        classes
            .get(&a.class_id)
            .is_some_and(|c| (period.grade_from..=period.grade_to).contains(&c.grade))
    };
    let assignments: Vec<Assignment> = assignments.into_iter().filter(covered).collect();
    let ids: Vec<String> = assignments.iter().map(|a| a.id.clone()).collect();
    let mut locks = jdb::locks_of_pages(conn, school, &period.id, &ids)?;
    let auto_lock_days = auto_lock_days(&jdb::settings(conn, school)?);
    let mut pages = Vec::with_capacity(assignments.len());
    for a in assignments {
        let Some(class) = classes.get(&a.class_id) else {
            continue;
        };
        let group_name = a.group_id.as_ref().and_then(|g| groups.get(g).cloned());
        let subject_name = subjects.get(&a.subject_id).cloned().unwrap_or_default();
        let teacher_name = teachers.get(&a.teacher_id).cloned().unwrap_or_default();
        let events = locks
            .remove(&a.id)
            .unwrap_or_default()
            .iter()
            .map(LockRow::event)
            .collect();
        let order = (
            class.grade,
            ru_key(&class.letter),
            ru_key(group_name.as_deref().unwrap_or_default()),
            ru_key(&subject_name),
            ru_key(&teacher_name),
        );
        pages.push(BulkPage {
            shown: BulkLockPage {
                assignment_id: uuid_of(&a.id)?,
                class_id: uuid_of(&class.id)?,
                class_name: class.name(),
                group_name,
                subject_name,
                teacher_name,
            },
            assignment: a,
            events,
            order,
        });
    }
    pages.sort_by(|a, b| a.order.cmp(&b.order));
    Ok(Pages {
        period,
        year,
        auto_lock_days,
        pages,
    })
}

/// What deciding the pages came to: the lock rows and audit entries to write, and the answer.
pub(crate) struct Decided {
    pub(crate) rows: Vec<LockRow>,
    pub(crate) events: Vec<audit::AuditEvent>,
    pub(crate) result: BulkLockResult,
}

impl Pages {
    /// Decide every page on `today` (the school's date) by the domain's rule: an archived year
    /// leaves each page as it is (`year_archived`, R-B7), else `may_close` / `may_reopen` with the
    /// page's own closes and reopens, the period's end and the automatic lock. Nothing is written.
    pub(crate) fn decide(
        self,
        session: &Session,
        bulk: Bulk,
        reason: Option<String>,
        today: NaiveDate,
    ) -> Decided {
        let mut out = Decided {
            rows: Vec::new(),
            events: Vec::new(),
            result: BulkLockResult::default(),
        };
        let ends = self.period.ends_on;
        for page in self.pages {
            let decision = if self.year.is_archived() {
                Err(ErrorCode::YearArchived)
            } else {
                match bulk {
                    Bulk::Close => may_close(&page.events, ends, self.auto_lock_days, today),
                    Bulk::Reopen { until } => {
                        may_reopen(&page.events, ends, self.auto_lock_days, today, until)
                    }
                }
                .map_err(ErrorCode::from)
            };
            match decision {
                Ok(()) => {
                    let (kind, until) = match bulk {
                        Bulk::Close => ("close", None),
                        Bulk::Reopen { until } => ("reopen", until),
                    };
                    let (row, event) = lock_entry(
                        session,
                        &page.assignment,
                        &self.period.id,
                        kind,
                        until,
                        reason.clone(),
                    );
                    out.rows.push(row);
                    out.events.push(event);
                    out.result.done.push(page.shown);
                }
                Err(code) => out.result.skipped.push(BulkLockSkip {
                    page: page.shown,
                    code,
                }),
            }
        }
        out
    }
}

/// Decide the pages on `today` and write the lock rows and their audit entries, in the caller's
/// transaction: one statement for the rows, one batch for the entries. The answer.
pub(crate) fn apply(
    conn: &mut DbConnection,
    key: &AuditKey,
    session: &Session,
    pages: Pages,
    bulk: Bulk,
    reason: Option<String>,
    today: NaiveDate,
) -> Result<BulkLockResult, ApiError> {
    let decided = pages.decide(session, bulk, reason, today);
    if !decided.rows.is_empty() {
        journal_db::bulk::insert_locks(conn, &decided.rows)?;
        audit::record_many(conn, key, &decided.events)?;
    }
    Ok(decided.result)
}
