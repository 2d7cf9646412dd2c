//! Times are stored in UTC and shown in the browser's time zone.

use crate::i18n::Lang;
use chrono::{DateTime, Local, Utc};

/// A moment as people read it: `12.09.2025 08:30` in Russian, `2025-09-12 08:30` in English.
pub fn local_time(lang: Lang, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&Local);
    match lang {
        Lang::Ru => local.format("%d.%m.%Y %H:%M").to_string(),
        Lang::En => local.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// Like [`local_time`] with seconds, for the audit log.
pub fn local_time_seconds(lang: Lang, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&Local);
    match lang {
        Lang::Ru => local.format("%d.%m.%Y %H:%M:%S").to_string(),
        Lang::En => local.format("%Y-%m-%d %H:%M:%S").to_string(),
    }
}
