//! «Ученики» (R-B5): the students of the school with filters and pages, the admission of a new
//! student, and a student's card — contacts, guardians and their links, the movement history,
//! transfer and withdrawal, each guardian's personal-data consents (R-D5) and the diary accounts
//! of guardians and of students from 14 (R-A3, R-S1). Staff read it (R-A5, R-A6, R-A8); the office
//! (secretary, admin, deputy, director) admits, transfers and withdraws; the office and the class
//! teacher of the student's class keep personal data, guardians, consents and diary access. The
//! server checks every rule again (R-A11).

use crate::app::Route;
use crate::components::field::TextField;
use crate::components::focus::use_focus_on;
use crate::components::form::{
    accepted, input_setter, optional, send, send_then, text_setter, SelectField, SubmitButton,
};
use crate::components::pager::Pager;
use crate::components::problem::{checked, field_message, required, FormMessage, FormProblem};
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{load_failed, loading, use_current_classes, use_load_keyed, use_title, Load};
use crate::services::access::{full_name, may};
use crate::services::browser;
use crate::services::people;
use crate::services::state::use_app;
use crate::services::time::local_time;
use crate::services::week::{full_date, iso, parse_iso, today};
use journal_api_types::auth::Me;
use journal_api_types::diary::{ConsentView, DiaryAccount};
use journal_api_types::people::{
    AdmitStudentRequest, GuardianFilter, GuardianRequest, GuardianView, LinkGuardianRequest,
    LinkedGuardian, MovementView, StudentDetail, StudentFilter, StudentSummary, TransferRequest,
    UpdateStudentRequest, WithdrawRequest,
};
use journal_api_types::structure::Class;
use journal_api_types::{FieldError, Role};
use journal_client::Client;
use journal_domain::people::{MovementKind, Relation, StudentStatus};
use journal_domain::Action;
use std::rc::Rc;
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

const PAGE_SIZE: i64 = 25;

/// Does the person act for the whole school (not only as a class teacher)?
fn office(me: &Me) -> bool {
    may(me, Action::MoveStudents)
}

/// The classes the person leads in the current year.
fn led_classes(me: &Me, classes: &[Class]) -> Vec<Class> {
    classes
        .iter()
        .filter(|c| c.class_teacher_id == Some(me.user_id))
        .cloned()
        .collect()
}

pub fn relation_name(lang: Lang, relation: Relation) -> &'static str {
    t(
        lang,
        match relation {
            Relation::Mother => Key::RelMother,
            Relation::Father => Key::RelFather,
            Relation::Guardian => Key::RelGuardian,
        },
    )
}

fn relation_options(lang: Lang) -> Vec<(String, String)> {
    [Relation::Mother, Relation::Father, Relation::Guardian]
        .iter()
        .map(|r| (r.as_str().to_owned(), relation_name(lang, *r).to_owned()))
        .collect()
}

fn class_options(classes: &[Class]) -> Vec<(String, String)> {
    classes
        .iter()
        .map(|c| (c.id.to_string(), c.name.clone()))
        .collect()
}

fn status_badge(lang: Lang, status: StudentStatus) -> Html {
    match status {
        StudentStatus::Active => {
            html! { <span class="badge ok">{ t(lang, Key::BadgeOnRoll) }</span> }
        }
        StudentStatus::Withdrawn => {
            html! { <span class="badge warn">{ t(lang, Key::BadgeWithdrawn) }</span> }
        }
    }
}

fn student_name(s: &StudentSummary) -> String {
    full_name(&s.last_name, &s.first_name, s.middle_name.as_deref())
}

fn guardian_name(g: &GuardianView) -> String {
    full_name(&g.last_name, &g.first_name, g.middle_name.as_deref())
}

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
            { table }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AdmitProps {
    classes: Rc<Vec<Class>>,
    on_admitted: Callback<StudentDetail>,
}

/// Зачисление: a new student admitted into a class on a date (R-B5, R-A8).
#[component]
fn AdmitForm(props: &AdmitProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let last = use_state(String::new);
    let first = use_state(String::new);
    let middle = use_state(String::new);
    let birth = use_state(String::new);
    let class = use_state(String::new);
    let on_date = use_state(|| iso(today()));
    let order = use_state(String::new);
    let phone = use_state(String::new);
    let email = use_state(String::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<FormProblem>);
    let open = use_state(|| false);

    let onsubmit = {
        let api = app.api.clone();
        let on_admitted = props.on_admitted.clone();
        let s = (
            last.clone(),
            first.clone(),
            middle.clone(),
            birth.clone(),
            class.clone(),
            on_date.clone(),
            order.clone(),
            phone.clone(),
            email.clone(),
        );
        let (busy, problem) = (busy.clone(), problem.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let (last, first, middle, birth, class, on_date, order, phone, email) = s.clone();
            let mut missing: Vec<FieldError> = Vec::new();
            let birth_date = parse_iso(&birth);
            let class_id = Uuid::parse_str(&class).ok();
            let admitted_on = parse_iso(&on_date);
            if birth_date.is_none() {
                missing.push(required("birth_date"));
            }
            if class_id.is_none() {
                missing.push(required("class_id"));
            }
            if admitted_on.is_none() {
                missing.push(required("on_date"));
            }
            let request = AdmitStudentRequest {
                last_name: last.trim().to_owned(),
                first_name: first.trim().to_owned(),
                middle_name: optional(&middle),
                birth_date: birth_date.unwrap_or_default(),
                class_id: class_id.unwrap_or_default(),
                on_date: admitted_on.unwrap_or_default(),
                order_ref: optional(&order),
                phone: optional(&phone),
                email: optional(&email),
            };
            let names = [("last_name", last.as_str()), ("first_name", first.as_str())];
            let Some(request) = accepted(&problem, checked(request, missing, &names)) else {
                return;
            };
            let on_admitted = on_admitted.clone();
            send(
                &api,
                &busy,
                &problem,
                request,
                move |c, request| async move { c.admit_student(&request).await },
                move |detail| {
                    for s in [&last, &first, &middle, &birth, &order, &phone, &email] {
                        s.set(String::new());
                    }
                    on_admitted.emit(detail);
                },
            );
        })
    };
    let err = |field: &str| field_message(lang, problem.as_ref(), field);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    html! {
        <section class="card" aria-labelledby="admit-title" id="admit">
            <div class="panel-head">
                <h2 id="admit-title">{ t(lang, Key::AdmitTitle) }</h2>
                <button type="button" id="admit-toggle" class="button secondary" onclick={toggle}
                    aria-expanded={open.to_string()} aria-controls="admit-form">
                    { t(lang, if *open { Key::Close } else { Key::AdmitOpen }) }
                </button>
            </div>
            if *open {
                <form id="admit-form" class="form grid" {onsubmit} novalidate=true>
                    <TextField id="admit-last-name" label={t(lang, Key::LastName)} value={(*last).clone()}
                        oninput={text_setter(&last)} required=true autocomplete="off" error={err("last_name")} autofocus=true />
                    <TextField id="admit-first-name" label={t(lang, Key::FirstName)} value={(*first).clone()}
                        oninput={text_setter(&first)} required=true autocomplete="off" error={err("first_name")} />
                    <TextField id="admit-middle-name" label={t(lang, Key::MiddleName)} value={(*middle).clone()}
                        note={t(lang, Key::Optional)} oninput={text_setter(&middle)} autocomplete="off" error={err("middle_name")} />
                    <TextField id="admit-birth-date" kind="date" label={t(lang, Key::ColBirthDate)} value={(*birth).clone()}
                        oninput={text_setter(&birth)} required=true error={err("birth_date")} />
                    <div class={classes!("field-wrap", err("class_id").is_some().then_some("has-error"))}>
                        <SelectField id="admit-class" label={t(lang, Key::ColClass)} value={(*class).clone()}
                            placeholder={t(lang, Key::ChooseOption)} options={class_options(&props.classes)}
                            onchange={text_setter(&class)} required=true />
                        if let Some(e) = err("class_id") {
                            <p class="field-error" id="admit-class-error">{ e }</p>
                        }
                    </div>
                    <TextField id="admit-date" kind="date" label={t(lang, Key::AdmissionDate)} value={(*on_date).clone()}
                        oninput={text_setter(&on_date)} required=true error={err("on_date")} />
                    <TextField id="admit-order" label={t(lang, Key::OrderRef)} value={(*order).clone()}
                        note={t(lang, Key::Optional)} oninput={text_setter(&order)} autocomplete="off" error={err("order_ref")} />
                    <TextField id="admit-phone" kind="tel" label={t(lang, Key::Phone)} value={(*phone).clone()}
                        note={t(lang, Key::Optional)} oninput={text_setter(&phone)} autocomplete="off" error={err("phone")} />
                    <TextField id="admit-email" kind="email" label={t(lang, Key::Email)} value={(*email).clone()}
                        note={t(lang, Key::Optional)} oninput={text_setter(&email)} autocomplete="off" error={err("email")} />
                    <div class="span-all">
                        <FormMessage id="admit-error" problem={(*problem).clone()} />
                    </div>
                    <div class="form-actions span-all">
                        <SubmitButton id="admit-submit" busy={*busy} label={Key::AdmitSubmit} />
                    </div>
                </form>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct StudentProps {
    pub id: Uuid,
}

/// A message about the last change on the card, kept untranslated for the language switch.
#[derive(Clone, Copy, PartialEq)]
enum Done {
    Saved,
    Transferred,
    Withdrawn,
    GuardianLinked,
    GuardianSaved,
    GuardianUnlinked,
}

impl Done {
    fn key(self) -> Key {
        match self {
            Done::Saved => Key::StudentSaved,
            Done::Transferred => Key::StudentTransferred,
            Done::Withdrawn => Key::StudentWithdrawnDone,
            Done::GuardianLinked => Key::GuardianLinked,
            Done::GuardianSaved => Key::GuardianSaved,
            Done::GuardianUnlinked => Key::GuardianUnlinked,
        }
    }
}

/// The student's card.
#[component]
pub fn StudentPage(props: &StudentProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::StudentCardTitle);
    let me = app.me();
    let can_view = me.as_ref().is_some_and(|me| may(me, Action::ViewPeople));
    let reload = use_state(|| 0_u32);
    let done = use_state(|| None::<Done>);
    let unlink_problem = use_state(|| None::<FormProblem>);
    let detail = use_load_keyed(
        props.id,
        *reload,
        |c, id| async move { c.student(id).await },
    );
    let classes = use_current_classes(can_view);

    let Some(me) = me.filter(|_| can_view) else {
        return html! { <ForbiddenPage /> };
    };
    let changed = {
        let (reload, done, unlink_problem) = (reload.clone(), done.clone(), unlink_problem.clone());
        Callback::from(move |what: Done| {
            unlink_problem.set(None);
            done.set(Some(what));
            reload.set(reload.wrapping_add(1));
        })
    };
    let back = html! {
        <Link<Route> to={Route::Students} classes="back-link">{ t(lang, Key::BackToStudents) }</Link<Route>>
    };
    let d = match &*detail {
        Load::Loading => {
            return html! { <section class="page" id="student">{ back }{ loading(lang) }</section> }
        }
        Load::Failed(e) => {
            return html! {
                <section class="page" id="student">
                    { back }
                    { load_failed(lang, e, {
                        let reload = reload.clone();
                        Callback::from(move |_| reload.set(reload.wrapping_add(1)))
                    }) }
                </section>
            }
        }
        Load::Ready(d) => Rc::new(d.clone()),
    };
    let s = &d.student;
    let name = student_name(s);
    let active = s.status == StudentStatus::Active;
    let is_office = office(&me);
    let class_list: Rc<Vec<Class>> = classes.ready().cloned().unwrap_or_default();
    // A class teacher keeps the data of their own class's students (R-A5); the server decides.
    let leads_class = me.roles.contains(&Role::ClassTeacher)
        && s.class_id.is_some_and(|id| {
            class_list
                .iter()
                .any(|c| c.id == id && c.class_teacher_id == Some(me.user_id))
        });
    let can_edit = may(&me, Action::EditPeople) && (is_office || leads_class);

    let on_unlink = {
        let (api, changed, unlink_problem) =
            (app.api.clone(), changed.clone(), unlink_problem.clone());
        let student_id = s.id;
        Callback::from(move |(guardian_id, name): (Uuid, String)| {
            if !browser::confirm(&tf(lang, Key::ConfirmUnlink, &[("name", &name)])) {
                return;
            }
            let (api, changed, unlink_problem) =
                (api.clone(), changed.clone(), unlink_problem.clone());
            spawn_local(async move {
                match api
                    .call(|c| async move { c.unlink_guardian(student_id, guardian_id).await })
                    .await
                {
                    Ok(()) => changed.emit(Done::GuardianUnlinked),
                    Err(e) => unlink_problem.set(Some(FormProblem::api(e))),
                }
            });
        })
    };

    html! {
        <section class="page" id="student" data-student={s.id.to_string()}>
            { back }
            <h1 id="student-name">{ name.clone() }</h1>
            <p class="lead">
                <span id="student-class">
                    { s.class_name.as_ref().map(|c| tf(lang, Key::StudentOfClass, &[("class", c)]))
                        .unwrap_or_else(|| t(lang, Key::NoClass).to_owned()) }
                </span>
                { " " }
                <span id="student-status">{ status_badge(lang, s.status) }</span>
            </p>
            if let Some(what) = *done {
                <p class="success" role="status" id="student-message">{ t(lang, what.key()) }</p>
            }
            <section class="card" aria-labelledby="student-data-title">
                <h2 id="student-data-title">{ t(lang, Key::StudentData) }</h2>
                <dl class="details" id="student-details">
                    <dt>{ t(lang, Key::ColBirthDate) }</dt>
                    <dd>{ full_date(lang, s.birth_date) }</dd>
                    <dt>{ t(lang, Key::Phone) }</dt>
                    <dd>{ d.phone.clone().unwrap_or_else(|| t(lang, Key::Dash).to_owned()) }</dd>
                    <dt>{ t(lang, Key::Email) }</dt>
                    <dd>{ d.email.clone().unwrap_or_else(|| t(lang, Key::Dash).to_owned()) }</dd>
                </dl>
                if can_edit {
                    <EditStudentForm detail={d.clone()} on_saved={changed.clone()} />
                }
            </section>

            <section class="card" aria-labelledby="guardians-title">
                <h2 id="guardians-title">{ t(lang, Key::GuardiansTitle) }</h2>
                if let Some(p) = &*unlink_problem {
                    { p.view(lang, "unlink-error") }
                }
                <GuardianList student_id={s.id} guardians={d.guardians.clone()} {can_edit}
                    on_changed={changed.clone()} {on_unlink} />
                if can_edit {
                    <AddGuardian student_id={s.id} on_linked={changed.clone()} />
                }
            </section>

            if can_edit && active {
                <section class="card" aria-labelledby="student-access-title">
                    <h2 id="student-access-title">{ t(lang, Key::StudentAccessTitle) }</h2>
                    if people::old_enough_for_account(s.birth_date, today()) {
                        <DiaryAccess target={AccountFor::Student(s.id)} name={name.clone()} />
                    } else {
                        <p class="muted" id="access-student-too-young">{ t(lang, Key::ErrTooYoung) }</p>
                    }
                </section>
            }

            <section class="card" aria-labelledby="movements-title">
                <h2 id="movements-title">{ t(lang, Key::MovementsTitle) }</h2>
                { movements_table(lang, &d.movements) }
                if is_office && active {
                    <div class="stack">
                        <TransferForm student_id={s.id} current={s.class_id} classes={class_list}
                            on_done={changed.clone()} />
                        <WithdrawForm student_id={s.id} name={name.clone()} on_done={changed.clone()} />
                    </div>
                }
            </section>
        </section>
    }
}

fn movement_name(lang: Lang, kind: MovementKind) -> &'static str {
    t(
        lang,
        match kind {
            MovementKind::Admission => Key::MoveAdmission,
            MovementKind::Transfer => Key::MoveTransfer,
            MovementKind::Withdrawal => Key::MoveWithdrawal,
        },
    )
}

fn movements_table(lang: Lang, movements: &[MovementView]) -> Html {
    let dash = || t(lang, Key::Dash).to_owned();
    html! {
        <div class="table-wrap">
            <table id="movements-table" class="table">
                <caption class="visually-hidden">{ t(lang, Key::MovementsTitle) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::ColDate) }</th>
                        <th scope="col">{ t(lang, Key::ColEvent) }</th>
                        <th scope="col">{ t(lang, Key::ColFromClass) }</th>
                        <th scope="col">{ t(lang, Key::ColToClass) }</th>
                        <th scope="col">{ t(lang, Key::ColMoveReason) }</th>
                        <th scope="col">{ t(lang, Key::OrderRef) }</th>
                    </tr>
                </thead>
                <tbody>
                    if movements.is_empty() {
                        <tr><td colspan="6" class="empty">{ t(lang, Key::NoMovements) }</td></tr>
                    }
                    { for movements.iter().map(|m| html! {
                        <tr class="movement" data-kind={m.kind.as_str()}>
                            <td data-label={t(lang, Key::ColDate)}>{ full_date(lang, m.on_date) }</td>
                            <td data-label={t(lang, Key::ColEvent)}>{ movement_name(lang, m.kind) }</td>
                            <td data-label={t(lang, Key::ColFromClass)}>{ m.from_class_name.clone().unwrap_or_else(dash) }</td>
                            <td data-label={t(lang, Key::ColToClass)}>{ m.to_class_name.clone().unwrap_or_else(dash) }</td>
                            <td data-label={t(lang, Key::ColMoveReason)}>{ m.reason.clone().unwrap_or_else(dash) }</td>
                            <td data-label={t(lang, Key::OrderRef)}>{ m.order_ref.clone().unwrap_or_else(dash) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// The fields of a person's name and contacts, shared by the student and guardian forms.
#[derive(Clone, PartialEq)]
struct PersonFields {
    last: UseStateHandle<String>,
    first: UseStateHandle<String>,
    middle: UseStateHandle<String>,
    phone: UseStateHandle<String>,
    email: UseStateHandle<String>,
}

impl PersonFields {
    fn view(&self, lang: Lang, prefix: &str, problem: Option<&FormProblem>) -> Html {
        let err = |field: &str| field_message(lang, problem, field);
        html! {
            <>
                <TextField id={format!("{prefix}-last-name")} label={t(lang, Key::LastName)} value={(*self.last).clone()}
                    oninput={text_setter(&self.last)} required=true autocomplete="off" error={err("last_name")} />
                <TextField id={format!("{prefix}-first-name")} label={t(lang, Key::FirstName)} value={(*self.first).clone()}
                    oninput={text_setter(&self.first)} required=true autocomplete="off" error={err("first_name")} />
                <TextField id={format!("{prefix}-middle-name")} label={t(lang, Key::MiddleName)} value={(*self.middle).clone()}
                    note={t(lang, Key::Optional)} oninput={text_setter(&self.middle)} autocomplete="off" error={err("middle_name")} />
                <TextField id={format!("{prefix}-phone")} kind="tel" label={t(lang, Key::Phone)} value={(*self.phone).clone()}
                    note={t(lang, Key::Optional)} oninput={text_setter(&self.phone)} autocomplete="off" error={err("phone")} />
                <TextField id={format!("{prefix}-email")} kind="email" label={t(lang, Key::Email)} value={(*self.email).clone()}
                    note={t(lang, Key::Optional)} oninput={text_setter(&self.email)} autocomplete="off" error={err("email")} />
            </>
        }
    }

    /// The names, reported as required when blank (see [`checked`]).
    fn names(&self) -> [(&'static str, &str); 2] {
        [("last_name", &self.last), ("first_name", &self.first)]
    }

    fn guardian_request(&self) -> GuardianRequest {
        GuardianRequest {
            last_name: self.last.trim().to_owned(),
            first_name: self.first.trim().to_owned(),
            middle_name: optional(&self.middle),
            phone: optional(&self.phone),
            email: optional(&self.email),
        }
    }
}

#[hook]
fn use_person_fields(
    last: &str,
    first: &str,
    middle: Option<&str>,
    phone: Option<&str>,
    email: Option<&str>,
) -> PersonFields {
    let (last, first) = (last.to_owned(), first.to_owned());
    let middle = middle.unwrap_or_default().to_owned();
    let phone = phone.unwrap_or_default().to_owned();
    let email = email.unwrap_or_default().to_owned();
    PersonFields {
        last: use_state(move || last),
        first: use_state(move || first),
        middle: use_state(move || middle),
        phone: use_state(move || phone),
        email: use_state(move || email),
    }
}

#[derive(Properties, PartialEq)]
struct EditStudentProps {
    detail: Rc<StudentDetail>,
    on_saved: Callback<Done>,
}

/// Corrects the student's names, birth date and contacts.
#[component]
fn EditStudentForm(props: &EditStudentProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let d = &props.detail;
    let s = &d.student;
    let fields = use_person_fields(
        &s.last_name,
        &s.first_name,
        s.middle_name.as_deref(),
        d.phone.as_deref(),
        d.email.as_deref(),
    );
    let birth = {
        let b = iso(s.birth_date);
        use_state(move || b)
    };
    let open = use_state(|| false);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<FormProblem>);
    let onsubmit = {
        let (api, fields, birth, busy, problem, open) = (
            app.api.clone(),
            fields.clone(),
            birth.clone(),
            busy.clone(),
            problem.clone(),
            open.clone(),
        );
        let (id, on_saved) = (s.id, props.on_saved.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let mut errors = Vec::new();
            let birth_date = parse_iso(&birth);
            if birth_date.is_none() {
                errors.push(required("birth_date"));
            }
            let g = fields.guardian_request();
            let request = UpdateStudentRequest {
                last_name: g.last_name,
                first_name: g.first_name,
                middle_name: g.middle_name,
                birth_date: birth_date.unwrap_or_default(),
                phone: g.phone,
                email: g.email,
            };
            let Some(request) = accepted(&problem, checked(request, errors, &fields.names()))
            else {
                return;
            };
            let (open, on_saved) = (open.clone(), on_saved.clone());
            send(
                &api,
                &busy,
                &problem,
                request,
                move |c, r| async move { c.update_student(id, &r).await },
                move |_| {
                    open.set(false);
                    on_saved.emit(Done::Saved);
                },
            );
        })
    };
    if !*open {
        let onclick = opener(&open);
        return html! {
            <button type="button" id="student-edit" class="button secondary" {onclick}>
                { t(lang, Key::EditStudent) }
            </button>
        };
    }
    let cancel = closer(&open, &problem);
    html! {
        <form id="student-edit-form" class="form grid" {onsubmit} novalidate=true>
            { fields.view(lang, "student-edit", problem.as_ref()) }
            <TextField id="student-edit-birth-date" kind="date" label={t(lang, Key::ColBirthDate)} value={(*birth).clone()}
                oninput={text_setter(&birth)} required=true error={field_message(lang, problem.as_ref(), "birth_date")} />
            <FormEnd error_id="student-edit-error" problem={(*problem).clone()} busy={*busy} label={Key::Save}
                submit_id="student-edit-submit" on_cancel={cancel} />
        </form>
    }
}

/// Opens a form shown on demand.
fn opener(open: &UseStateHandle<bool>) -> Callback<MouseEvent> {
    let open = open.clone();
    Callback::from(move |_: MouseEvent| open.set(true))
}

/// Closes a form shown on demand, forgetting what it last said was wrong.
fn closer(
    open: &UseStateHandle<bool>,
    problem: &UseStateHandle<Option<FormProblem>>,
) -> Callback<MouseEvent> {
    let (open, problem) = (open.clone(), problem.clone());
    Callback::from(move |_: MouseEvent| {
        problem.set(None);
        open.set(false);
    })
}

#[derive(Properties, PartialEq)]
struct FormEndProps {
    /// The id of what is wrong with the form.
    error_id: AttrValue,
    problem: Option<FormProblem>,
    busy: bool,
    /// What the submit button says.
    label: Key,
    #[prop_or_default]
    submit_id: Option<AttrValue>,
    #[prop_or(AttrValue::Static("button primary"))]
    submit_class: AttrValue,
    /// Closes the form; no «Отмена» without it.
    #[prop_or_default]
    on_cancel: Option<Callback<MouseEvent>>,
}

/// The end of a card's form, across the whole grid: what is wrong, the submit button, and
/// «Отмена» when the form can be closed.
#[component]
fn FormEnd(props: &FormEndProps) -> Html {
    let lang = use_app().lang();
    html! {
        <>
            <div class="span-all"><FormMessage id={props.error_id.clone()} problem={props.problem.clone()} /></div>
            <div class="form-actions span-all">
                <SubmitButton id={props.submit_id.clone()} class={props.submit_class.clone()} busy={props.busy}
                    label={props.label} />
                if let Some(cancel) = &props.on_cancel {
                    <button type="button" class="button ghost" onclick={cancel.clone()}>{ t(lang, Key::Cancel) }</button>
                }
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct GuardianListProps {
    student_id: Uuid,
    guardians: Vec<LinkedGuardian>,
    can_edit: bool,
    on_changed: Callback<Done>,
    on_unlink: Callback<(Uuid, String)>,
}

#[component]
fn GuardianList(props: &GuardianListProps) -> Html {
    let lang = use_app().lang();
    let editing = use_state(|| None::<Uuid>);
    if props.guardians.is_empty() {
        return html! { <p class="muted" id="guardians-empty">{ t(lang, Key::NoGuardians) }</p> };
    }
    let dash = || t(lang, Key::Dash).to_owned();
    html! {
        <ul class="guardian-list stack" id="guardians">
            { for props.guardians.iter().map(|lg| {
                let g = &lg.guardian;
                let name = guardian_name(g);
                let is_editing = *editing == Some(g.id);
                let edit = {
                    let (editing, id) = (editing.clone(), g.id);
                    Callback::from(move |_: MouseEvent| editing.set(Some(id)))
                };
                let unlink = {
                    let (cb, id, name) = (props.on_unlink.clone(), g.id, name.clone());
                    Callback::from(move |_: MouseEvent| cb.emit((id, name.clone())))
                };
                let on_saved = {
                    let (editing, cb) = (editing.clone(), props.on_changed.clone());
                    Callback::from(move |d: Done| {
                        editing.set(None);
                        cb.emit(d);
                    })
                };
                let on_cancel = {
                    let editing = editing.clone();
                    Callback::from(move |_| editing.set(None))
                };
                html! {
                    <li class="guardian" id={format!("guardian-{}", g.id)}>
                        <p>
                            <strong class="guardian-name">{ name.clone() }</strong>
                            { " — " }
                            <span class="guardian-relation">{ relation_name(lang, lg.relation) }</span>
                        </p>
                        <p class="muted">
                            { format!("{}: {}", t(lang, Key::Phone), g.phone.clone().unwrap_or_else(dash)) }
                            { " · " }
                            { format!("{}: {}", t(lang, Key::Email), g.email.clone().unwrap_or_else(dash)) }
                        </p>
                        if props.can_edit && !is_editing {
                            <div class="actions">
                                <button type="button" class="button small secondary guardian-edit" onclick={edit}
                                    aria-label={format!("{}: {name}", t(lang, Key::EditGuardian))}>
                                    { t(lang, Key::EditGuardian) }
                                </button>
                                <button type="button" class="button small danger-outline guardian-unlink" onclick={unlink}
                                    aria-label={format!("{}: {name}", t(lang, Key::Unlink))}>
                                    { t(lang, Key::Unlink) }
                                </button>
                            </div>
                        }
                        if is_editing {
                            <EditGuardianForm guardian={g.clone()} {on_saved} {on_cancel} />
                        }
                        if props.can_edit {
                            <GuardianDiary guardian_id={g.id} name={name.clone()} />
                        }
                    </li>
                }
            }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
struct EditGuardianProps {
    guardian: GuardianView,
    on_saved: Callback<Done>,
    on_cancel: Callback<()>,
}

#[component]
fn EditGuardianForm(props: &EditGuardianProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let g = &props.guardian;
    let fields = use_person_fields(
        &g.last_name,
        &g.first_name,
        g.middle_name.as_deref(),
        g.phone.as_deref(),
        g.email.as_deref(),
    );
    let busy = use_state(|| false);
    let problem = use_state(|| None::<FormProblem>);
    let prefix = format!("guardian-edit-{}", g.id);
    let onsubmit = {
        let (api, fields, busy, problem) = (
            app.api.clone(),
            fields.clone(),
            busy.clone(),
            problem.clone(),
        );
        let (id, on_saved) = (g.id, props.on_saved.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let request = fields.guardian_request();
            let Some(request) = accepted(&problem, checked(request, Vec::new(), &fields.names()))
            else {
                return;
            };
            let on_saved = on_saved.clone();
            send(
                &api,
                &busy,
                &problem,
                request,
                move |c, r| async move { c.update_guardian(id, &r).await },
                move |_| on_saved.emit(Done::GuardianSaved),
            );
        })
    };
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <form id={prefix.clone()} class="form grid" {onsubmit} novalidate=true>
            { fields.view(lang, &prefix, problem.as_ref()) }
            <FormEnd error_id={format!("{prefix}-error")} problem={(*problem).clone()} busy={*busy}
                label={Key::Save} on_cancel={cancel} />
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct AddGuardianProps {
    student_id: Uuid,
    on_linked: Callback<Done>,
}

/// Links a guardian already in the school (found by name or phone) or a new one.
#[component]
fn AddGuardian(props: &AddGuardianProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let open = use_state(|| false);
    let new_person = use_state(|| false);
    let q = use_state(String::new);
    let found = use_state(|| None::<Rc<Vec<GuardianView>>>);
    let chosen = use_state(|| None::<Uuid>);
    let relation = use_state(|| Relation::Mother.as_str().to_owned());
    let fields = use_person_fields("", "", None, None, None);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<FormProblem>);

    if !*open {
        let onclick = opener(&open);
        return html! {
            <button type="button" id="guardian-add" class="button secondary" {onclick}>
                { t(lang, Key::AddGuardian) }
            </button>
        };
    }

    let on_search = {
        let (api, q, found, chosen, problem) = (
            app.api.clone(),
            q.clone(),
            found.clone(),
            chosen.clone(),
            problem.clone(),
        );
        Callback::from(move |_: ()| {
            let filter = GuardianFilter {
                q: optional(&q),
                limit: Some(20),
                ..GuardianFilter::default()
            };
            let (api, found, chosen, problem) =
                (api.clone(), found.clone(), chosen.clone(), problem.clone());
            spawn_local(async move {
                let result = api
                    .call(|c| {
                        let filter = filter.clone();
                        async move { c.list_guardians(&filter).await }
                    })
                    .await;
                match result {
                    Ok(page) => {
                        chosen.set(None);
                        problem.set(None);
                        found.set(Some(Rc::new(page.items)));
                    }
                    Err(e) => problem.set(Some(FormProblem::api(e))),
                }
            });
        })
    };
    let onsubmit = {
        let (api, new_person, chosen, relation, fields, busy, problem, open) = (
            app.api.clone(),
            new_person.clone(),
            chosen.clone(),
            relation.clone(),
            fields.clone(),
            busy.clone(),
            problem.clone(),
            open.clone(),
        );
        let (student_id, on_linked) = (props.student_id, props.on_linked.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let Some(relation) = Relation::parse(&relation) else {
                return;
            };
            let create = if *new_person {
                let request = fields.guardian_request();
                let Some(request) =
                    accepted(&problem, checked(request, Vec::new(), &fields.names()))
                else {
                    return;
                };
                Some(request)
            } else {
                None
            };
            let existing = *chosen;
            if create.is_none() && existing.is_none() {
                problem.set(Some(FormProblem::Local(Key::ErrChooseGuardian)));
                return;
            }
            busy.set(true);
            problem.set(None);
            let (api, busy, problem, open, on_linked) = (
                api.clone(),
                busy.clone(),
                problem.clone(),
                open.clone(),
                on_linked.clone(),
            );
            spawn_local(async move {
                let guardian_id = match (create, existing) {
                    (Some(request), _) => {
                        let created = api
                            .call(|c| {
                                let request = request.clone();
                                async move { c.create_guardian(&request).await }
                            })
                            .await;
                        match created {
                            Ok(g) => g.id,
                            Err(e) => {
                                busy.set(false);
                                problem.set(Some(FormProblem::api(e)));
                                return;
                            }
                        }
                    }
                    (None, Some(id)) => id,
                    (None, None) => return,
                };
                let request = LinkGuardianRequest {
                    guardian_id,
                    relation,
                };
                let result = api
                    .call(|c| {
                        let request = request.clone();
                        async move { c.link_guardian(student_id, &request).await }
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        open.set(false);
                        on_linked.emit(Done::GuardianLinked);
                    }
                    Err(e) => problem.set(Some(FormProblem::api(e))),
                }
            });
        })
    };
    let mode = |is_new: bool| {
        let (new_person, problem) = (new_person.clone(), problem.clone());
        Callback::from(move |_: Event| {
            problem.set(None);
            new_person.set(is_new);
        })
    };
    let cancel = closer(&open, &problem);
    let search_click = {
        let cb = on_search.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    // Enter in the search box searches instead of submitting the whole form.
    let search_key = {
        let cb = on_search.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                cb.emit(());
            }
        })
    };
    let on_q = input_setter(&q);

    html! {
        <form id="guardian-add-form" class="form stack" {onsubmit} novalidate=true aria-labelledby="guardian-add-title">
            <h3 id="guardian-add-title">{ t(lang, Key::AddGuardian) }</h3>
            <fieldset class="mode-switch">
                <legend class="visually-hidden">{ t(lang, Key::AddGuardian) }</legend>
                <label class="check" for="guardian-mode-existing">
                    <input type="radio" id="guardian-mode-existing" name="guardian-mode" checked={!*new_person} onchange={mode(false)} />
                    <span>{ t(lang, Key::GuardianExisting) }</span>
                </label>
                <label class="check" for="guardian-mode-new">
                    <input type="radio" id="guardian-mode-new" name="guardian-mode" checked={*new_person} onchange={mode(true)} />
                    <span>{ t(lang, Key::GuardianNew) }</span>
                </label>
            </fieldset>
            if *new_person {
                <div class="form grid">{ fields.view(lang, "guardian-new", problem.as_ref()) }</div>
            } else {
                <div class="filters">
                    <div class="field grow">
                        <label for="guardian-q">{ t(lang, Key::GuardianSearchLabel) }</label>
                        <input id="guardian-q" type="search" value={(*q).clone()} oninput={on_q}
                            onkeydown={search_key} autocomplete="off" />
                    </div>
                    <div class="field actions">
                        <button type="button" id="guardian-search" class="button secondary" onclick={search_click}>
                            { t(lang, Key::SearchSubmit) }
                        </button>
                    </div>
                </div>
                if let Some(list) = &*found {
                    if list.is_empty() {
                        <p class="muted" id="guardian-found-none">{ t(lang, Key::NoGuardiansFound) }</p>
                    } else {
                        <fieldset id="guardian-found">
                            <legend>{ t(lang, Key::ChooseGuardian) }</legend>
                            <div class="checks">
                                { for list.iter().map(|g| {
                                    let id = format!("guardian-pick-{}", g.id);
                                    let onchange = {
                                        let (chosen, gid) = (chosen.clone(), g.id);
                                        Callback::from(move |_: Event| chosen.set(Some(gid)))
                                    };
                                    let phone = g.phone.as_ref().map(|p| format!(", {p}")).unwrap_or_default();
                                    html! {
                                        <label class="check" for={id.clone()}>
                                            <input type="radio" id={id} name="guardian-pick" checked={*chosen == Some(g.id)} {onchange} />
                                            <span>{ format!("{}{phone}", guardian_name(g)) }</span>
                                        </label>
                                    }
                                }) }
                            </div>
                        </fieldset>
                    }
                }
            }
            <SelectField id="guardian-relation" label={t(lang, Key::ColRelation)} value={(*relation).clone()}
                options={relation_options(lang)} onchange={text_setter(&relation)} required=true />
            <FormMessage id="guardian-add-error" problem={(*problem).clone()} />
            <div class="form-actions">
                <button type="submit" id="guardian-add-submit" class="button primary" disabled={*busy}>
                    { t(lang, if *busy { Key::Saving } else if *new_person { Key::CreateAndLink } else { Key::LinkSubmit }) }
                </button>
                <button type="button" class="button ghost" onclick={cancel}>{ t(lang, Key::Cancel) }</button>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct TransferProps {
    student_id: Uuid,
    current: Option<Uuid>,
    classes: Rc<Vec<Class>>,
    on_done: Callback<Done>,
}

/// Перевод: into another class of the school from a date.
#[component]
fn TransferForm(props: &TransferProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let class = use_state(String::new);
    let on_date = use_state(|| iso(today()));
    let reason = use_state(String::new);
    let order = use_state(String::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<FormProblem>);
    let onsubmit = {
        let (api, class, on_date, reason, order, busy, problem) = (
            app.api.clone(),
            class.clone(),
            on_date.clone(),
            reason.clone(),
            order.clone(),
            busy.clone(),
            problem.clone(),
        );
        let (id, on_done) = (props.student_id, props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let (to, date) = (Uuid::parse_str(&class).ok(), parse_iso(&on_date));
            let mut errors = Vec::new();
            if to.is_none() {
                errors.push(required("to_class_id"));
            }
            if date.is_none() {
                errors.push(required("on_date"));
            }
            let request = TransferRequest {
                to_class_id: to.unwrap_or_default(),
                on_date: date.unwrap_or_default(),
                reason: optional(&reason),
                order_ref: optional(&order),
            };
            let Some(request) = accepted(&problem, checked(request, errors, &[])) else {
                return;
            };
            let on_done = on_done.clone();
            send(
                &api,
                &busy,
                &problem,
                request,
                move |c, r| async move { c.transfer_student(id, &r).await },
                move |_| on_done.emit(Done::Transferred),
            );
        })
    };
    let others: Vec<Class> = props
        .classes
        .iter()
        .filter(|c| Some(c.id) != props.current)
        .cloned()
        .collect();
    let err = |field: &str| field_message(lang, problem.as_ref(), field);
    html! {
        <form id="transfer-form" class="form grid" {onsubmit} novalidate=true aria-labelledby="transfer-title">
            <h3 id="transfer-title" class="span-all">{ t(lang, Key::TransferTitle) }</h3>
            <div>
                <SelectField id="transfer-class" label={t(lang, Key::TransferTo)} value={(*class).clone()}
                    placeholder={t(lang, Key::ChooseOption)} options={class_options(&others)}
                    onchange={text_setter(&class)} required=true />
                if let Some(e) = err("to_class_id") {
                    <p class="field-error">{ e }</p>
                }
            </div>
            <TextField id="transfer-date" kind="date" label={t(lang, Key::TransferDate)} value={(*on_date).clone()}
                oninput={text_setter(&on_date)} required=true error={err("on_date")} />
            <TextField id="transfer-reason" label={t(lang, Key::ColMoveReason)} value={(*reason).clone()}
                note={t(lang, Key::Optional)} oninput={text_setter(&reason)} autocomplete="off" error={err("reason")} />
            <TextField id="transfer-order" label={t(lang, Key::OrderRef)} value={(*order).clone()}
                note={t(lang, Key::Optional)} oninput={text_setter(&order)} autocomplete="off" error={err("order_ref")} />
            <FormEnd error_id="transfer-error" problem={(*problem).clone()} busy={*busy} label={Key::TransferSubmit}
                submit_id="transfer-submit" />
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct WithdrawProps {
    student_id: Uuid,
    name: AttrValue,
    on_done: Callback<Done>,
}

/// Выбытие: the student leaves the school on a date, for a reason, by an order.
#[component]
fn WithdrawForm(props: &WithdrawProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let on_date = use_state(|| iso(today()));
    let reason = use_state(String::new);
    let order = use_state(String::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<FormProblem>);
    let onsubmit = {
        let (api, on_date, reason, order, busy, problem) = (
            app.api.clone(),
            on_date.clone(),
            reason.clone(),
            order.clone(),
            busy.clone(),
            problem.clone(),
        );
        let (id, name, on_done) = (props.student_id, props.name.clone(), props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let date = parse_iso(&on_date);
            let mut errors = Vec::new();
            if date.is_none() {
                errors.push(required("on_date"));
            }
            let request = WithdrawRequest {
                on_date: date.unwrap_or_default(),
                reason: reason.trim().to_owned(),
                order_ref: optional(&order),
            };
            let Some(request) =
                accepted(&problem, checked(request, errors, &[("reason", &reason)]))
            else {
                return;
            };
            let confirm = tf(
                lang,
                Key::ConfirmWithdraw,
                &[("name", &name), ("date", &full_date(lang, request.on_date))],
            );
            if !browser::confirm(&confirm) {
                return;
            }
            let on_done = on_done.clone();
            send(
                &api,
                &busy,
                &problem,
                request,
                move |c, r| async move { c.withdraw_student(id, &r).await },
                move |_| on_done.emit(Done::Withdrawn),
            );
        })
    };
    let err = |field: &str| field_message(lang, problem.as_ref(), field);
    html! {
        <form id="withdraw-form" class="form grid" {onsubmit} novalidate=true aria-labelledby="withdraw-title">
            <h3 id="withdraw-title" class="span-all">{ t(lang, Key::WithdrawTitle) }</h3>
            <TextField id="withdraw-date" kind="date" label={t(lang, Key::WithdrawDate)} value={(*on_date).clone()}
                oninput={text_setter(&on_date)} required=true error={err("on_date")} />
            <TextField id="withdraw-reason" label={t(lang, Key::WithdrawReason)} value={(*reason).clone()}
                placeholder={t(lang, Key::WithdrawReasonPlaceholder)}
                oninput={text_setter(&reason)} required=true autocomplete="off" error={err("reason")} />
            <TextField id="withdraw-order" label={t(lang, Key::OrderRef)} value={(*order).clone()}
                note={t(lang, Key::Optional)} oninput={text_setter(&order)} autocomplete="off" error={err("order_ref")} />
            <FormEnd error_id="withdraw-error" problem={(*problem).clone()} busy={*busy} label={Key::WithdrawSubmit}
                submit_id="withdraw-submit" submit_class="button danger-outline" />
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct GuardianDiaryProps {
    guardian_id: Uuid,
    name: AttrValue,
}

/// A guardian's personal-data consents (R-D5) — the register and a form for a new decision — and
/// their diary access.
#[component]
fn GuardianDiary(props: &GuardianDiaryProps) -> Html {
    let lang = use_app().lang();
    let reload = use_state(|| 0_u32);
    let adding = use_state(|| false);
    let saved = use_state(|| false);
    let consents = use_load_keyed(props.guardian_id, *reload, |c, id| async move {
        c.consents(id).await
    });
    let prefix = format!("consents-{}", props.guardian_id);
    let title_id = format!("{prefix}-title");
    let register = match &*consents {
        Load::Loading => loading(lang),
        Load::Failed(e) => load_failed(lang, e, {
            let reload = reload.clone();
            Callback::from(move |_| reload.set(reload.wrapping_add(1)))
        }),
        Load::Ready(list) => consents_table(lang, &prefix, list),
    };
    let hint = consents.ready().and_then(|l| people::account_hint(l));
    let open = {
        let (adding, saved) = (adding.clone(), saved.clone());
        Callback::from(move |_: MouseEvent| {
            saved.set(false);
            adding.set(true);
        })
    };
    let on_saved = {
        let (adding, saved, reload) = (adding.clone(), saved.clone(), reload.clone());
        Callback::from(move |()| {
            adding.set(false);
            saved.set(true);
            reload.set(reload.wrapping_add(1));
        })
    };
    let on_cancel = {
        let adding = adding.clone();
        Callback::from(move |()| adding.set(false))
    };
    html! {
        <div class="guardian-diary stack">
            <section class="guardian-consents" id={prefix.clone()} aria-labelledby={title_id.clone()}>
                <h3 id={title_id}>{ t(lang, Key::ConsentsTitle) }</h3>
                { register }
                if *saved {
                    <p class="success" role="status" id={format!("{prefix}-saved")}>{ t(lang, Key::ConsentSaved) }</p>
                }
                if *adding {
                    <ConsentForm guardian_id={props.guardian_id} {on_saved} {on_cancel} />
                } else {
                    <div class="actions">
                        <button type="button" class="button small secondary consent-add" onclick={open}
                            aria-label={format!("{}: {}", t(lang, Key::ConsentRegister), props.name)}>
                            { t(lang, Key::ConsentRegister) }
                        </button>
                    </div>
                }
            </section>
            <DiaryAccess target={AccountFor::Guardian(props.guardian_id)} name={props.name.clone()}
                {hint} />
        </div>
    }
}

/// The register of a guardian's decisions, newest first, the one in force marked.
fn consents_table(lang: Lang, prefix: &str, list: &[ConsentView]) -> Html {
    if list.is_empty() {
        return html! { <p class="muted" id={format!("{prefix}-empty")}>{ t(lang, Key::ConsentsEmpty) }</p> };
    }
    let current = people::in_force(list);
    html! {
        <div class="table-wrap">
            <table id={format!("{prefix}-table")} class="table consents-table">
                <caption class="visually-hidden">{ t(lang, Key::ConsentsTitle) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::ConsentColDecision) }</th>
                        <th scope="col">{ t(lang, Key::ConsentColDate) }</th>
                        <th scope="col">{ t(lang, Key::ConsentColDocument) }</th>
                        <th scope="col">{ t(lang, Key::ConsentColRecorded) }</th>
                        <th scope="col">{ t(lang, Key::ConsentColStatus) }</th>
                    </tr>
                </thead>
                <tbody>
                    { for people::newest_first(list).into_iter().map(|c| {
                        let in_force = current.is_some_and(|f| std::ptr::eq(f, c));
                        html! {
                            <tr class="consent" data-decision={c.decision.clone()} data-in-force={in_force.to_string()}>
                                <td data-label={t(lang, Key::ConsentColDecision)}>{ t(lang, people::decision_key(&c.decision)) }</td>
                                <td data-label={t(lang, Key::ConsentColDate)}>{ full_date(lang, c.decided_on) }</td>
                                <td data-label={t(lang, Key::ConsentColDocument)}>{ c.document.clone() }</td>
                                <td data-label={t(lang, Key::ConsentColRecorded)}>
                                    { format!("{}, {}", c.recorded_by_name, local_time(lang, c.recorded_at)) }
                                </td>
                                <td data-label={t(lang, Key::ConsentColStatus)}>
                                    if in_force {
                                        <span class={classes!("badge", if c.decision == "given" { "ok" } else { "warn" })}>
                                            { t(lang, Key::ConsentInForce) }
                                        </span>
                                    } else {
                                        <span class="muted">{ t(lang, Key::ConsentSuperseded) }</span>
                                    }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ConsentFormProps {
    guardian_id: Uuid,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
}

/// Registers a signed consent or refusal: the decision, the document's date and its reference.
#[component]
fn ConsentForm(props: &ConsentFormProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let decision = use_state(String::new);
    let decided_on = use_state(|| iso(today()));
    let document = use_state(String::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<FormProblem>);
    let prefix = format!("consent-form-{}", props.guardian_id);
    let onsubmit = {
        let (api, decision, decided_on, document, busy, problem) = (
            app.api.clone(),
            decision.clone(),
            decided_on.clone(),
            document.clone(),
            busy.clone(),
            problem.clone(),
        );
        let (id, on_saved) = (props.guardian_id, props.on_saved.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let checked = people::consent_input(&decision, &decided_on, &document);
            let Some(input) = accepted(&problem, checked) else {
                return;
            };
            let on_saved = on_saved.clone();
            send(
                &api,
                &busy,
                &problem,
                input,
                move |c, input| async move { c.record_consent(id, &input).await },
                move |_| on_saved.emit(()),
            );
        })
    };
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let err = |field: &str| field_message(lang, problem.as_ref(), field);
    let options = people::DECISIONS
        .iter()
        .filter_map(|d| d.code())
        .map(|code| {
            (
                code.to_owned(),
                t(lang, people::decision_key(code)).to_owned(),
            )
        })
        .collect::<Vec<_>>();
    html! {
        <form id={prefix.clone()} class="form grid consent-form" {onsubmit} novalidate=true>
            <SelectField id={format!("{prefix}-decision")} label={t(lang, Key::ConsentDecisionLabel)}
                value={(*decision).clone()} {options} placeholder={t(lang, Key::ConsentDecisionChoose)}
                onchange={text_setter(&decision)} required=true
                hint={err("decision")} />
            <TextField id={format!("{prefix}-date")} kind="date" label={t(lang, Key::ConsentDateLabel)}
                value={(*decided_on).clone()} oninput={text_setter(&decided_on)} required=true
                error={err("decided_on")} />
            <TextField id={format!("{prefix}-document")} label={t(lang, Key::ConsentDocumentLabel)}
                value={(*document).clone()} placeholder={t(lang, Key::ConsentDocumentPlaceholder)}
                oninput={text_setter(&document)} required=true autocomplete="off"
                error={err("document")} />
            <FormEnd error_id={format!("{prefix}-error")} problem={(*problem).clone()} busy={*busy}
                label={Key::ConsentSubmit} on_cancel={cancel} />
        </form>
    }
}

/// Whose diary account is given.
#[derive(Clone, Copy, PartialEq)]
enum AccountFor {
    Guardian(Uuid),
    Student(Uuid),
}

impl AccountFor {
    fn prefix(self) -> String {
        match self {
            AccountFor::Guardian(id) => format!("access-guardian-{id}"),
            AccountFor::Student(_) => "access-student".to_owned(),
        }
    }

    fn note(self) -> Key {
        match self {
            AccountFor::Guardian(_) => Key::DiaryAccessNoteGuardian,
            AccountFor::Student(_) => Key::DiaryAccessNoteStudent,
        }
    }
}

#[derive(Properties, PartialEq)]
struct DiaryAccessProps {
    target: AccountFor,
    name: AttrValue,
    /// A note shown before the button, e.g. that no consent is registered.
    #[prop_or_default]
    hint: Option<Key>,
}

/// «Выдать доступ к дневнику»: a login, then the one-time password shown once (R-S1). Whether the
/// person already has an account is not known beforehand; the server's `account_exists` says so.
#[component]
fn DiaryAccess(props: &DiaryAccessProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let open = use_state(|| false);
    let login = use_state(String::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<FormProblem>);
    let issued = use_state(|| None::<Rc<DiaryAccount>>);
    let exists = use_state(|| false);
    let prefix = props.target.prefix();

    if let Some(account) = &*issued {
        let on_close = {
            let (issued, exists) = (issued.clone(), exists.clone());
            Callback::from(move |()| {
                issued.set(None);
                exists.set(true);
            })
        };
        return html! {
            <AccountPanel prefix={prefix} account={account.clone()} note={props.target.note()} {on_close} />
        };
    }
    if *exists {
        return html! {
            <p class="muted" id={format!("{prefix}-exists")} role="status">{ t(lang, Key::DiaryAccessExists) }</p>
        };
    }
    if !*open {
        let show = opener(&open);
        return html! {
            <div class="diary-access" id={prefix.clone()}>
                if let Some(hint) = props.hint {
                    <p class="muted" id={format!("{prefix}-hint")}>{ t(lang, hint) }</p>
                }
                <div class="actions">
                    <button type="button" class="button small secondary access-give" onclick={show}
                        aria-label={format!("{}: {}", t(lang, Key::DiaryAccessGive), props.name)}>
                        { t(lang, Key::DiaryAccessGive) }
                    </button>
                </div>
            </div>
        };
    }
    let onsubmit = {
        let (api, login, busy, problem, issued, exists, open) = (
            app.api.clone(),
            login.clone(),
            busy.clone(),
            problem.clone(),
            issued.clone(),
            exists.clone(),
            open.clone(),
        );
        let target = props.target;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let Some(input) = accepted(&problem, people::account_input(&login)) else {
                return;
            };
            problem.set(None);
            let (problem, issued, exists, open) = (
                problem.clone(),
                issued.clone(),
                exists.clone(),
                open.clone(),
            );
            let give = move |c: Client, input| async move {
                match target {
                    AccountFor::Guardian(id) => c.guardian_account(id, &input).await,
                    AccountFor::Student(id) => c.student_account(id, &input).await,
                }
            };
            send_then(&api, &busy, input, give, move |result| match result {
                Ok(account) => {
                    open.set(false);
                    issued.set(Some(Rc::new(account)));
                }
                Err(e) if people::is_account_exists(&e) => {
                    open.set(false);
                    exists.set(true);
                }
                Err(e) => problem.set(Some(FormProblem::api(e))),
            });
        })
    };
    let cancel = closer(&open, &problem);
    html! {
        <form id={format!("{prefix}-form")} class="form grid access-form" {onsubmit} novalidate=true
            aria-label={format!("{}: {}", t(lang, Key::DiaryAccessGive), props.name)}>
            <TextField id={format!("{prefix}-login")} label={t(lang, Key::DiaryAccessLogin)}
                value={(*login).clone()} oninput={text_setter(&login)} required=true autocomplete="off"
                hint={t(lang, Key::DiaryAccessLoginHint)}
                error={field_message(lang, problem.as_ref(), "login")} />
            <FormEnd error_id={format!("{prefix}-error")} problem={(*problem).clone()} busy={*busy}
                label={Key::DiaryAccessSubmit} on_cancel={cancel} />
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct AccountPanelProps {
    prefix: String,
    account: Rc<DiaryAccount>,
    note: Key,
    on_close: Callback<()>,
}

/// The new account's login and one-time password with its expiry, shown once.
#[component]
fn AccountPanel(props: &AccountPanelProps) -> Html {
    let lang = use_app().lang();
    // Move the focus to the panel so keyboard and screen-reader users find the password.
    let panel = use_focus_on(props.account.clone());
    let a = &props.account;
    let p = &props.prefix;
    let on_close = {
        let cb = props.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <section id={format!("{p}-issued")} class="card password-panel" tabindex="-1" ref={panel}
            role="status" aria-labelledby={format!("{p}-issued-title")}>
            <h3 id={format!("{p}-issued-title")}>{ t(lang, Key::DiaryAccessGiven) }</h3>
            <p class="access-login">{ tf(lang, Key::DiaryAccessLoginIs, &[("login", &a.login)]) }</p>
            <p>
                { t(lang, Key::DiaryAccessPassword) }
                { " " }
                <span class="password-value"><code class="access-password">{ a.one_time_password.clone() }</code></span>
            </p>
            <p class="access-expires">
                { tf(lang, Key::DiaryAccessExpires, &[("time", &local_time(lang, a.expires_at))]) }
            </p>
            <p class="note"><strong>{ t(lang, props.note) }</strong></p>
            <p class="muted">{ t(lang, Key::DiaryAccessShownOnce) }</p>
            <button type="button" class="button secondary access-close" onclick={on_close}>
                { t(lang, Key::Close) }
            </button>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_relation_is_named_in_both_languages() {
        for lang in [Lang::Ru, Lang::En] {
            let options = relation_options(lang);
            assert_eq!(options.len(), 3);
            assert!(options
                .iter()
                .all(|(v, text)| !v.is_empty() && !text.is_empty()));
        }
        assert_eq!(relation_name(Lang::Ru, Relation::Mother), "мать");
    }
}
