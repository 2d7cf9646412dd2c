//! Checks an answer against the schemas of the 1EdTech OneRoster 1.2 definitions vendored in
//! `openapi/oneroster/` (R-E3). Shared by the API's and the server's tests.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use serde_json::Value;

/// Check `value` against a schema of the 1EdTech definitions: `$ref`, `type`,
/// `properties`, `required`, `additionalProperties: false`, `enum`, `items`, `anyOf`, `pattern`
/// (as a prefix check) and the `date`/`date-time` formats.
fn conforms(defs: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.trim_start_matches("#/components/schemas/");
        return conforms(defs, &defs[name], value, at);
    }
    if let Some(any) = schema["anyOf"].as_array() {
        return if any.iter().any(|s| conforms(defs, s, value, at).is_ok()) {
            Ok(())
        } else {
            Err(format!("{at}: {value} matches none of anyOf"))
        };
    }
    if let Some(options) = schema["enum"].as_array() {
        if !options.contains(value) {
            return Err(format!("{at}: {value} not in {options:?}"));
        }
    }
    if let Some(p) = schema["pattern"].as_str() {
        let prefix = p.trim_start_matches('(').split(')').next().unwrap_or("");
        if !value.as_str().unwrap_or("").starts_with(prefix) {
            return Err(format!("{at}: {value} does not match {p}"));
        }
    }
    match schema["type"].as_str() {
        Some("object") => {
            let obj = value.as_object().ok_or(format!("{at}: not an object"))?;
            let props = schema["properties"]
                .as_object()
                .cloned()
                .unwrap_or_default();
            for req in schema["required"].as_array().cloned().unwrap_or_default() {
                let req = req.as_str().unwrap_or_default();
                if !obj.contains_key(req) {
                    return Err(format!("{at}: {req} is required"));
                }
            }
            for (k, v) in obj {
                match props.get(k) {
                    Some(s) => conforms(defs, s, v, &format!("{at}.{k}"))?,
                    None if schema["additionalProperties"] == false => {
                        return Err(format!("{at}: {k} is not allowed"))
                    }
                    None => {}
                }
            }
        }
        Some("array") => {
            for (i, v) in value
                .as_array()
                .ok_or(format!("{at}: not an array"))?
                .iter()
                .enumerate()
            {
                conforms(defs, &schema["items"], v, &format!("{at}[{i}]"))?;
            }
        }
        Some("string") => {
            let s = value.as_str().ok_or(format!("{at}: not a string"))?;
            match schema["format"].as_str() {
                Some("date") if chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_err() => {
                    return Err(format!("{at}: {s} is not a date"))
                }
                Some("date-time") if chrono::DateTime::parse_from_rfc3339(s).is_err() => {
                    return Err(format!("{at}: {s} is not a date-time"))
                }
                _ => {}
            }
        }
        Some("integer") if !value.is_i64() => return Err(format!("{at}: not an integer")),
        _ => {}
    }
    Ok(())
}

/// The schema named `name` of the 1EdTech definitions (rostering, else gradebook) holds for
/// `value`.
pub fn assert_schema(name: &str, value: &Value) {
    for file in ["rostersservice", "gradebookservice"] {
        let path = format!(
            "{}/../../openapi/oneroster/onerosterv1p2{file}_openapi3_v1p0.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let defs = &doc["components"]["schemas"];
        if defs.get(name).is_some() {
            if let Err(e) = conforms(defs, &defs[name], value, name) {
                panic!("{e}\n{value:#}");
            }
            return;
        }
    }
    panic!("no schema {name} in the 1EdTech definitions");
}
