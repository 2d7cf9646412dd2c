//! The list of students with filters by class, status and name, pages and the admission form.

use super::admit::AdmitForm;
use super::{class_options, led_classes, office, status_badge, student_name, PAGE_SIZE};
use crate::app::Route;
use crate::components::form::{input_setter, optional, SelectField};
use crate::components::pager::Pager;
use crate::i18n::{t, tf, Key};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{load_failed, loading, use_current_classes, use_load_keyed, use_title, Load};
use crate::services::access::may;
use crate::services::state::use_app;
use crate::services::week::full_date;
use journal_api_types::people::{StudentDetail, StudentFilter};
use journal_api_types::structure::Class;
use journal_domain::people::StudentStatus;
use journal_domain::Action;
use std::rc::Rc;
use uuid::Uuid;
use yew::prelude::*;
use yew_router::prelude::*;

#[component]
pub fn StudentsPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::StudentsTitle);
    let me = app.me();
    let can_view = me.as_ref().is_some_and(|me| may(me, Action::ViewPeople));
    let is_office = me.as_ref().is_some_and(|me| office(me));
    let classes = use_current_classes(can_view);
    // A class teacher who is not in the office sees their own class first.
    let led: Vec<Class> = match (me.as_ref(), classes.ready()) {
        (Some(me), Some(list)) => led_classes(me, list),
        _ => Vec::new(),
    };
    let filter = use_state(|| None::<StudentFilter>);
    let q_draft = use_state(String::new);
    let reload = use_state(|| 0_u32);
    let admitted = use_state(|| None::<Rc<StudentDetail>>);

    // The first filter waits for the classes, to start a class teacher on their class.
    {
        let filter = filter.clone();
        let first_class = (!is_office).then(|| led.first().map(|c| c.id)).flatten();
        let ready = classes.ready().is_some();
        use_effect_with((ready, first_class), move |(ready, first_class)| {
            if *ready && filter.is_none() {
                filter.set(Some(StudentFilter {
                    class_id: *first_class,
                    status: Some(StudentStatus::Active),
                    limit: Some(PAGE_SIZE),
                    ..StudentFilter::default()
                }));
            }
        });
    }
    let page = use_load_keyed((*filter).clone(), *reload, |c, filter| async move {
        match filter {
            Some(filter) => c.list_students(&filter).await.map(Some),
            None => Ok(None),
        }
    });

    if !can_view {
        return html! { <ForbiddenPage /> };
    }
    let class_list: Rc<Vec<Class>> = classes.ready().cloned().unwrap_or_default();
    let current = (*filter).clone().unwrap_or_default();
    let set_filter = {
        let filter = filter.clone();
        move |f: StudentFilter| filter.set(Some(f))
    };

    let on_class = {
        let (set_filter, current) = (set_filter.clone(), current.clone());
        Callback::from(move |v: String| {
            set_filter(StudentFilter {
                class_id: Uuid::parse_str(&v).ok(),
                offset: None,
                ..current.clone()
            })
        })
    };
    let on_status = {
        let (set_filter, current) = (set_filter.clone(), current.clone());
        Callback::from(move |v: String| {
            set_filter(StudentFilter {
                status: StudentStatus::parse(&v),
                offset: None,
                ..current.clone()
            })
        })
    };
    let on_search = {
        let (set_filter, current, q_draft) = (set_filter.clone(), current.clone(), q_draft.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            set_filter(StudentFilter {
                q: optional(&q_draft),
                offset: None,
                ..current.clone()
            })
        })
    };
    let on_q = input_setter(&q_draft);
    let on_page = {
        let (set_filter, current) = (set_filter.clone(), current.clone());
        Callback::from(move |offset: i64| {
            set_filter(StudentFilter {
                offset: Some(offset),
                ..current.clone()
            })
        })
    };
    let on_admitted = {
        let (admitted, reload) = (admitted.clone(), reload.clone());
        Callback::from(move |d: StudentDetail| {
            admitted.set(Some(Rc::new(d)));
            reload.set(reload.wrapping_add(1));
        })
    };

    let status_value = current.status.map(|s| s.as_str()).unwrap_or("");
    let filters = html! {
        <form class="filters" role="search" id="students-filters" onsubmit={on_search}>
            <SelectField id="students-class" label={t(lang, Key::ColClass)}
                value={current.class_id.map(|id| id.to_string()).unwrap_or_default()}
                placeholder={t(lang, Key::AllClasses)} options={class_options(&class_list)}
                onchange={on_class} />
            <SelectField id="students-status" label={t(lang, Key::ColStatus)} value={status_value}
                placeholder={t(lang, Key::StatusAny)}
                options={vec![
                    ("active".to_owned(), t(lang, Key::StatusOnRoll).to_owned()),
                    ("withdrawn".to_owned(), t(lang, Key::StatusWithdrawn).to_owned()),
                ]}
                onchange={on_status} />
            <div class="field grow">
                <label for="students-q">{ t(lang, Key::Search) }</label>
                <input id="students-q" type="search" value={(*q_draft).clone()} oninput={on_q}
                    placeholder={t(lang, Key::StudentSearchPlaceholder)} autocomplete="off" />
            </div>
            <div class="field actions">
                <button type="submit" id="students-search" class="button secondary">{ t(lang, Key::SearchSubmit) }</button>
            </div>
        </form>
    };

    let table = match &*page {
        Load::Loading | Load::Ready(None) => loading(lang),
        Load::Failed(e) => load_failed(lang, e, {
            let reload = reload.clone();
            Callback::from(move |_| reload.set(reload.wrapping_add(1)))
        }),
        Load::Ready(Some(page)) => html! {
            <>
                <div class="table-wrap">
                    <table id="students-table" class="table">
                        <caption class="visually-hidden">{ t(lang, Key::StudentsTitle) }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ t(lang, Key::ColFullName) }</th>
                                <th scope="col">{ t(lang, Key::ColBirthDate) }</th>
                                <th scope="col">{ t(lang, Key::ColClass) }</th>
                                <th scope="col">{ t(lang, Key::ColStatus) }</th>
                            </tr>
                        </thead>
                        <tbody>
                            if page.items.is_empty() {
                                <tr><td colspan="4" class="empty">{ t(lang, Key::NoStudents) }</td></tr>
                            }
                            { for page.items.iter().map(|s| html! {
                                <tr id={format!("student-{}", s.id)} class="student-row">
                                    <td data-label={t(lang, Key::ColFullName)}>
                                        <Link<Route> to={Route::Student { id: s.id }} classes="student-link">
                                            { student_name(s) }
                                        </Link<Route>>
                                    </td>
                                    <td data-label={t(lang, Key::ColBirthDate)}>{ full_date(lang, s.birth_date) }</td>
                                    <td data-label={t(lang, Key::ColClass)}>
                                        { s.class_name.clone().unwrap_or_else(|| t(lang, Key::Dash).to_owned()) }
                                    </td>
                                    <td data-label={t(lang, Key::ColStatus)}>{ status_badge(lang, s.status) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
                <Pager offset={page.offset} limit={page.limit} total={page.total} {on_page} />
            </>
        },
    };

    html! {
        <section class="page" id="students">
            <h1>{ t(lang, Key::StudentsTitle) }</h1>
            <p class="muted">{ t(lang, if is_office { Key::StudentsIntro } else { Key::StudentsIntroClassTeacher }) }</p>
            if let Some(d) = &*admitted {
                <p class="success" role="status" id="students-message">
                    { tf(lang, Key::StudentAdmitted, &[
                        ("name", &student_name(&d.student)),
                        ("class", d.student.class_name.as_deref().unwrap_or("")),
                    ]) }
                    { " " }
                    <Link<Route> to={Route::Student { id: d.student.id }}>{ t(lang, Key::OpenCard) }</Link<Route>>
                </p>
            }
            if is_office {
                <AdmitForm classes={class_list.clone()} {on_admitted} />
            }
            { filters }
            if let Some(class_id) = current.class_id.filter(|id| is_office || led.iter().any(|c| c.id == *id)) {
                <p class="actions">
                    <Link<Route> to={Route::ClassAccess { class_id }} classes="button secondary students-class-access">
                        { t(lang, Key::CaOpen) }
                    </Link<Route>>
                </p>
            }
            { table }
        </section>
    }
}
