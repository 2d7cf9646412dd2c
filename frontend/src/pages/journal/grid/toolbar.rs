//! The grid's period switcher and toolbar: save, undo, status, work type, deferral, panels.

use super::state::{GridAction, Status};
use super::{Ctx, Panels};
use crate::app::Route;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::journal::period_name;
use crate::pages::{use_load, Load};
use crate::services::api::describe;
use crate::services::week::parse_iso;
use journal_api_types::journal::{CellChange, PageLesson, PagePeriod, PageStudent};
use journal_api_types::structure::PeriodInput;
use journal_domain::marks::{format_average, Scale};
use uuid::Uuid;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_router::prelude::*;

/// The periods of the page's grades, for the switcher.
#[hook]
pub(super) fn use_periods(class_period: PagePeriod) -> UseStateHandle<Load<Vec<PeriodInput>>> {
    use_load(class_period.id, move |c, _| {
        let starts = class_period.starts_on;
        async move {
            let years = c.list_years().await?;
            let Some(y) = years
                .iter()
                .find(|y| y.starts_on <= starts && starts <= y.ends_on)
            else {
                return Ok(Vec::new());
            };
            let detail = c.year(y.id).await?;
            let this = detail
                .periods
                .iter()
                .find(|p| p.id == Some(class_period.id))
                .cloned();
            let mut out: Vec<PeriodInput> = detail
                .periods
                .into_iter()
                .filter(|p| {
                    this.as_ref()
                        .is_some_and(|t| t.grade_from == p.grade_from && t.grade_to == p.grade_to)
                })
                .collect();
            out.sort_by_key(|p| p.starts_on);
            Ok(out)
        }
    })
}

/// The page's period, or a switcher among the periods of its grades when there are several.
pub(super) fn period_switch(
    cx: &Ctx,
    periods: &Load<Vec<PeriodInput>>,
    navigator: &Option<Navigator>,
    a_id: Uuid,
) -> Html {
    let (lang, page) = (cx.lang, cx.page);
    let on_period = {
        let navigator = navigator.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let (Ok(period_id), Some(n)) = (Uuid::parse_str(&select.value()), &navigator) {
                n.push(&Route::JournalGrid {
                    assignment_id: a_id,
                    period_id,
                });
            }
        })
    };
    match periods.ready() {
        Some(list) if list.len() > 1 => html! {
            <span class="field inline">
                <label for="journal-period">{ t(lang, Key::JrPeriod) }</label>
                <select id="journal-period" onchange={on_period}>
                    { for list.iter().filter_map(|p| p.id.map(|id| (id, p))).map(|(id, p)| html! {
                        <option value={id.to_string()} selected={id == page.period.id}>
                            { period_name(lang, &p.kind, p.number) }
                        </option>
                    }) }
                </select>
            </span>
        },
        _ => html! { <span>{ period_name(lang, &page.period.kind, page.period.number) }</span> },
    }
}

/// The toolbar: save and undo (unless the page is closed to the caller), the save status, the work
/// type of typed marks, a deferral of the final, and the buttons opening the panels and history.
pub(super) fn toolbar(
    cx: &Ctx,
    keeper: bool,
    panels: &Panels,
    open_history: &Callback<(usize, usize)>,
) -> Html {
    let (lang, page, state) = (cx.lang, cx.page, cx.state);
    let (ar, ac, final_col) = (cx.ar, cx.ac, cx.final_col);
    let locked = page.locked;
    let cell_writable = |l: &PageLesson| cx.cell_writable(l);
    let final_writable = |s: &PageStudent| cx.final_writable(s);
    let work_type_of = |col: usize| cx.work_type_of(col);
    let (cell_panel, finals_panel) = (&panels.cell, &panels.finals);
    let on_save = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(GridAction::RequestSave))
    };
    let on_undo = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(GridAction::Undo))
    };
    let on_work_type = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            dispatcher.dispatch(GridAction::WorkType(ac, select.value()));
        })
    };
    let on_history = {
        let open_history = open_history.clone();
        Callback::from(move |_: MouseEvent| open_history.emit((ar, ac)))
    };
    let pending = state.queue.len();
    let status = match &state.status {
        _ if state.sending > 0 => {
            html! { <span id="journal-status" class="muted" role="status">{ t(lang, Key::Saving) }</span> }
        }
        Status::Failed(e) => {
            html! { <span id="journal-status" class="inline-error" role="alert">{ describe(lang, &e.0) }</span> }
        }
        Status::Refused(n) => {
            html! { <span id="journal-status" class="inline-error" role="alert">{ tf(lang, Key::JrRefused, &[("n", &n.to_string())]) }</span> }
        }
        Status::Locked(n) => {
            html! { <span id="journal-status" class="inline-error" role="alert">{ tf(lang, Key::JrLockedDropped, &[("n", &n.to_string())]) }</span> }
        }
        Status::Reapplied => {
            html! { <span id="journal-status" class="notice warn" role="status">{ t(lang, Key::JrReapplied) }</span> }
        }
        _ if pending > 0 => {
            html! { <span id="journal-status" class="muted" role="status">{ tf(lang, Key::JrPending, &[("n", &pending.to_string())]) }</span> }
        }
        Status::Saved => {
            html! { <span id="journal-status" class="success" role="status" data-saved="true">{ t(lang, Key::JrSaved) }</span> }
        }
        _ => html! { <span id="journal-status" role="status"></span> },
    };
    let active_lesson = page.lessons.get(ac);
    let work_type_select = match active_lesson {
        Some(l) if cell_writable(l) && page.scale != Scale::NoMarks => {
            let current = work_type_of(ac);
            html! {
                <span class="field inline">
                    <label for="journal-work-type">{ t(lang, Key::JrWorkType) }</label>
                    <select id="journal-work-type" onchange={on_work_type}>
                        { for page.work_types.iter().filter(|w| !w.archived).map(|w| html! {
                            <option value={w.code.clone()} selected={w.code == current}>
                                { format!("{} (×{})", w.name, format_average(w.weight, lang == Lang::Ru).trim_end_matches('0').trim_end_matches([',', '.'])) }
                            </option>
                        }) }
                    </select>
                </span>
            }
        }
        _ => Html::default(),
    };
    let deferral = if ac == final_col && page.students.get(ar).is_some_and(final_writable) {
        let student = page.students.get(ar).map(|s| s.id);
        let dispatcher = state.dispatcher();
        let onchange = Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let (Some(day), Some(student_id)) = (parse_iso(&input.value()), student) {
                dispatcher.dispatch(GridAction::Edit(vec![CellChange::Final {
                    student_id,
                    final_kind: "period".into(),
                    value: None,
                    deferred_until: Some(day),
                    comment: None,
                }]));
            }
        });
        html! {
            <span class="field inline">
                <label for="journal-defer">{ t(lang, Key::JrDefer) }</label>
                <input type="date" id="journal-defer" {onchange} />
            </span>
        }
    } else {
        Html::default()
    };
    html! {
        <div class="journal-bar" role="toolbar" aria-label={t(lang, Key::JrToolbar)}>
            if !locked || keeper {
                <button type="button" id="journal-save" class="button primary" onclick={on_save}
                    disabled={pending == 0 || state.sending > 0}>
                    { t(lang, Key::Save) }
                </button>
                <button type="button" id="journal-undo" class="button secondary" onclick={on_undo}
                    disabled={state.undo.is_empty()} title="Ctrl+Z">
                    { t(lang, Key::JrUndo) }
                </button>
            }
            { status }
            { work_type_select }
            { deferral }
            if ac < final_col {
                <button type="button" id="journal-cell-open" class="button secondary"
                    title={t(lang, Key::JrCellShortcut)}
                    onclick={{ let cell_panel = cell_panel.clone(); Callback::from(move |_: MouseEvent| cell_panel.set(Some((ar, ac)))) }}>
                    { t(lang, Key::JrCellOpen) }
                </button>
            } else {
                <button type="button" id="journal-finals-open" class="button secondary"
                    onclick={{ let finals_panel = finals_panel.clone(); Callback::from(move |_: MouseEvent| finals_panel.set(Some(ar))) }}>
                    { t(lang, Key::JrFinalsOpen) }
                </button>
            }
            <button type="button" id="journal-history-open" class="button secondary" onclick={on_history}
                title={t(lang, Key::JrHistoryShortcut)}>
                { t(lang, Key::JrHistory) }
            </button>
        </div>
    }
}
