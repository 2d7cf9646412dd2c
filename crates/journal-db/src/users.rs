//! Accounts and their roles in schools (R-A1, R-S1, R-S2).

use crate::schema::{schools, user_roles, users};
use crate::{DbConnection, Listed};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use journal_domain::accounts::PasswordState;
use journal_domain::collate::ru_key;
use journal_domain::{Role, SchoolId, UserId};

/// An account row. Logins are stored lower-cased and are unique in the deployment.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: String,
    pub login: String,
    pub password_hash: String,
    pub password_state: String,
    pub password_expires_at: Option<NaiveDateTime>,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub not_before: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub last_login_at: Option<NaiveDateTime>,
    /// The sign-in before `last_login_at`: what the person sees as their last sign-in.
    pub previous_login_at: Option<NaiveDateTime>,
}

impl User {
    /// The domain view of the password column pair.
    pub fn password_state(&self) -> PasswordState {
        match (self.password_state.as_str(), self.password_expires_at) {
            ("one_time", Some(expires)) => PasswordState::OneTime {
                expires_at: expires.and_utc(),
            },
            ("one_time", None) | ("one_time_used", _) => PasswordState::OneTimeUsed,
            _ => PasswordState::Permanent,
        }
    }

    /// Whether the person still has to replace an admin-issued password.
    pub fn must_change_password(&self) -> bool {
        self.password_state != "permanent"
    }

    /// "Фамилия Имя Отчество".
    pub fn full_name(&self) -> String {
        let mut name = format!("{} {}", self.last_name, self.first_name);
        if let Some(middle) = &self.middle_name {
            name.push(' ');
            name.push_str(middle);
        }
        name
    }
}

/// Column values of a password.
pub fn password_columns(state: PasswordState) -> (&'static str, Option<NaiveDateTime>) {
    match state {
        PasswordState::Permanent => ("permanent", None),
        PasswordState::OneTime { expires_at } => ("one_time", Some(expires_at.naive_utc())),
        PasswordState::OneTimeUsed => ("one_time_used", None),
    }
}

/// Logins compare case-insensitively; they are ASCII.
pub fn normalize_login(login: &str) -> String {
    login.trim().to_ascii_lowercase()
}

pub fn insert(conn: &mut DbConnection, user: &User) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values(user)
        .execute(conn)
        .map(drop)
}

pub fn find(conn: &mut DbConnection, id: UserId) -> QueryResult<Option<User>> {
    users::table
        .find(id.to_string())
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// Accounts by id, in one query (for lists that show people's names).
pub fn find_many(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<User>> {
    users::table
        .filter(users::id.eq_any(ids))
        .select(User::as_select())
        .load(conn)
}

/// Which of `logins` (lower-case) some account of the deployment already has.
pub fn taken_logins(
    conn: &mut DbConnection,
    logins: &[String],
) -> QueryResult<std::collections::HashSet<String>> {
    let mut out = std::collections::HashSet::new();
    for chunk in logins.chunks(500) {
        out.extend(
            users::table
                .filter(users::login.eq_any(chunk))
                .select(users::login)
                .load::<String>(conn)?,
        );
    }
    Ok(out)
}

pub fn find_by_login(conn: &mut DbConnection, login: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::login.eq(normalize_login(login)))
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// The account's `not_before` (R-S5): tokens issued earlier are refused.
pub fn not_before(conn: &mut DbConnection, id: UserId) -> QueryResult<Option<NaiveDateTime>> {
    users::table
        .find(id.to_string())
        .select(users::not_before)
        .first(conn)
        .optional()
}

/// What every authenticated request reads, in one statement: the account's `not_before` (R-S5)
/// and the time zone of the school the token is for (`None` when there is no such school).
pub fn session_facts(
    conn: &mut DbConnection,
    id: UserId,
    school: SchoolId,
    session: Option<&str>,
) -> QueryResult<Option<SessionFacts>> {
    let zone = schools::table
        .find(school.to_string())
        .select(schools::timezone)
        .single_value();
    let ended = crate::schema::user_sessions::table
        .find(session.unwrap_or_default().to_owned())
        .select(crate::schema::user_sessions::ended_at)
        .single_value();
    let found: Option<(NaiveDateTime, Option<String>, Option<NaiveDateTime>)> = users::table
        .find(id.to_string())
        .select((users::not_before, zone, ended))
        .first(conn)
        .optional()?;
    Ok(found.map(|(not_before, zone, ended_at)| SessionFacts {
        not_before,
        zone,
        ended: ended_at.is_some(),
    }))
}

/// What every request checks of its token's account and session, read in one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionFacts {
    /// Tokens issued before this are void (R-S5).
    pub not_before: NaiveDateTime,
    /// The school's time zone.
    pub zone: Option<String>,
    /// The token's session was ended (R-S6).
    pub ended: bool,
}

pub fn set_password(
    conn: &mut DbConnection,
    id: UserId,
    hash: &str,
    state: PasswordState,
) -> QueryResult<()> {
    let (state, expires) = password_columns(state);
    diesel::update(users::table.find(id.to_string()))
        .set((
            users::password_hash.eq(hash),
            users::password_state.eq(state),
            users::password_expires_at.eq(expires),
        ))
        .execute(conn)
        .map(drop)
}

pub fn set_not_before(conn: &mut DbConnection, id: UserId, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id.to_string()))
        .set(users::not_before.eq(at))
        .execute(conn)
        .map(drop)
}

/// A sign-in at `at`: the one before it becomes the previous sign-in.
pub fn touch_last_login(conn: &mut DbConnection, id: UserId, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id.to_string()))
        .set((
            users::previous_login_at.eq(users::last_login_at),
            users::last_login_at.eq(Some(at)),
        ))
        .execute(conn)
        .map(drop)
}

pub fn grant_role(
    conn: &mut DbConnection,
    school: SchoolId,
    user: UserId,
    role: Role,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(user_roles::table)
        .values((
            user_roles::school_id.eq(school.to_string()),
            user_roles::user_id.eq(user.to_string()),
            user_roles::role.eq(role.as_str()),
            user_roles::created_at.eq(at),
        ))
        .execute(conn)
        .map(drop)
}

/// The roles of a user in one school, in the canonical order: the stored ones, and `region` when
/// the account reads the region the school belongs to (R-A9).
pub fn roles_in(conn: &mut DbConnection, user: UserId, school: SchoolId) -> QueryResult<Vec<Role>> {
    let codes: Vec<String> = user_roles::table
        .filter(user_roles::user_id.eq(user.to_string()))
        .filter(user_roles::school_id.eq(school.to_string()))
        .select(user_roles::role)
        .load(conn)?;
    let mut roles = parse_roles(&codes);
    // A region account reads the figures of its region's schools (R-A9).
    if crate::regions::reads_school(conn, &user.to_string(), &school.to_string())? {
        roles.push(Role::Region);
        roles.sort();
    }
    Ok(roles)
}

/// Stored roles in one school of each of these users (one query per 500), in the canonical order;
/// a user without a role there is absent.
pub fn roles_of_many(
    conn: &mut DbConnection,
    school: SchoolId,
    users: &[String],
) -> QueryResult<std::collections::HashMap<String, Vec<Role>>> {
    let mut codes: std::collections::HashMap<String, Vec<String>> = Default::default();
    for chunk in users.chunks(500) {
        let rows: Vec<(String, String)> = user_roles::table
            .filter(user_roles::school_id.eq(school.to_string()))
            .filter(user_roles::user_id.eq_any(chunk))
            .select((user_roles::user_id, user_roles::role))
            .load(conn)?;
        for (user, role) in rows {
            codes.entry(user).or_default().push(role);
        }
    }
    Ok(codes
        .into_iter()
        .map(|(user, codes)| (user, parse_roles(&codes)))
        .collect())
}

fn parse_roles(codes: &[String]) -> Vec<Role> {
    let mut roles: Vec<Role> = codes.iter().filter_map(|c| c.parse().ok()).collect();
    roles.sort();
    roles.dedup();
    roles
}

/// A school where a person holds roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub school_id: String,
    pub school_name: String,
    pub roles: Vec<Role>,
}

/// Every school where the user holds a role, by school name.
pub fn memberships(conn: &mut DbConnection, user: UserId) -> QueryResult<Vec<Membership>> {
    let rows: Vec<(String, String, String)> = user_roles::table
        .inner_join(schools::table)
        .filter(user_roles::user_id.eq(user.to_string()))
        .order((schools::name.asc(), schools::id.asc()))
        .select((schools::id, schools::name, user_roles::role))
        .load(conn)?;
    let mut out: Vec<Membership> = Vec::new();
    for (school_id, school_name, role) in rows {
        match out.last_mut() {
            Some(m) if m.school_id == school_id => m.roles.extend(role.parse::<Role>().ok()),
            _ => out.push(Membership {
                school_id,
                school_name,
                roles: role.parse().ok().into_iter().collect(),
            }),
        }
    }
    for m in &mut out {
        m.roles.sort();
    }
    Ok(out)
}

/// Filters of the school's account list.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub role: Option<Role>,
    pub query: Option<String>,
    pub offset: i64,
    pub limit: i64,
}

/// Accounts holding roles in `school`, in Russian alphabetical order of their names, with their
/// roles there; plus the total count. A school has at most a few thousand accounts, so names are
/// sorted here (the databases' own orders put Ё in the wrong place).
pub fn list_in_school(
    conn: &mut DbConnection,
    school: SchoolId,
    filter: &ListFilter,
) -> QueryResult<Listed<(User, Vec<Role>)>> {
    let school_roles = user_roles::table.filter(user_roles::school_id.eq(school.to_string()));
    let member_ids: Vec<String> = match filter.role {
        Some(role) => school_roles
            .filter(user_roles::role.eq(role.as_str()))
            .select(user_roles::user_id)
            .load(conn)?,
        None => school_roles
            .select(user_roles::user_id)
            .distinct()
            .load(conn)?,
    };
    let mut names: Vec<(String, String, String, Option<String>, String)> = users::table
        .filter(users::id.eq_any(&member_ids))
        .select((
            users::id,
            users::last_name,
            users::first_name,
            users::middle_name,
            users::login,
        ))
        .load(conn)?;
    // Matched here rather than with LIKE: the databases fold case of Latin letters only.
    if let Some(q) = filter
        .query
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
    {
        let q = q.to_lowercase();
        names.retain(|(_, last, first, _, login)| {
            login.contains(&q)
                || last.to_lowercase().contains(&q)
                || first.to_lowercase().contains(&q)
        });
    }
    names.sort_by_cached_key(|(_, last, first, middle, login)| {
        (
            ru_key(last),
            ru_key(first),
            middle.as_deref().map(ru_key),
            login.clone(),
        )
    });
    let total = names.len() as i64;
    let page: Vec<String> = names
        .into_iter()
        .skip(filter.offset.max(0) as usize)
        .take(filter.limit.max(0) as usize)
        .map(|(id, ..)| id)
        .collect();
    let mut rows: Vec<User> = users::table
        .filter(users::id.eq_any(&page))
        .select(User::as_select())
        .load(conn)?;
    let role_rows: Vec<(String, String)> = user_roles::table
        .filter(user_roles::school_id.eq(school.to_string()))
        .filter(user_roles::user_id.eq_any(&page))
        .select((user_roles::user_id, user_roles::role))
        .load(conn)?;
    rows.sort_by_key(|u| page.iter().position(|id| *id == u.id));
    let out = rows
        .into_iter()
        .map(|u| {
            let codes: Vec<String> = role_rows
                .iter()
                .filter(|(id, _)| *id == u.id)
                .map(|(_, r)| r.clone())
                .collect();
            let roles = parse_roles(&codes);
            (u, roles)
        })
        .collect();
    Ok(Listed { rows: out, total })
}
