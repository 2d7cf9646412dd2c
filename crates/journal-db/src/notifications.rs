//! E-mail notifications (R-D4): preferences and the outbox. Items are enqueued in the transaction
//! of the change that causes them; the worker (in `journal-api`) claims due items with one atomic
//! UPDATE (a lease), sends them and marks them sent, so two workers never send the same item at
//! the same time, on SQLite or on several PostgreSQL nodes.

use crate::schema::{guardians, notification_outbox, notification_preferences, student_guardians};
use crate::DbConnection;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use journal_domain::messaging::Preferences;
use journal_domain::SchoolId;
use std::collections::BTreeMap;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = notification_outbox)]
pub struct OutboxRow {
    pub id: String,
    pub school_id: String,
    pub kind: String,
    pub user_id: Option<String>,
    pub email: String,
    pub subject: String,
    pub body: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub lease_token: Option<String>,
    pub lease_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

impl OutboxRow {
    /// A new item: `held` for the digest, `pending` to send at once.
    pub fn new(
        school: &str,
        kind: &str,
        user_id: Option<String>,
        email: &str,
        (subject, body): (String, String),
        digest: bool,
        at: NaiveDateTime,
    ) -> Self {
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            school_id: school.to_owned(),
            kind: kind.to_owned(),
            user_id,
            email: email.to_owned(),
            subject,
            body,
            status: if digest { "held" } else { "pending" }.to_owned(),
            attempts: 0,
            next_attempt_at: at,
            lease_token: None,
            lease_until: None,
            last_error: None,
            created_at: at,
            sent_at: None,
        }
    }
}

/// A user's preferences; the defaults when they never chose.
pub fn preferences(
    conn: &mut DbConnection,
    school: SchoolId,
    user: &str,
) -> QueryResult<Preferences> {
    Ok(preferences_of(conn, school, &[user.to_owned()])?
        .remove(user)
        .unwrap_or_default())
}

/// The preferences of these users who ever chose (one query per 500); the others are absent and
/// have the defaults.
pub fn preferences_of(
    conn: &mut DbConnection,
    school: SchoolId,
    users: &[String],
) -> QueryResult<HashMap<String, Preferences>> {
    let mut out = HashMap::new();
    for chunk in users.chunks(500) {
        let rows: Vec<(String, bool, bool, bool, String)> = notification_preferences::table
            .filter(notification_preferences::school_id.eq(school.to_string()))
            .filter(notification_preferences::user_id.eq_any(chunk))
            .select((
                notification_preferences::user_id,
                notification_preferences::marks,
                notification_preferences::absences,
                notification_preferences::announcements,
                notification_preferences::delivery,
            ))
            .load(conn)?;
        out.extend(
            rows.into_iter()
                .map(|(user, marks, absences, announcements, d)| {
                    (
                        user,
                        Preferences {
                            marks,
                            absences,
                            announcements,
                            digest_only: d == "digest",
                        },
                    )
                }),
        );
    }
    Ok(out)
}

/// Replace a user's preferences.
pub fn set_preferences(
    conn: &mut DbConnection,
    school: SchoolId,
    user: &str,
    p: &Preferences,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(
        notification_preferences::table
            .filter(notification_preferences::school_id.eq(school.to_string()))
            .filter(notification_preferences::user_id.eq(user)),
    )
    .execute(conn)?;
    diesel::insert_into(notification_preferences::table)
        .values((
            notification_preferences::school_id.eq(school.to_string()),
            notification_preferences::user_id.eq(user),
            notification_preferences::marks.eq(p.marks),
            notification_preferences::absences.eq(p.absences),
            notification_preferences::announcements.eq(p.announcements),
            notification_preferences::delivery.eq(if p.digest_only {
                "digest"
            } else {
                "immediate"
            }),
            notification_preferences::updated_at.eq(at),
        ))
        .execute(conn)
        .map(drop)
}

/// A guardian who may get mail about a student.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardianContact {
    pub guardian_id: String,
    pub user_id: Option<String>,
    pub email: Option<String>,
    /// Personal-data consent (R-D5): false once the guardian's refusal is the decision in force.
    /// A guardian with nothing registered yet counts as consenting, as for the diary itself
    /// (`journal_domain::diary::StudentRelation`).
    pub consent: bool,
}

/// The guardians of each of these students.
pub fn guardians_of_students(
    conn: &mut DbConnection,
    school: SchoolId,
    students: &[String],
) -> QueryResult<BTreeMap<String, Vec<GuardianContact>>> {
    let mut out: BTreeMap<String, Vec<GuardianContact>> = BTreeMap::new();
    for chunk in students.chunks(500) {
        let rows: Vec<(String, String, Option<String>, Option<String>)> = student_guardians::table
            .inner_join(guardians::table.on(guardians::id.eq(student_guardians::guardian_id)))
            .filter(student_guardians::school_id.eq(school.to_string()))
            .filter(student_guardians::student_id.eq_any(chunk))
            .order(guardians::id.asc())
            .select((
                student_guardians::student_id,
                guardians::id,
                guardians::user_id,
                guardians::email,
            ))
            .load(conn)?;
        let ids: Vec<String> = rows.iter().map(|r| r.1.clone()).collect();
        let decisions = crate::diary::consents_in_force(conn, school, &ids)?;
        for (student, guardian_id, user_id, email) in rows {
            let consent =
                decisions.get(&guardian_id) != Some(&journal_domain::diary::Consent::Refused);
            out.entry(student).or_default().push(GuardianContact {
                guardian_id,
                user_id,
                email: email.filter(|e| !e.trim().is_empty()),
                consent,
            });
        }
    }
    Ok(out)
}

/// Queue items (in the caller's transaction).
pub fn enqueue(conn: &mut DbConnection, rows: &[OutboxRow]) -> QueryResult<()> {
    for chunk in rows.chunks(50) {
        crate::batch_insert!(conn, notification_outbox::table, chunk)?;
    }
    Ok(())
}

/// Claim up to `limit` due items for `lease` under `token`, in one UPDATE that both backends run
/// atomically: a row another worker holds (an unexpired lease) or has sent is skipped, because
/// the outer WHERE is checked again on the row being updated (PostgreSQL re-evaluates it after a
/// concurrent update commits; SQLite serialises writers). Each claim counts as an attempt.
pub fn claim(
    conn: &mut DbConnection,
    token: &str,
    now: NaiveDateTime,
    lease: Duration,
    limit: i64,
) -> QueryResult<Vec<OutboxRow>> {
    let free = notification_outbox::status
        .eq("pending")
        .and(notification_outbox::next_attempt_at.le(now))
        .and(
            notification_outbox::lease_until
                .is_null()
                .or(notification_outbox::lease_until.lt(now)),
        );
    let due: Vec<String> = notification_outbox::table
        .filter(free)
        .order((
            notification_outbox::next_attempt_at.asc(),
            notification_outbox::id.asc(),
        ))
        .limit(limit)
        .select(notification_outbox::id)
        .load(conn)?;
    if due.is_empty() {
        return Ok(Vec::new());
    }
    diesel::update(
        notification_outbox::table
            .filter(notification_outbox::id.eq_any(&due))
            .filter(free),
    )
    .set((
        notification_outbox::lease_token.eq(token),
        notification_outbox::lease_until.eq(now + lease),
        notification_outbox::attempts.eq(notification_outbox::attempts + 1),
    ))
    .execute(conn)?;
    notification_outbox::table
        .filter(notification_outbox::lease_token.eq(token))
        .filter(notification_outbox::status.eq("pending"))
        .order(notification_outbox::created_at.asc())
        .select(OutboxRow::as_select())
        .load(conn)
}

/// The item went out: mark it sent, if this worker still holds it.
pub fn mark_sent(
    conn: &mut DbConnection,
    id: &str,
    token: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        notification_outbox::table
            .filter(notification_outbox::id.eq(id))
            .filter(notification_outbox::lease_token.eq(token)),
    )
    .set((
        notification_outbox::status.eq("sent"),
        notification_outbox::sent_at.eq(Some(at)),
        notification_outbox::lease_token.eq(None::<String>),
        notification_outbox::lease_until.eq(None::<NaiveDateTime>),
        notification_outbox::last_error.eq(None::<String>),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Sending failed: retry at `next` (or give up as `failed`), releasing the lease.
pub fn mark_failed(
    conn: &mut DbConnection,
    id: &str,
    token: &str,
    error: &str,
    next: Option<NaiveDateTime>,
) -> QueryResult<()> {
    let error: String = error.chars().take(500).collect();
    let target = notification_outbox::table
        .filter(notification_outbox::id.eq(id))
        .filter(notification_outbox::lease_token.eq(token));
    let released = (
        notification_outbox::lease_token.eq(None::<String>),
        notification_outbox::lease_until.eq(None::<NaiveDateTime>),
        notification_outbox::last_error.eq(Some(error)),
    );
    match next {
        Some(at) => diesel::update(target)
            .set((
                notification_outbox::status.eq("pending"),
                notification_outbox::next_attempt_at.eq(at),
                released,
            ))
            .execute(conn),
        None => diesel::update(target)
            .set((notification_outbox::status.eq("failed"), released))
            .execute(conn),
    }
    .map(drop)
}

/// Held items created before `cutoff`, by school and address, for the daily digest.
pub fn held_before(conn: &mut DbConnection, cutoff: NaiveDateTime) -> QueryResult<Vec<OutboxRow>> {
    notification_outbox::table
        .filter(notification_outbox::status.eq("held"))
        .filter(notification_outbox::created_at.lt(cutoff))
        .order((
            notification_outbox::school_id.asc(),
            notification_outbox::email.asc(),
            notification_outbox::created_at.asc(),
        ))
        .select(OutboxRow::as_select())
        .load(conn)
}

/// Mark held items as gone into a digest; the number changed (fewer than asked means another
/// worker digested some concurrently: the caller rolls back).
pub fn mark_digested(conn: &mut DbConnection, ids: &[String]) -> QueryResult<usize> {
    let mut n = 0;
    for chunk in ids.chunks(500) {
        n += diesel::update(
            notification_outbox::table
                .filter(notification_outbox::id.eq_any(chunk))
                .filter(notification_outbox::status.eq("held")),
        )
        .set(notification_outbox::status.eq("digested"))
        .execute(conn)?;
    }
    Ok(n)
}

/// The outbox of a school (for tests and the operator), oldest first.
pub fn outbox_of(conn: &mut DbConnection, school: SchoolId) -> QueryResult<Vec<OutboxRow>> {
    notification_outbox::table
        .filter(notification_outbox::school_id.eq(school.to_string()))
        .order((
            notification_outbox::created_at.asc(),
            notification_outbox::id.asc(),
        ))
        .select(OutboxRow::as_select())
        .load(conn)
}
