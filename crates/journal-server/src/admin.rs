//! Administration commands: the first administrator of a school, audit verification.

use anyhow::{bail, Result};
use journal_api::accounts::{self, FirstPassword, NewAccount};
use journal_db::audit::{self, AuditEvent, AuditKey};
use journal_db::schools::{self, School};
use journal_db::users;
use journal_db::{now, write_tx, DbConnection};
use journal_domain::{Role, SchoolId, UserId};
use serde_json::json;
use std::process::ExitCode;

/// An audit event done by the command line (no signed-in actor).
pub fn system_event(
    school: Option<SchoolId>,
    action: &str,
    entity: &str,
    id: String,
) -> AuditEvent {
    debug_assert!(
        journal_domain::audit::is_known(action),
        "the audit action {action} is not in journal_domain::audit::ACTIONS"
    );
    AuditEvent {
        school_id: school,
        actor_role: Some("system".into()),
        action: action.into(),
        entity: entity.into(),
        entity_id: Some(id),
        request_id: Some(format!("cli-{}", uuid::Uuid::new_v4())),
        ..AuditEvent::default()
    }
}

/// Create a school (when new) and an admin account in it with a one-time password.
pub fn create_admin(
    conn: &mut DbConnection,
    key: &AuditKey,
    school_name: &str,
    login: &str,
    last_name: &str,
    first_name: &str,
) -> Result<String> {
    let school_name = school_name.trim();
    if school_name.is_empty() {
        bail!("--school must not be empty");
    }
    if journal_api_types::users::validate_login(login).is_err()
        || login.len() < 3
        || login.len() > 64
    {
        bail!("the login must be 3–64 latin letters, digits, '.', '-' or '_'");
    }
    let outcome = write_tx(conn, |conn| -> Result<_> {
        let school = match schools::find_by_name(conn, school_name)? {
            Some(s) => SchoolId(s.id.parse()?),
            None => {
                let id = SchoolId::new();
                schools::insert(
                    conn,
                    &School {
                        id: id.to_string(),
                        name: school_name.to_owned(),
                        short_name: None,
                        timezone: "Europe/Moscow".into(),
                        is_demo: false,
                        max_control_works_per_day: 1,
                        created_at: now(),
                    },
                )?;
                let mut event = system_event(Some(id), "school.create", "school", id.to_string());
                event.after = Some(json!({ "name": school_name }));
                audit::record(conn, key, &event)?;
                id
            }
        };
        let account = NewAccount {
            login: login.to_owned(),
            last_name: last_name.to_owned(),
            first_name: first_name.to_owned(),
            middle_name: None,
            roles: vec![Role::Admin],
        };
        let (user, one_time) = accounts::create(conn, school, &account, FirstPassword::OneTime)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let one_time = one_time.ok_or_else(|| anyhow::anyhow!("no one-time password issued"))?;
        let mut event = system_event(Some(school), "user.create", "user", user.id.clone());
        event.after = Some(json!({ "login": user.login, "roles": ["admin"] }));
        audit::record(conn, key, &event)?;
        Ok((user, one_time))
    })?;
    let (user, one_time) = outcome;
    Ok(format!(
        "Administrator `{}` of «{school_name}» created.\nOne-time password: {}\nValid until {} (UTC), once; it must be changed at first sign-in.",
        user.login,
        one_time.password,
        one_time.expires_at.format("%Y-%m-%d %H:%M"),
    ))
}

/// `journal user grant`: an existing account gets a role in a school (staff roles only: families
/// get their accounts through the office, R-D5).
pub fn grant(
    conn: &mut DbConnection,
    key: &AuditKey,
    login: &str,
    school_name: &str,
    role: &str,
) -> Result<String> {
    let role: Role = role
        .trim()
        .parse()
        .map_err(|_| anyhow::anyhow!("unknown role {role:?}"))?;
    if matches!(role, Role::Guardian | Role::Student) {
        bail!("guardian and student accounts are given by the school's office, not granted");
    }
    let Some(school) = schools::find_by_name(conn, school_name.trim())? else {
        bail!("there is no school named «{}»", school_name.trim());
    };
    let school_id = SchoolId(school.id.parse()?);
    let user = write_tx(conn, |conn| -> Result<_> {
        let user = journal_api::accounts::grant(conn, school_id, login, role)
            .map_err(|e| anyhow::anyhow!("no account `{login}` ({e})"))?;
        let mut event = system_event(Some(school_id), "user.grant_role", "user", user.id.clone());
        event.after = Some(json!({ "login": user.login, "role": role.as_str() }));
        audit::record(conn, key, &event)?;
        Ok(user)
    })?;
    Ok(format!(
        "`{}` now holds the role {} in «{}».",
        user.login,
        role.as_str(),
        school.name
    ))
}

/// `journal user reset-password`: a new one-time password, every session ended, recorded in the
/// audit log of every school the account belongs to.
pub fn reset_password(conn: &mut DbConnection, key: &AuditKey, login: &str) -> Result<String> {
    let (user, one_time) = write_tx(conn, |conn| -> Result<_> {
        let Some(user) = users::find_by_login(conn, &users::normalize_login(login))? else {
            bail!("no account `{login}`");
        };
        let id = UserId(user.id.parse()?);
        journal_api::accounts::end_all_sessions(conn, id, "password")
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let one_time = journal_api::accounts::set_one_time_password(conn, id)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        for m in users::memberships(conn, id)? {
            let mut event = system_event(
                Some(SchoolId(m.school_id.parse()?)),
                "user.initial_password",
                "user",
                user.id.clone(),
            );
            event.after = Some(json!({ "expires_at": one_time.expires_at, "by": "cli" }));
            audit::record(conn, key, &event)?;
        }
        Ok((user, one_time))
    })?;
    Ok(format!(
        "New one-time password of `{}`: {}\nValid until {} (UTC), once; every session of the account has ended.",
        user.login,
        one_time.password,
        one_time.expires_at.format("%Y-%m-%d %H:%M"),
    ))
}

/// `journal audit verify`.
pub fn verify_audit(conn: &mut DbConnection, key: &AuditKey) -> Result<ExitCode> {
    let result = audit::verify(conn, key)?;
    match result.first_break {
        None => {
            println!(
                "audit log intact: {} entries in {} chains verified",
                result.entries, result.chains
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(b) => {
            println!(
                "audit log BROKEN: chain {} entry {}: {} ({} entries checked before the break)",
                b.chain,
                b.seq,
                b.reason,
                result.entries.saturating_sub(1)
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

/// `journal archive verify PATH [--key HEX]` (R-P2): check a package folder; say it holds, or name
/// the first thing that differs and exit with 1.
pub fn verify_archive(path: &std::path::Path, key: Option<&str>) -> Result<ExitCode> {
    use journal_api::archive::{bag, fingerprint, parse_public_key};
    let key = match key {
        Some(k) => match parse_public_key(k) {
            Some(k) => Some(k),
            None => bail!("--key must be the school's public key: 64 hex digits"),
        },
        None => None,
    };
    match bag::verify(path, key.as_ref()) {
        Ok(v) => {
            let sealed_with = parse_public_key(&v.public_key)
                .map(|k| fingerprint(&k))
                .unwrap_or_default();
            println!(
                "OK: {} holds {} files, {} bytes, as sealed with the key {sealed_with}",
                path.display(),
                v.files,
                v.bytes
            );
            if key.is_none() {
                println!(
                    "the seal was checked against the key written in the package: compare that \
                     fingerprint with the school's published one, or pass --key"
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(broken) => {
            println!("BROKEN: {broken}");
            Ok(ExitCode::from(1))
        }
    }
}
