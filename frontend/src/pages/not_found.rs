//! Any address the SPA does not know.

use crate::app::Route;
use crate::i18n::{t, Key};
use crate::pages::use_title;
use crate::services::state::use_app;
use yew::prelude::*;
use yew_router::prelude::*;

#[component]
pub fn NotFoundPage() -> Html {
    let lang = use_app().lang();
    use_title(Key::NotFoundTitle);
    html! {
        <section class="page message-page" id="not-found">
            <p class="big-code" aria-hidden="true">{ "404" }</p>
            <h1>{ t(lang, Key::NotFoundTitle) }</h1>
            <p>{ t(lang, Key::NotFoundText) }</p>
            <Link<Route> to={Route::Home} classes="button primary">{ t(lang, Key::BackHome) }</Link<Route>>
        </section>
    }
}

/// Shown when the caller's roles do not open a section (the server refuses it anyway).
#[component]
pub fn ForbiddenPage() -> Html {
    let lang = use_app().lang();
    use_title(Key::ForbiddenTitle);
    html! {
        <section class="page message-page" id="forbidden">
            <h1>{ t(lang, Key::ForbiddenTitle) }</h1>
            <p>{ t(lang, Key::ForbiddenText) }</p>
            <Link<Route> to={Route::Home} classes="button primary">{ t(lang, Key::BackHome) }</Link<Route>>
        </section>
    }
}
