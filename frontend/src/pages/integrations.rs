//! «Интеграции» (R-A10): the admin's list of the external systems that read the school's data with
//! a client id and a secret (OneRoster, exports), a new secret or the revocation of one, and the form
//! that connects another. A secret is in the answer to its creation or rotation only, so the page
//! shows it once, in a box of its own, with the token address and an example request.

use crate::components::field::TextField;
use crate::components::focus::use_focus_on;
use crate::components::form::text_setter;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{load_failed, loading, use_list_load, use_title, Load};
use crate::services::access::may;
use crate::services::api::describe;
use crate::services::browser;
use crate::services::state::use_app;
use crate::services::time::local_time;
use journal_api_types::integrations::{
    ClientSecret, IntegrationClient, NewIntegrationClient, Scope,
};
use journal_client::ClientError;
use journal_domain::clients::MAX_NAME;
use journal_domain::Action;
use std::rc::Rc;
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

/// The token endpoint's path when the list has not said it yet.
const TOKEN_PATH: &str = "/oauth/token";

/// A scope in words (its URI goes beside them, smaller or as a tooltip).
pub fn scope_key(scope: Scope) -> Key {
    match scope {
        Scope::RosterCore => Key::IgScopeRosterCore,
        Scope::Roster => Key::IgScopeRoster,
        Scope::RosterDemographics => Key::IgScopeDemographics,
        Scope::GradebookCore => Key::IgScopeGradebookCore,
        Scope::Gradebook => Key::IgScopeGradebook,
        Scope::Exports => Key::IgScopeExports,
    }
}

/// A scope's short name for element ids (`new-client-scope-roster-core`).
pub fn scope_slug(scope: Scope) -> &'static str {
    match scope {
        Scope::RosterCore => "roster-core",
        Scope::Roster => "roster",
        Scope::RosterDemographics => "roster-demographics",
        Scope::GradebookCore => "gradebook-core",
        Scope::Gradebook => "gradebook",
        Scope::Exports => "exports",
    }
}

/// The token endpoint's full address: the server the page came from and the path it names.
pub fn token_url(origin: &str, path: &str) -> String {
    let path = if path.is_empty() { TOKEN_PATH } else { path };
    format!(
        "{}/{}",
        origin.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

/// The client-credentials request a system's administrator can try from a terminal.
pub fn curl_example(token_url: &str, client_id: Uuid, secret: &str) -> String {
    format!("curl -u {client_id}:{secret} {token_url} -d grant_type=client_credentials")
}

/// The field a problem of the form belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Scopes,
}

/// What is wrong with the form before it is sent: each field's first problem.
pub fn form_problems(name: &str, scopes: &[Scope]) -> Vec<(Field, Key)> {
    let mut problems = Vec::new();
    let name = name.trim();
    if name.is_empty() {
        problems.push((Field::Name, Key::IgNameRequired));
    } else if name.chars().count() > MAX_NAME {
        problems.push((Field::Name, Key::IgNameTooLong));
    }
    if scopes.is_empty() {
        problems.push((Field::Scopes, Key::IgScopeRequired));
    }
    problems
}

/// The secret on show, and whether it replaced another.
#[derive(Clone, PartialEq)]
struct Shown {
    secret: Rc<ClientSecret>,
    rotated: bool,
}

/// What the last row action did, kept untranslated for the language switch.
#[derive(Clone)]
enum Done {
    Revoked(String),
    Failed(Rc<ClientError>),
}

#[component]
pub fn IntegrationsPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::IgTitle);
    let can_manage = app
        .me()
        .is_some_and(|me| may(&me, Action::ManageIntegrations));
    let reload = use_state(|| 0_u32);
    let shown = use_state(|| None::<Shown>);
    let done = use_state(|| None::<Done>);
    let busy = use_state(|| None::<Uuid>);
    let (data, loading_again) = use_list_load((), *reload, can_manage, |c, _| async move {
        c.integration_clients().await
    });
    if !can_manage {
        return html! { <ForbiddenPage /> };
    }

    let on_rotate = {
        let api = app.api.clone();
        let (reload, shown, done, busy) =
            (reload.clone(), shown.clone(), done.clone(), busy.clone());
        Callback::from(move |(id, name): (Uuid, String)| {
            if !browser::confirm(&tf(lang, Key::IgConfirmRotate, &[("name", &name)])) {
                return;
            }
            let (api, reload, shown, done, busy) = (
                api.clone(),
                reload.clone(),
                shown.clone(),
                done.clone(),
                busy.clone(),
            );
            busy.set(Some(id));
            done.set(None);
            spawn_local(async move {
                let result = api
                    .call(|c| async move { c.rotate_client_secret(id).await })
                    .await;
                match result {
                    Ok(secret) => shown.set(Some(Shown {
                        secret: Rc::new(secret),
                        rotated: true,
                    })),
                    Err(e) => done.set(Some(Done::Failed(Rc::new(e)))),
                }
                busy.set(None);
                reload.set(reload.wrapping_add(1));
            });
        })
    };
    let on_revoke = {
        let api = app.api.clone();
        let (reload, shown, done, busy) =
            (reload.clone(), shown.clone(), done.clone(), busy.clone());
        Callback::from(move |(id, name): (Uuid, String)| {
            if !browser::confirm(&tf(lang, Key::IgConfirmRevoke, &[("name", &name)])) {
                return;
            }
            let (api, reload, shown, done, busy) = (
                api.clone(),
                reload.clone(),
                shown.clone(),
                done.clone(),
                busy.clone(),
            );
            busy.set(Some(id));
            // A secret on show of the revoked system is of no use any more.
            if shown
                .as_ref()
                .is_some_and(|s| s.secret.client.client_id == id)
            {
                shown.set(None);
            }
            spawn_local(async move {
                let result = api.call(|c| async move { c.revoke_client(id).await }).await;
                done.set(Some(match result {
                    Ok(client) => Done::Revoked(client.name),
                    Err(e) => Done::Failed(Rc::new(e)),
                }));
                busy.set(None);
                reload.set(reload.wrapping_add(1));
            });
        })
    };
    let on_created = {
        let (reload, shown, done) = (reload.clone(), shown.clone(), done.clone());
        Callback::from(move |secret: ClientSecret| {
            done.set(None);
            shown.set(Some(Shown {
                secret: Rc::new(secret),
                rotated: false,
            }));
            reload.set(reload.wrapping_add(1));
        })
    };
    let on_close = {
        let shown = shown.clone();
        Callback::from(move |()| shown.set(None))
    };

    let token_path = data
        .ready()
        .map_or(TOKEN_PATH, |list| list.token_path.as_str());
    let url = token_url(&browser::origin(), token_path);

    let message = done.as_ref().map(|d| match d {
        Done::Revoked(name) => html! {
            <p class="success" role="status" id="integrations-message">
                { tf(lang, Key::IgRevokedOk, &[("name", name)]) }
            </p>
        },
        Done::Failed(e) => html! {
            <p class="form-error" role="alert" id="integrations-message">{ describe(lang, e) }</p>
        },
    });

    let body = match &*data {
        Load::Loading => loading(lang),
        Load::Failed(e) => {
            let reload = reload.clone();
            load_failed(
                lang,
                e,
                Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1))),
            )
        }
        Load::Ready(list) => html! {
            <div class={classes!("table-wrap", loading_again.then_some("is-loading"))}>
                <table id="integrations-table" class="table">
                    <thead>
                        <tr>
                            <th scope="col">{ t(lang, Key::IgColName) }</th>
                            <th scope="col">{ t(lang, Key::IgColScopes) }</th>
                            <th scope="col">{ t(lang, Key::IgColCreated) }</th>
                            <th scope="col">{ t(lang, Key::IgColLastUsed) }</th>
                            <th scope="col">{ t(lang, Key::IgColStatus) }</th>
                            <th scope="col"><span class="visually-hidden">{ t(lang, Key::ColActions) }</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        if list.clients.is_empty() {
                            <tr><td colspan="6" class="empty">{ t(lang, Key::IgNone) }</td></tr>
                        }
                        { for list.clients.iter().map(|c| client_row(lang, c, *busy == Some(c.client_id), [&on_rotate, &on_revoke])) }
                    </tbody>
                </table>
            </div>
        },
    };

    html! {
        <section class="page" id="integrations">
            <h1>{ t(lang, Key::IgTitle) }</h1>
            <p class="muted">{ t(lang, Key::IgIntro) }</p>
            if let Some(s) = &*shown {
                <SecretPanel secret={s.secret.clone()} rotated={s.rotated} token_url={url.clone()} {on_close} />
            }
            { for message }
            { body }
            <CreateClientForm {on_created} />
        </section>
    }
}

fn client_row(
    lang: Lang,
    c: &IntegrationClient,
    busy: bool,
    [on_rotate, on_revoke]: [&Callback<(Uuid, String)>; 2],
) -> Html {
    let rotate = {
        let (cb, id, name) = (on_rotate.clone(), c.client_id, c.name.clone());
        Callback::from(move |_: MouseEvent| cb.emit((id, name.clone())))
    };
    let revoke = {
        let (cb, id, name) = (on_revoke.clone(), c.client_id, c.name.clone());
        Callback::from(move |_: MouseEvent| cb.emit((id, name.clone())))
    };
    let status = match c.revoked_at {
        Some(at) => html! {
            <span class="badge danger client-status" data-revoked="true">
                { tf(lang, Key::IgRevokedAt, &[("time", &local_time(lang, at))]) }
            </span>
        },
        None => html! {
            <span class="badge ok client-status">{ t(lang, Key::IgActive) }</span>
        },
    };
    let last_used = match c.last_used_at {
        Some(at) => html! { <span class="nowrap">{ local_time(lang, at) }</span> },
        None => html! { <span class="muted">{ t(lang, Key::IgNeverUsed) }</span> },
    };
    html! {
        <tr id={format!("client-{}", c.client_id)} data-name={c.name.clone()}
            data-client-id={c.client_id.to_string()}>
            <td data-label={t(lang, Key::IgColName)}>
                <strong class="client-name">{ c.name.clone() }</strong>
                <br /><code class="muted small">{ c.client_id.to_string() }</code>
            </td>
            <td data-label={t(lang, Key::IgColScopes)}>
                <ul class="plain-list client-scopes">
                    { for c.scopes.iter().map(|s| html! {
                        <li title={s.as_str()}>{ t(lang, scope_key(*s)) }</li>
                    }) }
                </ul>
            </td>
            <td data-label={t(lang, Key::IgColCreated)}>
                { c.created_by_name.clone() }
                <br /><span class="muted nowrap">{ local_time(lang, c.created_at) }</span>
            </td>
            <td data-label={t(lang, Key::IgColLastUsed)} class="client-last-used">{ last_used }</td>
            <td data-label={t(lang, Key::IgColStatus)}>
                { status }
                if c.revoked_at.is_none() {
                    <br /><span class="muted small">
                        { tf(lang, Key::IgSecretSetAt, &[("time", &local_time(lang, c.secret_set_at))]) }
                    </span>
                }
            </td>
            <td class="row-actions">
                if c.revoked_at.is_none() {
                    <div class="actions">
                        <button type="button" class="button small secondary rotate-secret" onclick={rotate}
                            disabled={busy}
                            aria-label={tf(lang, Key::IgRotateOf, &[("name", &c.name)])}>
                            { t(lang, Key::IgRotate) }
                        </button>
                        <button type="button" class="button small danger-outline revoke-client" onclick={revoke}
                            disabled={busy}
                            aria-label={tf(lang, Key::IgRevokeOf, &[("name", &c.name)])}>
                            { t(lang, Key::IgRevoke) }
                        </button>
                    </div>
                }
            </td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct SecretProps {
    secret: Rc<ClientSecret>,
    rotated: bool,
    token_url: String,
    on_close: Callback<()>,
}

/// The client id and its secret, shown once, prominently, with where and how to get a token.
#[component]
fn SecretPanel(props: &SecretProps) -> Html {
    let lang = use_app().lang();
    // Move the focus to the box so keyboard and screen-reader users find the secret.
    let panel = use_focus_on(props.secret.clone());
    let s = &props.secret;
    let on_close = {
        let cb = props.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let curl = curl_example(&props.token_url, s.client.client_id, &s.client_secret);
    html! {
        <section id="client-secret-panel" class="card password-panel secret-panel" tabindex="-1"
            ref={panel} role="status" aria-labelledby="client-secret-title">
            <h2 id="client-secret-title">{ tf(lang, Key::IgSecretTitle, &[("name", &s.client.name)]) }</h2>
            <p>{ t(lang, if props.rotated { Key::IgSecretRotated } else { Key::IgSecretCreated }) }</p>
            <p class="note" id="client-secret-once"><strong>{ t(lang, Key::IgSecretOnce) }</strong></p>
            <dl class="details">
                <dt>{ t(lang, Key::IgClientId) }</dt>
                <dd class="password-value"><code id="client-id-value">{ s.client.client_id.to_string() }</code></dd>
                <dt>{ t(lang, Key::IgSecret) }</dt>
                <dd class="password-value"><code id="client-secret-value">{ s.client_secret.clone() }</code></dd>
                <dt>{ t(lang, Key::IgTokenUrl) }</dt>
                <dd><code id="client-token-url">{ props.token_url.clone() }</code></dd>
            </dl>
            <p class="secret-example-title">{ t(lang, Key::IgExample) }</p>
            <pre id="client-curl">{ curl }</pre>
            <button type="button" id="client-secret-close" class="button secondary" onclick={on_close}>
                { t(lang, Key::Close) }
            </button>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CreateProps {
    on_created: Callback<ClientSecret>,
}

/// Why the form was not sent or refused, kept untranslated for the language switch.
enum Problem {
    Fields(Vec<(Field, Key)>),
    Api(ClientError),
}

/// The problems of the fields the server named in its answer, when it named known ones.
fn refused_fields(e: &ClientError) -> Option<Vec<(Field, Key)>> {
    let ClientError::Api(p) = e else {
        return None;
    };
    let fields: Vec<(Field, Key)> = p
        .errors
        .iter()
        .filter_map(|fe| match (fe.field.as_str(), fe.code.as_str()) {
            // The form sends no empty name, so a refused length is a name too long.
            ("name", "length") => Some((Field::Name, Key::IgNameTooLong)),
            ("name", _) => Some((Field::Name, Key::IgNameRequired)),
            ("scopes", _) => Some((Field::Scopes, Key::IgScopeRequired)),
            _ => None,
        })
        .collect();
    (!fields.is_empty()).then_some(fields)
}

/// «Подключить систему»: a name and the scopes it may ask for (at least one).
#[component]
fn CreateClientForm(props: &CreateProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let name = use_state(String::new);
    let scopes = use_state(Vec::<Scope>::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<Rc<Problem>>);

    let onsubmit = {
        let (name, scopes, busy, problem) =
            (name.clone(), scopes.clone(), busy.clone(), problem.clone());
        let api = app.api.clone();
        let on_created = props.on_created.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let found = form_problems(&name, &scopes);
            if !found.is_empty() {
                problem.set(Some(Rc::new(Problem::Fields(found))));
                return;
            }
            let request = NewIntegrationClient {
                name: name.trim().to_owned(),
                scopes: Scope::ALL
                    .into_iter()
                    .filter(|s| scopes.contains(s))
                    .collect(),
            };
            busy.set(true);
            problem.set(None);
            let (api, busy, problem, on_created, name, scopes) = (
                api.clone(),
                busy.clone(),
                problem.clone(),
                on_created.clone(),
                name.clone(),
                scopes.clone(),
            );
            spawn_local(async move {
                let result = api
                    .call(|c| {
                        let request = request.clone();
                        async move { c.create_integration_client(&request).await }
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(secret) => {
                        name.set(String::new());
                        scopes.set(Vec::new());
                        on_created.emit(secret);
                    }
                    Err(e) => problem.set(Some(Rc::new(match refused_fields(&e) {
                        Some(fields) => Problem::Fields(fields),
                        None => Problem::Api(e),
                    }))),
                }
            });
        })
    };

    let field_error = |field: Field| -> Option<AttrValue> {
        match problem.as_deref() {
            Some(Problem::Fields(list)) => list
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, key)| AttrValue::from(t(lang, *key))),
            _ => None,
        }
    };
    let general = match problem.as_deref() {
        Some(Problem::Api(e)) => Some(describe(lang, e)),
        _ => None,
    };
    let scopes_error = field_error(Field::Scopes);

    html! {
        <section class="card create-client" aria-labelledby="create-client-title">
            <h2 id="create-client-title">{ t(lang, Key::IgCreateTitle) }</h2>
            <form id="create-client-form" class="form" onsubmit={onsubmit} novalidate=true>
                <TextField id="new-client-name" label={t(lang, Key::IgName)} value={(*name).clone()}
                    oninput={text_setter(&name)} required=true autocomplete="off"
                    hint={t(lang, Key::IgNameHint)} error={field_error(Field::Name)} />
                <fieldset class={classes!("roles", scopes_error.is_some().then_some("has-error"))}
                    aria-describedby={if scopes_error.is_some() { "new-client-scopes-hint new-client-scopes-error" } else { "new-client-scopes-hint" }}>
                    <legend>{ t(lang, Key::IgScopes) }</legend>
                    <p class="hint" id="new-client-scopes-hint">{ t(lang, Key::IgScopesHint) }</p>
                    <div class="checks scope-checks">
                        { for Scope::ALL.into_iter().map(|scope| {
                            let id = format!("new-client-scope-{}", scope_slug(scope));
                            let checked = scopes.contains(&scope);
                            let onchange = {
                                let scopes = scopes.clone();
                                Callback::from(move |e: Event| {
                                    let input: HtmlInputElement = e.target_unchecked_into();
                                    let mut next = (*scopes).clone();
                                    next.retain(|s| *s != scope);
                                    if input.checked() {
                                        next.push(scope);
                                    }
                                    scopes.set(next);
                                })
                            };
                            html! {
                                <label class="check" for={id.clone()} title={scope.as_str()}>
                                    <input type="checkbox" id={id} value={scope.as_str()} {checked} {onchange} />
                                    <span>
                                        { t(lang, scope_key(scope)) }
                                        <br /><code class="muted small scope-uri">{ scope.as_str() }</code>
                                    </span>
                                </label>
                            }
                        }) }
                    </div>
                    if let Some(error) = scopes_error.clone() {
                        <p class="field-error" id="new-client-scopes-error">{ error }</p>
                    }
                </fieldset>
                <p id="new-client-error" class="form-error" role="alert" hidden={general.is_none()}>
                    { general.unwrap_or_default() }
                </p>
                <div class="form-actions">
                    <button type="submit" id="new-client-submit" class="button primary" disabled={*busy}>
                        { t(lang, if *busy { Key::IgCreating } else { Key::IgSubmit }) }
                    </button>
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cyrillic(s: &str) -> bool {
        s.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c))
    }

    /// Every scope reads in both languages, Russian in Cyrillic, each in words of its own, and has
    /// an id of its own.
    #[test]
    fn every_scope_has_words_and_an_id() {
        let mut ru_seen = Vec::new();
        let mut slugs = Vec::new();
        for scope in Scope::ALL {
            let (ru, en) = (t(Lang::Ru, scope_key(scope)), t(Lang::En, scope_key(scope)));
            assert!(cyrillic(ru), "{scope:?}: {ru}");
            assert!(!en.is_empty() && !cyrillic(en), "{scope:?}: {en}");
            assert!(!ru_seen.contains(&ru), "{scope:?}: {ru} twice");
            ru_seen.push(ru);
            let slug = scope_slug(scope);
            assert!(!slugs.contains(&slug), "{slug} twice");
            assert!(
                scope.as_str().contains(slug),
                "{slug} is part of {}",
                scope.as_str()
            );
            slugs.push(slug);
        }
        assert_eq!(
            t(Lang::Ru, scope_key(Scope::RosterCore)),
            "Состав школы (OneRoster, основное)"
        );
    }

    #[test]
    fn the_token_address_and_the_example_request() {
        assert_eq!(
            token_url("https://journal.school.ru", "/oauth/token"),
            "https://journal.school.ru/oauth/token"
        );
        assert_eq!(
            token_url("http://127.0.0.1:8080/", ""),
            "http://127.0.0.1:8080/oauth/token"
        );
        let id = Uuid::from_u128(1);
        assert_eq!(
            curl_example("https://j.ru/oauth/token", id, "s3cret"),
            "curl -u 00000000-0000-0000-0000-000000000001:s3cret https://j.ru/oauth/token \
             -d grant_type=client_credentials"
        );
    }

    #[test]
    fn the_form_needs_a_name_and_a_scope() {
        assert_eq!(
            form_problems("  ", &[]),
            vec![
                (Field::Name, Key::IgNameRequired),
                (Field::Scopes, Key::IgScopeRequired)
            ]
        );
        assert_eq!(
            form_problems(&"я".repeat(MAX_NAME + 1), &[Scope::Exports]),
            vec![(Field::Name, Key::IgNameTooLong)]
        );
        assert!(form_problems(&"я".repeat(MAX_NAME), &[Scope::RosterCore]).is_empty());
        assert!(form_problems("Библиотека", &[Scope::RosterCore]).is_empty());
    }

    /// The menu item and the page follow the domain policy: the admin only.
    #[test]
    fn only_the_admin_manages_integrations() {
        use journal_api_types::auth::Me;
        use journal_api_types::Role;
        let me = |role: Role| Me {
            user_id: Uuid::nil(),
            login: "x".into(),
            last_name: "Админова".into(),
            first_name: "Анна".into(),
            middle_name: None,
            school_id: Uuid::nil(),
            school_name: "МАОУ СОШ № 1".into(),
            roles: vec![role],
            led_classes: Vec::new(),
            memberships: Vec::new(),
            must_change_password: false,
            last_login_at: None,
            previous_login_at: None,
            students: Vec::new(),
            timezone: "Europe/Moscow".into(),
            utc_offset_minutes: 180,
        };
        assert!(may(&me(Role::Admin), Action::ManageIntegrations));
        for role in [
            Role::Director,
            Role::Deputy,
            Role::Secretary,
            Role::Teacher,
            Role::ClassTeacher,
            Role::Guardian,
            Role::Student,
            Role::Region,
            Role::Integration,
        ] {
            assert!(!may(&me(role), Action::ManageIntegrations), "{role:?}");
        }
    }

    /// The server's field problems land beside their fields.
    #[test]
    fn refused_fields_are_placed() {
        let problem = |field: &str, code: &str| {
            ClientError::Api(journal_api_types::Problem {
                kind: "about:blank".into(),
                title: "Bad Request".into(),
                status: 400,
                code: journal_api_types::ErrorCode::ValidationFailed,
                detail: None,
                errors: vec![journal_api_types::FieldError {
                    field: field.into(),
                    code: code.into(),
                    message: None,
                }],
                clash: None,
            })
        };
        assert_eq!(
            refused_fields(&problem("scopes", "no_scope")),
            Some(vec![(Field::Scopes, Key::IgScopeRequired)])
        );
        assert_eq!(
            refused_fields(&problem("name", "blank")),
            Some(vec![(Field::Name, Key::IgNameRequired)])
        );
        assert_eq!(refused_fields(&problem("other", "x")), None);
        assert_eq!(refused_fields(&ClientError::Network("down".into())), None);
    }
}
