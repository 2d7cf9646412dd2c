//! Saving the queue: after a pause in typing or when asked, in one batch with `If-Match`.

use super::state::{GridAction, GridState};
use crate::services::api::Api;
use journal_api_types::journal::SaveCells;
use journal_api_types::ErrorCode;
use journal_client::{ClientError, JournalSave};
use std::rc::Rc;
use std::time::Duration;
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::prelude::*;

/// A save after a short pause in typing.
#[hook]
pub(super) fn use_idle_save(state: &UseReducerHandle<GridState>) {
    let dispatcher = state.dispatcher();
    use_effect_with(state.edits, move |edits| {
        let edits = *edits;
        if edits > 0 {
            spawn_local(async move {
                yew::platform::time::sleep(Duration::from_millis(2500)).await;
                dispatcher.dispatch(GridAction::Idle(edits));
            });
        }
    });
}

/// Saving the queue when asked.
#[hook]
pub(super) fn use_save_queue(
    state: &UseReducerHandle<GridState>,
    api: Api,
    a_id: Uuid,
    p_id: Uuid,
) {
    let dispatcher = state.dispatcher();
    let snapshot = state.clone();
    use_effect_with(state.want_save, move |want| {
        let s = &*snapshot;
        if *want == 0 || s.sending > 0 || s.queue.is_empty() {
            return;
        }
        let batch = s.queue.clone();
        let n = batch.len();
        let etag = s.etag.clone();
        dispatcher.dispatch(GridAction::Sending(n));
        spawn_local(async move {
            let cells = SaveCells { changes: batch };
            let result = api
                .call(|c| {
                    let (cells, etag) = (cells.clone(), etag.clone());
                    async move { c.save_journal(a_id, p_id, &etag, &cells).await }
                })
                .await;
            let reload = || async {
                api.call(|c| async move { c.journal_page(a_id, p_id).await })
                    .await
            };
            match result {
                Ok(JournalSave::Saved(v)) => dispatcher.dispatch(GridAction::Saved(Rc::new(*v), n)),
                Ok(JournalSave::Stale(_)) => match reload().await {
                    Ok(v) => dispatcher.dispatch(GridAction::Reloaded(Rc::new(v))),
                    Err(e) => dispatcher.dispatch(GridAction::Failed(Rc::new(e))),
                },
                Err(ClientError::Api(p)) if p.code == "invalid_changes" => {
                    dispatcher.dispatch(GridAction::Refused(p.errors, n))
                }
                Err(e) if e.code() == Some(ErrorCode::PeriodLocked) => match reload().await {
                    Ok(v) => dispatcher.dispatch(GridAction::Locked(Rc::new(v), n)),
                    Err(e) => dispatcher.dispatch(GridAction::Failed(Rc::new(e))),
                },
                Err(e) => dispatcher.dispatch(GridAction::Failed(Rc::new(e))),
            }
        });
    });
}
