//! Planning a school's year: rooms, groups, assignments and the weekly lessons placed.

use super::curriculum::{
    curriculum, max_lessons, week_days, LessonPlan, PRIMARY_OWN, SPLIT, STREAM_SUBJECT,
};
use crate::seed::Ids;
use anyhow::Result;
use chrono::NaiveDateTime;
use journal_db::bulk;
use journal_db::curriculum::CurriculumLine;
use journal_db::groups::{GroupClass, GroupRow, MemberRow};
use journal_db::planning::PlanTopic;
use journal_db::roster::{Class, Student, Subject};
use journal_db::structure::{Assignment, Room, YearWithCalendar};
use journal_db::timetable::EntryRow;
use journal_db::users::User;
use journal_db::DbConnection;
use journal_domain::collate::ru_key;
use journal_domain::groups::GroupKind;
use journal_domain::SchoolId;
use std::collections::{HashMap, HashSet};

/// What differs between the schools the generator makes: who may teach what, the rooms, the
/// individual-plan student and the lesson plans. The rules (curriculum, groups, placement) are the
/// same for all.
pub struct Staffing<'a> {
    /// Who may teach a subject above the primary grades (user ids), most preferred first.
    pub pool: &'a dyn Fn(&str) -> Vec<String>,
    /// The name of the room of the `i`-th staff member (every staff member has one).
    pub room_name: &'a dyn Fn(usize, &User) -> String,
    /// The class ("8А") whose last student studies on an individual plan, if any.
    pub individual_plan_class: Option<&'a str>,
    /// Lesson plans (КТП) by class name and subject.
    pub lesson_plan: &'a dyn Fn(&str, &str) -> Option<LessonPlan>,
}

impl Staffing<'_> {
    /// Who may teach a group of a subject: its teachers, then (for informatics) the
    /// mathematicians.
    fn group_pool(&self, subject: &str) -> Vec<String> {
        let mut p = (self.pool)(subject);
        if subject == "Информатика" {
            p.extend((self.pool)("Математика"));
        }
        p
    }
}

/// A school's year as rows: rooms, groups with members, teaching assignments, the curriculum,
/// lesson plans and the placed weekly lessons.
#[derive(Default)]
pub struct Plan {
    pub rooms: Vec<Room>,
    pub groups: Vec<GroupRow>,
    pub group_classes: Vec<GroupClass>,
    pub members: Vec<MemberRow>,
    pub assignments: Vec<Assignment>,
    pub curriculum: Vec<CurriculumLine>,
    pub topics: Vec<PlanTopic>,
    /// The weekly lessons with their subjects.
    pub entries: Vec<(EntryRow, &'static str)>,
    /// (teacher, weekday, lesson number) taken by the weekly lessons.
    pub busy: HashSet<(String, i32, i32)>,
    /// Weekly lessons no slot could be found for.
    pub unplaced: usize,
}

impl Plan {
    /// Store every row (in bulk; the caller holds the transaction).
    pub fn insert(&self, conn: &mut DbConnection) -> Result<usize> {
        let entries: Vec<EntryRow> = self.entries.iter().map(|(e, _)| e.clone()).collect();
        Ok(bulk::insert_rooms(conn, &self.rooms)?
            + bulk::insert_groups(conn, &self.groups)?
            + bulk::insert_group_classes(conn, &self.group_classes)?
            + bulk::insert_members(conn, &self.members)?
            + bulk::insert_assignments(conn, &self.assignments)?
            + bulk::insert_plan_topics(conn, &self.topics)?
            + bulk::insert_curriculum(conn, &self.curriculum)?
            + bulk::insert_entries(conn, &entries)?)
    }
}

/// Plan a school's year: a room per staff member; groups (R-B3): English and informatics in two
/// parallel subgroups from grade 5, all 10th classes as one stream for the individual project, one
/// student on an individual plan; teaching assignments by the curriculum (R-B4), primary classes
/// taught mostly by their class teacher and the rest by the least loaded teacher of the subject's
/// pool; then every weekly lesson placed without clashes (R-T1).
#[allow(clippy::too_many_arguments)]
pub fn plan(
    ids: &Ids,
    school: SchoolId,
    year: &YearWithCalendar,
    classes: &[Class],
    students: &[Student],
    staff: &[User],
    subjects: &[Subject],
    staffing: &Staffing,
    at: NaiveDateTime,
) -> Plan {
    let s = school.to_string();
    let mut out = Plan::default();
    let subject_id = |name: &str| {
        subjects
            .iter()
            .find(|x| x.name == name)
            .map(|x| x.id.clone())
    };

    let mut room_of: HashMap<String, String> = HashMap::new();
    for (i, u) in staff.iter().enumerate() {
        let room = Room {
            id: ids.id(),
            school_id: s.clone(),
            name: (staffing.room_name)(i, u),
            capacity: Some(30),
        };
        room_of.insert(u.id.clone(), room.id.clone());
        out.rooms.push(room);
    }

    let mut made = Groups {
        ids,
        school,
        year,
        at,
        plan: &mut out,
    };
    let mut by_class: HashMap<&str, Vec<&Student>> = HashMap::new();
    for st in students {
        if let Some(c) = &st.class_id {
            by_class.entry(c.as_str()).or_default().push(st);
        }
    }
    for list in by_class.values_mut() {
        list.sort_by_cached_key(|st| (ru_key(&st.last_name), ru_key(&st.first_name)));
    }
    let of_class = |class: &Class| by_class.get(class.id.as_str()).cloned().unwrap_or_default();
    let mut halves: HashMap<(usize, &'static str), [String; 2]> = HashMap::new();
    for (ci, class) in classes.iter().enumerate().filter(|(_, c)| c.grade >= 5) {
        let list = of_class(class);
        let (first, second) = list.split_at(list.len().div_ceil(2));
        for (subject, word) in SPLIT {
            if !curriculum(class.grade).iter().any(|(x, _)| x == subject) {
                continue;
            }
            let ids = [(1, first), (2, second)].map(|(n, members)| {
                made.add(
                    &format!("{} {word}, {n} группа", class.name()),
                    GroupKind::Subgroup,
                    Some(subject),
                    std::slice::from_ref(&class.id),
                    members,
                )
            });
            halves.insert((ci, subject), ids);
        }
    }
    let tenth: Vec<usize> = (0..classes.len())
        .filter(|i| classes[*i].grade == 10)
        .collect();
    let stream = if tenth.len() >= 2 {
        let ids: Vec<String> = tenth.iter().map(|i| classes[*i].id.clone()).collect();
        let members: Vec<&Student> = tenth.iter().flat_map(|i| of_class(&classes[*i])).collect();
        Some(made.add(
            &format!("10 классы: {}", STREAM_SUBJECT.to_lowercase()),
            GroupKind::Stream,
            None,
            &ids,
            &members,
        ))
    } else {
        None
    };
    let iup_class = staffing
        .individual_plan_class
        .and_then(|name| classes.iter().position(|c| c.name() == name));
    let iup = match iup_class.and_then(|ci| of_class(&classes[ci]).last().copied()) {
        Some(st) => {
            let name = format!(
                "ИУП: {} {}.",
                st.last_name,
                st.first_name.chars().next().unwrap_or(' ')
            );
            let class = iup_class
                .map(|ci| classes[ci].id.clone())
                .unwrap_or_default();
            Some(made.add(&name, GroupKind::Individual, None, &[class], &[st]))
        }
        None => None,
    };

    // Assignments first; then every weekly lesson is placed in the earliest slot where its classes
    // and its teachers are free (at most two lessons of a subject a day); parallel subgroups take
    // one slot together.
    let mut load: HashMap<String, i32> = HashMap::new();
    let mut units: Vec<Unit> = Vec::new();
    let assign = |out: &mut Plan,
                  teacher: &str,
                  subject_id: &str,
                  class: &Class,
                  hours: i32,
                  group: Option<&String>|
     -> String {
        let assignment = Assignment {
            id: ids.id(),
            school_id: s.clone(),
            year_id: year.year.id.clone(),
            teacher_id: teacher.to_owned(),
            subject_id: subject_id.to_owned(),
            class_id: class.id.clone(),
            hours_per_week: hours,
            created_at: at,
            group_id: group.cloned(),
        };
        let id = assignment.id.clone();
        out.assignments.push(assignment);
        id
    };
    let least_loaded =
        |load: &HashMap<String, i32>, pool: &[String], lead: Option<&str>, not: &[String]| {
            pool.iter()
                .filter(|t| !not.contains(t))
                .min_by_key(|t| (Some(t.as_str()) != lead, *load.get(*t).unwrap_or(&0)))
                .cloned()
        };
    let mut grades_done: Vec<i32> = Vec::new();
    for (ci, class) in classes.iter().enumerate() {
        let lead = class.class_teacher_id.as_deref();
        for (subject, hours) in curriculum(class.grade) {
            let Some(subject_id) = subject_id(subject) else {
                continue;
            };
            if !grades_done.contains(&class.grade)
                && !out
                    .curriculum
                    .iter()
                    .any(|l| l.grade == class.grade && l.subject_id == subject_id)
            {
                out.curriculum.push(CurriculumLine {
                    id: ids.id(),
                    school_id: s.clone(),
                    year_id: year.year.id.clone(),
                    grade: class.grade,
                    profile: String::new(),
                    subject_id: subject_id.clone(),
                    hours_per_week: hours,
                });
            }
            if subject == STREAM_SUBJECT {
                // Once, for the whole stream, from its first class.
                if let (Some(g), Some(first)) = (&stream, tenth.first()) {
                    if *first == ci {
                        let Some(teacher) =
                            least_loaded(&load, &(staffing.pool)(subject), None, &[])
                        else {
                            continue;
                        };
                        *load.entry(teacher.clone()).or_default() += hours;
                        let a = assign(&mut out, &teacher, &subject_id, class, hours, Some(g));
                        for _ in 0..hours {
                            units.push(Unit {
                                ci,
                                classes: tenth.clone(),
                                lessons: vec![(teacher.clone(), a.clone(), Some(g.clone()))],
                                subject,
                            });
                        }
                    }
                }
                continue;
            }
            if let Some(groups) = halves.get(&(ci, subject)) {
                let mut lessons = Vec::new();
                let mut taken: Vec<String> = Vec::new();
                for g in groups {
                    let Some(teacher) =
                        least_loaded(&load, &staffing.group_pool(subject), lead, &taken)
                    else {
                        continue;
                    };
                    *load.entry(teacher.clone()).or_default() += hours;
                    let a = assign(&mut out, &teacher, &subject_id, class, hours, Some(g));
                    taken.push(teacher.clone());
                    lessons.push((teacher, a, Some(g.clone())));
                }
                for _ in 0..hours {
                    units.push(Unit {
                        ci,
                        classes: vec![ci],
                        lessons: lessons.clone(),
                        subject,
                    });
                }
                continue;
            }
            let own = class.grade <= 4 && PRIMARY_OWN.contains(&subject);
            let teacher = if own {
                class.class_teacher_id.clone()
            } else {
                least_loaded(&load, &(staffing.pool)(subject), lead, &[])
            };
            let Some(teacher) = teacher else { continue };
            *load.entry(teacher.clone()).or_default() += hours;
            let a = assign(&mut out, &teacher, &subject_id, class, hours, None);
            if let Some(topics) = (staffing.lesson_plan)(&class.name(), subject) {
                out.topics
                    .extend(
                        topics
                            .iter()
                            .zip(1..)
                            .map(|((title, hours), position)| PlanTopic {
                                id: ids.id(),
                                school_id: s.clone(),
                                assignment_id: a.clone(),
                                position,
                                title: (*title).into(),
                                hours: *hours,
                            }),
                    );
            }
            // The individual-plan student has one more Russian lesson with the class's teacher.
            if subject == "Русский язык" && Some(ci) == iup_class {
                if let Some(g) = &iup {
                    *load.entry(teacher.clone()).or_default() += 1;
                    let extra = assign(&mut out, &teacher, &subject_id, class, 1, Some(g));
                    units.push(Unit {
                        ci,
                        classes: vec![ci],
                        lessons: vec![(teacher.clone(), extra, Some(g.clone()))],
                        subject,
                    });
                }
            }
            for _ in 0..hours {
                units.push(Unit {
                    ci,
                    classes: vec![ci],
                    lessons: vec![(teacher.clone(), a.clone(), None)],
                    subject,
                });
            }
        }
        grades_done.push(class.grade);
    }
    // Teachers shared between classes first (their free slots are scarce), a primary class's own
    // teacher last (they teach only that class, so any free slot of the class suits them).
    let own_teacher = |u: &Unit| {
        classes[u.ci].grade <= 4
            && u.lessons
                .iter()
                .all(|(t, _, _)| classes[u.ci].class_teacher_id.as_ref() == Some(t))
    };
    let heaviest = |u: &Unit| {
        u.lessons
            .iter()
            .map(|(t, _, _)| *load.get(t).unwrap_or(&0))
            .max()
            .unwrap_or(0)
    };
    units.sort_by_key(|u| (own_teacher(u), -heaviest(u), u.ci));
    let placed = place(classes, units);
    out.unplaced = placed.unplaced;
    for (unit, day, n) in placed.slots {
        for (teacher, assignment, group) in &unit.lessons {
            out.busy.insert((teacher.clone(), day, n));
            let row = EntryRow {
                id: ids.id(),
                school_id: s.clone(),
                assignment_id: assignment.clone(),
                class_id: classes[unit.ci].id.clone(),
                teacher_id: teacher.clone(),
                room_id: room_of.get(teacher).cloned(),
                weekday: day,
                lesson_number: n,
                valid_from: year.year.starts_on,
                valid_to: year.year.ends_on,
                created_at: at,
                group_id: group.clone(),
            };
            out.entries.push((row, unit.subject));
        }
    }
    out
}

/// Where the weekly lessons went: each unit with its (weekday, lesson number), in the order
/// placed.
struct Placed {
    slots: Vec<(Unit, i32, i32)>,
    unplaced: usize,
}

/// Place every unit in the earliest free slot of its classes and teachers, at most two lessons
/// of a subject a day, the most constrained unit (fewest free slots) first.
fn place(classes: &[Class], units: Vec<Unit>) -> Placed {
    // Slots are kept in flat tables indexed by class, teacher and subject numbers.
    const DAYS: usize = 7;
    const LESSONS: usize = 8;
    let slot = |d: i32, n: i32| d as usize * LESSONS + n as usize;
    let mut teacher_no: HashMap<&str, usize> = HashMap::new();
    let mut subject_no: HashMap<&str, usize> = HashMap::new();
    for u in &units {
        let next = subject_no.len();
        subject_no.entry(u.subject).or_insert(next);
        for (t, _, _) in &u.lessons {
            let next = teacher_no.len();
            teacher_no.entry(t.as_str()).or_insert(next);
        }
    }
    struct Shape {
        classes: Vec<usize>,
        teachers: Vec<usize>,
        subject: usize,
        days: i32,
        most: i32,
    }
    let shapes: Vec<Shape> = units
        .iter()
        .map(|u| Shape {
            classes: u.classes.clone(),
            teachers: u
                .lessons
                .iter()
                .map(|(t, _, _)| teacher_no[t.as_str()])
                .collect(),
            subject: subject_no[u.subject],
            days: u
                .classes
                .iter()
                .map(|c| week_days(classes[*c].grade))
                .min()
                .unwrap_or(5),
            most: u
                .classes
                .iter()
                .map(|c| max_lessons(classes[*c].grade))
                .min()
                .unwrap_or(5),
        })
        .collect();
    let subjects = subject_no.len().max(1);
    let mut busy_teacher = vec![false; teacher_no.len() * DAYS * LESSONS];
    let mut busy_class = vec![false; classes.len() * DAYS * LESSONS];
    let mut per_day = vec![0_i32; classes.len() * subjects * DAYS];
    let free = |shape: &Shape,
                busy_teacher: &[bool],
                busy_class: &[bool],
                per_day: &[i32],
                d: i32,
                n: i32| {
        shape.classes.iter().all(|c| {
            !busy_class[c * DAYS * LESSONS + slot(d, n)]
                && per_day[(c * subjects + shape.subject) * DAYS + d as usize] < 2
        }) && shape
            .teachers
            .iter()
            .all(|t| !busy_teacher[t * DAYS * LESSONS + slot(d, n)])
    };
    let mut out = Placed {
        slots: Vec::new(),
        unplaced: 0,
    };
    let mut remaining: Vec<(Unit, Shape)> = units.into_iter().zip(shapes).collect();
    while !remaining.is_empty() {
        // The most constrained lesson next: the one with the fewest free slots left.
        let count = |s: &Shape| {
            (1..=s.most)
                .flat_map(|n| (1..=s.days).map(move |d| (d, n)))
                .filter(|(d, n)| free(s, &busy_teacher, &busy_class, &per_day, *d, *n))
                .count()
        };
        let Some(pick) = (0..remaining.len()).min_by_key(|i| count(&remaining[*i].1)) else {
            break;
        };
        let (unit, shape) = remaining.remove(pick);
        let mut options: Vec<(i32, i32)> = (1..=shape.most)
            .flat_map(|n| (1..=shape.days).map(move |d| (d, n)))
            .filter(|(d, n)| free(&shape, &busy_teacher, &busy_class, &per_day, *d, *n))
            .collect();
        // Earliest lesson first, then the day with the fewest lessons of the subject.
        options.sort_by_key(|(d, n)| {
            (
                *n,
                per_day[(unit.ci * subjects + shape.subject) * DAYS + *d as usize],
                *d,
            )
        });
        let Some((day, n)) = options.first().copied() else {
            out.unplaced += unit.lessons.len();
            continue;
        };
        for c in &shape.classes {
            busy_class[c * DAYS * LESSONS + slot(day, n)] = true;
            per_day[(c * subjects + shape.subject) * DAYS + day as usize] += 1;
        }
        for t in &shape.teachers {
            busy_teacher[t * DAYS * LESSONS + slot(day, n)] = true;
        }
        out.slots.push((unit, day, n));
    }
    out
}

/// Weekly lessons of one slot: a class's lesson, a stream's (all its classes), or parallel
/// subgroups' (one lesson per group, all at once).
struct Unit {
    /// The class whose id the entries record (a stream's first).
    ci: usize,
    /// The classes the slot occupies.
    classes: Vec<usize>,
    /// (teacher, assignment, group) of each lesson given in the slot.
    lessons: Vec<(String, String, Option<String>)>,
    subject: &'static str,
}

/// The groups of a school as they are planned.
struct Groups<'a, 'p> {
    ids: &'a Ids,
    school: SchoolId,
    year: &'a YearWithCalendar,
    at: NaiveDateTime,
    plan: &'p mut Plan,
}

impl Groups<'_, '_> {
    /// A group with its classes and members from the first day of the year; its id.
    fn add(
        &mut self,
        name: &str,
        kind: GroupKind,
        division: Option<&str>,
        classes: &[String],
        members: &[&Student],
    ) -> String {
        let school = self.school.to_string();
        let row = GroupRow {
            id: self.ids.id(),
            school_id: school.clone(),
            year_id: self.year.year.id.clone(),
            name: name.to_owned(),
            kind: kind.as_str().to_owned(),
            division: division.map(str::to_owned),
            created_at: self.at,
        };
        self.plan
            .group_classes
            .extend(classes.iter().map(|c| GroupClass {
                school_id: school.clone(),
                group_id: row.id.clone(),
                class_id: c.clone(),
            }));
        for st in members {
            self.plan.members.push(MemberRow {
                id: self.ids.id(),
                school_id: school.clone(),
                group_id: row.id.clone(),
                student_id: st.id.clone(),
                from_date: self.year.year.starts_on,
                to_date: None,
            });
        }
        let id = row.id.clone();
        self.plan.groups.push(row);
        id
    }
}
