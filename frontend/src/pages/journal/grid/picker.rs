//! The mark picker of a phone (issue 12, "the journal on a phone"): a tapped cell opens a sheet
//! at the bottom of the screen with the scale's marks, «н», «о» and clearing as buttons a finger
//! hits. A tap does what the key does on a keyboard (`cell_key_action`) and goes on to the next
//! student, so a teacher marks a class down the column; «Подробнее» opens the cell's panel.

use super::state::GridAction;
use super::Ctx;
use crate::i18n::{t, tf, Key};
use crate::pages::journal::today_local;
use crate::pages::journal::words::mark_text;
use crate::services::journal::{cell_changes, cell_key_action, mark_of_key, picker_keys};
use crate::services::week::full_date;
use yew::prelude::*;

/// Whether a tap on a cell opens the picker: the phone's layout, where no keyboard is at hand.
pub(super) fn phone_layout() -> bool {
    crate::services::browser::phone_width()
}

/// The picker, while a cell is picked.
pub(super) fn mark_picker(cx: &Ctx, cell_panel: &UseStateHandle<Option<(usize, usize)>>) -> Html {
    let lang = cx.lang;
    let Some((r, c)) = *cx.picker.clone() else {
        return Html::default();
    };
    let (Some(student), Some(lesson)) = (cx.page.students.get(r), cx.page.lessons.get(c)) else {
        return Html::default();
    };
    let work_type = cx.work_type_of(c);
    let rows = cx.rows;
    let close = {
        let picker = cx.picker.clone();
        Callback::from(move |_: MouseEvent| picker.set(None))
    };
    let more = {
        let (picker, cell_panel) = (cx.picker.clone(), cell_panel.clone());
        Callback::from(move |_: MouseEvent| {
            picker.set(None);
            cell_panel.set(Some((r, c)));
        })
    };
    let button = |key: &'static str| {
        let Some(action) = cell_key_action(cx.page.scale, key) else {
            return Html::default();
        };
        let (text, name) = match key {
            "н" => (
                t(lang, Key::JrAbsentShort).to_owned(),
                t(lang, Key::JrAbsent).to_owned(),
            ),
            "о" => (
                t(lang, Key::JrLateShort).to_owned(),
                t(lang, Key::JrLate).to_owned(),
            ),
            "Delete" => {
                let clear = t(lang, Key::JrPickerClear).to_owned();
                (clear.clone(), clear)
            }
            _ => {
                let shown = mark_of_key(cx.page.scale, key)
                    .map(|m| mark_text(lang, &m))
                    .unwrap_or_default();
                (
                    shown.clone(),
                    tf(lang, Key::JrPickerMark, &[("mark", &shown)]),
                )
            }
        };
        let changes = cell_changes(cx.page, student, lesson, &work_type, &action, today_local());
        let onclick = {
            let dispatcher = cx.state.dispatcher();
            let picker = cx.picker.clone();
            let down = action.moves_down();
            Callback::from(move |_: MouseEvent| {
                dispatcher.dispatch(GridAction::Edit(changes.clone()));
                if down && r + 1 < rows {
                    dispatcher.dispatch(GridAction::Move((r + 1, c)));
                    picker.set(Some((r + 1, c)));
                } else {
                    dispatcher.dispatch(GridAction::Move((r, c)));
                    picker.set(if down { None } else { Some((r, c)) });
                }
            })
        };
        let kind = match key {
            "н" | "о" => "att",
            "Delete" => "clear",
            _ => "mark",
        };
        html! {
            <button type="button" class={classes!("pick", kind, format!("pick-{key}"))}
                data-key={key} aria-label={name} {onclick}>
                { text }
            </button>
        }
    };
    html! {
        <>
        <div class="picker-spacer" aria-hidden="true"></div>
        <section class="mark-picker" id="mark-picker" role="dialog" aria-labelledby="mark-picker-title">
            <p class="mark-picker-title" id="mark-picker-title">
                <strong>{ student.name.clone() }</strong>
                { " · " }{ full_date(lang, lesson.held_on) }
            </p>
            <div class="mark-picker-keys">
                { for picker_keys(cx.page.scale).into_iter().map(button) }
            </div>
            <div class="mark-picker-actions">
                <button type="button" class="button secondary" id="mark-picker-more" onclick={more}>
                    { t(lang, Key::JrPickerMore) }
                </button>
                <button type="button" class="button ghost" id="mark-picker-close" onclick={close}>
                    { t(lang, Key::Close) }
                </button>
            </div>
        </section>
        </>
    }
}
