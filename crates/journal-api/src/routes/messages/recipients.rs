//! Whom the caller may write to.

use super::side;
use crate::auth::{Auth, Session};
use crate::error::ApiError;
use crate::input::ValidQuery;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use journal_api_types::messages::{Recipient, RecipientQuery, RecipientRelation};
use journal_api_types::Problem;
use journal_db::messages::{self as mdb, StaffRelation};
use journal_db::{people, users, DbConnection};
use journal_domain::messaging::{fold, Side};
use journal_domain::{Role, UserId};
use std::collections::{BTreeMap, BTreeSet};

/// Whom the caller may write to, with names, roles and how they are related: for a guardian or
/// student, the staff of their children (class teacher, teachers, administration); for staff, the
/// colleagues and the families of children they teach, lead or administer.
#[utoipa::path(tag = "messages", security(("bearer" = [])), params(RecipientQuery),
    responses(
        (status = 200, body = Vec<Recipient>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/messages/recipients")]
pub async fn list_recipients(
    state: web::Data<AppState>,
    auth: Auth,
    query: ValidQuery<RecipientQuery>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let q = query
        .0
        .q
        .as_deref()
        .map(fold)
        .filter(|q| !q.trim().is_empty());
    let list = state
        .read(move |conn| recipients_of(conn, &session, q.as_deref()))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// What is known of a recipient: relations, what they are about (subjects or children), and the
/// family's children they are related through.
type Found = (
    BTreeSet<RecipientRelation>,
    BTreeSet<String>,
    BTreeSet<String>,
);

fn recipients_of(
    conn: &mut DbConnection,
    session: &Session,
    q: Option<&str>,
) -> Result<Vec<Recipient>, ApiError> {
    let school = session.caller.school_id;
    let me = session.caller.user_id.to_string();
    let day = session.today();
    let mut found: BTreeMap<String, Found> = BTreeMap::new();
    match side(session)? {
        Side::Family => {
            let subjects: BTreeMap<String, String> = journal_db::structure::subjects(conn, school)?
                .into_iter()
                .map(|s| (s.id, s.name))
                .collect();
            // Child by child (a family has a few), so that with several children each member of
            // staff is labelled with whose teacher they are.
            let children = crate::services::diary::my_students(conn, session)?;
            let several = children.len() > 1;
            for child in children {
                let kid = [child.id.to_string()];
                for (user, rel) in mdb::staff_of_children(conn, school, &kid, day)? {
                    let e = found.entry(user).or_default();
                    e.0.extend(rel.relations.iter().map(|r| match r {
                        StaffRelation::ClassTeacher => RecipientRelation::ClassTeacher,
                        StaffRelation::Teacher => RecipientRelation::Teacher,
                        StaffRelation::Administration => RecipientRelation::Administration,
                    }));
                    e.1.extend(
                        rel.subject_ids
                            .iter()
                            .filter_map(|s| subjects.get(s).cloned()),
                    );
                    if several {
                        e.2.insert(if child.class_name.is_empty() {
                            child.name.clone()
                        } else {
                            format!("{}, {}", child.name, child.class_name)
                        });
                    }
                }
            }
        }
        Side::Staff => {
            let staff_roles = ["director", "deputy", "admin", "secretary", "teacher"];
            for (user, roles) in mdb::accounts_with_roles(conn, school, &staff_roles)? {
                let rel = if roles
                    .iter()
                    .any(|r| matches!(r.as_str(), "director" | "deputy" | "secretary"))
                {
                    RecipientRelation::Administration
                } else {
                    RecipientRelation::Colleague
                };
                found.entry(user).or_default().0.insert(rel);
            }
            let admin = session
                .caller
                .roles
                .iter()
                .any(|r| matches!(r, Role::Director | Role::Deputy | Role::Secretary));
            let students = mdb::students_of_staff(conn, school, &me, admin, day)?;
            // Only the students the list names, not the whole school.
            let names: BTreeMap<String, String> = people::find_students(conn, school, &students)?
                .into_values()
                .map(|s| (s.id, format!("{} {}", s.last_name, s.first_name)))
                .collect();
            for (user, fam) in mdb::families_of(conn, school, &students)? {
                let e = found.entry(user).or_default();
                e.0.insert(if fam.kind == "student" {
                    RecipientRelation::Student
                } else {
                    RecipientRelation::Guardian
                });
                e.1.extend(fam.student_ids.iter().filter_map(|s| names.get(s).cloned()));
            }
        }
    }
    found.remove(&me);
    let ids: Vec<String> = found.keys().cloned().collect();
    let accounts = users::find_many(conn, &ids)?;
    let mut roles = users::roles_of_many(conn, school, &ids)?;
    let mut out = Vec::new();
    for u in accounts {
        let name = u.full_name();
        if q.is_some_and(|q| !fold(&name).contains(q)) {
            continue;
        }
        let Some((rels, about, children)) = found.remove(&u.id) else {
            continue;
        };
        let uid: UserId = u.id.parse().map_err(ApiError::internal)?;
        out.push(Recipient {
            user_id: uid.0,
            name,
            roles: roles.remove(&u.id).unwrap_or_default(),
            relations: rels.into_iter().collect(),
            about: about.into_iter().collect(),
            children: children.into_iter().collect(),
        });
    }
    out.sort_by_cached_key(|r| {
        (
            r.relations.first().copied(),
            journal_domain::collate::ru_key(&r.name),
        )
    });
    Ok(out)
}
