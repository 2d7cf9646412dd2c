//! The timetable page: choosing a class or teacher and a week, the grid of lessons, its forms.

use super::add_form::AddLessonForm;
use super::entries::EntriesTable;
use super::panel::LessonPanel;
use super::week::{change_badge, day_off, slots, DayOff};
use super::{Mode, Target};
use crate::app::Route;
use crate::components::week_picker::WeekPicker;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{use_load, use_load_keyed, use_teachers, use_title, Load};
use crate::services::access::may;
use crate::services::api::describe;
use crate::services::lessons::{change_text, lesson_number};
use crate::services::state::use_app;
use crate::services::week::{
    current_year, day_month, day_of_week, iso, monday_of, short_person, today, week_span,
    weekday_name, weekday_number, weekday_short,
};
use chrono::{Duration, NaiveDate};
use journal_api_types::structure::{AssignmentFilter, BellInput, BellSchedule, Class, ClassFilter};
use journal_api_types::timetable::{Lesson, LessonFilter, TimetableFilter};
use journal_domain::Action;
use std::rc::Rc;
use uuid::Uuid;
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::*;

#[component]
pub fn TimetablePage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::TimetableTitle);
    let me = app.me();
    let allowed = |action| me.as_ref().is_some_and(|me| may(me, action));
    let can_view = allowed(Action::ViewStructure);
    let can_manage = allowed(Action::ManageTimetable);
    let can_pick_teacher = allowed(Action::ViewAccounts);

    let monday = use_state(|| monday_of(today()));
    let mode = use_state(|| Mode::Class);
    let chosen_year = use_state(|| None::<Uuid>);
    let class_id = use_state(|| None::<Uuid>);
    let teacher_id = use_state(|| None::<Uuid>);
    let reload = use_state(|| 0_u32);
    let selected = use_state(|| None::<(Uuid, NaiveDate)>);
    // Weekday, lesson number and a counter, so that a second click on the same cell counts too.
    let prefill = use_state(|| None::<(u8, u8, u32)>);

    let years = use_load(can_view, |c, ok| async move {
        if ok {
            c.list_years().await
        } else {
            Ok(Vec::new())
        }
    });
    // Unless chosen, the year of the week shown (the newest when the week lies between years).
    let year = (*chosen_year).or_else(|| years.ready().and_then(|ys| current_year(ys, *monday)));
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
    let year_detail = use_load(year, |c, year| async move {
        match year {
            Some(id) => c.year(id).await.map(Some),
            None => Ok(None),
        }
    });
    let teachers = use_teachers(can_pick_teacher);
    let bells = use_load(can_view, |c, ok| async move {
        if ok {
            c.list_bell_schedules().await
        } else {
            Ok(Vec::new())
        }
    });
    let rooms = use_load(can_manage, |c, ok| async move {
        if ok {
            c.list_rooms().await
        } else {
            Ok(Vec::new())
        }
    });
    let subjects = use_load(can_manage, |c, ok| async move {
        if ok {
            c.list_subjects().await
        } else {
            Ok(Vec::new())
        }
    });

    let target = match *mode {
        Mode::Class => (*class_id).map(Target::Class),
        Mode::Teacher => (*teacher_id).map(Target::Teacher),
    };
    let lessons = use_load_keyed(
        (target, *monday),
        *reload,
        |c, (target, monday)| async move {
            let Some(target) = target else {
                return Ok(Vec::new());
            };
            let filter = LessonFilter {
                class_id: target.class_id(),
                teacher_id: target.teacher_id(),
                from: monday,
                to: monday + Duration::days(6),
            };
            c.list_lessons(&filter).await
        },
    );
    let entries = use_load_keyed(
        (target, *monday),
        *reload,
        |c, (target, monday)| async move {
            let Some(target) = target else {
                return Ok(Vec::new());
            };
            let filter = TimetableFilter {
                class_id: target.class_id(),
                teacher_id: target.teacher_id(),
                group_id: None,
                date: Some(monday),
            };
            c.list_entries(&filter).await
        },
    );
    let assignment_class = if can_manage {
        target.and_then(Target::class_id)
    } else {
        None
    };
    let assignments = use_load(assignment_class, |c, class| async move {
        match class {
            Some(class_id) => {
                c.list_assignments(&AssignmentFilter {
                    class_id: Some(class_id),
                    teacher_id: None,
                })
                .await
            }
            None => Ok(Vec::new()),
        }
    });

    if !can_view {
        return html! { <ForbiddenPage /> };
    }

    let bump = {
        let reload = reload.clone();
        Callback::from(move |_: ()| reload.set(reload.wrapping_add(1)))
    };
    let on_week = {
        let (monday, selected) = (monday.clone(), selected.clone());
        Callback::from(move |m: NaiveDate| {
            selected.set(None);
            monday.set(m);
        })
    };
    let on_mode = |m: Mode| {
        let (mode, selected) = (mode.clone(), selected.clone());
        Callback::from(move |_: Event| {
            selected.set(None);
            mode.set(m);
        })
    };
    let on_year = {
        let (chosen_year, class_id, selected) =
            (chosen_year.clone(), class_id.clone(), selected.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            selected.set(None);
            class_id.set(None);
            chosen_year.set(Uuid::parse_str(&select.value()).ok());
        })
    };
    let on_class = {
        let (class_id, selected, prefill) = (class_id.clone(), selected.clone(), prefill.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            selected.set(None);
            prefill.set(None);
            class_id.set(Uuid::parse_str(&select.value()).ok());
        })
    };
    let on_teacher = {
        let (teacher_id, selected) = (teacher_id.clone(), selected.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            selected.set(None);
            teacher_id.set(Uuid::parse_str(&select.value()).ok());
        })
    };

    let class: Option<Class> = match (*mode, *class_id, classes.ready()) {
        (Mode::Class, Some(id), Some(list)) => list.iter().find(|c| c.id == id).cloned(),
        _ => None,
    };
    let teacher_name: Option<String> = match (*mode, *teacher_id, teachers.ready()) {
        (Mode::Teacher, Some(id), Some(list)) => {
            list.iter().find(|p| p.id == id).map(|p| p.name.clone())
        }
        _ => None,
    };
    let bell_list: Vec<BellInput> = match (&class, bells.ready()) {
        (Some(class), Some(list)) => class
            .bell_schedule_id
            .and_then(|id| list.iter().find(|b| b.id == id))
            .map(|b: &BellSchedule| b.bells.clone())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let lesson_list: Vec<Lesson> = lessons.ready().cloned().unwrap_or_default();
    let days: u8 = match (&class, *mode) {
        (Some(class), Mode::Class) => class.week_days.clamp(5, 6),
        _ => {
            if lesson_list.iter().any(|l| weekday_number(l.date) == 6) {
                6
            } else {
                5
            }
        }
    };
    let rows = slots(&bell_list, &lesson_list);

    let controls = html! {
        <form class="filters timetable-filters" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <fieldset class="mode-switch">
                <legend>{ t(lang, Key::TtShow) }</legend>
                <div class="checks">
                    <label class="check" for="timetable-mode-class">
                        <input type="radio" name="timetable-mode" id="timetable-mode-class"
                            checked={*mode == Mode::Class} onchange={on_mode(Mode::Class)} />
                        <span>{ t(lang, Key::TtModeClass) }</span>
                    </label>
                    if can_pick_teacher {
                        <label class="check" for="timetable-mode-teacher">
                            <input type="radio" name="timetable-mode" id="timetable-mode-teacher"
                                checked={*mode == Mode::Teacher} onchange={on_mode(Mode::Teacher)} />
                            <span>{ t(lang, Key::TtModeTeacher) }</span>
                        </label>
                    }
                </div>
            </fieldset>
            if *mode == Mode::Class {
                <div class="field">
                    <label for="timetable-year">{ t(lang, Key::SchoolYear) }</label>
                    <select id="timetable-year" onchange={on_year}>
                        { for years.ready().into_iter().flatten().map(|y| html! {
                            <option value={y.id.to_string()} selected={Some(y.id) == year}>{ y.name.clone() }</option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for="timetable-class">{ t(lang, Key::TtClass) }</label>
                    <select id="timetable-class" onchange={on_class}>
                        <option value="" selected={class_id.is_none()}>{ t(lang, Key::TtChooseClass) }</option>
                        { for classes.ready().into_iter().flatten().map(|c| html! {
                            <option value={c.id.to_string()} selected={Some(c.id) == *class_id}>{ c.name.clone() }</option>
                        }) }
                    </select>
                </div>
            } else {
                <div class="field grow">
                    <label for="timetable-teacher">{ t(lang, Key::TtTeacher) }</label>
                    <select id="timetable-teacher" onchange={on_teacher}>
                        <option value="" selected={teacher_id.is_none()}>{ t(lang, Key::ChooseTeacher) }</option>
                        { for teachers.ready().into_iter().flat_map(|l| l.iter()).map(|p| html! {
                            <option value={p.id.to_string()} selected={Some(p.id) == *teacher_id}>{ p.name.clone() }</option>
                        }) }
                    </select>
                </div>
            }
            <WeekPicker id="timetable-week" monday={*monday} {days} on_change={on_week} />
        </form>
    };

    let no_years = matches!(years.ready(), Some(list) if list.is_empty());
    let body = if no_years {
        html! { <p class="notice" id="timetable-empty">{ t(lang, Key::TtNoYears) }</p> }
    } else if target.is_none() {
        html! {
            <p class="muted" id="timetable-empty">
                { t(lang, if *mode == Mode::Class { Key::TtPickClass } else { Key::TtPickTeacher }) }
            </p>
        }
    } else {
        match &*lessons {
            Load::Loading => html! { <p class="muted" role="status">{ t(lang, Key::Loading) }</p> },
            Load::Failed(e) => html! {
                <div class="form-error" role="alert">
                    <p>{ describe(lang, e) }</p>
                    <button type="button" class="button secondary" onclick={bump.reform(|_: MouseEvent| ())}>
                        { t(lang, Key::Retry) }
                    </button>
                </div>
            },
            Load::Ready(list) => {
                let caption = match (&class, &teacher_name) {
                    (Some(c), _) => tf(
                        lang,
                        Key::TtCaptionClass,
                        &[
                            ("class", &c.name),
                            ("week", &week_span(lang, *monday, days)),
                        ],
                    ),
                    (None, Some(name)) => tf(
                        lang,
                        Key::TtCaptionTeacher,
                        &[("name", name), ("week", &week_span(lang, *monday, days))],
                    ),
                    (None, None) => week_span(lang, *monday, days),
                };
                let year_data = year_detail.ready().cloned().flatten();
                let off = |date: NaiveDate| -> Option<DayOff> {
                    match (&class, &year_data) {
                        (Some(c), Some(y)) => day_off(y, c.grade, date),
                        _ => None,
                    }
                };
                let on_select = {
                    let selected = selected.clone();
                    Callback::from(move |key: (Uuid, NaiveDate)| selected.set(Some(key)))
                };
                let on_add_here = {
                    let prefill = prefill.clone();
                    Callback::from(move |(day, n): (u8, u8)| {
                        let seq = prefill.map_or(0, |p| p.2.wrapping_add(1));
                        prefill.set(Some((day, n, seq)));
                    })
                };
                let adding = can_manage && *mode == Mode::Class && class.is_some();
                html! {
                    <>
                    <div class="table-wrap tt-wrap">
                        <table id="timetable-grid" class="tt-grid" data-days={days.to_string()}>
                            <caption>{ caption }</caption>
                            <thead>
                                <tr>
                                    <th scope="col" class="tt-num">{ t(lang, Key::TtLessonCol) }</th>
                                    { for (1..=days).map(|n| {
                                        let date = day_of_week(*monday, n);
                                        let note = off(date);
                                        html! {
                                            <th scope="col" data-date={iso(date)}
                                                class={classes!(note.is_some().then_some("day-off"), (date == today()).then_some("today"))}>
                                                <abbr title={weekday_name(lang, n)}>{ weekday_short(lang, n) }</abbr>
                                                { " " }
                                                <span class="tt-date">{ day_month(lang, date) }</span>
                                                if let Some(note) = note {
                                                    <span class="tt-dayoff">{ match note {
                                                        DayOff::Holiday(name) => name,
                                                        DayOff::OutsidePeriods => t(lang, Key::TtNoPeriod).to_owned(),
                                                    } }</span>
                                                }
                                            </th>
                                        }
                                    }) }
                                </tr>
                            </thead>
                            <tbody>
                                { for rows.iter().map(|slot| html! {
                                    <tr>
                                        <th scope="row" class="tt-num">
                                            <span class="tt-n">{ slot.number }</span>
                                            if let Some(time) = slot.time() {
                                                <span class="tt-time">{ time }</span>
                                            }
                                        </th>
                                        { for (1..=days).map(|n| {
                                            let date = day_of_week(*monday, n);
                                            let here: Vec<&Lesson> = list.iter().filter(|l| l.date == date && l.lesson_number == slot.number).collect();
                                            let free_day = off(date).is_none();
                                            html! {
                                                <td data-date={iso(date)} data-lesson={slot.number.to_string()}
                                                    class={classes!("tt-cell", here.is_empty().then_some("empty"))}>
                                                    { for here.iter().map(|l| lesson_card(lang, l, *mode, *selected == Some((l.entry_id, l.date)), &on_select)) }
                                                    if here.is_empty() && adding && free_day {
                                                        <button type="button" class="tt-add"
                                                            aria-label={tf(lang, Key::TtAddHere, &[("day", weekday_name(lang, n)), ("lesson", &lesson_number(lang, slot.number))])}
                                                            onclick={let cb = on_add_here.clone(); let num = slot.number; Callback::from(move |_: MouseEvent| cb.emit((n, num)))}>
                                                            { "+" }
                                                        </button>
                                                    }
                                                </td>
                                            }
                                        }) }
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                    if list.is_empty() {
                        <p class="muted" id="timetable-no-lessons">{ t(lang, Key::TtEmptyWeek) }</p>
                    }
                    </>
                }
            }
        }
    };

    let panel = (*selected).and_then(|(entry, date)| {
        lesson_list
            .iter()
            .find(|l| l.entry_id == entry && l.date == date)
            .cloned()
    });
    let panel = panel.map(|lesson| {
        let on_close = {
            let selected = selected.clone();
            Callback::from(move |_: ()| selected.set(None))
        };
        html! {
            <LessonPanel lesson={Rc::new(lesson)} {can_manage}
                teachers={teachers.ready().cloned().unwrap_or_default()}
                subjects={Rc::new(subjects.ready().cloned().unwrap_or_default())}
                rooms={Rc::new(rooms.ready().cloned().unwrap_or_default())}
                rows={Rc::new(rows.clone())}
                {on_close} on_changed={bump.clone()} />
        }
    });

    let add_form = match (&class, can_manage) {
        (Some(class), true) => html! {
            <AddLessonForm class={Rc::new(class.clone())}
                assignments={Rc::new(assignments.ready().cloned().unwrap_or_default())}
                rooms={Rc::new(rooms.ready().cloned().unwrap_or_default())}
                rows={Rc::new(rows.clone())}
                prefill={*prefill}
                on_added={bump.clone()} />
        },
        _ => Html::default(),
    };

    let entry_table = match (target, entries.ready()) {
        (Some(_), Some(list)) => html! {
            <EntriesTable entries={Rc::new(list.clone())} {can_manage} on_date={*monday}
                by_teacher={*mode == Mode::Teacher} on_ended={bump.clone()} />
        },
        _ => Html::default(),
    };

    html! {
        <section class="page wide" id="timetable">
            <h1>{ t(lang, Key::TimetableTitle) }</h1>
            <p class="muted">{ t(lang, if can_manage { Key::TimetableIntroManage } else { Key::TimetableIntro }) }</p>
            { controls }
            { body }
            { for panel }
            { add_form }
            { entry_table }
            if can_manage {
                <p class="section-link">
                    <Link<Route> to={Route::SubstitutionReport} classes="button ghost">{ t(lang, Key::ReportLink) }</Link<Route>>
                </p>
            }
        </section>
    }
}

/// One lesson in a cell of the grid: a button that opens it in the panel.
fn lesson_card(
    lang: Lang,
    l: &Lesson,
    mode: Mode,
    selected: bool,
    on_select: &Callback<(Uuid, NaiveDate)>,
) -> Html {
    let kind = l.change.as_ref().map(|c| c.kind);
    let who = match mode {
        Mode::Class => short_person(&l.teacher_name),
        Mode::Teacher => l.class_name.clone(),
    };
    let onclick = {
        let (cb, key) = (on_select.clone(), (l.entry_id, l.date));
        Callback::from(move |_: MouseEvent| cb.emit(key))
    };
    let change_line = l.change.as_ref().map(|_| change_text(lang, l));
    let label = {
        let mut parts = vec![l.subject_name.clone(), who.clone()];
        if let Some(room) = &l.room_name {
            parts.push(room.clone());
        }
        if let Some(line) = &change_line {
            parts.push(line.clone());
        }
        parts.join(", ")
    };
    html! {
        <button type="button" onclick={onclick} aria-pressed={selected.to_string()} aria-label={label}
            data-entry={l.entry_id.to_string()}
            class={classes!("tt-lesson", kind.map(|k| k.as_str()), selected.then_some("selected"), l.is_moved_away().then_some("moved-away"))}>
            <span class="tt-subject">{ l.subject_name.clone() }</span>
            <span class="tt-who">{ who }</span>
            if let Some(room) = &l.room_name {
                <span class="tt-room">{ room.clone() }</span>
            }
            if l.change.is_some() {
                <span class="tt-change">{ change_badge(lang, l) }</span>
            }
        </button>
    }
}
