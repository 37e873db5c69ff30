//! The README's backend-author walkthrough, kept true: its four files are
//! taken from the README (each code block after a `<!-- walkthrough: PATH
//! -->` line) and written as a fresh crate under the target directory, with
//! its `../conformance/` paths pointing at this repository and this
//! repository's `Cargo.lock` (so it builds offline with the same versions).
//! `.ci/walkthrough` then builds that crate, runs its tests both ways and
//! runs its command line; `src/lib.rs` is also compiled and run here as
//! `backend-example`'s doc test of the README.

use std::path::{Path, PathBuf};

const MARKER: &str = "<!-- walkthrough: ";

/// The files of the walkthrough, in README order: (path, text).
fn walkthrough_files(readme: &str) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut rest = readme;
    while let Some(at) = rest.find(MARKER) {
        rest = &rest[at + MARKER.len()..];
        let end = rest.find(" -->").expect("a marker ends with -->");
        let path = rest[..end].to_string();
        rest = &rest[end..];
        let fence = rest.find("```").expect("a code block after the marker");
        let body_start = fence + rest[fence..].find('\n').expect("a fence line") + 1;
        let body_end = body_start + rest[body_start..].find("\n```").expect("a closing fence");
        files.push((path, rest[body_start..body_end].to_string() + "\n"));
        rest = &rest[body_end..];
    }
    files
}

/// Where the crate is written: `.ci/walkthrough` builds it there.
fn crate_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("walkthrough")
        .join("mybackend")
}

#[test]
fn the_readme_walkthrough_is_a_crate_of_four_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let files = walkthrough_files(&readme);
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Cargo.toml",
            "src/lib.rs",
            "tests/conformance.rs",
            "examples/conformance.rs"
        ]
    );
    let dir = crate_dir();
    let _ = std::fs::remove_dir_all(&dir);
    let repo = format!("{}/", root.display());
    for (path, text) in &files {
        let mut text = text.replace("../conformance/", &repo);
        if path == "Cargo.toml" {
            // Every `path = "../conformance/X"` names a crate of this
            // repository with that package name.
            for line in text.lines().filter(|l| l.contains("path = ")) {
                let name = line.split('=').next().unwrap().trim();
                let dep = line.split('"').nth(1).unwrap();
                let manifest = std::fs::read_to_string(Path::new(dep).join("Cargo.toml"))
                    .unwrap_or_else(|e| panic!("{dep}: {e}"));
                assert!(
                    manifest.contains(&format!("name = \"{name}\"")),
                    "{dep} is not the package {name}"
                );
            }
            // Its own workspace, although it is written inside this one.
            text.push_str("\n[workspace]\n");
        }
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, text).unwrap();
    }
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}
