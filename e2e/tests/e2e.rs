//! End-to-end: the release `journal` binary on a demo database, the API through `journal-client`,
//! and the SPA in headless Chromium through chromedriver (WebDriver, fantoccini).
//!
//! Run with `make e2e`, or by hand after `cargo build --release -p journal-server` and
//! `frontend/build.sh`:
//!
//! ```text
//! cargo test -p journal-e2e -- --ignored --nocapture
//! ```
//!
//! `JOURNAL_BIN` and `JOURNAL_SPA_DIR` point at another binary or SPA build. Screenshots and the
//! server and chromedriver logs go to `e2e/artifacts/`.

mod support;

use anyhow::{anyhow, bail, ensure, Context, Result};
use chrono::{Datelike, NaiveDate};
use fantoccini::{Client as Browser, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use journal_api_types::groups::{Group, GroupFilter, MembersQuery};
use journal_api_types::people::StudentFilter;
use journal_api_types::planning::ControlWorkFilter;
use journal_api_types::structure::{
    AssignmentInput, BellInput, BellScheduleInput, CalendarInput, ClassFilter, ClassInput,
    CreateYearRequest, PeriodInput, RoomInput, SubjectInput, YearDetail,
};
use journal_api_types::timetable::{EntryInput, LessonFilter, LessonRecordInput, TimetableFilter};
use journal_api_types::users::UserFilter;
use journal_client::{Client, ClientError};
use std::fs::{self, File};
use std::future::Future;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::{artifacts_dir, workspace_root};
use uuid::Uuid;

/// The demo school created by `journal seed-demo`.
const DEMO_SCHOOL: &str = "МАОУ СОШ № 1";
/// Password of every demo account.
const DEMO_PASSWORD: &str = "journal-demo";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long the server and chromedriver get to come up.
const START_DEADLINE: Duration = Duration::from_secs(30);
/// How long the UI gets to reach an expected state.
const UI_DEADLINE: Duration = Duration::from_secs(20);
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
async fn poll_until<T, F, Fut>(what: &str, deadline: Duration, mut check: F) -> Result<T>
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
const JWT_SECRET: &str = "e2e-only-secret-0123456789abcdef0123456789abcdef0123456789abcdef";
const JWT_SECRET_ROTATED: &str = "e2e-only-rotated-fedcba9876543210fedcba9876543210fedcba98765432";

/// The `journal` server on a fresh demo database in a temporary directory.
struct Server {
    base: String,
    port: u16,
    bin: PathBuf,
    spa: PathBuf,
    data: tempfile::TempDir,
    guard: Option<ChildGuard>,
}

impl Server {
    /// `label` prefixes the log files, so that each test keeps its own (`""` for the first).
    async fn start(label: &str) -> Result<Self> {
        let root = workspace_root();
        let bin = std::env::var_os("JOURNAL_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target/release/journal"));
        ensure!(
            bin.is_file(),
            "the journal binary is missing at {} (build it with `cargo build --release -p journal-server` \
             or set JOURNAL_BIN)",
            bin.display()
        );
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
    async fn restart_with_secret(&mut self, jwt_secret: &str) -> Result<()> {
        // Dropping the guard stops the process (and waits for it).
        self.guard = None;
        self.serve(jwt_secret, "server-restarted.log").await
    }

    fn ensure_running(&mut self) -> Result<()> {
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

/// The visible text of the element `css`, once it exists.
/// Runs `scenario` in a fresh headless Chromium and closes it; a failure leaves
/// `<label>failure.png` in the artifacts, since the screen at that moment helps more than the
/// error alone.
async fn in_browser<F, Fut>(label: &str, scenario: F) -> Result<()>
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

async fn text_of(browser: &Browser, css: &str) -> Result<String> {
    let element = browser
        .wait()
        .at_most(UI_DEADLINE)
        .for_element(Locator::Css(css))
        .await
        .with_context(|| format!("waiting for `{css}`"))?;
    Ok(element.text().await?)
}

/// Waits until the element `css` exists and its text contains `expected`.
async fn wait_text(browser: &Browser, css: &str, expected: &str) -> Result<String> {
    let what = format!("`{css}` to contain {expected:?}");
    poll_until(&what, UI_DEADLINE, || async {
        match browser.find(Locator::Css(css)).await {
            Ok(element) => {
                let text = element.text().await?;
                Ok(text.contains(expected).then_some(text))
            }
            Err(_) => Ok(None),
        }
    })
    .await
}

/// Waits until no element matches `css`.
async fn wait_gone(browser: &Browser, css: &str) -> Result<()> {
    poll_until(&format!("`{css}` to disappear"), UI_DEADLINE, || async {
        Ok(browser
            .find_all(Locator::Css(css))
            .await?
            .is_empty()
            .then_some(()))
    })
    .await
}

async fn fill(browser: &Browser, css: &str, value: &str) -> Result<()> {
    let input = browser
        .wait()
        .at_most(UI_DEADLINE)
        .for_element(Locator::Css(css))
        .await
        .with_context(|| format!("waiting for input `{css}`"))?;
    if input.attr("type").await?.as_deref() == Some("date") {
        input.clear().await?;
        input.send_keys(value).await?;
        return Ok(());
    }
    // A controlled input may put its old value back when the page re-renders between the clear
    // and the typing (e.g. after a save elsewhere on the page): type again until it holds the text.
    poll_until(&format!("`{css}` to hold {value:?}"), UI_DEADLINE, || {
        let input = input.clone();
        async move {
            input.clear().await?;
            input.send_keys(value).await?;
            let now = input.prop("value").await?.unwrap_or_default();
            Ok((now == value).then_some(()))
        }
    })
    .await
}

async fn click(browser: &Browser, css: &str) -> Result<()> {
    browser
        .wait()
        .at_most(UI_DEADLINE)
        .for_element(Locator::Css(css))
        .await
        .with_context(|| format!("waiting for `{css}`"))?
        .click()
        .await
        .with_context(|| format!("clicking `{css}`"))?;
    Ok(())
}

async fn screenshot(browser: &Browser, name: &str) -> Result<()> {
    let png = browser.screenshot().await.context("taking a screenshot")?;
    let path = artifacts_dir()?.join(name);
    fs::write(&path, png).with_context(|| format!("writing {}", path.display()))?;
    println!("screenshot: {}", path.display());
    Ok(())
}

async fn sign_in(browser: &Browser, login: &str, password: &str) -> Result<()> {
    fill(browser, "#login", login).await?;
    fill(browser, "#password", password).await?;
    click(browser, "#login-submit").await
}

/// API checks through the typed client.
async fn api_checks(base: &str) -> Result<()> {
    let mut client = Client::new(base);

    let health = client.health().await?;
    assert_eq!(health.status, "ok", "health: {health:?}");
    assert_eq!(health.database, "sqlite", "health: {health:?}");

    // R-S4: one answer for a wrong password and for an unknown login.
    for (login, password) in [
        ("admin", "not-the-password"),
        ("nobody-here", DEMO_PASSWORD),
    ] {
        match client.login(login, password).await {
            Err(ClientError::Api(problem)) => {
                assert_eq!(problem.status, 401, "{login}: {problem:?}");
                assert_eq!(problem.code, "invalid_credentials", "{login}: {problem:?}");
            }
            other => panic!("login {login}/{password} should be refused, got {other:?}"),
        }
    }

    let tokens = client.login("admin", DEMO_PASSWORD).await?;
    assert!(
        !tokens.must_change_password,
        "the demo admin has a permanent password"
    );
    client.set_access_token(Some(tokens.access_token));
    let me = client.me().await?;
    assert_eq!(me.school_name, DEMO_SCHOOL);
    assert_eq!(me.login, "admin");

    for demo in [
        "admin",
        "director",
        "deputy",
        "secretary",
        "teacher",
        "parent",
        "student",
    ] {
        let filter = UserFilter {
            q: Some(demo.to_owned()),
            ..UserFilter::default()
        };
        let found = client.list_users(&filter).await?;
        assert!(
            found.items.iter().any(|u| u.login == demo),
            "demo account {demo} is listed: {found:?}"
        );
    }
    client.logout(&tokens.refresh_token).await?;
    Ok(())
}

/// The SPA, driven like a person would.
async fn browser_scenario(browser: &Browser, server: &mut Server) -> Result<()> {
    let base = server.base.clone();
    let base = base.as_str();
    // Sign-in page, in Russian by default.
    browser.goto(&format!("{base}/")).await?;
    wait_text(browser, "#login-submit", "Войти").await?;
    ensure!(
        browser.current_url().await?.path() == "/login",
        "signed out, `/` goes to /login"
    );
    screenshot(browser, "01-login.png").await?;

    // A wrong password: the translated problem.
    sign_in(browser, "admin", "wrong-password").await?;
    wait_text(browser, "#login-error", "Неверный логин или пароль").await?;

    // The demo admin.
    sign_in(browser, "admin", DEMO_PASSWORD).await?;
    wait_text(browser, "#school-name", DEMO_SCHOOL).await?;
    wait_text(browser, "#user-roles", "Администратор").await?;
    wait_text(browser, "#logout", "Выйти").await?;
    wait_text(browser, "#main-nav", "Журнал аудита").await?;
    screenshot(browser, "02-home-ru.png").await?;

    // English and back; the choice is kept in localStorage.
    click(browser, "#lang-switch").await?;
    wait_text(browser, "#logout", "Log out").await?;
    wait_text(browser, "#lang-switch", "Русский").await?;
    wait_text(browser, "#main-nav", "Users").await?;
    screenshot(browser, "03-home-en.png").await?;
    click(browser, "#lang-switch").await?;
    wait_text(browser, "#logout", "Выйти").await?;

    // A reload keeps the session of this tab (refresh token in sessionStorage).
    browser.refresh().await?;
    wait_text(browser, "#school-name", DEMO_SCHOOL).await?;

    // An unknown address.
    browser.goto(&format!("{base}/no-such-page")).await?;
    wait_text(browser, "#not-found", "Страница не найдена").await?;

    // Users: create an account and read its one-time password.
    click(browser, "#main-nav a[href='/users']").await?;
    text_of(browser, "#users-table tbody tr").await?;
    fill(browser, "#users-q", "director").await?;
    click(browser, "#users-search").await?;
    wait_text(browser, "#users-table tbody", "Директор").await?;
    fill(browser, "#new-user-last-name", "Смирнова").await?;
    fill(browser, "#new-user-first-name", "Анна").await?;
    fill(browser, "#new-user-middle-name", "Сергеевна").await?;
    fill(browser, "#new-user-login", "e2e.smirnova").await?;
    click(browser, "#new-user-role-teacher").await?;
    click(browser, "#new-user-submit").await?;
    let one_time = text_of(browser, "#initial-password")
        .await?
        .trim()
        .to_owned();
    ensure!(!one_time.is_empty(), "the one-time password is shown");
    wait_text(browser, "#initial-password-expires", "Действует до").await?;
    screenshot(browser, "04-initial-password.png").await?;
    fill(browser, "#users-q", "e2e.smirnova").await?;
    click(browser, "#users-search").await?;
    wait_text(
        browser,
        "tr[data-login='e2e.smirnova']",
        "Ожидает первого входа",
    )
    .await?;
    screenshot(browser, "05-user-listed.png").await?;

    // The same login again: the field error.
    fill(browser, "#new-user-last-name", "Смирнова").await?;
    fill(browser, "#new-user-first-name", "Анна").await?;
    fill(browser, "#new-user-login", "e2e.smirnova").await?;
    click(browser, "#new-user-role-teacher").await?;
    click(browser, "#new-user-submit").await?;
    wait_text(browser, "#new-user-login-error", "уже занят").await?;

    // The audit log shows the creation, translated.
    click(browser, "#main-nav a[href='/audit']").await?;
    wait_text(browser, "#audit-table", "Создание учётной записи").await?;
    click(
        browser,
        "#audit-table tbody tr:first-child button[aria-expanded]",
    )
    .await?;
    wait_text(browser, "#audit-table .detail-row", "e2e.smirnova").await?;
    screenshot(browser, "06-audit.png").await?;

    // Sign out.
    click(browser, "#logout").await?;
    wait_text(browser, "#login-submit", "Войти").await?;
    wait_gone(browser, "#school-name").await?;
    screenshot(browser, "07-logged-out.png").await?;

    // The new person signs in with the one-time password and must choose a password first.
    sign_in(browser, "e2e.smirnova", &one_time).await?;
    wait_text(browser, "#change-password-submit", "Сменить пароль").await?;
    ensure!(
        browser
            .find_all(Locator::Css("#main-nav"))
            .await?
            .is_empty(),
        "nothing but the password change is shown"
    );
    ensure!(
        browser.current_url().await?.path() == "/password",
        "the forced password change lives at /password"
    );
    screenshot(browser, "08-forced-password.png").await?;

    // A common password is refused with a translated reason.
    fill(browser, "#current-password", &one_time).await?;
    fill(browser, "#new-password", "qwerty123").await?;
    fill(browser, "#new-password-repeat", "qwerty123").await?;
    click(browser, "#change-password-submit").await?;
    wait_text(browser, "#password-error", "распространён").await?;

    let own_password = "тихий вечер на Оке 2025";
    fill(browser, "#current-password", &one_time).await?;
    fill(browser, "#new-password", own_password).await?;
    fill(browser, "#new-password-repeat", own_password).await?;
    click(browser, "#change-password-submit").await?;
    wait_text(browser, "#school-name", DEMO_SCHOOL).await?;
    wait_text(browser, "#user-roles", "Учитель").await?;
    wait_text(browser, "#user-name", "Смирнова Анна Сергеевна").await?;
    wait_text(browser, "#welcome", "Анна Сергеевна").await?;
    ensure!(
        browser
            .find_all(Locator::Css("#main-nav a[href='/users']"))
            .await?
            .is_empty(),
        "a teacher does not get the users section"
    );
    screenshot(browser, "09-new-user-home.png").await?;

    // The one-time password is spent; the new one works through the API too.
    let client = Client::new(base);
    match client.login("e2e.smirnova", &one_time).await {
        Err(ClientError::Api(problem)) => assert_eq!(problem.status, 401, "{problem:?}"),
        other => panic!("the one-time password must be spent, got {other:?}"),
    }
    let tokens = client.login("e2e.smirnova", own_password).await?;
    ensure!(
        !tokens.must_change_password,
        "the new password is permanent"
    );

    // A voluntary change from the profile, then the profile on a phone-sized window.
    click(browser, "#main-nav a[href='/profile']").await?;
    click(browser, "#profile-change-password").await?;
    let second_password = "другой пароль для проверки";
    fill(browser, "#current-password", own_password).await?;
    fill(browser, "#new-password", second_password).await?;
    fill(browser, "#new-password-repeat", second_password).await?;
    click(browser, "#change-password-submit").await?;
    wait_text(browser, "#password-success", "Пароль изменён").await?;
    browser.set_window_size(375, 812).await?;
    click(browser, "#main-nav a[href='/profile']").await?;
    wait_text(browser, "#profile-login", "e2e.smirnova").await?;
    screenshot(browser, "10-profile-375px.png").await?;

    // Signing out everywhere ends the API session opened above as well (R-S5).
    click(browser, "#logout-all").await?;
    browser.accept_alert().await?;
    wait_text(browser, "#login-notice", "на всех устройствах").await?;
    let mut other_device = Client::new(base);
    other_device.set_access_token(Some(tokens.access_token));
    match other_device.me().await {
        Err(ClientError::Api(problem)) => assert_eq!(problem.status, 401, "{problem:?}"),
        other => panic!("the other session must have ended, got {other:?}"),
    }
    match client.refresh(&tokens.refresh_token).await {
        Err(ClientError::Api(problem)) => assert_eq!(problem.status, 401, "{problem:?}"),
        other => panic!("the other refresh token must have ended, got {other:?}"),
    }

    // The users list on a phone: rows become cards.
    sign_in(browser, "admin", DEMO_PASSWORD).await?;
    wait_text(browser, "#school-name", DEMO_SCHOOL).await?;
    click(browser, "#main-nav a[href='/users']").await?;
    fill(browser, "#users-q", "e2e").await?;
    click(browser, "#users-search").await?;
    wait_text(browser, "#users-table tbody", "e2e.smirnova").await?;
    let table = browser.find(Locator::Css("#users-table")).await?;
    browser
        .execute(
            "arguments[0].scrollIntoView({block: 'start'});",
            vec![serde_json::to_value(&table)?],
        )
        .await?;
    screenshot(browser, "11-users-375px.png").await?;
    browser.set_window_size(1280, 900).await?;

    // The server restarts with another signing key: the SPA's access token is refused with
    // `401 invalid_token`; the SPA refreshes once, repeats the call and carries on.
    server.restart_with_secret(JWT_SECRET_ROTATED).await?;
    click(browser, "#main-nav a[href='/audit']").await?;
    wait_text(browser, "#audit-table", "Вход в систему").await?;
    ensure!(
        browser
            .find_all(Locator::Css("#login-form"))
            .await?
            .is_empty(),
        "the session survives a refused access token"
    );

    // The admin's sessions are ended from elsewhere: the SPA's next call is refused, its refresh
    // too, and it returns to the sign-in page saying why.
    let mut elsewhere = Client::new(base);
    let admin = elsewhere.login("admin", DEMO_PASSWORD).await?;
    elsewhere.set_access_token(Some(admin.access_token));
    elsewhere.logout_all().await?;
    click(browser, "#main-nav a[href='/users']").await?;
    wait_text(browser, "#login-notice", "Сеанс завершён").await?;
    wait_gone(browser, "#main-nav").await?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn journal_end_to_end() -> Result<()> {
    let mut server = Server::start("").await?;
    println!("journal serve at {}", server.base);

    api_checks(&server.base).await?;

    let server = &mut server;
    in_browser("", |browser| async move {
        let outcome = browser_scenario(&browser, server).await;
        server.ensure_running()?;
        outcome
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// The timetable: the deputy registers a substitution, the substitute writes the lesson, the
// teacher of the lesson sees it covered and read-only (R-T1, R-T2, R-A4, R-R8).

/// The name of a demo teacher as the timetable shows it (short form).
const IVANOVA_SHORT: &str = "Иванова М. П.";
const KOZLOV_SHORT: &str = "Козлов В. Н.";
/// Letters tried for the test's own 7th-grade class, so as not to meet classes a seed may bring.
const FREE_LETTERS: &str = "ВГДЕЖЗИКЛМНОП";

/// What the API setup created for the browser part.
struct TimetableSetup {
    class_id: Uuid,
    /// Иванова's weekly maths lesson that the deputy has Козлов cover.
    entry_id: Uuid,
    /// The day (this week) and lesson number of that lesson.
    date: NaiveDate,
    lesson: u8,
    /// Козлов's own geometry lesson the same day, which the deputy cancels.
    geometry_entry: Uuid,
    geometry_lesson: u8,
    /// Козлов's geometry assignment in the class (used to provoke a clash in the browser).
    kozlov_assignment: Uuid,
    ivanova: Uuid,
    kozlov: Uuid,
    /// The school year the class belongs to, with its calendar.
    year: YearDetail,
}

fn monday_of(date: NaiveDate) -> NaiveDate {
    date - chrono::Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// Whether `date` is a school day for grade 7 by the year's calendar: inside a period, no holiday.
fn teaching_day(year: &YearDetail, date: NaiveDate) -> bool {
    let grade = 7;
    let in_period = year.periods.iter().any(|p| {
        p.grade_from <= grade && grade <= p.grade_to && p.starts_on <= date && date <= p.ends_on
    });
    let holiday = year.holidays.iter().any(|h| {
        h.grade_from <= grade && grade <= h.grade_to && h.starts_on <= date && date <= h.ends_on
    });
    date.weekday().num_days_from_monday() < 5 && in_period && !holiday
}

async fn user_id(client: &Client, login: &str) -> Result<Uuid> {
    let filter = UserFilter {
        q: Some(login.to_owned()),
        ..UserFilter::default()
    };
    client
        .list_users(&filter)
        .await?
        .items
        .into_iter()
        .find(|u| u.login == login)
        .map(|u| u.id)
        .ok_or_else(|| anyhow!("the demo account {login} is missing"))
}

/// The school year holding `today`: the school's own when there is one, else one created here
/// (1 September – 31 August) with a single quarter around this week and no holidays.
async fn year_for_today(client: &Client, today: NaiveDate) -> Result<YearDetail> {
    if let Some(year) = client
        .list_years()
        .await?
        .into_iter()
        .find(|y| y.starts_on <= today && today <= y.ends_on)
    {
        return Ok(client.year(year.id).await?);
    }
    let first_year = if today.month() >= 9 {
        today.year()
    } else {
        today.year() - 1
    };
    let starts_on = NaiveDate::from_ymd_opt(first_year, 9, 1).context("1 September")?;
    let ends_on = NaiveDate::from_ymd_opt(first_year + 1, 8, 31).context("31 August")?;
    let monday = monday_of(today);
    let quarter = PeriodInput {
        id: None,
        kind: "quarter".into(),
        number: 1,
        grade_from: 1,
        grade_to: 11,
        starts_on: (monday - chrono::Duration::days(7)).max(starts_on),
        ends_on: (monday + chrono::Duration::days(13)).min(ends_on),
    };
    let request = CreateYearRequest {
        name: format!("{first_year}/{}", first_year + 1),
        starts_on,
        ends_on,
        calendar: CalendarInput {
            periods: vec![quarter],
            holidays: Vec::new(),
        },
    };
    Ok(client.create_year(&request).await?)
}

async fn subject_named(client: &Client, name: &str, short: &str) -> Result<Uuid> {
    if let Some(s) = client
        .list_subjects()
        .await?
        .into_iter()
        .find(|s| s.name == name)
    {
        return Ok(s.id);
    }
    let created = client
        .create_subject(&SubjectInput {
            name: name.into(),
            short_name: short.into(),
        })
        .await?;
    Ok(created.id)
}

/// Lesson numbers of `teacher` on the weekday of `date` in the weekly timetable valid that day.
async fn busy_numbers(client: &Client, teacher: Uuid, date: NaiveDate) -> Result<Vec<u8>> {
    let weekday = u8::try_from(date.weekday().number_from_monday())?;
    let filter = TimetableFilter {
        class_id: None,
        teacher_id: Some(teacher),
        group_id: None,
        date: Some(date),
    };
    Ok(client
        .list_entries(&filter)
        .await?
        .into_iter()
        .filter(|e| e.weekday == weekday)
        .map(|e| e.lesson_number)
        .collect())
}

/// As the deputy, through the API: a year holding today, a bell schedule, a 7th-grade class,
/// maths for Иванова and geometry for Козлов in it, and their weekly lessons on a school day of
/// this week at numbers where both are free.
async fn timetable_setup(base: &str, today: NaiveDate) -> Result<TimetableSetup> {
    let mut client = Client::new(base);
    let tokens = client.login("deputy", DEMO_PASSWORD).await?;
    client.set_access_token(Some(tokens.access_token));

    let year = year_for_today(&client, today).await?;
    let monday = monday_of(today);
    let date = (0..5)
        .map(|i| monday + chrono::Duration::days(i))
        .find(|d| teaching_day(&year, *d) && year.year.starts_on <= *d && *d <= year.year.ends_on)
        .ok_or_else(|| anyhow!("no school day for grade 7 in the week of {monday}"))?;
    let weekday = u8::try_from(date.weekday().number_from_monday())?;

    let ivanova = user_id(&client, "teacher").await?;
    let kozlov = user_id(&client, "kozlov.vn").await?;

    let bells = client
        .create_bell_schedule(&BellScheduleInput {
            name: "Звонки 7-х классов".into(),
            bells: [
                ("08:30", "09:10"),
                ("09:20", "10:00"),
                ("10:20", "11:00"),
                ("11:20", "12:00"),
                ("12:10", "12:50"),
                ("13:00", "13:40"),
            ]
            .iter()
            .zip(1_u8..)
            .map(|((a, b), n)| BellInput {
                lesson_number: n,
                starts_at: (*a).into(),
                ends_at: (*b).into(),
            })
            .collect(),
        })
        .await?;

    let taken: Vec<String> = client
        .list_classes(&ClassFilter {
            year_id: Some(year.year.id),
        })
        .await?
        .into_iter()
        .filter(|c| c.grade == 7)
        .map(|c| c.letter)
        .collect();
    let letter = FREE_LETTERS
        .chars()
        .map(String::from)
        .find(|l| !taken.contains(l))
        .ok_or_else(|| anyhow!("every letter of grade 7 is taken: {taken:?}"))?;
    let class = client
        .create_class(&ClassInput {
            year_id: year.year.id,
            grade: 7,
            letter,
            class_teacher_id: None,
            week_days: 5,
            bell_schedule_id: Some(bells.id),
        })
        .await?;

    let maths = subject_named(&client, "Математика", "Мат.").await?;
    let geometry = subject_named(&client, "Геометрия", "Геом.").await?;
    let assign = |teacher: Uuid, subject: Uuid, hours: u8| AssignmentInput {
        teacher_id: teacher,
        subject_id: subject,
        class_id: class.id,
        hours_per_week: hours,
        group_id: None,
    };
    let ivanova_maths = client.create_assignment(&assign(ivanova, maths, 4)).await?;
    let kozlov_geometry = client
        .create_assignment(&assign(kozlov, geometry, 2))
        .await?;

    let room = match client
        .list_rooms()
        .await?
        .into_iter()
        .find(|r| r.name == "Каб. 214")
    {
        Some(r) => r.id,
        None => {
            client
                .create_room(&RoomInput {
                    name: "Каб. 214".into(),
                    capacity: Some(30),
                })
                .await?
                .id
        }
    };

    // Lesson numbers where both teachers are free that day; the substitute must be free too. The
    // demo's full timetable keeps them busy in the morning, so look up to the twelfth lesson.
    let mut busy = busy_numbers(&client, ivanova, date).await?;
    busy.extend(busy_numbers(&client, kozlov, date).await?);
    let free: Vec<u8> = (1..=12).filter(|n| !busy.contains(n)).collect();
    let (Some(&lesson), Some(&geometry_lesson)) = (free.first(), free.get(1)) else {
        bail!("Иванова and Козлов have no two free lessons in common on {date}");
    };
    let valid_from = Some(monday.max(year.year.starts_on));
    let entry = |assignment: Uuid, room: Option<Uuid>, n: u8| EntryInput {
        assignment_id: assignment,
        group_id: None,
        room_id: room,
        weekday,
        lesson_number: n,
        valid_from,
        valid_to: Some(year.year.ends_on),
    };
    let maths_entry = match client
        .create_entry(&entry(ivanova_maths.id, Some(room), lesson))
        .await
    {
        Ok(e) => e,
        // The room may be someone else's at that time in a seeded timetable.
        Err(e) if e.code().is_some_and(|c| c == "room_double_booked") => {
            client
                .create_entry(&entry(ivanova_maths.id, None, lesson))
                .await?
        }
        Err(e) => return Err(e.into()),
    };
    let geometry_entry = client
        .create_entry(&entry(kozlov_geometry.id, None, geometry_lesson))
        .await?;

    let lessons = client
        .list_lessons(&LessonFilter {
            class_id: Some(class.id),
            teacher_id: None,
            from: monday,
            to: monday + chrono::Duration::days(6),
        })
        .await?;
    ensure!(
        lessons
            .iter()
            .any(|l| l.entry_id == maths_entry.id && l.date == date && l.change.is_none()),
        "the maths lesson of {date} is among the class's lessons: {lessons:?}"
    );
    client.logout(&tokens.refresh_token).await?;
    Ok(TimetableSetup {
        class_id: class.id,
        entry_id: maths_entry.id,
        date,
        lesson,
        geometry_entry: geometry_entry.id,
        geometry_lesson,
        kozlov_assignment: kozlov_geometry.id,
        ivanova,
        kozlov,
        year,
    })
}

async fn select(browser: &Browser, css: &str, value: &str) -> Result<()> {
    let option = format!("{css} option[value='{value}']");
    browser
        .wait()
        .at_most(UI_DEADLINE)
        .for_element(Locator::Css(&option))
        .await
        .with_context(|| format!("waiting for `{option}`"))?;
    browser
        .find(Locator::Css(css))
        .await?
        .select_by_value(value)
        .await
        .with_context(|| format!("choosing {value} in `{css}`"))?;
    Ok(())
}

/// Sets an `<input type="date">` as a person picking from its calendar would (typing into it
/// depends on the browser's locale): the browser fires `input`, then `change`.
async fn set_date(browser: &Browser, css: &str, date: NaiveDate) -> Result<()> {
    let input = browser
        .wait()
        .at_most(UI_DEADLINE)
        .for_element(Locator::Css(css))
        .await
        .with_context(|| format!("waiting for `{css}`"))?;
    browser
        .execute(
            "arguments[0].value = arguments[1]; \
             arguments[0].dispatchEvent(new Event('input', { bubbles: true })); \
             arguments[0].dispatchEvent(new Event('change', { bubbles: true }));",
            vec![
                serde_json::to_value(&input)?,
                serde_json::Value::String(date.format("%Y-%m-%d").to_string()),
            ],
        )
        .await?;
    Ok(())
}

/// Waits until the input `css` holds `expected`.
async fn wait_value(browser: &Browser, css: &str, expected: &str) -> Result<()> {
    let what = format!("`{css}` to hold {expected:?}");
    poll_until(&what, UI_DEADLINE, || async {
        match browser.find(Locator::Css(css)).await {
            Ok(element) => {
                Ok((element.prop("value").await?.as_deref() == Some(expected)).then_some(()))
            }
            Err(_) => Ok(None),
        }
    })
    .await
}

/// Clicks `css` after scrolling it to the middle of the window, clear of the sticky header
/// (WebDriver only scrolls an element that is entirely out of view).
async fn click_in_view(browser: &Browser, css: &str) -> Result<()> {
    let element = browser
        .wait()
        .at_most(UI_DEADLINE)
        .for_element(Locator::Css(css))
        .await
        .with_context(|| format!("waiting for `{css}`"))?;
    browser
        .execute(
            "arguments[0].scrollIntoView({ block: 'center' });",
            vec![serde_json::to_value(&element)?],
        )
        .await?;
    element
        .click()
        .await
        .with_context(|| format!("clicking `{css}`"))?;
    Ok(())
}

async fn sign_out(browser: &Browser) -> Result<()> {
    click(browser, "#logout").await?;
    wait_text(browser, "#login-submit", "Войти").await?;
    wait_gone(browser, "#main-nav").await
}

async fn timetable_scenario(browser: &Browser, base: &str, s: &TimetableSetup) -> Result<()> {
    let day = s.date.format("%Y-%m-%d").to_string();
    let cell = format!(
        "#timetable-grid td[data-date='{day}'][data-lesson='{}']",
        s.lesson
    );
    let topic = "Решение линейных уравнений";
    let homework = "№ 245, 247 (учебник, с. 88)";

    // The deputy opens the class's week.
    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "deputy", DEMO_PASSWORD).await?;
    wait_text(browser, "#main-nav", "Расписание").await?;
    click(browser, "#main-nav a[href='/timetable']").await?;
    select(browser, "#timetable-class", &s.class_id.to_string()).await?;
    wait_text(browser, &cell, "Математика").await?;
    wait_text(browser, &cell, IVANOVA_SHORT).await?;
    wait_value(
        browser,
        "#timetable-week",
        &monday_of(s.date).format("%Y-%m-%d").to_string(),
    )
    .await?;
    wait_text(browser, "#timetable-grid thead", "Пн").await?;
    screenshot(browser, "20-timetable-grid.png").await?;

    // A second lesson in the same slot: the clash is refused and named.
    select(
        browser,
        "#add-lesson-assignment",
        &s.kozlov_assignment.to_string(),
    )
    .await?;
    let weekday = s.date.weekday().number_from_monday().to_string();
    select(browser, "#add-lesson-weekday", &weekday).await?;
    select(browser, "#add-lesson-number", &s.lesson.to_string()).await?;
    click_in_view(browser, "#add-lesson-submit").await?;
    wait_text(browser, "#add-lesson-error", "уже стоит урок").await?;

    // Козлов covers Иванова's lesson.
    click_in_view(browser, &format!("{cell} .tt-lesson")).await?;
    wait_text(browser, "#lesson-panel", "Математика").await?;
    select(browser, "#substitute-select", &s.kozlov.to_string()).await?;
    fill(browser, "#change-reason", "болезнь учителя").await?;
    click_in_view(browser, "#substitution-submit").await?;
    wait_text(browser, &cell, &format!("Замена: {KOZLOV_SHORT}")).await?;
    wait_text(browser, "#lesson-panel-change", "болезнь учителя").await?;
    let marked = browser.find(Locator::Css("#timetable-grid")).await?;
    browser
        .execute(
            "arguments[0].scrollIntoView({ block: 'start' });",
            vec![serde_json::to_value(&marked)?],
        )
        .await?;
    screenshot(browser, "21-substitution.png").await?;
    browser.set_window_size(375, 812).await?;
    wait_text(browser, &cell, "Замена").await?;
    screenshot(browser, "28-timetable-375px.png").await?;
    browser.set_window_size(1280, 900).await?;

    // Козлов's own geometry lesson that day is cancelled.
    let geometry_cell = format!(
        "#timetable-grid td[data-date='{day}'][data-lesson='{}']",
        s.geometry_lesson
    );
    click_in_view(browser, &format!("{geometry_cell} .tt-lesson")).await?;
    wait_text(browser, "#lesson-panel-title", "Геометрия").await?;
    click_in_view(browser, "#change-kind-cancellation").await?;
    fill(browser, "#change-reason", "экскурсия").await?;
    wait_text(browser, "#substitution-submit", "Отменить урок").await?;
    click_in_view(browser, "#substitution-submit").await?;
    wait_text(browser, &geometry_cell, "Урок отменён").await?;

    // Козлов's week as the deputy sees it: the lesson he covers and his cancelled one.
    click_in_view(browser, "#timetable-mode-teacher").await?;
    select(browser, "#timetable-teacher", &s.kozlov.to_string()).await?;
    wait_text(browser, &cell, "7").await?;
    wait_text(browser, &cell, "Замена").await?;
    wait_text(browser, &geometry_cell, "Урок отменён").await?;
    screenshot(browser, "30-timetable-teacher.png").await?;

    // The school structure: the year's calendar refuses an overlapping period and says so under
    // the row it names.
    click(browser, "#main-nav a[href='/structure']").await?;
    click_in_view(
        browser,
        &format!("#years-table tr[data-year='{}'] .year-edit", s.year.year.id),
    )
    .await?;
    let first = s
        .year
        .periods
        .first()
        .ok_or_else(|| anyhow!("the year has periods"))?;
    let row = s.year.periods.len();
    click_in_view(browser, "#add-period").await?;
    select(browser, &format!("#period-{row}-kind"), &first.kind).await?;
    fill(
        browser,
        &format!("#period-{row}-grade-from"),
        &first.grade_from.to_string(),
    )
    .await?;
    fill(
        browser,
        &format!("#period-{row}-grade-to"),
        &first.grade_to.to_string(),
    )
    .await?;
    set_date(browser, &format!("#period-{row}-starts"), first.starts_on).await?;
    set_date(browser, &format!("#period-{row}-ends"), first.ends_on).await?;
    click_in_view(browser, "#year-submit").await?;
    wait_text(browser, &format!("#period-{row}-error"), "пересекается").await?;
    wait_text(browser, "#year-error", "исправьте строки").await?;
    screenshot(browser, "29-calendar-error.png").await?;
    click_in_view(browser, "#tab-classes").await?;
    wait_text(browser, "#classes-table", "7").await?;
    click_in_view(browser, "#tab-assignments").await?;
    wait_text(browser, "#assignments-table", "Козлов Виктор Николаевич").await?;
    click_in_view(browser, "#tab-rooms").await?;
    fill(browser, "#room-name", "Актовый зал").await?;
    fill(browser, "#room-capacity", "120").await?;
    click_in_view(browser, "#room-submit").await?;
    wait_text(browser, "#rooms-table", "Актовый зал").await?;

    // The substitution report counts it for both teachers.
    click(browser, "#main-nav a[href='/reports/substitutions']").await?;
    set_date(browser, "#report-from", monday_of(s.date)).await?;
    set_date(browser, "#report-to", s.date).await?;
    click(browser, "#report-submit").await?;
    wait_text(
        browser,
        &format!(
            "#substitution-report tr[data-teacher='{}'] .covered",
            s.kozlov
        ),
        "1",
    )
    .await?;
    wait_text(
        browser,
        &format!(
            "#substitution-report tr[data-teacher='{}'] .substituted",
            s.ivanova
        ),
        "1",
    )
    .await?;
    screenshot(browser, "25-substitution-report.png").await?;
    sign_out(browser).await?;

    // Козлов finds the covered lesson in his week and writes it.
    sign_in(browser, "kozlov.vn", DEMO_PASSWORD).await?;
    wait_text(browser, "#main-nav", "Мои уроки").await?;
    ensure!(
        browser
            .find_all(Locator::Css("#main-nav a[href='/timetable']"))
            .await?
            .is_empty(),
        "a teacher does not form the timetable"
    );
    click(browser, "#main-nav a[href='/my-week']").await?;
    let item = format!(
        "#my-week li[data-entry='{}'][data-date='{day}']",
        s.entry_id
    );
    wait_text(browser, &item, &format!("Замена за {IVANOVA_SHORT}")).await?;
    let cancelled = format!(
        "#my-week li[data-entry='{}'][data-date='{day}']",
        s.geometry_entry
    );
    wait_text(browser, &cancelled, "Урок отменён").await?;
    wait_text(browser, &cancelled, "только просмотр").await?;
    screenshot(browser, "22-my-week-substitute.png").await?;
    click_in_view(browser, &format!("{item} a")).await?;
    wait_text(browser, "#lesson-covering", IVANOVA_SHORT).await?;
    click_in_view(browser, "#lesson-conducted").await?;
    fill(browser, "#lesson-topic", topic).await?;
    fill(browser, "#lesson-homework", homework).await?;
    click_in_view(browser, "#lesson-save").await?;
    wait_text(browser, "#lesson-saved", "Сохранено").await?;
    browser.refresh().await?;
    wait_value(browser, "#lesson-topic", topic).await?;
    wait_value(browser, "#lesson-homework", homework).await?;
    ensure!(
        browser
            .find(Locator::Css("#lesson-conducted"))
            .await?
            .is_selected()
            .await?,
        "the lesson stays marked as held after a reload"
    );
    screenshot(browser, "23-lesson-written.png").await?;
    sign_out(browser).await?;

    // Иванова sees her lesson covered, and may read but not write it.
    sign_in(browser, "teacher", DEMO_PASSWORD).await?;
    click(browser, "#main-nav a[href='/my-week']").await?;
    wait_text(browser, &item, &format!("Замена: {KOZLOV_SHORT}")).await?;
    wait_text(browser, &item, "только просмотр").await?;
    screenshot(browser, "24-teacher-week.png").await?;
    click_in_view(browser, &format!("{item} a")).await?;
    wait_text(
        browser,
        "#lesson-readonly",
        "Этот урок ведёт другой учитель",
    )
    .await?;
    wait_value(browser, "#lesson-topic", topic).await?;
    ensure!(
        browser
            .find_all(Locator::Css("#lesson-save"))
            .await?
            .is_empty(),
        "no save button on a lesson someone else covers"
    );
    ensure!(
        browser
            .find(Locator::Css("#lesson-topic"))
            .await?
            .attr("readonly")
            .await?
            .is_some(),
        "the topic is read-only"
    );
    screenshot(browser, "26-teacher-lesson-readonly.png").await?;

    // The same week on a phone.
    browser.set_window_size(375, 812).await?;
    click(browser, "#main-nav a[href='/my-week']").await?;
    wait_text(browser, &item, &format!("Замена: {KOZLOV_SHORT}")).await?;
    screenshot(browser, "27-my-week-375px.png").await?;
    browser.set_window_size(1280, 900).await?;
    Ok(())
}

/// The server agrees with what the browser showed: the substitute's record is stored, and the
/// lesson's own teacher is refused when she writes it (R-A4, R-T2).
async fn timetable_api_checks(base: &str, s: &TimetableSetup) -> Result<()> {
    let mut ivanova = Client::new(base);
    let tokens = ivanova.login("teacher", DEMO_PASSWORD).await?;
    ivanova.set_access_token(Some(tokens.access_token));
    let lesson = ivanova.lesson(s.entry_id, s.date).await?;
    ensure!(
        lesson.topic.as_deref() == Some("Решение линейных уравнений") && lesson.conducted,
        "the substitute's record is stored: {lesson:?}"
    );
    ensure!(
        lesson.change.as_ref().and_then(|c| c.substitute_id) == Some(s.kozlov),
        "the lesson is covered by Козлов: {lesson:?}"
    );
    let attempt = LessonRecordInput {
        conducted: true,
        topic: Some("Чужая запись".into()),
        homework: None,
    };
    match ivanova.write_lesson(s.entry_id, s.date, &attempt).await {
        Err(ClientError::Api(problem)) => ensure!(problem.status == 403, "{problem:?}"),
        other => bail!("the covered teacher must not write the lesson, got {other:?}"),
    }
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn timetable_substitution_end_to_end() -> Result<()> {
    let server = Server::start("timetable-").await?;
    println!("journal serve at {}", server.base);
    // The browser and this test run on the same machine: "this week" is the same for both.
    let today = chrono::Local::now().date_naive();
    let setup = timetable_setup(&server.base, today).await?;

    let (base, s) = (&server.base, &setup);
    in_browser("timetable-", |b| async move {
        timetable_scenario(&b, base, s).await
    })
    .await?;
    timetable_api_checks(&server.base, &setup).await
}

/// A students file for the secretary's import: the header, a good row and the third line as given.
fn students_csv(third_line: &str) -> String {
    format!(
        "Фамилия;Имя;Отчество;Дата рождения;Класс;Дата зачисления\n\
         Тестова;Алиса;Игоревна;12.03.2015;5А;\n\
         {third_line}\n"
    )
}

/// Writes `text` into the artifacts folder (a real file for the browser's file picker).
fn write_upload(name: &str, text: &str) -> Result<PathBuf> {
    let path = artifacts_dir()?.join(name);
    fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// Chooses `path` in the `<input type="file">` `css`, as chromedriver does for typed paths.
async fn choose_file(browser: &Browser, css: &str, path: &Path) -> Result<()> {
    let input = browser
        .wait()
        .at_most(UI_DEADLINE)
        .for_element(Locator::Css(css))
        .await
        .with_context(|| format!("waiting for `{css}`"))?;
    let path = path.to_str().context("the upload path is not UTF-8")?;
    input
        .send_keys(path)
        .await
        .with_context(|| format!("choosing {path} in `{css}`"))?;
    Ok(())
}

/// Waits until the element `css` exists and is enabled (or disabled).
async fn wait_enabled(browser: &Browser, css: &str, enabled: bool) -> Result<()> {
    let what = format!(
        "`{css}` to be {}",
        if enabled { "enabled" } else { "disabled" }
    );
    poll_until(&what, UI_DEADLINE, || async {
        match browser.find(Locator::Css(css)).await {
            Ok(element) => Ok((element.is_enabled().await? == enabled).then_some(())),
            Err(_) => Ok(None),
        }
    })
    .await
}

/// Students named `last_name` through the secretary's API session.
async fn students_named(client: &Client, last_name: &str) -> Result<i64> {
    let filter = StudentFilter {
        q: Some(last_name.to_owned()),
        ..StudentFilter::default()
    };
    Ok(client.list_students(&filter).await?.total)
}

/// The secretary imports a students file: the check lists the bad row and writes nothing; the
/// fixed file imports and the new student is in «Ученики» (R-B5, R-B6, R-A8).
async fn import_scenario(browser: &Browser, base: &str) -> Result<()> {
    let mut secretary = Client::new(base);
    let tokens = secretary.login("secretary", DEMO_PASSWORD).await?;
    secretary.set_access_token(Some(tokens.access_token));
    ensure!(
        students_named(&secretary, "Тестова").await? == 0,
        "the demo has no student named Тестова"
    );

    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "secretary", DEMO_PASSWORD).await?;
    click(browser, "#main-nav a[href='/import']").await?;
    wait_text(browser, "#import-page h1", "Импорт").await?;
    select(browser, "#import-kind", "students").await?;

    // 31 February is no date: line 3 is bad.
    let bad = write_upload(
        "students-bad.csv",
        &students_csv("Ошибкин;Пётр;;31.02.2014;5А;"),
    )?;
    choose_file(browser, "#import-file", &bad).await?;
    wait_text(browser, "#import-file-hint", "students-bad.csv").await?;
    click(browser, "#import-check").await?;
    wait_text(browser, "#import-summary", "с ошибками — 1").await?;
    let row = text_of(browser, "#import-problems tr[data-line='3']").await?;
    ensure!(
        row.contains("Дата рождения") && row.contains("Не дата"),
        "the report names line 3, its column and the reason: {row:?}"
    );
    wait_enabled(browser, "#import-run", false).await?;
    screenshot(browser, "30-import-dry-run-bad-row.png").await?;
    ensure!(
        students_named(&secretary, "Тестова").await? == 0,
        "a dry run writes nothing"
    );

    // The fixed file: checked clean, then imported.
    let good = write_upload(
        "students-good.csv",
        &students_csv("Ошибкин;Пётр;;28.02.2014;5А;"),
    )?;
    choose_file(browser, "#import-file", &good).await?;
    wait_text(browser, "#import-file-hint", "students-good.csv").await?;
    wait_gone(browser, "#import-report").await?;
    wait_enabled(browser, "#import-run", false).await?;
    click(browser, "#import-check").await?;
    wait_text(browser, "#import-summary", "Ошибок нет").await?;
    wait_enabled(browser, "#import-run", true).await?;
    click(browser, "#import-run").await?;
    wait_text(browser, "#import-summary", "Загружено записей: 2").await?;
    screenshot(browser, "31-import-done.png").await?;
    ensure!(
        students_named(&secretary, "Тестова").await? == 1,
        "the import wrote the student"
    );

    // The new student in «Ученики», and her card with the admission.
    click(browser, "#main-nav a[href='/students']").await?;
    wait_text(browser, "#students h1", "Ученики").await?;
    fill(browser, "#students-q", "Тестова").await?;
    click(browser, "#students-search").await?;
    wait_text(browser, "#students-table", "Тестова Алиса Игоревна").await?;
    wait_gone(browser, "#students-table tr.student-row:nth-of-type(2)").await?;
    screenshot(browser, "32-students-search.png").await?;
    click(browser, "#students-table a.student-link").await?;
    wait_text(browser, "#student-name", "Тестова Алиса Игоревна").await?;
    wait_text(browser, "#student-class", "5А").await?;
    wait_text(browser, "#movements-table", "Зачисление").await?;
    screenshot(browser, "33-student-card.png").await?;
    sign_out(browser).await
}

/// The deputy plans a control work for 5А; a second one the same day is refused and the page
/// names the first (R-T3, R-A6).
async fn control_work_scenario(browser: &Browser, base: &str, today: NaiveDate) -> Result<()> {
    let mut deputy = Client::new(base);
    let tokens = deputy.login("deputy", DEMO_PASSWORD).await?;
    deputy.set_access_token(Some(tokens.access_token));
    let year = year_for_today(&deputy, today).await?;
    let class = deputy
        .list_classes(&ClassFilter {
            year_id: Some(year.year.id),
        })
        .await?
        .into_iter()
        .find(|c| c.name == "5А")
        .context("the demo has 5А this year")?;
    let subject = deputy
        .list_subjects()
        .await?
        .into_iter()
        .find(|s| s.name == "Математика")
        .context("the demo teaches Математика")?;
    let day = (1..120)
        .map(|n| today + chrono::Duration::days(n))
        .find(|d| teaching_day(&year, *d))
        .context("a teaching day in the next months")?;
    let planned = deputy
        .list_control_works(&ControlWorkFilter {
            class_id: class.id,
            from: day,
            to: day,
        })
        .await?;
    ensure!(planned.is_empty(), "5А has no control work on {day} yet");
    let title = "Контрольная работа № 1 «Дроби»";

    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "deputy", DEMO_PASSWORD).await?;
    click(browser, "#main-nav a[href='/control-works']").await?;
    wait_text(browser, "#control-works h1", "Контрольные работы").await?;
    select(browser, "#cw-class", &class.id.to_string()).await?;
    set_date(browser, "#cw-from", day - chrono::Duration::days(1)).await?;
    set_date(browser, "#cw-to", day + chrono::Duration::days(6)).await?;
    wait_text(browser, "#cw-table caption", "5А").await?;
    select(browser, "#cw-subject", &subject.id.to_string()).await?;
    set_date(browser, "#cw-date", day).await?;
    fill(browser, "#cw-title", title).await?;
    // Enter in a field submits the form.
    browser
        .find(Locator::Css("#cw-title"))
        .await?
        .send_keys(&fantoccini::key::Key::Enter.to_string())
        .await?;
    wait_text(browser, "#cw-created", "Назначена").await?;
    let iso_day = day.format("%Y-%m-%d").to_string();
    wait_text(
        browser,
        &format!("#cw-table tr[data-date='{iso_day}']"),
        title,
    )
    .await?;
    screenshot(browser, "34-control-work-planned.png").await?;

    // The same day again: refused, and the page says which work is already there.
    fill(browser, "#cw-title", "Диктант").await?;
    click(browser, "#cw-submit").await?;
    wait_text(browser, "#cw-error", "уже есть контрольная").await?;
    wait_text(browser, "#cw-error", title).await?;
    screenshot(browser, "35-control-work-limit.png").await?;
    let planned = deputy
        .list_control_works(&ControlWorkFilter {
            class_id: class.id,
            from: day,
            to: day,
        })
        .await?;
    ensure!(
        planned.len() == 1 && planned[0].title == title,
        "one control work is stored: {planned:?}"
    );
    sign_out(browser).await
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn people_import_and_control_works_end_to_end() -> Result<()> {
    let server = Server::start("people-").await?;
    println!("journal serve at {}", server.base);
    let today = chrono::Local::now().date_naive();

    let base = &server.base;
    in_browser("people-", |b| async move {
        import_scenario(&b, base).await?;
        control_work_scenario(&b, base, today).await
    })
    .await
}

/// The demo group of `name` drawing from `class` this year.
async fn group_named(client: &Client, year: Uuid, class: Uuid, name: &str) -> Result<Group> {
    client
        .list_groups(&GroupFilter {
            year_id: Some(year),
            class_id: Some(class),
        })
        .await?
        .into_iter()
        .find(|g| g.name == name)
        .with_context(|| format!("the demo has the group «{name}»"))
}

async fn member_ids(client: &Client, group: Uuid, on: NaiveDate) -> Result<Vec<Uuid>> {
    Ok(client
        .group_members(
            group,
            &MembersQuery {
                on: Some(on),
                all: None,
            },
        )
        .await?
        .into_iter()
        .map(|m| m.student_id)
        .collect())
}

/// The deputy opens 7А's English «1 группа», records a student's last day in it (today), adds the
/// student to «2 группа» (from tomorrow, after a refusal for today that names the first group),
/// then raises 7th grade's hours of a subject in the curriculum and sees the workload check
/// (R-B3, R-B4, R-A6).
async fn groups_scenario(browser: &Browser, base: &str, today: NaiveDate) -> Result<()> {
    let mut deputy = Client::new(base);
    let tokens = deputy.login("deputy", DEMO_PASSWORD).await?;
    deputy.set_access_token(Some(tokens.access_token));
    let year = year_for_today(&deputy, today).await?;
    let tomorrow = today + chrono::Duration::days(1);
    ensure!(
        tomorrow <= year.year.ends_on,
        "the scenario needs tomorrow in this school year"
    );
    let class = deputy
        .list_classes(&ClassFilter {
            year_id: Some(year.year.id),
        })
        .await?
        .into_iter()
        .find(|c| c.name == "7А")
        .context("the demo has 7А this year")?;
    let first = group_named(
        &deputy,
        year.year.id,
        class.id,
        "7А английский язык, 1 группа",
    )
    .await?;
    let second = group_named(
        &deputy,
        year.year.id,
        class.id,
        "7А английский язык, 2 группа",
    )
    .await?;
    let moved = deputy
        .group_members(first.id, &MembersQuery::default())
        .await?
        .into_iter()
        .next()
        .context("«1 группа» has members today")?;
    let sid = moved.student_id;

    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "deputy", DEMO_PASSWORD).await?;
    click(browser, "#main-nav a[href='/structure']").await?;
    click(browser, "#tab-groups").await?;
    click_in_view(browser, &format!("#group-open-{}", first.id)).await?;
    wait_text(browser, "#group-card-title", &first.name).await?;
    let row = format!("#group-members tr[data-student='{sid}']");
    wait_text(browser, &row, &moved.last_name).await?;
    screenshot(browser, "40-group-card.png").await?;

    // «Выбыл(а) из группы»: the last day is today.
    click_in_view(browser, &format!("#leave-{sid}")).await?;
    wait_value(
        browser,
        "#leave-date",
        &today.format("%Y-%m-%d").to_string(),
    )
    .await?;
    set_date(browser, "#leave-date", today).await?;
    click_in_view(browser, "#leave-submit").await?;
    wait_text(browser, "#leave-done", "Выбытие записано").await?;
    wait_text(browser, &row, &today.format("%d.%m.%Y").to_string()).await?;
    screenshot(browser, "41-group-member-left.png").await?;

    // «2 группа» from today is refused in words that name «1 группа»; from tomorrow it is taken.
    click_in_view(browser, &format!("#group-open-{}", second.id)).await?;
    wait_text(browser, "#group-card-title", &second.name).await?;
    set_date(browser, "#group-on", tomorrow).await?;
    wait_value(
        browser,
        "#member-from",
        &tomorrow.format("%Y-%m-%d").to_string(),
    )
    .await?;
    select(browser, "#member-student", &sid.to_string()).await?;
    set_date(browser, "#member-from", today).await?;
    click_in_view(browser, "#member-submit").await?;
    wait_text(browser, "#member-error", "«7А английский язык, 1 группа»").await?;
    wait_text(browser, "#member-error", "сначала отметьте выбытие").await?;
    screenshot(browser, "42-group-division-taken.png").await?;
    set_date(browser, "#member-from", tomorrow).await?;
    select(browser, "#member-student", &sid.to_string()).await?;
    click_in_view(browser, "#member-submit").await?;
    wait_text(browser, "#member-done", "добавлен").await?;
    wait_text(browser, &row, &moved.last_name).await?;
    screenshot(browser, "43-group-member-joined.png").await?;

    ensure!(
        member_ids(&deputy, first.id, today).await?.contains(&sid)
            && !member_ids(&deputy, first.id, tomorrow)
                .await?
                .contains(&sid),
        "the student's last day in «1 группа» is today"
    );
    ensure!(
        !member_ids(&deputy, second.id, today).await?.contains(&sid)
            && member_ids(&deputy, second.id, tomorrow)
                .await?
                .contains(&sid),
        "the student is in «2 группа» from tomorrow"
    );

    // «Учебный план»: one more hour of 7th grade's first subject, saved as a whole, and the check.
    let plan: Vec<_> = deputy
        .curriculum(year.year.id)
        .await?
        .into_iter()
        .filter(|l| l.grade == 7 && l.profile.is_empty())
        .collect();
    let line = plan
        .first()
        .context("the demo has a 7th grade curriculum")?;
    let hours = line.hours_per_week + 1;
    click_in_view(browser, "#tab-curriculum").await?;
    select(browser, "#curriculum-grade", "7").await?;
    wait_value(browser, "#cl-0-subject", &line.subject_id.to_string()).await?;
    fill(browser, "#cl-0-hours", &hours.to_string()).await?;
    click_in_view(browser, "#curriculum-save").await?;
    wait_text(browser, "#curriculum-saved", "сохранён").await?;
    let stored = deputy.curriculum(year.year.id).await?;
    ensure!(
        stored
            .iter()
            .filter(|l| l.grade == 7 && l.profile.is_empty())
            .count()
            == plan.len()
            && stored.iter().any(|l| l.grade == 7
                && l.profile.is_empty()
                && l.subject_id == line.subject_id
                && l.hours_per_week == hours),
        "7th grade's plan has {hours} hours of {} and its other lines",
        line.subject_name
    );
    let checked = deputy
        .curriculum_check(year.year.id)
        .await?
        .into_iter()
        .find(|l| l.class_id == class.id && l.subject_id == line.subject_id)
        .context("the check has 7А's line of the subject")?;
    ensure!(
        checked.curriculum_hours == hours,
        "the check reads the new hours"
    );
    select(browser, "#check-class", &class.id.to_string()).await?;
    click_in_view(browser, "#check-only-problems").await?;
    let status = serde_json::to_value(checked.status)?;
    let status = status.as_str().context("a status is a string")?;
    let check_row = format!(
        "#curriculum-check tr[data-class='{}'][data-subject='{}'][data-status='{status}']",
        class.id, line.subject_id
    );
    wait_text(browser, &check_row, &line.subject_name).await?;
    wait_text(browser, "#curriculum-check", "Английский язык").await?;
    click_in_view(browser, "#curriculum-check-title").await?;
    screenshot(browser, "44-curriculum-check.png").await?;
    sign_out(browser).await
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn groups_and_curriculum_end_to_end() -> Result<()> {
    let server = Server::start("groups-").await?;
    println!("journal serve at {}", server.base);
    let today = chrono::Local::now().date_naive();

    let base = &server.base;
    in_browser("groups-", |b| async move {
        groups_scenario(&b, base, today).await
    })
    .await
}

/// The demo teacher's 7А mathematics page (from grade 7 mathematics is algebra and geometry: the
/// algebra page) in the period the grid opens on, and the lesson to fill.
struct JournalSetup {
    assignment: Uuid,
    period: Uuid,
    /// The lesson column: the last lesson held by today she writes (not cancelled).
    col: usize,
    entry: Uuid,
    date: NaiveDate,
    students: Vec<Uuid>,
}

async fn journal_setup(base: &str, today: NaiveDate) -> Result<JournalSetup> {
    use journal_api_types::structure::AssignmentFilter;
    let mut client = Client::new(base);
    let tokens = client.login("teacher", DEMO_PASSWORD).await?;
    client.set_access_token(Some(tokens.access_token));
    let me = client.me().await?;
    let year = year_for_today(&client, today).await?;
    let assignment = client
        .list_assignments(&AssignmentFilter {
            teacher_id: Some(me.user_id),
            class_id: None,
        })
        .await?
        .into_iter()
        .find(|a| a.class_name == "7А" && a.subject_name == "Алгебра" && a.group_id.is_none())
        .context("the demo teacher teaches algebra in 7А")?;
    // The period the SPA opens: the one holding today, else the latest begun, else the first.
    let mut periods: Vec<&PeriodInput> = year
        .periods
        .iter()
        .filter(|p| p.grade_from <= 7 && 7 <= p.grade_to)
        .collect();
    periods.sort_by_key(|p| p.starts_on);
    let period = periods
        .iter()
        .find(|p| p.starts_on <= today && today <= p.ends_on)
        .or_else(|| periods.iter().rev().find(|p| p.starts_on <= today))
        .or_else(|| periods.first())
        .and_then(|p| p.id)
        .context("a period for grade 7")?;
    let page = client.journal_page(assignment.id, period).await?.page;
    ensure!(!page.locked, "the demo page is open for writing");
    // A lesson she writes with nothing in it yet: the demo journal has filled the lessons before
    // today, so this is today's lesson if there is one, else the next.
    let untouched = |l: &journal_api_types::journal::PageLesson| {
        let here = |entry: Uuid, date: NaiveDate| entry == l.entry_id && date == l.lesson_date;
        l.topic.is_none()
            && page.students.iter().all(|s| {
                !s.marks.iter().any(|m| here(m.entry_id, m.lesson_date))
                    && !s.attendance.iter().any(|a| here(a.entry_id, a.lesson_date))
            })
    };
    let usable = |l: &journal_api_types::journal::PageLesson| {
        l.writable && l.change.is_none_or(|k| k != "cancellation") && untouched(l)
    };
    let col = page
        .lessons
        .iter()
        .rposition(|l| usable(l) && l.held_on <= today)
        .or_else(|| page.lessons.iter().position(usable))
        .context("a lesson the teacher writes in the period")?;
    let lesson = &page.lessons[col];
    ensure!(
        page.students.len() >= 23,
        "7А has its demo students: {}",
        page.students.len()
    );
    Ok(JournalSetup {
        assignment: assignment.id,
        period,
        col,
        entry: lesson.entry_id,
        date: lesson.lesson_date,
        students: page.students.iter().map(|s| s.id).collect(),
    })
}

/// The id of the focused element.
async fn focused_id(browser: &Browser) -> Result<String> {
    let v = browser
        .execute(
            "return document.activeElement && document.activeElement.id || ''",
            vec![],
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

async fn wait_focus(browser: &Browser, id: &str) -> Result<()> {
    poll_until(&format!("the focus on #{id}"), UI_DEADLINE, || async {
        Ok((focused_id(browser).await? == id).then_some(()))
    })
    .await
}

/// Types into whatever has the keyboard focus, like a person at the keyboard.
async fn type_keys(browser: &Browser, keys: &str) -> Result<()> {
    browser.active_element().await?.send_keys(keys).await?;
    Ok(())
}

const JOURNAL_TOPIC: &str = "Сложение и вычитание дробей";
const JOURNAL_HOMEWORK: &str = "№ 215, 217 (а, б)";
/// Rows marked absent (they get no mark).
const ABSENT_ROWS: [usize; 2] = [1, 4];

fn journal_mark(row: usize) -> &'static str {
    ["5", "4", "3", "5", "4", "2"][row % 6]
}

async fn journal_scenario(browser: &Browser, base: &str, s: &JournalSetup) -> Result<()> {
    use fantoccini::key::Key;
    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "teacher", DEMO_PASSWORD).await?;
    wait_text(browser, "#main-nav", "Журнал").await?;
    click(browser, "#main-nav a[href='/journal']").await?;
    click(
        browser,
        &format!("#journal-mine span[data-assignment-id='{}']", s.assignment),
    )
    .await?;
    wait_text(browser, "#journal-title", "7А — Алгебра").await?;
    let url = browser.current_url().await?;
    ensure!(
        url.path() == format!("/journal/{}/{}", s.assignment, s.period),
        "the page opens on the current period: {url}"
    );
    // The grid takes the keyboard focus on its active cell; from there on, keys only.
    poll_until("the focus in the grid", UI_DEADLINE, || async {
        Ok(focused_id(browser)
            .await?
            .starts_with("cell-0-")
            .then_some(()))
    })
    .await?;
    let mut keys = Key::Home.to_string();
    for _ in 0..s.col {
        keys.push_str(&Key::Right);
    }
    type_keys(browser, &keys).await?;
    wait_focus(browser, &format!("cell-0-{}", s.col)).await?;

    // The lesson panel: arrow up to the column's header, Enter; topic, Tab, homework, Ctrl+Enter.
    type_keys(browser, &Key::Up).await?;
    wait_focus(browser, &format!("lesson-head-{}", s.col)).await?;
    type_keys(browser, &Key::Enter).await?;
    wait_focus(browser, "panel-topic").await?;
    type_keys(browser, JOURNAL_TOPIC).await?;
    type_keys(browser, &Key::Tab).await?;
    wait_focus(browser, "panel-homework").await?;
    type_keys(browser, JOURNAL_HOMEWORK).await?;
    type_keys(browser, &(Key::Control + &Key::Enter)).await?;
    wait_gone(browser, "#lesson-panel").await?;
    wait_focus(browser, &format!("cell-0-{}", s.col)).await?;

    // Down the column: a mark for each student, two absences.
    for row in 0..s.students.len() {
        if ABSENT_ROWS.contains(&row) {
            type_keys(browser, "n").await?;
            type_keys(browser, &Key::Down).await?;
        } else {
            type_keys(browser, journal_mark(row)).await?;
        }
        let next = (row + 1).min(s.students.len() - 1);
        wait_focus(browser, &format!("cell-{next}-{}", s.col)).await?;
    }
    type_keys(browser, &Key::Enter).await?;
    poll_until("the journal saved", UI_DEADLINE, || async {
        let saved = !browser
            .find_all(Locator::Css("#journal-status[data-saved='true']"))
            .await?
            .is_empty();
        let pending = browser
            .find_all(Locator::Css("#journal-grid td.pending"))
            .await?
            .len();
        Ok((saved && pending == 0).then_some(()))
    })
    .await?;
    screenshot(browser, "journal-grid.png").await?;

    // After a reload the page shows what was saved.
    browser.refresh().await?;
    wait_text(browser, "#journal-title", "7А — Алгебра").await?;
    for row in 0..s.students.len() {
        let want = if ABSENT_ROWS.contains(&row) {
            "н"
        } else {
            journal_mark(row)
        };
        let got = text_of(browser, &format!("#cell-{row}-{}", s.col)).await?;
        ensure!(got.trim() == want, "row {row}: {got:?}, expected {want:?}");
    }
    let head = browser
        .find(Locator::Css(&format!("#lesson-head-{}", s.col)))
        .await?
        .attr("title")
        .await?
        .unwrap_or_default();
    ensure!(
        head.contains(JOURNAL_TOPIC),
        "the column names its topic: {head}"
    );
    screenshot(browser, "journal-reloaded.png").await?;
    Ok(())
}

/// What the server stored, read through the API.
async fn journal_api_checks(base: &str, s: &JournalSetup) -> Result<()> {
    let mut client = Client::new(base);
    let tokens = client.login("teacher", DEMO_PASSWORD).await?;
    client.set_access_token(Some(tokens.access_token));
    let page = client.journal_page(s.assignment, s.period).await?.page;
    let lesson = page
        .lessons
        .iter()
        .find(|l| l.entry_id == s.entry && l.lesson_date == s.date)
        .context("the lesson is on the page")?;
    ensure!(lesson.topic.as_deref() == Some(JOURNAL_TOPIC), "{lesson:?}");
    ensure!(
        lesson.homework.as_deref() == Some(JOURNAL_HOMEWORK),
        "{lesson:?}"
    );
    for (row, student) in s.students.iter().enumerate() {
        let st = page
            .students
            .iter()
            .find(|x| x.id == *student)
            .context("the student is on the page")?;
        let marks: Vec<&str> = st
            .marks
            .iter()
            .filter(|m| m.entry_id == s.entry && m.lesson_date == s.date)
            .map(|m| m.value.as_str())
            .collect();
        let absent = st
            .attendance
            .iter()
            .any(|a| a.entry_id == s.entry && a.lesson_date == s.date && a.status == "absent");
        if ABSENT_ROWS.contains(&row) {
            ensure!(absent && marks.is_empty(), "row {row}: {st:?}");
        } else {
            ensure!(!absent && marks == [journal_mark(row)], "row {row}: {st:?}");
            ensure!(st.forecast.average.is_some(), "row {row} has an average");
        }
    }
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn journal_grid_end_to_end() -> Result<()> {
    let server = Server::start("journal-").await?;
    println!("journal serve at {}", server.base);
    let today = chrono::Local::now().date_naive();
    let setup = journal_setup(&server.base, today).await?;

    let (base, s) = (&server.base, &setup);
    in_browser("journal-", |b| async move {
        journal_scenario(&b, base, s).await
    })
    .await?;
    journal_api_checks(&server.base, &setup).await
}

/// The class teacher of the demo's 5А.
const FINALS_CLASS_TEACHER: &str = "volkova.id";

/// The demo's 5А, where the demo teacher's first page holds the demo's liquidated debt and deferral
/// (R-F3, R-F4): its id and what its summary sheet holds, read by its class teacher through the API.
struct FinalsSetup {
    class: Uuid,
    /// A student with the demo's liquidated debt (R-F4) and one with a deferral (R-F3).
    liquidated: Uuid,
    deferred: Uuid,
}

async fn finals_setup(base: &str) -> Result<FinalsSetup> {
    let mut client = Client::new(base);
    let tokens = client.login(FINALS_CLASS_TEACHER, DEMO_PASSWORD).await?;
    client.set_access_token(Some(tokens.access_token));
    let me = client.me().await?;
    ensure!(
        me.led_classes == ["5А"],
        "{FINALS_CLASS_TEACHER} leads 5А: {:?}",
        me.led_classes
    );
    let class = client
        .list_classes(&ClassFilter { year_id: None })
        .await?
        .into_iter()
        .find(|c| c.name == "5А")
        .context("the demo has 5А")?;
    let sheet = client.summary_sheet(class.id).await?;
    let with = |f: &dyn Fn(&journal_api_types::journal::SummaryFinal) -> bool| {
        sheet
            .students
            .iter()
            .find(|s| s.finals.iter().any(f))
            .map(|s| s.student_id)
    };
    let liquidated = with(&|f| f.liquidation && f.value.is_some())
        .context("the 5А sheet shows the demo's liquidated debt")?;
    let deferred =
        with(&|f| f.deferred_until.is_some()).context("the 5А sheet shows the demo's deferral")?;
    // Another class's sheet is not hers.
    let other = client
        .list_classes(&ClassFilter { year_id: None })
        .await?
        .into_iter()
        .find(|c| c.name == "5Б")
        .context("the demo has 5Б")?;
    match client.summary_sheet(other.id).await {
        Err(e) => ensure!(e.status() == Some(403), "5Б's sheet: {e}"),
        Ok(_) => bail!("the 5А class teacher read 5Б's summary sheet"),
    }
    Ok(FinalsSetup {
        class: class.id,
        liquidated,
        deferred,
    })
}

async fn settings_and_finals_scenario(
    browser: &Browser,
    base: &str,
    s: &FinalsSetup,
) -> Result<()> {
    browser.goto(&format!("{base}/")).await?;
    // The deputy changes a rounding threshold and a work type's weight.
    sign_in(browser, "deputy", DEMO_PASSWORD).await?;
    wait_text(browser, "#main-nav", "Настройки журнала").await?;
    click(browser, "#main-nav a[href='/journal-settings']").await?;
    wait_value(browser, "#settings-four", "3,5").await?;
    fill(browser, "#settings-four", "3,6").await?;
    fill(browser, "#settings-min-marks", "4").await?;
    click(browser, "#settings-general-save").await?;
    wait_text(browser, "#settings-general-saved", "Настройки сохранены").await?;
    wait_value(browser, "#wt-weight-control", "2").await?;
    fill(browser, "#wt-weight-control", "2,5").await?;
    click_in_view(browser, "#wt-save-control").await?;
    wait_text(
        browser,
        "#work-types-status",
        "Сохранено: Контрольная работа",
    )
    .await?;
    // A refused value is explained in Russian and not saved.
    fill(browser, "#settings-three", "3,7").await?;
    click(browser, "#settings-general-save").await?;
    wait_text(
        browser,
        "#settings-thresholds-error",
        "Пороги должны возрастать",
    )
    .await?;
    screenshot(browser, "journal-settings.png").await?;

    // After a reload the screen shows what was saved.
    browser.refresh().await?;
    wait_value(browser, "#settings-four", "3,6").await?;
    wait_value(browser, "#settings-three", "2,5").await?;
    wait_value(browser, "#settings-min-marks", "4").await?;
    wait_value(browser, "#wt-weight-control", "2,5").await?;
    sign_out(browser).await?;

    // The class teacher of 5А opens the summary sheet of her class.
    sign_in(browser, FINALS_CLASS_TEACHER, DEMO_PASSWORD).await?;
    wait_text(browser, "#main-nav", "Сводная ведомость").await?;
    ensure!(
        browser
            .find_all(Locator::Css("#main-nav a[href='/journal-settings']"))
            .await?
            .is_empty(),
        "a teacher has no journal settings in the menu"
    );
    click(browser, "#main-nav a[href='/finals']").await?;
    wait_text(browser, "#finals-title", "5А").await?;
    let url = browser.current_url().await?;
    ensure!(
        url.path() == format!("/finals/{}", s.class),
        "a class teacher of one class goes straight to its sheet: {url}"
    );
    let row = |id: Uuid| format!("#finals-sheet tr[data-student-id='{id}']");
    wait_text(
        browser,
        &format!("{} td[data-liquidation='true']", row(s.liquidated)),
        "ликв.",
    )
    .await?;
    wait_text(
        browser,
        &format!("{} td.deferred", row(s.deferred)),
        "отл. до",
    )
    .await?;
    let marks = browser
        .find_all(Locator::Css("#finals-sheet td.fin[data-value]"))
        .await?
        .len();
    ensure!(marks > 20, "the sheet shows the demo's finals: {marks}");
    wait_text(browser, "#finals-legend", "ликвидирована").await?;
    screenshot(browser, "finals-sheet.png").await?;
    Ok(())
}

/// What the deputy saved, read back through the API.
async fn settings_api_checks(base: &str) -> Result<()> {
    let mut client = Client::new(base);
    let tokens = client.login("deputy", DEMO_PASSWORD).await?;
    client.set_access_token(Some(tokens.access_token));
    let settings = client.journal_settings().await?;
    ensure!(
        (settings.thresholds.four - 3.6).abs() < 1e-9
            && (settings.thresholds.three - 2.5).abs() < 1e-9,
        "{:?}",
        settings.thresholds
    );
    ensure!(settings.min_marks_per_period == 4, "{settings:?}");
    let control = settings
        .work_types
        .iter()
        .find(|w| w.code == "control")
        .context("the control work type")?;
    ensure!((control.weight - 2.5).abs() < 1e-9, "{control:?}");
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn journal_settings_and_finals_end_to_end() -> Result<()> {
    let server = Server::start("finals-").await?;
    println!("journal serve at {}", server.base);
    let setup = finals_setup(&server.base).await?;

    let (base, s) = (&server.base, &setup);
    in_browser("finals-", |b| async move {
        settings_and_finals_scenario(&b, base, s).await
    })
    .await?;
    settings_api_checks(&server.base).await
}

// ---------------------------------------------------------------------------------------------
// The family: the diary on a phone, acknowledgement, messages with attachments, announcements,
// notification settings (R-D1–R-D4); consents and diary accounts (R-D5).

/// What the demo parent's diary holds this week, read through the API: the child whose class
/// has this week's substitution, marks and homework, the other child, and who leads that class.
struct DiarySetup {
    child: journal_api_types::diary::MyStudent,
    other: journal_api_types::diary::MyStudent,
    monday: NaiveDate,
    mark_subject: String,
    homework: String,
    substitute: String,
    class_teacher_id: Uuid,
    class_teacher_name: String,
    class_teacher_login: String,
}

/// A signed-in typed client.
async fn client_as(base: &str, login: &str) -> Result<Client> {
    let mut client = Client::new(base);
    let tokens = client.login(login, DEMO_PASSWORD).await?;
    client.set_access_token(Some(tokens.access_token));
    Ok(client)
}

async fn diary_setup(base: &str, today: NaiveDate) -> Result<DiarySetup> {
    use journal_api_types::diary::DiaryQuery;
    let client = client_as(base, "parent").await?;
    let me = client.me().await?;
    ensure!(
        me.students.len() == 2,
        "the demo parent has two children: {:?}",
        me.students
    );
    let monday = monday_of(today);
    let mut found = None;
    for (i, s) in me.students.iter().enumerate() {
        let diary = client
            .diary(
                s.id,
                &DiaryQuery {
                    from: Some(monday),
                    to: None,
                },
            )
            .await?;
        let lessons = || diary.days.iter().flat_map(|d| d.lessons.iter());
        let marked = lessons().find(|l| !l.marks.is_empty());
        let homework = lessons().find_map(|l| l.lesson.homework.clone());
        let substitute = lessons().find_map(|l| {
            l.lesson
                .change
                .as_ref()
                .filter(|c| c.kind == "substitution")
                .and_then(|c| c.substitute_name.clone())
        });
        if let (Some(m), Some(h), Some(sub)) = (marked, homework, substitute) {
            found = Some((
                i,
                m.lesson.subject_name.clone(),
                h,
                sub,
                diary
                    .class_teacher_name
                    .clone()
                    .context("the class has a class teacher")?,
            ));
            break;
        }
    }
    let (i, mark_subject, homework, substitute, class_teacher) = found
        .context("one of the parent's children has marks, homework and a substitution this week")?;
    // The class teacher's account, found by name among the accounts (the administrator lists them).
    let admin = client_as(base, "admin").await?;
    let users = admin
        .list_users(&UserFilter {
            limit: Some(500),
            ..UserFilter::default()
        })
        .await?;
    let teacher = users
        .items
        .iter()
        .find(|u| {
            let full = match &u.middle_name {
                Some(m) => format!("{} {} {m}", u.last_name, u.first_name),
                None => format!("{} {}", u.last_name, u.first_name),
            };
            full == class_teacher
        })
        .with_context(|| format!("an account of the class teacher {class_teacher}"))?;
    Ok(DiarySetup {
        child: me.students[i].clone(),
        other: me.students[1 - i].clone(),
        monday,
        mark_subject,
        homework,
        substitute,
        class_teacher_id: teacher.id,
        class_teacher_name: class_teacher,
        class_teacher_login: teacher.login.clone(),
    })
}

/// Whether the page scrolls sideways (it must not on a phone).
/// Whether the page scrolls sideways once its layout settles: a page that overflows for a moment
/// while it renders (the menu scrolled to the clicked entry, a list still loading) is not
/// counted; one that stays wider than the window is.
async fn scrolls_sideways(browser: &Browser) -> Result<bool> {
    let settled = poll_until("a page no wider than the window", UI_DEADLINE, || async {
        let v = browser
            .execute(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth",
                vec![],
            )
            .await?;
        Ok((!v.as_bool().unwrap_or(true)).then_some(()))
    })
    .await;
    Ok(settled.is_err())
}

async fn wait_path(browser: &Browser, path: &str) -> Result<()> {
    poll_until(&format!("the address {path}"), UI_DEADLINE, || async {
        Ok((browser.current_url().await?.path() == path).then_some(()))
    })
    .await
}

/// The guardian's week on a phone: switching child, marks, homework, the substitution, weeks in
/// the address, «Ознакомлен(а)» and the period results.
async fn parent_diary(browser: &Browser, base: &str, s: &DiarySetup) -> Result<()> {
    browser.set_window_size(390, 844).await?;
    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "parent", DEMO_PASSWORD).await?;
    // A guardian lands on the diary of the first child (alphabetically), this week.
    let first = if s.child.name < s.other.name {
        &s.child
    } else {
        &s.other
    };
    wait_path(browser, &format!("/diary/{}/{}", first.id, s.monday)).await?;
    wait_text(browser, "#diary-student", &first.name).await?;
    wait_text(browser, "#diary-days", "урок").await?;
    // Switching child: the other child, then the one with this week's substitution and marks.
    for child in [&s.other, &s.child] {
        click(
            browser,
            &format!(".child-name[data-student='{}']", child.id),
        )
        .await?;
        wait_path(browser, &format!("/diary/{}/{}", child.id, s.monday)).await?;
        wait_text(browser, "#diary-student", &child.name).await?;
    }
    wait_text(
        browser,
        ".diary-lesson.substitution .lesson-change",
        "Замена:",
    )
    .await?;
    let substitute_last = s.substitute.split_whitespace().next().unwrap_or_default();
    wait_text(browser, ".diary-lesson.substitution", substitute_last).await?;
    wait_text(browser, "#diary-days", &s.homework).await?;
    wait_text(browser, "#diary-days", &s.mark_subject).await?;
    let marks = browser
        .find_all(Locator::Css(".diary-mark .mark-value"))
        .await?;
    ensure!(!marks.is_empty(), "this week's marks are shown");
    wait_text(browser, ".diary-mark .mark-about", "вес").await?;
    wait_text(browser, "#diary-teachers", "Классный руководитель").await?;
    ensure!(
        !scrolls_sideways(browser).await?,
        "the diary does not scroll sideways at 390 px"
    );
    screenshot(browser, "family-01-week-390px.png").await?;

    // The previous week and back: the address follows.
    click(browser, "#diary-week-prev").await?;
    let previous = s.monday - chrono::Duration::weeks(1);
    wait_path(browser, &format!("/diary/{}/{}", s.child.id, previous)).await?;
    click(browser, "#diary-week-today").await?;
    wait_path(browser, &format!("/diary/{}/{}", s.child.id, s.monday)).await?;

    // «Ознакомлен(а)» for the week: afterwards it says who acknowledged and when.
    click(browser, "#acknowledge-week").await?;
    wait_text(browser, "#week-ack-list", "Ознакомлен(а): Егорова Ева").await?;
    wait_gone(browser, "#acknowledge-week").await?;
    screenshot(browser, "family-02-acknowledged-390px.png").await?;

    // Period results of the child.
    click(browser, "#diary-results-link").await?;
    wait_path(browser, &format!("/results/{}", s.child.id)).await?;
    wait_text(browser, "#results-subjects", "Средний балл").await?;
    ensure!(
        !scrolls_sideways(browser).await?,
        "the results do not scroll sideways at 390 px"
    );
    screenshot(browser, "family-03-results-390px.png").await?;
    Ok(())
}

/// The class teacher sees the mother's acknowledgement on the sheet of the child's class.
async fn teacher_sees_acknowledgement(browser: &Browser, s: &DiarySetup) -> Result<()> {
    click(browser, "#main-nav a[href='/acknowledgements']").await?;
    wait_text(browser, "#ack-sheet-summary", &s.child.class_name).await?;
    let line = format!("#ack-sheet .sheet-student[data-student='{}']", s.child.id);
    wait_text(browser, &line, "Ознакомлен(а)").await?;
    let mut mother = None;
    for g in browser
        .find_all(Locator::Css(&format!("{line} .sheet-guardian")))
        .await?
    {
        let text = g.text().await?;
        if text.contains("Егорова Ева") {
            mother = Some(text);
        }
    }
    let mother = mother.context("the mother is on the sheet")?;
    ensure!(
        mother.contains("Ознакомлен(а) ") && mother.contains("Доступ к дневнику: да"),
        "the mother's acknowledgement is on the sheet: {mother}"
    );
    ensure!(
        !scrolls_sideways(browser).await?,
        "the sheet does not scroll sideways at 390 px"
    );
    screenshot(browser, "family-08-sheet-390px.png").await?;
    Ok(())
}

/// The page is no wider than the window: nothing scrolls sideways on a phone.
async fn no_sideways_scroll(browser: &Browser, what: &str) -> Result<()> {
    let fits = browser
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth;",
            vec![],
        )
        .await?;
    ensure!(
        fits.as_bool() == Some(true),
        "{what}: the page scrolls sideways"
    );
    Ok(())
}

/// The number on the menu's unread badge; 0 without a badge.
async fn unread_badge(browser: &Browser) -> Result<i64> {
    match browser.find(Locator::Css("#unread-badge")).await {
        Ok(badge) => Ok(badge.text().await?.trim().parse()?),
        Err(_) => Ok(0),
    }
}

const ATTACHMENT_NAME: &str = "справка.txt";
const ATTACHMENT_TEXT: &str = "Справка № 15 от участкового педиатра: освобождён с 16 по 20 ноября.";
const MESSAGE_SUBJECT: &str = "Справка после болезни";
const MESSAGE_BODY: &str = "Здравствуйте! Сын был болен, справку прикладываю.";
const REPLY: &str = "Спасибо, выздоравливайте!";
const ANNOUNCEMENT: &str = "Родительское собрание в четверг";

/// The id of the unread thread in the list whose line holds `subject`, once it is shown.
async fn unread_thread(browser: &Browser, subject: &str) -> Result<String> {
    poll_until(
        &format!("an unread thread {subject:?} in the list"),
        UI_DEADLINE,
        || async {
            for item in browser
                .find_all(Locator::Css("#thread-list .thread-item.unread"))
                .await?
            {
                if item.text().await?.contains(subject) {
                    return Ok(item.attr("id").await?);
                }
            }
            Ok(None)
        },
    )
    .await
}

/// The guardian writes to the class teacher with a file attached.
async fn parent_writes(browser: &Browser, s: &DiarySetup) -> Result<()> {
    click_in_view(browser, "#main-nav a[href='/messages']").await?;
    wait_text(browser, "#messages h1", "Сообщения").await?;
    text_of(browser, "#thread-list .thread-item").await?;
    no_sideways_scroll(browser, "the thread list").await?;
    screenshot(browser, "family-04-messages-390px.png").await?;

    // «Новое сообщение» to the class teacher, found in the group of that relation.
    click_in_view(browser, "a.new-message").await?;
    wait_text(browser, "#recipients", "Классный руководитель").await?;
    let label = format!("label[for='recipient-{}']", s.class_teacher_id);
    let relations = browser
        .find(Locator::Css(&label))
        .await?
        .attr("data-relations")
        .await?
        .unwrap_or_default();
    ensure!(
        relations.split(' ').any(|r| r == "class_teacher"),
        "{} is listed as a class teacher: {relations:?}",
        s.class_teacher_name
    );
    wait_text(browser, &label, &s.class_teacher_name).await?;
    no_sideways_scroll(browser, "the new message form").await?;

    // Sending without a subject is refused before asking the server.
    click_in_view(browser, &format!("#recipient-{}", s.class_teacher_id)).await?;
    fill(browser, "#message-body", MESSAGE_BODY).await?;
    click_in_view(browser, "#message-send").await?;
    wait_text(browser, "#message-problem", "Укажите тему").await?;

    fill(browser, "#message-subject", MESSAGE_SUBJECT).await?;
    let upload = write_upload(ATTACHMENT_NAME, ATTACHMENT_TEXT)?;
    choose_file(browser, "#message-files", &upload).await?;
    wait_text(browser, "#picked-files", ATTACHMENT_NAME).await?;
    screenshot(browser, "family-05-new-message-390px.png").await?;
    click_in_view(browser, "#message-send").await?;
    wait_text(browser, "#thread-subject", MESSAGE_SUBJECT).await?;
    wait_text(browser, "#message-list", MESSAGE_BODY).await?;
    wait_text(
        browser,
        "#message-list .message.mine .attachment",
        ATTACHMENT_NAME,
    )
    .await?;
    wait_text(
        browser,
        "#message-list .message.mine .message-relation",
        "вы",
    )
    .await?;
    no_sideways_scroll(browser, "the thread").await?;
    screenshot(browser, "family-06-sent-390px.png").await?;
    Ok(())
}

/// The guardian asks for one letter a day and no letters about absences; the choice is kept.
async fn parent_sets_notifications(browser: &Browser) -> Result<()> {
    click_in_view(browser, "#main-nav a[href='/notifications']").await?;
    wait_text(browser, "#notifications h1", "Уведомления").await?;
    click_in_view(browser, "#delivery-digest").await?;
    click_in_view(browser, "#notify-absences").await?;
    click_in_view(browser, "#notifications-save").await?;
    wait_text(browser, "#notifications-saved", "сохранены").await?;
    no_sideways_scroll(browser, "the notification settings").await?;
    screenshot(browser, "family-07-notifications-390px.png").await?;
    browser.refresh().await?;
    wait_text(browser, "#notifications h1", "Уведомления").await?;
    let checked = |css: &'static str| async move {
        let v = browser
            .find(Locator::Css(css))
            .await?
            .prop("checked")
            .await?;
        Ok::<_, anyhow::Error>(v.as_deref() == Some("true"))
    };
    poll_until("the saved choice after a reload", UI_DEADLINE, || async {
        Ok((checked("#delivery-digest").await?
            && !checked("#notify-absences").await?
            && checked("#notify-marks").await?)
            .then_some(()))
    })
    .await
}

/// The class teacher finds the mother's message unread, opens it with its attachment, answers,
/// and announces a meeting to the child's class.
async fn teacher_answers_and_announces(browser: &Browser, s: &DiarySetup) -> Result<()> {
    let badge = poll_until("the unread badge", UI_DEADLINE, || async {
        let n = unread_badge(browser).await?;
        Ok((n > 0).then_some(n))
    })
    .await?;
    click_in_view(browser, "#main-nav a[href='/messages']").await?;
    let item = unread_thread(browser, MESSAGE_SUBJECT).await?;
    let line = text_of(browser, &format!("#{item}")).await?;
    ensure!(line.contains("1 новое"), "the new thread reads {line:?}");
    screenshot(browser, "family-09-teacher-messages-390px.png").await?;
    click_in_view(browser, &format!("#{item} .thread-link")).await?;
    wait_text(browser, "#thread-subject", MESSAGE_SUBJECT).await?;
    wait_text(browser, "#message-list", MESSAGE_BODY).await?;
    wait_text(browser, "#message-list .attachment", ATTACHMENT_NAME).await?;
    screenshot(browser, "family-10-teacher-reads-390px.png").await?;
    // Reading it takes it off the badge.
    poll_until("the badge to count one less", UI_DEADLINE, || async {
        Ok((unread_badge(browser).await? == badge - 1).then_some(()))
    })
    .await?;
    fill(browser, "#reply-text", REPLY).await?;
    click_in_view(browser, "#reply-send").await?;
    wait_text(browser, "#message-list", REPLY).await?;

    // «Объявления»: a meeting for the child's class.
    click_in_view(browser, "#main-nav a[href='/announcements']").await?;
    wait_text(browser, "#announcements h1", "Объявления").await?;
    click_in_view(browser, "#announcement-new").await?;
    let class_id = s.child.class_id.context("the child is in a class")?;
    select(browser, "#announcement-class", &class_id.to_string()).await?;
    fill(browser, "#announcement-subject", ANNOUNCEMENT).await?;
    fill(
        browser,
        "#announcement-body",
        "Начало в 18:00, кабинет 12. Повестка: итоги первой четверти.",
    )
    .await?;
    click_in_view(browser, "#announcement-post").await?;
    // The posted announcement opens, addressed to the class's families.
    wait_text(browser, "#thread-subject", ANNOUNCEMENT).await?;
    wait_text(browser, "#thread", "Участники:").await?;
    no_sideways_scroll(browser, "the announcements").await?;
    screenshot(browser, "family-11-announced-390px.png").await?;
    Ok(())
}

/// Back as the guardian: the answer in the thread, the announcement among the announcements,
/// read-only.
async fn parent_reads_answer_and_announcement(browser: &Browser) -> Result<()> {
    click_in_view(browser, "#main-nav a[href='/messages']").await?;
    let item = unread_thread(browser, MESSAGE_SUBJECT).await?;
    click_in_view(browser, &format!("#{item} .thread-link")).await?;
    wait_text(browser, "#message-list", REPLY).await?;
    click_in_view(browser, "#main-nav a[href='/announcements']").await?;
    let item = unread_thread(browser, ANNOUNCEMENT).await?;
    ensure!(
        browser
            .find_all(Locator::Css("#announcement-form"))
            .await?
            .is_empty(),
        "a guardian does not post announcements"
    );
    click_in_view(browser, &format!("#{item} .thread-link")).await?;
    wait_text(browser, "#thread-subject", ANNOUNCEMENT).await?;
    wait_text(browser, "#thread-read-only", "").await?;
    ensure!(
        browser
            .find_all(Locator::Css("#reply-form"))
            .await?
            .is_empty(),
        "an announcement takes no replies"
    );
    no_sideways_scroll(browser, "the announcement").await?;
    screenshot(browser, "family-12-announcement-390px.png").await?;
    Ok(())
}

/// The acceptance scenario of the family issue, on a phone: the guardian's week, acknowledgement
/// and message; the class teacher's view of both, answer and announcement; the guardian reads them.
async fn family_scenario(browser: &Browser, base: &str, s: &DiarySetup) -> Result<()> {
    browser.set_window_size(390, 844).await?;
    parent_diary(browser, base, s).await?;
    parent_writes(browser, s).await?;
    parent_sets_notifications(browser).await?;
    sign_out(browser).await?;

    sign_in(browser, &s.class_teacher_login, DEMO_PASSWORD).await?;
    teacher_sees_acknowledgement(browser, s).await?;
    teacher_answers_and_announces(browser, s).await?;
    sign_out(browser).await?;

    sign_in(browser, "parent", DEMO_PASSWORD).await?;
    wait_text(browser, "#school-name", DEMO_SCHOOL).await?;
    parent_reads_answer_and_announcement(browser).await
}

/// What the browser did, read back through the API: the attachment's bytes as the class teacher
/// downloads them, and the mother's notification settings.
async fn family_api_checks(base: &str, s: &DiarySetup) -> Result<()> {
    use journal_api_types::messages::{DeliveryMode, ThreadQuery};
    let teacher = client_as(base, &s.class_teacher_login).await?;
    let threads = teacher
        .list_threads(&ThreadQuery {
            q: Some(MESSAGE_SUBJECT.into()),
            ..ThreadQuery::default()
        })
        .await?;
    let summary = threads
        .items
        .first()
        .context("the class teacher finds the mother's thread")?;
    let thread = teacher.thread(summary.id).await?;
    let attachment = thread
        .messages
        .iter()
        .flat_map(|m| m.attachments.iter())
        .find(|a| a.file_name == ATTACHMENT_NAME)
        .context("the attachment is on the message")?;
    let bytes = teacher.message_attachment(attachment.id).await?;
    ensure!(
        bytes == ATTACHMENT_TEXT.as_bytes(),
        "the class teacher downloads the file the mother chose"
    );
    let parent = client_as(base, "parent").await?;
    let prefs = parent.notification_preferences().await?;
    ensure!(
        prefs.delivery == DeliveryMode::Digest && !prefs.absences && prefs.marks,
        "the mother's settings are kept: {prefs:?}"
    );
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn family_end_to_end() -> Result<()> {
    let server = Server::start("family-").await?;
    println!("journal serve at {}", server.base);
    // The browser and this test run on the same machine: "this week" is the same for both.
    let today = chrono::Local::now().date_naive();
    let setup = diary_setup(&server.base, today).await?;
    let (base, s) = (&server.base, &setup);
    in_browser(
        "family-",
        |b| async move { family_scenario(&b, base, s).await },
    )
    .await?;
    family_api_checks(&server.base, &setup).await
}

/// A family that refused the processing of personal data (the demo has two), found through the
/// API: the student and the guardian.
struct ConsentSetup {
    student: Uuid,
    guardian: Uuid,
    guardian_name: String,
}

async fn consent_setup(base: &str) -> Result<ConsentSetup> {
    let office = client_as(base, "secretary").await?;
    let students = office
        .list_students(&StudentFilter {
            limit: Some(500),
            ..StudentFilter::default()
        })
        .await?;
    for s in &students.items {
        let detail = office.student(s.id).await?;
        for g in &detail.guardians {
            let consents = office.consents(g.guardian.id).await?;
            if consents
                .iter()
                .find(|c| c.in_force)
                .is_some_and(|c| c.decision == "refused")
            {
                return Ok(ConsentSetup {
                    student: s.id,
                    guardian: g.guardian.id,
                    guardian_name: format!("{} {}", g.guardian.last_name, g.guardian.first_name),
                });
            }
        }
    }
    bail!("the demo has a guardian who refused consent")
}

/// R-D5 in the browser: the secretary cannot give a diary account to a guardian who refused;
/// records the new consent with its document; gives the account; the guardian signs in with the
/// one-time password, chooses a password and lands on the child's diary.
async fn consent_scenario(browser: &Browser, base: &str, s: &ConsentSetup) -> Result<()> {
    browser.goto(&format!("{base}/")).await?;
    sign_in(browser, "secretary", DEMO_PASSWORD).await?;
    wait_text(browser, "#school-name", DEMO_SCHOOL).await?;
    browser
        .goto(&format!("{base}/students/{}", s.student))
        .await?;
    let consents = format!("#consents-{}", s.guardian);
    wait_text(browser, &format!("{consents}-table"), "Отказ").await?;
    let access = format!("#access-guardian-{}", s.guardian);

    // A refusal closes the diary: the account is refused with the reason.
    click_in_view(browser, &format!("{access} .access-give")).await?;
    fill(browser, &format!("{access}-login"), "e2e.family").await?;
    click_in_view(browser, &format!("{access}-form button[type='submit']")).await?;
    wait_text(browser, &format!("{access}-error"), "отказ").await?;
    screenshot(browser, "consent-01-refused.png").await?;
    click_in_view(browser, &format!("{access}-form button.ghost")).await?;

    // The family changed its mind: the new consent, with its document.
    click_in_view(browser, &format!("{consents} .consent-add")).await?;
    let form = format!("#consent-form-{}", s.guardian);
    select(browser, &format!("{form}-decision"), "given").await?;
    fill(
        browser,
        &format!("{form}-document"),
        "Заявление № 77 от 23.11.2026",
    )
    .await?;
    click_in_view(browser, &format!("{form} button[type='submit']")).await?;
    wait_text(browser, &format!("{consents}-saved"), "").await?;
    wait_text(browser, &format!("{consents}-table"), "Заявление № 77").await?;
    screenshot(browser, "consent-02-given.png").await?;

    // Now the account: a login and a one-time password shown once.
    click_in_view(browser, &format!("{access} .access-give")).await?;
    fill(browser, &format!("{access}-login"), "e2e.family").await?;
    click_in_view(browser, &format!("{access}-form button[type='submit']")).await?;
    let issued = format!("{access}-issued");
    wait_text(browser, &format!("{issued} .access-login"), "e2e.family").await?;
    let one_time = text_of(browser, &format!("{issued} .access-password")).await?;
    ensure!(!one_time.trim().is_empty(), "a one-time password is shown");
    screenshot(browser, "consent-03-account.png").await?;
    click_in_view(browser, &format!("{issued} .access-close")).await?;
    sign_out(browser).await?;

    // The guardian's first sign-in: a password of their own, then the child's diary.
    sign_in(browser, "e2e.family", one_time.trim()).await?;
    wait_text(browser, "#change-password-submit", "Сменить пароль").await?;
    let own = "утро туманное над Волгой 1";
    fill(browser, "#current-password", one_time.trim()).await?;
    fill(browser, "#new-password", own).await?;
    fill(browser, "#new-password-repeat", own).await?;
    click(browser, "#change-password-submit").await?;
    poll_until("a child's diary", UI_DEADLINE, || async {
        Ok((browser.current_url().await?.path().starts_with("/diary/")).then_some(()))
    })
    .await?;
    wait_text(browser, "#diary-student", "").await?;
    wait_text(browser, "#user-name", &s.guardian_name).await?;
    screenshot(browser, "consent-04-first-diary.png").await?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs the release binary and the built SPA; run by make e2e"]
async fn consent_and_diary_account_end_to_end() -> Result<()> {
    let server = Server::start("consent-").await?;
    println!("journal serve at {}", server.base);
    let setup = consent_setup(&server.base).await?;
    let (base, s) = (&server.base, &setup);
    in_browser("consent-", |b| async move {
        consent_scenario(&b, base, s).await
    })
    .await?;
    // The register keeps both decisions, the new one in force.
    let office = client_as(&server.base, "secretary").await?;
    let consents = office.consents(setup.guardian).await?;
    let in_force: Vec<&str> = consents
        .iter()
        .filter(|c| c.in_force)
        .map(|c| c.decision.as_str())
        .collect();
    ensure!(
        in_force == ["given"] && consents.len() == 2,
        "the refusal stays in the register, the consent is in force: {consents:?}"
    );
    Ok(())
}
