//! The frame of the pages shown without a session: sign-in and the forced password change.

use crate::components::lang_switch::LangSwitch;
use crate::i18n::{t, Key};
use crate::services::state::use_app;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StandaloneProps {
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn Standalone(props: &StandaloneProps) -> Html {
    let lang = use_app().lang();
    html! {
        <div class="standalone">
            <header class="standalone-top">
                <span class="brand">
                    <Logo />
                    <span>{ t(lang, Key::AppName) }</span>
                </span>
                <LangSwitch />
            </header>
            <main id="main" class="standalone-main">
                { props.children.clone() }
            </main>
        </div>
    }
}

/// The mark of the application (the same picture as the favicon).
#[component]
pub fn Logo() -> Html {
    html! {
        <svg class="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
            <rect x="4" y="3" width="24" height="26" rx="4" fill="#2f5bd3" />
            <rect x="9" y="3" width="2.5" height="26" fill="#1d3f9e" />
            <path d="M15 11h9M15 16h9M15 21h6" stroke="#fff" stroke-width="2.2" stroke-linecap="round" />
        </svg>
    }
}
