//! The weekly timetable and its dated lessons (R-T1), changes to single lessons (R-T2) and who may
//! read or write a lesson (R-A4, R-A5, R-A6).

use crate::calendar::{Calendar, Span, WeekMode};
use crate::{ClassId, Role, UserId};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Weekday number as stored: 1 = Monday … 6 = Saturday.
pub fn weekday_number(date: NaiveDate) -> u8 {
    date.weekday().number_from_monday() as u8
}

/// The group a lesson is given to, as the clash rules see it (R-B3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryGroup {
    pub id: String,
    /// Named in a clash («7А английский язык, 1 группа»).
    pub name: String,
    /// Groups of the same division are parallel: their lessons may run at the same time.
    pub division: Option<String>,
    /// The classes the group draws from: one for a subgroup, all of a stream's.
    pub classes: Vec<ClassId>,
}

/// One weekly timetable entry as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    /// The class of a whole-class lesson; for a group lesson, the group's (first) class.
    pub class_id: ClassId,
    /// The group, for a lesson given to a group rather than the whole class.
    #[serde(default)]
    pub group: Option<EntryGroup>,
    pub teacher_id: UserId,
    pub room_id: Option<String>,
    pub weekday: u8,
    pub lesson_number: u8,
    pub valid: Span,
}

/// What a new entry would collide with (R-T1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClashKind {
    /// The teacher already teaches at that time.
    Teacher,
    /// The room is already taken at that time.
    Room,
    /// The class already has a lesson at that time.
    Class,
}

impl ClashKind {
    pub fn code(&self) -> &'static str {
        match self {
            ClashKind::Teacher => "teacher_double_booked",
            ClashKind::Room => "room_double_booked",
            ClashKind::Class => "class_double_booked",
        }
    }
}

/// A clash with an existing entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash<'a> {
    pub kind: ClashKind,
    pub with: &'a Entry,
}

impl Entry {
    /// The classes whose students the lesson takes: its class, or all classes of its group (a
    /// stream occupies every one of its classes).
    pub fn classes(&self) -> &[ClassId] {
        match &self.group {
            Some(g) if !g.classes.is_empty() => &g.classes,
            _ => std::slice::from_ref(&self.class_id),
        }
    }

    /// Whether two lessons take students of the same class at once: they share a class, unless
    /// both are lessons of different groups of one division (parallel subgroups such as English
    /// group 1 and group 2, whose members are disjoint). A whole-class lesson clashes with any
    /// group lesson of that class; the same group cannot have two lessons at once (R-T1, R-B3).
    pub fn takes_same_students(&self, other: &Entry) -> bool {
        let parallel = match (&self.group, &other.group) {
            (Some(a), Some(b)) => a.id != b.id && a.division.is_some() && a.division == b.division,
            _ => false,
        };
        !parallel && self.classes().iter().any(|c| other.classes().contains(c))
    }
}

/// The first clash of `new` with `existing` entries: same weekday and lesson number, overlapping
/// validity, and the same teacher, room or students (see [`Entry::takes_same_students`]). Teacher
/// clashes are reported first (the deputy fixes those first), then rooms, then classes and groups.
pub fn first_clash<'a>(new: &Entry, existing: &'a [Entry]) -> Option<Clash<'a>> {
    let same_time = |e: &&'a Entry| {
        e.id != new.id
            && e.weekday == new.weekday
            && e.lesson_number == new.lesson_number
            && e.valid.overlaps(new.valid)
    };
    let at_time: Vec<&Entry> = existing.iter().filter(same_time).collect();
    let find = |kind: ClashKind, hit: &dyn Fn(&Entry) -> bool| {
        at_time
            .iter()
            .find(|e| hit(e))
            .map(|e| Clash { kind, with: e })
    };
    find(ClashKind::Teacher, &|e| e.teacher_id == new.teacher_id)
        .or_else(|| {
            find(ClashKind::Room, &|e| {
                new.room_id.is_some() && e.room_id == new.room_id
            })
        })
        .or_else(|| find(ClashKind::Class, &|e| e.takes_same_students(new)))
}

/// Why an entry cannot be placed at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EntryProblem {
    #[error("the class does not study on that weekday (week mode)")]
    DayOff,
    #[error("valid_from must not be after valid_to")]
    Dates,
}

impl EntryProblem {
    pub fn code(self) -> &'static str {
        match self {
            EntryProblem::DayOff => "weekday_not_in_week_mode",
            EntryProblem::Dates => "entry_dates",
        }
    }
}

/// Check an entry against the class's week mode.
pub fn check_entry(entry: &Entry, week: WeekMode) -> Result<(), EntryProblem> {
    if entry.valid.starts_on > entry.valid.ends_on {
        return Err(EntryProblem::Dates);
    }
    let day_off = entry.weekday == 0 || entry.weekday > week.days();
    if day_off {
        return Err(EntryProblem::DayOff);
    }
    Ok(())
}

/// The dates in `range` on which `entry` gives a lesson to a class of `grade`: its weekday, within
/// its validity, on teaching days (periods, not holidays, R-T1).
pub fn lesson_dates(
    entry: &Entry,
    range: Span,
    grade: u8,
    week: WeekMode,
    calendar: &Calendar,
) -> Vec<NaiveDate> {
    range
        .days()
        .filter(|d| weekday_number(*d) == entry.weekday)
        .filter(|d| entry.valid.contains(*d))
        .filter(|d| calendar.is_teaching_day(grade, week, *d))
        .collect()
}

/// The kind of a lesson's change (R-T2), as it travels and is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Substitution,
    Cancellation,
    Move,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 3] = [
        ChangeKind::Substitution,
        ChangeKind::Cancellation,
        ChangeKind::Move,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Substitution => "substitution",
            ChangeKind::Cancellation => "cancellation",
            ChangeKind::Move => "move",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A kind compares with its name, as it travels.
impl PartialEq<&str> for ChangeKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A change registered for one dated lesson (R-T2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// Another teacher covers the lesson.
    Substitution { substitute: UserId },
    /// The lesson does not take place.
    Cancellation,
    /// The lesson takes place on another date or in another slot.
    Move { to_date: NaiveDate, to_lesson: u8 },
}

impl Change {
    pub fn kind(&self) -> ChangeKind {
        match self {
            Change::Substitution { .. } => ChangeKind::Substitution,
            Change::Cancellation => ChangeKind::Cancellation,
            Change::Move { .. } => ChangeKind::Move,
        }
    }

    /// Where a lesson scheduled at `date`, lesson `number` takes place: the move's target for a
    /// moved lesson, nowhere for a cancelled one, otherwise its own slot (R-T2).
    pub fn held_at(
        change: Option<&Change>,
        date: NaiveDate,
        number: u8,
    ) -> Option<(NaiveDate, u8)> {
        match change {
            Some(Change::Cancellation) => None,
            Some(Change::Move { to_date, to_lesson }) => Some((*to_date, *to_lesson)),
            _ => Some((date, number)),
        }
    }
}

/// A caller's relation to one dated lesson.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonRelation<'a> {
    pub caller: UserId,
    pub roles: &'a [Role],
    /// The teacher of the timetable entry.
    pub teacher: UserId,
    /// The class teacher of the lesson's class.
    pub class_teacher: Option<UserId>,
    pub change: Option<&'a Change>,
}

impl LessonRelation<'_> {
    fn substitute(&self) -> Option<UserId> {
        match self.change {
            Some(Change::Substitution { substitute }) => Some(*substitute),
            _ => None,
        }
    }

    fn leads(&self) -> bool {
        self.roles
            .iter()
            .any(|r| matches!(r, Role::Deputy | Role::Director))
    }

    /// Who writes the lesson's journal entry: the substitute when there is one, otherwise its own
    /// teacher (R-A4, R-T2); the deputy and director always (R-A6). A cancelled lesson has nothing
    /// to write.
    pub fn may_write(&self) -> bool {
        if self.leads() {
            return true;
        }
        if matches!(self.change, Some(Change::Cancellation)) {
            return false;
        }
        match self.substitute() {
            Some(sub) => sub == self.caller,
            None => self.teacher == self.caller && self.roles.contains(&Role::Teacher),
        }
    }

    /// The caller gives this lesson: its substitute when there is one, otherwise its teacher
    /// (what the audit records as acting as the teacher, `policy::acting_role`).
    pub fn gives_it(&self) -> bool {
        self.substitute().unwrap_or(self.teacher) == self.caller
    }

    /// Who reads it: whoever may write it, the original teacher of a covered lesson (R-T2), the
    /// class teacher of the class (R-A5).
    pub fn may_read(&self) -> bool {
        self.may_write()
            || (self.teacher == self.caller && self.roles.contains(&Role::Teacher))
            || self.class_teacher == Some(self.caller)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{Grades, Holiday, Period, PeriodKind};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn entry(teacher: UserId, class: ClassId, room: Option<&str>, weekday: u8, n: u8) -> Entry {
        Entry {
            id: uuid::Uuid::new_v4().to_string(),
            class_id: class,
            group: None,
            teacher_id: teacher,
            room_id: room.map(str::to_owned),
            weekday,
            lesson_number: n,
            valid: Span::new(d(2025, 9, 1), d(2026, 5, 31)),
        }
    }

    #[test]
    fn double_bookings_are_found_by_teacher_room_and_class() {
        let (t1, t2) = (UserId::new(), UserId::new());
        let (c1, c2) = (ClassId::new(), ClassId::new());
        let existing = vec![entry(t1, c1, Some("каб. 12"), 1, 2)];
        let teacher = entry(t1, c2, Some("каб. 14"), 1, 2);
        assert_eq!(
            first_clash(&teacher, &existing).map(|c| c.kind),
            Some(ClashKind::Teacher)
        );
        let room = entry(t2, c2, Some("каб. 12"), 1, 2);
        assert_eq!(
            first_clash(&room, &existing).map(|c| c.kind),
            Some(ClashKind::Room)
        );
        let class = entry(t2, c1, None, 1, 2);
        assert_eq!(
            first_clash(&class, &existing).map(|c| c.kind),
            Some(ClashKind::Class)
        );
        let next_lesson = entry(t1, c1, Some("каб. 12"), 1, 3);
        assert_eq!(first_clash(&next_lesson, &existing), None);
        let mut later = entry(t1, c2, None, 1, 2);
        later.valid = Span::new(d(2026, 6, 1), d(2026, 6, 30));
        assert_eq!(
            first_clash(&later, &existing),
            None,
            "validity does not overlap"
        );
    }

    fn group(name: &str, division: Option<&str>, classes: &[ClassId]) -> EntryGroup {
        EntryGroup {
            id: uuid::Uuid::new_v4().to_string(),
            name: name.into(),
            division: division.map(str::to_owned),
            classes: classes.to_vec(),
        }
    }

    fn group_entry(teacher: UserId, g: &EntryGroup, weekday: u8, n: u8) -> Entry {
        Entry {
            group: Some(g.clone()),
            ..entry(teacher, g.classes[0], None, weekday, n)
        }
    }

    #[test]
    fn a_class_lesson_clashes_with_any_group_lesson_of_the_class() {
        let c = ClassId::new();
        let english1 = group("7А англ., 1 группа", Some("Английский язык"), &[c]);
        let existing = vec![group_entry(UserId::new(), &english1, 1, 2)];
        let whole = entry(UserId::new(), c, None, 1, 2);
        let clash = first_clash(&whole, &existing).unwrap();
        assert_eq!(clash.kind, ClashKind::Class);
        assert_eq!(
            clash.with.group.as_ref().map(|g| g.name.as_str()),
            Some("7А англ., 1 группа"),
            "the clash names the group"
        );
        // And the other way round.
        let existing = vec![entry(UserId::new(), c, None, 1, 2)];
        let lesson = group_entry(UserId::new(), &english1, 1, 2);
        assert_eq!(
            first_clash(&lesson, &existing).map(|c| c.kind),
            Some(ClashKind::Class)
        );
        // Another class's group is no concern.
        let other = group(
            "7Б англ., 1 группа",
            Some("Английский язык"),
            &[ClassId::new()],
        );
        let existing = vec![group_entry(UserId::new(), &other, 1, 2)];
        assert_eq!(first_clash(&whole, &existing), None);
    }

    #[test]
    fn parallel_groups_of_one_division_share_the_time() {
        let c = ClassId::new();
        let english1 = group("1 группа", Some("Английский язык"), &[c]);
        let english2 = group("2 группа", Some("Английский язык"), &[c]);
        let existing = vec![group_entry(UserId::new(), &english1, 3, 4)];
        let parallel = group_entry(UserId::new(), &english2, 3, 4);
        assert_eq!(first_clash(&parallel, &existing), None);
        // The same group twice at once is a clash.
        let again = group_entry(UserId::new(), &english1, 3, 4);
        assert_eq!(
            first_clash(&again, &existing).map(|c| c.kind),
            Some(ClashKind::Class)
        );
        // Groups of different divisions (or of none) share the class's students.
        let informatics = group("Информатика, 1 группа", Some("Информатика"), &[c]);
        let other = group_entry(UserId::new(), &informatics, 3, 4);
        assert_eq!(
            first_clash(&other, &existing).map(|c| c.kind),
            Some(ClashKind::Class)
        );
        let undivided = group("Кружок", None, &[c]);
        let free = group("Кружок 2", None, &[c]);
        let existing = vec![group_entry(UserId::new(), &undivided, 3, 4)];
        assert_eq!(
            first_clash(&group_entry(UserId::new(), &free, 3, 4), &existing).map(|c| c.kind),
            Some(ClashKind::Class),
            "no division: not parallel"
        );
        // Parallel groups still cannot share a teacher or a room.
        let t = UserId::new();
        let existing = vec![group_entry(t, &english1, 3, 4)];
        assert_eq!(
            first_clash(&group_entry(t, &english2, 3, 4), &existing).map(|c| c.kind),
            Some(ClashKind::Teacher)
        );
        let mut in_room = group_entry(UserId::new(), &english1, 3, 4);
        in_room.room_id = Some("каб. 21".into());
        let mut same_room = group_entry(UserId::new(), &english2, 3, 4);
        same_room.room_id = Some("каб. 21".into());
        assert_eq!(
            first_clash(&same_room, &[in_room]).map(|c| c.kind),
            Some(ClashKind::Room)
        );
    }

    #[test]
    fn a_stream_occupies_all_its_classes() {
        let (a, b, other) = (ClassId::new(), ClassId::new(), ClassId::new());
        let stream = group("10 профиль: физика", None, &[a, b]);
        let existing = vec![group_entry(UserId::new(), &stream, 2, 5)];
        // Its first class and its second one are both busy.
        assert!(first_clash(&entry(UserId::new(), a, None, 2, 5), &existing).is_some());
        assert!(first_clash(&entry(UserId::new(), b, None, 2, 5), &existing).is_some());
        assert_eq!(
            first_clash(&entry(UserId::new(), other, None, 2, 5), &existing),
            None
        );
        // A subgroup of the stream's second class clashes too.
        let sub = group("10Б англ., 1 группа", Some("Английский язык"), &[b]);
        assert!(first_clash(&group_entry(UserId::new(), &sub, 2, 5), &existing).is_some());
        // Two streams of one division (profile choices) run in parallel.
        let physics = group("Профиль: физика", Some("Профиль"), &[a, b]);
        let chemistry = group("Профиль: химия", Some("Профиль"), &[a, b]);
        let existing = vec![group_entry(UserId::new(), &physics, 2, 6)];
        assert_eq!(
            first_clash(&group_entry(UserId::new(), &chemistry, 2, 6), &existing),
            None
        );
    }

    #[test]
    fn dated_lessons_skip_holidays() {
        let calendar = Calendar {
            year: Span::new(d(2025, 9, 1), d(2026, 8, 31)),
            periods: vec![Period {
                kind: PeriodKind::Quarter,
                number: 1,
                grades: Grades::new(1, 11),
                span: Span::new(d(2025, 9, 1), d(2025, 12, 26)),
            }],
            holidays: vec![Holiday {
                name: "Осенние каникулы".into(),
                grades: Grades::ALL,
                span: Span::new(d(2025, 10, 25), d(2025, 11, 4)),
            }],
        };
        let monday = entry(UserId::new(), ClassId::new(), None, 1, 1);
        let dates = lesson_dates(
            &monday,
            Span::new(d(2025, 10, 20), d(2025, 11, 10)),
            5,
            WeekMode::FiveDays,
            &calendar,
        );
        assert_eq!(
            dates,
            [d(2025, 10, 20), d(2025, 11, 10)],
            "27 Oct and 3 Nov are holidays"
        );
    }

    #[test]
    fn saturday_needs_a_six_day_week() {
        let sat = entry(UserId::new(), ClassId::new(), None, 6, 1);
        assert_eq!(
            check_entry(&sat, WeekMode::FiveDays),
            Err(EntryProblem::DayOff)
        );
        assert_eq!(check_entry(&sat, WeekMode::SixDays), Ok(()));
    }

    #[test]
    fn the_substitute_writes_the_covered_lesson_and_the_teacher_reads_it() {
        let (teacher, substitute, other) = (UserId::new(), UserId::new(), UserId::new());
        let t = [Role::Teacher];
        let change = Change::Substitution { substitute };
        let rel = |caller, change| LessonRelation {
            caller,
            roles: &t,
            teacher,
            class_teacher: None,
            change,
        };
        assert!(rel(substitute, Some(&change)).may_write());
        assert!(!rel(teacher, Some(&change)).may_write());
        assert!(rel(teacher, Some(&change)).may_read());
        assert!(!rel(other, Some(&change)).may_read());
        assert!(rel(teacher, None).may_write());
        assert!(
            !rel(substitute, None).may_write(),
            "no substitution: not theirs"
        );
        assert!(!rel(teacher, Some(&Change::Cancellation)).may_write());
        // The lesson is given by its substitute; its own teacher gives it otherwise.
        assert!(rel(substitute, Some(&change)).gives_it());
        assert!(!rel(teacher, Some(&change)).gives_it());
        assert!(rel(teacher, None).gives_it());
        assert!(!rel(other, None).gives_it());
    }

    #[test]
    fn class_teacher_reads_and_leadership_writes() {
        let (teacher, class_teacher, deputy) = (UserId::new(), UserId::new(), UserId::new());
        let t = [Role::Teacher];
        let ct = LessonRelation {
            caller: class_teacher,
            roles: &t,
            teacher,
            class_teacher: Some(class_teacher),
            change: None,
        };
        assert!(ct.may_read() && !ct.may_write());
        let d_roles = [Role::Deputy];
        let dep = LessonRelation {
            caller: deputy,
            roles: &d_roles,
            teacher,
            class_teacher: None,
            change: None,
        };
        assert!(dep.may_write());
    }

    #[test]
    fn a_moved_lesson_is_held_at_its_target_and_a_cancelled_one_nowhere() {
        let (date, target) = (d(2025, 11, 10), d(2025, 11, 12));
        assert_eq!(Change::held_at(None, date, 2), Some((date, 2)));
        let sub = Change::Substitution {
            substitute: UserId::new(),
        };
        assert_eq!(Change::held_at(Some(&sub), date, 2), Some((date, 2)));
        let moved = Change::Move {
            to_date: target,
            to_lesson: 5,
        };
        assert_eq!(Change::held_at(Some(&moved), date, 2), Some((target, 5)));
        assert_eq!(Change::held_at(Some(&Change::Cancellation), date, 2), None);
    }
}
