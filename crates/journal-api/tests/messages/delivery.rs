//! The outbox worker (R-D4): each letter delivered once, TLS when asked for, digests at each
//! school's evening hour, leased claims.

use super::sink::{fixture, free_port, start_sink, start_sink_with, subject_of, SinkTls};
use super::*;
use journal_api::notify::{self, MailConfig, Mailer};
use std::net::TcpListener;

/// R-D4: with the SMTP server down the outbox keeps the letters and counts attempts; once it is up
/// every letter is delivered exactly once, and a further run sends nothing.
#[actix_web::test]
async fn the_worker_delivers_each_letter_exactly_once() {
    let db = TestDb::new();
    let app = app!(&db);
    let sc = setup!(&app, &db);
    let post = format!("/api/v1/classes/{}/announcements", sc.class_7a);
    let (s, _) = call(
        &app,
        "POST",
        &post,
        Some(sc.t("petrov")),
        Some(json!({"subject": "Родительское собрание", "body": "В четверг в 18:00."})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);

    // A free port with nothing listening: connection refused.
    let port = free_port();
    let mailer = Mailer::new(
        &format!("smtp://127.0.0.1:{port}"),
        "Электронный журнал <journal@school.test>",
        None,
    )
    .unwrap();
    let config = MailConfig::default();
    let t0 = now();
    let report = notify::run_once(&db.pool, &mailer, &config, t0).unwrap();
    assert_eq!((report.sent, report.failed), (0, 2));
    let mut conn = db.conn();
    let rows = outbox_of(&mut conn, sc.id).unwrap();
    assert_eq!(rows.len(), 2);
    for r in &rows {
        assert_eq!((r.status.as_str(), r.attempts), ("pending", 1), "{r:?}");
        assert!(r.last_error.is_some() && r.next_attempt_at > t0 && r.lease_token.is_none());
    }
    // Not due yet: a run at the same moment leaves them alone.
    assert_eq!(
        notify::run_once(&db.pool, &mailer, &config, t0).unwrap(),
        notify::RunReport::default()
    );

    let sink = start_sink(TcpListener::bind(("127.0.0.1", port)).unwrap());
    let t1 = t0 + chrono::Duration::hours(1);
    let report = notify::run_once(&db.pool, &mailer, &config, t1).unwrap();
    assert_eq!((report.sent, report.failed), (2, 0));
    let report =
        notify::run_once(&db.pool, &mailer, &config, t1 + chrono::Duration::hours(1)).unwrap();
    assert_eq!(
        report,
        notify::RunReport::default(),
        "nothing is sent twice"
    );

    let got = sink.lock().unwrap().clone();
    assert_eq!(got.len(), 2, "{got:?}");
    let mut rcpts: Vec<String> = got.iter().flat_map(|g| g.rcpt.clone()).collect();
    rcpts.sort();
    assert_eq!(rcpts, vec!["mama@example.ru", "other@example.ru"]);
    for letter in &got {
        assert_eq!(
            subject_of(&letter.data),
            "Объявление для 7А: Родительское собрание",
            "{}",
            letter.data
        );
    }
    let rows = outbox_of(&mut conn, sc.id).unwrap();
    assert!(
        rows.iter()
            .all(|r| r.status == "sent" && r.attempts == 2 && r.sent_at.is_some()),
        "{rows:?}"
    );
}

/// Announce to 7А's two families; their two letters wait in the outbox.
async fn announce<S, B>(app: &S, sc: &School, subject: &str)
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let post = format!("/api/v1/classes/{}/announcements", sc.class_7a);
    let (s, _) = call(
        app,
        "POST",
        &post,
        Some(sc.t("petrov")),
        Some(json!({"subject": subject, "body": "Подробности у классного руководителя."})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
}

/// R-D4 over TLS: with STARTTLS required, a server whose certificate is not trusted, or one that
/// does not offer STARTTLS, gets nothing (no letter in clear, the outbox keeps it); once the
/// school's CA is trusted the letters go over TLS, by STARTTLS and by SMTPS alike.
#[actix_web::test]
async fn letters_go_only_over_verified_tls_when_tls_is_asked_for() {
    let db = TestDb::new();
    let app = app!(&db);
    let sc = setup!(&app, &db);
    let config = MailConfig::default();
    let from = "Электронный журнал <journal@school.test>";
    let ca = fixture("ca.pem");
    announce(&app, &sc, "Родительское собрание").await;

    // A STARTTLS server with a certificate from a CA this mailer does not trust.
    let port = free_port();
    let sink = start_sink_with(
        TcpListener::bind(("127.0.0.1", port)).unwrap(),
        SinkTls::StartTls,
    );
    let starttls = format!("smtp://127.0.0.1:{port}?tls=required");
    let untrusting = Mailer::new(&starttls, from, None).unwrap();
    let t0 = now();
    let report = notify::run_once(&db.pool, &untrusting, &config, t0).unwrap();
    assert_eq!((report.sent, report.failed), (0, 2));
    assert!(
        sink.lock().unwrap().is_empty(),
        "nothing went to an unverified server"
    );

    // A server that does not offer STARTTLS: the mailer will not fall back to plain text.
    let plain_port = free_port();
    let plain = start_sink(TcpListener::bind(("127.0.0.1", plain_port)).unwrap());
    let downgraded = Mailer::new(
        &format!("smtp://127.0.0.1:{plain_port}?tls=required"),
        from,
        Some(&ca),
    )
    .unwrap();
    let t1 = t0 + chrono::Duration::hours(1);
    let report = notify::run_once(&db.pool, &downgraded, &config, t1).unwrap();
    assert_eq!((report.sent, report.failed), (0, 2));
    assert!(
        plain.lock().unwrap().is_empty(),
        "nothing was sent in clear"
    );

    // Trusting the school's CA: both letters over STARTTLS.
    let trusting = Mailer::new(&starttls, from, Some(&ca)).unwrap();
    let t2 = t1 + chrono::Duration::hours(1);
    let report = notify::run_once(&db.pool, &trusting, &config, t2).unwrap();
    assert_eq!((report.sent, report.failed), (2, 0));
    let got = sink.lock().unwrap().clone();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|r| r.tls), "{got:?}");

    // SMTPS, TLS from the first byte, with the CA file read the way `journal serve` reads it.
    announce(&app, &sc, "Субботник").await;
    let smtps_port = free_port();
    let smtps = start_sink_with(
        TcpListener::bind(("127.0.0.1", smtps_port)).unwrap(),
        SinkTls::Wrapper,
    );
    let config = MailConfig {
        smtp_url: Some(format!("smtps://127.0.0.1:{smtps_port}")),
        ca_file: Some(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls/ca.pem"),
        ),
        ..MailConfig::default()
    };
    let mailer = Mailer::from_config(&config).unwrap().unwrap();
    let report = notify::run_once(&db.pool, &mailer, &config, t2).unwrap();
    assert_eq!((report.sent, report.failed), (2, 0));
    let got = smtps.lock().unwrap().clone();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|r| r.tls), "{got:?}");
    assert!(got
        .iter()
        .all(|r| subject_of(&r.data) == "Объявление для 7А: Субботник"));
    let rows = outbox_of(&mut db.conn(), sc.id).unwrap();
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r.status == "sent"), "{rows:?}");
}

/// R-D4: the daily digest goes out at the digest hour of each school's own time zone.
#[actix_web::test]
async fn digests_go_out_at_each_schools_own_evening_hour() {
    use journal_db::notifications::{enqueue, OutboxRow};
    let db = TestDb::new();
    let mut conn = db.conn();
    let at = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    let mut schools = Vec::new();
    for (name, tz) in [
        ("Школа № 1 (Москва)", "Europe/Moscow"),
        ("Школа № 2 (Владивосток)", "Asia/Vladivostok"),
    ] {
        let school = journal_db::schools::School {
            id: uuid::Uuid::new_v4().to_string(),
            name: name.into(),
            short_name: None,
            timezone: tz.into(),
            is_demo: false,
            created_at: at("2026-09-01 00:00"),
            max_control_works_per_day: 1,
        };
        write_tx(&mut conn, |c| journal_db::schools::insert(c, &school)).unwrap();
        // A mark held for the digest, written at 10:00 Moscow time (17:00 in Vladivostok).
        let held = OutboxRow::new(
            &school.id,
            "mark",
            None,
            "mama@example.ru",
            ("Новая отметка".into(), "Алгебра: 5".into()),
            true,
            at("2026-11-23 07:00"),
        );
        enqueue(&mut conn, &[held]).unwrap();
        schools.push(school.id);
    }
    let digests_of = |conn: &mut _, school: &str| {
        outbox_of(conn, school.parse().unwrap())
            .unwrap()
            .into_iter()
            .filter(|r| r.kind == "digest")
            .count()
    };
    // 09:00 UTC: 19:00 in Vladivostok, past its 18:00; noon in Moscow.
    assert_eq!(
        notify::build_digests(&mut conn, at("2026-11-23 09:00"), 18).unwrap(),
        1
    );
    assert_eq!(
        (
            digests_of(&mut conn, &schools[0]),
            digests_of(&mut conn, &schools[1])
        ),
        (0, 1)
    );
    // 15:00 UTC is 18:00 in Moscow.
    assert_eq!(
        notify::build_digests(&mut conn, at("2026-11-23 14:59"), 18).unwrap(),
        0
    );
    assert_eq!(
        notify::build_digests(&mut conn, at("2026-11-23 15:00"), 18).unwrap(),
        1
    );
    assert_eq!(
        (
            digests_of(&mut conn, &schools[0]),
            digests_of(&mut conn, &schools[1])
        ),
        (1, 1)
    );
}

/// Two workers never hold the same letter: a claim leases the rows, a second worker (even
/// concurrently, on another connection) gets none of them until the lease expires, and a worker
/// that lost its lease cannot mark the row sent.
#[actix_web::test]
async fn outbox_claims_are_leased_to_one_worker() {
    use journal_db::notifications::{claim, mark_sent};
    let db = TestDb::new();
    let app = app!(&db);
    let sc = setup!(&app, &db);
    let post = format!("/api/v1/classes/{}/announcements", sc.class_7a);
    let body = json!({"subject": "Экскурсия", "body": "В пятницу."});
    let (s, _) = call(&app, "POST", &post, Some(sc.t("petrov")), Some(body)).await;
    assert_eq!(s, StatusCode::CREATED);
    let lease = chrono::Duration::minutes(5);
    let t = now();

    // Worker A claims inside an open transaction; worker B claims on another connection meanwhile.
    let (claimed_tx, claimed_rx) = std::sync::mpsc::channel();
    let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
    let pool = db.pool.clone();
    let a = std::thread::spawn(move || {
        let mut conn = pool.get().unwrap();
        write_tx(&mut conn, |c| {
            let rows = claim(c, "worker-a", t, lease, 50)?;
            claimed_tx.send(rows.len()).unwrap();
            go_rx.recv().unwrap();
            Ok::<_, diesel::result::Error>(rows)
        })
        .unwrap()
    });
    assert_eq!(claimed_rx.recv().unwrap(), 2);
    let pool = db.pool.clone();
    let b = std::thread::spawn(move || {
        let mut conn = pool.get().unwrap();
        write_tx(&mut conn, |c| claim(c, "worker-b", t, lease, 50)).unwrap()
    });
    go_tx.send(()).unwrap();
    let held = a.join().unwrap();
    assert_eq!(held.len(), 2);
    assert!(b.join().unwrap().is_empty(), "B gets nothing A holds");

    let mut conn = db.conn();
    let again = write_tx(&mut conn, |c| {
        claim(c, "worker-b", t + chrono::Duration::minutes(1), lease, 50)
    })
    .unwrap();
    assert!(again.is_empty(), "still leased");
    // A died: after the lease B takes them over, and A's late success no longer counts.
    let later = t + chrono::Duration::minutes(6);
    let taken = write_tx(&mut conn, |c| claim(c, "worker-b", later, lease, 50)).unwrap();
    assert_eq!(taken.len(), 2);
    assert!(taken.iter().all(|r| r.attempts == 2));
    assert!(!mark_sent(&mut conn, &taken[0].id, "worker-a", later).unwrap());
    assert!(mark_sent(&mut conn, &taken[0].id, "worker-b", later).unwrap());
    let statuses: Vec<String> = outbox_of(&mut conn, sc.id)
        .unwrap()
        .into_iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses.iter().filter(|s| *s == "sent").count(), 1);
}
