//! The one table of problem codes the API answers with (`Problem::code`). The server's error
//! type takes nothing else, and the SPA matches every code when it words a problem, so a new code
//! without its Russian and English text does not compile.

use serde::{Deserialize, Serialize};

macro_rules! error_codes {
    ($($(#[$doc:meta])* $name:ident = $code:literal,)+) => {
        /// A stable, machine-readable problem code; `snake_case` on the wire.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $($(#[$doc])* $name,)+
        }

        impl ErrorCode {
            /// Every code, in alphabetical order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$name,)+];

            /// The code as it travels.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$name => $code,)+
                }
            }
        }
    };
}

error_codes! {
    AccountExists = "account_exists",
    AccountInOtherSchools = "account_in_other_schools",
    AlreadyLinked = "already_linked",
    AlreadyMember = "already_member",
    AnnouncementReadOnly = "announcement_read_only",
    AssignmentExists = "assignment_exists",
    BadEncoding = "bad_encoding",
    BellsOutOfOrder = "bells_out_of_order",
    BodyTooLarge = "body_too_large",
    CalendarInvalid = "calendar_invalid",
    ClassDoubleBooked = "class_double_booked",
    ClassExists = "class_exists",
    ClassOrTeacher = "class_or_teacher",
    ClassTeacherNotTeacher = "class_teacher_not_teacher",
    ClassWithoutYear = "class_without_year",
    ClientRevoked = "client_revoked",
    ConsentMissing = "consent_missing",
    ConsentRefused = "consent_refused",
    ControlWorkLimit = "control_work_limit",
    DatabaseUnavailable = "database_unavailable",
    DateBeforeBirth = "date_before_birth",
    DateOutOfRange = "date_out_of_range",
    DigestRace = "digest_race",
    DivisionTaken = "division_taken",
    DuplicateSubject = "duplicate_subject",
    EmptyFile = "empty_file",
    EntryDates = "entry_dates",
    /// More rows match an export than one file may hold (the audit log's CSV: 100 000).
    ExportTooLarge = "export_too_large",
    FileTooComplex = "file_too_complex",
    FileTooLarge = "file_too_large",
    FileTooLargeUnpacked = "file_too_large_unpacked",
    Forbidden = "forbidden",
    FutureSpan = "future_span",
    GivenOnOutsideLesson = "given_on_outside_lesson",
    GroupClassMismatch = "group_class_mismatch",
    GroupClassYear = "group_class_year",
    GroupClasses = "group_classes",
    GroupExists = "group_exists",
    GroupHasAssignments = "group_has_assignments",
    GroupMismatch = "group_mismatch",
    /// Not sent by the server: the client's code for an error answer without a problem body
    /// (a proxy's 502, say).
    HttpError = "http_error",
    IfMatchRequired = "if_match_required",
    ImportRejected = "import_rejected",
    IndividualGroupTaken = "individual_group_taken",
    InitialPasswordExpired = "initial_password_expired",
    Internal = "internal",
    InvalidBody = "invalid_body",
    InvalidChanges = "invalid_changes",
    InvalidCredentials = "invalid_credentials",
    InvalidDecision = "invalid_decision",
    InvalidFormat = "invalid_format",
    InvalidIfMatch = "invalid_if_match",
    InvalidQuery = "invalid_query",
    InvalidRefreshToken = "invalid_refresh_token",
    InvalidSpan = "invalid_span",
    InvalidToken = "invalid_token",
    LessonAlreadyChanged = "lesson_already_changed",
    LessonCancelled = "lesson_cancelled",
    LessonInFuture = "lesson_in_future",
    LessonNotOnPage = "lesson_not_on_page",
    LoginTaken = "login_taken",
    MarkOutsideScale = "mark_outside_scale",
    MembershipDates = "membership_dates",
    MethodNotAllowed = "method_not_allowed",
    MoveTargetNotTeachingDay = "move_target_not_teaching_day",
    MoveTargetRequired = "move_target_required",
    MoveToSameSlot = "move_to_same_slot",
    MovementDateBeforePrevious = "movement_date_before_previous",
    NoArchiveKey = "no_archive_key",
    NoChange = "no_change",
    NoMarksScale = "no_marks_scale",
    NoRecipients = "no_recipients",
    NoSchool = "no_school",
    NoSuchEndpoint = "no_such_endpoint",
    NoSuchLesson = "no_such_lesson",
    NoSuchLessonNumber = "no_such_lesson_number",
    NoSuchPage = "no_such_page",
    NotAMember = "not_a_member",
    NotATeachingDay = "not_a_teaching_day",
    NotFound = "not_found",
    NulCharacter = "nul_character",
    OtherFamily = "other_family",
    PasswordChangeRequired = "password_change_required",
    PasswordSameAsLogin = "password_same_as_login",
    PasswordTooCommon = "password_too_common",
    PasswordTooLong = "password_too_long",
    PasswordTooShort = "password_too_short",
    PeriodAlreadyClosed = "period_already_closed",
    PeriodInUse = "period_in_use",
    PeriodLocked = "period_locked",
    PeriodNotClosed = "period_not_closed",
    PeriodOrYear = "period_or_year",
    PlanInvalid = "plan_invalid",
    PlanTopicNotInPlan = "plan_topic_not_in_plan",
    RecipientNotAllowed = "recipient_not_allowed",
    /// An inspection remark is confirmed: no further step (R-R2).
    RemarkClosed = "remark_closed",
    /// A new inspection remark due before the school's today (R-R2).
    RemarkDuePast = "remark_due_past",
    /// Confirming or returning a remark the teacher has not marked done (R-R2).
    RemarkNotDone = "remark_not_done",
    /// Marking done a remark already done and waiting for confirmation (R-R2).
    RemarkNotOpen = "remark_not_open",
    ReopenUntilPast = "reopen_until_past",
    RoomDoubleBooked = "room_double_booked",
    RoomExists = "room_exists",
    SameClass = "same_class",
    ServerBusy = "server_busy",
    /// A compromise report "suspected since" after the report itself (R-S5).
    SinceInFuture = "since_in_future",
    StalePage = "stale_page",
    StudentNotInGroupClass = "student_not_in_group_class",
    StudentNotOnPage = "student_not_on_page",
    StudentWithdrawn = "student_withdrawn",
    SubjectExists = "subject_exists",
    SubstituteIsTeacher = "substitute_is_teacher",
    SubstituteRequired = "substitute_required",
    TeacherDoubleBooked = "teacher_double_booked",
    ThresholdsNotRising = "thresholds_not_rising",
    ThrottleRaced = "throttle_raced",
    TooManyAttempts = "too_many_attempts",
    TooManyColumns = "too_many_columns",
    TooManyRows = "too_many_rows",
    TooYoung = "too_young",
    Unauthorized = "unauthorized",
    UnknownWorkType = "unknown_work_type",
    UnreadableFile = "unreadable_file",
    UnsupportedMediaType = "unsupported_media_type",
    ValidationFailed = "validation_failed",
    WeekdayNotInWeekMode = "weekday_not_in_week_mode",
    WorkTypeCode = "work_type_code",
    YearArchived = "year_archived",
    YearExists = "year_exists",
    YearsOverlap = "years_overlap",
}

impl ErrorCode {
    /// The code named `code`, if the API has it.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.as_str() == code)
    }
}

/// A code compares with its name, as it travels.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

mod from_domain {
    //! The domain's refusals, each with its code. The matches are exhaustive: a new refusal in
    //! journal-domain needs its code here.
    use super::ErrorCode;
    use journal_domain::groups::{GroupProblem, MembershipProblem};
    use journal_domain::journal::Refusal;
    use journal_domain::locking::LockProblem;
    use journal_domain::messaging::MessageDenied;
    use journal_domain::password::PasswordProblem;
    use journal_domain::people::MovementRefused;
    use journal_domain::remarks::RemarkRefusal;
    use journal_domain::timetable::{ClashKind, EntryProblem};

    impl From<LockProblem> for ErrorCode {
        fn from(p: LockProblem) -> Self {
            match p {
                LockProblem::AlreadyClosed => ErrorCode::PeriodAlreadyClosed,
                LockProblem::NotClosed => ErrorCode::PeriodNotClosed,
                LockProblem::UntilInThePast => ErrorCode::ReopenUntilPast,
            }
        }
    }

    impl From<RemarkRefusal> for ErrorCode {
        fn from(r: RemarkRefusal) -> Self {
            match r {
                RemarkRefusal::Forbidden => ErrorCode::Forbidden,
                RemarkRefusal::NotOpen => ErrorCode::RemarkNotOpen,
                RemarkRefusal::NotDone => ErrorCode::RemarkNotDone,
                RemarkRefusal::Closed => ErrorCode::RemarkClosed,
                RemarkRefusal::DueInPast => ErrorCode::RemarkDuePast,
            }
        }
    }

    impl From<MessageDenied> for ErrorCode {
        fn from(d: MessageDenied) -> Self {
            match d {
                MessageDenied::OtherFamily => ErrorCode::OtherFamily,
                MessageDenied::NotRelated => ErrorCode::RecipientNotAllowed,
                MessageDenied::ReadOnly => ErrorCode::AnnouncementReadOnly,
                MessageDenied::NoMessaging => ErrorCode::Forbidden,
            }
        }
    }

    impl From<PasswordProblem> for ErrorCode {
        fn from(p: PasswordProblem) -> Self {
            match p {
                PasswordProblem::TooShort => ErrorCode::PasswordTooShort,
                PasswordProblem::TooLong => ErrorCode::PasswordTooLong,
                PasswordProblem::Common => ErrorCode::PasswordTooCommon,
                PasswordProblem::SameAsLogin => ErrorCode::PasswordSameAsLogin,
            }
        }
    }

    impl From<&ClashKind> for ErrorCode {
        fn from(k: &ClashKind) -> Self {
            match k {
                ClashKind::Teacher => ErrorCode::TeacherDoubleBooked,
                ClashKind::Room => ErrorCode::RoomDoubleBooked,
                ClashKind::Class => ErrorCode::ClassDoubleBooked,
            }
        }
    }

    impl From<EntryProblem> for ErrorCode {
        fn from(p: EntryProblem) -> Self {
            match p {
                EntryProblem::DayOff => ErrorCode::WeekdayNotInWeekMode,
                EntryProblem::Dates => ErrorCode::EntryDates,
            }
        }
    }

    impl From<GroupProblem> for ErrorCode {
        fn from(p: GroupProblem) -> Self {
            match p {
                GroupProblem::ClassCount => ErrorCode::GroupClasses,
                GroupProblem::OtherYear => ErrorCode::GroupClassYear,
            }
        }
    }

    impl From<&MembershipProblem> for ErrorCode {
        fn from(p: &MembershipProblem) -> Self {
            match p {
                MembershipProblem::Dates => ErrorCode::MembershipDates,
                MembershipProblem::NotInClass => ErrorCode::StudentNotInGroupClass,
                MembershipProblem::AlreadyMember => ErrorCode::AlreadyMember,
                MembershipProblem::DivisionTaken { .. } => ErrorCode::DivisionTaken,
                MembershipProblem::IndividualTaken => ErrorCode::IndividualGroupTaken,
            }
        }
    }

    impl From<&MovementRefused> for ErrorCode {
        fn from(p: &MovementRefused) -> Self {
            match p {
                MovementRefused::DateBeforeLastMovement { .. } => {
                    ErrorCode::MovementDateBeforePrevious
                }
                MovementRefused::DateBeforeBirth { .. } => ErrorCode::DateBeforeBirth,
                MovementRefused::Withdrawn => ErrorCode::StudentWithdrawn,
                MovementRefused::SameClass => ErrorCode::SameClass,
            }
        }
    }

    impl From<Refusal> for ErrorCode {
        fn from(r: Refusal) -> Self {
            match r {
                Refusal::LessonNotOnPage => ErrorCode::LessonNotOnPage,
                Refusal::StudentNotOnPage => ErrorCode::StudentNotOnPage,
                Refusal::UnknownWorkType => ErrorCode::UnknownWorkType,
                Refusal::NoMarksScale => ErrorCode::NoMarksScale,
                Refusal::MarkOutsideScale => ErrorCode::MarkOutsideScale,
                Refusal::GivenOnOutsideLesson => ErrorCode::GivenOnOutsideLesson,
                Refusal::LessonCancelled => ErrorCode::LessonCancelled,
                Refusal::LessonInFuture => ErrorCode::LessonInFuture,
                Refusal::Forbidden => ErrorCode::Forbidden,
                Refusal::PeriodLocked => ErrorCode::PeriodLocked,
                Refusal::PlanTopicNotInPlan => ErrorCode::PlanTopicNotInPlan,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_travel_as_their_names_and_come_back() {
        for code in ErrorCode::ALL {
            let wire = serde_json::to_value(code).unwrap();
            assert_eq!(wire, serde_json::json!(code.as_str()));
            assert_eq!(serde_json::from_value::<ErrorCode>(wire).unwrap(), *code);
            assert_eq!(ErrorCode::parse(code.as_str()), Some(*code));
        }
        assert!(ErrorCode::ALL
            .windows(2)
            .all(|w| w[0].as_str() < w[1].as_str()));
    }

    #[test]
    fn the_domains_refusals_keep_their_codes() {
        use journal_domain::journal::Refusal;
        for r in Refusal::ALL {
            assert_eq!(ErrorCode::from(r).as_str(), r.code());
        }
        use journal_domain::locking::LockProblem;
        for p in [
            LockProblem::AlreadyClosed,
            LockProblem::NotClosed,
            LockProblem::UntilInThePast,
        ] {
            assert_eq!(ErrorCode::from(p).as_str(), p.code());
        }
        use journal_domain::remarks::RemarkRefusal;
        for r in RemarkRefusal::ALL {
            assert_eq!(ErrorCode::from(r).as_str(), r.code());
        }
        use journal_domain::password::PasswordProblem;
        for p in [
            PasswordProblem::TooShort,
            PasswordProblem::TooLong,
            PasswordProblem::Common,
            PasswordProblem::SameAsLogin,
        ] {
            assert_eq!(ErrorCode::from(p).as_str(), p.code());
        }
    }
}
