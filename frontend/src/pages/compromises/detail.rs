//! One report of compromised credentials (R-S5): who, who reported it and the reviewed time; the
//! account's operations in that time, newest first, a hundred a page, each with how it stands;
//! «Отменить» for one change and «Отменить все» for the whole report, and what the revert did.

use super::window_text;
use crate::app::Route;
use crate::components::pager::Pager;
use crate::i18n::{action_name, entity_name, t, tf, Key, Lang};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::{load_failed, loading, use_list_load, use_title, Load};
use crate::services::access::may;
use crate::services::api::describe;
use crate::services::browser;
use crate::services::sessions::{cell_change, cell_title, refusal_text, standing_key};
use crate::services::state::use_app;
use crate::services::time::local_time;
use journal_api_types::sessions::{
    CompromiseDetail, CompromisePaging, CompromisedOperation, OperationStanding, RevertOutcome,
};
use journal_client::ClientError;
use journal_domain::Action;
use std::rc::Rc;
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

/// Operations a page.
const PAGE_SIZE: i64 = 100;
/// What the last revert did, with the page of operations it was asked from (to name the refused
/// ones by their seq); or why it failed.
enum Outcome {
    Done {
        outcome: RevertOutcome,
        shown: Option<Rc<CompromiseDetail>>,
    },
    Failed(ClientError),
}

#[derive(Properties, PartialEq)]
pub struct CompromiseProps {
    pub id: Uuid,
}

#[component]
pub fn CompromisePage(props: &CompromiseProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::CpTitle);
    let id = props.id;
    let offset = use_state(|| 0_i64);
    let reload = use_state(|| 0_u32);
    let busy = use_state(|| false);
    let outcome = use_state(|| None::<Rc<Outcome>>);
    let can_view = app
        .me()
        .is_some_and(|me| may(&me, Action::ReviewCompromises));
    let (data, loading_more) = use_list_load(
        (id, *offset),
        *reload,
        can_view,
        |c, (id, offset)| async move {
            let paging = CompromisePaging {
                offset: Some(offset),
                limit: Some(PAGE_SIZE),
            };
            c.compromise(id, &paging).await.map(Rc::new)
        },
    );
    if !can_view {
        return html! { <ForbiddenPage /> };
    }

    // Sends a revert, then shows what it did and reloads the operations.
    let run = {
        let api = app.api.clone();
        let (busy, outcome, reload, data) =
            (busy.clone(), outcome.clone(), reload.clone(), data.clone());
        move |seqs: Option<Vec<i64>>| {
            let shown: Option<Rc<CompromiseDetail>> = data.ready().cloned();
            let (api, busy, outcome, reload) =
                (api.clone(), busy.clone(), outcome.clone(), reload.clone());
            busy.set(true);
            outcome.set(None);
            spawn_local(async move {
                let result = api
                    .call(|c| {
                        let seqs = seqs.clone();
                        async move {
                            match seqs {
                                Some(seqs) => c.revert_operations(id, seqs).await,
                                None => c.revert_all(id).await,
                            }
                        }
                    })
                    .await;
                outcome.set(Some(Rc::new(match result {
                    Ok(outcome) => Outcome::Done { outcome, shown },
                    Err(e) => Outcome::Failed(e),
                })));
                busy.set(false);
                reload.set(reload.wrapping_add(1));
            });
        }
    };
    let on_revert = {
        let run = run.clone();
        Callback::from(move |seq: i64| {
            if browser::confirm(t(lang, Key::CpConfirmRevert)) {
                run(Some(vec![seq]));
            }
        })
    };
    let on_page = {
        let (offset, outcome) = (offset.clone(), outcome.clone());
        Callback::from(move |next: i64| {
            outcome.set(None);
            offset.set(next);
        })
    };

    let body = match &*data {
        Load::Loading => loading(lang),
        Load::Failed(e) => {
            let reload = reload.clone();
            load_failed(
                lang,
                e,
                Callback::from(move |_: MouseEvent| reload.set(reload.wrapping_add(1))),
            )
        }
        Load::Ready(detail) => {
            let name = detail.compromise.user_name.clone();
            let on_all = {
                let run = run.clone();
                Callback::from(move |_: MouseEvent| {
                    if browser::confirm(&tf(lang, Key::CpConfirmRevertAll, &[("name", &name)])) {
                        run(None);
                    }
                })
            };
            html! {
                <>
                    { header(lang, detail) }
                    if let Some(o) = &*outcome {
                        { outcome_view(lang, o) }
                    }
                    <h2>{ t(lang, Key::CpOperations) }</h2>
                    <p class="muted">{ t(lang, Key::CpOpsIntro) }</p>
                    if detail.total > 0 {
                        <div class="form-actions">
                            <button type="button" id="revert-all" class="button danger" onclick={on_all}
                                disabled={*busy}>
                                { t(lang, if *busy { Key::CpReverting } else { Key::CpRevertAll }) }
                            </button>
                        </div>
                    }
                    <div class={classes!("table-wrap", loading_more.then_some("is-loading"))}>
                        <table id="operations-table" class="table">
                            <thead>
                                <tr>
                                    <th scope="col">{ t(lang, Key::ColTime) }</th>
                                    <th scope="col">{ t(lang, Key::ColAction) }</th>
                                    <th scope="col">{ t(lang, Key::CpColWhat) }</th>
                                    <th scope="col">{ t(lang, Key::CpColStanding) }</th>
                                    <th scope="col"><span class="visually-hidden">{ t(lang, Key::ColActions) }</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                if detail.operations.is_empty() {
                                    <tr><td colspan="5" class="empty">{ t(lang, Key::CpNoOps) }</td></tr>
                                }
                                { for detail.operations.iter().map(|o| operation_row(lang, o, &on_revert, *busy)) }
                            </tbody>
                        </table>
                    </div>
                    <Pager offset={detail.offset} limit={detail.limit} total={detail.total} {on_page} />
                </>
            }
        }
    };

    let title = match data.ready() {
        Some(d) => tf(
            lang,
            Key::CpDetailTitle,
            &[("name", &d.compromise.user_name)],
        ),
        None => t(lang, Key::CpTitle).to_owned(),
    };
    html! {
        <section class="page" id="compromise">
            <p>
                <Link<Route> to={Route::Compromises} classes="back-link">{ t(lang, Key::CpBack) }</Link<Route>>
            </p>
            <h1 id="compromise-heading">{ title }</h1>
            { body }
        </section>
    }
}

fn header(lang: Lang, detail: &CompromiseDetail) -> Html {
    let c = &detail.compromise;
    html! {
        <div class="card">
            <dl class="details" id="compromise-details">
                <dt>{ t(lang, Key::CpColAccount) }</dt>
                <dd>{ c.user_name.clone() }{ " " }<code>{ c.user_login.clone() }</code></dd>
                <dt>{ t(lang, Key::CpColReportedBy) }</dt>
                <dd>{ c.reported_by_name.clone() }</dd>
                <dt>{ t(lang, Key::CpColReportedAt) }</dt>
                <dd>{ local_time(lang, c.reported_at) }</dd>
                <dt>{ t(lang, Key::CpColWindow) }</dt>
                <dd id="compromise-window">{ window_text(lang, c) }</dd>
            </dl>
        </div>
    }
}

/// How an operation is named in a refusal: its time and its cell (or its action).
fn operation_label(lang: Lang, o: &CompromisedOperation) -> String {
    let e = &o.entry;
    let what = cell_title(lang, o)
        .or_else(|| action_name(lang, &e.action).map(str::to_owned))
        .unwrap_or_else(|| t(lang, Key::Dash).to_owned());
    format!("{}, {what}", local_time(lang, e.at))
}

fn outcome_view(lang: Lang, o: &Outcome) -> Html {
    let (outcome, shown) = match o {
        Outcome::Failed(e) => {
            return html! {
                <p class="form-error" role="alert" id="revert-outcome">{ describe(lang, e) }</p>
            }
        }
        Outcome::Done { outcome, shown } => (outcome, shown),
    };
    let count = |key: Key, n: usize| tf(lang, key, &[("n", &n.to_string())]);
    let nothing = outcome.reverted.is_empty() && outcome.refused.is_empty();
    html! {
        <div id="revert-outcome" role="status"
            class={if outcome.refused.is_empty() { "success" } else { "notice warn" }}>
            if nothing {
                <p>{ t(lang, Key::CpOutcomeNothing) }</p>
            }
            if !outcome.reverted.is_empty() {
                <p id="revert-reverted">{ count(Key::CpOutcomeReverted, outcome.reverted.len()) }</p>
            }
            if !outcome.refused.is_empty() {
                <p id="revert-refused">{ count(Key::CpOutcomeRefused, outcome.refused.len()) }</p>
                <ul class="plain-list">
                    { for outcome.refused.iter().map(|r| {
                        let what = shown
                            .iter()
                            .flat_map(|d| d.operations.iter())
                            .find(|op| op.entry.seq == r.seq)
                            .map_or_else(
                                || tf(lang, Key::CpRefusedSeq, &[("seq", &r.seq.to_string())]),
                                |op| operation_label(lang, op),
                            );
                        let reason = refusal_text(lang, &r.code);
                        html! {
                            <li data-seq={r.seq.to_string()} data-code={r.code.clone()}>
                                { tf(lang, Key::CpRefusedItem, &[("what", &what), ("reason", &reason)]) }
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}

/// «Изменено позже: Петрова Анна Ивановна, 12.11.2026 10:05» and the like, when known.
fn standing_by(lang: Lang, o: &CompromisedOperation) -> Option<String> {
    let key = match o.standing {
        OperationStanding::Reverted => Key::CpRevertedBy,
        OperationStanding::ChangedLater => Key::CpChangedLaterBy,
        _ => return None,
    };
    let name = o.by_name.clone()?;
    let time = o
        .by_at
        .map(|at| local_time(lang, at))
        .unwrap_or_else(|| t(lang, Key::Dash).to_owned());
    Some(tf(lang, key, &[("name", &name), ("time", &time)]))
}

fn operation_row(
    lang: Lang,
    o: &CompromisedOperation,
    on_revert: &Callback<i64>,
    busy: bool,
) -> Html {
    let e = &o.entry;
    let seq = e.seq;
    let action = action_name(lang, &e.action)
        .map(str::to_owned)
        .or_else(|| entity_name(lang, &e.entity).map(str::to_owned))
        .unwrap_or_else(|| t(lang, Key::Dash).to_owned());
    let what = cell_title(lang, o);
    let change = cell_change(lang, e);
    let badge = match o.standing {
        OperationStanding::Revertible => "badge warn",
        OperationStanding::Reverted => "badge ok",
        OperationStanding::ChangedLater => "badge danger",
        OperationStanding::NotRevertible => "badge",
    };
    let standing =
        standing_by(lang, o).unwrap_or_else(|| t(lang, standing_key(o.standing)).to_owned());
    let revert = {
        let cb = on_revert.clone();
        Callback::from(move |_: MouseEvent| cb.emit(seq))
    };
    let label = tf(
        lang,
        Key::CpRevertOf,
        &[("what", &operation_label(lang, o))],
    );
    html! {
        <tr id={format!("operation-{seq}")} data-standing={standing_word(o.standing)}>
            <td data-label={t(lang, Key::ColTime)} class="nowrap">{ local_time(lang, e.at) }</td>
            <td data-label={t(lang, Key::ColAction)} title={e.action.clone()}>{ action }</td>
            <td data-label={t(lang, Key::CpColWhat)}>
                if let Some(what) = what {
                    { what }
                    if let Some(change) = change {
                        <br /><span class="operation-change">{ change }</span>
                    }
                } else {
                    { entity_name(lang, &e.entity).unwrap_or(t(lang, Key::Dash)) }
                }
            </td>
            <td data-label={t(lang, Key::CpColStanding)}>
                <span class={badge}>{ standing }</span>
            </td>
            <td class="row-actions">
                if o.standing == OperationStanding::Revertible {
                    <button type="button" class="button small secondary revert" onclick={revert}
                        disabled={busy} aria-label={label}>
                        { t(lang, Key::CpRevert) }
                    </button>
                }
            </td>
        </tr>
    }
}

/// The standing as the server names it, for tests and styles.
fn standing_word(s: OperationStanding) -> &'static str {
    match s {
        OperationStanding::Revertible => "revertible",
        OperationStanding::Reverted => "reverted",
        OperationStanding::ChangedLater => "changed_later",
        OperationStanding::NotRevertible => "not_revertible",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use journal_api_types::audit::AuditEntry;

    #[test]
    fn a_changed_later_operation_names_who_changed_it() {
        let o = CompromisedOperation {
            entry: AuditEntry {
                seq: 3,
                at: Utc::now(),
                actor_id: None,
                actor_login: None,
                actor_role: None,
                action: "journal.mark".into(),
                entity: "journal_page".into(),
                entity_id: None,
                before: None,
                after: None,
                request_id: None,
            },
            page_name: None,
            student_name: None,
            work_type_name: None,
            standing: OperationStanding::ChangedLater,
            by_seq: Some(9),
            by_name: Some("Петрова Анна Ивановна".into()),
            by_at: None,
        };
        assert_eq!(
            standing_by(Lang::Ru, &o).as_deref(),
            Some("Изменено позже: Петрова Анна Ивановна, —")
        );
        let plain = CompromisedOperation {
            standing: OperationStanding::NotRevertible,
            ..o
        };
        assert_eq!(standing_by(Lang::Ru, &plain), None);
    }
}
