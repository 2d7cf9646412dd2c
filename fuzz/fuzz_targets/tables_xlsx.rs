//! An XLSX upload of the import: calamine reads the first sheet into a table, then the row rules
//! of every kind.
#![no_main]

use journal_api::tables::{self, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = tables::read(Format::Xlsx, data) {
        journal_fuzz::check_table(&table);
    }
});
