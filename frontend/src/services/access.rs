//! What the interface offers to whom. The server decides (it asks the same domain policy); the
//! interface only hides what the caller's roles would be refused anyway.

use journal_api_types::auth::Me;
use journal_domain::Action;

/// May the signed-in person do `action` in the active school?
pub fn may(me: &Me, action: Action) -> bool {
    action
        .allowed_roles()
        .iter()
        .any(|role| me.roles.contains(role))
}

/// "Фамилия Имя Отчество".
pub fn full_name(last: &str, first: &str, middle: Option<&str>) -> String {
    match middle.filter(|m| !m.is_empty()) {
        Some(middle) => format!("{last} {first} {middle}"),
        None => format!("{last} {first}"),
    }
}

/// How a person is addressed: "Мария Ивановна" (first name and patronymic).
pub fn address_name(me: &Me) -> String {
    match me.middle_name.as_deref().filter(|m| !m.is_empty()) {
        Some(middle) => format!("{} {middle}", me.first_name),
        None => me.first_name.clone(),
    }
}
