//! The API crate's layering (issue 11): a route module answers its own routes and reaches what
//! others share through `services` (or `input`, `auth`, `error`…), never through another route
//! module, so a route can change without moving its neighbours.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

/// The code of a source file without its `#[cfg(test)]` module (tests may `use super::*`).
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

#[test]
fn no_route_module_reaches_into_another() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes");
    let mut modules = Vec::new();
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name == "mod" {
            continue;
        }
        modules.push(name.clone());
        let code = code_of(&path);
        for (n, line) in code.lines().enumerate() {
            if line.contains("super::") || line.contains("crate::routes") {
                found.push(format!("routes/{name}.rs:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        modules.len() > 10,
        "the route modules were read: {modules:?}"
    );
    assert!(
        found.is_empty(),
        "route modules reach into others:\n{}",
        found.join("\n")
    );
}

/// Every `.rs` file under `dir`, in its subfolders too.
fn sources(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

#[test]
fn services_do_not_depend_on_routes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/services");
    let mut read = 0;
    for path in sources(&dir) {
        read += 1;
        let code = code_of(&path);
        assert!(
            !code.contains("crate::routes"),
            "{} uses a route module",
            path.display()
        );
    }
    assert!(read > 3);
}
