//! Bell schedules, rooms and subjects (R-B2, R-B3): a list and a form to add one.

use super::{create_form_end, Layout};
use crate::components::field::TextField;
use crate::components::form::{row_remover, row_setter, send};
use crate::components::problem::FormProblem;
use crate::i18n::{t, tf, Key};
use crate::pages::{use_load_keyed, Load};
use crate::services::api::describe;
use crate::services::state::use_app;
use journal_api_types::structure::{BellInput, BellScheduleInput, RoomInput, SubjectInput};
use validator::Validate;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TabProps {
    pub can_manage: bool,
}

/// Minutes since midnight of `HH:MM`.
fn minutes(clock: &str) -> Option<u32> {
    let (h, m) = clock.split_once(':')?;
    Some(h.parse::<u32>().ok()? * 60 + m.parse::<u32>().ok()?)
}

fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", (minutes / 60) % 24, minutes % 60)
}

/// The bell after `last`: the next number, a ten-minute break, a forty-minute lesson.
pub fn next_bell(last: Option<&BellInput>) -> BellInput {
    match last {
        Some(b) => {
            let start = minutes(&b.ends_at).map_or(9 * 60 + 20, |m| m + 10);
            BellInput {
                lesson_number: b.lesson_number.saturating_add(1),
                starts_at: clock(start),
                ends_at: clock(start + 40),
            }
        }
        None => BellInput {
            lesson_number: 1,
            starts_at: "08:30".into(),
            ends_at: "09:10".into(),
        },
    }
}

#[component]
pub fn BellsTab(props: &TabProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let reload = use_state(|| 0_u32);
    let list = use_load_keyed(
        (),
        *reload,
        |c, _| async move { c.list_bell_schedules().await },
    );
    let name = use_state(String::new);
    let bells = use_state(|| {
        let first = next_bell(None);
        let second = next_bell(Some(&first));
        vec![first, second]
    });
    let busy = use_state(|| false);
    let problem = use_state(|| None::<FormProblem>);
    let created = use_state(|| false);

    let onsubmit = {
        let api = app.api.clone();
        let (name, bells, busy, problem, created, reload) = (
            name.clone(),
            bells.clone(),
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
            let input = BellScheduleInput {
                name: name.trim().to_owned(),
                bells: (*bells).clone(),
            };
            if input.validate().is_err() {
                problem.set(Some(FormProblem::Local(Key::ErrBells)));
                return;
            }
            created.set(false);
            let (created, reload, name) = (created.clone(), reload.clone(), name.clone());
            send(
                &api,
                &busy,
                &problem,
                input,
                move |c, input| async move { c.create_bell_schedule(&input).await },
                move |_| {
                    name.set(String::new());
                    created.set(true);
                    reload.set(reload.wrapping_add(1));
                },
            );
        })
    };
    let bell_setter = |i: usize, set: fn(&mut BellInput, String)| row_setter(&bells, i, set);
    let add_bell = {
        let bells = bells.clone();
        Callback::from(move |_: MouseEvent| {
            let mut rows = (*bells).clone();
            rows.push(next_bell(rows.last()));
            bells.set(rows);
        })
    };
    let remove_bell = |i: usize| row_remover(&bells, i);

    let listing = match &*list {
        Load::Loading => html! { <p class="muted" role="status">{ t(lang, Key::Loading) }</p> },
        Load::Failed(e) => html! { <p class="form-error" role="alert">{ describe(lang, e) }</p> },
        Load::Ready(list) if list.is_empty() => {
            html! { <p class="muted" id="bells-empty">{ t(lang, Key::NoBellsYet) }</p> }
        }
        Load::Ready(list) => html! {
            <ul id="bells-list" class="cards bells">
                { for list.iter().map(|s| html! {
                    <li class="card" data-schedule={s.id.to_string()}>
                        <h3>{ s.name.clone() }</h3>
                        <ol class="bell-list">
                            { for s.bells.iter().map(|b| html! {
                                <li><span class="tt-n">{ b.lesson_number }</span>{ format!(" {}–{}", b.starts_at, b.ends_at) }</li>
                            }) }
                        </ol>
                    </li>
                }) }
            </ul>
        },
    };
    html! {
        <section aria-labelledby="bells-title">
            <h2 id="bells-title">{ t(lang, Key::TabBells) }</h2>
            { listing }
            if props.can_manage {
                <section class="card" aria-labelledby="bell-form-title">
                    <h3 id="bell-form-title">{ t(lang, Key::NewBellSchedule) }</h3>
                    <form id="bell-form" class="form" onsubmit={onsubmit} novalidate=true>
                        <TextField id="bell-name" label={t(lang, Key::ColName)} value={(*name).clone()}
                            placeholder={t(lang, Key::BellNamePlaceholder)}
                            oninput={let name = name.clone(); Callback::from(move |v: String| name.set(v))} required=true />
                        <div class="table-wrap edit-wrap">
                            <table id="bells-table" class="table edit-table">
                                <thead>
                                    <tr>
                                        <th scope="col">{ t(lang, Key::ColLesson) }</th>
                                        <th scope="col">{ t(lang, Key::BellStart) }</th>
                                        <th scope="col">{ t(lang, Key::BellEnd) }</th>
                                        <th scope="col"><span class="visually-hidden">{ t(lang, Key::ColActions) }</span></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    { for bells.iter().enumerate().map(|(i, b)| {
                                        let label = tf(lang, Key::BellRowLabel, &[("n", &b.lesson_number.to_string())]);
                                        html! {
                                            <tr id={format!("bell-{i}")}>
                                                <td data-label={t(lang, Key::ColLesson)}>
                                                    <input type="number" min="0" max="12" class="narrow" id={format!("bell-{i}-number")}
                                                        value={b.lesson_number.to_string()}
                                                        onchange={bell_setter(i, |r, v| r.lesson_number = v.trim().parse().unwrap_or(r.lesson_number))}
                                                        aria-label={format!("{label}: {}", t(lang, Key::ColLesson))} />
                                                </td>
                                                <td data-label={t(lang, Key::BellStart)}>
                                                    <input type="time" id={format!("bell-{i}-start")} value={b.starts_at.clone()}
                                                        onchange={bell_setter(i, |r, v| r.starts_at = v)}
                                                        aria-label={format!("{label}: {}", t(lang, Key::BellStart))} />
                                                </td>
                                                <td data-label={t(lang, Key::BellEnd)}>
                                                    <input type="time" id={format!("bell-{i}-end")} value={b.ends_at.clone()}
                                                        onchange={bell_setter(i, |r, v| r.ends_at = v)}
                                                        aria-label={format!("{label}: {}", t(lang, Key::BellEnd))} />
                                                </td>
                                                <td>
                                                    <button type="button" class="button small danger-outline" onclick={remove_bell(i)}
                                                        aria-label={format!("{}: {label}", t(lang, Key::RemoveRow))}>
                                                        { t(lang, Key::RemoveRow) }
                                                    </button>
                                                </td>
                                            </tr>
                                        }
                                    }) }
                                </tbody>
                            </table>
                        </div>
                        <p><button type="button" id="add-bell" class="button secondary small" onclick={add_bell}>{ t(lang, Key::AddBell) }</button></p>
                        { create_form_end(lang, "bell", Layout::Stack, problem.as_ref(), *created, *busy) }
                    </form>
                </section>
            }
        </section>
    }
}

#[component]
pub fn RoomsTab(props: &TabProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let reload = use_state(|| 0_u32);
    let list = use_load_keyed((), *reload, |c, _| async move { c.list_rooms().await });
    let name = use_state(String::new);
    let capacity = use_state(String::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<FormProblem>);
    let created = use_state(|| false);
    let onsubmit = {
        let api = app.api.clone();
        let (name, capacity, busy, problem, created, reload) = (
            name.clone(),
            capacity.clone(),
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
            let cap = capacity.trim();
            let capacity_value = if cap.is_empty() {
                None
            } else {
                match cap.parse::<i32>() {
                    Ok(n) => Some(n),
                    Err(_) => {
                        problem.set(Some(FormProblem::Local(Key::ErrCapacity)));
                        return;
                    }
                }
            };
            let input = RoomInput {
                name: name.trim().to_owned(),
                capacity: capacity_value,
            };
            if let Err(errors) = input.validate() {
                let key = if errors.field_errors().contains_key("capacity") {
                    Key::ErrCapacity
                } else {
                    Key::ErrNameLength
                };
                problem.set(Some(FormProblem::Local(key)));
                return;
            }
            created.set(false);
            let (created, reload, name, capacity) = (
                created.clone(),
                reload.clone(),
                name.clone(),
                capacity.clone(),
            );
            send(
                &api,
                &busy,
                &problem,
                input,
                move |c, input| async move { c.create_room(&input).await },
                move |_| {
                    name.set(String::new());
                    capacity.set(String::new());
                    created.set(true);
                    reload.set(reload.wrapping_add(1));
                },
            );
        })
    };
    let listing = match &*list {
        Load::Loading => html! { <p class="muted" role="status">{ t(lang, Key::Loading) }</p> },
        Load::Failed(e) => html! { <p class="form-error" role="alert">{ describe(lang, e) }</p> },
        Load::Ready(list) if list.is_empty() => {
            html! { <p class="muted" id="rooms-empty">{ t(lang, Key::NoRoomsYet) }</p> }
        }
        Load::Ready(list) => html! {
            <div class="table-wrap">
                <table id="rooms-table" class="table">
                    <thead>
                        <tr>
                            <th scope="col">{ t(lang, Key::Room) }</th>
                            <th scope="col">{ t(lang, Key::Capacity) }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for list.iter().map(|r| html! {
                            <tr data-room={r.id.to_string()}>
                                <td data-label={t(lang, Key::Room)}>{ r.name.clone() }</td>
                                <td data-label={t(lang, Key::Capacity)}>
                                    { r.capacity.map(|c| c.to_string()).unwrap_or_else(|| t(lang, Key::Dash).to_owned()) }
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        },
    };
    html! {
        <section aria-labelledby="rooms-title">
            <h2 id="rooms-title">{ t(lang, Key::TabRooms) }</h2>
            { listing }
            if props.can_manage {
                <section class="card" aria-labelledby="room-form-title">
                    <h3 id="room-form-title">{ t(lang, Key::NewRoom) }</h3>
                    <form id="room-form" class="form grid" onsubmit={onsubmit} novalidate=true>
                        <TextField id="room-name" label={t(lang, Key::ColName)} value={(*name).clone()}
                            placeholder={t(lang, Key::RoomPlaceholder)}
                            oninput={let name = name.clone(); Callback::from(move |v: String| name.set(v))} required=true />
                        <TextField id="room-capacity" label={t(lang, Key::Capacity)} kind="number" value={(*capacity).clone()}
                            note={t(lang, Key::Optional)}
                            oninput={let capacity = capacity.clone(); Callback::from(move |v: String| capacity.set(v))} />
                        { create_form_end(lang, "room", Layout::Grid, problem.as_ref(), *created, *busy) }
                    </form>
                </section>
            }
        </section>
    }
}

#[component]
pub fn SubjectsTab(props: &TabProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let reload = use_state(|| 0_u32);
    let list = use_load_keyed((), *reload, |c, _| async move { c.list_subjects().await });
    let name = use_state(String::new);
    let short = use_state(String::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<FormProblem>);
    let created = use_state(|| false);
    let onsubmit = {
        let api = app.api.clone();
        let (name, short, busy, problem, created, reload) = (
            name.clone(),
            short.clone(),
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
            let input = SubjectInput {
                name: name.trim().to_owned(),
                short_name: short.trim().to_owned(),
            };
            if input.validate().is_err() {
                problem.set(Some(FormProblem::Local(Key::ErrSubjectFields)));
                return;
            }
            created.set(false);
            let (created, reload, name, short) =
                (created.clone(), reload.clone(), name.clone(), short.clone());
            send(
                &api,
                &busy,
                &problem,
                input,
                move |c, input| async move { c.create_subject(&input).await },
                move |_| {
                    name.set(String::new());
                    short.set(String::new());
                    created.set(true);
                    reload.set(reload.wrapping_add(1));
                },
            );
        })
    };
    let listing = match &*list {
        Load::Loading => html! { <p class="muted" role="status">{ t(lang, Key::Loading) }</p> },
        Load::Failed(e) => html! { <p class="form-error" role="alert">{ describe(lang, e) }</p> },
        Load::Ready(list) if list.is_empty() => {
            html! { <p class="muted" id="subjects-empty">{ t(lang, Key::NoSubjectsYet) }</p> }
        }
        Load::Ready(list) => html! {
            <div class="table-wrap">
                <table id="subjects-table" class="table">
                    <thead>
                        <tr>
                            <th scope="col">{ t(lang, Key::Subject) }</th>
                            <th scope="col">{ t(lang, Key::ShortName) }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for list.iter().map(|s| html! {
                            <tr data-subject={s.id.to_string()}>
                                <td data-label={t(lang, Key::Subject)}>{ s.name.clone() }</td>
                                <td data-label={t(lang, Key::ShortName)}>{ s.short_name.clone() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        },
    };
    html! {
        <section aria-labelledby="subjects-title">
            <h2 id="subjects-title">{ t(lang, Key::TabSubjects) }</h2>
            { listing }
            if props.can_manage {
                <section class="card" aria-labelledby="subject-form-title">
                    <h3 id="subject-form-title">{ t(lang, Key::NewSubject) }</h3>
                    <form id="subject-form" class="form grid" onsubmit={onsubmit} novalidate=true>
                        <TextField id="subject-name" label={t(lang, Key::Subject)} value={(*name).clone()}
                            placeholder={t(lang, Key::SubjectPlaceholder)}
                            oninput={let name = name.clone(); Callback::from(move |v: String| name.set(v))} required=true />
                        <TextField id="subject-short" label={t(lang, Key::ShortName)} value={(*short).clone()}
                            hint={t(lang, Key::ShortNameHint)}
                            oninput={let short = short.clone(); Callback::from(move |v: String| short.set(v))} required=true />
                        { create_form_end(lang, "subject", Layout::Grid, problem.as_ref(), *created, *busy) }
                    </form>
                </section>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_bell_follows_a_ten_minute_break() {
        let first = next_bell(None);
        assert_eq!(
            (first.lesson_number, first.starts_at.as_str()),
            (1, "08:30")
        );
        let second = next_bell(Some(&first));
        assert_eq!(second.lesson_number, 2);
        assert_eq!(second.starts_at, "09:20");
        assert_eq!(second.ends_at, "10:00");
    }
}
