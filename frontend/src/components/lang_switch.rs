//! The language switch: a button naming the other language.

use crate::i18n::{t, Key};
use crate::services::state::{use_app, AppAction};
use yew::prelude::*;

#[component]
pub fn LangSwitch() -> Html {
    let app = use_app();
    let lang = app.lang();
    let onclick = {
        let state = app.state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(AppAction::SetLang(lang.other())))
    };
    html! {
        <button type="button" id="lang-switch" class="button ghost lang-switch"
            lang={lang.other().code()}
            title={t(lang, Key::LangSwitchLabel)}
            aria-label={t(lang, Key::LangSwitchLabel)}
            {onclick}>
            { t(lang, Key::LangSwitch) }
        </button>
    }
}
