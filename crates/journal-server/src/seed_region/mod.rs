//! `journal seed-region`: a synthetic region (municipality) of schools for load tests and
//! benchmarks, made by the demo's own rules — its names, families, curriculum, groups, clash-free
//! timetable and journal — with staff enough for each school's load and a whole school year of
//! kept journal up to `today`. Deterministic for a seed: the same names, ids and marks on every
//! run (timestamps aside). Each school is written in one transaction with bulk inserts (`COPY`
//! on PostgreSQL) and one audit event.

mod generate;
mod kept_journal;

use generate::generate;

use crate::admin::system_event;
use crate::seed::{Ids, Rng};
use crate::seed_journal;
use crate::seed_timetable::{self, Plan};
use anyhow::{bail, Context, Result};
use chrono::{NaiveDate, NaiveDateTime};
use journal_db::audit::{self, AuditEvent, AuditKey};
use journal_db::bulk::{self, RoleRow};
use journal_db::diary::ConsentRow;
use journal_db::journal::JournalRows;
use journal_db::regions::{self, Region};
use journal_db::roster::{Class, Guardian, GuardianLink, StaffPosition, Student, Subject};
use journal_db::schools::{self, School};
use journal_db::structure::{self, YearWithCalendar};
use journal_db::timetable::ChangeRow;
use journal_db::users::{self, User};
use journal_db::{now, write_tx, Backend, DbConnection, DbPool};
use journal_domain::SchoolId;
use serde_json::json;
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub name: String,
    pub schools: usize,
    pub min_students: usize,
    pub max_students: usize,
    pub seed: u64,
    pub password: String,
    /// The journal is kept up to the day before (the school year is the one holding it).
    pub today: NaiveDate,
    /// Schools written at once (PostgreSQL; SQLite writes one at a time).
    pub jobs: usize,
}

/// What the generation wrote.
#[derive(Debug, Default, Clone, Copy)]
pub struct Totals {
    pub schools: usize,
    pub classes: usize,
    pub students: usize,
    pub guardians: usize,
    pub staff: usize,
    pub accounts: usize,
    pub entries: usize,
    pub unplaced: usize,
    pub substitutions: usize,
    pub lessons: usize,
    pub marks: usize,
    pub absences: usize,
    pub finals: usize,
    pub rows: usize,
}

impl Totals {
    fn add(&mut self, o: &Totals) {
        self.schools += o.schools;
        self.classes += o.classes;
        self.students += o.students;
        self.guardians += o.guardians;
        self.staff += o.staff;
        self.accounts += o.accounts;
        self.entries += o.entries;
        self.unplaced += o.unplaced;
        self.substitutions += o.substitutions;
        self.lessons += o.lessons;
        self.marks += o.marks;
        self.absences += o.absences;
        self.finals += o.finals;
        self.rows += o.rows;
    }
}

/// The login of the generated region's account (R-A9).
pub const REGION_LOGIN: &str = "region";

/// The name of school `n` of a region.
fn school_name(n: usize) -> String {
    format!("МБОУ СОШ № {n}")
}

/// Generate the region into the database. Idempotent: a region already complete is left as it
/// is, one interrupted is completed (each school is one transaction, and school `n` comes out the
/// same on every run). Refuses a database holding any school outside this region.
pub fn seed_region(
    pool: &DbPool,
    key: &AuditKey,
    opts: &Options,
    progress: &indicatif::ProgressBar,
) -> Result<String> {
    let mut conn = pool.get()?;
    let conn = &mut *conn;
    if opts.schools == 0 || opts.schools > 999 {
        bail!("--schools must be 1–999");
    }
    if opts.min_students < 100 || opts.min_students > opts.max_students {
        bail!("--min-students must be at least 100 and at most --max-students");
    }
    if opts.name.trim().is_empty() {
        bail!("--name must not be empty");
    }
    let region_id = Ids::seeded(Rng::derived(opts.seed, 0)).id();
    let region = match regions::find_by_name(conn, &opts.name)? {
        Some(r) if r.id != region_id => bail!(
            "the region «{}» in this database was generated with another seed; use another --name or an empty database",
            opts.name
        ),
        found => found,
    };
    if let Some(other) = schools::all(conn)?
        .into_iter()
        .find(|s| region.is_none() || !in_region(conn, &s.id, &region_id))
    {
        bail!(
            "this database holds the school «{}», which is not part of the generated region «{}»; the region is generated only into an empty database",
            other.name,
            opts.name
        );
    }
    let done: HashSet<String> = regions::schools_of(conn, &region_id)?
        .into_iter()
        .map(|s| s.name)
        .collect();
    if done.len() > opts.schools {
        bail!(
            "the region «{}» holds {} schools, more than --schools {}",
            opts.name,
            done.len(),
            opts.schools
        );
    }
    if done.len() == opts.schools {
        return Ok(format!(
            "The region «{}» with {} schools is already loaded; nothing to do.",
            opts.name, opts.schools
        ));
    }
    // One hash for every generated account: they share the published password anyway.
    let hash =
        journal_api::auth::passwords::hash(&opts.password).map_err(|e| anyhow::anyhow!("{e}"))?;
    if region.is_none() {
        write_tx(conn, |conn| -> Result<()> {
            regions::insert(
                conn,
                &Region {
                    id: region_id.clone(),
                    name: opts.name.clone(),
                    created_at: now(),
                },
            )?;
            let mut event = system_event(None, "region.create", "region", region_id.clone());
            event.after = Some(json!({ "name": opts.name, "seed": opts.seed, "generated": true }));
            audit::record(conn, key, &event)?;
            Ok(())
        })?;
    }
    progress.set_length(opts.schools as u64);
    progress.set_position(done.len() as u64);
    let todo: Vec<usize> = (1..=opts.schools)
        .filter(|n| !done.contains(&school_name(*n)))
        .collect();
    // Schools are independent (each its own transaction and audit chain): on PostgreSQL several
    // are written at once, one connection each; SQLite has one writer.
    let jobs = match conn.backend() {
        Backend::Sqlite => 1,
        Backend::Postgres => opts.jobs.clamp(1, 8),
    };
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let totals = Mutex::new(Totals::default());
    let work = |conn: &mut DbConnection| -> Result<()> {
        while let Some(&n) = todo.get(next.fetch_add(1, Ordering::Relaxed)) {
            let school = generate(opts, n, &hash);
            let written = write_tx(conn, |conn| school.insert(conn, key, &region_id, opts))
                .with_context(|| format!("writing {}", school.school.name))?;
            let mut totals = totals
                .lock()
                .map_err(|_| anyhow::anyhow!("a writer failed"))?;
            totals.add(&written);
            progress.inc(1);
            let secs = started.elapsed().as_secs_f64().max(0.001);
            progress.set_message(format!(
                "{} rows, {:.0} rows/s",
                totals.rows,
                totals.rows as f64 / secs
            ));
        }
        Ok(())
    };
    std::thread::scope(|scope| -> Result<()> {
        let helpers: Vec<_> = (1..jobs)
            .map(|_| {
                scope.spawn(|| -> Result<()> {
                    let mut own = pool.get()?;
                    work(&mut own)
                })
            })
            .collect();
        let mine = work(conn);
        for h in helpers {
            h.join()
                .map_err(|_| anyhow::anyhow!("a writer panicked"))??;
        }
        mine
    })?;
    let totals = totals
        .into_inner()
        .map_err(|_| anyhow::anyhow!("a writer failed"))?;
    progress.finish_and_clear();
    // The municipality's specialist (R-A9), once: `region` reads the figures of every school.
    if users::find_by_login(conn, REGION_LOGIN)?.is_none() {
        write_tx(conn, |conn| -> Result<()> {
            let region = regions::find(conn, &region_id)?
                .ok_or_else(|| anyhow::anyhow!("the region is gone"))?;
            let person = crate::regions::Person {
                login: REGION_LOGIN,
                last_name: "Соколова",
                first_name: "Марина",
                middle_name: Some("Игоревна"),
            };
            crate::regions::add_account(conn, key, &region, &person, false, Some(&hash))?;
            Ok(())
        })?;
    }
    let secs = started.elapsed().as_secs_f64();
    Ok(format!(
        "Loaded the region «{}»: {} schools ({} were there), {} classes, {} students, {} guardians, {} staff, {} accounts (password `{}`; logins s001.director, s001.deputy, s001.admin, s001.secretary, …, and `region` for the region's figures); \
         {} weekly lessons ({} not placed), {} substitutions; journal: {} lessons written, {} marks, {} absences, {} finals; \
         {} rows in {:.1} s ({:.0} rows/s).",
        opts.name,
        totals.schools,
        done.len(),
        totals.classes,
        totals.students,
        totals.guardians,
        totals.staff,
        totals.accounts,
        opts.password,
        totals.entries,
        totals.unplaced,
        totals.substitutions,
        totals.lessons,
        totals.marks,
        totals.absences,
        totals.finals,
        totals.rows,
        secs,
        totals.rows as f64 / secs.max(0.001),
    ))
}

fn in_region(conn: &mut DbConnection, school: &str, region: &str) -> bool {
    regions::schools_of(conn, region)
        .map(|list| list.iter().any(|s| s.id == school))
        .unwrap_or(false)
}

/// One generated school, all its rows in memory.
struct GeneratedSchool {
    school: School,
    number: usize,
    subjects: Vec<Subject>,
    users: Vec<User>,
    roles: Vec<RoleRow>,
    positions: Vec<StaffPosition>,
    year: YearWithCalendar,
    bell_id: String,
    classes: Vec<Class>,
    students: Vec<Student>,
    guardians: Vec<Guardian>,
    links: Vec<GuardianLink>,
    plan: Plan,
    changes: Vec<ChangeRow>,
    journal: JournalRows,
    filled: seed_journal::Filled,
    consents: Vec<ConsentRow>,
    at: NaiveDateTime,
}

impl GeneratedSchool {
    /// Store the school (inside the caller's transaction) with one audit event.
    fn insert(
        &self,
        conn: &mut DbConnection,
        key: &AuditKey,
        region: &str,
        opts: &Options,
    ) -> Result<Totals> {
        let school_id: SchoolId = self.school.id.parse()?;
        schools::insert(conn, &self.school)?;
        regions::set_region(conn, &self.school.id, region)?;
        let mut rows = 1;
        rows += bulk::insert_subjects(conn, &self.subjects)?;
        rows += bulk::insert_users(conn, &self.users)?;
        rows += bulk::insert_roles(conn, &self.roles)?;
        rows += bulk::insert_staff(conn, &self.positions)?;
        structure::insert_year(conn, &self.year)?;
        rows += 1 + self.year.periods.len() + self.year.holidays.len();
        let bells = seed_timetable::bells(school_id, &self.bell_id);
        structure::insert_bell_schedule(
            conn,
            school_id,
            &self.bell_id,
            "Основное расписание звонков",
            &bells,
            self.at,
        )?;
        rows += 1 + bells.len();
        rows += bulk::insert_classes(conn, &self.classes)?;
        rows += bulk::insert_students(conn, &self.students)?;
        rows += bulk::insert_guardians(conn, &self.guardians)?;
        rows += bulk::insert_links(conn, &self.links)?;
        rows += self.plan.insert(conn)?;
        rows += bulk::insert_changes(conn, &self.changes)?;
        rows += bulk::insert_journal(conn, &self.journal)?;
        rows += bulk::insert_consents(conn, &self.consents)?;
        let totals = Totals {
            schools: 1,
            classes: self.classes.len(),
            students: self.students.len(),
            guardians: self.guardians.len(),
            staff: self.positions.len(),
            accounts: self.users.len(),
            entries: self.plan.entries.len(),
            unplaced: self.plan.unplaced,
            substitutions: self.changes.len(),
            lessons: self.filled.lessons,
            marks: self.filled.marks,
            absences: self.filled.absences,
            finals: self.filled.finals,
            rows,
        };
        let event = AuditEvent {
            after: Some(json!({
                "region": opts.name,
                "seed": opts.seed,
                "number": self.number,
                "today": opts.today,
                "year": self.year.year.name,
                "classes": totals.classes,
                "students": totals.students,
                "guardians": totals.guardians,
                "staff": totals.staff,
                "accounts": totals.accounts,
                "timetable_entries": totals.entries,
                "substitutions": totals.substitutions,
                "journal_lessons": totals.lessons,
                "marks": totals.marks,
                "absences": totals.absences,
                "finals": totals.finals,
                "rows": rows,
            })),
            ..system_event(
                Some(school_id),
                "region.seed",
                "school",
                self.school.id.clone(),
            )
        };
        audit::record(conn, key, &event)?;
        Ok(totals)
    }
}
