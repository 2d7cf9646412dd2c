//! One cell: attendance with its reason, marks with comments and make-up dates (R-J3, R-J4).

use super::today_local;
use super::words::{mark_text, reason_text};
use crate::components::focus::use_focus_on;
use crate::components::form::change_setter;
use crate::i18n::{t, tf, Key};
use crate::services::journal::{
    attendance_in, cell_edit_changes, default_work_type, make_up_date, marks_in, MarkEdit, REASONS,
};
use crate::services::state::use_app;
use crate::services::week::{full_date, iso, parse_iso};
use journal_api_types::journal::{CellChange, JournalPage};
use journal_domain::marks::Scale;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct CellPanelProps {
    pub(super) page: Rc<JournalPage>,
    pub(super) row: usize,
    pub(super) col: usize,
    /// The caller writes the lesson.
    pub(super) writable: bool,
    /// The class teacher of the class: only reasons of absences.
    pub(super) reason_only: bool,
    pub(super) on_apply: Callback<Vec<CellChange>>,
    pub(super) on_close: Callback<()>,
}

pub(super) fn on_text(s: &UseStateHandle<String>) -> Callback<InputEvent> {
    let s = s.clone();
    Callback::from(move |e: InputEvent| {
        let i: HtmlInputElement = e.target_unchecked_into();
        s.set(i.value());
    })
}

pub(super) fn on_select(s: &UseStateHandle<String>) -> Callback<Event> {
    let s = s.clone();
    Callback::from(move |e: Event| {
        let i: HtmlSelectElement = e.target_unchecked_into();
        s.set(i.value());
    })
}

#[component]
pub(super) fn CellPanel(props: &CellPanelProps) -> Html {
    let lang = use_app().lang();
    let page = &props.page;
    let student = &page.students[props.row.min(page.students.len().saturating_sub(1))];
    let lesson = &page.lessons[props.col.min(page.lessons.len().saturating_sub(1))];
    let att = attendance_in(student, lesson);
    let status = use_state(|| {
        att.map(|a| a.status.as_str().to_owned())
            .unwrap_or_default()
    });
    let reason = use_state(|| att.and_then(|a| a.reason.clone()).unwrap_or_default());
    let marks = use_state(|| {
        marks_in(page, student, lesson)
            .into_iter()
            .map(|m| MarkEdit::of(m, lesson))
            .collect::<Vec<_>>()
    });
    let new_work_type = use_state(|| default_work_type(lesson).to_owned());
    let new_value = use_state(String::new);
    let new_comment = use_state(String::new);
    let new_given = use_state(|| {
        make_up_date(student, lesson, today_local())
            .map(iso)
            .unwrap_or_default()
    });
    let first_ref = use_focus_on(());
    let with_marks = page.scale != Scale::NoMarks;
    let apply = {
        let (status, reason, marks) = (status.clone(), reason.clone(), marks.clone());
        let (new_work_type, new_value, new_comment, new_given) = (
            new_work_type.clone(),
            new_value.clone(),
            new_comment.clone(),
            new_given.clone(),
        );
        let (page, row, col) = (props.page.clone(), props.row, props.col);
        let (on_apply, on_close, reason_only) = (
            props.on_apply.clone(),
            props.on_close.clone(),
            props.reason_only,
        );
        Callback::from(move |()| {
            let (Some(student), Some(lesson)) = (page.students.get(row), page.lessons.get(col))
            else {
                return;
            };
            let mut edits = (*marks).clone();
            if !new_value.is_empty() {
                edits.retain(|m| m.work_type != *new_work_type);
                edits.push(MarkEdit {
                    work_type: (*new_work_type).clone(),
                    value: (*new_value).clone(),
                    comment: (*new_comment).clone(),
                    given_on: parse_iso(&new_given),
                });
            }
            let status = Some(status.as_str()).filter(|s| !s.is_empty());
            let reason = Some(reason.as_str()).filter(|s| !s.is_empty());
            let changes = cell_edit_changes(student, lesson, status, reason, &edits, reason_only);
            if changes.is_empty() {
                on_close.emit(());
            } else {
                on_apply.emit(changes);
            }
        })
    };
    let onsubmit = {
        let apply = apply.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            apply.emit(());
        })
    };
    let onkeydown = {
        let (apply, on_close) = (apply.clone(), props.on_close.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                on_close.emit(());
            } else if e.key() == "Enter" && e.ctrl_key() {
                e.prevent_default();
                apply.emit(());
            }
        })
    };
    let work_type_name = |code: &str| {
        page.work_types
            .iter()
            .find(|w| w.code == code)
            .map_or(code.to_owned(), |w| w.name.clone())
    };
    let value_options = |chosen: &str| {
        html! {
            <>
                <option value="" selected={chosen.is_empty()}>{ t(lang, Key::JrMarkNone) }</option>
                { for page.scale.values().iter().map(|v| html! {
                    <option value={*v} selected={chosen == *v}>{ mark_text(lang, v) }</option>
                }) }
            </>
        }
    };
    let set_mark = |i: usize, f: fn(&mut MarkEdit, String)| {
        let marks = marks.clone();
        move |v: String| {
            let mut next = (*marks).clone();
            if let Some(m) = next.get_mut(i) {
                f(m, v);
            }
            marks.set(next);
        }
    };
    let editable = props.writable;
    let title = tf(
        lang,
        Key::JrCellOf,
        &[
            ("student", &student.name),
            ("date", &full_date(lang, lesson.held_on)),
        ],
    );
    html! {
        <section class="card journal-panel" id="cell-panel" role="dialog" aria-labelledby="cell-panel-title">
            <h2 id="cell-panel-title">{ title }</h2>
            if props.reason_only {
                <p class="notice" id="cell-reason-only">{ t(lang, Key::JrReasonOnly) }</p>
            } else if !editable {
                <p class="notice warn">{ t(lang, Key::JrCellReadOnly) }</p>
            }
            <form id="cell-panel-form" class="form" {onsubmit} {onkeydown} novalidate=true>
                <fieldset class="plain">
                    <legend>{ t(lang, Key::JrAttendance) }</legend>
                    <div class="form-row">
                        <div class="field">
                            <label for="cell-status">{ t(lang, Key::JrPresence) }</label>
                            <select id="cell-status" ref={first_ref.clone()} disabled={!editable}
                                onchange={on_select(&status)}>
                                <option value="" selected={status.is_empty()}>{ t(lang, Key::JrPresent) }</option>
                                <option value="absent" selected={*status == "absent"}>{ t(lang, Key::JrAbsent) }</option>
                                <option value="late" selected={*status == "late"}>{ t(lang, Key::JrLate) }</option>
                            </select>
                        </div>
                        <div class="field">
                            <label for="cell-reason">{ t(lang, Key::JrReason) }</label>
                            <select id="cell-reason" onchange={on_select(&reason)}
                                disabled={status.is_empty() || !(editable || (props.reason_only && *status == "absent"))}>
                                <option value="" selected={reason.is_empty()}>{ t(lang, Key::JrReasonNone) }</option>
                                { for REASONS.iter().map(|r| html! {
                                    <option value={*r} selected={*reason == *r}>{ reason_text(lang, r) }</option>
                                }) }
                            </select>
                        </div>
                    </div>
                </fieldset>
                if with_marks {
                    <fieldset class="plain" disabled={!editable}>
                        <legend>{ t(lang, Key::JrMarksInCell) }</legend>
                        if marks.is_empty() {
                            <p class="muted">{ t(lang, Key::JrNoMarks) }</p>
                        }
                        <ul class="cell-marks">
                            { for marks.iter().enumerate().map(|(i, m)| {
                                let name = work_type_name(&m.work_type);
                                let set_value = set_mark(i, |m, v| m.value = v);
                                let set_comment = set_mark(i, |m, v| m.comment = v);
                                let set_given = set_mark(i, |m, v| m.given_on = parse_iso(&v));
                                html! {
                                    <li data-work-type={m.work_type.clone()}>
                                        <div class="form-row">
                                            <div class="field">
                                                <label for={format!("cell-mark-{i}")}>{ format!("{} — {name}", t(lang, Key::JrMark)) }</label>
                                                <select id={format!("cell-mark-{i}")}
                                                    onchange={Callback::from(move |e: Event| {
                                                        let s: HtmlSelectElement = e.target_unchecked_into(); set_value(s.value()); })}>
                                                    { value_options(&m.value) }
                                                </select>
                                            </div>
                                            <div class="field">
                                                <label for={format!("cell-comment-{i}")}>{ t(lang, Key::JrComment) }</label>
                                                <input type="text" id={format!("cell-comment-{i}")} maxlength="500"
                                                    value={m.comment.clone()}
                                                    oninput={Callback::from(move |e: InputEvent| {
                                                        let s: HtmlInputElement = e.target_unchecked_into(); set_comment(s.value()); })} />
                                            </div>
                                            <div class="field">
                                                <label for={format!("cell-given-{i}")}>{ t(lang, Key::JrGivenOn) }</label>
                                                <input type="date" id={format!("cell-given-{i}")}
                                                    min={iso(lesson.held_on)} max={iso(today_local())}
                                                    value={m.given_on.map(iso).unwrap_or_default()}
                                                    onchange={Callback::from(move |e: Event| {
                                                        let s: HtmlInputElement = e.target_unchecked_into(); set_given(s.value()); })} />
                                            </div>
                                        </div>
                                    </li>
                                }
                            }) }
                        </ul>
                        <h3>{ t(lang, Key::JrAddMark) }</h3>
                        <div class="form-row">
                            <div class="field">
                                <label for="cell-new-work-type">{ t(lang, Key::JrWorkType) }</label>
                                <select id="cell-new-work-type" onchange={on_select(&new_work_type)}>
                                    { for page.work_types.iter().filter(|w| !w.archived).map(|w| html! {
                                        <option value={w.code.clone()} selected={w.code == *new_work_type}>{ w.name.clone() }</option>
                                    }) }
                                </select>
                            </div>
                            <div class="field">
                                <label for="cell-new-value">{ t(lang, Key::JrMark) }</label>
                                <select id="cell-new-value" onchange={on_select(&new_value)}>
                                    { value_options(&new_value) }
                                </select>
                            </div>
                            <div class="field">
                                <label for="cell-new-comment">{ t(lang, Key::JrComment) }</label>
                                <input type="text" id="cell-new-comment" maxlength="500" value={(*new_comment).clone()}
                                    oninput={on_text(&new_comment)} />
                            </div>
                            <div class="field">
                                <label for="cell-new-given">{ t(lang, Key::JrGivenOn) }</label>
                                <input type="date" id="cell-new-given" value={(*new_given).clone()}
                                    min={iso(lesson.held_on)} max={iso(today_local())}
                                    aria-describedby="cell-new-given-hint"
                                    onchange={change_setter(&new_given)} />
                                <span class="hint" id="cell-new-given-hint">{ t(lang, Key::JrGivenOnHint) }</span>
                            </div>
                        </div>
                    </fieldset>
                }
                <div class="form-actions">
                    if editable || props.reason_only {
                        <button type="submit" id="cell-apply" class="button primary">{ t(lang, Key::JrApply) }</button>
                    }
                    <button type="button" id="cell-close" class="button secondary"
                        onclick={{ let on_close = props.on_close.clone(); Callback::from(move |_| on_close.emit(())) }}>
                        { t(lang, Key::Close) }
                    </button>
                </div>
            </form>
        </section>
    }
}
