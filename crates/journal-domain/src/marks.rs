//! Mark scales, work types and their weights, the weighted average and the forecast of a period
//! mark (R-J2, R-F1, R-F6). The server and the SPA both compute averages with this module, so the
//! journal grid and the diary show exactly what the server stores and reports.

use serde::{Deserialize, Serialize};

/// How a subject is marked in a grade (R-J2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// Five-point marks 1–5.
    FivePoint,
    /// Зачёт / незачёт.
    PassFail,
    /// Усвоил / не усвоил (first grade).
    Mastery,
    /// Безотметочно: attendance and topics only.
    NoMarks,
}

/// The value of a final that says the student was not attested (Н/А, R-F1).
pub const NOT_ATTESTED: &str = "na";

/// The value of a final that says the student was exempted from the subject («осв.», e.g. physical
/// education on medical grounds): not a debt, and out of the achievement figures (R-R3).
pub const EXEMPT: &str = "exempt";

impl Scale {
    pub const ALL: [Scale; 4] = [
        Scale::FivePoint,
        Scale::PassFail,
        Scale::Mastery,
        Scale::NoMarks,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Scale::FivePoint => "five_point",
            Scale::PassFail => "pass_fail",
            Scale::Mastery => "mastery",
            Scale::NoMarks => "no_marks",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Scale::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The scale a subject has in `grade` unless the school sets another: the first grade is
    /// taught without marks (R-J2).
    pub fn default_for_grade(grade: u8) -> Self {
        if grade <= 1 {
            Scale::NoMarks
        } else {
            Scale::FivePoint
        }
    }

    /// The values a mark on this scale takes, best first.
    pub fn values(self) -> &'static [&'static str] {
        match self {
            Scale::FivePoint => &["5", "4", "3", "2", "1"],
            Scale::PassFail => &["pass", "fail"],
            Scale::Mastery => &["mastered", "not_mastered"],
            Scale::NoMarks => &[],
        }
    }

    /// Whether `value` is a mark of this scale (R-J2).
    pub fn accepts(self, value: &str) -> bool {
        self.values().contains(&value)
    }

    /// Whether `value` may be a final on this scale: a mark of the scale, Н/А (R-F1) or «осв.»
    /// ([`EXEMPT`]). A subject taught without marks has no finals.
    pub fn accepts_final(self, value: &str) -> bool {
        self != Scale::NoMarks && (self.accepts(value) || value == NOT_ATTESTED || value == EXEMPT)
    }

    /// The number of a five-point mark; other scales have none.
    pub fn points(self, value: &str) -> Option<u8> {
        match self {
            Scale::FivePoint if self.accepts(value) => value.parse().ok(),
            _ => None,
        }
    }

    /// A failing mark or final: 1 or 2, незачёт, не усвоил, Н/А.
    pub fn is_failing(self, value: &str) -> bool {
        match self {
            Scale::FivePoint => matches!(value, "1" | "2" | NOT_ATTESTED),
            Scale::PassFail => matches!(value, "fail" | NOT_ATTESTED),
            Scale::Mastery => matches!(value, "not_mastered" | NOT_ATTESTED),
            Scale::NoMarks => false,
        }
    }
}

/// A final that is an academic debt: failing (2, незачёт, Н/А…) or deferred. After the lock it is
/// liquidated by a new dated final; other finals stay as they are (R-F3, R-F4).
pub fn is_debt(scale: Scale, value: Option<&str>, deferred: bool) -> bool {
    deferred || value.is_some_and(|v| scale.is_failing(v))
}

/// [`is_debt`] for a final whose scale is not at hand (a summary sheet of every subject): the
/// failing values of the scales do not overlap, so a value failing on any scale is a debt.
pub fn is_debt_on_any_scale(value: Option<&str>, deferred: bool) -> bool {
    deferred || value.is_some_and(|v| Scale::ALL.into_iter().any(|s| s.is_failing(v)))
}

/// A kind of work a mark is given for, with its weight in the average (R-J2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkType {
    pub code: String,
    pub name: String,
    /// The weight in tenths: 10 is a weight of 1.0.
    pub weight_tenths: u16,
}

/// The lightest and heaviest weight a work type may have, in tenths.
pub const WEIGHT_TENTHS: std::ops::RangeInclusive<u16> = 1..=100;

impl WorkType {
    pub fn weight(&self) -> f64 {
        f64::from(self.weight_tenths) / 10.0
    }
}

/// The work types a new school starts with: code, Russian name, weight in tenths.
pub const DEFAULT_WORK_TYPES: [(&str, &str, u16); 10] = [
    ("oral", "Устный ответ", 10),
    ("independent", "Самостоятельная работа", 15),
    ("control", "Контрольная работа", 20),
    ("written", "Письменная работа, сочинение", 15),
    ("dictation", "Диктант", 15),
    ("test", "Тест", 10),
    ("lab", "Лабораторная работа", 15),
    ("practical", "Практическая работа", 15),
    ("homework", "Домашняя работа", 10),
    ("project", "Проект", 15),
];

/// The work type of a control work: its marks are due within three days (R-J5).
pub const CONTROL_WORK: &str = "control";

/// The weighted average of five-point marks given as (points, weight): Σ wᵢ·mᵢ / Σ wᵢ, or `None`
/// without marks (R-F6). Marks of zero weight count for nothing.
pub fn weighted_average(marks: &[(u8, f64)]) -> Option<f64> {
    let (sum, weights) = marks
        .iter()
        .filter(|(_, w)| *w > 0.0)
        .fold((0.0, 0.0), |(s, ws), (m, w)| {
            (s + f64::from(*m) * w, ws + w)
        });
    (weights > 0.0).then(|| sum / weights)
}

/// Where an average turns into the next mark: an average of at least `three` gives 3, of at least
/// `four` gives 4, of at least `five` gives 5; below `three` it is 2 (R-F6).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Thresholds {
    pub three: f64,
    pub four: f64,
    pub five: f64,
}

impl Default for Thresholds {
    /// The usual 2.5 / 3.5 / 4.5.
    fn default() -> Self {
        Self {
            three: 2.5,
            four: 3.5,
            five: 4.5,
        }
    }
}

/// Thresholds that do not rise from 2 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("rounding thresholds must rise: 2 < three < four < five ≤ 5")]
pub struct ThresholdsProblem;

impl Thresholds {
    pub fn check(&self) -> Result<(), ThresholdsProblem> {
        let rising = 2.0 < self.three && self.three < self.four && self.four < self.five;
        if rising && self.five <= 5.0 {
            Ok(())
        } else {
            Err(ThresholdsProblem)
        }
    }

    /// The mark an average rounds to.
    pub fn round(&self, average: f64) -> u8 {
        // A small tolerance so that 3.4999999 computed from 3.5-worthy marks still gives 4.
        let at_least = |t: f64| average + 1e-9 >= t;
        if at_least(self.five) {
            5
        } else if at_least(self.four) {
            4
        } else if at_least(self.three) {
            3
        } else {
            2
        }
    }
}

/// Why a student needs attention before the period ends (R-F6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    /// Fewer marks than the school's minimum for a period mark.
    TooFewMarks,
    /// The forecast is a failing mark.
    Failing,
}

/// The forecast of a student's period mark in one subject (R-F6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Forecast {
    /// The weighted average of five-point marks, if there are any.
    pub average: Option<f64>,
    /// How many marks there are (on any scale).
    pub marks: usize,
    /// The period mark the average rounds to (five-point scale only).
    pub mark: Option<u8>,
    pub risks: Vec<Risk>,
}

/// Forecast the period mark from a student's current marks on `scale`, given as (value, weight):
/// the weighted average rounded by `thresholds`, flagged when there are fewer than `min_marks`
/// marks or the forecast fails (R-F6). Pass/fail and mastery forecast from the latest marks: a
/// student whose last mark fails is at risk.
pub fn forecast(
    scale: Scale,
    marks: &[(&str, f64)],
    thresholds: &Thresholds,
    min_marks: usize,
) -> Forecast {
    let points: Vec<(u8, f64)> = marks
        .iter()
        .filter_map(|(v, w)| scale.points(v).map(|p| (p, *w)))
        .collect();
    let average = weighted_average(&points);
    let mark = average.map(|a| thresholds.round(a));
    let counted = marks.iter().filter(|(v, _)| scale.accepts(v)).count();
    let mut risks = Vec::new();
    if scale != Scale::NoMarks && counted < min_marks {
        risks.push(Risk::TooFewMarks);
    }
    let failing = match scale {
        Scale::FivePoint => mark.is_some_and(|m| m <= 2),
        Scale::PassFail | Scale::Mastery => marks
            .iter()
            .rev()
            .find(|(v, _)| scale.accepts(v))
            .is_some_and(|(v, _)| scale.is_failing(v)),
        Scale::NoMarks => false,
    };
    if failing {
        risks.push(Risk::Failing);
    }
    Forecast {
        average,
        marks: counted,
        mark,
        risks,
    }
}

/// An average as the journal shows it: two decimals, a decimal comma in Russian.
pub fn format_average(average: f64, decimal_comma: bool) -> String {
    let text = format!("{average:.2}");
    if decimal_comma {
        text.replace('.', ",")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn marks_are_checked_against_the_scale() {
        assert!(Scale::FivePoint.accepts("5") && !Scale::FivePoint.accepts("6"));
        assert!(!Scale::FivePoint.accepts("0") && !Scale::FivePoint.accepts("pass"));
        assert!(Scale::PassFail.accepts("pass") && !Scale::PassFail.accepts("4"));
        assert!(Scale::Mastery.accepts("not_mastered"));
        assert!(!Scale::NoMarks.accepts("5"), "no marks at all");
        assert!(
            !Scale::FivePoint.accepts(NOT_ATTESTED),
            "Н/А is a final only"
        );
        assert!(Scale::FivePoint.accepts_final(NOT_ATTESTED));
        assert!(!Scale::NoMarks.accepts_final(NOT_ATTESTED));
        assert!(Scale::FivePoint.accepts_final(EXEMPT) && !Scale::FivePoint.accepts(EXEMPT));
        assert!(
            !is_debt(Scale::FivePoint, Some(EXEMPT), false),
            "an exemption is no debt"
        );
        assert!(is_debt(Scale::FivePoint, Some("2"), false));
        assert!(is_debt(Scale::FivePoint, Some(NOT_ATTESTED), false));
        assert!(is_debt(Scale::FivePoint, None, true), "deferred");
        assert!(!is_debt(Scale::FivePoint, Some("3"), false));
        assert_eq!(Scale::default_for_grade(1), Scale::NoMarks);
        assert_eq!(Scale::default_for_grade(2), Scale::FivePoint);
        for s in Scale::ALL {
            assert_eq!(Scale::parse(s.code()), Some(s));
        }
    }

    #[test]
    fn the_weighted_average_matches_a_hand_computed_example() {
        // 5 for a control work (2.0), 4 oral (1.0), 3 independent (1.5):
        // (10 + 4 + 4.5) / 4.5 = 4.111…
        let avg = weighted_average(&[(5, 2.0), (4, 1.0), (3, 1.5)]).unwrap();
        assert!((avg - 18.5 / 4.5).abs() < 1e-12);
        assert_eq!(format_average(avg, true), "4,11");
        assert_eq!(format_average(avg, false), "4.11");
        assert_eq!(weighted_average(&[]), None);
        assert_eq!(weighted_average(&[(5, 0.0)]), None);
    }

    #[test]
    fn the_forecast_rounds_by_the_thresholds_and_flags_risks() {
        let t = Thresholds::default();
        // 4, 5, 4, 5 → 4.5 → 5.
        let f = forecast(
            Scale::FivePoint,
            &[("4", 1.0), ("5", 1.0), ("4", 1.0), ("5", 1.0)],
            &t,
            3,
        );
        assert_eq!((f.mark, f.risks.clone()), (Some(5), vec![]));
        // 3 and 2 → 2.5 → 3, but only two marks.
        let f = forecast(Scale::FivePoint, &[("3", 1.0), ("2", 1.0)], &t, 3);
        assert_eq!((f.mark, f.risks), (Some(3), vec![Risk::TooFewMarks]));
        // 2 for a control work (2.0) and 3 oral: 7/3 = 2.33 → 2, failing.
        let f = forecast(
            Scale::FivePoint,
            &[("2", 2.0), ("3", 1.0), ("3", 0.0)],
            &t,
            2,
        );
        assert_eq!((f.mark, f.risks), (Some(2), vec![Risk::Failing]));
        // A stricter school: 4 needs 3.6.
        let strict = Thresholds {
            three: 2.6,
            four: 3.6,
            five: 4.6,
        };
        assert_eq!(t.round(3.5), 4);
        assert_eq!(strict.round(3.5), 3);
        // Pass/fail: the last mark decides.
        let f = forecast(Scale::PassFail, &[("pass", 1.0), ("fail", 1.0)], &t, 1);
        assert_eq!((f.mark, f.risks), (None, vec![Risk::Failing]));
        let f = forecast(Scale::NoMarks, &[], &t, 3);
        assert!(f.risks.is_empty());
    }

    #[test]
    fn thresholds_must_rise() {
        assert!(Thresholds::default().check().is_ok());
        for bad in [
            (3.5, 2.5, 4.5),
            (2.0, 3.5, 4.5),
            (2.5, 3.5, 5.5),
            (3.0, 3.0, 4.0),
        ] {
            let t = Thresholds {
                three: bad.0,
                four: bad.1,
                five: bad.2,
            };
            assert_eq!(t.check(), Err(ThresholdsProblem), "{bad:?}");
        }
    }

    fn marks() -> impl Strategy<Value = Vec<(u8, f64)>> {
        prop::collection::vec((1u8..=5, 1u16..=100), 1..40).prop_map(|v| {
            v.into_iter()
                .map(|(m, w)| (m, f64::from(w) / 10.0))
                .collect()
        })
    }

    fn thresholds() -> impl Strategy<Value = Thresholds> {
        (201u16..=300, 1u16..=100, 1u16..=100)
            .prop_map(|(a, b, c)| {
                let three = f64::from(a) / 100.0;
                let four = three + f64::from(b) / 100.0;
                let five = (four + f64::from(c) / 100.0).min(5.0);
                Thresholds { three, four, five }
            })
            .prop_filter("rising", |t| t.check().is_ok())
    }

    proptest! {
        #[test]
        fn the_average_lies_between_the_lowest_and_highest_mark(m in marks()) {
            let avg = weighted_average(&m).unwrap();
            let lo = m.iter().map(|x| x.0).min().unwrap();
            let hi = m.iter().map(|x| x.0).max().unwrap();
            prop_assert!(f64::from(lo) - 1e-9 <= avg && avg <= f64::from(hi) + 1e-9);
        }

        #[test]
        fn a_heavier_weight_pulls_the_average_towards_its_mark(
            m in marks(), extra in 1u8..=5, w in 1u16..=50
        ) {
            let mut light = m.clone();
            light.push((extra, 1.0));
            let mut heavy = m;
            heavy.push((extra, 1.0 + f64::from(w) / 10.0));
            let (l, h) = (weighted_average(&light).unwrap(), weighted_average(&heavy).unwrap());
            // The heavier the mark, the closer the average comes to it.
            prop_assert!((f64::from(extra) - h).abs() <= (f64::from(extra) - l).abs() + 1e-9);
        }

        #[test]
        fn scaling_all_weights_changes_nothing(m in marks(), k in 1u16..=30) {
            let scaled: Vec<(u8, f64)> = m.iter().map(|(v, w)| (*v, w * f64::from(k))).collect();
            let (a, b) = (weighted_average(&m).unwrap(), weighted_average(&scaled).unwrap());
            prop_assert!((a - b).abs() < 1e-9);
        }

        #[test]
        fn rounding_is_monotone_and_within_the_scale(t in thresholds(), a in 100u16..=500, b in 100u16..=500) {
            let (x, y) = (f64::from(a.min(b)) / 100.0, f64::from(a.max(b)) / 100.0);
            prop_assert!(t.round(x) <= t.round(y));
            prop_assert!((2..=5).contains(&t.round(x)));
        }

        #[test]
        fn all_equal_marks_forecast_that_mark(mark in 2u8..=5, n in 1usize..20) {
            let value = mark.to_string();
            let m: Vec<(&str, f64)> = (0..n).map(|_| (value.as_str(), 1.0)).collect();
            let f = forecast(Scale::FivePoint, &m, &Thresholds::default(), 3);
            prop_assert_eq!(f.mark, Some(mark));
        }
    }
}
