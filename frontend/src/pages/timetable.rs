//! «Расписание»: the week of a class or of a teacher as a grid of dated lessons (R-T1), with the
//! deputy's and director's tools: adding weekly lessons (clashes are refused and named), ending
//! them, and registering a substitution, cancellation or move of one lesson (R-T2).

use crate::app::Route;
use crate::components::focus::use_focus_on;
use crate::components::form::SubmitButton;
use crate::components::problem::{Failure, ProblemMessage};
use crate::components::week_picker::WeekPicker;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{use_load, use_load_keyed, use_teachers, use_title, Load, Person};
use crate::services::access::may;
use crate::services::api::describe;
use crate::services::lessons::ChangeKind;
use crate::services::state::use_app;
use crate::services::week::{
    current_year, day_month, day_of_week, full_date, iso, monday_of, parse_iso, short_person,
    today, week_span, weekday_name, weekday_number, weekday_short,
};
use chrono::{Duration, NaiveDate};
use journal_api_types::structure::{
    Assignment, AssignmentFilter, BellInput, BellSchedule, Class, ClassFilter, Room, Subject,
    YearDetail,
};
use journal_api_types::timetable::{
    ChangeInput, Entry, EntryInput, Lesson, LessonFilter, TimetableFilter,
};
use journal_domain::Action;
use std::rc::Rc;
use uuid::Uuid;
use validator::Validate;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

/// Whose week the grid shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Class,
    Teacher,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Class(Uuid),
    Teacher(Uuid),
}

impl Target {
    fn class_id(self) -> Option<Uuid> {
        match self {
            Target::Class(id) => Some(id),
            Target::Teacher(_) => None,
        }
    }

    fn teacher_id(self) -> Option<Uuid> {
        match self {
            Target::Teacher(id) => Some(id),
            Target::Class(_) => None,
        }
    }
}

/// A row of the grid: a lesson number with its bell times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub number: u8,
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
}

impl Slot {
    /// `08:30–09:10`, when the bells are known.
    pub fn time(&self) -> Option<String> {
        match (&self.starts_at, &self.ends_at) {
            (Some(a), Some(b)) => Some(format!("{a}–{b}")),
            _ => None,
        }
    }
}

/// The rows of a week: the lesson numbers of the bell schedule and of the lessons, in order; the
/// usual seven when neither says anything.
pub fn slots(bells: &[BellInput], lessons: &[Lesson]) -> Vec<Slot> {
    let mut numbers: Vec<u8> = bells
        .iter()
        .map(|b| b.lesson_number)
        .chain(lessons.iter().map(|l| l.lesson_number))
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    if numbers.is_empty() {
        numbers = (1..=7).collect();
    }
    numbers
        .into_iter()
        .map(|n| {
            let bell = bells.iter().find(|b| b.lesson_number == n);
            let lesson = lessons
                .iter()
                .find(|l| l.lesson_number == n && l.starts_at.is_some());
            Slot {
                number: n,
                starts_at: bell
                    .map(|b| b.starts_at.clone())
                    .or_else(|| lesson.and_then(|l| l.starts_at.clone())),
                ends_at: bell
                    .map(|b| b.ends_at.clone())
                    .or_else(|| lesson.and_then(|l| l.ends_at.clone())),
            }
        })
        .collect()
}

/// Why a day of a class has no lessons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayOff {
    Holiday(String),
    OutsidePeriods,
}

/// Whether `date` is a holiday or outside every period for a class of `grade`.
pub fn day_off(year: &YearDetail, grade: u8, date: NaiveDate) -> Option<DayOff> {
    let grades = |from: u8, to: u8| from <= grade && grade <= to;
    if let Some(h) = year
        .holidays
        .iter()
        .find(|h| grades(h.grade_from, h.grade_to) && h.starts_on <= date && date <= h.ends_on)
    {
        return Some(DayOff::Holiday(h.name.clone()));
    }
    let in_period = year
        .periods
        .iter()
        .any(|p| grades(p.grade_from, p.grade_to) && p.starts_on <= date && date <= p.ends_on);
    (!in_period).then_some(DayOff::OutsidePeriods)
}

pub use crate::services::lessons::{change_text, lesson_number};

/// The change of a lesson as a coloured badge holding [`change_text`]; nothing without a change.
pub fn change_badge(lang: Lang, l: &Lesson) -> Html {
    let Some(change) = &l.change else {
        return Html::default();
    };
    let class = match Some(change.kind) {
        Some(ChangeKind::Substitution) => "sub",
        Some(ChangeKind::Cancellation) => "cancel",
        Some(ChangeKind::Move) => "move",
        None => "",
    };
    html! { <span class={classes!("badge", "change", class)}>{ change_text(lang, l) }</span> }
}

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

#[derive(Properties, PartialEq)]
struct PanelProps {
    lesson: Rc<Lesson>,
    can_manage: bool,
    teachers: Rc<Vec<Person>>,
    subjects: Rc<Vec<Subject>>,
    rooms: Rc<Vec<Room>>,
    rows: Rc<Vec<Slot>>,
    on_close: Callback<()>,
    on_changed: Callback<()>,
}

/// A dated lesson: what it is, what was written, and the change form for the leadership.
#[component]
fn LessonPanel(props: &PanelProps) -> Html {
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

#[derive(Properties, PartialEq)]
struct ChangeProps {
    lesson: Rc<Lesson>,
    teachers: Rc<Vec<Person>>,
    subjects: Rc<Vec<Subject>>,
    rooms: Rc<Vec<Room>>,
    rows: Rc<Vec<Slot>>,
    on_changed: Callback<()>,
}

/// What the change form may say is wrong before asking the server.
#[derive(Clone, PartialEq)]
enum ChangeProblem {
    Local(Key),
    Api(Failure),
}

/// Registering a substitution, cancellation or move of one dated lesson (R-T2).
#[component]
fn ChangeForm(props: &ChangeProps) -> Html {
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
                            { for teachers.iter().map(|p| html! {
                                <option value={p.id.to_string()} selected={*substitute == p.id.to_string()}>{ p.name.clone() }</option>
                            }) }
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

#[derive(Properties, PartialEq)]
struct AddProps {
    class: Rc<Class>,
    assignments: Rc<Vec<Assignment>>,
    rooms: Rc<Vec<Room>>,
    rows: Rc<Vec<Slot>>,
    /// Weekday and lesson number chosen by a click on an empty cell (and a click counter).
    prefill: Option<(u8, u8, u32)>,
    on_added: Callback<()>,
}

/// Adding a weekly lesson of one of the class's teaching assignments (R-T1).
#[component]
fn AddLessonForm(props: &AddProps) -> Html {
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

#[derive(Properties, PartialEq)]
struct EntriesProps {
    entries: Rc<Vec<Entry>>,
    can_manage: bool,
    /// The entries are those valid on this date (the Monday of the week shown).
    on_date: NaiveDate,
    by_teacher: bool,
    on_ended: Callback<()>,
}

/// The weekly lessons behind the grid, with their validity; the leadership ends them here.
#[component]
fn EntriesTable(props: &EntriesProps) -> Html {
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

#[cfg(test)]
mod tests {
    use super::*;
    use journal_api_types::structure::{HolidayInput, PeriodInput, SchoolYear};
    use journal_api_types::timetable::LessonChange;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn bell(n: u8, a: &str, b: &str) -> BellInput {
        BellInput {
            lesson_number: n,
            starts_at: a.into(),
            ends_at: b.into(),
        }
    }

    fn lesson(n: u8, change: Option<LessonChange>) -> Lesson {
        Lesson {
            lesson_number: n,
            scheduled_lesson: n,
            starts_at: Some("14:00".into()),
            ends_at: Some("14:40".into()),
            ..crate::services::lessons::sample_lesson(Uuid::new_v4(), change)
        }
    }

    #[test]
    fn rows_follow_the_bells_and_the_lessons() {
        let bells = [bell(1, "08:30", "09:10"), bell(2, "09:20", "10:00")];
        let rows = slots(&bells, &[lesson(7, None)]);
        assert_eq!(rows.iter().map(|s| s.number).collect::<Vec<_>>(), [1, 2, 7]);
        assert_eq!(rows[0].time().as_deref(), Some("08:30–09:10"));
        assert_eq!(rows[2].time().as_deref(), Some("14:00–14:40"));
        assert_eq!(
            slots(&[], &[]).len(),
            7,
            "seven lessons when nothing is known"
        );
    }

    #[test]
    fn changes_read_in_a_few_words() {
        use crate::services::lessons::sample_lesson;
        let teacher = Uuid::new_v4();
        let sub = LessonChange {
            kind: ChangeKind::Substitution,
            substitute_id: Some(Uuid::new_v4()),
            substitute_name: Some("Козлов Виктор Николаевич".into()),
            subject_name: None,
            moved_to_date: None,
            moved_to_lesson: None,
            reason: None,
        };
        let covered = sample_lesson(teacher, Some(sub.clone()));
        assert_eq!(change_text(Lang::Ru, &covered), "Замена: Козлов В. Н.");
        let moved = LessonChange {
            kind: ChangeKind::Move,
            moved_to_date: Some(d(2025, 9, 18)),
            moved_to_lesson: Some(3),
            ..sub
        };
        let away = sample_lesson(teacher, Some(moved.clone()));
        assert_eq!(change_text(Lang::Ru, &away), "Перенесён на 18.09, 3-й урок");
        assert_eq!(change_text(Lang::En, &away), "Moved to Sep 18, lesson 3");
        let here = Lesson {
            date: d(2025, 9, 18),
            lesson_number: 3,
            ..away.clone()
        };
        assert_eq!(change_text(Lang::Ru, &here), "Перенесён с 15.09 (2-й урок)");
        assert_eq!(change_text(Lang::En, &here), "Moved from Sep 15 (lesson 2)");
        let cancelled = sample_lesson(
            teacher,
            Some(LessonChange {
                kind: ChangeKind::Cancellation,
                ..moved
            }),
        );
        assert_eq!(change_text(Lang::Ru, &cancelled), "Урок отменён");
        assert_eq!(change_text(Lang::Ru, &sample_lesson(teacher, None)), "");
    }

    #[test]
    fn holidays_and_days_outside_the_periods_are_named() {
        let year = YearDetail {
            year: SchoolYear {
                id: Uuid::new_v4(),
                name: "2025/2026".into(),
                starts_on: d(2025, 9, 1),
                ends_on: d(2026, 8, 31),
                status: "open".into(),
            },
            periods: vec![PeriodInput {
                id: None,
                kind: "quarter".into(),
                number: 1,
                grade_from: 1,
                grade_to: 9,
                starts_on: d(2025, 9, 1),
                ends_on: d(2025, 10, 24),
            }],
            holidays: vec![HolidayInput {
                name: "День учителя".into(),
                grade_from: 5,
                grade_to: 9,
                starts_on: d(2025, 10, 6),
                ends_on: d(2025, 10, 6),
            }],
        };
        assert_eq!(day_off(&year, 7, d(2025, 9, 15)), None);
        assert_eq!(
            day_off(&year, 7, d(2025, 10, 6)),
            Some(DayOff::Holiday("День учителя".into()))
        );
        assert_eq!(day_off(&year, 3, d(2025, 10, 6)), None, "not for grade 3");
        assert_eq!(
            day_off(&year, 7, d(2025, 10, 27)),
            Some(DayOff::OutsidePeriods)
        );
        assert_eq!(
            day_off(&year, 10, d(2025, 9, 15)),
            Some(DayOff::OutsidePeriods)
        );
    }
}
