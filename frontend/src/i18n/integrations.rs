//! Texts of «Интеграции» (R-A10): the admin's page of the external systems that read the school's
//! data (OneRoster, exports) with a client id and a secret, their access and its revocation.

use super::Key;

/// The Russian and English text of an integrations key; `None` for a key of another area.
pub(super) const fn texts(key: Key) -> Option<(&'static str, &'static str)> {
    use Key::*;
    Some(match key {
        NavIntegrations => ("Интеграции", "Integrations"),
        CardIntegrationsText => (
            "Внешние системы, которые читают данные школы: подключение, секреты, отзыв доступа.",
            "External systems that read the school's data: connecting them, secrets, revoking access.",
        ),
        IgTitle => ("Интеграции", "Integrations"),
        IgIntro => (
            "Внешние системы (библиотека, электронная столовая, региональные сервисы) получают данные школы по стандарту OneRoster со своим идентификатором и секретом и только в пределах выданного доступа. Каждое их обращение записывается в журнал аудита.",
            "External systems (a library, a canteen, regional services) read the school's data over the OneRoster standard with their own id and secret, and only within the access granted. Every request they make is recorded in the audit log.",
        ),
        IgColName => ("Система", "System"),
        IgColScopes => ("Доступ к данным", "Data access"),
        IgColCreated => ("Подключил(а)", "Connected by"),
        IgColLastUsed => ("Последнее обращение", "Last request"),
        IgColStatus => ("Состояние", "Status"),
        IgNeverUsed => ("ещё не обращался", "no requests yet"),
        IgActive => ("Действует", "Active"),
        IgRevokedAt => ("Отозван {time}", "Revoked {time}"),
        IgSecretSetAt => ("Секрет выдан {time}", "Secret issued {time}"),
        IgNone => (
            "Внешние системы пока не подключены.",
            "No external systems are connected yet.",
        ),
        IgRotate => ("Новый секрет", "New secret"),
        IgRotateOf => ("Новый секрет: {name}", "New secret: {name}"),
        IgConfirmRotate => (
            "Выдать системе «{name}» новый секрет? Старый секрет и выданные с ним токены сразу перестанут действовать: новый секрет нужно будет сразу ввести в настройки системы.",
            "Issue a new secret to “{name}”? The old secret and the tokens issued with it stop working at once: the new secret has to be entered in the system's settings right away.",
        ),
        IgRevoke => ("Отозвать", "Revoke"),
        IgRevokeOf => ("Отозвать доступ: {name}", "Revoke access: {name}"),
        IgConfirmRevoke => (
            "Отозвать доступ системы «{name}»? Она сразу перестанет получать данные школы; вернуть доступ нельзя — только подключить систему заново.",
            "Revoke the access of “{name}”? It stops reading the school's data at once; access cannot be restored — only connect the system again.",
        ),
        IgRevokedOk => ("Доступ системы «{name}» отозван.", "The access of “{name}” has been revoked."),
        IgCreateTitle => ("Подключить систему", "Connect a system"),
        IgName => ("Название системы", "System name"),
        IgNameHint => (
            "Например, «Библиотека»: так система будет названа в журнале аудита.",
            "For example “Library”: the audit log will call the system that.",
        ),
        IgScopes => ("Доступ к данным", "Data access"),
        IgScopesHint => (
            "Отметьте только то, что системе действительно нужно.",
            "Tick only what the system really needs.",
        ),
        IgNameRequired => ("Укажите название системы.", "Enter the system's name."),
        IgNameTooLong => (
            "Название — не длиннее 120 символов.",
            "The name must be at most 120 characters.",
        ),
        IgScopeRequired => (
            "Отметьте хотя бы один вид доступа.",
            "Tick at least one kind of access.",
        ),
        IgSubmit => ("Подключить", "Connect"),
        IgCreating => ("Подключение…", "Connecting…"),
        IgSecretTitle => ("Данные для подключения: {name}", "Connection details: {name}"),
        IgSecretCreated => (
            "Система подключена. Введите эти данные в её настройки.",
            "The system is connected. Enter these details in its settings.",
        ),
        IgSecretRotated => (
            "Выдан новый секрет, старый больше не действует. Введите новый секрет в настройки системы.",
            "A new secret has been issued; the old one no longer works. Enter the new secret in the system's settings.",
        ),
        IgSecretOnce => (
            "Скопируйте секрет сейчас: он больше не будет показан.",
            "Copy the secret now: it will not be shown again.",
        ),
        IgClientId => ("Идентификатор клиента", "Client ID"),
        IgSecret => ("Секрет клиента", "Client secret"),
        IgTokenUrl => ("Адрес получения токена", "Token address"),
        IgExample => ("Пример запроса токена", "Example token request"),
        IgScopeRosterCore => (
            "Состав школы (OneRoster, основное)",
            "School roster (OneRoster, core)",
        ),
        IgScopeRoster => ("Состав школы (OneRoster, всё)", "School roster (OneRoster, full)"),
        IgScopeDemographics => (
            "Демографические данные (OneRoster)",
            "Demographics (OneRoster)",
        ),
        IgScopeGradebookCore => ("Оценки (OneRoster, основное)", "Grades (OneRoster, core)"),
        IgScopeGradebook => ("Оценки (OneRoster, всё)", "Grades (OneRoster, full)"),
        IgScopeExports => ("Выгрузки Journal", "Journal exports"),
        _ => return None,
    })
}
