//! A student's guardians: the list with their links, editing one, linking an existing or new one.

use super::card::Done;
use super::consents::GuardianDiary;
use super::forms::{closer, opener, use_person_fields, FormEnd};
use super::{guardian_name, relation_name, relation_options};
use crate::components::form::{accepted, input_setter, optional, send, text_setter, SelectField};
use crate::components::problem::{checked, FormMessage, FormProblem};
use crate::i18n::{t, Key};
use crate::services::state::use_app;
use journal_api_types::people::{
    GuardianFilter, GuardianView, LinkGuardianRequest, LinkedGuardian,
};
use journal_domain::people::Relation;
use std::rc::Rc;
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct GuardianListProps {
    pub(super) student_id: Uuid,
    pub(super) guardians: Vec<LinkedGuardian>,
    pub(super) can_edit: bool,
    pub(super) on_changed: Callback<Done>,
    pub(super) on_unlink: Callback<(Uuid, String)>,
}

#[component]
pub(super) fn GuardianList(props: &GuardianListProps) -> Html {
    let lang = use_app().lang();
    let editing = use_state(|| None::<Uuid>);
    if props.guardians.is_empty() {
        return html! { <p class="muted" id="guardians-empty">{ t(lang, Key::NoGuardians) }</p> };
    }
    let dash = || t(lang, Key::Dash).to_owned();
    html! {
        <ul class="guardian-list stack" id="guardians">
            { for props.guardians.iter().map(|lg| {
                let g = &lg.guardian;
                let name = guardian_name(g);
                let is_editing = *editing == Some(g.id);
                let edit = {
                    let (editing, id) = (editing.clone(), g.id);
                    Callback::from(move |_: MouseEvent| editing.set(Some(id)))
                };
                let unlink = {
                    let (cb, id, name) = (props.on_unlink.clone(), g.id, name.clone());
                    Callback::from(move |_: MouseEvent| cb.emit((id, name.clone())))
                };
                let on_saved = {
                    let (editing, cb) = (editing.clone(), props.on_changed.clone());
                    Callback::from(move |d: Done| {
                        editing.set(None);
                        cb.emit(d);
                    })
                };
                let on_cancel = {
                    let editing = editing.clone();
                    Callback::from(move |_| editing.set(None))
                };
                html! {
                    <li class="guardian" id={format!("guardian-{}", g.id)}>
                        <p>
                            <strong class="guardian-name">{ name.clone() }</strong>
                            { " — " }
                            <span class="guardian-relation">{ relation_name(lang, lg.relation) }</span>
                        </p>
                        <p class="muted">
                            { format!("{}: {}", t(lang, Key::Phone), g.phone.clone().unwrap_or_else(dash)) }
                            { " · " }
                            { format!("{}: {}", t(lang, Key::Email), g.email.clone().unwrap_or_else(dash)) }
                        </p>
                        if props.can_edit && !is_editing {
                            <div class="actions">
                                <button type="button" class="button small secondary guardian-edit" onclick={edit}
                                    aria-label={format!("{}: {name}", t(lang, Key::EditGuardian))}>
                                    { t(lang, Key::EditGuardian) }
                                </button>
                                <button type="button" class="button small danger-outline guardian-unlink" onclick={unlink}
                                    aria-label={format!("{}: {name}", t(lang, Key::Unlink))}>
                                    { t(lang, Key::Unlink) }
                                </button>
                            </div>
                        }
                        if is_editing {
                            <EditGuardianForm guardian={g.clone()} {on_saved} {on_cancel} />
                        }
                        if props.can_edit {
                            <GuardianDiary guardian_id={g.id} name={name.clone()} />
                        }
                    </li>
                }
            }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
struct EditGuardianProps {
    guardian: GuardianView,
    on_saved: Callback<Done>,
    on_cancel: Callback<()>,
}

#[component]
fn EditGuardianForm(props: &EditGuardianProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let g = &props.guardian;
    let fields = use_person_fields(
        &g.last_name,
        &g.first_name,
        g.middle_name.as_deref(),
        g.phone.as_deref(),
        g.email.as_deref(),
    );
    let busy = use_state(|| false);
    let problem = use_state(|| None::<FormProblem>);
    let prefix = format!("guardian-edit-{}", g.id);
    let onsubmit = {
        let (api, fields, busy, problem) = (
            app.api.clone(),
            fields.clone(),
            busy.clone(),
            problem.clone(),
        );
        let (id, on_saved) = (g.id, props.on_saved.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let request = fields.guardian_request();
            let Some(request) = accepted(&problem, checked(request, Vec::new(), &fields.names()))
            else {
                return;
            };
            let on_saved = on_saved.clone();
            send(
                &api,
                &busy,
                &problem,
                request,
                move |c, r| async move { c.update_guardian(id, &r).await },
                move |_| on_saved.emit(Done::GuardianSaved),
            );
        })
    };
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <form id={prefix.clone()} class="form grid" {onsubmit} novalidate=true>
            { fields.view(lang, &prefix, problem.as_ref()) }
            <FormEnd error_id={format!("{prefix}-error")} problem={(*problem).clone()} busy={*busy}
                label={Key::Save} on_cancel={cancel} />
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct AddGuardianProps {
    pub(super) student_id: Uuid,
    pub(super) on_linked: Callback<Done>,
}

/// Links a guardian already in the school (found by name or phone) or a new one.
#[component]
pub(super) fn AddGuardian(props: &AddGuardianProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let open = use_state(|| false);
    let new_person = use_state(|| false);
    let q = use_state(String::new);
    let found = use_state(|| None::<Rc<Vec<GuardianView>>>);
    let chosen = use_state(|| None::<Uuid>);
    let relation = use_state(|| Relation::Mother.as_str().to_owned());
    let fields = use_person_fields("", "", None, None, None);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<FormProblem>);

    if !*open {
        let onclick = opener(&open);
        return html! {
            <button type="button" id="guardian-add" class="button secondary" {onclick}>
                { t(lang, Key::AddGuardian) }
            </button>
        };
    }

    let on_search = {
        let (api, q, found, chosen, problem) = (
            app.api.clone(),
            q.clone(),
            found.clone(),
            chosen.clone(),
            problem.clone(),
        );
        Callback::from(move |_: ()| {
            let filter = GuardianFilter {
                q: optional(&q),
                limit: Some(20),
                ..GuardianFilter::default()
            };
            let (api, found, chosen, problem) =
                (api.clone(), found.clone(), chosen.clone(), problem.clone());
            spawn_local(async move {
                let result = api
                    .call(|c| {
                        let filter = filter.clone();
                        async move { c.list_guardians(&filter).await }
                    })
                    .await;
                match result {
                    Ok(page) => {
                        chosen.set(None);
                        problem.set(None);
                        found.set(Some(Rc::new(page.items)));
                    }
                    Err(e) => problem.set(Some(FormProblem::api(e))),
                }
            });
        })
    };
    let onsubmit = {
        let (api, new_person, chosen, relation, fields, busy, problem, open) = (
            app.api.clone(),
            new_person.clone(),
            chosen.clone(),
            relation.clone(),
            fields.clone(),
            busy.clone(),
            problem.clone(),
            open.clone(),
        );
        let (student_id, on_linked) = (props.student_id, props.on_linked.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let Some(relation) = Relation::parse(&relation) else {
                return;
            };
            let create = if *new_person {
                let request = fields.guardian_request();
                let Some(request) =
                    accepted(&problem, checked(request, Vec::new(), &fields.names()))
                else {
                    return;
                };
                Some(request)
            } else {
                None
            };
            let existing = *chosen;
            if create.is_none() && existing.is_none() {
                problem.set(Some(FormProblem::Local(Key::ErrChooseGuardian)));
                return;
            }
            busy.set(true);
            problem.set(None);
            let (api, busy, problem, open, on_linked) = (
                api.clone(),
                busy.clone(),
                problem.clone(),
                open.clone(),
                on_linked.clone(),
            );
            spawn_local(async move {
                let guardian_id = match (create, existing) {
                    (Some(request), _) => {
                        let created = api
                            .call(|c| {
                                let request = request.clone();
                                async move { c.create_guardian(&request).await }
                            })
                            .await;
                        match created {
                            Ok(g) => g.id,
                            Err(e) => {
                                busy.set(false);
                                problem.set(Some(FormProblem::api(e)));
                                return;
                            }
                        }
                    }
                    (None, Some(id)) => id,
                    (None, None) => return,
                };
                let request = LinkGuardianRequest {
                    guardian_id,
                    relation,
                };
                let result = api
                    .call(|c| {
                        let request = request.clone();
                        async move { c.link_guardian(student_id, &request).await }
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        open.set(false);
                        on_linked.emit(Done::GuardianLinked);
                    }
                    Err(e) => problem.set(Some(FormProblem::api(e))),
                }
            });
        })
    };
    let mode = |is_new: bool| {
        let (new_person, problem) = (new_person.clone(), problem.clone());
        Callback::from(move |_: Event| {
            problem.set(None);
            new_person.set(is_new);
        })
    };
    let cancel = closer(&open, &problem);
    let search_click = {
        let cb = on_search.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    // Enter in the search box searches instead of submitting the whole form.
    let search_key = {
        let cb = on_search.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                cb.emit(());
            }
        })
    };
    let on_q = input_setter(&q);

    html! {
        <form id="guardian-add-form" class="form stack" {onsubmit} novalidate=true aria-labelledby="guardian-add-title">
            <h3 id="guardian-add-title">{ t(lang, Key::AddGuardian) }</h3>
            <fieldset class="mode-switch">
                <legend class="visually-hidden">{ t(lang, Key::AddGuardian) }</legend>
                <label class="check" for="guardian-mode-existing">
                    <input type="radio" id="guardian-mode-existing" name="guardian-mode" checked={!*new_person} onchange={mode(false)} />
                    <span>{ t(lang, Key::GuardianExisting) }</span>
                </label>
                <label class="check" for="guardian-mode-new">
                    <input type="radio" id="guardian-mode-new" name="guardian-mode" checked={*new_person} onchange={mode(true)} />
                    <span>{ t(lang, Key::GuardianNew) }</span>
                </label>
            </fieldset>
            if *new_person {
                <div class="form grid">{ fields.view(lang, "guardian-new", problem.as_ref()) }</div>
            } else {
                <div class="filters">
                    <div class="field grow">
                        <label for="guardian-q">{ t(lang, Key::GuardianSearchLabel) }</label>
                        <input id="guardian-q" type="search" value={(*q).clone()} oninput={on_q}
                            onkeydown={search_key} autocomplete="off" />
                    </div>
                    <div class="field actions">
                        <button type="button" id="guardian-search" class="button secondary" onclick={search_click}>
                            { t(lang, Key::SearchSubmit) }
                        </button>
                    </div>
                </div>
                if let Some(list) = &*found {
                    if list.is_empty() {
                        <p class="muted" id="guardian-found-none">{ t(lang, Key::NoGuardiansFound) }</p>
                    } else {
                        <fieldset id="guardian-found">
                            <legend>{ t(lang, Key::ChooseGuardian) }</legend>
                            <div class="checks">
                                { for list.iter().map(|g| {
                                    let id = format!("guardian-pick-{}", g.id);
                                    let onchange = {
                                        let (chosen, gid) = (chosen.clone(), g.id);
                                        Callback::from(move |_: Event| chosen.set(Some(gid)))
                                    };
                                    let phone = g.phone.as_ref().map(|p| format!(", {p}")).unwrap_or_default();
                                    html! {
                                        <label class="check" for={id.clone()}>
                                            <input type="radio" id={id} name="guardian-pick" checked={*chosen == Some(g.id)} {onchange} />
                                            <span>{ format!("{}{phone}", guardian_name(g)) }</span>
                                        </label>
                                    }
                                }) }
                            </div>
                        </fieldset>
                    }
                }
            }
            <SelectField id="guardian-relation" label={t(lang, Key::ColRelation)} value={(*relation).clone()}
                options={relation_options(lang)} onchange={text_setter(&relation)} required=true />
            <FormMessage id="guardian-add-error" problem={(*problem).clone()} />
            <div class="form-actions">
                <button type="submit" id="guardian-add-submit" class="button primary" disabled={*busy}>
                    { t(lang, if *busy { Key::Saving } else if *new_person { Key::CreateAndLink } else { Key::LinkSubmit }) }
                </button>
                <button type="button" class="button ghost" onclick={cancel}>{ t(lang, Key::Cancel) }</button>
            </div>
        </form>
    }
}
