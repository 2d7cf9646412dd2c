//! Зачисление: the form admitting a new student into a class (R-B5, R-A8).

use super::class_options;
use crate::components::field::TextField;
use crate::components::form::{accepted, optional, send, text_setter, SelectField, SubmitButton};
use crate::components::problem::{checked, field_message, required, FormMessage, FormProblem};
use crate::i18n::{t, Key};
use crate::services::state::use_app;
use crate::services::week::{iso, parse_iso, today};
use journal_api_types::people::{AdmitStudentRequest, StudentDetail};
use journal_api_types::structure::Class;
use journal_api_types::FieldError;
use std::rc::Rc;
use uuid::Uuid;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct AdmitProps {
    pub(super) classes: Rc<Vec<Class>>,
    pub(super) on_admitted: Callback<StudentDetail>,
}

/// Зачисление: a new student admitted into a class on a date (R-B5, R-A8).
#[component]
pub(super) fn AdmitForm(props: &AdmitProps) -> Html {
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
