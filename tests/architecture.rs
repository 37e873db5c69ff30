//! The dependency rules of ARCHITECTURE.md, enforced: each crate's normal
//! dependencies are read from the workspace's `Cargo.toml` files; no crate
//! may reach a workspace crate its rules forbid, directly or through other
//! workspace crates, nor use a forbidden outside crate directly. Dev-dependencies are exempt: a crate may be *tested*
//! against anything (the `parallel` backend's tests compare it with the
//! reference), but it may not be *built* on it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What each crate must not depend on, by package name, with the reason.
const RULES: &[(&str, &[&str], &str)] = &[
    (
        "conformance-engine",
        &[
            "ndarray",
            "conformance-strategies",
            "array-api",
            "array-api-reference",
            "array-api-checks",
            "example-host",
        ],
        "the engine runs checks of any host; it knows no arrays",
    ),
    (
        "conformance-strategies",
        &[
            "conformance-engine",
            "array-api",
            "array-api-reference",
            "array-api-checks",
        ],
        "the strategies draw and compare arrays for any host and any runner",
    ),
    (
        "array-api",
        &[
            "array-api-reference",
            "array-api-checks",
            "parallel-backend",
            "example-host",
            "rayon",
        ],
        "the API table and the standard's rules implement no function",
    ),
    (
        "array-api-reference",
        &[
            "array-api-checks",
            "parallel-backend",
            "example-host",
            "rayon",
            "proptest",
        ],
        "the reference is plain sequential code that knows no checks",
    ),
    (
        "array-api-checks",
        &["parallel-backend", "example-host"],
        "the published checks know no particular backend",
    ),
    (
        "parallel-backend",
        &["array-api-reference", "array-api-checks", "example-host"],
        "a second implementation built on the reference would check a copy against its original",
    ),
    (
        "backend-example",
        &["array-api-reference", "example-host", "parallel-backend"],
        "a third-party backend is built on the published API only",
    ),
    (
        "libm-backend",
        &[
            "array-api-reference",
            "array-api-checks",
            "example-host",
            "parallel-backend",
        ],
        "a backend over a real crate is built on the published API and that crate only",
    ),
    (
        "ndarray-backend",
        &[
            "array-api-reference",
            "array-api-checks",
            "example-host",
            "parallel-backend",
        ],
        "a backend over a real crate is built on the published API and that crate only",
    ),
    (
        "nalgebra-backend",
        &[
            "array-api-reference",
            "array-api-checks",
            "example-host",
            "parallel-backend",
        ],
        "a backend over a real crate is built on the published API and that crate only",
    ),
    (
        "rustfft-backend",
        &[
            "array-api-reference",
            "array-api-checks",
            "example-host",
            "parallel-backend",
        ],
        "a backend over a real crate is built on the published API and that crate only",
    ),
];

/// The workspace's members, from the root manifest.
fn members(root: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(root.join("Cargo.toml")).expect("the root manifest");
    let start = text.find("members = [").expect("a members list");
    let end = start + text[start..].find(']').expect("the list's end");
    text[start..end]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// A manifest's package name and the names in its `[dependencies]` table.
fn package_and_dependencies(manifest: &str) -> (String, BTreeSet<String>) {
    let mut name = None;
    let mut deps = BTreeSet::new();
    let mut section = "";
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line;
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim();
        match section {
            "[package]" if key == "name" => name = Some(value.trim().trim_matches('"').to_string()),
            "[dependencies]" => {
                deps.insert(key.split('.').next().unwrap_or(key).to_string());
            }
            _ => {}
        }
    }
    (name.expect("a package name"), deps)
}

/// Package name -> its normal dependencies, for every workspace member.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut graph: BTreeMap<_, _> = members(root)
        .iter()
        .map(|m| {
            let text = std::fs::read_to_string(root.join(m).join("Cargo.toml"))
                .unwrap_or_else(|e| panic!("{m}/Cargo.toml: {e}"));
            package_and_dependencies(&text)
        })
        .collect();
    let (root_name, root_deps) =
        package_and_dependencies(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap());
    graph.insert(root_name, root_deps);
    graph
}

/// Everything `package` depends on, through workspace crates.
fn reach(graph: &BTreeMap<String, BTreeSet<String>>, package: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![package.to_string()];
    while let Some(p) = todo.pop() {
        for d in graph.get(&p).into_iter().flatten() {
            if seen.insert(d.clone()) {
                todo.push(d.clone());
            }
        }
    }
    seen
}

#[test]
fn every_crate_keeps_its_dependency_rules() {
    let graph = graph();
    let mut broken = Vec::new();
    for (package, forbidden, why) in RULES {
        assert!(
            graph.contains_key(*package),
            "no workspace crate `{package}`"
        );
        let reached = reach(&graph, package);
        let direct = &graph[*package];
        for f in *forbidden {
            // A workspace crate may not be reached at all; an outside crate
            // may not be used directly (the engine itself uses rayon and
            // proptest, and every host depends on the engine).
            let found = if graph.contains_key(*f) {
                reached.contains(*f)
            } else {
                direct.contains(*f)
            };
            if found {
                broken.push(format!("{package} depends on {f}: {why}"));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn the_rules_can_fail() {
    // The reader sees a forbidden dependency when there is one.
    let (name, deps) = package_and_dependencies(
        "[package]\nname = \"x\"\n\n[dependencies]\nndarray.workspace = true\nrayon = \"1\"\n\n[dev-dependencies]\nproptest = \"1\"\n",
    );
    assert_eq!(name, "x");
    assert_eq!(
        deps.into_iter().collect::<Vec<_>>(),
        vec!["ndarray", "rayon"]
    );
    // And the graph is walked through workspace crates.
    let graph = graph();
    assert!(reach(&graph, "example-host").contains("ndarray"));
    assert!(reach(&graph, "array-api-checks").contains("array-api-reference"));
}
