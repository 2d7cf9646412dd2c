//! The diary of a student: who may read it, acknowledge it and get an account for it (R-D1, R-D2,
//! R-D5, R-A2, R-A3, R-A11).

use crate::Role;
use chrono::{Datelike, Duration, NaiveDate};

/// The age from which a student may have their own (read-only) account (R-A3).
pub const OWN_ACCOUNT_AGE: u32 = 14;

/// The longest span one diary request covers, in days.
pub const MAX_DIARY_DAYS: i64 = 31;

/// A guardian's personal-data decision in force (R-D5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consent {
    /// Nothing registered yet.
    Unknown,
    Given,
    Refused,
}

impl Consent {
    /// The stored code of a registered decision (`given`, `refused`); none when nothing is.
    pub fn code(self) -> Option<&'static str> {
        match self {
            Consent::Unknown => None,
            Consent::Given => Some("given"),
            Consent::Refused => Some("refused"),
        }
    }

    pub fn parse(code: Option<&str>) -> Self {
        match code {
            Some("given") => Consent::Given,
            Some("refused") => Consent::Refused,
            _ => Consent::Unknown,
        }
    }
}

/// Whether a student's personal data (their birth date) may be given to an integration's
/// demographics (R-D5, R-E3): a guardian's consent is in force and no guardian's refusal is.
pub fn shares_personal_data(consents: &[Consent]) -> bool {
    consents.contains(&Consent::Given) && !consents.contains(&Consent::Refused)
}

/// How the caller stands to one student. Built by the server from the caller's roles and the
/// student's class, groups, guardians and account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudentRelation<'a> {
    pub roles: &'a [Role],
    /// The caller is the student (their account).
    pub is_self: bool,
    /// The caller is a guardian linked to the student, with their consent in force.
    pub guardian: Option<Consent>,
    /// The caller leads the student's class (a relation, whatever the token's roles say).
    pub class_teacher: bool,
    /// The caller teaches the student's class or one of their groups this year.
    pub teaches: bool,
}

/// Why the diary is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DiaryDenied {
    /// No relation to the student: answered as "not found" so nothing is revealed (R-A11).
    #[error("no such student")]
    Unrelated,
    /// A linked guardian who refused the processing of personal data has no diary (R-D5).
    #[error("the guardian refused the processing of personal data")]
    ConsentRefused,
}

impl StudentRelation<'_> {
    fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Read the diary: the student themselves, a linked guardian (not after a refusal), the
    /// deputy and the director, the class teacher and the teachers of the student (R-A2, R-A3,
    /// R-A5, R-A6).
    pub fn may_read(&self) -> Result<(), DiaryDenied> {
        let staff = self.has(Role::Director)
            || self.has(Role::Deputy)
            || self.class_teacher
            || (self.teaches && self.has(Role::Teacher));
        if staff || (self.is_self && self.has(Role::Student)) {
            return Ok(());
        }
        match (self.has(Role::Guardian), self.guardian) {
            (true, Some(Consent::Refused)) => Err(DiaryDenied::ConsentRefused),
            (true, Some(_)) => Ok(()),
            _ => Err(DiaryDenied::Unrelated),
        }
    }

    /// Acknowledge a week or a period: only a linked guardian (R-D2).
    pub fn may_acknowledge(&self) -> Result<(), DiaryDenied> {
        match (self.has(Role::Guardian), self.guardian) {
            (true, Some(Consent::Refused)) => Err(DiaryDenied::ConsentRefused),
            (true, Some(_)) => Ok(()),
            _ => Err(DiaryDenied::Unrelated),
        }
    }
}

/// The Monday of the week holding `date`.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// Full years of age on `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    let years = on.year() - birth.year();
    let before_birthday = (on.month(), on.day()) < (birth.month(), birth.day());
    u32::try_from(years - i32::from(before_birthday)).unwrap_or(0)
}

/// Why an account for the diary cannot be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AccountRefused {
    /// A guardian gets an account only once their consent is registered (R-D5).
    #[error("the guardian's personal-data consent is not registered")]
    NoConsent,
    /// A guardian who refused the processing of personal data gets no account; the school gives
    /// printed extracts instead (R-D5, R-D6).
    #[error("the guardian refused the processing of personal data: the school gives a printed extract instead")]
    ConsentRefused,
    /// A student gets their own account from the age of 14 (R-A3).
    #[error("students get their own account from the age of 14")]
    TooYoung,
}

/// May a guardian with this consent get a diary account?
pub fn guardian_account(consent: Consent) -> Result<(), AccountRefused> {
    match consent {
        Consent::Given => Ok(()),
        Consent::Unknown => Err(AccountRefused::NoConsent),
        Consent::Refused => Err(AccountRefused::ConsentRefused),
    }
}

/// May a student born on `birth` get their own account on `today`?
pub fn student_account(birth: NaiveDate, today: NaiveDate) -> Result<(), AccountRefused> {
    if age_on(birth, today) >= OWN_ACCOUNT_AGE {
        Ok(())
    } else {
        Err(AccountRefused::TooYoung)
    }
}

/// What issuing a class's diary access does for one of its guardians or students (R-S1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Issue {
    /// A new account with a one-time password.
    Open,
    /// A new one-time password for the existing account: the lost slip's password stops working.
    Reissue,
    /// Nothing: the person may have no account now.
    Refused(AccountRefused),
    /// Nothing: the person has an account and was not named (issuing "for everyone" re-issues
    /// nobody's password).
    HasAccount,
}

/// The issue for one person: `named` when the class teacher picked them, `has_account` when
/// they have one already, `may` the answer of [`guardian_account`] or [`student_account`].
/// Issuing for everyone passes over those who have an account; otherwise a refusal wins: a
/// guardian who withdrew consent gets no new password either.
pub fn issue(named: bool, has_account: bool, may: Result<(), AccountRefused>) -> Issue {
    match (may, has_account) {
        (_, true) if !named => Issue::HasAccount,
        (Err(why), _) => Issue::Refused(why),
        (Ok(()), false) => Issue::Open,
        (Ok(()), true) => Issue::Reissue,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn rel(roles: &[Role]) -> StudentRelation<'_> {
        StudentRelation {
            roles,
            is_self: false,
            guardian: None,
            class_teacher: false,
            teaches: false,
        }
    }

    #[test]
    fn consent_codes_read_back_as_they_were_stored() {
        for c in [Consent::Unknown, Consent::Given, Consent::Refused] {
            assert_eq!(Consent::parse(c.code()), c);
        }
        assert_eq!(Consent::Refused.code(), Some("refused"));
        assert_eq!(Consent::parse(Some("maybe")), Consent::Unknown);
    }

    #[test]
    fn a_guardian_reads_only_linked_children_and_not_after_a_refusal() {
        let g = [Role::Guardian];
        assert_eq!(rel(&g).may_read(), Err(DiaryDenied::Unrelated));
        for consent in [Consent::Unknown, Consent::Given] {
            let linked = StudentRelation {
                guardian: Some(consent),
                ..rel(&g)
            };
            assert_eq!(linked.may_read(), Ok(()));
            assert_eq!(linked.may_acknowledge(), Ok(()));
        }
        let refused = StudentRelation {
            guardian: Some(Consent::Refused),
            ..rel(&g)
        };
        assert_eq!(refused.may_read(), Err(DiaryDenied::ConsentRefused));
        assert_eq!(refused.may_acknowledge(), Err(DiaryDenied::ConsentRefused));
    }

    #[test]
    fn a_student_reads_only_their_own_diary_and_acknowledges_nothing() {
        let s = [Role::Student];
        assert_eq!(rel(&s).may_read(), Err(DiaryDenied::Unrelated));
        let own = StudentRelation {
            is_self: true,
            ..rel(&s)
        };
        assert_eq!(own.may_read(), Ok(()));
        assert_eq!(own.may_acknowledge(), Err(DiaryDenied::Unrelated));
    }

    #[test]
    fn staff_read_by_their_relation_to_the_student() {
        assert_eq!(rel(&[Role::Deputy]).may_read(), Ok(()));
        assert_eq!(rel(&[Role::Director]).may_read(), Ok(()));
        let t = [Role::Teacher];
        assert_eq!(rel(&t).may_read(), Err(DiaryDenied::Unrelated));
        let teaching = StudentRelation {
            teaches: true,
            ..rel(&t)
        };
        assert_eq!(teaching.may_read(), Ok(()));
        let leads = StudentRelation {
            class_teacher: true,
            ..rel(&t)
        };
        assert_eq!(leads.may_read(), Ok(()));
        // The office keeps records, not marks.
        assert_eq!(
            rel(&[Role::Secretary, Role::Admin]).may_read(),
            Err(DiaryDenied::Unrelated)
        );
        assert_eq!(leads.may_acknowledge(), Err(DiaryDenied::Unrelated));
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_start(d(2025, 10, 22)), d(2025, 10, 20));
        assert_eq!(week_start(d(2025, 10, 20)), d(2025, 10, 20));
        assert_eq!(week_start(d(2025, 10, 26)), d(2025, 10, 20));
    }

    #[test]
    fn accounts_need_consent_or_fourteen_years() {
        assert_eq!(guardian_account(Consent::Given), Ok(()));
        assert_eq!(
            guardian_account(Consent::Unknown),
            Err(AccountRefused::NoConsent)
        );
        assert_eq!(
            guardian_account(Consent::Refused),
            Err(AccountRefused::ConsentRefused)
        );
        let birth = d(2011, 11, 23);
        assert_eq!(age_on(birth, d(2025, 11, 22)), 13);
        assert_eq!(age_on(birth, d(2025, 11, 23)), 14);
        assert_eq!(
            student_account(birth, d(2025, 11, 22)),
            Err(AccountRefused::TooYoung)
        );
        assert_eq!(student_account(birth, d(2025, 11, 23)), Ok(()));
    }

    #[test]
    fn issuing_a_class_opens_new_accounts_and_reissues_only_the_named() {
        // R-S1, R-D5: a refusal wins; an account is re-issued only when named.
        assert_eq!(issue(false, false, Ok(())), Issue::Open);
        assert_eq!(issue(true, false, Ok(())), Issue::Open);
        assert_eq!(issue(true, true, Ok(())), Issue::Reissue);
        assert_eq!(issue(false, true, Ok(())), Issue::HasAccount);
        let refused = Err(AccountRefused::ConsentRefused);
        assert_eq!(
            issue(true, true, refused),
            Issue::Refused(AccountRefused::ConsentRefused)
        );
        assert_eq!(issue(false, true, refused), Issue::HasAccount);
        let young = student_account(
            NaiveDate::from_ymd_opt(2013, 6, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(),
        );
        assert_eq!(
            issue(false, false, young),
            Issue::Refused(AccountRefused::TooYoung)
        );
    }

    #[test]
    fn personal_data_is_shared_only_with_a_consent_and_no_refusal() {
        assert!(shares_personal_data(&[Consent::Given]));
        assert!(shares_personal_data(&[Consent::Given, Consent::Unknown]));
        assert!(!shares_personal_data(&[Consent::Given, Consent::Refused]));
        assert!(!shares_personal_data(&[Consent::Unknown]));
        assert!(!shares_personal_data(&[]));
    }
}
