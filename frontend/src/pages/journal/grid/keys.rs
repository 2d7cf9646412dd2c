//! The grid's keyboard: the focus on the active cell, keys in the cells and on the lessons' heads.

use super::state::{GridAction, GridState};
use super::{Ctx, Panels};
use crate::pages::journal::today_local;
use crate::services::journal::{cell_changes, cell_key_action, final_of_key, moved};
use journal_api_types::journal::CellChange;
use web_sys::HtmlElement;
use yew::prelude::*;

fn focus_id(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        use wasm_bindgen::JsCast;
        if let Ok(el) = el.dyn_into::<HtmlElement>() {
            let _ = el.focus();
        }
    }
}

pub(super) fn cell_id(r: usize, c: usize) -> String {
    format!("cell-{r}-{c}")
}

/// The keyboard focus follows the active cell.
#[hook]
pub(super) fn use_focus_follows(state: &UseReducerHandle<GridState>) {
    let active = state.active;
    use_effect_with(state.focus, move |_| focus_id(&cell_id(active.0, active.1)));
}

/// The grid's own key handling, for its cells: the active cell, its work type and whether it is
/// writable as the grid is drawn now.
pub(super) fn grid_keydown(
    cx: &Ctx,
    panels: &Panels,
    open_history: &Callback<(usize, usize)>,
) -> Callback<KeyboardEvent> {
    let (ar, ac, rows, cols, final_col) = (cx.ar, cx.ac, cx.rows, cx.cols, cx.final_col);
    let dispatcher = cx.state.dispatcher();
    let page = cx.page.clone();
    let panel = panels.lesson.clone();
    let cell_panel = panels.cell.clone();
    let finals_panel = panels.finals.clone();
    let open_history = open_history.clone();
    let work_type = cx.work_type_of(ac);
    let cell_ok = page.lessons.get(ac).is_some_and(|l| cx.cell_writable(l));
    let final_ok = ac == final_col && page.students.get(ar).is_some_and(|s| cx.final_writable(s));
    Callback::from(move |e: KeyboardEvent| {
        let key = e.key();
        if e.alt_key() || e.meta_key() {
            return;
        }
        if e.ctrl_key() {
            if key == "z" || key == "Z" || key == "я" || key == "Я" {
                e.prevent_default();
                dispatcher.dispatch(GridAction::Undo);
            } else if key == "s" || key == "ы" {
                e.prevent_default();
                dispatcher.dispatch(GridAction::RequestSave);
            }
            return;
        }
        if key == "ArrowUp" && ar == 0 && ac < final_col {
            e.prevent_default();
            focus_id(&format!("lesson-head-{ac}"));
            return;
        }
        if moved(&key, e.shift_key(), (ar, ac), rows, cols).is_some() {
            e.prevent_default();
            dispatcher.dispatch(GridAction::Step(key, e.shift_key(), rows, cols));
            return;
        }
        match key.as_str() {
            // Esc leaves the grid for the page's title; Tab and Shift+Tab lead on from there.
            "Escape" => {
                e.prevent_default();
                focus_id("journal-title");
                return;
            }
            "Enter" => {
                e.prevent_default();
                dispatcher.dispatch(GridAction::RequestSave);
                return;
            }
            "h" | "H" | "р" | "Р" => {
                e.prevent_default();
                open_history.emit((ar, ac));
                return;
            }
            "F2" if ac < final_col => {
                e.prevent_default();
                panel.set(Some(ac));
                return;
            }
            " " | "Spacebar" => {
                e.prevent_default();
                if ac == final_col {
                    finals_panel.set(Some(ar));
                } else {
                    cell_panel.set(Some((ar, ac)));
                }
                return;
            }
            _ => {}
        }
        let Some(student) = page.students.get(ar) else {
            return;
        };
        if ac == final_col {
            if !final_ok {
                return;
            }
            if let Some(value) = final_of_key(page.scale, &key) {
                e.prevent_default();
                dispatcher.dispatch(GridAction::Edit(vec![CellChange::Final {
                    student_id: student.id,
                    final_kind: "period".into(),
                    value: Some(value),
                    deferred_until: None,
                    comment: None,
                }]));
                dispatcher.dispatch(GridAction::Move(((ar + 1).min(rows.saturating_sub(1)), ac)));
            }
            return;
        }
        let Some(lesson) = page.lessons.get(ac) else {
            return;
        };
        let Some(action) = cell_key_action(page.scale, &key) else {
            return;
        };
        e.prevent_default();
        if !cell_ok {
            return;
        }
        let changes = cell_changes(&page, student, lesson, &work_type, &action, today_local());
        dispatcher.dispatch(GridAction::Edit(changes));
        if action.moves_down() {
            // Marks and attendance go down the column: the next student.
            dispatcher.dispatch(GridAction::Move(((ar + 1).min(rows.saturating_sub(1)), ac)));
        }
    })
}

/// Keys on the head of lesson column `i`: down into the cells, left and right along the heads.
pub(super) fn lesson_head_keydown(
    dispatcher: UseReducerDispatcher<GridState>,
    i: usize,
    final_col: usize,
) -> Callback<KeyboardEvent> {
    let last = final_col.saturating_sub(1);
    Callback::from(move |e: KeyboardEvent| {
        // The grid's own key handling is for its cells.
        e.stop_propagation();
        match e.key().as_str() {
            "ArrowDown" => {
                e.prevent_default();
                dispatcher.dispatch(GridAction::Move((0, i)));
            }
            "ArrowLeft" if i > 0 => {
                e.prevent_default();
                focus_id(&format!("lesson-head-{}", i - 1));
            }
            "ArrowRight" if i < last => {
                e.prevent_default();
                focus_id(&format!("lesson-head-{}", i + 1));
            }
            _ => {}
        }
    })
}
