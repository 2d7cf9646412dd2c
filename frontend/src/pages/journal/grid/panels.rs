//! The lesson, cell and finals panels the grid opens; what they apply is queued and saved at once.

use super::state::GridAction;
use super::{Ctx, Panels};
use crate::pages::journal::cancelled;
use crate::pages::journal::cell_panel::CellPanel;
use crate::pages::journal::finals_panel::FinalsPanel;
use crate::pages::journal::lesson_panel::LessonPanel;
use journal_api_types::journal::{CellChange, PageLesson};
use yew::prelude::*;

/// The lesson panel, while open.
pub(super) fn lesson_panel(cx: &Ctx, panels: &Panels) -> Html {
    let (page, state) = (cx.page, cx.state);
    let panel = panels.lesson.clone();
    let cell_writable = |l: &PageLesson| cx.cell_writable(l);
    html! {
        if let Some(i) = *panel {
            if let Some(l) = page.lessons.get(i) {
                <LessonPanel key={format!("{}-{}", l.entry_id, l.lesson_date)} lesson={l.clone()}
                    work_types={page.work_types.iter().filter(|w| !w.archived).map(|w| (w.code.clone(), w.name.clone())).collect::<Vec<_>>()}
                    writable={cell_writable(l)}
                    on_save={{
                        let dispatcher = state.dispatcher();
                        let panel = panel.clone();
                        Callback::from(move |c: CellChange| {
                            dispatcher.dispatch(GridAction::Edit(vec![c]));
                            dispatcher.dispatch(GridAction::RequestSave);
                            panel.set(None);
                            dispatcher.dispatch(GridAction::Move((0, i)));
                        })
                    }}
                    on_close={{
                        let dispatcher = state.dispatcher();
                        let panel = panel.clone();
                        Callback::from(move |_| {
                            panel.set(None);
                            dispatcher.dispatch(GridAction::Move((0, i)));
                        })
                    }} />
            }
        }
    }
}

/// The cell panel, while open.
pub(super) fn cell_panel(cx: &Ctx, panels: &Panels) -> Html {
    let (page, state) = (cx.page, cx.state);
    let locked = page.locked;
    let cell_panel = panels.cell.clone();
    let cell_writable = |l: &PageLesson| cx.cell_writable(l);
    html! {
        if let Some((r, c)) = *cell_panel {
            if let (Some(st), Some(l)) = (page.students.get(r), page.lessons.get(c)) {
                <CellPanel key={format!("{}-{}-{}", st.id, l.entry_id, l.lesson_date)} page={page.clone()} row={r} col={c}
                    writable={cell_writable(l)}
                    reason_only={!cell_writable(l) && !locked && !cancelled(l) && page.leads_class}
                    on_apply={{
                        let dispatcher = state.dispatcher();
                        let cell_panel = cell_panel.clone();
                        Callback::from(move |changes: Vec<CellChange>| {
                            dispatcher.dispatch(GridAction::Edit(changes));
                            dispatcher.dispatch(GridAction::RequestSave);
                            cell_panel.set(None);
                            dispatcher.dispatch(GridAction::Move((r, c)));
                        })
                    }}
                    on_close={{
                        let dispatcher = state.dispatcher();
                        let cell_panel = cell_panel.clone();
                        Callback::from(move |_| {
                            cell_panel.set(None);
                            dispatcher.dispatch(GridAction::Move((r, c)));
                        })
                    }} />
            }
        }
    }
}

/// The finals panel, while open.
pub(super) fn finals_panel(cx: &Ctx, panels: &Panels, keeper: bool) -> Html {
    let (page, state, final_col) = (cx.page, cx.state, cx.final_col);
    let finals_panel = panels.finals.clone();
    html! {
        if let Some(r) = *finals_panel {
            if let Some(st) = page.students.get(r) {
                <FinalsPanel key={st.id.to_string()} page={page.clone()} row={r} {keeper}
                    on_apply={{
                        let dispatcher = state.dispatcher();
                        Callback::from(move |changes: Vec<CellChange>| {
                            dispatcher.dispatch(GridAction::Edit(changes));
                            dispatcher.dispatch(GridAction::RequestSave);
                        })
                    }}
                    on_close={{
                        let dispatcher = state.dispatcher();
                        let finals_panel = finals_panel.clone();
                        Callback::from(move |_| {
                            finals_panel.set(None);
                            dispatcher.dispatch(GridAction::Move((r, final_col)));
                        })
                    }} />
            }
        }
    }
}
