//! E-mail notifications (R-D4): what to queue when marks, absences and announcements are written,
//! and the worker that sends the outbox over SMTP.
//!
//! Queueing happens in the transaction of the write that causes it (`journal_saved`,
//! `enqueue_announcement`), so a rolled-back write sends nothing. The worker ([`run_once`],
//! looped by [`spawn`]) first bundles items held for the daily digest, then claims due items with
//! a lease in one atomic UPDATE, sends each with `lettre` and marks it sent; a failure is retried
//! with exponential backoff (1, 2, 4 … minutes, at most 6 h) and given up after
//! `MAX_ATTEMPTS`. Several nodes may run the worker: a claimed row is skipped by the others until
//! its lease expires. A node that dies after the SMTP server accepted a letter but before marking it
//! sent leaves the row to be sent again when the lease expires (at least once in that one case).

use crate::error::ApiError;
use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike};
use chrono_tz::Tz;
use journal_api_types::ErrorCode;
use journal_db::notifications::{self as ndb, OutboxRow};
use journal_db::{journal as jdb, write_tx, DbConnection, DbPool};
use journal_domain::messaging::{
    backoff_seconds, delivery, Delivery, NotificationKind, Preferences, MAX_ATTEMPTS,
};
use journal_domain::SchoolId;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};
use std::collections::{BTreeMap, HashMap};

/// Queue one event about a student for each of the student's guardians who wants it and has an
/// address (and consent, R-D5); returns how many items were queued.
fn enqueue_for_students(
    conn: &mut DbConnection,
    school: SchoolId,
    kind: NotificationKind,
    events: &[(String, String, String)],
) -> Result<usize, ApiError> {
    if events.is_empty() {
        return Ok(0);
    }
    let students: Vec<String> = events.iter().map(|e| e.0.clone()).collect();
    let guardians = ndb::guardians_of_students(conn, school, &students)?;
    let prefs = preferences_of(conn, school, guardians.values().flatten())?;
    let mut rows = Vec::new();
    for (student, subject, body) in events {
        let to = guardians.get(student).map_or(&[][..], Vec::as_slice);
        rows.extend(outbox_rows(school, kind, to, &prefs, (subject, body)));
    }
    ndb::enqueue(conn, &rows)?;
    Ok(rows.len())
}

/// The notification preferences of these guardians' accounts, in one query.
fn preferences_of<'a>(
    conn: &mut DbConnection,
    school: SchoolId,
    guardians: impl Iterator<Item = &'a ndb::GuardianContact>,
) -> Result<HashMap<String, Preferences>, ApiError> {
    let users: Vec<String> = guardians.filter_map(|g| g.user_id.clone()).collect();
    Ok(ndb::preferences_of(conn, school, &users)?)
}

/// A cell a journal save wrote, as it stands after the save.
pub enum Written<'a> {
    Mark(&'a jdb::MarkRow),
    Attendance(&'a jdb::AttendanceRow),
}

/// The journal's save path calls this once, in its transaction, with what the save wrote (each
/// cell once; an unchanged cell is not there and sends nothing): every mark set and every absence
/// or lateness is queued for the student's guardians (R-D4). `students` are the page's, for the
/// names.
pub fn journal_saved(
    conn: &mut DbConnection,
    school: SchoolId,
    subject_id: &str,
    work_types: &[jdb::WorkTypeRow],
    students: &[journal_db::roster::Student],
    written: &[Written<'_>],
) -> Result<usize, ApiError> {
    if written.is_empty() {
        return Ok(0);
    }
    let subject =
        journal_db::structure::subject_name(conn, school, subject_id)?.unwrap_or_default();
    let kind_of = |code: &str| {
        work_types
            .iter()
            .find(|w| w.code == code)
            .map_or_else(|| code.to_owned(), |w| w.name.clone())
    };
    let name_of = |id: &str| {
        students
            .iter()
            .find(|s| s.id == id)
            .map(|s| format!("{} {}", s.last_name, s.first_name))
            .unwrap_or_default()
    };
    let mut marks = Vec::new();
    let mut absences = Vec::new();
    let date = |d: NaiveDate| d.format("%d.%m.%Y").to_string();
    for w in written {
        match w {
            Written::Mark(m) => {
                let name = name_of(&m.student_id);
                let mut body = format!(
                    "{name} получил(а) отметку {} по предмету «{subject}» ({}) за урок {}.",
                    m.value,
                    kind_of(&m.work_type),
                    date(m.lesson_date)
                );
                if let Some(comment) = &m.comment {
                    body.push_str(&format!("\nКомментарий учителя: {comment}"));
                }
                marks.push((
                    m.student_id.clone(),
                    format!("Новая отметка: {subject} — {}", m.value),
                    body,
                ));
            }
            Written::Attendance(a) => {
                let (title, what) = match a.status.as_str() {
                    "late" => ("Опоздание", "опоздал(а) на урок"),
                    "absent" => ("Пропуск урока", "отсутствовал(а) на уроке"),
                    _ => continue,
                };
                let name = name_of(&a.student_id);
                absences.push((
                    a.student_id.clone(),
                    format!("{title}: {subject}, {}", date(a.lesson_date)),
                    format!("{name} {what} «{subject}» {}.", date(a.lesson_date)),
                ));
            }
        }
    }
    Ok(
        enqueue_for_students(conn, school, NotificationKind::Mark, &marks)?
            + enqueue_for_students(conn, school, NotificationKind::Absence, &absences)?,
    )
}

/// Queue a class announcement for the guardians of `students` (in the announcement's
/// transaction).
pub fn enqueue_announcement(
    conn: &mut DbConnection,
    school: SchoolId,
    students: &[String],
    class_name: &str,
    (subject, body): (&str, &str),
) -> Result<usize, ApiError> {
    // One letter per guardian, even with several children in the class.
    let mut seen = std::collections::BTreeSet::new();
    let guardians: Vec<ndb::GuardianContact> = ndb::guardians_of_students(conn, school, students)?
        .into_values()
        .flatten()
        .filter(|g| seen.insert(g.guardian_id.clone()))
        .collect();
    let title = format!("Объявление для {class_name}: {subject}");
    let prefs = preferences_of(conn, school, guardians.iter())?;
    let rows = outbox_rows(
        school,
        NotificationKind::Announcement,
        &guardians,
        &prefs,
        (&title, body),
    );
    ndb::enqueue(conn, &rows)?;
    Ok(rows.len())
}

/// One outbox row per guardian with an address who wants this kind of letter (and whose consent
/// stands, R-D5): sent at once or held for the digest, as their preferences say.
fn outbox_rows(
    school: SchoolId,
    kind: NotificationKind,
    guardians: &[ndb::GuardianContact],
    prefs: &HashMap<String, Preferences>,
    (subject, body): (&str, &str),
) -> Vec<OutboxRow> {
    let at = journal_db::now();
    let mut rows = Vec::new();
    for g in guardians {
        let Some(email) = g.email.as_deref() else {
            continue;
        };
        let p = g
            .user_id
            .as_ref()
            .and_then(|u| prefs.get(u).cloned())
            .unwrap_or_default();
        let d = delivery(kind, &p, true, g.consent);
        if d == Delivery::Skip {
            continue;
        }
        rows.push(OutboxRow::new(
            &school.to_string(),
            kind.as_str(),
            g.user_id.clone(),
            email,
            (subject.to_owned(), body.to_owned()),
            d == Delivery::Digest,
            at,
        ));
    }
    rows
}

/// Settings of the mail worker (environment of `journal serve`).
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// `JOURNAL_SMTP_URL`, e.g. `smtp://mail.school.local`, `smtp://user:password@host?tls=required`
    /// (STARTTLS) or `smtps://user:password@host` (TLS from the first byte); unset: nothing is
    /// sent and mail waits in the outbox. See [`SmtpTarget::parse`].
    pub smtp_url: Option<String>,
    /// `JOURNAL_SMTP_CA_FILE`: a PEM certificate trusted besides the system's roots, for a mail
    /// server whose certificate a school or municipal CA issued.
    pub ca_file: Option<std::path::PathBuf>,
    /// `JOURNAL_MAIL_FROM`: the sender.
    pub from: String,
    /// `JOURNAL_DIGEST_HOUR`: the hour of the daily digest in each school's own time zone
    /// (default 18).
    pub digest_hour: u32,
    /// `JOURNAL_MAIL_INTERVAL`: seconds between runs (default 30).
    pub interval_secs: u64,
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            smtp_url: None,
            ca_file: None,
            from: "Электронный журнал <journal@localhost>".into(),
            digest_hour: 18,
            interval_secs: 30,
        }
    }
}

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain SMTP (`smtp://`): for a relay on the school's own network only.
    Plain,
    /// STARTTLS, required before anything else is said (`smtp://…?tls=required`).
    StartTls,
    /// STARTTLS when the server offers it, plain otherwise (`smtp://…?tls=opportunistic`).
    Opportunistic,
    /// TLS from the first byte (`smtps://`).
    Wrapper,
}

/// Where `JOURNAL_SMTP_URL` points: `smtp://[user[:password]@]host[:port][?tls=required|opportunistic]`
/// or `smtps://[user[:password]@]host[:port]` (lettre's syntax). Default ports: 25 for plain SMTP,
/// 587 with STARTTLS, 465 for `smtps`. User and password are percent-decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpTarget {
    pub host: String,
    pub port: u16,
    pub credentials: Option<(String, String)>,
    pub security: SmtpSecurity,
}

/// `%XX` escapes decoded (a URL's user name and password, a path segment); bytes that do not
/// decode stay as they are.
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl SmtpTarget {
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim();
        let (wrapper, rest) = match (url.strip_prefix("smtp://"), url.strip_prefix("smtps://")) {
            (Some(rest), _) => (false, rest),
            (_, Some(rest)) => (true, rest),
            _ => return Err("the URL must start with smtp:// or smtps://".into()),
        };
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, Some(q)),
            None => (rest, None),
        };
        let security = match (wrapper, query) {
            (true, None) => SmtpSecurity::Wrapper,
            (false, None) => SmtpSecurity::Plain,
            (false, Some("tls=required")) => SmtpSecurity::StartTls,
            (false, Some("tls=opportunistic")) => SmtpSecurity::Opportunistic,
            (_, Some(q)) => {
                return Err(format!(
                    "unknown URL parameters `{q}` (smtp:// takes tls=required or tls=opportunistic)"
                ))
            }
        };
        let default_port = match security {
            SmtpSecurity::Plain => 25,
            SmtpSecurity::StartTls | SmtpSecurity::Opportunistic => 587,
            SmtpSecurity::Wrapper => 465,
        };
        let rest = rest.trim_end_matches('/');
        let (userinfo, hostport) = match rest.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, rest),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || hostport.starts_with('[') => {
                (h, p.parse::<u16>().map_err(|_| format!("bad port `{p}`"))?)
            }
            _ => (hostport, default_port),
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() {
            return Err("no host".into());
        }
        let credentials = userinfo.map(|u| match u.split_once(':') {
            Some((user, pass)) => (percent_decode(user), percent_decode(pass)),
            None => (percent_decode(u), String::new()),
        });
        Ok(Self {
            host: host.to_owned(),
            port,
            credentials,
            security,
        })
    }
}

/// An SMTP connection setup and the sender.
#[derive(Clone)]
pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
}

impl Mailer {
    /// From an SMTP URL ([`SmtpTarget::parse`]), a sender mailbox and, optionally, a PEM
    /// certificate to trust besides the system's roots. Certificates and host names are always
    /// verified.
    pub fn new(url: &str, from: &str, extra_root_pem: Option<&[u8]>) -> Result<Self, String> {
        let target = SmtpTarget::parse(url).map_err(|e| format!("JOURNAL_SMTP_URL: {e}"))?;
        let tls = || -> Result<TlsParameters, String> {
            let mut params = TlsParameters::builder(target.host.clone());
            if let Some(pem) = extra_root_pem {
                let cert = Certificate::from_pem(pem)
                    .map_err(|e| format!("JOURNAL_SMTP_CA_FILE: not a PEM certificate: {e}"))?;
                params = params.add_root_certificate(cert);
            }
            params.build().map_err(|e| format!("TLS: {e}"))
        };
        let tls = match target.security {
            SmtpSecurity::Plain => Tls::None,
            SmtpSecurity::StartTls => Tls::Required(tls()?),
            SmtpSecurity::Opportunistic => Tls::Opportunistic(tls()?),
            SmtpSecurity::Wrapper => Tls::Wrapper(tls()?),
        };
        if target.security == SmtpSecurity::Plain && target.credentials.is_some() {
            tracing::warn!(
                host = %target.host,
                "JOURNAL_SMTP_URL sends the mail password without TLS: use smtps:// or ?tls=required"
            );
        }
        let mut builder = SmtpTransport::builder_dangerous(target.host.clone())
            .port(target.port)
            .tls(tls)
            .timeout(Some(std::time::Duration::from_secs(20)));
        if let Some((user, password)) = target.credentials {
            builder = builder.credentials(Credentials::new(user, password));
        }
        let transport = builder.build();
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| format!("JOURNAL_MAIL_FROM: {e}"))?;
        Ok(Self { transport, from })
    }

    /// From the worker's settings: the URL, the sender and `JOURNAL_SMTP_CA_FILE` if set.
    pub fn from_config(config: &MailConfig) -> Result<Option<Self>, String> {
        let Some(url) = &config.smtp_url else {
            return Ok(None);
        };
        let ca = match &config.ca_file {
            Some(path) => Some(std::fs::read(path).map_err(|e| {
                format!("JOURNAL_SMTP_CA_FILE: cannot read {}: {e}", path.display())
            })?),
            None => None,
        };
        Self::new(url, &config.from, ca.as_deref()).map(Some)
    }

    fn send(&self, item: &OutboxRow) -> Result<(), String> {
        let to = item
            .email
            .parse::<Mailbox>()
            .map_err(|e| format!("bad address: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(item.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(item.body.clone())
            .map_err(|e| e.to_string())?;
        self.transport
            .send(&message)
            .map(drop)
            .map_err(|e| e.to_string())
    }
}

/// What one run of the worker did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunReport {
    pub digests: usize,
    pub sent: usize,
    pub failed: usize,
}

/// The latest digest moment at or before `now` (UTC), as a UTC time: today's `hour`:00 in the
/// school's time zone `tz`, or yesterday's. An hour skipped by a clock change counts from the
/// first moment after it.
pub fn digest_cutoff(now: NaiveDateTime, hour: u32, tz: Tz) -> NaiveDateTime {
    let hour = hour.min(23);
    let local = tz.from_utc_datetime(&now).naive_local();
    let day = if local.hour() >= hour {
        local.date()
    } else {
        local.date() - Duration::days(1)
    };
    let at = day.and_hms_opt(hour, 0, 0).unwrap_or(local);
    tz.from_local_datetime(&at)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(at + Duration::hours(1)))
                .earliest()
        })
        .map_or(now, |t| t.naive_utc())
}

/// Bundle held items into one digest letter per school and address, each school's once its own
/// digest hour (`hour`, local time) has passed: items created before that school's latest digest
/// moment go into it.
pub fn build_digests(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    hour: u32,
) -> Result<usize, ApiError> {
    let cutoffs: BTreeMap<String, NaiveDateTime> = journal_db::schools::all(conn)?
        .into_iter()
        .map(|s| {
            let cutoff = digest_cutoff(now, hour, crate::clock::school_tz(&s.timezone));
            (s.id, cutoff)
        })
        .collect();
    write_tx(conn, |conn| {
        let held = ndb::held_before(conn, now)?;
        let mut groups: BTreeMap<(String, String), Vec<OutboxRow>> = BTreeMap::new();
        for row in held {
            if cutoffs
                .get(&row.school_id)
                .is_some_and(|cutoff| row.created_at < *cutoff)
            {
                groups
                    .entry((row.school_id.clone(), row.email.clone()))
                    .or_default()
                    .push(row);
            }
        }
        let mut digests = Vec::new();
        let mut ids = Vec::new();
        for ((school, email), rows) in &groups {
            let mut body = String::from("Уведомления электронного журнала за день:\n");
            for r in rows {
                body.push_str(&format!(
                    "\n• {}\n  {}\n",
                    r.subject,
                    r.body.replace('\n', "\n  ")
                ));
                ids.push(r.id.clone());
            }
            digests.push(OutboxRow::new(
                school,
                "digest",
                rows.iter().find_map(|r| r.user_id.clone()),
                email,
                (
                    format!("Сводка электронного журнала: уведомлений — {}", rows.len()),
                    body,
                ),
                false,
                journal_db::now(),
            ));
        }
        if ndb::mark_digested(conn, &ids)? != ids.len() {
            // Another worker digested some of them meanwhile: leave it to that one.
            return Err(ApiError::conflict(
                ErrorCode::DigestRace,
                "digest built concurrently",
            ));
        }
        ndb::enqueue(conn, &digests)?;
        Ok(digests.len())
    })
    .or_else(|e| {
        if e.code == ErrorCode::DigestRace {
            Ok(0)
        } else {
            Err(e)
        }
    })
}

/// One pass of the worker at time `now`: build due digests, then claim, send and settle every
/// due item. Tests call it directly (no timers).
pub fn run_once(
    pool: &DbPool,
    mailer: &Mailer,
    config: &MailConfig,
    now: NaiveDateTime,
) -> Result<RunReport, ApiError> {
    let mut conn = pool.get()?;
    let mut report = RunReport {
        digests: build_digests(&mut conn, now, config.digest_hour)?,
        ..RunReport::default()
    };
    let token = uuid::Uuid::new_v4().to_string();
    // Each item at most once per run, whatever its state after the attempt.
    let mut seen = std::collections::HashSet::new();
    loop {
        let claimed = write_tx(&mut conn, |c| {
            ndb::claim(c, &token, now, Duration::minutes(5), 50)
        })?;
        let fresh: Vec<OutboxRow> = claimed
            .into_iter()
            .filter(|r| seen.insert(r.id.clone()))
            .collect();
        if fresh.is_empty() {
            break;
        }
        for item in fresh {
            match mailer.send(&item) {
                Ok(()) => {
                    write_tx(&mut conn, |c| {
                        ndb::mark_sent(c, &item.id, &token, journal_db::now())
                    })?;
                    report.sent += 1;
                }
                Err(e) => {
                    tracing::warn!(id = %item.id, attempts = item.attempts, error = %e, "mail not sent");
                    let next = (item.attempts < MAX_ATTEMPTS)
                        .then(|| now + Duration::seconds(backoff_seconds(item.attempts)));
                    write_tx(&mut conn, |c| {
                        ndb::mark_failed(c, &item.id, &token, &e, next)
                    })?;
                    report.failed += 1;
                }
            }
        }
    }
    Ok(report)
}

/// Start the worker thread of `journal serve`: without `smtp_url` nothing is sent (mail waits in
/// the outbox) and no thread starts.
pub fn spawn(
    pool: DbPool,
    config: MailConfig,
) -> Result<Option<std::thread::JoinHandle<()>>, String> {
    let Some(mailer) = Mailer::from_config(&config)? else {
        tracing::info!("JOURNAL_SMTP_URL is not set: e-mail notifications wait in the outbox");
        return Ok(None);
    };
    let handle = std::thread::Builder::new()
        .name("journal-mail".into())
        .spawn(move || loop {
            match run_once(&pool, &mailer, &config, journal_db::now()) {
                Ok(r) if r.sent + r.failed + r.digests > 0 => {
                    tracing::info!(
                        sent = r.sent,
                        failed = r.failed,
                        digests = r.digests,
                        "mail worker"
                    );
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "mail worker"),
            }
            std::thread::sleep(std::time::Duration::from_secs(config.interval_secs.max(1)));
        })
        .map_err(|e| e.to_string())?;
    Ok(Some(handle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(host: &str, port: u16, security: SmtpSecurity) -> SmtpTarget {
        SmtpTarget {
            host: host.into(),
            port,
            credentials: None,
            security,
        }
    }

    #[test]
    fn smtp_urls_choose_port_and_protection() {
        assert_eq!(
            SmtpTarget::parse("smtp://127.0.0.1:2525"),
            Ok(target("127.0.0.1", 2525, SmtpSecurity::Plain))
        );
        assert_eq!(
            SmtpTarget::parse("smtp://journal:p%40ss@mail.school.local"),
            Ok(SmtpTarget {
                credentials: Some(("journal".into(), "p@ss".into())),
                ..target("mail.school.local", 25, SmtpSecurity::Plain)
            })
        );
        assert_eq!(
            SmtpTarget::parse("smtps://mail.school.local"),
            Ok(target("mail.school.local", 465, SmtpSecurity::Wrapper))
        );
        assert_eq!(
            SmtpTarget::parse("smtp://mail.school.local?tls=required"),
            Ok(target("mail.school.local", 587, SmtpSecurity::StartTls))
        );
        assert_eq!(
            SmtpTarget::parse("smtp://[::1]:2525?tls=opportunistic"),
            Ok(target("::1", 2525, SmtpSecurity::Opportunistic))
        );
        assert!(SmtpTarget::parse("smtps://mail:465?tls=required").is_err());
        assert!(SmtpTarget::parse("smtp://mail:587?tls=maybe").is_err());
        assert!(SmtpTarget::parse("http://mail.school.local").is_err());
        assert!(SmtpTarget::parse("smtp://host:notaport").is_err());
        assert!(SmtpTarget::parse("smtp://user@").is_err());
    }

    #[test]
    fn a_bad_ca_file_is_refused_with_its_name() {
        let err = Mailer::new(
            "smtps://mail.school.local",
            "journal@school.test",
            Some(b"not a certificate"),
        )
        .err()
        .unwrap_or_default();
        assert!(err.starts_with("JOURNAL_SMTP_CA_FILE"), "{err}");
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap_or_default()
    }

    #[test]
    fn the_digest_moment_is_the_last_passed_local_hour() {
        // Moscow is UTC+3 all year: 18:00 there is 15:00 UTC.
        let moscow = Tz::Europe__Moscow;
        assert_eq!(
            digest_cutoff(at("2026-11-23 16:10"), 18, moscow),
            at("2026-11-23 15:00")
        );
        assert_eq!(
            digest_cutoff(at("2026-11-23 14:59"), 18, moscow),
            at("2026-11-22 15:00")
        );
        // Vladivostok is UTC+10: its 18:00 is 08:00 UTC, and its day starts before Moscow's.
        let vladivostok = Tz::Asia__Vladivostok;
        assert_eq!(
            digest_cutoff(at("2026-11-23 09:00"), 18, vladivostok),
            at("2026-11-23 08:00")
        );
        assert_eq!(
            digest_cutoff(at("2026-11-23 20:00"), 18, vladivostok),
            at("2026-11-23 08:00")
        );
        // Berlin's clocks move: 18:00 is 17:00 UTC in summer and 16:00 UTC in winter...
        let berlin = Tz::Europe__Berlin;
        assert_eq!(
            digest_cutoff(at("2026-07-01 18:00"), 18, berlin),
            at("2026-07-01 16:00")
        );
        assert_eq!(
            digest_cutoff(at("2026-12-01 18:00"), 18, berlin),
            at("2026-12-01 17:00")
        );
        // ...and 02:00 does not exist on the last Sunday of March: the digest goes at 03:00.
        assert_eq!(
            digest_cutoff(at("2026-03-29 02:00"), 2, berlin),
            at("2026-03-29 01:00")
        );
    }
}
