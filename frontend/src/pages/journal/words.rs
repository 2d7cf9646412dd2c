//! How marks, refusals of a change and absence reasons read in the interface.

use crate::i18n::{t, Key, Lang};
use journal_domain::journal::Refusal;
use journal_domain::marks::NOT_ATTESTED;

/// What the interface shows for a mark value.
pub fn mark_text(lang: Lang, value: &str) -> String {
    match value {
        NOT_ATTESTED => t(lang, Key::JrNotAttested).to_owned(),
        "pass" => t(lang, Key::JrPass).to_owned(),
        "fail" => t(lang, Key::JrFail).to_owned(),
        "mastered" => "+".to_owned(),
        "not_mastered" => "−".to_owned(),
        v => v.to_owned(),
    }
}

/// Why a cell's change was refused, in words: every refusal of the journal write decision has
/// its own (the match is exhaustive, so a new refusal without words does not compile).
pub(super) fn refusal_text(lang: Lang, code: &str) -> String {
    let key = match Refusal::parse(code) {
        Some(Refusal::LessonCancelled) => Key::JrRefusedCancelled,
        Some(Refusal::LessonInFuture) => Key::JrRefusedFuture,
        Some(Refusal::Forbidden) => Key::JrRefusedForbidden,
        Some(Refusal::PeriodLocked) => Key::JrLocked,
        Some(Refusal::MarkOutsideScale | Refusal::NoMarksScale) => Key::JrRefusedScale,
        Some(Refusal::GivenOnOutsideLesson) => Key::ErrGivenOnOutside,
        Some(Refusal::LessonNotOnPage | Refusal::StudentNotOnPage) => Key::JrRefusedNotOnPage,
        Some(Refusal::UnknownWorkType) => Key::JrRefusedWorkType,
        Some(Refusal::PlanTopicNotInPlan) => Key::JrRefusedPlanTopic,
        None => Key::JrRefusedForbidden,
    };
    t(lang, key).to_owned()
}

/// The words for an absence reason.
pub(super) fn reason_text(lang: Lang, reason: &str) -> String {
    let key = match reason {
        "illness" => Key::JrReasonIllness,
        "excused" => Key::JrReasonExcused,
        "unexcused" => Key::JrReasonUnexcused,
        other => return other.to_owned(),
    };
    t(lang, key).to_owned()
}

/// The letter of an absence reason in a cell: «б» illness, «у» excused, «п» unexcused.
pub(super) fn reason_short(lang: Lang, reason: &str) -> &'static str {
    t(
        lang,
        match reason {
            "illness" => Key::JrReasonIllnessShort,
            "excused" => Key::JrReasonExcusedShort,
            _ => Key::JrReasonUnexcusedShort,
        },
    )
}
