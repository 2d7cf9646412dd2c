//! A student's card: the student's data and its edit form, guardians, movements and diary access.

use super::diary_access::{AccountFor, DiaryAccess};
use super::forms::{closer, opener, use_person_fields, FormEnd};
use super::guardians::{AddGuardian, GuardianList};
use super::movements::{movements_table, TransferForm, WithdrawForm};
use super::{office, status_badge, student_name};
use crate::app::Route;
use crate::components::field::TextField;
use crate::components::form::{accepted, send, text_setter};
use crate::components::problem::{checked, field_message, required, FormProblem};
use crate::i18n::{t, tf, Key};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{load_failed, loading, use_current_classes, use_load_keyed, use_title, Load};
use crate::services::access::may;
use crate::services::browser;
use crate::services::people;
use crate::services::state::use_app;
use crate::services::week::{full_date, iso, parse_iso, today};
use journal_api_types::people::{StudentDetail, UpdateStudentRequest};
use journal_api_types::structure::Class;
use journal_api_types::Role;
use journal_domain::people::StudentStatus;
use journal_domain::Action;
use std::rc::Rc;
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StudentProps {
    pub id: Uuid,
}

/// A message about the last change on the card, kept untranslated for the language switch.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Done {
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
