//! A refused request as a message: the translated reason, and for a timetable clash the lesson in
//! the way, said in the reader's language from the problem's structured `clash` (the server's
//! English `detail` is never shown).

use crate::i18n::{t, tf, Key, Lang};
use crate::services::api::describe;
use crate::services::state::use_app;
use crate::services::week::{full_date, weekday_name};
use journal_api_types::{Clash, ErrorCode};
use journal_client::ClientError;
use std::rc::Rc;
use yew::prelude::*;

/// The lesson a timetable write clashes with, in words: «7А, «Группа 1» (Алгебра), Петрова А. И.,
/// каб. 12 — Понедельник, 2-й урок».
pub fn clash_text(lang: Lang, c: &Clash) -> String {
    let mut what = c.class_name.clone();
    if let Some(g) = &c.group_name {
        what.push_str(&format!(", «{g}»"));
    }
    what.push_str(&format!(" ({}), {}", c.subject_name, c.teacher_name));
    if let Some(room) = &c.room_name {
        what.push_str(", ");
        what.push_str(&tf(lang, Key::ClashRoom, &[("room", room)]));
    }
    let day = match (c.date, c.weekday) {
        (Some(d), _) => full_date(lang, d),
        (None, Some(w)) => weekday_name(lang, w).to_owned(),
        (None, None) => String::new(),
    };
    let number = c.lesson_number.to_string();
    let when = tf(lang, Key::ClashWhen, &[("day", &day), ("number", &number)]);
    tf(lang, Key::ClashWith, &[("what", &what), ("when", &when)])
}

/// The lesson in the way of a refused timetable write, in words.
pub fn clash_of(lang: Lang, e: &ClientError) -> Option<String> {
    match e {
        ClientError::Api(p) => p.clash.as_ref().map(|c| clash_text(lang, c)),
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
            if let Some(clash) = clash_of(lang, &props.error.0) {
                <p class="problem-detail">{ clash }</p>
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
        clash: None,
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

    #[test]
    fn a_clash_is_said_in_the_readers_language() {
        use chrono::NaiveDate;
        // Issue 12: the lesson in the way, not the server's English detail.
        let mut c = Clash {
            class_name: "11Б".into(),
            group_name: None,
            subject_name: "Алгебра".into(),
            teacher_name: "Петрова Анна Ивановна".into(),
            room_name: Some("12".into()),
            weekday: None,
            date: NaiveDate::from_ymd_opt(2026, 12, 4),
            lesson_number: 2,
        };
        assert_eq!(
            clash_text(Lang::Ru, &c),
            "Мешает урок: 11Б (Алгебра), Петрова Анна Ивановна, каб. 12 — 04.12.2026, 2-й урок."
        );
        c.date = None;
        c.weekday = Some(1);
        c.room_name = None;
        c.group_name = Some("Группа 1".into());
        assert_eq!(
            clash_text(Lang::Ru, &c),
            "Мешает урок: 11Б, «Группа 1» (Алгебра), Петрова Анна Ивановна — Понедельник, 2-й урок."
        );
        assert_eq!(
            clash_text(Lang::En, &c),
            "In the way: 11Б, «Группа 1» (Алгебра), Петрова Анна Ивановна — Monday, lesson 2."
        );
    }
}
