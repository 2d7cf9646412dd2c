//! A CSV upload of the import (`POST /import/{kind}` with text/csv): read into a table, then the
//! row rules of every kind.
#![no_main]

use journal_api::tables::{self, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = Format::detect(Some("text/csv"), data);
    if let Ok(table) = tables::read(Format::Csv, data) {
        journal_fuzz::check_table(&table);
    }
});
