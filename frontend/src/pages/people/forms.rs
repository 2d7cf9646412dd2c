//! Parts shared by the card's forms: name and contact fields, opening, closing and ending a form.

use crate::components::field::TextField;
use crate::components::form::{optional, text_setter, SubmitButton};
use crate::components::problem::{field_message, FormMessage, FormProblem};
use crate::i18n::{t, Key, Lang};
use crate::services::state::use_app;
use journal_api_types::people::GuardianRequest;
use yew::prelude::*;

/// The fields of a person's name and contacts, shared by the student and guardian forms.
#[derive(Clone, PartialEq)]
pub(super) struct PersonFields {
    last: UseStateHandle<String>,
    first: UseStateHandle<String>,
    middle: UseStateHandle<String>,
    phone: UseStateHandle<String>,
    email: UseStateHandle<String>,
}

impl PersonFields {
    pub(super) fn view(&self, lang: Lang, prefix: &str, problem: Option<&FormProblem>) -> Html {
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
    pub(super) fn names(&self) -> [(&'static str, &str); 2] {
        [("last_name", &self.last), ("first_name", &self.first)]
    }

    pub(super) fn guardian_request(&self) -> GuardianRequest {
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
pub(super) fn use_person_fields(
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

/// Opens a form shown on demand.
pub(super) fn opener(open: &UseStateHandle<bool>) -> Callback<MouseEvent> {
    let open = open.clone();
    Callback::from(move |_: MouseEvent| open.set(true))
}

/// Closes a form shown on demand, forgetting what it last said was wrong.
pub(super) fn closer(
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
pub(super) struct FormEndProps {
    /// The id of what is wrong with the form.
    pub(super) error_id: AttrValue,
    pub(super) problem: Option<FormProblem>,
    pub(super) busy: bool,
    /// What the submit button says.
    pub(super) label: Key,
    #[prop_or_default]
    pub(super) submit_id: Option<AttrValue>,
    #[prop_or(AttrValue::Static("button primary"))]
    pub(super) submit_class: AttrValue,
    /// Closes the form; no «Отмена» without it.
    #[prop_or_default]
    pub(super) on_cancel: Option<Callback<MouseEvent>>,
}

/// The end of a card's form, across the whole grid: what is wrong, the submit button, and
/// «Отмена» when the form can be closed.
#[component]
pub(super) fn FormEnd(props: &FormEndProps) -> Html {
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
