//! Every string of the interface, in Russian (the default) and English.
//!
//! Strings are looked up by [`Key`]; [`t`] matches on every key and returns both translations at
//! once, so a key without a translation does not compile. Texts with blanks use `{name}` placeholders
//! filled by [`tf`].

use journal_api_types::Role;

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ru,
    En,
}

impl Lang {
    /// The code kept in localStorage and set on `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "ru" => Some(Lang::Ru),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language (the switch toggles between the two).
    pub fn other(self) -> Lang {
        match self {
            Lang::Ru => Lang::En,
            Lang::En => Lang::Ru,
        }
    }
}

/// A string of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    // General
    AppName,
    Loading,
    SkipToContent,
    LangSwitch,
    LangSwitchLabel,
    Logout,
    Retry,
    Close,
    Apply,
    Reset,
    Dash,

    // Sign-in
    LoginTitle,
    LoginIntro,
    LoginLabel,
    PasswordLabel,
    LoginSubmit,
    LoginSubmitting,
    LoginHint,
    LoginRequired,
    NoticeSessionExpired,
    NoticeLoggedOutEverywhere,
    NoticeServerUnavailable,

    // Problems
    ErrInvalidCredentials,
    ErrTooManyAttempts,
    ErrInitialPasswordExpired,
    ErrNetwork,
    ErrPasswordTooShort,
    ErrPasswordTooLong,
    ErrPasswordTooCommon,
    ErrPasswordSameAsLogin,
    ErrCurrentPasswordWrong,
    ErrValidationFailed,
    ErrPasswordsDiffer,
    ErrForbidden,
    ErrNotFound,
    ErrSessionExpired,
    ErrUnknown,
    ErrLoginTaken,
    ErrLoginLength,
    ErrLoginCharacters,
    ErrRolesRequired,
    ErrRoleNotGrantable,
    ErrNameLength,
    ErrRequired,
    ErrFieldsRequired,
    ErrNoSchool,
    ErrPasswordChangeRequired,
    ErrDatabaseUnavailable,

    // Password change
    PasswordTitleForced,
    PasswordIntroForced,
    PasswordTitle,
    PasswordIntro,
    CurrentPassword,
    CurrentPasswordForced,
    NewPassword,
    NewPasswordRepeat,
    NewPasswordHint,
    ChangePasswordSubmit,
    Saving,
    PasswordChanged,

    // Layout
    NavLabel,
    NavHome,
    NavUsers,
    NavAudit,
    NavProfile,
    SchoolSwitchLabel,

    // Roles
    RoleDirector,
    RoleDeputy,
    RoleAdmin,
    RoleSecretary,
    RoleTeacher,
    RoleClassTeacher,
    RoleGuardian,
    RoleStudent,
    RoleRegion,
    RoleIntegration,

    // Home
    HomeGreeting,
    HomeSchool,
    HomeRoles,
    HomeLastLogin,
    HomeSectionsTitle,
    CardUsersText,
    CardUsersTextAdmin,
    CardAuditText,
    CardProfileText,

    // Users
    UsersTitle,
    UsersIntro,
    FilterRole,
    AllRoles,
    Search,
    SearchPlaceholder,
    SearchSubmit,
    ColFullName,
    ColLogin,
    ColRoles,
    ColStatus,
    ColLastLogin,
    ColActions,
    StatusPending,
    StatusActive,
    NoUsers,
    IssuePassword,
    EndSessions,
    ConfirmIssuePassword,
    ConfirmEndSessions,
    SessionsEnded,
    CreateUserTitle,
    LastName,
    FirstName,
    MiddleName,
    Optional,
    NewLoginHint,
    RolesLabel,
    CreateSubmit,
    Creating,
    InitialPasswordTitle,
    InitialPasswordFor,
    InitialPasswordExpires,
    InitialPasswordNote,

    // Pagination
    PagerLabel,
    PagerRange,
    PagerPrev,
    PagerNext,
    PagerEmpty,

    // Audit
    AuditTitle,
    AuditIntro,
    FilterAction,
    AllActions,
    FilterEntity,
    EntityPlaceholder,
    ColTime,
    ColActor,
    ColRole,
    ColAction,
    ColObject,
    ColRequestId,
    Details,
    HideDetails,
    Before,
    After,
    NoEntries,
    SystemActor,
    ActLogin,
    ActLoginFailed,
    ActLoginExpiredPassword,
    ActLoginNoSchool,
    ActRefreshReused,
    ActLogout,
    ActLogoutAll,
    ActPasswordChange,
    ActSwitchSchool,
    ActUserCreate,
    ActUserInitialPassword,
    ActUserLogoutAll,
    ActSchoolCreate,
    EntUser,
    EntSchool,
    EntSession,

    // Profile
    ProfileTitle,
    FullName,
    School,
    Roles,
    LedClasses,
    LastLogin,
    Security,
    ChangePassword,
    LogoutAll,
    LogoutAllHint,
    ConfirmLogoutAll,

    // Errors pages
    NotFoundTitle,
    NotFoundText,
    ForbiddenTitle,
    ForbiddenText,
    BackHome,
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> &'static str {
    let (ru, en) = texts(key);
    match lang {
        Lang::Ru => ru,
        Lang::En => en,
    }
}

/// The text of `key` in `lang` with `{name}` placeholders replaced.
pub fn tf(lang: Lang, key: Key, args: &[(&str, &str)]) -> String {
    let mut text = t(lang, key).to_owned();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// Russian and English text of every key.
fn texts(key: Key) -> (&'static str, &'static str) {
    use Key::*;
    match key {
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

        ErrInvalidCredentials => ("Неверный логин или пароль", "Wrong login or password"),
        ErrTooManyAttempts => (
            "Слишком много неудачных попыток входа. Попробуйте позже.",
            "Too many failed sign-in attempts. Please try again later.",
        ),
        ErrInitialPasswordExpired => (
            "Одноразовый пароль истёк или уже был использован. Обратитесь к администратору школы за новым.",
            "The one-time password has expired or has already been used. Ask the school administrator for a new one.",
        ),
        ErrNetwork => (
            "Сервер недоступен. Проверьте подключение и попробуйте ещё раз.",
            "The server is unavailable. Check your connection and try again.",
        ),
        ErrPasswordTooShort => (
            "Пароль должен содержать не менее 8 символов.",
            "The password must have at least 8 characters.",
        ),
        ErrPasswordTooLong => (
            "Пароль должен содержать не более 128 символов.",
            "The password must have at most 128 characters.",
        ),
        ErrPasswordTooCommon => (
            "Этот пароль слишком распространён, его легко подобрать. Придумайте другой.",
            "This password is too common and easy to guess. Choose another one.",
        ),
        ErrPasswordSameAsLogin => (
            "Пароль не должен совпадать с логином.",
            "The password must not be the same as the login.",
        ),
        ErrCurrentPasswordWrong => (
            "Текущий пароль введён неверно.",
            "The current password is wrong.",
        ),
        ErrValidationFailed => (
            "Проверьте правильность заполнения полей.",
            "Please check the fields.",
        ),
        ErrPasswordsDiffer => ("Новые пароли не совпадают.", "The new passwords do not match."),
        ErrForbidden => (
            "Недостаточно прав для этого действия.",
            "You are not allowed to do this.",
        ),
        ErrNotFound => ("Не найдено.", "Not found."),
        ErrSessionExpired => (
            "Сеанс истёк. Войдите снова.",
            "Your session has expired. Please sign in again.",
        ),
        ErrUnknown => (
            "Что-то пошло не так. Попробуйте ещё раз.",
            "Something went wrong. Please try again.",
        ),
        ErrLoginTaken => ("Этот логин уже занят.", "This login is already taken."),
        ErrLoginLength => (
            "Логин должен содержать от 3 до 64 символов.",
            "The login must have 3 to 64 characters.",
        ),
        ErrLoginCharacters => (
            "В логине допустимы только латинские буквы, цифры, точка, дефис и подчёркивание.",
            "The login may contain only latin letters, digits, dot, hyphen and underscore.",
        ),
        ErrRolesRequired => ("Выберите хотя бы одну роль.", "Choose at least one role."),
        ErrRoleNotGrantable => (
            "Эту роль нельзя назначить напрямую.",
            "This role cannot be granted directly.",
        ),
        ErrNameLength => (
            "Заполните поле (не более 100 символов).",
            "Fill in the field (at most 100 characters).",
        ),
        ErrRequired => ("Обязательное поле.", "This field is required."),
        ErrNoSchool => (
            "Учётная запись не связана ни с одной школой. Обратитесь к администратору школы.",
            "The account holds no role in any school. Ask the school administrator.",
        ),
        ErrPasswordChangeRequired => (
            "Сначала смените пароль.",
            "Change your password first.",
        ),
        ErrDatabaseUnavailable => (
            "Сервер временно не может обратиться к базе данных. Попробуйте позже.",
            "The server cannot reach its database right now. Please try again later.",
        ),
        ErrFieldsRequired => (
            "Заполните обязательные поля.",
            "Fill in the required fields.",
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
        EntityPlaceholder => ("например, user", "e.g. user"),
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
        ActLogin => ("Вход в систему", "Sign-in"),
        ActLoginFailed => ("Неудачная попытка входа", "Failed sign-in"),
        ActLoginExpiredPassword => (
            "Вход с истёкшим одноразовым паролем",
            "Sign-in with an expired one-time password",
        ),
        ActLoginNoSchool => ("Вход без роли в школе", "Sign-in without a school role"),
        ActRefreshReused => (
            "Повторное использование токена: сеанс отозван",
            "Refresh token reused: session revoked",
        ),
        ActLogout => ("Выход из системы", "Sign-out"),
        ActLogoutAll => ("Выход на всех устройствах", "Sign-out on all devices"),
        ActPasswordChange => ("Смена пароля", "Password change"),
        ActSwitchSchool => ("Переход в другую школу", "School switch"),
        ActUserCreate => ("Создание учётной записи", "Account created"),
        ActUserInitialPassword => ("Выдача одноразового пароля", "One-time password issued"),
        ActUserLogoutAll => (
            "Завершение всех сеансов пользователя",
            "All sessions of a user ended",
        ),
        ActSchoolCreate => ("Создание школы", "School created"),
        EntUser => ("учётная запись", "account"),
        EntSchool => ("школа", "school"),
        EntSession => ("сеанс", "session"),

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
    }
}

/// The name of a role.
pub fn role_name(lang: Lang, role: Role) -> &'static str {
    t(
        lang,
        match role {
            Role::Director => Key::RoleDirector,
            Role::Deputy => Key::RoleDeputy,
            Role::Admin => Key::RoleAdmin,
            Role::Secretary => Key::RoleSecretary,
            Role::Teacher => Key::RoleTeacher,
            Role::ClassTeacher => Key::RoleClassTeacher,
            Role::Guardian => Key::RoleGuardian,
            Role::Student => Key::RoleStudent,
            Role::Region => Key::RoleRegion,
            Role::Integration => Key::RoleIntegration,
        },
    )
}

/// Roles as one line; `class_teacher` is followed by the led classes, e.g. "Классный руководитель (7А)".
pub fn roles_line(lang: Lang, roles: &[Role], led_classes: &[String]) -> String {
    roles
        .iter()
        .map(|role| {
            let name = role_name(lang, *role);
            if *role == Role::ClassTeacher && !led_classes.is_empty() {
                format!("{name} ({})", led_classes.join(", "))
            } else {
                name.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Actions of the audit log the interface knows, in the order of the filter.
pub const AUDIT_ACTIONS: [&str; 13] = [
    "auth.login",
    "auth.login_failed",
    "auth.login_expired_password",
    "auth.login_no_school",
    "auth.refresh_reused",
    "auth.logout",
    "auth.logout_all",
    "auth.password_change",
    "auth.switch_school",
    "user.create",
    "user.initial_password",
    "user.logout_all",
    "school.create",
];

/// The name of an audited action, when known.
pub fn action_name(lang: Lang, action: &str) -> Option<&'static str> {
    let key = match action {
        "auth.login" => Key::ActLogin,
        "auth.login_failed" => Key::ActLoginFailed,
        "auth.login_expired_password" => Key::ActLoginExpiredPassword,
        "auth.login_no_school" => Key::ActLoginNoSchool,
        "auth.refresh_reused" => Key::ActRefreshReused,
        "auth.logout" => Key::ActLogout,
        "auth.logout_all" => Key::ActLogoutAll,
        "auth.password_change" => Key::ActPasswordChange,
        "auth.switch_school" => Key::ActSwitchSchool,
        "user.create" => Key::ActUserCreate,
        "user.initial_password" => Key::ActUserInitialPassword,
        "user.logout_all" => Key::ActUserLogoutAll,
        "school.create" => Key::ActSchoolCreate,
        _ => return None,
    };
    Some(t(lang, key))
}

/// Object kinds of the audit log the interface suggests in the filter.
pub const AUDIT_ENTITIES: [&str; 3] = ["user", "session", "school"];

/// The name of an audited object kind, when known.
pub fn entity_name(lang: Lang, entity: &str) -> Option<&'static str> {
    let key = match entity {
        "user" => Key::EntUser,
        "school" => Key::EntSchool,
        "session" => Key::EntSession,
        _ => return None,
    };
    Some(t(lang, key))
}

/// The message for a problem `code` of the API, when the interface knows it. `invalid_credentials`
/// means a wrong current password on the password page; the caller picks the key there.
pub fn problem_key(code: &str) -> Option<Key> {
    Some(match code {
        "invalid_credentials" => Key::ErrInvalidCredentials,
        "too_many_attempts" => Key::ErrTooManyAttempts,
        "initial_password_expired" => Key::ErrInitialPasswordExpired,
        "password_too_short" => Key::ErrPasswordTooShort,
        "password_too_long" => Key::ErrPasswordTooLong,
        "password_too_common" => Key::ErrPasswordTooCommon,
        "password_same_as_login" => Key::ErrPasswordSameAsLogin,
        "validation_failed" => Key::ErrValidationFailed,
        "forbidden" => Key::ErrForbidden,
        "not_found" => Key::ErrNotFound,
        "invalid_token" | "invalid_refresh_token" | "unauthorized" => Key::ErrSessionExpired,
        "no_school" => Key::ErrNoSchool,
        "password_change_required" => Key::ErrPasswordChangeRequired,
        "database_unavailable" => Key::ErrDatabaseUnavailable,
        "login_taken" => Key::ErrLoginTaken,
        "login_characters" => Key::ErrLoginCharacters,
        "role_not_grantable" => Key::ErrRoleNotGrantable,
        "required" => Key::ErrRequired,
        _ => return None,
    })
}

/// The message for a field error of a refused form.
pub fn field_problem_key(field: &str, code: &str) -> Option<Key> {
    match (field, code) {
        ("login", "length") => Some(Key::ErrLoginLength),
        ("roles", "length") => Some(Key::ErrRolesRequired),
        (_, "length") => Some(Key::ErrNameLength),
        _ => problem_key(code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_names_the_other_language() {
        assert_eq!(t(Lang::Ru, Key::LangSwitch), "English");
        assert_eq!(t(Lang::En, Key::LangSwitch), "Русский");
        assert_eq!(t(Lang::Ru, Key::Logout), "Выйти");
        assert_eq!(t(Lang::En, Key::Logout), "Log out");
    }

    #[test]
    fn placeholders_are_filled() {
        let s = tf(
            Lang::Ru,
            Key::PagerRange,
            &[("from", "1"), ("to", "50"), ("total", "120")],
        );
        assert_eq!(s, "1–50 из 120");
    }

    #[test]
    fn class_teacher_lists_classes() {
        let line = roles_line(
            Lang::Ru,
            &[Role::Teacher, Role::ClassTeacher],
            &["7А".to_owned()],
        );
        assert_eq!(line, "Учитель, Классный руководитель (7А)");
    }

    #[test]
    fn the_api_problem_codes_are_translated() {
        for code in [
            "invalid_credentials",
            "too_many_attempts",
            "initial_password_expired",
            "password_too_short",
            "password_too_long",
            "password_too_common",
            "password_same_as_login",
            "validation_failed",
            "login_taken",
            "login_characters",
            "role_not_grantable",
            "invalid_token",
            "password_change_required",
        ] {
            assert!(problem_key(code).is_some(), "{code}");
        }
        assert_eq!(
            t(
                Lang::Ru,
                problem_key("invalid_credentials").unwrap_or(Key::ErrUnknown)
            ),
            "Неверный логин или пароль"
        );
        assert_eq!(
            field_problem_key("login", "length"),
            Some(Key::ErrLoginLength)
        );
        assert_eq!(
            field_problem_key("roles", "length"),
            Some(Key::ErrRolesRequired)
        );
        assert_eq!(
            field_problem_key("last_name", "length"),
            Some(Key::ErrNameLength)
        );
    }

    #[test]
    fn every_known_action_is_translated() {
        for action in AUDIT_ACTIONS {
            assert!(action_name(Lang::Ru, action).is_some());
            assert!(action_name(Lang::En, action).is_some());
        }
    }
}
