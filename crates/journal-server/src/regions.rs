//! `journal region …`: the deployment operator's commands for municipalities (R-A9, R-B1) — a
//! region, its schools, and its accounts, who read the aggregated figures of its schools.

use crate::admin::system_event;
use anyhow::{bail, Result};
use journal_api::accounts::{self, FirstPassword, NewAccount, OneTime};
use journal_db::audit::{self, AuditKey};
use journal_db::regions::{self, Member, Region};
use journal_db::users::{self, User};
use journal_db::{now, schools, write_tx, DbConnection};
use journal_domain::SchoolId;
use serde_json::json;

/// `journal region create --name N`: a new region (a name already taken is refused).
pub fn create(conn: &mut DbConnection, key: &AuditKey, name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        bail!("--name must be 1–200 characters");
    }
    let region = write_tx(conn, |conn| -> Result<Region> {
        if regions::find_by_name(conn, name)?.is_some() {
            bail!("a region named «{name}» already exists");
        }
        insert(conn, key, name, None)
    })?;
    Ok(format!(
        "Region «{}» created (id {}).",
        region.name, region.id
    ))
}

/// Insert a region and record it in the deployment's audit log.
pub fn insert(
    conn: &mut DbConnection,
    key: &AuditKey,
    name: &str,
    extra: Option<serde_json::Value>,
) -> Result<Region> {
    let region = Region {
        id: uuid::Uuid::new_v4().to_string(),
        name: name.to_owned(),
        created_at: now(),
    };
    regions::insert(conn, &region)?;
    let mut event = system_event(None, "region.create", "region", region.id.clone());
    event.after = Some(json!({ "name": name, "extra": extra }));
    audit::record(conn, key, &event)?;
    Ok(region)
}

fn region_named(conn: &mut DbConnection, name: &str) -> Result<Region> {
    match regions::find_by_name(conn, name.trim())? {
        Some(r) => Ok(r),
        None => bail!("there is no region named «{}»", name.trim()),
    }
}

/// `journal region add-school --region R --school S`: the school now belongs to the region
/// (recorded in the school's audit log).
pub fn add_school(
    conn: &mut DbConnection,
    key: &AuditKey,
    region: &str,
    school: &str,
) -> Result<String> {
    let (region, school) = write_tx(conn, |conn| -> Result<_> {
        let region = region_named(conn, region)?;
        let Some(school) = schools::find_by_name(conn, school.trim())? else {
            bail!("there is no school named «{}»", school.trim());
        };
        put_school(conn, key, &region, SchoolId(school.id.parse()?))?;
        Ok((region, school))
    })?;
    Ok(format!(
        "«{}» now belongs to the region «{}».",
        school.name, region.name
    ))
}

/// Put a school into a region, recorded in the school's audit log.
pub fn put_school(
    conn: &mut DbConnection,
    key: &AuditKey,
    region: &Region,
    school: SchoolId,
) -> Result<()> {
    regions::set_region(conn, &school.to_string(), &region.id)?;
    let mut event = system_event(
        Some(school),
        "region.add_school",
        "region",
        region.id.clone(),
    );
    event.after = Some(json!({ "region": region.name }));
    audit::record(conn, key, &event)?;
    Ok(())
}

/// The person a region account is for.
pub struct Person<'a> {
    pub login: &'a str,
    pub last_name: &'a str,
    pub first_name: &'a str,
    pub middle_name: Option<&'a str>,
}

/// Make `person` an account of `region`: a new account gets a one-time password (or the given
/// permanent hash), an existing one keeps its own; `personal_exports` is the separate permission
/// for exports that name people (R-A9). Recorded in the audit log of every school of the region,
/// each of which the account now reads. The region must own a school (a sign-in opens one).
pub fn add_account(
    conn: &mut DbConnection,
    key: &AuditKey,
    region: &Region,
    person: &Person<'_>,
    personal_exports: bool,
    permanent_hash: Option<&str>,
) -> Result<(User, Option<OneTime>)> {
    let schools = regions::schools_of(conn, &region.id)?;
    let Some(first) = schools.first() else {
        bail!(
            "the region «{}» owns no school yet: add one first (journal region add-school)",
            region.name
        );
    };
    let (user, one_time) = match users::find_by_login(conn, &users::normalize_login(person.login))?
    {
        Some(user) => (user, None),
        None => {
            if journal_api_types::users::validate_login(person.login).is_err()
                || person.login.len() < 3
                || person.login.len() > 64
            {
                bail!("the login must be 3–64 latin letters, digits, '.', '-' or '_'");
            }
            let account = NewAccount {
                login: person.login.to_owned(),
                last_name: person.last_name.to_owned(),
                first_name: person.first_name.to_owned(),
                middle_name: person.middle_name.map(str::to_owned),
                roles: Vec::new(),
            };
            let password = match permanent_hash {
                Some(h) => FirstPassword::Permanent(h.to_owned()),
                None => FirstPassword::OneTime,
            };
            accounts::create(conn, SchoolId(first.id.parse()?), &account, password)
                .map_err(|e| anyhow::anyhow!("{e}"))?
        }
    };
    regions::add_member(
        conn,
        &Member {
            region_id: region.id.clone(),
            user_id: user.id.clone(),
            personal_exports,
            created_at: now(),
        },
    )?;
    for school in &schools {
        let mut event = system_event(
            Some(SchoolId(school.id.parse()?)),
            "region.add_account",
            "user",
            user.id.clone(),
        );
        event.after = Some(json!({
            "login": user.login,
            "region": region.name,
            "personal_exports": personal_exports,
        }));
        audit::record(conn, key, &event)?;
    }
    Ok((user, one_time))
}

/// `journal region add-account`: what the operator reads back.
pub fn add_account_command(
    conn: &mut DbConnection,
    key: &AuditKey,
    region: &str,
    person: &Person<'_>,
    personal_exports: bool,
) -> Result<String> {
    let (region, user, one_time) = write_tx(conn, |conn| -> Result<_> {
        let region = region_named(conn, region)?;
        let (user, one_time) = add_account(conn, key, &region, person, personal_exports, None)?;
        Ok((region, user, one_time))
    })?;
    let permission = if personal_exports {
        "its figures and the exports that name people"
    } else {
        "its figures (no personal data)"
    };
    let mut out = format!(
        "`{}` now reads the region «{}»: {permission}.",
        user.login, region.name
    );
    if let Some(t) = one_time {
        out.push_str(&format!(
            "\nOne-time password: {}\nValid until {} (UTC), once; it must be changed at first sign-in.",
            t.password,
            t.expires_at.format("%Y-%m-%d %H:%M"),
        ));
    }
    Ok(out)
}
