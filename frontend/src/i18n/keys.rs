//! [`Key`], the one enum naming every string of the interface, with [`Key::ALL`] listing them.

/// Declares [`Key`] and the list of all its keys from one list of names.
macro_rules! keys {
    ($($name:ident,)*) => {
        /// A string of the interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key {
            $($name,)*
        }

        impl Key {
            /// Every key, in the order declared.
            pub(super) const ALL: &[Key] = &[$(Key::$name,)*];
        }
    };
}

keys! {
    // General
    AppName, Loading, SkipToContent, LangSwitch, LangSwitchLabel, Logout, Retry, Close, Apply,
    Reset, Dash,

    // Sign-in
    LoginTitle, LoginIntro, LoginLabel, PasswordLabel, LoginSubmit, LoginSubmitting, LoginHint,
    LoginRequired, NoticeSessionExpired, NoticeLoggedOutEverywhere, NoticeServerUnavailable,

    // Problems
    ErrInvalidCredentials, ErrTooManyAttempts, ErrInitialPasswordExpired, ErrNetwork,
    ErrPasswordTooShort, ErrPasswordTooLong, ErrPasswordTooCommon, ErrPasswordSameAsLogin,
    ErrCurrentPasswordWrong, ErrValidationFailed, ErrPasswordsDiffer, ErrForbidden, ErrNotFound,
    ErrSessionExpired, ErrLoginTaken, ErrLoginLength, ErrLoginCharacters, ErrRolesRequired,
    ErrRoleNotGrantable, ErrNameLength, ErrRequired, ErrFieldsRequired, ErrNoSchool,
    ErrPasswordChangeRequired, ErrDatabaseUnavailable,

    // Password change
    PasswordTitleForced, PasswordIntroForced, PasswordTitle, PasswordIntro, CurrentPassword,
    CurrentPasswordForced, NewPassword, NewPasswordRepeat, NewPasswordHint, ChangePasswordSubmit,
    Saving, PasswordChanged,

    // Layout
    NavLabel, NavMenu, NavHome, NavUsers, NavAudit, NavProfile, SchoolSwitchLabel,

    // Roles
    RoleDirector, RoleDeputy, RoleAdmin, RoleSecretary, RoleTeacher, RoleClassTeacher, RoleGuardian,
    RoleStudent, RoleRegion, RoleIntegration,

    // Home
    HomeGreeting, HomeSchool, HomeRoles, HomeLastLogin, HomeSectionsTitle, CardUsersText,
    CardUsersTextAdmin, CardAuditText, CardProfileText,

    // Users
    UsersTitle, UsersIntro, FilterRole, AllRoles, Search, SearchPlaceholder, SearchSubmit,
    ColFullName, ColLogin, ColRoles, ColStatus, ColLastLogin, ColActions, StatusPending,
    StatusActive, NoUsers, IssuePassword, EndSessions, ConfirmIssuePassword, ConfirmEndSessions,
    SessionsEnded, CreateUserTitle, LastName, FirstName, MiddleName, Optional, NewLoginHint,
    RolesLabel, CreateSubmit, Creating, InitialPasswordTitle, InitialPasswordFor,
    InitialPasswordExpires, InitialPasswordNote,

    // Pagination
    PagerLabel, PagerRange, PagerPrev, PagerNext, PagerEmpty,

    // Audit
    AuditTitle, AuditIntro, FilterAction, AllActions, FilterEntity, AllObjects, ColTime,
    ColActor, ColRole, ColAction, ColObject, ColRequestId, Details, HideDetails, Before, After,
    NoEntries, SystemActor, FilterActor, AllPeople, AuditStaff, AuditFamilies, AuditExport,
    AuditExporting, AuditExportHint, AuditSpanWrong, ErrExportTooLarge,

    // Profile
    ProfileTitle, FullName, School, Roles, LedClasses, LastLogin, Security, ChangePassword,
    LogoutAll, LogoutAllHint, ConfirmLogoutAll,

    // Errors pages
    NotFoundTitle, NotFoundText, ForbiddenTitle, ForbiddenText, BackHome,

    // People, import and export, control works, lesson plans
    NavStudents, NavImport, NavControlWorks, NavPlan, CardStudentsText, CardImportText,
    CardControlWorksText, CardPlanText, Cancel, StudentsTitle, StudentsIntro,
    StudentsIntroClassTeacher, StatusOnRoll, StatusWithdrawn, StatusAny, StudentSearchPlaceholder,
    ColBirthDate, ColClass, NoStudents, BadgeOnRoll, BadgeWithdrawn, AdmitTitle, AdmitOpen,
    AdmissionDate, OrderRef, Phone, Email, AdmitSubmit, StudentAdmitted, OpenCard, StudentCardTitle,
    BackToStudents, StudentOfClass, NoClass, StudentData, EditStudent, StudentSaved,
    StudentTransferred, StudentWithdrawnDone, GuardiansTitle, NoGuardians, ColRelation, RelMother,
    RelFather, RelGuardian, EditGuardian, Unlink, ConfirmUnlink, GuardianLinked, GuardianSaved,
    GuardianUnlinked, AddGuardian, GuardianExisting, GuardianNew, GuardianSearchLabel,
    NoGuardiansFound, ChooseGuardian, ErrChooseGuardian, LinkSubmit, CreateAndLink, MovementsTitle,
    ColDate, ColEvent, ColFromClass, ColToClass, ColMoveReason, NoMovements, MoveAdmission,
    MoveTransfer, MoveWithdrawal, TransferTitle, TransferTo, TransferDate, TransferSubmit,
    WithdrawTitle, WithdrawDate, WithdrawReason, WithdrawReasonPlaceholder, WithdrawSubmit,
    ConfirmWithdraw, ErrMovementBeforePrevious, ErrDateBeforeBirth, ErrStudentWithdrawn,
    ErrSameClass, ErrAlreadyLinked, ErrPhone, ErrEmail, ImportTitle, ImportIntro, ImportLoadTitle,
    ImportStep1, ImportStep2, ImportStep3, ImportKindLabel, ImportKindStaff, ImportKindClasses,
    ImportKindStudents, ImportKindGuardians, ImportKindLinks, ImportColumns, ImportSource,
    ImportSourceFile, ImportSourcePaste, ImportFileLabel, ImportFileHint, ImportFileChosen,
    ImportPasteLabel, ImportPasteHint, ImportCheck, ImportChecking, ImportRun, ImportRunHint,
    ImportReportCheck, ImportReportRun, ImportCheckedClean, ImportCheckedBad, ImportRejected,
    ImportDone, ImportStale, ImportProblemsCaption, ImportValidUntil, ColLine, ColColumn,
    ColProblem, ColServerNote, RowUnknownColumn, RowDuplicateColumn, RowMissingColumn,
    RowMissingField, RowTooLong, RowBadDate, RowBadClassName, RowUnknownClass, RowUnknownTeacher,
    RowBadPhone, RowBadEmail, RowBadLogin, RowBadRole, RowDateBeforeBirth, RowUnknownStudent,
    RowAmbiguousStudent, RowUnknownGuardian, RowAmbiguousGuardian, RowBadRelation,
    RowDuplicateInFile, RowAlreadyExists, RowLoginTaken, ExportTitle, ExportIntro, ExportDownload,
    ErrImportRejected, ErrBadEncoding, ErrUnreadableFile, ErrEmptyFile, ErrBodyTooLarge,
    ErrTooManyRows, ErrTooManyColumns, ErrFileTooLargeUnpacked, ErrFileTooComplex, ErrServerBusy,
    ErrDateOutOfRange, ErrAccountInOtherSchools, ControlWorksTitle, CwIntro, CwIntroManage,
    CwFilters, CwNoClasses, CwChooseClassAndDates, CwCaption, CwWork, CwNone, CwAddTitle,
    CwTitlePlaceholder, CwSubmit, CwCreated, CwDayTaken, CwDelete, CwConfirmDelete, CwDeleted,
    ErrControlWorkLimit, ErrNotATeachingDay, PlanTitle, PlanIntro, PlanIntroManage, PlanPick,
    PlanChoose, PlanNoAssignments, PlanTeacher, PlanFact, PlanMeterLabel, PlanExceeded, PlanSaved,
    PlanTopic, PlanHours, PlanEmpty, PlanDone, PlanInProgress, PlanAhead, PlanEdit, PlanImport,
    PlanEditCaption, PlanRowLabel, MoveUp, MoveDown, PlanAddTopic, PlanRowsWrong, PlanSave,
    PlanFileLabel, PlanCsvLabel, PlanCsvHint, PlanImportSubmit, PlanImportReplaces, PlanImportBad,
    PlanNotUtf8, PlanLineMissingTopic, PlanLineBadHours, PlanLineBadColumns, PlanLineEmpty,
    ErrPlanInvalid,

    // Timetable, lessons, structure
    NavMyWeek, NavTimetable, NavSubstitutions, NavStructure, CardMyWeekText, CardTimetableText,
    CardSubstitutionsText, CardStructureText, Monday, Tuesday, Wednesday, Thursday, Friday,
    Saturday, Sunday, MondayShort, TuesdayShort, WednesdayShort, ThursdayShort, FridayShort,
    SaturdayShort, SundayShort, Today, WeekLabel, WeekPrev, WeekNext, WeekCurrent, SchoolYear,
    TimetableTitle, TimetableIntro, TimetableIntroManage, TtShow, TtModeClass, TtModeTeacher,
    TtClass, TtTeacher, TtChooseClass, ChooseTeacher, ChooseOption, NotChosen, TtPickClass,
    TtPickTeacher, TtNoYears, TtCaptionClass, TtCaptionTeacher, TtLessonCol, TtNoPeriod, TtAddHere,
    TtEmptyWeek, TtPanelWhen, LessonNumber, SubstitutedBy, CoveringFor, LessonCancelled,
    LessonMoved, MovedTo, MovedFrom, When, Room, Subject, LessonTopic, Homework, NotWrittenYet,
    ChangeLabel, OpenLesson, ChangeAlreadyRegistered, ChangeTitle, ChangeKindLegend,
    KindSubstitution, KindCancellation, KindMove, SubstituteLabel, SubstituteFree, SubstituteBusy, SubstituteBusyAt, SameSubject, SameRoom, MoveDate,
    LessonNumberLabel, ReasonLabel, ReasonPlaceholder, SubmitSubstitution, SubmitCancellation,
    SubmitMove, ErrSubstituteRequired, ErrMoveTargetRequired, ErrMoveTargetNotTeachingDay,
    ErrNoSuchLessonNumber, ErrMoveToSameSlot, ClashWith, ClashWhen, ClashRoom, AddLessonTitle, NoAssignments,
    AssignmentLabel, AssignmentOption, WeekdayLabel, NoRoom, ValidFrom, ValidTo, ValidHint,
    AddLessonSubmit, LessonAdded, EntriesTitle, NoEntriesYet, ColDay, ColLesson, ColValid, EndEntry,
    EndEntryLabel, EndEntrySubmit, ReportLink, ReportTitle, ReportIntro, ReportCaption, ReportEmpty,
    DateFrom, DateTo, ShowReport, ErrSpan, ColCovered, ColSubstituted, ColCancelled, ColMoved,
    ColLessons, Total, MyWeekTitle, MyWeekIntro, NoLessonsThisDay, Conducted, NotConducted,
    ReadOnly, TopicLine, LessonTitle, BackToMyWeek, BackToTimetable, LessonOfAnotherTeacher,
    ReadOnlyCovered, ReadOnlyCancelled, LessonRecord, LessonConducted, ErrLessonTooLong,
    LessonSaved, Save, Saved, StructureTitle, StructureIntro, StructureIntroManage,
    StructureSections, TabYears, TabBells, TabRooms, TabSubjects, TabClasses, TabAssignments,
    TabGroups, TabCurriculum, GroupsIntro, NoGroupsYet, GroupKindLabel, GroupSubgroup, GroupStream,
    GroupIndividual, GroupDivision, GroupDivisionPlaceholder, GroupDivisionHint, GroupClasses,
    GroupMembersToday, NewGroup, GroupNamePlaceholder, NoCurriculumYet, CurriculumTotal,
    CurriculumCheck, CurriculumCheckIntro, CurriculumAllAssigned, TtSubject, CurriculumHours,
    AssignedHours, TeacherHours, HoursStatusLabel, HoursOk, HoursUnder, HoursOver,
    HoursNotInCurriculum, ErrGroupExists, ErrGroupClasses, ErrGroupHasAssignments, ErrDivisionTaken,

    // Group card and curriculum editor (R-B3, R-B4)
    GroupCardIntro, GroupMembersOn, NoMembersOn, MemberSince, MemberUntil, MemberLeave,
    MemberLeaveOf, MemberLastDay, MemberLeaveSubmit, MemberLeft, MemberAddTitle, MemberStudent,
    MemberPickStudent, MemberNoCandidates, MemberFromDate, MemberAddHint, MemberAdded,
    MemberPickRequired, MembersReadOnly, GroupEditTitle, GroupDelete, GroupDeleteConfirm,
    GroupDeleteYes, GroupDeleted, ErrMembershipDates, ErrStudentNotInGroupClass, ErrAlreadyMember,
    ErrIndividualGroupTaken, ErrNotAMember, ErrDivisionTakenNamed, ErrGroupClassYear,
    ErrDuplicateSubject, ErrCurriculumLineSubject, ErrCurriculumHours, CurriculumEdit,
    CurriculumEditorTitle, CurriculumEditorIntro, CurriculumProfile, CurriculumProfileHint,
    CurriculumAddLine, CurriculumRemoveLine, CurriculumPickSubject, CurriculumEmptyDraft,
    CurriculumSave, CurriculumSaved, CheckOnlyProblems, CheckNothing, NoYearsYet, ColName, ColDates,
    YearOpen, YearArchived, Calendar, NewYear, CalendarOf, YearDates, StartsOn, EndsOn, Periods,
    PeriodsHint, ColKind, ColNumber, ColGrades, GradeFrom, GradeTo, KindQuarter, KindTrimester,
    KindHalf, PeriodRowLabel, HolidayRowLabel, RemoveRow, AddPeriod, Holidays, NoHolidays,
    HolidayPlaceholder, AddHoliday, CalendarHasProblems, SaveCalendar, CreateYear, CalYearDates,
    CalPeriodInvalid, CalPeriodOutsideYear, CalPeriodsOverlap, CalPeriodNumbering,
    CalHolidayInvalid, CalHolidayOutsideYear, CalHolidaysOverlap, CalHolidayOnPeriodEdge,
    CalRowIncomplete, CalPeriodKind, CalPeriodNumber, CalGrades, CalNoPeriods, NoBellsYet,
    NewBellSchedule, BellNamePlaceholder, BellStart, BellEnd, BellRowLabel, AddBell, ErrBells,
    CreateSubmitShort, NoRoomsYet, NewRoom, RoomPlaceholder, Capacity, ErrCapacity, NoSubjectsYet,
    NewSubject, SubjectPlaceholder, ShortName, ShortNameHint, ErrSubjectFields, NoClassesYet,
    ClassTeacher, WeekMode, WeekDays, NewClass, Grade, Letter, LetterHint, ErrClassLetter,
    NoAssignmentsYet, AllClasses, HoursPerWeek, NewAssignment, ErrHours, ErrTeacherDoubleBooked,
    ErrRoomDoubleBooked, ErrClassDoubleBooked, ErrLessonAlreadyChanged, ErrSubstituteIsTeacher,
    ErrNoSuchLesson, ErrWeekdayNotInWeekMode, ErrEntryDates, ErrYearArchived, ErrYearExists,
    ErrRoomExists, ErrSubjectExists, ErrClassExists, ErrClassTeacherNotTeacher, ErrClassWithoutYear,
    ErrAssignmentExists, ErrBellsOutOfOrder, ErrCalendarInvalid, ErrInvalidSpan,

    // Journal grid («Журнал»)
    NavJournal, JrTitle, JrQuarter, JrTrimester, JrHalf, JrNoYear, JrNothing, JrReadOnly, JrMine,
    JrMyClass, JrAnyClass, JrClass, JrChooseClass, JrForbidden, JrBack, JrNotAttested, JrPass,
    JrFail, JrPresence, JrRefusedCancelled, JrRefusedFuture, JrRefusedForbidden, JrRefusedScale, JrRefusedNotOnPage,
    JrRefusedWorkType, JrRefusedPlanTopic, JrLocked, JrFinal, JrSubstitution, JrCancelled, JrMoved,
    JrAbsent, JrLate, JrAbsentShort, JrLateShort, JrDeferredShort, JrRiskFew, JrRiskFewLong,
    JrRiskFailing, JrRiskFailingLong, JrPeriod, JrRefused, JrLockedDropped, JrReapplied, JrPending,
    JrSaved, JrWorkType, JrDefer, JrToolbar, JrUndo, JrHistory, JrHistoryShortcut, JrHelp,
    JrStudent, JrAverage, JrForecast, JrRisks, JrHistoryOf, JrHistoryEmpty, JrHMark, JrHAttendance,
    JrHLesson, JrHClose, JrHReopen, JrLessonOf, JrDue, JrDueHint, JrWorkTypesDone, JrSaveFirst,
    JrCloseConfirm, JrReasonRequired, JrLocks, JrNoLocks, JrUntil, JrClose, JrReopenReason,
    JrBulkTitle, JrBulkIntro, JrBulkWholeSchool, JrBulkGrades, JrBulkCloseClassConfirm,
    JrBulkCloseSchoolConfirm, JrBulkReasonRequired, JrBulkReopen, JrBulkClosed, JrBulkReopened,
    JrBulkNotClosed, JrBulkNotReopened,
    JrReopenUntil, JrReopen, NavJournalSettings, NavFinals, JsTitle, JsIntro, JsGeneral,
    JsThresholds, JsThresholdsHint, JsThree, JsFour, JsFive, JsMinMarks, JsMinMarksHint, JsAutoLock,
    JsAutoLockHint, JsFileKib, JsFileKibHint, JsSaved, JsWorkTypes, JsWorkTypesHint, JsOrder,
    JsName, JsWeight, JsArchived, JsActions, JsUp, JsDown, JsMoveUp, JsMoveDown, JsWeightOf,
    JsNameOf, JsArchivedOf, JsSaveRow, JsSaveRowOf, JsRowSaved, JsAdd, JsAddSubmit, JsAdded,
    JsScales, JsScalesHint, JsSubject, JsGrade, JsScaleOf, JsScaleSaved, ScaleFivePoint,
    ScalePassFail, ScaleMastery, ScaleNoMarks, JsForbidden, ErrNumber, ErrRange,
    ErrThresholdsNotRising, ErrWorkTypeCode, ErrFileTooLarge, ErrFileTooLargeShort, ErrPeriodLocked,
    ErrStalePage, ErrInvalidChanges, ErrGivenOnOutside, FsTitle, FsTitleOf, FsChoose, FsChooseClass,
    FsShow, FsShowAll, FsYear, FsExam, FsFinalKind, FsYearLong, FsExamLong, FsFinalLong,
    FsPeriodShort, FsTrimesterShort, FsHalfShort, FsDebts, FsDebtsLong, FsLiquidated,
    FsLiquidatedLong, FsDeferredLong, FsLegend, FsPrint, FsNoStudents, FsForbidden, FsNoClasses,
    JrCellOpen, JrCellShortcut, JrCellOf, JrAttendance, JrPresent, JrReason, JrReasonNone,
    JrReasonIllness, JrReasonExcused, JrReasonUnexcused, JrReasonIllnessShort, JrReasonExcusedShort,
    JrReasonUnexcusedShort, JrReasonOnly, JrMarksInCell, JrNoMarks, JrMark, JrMarkNone, JrComment,
    JrGivenOn, JrGivenOnHint, JrMakeUp, JrAddMark, JrApply, JrCellReadOnly, JrFinalsOpen,
    JrFinalsOf, JrFinalKind, JrKindPeriod, JrKindYear, JrKindExam, JrKindFinal, JrFinalValue,
    JrFinalDefer, JrFinalComment, JrFinalSet, JrFinalLiquidate, JrFinalNone, JrFinalHistory,
    JrFinalSetOn, JrLiquidation, JrFinalLockedHint, JrFinalChooseValue, JrFiles, JrNoFiles,
    JrFileAdd, JrFileLimit, JrFileUploading, JrFileDownload, JrFileDelete, JrFileDeleteOf,
    JrFileDeleteConfirm, JrFileSize, JrPickerClear, JrPickerMore, JrPickerMark,

    // Diary
    AckSheetIntro, AckSheetClass, AckSheetInactiveDays, AckSheetDays, AckSheetSummary,
    AckSheetNoClasses, AckSheetNoGuardians, AckSheetAckAt, AckSheetNotAck, AckSheetConsent,
    AckSheetAccount, AckSheetInactive, ConsentGiven, ConsentRefused, ConsentNone,
    ConsentDecisionGiven, ConsentDecisionRefused, ConsentsTitle, ConsentsEmpty, ConsentInForce,
    ConsentSuperseded, ConsentColDecision, ConsentColDate, ConsentColDocument, ConsentColRecorded,
    ConsentColStatus, ConsentRegister, ConsentDecisionLabel, ConsentDecisionChoose,
    ConsentDateLabel, ConsentDocumentLabel, ConsentDocumentPlaceholder, ConsentSubmit, ConsentSaved,
    DiaryAccessGive, DiaryAccessLogin, DiaryAccessLoginHint, DiaryAccessSubmit, DiaryAccessGiven,
    DiaryAccessLoginIs, DiaryAccessPassword, DiaryAccessExpires, DiaryAccessNoteGuardian,
    DiaryAccessNoteStudent, DiaryAccessShownOnce, DiaryAccessExists, DiaryAccessNeedsConsent,
    DiaryAccessConsentRefused, CaTitle, CaTitlePlain, CaOpen, CaBack, CaIntro, CaIssueAll,
    CaIssuing, CaNothingToIssue, CaColWho, CaColLogin, CaColState, CaColAction, CaGuardian,
    CaStudent, CaStateNone, CaStateWaiting, CaStateActive, CaReissue, CaReissueOf,
    CaReissueConfirm, CaGive, CaGiveOf, CaSlipsTitle, CaNoSlips, CaShownOnce, CaPrint,
    CaDownloadPdf, CaPdfName, CaSkippedTitle, CaSlipHeading, CaSlipForGuardian, CaSlipForStudent,
    CaSlipChild, CaSlipSite, CaSlipPassword, CaSlipHowTo, StudentAccessTitle, Yes, No, NavDiary, NavAckSheet, CardAckSheetText,
    DiaryTitle, DiaryOf, DiaryChildren, DiaryNoStudents, DiaryHomework, DiaryDue, DiaryDownload,
    DiaryMarksLabel, DiaryWeight, DiaryComment, DiaryGivenOn, DiaryAbsent, DiaryLate,
    DiaryTeacherRoom, DiaryControlWorks, DiaryNoControlWorks, DiaryClassTeacher, DiaryTeachers,
    DiaryAckTitle, DiaryAcknowledge, DiaryAcknowledging, DiaryAckHint, DiaryAckDone,
    DiaryAckNotBegun, DiaryAckNone, DiaryResultsLink, DiaryExtract, DiaryBack, ResultsTitle,
    ResultsPeriod, ResultsAverage, ResultsForecast, ResultsAbsences, ResultsNoMarks,
    ResultsNoSubjects, ResultsAckTitle, ResultsAckNone, ResultsAckNotEnded, DiaryFinalPeriod, DiaryFinalYear,
    DiaryFinalExam, DiaryFinalFinal, ErrConsentMissing, ErrAccountExists, ErrTooYoung,
    ErrConsentRefused, ErrDocumentLength, ErrFutureSpan,

    // Messages, announcements, notifications (R-D3, R-D4)
    NavMessages, NavAnnouncements, NavNotifications, NavUnread, MsgTitle, MsgIntro, MsgNew,
    MsgSearch, MsgSearchButton, MsgEmpty, MsgNothingFound, MsgThreadsLabel, MsgRecipients,
    MsgRecipientsHint, MsgNoRecipientsAvailable, MsgSubject, MsgBody, MsgAttachments, MsgAttachHint,
    MsgAttachHintShort, MsgRemoveFile, MsgRemoveFileOf, MsgSend, MsgSending, MsgOpenSent, MsgBack,
    MsgReply, MsgReplySend, MsgReadOnly, MsgYou, MsgParticipants, MsgDownload, MsgFileTooLarge,
    MsgFileTooLargeShort, MsgAttachFailed, MsgGroupClassTeacher, MsgGroupTeachers,
    MsgGroupAdministration, MsgGroupColleagues, MsgGroupFamilies, MsgRelClassTeacher, MsgRelTeacher,
    MsgRelAdministration, MsgRelColleague, MsgRelGuardian, MsgRelStudent, MsgAboutGuardianOf,
    MsgAboutStudent, MsgUnreadOne, MsgUnreadFew, MsgUnreadMany, MsgAnnouncement, MsgNeedRecipient,
    MsgNeedSubject, MsgNeedBody, MsgSubjectTooLong, MsgBodyTooLong, ErrOtherFamily,
    ErrRecipientNotAllowed, ErrAnnouncementReadOnly, ErrNoRecipients, ErrClassOrTeacher,
    ErrDigestRace, ErrGroupClassMismatch, ErrGroupMismatch, ErrHttp, ErrIfMatchRequired,
    ErrInternal, ErrInvalidBody, ErrInvalidDecision, ErrInvalidFormat, ErrInvalidQuery,
    ErrMethodNotAllowed, ErrNoChange, ErrNoSuchEndpoint, ErrNoSuchPage, ErrNulCharacter,
    ErrPeriodAlreadyClosed, ErrPeriodInUse, ErrPeriodNotClosed, ErrReopenUntilPast,
    ErrUnsupportedMediaType, ErrYearsOverlap, AnnTitle, AnnIntro, AnnEmpty, AnnNew, AnnClass,
    AnnPost, NtTitle, NtIntro, NtWhat, NtMarks, NtAbsences, NtAnnouncements, NtDelivery,
    NtImmediate, NtDigest, NtSave, NtSaved,
}
