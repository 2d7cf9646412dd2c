//! Choosing a page: my assignments, the classes I lead, any class for the leadership.

use super::period_close::PeriodClose;
use super::{default_period, leads};
use crate::app::Route;
use crate::i18n::{t, tf, Key};
use crate::pages::{load_failed, loading, use_load, use_load_keyed, use_title, Load};
use crate::services::access::may;
use crate::services::api::describe;
use crate::services::state::use_app;
use crate::services::week::{current_year, today};
use journal_api_types::structure::{Assignment, AssignmentFilter, ClassFilter, PeriodInput};
use journal_api_types::Role;
use journal_domain::Action;
use std::collections::HashMap;
use std::rc::Rc;
use uuid::Uuid;
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::*;

struct Choice {
    periods: Rc<Vec<PeriodInput>>,
    grades: HashMap<Uuid, u8>,
    classes: Rc<Vec<journal_api_types::structure::Class>>,
    mine: Vec<Assignment>,
    led: Vec<Assignment>,
}

#[component]
pub fn JournalPickPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::JrTitle);
    let me = app.me();
    let retry = use_state(|| 0_u32);
    let key = me.as_ref().map(|m| (m.user_id, m.roles.clone()));
    let data = use_load_keyed(key, *retry, |c, key| async move {
        let Some((user, roles)) = key else {
            return Ok(None);
        };
        let years = c.list_years().await?;
        let Some(year_id) = current_year(&years, today()) else {
            return Ok(None);
        };
        let year = c.year(year_id).await?;
        let mut classes = c
            .list_classes(&ClassFilter {
                year_id: Some(year_id),
            })
            .await?;
        classes.sort_by(|a, b| (a.grade, &a.letter).cmp(&(b.grade, &b.letter)));
        let mine = if roles.contains(&Role::Teacher) {
            c.list_assignments(&AssignmentFilter {
                teacher_id: Some(user),
                class_id: None,
            })
            .await?
        } else {
            Vec::new()
        };
        let mut led_assignments = Vec::new();
        for class in classes.iter().filter(|k| k.class_teacher_id == Some(user)) {
            led_assignments.extend(
                c.list_assignments(&AssignmentFilter {
                    class_id: Some(class.id),
                    teacher_id: None,
                })
                .await?,
            );
        }
        Ok(Some(Rc::new(Choice {
            periods: Rc::new(year.periods),
            grades: classes.iter().map(|k| (k.id, k.grade)).collect(),
            classes: Rc::new(classes),
            mine,
            led: led_assignments,
        })))
    });
    let chosen_class = use_state(|| None::<Uuid>);
    let class_assignments = use_load(*chosen_class, |c, class| async move {
        match class {
            Some(id) => Ok(c
                .list_assignments(&AssignmentFilter {
                    class_id: Some(id),
                    teacher_id: None,
                })
                .await?),
            None => Ok(Vec::new()),
        }
    });
    let Some(me) = me else {
        return Html::default();
    };
    let body = match &*data {
        Load::Loading => loading(lang),
        Load::Failed(e) => load_failed(lang, e, {
            let retry = retry.clone();
            Callback::from(move |_| retry.set(*retry + 1))
        }),
        Load::Ready(None) => {
            html! { <p class="muted" id="journal-no-year">{ t(lang, Key::JrNoYear) }</p> }
        }
        Load::Ready(Some(choice)) => {
            let list = |id: &'static str, items: &[Assignment], readonly: bool| {
                if items.is_empty() {
                    return html! { <p class="muted" id={id}>{ t(lang, Key::JrNothing) }</p> };
                }
                let mut items = items.to_vec();
                items.sort_by_cached_key(|a| {
                    (
                        choice.grades.get(&a.class_id).copied().unwrap_or(0),
                        a.class_name.clone(),
                        journal_domain::collate::ru_key(&a.subject_name),
                    )
                });
                html! {
                    <ul class="journal-choices" id={id}>
                        { for items.iter().map(|a| {
                            let grade = choice.grades.get(&a.class_id).copied().unwrap_or(0);
                            let period = default_period(&choice.periods, grade, today());
                            let label = match &a.group_name {
                                Some(g) => format!("{} — {} ({g})", a.class_name, a.subject_name),
                                None => format!("{} — {}", a.class_name, a.subject_name),
                            };
                            html! {
                                <li>
                                    if let Some(period_id) = period {
                                        <Link<Route> to={Route::JournalGrid { assignment_id: a.id, period_id }}
                                            classes="journal-open">
                                            <span data-assignment-id={a.id.to_string()}>{ label }</span>
                                        </Link<Route>>
                                    } else {
                                        <span>{ label }</span>
                                    }
                                    { " " }
                                    <span class="muted">{ a.teacher_name.clone() }</span>
                                    if readonly {
                                        { " " }<span class="badge">{ t(lang, Key::JrReadOnly) }</span>
                                    }
                                </li>
                            }
                        }) }
                    </ul>
                }
            };
            let on_class = {
                let chosen_class = chosen_class.clone();
                Callback::from(move |e: Event| {
                    let select: HtmlSelectElement = e.target_unchecked_into();
                    chosen_class.set(Uuid::parse_str(&select.value()).ok());
                })
            };
            let led_readonly: Vec<Assignment> = choice
                .led
                .iter()
                .filter(|a| a.teacher_id != me.user_id)
                .cloned()
                .collect();
            html! {
                <>
                    if me.roles.contains(&Role::Teacher) {
                        <section class="card">
                            <h2>{ t(lang, Key::JrMine) }</h2>
                            { list("journal-mine", &choice.mine, false) }
                        </section>
                    }
                    if !led_readonly.is_empty() && !leads(&me) {
                        <section class="card">
                            <h2>{ tf(lang, Key::JrMyClass, &[("class", &me.led_classes.join(", "))]) }</h2>
                            { list("journal-led", &led_readonly, true) }
                        </section>
                    }
                    if leads(&me) {
                        <section class="card">
                            <h2>{ t(lang, Key::JrAnyClass) }</h2>
                            <div class="field">
                                <label for="journal-class">{ t(lang, Key::JrClass) }</label>
                                <select id="journal-class" onchange={on_class}>
                                    <option value="" selected={chosen_class.is_none()}>{ t(lang, Key::JrChooseClass) }</option>
                                    { for choice.classes.iter().map(|k| html! {
                                        <option value={k.id.to_string()} selected={*chosen_class == Some(k.id)}>{ k.name.clone() }</option>
                                    }) }
                                </select>
                            </div>
                            if chosen_class.is_some() {
                                { match &*class_assignments {
                                    Load::Ready(items) => list("journal-class-list", items, false),
                                    Load::Loading => loading(lang),
                                    Load::Failed(e) => html! { <p class="form-error" role="alert">{ describe(lang, e) }</p> },
                                } }
                            }
                        </section>
                    }
                    if may(&me, Action::LockPeriods) {
                        <PeriodClose periods={choice.periods.clone()} classes={choice.classes.clone()} />
                    }
                </>
            }
        }
    };
    html! {
        <section class="page" id="journal-pick">
            <h1>{ t(lang, Key::JrTitle) }</h1>
            { body }
        </section>
    }
}
