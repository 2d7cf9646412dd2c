//! Logins made from people's names (R-S1): the class teacher issues diary access for a whole class
//! at once, so nobody types a login for each of 40 families.
//!
//! **The rule.** A login is the surname in Latin letters, a dot and the initials of the first and
//! middle names: Иванова Мария Петровна → `ivanova.mp`. When that login is taken anywhere in the
//! deployment, a number is added: `ivanova.mp2`, `ivanova.mp3`, …
//!
//! **The Latin letters** follow the passport rule: the table of ICAO Doc 9303, which Russian
//! international passports use. A parent has seen it in their own passport: Юлия → IULIIA,
//! Щукин → SHCHUKIN. GOST 7.79-2000 was the other candidate. Its system A needs diacritics, and
//! system B writes `ы` as `y'`, `ъ` as ``` `` ``` and `ь` as `` ` ``. Neither can be typed into a
//! login field from a printed slip without mistakes, so the passport rule won.

/// The Latin letters of a lower-case Russian letter by the passport rule (ICAO Doc 9303), or
/// `None` for anything that is not a Russian letter. `ь` has no letters (`Some("")`).
pub fn latin_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' => "ie",
        'ы' => "y",
        'ь' => "",
        'ю' => "iu",
        'я' => "ia",
        _ => return None,
    })
}

/// A word in lower-case Latin letters: Russian letters by [`latin_letter`], Latin letters and
/// digits kept, a hyphen kept (double surnames), anything else dropped.
pub fn latin(word: &str) -> String {
    let mut out = String::new();
    for c in word.trim().to_lowercase().chars() {
        if let Some(l) = latin_letter(c) {
            out.push_str(l);
        } else if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c);
        }
    }
    out.trim_matches('-').to_owned()
}

/// The longest surname part of a login, so a login stays well inside the 64 characters allowed.
const SURNAME_MAX: usize = 40;

/// The login a person would get if nobody had it yet (see the module's rule).
pub fn login_base(last_name: &str, first_name: &str, middle_name: Option<&str>) -> String {
    let mut surname = latin(last_name);
    surname.truncate(SURNAME_MAX);
    if surname.is_empty() {
        surname.push_str("user");
    }
    let initials: String = [Some(first_name), middle_name]
        .into_iter()
        .flatten()
        .filter_map(|w| latin(w).chars().find(char::is_ascii_alphanumeric))
        .collect();
    if initials.is_empty() {
        surname
    } else {
        format!("{surname}.{initials}")
    }
}

/// The `n`-th login to try for `base`: the base itself first (`n == 1`), then `base2`, `base3`, …
pub fn candidate(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_owned()
    } else {
        format!("{base}{n}")
    }
}

/// The first of `base`'s candidates among `first..first + count` that `taken` does not hold.
pub fn first_free(
    base: &str,
    first: usize,
    count: usize,
    taken: impl Fn(&str) -> bool,
) -> Option<String> {
    (first..first + count)
        .map(|n| candidate(base, n))
        .find(|c| !taken(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_logins_by_the_passport_rule() {
        // R-S1: the login rule written in the module's doc comment.
        assert_eq!(
            login_base("Иванова", "Мария", Some("Петровна")),
            "ivanova.mp"
        );
        assert_eq!(login_base("Щукин", "Юрий", None), "shchukin.i");
        assert_eq!(
            login_base("Римская-Корсакова", "Ульяна", Some("Эдуардовна")),
            "rimskaia-korsakova.ue"
        );
        assert_eq!(latin("Подъячева"), "podieiacheva");
        assert_eq!(latin("Хрущёв"), "khrushchev");
        assert_eq!(latin("Цыганкова"), "tsygankova");
        assert_eq!(latin("Васильев"), "vasilev");
        assert_eq!(latin(" O'Neil "), "oneil");
        // Nothing Latin in the surname: still a usable login.
        assert_eq!(login_base("—", "Анна", None), "user.a");
    }

    #[test]
    fn a_taken_login_gets_the_next_free_number() {
        let taken = ["ivanova.mp", "ivanova.mp2"];
        let free = first_free("ivanova.mp", 1, 10, |c| taken.contains(&c));
        assert_eq!(free.as_deref(), Some("ivanova.mp3"));
        assert_eq!(
            first_free("petrov.a", 1, 10, |_| false).as_deref(),
            Some("petrov.a")
        );
        assert_eq!(first_free("x", 1, 3, |_| true), None);
        assert_eq!(candidate("x", 11), "x11");
    }

    #[test]
    fn a_login_stays_inside_the_allowed_length() {
        let long = "Ааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааа";
        let login = login_base(long, "Б", Some("В"));
        assert!(login.len() <= 64, "{login}");
        assert!(login.ends_with(".bv"));
    }
}
