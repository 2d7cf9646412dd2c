//! Small wrappers over the browser: storage, the document, confirmation dialogs.

use crate::i18n::Lang;

/// localStorage key of the interface language.
pub const LANG_KEY: &str = "journal.lang";
/// sessionStorage key of the refresh token: a reload keeps the session in this tab only.
pub const REFRESH_KEY: &str = "journal.refresh";

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The language chosen earlier in this browser, Russian when none.
pub fn stored_lang() -> Lang {
    local()
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or(Lang::Ru)
}

pub fn store_lang(lang: Lang) {
    if let Some(storage) = local() {
        // Storage may be full or disabled; the choice then lasts until the page is closed.
        let _ = storage.set_item(LANG_KEY, lang.code());
    }
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.code());
    }
}

pub fn stored_refresh_token() -> Option<String> {
    session()
        .and_then(|s| s.get_item(REFRESH_KEY).ok().flatten())
        .filter(|t| !t.is_empty())
}

pub fn store_refresh_token(token: Option<&str>) {
    if let Some(storage) = session() {
        let _ = match token {
            Some(token) => storage.set_item(REFRESH_KEY, token),
            None => storage.remove_item(REFRESH_KEY),
        };
    }
}

/// The server root: the SPA is served by the API server itself.
pub fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Sets the browser tab's title.
pub fn set_title(page: &str, app: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if page.is_empty() {
            document.set_title(app);
        } else {
            document.set_title(&format!("{page} — {app}"));
        }
    }
}

/// Asks the person to confirm an action that cannot be undone.
pub fn confirm(message: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(message).ok())
        .unwrap_or(false)
}

/// The address people open to reach this Journal (`https://journal.school.ru`), for printed
/// sign-in slips.
pub fn site() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Opens the browser's print dialog.
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// The width up to which the SPA lays itself out for a phone (as in `style.css`).
pub const PHONE_WIDTH: f64 = 640.0;

/// Whether the window is as narrow as a phone's.
pub fn phone_width() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w <= PHONE_WIDTH)
}

/// On a phone, scrolls the first element matching `selector` to the top of the screen.
pub fn scroll_to_on_phone(selector: &str) {
    if !phone_width() {
        return;
    }
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
    {
        el.scroll_into_view();
    }
}
