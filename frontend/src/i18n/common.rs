//! Texts of the app's frame: sign-in, password, layout, roles, home, users, audit log, profile.

use super::Key;

/// The Russian and English text of a common key; `None` for a key of another area.
pub(super) const fn texts(key: Key) -> Option<(&'static str, &'static str)> {
    use Key::*;
    Some(match key {
        AppName => ("Электронный журнал", "Electronic journal"),
        Loading => ("Загрузка…", "Loading…"),
        SkipToContent => ("Перейти к содержимому", "Skip to content"),
        // The switch names the language it switches to.
        LangSwitch => ("English", "Русский"),
        LangSwitchLabel => ("Switch the interface to English", "Переключить интерфейс на русский"),
        Logout => ("Выйти", "Log out"),
        Retry => ("Повторить", "Try again"),
        Close => ("Скрыть", "Hide"),
        Apply => ("Применить", "Apply"),
        Reset => ("Сбросить", "Reset"),
        Dash => ("—", "—"),

        LoginTitle => ("Вход в журнал", "Sign in to the journal"),
        LoginIntro => (
            "Электронный журнал и дневник школы",
            "The school's electronic journal and diary",
        ),
        LoginLabel => ("Логин", "Login"),
        PasswordLabel => ("Пароль", "Password"),
        LoginSubmit => ("Войти", "Sign in"),
        LoginSubmitting => ("Вход…", "Signing in…"),
        LoginHint => (
            "Логин и пароль для первого входа выдаёт администратор школы или классный руководитель.",
            "Your login and first-time password are issued by the school administrator or the class teacher.",
        ),
        LoginRequired => ("Введите логин и пароль.", "Enter your login and password."),
        NoticeSessionExpired => (
            "Сеанс завершён. Войдите снова.",
            "Your session has ended. Please sign in again.",
        ),
        NoticeLoggedOutEverywhere => (
            "Вы вышли на всех устройствах.",
            "You have been signed out on all devices.",
        ),
        NoticeServerUnavailable => (
            "Сервер недоступен. Проверьте подключение и попробуйте ещё раз.",
            "The server is unavailable. Check your connection and try again.",
        ),

        PasswordTitleForced => ("Смена пароля при первом входе", "Choose your password"),
        PasswordIntroForced => (
            "Вы вошли с одноразовым паролем. Придумайте собственный пароль — не короче 8 символов, не совпадающий с логином. Никому его не сообщайте.",
            "You signed in with a one-time password. Choose your own password: at least 8 characters, different from your login. Do not share it with anyone.",
        ),
        PasswordTitle => ("Сменить пароль", "Change password"),
        PasswordIntro => (
            "После смены пароля все остальные сеансы завершатся: на других устройствах нужно будет войти заново с новым паролем.",
            "Changing the password ends all your other sessions: other devices will have to sign in again with the new password.",
        ),
        CurrentPassword => ("Текущий пароль", "Current password"),
        CurrentPasswordForced => ("Одноразовый пароль", "One-time password"),
        NewPassword => ("Новый пароль", "New password"),
        NewPasswordRepeat => ("Повторите новый пароль", "Repeat the new password"),
        NewPasswordHint => (
            "Не короче 8 символов. Удобно взять фразу из нескольких слов.",
            "At least 8 characters. A phrase of several words works well.",
        ),
        ChangePasswordSubmit => ("Сменить пароль", "Change password"),
        Saving => ("Сохранение…", "Saving…"),
        PasswordChanged => ("Пароль изменён.", "Your password has been changed."),

        NavLabel => ("Основное меню", "Main menu"),
        NavHome => ("Главная", "Home"),
        NavUsers => ("Пользователи", "Users"),
        NavAudit => ("Журнал аудита", "Audit log"),
        NavProfile => ("Профиль", "Profile"),
        SchoolSwitchLabel => ("Школа", "School"),

        RoleDirector => ("Директор", "Director"),
        RoleDeputy => ("Заместитель директора", "Deputy director"),
        RoleAdmin => ("Администратор", "Administrator"),
        RoleSecretary => ("Секретарь", "Secretary"),
        RoleTeacher => ("Учитель", "Teacher"),
        RoleClassTeacher => ("Классный руководитель", "Class teacher"),
        RoleGuardian => ("Родитель", "Parent"),
        RoleStudent => ("Ученик", "Student"),
        RoleRegion => ("Регион", "Region"),
        RoleIntegration => ("Интеграция", "Integration"),

        HomeGreeting => ("Здравствуйте, {name}!", "Hello, {name}!"),
        HomeSchool => ("Школа: {school}", "School: {school}"),
        HomeRoles => ("Ваши роли: {roles}", "Your roles: {roles}"),
        HomeLastLogin => ("Последний вход: {time}", "Last sign-in: {time}"),
        HomeSectionsTitle => ("Разделы", "Sections"),
        CardUsersText => (
            "Учётные записи школы и их роли.",
            "The school's accounts and their roles.",
        ),
        CardUsersTextAdmin => (
            "Учётные записи школы, роли и одноразовые пароли для первого входа.",
            "The school's accounts, roles and one-time passwords for the first sign-in.",
        ),
        CardAuditText => (
            "Кто, когда и что изменил: входы, учётные записи, пароли.",
            "Who changed what and when: sign-ins, accounts, passwords.",
        ),
        CardProfileText => (
            "Ваши данные, смена пароля и выход на всех устройствах.",
            "Your details, password change and signing out on all devices.",
        ),

        UsersTitle => ("Пользователи", "Users"),
        UsersIntro => ("Учётные записи школы.", "Accounts of the school."),
        FilterRole => ("Роль", "Role"),
        AllRoles => ("Все роли", "All roles"),
        Search => ("Поиск", "Search"),
        SearchPlaceholder => ("Логин или фамилия", "Login or last name"),
        SearchSubmit => ("Найти", "Search"),
        ColFullName => ("ФИО", "Full name"),
        ColLogin => ("Логин", "Login"),
        ColRoles => ("Роли", "Roles"),
        ColStatus => ("Статус", "Status"),
        ColLastLogin => ("Последний вход", "Last sign-in"),
        ColActions => ("Действия", "Actions"),
        StatusPending => ("Ожидает первого входа", "Awaiting first sign-in"),
        StatusActive => ("Активна", "Active"),
        NoUsers => ("Ничего не найдено.", "Nothing found."),
        IssuePassword => ("Новый одноразовый пароль", "New one-time password"),
        EndSessions => ("Завершить все сеансы", "End all sessions"),
        ConfirmIssuePassword => (
            "Выдать новый одноразовый пароль для {name}? Пользователю придётся сменить пароль при следующем входе.",
            "Issue a new one-time password for {name}? They will have to change the password at the next sign-in.",
        ),
        ConfirmEndSessions => (
            "Завершить все сеансы пользователя {name}? Ему придётся войти заново на всех устройствах.",
            "End all sessions of {name}? They will have to sign in again on every device.",
        ),
        SessionsEnded => (
            "Все сеансы пользователя {name} завершены.",
            "All sessions of {name} have been ended.",
        ),
        CreateUserTitle => ("Новая учётная запись", "New account"),
        LastName => ("Фамилия", "Last name"),
        FirstName => ("Имя", "First name"),
        MiddleName => ("Отчество", "Middle name"),
        Optional => ("необязательно", "optional"),
        NewLoginHint => (
            "Латинские буквы, цифры, точка, дефис или подчёркивание; от 3 до 64 символов.",
            "Latin letters, digits, dot, hyphen or underscore; 3 to 64 characters.",
        ),
        RolesLabel => ("Роли", "Roles"),
        CreateSubmit => ("Создать учётную запись", "Create account"),
        Creating => ("Создание…", "Creating…"),
        InitialPasswordTitle => ("Одноразовый пароль", "One-time password"),
        InitialPasswordFor => ("{name}, логин {login}", "{name}, login {login}"),
        InitialPasswordExpires => (
            "Действует до {time}, только для одного входа: при входе система попросит придумать собственный пароль.",
            "Valid until {time} for one sign-in only: at sign-in the person will be asked to choose their own password.",
        ),
        InitialPasswordNote => (
            "Передайте пароль владельцу учётной записи лично. Повторно он показан не будет.",
            "Hand the password over to the account's owner in person. It will not be shown again.",
        ),

        PagerLabel => ("Страницы", "Pages"),
        PagerRange => ("{from}–{to} из {total}", "{from}–{to} of {total}"),
        PagerPrev => ("← Назад", "← Previous"),
        PagerNext => ("Вперёд →", "Next →"),
        PagerEmpty => ("0 из 0", "0 of 0"),

        AuditTitle => ("Журнал аудита", "Audit log"),
        AuditIntro => (
            "Все изменения в школе, сначала новые.",
            "Every change in the school, newest first.",
        ),
        FilterAction => ("Действие", "Action"),
        AllActions => ("Все действия", "All actions"),
        FilterEntity => ("Объект", "Object"),
        AllObjects => ("Все объекты", "All objects"),
        ColTime => ("Время", "Time"),
        ColActor => ("Кто", "Actor"),
        ColRole => ("Роль", "Role"),
        ColAction => ("Действие", "Action"),
        ColObject => ("Объект", "Object"),
        ColRequestId => ("Запрос", "Request"),
        Details => ("Подробнее", "Details"),
        HideDetails => ("Свернуть", "Collapse"),
        Before => ("Было", "Before"),
        After => ("Стало", "After"),
        NoEntries => ("Записей нет.", "No entries."),
        SystemActor => ("система", "system"),

        ProfileTitle => ("Профиль", "Profile"),
        FullName => ("ФИО", "Full name"),
        School => ("Школа", "School"),
        Roles => ("Роли", "Roles"),
        LedClasses => ("Классное руководство", "Class teacher of"),
        LastLogin => ("Последний вход", "Last sign-in"),
        Security => ("Безопасность", "Security"),
        ChangePassword => ("Сменить пароль", "Change password"),
        LogoutAll => ("Выйти на всех устройствах", "Sign out on all devices"),
        LogoutAllHint => (
            "Завершает все ваши сеансы, включая текущий. Сделайте это, если входили с чужого устройства или подозреваете, что пароль стал известен посторонним.",
            "Ends all your sessions, this one included. Do it if you signed in on someone else's device or suspect that your password is known to others.",
        ),
        ConfirmLogoutAll => (
            "Выйти на всех устройствах, включая это?",
            "Sign out on all devices, this one included?",
        ),

        NotFoundTitle => ("Страница не найдена", "Page not found"),
        NotFoundText => (
            "Такой страницы нет. Возможно, адрес набран с ошибкой или ссылка устарела.",
            "There is no such page. The address may be mistyped or the link outdated.",
        ),
        ForbiddenTitle => ("Нет доступа", "No access"),
        ForbiddenText => (
            "Этот раздел недоступен для ваших ролей.",
            "This section is not available to your roles.",
        ),
        BackHome => ("На главную", "Go to the home page"),
        _ => return None,
    })
}
