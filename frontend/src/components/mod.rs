//! Pieces shared by the pages.

pub mod acknowledge;
pub mod field;
pub mod focus;
pub mod form;
pub mod lang_switch;
pub mod layout;
pub mod pager;
pub mod problem;
pub mod since;
pub mod standalone;
pub mod week_picker;
