//! The import's row rules on any table, past the CSV reader: lines split at `\n`, cells at `;`
//! (the first line the header), so the cells may hold what no CSV reader would give, such as
//! quotes, control characters and very long text.
#![no_main]

use journal_domain::import::Table;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text
        .split('\n')
        .map(|l| l.split(';').map(str::to_owned).collect::<Vec<_>>());
    let header = lines.next().unwrap_or_default();
    let rows = lines.enumerate().map(|(i, cells)| (i + 2, cells)).collect();
    journal_fuzz::check_table(&Table { header, rows });
});
