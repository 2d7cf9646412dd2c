//! Messages and announcements (R-D3): how recipients are grouped, how a thread reads in the list,
//! and what may be sent.

use crate::i18n::{t, tf, Key, Lang};
use chrono::{DateTime, Local, NaiveDate, Utc};
use journal_api_types::messages::{Recipient, RecipientRelation, ThreadSummary};
use journal_domain::collate::ru_key;
use uuid::Uuid;

/// A group of the recipient picker, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RecipientGroup {
    ClassTeachers,
    Teachers,
    Administration,
    Colleagues,
    Families,
}

impl RecipientGroup {
    pub fn title(self, lang: Lang) -> &'static str {
        t(
            lang,
            match self {
                RecipientGroup::ClassTeachers => Key::MsgGroupClassTeacher,
                RecipientGroup::Teachers => Key::MsgGroupTeachers,
                RecipientGroup::Administration => Key::MsgGroupAdministration,
                RecipientGroup::Colleagues => Key::MsgGroupColleagues,
                RecipientGroup::Families => Key::MsgGroupFamilies,
            },
        )
    }
}

/// The group of a relation.
pub fn group_of_relation(relation: RecipientRelation) -> RecipientGroup {
    match relation {
        RecipientRelation::ClassTeacher => RecipientGroup::ClassTeachers,
        RecipientRelation::Teacher => RecipientGroup::Teachers,
        RecipientRelation::Administration => RecipientGroup::Administration,
        RecipientRelation::Colleague => RecipientGroup::Colleagues,
        RecipientRelation::Guardian | RecipientRelation::Student => RecipientGroup::Families,
    }
}

/// A recipient's closest relation: the class teacher of a child above all, else the first the
/// server names (it lists them closest first).
pub fn closest_relation(recipient: &Recipient) -> Option<RecipientRelation> {
    if recipient
        .relations
        .contains(&RecipientRelation::ClassTeacher)
    {
        Some(RecipientRelation::ClassTeacher)
    } else {
        recipient.relations.first().copied()
    }
}

/// The group a recipient is listed in: their closest relation.
pub fn group_of(recipient: &Recipient) -> RecipientGroup {
    closest_relation(recipient)
        .map(group_of_relation)
        .unwrap_or(RecipientGroup::Colleagues)
}

/// Recipients by group (closest first), each group in Russian alphabetical order; empty groups
/// are left out.
pub fn group_recipients(list: &[Recipient]) -> Vec<(RecipientGroup, Vec<Recipient>)> {
    let mut groups: Vec<(RecipientGroup, Vec<Recipient>)> = Vec::new();
    for r in list {
        let group = group_of(r);
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, members)) => members.push(r.clone()),
            None => groups.push((group, vec![r.clone()])),
        }
    }
    groups.sort_by_key(|(g, _)| *g);
    for (_, members) in &mut groups {
        members.sort_by_cached_key(|r| ru_key(&r.name));
    }
    groups
}

/// The API's name of a relation (for `data-` attributes).
pub fn relation_code(relation: RecipientRelation) -> &'static str {
    match relation {
        RecipientRelation::ClassTeacher => "class_teacher",
        RecipientRelation::Teacher => "teacher",
        RecipientRelation::Administration => "administration",
        RecipientRelation::Colleague => "colleague",
        RecipientRelation::Guardian => "guardian",
        RecipientRelation::Student => "student",
    }
}

/// The name of a relation, as a short label next to a name.
pub fn relation_name(lang: Lang, relation: RecipientRelation) -> &'static str {
    t(
        lang,
        match relation {
            RecipientRelation::ClassTeacher => Key::MsgRelClassTeacher,
            RecipientRelation::Teacher => Key::MsgRelTeacher,
            RecipientRelation::Administration => Key::MsgRelAdministration,
            RecipientRelation::Colleague => Key::MsgRelColleague,
            RecipientRelation::Guardian => Key::MsgRelGuardian,
            RecipientRelation::Student => Key::MsgRelStudent,
        },
    )
}

/// What the picker says about a recipient besides the name: "математика, физика" for a teacher,
/// "родитель: Петров Иван" for a family.
pub fn about_line(lang: Lang, recipient: &Recipient) -> String {
    let line = subjects_or_children(lang, recipient);
    match (line.is_empty(), recipient.children.is_empty()) {
        (_, true) => line,
        (true, false) => recipient.children.join("; "),
        (false, false) => format!("{line} · {}", recipient.children.join("; ")),
    }
}

/// What a recipient is about: the subjects a teacher teaches, the children a family stands for.
fn subjects_or_children(lang: Lang, recipient: &Recipient) -> String {
    if recipient.about.is_empty() {
        return String::new();
    }
    let list = recipient.about.join(", ");
    match group_of(recipient) {
        RecipientGroup::Families => {
            let key = if recipient.relations.contains(&RecipientRelation::Guardian) {
                Key::MsgAboutGuardianOf
            } else {
                Key::MsgAboutStudent
            };
            tf(lang, key, &[("list", &list)])
        }
        _ => list,
    }
}

/// Who a person is to the caller, for a message's author: "классный руководитель", or nothing when
/// they are not among the caller's recipients.
pub fn author_relation(lang: Lang, author: Uuid, recipients: &[Recipient]) -> Option<String> {
    let r = recipients.iter().find(|r| r.user_id == author)?;
    let relation = closest_relation(r)?;
    let name = relation_name(lang, relation);
    Some(match relation {
        RecipientRelation::ClassTeacher | RecipientRelation::Teacher if !r.about.is_empty() => {
            format!("{name} ({})", r.about.join(", "))
        }
        _ => name.to_owned(),
    })
}

/// When a message was sent, short: the time today, the day and month this year, the full date
/// otherwise.
pub fn when_short(lang: Lang, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let local = at.with_timezone(&Local).naive_local();
    let today = now.with_timezone(&Local).date_naive();
    when_short_naive(lang, local, today)
}

/// [`when_short`] on local times.
pub fn when_short_naive(lang: Lang, at: chrono::NaiveDateTime, today: NaiveDate) -> String {
    use chrono::Datelike;
    if at.date() == today {
        at.format("%H:%M").to_string()
    } else if at.year() == today.year() {
        match lang {
            Lang::Ru => at.format("%d.%m").to_string(),
            Lang::En => at.format("%b %-d").to_string(),
        }
    } else {
        match lang {
            Lang::Ru => at.format("%d.%m.%Y").to_string(),
            Lang::En => at.format("%Y-%m-%d").to_string(),
        }
    }
}

/// How a thread reads in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadLine {
    pub subject: String,
    pub preview: String,
    /// "2 новых", or nothing when all is read.
    pub unread: Option<String>,
    /// "Объявление" for a class announcement.
    pub kind: Option<&'static str>,
    /// A sentence for screen readers: subject, unread, kind.
    pub label: String,
}

/// "1 новое", "2 новых", "5 новых", "21 новое" (Russian plural forms).
pub fn unread_text(lang: Lang, n: i64) -> String {
    let forms = [Key::MsgUnreadOne, Key::MsgUnreadFew, Key::MsgUnreadMany];
    let key = crate::i18n::plural_key(lang, n.unsigned_abs(), forms);
    tf(lang, key, &[("n", &n.to_string())])
}

pub fn thread_line(lang: Lang, s: &ThreadSummary) -> ThreadLine {
    let unread = (s.unread > 0).then(|| unread_text(lang, s.unread));
    let kind = (s.kind == journal_api_types::messages::ThreadKind::Announcement)
        .then(|| t(lang, Key::MsgAnnouncement));
    let mut label = s.subject.clone();
    if let Some(kind) = kind {
        label = format!("{kind}: {label}");
    }
    if let Some(u) = &unread {
        label = format!("{label}, {u}");
    }
    ThreadLine {
        subject: s.subject.clone(),
        preview: s.last_message.clone(),
        unread,
        kind,
        label,
    }
}

/// Newest first (the server sends them so; a thread just written to moves up).
pub fn newest_first(list: &mut [ThreadSummary]) {
    list.sort_by_key(|s| std::cmp::Reverse(s.last_message_at));
}

/// Why a new message cannot be sent yet, or `None` when it may be.
pub fn draft_problem(subject: &str, body: &str, recipients: &[Uuid]) -> Option<Key> {
    if recipients.is_empty() {
        Some(Key::MsgNeedRecipient)
    } else if subject.trim().is_empty() {
        Some(Key::MsgNeedSubject)
    } else if body.trim().is_empty() {
        Some(Key::MsgNeedBody)
    } else if subject.chars().count() > 200 {
        Some(Key::MsgSubjectTooLong)
    } else if body.chars().count() > 20000 {
        Some(Key::MsgBodyTooLong)
    } else {
        None
    }
}

/// Whether a reply may be sent.
pub fn reply_problem(body: &str) -> Option<Key> {
    if body.trim().is_empty() {
        Some(Key::MsgNeedBody)
    } else if body.chars().count() > 20000 {
        Some(Key::MsgBodyTooLong)
    } else {
        None
    }
}

/// The limit in KiB from a `file_too_large` detail ("files up to 5120 KiB are accepted").
pub fn kib_from_detail(detail: &str) -> Option<u32> {
    detail
        .split_whitespace()
        .find_map(|w| w.parse::<u32>().ok())
}

/// Files over the limit, checked before sending (the server checks anyway).
pub fn too_large(size: usize, limit_kib: Option<u32>) -> bool {
    limit_kib.is_some_and(|kib| size as u64 > u64::from(kib) * 1024)
}

/// Toggles `id` in a chosen list.
pub fn toggle(chosen: &[Uuid], id: Uuid) -> Vec<Uuid> {
    if chosen.contains(&id) {
        chosen.iter().copied().filter(|c| *c != id).collect()
    } else {
        let mut next = chosen.to_vec();
        next.push(id);
        next
    }
}

/// The classes the caller may announce to: every class for the deputy and the director, the
/// classes they lead for a class teacher.
pub fn announce_classes(
    classes: &[journal_api_types::structure::Class],
    me: Uuid,
    heads_school: bool,
) -> Vec<journal_api_types::structure::Class> {
    classes
        .iter()
        .filter(|c| heads_school || c.class_teacher_id == Some(me))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;
    use journal_api_types::messages::ThreadKind;

    fn recipient(name: &str, relations: &[RecipientRelation], about: &[&str]) -> Recipient {
        Recipient {
            user_id: Uuid::new_v4(),
            name: name.into(),
            roles: vec![],
            relations: relations.to_vec(),
            about: about.iter().map(|s| s.to_string()).collect(),
            children: vec![],
        }
    }

    #[test]
    fn a_teacher_of_a_family_with_two_children_is_labelled_with_whose() {
        // Issue 12: a parent of two sees whose teacher each one is.
        let mut r = recipient("Петрова Анна", &[RecipientRelation::Teacher], &["Алгебра"]);
        assert_eq!(about_line(Lang::Ru, &r), "Алгебра");
        r.children = vec!["Иванов Пётр, 7А".into()];
        assert_eq!(about_line(Lang::Ru, &r), "Алгебра · Иванов Пётр, 7А");
        r.about.clear();
        r.children.push("Иванова Мария, 3Б".into());
        assert_eq!(
            about_line(Lang::Ru, &r),
            "Иванов Пётр, 7А; Иванова Мария, 3Б"
        );
    }

    #[test]
    fn recipients_are_grouped_by_closest_relation_in_order() {
        use RecipientRelation::*;
        let list = vec![
            recipient("Яковлев Алексей", &[Teacher], &["физика"]),
            recipient("Смирнова Ольга", &[Administration, Teacher], &[]),
            recipient("Иванова Мария", &[Teacher, ClassTeacher], &["математика"]),
            recipient("Борисова Вера", &[Teacher], &["биология"]),
        ];
        let groups = group_recipients(&list);
        let shape: Vec<(RecipientGroup, Vec<&str>)> = groups
            .iter()
            .map(|(g, m)| (*g, m.iter().map(|r| r.name.as_str()).collect()))
            .collect();
        assert_eq!(
            shape,
            vec![
                (RecipientGroup::ClassTeachers, vec!["Иванова Мария"]),
                (
                    RecipientGroup::Teachers,
                    vec!["Борисова Вера", "Яковлев Алексей"]
                ),
                (RecipientGroup::Administration, vec!["Смирнова Ольга"]),
            ]
        );
        assert_eq!(
            RecipientGroup::ClassTeachers.title(Lang::Ru),
            "Классный руководитель"
        );
    }

    #[test]
    fn about_reads_as_subjects_or_children() {
        use RecipientRelation::*;
        let teacher = recipient("Иванова", &[Teacher], &["математика", "алгебра"]);
        assert_eq!(about_line(Lang::Ru, &teacher), "математика, алгебра");
        let mother = recipient("Петрова", &[Guardian], &["Петров Иван"]);
        assert_eq!(about_line(Lang::Ru, &mother), "родитель: Петров Иван");
        let student = recipient("Петров", &[Student], &["7А"]);
        assert_eq!(about_line(Lang::Ru, &student), "ученик: 7А");
        assert_eq!(about_line(Lang::Ru, &recipient("X", &[Colleague], &[])), "");
    }

    #[test]
    fn author_relation_names_the_closest_one() {
        use RecipientRelation::*;
        let ct = recipient("Иванова", &[Teacher, ClassTeacher], &["математика"]);
        let list = vec![ct.clone()];
        assert_eq!(
            author_relation(Lang::Ru, ct.user_id, &list).as_deref(),
            Some("классный руководитель (математика)")
        );
        assert_eq!(author_relation(Lang::Ru, Uuid::new_v4(), &list), None);
    }

    #[test]
    fn russian_plural_of_unread() {
        assert_eq!(unread_text(Lang::Ru, 1), "1 новое");
        assert_eq!(unread_text(Lang::Ru, 3), "3 новых");
        assert_eq!(unread_text(Lang::Ru, 5), "5 новых");
        assert_eq!(unread_text(Lang::Ru, 11), "11 новых");
        assert_eq!(unread_text(Lang::Ru, 21), "21 новое");
        assert_eq!(unread_text(Lang::En, 1), "1 new");
        assert_eq!(unread_text(Lang::En, 2), "2 new");
    }

    #[test]
    fn thread_line_reads() {
        let s = ThreadSummary {
            id: Uuid::new_v4(),
            kind: ThreadKind::Announcement,
            subject: "Родительское собрание".into(),
            class_id: None,
            created_by: Uuid::new_v4(),
            last_message_at: Utc::now(),
            last_message: "В четверг в 18:00".into(),
            unread: 2,
            may_post: false,
        };
        let line = thread_line(Lang::Ru, &s);
        assert_eq!(line.unread.as_deref(), Some("2 новых"));
        assert_eq!(line.kind, Some("Объявление"));
        assert_eq!(line.label, "Объявление: Родительское собрание, 2 новых");
        let read = ThreadSummary {
            unread: 0,
            kind: ThreadKind::Direct,
            ..s
        };
        let line = thread_line(Lang::Ru, &read);
        assert_eq!(line.unread, None);
        assert_eq!(line.label, "Родительское собрание");
    }

    #[test]
    fn newest_first_orders_by_last_message() {
        let base = ThreadSummary {
            id: Uuid::new_v4(),
            kind: ThreadKind::Direct,
            subject: "a".into(),
            class_id: None,
            created_by: Uuid::new_v4(),
            last_message_at: Utc::now() - chrono::Duration::hours(2),
            last_message: String::new(),
            unread: 0,
            may_post: true,
        };
        let newer = ThreadSummary {
            subject: "b".into(),
            last_message_at: Utc::now(),
            ..base.clone()
        };
        let mut list = vec![base, newer];
        newest_first(&mut list);
        assert_eq!(list[0].subject, "b");
    }

    #[test]
    fn when_short_depends_on_the_day() {
        let today = NaiveDate::from_ymd_opt(2025, 10, 14).unwrap();
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(
            when_short_naive(Lang::Ru, at("2025-10-14 08:05"), today),
            "08:05"
        );
        assert_eq!(
            when_short_naive(Lang::Ru, at("2025-09-03 08:05"), today),
            "03.09"
        );
        assert_eq!(
            when_short_naive(Lang::Ru, at("2024-09-03 08:05"), today),
            "03.09.2024"
        );
    }

    #[test]
    fn what_may_be_sent() {
        let who = [Uuid::new_v4()];
        assert_eq!(
            draft_problem("Тема", "Текст", &[]),
            Some(Key::MsgNeedRecipient)
        );
        assert_eq!(
            draft_problem("  ", "Текст", &who),
            Some(Key::MsgNeedSubject)
        );
        assert_eq!(draft_problem("Тема", " \n", &who), Some(Key::MsgNeedBody));
        assert_eq!(
            draft_problem(&"я".repeat(201), "Текст", &who),
            Some(Key::MsgSubjectTooLong)
        );
        assert_eq!(draft_problem("Тема", "Текст", &who), None);
        assert_eq!(reply_problem(""), Some(Key::MsgNeedBody));
        assert_eq!(reply_problem("Спасибо"), None);
    }

    #[test]
    fn file_limits() {
        assert_eq!(
            kib_from_detail("files up to 5120 KiB are accepted"),
            Some(5120)
        );
        assert_eq!(kib_from_detail("too large"), None);
        assert!(too_large(5 * 1024 * 1024 + 1, Some(5120)));
        assert!(!too_large(5 * 1024 * 1024, Some(5120)));
        assert!(!too_large(usize::MAX, None));
    }

    #[test]
    fn a_class_teacher_announces_to_their_own_classes() {
        let me = Uuid::new_v4();
        let class = |name: &str, teacher: Option<Uuid>| journal_api_types::structure::Class {
            id: Uuid::new_v4(),
            name: name.into(),
            grade: 7,
            letter: "А".into(),
            year_id: None,
            class_teacher_id: teacher,
            week_days: 5,
            bell_schedule_id: None,
        };
        let list = vec![
            class("7А", Some(me)),
            class("7Б", Some(Uuid::new_v4())),
            class("8А", None),
        ];
        let names = |v: Vec<journal_api_types::structure::Class>| {
            v.into_iter().map(|c| c.name).collect::<Vec<_>>()
        };
        assert_eq!(names(announce_classes(&list, me, false)), vec!["7А"]);
        assert_eq!(announce_classes(&list, me, true).len(), 3);
    }

    #[test]
    fn toggling_recipients() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let chosen = toggle(&[], a);
        assert_eq!(chosen, vec![a]);
        let chosen = toggle(&chosen, b);
        assert_eq!(chosen, vec![a, b]);
        assert_eq!(toggle(&chosen, a), vec![b]);
    }
}
