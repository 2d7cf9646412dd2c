//! Inspection remarks («Проверка журнала», R-R2) without drawing: who sees and does what (the
//! domain's rules, `journal_domain::remarks`), the words of states and history steps, the default
//! due date, the order a list is read in, and a new remark checked before it is sent.

use crate::i18n::Key;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use journal_api_types::auth::Me;
use journal_api_types::remarks::{NewRemark, RemarkEventKind, RemarkStatus, RemarkView};
use journal_domain::remarks::{leads as leads_inspection, list_scope, RemarkRelation};
use std::cmp::Reverse;
use uuid::Uuid;

/// The longest text of a remark, an answer or a comment.
pub const TEXT_MAX: usize = 2000;

/// A new remark is due this many school days (Monday to Friday) after today by default.
pub const DUE_SCHOOL_DAYS: u32 = 3;

/// «Замечания»: the deputy and the director (the school's), a teacher (their own pages').
pub fn sees_remarks(me: &Me) -> bool {
    list_scope(&me.roles).is_ok()
}

/// The deputy or the director: records, confirms and returns remarks.
pub fn leads(me: &Me) -> bool {
    leads_inspection(&me.roles)
}

/// The teacher of the remark's page, acting as a teacher: answers it and marks it done.
pub fn answers(me: &Me, teacher_id: Uuid) -> bool {
    RemarkRelation {
        roles: &me.roles,
        page_teacher: teacher_id == me.user_id,
    }
    .answers()
}

/// Whether the caller reads the remarks of a page whose teacher is `teacher_id`.
pub fn sees_page_remarks(me: &Me, teacher_id: Uuid) -> bool {
    leads(me) || answers(me, teacher_id)
}

/// A journal page's name: «7А — Алгебра», «7А (Группа 1) — Английский язык».
pub fn page_title(class_name: &str, group_name: Option<&str>, subject_name: &str) -> String {
    match group_name {
        Some(g) => format!("{class_name} ({g}) — {subject_name}"),
        None => format!("{class_name} — {subject_name}"),
    }
}

/// The name of a remark's page.
pub fn remark_page(r: &RemarkView) -> String {
    page_title(&r.class_name, r.group_name.as_deref(), &r.subject_name)
}

/// The state in words: «Открыто», «Выполнено — ждёт проверки», «Возвращено», «Подтверждено».
pub fn status_key(status: RemarkStatus) -> Key {
    match status {
        RemarkStatus::Open => Key::RmStatusOpen,
        RemarkStatus::Done => Key::RmStatusDone,
        RemarkStatus::Returned => Key::RmStatusReturned,
        RemarkStatus::Confirmed => Key::RmStatusConfirmed,
    }
}

/// The CSS class of a state's badge.
pub fn status_class(status: RemarkStatus) -> &'static str {
    match status {
        RemarkStatus::Open => "warn",
        RemarkStatus::Done => "info",
        RemarkStatus::Returned => "danger",
        RemarkStatus::Confirmed => "ok",
    }
}

/// A step of the history in words: «записал(а) замечание», «ответил(а) и отметил(а) выполненным».
pub fn event_key(kind: RemarkEventKind) -> Key {
    match kind {
        RemarkEventKind::Created => Key::RmEventCreated,
        RemarkEventKind::Done => Key::RmEventDone,
        RemarkEventKind::Returned => Key::RmEventReturned,
        RemarkEventKind::Confirmed => Key::RmEventConfirmed,
    }
}

/// `n` school days (Monday to Friday) after `from`: the Friday before a weekend counts, the
/// weekend does not.
pub fn add_school_days(from: NaiveDate, n: u32) -> NaiveDate {
    let mut day = from;
    let mut left = n;
    while left > 0 {
        day += Duration::days(1);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    day
}

/// The due date a new remark starts with: [`DUE_SCHOOL_DAYS`] school days after `today`.
pub fn default_due(today: NaiveDate) -> NaiveDate {
    add_school_days(today, DUE_SCHOOL_DAYS)
}

/// How a list of remarks is divided, in the order the reader takes them up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemarkGroup {
    /// Done by the teacher, waiting for the deputy or the director.
    Done,
    /// Open or returned: the teacher owes an answer.
    AwaitTeacher,
    /// Confirmed: closed.
    Confirmed,
}

impl RemarkGroup {
    fn of(status: RemarkStatus) -> RemarkGroup {
        match status {
            RemarkStatus::Done => RemarkGroup::Done,
            RemarkStatus::Open | RemarkStatus::Returned => RemarkGroup::AwaitTeacher,
            RemarkStatus::Confirmed => RemarkGroup::Confirmed,
        }
    }

    /// The heading, said to whoever acts next: the leadership checks done remarks first, a
    /// teacher fixes theirs first.
    pub fn key(self, leads: bool) -> Key {
        match (self, leads) {
            (RemarkGroup::Done, true) => Key::RmGroupToCheck,
            (RemarkGroup::Done, false) => Key::RmGroupWaitCheck,
            (RemarkGroup::AwaitTeacher, true) => Key::RmGroupWaitTeacher,
            (RemarkGroup::AwaitTeacher, false) => Key::RmGroupToFix,
            (RemarkGroup::Confirmed, _) => Key::RmGroupConfirmed,
        }
    }

    /// A stable name for the list's `id` and e2e tests.
    pub fn code(self) -> &'static str {
        match self {
            RemarkGroup::Done => "done",
            RemarkGroup::AwaitTeacher => "await-teacher",
            RemarkGroup::Confirmed => "confirmed",
        }
    }
}

/// The remarks in groups (empty groups left out), what the reader acts on first: the leadership
/// sees the done ones to check first, a teacher the ones to fix. Within a group overdue first,
/// then by due date; confirmed ones newest first.
pub fn grouped(items: &[RemarkView], leads: bool) -> Vec<(RemarkGroup, Vec<&RemarkView>)> {
    let order = if leads {
        [
            RemarkGroup::Done,
            RemarkGroup::AwaitTeacher,
            RemarkGroup::Confirmed,
        ]
    } else {
        [
            RemarkGroup::AwaitTeacher,
            RemarkGroup::Done,
            RemarkGroup::Confirmed,
        ]
    };
    order
        .into_iter()
        .filter_map(|group| {
            let mut list: Vec<&RemarkView> = items
                .iter()
                .filter(|r| RemarkGroup::of(r.status) == group)
                .collect();
            if group == RemarkGroup::Confirmed {
                list.sort_by_key(|r| Reverse(r.created_at));
            } else {
                list.sort_by_key(|r| (!r.overdue, r.due_on, r.created_at));
            }
            (!list.is_empty()).then_some((group, list))
        })
        .collect()
}

/// The value of a lesson in the form's list: `entry_id/lesson_date`.
pub fn lesson_value(entry_id: Uuid, lesson_date: NaiveDate) -> String {
    format!("{entry_id}/{}", lesson_date.format("%Y-%m-%d"))
}

/// Reads [`lesson_value`] back; `None` for the whole page (`""`) or anything else.
pub fn parse_lesson_value(value: &str) -> Option<(Uuid, NaiveDate)> {
    let (id, date) = value.split_once('/')?;
    Some((
        Uuid::parse_str(id).ok()?,
        NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?,
    ))
}

/// A new remark from the form, checked as the server would: a text, a due date not before
/// `today`, and the lesson if one is chosen. The key says what is wrong otherwise.
pub fn new_remark(
    text: &str,
    due: Option<NaiveDate>,
    lesson: &str,
    today: NaiveDate,
) -> Result<NewRemark, Key> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Key::RmTextRequired);
    }
    if text.chars().count() > TEXT_MAX {
        return Err(Key::RmTextTooLong);
    }
    let due_on = due.ok_or(Key::RmDueRequired)?;
    if due_on < today {
        return Err(Key::ErrRemarkDuePast);
    }
    let lesson = parse_lesson_value(lesson);
    Ok(NewRemark {
        text: text.to_owned(),
        due_on,
        entry_id: lesson.map(|(id, _)| id),
        lesson_date: lesson.map(|(_, date)| date),
    })
}

/// An answer or a comment checked before it is sent: not blank, not too long.
pub fn reply_text(text: &str, blank: Key) -> Result<String, Key> {
    let text = text.trim();
    if text.is_empty() {
        Err(blank)
    } else if text.chars().count() > TEXT_MAX {
        Err(Key::RmTextTooLong)
    } else {
        Ok(text.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{t, Lang};
    use chrono::{TimeZone, Utc};
    use journal_api_types::Role;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, d).unwrap_or_default()
    }

    fn remark(n: u128, status: RemarkStatus, due: NaiveDate, overdue: bool) -> RemarkView {
        RemarkView {
            id: Uuid::from_u128(n),
            assignment_id: Uuid::from_u128(100),
            period_id: Uuid::from_u128(200),
            class_name: "7А".into(),
            group_name: None,
            subject_name: "Алгебра".into(),
            teacher_id: Uuid::from_u128(300),
            teacher_name: "Петрова Анна Ивановна".into(),
            entry_id: None,
            lesson_date: None,
            text: "Не заполнены темы".into(),
            due_on: due,
            overdue,
            status,
            answer: None,
            created_by_name: "Иванова Мария Петровна".into(),
            created_at: Utc
                .with_ymd_and_hms(2025, 11, 1, 9, 0, n as u32 % 60)
                .single()
                .unwrap_or_default(),
            history: Vec::new(),
        }
    }

    fn me(roles: &[Role]) -> Me {
        Me {
            user_id: Uuid::from_u128(300),
            login: "petrova".into(),
            last_name: "Петрова".into(),
            first_name: "Анна".into(),
            middle_name: None,
            school_id: Uuid::nil(),
            school_name: "МАОУ СОШ № 1".into(),
            roles: roles.to_vec(),
            led_classes: Vec::new(),
            memberships: Vec::new(),
            must_change_password: false,
            last_login_at: None,
            previous_login_at: None,
            students: Vec::new(),
            timezone: "Europe/Moscow".into(),
            utc_offset_minutes: 180,
        }
    }

    #[test]
    fn every_state_reads_in_russian() {
        let words: Vec<&str> = RemarkStatus::ALL
            .iter()
            .map(|s| t(Lang::Ru, status_key(*s)))
            .collect();
        assert_eq!(
            words,
            [
                "Открыто",
                "Выполнено — ждёт проверки",
                "Возвращено",
                "Подтверждено"
            ]
        );
        for kind in RemarkEventKind::ALL {
            let ru = t(Lang::Ru, event_key(kind));
            assert!(ru.chars().any(|c| ('а'..='я').contains(&c)), "{ru}");
            assert!(!t(Lang::En, event_key(kind)).is_empty());
        }
    }

    #[test]
    fn a_remark_is_due_three_school_days_ahead_skipping_the_weekend() {
        // Monday → Thursday.
        assert_eq!(default_due(day(11, 17)), day(11, 20));
        // Wednesday → Monday; Thursday → Tuesday; Friday → Wednesday.
        assert_eq!(default_due(day(11, 19)), day(11, 24));
        assert_eq!(default_due(day(11, 20)), day(11, 25));
        assert_eq!(default_due(day(11, 21)), day(11, 26));
        // Saturday and Sunday → Wednesday.
        assert_eq!(default_due(day(11, 22)), day(11, 26));
        assert_eq!(default_due(day(11, 23)), day(11, 26));
        assert_eq!(add_school_days(day(11, 21), 0), day(11, 21));
        // Across a month's end.
        assert_eq!(add_school_days(day(10, 30), 2), day(11, 3));
    }

    #[test]
    fn the_leadership_checks_first_a_teacher_fixes_first() {
        let items = vec![
            remark(1, RemarkStatus::Confirmed, day(11, 5), false),
            remark(2, RemarkStatus::Open, day(11, 25), false),
            remark(3, RemarkStatus::Done, day(11, 20), false),
            remark(4, RemarkStatus::Returned, day(11, 28), true),
            remark(5, RemarkStatus::Open, day(11, 21), false),
            remark(6, RemarkStatus::Confirmed, day(11, 6), false),
        ];
        let ids = |groups: &[(RemarkGroup, Vec<&RemarkView>)]| -> Vec<(RemarkGroup, Vec<u128>)> {
            groups
                .iter()
                .map(|(g, list)| (*g, list.iter().map(|r| r.id.as_u128()).collect()))
                .collect()
        };
        assert_eq!(
            ids(&grouped(&items, true)),
            [
                (RemarkGroup::Done, vec![3]),
                // Overdue first, then by due date.
                (RemarkGroup::AwaitTeacher, vec![4, 5, 2]),
                // Newest first.
                (RemarkGroup::Confirmed, vec![6, 1]),
            ]
        );
        assert_eq!(
            ids(&grouped(&items, false))
                .iter()
                .map(|(g, _)| *g)
                .collect::<Vec<_>>(),
            [
                RemarkGroup::AwaitTeacher,
                RemarkGroup::Done,
                RemarkGroup::Confirmed
            ]
        );
        assert!(grouped(&items[1..2], true)
            .iter()
            .all(|(g, _)| *g == RemarkGroup::AwaitTeacher));
        assert!(grouped(&[], false).is_empty());
        assert_eq!(
            t(Lang::Ru, RemarkGroup::Done.key(true)),
            "Ждут вашей проверки"
        );
    }

    #[test]
    fn who_answers_and_who_checks() {
        let teacher = me(&[Role::Teacher]);
        assert!(sees_remarks(&teacher) && !leads(&teacher));
        assert!(answers(&teacher, Uuid::from_u128(300)));
        assert!(!answers(&teacher, Uuid::from_u128(301)));
        assert!(!sees_page_remarks(&teacher, Uuid::from_u128(301)));
        let deputy = me(&[Role::Deputy]);
        assert!(sees_remarks(&deputy) && leads(&deputy));
        assert!(sees_page_remarks(&deputy, Uuid::from_u128(301)));
        // Named on the page without the teacher role is not enough.
        assert!(!answers(&deputy, Uuid::from_u128(300)));
        assert!(leads(&me(&[Role::Director])));
        for role in [Role::Guardian, Role::Secretary, Role::Admin, Role::Student] {
            assert!(!sees_remarks(&me(&[role])), "{role:?}");
        }
    }

    #[test]
    fn a_new_remark_is_checked_before_it_is_sent() {
        let today = day(11, 17);
        let entry = Uuid::from_u128(7);
        let value = lesson_value(entry, day(11, 12));
        assert_eq!(parse_lesson_value(&value), Some((entry, day(11, 12))));
        assert_eq!(parse_lesson_value(""), None);
        assert_eq!(parse_lesson_value("x/2025-11-12"), None);

        let ok = new_remark("  Нет тем за ноябрь ", Some(day(11, 20)), &value, today);
        assert_eq!(
            ok,
            Ok(NewRemark {
                text: "Нет тем за ноябрь".into(),
                due_on: day(11, 20),
                entry_id: Some(entry),
                lesson_date: Some(day(11, 12)),
            })
        );
        let page = new_remark("Нет тем", Some(today), "", today);
        assert!(page.is_ok_and(|r| r.entry_id.is_none() && r.lesson_date.is_none()));
        assert_eq!(
            new_remark("  ", Some(today), "", today),
            Err(Key::RmTextRequired)
        );
        assert_eq!(new_remark("x", None, "", today), Err(Key::RmDueRequired));
        assert_eq!(
            new_remark("x", Some(day(11, 16)), "", today),
            Err(Key::ErrRemarkDuePast)
        );
        assert_eq!(
            new_remark(&"я".repeat(2001), Some(today), "", today),
            Err(Key::RmTextTooLong)
        );
        assert_eq!(
            reply_text(" Темы заполнены ", Key::RmAnswerRequired),
            Ok("Темы заполнены".to_owned())
        );
        assert_eq!(
            reply_text("\n", Key::RmCommentRequired),
            Err(Key::RmCommentRequired)
        );
    }
}
