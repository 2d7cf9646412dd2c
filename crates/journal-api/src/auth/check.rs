//! Password checks under sign-in throttling (R-S4), for a sign-in and for the current password of
//! a password change alike.
//!
//! 1. A place in the heavy pool first (`503 server_busy` when its queue is full): argon2 takes
//!    19 MiB and a core's time per check, so checks never run unbounded in parallel.
//! 2. One write transaction reads the account's and the address's counters, asks
//!    `journal_domain::throttle::verdict` and, if allowed, counts the attempt as a failure by
//!    compare-and-swap (`journal_db::throttle::advance`) before the password is looked at; an
//!    attempt that finds a counter moved under it is rolled back and decides again from the
//!    moved counters (held back only after losing the race [`RACE_ROUNDS`] times). A burst of
//!    parallel guesses gets at most the free attempts checked; a burst of right passwords from
//!    one address gets in.
//! 3. The hash is checked on a blocking thread, holding no database connection.
//!
//! A matching password must be followed by `journal_db::throttle::succeeded` in the caller's
//! write transaction.

use crate::error::ApiError;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest};
use journal_api_types::ErrorCode;
use journal_db::throttle::{self as counters, account_key, address_key};
use journal_db::users::{self, User};
use journal_db::{now, DbConnection};
use journal_domain::throttle::{verdict, Verdict};

use super::passwords;

/// What a throttled password check came to.
pub enum Checked {
    /// No such login, or the password does not match.
    Wrong(Option<User>),
    /// The password matches.
    Right(User),
}

/// The caller's address for throttling: the TCP peer, or the proxy's forwarded address when the
/// server is configured to sit behind one.
pub fn client_address(req: &HttpRequest, state: &AppState) -> String {
    let info = req.connection_info();
    let addr = if state.behind_proxy {
        info.realip_remote_addr()
    } else {
        info.peer_addr()
    };
    addr.unwrap_or("unknown").to_owned()
}

/// How many times an attempt decides again after losing the race for the counters.
const RACE_ROUNDS: usize = 8;
const RACED: ErrorCode = ErrorCode::ThrottleRaced;

/// Another attempt moved a counter since this one read it (never sent: the attempt decides again).
fn raced() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        RACED,
        "another attempt moved the counters",
    )
}

/// `429 too_many_attempts` with `Retry-After`.
pub fn held_back(retry_after_secs: i64) -> ApiError {
    let mut e = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::TooManyAttempts,
        "too many failed attempts; try again after the time in Retry-After",
    );
    e.retry_after = Some(retry_after_secs);
    e
}

/// Check `password` for `login` (normalised) from `address`, throttled.
pub async fn password(
    state: &AppState,
    login: &str,
    address: &str,
    password: String,
) -> Result<Checked, ApiError> {
    let (user, right) = secret(
        state,
        login,
        address,
        password,
        users::find_by_login,
        |u: &User| u.password_hash.as_str(),
    )
    .await?;
    Ok(match user {
        Some(user) if right => Checked::Right(user),
        user => Checked::Wrong(user),
    })
}

/// The throttled check of any secret (a password, an integration client's secret, R-A10):
/// `login` names the counter (a client's is `client:<id>`, which no login can be), `load` finds
/// the holder by it and `hash_of` gives its stored hash. Answers the holder, if any, and whether
/// the secret matched; a match must be followed by `journal_db::throttle::succeeded(login, …)`.
pub async fn secret<T, L>(
    state: &AppState,
    login: &str,
    address: &str,
    secret: String,
    load: L,
    hash_of: fn(&T) -> &str,
) -> Result<(Option<T>, bool), ApiError>
where
    T: Send + 'static,
    L: Fn(&mut DbConnection, &str) -> diesel::QueryResult<Option<T>> + Send + Copy + 'static,
{
    let _place = state.guard.heavy.enter().await?;
    let settings = state.guard.throttle;
    // Attempts that read the same counters race to move them: the loser's transaction is rolled
    // back and it decides again from the counters as moved, so every attempt is counted once
    // and a burst of right passwords from one address (a school behind one NAT) is not held back
    // by the race alone.
    let mut user = None;
    for round in 1..=RACE_ROUNDS {
        let (login, address) = (login.to_owned(), address.to_owned());
        match state
            .write(move |conn| {
                let (account, by_address) = (account_key(&login), address_key(&address));
                let read_account = counters::load(conn, &account)?;
                let read_address = counters::load(conn, &by_address)?;
                let at = now();
                match verdict(
                    settings,
                    read_account.map(|s| s.counter),
                    read_address.map(|s| s.counter),
                    at,
                ) {
                    Verdict::HeldBack { retry_after_secs } => Err(held_back(retry_after_secs)),
                    Verdict::Allowed {
                        account: next_account,
                        address: next_address,
                    } => {
                        if !counters::advance(conn, &account, read_account, next_account)?
                            || !counters::advance(conn, &by_address, read_address, next_address)?
                        {
                            return Err(raced());
                        }
                        Ok(load(conn, &login)?)
                    }
                }
            })
            .await
        {
            Ok(found) => {
                user = Some(found);
                break;
            }
            // Lost the race too often: the counters are moving faster than it can decide.
            Err(e) if e.code == RACED && round == RACE_ROUNDS => return Err(held_back(1)),
            Err(e) if e.code == RACED => continue,
            Err(e) => return Err(e),
        }
    }
    let holder = user.flatten();
    web::block(move || match holder {
        Some(h) => {
            let right = passwords::verify(&secret, hash_of(&h));
            (Some(h), right)
        }
        None => {
            passwords::verify_nothing(&secret);
            (None, false)
        }
    })
    .await
    .map_err(ApiError::from)
}
