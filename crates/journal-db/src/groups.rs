//! Groups (R-B3): subgroups of a class, streams across classes and individual-plan students, with
//! their classes and dated members; who sits in a lesson on a date (a group lesson: the group's
//! members that day); carrying groups into the next year at the rollover (R-B7). Every query is
//! scoped by school: another school's group is simply not found (R-A11).

use crate::schema::{
    classes, group_classes, group_members, groups, students, teaching_assignments,
    timetable_entries,
};
use crate::{batch_insert, DbConnection};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use journal_domain::collate::ru_key;
use journal_domain::groups::{
    carry_group, carry_membership, membership_on_move, GroupKind, Membership, OnMove, Promotion,
    Tenure,
};
use journal_domain::timetable::EntryGroup;
use journal_domain::{ClassId, SchoolId};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = groups)]
pub struct GroupRow {
    pub id: String,
    pub school_id: String,
    pub year_id: String,
    pub name: String,
    /// `subgroup`, `stream` or `individual`.
    pub kind: String,
    /// Groups of one division are parallel (e.g. «Английский язык»).
    pub division: Option<String>,
    pub created_at: NaiveDateTime,
}

impl GroupRow {
    pub fn kind(&self) -> GroupKind {
        GroupKind::parse(&self.kind).unwrap_or(GroupKind::Subgroup)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = group_classes)]
pub struct GroupClass {
    pub school_id: String,
    pub group_id: String,
    pub class_id: String,
}

/// One dated membership of a student in a group.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = group_members)]
pub struct MemberRow {
    pub id: String,
    pub school_id: String,
    pub group_id: String,
    pub student_id: String,
    pub from_date: NaiveDate,
    /// The last day; `None` while still a member.
    pub to_date: Option<NaiveDate>,
}

impl MemberRow {
    pub fn tenure(&self) -> Tenure {
        Tenure::new(self.from_date, self.to_date)
    }
}

/// A group with the ids of its classes, in grade and letter order (the first is the class an
/// assignment of the group records).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub row: GroupRow,
    pub classes: Vec<String>,
}

impl Group {
    /// The domain view for the clash rules.
    pub fn entry_group(&self) -> EntryGroup {
        EntryGroup {
            id: self.row.id.clone(),
            name: self.row.name.clone(),
            division: self.row.division.clone(),
            classes: self
                .classes
                .iter()
                .filter_map(|c| c.parse::<ClassId>().ok())
                .collect(),
        }
    }

    /// The class recorded on the group's assignments and timetable entries: its only class, or a
    /// stream's first in grade and Russian letter order.
    pub fn first_class(&self) -> Option<&String> {
        self.classes.first()
    }
}

/// Store a group and its classes.
pub fn insert_group(
    conn: &mut DbConnection,
    g: &GroupRow,
    class_ids: &[String],
) -> QueryResult<()> {
    diesel::insert_into(groups::table).values(g).execute(conn)?;
    let rows: Vec<GroupClass> = class_ids
        .iter()
        .map(|c| GroupClass {
            school_id: g.school_id.clone(),
            group_id: g.id.clone(),
            class_id: c.clone(),
        })
        .collect();
    if !rows.is_empty() {
        batch_insert!(conn, group_classes::table, &rows)?;
    }
    Ok(())
}

/// Groups with their classes, the classes in grade and letter order.
fn with_classes(
    conn: &mut DbConnection,
    school: SchoolId,
    rows: Vec<GroupRow>,
) -> QueryResult<Vec<Group>> {
    let ids: Vec<String> = rows.iter().map(|g| g.id.clone()).collect();
    let mut links: Vec<(String, String, i32, String)> = group_classes::table
        .inner_join(classes::table.on(classes::id.eq(group_classes::class_id)))
        .filter(group_classes::school_id.eq(school.to_string()))
        .filter(group_classes::group_id.eq_any(&ids))
        .select((
            group_classes::group_id,
            group_classes::class_id,
            classes::grade,
            classes::letter,
        ))
        .load(conn)?;
    links.sort_by_cached_key(|(_, _, grade, letter)| (*grade, ru_key(letter)));
    let mut by_group: HashMap<String, Vec<String>> = HashMap::new();
    for (g, c, _, _) in links {
        by_group.entry(g).or_default().push(c);
    }
    Ok(rows
        .into_iter()
        .map(|row| Group {
            classes: by_group.remove(&row.id).unwrap_or_default(),
            row,
        })
        .collect())
}

/// A group of the school; `None` for an unknown id or another school's group.
pub fn group(conn: &mut DbConnection, school: SchoolId, id: &str) -> QueryResult<Option<Group>> {
    let Some(row) = groups::table
        .filter(groups::school_id.eq(school.to_string()))
        .filter(groups::id.eq(id))
        .select(GroupRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    Ok(with_classes(conn, school, vec![row])?.pop())
}

/// Groups of a school (of one year, drawing from one class, when given), by their first class
/// (grade and letter), then in Russian order of their names.
pub fn groups(
    conn: &mut DbConnection,
    school: SchoolId,
    year: Option<&str>,
    class: Option<&str>,
) -> QueryResult<Vec<Group>> {
    let mut q = groups::table
        .filter(groups::school_id.eq(school.to_string()))
        .into_boxed();
    if let Some(y) = year {
        q = q.filter(groups::year_id.eq(y.to_owned()));
    }
    if let Some(c) = class {
        let of_class = crate::structure::group_ids_of_class(conn, school, c)?;
        q = q.filter(groups::id.eq_any(of_class));
    }
    let rows: Vec<GroupRow> = q.select(GroupRow::as_select()).load(conn)?;
    let mut out = with_classes(conn, school, rows)?;
    let order: HashMap<String, usize> = crate::structure::classes(conn, school, None)?
        .into_iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    out.sort_by_cached_key(|g| {
        (
            g.first_class().and_then(|c| order.get(c)).copied(),
            ru_key(&g.row.name),
            g.row.id.clone(),
        )
    });
    Ok(out)
}

/// Rename a group or change its division.
pub fn update_group(
    conn: &mut DbConnection,
    id: &str,
    name: &str,
    division: Option<&str>,
) -> QueryResult<usize> {
    diesel::update(groups::table.find(id))
        .set((groups::name.eq(name), groups::division.eq(division)))
        .execute(conn)
}

/// Delete a group with its classes and memberships (its assignments must be gone first).
pub fn delete_group(conn: &mut DbConnection, id: &str) -> QueryResult<usize> {
    diesel::delete(group_members::table.filter(group_members::group_id.eq(id))).execute(conn)?;
    diesel::delete(group_classes::table.filter(group_classes::group_id.eq(id))).execute(conn)?;
    diesel::delete(groups::table.find(id)).execute(conn)
}

/// How many teaching assignments and timetable entries name the group.
pub fn uses_of(conn: &mut DbConnection, id: &str) -> QueryResult<(i64, i64)> {
    let assignments = teaching_assignments::table
        .filter(teaching_assignments::group_id.eq(id))
        .count()
        .get_result(conn)?;
    let entries = timetable_entries::table
        .filter(timetable_entries::group_id.eq(id))
        .count()
        .get_result(conn)?;
    Ok((assignments, entries))
}

/// Memberships of a group: all of them, or those holding on `on`; by first day.
pub fn members(
    conn: &mut DbConnection,
    school: SchoolId,
    group: &str,
    on: Option<NaiveDate>,
) -> QueryResult<Vec<MemberRow>> {
    let mut q = group_members::table
        .filter(group_members::school_id.eq(school.to_string()))
        .filter(group_members::group_id.eq(group))
        .into_boxed();
    if let Some(d) = on {
        q = q.filter(group_members::from_date.le(d)).filter(
            group_members::to_date
                .is_null()
                .or(group_members::to_date.ge(d)),
        );
    }
    q.order((group_members::from_date.asc(), group_members::id.asc()))
        .select(MemberRow::as_select())
        .load(conn)
}

/// How many members each of `groups` has on `on`, in one query per 500 groups; a group without
/// members is absent from the map.
pub fn member_counts(
    conn: &mut DbConnection,
    school: SchoolId,
    groups: &[&str],
    on: NaiveDate,
) -> QueryResult<std::collections::HashMap<String, i64>> {
    let mut counts = std::collections::HashMap::with_capacity(groups.len());
    for chunk in groups.chunks(500) {
        let rows: Vec<(String, i64)> = group_members::table
            .filter(group_members::school_id.eq(school.to_string()))
            .filter(group_members::group_id.eq_any(chunk))
            .filter(group_members::from_date.le(on))
            .filter(
                group_members::to_date
                    .is_null()
                    .or(group_members::to_date.ge(on)),
            )
            .group_by(group_members::group_id)
            .select((group_members::group_id, diesel::dsl::count_star()))
            .load(conn)?;
        counts.extend(rows);
    }
    Ok(counts)
}

/// The student's memberships in the groups of one year, as the membership rules see them.
pub fn memberships_of(
    conn: &mut DbConnection,
    school: SchoolId,
    student: &str,
    year: &str,
) -> QueryResult<Vec<(MemberRow, Membership)>> {
    let rows: Vec<(MemberRow, GroupRow)> = group_members::table
        .inner_join(groups::table.on(groups::id.eq(group_members::group_id)))
        .filter(group_members::school_id.eq(school.to_string()))
        .filter(group_members::student_id.eq(student))
        .filter(groups::year_id.eq(year))
        .select((MemberRow::as_select(), GroupRow::as_select()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(m, g)| {
            let membership = Membership {
                group_id: g.id,
                group_name: g.name,
                division: g.division,
                tenure: m.tenure(),
            };
            (m, membership)
        })
        .collect())
}

pub fn insert_members(conn: &mut DbConnection, rows: &[MemberRow]) -> QueryResult<usize> {
    if rows.is_empty() {
        return Ok(0);
    }
    batch_insert!(conn, group_members::table, rows)
}

/// End a membership on `last_day`.
pub fn end_member(conn: &mut DbConnection, id: &str, last_day: NaiveDate) -> QueryResult<usize> {
    diesel::update(group_members::table.find(id))
        .set(group_members::to_date.eq(Some(last_day)))
        .execute(conn)
}

/// A student moves to `new_class` (or leaves the school, `None`) on `on`: each membership is
/// kept, ended or dropped as `journal_domain::groups::membership_on_move` decides. Returns how
/// many memberships changed.
pub fn end_memberships_on_move(
    conn: &mut DbConnection,
    school: SchoolId,
    student: &str,
    new_class: Option<&str>,
    on: NaiveDate,
) -> QueryResult<usize> {
    let rows: Vec<MemberRow> = group_members::table
        .filter(group_members::school_id.eq(school.to_string()))
        .filter(group_members::student_id.eq(student))
        .filter(
            group_members::to_date
                .is_null()
                .or(group_members::to_date.ge(on)),
        )
        .select(MemberRow::as_select())
        .load(conn)?;
    let mut changed = 0;
    for m in rows {
        let takes_new_class = match new_class {
            Some(c) => {
                group_classes::table
                    .filter(group_classes::group_id.eq(&m.group_id))
                    .filter(group_classes::class_id.eq(c))
                    .count()
                    .get_result::<i64>(conn)?
                    > 0
            }
            None => false,
        };
        changed += match membership_on_move(m.from_date, takes_new_class, on) {
            OnMove::Stays => 0,
            OnMove::Ends { last_day } => end_member(conn, &m.id, last_day)?,
            OnMove::Dropped => diesel::delete(group_members::table.find(&m.id)).execute(conn)?,
        };
    }
    Ok(changed)
}

/// Ids of the students who are members of `group` on `date`.
pub fn member_ids_on(
    conn: &mut DbConnection,
    school: SchoolId,
    group: &str,
    date: NaiveDate,
) -> QueryResult<Vec<String>> {
    Ok(members(conn, school, group, Some(date))?
        .into_iter()
        .map(|m| m.student_id)
        .collect())
}

/// Ids of the students on an individual plan on `date` (members of an `individual` group).
pub fn individual_plan_student_ids(
    conn: &mut DbConnection,
    school: SchoolId,
    date: NaiveDate,
) -> QueryResult<Vec<String>> {
    group_members::table
        .inner_join(groups::table.on(groups::id.eq(group_members::group_id)))
        .filter(group_members::school_id.eq(school.to_string()))
        .filter(groups::kind.eq(GroupKind::Individual.as_str()))
        .filter(group_members::from_date.le(date))
        .filter(
            group_members::to_date
                .is_null()
                .or(group_members::to_date.ge(date)),
        )
        .select(group_members::student_id)
        .distinct()
        .load(conn)
}

/// The clash view of every group of the school named by `ids`.
pub fn entry_groups(
    conn: &mut DbConnection,
    school: SchoolId,
    ids: &[String],
) -> QueryResult<HashMap<String, EntryGroup>> {
    let rows: Vec<GroupRow> = groups::table
        .filter(groups::school_id.eq(school.to_string()))
        .filter(groups::id.eq_any(ids))
        .select(GroupRow::as_select())
        .load(conn)?;
    Ok(with_classes(conn, school, rows)?
        .into_iter()
        .map(|g| (g.row.id.clone(), g.entry_group()))
        .collect())
}

/// Carry the groups of `old_year` into `new_year` at the rollover (R-B7), as
/// `journal_domain::groups::carry_group` and `carry_membership` decide: the new groups with their
/// classes, the old memberships ended, the carried ones from `starts_on`. Returns how many groups
/// were carried.
pub fn carry_into(
    conn: &mut DbConnection,
    school: SchoolId,
    old_year: (&str, NaiveDate),
    new_year: (&str, NaiveDate),
    promoted: &HashMap<String, Promotion>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    let (old_id, old_end) = old_year;
    let (new_id, starts_on) = new_year;
    let mut taken: Vec<String> = Vec::new();
    let mut carried = 0;
    for g in groups(conn, school, Some(old_id), None)? {
        let Some(plan) = carry_group(&g.row.name, g.row.kind(), &g.classes, promoted, &taken)
        else {
            continue;
        };
        taken.push(plan.name.clone());
        let row = GroupRow {
            id: uuid::Uuid::new_v4().to_string(),
            school_id: school.to_string(),
            year_id: new_id.to_owned(),
            name: plan.name,
            kind: plan.kind.as_str().to_owned(),
            division: g.row.division.clone(),
            created_at: at,
        };
        insert_group(conn, &row, &plan.classes)?;
        let in_new_classes: Vec<String> = students::table
            .filter(students::school_id.eq(school.to_string()))
            .filter(students::class_id.eq_any(&plan.classes))
            .select(students::id)
            .load(conn)?;
        let mut carried_members = Vec::new();
        for m in members(conn, school, &g.row.id, None)? {
            let Some(c) =
                carry_membership(m.tenure(), old_end, in_new_classes.contains(&m.student_id))
            else {
                continue;
            };
            if let Some(last_day) = c.ends_on {
                end_member(conn, &m.id, last_day)?;
            }
            if c.carries {
                carried_members.push(MemberRow {
                    id: uuid::Uuid::new_v4().to_string(),
                    school_id: school.to_string(),
                    group_id: row.id.clone(),
                    student_id: m.student_id.clone(),
                    from_date: starts_on,
                    to_date: None,
                });
            }
        }
        insert_members(conn, &carried_members)?;
        carried += 1;
    }
    Ok(carried)
}
