//! Russian alphabetical order (Ё after Е), used wherever lists of people are shown.

/// A sort key that orders Russian text as a Russian reader expects: case-insensitive, Ё right after
/// Е (not after Я as in Unicode), Latin letters after Cyrillic.
pub fn ru_key(s: &str) -> Vec<u32> {
    s.chars()
        .flat_map(|c| c.to_lowercase())
        .map(weight)
        .collect()
}

/// A sort key that orders class names as a school does: by grade number, then letter ("5А",
/// "5Б", "10А", not "10А" before "5А"); a name without a leading number goes last, by its text.
pub fn class_key(name: &str) -> (u32, Vec<u32>) {
    let name = name.trim();
    let digits = name.chars().take_while(char::is_ascii_digit).count();
    let grade = name[..digits].parse().unwrap_or(u32::MAX);
    (grade, ru_key(name[digits..].trim()))
}

fn weight(c: char) -> u32 {
    match c {
        'а'..='е' => (c as u32 - 'а' as u32) * 2 + 1_000,
        'ё' => ('е' as u32 - 'а' as u32) * 2 + 1_001,
        'ж'..='я' => (c as u32 - 'а' as u32) * 2 + 1_000,
        'a'..='z' => c as u32 - 'a' as u32 + 2_000,
        ' ' => 0,
        '-' => 1,
        _ => c as u32 + 10_000,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_go_by_grade_then_letter() {
        let mut classes = vec!["10А", "5Б", "11А", "5А", "Коррекционный", "1Ё", "1Е"];
        classes.sort_by_key(|c| class_key(c));
        assert_eq!(
            classes,
            ["1Е", "1Ё", "5А", "5Б", "10А", "11А", "Коррекционный"]
        );
    }

    #[test]
    fn yo_comes_right_after_ye() {
        let mut names = vec!["Ёлкин", "Жуков", "Егоров", "Яковлев", "Ершов"];
        names.sort_by_key(|n| ru_key(n));
        assert_eq!(names, ["Егоров", "Ершов", "Ёлкин", "Жуков", "Яковлев"]);
    }

    #[test]
    fn case_does_not_matter() {
        assert_eq!(ru_key("иванов"), ru_key("ИВАНОВ"));
    }
}
