//! The grid's state — server page, queue, undo, active cell — and what each action does to it.

use crate::components::problem::Failure;
use crate::pages::journal::{cancelled, today_local};
use crate::services::journal::{cell_of, inverse, moved, refused_index, shown, CellKey, Deciding};
use journal_api_types::journal::{CellChange, JournalPage};
use journal_client::{ClientError, VersionedPage};
use std::collections::HashMap;
use std::rc::Rc;
use yew::prelude::*;

/// Why the last save did not go through, or that it did.
#[derive(Clone, PartialEq)]
pub(super) enum Status {
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
pub(super) struct GridState {
    pub(super) server: Rc<JournalPage>,
    pub(super) etag: String,
    /// Typed and not yet saved, in order.
    pub(super) queue: Vec<CellChange>,
    /// Groups of (change, its inverse), the latest last.
    pub(super) undo: Vec<Vec<(CellChange, CellChange)>>,
    /// What the grid shows: the server page with the queue applied.
    pub(super) view: Rc<JournalPage>,
    /// How many of the queue's first changes are being saved.
    pub(super) sending: usize,
    /// Cells whose change the server refused, with the reason code.
    pub(super) refused: HashMap<CellKey, String>,
    pub(super) status: Status,
    /// The active cell: row, column (the lessons, then the period final).
    pub(super) active: (usize, usize),
    /// A chosen work type for typed marks in a column.
    pub(super) work_type: Option<(usize, String)>,
    /// Counts edits, for the save after a short idle.
    pub(super) edits: u64,
    /// Bumped to ask for a save.
    pub(super) want_save: u64,
    /// Bumped to put the keyboard focus on the active cell.
    pub(super) focus: u64,
}

pub(super) enum GridAction {
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

impl GridState {
    pub(super) fn new(v: &VersionedPage) -> Self {
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
