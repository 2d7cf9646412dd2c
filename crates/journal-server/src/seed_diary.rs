//! The demo school's diary data (R-D2, R-D5): guardians' personal-data consents, as the office
//! registers them at admission (two families refused and get printed extracts), and the demo
//! parent's acknowledgements of the past weeks.

use crate::seed::Ids;
use anyhow::Result;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use journal_db::diary::{self as ddb, AcknowledgementRow, ConsentRow};
use journal_db::roster::{Guardian, GuardianLink};
use journal_db::DbConnection;
use journal_domain::diary::week_start;
use uuid::Uuid;

/// Consents of every guardian (the second and the last refused) registered by `office` on the
/// first school day, and the acknowledgements of the last three finished weeks by the parent's
/// guardian record (for each of their children). Returns (consents, acknowledgements).
#[allow(clippy::too_many_arguments)]
pub fn fill(
    conn: &mut DbConnection,
    school: &str,
    guardians: &[Guardian],
    links: &[GuardianLink],
    office: &str,
    parent_guardian: &str,
    first_day: NaiveDate,
    today: NaiveDate,
    at: NaiveDateTime,
) -> Result<(usize, usize)> {
    let rows = consents(
        &Ids::random(),
        school,
        guardians,
        office,
        Some(parent_guardian),
        first_day,
        at,
    );
    journal_db::bulk::insert_consents(conn, &rows)?;
    let mut acknowledged = 0;
    let this_week = week_start(today);
    for l in links.iter().filter(|l| l.guardian_id == parent_guardian) {
        for weeks_ago in 1..=3 {
            let start = this_week - Duration::weeks(weeks_ago);
            if start < week_start(first_day) {
                continue;
            }
            ddb::insert_acknowledgement(
                conn,
                &AcknowledgementRow {
                    id: Uuid::new_v4().to_string(),
                    school_id: school.to_owned(),
                    student_id: l.student_id.clone(),
                    guardian_id: parent_guardian.to_owned(),
                    kind: "week".into(),
                    span_start: start,
                    span_end: start + Duration::days(6),
                    period_id: None,
                    acknowledged_at: (start + Duration::days(6))
                        .and_hms_opt(20, 15, 0)
                        .unwrap_or(at),
                },
            )?;
            acknowledged += 1;
        }
    }
    Ok((guardians.len(), acknowledged))
}

/// Every guardian's personal-data decision (R-D5) registered by `office` on `first_day`: the
/// second and the last refused (never `keep`, whose diary the demo shows).
pub(crate) fn consents(
    ids: &Ids,
    school: &str,
    guardians: &[Guardian],
    office: &str,
    keep: Option<&str>,
    first_day: NaiveDate,
    at: NaiveDateTime,
) -> Vec<ConsentRow> {
    let refused = [1, guardians.len().saturating_sub(1)];
    guardians
        .iter()
        .enumerate()
        .map(|(i, g)| ConsentRow {
            id: ids.id(),
            school_id: school.to_owned(),
            guardian_id: g.id.clone(),
            decision: if refused.contains(&i) && Some(g.id.as_str()) != keep {
                "refused"
            } else {
                "given"
            }
            .into(),
            decided_on: first_day,
            document: format!("Заявление № {} от {}", i + 1, first_day.format("%d.%m.%Y")),
            recorded_by: office.to_owned(),
            recorded_at: at,
        })
        .collect()
}
