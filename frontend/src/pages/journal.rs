//! «Журнал»: choosing a page (teaching assignment × period) and the grid of a page — students ×
//! lessons with marks and attendance, averages, forecasts and finals (R-J1–R-J7, R-F1–R-F6).
//! Keyboard first: arrows and Tab move, 1–5 marks, «н» absent, «о» late, Delete clears, Ctrl+Z
//! undoes, Enter saves; changes are queued and saved in batches with `If-Match`.

use crate::app::Route;
use crate::components::focus::use_focus_on;
use crate::components::form::{change_setter, input_setter, textarea_setter};
use crate::components::problem::Failure;
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::{load_failed, loading, use_load, use_load_keyed, use_title, Load};
use crate::services::api::describe;
use crate::services::browser;
use crate::services::journal::{
    attendance_in, cell_changes, cell_edit_changes, cell_key_action, cell_of, cells_writable,
    default_work_type, final_change, final_of_key, final_settable, finals_of, inverse, is_make_up,
    make_up_date, marks_in, moved, period_final, refused_index, shown, CellKey, Deciding, MarkEdit,
    REASONS,
};
use crate::services::state::use_app;
use crate::services::week::{current_year, full_date, iso, parse_iso, today};
use chrono::{Local, NaiveDate};
use journal_api_types::auth::Me;
use journal_api_types::journal::{
    CellChange, ClosePage, HistoryFilter, HistoryItem, JournalPage, PageLesson, PageStudent,
    ReopenPage, SaveCells,
};
use journal_api_types::structure::{Assignment, AssignmentFilter, ClassFilter, PeriodInput};
use journal_api_types::ErrorCode;
use journal_api_types::Role;
use journal_client::{ClientError, JournalSave, VersionedPage};
use journal_domain::journal::Refusal;
use journal_domain::marks::{format_average, Risk, Scale, NOT_ATTESTED};
use journal_domain::page::PageAccess;
use journal_domain::timetable::ChangeKind;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;
use uuid::Uuid;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

/// Who may open the journal at all: teachers, class teachers, the deputy and the director (R-A3:
/// never students or guardians).
pub fn sees_journal(me: &Me) -> bool {
    [
        Role::Teacher,
        Role::ClassTeacher,
        Role::Deputy,
        Role::Director,
    ]
    .iter()
    .any(|r| me.roles.contains(r))
}

fn leads(me: &Me) -> bool {
    me.roles.contains(&Role::Deputy) || me.roles.contains(&Role::Director)
}

/// The period a page opens with: the one holding `day`, else the latest begun, else the first.
pub fn default_period(periods: &[PeriodInput], grade: u8, day: NaiveDate) -> Option<Uuid> {
    let mut mine: Vec<&PeriodInput> = periods
        .iter()
        .filter(|p| p.grade_from <= grade && grade <= p.grade_to)
        .collect();
    mine.sort_by_key(|p| p.starts_on);
    mine.iter()
        .find(|p| p.starts_on <= day && day <= p.ends_on)
        .or_else(|| mine.iter().rev().find(|p| p.starts_on <= day))
        .or_else(|| mine.first())
        .and_then(|p| p.id)
}

pub fn period_name(lang: Lang, kind: &str, number: u8) -> String {
    let key = match kind {
        "quarter" => Key::JrQuarter,
        "trimester" => Key::JrTrimester,
        _ => Key::JrHalf,
    };
    tf(lang, key, &[("n", &number.to_string())])
}

// ---------------------------------------------------------------------------------------------
// Choosing a page.

struct Choice {
    periods: Vec<PeriodInput>,
    grades: HashMap<Uuid, u8>,
    classes: Vec<journal_api_types::structure::Class>,
    mine: Vec<Assignment>,
    led: Vec<Assignment>,
}

#[component]
pub fn JournalPickPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::JrTitle);
    let me = app.me();
    let retry = use_state(|| 0_u32);
    let key = me.as_ref().map(|m| (m.user_id, m.roles.clone()));
    let data = use_load_keyed(key, *retry, |c, key| async move {
        let Some((user, roles)) = key else {
            return Ok(None);
        };
        let years = c.list_years().await?;
        let Some(year_id) = current_year(&years, today()) else {
            return Ok(None);
        };
        let year = c.year(year_id).await?;
        let mut classes = c
            .list_classes(&ClassFilter {
                year_id: Some(year_id),
            })
            .await?;
        classes.sort_by(|a, b| (a.grade, &a.letter).cmp(&(b.grade, &b.letter)));
        let mine = if roles.contains(&Role::Teacher) {
            c.list_assignments(&AssignmentFilter {
                teacher_id: Some(user),
                class_id: None,
            })
            .await?
        } else {
            Vec::new()
        };
        let mut led_assignments = Vec::new();
        for class in classes.iter().filter(|k| k.class_teacher_id == Some(user)) {
            led_assignments.extend(
                c.list_assignments(&AssignmentFilter {
                    class_id: Some(class.id),
                    teacher_id: None,
                })
                .await?,
            );
        }
        Ok(Some(Rc::new(Choice {
            periods: year.periods,
            grades: classes.iter().map(|k| (k.id, k.grade)).collect(),
            classes,
            mine,
            led: led_assignments,
        })))
    });
    let chosen_class = use_state(|| None::<Uuid>);
    let class_assignments = use_load(*chosen_class, |c, class| async move {
        match class {
            Some(id) => Ok(c
                .list_assignments(&AssignmentFilter {
                    class_id: Some(id),
                    teacher_id: None,
                })
                .await?),
            None => Ok(Vec::new()),
        }
    });
    let Some(me) = me else {
        return Html::default();
    };
    let body = match &*data {
        Load::Loading => loading(lang),
        Load::Failed(e) => load_failed(lang, e, {
            let retry = retry.clone();
            Callback::from(move |_| retry.set(*retry + 1))
        }),
        Load::Ready(None) => {
            html! { <p class="muted" id="journal-no-year">{ t(lang, Key::JrNoYear) }</p> }
        }
        Load::Ready(Some(choice)) => {
            let list = |id: &'static str, items: &[Assignment], readonly: bool| {
                if items.is_empty() {
                    return html! { <p class="muted" id={id}>{ t(lang, Key::JrNothing) }</p> };
                }
                let mut items = items.to_vec();
                items.sort_by_cached_key(|a| {
                    (
                        choice.grades.get(&a.class_id).copied().unwrap_or(0),
                        a.class_name.clone(),
                        journal_domain::collate::ru_key(&a.subject_name),
                    )
                });
                html! {
                    <ul class="journal-choices" id={id}>
                        { for items.iter().map(|a| {
                            let grade = choice.grades.get(&a.class_id).copied().unwrap_or(0);
                            let period = default_period(&choice.periods, grade, today());
                            let label = match &a.group_name {
                                Some(g) => format!("{} — {} ({g})", a.class_name, a.subject_name),
                                None => format!("{} — {}", a.class_name, a.subject_name),
                            };
                            html! {
                                <li>
                                    if let Some(period_id) = period {
                                        <Link<Route> to={Route::JournalGrid { assignment_id: a.id, period_id }}
                                            classes="journal-open">
                                            <span data-assignment-id={a.id.to_string()}>{ label }</span>
                                        </Link<Route>>
                                    } else {
                                        <span>{ label }</span>
                                    }
                                    { " " }
                                    <span class="muted">{ a.teacher_name.clone() }</span>
                                    if readonly {
                                        { " " }<span class="badge">{ t(lang, Key::JrReadOnly) }</span>
                                    }
                                </li>
                            }
                        }) }
                    </ul>
                }
            };
            let on_class = {
                let chosen_class = chosen_class.clone();
                Callback::from(move |e: Event| {
                    let select: HtmlSelectElement = e.target_unchecked_into();
                    chosen_class.set(Uuid::parse_str(&select.value()).ok());
                })
            };
            let led_readonly: Vec<Assignment> = choice
                .led
                .iter()
                .filter(|a| a.teacher_id != me.user_id)
                .cloned()
                .collect();
            html! {
                <>
                    if me.roles.contains(&Role::Teacher) {
                        <section class="card">
                            <h2>{ t(lang, Key::JrMine) }</h2>
                            { list("journal-mine", &choice.mine, false) }
                        </section>
                    }
                    if !led_readonly.is_empty() && !leads(&me) {
                        <section class="card">
                            <h2>{ tf(lang, Key::JrMyClass, &[("class", &me.led_classes.join(", "))]) }</h2>
                            { list("journal-led", &led_readonly, true) }
                        </section>
                    }
                    if leads(&me) {
                        <section class="card">
                            <h2>{ t(lang, Key::JrAnyClass) }</h2>
                            <div class="field">
                                <label for="journal-class">{ t(lang, Key::JrClass) }</label>
                                <select id="journal-class" onchange={on_class}>
                                    <option value="" selected={chosen_class.is_none()}>{ t(lang, Key::JrChooseClass) }</option>
                                    { for choice.classes.iter().map(|k| html! {
                                        <option value={k.id.to_string()} selected={*chosen_class == Some(k.id)}>{ k.name.clone() }</option>
                                    }) }
                                </select>
                            </div>
                            if chosen_class.is_some() {
                                { match &*class_assignments {
                                    Load::Ready(items) => list("journal-class-list", items, false),
                                    Load::Loading => loading(lang),
                                    Load::Failed(e) => html! { <p class="form-error" role="alert">{ describe(lang, e) }</p> },
                                } }
                            }
                        </section>
                    }
                </>
            }
        }
    };
    html! {
        <section class="page" id="journal-pick">
            <h1>{ t(lang, Key::JrTitle) }</h1>
            { body }
        </section>
    }
}

// ---------------------------------------------------------------------------------------------
// One page.

#[derive(Properties, PartialEq)]
pub struct JournalGridProps {
    pub assignment_id: Uuid,
    pub period_id: Uuid,
}

#[component]
pub fn JournalGridPage(props: &JournalGridProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::JrTitle);
    let retry = use_state(|| 0_u32);
    let ids = (props.assignment_id, props.period_id);
    let page = use_load_keyed(ids, *retry, |c, (a, p)| async move {
        c.journal_page(a, p).await.map(Rc::new)
    });
    let content = match &*page {
        Load::Loading => loading(lang),
        Load::Failed(e) if e.status() == Some(403) => html! {
            <p class="form-error" role="alert" id="journal-forbidden">{ t(lang, Key::JrForbidden) }</p>
        },
        Load::Failed(e) => load_failed(lang, e, {
            let retry = retry.clone();
            Callback::from(move |_| retry.set(*retry + 1))
        }),
        Load::Ready(v) => html! {
            <Grid key={format!("{}/{}", ids.0, ids.1)} initial={v.clone()}
                assignment_id={ids.0} period_id={ids.1} />
        },
    };
    html! {
        <section class="page wide" id="journal">
            <p><Link<Route> to={Route::Journal} classes="back-link">{ t(lang, Key::JrBack) }</Link<Route>></p>
            { content }
        </section>
    }
}

/// Why the last save did not go through, or that it did.
#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Saved,
    /// 412: the page was reloaded and the queue applied on top.
    Reapplied,
    /// 422: so many changes refused.
    Refused(usize),
    /// 423: the period was closed meanwhile; so many changes dropped.
    Locked(usize),
    Failed(Failure),
}

#[derive(Clone, PartialEq)]
struct GridState {
    server: Rc<JournalPage>,
    etag: String,
    /// Typed and not yet saved, in order.
    queue: Vec<CellChange>,
    /// Groups of (change, its inverse), the latest last.
    undo: Vec<Vec<(CellChange, CellChange)>>,
    /// What the grid shows: the server page with the queue applied.
    view: Rc<JournalPage>,
    /// How many of the queue's first changes are being saved.
    sending: usize,
    /// Cells whose change the server refused, with the reason code.
    refused: HashMap<CellKey, String>,
    status: Status,
    /// The active cell: row, column (the lessons, then the period final).
    active: (usize, usize),
    /// A chosen work type for typed marks in a column.
    work_type: Option<(usize, String)>,
    /// Counts edits, for the save after a short idle.
    edits: u64,
    /// Bumped to ask for a save.
    want_save: u64,
    /// Bumped to put the keyboard focus on the active cell.
    focus: u64,
}

enum GridAction {
    Edit(Vec<CellChange>),
    Undo,
    Move((usize, usize)),
    /// A movement key, applied to the active cell as it is when the key is handled (keys typed
    /// faster than the grid redraws still all count): key, Shift, rows, columns.
    Step(String, bool, usize, usize),
    WorkType(usize, String),
    RequestSave,
    Idle(u64),
    Sending(usize),
    Saved(Rc<VersionedPage>, usize),
    Reloaded(Rc<VersionedPage>),
    Refused(Vec<journal_api_types::FieldError>, usize),
    Locked(Rc<VersionedPage>, usize),
    Failed(Rc<ClientError>),
    Replace(Rc<VersionedPage>),
}

/// The school's today (`week::today`), which the journal's decisions go by.
fn today_local() -> NaiveDate {
    today()
}

impl GridState {
    fn new(v: &VersionedPage) -> Self {
        let page = Rc::new(v.page.clone());
        let col = first_column(&page);
        GridState {
            server: page.clone(),
            etag: v.etag.clone(),
            queue: Vec::new(),
            undo: Vec::new(),
            view: page,
            sending: 0,
            refused: HashMap::new(),
            status: Status::Idle,
            active: (0, col),
            work_type: None,
            edits: 0,
            want_save: 0,
            focus: 1,
        }
    }

    fn recompute(&mut self) {
        self.view = Rc::new(shown(&self.server, &self.queue, today_local()));
    }

    fn take(&mut self, v: &VersionedPage) {
        self.server = Rc::new(v.page.clone());
        self.etag = v.etag.clone();
    }
}

/// The column the grid opens on: the last lesson held by today that the caller writes.
fn first_column(page: &JournalPage) -> usize {
    let day = today_local();
    page.lessons
        .iter()
        .rposition(|l| l.writable && l.held_on <= day && !cancelled(l))
        .or_else(|| page.lessons.iter().rposition(|l| l.held_on <= day))
        .unwrap_or(0)
}

fn cancelled(l: &PageLesson) -> bool {
    l.change == Some(ChangeKind::Cancellation)
}

impl Reducible for GridState {
    type Action = GridAction;

    fn reduce(self: Rc<Self>, action: GridAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            GridAction::Edit(changes) => {
                if changes.is_empty() {
                    return self;
                }
                let mut group = Vec::new();
                let mut view = (*s.view).clone();
                for c in changes {
                    // The same decision the server makes: a refused change is shown on its cell
                    // and never queued.
                    let decided = c.decide(&Deciding {
                        page: &view,
                        today: today_local(),
                    });
                    if let Err(r) = decided {
                        if let Some(cell) = cell_of(&c) {
                            s.refused.insert(cell, r.code().to_owned());
                        }
                        continue;
                    }
                    if let Some(back) = inverse(&view, &c) {
                        group.push((c.clone(), back));
                    }
                    if let Some(cell) = cell_of(&c) {
                        s.refused.remove(&cell);
                    }
                    crate::services::journal::apply(&mut view, &c, today_local());
                    s.queue.push(c);
                }
                if !group.is_empty() {
                    s.undo.push(group);
                }
                s.view = Rc::new(view);
                s.edits += 1;
                if s.status != Status::Idle && !matches!(s.status, Status::Failed(_)) {
                    s.status = Status::Idle;
                }
            }
            GridAction::Undo => {
                let Some(group) = s.undo.pop() else {
                    return self;
                };
                for (forward, back) in group.into_iter().rev() {
                    let unsent = s.queue.len() > s.sending;
                    if unsent && s.queue.last() == Some(&forward) {
                        s.queue.pop();
                    } else {
                        s.queue.push(back);
                    }
                }
                s.recompute();
                s.edits += 1;
            }
            GridAction::Move(to) => {
                if s.active.1 != to.1 {
                    s.work_type = None;
                }
                s.active = to;
                s.focus += 1;
            }
            GridAction::Step(key, shift, rows, cols) => {
                let Some(to) = moved(&key, shift, s.active, rows, cols) else {
                    return self;
                };
                if s.active.1 != to.1 {
                    s.work_type = None;
                }
                s.active = to;
                s.focus += 1;
            }
            GridAction::WorkType(col, code) => s.work_type = Some((col, code)),
            GridAction::RequestSave => s.want_save += 1,
            GridAction::Idle(edits) => {
                if edits != s.edits {
                    return self;
                }
                s.want_save += 1;
            }
            GridAction::Sending(n) => s.sending = n,
            GridAction::Saved(v, n) => {
                s.take(&v);
                s.queue.drain(..n.min(s.queue.len()));
                s.sending = 0;
                s.status = Status::Saved;
                s.recompute();
                if !s.queue.is_empty() {
                    s.want_save += 1;
                }
            }
            GridAction::Reloaded(v) => {
                s.take(&v);
                s.sending = 0;
                s.status = Status::Reapplied;
                s.recompute();
                s.want_save += 1;
            }
            GridAction::Refused(errors, n) => {
                let sent: Vec<CellChange> = s.queue[..n.min(s.queue.len())].to_vec();
                let mut out = vec![false; sent.len()];
                for e in &errors {
                    if let Some(i) = refused_index(&e.field).filter(|i| *i < sent.len()) {
                        out[i] = true;
                        if let Some(cell) = cell_of(&sent[i]) {
                            s.refused.insert(cell, e.code.clone());
                        }
                    }
                }
                let refused = out.iter().filter(|x| **x).count();
                let mut i = 0;
                s.queue.retain(|_| {
                    let keep = !out.get(i).copied().unwrap_or(false);
                    i += 1;
                    keep
                });
                s.sending = 0;
                s.status = Status::Refused(refused.max(1));
                s.recompute();
            }
            GridAction::Locked(v, n) => {
                s.take(&v);
                let dropped = s.queue.len().max(n);
                s.queue.clear();
                s.undo.clear();
                s.sending = 0;
                s.status = Status::Locked(dropped);
                s.recompute();
            }
            GridAction::Failed(e) => {
                s.sending = 0;
                s.status = Status::Failed(Failure(e));
            }
            GridAction::Replace(v) => {
                s.take(&v);
                s.recompute();
            }
        }
        Rc::new(s)
    }
}

#[derive(Properties, PartialEq)]
struct GridProps {
    initial: Rc<VersionedPage>,
    assignment_id: Uuid,
    period_id: Uuid,
}

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

fn cell_id(r: usize, c: usize) -> String {
    format!("cell-{r}-{c}")
}

/// What the interface shows for a mark value.
pub fn mark_text(lang: Lang, value: &str) -> String {
    match value {
        NOT_ATTESTED => t(lang, Key::JrNotAttested).to_owned(),
        "pass" => t(lang, Key::JrPass).to_owned(),
        "fail" => t(lang, Key::JrFail).to_owned(),
        "mastered" => "+".to_owned(),
        "not_mastered" => "−".to_owned(),
        v => v.to_owned(),
    }
}

/// Why a cell's change was refused, in words: every refusal of the journal write decision has
/// its own (the match is exhaustive, so a new refusal without words does not compile).
fn refusal_text(lang: Lang, code: &str) -> String {
    let key = match Refusal::parse(code) {
        Some(Refusal::LessonCancelled) => Key::JrRefusedCancelled,
        Some(Refusal::Forbidden) => Key::JrRefusedForbidden,
        Some(Refusal::PeriodLocked) => Key::JrLocked,
        Some(Refusal::MarkOutsideScale | Refusal::NoMarksScale) => Key::JrRefusedScale,
        Some(Refusal::GivenOnOutsideLesson) => Key::ErrGivenOnOutside,
        Some(Refusal::LessonNotOnPage | Refusal::StudentNotOnPage) => Key::JrRefusedNotOnPage,
        Some(Refusal::UnknownWorkType) => Key::JrRefusedWorkType,
        Some(Refusal::PlanTopicNotInPlan) => Key::JrRefusedPlanTopic,
        None => Key::JrRefusedForbidden,
    };
    t(lang, key).to_owned()
}

/// The words for an absence reason.
fn reason_text(lang: Lang, reason: &str) -> String {
    let key = match reason {
        "illness" => Key::JrReasonIllness,
        "excused" => Key::JrReasonExcused,
        "unexcused" => Key::JrReasonUnexcused,
        other => return other.to_owned(),
    };
    t(lang, key).to_owned()
}

/// The letter of an absence reason in a cell: «б» illness, «у» excused, «п» unexcused.
fn reason_short(lang: Lang, reason: &str) -> &'static str {
    t(
        lang,
        match reason {
            "illness" => Key::JrReasonIllnessShort,
            "excused" => Key::JrReasonExcusedShort,
            _ => Key::JrReasonUnexcusedShort,
        },
    )
}

#[component]
fn Grid(props: &GridProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let state = use_reducer(|| GridState::new(&props.initial));
    let panel = use_state(|| None::<usize>);
    let cell_panel = use_state(|| None::<(usize, usize)>);
    let finals_panel = use_state(|| None::<usize>);
    let history = use_state(|| None::<(String, Load<Rc<Vec<HistoryItem>>>)>);
    let (a_id, p_id) = (props.assignment_id, props.period_id);
    let me = app.me();
    // The periods of the page's grades, for the switcher.
    let periods = {
        let class_period = props.initial.page.period.clone();
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
                        this.as_ref().is_some_and(|t| {
                            t.grade_from == p.grade_from && t.grade_to == p.grade_to
                        })
                    })
                    .collect();
                out.sort_by_key(|p| p.starts_on);
                Ok(out)
            }
        })
    };
    let navigator = use_navigator();

    // The keyboard focus follows the active cell.
    {
        let active = state.active;
        use_effect_with(state.focus, move |_| focus_id(&cell_id(active.0, active.1)));
    }
    // A save after a short pause in typing.
    {
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
    // Saving the queue when asked.
    {
        let api = app.api.clone();
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
                    Ok(JournalSave::Saved(v)) => {
                        dispatcher.dispatch(GridAction::Saved(Rc::new(*v), n))
                    }
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
    let cell_writable = |l: &PageLesson| cells_writable(&page, l);
    let final_writable = |s: &PageStudent| final_settable(&page, s, "period", today_local());
    let work_type_of = |col: usize| -> String {
        match &state.work_type {
            Some((c, code)) if *c == col => code.clone(),
            _ => page
                .lessons
                .get(col)
                .map(|l| default_work_type(l).to_owned())
                .unwrap_or_default(),
        }
    };
    let open_history = {
        let history = history.clone();
        let api = app.api.clone();
        let page = page.clone();
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
            history.set(Some((title.clone(), Load::Loading)));
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
                )));
            });
        })
    };

    let onkeydown = {
        let dispatcher = state.dispatcher();
        let page = page.clone();
        let panel = panel.clone();
        let cell_panel = cell_panel.clone();
        let finals_panel = finals_panel.clone();
        let open_history = open_history.clone();
        let work_type = work_type_of(ac);
        let cell_ok = page.lessons.get(ac).is_some_and(cell_writable);
        let final_ok = ac == final_col && page.students.get(ar).is_some_and(final_writable);
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
                    dispatcher
                        .dispatch(GridAction::Move(((ar + 1).min(rows.saturating_sub(1)), ac)));
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
            if matches!(action, crate::services::journal::CellKeyAction::Mark(_)) {
                // Marks go down the column: the next student.
                dispatcher.dispatch(GridAction::Move(((ar + 1).min(rows.saturating_sub(1)), ac)));
            }
        })
    };

    // The header row.
    let heads = page.lessons.iter().enumerate().map(|(i, l)| {
        let marker = l.change.map(|k| match k {
            ChangeKind::Substitution => ("З", Key::JrSubstitution),
            ChangeKind::Cancellation => ("✕", Key::JrCancelled),
            ChangeKind::Move => ("↷", Key::JrMoved),
        });
        let open = {
            let panel = panel.clone();
            Callback::from(move |_: MouseEvent| panel.set(Some(i)))
        };
        let onkeydown = {
            let dispatcher = state.dispatcher();
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
        };
        let mut title = full_date(lang, l.held_on);
        if let Some(topic) = &l.topic {
            title = format!("{title}: {topic}");
        }
        if let Some((_, key)) = marker {
            title = format!("{title} ({})", t(lang, key));
        }
        html! {
            <th scope="col" class={classes!("lesson-col", (i == ac).then_some("active-col"),
                    cancelled(l).then_some("cancelled"), (!cell_writable(l)).then_some("readonly"),
                    l.conducted.then_some("conducted"))}
                data-entry-id={l.entry_id.to_string()} data-date={iso(l.lesson_date)}>
                <button type="button" id={format!("lesson-head-{i}")} class="lesson-head"
                    onclick={open} onkeydown={onkeydown} title={title.clone()} aria-label={title}
                    tabindex={if i == ac { "0" } else { "-1" }}>
                    { l.held_on.format("%d.%m").to_string() }
                    if let Some((m, _)) = marker {
                        <span class="lesson-marker" aria-hidden="true">{ m }</span>
                    }
                </button>
            </th>
        }
    });

    let body_rows = page.students.iter().enumerate().map(|(r, s)| {
        let cells = page.lessons.iter().enumerate().map(|(c, l)| {
            let active = (r, c) == (ar, ac);
            let marks = marks_in(&page, s, l);
            let att = attendance_in(s, l);
            let key = CellKey::of(s, l);
            let refused = state.refused.get(&key);
            let pending = state.queue.iter().any(|q| cell_of(q) == Some(key));
            let onclick = {
                let dispatcher = state.dispatcher();
                Callback::from(move |_: MouseEvent| dispatcher.dispatch(GridAction::Move((r, c))))
            };
            let names: Vec<String> = marks
                .iter()
                .map(|m| {
                    let wt = page
                        .work_types
                        .iter()
                        .find(|w| w.code == m.work_type)
                        .map_or(m.work_type.as_str(), |w| w.name.as_str());
                    let mut line = format!("{} — {wt}", mark_text(lang, &m.value));
                    if is_make_up(m, l) {
                        line = format!("{line} ({})", tf(lang, Key::JrMakeUp, &[("date", &m.given_on.format("%d.%m").to_string())]));
                    }
                    if let Some(c) = &m.comment {
                        line = format!("{line}: «{c}»");
                    }
                    line
                })
                .collect();
            let mut label = format!("{}, {}", s.name, full_date(lang, l.held_on));
            if let Some(a) = att {
                label = format!("{label}: {}", t(lang, if a.status == "late" { Key::JrLate } else { Key::JrAbsent }));
                if let Some(r) = &a.reason {
                    label = format!("{label} ({})", reason_text(lang, r));
                }
            }
            if !names.is_empty() {
                label = format!("{label}; {}", names.join("; "));
            }
            if let Some(code) = refused {
                label = format!("{label}. {}", refusal_text(lang, code));
            }
            html! {
                <td id={cell_id(r, c)} role="gridcell" tabindex={if active { "0" } else { "-1" }}
                    aria-selected={if active { "true" } else { "false" }}
                    aria-readonly={(!cell_writable(l)).then_some("true")}
                    aria-label={label.clone()} title={label}
                    class={classes!("cell", active.then_some("active"), (c == ac).then_some("active-col"),
                        (!cell_writable(l)).then_some("readonly"), cancelled(l).then_some("cancelled"),
                        refused.is_some().then_some("refused"), pending.then_some("pending"))}
                    data-student-id={s.id.to_string()} data-entry-id={l.entry_id.to_string()}
                    data-date={iso(l.lesson_date)} data-col={c.to_string()} {onclick}>
                    if let Some(a) = att {
                        <span class={classes!("att", a.status.as_str())} data-reason={a.reason.clone()}>
                            { t(lang, if a.status == "late" { Key::JrLateShort } else { Key::JrAbsentShort }) }
                            if let Some(r) = &a.reason {
                                <span class="reason">{ reason_short(lang, r) }</span>
                            }
                        </span>
                    }
                    { for marks.iter().map(|m| html! {
                        <span class={classes!("mark", format!("m{}", m.value), m.comment.is_some().then_some("commented"),
                                is_make_up(m, l).then_some("makeup"))}
                            data-work-type={m.work_type.clone()} data-comment={m.comment.clone()}
                            data-given-on={is_make_up(m, l).then(|| iso(m.given_on))}>
                            { mark_text(lang, &m.value) }
                        </span>
                    }) }
                </td>
            }
        });
        let f = &s.forecast;
        let average = f
            .average
            .map(|a| format_average(a, lang == Lang::Ru))
            .unwrap_or_default();
        let final_view = period_final(s);
        let final_text = match final_view {
            Some(fv) => match (&fv.value, fv.deferred_until) {
                (Some(v), _) => mark_text(lang, v),
                (None, Some(d)) => tf(lang, Key::JrDeferredShort, &[("date", &d.format("%d.%m").to_string())]),
                _ => String::new(),
            },
            None => String::new(),
        };
        let final_active = (r, final_col) == (ar, ac);
        let final_click = {
            let dispatcher = state.dispatcher();
            Callback::from(move |_: MouseEvent| dispatcher.dispatch(GridAction::Move((r, final_col))))
        };
        html! {
            <tr data-student-id={s.id.to_string()} class={classes!((r == ar).then_some("active-row"))}>
                <td class="num">{ r + 1 }</td>
                <th scope="row" class="student">{ s.name.clone() }</th>
                { for cells }
                <td class="avg" data-average={f.average.map(|a| format!("{a:.2}"))}>{ average }</td>
                <td class="forecast">{ f.mark.map(|m| m.to_string()).unwrap_or_default() }</td>
                <td class="risks">
                    { for f.risks.iter().map(|risk| match risk {
                        Risk::TooFewMarks => html! { <span class="badge warn" title={t(lang, Key::JrRiskFewLong)}>{ t(lang, Key::JrRiskFew) }</span> },
                        Risk::Failing => html! { <span class="badge danger" title={t(lang, Key::JrRiskFailingLong)}>{ t(lang, Key::JrRiskFailing) }</span> },
                    }) }
                </td>
                if page.scale != Scale::NoMarks {
                    <td id={cell_id(r, final_col)} role="gridcell"
                        tabindex={if final_active { "0" } else { "-1" }}
                        aria-selected={if final_active { "true" } else { "false" }}
                        aria-readonly={(!final_writable(s)).then_some("true")}
                        aria-label={format!("{}: {} {}", s.name, t(lang, Key::JrFinal), final_text)}
                        class={classes!("cell", "final", final_active.then_some("active"),
                            (!final_writable(s)).then_some("readonly"))}
                        data-student-id={s.id.to_string()} data-col={final_col.to_string()}
                        onclick={final_click} data-liquidation={final_view.filter(|f| f.liquidation).map(|_| "true")}>
                        { final_text.clone() }
                        if final_view.is_some_and(|f| f.liquidation) {
                            { " " }<span class="liq" title={t(lang, Key::JrLiquidation)}>{ t(lang, Key::FsLiquidated) }</span>
                        }
                    </td>
                }
            </tr>
        }
    });

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
    let period_switch = match periods.ready() {
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
    };

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
            <h1 id="journal-title">{ format!("{} — {}{group}", page.class_name, page.subject_name) }</h1>
            <p class="muted" id="journal-subtitle">
                { page.teacher_name.clone() }{ " · " }{ period_switch }
                { format!(" · {} – {}", full_date(lang, page.period.starts_on), full_date(lang, page.period.ends_on)) }
            </p>
            if locked {
                <p class="notice warn" id="journal-locked" role="status">
                    <span aria-hidden="true">{ "🔒 " }</span>{ t(lang, Key::JrLocked) }
                </p>
            }
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
            <p class="muted small" id="journal-help">{ t(lang, Key::JrHelp) }</p>
            <div class={classes!("journal-scroll", locked.then_some("locked"))}>
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
            if let Some((title, items)) = &*history {
                <section class="card" id="journal-history" aria-live="polite">
                    <h2>{ tf(lang, Key::JrHistoryOf, &[("cell", title)]) }</h2>
                    { match items {
                        Load::Loading => loading(lang),
                        Load::Failed(e) => html! { <p class="form-error" role="alert">{ describe(lang, e) }</p> },
                        Load::Ready(items) if items.is_empty() => html! { <p class="muted">{ t(lang, Key::JrHistoryEmpty) }</p> },
                        Load::Ready(items) => html! {
                            <ol class="journal-history">
                                { for items.iter().map(|i| html! {
                                    <li>
                                        <span class="muted">{ i.at.with_timezone(&Local).format("%d.%m.%Y %H:%M").to_string() }</span>
                                        { " · " }<strong>{ i.actor_name.clone() }</strong>{ " · " }
                                        { history_line(lang, i) }
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
            { close_reopen }
        </>
    }
}

/// One history entry: what changed, before → after.
fn history_line(lang: Lang, i: &HistoryItem) -> String {
    let side = |v: &Option<serde_json::Value>| -> String {
        let Some(v) = v else {
            return t(lang, Key::Dash).to_owned();
        };
        let text = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
        if let Some(value) = text("value") {
            let wt = text("work_type")
                .map(|w| format!(" ({w})"))
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
    format!("{what}: {} → {}", side(&i.before), side(&i.after))
}

// ---------------------------------------------------------------------------------------------
// The lesson panel.

#[derive(Properties, PartialEq)]
struct LessonPanelProps {
    lesson: PageLesson,
    work_types: Vec<(String, String)>,
    writable: bool,
    on_save: Callback<CellChange>,
    on_close: Callback<()>,
}

#[component]
fn LessonPanel(props: &LessonPanelProps) -> Html {
    let lang = use_app().lang();
    let l = &props.lesson;
    let conducted = use_state(|| l.conducted || l.topic.is_none());
    let topic = use_state(|| l.topic.clone().unwrap_or_default());
    let homework = use_state(|| l.homework.clone().unwrap_or_default());
    let due = use_state(|| l.homework_due.map(iso).unwrap_or_default());
    let chosen = use_state(|| l.work_types.clone());
    let topic_ref = use_node_ref();
    {
        let topic_ref = topic_ref.clone();
        use_effect_with((), move |_| {
            if let Some(input) = topic_ref.cast::<HtmlElement>() {
                let _ = input.focus();
            }
        });
    }
    let submit = {
        let (conducted, topic, homework, due, chosen) = (
            conducted.clone(),
            topic.clone(),
            homework.clone(),
            due.clone(),
            chosen.clone(),
        );
        let on_save = props.on_save.clone();
        let (entry_id, lesson_date, plan_topic_id, note) = (
            l.entry_id,
            l.lesson_date,
            l.plan_topic_id,
            l.homework_note.clone(),
        );
        let writable = props.writable;
        Callback::from(move |()| {
            if !writable {
                return;
            }
            let text = |s: &str| {
                let s = s.trim();
                (!s.is_empty()).then(|| s.to_owned())
            };
            on_save.emit(CellChange::Lesson {
                entry_id,
                lesson_date,
                conducted: *conducted,
                topic: text(&topic),
                plan_topic_id,
                work_types: (*chosen).clone(),
                homework: text(&homework),
                homework_due: parse_iso(&due),
                homework_note: note.clone(),
            });
        })
    };
    let onsubmit = {
        let submit = submit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            submit.emit(());
        })
    };
    let onkeydown = {
        let submit = submit.clone();
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                on_close.emit(());
            } else if e.key() == "Enter" && e.ctrl_key() {
                e.prevent_default();
                submit.emit(());
            }
        })
    };
    let title = tf(
        lang,
        Key::JrLessonOf,
        &[
            ("date", &full_date(lang, l.held_on)),
            ("n", &l.lesson_number.to_string()),
        ],
    );
    html! {
        <section class="card journal-panel" id="lesson-panel" role="dialog" aria-labelledby="lesson-panel-title">
            <h2 id="lesson-panel-title">{ title }</h2>
            if cancelled(l) {
                <p class="notice warn">{ t(lang, Key::JrCancelled) }</p>
            } else if !props.writable {
                <p class="notice warn">{ t(lang, Key::JrReadOnly) }</p>
            }
            <form id="lesson-panel-form" class="form" {onsubmit} {onkeydown} novalidate=true>
                <fieldset class="plain" disabled={!props.writable}>
                    <div class="field">
                        <label for="panel-topic">{ t(lang, Key::LessonTopic) }</label>
                        <input type="text" id="panel-topic" ref={topic_ref} maxlength="500" autocomplete="off"
                            value={(*topic).clone()}
                            oninput={input_setter(&topic)} />
                    </div>
                    <div class="field">
                        <label for="panel-homework">{ t(lang, Key::Homework) }</label>
                        <textarea id="panel-homework" rows="3" maxlength="4000" value={(*homework).clone()}
                            oninput={textarea_setter(&homework)} />
                    </div>
                    <div class="field">
                        <label for="panel-due">{ t(lang, Key::JrDue) }</label>
                        <input type="date" id="panel-due" value={(*due).clone()}
                            onchange={change_setter(&due)} />
                        <span class="hint">{ t(lang, Key::JrDueHint) }</span>
                    </div>
                    <label class="check" for="panel-conducted">
                        <input type="checkbox" id="panel-conducted" checked={*conducted}
                            onchange={{ let conducted = conducted.clone(); Callback::from(move |e: Event| {
                                let i: HtmlInputElement = e.target_unchecked_into(); conducted.set(i.checked()); }) }} />
                        <span>{ t(lang, Key::LessonConducted) }</span>
                    </label>
                    <fieldset class="work-types">
                        <legend>{ t(lang, Key::JrWorkTypesDone) }</legend>
                        { for props.work_types.iter().map(|(code, name)| {
                            let checked = chosen.contains(code);
                            let onchange = {
                                let chosen = chosen.clone();
                                let code = code.clone();
                                Callback::from(move |e: Event| {
                                    let i: HtmlInputElement = e.target_unchecked_into();
                                    let mut next: Vec<String> = (*chosen).iter().filter(|c| **c != code).cloned().collect();
                                    if i.checked() {
                                        next.push(code.clone());
                                    }
                                    chosen.set(next);
                                })
                            };
                            html! {
                                <label class="check" for={format!("panel-wt-{code}")}>
                                    <input type="checkbox" id={format!("panel-wt-{code}")} {checked} {onchange} />
                                    <span>{ name.clone() }</span>
                                </label>
                            }
                        }) }
                    </fieldset>
                </fieldset>
                <HomeworkFiles entry_id={l.entry_id} date={l.lesson_date} writable={props.writable} />
                <div class="form-actions">
                    if props.writable {
                        <button type="submit" id="panel-save" class="button primary">{ t(lang, Key::Save) }</button>
                    }
                    <button type="button" id="panel-close" class="button secondary"
                        onclick={{ let on_close = props.on_close.clone(); Callback::from(move |_| on_close.emit(())) }}>
                        { t(lang, Key::Close) }
                    </button>
                </div>
            </form>
        </section>
    }
}

// ---------------------------------------------------------------------------------------------
// One cell: attendance with its reason, marks with comments and make-up dates (R-J3, R-J4).

#[derive(Properties, PartialEq)]
struct CellPanelProps {
    page: Rc<JournalPage>,
    row: usize,
    col: usize,
    /// The caller writes the lesson.
    writable: bool,
    /// The class teacher of the class: only reasons of absences.
    reason_only: bool,
    on_apply: Callback<Vec<CellChange>>,
    on_close: Callback<()>,
}

fn on_text(s: &UseStateHandle<String>) -> Callback<InputEvent> {
    let s = s.clone();
    Callback::from(move |e: InputEvent| {
        let i: HtmlInputElement = e.target_unchecked_into();
        s.set(i.value());
    })
}

fn on_select(s: &UseStateHandle<String>) -> Callback<Event> {
    let s = s.clone();
    Callback::from(move |e: Event| {
        let i: HtmlSelectElement = e.target_unchecked_into();
        s.set(i.value());
    })
}

#[component]
fn CellPanel(props: &CellPanelProps) -> Html {
    let lang = use_app().lang();
    let page = &props.page;
    let student = &page.students[props.row.min(page.students.len().saturating_sub(1))];
    let lesson = &page.lessons[props.col.min(page.lessons.len().saturating_sub(1))];
    let att = attendance_in(student, lesson);
    let status = use_state(|| {
        att.map(|a| a.status.as_str().to_owned())
            .unwrap_or_default()
    });
    let reason = use_state(|| att.and_then(|a| a.reason.clone()).unwrap_or_default());
    let marks = use_state(|| {
        marks_in(page, student, lesson)
            .into_iter()
            .map(|m| MarkEdit::of(m, lesson))
            .collect::<Vec<_>>()
    });
    let new_work_type = use_state(|| default_work_type(lesson).to_owned());
    let new_value = use_state(String::new);
    let new_comment = use_state(String::new);
    let new_given = use_state(|| {
        make_up_date(student, lesson, today_local())
            .map(iso)
            .unwrap_or_default()
    });
    let first_ref = use_focus_on(());
    let with_marks = page.scale != Scale::NoMarks;
    let apply = {
        let (status, reason, marks) = (status.clone(), reason.clone(), marks.clone());
        let (new_work_type, new_value, new_comment, new_given) = (
            new_work_type.clone(),
            new_value.clone(),
            new_comment.clone(),
            new_given.clone(),
        );
        let (page, row, col) = (props.page.clone(), props.row, props.col);
        let (on_apply, on_close, reason_only) = (
            props.on_apply.clone(),
            props.on_close.clone(),
            props.reason_only,
        );
        Callback::from(move |()| {
            let (Some(student), Some(lesson)) = (page.students.get(row), page.lessons.get(col))
            else {
                return;
            };
            let mut edits = (*marks).clone();
            if !new_value.is_empty() {
                edits.retain(|m| m.work_type != *new_work_type);
                edits.push(MarkEdit {
                    work_type: (*new_work_type).clone(),
                    value: (*new_value).clone(),
                    comment: (*new_comment).clone(),
                    given_on: parse_iso(&new_given),
                });
            }
            let status = Some(status.as_str()).filter(|s| !s.is_empty());
            let reason = Some(reason.as_str()).filter(|s| !s.is_empty());
            let changes = cell_edit_changes(student, lesson, status, reason, &edits, reason_only);
            if changes.is_empty() {
                on_close.emit(());
            } else {
                on_apply.emit(changes);
            }
        })
    };
    let onsubmit = {
        let apply = apply.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            apply.emit(());
        })
    };
    let onkeydown = {
        let (apply, on_close) = (apply.clone(), props.on_close.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                on_close.emit(());
            } else if e.key() == "Enter" && e.ctrl_key() {
                e.prevent_default();
                apply.emit(());
            }
        })
    };
    let work_type_name = |code: &str| {
        page.work_types
            .iter()
            .find(|w| w.code == code)
            .map_or(code.to_owned(), |w| w.name.clone())
    };
    let value_options = |chosen: &str| {
        html! {
            <>
                <option value="" selected={chosen.is_empty()}>{ t(lang, Key::JrMarkNone) }</option>
                { for page.scale.values().iter().map(|v| html! {
                    <option value={*v} selected={chosen == *v}>{ mark_text(lang, v) }</option>
                }) }
            </>
        }
    };
    let set_mark = |i: usize, f: fn(&mut MarkEdit, String)| {
        let marks = marks.clone();
        move |v: String| {
            let mut next = (*marks).clone();
            if let Some(m) = next.get_mut(i) {
                f(m, v);
            }
            marks.set(next);
        }
    };
    let editable = props.writable;
    let title = tf(
        lang,
        Key::JrCellOf,
        &[
            ("student", &student.name),
            ("date", &full_date(lang, lesson.held_on)),
        ],
    );
    html! {
        <section class="card journal-panel" id="cell-panel" role="dialog" aria-labelledby="cell-panel-title">
            <h2 id="cell-panel-title">{ title }</h2>
            if props.reason_only {
                <p class="notice" id="cell-reason-only">{ t(lang, Key::JrReasonOnly) }</p>
            } else if !editable {
                <p class="notice warn">{ t(lang, Key::JrCellReadOnly) }</p>
            }
            <form id="cell-panel-form" class="form" {onsubmit} {onkeydown} novalidate=true>
                <fieldset class="plain">
                    <legend>{ t(lang, Key::JrAttendance) }</legend>
                    <div class="form-row">
                        <div class="field">
                            <label for="cell-status">{ t(lang, Key::JrAttendance) }</label>
                            <select id="cell-status" ref={first_ref.clone()} disabled={!editable}
                                onchange={on_select(&status)}>
                                <option value="" selected={status.is_empty()}>{ t(lang, Key::JrPresent) }</option>
                                <option value="absent" selected={*status == "absent"}>{ t(lang, Key::JrAbsent) }</option>
                                <option value="late" selected={*status == "late"}>{ t(lang, Key::JrLate) }</option>
                            </select>
                        </div>
                        <div class="field">
                            <label for="cell-reason">{ t(lang, Key::JrReason) }</label>
                            <select id="cell-reason" onchange={on_select(&reason)}
                                disabled={status.is_empty() || !(editable || (props.reason_only && *status == "absent"))}>
                                <option value="" selected={reason.is_empty()}>{ t(lang, Key::JrReasonNone) }</option>
                                { for REASONS.iter().map(|r| html! {
                                    <option value={*r} selected={*reason == *r}>{ reason_text(lang, r) }</option>
                                }) }
                            </select>
                        </div>
                    </div>
                </fieldset>
                if with_marks {
                    <fieldset class="plain" disabled={!editable}>
                        <legend>{ t(lang, Key::JrMarksInCell) }</legend>
                        if marks.is_empty() {
                            <p class="muted">{ t(lang, Key::JrNoMarks) }</p>
                        }
                        <ul class="cell-marks">
                            { for marks.iter().enumerate().map(|(i, m)| {
                                let name = work_type_name(&m.work_type);
                                let set_value = set_mark(i, |m, v| m.value = v);
                                let set_comment = set_mark(i, |m, v| m.comment = v);
                                let set_given = set_mark(i, |m, v| m.given_on = parse_iso(&v));
                                html! {
                                    <li data-work-type={m.work_type.clone()}>
                                        <div class="form-row">
                                            <div class="field">
                                                <label for={format!("cell-mark-{i}")}>{ format!("{} — {name}", t(lang, Key::JrMark)) }</label>
                                                <select id={format!("cell-mark-{i}")}
                                                    onchange={Callback::from(move |e: Event| {
                                                        let s: HtmlSelectElement = e.target_unchecked_into(); set_value(s.value()); })}>
                                                    { value_options(&m.value) }
                                                </select>
                                            </div>
                                            <div class="field">
                                                <label for={format!("cell-comment-{i}")}>{ t(lang, Key::JrComment) }</label>
                                                <input type="text" id={format!("cell-comment-{i}")} maxlength="500"
                                                    value={m.comment.clone()}
                                                    oninput={Callback::from(move |e: InputEvent| {
                                                        let s: HtmlInputElement = e.target_unchecked_into(); set_comment(s.value()); })} />
                                            </div>
                                            <div class="field">
                                                <label for={format!("cell-given-{i}")}>{ t(lang, Key::JrGivenOn) }</label>
                                                <input type="date" id={format!("cell-given-{i}")}
                                                    min={iso(lesson.held_on)} max={iso(today_local())}
                                                    value={m.given_on.map(iso).unwrap_or_default()}
                                                    onchange={Callback::from(move |e: Event| {
                                                        let s: HtmlInputElement = e.target_unchecked_into(); set_given(s.value()); })} />
                                            </div>
                                        </div>
                                    </li>
                                }
                            }) }
                        </ul>
                        <h3>{ t(lang, Key::JrAddMark) }</h3>
                        <div class="form-row">
                            <div class="field">
                                <label for="cell-new-work-type">{ t(lang, Key::JrWorkType) }</label>
                                <select id="cell-new-work-type" onchange={on_select(&new_work_type)}>
                                    { for page.work_types.iter().filter(|w| !w.archived).map(|w| html! {
                                        <option value={w.code.clone()} selected={w.code == *new_work_type}>{ w.name.clone() }</option>
                                    }) }
                                </select>
                            </div>
                            <div class="field">
                                <label for="cell-new-value">{ t(lang, Key::JrMark) }</label>
                                <select id="cell-new-value" onchange={on_select(&new_value)}>
                                    { value_options(&new_value) }
                                </select>
                            </div>
                            <div class="field">
                                <label for="cell-new-comment">{ t(lang, Key::JrComment) }</label>
                                <input type="text" id="cell-new-comment" maxlength="500" value={(*new_comment).clone()}
                                    oninput={on_text(&new_comment)} />
                            </div>
                            <div class="field">
                                <label for="cell-new-given">{ t(lang, Key::JrGivenOn) }</label>
                                <input type="date" id="cell-new-given" value={(*new_given).clone()}
                                    min={iso(lesson.held_on)} max={iso(today_local())}
                                    aria-describedby="cell-new-given-hint"
                                    onchange={change_setter(&new_given)} />
                                <span class="hint" id="cell-new-given-hint">{ t(lang, Key::JrGivenOnHint) }</span>
                            </div>
                        </div>
                    </fieldset>
                }
                <div class="form-actions">
                    if editable || props.reason_only {
                        <button type="submit" id="cell-apply" class="button primary">{ t(lang, Key::JrApply) }</button>
                    }
                    <button type="button" id="cell-close" class="button secondary"
                        onclick={{ let on_close = props.on_close.clone(); Callback::from(move |_| on_close.emit(())) }}>
                        { t(lang, Key::Close) }
                    </button>
                </div>
            </form>
        </section>
    }
}

// ---------------------------------------------------------------------------------------------
// Finals of a student: period, year, exam, final; Н/А, deferrals, liquidation (R-F1–R-F4).

const FINAL_KINDS: [(&str, Key); 4] = [
    ("period", Key::JrKindPeriod),
    ("year", Key::JrKindYear),
    ("exam", Key::JrKindExam),
    ("final", Key::JrKindFinal),
];

#[derive(Properties, PartialEq)]
struct FinalsPanelProps {
    page: Rc<JournalPage>,
    row: usize,
    keeper: bool,
    on_apply: Callback<Vec<CellChange>>,
    on_close: Callback<()>,
}

fn final_words(lang: Lang, f: &journal_api_types::journal::FinalView) -> String {
    let mut text = match (&f.value, f.deferred_until) {
        (Some(v), _) => mark_text(lang, v),
        (None, Some(d)) => tf(
            lang,
            Key::JrDeferredShort,
            &[("date", &d.format("%d.%m.%Y").to_string())],
        ),
        _ => String::new(),
    };
    text = format!(
        "{text} {}",
        tf(
            lang,
            Key::JrFinalSetOn,
            &[("date", &f.set_on.format("%d.%m.%Y").to_string())]
        )
    );
    if f.liquidation {
        text = format!("{text}, {}", t(lang, Key::JrLiquidation));
    }
    if let Some(c) = &f.comment {
        text = format!("{text} — {c}");
    }
    text
}

#[component]
fn FinalsPanel(props: &FinalsPanelProps) -> Html {
    let lang = use_app().lang();
    let page = &props.page;
    let kind = use_state(|| "period".to_owned());
    let value = use_state(String::new);
    let deferred = use_state(String::new);
    let comment = use_state(String::new);
    let problem = use_state(|| false);
    let first_ref = use_focus_on(());
    let Some(student) = page.students.get(props.row) else {
        return Html::default();
    };
    let settable = final_settable(page, student, &kind, today_local());
    let onsubmit = {
        let (kind, value, deferred, comment, problem) = (
            kind.clone(),
            value.clone(),
            deferred.clone(),
            comment.clone(),
            problem.clone(),
        );
        let (on_apply, id) = (props.on_apply.clone(), student.id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match final_change(id, &kind, &value, parse_iso(&deferred), &comment) {
                Some(change) => {
                    problem.set(false);
                    value.set(String::new());
                    deferred.set(String::new());
                    comment.set(String::new());
                    on_apply.emit(vec![change]);
                }
                None => problem.set(true),
            }
        })
    };
    let onkeydown = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                on_close.emit(());
            }
        })
    };
    let liquidating = page.locked && settable;
    html! {
        <section class="card journal-panel" id="finals-panel" role="dialog" aria-labelledby="finals-panel-title" {onkeydown}>
            <h2 id="finals-panel-title">{ tf(lang, Key::JrFinalsOf, &[("student", &student.name)]) }</h2>
            <dl class="finals-list">
                { for FINAL_KINDS.iter().map(|(k, key)| {
                    let list = finals_of(page, student, k);
                    let current = list.last().filter(|f| f.current);
                    let earlier: Vec<_> = list.iter().filter(|f| !f.current).collect();
                    html! {
                        <>
                            <dt>{ t(lang, *key) }</dt>
                            <dd id={format!("final-current-{k}")} data-liquidation={current.filter(|f| f.liquidation).map(|_| "true")}>
                                { current.map_or_else(|| t(lang, Key::JrFinalNone).to_owned(), |f| final_words(lang, f)) }
                                if !earlier.is_empty() {
                                    <ul class="final-history" aria-label={t(lang, Key::JrFinalHistory)}>
                                        { for earlier.iter().map(|f| html! {
                                            <li><span class="superseded">{ final_words(lang, f) }</span></li>
                                        }) }
                                    </ul>
                                }
                            </dd>
                        </>
                    }
                }) }
            </dl>
            if props.keeper {
                if page.locked {
                    <p class="notice warn">{ t(lang, Key::JrFinalLockedHint) }</p>
                }
                <form id="finals-form" class="form" {onsubmit} novalidate=true>
                    <div class="form-row">
                        <div class="field">
                            <label for="final-kind">{ t(lang, Key::JrFinalKind) }</label>
                            <select id="final-kind" ref={first_ref} onchange={on_select(&kind)}>
                                { for FINAL_KINDS.iter().map(|(k, key)| html! {
                                    <option value={*k} selected={*kind == *k}>{ t(lang, *key) }</option>
                                }) }
                            </select>
                        </div>
                        <div class="field">
                            <label for="final-value">{ t(lang, Key::JrFinalValue) }</label>
                            <select id="final-value" onchange={on_select(&value)} disabled={!settable}>
                                <option value="" selected={value.is_empty()}>{ t(lang, Key::JrMarkNone) }</option>
                                { for page.scale.values().iter().chain([NOT_ATTESTED].iter()).map(|v| html! {
                                    <option value={*v} selected={*value == *v}>{ mark_text(lang, v) }</option>
                                }) }
                            </select>
                        </div>
                        <div class="field">
                            <label for="final-defer">{ t(lang, Key::JrFinalDefer) }</label>
                            <input type="date" id="final-defer" value={(*deferred).clone()} disabled={!settable || !value.is_empty()}
                                onchange={change_setter(&deferred)} />
                        </div>
                        <div class="field">
                            <label for="final-comment">{ t(lang, Key::JrFinalComment) }</label>
                            <input type="text" id="final-comment" maxlength="500" value={(*comment).clone()}
                                disabled={!settable} oninput={on_text(&comment)} />
                        </div>
                    </div>
                    if *problem {
                        <p class="form-error" role="alert" id="finals-form-error">{ t(lang, Key::JrFinalChooseValue) }</p>
                    }
                    <div class="form-actions">
                        <button type="submit" id="final-set" class="button primary" disabled={!settable}>
                            { t(lang, if liquidating { Key::JrFinalLiquidate } else { Key::JrFinalSet }) }
                        </button>
                        <button type="button" id="finals-close" class="button secondary"
                            onclick={{ let on_close = props.on_close.clone(); Callback::from(move |_| on_close.emit(())) }}>
                            { t(lang, Key::Close) }
                        </button>
                    </div>
                </form>
            } else {
                <button type="button" id="finals-close" class="button secondary" ref={first_ref}
                    onclick={{ let on_close = props.on_close.clone(); Callback::from(move |_| on_close.emit(())) }}>
                    { t(lang, Key::Close) }
                </button>
            }
        </section>
    }
}

// ---------------------------------------------------------------------------------------------
// Homework files of a lesson (R-J1).

#[derive(Properties, PartialEq)]
struct HomeworkFilesProps {
    entry_id: Uuid,
    date: NaiveDate,
    writable: bool,
}

#[component]
fn HomeworkFiles(props: &HomeworkFilesProps) -> Html {
    use crate::services::files::{content_type_of, download, kib_of, read_picked, too_large};
    let app = use_app();
    let lang = app.lang();
    let reload = use_state(|| 0_u32);
    let files = use_load_keyed(
        (props.entry_id, props.date),
        *reload,
        |c, (entry, date)| async move { c.homework_files(entry, date).await },
    );
    // The school's limit, to say it and to check before sending; the server checks anyway.
    let limit = use_load((), |c, _| async move {
        Ok(c.journal_settings().await.ok().map(|s| s.homework_file_kib))
    });
    let limit_kib = limit.ready().copied().flatten();
    let problem = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let too_large_text = move |kib: Option<u32>| match kib {
        Some(kib) => tf(lang, Key::ErrFileTooLarge, &[("kib", &kib.to_string())]),
        None => t(lang, Key::ErrFileTooLargeShort).to_owned(),
    };
    let on_pick = {
        let (api, problem, busy, reload) = (
            app.api.clone(),
            problem.clone(),
            busy.clone(),
            reload.clone(),
        );
        let (entry, date) = (props.entry_id, props.date);
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let (api, problem, busy, reload) =
                (api.clone(), problem.clone(), busy.clone(), reload.clone());
            spawn_local(async move {
                let Some(file) = read_picked(&input).await else {
                    return;
                };
                input.set_value("");
                if too_large(file.bytes.len(), limit_kib) {
                    problem.set(Some(too_large_text(limit_kib)));
                    return;
                }
                busy.set(true);
                problem.set(None);
                let result = api
                    .call(|c| {
                        let file = file.clone();
                        async move {
                            c.upload_homework_file(
                                entry,
                                date,
                                &file.name,
                                content_type_of(&file.name),
                                file.bytes,
                            )
                            .await
                        }
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(_) => reload.set(reload.wrapping_add(1)),
                    Err(e)
                        if matches!(
                            e.code(),
                            Some(ErrorCode::FileTooLarge | ErrorCode::BodyTooLarge)
                        ) =>
                    {
                        problem.set(Some(too_large_text(limit_kib)))
                    }
                    Err(e) => problem.set(Some(describe(lang, &e))),
                }
            });
        })
    };
    let list = match &*files {
        Load::Loading => loading(lang),
        Load::Failed(e) => html! { <p class="form-error" role="alert">{ describe(lang, e) }</p> },
        Load::Ready(list) if list.is_empty() => {
            html! { <p class="muted" id="panel-no-files">{ t(lang, Key::JrNoFiles) }</p> }
        }
        Load::Ready(list) => html! {
            <ul class="journal-files" id="panel-files">
                { for list.iter().map(|f| {
                    let on_download = {
                        let (api, problem) = (app.api.clone(), problem.clone());
                        let (id, name, mime) = (f.id, f.file_name.clone(), f.content_type.clone());
                        Callback::from(move |_: MouseEvent| {
                            let (api, problem, name, mime) = (api.clone(), problem.clone(), name.clone(), mime.clone());
                            spawn_local(async move {
                                match api.call(|c| async move { c.download_file(id).await }).await {
                                    Ok(bytes) => {
                                        if let Err(e) = download(&name, &mime, &bytes) {
                                            problem.set(Some(e));
                                        }
                                    }
                                    Err(e) => problem.set(Some(describe(lang, &e))),
                                }
                            });
                        })
                    };
                    let on_delete = {
                        let (api, problem, reload) = (app.api.clone(), problem.clone(), reload.clone());
                        let (id, name) = (f.id, f.file_name.clone());
                        Callback::from(move |_: MouseEvent| {
                            if !browser::confirm(&tf(lang, Key::JrFileDeleteConfirm, &[("name", &name)])) {
                                return;
                            }
                            let (api, problem, reload) = (api.clone(), problem.clone(), reload.clone());
                            spawn_local(async move {
                                match api.call(|c| async move { c.delete_file(id).await }).await {
                                    Ok(()) => reload.set(reload.wrapping_add(1)),
                                    Err(e) => problem.set(Some(describe(lang, &e))),
                                }
                            });
                        })
                    };
                    html! {
                        <li data-file-id={f.id.to_string()}>
                            <button type="button" class="link-button" onclick={on_download}
                                aria-label={tf(lang, Key::JrFileDownload, &[("name", &f.file_name)])}>
                                { f.file_name.clone() }
                            </button>
                            <span class="muted">{ tf(lang, Key::JrFileSize, &[("kib", &kib_of(f.size_bytes).to_string())]) }</span>
                            if props.writable {
                                <button type="button" class="button small secondary" onclick={on_delete}
                                    aria-label={tf(lang, Key::JrFileDeleteOf, &[("name", &f.file_name)])}>
                                    { t(lang, Key::JrFileDelete) }
                                </button>
                            }
                        </li>
                    }
                }) }
            </ul>
        },
    };
    html! {
        <fieldset class="plain" id="panel-files-box">
            <legend>{ t(lang, Key::JrFiles) }</legend>
            { list }
            if props.writable {
                <div class="field">
                    <label for="panel-file">{ t(lang, Key::JrFileAdd) }</label>
                    <input type="file" id="panel-file" onchange={on_pick} disabled={*busy}
                        aria-describedby="panel-file-hint" />
                    <span class="hint" id="panel-file-hint">
                        { if *busy { t(lang, Key::JrFileUploading).to_owned() }
                          else { limit_kib.map(|k| tf(lang, Key::JrFileLimit, &[("kib", &k.to_string())])).unwrap_or_default() } }
                    </span>
                </div>
            }
            if let Some(message) = &*problem {
                <p class="form-error" role="alert" id="panel-file-error">{ message.clone() }</p>
            }
        </fieldset>
    }
}

// ---------------------------------------------------------------------------------------------
// Closing and reopening the period (R-F2).

#[derive(Properties, PartialEq)]
struct CloseReopenProps {
    page: Rc<JournalPage>,
    keeper: bool,
    leads: bool,
    assignment_id: Uuid,
    period_id: Uuid,
    pending: bool,
    on_page: Callback<Rc<VersionedPage>>,
}

#[component]
fn CloseReopen(props: &CloseReopenProps) -> Html {
    let app = use_app();
    let lang = app.lang();
    let reason = use_state(String::new);
    let until = use_state(String::new);
    let problem = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let p = &props.page;
    let (a_id, p_id) = (props.assignment_id, props.period_id);
    let on_close = {
        let (api, problem, busy, on_page) = (
            app.api.clone(),
            problem.clone(),
            busy.clone(),
            props.on_page.clone(),
        );
        let pending = props.pending;
        Callback::from(move |_: MouseEvent| {
            if pending {
                problem.set(Some(t(lang, Key::JrSaveFirst).to_owned()));
                return;
            }
            if !browser::confirm(t(lang, Key::JrCloseConfirm)) {
                return;
            }
            busy.set(true);
            let (api, problem, busy, on_page) =
                (api.clone(), problem.clone(), busy.clone(), on_page.clone());
            spawn_local(async move {
                let result = api
                    .call(|c| async move {
                        c.close_journal(a_id, p_id, &ClosePage { reason: None })
                            .await
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(v) => {
                        problem.set(None);
                        on_page.emit(Rc::new(v));
                    }
                    Err(e) => problem.set(Some(describe(lang, &e))),
                }
            });
        })
    };
    let on_reopen = {
        let (api, problem, busy, on_page, reason, until) = (
            app.api.clone(),
            problem.clone(),
            busy.clone(),
            props.on_page.clone(),
            reason.clone(),
            until.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let request = ReopenPage {
                reason: reason.trim().to_owned(),
                until: parse_iso(&until),
            };
            if request.reason.chars().count() < 3 {
                problem.set(Some(t(lang, Key::JrReasonRequired).to_owned()));
                return;
            }
            busy.set(true);
            let (api, problem, busy, on_page) =
                (api.clone(), problem.clone(), busy.clone(), on_page.clone());
            spawn_local(async move {
                let result = api
                    .call(|c| {
                        let request = request.clone();
                        async move { c.reopen_journal(a_id, p_id, &request).await }
                    })
                    .await;
                busy.set(false);
                match result {
                    Ok(v) => {
                        problem.set(None);
                        on_page.emit(Rc::new(v));
                    }
                    Err(e) => problem.set(Some(describe(lang, &e))),
                }
            });
        })
    };
    html! {
        <section class="card" id="journal-locks">
            <h2>{ t(lang, Key::JrLocks) }</h2>
            if p.locks.is_empty() {
                <p class="muted">{ t(lang, Key::JrNoLocks) }</p>
            } else {
                <ul class="journal-locks">
                    { for p.locks.iter().map(|l| html! {
                        <li data-kind={l.kind.clone()}>
                            <span aria-hidden="true">{ if l.kind == "close" { "🔒 " } else { "🔓 " } }</span>
                            <strong>{ t(lang, if l.kind == "close" { Key::JrHClose } else { Key::JrHReopen }) }</strong>
                            { format!(" · {} · {}", l.at.with_timezone(&Local).format("%d.%m.%Y %H:%M"), l.by_name) }
                            if let Some(r) = &l.reason {
                                { format!(" · {r}") }
                            }
                            if let Some(u) = l.until {
                                { format!(" · {}", tf(lang, Key::JrUntil, &[("date", &full_date(lang, u))])) }
                            }
                        </li>
                    }) }
                </ul>
            }
            if props.keeper && !p.locked {
                <button type="button" id="journal-close" class="button secondary" onclick={on_close} disabled={*busy}>
                    { t(lang, Key::JrClose) }
                </button>
            }
            if props.leads && p.locked {
                <form id="journal-reopen" class="form" onsubmit={on_reopen} novalidate=true>
                    <div class="field">
                        <label for="reopen-reason">{ t(lang, Key::JrReopenReason) }</label>
                        <input type="text" id="reopen-reason" maxlength="500" value={(*reason).clone()}
                            oninput={input_setter(&reason)} />
                    </div>
                    <div class="field">
                        <label for="reopen-until">{ t(lang, Key::JrReopenUntil) }</label>
                        <input type="date" id="reopen-until" value={(*until).clone()}
                            onchange={change_setter(&until)} />
                    </div>
                    <button type="submit" id="reopen-submit" class="button primary" disabled={*busy}>{ t(lang, Key::JrReopen) }</button>
                </form>
            }
            if let Some(message) = &*problem {
                <p class="form-error" role="alert" id="journal-lock-error">{ message.clone() }</p>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(id: u128, grades: (u8, u8), from: (u32, u32), to: (u32, u32)) -> PeriodInput {
        let d = |(m, day): (u32, u32)| {
            let y = if m >= 9 { 2025 } else { 2026 };
            NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
        };
        PeriodInput {
            id: Some(Uuid::from_u128(id)),
            kind: "quarter".into(),
            number: 1,
            grade_from: grades.0,
            grade_to: grades.1,
            starts_on: d(from),
            ends_on: d(to),
        }
    }

    #[test]
    fn a_page_opens_on_the_period_of_today_else_the_last_begun() {
        let periods = [
            period(1, (1, 9), (9, 1), (10, 24)),
            period(2, (1, 9), (11, 5), (12, 28)),
            period(3, (10, 11), (9, 1), (12, 28)),
        ];
        let day = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap_or_default();
        assert_eq!(
            default_period(&periods, 7, day(11, 20)),
            Some(Uuid::from_u128(2))
        );
        // The autumn holidays: the quarter just ended.
        assert_eq!(
            default_period(&periods, 7, day(10, 30)),
            Some(Uuid::from_u128(1))
        );
        assert_eq!(
            default_period(&periods, 10, day(10, 30)),
            Some(Uuid::from_u128(3))
        );
        // Before the year: the first.
        assert_eq!(
            default_period(&periods, 7, day(8, 20)),
            Some(Uuid::from_u128(1))
        );
        assert_eq!(default_period(&periods, 12, day(11, 20)), None);
    }
}
