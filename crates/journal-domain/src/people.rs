//! Students, guardians and student movement (R-B5): the status of a student, the relation of a
//! guardian to a child, class names ("7А"), and the rules of admission, transfer and withdrawal.
//!
//! A student's `status` is stored on the student (kept in step with the movement history in the same
//! write transaction) rather than derived from the history on every read: lists filter and count by
//! it, and students loaded by the foundation (the demo seed) have no history at all.

use crate::ClassId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Whether a student is on the school's roll (R-B5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum StudentStatus {
    /// Admitted and not withdrawn: belongs to a class.
    Active,
    /// Withdrawn (отчислен / выбыл): no current class; the history is kept.
    Withdrawn,
}

impl StudentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StudentStatus::Active => "active",
            StudentStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(StudentStatus::Active),
            "withdrawn" => Some(StudentStatus::Withdrawn),
            _ => None,
        }
    }
}

/// A dated event of a student's movement (R-B5, [s001 3.8.3]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MovementKind {
    /// Зачисление: into a class.
    Admission,
    /// Перевод: from one class of the school to another.
    Transfer,
    /// Выбытие / отчисление: leaves the school, with a reason.
    Withdrawal,
}

impl MovementKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MovementKind::Admission => "admission",
            MovementKind::Transfer => "transfer",
            MovementKind::Withdrawal => "withdrawal",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "admission" => Some(MovementKind::Admission),
            "transfer" => Some(MovementKind::Transfer),
            "withdrawal" => Some(MovementKind::Withdrawal),
            _ => None,
        }
    }
}

/// Who a guardian is to a child (R-B5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Relation {
    Mother,
    Father,
    /// A legal guardian or another legal representative (опекун, попечитель, законный представитель).
    Guardian,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Mother => "mother",
            Relation::Father => "father",
            Relation::Guardian => "guardian",
        }
    }

    /// The word a Russian school list uses.
    pub fn ru(self) -> &'static str {
        match self {
            Relation::Mother => "мать",
            Relation::Father => "отец",
            Relation::Guardian => "опекун",
        }
    }

    /// The stored code (`mother`, `father`, `guardian`).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "mother" => Some(Relation::Mother),
            "father" => Some(Relation::Father),
            "guardian" => Some(Relation::Guardian),
            _ => None,
        }
    }

    /// A code or a Russian word from a file: `мать`, `мама`, `отец`, `папа`, `опекун`,
    /// `попечитель`, `законный представитель`, `другое`, `other`, any case.
    pub fn parse_any(s: &str) -> Option<Self> {
        let s = fold(s);
        match s.as_str() {
            "mother" | "мать" | "мама" => Some(Relation::Mother),
            "father" | "отец" | "папа" => Some(Relation::Father),
            "guardian"
            | "other"
            | "опекун"
            | "попечитель"
            | "законный представитель"
            | "представитель"
            | "другое"
            | "иное" => Some(Relation::Guardian),
            _ => None,
        }
    }
}

/// A class name as people write it: grade 1–11 and a letter, "7А" (R-B3).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClassName {
    pub grade: i32,
    pub letter: String,
}

impl ClassName {
    /// "7А", "7 а", "7-А", "11«Б»" → grade and upper-case letter (one to three letters).
    pub fn parse(s: &str) -> Option<Self> {
        let cleaned: String = s
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '«' | '»' | '"' | '\''))
            .collect();
        let digits: String = cleaned.chars().take_while(char::is_ascii_digit).collect();
        let letter: String = cleaned[digits.len()..].to_uppercase();
        let grade: i32 = digits.parse().ok()?;
        let letters = letter.chars().count();
        if !(1..=11).contains(&grade)
            || !(1..=3).contains(&letters)
            || !letter.chars().all(char::is_alphabetic)
        {
            return None;
        }
        Some(Self { grade, letter })
    }
}

impl fmt::Display for ClassName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.grade, self.letter)
    }
}

/// Text folded for matching names: trimmed, lower-case, Ё read as Е (lists write both), inner
/// spaces collapsed. Used for search (`q`) and for recognising the same person twice in imports.
pub fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

/// A phone number reduced to its digits, a Russian 11-digit `8…` written as `7…`, so that
/// "8 (912) 345-67-89" and "+7 912 345 67 89" are the same number.
pub fn phone_digits(s: &str) -> String {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix('8') {
        Some(rest) if digits.len() == 11 => format!("7{rest}"),
        _ => digits,
    }
}

/// A phone number people can dial: 5–15 digits, written with digits, spaces, `+ ( ) -` only.
pub fn phone_is_valid(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (5..=15).contains(&digits)
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '(' | ')' | '-'))
}

/// An e-mail address good enough to send the diary digest to: `local@domain.tld`, no spaces.
pub fn email_is_valid(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !s.chars().any(char::is_whitespace)
                && s.len() <= 254
        }
        None => false,
    }
}

/// Where a student stands now: what a movement is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub class: Option<ClassId>,
    pub status: StudentStatus,
    pub birth_date: NaiveDate,
    /// The date of the latest recorded movement, if any.
    pub last_movement: Option<NaiveDate>,
}

/// A movement asked for an existing student.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    Transfer { to: ClassId },
    Withdraw,
}

/// Why a movement is refused (R-B5: movement is dated and its history only goes forward).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MovementRefused {
    /// The date is earlier than the latest movement already recorded (e.g. a transfer dated before
    /// the admission).
    #[error("the date {on} is before the student's latest movement on {last}")]
    DateBeforeLastMovement { on: NaiveDate, last: NaiveDate },
    /// The date is before the student was born.
    #[error("the date {on} is before the student's birth date {birth}")]
    DateBeforeBirth { on: NaiveDate, birth: NaiveDate },
    /// The student was withdrawn: no transfer or second withdrawal.
    #[error("the student has been withdrawn")]
    Withdrawn,
    /// A transfer into the class the student is already in.
    #[error("the student is already in that class")]
    SameClass,
}

impl MovementRefused {
    /// The stable problem code.
    pub fn code(&self) -> &'static str {
        match self {
            MovementRefused::DateBeforeLastMovement { .. } => "movement_date_before_previous",
            MovementRefused::DateBeforeBirth { .. } => "date_before_birth",
            MovementRefused::Withdrawn => "student_withdrawn",
            MovementRefused::SameClass => "same_class",
        }
    }
}

/// One dated movement of a student as the roster replays it: on `on` the student moved from one
/// class (none: admitted) to another (none: withdrawn).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moved<'a> {
    pub on: NaiveDate,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
}

/// The class a student was in on `date` (R-B5: movement is dated; the reports take their rosters
/// from here, R-R3). On a movement's date the student is already where it moved them: a student
/// withdrawn on a period's last day is not on its roster that day. Before the first movement the
/// student was where it moved them from; with no movements, in `current`. `moves` in date order.
pub fn class_on<'a>(
    current: Option<&'a str>,
    moves: &[Moved<'a>],
    date: NaiveDate,
) -> Option<&'a str> {
    match moves.iter().rev().find(|m| m.on <= date) {
        Some(m) => m.to,
        None => moves.first().map_or(current, |m| m.from),
    }
}

/// Admission of a new student into a class on `on` (R-B5, R-A8).
pub fn admit(birth_date: NaiveDate, on: NaiveDate) -> Result<(), MovementRefused> {
    if on < birth_date {
        return Err(MovementRefused::DateBeforeBirth {
            on,
            birth: birth_date,
        });
    }
    Ok(())
}

/// Apply a transfer or a withdrawal dated `on` to a student; the answer is where the student
/// stands afterwards. Dates never go backwards: a movement dated before the latest recorded one is
/// refused (the same day is allowed).
pub fn apply(current: &Placement, mv: &Move, on: NaiveDate) -> Result<Placement, MovementRefused> {
    if current.status == StudentStatus::Withdrawn {
        return Err(MovementRefused::Withdrawn);
    }
    if on < current.birth_date {
        return Err(MovementRefused::DateBeforeBirth {
            on,
            birth: current.birth_date,
        });
    }
    if let Some(last) = current.last_movement {
        if on < last {
            return Err(MovementRefused::DateBeforeLastMovement { on, last });
        }
    }
    let mut next = current.clone();
    next.last_movement = Some(on);
    match mv {
        Move::Transfer { to } => {
            if current.class == Some(*to) {
                return Err(MovementRefused::SameClass);
            }
            next.class = Some(*to);
        }
        Move::Withdraw => {
            next.class = None;
            next.status = StudentStatus::Withdrawn;
        }
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn placed(last: Option<NaiveDate>) -> Placement {
        Placement {
            class: Some(ClassId::new()),
            status: StudentStatus::Active,
            birth_date: d(2012, 5, 4),
            last_movement: last,
        }
    }

    #[test]
    fn a_transfer_cannot_be_dated_before_the_admission() {
        let p = placed(Some(d(2025, 9, 1)));
        let to = ClassId::new();
        let refused = apply(&p, &Move::Transfer { to }, d(2025, 8, 31));
        assert_eq!(
            refused.as_ref().map_err(MovementRefused::code),
            Err("movement_date_before_previous")
        );
        let same_day = apply(&p, &Move::Transfer { to }, d(2025, 9, 1)).map(|n| n.class);
        assert_eq!(same_day, Ok(Some(to)));
    }

    #[test]
    fn withdrawal_ends_the_class_and_blocks_further_moves() {
        let p = placed(None);
        let gone = apply(&p, &Move::Withdraw, d(2026, 1, 15)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (gone.class, gone.status, gone.last_movement),
            (None, StudentStatus::Withdrawn, Some(d(2026, 1, 15)))
        );
        assert_eq!(
            apply(&gone, &Move::Withdraw, d(2026, 2, 1)),
            Err(MovementRefused::Withdrawn)
        );
        let to = ClassId::new();
        assert_eq!(
            apply(&gone, &Move::Transfer { to }, d(2026, 2, 1)),
            Err(MovementRefused::Withdrawn)
        );
    }

    #[test]
    fn no_transfer_into_the_same_class_and_no_date_before_birth() {
        let p = placed(None);
        let same = p.class.unwrap_or_default();
        assert_eq!(
            apply(&p, &Move::Transfer { to: same }, d(2026, 1, 1)),
            Err(MovementRefused::SameClass)
        );
        assert_eq!(
            admit(d(2012, 5, 4), d(2012, 5, 3)).map_err(|e| e.code()),
            Err("date_before_birth")
        );
        assert_eq!(admit(d(2012, 5, 4), d(2019, 9, 1)), Ok(()));
    }

    #[test]
    fn class_names_are_read_as_people_write_them() {
        for text in ["7А", "7а", "7 А", "7-а", " 7«А» "] {
            assert_eq!(
                ClassName::parse(text).map(|c| c.to_string()),
                Some("7А".to_owned()),
                "{text}"
            );
        }
        assert_eq!(
            ClassName::parse("11Б").map(|c| (c.grade, c.letter)),
            Some((11, "Б".to_owned()))
        );
        for bad in ["", "А", "12А", "0А", "7", "7А1", "7ABCD"] {
            assert_eq!(ClassName::parse(bad), None, "{bad}");
        }
    }

    /// Admitted to 7А on 09-01, transferred to 7Б on 11-10, withdrawn on 12-27.
    #[test]
    fn the_class_on_a_date_replays_the_movements() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let moves = [
            Moved {
                on: d(9, 1),
                from: None,
                to: Some("7А"),
            },
            Moved {
                on: d(11, 10),
                from: Some("7А"),
                to: Some("7Б"),
            },
            Moved {
                on: d(12, 27),
                from: Some("7Б"),
                to: None,
            },
        ];
        assert_eq!(class_on(None, &moves, d(8, 31)), None, "not yet admitted");
        assert_eq!(class_on(None, &moves, d(11, 9)), Some("7А"));
        assert_eq!(class_on(None, &moves, d(11, 10)), Some("7Б"));
        assert_eq!(class_on(None, &moves, d(12, 26)), Some("7Б"));
        assert_eq!(
            class_on(None, &moves, d(12, 27)),
            None,
            "withdrawn that day"
        );
        assert_eq!(class_on(Some("5В"), &[], d(12, 27)), Some("5В"));
        // A student whose only record is a transfer was in its source class before it.
        assert_eq!(class_on(Some("7Б"), &moves[1..2], d(10, 1)), Some("7А"));
    }

    #[test]
    fn names_fold_yo_and_case_and_phones_fold_to_digits() {
        assert_eq!(fold("  Ёлкина   Алёна "), "елкина алена");
        assert_eq!(phone_digits("8 (912) 345-67-89"), "79123456789");
        assert_eq!(phone_digits("+7 912 345 67 89"), "79123456789");
        assert!(phone_is_valid("+7 (912) 345-67-89"));
        assert!(!phone_is_valid("call me"));
        assert!(email_is_valid("mama@example.ru"));
        assert!(!email_is_valid("mama@ example.ru"));
        assert!(!email_is_valid("mama.example.ru"));
    }

    #[test]
    fn relations_are_read_in_russian_and_english() {
        assert_eq!(Relation::parse_any("Мать"), Some(Relation::Mother));
        assert_eq!(Relation::parse_any("ОТЕЦ"), Some(Relation::Father));
        assert_eq!(
            Relation::parse_any("законный  представитель"),
            Some(Relation::Guardian)
        );
        assert_eq!(Relation::parse_any("other"), Some(Relation::Guardian));
        assert_eq!(Relation::parse_any("сосед"), None);
        for r in [Relation::Mother, Relation::Father, Relation::Guardian] {
            assert_eq!(Relation::parse(r.as_str()), Some(r));
            assert_eq!(Relation::parse_any(r.ru()), Some(r));
        }
    }
}
