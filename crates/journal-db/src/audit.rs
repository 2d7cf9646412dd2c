//! The audit log (R-P4): every write records who, when, what, before and after, in the same
//! transaction as the write. Entries form one hash chain per school (and one for events outside any
//! school); each hash is an HMAC-SHA256 keyed with a server secret over the entry and the previous
//! hash, so an edited, removed or inserted row breaks the chain at that point.

use crate::schema::{audit_chain_heads, audit_log};
use crate::{now, DbConnection, Listed};
use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;
use hmac::{Hmac, Mac};
use journal_domain::{SchoolId, UserId};
use serde_json::Value;
use sha2::Sha256;
use std::collections::HashMap;

/// Chain name of events that belong to no school (e.g. a failed sign-in with an unknown login).
pub const DEPLOYMENT_CHAIN: &str = "deployment";

/// The server secret the chain is keyed with.
#[derive(Clone)]
pub struct AuditKey(Vec<u8>);

impl AuditKey {
    pub fn new(secret: &[u8]) -> Self {
        Self(secret.to_vec())
    }
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(…)")
    }
}

/// One change to record.
#[derive(Debug, Clone, Default)]
pub struct AuditEvent {
    pub school_id: Option<SchoolId>,
    pub actor_id: Option<UserId>,
    /// The role the actor acted in (`admin`, `teacher`, …) or `system`.
    pub actor_role: Option<String>,
    /// `entity.verb`, e.g. `user.create`.
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub request_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub chain: String,
    pub seq: i64,
    pub school_id: Option<String>,
    pub actor_id: Option<String>,
    pub actor_role: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub at: NaiveDateTime,
    pub request_id: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRow {
    /// The keyed hash of this entry's content and its predecessor's hash.
    fn compute_hash(&self, key: &AuditKey) -> String {
        let canonical = serde_json::json!([
            self.chain,
            self.seq,
            self.school_id,
            self.actor_id,
            self.actor_role,
            self.action,
            self.entity,
            self.entity_id,
            self.before_json,
            self.after_json,
            self.at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string(),
            self.request_id,
            self.prev_hash,
        ]);
        // HMAC accepts keys of any length, so this cannot fail.
        let mut mac = match Hmac::<Sha256>::new_from_slice(&key.0) {
            Ok(mac) => mac,
            Err(_) => unreachable!("HMAC takes keys of any length"),
        };
        mac.update(canonical.to_string().as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

/// Append an entry to its chain. Call inside the write transaction of the change it records.
/// Bumping the chain head first takes its row lock, so concurrent writers of one school line up.
pub fn record(conn: &mut DbConnection, key: &AuditKey, event: &AuditEvent) -> QueryResult<i64> {
    let seqs = record_many(conn, key, std::slice::from_ref(event))?;
    Ok(seqs.first().copied().unwrap_or_default())
}

/// Append entries to their chains, in order, with a few statements per chain however many there
/// are: the head is bumped by their number at once (taking its row lock, as [`record`] does), the
/// hashes are chained in memory and the rows go in with multi-row inserts. Call it last in the
/// write transaction, so the head's lock, which lines up the school's writers, is held only until
/// the commit. Returns each event's sequence number in its chain.
pub fn record_many(
    conn: &mut DbConnection,
    key: &AuditKey,
    events: &[AuditEvent],
) -> QueryResult<Vec<i64>> {
    let chain_of = |e: &AuditEvent| {
        e.school_id
            .map_or_else(|| DEPLOYMENT_CHAIN.to_owned(), |s| s.to_string())
    };
    let mut chains: Vec<String> = events.iter().map(chain_of).collect();
    let mut order = chains.clone();
    order.sort();
    order.dedup();
    let mut seqs = vec![0_i64; events.len()];
    for chain in order {
        let mine: Vec<usize> = (0..events.len()).filter(|&i| chains[i] == chain).collect();
        let n = mine.len() as i64;
        let bumped = diesel::update(audit_chain_heads::table.find(&chain))
            .set(audit_chain_heads::seq.eq(audit_chain_heads::seq + n))
            .execute(conn)?;
        if bumped == 0 {
            diesel::insert_into(audit_chain_heads::table)
                .values((
                    audit_chain_heads::chain.eq(&chain),
                    audit_chain_heads::seq.eq(n),
                    audit_chain_heads::hash.eq(""),
                ))
                .execute(conn)?;
        }
        let (last, mut prev_hash): (i64, String) = audit_chain_heads::table
            .find(&chain)
            .select((audit_chain_heads::seq, audit_chain_heads::hash))
            .first(conn)?;
        let at = now();
        let mut rows = Vec::with_capacity(mine.len());
        for (k, &i) in mine.iter().enumerate() {
            let event = &events[i];
            let seq = last - n + 1 + k as i64;
            let mut row = AuditRow {
                chain: std::mem::take(&mut chains[i]),
                seq,
                school_id: event.school_id.map(|s| s.to_string()),
                actor_id: event.actor_id.map(|u| u.to_string()),
                actor_role: event.actor_role.clone(),
                action: event.action.clone(),
                entity: event.entity.clone(),
                entity_id: event.entity_id.clone(),
                before_json: event.before.as_ref().map(Value::to_string),
                after_json: event.after.as_ref().map(Value::to_string),
                at,
                request_id: event.request_id.clone(),
                prev_hash: std::mem::take(&mut prev_hash),
                hash: String::new(),
            };
            row.hash = row.compute_hash(key);
            prev_hash = row.hash.clone();
            seqs[i] = seq;
            rows.push(row);
        }
        insert_audit_rows(conn, &rows)?;
        diesel::update(audit_chain_heads::table.find(&chain))
            .set(audit_chain_heads::hash.eq(&prev_hash))
            .execute(conn)?;
    }
    Ok(seqs)
}

/// The first place where a chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    pub chain: String,
    /// The entry where the chain breaks (for a cut-off tail: the last entry the head expects).
    pub seq: i64,
    pub reason: String,
}

/// Result of walking every chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub chains: usize,
    pub entries: u64,
    pub first_break: Option<Break>,
}

const VERIFY_BATCH: i64 = 1_000;

/// Walk every chain in order and recompute each hash, in batches (constant memory). Stops at the
/// first break.
pub fn verify(conn: &mut DbConnection, key: &AuditKey) -> QueryResult<Verification> {
    let heads: Vec<(String, i64, String)> = audit_chain_heads::table
        .order(audit_chain_heads::chain.asc())
        .select((
            audit_chain_heads::chain,
            audit_chain_heads::seq,
            audit_chain_heads::hash,
        ))
        .load(conn)?;
    let mut entries = 0_u64;
    for (chain, head_seq, head_hash) in &heads {
        let mut expected_seq = 1_i64;
        let mut prev_hash = String::new();
        loop {
            let batch: Vec<AuditRow> = audit_log::table
                .filter(audit_log::chain.eq(chain))
                .filter(audit_log::seq.ge(expected_seq))
                .order(audit_log::seq.asc())
                .limit(VERIFY_BATCH)
                .select(AuditRow::as_select())
                .load(conn)?;
            let batch_len = batch.len();
            for row in batch {
                entries += 1;
                let problem = if row.seq != expected_seq {
                    Some((expected_seq, format!("entry {expected_seq} is missing")))
                } else if row.prev_hash != prev_hash {
                    Some((row.seq, "does not link to the entry before it".to_owned()))
                } else if row.compute_hash(key) != row.hash {
                    Some((
                        row.seq,
                        "content does not match its hash (edited)".to_owned(),
                    ))
                } else {
                    None
                };
                if let Some((seq, reason)) = problem {
                    return Ok(broken(heads.len(), entries, chain, seq, reason));
                }
                prev_hash = row.hash;
                expected_seq += 1;
            }
            if (batch_len as i64) < VERIFY_BATCH {
                break;
            }
        }
        let last = expected_seq - 1;
        if last != *head_seq || prev_hash != *head_hash {
            let reason =
                format!("the chain ends at entry {last} but its head records entry {head_seq}");
            return Ok(broken(heads.len(), entries, chain, last + 1, reason));
        }
    }
    Ok(Verification {
        chains: heads.len(),
        entries,
        first_break: None,
    })
}

fn broken(chains: usize, entries: u64, chain: &str, seq: i64, reason: String) -> Verification {
    Verification {
        chains,
        entries,
        first_break: Some(Break {
            chain: chain.to_owned(),
            seq,
            reason,
        }),
    }
}

/// Filters of the audit list, with its paging.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub action: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub offset: i64,
    pub limit: i64,
}

/// Every filter of the log's readers (the list and the export), all combined (AND) in SQL.
#[derive(Debug, Clone, Default)]
pub struct Conditions {
    pub action: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// Only entries made by this account.
    pub actor_id: Option<UserId>,
    /// Only entries at or after this UTC time.
    pub since: Option<NaiveDateTime>,
    /// Only entries before this UTC time.
    pub until: Option<NaiveDateTime>,
}

impl From<&ListFilter> for Conditions {
    fn from(f: &ListFilter) -> Self {
        Self {
            action: f.action.clone(),
            entity: f.entity.clone(),
            entity_id: f.entity_id.clone(),
            ..Self::default()
        }
    }
}

type Db = <DbConnection as Connection>::Backend;

/// The school's entries that `filter` keeps (its paging aside). Served by the indexes
/// `audit_log_chain_at` (chain, at, seq) and `audit_log_chain_actor` (chain, actor_id, at, seq).
fn matching(school: SchoolId, filter: &Conditions) -> audit_log::BoxedQuery<'static, Db> {
    let mut q = audit_log::table
        .filter(audit_log::chain.eq(school.to_string()))
        .into_boxed();
    if let Some(a) = &filter.action {
        q = q.filter(audit_log::action.eq(a.clone()));
    }
    if let Some(e) = &filter.entity {
        q = q.filter(audit_log::entity.eq(e.clone()));
    }
    if let Some(id) = &filter.entity_id {
        q = q.filter(audit_log::entity_id.eq(id.clone()));
    }
    if let Some(actor) = filter.actor_id {
        q = q.filter(audit_log::actor_id.eq(actor.to_string()));
    }
    if let Some(since) = filter.since {
        q = q.filter(audit_log::at.ge(since));
    }
    if let Some(until) = filter.until {
        q = q.filter(audit_log::at.lt(until));
    }
    q
}

/// Who made an entry: the account's login and full name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub login: String,
    /// "Фамилия Имя Отчество".
    pub name: String,
}

/// The actors of `rows`, by account id, in one query.
fn actors_of(conn: &mut DbConnection, rows: &[AuditRow]) -> QueryResult<HashMap<String, Actor>> {
    actors(
        conn,
        rows.iter().filter_map(|r| r.actor_id.as_ref()).collect(),
    )
}

/// The accounts `ids` as the log names its actors, by account id, in one query.
pub fn actors(
    conn: &mut DbConnection,
    mut ids: Vec<&String>,
) -> QueryResult<HashMap<String, Actor>> {
    ids.sort();
    ids.dedup();
    let found = crate::names::accounts(conn, &ids)?;
    Ok(found
        .into_iter()
        .map(|(id, login, last, first, middle)| {
            let name = match middle {
                Some(m) => format!("{last} {first} {m}"),
                None => format!("{last} {first}"),
            };
            (id, Actor { login, name })
        })
        .collect())
}

/// `rows` with their actors.
fn with_actors(
    conn: &mut DbConnection,
    rows: Vec<AuditRow>,
) -> QueryResult<Vec<(AuditRow, Option<Actor>)>> {
    let actors = actors_of(conn, &rows)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let actor = r.actor_id.as_ref().and_then(|a| actors.get(a).cloned());
            (r, actor)
        })
        .collect())
}

/// The school's entries, newest first (by time, then by place in the chain), with the actor's
/// login; plus the total count.
pub fn list(
    conn: &mut DbConnection,
    school: SchoolId,
    filter: &ListFilter,
) -> QueryResult<Listed<(AuditRow, Option<String>)>> {
    list_where(
        conn,
        school,
        &Conditions::from(filter),
        filter.offset,
        filter.limit,
    )
}

/// [`list`] with every filter of [`Conditions`].
pub fn list_where(
    conn: &mut DbConnection,
    school: SchoolId,
    filter: &Conditions,
    offset: i64,
    limit: i64,
) -> QueryResult<Listed<(AuditRow, Option<String>)>> {
    let total = matching(school, filter).select(count_star()).first(conn)?;
    let rows: Vec<AuditRow> = matching(school, filter)
        .order((audit_log::at.desc(), audit_log::seq.desc()))
        .offset(offset)
        .limit(limit)
        .select(AuditRow::as_select())
        .load(conn)?;
    let out = with_actors(conn, rows)?
        .into_iter()
        .map(|(r, actor)| (r, actor.map(|a| a.login)))
        .collect();
    Ok(Listed { rows: out, total })
}

/// The last entry of the school's chain so far (0 for none): an export reads up to it, so what it
/// counted is what it writes, whatever is recorded meanwhile (its own entry among them).
pub fn last_seq(conn: &mut DbConnection, school: SchoolId) -> QueryResult<i64> {
    Ok(audit_chain_heads::table
        .find(school.to_string())
        .select(audit_chain_heads::seq)
        .first(conn)
        .optional()?
        .unwrap_or(0))
}

/// How many of the school's entries up to `upto_seq` `filter` keeps, counted only up to `cap`:
/// `cap + 1` means more than `cap` (found without counting them all).
pub fn count_upto(
    conn: &mut DbConnection,
    school: SchoolId,
    filter: &Conditions,
    upto_seq: i64,
    cap: i64,
) -> QueryResult<i64> {
    let beyond: Option<i64> = matching(school, filter)
        .filter(audit_log::seq.le(upto_seq))
        .order((audit_log::at.desc(), audit_log::seq.desc()))
        .offset(cap)
        .limit(1)
        .select(audit_log::seq)
        .first(conn)
        .optional()?;
    if beyond.is_some() {
        return Ok(cap + 1);
    }
    matching(school, filter)
        .filter(audit_log::seq.le(upto_seq))
        .select(count_star())
        .first(conn)
}

/// Where a page of an export ends: the time and chain place of its last (oldest) entry.
pub type Cursor = (NaiveDateTime, i64);

/// One page of an export: at most `limit` of the school's entries up to `upto_seq` that `filter`
/// keeps, newest first (by time, then by place in the chain), older than `after` (keyset paging:
/// each page starts where the last one ended, without counting what it skips), with their actors
/// resolved in one query.
pub fn export_page(
    conn: &mut DbConnection,
    school: SchoolId,
    filter: &Conditions,
    upto_seq: i64,
    after: Option<Cursor>,
    limit: i64,
) -> QueryResult<Vec<(AuditRow, Option<Actor>)>> {
    let mut q = matching(school, filter).filter(audit_log::seq.le(upto_seq));
    if let Some((at, seq)) = after {
        q = q.filter(audit_log::at.le(at)).filter(
            audit_log::at
                .lt(at)
                .or(audit_log::at.eq(at).and(audit_log::seq.lt(seq))),
        );
    }
    let rows: Vec<AuditRow> = q
        .order((audit_log::at.desc(), audit_log::seq.desc()))
        .limit(limit)
        .select(AuditRow::as_select())
        .load(conn)?;
    with_actors(conn, rows)
}

crate::loader::bulk_loader!(
    /// Audit entries whose hashes the caller chained (`audit::record_many`).
    insert_audit_rows, AuditRow, audit_log,
    [chain, seq, school_id, actor_id, actor_role, action, entity, entity_id, before_json,
     after_json, at, request_id, prev_hash, hash]
);

/// The school's entries of `actions` on the `entity` objects `ids` after chain place `after_seq`,
/// in chain order, with their actors: what happened to those objects since (R-S5: a later change
/// by someone else stops a revert). Served by `audit_log_entity`.
pub fn later_on(
    conn: &mut DbConnection,
    school: SchoolId,
    entity: &str,
    ids: &[String],
    actions: &[&str],
    after_seq: i64,
) -> QueryResult<Vec<(AuditRow, Option<Actor>)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<AuditRow> = audit_log::table
        .filter(audit_log::school_id.eq(school.to_string()))
        .filter(audit_log::chain.eq(school.to_string()))
        .filter(audit_log::entity.eq(entity))
        .filter(audit_log::entity_id.eq_any(ids))
        .filter(audit_log::action.eq_any(actions))
        .filter(audit_log::seq.gt(after_seq))
        .order(audit_log::seq.asc())
        .select(AuditRow::as_select())
        .load(conn)?;
    with_actors(conn, rows)
}

/// The school's entries at the chain places `seqs`.
pub fn at_places(
    conn: &mut DbConnection,
    school: SchoolId,
    seqs: &[i64],
) -> QueryResult<Vec<AuditRow>> {
    audit_log::table
        .filter(audit_log::chain.eq(school.to_string()))
        .filter(audit_log::seq.eq_any(seqs))
        .order(audit_log::seq.asc())
        .select(AuditRow::as_select())
        .load(conn)
}

/// The entries `filter` keeps after chain place `after_seq`, in chain order (oldest first), at
/// most `limit` (keyset paging by place).
pub fn all_where(
    conn: &mut DbConnection,
    school: SchoolId,
    filter: &Conditions,
    after_seq: i64,
    limit: i64,
) -> QueryResult<Vec<AuditRow>> {
    matching(school, filter)
        .filter(audit_log::seq.gt(after_seq))
        .order(audit_log::seq.asc())
        .limit(limit)
        .select(AuditRow::as_select())
        .load(conn)
}
