//! One module per screen.

pub mod audit;
pub mod home;
pub mod login;
pub mod not_found;
pub mod password;
pub mod profile;
pub mod users;

use crate::i18n::{t, Key};
use crate::services::browser;
use crate::services::state::use_app;
use journal_client::ClientError;
use std::rc::Rc;
use yew::prelude::*;

/// Names the browser tab after the page, in the interface language.
#[hook]
pub fn use_title(page: Key) {
    let lang = use_app().lang();
    use_effect_with((lang, page), |(lang, page)| {
        browser::set_title(t(*lang, *page), t(*lang, Key::AppName));
    });
}

/// Data a page loads from the server.
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(Rc<ClientError>),
}
