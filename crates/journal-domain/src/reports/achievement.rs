//! Achievement (R-R3, [s002 2.14]): how a class, a subject, a teacher's pages or a control work
//! (R-R9) came out, from finals (or, for a control work, its marks).
//!
//! # Counting rules
//!
//! * **Who is counted.** A student is counted for a period when they are on the class (or group)
//!   roster on the period's last day ([`crate::people::class_on`]): a student who left before the
//!   period ended is out (their finals, if any, stay in the journal, not in the figures); a student
//!   who came mid-period is in.
//! * **Subjects taught without marks** (безотметочно, R-J2) have no finals and are not counted at
//!   all. A student **exempted** from a subject (final «осв.») is out of that subject's figures.
//! * **Н/А stays in**: a student not attested counts in every denominator and as failing.
//! * **No final yet** (the period is still open): not in the denominators, counted apart as
//!   `missing` so the gap is visible.
//! * **«Успеваемость»** = students whose final is 3, 4, 5 or «зачёт» ÷ students counted.
//! * **«Качество»** = students with 4 or 5 ÷ students with a five-point final or Н/А (a pass/fail
//!   subject has no quality).
//! * **СОУ** (степень обученности) = (100·n₅ + 64·n₄ + 36·n₃ + 16·n₂ + 7·n_НА) ÷ the same
//!   five-point denominator, in per cent; a 1 counts as a 2.
//! * **Average** = the mean of five-point finals; Н/А is not a number and is left out.
//!
//! Per student over all their subjects ([`Standing`]): «отличник» has only 5 (and «зачёт»),
//! «хорошист» only 4 and 5 with at least one 4, «с одной 3» exactly one 3 and otherwise 4 and 5,
//! «с одной 4» exactly one 4 and otherwise 5 (also a хорошист, the reserve of the отличники), and
//! a failing student has a 2, a 1, «незачёт» or Н/А in any subject. A class's «успеваемость» is
//! students without a failing final ÷ students counted, its «качество» отличники and хорошисты
//! ÷ students counted.

use super::{percent, two_decimals};
use crate::marks::{Scale, EXEMPT, NOT_ATTESTED};
use serde::{Deserialize, Serialize};

/// A final (or a control work's mark) as achievement counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    /// A five-point mark 1–5.
    Points(u8),
    /// «Зачёт» (or «усвоил»).
    Pass,
    /// «Незачёт» (or «не усвоил»).
    Fail,
    /// Н/А: not attested.
    NotAttested,
    /// «Осв.»: exempted from the subject; not counted.
    Exempt,
}

impl Outcome {
    /// The outcome of a stored final or mark `value` on `scale`; `None` for a subject without marks
    /// or a value the scale does not know (neither is counted).
    pub fn of(scale: Scale, value: &str) -> Option<Outcome> {
        if scale == Scale::NoMarks {
            return None;
        }
        match value {
            NOT_ATTESTED => Some(Outcome::NotAttested),
            EXEMPT => Some(Outcome::Exempt),
            "pass" | "mastered" => Some(Outcome::Pass),
            "fail" | "not_mastered" => Some(Outcome::Fail),
            v => scale.points(v).map(Outcome::Points),
        }
    }

    /// Whether this outcome passes: 3, 4, 5 or «зачёт».
    pub fn passes(self) -> bool {
        matches!(self, Outcome::Points(3..=5) | Outcome::Pass)
    }

    /// Whether this outcome fails: 1, 2, «незачёт» or Н/А.
    pub fn fails(self) -> bool {
        matches!(
            self,
            Outcome::Points(0..=2) | Outcome::Fail | Outcome::NotAttested
        )
    }
}

/// What a student's marks for one control work count as (R-R9): the best of them when they have
/// several (a rewrite), `None` when none is a mark of the scale.
pub fn best_of<'a>(scale: Scale, values: impl IntoIterator<Item = &'a str>) -> Option<Outcome> {
    values
        .into_iter()
        .filter_map(|v| Outcome::of(scale, v))
        .max_by_key(|o| match o {
            Outcome::Points(p) => u16::from(*p),
            Outcome::Pass => 100,
            Outcome::Fail | Outcome::NotAttested | Outcome::Exempt => 0,
        })
}

/// The counts of one subject, page, class, teacher or control work: how many of each final, and
/// the figures computed from them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    pub fives: u32,
    pub fours: u32,
    pub threes: u32,
    /// 2 and 1.
    pub twos: u32,
    pub not_attested: u32,
    pub passes: u32,
    pub fails: u32,
    /// Exempted («осв.»): out of the figures.
    pub exempt: u32,
    /// On the roster with no final (or no mark) yet: out of the figures.
    pub missing: u32,
}

impl Tally {
    /// Count one student: their outcome, or `None` when they have none yet.
    pub fn count(&mut self, outcome: Option<Outcome>) {
        match outcome {
            None => self.missing += 1,
            Some(Outcome::Points(5..)) => self.fives += 1,
            Some(Outcome::Points(4)) => self.fours += 1,
            Some(Outcome::Points(3)) => self.threes += 1,
            Some(Outcome::Points(_)) => self.twos += 1,
            Some(Outcome::NotAttested) => self.not_attested += 1,
            Some(Outcome::Pass) => self.passes += 1,
            Some(Outcome::Fail) => self.fails += 1,
            Some(Outcome::Exempt) => self.exempt += 1,
        }
    }

    /// The tally of these outcomes.
    pub fn of(outcomes: impl IntoIterator<Item = Option<Outcome>>) -> Tally {
        let mut t = Tally::default();
        for o in outcomes {
            t.count(o);
        }
        t
    }

    /// Add another tally (a teacher's pages, a parallel's classes).
    pub fn add(&mut self, other: &Tally) {
        self.fives += other.fives;
        self.fours += other.fours;
        self.threes += other.threes;
        self.twos += other.twos;
        self.not_attested += other.not_attested;
        self.passes += other.passes;
        self.fails += other.fails;
        self.exempt += other.exempt;
        self.missing += other.missing;
    }

    /// Students with a five-point final or Н/А: the denominator of quality and СОУ.
    pub fn graded(&self) -> u32 {
        self.fives + self.fours + self.threes + self.twos + self.not_attested
    }

    /// Students counted: the denominator of «успеваемость».
    pub fn counted(&self) -> u32 {
        self.graded() + self.passes + self.fails
    }

    /// «Успеваемость», per cent.
    pub fn success(&self) -> Option<f64> {
        percent(
            self.fives + self.fours + self.threes + self.passes,
            self.counted(),
        )
    }

    /// «Качество», per cent.
    pub fn quality(&self) -> Option<f64> {
        percent(self.fives + self.fours, self.graded())
    }

    /// СОУ, per cent, to one decimal.
    pub fn sou(&self) -> Option<f64> {
        let graded = self.graded();
        (graded > 0).then(|| {
            let points = 100 * self.fives
                + 64 * self.fours
                + 36 * self.threes
                + 16 * self.twos
                + 7 * self.not_attested;
            (f64::from(points) * 10.0 / f64::from(graded)).round() / 10.0
        })
    }

    /// The mean five-point final (Н/А left out), to two decimals.
    pub fn average(&self) -> Option<f64> {
        let n = self.fives + self.fours + self.threes + self.twos;
        (n > 0).then(|| {
            let sum = 5 * self.fives + 4 * self.fours + 3 * self.threes + 2 * self.twos;
            two_decimals(f64::from(sum) / f64::from(n))
        })
    }
}

/// Where a student stands over all their subjects of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// «Отличник»: only 5 (and «зачёт»).
    Excellent,
    /// «Хорошист»: 4 and 5, at least one 4.
    Good,
    /// Passing with a 3.
    Satisfactory,
    /// A 2, a 1, «незачёт» or Н/А.
    Failing,
    /// No counted final at all (all exempt, none yet): out of the class's figures.
    NotCounted,
}

/// A student's standing and the near misses the class teacher works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentStanding {
    pub standing: Standing,
    /// Exactly one 3, the rest 4 and 5: the index of that subject's outcome.
    pub single_three: Option<usize>,
    /// Exactly one 4, the rest 5: the index of that subject's outcome.
    pub single_four: Option<usize>,
}

/// The standing of a student from their outcomes in each subject (`None`: no final yet).
pub fn standing(outcomes: &[Option<Outcome>]) -> StudentStanding {
    let counted: Vec<(usize, Outcome)> = outcomes
        .iter()
        .enumerate()
        .filter_map(|(i, o)| o.filter(|o| *o != Outcome::Exempt).map(|o| (i, o)))
        .collect();
    let only = |v: Outcome| -> Option<usize> {
        let mut hits = counted.iter().filter(|(_, o)| *o == v);
        let first = hits.next()?;
        hits.next().is_none().then_some(first.0)
    };
    let min = counted
        .iter()
        .filter_map(|(_, o)| match o {
            Outcome::Points(p) => Some(*p),
            _ => None,
        })
        .min();
    let standing = if counted.is_empty() {
        Standing::NotCounted
    } else if counted.iter().any(|(_, o)| o.fails()) {
        Standing::Failing
    } else {
        match min {
            None | Some(5..) => Standing::Excellent,
            Some(4) => Standing::Good,
            Some(_) => Standing::Satisfactory,
        }
    };
    let single_three = (standing == Standing::Satisfactory && min == Some(3))
        .then(|| only(Outcome::Points(3)))
        .flatten();
    let single_four = (standing == Standing::Good)
        .then(|| only(Outcome::Points(4)))
        .flatten();
    StudentStanding {
        standing,
        single_three,
        single_four,
    }
}

/// The class's figures over students (not over finals).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Standings {
    /// Students with at least one counted final.
    pub students: u32,
    pub excellent: u32,
    pub good: u32,
    pub satisfactory: u32,
    pub failing: u32,
    pub single_three: u32,
    pub single_four: u32,
}

impl Standings {
    pub fn count(&mut self, s: &StudentStanding) {
        match s.standing {
            Standing::NotCounted => return,
            Standing::Excellent => self.excellent += 1,
            Standing::Good => self.good += 1,
            Standing::Satisfactory => self.satisfactory += 1,
            Standing::Failing => self.failing += 1,
        }
        self.students += 1;
        self.single_three += u32::from(s.single_three.is_some());
        self.single_four += u32::from(s.single_four.is_some());
    }

    /// Add another class's (or school's) students.
    pub fn add(&mut self, o: &Standings) {
        self.students += o.students;
        self.excellent += o.excellent;
        self.good += o.good;
        self.satisfactory += o.satisfactory;
        self.failing += o.failing;
        self.single_three += o.single_three;
        self.single_four += o.single_four;
    }

    /// «Успеваемость» of the class: students without a failing final.
    pub fn success(&self) -> Option<f64> {
        percent(self.students - self.failing, self.students)
    }

    /// «Качество» of the class: отличники and хорошисты.
    pub fn quality(&self) -> Option<f64> {
        percent(self.excellent + self.good, self.students)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::{class_on, Moved};
    use chrono::NaiveDate;
    use Outcome::*;

    fn five(v: &str) -> Option<Outcome> {
        Outcome::of(Scale::FivePoint, v)
    }

    /// A hand-built class of six in one subject, algebra, period ending 2026-12-27:
    ///   Аксенов 5, Белова 4, Волков 3, Глебова Н/А, Дёмин 4 (withdrawn on 2026-12-11, out),
    ///   Егорова осв. (exempt, out), Жуков — no final yet (missing, out).
    /// Counted: 5, 4, 3, Н/А → 4 students.
    ///   успеваемость = 3/4 = 75 %; качество = 2/4 = 50 %;
    ///   СОУ = (100 + 64 + 36 + 7)/4 = 207/4 = 51.75 → 51.8 %;
    ///   average = (5 + 4 + 3)/3 = 4.00.
    #[test]
    fn a_subject_with_an_na_a_leaver_an_exemption_and_a_missing_final() {
        let ends = NaiveDate::from_ymd_opt(2026, 12, 27).unwrap();
        let class = [
            ("Аксенов", None, five("5")),
            ("Белова", None, five("4")),
            ("Волков", None, five("3")),
            ("Глебова", None, five("na")),
            // Withdrawn on 12-11: their last day in the class was 12-10.
            ("Дёмин", NaiveDate::from_ymd_opt(2026, 12, 11), five("4")),
            ("Егорова", None, five("exempt")),
            ("Жуков", None, None),
        ];
        let t = Tally::of(
            class
                .iter()
                .filter(|(_, left, _)| {
                    let moves: Vec<Moved> = left
                        .iter()
                        .map(|on| Moved {
                            on: *on,
                            from: Some("7А"),
                            to: None,
                        })
                        .collect();
                    class_on(Some("7А"), &moves, ends).is_some()
                })
                .map(|(_, _, o)| *o),
        );
        assert_eq!(
            (t.fives, t.fours, t.threes, t.twos, t.not_attested),
            (1, 1, 1, 0, 1)
        );
        assert_eq!((t.exempt, t.missing, t.counted()), (1, 1, 4));
        assert_eq!(t.success(), Some(75.0));
        assert_eq!(t.quality(), Some(50.0));
        assert_eq!(t.sou(), Some(51.8));
        assert_eq!(t.average(), Some(4.0));
    }

    /// Withdrawn the day after the period ends: still on its roster; on its last day: not.
    #[test]
    fn a_student_withdrawn_after_the_period_is_still_counted() {
        let ends = NaiveDate::from_ymd_opt(2026, 12, 27).unwrap();
        let gone = |on| {
            [Moved {
                on,
                from: Some("7А"),
                to: None,
            }]
        };
        assert_eq!(
            class_on(Some("7А"), &gone(ends.succ_opt().unwrap()), ends),
            Some("7А")
        );
        assert_eq!(class_on(Some("7А"), &gone(ends), ends), None);
    }

    /// A pass/fail subject of three: зачёт, зачёт, незачёт → успеваемость 2/3 = 66.7 %, no
    /// quality, no СОУ, no average.
    #[test]
    fn a_pass_fail_subject_has_success_but_no_quality() {
        let t = Tally::of(
            ["pass", "pass", "fail"]
                .into_iter()
                .map(|v| Outcome::of(Scale::PassFail, v)),
        );
        assert_eq!(t.success(), Some(66.7));
        assert_eq!((t.quality(), t.sou(), t.average()), (None, None, None));
    }

    /// A subject taught without marks is not counted at all.
    #[test]
    fn a_no_marks_subject_counts_nothing() {
        assert_eq!(Outcome::of(Scale::NoMarks, "5"), None);
        assert_eq!(Outcome::of(Scale::FivePoint, "7"), None);
    }

    /// Two pages of one teacher add up: (5, 5, 2) + (4, 3) → 5 students, успеваемость 4/5 = 80 %,
    /// качество 3/5 = 60 %, СОУ (200 + 16 + 64 + 36)/5 = 316/5 = 63.2 %, average 19/5 = 3.80.
    #[test]
    fn tallies_add_up_for_a_teacher() {
        let mut t = Tally::of(["5", "5", "2"].map(five));
        t.add(&Tally::of(["4", "3"].map(five)));
        assert_eq!(t.counted(), 5);
        assert_eq!(t.success(), Some(80.0));
        assert_eq!(t.quality(), Some(60.0));
        assert_eq!(t.sou(), Some(63.2));
        assert_eq!(t.average(), Some(3.8));
    }

    /// Students over their subjects (algebra, history, music, PE):
    ///   А: 5 5 зачёт осв.  → отличник
    ///   Б: 5 4 зачёт 5     → хорошист with a single 4 (in history, index 1)
    ///   В: 4 3 зачёт 4     → satisfactory with a single 3 (history)
    ///   Г: 3 3 зачёт 4     → satisfactory, no single 3
    ///   Д: 5 Н/А зачёт 5   → failing
    ///   Е: осв. only       → not counted
    /// Class: 5 students; успеваемость 4/5 = 80 %; качество (1 + 1)/5 = 40 %.
    #[test]
    fn standings_of_a_class() {
        let row = |v: [&str; 4]| -> Vec<Option<Outcome>> {
            v.iter()
                .enumerate()
                .map(|(i, v)| {
                    let scale = if i == 2 {
                        Scale::PassFail
                    } else {
                        Scale::FivePoint
                    };
                    Outcome::of(scale, v)
                })
                .collect()
        };
        let students = [
            row(["5", "5", "pass", "exempt"]),
            row(["5", "4", "pass", "5"]),
            row(["4", "3", "pass", "4"]),
            row(["3", "3", "pass", "4"]),
            row(["5", "na", "pass", "5"]),
            vec![Some(Exempt)],
        ];
        let s: Vec<StudentStanding> = students.iter().map(|o| standing(o)).collect();
        assert_eq!(s[0].standing, Standing::Excellent);
        assert_eq!((s[1].standing, s[1].single_four), (Standing::Good, Some(1)));
        assert_eq!(
            (s[2].standing, s[2].single_three),
            (Standing::Satisfactory, Some(1))
        );
        assert_eq!(
            (s[3].standing, s[3].single_three),
            (Standing::Satisfactory, None)
        );
        assert_eq!(s[4].standing, Standing::Failing);
        assert_eq!(s[5].standing, Standing::NotCounted);
        let mut class = Standings::default();
        for x in &s {
            class.count(x);
        }
        assert_eq!(class.students, 5);
        assert_eq!((class.single_three, class.single_four), (1, 1));
        assert_eq!(class.success(), Some(80.0));
        assert_eq!(class.quality(), Some(40.0));
        assert!(Points(2).fails() && Fail.fails() && !Pass.fails() && Points(3).passes());
    }

    /// A rewritten control work counts its best mark; a value off the scale counts nothing.
    #[test]
    fn a_rewrite_counts_the_best_mark() {
        assert_eq!(best_of(Scale::FivePoint, ["2", "4"]), Some(Points(4)));
        assert_eq!(best_of(Scale::PassFail, ["fail", "pass"]), Some(Pass));
        assert_eq!(best_of(Scale::FivePoint, ["7"]), None);
    }

    /// A control work (R-R9) written by 7А and 7Б: 7А 5 4 4 3 2 (one absent: missing),
    /// 7Б 5 5 3. 7А: успеваемость 4/5 = 80 %, качество 3/5 = 60 %, СОУ (100 + 128 + 36 + 16)/5 =
    /// 56 %; 7Б: 100 %, 66.7 %, (200 + 36)/3 = 78.7 %. Both: 8 wrote, 7/8 = 87.5 %, 5/8 = 62.5 %.
    #[test]
    fn a_control_work_compared_across_classes() {
        let a = Tally::of(
            ["5", "4", "4", "3", "2"]
                .map(five)
                .into_iter()
                .chain([None]),
        );
        let b = Tally::of(["5", "5", "3"].map(five));
        assert_eq!(
            (a.success(), a.quality(), a.sou(), a.missing),
            (Some(80.0), Some(60.0), Some(56.0), 1)
        );
        assert_eq!(
            (b.success(), b.quality(), b.sou()),
            (Some(100.0), Some(66.7), Some(78.7))
        );
        let mut both = a;
        both.add(&b);
        assert_eq!(
            (both.counted(), both.success(), both.quality()),
            (8, Some(87.5), Some(62.5))
        );
    }
}
