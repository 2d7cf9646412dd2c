//! Texts of the «Резервные копии» card on the home screen of the admin and the director (R-P3),
//! and a moment's age in words («2 ч назад», «3 дня назад»).

use super::Key;

/// The Russian and English text of a backups key; `None` for a key of another area.
pub(super) const fn texts(key: Key) -> Option<(&'static str, &'static str)> {
    use Key::*;
    Some(match key {
        BkTitle => ("Резервные копии", "Backups"),
        BkEveryHour => ("каждый час", "every hour"),
        BkEveryHours => ("каждые {n} ч", "every {n} h"),
        BkOnDemand => (
            "только по команде journal backup",
            "only on demand (journal backup)",
        ),
        BkKeepOne => ("хранится {n} копия", "{n} copy kept"),
        BkKeepFew => ("хранятся {n} копии", "{n} copies kept"),
        BkKeepMany => ("хранится {n} копий", "{n} copies kept"),
        BkSchedule => ("{when}, {keep}", "{when}, {keep}"),
        BkStale => (
            "Последняя резервная копия старше расписания — проверьте сервер и место на диске.",
            "The last backup is older than the schedule allows: check the server and its free disk space.",
        ),
        BkMissing => (
            "Резервных копий ещё нет — проверьте сервер и место на диске.",
            "There are no backups yet: check the server and its free disk space.",
        ),
        BkEmpty => (
            "Резервных копий ещё нет. Первую создаёт администратор сервера командой journal backup.",
            "There are no backups yet. The server's administrator takes the first with journal backup.",
        ),
        BkLast => ("Последняя копия", "Last backup"),
        BkCount => ("Копий на сервере", "Backups on the server"),
        BkTotalSize => ("Занимают на диске", "Disk space used"),
        BkRecent => ("Последние копии", "Latest backups"),
        BkRowsOne => ("{n} строка", "{n} row"),
        BkRowsFew => ("{n} строки", "{n} rows"),
        BkRowsMany => ("{n} строк", "{n} rows"),
        BkRestoreHint => (
            "Восстановление выполняет администратор сервера командой journal restore — см. README, раздел «Backups and restore».",
            "The server's administrator restores a backup with journal restore: see the README, “Backups and restore”.",
        ),
        AgeJustNow => ("только что", "just now"),
        AgeMinutes => ("{n} мин назад", "{n} min ago"),
        AgeHours => ("{n} ч назад", "{n} h ago"),
        AgeDaysOne => ("{n} день назад", "{n} day ago"),
        AgeDaysFew => ("{n} дня назад", "{n} days ago"),
        AgeDaysMany => ("{n} дней назад", "{n} days ago"),
        _ => return None,
    })
}
