//! Times are stored in UTC and shown on the school's clock (the browser's until the account is
//! loaded), as the school's "today" is.

use crate::i18n::Lang;
use crate::services::week::school_offset;
use chrono::{DateTime, FixedOffset, Local, Utc};

/// `at` on the school's clock.
fn on_school_clock(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    school_offset()
        .and_then(|minutes| FixedOffset::east_opt(minutes * 60))
        .map_or_else(
            || at.with_timezone(&Local).fixed_offset(),
            |zone| at.with_timezone(&zone),
        )
}

/// A moment as people read it: `12.09.2025 08:30` in Russian, `2025-09-12 08:30` in English.
pub fn local_time(lang: Lang, at: DateTime<Utc>) -> String {
    let local = on_school_clock(at);
    match lang {
        Lang::Ru => local.format("%d.%m.%Y %H:%M").to_string(),
        Lang::En => local.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// Like [`local_time`] with seconds, for the audit log.
pub fn local_time_seconds(lang: Lang, at: DateTime<Utc>) -> String {
    let local = on_school_clock(at);
    match lang {
        Lang::Ru => local.format("%d.%m.%Y %H:%M:%S").to_string(),
        Lang::En => local.format("%Y-%m-%d %H:%M:%S").to_string(),
    }
}
