//! A refused request as a message: the translated reason, and for problems whose server `detail`
//! names specifics (which lesson a timetable clash is with) that detail too.

use crate::i18n::{t, Key};
use crate::services::api::describe;
use crate::services::state::use_app;
use journal_api_types::ErrorCode;
use journal_client::ClientError;
use std::rc::Rc;
use yew::prelude::*;

/// Problem codes whose `detail` tells the person more than the translated reason.
const DETAILED: [&str; 4] = [
    "teacher_double_booked",
    "room_double_booked",
    "class_double_booked",
    "year_archived",
];

/// The server's own words about a problem, when they add to the translated reason.
pub fn detail_of(e: &ClientError) -> Option<String> {
    match e {
        ClientError::Api(p) if DETAILED.contains(&p.code.as_str()) => p.detail.clone(),
        _ => None,
    }
}

/// A refused request kept for showing; two are equal when they are the same answer.
#[derive(Debug, Clone)]
pub struct Failure(pub Rc<ClientError>);

impl PartialEq for Failure {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl From<ClientError> for Failure {
    fn from(e: ClientError) -> Self {
        Failure(Rc::new(e))
    }
}

#[derive(Properties, PartialEq)]
pub struct ProblemProps {
    pub id: AttrValue,
    pub error: Failure,
}

#[component]
pub fn ProblemMessage(props: &ProblemProps) -> Html {
    let lang = use_app().lang();
    html! {
        <div id={props.id.clone()} class="form-error" role="alert">
            <p class="problem-lead">{ describe(lang, &props.error.0) }</p>
            if let Some(detail) = detail_of(&props.error.0) {
                <p class="problem-detail">
                    <span class="label-note">{ t(lang, Key::ServerDetail) }</span>
                    { " " }
                    <span lang="en">{ detail }</span>
                </p>
            }
        </div>
    }
}

/// What a form says is wrong: a message of its own (a check before asking the server), or the
/// server's answer.
#[derive(Clone, PartialEq)]
pub enum FormProblem {
    Local(Key),
    Api(Failure),
}

impl FormProblem {
    pub fn api(e: ClientError) -> Self {
        FormProblem::Api(Failure::from(e))
    }

    pub fn view(&self, lang: crate::i18n::Lang, id: &str) -> Html {
        match self {
            FormProblem::Local(key) => {
                html! { <p id={id.to_owned()} class="form-error" role="alert">{ t(lang, *key) }</p> }
            }
            FormProblem::Api(e) => {
                html! { <ProblemMessage id={id.to_owned()} error={e.clone()} /> }
            }
        }
    }
}

/// A form refused before asking the server, worded as the server words it: one field error per
/// failed rule (`required` for an empty field the request type cannot hold).
pub fn refused_fields(errors: Vec<journal_api_types::FieldError>) -> FormProblem {
    FormProblem::api(ClientError::Api(journal_api_types::Problem {
        kind: "urn:journal:problem:validation_failed".into(),
        title: "Bad Request".into(),
        status: 400,
        code: ErrorCode::ValidationFailed,
        detail: None,
        errors,
    }))
}

/// The field errors of a request type's own rules ([`validator::Validate`]), sorted by field.
pub fn field_errors_of(errors: &validator::ValidationErrors) -> Vec<journal_api_types::FieldError> {
    let mut list: Vec<journal_api_types::FieldError> = errors
        .field_errors()
        .into_iter()
        .flat_map(|(field, errs)| {
            errs.iter().map(move |e| journal_api_types::FieldError {
                field: field.to_string(),
                code: e.code.to_string(),
                message: None,
            })
        })
        .collect();
    list.sort_by(|a, b| a.field.cmp(&b.field));
    list
}

/// A required field left empty.
pub fn required(field: &str) -> journal_api_types::FieldError {
    journal_api_types::FieldError {
        field: field.into(),
        code: "required".into(),
        message: None,
    }
}

/// Reports `field` as required when `value` is blank, instead of the request type's length rule
/// (whose message speaks of the longest value allowed).
pub fn require(errors: &mut Vec<journal_api_types::FieldError>, field: &str, value: &str) {
    if value.trim().is_empty() {
        errors.retain(|e| e.field != field);
        errors.push(required(field));
    }
}

/// A request checked before it is sent: the field errors found while building it (`errors`, e.g.
/// a date that did not parse), then those of its own rules ([`validator::Validate`]), with each
/// `(field, value)` of `blank_required` reported as required when blank (see [`require`]).
pub fn checked<R: validator::Validate>(
    request: R,
    mut errors: Vec<journal_api_types::FieldError>,
    blank_required: &[(&str, &str)],
) -> Result<R, Vec<journal_api_types::FieldError>> {
    if let Err(e) = request.validate() {
        errors.extend(field_errors_of(&e));
    }
    for (field, value) in blank_required {
        require(&mut errors, field, value);
    }
    if errors.is_empty() {
        Ok(request)
    } else {
        Err(errors)
    }
}

/// The message for `field` when the problem names it, to show under that field.
pub fn field_message(
    lang: crate::i18n::Lang,
    problem: Option<&FormProblem>,
    field: &str,
) -> Option<AttrValue> {
    let Some(FormProblem::Api(Failure(e))) = problem else {
        return None;
    };
    let ClientError::Api(p) = e.as_ref() else {
        return None;
    };
    p.errors.iter().find(|fe| fe.field == field).map(|fe| {
        let text = match crate::i18n::field_problem_key(&fe.field, &fe.code) {
            Some(key) => t(lang, key).to_owned(),
            None => fe.message.clone().unwrap_or_else(|| fe.code.clone()),
        };
        AttrValue::from(text)
    })
}

#[derive(Properties, PartialEq)]
pub struct FormMessageProps {
    pub id: AttrValue,
    pub problem: Option<FormProblem>,
}

/// The message above a form's buttons: the reason for a refusal, or, when the refusal names
/// fields (each shown under its field), a line saying so.
#[component]
pub fn FormMessage(props: &FormMessageProps) -> Html {
    let lang = use_app().lang();
    match &props.problem {
        None => Html::default(),
        Some(FormProblem::Api(Failure(e))) if matches!(e.as_ref(), ClientError::Api(p) if !p.errors.is_empty()) =>
        {
            html! { <p id={props.id.clone()} class="form-error" role="alert">{ t(lang, Key::ErrValidationFailed) }</p> }
        }
        Some(problem) => problem.view(lang, &props.id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use validator::Validate;

    #[derive(Debug, Validate)]
    struct Named {
        #[validate(length(min = 1, max = 5))]
        name: String,
    }

    fn fields(errors: &[journal_api_types::FieldError]) -> Vec<(&str, &str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn checked_passes_a_valid_request_through() {
        let request = checked(
            Named {
                name: "Анна".into(),
            },
            Vec::new(),
            &[("name", "Анна")],
        );
        assert_eq!(request.map(|r| r.name).ok().as_deref(), Some("Анна"));
    }

    #[test]
    fn checked_keeps_earlier_errors_before_the_rules() {
        let errors = checked(
            Named {
                name: "слишком длинно".into(),
            },
            vec![required("on_date")],
            &[],
        )
        .unwrap_err();
        assert_eq!(
            fields(&errors),
            [("on_date", "required"), ("name", "length")]
        );
    }

    #[test]
    fn checked_reports_a_blank_field_as_required_not_too_short() {
        let errors = checked(
            Named {
                name: String::new(),
            },
            Vec::new(),
            &[("name", "  ")],
        )
        .unwrap_err();
        assert_eq!(fields(&errors), [("name", "required")]);
        // A field valid by the rules but blank is refused as well.
        let errors = checked(Named { name: "x".into() }, Vec::new(), &[("title", "")]).unwrap_err();
        assert_eq!(fields(&errors), [("title", "required")]);
    }

    #[test]
    fn checked_refuses_earlier_errors_alone() {
        let errors = checked(
            Named { name: "ok".into() },
            vec![required("birth_date")],
            &[],
        )
        .unwrap_err();
        assert_eq!(fields(&errors), [("birth_date", "required")]);
    }
}
