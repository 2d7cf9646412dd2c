//! The grid of one page: the component wiring its state, saving, table, toolbar, panels, history.

mod history;
mod keys;
mod panels;
mod picker;
mod print;
mod saving;
mod state;
mod table;
mod toolbar;

use super::close_reopen::CloseReopen;
use super::remarks_panel::{remarks_notice, RemarksPanel};
use super::{leads, today_local};
use crate::i18n::{t, Key, Lang};
use crate::services::journal::{cells_writable, default_work_type, final_settable};
use crate::services::state::use_app;
use crate::services::week::full_date;
use history::{history_card, open_history};
use journal_api_types::journal::{JournalPage, PageLesson, PageStudent};
use journal_client::VersionedPage;
use journal_domain::marks::Scale;
use journal_domain::page::PageAccess;
use keys::{grid_keydown, use_focus_follows};
use panels::{cell_panel, finals_panel, lesson_panel};
use saving::{use_idle_save, use_save_queue};
use state::{GridAction, GridState};
use std::rc::Rc;
use table::{lesson_head, student_row};
use toolbar::{period_switch, toolbar, use_periods};
use uuid::Uuid;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct GridProps {
    pub(super) initial: Rc<VersionedPage>,
    pub(super) assignment_id: Uuid,
    pub(super) period_id: Uuid,
}

/// What the parts of the grid read while it is drawn: the page as shown, the grid's state and the
/// active cell.
struct Ctx<'a> {
    lang: Lang,
    page: &'a Rc<JournalPage>,
    state: &'a UseReducerHandle<GridState>,
    /// The active cell: row, column (the lessons, then the period final).
    ar: usize,
    ac: usize,
    rows: usize,
    /// The column of the period final, after the lessons.
    final_col: usize,
    cols: usize,
    /// The cell whose mark picker is open (phones).
    picker: UseStateHandle<Option<(usize, usize)>>,
}

impl Ctx<'_> {
    /// Whether the caller types into the cells of a lesson.
    fn cell_writable(&self, l: &PageLesson) -> bool {
        cells_writable(self.page, l, today_local())
    }

    /// Whether the caller sets a student's period final.
    fn final_writable(&self, s: &PageStudent) -> bool {
        final_settable(self.page, s, "period", today_local())
    }

    /// The work type of marks typed in a column: the one chosen, else the lesson's default.
    fn work_type_of(&self, col: usize) -> String {
        match &self.state.work_type {
            Some((c, code)) if *c == col => code.clone(),
            _ => self
                .page
                .lessons
                .get(col)
                .map(|l| default_work_type(l).to_owned())
                .unwrap_or_default(),
        }
    }
}

/// The panels open over the grid: a lesson's (its column), a cell's (row, column), a student's
/// finals (row).
struct Panels {
    lesson: UseStateHandle<Option<usize>>,
    cell: UseStateHandle<Option<(usize, usize)>>,
    finals: UseStateHandle<Option<usize>>,
}

#[component]
pub(super) fn Grid(props: &GridProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let state = use_reducer(|| GridState::new(&props.initial));
    let panels = Panels {
        lesson: use_state(|| None::<usize>),
        cell: use_state(|| None::<(usize, usize)>),
        finals: use_state(|| None::<usize>),
    };
    let history = use_state(|| -> history::Shown { None });
    let picker = use_state(|| None::<(usize, usize)>);
    // Open remarks on the page, as the remarks panel counts them.
    let remarks_open = use_state(|| 0_usize);
    let (a_id, p_id) = (props.assignment_id, props.period_id);
    let me = app.me();
    // The periods of the page's grades, for the switcher.
    let periods = use_periods(props.initial.page.period.clone());
    let navigator = use_navigator();

    // The keyboard focus follows the active cell.
    use_focus_follows(&state);
    // A save after a short pause in typing.
    use_idle_save(&state);
    // Saving the queue when asked.
    use_save_queue(&state, app.api.clone(), a_id, p_id);

    let page = state.view.clone();
    let Some(me) = me else {
        return Html::default();
    };
    let keeper = page.access == PageAccess::Keep;
    let locked = page.locked;
    let rows = page.students.len();
    let final_col = page.lessons.len();
    let cols = final_col + usize::from(page.scale != Scale::NoMarks);
    let (ar, ac) = state.active;
    let cx = Ctx {
        lang,
        page: &page,
        state: &state,
        ar,
        ac,
        rows,
        final_col,
        cols,
        picker,
    };
    let open_history = open_history(&cx, &app.api, &history, a_id, p_id);
    let onkeydown = grid_keydown(&cx, &panels, &open_history);

    // The header row.
    let heads = page
        .lessons
        .iter()
        .enumerate()
        .map(|(i, l)| lesson_head(&cx, i, l, &panels.lesson));
    let body_rows = page
        .students
        .iter()
        .enumerate()
        .map(|(r, s)| student_row(&cx, r, s));
    let period_switch = period_switch(&cx, &periods, &navigator, a_id);
    let pending = state.queue.len();

    let group = page
        .group_name
        .as_ref()
        .map(|g| format!(" ({g})"))
        .unwrap_or_default();
    let close_reopen = html! {
        <CloseReopen page={page.clone()} {keeper} leads={leads(&me)}
            assignment_id={a_id} period_id={p_id} pending={pending > 0}
            on_page={{
                let dispatcher = state.dispatcher();
                Callback::from(move |v: Rc<VersionedPage>| dispatcher.dispatch(GridAction::Replace(v)))
            }} />
    };
    html! {
        <>
            <h1 id="journal-title" tabindex="-1">{ format!("{} — {}{group}", page.class_name, page.subject_name) }</h1>
            <p class="muted" id="journal-subtitle">
                { page.teacher_name.clone() }{ " · " }{ period_switch }
                { format!(" · {} – {}", full_date(lang, page.period.starts_on), full_date(lang, page.period.ends_on)) }
            </p>
            { remarks_notice(lang, *remarks_open) }
            if locked {
                <p class="notice warn" id="journal-locked" role="status">
                    <span aria-hidden="true">{ "🔒 " }</span>{ t(lang, Key::JrLocked) }
                </p>
            }
            <div class="no-print">{ toolbar(&cx, keeper, &panels, &open_history) }</div>
            <p class="muted small no-print" id="journal-help">{ t(lang, Key::JrHelp) }</p>
            { print::print_view(lang, &page) }
            <div class={classes!("journal-scroll", "no-print", locked.then_some("locked"))}>
                <table id="journal-grid" class="journal-grid" role="grid"
                    aria-labelledby="journal-title" aria-describedby="journal-help"
                    data-version={page.version.to_string()} data-locked={locked.to_string()}
                    onkeydown={onkeydown}>
                    <thead>
                        <tr>
                            <th scope="col" class="num">{ "№" }</th>
                            <th scope="col" class="student">{ t(lang, Key::JrStudent) }</th>
                            { for heads }
                            <th scope="col" class="avg">{ t(lang, Key::JrAverage) }</th>
                            <th scope="col" class="forecast">{ t(lang, Key::JrForecast) }</th>
                            <th scope="col" class="risks">{ t(lang, Key::JrRisks) }</th>
                            if page.scale != Scale::NoMarks {
                                <th scope="col" class="final">{ t(lang, Key::JrFinal) }</th>
                            }
                        </tr>
                    </thead>
                    <tbody>{ for body_rows }</tbody>
                </table>
            </div>
            <div class="no-print">
                { picker::mark_picker(&cx, &panels.cell) }
                { lesson_panel(&cx, &panels) }
                { cell_panel(&cx, &panels) }
                { finals_panel(&cx, &panels, keeper) }
                { history_card(&cx, &history) }
                { close_reopen }
                <RemarksPanel page={page.clone()} assignment_id={a_id} period_id={p_id}
                    on_open={{
                        let remarks_open = remarks_open.clone();
                        Callback::from(move |n: usize| remarks_open.set(n))
                    }} />
            </div>
        </>
    }
}
