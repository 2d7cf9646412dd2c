//! Who may write to whom (R-D3, R-A2, R-A11) and the rules of e-mail notifications (R-D4).
//!
//! A message thread joins *staff* (director, deputy, admin, secretary, teachers) and *families*
//! (guardians and students). Staff write to staff of their school freely. A family writes only to
//! the staff related to its child — the child's subject teachers of the current year, the class
//! teacher and the administration — and never to another family. A thread holds at most one
//! family: every family member in it shares a child. Families only read class announcements.

use crate::Role;
use serde::{Deserialize, Serialize};

/// Which side of the school a person writes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Staff,
    Family,
}

impl Side {
    /// Staff when any staff role is held (a teacher who is also a parent writes as staff), family
    /// when a guardian or student role is, none otherwise (region, integration).
    pub fn of(roles: &[Role]) -> Option<Side> {
        if roles.iter().any(|r| r.is_staff()) {
            Some(Side::Staff)
        } else if roles
            .iter()
            .any(|r| matches!(r, Role::Guardian | Role::Student))
        {
            Some(Side::Family)
        } else {
            None
        }
    }
}

/// Why a message may not go to someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MessageDenied {
    /// A guardian or student addressed another family (R-D3: "not to other families").
    #[error(
        "guardians and students write only to the staff of their child, never to another family"
    )]
    OtherFamily,
    /// The recipient is staff not related to the caller's child, or a family the staff member has
    /// no relation to.
    #[error("the caller may not write to this person")]
    NotRelated,
    /// The caller takes part in the thread only as a reader (a family in an announcement).
    #[error("announcements are read-only for families")]
    ReadOnly,
    /// Neither staff nor family (region, integration): no messaging.
    #[error("this account does not take part in messages")]
    NoMessaging,
}

impl MessageDenied {
    /// The stable problem code.
    pub fn code(self) -> &'static str {
        match self {
            MessageDenied::OtherFamily => "other_family",
            MessageDenied::NotRelated => "recipient_not_allowed",
            MessageDenied::ReadOnly => "announcement_read_only",
            MessageDenied::NoMessaging => "forbidden",
        }
    }
}

/// May someone on side `from` write to someone on side `to`? `related` says whether the two are
/// related through a child (the recipient teaches, leads the class of, or administers the school
/// of the caller's child; or, seen from staff, the family's child is one the caller teaches, leads
/// or — for the administration — any child of the school).
pub fn may_write(from: Side, to: Side, related: bool) -> Result<(), MessageDenied> {
    match (from, to) {
        (Side::Family, Side::Family) => Err(MessageDenied::OtherFamily),
        (Side::Staff, Side::Staff) => Ok(()),
        _ if related => Ok(()),
        _ => Err(MessageDenied::NotRelated),
    }
}

/// The family members of one thread must share a child, so no family ever reads or writes to
/// another (R-D3). `children` holds, per family member, the students they are (or are a guardian
/// of).
pub fn one_family(children: &[Vec<String>]) -> Result<(), MessageDenied> {
    let Some((first, rest)) = children.split_first() else {
        return Ok(());
    };
    let shared = first
        .iter()
        .any(|c| rest.iter().all(|other| other.contains(c)));
    if shared {
        Ok(())
    } else {
        Err(MessageDenied::OtherFamily)
    }
}

/// The roles that post class announcements: the class teacher of that class (bound to the class
/// by the handler), the deputy and the director (R-A5, R-A6).
pub fn may_announce(roles: &[Role], leads_the_class: bool) -> bool {
    roles
        .iter()
        .any(|r| matches!(r, Role::Director | Role::Deputy))
        || (leads_the_class
            && roles
                .iter()
                .any(|r| matches!(r, Role::Teacher | Role::ClassTeacher)))
}

/// Text folded for search: lower case, ё as е, so `q=` finds "Ёлка" with "елка" on both backends.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

/// What a notification is about (R-D4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    Mark,
    Absence,
    Announcement,
}

impl NotificationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::Mark => "mark",
            NotificationKind::Absence => "absence",
            NotificationKind::Announcement => "announcement",
        }
    }
}

/// A guardian's choices: which kinds by e-mail, and whether at once or in a daily digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preferences {
    pub marks: bool,
    pub absences: bool,
    pub announcements: bool,
    pub digest_only: bool,
}

impl Default for Preferences {
    /// Without a choice: everything, at once.
    fn default() -> Self {
        Self {
            marks: true,
            absences: true,
            announcements: true,
            digest_only: false,
        }
    }
}

/// How a notification is handled for one guardian.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Not wanted, or nowhere to send it: nothing is queued.
    Skip,
    /// Sent on its own as soon as the worker runs.
    Immediate,
    /// Held for the next daily digest.
    Digest,
}

/// Decide the delivery of `kind` for a guardian with `prefs`, an e-mail address or not, and
/// personal-data consent or not (R-D5: no consent, no e-mail).
pub fn delivery(
    kind: NotificationKind,
    prefs: &Preferences,
    has_email: bool,
    consent: bool,
) -> Delivery {
    let wanted = match kind {
        NotificationKind::Mark => prefs.marks,
        NotificationKind::Absence => prefs.absences,
        NotificationKind::Announcement => prefs.announcements,
    };
    if !wanted || !has_email || !consent {
        Delivery::Skip
    } else if prefs.digest_only {
        Delivery::Digest
    } else {
        Delivery::Immediate
    }
}

/// Seconds to wait before the next attempt after `attempts` failed ones: 1, 2, 4 … minutes, at most
/// six hours.
pub fn backoff_seconds(attempts: i32) -> i64 {
    let exp = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    (60_i64 << exp.min(9)).min(6 * 3600)
}

/// Attempts after which an item is given up as `failed`.
pub const MAX_ATTEMPTS: i32 = 10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_never_write_to_families() {
        assert_eq!(
            may_write(Side::Family, Side::Family, true),
            Err(MessageDenied::OtherFamily)
        );
        assert_eq!(may_write(Side::Family, Side::Staff, true), Ok(()));
        assert_eq!(
            may_write(Side::Family, Side::Staff, false),
            Err(MessageDenied::NotRelated)
        );
        assert_eq!(may_write(Side::Staff, Side::Staff, false), Ok(()));
        assert_eq!(
            may_write(Side::Staff, Side::Family, false),
            Err(MessageDenied::NotRelated)
        );
    }

    #[test]
    fn a_thread_holds_one_family() {
        let a = vec!["kid1".to_owned(), "kid2".to_owned()];
        let b = vec!["kid2".to_owned()];
        let c = vec!["kid3".to_owned()];
        assert_eq!(one_family(&[a.clone(), b.clone()]), Ok(()));
        assert_eq!(one_family(&[a, c]), Err(MessageDenied::OtherFamily));
        assert_eq!(one_family(&[b]), Ok(()));
        assert_eq!(one_family(&[]), Ok(()));
    }

    #[test]
    fn side_prefers_staff() {
        assert_eq!(
            Side::of(&[Role::Guardian, Role::Teacher]),
            Some(Side::Staff)
        );
        assert_eq!(Side::of(&[Role::Student]), Some(Side::Family));
        assert_eq!(Side::of(&[Role::Region]), None);
    }

    #[test]
    fn announcements_by_class_teacher_of_that_class_or_leadership() {
        assert!(may_announce(&[Role::Teacher], true));
        assert!(!may_announce(&[Role::Teacher], false));
        assert!(may_announce(&[Role::Deputy], false));
        assert!(!may_announce(&[Role::Guardian], true));
    }

    #[test]
    fn search_folds_case_and_yo() {
        assert_eq!(fold("Ёлка ПОХОД"), "елка поход");
    }

    #[test]
    fn delivery_follows_preferences_email_and_consent() {
        let p = Preferences::default();
        assert_eq!(
            delivery(NotificationKind::Mark, &p, true, true),
            Delivery::Immediate
        );
        assert_eq!(
            delivery(NotificationKind::Mark, &p, false, true),
            Delivery::Skip
        );
        assert_eq!(
            delivery(NotificationKind::Mark, &p, true, false),
            Delivery::Skip
        );
        let d = Preferences {
            marks: false,
            digest_only: true,
            ..p
        };
        assert_eq!(
            delivery(NotificationKind::Mark, &d, true, true),
            Delivery::Skip
        );
        assert_eq!(
            delivery(NotificationKind::Absence, &d, true, true),
            Delivery::Digest
        );
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff_seconds(1), 60);
        assert_eq!(backoff_seconds(2), 120);
        assert_eq!(backoff_seconds(20), 6 * 3600);
    }
}
