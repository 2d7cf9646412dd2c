//! Creating accounts: shared by the API, `journal user create-admin` and the demo seed.

use crate::auth::jwt::next_not_before;
use crate::auth::passwords;
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use journal_api_types::ErrorCode;
use journal_db::users::{self, normalize_login, User};
use journal_db::{now, DbConnection};
use journal_domain::accounts::{PasswordState, INITIAL_PASSWORD_TTL};
use journal_domain::{Role, SchoolId, UserId};

/// A person to give an account.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub login: String,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub roles: Vec<Role>,
}

/// The first password of a new account.
#[derive(Debug, Clone)]
pub enum FirstPassword {
    /// A random one-time password (R-S1): returned once, to be handed over.
    OneTime,
    /// A one-time password hashed in advance (see [`PreparedOneTime`]).
    Prepared(PreparedOneTime),
    /// A known password hash (demo accounts).
    Permanent(String),
}

/// A one-time password and its expiry.
#[derive(Debug, Clone)]
pub struct OneTime {
    pub password: String,
    pub expires_at: DateTime<Utc>,
}

/// A random one-time password with its argon2 hash, made before the write transaction: hashing
/// takes tens of milliseconds, and a class's slips need a hundred of them, which must not hold the
/// database's write lock (run it in the heavy pool).
#[derive(Debug, Clone)]
pub struct PreparedOneTime {
    password: String,
    hash: String,
}

impl PreparedOneTime {
    pub fn new() -> Result<Self, ApiError> {
        let password = passwords::one_time_password();
        let hash = passwords::hash(&password).map_err(ApiError::internal)?;
        Ok(PreparedOneTime { password, hash })
    }
}

/// Give an account a fresh one-time password (R-S1).
pub fn set_one_time_password(conn: &mut DbConnection, user: UserId) -> Result<OneTime, ApiError> {
    set_prepared_one_time(conn, user, PreparedOneTime::new()?)
}

/// Give an account the one-time password prepared for it: the old password stops working.
pub fn set_prepared_one_time(
    conn: &mut DbConnection,
    user: UserId,
    prepared: PreparedOneTime,
) -> Result<OneTime, ApiError> {
    let expires_at = Utc::now() + INITIAL_PASSWORD_TTL;
    users::set_password(
        conn,
        user,
        &prepared.hash,
        PasswordState::OneTime { expires_at },
    )?;
    Ok(OneTime {
        password: prepared.password,
        expires_at,
    })
}

/// Give an existing account (by login) a role in `school`: a teacher who also works in a second
/// school keeps one login and one password. Answers 404 `not_found` for an unknown login;
/// a role the account already holds there is left as it is. Call inside a write transaction and
/// audit the result.
pub fn grant(
    conn: &mut DbConnection,
    school: SchoolId,
    login: &str,
    role: Role,
) -> Result<User, ApiError> {
    let user =
        users::find_by_login(conn, &normalize_login(login))?.ok_or_else(ApiError::not_found)?;
    let id = UserId(user.id.parse().map_err(ApiError::internal)?);
    if !users::roles_in(conn, id, school)?.contains(&role) {
        users::grant_role(conn, school, id, role, now())?;
    }
    Ok(user)
}

/// Create an account with roles in `school`. Fails with 409 `login_taken` when the login exists
/// anywhere in the deployment. Call inside a write transaction and audit the result.
pub fn create(
    conn: &mut DbConnection,
    school: SchoolId,
    account: &NewAccount,
    first_password: FirstPassword,
) -> Result<(User, Option<OneTime>), ApiError> {
    let login = normalize_login(&account.login);
    if users::find_by_login(conn, &login)?.is_some() {
        return Err(ApiError::conflict(
            ErrorCode::LoginTaken,
            format!("the login `{login}` is taken"),
        ));
    }
    let id = UserId::new();
    let at = now();
    let (hash, state) = match &first_password {
        // Replaced by the one-time password below, in the same transaction.
        FirstPassword::OneTime | FirstPassword::Prepared(_) => (String::new(), "one_time_used"),
        FirstPassword::Permanent(hash) => (hash.clone(), "permanent"),
    };
    let user = User {
        id: id.to_string(),
        login,
        password_hash: hash,
        password_state: state.into(),
        password_expires_at: None,
        last_name: account.last_name.trim().to_owned(),
        first_name: account.first_name.trim().to_owned(),
        middle_name: account
            .middle_name
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(str::to_owned),
        not_before: at,
        created_at: at,
        last_login_at: None,
        previous_login_at: None,
    };
    users::insert(conn, &user)?;
    let mut roles = account.roles.clone();
    roles.sort();
    roles.dedup();
    for role in roles {
        users::grant_role(conn, school, id, role, at)?;
    }
    let one_time = match first_password {
        FirstPassword::OneTime => Some(set_one_time_password(conn, id)?),
        FirstPassword::Prepared(prepared) => Some(set_prepared_one_time(conn, id, prepared)?),
        FirstPassword::Permanent(_) => None,
    };
    let user = users::find(conn, id)?.ok_or_else(ApiError::not_found)?;
    Ok((user, one_time))
}

/// End the given account's sessions everywhere: every refresh token is revoked and every access
/// token issued so far stops working at once (per-user `not_before`, R-S5); the sessions show
/// `reason` (R-S6). Returns how many sessions were open.
pub fn end_all_sessions(
    conn: &mut DbConnection,
    user: UserId,
    reason: &str,
) -> Result<usize, ApiError> {
    let at = now();
    let previous = users::not_before(conn, user)?.ok_or_else(ApiError::not_found)?;
    let cut_off = next_not_before(at.and_utc(), previous.and_utc());
    users::set_not_before(conn, user, cut_off.naive_utc())?;
    Ok(journal_db::sessions::end_all_of_user(
        conn, user, reason, at,
    )?)
}
