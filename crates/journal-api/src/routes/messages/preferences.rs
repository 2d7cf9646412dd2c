//! E-mail notification preferences of the caller.

use super::MESSAGING_ROLES;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::input::Valid;
use crate::services::record_audit;
use crate::state::AppState;
use actix_web::{get, put, web, HttpResponse};
use journal_api_types::messages::{DeliveryMode, NotificationPreferences};
use journal_api_types::Problem;
use journal_db::notifications as ndb;
use journal_db::now;
use journal_domain::messaging::Preferences;
use journal_domain::SchoolId;
use serde_json::json;

fn prefs_view(p: &Preferences) -> NotificationPreferences {
    NotificationPreferences {
        marks: p.marks,
        absences: p.absences,
        announcements: p.announcements,
        delivery: if p.digest_only {
            DeliveryMode::Digest
        } else {
            DeliveryMode::Immediate
        },
    }
}

/// The caller's e-mail notification preferences (R-D4); without a choice: everything, at once.
#[utoipa::path(tag = "messages", security(("bearer" = [])),
    responses((status = 200, body = NotificationPreferences)))]
#[get("/me/notification-preferences")]
pub async fn get_preferences(
    state: web::Data<AppState>,
    auth: Auth,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let p = state
        .read(move |conn| {
            Ok(ndb::preferences(
                conn,
                session.caller.school_id,
                &session.caller.user_id.to_string(),
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(prefs_view(&p)))
}

/// Set which notifications come by e-mail and whether at once or in a daily digest (audited).
#[utoipa::path(tag = "messages", security(("bearer" = [])), request_body = NotificationPreferences,
    responses(
        (status = 200, body = NotificationPreferences),
        (status = 400, description = "`validation_failed`, `invalid_body`", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/me/notification-preferences")]
pub async fn put_preferences(
    state: web::Data<AppState>,
    auth: Auth,
    body: Valid<NotificationPreferences>,
) -> Result<HttpResponse, ApiError> {
    let session = auth.0;
    let b = body.0;
    let st = state.clone();
    let p = Preferences {
        marks: b.marks,
        absences: b.absences,
        announcements: b.announcements,
        digest_only: b.delivery == DeliveryMode::Digest,
    };
    state
        .write(move |conn| {
            let school: SchoolId = session.caller.school_id;
            let me = session.caller.user_id.to_string();
            let before = ndb::preferences(conn, school, &me)?;
            ndb::set_preferences(conn, school, &me, &p, now())?;
            record_audit(
                conn,
                &st.audit_key,
                &session,
                session.acting_role(MESSAGING_ROLES),
                ("notification_preferences.update", "user", me),
                Some(json!(prefs_view(&before))),
                Some(json!(prefs_view(&p))),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Ok().json(prefs_view(&p)))
}
