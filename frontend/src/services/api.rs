//! The session with the server: tokens, the retry after a refresh, sign-in and sign-out.
//!
//! The access token lives only in memory; the refresh token also in sessionStorage so that reloading
//! the page keeps the session in this tab (and only in this tab). Every API call of the pages goes
//! through [`Api::call`], which on `401 invalid_token` refreshes the tokens once and repeats the call;
//! when the refresh is refused the session is dropped and the sign-in page shown.

use crate::i18n::{error_key, field_problem_key, t, Key, Lang};
use crate::services::browser;
use crate::services::state::{AppAction, AppState, Notice};
use futures_util::future::{FutureExt, LocalBoxFuture, Shared};
use journal_api_types::auth::TokenPair;
use journal_api_types::sessions::ReportCompromise;
use journal_api_types::ErrorCode;
use journal_client::{Client, ClientError};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use uuid::Uuid;
use yew::prelude::*;

/// How a refresh ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refreshed {
    Ok,
    /// New tokens, but they only allow a password change.
    MustChangePassword,
    /// The server refused the refresh token (expired, revoked, reused).
    Rejected,
    /// The server could not be reached; the session is kept.
    Unreachable,
}

type RefreshFuture = Shared<LocalBoxFuture<'static, Refreshed>>;

struct Tokens {
    access: Option<String>,
    refresh: String,
}

struct Inner {
    base: String,
    tokens: RefCell<Option<Tokens>>,
    /// The refresh in flight: concurrent calls that meet an expired token wait for the same one,
    /// because a refresh token works once (reusing it would revoke the whole session, R-S3).
    refreshing: RefCell<Option<RefreshFuture>>,
    dispatch: UseReducerDispatcher<AppState>,
}

/// The session; cheap to clone, shared by all components through the context.
#[derive(Clone)]
pub struct Api(Rc<Inner>);

impl PartialEq for Api {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

fn is_invalid_token(e: &ClientError) -> bool {
    e.status() == Some(401) && e.code() == Some(ErrorCode::InvalidToken)
}

impl Api {
    pub fn new(base: String, dispatch: UseReducerDispatcher<AppState>) -> Self {
        Api(Rc::new(Inner {
            base,
            tokens: RefCell::new(None),
            refreshing: RefCell::new(None),
            dispatch,
        }))
    }

    fn anonymous(&self) -> Client {
        Client::new(self.0.base.clone())
    }

    /// A client carrying the current access token.
    fn client(&self) -> Client {
        let mut client = self.anonymous();
        client.set_access_token(self.access_token());
        client
    }

    fn access_token(&self) -> Option<String> {
        self.0
            .tokens
            .borrow()
            .as_ref()
            .and_then(|t| t.access.clone())
    }

    fn refresh_token(&self) -> Option<String> {
        self.0.tokens.borrow().as_ref().map(|t| t.refresh.clone())
    }

    fn store(&self, pair: &TokenPair) {
        browser::store_refresh_token(Some(&pair.refresh_token));
        *self.0.tokens.borrow_mut() = Some(Tokens {
            access: Some(pair.access_token.clone()),
            refresh: pair.refresh_token.clone(),
        });
    }

    fn clear(&self) {
        browser::store_refresh_token(None);
        *self.0.tokens.borrow_mut() = None;
    }

    fn dispatch(&self, action: AppAction) {
        self.0.dispatch.dispatch(action);
    }

    /// Drops the session after the server refused it and shows the sign-in page.
    fn expire(&self) {
        self.clear();
        self.dispatch(AppAction::SignedOut(Some(Notice::SessionExpired)));
    }

    /// Trades the refresh token for new tokens; concurrent callers share one exchange.
    async fn refresh(&self) -> Refreshed {
        let in_flight = self.0.refreshing.borrow().clone();
        let future = match in_flight {
            Some(future) => future,
            None => {
                let api = self.clone();
                let future = async move {
                    let outcome = api.exchange_refresh_token().await;
                    *api.0.refreshing.borrow_mut() = None;
                    outcome
                }
                .boxed_local()
                .shared();
                *self.0.refreshing.borrow_mut() = Some(future.clone());
                future
            }
        };
        future.await
    }

    async fn exchange_refresh_token(&self) -> Refreshed {
        let Some(refresh) = self.refresh_token() else {
            return Refreshed::Rejected;
        };
        match self.anonymous().refresh(&refresh).await {
            Ok(pair) => {
                self.store(&pair);
                if pair.must_change_password {
                    Refreshed::MustChangePassword
                } else {
                    Refreshed::Ok
                }
            }
            Err(ClientError::Network(_)) => Refreshed::Unreachable,
            Err(ClientError::Api(_)) => Refreshed::Rejected,
        }
    }

    /// Calls the API with the current access token. On `401 invalid_token` the tokens are
    /// refreshed once and the call repeated; if that fails too the session ends.
    pub async fn call<T, F, Fut>(&self, f: F) -> Result<T, ClientError>
    where
        F: Fn(Client) -> Fut,
        Fut: Future<Output = Result<T, ClientError>>,
    {
        let used = self.access_token();
        let error = match f(self.client()).await {
            Err(e) if is_invalid_token(&e) => e,
            Err(e) if e.code() == Some(ErrorCode::PasswordChangeRequired) => {
                // E.g. the admin issued a new one-time password meanwhile: only the change is left.
                self.dispatch(AppAction::MustChangePassword { login: None });
                return Err(e);
            }
            other => return other,
        };
        let current = self.access_token();
        if current.is_none() {
            // Signed out meanwhile.
            return Err(error);
        }
        // Another call may have refreshed while this one was on the way.
        if current == used {
            match self.refresh().await {
                Refreshed::Ok => {}
                Refreshed::MustChangePassword => {
                    self.dispatch(AppAction::MustChangePassword { login: None })
                }
                Refreshed::Rejected => {
                    self.expire();
                    return Err(error);
                }
                Refreshed::Unreachable => return Err(ClientError::Network(error.to_string())),
            }
        }
        let second = f(self.client()).await;
        if matches!(&second, Err(e) if is_invalid_token(e)) {
            self.expire();
        }
        second
    }

    /// At start: continues the session of this tab if a refresh token was kept.
    pub async fn restore(&self) {
        let Some(refresh) = browser::stored_refresh_token() else {
            self.dispatch(AppAction::SignedOut(None));
            return;
        };
        *self.0.tokens.borrow_mut() = Some(Tokens {
            access: None,
            refresh,
        });
        match self.refresh().await {
            Refreshed::Ok => {
                if let Err(e) = self.enter(false, None).await {
                    self.fail_entry(&e);
                }
            }
            Refreshed::MustChangePassword => {
                self.dispatch(AppAction::MustChangePassword { login: None })
            }
            Refreshed::Rejected => self.expire(),
            Refreshed::Unreachable => {
                // Keep the stored token: a reload once the server is back continues the session.
                *self.0.tokens.borrow_mut() = None;
                self.dispatch(AppAction::SignedOut(Some(Notice::ServerUnavailable)));
            }
        }
    }

    fn fail_entry(&self, e: &ClientError) {
        match e {
            ClientError::Network(_) => {
                *self.0.tokens.borrow_mut() = None;
                self.dispatch(AppAction::SignedOut(Some(Notice::ServerUnavailable)));
            }
            ClientError::Api(_) => self.expire(),
        }
    }

    /// Loads who the caller is and opens the matching part of the interface.
    async fn enter(
        &self,
        must_change_password: bool,
        login: Option<String>,
    ) -> Result<(), ClientError> {
        if must_change_password {
            self.dispatch(AppAction::MustChangePassword { login });
            return Ok(());
        }
        let me = self.call(|c| async move { c.me().await }).await?;
        crate::services::week::set_school_offset(me.utc_offset_minutes);
        if me.must_change_password {
            self.dispatch(AppAction::MustChangePassword {
                login: Some(me.login),
            });
        } else {
            self.dispatch(AppAction::SignedIn(Rc::new(me)));
        }
        Ok(())
    }

    /// Signs in with a login and a password (or a one-time password).
    pub async fn login(&self, login: &str, password: &str) -> Result<(), ClientError> {
        let pair = self.anonymous().login(login, password).await?;
        self.store(&pair);
        let entered = self
            .enter(pair.must_change_password, Some(login.to_owned()))
            .await;
        if entered.is_err() {
            self.clear();
        }
        entered
    }

    /// Changes the caller's password and continues with the fresh tokens the server answers with.
    pub async fn change_password(&self, current: String, new: String) -> Result<(), ClientError> {
        let pair = self
            .call(|c| {
                let (current, new) = (current.clone(), new.clone());
                async move { c.change_password(&current, &new).await }
            })
            .await?;
        self.store(&pair);
        self.enter(pair.must_change_password, None).await
    }

    /// Continues in another school of the caller.
    pub async fn switch_school(&self, school_id: Uuid) -> Result<(), ClientError> {
        let pair = self
            .call(|c| async move { c.switch_school(school_id).await })
            .await?;
        self.store(&pair);
        self.enter(pair.must_change_password, None).await
    }

    /// Ends this session (best effort on the server) and shows the sign-in page.
    pub async fn logout(&self) {
        if let Some(refresh) = self.refresh_token() {
            // The session ends here either way; a failure only leaves the token to expire.
            let _ = self.client().logout(&refresh).await;
        }
        self.clear();
        self.dispatch(AppAction::SignedOut(None));
    }

    /// Ends every session of the caller, on every device.
    pub async fn logout_all(&self) -> Result<(), ClientError> {
        self.call(|c| async move { c.logout_all().await }).await?;
        self.clear();
        self.dispatch(AppAction::SignedOut(Some(Notice::LoggedOutEverywhere)));
        Ok(())
    }

    /// Reports the caller's own password compromised (R-S5): the server ends every session of the
    /// account, this one included, so the sign-in page follows, saying what to do next.
    pub async fn report_my_compromise(&self, report: ReportCompromise) -> Result<(), ClientError> {
        self.call(|c| {
            let report = report.clone();
            async move { c.report_my_compromise(&report).await }
        })
        .await?;
        self.clear();
        self.dispatch(AppAction::SignedOut(Some(Notice::CompromiseReported)));
        Ok(())
    }
}

/// A problem as one message for people; `invalid_credentials_key` names what a wrong password means
/// on this form.
pub fn describe_with(lang: Lang, e: &ClientError, invalid_credentials_key: Key) -> String {
    match e {
        ClientError::Network(_) => t(lang, Key::ErrNetwork).to_owned(),
        ClientError::Api(problem) => {
            if problem.code == "invalid_credentials" {
                return t(lang, invalid_credentials_key).to_owned();
            }
            if problem.code == "validation_failed" && !problem.errors.is_empty() {
                let mut lines: Vec<String> = Vec::new();
                for fe in &problem.errors {
                    let line = match field_problem_key(&fe.field, &fe.code) {
                        Some(key) => t(lang, key).to_owned(),
                        None => fe.message.clone().unwrap_or_else(|| fe.code.clone()),
                    };
                    if !lines.contains(&line) {
                        lines.push(line);
                    }
                }
                return lines.join(" ");
            }
            t(lang, error_key(problem.code)).to_owned()
        }
    }
}

/// A problem as one message for people.
pub fn describe(lang: Lang, e: &ClientError) -> String {
    describe_with(lang, e, Key::ErrInvalidCredentials)
}
