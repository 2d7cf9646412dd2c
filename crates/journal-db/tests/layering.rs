//! The storage crate's modules depend on each other in one direction only (issue 11): no module
//! reaches, directly or through others, back into itself. A circle is where a rule hides between
//! two tables' modules; what spans several (the year rollover) is a module of its own on top.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The modules each source file of the crate names through `crate::…`, comments left out.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules = BTreeSet::new();
    let mut texts = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let code: String = std::fs::read_to_string(&path)
                .unwrap()
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            modules.insert(name.clone());
            texts.insert(name, code);
        }
    }
    let mut graph = BTreeMap::new();
    for (name, code) in &texts {
        let mut deps = BTreeSet::new();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            // `crate::a::…`, or `crate::{a, b::c}`.
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(list) => list
                    .split('}')
                    .next()
                    .unwrap_or("")
                    .split(',')
                    .map(|p| p.trim().split("::").next().unwrap_or(""))
                    .collect(),
                None => vec![rest
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or("")],
            };
            for n in names {
                if n != name && modules.contains(n) {
                    deps.insert(n.to_owned());
                }
            }
        }
        graph.insert(name.clone(), deps);
    }
    graph
}

#[test]
fn the_storage_modules_form_no_circle() {
    let graph = graph();
    assert!(
        graph.len() > 20,
        "the modules were read: {:?}",
        graph.keys()
    );
    assert!(
        graph["bulk"].contains("journal") && graph["journal"].contains("timetable"),
        "the references were read: {graph:?}"
    );
    // Depth-first search for a path from a module back to itself.
    fn reaches(
        graph: &BTreeMap<String, BTreeSet<String>>,
        from: &str,
        target: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in graph.get(from).into_iter().flatten() {
            path.push(next.clone());
            if next == target
                || (seen.insert(next.clone()) && reaches(graph, next, target, path, seen))
            {
                return true;
            }
            path.pop();
        }
        false
    }
    for module in graph.keys() {
        let mut path = vec![module.clone()];
        let found = reaches(&graph, module, module, &mut path, &mut BTreeSet::new());
        assert!(!found, "an import circle: {}", path.join(" → "));
    }
}
