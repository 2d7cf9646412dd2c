//! Gradebook (R-E3), read only, under `/ims/oneroster/gradebook/v1p2`.
//!
//! Mapping: a category is a work type of the school with its weight (and «Итоговая отметка» for
//! the finals, «Работа на уроке» for a lesson whose work types were not recorded); a line item is
//! a lesson of a scheduled class at which marks were given, or a period's or the year's final of
//! the class; a result is a mark or a final — a five-point value as `score`, anything else (Н/А,
//! «осв.», зачёт) as `textScore` (`journal_domain::oneroster::score`); each scheduled class has
//! the score scale of its subject in its grade. Assessment line items and results (another
//! scope, for assessments outside classes) are not served: every mark in Journal belongs to a
//! class.

use super::classes::{class_exists, classes_source, person_exists};
use super::{
    first, list, nested, one, own_school, paged, read, reference, reference_in, single, timestamp,
    Batch, Built, Called, ListQuery, OrError, Source,
};
use crate::error::ApiError;
use actix_web::get;
use journal_api_types::oneroster::{
    Category, CategorySet, Class, GradeResult, GuidRef, ImsxStatusInfo, LineItem, LineItemSet,
    ResultSet, ScoreScale, ScoreScaleSet, ScoreScaleValue, SingleCategory, SingleLineItem,
    SingleResult, SingleScoreScale,
};
use journal_db::oneroster::{
    self as odb, Classes, LineItemRow, LineItems, ResultRow, Results, Window,
};
use journal_db::DbConnection;
use journal_domain::clients::Scope;
use journal_domain::marks::Scale;
use journal_domain::oneroster::{scale_title, scale_values, score};
use journal_domain::SchoolId;

/// The gradebook service's base.
pub const GRADEBOOK_BASE: &str = "/ims/oneroster/gradebook/v1p2";

const CATEGORY_FIELDS: &[&str] = &["sourcedId", "status", "dateLastModified", "title", "weight"];
const LINE_ITEM_FIELDS: &[&str] = &[
    "sourcedId",
    "status",
    "dateLastModified",
    "title",
    "description",
    "assignDate",
    "dueDate",
    "class",
    "school",
    "category",
    "gradingPeriod",
    "academicSession",
    "scoreScale",
];
const RESULT_FIELDS: &[&str] = &[
    "sourcedId",
    "status",
    "dateLastModified",
    "lineItem",
    "student",
    "class",
    "scoreScale",
    "scoreStatus",
    "score",
    "textScore",
    "scoreDate",
    "comment",
];
const SCALE_FIELDS: &[&str] = &[
    "sourcedId",
    "status",
    "dateLastModified",
    "title",
    "type",
    "course",
    "class",
    "scoreScaleValue",
];

/// A reference to a record of the gradebook service.
fn gb_reference(req: &Called, path: &str, id: &str, kind: &str) -> GuidRef {
    reference_in(GRADEBOOK_BASE, req, path, id, kind)
}

/// A category's `sourcedId`: the school's and the work type's code (`final` for the finals,
/// `lesson` for lessons without recorded work types).
fn category_id(school: SchoolId, code: &str) -> String {
    format!("{school}.{code}")
}

/// A scheduled class's score scale's `sourcedId`.
fn scale_id(class: &str) -> String {
    format!("{class}.scale")
}

/// The school's categories: its work types, the finals and lessons without recorded work types.
fn categories_of(conn: &mut DbConnection, school: SchoolId) -> Result<Vec<Category>, ApiError> {
    let s = journal_db::schools::find(conn, school)?.ok_or_else(ApiError::not_found)?;
    let since = timestamp(s.created_at);
    let mut out: Vec<Category> = journal_db::journal::work_types(conn, school)?
        .into_iter()
        .map(|w| Category {
            sourced_id: category_id(school, &w.code),
            status: if w.archived { "tobedeleted" } else { "active" }.into(),
            date_last_modified: since.clone(),
            title: w.name,
            weight: Some(f64::from(w.weight_tenths) / 10.0),
        })
        .collect();
    for (code, title) in [("final", "Итоговая отметка"), ("lesson", "Работа на уроке")]
    {
        out.push(Category {
            sourced_id: category_id(school, code),
            status: "active".into(),
            date_last_modified: since.clone(),
            title: title.into(),
            weight: None,
        });
    }
    Ok(out)
}

/// The scale of each subject in each grade the school set: (subject, grade) → scale.
fn scales_of(
    conn: &mut DbConnection,
    school: SchoolId,
) -> Result<Vec<(String, i32, Scale)>, ApiError> {
    Ok(journal_db::journal::scales(conn, school)?)
}

fn score_scale(req: &Called, set: &[(String, i32, Scale)], class: Class) -> ScoreScale {
    let grade: i32 = class
        .grades
        .first()
        .and_then(|g| g.parse().ok())
        .unwrap_or(0);
    let scale = set
        .iter()
        .find(|(s, g, _)| *s == class.course.sourced_id && *g == grade)
        .map(|(_, _, sc)| *sc)
        .unwrap_or_else(|| Scale::default_for_grade(u8::try_from(grade).unwrap_or(0)));
    let (title, kind) = scale_title(scale);
    ScoreScale {
        sourced_id: scale_id(&class.sourced_id),
        status: "active".into(),
        date_last_modified: class.date_last_modified.clone(),
        title: format!("{title}: {}", class.title),
        kind: kind.into(),
        score_scale_value: scale_values(scale)
            .into_iter()
            .map(|(v, m)| ScoreScaleValue {
                item_value_lhs: v,
                item_value_rhs: m.into(),
            })
            .collect(),
        course: class.course,
        class: reference(req, "classes", &class.sourced_id, "class"),
    }
}

/// The score scales of a set of (scheduled) classes.
fn scales_where(
    conn: &mut DbConnection,
    req: &Called,
    school: SchoolId,
    q: &ListQuery,
    set: Classes,
) -> Built {
    let scales = scales_of(conn, school)?;
    let source = classes_source(conn, req, school, set)?.map(move |c| score_scale(req, &scales, c));
    Ok(paged(conn, req, q, "scoreScales", SCALE_FIELDS, source))
}

fn line_item_of(req: &Called, school: SchoolId, r: LineItemRow) -> LineItem {
    let day = format!("{}T00:00:00.000Z", r.item_date);
    let (title, category) = match (r.kind.as_str(), r.period_kind.as_deref(), r.period_number) {
        ("period", Some(kind), Some(n)) => (
            format!(
                "{}, {}",
                r.subject,
                journal_domain::printed::period(kind, u8::try_from(n).unwrap_or(0))
            ),
            "final".to_owned(),
        ),
        ("year", _, _) | ("period", _, _) => (format!("{}, год", r.subject), "final".to_owned()),
        _ => (
            format!("{}, урок {}", r.subject, r.item_date.format("%d.%m.%Y")),
            r.work_types
                .split(',')
                .map(str::trim)
                .find(|c| !c.is_empty())
                .unwrap_or("lesson")
                .to_owned(),
        ),
    };
    LineItem {
        status: "active".into(),
        date_last_modified: timestamp(r.date_last_modified),
        title,
        description: r.description.filter(|d| !d.trim().is_empty()),
        assign_date: day.clone(),
        due_date: day,
        school: reference(req, "schools", &school.to_string(), "org"),
        category: gb_reference(
            req,
            "categories",
            &category_id(school, &category),
            "category",
        ),
        grading_period: r
            .period_id
            .as_deref()
            .map(|p| reference(req, "gradingPeriods", p, "academicSession")),
        academic_session: reference(req, "terms", &r.year_id, "academicSession"),
        score_scale: gb_reference(req, "scoreScales", &scale_id(&r.class_id), "scoreScale"),
        class: reference(req, "classes", &r.class_id, "class"),
        sourced_id: r.sourced_id,
    }
}

fn line_items_source<'a>(
    req: &'a Called,
    school: SchoolId,
    set: LineItems,
) -> Source<'a, LineItem> {
    let counted = set.clone();
    Source {
        count: Some(Box::new(move |conn: &mut DbConnection| {
            Ok(odb::line_items_count(conn, school, &counted)?)
        })),
        fetch: Box::new(move |conn: &mut DbConnection, w: &Window| {
            let rows = odb::line_items_page(conn, school, &set, w)?;
            let items = rows
                .into_iter()
                .map(|r| line_item_of(req, school, r))
                .collect();
            Ok(Batch::all(items, |i: &LineItem| &i.sourced_id))
        }),
    }
}

fn result_of(req: &Called, r: ResultRow) -> GradeResult {
    let (score, text_score) = score(&r.value);
    GradeResult {
        status: "active".into(),
        date_last_modified: timestamp(r.date_last_modified),
        line_item: gb_reference(req, "lineItems", &r.line_item_id, "lineItem"),
        student: reference(req, "users", &r.student_id, "user"),
        score_scale: gb_reference(req, "scoreScales", &scale_id(&r.class_id), "scoreScale"),
        class: reference(req, "classes", &r.class_id, "class"),
        score_status: "fully graded".into(),
        score,
        text_score,
        score_date: r.score_date.to_string(),
        comment: r.comment.filter(|c| !c.trim().is_empty()),
        sourced_id: r.sourced_id,
    }
}

fn results_source<'a>(req: &'a Called, school: SchoolId, set: Results) -> Source<'a, GradeResult> {
    let counted = set.clone();
    Source {
        count: Some(Box::new(move |conn: &mut DbConnection| {
            Ok(odb::results_count(conn, school, &counted)?)
        })),
        fetch: Box::new(move |conn: &mut DbConnection, w: &Window| {
            let rows = odb::results_page(conn, school, &set, w)?;
            let results = rows.into_iter().map(|r| result_of(req, r)).collect();
            Ok(Batch::all(results, |r: &GradeResult| &r.sourced_id))
        }),
    }
}

fn results_where(
    conn: &mut DbConnection,
    req: &Called,
    school: SchoolId,
    q: &ListQuery,
    set: Results,
) -> Built {
    Ok(paged(
        conn,
        req,
        q,
        "results",
        RESULT_FIELDS,
        results_source(req, school, set),
    ))
}

fn line_items_where(
    conn: &mut DbConnection,
    req: &Called,
    school: SchoolId,
    q: &ListQuery,
    set: LineItems,
) -> Built {
    Ok(paged(
        conn,
        req,
        q,
        "lineItems",
        LINE_ITEM_FIELDS,
        line_items_source(req, school, set),
    ))
}

or_list!(
    /// The school's categories: its work types with their weights, and the finals.
    list_categories, "/categories", Scope::GradebookCore, CategorySet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery| -> Built {
        let all = categories_of(conn, school)?;
        Ok(list(conn, req, q, "categories", CATEGORY_FIELDS, &all))
    }
);

or_single!(
    /// One category.
    get_category, "/categories/{sourcedId}", Scope::GradebookCore, SingleCategory,
    |conn: &mut DbConnection, _req: &Called, school: SchoolId, id: &str| -> Built {
        Ok(match categories_of(conn, school)?.into_iter().find(|c| c.sourced_id == id) {
            Some(c) => Ok(single("category", &c)),
            None => Err(OrError::unknown("category", id)),
        })
    }
);

or_nested!(
    /// The categories a class's marks may have (the school's).
    class_categories, "/classes/{classSourcedId}/categories", "classSourcedId", "The class",
    Scope::Gradebook, CategorySet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery, id: &str| -> Built {
        if let Err(e) = class_exists(conn, school, id)? {
            return Ok(Err(e));
        }
        let all = categories_of(conn, school)?;
        Ok(list(conn, req, q, "categories", CATEGORY_FIELDS, &all))
    }
);

or_list!(
    /// The graded work of every scheduled class: lessons with marks, and the finals.
    list_line_items, "/lineItems", Scope::GradebookCore, LineItemSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery| -> Built {
        line_items_where(conn, req, school, q, LineItems::All)
    }
);

or_single!(
    /// One line item.
    get_line_item, "/lineItems/{sourcedId}", Scope::GradebookCore, SingleLineItem,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, id: &str| -> Built {
        let source = line_items_source(req, school, LineItems::Ids(vec![id.to_owned()]));
        one(conn, source, "lineItem", "line item", id)
    }
);

or_nested!(
    /// The graded work of a class.
    class_line_items, "/classes/{classSourcedId}/lineItems", "classSourcedId", "The class",
    Scope::Gradebook, LineItemSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery, id: &str| -> Built {
        if let Err(e) = class_exists(conn, school, id)? {
            return Ok(Err(e));
        }
        line_items_where(conn, req, school, q, LineItems::Class(id.to_owned()))
    }
);

or_list!(
    /// Every mark and final of the school.
    list_results, "/results", Scope::GradebookCore, ResultSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery| -> Built {
        results_where(conn, req, school, q, Results::All)
    }
);

or_single!(
    /// One mark or final.
    get_result, "/results/{sourcedId}", Scope::GradebookCore, SingleResult,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, id: &str| -> Built {
        let source = results_source(req, school, Results::Ids(vec![id.to_owned()]));
        one(conn, source, "result", "result", id)
    }
);

or_nested!(
    /// The marks and finals of a class.
    class_results, "/classes/{classSourcedId}/results", "classSourcedId", "The class",
    Scope::Gradebook, ResultSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery, id: &str| -> Built {
        if let Err(e) = class_exists(conn, school, id)? {
            return Ok(Err(e));
        }
        results_where(conn, req, school, q, Results::Class(id.to_owned()))
    }
);

or_list_doc!(
    /// The results of one line item of a class.
    [("classSourcedId" = String, Path, description = "The class"),
     ("lineItemSourcedId" = String, Path, description = "The line item"),]
    [(status = 404, description = "`unknownobject`: no such class or line item of the client's", body = ImsxStatusInfo),]
    ResultSet,
    #[get("/classes/{classSourcedId}/lineItems/{lineItemSourcedId}/results")]
    pub async fn line_item_results(
        state: actix_web::web::Data<crate::state::AppState>,
        req: actix_web::HttpRequest,
        path: actix_web::web::Path<(String, String)>,
    ) -> actix_web::HttpResponse {
        let (class, item) = path.into_inner();
        super::nested(&state, &req, Scope::Gradebook, move |conn, r, school, q| {
            let found = odb::line_items_count(conn, school, &LineItems::Ids(vec![item.clone()]))?;
            if let Err(e) = class_exists(conn, school, &class)? {
                return Ok(Err(e));
            }
            if found == 0 {
                return Ok(Err(OrError::unknown("line item", &item)));
            }
            results_where(conn, r, school, q, Results::LineItem { class, item })
        })
        .await
    }
);

or_list_doc!(
    /// The results of one student in a class.
    [("classSourcedId" = String, Path, description = "The class"),
     ("studentSourcedId" = String, Path, description = "The student"),]
    [(status = 404, description = "`unknownobject`: no such class or student of the client's", body = ImsxStatusInfo),]
    ResultSet,
    #[get("/classes/{classSourcedId}/students/{studentSourcedId}/results")]
    pub async fn student_results(
        state: actix_web::web::Data<crate::state::AppState>,
        req: actix_web::HttpRequest,
        path: actix_web::web::Path<(String, String)>,
    ) -> actix_web::HttpResponse {
        let (class, student) = path.into_inner();
        super::nested(&state, &req, Scope::Gradebook, move |conn, r, school, q| {
            if let Err(e) = class_exists(conn, school, &class)? {
                return Ok(Err(e));
            }
            if let Err(e) = person_exists(conn, school, &student, &["student"], "student")? {
                return Ok(Err(e));
            }
            results_where(conn, r, school, q, Results::Student { class, student })
        })
        .await
    }
);

or_list!(
    /// The score scale of every scheduled class.
    list_score_scales, "/scoreScales", Scope::GradebookCore, ScoreScaleSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery| -> Built {
        scales_where(conn, req, school, q, Classes::Scheduled)
    }
);

or_single!(
    /// One score scale.
    get_score_scale, "/scoreScales/{sourcedId}", Scope::GradebookCore, SingleScoreScale,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, id: &str| -> Built {
        let class = id.strip_suffix(".scale").unwrap_or_default().to_owned();
        let scales = scales_of(conn, school)?;
        let source = classes_source(conn, req, school, Classes::Ids(vec![class]))?;
        Ok(match first(conn, source)?.filter(|c| c.class_type == "scheduled") {
            Some(c) => Ok(single("scoreScale", &score_scale(req, &scales, c))),
            None => Err(OrError::unknown("score scale", id)),
        })
    }
);

or_nested!(
    /// The score scales of the client's school.
    school_score_scales, "/schools/{schoolSourcedId}/scoreScales", "schoolSourcedId", "The school",
    Scope::Gradebook, ScoreScaleSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery, id: &str| -> Built {
        if let Err(e) = own_school(school, id) {
            return Ok(Err(e));
        }
        scales_where(conn, req, school, q, Classes::Scheduled)
    }
);

or_nested!(
    /// The score scale of a class (none for a homeroom class).
    class_score_scales, "/classes/{classSourcedId}/scoreScales", "classSourcedId", "The class",
    Scope::Gradebook, ScoreScaleSet,
    |conn: &mut DbConnection, req: &Called, school: SchoolId, q: &ListQuery, id: &str| -> Built {
        if let Err(e) = class_exists(conn, school, id)? {
            return Ok(Err(e));
        }
        scales_where(conn, req, school, q, Classes::ScheduledIds(vec![id.to_owned()]))
    }
);
