//! The end-to-end harness: the release `journal` binary on a fresh demo database ([`Server`]),
//! headless Chromium through chromedriver ([`in_browser`]), the SPA driven like a person would
//! ([`browser`]) and setup and checks through `journal-client` ([`api`]).
//!
//! Its users are the test binaries of this crate: `tests/e2e/` (the scenarios, one module per
//! area of the school's work) and `tests/crash_drill.rs`. Their tests are `#[ignore]`d: they need
//! the release binary and the built SPA. Run them with `make e2e`, or by hand after
//! `cargo build --release -p journal-server` and `frontend/build.sh`:
//!
//! ```text
//! cargo test -p journal-e2e -- --ignored --nocapture --test-threads=1
//! ```
//!
//! `JOURNAL_BIN` and `JOURNAL_SPA_DIR` point at another binary or SPA build. Screenshots and the
//! server and chromedriver logs go to `e2e/artifacts/` ([`artifacts_dir`]).

pub mod api;
pub mod browser;

use anyhow::{anyhow, bail, ensure, Context, Result};
use browser::screenshot;
use fantoccini::{Client as Browser, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use journal_client::Client;
use std::fs::{self, File};
use std::future::Future;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The workspace's root folder.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// `e2e/artifacts/`, made when missing: screenshots and server logs.
pub fn artifacts_dir() -> Result<PathBuf> {
    let dir = workspace_root().join("e2e").join("artifacts");
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

/// `e2e/artifacts/downloads/`, where Chromium saves what a page downloads (emptied per browser).
pub fn downloads_dir() -> Result<PathBuf> {
    let dir = artifacts_dir()?.join("downloads");
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

/// The `journal` binary under test: `JOURNAL_BIN`, else the workspace's release build.
pub fn journal_bin() -> Result<PathBuf> {
    let bin = std::env::var_os("JOURNAL_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/release/journal"));
    ensure!(
        bin.is_file(),
        "the journal binary is missing at {} (build it with `cargo build --release -p journal-server` \
         or set JOURNAL_BIN)",
        bin.display()
    );
    Ok(bin)
}

/// The demo school created by `journal seed-demo`.
pub const DEMO_SCHOOL: &str = "МАОУ СОШ № 1";
/// Password of every demo account.
pub const DEMO_PASSWORD: &str = "journal-demo";

/// Today in the demo school, which is in Moscow (UTC+3 all year): the day the SPA shows and the
/// server's rules go by, whatever the machine's own zone. Near midnight the two differ, so a test
/// never takes the machine's date for the school's.
pub fn demo_today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(3)).date_naive()
}
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long the server and chromedriver get to come up.
const START_DEADLINE: Duration = Duration::from_secs(30);
/// How long the UI gets to reach an expected state.
pub const UI_DEADLINE: Duration = Duration::from_secs(20);
/// Pause between two checks of a condition that is not met yet.
const POLL: Duration = Duration::from_millis(100);

/// A free TCP port on the loopback interface (bound once, then released for the child).
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("binding a free port")?;
    Ok(listener.local_addr()?.port())
}

/// A child process killed (with its process group) when the guard is dropped, also on panic.
struct ChildGuard {
    name: &'static str,
    child: Child,
}

impl ChildGuard {
    fn spawn(name: &'static str, command: &mut Command) -> Result<Self> {
        use std::os::unix::process::CommandExt;
        // Its own process group, so that the browser chromedriver starts goes away with it.
        command.process_group(0);
        let child = command
            .spawn()
            .with_context(|| format!("starting {name}: {command:?}"))?;
        Ok(Self { name, child })
    }

    /// Fails if the process has already exited.
    fn ensure_running(&mut self) -> Result<()> {
        match self.child.try_wait()? {
            Some(status) => bail!(
                "{} exited early with {status}; see its log in e2e/artifacts/",
                self.name
            ),
            None => Ok(()),
        }
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            // The group id is the child's pid (process_group(0)); SIGTERM the whole group first.
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg("--")
                .arg(format!("-{}", self.child.id()))
                .stderr(Stdio::null())
                .status();
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Polls `check` until it yields a value or `deadline` passes.
pub async fn poll_until<T, F, Fut>(what: &str, deadline: Duration, mut check: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>>>,
{
    let start = Instant::now();
    let mut interval = tokio::time::interval(POLL);
    let mut last_error = None;
    loop {
        interval.tick().await;
        match check().await {
            Ok(Some(value)) => return Ok(value),
            Ok(None) => {}
            Err(e) => last_error = Some(e),
        }
        if start.elapsed() > deadline {
            return Err(match last_error {
                Some(e) => e.context(format!("timed out waiting for {what}")),
                None => anyhow!("timed out after {deadline:?} waiting for {what}"),
            });
        }
    }
}

/// JWT signing secrets: the server restarts with the second one to invalidate every access token
/// while the refresh tokens (kept in the database) stay valid.
pub const JWT_SECRET: &str = "e2e-only-secret-0123456789abcdef0123456789abcdef0123456789abcdef";
/// The second signing secret, for [`Server::restart_with_secret`].
pub const JWT_SECRET_ROTATED: &str =
    "e2e-only-rotated-fedcba9876543210fedcba9876543210fedcba98765432";

/// The `journal` server on a fresh demo database in a temporary directory.
pub struct Server {
    /// The server root, e.g. `http://127.0.0.1:40123`.
    pub base: String,
    port: u16,
    bin: PathBuf,
    spa: PathBuf,
    data: tempfile::TempDir,
    guard: Option<ChildGuard>,
}

impl Server {
    /// `label` prefixes the log files, so that each test keeps its own (`""` for the first).
    pub async fn start(label: &str) -> Result<Self> {
        let root = workspace_root();
        let bin = journal_bin()?;
        let spa = std::env::var_os("JOURNAL_SPA_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("frontend/dist"));
        // build.sh gives the module a content-hashed name (journal_frontend_bg.<hash>.wasm).
        let has_module = fs::read_dir(&spa).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".wasm"))
        });
        ensure!(
            spa.join("index.html").is_file() && has_module,
            "the SPA build is missing in {} (run `frontend/build.sh` or set JOURNAL_SPA_DIR)",
            spa.display()
        );
        let data = tempfile::tempdir().context("creating a temporary data directory")?;
        let port = free_port()?;
        let mut server = Self {
            base: format!("http://127.0.0.1:{port}"),
            port,
            bin,
            spa,
            data,
            guard: None,
        };

        let seed_log_name = format!("{label}seed-demo.log");
        let seed_log = File::create(artifacts_dir()?.join(&seed_log_name))?;
        let mut seed = server.command(JWT_SECRET);
        seed.arg("seed-demo")
            .stdout(seed_log.try_clone()?)
            .stderr(seed_log);
        let status = seed
            .status()
            .with_context(|| format!("running {} seed-demo", server.bin.display()))?;
        ensure!(
            status.success(),
            "`journal seed-demo` failed with {status}; see e2e/artifacts/{seed_log_name}"
        );

        server
            .serve(JWT_SECRET, &format!("{label}server.log"))
            .await?;
        Ok(server)
    }

    /// The binary with the environment of this test: its own data directory, SQLite, the SPA.
    fn command(&self, jwt_secret: &str) -> Command {
        let mut command = Command::new(&self.bin);
        command
            .env_remove("DATABASE_URL")
            .env("JOURNAL_DATA_DIR", self.data.path())
            .env("JOURNAL_SPA_DIR", &self.spa)
            .env("JOURNAL_JWT_SECRET", jwt_secret)
            .env("RUST_LOG", "info");
        command
    }

    /// Starts `journal serve` on this server's port and waits until `/api/v1/health` answers.
    async fn serve(&mut self, jwt_secret: &str, log_name: &str) -> Result<()> {
        let log = File::create(artifacts_dir()?.join(log_name))?;
        let mut serve = self.command(jwt_secret);
        serve
            .arg("serve")
            .arg("--bind")
            .arg(format!("127.0.0.1:{}", self.port))
            .stdout(log.try_clone()?)
            .stderr(log);
        let guard = self
            .guard
            .insert(ChildGuard::spawn("journal serve", &mut serve)?);

        let client = Client::new(self.base.clone());
        let start = Instant::now();
        let mut interval = tokio::time::interval(POLL);
        loop {
            interval.tick().await;
            guard.ensure_running()?;
            if client.health().await.is_ok() {
                return Ok(());
            }
            ensure!(
                start.elapsed() < START_DEADLINE,
                "the server did not answer /api/v1/health within {START_DEADLINE:?}; see e2e/artifacts/{log_name}"
            );
        }
    }

    /// Stops the server and starts it again on the same port and data with another JWT secret.
    pub async fn restart_with_secret(&mut self, jwt_secret: &str) -> Result<()> {
        // Dropping the guard stops the process (and waits for it).
        self.guard = None;
        self.serve(jwt_secret, "server-restarted.log").await
    }

    /// Fails if the server has exited (or was never started).
    pub fn ensure_running(&mut self) -> Result<()> {
        match &mut self.guard {
            Some(guard) => guard.ensure_running(),
            None => bail!("the server is not running"),
        }
    }
}

/// chromedriver on a free port and a WebDriver session in headless Chromium.
struct Driver {
    _guard: ChildGuard,
    browser: Browser,
}

impl Driver {
    /// `label` prefixes the log file, as for [`Server::start`].
    async fn start(label: &str) -> Result<Self> {
        for tool in [CHROMIUM, CHROMEDRIVER] {
            ensure!(
                Path::new(tool).is_file(),
                "{tool} is missing: install Debian's `chromium` and `chromium-driver` \
                 (`apt-get install chromium chromium-driver`; `make e2e` does it)"
            );
        }
        let port = free_port()?;
        let log = File::create(artifacts_dir()?.join(format!("{label}chromedriver.log")))?;
        let mut command = Command::new(CHROMEDRIVER);
        command
            .arg(format!("--port={port}"))
            .stdout(log.try_clone()?)
            .stderr(log);
        let mut guard = ChildGuard::spawn("chromedriver", &mut command)?;

        let capabilities = serde_json::json!({
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--window-size=1280,900",
                    "--lang=ru-RU",
                ],
                "prefs": {
                    "download.default_directory": downloads_dir()?.to_string_lossy(),
                    "download.prompt_for_download": false,
                },
            }
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            bail!("capabilities must be a JSON object");
        };
        let url = format!("http://127.0.0.1:{port}");
        let start = Instant::now();
        let mut interval = tokio::time::interval(POLL);
        let browser = loop {
            interval.tick().await;
            guard.ensure_running()?;
            // Until chromedriver listens, connecting fails; after that it starts the browser.
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                break ClientBuilder::new(HttpConnector::new())
                    .capabilities(capabilities.clone())
                    .connect(&url)
                    .await
                    .context("starting a Chromium session through chromedriver")?;
            }
            ensure!(
                start.elapsed() < START_DEADLINE,
                "chromedriver did not listen on port {port} within {START_DEADLINE:?}"
            );
        };
        Ok(Self {
            _guard: guard,
            browser,
        })
    }
}

/// Runs `scenario` in a fresh headless Chromium and closes it; a failure leaves
/// `<label>failure.png` in the artifacts, since the screen at that moment helps more than the
/// error alone.
pub async fn in_browser<F, Fut>(label: &str, scenario: F) -> Result<()>
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let driver = Driver::start(label).await?;
    let outcome = scenario(driver.browser.clone()).await;
    if outcome.is_err() {
        let _ = screenshot(&driver.browser, &format!("{label}failure.png")).await;
    }
    let Driver { _guard, browser } = driver;
    let closed = browser.close().await;
    outcome?;
    closed.context("closing the browser session")
}
