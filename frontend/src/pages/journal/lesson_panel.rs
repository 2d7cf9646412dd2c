//! The lesson panel: topic, homework and its due date, whether it took place, work types done.

use super::cancelled;
use super::homework_files::HomeworkFiles;
use crate::components::form::{change_setter, input_setter, textarea_setter};
use crate::i18n::{t, tf, Key};
use crate::services::state::use_app;
use crate::services::week::{full_date, iso, parse_iso};
use journal_api_types::journal::{CellChange, PageLesson};
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct LessonPanelProps {
    pub(super) lesson: PageLesson,
    pub(super) work_types: Vec<(String, String)>,
    pub(super) writable: bool,
    pub(super) on_save: Callback<CellChange>,
    pub(super) on_close: Callback<()>,
}

#[component]
pub(super) fn LessonPanel(props: &LessonPanelProps) -> Html {
    let lang = use_app().lang();
    let l = &props.lesson;
    let conducted = use_state(|| l.conducted || l.topic.is_none());
    let topic = use_state(|| l.topic.clone().unwrap_or_default());
    let homework = use_state(|| l.homework.clone().unwrap_or_default());
    let due = use_state(|| l.homework_due.map(iso).unwrap_or_default());
    let chosen = use_state(|| l.work_types.clone());
    let taken = use_state(|| l.attendance_taken);
    let topic_ref = use_node_ref();
    {
        let topic_ref = topic_ref.clone();
        use_effect_with((), move |_| {
            if let Some(input) = topic_ref.cast::<HtmlElement>() {
                let _ = input.focus();
            }
        });
    }
    let submit = {
        let (conducted, topic, homework, due, chosen, taken) = (
            conducted.clone(),
            topic.clone(),
            homework.clone(),
            due.clone(),
            chosen.clone(),
            taken.clone(),
        );
        let on_save = props.on_save.clone();
        let (entry_id, lesson_date, plan_topic_id, note) = (
            l.entry_id,
            l.lesson_date,
            l.plan_topic_id,
            l.homework_note.clone(),
        );
        let writable = props.writable;
        Callback::from(move |()| {
            if !writable {
                return;
            }
            let text = |s: &str| {
                let s = s.trim();
                (!s.is_empty()).then(|| s.to_owned())
            };
            on_save.emit(CellChange::Lesson {
                entry_id,
                lesson_date,
                conducted: *conducted,
                topic: text(&topic),
                plan_topic_id,
                work_types: (*chosen).clone(),
                homework: text(&homework),
                homework_due: parse_iso(&due),
                homework_note: note.clone(),
                attendance_taken: *taken,
            });
        })
    };
    let onsubmit = {
        let submit = submit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            submit.emit(());
        })
    };
    let onkeydown = {
        let submit = submit.clone();
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                on_close.emit(());
            } else if e.key() == "Enter" && e.ctrl_key() {
                e.prevent_default();
                submit.emit(());
            }
        })
    };
    let title = tf(
        lang,
        Key::JrLessonOf,
        &[
            ("date", &full_date(lang, l.held_on)),
            ("n", &l.lesson_number.to_string()),
        ],
    );
    html! {
        <section class="card journal-panel" id="lesson-panel" role="dialog" aria-labelledby="lesson-panel-title">
            <h2 id="lesson-panel-title">{ title }</h2>
            if cancelled(l) {
                <p class="notice warn">{ t(lang, Key::JrCancelled) }</p>
            } else if !props.writable {
                <p class="notice warn">{ t(lang, Key::JrReadOnly) }</p>
            }
            <form id="lesson-panel-form" class="form" {onsubmit} {onkeydown} novalidate=true>
                <fieldset class="plain" disabled={!props.writable}>
                    <div class="field">
                        <label for="panel-topic">{ t(lang, Key::LessonTopic) }</label>
                        <input type="text" id="panel-topic" ref={topic_ref} maxlength="500" autocomplete="off"
                            value={(*topic).clone()}
                            oninput={input_setter(&topic)} />
                    </div>
                    <div class="field">
                        <label for="panel-homework">{ t(lang, Key::Homework) }</label>
                        <textarea id="panel-homework" rows="3" maxlength="4000" value={(*homework).clone()}
                            oninput={textarea_setter(&homework)} />
                    </div>
                    <div class="field">
                        <label for="panel-due">{ t(lang, Key::JrDue) }</label>
                        <input type="date" id="panel-due" value={(*due).clone()}
                            onchange={change_setter(&due)} />
                        <span class="hint">{ t(lang, Key::JrDueHint) }</span>
                    </div>
                    <label class="check" for="panel-conducted">
                        <input type="checkbox" id="panel-conducted" checked={*conducted}
                            onchange={{ let conducted = conducted.clone(); Callback::from(move |e: Event| {
                                let i: HtmlInputElement = e.target_unchecked_into(); conducted.set(i.checked()); }) }} />
                        <span>{ t(lang, Key::LessonConducted) }</span>
                    </label>
                    <label class="check" for="panel-attendance-taken">
                        <input type="checkbox" id="panel-attendance-taken" checked={*taken}
                            disabled={l.attendance_taken}
                            onchange={{ let taken = taken.clone(); Callback::from(move |e: Event| {
                                let i: HtmlInputElement = e.target_unchecked_into(); taken.set(i.checked()); }) }} />
                        <span>{ t(lang, Key::JrAttendanceTaken) }</span>
                    </label>
                    <fieldset class="work-types">
                        <legend>{ t(lang, Key::JrWorkTypesDone) }</legend>
                        { for props.work_types.iter().map(|(code, name)| {
                            let checked = chosen.contains(code);
                            let onchange = {
                                let chosen = chosen.clone();
                                let code = code.clone();
                                Callback::from(move |e: Event| {
                                    let i: HtmlInputElement = e.target_unchecked_into();
                                    let mut next: Vec<String> = (*chosen).iter().filter(|c| **c != code).cloned().collect();
                                    if i.checked() {
                                        next.push(code.clone());
                                    }
                                    chosen.set(next);
                                })
                            };
                            html! {
                                <label class="check" for={format!("panel-wt-{code}")}>
                                    <input type="checkbox" id={format!("panel-wt-{code}")} {checked} {onchange} />
                                    <span>{ name.clone() }</span>
                                </label>
                            }
                        }) }
                    </fieldset>
                </fieldset>
                <HomeworkFiles entry_id={l.entry_id} date={l.lesson_date} writable={props.writable} />
                <div class="form-actions">
                    if props.writable {
                        <button type="submit" id="panel-save" class="button primary">{ t(lang, Key::Save) }</button>
                    }
                    <button type="button" id="panel-close" class="button secondary"
                        onclick={{ let on_close = props.on_close.clone(); Callback::from(move |_| on_close.emit(())) }}>
                        { t(lang, Key::Close) }
                    </button>
                </div>
            </form>
        </section>
    }
}
