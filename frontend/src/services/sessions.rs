//! Sessions and compromised credentials (R-S5, R-S6) in words: why a session ended, how an
//! operation of a compromised account stands, why a revert was refused, what a journal change
//! changed; and the «подозреваю с» moment typed on the school's clock, in UTC for the API.

use crate::i18n::{problem_key, t, tf, Key, Lang};
use crate::services::week::{full_date, parse_iso, school_offset};
use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use journal_api_types::audit::AuditEntry;
use journal_api_types::sessions::{CompromisedOperation, OperationStanding, SessionView};
use serde_json::Value;

/// Every reason a session ends, as the server names it.
#[cfg(test)]
const END_REASONS: [&str; 7] = [
    "logout",
    "logout_all",
    "ended_by_user",
    "reused_token",
    "password",
    "compromise",
    "by_admin",
];

/// The refusals of a revert the page names itself; others are the journal's own problem codes.
#[cfg(test)]
const REFUSALS: [&str; 5] = [
    "changed_later",
    "reverted",
    "not_revertible",
    "not_in_report",
    "period_locked",
];

/// The words for why a session ended; an ended session without a reason ran out of time.
pub fn end_reason_key(reason: Option<&str>) -> Key {
    match reason {
        Some("logout") => Key::SsReasonLogout,
        Some("logout_all") => Key::SsReasonLogoutAll,
        Some("ended_by_user") => Key::SsReasonEndedByUser,
        Some("reused_token") => Key::SsReasonReusedToken,
        Some("password") => Key::SsReasonPassword,
        Some("compromise") => Key::SsReasonCompromise,
        Some("by_admin") => Key::SsReasonByAdmin,
        _ => Key::SsReasonExpired,
    }
}

/// A session's state in words: «Текущий сеанс», «Активен», «Завершён: выход».
pub fn session_status(lang: Lang, s: &SessionView) -> String {
    if s.current {
        t(lang, Key::SsCurrent).to_owned()
    } else if s.active {
        t(lang, Key::SsActive).to_owned()
    } else {
        let reason = t(lang, end_reason_key(s.end_reason.as_deref()));
        tf(lang, Key::SsEndedWith, &[("reason", reason)])
    }
}

/// The device of a session, «Неизвестное устройство» when the browser did not say.
pub fn device_name(lang: Lang, s: &SessionView) -> String {
    s.device
        .clone()
        .filter(|d| !d.trim().is_empty())
        .unwrap_or_else(|| t(lang, Key::SsUnknownDevice).to_owned())
}

/// The short words for how an operation stands.
pub fn standing_key(standing: OperationStanding) -> Key {
    match standing {
        OperationStanding::Revertible => Key::CpRevertible,
        OperationStanding::Reverted => Key::CpReverted,
        OperationStanding::ChangedLater => Key::CpChangedLater,
        OperationStanding::NotRevertible => Key::CpNotRevertible,
    }
}

/// Why a revert was refused, in words: the page's own refusals, else the journal's problem words,
/// else a general «отменить не удалось» (never the bare code).
pub fn refusal_text(lang: Lang, code: &str) -> String {
    let key = match code {
        "changed_later" => Key::CpWhyChangedLater,
        "reverted" => Key::CpWhyReverted,
        "not_revertible" => Key::CpWhyNotRevertible,
        "not_in_report" => Key::CpWhyNotInReport,
        "period_locked" => Key::CpWhyPeriodLocked,
        other => problem_key(other).unwrap_or(Key::CpWhyOther),
    };
    t(lang, key).to_owned()
}

/// Why «подозреваю с» is not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SinceProblem {
    /// Not a date, or not a time.
    Unreadable,
    /// Later than now.
    InFuture,
}

/// The moment typed as a date (`YYYY-MM-DD`) and a time (`HH:MM`, midnight when empty) at
/// `offset_minutes` east of UTC; `None` without a date.
pub fn since_at(
    date: &str,
    time: &str,
    offset_minutes: i32,
) -> Result<Option<DateTime<Utc>>, SinceProblem> {
    let Some(local) = typed(date, time)? else {
        return Ok(None);
    };
    let utc = local - chrono::Duration::minutes(i64::from(offset_minutes));
    Ok(Some(Utc.from_utc_datetime(&utc)))
}

/// The date and time as typed, without a zone.
fn typed(date: &str, time: &str) -> Result<Option<NaiveDateTime>, SinceProblem> {
    let (date, time) = (date.trim(), time.trim());
    if date.is_empty() {
        return if time.is_empty() {
            Ok(None)
        } else {
            Err(SinceProblem::Unreadable)
        };
    }
    let day: NaiveDate = parse_iso(date).ok_or(SinceProblem::Unreadable)?;
    let at = if time.is_empty() {
        NaiveTime::MIN
    } else {
        NaiveTime::parse_from_str(time, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M:%S"))
            .map_err(|_| SinceProblem::Unreadable)?
    };
    Ok(Some(day.and_time(at)))
}

/// «Подозреваю с» on the school's clock (the browser's before the account is loaded) in UTC,
/// refused when later than `now`.
pub fn suspected_since(
    date: &str,
    time: &str,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, SinceProblem> {
    let at = match school_offset() {
        Some(minutes) => since_at(date, time, minutes)?,
        None => match typed(date, time)? {
            None => None,
            Some(local) => Some(
                Local
                    .from_local_datetime(&local)
                    .earliest()
                    .ok_or(SinceProblem::Unreadable)?
                    .with_timezone(&Utc),
            ),
        },
    };
    match at {
        Some(at) if at > now => Err(SinceProblem::InFuture),
        other => Ok(other),
    }
}

/// The words for a refused «подозреваю с».
pub fn since_problem_key(p: SinceProblem) -> Key {
    match p {
        SinceProblem::Unreadable => Key::CpSinceWrong,
        SinceProblem::InFuture => Key::ErrSinceInFuture,
    }
}

fn field<'a>(entry: &'a AuditEntry, name: &str) -> Option<&'a Value> {
    entry
        .after
        .as_ref()
        .and_then(|v| v.get(name))
        .filter(|v| !v.is_null())
        .or_else(|| {
            entry
                .before
                .as_ref()
                .and_then(|v| v.get(name))
                .filter(|v| !v.is_null())
        })
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Between the parts of a cell's description: the student, the page, the cell.
const PART: &str = " · ";

/// A name the server gave, when it says something.
fn named(name: Option<&String>) -> Option<&str> {
    name.map(|n| n.trim()).filter(|n| !n.is_empty())
}

/// Which journal cell an operation touched, from the names the server put into it, e.g.
/// «Иванов Пётр · Математика, 7Б · Отметка (Контрольная работа) за 12.11.2026»; `None` for an
/// operation that is not a journal cell. A name the server did not give is left out (a work type
/// reads «—»), never replaced by its code.
pub fn cell_title(lang: Lang, op: &CompromisedOperation) -> Option<String> {
    let entry = &op.entry;
    let date = text(field(entry, "lesson_date"))
        .map(|d| parse_iso(&d).map_or(d, |day| full_date(lang, day)))
        .unwrap_or_else(|| t(lang, Key::Dash).to_owned());
    let what = match entry.action.as_str() {
        "journal.mark" => {
            let work = named(op.work_type_name.as_ref()).unwrap_or(t(lang, Key::Dash));
            tf(lang, Key::CpCellMark, &[("work", work), ("date", &date)])
        }
        "journal.attendance" => tf(lang, Key::CpCellAttendance, &[("date", &date)]),
        "journal.lesson" => tf(lang, Key::CpCellLesson, &[("date", &date)]),
        _ => return None,
    };
    let parts: Vec<&str> = [
        named(op.student_name.as_ref()),
        named(op.page_name.as_ref()),
        Some(what.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    Some(parts.join(PART))
}

/// What a side of a journal change held: a mark's value (with its comment), an attendance's
/// status and reason; «(пусто)» for no mark, «присутствовал(а)» for no attendance.
fn side(lang: Lang, action: &str, v: Option<&Value>) -> String {
    let get = |name: &str| text(v.and_then(|v| v.get(name)));
    match action {
        "journal.attendance" => match get("status").as_deref() {
            None => t(lang, Key::JrPresent).to_owned(),
            Some(status) => {
                let status = match status {
                    "absent" => t(lang, Key::JrAbsent),
                    "late" => t(lang, Key::JrLate),
                    _ => t(lang, Key::Dash),
                };
                match get("reason").as_deref() {
                    Some("illness") => format!("{status}, {}", t(lang, Key::JrReasonIllness)),
                    Some("excused") => format!("{status}, {}", t(lang, Key::JrReasonExcused)),
                    Some("unexcused") => format!("{status}, {}", t(lang, Key::JrReasonUnexcused)),
                    _ => status.to_owned(),
                }
            }
        },
        "journal.lesson" => match (get("topic"), get("homework")) {
            (None, None) => t(lang, Key::CpEmpty).to_owned(),
            (Some(topic), None) => format!("«{topic}»"),
            (None, Some(homework)) => format!("— / {homework}"),
            (Some(topic), Some(homework)) => format!("«{topic}» / {homework}"),
        },
        _ => match get("value") {
            None => t(lang, Key::CpEmpty).to_owned(),
            Some(value) => match get("comment") {
                Some(comment) => format!("{value} ({comment})"),
                None => value,
            },
        },
    }
}

/// The change of a journal cell, e.g. «2 → (пусто)»; `None` for other operations.
pub fn cell_change(lang: Lang, entry: &AuditEntry) -> Option<String> {
    if !matches!(
        entry.action.as_str(),
        "journal.mark" | "journal.attendance" | "journal.lesson"
    ) {
        return None;
    }
    let before = side(lang, &entry.action, entry.before.as_ref());
    let after = side(lang, &entry.action, entry.after.as_ref());
    Some(tf(
        lang,
        Key::CpChange,
        &[("before", &before), ("after", &after)],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;
    use uuid::Uuid;

    fn cyrillic(s: &str) -> bool {
        s.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c))
    }

    fn both(key: Key) -> (&'static str, &'static str) {
        (t(Lang::Ru, key), t(Lang::En, key))
    }

    #[test]
    fn every_end_reason_and_standing_has_words_in_both_languages() {
        let mut keys: Vec<Key> = END_REASONS
            .iter()
            .map(|r| end_reason_key(Some(r)))
            .collect();
        keys.push(end_reason_key(None));
        for standing in [
            OperationStanding::Revertible,
            OperationStanding::Reverted,
            OperationStanding::ChangedLater,
            OperationStanding::NotRevertible,
        ] {
            keys.push(standing_key(standing));
        }
        for key in &keys {
            let (ru, en) = both(*key);
            assert!(cyrillic(ru), "{key:?}: {ru}");
            assert!(!en.is_empty() && !cyrillic(en), "{key:?}: {en}");
        }
        // Each reason has its own words.
        let mut reasons: Vec<&str> = END_REASONS
            .iter()
            .map(|r| t(Lang::Ru, end_reason_key(Some(r))))
            .collect();
        reasons.dedup();
        assert_eq!(reasons.len(), END_REASONS.len());
    }

    #[test]
    fn every_refusal_reads_in_both_languages_never_as_its_code() {
        for code in REFUSALS
            .iter()
            .chain(["year_archived", "not_found", "something_new"].iter())
        {
            let (ru, en) = (refusal_text(Lang::Ru, code), refusal_text(Lang::En, code));
            assert!(cyrillic(&ru), "{code}: {ru}");
            assert!(!cyrillic(&en) && !en.is_empty(), "{code}: {en}");
            assert!(!ru.contains(code) && en != *code, "{code}");
        }
        assert_eq!(
            refusal_text(Lang::Ru, "changed_later"),
            "после этого запись изменил другой пользователь — отмена перезаписала бы его работу"
        );
        assert_eq!(
            refusal_text(Lang::Ru, "period_locked"),
            "период закрыт — откройте его и повторите"
        );
    }

    fn session(current: bool, active: bool, reason: Option<&str>) -> SessionView {
        SessionView {
            id: Uuid::nil(),
            started_at: Utc::now(),
            last_seen_at: Utc::now(),
            address: None,
            device: None,
            user_agent: None,
            active,
            current,
            ended_at: None,
            end_reason: reason.map(str::to_owned),
        }
    }

    #[test]
    fn a_session_reads_as_current_active_or_ended_with_its_reason() {
        assert_eq!(
            session_status(Lang::Ru, &session(true, true, None)),
            "Текущий сеанс"
        );
        assert_eq!(
            session_status(Lang::Ru, &session(false, true, None)),
            "Активен"
        );
        assert_eq!(
            session_status(Lang::Ru, &session(false, false, Some("ended_by_user"))),
            "Завершён: завершён вами"
        );
        assert_eq!(
            session_status(Lang::En, &session(false, false, Some("by_admin"))),
            "Ended: by the administrator"
        );
        assert_eq!(
            device_name(Lang::Ru, &session(true, true, None)),
            "Неизвестное устройство"
        );
    }

    #[test]
    fn suspected_since_is_typed_on_the_school_clock_and_sent_in_utc() {
        // Moscow, UTC+3: 09:30 there is 06:30 UTC.
        assert_eq!(
            since_at("2026-11-02", "09:30", 180),
            Ok(Some(Utc.with_ymd_and_hms(2026, 11, 2, 6, 30, 0).unwrap()))
        );
        // Vladivostok, UTC+10, at midnight without a time: the day before in UTC.
        assert_eq!(
            since_at("2026-11-02", "", 600),
            Ok(Some(Utc.with_ymd_and_hms(2026, 11, 1, 14, 0, 0).unwrap()))
        );
        assert_eq!(since_at(" ", "", 180), Ok(None));
        assert_eq!(
            since_at("", "09:30", 180),
            Err(SinceProblem::Unreadable),
            "a time without a date"
        );
        assert_eq!(
            since_at("2026-13-02", "", 180),
            Err(SinceProblem::Unreadable)
        );
        assert_eq!(
            since_at("2026-11-02", "25:00", 180),
            Err(SinceProblem::Unreadable)
        );
        let now = Utc.with_ymd_and_hms(2026, 11, 2, 6, 0, 0).unwrap();
        crate::services::week::set_school_offset(180);
        assert_eq!(
            suspected_since("2026-11-02", "09:30", now),
            Err(SinceProblem::InFuture)
        );
        assert_eq!(
            suspected_since("2026-11-02", "08:59", now),
            Ok(Some(Utc.with_ymd_and_hms(2026, 11, 2, 5, 59, 0).unwrap()))
        );
    }

    fn entry(action: &str, before: Option<Value>, after: Option<Value>) -> AuditEntry {
        AuditEntry {
            seq: 7,
            at: Utc::now(),
            actor_id: None,
            actor_login: None,
            actor_role: None,
            action: action.into(),
            entity: "journal_page".into(),
            entity_id: None,
            before,
            after,
            request_id: None,
        }
    }

    fn operation(entry: AuditEntry) -> CompromisedOperation {
        CompromisedOperation {
            entry,
            page_name: None,
            student_name: None,
            work_type_name: None,
            standing: OperationStanding::Revertible,
            by_seq: None,
            by_name: None,
            by_at: None,
        }
    }

    #[test]
    fn a_journal_change_names_its_cell_from_the_operation_and_its_values() {
        let student = Uuid::from_u128(5);
        let cell = json!({"entry_id": Uuid::from_u128(1), "lesson_date": "2026-11-12",
            "student_id": student, "work_type": "test"});
        let mut before = cell.clone();
        before["value"] = json!("2");
        before["comment"] = json!(null);
        let mut mark = operation(entry("journal.mark", Some(before), Some(cell)));

        // Without names: the cell still reads by its date, never by a code or an id.
        for lang in [Lang::Ru, Lang::En] {
            let title = cell_title(lang, &mark).unwrap();
            assert!(!title.contains("test"), "{title}");
            assert!(!title.contains(&student.to_string()), "{title}");
        }
        assert_eq!(
            cell_title(Lang::Ru, &mark).as_deref(),
            Some("Отметка (—) за 12.11.2026")
        );

        mark.student_name = Some("Иванов Пётр".into());
        mark.page_name = Some("Математика, 7Б".into());
        mark.work_type_name = Some("Контрольная работа".into());
        assert_eq!(
            cell_title(Lang::Ru, &mark).as_deref(),
            Some("Иванов Пётр · Математика, 7Б · Отметка (Контрольная работа) за 12.11.2026")
        );
        assert_eq!(
            cell_title(Lang::En, &mark).as_deref(),
            Some("Иванов Пётр · Математика, 7Б · Mark (Контрольная работа) for 2026-11-12")
        );
        assert_eq!(
            cell_change(Lang::Ru, &mark.entry).as_deref(),
            Some("2 → (пусто)")
        );
        assert_eq!(
            cell_change(Lang::En, &mark.entry).as_deref(),
            Some("2 → (empty)")
        );

        // A blank name is left out.
        mark.page_name = Some("  ".into());
        assert_eq!(
            cell_title(Lang::Ru, &mark).as_deref(),
            Some("Иванов Пётр · Отметка (Контрольная работа) за 12.11.2026")
        );

        let mut att = operation(entry(
            "journal.attendance",
            None,
            Some(json!({"lesson_date": "2026-11-12", "student_id": student,
                "status": "absent", "reason": "illness"})),
        ));
        att.student_name = Some("Иванов Пётр".into());
        att.page_name = Some("Математика, 7Б".into());
        assert_eq!(
            cell_change(Lang::Ru, &att.entry).as_deref(),
            Some("присутствовал(а) → отсутствовал(а), по болезни")
        );
        assert_eq!(
            cell_change(Lang::En, &att.entry).as_deref(),
            Some("present → absent, illness")
        );
        assert_eq!(
            cell_title(Lang::Ru, &att).as_deref(),
            Some("Иванов Пётр · Математика, 7Б · Посещаемость за 12.11.2026")
        );
        assert_eq!(
            cell_title(Lang::En, &att).as_deref(),
            Some("Иванов Пётр · Математика, 7Б · Attendance for 2026-11-12")
        );

        let mut lesson = operation(entry(
            "journal.lesson",
            Some(json!({"lesson_date": "2026-11-12", "topic": "Дроби", "homework": null})),
            Some(json!({"lesson_date": "2026-11-12", "topic": "Ерунда", "homework": "№ 5"})),
        ));
        lesson.page_name = Some("Математика, 7Б".into());
        assert_eq!(
            cell_title(Lang::Ru, &lesson).as_deref(),
            Some("Математика, 7Б · Урок 12.11.2026: тема и задание")
        );
        assert_eq!(
            cell_change(Lang::Ru, &lesson.entry).as_deref(),
            Some("«Дроби» → «Ерунда» / № 5")
        );

        let login = operation(entry("auth.login", None, None));
        assert_eq!(cell_title(Lang::Ru, &login), None);
        assert_eq!(cell_change(Lang::Ru, &login.entry), None);
    }
}
