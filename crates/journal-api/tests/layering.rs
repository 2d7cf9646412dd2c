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
        // A route module is a file, or a folder whose files are its parts: a part may use its
        // folder's module (`super::`), the folder's `mod.rs` no other module.
        let files = if path.is_dir() {
            sources(&path)
        } else {
            vec![path.clone()]
        };
        for file in files {
            let part = file.parent() != Some(dir.as_path()) && !file.ends_with("mod.rs");
            let code = code_of(&file);
            let shown = file.strip_prefix(&dir).unwrap().display().to_string();
            for (n, line) in code.lines().enumerate() {
                let reaches = if part {
                    line.contains("super::super") || line.contains("crate::routes")
                } else {
                    line.contains("super::") || line.contains("crate::routes")
                };
                if reaches {
                    found.push(format!("routes/{shown}:{}: {}", n + 1, line.trim()));
                }
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
