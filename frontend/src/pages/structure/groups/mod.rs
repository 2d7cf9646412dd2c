//! Groups of a year (R-B3): subgroups, streams and individual-plan students, and a group's card:
//! its members on a date, who joins and who leaves (the structure roles for every group, a class
//! teacher for the subgroups of their class, R-A5), renaming and deleting it.

mod card;
#[cfg(test)]
mod tests;

use card::GroupCard;

use super::classes::year_select;
use super::{create_form_end, Layout};
use crate::components::form::send;
use crate::components::problem::FormProblem;
use crate::i18n::{t, Key, Lang};
use crate::pages::{use_load, use_load_keyed, Load};
use crate::services::access::may;
use crate::services::api::describe;
use crate::services::state::use_app;
use crate::services::week::{current_year, today};
use journal_api_types::groups::{Group, GroupFilter, GroupInput, GroupKind};
use journal_api_types::structure::{Class, ClassFilter};
use journal_api_types::Role;
use journal_domain::Action;
use uuid::Uuid;
use validator::Validate;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TabProps {
    pub can_manage: bool,
}

fn kind_key(kind: GroupKind) -> Key {
    match kind {
        GroupKind::Subgroup => Key::GroupSubgroup,
        GroupKind::Stream => Key::GroupStream,
        GroupKind::Individual => Key::GroupIndividual,
    }
}

pub(super) fn loading<T>(lang: Lang, load: &Load<T>) -> Option<Html> {
    match load {
        Load::Loading => {
            Some(html! { <p class="muted" role="status">{ t(lang, Key::Loading) }</p> })
        }
        Load::Failed(e) => {
            Some(html! { <p class="form-error" role="alert">{ describe(lang, e) }</p> })
        }
        Load::Ready(_) => None,
    }
}

#[component]
pub fn GroupsTab(props: &TabProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let reload = use_state(|| 0_u32);
    let chosen = use_state(|| None::<Uuid>);
    let years = use_load((), |c, _| async move { c.list_years().await });
    let year = (*chosen).or_else(|| years.ready().and_then(|y| current_year(y, today())));
    let groups = use_load_keyed(year, *reload, |c, year| async move {
        match year {
            Some(year_id) => {
                c.list_groups(&GroupFilter {
                    year_id: Some(year_id),
                    class_id: None,
                })
                .await
            }
            None => Ok(Vec::new()),
        }
    });
    let classes = use_load(year, |c, year| async move {
        match year {
            Some(year_id) => {
                c.list_classes(&ClassFilter {
                    year_id: Some(year_id),
                })
                .await
            }
            None => Ok(Vec::new()),
        }
    });
    let open = use_state(|| None::<Uuid>);

    let name = use_state(String::new);
    let kind = use_state(|| GroupKind::Subgroup);
    let division = use_state(String::new);
    let picked = use_state(Vec::<Uuid>::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<FormProblem>);
    let created = use_state(|| false);
    let deleted = use_state(|| false);

    let on_year = {
        let (chosen, open) = (chosen.clone(), open.clone());
        Callback::from(move |y: Option<Uuid>| {
            open.set(None);
            chosen.set(y);
        })
    };
    let onsubmit = {
        let api = app.api.clone();
        let (name, kind, division, picked, busy, problem, created, reload) = (
            name.clone(),
            kind.clone(),
            division.clone(),
            picked.clone(),
            busy.clone(),
            problem.clone(),
            created.clone(),
            reload.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let Some(year_id) = year else {
                problem.set(Some(FormProblem::Local(Key::ErrFieldsRequired)));
                return;
            };
            let input = GroupInput {
                year_id,
                name: name.trim().to_owned(),
                kind: *kind,
                division: Some(division.trim().to_owned()).filter(|d| !d.is_empty()),
                class_ids: (*picked).clone(),
            };
            if input.validate().is_err() {
                problem.set(Some(FormProblem::Local(Key::ErrFieldsRequired)));
                return;
            }
            created.set(false);
            let (created, reload, name) = (created.clone(), reload.clone(), name.clone());
            send(
                &api,
                &busy,
                &problem,
                input,
                move |c, input| async move { c.create_group(&input).await },
                move |_| {
                    name.set(String::new());
                    created.set(true);
                    reload.set(reload.wrapping_add(1));
                },
            );
        })
    };

    let listing = loading(lang, &groups).unwrap_or_else(|| match groups.ready() {
        Some(list) if list.is_empty() => {
            html! { <p class="muted" id="groups-empty">{ t(lang, Key::NoGroupsYet) }</p> }
        }
        Some(list) => html! {
            <div class="table-wrap">
                <table id="groups-table" class="table">
                    <thead>
                        <tr>
                            <th scope="col">{ t(lang, Key::ColName) }</th>
                            <th scope="col">{ t(lang, Key::GroupKindLabel) }</th>
                            <th scope="col">{ t(lang, Key::GroupDivision) }</th>
                            <th scope="col">{ t(lang, Key::GroupClasses) }</th>
                            <th scope="col">{ t(lang, Key::GroupMembersToday) }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for list.iter().map(|g| {
                            let onclick = {
                                let (open, deleted, id) = (open.clone(), deleted.clone(), g.id);
                                Callback::from(move |_: MouseEvent| {
                                    deleted.set(false);
                                    open.set(Some(id));
                                })
                            };
                            let on = *open == Some(g.id);
                            html! {
                                <tr data-group={g.id.to_string()} class={classes!(on.then_some("selected"))}>
                                    <td data-label={t(lang, Key::ColName)}>
                                        <button type="button" id={format!("group-open-{}", g.id)} class="button ghost small"
                                            aria-expanded={on.to_string()} aria-controls="group-card" {onclick}>{ g.name.clone() }</button>
                                    </td>
                                    <td data-label={t(lang, Key::GroupKindLabel)}>{ t(lang, kind_key(g.kind)) }</td>
                                    <td data-label={t(lang, Key::GroupDivision)}>
                                        { g.division.clone().unwrap_or_else(|| t(lang, Key::Dash).to_owned()) }
                                    </td>
                                    <td data-label={t(lang, Key::GroupClasses)}>
                                        { g.classes.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(", ") }
                                    </td>
                                    <td data-label={t(lang, Key::GroupMembersToday)}>{ g.member_count }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        },
        None => Html::default(),
    });
    let card = match (*open).and_then(|id| groups.ready()?.iter().find(|g| g.id == id)) {
        None => Html::default(),
        Some(g) => {
            let can_members =
                keeps_list(app.me().as_deref(), g, classes.ready().map(Vec::as_slice));
            let on_changed = {
                let reload = reload.clone();
                Callback::from(move |()| reload.set(reload.wrapping_add(1)))
            };
            let on_deleted = {
                let (reload, open, deleted) = (reload.clone(), open.clone(), deleted.clone());
                Callback::from(move |()| {
                    open.set(None);
                    deleted.set(true);
                    reload.set(reload.wrapping_add(1));
                })
            };
            let on_close = {
                let open = open.clone();
                Callback::from(move |()| open.set(None))
            };
            html! {
                <GroupCard key={g.id.to_string()} group={g.clone()} can_manage={props.can_manage} {can_members}
                    {on_changed} {on_deleted} {on_close} />
            }
        }
    };
    let class_boxes = match classes.ready() {
        Some(list) => html! {
            <fieldset class="field checks" id="group-classes">
                <legend>{ t(lang, Key::GroupClasses) }</legend>
                { for list.iter().map(|c| {
                    let id = c.id;
                    let on = picked.contains(&id);
                    let onchange = {
                        let picked = picked.clone();
                        Callback::from(move |e: Event| {
                            let input: HtmlInputElement = e.target_unchecked_into();
                            let mut now = (*picked).clone();
                            now.retain(|x| *x != id);
                            if input.checked() {
                                now.push(id);
                            }
                            picked.set(now);
                        })
                    };
                    html! {
                        <label class="check">
                            <input type="checkbox" checked={on} {onchange} value={id.to_string()} />
                            { c.name.clone() }
                        </label>
                    }
                }) }
            </fieldset>
        },
        None => Html::default(),
    };
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            kind.set(match select.value().as_str() {
                "stream" => GroupKind::Stream,
                "individual" => GroupKind::Individual,
                _ => GroupKind::Subgroup,
            });
        })
    };
    html! {
        <section aria-labelledby="groups-title">
            <h2 id="groups-title">{ t(lang, Key::TabGroups) }</h2>
            <p class="muted">{ t(lang, Key::GroupsIntro) }</p>
            if let Some(list) = years.ready() {
                { year_select(lang, list, year, on_year) }
            }
            if *deleted {
                <p id="group-deleted" class="success" role="status">{ t(lang, Key::GroupDeleted) }</p>
            }
            { listing }
            { card }
            if props.can_manage {
                <section class="card" aria-labelledby="group-form-title">
                    <h3 id="group-form-title">{ t(lang, Key::NewGroup) }</h3>
                    <form id="group-form" class="form" onsubmit={onsubmit} novalidate=true>
                        <div class="field">
                            <label for="group-name">{ t(lang, Key::ColName) }</label>
                            <input id="group-name" value={(*name).clone()} placeholder={t(lang, Key::GroupNamePlaceholder)}
                                oninput={let name = name.clone(); Callback::from(move |e: InputEvent| {
                                    let input: HtmlInputElement = e.target_unchecked_into();
                                    name.set(input.value());
                                })} />
                        </div>
                        <div class="field">
                            <label for="group-kind">{ t(lang, Key::GroupKindLabel) }</label>
                            <select id="group-kind" onchange={on_kind}>
                                { for [GroupKind::Subgroup, GroupKind::Stream, GroupKind::Individual].iter().map(|k| html! {
                                    <option value={k.as_str()} selected={*k == *kind}>{ t(lang, kind_key(*k)) }</option>
                                }) }
                            </select>
                        </div>
                        <div class="field">
                            <label for="group-division">{ t(lang, Key::GroupDivision) }</label>
                            <input id="group-division" value={(*division).clone()} placeholder={t(lang, Key::GroupDivisionPlaceholder)}
                                oninput={let division = division.clone(); Callback::from(move |e: InputEvent| {
                                    let input: HtmlInputElement = e.target_unchecked_into();
                                    division.set(input.value());
                                })} />
                            <p class="hint muted">{ t(lang, Key::GroupDivisionHint) }</p>
                        </div>
                        { class_boxes }
                        { create_form_end(lang, "group", Layout::Stack, problem.as_ref(), *created, *busy) }
                    </form>
                </section>
            }
        </section>
    }
}

/// May the signed-in person keep this group's list? The structure roles any group's; a class
/// teacher a subgroup of the class they lead (R-A5). The server decides the same way.
fn keeps_list(
    me: Option<&journal_api_types::auth::Me>,
    g: &Group,
    classes: Option<&[Class]>,
) -> bool {
    let Some(me) = me else {
        return false;
    };
    if [Role::Admin, Role::Director, Role::Deputy]
        .iter()
        .any(|r| me.roles.contains(r))
    {
        return may(me, Action::ManageGroupMembers);
    }
    me.roles.contains(&Role::ClassTeacher)
        && g.kind == GroupKind::Subgroup
        && g.classes.iter().any(|gc| {
            classes
                .unwrap_or_default()
                .iter()
                .any(|c| c.id == gc.id && c.class_teacher_id == Some(me.user_id))
        })
}
