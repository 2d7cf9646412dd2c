//! A student's movements: the history table, and the transfer and withdrawal forms.

use super::card::Done;
use super::class_options;
use super::forms::FormEnd;
use crate::components::field::TextField;
use crate::components::form::{accepted, optional, send, text_setter, SelectField};
use crate::components::problem::{checked, field_message, required, FormProblem};
use crate::i18n::{t, tf, Key, Lang};
use crate::services::browser;
use crate::services::state::use_app;
use crate::services::week::{full_date, iso, parse_iso, today};
use journal_api_types::people::{MovementView, TransferRequest, WithdrawRequest};
use journal_api_types::structure::Class;
use journal_domain::people::MovementKind;
use std::rc::Rc;
use uuid::Uuid;
use yew::prelude::*;

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

pub(super) fn movements_table(lang: Lang, movements: &[MovementView]) -> Html {
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

#[derive(Properties, PartialEq)]
pub(super) struct TransferProps {
    pub(super) student_id: Uuid,
    pub(super) current: Option<Uuid>,
    pub(super) classes: Rc<Vec<Class>>,
    pub(super) on_done: Callback<Done>,
}

/// Перевод: into another class of the school from a date.
#[component]
pub(super) fn TransferForm(props: &TransferProps) -> Html {
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
pub(super) struct WithdrawProps {
    pub(super) student_id: Uuid,
    pub(super) name: AttrValue,
    pub(super) on_done: Callback<Done>,
}

/// Выбытие: the student leaves the school on a date, for a reason, by an order.
#[component]
pub(super) fn WithdrawForm(props: &WithdrawProps) -> Html {
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
