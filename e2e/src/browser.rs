//! The SPA driven like a person would: waiting for what the page shows, typing, choosing,
//! clicking, signing in and out. Every wait gives up after [`UI_DEADLINE`].

use crate::{artifacts_dir, downloads_dir, poll_until, UI_DEADLINE};
use anyhow::{ensure, Context, Result};
use chrono::NaiveDate;
use fantoccini::{Client as Browser, Locator};
use std::fs;
use std::path::{Path, PathBuf};

/// The visible text of the element `css`, once it exists.
pub async fn text_of(browser: &Browser, css: &str) -> Result<String> {
    let element = browser
        .wait()
        .at_most(UI_DEADLINE)
        .for_element(Locator::Css(css))
        .await
        .with_context(|| format!("waiting for `{css}`"))?;
    Ok(element.text().await?)
}

/// Waits until the element `css` exists and its text contains `expected`.
pub async fn wait_text(browser: &Browser, css: &str, expected: &str) -> Result<String> {
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
pub async fn wait_gone(browser: &Browser, css: &str) -> Result<()> {
    poll_until(&format!("`{css}` to disappear"), UI_DEADLINE, || async {
        Ok(browser
            .find_all(Locator::Css(css))
            .await?
            .is_empty()
            .then_some(()))
    })
    .await
}

/// Waits until the input `css` holds `expected`.
pub async fn wait_value(browser: &Browser, css: &str, expected: &str) -> Result<()> {
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

/// Waits until the element `css` exists and is enabled (or disabled).
pub async fn wait_enabled(browser: &Browser, css: &str, enabled: bool) -> Result<()> {
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

/// Waits until the address is `path`.
pub async fn wait_path(browser: &Browser, path: &str) -> Result<()> {
    poll_until(&format!("the address {path}"), UI_DEADLINE, || async {
        Ok((browser.current_url().await?.path() == path).then_some(()))
    })
    .await
}

/// Types `value` into the input `css` in place of what it holds (a date input takes it as typed).
pub async fn fill(browser: &Browser, css: &str, value: &str) -> Result<()> {
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

/// Chooses the option `value` of the `<select>` `css`, once the option is there.
pub async fn select(browser: &Browser, css: &str, value: &str) -> Result<()> {
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
pub async fn set_date(browser: &Browser, css: &str, date: NaiveDate) -> Result<()> {
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

/// Clicks `css`, once it exists.
pub async fn click(browser: &Browser, css: &str) -> Result<()> {
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

/// Clicks `css` after scrolling it to the middle of the window, clear of the sticky header
/// (WebDriver only scrolls an element that is entirely out of view).
pub async fn click_in_view(browser: &Browser, css: &str) -> Result<()> {
    let element = browser
        .wait()
        .at_most(UI_DEADLINE)
        .for_element(Locator::Css(css))
        .await
        .with_context(|| format!("waiting for `{css}`"))?;
    browser
        .execute(
            "arguments[0].scrollIntoView({ block: 'center', inline: 'center' });",
            vec![serde_json::to_value(&element)?],
        )
        .await?;
    element
        .click()
        .await
        .with_context(|| format!("clicking `{css}`"))?;
    Ok(())
}

/// The id of the focused element.
pub async fn focused_id(browser: &Browser) -> Result<String> {
    let v = browser
        .execute(
            "return document.activeElement && document.activeElement.id || ''",
            vec![],
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

/// Waits until the element with the id `id` has the keyboard focus.
pub async fn wait_focus(browser: &Browser, id: &str) -> Result<()> {
    poll_until(&format!("the focus on #{id}"), UI_DEADLINE, || async {
        Ok((focused_id(browser).await? == id).then_some(()))
    })
    .await
}

/// Types into whatever has the keyboard focus, like a person at the keyboard.
pub async fn type_keys(browser: &Browser, keys: &str) -> Result<()> {
    browser.active_element().await?.send_keys(keys).await?;
    Ok(())
}

/// Writes `text` into the artifacts folder (a real file for the browser's file picker).
pub fn write_upload(name: &str, text: &str) -> Result<PathBuf> {
    let path = artifacts_dir()?.join(name);
    fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// Chooses `path` in the `<input type="file">` `css`, as chromedriver does for typed paths.
pub async fn choose_file(browser: &Browser, css: &str, path: &Path) -> Result<()> {
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

/// Saves the window as `name` in the artifacts folder.
pub async fn screenshot(browser: &Browser, name: &str) -> Result<()> {
    let png = browser.screenshot().await.context("taking a screenshot")?;
    let path = artifacts_dir()?.join(name);
    fs::write(&path, png).with_context(|| format!("writing {}", path.display()))?;
    println!("screenshot: {}", path.display());
    Ok(())
}

/// Whether the page scrolls sideways once its layout settles: a page that overflows for a moment
/// while it renders (the menu scrolled to the clicked entry, a list still loading) is not
/// counted; one that stays wider than the window is.
pub async fn scrolls_sideways(browser: &Browser) -> Result<bool> {
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

/// The page is no wider than the window: nothing scrolls sideways on a phone.
pub async fn no_sideways_scroll(browser: &Browser, what: &str) -> Result<()> {
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

/// Signs in on the sign-in page.
pub async fn sign_in(browser: &Browser, login: &str, password: &str) -> Result<()> {
    fill(browser, "#login", login).await?;
    fill(browser, "#password", password).await?;
    click(browser, "#login-submit").await
}

/// Signs out and waits for the sign-in page.
pub async fn sign_out(browser: &Browser) -> Result<()> {
    click(browser, "#logout").await?;
    wait_text(browser, "#login-submit", "Войти").await?;
    wait_gone(browser, "#main-nav").await
}

/// Forgets earlier downloads named `name`, so [`downloaded`] waits for the next one.
pub fn forget_download(name: &str) -> Result<()> {
    let path = downloads_dir()?.join(name);
    if path.exists() {
        fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
    }
    Ok(())
}

/// The file `name` once Chromium has finished downloading it.
pub async fn downloaded(name: &str) -> Result<PathBuf> {
    let path = downloads_dir()?.join(name);
    poll_until(&format!("the download {name}"), UI_DEADLINE, || async {
        let partial = downloads_dir()?.join(format!("{name}.crdownload"));
        Ok((path.is_file() && !partial.exists()).then(|| path.clone()))
    })
    .await
}

/// The text of a PDF, by poppler's `pdftotext` (in reading order, one string).
pub fn pdf_text(path: &Path) -> Result<String> {
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
        .context("running pdftotext (Debian's poppler-utils; `make e2e` installs it)")?;
    ensure!(
        out.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Goes to the menu's entry `href` as a person would: on a phone the menu is a drawer, opened by
/// its button first.
pub async fn nav_to(browser: &Browser, href: &str) -> Result<()> {
    // The frame of a session may still be drawing after a sign-in.
    wait_text(browser, "#menu-toggle", "").await?;
    let toggle = browser.find(Locator::Css("#menu-toggle")).await?;
    if toggle.is_displayed().await? {
        toggle.click().await.context("opening the menu")?;
    }
    click_in_view(browser, &format!("#main-nav a[href='{href}']")).await
}

/// axe-core's script: `AXE_JS` (the Makefile sets it), else `.tools/node_modules/axe-core/`.
fn axe_script() -> Result<String> {
    let path = std::env::var_os("AXE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::workspace_root().join(".tools/node_modules/axe-core/axe.min.js"));
    fs::read_to_string(&path).with_context(|| {
        format!(
            "reading axe-core at {} (`make e2e` installs it with npm)",
            path.display()
        )
    })
}

/// The WCAG 2.1 A and AA violations axe-core finds on the page as it is now: one line per rule
/// with its impact and the first elements it names. Empty when the page passes.
pub async fn axe_violations(browser: &Browser) -> Result<Vec<String>> {
    let script = axe_script()?;
    browser
        .execute(&format!("{script}\nreturn true;"), vec![])
        .await
        .context("loading axe-core into the page")?;
    let found = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
               .then(r => done({passes: r.passes.length, violations: r.violations.map(v => v.id + ' ('
                   + v.impact + '): ' + v.help + ' — '
                   + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))}))
               .catch(e => done({passes: 0, violations: ['axe failed: ' + e]}));",
            vec![],
        )
        .await
        .context("running axe-core")?;
    let passes = found["passes"].as_u64().unwrap_or(0);
    let violations: Vec<String> = found["violations"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    // A check that ran no rule proves nothing.
    ensure!(
        passes > 0 || !violations.is_empty(),
        "axe-core ran no rule on the page"
    );
    println!(
        "axe-core: {passes} rules pass, {} violated",
        violations.len()
    );
    Ok(violations)
}
