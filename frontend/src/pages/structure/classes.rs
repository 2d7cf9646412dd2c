//! Classes of a year with their class teacher, week mode and bells (R-B2, R-B3), and teaching
//! assignments: who teaches which subject in which class, hours a week (R-B4).

use super::{create_form_end, Layout};
use crate::components::form::send;
use crate::components::problem::FormProblem;
use crate::i18n::{t, tf, Key};
use crate::pages::{use_load, use_load_keyed, use_teachers, Load};
use crate::services::api::describe;
use crate::services::state::use_app;
use crate::services::week::{current_year, today};
use journal_api_types::structure::{
    AssignmentFilter, AssignmentInput, ClassFilter, ClassInput, SchoolYear,
};
use uuid::Uuid;
use validator::Validate;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TabProps {
    pub can_manage: bool,
    /// Whether the caller may list accounts (to name and choose teachers).
    pub can_people: bool,
}

/// The year select shared by the classes, assignments, groups and curriculum tabs.
pub(super) fn year_select(
    lang: crate::i18n::Lang,
    years: &[SchoolYear],
    year: Option<Uuid>,
    on_change: Callback<Option<Uuid>>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        on_change.emit(Uuid::parse_str(&select.value()).ok());
    });
    html! {
        <div class="field">
            <label for="structure-year">{ t(lang, Key::SchoolYear) }</label>
            <select id="structure-year" {onchange}>
                { for years.iter().map(|y| html! {
                    <option value={y.id.to_string()} selected={Some(y.id) == year}>{ y.name.clone() }</option>
                }) }
            </select>
        </div>
    }
}

fn select_setter(s: &UseStateHandle<String>) -> Callback<Event> {
    let s = s.clone();
    Callback::from(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        s.set(select.value());
    })
}

#[component]
pub fn ClassesTab(props: &TabProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let reload = use_state(|| 0_u32);
    let chosen = use_state(|| None::<Uuid>);
    let years = use_load((), |c, _| async move { c.list_years().await });
    let year = (*chosen).or_else(|| years.ready().and_then(|y| current_year(y, today())));
    let classes = use_load_keyed(year, *reload, |c, year| async move {
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
    let bells = use_load((), |c, _| async move { c.list_bell_schedules().await });
    let teachers = use_teachers(props.can_people);

    let grade = use_state(|| "5".to_owned());
    let letter = use_state(String::new);
    let teacher = use_state(String::new);
    let week = use_state(|| 5_u8);
    let bell = use_state(String::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<FormProblem>);
    let created = use_state(|| false);

    let on_year = {
        let chosen = chosen.clone();
        Callback::from(move |y: Option<Uuid>| chosen.set(y))
    };
    let onsubmit = {
        let api = app.api.clone();
        let (grade, letter, teacher, week, bell, busy, problem, created, reload) = (
            grade.clone(),
            letter.clone(),
            teacher.clone(),
            week.clone(),
            bell.clone(),
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
            let (Some(year_id), Ok(grade_n)) = (year, grade.parse::<u8>()) else {
                problem.set(Some(FormProblem::Local(Key::ErrFieldsRequired)));
                return;
            };
            let input = ClassInput {
                year_id,
                grade: grade_n,
                letter: letter.trim().to_uppercase(),
                class_teacher_id: Uuid::parse_str(&teacher).ok(),
                week_days: *week,
                bell_schedule_id: Uuid::parse_str(&bell).ok(),
            };
            if input.validate().is_err() {
                problem.set(Some(FormProblem::Local(Key::ErrClassLetter)));
                return;
            }
            created.set(false);
            let (created, reload, letter) = (created.clone(), reload.clone(), letter.clone());
            send(
                &api,
                &busy,
                &problem,
                input,
                move |c, input| async move { c.create_class(&input).await },
                move |_| {
                    letter.set(String::new());
                    created.set(true);
                    reload.set(reload.wrapping_add(1));
                },
            );
        })
    };

    let teacher_name = |id: Option<Uuid>| -> String {
        let Some(id) = id else {
            return t(lang, Key::Dash).to_owned();
        };
        teachers
            .ready()
            .and_then(|l| l.iter().find(|p| p.id == id))
            .map(|p| p.name.clone())
            .unwrap_or_else(|| t(lang, Key::Dash).to_owned())
    };
    let bell_name = |id: Option<Uuid>| -> String {
        id.and_then(|id| bells.ready().and_then(|l| l.iter().find(|b| b.id == id)))
            .map(|b| b.name.clone())
            .unwrap_or_else(|| t(lang, Key::Dash).to_owned())
    };
    let listing = match &*classes {
        Load::Loading => html! { <p class="muted" role="status">{ t(lang, Key::Loading) }</p> },
        Load::Failed(e) => html! { <p class="form-error" role="alert">{ describe(lang, e) }</p> },
        Load::Ready(list) if list.is_empty() => {
            html! { <p class="muted" id="classes-empty">{ t(lang, Key::NoClassesYet) }</p> }
        }
        Load::Ready(list) => html! {
            <div class="table-wrap">
                <table id="classes-table" class="table">
                    <thead>
                        <tr>
                            <th scope="col">{ t(lang, Key::TtClass) }</th>
                            <th scope="col">{ t(lang, Key::ClassTeacher) }</th>
                            <th scope="col">{ t(lang, Key::WeekMode) }</th>
                            <th scope="col">{ t(lang, Key::TabBells) }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for list.iter().map(|c| html! {
                            <tr data-class={c.id.to_string()}>
                                <td data-label={t(lang, Key::TtClass)}>{ c.name.clone() }</td>
                                <td data-label={t(lang, Key::ClassTeacher)}>{ teacher_name(c.class_teacher_id) }</td>
                                <td data-label={t(lang, Key::WeekMode)}>
                                    { tf(lang, Key::WeekDays, &[("n", &c.week_days.to_string())]) }
                                </td>
                                <td data-label={t(lang, Key::TabBells)}>{ bell_name(c.bell_schedule_id) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        },
    };
    let year_list: Vec<SchoolYear> = years.ready().cloned().unwrap_or_default();
    let week_radio = |n: u8| {
        let week_state = week.clone();
        let id = format!("class-week-{n}");
        html! {
            <label class="check" for={id.clone()}>
                <input type="radio" name="class-week" id={id} checked={*week == n}
                    onchange={Callback::from(move |_: Event| week_state.set(n))} />
                <span>{ tf(lang, Key::WeekDays, &[("n", &n.to_string())]) }</span>
            </label>
        }
    };
    html! {
        <section aria-labelledby="classes-title">
            <h2 id="classes-title">{ t(lang, Key::TabClasses) }</h2>
            if year_list.is_empty() {
                <p class="notice">{ t(lang, Key::TtNoYears) }</p>
            } else {
                <div class="filters">{ year_select(lang, &year_list, year, on_year) }</div>
                { listing }
                if props.can_manage {
                    <section class="card" aria-labelledby="class-form-title">
                        <h3 id="class-form-title">{ t(lang, Key::NewClass) }</h3>
                        <form id="class-form" class="form grid" onsubmit={onsubmit} novalidate=true>
                            <div class="field">
                                <label for="class-grade">{ t(lang, Key::Grade) }</label>
                                <select id="class-grade" onchange={select_setter(&grade)}>
                                    { for (1..=11_u8).map(|g| html! {
                                        <option value={g.to_string()} selected={*grade == g.to_string()}>{ g }</option>
                                    }) }
                                </select>
                            </div>
                            <div class="field">
                                <label for="class-letter">{ t(lang, Key::Letter) }</label>
                                <input type="text" id="class-letter" value={(*letter).clone()} maxlength="1"
                                    class="narrow" autocomplete="off" placeholder="А" aria-describedby="class-letter-hint"
                                    oninput={let letter = letter.clone(); Callback::from(move |e: InputEvent| {
                                        let input: HtmlInputElement = e.target_unchecked_into();
                                        letter.set(input.value().to_uppercase());
                                    })} />
                                <p class="hint" id="class-letter-hint">{ t(lang, Key::LetterHint) }</p>
                            </div>
                            <div class="field">
                                <label for="class-teacher">
                                    { t(lang, Key::ClassTeacher) }
                                    <span class="label-note">{ format!(" ({})", t(lang, Key::Optional)) }</span>
                                </label>
                                <select id="class-teacher" onchange={select_setter(&teacher)}>
                                    <option value="" selected={teacher.is_empty()}>{ t(lang, Key::NotChosen) }</option>
                                    { for teachers.ready().into_iter().flat_map(|l| l.iter()).map(|p| html! {
                                        <option value={p.id.to_string()} selected={*teacher == p.id.to_string()}>{ p.name.clone() }</option>
                                    }) }
                                </select>
                            </div>
                            <div class="field">
                                <label for="class-bells">
                                    { t(lang, Key::TabBells) }
                                    <span class="label-note">{ format!(" ({})", t(lang, Key::Optional)) }</span>
                                </label>
                                <select id="class-bells" onchange={select_setter(&bell)}>
                                    <option value="" selected={bell.is_empty()}>{ t(lang, Key::NotChosen) }</option>
                                    { for bells.ready().into_iter().flatten().map(|b| html! {
                                        <option value={b.id.to_string()} selected={*bell == b.id.to_string()}>{ b.name.clone() }</option>
                                    }) }
                                </select>
                            </div>
                            <fieldset class="span-all">
                                <legend>{ t(lang, Key::WeekMode) }</legend>
                                <div class="checks">{ week_radio(5) }{ week_radio(6) }</div>
                            </fieldset>
                            { create_form_end(lang, "class", Layout::Grid, problem.as_ref(), *created, *busy) }
                        </form>
                    </section>
                }
            }
        </section>
    }
}

#[component]
pub fn AssignmentsTab(props: &TabProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let reload = use_state(|| 0_u32);
    let chosen = use_state(|| None::<Uuid>);
    let filter_class = use_state(String::new);
    let years = use_load((), |c, _| async move { c.list_years().await });
    let year = (*chosen).or_else(|| years.ready().and_then(|y| current_year(y, today())));
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
    let subjects = use_load((), |c, _| async move { c.list_subjects().await });
    let teachers = use_teachers(props.can_people && props.can_manage);
    let class_filter = Uuid::parse_str(&filter_class).ok();
    let assignments = use_load_keyed((year, class_filter), *reload, |c, (_, class)| async move {
        c.list_assignments(&AssignmentFilter {
            class_id: class,
            teacher_id: None,
        })
        .await
    });

    let teacher = use_state(String::new);
    let subject = use_state(String::new);
    let class = use_state(String::new);
    let hours = use_state(|| "2".to_owned());
    let busy = use_state(|| false);
    let problem = use_state(|| None::<FormProblem>);
    let created = use_state(|| false);

    let on_year = {
        let (chosen, filter_class) = (chosen.clone(), filter_class.clone());
        Callback::from(move |y: Option<Uuid>| {
            filter_class.set(String::new());
            chosen.set(y);
        })
    };
    let onsubmit = {
        let api = app.api.clone();
        let (teacher, subject, class, hours, busy, problem, created, reload) = (
            teacher.clone(),
            subject.clone(),
            class.clone(),
            hours.clone(),
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
            let (Ok(teacher_id), Ok(subject_id), Ok(class_id), Ok(h)) = (
                Uuid::parse_str(&teacher),
                Uuid::parse_str(&subject),
                Uuid::parse_str(&class),
                hours.trim().parse::<u8>(),
            ) else {
                problem.set(Some(FormProblem::Local(Key::ErrFieldsRequired)));
                return;
            };
            let input = AssignmentInput {
                teacher_id,
                subject_id,
                class_id,
                hours_per_week: h,
                group_id: None,
            };
            if input.validate().is_err() {
                problem.set(Some(FormProblem::Local(Key::ErrHours)));
                return;
            }
            created.set(false);
            let (created, reload) = (created.clone(), reload.clone());
            send(
                &api,
                &busy,
                &problem,
                input,
                move |c, input| async move { c.create_assignment(&input).await },
                move |_| {
                    created.set(true);
                    reload.set(reload.wrapping_add(1));
                },
            );
        })
    };

    // Assignments of this year's classes only (the list endpoint filters by class or teacher).
    let year_classes: Vec<Uuid> = classes
        .ready()
        .map(|l| l.iter().map(|c| c.id).collect())
        .unwrap_or_default();
    let listing = match &*assignments {
        Load::Loading => html! { <p class="muted" role="status">{ t(lang, Key::Loading) }</p> },
        Load::Failed(e) => html! { <p class="form-error" role="alert">{ describe(lang, e) }</p> },
        Load::Ready(list) => {
            let shown: Vec<_> = list
                .iter()
                .filter(|a| year_classes.contains(&a.class_id))
                .collect();
            if shown.is_empty() {
                html! { <p class="muted" id="assignments-empty">{ t(lang, Key::NoAssignmentsYet) }</p> }
            } else {
                html! {
                    <div class="table-wrap">
                        <table id="assignments-table" class="table">
                            <thead>
                                <tr>
                                    <th scope="col">{ t(lang, Key::TtTeacher) }</th>
                                    <th scope="col">{ t(lang, Key::Subject) }</th>
                                    <th scope="col">{ t(lang, Key::TtClass) }</th>
                                    <th scope="col" class="num">{ t(lang, Key::HoursPerWeek) }</th>
                                </tr>
                            </thead>
                            <tbody>
                                { for shown.iter().map(|a| html! {
                                    <tr data-assignment={a.id.to_string()}>
                                        <td data-label={t(lang, Key::TtTeacher)}>{ a.teacher_name.clone() }</td>
                                        <td data-label={t(lang, Key::Subject)}>{ a.subject_name.clone() }</td>
                                        <td data-label={t(lang, Key::TtClass)}>{ a.class_name.clone() }</td>
                                        <td data-label={t(lang, Key::HoursPerWeek)} class="num">{ a.hours_per_week }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
            }
        }
    };
    let year_list: Vec<SchoolYear> = years.ready().cloned().unwrap_or_default();
    let class_options = |selected: &str| -> Html {
        html! {
            { for classes.ready().into_iter().flatten().map(|c| html! {
                <option value={c.id.to_string()} selected={selected == c.id.to_string()}>{ c.name.clone() }</option>
            }) }
        }
    };
    html! {
        <section aria-labelledby="assignments-title">
            <h2 id="assignments-title">{ t(lang, Key::TabAssignments) }</h2>
            if year_list.is_empty() {
                <p class="notice">{ t(lang, Key::TtNoYears) }</p>
            } else {
                <div class="filters">
                    { year_select(lang, &year_list, year, on_year) }
                    <div class="field">
                        <label for="assignments-class">{ t(lang, Key::TtClass) }</label>
                        <select id="assignments-class" onchange={select_setter(&filter_class)}>
                            <option value="" selected={filter_class.is_empty()}>{ t(lang, Key::AllClasses) }</option>
                            { class_options(&filter_class) }
                        </select>
                    </div>
                </div>
                { listing }
                if props.can_manage {
                    <section class="card" aria-labelledby="assignment-form-title">
                        <h3 id="assignment-form-title">{ t(lang, Key::NewAssignment) }</h3>
                        <form id="assignment-form" class="form grid" onsubmit={onsubmit} novalidate=true>
                            <div class="field">
                                <label for="assignment-teacher">{ t(lang, Key::TtTeacher) }</label>
                                <select id="assignment-teacher" onchange={select_setter(&teacher)}>
                                    <option value="" selected={teacher.is_empty()}>{ t(lang, Key::ChooseTeacher) }</option>
                                    { for teachers.ready().into_iter().flat_map(|l| l.iter()).map(|p| html! {
                                        <option value={p.id.to_string()} selected={*teacher == p.id.to_string()}>{ p.name.clone() }</option>
                                    }) }
                                </select>
                            </div>
                            <div class="field">
                                <label for="assignment-subject">{ t(lang, Key::Subject) }</label>
                                <select id="assignment-subject" onchange={select_setter(&subject)}>
                                    <option value="" selected={subject.is_empty()}>{ t(lang, Key::ChooseOption) }</option>
                                    { for subjects.ready().into_iter().flatten().map(|s| html! {
                                        <option value={s.id.to_string()} selected={*subject == s.id.to_string()}>{ s.name.clone() }</option>
                                    }) }
                                </select>
                            </div>
                            <div class="field">
                                <label for="assignment-class">{ t(lang, Key::TtClass) }</label>
                                <select id="assignment-class" onchange={select_setter(&class)}>
                                    <option value="" selected={class.is_empty()}>{ t(lang, Key::TtChooseClass) }</option>
                                    { class_options(&class) }
                                </select>
                            </div>
                            <div class="field">
                                <label for="assignment-hours">{ t(lang, Key::HoursPerWeek) }</label>
                                <input type="number" id="assignment-hours" min="1" max="12" class="narrow" value={(*hours).clone()}
                                    oninput={let hours = hours.clone(); Callback::from(move |e: InputEvent| {
                                        let input: HtmlInputElement = e.target_unchecked_into();
                                        hours.set(input.value());
                                    })} />
                            </div>
                            { create_form_end(lang, "assignment", Layout::Grid, problem.as_ref(), *created, *busy) }
                        </form>
                    </section>
                }
            }
        </section>
    }
}
