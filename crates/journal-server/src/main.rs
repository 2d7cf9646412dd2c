//! `journal`: the Journal server and its administration commands.

mod admin;
mod backups;
mod config;
mod regions;
mod seed;
mod seed_diary;
mod seed_journal;
mod seed_messages;
mod seed_region;
mod seed_timetable;
mod spa;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use config::Config;
use journal_api::AppState;
use journal_db::{connect, run_migrations, DbPool};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "journal",
    version,
    about = "Journal: the electronic class journal and student diary"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API, its docs (/docs) and the web interface. Applies pending migrations first.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "JOURNAL_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Trust X-Forwarded-For for the caller's address (only behind your own reverse proxy).
        #[arg(long, env = "JOURNAL_BEHIND_PROXY", default_value_t = false)]
        behind_proxy: bool,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Load the demo school (idempotent; refuses a database holding other schools).
    SeedDemo {
        /// Load it only into an empty database; leave a database with other schools alone instead
        /// of failing (what `make run` uses).
        #[arg(long)]
        if_empty: bool,
        /// The date the demo stands on (its year holds it, its journal is kept up to it), e.g.
        /// to show a past term or to get the same data on every run; default: today in Moscow,
        /// the demo school's time zone.
        #[arg(long)]
        today: Option<chrono::NaiveDate>,
    },
    /// Generate a synthetic region (municipality) of schools with a year of kept journal, for load
    /// tests and benchmarks (deterministic for a seed; completes an interrupted run; refuses a
    /// database holding other schools).
    SeedRegion {
        /// How many schools.
        #[arg(long, default_value_t = 100)]
        schools: usize,
        /// Students of the smallest school.
        #[arg(long, default_value_t = 300)]
        min_students: usize,
        /// Students of the biggest school.
        #[arg(long, default_value_t = 2000)]
        max_students: usize,
        /// The seed: the same seed gives the same region.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// The region's (municipality's) name.
        #[arg(long, default_value = "Городской округ Примерный")]
        name: String,
        /// The password of every generated account.
        #[arg(long, default_value = seed::DEMO_PASSWORD)]
        password: String,
        /// The journal is kept up to the day before this date (default: today in Moscow, the
        /// generated schools' time zone); the school year is the one holding it.
        #[arg(long)]
        today: Option<chrono::NaiveDate>,
        /// Schools written at once on PostgreSQL, one connection each (SQLite: one at a time).
        #[arg(long, default_value_t = 2)]
        jobs: usize,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Work with the audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Write a backup of the whole database (R-P3): a consistent copy taken while the server
    /// runs, portable between SQLite and PostgreSQL. Into `--to`, or a new folder
    /// `backup-<time>` under JOURNAL_BACKUP_DIR (default `<data dir>/backups`).
    Backup {
        #[arg(long)]
        to: Option<std::path::PathBuf>,
    },
    /// Restore a backup into the database of DATABASE_URL, which must be new and empty (it is
    /// migrated first); every table's digest is checked before anything is committed.
    Restore {
        /// The backup's folder (holding manifest.json).
        from: std::path::PathBuf,
    },
    /// Municipalities (R-A9): a region, its schools, and the accounts that read their figures.
    Region {
        #[command(subcommand)]
        command: RegionCommand,
    },
    /// Work with archive packages (R-P2).
    Archive {
        #[command(subcommand)]
        command: ArchiveCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a school's first administrator (and the school, if new); prints a one-time password.
    CreateAdmin {
        /// The school's full name, e.g. "МАОУ СОШ № 5".
        #[arg(long)]
        school: String,
        #[arg(long)]
        login: String,
        #[arg(long, default_value = "Администратор")]
        last_name: String,
        #[arg(long, default_value = "Системы")]
        first_name: String,
    },
    /// Give an existing account a role in another (or the same) school, e.g. a teacher who also
    /// works in a second school: one login, one password.
    Grant {
        #[arg(long)]
        login: String,
        /// The school's full name.
        #[arg(long)]
        school: String,
        /// admin, director, deputy, secretary, teacher, class_teacher.
        #[arg(long)]
        role: String,
    },
    /// Issue a new one-time password for an account and end all its sessions, whatever schools
    /// it belongs to (the server operator's way for an account of several schools).
    ResetPassword {
        #[arg(long)]
        login: String,
    },
}

#[derive(Subcommand)]
enum RegionCommand {
    /// A new region (municipality).
    Create {
        #[arg(long)]
        name: String,
    },
    /// Put a school (by its full name) into a region.
    AddSchool {
        #[arg(long)]
        region: String,
        #[arg(long)]
        school: String,
    },
    /// Give an account (new, with a one-time password printed, or existing) the reading of a
    /// region's aggregated figures; `--personal-exports` also allows the exports that name people.
    AddAccount {
        #[arg(long)]
        region: String,
        #[arg(long)]
        login: String,
        #[arg(long, default_value = "Специалист")]
        last_name: String,
        #[arg(long, default_value = "Управления образования")]
        first_name: String,
        #[arg(long)]
        personal_exports: bool,
    },
}

#[derive(Subcommand)]
enum ArchiveCommand {
    /// Check a package: its seal, its manifests and every file; name the first thing that differs
    /// (exit code 1 if any). Needs no database: only the package folder.
    Verify {
        /// The package's folder (under JOURNAL_ARCHIVE_DIR, `<school id>/<name>`).
        path: std::path::PathBuf,
        /// The school's published public key (64 hex digits, as «Архив» shows it); without it the
        /// seal is checked against the key written in the package.
        #[arg(long)]
        key: Option<String>,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute every hash chain; name the first broken entry (exit code 1 if any).
    Verify,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,actix_server=warn".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Open the database and bring its schema up to date.
fn open(config: &Config) -> Result<DbPool> {
    let pool =
        connect(&config.db_url).with_context(|| format!("opening {}", config.db_url.redacted()))?;
    let mut conn = pool.get().context("connecting to the database")?;
    let applied = run_migrations(&mut conn)?;
    if applied > 0 {
        tracing::info!(applied, "applied migrations");
    }
    Ok(pool)
}

fn run(cli: Cli) -> Result<ExitCode> {
    let config = Config::from_env();
    match cli.command {
        Command::Openapi => {
            print!("{}", journal_api::openapi_json());
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            open(&config)?;
            println!("database is up to date: {}", config.db_url.redacted());
            Ok(ExitCode::SUCCESS)
        }
        Command::SeedDemo { if_empty, today } => {
            let pool = open(&config)?;
            let mut conn = pool.get()?;
            if if_empty && seed::holds_other_schools(&mut conn)? {
                println!("The database holds schools of its own; the demo school is not loaded.");
                return Ok(ExitCode::SUCCESS);
            }
            let report = seed::seed_demo(
                &mut conn,
                &config.audit_key()?,
                today.unwrap_or_else(seed::demo_today),
            )?;
            println!("{report}");
            Ok(ExitCode::SUCCESS)
        }
        Command::SeedRegion {
            schools,
            min_students,
            max_students,
            seed,
            name,
            password,
            today,
            jobs,
        } => {
            let pool = open(&config)?;
            let options = seed_region::Options {
                name,
                schools,
                min_students,
                max_students,
                seed,
                password,
                today: today.unwrap_or_else(seed::demo_today),
                jobs,
            };
            let progress = indicatif::ProgressBar::new(schools as u64).with_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} schools, {msg}, {elapsed_precise} (eta {eta})",
                )?,
            );
            let report =
                seed_region::seed_region(&pool, &config.audit_key()?, &options, &progress)?;
            println!("{report}");
            Ok(ExitCode::SUCCESS)
        }
        Command::User {
            command:
                UserCommand::CreateAdmin {
                    school,
                    login,
                    last_name,
                    first_name,
                },
        } => {
            let pool = open(&config)?;
            let mut conn = pool.get()?;
            let created = admin::create_admin(
                &mut conn,
                &config.audit_key()?,
                &school,
                &login,
                &last_name,
                &first_name,
            )?;
            println!("{created}");
            Ok(ExitCode::SUCCESS)
        }
        Command::User {
            command:
                UserCommand::Grant {
                    login,
                    school,
                    role,
                },
        } => {
            let pool = open(&config)?;
            let mut conn = pool.get()?;
            println!(
                "{}",
                admin::grant(&mut conn, &config.audit_key()?, &login, &school, &role)?
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::User {
            command: UserCommand::ResetPassword { login },
        } => {
            let pool = open(&config)?;
            let mut conn = pool.get()?;
            println!(
                "{}",
                admin::reset_password(&mut conn, &config.audit_key()?, &login)?
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Region { command } => {
            let pool = open(&config)?;
            let mut conn = pool.get()?;
            let key = config.audit_key()?;
            let said = match command {
                RegionCommand::Create { name } => regions::create(&mut conn, &key, &name)?,
                RegionCommand::AddSchool { region, school } => {
                    regions::add_school(&mut conn, &key, &region, &school)?
                }
                RegionCommand::AddAccount {
                    region,
                    login,
                    last_name,
                    first_name,
                    personal_exports,
                } => regions::add_account_command(
                    &mut conn,
                    &key,
                    &region,
                    &regions::Person {
                        login: &login,
                        last_name: &last_name,
                        first_name: &first_name,
                        middle_name: None,
                    },
                    personal_exports,
                )?,
            };
            println!("{said}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let pool = open(&config)?;
            let mut conn = pool.get()?;
            admin::verify_audit(&mut conn, &config.audit_key()?)
        }
        Command::Archive {
            command: ArchiveCommand::Verify { path, key },
        } => admin::verify_archive(&path, key.as_deref()),
        Command::Backup { to } => {
            let pool = open(&config)?;
            let mut conn = pool.get()?;
            backups::run_once(&mut conn, &config.backup_settings(), to)
        }
        Command::Restore { from } => {
            let pool = open(&config)?;
            let mut conn = pool.get()?;
            backups::restore(&mut conn, &from)
        }
        Command::Serve { bind, behind_proxy } => serve(&config, &bind, behind_proxy),
    }
}

#[actix_web::main]
async fn serve(config: &Config, bind: &str, behind_proxy: bool) -> Result<ExitCode> {
    use actix_web::{middleware, web, App, HttpServer};
    let pool = open(config)?;
    // R-D4: the e-mail outbox worker (no thread without JOURNAL_SMTP_URL; mail then waits).
    journal_api::notify::spawn(pool.clone(), config::mail_from_env())
        .map_err(anyhow::Error::msg)?;
    let state = AppState {
        pool,
        backend: config.db_url.backend,
        jwt: config.jwt_keys()?,
        audit_key: config.audit_key()?,
        behind_proxy,
        guard: config::guard_from_env(),
        clock: journal_api::clock::Clock::system(),
        archive: journal_api::archive::Store::new(config.archive_dir()).written_on_close(),
        backups: config.backup_settings(),
    };
    // R-P3: backups on the schedule, in a thread of their own.
    state.backups.clone().spawn(state.pool.clone())?;
    let spa = web::Data::new(spa::SpaSource::from_env());
    tracing::info!(
        %bind,
        database = %config.db_url.redacted(),
        spa = %spa.describe(),
        "Journal is serving: web interface at /, API at /api/v1, docs at /docs"
    );
    HttpServer::new(move || {
        App::new()
            .wrap(
                middleware::Logger::new("%a \"%r\" %s %b %Dms %{x-request-id}o")
                    .log_target("journal::http"),
            )
            .wrap(middleware::from_fn(journal_api::request_id::middleware))
            .wrap(middleware::from_fn(journal_api::input::path_dates))
            .wrap(middleware::from_fn(
                journal_api::security_headers::middleware,
            ))
            .wrap(middleware::Compress::default())
            .configure(journal_api::mount(state.clone()))
            .app_data(spa.clone())
            .default_service(web::to(spa::serve))
    })
    .bind(bind)
    .with_context(|| format!("binding {bind}"))?
    .run()
    .await?;
    Ok(ExitCode::SUCCESS)
}
