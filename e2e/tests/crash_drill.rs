//! The crash drill (issue 9): the release `journal` binary on a demo database, a stream of journal
//! saves by the demo teacher through the API, `kill -9` of the server while saves are in flight,
//! a restart on the same database: every save the server acknowledged (2xx) is there, a new save
//! lands, and `journal audit verify` passes. Once on SQLite, once on PostgreSQL (a fresh database
//! on the server at `TEST_POSTGRES_URL`, created with `psql` and dropped afterwards; without a
//! reachable server the PostgreSQL drill is skipped with a loud notice, unless
//! `JOURNAL_REQUIRE_POSTGRES=1`).
//!
//! Run by `make e2e`, or by hand after `cargo build --release -p journal-server`:
//!
//! ```text
//! cargo test -p journal-e2e --test crash_drill -- --ignored --nocapture --test-threads=1
//! ```
//!
//! `JOURNAL_BIN` names another binary; `JOURNAL_DRILL_PORTS=18100-18199` picks the server's port in
//! that range (a free port of the system otherwise). The server logs go to `e2e/artifacts/`.

use anyhow::{bail, ensure, Context, Result};
use chrono::NaiveDate;
use journal_api_types::journal::{CellChange, SaveCells};
use journal_api_types::structure::AssignmentFilter;
use journal_client::{Client, ClientError, JournalSave};
use journal_e2e::{artifacts_dir, journal_bin, DEMO_PASSWORD};
use std::collections::HashMap;
use std::fs::File;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;
use uuid::Uuid;

const JWT_SECRET: &str = "crash-drill-secret-0123456789abcdef0123456789abcdef0123456789abcd";
const DEFAULT_TEST_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";
/// How long the server gets to answer `/api/v1/health`.
const START_DEADLINE: Duration = Duration::from_secs(60);
/// Acknowledged saves before the kill; the streams keep saving while it lands.
const SAVES_BEFORE_KILL: usize = 60;
/// Journal pages saved concurrently (each stream follows its own page's `ETag`).
const STREAMS: usize = 3;

/// A port for the server: the first free one of `JOURNAL_DRILL_PORTS` (`lo-hi`) when set, else one
/// the system picks.
fn free_port() -> Result<u16> {
    if let Ok(range) = std::env::var("JOURNAL_DRILL_PORTS") {
        let (lo, hi) = range
            .split_once('-')
            .context("JOURNAL_DRILL_PORTS is lo-hi")?;
        for port in lo.trim().parse::<u16>()?..=hi.trim().parse::<u16>()? {
            if TcpListener::bind(("127.0.0.1", port)).is_ok() {
                return Ok(port);
            }
        }
        bail!("no free port in JOURNAL_DRILL_PORTS={range}");
    }
    let listener = TcpListener::bind("127.0.0.1:0").context("binding a free port")?;
    Ok(listener.local_addr()?.port())
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A database of its own on the PostgreSQL server of the tests, dropped with the guard.
struct PgDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl PgDatabase {
    /// `None` (after a loud notice) when the server cannot be reached and the run does not
    /// require it.
    fn create() -> Result<Option<Self>> {
        let admin_url = std::env::var("TEST_POSTGRES_URL")
            .unwrap_or_else(|_| DEFAULT_TEST_POSTGRES_URL.to_owned());
        let reachable = Command::new("psql")
            .args([admin_url.as_str(), "-Atc", "select 1"])
            .output()
            .is_ok_and(|o| o.status.success());
        if !reachable {
            if std::env::var("JOURNAL_REQUIRE_POSTGRES").as_deref() == Ok("1") {
                bail!("PostgreSQL at {admin_url} is not reachable (psql) and JOURNAL_REQUIRE_POSTGRES=1");
            }
            eprintln!(
                "!!!!!! PostgreSQL at {admin_url} is not reachable: the PostgreSQL crash drill was SKIPPED !!!!!!"
            );
            return Ok(None);
        }
        let name = format!("journal_drill_{}", Uuid::new_v4().simple());
        let created = Command::new("psql")
            .args([
                admin_url.as_str(),
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                &format!("CREATE DATABASE \"{name}\""),
            ])
            .output()
            .context("running psql")?;
        ensure!(
            created.status.success(),
            "creating {name}: {}",
            text(&created)
        );
        let base = admin_url
            .split('?')
            .next()
            .and_then(|u| u.rsplit_once('/'))
            .map_or(admin_url.as_str(), |(b, _)| b);
        let url = format!("{base}/{name}");
        Ok(Some(Self {
            admin_url,
            name,
            url,
        }))
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let _ = Command::new("psql")
            .args([
                self.admin_url.as_str(),
                "-c",
                &format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// The server process, killed (SIGKILL) when dropped, also on panic.
struct ServerProcess(Child);

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The binary with one database and data directory (the audit and JWT keys live there).
struct Deployment {
    bin: PathBuf,
    data: tempfile::TempDir,
    database_url: Option<String>,
    label: &'static str,
    port: u16,
}

impl Deployment {
    fn new(label: &'static str, database_url: Option<String>) -> Result<Self> {
        let data = tempfile::Builder::new()
            .prefix("drills-crash-")
            .tempdir()
            .context("creating a data directory")?;
        Ok(Self {
            bin: journal_bin()?,
            data,
            database_url,
            label,
            port: free_port()?,
        })
    }

    fn command(&self) -> Command {
        let mut c = Command::new(&self.bin);
        c.env("JOURNAL_DATA_DIR", self.data.path())
            .env("JOURNAL_JWT_SECRET", JWT_SECRET)
            .env_remove("JOURNAL_AUDIT_SECRET")
            .env_remove("JOURNAL_SMTP_URL")
            .env("RUST_LOG", "info");
        match &self.database_url {
            Some(url) => c.env("DATABASE_URL", url),
            None => c.env_remove("DATABASE_URL"),
        };
        c
    }

    fn run(&self, args: &[&str]) -> Result<Output> {
        self.command()
            .args(args)
            .output()
            .with_context(|| format!("running journal {args:?}"))
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// `journal serve`, once `/api/v1/health` answers.
    async fn serve(&self, log_name: &str) -> Result<ServerProcess> {
        let log = File::create(artifacts_dir()?.join(format!("{}{log_name}", self.label)))?;
        let mut command = self.command();
        command
            .args(["serve", "--bind", &format!("127.0.0.1:{}", self.port)])
            .stdout(log.try_clone()?)
            .stderr(log);
        let mut server = ServerProcess(command.spawn().context("starting journal serve")?);
        let client = Client::new(self.base());
        let start = Instant::now();
        let mut interval = tokio::time::interval(Duration::from_millis(50));
        loop {
            interval.tick().await;
            if let Some(status) = server.0.try_wait()? {
                bail!(
                    "journal serve exited with {status}; see e2e/artifacts/{}{log_name}",
                    self.label
                );
            }
            if client.health().await.is_ok() {
                return Ok(server);
            }
            ensure!(
                start.elapsed() < START_DEADLINE,
                "the server did not answer /api/v1/health within {START_DEADLINE:?}"
            );
        }
    }
}

/// One cell a save wrote: where, and the comment that tells this save apart.
#[derive(Debug, Clone)]
struct Cell {
    page: (Uuid, Uuid),
    entry: Uuid,
    date: NaiveDate,
    student: Uuid,
    value: String,
    comment: String,
}

/// A page of the demo teacher to save into: its lessons she writes and its students.
struct Page {
    assignment: Uuid,
    period: Uuid,
    lessons: Vec<(Uuid, NaiveDate)>,
    students: Vec<Uuid>,
}

async fn teacher(base: &str) -> Result<Client> {
    let mut client = Client::new(base);
    let tokens = client.login("teacher", DEMO_PASSWORD).await?;
    client.set_access_token(Some(tokens.access_token));
    Ok(client)
}

/// Pages of the demo teacher's classes open for writing in the period holding the school's today
/// (else the latest begun), with the lessons she writes that have taken place.
async fn pages(client: &Client) -> Result<Vec<Page>> {
    let me = client.me().await?;
    let today = (chrono::Utc::now() + chrono::Duration::minutes(i64::from(me.utc_offset_minutes)))
        .date_naive();
    let years = client.list_years().await?;
    let year = years
        .iter()
        .find(|y| y.starts_on <= today && today <= y.ends_on)
        .or_else(|| years.iter().max_by_key(|y| y.starts_on))
        .context("the demo has a school year")?;
    let year = client.year(year.id).await?;
    let assignments = client
        .list_assignments(&AssignmentFilter {
            teacher_id: Some(me.user_id),
            class_id: None,
        })
        .await?;
    let mut pages = Vec::new();
    for a in assignments.iter().filter(|a| a.year_id == year.year.id) {
        let grade: u8 = a
            .class_name
            .trim_end_matches(|c: char| !c.is_ascii_digit())
            .parse()
            .with_context(|| format!("the grade of {}", a.class_name))?;
        if grade < 2 {
            continue;
        }
        let mut periods: Vec<_> = year
            .periods
            .iter()
            .filter(|p| p.grade_from <= grade && grade <= p.grade_to)
            .collect();
        periods.sort_by_key(|p| p.starts_on);
        let Some(period) = periods
            .iter()
            .find(|p| p.starts_on <= today && today <= p.ends_on)
            .or_else(|| periods.iter().rev().find(|p| p.starts_on <= today))
            .and_then(|p| p.id)
        else {
            continue;
        };
        let page = client.journal_page(a.id, period).await?.page;
        let lessons: Vec<_> = page
            .lessons
            .iter()
            .filter(|l| {
                l.writable && l.held_on <= today && l.change.is_none_or(|k| k != "cancellation")
            })
            .map(|l| (l.entry_id, l.lesson_date))
            .collect();
        if page.locked || lessons.len() < 4 || page.students.len() < 10 {
            continue;
        }
        pages.push(Page {
            assignment: a.id,
            period,
            lessons,
            students: page.students.iter().map(|s| s.id).collect(),
        });
        if pages.len() == STREAMS {
            break;
        }
    }
    ensure!(
        !pages.is_empty(),
        "the demo teacher has an open page to write"
    );
    Ok(pages)
}

/// How a stream of saves ended.
struct Stream {
    acknowledged: Vec<Cell>,
    /// What stopped it: the server going away must be a network error; anything else fails the
    /// drill.
    ended_by: Result<String, String>,
}

/// Saves one mark after another into `page`, each cell once, until a save fails; every
/// acknowledged one is counted in `acked`.
async fn save_stream(
    client: Arc<Client>,
    page: Page,
    stream: usize,
    acked: Arc<watch::Sender<usize>>,
) -> Stream {
    let mut acknowledged = Vec::new();
    let mut etag = match client.journal_page(page.assignment, page.period).await {
        Ok(p) => p.etag,
        Err(e) => {
            return Stream {
                acknowledged,
                ended_by: Err(format!("reading the page: {e}")),
            }
        }
    };
    let cells = page.lessons.len() * page.students.len();
    for i in 0..cells {
        let (entry, date) = page.lessons[i % page.lessons.len()];
        let student = page.students[(i / page.lessons.len()) % page.students.len()];
        let cell = Cell {
            page: (page.assignment, page.period),
            entry,
            date,
            student,
            value: ["2", "3", "4", "5"][i % 4].to_owned(),
            comment: format!("drill {stream}.{i}"),
        };
        let save = SaveCells {
            changes: vec![CellChange::Mark {
                entry_id: entry,
                lesson_date: date,
                student_id: student,
                work_type: "oral".into(),
                value: Some(cell.value.clone()),
                comment: Some(cell.comment.clone()),
                given_on: None,
            }],
        };
        match client
            .save_journal(page.assignment, page.period, &etag, &save)
            .await
        {
            Ok(JournalSave::Saved(saved)) => {
                etag = saved.etag;
                acknowledged.push(cell);
                acked.send_modify(|n| *n += 1);
            }
            Ok(JournalSave::Stale(p)) => {
                return Stream {
                    acknowledged,
                    ended_by: Err(format!("stale page (only this stream writes it): {p:?}")),
                }
            }
            Err(e @ ClientError::Network(_)) => {
                return Stream {
                    acknowledged,
                    ended_by: Ok(e.to_string()),
                }
            }
            Err(e) => {
                return Stream {
                    acknowledged,
                    ended_by: Err(format!("a save was refused: {e}")),
                }
            }
        }
    }
    Stream {
        acknowledged,
        ended_by: Err("ran out of cells before the kill".into()),
    }
}

async fn drill(label: &'static str, database_url: Option<String>) -> Result<()> {
    let started = Instant::now();
    let deployment = Deployment::new(label, database_url)?;
    let seeded = deployment.run(&["seed-demo"])?;
    ensure!(seeded.status.success(), "seed-demo: {}", text(&seeded));
    let mut server = deployment.serve("drill-server.log").await?;
    println!("{label}: demo seeded and served in {:?}", started.elapsed());

    let client = Arc::new(teacher(&deployment.base()).await?);
    let pages = pages(&client).await?;
    let (acked, mut acked_rx) = watch::channel(0usize);
    let acked = Arc::new(acked);
    let streams: Vec<_> = pages
        .into_iter()
        .enumerate()
        .map(|(n, page)| tokio::spawn(save_stream(client.clone(), page, n, acked.clone())))
        .collect();
    // Only the streams hold the sender now: when they all stop, the wait below ends with an error.
    drop(acked);
    let n_streams = streams.len();
    // The kill lands as soon as enough saves are acknowledged, while the streams are saving (if
    // they all stop first, the wait ends and the streams say why).
    let reached = acked_rx.wait_for(|n| *n >= SAVES_BEFORE_KILL).await.is_ok();
    server.0.kill().context("kill -9")?;
    server.0.wait()?;
    let killed_at = *acked_rx.borrow();

    let mut acknowledged = Vec::new();
    for s in streams {
        let s = s.await?;
        match &s.ended_by {
            Ok(network) => println!(
                "{label}: a stream ended after {} saves by the kill: {network}",
                s.acknowledged.len()
            ),
            Err(why) => bail!("a stream of saves ended before the kill: {why}"),
        }
        acknowledged.extend(s.acknowledged);
    }
    ensure!(reached, "the save streams stopped before the kill");
    println!(
        "{label}: killed after {killed_at} acknowledged saves in {n_streams} streams; {} acknowledged in all",
        acknowledged.len()
    );
    ensure!(acknowledged.len() >= SAVES_BEFORE_KILL);

    let server = deployment.serve("drill-server-restarted.log").await?;
    let client = teacher(&deployment.base()).await?;
    let mut by_page: HashMap<(Uuid, Uuid), Vec<&Cell>> = HashMap::new();
    for c in &acknowledged {
        by_page.entry(c.page).or_default().push(c);
    }
    for ((assignment, period), cells) in &by_page {
        let page = client.journal_page(*assignment, *period).await?.page;
        for c in cells {
            let student = page
                .students
                .iter()
                .find(|s| s.id == c.student)
                .with_context(|| format!("student {} on the page", c.student))?;
            let mark = student.marks.iter().find(|m| {
                m.entry_id == c.entry && m.lesson_date == c.date && m.work_type == "oral"
            });
            ensure!(
                mark.is_some_and(
                    |m| m.value == c.value && m.comment.as_deref() == Some(c.comment.as_str())
                ),
                "an acknowledged save is lost after the crash: {c:?}, the page has {mark:?}"
            );
        }
        // The page takes new saves after the restart.
        let versioned = client.journal_page(*assignment, *period).await?;
        let c = cells[0];
        let save = SaveCells {
            changes: vec![CellChange::Mark {
                entry_id: c.entry,
                lesson_date: c.date,
                student_id: c.student,
                work_type: "oral".into(),
                value: Some("5".into()),
                comment: Some("after the restart".into()),
                given_on: None,
            }],
        };
        match client
            .save_journal(*assignment, *period, &versioned.etag, &save)
            .await?
        {
            JournalSave::Saved(_) => {}
            JournalSave::Stale(p) => bail!("a save after the restart is stale: {p:?}"),
        }
    }
    drop(server);

    let verified = deployment.run(&["audit", "verify"])?;
    ensure!(
        verified.status.success(),
        "journal audit verify after the crash: {}",
        text(&verified)
    );
    println!(
        "{label}: every one of {} acknowledged saves survived kill -9; audit verify: {}; drill took {:?}",
        acknowledged.len(),
        text(&verified).trim(),
        started.elapsed()
    );
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary; run by make e2e"]
async fn crash_drill_sqlite() -> Result<()> {
    drill("drill-sqlite-", None).await
}

#[tokio::test]
#[ignore = "needs the release binary and PostgreSQL; run by make e2e"]
async fn crash_drill_postgres() -> Result<()> {
    let Some(db) = PgDatabase::create()? else {
        return Ok(());
    };
    let outcome = drill("drill-postgres-", Some(db.url.clone())).await;
    drop(db);
    outcome
}
