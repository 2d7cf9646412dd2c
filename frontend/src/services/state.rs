//! The application state shared through a context: the interface language and where the session is.

use crate::i18n::Lang;
use crate::services::api::Api;
use journal_api_types::auth::Me;
use std::rc::Rc;
use yew::prelude::*;

/// A message shown above the sign-in form explaining why the person is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    SessionExpired,
    LoggedOutEverywhere,
    ServerUnavailable,
    /// The person reported their own password compromised: every session ended, and only a new
    /// one-time password from the admin lets them in again (R-S5).
    CompromiseReported,
}

/// Where the session is.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// A refresh token was found at start and is being traded for a session.
    Restoring,
    /// No session: only the sign-in page is shown.
    SignedOut(Option<Notice>),
    /// The tokens only allow a password change (first sign-in with a one-time password, R-S1).
    /// `login` is known when the person has just typed it; it lets the page check the new password
    /// against it before asking the server.
    MustChangePassword { login: Option<String> },
    /// A working session.
    SignedIn(Rc<Me>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub lang: Lang,
    pub phase: Phase,
}

pub enum AppAction {
    SetLang(Lang),
    SignedOut(Option<Notice>),
    MustChangePassword { login: Option<String> },
    SignedIn(Rc<Me>),
}

impl Reducible for AppState {
    type Action = AppAction;

    fn reduce(self: Rc<Self>, action: AppAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            AppAction::SetLang(lang) => next.lang = lang,
            AppAction::SignedOut(notice) => next.phase = Phase::SignedOut(notice),
            AppAction::MustChangePassword { login } => {
                // A refresh during the forced change does not know the login: keep the one typed.
                let login = match (&self.phase, login) {
                    (_, Some(login)) => Some(login),
                    (Phase::MustChangePassword { login }, None) => login.clone(),
                    (_, None) => None,
                };
                next.phase = Phase::MustChangePassword { login };
            }
            AppAction::SignedIn(me) => next.phase = Phase::SignedIn(me),
        }
        Rc::new(next)
    }
}

/// What every component reaches through `use_context::<AppContext>()`.
#[derive(Clone, PartialEq)]
pub struct AppContext {
    pub state: UseReducerHandle<AppState>,
    pub api: Api,
}

impl AppContext {
    pub fn lang(&self) -> Lang {
        self.state.lang
    }

    /// The signed-in person, when there is one.
    pub fn me(&self) -> Option<Rc<Me>> {
        match &self.state.phase {
            Phase::SignedIn(me) => Some(me.clone()),
            _ => None,
        }
    }
}

/// The application context; every page is rendered inside its provider.
#[hook]
pub fn use_app() -> AppContext {
    match use_context::<AppContext>() {
        Some(ctx) => ctx,
        // Only reachable if a component is rendered outside `App`, which the code never does.
        None => panic!("AppContext is provided by App"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(phase: Phase) -> Rc<AppState> {
        Rc::new(AppState {
            lang: Lang::Ru,
            phase,
        })
    }

    #[test]
    fn a_refresh_during_the_forced_change_keeps_the_typed_login() {
        let typed = state(Phase::MustChangePassword {
            login: Some("ivanova".into()),
        });
        let next = typed.reduce(AppAction::MustChangePassword { login: None });
        assert_eq!(
            next.phase,
            Phase::MustChangePassword {
                login: Some("ivanova".into())
            }
        );
    }

    #[test]
    fn signing_out_keeps_the_language() {
        let signed_in = Rc::new(AppState {
            lang: Lang::En,
            phase: Phase::Restoring,
        });
        let next = signed_in.reduce(AppAction::SignedOut(Some(Notice::SessionExpired)));
        assert_eq!(next.lang, Lang::En);
        assert_eq!(next.phase, Phase::SignedOut(Some(Notice::SessionExpired)));
    }
}
