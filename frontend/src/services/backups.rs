//! «Резервные копии» on the home screen of the admin and the director (R-P3) without drawing:
//! the schedule in words, a backup's age in words, which warning to show, and the facts of one
//! backup («12,3 МБ · 45 678 строк · SQLite»).

use crate::i18n::{plural_key, t, tf, Key, Lang};
use crate::services::files::human_size;
use chrono::{DateTime, Utc};
use journal_api_types::backups::{BackupStatus, BackupView};

/// How many of the newest backups the card lists.
pub const SHOWN: usize = 5;

/// The schedule in words: «каждые 24 ч, хранится 14 копий», «только по команде journal backup,
/// хранятся 3 копии». No interval (or `0`) means the server takes none by itself.
pub fn schedule_words(lang: Lang, every_hours: Option<u32>, keep: u32) -> String {
    let when = match every_hours {
        None | Some(0) => t(lang, Key::BkOnDemand).to_owned(),
        Some(1) => t(lang, Key::BkEveryHour).to_owned(),
        Some(n) => tf(lang, Key::BkEveryHours, &[("n", &n.to_string())]),
    };
    let forms = [Key::BkKeepOne, Key::BkKeepFew, Key::BkKeepMany];
    let keep = tf(
        lang,
        plural_key(lang, u64::from(keep), forms),
        &[("n", &keep.to_string())],
    );
    tf(lang, Key::BkSchedule, &[("when", &when), ("keep", &keep)])
}

/// How long ago `at` was at `now`, in words: «только что», «5 мин назад», «2 ч назад» (hours up to
/// two days, so a daily schedule's «26 ч назад» stays exact), then «3 дня назад». A moment ahead
/// of `now` (the clocks of the server and the browser differ) is «только что».
pub fn age_words(lang: Lang, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let age = now.signed_duration_since(at);
    let (minutes, hours, days) = (age.num_minutes(), age.num_hours(), age.num_days());
    if minutes < 1 {
        t(lang, Key::AgeJustNow).to_owned()
    } else if hours < 1 {
        tf(lang, Key::AgeMinutes, &[("n", &minutes.to_string())])
    } else if hours < 48 {
        tf(lang, Key::AgeHours, &[("n", &hours.to_string())])
    } else {
        let forms = [Key::AgeDaysOne, Key::AgeDaysFew, Key::AgeDaysMany];
        let key = plural_key(lang, days.unsigned_abs(), forms);
        tf(lang, key, &[("n", &days.to_string())])
    }
}

/// What the card says above the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupAlert {
    /// The last backup is older than the schedule allows: a warning.
    Stale,
    /// A schedule is set and still there is no backup: a warning.
    Missing,
    /// No backup and no schedule: a note on how the first one is taken.
    Empty,
}

impl BackupAlert {
    /// Its words.
    pub fn key(self) -> Key {
        match self {
            BackupAlert::Stale => Key::BkStale,
            BackupAlert::Missing => Key::BkMissing,
            BackupAlert::Empty => Key::BkEmpty,
        }
    }

    /// Shown as a warning (else as a quiet note).
    pub fn is_warning(self) -> bool {
        matches!(self, BackupAlert::Stale | BackupAlert::Missing)
    }
}

/// The warning or note the status calls for; none when the backups are on time.
pub fn alert(status: &BackupStatus) -> Option<BackupAlert> {
    match (
        status.overdue,
        status.backups.is_empty() && status.last_at.is_none(),
    ) {
        (true, false) => Some(BackupAlert::Stale),
        (true, true) => Some(BackupAlert::Missing),
        (false, true) => Some(BackupAlert::Empty),
        (false, false) => None,
    }
}

/// When the last backup was taken: the server's word, else the newest listed.
pub fn last_at(status: &BackupStatus) -> Option<DateTime<Utc>> {
    status
        .last_at
        .or_else(|| status.backups.first().map(|b| b.created_at))
}

/// The newest [`SHOWN`] backups (the server lists them newest first).
pub fn recent(status: &BackupStatus) -> &[BackupView] {
    &status.backups[..status.backups.len().min(SHOWN)]
}

/// The disk space the backups kept take together.
pub fn total_size(status: &BackupStatus) -> u64 {
    status
        .backups
        .iter()
        .fold(0_u64, |sum, b| sum.saturating_add(b.size_bytes))
}

/// The database a backup was taken from, as its makers spell it.
pub fn backend_name(backend: &str) -> &str {
    match backend {
        "sqlite" => "SQLite",
        "postgres" => "PostgreSQL",
        other => other,
    }
}

/// A count with its thousands apart: «45 678» (a no-break space) in Russian, `45,678` in English.
pub fn grouped(lang: Lang, n: u64) -> String {
    let digits = n.to_string();
    let separator = match lang {
        Lang::Ru => '\u{a0}',
        Lang::En => ',',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// «45 678 строк», «1 строка», `2 rows`.
pub fn rows_words(lang: Lang, rows: u64) -> String {
    let forms = [Key::BkRowsOne, Key::BkRowsFew, Key::BkRowsMany];
    tf(
        lang,
        plural_key(lang, rows, forms),
        &[("n", &grouped(lang, rows))],
    )
}

/// One backup's facts in a line: «12,3 МБ · 45 678 строк · SQLite».
pub fn backup_facts(lang: Lang, b: &BackupView) -> String {
    format!(
        "{} · {} · {}",
        human_size(lang, b.size_bytes),
        rows_words(lang, b.rows),
        backend_name(&b.backend)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn at(hours: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 5, 2, 0, 0)
            .single()
            .unwrap_or_default()
            + Duration::hours(hours)
    }

    fn backup(hours: i64, size_bytes: u64) -> BackupView {
        BackupView {
            name: format!("backup-{}", -hours),
            created_at: at(hours),
            backend: "sqlite".into(),
            tables: 40,
            rows: 45_678,
            size_bytes,
        }
    }

    fn status(every_hours: Option<u32>, overdue: bool, backups: Vec<BackupView>) -> BackupStatus {
        BackupStatus {
            every_hours,
            keep: 14,
            last_at: backups.first().map(|b| b.created_at),
            overdue,
            backups,
        }
    }

    #[test]
    fn the_schedule_reads_with_the_copies_kept() {
        assert_eq!(
            schedule_words(Lang::Ru, Some(24), 14),
            "каждые 24 ч, хранится 14 копий"
        );
        assert_eq!(
            schedule_words(Lang::Ru, Some(1), 3),
            "каждый час, хранятся 3 копии"
        );
        assert_eq!(
            schedule_words(Lang::Ru, None, 21),
            "только по команде journal backup, хранится 21 копия"
        );
        assert_eq!(
            schedule_words(Lang::Ru, Some(0), 14),
            schedule_words(Lang::Ru, None, 14)
        );
        assert_eq!(
            schedule_words(Lang::En, Some(24), 14),
            "every 24 h, 14 copies kept"
        );
        assert_eq!(
            schedule_words(Lang::En, None, 1),
            "only on demand (journal backup), 1 copy kept"
        );
    }

    #[test]
    fn an_age_reads_in_minutes_hours_then_days() {
        let now = at(0);
        let ago = |minutes: i64| age_words(Lang::Ru, now - Duration::minutes(minutes), now);
        assert_eq!(ago(0), "только что");
        assert_eq!(
            ago(-30),
            "только что",
            "a server clock ahead of the browser's"
        );
        assert_eq!(ago(5), "5 мин назад");
        assert_eq!(ago(59), "59 мин назад");
        assert_eq!(ago(60), "1 ч назад");
        assert_eq!(ago(2 * 60 + 10), "2 ч назад");
        assert_eq!(ago(26 * 60), "26 ч назад");
        assert_eq!(ago(47 * 60 + 59), "47 ч назад");
        assert_eq!(ago(48 * 60), "2 дня назад");
        assert_eq!(ago(3 * 24 * 60 + 5), "3 дня назад");
        assert_eq!(ago(5 * 24 * 60), "5 дней назад");
        assert_eq!(ago(21 * 24 * 60), "21 день назад");
        let en = |minutes: i64| age_words(Lang::En, now - Duration::minutes(minutes), now);
        assert_eq!(en(0), "just now");
        assert_eq!(en(2 * 60), "2 h ago");
        assert_eq!(en(3 * 24 * 60), "3 days ago");
    }

    #[test]
    fn a_warning_only_when_the_server_says_overdue() {
        let on_time = status(Some(24), false, vec![backup(-2, 1)]);
        assert_eq!(alert(&on_time), None);
        let stale = status(Some(24), true, vec![backup(-30, 1)]);
        assert_eq!(alert(&stale), Some(BackupAlert::Stale));
        assert_eq!(
            t(Lang::Ru, BackupAlert::Stale.key()),
            "Последняя резервная копия старше расписания — проверьте сервер и место на диске."
        );
        let missing = status(Some(24), true, Vec::new());
        assert_eq!(alert(&missing), Some(BackupAlert::Missing));
        assert!(t(Lang::Ru, BackupAlert::Missing.key()).starts_with("Резервных копий ещё нет"));
        let manual = status(None, false, Vec::new());
        assert_eq!(alert(&manual), Some(BackupAlert::Empty));
        assert!(BackupAlert::Stale.is_warning() && BackupAlert::Missing.is_warning());
        assert!(!BackupAlert::Empty.is_warning());
        assert_eq!(alert(&status(None, false, vec![backup(-400, 1)])), None);
    }

    #[test]
    fn the_card_lists_the_newest_five_with_their_facts() {
        let backups: Vec<BackupView> = (0..7).map(|i| backup(-24 * i, 1024 << i)).collect();
        let s = status(Some(24), false, backups);
        let names: Vec<&str> = recent(&s).iter().map(|b| b.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "backup-0",
                "backup-24",
                "backup-48",
                "backup-72",
                "backup-96"
            ]
        );
        assert_eq!(total_size(&s), 1024 * 127);
        assert_eq!(last_at(&s), Some(at(0)));
        assert_eq!(
            last_at(&BackupStatus {
                last_at: None,
                ..s.clone()
            }),
            Some(at(0))
        );
        assert_eq!(recent(&status(None, false, Vec::new())).len(), 0);
        assert_eq!(
            backup_facts(Lang::Ru, &backup(0, 12_595)),
            "12,3 КБ · 45\u{a0}678 строк · SQLite"
        );
        let mut pg = backup(0, 4_718_592);
        pg.backend = "postgres".into();
        pg.rows = 1;
        assert_eq!(backup_facts(Lang::En, &pg), "4.5 MB · 1 row · PostgreSQL");
        assert_eq!(backend_name("mysql"), "mysql");
    }

    #[test]
    fn counts_keep_their_thousands_apart() {
        assert_eq!(grouped(Lang::Ru, 0), "0");
        assert_eq!(grouped(Lang::Ru, 999), "999");
        assert_eq!(grouped(Lang::Ru, 1_000), "1\u{a0}000");
        assert_eq!(grouped(Lang::Ru, 1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(grouped(Lang::En, 1_234_567), "1,234,567");
        assert_eq!(rows_words(Lang::Ru, 2), "2 строки");
        assert_eq!(rows_words(Lang::Ru, 11), "11 строк");
        assert_eq!(rows_words(Lang::Ru, 101), "101 строка");
        assert_eq!(rows_words(Lang::En, 1_000), "1,000 rows");
    }
}
