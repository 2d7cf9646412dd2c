//! The journal grid without drawing (R-J1–R-J7, R-F1–R-F6): the page as the server sent it, the
//! changes typed since (the queue, saved in batches with `If-Match`), the page as shown (server page
//! plus queue, averages and forecasts recomputed with `journal_domain::marks` exactly as the server
//! does), undo, and what a key press in a cell means.

mod cells;
mod decide;
mod edits;
mod keys;
mod queue;
#[cfg(test)]
mod tests;

pub use cells::{
    attendance_in, cell_of, default_work_type, finals_of, is_make_up, make_up_date, marks_in,
    period_final, CellKey,
};
pub use decide::{cells_writable, final_settable, Deciding};
pub use edits::{cell_edit_changes, final_change, MarkEdit, REASONS};
pub use keys::{cell_changes, cell_key_action, final_of_key, mark_of_key, moved, picker_keys};
pub use queue::{apply, inverse, refused_index, shown};
