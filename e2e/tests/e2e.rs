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

use anyhow::{anyhow, bail, ensure, Context, Result};
use chrono::{Datelike, NaiveDate};
use fantoccini::{Client as Browser, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
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

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

fn artifacts_dir() -> Result<PathBuf> {
    let dir = workspace_root().join("e2e").join("artifacts");
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

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
        ensure!(
            spa.join("index.html").is_file() && spa.join("journal_frontend_bg.wasm").is_file(),
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
    input.clear().await?;
    input.send_keys(value).await?;
    Ok(())
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

    let driver = Driver::start("").await?;
    let outcome = browser_scenario(&driver.browser, &mut server).await;
    if outcome.is_err() {
        // The screen at the moment of failure helps more than the error alone.
        let _ = screenshot(&driver.browser, "failure.png").await;
    }
    let Driver { _guard, browser } = driver;
    let closed = browser.close().await;
    server.ensure_running()?;
    outcome?;
    closed.context("closing the browser session")?;
    Ok(())
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
        Err(e) if e.code() == Some("room_double_booked") => {
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
/// depends on the browser's locale).
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

    let driver = Driver::start("timetable-").await?;
    let outcome = timetable_scenario(&driver.browser, &server.base, &setup).await;
    if outcome.is_err() {
        let _ = screenshot(&driver.browser, "timetable-failure.png").await;
    }
    let Driver { _guard, browser } = driver;
    let closed = browser.close().await;
    outcome?;
    closed.context("closing the browser session")?;
    timetable_api_checks(&server.base, &setup).await
}
