//! The frame of a session: header (school, person, language, sign-out), navigation, content.

use crate::app::Route;
use crate::components::lang_switch::LangSwitch;
use crate::components::standalone::Logo;
use crate::i18n::{roles_line, t, Key};
use crate::services::access::{
    full_name, may, sees_acknowledgement_sheet, sees_control_works, sees_diary, sees_finals,
    sees_import, sees_journal_settings, sees_plans, sees_reports, sees_students,
};
use crate::services::access::{lands_on_diary, lands_on_region, sees_region};
use crate::services::access::{sees_announcements, sees_messages, sees_notifications};
use crate::services::api::describe;
use crate::services::state::use_app;
use journal_api_types::Role;
use journal_domain::Action;
use uuid::Uuid;
use web_sys::{FocusOptions, HtmlElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

/// Asks the layout to count unread messages again (after a thread is read).
#[derive(Clone, PartialEq)]
pub struct UnreadRefresh(pub Callback<()>);

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
    // The menu as a drawer on a phone: open from the header's button, closed by a choice, Esc or
    // a tap beside it.
    let menu_open = use_state(|| false);

    // Unread messages for the menu badge: counted when the layout mounts (a new session) and
    // whenever a page asks (a thread was read).
    let unread = use_state(|| 0_i64);
    let unread_tick = use_state(|| 0_u32);
    let messages_on = app.me().is_some_and(|me| sees_messages(&me));
    {
        let (api, unread) = (app.api.clone(), unread.clone());
        let user = app.me().map(|me| me.user_id);
        use_effect_with((user, messages_on, *unread_tick), move |(_, on, _)| {
            if *on {
                spawn_local(async move {
                    if let Ok(counts) = api.call(|c| async move { c.unread_counts().await }).await {
                        unread.set(counts.total);
                    }
                });
            }
        });
    }
    let refresh_unread = {
        let unread_tick = unread_tick.clone();
        UnreadRefresh(Callback::from(move |()| {
            unread_tick.set(unread_tick.wrapping_add(1))
        }))
    };

    // After moving to another page, put the keyboard focus at the start of the new content.
    {
        let main_ref = main_ref.clone();
        let first = use_mut_ref(|| true);
        let menu_open = menu_open.clone();
        use_effect_with(route.clone(), move |_| {
            menu_open.set(false);
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
        // A student's card belongs to «Ученики».
        let current = route.as_ref() == Some(&to)
            || (to == Route::Students && matches!(route, Some(Route::Student { .. })))
            || (to == Route::Journal && matches!(route, Some(Route::JournalGrid { .. })))
            || (to == Route::Finals && matches!(route, Some(Route::ClassFinals { .. })))
            || (to == Route::Compromises && matches!(route, Some(Route::Compromise { .. })))
            || (to == Route::Reports
                && matches!(
                    route,
                    Some(
                        Route::JournalControlReport
                            | Route::AchievementReport
                            | Route::AttendanceReport
                            | Route::ControlWorksReport
                            | Route::CurriculumReport
                            | Route::MovementReport
                            | Route::ClassReports
                            | Route::ClassReport { .. }
                            | Route::PrintJournal
                    )
                ))
            || (to == Route::Diary
                && matches!(route, Some(Route::DiaryWeek { .. } | Route::Results { .. })))
            || (to == Route::Messages
                && matches!(route, Some(Route::Thread { .. }) | Some(Route::NewMessage)));
        html! {
            <li><NavLink {to} {current} label={t(lang, key)} /></li>
        }
    };

    let toggle_menu = {
        let menu_open = menu_open.clone();
        Callback::from(move |_: MouseEvent| menu_open.set(!*menu_open))
    };
    let close_menu = {
        let menu_open = menu_open.clone();
        Callback::from(move |_: MouseEvent| menu_open.set(false))
    };
    let menu_keys = {
        let menu_open = menu_open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && *menu_open {
                menu_open.set(false);
                focus_menu_toggle();
            }
        })
    };

    let name = full_name(&me.last_name, &me.first_name, me.middle_name.as_deref());
    let roles = roles_line(lang, &me.roles, &me.led_classes);

    html! {
        <div class="app">
            <a class="skip-link" href="#main">{ t(lang, Key::SkipToContent) }</a>
            <header class="topbar">
                <button type="button" id="menu-toggle" class="menu-toggle" onclick={toggle_menu}
                    aria-expanded={if *menu_open { "true" } else { "false" }} aria-controls="main-nav">
                    <span aria-hidden="true">{ "☰ " }</span>{ t(lang, Key::NavMenu) }
                    // The unread count shows on the button while the drawer is closed.
                    if messages_on && *unread > 0 {
                        { " " }
                        <span class="nav-badge" id="menu-unread" aria-hidden="true">{ *unread }</span>
                        <span class="visually-hidden">
                            { format!(" ({})", crate::i18n::tf(lang, Key::NavUnread, &[("n", &unread.to_string())])) }
                        </span>
                    }
                </button>
                <Link<Route> to={Route::Home} classes="brand">
                    <Logo />
                    <span class="brand-name">{ t(lang, Key::AppName) }</span>
                    // The logo alone on a phone still names the link.
                    <span class="visually-hidden brand-short">{ t(lang, Key::AppName) }</span>
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
                if *menu_open {
                    <div class="nav-backdrop" aria-hidden="true" onclick={close_menu}></div>
                }
                <nav id="main-nav" class={classes!("main-nav", menu_open.then_some("open"))}
                    aria-label={t(lang, Key::NavLabel)} onkeydown={menu_keys}>
                    <ul>
                        if !lands_on_diary(&me) && !lands_on_region(&me) {
                            { nav_item(Route::Home, Key::NavHome) }
                        }
                        if sees_region(&me) {
                            { nav_item(Route::Region, Key::NavRegion) }
                        }
                        if sees_diary(&me) {
                            { nav_item(Route::Diary, Key::NavDiary) }
                        }
                        if me.roles.contains(&Role::Teacher) {
                            { nav_item(Route::MyWeek, Key::NavMyWeek) }
                        }
                        if crate::pages::journal::sees_journal(&me) {
                            { nav_item(Route::Journal, Key::NavJournal) }
                        }
                        if crate::services::remarks::sees_remarks(&me) {
                            { nav_item(Route::Remarks, Key::NavRemarks) }
                        }
                        if sees_finals(&me) {
                            { nav_item(Route::Finals, Key::NavFinals) }
                        }
                        if sees_acknowledgement_sheet(&me) {
                            { nav_item(Route::AckSheet, Key::NavAckSheet) }
                        }
                        if sees_journal_settings(&me) {
                            { nav_item(Route::JournalSettings, Key::NavJournalSettings) }
                        }
                        if may(&me, Action::ManageTimetable) {
                            { nav_item(Route::Timetable, Key::NavTimetable) }
                            { nav_item(Route::SubstitutionReport, Key::NavSubstitutions) }
                        }
                        if sees_reports(&me) {
                            { nav_item(Route::Reports, Key::NavReports) }
                        }
                        if may(&me, Action::ViewArchives) {
                            { nav_item(Route::Archive, Key::NavArchive) }
                        }
                        if sees_control_works(&me) {
                            { nav_item(Route::ControlWorks, Key::NavControlWorks) }
                        }
                        if sees_plans(&me) {
                            { nav_item(Route::Plans, Key::NavPlan) }
                        }
                        if sees_students(&me) {
                            { nav_item(Route::Students, Key::NavStudents) }
                        }
                        if sees_import(&me) {
                            { nav_item(Route::Import, Key::NavImport) }
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
                        if may(&me, Action::ReviewCompromises) {
                            { nav_item(Route::Compromises, Key::NavCompromises) }
                        }
                        if may(&me, Action::ManageIntegrations) {
                            { nav_item(Route::Integrations, Key::NavIntegrations) }
                        }
                        if messages_on {
                            <li>
                                <NavLink to={Route::Messages}
                                    current={matches!(route, Some(Route::Messages) | Some(Route::Thread { .. }) | Some(Route::NewMessage))}
                                    label={t(lang, Key::NavMessages)} badge={*unread} />
                            </li>
                        }
                        if sees_announcements(&me) {
                            { nav_item(Route::Announcements, Key::NavAnnouncements) }
                        }
                        if sees_notifications(&me) {
                            { nav_item(Route::Notifications, Key::NavNotifications) }
                        }
                        { nav_item(Route::Profile, Key::NavProfile) }
                    </ul>
                </nav>
                <main id="main" class="content" tabindex="-1" ref={main_ref}>
                    <ContextProvider<UnreadRefresh> context={refresh_unread}>
                        { props.children.clone() }
                    </ContextProvider<UnreadRefresh>>
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
    /// Unread messages shown next to the label; none when 0.
    #[prop_or_default]
    badge: i64,
}

/// A real link (it opens in a new tab with a middle click) that navigates inside the SPA and tells
/// screen readers which page is current.
#[component]
fn NavLink(props: &NavLinkProps) -> Html {
    let lang = use_app().lang();
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
            if props.badge > 0 {
                { " " }
                <span class="nav-badge" id="unread-badge" aria-hidden="true">{ props.badge }</span>
                <span class="visually-hidden">
                    { format!(" ({})", crate::i18n::tf(lang, Key::NavUnread, &[("n", &props.badge.to_string())])) }
                </span>
            }
        </a>
    }
}

/// Puts the focus back on the menu's button once the drawer closes by Esc.
fn focus_menu_toggle() {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("menu-toggle"))
    {
        use wasm_bindgen::JsCast;
        if let Ok(el) = el.dyn_into::<HtmlElement>() {
            let _ = el.focus();
        }
    }
}
