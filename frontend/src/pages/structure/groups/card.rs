//! A group's card: its members on a date, who joins and who leaves, renaming and deleting it.

use super::{kind_key, loading};
use crate::components::form::SubmitButton;
use crate::components::problem::Failure;
use crate::components::problem::FormProblem;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::{use_load, use_load_keyed};
use crate::services::access::full_name;
use crate::services::state::use_app;
use crate::services::week::today;
use chrono::NaiveDate;
use journal_api_types::groups::{AddMemberRequest, Group, GroupPatch, MembersQuery};
use journal_api_types::people::StudentFilter;
use journal_client::ClientError;
use journal_domain::people::StudentStatus;
use uuid::Uuid;
use validator::Validate;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

/// The group name a `division_taken` answer names («…» in its detail).
pub(super) fn named_group(detail: &str) -> Option<&str> {
    let start = detail.find('«')? + '«'.len_utf8();
    let len = detail[start..].find('»')?;
    Some(&detail[start..start + len])
}

/// A refused membership change in words: `division_taken` says which group holds the student.
fn membership_problem(lang: Lang, p: &FormProblem, id: &str) -> Html {
    if let FormProblem::Api(Failure(e)) = p {
        if let ClientError::Api(problem) = e.as_ref() {
            let named = problem.detail.as_deref().and_then(named_group);
            if let (true, Some(group)) = (problem.code == "division_taken", named) {
                return html! {
                    <p id={id.to_owned()} class="form-error" role="alert">
                        { tf(lang, Key::ErrDivisionTakenNamed, &[("group", group)]) }
                    </p>
                };
            }
        }
    }
    p.view(lang, id)
}

pub(super) fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

pub(super) fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn text_input(s: &UseStateHandle<String>) -> Callback<InputEvent> {
    let s = s.clone();
    Callback::from(move |e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        s.set(input.value());
    })
}

fn date_input(s: &UseStateHandle<String>) -> Callback<Event> {
    let s = s.clone();
    Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        s.set(input.value());
    })
}

#[derive(Properties, PartialEq)]
pub(super) struct CardProps {
    pub(super) group: Group,
    /// Rename and delete (`ManageStructure`).
    pub(super) can_manage: bool,
    /// Add and end memberships (`ManageGroupMembers` on this group).
    pub(super) can_members: bool,
    pub(super) on_changed: Callback<()>,
    pub(super) on_deleted: Callback<()>,
    pub(super) on_close: Callback<()>,
}

/// What a card's form last reported.
#[derive(Clone, PartialEq)]
enum Outcome {
    Done(Key),
    Refused(FormProblem),
}

fn outcome_view(lang: Lang, outcome: &Option<Outcome>, id: &str) -> Html {
    match outcome {
        None => Html::default(),
        Some(Outcome::Done(key)) => {
            html! { <p id={format!("{id}-done")} class="success" role="status">{ t(lang, *key) }</p> }
        }
        Some(Outcome::Refused(p)) => membership_problem(lang, p, &format!("{id}-error")),
    }
}

/// One group: its members on a date, leaving and joining, renaming and deleting.
#[component]
pub(super) fn GroupCard(props: &CardProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let g = &props.group;
    let group_id = g.id;
    let on = use_state(today);
    let reload = use_state(|| 0_u32);
    let members = use_load_keyed((group_id, *on), *reload, |c, (group, on)| async move {
        c.group_members(
            group,
            &MembersQuery {
                on: Some(on),
                all: None,
            },
        )
        .await
    });
    let member_class = use_state(|| g.classes.first().map(|c| c.id));
    let can_members = props.can_members;
    let students = use_load((*member_class, can_members), |c, (class, can)| async move {
        match class.filter(|_| can) {
            Some(class_id) => c
                .list_students(&StudentFilter {
                    class_id: Some(class_id),
                    status: Some(StudentStatus::Active),
                    limit: Some(500),
                    ..StudentFilter::default()
                })
                .await
                .map(|page| page.items),
            None => Ok(Vec::new()),
        }
    });
    let busy = use_state(|| false);
    let leaving = use_state(|| None::<Uuid>);
    let last_day = use_state(String::new);
    let leave_outcome = use_state(|| None::<Outcome>);
    let pick = use_state(String::new);
    let from = use_state(|| iso(today()));
    let add_outcome = use_state(|| None::<Outcome>);
    let name = use_state(|| g.name.clone());
    let division = use_state(|| g.division.clone().unwrap_or_default());
    let edit_outcome = use_state(|| None::<Outcome>);
    let confirming = use_state(|| false);
    let delete_problem = use_state(|| None::<FormProblem>);
    let heading = use_node_ref();
    {
        // Keyboard and screen-reader users land on the card they opened.
        let heading = heading.clone();
        use_effect_with(group_id, move |_| {
            if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        });
    }
    let changed = {
        let (reload, on_changed) = (reload.clone(), props.on_changed.clone());
        Callback::from(move |()| {
            reload.set(reload.wrapping_add(1));
            on_changed.emit(());
        })
    };

    let on_date = {
        let (on, from) = (on.clone(), from.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(d) = parse_date(&input.value()) {
                on.set(d);
                from.set(iso(d));
            }
        })
    };
    let on_leave = {
        let api = app.api.clone();
        let (leaving, last_day, busy, outcome, changed) = (
            leaving.clone(),
            last_day.clone(),
            busy.clone(),
            leave_outcome.clone(),
            changed.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(student) = *leaving else { return };
            if *busy {
                return;
            }
            let Some(day) = parse_date(&last_day) else {
                outcome.set(Some(Outcome::Refused(FormProblem::Local(
                    Key::ErrFieldsRequired,
                ))));
                return;
            };
            busy.set(true);
            let (api, leaving, busy, outcome, changed) = (
                api.clone(),
                leaving.clone(),
                busy.clone(),
                outcome.clone(),
                changed.clone(),
            );
            spawn_local(async move {
                let result = api
                    .call(|c| async move { c.leave_group(group_id, student, day).await })
                    .await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        leaving.set(None);
                        outcome.set(Some(Outcome::Done(Key::MemberLeft)));
                        changed.emit(());
                    }
                    Err(e) => outcome.set(Some(Outcome::Refused(FormProblem::Api(e.into())))),
                }
            });
        })
    };
    let on_add = {
        let api = app.api.clone();
        let (pick, from, busy, outcome, changed) = (
            pick.clone(),
            from.clone(),
            busy.clone(),
            add_outcome.clone(),
            changed.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let (Ok(student_id), Some(from_date)) = (Uuid::parse_str(&pick), parse_date(&from))
            else {
                outcome.set(Some(Outcome::Refused(FormProblem::Local(
                    Key::MemberPickRequired,
                ))));
                return;
            };
            busy.set(true);
            let request = AddMemberRequest {
                student_id,
                from_date,
                to_date: None,
            };
            let (api, pick, busy, outcome, changed) = (
                api.clone(),
                pick.clone(),
                busy.clone(),
                outcome.clone(),
                changed.clone(),
            );
            spawn_local(async move {
                let result = api
                    .call(|c| {
                        let request = request.clone();
                        async move { c.add_group_member(group_id, &request).await }
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        pick.set(String::new());
                        outcome.set(Some(Outcome::Done(Key::MemberAdded)));
                        changed.emit(());
                    }
                    Err(e) => outcome.set(Some(Outcome::Refused(FormProblem::Api(e.into())))),
                }
            });
        })
    };
    let on_edit = {
        let api = app.api.clone();
        let (name, division, busy, outcome, on_changed) = (
            name.clone(),
            division.clone(),
            busy.clone(),
            edit_outcome.clone(),
            props.on_changed.clone(),
        );
        let (old_name, old_division) = (g.name.clone(), g.division.clone().unwrap_or_default());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let (new_name, new_division) = (name.trim().to_owned(), division.trim().to_owned());
            let patch = GroupPatch {
                name: (new_name != old_name).then_some(new_name),
                division: (new_division != old_division).then_some(new_division),
            };
            if patch.validate().is_err() {
                outcome.set(Some(Outcome::Refused(FormProblem::Local(
                    Key::ErrFieldsRequired,
                ))));
                return;
            }
            if patch == GroupPatch::default() {
                outcome.set(Some(Outcome::Done(Key::Saved)));
                return;
            }
            busy.set(true);
            let (api, busy, outcome, on_changed) = (
                api.clone(),
                busy.clone(),
                outcome.clone(),
                on_changed.clone(),
            );
            spawn_local(async move {
                let result = api
                    .call(|c| {
                        let patch = patch.clone();
                        async move { c.update_group(group_id, &patch).await }
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        outcome.set(Some(Outcome::Done(Key::Saved)));
                        on_changed.emit(());
                    }
                    Err(e) => outcome.set(Some(Outcome::Refused(FormProblem::Api(e.into())))),
                }
            });
        })
    };
    let on_delete = {
        let api = app.api.clone();
        let (busy, problem, confirming, on_deleted) = (
            busy.clone(),
            delete_problem.clone(),
            confirming.clone(),
            props.on_deleted.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            let (api, busy, problem, confirming, on_deleted) = (
                api.clone(),
                busy.clone(),
                problem.clone(),
                confirming.clone(),
                on_deleted.clone(),
            );
            spawn_local(async move {
                let result = api
                    .call(|c| async move { c.delete_group(group_id).await })
                    .await;
                busy.set(false);
                confirming.set(false);
                match result {
                    Ok(()) => on_deleted.emit(()),
                    Err(e) => problem.set(Some(FormProblem::Api(e.into()))),
                }
            });
        })
    };

    let member_ids: Vec<Uuid> = members
        .ready()
        .map(|l| l.iter().map(|m| m.student_id).collect())
        .unwrap_or_default();
    let body = loading(lang, &members).unwrap_or_else(|| match members.ready() {
        Some(list) if list.is_empty() => {
            html! { <p class="muted" id="group-members-empty">{ t(lang, Key::NoMembersOn) }</p> }
        }
        Some(list) => html! {
            <div class="table-wrap">
                <table id="group-members" class="table">
                    <thead>
                        <tr>
                            <th scope="col">{ t(lang, Key::MemberStudent) }</th>
                            <th scope="col">{ t(lang, Key::TtClass) }</th>
                            <th scope="col">{ t(lang, Key::MemberSince) }</th>
                            <th scope="col">{ t(lang, Key::MemberUntil) }</th>
                            if can_members {
                                <th scope="col"><span class="visually-hidden">{ t(lang, Key::MemberLeave) }</span></th>
                            }
                        </tr>
                    </thead>
                    <tbody>
                        { for list.iter().map(|m| {
                            let sid = m.student_id;
                            let who = full_name(&m.last_name, &m.first_name, m.middle_name.as_deref());
                            let open_leave = {
                                let (leaving, last_day, outcome, on) =
                                    (leaving.clone(), last_day.clone(), leave_outcome.clone(), *on);
                                Callback::from(move |_: MouseEvent| {
                                    leaving.set(Some(sid));
                                    last_day.set(iso(on));
                                    outcome.set(None);
                                })
                            };
                            let cancel = {
                                let leaving = leaving.clone();
                                Callback::from(move |_: MouseEvent| leaving.set(None))
                            };
                            let open = *leaving == Some(sid);
                            html! {
                                <>
                                <tr data-student={sid.to_string()} class={classes!(open.then_some("selected"))}>
                                    <td data-label={t(lang, Key::MemberStudent)}>{ who.clone() }</td>
                                    <td data-label={t(lang, Key::TtClass)}>
                                        { m.class_name.clone().unwrap_or_else(|| t(lang, Key::Dash).to_owned()) }
                                    </td>
                                    <td data-label={t(lang, Key::MemberSince)}>{ m.from_date.format("%d.%m.%Y").to_string() }</td>
                                    <td data-label={t(lang, Key::MemberUntil)}>
                                        { m.to_date.map_or_else(|| t(lang, Key::Dash).to_owned(), |d| d.format("%d.%m.%Y").to_string()) }
                                    </td>
                                    if can_members {
                                        <td class="row-actions">
                                            <button type="button" id={format!("leave-{sid}")} class="button ghost small"
                                                aria-expanded={open.to_string()} onclick={open_leave}>
                                                { t(lang, Key::MemberLeave) }
                                            </button>
                                        </td>
                                    }
                                </tr>
                                if open {
                                    <tr class="row-form">
                                        <td colspan="5">
                                            <form id="leave-form" class="filters" onsubmit={on_leave.clone()} novalidate=true
                                                aria-label={tf(lang, Key::MemberLeaveOf, &[("name", &who)])}>
                                                <div class="field">
                                                    <label for="leave-date">{ t(lang, Key::MemberLastDay) }</label>
                                                    <input type="date" id="leave-date" value={(*last_day).clone()}
                                                        onchange={date_input(&last_day)} required=true />
                                                </div>
                                                <div class="field actions">
                                                    <SubmitButton id="leave-submit" class="button primary small" busy={*busy} label={Key::MemberLeaveSubmit} />
                                                    <button type="button" id="leave-cancel" class="button ghost small" onclick={cancel}>
                                                        { t(lang, Key::Cancel) }
                                                    </button>
                                                </div>
                                            </form>
                                        </td>
                                    </tr>
                                }
                                </>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        },
        None => Html::default(),
    });

    let add_form = if can_members {
        let candidates: Vec<_> = students
            .ready()
            .map(|l| {
                l.iter()
                    .filter(|s| !member_ids.contains(&s.id))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let on_class = {
            let (member_class, pick) = (member_class.clone(), pick.clone());
            Callback::from(move |e: Event| {
                let select: HtmlSelectElement = e.target_unchecked_into();
                member_class.set(Uuid::parse_str(&select.value()).ok());
                pick.set(String::new());
            })
        };
        let on_pick = {
            let pick = pick.clone();
            Callback::from(move |e: Event| {
                let select: HtmlSelectElement = e.target_unchecked_into();
                pick.set(select.value());
            })
        };
        html! {
            <section class="card" aria-labelledby="member-form-title">
                <h4 id="member-form-title">{ t(lang, Key::MemberAddTitle) }</h4>
                <form id="member-form" class="filters" onsubmit={on_add} novalidate=true>
                    <div class="field">
                        <label for="member-class">{ t(lang, Key::TtClass) }</label>
                        <select id="member-class" onchange={on_class} disabled={g.classes.len() < 2}>
                            { for g.classes.iter().map(|c| html! {
                                <option value={c.id.to_string()} selected={Some(c.id) == *member_class}>{ c.name.clone() }</option>
                            }) }
                        </select>
                    </div>
                    <div class="field grow">
                        <label for="member-student">{ t(lang, Key::MemberStudent) }</label>
                        <select id="member-student" onchange={on_pick} aria-describedby="member-hint">
                            <option value="" selected={pick.is_empty()}>{ t(lang, Key::MemberPickStudent) }</option>
                            { for candidates.iter().map(|s| html! {
                                <option value={s.id.to_string()} selected={*pick == s.id.to_string()}>
                                    { full_name(&s.last_name, &s.first_name, s.middle_name.as_deref()) }
                                </option>
                            }) }
                        </select>
                    </div>
                    <div class="field">
                        <label for="member-from">{ t(lang, Key::MemberFromDate) }</label>
                        <input type="date" id="member-from" value={(*from).clone()} onchange={date_input(&from)} required=true />
                    </div>
                    <div class="field actions">
                        <SubmitButton id="member-submit" busy={*busy} label={Key::CreateSubmitShort} />
                    </div>
                </form>
                <p class="hint muted" id="member-hint">{ t(lang, Key::MemberAddHint) }</p>
                if students.ready().is_some() && candidates.is_empty() {
                    <p class="muted" id="member-no-candidates">{ t(lang, Key::MemberNoCandidates) }</p>
                }
                { loading(lang, &students).unwrap_or_default() }
                { outcome_view(lang, &add_outcome, "member") }
            </section>
        }
    } else {
        html! { <p class="muted" id="members-read-only">{ t(lang, Key::MembersReadOnly) }</p> }
    };

    let manage = if props.can_manage {
        let ask = {
            let (confirming, problem) = (confirming.clone(), delete_problem.clone());
            Callback::from(move |_: MouseEvent| {
                problem.set(None);
                confirming.set(true);
            })
        };
        let cancel = {
            let confirming = confirming.clone();
            Callback::from(move |_: MouseEvent| confirming.set(false))
        };
        html! {
            <section class="card" aria-labelledby="group-edit-title">
                <h4 id="group-edit-title">{ t(lang, Key::GroupEditTitle) }</h4>
                <form id="group-edit-form" class="filters" onsubmit={on_edit} novalidate=true>
                    <div class="field grow">
                        <label for="group-edit-name">{ t(lang, Key::ColName) }</label>
                        <input id="group-edit-name" value={(*name).clone()} oninput={text_input(&name)} required=true />
                    </div>
                    <div class="field">
                        <label for="group-edit-division">{ t(lang, Key::GroupDivision) }</label>
                        <input id="group-edit-division" value={(*division).clone()} oninput={text_input(&division)}
                            aria-describedby="group-edit-hint" />
                    </div>
                    <div class="field actions">
                        <SubmitButton id="group-edit-submit" class="button secondary" busy={*busy} label={Key::Save} />
                    </div>
                </form>
                <p class="hint muted" id="group-edit-hint">{ t(lang, Key::GroupDivisionHint) }</p>
                { outcome_view(lang, &edit_outcome, "group-edit") }
                <div class="form-actions">
                    if *confirming {
                        <div id="group-delete-confirm-box" role="alertdialog" aria-labelledby="group-delete-question">
                            <p id="group-delete-question">{ tf(lang, Key::GroupDeleteConfirm, &[("name", &g.name)]) }</p>
                            <button type="button" id="group-delete-confirm" class="button danger" onclick={on_delete} disabled={*busy}>
                                { t(lang, Key::GroupDeleteYes) }
                            </button>
                            { " " }
                            <button type="button" id="group-delete-cancel" class="button ghost" onclick={cancel}>
                                { t(lang, Key::Cancel) }
                            </button>
                        </div>
                    } else {
                        <button type="button" id="group-delete" class="button danger-outline" onclick={ask}>
                            { t(lang, Key::GroupDelete) }
                        </button>
                    }
                </div>
                if let Some(p) = &*delete_problem {
                    { p.view(lang, "group-delete-error") }
                }
            </section>
        }
    } else {
        Html::default()
    };

    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let classes_line = g
        .classes
        .iter()
        .map(|c| c.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        <section class="card" id="group-card" data-group={group_id.to_string()} aria-labelledby="group-card-title">
            <h3 id="group-card-title" ref={heading} tabindex="-1">{ g.name.clone() }</h3>
            <p class="muted">
                { format!("{} · {}", t(lang, kind_key(g.kind)), classes_line) }
                if let Some(d) = &g.division {
                    { format!(" · {}: {d}", t(lang, Key::GroupDivision)) }
                }
            </p>
            <p class="muted">{ t(lang, Key::GroupCardIntro) }</p>
            <div class="filters">
                <div class="field">
                    <label for="group-on">{ t(lang, Key::GroupMembersOn) }</label>
                    <input type="date" id="group-on" value={iso(*on)} onchange={on_date} />
                </div>
                <div class="field actions">
                    <button type="button" id="group-card-close" class="button ghost" onclick={close}>{ t(lang, Key::Close) }</button>
                </div>
            </div>
            { body }
            { outcome_view(lang, &leave_outcome, "leave") }
            { add_form }
            { manage }
        </section>
    }
}
