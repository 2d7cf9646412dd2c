//! The lesson plan's CSV (`POST /assignments/{id}/plan/import`): `journal_domain::plan::parse_plan_csv`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(topics) = journal_domain::plan::parse_plan_csv(text) {
            let hours: u32 = topics.iter().map(|t| u32::from(t.hours)).sum();
            let _ = journal_domain::plan::progress(&topics, hours / 2);
        }
    }
});
