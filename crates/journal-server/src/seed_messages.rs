//! Demo messages (R-D3): the `parent` account's conversations with the staff of her children — one
//! she started with a class teacher and was answered in, one a subject teacher started and she has
//! not read yet — and a class announcement to the families of her first child's class.

use anyhow::{bail, Result};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use journal_db::messages::{self as mdb, MessageRow, ParticipantRow, StaffRelation, ThreadRow};
use journal_db::roster::Class;
use journal_db::{users, DbConnection};
use journal_domain::messaging::fold;
use journal_domain::SchoolId;

/// How many threads the demo holds.
pub fn fill(
    conn: &mut DbConnection,
    school: SchoolId,
    classes: &[Class],
    today: NaiveDate,
    at: NaiveDateTime,
) -> Result<usize> {
    let Some(parent) = users::find_by_login(conn, "parent")? else {
        bail!("the demo has no parent account");
    };
    let kids = mdb::children_of(conn, school, &parent.id)?;
    let mut threads = 0;
    let mut teachers: Vec<(String, StaffRelation, String)> = Vec::new();
    for kid in &kids {
        for (user, rel) in mdb::staff_of_children(conn, school, std::slice::from_ref(kid), today)? {
            if let Some(r) = rel.relations.iter().next() {
                teachers.push((user, *r, kid.clone()));
            }
        }
    }
    let class_teacher = teachers
        .iter()
        .find(|(_, r, _)| *r == StaffRelation::ClassTeacher)
        .cloned();
    let subject_teacher = teachers
        .iter()
        .find(|(u, r, _)| {
            *r == StaffRelation::Teacher && class_teacher.as_ref().is_none_or(|c| c.0 != *u)
        })
        .cloned();
    let mut thread = |conn: &mut DbConnection,
                      subject: &str,
                      people: &[(&str, bool)],
                      class_id: Option<String>,
                      lines: &[(&str, &str, i64)]|
     -> Result<()> {
        let start = at - Duration::hours(lines.first().map_or(0, |l| l.2));
        let t = ThreadRow {
            id: uuid::Uuid::new_v4().to_string(),
            school_id: school.to_string(),
            kind: if class_id.is_some() {
                "announcement"
            } else {
                "direct"
            }
            .into(),
            subject: subject.into(),
            search: fold(subject),
            class_id,
            created_by: lines.first().map_or(String::new(), |l| l.0.to_owned()),
            created_at: start,
            last_message_at: start,
        };
        mdb::insert_thread(conn, &t)?;
        let parts: Vec<ParticipantRow> = people
            .iter()
            .map(|(u, may_post)| ParticipantRow {
                school_id: t.school_id.clone(),
                thread_id: t.id.clone(),
                user_id: (*u).to_owned(),
                may_post: *may_post,
                last_read_at: None,
            })
            .collect();
        mdb::insert_participants(conn, &parts)?;
        for (author, body, hours_ago) in lines {
            mdb::insert_message(
                conn,
                &MessageRow {
                    id: uuid::Uuid::new_v4().to_string(),
                    school_id: t.school_id.clone(),
                    thread_id: t.id.clone(),
                    author_id: (*author).to_owned(),
                    body: (*body).to_owned(),
                    search: fold(body),
                    created_at: at - Duration::hours(*hours_ago),
                },
            )?;
            // Each author has read the thread up to their own message.
            mdb::mark_read(conn, &t.id, author)?;
        }
        threads += 1;
        Ok(())
    };
    let p = parent.id.as_str();
    if let Some((ct, _, _)) = &class_teacher {
        thread(
            conn,
            "Справка после болезни",
            &[(p, true), (ct, true)],
            None,
            &[
                (p, "Здравствуйте! Ребёнок болел с понедельника по среду, справку передам завтра утром.", 50),
                (ct, "Здравствуйте! Спасибо, что предупредили. Пропуски отмечу как уважительные, задания на неделю есть в дневнике.", 47),
                (p, "Спасибо большое!", 46),
            ],
        )?;
    }
    if let Some((st, _, _)) = &subject_teacher {
        thread(
            conn,
            "Школьный этап олимпиады",
            &[(st, true), (p, true)],
            None,
            &[(
                st,
                "Добрый день! Предлагаю записать вашего ребёнка на школьный этап олимпиады. Задания прошлых лет могу передать на уроке. Напишите, пожалуйста, согласны ли вы.",
                5,
            )],
        )?;
    }
    // The class teacher of the first child's class announces a meeting to the class's families.
    let first_class = kids.first().and_then(|k| {
        classes.iter().find(|c| {
            c.class_teacher_id.is_some()
                && mdb::students_of_class(conn, school, &c.id)
                    .map(|s| s.contains(k))
                    .unwrap_or(false)
        })
    });
    if let Some(class) = first_class {
        let Some(ct) = class.class_teacher_id.clone() else {
            return Ok(threads);
        };
        let students = mdb::students_of_class(conn, school, &class.id)?;
        let families = mdb::families_of(conn, school, &students)?;
        let mut people: Vec<(&str, bool)> = vec![(ct.as_str(), true)];
        people.extend(families.keys().map(|u| (u.as_str(), false)));
        thread(
            conn,
            &format!("Родительское собрание {}", class.name()),
            &people,
            Some(class.id.clone()),
            &[(
                ct.as_str(),
                "Уважаемые родители! Приглашаю на родительское собрание в четверг в 18:00 в кабинете класса. Обсудим итоги четверти и подготовку к экскурсии.",
                20,
            )],
        )?;
    }
    Ok(threads)
}
