//! The frame of a session: header (school, person, language, sign-out), navigation, content.

use crate::app::Route;
use crate::components::lang_switch::LangSwitch;
use crate::components::standalone::Logo;
use crate::i18n::{roles_line, t, Key};
use crate::services::access::{full_name, may};
use crate::services::api::describe;
use crate::services::state::use_app;
use journal_api_types::Role;
use journal_domain::Action;
use uuid::Uuid;
use web_sys::{FocusOptions, HtmlElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LayoutProps {
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn Layout(props: &LayoutProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let route = use_route::<Route>();
    let main_ref = use_node_ref();
    let switch_error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let navigator = use_navigator();

    // After moving to another page, put the keyboard focus at the start of the new content.
    {
        let main_ref = main_ref.clone();
        let first = use_mut_ref(|| true);
        use_effect_with(route.clone(), move |_| {
            if std::mem::replace(&mut *first.borrow_mut(), false) {
                return;
            }
            if let Some(window) = web_sys::window() {
                window.scroll_to_with_x_and_y(0.0, 0.0);
            }
            if let Some(main) = main_ref.cast::<HtmlElement>() {
                let options = FocusOptions::new();
                options.set_prevent_scroll(true);
                let _ = main.focus_with_options(&options);
            }
        });
    }

    let Some(me) = app.me() else {
        return Html::default();
    };

    let on_logout = {
        let api = app.api.clone();
        let busy = busy.clone();
        Callback::from(move |_: MouseEvent| {
            let api = api.clone();
            busy.set(true);
            spawn_local(async move { api.logout().await });
        })
    };

    let on_school = {
        let api = app.api.clone();
        let switch_error = switch_error.clone();
        let navigator = navigator.clone();
        let current = me.school_id;
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let Ok(school) = Uuid::parse_str(&select.value()) else {
                return;
            };
            if school == current {
                return;
            }
            let api = api.clone();
            let switch_error = switch_error.clone();
            let navigator = navigator.clone();
            spawn_local(async move {
                match api.switch_school(school).await {
                    Ok(()) => {
                        switch_error.set(None);
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::Home);
                        }
                    }
                    Err(e) => switch_error.set(Some(describe(lang, &e))),
                }
            });
        })
    };

    let nav_item = |to: Route, key: Key| {
        let current = route.as_ref() == Some(&to);
        html! {
            <li><NavLink {to} {current} label={t(lang, key)} /></li>
        }
    };

    let name = full_name(&me.last_name, &me.first_name, me.middle_name.as_deref());
    let roles = roles_line(lang, &me.roles, &me.led_classes);

    html! {
        <div class="app">
            <a class="skip-link" href="#main">{ t(lang, Key::SkipToContent) }</a>
            <header class="topbar">
                <Link<Route> to={Route::Home} classes="brand">
                    <Logo />
                    <span class="brand-name">{ t(lang, Key::AppName) }</span>
                </Link<Route>>
                <div class="topbar-school">
                    <span id="school-name" class="school-name">{ me.school_name.clone() }</span>
                    if me.memberships.len() > 1 {
                        <label for="school-switch" class="visually-hidden">{ t(lang, Key::SchoolSwitchLabel) }</label>
                        <select id="school-switch" class="school-switch" onchange={on_school}>
                            { for me.memberships.iter().map(|m| html! {
                                <option value={m.school_id.to_string()} selected={m.school_id == me.school_id}>
                                    { m.school_name.clone() }
                                </option>
                            }) }
                        </select>
                    }
                    if let Some(error) = &*switch_error {
                        <span class="inline-error" role="alert">{ error.clone() }</span>
                    }
                </div>
                <div id="user-roles" class="topbar-user">
                    <Link<Route> to={Route::Profile} classes="user-name">
                        <span id="user-name">{ name }</span>
                    </Link<Route>>
                    <span id="user-role-list" class="user-roles">{ roles }</span>
                </div>
                <div class="topbar-actions">
                    <LangSwitch />
                    <button type="button" id="logout" class="button secondary" onclick={on_logout} disabled={*busy}>
                        { t(lang, Key::Logout) }
                    </button>
                </div>
            </header>
            <div class="shell">
                <nav id="main-nav" class="main-nav" aria-label={t(lang, Key::NavLabel)}>
                    <ul>
                        { nav_item(Route::Home, Key::NavHome) }
                        if me.roles.contains(&Role::Teacher) {
                            { nav_item(Route::MyWeek, Key::NavMyWeek) }
                        }
                        if may(&me, Action::ManageTimetable) {
                            { nav_item(Route::Timetable, Key::NavTimetable) }
                            { nav_item(Route::SubstitutionReport, Key::NavSubstitutions) }
                        }
                        if may(&me, Action::ManageStructure) {
                            { nav_item(Route::Structure, Key::NavStructure) }
                        }
                        if may(&me, Action::ViewAccounts) {
                            { nav_item(Route::Users, Key::NavUsers) }
                        }
                        if may(&me, Action::ViewAudit) {
                            { nav_item(Route::Audit, Key::NavAudit) }
                        }
                        { nav_item(Route::Profile, Key::NavProfile) }
                    </ul>
                </nav>
                <main id="main" class="content" tabindex="-1" ref={main_ref}>
                    { props.children.clone() }
                </main>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct NavLinkProps {
    to: Route,
    current: bool,
    label: AttrValue,
}

/// A real link (it opens in a new tab with a middle click) that navigates inside the SPA and tells
/// screen readers which page is current.
#[component]
fn NavLink(props: &NavLinkProps) -> Html {
    let navigator = use_navigator();
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |e: MouseEvent| {
            if e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key() || e.button() != 0 {
                return;
            }
            if let Some(navigator) = &navigator {
                e.prevent_default();
                navigator.push(&to);
            }
        })
    };
    html! {
        <a href={props.to.to_path()} {onclick}
            class={classes!("nav-link", props.current.then_some("active"))}
            aria-current={props.current.then_some("page")}>
            { props.label.clone() }
        </a>
    }
}
