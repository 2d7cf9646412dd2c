//! Registering a substitution, cancellation or move of one dated lesson (R-T2).

use super::week::Slot;
use crate::components::problem::{Failure, ProblemMessage};
use crate::i18n::{t, tf, Key};
use crate::pages::Person;
use crate::services::lessons::lesson_number;
use crate::services::lessons::ChangeKind;
use crate::services::state::use_app;
use crate::services::week::parse_iso;
use journal_api_types::structure::{Room, Subject};
use journal_api_types::timetable::{ChangeInput, Lesson};
use std::rc::Rc;
use uuid::Uuid;
use validator::Validate;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct ChangeProps {
    pub(super) lesson: Rc<Lesson>,
    pub(super) teachers: Rc<Vec<Person>>,
    pub(super) subjects: Rc<Vec<Subject>>,
    pub(super) rooms: Rc<Vec<Room>>,
    pub(super) rows: Rc<Vec<Slot>>,
    pub(super) on_changed: Callback<()>,
}

/// What the change form may say is wrong before asking the server.
#[derive(Clone, PartialEq)]
pub(super) enum ChangeProblem {
    Local(Key),
    Api(Failure),
}

/// Registering a substitution, cancellation or move of one dated lesson (R-T2).
#[component]
pub(super) fn ChangeForm(props: &ChangeProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let kind = use_state(|| ChangeKind::Substitution);
    let substitute = use_state(String::new);
    let subject = use_state(String::new);
    let room = use_state(String::new);
    let to_date = use_state(String::new);
    let to_lesson = use_state(String::new);
    let reason = use_state(String::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<ChangeProblem>);
    let l = props.lesson.clone();
    // Who already teaches at that time: the picker lists the free teachers first.
    let taken = crate::pages::use_load(
        (l.entry_id, l.scheduled_date),
        |c, (entry, date)| async move { c.busy_teachers(entry, date).await },
    );

    let select_setter = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            s.set(select.value());
        })
    };
    let input_setter = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            s.set(input.value());
        })
    };
    let change_setter = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            s.set(input.value());
        })
    };
    let kind_radio = |k: ChangeKind, key: Key| {
        let kind_state = kind.clone();
        let problem = problem.clone();
        let id = format!("change-kind-{}", k.as_str());
        html! {
            <label class="check" for={id.clone()}>
                <input type="radio" name="change-kind" id={id} value={k.as_str()} checked={*kind == k}
                    onchange={Callback::from(move |_: Event| { problem.set(None); kind_state.set(k); })} />
                <span>{ t(lang, key) }</span>
            </label>
        }
    };

    let onsubmit = {
        let api = app.api.clone();
        let (kind, substitute, subject, room, to_date, to_lesson, reason, busy, problem) = (
            kind.clone(),
            substitute.clone(),
            subject.clone(),
            room.clone(),
            to_date.clone(),
            to_lesson.clone(),
            reason.clone(),
            busy.clone(),
            problem.clone(),
        );
        let on_changed = props.on_changed.clone();
        let (entry_id, date) = (l.entry_id, l.scheduled_date);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let reason_text = reason.trim().to_owned();
            let mut input = ChangeInput {
                kind: kind.as_str().to_owned(),
                substitute_id: None,
                subject_id: None,
                room_id: None,
                to_date: None,
                to_lesson: None,
                reason: (!reason_text.is_empty()).then_some(reason_text),
            };
            match *kind {
                ChangeKind::Substitution => {
                    let Ok(id) = Uuid::parse_str(&substitute) else {
                        problem.set(Some(ChangeProblem::Local(Key::ErrSubstituteRequired)));
                        return;
                    };
                    input.substitute_id = Some(id);
                    input.subject_id = Uuid::parse_str(&subject).ok();
                    input.room_id = Uuid::parse_str(&room).ok();
                }
                ChangeKind::Move => {
                    let (Some(d), Ok(n)) = (parse_iso(&to_date), to_lesson.parse::<u8>()) else {
                        problem.set(Some(ChangeProblem::Local(Key::ErrMoveTargetRequired)));
                        return;
                    };
                    input.to_date = Some(d);
                    input.to_lesson = Some(n);
                    input.room_id = Uuid::parse_str(&room).ok();
                }
                ChangeKind::Cancellation => {}
            }
            if input.validate().is_err() {
                problem.set(Some(ChangeProblem::Local(Key::ErrValidationFailed)));
                return;
            }
            busy.set(true);
            problem.set(None);
            let (api, busy, problem, on_changed) = (
                api.clone(),
                busy.clone(),
                problem.clone(),
                on_changed.clone(),
            );
            spawn_local(async move {
                let result = api
                    .call(|c| {
                        let input = input.clone();
                        async move { c.change_lesson(entry_id, date, &input).await }
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(_) => on_changed.emit(()),
                    Err(e) => problem.set(Some(ChangeProblem::Api(Failure::from(e)))),
                }
            });
        })
    };

    let submit_key = match *kind {
        ChangeKind::Substitution => Key::SubmitSubstitution,
        ChangeKind::Cancellation => Key::SubmitCancellation,
        ChangeKind::Move => Key::SubmitMove,
    };
    let teachers = props
        .teachers
        .iter()
        .filter(|p| p.id != l.teacher_id)
        .collect::<Vec<_>>();
    let room_select = html! {
        <div class="field">
            <label for="change-room">{ t(lang, Key::Room) }</label>
            <select id="change-room" onchange={select_setter(&room)}>
                <option value="" selected={room.is_empty()}>{ t(lang, Key::SameRoom) }</option>
                { for props.rooms.iter().map(|r| html! {
                    <option value={r.id.to_string()} selected={*room == r.id.to_string()}>{ r.name.clone() }</option>
                }) }
            </select>
        </div>
    };

    html! {
        <form id="change-form" class="form change-form" onsubmit={onsubmit} novalidate=true>
            <h3>{ t(lang, Key::ChangeTitle) }</h3>
            <fieldset>
                <legend>{ t(lang, Key::ChangeKindLegend) }</legend>
                <div class="checks">
                    { kind_radio(ChangeKind::Substitution, Key::KindSubstitution) }
                    { kind_radio(ChangeKind::Cancellation, Key::KindCancellation) }
                    { kind_radio(ChangeKind::Move, Key::KindMove) }
                </div>
            </fieldset>
            <div class="form grid">
                if *kind == ChangeKind::Substitution {
                    <div class="field">
                        <label for="substitute-select">{ t(lang, Key::SubstituteLabel) }</label>
                        <select id="substitute-select" onchange={select_setter(&substitute)} required=true>
                            <option value="" selected={substitute.is_empty()}>{ t(lang, Key::ChooseTeacher) }</option>
                            if let Some(taken) = taken.ready() {
                                <optgroup label={t(lang, Key::SubstituteFree)}>
                                    { for teachers.iter().filter(|p| !taken.iter().any(|b| b.teacher_id == p.id)).map(|p| html! {
                                        <option value={p.id.to_string()} selected={*substitute == p.id.to_string()}>{ p.name.clone() }</option>
                                    }) }
                                </optgroup>
                                <optgroup label={t(lang, Key::SubstituteBusy)}>
                                    { for teachers.iter().filter_map(|p| taken.iter().find(|b| b.teacher_id == p.id).map(|b| (p, b))).map(|(p, b)| {
                                        let what = match &b.group_name {
                                            Some(g) => format!("{}, {} «{g}»", b.class_name, b.subject_name),
                                            None => format!("{}, {}", b.class_name, b.subject_name),
                                        };
                                        html! {
                                            <option value={p.id.to_string()} selected={*substitute == p.id.to_string()}>
                                                { tf(lang, Key::SubstituteBusyAt, &[("name", &p.name), ("lesson", &what)]) }
                                            </option>
                                        }
                                    }) }
                                </optgroup>
                            } else {
                                { for teachers.iter().map(|p| html! {
                                    <option value={p.id.to_string()} selected={*substitute == p.id.to_string()}>{ p.name.clone() }</option>
                                }) }
                            }
                        </select>
                    </div>
                    <div class="field">
                        <label for="substitute-subject">{ t(lang, Key::Subject) }</label>
                        <select id="substitute-subject" onchange={select_setter(&subject)}>
                            <option value="" selected={subject.is_empty()}>{ tf(lang, Key::SameSubject, &[("subject", &l.subject_name)]) }</option>
                            { for props.subjects.iter().filter(|s| s.name != l.subject_name).map(|s| html! {
                                <option value={s.id.to_string()} selected={*subject == s.id.to_string()}>{ s.name.clone() }</option>
                            }) }
                        </select>
                    </div>
                    { room_select.clone() }
                }
                if *kind == ChangeKind::Move {
                    <div class="field">
                        <label for="move-date">{ t(lang, Key::MoveDate) }</label>
                        <input type="date" id="move-date" value={(*to_date).clone()} onchange={change_setter(&to_date)} required=true />
                    </div>
                    <div class="field">
                        <label for="move-lesson">{ t(lang, Key::LessonNumberLabel) }</label>
                        <select id="move-lesson" onchange={select_setter(&to_lesson)} required=true>
                            <option value="" selected={to_lesson.is_empty()}>{ t(lang, Key::ChooseOption) }</option>
                            { for props.rows.iter().map(|s| {
                                let label = match s.time() {
                                    Some(time) => format!("{} ({time})", lesson_number(lang, s.number)),
                                    None => lesson_number(lang, s.number),
                                };
                                html! { <option value={s.number.to_string()} selected={*to_lesson == s.number.to_string()}>{ label }</option> }
                            }) }
                        </select>
                    </div>
                    { room_select.clone() }
                }
                <div class="field span-all">
                    <label for="change-reason">
                        { t(lang, Key::ReasonLabel) }
                        <span class="label-note">{ format!(" ({})", t(lang, Key::Optional)) }</span>
                    </label>
                    <input type="text" id="change-reason" value={(*reason).clone()} oninput={input_setter(&reason)}
                        maxlength="500" placeholder={t(lang, Key::ReasonPlaceholder)} autocomplete="off" />
                </div>
            </div>
            if let Some(p) = &*problem {
                { match p {
                    ChangeProblem::Local(key) => html! { <p id="change-error" class="form-error" role="alert">{ t(lang, *key) }</p> },
                    ChangeProblem::Api(e) => html! { <ProblemMessage id="change-error" error={e.clone()} /> },
                } }
            }
            <div class="form-actions">
                <button type="submit" id="substitution-submit" class="button primary" disabled={*busy}>
                    { t(lang, if *busy { Key::Saving } else { submit_key }) }
                </button>
            </div>
        </form>
    }
}
