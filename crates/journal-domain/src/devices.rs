//! The device a session was opened from, as its user agent names it (R-S6): «Chrome, Android»,
//! for a person to recognise their own phone or a stranger's computer in their sessions. Only
//! names every user knows are read; an unknown user agent is shown as such.

/// A browser and an operating system, each when recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Device {
    pub browser: Option<&'static str>,
    pub system: Option<&'static str>,
}

impl Device {
    /// «Chrome, Android», «Firefox», «Windows»; `None` when nothing is recognised.
    pub fn label(&self) -> Option<String> {
        match (self.browser, self.system) {
            (Some(b), Some(s)) => Some(format!("{b}, {s}")),
            (Some(one), None) | (None, Some(one)) => Some(one.to_owned()),
            (None, None) => None,
        }
    }
}

/// Read a user agent. The order matters: browsers built on Chromium also say "Chrome" and
/// "Safari", so the specific names are looked for first.
pub fn describe(user_agent: &str) -> Device {
    let ua = user_agent;
    let browser = [
        ("YaBrowser/", "Яндекс Браузер"),
        ("Edg/", "Edge"),
        ("EdgA/", "Edge"),
        ("OPR/", "Opera"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("Firefox/", "Firefox"),
        ("FxiOS/", "Firefox"),
        ("CriOS/", "Chrome"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| *name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| *name);
    Device { browser, system }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(ua: &str) -> Option<String> {
        describe(ua).label()
    }

    #[test]
    fn common_browsers_and_systems_are_named() {
        assert_eq!(
            label("Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36").as_deref(),
            Some("Chrome, Android")
        );
        assert_eq!(
            label("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1").as_deref(),
            Some("Safari, iOS")
        );
        assert_eq!(
            label("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 YaBrowser/24.12.0.0 Safari/537.36").as_deref(),
            Some("Яндекс Браузер, Windows")
        );
        assert_eq!(
            label("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0").as_deref(),
            Some("Edge, Windows")
        );
        assert_eq!(
            label("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")
                .as_deref(),
            Some("Firefox, Linux")
        );
        assert_eq!(
            label("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15").as_deref(),
            Some("Safari, macOS")
        );
    }

    #[test]
    fn an_unknown_agent_is_not_guessed() {
        assert_eq!(label(""), None);
        assert_eq!(label("ReportBot/1.0"), None);
        assert_eq!(label("curl/8.5.0").as_deref(), Some("curl"));
    }
}
