//! The journal settings screen without drawing (R-J2, R-F2, R-F6): the form's text fields read
//! back into requests, checked as the server checks them, work-type codes made from Russian names,
//! the order of work types, and which scale a subject has in a grade.

use journal_api_types::journal::{JournalSettings, JournalSettingsInput, WorkTypeInput};
use journal_api_types::FieldError;
use journal_domain::marks::{Scale, Thresholds};
use uuid::Uuid;

/// A number typed with a decimal comma or point: «3,5», «3.5», « 4 ».
pub fn parse_decimal(text: &str) -> Option<f64> {
    let t = text.trim().replace(',', ".");
    if t.is_empty() {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A number as the form shows it: no trailing zeros, a decimal comma in Russian.
pub fn show_decimal(value: f64, decimal_comma: bool) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.').to_owned();
    if decimal_comma {
        text.replace('.', ",")
    } else {
        text
    }
}

fn field_error(field: &str, code: &str) -> FieldError {
    FieldError {
        field: field.into(),
        code: code.into(),
        message: None,
    }
}

/// The general settings as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GeneralForm {
    pub three: String,
    pub four: String,
    pub five: String,
    pub min_marks: String,
    /// Empty: pages are never locked automatically.
    pub auto_lock_days: String,
    pub file_kib: String,
}

impl GeneralForm {
    pub fn of(s: &JournalSettings, decimal_comma: bool) -> Self {
        GeneralForm {
            three: show_decimal(s.thresholds.three, decimal_comma),
            four: show_decimal(s.thresholds.four, decimal_comma),
            five: show_decimal(s.thresholds.five, decimal_comma),
            min_marks: s.min_marks_per_period.to_string(),
            auto_lock_days: s.auto_lock_days.map(|d| d.to_string()).unwrap_or_default(),
            file_kib: s.homework_file_kib.to_string(),
        }
    }

    /// The request, or the fields that are wrong (with the server's codes: `number`, `range`,
    /// `thresholds_not_rising`).
    pub fn input(&self) -> Result<JournalSettingsInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut threshold = |field: &str, text: &str| match parse_decimal(text) {
            Some(v) if (2.0..=5.0).contains(&v) => v,
            Some(_) => {
                errors.push(field_error(field, "range"));
                0.0
            }
            None => {
                errors.push(field_error(field, "number"));
                0.0
            }
        };
        let thresholds = Thresholds {
            three: threshold("thresholds.three", &self.three),
            four: threshold("thresholds.four", &self.four),
            five: threshold("thresholds.five", &self.five),
        };
        if errors.is_empty() && thresholds.check().is_err() {
            errors.push(field_error("thresholds", "thresholds_not_rising"));
        }
        let whole =
            |errors: &mut Vec<FieldError>, field: &str, text: &str, min: u32, max: u32| match text
                .trim()
                .parse::<u32>()
            {
                Ok(v) if (min..=max).contains(&v) => Some(v),
                Ok(_) => {
                    errors.push(field_error(field, "range"));
                    None
                }
                Err(_) => {
                    errors.push(field_error(field, "number"));
                    None
                }
            };
        let min_marks = whole(&mut errors, "min_marks_per_period", &self.min_marks, 0, 20);
        let auto_lock_days = if self.auto_lock_days.trim().is_empty() {
            None
        } else {
            whole(&mut errors, "auto_lock_days", &self.auto_lock_days, 0, 60)
        };
        let file_kib = whole(&mut errors, "homework_file_kib", &self.file_kib, 16, 5120);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(JournalSettingsInput {
            thresholds,
            min_marks_per_period: min_marks.unwrap_or(0) as u8,
            auto_lock_days: auto_lock_days.map(|d| d as u16),
            homework_file_kib: file_kib,
        })
    }
}

/// A work type as typed: a name and a weight.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorkTypeForm {
    pub name: String,
    pub weight: String,
    pub archived: bool,
}

impl WorkTypeForm {
    /// The request (without a position: the server keeps it, or puts a new one last).
    pub fn input(&self) -> Result<WorkTypeInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim().to_owned();
        if name.is_empty() {
            errors.push(field_error("name", "required"));
        } else if name.chars().count() > 100 {
            errors.push(field_error("name", "length"));
        }
        let weight = match parse_decimal(&self.weight) {
            Some(w) if (0.1..=10.0).contains(&w) => (w * 10.0).round() / 10.0,
            Some(_) => {
                errors.push(field_error("weight", "range"));
                0.0
            }
            None => {
                errors.push(field_error("weight", "number"));
                0.0
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(WorkTypeInput {
            name,
            weight,
            archived: self.archived,
            position: None,
        })
    }
}

/// A work-type code made from its Russian name: Latin letters, digits and `_`, at most 32, not one
/// of `taken` (a number is added then). «Зачёт по теории» → `zachet_po_teorii`.
pub fn code_for(name: &str, taken: &[String]) -> String {
    let mut out = String::new();
    for c in name.trim().to_lowercase().chars() {
        if let Some(latin) = journal_domain::logins::latin_letter(c) {
            out.push_str(latin);
        } else if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else {
            out.push('_');
        }
    }
    let mut code = String::new();
    for part in out.split('_').filter(|p| !p.is_empty()) {
        if !code.is_empty() {
            code.push('_');
        }
        code.push_str(part);
    }
    code.truncate(28);
    let code = code.trim_end_matches('_').to_owned();
    let code = if code.is_empty() {
        "work".to_owned()
    } else {
        code
    };
    if !taken.contains(&code) {
        return code;
    }
    (2..)
        .map(|n| format!("{code}_{n}"))
        .find(|c| !taken.contains(c))
        .unwrap_or(code)
}

/// The positions after moving the work type at `from` to `to` (1-based positions in list order):
/// the codes whose position changes, with their new position.
pub fn moved_positions(codes: &[String], from: usize, to: usize) -> Vec<(String, u8)> {
    if from >= codes.len() || to >= codes.len() || from == to {
        return Vec::new();
    }
    let mut order: Vec<&String> = codes.iter().collect();
    let item = order.remove(from);
    order.insert(to, item);
    order
        .iter()
        .enumerate()
        .filter(|(i, c)| codes.get(*i) != Some(**c))
        .map(|(i, c)| ((*c).clone(), u8::try_from(i + 1).unwrap_or(u8::MAX)))
        .collect()
}

/// The scale of `subject` in `grade`: the one the school set, else the default (grade 1 without
/// marks, five points elsewhere).
pub fn scale_of(s: &JournalSettings, subject: Uuid, grade: u8) -> Scale {
    s.scales
        .iter()
        .find(|x| x.subject_id == subject && x.grade == grade)
        .map(|x| x.scale)
        .unwrap_or_else(|| Scale::default_for_grade(grade))
}

#[cfg(test)]
mod tests {
    use super::*;
    use journal_api_types::journal::{SubjectScale, WorkTypeView};

    fn settings() -> JournalSettings {
        JournalSettings {
            thresholds: Thresholds::default(),
            min_marks_per_period: 3,
            auto_lock_days: None,
            homework_file_kib: 5120,
            work_types: vec![WorkTypeView {
                code: "oral".into(),
                name: "Устный ответ".into(),
                weight: 1.0,
                archived: false,
            }],
            scales: vec![SubjectScale {
                subject_id: Uuid::from_u128(1),
                grade: 4,
                scale: Scale::PassFail,
            }],
        }
    }

    fn codes(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn decimals_take_a_comma_or_a_point() {
        assert_eq!(parse_decimal("3,5"), Some(3.5));
        assert_eq!(parse_decimal(" 4.25 "), Some(4.25));
        assert_eq!(parse_decimal(""), None);
        assert_eq!(parse_decimal("три"), None);
        assert_eq!(show_decimal(2.5, true), "2,5");
        assert_eq!(show_decimal(2.0, true), "2");
        assert_eq!(show_decimal(1.25, false), "1.25");
    }

    #[test]
    fn the_general_form_reads_back_what_it_shows() {
        let form = GeneralForm::of(&settings(), true);
        assert_eq!(form.three, "2,5");
        assert_eq!(form.auto_lock_days, "");
        let input = form.input().unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(input.thresholds, Thresholds::default());
        assert_eq!(input.min_marks_per_period, 3);
        assert_eq!(input.auto_lock_days, None, "empty: never locked");
        assert_eq!(input.homework_file_kib, Some(5120));
        let mut form = form;
        form.four = "3,6".into();
        form.auto_lock_days = "10".into();
        let input = form.input().unwrap_or_else(|e| panic!("{e:?}"));
        assert!((input.thresholds.four - 3.6).abs() < 1e-9);
        assert_eq!(input.auto_lock_days, Some(10));
    }

    #[test]
    fn the_general_form_refuses_what_the_server_would() {
        let mut form = GeneralForm::of(&settings(), false);
        form.four = "4.6".into();
        assert_eq!(
            codes(&form.input().err().unwrap_or_default()),
            [("thresholds", "thresholds_not_rising")]
        );
        form.four = "четыре".into();
        form.min_marks = "21".into();
        form.auto_lock_days = "-1".into();
        form.file_kib = "8".into();
        assert_eq!(
            codes(&form.input().err().unwrap_or_default()),
            [
                ("thresholds.four", "number"),
                ("min_marks_per_period", "range"),
                ("auto_lock_days", "number"),
                ("homework_file_kib", "range"),
            ]
        );
    }

    #[test]
    fn work_types_need_a_name_and_a_weight_in_range() {
        let form = WorkTypeForm {
            name: "  Зачёт ".into(),
            weight: "1,5".into(),
            archived: false,
        };
        let input = form.input().unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(input.name, "Зачёт");
        assert!((input.weight - 1.5).abs() < 1e-9);
        assert_eq!(input.position, None);
        let bad = WorkTypeForm {
            name: " ".into(),
            weight: "11".into(),
            archived: false,
        };
        assert_eq!(
            codes(&bad.input().err().unwrap_or_default()),
            [("name", "required"), ("weight", "range")]
        );
    }

    #[test]
    fn codes_are_latin_and_unique() {
        assert_eq!(code_for("Зачёт по теории", &[]), "zachet_po_teorii");
        assert_eq!(code_for("Тест", &["test".into()]), "test_2");
        assert_eq!(
            code_for("Тест", &["test".into(), "test_2".into()]),
            "test_3"
        );
        assert_eq!(code_for("!!!", &[]), "work");
        let long = code_for(&"щ".repeat(40), &[]);
        assert!(long.len() <= 32, "{long}");
        assert!(long
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
    }

    #[test]
    fn moving_a_work_type_renumbers_the_ones_between() {
        let list: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        assert_eq!(
            moved_positions(&list, 2, 1),
            [("c".to_owned(), 2), ("b".to_owned(), 3)]
        );
        assert_eq!(
            moved_positions(&list, 0, 3),
            [
                ("b".to_owned(), 1),
                ("c".to_owned(), 2),
                ("d".to_owned(), 3),
                ("a".to_owned(), 4)
            ]
        );
        assert!(moved_positions(&list, 0, 0).is_empty());
        assert!(moved_positions(&list, 3, 4).is_empty());
    }

    #[test]
    fn scales_default_by_grade_unless_set() {
        let s = settings();
        assert_eq!(scale_of(&s, Uuid::from_u128(1), 4), Scale::PassFail);
        assert_eq!(scale_of(&s, Uuid::from_u128(1), 5), Scale::FivePoint);
        assert_eq!(scale_of(&s, Uuid::from_u128(2), 1), Scale::NoMarks);
    }
}
