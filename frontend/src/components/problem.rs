//! A refused request as a message: the translated reason, and for problems whose server `detail`
//! names specifics (which lesson a timetable clash is with) that detail too.

use crate::i18n::{t, Key};
use crate::services::api::describe;
use crate::services::state::use_app;
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
