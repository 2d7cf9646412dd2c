//! The audit log of the school (R-P4), newest first: filtered by action, object, the person who
//! acted and a span of the school's days, and downloaded as a CSV file for Excel.

use crate::components::pager::Pager;
use crate::i18n::{
    action_name, entity_name, role_name, t, Key, Lang, AUDIT_ACTIONS, AUDIT_ENTITIES,
};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{use_list_load, use_title, Load};
use crate::services::access::{full_name, may};
use crate::services::api::describe;
use crate::services::files::download;
use crate::services::state::use_app;
use crate::services::time::local_time_seconds;
use chrono::NaiveDate;
use journal_api_types::audit::{AuditEntry, AuditFilter};
use journal_api_types::users::{UserFilter, UserSummary};
use journal_api_types::Role;
use journal_client::{Client, ClientError};
use journal_domain::Action;
use std::collections::HashSet;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

const PAGE_SIZE: i64 = 50;
/// The longest span of days the log takes (the server answers `invalid_span` past it).
const MAX_SPAN_DAYS: i64 = 366;
/// Accounts asked for at a time, and the most asked for, for the person filter.
const PEOPLE_PAGE: i64 = 500;
const MAX_PEOPLE: i64 = 10_000;

/// The filters as typed in the form, before «Применить» or «Выгрузить CSV» takes them.
#[derive(Debug, Clone, Default, PartialEq)]
struct Drafts {
    action: String,
    entity: String,
    /// The id of the chosen person, empty for everyone.
    actor: String,
    /// `YYYY-MM-DD` as a date input gives it, empty for none.
    from: String,
    to: String,
}

impl Drafts {
    /// The list's filter of these drafts, from its first page (`limit` kept from `current`);
    /// `None` when both dates are given and `from` is after `to` or the span is over a year.
    fn filter(&self, current: &AuditFilter) -> Option<AuditFilter> {
        let text = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_owned())
        };
        let date = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
        let (from, to) = (date(&self.from), date(&self.to));
        if let (Some(f), Some(t)) = (from, to) {
            if f > t || (t - f).num_days() >= MAX_SPAN_DAYS {
                return None;
            }
        }
        Some(AuditFilter {
            action: text(&self.action),
            entity: text(&self.entity),
            actor_id: self.actor.trim().parse().ok(),
            from,
            to,
            offset: None,
            ..current.clone()
        })
    }
}

/// Every account of the school, in the server's (Russian alphabetical) order, a page at a time.
async fn all_accounts(c: Client) -> Result<Vec<UserSummary>, ClientError> {
    let mut all = Vec::new();
    loop {
        let offset = all.len() as i64;
        let page = c
            .list_users(&UserFilter {
                offset: Some(offset),
                limit: Some(PEOPLE_PAGE),
                ..UserFilter::default()
            })
            .await?;
        let got = page.items.len() as i64;
        all.extend(page.items);
        let read = offset + got;
        if got == 0 || read >= page.total || read >= MAX_PEOPLE {
            return Ok(all);
        }
    }
}

/// Whether the account is a student's or a parent's only (the rest are staff).
fn is_family(u: &UserSummary) -> bool {
    !u.roles.is_empty()
        && u.roles
            .iter()
            .all(|r| matches!(r, Role::Guardian | Role::Student))
}

/// How a person is named in the filter: the full name, and the login to tell namesakes apart.
fn person_label(u: &UserSummary) -> String {
    let name = full_name(&u.last_name, &u.first_name, u.middle_name.as_deref());
    format!("{name} ({})", u.login)
}

#[component]
pub fn AuditPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::AuditTitle);
    let filter = use_state(|| AuditFilter {
        limit: Some(PAGE_SIZE),
        ..AuditFilter::default()
    });
    let drafts = use_state(Drafts::default);
    let span_wrong = use_state(|| false);
    let exporting = use_state(|| false);
    let export_error = use_state(|| None::<String>);
    let reload = use_state(|| 0_u32);
    let expanded = use_state(HashSet::<i64>::new);

    let can_view = app.me().is_some_and(|me| may(&me, Action::ViewAudit));
    let (data, loading) = use_list_load(
        (*filter).clone(),
        *reload,
        can_view,
        |c, filter| async move { c.audit(&filter).await },
    );
    let (people, _) = use_list_load((), 0, can_view, |c, _| all_accounts(c));

    if !can_view {
        return html! { <ForbiddenPage /> };
    }

    // The drafts as the filter shown, or a word that the dates do not make a span.
    let take = {
        let (filter, drafts, span_wrong) = (filter.clone(), drafts.clone(), span_wrong.clone());
        move || -> Option<AuditFilter> {
            let next = drafts.filter(&filter);
            span_wrong.set(next.is_none());
            if let Some(next) = &next {
                if *next != *filter {
                    filter.set(next.clone());
                }
            }
            next
        }
    };
    let apply = {
        let take = take.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            take();
        })
    };
    let export = {
        let (api, exporting, export_error) =
            (app.api.clone(), exporting.clone(), export_error.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(shown) = take() else {
                return;
            };
            let (api, exporting, export_error) =
                (api.clone(), exporting.clone(), export_error.clone());
            exporting.set(true);
            export_error.set(None);
            spawn_local(async move {
                let call = |c: Client| {
                    let shown = shown.clone();
                    async move { c.audit_export(&shown).await }
                };
                let done = match api.call(call).await {
                    Ok(bytes) => download("audit.csv", "text/csv;charset=utf-8", &bytes).err(),
                    Err(e) => Some(describe(lang, &e)),
                };
                export_error.set(done);
                exporting.set(false);
            });
        })
    };
    let reset = {
        let (filter, drafts, span_wrong) = (filter.clone(), drafts.clone(), span_wrong.clone());
        Callback::from(move |_: MouseEvent| {
            drafts.set(Drafts::default());
            span_wrong.set(false);
            filter.set(AuditFilter {
                limit: Some(PAGE_SIZE),
                ..AuditFilter::default()
            });
        })
    };
    let on_select = |set: fn(&mut Drafts, String)| {
        let drafts = drafts.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let mut next = (*drafts).clone();
            set(&mut next, select.value());
            drafts.set(next);
        })
    };
    let on_date = |set: fn(&mut Drafts, String)| {
        let drafts = drafts.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut next = (*drafts).clone();
            set(&mut next, input.value());
            drafts.set(next);
        })
    };
    let on_page = {
        let (filter, expanded) = (filter.clone(), expanded.clone());
        Callback::from(move |offset: i64| {
            expanded.set(HashSet::new());
            filter.set(AuditFilter {
                offset: Some(offset),
                ..(*filter).clone()
            });
        })
    };
    let on_toggle = {
        let expanded = expanded.clone();
        Callback::from(move |seq: i64| {
            let mut next = (*expanded).clone();
            if !next.remove(&seq) {
                next.insert(seq);
            }
            expanded.set(next);
        })
    };

    let accounts: &[UserSummary] = people.ready().map_or(&[], Vec::as_slice);
    let person_option = |u: &UserSummary| {
        let id = u.id.to_string();
        let selected = drafts.actor == id;
        html! { <option value={id} {selected}>{ person_label(u) }</option> }
    };
    let filters = html! {
        <form class="filters" role="search" onsubmit={apply} novalidate=true>
            <div class="field">
                <label for="audit-action">{ t(lang, Key::FilterAction) }</label>
                <select id="audit-action" onchange={on_select(|d, v| d.action = v)}>
                    <option value="" selected={drafts.action.is_empty()}>{ t(lang, Key::AllActions) }</option>
                    { for AUDIT_ACTIONS.iter().map(|a| html! {
                        <option value={*a} selected={drafts.action == *a}>
                            { action_name(lang, a).unwrap_or(a) }
                        </option>
                    }) }
                </select>
            </div>
            <div class="field">
                <label for="audit-entity">{ t(lang, Key::FilterEntity) }</label>
                <select id="audit-entity" onchange={on_select(|d, v| d.entity = v)}>
                    <option value="" selected={drafts.entity.is_empty()}>{ t(lang, Key::AllObjects) }</option>
                    { for AUDIT_ENTITIES.iter().map(|e| html! {
                        <option value={*e} selected={drafts.entity == *e}>{ entity_name(lang, e).unwrap_or(e) }</option>
                    }) }
                </select>
            </div>
            <div class="field">
                <label for="audit-actor">{ t(lang, Key::FilterActor) }</label>
                <select id="audit-actor" onchange={on_select(|d, v| d.actor = v)}>
                    <option value="" selected={drafts.actor.is_empty()}>{ t(lang, Key::AllPeople) }</option>
                    <optgroup label={t(lang, Key::AuditStaff)}>
                        { for accounts.iter().filter(|u| !is_family(u)).map(person_option) }
                    </optgroup>
                    <optgroup label={t(lang, Key::AuditFamilies)}>
                        { for accounts.iter().filter(|u| is_family(u)).map(person_option) }
                    </optgroup>
                </select>
            </div>
            <div class="field">
                <label for="audit-from">{ t(lang, Key::DateFrom) }</label>
                <input type="date" id="audit-from" value={drafts.from.clone()}
                    onchange={on_date(|d, v| d.from = v)} />
            </div>
            <div class="field">
                <label for="audit-to">{ t(lang, Key::DateTo) }</label>
                <input type="date" id="audit-to" value={drafts.to.clone()}
                    onchange={on_date(|d, v| d.to = v)} />
            </div>
            <div class="field actions">
                <button type="submit" id="audit-apply" class="button secondary">{ t(lang, Key::Apply) }</button>
                <button type="button" id="audit-reset" class="button ghost" onclick={reset}>{ t(lang, Key::Reset) }</button>
                <button type="button" id="audit-export" class="button secondary" onclick={export}
                    disabled={*exporting} aria-describedby="audit-export-hint">
                    { t(lang, if *exporting { Key::AuditExporting } else { Key::AuditExport }) }
                </button>
            </div>
        </form>
    };
    let notes = html! {
        <>
            <p class="hint" id="audit-export-hint">{ t(lang, Key::AuditExportHint) }</p>
            if *span_wrong {
                <p class="form-error" role="alert" id="audit-span-error">{ t(lang, Key::AuditSpanWrong) }</p>
            }
            if let Some(e) = &*export_error {
                <p class="form-error" role="alert" id="audit-export-error">{ e.clone() }</p>
            }
        </>
    };

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
                    <table id="audit-table" class="table audit">
                        <thead>
                            <tr>
                                <th scope="col">{ t(lang, Key::ColTime) }</th>
                                <th scope="col">{ t(lang, Key::ColActor) }</th>
                                <th scope="col">{ t(lang, Key::ColRole) }</th>
                                <th scope="col">{ t(lang, Key::ColAction) }</th>
                                <th scope="col">{ t(lang, Key::ColObject) }</th>
                                <th scope="col">{ t(lang, Key::ColRequestId) }</th>
                                <th scope="col"><span class="visually-hidden">{ t(lang, Key::Details) }</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            if page.items.is_empty() {
                                <tr><td colspan="7" class="empty">{ t(lang, Key::NoEntries) }</td></tr>
                            }
                            { for page.items.iter().map(|entry| audit_rows(lang, entry, expanded.contains(&entry.seq), &on_toggle)) }
                        </tbody>
                    </table>
                </div>
                <Pager offset={page.offset} limit={page.limit} total={page.total} {on_page} />
            </>
        },
    };

    html! {
        <section class="page" id="audit">
            <h1>{ t(lang, Key::AuditTitle) }</h1>
            <p class="muted">{ t(lang, Key::AuditIntro) }</p>
            { filters }
            { notes }
            { table }
        </section>
    }
}

fn audit_rows(lang: Lang, entry: &AuditEntry, open: bool, on_toggle: &Callback<i64>) -> Html {
    let seq = entry.seq;
    let detail_id = format!("audit-detail-{seq}");
    let toggle = {
        let cb = on_toggle.clone();
        Callback::from(move |_: MouseEvent| cb.emit(seq))
    };
    let dash = t(lang, Key::Dash);
    let actor = entry
        .actor_login
        .clone()
        .unwrap_or_else(|| t(lang, Key::SystemActor).to_owned());
    let role = entry
        .actor_role
        .as_deref()
        .map(|r| match r.parse::<Role>() {
            Ok(role) => role_name(lang, role).to_owned(),
            Err(_) => r.to_owned(),
        })
        .unwrap_or_else(|| dash.to_owned());
    let action = action_name(lang, &entry.action).unwrap_or(&entry.action);
    let entity = entity_name(lang, &entry.entity).unwrap_or(&entry.entity);
    let has_details = entry.before.is_some() || entry.after.is_some() || entry.entity_id.is_some();
    let pretty = |v: &Option<serde_json::Value>| -> String {
        v.as_ref()
            .map(|v| serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string()))
            .unwrap_or_else(|| dash.to_owned())
    };
    html! {
        <>
            <tr id={format!("audit-{seq}")} class={classes!(open.then_some("open"))}>
                <td data-label={t(lang, Key::ColTime)} class="nowrap">{ local_time_seconds(lang, entry.at) }</td>
                <td data-label={t(lang, Key::ColActor)}>{ actor }</td>
                <td data-label={t(lang, Key::ColRole)}>{ role }</td>
                <td data-label={t(lang, Key::ColAction)} title={entry.action.clone()}>{ action }</td>
                <td data-label={t(lang, Key::ColObject)}>
                    { entity }
                    if let Some(id) = &entry.entity_id {
                        <br /><code class="id" title={id.clone()}>{ short(id) }</code>
                    }
                </td>
                <td data-label={t(lang, Key::ColRequestId)}>
                    if let Some(id) = &entry.request_id {
                        <code class="id" title={id.clone()}>{ short(id) }</code>
                    } else {
                        { dash }
                    }
                </td>
                <td class="row-actions">
                    if has_details {
                        <button type="button" class="button small ghost" onclick={toggle}
                            aria-expanded={if open { "true" } else { "false" }} aria-controls={detail_id.clone()}>
                            { t(lang, if open { Key::HideDetails } else { Key::Details }) }
                        </button>
                    }
                </td>
            </tr>
            if open {
                <tr id={detail_id} class="detail-row">
                    <td colspan="7">
                        <dl class="details compact">
                            if let Some(id) = &entry.entity_id {
                                <dt>{ t(lang, Key::ColObject) }</dt>
                                <dd><code>{ format!("{} {id}", entry.entity) }</code></dd>
                            }
                            if let Some(id) = &entry.request_id {
                                <dt>{ t(lang, Key::ColRequestId) }</dt>
                                <dd><code>{ id.clone() }</code></dd>
                            }
                        </dl>
                        <div class="diff">
                            <div>
                                <h3>{ t(lang, Key::Before) }</h3>
                                <pre>{ pretty(&entry.before) }</pre>
                            </div>
                            <div>
                                <h3>{ t(lang, Key::After) }</h3>
                                <pre>{ pretty(&entry.after) }</pre>
                            </div>
                        </div>
                    </td>
                </tr>
            }
        </>
    }
}

/// The first characters of a long id; the whole id is in the tooltip and the details.
fn short(id: &str) -> String {
    if id.chars().count() > 12 {
        let head: String = id.chars().take(8).collect();
        format!("{head}…")
    } else {
        id.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drafts(from: &str, to: &str) -> Drafts {
        Drafts {
            action: " user.create ".into(),
            actor: "6f1c2f0e-2d7a-4c43-9d43-3a8e7f1f0b11".into(),
            from: from.into(),
            to: to.into(),
            ..Drafts::default()
        }
    }

    #[test]
    fn the_drafts_become_the_filter_from_its_first_page() {
        let current = AuditFilter {
            limit: Some(PAGE_SIZE),
            offset: Some(100),
            ..AuditFilter::default()
        };
        let f = drafts("2025-11-01", "2025-11-30").filter(&current).unwrap();
        assert_eq!(f.action.as_deref(), Some("user.create"));
        assert_eq!(f.entity, None);
        assert_eq!(
            f.actor_id.map(|u| u.to_string()).as_deref(),
            Some("6f1c2f0e-2d7a-4c43-9d43-3a8e7f1f0b11")
        );
        assert_eq!(f.from, NaiveDate::from_ymd_opt(2025, 11, 1));
        assert_eq!(f.to, NaiveDate::from_ymd_opt(2025, 11, 30));
        assert_eq!((f.offset, f.limit), (None, Some(PAGE_SIZE)));
        let open = drafts("", "2025-11-30").filter(&current).unwrap();
        assert_eq!((open.from, open.to.is_some()), (None, true));
        assert_eq!(
            Drafts::default().filter(&current).unwrap().actor_id,
            None,
            "everyone"
        );
    }

    #[test]
    fn a_backwards_or_too_long_span_is_no_filter() {
        let current = AuditFilter::default();
        assert!(drafts("2025-12-01", "2025-11-30")
            .filter(&current)
            .is_none());
        assert!(drafts("2024-01-01", "2025-01-01")
            .filter(&current)
            .is_none());
        assert!(drafts("2024-01-01", "2024-12-31")
            .filter(&current)
            .is_some());
        assert!(drafts("2025-11-30", "2025-11-30")
            .filter(&current)
            .is_some());
    }

    #[test]
    fn families_are_told_from_staff() {
        let user = |roles: Vec<Role>| UserSummary {
            id: uuid::Uuid::nil(),
            login: "ivanova.mp".into(),
            last_name: "Иванова".into(),
            first_name: "Мария".into(),
            middle_name: Some("Петровна".into()),
            roles,
            must_change_password: false,
            created_at: chrono::Utc::now(),
            last_login_at: None,
        };
        assert!(is_family(&user(vec![Role::Guardian])));
        assert!(is_family(&user(vec![Role::Student])));
        assert!(!is_family(&user(vec![Role::Guardian, Role::Teacher])));
        assert!(!is_family(&user(vec![Role::Deputy])));
        assert_eq!(
            person_label(&user(vec![Role::Deputy])),
            "Иванова Мария Петровна (ivanova.mp)"
        );
    }
}
