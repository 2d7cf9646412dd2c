//! The audit log of the school (R-P4), newest first.

use crate::components::pager::Pager;
use crate::i18n::{
    action_name, entity_name, role_name, t, Key, Lang, AUDIT_ACTIONS, AUDIT_ENTITIES,
};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{use_list_load, use_title, Load};
use crate::services::access::may;
use crate::services::api::describe;
use crate::services::state::use_app;
use crate::services::time::local_time_seconds;
use journal_api_types::audit::{AuditEntry, AuditFilter};
use journal_api_types::Role;
use journal_domain::Action;
use std::collections::HashSet;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

const PAGE_SIZE: i64 = 50;

#[component]
pub fn AuditPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::AuditTitle);
    let filter = use_state(|| AuditFilter {
        limit: Some(PAGE_SIZE),
        ..AuditFilter::default()
    });
    let action_draft = use_state(String::new);
    let entity_draft = use_state(String::new);
    let reload = use_state(|| 0_u32);
    let expanded = use_state(HashSet::<i64>::new);

    let can_view = app.me().is_some_and(|me| may(&me, Action::ViewAudit));
    let (data, loading) = use_list_load(
        (*filter).clone(),
        *reload,
        can_view,
        |c, filter| async move { c.audit(&filter).await },
    );

    if !can_view {
        return html! { <ForbiddenPage /> };
    }

    let apply = {
        let (filter, action_draft, entity_draft) =
            (filter.clone(), action_draft.clone(), entity_draft.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let action = action_draft.trim().to_owned();
            let entity = entity_draft.trim().to_owned();
            filter.set(AuditFilter {
                action: (!action.is_empty()).then_some(action),
                entity: (!entity.is_empty()).then_some(entity),
                offset: None,
                ..(*filter).clone()
            });
        })
    };
    let reset = {
        let (filter, action_draft, entity_draft) =
            (filter.clone(), action_draft.clone(), entity_draft.clone());
        Callback::from(move |_: MouseEvent| {
            action_draft.set(String::new());
            entity_draft.set(String::new());
            filter.set(AuditFilter {
                limit: Some(PAGE_SIZE),
                ..AuditFilter::default()
            });
        })
    };
    let on_action = {
        let action_draft = action_draft.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            action_draft.set(select.value());
        })
    };
    let on_entity = {
        let entity_draft = entity_draft.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            entity_draft.set(select.value());
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

    let filters = html! {
        <form class="filters" role="search" onsubmit={apply}>
            <div class="field">
                <label for="audit-action">{ t(lang, Key::FilterAction) }</label>
                <select id="audit-action" onchange={on_action}>
                    <option value="" selected={action_draft.is_empty()}>{ t(lang, Key::AllActions) }</option>
                    { for AUDIT_ACTIONS.iter().map(|a| html! {
                        <option value={*a} selected={*action_draft == *a}>
                            { action_name(lang, a).unwrap_or(a) }
                        </option>
                    }) }
                </select>
            </div>
            <div class="field">
                <label for="audit-entity">{ t(lang, Key::FilterEntity) }</label>
                <select id="audit-entity" onchange={on_entity}>
                    <option value="" selected={entity_draft.is_empty()}>{ t(lang, Key::AllObjects) }</option>
                    { for AUDIT_ENTITIES.iter().map(|e| html! {
                        <option value={*e} selected={*entity_draft == *e}>{ entity_name(lang, e).unwrap_or(e) }</option>
                    }) }
                </select>
            </div>
            <div class="field actions">
                <button type="submit" id="audit-apply" class="button secondary">{ t(lang, Key::Apply) }</button>
                <button type="button" id="audit-reset" class="button ghost" onclick={reset}>{ t(lang, Key::Reset) }</button>
            </div>
        </form>
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
