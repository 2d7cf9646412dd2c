//! Teaching assignments as the API shows them, with their names loaded once per request.

use super::uuid_of;
use crate::error::ApiError;
use journal_api_types::structure::Assignment;
use journal_db::structure::{self as db};
use journal_db::{users, DbConnection};
use journal_domain::SchoolId;
use std::collections::HashMap;

/// Names shown with assignments, loaded once per request rather than once per row.
pub(crate) struct AssignmentNames {
    teachers: HashMap<String, String>,
    subjects: HashMap<String, String>,
    classes: HashMap<String, String>,
    groups: HashMap<String, String>,
}

impl AssignmentNames {
    pub(crate) fn load(
        conn: &mut DbConnection,
        school: SchoolId,
        rows: &[db::Assignment],
    ) -> Result<Self, ApiError> {
        let mut teacher_ids: Vec<String> = rows.iter().map(|a| a.teacher_id.clone()).collect();
        teacher_ids.sort();
        teacher_ids.dedup();
        Ok(Self {
            teachers: users::find_many(conn, &teacher_ids)?
                .into_iter()
                .map(|u| (u.id.clone(), u.full_name()))
                .collect(),
            subjects: db::subjects(conn, school)?
                .into_iter()
                .map(|s| (s.id, s.name))
                .collect(),
            classes: db::classes(conn, school, None)?
                .into_iter()
                .map(|c| (c.id.clone(), c.name()))
                .collect(),
            groups: journal_db::groups::groups(conn, school, None, None)?
                .into_iter()
                .map(|g| (g.row.id, g.row.name))
                .collect(),
        })
    }

    pub(crate) fn view(&self, a: &db::Assignment) -> Result<Assignment, ApiError> {
        let name =
            |map: &HashMap<String, String>, id: &str| map.get(id).cloned().unwrap_or_default();
        Ok(Assignment {
            id: uuid_of(&a.id)?,
            year_id: uuid_of(&a.year_id)?,
            teacher_id: uuid_of(&a.teacher_id)?,
            teacher_name: name(&self.teachers, &a.teacher_id),
            subject_id: uuid_of(&a.subject_id)?,
            subject_name: name(&self.subjects, &a.subject_id),
            class_id: uuid_of(&a.class_id)?,
            class_name: name(&self.classes, &a.class_id),
            hours_per_week: a.hours_per_week.clamp(0, 255) as u8,
            group_id: a.group_id.as_deref().map(uuid_of).transpose()?,
            group_name: a.group_id.as_ref().map(|g| name(&self.groups, g)),
        })
    }
}

/// One assignment as the API shows it.
pub(crate) fn assignment_view(
    conn: &mut DbConnection,
    school: SchoolId,
    a: &db::Assignment,
) -> Result<Assignment, ApiError> {
    AssignmentNames::load(conn, school, std::slice::from_ref(a))?.view(a)
}
