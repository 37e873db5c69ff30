//! The stated toolchain is the true one: every crate of the workspace
//! declares the workspace's `rust-version`, and it is the newest that any
//! locked dependency needs (so the README's "Rust 1.89 or newer" holds:
//! older compilers would fail on a dependency, newer ones are not needed).

use std::process::Command;

/// `1.89` and `1.89.0` alike: major, minor, patch.
fn version(text: &str) -> [u32; 3] {
    let mut parts = text.split('.').map(|p| p.parse().unwrap_or(0));
    [0; 3].map(|_| parts.next().unwrap_or(0))
}

/// The triple rustc builds for by default (`host: x86_64-unknown-linux-gnu`).
fn host_triple() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let out = Command::new(rustc)
        .arg("-vV")
        .output()
        .expect("rustc -vV runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .expect("rustc -vV names its host")
        .to_string()
}

#[test]
fn every_crate_declares_the_oldest_rust_the_locked_dependencies_build_with() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let out = Command::new(cargo)
        // The host's platform only: a clean checkout has not downloaded
        // the other platforms' dependencies (windows-sys...), and offline
        // metadata of every platform would need them.
        .args(["metadata", "--format-version", "1", "--offline", "--locked"])
        .args(["--filter-platform", &host_triple()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let members: Vec<&str> = doc["workspace_members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    let mut declared = Vec::new();
    let mut needed = ([0; 3], String::new());
    for package in doc["packages"].as_array().unwrap() {
        let name = package["name"].as_str().unwrap();
        let rust = package["rust_version"].as_str();
        if members.contains(&package["id"].as_str().unwrap()) {
            declared.push((name.to_string(), rust.map(str::to_string)));
        } else if let Some(r) = rust {
            if version(r) > needed.0 {
                needed = (version(r), format!("{name} {r}"));
            }
        }
    }
    assert_eq!(declared.len(), members.len());
    for (name, rust) in &declared {
        let rust = rust
            .as_deref()
            .unwrap_or_else(|| panic!("{name} declares no rust-version"));
        assert_eq!(
            version(rust),
            needed.0,
            "{name} declares rust-version {rust}, but the newest a locked dependency needs is {}",
            needed.1
        );
    }
}
