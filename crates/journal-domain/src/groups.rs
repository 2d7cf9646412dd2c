//! Groups (R-B3): a subgroup of one class (English group 1 and 2), a stream across classes of a year
//! (a profile elective of 10А and 10Б) and an individual-plan student (a group of one). Membership is
//! dated, so a lesson's list follows its date; groups of the same `division` are parallel: a student
//! is in at most one of them at a time, and their lessons may run at the same time (R-T1, see
//! [`crate::timetable::first_clash`]).

use crate::ClassId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What kind of group it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum GroupKind {
    /// Part of one class (подгруппа).
    Subgroup,
    /// Two or more classes of the same year taught together (поток).
    Stream,
    /// One student taught on an individual plan (индивидуальный учебный план).
    Individual,
}

impl GroupKind {
    pub fn as_str(self) -> &'static str {
        match self {
            GroupKind::Subgroup => "subgroup",
            GroupKind::Stream => "stream",
            GroupKind::Individual => "individual",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "subgroup" => Some(GroupKind::Subgroup),
            "stream" => Some(GroupKind::Stream),
            "individual" => Some(GroupKind::Individual),
            _ => None,
        }
    }
}

/// Why a group cannot be set up so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GroupProblem {
    /// A subgroup or an individual plan draws from exactly one class; a stream from two or more.
    #[error("a subgroup or an individual plan belongs to exactly one class, a stream to two or more different classes")]
    ClassCount,
    /// The classes of a group belong to the group's school year.
    #[error("the group's classes must belong to the group's school year")]
    OtherYear,
}

impl GroupProblem {
    pub fn code(self) -> &'static str {
        match self {
            GroupProblem::ClassCount => "group_classes",
            GroupProblem::OtherYear => "group_class_year",
        }
    }
}

/// Check the classes of a group of `kind`: their ids and the years they belong to, against the
/// group's year.
pub fn check_classes(
    kind: GroupKind,
    classes: &[(ClassId, Option<&str>)],
    year: &str,
) -> Result<(), GroupProblem> {
    let mut ids: Vec<ClassId> = classes.iter().map(|(c, _)| *c).collect();
    ids.sort_by_key(|c| c.0);
    ids.dedup();
    let count_ok = match kind {
        GroupKind::Subgroup | GroupKind::Individual => ids.len() == 1 && classes.len() == 1,
        GroupKind::Stream => ids.len() >= 2 && ids.len() == classes.len(),
    };
    if !count_ok {
        return Err(GroupProblem::ClassCount);
    }
    if classes.iter().any(|(_, y)| *y != Some(year)) {
        return Err(GroupProblem::OtherYear);
    }
    Ok(())
}

/// A division name as stored: spaces collapsed; blank is none.
pub fn clean_division(s: Option<&str>) -> Option<String> {
    s.map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|d| !d.is_empty())
}

/// The dates of a membership: from `from` to `to` inclusive; open-ended while `to` is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenure {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

impl Tenure {
    pub fn new(from: NaiveDate, to: Option<NaiveDate>) -> Self {
        Self { from, to }
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        self.from <= date && self.to.is_none_or(|t| date <= t)
    }

    pub fn overlaps(self, other: Tenure) -> bool {
        let before = |a: Tenure, b: Tenure| a.to.is_some_and(|t| t < b.from);
        !before(self, other) && !before(other, self)
    }

    pub fn is_valid(self) -> bool {
        self.to.is_none_or(|t| t >= self.from)
    }
}

/// One membership of a student, with what the rules need of its group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub group_id: String,
    pub group_name: String,
    pub division: Option<String>,
    pub tenure: Tenure,
}

/// The group a student is to join.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupView<'a> {
    pub id: &'a str,
    pub kind: GroupKind,
    pub division: Option<&'a str>,
    pub classes: &'a [ClassId],
}

/// Why a student cannot join (or leave) a group so.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MembershipProblem {
    /// The last day is before the first.
    #[error("the last day of a membership must not be before its first")]
    Dates,
    /// The student is not (or no longer) in one of the group's classes.
    #[error("the student is not in a class of this group")]
    NotInClass,
    /// The student is already a member of this group at some of these dates.
    #[error("the student is already a member of this group then")]
    AlreadyMember,
    /// The student is in another group of the same division at some of these dates.
    #[error("the student is already in «{group}» of the same division then")]
    DivisionTaken { group: String },
    /// An individual-plan group has one student.
    #[error("an individual-plan group has one student")]
    IndividualTaken,
}

impl MembershipProblem {
    pub fn code(&self) -> &'static str {
        match self {
            MembershipProblem::Dates => "membership_dates",
            MembershipProblem::NotInClass => "student_not_in_group_class",
            MembershipProblem::AlreadyMember => "already_member",
            MembershipProblem::DivisionTaken { .. } => "division_taken",
            MembershipProblem::IndividualTaken => "individual_group_taken",
        }
    }
}

/// May a student of `student_class` join `group` for `tenure`? `student_memberships` are the
/// student's memberships in any group of the year; `group_tenures` are the group's memberships of
/// other students (only an individual-plan group cares). R-B3: the student must be in one of the
/// group's classes, in at most one group of a division at a time, and not twice in the same group.
pub fn check_join(
    group: &GroupView<'_>,
    student_class: Option<ClassId>,
    tenure: Tenure,
    student_memberships: &[Membership],
    group_tenures: &[Tenure],
) -> Result<(), MembershipProblem> {
    if !tenure.is_valid() {
        return Err(MembershipProblem::Dates);
    }
    if !student_class.is_some_and(|c| group.classes.contains(&c)) {
        return Err(MembershipProblem::NotInClass);
    }
    let overlapping = student_memberships
        .iter()
        .filter(|m| m.tenure.overlaps(tenure));
    for m in overlapping {
        if m.group_id == group.id {
            return Err(MembershipProblem::AlreadyMember);
        }
        if group.division.is_some() && m.division.as_deref() == group.division {
            return Err(MembershipProblem::DivisionTaken {
                group: m.group_name.clone(),
            });
        }
    }
    if group.kind == GroupKind::Individual && group_tenures.iter().any(|t| t.overlaps(tenure)) {
        return Err(MembershipProblem::IndividualTaken);
    }
    Ok(())
}

/// The membership `current` ends on `last_day` (the student leaves the group): the day must lie
/// within it.
pub fn check_leave(current: Tenure, last_day: NaiveDate) -> Result<Tenure, MembershipProblem> {
    if !current.contains(last_day) {
        return Err(MembershipProblem::Dates);
    }
    Ok(Tenure::new(current.from, Some(last_day)))
}

/// A group carried into the next year at the rollover keeps its name, except that a leading old
/// class name («5А английский язык, 1 группа») becomes the promoted one («6А …»).
pub fn carried_name(name: &str, old_class: &str, new_class: &str) -> String {
    match name.strip_prefix(old_class) {
        Some(rest) if rest.is_empty() || !rest.starts_with(|c: char| c.is_alphanumeric()) => {
            format!("{new_class}{rest}")
        }
        _ => name.to_owned(),
    }
}

/// A class moved up into the new year at the rollover (R-B7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Promotion {
    /// The new year's class.
    pub to: String,
    pub old_name: String,
    pub new_name: String,
}

/// A group as the new year has it after the rollover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarriedGroup {
    pub name: String,
    pub kind: GroupKind,
    /// The new year's classes it draws from.
    pub classes: Vec<String>,
}

/// What the rollover makes of one group of the old year (R-B7): it follows its classes to their
/// promoted classes (`promoted`, by old class id) with the same kind; graduated classes drop out,
/// so a group left without classes is not carried (`None`) and a stream left with one class
/// becomes a subgroup of it; a leading old class name in its name becomes the new one
/// ([`carried_name`]), and a name already `taken` in the new year gets a number.
pub fn carry_group(
    name: &str,
    kind: GroupKind,
    classes: &[String],
    promoted: &std::collections::HashMap<String, Promotion>,
    taken: &[String],
) -> Option<CarriedGroup> {
    let moves: Vec<&Promotion> = classes.iter().filter_map(|c| promoted.get(c)).collect();
    if moves.is_empty() {
        return None;
    }
    let kind = match kind {
        GroupKind::Stream if moves.len() < 2 => GroupKind::Subgroup,
        k => k,
    };
    let mut new_name = moves
        .iter()
        .map(|p| carried_name(name, &p.old_name, &p.new_name))
        .find(|n| n != name)
        .unwrap_or_else(|| name.to_owned());
    if taken.contains(&new_name) {
        new_name = format!("{new_name} ({})", taken.len() + 1);
    }
    Some(CarriedGroup {
        name: new_name,
        kind,
        classes: moves.iter().map(|p| p.to.clone()).collect(),
    })
}

/// What the rollover does with one membership of a carried group (R-B7): a membership still
/// running at the old year's end (`to` open or not before it) ends with the old year if open
/// (`ends_on`), and the student carries over into the new group when they are now in one of its
/// classes. A membership that ended earlier is left as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CarriedMembership {
    /// The last day to record on the old membership, when it was open.
    pub ends_on: Option<NaiveDate>,
    /// A membership of the new group from the new year's first day.
    pub carries: bool,
}

pub fn carry_membership(
    tenure: Tenure,
    old_end: NaiveDate,
    in_new_class: bool,
) -> Option<CarriedMembership> {
    if tenure.to.is_some_and(|t| t < old_end) {
        return None;
    }
    Some(CarriedMembership {
        ends_on: tenure.to.is_none().then(|| old_end.max(tenure.from)),
        carries: in_new_class,
    })
}

/// What happens to a membership when its student moves to another class or leaves on `on`
/// (R-B3, R-B5): it stays when the new class is among the group's classes; otherwise it ends the
/// day before, or is dropped when it would not have started by then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnMove {
    Stays,
    Ends { last_day: NaiveDate },
    Dropped,
}

pub fn membership_on_move(from: NaiveDate, group_takes_new_class: bool, on: NaiveDate) -> OnMove {
    if group_takes_new_class {
        return OnMove::Stays;
    }
    match on.pred_opt() {
        Some(last_day) if last_day >= from => OnMove::Ends { last_day },
        _ => OnMove::Dropped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rollover_carries_groups_after_their_classes() {
        let promoted: std::collections::HashMap<String, Promotion> =
            [("5a", "6a", "5А", "6А"), ("5b", "6b", "5Б", "6Б")]
                .into_iter()
                .map(|(from, to, old, new)| {
                    (
                        from.to_owned(),
                        Promotion {
                            to: to.into(),
                            old_name: old.into(),
                            new_name: new.into(),
                        },
                    )
                })
                .collect();
        let classes = |c: &[&str]| c.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        let sub = carry_group(
            "5А английский, 1 группа",
            GroupKind::Subgroup,
            &classes(&["5a"]),
            &promoted,
            &[],
        );
        assert_eq!(
            sub,
            Some(CarriedGroup {
                name: "6А английский, 1 группа".into(),
                kind: GroupKind::Subgroup,
                classes: classes(&["6a"]),
            })
        );
        // A stream of a graduating class and another keeps one class and becomes a subgroup.
        let stream = carry_group(
            "Информатика",
            GroupKind::Stream,
            &classes(&["9a", "5b"]),
            &promoted,
            &[],
        )
        .unwrap();
        assert_eq!(
            (stream.kind, stream.classes),
            (GroupKind::Subgroup, classes(&["6b"]))
        );
        assert_eq!(
            carry_group(
                "Выпуск",
                GroupKind::Subgroup,
                &classes(&["9a"]),
                &promoted,
                &[]
            ),
            None
        );
        let taken = ["Информатика".to_owned()];
        assert_eq!(
            carry_group(
                "Информатика",
                GroupKind::Stream,
                &classes(&["5a", "5b"]),
                &promoted,
                &taken
            )
            .unwrap()
            .name,
            "Информатика (2)"
        );
    }

    #[test]
    fn memberships_end_with_the_old_year_and_carry_when_the_student_moved_up() {
        let end = d(5, 31);
        let open = Tenure::new(d(9, 1), None);
        assert_eq!(
            carry_membership(open, end, true),
            Some(CarriedMembership {
                ends_on: Some(end),
                carries: true
            })
        );
        assert_eq!(
            carry_membership(open, end, false),
            Some(CarriedMembership {
                ends_on: Some(end),
                carries: false
            })
        );
        let ended_early = Tenure::new(d(9, 1), Some(d(12, 1)));
        assert_eq!(carry_membership(ended_early, end, true), None);
        let ends_at_year_end = Tenure::new(d(9, 1), Some(end));
        assert_eq!(
            carry_membership(ends_at_year_end, end, true),
            Some(CarriedMembership {
                ends_on: None,
                carries: true
            })
        );
    }

    #[test]
    fn a_move_ends_memberships_of_groups_the_new_class_is_not_in() {
        assert_eq!(membership_on_move(d(9, 1), true, d(11, 10)), OnMove::Stays);
        assert_eq!(
            membership_on_move(d(9, 1), false, d(11, 10)),
            OnMove::Ends { last_day: d(11, 9) }
        );
        assert_eq!(
            membership_on_move(d(11, 10), false, d(11, 10)),
            OnMove::Dropped
        );
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        let y = if m >= 9 { 2025 } else { 2026 };
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn membership(group: &str, division: Option<&str>, tenure: Tenure) -> Membership {
        Membership {
            group_id: group.into(),
            group_name: format!("Группа {group}"),
            division: division.map(str::to_owned),
            tenure,
        }
    }

    #[test]
    fn kinds_round_trip() {
        for k in [
            GroupKind::Subgroup,
            GroupKind::Stream,
            GroupKind::Individual,
        ] {
            assert_eq!(GroupKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(GroupKind::parse("class"), None);
    }

    #[test]
    fn a_subgroup_has_one_class_and_a_stream_several_of_its_year() {
        let (a, b) = (ClassId::new(), ClassId::new());
        let y = "year";
        assert_eq!(
            check_classes(GroupKind::Subgroup, &[(a, Some(y))], y),
            Ok(())
        );
        assert_eq!(
            check_classes(GroupKind::Subgroup, &[(a, Some(y)), (b, Some(y))], y),
            Err(GroupProblem::ClassCount)
        );
        assert_eq!(
            check_classes(GroupKind::Individual, &[], y),
            Err(GroupProblem::ClassCount)
        );
        assert_eq!(
            check_classes(GroupKind::Stream, &[(a, Some(y))], y),
            Err(GroupProblem::ClassCount)
        );
        assert_eq!(
            check_classes(GroupKind::Stream, &[(a, Some(y)), (a, Some(y))], y),
            Err(GroupProblem::ClassCount),
            "the same class twice is not a stream"
        );
        assert_eq!(
            check_classes(GroupKind::Stream, &[(a, Some(y)), (b, Some(y))], y),
            Ok(())
        );
        assert_eq!(
            check_classes(GroupKind::Stream, &[(a, Some(y)), (b, Some("other"))], y),
            Err(GroupProblem::OtherYear)
        );
    }

    #[test]
    fn tenures_overlap_inclusively_and_open_ended() {
        let sep = Tenure::new(d(9, 1), Some(d(9, 30)));
        let oct = Tenure::new(d(10, 1), None);
        assert!(!sep.overlaps(oct) && !oct.overlaps(sep));
        let last_day = Tenure::new(d(9, 30), Some(d(9, 30)));
        assert!(sep.overlaps(last_day), "the last day counts");
        assert!(oct.contains(d(5, 25)));
        assert!(!sep.contains(d(10, 1)));
        assert!(!Tenure::new(d(9, 2), Some(d(9, 1))).is_valid());
    }

    #[test]
    fn a_member_must_be_in_a_class_of_the_group() {
        let (a, b) = (ClassId::new(), ClassId::new());
        let classes = [a];
        let g = GroupView {
            id: "g1",
            kind: GroupKind::Subgroup,
            division: Some("Английский язык"),
            classes: &classes,
        };
        let t = Tenure::new(d(9, 1), None);
        assert_eq!(check_join(&g, Some(a), t, &[], &[]), Ok(()));
        assert_eq!(
            check_join(&g, Some(b), t, &[], &[]),
            Err(MembershipProblem::NotInClass)
        );
        assert_eq!(
            check_join(&g, None, t, &[], &[]),
            Err(MembershipProblem::NotInClass),
            "a withdrawn student joins no group"
        );
        assert_eq!(
            check_join(&g, Some(a), Tenure::new(d(9, 2), Some(d(9, 1))), &[], &[]),
            Err(MembershipProblem::Dates)
        );
    }

    #[test]
    fn one_group_of_a_division_at_a_time() {
        let a = ClassId::new();
        let classes = [a];
        let english2 = GroupView {
            id: "g2",
            kind: GroupKind::Subgroup,
            division: Some("Английский язык"),
            classes: &classes,
        };
        let in_group1_until_dec = [membership(
            "g1",
            Some("Английский язык"),
            Tenure::new(d(9, 1), Some(d(12, 26))),
        )];
        assert_eq!(
            check_join(
                &english2,
                Some(a),
                Tenure::new(d(12, 1), None),
                &in_group1_until_dec,
                &[]
            ),
            Err(MembershipProblem::DivisionTaken {
                group: "Группа g1".into()
            })
        );
        assert_eq!(
            check_join(
                &english2,
                Some(a),
                Tenure::new(d(12, 27), None),
                &in_group1_until_dec,
                &[]
            ),
            Ok(()),
            "moves to group 2 after leaving group 1"
        );
        let other_division = [membership(
            "g9",
            Some("Информатика"),
            Tenure::new(d(9, 1), None),
        )];
        assert_eq!(
            check_join(
                &english2,
                Some(a),
                Tenure::new(d(9, 1), None),
                &other_division,
                &[]
            ),
            Ok(()),
            "another division does not matter"
        );
        let already = [membership(
            "g2",
            Some("Английский язык"),
            Tenure::new(d(9, 1), None),
        )];
        assert_eq!(
            check_join(
                &english2,
                Some(a),
                Tenure::new(d(10, 1), None),
                &already,
                &[]
            ),
            Err(MembershipProblem::AlreadyMember)
        );
        // Groups without a division are not parallel to anything: being in two is fine.
        let free = GroupView {
            division: None,
            ..english2.clone()
        };
        let elective = [membership("g5", None, Tenure::new(d(9, 1), None))];
        assert_eq!(
            check_join(&free, Some(a), Tenure::new(d(9, 1), None), &elective, &[]),
            Ok(())
        );
    }

    #[test]
    fn an_individual_plan_has_one_student() {
        let a = ClassId::new();
        let classes = [a];
        let g = GroupView {
            id: "iup",
            kind: GroupKind::Individual,
            division: None,
            classes: &classes,
        };
        let t = Tenure::new(d(9, 1), None);
        assert_eq!(check_join(&g, Some(a), t, &[], &[]), Ok(()));
        assert_eq!(
            check_join(&g, Some(a), t, &[], &[Tenure::new(d(9, 1), None)]),
            Err(MembershipProblem::IndividualTaken)
        );
        assert_eq!(
            check_join(
                &g,
                Some(a),
                Tenure::new(d(9, 11), None),
                &[],
                &[Tenure::new(d(9, 1), Some(d(9, 10)))]
            ),
            Ok(()),
            "the previous student left before"
        );
    }

    #[test]
    fn leaving_ends_the_membership_within_it() {
        let t = Tenure::new(d(9, 1), None);
        assert_eq!(
            check_leave(t, d(12, 26)),
            Ok(Tenure::new(d(9, 1), Some(d(12, 26))))
        );
        let before_joining = NaiveDate::from_ymd_opt(2025, 8, 31).unwrap();
        assert_eq!(
            check_leave(t, before_joining),
            Err(MembershipProblem::Dates)
        );
        let ended = Tenure::new(d(9, 1), Some(d(10, 1)));
        assert_eq!(check_leave(ended, d(11, 1)), Err(MembershipProblem::Dates));
    }

    #[test]
    fn carried_groups_take_the_promoted_class_name() {
        assert_eq!(
            carried_name("5А английский язык, 1 группа", "5А", "6А"),
            "6А английский язык, 1 группа"
        );
        assert_eq!(carried_name("5А", "5А", "6А"), "6А");
        assert_eq!(
            carried_name("5АБ поток", "5А", "6А"),
            "5АБ поток",
            "only a whole class name"
        );
        assert_eq!(carried_name("ИУП: Петров П.", "5А", "6А"), "ИУП: Петров П.");
    }
}
