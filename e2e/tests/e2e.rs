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
use fantoccini::{Client as Browser, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use journal_api_types::users::UserFilter;
use journal_client::{Client, ClientError};
use std::fs::{self, File};
use std::future::Future;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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
    async fn start() -> Result<Self> {
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

        let seed_log = File::create(artifacts_dir()?.join("seed-demo.log"))?;
        let mut seed = server.command(JWT_SECRET);
        seed.arg("seed-demo")
            .stdout(seed_log.try_clone()?)
            .stderr(seed_log);
        let status = seed
            .status()
            .with_context(|| format!("running {} seed-demo", server.bin.display()))?;
        ensure!(
            status.success(),
            "`journal seed-demo` failed with {status}; see e2e/artifacts/seed-demo.log"
        );

        server.serve(JWT_SECRET, "server.log").await?;
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
    async fn start() -> Result<Self> {
        for tool in [CHROMIUM, CHROMEDRIVER] {
            ensure!(
                Path::new(tool).is_file(),
                "{tool} is missing: install Debian's `chromium` and `chromium-driver` \
                 (`apt-get install chromium chromium-driver`; `make e2e` does it)"
            );
        }
        let port = free_port()?;
        let log = File::create(artifacts_dir()?.join("chromedriver.log"))?;
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
    let mut server = Server::start().await?;
    println!("journal serve at {}", server.base);

    api_checks(&server.base).await?;

    let driver = Driver::start().await?;
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
