//! Dated lessons as the journal, the diary, the timetable and the lesson files show them: the
//! weekly entries in a span with their changes and records (R-T1, R-T2), and the names they show,
//! read in a few set-based queries whatever their number (issue 10: a read costs what its answer
//! holds).

use super::ensure_open;
use crate::auth::Session;
use crate::error::ApiError;
use actix_web::http::StatusCode;
use chrono::NaiveDate;
use journal_api_types::timetable::{Entry, Lesson, LessonChange};
use journal_api_types::ErrorCode;
use journal_db::structure::{self as sdb, Assignment, YearWithCalendar};
use journal_db::timetable::{self as tdb, ChangeRow, EntryRow, LessonRecord};
use journal_db::{names, roster, users, DbConnection};
use journal_domain::calendar::{Calendar, Span, WeekMode};
use journal_domain::timetable::{lesson_dates, Change, LessonRelation};
use journal_domain::{SchoolId, UserId};
use std::collections::{BTreeSet, HashMap, HashSet};
use uuid::Uuid;

use super::uuid_of;

/// Names and calendars of what a request shows, looked up once per request. It holds only what
/// was asked of it ([`Lookup::load`], one query per kind), never a school's whole lists: a read
/// costs what its answer names (issue 10).
pub(crate) struct Lookup {
    pub(crate) school: SchoolId,
    people: HashMap<String, String>,
    subjects: HashMap<String, String>,
    rooms: HashMap<String, String>,
    pub(crate) classes: HashMap<String, roster::Class>,
    years: HashMap<String, YearWithCalendar>,
    calendars: HashMap<String, Calendar>,
    pub(crate) bells: HashMap<(String, i32), (String, String)>,
    /// Bell schedules whose bells are in `bells`.
    schedules: HashSet<String>,
    assignments: HashMap<String, Assignment>,
    /// Group names by id.
    groups: HashMap<String, String>,
}

/// The ids a view is about to name, for [`Lookup::load`].
#[derive(Default)]
pub(crate) struct Wanted {
    classes: BTreeSet<String>,
    subjects: BTreeSet<String>,
    rooms: BTreeSet<String>,
    groups: BTreeSet<String>,
    assignments: BTreeSet<String>,
    people: BTreeSet<String>,
}

impl Wanted {
    /// What a weekly entry's lessons name: class, subject (by the assignment), group, room,
    /// teacher.
    pub(crate) fn entry(&mut self, e: &EntryRow) -> &mut Self {
        self.classes.insert(e.class_id.clone());
        self.assignments.insert(e.assignment_id.clone());
        self.people.insert(e.teacher_id.clone());
        self.groups.extend(e.group_id.clone());
        self.rooms.extend(e.room_id.clone());
        self
    }

    /// What a change names: the substitute, the replacing subject, the room.
    pub(crate) fn change(&mut self, c: &ChangeRow) -> &mut Self {
        self.people.extend(c.substitute_id.clone());
        self.subjects.extend(c.subject_id.clone());
        self.rooms.extend(c.room_id.clone());
        self
    }

    pub(crate) fn subject(&mut self, id: &str) -> &mut Self {
        self.subjects.insert(id.to_owned());
        self
    }

    pub(crate) fn person(&mut self, id: &str) -> &mut Self {
        self.people.insert(id.to_owned());
        self
    }
}

/// The ids of `wanted` not yet in `have`.
fn missing<V>(wanted: &BTreeSet<String>, have: &HashMap<String, V>) -> Vec<String> {
    wanted
        .iter()
        .filter(|id| !have.contains_key(*id))
        .cloned()
        .collect()
}

impl Lookup {
    /// An empty lookup of the school: [`Lookup::load`] fills it.
    pub(crate) fn new(school: SchoolId) -> Self {
        Self {
            school,
            people: HashMap::new(),
            subjects: HashMap::new(),
            rooms: HashMap::new(),
            classes: HashMap::new(),
            years: HashMap::new(),
            calendars: HashMap::new(),
            bells: HashMap::new(),
            schedules: HashSet::new(),
            assignments: HashMap::new(),
            groups: HashMap::new(),
        }
    }

    /// Hold a class and teaching assignments the caller has read already, so that
    /// [`Lookup::load`] does not read them again.
    pub(crate) fn hold(&mut self, class: &roster::Class, assignments: &[Assignment]) -> &mut Self {
        self.classes.insert(class.id.clone(), class.clone());
        for a in assignments {
            self.assignments.insert(a.id.clone(), a.clone());
        }
        self
    }

    /// A lookup holding what the lessons of `entries` name.
    pub(crate) fn of_entries(
        conn: &mut DbConnection,
        school: SchoolId,
        entries: &[EntryRow],
    ) -> Result<Self, ApiError> {
        let mut lookup = Self::new(school);
        let mut wanted = Wanted::default();
        for e in entries {
            wanted.entry(e);
        }
        lookup.load(conn, wanted)?;
        Ok(lookup)
    }

    /// Load what `wanted` names and the lookup does not hold yet, one query per kind: the
    /// assignments (and their subjects and teachers), the classes (and their bells), subjects,
    /// rooms, groups and people.
    pub(crate) fn load(
        &mut self,
        conn: &mut DbConnection,
        mut wanted: Wanted,
    ) -> Result<(), ApiError> {
        let school = self.school;
        let ids = missing(&wanted.assignments, &self.assignments);
        if !ids.is_empty() {
            for a in names::assignments(conn, school, &ids)? {
                wanted.subjects.insert(a.subject_id.clone());
                wanted.people.insert(a.teacher_id.clone());
                self.assignments.insert(a.id.clone(), a);
            }
        }
        for a in wanted
            .assignments
            .iter()
            .filter_map(|id| self.assignments.get(id))
        {
            wanted.subjects.insert(a.subject_id.clone());
        }
        let ids = missing(&wanted.classes, &self.classes);
        if !ids.is_empty() {
            for c in names::classes(conn, school, &ids)? {
                self.classes.insert(c.id.clone(), c);
            }
        }
        let schedules: Vec<String> = wanted
            .classes
            .iter()
            .filter_map(|id| self.classes.get(id))
            .filter_map(|c| c.bell_schedule_id.clone())
            .filter(|b| !self.schedules.contains(b))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if !schedules.is_empty() {
            for b in names::bells(conn, school, &schedules)? {
                self.bells
                    .insert((b.schedule_id, b.lesson_number), (b.starts_at, b.ends_at));
            }
            self.schedules.extend(schedules);
        }
        let ids = missing(&wanted.subjects, &self.subjects);
        if !ids.is_empty() {
            self.subjects.extend(names::subjects(conn, school, &ids)?);
        }
        let ids = missing(&wanted.rooms, &self.rooms);
        if !ids.is_empty() {
            self.rooms.extend(names::rooms(conn, school, &ids)?);
        }
        let ids = missing(&wanted.groups, &self.groups);
        if !ids.is_empty() {
            self.groups.extend(names::groups(conn, school, &ids)?);
        }
        let ids = missing(&wanted.people, &self.people);
        if !ids.is_empty() {
            let found = users::find_many(conn, &ids)?;
            for id in ids {
                let name = found
                    .iter()
                    .find(|u| u.id == id)
                    .map(|u| u.full_name())
                    .unwrap_or_default();
                self.people.insert(id, name);
            }
        }
        Ok(())
    }

    /// A subject's name; empty for an id of no subject of the school.
    pub(crate) fn subject(&self, id: &str) -> String {
        self.subjects.get(id).cloned().unwrap_or_default()
    }

    pub(crate) fn person(&mut self, conn: &mut DbConnection, id: &str) -> Result<String, ApiError> {
        if let Some(n) = self.people.get(id) {
            return Ok(n.clone());
        }
        let name = users::find(conn, UserId(uuid_of(id)?))?
            .map(|u| u.full_name())
            .unwrap_or_default();
        self.people.insert(id.to_owned(), name.clone());
        Ok(name)
    }

    /// A school year with its periods and holidays, read once per request.
    pub(crate) fn year(
        &mut self,
        conn: &mut DbConnection,
        year: &str,
    ) -> Result<Option<&YearWithCalendar>, ApiError> {
        if !self.years.contains_key(year) {
            if let Some(y) = sdb::year(conn, self.school, year)? {
                self.years.insert(year.to_owned(), y);
            }
        }
        Ok(self.years.get(year))
    }

    pub(crate) fn calendar(
        &mut self,
        conn: &mut DbConnection,
        year: &str,
    ) -> Result<Option<Calendar>, ApiError> {
        if !self.calendars.contains_key(year) {
            if let Some(c) = self.year(conn, year)?.map(YearWithCalendar::calendar) {
                self.calendars.insert(year.to_owned(), c);
            }
        }
        Ok(self.calendars.get(year).cloned())
    }

    pub(crate) fn class(&self, id: &str) -> Result<&roster::Class, ApiError> {
        self.classes
            .get(id)
            .ok_or_else(|| ApiError::internal(format!("class {id} missing")))
    }

    fn group_name(&self, e: &EntryRow) -> Option<String> {
        e.group_id
            .as_ref()
            .map(|g| self.groups.get(g).cloned().unwrap_or_default())
    }

    /// The names the views of `e` show: its class, group, subject and teacher (loaded).
    fn named(&mut self, conn: &mut DbConnection, e: &EntryRow) -> Result<Named, ApiError> {
        let subject = self
            .assignments
            .get(&e.assignment_id)
            .map(|a| a.subject_id.clone())
            .ok_or_else(|| ApiError::internal("assignment missing"))?;
        Ok(Named {
            class_id: uuid_of(&e.class_id)?,
            class_name: self.class(&e.class_id)?.name(),
            group_id: e.group_id.as_deref().map(uuid_of).transpose()?,
            group_name: self.group_name(e),
            subject_id: uuid_of(&subject)?,
            subject_name: self.subjects.get(&subject).cloned().unwrap_or_default(),
            teacher_id: uuid_of(&e.teacher_id)?,
            teacher_name: self.person(conn, &e.teacher_id)?,
        })
    }

    pub(crate) fn entry_view(
        &mut self,
        conn: &mut DbConnection,
        e: &EntryRow,
    ) -> Result<Entry, ApiError> {
        let mut wanted = Wanted::default();
        wanted.entry(e);
        self.load(conn, wanted)?;
        let n = self.named(conn, e)?;
        Ok(Entry {
            id: uuid_of(&e.id)?,
            assignment_id: uuid_of(&e.assignment_id)?,
            class_id: n.class_id,
            class_name: n.class_name,
            group_id: n.group_id,
            group_name: n.group_name,
            subject_id: n.subject_id,
            subject_name: n.subject_name,
            teacher_id: n.teacher_id,
            teacher_name: n.teacher_name,
            room_id: e.room_id.as_deref().map(uuid_of).transpose()?,
            room_name: e.room_id.as_ref().and_then(|r| self.rooms.get(r).cloned()),
            weekday: e.weekday.clamp(0, 7) as u8,
            lesson_number: e.lesson_number.clamp(0, 255) as u8,
            valid_from: e.valid_from,
            valid_to: e.valid_to,
        })
    }

    /// The dates of `e` within `range` that are teaching days of its class.
    pub(crate) fn dates(
        &mut self,
        conn: &mut DbConnection,
        e: &EntryRow,
        range: Span,
    ) -> Result<Vec<NaiveDate>, ApiError> {
        let class = self.class(&e.class_id)?.clone();
        let Some(year) = class.year_id.as_deref() else {
            return Ok(Vec::new());
        };
        let Some(calendar) = self.calendar(conn, year)? else {
            return Ok(Vec::new());
        };
        let week =
            WeekMode::from_days(class.week_days.clamp(0, 7) as u8).unwrap_or(WeekMode::FiveDays);
        Ok(lesson_dates(
            &e.entry(),
            range,
            class.grade.clamp(0, 11) as u8,
            week,
            &calendar,
        ))
    }

    /// The view of the lesson scheduled by `e` at `scheduled`: where it takes place (`Shown::Held`,
    /// the move's target for a moved lesson) or at its scheduled slot (`Shown::Scheduled`).
    pub(crate) fn lesson_view(
        &mut self,
        conn: &mut DbConnection,
        e: &EntryRow,
        scheduled: NaiveDate,
        change: Option<&ChangeRow>,
        record: Option<&LessonRecord>,
        shown: Shown,
    ) -> Result<Lesson, ApiError> {
        let mut wanted = Wanted::default();
        wanted.entry(e);
        if let Some(c) = change {
            wanted.change(c);
        }
        self.load(conn, wanted)?;
        let class = self.class(&e.class_id)?.clone();
        let n = self.named(conn, e)?;
        let scheduled_lesson = e.lesson_number.clamp(0, 255) as u8;
        let (date, lesson_number) = match (shown, change.and_then(ChangeRow::change)) {
            (Shown::Held, Some(c @ Change::Move { .. })) => {
                Change::held_at(Some(&c), scheduled, scheduled_lesson)
                    .unwrap_or((scheduled, scheduled_lesson))
            }
            _ => (scheduled, scheduled_lesson),
        };
        let bell = class.bell_schedule_id.as_ref().and_then(|b| {
            self.bells
                .get(&(b.clone(), i32::from(lesson_number)))
                .cloned()
        });
        let room_id = change
            .and_then(|c| c.room_id.clone())
            .or_else(|| e.room_id.clone());
        let change = match change {
            Some(c) => Some(LessonChange {
                kind: c.change_kind(),
                substitute_id: c.substitute_id.as_deref().map(uuid_of).transpose()?,
                substitute_name: match &c.substitute_id {
                    Some(s) => Some(self.person(conn, s)?),
                    None => None,
                },
                subject_name: c
                    .subject_id
                    .as_ref()
                    .and_then(|s| self.subjects.get(s).cloned()),
                moved_to_date: c.moved_to_date,
                moved_to_lesson: c.moved_to_lesson.map(|n| n.clamp(0, 255) as u8),
                reason: c.reason.clone(),
            }),
            None => None,
        };
        Ok(Lesson {
            entry_id: uuid_of(&e.id)?,
            date,
            lesson_number,
            scheduled_date: scheduled,
            scheduled_lesson,
            starts_at: bell.as_ref().map(|b| b.0.clone()),
            ends_at: bell.map(|b| b.1),
            class_id: n.class_id,
            class_name: n.class_name,
            group_id: n.group_id,
            group_name: n.group_name,
            subject_name: n.subject_name,
            teacher_id: n.teacher_id,
            teacher_name: n.teacher_name,
            room_id: room_id.as_deref().map(uuid_of).transpose()?,
            room_name: room_id.as_ref().and_then(|r| self.rooms.get(r).cloned()),
            change,
            conducted: record.is_some_and(|r| r.conducted),
            topic: record.and_then(|r| r.topic.clone()),
            homework: record.and_then(|r| r.homework.clone()),
        })
    }
}

/// What the views of a timetable entry name: its class, group, subject and teacher.
struct Named {
    class_id: Uuid,
    class_name: String,
    group_id: Option<Uuid>,
    group_name: Option<String>,
    subject_id: Uuid,
    subject_name: String,
    teacher_id: Uuid,
    teacher_name: String,
}

/// Which place of a lesson a view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shown {
    /// Where the lesson takes place (for a moved lesson, the move's target).
    Held,
    /// Its scheduled slot (for a moved lesson, marked as moved away).
    Scheduled,
}

/// Which lessons moved into a range from elsewhere a list of lessons shows.
pub(crate) enum Scope<'a> {
    /// Those of the listed entries only: the changes read are those of the listed entries.
    Listed,
    /// Those whose entry passes the test, from the whole school's changes in the range.
    Where(&'a dyn Fn(&EntryRow) -> bool),
}

/// A dated lesson with what was written in it (the record at its scheduled date).
pub(crate) struct Dated {
    pub(crate) lesson: Lesson,
    pub(crate) record: Option<LessonRecord>,
}

/// Dated lessons in `range` of `entries`, plus `extra` single lessons, plus lessons moved into the
/// range from elsewhere in `scope`; in date and lesson order. A moved lesson shows at its target
/// and at its scheduled slot (R-T2).
pub(crate) fn lessons(
    conn: &mut DbConnection,
    lookup: &mut Lookup,
    entries: &[EntryRow],
    extra: &[(EntryRow, NaiveDate)],
    range: Span,
    scope: Scope<'_>,
) -> Result<Vec<Lesson>, ApiError> {
    Ok(dated_lessons(conn, lookup, entries, extra, range, scope)?
        .into_iter()
        .map(|d| d.lesson)
        .collect())
}

/// [`lessons`] with their records, read in a few set-based queries whatever their number.
pub(crate) fn dated_lessons(
    conn: &mut DbConnection,
    lookup: &mut Lookup,
    entries: &[EntryRow],
    extra: &[(EntryRow, NaiveDate)],
    range: Span,
    scope: Scope<'_>,
) -> Result<Vec<Dated>, ApiError> {
    let changes = match scope {
        Scope::Listed => {
            let ids: Vec<String> = entries.iter().map(|e| e.id.clone()).collect();
            tdb::changes_of_entries(conn, lookup.school, &ids, range)?
        }
        Scope::Where(_) => tdb::changes_in(conn, lookup.school, range)?,
    };
    // The first change of a lesson is the one shown, as the changes come ordered.
    let mut change_of: HashMap<(&str, NaiveDate), &ChangeRow> = HashMap::new();
    for c in &changes {
        change_of
            .entry((c.entry_id.as_str(), c.lesson_date))
            .or_insert(c);
    }
    let mut wanted = Wanted::default();
    for e in entries.iter().chain(extra.iter().map(|(e, _)| e)) {
        wanted.entry(e);
    }
    for c in &changes {
        wanted.change(c);
    }
    lookup.load(conn, wanted)?;
    let mut seen = HashSet::new();
    let mut dated: Vec<(EntryRow, NaiveDate)> = Vec::new();
    for e in entries {
        for d in lookup.dates(conn, e, range)? {
            dated.push((e.clone(), d));
        }
    }
    dated.extend(extra.iter().cloned());
    dated.retain(|(e, d)| seen.insert((e.id.clone(), *d)));
    // Lessons scheduled outside the range (or on entries not listed) and moved into it.
    let moved_in: Vec<&ChangeRow> = changes
        .iter()
        .filter(|c| c.kind == "move" && c.moved_to_date.is_some_and(|d| range.contains(d)))
        .filter(|c| !seen.contains(&(c.entry_id.clone(), c.lesson_date)))
        .collect();
    let listed: HashMap<&str, &EntryRow> = entries.iter().map(|e| (e.id.as_str(), e)).collect();
    let other_ids: Vec<String> = moved_in
        .iter()
        .filter(|c| !listed.contains_key(c.entry_id.as_str()))
        .map(|c| c.entry_id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let others = if other_ids.is_empty() {
        Vec::new()
    } else {
        tdb::entries_among(conn, lookup.school, &other_ids)?
    };
    let mut moved: Vec<(EntryRow, &ChangeRow)> = Vec::new();
    for c in moved_in {
        let e = listed
            .get(c.entry_id.as_str())
            .copied()
            .or_else(|| others.iter().find(|o| o.id == c.entry_id));
        let Some(e) = e else { continue };
        let in_scope = match scope {
            Scope::Listed => listed.contains_key(e.id.as_str()),
            Scope::Where(test) => test(e),
        };
        if in_scope {
            moved.push((e.clone(), c));
        }
    }
    // Every record shown, in one query over the span of the dates asked.
    let record_ids: Vec<String> = dated
        .iter()
        .map(|(e, _)| e.id.clone())
        .chain(moved.iter().map(|(e, _)| e.id.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let dates = dated
        .iter()
        .map(|(_, d)| *d)
        .chain(moved.iter().map(|(_, c)| c.lesson_date));
    let (first, last) = dates.fold((range.starts_on, range.ends_on), |(a, b), d| {
        (a.min(d), b.max(d))
    });
    let records: HashMap<(String, NaiveDate), LessonRecord> = if record_ids.is_empty() {
        HashMap::new()
    } else {
        tdb::records_of(conn, &record_ids, first, last)?
            .into_iter()
            .map(|r| ((r.entry_id.clone(), r.lesson_date), r))
            .collect()
    };
    let record_at = |e: &EntryRow, d: NaiveDate| records.get(&(e.id.clone(), d)).cloned();
    let mut out = Vec::new();
    for (e, d) in dated {
        let change = change_of.get(&(e.id.as_str(), d)).copied();
        let record = record_at(&e, d);
        out.push(Dated {
            lesson: lookup.lesson_view(conn, &e, d, change, record.as_ref(), Shown::Scheduled)?,
            record: record.clone(),
        });
        if change.is_some_and(|c| c.kind == "move") {
            let moved = lookup.lesson_view(conn, &e, d, change, record.as_ref(), Shown::Held)?;
            if range.contains(moved.date) {
                out.push(Dated {
                    lesson: moved,
                    record,
                });
            }
        }
    }
    for (e, c) in moved {
        let record = record_at(&e, c.lesson_date);
        out.push(Dated {
            lesson: lookup.lesson_view(
                conn,
                &e,
                c.lesson_date,
                Some(c),
                record.as_ref(),
                Shown::Held,
            )?,
            record,
        });
    }
    out.sort_by_key(|d| {
        (
            d.lesson.date,
            d.lesson.lesson_number,
            d.lesson.class_name.clone(),
            d.lesson.is_moved_away(),
        )
    });
    Ok(out)
}

/// Whether the caller may (read, write) a listed lesson (R-A4, R-A5, R-A6, R-T2).
pub(crate) fn access_to(session: &Session, lookup: &Lookup, l: &Lesson) -> (bool, bool) {
    let change = l.change.as_ref().and_then(LessonChange::domain);
    let class_teacher = lookup
        .classes
        .get(&l.class_id.to_string())
        .and_then(|c| c.class_teacher_id.as_deref())
        .and_then(|t| t.parse().ok());
    let relation = LessonRelation {
        caller: session.caller.user_id,
        roles: &session.caller.roles,
        teacher: UserId(l.teacher_id),
        class_teacher,
        change: change.as_ref(),
    };
    (relation.may_read(), relation.may_write())
}

/// A dated lesson with the caller's relation to it; 404 when the entry has no lesson that day.
pub(crate) struct Located {
    pub(crate) entry: EntryRow,
    pub(crate) date: NaiveDate,
    pub(crate) change: Option<ChangeRow>,
    pub(crate) class_teacher: Option<UserId>,
}

pub(crate) fn locate(
    conn: &mut DbConnection,
    school: SchoolId,
    entry: Uuid,
    date: NaiveDate,
) -> Result<(Located, Lookup), ApiError> {
    let row = tdb::entry(conn, school, &entry.to_string())?.ok_or_else(ApiError::not_found)?;
    let mut lookup = Lookup::of_entries(conn, school, std::slice::from_ref(&row))?;
    if !lookup
        .dates(conn, &row, Span::new(date, date))?
        .contains(&date)
    {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NoSuchLesson,
            "this timetable entry has no lesson on that date",
        ));
    }
    let change = tdb::change_of(conn, &row.id, date)?;
    let class_teacher = lookup
        .class(&row.class_id)?
        .class_teacher_id
        .as_deref()
        .and_then(|t| t.parse().ok());
    Ok((
        Located {
            entry: row,
            date,
            change,
            class_teacher,
        },
        lookup,
    ))
}

/// Lessons of an archived year are read-only (R-B7).
pub(crate) fn ensure_lesson_open(
    conn: &mut DbConnection,
    school: SchoolId,
    lookup: &Lookup,
    l: &Located,
) -> Result<(), ApiError> {
    if let Some(year) = lookup.class(&l.entry.class_id)?.year_id.clone() {
        let y = sdb::year(conn, school, &year)?.ok_or_else(ApiError::not_found)?;
        ensure_open(&y.year)?;
    }
    Ok(())
}

pub(crate) fn relation<'a>(
    session: &'a Session,
    l: &Located,
    change: Option<&'a Change>,
) -> LessonRelation<'a> {
    LessonRelation {
        caller: session.caller.user_id,
        roles: &session.caller.roles,
        teacher: l.entry.teacher_id.parse().unwrap_or(UserId(Uuid::nil())),
        class_teacher: l.class_teacher,
        change,
    }
}
