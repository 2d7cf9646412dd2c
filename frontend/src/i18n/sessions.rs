//! Texts of sessions and compromised credentials (R-S5, R-S6): «Сеансы и входы» in the profile,
//! the report of a leaked password (one's own and by the admin), and «Компрометации», the review
//! and revert of what the account did.

use super::Key;

/// The Russian and English text of a sessions key; `None` for a key of another area.
pub(super) const fn texts(key: Key) -> Option<(&'static str, &'static str)> {
    use Key::*;
    Some(match key {
        NoticeCompromiseReported => (
            "Вы сообщили, что пароль мог попасть к посторонним. Все сеансы вашей учётной записи завершены, старый пароль больше не действует. Получите новый одноразовый пароль у администратора школы лично.",
            "You reported that your password may be known to others. Every session of your account has ended and the old password no longer works. Get a new one-time password from the school administrator in person.",
        ),

        SsTitle => ("Сеансы и входы", "Sessions and sign-ins"),
        SsIntro => (
            "Где и когда входили в вашу учётную запись, сначала новые. Незнакомое устройство — повод завершить его сеанс и сменить пароль.",
            "Where and when your account was signed in, newest first. An unfamiliar device is a reason to end its session and change your password.",
        ),
        SsDevice => ("Устройство", "Device"),
        SsAddress => ("Адрес", "Address"),
        SsStarted => ("Вход", "Signed in"),
        SsLastSeen => ("Последняя активность", "Last activity"),
        SsStatus => ("Состояние", "Status"),
        SsUnknownDevice => ("Неизвестное устройство", "Unknown device"),
        SsCurrent => ("Текущий сеанс", "This session"),
        SsActive => ("Активен", "Active"),
        SsEnded => ("Завершён", "Ended"),
        SsEndedWith => ("Завершён: {reason}", "Ended: {reason}"),
        SsReasonLogout => ("выход", "signed out"),
        SsReasonLogoutAll => ("выход на всех устройствах", "signed out on all devices"),
        SsReasonEndedByUser => ("завершён вами", "ended by you"),
        SsReasonReusedToken => (
            "повторное использование токена",
            "a refresh token was reused",
        ),
        SsReasonPassword => ("смена пароля", "password change"),
        SsReasonCompromise => ("компрометация", "credentials compromised"),
        SsReasonByAdmin => ("администратором", "by the administrator"),
        SsReasonExpired => ("истёк срок", "expired"),
        SsEnd => ("Завершить", "End"),
        SsEndOf => ("Завершить сеанс: {device}", "End the session: {device}"),
        SsConfirmEnd => (
            "Завершить сеанс на устройстве «{device}»? Там придётся войти заново.",
            "End the session on “{device}”? It will have to sign in again.",
        ),
        SsEndedOk => ("Сеанс завершён.", "The session has been ended."),
        SsNone => ("Сеансов нет.", "No sessions."),

        CpSelfTitle => ("Пароль мог попасть к посторонним?", "Could someone else know your password?"),
        CpSelfText => (
            "Сообщите об этом сразу. Все сеансы вашей учётной записи, включая этот, завершатся, а старый пароль перестанет действовать. Новый одноразовый пароль выдаст администратор школы — лично. Действия от вашего имени за подозрительное время проверит администрация и при необходимости отменит.",
            "Report it at once. Every session of your account, this one included, ends and the old password stops working. The school administrator hands you a new one-time password in person. The school's leadership reviews what was done in your name during the suspicious time and reverts it where needed.",
        ),
        CpSelfOpen => ("Сообщить о компрометации", "Report compromised password"),
        CpSince => ("Подозреваю с", "Suspected since"),
        CpSinceDate => ("Подозреваю с: дата", "Suspected since: date"),
        CpSinceTime => ("Время", "Time"),
        CpSinceHint => (
            "Необязательно. Время — по часам школы. Без даты проверяются последние 30 дней.",
            "Optional. The time is the school's. Without a date the last 30 days are reviewed.",
        ),
        CpSinceWrong => (
            "Укажите дату полностью, а время — в виде ЧЧ:ММ.",
            "Enter a complete date and the time as HH:MM.",
        ),
        CpSelfUnderstand => (
            "Понимаю: я сразу выйду на всех устройствах, а войти снова смогу только с новым паролем от администратора.",
            "I understand: I will be signed out on every device at once and can only sign in again with a new password from the administrator.",
        ),
        CpSelfUnderstandRequired => (
            "Подтвердите, что понимаете последствия.",
            "Confirm that you understand what happens.",
        ),
        CpSelfSubmit => ("Сообщить и выйти", "Report and sign out"),
        CpSending => ("Отправка…", "Sending…"),

        CpUserAction => ("Пароль скомпрометирован", "Password compromised"),
        CpUserTitle => ("Пароль скомпрометирован: {name}", "Password compromised: {name}"),
        CpUserText => (
            "Все сеансы учётной записи завершатся, старый пароль перестанет действовать, и будет выдан новый одноразовый пароль. Действия учётной записи с указанного времени попадут в отчёт: там их можно проверить и отменить.",
            "Every session of the account ends, the old password stops working and a new one-time password is issued. What the account did since the given time goes into a report, where it can be reviewed and reverted.",
        ),
        CpUserSubmit => ("Сообщить и выдать новый пароль", "Report and issue a new password"),
        CpUserDone => (
            "Компрометация зарегистрирована, все сеансы пользователя {name} завершены.",
            "The compromise is recorded; every session of {name} has ended.",
        ),
        CpReportLink => ("Открыть отчёт о компрометации", "Open the compromise report"),

        NavCompromises => ("Компрометации", "Compromises"),
        CpTitle => ("Компрометации", "Compromised accounts"),
        CpIntro => (
            "Сообщения о том, что пароль учётной записи мог попасть к посторонним, сначала новые. Откройте отчёт, чтобы проверить действия учётной записи за подозрительное время и отменить изменения в журнале.",
            "Reports that an account's password may be known to others, newest first. Open a report to review what the account did during the suspicious time and revert its changes in the journal.",
        ),
        CpColAccount => ("Учётная запись", "Account"),
        CpColReportedBy => ("Сообщил(а)", "Reported by"),
        CpColReportedAt => ("Когда", "When"),
        CpColWindow => ("Проверяемое время", "Reviewed time"),
        CpWindow => ("с {from} по {to}", "from {from} to {to}"),
        CpNone => ("Сообщений о компрометации нет.", "No compromise reports."),
        CpOpen => ("Открыть", "Open"),
        CpDetailTitle => ("Компрометация: {name}", "Compromise: {name}"),
        CpBack => ("← Все компрометации", "← All compromises"),
        CpOperations => ("Действия учётной записи", "What the account did"),
        CpOpsIntro => (
            "Сначала новые. «Отменить» возвращает отметку, посещаемость или запись урока (тему, задание) к тому, что было до изменения; изменения, которые позже внёс кто-то другой, не перезаписываются.",
            "Newest first. “Revert” puts a mark, an attendance or a lesson record (topic, homework) back as it was before the change; changes someone else made later are never overwritten.",
        ),
        CpColWhat => ("Что изменено", "What changed"),
        CpColStanding => ("Состояние", "Status"),
        CpNoOps => (
            "За это время учётная запись ничего не делала.",
            "The account did nothing during this time.",
        ),
        CpRevertible => ("Можно отменить", "Can be reverted"),
        CpReverted => ("Отменено", "Reverted"),
        CpRevertedBy => ("Отменено: {name}, {time}", "Reverted: {name}, {time}"),
        CpChangedLater => ("Изменено позже", "Changed later"),
        CpChangedLaterBy => ("Изменено позже: {name}, {time}", "Changed later: {name}, {time}"),
        CpNotRevertible => ("Не отменяется автоматически", "Not reverted automatically"),
        CpRevert => ("Отменить", "Revert"),
        CpRevertOf => ("Отменить: {what}", "Revert: {what}"),
        CpRevertAll => ("Отменить все", "Revert all"),
        CpConfirmRevert => (
            "Отменить это изменение? Ячейка журнала вернётся к прежнему значению.",
            "Revert this change? The journal cell goes back to its earlier value.",
        ),
        CpConfirmRevertAll => (
            "Отменить все изменения журнала, сделанные учётной записью {name} за проверяемое время? То, что позже исправили другие, останется как есть.",
            "Revert every journal change {name} made during the reviewed time? What others corrected later stays as it is.",
        ),
        CpReverting => ("Отмена…", "Reverting…"),
        CpOutcomeReverted => ("Отменено изменений: {n}.", "Changes reverted: {n}."),
        CpOutcomeRefused => ("Не отменено: {n}.", "Not reverted: {n}."),
        CpOutcomeNothing => ("Отменять нечего.", "Nothing to revert."),
        CpRefusedItem => ("{what}: {reason}", "{what}: {reason}"),
        CpRefusedSeq => ("Запись № {seq}", "Entry No. {seq}"),
        CpWhyChangedLater => (
            "после этого запись изменил другой пользователь — отмена перезаписала бы его работу",
            "someone else changed the entry since — a revert would overwrite their work",
        ),
        CpWhyReverted => ("уже отменено", "already reverted"),
        CpWhyNotRevertible => (
            "такое действие не отменяется автоматически — проверьте его и исправьте вручную",
            "this kind of action is not reverted automatically — review it and fix it by hand",
        ),
        CpWhyNotInReport => (
            "это действие не входит в отчёт",
            "this action is not part of the report",
        ),
        CpWhyPeriodLocked => (
            "период закрыт — откройте его и повторите",
            "the period is closed — reopen it and try again",
        ),
        CpWhyOther => ("отменить не удалось", "could not be reverted"),
        CpCellMark => ("Отметка ({work}) за {date}", "Mark ({work}) for {date}"),
        CpCellAttendance => ("Посещаемость за {date}", "Attendance for {date}"),
        CpCellLesson => ("Урок {date}: тема и задание", "Lesson of {date}: topic and homework"),
        CpEmpty => ("(пусто)", "(empty)"),
        CpChange => ("{before} → {after}", "{before} → {after}"),
        _ => return None,
    })
}
