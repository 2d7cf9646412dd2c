//! The weekly lessons behind the grid, with their validity; the leadership ends them here.

use crate::components::problem::{Failure, ProblemMessage};
use crate::i18n::{t, tf, Key};
use crate::services::state::use_app;
use crate::services::week::{full_date, iso, parse_iso, today, weekday_name};
use chrono::NaiveDate;
use journal_api_types::timetable::Entry;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct EntriesProps {
    pub(super) entries: Rc<Vec<Entry>>,
    pub(super) can_manage: bool,
    /// The entries are those valid on this date (the Monday of the week shown).
    pub(super) on_date: NaiveDate,
    pub(super) by_teacher: bool,
    pub(super) on_ended: Callback<()>,
}

/// The weekly lessons behind the grid, with their validity; the leadership ends them here.
#[component]
pub(super) fn EntriesTable(props: &EntriesProps) -> Html {
    let lang = use_app().lang();
    let mut entries: Vec<Entry> = (*props.entries).clone();
    entries.sort_by_key(|e| (e.weekday, e.lesson_number));
    html! {
        <section class="entries" aria-labelledby="entries-title">
            <h2 id="entries-title">{ tf(lang, Key::EntriesTitle, &[("date", &full_date(lang, props.on_date))]) }</h2>
            if entries.is_empty() {
                <p class="muted" id="timetable-entries-empty">{ t(lang, Key::NoEntriesYet) }</p>
            } else {
                <div class="table-wrap">
                    <table id="timetable-entries" class="table">
                        <thead>
                            <tr>
                                <th scope="col">{ t(lang, Key::ColDay) }</th>
                                <th scope="col">{ t(lang, Key::ColLesson) }</th>
                                <th scope="col">{ t(lang, Key::Subject) }</th>
                                <th scope="col">{ t(lang, if props.by_teacher { Key::TtClass } else { Key::TtTeacher }) }</th>
                                <th scope="col">{ t(lang, Key::Room) }</th>
                                <th scope="col">{ t(lang, Key::ColValid) }</th>
                                if props.can_manage {
                                    <th scope="col">{ t(lang, Key::ColActions) }</th>
                                }
                            </tr>
                        </thead>
                        <tbody>
                            { for entries.iter().map(|e| html! {
                                <EntryRow entry={Rc::new(e.clone())} can_manage={props.can_manage}
                                    by_teacher={props.by_teacher} on_ended={props.on_ended.clone()} />
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct EntryRowProps {
    entry: Rc<Entry>,
    can_manage: bool,
    by_teacher: bool,
    on_ended: Callback<()>,
}

#[component]
fn EntryRow(props: &EntryRowProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let open = use_state(|| false);
    let last_day = use_state(|| iso(today().max(props.entry.valid_from)));
    let problem = use_state(|| None::<Failure>);
    let busy = use_state(|| false);
    let e = &props.entry;
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let on_day = {
        let last_day = last_day.clone();
        Callback::from(move |ev: Event| {
            let input: HtmlInputElement = ev.target_unchecked_into();
            last_day.set(input.value());
        })
    };
    let onsubmit = {
        let api = app.api.clone();
        let (last_day, problem, busy, open) = (
            last_day.clone(),
            problem.clone(),
            busy.clone(),
            open.clone(),
        );
        let on_ended = props.on_ended.clone();
        let id = e.id;
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let Some(day) = parse_iso(&last_day) else {
                return;
            };
            busy.set(true);
            let (api, problem, busy, open, on_ended) = (
                api.clone(),
                problem.clone(),
                busy.clone(),
                open.clone(),
                on_ended.clone(),
            );
            spawn_local(async move {
                let result = api
                    .call(|c| async move { c.end_entry(id, day).await })
                    .await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        problem.set(None);
                        open.set(false);
                        on_ended.emit(());
                    }
                    Err(err) => problem.set(Some(Failure::from(err))),
                }
            });
        })
    };
    let form_id = format!("end-entry-{}", e.id);
    html! {
        <tr data-entry={e.id.to_string()}>
            <td data-label={t(lang, Key::ColDay)}>{ weekday_name(lang, e.weekday) }</td>
            <td data-label={t(lang, Key::ColLesson)}>{ e.lesson_number }</td>
            <td data-label={t(lang, Key::Subject)}>{ e.subject_name.clone() }</td>
            <td data-label={t(lang, if props.by_teacher { Key::TtClass } else { Key::TtTeacher })}>
                { if props.by_teacher { e.class_name.clone() } else { e.teacher_name.clone() } }
            </td>
            <td data-label={t(lang, Key::Room)}>{ e.room_name.clone().unwrap_or_else(|| t(lang, Key::Dash).to_owned()) }</td>
            <td data-label={t(lang, Key::ColValid)} class="nowrap">
                { format!("{} – {}", full_date(lang, e.valid_from), full_date(lang, e.valid_to)) }
            </td>
            if props.can_manage {
                <td data-label={t(lang, Key::ColActions)} class="row-actions">
                    <button type="button" class="button small secondary end-entry" onclick={toggle}
                        aria-expanded={open.to_string()} aria-controls={form_id.clone()}>
                        { t(lang, Key::EndEntry) }
                    </button>
                    if *open {
                        <form id={form_id.clone()} class="end-entry-form" onsubmit={onsubmit}>
                            <label for={format!("{form_id}-day")}>{ t(lang, Key::EndEntryLabel) }</label>
                            <input type="date" id={format!("{form_id}-day")} value={(*last_day).clone()}
                                min={iso(e.valid_from)} max={iso(e.valid_to)} onchange={on_day} />
                            <button type="submit" class="button small primary" disabled={*busy}>{ t(lang, Key::EndEntrySubmit) }</button>
                        </form>
                    }
                    if let Some(err) = &*problem {
                        <ProblemMessage id={format!("{form_id}-error")} error={err.clone()} />
                    }
                </td>
            }
        </tr>
    }
}
