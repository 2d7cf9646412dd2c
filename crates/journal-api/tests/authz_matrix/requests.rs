//! The requests of the matrix: the operations read from the OpenAPI document, the ids their
//! paths, queries and bodies take, and the probes sent with another side's ids.

use super::*;

/// The kind of object a path parameter names: by the collection the path starts with and the
/// parameter's name. `None` for a parameter the test does not know: the test fails then.
pub(crate) fn path_kind(path: &str, param: &str) -> Option<&'static str> {
    let collection = path.trim_start_matches("/api/v1/").split('/').next()?;
    Some(match (collection, param) {
        ("students", "id") | (_, "student_id") => "student",
        ("students", "guardian_id") | ("guardians", "id") => "guardian",
        ("groups", "id") => "group",
        ("assignments", "id") | ("journal", "assignment_id") => "assignment",
        ("journal", "period_id") => "period",
        ("classes" | "reports", "id" | "class_id") => "class",
        ("control-works", "id") => "control_work",
        ("files", "id") => "file",
        ("message-attachments", "id") => "attachment",
        ("messages", "id") => "message",
        ("remarks", "id") => "remark",
        ("archives", "id") => "archive",
        ("compromises", "id") => "compromise",
        ("regions", "id") => "region",
        ("integration-clients", "id") => "integration_client",
        ("me", "id") => "session",
        ("threads", "id") => "thread",
        ("timetable", "id") => "entry",
        ("lessons", "entry_id") => "entry",
        ("lessons", "date") => "date",
        ("users", "id") => "user",
        ("years", "id") => "year",
        _ => return None,
    })
}

/// The kind of object a query parameter names, or the value of a required one that names none.
pub(crate) enum QueryValue {
    Id(&'static str),
    Fixed(&'static str),
    Unknown,
}

pub(crate) fn query_value(name: &str) -> QueryValue {
    use QueryValue::*;
    match name {
        "class_id" => Id("class"),
        "teacher_id" => Id("teacher"),
        "group_id" => Id("group"),
        "student_id" => Id("student"),
        "entry_id" => Id("entry"),
        "year_id" => Id("year"),
        "period_id" => Id("period"),
        "assignment_id" => Id("assignment"),
        "entity_id" => Id("student"),
        "actor_id" => Id("user"),
        "lesson_date" | "on" | "date" | "week_of" | "from" => Fixed(LESSON_DATE),
        "to" => Fixed("2025-11-16"),
        "year" => Fixed("2025"),
        "period" => Fixed("quarter-1"),
        "name" => Fixed("x.txt"),
        _ => Unknown,
    }
}

/// Request bodies of the operations that take one, with `$kind` where an id of that kind goes.
pub(crate) fn body_template(op: &str) -> Option<Value> {
    Some(match op {
        "POST /api/v1/assignments" => {
            json!({"teacher_id": "$teacher", "subject_id": "$subject", "class_id": "$class", "hours_per_week": 1})
        }
        "PUT /api/v1/assignments/{id}/plan" => {
            json!({"topics": [{"title": "Чужая тема", "hours": 1}]})
        }
        "POST /api/v1/archives" => json!({"period_id": "$period"}),
        "POST /api/v1/users/{id}/compromise" => json!({}),
        "POST /api/v1/compromises/{id}/revert" => json!({"seqs": [1]}),
        "POST /api/v1/auth/switch-school" => json!({"school_id": "$school"}),
        "POST /api/v1/classes" => {
            json!({"year_id": "$year", "grade": 8, "letter": "В", "class_teacher_id": "$teacher", "week_days": 5})
        }
        "POST /api/v1/classes/{id}/diary-access" => json!({}),
        "POST /api/v1/classes/{id}/diary-access/slips" => {
            json!({"site": "https://journal.example", "slips": [{"person_id": "$student", "one_time_password": "abcdefghjk"}]})
        }
        "POST /api/v1/classes/{class_id}/announcements" => {
            json!({"subject": "Объявление", "body": "Текст"})
        }
        "POST /api/v1/control-works" => {
            json!({"class_id": "$class", "subject_id": "$subject", "date": "2025-11-13", "title": "Чужая"})
        }
        "PUT /api/v1/curriculum" => {
            json!({"year_id": "$year", "grade": 7, "lines": [{"subject_id": "$subject", "hours_per_week": 1}]})
        }
        "POST /api/v1/groups" => {
            json!({"year_id": "$year", "name": "Чужая группа", "kind": "subgroup", "class_ids": ["$class"], "division": "Д"})
        }
        "PATCH /api/v1/groups/{id}" => json!({"name": "Переименована"}),
        "POST /api/v1/groups/{id}/members" => {
            json!({"student_id": "$student", "from_date": "2025-09-02"})
        }
        "POST /api/v1/groups/{id}/members/{student_id}/leave" => json!({"last_day": "2025-11-11"}),
        "PUT /api/v1/guardians/{id}" => json!({"last_name": "Подмена", "first_name": "Имя"}),
        "POST /api/v1/guardians/{id}/account" => json!({"login": "stolen.account"}),
        "POST /api/v1/guardians/{id}/consents" => {
            json!({"decision": "given", "decided_on": "2025-09-01", "document": "Заявление"})
        }
        "POST /api/v1/journal/{assignment_id}/{period_id}" => json!({"changes": [
            {"kind": "mark", "entry_id": "$entry", "lesson_date": "$date", "student_id": "$student",
             "work_type": "oral", "value": "2"}]}),
        "POST /api/v1/journal/close" => json!({"period_id": "$period", "class_id": "$class"}),
        "POST /api/v1/journal/reopen" => {
            json!({"period_id": "$period", "class_id": "$class", "reason": "Открыть чужое"})
        }
        "POST /api/v1/journal/{assignment_id}/{period_id}/close" => json!({"reason": "Закрыть"}),
        "POST /api/v1/journal/{assignment_id}/{period_id}/remarks" => {
            json!({"text": "Чужая проверка", "due_on": "2100-01-01", "entry_id": "$entry", "lesson_date": "$date"})
        }
        "POST /api/v1/journal/{assignment_id}/{period_id}/reopen" => {
            json!({"reason": "Открыть чужое"})
        }
        "PUT /api/v1/lessons/{entry_id}/{date}" => {
            json!({"conducted": true, "topic": "Подмена темы"})
        }
        "POST /api/v1/lessons/{entry_id}/{date}/change" => {
            json!({"kind": "substitution", "substitute_id": "$teacher", "room_id": "$room", "reason": "x"})
        }
        "PUT /api/v1/students/{id}" => {
            json!({"last_name": "Подмена", "first_name": "Имя", "birth_date": "2011-03-01"})
        }
        "POST /api/v1/remarks/{id}/done" => json!({"answer": "Исправлено чужое"}),
        "POST /api/v1/remarks/{id}/return" => json!({"comment": "Вернуть чужое"}),
        "POST /api/v1/students/{id}/account" => json!({"login": "stolen.pupil"}),
        "POST /api/v1/students/{id}/acknowledgements" => {
            json!({"kind": "period", "period_id": "$period"})
        }
        "POST /api/v1/students/{id}/guardians" => {
            json!({"guardian_id": "$guardian", "relation": "father"})
        }
        "POST /api/v1/students/{id}/transfer" => {
            json!({"to_class_id": "$class", "on_date": "2025-11-11"})
        }
        "POST /api/v1/students/{id}/withdraw" => {
            json!({"on_date": "2025-11-11", "reason": "Переезд"})
        }
        "PUT /api/v1/subject-scales" => {
            json!({"subject_id": "$subject", "grade": 7, "scale": "pass_fail"})
        }
        "POST /api/v1/threads" => {
            json!({"subject": "Чужим", "body": "Текст", "recipients": ["$user"]})
        }
        "POST /api/v1/threads/{id}/messages" => json!({"body": "Чужое сообщение"}),
        "POST /api/v1/timetable" => {
            json!({"assignment_id": "$assignment", "weekday": 2, "lesson_number": 1, "room_id": "$room",
                   "valid_from": "2025-09-01", "valid_to": "2026-05-31"})
        }
        "POST /api/v1/timetable/{id}/end" => json!({"last_day": "2025-11-11"}),
        "POST /api/v1/students" => {
            json!({"last_name": "Подкидыш", "first_name": "Имя", "birth_date": "2012-01-01",
                   "class_id": "$class", "on_date": "2025-09-01"})
        }
        // The `id` of a calendar's period is ignored on input (a period is kept by its kind,
        // number and grades), so these carry no id but the year's in the path.
        "POST /api/v1/years" => year_2025(),
        "POST /api/v1/years/{id}/rollover" => {
            // The next year: valid, so that only the caller's right to the year refuses it.
            let next = year_2025()
                .to_string()
                .replace("2026", "2027")
                .replace("2025", "2026");
            serde_json::from_str(&next).unwrap()
        }
        "PUT /api/v1/years/{id}/calendar" => year_2025()["calendar"].clone(),
        _ => return None,
    })
}

/// The kinds a template names (`$kind`).
pub(crate) fn placeholders(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::String(s) if s.starts_with('$') => {
            out.insert(s[1..].to_owned());
        }
        Value::Array(a) => a.iter().for_each(|x| placeholders(x, out)),
        Value::Object(o) => o.values().for_each(|x| placeholders(x, out)),
        _ => {}
    }
}

/// A template with its `$kind`s filled from `ids` (`None` when one is missing).
pub(crate) fn fill(v: &Value, ids: &Ids) -> Option<Value> {
    Some(match v {
        Value::String(s) if s.starts_with('$') => json!(ids.get(&s[1..])?),
        Value::Array(a) => Value::Array(a.iter().map(|x| fill(x, ids)).collect::<Option<_>>()?),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| Some((k.clone(), fill(x, ids)?)))
                .collect::<Option<_>>()?,
        ),
        other => other.clone(),
    })
}

/// Whether a schema (resolved through `$ref`s) holds a uuid anywhere.
pub(crate) fn has_uuid(schema: &Value, doc: &Value, depth: usize) -> bool {
    if depth > 8 {
        return false;
    }
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap();
        return has_uuid(&doc["components"]["schemas"][name], doc, depth + 1);
    }
    if schema["format"] == "uuid" {
        return true;
    }
    let nested = |key: &str| match &schema[key] {
        Value::Array(a) => a.iter().any(|s| has_uuid(s, doc, depth + 1)),
        Value::Object(o) if key == "properties" => o.values().any(|s| has_uuid(s, doc, depth + 1)),
        Value::Object(_) => has_uuid(&schema[key], doc, depth + 1),
        _ => false,
    };
    ["properties", "items", "oneOf", "anyOf", "allOf"]
        .iter()
        .any(|k| nested(k))
}

/// One operation of the document.
pub(crate) struct Operation {
    pub(crate) method: String,
    pub(crate) path: String,
    /// The names of its path parameters, and `(name, required)` of its query parameters.
    pub(crate) path_params: Vec<String>,
    pub(crate) query: Vec<(String, bool)>,
    /// Whether it takes an `If-Match` header (the journal save).
    pub(crate) if_match: bool,
    /// The content type of its body, when it takes one.
    pub(crate) body: Option<String>,
    /// Whether its JSON body's schema holds a uuid.
    pub(crate) body_has_ids: bool,
}

impl Operation {
    pub(crate) fn key(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

pub(crate) fn operations() -> Vec<Operation> {
    let doc = serde_json::to_value(journal_api::openapi()).unwrap();
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if !["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                continue;
            }
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let of = |place: &str| {
                params
                    .iter()
                    .filter(|p| p["in"] == place)
                    .map(|p| {
                        (
                            p["name"].as_str().unwrap().to_owned(),
                            p["required"].as_bool().unwrap_or(false),
                        )
                    })
                    .collect::<Vec<_>>()
            };
            let content = &op["requestBody"]["content"];
            let body = content.as_object().and_then(|c| c.keys().next().cloned());
            let schema = &content["application/json"]["schema"];
            let body_has_ids = schema.is_object() && has_uuid(schema, &doc, 0);
            ops.push(Operation {
                method: method.to_uppercase(),
                path: path.clone(),
                path_params: of("path").into_iter().map(|(n, _)| n).collect(),
                query: of("query"),
                if_match: of("header")
                    .iter()
                    .any(|(n, _)| n.eq_ignore_ascii_case("if-match")),
                body,
                body_has_ids,
            });
        }
    }
    ops
}

/// What a category of foreign ids is, and who calls with it. `ids` are what the requests name;
/// `foreign` the kinds among them that are not the caller's (another teacher's page shares its
/// period and lesson date with the caller's own).
pub(crate) struct Category {
    pub(crate) name: &'static str,
    pub(crate) roles: &'static [&'static str],
    pub(crate) ids: Ids,
    pub(crate) foreign: Vec<&'static str>,
    /// Whether to also call with the caller's own object in the path and the foreign ids in the
    /// body or query only.
    pub(crate) home_variants: bool,
}

/// One request of the matrix.
pub(crate) struct Probe {
    pub(crate) op: String,
    pub(crate) category: &'static str,
    pub(crate) role: &'static str,
    pub(crate) method: String,
    pub(crate) uri: String,
    pub(crate) body: Option<(String, Vec<u8>)>,
    pub(crate) if_match: bool,
    /// A list filtered by a foreign id may answer 200 with nothing in it.
    pub(crate) empty_list_ok: bool,
}

/// The requests for one operation and category, as `(uri, JSON body, whether an empty list is an
/// acceptable answer)`: none when the category has none of the ids the operation takes; an error
/// when the test cannot build one. `home` (the caller's own objects) fills what the category
/// lacks, and the path of the variants that put the foreign ids in the body or the query only.
pub(crate) fn probes(
    op: &Operation,
    cat: &Category,
    home: &Ids,
) -> Result<Vec<(String, Option<Value>, bool)>, String> {
    let mut out = Vec::new();
    let mut kinds = Vec::new();
    for p in &op.path_params {
        kinds.push(
            path_kind(&op.path, p)
                .ok_or_else(|| format!("path parameter `{p}` names no known kind"))?,
        );
    }
    let template = match (&op.body, body_template(&op.key())) {
        (Some(ct), None) if ct == "application/json" && (op.body_has_ids || !kinds.is_empty()) => {
            return Err("no request body template".into());
        }
        (_, t) => t,
    };
    let mut wanted = BTreeSet::new();
    if let Some(t) = &template {
        placeholders(t, &mut wanted);
    }
    let path_with = |ids: &Ids| -> Option<String> {
        let mut path = op.path.clone();
        for (p, k) in op.path_params.iter().zip(&kinds) {
            path = path.replace(&format!("{{{p}}}"), ids.get(k)?);
        }
        Some(path)
    };
    let query_with = |ids: &Ids, only: Option<&str>| -> Result<Option<String>, String> {
        let mut q = Vec::new();
        for (name, required) in &op.query {
            match query_value(name) {
                QueryValue::Id(kind) => {
                    let chosen = only.is_none_or(|o| o == name);
                    match ids.get(kind).filter(|_| chosen) {
                        Some(v) => q.push(format!("{name}={v}")),
                        None if *required => match home.get(kind) {
                            Some(v) => q.push(format!("{name}={v}")),
                            None => return Ok(None),
                        },
                        None => {}
                    }
                }
                QueryValue::Fixed(v) if *required => q.push(format!("{name}={v}")),
                QueryValue::Fixed(_) => {}
                QueryValue::Unknown if *required => {
                    return Err(format!("required query parameter `{name}` has no value"));
                }
                QueryValue::Unknown => {}
            }
        }
        Ok(Some(if q.is_empty() {
            String::new()
        } else {
            format!("?{}", q.join("&"))
        }))
    };
    let mut merged = home.clone();
    merged.extend(cat.ids.iter().map(|(k, v)| (*k, v.clone())));
    let body_of = |ids: &Ids| template.as_ref().and_then(|t| fill(t, ids));

    if !kinds.is_empty() {
        // The foreign object in the path (and the body's ids foreign too, where it has any).
        if let Some(path) = path_with(&cat.ids) {
            if let Some(query) = query_with(&cat.ids, None)? {
                out.push((format!("{path}{query}"), body_of(&merged), false));
            }
        }
        // The caller's own object in the path, the foreign ids in the body.
        let foreign_in_body =
            cat.home_variants && wanted.iter().any(|k| cat.foreign.contains(&k.as_str()));
        if foreign_in_body {
            if let (Some(path), Some(query)) = (path_with(home), query_with(home, Some(""))?) {
                out.push((format!("{path}{query}"), body_of(&merged), false));
            }
        }
        // The caller's own object in the path, a foreign id in a query filter (a filter may
        // answer an empty list).
        for (name, _) in &op.query {
            if let QueryValue::Id(kind) = query_value(name) {
                if cat.home_variants && cat.foreign.contains(&kind) {
                    if let (Some(path), Some(query)) =
                        (path_with(home), query_with(&merged, Some(name))?)
                    {
                        out.push((format!("{path}{query}"), body_of(home), op.method == "GET"));
                    }
                }
            }
        }
    } else {
        // No path ids: each foreign id of the query alone, and the body with the foreign ids.
        for (name, _) in &op.query {
            if let QueryValue::Id(kind) = query_value(name) {
                if cat.foreign.contains(&kind) {
                    if let Some(query) = query_with(&merged, Some(name))? {
                        out.push((
                            format!("{}{query}", op.path),
                            body_of(home),
                            op.method == "GET",
                        ));
                    }
                }
            }
        }
        if wanted.iter().any(|k| cat.foreign.contains(&k.as_str())) {
            if let Some(query) = query_with(home, Some(""))? {
                out.push((format!("{}{query}", op.path), body_of(&merged), false));
            }
        }
    }
    Ok(out)
}

/// Whether a JSON answer lists nothing: every array in it is empty.
pub(crate) fn lists_nothing(v: &Value) -> bool {
    match v {
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(lists_nothing),
        _ => true,
    }
}

pub(crate) async fn send_probe<S, B>(app: &S, token: &str, p: &Probe) -> (StatusCode, Vec<u8>)
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    // A journal save names the page's version: the one the caller reads, so that the refusal
    // comes from who the caller is and what the body names, not from a stale version.
    let etag = if p.if_match {
        let (_, _, _, etag) = send(
            app,
            "GET",
            p.uri.split('?').next().unwrap(),
            Some(token),
            None,
            None,
        )
        .await;
        Some(etag.unwrap_or_else(|| "\"1\"".to_owned()))
    } else {
        None
    };
    let body = p.body.as_ref().map(|(ct, b)| (ct.as_str(), b.clone()));
    let (status, _, bytes, _) =
        send(app, &p.method, &p.uri, Some(token), etag.as_deref(), body).await;
    (status, bytes)
}

pub(crate) fn raw_body(content_type: &str) -> Vec<u8> {
    match content_type {
        "text/csv" => "Тема;1\n".as_bytes().to_vec(),
        _ => b"payload".to_vec(),
    }
}
