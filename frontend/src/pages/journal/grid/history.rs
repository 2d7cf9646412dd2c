//! The history of a cell or of a student's finals: who changed what, before and after.

use super::state::GridAction;
use super::Ctx;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::journal::words::{mark_text, reason_text};
use crate::pages::{loading, Load};
use crate::services::api::{describe, Api};
use crate::services::time::local_time;
use crate::services::week::{full_date, short_person};
use journal_api_types::journal::{HistoryFilter, HistoryItem, WorkTypeView};
use std::rc::Rc;
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::prelude::*;

/// The history shown: its title, the entries, and where on the screen it opens (beside its cell).
pub(super) type Shown = Option<(String, Load<Rc<Vec<HistoryItem>>>, Option<(f64, f64)>)>;

/// The width of the history beside a cell, in CSS pixels (22rem).
const WIDTH: f64 = 352.0;

/// Where the history of the cell `id` opens: to its right, or to its left where the screen ends,
/// at its height and inside the window.
fn beside(id: &str) -> Option<(f64, f64)> {
    let window = web_sys::window()?;
    let rect = window
        .document()?
        .get_element_by_id(id)?
        .get_bounding_client_rect();
    let width = window.inner_width().ok()?.as_f64()?;
    let height = window.inner_height().ok()?.as_f64()?;
    let x = if rect.right() + 8.0 + WIDTH <= width {
        rect.right() + 8.0
    } else {
        (rect.left() - 8.0 - WIDTH).max(8.0)
    };
    let y = rect.top().min(height - 320.0).max(8.0);
    Some((x, y))
}

/// Loads and shows the history of a cell (row, column); the finals column shows only finals.
pub(super) fn open_history(
    cx: &Ctx,
    api: &Api,
    history: &UseStateHandle<Shown>,
    a_id: Uuid,
    p_id: Uuid,
) -> Callback<(usize, usize)> {
    let lang = cx.lang;
    let history = history.clone();
    let api = api.clone();
    let page = cx.page.clone();
    Callback::from(move |(r, c): (usize, usize)| {
        let Some(s) = page.students.get(r) else {
            return;
        };
        let lesson = page.lessons.get(c);
        let filter = HistoryFilter {
            student_id: Some(s.id),
            entry_id: lesson.map(|l| l.entry_id),
            lesson_date: lesson.map(|l| l.lesson_date),
        };
        let title = match lesson {
            Some(l) => format!("{}, {}", s.name, full_date(lang, l.held_on)),
            None => format!("{}, {}", s.name, t(lang, Key::JrFinal)),
        };
        let only_finals = lesson.is_none();
        let at = beside(&super::keys::cell_id(r, c));
        history.set(Some((title.clone(), Load::Loading, at)));
        let (api, history) = (api.clone(), history.clone());
        spawn_local(async move {
            let result = api
                .call(|c| {
                    let filter = filter.clone();
                    async move { c.journal_history(a_id, p_id, &filter).await }
                })
                .await;
            history.set(Some((
                title,
                match result {
                    Ok(items) => Load::Ready(Rc::new(
                        items
                            .into_iter()
                            .filter(|i| !only_finals || i.action == "journal.final")
                            .collect(),
                    )),
                    Err(e) => Load::Failed(Rc::new(e)),
                },
                at,
            )));
        });
    })
}

/// The history card, while a history is open; closing it puts the focus back on the active cell.
pub(super) fn history_card(cx: &Ctx, history: &UseStateHandle<Shown>) -> Html {
    let (lang, state, ar, ac) = (cx.lang, cx.state, cx.ar, cx.ac);
    let history = history.clone();
    let work_types = &cx.page.work_types;
    html! {
        if let Some((title, items, at)) = &*history {
            <section class={classes!("card", "history-beside", at.is_some().then_some("placed"))}
                id="journal-history" aria-live="polite"
                style={at.map(|(x, y)| format!("left: {x:.0}px; top: {y:.0}px"))}>
                <h2>{ tf(lang, Key::JrHistoryOf, &[("cell", title)]) }</h2>
                { match items {
                    Load::Loading => loading(lang),
                    Load::Failed(e) => html! { <p class="form-error" role="alert">{ describe(lang, e) }</p> },
                    Load::Ready(items) if items.is_empty() => html! { <p class="muted">{ t(lang, Key::JrHistoryEmpty) }</p> },
                    Load::Ready(items) => html! {
                        <ol class="journal-history">
                            { for items.iter().map(|i| html! {
                                <li>
                                    <strong>{ history_line(lang, i, work_types) }</strong>
                                    <span class="muted">
                                        { " — " }{ short_person(&i.actor_name) }{ ", " }{ local_time(lang, i.at) }
                                    </span>
                                </li>
                            }) }
                        </ol>
                    },
                } }
                <button type="button" class="button secondary" id="journal-history-close"
                    onclick={{ let history = history.clone(); let dispatcher = state.dispatcher();
                        Callback::from(move |_| { history.set(None); dispatcher.dispatch(GridAction::Move((ar, ac))); }) }}>
                    { t(lang, Key::Close) }
                </button>
            </section>
        }
    }
}

/// One history entry in words: «Отметка 5 (устный ответ)» for a new one, «Отметка: 4 (устный ответ)
/// → 5 (устный ответ)» for a change; work types by their names.
pub(super) fn history_line(lang: Lang, i: &HistoryItem, work_types: &[WorkTypeView]) -> String {
    let side = |v: &Option<serde_json::Value>| -> String {
        let Some(v) = v else {
            return t(lang, Key::Dash).to_owned();
        };
        let text = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
        if let Some(value) = text("value") {
            let wt = text("work_type")
                .map(|w| {
                    let name = work_types
                        .iter()
                        .find(|t| t.code == w)
                        .map_or(w.as_str(), |t| t.name.as_str())
                        .to_lowercase();
                    format!(" ({name})")
                })
                .unwrap_or_default();
            let comment = text("comment")
                .map(|c| format!(" «{c}»"))
                .unwrap_or_default();
            let liquidation = if v.get("liquidation").and_then(|l| l.as_bool()) == Some(true) {
                format!(", {}", t(lang, Key::JrLiquidation))
            } else {
                String::new()
            };
            return format!("{}{wt}{comment}{liquidation}", mark_text(lang, &value));
        }
        if let Some(d) = text("deferred_until") {
            return tf(lang, Key::JrDeferredShort, &[("date", &d)]);
        }
        if let Some(status) = text("status") {
            let what = t(
                lang,
                if status == "late" {
                    Key::JrLate
                } else {
                    Key::JrAbsent
                },
            );
            return match text("reason") {
                Some(r) => format!("{what} ({})", reason_text(lang, &r)),
                None => what.to_owned(),
            };
        }
        if v.get("conducted").is_some() {
            return text("topic").unwrap_or_else(|| t(lang, Key::Dash).to_owned());
        }
        if let Some(reason) = text("reason") {
            return reason;
        }
        t(lang, Key::Dash).to_owned()
    };
    let what = match i.action.as_str() {
        "journal.mark" => t(lang, Key::JrHMark),
        "journal.attendance" => t(lang, Key::JrHAttendance),
        "journal.lesson" => t(lang, Key::JrHLesson),
        "journal.final" => t(lang, Key::JrFinal),
        "journal.close" => t(lang, Key::JrHClose),
        "journal.reopen" => t(lang, Key::JrHReopen),
        other => other,
    };
    match (&i.before, &i.after) {
        (None, Some(_)) => format!("{what} {}", side(&i.after)),
        _ => format!("{what}: {} → {}", side(&i.before), side(&i.after)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use serde_json::json;

    #[test]
    fn a_cells_history_reads_in_words() {
        // Issue 12: «Отметка 5 (устный ответ)», not «отметка: — → 5 (oral)».
        let oral = WorkTypeView {
            code: "oral".into(),
            name: "Устный ответ".into(),
            weight: 1.0,
            archived: false,
        };
        let item = |before: Option<serde_json::Value>, after| HistoryItem {
            at: Utc::now(),
            action: "journal.mark".into(),
            actor_id: None,
            actor_name: "Иванова Мария Петровна".into(),
            actor_role: None,
            before,
            after: Some(after),
        };
        let five = json!({"value": "5", "work_type": "oral"});
        let four = json!({"value": "4", "work_type": "oral"});
        let types = [oral];
        assert_eq!(
            history_line(Lang::Ru, &item(None, five.clone()), &types),
            "Отметка 5 (устный ответ)"
        );
        assert_eq!(
            history_line(Lang::Ru, &item(Some(four), five), &types),
            "Отметка: 4 (устный ответ) → 5 (устный ответ)"
        );
    }
}
