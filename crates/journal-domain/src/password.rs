//! Password rules (R-S2): no composition rules, at least 8 characters, common passwords refused.

/// Shortest password accepted (R-S2).
pub const MIN_LENGTH: usize = 8;
/// Longest password accepted: bounds the hashing work one request can cause.
pub const MAX_LENGTH: usize = 128;

/// Passwords attackers try first, including the Russian keyboard-layout favourites. Compared after
/// lower-casing.
const COMMON: &[&str] = &[
    "password",
    "password1",
    "password123",
    "passw0rd",
    "12345678",
    "123456789",
    "1234567890",
    "11111111",
    "00000000",
    "87654321",
    "12341234",
    "11223344",
    "qwertyui",
    "qwerty123",
    "qwerty12",
    "qwertyuiop",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "1qaz2wsx",
    "zaq12wsx",
    "asdfghjk",
    "asdfghjkl",
    "zxcvbnm1",
    "iloveyou",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "superman",
    "starwars",
    "whatever",
    "trustno1",
    "letmein1",
    "welcome1",
    "admin123",
    "administrator",
    "changeme",
    "abc12345",
    "abcd1234",
    "aa123456",
    "q1w2e3r4",
    "q1w2e3r4t5",
    "monkey12",
    "dragon12",
    "master12",
    "michael1",
    "shadow12",
    "computer",
    "internet",
    "йцукенгш",
    "йцукенгшщз",
    "фывапролд",
    "фывапролдж",
    "пароль123",
    "парольпароль",
    "qwertyqwerty",
    "1234qwer",
    "qwer1234",
    "password!",
    "school123",
    "школа123",
    "journal1",
    "journal-demo",
    "дневник1",
    "дневник123",
    "журнал123",
    "11111111111",
    "123123123",
    "123321123",
    "147258369",
    "159753456",
    "987654321",
    "77777777",
    "88888888",
    "99999999",
    "55555555",
    "66666666",
    "22222222",
    "33333333",
    "44444444",
    "12344321",
    "13131313",
    "a1b2c3d4",
    "natasha1",
    "nikita123",
    "maxim123",
    "dmitriy1",
    "marina123",
    "svetlana",
];

/// Why a new password was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("the password must have at least {MIN_LENGTH} characters")]
    TooShort,
    #[error("the password must have at most {MAX_LENGTH} characters")]
    TooLong,
    #[error("the password is too common")]
    Common,
    #[error("the password must not repeat the login")]
    SameAsLogin,
}

impl PasswordProblem {
    /// Stable error code for the API and the SPA.
    pub fn code(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "password_too_short",
            PasswordProblem::TooLong => "password_too_long",
            PasswordProblem::Common => "password_too_common",
            PasswordProblem::SameAsLogin => "password_same_as_login",
        }
    }
}

/// Check a password a person chooses for themselves (R-S2).
pub fn check_new_password(password: &str, login: &str) -> Result<(), PasswordProblem> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(PasswordProblem::TooShort);
    }
    if length > MAX_LENGTH {
        return Err(PasswordProblem::TooLong);
    }
    let lowered = password.to_lowercase();
    if lowered == login.to_lowercase() {
        return Err(PasswordProblem::SameAsLogin);
    }
    if COMMON.contains(&lowered.as_str()) || is_one_repeated_char(&lowered) {
        return Err(PasswordProblem::Common);
    }
    Ok(())
}

fn is_one_repeated_char(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => chars.all(|c| c == first),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_counts_characters_not_bytes() {
        // Eight Cyrillic letters are sixteen bytes but eight characters.
        assert_eq!(check_new_password("ёжиквтум", "x"), Ok(()));
        assert_eq!(
            check_new_password("ёжиквту", "x"),
            Err(PasswordProblem::TooShort)
        );
    }

    #[test]
    fn common_and_trivial_passwords_are_refused() {
        assert_eq!(
            check_new_password("Qwerty123", "x"),
            Err(PasswordProblem::Common)
        );
        assert_eq!(
            check_new_password("ЙЦУКЕНГШ", "x"),
            Err(PasswordProblem::Common)
        );
        assert_eq!(
            check_new_password("zzzzzzzzzz", "x"),
            Err(PasswordProblem::Common)
        );
        assert_eq!(
            check_new_password("ivanova.m", "Ivanova.M"),
            Err(PasswordProblem::SameAsLogin)
        );
    }

    #[test]
    fn no_composition_rules() {
        assert_eq!(
            check_new_password("correct horse battery staple", "x"),
            Ok(())
        );
        assert_eq!(check_new_password("летом едем на дачу", "x"), Ok(()));
    }

    #[test]
    fn very_long_passwords_are_refused() {
        let long = "a".repeat(MAX_LENGTH) + "b";
        assert_eq!(
            check_new_password(&long, "x"),
            Err(PasswordProblem::TooLong)
        );
    }
}
