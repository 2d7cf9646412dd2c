//! Small pieces of forms: state setters for text fields and text areas, a labelled select, the
//! submit button, and sending a form's request while the form shows that it is busy.

use crate::components::problem::{refused_fields, FormProblem};
use crate::i18n::{t, Key};
use crate::services::api::Api;
use crate::services::state::use_app;
use journal_api_types::FieldError;
use journal_client::{Client, ClientError};
use std::future::Future;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

/// Sets `s` to what a [`TextField`](super::field::TextField) reports.
pub fn text_setter(s: &UseStateHandle<String>) -> Callback<String> {
    let s = s.clone();
    Callback::from(move |v: String| s.set(v))
}

/// Sets `s` to the value of an `<input>` as it is typed.
pub fn input_setter(s: &UseStateHandle<String>) -> Callback<InputEvent> {
    let s = s.clone();
    Callback::from(move |e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        s.set(input.value());
    })
}

/// Sets `s` to the value of an `<input>` when it changes (a date once picked).
pub fn change_setter(s: &UseStateHandle<String>) -> Callback<Event> {
    let s = s.clone();
    Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        s.set(input.value());
    })
}

/// Sets `s` to the text of a `<textarea>` as it is typed.
pub fn textarea_setter(s: &UseStateHandle<String>) -> Callback<InputEvent> {
    let s = s.clone();
    Callback::from(move |e: InputEvent| {
        let area: HtmlTextAreaElement = e.target_unchecked_into();
        s.set(area.value());
    })
}

/// `rows` with row `i` changed by `set`; the same rows when there is no row `i`.
pub fn row_changed<R: Clone>(rows: &[R], i: usize, set: impl FnOnce(&mut R)) -> Vec<R> {
    let mut rows = rows.to_vec();
    if let Some(row) = rows.get_mut(i) {
        set(row);
    }
    rows
}

/// `rows` without row `i`; the same rows when there is no row `i`.
pub fn row_removed<R: Clone>(rows: &[R], i: usize) -> Vec<R> {
    let mut rows = rows.to_vec();
    if i < rows.len() {
        rows.remove(i);
    }
    rows
}

/// Sets a field of row `i` of a table being edited (`set` says which) to an input's value.
pub fn row_setter<R: Clone + 'static>(
    rows: &UseStateHandle<Vec<R>>,
    i: usize,
    set: fn(&mut R, String),
) -> Callback<Event> {
    let rows = rows.clone();
    Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        rows.set(row_changed(&rows, i, |row| set(row, input.value())));
    })
}

/// Removes row `i` of a table being edited.
pub fn row_remover<R: Clone + 'static>(
    rows: &UseStateHandle<Vec<R>>,
    i: usize,
) -> Callback<MouseEvent> {
    let rows = rows.clone();
    Callback::from(move |_: MouseEvent| rows.set(row_removed(&rows, i)))
}

/// The text of an optional field: `None` when blank.
pub fn optional(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// The chosen value (`""` for the placeholder option).
    pub value: AttrValue,
    /// `(value, text)` of each option, in order.
    pub options: Vec<(String, String)>,
    /// The text of a first, empty option; none when absent.
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    pub onchange: Callback<String>,
    #[prop_or_default]
    pub required: bool,
    #[prop_or_default]
    pub disabled: bool,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
}

/// A labelled `<select>`.
#[component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let onchange = {
        let cb = props.onchange.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            cb.emit(select.value());
        })
    };
    let hint_id = format!("{}-hint", props.id);
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <select id={props.id.clone()} name={props.id.clone()} {onchange}
                required={props.required} disabled={props.disabled}
                aria-describedby={props.hint.as_ref().map(|_| hint_id.clone())}>
                if let Some(placeholder) = &props.placeholder {
                    <option value="" selected={props.value.is_empty()}>{ placeholder.clone() }</option>
                }
                { for props.options.iter().map(|(value, text)| html! {
                    <option value={value.clone()} selected={props.value == value.as_str()}>{ text.clone() }</option>
                }) }
            </select>
            if let Some(hint) = &props.hint {
                <p class="hint" id={hint_id}>{ hint.clone() }</p>
            }
        </div>
    }
}

/// The request when it passed its checks; otherwise the refusal is shown in `problem` and there
/// is none to send.
pub fn accepted<R>(
    problem: &UseStateHandle<Option<FormProblem>>,
    checked: Result<R, Vec<FieldError>>,
) -> Option<R> {
    match checked {
        Ok(request) => Some(request),
        Err(errors) => {
            problem.set(Some(refused_fields(errors)));
            None
        }
    }
}

/// Sends a form's request in the background: the form is busy until the answer comes, and then
/// `then` has it. `call` gets a copy of `request` for each try (a refreshed session repeats it).
pub fn send_then<R, T, F, Fut>(
    api: &Api,
    busy: &UseStateHandle<bool>,
    request: R,
    call: F,
    then: impl FnOnce(Result<T, ClientError>) + 'static,
) where
    R: Clone + 'static,
    T: 'static,
    F: Fn(Client, R) -> Fut + 'static,
    Fut: Future<Output = Result<T, ClientError>> + 'static,
{
    busy.set(true);
    let (api, busy) = (api.clone(), busy.clone());
    spawn_local(async move {
        let result = api.call(|c| call(c, request.clone())).await;
        busy.set(false);
        then(result);
    });
}

/// [`send_then`] for a form that shows a refusal as a [`FormProblem`]: the last problem is cleared
/// when the request goes, the answer goes to `ok`, and a refusal is shown in `problem`.
pub fn send<R, T, F, Fut>(
    api: &Api,
    busy: &UseStateHandle<bool>,
    problem: &UseStateHandle<Option<FormProblem>>,
    request: R,
    call: F,
    ok: impl FnOnce(T) + 'static,
) where
    R: Clone + 'static,
    T: 'static,
    F: Fn(Client, R) -> Fut + 'static,
    Fut: Future<Output = Result<T, ClientError>> + 'static,
{
    problem.set(None);
    let problem = problem.clone();
    send_then(api, busy, request, call, move |result| match result {
        Ok(answer) => ok(answer),
        Err(e) => problem.set(Some(FormProblem::api(e))),
    });
}

#[derive(Properties, PartialEq)]
pub struct SubmitButtonProps {
    #[prop_or_default]
    pub id: Option<AttrValue>,
    #[prop_or(AttrValue::Static("button primary"))]
    pub class: AttrValue,
    /// A request is under way: the button is disabled and says «Сохранение…».
    pub busy: bool,
    /// What the button says otherwise.
    pub label: Key,
}

/// A form's submit button, disabled while its request is under way.
#[component]
pub fn SubmitButton(props: &SubmitButtonProps) -> Html {
    let lang = use_app().lang();
    html! {
        <button type="submit" id={props.id.clone()} class={props.class.clone()} disabled={props.busy}>
            { t(lang, if props.busy { Key::Saving } else { props.label }) }
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_changed_changes_only_that_row() {
        let rows = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
        assert_eq!(row_changed(&rows, 1, |r| r.push('!')), ["a", "b!", "c"]);
        assert_eq!(row_changed(&rows, 3, |r| r.push('!')), ["a", "b", "c"]);
    }

    #[test]
    fn row_removed_removes_only_that_row() {
        let rows = vec![1, 2, 3];
        assert_eq!(row_removed(&rows, 0), [2, 3]);
        assert_eq!(row_removed(&rows, 2), [1, 2]);
        assert_eq!(row_removed(&rows, 3), [1, 2, 3]);
    }

    #[test]
    fn optional_is_none_only_when_blank() {
        assert_eq!(optional("  "), None);
        assert_eq!(optional(" 5А "), Some("5А".to_owned()));
    }
}
