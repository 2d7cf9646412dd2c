//! The rules of a student's card that are not drawing: a guardian's personal-data consents (R-D5)
//! and the forms that give a diary account (R-A3, R-S1).

use crate::components::problem::{field_errors_of, require, required};
use crate::i18n::Key;
use chrono::NaiveDate;
use journal_api_types::diary::{ConsentInput, ConsentView, DiaryAccountInput};
use journal_api_types::FieldError;
use journal_client::ClientError;
use journal_domain::diary::{self as rules, Consent};
use validator::Validate;

/// The two decisions a guardian signs, as the API names them (`journal_domain::diary::Consent`).
pub const DECISIONS: [Consent; 2] = [Consent::Given, Consent::Refused];

/// «Согласие дано» or «Отказ».
pub fn decision_key(decision: &str) -> Key {
    match Consent::parse(Some(decision)) {
        Consent::Refused => Key::ConsentDecisionRefused,
        Consent::Given | Consent::Unknown => Key::ConsentDecisionGiven,
    }
}

/// The decision in force: the one the server marks, else the newest registered.
pub fn in_force(consents: &[ConsentView]) -> Option<&ConsentView> {
    consents.iter().find(|c| c.in_force).or_else(|| {
        consents
            .iter()
            .max_by_key(|c| (c.recorded_at, c.decided_on))
    })
}

/// The register as shown: newest first.
pub fn newest_first(consents: &[ConsentView]) -> Vec<&ConsentView> {
    let mut list: Vec<&ConsentView> = consents.iter().collect();
    list.sort_by_key(|c| std::cmp::Reverse((c.recorded_at, c.decided_on)));
    list
}

/// What to say before the diary-account button as far as the register tells: nothing with a
/// consent in force, the refusal when one is in force, else that a consent must be registered
/// first. The server checks it again (`consent_missing`, `consent_refused`).
pub fn account_hint(consents: &[ConsentView]) -> Option<Key> {
    match Consent::parse(in_force(consents).map(|c| c.decision.as_str())) {
        Consent::Given => None,
        Consent::Refused => Some(Key::DiaryAccessConsentRefused),
        Consent::Unknown => Some(Key::DiaryAccessNeedsConsent),
    }
}

/// The consent form's request, or the field errors worded as the server words them.
pub fn consent_input(
    decision: &str,
    decided_on: &str,
    document: &str,
) -> Result<ConsentInput, Vec<FieldError>> {
    let mut errors = Vec::new();
    if Consent::parse(Some(decision)) == Consent::Unknown {
        errors.push(required("decision"));
    }
    let date = NaiveDate::parse_from_str(decided_on.trim(), "%Y-%m-%d").ok();
    if date.is_none() {
        errors.push(required("decided_on"));
    }
    let input = ConsentInput {
        decision: decision.to_owned(),
        decided_on: date.unwrap_or_default(),
        document: document.trim().to_owned(),
    };
    if let Err(e) = input.validate() {
        errors.extend(field_errors_of(&e));
    }
    require(&mut errors, "document", document);
    if errors.is_empty() {
        Ok(input)
    } else {
        errors.sort_by(|a, b| a.field.cmp(&b.field));
        Err(errors)
    }
}

/// The account form's request, or the field errors worded as the server words them.
pub fn account_input(login: &str) -> Result<DiaryAccountInput, Vec<FieldError>> {
    let input = DiaryAccountInput {
        login: login.trim().to_owned(),
    };
    match input.validate() {
        Ok(()) => Ok(input),
        Err(e) => {
            let mut errors = field_errors_of(&e);
            require(&mut errors, "login", login);
            Err(errors)
        }
    }
}

/// Whether the student is old enough for their own diary account: the domain's rule (R-A3), the
/// server decides again.
pub fn old_enough_for_account(birth: NaiveDate, today: NaiveDate) -> bool {
    rules::student_account(birth, today).is_ok()
}

/// Whether the server refused because the person already has an account.
pub fn is_account_exists(e: &ClientError) -> bool {
    matches!(e, ClientError::Api(p) if p.code == "account_exists")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn consent(decision: &str, on: NaiveDate, hour: u32, in_force: bool) -> ConsentView {
        ConsentView {
            decision: decision.into(),
            decided_on: on,
            document: "Заявление № 14".into(),
            recorded_by_name: "Секретарь".into(),
            recorded_at: Utc.with_ymd_and_hms(2025, 9, 1, hour, 0, 0).unwrap(),
            in_force,
        }
    }

    #[test]
    fn the_decision_in_force_is_the_marked_one_else_the_newest() {
        assert!(in_force(&[]).is_none());
        assert_eq!(account_hint(&[]), Some(Key::DiaryAccessNeedsConsent));
        let given = consent("given", d(2025, 9, 1), 9, false);
        let refused = consent("refused", d(2025, 9, 2), 10, true);
        let list = [given.clone(), refused.clone()];
        assert_eq!(in_force(&list), Some(&refused));
        assert_eq!(account_hint(&list), Some(Key::DiaryAccessConsentRefused));
        // Nothing marked: the newest registered.
        let unmarked = [
            consent("refused", d(2025, 9, 1), 9, false),
            consent("given", d(2025, 9, 2), 11, false),
        ];
        assert_eq!(
            in_force(&unmarked).map(|c| c.decision.as_str()),
            Some("given")
        );
        assert_eq!(account_hint(&unmarked), None);
        let shown = newest_first(&list);
        assert_eq!(shown[0], &refused);
        assert_eq!(shown[1], &given);
    }

    #[test]
    fn decisions_are_named() {
        assert_eq!(decision_key("given"), Key::ConsentDecisionGiven);
        assert_eq!(decision_key("refused"), Key::ConsentDecisionRefused);
    }

    #[test]
    fn the_consent_form_needs_a_decision_a_date_and_a_document() {
        let ok = consent_input("given", "2025-09-01", "  Заявление № 14 от 01.09.2025 ").unwrap();
        assert_eq!(ok.decision, "given");
        assert_eq!(ok.decided_on, d(2025, 9, 1));
        assert_eq!(ok.document, "Заявление № 14 от 01.09.2025");

        let fields =
            |e: Vec<FieldError>| e.into_iter().map(|e| (e.field, e.code)).collect::<Vec<_>>();
        assert_eq!(
            fields(consent_input("", "", "   ").unwrap_err()),
            vec![
                ("decided_on".to_owned(), "required".to_owned()),
                ("decision".to_owned(), "required".to_owned()),
                ("document".to_owned(), "required".to_owned()),
            ]
        );
        assert_eq!(
            fields(consent_input("maybe", "2025-09-01", "x").unwrap_err()),
            vec![("decision".to_owned(), "required".to_owned())]
        );
        assert_eq!(
            fields(consent_input("refused", "2025-09-01", &"я".repeat(201)).unwrap_err()),
            vec![("document".to_owned(), "length".to_owned())]
        );
    }

    #[test]
    fn the_login_is_trimmed_and_checked() {
        assert_eq!(account_input(" ivanova.m ").unwrap().login, "ivanova.m");
        let e = account_input("ab").unwrap_err();
        assert_eq!(
            (e[0].field.as_str(), e[0].code.as_str()),
            ("login", "length")
        );
        let e = account_input("  ").unwrap_err();
        assert_eq!(
            (e[0].field.as_str(), e[0].code.as_str()),
            ("login", "required")
        );
        assert_eq!(e.len(), 1);
    }

    #[test]
    fn own_access_is_from_fourteen() {
        let birth = d(2011, 9, 15);
        assert!(!old_enough_for_account(birth, d(2025, 9, 14)));
        assert!(old_enough_for_account(birth, d(2025, 9, 15)));
        assert!(!old_enough_for_account(d(2030, 1, 1), d(2025, 1, 1)));
    }

    #[test]
    fn an_existing_account_is_recognised() {
        let problem = |code: &str| {
            ClientError::Api(journal_api_types::Problem {
                kind: format!("urn:journal:problem:{code}"),
                title: "Conflict".into(),
                status: 409,
                code: journal_api_types::ErrorCode::parse(code).unwrap(),
                detail: None,
                errors: vec![],
                clash: None,
            })
        };
        assert!(is_account_exists(&problem("account_exists")));
        assert!(!is_account_exists(&problem("login_taken")));
    }
}
