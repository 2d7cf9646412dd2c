//! Diary access for a whole class at once: slips with one-time passwords, skipped people and a
//! reissued lost slip (R-S1, R-D5, R-A3).

use super::*;

/// Add a guardian of `child` with a registered consent (or none), as the office does.
async fn guardian_of<S, B>(
    app: &S,
    s: &School,
    child: &str,
    names: (&str, &str, &str),
    consent: bool,
) -> String
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let body = json!({"last_name": names.0, "first_name": names.1, "middle_name": names.2});
    let g = call_ok(
        app,
        "POST",
        "/api/v1/guardians",
        Some(&s.secretary),
        Some(body),
    )
    .await;
    let g = g["id"].as_str().unwrap().to_owned();
    let link = json!({"guardian_id": g, "relation": "father"});
    let path = format!("/api/v1/students/{child}/guardians");
    let (status, body) = call(app, "POST", &path, Some(&s.secretary), Some(link)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    if consent {
        let given =
            json!({"decision": "given", "decided_on": "2025-09-01", "document": "Заявление"});
        let path = format!("/api/v1/guardians/{g}/consents");
        let (status, body) = call(app, "POST", &path, Some(&s.secretary), Some(given)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    g
}

/// Who an issue gave no slip, and why: (person id, code).
fn skipped_of(issued: &Value) -> Vec<(&str, &str)> {
    issued["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["person_id"].as_str().unwrap(),
                x["code"].as_str().unwrap(),
            )
        })
        .collect()
}

fn person<'a>(access: &'a Value, id: &str) -> &'a Value {
    access["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in {access}"))
}

#[actix_web::test]
async fn a_class_teacher_issues_diary_access_for_the_whole_class_and_reissues_a_lost_slip() {
    // R-S1, R-D5, R-A3: issue 12, "access for a whole class at once".
    let db = TestDb::new();
    school_with(&db, "Школа", PEOPLE);
    let app = app!(&db);
    let s = setup!(&app, &db);
    let orlov_father = guardian_of(&app, &s, &s.orlov, ("Орлов", "Пётр", "Ильич"), true).await;
    // A namesake of the father: the same login base, numbered.
    let namesake = guardian_of(&app, &s, &s.belova, ("Орлов", "Павел", "Игоревич"), true).await;
    let no_consent = guardian_of(&app, &s, &s.belova, ("Белов", "Иван", "Ильич"), false).await;
    let access = format!("/api/v1/classes/{}/diary-access", s.class_7a);

    // Only the class's own teacher (or the office) sees and issues it.
    let (status, _) = call(&app, "GET", &access, Some(&s.sidorov), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(&app, "POST", &access, Some(&s.sidorov), Some(json!({}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let before = call_ok(&app, "GET", &access, Some(&s.petrov), None).await;
    assert_eq!(before["class_name"], "7А");
    let mama = person(&before, &s.mama_guardian);
    assert_eq!(
        (mama["account"].as_str(), mama["login"].as_str()),
        (Some("active"), Some("mama"))
    );
    assert_eq!(mama["children"], json!(["Белова Саша", "Орлов Саша"]));
    assert_eq!(person(&before, &no_consent)["refused"], "consent_missing");
    assert_eq!(person(&before, &s.orlov)["refused"], "too_young");
    assert_eq!(person(&before, &orlov_father)["account"], "none");

    // Issued for everyone: the two fathers with consent, nobody else; the refusals said.
    let issued = call_ok(&app, "POST", &access, Some(&s.petrov), Some(json!({}))).await;
    let slips = issued["slips"].as_array().unwrap();
    let mut logins: Vec<(&str, &str)> = slips
        .iter()
        .map(|x| {
            (
                x["login"].as_str().unwrap(),
                x["person_id"].as_str().unwrap(),
            )
        })
        .collect();
    logins.sort();
    let people: Vec<&str> = logins.iter().map(|l| l.1).collect();
    assert!(
        people.contains(&orlov_father.as_str()) && people.contains(&namesake.as_str()),
        "{issued}"
    );
    // Namesakes: one login as the rule makes it, the other numbered.
    let logins: Vec<&str> = logins.iter().map(|l| l.0).collect();
    assert_eq!(logins, ["orlov.pi", "orlov.pi2"]);
    let skipped = skipped_of(&issued);
    assert_eq!(skipped, [(no_consent.as_str(), "consent_missing")]);
    let slip = slips
        .iter()
        .find(|x| x["person_id"] == orlov_father)
        .unwrap();
    assert_eq!(slip["children"], json!(["Орлов Саша"]));
    assert_eq!(slip["reissued"], false);
    let first_password = slip["one_time_password"].as_str().unwrap().to_owned();
    let father_login = slip["login"].as_str().unwrap().to_owned();
    let (status, _) = login(&app, &father_login, &first_password).await;
    assert_eq!(status, StatusCode::OK, "the slip signs in");

    // Issued again for everyone: nobody's password changes.
    let again = call_ok(&app, "POST", &access, Some(&s.petrov), Some(json!({}))).await;
    assert_eq!(again["slips"], json!([]), "{again}");
    let after = call_ok(&app, "GET", &access, Some(&s.petrov), None).await;
    let father = person(&after, &orlov_father);
    assert_eq!(
        (father["account"].as_str(), father["login"].as_str()),
        (Some("waiting"), Some(father_login.as_str()))
    );

    // A lost slip: re-issued by name, the old password stops working, the new one signs in.
    let named = json!({"people": [orlov_father, s.alien, s.orlov]});
    let reissued = call_ok(&app, "POST", &access, Some(&s.petrov), Some(named)).await;
    let slips = reissued["slips"].as_array().unwrap();
    assert_eq!(slips.len(), 1, "{reissued}");
    assert_eq!(
        (slips[0]["login"].as_str(), slips[0]["reissued"].as_bool()),
        (Some(father_login.as_str()), Some(true))
    );
    let skipped = skipped_of(&reissued);
    assert!(
        skipped.contains(&(s.alien.as_str(), "not_found")),
        "another class: {skipped:?}"
    );
    assert!(
        skipped.contains(&(s.orlov.as_str(), "too_young")),
        "{skipped:?}"
    );
    let (status, _) = login(&app, &father_login, &first_password).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the lost slip no longer signs in"
    );
    let (status, _) = login(
        &app,
        &father_login,
        slips[0]["one_time_password"].as_str().unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // The slips as a PDF to cut; families may not typeset them.
    let print = json!({"site": "https://journal.school.example", "slips": [
        {"person_id": orlov_father, "one_time_password": slips[0]["one_time_password"]}]});
    let bytes = serde_json::to_vec(&print).unwrap();
    let (status, ct, pdf) = request(
        &app,
        "POST",
        &format!("{access}/slips"),
        Some(&s.petrov),
        Some(("application/json", bytes.clone())),
    )
    .await;
    assert_eq!((status, ct.as_str()), (StatusCode::OK, "application/pdf"));
    let text = pdf_text(&pdf);
    let password = slips[0]["one_time_password"].as_str().unwrap();
    assert!(
        text.contains(password) && text.contains(&father_login),
        "{text}"
    );
    let (status, _, _) = request(
        &app,
        "POST",
        &format!("{access}/slips"),
        Some(&s.mama),
        Some(("application/json", bytes)),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Only people of the class with an account: names and logins come from the class.
    for outsider in [&s.alien, &no_consent] {
        let print = json!({"site": "https://journal.school.example", "slips": [
            {"person_id": outsider, "one_time_password": "abcdefghjk"}]});
        let (status, body) = call(
            &app,
            "POST",
            &format!("{access}/slips"),
            Some(&s.petrov),
            Some(print),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    }

    // Audited: the account made and the password re-issued.
    assert!(audit_actions(&app, &s.deputy, &orlov_father)
        .await
        .contains(&"guardian.account".to_owned()));
    let father_user = journal_db::users::find_by_login(&mut db.pool.get().unwrap(), &father_login)
        .unwrap()
        .unwrap();
    let actions = audit_actions(&app, &s.deputy, &father_user.id).await;
    assert!(
        actions.contains(&"user.initial_password".to_owned()),
        "{actions:?}"
    );
}
