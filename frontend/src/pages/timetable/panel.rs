//! The panel of a dated lesson: what it is, what was written, the change form for the leadership.

use super::change_form::ChangeForm;
use super::week::{change_badge, Slot};
use crate::app::Route;
use crate::components::focus::use_focus_on;
use crate::i18n::{t, tf, Key};
use crate::pages::Person;
use crate::services::lessons::lesson_number;
use crate::services::state::use_app;
use crate::services::week::{full_date, weekday_name, weekday_number};
use journal_api_types::structure::{Room, Subject};
use journal_api_types::timetable::Lesson;
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct PanelProps {
    pub(super) lesson: Rc<Lesson>,
    pub(super) can_manage: bool,
    pub(super) teachers: Rc<Vec<Person>>,
    pub(super) subjects: Rc<Vec<Subject>>,
    pub(super) rooms: Rc<Vec<Room>>,
    pub(super) rows: Rc<Vec<Slot>>,
    pub(super) on_close: Callback<()>,
    pub(super) on_changed: Callback<()>,
}

/// A dated lesson: what it is, what was written, and the change form for the leadership.
#[component]
pub(super) fn LessonPanel(props: &PanelProps) -> Html {
    let lang = use_app().lang();
    let l = &props.lesson;
    // Move the focus to the panel so keyboard and screen-reader users find it.
    let heading = use_focus_on((l.entry_id, l.date));
    let close = props.on_close.reform(|_: MouseEvent| ());
    let on_key = {
        let cb = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                cb.emit(());
            }
        })
    };
    let when = tf(
        lang,
        Key::TtPanelWhen,
        &[
            ("day", weekday_name(lang, weekday_number(l.date))),
            ("date", &full_date(lang, l.date)),
            ("lesson", &lesson_number(lang, l.lesson_number)),
        ],
    );
    let time = match (&l.starts_at, &l.ends_at) {
        (Some(a), Some(b)) => format!(" ({a}–{b})"),
        _ => String::new(),
    };
    html! {
        <section id="lesson-panel" class="card lesson-panel" aria-labelledby="lesson-panel-title" onkeydown={on_key}>
            <div class="panel-head">
                <h2 id="lesson-panel-title" tabindex="-1" ref={heading}>
                    { format!("{}, {}", l.subject_name, l.class_name) }
                </h2>
                <button type="button" id="lesson-panel-close" class="button secondary small" onclick={close}>
                    { t(lang, Key::Close) }
                </button>
            </div>
            <dl class="details compact">
                <dt>{ t(lang, Key::When) }</dt>
                <dd>{ format!("{when}{time}") }</dd>
                <dt>{ t(lang, Key::TtTeacher) }</dt>
                <dd>{ l.teacher_name.clone() }</dd>
                <dt>{ t(lang, Key::Room) }</dt>
                <dd>{ l.room_name.clone().unwrap_or_else(|| t(lang, Key::Dash).to_owned()) }</dd>
                <dt>{ t(lang, Key::LessonTopic) }</dt>
                <dd>{ l.topic.clone().unwrap_or_else(|| t(lang, Key::NotWrittenYet).to_owned()) }</dd>
                if let Some(hw) = &l.homework {
                    <dt>{ t(lang, Key::Homework) }</dt>
                    <dd>{ hw.clone() }</dd>
                }
                if let Some(c) = &l.change {
                    <dt>{ t(lang, Key::ChangeLabel) }</dt>
                    <dd id="lesson-panel-change">
                        { change_badge(lang, l) }
                        if let Some(reason) = &c.reason {
                            <span class="muted">{ format!(" — {reason}") }</span>
                        }
                    </dd>
                }
            </dl>
            <p>
                <Link<Route> to={Route::Lesson { entry_id: l.entry_id, date: l.scheduled_date }} classes="button ghost" >
                    { t(lang, Key::OpenLesson) }
                </Link<Route>>
            </p>
            if props.can_manage {
                if l.change.is_some() {
                    <p class="muted">{ t(lang, Key::ChangeAlreadyRegistered) }</p>
                } else {
                    <ChangeForm lesson={props.lesson.clone()} teachers={props.teachers.clone()}
                        subjects={props.subjects.clone()} rooms={props.rooms.clone()} rows={props.rows.clone()}
                        on_changed={props.on_changed.clone()} />
                }
            }
        </section>
    }
}
