//! Adding a weekly lesson of one of the class's teaching assignments (R-T1).

use super::change_form::ChangeProblem;
use super::week::Slot;
use crate::components::form::SubmitButton;
use crate::components::problem::{Failure, ProblemMessage};
use crate::i18n::{t, tf, Key};
use crate::services::lessons::lesson_number;
use crate::services::state::use_app;
use crate::services::week::{parse_iso, short_person, weekday_name};
use journal_api_types::structure::{Assignment, Class, Room};
use journal_api_types::timetable::EntryInput;
use std::rc::Rc;
use uuid::Uuid;
use validator::Validate;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct AddProps {
    pub(super) class: Rc<Class>,
    pub(super) assignments: Rc<Vec<Assignment>>,
    pub(super) rooms: Rc<Vec<Room>>,
    pub(super) rows: Rc<Vec<Slot>>,
    /// Weekday and lesson number chosen by a click on an empty cell (and a click counter).
    pub(super) prefill: Option<(u8, u8, u32)>,
    pub(super) on_added: Callback<()>,
}

/// Adding a weekly lesson of one of the class's teaching assignments (R-T1).
#[component]
pub(super) fn AddLessonForm(props: &AddProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let assignment = use_state(String::new);
    let weekday = use_state(|| "1".to_owned());
    let number = use_state(|| "1".to_owned());
    let room = use_state(String::new);
    let from = use_state(String::new);
    let to = use_state(String::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<ChangeProblem>);
    let added = use_state(|| false);
    let first_field = use_node_ref();
    {
        // A click on an empty cell fills in its day and lesson and brings the form into view.
        let (weekday, number, first_field, added) = (
            weekday.clone(),
            number.clone(),
            first_field.clone(),
            added.clone(),
        );
        use_effect_with(props.prefill, move |prefill| {
            if let Some((day, n, _)) = prefill {
                weekday.set(day.to_string());
                number.set(n.to_string());
                added.set(false);
                if let Some(el) = first_field.cast::<HtmlElement>() {
                    el.scroll_into_view();
                    let _ = el.focus();
                }
            }
        });
    }
    let setter = |s: &UseStateHandle<String>| {
        let (s, added) = (s.clone(), added.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            added.set(false);
            s.set(select.value());
        })
    };
    let date_setter = |s: &UseStateHandle<String>| {
        let (s, added) = (s.clone(), added.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            added.set(false);
            s.set(input.value());
        })
    };
    let onsubmit = {
        let api = app.api.clone();
        let (assignment, weekday, number, room, from, to, busy, problem, added) = (
            assignment.clone(),
            weekday.clone(),
            number.clone(),
            room.clone(),
            from.clone(),
            to.clone(),
            busy.clone(),
            problem.clone(),
            added.clone(),
        );
        let on_added = props.on_added.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let (Ok(assignment_id), Ok(day), Ok(n)) = (
                Uuid::parse_str(&assignment),
                weekday.parse::<u8>(),
                number.parse::<u8>(),
            ) else {
                problem.set(Some(ChangeProblem::Local(Key::ErrFieldsRequired)));
                return;
            };
            let input = EntryInput {
                assignment_id,
                group_id: None,
                room_id: Uuid::parse_str(&room).ok(),
                weekday: day,
                lesson_number: n,
                valid_from: parse_iso(&from),
                valid_to: parse_iso(&to),
            };
            if input.validate().is_err() {
                problem.set(Some(ChangeProblem::Local(Key::ErrValidationFailed)));
                return;
            }
            busy.set(true);
            problem.set(None);
            added.set(false);
            let (api, busy, problem, added, on_added) = (
                api.clone(),
                busy.clone(),
                problem.clone(),
                added.clone(),
                on_added.clone(),
            );
            spawn_local(async move {
                let result = api
                    .call(|c| {
                        let input = input.clone();
                        async move { c.create_entry(&input).await }
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        added.set(true);
                        on_added.emit(());
                    }
                    Err(e) => problem.set(Some(ChangeProblem::Api(Failure::from(e)))),
                }
            });
        })
    };
    let class = &props.class;
    html! {
        <section class="card add-lesson" aria-labelledby="add-lesson-title">
            <h2 id="add-lesson-title">{ tf(lang, Key::AddLessonTitle, &[("class", &class.name)]) }</h2>
            if props.assignments.is_empty() {
                <p class="notice" id="add-lesson-no-assignments">{ t(lang, Key::NoAssignments) }</p>
            } else {
                <form id="add-lesson-form" class="form grid" onsubmit={onsubmit} novalidate=true>
                    <div class="field">
                        <label for="add-lesson-assignment">{ t(lang, Key::AssignmentLabel) }</label>
                        <select id="add-lesson-assignment" ref={first_field} onchange={setter(&assignment)} required=true>
                            <option value="" selected={assignment.is_empty()}>{ t(lang, Key::ChooseOption) }</option>
                            { for props.assignments.iter().map(|a| html! {
                                <option value={a.id.to_string()} selected={*assignment == a.id.to_string()}>
                                    { tf(lang, Key::AssignmentOption, &[("subject", &a.subject_name), ("teacher", &short_person(&a.teacher_name)), ("hours", &a.hours_per_week.to_string())]) }
                                </option>
                            }) }
                        </select>
                    </div>
                    <div class="field">
                        <label for="add-lesson-weekday">{ t(lang, Key::WeekdayLabel) }</label>
                        <select id="add-lesson-weekday" onchange={setter(&weekday)}>
                            { for (1..=class.week_days.clamp(5, 6)).map(|n| html! {
                                <option value={n.to_string()} selected={*weekday == n.to_string()}>{ weekday_name(lang, n) }</option>
                            }) }
                        </select>
                    </div>
                    <div class="field">
                        <label for="add-lesson-number">{ t(lang, Key::LessonNumberLabel) }</label>
                        <select id="add-lesson-number" onchange={setter(&number)}>
                            { for props.rows.iter().map(|s| {
                                let label = match s.time() {
                                    Some(time) => format!("{} ({time})", lesson_number(lang, s.number)),
                                    None => lesson_number(lang, s.number),
                                };
                                html! { <option value={s.number.to_string()} selected={*number == s.number.to_string()}>{ label }</option> }
                            }) }
                        </select>
                    </div>
                    <div class="field">
                        <label for="add-lesson-room">{ t(lang, Key::Room) }</label>
                        <select id="add-lesson-room" onchange={setter(&room)}>
                            <option value="" selected={room.is_empty()}>{ t(lang, Key::NoRoom) }</option>
                            { for props.rooms.iter().map(|r| html! {
                                <option value={r.id.to_string()} selected={*room == r.id.to_string()}>{ r.name.clone() }</option>
                            }) }
                        </select>
                    </div>
                    <div class="field">
                        <label for="add-lesson-from">
                            { t(lang, Key::ValidFrom) }
                            <span class="label-note">{ format!(" ({})", t(lang, Key::Optional)) }</span>
                        </label>
                        <input type="date" id="add-lesson-from" value={(*from).clone()} onchange={date_setter(&from)}
                            aria-describedby="add-lesson-valid-hint" />
                    </div>
                    <div class="field">
                        <label for="add-lesson-to">
                            { t(lang, Key::ValidTo) }
                            <span class="label-note">{ format!(" ({})", t(lang, Key::Optional)) }</span>
                        </label>
                        <input type="date" id="add-lesson-to" value={(*to).clone()} onchange={date_setter(&to)}
                            aria-describedby="add-lesson-valid-hint" />
                    </div>
                    <p class="hint span-all" id="add-lesson-valid-hint">{ t(lang, Key::ValidHint) }</p>
                    if let Some(p) = &*problem {
                        <div class="span-all">
                            { match p {
                                ChangeProblem::Local(key) => html! { <p id="add-lesson-error" class="form-error" role="alert">{ t(lang, *key) }</p> },
                                ChangeProblem::Api(e) => html! { <ProblemMessage id="add-lesson-error" error={e.clone()} /> },
                            } }
                        </div>
                    }
                    if *added {
                        <p id="add-lesson-success" class="success span-all" role="status">{ t(lang, Key::LessonAdded) }</p>
                    }
                    <div class="form-actions span-all">
                        <SubmitButton id="add-lesson-submit" busy={*busy} label={Key::AddLessonSubmit} />
                    </div>
                </form>
            }
        </section>
    }
}
