//! Accounts of the school (R-A7, R-S1, R-S5): the list for the administration, and for the admin
//! account creation, one-time passwords, ending someone's sessions and reporting an account's
//! password compromised.

use crate::app::Route;
use crate::components::field::TextField;
use crate::components::focus::use_focus_on;
use crate::components::form::input_setter;
use crate::components::pager::Pager;
use crate::i18n::{field_problem_key, role_name, roles_line, t, tf, Key, Lang};
use crate::pages::compromises::ReportCompromiseForm;
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{use_list_load, use_title, Load};
use crate::services::access::{full_name, may};
use crate::services::api::describe;
use crate::services::browser;
use crate::services::state::use_app;
use crate::services::time::local_time;
use journal_api_types::sessions::{Compromise, CompromiseReported};
use journal_api_types::users::{CreateUserRequest, InitialPassword, UserFilter, UserSummary};
use journal_api_types::{FieldError, Role};
use journal_client::ClientError;
use journal_domain::Action;
use std::rc::Rc;
use uuid::Uuid;
use validator::Validate;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

const PAGE_SIZE: i64 = 25;

/// Roles an admin hands out from this page (`class_teacher` follows from leading a class; region and
/// integration accounts are not school accounts).
const CREATABLE_ROLES: [Role; 7] = [
    Role::Director,
    Role::Deputy,
    Role::Admin,
    Role::Secretary,
    Role::Teacher,
    Role::Guardian,
    Role::Student,
];

/// A message about the last row action, kept untranslated so the language switch applies to it.
#[derive(Clone)]
enum RowMessage {
    SessionsEnded(String),
    /// A compromise was reported: the account's name and the report.
    Compromised(String, Rc<Compromise>),
    Failed(Rc<ClientError>),
}

#[component]
pub fn UsersPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::UsersTitle);
    let filter = use_state(|| UserFilter {
        limit: Some(PAGE_SIZE),
        ..UserFilter::default()
    });
    let q_draft = use_state(String::new);
    let reload = use_state(|| 0_u32);
    let issued = use_state(|| None::<Rc<InitialPassword>>);
    let row_message = use_state(|| None::<RowMessage>);
    // The account whose compromise is being reported: its id and name.
    let compromise_for = use_state(|| None::<(Uuid, String)>);

    let me = app.me();
    let can_view = me.as_ref().is_some_and(|me| may(me, Action::ViewAccounts));
    let can_manage = me
        .as_ref()
        .is_some_and(|me| may(me, Action::ManageAccounts));

    let (data, loading) = use_list_load(
        (*filter).clone(),
        *reload,
        can_view,
        |c, filter| async move { c.list_users(&filter).await },
    );

    if !can_view {
        return html! { <ForbiddenPage /> };
    }

    let on_search = {
        let (filter, q_draft) = (filter.clone(), q_draft.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let q = q_draft.trim().to_owned();
            filter.set(UserFilter {
                q: (!q.is_empty()).then_some(q),
                offset: None,
                ..(*filter).clone()
            });
        })
    };
    let on_role = {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            filter.set(UserFilter {
                role: select.value().parse::<Role>().ok(),
                offset: None,
                ..(*filter).clone()
            });
        })
    };
    let on_q = input_setter(&q_draft);
    let on_page = {
        let filter = filter.clone();
        Callback::from(move |offset: i64| {
            filter.set(UserFilter {
                offset: Some(offset),
                ..(*filter).clone()
            });
        })
    };
    let on_created = {
        let (issued, reload, row_message) = (issued.clone(), reload.clone(), row_message.clone());
        Callback::from(move |ip: InitialPassword| {
            row_message.set(None);
            issued.set(Some(Rc::new(ip)));
            reload.set(reload.wrapping_add(1));
        })
    };
    let on_close_issued = {
        let issued = issued.clone();
        Callback::from(move |_| issued.set(None))
    };
    let on_issue = {
        let api = app.api.clone();
        let (issued, reload, row_message) = (issued.clone(), reload.clone(), row_message.clone());
        Callback::from(move |(id, name): (Uuid, String)| {
            if !browser::confirm(&tf(lang, Key::ConfirmIssuePassword, &[("name", &name)])) {
                return;
            }
            let (api, issued, reload, row_message) = (
                api.clone(),
                issued.clone(),
                reload.clone(),
                row_message.clone(),
            );
            spawn_local(async move {
                match api
                    .call(|c| async move { c.issue_initial_password(id).await })
                    .await
                {
                    Ok(ip) => {
                        row_message.set(None);
                        issued.set(Some(Rc::new(ip)));
                        reload.set(reload.wrapping_add(1));
                    }
                    Err(e) => row_message.set(Some(RowMessage::Failed(Rc::new(e)))),
                }
            });
        })
    };
    let on_end_sessions = {
        let api = app.api.clone();
        let row_message = row_message.clone();
        Callback::from(move |(id, name): (Uuid, String)| {
            if !browser::confirm(&tf(lang, Key::ConfirmEndSessions, &[("name", &name)])) {
                return;
            }
            let (api, row_message) = (api.clone(), row_message.clone());
            spawn_local(async move {
                match api
                    .call(|c| async move { c.logout_user_everywhere(id).await })
                    .await
                {
                    Ok(()) => row_message.set(Some(RowMessage::SessionsEnded(name))),
                    Err(e) => row_message.set(Some(RowMessage::Failed(Rc::new(e)))),
                }
            });
        })
    };

    let on_compromise = {
        let (compromise_for, issued) = (compromise_for.clone(), issued.clone());
        Callback::from(move |who: (Uuid, String)| {
            issued.set(None);
            compromise_for.set(Some(who));
        })
    };
    let on_compromised = {
        let (compromise_for, issued, reload, row_message) = (
            compromise_for.clone(),
            issued.clone(),
            reload.clone(),
            row_message.clone(),
        );
        Callback::from(move |done: CompromiseReported| {
            let name = compromise_for
                .as_ref()
                .map(|(_, name)| name.clone())
                .unwrap_or_default();
            compromise_for.set(None);
            row_message.set(Some(RowMessage::Compromised(
                name,
                Rc::new(done.compromise),
            )));
            issued.set(Some(Rc::new(done.password)));
            reload.set(reload.wrapping_add(1));
        })
    };
    let on_compromise_cancel = {
        let compromise_for = compromise_for.clone();
        Callback::from(move |()| compromise_for.set(None))
    };

    let role_value = filter.role.map(|r| r.as_str()).unwrap_or("");
    let filters = html! {
        <form class="filters" role="search" onsubmit={on_search}>
            <div class="field">
                <label for="users-role">{ t(lang, Key::FilterRole) }</label>
                <select id="users-role" onchange={on_role}>
                    <option value="" selected={role_value.is_empty()}>{ t(lang, Key::AllRoles) }</option>
                    { for Role::ALL.iter().filter(|r| !matches!(r, Role::Region | Role::Integration)).map(|r| html! {
                        <option value={r.as_str()} selected={role_value == r.as_str()}>{ role_name(lang, *r) }</option>
                    }) }
                </select>
            </div>
            <div class="field grow">
                <label for="users-q">{ t(lang, Key::Search) }</label>
                <input id="users-q" type="search" value={(*q_draft).clone()} oninput={on_q}
                    placeholder={t(lang, Key::SearchPlaceholder)} autocomplete="off" />
            </div>
            <div class="field actions">
                <button type="submit" id="users-search" class="button secondary">{ t(lang, Key::SearchSubmit) }</button>
            </div>
        </form>
    };

    let message = row_message.as_ref().map(|m| match m {
        RowMessage::SessionsEnded(name) => html! {
            <p class="success" role="status" id="users-message">{ tf(lang, Key::SessionsEnded, &[("name", name)]) }</p>
        },
        RowMessage::Compromised(name, c) => html! {
            <p class="success" role="status" id="users-message">
                { tf(lang, Key::CpUserDone, &[("name", name)]) }{ " " }
                <Link<Route> to={Route::Compromise { id: c.id }} classes="compromise-report-link">
                    { t(lang, Key::CpReportLink) }
                </Link<Route>>
            </p>
        },
        RowMessage::Failed(e) => html! {
            <p class="form-error" role="alert" id="users-message">{ describe(lang, e) }</p>
        },
    });

    let table = match &*data {
        Load::Loading => html! { <p class="muted" role="status">{ t(lang, Key::Loading) }</p> },
        Load::Failed(e) => html! {
            <div class="form-error" role="alert">
                <p>{ describe(lang, e) }</p>
                <button type="button" class="button secondary"
                    onclick={let reload = reload.clone(); Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1)))}>
                    { t(lang, Key::Retry) }
                </button>
            </div>
        },
        Load::Ready(page) => html! {
            <>
                <div class={classes!("table-wrap", loading.then_some("is-loading"))}>
                    <table id="users-table" class="table">
                        <thead>
                            <tr>
                                <th scope="col">{ t(lang, Key::ColFullName) }</th>
                                <th scope="col">{ t(lang, Key::ColLogin) }</th>
                                <th scope="col">{ t(lang, Key::ColRoles) }</th>
                                <th scope="col">{ t(lang, Key::ColStatus) }</th>
                                <th scope="col">{ t(lang, Key::ColLastLogin) }</th>
                                if can_manage {
                                    <th scope="col">{ t(lang, Key::ColActions) }</th>
                                }
                            </tr>
                        </thead>
                        <tbody>
                            if page.items.is_empty() {
                                <tr><td colspan="6" class="empty">{ t(lang, Key::NoUsers) }</td></tr>
                            }
                            { for page.items.iter().map(|u| user_row(lang, u, can_manage, [&on_issue, &on_end_sessions, &on_compromise])) }
                        </tbody>
                    </table>
                </div>
                <Pager offset={page.offset} limit={page.limit} total={page.total} {on_page} />
            </>
        },
    };

    html! {
        <section class="page" id="users">
            <h1>{ t(lang, Key::UsersTitle) }</h1>
            <p class="muted">{ t(lang, Key::UsersIntro) }</p>
            if let Some((user_id, name)) = &*compromise_for {
                <ReportCompromiseForm key={user_id.to_string()} user_id={*user_id} name={name.clone()}
                    on_done={on_compromised} on_cancel={on_compromise_cancel} />
            }
            if matches!(&*row_message, Some(RowMessage::Compromised(..))) {
                { for message.clone() }
            }
            if let Some(ip) = &*issued {
                <InitialPasswordPanel issued={ip.clone()} on_close={on_close_issued} />
            }
            if can_manage {
                <CreateUserForm {on_created} />
            }
            { filters }
            if !matches!(&*row_message, Some(RowMessage::Compromised(..))) {
                { for message }
            }
            { table }
        </section>
    }
}

fn user_row(
    lang: Lang,
    u: &UserSummary,
    can_manage: bool,
    [on_issue, on_end, on_compromise]: [&Callback<(Uuid, String)>; 3],
) -> Html {
    let name = full_name(&u.last_name, &u.first_name, u.middle_name.as_deref());
    let status = if u.must_change_password {
        html! { <span class="badge warn">{ t(lang, Key::StatusPending) }</span> }
    } else {
        html! { <span class="badge ok">{ t(lang, Key::StatusActive) }</span> }
    };
    let last_login = u
        .last_login_at
        .map(|at| local_time(lang, at))
        .unwrap_or_else(|| t(lang, Key::Dash).to_owned());
    let issue = {
        let (cb, id, name) = (on_issue.clone(), u.id, name.clone());
        Callback::from(move |_: MouseEvent| cb.emit((id, name.clone())))
    };
    let end = {
        let (cb, id, name) = (on_end.clone(), u.id, name.clone());
        Callback::from(move |_: MouseEvent| cb.emit((id, name.clone())))
    };
    let compromise = {
        let (cb, id, name) = (on_compromise.clone(), u.id, name.clone());
        Callback::from(move |_: MouseEvent| cb.emit((id, name.clone())))
    };
    html! {
        <tr id={format!("user-{}", u.login)} data-login={u.login.clone()}>
            <td data-label={t(lang, Key::ColFullName)}>{ name.clone() }</td>
            <td data-label={t(lang, Key::ColLogin)}><code>{ u.login.clone() }</code></td>
            <td data-label={t(lang, Key::ColRoles)}>{ roles_line(lang, &u.roles, &[]) }</td>
            <td data-label={t(lang, Key::ColStatus)}>{ status }</td>
            <td data-label={t(lang, Key::ColLastLogin)}>{ last_login }</td>
            if can_manage {
                <td data-label={t(lang, Key::ColActions)} class="row-actions">
                    <div class="actions">
                    <button type="button" class="button small secondary issue-password" onclick={issue}
                        aria-label={format!("{}: {name}", t(lang, Key::IssuePassword))}>
                        { t(lang, Key::IssuePassword) }
                    </button>
                    <button type="button" class="button small danger-outline end-sessions" onclick={end}
                        aria-label={format!("{}: {name}", t(lang, Key::EndSessions))}>
                        { t(lang, Key::EndSessions) }
                    </button>
                    <button type="button" class="button small danger-outline report-compromise" onclick={compromise}
                        aria-label={format!("{}: {name}", t(lang, Key::CpUserAction))}>
                        { t(lang, Key::CpUserAction) }
                    </button>
                    </div>
                </td>
            }
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct PanelProps {
    issued: Rc<InitialPassword>,
    on_close: Callback<()>,
}

/// The one-time password, shown once, prominently, with its expiry (R-S1).
#[component]
fn InitialPasswordPanel(props: &PanelProps) -> Html {
    let lang = use_app().lang();
    // Move the focus to the panel so keyboard and screen-reader users find the password.
    let panel = use_focus_on(props.issued.clone());
    let ip = &props.issued;
    let user = &ip.user;
    let name = full_name(
        &user.last_name,
        &user.first_name,
        user.middle_name.as_deref(),
    );
    let on_close = {
        let cb = props.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <section id="initial-password-panel" class="card password-panel" tabindex="-1" ref={panel}
            role="status" aria-labelledby="initial-password-title">
            <h2 id="initial-password-title">{ t(lang, Key::InitialPasswordTitle) }</h2>
            <p id="initial-password-user">
                { tf(lang, Key::InitialPasswordFor, &[("name", &name), ("login", &user.login)]) }
            </p>
            <p class="password-value"><code id="initial-password">{ ip.initial_password.clone() }</code></p>
            <p id="initial-password-expires">
                { tf(lang, Key::InitialPasswordExpires, &[("time", &local_time(lang, ip.expires_at))]) }
            </p>
            <p class="note"><strong>{ t(lang, Key::InitialPasswordNote) }</strong></p>
            <button type="button" id="initial-password-close" class="button secondary" onclick={on_close}>
                { t(lang, Key::Close) }
            </button>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CreateProps {
    on_created: Callback<InitialPassword>,
}

/// What went wrong with the form, kept untranslated for the language switch.
enum CreateProblem {
    Fields(Vec<FieldError>),
    Api(ClientError),
}

#[component]
fn CreateUserForm(props: &CreateProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let last = use_state(String::new);
    let first = use_state(String::new);
    let middle = use_state(String::new);
    let login = use_state(String::new);
    let roles = use_state(Vec::<Role>::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<Rc<CreateProblem>>);

    let onsubmit = {
        let (last, first, middle, login, roles, busy, problem) = (
            last.clone(),
            first.clone(),
            middle.clone(),
            login.clone(),
            roles.clone(),
            busy.clone(),
            problem.clone(),
        );
        let api = app.api.clone();
        let on_created = props.on_created.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let middle_name = middle.trim().to_owned();
            let request = CreateUserRequest {
                login: login.trim().to_owned(),
                last_name: last.trim().to_owned(),
                first_name: first.trim().to_owned(),
                middle_name: (!middle_name.is_empty()).then_some(middle_name),
                roles: (*roles).clone(),
            };
            // The rules of the shared request type, checked before asking the server.
            if let Err(errors) = request.validate() {
                let mut list: Vec<FieldError> = errors
                    .field_errors()
                    .into_iter()
                    .flat_map(|(field, errs)| {
                        errs.iter().map(move |e| FieldError {
                            field: field.to_string(),
                            code: e.code.to_string(),
                            message: None,
                        })
                    })
                    .collect();
                list.sort_by(|a, b| a.field.cmp(&b.field));
                problem.set(Some(Rc::new(CreateProblem::Fields(list))));
                return;
            }
            busy.set(true);
            problem.set(None);
            let (api, busy, problem, on_created) = (
                api.clone(),
                busy.clone(),
                problem.clone(),
                on_created.clone(),
            );
            let (last, first, middle, login, roles) = (
                last.clone(),
                first.clone(),
                middle.clone(),
                login.clone(),
                roles.clone(),
            );
            spawn_local(async move {
                let result = api
                    .call(|c| {
                        let request = request.clone();
                        async move { c.create_user(&request).await }
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(ip) => {
                        last.set(String::new());
                        first.set(String::new());
                        middle.set(String::new());
                        login.set(String::new());
                        roles.set(Vec::new());
                        on_created.emit(ip);
                    }
                    Err(ClientError::Api(p)) if !p.errors.is_empty() => {
                        problem.set(Some(Rc::new(CreateProblem::Fields(p.errors))));
                    }
                    Err(ClientError::Api(p)) if p.code == "login_taken" => {
                        problem.set(Some(Rc::new(CreateProblem::Fields(vec![FieldError {
                            field: "login".into(),
                            code: p.code.to_string(),
                            message: None,
                        }]))));
                    }
                    Err(e) => problem.set(Some(Rc::new(CreateProblem::Api(e)))),
                }
            });
        })
    };

    let field_error = |field: &str| -> Option<AttrValue> {
        match problem.as_deref() {
            Some(CreateProblem::Fields(errors)) => {
                errors.iter().find(|e| e.field == field).map(|e| {
                    let text = match field_problem_key(&e.field, &e.code) {
                        Some(key) => t(lang, key).to_owned(),
                        None => e.message.clone().unwrap_or_else(|| e.code.clone()),
                    };
                    AttrValue::from(text)
                })
            }
            _ => None,
        }
    };
    let general = match problem.as_deref() {
        Some(CreateProblem::Api(e)) => Some(describe(lang, e)),
        Some(CreateProblem::Fields(errors)) => {
            let known = ["last_name", "first_name", "middle_name", "login", "roles"];
            let other: Vec<String> = errors
                .iter()
                .filter(|e| !known.contains(&e.field.as_str()))
                .map(|e| match field_problem_key(&e.field, &e.code) {
                    Some(key) => t(lang, key).to_owned(),
                    None => e.message.clone().unwrap_or_else(|| e.code.clone()),
                })
                .collect();
            (!other.is_empty())
                .then(|| other.join(" "))
                .or_else(|| Some(t(lang, Key::ErrValidationFailed).to_owned()))
        }
        None => None,
    };
    let roles_error = field_error("roles");

    let setter = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |v: String| s.set(v))
    };

    html! {
        <section class="card create-user" aria-labelledby="create-user-title">
            <h2 id="create-user-title">{ t(lang, Key::CreateUserTitle) }</h2>
            <form id="create-user-form" class="form grid" onsubmit={onsubmit} novalidate=true>
                <TextField id="new-user-last-name" label={t(lang, Key::LastName)} value={(*last).clone()}
                    oninput={setter(&last)} required=true autocomplete="off" error={field_error("last_name")} />
                <TextField id="new-user-first-name" label={t(lang, Key::FirstName)} value={(*first).clone()}
                    oninput={setter(&first)} required=true autocomplete="off" error={field_error("first_name")} />
                <TextField id="new-user-middle-name" label={t(lang, Key::MiddleName)} value={(*middle).clone()}
                    note={t(lang, Key::Optional)}
                    oninput={setter(&middle)} autocomplete="off" error={field_error("middle_name")} />
                <TextField id="new-user-login" label={t(lang, Key::LoginLabel)} value={(*login).clone()}
                    oninput={setter(&login)} required=true autocomplete="off"
                    hint={t(lang, Key::NewLoginHint)} error={field_error("login")} />
                <fieldset class={classes!("roles", "span-all", roles_error.is_some().then_some("has-error"))}
                    aria-describedby={roles_error.as_ref().map(|_| "new-user-roles-error")}>
                    <legend>{ t(lang, Key::RolesLabel) }</legend>
                    <div class="checks">
                        { for CREATABLE_ROLES.iter().map(|role| {
                            let role = *role;
                            let id = format!("new-user-role-{}", role.as_str());
                            let checked = roles.contains(&role);
                            let onchange = {
                                let roles = roles.clone();
                                Callback::from(move |e: Event| {
                                    let input: HtmlInputElement = e.target_unchecked_into();
                                    let mut next = (*roles).clone();
                                    next.retain(|r| *r != role);
                                    if input.checked() {
                                        next.push(role);
                                        next.sort();
                                    }
                                    roles.set(next);
                                })
                            };
                            html! {
                                <label class="check" for={id.clone()}>
                                    <input type="checkbox" id={id} value={role.as_str()} {checked} {onchange} />
                                    <span>{ role_name(lang, role) }</span>
                                </label>
                            }
                        }) }
                    </div>
                    if let Some(error) = roles_error.clone() {
                        <p class="field-error" id="new-user-roles-error">{ error }</p>
                    }
                </fieldset>
                <p id="new-user-error" class="form-error span-all" role="alert" hidden={general.is_none()}>
                    { general.unwrap_or_default() }
                </p>
                <div class="form-actions span-all">
                    <button type="submit" id="new-user-submit" class="button primary" disabled={*busy}>
                        { t(lang, if *busy { Key::Creating } else { Key::CreateSubmit }) }
                    </button>
                </div>
            </form>
        </section>
    }
}
